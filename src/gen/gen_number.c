#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "core/xalloc.h"
#include "gen/gen_internal.h"

enum number_out { OUT_INT, OUT_NUMERIC, OUT_FLOAT };

enum number_dist {
    DIST_UNIFORM,
    DIST_NORMAL,
    DIST_LOGNORMAL,
    DIST_EXPONENTIAL,
    DIST_ZIPF,
    DIST_COUNT
};

static const char *const dist_names[DIST_COUNT] = {
    "uniform", "normal", "lognormal", "exponential", "zipf",
};

/* Zipf ranges up to this many values sample from an exact table; larger
 * ones use rejection-inversion, which needs no table. */
#define ZIPF_TABLE_MAX 65536
/* Rejection-inversion accepts within a few draws; past this many the last
 * candidate is taken so that a cell always ends. */
#define ZIPF_MAX_TRIES 64

struct zipf {
    uint64_t n; /* ranks 0..n-1 */
    double s;
    double *cdf; /* n cumulative weights, when n <= ZIPF_TABLE_MAX */
    double h_x1; /* rejection-inversion constants (ranks from 1) */
    double h_n;
    double squeeze;
};

/* int, decimal and float all draw an integer k from [lo, hi] and emit
 * k / 10^scale in the column's value kind, so one range and permutation
 * logic serves them all. Non-uniform distributions draw a real number and
 * round it to the nearest k, clamped into [lo, hi]. */
struct number_state {
    int64_t lo, hi;
    int scale;
    enum number_out out;
    int16_t float_digits;
    bool unique;
    struct perm perm;
    struct value *allowed; /* a CHECK's IN list, when there is one */
    size_t allowed_count;
    enum number_dist dist;
    double unit;        /* 10^scale */
    double a, b;        /* normal: mean, stddev; lognormal: mu, sigma of
                           the underlying normal; exponential: origin,
                           mean - origin */
    int64_t zipf_first; /* zipf: the value of rank 0, in whole units */
    struct zipf zipf;
};

enum number_kind { KIND_INT, KIND_DECIMAL, KIND_FLOAT };

static const struct gen_key int_keys[] = {
    {"min", GEN_KEY_INT, "1", "the least value"},
    {"max", GEN_KEY_INT, "1000000", "the greatest value"},
    {"distribution", GEN_KEY_STRING, "uniform",
     "uniform, normal, lognormal, exponential or zipf"},
    {"mean", GEN_KEY_NUMBER,
     "normal, lognormal: the middle of [min, max]; exponential: an eighth "
     "of the way from min to max",
     "the mean of the values (normal, lognormal, exponential), inside "
     "[min, max]"},
    {"stddev", GEN_KEY_NUMBER, "a sixth of max - min",
     "the standard deviation of the values (normal, lognormal)"},
    {"rate", GEN_KEY_NUMBER, NULL,
     "exponential, instead of mean: values are min + Exp(rate)"},
    {"s", GEN_KEY_NUMBER, "1",
     "zipf exponent: min + k has weight 1 / (k + 1)^s"},
    {NULL, 0, NULL, NULL},
};

static const struct gen_key decimal_keys[] = {
    {"min", GEN_KEY_NUMBER, "0 (money: 1)", "the least value"},
    {"max", GEN_KEY_NUMBER, "1000", "the greatest value"},
    {"distribution", GEN_KEY_STRING, "uniform",
     "uniform, normal, lognormal, exponential or zipf"},
    {"mean", GEN_KEY_NUMBER,
     "normal, lognormal: the middle of [min, max]; exponential: an eighth "
     "of the way from min to max",
     "the mean of the values (normal, lognormal, exponential), inside "
     "[min, max]"},
    {"stddev", GEN_KEY_NUMBER, "a sixth of max - min",
     "the standard deviation of the values (normal, lognormal)"},
    {"rate", GEN_KEY_NUMBER, NULL,
     "exponential, instead of mean: values are min + Exp(rate)"},
    {"s", GEN_KEY_NUMBER, "1",
     "zipf exponent: min + k has weight 1 / (k + 1)^s"},
    {NULL, 0, NULL, NULL},
};

