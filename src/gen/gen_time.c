#include <stdlib.h>

#include "core/xalloc.h"
#include "gen/gen_internal.h"

/* Every temporal kind draws a whole number of units (days for date columns,
 * seconds otherwise) from [lo, hi]; whole seconds look like real data and
 * keep unique columns unique after any rounding of timestamp(p). */
struct time_state {
    int64_t lo, hi; /* in units */
    int64_t unit;   /* microseconds per unit */
    enum pg_base base;
    bool unique;
    struct perm perm;
    struct value *allowed;
    size_t allowed_count;
};

static const struct gen_key date_keys[] = {
    {"min", GEN_KEY_STRING, "2015-01-01", "the earliest date (ISO)"},
    {"max", GEN_KEY_STRING, "2024-12-31", "the latest date (ISO)"},
    {NULL, 0, NULL, NULL},
};

static const struct gen_key datetime_keys[] = {
    {"min", GEN_KEY_STRING, "2020-01-01 00:00:00",
     "the earliest timestamp (ISO)"},
    {"max", GEN_KEY_STRING, "2024-12-31 23:59:59",
     "the latest timestamp (ISO)"},
    {NULL, 0, NULL, NULL},
};

static const struct gen_key time_keys[] = {
    {"min", GEN_KEY_STRING, "00:00:00", "the earliest time of day"},
    {"max", GEN_KEY_STRING, "23:59:59", "the latest time of day"},
    {NULL, 0, NULL, NULL},
};

static void
time_free(void *state)
{
    struct time_state *st = state;
    if (st == NULL)
        return;
    gen_util_free_allowed(st->allowed, st->allowed_count);
    free(st);
}

static int64_t
floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if (a % b != 0 && (a < 0) != (b < 0))
        q--;
    return q;
}

static int
finish_range(const struct gen_spec *spec, struct time_state *st,
             struct gen_range *r, void **state, struct diag_list *diags)
{
    st->unique = spec->unique;
    st->allowed_count = gen_util_copy_allowed(spec, &st->allowed);
    if (st->allowed_count > 0) {
        if (gen_util_need_capacity(spec, st->allowed_count,
                                   "the CHECK constraint's IN list",
                                   diags) != 0)
            return -1;
        perm_init(&st->perm, st->allowed_count, spec->key);
        *state = st;
        return 0;
    }
    if (gen_util_range(spec, r, diags) != 0)
        return -1;
    st->lo = r->lo;
    st->hi = r->hi;
    if (st->unique)
        perm_init(&st->perm, (uint64_t)(st->hi - st->lo) + 1, spec->key);
    *state = st;
    return 0;
}

static int
calendar_compile(bool datetime, const struct gen_spec *spec, void **state,
                 struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 || (t->base != PG_DATE && t->base != PG_TIMESTAMP &&
                              t->base != PG_TIMESTAMPTZ)) {
        gen_util_type_error(spec, datetime ? "datetime" : "date", diags);
        return -1;
    }
    struct time_state *st = xcalloc(1, sizeof(*st));
    st->base = t->base;
    st->unit = t->base == PG_DATE ? USEC_PER_DAY : USEC_PER_SEC;
    int64_t per_day = USEC_PER_DAY / st->unit;
    struct gen_range r = {
        .limit_lo = days_from_civil(1, 1, 1) * per_day,
        .limit_hi = (days_from_civil(9999, 12, 31) + 1) * per_day - 1,
        .unit_usec = st->unit,
        .unit_name = t->base == PG_DATE ? "days" : "seconds",
    };
    /* The ten (date) or five (datetime) years before the reference date. */
    int64_t years = datetime ? 5 : 10;
    r.lo = days_from_civil(DG_REFERENCE_YEAR - years, 1, 1) * per_day;
    r.hi = DG_REFERENCE_DAYS * per_day - 1;
    int64_t usec;
    int found_lo = gen_util_config_timestamp(spec, "min", &usec, diags);
    if (found_lo == 1)
        r.lo = -floor_div(-usec, st->unit);
    int found_hi = gen_util_config_timestamp(spec, "max", &usec, diags);
    if (found_hi == 1)
        r.hi = floor_div(usec, st->unit);
    if (found_lo < 0 || found_hi < 0)
        goto fail;
    r.explicit_lo = found_lo == 1;
    r.explicit_hi = found_hi == 1;
    if (finish_range(spec, st, &r, state, diags) == 0)
        return 0;
fail:
    time_free(st);
    return -1;
}

static void
calendar_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct time_state *st = state;
    if (st->allowed_count > 0) {
        uint64_t index = st->unique ? perm_apply(&st->perm, ctx->row)
                                    : rng_below(&ctx->rng, st->allowed_count);
        *out = st->allowed[index];
        return;
    }
    int64_t k = st->unique ? st->lo + (int64_t)perm_apply(&st->perm, ctx->row)
                           : rng_range(&ctx->rng, st->lo, st->hi);
    *out = value_int(k);
    switch (st->base) {
    case PG_DATE:
        out->kind = VALUE_DATE;
        break;
    case PG_TIMESTAMP:
        out->kind = VALUE_TIMESTAMP;
        out->as.i = k * st->unit;
        break;
    default:
        out->kind = VALUE_TIMESTAMPTZ;
        out->as.i = k * st->unit;
        break;
    }
}

