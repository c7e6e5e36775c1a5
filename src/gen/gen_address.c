#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
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

/* Whether another column of the table holds one of kinds (by generator
 * name or by the column name matching). */
static bool
has_neighbour(const struct gen_spec *spec, const char *const *kinds)
{
    if (spec->table == NULL)
        return false;
    for (size_t i = 0; i < spec->table->column_count; i++) {
        const struct column *c = &spec->table->columns[i];
        if (c == spec->column)
            continue;
        if (c->generator != NULL) {
            if (gen_semantic_name_in(c->generator, kinds))
                return true;
            continue;
        }
        struct gen_spec other = *spec;
        other.column = c;
        other.type = &c->type;
        other.config = NULL;
        other.bounds = NULL;
        const struct gen_kind *kind = gen_semantic_match(&other);
        if (kind != NULL && gen_semantic_name_in(kind->name, kinds))
            return true;
    }
    return false;
}

struct street_parts {
    const char *region, *city; /* for {P} */
    unsigned house;
    const char *name, *type, *unit;
    unsigned unit_number;
};

/* sem_text_put() with one copy instead of a byte loop: the street is
 * rendered for every row. */
static void
put_text(struct sem_text *t, const char *s)
{
    size_t n = strlen(s);
    if (n > SEM_TEXT_CAP - t->len)
        n = SEM_TEXT_CAP - t->len;
    memcpy(t->data + t->len, s, n);
    t->len += n;
}

/* Renders the locale's street template (see struct sem_locale). */
static void
render_street(const char *template, const struct street_parts *parts,
              struct sem_text *t)
{
    unsigned h = parts->house - 1;
    for (const char *c = template; *c != '\0'; c++) {
        if (*c == '[') {
            if (parts->unit == NULL)
                while (*c != '\0' && c[1] != '\0' && *c != ']')
                    c++;
            continue;
        }
        if (*c == ']')
            continue;
        if (*c != '{' || c[1] == '\0' || c[2] != '}') {
            sem_text_putc(t, *c);
            continue;
        }
        c++;
        switch (*c) {
        case 'N':
            sem_text_put_u64(t, parts->house);
            break;
        case 'S':
            put_text(t, parts->name);
            break;
        case 'T':
            put_text(t, parts->type);
            break;
        case 'U':
            put_text(t, parts->unit ? parts->unit : "");
            break;
        case 'u':
            sem_text_put_u64(t, parts->unit_number);
            break;
        case 'f':
            sem_text_put_u64(t, 1 + parts->unit_number % 9);
            break;
        /* chome, banchi and go: one-to-one with the house number */
        case 'g':
            sem_text_put_u64(t, 1 + h % 20);
            break;
        case 'b':
            sem_text_put_u64(t, 1 + (h / 20) % 25);
            break;
        case 'c':
            sem_text_put_u64(t, 1 + (h / 500) % 9);
            break;
        case 'P':
            if (parts->region != NULL) {
                put_text(t, parts->region);
                put_text(t, parts->city);
            }
            break;
        default:
            break;
        }
        c++;
    }
}

/* Compiles the template into gen->street_ops; leaves them NULL (the
 * template text is rendered instead) in the one case the ops could not
 * follow it: a unit part whose end is not where an op begins. */
