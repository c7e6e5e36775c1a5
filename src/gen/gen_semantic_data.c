#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/embedded.h"
#include "core/strutil.h"
#include "core/xalloc.h"
#include "gen/gen_semantic.h"
#include "gen/gen_semantic_internal.h"

#define MAX_LOCALES 16

const char *const gen_semantic_locales[] = {
    "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "pt_BR", "ja_JP", NULL,
};

/* Parsed once per process at plan time and never freed: generated values
 * point into these tables while the writers run. */
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sem_locale *loaded[MAX_LOCALES];
static size_t loaded_count;
static struct sem_common *common;

static const struct embedded_file *
locale_file(const char *locale, const char *file)
{
    char path[128];
    snprintf(path, sizeof(path), "data/%s/%s", locale, file);
    return embedded_find(path);
}

static size_t
text_chars(const char *text)
{
    return gen_semantic_chars(text, strlen(text));
}

/* Lines are "name" or, in lists with a romanised spelling, "name|ascii";
 * a list uses one form throughout. */
static int
load_list(struct sem_list *list, const char *locale, const char *file)
{
    const struct embedded_file *f = locale_file(locale, file);
    if (f == NULL || f->line_count == 0)
        return -1;
    list->count = f->line_count;
    list->max_chars = 0;
    list->items = f->lines;
    list->ascii = NULL;
    bool pairs = strchr(f->lines[0], '|') != NULL;
    const char **items = NULL, **ascii = NULL;
    if (pairs) {
        items = xcalloc(f->line_count, sizeof(*items));
        ascii = xcalloc(f->line_count, sizeof(*ascii));
    }
    for (size_t i = 0; i < f->line_count; i++) {
        const char *bar = strchr(f->lines[i], '|');
        if ((bar != NULL) != pairs)
            return -1;
        if (pairs) {
            if (bar == f->lines[i] || bar[1] == '\0' ||
                strchr(bar + 1, '|') != NULL)
                return -1;
            items[i] = xstrndup(f->lines[i], (size_t)(bar - f->lines[i]));
            ascii[i] = bar + 1;
        }
        size_t chars = text_chars(pairs ? items[i] : f->lines[i]);
        if (chars > list->max_chars)
            list->max_chars = chars;
    }
    if (pairs) {
        list->items = items;
        list->ascii = ascii;
    }
    return 0;
}

static bool
plain_text(const char *text)
{
    return value_bytes_plain(text, strlen(text));
}

/* Byte lengths of the items and, for the name lists, their folded mail
 * spellings (see struct sem_list). */
static void
index_list(struct sem_list *list, bool handles, bool umlauts)
{
    uint16_t *lens = xmalloc((list->count ? list->count : 1) * sizeof(*lens));
    for (size_t i = 0; i < list->count; i++) {
        size_t n = strlen(list->items[i]);
        lens[i] = (uint16_t)(n < UINT16_MAX ? n : UINT16_MAX);
    }
    list->lens = lens;
    if (!handles)
        return;
    const char **folded =
        xmalloc((list->count ? list->count : 1) * sizeof(*folded));
    uint8_t *folded_lens = xmalloc(list->count ? list->count : 1);
    for (size_t i = 0; i < list->count; i++) {
        struct sem_text t;
        t.len = 0;
        gen_semantic_fold_umlauts(
            &t, list->ascii != NULL ? list->ascii[i] : list->items[i],
            SEM_HANDLE_MAX, umlauts);
        folded[i] = xstrndup(t.data, t.len);
        folded_lens[i] = (uint8_t)t.len;
    }
    list->handles = folded;
    list->handle_lens = folded_lens;
}

/* Splits a copy of line at '|' into exactly count fields. */
static int
split(const char *line, char **fields, size_t count)
{
    char *copy = xstrdup(line);
    size_t n = 0;
    fields[n++] = copy;
    for (char *p = copy; *p != '\0'; p++) {
        if (*p == '|') {
            *p = '\0';
            if (n == count) {
                free(copy);
                return -1;
            }
            fields[n++] = p + 1;
        }
    }
    if (n != count) {
        free(copy);
        return -1;
    }
    return 0;
}

static bool
all_digits(const char *text, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (text[i] < '0' || text[i] > '9')
            return false;
    return true;
}