static int
date_compile(const struct gen_spec *spec, void **state, struct diag_list *diags)
{
    return calendar_compile(false, spec, state, diags);
}

static int
datetime_compile(const struct gen_spec *spec, void **state,
                 struct diag_list *diags)
{
    return calendar_compile(true, spec, state, diags);
}

const struct gen_kind gen_time_date = {
    .name = "date",
    .description = "days in [min, max] (ISO dates; default the ten years "
                   "before 2025-01-01)",
    .keys = date_keys,
    .types = GEN_TYPES_DATETIME,
    .compile = date_compile,
    .generate = calendar_generate,
    .free = time_free,
};

const struct gen_kind gen_time_datetime = {
    .name = "datetime",
    .description = "whole-second timestamps in [min, max] (ISO; default the "
                   "five years before 2025-01-01)",
    .keys = datetime_keys,
    .types = GEN_TYPES_DATETIME,
    .compile = datetime_compile,
    .generate = calendar_generate,
    .free = time_free,
};

/* time of day */

static int
time_compile(const struct gen_spec *spec, void **state, struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 || (t->base != PG_TIME && t->base != PG_TIMETZ)) {
        gen_util_type_error(spec, "time", diags);
        return -1;
    }
    struct time_state *st = xcalloc(1, sizeof(*st));
    st->base = t->base;
    st->unit = USEC_PER_SEC;
    struct gen_range r = {
        .limit_lo = 0,
        .limit_hi = 86399,
        .lo = 0,
        .hi = 86399,
        .unit_usec = USEC_PER_SEC,
        .unit_name = "seconds",
    };
    int64_t usec;
    int found_lo = gen_util_config_time(spec, "min", &usec, diags);
    if (found_lo == 1)
        r.lo = -floor_div(-usec, USEC_PER_SEC);
    int found_hi = gen_util_config_time(spec, "max", &usec, diags);
    if (found_hi == 1)
        r.hi = usec / USEC_PER_SEC;
    if (found_lo < 0 || found_hi < 0)
        goto fail;
    r.explicit_lo = found_lo == 1;
    r.explicit_hi = found_hi == 1;
    if (t->base == PG_TIMETZ) {
        /* Bounds on timetz arrive as text we do not compare. */
        struct gen_spec plain = *spec;
        plain.bounds = NULL;
        if (finish_range(&plain, st, &r, state, diags) == 0)
            return 0;
    } else if (finish_range(spec, st, &r, state, diags) == 0) {
        return 0;
    }
fail:
    time_free(st);
    return -1;
}

static void
time_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct time_state *st = state;
    if (st->allowed_count > 0) {
        uint64_t index = st->unique ? perm_apply(&st->perm, ctx->row)
                                    : rng_below(&ctx->rng, st->allowed_count);
        *out = st->allowed[index];
        return;
    }
    int64_t k = st->unique ? st->lo + (int64_t)perm_apply(&st->perm, ctx->row)
                           : rng_range(&ctx->rng, st->lo, st->hi);
    if (st->base == PG_TIME) {
        *out = value_int(k * USEC_PER_SEC);
        out->kind = VALUE_TIME;
        return;
    }
    struct gen_out o;
    gen_out_init(&o, ctx->arena, 12);
    gen_util_put_time(&o, k * USEC_PER_SEC);
    gen_out_puts(&o, "+00");
    *out = gen_out_value(&o);
}

const struct gen_kind gen_time_time = {
    .name = "time",
    .description = "whole-second times of day in [min, max] (\"HH:MM:SS\"); "
                   "time with time zone in UTC",
    .keys = time_keys,
    .types = GEN_TYPES_TIME,
    .compile = time_compile,
    .generate = time_generate,
    .free = time_free,
};

/* interval */

struct interval_state {
    uint64_t span; /* seconds */
    bool unique;
    struct perm perm;
};

static const struct gen_key no_keys[] = {{NULL, 0, NULL, NULL}};

static int
interval_compile(const struct gen_spec *spec, void **state,
                 struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 || t->base != PG_INTERVAL) {
        gen_util_type_error(spec, "interval", diags);
        return -1;
    }
    struct interval_state *st = xcalloc(1, sizeof(*st));
    st->span = UINT64_C(90) * 86400;
    st->unique = spec->unique;
    if (st->unique) {
        if (spec->row_count > st->span)
            st->span = spec->row_count;
        perm_init(&st->perm, st->span, spec->key);
    }
    *state = st;
    return 0;
}

static void
interval_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct interval_state *st = state;
    uint64_t seconds = st->unique ? perm_apply(&st->perm, ctx->row)
                                  : rng_below(&ctx->rng, st->span);
    uint64_t days = seconds / 86400;
    struct gen_out o;
    gen_out_init(&o, ctx->arena, 40);
    if (days > 0) {
        gen_util_put_u64(&o, days);
        gen_out_puts(&o, days == 1 ? " day " : " days ");
    }
    gen_util_put_time(&o, (int64_t)(seconds % 86400) * USEC_PER_SEC);
    *out = gen_out_value(&o);
}

const struct gen_kind gen_time_interval = {
    .name = "interval",
    .description = "durations up to 90 days (\"3 days 04:05:06\")",
    .keys = no_keys,
    .types = GEN_TYPE(PG_INTERVAL),
    .compile = interval_compile,
    .generate = interval_generate,
    .free = free,
};
