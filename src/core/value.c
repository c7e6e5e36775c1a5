#include "core/value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Howard Hinnant's algorithms: exact for any int64 day count we produce. */
int64_t
days_from_civil(int64_t year, unsigned month, unsigned day)
{
    year -= month <= 2;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    unsigned yoe = (unsigned)(year - era * 400);
    unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void
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

static void
put_date(struct buf *out, int64_t days)
{
    int64_t year;
    unsigned month, day;
    civil_from_days(days, &year, &month, &day);
    /* PostgreSQL writes years before 1 AD as "YYYY-MM-DD BC"; we never
     * generate them, but keep the output valid if asked to. */
    int bc = year <= 0;
    buf_put_u64_padded(out, (uint64_t)(bc ? 1 - year : year), 4);
    buf_putc(out, '-');
    buf_put_u64_padded(out, month, 2);
    buf_putc(out, '-');
    buf_put_u64_padded(out, day, 2);
    if (bc)
        buf_puts(out, " BC");
}

static void
put_time(struct buf *out, int64_t usec)
{
    int64_t seconds = usec / USEC_PER_SEC;
    int64_t fraction = usec % USEC_PER_SEC;
    buf_put_u64_padded(out, (uint64_t)(seconds / 3600), 2);
    buf_putc(out, ':');
    buf_put_u64_padded(out, (uint64_t)(seconds / 60 % 60), 2);
    buf_putc(out, ':');
    buf_put_u64_padded(out, (uint64_t)(seconds % 60), 2);
    if (fraction) {
        char digits[7];
        int64_t f = fraction;
        for (int i = 5; i >= 0; i--) {
            digits[i] = (char)('0' + f % 10);
            f /= 10;
        }
        int len = 6;
        while (len > 0 && digits[len - 1] == '0')
            len--;
        buf_putc(out, '.');
        buf_append(out, digits, (size_t)len);
    }
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
put_timestamp(struct buf *out, int64_t usec)
{
    int64_t days = floor_div(usec, USEC_PER_DAY);
    int64_t in_day = usec - days * USEC_PER_DAY;
    int64_t year;
    unsigned month, day;
    civil_from_days(days, &year, &month, &day);
    int bc = year <= 0;
    buf_put_u64_padded(out, (uint64_t)(bc ? 1 - year : year), 4);
    buf_putc(out, '-');
    buf_put_u64_padded(out, month, 2);
    buf_putc(out, '-');
    buf_put_u64_padded(out, day, 2);
    buf_putc(out, ' ');
    put_time(out, in_day);
    if (bc)
        buf_puts(out, " BC");
}

static void
put_numeric(struct buf *out, int64_t unscaled, int scale)
{
    uint64_t magnitude =
        unscaled < 0 ? (uint64_t)0 - (uint64_t)unscaled : (uint64_t)unscaled;
    if (unscaled < 0)
        buf_putc(out, '-');
    if (scale <= 0) {
        buf_put_u64(out, magnitude);
        return;
    }
    uint64_t divisor = 1;
    for (int i = 0; i < scale && i < 19; i++)
        divisor *= 10;
    buf_put_u64(out, magnitude / divisor);
    buf_putc(out, '.');
    buf_put_u64_padded(out, magnitude % divisor, scale);
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
        put_timestamp(out, v->as.i);
        break;
    case VALUE_TIMESTAMPTZ:
        put_timestamp(out, v->as.i);
        buf_puts(out, "+00");
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