static bool
is_prefix_token(const char *text)
{
    if (*text == '\0' || strlen(text) > 8)
        return false;
    for (const char *p = text; *p != '\0'; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z')))
            return false;
    return true;
}

struct string_array {
    const char **items;
    size_t count, capacity;
};

static void
array_push(struct string_array *a, const char *item)
{
    if (a->count == a->capacity) {
        a->capacity = a->capacity ? a->capacity * 2 : 64;
        a->items = xrealloc(a->items, a->capacity * sizeof(*a->items));
    }
    a->items[a->count++] = item;
}

/* "350-369,398" (ranges of equally long numbers) or "SW1A,SW3" (postal
 * prefixes as they are written): appends every prefix. */
static int
parse_prefixes(const char *list, struct string_array *out)
{
    char *copy = xstrdup(list);
    char *save = NULL;
    int rc = 0;
    for (char *part = strtok_r(copy, ",", &save); part != NULL && rc == 0;
         part = strtok_r(NULL, ",", &save)) {
        char *dash = strchr(part, '-');
        if (dash == NULL) {
            if (!is_prefix_token(part))
                rc = -1;
            else
                array_push(out, xstrdup(part));
            continue;
        }
        size_t width = (size_t)(dash - part);
        if (!all_digits(part, width) || strlen(dash + 1) != width ||
            !all_digits(dash + 1, width) || width > 6) {
            rc = -1;
            continue;
        }
        unsigned long low = strtoul(part, NULL, 10);
        unsigned long high = strtoul(dash + 1, NULL, 10);
        if (high < low) {
            rc = -1;
            continue;
        }
        for (unsigned long p = low; p <= high; p++) {
            char *text = xmalloc(width + 1);
            snprintf(text, width + 1, "%0*lu", (int)width, p);
            array_push(out, text);
        }
    }
    free(copy);
    return rc;
}

static long
find_region(const struct sem_locale *locale, const char *code)
{
    for (size_t i = 0; i < locale->region_count; i++)
        if (strcmp(locale->regions[i].code, code) == 0)
            return (long)i;
    return -1;
}

static int
load_regions(struct sem_locale *locale, const char *name)
{
    const struct embedded_file *f = locale_file(name, "states.txt");
    if (f == NULL || f->line_count == 0)
        return -1;
    locale->regions = xcalloc(f->line_count, sizeof(*locale->regions));
    struct string_array prefixes = {0};
    for (size_t i = 0; i < f->line_count; i++) {
        char *fields[3];
        if (split(f->lines[i], fields, 3) != 0)
            return -1;
        struct sem_region *r = &locale->regions[i];
        r->name = fields[0];
        r->code = fields[1];
        size_t first = prefixes.count;
        if (parse_prefixes(fields[2], &prefixes) != 0)
            return -1;
        r->prefix_first = (uint32_t)first;
        r->prefix_count = (uint32_t)(prefixes.count - first);
        size_t chars = text_chars(r->name);
        if (chars > locale->region_max_chars)
            locale->region_max_chars = chars;
        locale->region_count++;
    }
    locale->postal_prefixes = prefixes.items;
    locale->postal_prefix_count = prefixes.count;
    for (size_t i = 0; i < prefixes.count; i++)
        if (strlen(prefixes.items[i]) > locale->postal_prefix_max)
            locale->postal_prefix_max = strlen(prefixes.items[i]);
    return locale->postal_prefix_count > 0 ? 0 : -1;
}

static void
add_area_code(struct sem_locale *locale, const char *code)
{
    for (size_t i = 0; i < locale->area_code_count; i++)
        if (strcmp(locale->area_codes[i], code) == 0)
            return;
    locale->area_codes[locale->area_code_count++] = code;
}

static int
load_cities(struct sem_locale *locale, const char *name)
{
    const struct embedded_file *f = locale_file(name, "cities.txt");
    if (f == NULL || f->line_count == 0)
        return -1;
    locale->cities = xcalloc(f->line_count, sizeof(*locale->cities));
    locale->area_codes = xcalloc(f->line_count, sizeof(*locale->area_codes));
    struct string_array postals = {0};
    for (size_t i = 0; i < f->line_count; i++) {
        char *fields[4];
        if (split(f->lines[i], fields, 4) != 0)
            return -1;
        long region = find_region(locale, fields[1]);
        size_t area_len = strlen(fields[3]);
        size_t first = postals.count;
        if (region < 0 || parse_prefixes(fields[2], &postals) != 0 ||
            !all_digits(fields[3], area_len) || area_len > SEM_MAX_AREA_LEN ||
            area_len + 4 > locale->phone_digits)
            return -1;
        struct sem_city *c = &locale->cities[i];
        c->name = fields[0];
        c->region = (uint32_t)region;
        c->postal_first = (uint32_t)first;
        c->postal_count = (uint32_t)(postals.count - first);
        c->area_code = fields[3];
        c->area_len = (uint8_t)area_len;
        c->name_len = (uint16_t)(strlen(c->name) < UINT16_MAX ? strlen(c->name)
                                                              : UINT16_MAX);
        add_area_code(locale, c->area_code);
        size_t chars = text_chars(c->name);
        if (chars > locale->city_max_chars)
            locale->city_max_chars = chars;
        locale->city_count++;
    }
    locale->city_postals = postals.items;
    locale->city_postal_count = postals.count;
    return 0;
}

static int
load_suffixes(struct sem_locale *locale, const char *name)
{
    const struct embedded_file *f = locale_file(name, "street_suffixes.txt");
    if (f == NULL || f->line_count == 0)
        return -1;
    locale->suffixes = xcalloc(f->line_count, sizeof(*locale->suffixes));
    for (size_t i = 0; i < f->line_count; i++) {
        char *fields[2];
        if (split(f->lines[i], fields, 2) != 0)
            return -1;
        locale->suffixes[i].full = fields[0];
        locale->suffixes[i].abbr = fields[1];
        size_t full_len = strlen(fields[0]), abbr_len = strlen(fields[1]);
        locale->suffixes[i].full_len =
            (uint16_t)(full_len < UINT16_MAX ? full_len : UINT16_MAX);
        locale->suffixes[i].abbr_len =
            (uint16_t)(abbr_len < UINT16_MAX ? abbr_len : UINT16_MAX);
        size_t chars = text_chars(fields[0]);
        if (chars > locale->suffix_max_chars)
            locale->suffix_max_chars = chars;
        locale->suffix_count++;
    }
    return 0;
}

/* Central office codes of the North American plan: 200-999 without the
 * N11 service codes and 555, which is mostly reserved. Elsewhere a
 * subscriber number may begin with any of 200-999. */
static void
load_exchanges(struct sem_locale *locale, bool nanp)
{
    locale->exchanges = xcalloc(800, sizeof(*locale->exchanges));
    for (unsigned code = 200; code <= 999; code++) {
        if (nanp && (code % 100 == 11 || code == 555))
            continue;
        locale->exchanges[locale->exchange_count++] = (uint16_t)code;
    }
}

static const struct sem_country *
find_country(const struct sem_common *c, const char *alpha2)
{
    for (size_t i = 0; i < c->country_count; i++)
        if (strcmp(c->countries[i].alpha2, alpha2) == 0)
            return &c->countries[i];
    return NULL;
}

static size_t
count_char(const char *text, char c)
{
    size_t n = 0;
    for (; *text != '\0'; text++)
        n += *text == c;
    return n;
}

static bool
key_is(const char *line, const char *key, const char **value)
{
    size_t n = strlen(key);
    if (strncmp(line, key, n) != 0 || line[n] != '=')
        return false;
    *value = line + n + 1;
    return true;
}

/* locale.txt: key=value lines; every key but country has a default, the
 * United States' form. */
static int
load_settings(struct sem_locale *locale, const struct sem_common *c,
              const char *name)
{
    static const char *const company_defaults[SEM_COMPANY_PATTERNS] = {
        "{L} {A}",    "{W} {A}", "{W} {A} {X}",
        "{L} & {L2}", "{L} {X}", "{L}, {L2} and {L3}",
    };
    const struct embedded_file *f = locale_file(name, "locale.txt");
    if (f == NULL)
        return -1;
    locale->postal = "P##";
    locale->phone_digits = 10;
    locale->house_max = 9999;
    locale->street = "{N} {S} {T}[ {U} {u}]";
    for (int i = 0; i < SEM_COMPANY_PATTERNS; i++)
        locale->company[i] = company_defaults[i];
    locale->company_unique = "{W} {A} {X}";
    locale->name_space = " ";
    bool nanp = false;
    for (size_t i = 0; i < f->line_count; i++) {
        const char *line = f->lines[i], *v;
        char key[32];
        if (key_is(line, "country", &v)) {
            locale->country = find_country(c, v);
        } else if (key_is(line, "postal", &v)) {
            locale->postal = v;
        } else if (key_is(line, "house_max", &v)) {
            locale->house_max = (unsigned)atoi(v);
        } else if (key_is(line, "zip4", &v)) {
            locale->zip4 = strcmp(v, "yes") == 0;
        } else if (key_is(line, "phone_digits", &v)) {
            locale->phone_digits = (unsigned)atoi(v);
        } else if (key_is(line, "phone_plan", &v)) {
            nanp = strcmp(v, "nanp") == 0;
        } else if (key_is(line, "street", &v)) {
            locale->street = v;
        } else if (key_is(line, "company_unique", &v)) {
            locale->company_unique = v;
        } else if (key_is(line, "name_order", &v)) {
            locale->family_first = strcmp(v, "family_first") == 0;
        } else if (key_is(line, "fold", &v)) {
            locale->fold_umlauts = strcmp(v, "umlauts") == 0;
        } else if (strncmp(line, "phone", 5) == 0) {
            /* phone=PATTERN for any area code, phoneN=PATTERN for codes of
             * N digits; in order of preference */
            unsigned area_len = 0;
            const char *p = line + 5;
            if (*p >= '1' && *p <= '0' + SEM_MAX_AREA_LEN)
                area_len = (unsigned)(*p++ - '0');
            if (*p != '=' || locale->phone_count == SEM_MAX_PHONE_FORMATS)
                return -1;
            locale->phones[locale->phone_count].area_len = area_len;
            locale->phones[locale->phone_count++].pattern = p + 1;
        } else {
            for (int k = 0; k < SEM_COMPANY_PATTERNS; k++) {
                snprintf(key, sizeof(key), "company%d", k);
                if (key_is(line, key, &v))
                    locale->company[k] = v;
            }
        }
    }
    if (locale->phone_count == 0) {
        locale->phones[0].pattern = "##########";
        locale->phone_count = 1;
    }
    for (size_t i = 0; i < locale->phone_count; i++)
        if (count_char(locale->phones[i].pattern, '#') != locale->phone_digits)
            return -1;
    if (locale->phone_digits < 6 || locale->phone_digits > 15 ||
        locale->house_max < 10 || locale->house_max > 9999 ||
        count_char(locale->postal, 'P') != 1)
        return -1;
    load_exchanges(locale, nanp);
    return locale->country != NULL ? 0 : -1;
}

static struct sem_common *
load_common(void)
{
    const struct embedded_file *f = embedded_find("data/common/countries.txt");
    if (f == NULL || f->line_count == 0)
        return NULL;
    struct sem_common *c = xcalloc(1, sizeof(*c));
    c->countries = xcalloc(f->line_count, sizeof(*c->countries));
    for (size_t i = 0; i < f->line_count; i++) {
        char *fields[3];
        if (split(f->lines[i], fields, 3) != 0 || strlen(fields[1]) != 2 ||
            strlen(fields[2]) != 3) {
            free(c->countries);
            free(c);
            return NULL;
        }
        c->countries[i].name = fields[0];
        c->countries[i].alpha2 = fields[1];
        c->countries[i].alpha3 = fields[2];
        size_t chars = text_chars(fields[0]);
        if (chars > c->country_max_chars)
            c->country_max_chars = chars;
        c->country_count++;
    }
    if (load_list(&c->domains, "common", "email_domains.txt") != 0) {
        free(c->countries);
        free(c);
        return NULL;
    }
    index_list(&c->domains, false, false);
    c->plain = true;
    for (size_t i = 0; i < c->country_count; i++)
        c->plain = c->plain && plain_text(c->countries[i].name) &&
                   plain_text(c->countries[i].alpha2) &&
                   plain_text(c->countries[i].alpha3);
    for (size_t i = 0; i < c->domains.count; i++)
        c->plain = c->plain && plain_text(c->domains.items[i]);
    return c;
}

static struct sem_locale *
load_locale(const char *name, const struct sem_common *c)
{
    struct sem_locale *l = xcalloc(1, sizeof(*l));
    snprintf(l->name, sizeof(l->name), "%s", name);
    if (load_settings(l, c, name) != 0 ||
        load_list(&l->female, name, "first_names_female.txt") != 0 ||
        load_list(&l->male, name, "first_names_male.txt") != 0 ||
        load_list(&l->last, name, "last_names.txt") != 0 ||
        load_list(&l->streets, name, "street_names.txt") != 0 ||
        load_list(&l->units, name, "address_units.txt") != 0 ||
        load_list(&l->company_words, name, "company_words.txt") != 0 ||
        load_list(&l->company_activities, name, "company_activities.txt") !=
            0 ||
        load_list(&l->company_suffixes, name, "company_suffixes.txt") != 0 ||
        load_list(&l->job_titles, name, "job_titles.txt") != 0 ||
        load_suffixes(l, name) != 0 || load_regions(l, name) != 0 ||
        load_cities(l, name) != 0)
        return NULL; /* partly built; only reachable with broken data */
    struct sem_list *lists[] = {
        &l->female,         &l->male,           &l->last,
        &l->streets,        &l->units,          &l->company_words,
        &l->company_activities, &l->company_suffixes, &l->job_titles,
    };
    bool plain = c->plain && plain_text(l->street);
    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
        index_list(lists[i], i < 3, l->fold_umlauts);
        for (size_t k = 0; k < lists[i]->count; k++)
            plain = plain && plain_text(lists[i]->items[k]);
    }
    for (size_t i = 0; i < l->suffix_count; i++)
        plain = plain && plain_text(l->suffixes[i].full) &&
                plain_text(l->suffixes[i].abbr);
    for (size_t i = 0; i < l->city_count; i++)
        plain = plain && plain_text(l->cities[i].name);
    for (size_t i = 0; i < l->region_count; i++)
        plain = plain && plain_text(l->regions[i].name) &&
                plain_text(l->regions[i].code);
    l->plain = plain;
    return l;
}

