#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "gen/gen_semantic_internal.h"

/* Unique email and user name columns of one table share this salt, so a
 * row's address and login carry the same number. */
#define SALT_HANDLE     UINT64_C(0x68616e646c65)
#define SALT_FIRST_NAME UINT64_C(0x6669727374)
#define SALT_LAST_NAME  UINT64_C(0x6c617374)
#define SALT_FULL_NAME  UINT64_C(0x66756c6c)
#define SALT_PHONE      UINT64_C(0x70686f6e65)

static const char *const no_keys[] = {NULL};
static const char *const email_keys[] = {"domain", NULL};
static const char *const phone_keys[] = {"format", NULL};

/* ---- first_name, last_name ---- */

static int
first_name_compile(const struct gen_spec *spec, void **state,
                   struct diag_list *diags)
{
    struct sem_gen *gen = gen_semantic_begin(
        spec, &gen_person_first_name, SEM_TEXT, SEM_MIN_FIRST_NAME, diags);
    if (gen == NULL)
        return -1;
    if (gen->unique) {
        const struct sem_locale *l = gen->locale;
        for (size_t i = 0; i < l->female.count; i++)
            gen_semantic_pool_add(gen, l->female.items[i]);
        for (size_t i = 0; i < l->male.count; i++)
            gen_semantic_pool_add(gen, l->male.items[i]);
        if (gen_semantic_unique(gen, spec, gen->pool_count, SALT_FIRST_NAME,
                                "first names that fit the column",
                                diags) != 0) {
            gen_semantic_free(gen);
            return -1;
        }
    }
    *state = gen;
    return 0;
}

static void
first_name_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    if (gen->unique) {
        gen_semantic_pool_generate(gen, ctx, out);
        return;
    }
    struct sem_person p;
    gen_semantic_person(gen->locale, ctx->row_key, &p);
    const char *name = gen_semantic_first_name(gen->locale, &p);
    gen_semantic_emit(gen, ctx, name, strlen(name), out);
}

static int
last_name_compile(const struct gen_spec *spec, void **state,
                  struct diag_list *diags)
{
    struct sem_gen *gen = gen_semantic_begin(
        spec, &gen_person_last_name, SEM_TEXT, SEM_MIN_LAST_NAME, diags);
    if (gen == NULL)
        return -1;
    if (gen->unique) {
        for (size_t i = 0; i < gen->locale->last.count; i++)
            gen_semantic_pool_add(gen, gen->locale->last.items[i]);
        if (gen_semantic_unique(gen, spec, gen->pool_count, SALT_LAST_NAME,
                                "last names that fit the column", diags) != 0) {
            gen_semantic_free(gen);
            return -1;
        }
    }
    *state = gen;
    return 0;
}

static void
last_name_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    if (gen->unique) {
        gen_semantic_pool_generate(gen, ctx, out);
        return;
    }
    struct sem_person p;
    gen_semantic_person(gen->locale, ctx->row_key, &p);
    const char *name = gen->locale->last.items[p.last];
    gen_semantic_emit(gen, ctx, name, strlen(name), out);
}

/* ---- full_name ---- */

static int
full_name_compile(const struct gen_spec *spec, void **state,
                  struct diag_list *diags)
{
    struct sem_gen *gen = gen_semantic_begin(
        spec, &gen_person_full_name, SEM_TEXT, SEM_MIN_FULL_NAME, diags);
    if (gen == NULL)
        return -1;
    if (gen->unique) {
        const struct sem_locale *l = gen->locale;
        size_t first_max = l->female.max_chars > l->male.max_chars
                               ? l->female.max_chars
                               : l->male.max_chars;
        long longest = (long)(first_max + 1 + l->last.max_chars);
        if (gen->max_chars >= 0 && gen->max_chars < longest) {
            diag_add(diags, DIAG_ERROR, spec->path,
                     "widen the column or drop the unique constraint",
                     "unique full names need %ld characters, the column "
                     "holds %ld",
                     longest, gen->max_chars);
            gen_semantic_free(gen);
            return -1;
        }
        uint64_t space =
            (uint64_t)(l->female.count + l->male.count) * l->last.count;
        if (gen_semantic_unique(gen, spec, space, SALT_FULL_NAME,
                                "combinations of first and last names",
                                diags) != 0) {
            gen_semantic_free(gen);
            return -1;
        }
    }
    *state = gen;
    return 0;
}

