#include <string.h>

#include "gen/gen_semantic.h"
#include "gen/gen_semantic_internal.h"

/* The name and code kinds of one dictionary share a salt, so unique state
 * names and unique state codes of one table describe the same state. */
#define SALT_STREET  UINT64_C(0x737472656574)
#define SALT_CITY    UINT64_C(0x63697479)
#define SALT_REGION  UINT64_C(0x726567696f6e)
#define SALT_COUNTRY UINT64_C(0x636f756e747279)
#define SALT_POSTAL  UINT64_C(0x706f7374616c)

#define HOUSE_NUMBERS 9999

static const char *const no_keys[] = {NULL};
static const char *const format_keys[] = {"format", NULL};

static int
fail(struct sem_gen *gen)
{
    gen_semantic_free(gen);
    return -1;
}

/* Reads generator_config.format, one of choices (NULL-terminated); sets
 * *out to its index or leaves it when absent. */
static int
read_format(const struct gen_spec *spec, const char *const *choices, int *out,
            struct diag_list *diags)
{
    const char *format;
    if (gen_semantic_config_string(spec, "format", &format, diags) != 0)
        return -1;
    if (format == NULL)
        return 0;
    for (int i = 0; choices[i] != NULL; i++) {
        if (strcmp(choices[i], format) == 0) {
            *out = i;
            return 0;
        }
    }
    char path[512], hint[128];
    snprintf(path, sizeof(path), "%s.generator_config.format", spec->path);
    snprintf(hint, sizeof(hint), "use \"%s\" or \"%s\"", choices[0],
             choices[1]);
    diag_add(diags, DIAG_ERROR, path, hint, "unknown format \"%s\"", format);
    return -1;
}

/* ---- street_address ---- */

static int
street_compile(const struct gen_spec *spec, void **state,
               struct diag_list *diags)
{
    struct sem_gen *gen = gen_semantic_begin(spec, &gen_address_street,
                                             SEM_TEXT, SEM_MIN_STREET, diags);
    if (gen == NULL)
        return -1;
    if (gen->unique) {
        const struct sem_locale *l = gen->locale;
        long longest = (long)(4 + 1 + l->streets.max_chars + 1);
        size_t abbr_max = 0;
        for (size_t i = 0; i < l->suffix_count; i++)
            if (strlen(l->suffixes[i].abbr) > abbr_max)
                abbr_max = strlen(l->suffixes[i].abbr);
        /* Unique addresses never carry a unit and use one suffix form for
         * every row, so house, street and suffix decide them. */
        if (gen->max_chars < 0 ||
            gen->max_chars >= longest + (long)l->suffix_max_chars) {
            gen->format = 0;
        } else if (gen->max_chars >= longest + (long)abbr_max) {
            gen->format = 1;
        } else {
            diag_add(diags, DIAG_ERROR, spec->path,
                     "widen the column or drop the unique constraint",
                     "unique street addresses need %ld characters, the "
                     "column holds %ld",
                     longest + (long)abbr_max, gen->max_chars);
            return fail(gen);
        }
        uint64_t space =
            (uint64_t)HOUSE_NUMBERS * l->streets.count * l->suffix_count;
        if (gen_semantic_unique(gen, spec, space, SALT_STREET,
                                "street addresses", diags) != 0)
            return fail(gen);
    }
    *state = gen;
    return 0;
}

static void
street_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    const struct sem_locale *l = gen->locale;
    struct sem_place p;
    gen_semantic_place(l, ctx->row_key, &p);
    if (gen->unique) {
        uint64_t index = gen_semantic_unique_index(gen, ctx->row);
        p.house = 1 + (unsigned)(index % HOUSE_NUMBERS);
        index /= HOUSE_NUMBERS;
        p.street = (uint32_t)(index % l->streets.count);
        p.suffix = (uint32_t)(index / l->streets.count);
        p.unit_kind = 0;
        p.abbreviate = gen->format == 1;
    }
    struct sem_text t = {0};
    for (int attempt = 0; attempt < 3; attempt++) {
        t.len = 0;
        sem_text_put_u64(&t, p.house);
        sem_text_putc(&t, ' ');
        sem_text_put(&t, l->streets.items[p.street]);
        sem_text_putc(&t, ' ');
        sem_text_put(&t, p.abbreviate ? l->suffixes[p.suffix].abbr
                                      : l->suffixes[p.suffix].full);
        if (p.unit_kind != 0) {
            sem_text_putc(&t, ' ');
            sem_text_put(&t, l->units.items[p.unit_kind - 1]);
            sem_text_putc(&t, ' ');
            sem_text_put_u64(&t, p.unit_number);
        }
        if (gen->max_chars < 0 ||
            gen_semantic_chars(t.data, t.len) <= (size_t)gen->max_chars)
            break;
        /* too long: drop the unit, then abbreviate */
        if (p.unit_kind != 0)
            p.unit_kind = 0;
        else
            p.abbreviate = true;
    }
    gen_semantic_emit(gen, ctx, t.data, t.len, out);
}

