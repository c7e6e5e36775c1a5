/* timeseries and series: increasing timestamps at any row, business hours
 * and weekdays, jitter bounds, interval text, and series values that follow
 * the row's timestamp (daily wave, trend) on fixed-seed samples. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "gen/gen.h"
#include "gen/gen_internal.h"
#include "harness.h"

#define MAX_COLUMNS 4

/* A table "m" whose column 0 is a timeseries and column 1 (or more) the
 * column under test. */
struct fixture {
    struct column columns[MAX_COLUMNS];
    json_t *configs[MAX_COLUMNS];
    struct table table;
    struct check_bounds bounds;
    struct gen_spec spec;
    struct diag_list diags;
    struct arena arena;
    struct buf text;
    const struct gen_kind *kind;
    void *state;
    int compiled;
};

static struct pg_type
type_of(enum pg_base base)
{
    struct pg_type t = {.base = base, .length = -1, .precision = -1};
    return t;
}

static void
fx_column(struct fixture *f, size_t index, const char *name,
          struct pg_type type, const char *generator, const char *config)
{
    f->columns[index].name = name;
    f->columns[index].type = type;
    f->columns[index].generator = generator;
    f->configs[index] = config ? json_loads(config, 0, NULL) : NULL;
    f->columns[index].generator_config = f->configs[index];
    if (f->table.column_count <= index)
        f->table.column_count = index + 1;
}

static void
fx_init(struct fixture *f)
{
    memset(f, 0, sizeof(*f));
    f->table.name = "m";
    f->table.columns = f->columns;
    f->bounds.max_length = -1;
    f->bounds.min_length = -1;
    f->spec.table = &f->table;
    f->spec.row_count = 100000;
    f->spec.key = 0xfeed;
    f->spec.locale = "en_US";
    diag_list_init(&f->diags);
    arena_init(&f->arena, 1 << 16);
    buf_init(&f->text, 64);
}

/* Compiles the generator of column index as the planner would. */
static int
fx_compile(struct fixture *f, size_t index)
{
    static char path[64];
    snprintf(path, sizeof(path), "tables.m.columns[%zu]", index);
    const struct column *col = &f->columns[index];
    f->spec.path = path;
    f->spec.column = col;
    f->spec.type = &col->type;
    f->spec.config = col->generator_config;
    f->kind = gen_find(col->generator);
    if (f->kind == NULL)
        return -2;
    if (gen_check(f->kind, &f->spec, &f->diags) != 0)
        return -1;
    int status = f->kind->compile(&f->spec, &f->state, &f->diags);
    f->compiled = status == 0;
    return status;
}

static void
fx_generate(struct fixture *f, uint64_t row, struct value *v)
{
    struct gen_ctx ctx = {
        .rng = rng_cell(7, 11, f->spec.key, row),
        .row = row,
        .row_key = rng_cell(7, 11, 0x526f77, row).state,
        .arena = &f->arena,
    };
    f->kind->generate(f->state, &ctx, v);
}

static const char *
fx_text(struct fixture *f, uint64_t row)
{
    struct value v;
    fx_generate(f, row, &v);
    buf_reset(&f->text);
    value_format(&v, &f->text);
    return f->text.data;
}

static void
fx_release(struct fixture *f)
{
    if (f->compiled && f->kind->free)
        f->kind->free(f->state);
    f->compiled = 0;
    for (size_t i = 0; i < MAX_COLUMNS; i++)
        json_decref(f->configs[i]);
    diag_list_release(&f->diags);
    arena_release(&f->arena);
    buf_release(&f->text);
}

/* A one-column fixture: a timeseries of the given type and config. */
static int
fx_timeseries(struct fixture *f, struct pg_type type, const char *config)
{
    fx_init(f);
    fx_column(f, 0, "at", type, "timeseries", config);
    return fx_compile(f, 0);
}

static const char *
first_path(const struct fixture *f)
{
    return f->diags.count ? f->diags.items[0].path : "(none)";
}

static const char *
first_message(const struct fixture *f)
{
    return f->diags.count ? f->diags.items[0].message : "(none)";
}

static const char *
first_hint(const struct fixture *f)
{
    return f->diags.count && f->diags.items[0].hint ? f->diags.items[0].hint
                                                    : "(none)";
}

static int64_t
at(int year, unsigned month, unsigned day, int hour, int minute, int second)
{
    return days_from_civil(year, month, day) * USEC_PER_DAY +
           ((int64_t)hour * 3600 + minute * 60 + second) * USEC_PER_SEC;
}

/* Monday = 0 */
static int
weekday_of(int64_t usec)
{
    int64_t day = usec / USEC_PER_DAY - (usec % USEC_PER_DAY < 0);
    return (int)(((day - 4) % 7 + 7) % 7);
}

