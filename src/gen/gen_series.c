#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/strutil.h"
#include "core/xalloc.h"
#include "gen/gen_internal.h"

/*
 * timeseries: row r's timestamp is start + r * interval (+ jitter) in
 * working time, mapped onto the calendar. Working time skips what the
 * config excludes (weekends, the hours outside 09:00-17:00), so business
 * hours come from arithmetic, not from rejecting draws, and any row costs
 * the same few divisions. series: a number that follows the timestamp of a
 * timeseries column of the same row, computed again from that column's
 * config rather than read from it.
 */

#define USEC_PER_HOUR (INT64_C(3600) * USEC_PER_SEC)
/* 1970-01-05, the first Monday after the epoch: working weeks count from
 * there. */
#define MONDAY_DAYS 4
/* The last instant the dump's date formats cover: 9999-12-31 23:59:59.999999 */
#define LAST_DAYS INT64_C(2932896)
#define LAST_USEC ((LAST_DAYS + 1) * USEC_PER_DAY - 1)

struct working_week {
    int64_t day_start; /* working time starts this long after midnight */
    int64_t day_len;   /* working time per working day */
    int64_t days;      /* working days per week, from Monday: 5 or 7 */
};

struct timeseries {
    struct working_week week;
    int64_t start;        /* the config's start, microseconds since 1970 */
    int64_t origin;       /* row 0's working-time position */
    int64_t step;         /* working time between rows */
    int64_t jitter_units; /* jitter is in [-units, units] * jitter_unit */
    int64_t jitter_unit;
    uint64_t salt; /* the column's name: the jitter's stream, so a series
                      column can compute the same jitter */
    enum pg_base base;
};

static int64_t
floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if (a % b != 0 && (a < 0) != (b < 0))
        q--;
    return q;
}

/* The working-time position of instant t: time outside working hours
 * collapses onto the next working instant. */
static int64_t
working_position(const struct working_week *w, int64_t t)
{
    int64_t day = floor_div(t, USEC_PER_DAY);
    int64_t clock = t - day * USEC_PER_DAY;
    int64_t week = floor_div(day - MONDAY_DAYS, 7);
    int64_t weekday = day - MONDAY_DAYS - week * 7;
    int64_t week_len = w->days * w->day_len;
    if (weekday >= w->days)
        return (week + 1) * week_len;
    int64_t within = clock - w->day_start;
    if (within < 0)
        within = 0;
    else if (within > w->day_len)
        within = w->day_len;
    return week * week_len + weekday * w->day_len + within;
}

/* The instant at working-time position p; strictly increasing in p. */
static int64_t
working_instant(const struct working_week *w, int64_t p)
{
    int64_t week_len = w->days * w->day_len;
    int64_t week = floor_div(p, week_len);
    int64_t rest = p - week * week_len;
    int64_t weekday = rest / w->day_len;
    int64_t within = rest - weekday * w->day_len;
    return (MONDAY_DAYS + week * 7 + weekday) * USEC_PER_DAY + w->day_start +
           within;
}

/* Row 0 folds its jitter upwards so that no row comes before start. */
static int64_t
timeseries_jitter(const struct timeseries *ts, uint64_t row, uint64_t row_key)
{
    if (ts->jitter_units == 0)
        return 0;
    struct rng r = {.state = rng_combine(row_key, ts->salt)};
    int64_t units = rng_range(&r, -ts->jitter_units, ts->jitter_units);
    if (row == 0 && units < 0)
        units = -units;
    return units * ts->jitter_unit;
}

/* Row's timestamp in microseconds (a date's midnight for date columns). */
static int64_t
timeseries_at(const struct timeseries *ts, uint64_t row, uint64_t row_key)
{
    __int128 p = (__int128)ts->origin + (__int128)row * ts->step +
                 timeseries_jitter(ts, row, row_key);
    /* Rows past the planned count may run off the calendar; keep them
     * defined rather than wrapping. */
    const __int128 limit = (__int128)INT64_C(1) << 61;
    if (p > limit)
        p = limit;
    return working_instant(&ts->week, (int64_t)p);
}

/* interval text */

