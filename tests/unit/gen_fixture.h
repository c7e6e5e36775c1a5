/*
 * A one-column generator fixture for unit tests: compile a kind for a
 * column of a given type and config, then draw rows as text.
 */
#ifndef DG_TEST_GEN_FIXTURE_H
#define DG_TEST_GEN_FIXTURE_H

#include <jansson.h>
#include <stdbool.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "gen/gen.h"

struct fx {
    struct pg_type type;
    struct column column;
    struct gen_spec spec;
    json_t *config;
    struct diag_list diags;
    struct arena arena;
    const struct gen_kind *kind;
    void *state;
    struct buf text;
};

static int
fx_open(struct fx *f, const char *kind, enum pg_base base, int length,
        const char *config, bool unique, uint64_t rows)
{
    memset(f, 0, sizeof(*f));
    f->type.base = base;
    f->type.length = length;
    f->type.precision = -1;
    f->column.name = "col";
    f->column.type = f->type;
    f->config = config ? json_loads(config, 0, NULL) : NULL;
    f->spec.path = "tables.t.columns[0]";
    f->spec.column = &f->column;
    f->spec.type = &f->type;
    f->spec.config = f->config;
    f->spec.unique = unique;
    f->spec.row_count = rows;
    f->spec.key = 99;
    f->spec.table_key = 7;
    f->spec.locale = "en_US";
    diag_list_init(&f->diags);
    arena_init(&f->arena, 1 << 16);
    buf_init(&f->text, 64);
    f->kind = gen_find(kind);
    if (f->kind == NULL)
        return -2;
    return f->kind->compile(&f->spec, &f->state, &f->diags);
}

static const char *
fx_text(struct fx *f, uint64_t row)
{
    struct gen_ctx ctx = {.rng = rng_cell(1, 2, 3, row), .row = row,
                          .row_key = rng_mix(row), .arena = &f->arena};
    struct value v;
    f->kind->generate(f->state, &ctx, &v);
    buf_reset(&f->text);
    value_format(&v, &f->text);
    if (row % 4096 == 4095)
        arena_reset(&f->arena);
    return f->text.data;
}

static void
fx_close(struct fx *f)
{
    if (f->state && f->kind->free)
        f->kind->free(f->state);
    json_decref(f->config);
    diag_list_release(&f->diags);
    arena_release(&f->arena);
    buf_release(&f->text);
}

#endif