static int64_t
clock_of(int64_t usec)
{
    return ((usec % USEC_PER_DAY) + USEC_PER_DAY) % USEC_PER_DAY;
}

/* timeseries */

static void
test_defaults(void)
{
    struct fixture f;
    CHECK_INT_EQ(fx_timeseries(&f, type_of(PG_TIMESTAMP), NULL), 0);
    CHECK_STR_EQ(fx_text(&f, 0), "2024-01-01 00:00:00");
    CHECK_STR_EQ(fx_text(&f, 1), "2024-01-01 01:00:00");
    CHECK_STR_EQ(fx_text(&f, 24), "2024-01-02 00:00:00");
    CHECK_STR_EQ(fx_text(&f, 99999), "2035-05-29 15:00:00");
    fx_release(&f);

    CHECK_INT_EQ(fx_timeseries(&f, type_of(PG_TIMESTAMPTZ),
                               "{\"start\": \"2023-03-10T08:00:00Z\", "
                               "\"interval\": \"15 minutes\"}"),
                 0);
    CHECK_STR_EQ(fx_text(&f, 0), "2023-03-10 08:00:00+00");
    CHECK_STR_EQ(fx_text(&f, 5), "2023-03-10 09:15:00+00");
    fx_release(&f);

    /* Dates step a day by default. */
    CHECK_INT_EQ(
        fx_timeseries(&f, type_of(PG_DATE), "{\"start\": \"2024-02-28\"}"), 0);
    CHECK_STR_EQ(fx_text(&f, 0), "2024-02-28");
    CHECK_STR_EQ(fx_text(&f, 1), "2024-02-29");
    CHECK_STR_EQ(fx_text(&f, 2), "2024-03-01");
    fx_release(&f);
}

static void
test_interval_forms(void)
{
    static const struct {
        const char *interval;
        int64_t seconds;
    } forms[] = {
        {"\"1 hour 30 minutes\"", 5400},
        {"\"00:15:00\"", 900},
        {"\"1.5 days\"", 129600},
        {"\"2 weeks\"", 1209600},
        {"90", 90},
        {"\"45 sec\"", 45},
        {"\"1 day 02:00\"", 93600},
        {"\"  3 Hours \"", 10800},
    };
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        char config[96];
        snprintf(config, sizeof(config), "{\"interval\": %s}",
                 forms[i].interval);
        struct fixture f;
        CHECK_INT_EQ(fx_timeseries(&f, type_of(PG_TIMESTAMP), config), 0);
        struct value a, b;
        fx_generate(&f, 10, &a);
        fx_generate(&f, 11, &b);
        CHECK_INT_EQ(b.as.i - a.as.i, forms[i].seconds * USEC_PER_SEC);
        CHECK_INT_EQ(a.as.i, at(2024, 1, 1, 0, 0, 0) +
                                 10 * forms[i].seconds * USEC_PER_SEC);
        fx_release(&f);
    }
    /* Fractions of a second where the column keeps them. */
    struct fixture f;
    CHECK_INT_EQ(fx_timeseries(&f, type_of(PG_TIMESTAMP),
                               "{\"interval\": \"250 milliseconds\"}"),
                 0);
    CHECK_STR_EQ(fx_text(&f, 5), "2024-01-01 00:00:01.25");
    fx_release(&f);
}

static void
test_increasing_with_jitter(void)
{
    struct fixture f;
    CHECK_INT_EQ(fx_timeseries(&f, type_of(PG_TIMESTAMP),
                               "{\"start\": \"2024-06-01 12:00:00\", "
                               "\"interval\": \"15 minutes\", \"jitter\": "
                               "449}"),
                 0);
    int64_t start = at(2024, 6, 1, 12, 0, 0), previous = INT64_MIN;
    int64_t lowest = 0, highest = 0;
    for (uint64_t row = 0; row < 1000000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK_INT_EQ(v.kind, VALUE_TIMESTAMP);
        CHECK(v.as.i > previous);
        previous = v.as.i;
        int64_t offset = v.as.i - start - (int64_t)row * 900 * USEC_PER_SEC;
        CHECK(offset >= -449 * USEC_PER_SEC && offset <= 449 * USEC_PER_SEC);
        CHECK(offset % USEC_PER_SEC == 0);
        if (row == 0)
            CHECK(offset >= 0);
        lowest = offset < lowest ? offset : lowest;
        highest = offset > highest ? offset : highest;
    }
    /* The whole jitter range is used. */
    CHECK_INT_EQ(lowest, -449 * USEC_PER_SEC);
    CHECK_INT_EQ(highest, 449 * USEC_PER_SEC);
    fx_release(&f);
}

