#include <stdlib.h>

#include "core/xalloc.h"
#include "gen/gen_internal.h"

static const char *const no_keys[] = {NULL};

/* Geometric types: coordinates are two-decimal numbers in [-1000, 1000],
 * written as fixed decimals so the text is short and exact. PostgreSQL has
 * no equality for most of these types, so none of them can be unique. */

#define COORD_MAX 100000 /* 1000.00 in hundredths */
/* "(-1000.00,-1000.00)" */
#define POINT_TEXT_MAX 20

struct geo_state {
    enum pg_base base;
};

static int
geo_compile(const char *name, enum pg_base base, const struct gen_spec *spec,
            void **state, struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 || t->base != base) {
        gen_util_type_error(spec, name, diags);
        return -1;
    }
    if (spec->unique) {
        gen_util_error(spec, diags,
                       "generator \"%s\" cannot produce unique values", name);
        return -1;
    }
    struct geo_state *st = xmalloc(sizeof(*st));
    st->base = base;
    *state = st;
    return 0;
}

static int64_t
coordinate(struct rng *rng)
{
    return rng_range(rng, -COORD_MAX, COORD_MAX);
}

static void
put_point(struct gen_out *o, int64_t x, int64_t y)
{
    gen_out_putc(o, '(');
    gen_util_put_fixed(o, x, 2);
    gen_out_putc(o, ',');
    gen_util_put_fixed(o, y, 2);
    gen_out_putc(o, ')');
}

static void
put_points(struct gen_out *o, struct rng *rng, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++) {
        if (i > 0)
            gen_out_putc(o, ',');
        put_point(o, coordinate(rng), coordinate(rng));
    }
}

static void
geo_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct geo_state *st = state;
    struct rng *rng = &ctx->rng;
    struct gen_out o;
    gen_out_init(&o, ctx->arena, 8 * (POINT_TEXT_MAX + 1) + 4);
    switch (st->base) {
    case PG_POINT:
        put_points(&o, rng, 1);
        break;
    case PG_LINE: {
        /* {A,B,C}: Ax + By + C = 0 needs A and B not both zero. */
        int64_t a = rng_range(rng, -1000, 1000);
        int64_t b = rng_range(rng, -1000, 1000);
        if (a == 0 && b == 0)
            b = 100;
        gen_out_putc(&o, '{');
        gen_util_put_fixed(&o, a, 2);
        gen_out_putc(&o, ',');
        gen_util_put_fixed(&o, b, 2);
        gen_out_putc(&o, ',');
        gen_util_put_fixed(&o, coordinate(rng), 2);
        gen_out_putc(&o, '}');
        break;
    }
    case PG_LSEG:
        gen_out_putc(&o, '[');
        put_points(&o, rng, 2);
        gen_out_putc(&o, ']');
        break;
    case PG_BOX: {
        /* Upper right corner first, as PostgreSQL prints boxes. */
        int64_t x1 = coordinate(rng), x2 = coordinate(rng);
        int64_t y1 = coordinate(rng), y2 = coordinate(rng);
        put_point(&o, x1 > x2 ? x1 : x2, y1 > y2 ? y1 : y2);
        gen_out_putc(&o, ',');
        put_point(&o, x1 > x2 ? x2 : x1, y1 > y2 ? y2 : y1);
        break;
    }
    case PG_PATH: {
        bool closed = rng_chance(rng, 0.5);
        gen_out_putc(&o, closed ? '(' : '[');
        put_points(&o, rng, 2 + rng_below(rng, 5));
        gen_out_putc(&o, closed ? ')' : ']');
        break;
    }
    case PG_POLYGON:
        gen_out_putc(&o, '(');
        put_points(&o, rng, 3 + rng_below(rng, 4));
        gen_out_putc(&o, ')');
        break;
    case PG_CIRCLE:
        gen_out_putc(&o, '<');
        put_points(&o, rng, 1);
        gen_out_putc(&o, ',');
        gen_util_put_fixed(&o, rng_range(rng, 1, 10000), 2);
        gen_out_putc(&o, '>');
        break;
    default:
        break;
    }
    *out = gen_out_value(&o);
}

#define GEO_KIND(ident, kind_name, pg_base, text)                              \
    static int ident##_compile(const struct gen_spec *spec, void **state,      \
                               struct diag_list *diags)                        \
    {                                                                          \
        return geo_compile(kind_name, pg_base, spec, state, diags);            \
    }                                                                          \
    const struct gen_kind gen_geo_##ident = {                                  \
        .name = kind_name,                                                     \
        .description = text,                                                   \
        .config_keys = no_keys,                                                \
        .types = GEN_TYPE(pg_base),                                            \
        .compile = ident##_compile,                                            \
        .generate = geo_generate,                                              \
        .free = free,                                                          \
    };

