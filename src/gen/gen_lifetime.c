#include <math.h>
#include <stdlib.h>

#include "core/xalloc.h"
#include "gen/gen_semantic_internal.h"

/*
 * A row's life: created_at is spread over the five years before the
 * reference date and grows with the row index (row r gets a time in the r-th
 * of row_count equal slots), which is how serial keys and creation times
 * relate in real tables and makes created_at unique for free. updated_at
 * and its kin fall between created_at and the reference date. Both derive
 * from the same row-level numbers, so updated_at >= created_at holds whatever
 * the columns' types and precisions are.
 */

#define SALT_CREATED UINT64_C(0x63726561746564)
#define SALT_UPDATED UINT64_C(0x75706461746564)
#define SALT_BIRTH   UINT64_C(0x6269727468)
#define WINDOW_YEARS 5

static const char *const no_keys[] = {NULL};

static int64_t
reference_us(void)
{
    return days_from_civil(SEM_REFERENCE_YEAR, 1, 1) * USEC_PER_DAY;
}

static int64_t
window_start_us(void)
{
    return days_from_civil(SEM_REFERENCE_YEAR - WINDOW_YEARS, 1, 1) *
           USEC_PER_DAY;
}

/* The largest resolution (a day, or a power of ten of microseconds) not
 * above span; slot starts are snapped to it so that they stay distinct in
 * any column whose resolution divides it. */
static int64_t
snap_unit(int64_t span)
{
    if (span >= USEC_PER_DAY)
        return USEC_PER_DAY;
    int64_t unit = USEC_PER_SEC;
    while (unit > span && unit > 1)
        unit /= 10;
    return unit;
}

static int64_t
slot_start(uint64_t row, int64_t slot, int64_t unit)
{
    int64_t at = (int64_t)row * slot;
    return window_start_us() + at / unit * unit;
}

static int64_t exact_created_us(uint64_t row, uint64_t row_count,
                                uint64_t row_key);

/* Whole seconds, as applications mostly record them, unless the rows are
 * so many that distinct creation times need finer steps. */
static int64_t
creation_grain(uint64_t row_count)
{
    int64_t window = reference_us() - window_start_us();
    if ((uint64_t)window < row_count)
        return 1;
    int64_t unit = snap_unit(window / (int64_t)row_count);
    return unit < USEC_PER_SEC ? unit : USEC_PER_SEC;
}

/* The instant a row was created, in microseconds since 1970, on the
 * table's creation grain (a multiple of it, so every column derived from
 * it agrees). */
static int64_t
created_us(uint64_t row, uint64_t row_count, uint64_t row_key)
{
    if (row_count == 0)
        row_count = 1;
    int64_t grain = creation_grain(row_count);
    return exact_created_us(row, row_count, row_key) / grain * grain;
}

static int64_t
exact_created_us(uint64_t row, uint64_t row_count, uint64_t row_key)
{
    struct rng r = rng_cell(row_key, SALT_CREATED, 0, 0);
    double frac = rng_unit(&r);
    int64_t window = reference_us() - window_start_us();
    if (row_count == 0)
        row_count = 1;
    if (row >= row_count)
        row %= row_count;
    if ((uint64_t)window < row_count)
        return window_start_us() +
               (int64_t)(((double)row + frac) / (double)row_count *
                         (double)window);
    int64_t slot = window / (int64_t)row_count;
    int64_t unit = snap_unit(slot);
    int64_t start = slot_start(row, slot, unit);
    int64_t end =
        row + 1 == row_count ? reference_us() : slot_start(row + 1, slot, unit);
    return start + (int64_t)(frac * (double)(end - start));
}

static int64_t
floor_to(int64_t us, int64_t unit)
{
    return us / unit * unit; /* times here are after 1970 */
}

static int64_t
ceil_to(int64_t us, int64_t unit)
{
    return (us + unit - 1) / unit * unit;
}

static void
put_time(const struct sem_gen *gen, int64_t us, struct value *out)
{
    struct value v = {.kind = VALUE_TIMESTAMP};
    if (gen->base == PG_DATE) {
        v.kind = VALUE_DATE;
        v.as.i = us / USEC_PER_DAY;
    } else {
        v.kind =
            gen->base == PG_TIMESTAMPTZ ? VALUE_TIMESTAMPTZ : VALUE_TIMESTAMP;
        v.as.i = us;
    }
    *out = v;
}