static void
test_far_rows(void)
{
    /* Row 10^8 is computed, not reached by iterating. */
    struct fixture f;
    fx_init(&f);
    f.spec.row_count = 200000000;
    fx_column(&f, 0, "at", type_of(PG_TIMESTAMP), "timeseries",
              "{\"interval\": 60, \"jitter\": 29}");
    CHECK_INT_EQ(fx_compile(&f, 0), 0);
    uint64_t far = 100000000;
    struct value before, v, after;
    fx_generate(&f, far - 1, &before);
    fx_generate(&f, far, &v);
    fx_generate(&f, far + 1, &after);
    CHECK(before.as.i < v.as.i && v.as.i < after.as.i);
    int64_t exact = at(2024, 1, 1, 0, 0, 0) + (int64_t)far * 60 * USEC_PER_SEC;
    CHECK(llabs(v.as.i - exact) <= 29 * USEC_PER_SEC);
    fx_release(&f);

    /* Without jitter the value is exact: 10^8 minutes after the start. */
    fx_init(&f);
    f.spec.row_count = 200000000;
    fx_column(&f, 0, "at", type_of(PG_TIMESTAMP), "timeseries",
              "{\"interval\": \"1 minute\"}");
    CHECK_INT_EQ(fx_compile(&f, 0), 0);
    CHECK_STR_EQ(fx_text(&f, far), "2214-02-18 10:40:00");
    fx_release(&f);

    /* Business hours at row 10^8: still inside them, still increasing. */
    fx_init(&f);
    f.spec.row_count = 200000000;
    fx_column(&f, 0, "at", type_of(PG_TIMESTAMPTZ), "timeseries",
              "{\"interval\": 60, \"business_hours\": true}");
    CHECK_INT_EQ(fx_compile(&f, 0), 0);
    fx_generate(&f, far - 1, &before);
    fx_generate(&f, far, &v);
    CHECK(before.as.i < v.as.i);
    CHECK(weekday_of(v.as.i) < 5);
    /* 10^8 working minutes are 208333 working days and 160 minutes:
     * 41666 weeks and 3 days after Monday 2024-01-01, at 11:40. */
    CHECK_INT_EQ(v.as.i, at(2024, 1, 1, 11, 40, 0) +
                             (INT64_C(41666) * 7 + 3) * USEC_PER_DAY);
    fx_release(&f);
}

static void
test_business_hours(void)
{
    struct fixture f;
    /* Friday 16:30, every 10 minutes: 16:30, 16:40, 16:50, Monday 09:00. */
    CHECK_INT_EQ(fx_timeseries(&f, type_of(PG_TIMESTAMP),
                               "{\"start\": \"2024-01-05 16:30\", "
                               "\"interval\": \"10 minutes\", "
                               "\"business_hours\": true}"),
                 0);
    CHECK_STR_EQ(fx_text(&f, 0), "2024-01-05 16:30:00");
    CHECK_STR_EQ(fx_text(&f, 2), "2024-01-05 16:50:00");
    CHECK_STR_EQ(fx_text(&f, 3), "2024-01-08 09:00:00");
    CHECK_STR_EQ(fx_text(&f, 4), "2024-01-08 09:10:00");
    fx_release(&f);

    /* A start outside business hours moves to the next working instant. */
    CHECK_INT_EQ(fx_timeseries(&f, type_of(PG_TIMESTAMP),
                               "{\"start\": \"2024-01-06 12:00\", "
                               "\"business_hours\": true}"),
                 0);
    CHECK_STR_EQ(fx_text(&f, 0), "2024-01-08 09:00:00");
    CHECK_STR_EQ(fx_text(&f, 7), "2024-01-08 16:00:00");
    CHECK_STR_EQ(fx_text(&f, 8), "2024-01-09 09:00:00");
    fx_release(&f);

    /* A day of interval is a working day. */
    CHECK_INT_EQ(fx_timeseries(&f, type_of(PG_TIMESTAMP),
                               "{\"start\": \"2024-01-04 10:00\", "
                               "\"interval\": \"1 day\", \"business_hours\": "
                               "true}"),
                 0);
    CHECK_STR_EQ(fx_text(&f, 1), "2024-01-05 10:00:00");
    CHECK_STR_EQ(fx_text(&f, 2), "2024-01-08 10:00:00");
    fx_release(&f);

    /* A million rows with jitter: all within Mon-Fri 09:00-17:00. */
    CHECK_INT_EQ(fx_timeseries(&f, type_of(PG_TIMESTAMPTZ),
                               "{\"interval\": \"7 minutes\", \"jitter\": "
                               "200, \"business_hours\": true}"),
                 0);
    int64_t previous = INT64_MIN;
    uint64_t per_weekday[7] = {0}, early = 0, late = 0;
    for (uint64_t row = 0; row < 1000000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i > previous);
        previous = v.as.i;
        per_weekday[weekday_of(v.as.i)]++;
        int64_t clock = clock_of(v.as.i);
        CHECK(clock >= 9 * 3600 * USEC_PER_SEC &&
              clock < 17 * 3600 * USEC_PER_SEC);
        early += clock < 9 * 3600 * USEC_PER_SEC + 7 * 60 * USEC_PER_SEC;
        late += clock >= 16 * 3600 * USEC_PER_SEC + 53 * 60 * USEC_PER_SEC;
    }
    CHECK_INT_EQ(per_weekday[5] + per_weekday[6], 0);
    /* Every weekday and both ends of the day get rows. */
    for (int d = 0; d < 5; d++)
        CHECK(per_weekday[d] > 190000);
    CHECK(early > 10000 && late > 10000);
    fx_release(&f);
}

