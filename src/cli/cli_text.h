/*
 * cli_text: widths of UTF-8 text in terminal columns and aligned text
 * tables, for `preview`, `plan` and `templates`. Widths are computed here,
 * not by the C library, so they never depend on the process locale or the
 * terminal: East Asian wide and fullwidth characters count two columns,
 * combining marks and zero-width characters none, everything else one; a
 * byte that does not start valid UTF-8 counts one column.
 * Thread-safety: pure, apart from the table's own buffers.
 */
#ifndef DG_CLI_CLI_TEXT_H
#define DG_CLI_CLI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"

/* Columns a code point takes: 0, 1 or 2. */
int cli_text_char_width(unsigned long code_point);

/* Decodes one UTF-8 sequence at text (length bytes available); returns its
 * length (1 for an invalid byte, whose *code_point is then the byte). */
size_t cli_text_decode(const char *text, size_t length,
                       unsigned long *code_point);

/* Columns text[0..length) takes. */
size_t cli_text_width(const char *text, size_t length);

/* Appends text to out for one table cell: control characters written as
 * \n, \t, \r or \xHH so that a cell stays on one line, and cut to at most
 * max_width columns with "…" as the last column when it is wider
 * (max_width 0: no limit). */
void cli_text_cell(struct buf *out, const char *text, size_t length,
                   size_t max_width);

/* An aligned text table: cells are added row by row, then printed with
 * columns separated by " | " (or two spaces without separators), a rule
 * under the header, each column padded to its widest cell; no line ends
 * in spaces. */
struct cli_table {
    size_t column_count;
    bool *right;       /* right-align this column */
    struct buf *cells; /* row-major, header first */
    size_t cell_count;
    size_t capacity;
};

void cli_table_init(struct cli_table *table, size_t column_count);
void cli_table_release(struct cli_table *table);
void cli_table_align_right(struct cli_table *table, size_t column,
                           bool right);
/* Adds the next cell (rows fill left to right, the first row is the
 * header); text is copied as is. */
void cli_table_add(struct cli_table *table, const char *text, size_t length);
void cli_table_add_str(struct cli_table *table, const char *text);

/* psql style (" a | b ", "---+---") when boxed, else columns separated by
 * two spaces with no rule; each line starts with indent. */
void cli_table_print(const struct cli_table *table, bool boxed,
                     const char *indent, FILE *out);

#endif