static void
full_name_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    const struct sem_locale *l = gen->locale;
    const char *first, *last;
    if (gen->unique) {
        uint64_t index = gen_semantic_unique_index(gen, ctx->row);
        uint64_t firsts = l->female.count + l->male.count;
        uint64_t f = index % firsts;
        first = f < l->female.count ? l->female.items[f]
                                    : l->male.items[f - l->female.count];
        last = l->last.items[index / firsts];
    } else {
        struct sem_person p;
        gen_semantic_person(l, ctx->row_key, &p);
        first = gen_semantic_first_name(l, &p);
        last = l->last.items[p.last];
    }
    struct sem_text t = {0};
    sem_text_put(&t, first);
    sem_text_putc(&t, ' ');
    sem_text_put(&t, last);
    if (gen->max_chars >= 0 &&
        gen_semantic_chars(t.data, t.len) > (size_t)gen->max_chars) {
        /* "Christopher Montgomery" -> "C. Montgomery" before cutting */
        t.len = gen_semantic_cut(first, strlen(first), 1);
        memcpy(t.data, first, t.len);
        sem_text_put(&t, ". ");
        sem_text_put(&t, last);
    }
    gen_semantic_emit(gen, ctx, t.data, t.len, out);
}

/* ---- username, email ---- */

/* The name part of a login or mail address. Every email style keeps both
 * names whole, so an address is recognisably its row's person; user names
 * also use initials. */
static void
build_handle(const struct sem_locale *locale, const struct sem_person *p,
             bool for_email, size_t limit, struct sem_text *out)
{
    struct sem_text first = {0}, last = {0};
    gen_semantic_fold(&first, gen_semantic_first_name(locale, p), 64);
    gen_semantic_fold(&last, locale->last.items[p->last], 64);
    if (first.len == 0) {
        sem_text_put(&first, "user");
    }
    const struct sem_text *a = &first, *b = &last;
    size_t a_len = first.len, b_len = last.len;
    char sep = '.';
    unsigned s = p->handle_style;
    if (for_email) {
        if (s < 50) {
            sep = '.';
        } else if (s < 70) {
            sep = 0;
        } else if (s < 80) {
            sep = '_';
        } else if (s < 90) {
            a = &last, b = &first, a_len = last.len, b_len = first.len;
        } else {
            a = &last, b = &first, a_len = last.len, b_len = first.len;
            sep = 0;
        }
    } else {
        sep = (s & 1) ? '.' : '_';
        if (s < 30) {
        } else if (s < 50) {
            a_len = 1, sep = 0; /* mgarcia */
        } else if (s < 65) {
            sep = 0; /* mariagarcia */
        } else if (s < 80) {
            b_len = 1, sep = 0; /* mariag */
        } else if (s < 90) {
            a = &last, b = &first, a_len = last.len, b_len = first.len;
            sep = 0;
        } else {
            b_len = 0; /* maria */
        }
    }
    if (a_len == 0) {
        a = b, a_len = b_len, b_len = 0;
    }
    if (b_len > b->len)
        b_len = b->len;
    size_t start = out->len;
    for (size_t i = 0; i < a_len && out->len - start < limit; i++)
        sem_text_putc(out, a->data[i]);
    if (b_len > 0 && sep != 0 && out->len - start < limit)
        sem_text_putc(out, sep);
    for (size_t i = 0; i < b_len && out->len - start < limit; i++)
        sem_text_putc(out, b->data[i]);
    while (out->len > start + 1 &&
           (out->data[out->len - 1] == '.' || out->data[out->len - 1] == '_'))
        out->len--;
}