struct interval_unit {
    const char *names[4];
    int64_t usec; /* 0: days (days_per_unit) */
    int64_t days_per_unit;
};

static const struct interval_unit interval_units[] = {
    {{"microsecond", "microseconds", "us", "usec"}, 1, 0},
    {{"millisecond", "milliseconds", "ms", "msec"}, 1000, 0},
    {{"second", "seconds", "sec", "s"}, USEC_PER_SEC, 0},
    {{"minute", "minutes", "min", "m"}, 60 * USEC_PER_SEC, 0},
    {{"hour", "hours", "hr", "h"}, USEC_PER_HOUR, 0},
    {{"day", "days", "d", NULL}, 0, 1},
    {{"week", "weeks", "w", NULL}, 0, 7},
};

static bool
is_calendar_unit(const char *word, size_t length)
{
    static const char *const names[] = {
        "mon", "mons", "month", "months", "year", "years", "y", "yr", "yrs"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strlen(names[i]) == length &&
            strncasecmp(word, names[i], length) == 0)
            return true;
    return false;
}

/* "15 minutes", "1 hour 30 minutes", "1.5 days", "2 days 04:00:00",
 * "00:15:00": a day part (whole days, which working time may shorten) and a
 * microsecond part. Returns NULL or what is wrong. */
static const char *
parse_interval(const char *text, int64_t *days, int64_t *usec)
{
    *days = 0;
    *usec = 0;
    const char *p = text;
    bool any = false;
    while (*p) {
        if (isspace((unsigned char)*p)) {
            p++;
            continue;
        }
        if (!isdigit((unsigned char)*p) && *p != '.')
            return *p == '-' ? "must be positive" : "expects a number";
        /* digits [. digits], kept exact as whole and millionths */
        int64_t whole = 0, millionths = 0;
        int digits = 0;
        while (isdigit((unsigned char)*p)) {
            if (whole > INT64_C(100000000000))
                return "is too long";
            whole = whole * 10 + (*p++ - '0');
            digits++;
        }
        if (*p == ':') {
            /* a clock: H[H...]:MM[:SS[.ffffff]] */
            int64_t minutes = 0, seconds = 0, fraction = 0;
            p++;
            if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
                return "has a malformed time";
            minutes = (p[0] - '0') * 10 + (p[1] - '0');
            p += 2;
            if (*p == ':') {
                p++;
                if (!isdigit((unsigned char)p[0]) ||
                    !isdigit((unsigned char)p[1]))
                    return "has a malformed time";
                seconds = (p[0] - '0') * 10 + (p[1] - '0');
                p += 2;
                if (*p == '.') {
                    p++;
                    int64_t scale = 100000;
                    while (isdigit((unsigned char)*p)) {
                        fraction += (*p++ - '0') * scale;
                        scale /= 10;
                    }
                }
            }
            if (minutes > 59 || seconds > 59)
                return "has a malformed time";
            *usec += whole * USEC_PER_HOUR + minutes * 60 * USEC_PER_SEC +
                     seconds * USEC_PER_SEC + fraction;
            any = true;
            continue;
        }
        if (*p == '.') {
            p++;
            int64_t scale = 100000;
            while (isdigit((unsigned char)*p)) {
                millionths += (*p++ - '0') * scale;
                scale /= 10;
                digits++;
            }
        }
        if (digits == 0)
            return "expects a number";
        while (isspace((unsigned char)*p))
            p++;
        const char *word = p;
        while (isalpha((unsigned char)*p))
            p++;
        size_t length = (size_t)(p - word);
        if (length == 0)
            return "needs a unit after each number (\"15 minutes\")";
        if (is_calendar_unit(word, length))
            return "cannot use months or years, which have no fixed length: "
                   "use days";
        const struct interval_unit *unit = NULL;
        for (size_t i = 0;
             i < sizeof(interval_units) / sizeof(interval_units[0]) && !unit;
             i++)
            for (int n = 0; n < 4 && interval_units[i].names[n] && !unit; n++)
                if (strlen(interval_units[i].names[n]) == length &&
                    strncasecmp(word, interval_units[i].names[n], length) == 0)
                    unit = &interval_units[i];
        if (unit == NULL)
            return "has an unknown unit (microseconds, milliseconds, "
                   "seconds, minutes, hours, days or weeks)";
        if (unit->usec > 0) {
            *usec += whole * unit->usec + millionths * unit->usec / 1000000;
        } else {
            *days += whole * unit->days_per_unit;
            /* A fraction of a day is time, as PostgreSQL reads '1.5 days'. */
            *usec += millionths * unit->days_per_unit * USEC_PER_DAY / 1000000;
        }
        any = true;
    }
    if (!any)
        return "is empty";
    return NULL;
}

