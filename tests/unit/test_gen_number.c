/* The number generators' distributions: moments, skew and clamping on
 * 100,000 fixed-seed values, and the config errors. */
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

#define SAMPLES 100000

struct fixture {
    struct pg_type type;
    struct column column;
    struct check_bounds bounds;
    struct gen_spec spec;
    json_t *config;
    struct diag_list diags;
    struct arena arena;
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

static struct pg_type
numeric_of(int precision, int scale)
{
    struct pg_type t = type_of(PG_NUMERIC);
    t.precision = precision;
    t.scale = scale;
    return t;
}

static void
fx_init(struct fixture *f, struct pg_type type, const char *config)
{
    memset(f, 0, sizeof(*f));
    f->type = type;
    f->column.name = "col";
    f->column.type = type;
    f->bounds.max_length = -1;
    f->bounds.min_length = -1;
    f->config = config ? json_loads(config, 0, NULL) : NULL;
    f->spec.path = "tables.t.columns[0]";
    f->spec.column = &f->column;
    f->spec.type = &f->type;
    f->spec.config = f->config;
    f->spec.row_count = SAMPLES;
    f->spec.key = 0x5eed;
    f->spec.locale = "en_US";
    diag_list_init(&f->diags);
    arena_init(&f->arena, 1 << 16);
}

static int
fx_compile(struct fixture *f, const char *name)
{
    f->kind = gen_find(name);
    if (f->kind == NULL)
        return -2;
    /* The planner's order: the declared key types first. */
    if (gen_check_config(f->kind, &f->spec, &f->diags) != 0)
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
        .row_key = rng_mix(row),
        .arena = &f->arena,
    };
    f->kind->generate(f->state, &ctx, v);
}

static void
fx_release(struct fixture *f)
{
    if (f->compiled && f->kind->free)
        f->kind->free(f->state);
    json_decref(f->config);
    diag_list_release(&f->diags);
    arena_release(&f->arena);
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

/* Moments of SAMPLES values, with the extremes seen. */
struct moments {
    double mean, stddev, min, max;
};

static struct moments
sample(struct fixture *f)
{
    double sum = 0, sum_sq = 0;
    struct moments m = {.min = INFINITY, .max = -INFINITY};
    for (uint64_t row = 0; row < SAMPLES; row++) {
        struct value v;
        fx_generate(f, row, &v);
        double x = value_as_double(&v);
        sum += x;
        sum_sq += x * x;
        m.min = x < m.min ? x : m.min;
        m.max = x > m.max ? x : m.max;
    }
    m.mean = sum / SAMPLES;
    m.stddev = sqrt(sum_sq / SAMPLES - m.mean * m.mean);
    return m;
}

static int
within(double actual, double expected, double relative)
{
    return fabs(actual - expected) <= relative * fabs(expected);
}

static void
test_uniform_default(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_INTEGER), "{\"min\": 0, \"max\": 1200}");
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    struct moments m = sample(&f);
    CHECK(within(m.mean, 600, 0.02));
    /* (n^2 - 1) / 12 for n = 1201 values */
    CHECK(within(m.stddev, sqrt((1201.0 * 1201.0 - 1) / 12), 0.02));
    CHECK(m.min == 0 && m.max == 1200);
    fx_release(&f);

    fx_init(&f, type_of(PG_INTEGER), "{\"distribution\": \"uniform\"}");
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    m = sample(&f);
    CHECK(m.min >= 1 && m.max <= 1000000);
    fx_release(&f);
}

static void
test_normal(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_INTEGER),
            "{\"min\": 0, \"max\": 1000, \"distribution\": \"normal\", "
            "\"mean\": 400, \"stddev\": 50}");
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    struct moments m = sample(&f);
    CHECK(within(m.mean, 400, 0.02));
    CHECK(within(m.stddev, 50, 0.02));
    CHECK(m.min >= 0 && m.max <= 1000);
    fx_release(&f);

    /* Defaults: the middle of [min, max] and a sixth of its width. */
    fx_init(&f, type_of(PG_DOUBLE),
            "{\"min\": 100, \"max\": 700, \"distribution\": \"normal\"}");
    CHECK_INT_EQ(fx_compile(&f, "float"), 0);
    m = sample(&f);
    CHECK(within(m.mean, 400, 0.02));
    /* Three standard deviations each side: clamping trims under 1%. */
    CHECK(within(m.stddev, 100, 0.02));
    CHECK(m.min >= 100 && m.max <= 700);
    fx_release(&f);

    /* Two decimals, as the float kind always has. */
    fx_init(&f, type_of(PG_REAL),
            "{\"min\": 0, \"max\": 1, \"distribution\": \"normal\", "
            "\"mean\": 0.5, \"stddev\": 0.1}");
    CHECK_INT_EQ(fx_compile(&f, "float"), 0);
    for (uint64_t row = 0; row < 1000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK_INT_EQ(v.kind, VALUE_FLOAT);
        double hundredths = v.as.f * 100;
        CHECK(fabs(hundredths - nearbyint(hundredths)) < 1e-6);
    }
    fx_release(&f);
}

