/*
 * gen_semantic: generators chosen by meaning rather than by type: people
 * (first_name, last_name, full_name, username, email, phone), places
 * (street_address, city, state, country, country_code, postal_code),
 * companies, and created_at/updated_at-style timestamps. Columns of one row
 * agree with each other because they derive the person or place from
 * gen_ctx.row_key, not from each other. Dictionaries are compiled in (data/).
 * Thread-safe like every generator.
 */
#ifndef DG_GEN_GEN_SEMANTIC_H
#define DG_GEN_GEN_SEMANTIC_H

#include <stddef.h>

#include "gen/gen.h"

/* Every semantic kind, for the registry. */
extern const struct gen_kind *const gen_semantic_kinds[];
extern const size_t gen_semantic_kind_count;

/* Adds an error when locale ("de_DE", "de_DE.utf8") is not a supported
 * one, with a did-you-mean among them, at path (once per path and locale
 * in diags). Returns 0 when supported. */
int gen_semantic_check_locale(const char *locale, const char *path,
                              struct diag_list *diags);

/* The semantic kind for this column's name and type ("email" on a text
 * column, "created_at" on a timestamp), or NULL when none fits. */
const struct gen_kind *gen_semantic_match(const struct gen_spec *spec);

#endif