/* interval or jitter: seconds as a number, or interval text. 1, 0 or -1. */
static int
config_duration(const struct gen_spec *spec, const char *key, int64_t *days,
                int64_t *usec, struct diag_list *diags)
{
    const json_t *value = gen_util_config(spec, key);
    if (value == NULL)
        return 0;
    *days = 0;
    *usec = 0;
    if (json_is_number(value)) {
        double seconds = json_number_value(value);
        if (!(seconds >= 0) || seconds > 1e12) {
            gen_util_config_error(spec, key, diags,
                                  "\"%s\" must be a number of seconds from 0 "
                                  "to 10^12",
                                  key);
            return -1;
        }
        *usec = (int64_t)llround(seconds * 1e6);
        return 1;
    }
    const char *problem = "must be a number of seconds or a text such as "
                          "\"15 minutes\"";
    if (json_is_string(value)) {
        problem = parse_interval(json_string_value(value), days, usec);
        if (problem == NULL)
            return 1;
    }
    gen_util_config_error(spec, key, diags, "\"%s\" %s", key, problem);
    return -1;
}

static int
config_bool(const struct gen_spec *spec, const char *key, bool *out,
            struct diag_list *diags)
{
    const json_t *value = gen_util_config(spec, key);
    if (value == NULL)
        return 0;
    if (!json_is_boolean(value)) {
        gen_util_config_error(spec, key, diags, "\"%s\" must be true or false",
                              key);
        return -1;
    }
    *out = json_is_true(value);
    return 1;
}

/* The column's resolution: a day for dates, 10^(6-p) microseconds for
 * timestamp(p). */
static int64_t
column_grain(const struct pg_type *t)
{
    if (t->base == PG_DATE)
        return USEC_PER_DAY;
    if (t->precision >= 0 && t->precision < 6)
        return gen_util_pow10(6 - t->precision);
    return 1;
}

/* Reads a timeseries config for spec's column into ts. Shared by the
 * timeseries kind and by series, which reads its timestamp column's. */