static void
test_normal_clamped(void)
{
    /* Most of the mass lies beyond max: the values pile up at max and never
     * pass it. */
    struct fixture f;
    fx_init(&f, type_of(PG_SMALLINT),
            "{\"min\": -100, \"max\": 100, \"distribution\": \"normal\", "
            "\"mean\": 90, \"stddev\": 50}");
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    uint64_t at_max = 0, at_min = 0;
    for (uint64_t row = 0; row < SAMPLES; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i >= -100 && v.as.i <= 100);
        at_max += v.as.i == 100;
        at_min += v.as.i == -100;
    }
    /* P(X >= 99.5) = P(Z >= 0.19) = 0.4247; P(X <= -99.5) = P(Z <= -3.79) */
    CHECK(within((double)at_max / SAMPLES, 0.4247, 0.02));
    CHECK(at_min > 0 && at_min < 30);
    fx_release(&f);

    /* numeric(4,1) holds at most 999.9: the type clamps the default window
     * and the tail. */
    fx_init(&f, numeric_of(4, 1),
            "{\"distribution\": \"normal\", \"mean\": 990, \"stddev\": 20}");
    CHECK_INT_EQ(fx_compile(&f, "decimal"), 0);
    uint64_t top = 0;
    for (uint64_t row = 0; row < SAMPLES; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.kind == VALUE_NUMERIC && v.scale == 1);
        CHECK(v.as.i >= 0 && v.as.i <= 9999);
        top += v.as.i == 9999;
    }
    CHECK(top > SAMPLES / 4);
    fx_release(&f);

    /* CHECK (col > 0 AND col <= 10) holds whatever the distribution. */
    fx_init(&f, type_of(PG_INTEGER),
            "{\"distribution\": \"normal\", \"mean\": 5, \"stddev\": 10}");
    f.bounds.has_min = true;
    f.bounds.min = value_int(0);
    f.bounds.has_max = true;
    f.bounds.max = value_int(10);
    f.bounds.max_inclusive = true;
    f.spec.bounds = &f.bounds;
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    struct moments m = sample(&f);
    CHECK(m.min == 1 && m.max == 10);
    fx_release(&f);
}

static void
test_lognormal(void)
{
    /* mean and stddev are those of the values, not of the logarithm. */
    struct fixture f;
    fx_init(&f, numeric_of(10, 2),
            "{\"min\": 0, \"max\": 100000, \"distribution\": \"lognormal\", "
            "\"mean\": 50, \"stddev\": 30}");
    CHECK_INT_EQ(fx_compile(&f, "decimal"), 0);
    struct moments m = sample(&f);
    CHECK(within(m.mean, 50, 0.02));
    CHECK(within(m.stddev, 30, 0.02));
    CHECK(m.min > 0 && m.max <= 100000);
    /* Skewed right: the median exp(mu) lies below the mean. */
    double sigma2 = log1p(0.36);
    double median = exp(log(50) - sigma2 / 2);
    uint64_t below = 0;
    for (uint64_t row = 0; row < SAMPLES; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        below += value_as_double(&v) < median;
    }
    CHECK(within((double)below / SAMPLES, 0.5, 0.02));
    fx_release(&f);

    fx_init(&f, type_of(PG_BIGINT),
            "{\"min\": 1, \"max\": 1000000000, \"distribution\": "
            "\"lognormal\", \"mean\": 20000, \"stddev\": 15000}");
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    m = sample(&f);
    CHECK(within(m.mean, 20000, 0.02));
    CHECK(within(m.stddev, 15000, 0.02));
    fx_release(&f);
}

