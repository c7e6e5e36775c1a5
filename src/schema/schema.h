/*
 * schema: the model of a datagen input file, as loaded from JSON (see the
 * README's "JSON format"). schema_load_*() builds it, schema_validate()
 * checks it and resolves every type name into a struct pg_type; after a
 * successful validation the model is immutable and shared read-only by every
 * later stage.
 *
 * Ownership: everything reachable from a struct schema lives in its arena or
 * in its jansson document and stays valid until schema_release().
 * Arrays keep the order of the input file. Thread-safety: read-only use from
 * any thread once validated.
 */
#ifndef DG_SCHEMA_SCHEMA_H
#define DG_SCHEMA_SCHEMA_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "schema/pgtype.h"

/* Rows generated for a table whose row_count is absent. */
#define SCHEMA_DEFAULT_ROW_COUNT 1000

struct column {
    const char *name;
    const char *type_text;    /* as written in the input */
    struct pg_type type;      /* resolved by schema_validate() */
    bool nullable;            /* "nullable", default false */
    const char *default_sql;  /* "default", NULL when absent */
    const char *generator;    /* "generator", NULL when absent */
    json_t *generator_config; /* "generator_config" object, borrowed, or NULL */
    const char *comment;      /* NULL when absent */
};

struct name_list {
    const char **names;
    size_t count;
};

struct foreign_key {
    struct name_list columns;
    const char *referenced_table;
    struct name_list referenced_columns; /* empty: the referenced primary key */
    const char *on_delete;               /* NULL, or an upper-case action */
    const char *on_update;
    const char *name; /* NULL: named by PostgreSQL's rule */
};

struct unique_constraint {
    struct name_list columns;
    const char *name; /* NULL: named by PostgreSQL's rule */
};

struct check_constraint {
    const char *expression;
    const char *name; /* NULL: named by PostgreSQL's rule */
};

struct index_def {
    struct name_list columns;
    const char *name;   /* NULL: named by PostgreSQL's rule */
    const char *method; /* "btree" (default), "hash", "gin", "gist" */
    bool unique;
};

struct table {
    const char *name;
    struct column *columns;
    size_t column_count;
    struct name_list primary_key;
    struct foreign_key *foreign_keys;
    size_t foreign_key_count;
    struct unique_constraint *unique_constraints;
    size_t unique_constraint_count;
    struct check_constraint *check_constraints;
    size_t check_constraint_count;
    struct index_def *indexes;
    size_t index_count;
    int64_t row_count; /* SCHEMA_DEFAULT_ROW_COUNT when absent */
    bool row_count_given;
    const char *comment; /* "comment", NULL when absent */
};

struct sequence {
    const char *name;
    int64_t start;     /* default 1 */
    int64_t increment; /* default 1 */
    bool has_min_value;
    int64_t min_value;
    bool has_max_value;
    int64_t max_value;
    int64_t cache; /* default 1 */
    bool cycle;
};

enum custom_kind { CUSTOM_ENUM, CUSTOM_COMPOSITE, CUSTOM_DOMAIN };

struct custom_type {
    const char *name;
    enum custom_kind kind;
    /* enum */
    struct name_list labels; /* definition.values */
    /* composite: definition.fields, each with name and type */
    struct column *fields;
    size_t field_count;
    /* domain */
    const char *base_type_text; /* definition.base_type */
    struct pg_type base_type;   /* resolved by schema_validate() */
    const char *constraint;     /* definition.constraint: an expression over
                                   VALUE, with or without "CHECK (...)"; NULL */
    bool domain_not_null;       /* definition.not_null, default false */
};

struct database_config {
    const char *name;     /* default "datagen" */
    const char *encoding; /* default "UTF8" */
    const char *locale;   /* default "en_US.utf8" */
};

struct schema {
    const char *version;
    struct database_config database;
    struct table *tables;
    size_t table_count;
    struct sequence *sequences;
    size_t sequence_count;
    struct custom_type *custom_types;
    size_t custom_type_count;
    struct name_list extensions;
    const char *source; /* file name for messages, or "<template NAME>" */
    struct arena arena;
    json_t *json; /* the parsed document; generator_config points into it */
};

/* Parses a schema. JSON syntax errors fill err with "source:line:col"; model
 * errors (wrong JSON types, unknown keys with did-you-mean hints, missing
 * required keys) are appended to diags by JSON path. Returns 0 when the
 * model was built (check diags->error_count), -1 when nothing usable could
 * be read (err says why). On success the caller owns *out and calls
 * schema_release(). */
int schema_load_file(const char *path, struct schema *out,
                     struct diag_list *diags, struct dg_error *err);
int schema_load_string(const char *text, size_t length, const char *source,
                       struct schema *out, struct diag_list *diags,
                       struct dg_error *err);
/* The same from an already parsed document; steals the reference. */
int schema_load_json(json_t *document, const char *source, struct schema *out,
                     struct diag_list *diags, struct dg_error *err);

void schema_release(struct schema *schema);

/* Checks every rule of the README's validation section and resolves every
 * type; appends all errors and warnings to diags. Returns the number of
 * errors added. */
size_t schema_validate(struct schema *schema, struct diag_list *diags);

/* Lookups; NULL / -1 when absent. Names are compared exactly. */
const struct table *schema_find_table(const struct schema *schema,
                                      const char *name);
const struct custom_type *schema_find_type(const struct schema *schema,
                                           const char *name);
const struct sequence *schema_find_sequence(const struct schema *schema,
                                            const char *name);
long table_column_index(const struct table *table, const char *name);

/* The candidate to suggest for a misspelt word: str_closest()'s choice, or
 * failing that one that differs by two swapped neighbouring letters ("UFT8"
 * for "UTF8"), which plain edit distance counts as two edits. NULL when
 * nothing is close. */
const char *schema_closest(const char *word, const char *const *candidates,
                           size_t count);

/* Adds an error at path for every key of object that is not in allowed,
 * with the closest allowed key as a hint. */
void schema_check_keys(const json_t *object, const char *path,
                       const char *const *allowed, size_t count,
                       struct diag_list *diags);

#endif
