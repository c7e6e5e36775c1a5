#include "core/value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The temporal and numeric forms are built in a local array and appended
 * once: one capacity check per value instead of one per piece. */
static char *
write2(char *p, unsigned value)
{
    memcpy(p, fmt_digit_pairs + 2 * value, 2);
    return p + 2;
}

/* value zero-padded to at least width digits; 24 characters at most */
static char *
write_u64(char *p, uint64_t value, int width)
{
    return p + fmt_u64(p, value, width);
}

/* "YYYY-MM-DD"; PostgreSQL writes years before 1 AD as "YYYY-MM-DD BC":
 * we never generate them, but keep the output valid if asked to (the
 * caller appends " BC" when *bc is set). */
static char *
write_date(char *p, int64_t days, int *bc)
{
    int64_t year;
    unsigned month, day;
    civil_from_days(days, &year, &month, &day);
    *bc = year <= 0;
    uint64_t y = (uint64_t)(*bc ? 1 - year : year);
    if (y < 10000) {
        p = write2(p, (unsigned)(y / 100));
        p = write2(p, (unsigned)(y % 100));
    } else {
        p = write_u64(p, y, 4);
    }
    *p++ = '-';
    p = write2(p, month);
    *p++ = '-';
    return write2(p, day);
}

static char *
write_time(char *p, int64_t usec)
{
    int64_t seconds = usec / USEC_PER_SEC;
    int64_t fraction = usec % USEC_PER_SEC;
    if (usec >= 0 && seconds < 100 * 3600) {
        p = write2(p, (unsigned)(seconds / 3600));
        *p++ = ':';
        p = write2(p, (unsigned)(seconds / 60 % 60));
        *p++ = ':';
        p = write2(p, (unsigned)(seconds % 60));
    } else {
        p = write_u64(p, (uint64_t)(seconds / 3600), 2);
        *p++ = ':';
        if (usec >= 0) {
            p = write2(p, (unsigned)(seconds / 60 % 60));
            *p++ = ':';
            p = write2(p, (unsigned)(seconds % 60));
        } else { /* never generated; printed as the digits have always
                    been */
            p = write_u64(p, (uint64_t)(seconds / 60 % 60), 2);
            *p++ = ':';
            p = write_u64(p, (uint64_t)(seconds % 60), 2);
        }
    }
    if (fraction) {
        char digits[6];
        int64_t f = fraction;
        for (int i = 5; i >= 0; i--) {
            digits[i] = (char)('0' + f % 10);
            f /= 10;
        }
        int len = 6;
        while (len > 0 && digits[len - 1] == '0')
            len--;
        *p++ = '.';
        memcpy(p, digits, (size_t)len);
        p += len;
    }
    return p;
}