static void
number_free(void *state)
{
    struct number_state *st = state;
    if (st == NULL)
        return;
    gen_util_free_allowed(st->allowed, st->allowed_count);
    free(st->zipf.cdf);
    free(st);
}

/* How the kind fills a column type: the value kind, the scale and the
 * scaled limits the type can hold. Returns false for a type it cannot fill. */
static bool
number_layout(enum number_kind kind, const struct pg_type *t, bool unique,
              struct number_state *st, int64_t *limit_lo, int64_t *limit_hi)
{
    *limit_lo = INT64_MIN;
    *limit_hi = INT64_MAX;
    st->float_digits = t->base == PG_REAL ? 9 : 17;
    switch (t->base) {
    case PG_SMALLINT:
    case PG_INTEGER:
    case PG_BIGINT:
        if (kind != KIND_INT)
            return false;
        st->out = OUT_INT;
        st->scale = 0;
        gen_util_int_bounds(t->base, limit_lo, limit_hi);
        return true;
    case PG_NUMERIC: {
        int scale = t->precision >= 0 ? (t->scale > 0 ? t->scale : 0) : 2;
        if (scale > 18)
            scale = 18;
        if (kind == KIND_INT)
            scale = 0;
        else if (kind == KIND_FLOAT && scale > 4)
            scale = 4;
        st->scale = scale;
        st->out = kind == KIND_INT       ? OUT_INT
                  : kind == KIND_DECIMAL ? OUT_NUMERIC
                                         : OUT_FLOAT;
        st->float_digits = 17;
        if (t->precision >= 0) {
            /* numeric(p,s) holds |x| < 10^(p-s): p-s integer digits. */
            int digits = t->precision - (t->scale > 0 ? t->scale : 0) + scale;
            if (digits > 18)
                digits = 18;
            if (digits <= 0)
                return false;
            *limit_hi = gen_util_pow10(digits) - 1;
            *limit_lo = -*limit_hi;
        } else {
            *limit_hi = gen_util_pow10(18) - 1;
            *limit_lo = -*limit_hi;
        }
        return true;
    }
    case PG_MONEY:
        st->scale = kind == KIND_INT ? 0 : 2;
        st->out = kind == KIND_INT ? OUT_INT : OUT_NUMERIC;
        if (kind == KIND_INT) {
            *limit_hi = INT64_MAX / 100;
            *limit_lo = -*limit_hi;
        }
        return true;
    case PG_REAL:
    case PG_DOUBLE:
        /* Integers stay exact in the float type; decimals keep 2 places. */
        st->scale = kind == KIND_INT ? 0 : 2;
        st->out = kind == KIND_DECIMAL ? OUT_NUMERIC
                  : kind == KIND_INT   ? OUT_INT
                                       : OUT_FLOAT;
        if (kind == KIND_INT) {
            *limit_hi =
                t->base == PG_REAL ? (INT64_C(1) << 24) : (INT64_C(1) << 53);
            *limit_lo = -*limit_hi;
        } else if (t->base == PG_REAL && unique) {
            /* Distinct hundredths stay distinct floats below 2^24. */
            *limit_hi = INT64_C(1) << 24;
            *limit_lo = -*limit_hi;
        }
        return true;
    default:
        return false;
    }
}