static void
test_weekdays_only(void)
{
    struct fixture f;
    CHECK_INT_EQ(fx_timeseries(&f, type_of(PG_DATE),
                               "{\"start\": \"2024-01-05\", "
                               "\"weekdays_only\": true}"),
                 0);
    CHECK_STR_EQ(fx_text(&f, 0), "2024-01-05");
    CHECK_STR_EQ(fx_text(&f, 1), "2024-01-08");
    CHECK_STR_EQ(fx_text(&f, 5), "2024-01-12");
    CHECK_STR_EQ(fx_text(&f, 6), "2024-01-15");
    int64_t previous = INT64_MIN;
    for (uint64_t row = 0; row < 100000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK_INT_EQ(v.kind, VALUE_DATE);
        CHECK(v.as.i > previous);
        previous = v.as.i;
        CHECK(weekday_of(v.as.i * USEC_PER_DAY) < 5);
    }
    fx_release(&f);

    /* Timestamps every 5 hours, jittered, never on a weekend. */
    CHECK_INT_EQ(fx_timeseries(&f, type_of(PG_TIMESTAMP),
                               "{\"interval\": \"5 hours\", \"jitter\": "
                               "\"2 hours\", \"weekdays_only\": true}"),
                 0);
    previous = INT64_MIN;
    for (uint64_t row = 0; row < 100000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i > previous);
        previous = v.as.i;
        CHECK(weekday_of(v.as.i) < 5);
    }
    fx_release(&f);
}

static void
test_precision(void)
{
    /* timestamp(0) keeps whole seconds: a half-second interval would make
     * neighbours equal after rounding. */
    struct pg_type t = type_of(PG_TIMESTAMP);
    t.precision = 0;
    struct fixture f;
    CHECK_INT_EQ(fx_timeseries(&f, t, "{\"interval\": 0.5}"), -1);
    CHECK_STR_EQ(first_path(&f),
                 "tables.m.columns[0].generator_config.interval");
    CHECK_STR_EQ(first_message(&f),
                 "\"interval\" must be a whole number of seconds for "
                 "timestamp(0)");
    fx_release(&f);

    CHECK_INT_EQ(fx_timeseries(&f, type_of(PG_DATE),
                               "{\"interval\": "
                               "\"36 hours\"}"),
                 -1);
    CHECK_STR_EQ(first_message(&f),
                 "\"interval\" must be a whole number of days for a date "
                 "column");
    fx_release(&f);

    t.precision = 2;
    CHECK_INT_EQ(fx_timeseries(&f, t, "{\"interval\": \"5 ms\"}"), -1);
    CHECK_STR_EQ(first_message(&f), "\"interval\" must be a multiple of 0.01 "
                                    "seconds for timestamp(2)");
    fx_release(&f);

    /* Sub-second jitter on timestamp(3) stays on milliseconds. */
    t.precision = 3;
    CHECK_INT_EQ(fx_timeseries(&f, t, "{\"interval\": 1, \"jitter\": 0.4}"), 0);
    for (uint64_t row = 0; row < 1000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i % 1000 == 0);
    }
    fx_release(&f);
}

static void
expect_timeseries_error(struct pg_type type, const char *config,
                        const char *key, const char *message, int *ok)
{
    struct fixture f;
    *ok = 0;
    int status = fx_timeseries(&f, type, config);
    char path[128];
    snprintf(path, sizeof(path), "tables.m.columns[0]%s%s",
             key ? ".generator_config." : "", key ? key : "");
    if (status == -1 && strcmp(first_path(&f), path) == 0 &&
        strcmp(first_message(&f), message) == 0)
        *ok = 1;
    else
        printf("  got %d %s: %s\n", status, first_path(&f), first_message(&f));
    fx_release(&f);
}

