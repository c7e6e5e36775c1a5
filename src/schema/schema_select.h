/*
 * schema_select: narrows a loaded schema to some of its tables (--tables,
 * the templates' enabled_tables): the named tables plus every table they
 * reference through foreign keys, transitively, so the result still
 * restores. The other tables are removed from the model before validation
 * and planning; the kept ones keep their input order, and since every value
 * is a function of (seed, table, column, row) their rows are the same as in
 * the whole schema's dump.
 *
 * Custom types and sequences are kept whole: they cost nothing when unused.
 * Ownership: the selection's strings point into the schema and live as long
 * as it does. Thread-safety: none; one call on one schema at a time.
 */
#ifndef DG_SCHEMA_SCHEMA_SELECT_H
#define DG_SCHEMA_SCHEMA_SELECT_H

#include <stddef.h>

#include "core/error.h"
#include "schema/schema.h"

/* A table kept because another one references it. */
struct schema_select_added {
    const char *table;
    const char *referenced_by; /* the kept table whose foreign key brought it
                                  in first (breadth-first from the named ones) */
};

struct schema_selection {
    struct schema_select_added *added; /* in the schema's table order */
    size_t added_count;
    const char **removed; /* names of the tables left out, in input order */
    size_t removed_count;
};

/* Splits "a,b, c" into names (spaces around names are dropped). Fails with
 * DG_USAGE at "--tables" on an empty list or an empty name. On success
 * *names is an array of *count strings, all owned by the caller, who frees
 * them with schema_select_free_names(). */
int schema_select_parse_list(const char *text, char ***names, size_t *count,
                             struct dg_error *err);
void schema_select_free_names(char **names, size_t count);

/* Keeps names[0..count) and what they reference; removes every other table
 * from schema (before schema_validate()). A foreign key naming a table that
 * does not exist is skipped here and reported by validation. An unknown
 * name fails with DG_USAGE at "--tables" and a did-you-mean hint (or the
 * list of tables), leaving schema untouched. On success the caller releases
 * *out with schema_selection_release(). */
int schema_select_tables(struct schema *schema, const char *const *names,
                         size_t count, struct schema_selection *out,
                         struct dg_error *err);

void schema_selection_release(struct schema_selection *selection);

#endif
