#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "core/xalloc.h"
#include "gen/gen_semantic_internal.h"

#define MAX_LOCALES     16
#define FALLBACK_LOCALE "en_US"

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

static int
load_list(struct sem_list *list, const char *locale, const char *file)
{
    const struct embedded_file *f = locale_file(locale, file);
    if (f == NULL || f->line_count == 0)
        return -1;
    list->items = f->lines;
    list->count = f->line_count;
    list->max_chars = 0;
    for (size_t i = 0; i < f->line_count; i++) {
        size_t chars = text_chars(f->lines[i]);
        if (chars > list->max_chars)
            list->max_chars = chars;
    }
    return 0;
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

static int
parse_number(const char *text, unsigned digits, unsigned *out)
{
    if (strlen(text) != digits)
        return -1;
    unsigned value = 0;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        value = value * 10 + (unsigned)(*p - '0');
    }
    *out = value;
    return 0;
}

static long
find_region(const struct sem_locale *locale, const char *code)
{
    for (size_t i = 0; i < locale->region_count; i++)
        if (strcmp(locale->regions[i].code, code) == 0)
            return (long)i;
    return -1;
}

/* "350-369" or "010-027,055": appends every prefix of the ranges */
static int
parse_prefixes(struct sem_locale *locale, char *ranges, size_t *capacity)
{
    char *save = NULL;
    for (char *part = strtok_r(ranges, ",", &save); part != NULL;
         part = strtok_r(NULL, ",", &save)) {
        unsigned low, high;
        char *dash = strchr(part, '-');
        if (dash != NULL) {
            *dash = '\0';
            if (parse_number(part, 3, &low) != 0 ||
                parse_number(dash + 1, 3, &high) != 0 || high < low)
                return -1;
        } else {
            if (parse_number(part, 3, &low) != 0)
                return -1;
            high = low;
        }
        for (unsigned p = low; p <= high; p++) {
            if (locale->postal_prefix_count == *capacity) {
                *capacity = *capacity ? *capacity * 2 : 256;
                locale->postal_prefixes =
                    xrealloc(locale->postal_prefixes,
                             *capacity * sizeof(*locale->postal_prefixes));
            }
            locale->postal_prefixes[locale->postal_prefix_count++] =
                (uint16_t)p;
        }
    }
    return 0;
}

static int
load_regions(struct sem_locale *locale, const char *name)
{
    const struct embedded_file *f = locale_file(name, "states.txt");
    if (f == NULL || f->line_count == 0)
        return -1;
    locale->regions = xcalloc(f->line_count, sizeof(*locale->regions));
    size_t capacity = 0;
    for (size_t i = 0; i < f->line_count; i++) {
        char *fields[3];
        if (split(f->lines[i], fields, 3) != 0)
            return -1;
        struct sem_region *r = &locale->regions[i];
        r->name = fields[0];
        r->code = fields[1];
        size_t first = locale->postal_prefix_count;
        if (parse_prefixes(locale, fields[2], &capacity) != 0)
            return -1;
        r->prefix_first = (uint16_t)first;
        r->prefix_count = (uint16_t)(locale->postal_prefix_count - first);
        size_t chars = text_chars(r->name);
        if (chars > locale->region_max_chars)
            locale->region_max_chars = chars;
        locale->region_count++;
    }
    return 0;
}

static void
add_area_code(struct sem_locale *locale, uint16_t code)
{
    for (size_t i = 0; i < locale->area_code_count; i++)
        if (locale->area_codes[i] == code)
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
    for (size_t i = 0; i < f->line_count; i++) {
        char *fields[4];
        unsigned prefix, area;
        if (split(f->lines[i], fields, 4) != 0)
            return -1;
        long region = find_region(locale, fields[1]);
        if (region < 0 || parse_number(fields[2], 3, &prefix) != 0 ||
            parse_number(fields[3], 3, &area) != 0)
            return -1;
        struct sem_city *c = &locale->cities[i];
        c->name = fields[0];
        c->region = (uint32_t)region;
        c->postal_prefix = (uint16_t)prefix;
        c->area_code = (uint16_t)area;
        add_area_code(locale, c->area_code);
        size_t chars = text_chars(c->name);
        if (chars > locale->city_max_chars)
            locale->city_max_chars = chars;
        locale->city_count++;
    }
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
        size_t chars = text_chars(fields[0]);
        if (chars > locale->suffix_max_chars)
            locale->suffix_max_chars = chars;
        locale->suffix_count++;
    }
    return 0;
}

/* Central office codes of the North American plan: 200-999 without the
 * N11 service codes and 555, which is mostly reserved. */
static void
load_exchanges(struct sem_locale *locale)
{
    locale->exchanges = xcalloc(800, sizeof(*locale->exchanges));
    for (unsigned code = 200; code <= 999; code++) {
        if (code % 100 == 11 || code == 555)
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

static int
load_country(struct sem_locale *locale, const struct sem_common *c,
             const char *name)
{
    const struct embedded_file *f = locale_file(name, "locale.txt");
    if (f == NULL)
        return -1;
    for (size_t i = 0; i < f->line_count; i++) {
        if (strncmp(f->lines[i], "country=", 8) == 0)
            locale->country = find_country(c, f->lines[i] + 8);
    }
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
    return c;
}

static struct sem_locale *
load_locale(const char *name, const struct sem_common *c)
{
    struct sem_locale *l = xcalloc(1, sizeof(*l));
    snprintf(l->name, sizeof(l->name), "%s", name);
    if (load_list(&l->female, name, "first_names_female.txt") != 0 ||
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
        load_cities(l, name) != 0 || load_country(l, c, name) != 0)
        return NULL; /* partly built; only reachable with broken data */
    load_exchanges(l);
    return l;
}

/* "en_US.utf8" and "en_US@euro" name the dictionaries of "en_US". */
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
    if (n == 0 || locale_file(out, "locale.txt") == NULL)
        snprintf(out, size, "%s", FALLBACK_LOCALE);
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
