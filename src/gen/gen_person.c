#include <stdint.h>
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
    const struct sem_list *names =
        p.female ? &gen->locale->female : &gen->locale->male;
    gen_semantic_emit_entry_len(gen, ctx, names->items[p.first],
                                sem_list_len(names, p.first), out);
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
    const struct sem_list *names = &gen->locale->last;
    gen_semantic_emit_entry_len(gen, ctx, names->items[p.last],
                                sem_list_len(names, p.last), out);
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
    struct sem_text t;
    t.len = 0;
    if (l->family_first) {
        sem_text_put(&t, last);
        sem_text_put(&t, l->name_space);
        sem_text_put(&t, first);
    } else {
        sem_text_put(&t, first);
        sem_text_put(&t, l->name_space);
        sem_text_put(&t, last);
    }
    if (gen->max_chars >= 0 && !l->family_first &&
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
 * also use initials. The names come folded from the dictionary (see struct
 * sem_list); writes at most limit bytes at out, returns how many. */
static size_t
build_handle(const struct sem_locale *locale, const struct sem_person *p,
             bool for_email, size_t limit, char *out)
{
    const struct sem_list *firsts = p->female ? &locale->female : &locale->male;
    const char *first = firsts->handles[p->first];
    size_t first_len = firsts->handle_lens[p->first];
    const char *last = locale->last.handles[p->last];
    size_t last_len = locale->last.handle_lens[p->last];
    if (first_len == 0) {
        first = "user";
        first_len = 4;
    }
    const char *a = first, *b = last;
    size_t a_len = first_len, b_len = last_len, b_full = last_len;
    char sep = '.';
    unsigned s = p->handle_style;
    if (for_email) {
        if (s < 50) {
            sep = '.';
        } else if (s < 70) {
            sep = 0;
        } else if (s < 80) {
            sep = '_';
        } else {
            a = last, b = first, a_len = last_len, b_len = first_len;
            b_full = first_len;
            if (s >= 90)
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
            a = last, b = first, a_len = last_len, b_len = first_len;
            b_full = first_len;
            sep = 0;
        } else {
            b_len = 0; /* maria */
        }
    }
    if (a_len == 0) {
        a = b, a_len = b_len, b_len = 0;
    }
    if (b_len > b_full)
        b_len = b_full;
    size_t n = a_len < limit ? a_len : limit;
    memcpy(out, a, n);
    if (b_len > 0 && sep != 0 && n < limit)
        out[n++] = sep;
    size_t tail = b_len < limit - n ? b_len : limit - n;
    memcpy(out + n, b, tail);
    n += tail;
    while (n > 1 && (out[n - 1] == '.' || out[n - 1] == '_'))
        n--;
    return n;
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
    struct sem_text digits;
    digits.len = 0;
    handle_number(gen, &p, ctx->row, &digits);
    size_t budget = gen->max_chars >= 0 ? (size_t)gen->max_chars : 64;
    if (!gen->unique && digits.len + 1 > budget)
        digits.len = 0;
    size_t limit = budget - digits.len;
    if (limit > SEM_HANDLE_MAX * 2 + 1)
        limit = SEM_HANDLE_MAX * 2 + 1; /* what two names and a dot take */
    char t[SEM_HANDLE_MAX * 2 + 1 + sizeof(digits.data)];
    size_t len = build_handle(gen->locale, &p, false, limit, t);
    memcpy(t + len, digits.data, digits.len);
    len += digits.len;
    gen_semantic_emit(gen, ctx, t, len, out);
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
    const char *domain;
    size_t domain_len;
    if (gen->domain_count > 0) {
        domain = gen->domains[p.domain_pick % gen->domain_count];
        domain_len = strlen(domain);
    } else {
        const struct sem_list *domains = &gen->common->domains;
        size_t pick = p.domain_pick % domains->count;
        domain = domains->items[pick];
        domain_len = sem_list_len(domains, pick);
    }
    struct sem_text digits;
    digits.len = 0;
    handle_number(gen, &p, ctx->row, &digits);
    /* local parts stay within the 64 bytes RFC 5321 allows */
    size_t budget = 64;
    if (gen->max_chars >= 0 && (size_t)gen->max_chars - 1 - domain_len < 64)
        budget = (size_t)gen->max_chars - 1 - domain_len;
    if (!gen->unique && digits.len + 1 > budget)
        digits.len = 0;
    /* the local part takes at most 64 bytes plus the digits, and the
     * compile step made sure that all of it fits the column: the address
     * is written where it stays */
    char *text = arena_alloc(ctx->arena, 64 + digits.len + 1 + domain_len + 1);
    size_t len = build_handle(gen->locale, &p, true, budget - digits.len, text);
    memcpy(text + len, digits.data, digits.len);
    len += digits.len;
    text[len++] = '@';
    memcpy(text + len, domain, domain_len);
    len += domain_len;
    if (len > SEM_TEXT_CAP) /* as long as the texts built before were */
        len = SEM_TEXT_CAP;
    text[len] = '\0';
    /* folded letters, digits, '.', '_', '@' and a checked domain */
    *out = gen->domain_count > 0 || gen->common->plain
               ? value_text_plain(text, len)
               : value_text(text, len);
}

/* ---- phone ---- */

/* A national number is the area code, three digits from the exchanges
 * list and the rest, as many as the locale's length leaves. */
static unsigned
rest_digits(const struct sem_locale *l, size_t area_len)
{
    return l->phone_digits - (unsigned)area_len - 3;
}

static bool
format_applies(const struct sem_phone_format *f, size_t area_len)
{
    return f->area_len == 0 || f->area_len == area_len;
}

/* The pattern without spaces and punctuation: "(##) 9####-####" ->
 * "##9########". */
static char *
compact_pattern(const char *pattern)
{
    char *out = xmalloc(strlen(pattern) + 1);
    size_t n = 0;
    for (const char *p = pattern; *p != '\0'; p++)
        if (*p == '#' || (*p >= '0' && *p <= '9'))
            out[n++] = *p;
    out[n] = '\0';
    return out;
}

static bool
area_len_used(const struct sem_locale *l, size_t len)
{
    for (size_t i = 0; i < l->area_code_count; i++)
        if (strlen(l->area_codes[i]) == len)
            return true;
    return false;
}

/* The form for area codes of len digits that fits max_chars (-1: any),
 * owned; NULL when none does. */
static char *
choose_pattern(const struct sem_locale *l, size_t len, long max_chars)
{
    const char *first = NULL;
    for (size_t i = 0; i < l->phone_count; i++) {
        if (!format_applies(&l->phones[i], len))
            continue;
        if (first == NULL)
            first = l->phones[i].pattern;
        if (max_chars < 0 || (long)strlen(l->phones[i].pattern) <= max_chars)
            return xstrdup(l->phones[i].pattern);
    }
    if (first == NULL)
        return NULL;
    char *compact = compact_pattern(first);
    if (max_chars < 0 || (long)strlen(compact) <= max_chars)
        return compact;
    free(compact);
    return NULL;
}

size_t
gen_person_phone_min_chars(const struct sem_locale *l)
{
    size_t needed = 0;
    for (size_t len = 1; len <= SEM_MAX_AREA_LEN; len++) {
        if (!area_len_used(l, len))
            continue;
        size_t shortest = SIZE_MAX;
        for (size_t i = 0; i < l->phone_count; i++) {
            if (!format_applies(&l->phones[i], len))
                continue;
            char *compact = compact_pattern(l->phones[i].pattern);
            if (strlen(compact) < shortest)
                shortest = strlen(compact);
            free(compact);
        }
        if (shortest != SIZE_MAX && shortest > needed)
            needed = shortest;
    }
    return needed;
}

static const char *
number_word(unsigned n)
{
    static const char *const words[] = {"six", "seven",  "eight", "nine",
                                        "ten", "eleven", "twelve"};
    return n >= 6 && n <= 12 ? words[n - 6] : NULL;
}

static int
phone_compile(const struct gen_spec *spec, void **state,
              struct diag_list *diags)
{
    const char *problem = NULL;
    const struct sem_locale *locale =
        gen_semantic_data_locale(spec->locale, &problem);
    long min_chars =
        locale != NULL ? (long)gen_person_phone_min_chars(locale) : 1;
    struct sem_gen *gen =
        gen_semantic_begin(spec, &gen_person_phone, SEM_TEXT, min_chars, diags);
    if (gen == NULL)
        return -1;
    const struct sem_locale *l = gen->locale;
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
        if (hashes != l->phone_digits || !ascii) {
            char hint[64], *example = compact_pattern(l->phones[0].pattern);
            snprintf(hint, sizeof(hint), "for example \"%s\"", example);
            free(example);
            const char *word = number_word(l->phone_digits);
            if (word != NULL)
                diag_add(diags, DIAG_ERROR, path, hint,
                         "\"format\" must hold %s '#' for the digits of the "
                         "number",
                         word);
            else
                diag_add(diags, DIAG_ERROR, path, hint,
                         "\"format\" must hold %u '#' for the digits of the "
                         "number",
                         l->phone_digits);
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
        gen->pattern_len = strlen(format);
        gen->plain = value_bytes_plain(format, gen->pattern_len);
    } else {
        gen->plain = true; /* until a pattern is not */
        for (size_t len = 1; len <= SEM_MAX_AREA_LEN; len++) {
            if (!area_len_used(l, len))
                continue;
            gen->patterns[len] = choose_pattern(l, len, gen->max_chars);
            if (gen->patterns[len] != NULL) {
                gen->pattern_lens[len] = strlen(gen->patterns[len]);
                gen->plain = gen->plain && value_bytes_plain(
                                               gen->patterns[len],
                                               gen->pattern_lens[len]);
            }
            if (gen->patterns[len] == NULL) {
                diag_add(diags, DIAG_ERROR, spec->path,
                         "widen the column or set \"format\" in "
                         "generator_config",
                         "column is too short for the telephone numbers of "
                         "locale \"%s\"",
                         l->name);
                goto fail;
            }
        }
    }
    if (gen->unique) {
        /* Exchange and the rest alone give millions of numbers per area
         * code, enough to keep the area code of the row's city; beyond
         * that the area code joins the bijection. */
        unsigned rest = 12;
        for (size_t i = 0; i < l->area_code_count; i++)
            if (rest_digits(l, strlen(l->area_codes[i])) < rest)
                rest = rest_digits(l, strlen(l->area_codes[i]));
        gen->digits = rest;
        uint64_t local = l->exchange_count;
        for (unsigned i = 0; i < rest; i++)
            local *= 10;
        uint64_t space = local;
        gen->format = 0;
        if (spec->row_count > local) {
            space = local * l->area_code_count;
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

static const uint64_t powers10[] = {
    UINT64_C(1),           UINT64_C(10),           UINT64_C(100),
    UINT64_C(1000),        UINT64_C(10000),        UINT64_C(100000),
    UINT64_C(1000000),     UINT64_C(10000000),     UINT64_C(100000000),
    UINT64_C(1000000000),  UINT64_C(10000000000),  UINT64_C(100000000000),
    UINT64_C(1000000000000), UINT64_C(10000000000000),
    UINT64_C(100000000000000), UINT64_C(1000000000000000),
    UINT64_C(10000000000000000), UINT64_C(100000000000000000),
    UINT64_C(1000000000000000000), UINT64_C(10000000000000000000),
};

static uint64_t
power10(unsigned n)
{
    if (n < sizeof(powers10) / sizeof(powers10[0]))
        return powers10[n];
    uint64_t p = 1;
    while (n-- > 0)
        p *= 10;
    return p;
}

/* value zero-padded to width digits at out; returns the digits written
 * (more than width when the value needs them) */
static size_t
put_padded(char *out, uint64_t value, unsigned width)
{
    if (width == 0 || width > 19 || value >= powers10[width])
        return fmt_u64(out, value, (int)width);
    for (size_t i = width; i > 1; i -= 2) {
        memcpy(out + i - 2, fmt_digit_pairs + 2 * (value % 100), 2);
        value /= 100;
    }
    if (width & 1)
        out[0] = (char)('0' + value);
    return width;
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
    const struct sem_city *city = &l->cities[place.city];
    const char *area = city->area_code;
    size_t area_len = city->area_len;
    unsigned exchange = l->exchanges[p.exchange_pick];
    unsigned rest_len = rest_digits(l, area_len);
    uint64_t rest = p.line;
    if (rest_len <= 4)
        rest %= power10(rest_len);
    else
        rest += 10000 * (p.line_extra % power10(rest_len - 4));
    if (gen->unique) {
        uint64_t index = gen_semantic_unique_index(gen, ctx->row);
        uint64_t rests = power10(gen->digits);
        rest = index % rests;
        index /= rests;
        exchange = l->exchanges[index % l->exchange_count];
        index /= l->exchange_count;
        if (gen->format == 1) {
            area = l->area_codes[index];
            area_len = strlen(area);
            rest_len = rest_digits(l, area_len);
        }
    }
    /* area (at most SEM_MAX_AREA_LEN), exchange and rest: at most 6 + 20
     * + 20 digits */
    char digits[48];
    memcpy(digits, area, area_len);
    size_t count = area_len;
    count += put_padded(digits + count, exchange, 3);
    count += put_padded(digits + count, rest, rest_len);
    const char *pattern;
    size_t pattern_len;
    if (gen->pattern != NULL) {
        pattern = gen->pattern;
        pattern_len = gen->pattern_len;
    } else {
        pattern = gen->patterns[area_len];
        pattern_len = gen->pattern_lens[area_len];
    }
    /* never longer than the pattern, which fits the column (compile),
     * and cut where the texts built before were cut */
    if (pattern_len > SEM_TEXT_CAP)
        pattern_len = SEM_TEXT_CAP;
    char *text = arena_alloc(ctx->arena, pattern_len + 1);
    size_t len = 0, next = 0;
    for (size_t i = 0; i < pattern_len; i++) {
        if (pattern[i] != '#')
            text[len++] = pattern[i];
        else if (next < count)
            text[len++] = digits[next++];
    }
    text[len] = '\0';
    /* digits and the pattern's other bytes */
    *out = gen->plain ? value_text_plain(text, len) : value_text(text, len);
}

const struct gen_kind gen_person_first_name = {
    .name = "first_name",
    .description = "a given name; agrees with the row's other person columns",
    .config_keys = no_keys,
    .types = GEN_TYPES_TEXT,
    .compile = first_name_compile,
    .generate = first_name_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_person_last_name = {
    .name = "last_name",
    .description = "a family name; agrees with the row's other person "
                   "columns",
    .config_keys = no_keys,
    .types = GEN_TYPES_TEXT,
    .compile = last_name_compile,
    .generate = last_name_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_person_full_name = {
    .name = "full_name",
    .description = "given and family name (\"Maria Garcia\"; family name "
                   "first where the locale writes it so)",
    .config_keys = no_keys,
    .types = GEN_TYPES_TEXT,
    .compile = full_name_compile,
    .generate = full_name_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_person_username = {
    .name = "username",
    .description = "a login made from the row's person (\"mgarcia87\"); "
                   "unique ones carry a number",
    .config_keys = no_keys,
    .types = GEN_TYPES_TEXT,
    .compile = username_compile,
    .generate = username_generate,
    .free = gen_semantic_free,
};

static const struct gen_key person_email_key_schema[] = {
    {"domain", GEN_KEY_ANY, "example.com, example.net, example.org",
     "a domain or a list of them"},
    {NULL, 0, NULL, NULL},
};

const struct gen_kind gen_person_email = {
    .name = "email",
    .description = "a mail address of the row's person at a reserved "
                   "example domain; domain: a domain or a list of them",
    .config_keys = email_keys,
    .types = GEN_TYPES_TEXT,
    .keys = person_email_key_schema,
    .compile = email_compile,
    .generate = email_generate,
    .free = gen_semantic_free,
};

static const struct gen_key person_phone_key_schema[] = {
    {"format", GEN_KEY_STRING, "the locale's style",
     "a pattern with # for each digit"},
    {NULL, 0, NULL, NULL},
};

const struct gen_kind gen_person_phone = {
    .name = "phone",
    .description = "a telephone number in the locale's style with the area "
                   "code of the row's city; format: '#' for each digit",
    .config_keys = phone_keys,
    .types = GEN_TYPES_TEXT,
    .keys = person_phone_key_schema,
    .compile = phone_compile,
    .generate = phone_generate,
    .free = gen_semantic_free,
};
