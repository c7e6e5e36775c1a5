/*
 * gen: value generators. Each kind is a table of hooks (struct gen_kind):
 * compile() checks the column's generator_config and builds read-only state
 * at plan time; generate() computes one cell from the cell's random stream
 * and row index alone, so it is a pure function of (seed, table, column,
 * row) and may run on any thread at the same time as any other call.
 *
 * gen_registry.c lists every kind; gen_default_for() picks one from the
 * column name and type when the schema names none. Text values are written
 * into ctx->arena and stay valid until the caller resets that arena.
 * NULLs are decided by the planner (null_fraction), not by generators.
 */
#ifndef DG_GEN_GEN_H
#define DG_GEN_GEN_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/rng.h"
#include "core/value.h"
#include "schema/check_expr.h"
#include "schema/schema.h"

/* Everything compile() may look at. Borrowed; valid during compile() only,
 * except schema, table, column and type, which outlive the generator. */
struct gen_spec {
    const char *path;            /* JSON path of the column, for messages:
                                    "tables.users.columns[2]" */
    const struct schema *schema;
    const struct table *table;   /* NULL inside a composite type */
    const struct column *column; /* the column (or composite field) */
    const struct pg_type *type;  /* the type to produce: the column's type,
                                    or an array's element type */
    const json_t *config;        /* generator_config object, or NULL */
    bool unique;                 /* values must differ for every row in
                                    0..row_count-1 */
    uint64_t row_count;          /* rows the table will have */
    uint64_t key;                /* stable key of this column: mix it into
                                    keyed permutations */
    uint64_t table_key;          /* the same for every column of the table
                                    (and seed-dependent): lets columns share
                                    a permutation, as email and username
                                    share their number */
    const char *locale;          /* "en_US", "de_DE", ... */
    const struct check_bounds *bounds; /* from CHECK constraints, or NULL */
};

struct gen_ctx {
    struct rng rng;    /* this cell's own stream */
    uint64_t row;      /* row index in the table, from 0 */
    uint64_t row_key;  /* the same for every column of one row: lets the
                          name, email and username columns describe one
                          person, and the address columns one place */
    struct arena *arena;
};

struct gen_kind {
    const char *name;
    const char *description;         /* one line for --help and README */
    const char *const *config_keys;  /* NULL-terminated; "null_fraction" is
                                        accepted for every kind */
    /* Returns 0 and sets *state (may be NULL), or -1 after adding at least
     * one error to diags (by JSON path under spec->path). Must fail when
     * spec->unique is set and the kind cannot produce row_count distinct
     * values, saying why. */
    int (*compile)(const struct gen_spec *spec, void **state,
                   struct diag_list *diags);
    void (*generate)(const void *state, struct gen_ctx *ctx,
                     struct value *out);
    void (*free)(void *state); /* may be NULL */
};

/* Kinds whose cells the planner fills itself: a column copied from the
 * row a foreign key references ({"via": FK_COLUMN, "column": NAME}), and
 * the choice of referenced row ({"distribution": "zipf", "s": 1.0}). */
extern const struct gen_kind gen_lookup;
extern const struct gen_kind gen_foreign_key;

const struct gen_kind *gen_find(const char *name);
size_t gen_kind_count(void);
const struct gen_kind *gen_kind_at(size_t index);

/* The kind datagen uses when the column names none: semantic by column name
 * (email, first_name, city, created_at, ...) when the type fits, otherwise
 * by type. Never NULL for a type pgtype_parse() accepts. */
const struct gen_kind *gen_default_for(const struct gen_spec *spec);

/* Adds an error for every key of spec->config not in kind->config_keys (nor
 * "null_fraction"), with a did-you-mean hint. Returns the number of errors
 * added. */
size_t gen_check_config(const struct gen_kind *kind,
                        const struct gen_spec *spec, struct diag_list *diags);

#endif