static int
timeseries_parse(const struct gen_spec *spec, struct timeseries *ts,
                 struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 || (t->base != PG_DATE && t->base != PG_TIMESTAMP &&
                              t->base != PG_TIMESTAMPTZ)) {
        gen_util_type_error(spec, "timeseries", diags);
        return -1;
    }
    memset(ts, 0, sizeof(*ts));
    ts->base = t->base;
    ts->salt = rng_hash_name(
        spec->column && spec->column->name ? spec->column->name : "");
    bool date = t->base == PG_DATE;
    int64_t grain = column_grain(t);
    char type_name[128];
    gen_util_type_name(spec->type, type_name, sizeof(type_name));

    ts->start = days_from_civil(2024, 1, 1) * USEC_PER_DAY;
    int64_t days = 0, usec = date ? USEC_PER_DAY : USEC_PER_HOUR;
    int64_t jitter_days = 0, jitter_usec = 0;
    bool business = false, weekdays = false;
    if (gen_util_config_timestamp(spec, "start", &ts->start, diags) < 0 ||
        config_duration(spec, "interval", &days, &usec, diags) < 0 ||
        config_duration(spec, "jitter", &jitter_days, &jitter_usec, diags) <
            0 ||
        config_bool(spec, "business_hours", &business, diags) < 0 ||
        config_bool(spec, "weekdays_only", &weekdays, diags) < 0)
        return -1;
    ts->start = floor_div(ts->start, grain) * grain;
    if (business && date) {
        gen_util_config_error(spec, "business_hours", diags,
                              "\"business_hours\" needs a timestamp column, "
                              "not \"%s\"",
                              type_name);
        return -1;
    }
    ts->week.day_start = business ? 9 * USEC_PER_HOUR : 0;
    ts->week.day_len = business ? 8 * USEC_PER_HOUR : USEC_PER_DAY;
    ts->week.days = business || weekdays ? 5 : 7;

    /* A day of interval is a working day: 8 hours in business hours. */
    __int128 step = (__int128)days * ts->week.day_len + usec;
    if (step <= 0 || step > (__int128)INT64_C(1) << 58) {
        gen_util_config_error(spec, "interval", diags,
                              step <= 0 ? "\"interval\" must be positive"
                                        : "\"interval\" is too long");
        return -1;
    }
    ts->step = (int64_t)step;
    if (ts->step % grain != 0) {
        if (date)
            gen_util_config_error(spec, "interval", diags,
                                  "\"interval\" must be a whole number of "
                                  "days for a date column");
        else if (grain == USEC_PER_SEC)
            gen_util_config_error(spec, "interval", diags,
                                  "\"interval\" must be a whole number of "
                                  "seconds for timestamp(0)");
        else
            gen_util_config_error(spec, "interval", diags,
                                  "\"interval\" must be a multiple of %g "
                                  "seconds for timestamp(%d)",
                                  (double)grain / USEC_PER_SEC,
                                  (int)t->precision);
        return -1;
    }
    __int128 jitter = (__int128)jitter_days * USEC_PER_DAY + jitter_usec;
    if (2 * jitter >= step) {
        gen_util_config_error(spec, "jitter", diags,
                              "\"jitter\" must be less than half the "
                              "interval, or rows could swap places");
        return -1;
    }
    /* Whole seconds look like recorded data; finer jitter keeps to the
     * column's precision. */
    ts->jitter_unit =
        jitter >= USEC_PER_SEC && grain <= USEC_PER_SEC ? USEC_PER_SEC : grain;
    ts->jitter_units = (int64_t)jitter / ts->jitter_unit;
    ts->origin = working_position(&ts->week, ts->start);

    uint64_t rows = spec->row_count > 0 ? spec->row_count - 1 : 0;
    __int128 last = (__int128)ts->origin + (__int128)rows * ts->step +
                    ts->jitter_units * ts->jitter_unit;
    if (last > working_position(&ts->week, LAST_USEC)) {
        gen_util_error(spec, diags,
                       "a timeseries over %llu rows runs past the year 9999",
                       (unsigned long long)spec->row_count);
        return -1;
    }
    return 0;
}

/* CHECK bounds cannot move rows without breaking the order: the whole
 * series must fit inside them. */
static int
timeseries_check_bounds(const struct gen_spec *spec,
                        const struct timeseries *ts, struct diag_list *diags)
{
    const struct check_bounds *b = spec->bounds;
    if (b == NULL)
        return 0;
    if (b->allowed != NULL && b->allowed_count > 0) {
        gen_util_error(spec, diags,
                       "a timeseries cannot keep to the CHECK constraint's "
                       "IN list");
        return -1;
    }
    int64_t unit = ts->base == PG_DATE ? USEC_PER_DAY : 1;
    uint64_t rows = spec->row_count > 0 ? spec->row_count - 1 : 0;
    int64_t first = working_instant(&ts->week, ts->origin) / unit;
    int64_t last =
        working_instant(&ts->week, ts->origin + (int64_t)rows * ts->step +
                                       ts->jitter_units * ts->jitter_unit) /
        unit;
    int64_t bound;
    if ((b->has_min &&
         gen_util_bound_scaled(&b->min, true, b->min_inclusive, 0, unit,
                               &bound) &&
         first < bound) ||
        (b->has_max &&
         gen_util_bound_scaled(&b->max, false, b->max_inclusive, 0, unit,
                               &bound) &&
         last > bound)) {
        char *path = gen_util_path(spec, "start");
        diag_add(diags, DIAG_ERROR, path,
                 "move \"start\" or shorten \"interval\"",
                 "the timeseries leaves the range its CHECK constraints "
                 "allow");
        free(path);
        return -1;
    }
    return 0;
}