/* ---- city ---- */

static int
city_compile(const struct gen_spec *spec, void **state, struct diag_list *diags)
{
    struct sem_gen *gen = gen_semantic_begin(spec, &gen_address_city, SEM_TEXT,
                                             SEM_MIN_CITY, diags);
    if (gen == NULL)
        return -1;
    if (gen->unique) {
        for (size_t i = 0; i < gen->locale->city_count; i++)
            gen_semantic_pool_add(gen, gen->locale->cities[i].name);
        if (gen_semantic_unique(gen, spec, gen->pool_count, SALT_CITY,
                                "city names that fit the column", diags) != 0)
            return fail(gen);
    }
    *state = gen;
    return 0;
}

static void
city_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    if (gen->unique) {
        gen_semantic_pool_generate(gen, ctx, out);
        return;
    }
    struct sem_place p;
    gen_semantic_place(gen->locale, ctx->row_key, &p);
    const char *name = gen->locale->cities[p.city].name;
    gen_semantic_emit(gen, ctx, name, strlen(name), out);
}

/* ---- state, state_abbr ---- */

static const char *const state_formats[] = {"name", "code", NULL};

static int
region_compile(const struct gen_spec *spec, const struct gen_kind *kind,
               int format, void **state, struct diag_list *diags)
{
    struct sem_gen *gen =
        gen_semantic_begin(spec, kind, SEM_TEXT, SEM_MIN_STATE, diags);
    if (gen == NULL)
        return -1;
    const struct sem_locale *l = gen->locale;
    /* names where they fit, codes in short columns */
    if (format < 0)
        format =
            gen->max_chars < 0 || (size_t)gen->max_chars >= l->region_max_chars
                ? 0
                : 1;
    gen->format = format;
    if (gen->unique) {
        for (size_t i = 0; i < l->region_count; i++)
            gen_semantic_pool_add(gen, format == 0 ? l->regions[i].name
                                                   : l->regions[i].code);
        if (gen_semantic_unique(gen, spec, gen->pool_count, SALT_REGION,
                                "states that fit the column", diags) != 0)
            return fail(gen);
    }
    *state = gen;
    return 0;
}

static int
state_compile(const struct gen_spec *spec, void **state,
              struct diag_list *diags)
{
    int format = -1;
    if (read_format(spec, state_formats, &format, diags) != 0)
        return -1;
    return region_compile(spec, &gen_address_state, format, state, diags);
}

static int
state_abbr_compile(const struct gen_spec *spec, void **state,
                   struct diag_list *diags)
{
    return region_compile(spec, &gen_address_state_abbr, 1, state, diags);
}

static void
state_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    if (gen->unique) {
        gen_semantic_pool_generate(gen, ctx, out);
        return;
    }
    struct sem_place p;
    gen_semantic_place(gen->locale, ctx->row_key, &p);
    const struct sem_region *r =
        &gen->locale->regions[gen->locale->cities[p.city].region];
    const char *text = gen->format == 0 ? r->name : r->code;
    gen_semantic_emit(gen, ctx, text, strlen(text), out);
}

/* ---- country, country_code ---- */

static const char *const code_formats[] = {"alpha2", "alpha3", NULL};

/* Whether another column of the table describes the row's address: then
 * the country is the locale's, where those addresses lie. Without one, a
 * country column describes anywhere. */
static bool
has_address_neighbours(const struct gen_spec *spec)
{
    static const char *const place_kinds[] = {
        "street_address", "city", "state", "state_abbr", "postal_code", NULL,
    };
    if (spec->table == NULL)
        return false;
    for (size_t i = 0; i < spec->table->column_count; i++) {
        const struct column *c = &spec->table->columns[i];
        if (c == spec->column)
            continue;
        if (c->generator != NULL) {
            if (gen_semantic_name_in(c->generator, place_kinds))
                return true;
            continue;
        }
        struct gen_spec other = *spec;
        other.column = c;
        other.type = &c->type;
        other.config = NULL;
        other.bounds = NULL;
        const struct gen_kind *kind = gen_semantic_match(&other);
        if (kind != NULL && gen_semantic_name_in(kind->name, place_kinds))
            return true;
    }
    return false;
}

static int
country_compile_common(const struct gen_spec *spec, const struct gen_kind *kind,
                       long min_chars, int format, void **state,
                       struct diag_list *diags)
{
    struct sem_gen *gen =
        gen_semantic_begin(spec, kind, SEM_TEXT, min_chars, diags);
    if (gen == NULL)
        return -1;
    gen->format = format;
    gen->home_only = has_address_neighbours(spec);
    if (gen->unique) {
        const struct sem_common *c = gen->common;
        for (size_t i = 0; i < c->country_count; i++)
            gen_semantic_pool_add(gen, format == 0   ? c->countries[i].name
                                       : format == 1 ? c->countries[i].alpha2
                                                     : c->countries[i].alpha3);
        if (gen_semantic_unique(gen, spec, gen->pool_count, SALT_COUNTRY,
                                "countries that fit the column", diags) != 0)
            return fail(gen);
    }
    *state = gen;
    return 0;
}