static void
test_timeseries_errors(void)
{
    struct pg_type ts = type_of(PG_TIMESTAMP);
    int ok;
    expect_timeseries_error(ts, "{\"interval\": \"1 hour\", \"jitter\": 1800}",
                            "jitter",
                            "\"jitter\" must be less than half the interval, "
                            "or rows could swap places",
                            &ok);
    CHECK(ok);
    expect_timeseries_error(ts, "{\"interval\": \"1 month\"}", "interval",
                            "\"interval\" cannot use months or years, which "
                            "have no fixed length: use days",
                            &ok);
    CHECK(ok);
    expect_timeseries_error(ts, "{\"interval\": \"5 fortnights\"}", "interval",
                            "\"interval\" has an unknown unit (microseconds, "
                            "milliseconds, seconds, minutes, hours, days or "
                            "weeks)",
                            &ok);
    CHECK(ok);
    expect_timeseries_error(ts, "{\"interval\": \"15\"}", "interval",
                            "\"interval\" needs a unit after each number (\"15 "
                            "minutes\")",
                            &ok);
    CHECK(ok);
    expect_timeseries_error(ts, "{\"interval\": \"-1 hour\"}", "interval",
                            "\"interval\" must be positive", &ok);
    CHECK(ok);
    expect_timeseries_error(ts, "{\"interval\": 0}", "interval",
                            "\"interval\" must be positive", &ok);
    CHECK(ok);
    expect_timeseries_error(ts, "{\"interval\": true}", "interval",
                            "\"interval\" must be a number of seconds or a "
                            "text such as \"15 minutes\"",
                            &ok);
    CHECK(ok);
    expect_timeseries_error(ts, "{\"start\": \"yesterday\"}", "start",
                            "\"start\" must be an ISO date (\"2024-01-31\") or "
                            "timestamp (\"2024-01-31 13:45:00\")",
                            &ok);
    CHECK(ok);
    expect_timeseries_error(ts, "{\"business_hours\": \"yes\"}",
                            "business_hours",
                            "\"business_hours\" must be true or false", &ok);
    CHECK(ok);
    expect_timeseries_error(type_of(PG_DATE), "{\"business_hours\": true}",
                            "business_hours",
                            "\"business_hours\" needs a timestamp column, not "
                            "\"date\"",
                            &ok);
    CHECK(ok);
    expect_timeseries_error(ts,
                            "{\"start\": \"9999-01-01\", \"interval\": "
                            "\"1 day\"}",
                            NULL,
                            "a timeseries over 100000 rows runs past the year "
                            "9999",
                            &ok);
    CHECK(ok);

    struct fixture f;
    CHECK_INT_EQ(fx_timeseries(&f, type_of(PG_INTEGER), NULL), -1);
    CHECK_STR_EQ(first_path(&f), "tables.m.columns[0].generator");
    CHECK_CONTAINS(first_message(&f),
                   "generator \"timeseries\" cannot produce type \"integer\"");
    fx_release(&f);

    /* CHECK (at < '2024-02-01'): 100000 hourly rows do not fit. */
    fx_init(&f);
    fx_column(&f, 0, "at", ts, "timeseries", NULL);
    f.bounds.has_max = true;
    f.bounds.max = value_int(at(2024, 2, 1, 0, 0, 0));
    f.bounds.max.kind = VALUE_TIMESTAMP;
    f.spec.bounds = &f.bounds;
    CHECK_INT_EQ(fx_compile(&f, 0), -1);
    CHECK_STR_EQ(first_path(&f), "tables.m.columns[0].generator_config.start");
    CHECK_STR_EQ(first_message(&f), "the timeseries leaves the range its "
                                    "CHECK constraints allow");
    fx_release(&f);
    /* 500 rows do. */
    fx_init(&f);
    fx_column(&f, 0, "at", ts, "timeseries", NULL);
    f.bounds.has_max = true;
    f.bounds.max = value_int(at(2024, 2, 1, 0, 0, 0));
    f.bounds.max.kind = VALUE_TIMESTAMP;
    f.spec.bounds = &f.bounds;
    f.spec.row_count = 500;
    CHECK_INT_EQ(fx_compile(&f, 0), 0);
    fx_release(&f);
}

/* series */

static int
fx_series(struct fixture *f, const char *ts_config, struct pg_type type,
          const char *config)
{
    fx_init(f);
    fx_column(f, 0, "at", type_of(PG_TIMESTAMP), "timeseries", ts_config);
    fx_column(f, 1, "value", type, "series", config);
    return fx_compile(f, 1);
}

