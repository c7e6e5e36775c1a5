#include <math.h>
#include <stdlib.h>

#include "core/xalloc.h"
#include "gen/gen_internal.h"

enum number_out { OUT_INT, OUT_NUMERIC, OUT_FLOAT };

/* int, decimal and float all draw an integer k from [lo, hi] and emit
 * k / 10^scale in the column's value kind, so one range and permutation
 * logic serves them all. */
struct number_state {
    int64_t lo, hi;
    int scale;
    enum number_out out;
    int16_t float_digits;
    bool unique;
    struct perm perm;
    struct value *allowed; /* a CHECK's IN list, when there is one */
    size_t allowed_count;
};

enum number_kind { KIND_INT, KIND_DECIMAL, KIND_FLOAT };

static const char *const number_keys[] = {"min", "max", NULL};

static void
number_free(void *state)
{
    struct number_state *st = state;
    if (st == NULL)
        return;
    gen_util_free_allowed(st->allowed, st->allowed_count);
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
    st->allowed_count = gen_util_copy_allowed(spec, &st->allowed);
    st->unique = spec->unique;
    if (st->allowed_count > 0) {
        if (gen_util_need_capacity(spec, st->allowed_count,
                                   "the CHECK constraint's IN list",
                                   diags) != 0)
            goto fail;
        perm_init(&st->perm, st->allowed_count, spec->key);
        *state = st;
        return 0;
    }
    if (gen_util_range(spec, &r, diags) != 0)
        goto fail;
    st->lo = r.lo;
    st->hi = r.hi;
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
        k = rng_range(&ctx->rng, st->lo, st->hi);
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
    .description = "uniform integers in [min, max] (default 1..1000000 "
                   "within the type); unique through a keyed permutation",
    .config_keys = number_keys,
    .compile = int_compile,
    .generate = number_generate,
    .free = number_free,
};

const struct gen_kind gen_number_decimal = {
    .name = "decimal",
    .description = "exact decimals in [min, max] with the column's scale "
                   "(numeric, money; default 0..1000)",
    .config_keys = number_keys,
    .compile = decimal_compile,
    .generate = number_generate,
    .free = number_free,
};

const struct gen_kind gen_number_float = {
    .name = "float",
    .description = "real/double values in [min, max] rounded to 2 decimals "
                   "(default 0..1000)",
    .config_keys = number_keys,
    .compile = float_compile,
    .generate = number_generate,
    .free = number_free,
};

/* sequence */

struct sequence_state {
    int64_t start, step;
};

static const char *const sequence_keys[] = {"start", "step", NULL};

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
    .config_keys = sequence_keys,
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

static const char *const boolean_keys[] = {"true_fraction", NULL};

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
    .config_keys = boolean_keys,
    .compile = boolean_compile,
    .generate = boolean_generate,
    .free = free,
};