static int
country_compile(const struct gen_spec *spec, void **state,
                struct diag_list *diags)
{
    return country_compile_common(spec, &gen_address_country, SEM_MIN_COUNTRY,
                                  0, state, diags);
}

static int
country_code_compile(const struct gen_spec *spec, void **state,
                     struct diag_list *diags)
{
    /* alpha-3 for char(3), alpha-2 otherwise */
    int format = spec->type->base == PG_CHAR && spec->type->length == 3;
    if (read_format(spec, code_formats, &format, diags) != 0)
        return -1;
    return country_compile_common(spec, &gen_address_country_code,
                                  format == 1 ? 3 : SEM_MIN_COUNTRY_CODE,
                                  format + 1, state, diags);
}

static void
country_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    if (gen->unique) {
        gen_semantic_pool_generate(gen, ctx, out);
        return;
    }
    struct sem_place p;
    gen_semantic_place(gen->locale, ctx->row_key, &p);
    const struct sem_country *country = gen->locale->country;
    if (!gen->home_only && p.abroad)
        country = &gen->common
                       ->countries[p.country_pick % gen->common->country_count];
    const char *text = gen->format == 0   ? country->name
                       : gen->format == 1 ? country->alpha2
                                          : country->alpha3;
    gen_semantic_emit(gen, ctx, text, strlen(text), out);
}

/* ---- postal_code ---- */

static const char *const postal_formats[] = {"zip", "zip+4", NULL};

static int
postal_compile(const struct gen_spec *spec, void **state,
               struct diag_list *diags)
{
    int format = 0;
    if (read_format(spec, postal_formats, &format, diags) != 0)
        return -1;
    struct sem_gen *gen =
        gen_semantic_begin(spec, &gen_address_postal_code, SEM_TEXT,
                           format == 1 ? 10 : SEM_MIN_POSTAL_CODE, diags);
    if (gen == NULL)
        return -1;
    gen->format = format;
    if (gen->unique &&
        gen_semantic_unique(gen, spec,
                            (uint64_t)gen->locale->postal_prefix_count * 100,
                            SALT_POSTAL, "postal codes", diags) != 0)
        return fail(gen);
    *state = gen;
    return 0;
}

static void
postal_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    const struct sem_locale *l = gen->locale;
    struct sem_place p;
    gen_semantic_place(l, ctx->row_key, &p);
    unsigned prefix = l->cities[p.city].postal_prefix;
    unsigned tail = p.postal_tail;
    if (gen->unique) {
        uint64_t index = gen_semantic_unique_index(gen, ctx->row);
        prefix = l->postal_prefixes[index / 100];
        tail = (unsigned)(index % 100);
    }
    struct sem_text t = {0};
    sem_text_put_padded(&t, prefix, 3);
    sem_text_put_padded(&t, tail, 2);
    if (gen->format == 1) {
        sem_text_putc(&t, '-');
        sem_text_put_padded(&t, 1 + (p.country_pick >> 7) % 9998, 4);
    }
    gen_semantic_emit(gen, ctx, t.data, t.len, out);
}

const struct gen_kind gen_address_street = {
    .name = "street_address",
    .description = "house number, street and suffix, sometimes a unit "
                   "(\"1234 Maple Street Apt 5\")",
    .config_keys = no_keys,
    .compile = street_compile,
    .generate = street_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_address_city = {
    .name = "city",
    .description = "the row's city; lies in the row's state",
    .config_keys = no_keys,
    .compile = city_compile,
    .generate = city_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_address_state = {
    .name = "state",
    .description = "the state of the row's city; format: \"name\" or "
                   "\"code\" (codes by default in short columns)",
    .config_keys = format_keys,
    .compile = state_compile,
    .generate = state_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_address_state_abbr = {
    .name = "state_abbr",
    .description = "the postal code of the row's state (\"CA\")",
    .config_keys = no_keys,
    .compile = state_abbr_compile,
    .generate = state_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_address_country = {
    .name = "country",
    .description = "a country name; the locale's own when the table has "
                   "address columns",
    .config_keys = no_keys,
    .compile = country_compile,
    .generate = country_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_address_country_code = {
    .name = "country_code",
    .description = "an ISO 3166 country code; format: \"alpha2\" or "
                   "\"alpha3\" (default for char(3))",
    .config_keys = format_keys,
    .compile = country_code_compile,
    .generate = country_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_address_postal_code = {
    .name = "postal_code",
    .description = "a ZIP code of the row's city; format: \"zip\" or "
                   "\"zip+4\"",
    .config_keys = format_keys,
    .compile = postal_compile,
    .generate = postal_generate,
    .free = gen_semantic_free,
};