static void
test_series_exact(void)
{
    struct pg_type money = type_of(PG_NUMERIC);
    money.precision = 10;
    money.scale = 2;
    struct fixture f;
    CHECK_INT_EQ(fx_series(&f, NULL, money,
                           "{\"timestamp\": \"at\", \"trend\": 1, "
                           "\"seasonality\": {\"daily\": 10}}"),
                 0);
    /* 06:00: a quarter day of trend, the top of the daily wave */
    CHECK_STR_EQ(fx_text(&f, 6), "110.25");
    CHECK_STR_EQ(fx_text(&f, 0), "100.00");
    /* 18:00: the bottom */
    CHECK_STR_EQ(fx_text(&f, 18), "90.75");
    fx_release(&f);

    /* weekly: Monday 2024-01-01 00:00 is phase 0, Tuesday 18:00 is
     * 1.75 / 7 = 0.25; monthly: a percentage of base */
    CHECK_INT_EQ(fx_series(&f, NULL, money,
                           "{\"base\": 200, \"seasonality\": {\"weekly\": "
                           "\"10%\"}}"),
                 0);
    CHECK_STR_EQ(fx_text(&f, 0), "200.00");
    CHECK_STR_EQ(fx_text(&f, 42), "220.00");
    fx_release(&f);
    CHECK_INT_EQ(fx_series(&f, "{\"interval\": \"1 day\"}", money,
                           "{\"seasonality\": {\"monthly\": 31}}"),
                 0);
    /* 2024-01-08: day 8 of 31, phase 7/31 */
    char expected[32];
    snprintf(expected, sizeof(expected), "%.2f",
             100 + 31 * sin(2 * M_PI * 7 / 31));
    CHECK_STR_EQ(fx_text(&f, 7), expected);
    /* 2024-02-08: day 8 of 29 */
    snprintf(expected, sizeof(expected), "%.2f",
             100 + 31 * sin(2 * M_PI * 7 / 29));
    CHECK_STR_EQ(fx_text(&f, 38), expected);
    fx_release(&f);
}

static void
test_series_follows_jitter(void)
{
    /* One unit per second since the start: the series reads back exactly
     * the timestamp its column generates, jitter included. */
    struct fixture f, g;
    const char *ts_config = "{\"start\": \"2024-03-01 00:00:00\", "
                            "\"interval\": \"1 minute\", \"jitter\": 25}";
    CHECK_INT_EQ(fx_series(&f, ts_config, type_of(PG_BIGINT),
                           "{\"base\": 0, \"trend\": 86400}"),
                 0);
    CHECK_INT_EQ(fx_timeseries(&g, type_of(PG_TIMESTAMP), ts_config), 0);
    int64_t start = at(2024, 3, 1, 0, 0, 0);
    int jittered = 0;
    for (uint64_t row = 0; row < 10000; row++) {
        struct value s, t;
        fx_generate(&f, row, &s);
        fx_generate(&g, row, &t);
        CHECK_INT_EQ(s.kind, VALUE_INT);
        CHECK_INT_EQ(s.as.i, (t.as.i - start) / USEC_PER_SEC);
        jittered += s.as.i != (int64_t)row * 60;
    }
    CHECK(jittered > 9000);
    fx_release(&f);
    fx_release(&g);
}

/* The mean of sin(2 pi t / 24) over hour [h, h + 1). */
static double
hour_mean(int h)
{
    return (cos(2 * M_PI * h / 24) - cos(2 * M_PI * (h + 1) / 24)) * 24 /
           (2 * M_PI);
}

static void
test_series_daily(void)
{
    struct fixture f;
    CHECK_INT_EQ(fx_series(&f,
                           "{\"interval\": \"10 minutes\", \"jitter\": "
                           "120}",
                           type_of(PG_DOUBLE),
                           "{\"base\": 100, \"noise\": 2, \"seasonality\": "
                           "{\"daily\": 20}}"),
                 0);
    struct fixture g;
    CHECK_INT_EQ(fx_timeseries(&g, type_of(PG_TIMESTAMP),
                               "{\"interval\": \"10 minutes\", \"jitter\": "
                               "120}"),
                 0);
    double sum[24] = {0};
    uint64_t count[24] = {0};
    double residual_sq = 0;
    for (uint64_t row = 0; row < 100000; row++) {
        struct value v, t;
        fx_generate(&f, row, &v);
        fx_generate(&g, row, &t);
        CHECK_INT_EQ(v.kind, VALUE_FLOAT);
        int64_t clock = clock_of(t.as.i);
        int hour = (int)(clock / (3600 * USEC_PER_SEC));
        sum[hour] += v.as.f;
        count[hour]++;
        double expected =
            100 + 20 * sin(2 * M_PI * (double)clock / (double)USEC_PER_DAY);
        residual_sq += (v.as.f - expected) * (v.as.f - expected);
    }
    for (int h = 0; h < 24; h++) {
        double expected = 100 + 20 * hour_mean(h);
        CHECK(fabs(sum[h] / (double)count[h] - expected) < 0.25);
    }
    /* What is left is the noise: stddev 2 within 2%. */
    CHECK(fabs(sqrt(residual_sq / 100000) - 2) < 0.04);
    fx_release(&f);
    fx_release(&g);
}