static struct sem_gen *
time_begin(const struct gen_spec *spec, const struct gen_kind *kind,
           struct diag_list *diags)
{
    struct sem_gen *gen =
        gen_semantic_begin(spec, kind, SEM_TEMPORAL, 0, diags);
    if (gen == NULL)
        return NULL;
    gen->unit_us = 1;
    if (gen->base == PG_DATE) {
        gen->unit_us = USEC_PER_DAY;
    } else {
        int precision = spec->type->precision;
        for (int p = precision < 0 ? 6 : precision; p < 6; p++)
            gen->unit_us *= 10;
    }
    return gen;
}

static int
created_compile(const struct gen_spec *spec, void **state,
                struct diag_list *diags)
{
    struct sem_gen *gen = time_begin(spec, &gen_lifetime_created_at, diags);
    if (gen == NULL)
        return -1;
    if (gen->unique) {
        int64_t window = reference_us() - window_start_us();
        uint64_t rows = spec->row_count ? spec->row_count : 1;
        if ((uint64_t)window < rows ||
            snap_unit(window / (int64_t)rows) < gen->unit_us) {
            diag_add(diags, DIAG_ERROR, spec->path,
                     "use a timestamp column or drop the unique constraint",
                     "cannot make %llu unique values in the %d years before "
                     "%d-01-01 at this column's resolution",
                     (unsigned long long)spec->row_count, WINDOW_YEARS,
                     SEM_REFERENCE_YEAR);
            gen_semantic_free(gen);
            return -1;
        }
    }
    *state = gen;
    return 0;
}

static void
created_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    int64_t us = created_us(ctx->row, gen->row_count, ctx->row_key);
    put_time(gen, floor_to(us, gen->unit_us), out);
}

static int
updated_compile(const struct gen_spec *spec, void **state,
                struct diag_list *diags)
{
    struct sem_gen *gen = time_begin(spec, &gen_lifetime_updated_at, diags);
    if (gen == NULL)
        return -1;
    if (gen->unique) {
        diag_add(diags, DIAG_ERROR, spec->path,
                 "use \"created_at\", which is unique, or drop the unique "
                 "constraint",
                 "generator \"updated_at\" cannot make unique values");
        gen_semantic_free(gen);
        return -1;
    }
    gen->salt = rng_combine(
        SALT_UPDATED,
        spec->column != NULL ? rng_hash_name(spec->column->name) : spec->key);
    *state = gen;
    return 0;
}

static void
updated_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    int64_t created = created_us(ctx->row, gen->row_count, ctx->row_key);
    /* the cell's own stream: a CHECK retry (approved_at <= refunded_at)
     * then draws another delay */
    struct rng r = ctx->rng;
    int64_t us = created;
    /* a quarter of the rows were never changed after they were made */
    if (!rng_chance(&r, 0.25))
        us += (int64_t)(rng_unit(&r) * (double)(reference_us() - created));
    /* rounded up, so a coarser column never reads before created_at */
    put_time(gen, ceil_to(us, gen->unit_us), out);
}

/* The next step of a row's life (shipped, delivered, confirmed): hours to
 * days after its creation, most within a day or two (an exponential delay
 * with a tenth of max_days as its mean), and never past max_days. */
static const char *const followup_keys[] = {"max_days", NULL};