static const struct gen_key timeseries_keys[] = {
    {"start", GEN_KEY_STRING, "2024-01-01 00:00:00",
     "row 0's timestamp (ISO); later rows never come before it"},
    {"interval", GEN_KEY_SCALAR, "1 hour (date: 1 day)",
     "between rows: seconds, or text such as \"15 minutes\", \"1 day\"; "
     "with business_hours a day is 8 working hours"},
    {"jitter", GEN_KEY_SCALAR, "0",
     "random +/- shift in seconds (or text), below half the interval"},
    {"business_hours", GEN_KEY_BOOL, "false",
     "only Monday to Friday, 09:00 to 17:00 UTC"},
    {"weekdays_only", GEN_KEY_BOOL, "false", "only Monday to Friday"},
    {NULL, 0, NULL, NULL},
};

static int
timeseries_compile(const struct gen_spec *spec, void **state,
                   struct diag_list *diags)
{
    struct timeseries *ts = xmalloc(sizeof(*ts));
    if (timeseries_parse(spec, ts, diags) != 0 ||
        timeseries_check_bounds(spec, ts, diags) != 0) {
        free(ts);
        return -1;
    }
    *state = ts;
    return 0;
}

static void
timeseries_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct timeseries *ts = state;
    int64_t t = timeseries_at(ts, ctx->row, ctx->row_key);
    switch (ts->base) {
    case PG_DATE:
        *out = value_int(floor_div(t, USEC_PER_DAY));
        out->kind = VALUE_DATE;
        break;
    case PG_TIMESTAMP:
        *out = value_int(t);
        out->kind = VALUE_TIMESTAMP;
        break;
    default:
        *out = value_int(t);
        out->kind = VALUE_TIMESTAMPTZ;
        break;
    }
}

const struct gen_kind gen_series_timeseries = {
    .name = "timeseries",
    .description = "strictly increasing timestamps: start (2024-01-01) + row "
                   "* interval (\"1 hour\", \"15 minutes\", or seconds) +/- "
                   "jitter seconds (below half the interval); "
                   "business_hours (Mon-Fri 09:00-17:00 UTC) and "
                   "weekdays_only skip the rest of the week",
    .keys = timeseries_keys,
    .types = GEN_TYPES_DATETIME,
    .compile = timeseries_compile,
    .generate = timeseries_generate,
    .free = free,
};

/* series */

enum series_out { SERIES_INT, SERIES_NUMERIC, SERIES_FLOAT };

struct series {
    struct timeseries ts;
    double base, trend, noise;
    double daily, weekly, monthly;
    int64_t lo, hi; /* scaled */
    int scale;
    double unit; /* 10^scale */
    enum series_out out;
    int16_t float_digits;
};

static const struct gen_key series_keys[] = {
    {"timestamp", GEN_KEY_STRING, "the table's only timeseries column",
     "a column of this table whose generator is timeseries"},
    {"base", GEN_KEY_NUMBER, "100", "the value at the timeseries' start"},
    {"trend", GEN_KEY_NUMBER, "0", "added per day since the start"},
    {"seasonality", GEN_KEY_ANY, NULL,
     "{\"daily\", \"weekly\", \"monthly\"}: amplitudes in the column's "
     "units, or \"10%\" of base; each adds amplitude * sin(2 pi phase)"},
    {"noise", GEN_KEY_NUMBER, "0", "standard deviation of normal noise"},
    {"min", GEN_KEY_NUMBER, "the type's least value",
     "values below are "
     "raised to it"},
    {"max", GEN_KEY_NUMBER, "the type's greatest value",
     "values above are lowered to it"},
    {NULL, 0, NULL, NULL},
};

static const char *const season_keys[] = {"daily", "weekly", "monthly"};