static void
test_series_trend(void)
{
    struct fixture f;
    CHECK_INT_EQ(fx_series(&f, "{\"interval\": \"1 hour\"}", type_of(PG_DOUBLE),
                           "{\"base\": 50, \"trend\": 0.5, \"noise\": 5, "
                           "\"seasonality\": {\"weekly\": 10, \"daily\": "
                           "3}}"),
                 0);
    /* least squares over 100,000 hourly rows (4167 days) */
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (uint64_t row = 0; row < 100000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        double x = (double)row / 24;
        n++;
        sx += x;
        sy += v.as.f;
        sxx += x * x;
        sxy += x * v.as.f;
    }
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    double intercept = (sy - slope * sx) / n;
    CHECK(fabs(slope - 0.5) < 0.01);
    CHECK(fabs(intercept - 50) < 1);
    fx_release(&f);
}

static void
test_series_clamps(void)
{
    struct fixture f;
    CHECK_INT_EQ(fx_series(&f, NULL, type_of(PG_SMALLINT),
                           "{\"base\": 0, \"noise\": 100000, \"min\": -500, "
                           "\"max\": 30000}"),
                 0);
    uint64_t at_min = 0, at_max = 0;
    for (uint64_t row = 0; row < 10000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i >= -500 && v.as.i <= 30000);
        at_min += v.as.i == -500;
        at_max += v.as.i == 30000;
    }
    CHECK(at_min > 4000 && at_max > 3000);
    fx_release(&f);

    /* Without min and max the type clamps: smallint. */
    CHECK_INT_EQ(fx_series(&f, NULL, type_of(PG_SMALLINT),
                           "{\"base\": 0, \"noise\": 100000}"),
                 0);
    for (uint64_t row = 0; row < 10000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i >= -32768 && v.as.i <= 32767);
    }
    fx_release(&f);

    /* And a CHECK bound: value > 0. */
    fx_init(&f);
    fx_column(&f, 0, "at", type_of(PG_TIMESTAMP), "timeseries", NULL);
    fx_column(&f, 1, "value", type_of(PG_INTEGER), "series",
              "{\"base\": 0, \"noise\": 10}");
    f.bounds.has_min = true;
    f.bounds.min = value_int(0);
    f.spec.bounds = &f.bounds;
    CHECK_INT_EQ(fx_compile(&f, 1), 0);
    for (uint64_t row = 0; row < 10000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i >= 1);
    }
    fx_release(&f);
}

static void
expect_series_error(const char *config, const char *key, const char *message,
                    const char *hint, int *ok)
{
    struct fixture f;
    *ok = 0;
    int status = fx_series(&f, NULL, type_of(PG_DOUBLE), config);
    char path[128];
    snprintf(path, sizeof(path), "tables.m.columns[1]%s%s",
             key ? ".generator_config." : "", key ? key : "");
    if (status == -1 && strcmp(first_path(&f), path) == 0 &&
        strcmp(first_message(&f), message) == 0 &&
        (hint == NULL || strcmp(first_hint(&f), hint) == 0))
        *ok = 1;
    else
        printf("  got %d %s: %s (%s)\n", status, first_path(&f),
               first_message(&f), first_hint(&f));
    fx_release(&f);
}

