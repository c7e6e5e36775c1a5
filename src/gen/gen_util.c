#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "gen/gen_internal.h"

void
gen_util_put_u64(struct gen_out *o, uint64_t value)
{
    char digits[20];
    int count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    while (count > 0)
        gen_out_putc(o, digits[--count]);
}

void
gen_util_put_i64(struct gen_out *o, int64_t value)
{
    if (value < 0) {
        gen_out_putc(o, '-');
        gen_util_put_u64(o, (uint64_t)0 - (uint64_t)value);
    } else {
        gen_util_put_u64(o, (uint64_t)value);
    }
}

void
gen_util_put_padded(struct gen_out *o, uint64_t value, int width)
{
    char digits[20];
    int count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    for (int i = count; i < width; i++)
        gen_out_putc(o, '0');
    while (count > 0)
        gen_out_putc(o, digits[--count]);
}

void
gen_util_put_fixed(struct gen_out *o, int64_t unscaled, int scale)
{
    uint64_t magnitude =
        unscaled < 0 ? (uint64_t)0 - (uint64_t)unscaled : (uint64_t)unscaled;
    if (unscaled < 0)
        gen_out_putc(o, '-');
    if (scale <= 0) {
        gen_util_put_u64(o, magnitude);
        return;
    }
    uint64_t divisor = (uint64_t)gen_util_pow10(scale);
    gen_util_put_u64(o, magnitude / divisor);
    gen_out_putc(o, '.');
    gen_util_put_padded(o, magnitude % divisor, scale);
}

void
gen_util_put_date(struct gen_out *o, int64_t days)
{
    int64_t year;
    unsigned month, day;
    civil_from_days(days, &year, &month, &day);
    gen_util_put_padded(o, (uint64_t)year, 4);
    gen_out_putc(o, '-');
    gen_util_put_padded(o, month, 2);
    gen_out_putc(o, '-');
    gen_util_put_padded(o, day, 2);
}

void
gen_util_put_time(struct gen_out *o, int64_t usec)
{
    int64_t seconds = usec / USEC_PER_SEC;
    int64_t fraction = usec % USEC_PER_SEC;
    gen_util_put_padded(o, (uint64_t)(seconds / 3600), 2);
    gen_out_putc(o, ':');
    gen_util_put_padded(o, (uint64_t)(seconds / 60 % 60), 2);
    gen_out_putc(o, ':');
    gen_util_put_padded(o, (uint64_t)(seconds % 60), 2);
    if (fraction) {
        int width = 6;
        while (fraction % 10 == 0) {
            fraction /= 10;
            width--;
        }
        gen_out_putc(o, '.');
        gen_util_put_padded(o, (uint64_t)fraction, width);
    }
}

void
gen_util_put_timestamp(struct gen_out *o, int64_t usec)
{
    int64_t days = usec / USEC_PER_DAY;
    if (usec % USEC_PER_DAY < 0)
        days--;
    gen_util_put_date(o, days);
    gen_out_putc(o, ' ');
    gen_util_put_time(o, usec - days * USEC_PER_DAY);
}

void
gen_util_put_hex(struct gen_out *o, uint64_t value, int digits)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = digits - 1; i >= 0; i--)
        gen_out_putc(o, hex[(value >> (4 * i)) & 0xf]);
}

size_t
gen_util_value_max(const struct value *v)
{
    return v->kind == VALUE_TEXT ? v->as.text.len : GEN_UTIL_SCALAR_MAX;
}

void
gen_util_put_value(struct gen_out *o, const struct value *v)
{
    if (v->kind == VALUE_TEXT) {
        gen_out_append(o, v->as.text.ptr, v->as.text.len);
        return;
    }
    /* value_write() is the one definition of the scalar text forms */
    char storage[VALUE_WRITE_MAX];
    char *end = value_write(v, storage);
    gen_out_append(o, storage, (size_t)(end - storage));
}