/* The scale, the output kind and the scaled limits of a numeric column. */
static bool
series_layout(const struct pg_type *t, struct series *st, int64_t *limit_lo,
              int64_t *limit_hi)
{
    *limit_lo = INT64_MIN;
    *limit_hi = INT64_MAX;
    st->float_digits = t->base == PG_REAL ? 9 : 17;
    switch (t->array_dims > 0 ? PG_TEXT : t->base) {
    case PG_SMALLINT:
    case PG_INTEGER:
    case PG_BIGINT:
        st->out = SERIES_INT;
        st->scale = 0;
        gen_util_int_bounds(t->base, limit_lo, limit_hi);
        return true;
    case PG_NUMERIC: {
        int declared = t->scale > 0 ? t->scale : 0;
        st->scale = t->precision >= 0 ? (declared > 18 ? 18 : declared) : 2;
        st->out = SERIES_NUMERIC;
        int digits =
            t->precision >= 0 ? t->precision - declared + st->scale : 18;
        if (digits <= 0)
            return false;
        *limit_hi = gen_util_pow10(digits > 18 ? 18 : digits) - 1;
        *limit_lo = -*limit_hi;
        return true;
    }
    case PG_MONEY:
        st->out = SERIES_NUMERIC;
        st->scale = 2;
        return true;
    case PG_REAL:
    case PG_DOUBLE:
        st->out = SERIES_FLOAT;
        st->scale = 2;
        return true;
    default:
        return false;
    }
}

/* An amplitude: a number in the column's units, or "N%" of base. */
static int
season_amplitude(const struct gen_spec *spec, const json_t *value,
                 const char *key, double base, double *out,
                 struct diag_list *diags)
{
    if (json_is_number(value)) {
        *out = json_number_value(value);
        if (isfinite(*out))
            return 0;
    } else if (json_is_string(value)) {
        const char *text = json_string_value(value);
        char *end;
        double percent = strtod(text, &end);
        if (end != text && strcmp(end, "%") == 0 && isfinite(percent)) {
            *out = base * percent / 100;
            return 0;
        }
    }
    char *path = xasprintf("%s.generator_config.seasonality.%s",
                           spec->path ? spec->path : "", key);
    diag_add(diags, DIAG_ERROR, path, NULL,
             "\"%s\" must be a number (in the column's units) or a "
             "percentage of \"base\" such as \"10%%\"",
             key);
    free(path);
    return -1;
}

static int
series_seasonality(const struct gen_spec *spec, struct series *st,
                   struct diag_list *diags)
{
    const json_t *season = gen_util_config(spec, "seasonality");
    if (season == NULL)
        return 0;
    if (!json_is_object(season)) {
        gen_util_config_error(spec, "seasonality", diags,
                              "\"seasonality\" must be an object with "
                              "\"daily\", \"weekly\" or \"monthly\"");
        return -1;
    }
    double *amplitudes[] = {&st->daily, &st->weekly, &st->monthly};
    int status = 0;
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)season, key, value)
    {
        size_t i = 0;
        while (i < 3 && strcmp(key, season_keys[i]) != 0)
            i++;
        if (i < 3) {
            if (season_amplitude(spec, value, key, st->base, amplitudes[i],
                                 diags) != 0)
                status = -1;
            continue;
        }
        const char *near = str_closest(key, season_keys, 3);
        char *hint = near ? xasprintf("did you mean \"%s\"?", near)
                          : xstrdup("known keys: daily, weekly, monthly");
        char *path = xasprintf("%s.generator_config.seasonality.%s",
                               spec->path ? spec->path : "", key);
        diag_add(diags, DIAG_ERROR, path, hint, "unknown key \"%s\"", key);
        free(path);
        free(hint);
        status = -1;
    }
    return status;
}

static bool
is_timeseries_column(const struct column *col)
{
    return col->generator != NULL &&
           gen_find(col->generator) == &gen_series_timeseries;
}

