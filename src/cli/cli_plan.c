#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_internal.h"
#include "cli/cli_text.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/value.h"
#include "core/xalloc.h"
#include "encode/encode.h"

/* Rows generated per table to measure its size; a table with at most this
 * many is measured whole. */
#define SAMPLE_ROWS 1000

struct estimate {
    uint64_t bytes; /* COPY text of every row, estimated or exact */
    bool exact;
};

/* The COPY text size of t's rows, from SAMPLE_ROWS rows spread evenly over
 * the table (so rising keys and times are sampled across their range), or
 * from every row of a small table. */
static struct estimate
estimate_table(const struct plan_table *t, struct arena *arena,
               struct value *values, struct buf *line)
{
    struct estimate result = {.exact = t->row_count <= SAMPLE_ROWS};
    uint64_t samples = result.exact ? t->row_count : SAMPLE_ROWS;
    uint64_t bytes = 0;
    for (uint64_t i = 0; i < samples; i++) {
        uint64_t row = result.exact
                           ? i
                           : (uint64_t)((double)i * (double)t->row_count /
                                        (double)samples);
        plan_generate_row(t, row, arena, values);
        buf_reset(line);
        encode_copy_row(line, values, t->column_count);
        bytes += line->len;
        arena_reset(arena);
    }
    if (result.exact)
        result.bytes = bytes;
    else
        result.bytes = (uint64_t)((double)bytes / (double)samples *
                                      (double)t->row_count +
                                  0.5);
    return result;
}

/* "812 B", "98.3 kB", "2.1 MB" (powers of 1000, as the README's sizes). */
static const char *
format_size(uint64_t bytes, bool exact, char *buffer, size_t size)
{
    static const char *const units[] = {"kB", "MB", "GB", "TB", "PB"};
    const char *approx = exact ? "" : "~";
    if (bytes < 1000) {
        snprintf(buffer, size, "%s%llu B", approx, (unsigned long long)bytes);
        return buffer;
    }
    double value = (double)bytes / 1000.0;
    size_t unit = 0;
    while (value >= 999.95 && unit + 1 < sizeof(units) / sizeof(units[0])) {
        value /= 1000.0;
        unit++;
    }
    snprintf(buffer, size, "~%.1f %s", value, units[unit]);
    if (exact)
        memmove(buffer, buffer + 1, strlen(buffer));
    return buffer;
}

static void
print_plan(const struct cli_prepared *prepared)
{
    const struct plan *plan = &prepared->plan;
    size_t widest = 1;
    uint64_t total_rows = 0;
    for (size_t i = 0; i < plan->table_count; i++) {
        if (plan->tables[i].column_count > widest)
            widest = plan->tables[i].column_count;
        total_rows += plan->tables[i].row_count;
    }
    char rows_text[32], size_text[32], per_row[32], index[24];
    printf("%s: %zu table%s, %s row%s (seed %llu, locale %s)\n\n",
           prepared->schema.source, plan->table_count,
           plan->table_count == 1 ? "" : "s",
           cli_format_count(total_rows, rows_text, sizeof(rows_text)),
           total_rows == 1 ? "" : "s", (unsigned long long)plan->seed,
           plan->locale);
    struct cli_table table;
    cli_table_init(&table, 5);
    cli_table_align_right(&table, 0, true);
    cli_table_align_right(&table, 2, true);
    cli_table_align_right(&table, 3, true);
    cli_table_align_right(&table, 4, true);
    cli_table_add_str(&table, "#");
    cli_table_add_str(&table, "TABLE");
    cli_table_add_str(&table, "ROWS");
    cli_table_add_str(&table, "COPY DATA");
    cli_table_add_str(&table, "PER ROW");
    struct value *values = xcalloc(widest, sizeof(*values));
    struct arena arena;
    arena_init(&arena, 64 * 1024);
    struct buf line;
    buf_init(&line, 1024);
    uint64_t total_bytes = 0;
    bool all_exact = true;
    for (size_t i = 0; i < plan->table_count; i++) {
        const struct plan_table *t = &plan->tables[i];
        struct estimate e = estimate_table(t, &arena, values, &line);
        total_bytes += e.bytes;
        all_exact = all_exact && e.exact;
        snprintf(index, sizeof(index), "%zu", i + 1);
        cli_table_add_str(&table, index);
        cli_table_add_str(&table, t->table->name);
        cli_table_add_str(&table, cli_format_count(t->row_count, rows_text,
                                                   sizeof(rows_text)));
        cli_table_add_str(&table, format_size(e.bytes, e.exact, size_text,
                                              sizeof(size_text)));
        if (t->row_count > 0)
            snprintf(per_row, sizeof(per_row), "%llu B",
                     (unsigned long long)((e.bytes + t->row_count / 2) /
                                          t->row_count));
        else
            snprintf(per_row, sizeof(per_row), "-");
        cli_table_add_str(&table, per_row);
    }
    cli_table_add_str(&table, "");
    cli_table_add_str(&table, "total");
    cli_table_add_str(&table,
                      cli_format_count(total_rows, rows_text, sizeof(rows_text)));
    cli_table_add_str(&table, format_size(total_bytes, all_exact, size_text,
                                          sizeof(size_text)));
    cli_table_add_str(&table, "");
    cli_table_print(&table, false, "", stdout);
    cli_table_release(&table);
    buf_release(&line);
    arena_release(&arena);
    free(values);
    printf("\nCOPY DATA: the rows as COPY text, without the schema "
           "statements;\n~: estimated from %d rows spread over the table\n",
           SAMPLE_ROWS);
    const struct diag_list *diags = &prepared->diags;
    if (diags->warning_count == 0) {
        printf("\nwarnings: none\n");
        return;
    }
    printf("\nwarnings:\n");
    for (size_t i = 0; i < diags->count; i++) {
        const struct diag *d = &diags->items[i];
        if (d->severity != DIAG_WARNING)
            continue;
        printf("  %s%s%s", d->path ? d->path : "", d->path ? ": " : "",
               d->message);
        if (d->hint)
            printf(" (%s)", d->hint);
        putchar('\n');
    }
}

int
cli_plan_run(int argc, char **argv)
{
    struct cli_options options;
    int status = cli_start_command(argc, argv, CLI_PLAN, "plan", &options);
    if (status >= 0)
        return status;
    struct cli_prepared prepared;
    status = cli_prepare(&options, &prepared, true);
    if (status == 0) {
        print_plan(&prepared);
        status = cli_finish_stdout();
    }
    cli_prepared_release(&prepared);
    cli_options_release(&options);
    return status;
}