static void
compile_street(struct sem_gen *gen, const char *template)
{
    size_t n = strlen(template);
    if (n >= UINT16_MAX)
        return;
    struct sem_street_op *ops = xcalloc(n + 1, sizeof(*ops));
    size_t *starts = xcalloc(n + 2, sizeof(*starts));
    size_t *resume = xcalloc(n + 1, sizeof(*resume));
    size_t count = 0;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const char *c = template + i;
        if (*c == '[') {
            /* where render_street() continues without a unit */
            size_t j = i;
            while (template[j] != '\0' && template[j + 1] != '\0' &&
                   template[j] != ']')
                j++;
            starts[count] = i;
            resume[count] = j + 1;
            ops[count++].field = '[';
            continue;
        }
        if (*c == ']')
            continue;
        if (*c != '{' || c[1] == '\0' || c[2] != '}') {
            if (count > 0 && ops[count - 1].field == 0 &&
                starts[count - 1] + ops[count - 1].len == i) {
                ops[count - 1].len++;
                continue;
            }
            starts[count] = i;
            ops[count].field = 0;
            ops[count].text = c;
            ops[count++].len = 1;
            continue;
        }
        if (c[1] == '[')
            ok = false; /* a field render_street() knows as no unit part */
        starts[count] = i;
        ops[count++].field = c[1];
        i += 2;
    }
    starts[count] = n;
    for (size_t k = 0; k < count; k++) {
        if (ops[k].field != '[')
            continue;
        size_t m = k + 1;
        while (m < count && starts[m] < resume[k])
            m++;
        /* the op there must begin exactly where rendering resumes (or the
         * template ends there) */
        if (!(starts[m] == resume[k] || (m == count && resume[k] >= n)))
            ok = false;
        ops[k].skip = (uint16_t)m;
    }
    free(starts);
    free(resume);
    if (!ok) {
        free(ops);
        return;
    }
    gen->street_ops = ops;
    gen->street_op_count = count;
}

/* Appends n bytes of text within the cap, as sem_text_put() would. */
static inline void
put_bytes(struct sem_text *t, const char *text, size_t n)
{
    if (n > SEM_TEXT_CAP - t->len)
        n = SEM_TEXT_CAP - t->len;
    memcpy(t->data + t->len, text, n);
    t->len += n;
}

static inline void
put_number(struct sem_text *t, uint64_t value)
{
    char d[24];
    put_bytes(t, d, fmt_u64(d, value, 1));
}

/* render_street() from the compiled ops, with the lengths of the parts
 * known. */
static void
render_ops(const struct sem_gen *gen, const struct street_parts *parts,
           size_t name_len, size_t type_len, size_t unit_len,
           struct sem_text *t)
{
    unsigned h = parts->house - 1;
    const struct sem_street_op *ops = gen->street_ops;
    for (size_t k = 0; k < gen->street_op_count; k++) {
        const struct sem_street_op *op = &ops[k];
        switch (op->field) {
        case 0:
            put_bytes(t, op->text, op->len);
            break;
        case '[':
            if (parts->unit == NULL)
                k = (size_t)op->skip - 1;
            break;
        case 'N':
            put_number(t, parts->house);
            break;
        case 'S':
            put_bytes(t, parts->name, name_len);
            break;
        case 'T':
            put_bytes(t, parts->type, type_len);
            break;
        case 'U':
            if (parts->unit != NULL)
                put_bytes(t, parts->unit, unit_len);
            break;
        case 'u':
            put_number(t, parts->unit_number);
            break;
        case 'f':
            put_number(t, 1 + parts->unit_number % 9);
            break;
        case 'g':
            put_number(t, 1 + h % 20);
            break;
        case 'b':
            put_number(t, 1 + (h / 20) % 25);
            break;
        case 'c':
            put_number(t, 1 + (h / 500) % 9);
            break;
        case 'P':
            if (parts->region != NULL) {
                put_bytes(t, parts->region, strlen(parts->region));
                put_bytes(t, parts->city, strlen(parts->city));
            }
            break;
        default:
            break;
        }
    }
}

/* The longest street the template makes without its unit part, in
 * characters, with street types of type_max characters. */
static long
street_bound(const struct sem_locale *l, bool full, size_t type_max)
{
    long n = 0;
    bool optional = false;
    for (const char *c = l->street; *c != '\0'; c++) {
        if (*c == '[' || *c == ']') {
            optional = *c == '[';
            continue;
        }
        if (optional)
            continue;
        if (*c != '{' || c[1] == '\0' || c[2] != '}') {
            n += ((unsigned char)*c & 0xC0) != 0x80;
            continue;
        }
        c++;
        switch (*c) {
        case 'N':
            n += 4;
            break;
        case 'S':
            n += (long)l->streets.max_chars;
            break;
        case 'T':
            n += (long)type_max;
            break;
        case 'c':
            n += 1;
            break;
        case 'b':
        case 'g':
            n += 2;
            break;
        case 'P':
            if (full)
                n += (long)(l->region_max_chars + l->city_max_chars);
            break;
        default:
            break;
        }
        c++;
    }
    return n;
}

