#include <stdlib.h>

#include "core/xalloc.h"
#include "gen/gen_internal.h"

/*
 * latitude and longitude: uniform in [min, max] (default the whole valid
 * range, -90..90 and -180..180) in steps of the column's scale (numeric(p,s);
 * 6 decimals, about 10 cm, for real, double and bare numeric), narrowed to
 * what numeric(p,s) can hold and to CHECK bounds.
 */

struct coord_state {
    bool numeric; /* else float */
    int scale;
    int16_t float_digits;
    int64_t lo, hi; /* in units of 10^-scale */
    bool unique;
    struct perm perm;
};

#define COORD_DEFAULT_SCALE 6

static int
coord_compile(const struct gen_kind *kind, double limit,
              const struct gen_spec *spec, void **state,
              struct diag_list *diags)
{
    *state = NULL;
    if (!gen_kind_accepts(kind, spec->type)) {
        gen_util_type_error(spec, kind->name, diags);
        return -1;
    }
    const struct pg_type *t = gen_util_resolve(spec->type);
    struct coord_state st = {0};
    st.numeric = t->base == PG_NUMERIC;
    st.scale = COORD_DEFAULT_SCALE;
    st.float_digits = t->base == PG_REAL ? 9 : 17;
    int64_t type_max = INT64_MAX;
    if (st.numeric && t->precision >= 0) {
        st.scale = t->scale;
        if (st.scale > 15)
            st.scale = 15;
        int whole = t->precision - t->scale;
        if (whole < 0)
            whole = 0;
        /* numeric(p,s) holds |x| < 10^(p-s) */
        if (whole + st.scale <= 18)
            type_max = gen_util_pow10(whole + st.scale) - 1;
    }
    if (t->base == PG_REAL)
        st.scale = 4; /* real keeps about 7 significant digits */
    int64_t unit = gen_util_pow10(st.scale);
    int64_t bound = (int64_t)(limit * (double)unit);
    if (bound > type_max)
        bound = type_max;
    double lo = -limit, hi = limit;
    int found_lo = gen_util_config_number(spec, "min", &lo, diags);
    int found_hi = gen_util_config_number(spec, "max", &hi, diags);
    if (found_lo < 0 || found_hi < 0)
        return -1;
    if (lo < -limit || lo > limit) {
        gen_util_config_error(spec, "min", diags,
                              "\"min\" must be between %g and %g", -limit,
                              limit);
        return -1;
    }
    if (hi < -limit || hi > limit) {
        gen_util_config_error(spec, "max", diags,
                              "\"max\" must be between %g and %g", -limit,
                              limit);
        return -1;
    }
    if (lo > hi) {
        gen_util_config_error(spec, "min", diags,
                              "\"min\" must not be greater than \"max\"");
        return -1;
    }
    st.lo = (int64_t)(lo * (double)unit);
    st.hi = (int64_t)(hi * (double)unit);
    if (st.lo < -bound)
        st.lo = -bound;
    if (st.hi > bound)
        st.hi = bound;
    int64_t scaled;
    const struct check_bounds *b = spec->bounds;
    if (b != NULL && b->has_min &&
        gen_util_bound_scaled(&b->min, true, b->min_inclusive, st.scale, 0,
                              &scaled) &&
        scaled > st.lo)
        st.lo = scaled;
    if (b != NULL && b->has_max &&
        gen_util_bound_scaled(&b->max, false, b->max_inclusive, st.scale, 0,
                              &scaled) &&
        scaled < st.hi)
        st.hi = scaled;
    if (st.lo > st.hi) {
        gen_util_error(spec, diags,
                       "no %s fits the column's type and constraints",
                       kind->name);
        return -1;
    }
    uint64_t space = (uint64_t)(st.hi - st.lo) + 1;
    if (gen_util_need_capacity(spec, space, kind->name, diags) != 0)
        return -1;
    st.unique = spec->unique;
    if (st.unique)
        perm_init(&st.perm, space, spec->key);
    struct coord_state *copy = xmalloc(sizeof(*copy));
    *copy = st;
    *state = copy;
    return 0;
}

static void
coord_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct coord_state *st = state;
    uint64_t space = (uint64_t)(st->hi - st->lo) + 1;
    uint64_t offset = st->unique ? perm_apply(&st->perm, ctx->row % space)
                                 : rng_below(&ctx->rng, space);
    int64_t scaled = st->lo + (int64_t)offset;
    if (st->numeric) {
        struct value v = {.kind = VALUE_NUMERIC, .scale = (int16_t)st->scale};
        v.as.i = scaled;
        *out = v;
    } else {
        struct value v = {.kind = VALUE_FLOAT,
                          .float_digits = st->float_digits};
        v.as.f = (double)scaled / (double)gen_util_pow10(st->scale);
        *out = v;
    }
}

static int
latitude_compile(const struct gen_spec *spec, void **state,
                 struct diag_list *diags)
{
    return coord_compile(&gen_geo_latitude, 90, spec, state, diags);
}

static int
longitude_compile(const struct gen_spec *spec, void **state,
                  struct diag_list *diags)
{
    return coord_compile(&gen_geo_longitude, 180, spec, state, diags);
}

static const struct gen_key latitude_keys[] = {
    {"min", GEN_KEY_NUMBER, "-90", "southernmost value"},
    {"max", GEN_KEY_NUMBER, "90", "northernmost value"},
    {NULL, 0, NULL, NULL},
};
static const struct gen_key longitude_keys[] = {
    {"min", GEN_KEY_NUMBER, "-180", "westernmost value"},
    {"max", GEN_KEY_NUMBER, "180", "easternmost value"},
    {NULL, 0, NULL, NULL},
};

const struct gen_kind gen_geo_latitude = {
    .name = "latitude",
    .description = "degrees north in [min, max] with the column's scale "
                   "(6 decimals by default)",
    .keys = latitude_keys,
    .types = GEN_TYPE(PG_NUMERIC) | GEN_TYPES_FLOAT,
    .compile = latitude_compile,
    .generate = coord_generate,
    .free = free,
};

const struct gen_kind gen_geo_longitude = {
    .name = "longitude",
    .description = "degrees east in [min, max] with the column's scale "
                   "(6 decimals by default)",
    .keys = longitude_keys,
    .types = GEN_TYPE(PG_NUMERIC) | GEN_TYPES_FLOAT,
    .compile = longitude_compile,
    .generate = coord_generate,
    .free = free,
};
