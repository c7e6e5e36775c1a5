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

/* The PostgreSQL types a kind can produce: a set of base types, one bit
 * per enum pg_base, plus GEN_TYPES_ARRAY for arrays of any element type.
 * A domain counts as its base type. */
typedef uint64_t gen_types;
#define GEN_TYPE(base) (UINT64_C(1) << (base))
#define GEN_TYPES_INTEGER                                                      \
    (GEN_TYPE(PG_SMALLINT) | GEN_TYPE(PG_INTEGER) | GEN_TYPE(PG_BIGINT))
#define GEN_TYPES_FLOAT  (GEN_TYPE(PG_REAL) | GEN_TYPE(PG_DOUBLE))
#define GEN_TYPES_NUMBER                                                       \
    (GEN_TYPES_INTEGER | GEN_TYPE(PG_NUMERIC) | GEN_TYPES_FLOAT |              \
     GEN_TYPE(PG_MONEY))
#define GEN_TYPES_TEXT                                                         \
    (GEN_TYPE(PG_TEXT) | GEN_TYPE(PG_VARCHAR) | GEN_TYPE(PG_CHAR))
#define GEN_TYPES_TIME (GEN_TYPE(PG_TIME) | GEN_TYPE(PG_TIMETZ))
#define GEN_TYPES_TIMESTAMP                                                    \
    (GEN_TYPE(PG_TIMESTAMP) | GEN_TYPE(PG_TIMESTAMPTZ))
#define GEN_TYPES_DATETIME (GEN_TYPE(PG_DATE) | GEN_TYPES_TIMESTAMP)
#define GEN_TYPES_JSON     (GEN_TYPE(PG_JSON) | GEN_TYPE(PG_JSONB))
#define GEN_TYPES_BIT      (GEN_TYPE(PG_BIT) | GEN_TYPE(PG_VARBIT))
#define GEN_TYPES_RANGE                                                        \
    (GEN_TYPE(PG_INT4RANGE) | GEN_TYPE(PG_INT8RANGE) |                         \
     GEN_TYPE(PG_NUMRANGE) | GEN_TYPE(PG_DATERANGE) | GEN_TYPE(PG_TSRANGE) |  \
     GEN_TYPE(PG_TSTZRANGE))
#define GEN_TYPES_ARRAY (UINT64_C(1) << 63)
/* every scalar type (a domain is never a kind's own type) */
#define GEN_TYPES_SCALAR                                                       \
    ((GEN_TYPE(PG_BASE_COUNT) - 1) & ~GEN_TYPE(PG_DOMAIN))
#define GEN_TYPES_ANY (GEN_TYPES_SCALAR | GEN_TYPES_ARRAY)

/* The JSON a generator_config key takes. */
enum gen_key_type {
    GEN_KEY_INT,      /* a whole number */
    GEN_KEY_NUMBER,   /* any number */
    GEN_KEY_FRACTION, /* a number from 0 to 1 */
    GEN_KEY_STRING,
    GEN_KEY_BOOL,
    GEN_KEY_LIST,   /* a JSON array */
    GEN_KEY_SCALAR, /* a number or a string, as the column's type reads it
                       ("min" of a date: "2020-01-01") */
    GEN_KEY_ANY,    /* checked by compile() ("domain": a string or a list) */
};

/* One generator_config key, for validation, `datagen generators` and the
 * README. The list ends with an entry whose name is NULL. */
struct gen_key {
    const char *name;
    enum gen_key_type type;
    const char *default_text; /* "1000", "the enum's labels"; NULL: none */
    const char *description;  /* one line */
};

struct gen_kind {
    const char *name;
    const char *description;         /* one line for --help and README */
    const char *const *config_keys;  /* NULL-terminated; "null_fraction" is
                                        accepted for every kind. Superseded by
                                        keys when that is set */
    const struct gen_key *keys;      /* the config schema, or NULL */
    gen_types types;                 /* what it can produce; 0: undeclared
                                        (accepted everywhere) */
    const char *types_text;          /* one line overriding the list made
                                        from types ("the referenced
                                        column's type"), or NULL */
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

/* Adds an error for every key of spec->config not in kind->keys (or
 * kind->config_keys) nor "null_fraction", with a did-you-mean hint, and for
 * every key whose JSON type is not the declared one. Returns the number of
 * errors added. */
size_t gen_check_config(const struct gen_kind *kind,
                        const struct gen_spec *spec, struct diag_list *diags);

/* Whether kind can produce values of type (domains resolved; arrays only
 * for kinds declaring GEN_TYPES_ARRAY). True for a kind without types. */
bool gen_kind_accepts(const struct gen_kind *kind, const struct pg_type *type);

/* Adds the error `generator "email" cannot produce type "integer"` (at
 * spec->path + ".generator", with a hint naming the generators that can)
 * when kind does not accept spec->type. Returns the number of errors
 * added (0 or 1). */
size_t gen_check_type(const struct gen_kind *kind, const struct gen_spec *spec,
                      struct diag_list *diags);

/* gen_check_type() and, when the type fits, gen_check_config(): what the
 * planner calls for a generator the schema names before compile(), which it
 * skips when this returns non-zero. */
size_t gen_check(const struct gen_kind *kind, const struct gen_spec *spec,
                 struct diag_list *diags);

/* The types kind produces in words ("integers, numeric, text"), written
 * into buffer. */
const char *gen_kind_types_text(const struct gen_kind *kind, char *buffer,
                                size_t size);
/* "an integer", "a string", ... */
const char *gen_key_type_name(enum gen_key_type type);

#endif