/* A config number in the column's scaled unit; 1 found, 0 absent, -1 bad. */
static int
config_scaled(const struct gen_spec *spec, const char *key, int scale,
              int64_t limit_lo, int64_t limit_hi, int64_t *out,
              struct diag_list *diags)
{
    double number;
    int found = gen_util_config_number(spec, key, &number, diags);
    if (found != 1)
        return found;
    double scaled = round(number * (double)gen_util_pow10(scale));
    if (!(scaled >= (double)limit_lo && scaled <= (double)limit_hi)) {
        char name[128];
        gen_util_config_error(
            spec, key, diags, "\"%s\" is outside the range of type \"%s\"", key,
            gen_util_type_name(spec->type, name, sizeof(name)));
        return -1;
    }
    *out = (int64_t)scaled;
    return 1;
}

/* zipf */

/* expm1(y) / y and log1p(t) / t, both 1 at 0: they keep H and its inverse
 * accurate for s near 1, where 1 - s cancels. */
static double
expm1_ratio(double y)
{
    return fabs(y) > 1e-8 ? expm1(y) / y : 1.0 + y / 2.0;
}

static double
log1p_ratio(double t)
{
    return fabs(t) > 1e-8 ? log1p(t) / t : 1.0 - t / 2.0;
}

/* The weight of rank x (from 1), its integral H from 1, and H's inverse. */
static double
zipf_h(double s, double x)
{
    return exp(-s * log(x));
}

static double
zipf_big_h(double s, double x)
{
    double lx = log(x);
    return expm1_ratio((1.0 - s) * lx) * lx;
}

static double
zipf_big_h_inv(double s, double y)
{
    double t = y * (1.0 - s);
    if (t < -1.0)
        t = -1.0;
    return exp(log1p_ratio(t) * y);
}

static void
zipf_init(struct zipf *z, uint64_t n, double s)
{
    z->n = n;
    z->s = s;
    z->cdf = NULL;
    if (n <= ZIPF_TABLE_MAX) {
        z->cdf = xmalloc(n * sizeof(*z->cdf));
        double total = 0;
        for (uint64_t k = 0; k < n; k++) {
            total += zipf_h(s, (double)(k + 1));
            z->cdf[k] = total;
        }
        return;
    }
    z->h_x1 = zipf_big_h(s, 1.5) - 1.0;
    z->h_n = zipf_big_h(s, (double)n + 0.5);
    z->squeeze = 2.0 - zipf_big_h_inv(s, zipf_big_h(s, 2.5) - zipf_h(s, 2.0));
}

/* A rank in [0, n) with P(k) proportional to 1 / (k + 1)^s. */
static uint64_t
zipf_sample(const struct zipf *z, struct rng *rng)
{
    if (z->cdf != NULL) {
        double u = rng_unit(rng) * z->cdf[z->n - 1];
        uint64_t lo = 0, hi = z->n - 1;
        while (lo < hi) {
            uint64_t mid = lo + (hi - lo) / 2;
            if (z->cdf[mid] > u)
                hi = mid;
            else
                lo = mid + 1;
        }
        return lo;
    }
    /* Rejection-inversion (Hoermann and Derflinger): invert the integral of
     * the continuous weight and accept the nearest integer with the ratio
     * of the true weight to the area it was drawn from. */
    double k = 1;
    for (int tries = 0; tries < ZIPF_MAX_TRIES; tries++) {
        double u = z->h_n + rng_unit(rng) * (z->h_x1 - z->h_n);
        double x = zipf_big_h_inv(z->s, u);
        k = floor(x + 0.5);
        if (k < 1)
            k = 1;
        else if (k > (double)z->n)
            k = (double)z->n;
        if (k - x <= z->squeeze ||
            u >= zipf_big_h(z->s, k + 0.5) - zipf_h(z->s, k))
            break;
    }
    return (uint64_t)k - 1;
}

/* distributions */

static void
config_path_error(const struct gen_spec *spec, const char *key,
                  const char *hint, struct diag_list *diags, const char *fmt,
                  const char *arg)
{
    char *path = gen_util_path(spec, key);
    diag_add(diags, DIAG_ERROR, path, hint, fmt, arg);
    free(path);
}