/* The number that keeps a unique handle unique: a bijection of the row
 * index into [1, 10^d - 1], d the digits row_count needs (at least 3), so
 * numbers look like "4821" rather than counting up. The name part never
 * holds digits, so distinct numbers give distinct handles whatever the
 * names are and however they are shortened. */
static int
handle_unique(struct sem_gen *gen, const struct gen_spec *spec,
              struct diag_list *diags)
{
    uint64_t space = 999;
    gen->digits = 3;
    while (space < spec->row_count && gen->digits < 19) {
        space = space * 10 + 9;
        gen->digits++;
    }
    return gen_semantic_unique(gen, spec, space, SALT_HANDLE,
                               "numbers for the handles", diags);
}

/* Appends the digits of the handle, if it has any. */
static void
handle_number(const struct sem_gen *gen, const struct sem_person *p,
              uint64_t row, struct sem_text *digits)
{
    if (gen->unique) {
        sem_text_put_u64(digits, gen_semantic_unique_index(gen, row) + 1);
        return;
    }
    if (p->digits_kind == 1) {
        int64_t year;
        unsigned month, day;
        civil_from_days(p->birth_day, &year, &month, &day);
        sem_text_put_padded(digits, (uint64_t)(year % 100), 2);
    } else if (p->digits_kind == 2) {
        sem_text_put_u64(digits, p->number);
    }
}

static int
username_compile(const struct gen_spec *spec, void **state,
                 struct diag_list *diags)
{
    struct sem_gen *gen = gen_semantic_begin(spec, &gen_person_username,
                                             SEM_TEXT, SEM_MIN_USERNAME, diags);
    if (gen == NULL)
        return -1;
    if (gen->unique) {
        if (handle_unique(gen, spec, diags) != 0) {
            gen_semantic_free(gen);
            return -1;
        }
        if (gen->max_chars >= 0 && gen->max_chars < 1 + (long)gen->digits) {
            diag_add(diags, DIAG_ERROR, spec->path,
                     "widen the column or drop the unique constraint",
                     "unique user names for %llu rows need %u characters, "
                     "the column holds %ld",
                     (unsigned long long)spec->row_count, 1 + gen->digits,
                     gen->max_chars);
            gen_semantic_free(gen);
            return -1;
        }
    }
    *state = gen;
    return 0;
}

static void
username_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    struct sem_person p;
    gen_semantic_person(gen->locale, ctx->row_key, &p);
    struct sem_text digits = {0}, t = {0};
    handle_number(gen, &p, ctx->row, &digits);
    size_t budget = gen->max_chars >= 0 ? (size_t)gen->max_chars : 64;
    if (!gen->unique && digits.len + 1 > budget)
        digits.len = 0;
    build_handle(gen->locale, &p, false, budget - digits.len, &t);
    for (size_t i = 0; i < digits.len; i++)
        sem_text_putc(&t, digits.data[i]);
    gen_semantic_emit(gen, ctx, t.data, t.len, out);
}