/* "en_US.utf8" and "en_US@euro" name the dictionaries of "en_US"; the
 * C locale has no country and gets the default one. Empty when the name is
 * not supported. */
static void
base_name(const char *name, char *out, size_t size)
{
    size_t n = 0;
    while (name != NULL && name[n] != '\0' && name[n] != '.' &&
           name[n] != '@' && n + 1 < size) {
        out[n] = name[n];
        n++;
    }
    out[n] = '\0';
    if (n == 0 || strcmp(out, "C") == 0 || strcmp(out, "POSIX") == 0)
        snprintf(out, size, "%s", gen_semantic_locales[0]);
    for (size_t i = 0; gen_semantic_locales[i] != NULL; i++)
        if (strcmp(out, gen_semantic_locales[i]) == 0)
            return;
    out[0] = '\0';
}

int
gen_semantic_check_locale(const char *locale, const char *path,
                          struct diag_list *diags)
{
    char base[16];
    base_name(locale, base, sizeof(base));
    if (base[0] != '\0')
        return 0;
    char message[160];
    snprintf(message, sizeof(message), "unknown locale \"%.64s\"", locale);
    for (size_t i = 0; i < diags->count; i++)
        if (diags->items[i].path != NULL &&
            strcmp(diags->items[i].path, path) == 0 &&
            strcmp(diags->items[i].message, message) == 0)
            return -1;
    size_t count = 0;
    while (gen_semantic_locales[count] != NULL)
        count++;
    char wanted[64];
    size_t n = strcspn(locale, ".@");
    snprintf(wanted, sizeof(wanted), "%.*s", (int)(n < 63 ? n : 63), locale);
    /* the same language first: de_AT -> de_DE, "de" -> de_DE */
    const char *near = NULL;
    for (size_t i = 0; i < count && near == NULL; i++)
        if (strlen(wanted) >= 2 &&
            strncasecmp(wanted, gen_semantic_locales[i], 2) == 0 &&
            (wanted[2] == '\0' || wanted[2] == '_' || wanted[2] == '-'))
            near = gen_semantic_locales[i];
    if (near == NULL)
        near = str_closest(wanted, gen_semantic_locales, count);
    char hint[256];
    int at = 0;
    if (near != NULL)
        at = snprintf(hint, sizeof(hint), "did you mean \"%s\"? ", near);
    at += snprintf(hint + at, sizeof(hint) - (size_t)at, "supported:");
    for (size_t i = 0; i < count && at < (int)sizeof(hint); i++)
        at += snprintf(hint + at, sizeof(hint) - (size_t)at, " %s",
                       gen_semantic_locales[i]);
    diag_add(diags, DIAG_ERROR, path, hint, "%s", message);
    return -1;
}

