/*
 * encode: turns generated rows into bytes. COPY text format (one line per
 * row, TAB between fields, \N for NULL, backslash escapes) and SQL literals
 * for INSERT statements (standard_conforming_strings = on). Called on the
 * per-row path: no allocation, no printf.
 * Thread-safe: all functions write only to the caller's buffer.
 */
#ifndef DG_ENCODE_ENCODE_H
#define DG_ENCODE_ENCODE_H

#include <stddef.h>

#include "core/buf.h"
#include "core/value.h"

/* Appends text escaped for COPY: backslash, TAB, LF, CR, and the other
 * control characters PostgreSQL escapes (\b \f \v), as pg_dump does. */
void encode_copy_text(struct buf *out, const char *text, size_t length);

/* Appends one value as a COPY field ("\N" for NULL). */
void encode_copy_value(struct buf *out, const struct value *v);

/* Appends a whole row: fields joined by TAB, ended by "\n". */
void encode_copy_row(struct buf *out, const struct value *values,
                     size_t count);

/* Appends one value as an SQL literal: NULL, true/false, bare integers and
 * numerics, bare finite floats ('NaN'/'Infinity' quoted), everything else
 * as a quoted string with single quotes doubled. */
void encode_sql_value(struct buf *out, const struct value *v);

/* Appends "(v1, v2, ...)" */
void encode_sql_tuple(struct buf *out, const struct value *values,
                      size_t count);

#endif
