/*
 * value: the typed value a generator produces for one cell. The row's CHECK
 * evaluation reads it and the encoders turn it into COPY text or an SQL
 * literal. Text lives in the chunk's arena (never freed per value); types
 * without a numeric or temporal kind here (uuid, inet, json, arrays, ...)
 * travel as VALUE_TEXT already in PostgreSQL's text input form.
 * Thread-safety: value_format() is pure.
 */
#ifndef DG_CORE_VALUE_H
#define DG_CORE_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

enum value_kind {
    VALUE_NULL,
    VALUE_BOOL,        /* as.i: 0 or 1 */
    VALUE_INT,         /* as.i */
    VALUE_FLOAT,       /* as.f; float_digits says float4 (9) or float8 (17) */
    VALUE_NUMERIC,     /* as.i unscaled, scale digits after the point */
    VALUE_DATE,        /* as.i: days since 1970-01-01 */
    VALUE_TIME,        /* as.i: microseconds since midnight */
    VALUE_TIMESTAMP,   /* as.i: microseconds since 1970-01-01 00:00:00 */
    VALUE_TIMESTAMPTZ, /* as.i: microseconds since 1970-01-01 00:00:00 UTC */
    VALUE_TEXT,        /* as.text: PostgreSQL text input form, any bytes */
};

struct value {
    enum value_kind kind;
    int16_t scale;       /* VALUE_NUMERIC: digits after the point */
    int16_t float_digits; /* VALUE_FLOAT: 9 for real, 17 for double;
                             VALUE_TEXT: VALUE_TEXT_PLAIN or 0 */
    union {
        int64_t i;
        double f;
        struct {
            const char *ptr; /* not NUL-terminated; may contain any byte */
            size_t len;
        } text;
    } as;
};

#define USEC_PER_SEC INT64_C(1000000)
#define USEC_PER_DAY INT64_C(86400000000)

static inline struct value
value_null(void)
{
    struct value v = {.kind = VALUE_NULL};
    return v;
}

static inline struct value
value_int(int64_t i)
{
    struct value v = {.kind = VALUE_INT, .as.i = i};
    return v;
}

static inline struct value
value_text(const char *ptr, size_t len)
{
    struct value v = {.kind = VALUE_TEXT};
    v.as.text.ptr = ptr;
    v.as.text.len = len;
    return v;
}

/* Whether text holds no byte COPY escapes: none below 0x0e (the escaped
 * controls are 0x08..0x0d) and no backslash. */
static inline bool
value_bytes_plain(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] < 0x0e || text[i] == '\\')
            return false;
    return true;
}

/* A VALUE_TEXT whose maker knows value_bytes_plain() holds for it (a
 * dictionary entry checked at load, digits and letters), so the COPY
 * encoder copies it without a scan. The mark lives in float_digits, which
 * text does not use; value_text() leaves it clear. */
#define VALUE_TEXT_PLAIN 1

static inline struct value
value_text_plain(const char *ptr, size_t len)
{
    struct value v = value_text(ptr, len);
    v.float_digits = VALUE_TEXT_PLAIN;
    return v;
}

static inline bool
value_text_is_plain(const struct value *v)
{
    return v->float_digits == VALUE_TEXT_PLAIN;
}

/* Appends the PostgreSQL text output form of v (what COPY would print,
 * before COPY escaping): 't'/'f', integers, numerics with exactly scale
 * digits, shortest round-trip floats (NaN, Infinity, -Infinity),
 * ISO dates, "HH:MM:SS[.ffffff]", "YYYY-MM-DD HH:MM:SS[.ffffff]" and "+00"
 * for timestamptz. Appends nothing for VALUE_NULL. */
void value_format(const struct value *v, struct buf *out);

/* Room value_write() needs. */
#define VALUE_WRITE_MAX 128

/* value_format() of a value that is not VALUE_TEXT, written at dst, which
 * has room for VALUE_WRITE_MAX bytes (no NUL); returns the end. For
 * encoders that reserve their buffer once per field. */
char *value_write(const struct value *v, char *dst);

/* Civil calendar conversions (proleptic Gregorian), Howard Hinnant's
 * algorithms: exact for any int64 day count we produce. Inline so that
 * calls with constant dates fold away on the per-row path. */
static inline int64_t
days_from_civil(int64_t year, unsigned month, unsigned day)
{
    year -= month <= 2;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    unsigned yoe = (unsigned)(year - era * 400);
    unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static inline void
civil_from_days(int64_t days, int64_t *year, unsigned *month, unsigned *day)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    unsigned doe = (unsigned)(days - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *day = doy - (153 * mp + 2) / 5 + 1;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = y + (*month <= 2);
}

/* Orders two values of the same kind (numbers compare across INT, FLOAT and
 * NUMERIC; TEXT compares bytewise). Returns <0, 0, >0; sets *comparable to
 * false when the kinds cannot be compared. */
int value_compare(const struct value *a, const struct value *b,
                  bool *comparable);

/* The value as a double, for INT, FLOAT, NUMERIC, BOOL and the temporal
 * kinds; 0 otherwise. */
double value_as_double(const struct value *v);

#endif