/* The table's column that drives the series; NULL after an error. */
static const struct column *
series_find_timestamp(const struct gen_spec *spec, size_t *index,
                      struct diag_list *diags)
{
    const struct table *table = spec->table;
    const json_t *name = gen_util_config(spec, "timestamp");
    if (name == NULL) {
        /* The table's only timeseries column, when there is exactly one. */
        const struct column *found = NULL;
        size_t count = 0;
        for (size_t i = 0; i < table->column_count; i++) {
            if (is_timeseries_column(&table->columns[i])) {
                found = &table->columns[i];
                *index = i;
                count++;
            }
        }
        if (count == 1)
            return found;
        char *path = gen_util_path(spec, "timestamp");
        diag_add(diags, DIAG_ERROR, path,
                 "name a column of this table whose generator is "
                 "\"timeseries\"",
                 count == 0 ? "a series needs a timestamp column and table "
                              "\"%s\" has no timeseries column"
                            : "a series needs a timestamp column and table "
                              "\"%s\" has several timeseries columns",
                 table->name);
        free(path);
        return NULL;
    }
    if (!json_is_string(name)) {
        gen_util_config_error(spec, "timestamp", diags,
                              "\"timestamp\" must be a column name");
        return NULL;
    }
    const char *wanted = json_string_value(name);
    for (size_t i = 0; i < table->column_count; i++) {
        const struct column *col = &table->columns[i];
        if (strcmp(col->name, wanted) != 0)
            continue;
        *index = i;
        if (is_timeseries_column(col))
            return col;
        char *path = gen_util_path(spec, "timestamp");
        char *hint = xasprintf("give column \"%s\" \"generator\": "
                               "\"timeseries\"; a series follows only a "
                               "timeseries column",
                               wanted);
        diag_add(diags, DIAG_ERROR, path, hint,
                 "column \"%s\" does not use the \"timeseries\" generator",
                 wanted);
        free(hint);
        free(path);
        return NULL;
    }
    const char **names = xcalloc(table->column_count + 1, sizeof(*names));
    for (size_t i = 0; i < table->column_count; i++)
        names[i] = table->columns[i].name;
    const char *near = str_closest(wanted, names, table->column_count);
    char *hint = near ? xasprintf("did you mean \"%s\"?", near) : NULL;
    char *path = gen_util_path(spec, "timestamp");
    diag_add(diags, DIAG_ERROR, path, hint, "table \"%s\" has no column \"%s\"",
             table->name, wanted);
    free(path);
    free(hint);
    free(names);
    return NULL;
}

/* Parses the timestamp column's own config as its timeseries kind does;
 * its errors are that column's to report, so this one only points at it. */
static int
series_follow(const struct gen_spec *spec, const struct column *col,
              size_t index, struct timeseries *ts, struct diag_list *diags)
{
    struct gen_spec other = *spec;
    char *other_path =
        xasprintf("tables.%s.columns[%zu]", spec->table->name, index);
    other.path = other_path;
    other.column = col;
    other.type = &col->type;
    other.config = col->generator_config;
    other.unique = false;
    other.bounds = NULL;
    struct diag_list scratch;
    diag_list_init(&scratch);
    int status = timeseries_parse(&other, ts, &scratch);
    if (status != 0) {
        char *path = gen_util_path(spec, "timestamp");
        diag_add(diags, DIAG_ERROR, path,
                 scratch.count > 0 ? scratch.items[0].message : NULL,
                 "the timeseries of column \"%s\" is invalid", col->name);
        free(path);
    }
    diag_list_release(&scratch);
    free(other_path);
    return status;
}