/* "distribution": 1 found (stored), 0 absent, -1 after an error. */
static int
config_distribution(const struct gen_spec *spec, enum number_dist *out,
                    struct diag_list *diags)
{
    const json_t *value = gen_util_config(spec, "distribution");
    if (value == NULL)
        return 0;
    if (!json_is_string(value)) {
        gen_util_config_error(spec, "distribution", diags,
                              "\"distribution\" must be a string");
        return -1;
    }
    const char *name = json_string_value(value);
    for (int d = 0; d < DIST_COUNT; d++) {
        if (strcmp(name, dist_names[d]) == 0) {
            *out = (enum number_dist)d;
            return 1;
        }
    }
    const char *near = str_closest(name, dist_names, DIST_COUNT);
    char *hint = near ? xasprintf("did you mean \"%s\"?", near)
                      : xstrdup("known distributions: uniform, normal, "
                                "lognormal, exponential, zipf");
    config_path_error(spec, "distribution", hint, diags,
                      "unknown distribution \"%s\"", name);
    free(hint);
    return -1;
}

/* Rejects the parameters the chosen distribution does not read. */
static int
check_parameters(const struct gen_spec *spec, enum number_dist dist,
                 struct diag_list *diags)
{
    static const struct {
        const char *key;
        unsigned dists; /* bit per distribution that reads it */
    } params[] = {
        {"mean",
         1u << DIST_NORMAL | 1u << DIST_LOGNORMAL | 1u << DIST_EXPONENTIAL},
        {"stddev", 1u << DIST_NORMAL | 1u << DIST_LOGNORMAL},
        {"rate", 1u << DIST_EXPONENTIAL},
        {"s", 1u << DIST_ZIPF},
    };
    int status = 0;
    for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
        if (gen_util_config(spec, params[i].key) == NULL ||
            (params[i].dists & (1u << dist)) != 0)
            continue;
        char *message = xasprintf("\"%s\" does not apply to distribution "
                                  "\"%%s\"",
                                  params[i].key);
        config_path_error(spec, params[i].key, NULL, diags, message,
                          dist_names[dist]);
        free(message);
        status = -1;
    }
    return status;
}

/* A positive config number (stddev, rate, s); 1, 0 or -1. */
static int
config_positive(const struct gen_spec *spec, const char *key, double *out,
                struct diag_list *diags)
{
    int found = gen_util_config_number(spec, key, out, diags);
    if (found == 1 && !(*out > 0)) {
        gen_util_config_error(spec, key, diags, "\"%s\" must be greater than 0",
                              key);
        return -1;
    }
    return found;
}

/* Reads the distribution's parameters against the final range [lo, hi]
 * (scaled) and stores what generate() needs. */