static bool
valid_domain(const char *domain)
{
    size_t len = strlen(domain);
    if (len < 3 || len > 200 || domain[0] == '.' || domain[0] == '-' ||
        domain[len - 1] == '.' || strchr(domain, '.') == NULL ||
        strstr(domain, "..") != NULL)
        return false;
    for (const char *p = domain; *p != '\0'; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
            return false;
    return true;
}

static int
add_domain(struct sem_gen *gen, const struct gen_spec *spec,
           const json_t *value, struct diag_list *diags)
{
    if (!json_is_string(value) || !valid_domain(json_string_value(value))) {
        char path[512];
        snprintf(path, sizeof(path), "%s.generator_config.domain", spec->path);
        diag_add(diags, DIAG_ERROR, path, "for example \"example.com\"",
                 "\"domain\" must be a mail domain name or a list of them");
        return -1;
    }
    const char *domain = json_string_value(value);
    gen->domains =
        xrealloc(gen->domains, (gen->domain_count + 1) * sizeof(*gen->domains));
    gen->domains[gen->domain_count++] = xstrdup(domain);
    if (strlen(domain) > gen->domain_max_chars)
        gen->domain_max_chars = strlen(domain);
    return 0;
}

static int
email_domains(struct sem_gen *gen, const struct gen_spec *spec,
              struct diag_list *diags)
{
    json_t *value =
        spec->config != NULL ? json_object_get(spec->config, "domain") : NULL;
    if (value == NULL) {
        gen->domain_max_chars = gen->common->domains.max_chars;
        return 0;
    }
    if (json_is_array(value) && json_array_size(value) > 0) {
        size_t i;
        json_t *item;
        json_array_foreach(value, i, item)
        {
            if (add_domain(gen, spec, item, diags) != 0)
                return -1;
        }
        return 0;
    }
    return add_domain(gen, spec, value, diags);
}

static int
email_compile(const struct gen_spec *spec, void **state,
              struct diag_list *diags)
{
    struct sem_gen *gen =
        gen_semantic_begin(spec, &gen_person_email, SEM_TEXT, 1, diags);
    if (gen == NULL)
        return -1;
    if (email_domains(gen, spec, diags) != 0 ||
        (gen->unique && handle_unique(gen, spec, diags) != 0)) {
        gen_semantic_free(gen);
        return -1;
    }
    long needed = 2 + (long)gen->domain_max_chars + (long)gen->digits;
    if (gen->max_chars >= 0 && gen->max_chars < needed) {
        diag_add(diags, DIAG_ERROR, spec->path,
                 "widen the column (varchar(255) is usual) or set a shorter "
                 "\"domain\" in generator_config",
                 "column is too short for generator \"email\": it holds %ld "
                 "characters, at least %ld are needed",
                 gen->max_chars, needed);
        gen_semantic_free(gen);
        return -1;
    }
    *state = gen;
    return 0;
}

static void
email_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    struct sem_person p;
    gen_semantic_person(gen->locale, ctx->row_key, &p);
    const char *domain =
        gen->domain_count > 0
            ? gen->domains[p.domain_pick % gen->domain_count]
            : gen->common->domains
                  .items[p.domain_pick % gen->common->domains.count];
    size_t domain_len = strlen(domain);
    struct sem_text digits = {0}, t = {0};
    handle_number(gen, &p, ctx->row, &digits);
    /* local parts stay within the 64 bytes RFC 5321 allows */
    size_t budget = 64;
    if (gen->max_chars >= 0 && (size_t)gen->max_chars - 1 - domain_len < 64)
        budget = (size_t)gen->max_chars - 1 - domain_len;
    if (!gen->unique && digits.len + 1 > budget)
        digits.len = 0;
    build_handle(gen->locale, &p, true, budget - digits.len, &t);
    for (size_t i = 0; i < digits.len; i++)
        sem_text_putc(&t, digits.data[i]);
    sem_text_putc(&t, '@');
    sem_text_put(&t, domain);
    gen_semantic_emit(gen, ctx, t.data, t.len, out);
}

/* ---- phone ---- */

static const char *const phone_patterns[] = {
    "(###) ###-####",
    "###-###-####",
    "##########",
};