static void
test_series_errors(void)
{
    int ok;
    expect_series_error("{\"timestamp\": \"taken\"}", "timestamp",
                        "table \"m\" has no column \"taken\"", NULL, &ok);
    CHECK(ok);
    expect_series_error("{\"timestamp\": \"a\"}", "timestamp",
                        "table \"m\" has no column \"a\"",
                        "did you mean \"at\"?", &ok);
    CHECK(ok);
    expect_series_error("{\"timestamp\": \"value\"}", "timestamp",
                        "column \"value\" does not use the \"timeseries\" "
                        "generator",
                        "give column \"value\" \"generator\": \"timeseries\"; "
                        "a series follows only a timeseries column",
                        &ok);
    CHECK(ok);
    expect_series_error("{\"timestamp\": 3}", "timestamp",
                        "\"timestamp\" must be a string", NULL, &ok);
    CHECK(ok);
    expect_series_error("{\"seasonality\": {\"dayly\": 3}}",
                        "seasonality.dayly", "unknown key \"dayly\"",
                        "did you mean \"daily\"?", &ok);
    CHECK(ok);
    expect_series_error("{\"seasonality\": {\"weekly\": \"ten\"}}",
                        "seasonality.weekly",
                        "\"weekly\" must be a number (in the column's units) "
                        "or a percentage of \"base\" such as \"10%\"",
                        NULL, &ok);
    CHECK(ok);
    expect_series_error("{\"seasonality\": 3}", "seasonality",
                        "\"seasonality\" must be an object with \"daily\", "
                        "\"weekly\" or \"monthly\"",
                        NULL, &ok);
    CHECK(ok);
    expect_series_error("{\"noise\": -1}", "noise",
                        "\"noise\" is a standard deviation and must not be "
                        "negative",
                        NULL, &ok);
    CHECK(ok);
    expect_series_error("{\"base\": \"x\"}", "base",
                        "\"base\" must be a number", NULL, &ok);
    CHECK(ok);

    /* The timestamp column's own config is broken: pointed at, not
     * repeated. */
    struct fixture f;
    fx_init(&f);
    fx_column(&f, 0, "at", type_of(PG_TIMESTAMP), "timeseries",
              "{\"interval\": \"1 month\"}");
    fx_column(&f, 1, "value", type_of(PG_DOUBLE), "series", NULL);
    CHECK_INT_EQ(fx_compile(&f, 1), -1);
    CHECK_STR_EQ(first_path(&f),
                 "tables.m.columns[1].generator_config.timestamp");
    CHECK_STR_EQ(first_message(&f),
                 "the timeseries of column \"at\" is invalid");
    CHECK_STR_EQ(first_hint(&f), "\"interval\" cannot use months or years, "
                                 "which have no fixed length: use days");
    fx_release(&f);

    /* No timeseries column to follow, or two. */
    fx_init(&f);
    fx_column(&f, 0, "created_at", type_of(PG_TIMESTAMP), NULL, NULL);
    fx_column(&f, 1, "value", type_of(PG_DOUBLE), "series", NULL);
    CHECK_INT_EQ(fx_compile(&f, 1), -1);
    CHECK_STR_EQ(first_path(&f),
                 "tables.m.columns[1].generator_config.timestamp");
    CHECK_STR_EQ(first_message(&f), "a series needs a timestamp column and "
                                    "table \"m\" has no timeseries column");
    fx_release(&f);
    fx_init(&f);
    fx_column(&f, 0, "a", type_of(PG_TIMESTAMP), "timeseries", NULL);
    fx_column(&f, 1, "b", type_of(PG_DATE), "timeseries", NULL);
    fx_column(&f, 2, "value", type_of(PG_DOUBLE), "series", NULL);
    CHECK_INT_EQ(fx_compile(&f, 2), -1);
    CHECK_STR_EQ(first_message(&f), "a series needs a timestamp column and "
                                    "table \"m\" has several timeseries "
                                    "columns");
    fx_release(&f);
    /* ... and naming one of them works, a date column included. */
    fx_init(&f);
    fx_column(&f, 0, "a", type_of(PG_TIMESTAMP), "timeseries", NULL);
    fx_column(&f, 1, "b", type_of(PG_DATE), "timeseries", NULL);
    fx_column(&f, 2, "value", type_of(PG_INTEGER), "series",
              "{\"timestamp\": \"b\", \"base\": 0, \"trend\": 1}");
    CHECK_INT_EQ(fx_compile(&f, 2), 0);
    CHECK_STR_EQ(fx_text(&f, 400), "400");
    fx_release(&f);

    fx_init(&f);
    fx_column(&f, 0, "at", type_of(PG_TIMESTAMP), "timeseries", NULL);
    fx_column(&f, 1, "value", type_of(PG_INTEGER), "series", NULL);
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, 1), -1);
    CHECK_STR_EQ(first_path(&f), "tables.m.columns[1]");
    CHECK_STR_EQ(first_message(&f), "a series cannot be unique: its values "
                                    "follow time, not a permutation");
    fx_release(&f);

    fx_init(&f);
    fx_column(&f, 0, "at", type_of(PG_TIMESTAMP), "timeseries", NULL);
    fx_column(&f, 1, "value", type_of(PG_TEXT), "series", NULL);
    CHECK_INT_EQ(fx_compile(&f, 1), -1);
    CHECK_STR_EQ(first_path(&f), "tables.m.columns[1].generator");
    fx_release(&f);
}

int
main(void)
{
    RUN(test_defaults);
    RUN(test_interval_forms);
    RUN(test_increasing_with_jitter);
    RUN(test_far_rows);
    RUN(test_business_hours);
    RUN(test_weekdays_only);
    RUN(test_precision);
    RUN(test_timeseries_errors);
    RUN(test_series_exact);
    RUN(test_series_follows_jitter);
    RUN(test_series_daily);
    RUN(test_series_trend);
    RUN(test_series_clamps);
    RUN(test_series_errors);
    return HARNESS_DONE();
}