static int
compile_distribution(const struct gen_spec *spec, struct number_state *st,
                     struct diag_list *diags)
{
    double lo = (double)st->lo / st->unit, hi = (double)st->hi / st->unit;
    double mean = (lo + hi) / 2, stddev = (hi - lo) / 6;
    int found_mean = 0;
    if (st->dist != DIST_ZIPF && st->dist != DIST_UNIFORM) {
        found_mean = gen_util_config_number(spec, "mean", &mean, diags);
        if (found_mean < 0)
            return -1;
    }
    char range[96];
    snprintf(range, sizeof(range), "[%.15g, %.15g]", lo, hi);
    switch (st->dist) {
    case DIST_UNIFORM:
        return 0;
    case DIST_NORMAL:
    case DIST_LOGNORMAL:
        if (config_positive(spec, "stddev", &stddev, diags) < 0)
            return -1;
        if (mean < lo || mean > hi) {
            gen_util_config_error(spec, "mean", diags,
                                  "\"mean\" %.15g lies outside the range %s",
                                  mean, range);
            return -1;
        }
        if (!(stddev > 0)) {
            /* A default from a one-value range. */
            stddev = 1 / st->unit;
        }
        if (st->dist == DIST_NORMAL) {
            st->a = mean;
            st->b = stddev;
            return 0;
        }
        if (!(mean > 0)) {
            gen_util_config_error(spec, "mean", diags,
                                  "a lognormal \"mean\" must be greater than "
                                  "0");
            return -1;
        }
        /* The underlying normal whose exponential has this mean and
         * standard deviation. */
        st->b = sqrt(log1p(stddev * stddev / (mean * mean)));
        st->a = log(mean) - st->b * st->b / 2;
        return 0;
    case DIST_EXPONENTIAL: {
        double rate;
        int found_rate = config_positive(spec, "rate", &rate, diags);
        if (found_rate < 0)
            return -1;
        if (found_rate == 1 && found_mean == 1) {
            gen_util_config_error(spec, "rate", diags,
                                  "give \"mean\" or \"rate\", not both");
            return -1;
        }
        /* Values count up from min; by default the mean is an eighth of
         * the way to max, so clamping at max is rare. */
        double scale = found_rate == 1   ? 1 / rate
                       : found_mean == 1 ? mean - lo
                                         : (hi - lo) / 8;
        if (found_mean == 1 && (mean <= lo || mean > hi)) {
            gen_util_config_error(spec, "mean", diags,
                                  "an exponential \"mean\" must be above "
                                  "\"min\" and at most \"max\": %.15g is not "
                                  "in %s",
                                  mean, range);
            return -1;
        }
        if (!(scale > 0))
            scale = 1 / st->unit;
        st->a = lo;
        st->b = scale;
        return 0;
    }
    case DIST_ZIPF: {
        double s = 1;
        if (config_positive(spec, "s", &s, diags) < 0)
            return -1;
        /* Zipf ranks whole numbers: min, min + 1, ... */
        int64_t unit = gen_util_pow10(st->scale);
        int64_t first = st->lo / unit + (st->lo % unit > 0);
        int64_t last = st->hi / unit - (st->hi % unit < 0);
        if (first > last) {
            gen_util_error(spec, diags,
                           "distribution \"zipf\" needs a whole number in the "
                           "range %s",
                           range);
            return -1;
        }
        st->zipf_first = first;
        uint64_t n = (uint64_t)last - (uint64_t)first + 1;
        /* The whole int64 range wraps to 0; one value less changes nothing
         * a sample could show. */
        zipf_init(&st->zipf, n == 0 ? UINT64_MAX : n, s);
        return 0;
    }
    case DIST_COUNT:
        break;
    }
    return 0;
}

