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
    p = write_u64(p, (uint64_t)(seconds / 3600), 2);
    *p++ = ':';
    if (usec >= 0) {
        p = write2(p, (unsigned)(seconds / 60 % 60));
        *p++ = ':';
        p = write2(p, (unsigned)(seconds % 60));
    } else { /* never generated; printed as the digits have always been */
        p = write_u64(p, (uint64_t)(seconds / 60 % 60), 2);
        *p++ = ':';
        p = write_u64(p, (uint64_t)(seconds % 60), 2);
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

static void
put_date(struct buf *out, int64_t days)
{
    char text[128];
    int bc;
    char *p = write_date(text, days, &bc);
    if (bc) {
        memcpy(p, " BC", 3);
        p += 3;
    }
    buf_append(out, text, (size_t)(p - text));
}

static void
put_time(struct buf *out, int64_t usec)
{
    char text[128];
    char *p = write_time(text, usec);
    buf_append(out, text, (size_t)(p - text));
}

static int64_t
floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static void
put_timestamp(struct buf *out, int64_t usec, bool with_zone)
{
    int64_t days = floor_div(usec, USEC_PER_DAY);
    int64_t in_day = usec - days * USEC_PER_DAY;
    char text[128];
    int bc;
    char *p = write_date(text, days, &bc);
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
    buf_append(out, text, (size_t)(p - text));
}

static void
put_numeric(struct buf *out, int64_t unscaled, int scale)
{
    uint64_t magnitude =
        unscaled < 0 ? (uint64_t)0 - (uint64_t)unscaled : (uint64_t)unscaled;
    char text[64];
    char *p = text;
    if (unscaled < 0)
        *p++ = '-';
    if (scale <= 0) {
        p = write_u64(p, magnitude, 1);
        buf_append(out, text, (size_t)(p - text));
        return;
    }
    uint64_t divisor = 1;
    for (int i = 0; i < scale && i < 19; i++)
        divisor *= 10;
    p = write_u64(p, magnitude / divisor, 1);
    *p++ = '.';
    p = write_u64(p, magnitude % divisor, scale);
    buf_append(out, text, (size_t)(p - text));
}

static void
put_float(struct buf *out, double f, int max_digits)
{
    if (isnan(f)) {
        buf_puts(out, "NaN");
        return;
    }
    if (isinf(f)) {
        buf_puts(out, f > 0 ? "Infinity" : "-Infinity");
        return;
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
    buf_puts(out, text);
}

void
value_format(const struct value *v, struct buf *out)
{
    switch (v->kind) {
    case VALUE_NULL:
        break;
    case VALUE_BOOL:
        buf_putc(out, v->as.i ? 't' : 'f');
        break;
    case VALUE_INT:
        buf_put_i64(out, v->as.i);
        break;
    case VALUE_FLOAT:
        put_float(out, v->as.f, v->float_digits == 9 ? 9 : 17);
        break;
    case VALUE_NUMERIC:
        put_numeric(out, v->as.i, v->scale);
        break;
    case VALUE_DATE:
        put_date(out, v->as.i);
        break;
    case VALUE_TIME:
        put_time(out, v->as.i);
        break;
    case VALUE_TIMESTAMP:
        put_timestamp(out, v->as.i, false);
        break;
    case VALUE_TIMESTAMPTZ:
        put_timestamp(out, v->as.i, true);
        break;
    case VALUE_TEXT:
        buf_append(out, v->as.text.ptr, v->as.text.len);
        break;
    }
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