static void
test_exponential(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_DOUBLE),
            "{\"min\": 0, \"max\": 10000, \"distribution\": \"exponential\", "
            "\"mean\": 20}");
    CHECK_INT_EQ(fx_compile(&f, "float"), 0);
    struct moments m = sample(&f);
    CHECK(within(m.mean, 20, 0.02));
    CHECK(within(m.stddev, 20, 0.02));
    CHECK(m.min >= 0 && m.max <= 10000);
    fx_release(&f);

    /* rate counts from min: the mean is min + 1 / rate. */
    fx_init(&f, numeric_of(12, 3),
            "{\"min\": 5, \"max\": 100000, \"distribution\": \"exponential\", "
            "\"rate\": 0.1}");
    CHECK_INT_EQ(fx_compile(&f, "decimal"), 0);
    m = sample(&f);
    CHECK(within(m.mean, 15, 0.02));
    CHECK(within(m.stddev, 10, 0.02));
    CHECK(m.min >= 5);
    fx_release(&f);

    /* Default: an eighth of the width above min. */
    fx_init(&f, type_of(PG_INTEGER),
            "{\"min\": 100, \"max\": 8100, \"distribution\": "
            "\"exponential\"}");
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    m = sample(&f);
    CHECK(within(m.mean, 1100, 0.02));
    CHECK(m.min >= 100 && m.max <= 8100);
    fx_release(&f);
}

/* Share of the first `top` values of a zipf over n values. */
static double
zipf_share(uint64_t n, double s, uint64_t top)
{
    double total = 0, head = 0;
    for (uint64_t k = 1; k <= n; k++) {
        double w = pow((double)k, -s);
        total += w;
        if (k <= top)
            head += w;
    }
    return head / total;
}

static void
test_zipf_table(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_INTEGER),
            "{\"min\": 1, \"max\": 1000, \"distribution\": \"zipf\"}");
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    uint64_t counts[1001] = {0};
    for (uint64_t row = 0; row < SAMPLES; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i >= 1 && v.as.i <= 1000);
        counts[v.as.i]++;
    }
    /* P(1) = 1 / H(1000) = 0.1336, P(2) half of it */
    CHECK(within((double)counts[1] / SAMPLES, zipf_share(1000, 1, 1), 0.02));
    CHECK(within((double)counts[2] / SAMPLES,
                 zipf_share(1000, 1, 2) - zipf_share(1000, 1, 1), 0.02));
    uint64_t top10 = 0;
    for (int i = 1; i <= 10; i++)
        top10 += counts[i];
    CHECK(within((double)top10 / SAMPLES, zipf_share(1000, 1, 10), 0.02));
    fx_release(&f);

    /* Decimals rank whole numbers from min up. */
    fx_init(&f, numeric_of(8, 2),
            "{\"min\": 9.5, \"max\": 60, \"distribution\": \"zipf\", \"s\": "
            "2}");
    CHECK_INT_EQ(fx_compile(&f, "decimal"), 0);
    uint64_t tens = 0;
    for (uint64_t row = 0; row < SAMPLES; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.kind == VALUE_NUMERIC && v.scale == 2);
        CHECK(v.as.i % 100 == 0 && v.as.i >= 1000 && v.as.i <= 6000);
        tens += v.as.i == 1000;
    }
    CHECK(within((double)tens / SAMPLES, zipf_share(51, 2, 1), 0.02));
    fx_release(&f);
}