const struct pg_type *
gen_util_resolve(const struct pg_type *type)
{
    /* A domain over a domain is resolved step by step; the validator
     * rejects cycles, the depth limit only keeps a bad model finite. */
    for (int depth = 0; depth < 16; depth++) {
        if (type->base != PG_DOMAIN || type->custom == NULL ||
            type->array_dims > 0)
            return type;
        type = &type->custom->base_type;
    }
    return type;
}

void
gen_util_int_bounds(enum pg_base base, int64_t *min, int64_t *max)
{
    switch (base) {
    case PG_SMALLINT:
        *min = INT16_MIN;
        *max = INT16_MAX;
        break;
    case PG_INTEGER:
        *min = INT32_MIN;
        *max = INT32_MAX;
        break;
    default:
        *min = INT64_MIN;
        *max = INT64_MAX;
        break;
    }
}

static const char *const base_names[] = {
#define BASE_NAME(suffix, sql) sql,
    PG_BASE_MAP(BASE_NAME)
#undef BASE_NAME
};

const char *
gen_util_type_name(const struct pg_type *type, char *buffer, size_t size)
{
    const char *name =
        type->base < PG_BASE_COUNT ? base_names[type->base] : "unknown";
    if (type->custom != NULL && type->custom->name != NULL)
        name = type->custom->name;
    int used;
    if (type->length >= 0 &&
        (type->base == PG_VARCHAR || type->base == PG_CHAR ||
         type->base == PG_BIT || type->base == PG_VARBIT))
        used = snprintf(buffer, size, "%s(%d)", name, (int)type->length);
    else if (type->base == PG_NUMERIC && type->precision >= 0)
        used = snprintf(buffer, size, "%s(%d,%d)", name, (int)type->precision,
                        (int)type->scale);
    else
        used = snprintf(buffer, size, "%s", name);
    for (int i = 0;
         i < type->array_dims && used >= 0 && (size_t)used + 2 < size; i++) {
        buffer[used++] = '[';
        buffer[used++] = ']';
        buffer[used] = '\0';
    }
    return buffer;
}

char *
gen_util_path(const struct gen_spec *spec, const char *key)
{
    return xasprintf("%s.generator_config.%s", spec->path ? spec->path : "",
                     key);
}

void
gen_util_config_error(const struct gen_spec *spec, const char *key,
                      struct diag_list *diags, const char *fmt, ...)
{
    char *path = gen_util_path(spec, key);
    va_list ap;
    va_start(ap, fmt);
    char *message = xvasprintf(fmt, ap);
    va_end(ap);
    diag_error(diags, path, "%s", message);
    free(message);
    free(path);
}

void
gen_util_error(const struct gen_spec *spec, struct diag_list *diags,
               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *message = xvasprintf(fmt, ap);
    va_end(ap);
    diag_error(diags, spec->path ? spec->path : "", "%s", message);
    free(message);
}

const json_t *
gen_util_config(const struct gen_spec *spec, const char *key)
{
    if (spec->config == NULL || !json_is_object(spec->config))
        return NULL;
    const json_t *value = json_object_get(spec->config, key);
    return value != NULL && !json_is_null(value) ? value : NULL;
}

int
gen_util_config_int(const struct gen_spec *spec, const char *key, int64_t *out,
                    struct diag_list *diags)
{
    const json_t *value = gen_util_config(spec, key);
    if (value == NULL)
        return 0;
    if (json_is_integer(value)) {
        *out = (int64_t)json_integer_value(value);
        return 1;
    }
    if (json_is_real(value)) {
        double d = json_real_value(value);
        if (d == floor(d) && fabs(d) < 9.2e18) {
            *out = (int64_t)d;
            return 1;
        }
    }
    gen_util_config_error(spec, key, diags, "\"%s\" must be an integer", key);
    return -1;
}

int
gen_util_config_number(const struct gen_spec *spec, const char *key,
                       double *out, struct diag_list *diags)
{
    const json_t *value = gen_util_config(spec, key);
    if (value == NULL)
        return 0;
    if (!json_is_number(value)) {
        gen_util_config_error(spec, key, diags, "\"%s\" must be a number", key);
        return -1;
    }
    *out = json_number_value(value);
    if (!isfinite(*out)) {
        gen_util_config_error(spec, key, diags, "\"%s\" must be finite", key);
        return -1;
    }
    return 1;
}

