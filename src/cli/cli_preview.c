#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_internal.h"
#include "cli/cli_text.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/strutil.h"
#include "core/value.h"
#include "core/xalloc.h"

/* Numbers are right-aligned, as psql shows them. */
static bool
numeric_column(const struct pg_type *type)
{
    if (type->array_dims > 0)
        return false;
    enum pg_base base = type->base;
    if (base == PG_DOMAIN && type->custom)
        return numeric_column(&type->custom->base_type);
    return base == PG_SMALLINT || base == PG_INTEGER || base == PG_BIGINT ||
           base == PG_NUMERIC || base == PG_REAL || base == PG_DOUBLE;
}

static void
preview_table(const struct plan_table *t, const struct cli_options *options,
              struct arena *arena, struct value *values)
{
    uint64_t rows = t->row_count < options->limit ? t->row_count
                                                  : options->limit;
    char count[32];
    printf("%s: %s row%s", t->table->name,
           cli_format_count(t->row_count, count, sizeof(count)),
           t->row_count == 1 ? "" : "s");
    if (rows < t->row_count)
        printf(", the first %llu", (unsigned long long)rows);
    putchar('\n');
    struct cli_table table;
    cli_table_init(&table, t->column_count);
    struct buf text, cell;
    buf_init(&text, 256);
    buf_init(&cell, 256);
    for (size_t c = 0; c < t->column_count; c++) {
        const struct column *column = t->columns[c].column;
        cli_table_align_right(&table, c, numeric_column(&column->type));
        buf_reset(&cell);
        cli_text_cell(&cell, column->name, strlen(column->name),
                      options->width);
        cli_table_add(&table, cell.data, cell.len);
    }
    for (uint64_t row = 0; row < rows; row++) {
        plan_generate_row(t, row, arena, values);
        for (size_t c = 0; c < t->column_count; c++) {
            if (values[c].kind == VALUE_NULL) {
                cli_table_add_str(&table, "NULL");
                continue;
            }
            buf_reset(&text);
            value_format(&values[c], &text);
            buf_reset(&cell);
            cli_text_cell(&cell, text.data, text.len, options->width);
            cli_table_add(&table, cell.data, cell.len);
        }
        arena_reset(arena);
    }
    cli_table_print(&table, true, "", stdout);
    cli_table_release(&table);
    buf_release(&text);
    buf_release(&cell);
}

int
cli_preview_run(int argc, char **argv)
{
    struct cli_options options;
    int status =
        cli_start_command(argc, argv, CLI_PREVIEW, "preview", &options);
    if (status >= 0)
        return status;
    struct cli_prepared prepared;
    status = cli_prepare(&options, &prepared, false);
    const struct plan *plan = &prepared.plan;
    const struct plan_table *only = NULL;
    if (status == 0 && options.table) {
        only = plan_find_table(plan, options.table);
        if (only == NULL) {
            const char **names =
                xcalloc(plan->table_count + 1, sizeof(*names));
            for (size_t i = 0; i < plan->table_count; i++)
                names[i] = plan->tables[i].table->name;
            const char *near =
                str_closest(options.table, names, plan->table_count);
            fprintf(stderr, "datagen: error: --table: unknown table \"%s\"\n",
                    options.table);
            if (near)
                fprintf(stderr, "hint: did you mean \"%s\"?\n", near);
            else if (options.tables)
                fprintf(stderr, "hint: it is not among the tables --tables "
                                "selects\n");
            else
                fprintf(stderr, "hint: datagen plan lists the tables\n");
            free(names);
            status = 2;
        }
    }
    if (status == 0) {
        size_t widest = 1;
        for (size_t i = 0; i < plan->table_count; i++)
            if (plan->tables[i].column_count > widest)
                widest = plan->tables[i].column_count;
        struct value *values = xcalloc(widest, sizeof(*values));
        struct arena arena;
        arena_init(&arena, 64 * 1024);
        bool first = true;
        for (size_t i = 0; i < plan->table_count; i++) {
            const struct plan_table *t = &plan->tables[i];
            if (only && t != only)
                continue;
            if (!first)
                putchar('\n');
            first = false;
            preview_table(t, &options, &arena, values);
        }
        arena_release(&arena);
        free(values);
        status = cli_finish_stdout();
    }
    cli_prepared_release(&prepared);
    cli_options_release(&options);
    return status;
}