static int
series_compile(const struct gen_spec *spec, void **state,
               struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    struct series *st = xcalloc(1, sizeof(*st));
    struct gen_range r = {.unit_name = "values"};
    if (!series_layout(t, st, &r.limit_lo, &r.limit_hi)) {
        gen_util_type_error(spec, "series", diags);
        goto fail;
    }
    st->unit = (double)gen_util_pow10(st->scale);
    if (spec->unique) {
        gen_util_error(spec, diags,
                       "a series cannot be unique: its values follow time, "
                       "not a permutation");
        goto fail;
    }
    if (spec->table == NULL) {
        gen_util_error(spec, diags,
                       "a series needs a table column, not a composite "
                       "field");
        goto fail;
    }
    size_t index = 0;
    const struct column *col = series_find_timestamp(spec, &index, diags);
    if (col == NULL || series_follow(spec, col, index, &st->ts, diags) != 0)
        goto fail;
    st->base = 100;
    if (gen_util_config_number(spec, "base", &st->base, diags) < 0 ||
        gen_util_config_number(spec, "trend", &st->trend, diags) < 0 ||
        gen_util_config_number(spec, "noise", &st->noise, diags) < 0 ||
        series_seasonality(spec, st, diags) < 0)
        goto fail;
    if (st->noise < 0) {
        gen_util_config_error(spec, "noise", diags,
                              "\"noise\" is a standard deviation and must not "
                              "be negative");
        goto fail;
    }
    double bound;
    r.lo = r.limit_lo;
    r.hi = r.limit_hi;
    r.scale = st->scale;
    const char *ends[2] = {"min", "max"};
    for (int i = 0; i < 2; i++) {
        int found = gen_util_config_number(spec, ends[i], &bound, diags);
        if (found < 0)
            goto fail;
        if (found == 0)
            continue;
        double scaled = round(bound * st->unit);
        if (!(scaled >= (double)r.limit_lo && scaled <= (double)r.limit_hi)) {
            char name[128];
            gen_util_config_error(
                spec, ends[i], diags,
                "\"%s\" is outside the range of type \"%s\"", ends[i],
                gen_util_type_name(spec->type, name, sizeof(name)));
            goto fail;
        }
        if (i == 0) {
            r.lo = (int64_t)scaled;
            r.explicit_lo = true;
        } else {
            r.hi = (int64_t)scaled;
            r.explicit_hi = true;
        }
    }
    if (gen_util_range(spec, &r, diags) != 0)
        goto fail;
    st->lo = r.lo;
    st->hi = r.hi;
    *state = st;
    return 0;
fail:
    free(st);
    return -1;
}

static double
wave(double phase)
{
    return sin(2 * M_PI * phase);
}

static void
series_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct series *st = state;
    int64_t t = timeseries_at(&st->ts, ctx->row, ctx->row_key);
    if (st->ts.base == PG_DATE)
        t = floor_div(t, USEC_PER_DAY) * USEC_PER_DAY;
    int64_t day = floor_div(t, USEC_PER_DAY);
    double clock = (double)(t - day * USEC_PER_DAY) / (double)USEC_PER_DAY;
    double x = st->base +
               st->trend * (double)(t - st->ts.start) / (double)USEC_PER_DAY;
    if (st->daily != 0)
        x += st->daily * wave(clock);
    if (st->weekly != 0) {
        int64_t weekday =
            day - MONDAY_DAYS - floor_div(day - MONDAY_DAYS, 7) * 7;
        x += st->weekly * wave(((double)weekday + clock) / 7);
    }
    if (st->monthly != 0) {
        int64_t year;
        unsigned month, mday;
        civil_from_days(day, &year, &month, &mday);
        int64_t next = month == 12 ? days_from_civil(year + 1, 1, 1)
                                   : days_from_civil(year, month + 1, 1);
        double length = (double)(next - (day - mday + 1));
        x += st->monthly * wave(((double)mday - 1 + clock) / length);
    }
    if (st->noise > 0)
        x += st->noise * rng_normal(&ctx->rng);
    double scaled = nearbyint(x * st->unit);
    int64_t k;
    if (!(scaled > (double)st->lo)) /* also NaN */
        k = st->lo;
    else if (scaled >= (double)st->hi)
        k = st->hi;
    else
        k = (int64_t)scaled;
    *out = value_int(k);
    switch (st->out) {
    case SERIES_INT:
        break;
    case SERIES_NUMERIC:
        out->kind = VALUE_NUMERIC;
        out->scale = (int16_t)st->scale;
        break;
    case SERIES_FLOAT:
        out->kind = VALUE_FLOAT;
        out->scale = 0;
        out->float_digits = st->float_digits;
        out->as.f = (double)k / st->unit;
        break;
    }
}

const struct gen_kind gen_series_series = {
    .name = "series",
    .description = "a number that follows the row's timeseries column "
                   "(timestamp): base (100) + trend per day + seasonality "
                   "{daily, weekly, monthly} amplitudes (units, or \"10%\" "
                   "of base) * sin(2 pi phase) + normal noise (stddev), "
                   "clamped to min/max",
    .keys = series_keys,
    .types = GEN_TYPES_NUMBER,
    .compile = series_compile,
    .generate = series_generate,
    .free = free,
};