static int
street_compile(const struct gen_spec *spec, void **state,
               struct diag_list *diags)
{
    static const char *const region_kinds[] = {"city", "state", "state_abbr",
                                               NULL};
    struct sem_gen *gen = gen_semantic_begin(spec, &gen_address_street,
                                             SEM_TEXT, SEM_MIN_STREET, diags);
    if (gen == NULL)
        return -1;
    const struct sem_locale *l = gen->locale;
    /* where the region and city precede the street, and the table has no
     * column of its own for them */
    gen->full =
        strstr(l->street, "{P}") != NULL && !has_neighbour(spec, region_kinds);
    gen->plain = l->plain;
    compile_street(gen, l->street);
    if (gen->unique) {
        size_t abbr_max = 0;
        for (size_t i = 0; i < l->suffix_count; i++) {
            size_t chars = gen_semantic_chars(l->suffixes[i].abbr,
                                              strlen(l->suffixes[i].abbr));
            if (chars > abbr_max)
                abbr_max = chars;
        }
        long longest_full = street_bound(l, gen->full, l->suffix_max_chars);
        long longest_abbr = street_bound(l, gen->full, abbr_max);
        /* Unique addresses never carry a unit and use one suffix form for
         * every row, so house, street and suffix decide them. */
        if (gen->max_chars < 0 || gen->max_chars >= longest_full) {
            gen->format = 0;
        } else if (gen->max_chars >= longest_abbr) {
            gen->format = 1;
        } else {
            diag_add(diags, DIAG_ERROR, spec->path,
                     "widen the column or drop the unique constraint",
                     "unique street addresses need %ld characters, the "
                     "column holds %ld",
                     longest_abbr, gen->max_chars);
            return fail(gen);
        }
        uint64_t space =
            (uint64_t)l->house_max * l->streets.count * l->suffix_count;
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
    /* the same skew, in the range of house numbers usual there */
    p.house =
        1 + (unsigned)((uint64_t)(p.house - 1) * l->house_max / HOUSE_NUMBERS);
    if (gen->unique) {
        uint64_t index = gen_semantic_unique_index(gen, ctx->row);
        p.house = 1 + (unsigned)(index % l->house_max);
        index /= l->house_max;
        p.street = (uint32_t)(index % l->streets.count);
        p.suffix = (uint32_t)(index / l->streets.count);
        p.unit_kind = 0;
        p.abbreviate = gen->format == 1;
    }
    const struct sem_city *city = &l->cities[p.city];
    struct street_parts parts = {
        .region = gen->full ? l->regions[city->region].name : NULL,
        .city = city->name,
        .house = p.house,
        .name = l->streets.items[p.street],
        .unit_number = p.unit_number,
    };
    size_t name_len = sem_list_len(&l->streets, p.street);
    struct sem_text t;
    t.len = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
        t.len = 0;
        const struct sem_suffix *suffix = &l->suffixes[p.suffix];
        parts.type = p.abbreviate ? suffix->abbr : suffix->full;
        size_t type_len = p.abbreviate ? suffix->abbr_len : suffix->full_len;
        if (type_len == UINT16_MAX)
            type_len = strlen(parts.type);
        parts.unit = p.unit_kind != 0 ? l->units.items[p.unit_kind - 1] : NULL;
        size_t unit_len =
            p.unit_kind != 0 ? sem_list_len(&l->units, p.unit_kind - 1) : 0;
        if (gen->street_ops != NULL)
            render_ops(gen, &parts, name_len, type_len, unit_len, &t);
        else
            render_street(l->street, &parts, &t);
        if (gen->max_chars < 0 || t.len <= (size_t)gen->max_chars ||
            gen_semantic_chars(t.data, t.len) <= (size_t)gen->max_chars)
            break;
        /* too long: drop the unit, then abbreviate */
        if (p.unit_kind != 0)
            p.unit_kind = 0;
        else
            p.abbreviate = true;
    }
    gen_semantic_emit(gen, ctx, t.data, t.len, out);
    /* numbers, checked entries and template text, or a prefix of them */
    if (gen->plain)
        *out = value_text_plain(out->as.text.ptr, out->as.text.len);
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
    const struct sem_city *city = &gen->locale->cities[p.city];
    gen_semantic_emit_entry_len(gen, ctx, city->name,
                                city->name_len != UINT16_MAX
                                    ? city->name_len
                                    : strlen(city->name),
                                out);
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
    gen_semantic_emit_entry(gen, ctx, text, out);
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
    return has_neighbour(spec, place_kinds);
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
    gen_semantic_emit_entry(gen, ctx, text, out);
}