int
gen_util_config_fraction(const struct gen_spec *spec, const char *key,
                         double *out, struct diag_list *diags)
{
    int found = gen_util_config_number(spec, key, out, diags);
    if (found == 1 && (*out < 0.0 || *out > 1.0)) {
        gen_util_config_error(spec, key, diags,
                              "\"%s\" must be between 0 and 1", key);
        return -1;
    }
    return found;
}

static const char *
parse_digits(const char *p, int count, int64_t *out)
{
    int64_t value = 0;
    for (int i = 0; i < count; i++) {
        if (p[i] < '0' || p[i] > '9')
            return NULL;
        value = value * 10 + (p[i] - '0');
    }
    *out = value;
    return p + count;
}

/* "HH:MM[:SS[.ffffff]]" at p; returns the end or NULL. */
static const char *
parse_clock(const char *p, int64_t *usec)
{
    int64_t hour, minute, second = 0, fraction = 0;
    if ((p = parse_digits(p, 2, &hour)) == NULL || *p++ != ':' ||
        (p = parse_digits(p, 2, &minute)) == NULL)
        return NULL;
    if (*p == ':') {
        if ((p = parse_digits(p + 1, 2, &second)) == NULL)
            return NULL;
        if (*p == '.') {
            p++;
            int digits = 0;
            while (*p >= '0' && *p <= '9') {
                if (digits < 6) {
                    fraction = fraction * 10 + (*p - '0');
                    digits++;
                }
                p++;
            }
            if (digits == 0)
                return NULL;
            for (; digits < 6; digits++)
                fraction *= 10;
        }
    }
    if (hour > 23 || minute > 59 || second > 59)
        return NULL;
    *usec = ((hour * 60 + minute) * 60 + second) * USEC_PER_SEC + fraction;
    return p;
}

int
gen_util_parse_time(const char *text, int64_t *out)
{
    const char *end = parse_clock(text, out);
    return end != NULL && *end == '\0' ? 0 : -1;
}

int
gen_util_parse_timestamp(const char *text, int64_t *out)
{
    int64_t year, month, day;
    const char *p = text;
    if ((p = parse_digits(p, 4, &year)) == NULL || *p++ != '-' ||
        (p = parse_digits(p, 2, &month)) == NULL || *p++ != '-' ||
        (p = parse_digits(p, 2, &day)) == NULL)
        return -1;
    if (year < 1 || month < 1 || month > 12 || day < 1)
        return -1;
    static const int month_days[] = {31, 29, 31, 30, 31, 30,
                                     31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > month_days[month - 1] || (month == 2 && day == 29 && !leap))
        return -1;
    int64_t usec = 0;
    if (*p == ' ' || *p == 'T') {
        if ((p = parse_clock(p + 1, &usec)) == NULL)
            return -1;
    }
    if (*p == 'Z')
        p++;
    else if (strcmp(p, "+00:00") == 0 || strcmp(p, "+00") == 0)
        p += strlen(p);
    if (*p != '\0')
        return -1;
    *out =
        days_from_civil(year, (unsigned)month, (unsigned)day) * USEC_PER_DAY +
        usec;
    return 0;
}

int
gen_util_config_timestamp(const struct gen_spec *spec, const char *key,
                          int64_t *out, struct diag_list *diags)
{
    const json_t *value = gen_util_config(spec, key);
    if (value == NULL)
        return 0;
    if (!json_is_string(value) ||
        gen_util_parse_timestamp(json_string_value(value), out) != 0) {
        gen_util_config_error(
            spec, key, diags,
            "\"%s\" must be an ISO date (\"2024-01-31\") or timestamp "
            "(\"2024-01-31 13:45:00\")",
            key);
        return -1;
    }
    return 1;
}