static char *
write_date_text(char *p, int64_t days)
{
    int bc;
    p = write_date(p, days, &bc);
    if (bc) {
        memcpy(p, " BC", 3);
        p += 3;
    }
    return p;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static char *
write_timestamp(char *p, int64_t usec, bool with_zone)
{
    int64_t days = floor_div(usec, USEC_PER_DAY);
    int64_t in_day = usec - days * USEC_PER_DAY;
    int bc;
    p = write_date(p, days, &bc);
    *p++ = ' ';
    p = write_time(p, in_day);
    if (bc) {
        memcpy(p, " BC", 3);
        p += 3;
    }
    if (with_zone) {
        memcpy(p, "+00", 3);
        p += 3;
    }
    return p;
}

static const uint64_t powers10[19] = {
    UINT64_C(1),
    UINT64_C(10),
    UINT64_C(100),
    UINT64_C(1000),
    UINT64_C(10000),
    UINT64_C(100000),
    UINT64_C(1000000),
    UINT64_C(10000000),
    UINT64_C(100000000),
    UINT64_C(1000000000),
    UINT64_C(10000000000),
    UINT64_C(100000000000),
    UINT64_C(1000000000000),
    UINT64_C(10000000000000),
    UINT64_C(100000000000000),
    UINT64_C(1000000000000000),
    UINT64_C(10000000000000000),
    UINT64_C(100000000000000000),
    UINT64_C(1000000000000000000),
};

static char *
write_numeric(char *p, int64_t unscaled, int scale)
{
    uint64_t magnitude =
        unscaled < 0 ? (uint64_t)0 - (uint64_t)unscaled : (uint64_t)unscaled;
    if (unscaled < 0)
        *p++ = '-';
    if (scale <= 0)
        return write_u64(p, magnitude, 1);
    uint64_t divisor = powers10[scale < 19 ? scale : 18];
    if (scale >= 19)
        divisor *= 10; /* 10^19: the most the old loop made */
    p = write_u64(p, magnitude / divisor, 1);
    *p++ = '.';
    return write_u64(p, magnitude % divisor, scale);
}

static char *
write_float(char *p, double f, int max_digits)
{
    if (isnan(f)) {
        memcpy(p, "NaN", 3);
        return p + 3;
    }
    if (isinf(f)) {
        if (f > 0) {
            memcpy(p, "Infinity", 8);
            return p + 8;
        }
        memcpy(p, "-Infinity", 9);
        return p + 9;
    }
    /* Shortest form that reads back to the same value, like PostgreSQL 12+
     * with extra_float_digits = 1. */
    char text[40];
    int min_digits = max_digits == 9 ? 6 : 15;
    for (int digits = min_digits; digits <= max_digits; digits++) {
        snprintf(text, sizeof(text), "%.*g", digits, f);
        if (max_digits == 9 ? (float)strtod(text, NULL) == (float)f
                            : strtod(text, NULL) == f)
            break;
    }
    size_t n = strlen(text);
    memcpy(p, text, n);
    return p + n;
}

char *
value_write(const struct value *v, char *dst)
{
    switch (v->kind) {
    case VALUE_NULL:
    case VALUE_TEXT:
        break;
    case VALUE_BOOL:
        *dst++ = v->as.i ? 't' : 'f';
        break;
    case VALUE_INT:
        if (v->as.i < 0) {
            *dst++ = '-';
            dst = write_u64(dst, (uint64_t)0 - (uint64_t)v->as.i, 1);
        } else {
            dst = write_u64(dst, (uint64_t)v->as.i, 1);
        }
        break;
    case VALUE_FLOAT:
        dst = write_float(dst, v->as.f, v->float_digits == 9 ? 9 : 17);
        break;
    case VALUE_NUMERIC:
        dst = write_numeric(dst, v->as.i, v->scale);
        break;
    case VALUE_DATE:
        dst = write_date_text(dst, v->as.i);
        break;
    case VALUE_TIME:
        dst = write_time(dst, v->as.i);
        break;
    case VALUE_TIMESTAMP:
        dst = write_timestamp(dst, v->as.i, false);
        break;
    case VALUE_TIMESTAMPTZ:
        dst = write_timestamp(dst, v->as.i, true);
        break;
    }
    return dst;
}

void
value_format(const struct value *v, struct buf *out)
{
    if (v->kind == VALUE_TEXT) {
        buf_append(out, v->as.text.ptr, v->as.text.len);
        return;
    }
    if (out->cap - out->len <= VALUE_WRITE_MAX)
        buf_grow(out, VALUE_WRITE_MAX);
    char *end = value_write(v, out->data + out->len);
    out->len = (size_t)(end - out->data);
    out->data[out->len] = '\0';
}

double
value_as_double(const struct value *v)
{
    switch (v->kind) {
    case VALUE_BOOL:
    case VALUE_INT:
    case VALUE_DATE:
    case VALUE_TIME:
    case VALUE_TIMESTAMP:
    case VALUE_TIMESTAMPTZ:
        return (double)v->as.i;
    case VALUE_FLOAT:
        return v->as.f;
    case VALUE_NUMERIC: {
        double d = (double)v->as.i;
        for (int i = 0; i < v->scale; i++)
            d /= 10.0;
        return d;
    }
    default:
        return 0.0;
    }
}

static bool
is_number(enum value_kind kind)
{
    return kind == VALUE_INT || kind == VALUE_FLOAT || kind == VALUE_NUMERIC;
}

int
value_compare(const struct value *a, const struct value *b, bool *comparable)
{
    *comparable = true;
    if (a->kind == VALUE_INT && b->kind == VALUE_INT)
        return (a->as.i > b->as.i) - (a->as.i < b->as.i);
    if (a->kind == VALUE_NUMERIC && b->kind == VALUE_NUMERIC &&
        a->scale == b->scale)
        return (a->as.i > b->as.i) - (a->as.i < b->as.i);
    if (is_number(a->kind) && is_number(b->kind)) {
        double x = value_as_double(a), y = value_as_double(b);
        return (x > y) - (x < y);
    }
    if (a->kind == VALUE_TEXT && b->kind == VALUE_TEXT) {
        size_t n = a->as.text.len < b->as.text.len ? a->as.text.len
                                                   : b->as.text.len;
        int c = memcmp(a->as.text.ptr, b->as.text.ptr, n);
        if (c != 0)
            return c;
        return (a->as.text.len > b->as.text.len) -
               (a->as.text.len < b->as.text.len);
    }
    if (a->kind == b->kind && a->kind != VALUE_NULL) {
        return (a->as.i > b->as.i) - (a->as.i < b->as.i);
    }
    bool a_time = a->kind == VALUE_TIMESTAMP || a->kind == VALUE_TIMESTAMPTZ;
    bool b_time = b->kind == VALUE_TIMESTAMP || b->kind == VALUE_TIMESTAMPTZ;
    if (a_time && b_time)
        return (a->as.i > b->as.i) - (a->as.i < b->as.i);
    /* A date against a timestamp compares at midnight, as PostgreSQL does. */
    if ((a->kind == VALUE_DATE && b_time) || (a_time && b->kind == VALUE_DATE)) {
        int64_t x = a->kind == VALUE_DATE ? a->as.i * USEC_PER_DAY : a->as.i;
        int64_t y = b->kind == VALUE_DATE ? b->as.i * USEC_PER_DAY : b->as.i;
        return (x > y) - (x < y);
    }
    *comparable = false;
    return 0;
}