static void
test_zipf_large(void)
{
    /* Ten million values: no table, rejection-inversion. */
    struct fixture f;
    fx_init(&f, type_of(PG_BIGINT),
            "{\"min\": 0, \"max\": 9999999, \"distribution\": \"zipf\", "
            "\"s\": 1.2}");
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    uint64_t first = 0, second = 0, top100 = 0, upper_half = 0;
    for (uint64_t row = 0; row < SAMPLES; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i >= 0 && v.as.i <= 9999999);
        first += v.as.i == 0;
        second += v.as.i == 1;
        top100 += v.as.i < 100;
        upper_half += v.as.i >= 5000000;
    }
    double p1 = zipf_share(10000000, 1.2, 1);
    double p2 = zipf_share(10000000, 1.2, 2) - p1;
    CHECK(within((double)first / SAMPLES, p1, 0.02));
    CHECK(within((double)second / SAMPLES, p2, 0.03));
    CHECK(
        within((double)top100 / SAMPLES, zipf_share(10000000, 1.2, 100), 0.02));
    /* The far tail still gets its small share. */
    double tail = 1 - zipf_share(10000000, 1.2, 5000000);
    CHECK(upper_half > 0 && within((double)upper_half / SAMPLES, tail, 0.15));
    fx_release(&f);

    /* A steep s, where the continuous hat is furthest from the weights:
     * without the rejection step the second value would get 7% too much. */
    fx_init(&f, type_of(PG_INTEGER),
            "{\"min\": 1, \"max\": 1000000, \"distribution\": \"zipf\", "
            "\"s\": 2}");
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    uint64_t counts[4] = {0};
    for (uint64_t row = 0; row < SAMPLES; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        if (v.as.i <= 3)
            counts[v.as.i]++;
    }
    /* 2% is 2.7 standard errors for the second value, 1.7 for the third */
    for (int k = 1; k <= 3; k++)
        CHECK(within((double)counts[k] / SAMPLES,
                     zipf_share(1000000, 2, (uint64_t)k) -
                         zipf_share(1000000, 2, (uint64_t)k - 1),
                     k < 3 ? 0.02 : 0.04));
    fx_release(&f);

    /* The whole bigint range: 2^64 values, the least the most common. */
    fx_init(&f, type_of(PG_BIGINT),
            "{\"min\": -9223372036854775808, \"max\": 9223372036854775807, "
            "\"distribution\": \"zipf\", \"s\": 1.1}");
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    first = 0;
    for (uint64_t row = 0; row < 10000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        first += v.as.i == INT64_MIN;
    }
    /* 1 / (zeta(1.1) - the tail past 2^64) = 0.0955 */
    CHECK(first > 900 && first < 1010);
    fx_release(&f);

    /* s = 1 exactly, where the integral is a logarithm. */
    fx_init(&f, type_of(PG_INTEGER),
            "{\"min\": 1, \"max\": 200000, \"distribution\": \"zipf\", \"s\": "
            "1}");
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    first = 0;
    uint64_t top10 = 0;
    for (uint64_t row = 0; row < SAMPLES; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        first += v.as.i == 1;
        top10 += v.as.i <= 10;
    }
    CHECK(within((double)first / SAMPLES, zipf_share(200000, 1, 1), 0.02));
    CHECK(within((double)top10 / SAMPLES, zipf_share(200000, 1, 10), 0.02));
    fx_release(&f);
}

static void
test_deterministic(void)
{
    const char *config = "{\"min\": 0, \"max\": 99999, \"distribution\": "
                         "\"zipf\", \"s\": 0.8}";
    struct fixture f, g;
    fx_init(&f, type_of(PG_INTEGER), config);
    fx_init(&g, type_of(PG_INTEGER), config);
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    CHECK_INT_EQ(fx_compile(&g, "int"), 0);
    for (uint64_t row = 0; row < 1000; row++) {
        struct value a, b;
        fx_generate(&f, row, &a);
        fx_generate(&g, row, &b);
        CHECK_INT_EQ(a.as.i, b.as.i);
    }
    fx_release(&f);
    fx_release(&g);
}

static void
expect_error(enum pg_base base, const char *kind, const char *config,
             const char *path, const char *message, const char *hint, int *ok)
{
    struct fixture f;
    fx_init(&f, type_of(base), config);
    *ok = 0;
    int status = fx_compile(&f, kind);
    if (status == -1 && strcmp(first_path(&f), path) == 0 &&
        strcmp(first_message(&f), message) == 0 &&
        (hint == NULL || strcmp(first_hint(&f), hint) == 0))
        *ok = 1;
    else
        printf("  got %d %s: %s (%s)\n", status, first_path(&f),
               first_message(&f), first_hint(&f));
    fx_release(&f);
}

#define CONFIG_PATH "tables.t.columns[0].generator_config."