const struct sem_common *
gen_semantic_data_common(const char **problem)
{
    pthread_mutex_lock(&load_lock);
    if (common == NULL)
        common = load_common();
    const struct sem_common *c = common;
    pthread_mutex_unlock(&load_lock);
    if (c == NULL)
        *problem = "embedded country or mail domain list is malformed";
    return c;
}

const struct sem_locale *
gen_semantic_data_locale(const char *name, const char **problem)
{
    const struct sem_common *c = gen_semantic_data_common(problem);
    if (c == NULL)
        return NULL;
    char base[16];
    base_name(name, base, sizeof(base));
    if (base[0] == '\0') {
        *problem = "unknown locale";
        return NULL;
    }
    const struct sem_locale *found = NULL;
    pthread_mutex_lock(&load_lock);
    for (size_t i = 0; i < loaded_count; i++)
        if (strcmp(loaded[i]->name, base) == 0)
            found = loaded[i];
    if (found == NULL && loaded_count < MAX_LOCALES) {
        struct sem_locale *l = load_locale(base, c);
        if (l != NULL) {
            loaded[loaded_count++] = l;
            found = l;
        }
    }
    pthread_mutex_unlock(&load_lock);
    if (found == NULL)
        *problem = "embedded dictionaries of the locale are malformed";
    return found;
}
