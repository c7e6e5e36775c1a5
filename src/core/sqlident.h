/*
 * sqlident: SQL spelling of names and strings. Identifiers are quoted
 * exactly when PostgreSQL requires it, as quote_ident() and pg_dump's fmtId()
 * do: unless the name is lower-case letters, digits and underscores, starts
 * with a letter or underscore, and is not a keyword other than an unreserved
 * one. String literals use standard_conforming_strings = on.
 * Thread-safe.
 */
#ifndef DG_CORE_SQLIDENT_H
#define DG_CORE_SQLIDENT_H

#include <stdbool.h>

#include "core/buf.h"

bool sql_ident_needs_quotes(const char *ident);

/* Appends ident, quoted when needed ("order" -> "\"order\"",
 * "Mixed" -> "\"Mixed\"", embedded quotes doubled). */
void sql_quote_ident(struct buf *out, const char *ident);

/* Appends public.ident with ident quoted when needed. */
void sql_qualified_name(struct buf *out, const char *ident);

/* Appends 'text' with single quotes doubled. */
void sql_quote_literal(struct buf *out, const char *text);

/* Whether word (any case) is a PostgreSQL keyword that is not unreserved,
 * i.e. one that must be quoted to be used as a column name. */
bool sql_is_reserved_keyword(const char *word);

#endif