static int
number_compile(enum number_kind kind, const char *name,
               const struct gen_spec *spec, void **state,
               struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    struct number_state *st = xcalloc(1, sizeof(*st));
    struct gen_range r = {.unit_name = "values"};
    if (t->array_dims > 0 ||
        !number_layout(kind, t, spec->unique, st, &r.limit_lo, &r.limit_hi)) {
        gen_util_type_error(spec, name, diags);
        goto fail;
    }
    r.scale = st->scale;
    st->unit = (double)gen_util_pow10(st->scale);
    /* Plausible defaults: ids and counts for integers, prices otherwise. */
    if (kind == KIND_INT) {
        r.lo = 1;
        r.hi = 1000000;
    } else {
        r.lo = t->base == PG_MONEY ? gen_util_pow10(st->scale) : 0;
        int64_t unit = gen_util_pow10(st->scale);
        r.hi = unit <= r.limit_hi / 1000 ? 1000 * unit : r.limit_hi;
    }
    if (r.lo < r.limit_lo)
        r.lo = r.limit_lo;
    if (r.hi > r.limit_hi)
        r.hi = r.limit_hi;
    if (r.lo > r.hi)
        r.lo = r.limit_lo;
    int found_lo, found_hi;
    if (kind == KIND_INT) {
        found_lo = gen_util_config_int(spec, "min", &r.lo, diags);
        found_hi = gen_util_config_int(spec, "max", &r.hi, diags);
        char type_name[128];
        gen_util_type_name(spec->type, type_name, sizeof(type_name));
        if (found_lo == 1 && (r.lo < r.limit_lo || r.lo > r.limit_hi)) {
            gen_util_config_error(spec, "min", diags,
                                  "\"min\" is outside the range of type "
                                  "\"%s\"",
                                  type_name);
            found_lo = -1;
        }
        if (found_hi == 1 && (r.hi < r.limit_lo || r.hi > r.limit_hi)) {
            gen_util_config_error(spec, "max", diags,
                                  "\"max\" is outside the range of type "
                                  "\"%s\"",
                                  type_name);
            found_hi = -1;
        }
    } else {
        found_lo = config_scaled(spec, "min", st->scale, r.limit_lo, r.limit_hi,
                                 &r.lo, diags);
        found_hi = config_scaled(spec, "max", st->scale, r.limit_lo, r.limit_hi,
                                 &r.hi, diags);
    }
    if (found_lo < 0 || found_hi < 0)
        goto fail;
    r.explicit_lo = found_lo == 1;
    r.explicit_hi = found_hi == 1;
    if (config_distribution(spec, &st->dist, diags) < 0 ||
        check_parameters(spec, st->dist, diags) < 0)
        goto fail;
    if (spec->unique && st->dist != DIST_UNIFORM) {
        char *hint = xasprintf("unique values are a permutation of [min, "
                               "max]; use \"uniform\"");
        config_path_error(spec, "distribution", hint, diags,
                          "a unique column cannot follow distribution "
                          "\"%s\"",
                          dist_names[st->dist]);
        free(hint);
        goto fail;
    }
    st->allowed_count = gen_util_copy_allowed(spec, &st->allowed);
    st->unique = spec->unique;
    if (st->allowed_count > 0) {
        if (gen_util_need_capacity(spec, st->allowed_count,
                                   "the CHECK constraint's IN list",
                                   diags) != 0)
            goto fail;
        if (st->dist != DIST_UNIFORM) {
            char *path = gen_util_path(spec, "distribution");
            diag_add(diags, DIAG_WARNING, path, NULL,
                     "distribution \"%s\" is ignored: the CHECK constraint's "
                     "IN list decides the values",
                     dist_names[st->dist]);
            free(path);
            st->dist = DIST_UNIFORM;
        }
        perm_init(&st->perm, st->allowed_count, spec->key);
        *state = st;
        return 0;
    }
    if (gen_util_range(spec, &r, diags) != 0)
        goto fail;
    st->lo = r.lo;
    st->hi = r.hi;
    if (compile_distribution(spec, st, diags) != 0)
        goto fail;
    if (st->unique) {
        uint64_t capacity = (uint64_t)st->hi - (uint64_t)st->lo + 1;
        /* The permutation need not cover a huge range, only be injective. */
        if (capacity == 0 || capacity > (UINT64_C(1) << 62))
            capacity = UINT64_C(1) << 62;
        perm_init(&st->perm, capacity, spec->key);
    }
    *state = st;
    return 0;
fail:
    number_free(st);
    return -1;
}

/* x (in the column's units) as the nearest scaled integer in [lo, hi]. */
static int64_t
clamp_scaled(const struct number_state *st, double x)
{
    double scaled = nearbyint(x * st->unit);
    if (!(scaled > (double)st->lo)) /* also NaN */
        return st->lo;
    if (scaled >= (double)st->hi)
        return st->hi;
    return (int64_t)scaled;
}

