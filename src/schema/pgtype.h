/*
 * pgtype: PostgreSQL type names. Parses what users write in "type"
 * ("int4", "character varying(45)", "numeric(10,2)", "timestamp with time
 * zone", "text[]", "double precision", a schema's own enum, composite or
 * domain) into a struct pg_type, and formats a type the way pg_dump prints
 * it (format_type): "integer", "character varying(45)", "public.mood[]".
 * Thread-safe.
 */
#ifndef DG_SCHEMA_PGTYPE_H
#define DG_SCHEMA_PGTYPE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

struct schema;
struct custom_type;

/* X(enum suffix, canonical SQL name) in catalogue order */
#define PG_BASE_MAP(X)                                                         \
    X(SMALLINT, "smallint")                                                    \
    X(INTEGER, "integer")                                                      \
    X(BIGINT, "bigint")                                                        \
    X(NUMERIC, "numeric")                                                      \
    X(REAL, "real")                                                            \
    X(DOUBLE, "double precision")                                              \
    X(MONEY, "money")                                                          \
    X(BOOLEAN, "boolean")                                                      \
    X(TEXT, "text")                                                            \
    X(VARCHAR, "character varying")                                            \
    X(CHAR, "character")                                                       \
    X(BYTEA, "bytea")                                                          \
    X(DATE, "date")                                                            \
    X(TIME, "time without time zone")                                          \
    X(TIMETZ, "time with time zone")                                           \
    X(TIMESTAMP, "timestamp without time zone")                                \
    X(TIMESTAMPTZ, "timestamp with time zone")                                 \
    X(INTERVAL, "interval")                                                    \
    X(UUID, "uuid")                                                            \
    X(JSON, "json")                                                            \
    X(JSONB, "jsonb")                                                          \
    X(XML, "xml")                                                              \
    X(INET, "inet")                                                            \
    X(CIDR, "cidr")                                                            \
    X(MACADDR, "macaddr")                                                      \
    X(MACADDR8, "macaddr8")                                                    \
    X(BIT, "bit")                                                              \
    X(VARBIT, "bit varying")                                                   \
    X(POINT, "point")                                                          \
    X(LINE, "line")                                                            \
    X(LSEG, "lseg")                                                            \
    X(BOX, "box")                                                              \
    X(PATH, "path")                                                            \
    X(POLYGON, "polygon")                                                      \
    X(CIRCLE, "circle")                                                        \
    X(INT4RANGE, "int4range")                                                  \
    X(INT8RANGE, "int8range")                                                  \
    X(NUMRANGE, "numrange")                                                    \
    X(DATERANGE, "daterange")                                                  \
    X(TSRANGE, "tsrange")                                                      \
    X(TSTZRANGE, "tstzrange")                                                  \
    X(TSVECTOR, "tsvector")                                                    \
    X(ENUM, "enum")                                                            \
    X(COMPOSITE, "composite")                                                  \
    X(DOMAIN, "domain")

enum pg_base {
#define PG_BASE_ENUM(suffix, sql) PG_##suffix,
    PG_BASE_MAP(PG_BASE_ENUM)
#undef PG_BASE_ENUM
        PG_BASE_COUNT
};

struct pg_type {
    enum pg_base base;
    bool serial;       /* smallserial/serial/bigserial (base is the integer) */
    int32_t length;    /* varchar(n), char(n), bit(n), varbit(n); -1 absent.
                          A bare "char"/"bit" is length 1, as in PostgreSQL */
    int32_t precision; /* numeric(p[,s]) p; time/timestamp/interval(p) p;
                          -1 absent */
    int32_t scale;     /* numeric(p,s) s; 0 absent */
    int array_dims;    /* 0 scalar, 1 for text[], 2 for int[][] */
    const struct custom_type *custom; /* PG_ENUM, PG_COMPOSITE, PG_DOMAIN */
};

/* Parses text. Custom type names are looked up in schema->custom_types
 * (bare or "public."-qualified); schema may be NULL. On failure returns -1
 * and fills err (status DG_INVALID) with the message and, where one exists,
 * a hint such as: did you mean "integer"? */
int pgtype_parse(const char *text, const struct schema *schema,
                 struct pg_type *out, struct dg_error *err);

/* Appends the pg_dump spelling: "integer", "character varying(45)",
 * "numeric(10,2)", "timestamp(3) with time zone", "bit(8)",
 * "public.order_status", arrays with "[]" per dimension. A serial type
 * prints as its integer type. */
void pgtype_format(const struct pg_type *type, struct buf *out);

/* The canonical name of a base type ("integer"). */
const char *pgtype_base_name(enum pg_base base);

/* The scalar type an array holds (array_dims 0); a domain resolved to its
 * base type when resolve_domain is true. */
struct pg_type pgtype_element(const struct pg_type *type, bool resolve_domain);

/* These look through domains and are false for arrays. */
bool pgtype_is_integer(const struct pg_type *type); /* smallint..bigint */
bool pgtype_is_numeric(const struct pg_type *type); /* ints, numeric, float,
                                                       money */
bool pgtype_is_text(const struct pg_type *type);    /* text, varchar, char */
/* date, time[tz], timestamp[tz], interval */
bool pgtype_is_temporal(const struct pg_type *type);

/* Inclusive bounds of an integer type (smallint: -32768..32767), a domain
 * over one included; the bigint range for any other type. */
void pgtype_integer_bounds(const struct pg_type *type, int64_t *min,
                           int64_t *max);

/* Whether a foreign key column of type child may reference a column of type
 * parent: the same type after resolving domains, or both integers, or both
 * text types, or integer against numeric. */
bool pgtype_fk_compatible(const struct pg_type *child,
                          const struct pg_type *parent);

#endif