GEO_KIND(point, "point", PG_POINT, "points (x,y) in [-1000, 1000]")
GEO_KIND(line, "line", PG_LINE, "lines {A,B,C} with A and B not both zero")
GEO_KIND(lseg, "lseg", PG_LSEG, "line segments [(x1,y1),(x2,y2)]")
GEO_KIND(box, "box", PG_BOX, "boxes (x2,y2),(x1,y1)")
GEO_KIND(path, "path", PG_PATH, "open [..] or closed (..) paths of 2-6 points")
GEO_KIND(polygon, "polygon", PG_POLYGON, "polygons of 3-6 points")
GEO_KIND(circle, "circle", PG_CIRCLE, "circles <(x,y),r> with 0 < r <= 100")

/* ranges */

struct range_state {
    enum pg_base base;
    bool unique;
    struct perm perm;
    int64_t origin;  /* lower bounds start here (units of the type) */
    uint64_t spread; /* lower bounds lie in [origin, origin + spread) */
};

static int
range_compile(const struct gen_spec *spec, void **state,
              struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    struct range_state *st = xcalloc(1, sizeof(*st));
    st->base = t->base;
    switch (t->array_dims > 0 ? PG_TEXT : t->base) {
    case PG_INT4RANGE:
        st->origin = 1;
        st->spread = 1000;
        break;
    case PG_INT8RANGE:
        st->origin = 1;
        st->spread = 1000000;
        break;
    case PG_NUMRANGE: /* hundredths */
        st->origin = 0;
        st->spread = 100000;
        break;
    case PG_DATERANGE: /* days */
        st->origin = DG_REFERENCE_DAYS - 5 * 365;
        st->spread = 5 * 365;
        break;
    case PG_TSRANGE:
    case PG_TSTZRANGE: /* minutes */
        st->origin = (DG_REFERENCE_DAYS - 2 * 365) * 1440;
        st->spread = 2 * 365 * 1440;
        break;
    default:
        free(st);
        gen_util_type_error(spec, "range", diags);
        return -1;
    }
    st->unique = spec->unique;
    if (st->unique) {
        /* Distinct lower bounds make distinct ranges. */
        if (spec->row_count > st->spread)
            st->spread = spec->row_count;
        uint64_t limit =
            st->base == PG_INT4RANGE ? INT32_MAX - 1000
            : st->base == PG_DATERANGE
                ? (uint64_t)(days_from_civil(9999, 1, 1) - st->origin)
                : UINT64_C(1) << 40;
        if (st->spread > limit) {
            free(st);
            return gen_util_need_capacity(spec, limit, "the range type", diags);
        }
        perm_init(&st->perm, st->spread, spec->key);
    }
    *state = st;
    return 0;
}

static void
range_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct range_state *st = state;
    struct rng *rng = &ctx->rng;
    uint64_t offset = st->unique ? perm_apply(&st->perm, ctx->row)
                                 : rng_below(rng, st->spread);
    int64_t lower = st->origin + (int64_t)offset;
    struct gen_out o;
    gen_out_init(&o, ctx->arena, 96);
    /* Lower inclusive, upper exclusive: the canonical form of the discrete
     * types, and a natural one for the others. */
    gen_out_putc(&o, '[');
    switch (st->base) {
    case PG_INT4RANGE:
    case PG_INT8RANGE:
        gen_util_put_i64(&o, lower);
        gen_out_putc(&o, ',');
        gen_util_put_i64(&o, lower + 1 + (int64_t)rng_below(rng, 100));
        break;
    case PG_NUMRANGE:
        gen_util_put_fixed(&o, lower, 2);
        gen_out_putc(&o, ',');
        gen_util_put_fixed(&o, lower + 1 + (int64_t)rng_below(rng, 10000), 2);
        break;
    case PG_DATERANGE:
        gen_util_put_date(&o, lower);
        gen_out_putc(&o, ',');
        gen_util_put_date(&o, lower + 1 + (int64_t)rng_below(rng, 90));
        break;
    default: {
        int64_t minute = 60 * USEC_PER_SEC;
        int64_t upper = lower + 1 + (int64_t)rng_below(rng, 7 * 1440);
        const char *zone = st->base == PG_TSTZRANGE ? "+00" : "";
        gen_out_putc(&o, '"');
        gen_util_put_timestamp(&o, lower * minute);
        gen_out_puts(&o, zone);
        gen_out_puts(&o, "\",\"");
        gen_util_put_timestamp(&o, upper * minute);
        gen_out_puts(&o, zone);
        gen_out_putc(&o, '"');
        break;
    }
    }
    gen_out_putc(&o, ')');
    *out = gen_out_value(&o);
}

const struct gen_kind gen_geo_range = {
    .name = "range",
    .description = "non-empty ranges [lower,upper) for int4range, int8range, "
                   "numrange, daterange, tsrange and tstzrange",
    .config_keys = no_keys,
    .types = GEN_TYPES_RANGE,
    .compile = range_compile,
    .generate = range_generate,
    .free = free,
};