static int
phone_compile(const struct gen_spec *spec, void **state,
              struct diag_list *diags)
{
    struct sem_gen *gen = gen_semantic_begin(spec, &gen_person_phone, SEM_TEXT,
                                             SEM_MIN_PHONE, diags);
    if (gen == NULL)
        return -1;
    const char *format;
    if (gen_semantic_config_string(spec, "format", &format, diags) != 0)
        goto fail;
    if (format != NULL) {
        size_t hashes = 0;
        bool ascii = true;
        for (const char *p = format; *p != '\0'; p++) {
            hashes += *p == '#';
            ascii =
                ascii && (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f;
        }
        char path[512];
        snprintf(path, sizeof(path), "%s.generator_config.format", spec->path);
        if (hashes != 10 || !ascii) {
            diag_add(diags, DIAG_ERROR, path, "for example \"+1-###-###-####\"",
                     "\"format\" must hold ten '#' for the digits of the "
                     "number");
            goto fail;
        }
        if (gen->max_chars >= 0 && (long)strlen(format) > gen->max_chars) {
            diag_add(diags, DIAG_ERROR, path,
                     "widen the column or use a shorter format",
                     "format \"%s\" is longer than the column's %ld "
                     "characters",
                     format, gen->max_chars);
            goto fail;
        }
        gen->pattern = xstrdup(format);
    } else {
        for (size_t i = 0; gen->pattern == NULL; i++)
            if (gen->max_chars < 0 ||
                (long)strlen(phone_patterns[i]) <= gen->max_chars)
                gen->pattern = xstrdup(phone_patterns[i]);
    }
    if (gen->unique) {
        /* Exchange and line alone give 7.9 million numbers per area code,
         * enough to keep the area code of the row's city; beyond that the
         * area code joins the bijection. */
        uint64_t local = (uint64_t)gen->locale->exchange_count * 10000;
        uint64_t space = local;
        gen->format = 0;
        if (spec->row_count > local) {
            space = local * gen->locale->area_code_count;
            gen->format = 1;
        }
        if (gen_semantic_unique(gen, spec, space, SALT_PHONE,
                                "telephone numbers", diags) != 0)
            goto fail;
    }
    *state = gen;
    return 0;
fail:
    gen_semantic_free(gen);
    return -1;
}

static void
phone_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    const struct sem_locale *l = gen->locale;
    struct sem_person p;
    struct sem_place place;
    gen_semantic_person(l, ctx->row_key, &p);
    gen_semantic_place(l, ctx->row_key, &place);
    unsigned area = l->cities[place.city].area_code;
    unsigned exchange = l->exchanges[p.exchange_pick];
    unsigned line = p.line;
    if (gen->unique) {
        uint64_t index = gen_semantic_unique_index(gen, ctx->row);
        line = (unsigned)(index % 10000);
        index /= 10000;
        exchange = l->exchanges[index % l->exchange_count];
        index /= l->exchange_count;
        if (gen->format == 1)
            area = l->area_codes[index];
    }
    char digits[10];
    unsigned number[3] = {area, exchange, line};
    int widths[3] = {3, 3, 4};
    int at = 0;
    for (int part = 0; part < 3; part++) {
        unsigned value = number[part];
        for (int i = widths[part] - 1; i >= 0; i--) {
            digits[at + i] = (char)('0' + value % 10);
            value /= 10;
        }
        at += widths[part];
    }
    struct sem_text t = {0};
    int next = 0;
    for (const char *c = gen->pattern; *c != '\0'; c++)
        sem_text_putc(&t, *c == '#' ? digits[next++] : *c);
    gen_semantic_emit(gen, ctx, t.data, t.len, out);
}

const struct gen_kind gen_person_first_name = {
    .name = "first_name",
    .description = "a given name; agrees with the row's other person columns",
    .config_keys = no_keys,
    .compile = first_name_compile,
    .generate = first_name_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_person_last_name = {
    .name = "last_name",
    .description = "a family name; agrees with the row's other person "
                   "columns",
    .config_keys = no_keys,
    .compile = last_name_compile,
    .generate = last_name_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_person_full_name = {
    .name = "full_name",
    .description = "given and family name (\"Maria Garcia\")",
    .config_keys = no_keys,
    .compile = full_name_compile,
    .generate = full_name_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_person_username = {
    .name = "username",
    .description = "a login made from the row's person (\"mgarcia87\"); "
                   "unique ones carry a number",
    .config_keys = no_keys,
    .compile = username_compile,
    .generate = username_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_person_email = {
    .name = "email",
    .description = "a mail address of the row's person at a reserved "
                   "example domain; domain: a domain or a list of them",
    .config_keys = email_keys,
    .compile = email_compile,
    .generate = email_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_person_phone = {
    .name = "phone",
    .description = "a telephone number with the area code of the row's "
                   "city; format: '#' for each of the ten digits",
    .config_keys = phone_keys,
    .compile = phone_compile,
    .generate = phone_generate,
    .free = gen_semantic_free,
};