static int64_t
number_draw(const struct number_state *st, struct rng *rng)
{
    switch (st->dist) {
    case DIST_NORMAL:
        return clamp_scaled(st, st->a + st->b * rng_normal(rng));
    case DIST_LOGNORMAL:
        return clamp_scaled(st, exp(st->a + st->b * rng_normal(rng)));
    case DIST_EXPONENTIAL:
        return clamp_scaled(st, st->a - st->b * log1p(-rng_unit(rng)));
    case DIST_ZIPF: {
        __int128 whole =
            (__int128)st->zipf_first + (__int128)zipf_sample(&st->zipf, rng);
        __int128 k = whole * (__int128)gen_util_pow10(st->scale);
        return k < st->lo ? st->lo : k > st->hi ? st->hi : (int64_t)k;
    }
    case DIST_UNIFORM:
    case DIST_COUNT:
        break;
    }
    return rng_range(rng, st->lo, st->hi);
}

static void
number_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct number_state *st = state;
    if (st->allowed_count > 0) {
        uint64_t index = st->unique ? perm_apply(&st->perm, ctx->row)
                                    : rng_below(&ctx->rng, st->allowed_count);
        *out = st->allowed[index];
        return;
    }
    int64_t k;
    if (st->unique)
        k = (int64_t)((uint64_t)st->lo + perm_apply(&st->perm, ctx->row));
    else
        k = number_draw(st, &ctx->rng);
    switch (st->out) {
    case OUT_INT:
        *out = value_int(k);
        break;
    case OUT_NUMERIC:
        *out = value_int(k);
        out->kind = VALUE_NUMERIC;
        out->scale = (int16_t)st->scale;
        break;
    case OUT_FLOAT:
        /* k / 10^scale is correctly rounded, so it prints as the short
         * decimal it was drawn as. */
        out->kind = VALUE_FLOAT;
        out->scale = 0;
        out->float_digits = st->float_digits;
        out->as.f = (double)k / (double)gen_util_pow10(st->scale);
        break;
    }
}

static int
int_compile(const struct gen_spec *spec, void **state, struct diag_list *diags)
{
    return number_compile(KIND_INT, "int", spec, state, diags);
}

static int
decimal_compile(const struct gen_spec *spec, void **state,
                struct diag_list *diags)
{
    return number_compile(KIND_DECIMAL, "decimal", spec, state, diags);
}

static int
float_compile(const struct gen_spec *spec, void **state,
              struct diag_list *diags)
{
    return number_compile(KIND_FLOAT, "float", spec, state, diags);
}

const struct gen_kind gen_number_int = {
    .name = "int",
    .description = "integers in [min, max] (default 1..1000000 within the "
                   "type); distribution uniform (default), normal (mean, "
                   "stddev), lognormal (mean, stddev), exponential (mean or "
                   "rate), zipf (s, default 1); unique ones uniform through "
                   "a keyed permutation",
    .keys = int_keys,
    .types = GEN_TYPES_NUMBER,
    .compile = int_compile,
    .generate = number_generate,
    .free = number_free,
};

const struct gen_kind gen_number_decimal = {
    .name = "decimal",
    .description = "exact decimals in [min, max] with the column's scale "
                   "(numeric, money; default 0..1000); the distributions of "
                   "int",
    .keys = decimal_keys,
    .types = GEN_TYPES_NUMBER & ~GEN_TYPES_INTEGER,
    .compile = decimal_compile,
    .generate = number_generate,
    .free = number_free,
};

const struct gen_kind gen_number_float = {
    .name = "float",
    .description = "real/double values in [min, max] rounded to 2 decimals "
                   "(default 0..1000); the distributions of int",
    .keys = decimal_keys,
    .types = GEN_TYPES_NUMBER & ~GEN_TYPES_INTEGER,
    .compile = float_compile,
    .generate = number_generate,
    .free = number_free,
};

/* sequence */

struct sequence_state {
    int64_t start, step;
};

static const struct gen_key sequence_keys[] = {
    {"start", GEN_KEY_INT, "1", "the first row's value"},
    {"step", GEN_KEY_INT, "1", "added for each row; not 0"},
    {NULL, 0, NULL, NULL},
};