/* ---- postal_code ---- */

static const char *const postal_formats[] = {"zip", "zip+4", NULL};

/* Letters of the inward code of British postcodes. */
static const char inward_letters[] = "ABDEFGHJLNPQRSTUWXYZ";
#define INWARD_LETTERS 20

size_t
gen_address_postal_min_chars(const struct sem_locale *l)
{
    size_t longest = 0;
    for (size_t i = 0; i < l->city_postal_count; i++)
        if (strlen(l->city_postals[i]) > longest)
            longest = strlen(l->city_postals[i]);
    if (l->postal_prefix_max > longest)
        longest = l->postal_prefix_max;
    return strlen(l->postal) - 1 + longest;
}

/* Codes per prefix: the digits and letters of the pattern. */
static uint64_t
postal_combinations(const struct sem_locale *l)
{
    uint64_t n = 1;
    for (const char *c = l->postal; *c != '\0'; c++)
        n *= *c == '#' ? 10 : *c == 'L' ? INWARD_LETTERS : 1;
    return n;
}

static int
postal_compile(const struct gen_spec *spec, void **state,
               struct diag_list *diags)
{
    int format = 0;
    if (read_format(spec, postal_formats, &format, diags) != 0)
        return -1;
    const char *problem = NULL;
    const struct sem_locale *locale =
        gen_semantic_data_locale(spec->locale, &problem);
    if (format == 1 && locale != NULL && !locale->zip4) {
        char path[512];
        snprintf(path, sizeof(path), "%s.generator_config.format", spec->path);
        diag_add(diags, DIAG_ERROR, path, "use \"zip\"",
                 "format \"zip+4\" exists only in locale \"en_US\", not in "
                 "\"%s\"",
                 locale->name);
        return -1;
    }
    long min_chars = format == 1 ? 10
                     : locale != NULL
                         ? (long)gen_address_postal_min_chars(locale)
                         : SEM_MIN_POSTAL_CODE;
    struct sem_gen *gen = gen_semantic_begin(spec, &gen_address_postal_code,
                                             SEM_TEXT, min_chars, diags);
    if (gen == NULL)
        return -1;
    gen->format = format;
    if (gen->unique &&
        gen_semantic_unique(gen, spec,
                            (uint64_t)gen->locale->postal_prefix_count *
                                postal_combinations(gen->locale),
                            SALT_POSTAL, "postal codes", diags) != 0)
        return fail(gen);
    *state = gen;
    return 0;
}

/* Writes the locale's pattern with prefix for 'P' and the digits and
 * letters of value, the last ones first ("P##" with 7 -> "10007"). */
static void
put_postal(const char *pattern, const char *prefix, uint64_t value,
           struct sem_text *t)
{
    char slots[32];
    size_t count = 0;
    for (const char *c = pattern; *c != '\0'; c++)
        count += (*c == '#' || *c == 'L') && count < sizeof(slots);
    size_t at = count;
    for (const char *c = pattern + strlen(pattern); c > pattern && at > 0;) {
        c--;
        if (*c == '#') {
            slots[--at] = (char)('0' + value % 10);
            value /= 10;
        } else if (*c == 'L') {
            slots[--at] = inward_letters[value % INWARD_LETTERS];
            value /= INWARD_LETTERS;
        }
    }
    size_t next = 0;
    for (const char *c = pattern; *c != '\0'; c++) {
        if (*c == 'P')
            sem_text_put(t, prefix);
        else if ((*c == '#' || *c == 'L') && next < count)
            sem_text_putc(t, slots[next++]);
        else
            sem_text_putc(t, *c);
    }
}