int
gen_util_config_time(const struct gen_spec *spec, const char *key, int64_t *out,
                     struct diag_list *diags)
{
    const json_t *value = gen_util_config(spec, key);
    if (value == NULL)
        return 0;
    if (!json_is_string(value) ||
        gen_util_parse_time(json_string_value(value), out) != 0) {
        gen_util_config_error(spec, key, diags,
                              "\"%s\" must be a time of day (\"13:45:00\")",
                              key);
        return -1;
    }
    return 1;
}

int64_t
gen_util_pow10(int n)
{
    int64_t value = 1;
    for (int i = 0; i < n && i < 18; i++)
        value *= 10;
    return value;
}

/* floor or ceiling of numerator / denominator (denominator > 0) */
static int64_t
divide_round(int64_t numerator, int64_t denominator, bool up, bool *exact)
{
    int64_t q = numerator / denominator;
    int64_t r = numerator % denominator;
    *exact = r == 0;
    if (r != 0) {
        if (up && r > 0)
            q++;
        if (!up && r < 0)
            q--;
    }
    return q;
}

static int64_t
saturating_mul(int64_t a, int64_t b)
{
    __int128 product = (__int128)a * b;
    if (product > INT64_MAX)
        return INT64_MAX;
    if (product < INT64_MIN)
        return INT64_MIN;
    return (int64_t)product;
}

bool
gen_util_bound_scaled(const struct value *bound, bool is_min, bool inclusive,
                      int scale, int64_t unit_usec, int64_t *out)
{
    int64_t result;
    bool exact;
    switch (bound->kind) {
    case VALUE_INT:
        result = saturating_mul(bound->as.i, gen_util_pow10(scale));
        exact = true;
        break;
    case VALUE_NUMERIC:
        if (bound->scale <= scale) {
            result = saturating_mul(bound->as.i,
                                    gen_util_pow10(scale - bound->scale));
            exact = true;
        } else {
            result =
                divide_round(bound->as.i, gen_util_pow10(bound->scale - scale),
                             is_min, &exact);
        }
        break;
    case VALUE_FLOAT: {
        double scaled = bound->as.f * (double)gen_util_pow10(scale);
        if (isnan(scaled))
            return false;
        double rounded = is_min ? ceil(scaled) : floor(scaled);
        if (rounded >= 9.2e18)
            result = INT64_MAX;
        else if (rounded <= -9.2e18)
            result = INT64_MIN;
        else
            result = (int64_t)rounded;
        exact = rounded == scaled;
        break;
    }
    case VALUE_DATE:
    case VALUE_TIME:
    case VALUE_TIMESTAMP:
    case VALUE_TIMESTAMPTZ: {
        if (unit_usec == 0)
            return false;
        int64_t usec = bound->kind == VALUE_DATE
                           ? saturating_mul(bound->as.i, USEC_PER_DAY)
                           : bound->as.i;
        result = divide_round(usec, unit_usec, is_min, &exact);
        break;
    }
    default:
        return false;
    }
    if (!inclusive && exact) {
        if (is_min && result < INT64_MAX)
            result++;
        else if (!is_min && result > INT64_MIN)
            result--;
    }
    *out = result;
    return true;
}

int
gen_util_need_capacity(const struct gen_spec *spec, uint64_t capacity,
                       const char *what, struct diag_list *diags)
{
    if (!spec->unique || spec->row_count <= capacity)
        return 0;
    gen_util_error(spec, diags,
                   "cannot generate %llu unique values: %s has only %llu "
                   "distinct values",
                   (unsigned long long)spec->row_count, what,
                   (unsigned long long)capacity);
    return -1;
}

static const char *const fallback_words[] = {
    "alpha", "bravo", "delta", "echo", "golf", "hotel", "india", "kilo",
};

void
gen_util_words(struct gen_words *words)
{
    const struct embedded_file *file = embedded_find("data/words.txt");
    if (file != NULL && file->line_count > 0) {
        words->lines = file->lines;
        words->count = file->line_count;
    } else {
        words->lines = fallback_words;
        words->count = sizeof(fallback_words) / sizeof(fallback_words[0]);
    }
}

