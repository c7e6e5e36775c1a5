#include "cli/cli_text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

struct range {
    unsigned long first, last;
};

/* Combining marks and format characters that take no column. */
static const struct range zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},
    {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E},
    {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D}, {0x3099, 0x309A},
    {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

/* East Asian Wide and Fullwidth blocks, and the common emoji blocks. */
static const struct range wide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},
    {0x23E9, 0x23EC},   {0x23F0, 0x23F0},   {0x23F3, 0x23F3},
    {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},
    {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},
    {0x26C4, 0x26C5},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},
    {0x26F2, 0x26F5},   {0x26FA, 0x26FD},   {0x2705, 0x2705},
    {0x270A, 0x270B},   {0x2728, 0x2728},   {0x274C, 0x274C},
    {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
    {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},
    {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},
    {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
    {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004},
    {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
    {0x1F200, 0x1F251}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF},
    {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD},
    {0x30000, 0x3FFFD},
};

static bool
in_ranges(unsigned long c, const struct range *ranges, size_t count)
{
    size_t low = 0, high = count;
    while (low < high) {
        size_t mid = (low + high) / 2;
        if (c < ranges[mid].first)
            high = mid;
        else if (c > ranges[mid].last)
            low = mid + 1;
        else
            return true;
    }
    return false;
}

int
cli_text_char_width(unsigned long c)
{
    if (c < 0x300)
        return 1;
    if (in_ranges(c, zero_width, sizeof(zero_width) / sizeof(zero_width[0])))
        return 0;
    if (in_ranges(c, wide, sizeof(wide) / sizeof(wide[0])))
        return 2;
    return 1;
}

size_t
cli_text_decode(const char *text, size_t length, unsigned long *code_point)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned char b = s[0];
    size_t need;
    unsigned long c, min;
    if (b < 0x80) {
        *code_point = b;
        return 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
        need = 2, c = b & 0x1F, min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 3, c = b & 0x0F, min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 4, c = b & 0x07, min = 0x10000;
    } else {
        *code_point = b;
        return 1;
    }
    if (length < need) {
        *code_point = b;
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *code_point = b;
            return 1;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *code_point = b;
        return 1;
    }
    *code_point = c;
    return need;
}

size_t
cli_text_width(const char *text, size_t length)
{
    size_t width = 0;
    for (size_t i = 0; i < length;) {
        unsigned long c;
        size_t n = cli_text_decode(text + i, length - i, &c);
        width += n == 1 && c >= 0x80 ? 1 : (size_t)cli_text_char_width(c);
        i += n;
    }
    return width;
}

/* The visible form of the character at text: itself, or an escape for a
 * control character (\n, \t, \r, \xHH, \u00HH for C1) or a byte that is
 * not UTF-8 (\xHH). Returns the bytes of text it stands for. */
static size_t
visible(const char *text, size_t length, char *out, size_t *out_length,
        size_t *width)
{
    unsigned long c;
    size_t n = cli_text_decode(text, length, &c);
    bool invalid = n == 1 && c >= 0x80;
    if (c == '\n' || c == '\t' || c == '\r') {
        *out_length = (size_t)snprintf(out, 8, "\\%c",
                                       c == '\n'   ? 'n'
                                       : c == '\t' ? 't'
                                                   : 'r');
    } else if (invalid || c < 0x20 || c == 0x7F) {
        *out_length = (size_t)snprintf(out, 8, "\\x%02lx", c);
    } else if (c >= 0x80 && c < 0xA0) {
        *out_length = (size_t)snprintf(out, 8, "\\u%04lx", c);
    } else {
        memcpy(out, text, n);
        *out_length = n;
        *width = (size_t)cli_text_char_width(c);
        return n;
    }
    *width = *out_length;
    return n;
}