static int
followup_compile(const struct gen_spec *spec, void **state,
                 struct diag_list *diags)
{
    struct sem_gen *gen = time_begin(spec, &gen_lifetime_followup_at, diags);
    if (gen == NULL)
        return -1;
    if (gen->unique) {
        diag_add(diags, DIAG_ERROR, spec->path,
                 "drop the unique constraint",
                 "generator \"followup_at\" cannot make unique values");
        gen_semantic_free(gen);
        return -1;
    }
    int64_t max_days = 14;
    const json_t *value =
        spec->config ? json_object_get(spec->config, "max_days") : NULL;
    if (value != NULL) {
        if (!json_is_integer(value) || json_integer_value(value) < 1 ||
            json_integer_value(value) > 3650) {
            char *path = xasprintf("%s.generator_config.max_days", spec->path);
            diag_error(diags, path, "\"max_days\" must be a whole number "
                                    "from 1 to 3650");
            free(path);
            gen_semantic_free(gen);
            return -1;
        }
        max_days = json_integer_value(value);
    }
    gen->max_delay_us = max_days * USEC_PER_DAY;
    gen->salt = rng_combine(
        SALT_UPDATED,
        spec->column != NULL ? rng_hash_name(spec->column->name) : spec->key);
    *state = gen;
    return 0;
}

static void
followup_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    int64_t created = created_us(ctx->row, gen->row_count, ctx->row_key);
    /* the cell's own stream: a CHECK retry (approved_at <= refunded_at)
     * then draws another delay */
    struct rng r = ctx->rng;
    double mean = (double)gen->max_delay_us / 10.0;
    double delay = -mean * log(1.0 - rng_unit(&r));
    if (delay > (double)gen->max_delay_us)
        delay = (double)gen->max_delay_us;
    int64_t us = created + (int64_t)delay / USEC_PER_SEC * USEC_PER_SEC;
    put_time(gen, ceil_to(us, gen->unit_us), out);
}

static int64_t
oldest_birth_day(void)
{
    return days_from_civil(SEM_REFERENCE_YEAR - 90, 1, 2);
}

static int
birthdate_compile(const struct gen_spec *spec, void **state,
                  struct diag_list *diags)
{
    struct sem_gen *gen = time_begin(spec, &gen_lifetime_birthdate, diags);
    if (gen == NULL)
        return -1;
    if (gen->unique) {
        int64_t days =
            days_from_civil(SEM_REFERENCE_YEAR - 18, 1, 1) - oldest_birth_day();
        if (gen_semantic_unique(gen, spec, (uint64_t)days + 1, SALT_BIRTH,
                                "days in the birth dates of adults",
                                diags) != 0) {
            gen_semantic_free(gen);
            return -1;
        }
    }
    *state = gen;
    return 0;
}

static void
birthdate_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    int64_t day;
    if (gen->unique) {
        day = oldest_birth_day() +
              (int64_t)gen_semantic_unique_index(gen, ctx->row);
    } else {
        struct sem_person p;
        gen_semantic_person(gen->locale, ctx->row_key, &p);
        day = p.birth_day;
    }
    put_time(gen, day * USEC_PER_DAY, out);
}

const struct gen_kind gen_lifetime_created_at = {
    .name = "created_at",
    .description = "when the row was made: the five years before 2025-01-01, "
                   "rising with the row index; unique",
    .config_keys = no_keys,
    .types = GEN_TYPES_DATETIME,
    .compile = created_compile,
    .generate = created_generate,
    .free = gen_semantic_free,
};

static const struct gen_key lifetime_followup_at_key_schema[] = {
    {"max_days", GEN_KEY_INT, "14", "the longest delay after created_at, in days"},
    {NULL, 0, NULL, NULL},
};

const struct gen_kind gen_lifetime_followup_at = {
    .name = "followup_at",
    .description = "the next step after the row's created_at (shipped, "
                   "delivered): hours to days later, at most max_days "
                   "(default 14)",
    .config_keys = followup_keys,
    .types = GEN_TYPES_DATETIME,
    .keys = lifetime_followup_at_key_schema,
    .compile = followup_compile,
    .generate = followup_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_lifetime_updated_at = {
    .name = "updated_at",
    .description = "a time between the row's created_at and 2025-01-01",
    .config_keys = no_keys,
    .types = GEN_TYPES_DATETIME,
    .compile = updated_compile,
    .generate = updated_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_lifetime_birthdate = {
    .name = "birthdate",
    .description = "the birth date of the row's person, an adult of 18 to "
                   "90 on 2025-01-01",
    .config_keys = no_keys,
    .types = GEN_TYPES_DATETIME,
    .compile = birthdate_compile,
    .generate = birthdate_generate,
    .free = gen_semantic_free,
};