static bool
needs_array_quotes(const char *text, size_t length, char delimiter)
{
    if (length == 0)
        return true;
    if (length == 4 && (text[0] | 0x20) == 'n' && (text[1] | 0x20) == 'u' &&
        (text[2] | 0x20) == 'l' && (text[3] | 0x20) == 'l')
        return true;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (c == '"' || c == '\\' || c == '{' || c == '}' || c == ',' ||
            c == delimiter || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
            c == '\v' || c == '\f')
            return true;
    }
    return false;
}

void
gen_util_put_array_element(struct gen_out *o, const char *text, size_t length,
                           char delimiter)
{
    if (!needs_array_quotes(text, length, delimiter)) {
        gen_out_append(o, text, length);
        return;
    }
    gen_out_putc(o, '"');
    for (size_t i = 0; i < length; i++) {
        if (text[i] == '"' || text[i] == '\\')
            gen_out_putc(o, '\\');
        gen_out_putc(o, text[i]);
    }
    gen_out_putc(o, '"');
}

void
gen_util_put_record_field(struct gen_out *o, const char *text, size_t length)
{
    bool quote = length == 0;
    for (size_t i = 0; i < length && !quote; i++) {
        char c = text[i];
        quote = c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' ||
                c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
                c == '\f';
    }
    if (!quote) {
        gen_out_append(o, text, length);
        return;
    }
    /* Inside quotes record_in reads "" and \x as literal characters; doubling
     * both is what record_out writes. */
    gen_out_putc(o, '"');
    for (size_t i = 0; i < length; i++) {
        if (text[i] == '"' || text[i] == '\\')
            gen_out_putc(o, text[i]);
        gen_out_putc(o, text[i]);
    }
    gen_out_putc(o, '"');
}