static void
postal_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    const struct sem_locale *l = gen->locale;
    struct sem_place p;
    gen_semantic_place(l, ctx->row_key, &p);
    const struct sem_city *city = &l->cities[p.city];
    const char *prefix = l->city_postals[city->postal_first +
                                         p.postal_pick % city->postal_count];
    uint64_t value = p.postal_tail + 100 * (uint64_t)p.postal_extra;
    if (gen->unique) {
        uint64_t index = gen_semantic_unique_index(gen, ctx->row);
        uint64_t combinations = postal_combinations(l);
        prefix = l->postal_prefixes[index / combinations];
        value = index % combinations;
    }
    struct sem_text t;
    t.len = 0;
    put_postal(l->postal, prefix, value, &t);
    if (gen->format == 1) {
        sem_text_putc(&t, '-');
        sem_text_put_padded(&t, 1 + (p.country_pick >> 7) % 9998, 4);
    }
    gen_semantic_emit(gen, ctx, t.data, t.len, out);
}

const struct gen_kind gen_address_street = {
    .name = "street_address",
    .description = "house number, street and suffix in the locale's order, "
                   "sometimes a unit (\"1234 Maple Street Apt 5\")",
    .config_keys = no_keys,
    .types = GEN_TYPES_TEXT,
    .compile = street_compile,
    .generate = street_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_address_city = {
    .name = "city",
    .description = "the row's city; lies in the row's state",
    .config_keys = no_keys,
    .types = GEN_TYPES_TEXT,
    .compile = city_compile,
    .generate = city_generate,
    .free = gen_semantic_free,
};

static const struct gen_key address_state_key_schema[] = {
    {"format", GEN_KEY_STRING, "name (code in short columns)", "name or code"},
    {NULL, 0, NULL, NULL},
};

const struct gen_kind gen_address_state = {
    .name = "state",
    .description = "the state of the row's city; format: \"name\" or "
                   "\"code\" (codes by default in short columns)",
    .config_keys = format_keys,
    .types = GEN_TYPES_TEXT,
    .keys = address_state_key_schema,
    .compile = state_compile,
    .generate = state_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_address_state_abbr = {
    .name = "state_abbr",
    .description = "the postal code of the row's state (\"CA\")",
    .config_keys = no_keys,
    .types = GEN_TYPES_TEXT,
    .compile = state_abbr_compile,
    .generate = state_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_address_country = {
    .name = "country",
    .description = "a country name; the locale's own when the table has "
                   "address columns",
    .config_keys = no_keys,
    .types = GEN_TYPES_TEXT,
    .compile = country_compile,
    .generate = country_generate,
    .free = gen_semantic_free,
};

static const struct gen_key address_country_code_key_schema[] = {
    {"format", GEN_KEY_STRING, "alpha2 (alpha3 for char(3))",
     "alpha2 or alpha3"},
    {NULL, 0, NULL, NULL},
};

const struct gen_kind gen_address_country_code = {
    .name = "country_code",
    .description = "an ISO 3166 country code; format: \"alpha2\" or "
                   "\"alpha3\" (default for char(3))",
    .config_keys = format_keys,
    .types = GEN_TYPES_TEXT,
    .keys = address_country_code_key_schema,
    .compile = country_code_compile,
    .generate = country_generate,
    .free = gen_semantic_free,
};

static const struct gen_key address_postal_code_key_schema[] = {
    {"format", GEN_KEY_STRING, "zip", "zip or (en_US) zip+4"},
    {NULL, 0, NULL, NULL},
};

const struct gen_kind gen_address_postal_code = {
    .name = "postal_code",
    .description = "a postal code of the row's city in the locale's form; "
                   "format: \"zip\" or (en_US) \"zip+4\"",
    .config_keys = format_keys,
    .types = GEN_TYPES_TEXT,
    .keys = address_postal_code_key_schema,
    .compile = postal_compile,
    .generate = postal_generate,
    .free = gen_semantic_free,
};