static void
test_config_errors(void)
{
    int ok;
    expect_error(PG_INTEGER, "int", "{\"distribution\": \"norml\"}",
                 CONFIG_PATH "distribution", "unknown distribution \"norml\"",
                 "did you mean \"normal\"?", &ok);
    CHECK(ok);
    expect_error(PG_INTEGER, "int", "{\"distribution\": \"pareto\"}",
                 CONFIG_PATH "distribution", "unknown distribution \"pareto\"",
                 "known distributions: uniform, normal, lognormal, "
                 "exponential, zipf",
                 &ok);
    CHECK(ok);
    expect_error(PG_INTEGER, "int", "{\"distribution\": 3}",
                 CONFIG_PATH "distribution",
                 "\"distribution\" must be a string", NULL, &ok);
    CHECK(ok);
    expect_error(
        PG_INTEGER, "int", "{\"distribution\": \"normal\", \"stddev\": 0}",
        CONFIG_PATH "stddev", "\"stddev\" must be greater than 0", NULL, &ok);
    CHECK(ok);
    expect_error(
        PG_INTEGER, "int", "{\"distribution\": \"lognormal\", \"stddev\": -2}",
        CONFIG_PATH "stddev", "\"stddev\" must be greater than 0", NULL, &ok);
    CHECK(ok);
    expect_error(PG_INTEGER, "int", "{\"distribution\": \"zipf\", \"s\": 0}",
                 CONFIG_PATH "s", "\"s\" must be greater than 0", NULL, &ok);
    CHECK(ok);
    expect_error(
        PG_INTEGER, "int", "{\"distribution\": \"exponential\", \"rate\": -1}",
        CONFIG_PATH "rate", "\"rate\" must be greater than 0", NULL, &ok);
    CHECK(ok);
    expect_error(PG_INTEGER, "int",
                 "{\"min\": 0, \"max\": 10, \"distribution\": \"normal\", "
                 "\"mean\": 11}",
                 CONFIG_PATH "mean",
                 "\"mean\" 11 lies outside the range [0, 10]", NULL, &ok);
    CHECK(ok);
    expect_error(PG_INTEGER, "int",
                 "{\"min\": 0, \"max\": 10, \"distribution\": \"exponential\", "
                 "\"mean\": 0}",
                 CONFIG_PATH "mean",
                 "an exponential \"mean\" must be above \"min\" and at most "
                 "\"max\": 0 is not in [0, 10]",
                 NULL, &ok);
    CHECK(ok);
    expect_error(PG_INTEGER, "int",
                 "{\"distribution\": \"exponential\", \"mean\": 5, \"rate\": "
                 "2}",
                 CONFIG_PATH "rate", "give \"mean\" or \"rate\", not both",
                 NULL, &ok);
    CHECK(ok);
    expect_error(PG_INTEGER, "int",
                 "{\"min\": -10, \"max\": 10, \"distribution\": \"lognormal\", "
                 "\"mean\": -1}",
                 CONFIG_PATH "mean",
                 "a lognormal \"mean\" must be greater than 0", NULL, &ok);
    CHECK(ok);
    expect_error(PG_INTEGER, "int", "{\"distribution\": \"normal\", \"s\": 2}",
                 CONFIG_PATH "s",
                 "\"s\" does not apply to distribution \"normal\"", NULL, &ok);
    CHECK(ok);
    expect_error(PG_INTEGER, "int", "{\"mean\": 2}", CONFIG_PATH "mean",
                 "\"mean\" does not apply to distribution \"uniform\"", NULL,
                 &ok);
    CHECK(ok);
    expect_error(PG_DOUBLE, "float",
                 "{\"min\": 0.25, \"max\": 0.75, \"distribution\": \"zipf\"}",
                 "tables.t.columns[0]",
                 "distribution \"zipf\" needs a whole number in the range "
                 "[0.25, 0.75]",
                 NULL, &ok);
    CHECK(ok);

    /* unique values come from a permutation, which has no shape */
    struct fixture f;
    fx_init(&f, type_of(PG_INTEGER), "{\"distribution\": \"zipf\"}");
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, "int"), -1);
    CHECK_STR_EQ(first_path(&f), CONFIG_PATH "distribution");
    CHECK_STR_EQ(first_message(&f),
                 "a unique column cannot follow distribution \"zipf\"");
    CHECK_STR_EQ(first_hint(&f),
                 "unique values are a permutation of [min, max]; use "
                 "\"uniform\"");
    fx_release(&f);

    fx_init(&f, type_of(PG_INTEGER), "{\"distribution\": \"uniform\"}");
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    fx_release(&f);
}

static void
test_in_list_wins(void)
{
    struct value allowed[3] = {value_int(3), value_int(7), value_int(9)};
    struct fixture f;
    fx_init(&f, type_of(PG_INTEGER), "{\"distribution\": \"zipf\"}");
    f.bounds.allowed = allowed;
    f.bounds.allowed_count = 3;
    f.spec.bounds = &f.bounds;
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    CHECK_INT_EQ(f.diags.warning_count, 1);
    CHECK_STR_EQ(first_path(&f), CONFIG_PATH "distribution");
    CHECK_STR_EQ(first_message(&f),
                 "distribution \"zipf\" is ignored: the CHECK constraint's IN "
                 "list decides the values");
    for (uint64_t row = 0; row < 1000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i == 3 || v.as.i == 7 || v.as.i == 9);
    }
    fx_release(&f);
}

int
main(void)
{
    RUN(test_uniform_default);
    RUN(test_normal);
    RUN(test_normal_clamped);
    RUN(test_lognormal);
    RUN(test_exponential);
    RUN(test_zipf_table);
    RUN(test_zipf_large);
    RUN(test_deterministic);
    RUN(test_config_errors);
    RUN(test_in_list_wins);
    return HARNESS_DONE();
}