static int
sequence_compile(const struct gen_spec *spec, void **state,
                 struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    int64_t limit_lo, limit_hi;
    switch (t->array_dims > 0 ? PG_TEXT : t->base) {
    case PG_SMALLINT:
    case PG_INTEGER:
    case PG_BIGINT:
        gen_util_int_bounds(t->base, &limit_lo, &limit_hi);
        break;
    case PG_NUMERIC:
    case PG_REAL:
    case PG_DOUBLE:
    case PG_MONEY:
        limit_lo = -(INT64_C(1) << 53);
        limit_hi = INT64_C(1) << 53;
        break;
    default:
        gen_util_type_error(spec, "sequence", diags);
        return -1;
    }
    int64_t start = 1, step = 1;
    if (gen_util_config_int(spec, "start", &start, diags) < 0 ||
        gen_util_config_int(spec, "step", &step, diags) < 0)
        return -1;
    if (step == 0) {
        gen_util_config_error(spec, "step", diags, "\"step\" must not be 0");
        return -1;
    }
    char type_name[128];
    gen_util_type_name(spec->type, type_name, sizeof(type_name));
    if (start < limit_lo || start > limit_hi) {
        gen_util_config_error(spec, "start", diags,
                              "\"start\" is outside the range of type \"%s\"",
                              type_name);
        return -1;
    }
    uint64_t rows = spec->row_count > 0 ? spec->row_count - 1 : 0;
    __int128 last = (__int128)start + (__int128)rows * step;
    if (last < limit_lo || last > limit_hi) {
        gen_util_error(spec, diags,
                       "a sequence from %lld by %lld over %llu rows "
                       "overflows type \"%s\"",
                       (long long)start, (long long)step,
                       (unsigned long long)spec->row_count, type_name);
        return -1;
    }
    struct sequence_state *st = xmalloc(sizeof(*st));
    st->start = start;
    st->step = step;
    *state = st;
    return 0;
}

static void
sequence_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sequence_state *st = state;
    *out = value_int(st->start + (int64_t)ctx->row * st->step);
}

const struct gen_kind gen_number_sequence = {
    .name = "sequence",
    .description = "start + row * step (default 1, 1); unique by "
                   "construction (alias: sequential)",
    .keys = sequence_keys,
    .types = GEN_TYPES_NUMBER,
    .compile = sequence_compile,
    .generate = sequence_generate,
    .free = free,
};

/* boolean */

struct boolean_state {
    double true_fraction;
    bool unique;
    uint64_t flip; /* unique: which row gets true */
};

static const struct gen_key boolean_keys[] = {
    {"true_fraction", GEN_KEY_FRACTION, "0.5", "the share of true values"},
    {NULL, 0, NULL, NULL},
};

static int
boolean_compile(const struct gen_spec *spec, void **state,
                struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 || t->base != PG_BOOLEAN) {
        gen_util_type_error(spec, "boolean", diags);
        return -1;
    }
    double fraction = 0.5;
    if (gen_util_config_fraction(spec, "true_fraction", &fraction, diags) < 0)
        return -1;
    if (gen_util_need_capacity(spec, 2, "a boolean", diags) != 0)
        return -1;
    struct boolean_state *st = xmalloc(sizeof(*st));
    st->true_fraction = fraction;
    st->unique = spec->unique;
    st->flip = spec->key & 1;
    *state = st;
    return 0;
}

static void
boolean_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct boolean_state *st = state;
    out->kind = VALUE_BOOL;
    out->scale = 0;
    if (st->unique)
        out->as.i = (int64_t)((ctx->row ^ st->flip) & 1);
    else
        out->as.i = rng_unit(&ctx->rng) < st->true_fraction;
}

const struct gen_kind gen_number_boolean = {
    .name = "boolean",
    .description = "true with probability true_fraction (default 0.5)",
    .keys = boolean_keys,
    .types = GEN_TYPE(PG_BOOLEAN),
    .compile = boolean_compile,
    .generate = boolean_generate,
    .free = free,
};