static int64_t
clamp64(int64_t x, int64_t lo, int64_t hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

static uint64_t
range_capacity(int64_t lo, int64_t hi)
{
    uint64_t span = (uint64_t)hi - (uint64_t)lo;
    return span == UINT64_MAX ? UINT64_MAX : span + 1;
}

static int64_t
saturating_add(int64_t a, uint64_t b, int64_t limit)
{
    if ((uint64_t)limit - (uint64_t)a <= b || limit < a)
        return limit;
    return (int64_t)((uint64_t)a + b);
}

static int64_t
saturating_sub(int64_t a, uint64_t b, int64_t limit)
{
    if ((uint64_t)a - (uint64_t)limit <= b || a < limit)
        return limit;
    return (int64_t)((uint64_t)a - b);
}

int
gen_util_range(const struct gen_spec *spec, struct gen_range *r,
               struct diag_list *diags)
{
    if (r->explicit_lo && r->explicit_hi && r->lo > r->hi) {
        gen_util_config_error(spec, "min", diags,
                              "\"min\" must not be greater than \"max\"");
        return -1;
    }
    uint64_t width = range_capacity(r->lo, r->hi) - 1;
    int64_t bound_lo = r->limit_lo, bound_hi = r->limit_hi, converted;
    const struct check_bounds *b = spec->bounds;
    if (b != NULL && b->has_min &&
        gen_util_bound_scaled(&b->min, true, b->min_inclusive, r->scale,
                              r->unit_usec, &converted) &&
        converted > bound_lo)
        bound_lo = converted;
    if (b != NULL && b->has_max &&
        gen_util_bound_scaled(&b->max, false, b->max_inclusive, r->scale,
                              r->unit_usec, &converted) &&
        converted < bound_hi)
        bound_hi = converted;
    if (bound_lo > bound_hi) {
        gen_util_error(spec, diags,
                       "the CHECK constraints leave no value the type can "
                       "hold");
        return -1;
    }
    if (r->explicit_lo)
        r->lo = r->lo > bound_lo ? r->lo : bound_lo;
    else
        r->lo = clamp64(r->lo, bound_lo, bound_hi);
    if (r->explicit_hi)
        r->hi = r->hi < bound_hi ? r->hi : bound_hi;
    else
        r->hi = clamp64(r->hi, bound_lo, bound_hi);
    /* A default window the bounds pushed aside keeps its width next to the
     * bound that moved it. */
    if (r->lo > r->hi || (r->lo == r->hi && width > 0)) {
        if (!r->explicit_hi && r->hi < r->lo + (r->lo < bound_hi))
            r->hi = saturating_add(r->lo, width, bound_hi);
        else if (!r->explicit_lo)
            r->lo = saturating_sub(r->hi, width, bound_lo);
    }
    if (r->lo > r->hi) {
        gen_util_error(spec, diags,
                       "no value between \"min\" and \"max\" satisfies the "
                       "CHECK constraints");
        return -1;
    }
    if (spec->unique && range_capacity(r->lo, r->hi) < spec->row_count) {
        uint64_t need = spec->row_count - 1;
        if (!r->explicit_hi)
            r->hi = saturating_add(r->lo, need, bound_hi);
        if (range_capacity(r->lo, r->hi) < spec->row_count && !r->explicit_lo)
            r->lo = saturating_sub(r->hi, need, bound_lo);
    }
    if (spec->unique && range_capacity(r->lo, r->hi) < spec->row_count) {
        gen_util_error(spec, diags,
                       "cannot generate %llu unique values: the range holds "
                       "only %llu distinct %s",
                       (unsigned long long)spec->row_count,
                       (unsigned long long)range_capacity(r->lo, r->hi),
                       r->unit_name ? r->unit_name : "values");
        return -1;
    }
    return 0;
}

size_t
gen_util_copy_allowed(const struct gen_spec *spec, struct value **allowed)
{
    *allowed = NULL;
    if (spec->bounds == NULL || spec->bounds->allowed == NULL ||
        spec->bounds->allowed_count == 0)
        return 0;
    size_t count = spec->bounds->allowed_count;
    struct value *copy = xcalloc(count, sizeof(*copy));
    for (size_t i = 0; i < count; i++) {
        copy[i] = spec->bounds->allowed[i];
        if (copy[i].kind == VALUE_TEXT)
            copy[i].as.text.ptr =
                xstrndup(copy[i].as.text.ptr, copy[i].as.text.len);
    }
    *allowed = copy;
    return count;
}

void
gen_util_free_allowed(struct value *allowed, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (allowed[i].kind == VALUE_TEXT)
            free((char *)allowed[i].as.text.ptr);
    free(allowed);
}

void
gen_util_type_error(const struct gen_spec *spec, const char *kind,
                    struct diag_list *diags)
{
    char name[128];
    char *path = xasprintf("%s.generator", spec->path ? spec->path : "");
    diag_error(diags, path, "generator \"%s\" cannot produce type \"%s\"", kind,
               gen_util_type_name(spec->type, name, sizeof(name)));
    free(path);
}

long
gen_util_text_limit(const struct gen_spec *spec)
{
    long limit = -1;
    const struct pg_type *t = spec->type;
    for (int depth = 0; depth < 16 && t != NULL; depth++) {
        if ((t->base == PG_VARCHAR || t->base == PG_CHAR) && t->length >= 0 &&
            (limit < 0 || t->length < limit))
            limit = t->length;
        if (t->base != PG_DOMAIN || t->custom == NULL)
            break;
        t = &t->custom->base_type;
    }
    if (spec->bounds != NULL && spec->bounds->max_length >= 0 &&
        (limit < 0 || spec->bounds->max_length < limit))
        limit = spec->bounds->max_length;
    return limit;
}

const char *
gen_util_config_text(const struct gen_spec *spec, const char *key,
                     size_t max_bytes, size_t *length, struct diag_list *diags)
{
    const json_t *config = gen_util_config(spec, key);
    if (config == NULL) {
        gen_util_config_error(spec, key, diags, "\"%s\" is required", key);
        return NULL;
    }
    if (!json_is_string(config)) {
        gen_util_config_error(spec, key, diags, "\"%s\" must be a string",
                              key);
        return NULL;
    }
    const char *text = json_string_value(config);
    *length = json_string_length(config);
    if (*length > max_bytes || strlen(text) != *length) {
        gen_util_config_error(spec, key, diags,
                              "\"%s\" must be at most %zu bytes of text", key,
                              max_bytes);
        return NULL;
    }
    return text;
}