void
cli_text_cell(struct buf *out, const char *text, size_t length,
              size_t max_width)
{
    size_t total = 0;
    char piece[8];
    size_t piece_length, piece_width;
    for (size_t i = 0; i < length;) {
        i += visible(text + i, length - i, piece, &piece_length, &piece_width);
        total += piece_width;
    }
    if (max_width == 0 || total <= max_width) {
        for (size_t i = 0; i < length;) {
            i += visible(text + i, length - i, piece, &piece_length,
                         &piece_width);
            buf_append(out, piece, piece_length);
        }
        return;
    }
    size_t used = 0;
    for (size_t i = 0; i < length;) {
        i += visible(text + i, length - i, piece, &piece_length, &piece_width);
        if (used + piece_width > max_width - 1)
            break;
        buf_append(out, piece, piece_length);
        used += piece_width;
    }
    buf_puts(out, "\xE2\x80\xA6"); /* … */
}

void
cli_table_init(struct cli_table *table, size_t column_count)
{
    memset(table, 0, sizeof(*table));
    table->column_count = column_count ? column_count : 1;
    table->right = xcalloc(table->column_count, sizeof(*table->right));
}

void
cli_table_release(struct cli_table *table)
{
    for (size_t i = 0; i < table->cell_count; i++)
        buf_release(&table->cells[i]);
    free(table->cells);
    free(table->right);
    memset(table, 0, sizeof(*table));
}

void
cli_table_align_right(struct cli_table *table, size_t column, bool right)
{
    if (column < table->column_count)
        table->right[column] = right;
}

void
cli_table_add(struct cli_table *table, const char *text, size_t length)
{
    if (table->cell_count == table->capacity) {
        table->capacity = table->capacity ? table->capacity * 2 : 64;
        table->cells =
            xrealloc(table->cells, table->capacity * sizeof(*table->cells));
    }
    struct buf *cell = &table->cells[table->cell_count++];
    buf_init(cell, length + 1);
    buf_append(cell, text, length);
}

void
cli_table_add_str(struct cli_table *table, const char *text)
{
    cli_table_add(table, text, strlen(text));
}

/* Writes line without its trailing spaces (an empty or short last cell
 * would leave some). */
static void
put_line(struct buf *line, FILE *out)
{
    while (line->len > 0 && line->data[line->len - 1] == ' ')
        line->len--;
    fwrite(line->data, 1, line->len, out);
    fputc('\n', out);
    buf_reset(line);
}

static void
spaces(struct buf *line, size_t count)
{
    for (size_t i = 0; i < count; i++)
        buf_putc(line, ' ');
}

void
cli_table_print(const struct cli_table *table, bool boxed, const char *indent,
                FILE *out)
{
    size_t columns = table->column_count;
    size_t rows = (table->cell_count + columns - 1) / columns;
    size_t *widths = xcalloc(columns, sizeof(*widths));
    for (size_t i = 0; i < table->cell_count; i++) {
        size_t w = cli_text_width(table->cells[i].data, table->cells[i].len);
        if (w > widths[i % columns])
            widths[i % columns] = w;
    }
    struct buf line;
    buf_init(&line, 256);
    for (size_t r = 0; r < rows; r++) {
        buf_puts(&line, indent);
        for (size_t c = 0; c < columns; c++) {
            size_t index = r * columns + c;
            const struct buf *cell =
                index < table->cell_count ? &table->cells[index] : NULL;
            const char *text = cell ? cell->data : "";
            size_t length = cell ? cell->len : 0;
            size_t pad = widths[c] - cli_text_width(text, length);
            if (c > 0)
                buf_puts(&line, boxed ? " | " : "  ");
            else if (boxed)
                buf_putc(&line, ' ');
            if (table->right[c])
                spaces(&line, pad);
            buf_append(&line, text, length);
            if (!table->right[c])
                spaces(&line, pad);
        }
        put_line(&line, out);
        if (r == 0 && boxed) {
            buf_puts(&line, indent);
            for (size_t c = 0; c < columns; c++) {
                if (c > 0)
                    buf_putc(&line, '+');
                size_t dashes = widths[c] + (c + 1 == columns ? 1 : 2);
                for (size_t d = 0; d < dashes; d++)
                    buf_putc(&line, '-');
            }
            put_line(&line, out);
        }
    }
    buf_release(&line);
    free(widths);
}
