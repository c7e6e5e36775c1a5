#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/embedded.h"
#include "core/error.h"
#include "core/rng.h"
#include "core/value.h"
#include "gen/gen.h"
#include "gen/gen_semantic.h"
#include "harness.h"

#define SEED 42
#define ROWS 3000

/* What every locale must produce: the country of its addresses and the
 * shapes of its postal codes, telephone numbers and streets. trunk is the
 * number of digits written before the area code ("0" in 030 ...). */
struct locale_case {
    const char *name;
    const char *country;
    const char *postal;
    const char *phone;
    const char *street;
    unsigned phone_digits; /* digits in the written number */
    unsigned trunk;
    int family_first;
};

static const struct locale_case cases[] = {
    {"en_US", "United States", "^[0-9]{5}$",
     "^\\([2-9][0-9]{2}\\) [2-9][0-9]{2}-[0-9]{4}$",
     "^[0-9]{1,4} [A-Za-z' .-]+( (Apt|Suite|Unit) [0-9]+)?$", 10, 0, 0},
    {"en_GB", "United Kingdom",
     "^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2}$",
     "^0([0-9]{2} [2-9][0-9]{3} [0-9]{4}|[0-9]{3} [2-9][0-9]{2} [0-9]{4}|"
     "[0-9]{4} [2-9][0-9]{5})$",
     "^((Flat|Apartment) [0-9]+, )?[1-9][0-9]{0,2} [A-Z][A-Za-z' ]+$", 11, 1,
     0},
    {"de_DE", "Germany", "^[0-9]{5}$", "^0[1-9][0-9]{1,3} [2-9][0-9]{5,7}$",
     "^[^0-9]+ [1-9][0-9]{0,2}[a-d]?$", 11, 1, 0},
    {"fr_FR", "France", "^[0-9]{5}$", "^0[1-5]( [0-9]{2}){4}$",
     "^[1-9][0-9]{0,2}( bis| ter)? (rue|avenue|av\\.|boulevard|bd|place|"
     "pl\\.|impasse|imp\\.|allée|all\\.|chemin|ch\\.|quai|cours|crs|route|"
     "rte|square|sq\\.|passage|pass\\.) [^0-9]+$",
     10, 1, 0},
    {"es_ES", "Spain", "^(0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}$",
     "^[89][0-9]{2} [0-9]{3} [0-9]{3}$",
     "^(Calle|C/|Avenida|Avda\\.|Plaza|Pza\\.|Paseo|Pº|Camino|Cno\\.|"
     "Carretera|Ctra\\.|Ronda|Rda\\.|Travesía|Trva\\.|Glorieta|Gta\\.) "
     "[^0-9]+ [1-9][0-9]{0,2}(, [1-9]º ([A-D]|izda\\.|dcha\\.))?$",
     9, 0, 0},
    {"pt_BR", "Brazil", "^[0-9]{5}-[0-9]{3}$",
     "^\\([1-9][0-9]\\) 9[2-9][0-9]{3}-[0-9]{4}$",
     "^(Rua|R\\.|Avenida|Av\\.|Alameda|Al\\.|Travessa|Tv\\.|Praça|Pç\\.|"
     "Estrada|Estr\\.|Largo|Lgo\\.) [^0-9]+, [1-9][0-9]{0,3}"
     "(, (Apto|Sala|Casa|Bloco) [0-9]+)?$",
     11, 0, 0},
    {"ja_JP", "Japan", "^[0-9]{3}-[0-9]{4}$",
     "^0[1-9][0-9]{0,3}-[0-9]{1,4}-[0-9]{4}$",
     "^[^0-9 ]+[1-9](丁目|-)[0-9]{1,2}-[0-9]{1,2}( [0-9]+号室)?$", 10, 1, 1},
};
#define CASE_COUNT (sizeof(cases) / sizeof(cases[0]))

/* ---- fixtures ---- */

static const char *const person_columns[] = {
    "first_name", "last_name", "full_name", "email",          "username",
    "phone",      "city",      "state",     "state_code",     "postal_code",
    "country",    "company",   "job_title", "street_address", NULL,
};
enum {
    COL_FIRST,
    COL_LAST,
    COL_FULL,
    COL_EMAIL,
    COL_USER,
    COL_PHONE,
    COL_CITY,
    COL_STATE,
    COL_STATE_CODE,
    COL_POSTAL,
    COL_COUNTRY,
    COL_COMPANY,
    COL_JOB,
    COL_STREET,
    COL_COUNT
};

struct fixture {
    struct table table;
    struct column columns[COL_COUNT];
    struct schema schema;
    struct gen_spec spec;
    struct arena arena;
    const struct gen_kind *kinds[COL_COUNT];
    void *states[COL_COUNT];
    int compiled;
};

static const struct gen_kind *
kind_named(const char *name)
{
    for (size_t i = 0; i < gen_semantic_kind_count; i++)
        if (strcmp(gen_semantic_kinds[i]->name, name) == 0)
            return gen_semantic_kinds[i];
    return NULL;
}

static void
fixture_init(struct fixture *f, const char *const *names, const char *locale)
{
    memset(f, 0, sizeof(*f));
    f->table.name = "customers";
    f->table.columns = f->columns;
    for (size_t i = 0; names[i] != NULL; i++) {
        f->columns[i].name = names[i];
        f->columns[i].type_text = "text";
        f->columns[i].type.base = PG_TEXT;
        f->columns[i].type.length = -1;
        f->columns[i].type.precision = -1;
        f->table.column_count++;
    }
    f->schema.database.locale = locale;
    f->spec.path = "tables.customers.columns[0]";
    f->spec.schema = &f->schema;
    f->spec.table = &f->table;
    f->spec.row_count = ROWS;
    f->spec.key = 7;
    f->spec.table_key = 11;
    f->spec.locale = locale;
    arena_init(&f->arena, 1 << 16);
}

/* Compiles column index as kind (NULL: the column's own name); returns 0
 * or -1 with the first diagnostic in message. */
static int
compile(struct fixture *f, size_t index, const char *kind, char *message,
        size_t size)
{
    struct diag_list diags;
    diag_list_init(&diags);
    f->spec.column = &f->columns[index];
    f->spec.type = &f->columns[index].type;
    f->kinds[index] = kind_named(kind ? kind : f->columns[index].name);
    int rc = -1;
    if (f->kinds[index] != NULL)
        rc = f->kinds[index]->compile(&f->spec, &f->states[index], &diags);
    if (rc == 0 && diags.error_count > 0)
        rc = -1;
    if (message != NULL && size > 0) {
        message[0] = '\0';
        if (diags.count > 0)
            snprintf(message, size, "%s: %s%s%s", diags.items[0].path,
                     diags.items[0].message, diags.items[0].hint ? " | " : "",
                     diags.items[0].hint ? diags.items[0].hint : "");
    }
    diag_list_release(&diags);
    if (rc == 0)
        f->compiled |= 1 << index;
    return rc;
}

static void
fixture_release(struct fixture *f)
{
    for (size_t i = 0; i < COL_COUNT; i++)
        if ((f->compiled & (1 << i)) && f->kinds[i]->free != NULL)
            f->kinds[i]->free(f->states[i]);
    arena_release(&f->arena);
}

/* The value of column index in row as a NUL-terminated string. */
static const char *
value_at(struct fixture *f, size_t index, uint64_t row, char *buffer,
         size_t size)
{
    struct gen_ctx ctx;
    ctx.rng = rng_cell(SEED, 1, index, row);
    ctx.row = row;
    ctx.row_key = rng_combine(SEED, row);
    ctx.arena = &f->arena;
    struct value v = value_null();
    f->kinds[index]->generate(f->states[index], &ctx, &v);
    if (v.kind != VALUE_TEXT || v.as.text.len + 1 > size)
        return "(not text)";
    memcpy(buffer, v.as.text.ptr, v.as.text.len);
    buffer[v.as.text.len] = '\0';
    return buffer;
}

/* ---- dictionaries, read the way a reader of the files would ---- */

static const struct embedded_file *
data_file(const char *locale, const char *file)
{
    char path[128];
    snprintf(path, sizeof(path), "data/%s/%s", locale, file);
    return embedded_find(path);
}

/* Field index of a '|'-separated line into out. */
static void
field(const char *line, int index, char *out, size_t size)
{
    for (int i = 0; i < index && line != NULL; i++) {
        line = strchr(line, '|');
        if (line != NULL)
            line++;
    }
    if (line == NULL) {
        out[0] = '\0';
        return;
    }
    size_t n = strcspn(line, "|");
    if (n >= size)
        n = size - 1;
    memcpy(out, line, n);
    out[n] = '\0';
}

/* The line of file whose first field is key, or NULL. */
static const char *
find_line(const char *locale, const char *file, const char *key)
{
    const struct embedded_file *f = data_file(locale, file);
    if (f == NULL)
        return NULL;
    size_t n = strlen(key);
    for (size_t i = 0; i < f->line_count; i++)
        if (strncmp(f->lines[i], key, n) == 0 &&
            (f->lines[i][n] == '|' || f->lines[i][n] == '\0'))
            return f->lines[i];
    return NULL;
}

/* The line of states.txt with this code (second field). */
static const char *
find_state(const char *locale, const char *code)
{
    const struct embedded_file *f = data_file(locale, "states.txt");
    char got[32];
    for (size_t i = 0; f != NULL && i < f->line_count; i++) {
        field(f->lines[i], 1, got, sizeof(got));
        if (strcmp(got, code) == 0)
            return f->lines[i];
    }
    return NULL;
}

/* Whether text begins with one of the prefixes of list ("100-102,SW1A")
 * and has exactly rest more bytes. */
static int
prefix_in(const char *list, const char *text, size_t rest)
{
    char copy[4096];
    snprintf(copy, sizeof(copy), "%s", list);
    char *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t != NULL;
         t = strtok_r(NULL, ",", &save)) {
        char *dash = strchr(t, '-');
        if (dash == NULL) {
            size_t n = strlen(t);
            if (strncmp(text, t, n) == 0 && strlen(text) == n + rest)
                return 1;
            continue;
        }
        size_t width = (size_t)(dash - t);
        if (strlen(text) != width + rest)
            continue;
        char head[16];
        memcpy(head, text, width);
        head[width] = '\0';
        long value = strtol(head, NULL, 10);
        if (strspn(head, "0123456789") == width &&
            value >= strtol(t, NULL, 10) && value <= strtol(dash + 1, NULL, 10))
            return 1;
    }
    return 0;
}

static int
valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        size_t extra = *p < 0x80                  ? 0
                       : *p >= 0xC2 && *p <= 0xDF ? 1
                       : *p >= 0xE0 && *p <= 0xEF ? 2
                       : *p >= 0xF0 && *p <= 0xF4 ? 3
                                                  : 9;
        if (extra == 9)
            return 0;
        for (size_t k = 1; k <= extra; k++)
            if ((p[k] & 0xC0) != 0x80)
                return 0;
        p += extra + 1;
    }
    return 1;
}

static int
matches(const char *pattern, const char *text)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        return -1;
    int ok = regexec(&re, text, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

/* Lower-case ASCII as mail addresses spell a name, written independently
 * of the generator: the Latin letters of the locales' lists, German
 * umlauts as two letters when umlauts is set. */
static void
ascii_fold(const char *name, int umlauts, char *out, size_t size)
{
    static const struct {
        const char *utf8, *plain, *german;
    } letters[] = {
        {"ä", "a", "ae"}, {"ö", "o", "oe"}, {"ü", "u", "ue"},  {"Ä", "a", "ae"},
        {"Ö", "o", "oe"}, {"Ü", "u", "ue"}, {"ß", "ss", "ss"}, {"é", "e", "e"},
        {"è", "e", "e"},  {"ê", "e", "e"},  {"ë", "e", "e"},   {"É", "e", "e"},
        {"à", "a", "a"},  {"â", "a", "a"},  {"á", "a", "a"},   {"ã", "a", "a"},
        {"ç", "c", "c"},  {"Ç", "c", "c"},  {"î", "i", "i"},   {"ï", "i", "i"},
        {"í", "i", "i"},  {"ô", "o", "o"},  {"ó", "o", "o"},   {"õ", "o", "o"},
        {"û", "u", "u"},  {"ù", "u", "u"},  {"ú", "u", "u"},   {"ñ", "n", "n"},
        {"Á", "a", "a"},  {"Í", "i", "i"},  {"Ó", "o", "o"},   {"Ú", "u", "u"},
        {"Â", "a", "a"},  {"Ô", "o", "o"},  {"Ê", "e", "e"},   {"È", "e", "e"},
        {"ı", "i", "i"},  {"ş", "s", "s"},  {"Ş", "s", "s"},   {"ğ", "g", "g"},
    };
    size_t n = 0;
    while (*name != '\0' && n + 3 < size) {
        unsigned char c = (unsigned char)*name;
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
                out[n++] = (char)(c | 0x20);
            name++;
            continue;
        }
        size_t i = 0, count = sizeof(letters) / sizeof(letters[0]);
        for (; i < count; i++) {
            size_t len = strlen(letters[i].utf8);
            if (strncmp(name, letters[i].utf8, len) == 0) {
                const char *s = umlauts ? letters[i].german : letters[i].plain;
                while (*s != '\0')
                    out[n++] = *s++;
                name += len;
                break;
            }
        }
        if (i == count) { /* not a letter the lists use: skip it */
            name++;
            while (((unsigned char)*name & 0xC0) == 0x80)
                name++;
        }
    }
    out[n] = '\0';
}

/* The romanised spelling of name in a "name|ascii" list, or name folded. */
static void
mail_spelling(const char *locale, const char *file, const char *name,
              int umlauts, char *out, size_t size)
{
    const char *line = find_line(locale, file, name);
    if (line != NULL && strchr(line, '|') != NULL) {
        field(line, 1, out, size);
        return;
    }
    ascii_fold(name, umlauts, out, size);
}

/* ---- tests ---- */

/* Every list is valid UTF-8 with distinct entries; every city lies in a
 * region and its postal prefixes in that region's; no two regions share a
 * prefix (unique postal codes rely on it); area codes are digits. */
static void
test_dictionaries(void)
{
    static const char *const lists[] = {
        "first_names_female.txt",
        "first_names_male.txt",
        "last_names.txt",
        "street_names.txt",
        "street_suffixes.txt",
        "address_units.txt",
        "company_words.txt",
        "company_activities.txt",
        "company_suffixes.txt",
        "job_titles.txt",
        "cities.txt",
        "states.txt",
        "locale.txt",
        NULL,
    };
    size_t missing = 0;
    for (size_t c = 0; c < CASE_COUNT; c++) {
        const char *locale = cases[c].name;
        if (data_file(locale, "locale.txt") == NULL) {
            printf("missing data/%s\n", locale);
            missing++;
            continue;
        }
        for (size_t i = 0; lists[i] != NULL; i++) {
            const struct embedded_file *f = data_file(locale, lists[i]);
            if (f == NULL)
                printf("missing data/%s/%s\n", locale, lists[i]);
            CHECK(f != NULL && f->line_count > 0);
            CHECK(valid_utf8(f->data));
            for (size_t a = 0; a < f->line_count; a++) {
                char key[256], other[256];
                field(f->lines[a], 0, key, sizeof(key));
                CHECK(key[0] != '\0' && key[0] != ' ' &&
                      key[strlen(key) - 1] != ' ');
                for (size_t b = a + 1; b < f->line_count; b++) {
                    field(f->lines[b], 0, other, sizeof(other));
                    if (strcmp(key, other) == 0)
                        printf("%s/%s: \"%s\" twice\n", locale, lists[i], key);
                    CHECK(strcmp(key, other) != 0);
                }
            }
        }
        const struct embedded_file *names = data_file(locale, "last_names.txt");
        const struct embedded_file *words =
            data_file(locale, "company_words.txt");
        for (size_t w = 0; w < words->line_count; w++) {
            char word[128];
            field(words->lines[w], 0, word, sizeof(word));
            for (size_t n = 0; n < names->line_count; n++) {
                char name[128];
                field(names->lines[n], 0, name, sizeof(name));
                if (strcmp(word, name) == 0)
                    printf("%s: company word \"%s\" is a family name\n", locale,
                           word);
                CHECK(strcmp(word, name) != 0);
            }
        }
        const struct embedded_file *cities = data_file(locale, "cities.txt");
        CHECK(cities->line_count >= 50);
        for (size_t i = 0; i < cities->line_count; i++) {
            char name[128], code[16], prefixes[1024], area[16];
            char state_prefixes[4096];
            field(cities->lines[i], 0, name, sizeof(name));
            field(cities->lines[i], 1, code, sizeof(code));
            field(cities->lines[i], 2, prefixes, sizeof(prefixes));
            field(cities->lines[i], 3, area, sizeof(area));
            const char *state = find_state(locale, code);
            if (state == NULL)
                printf("%s: city %s: no region %s\n", locale, name, code);
            CHECK(state != NULL);
            field(state, 2, state_prefixes, sizeof(state_prefixes));
            char *save = NULL;
            for (char *t = strtok_r(prefixes, ",", &save); t != NULL;
                 t = strtok_r(NULL, ",", &save)) {
                char *dash = strchr(t, '-');
                if (dash != NULL)
                    *dash = '\0'; /* a range: its ends */
                int in =
                    prefix_in(state_prefixes, t, 0) &&
                    (dash == NULL || prefix_in(state_prefixes, dash + 1, 0));
                if (!in)
                    printf("%s: city %s: prefix %s not in %s\n", locale, name,
                           t, code);
                CHECK(in);
            }
            CHECK(area[0] != '\0' &&
                  strspn(area, "0123456789") == strlen(area));
        }
        /* regions' prefixes are disjoint */
        const struct embedded_file *states = data_file(locale, "states.txt");
        for (size_t a = 0; a < states->line_count; a++) {
            char list[4096];
            field(states->lines[a], 2, list, sizeof(list));
            char *save = NULL;
            for (char *t = strtok_r(list, ",", &save); t != NULL;
                 t = strtok_r(NULL, ",", &save)) {
                char *dash = strchr(t, '-');
                if (dash != NULL)
                    *dash = '\0';
                for (size_t b = 0; b < states->line_count; b++) {
                    char other[4096];
                    if (b == a)
                        continue;
                    field(states->lines[b], 2, other, sizeof(other));
                    int clash = prefix_in(other, t, 0) ||
                                (dash != NULL && prefix_in(other, dash + 1, 0));
                    if (clash)
                        printf("%s: prefix %s in two regions\n", locale, t);
                    CHECK(!clash);
                }
            }
        }
    }
    CHECK_INT_EQ(missing, 0);
}

/* ROWS rows of a customers table per locale: names from the locale's own
 * lists, full names in the locale's order, mail addresses and user names
 * in ASCII spelled from the names, telephone numbers with the city's area
 * code, the city in the region, the postal code with a prefix of the city
 * and the locale's shape, the locale's country, valid UTF-8 throughout. */
static void
test_rows(void)
{
    for (size_t c = 0; c < CASE_COUNT; c++) {
        const struct locale_case *lc = &cases[c];
        if (data_file(lc->name, "locale.txt") == NULL)
            continue; /* test_dictionaries says so */
        struct fixture f;
        fixture_init(&f, person_columns, lc->name);
        char message[512];
        for (size_t i = 0; i < COL_COUNT; i++) {
            const char *kind = i == COL_STATE_CODE ? "state_abbr" : NULL;
            if (compile(&f, i, kind, message, sizeof(message)) != 0)
                printf("%s: %s\n", lc->name, message);
            CHECK(f.compiled & (1 << i));
        }
        int umlauts = strcmp(lc->name, "de_DE") == 0;
        size_t units = 0, abbreviated = 0;
        for (uint64_t row = 0; row < ROWS; row++) {
            char v[COL_COUNT][512];
            for (size_t i = 0; i < COL_COUNT; i++) {
                value_at(&f, i, row, v[i], sizeof(v[i]));
                if (!valid_utf8(v[i]))
                    printf("%s: invalid UTF-8 \"%s\"\n", lc->name, v[i]);
                CHECK(valid_utf8(v[i]));
                CHECK(v[i][0] != '\0');
            }
            /* names */
            const char *female =
                find_line(lc->name, "first_names_female.txt", v[COL_FIRST]);
            const char *first_file = female != NULL ? "first_names_female.txt"
                                                    : "first_names_male.txt";
            CHECK(find_line(lc->name, first_file, v[COL_FIRST]) != NULL);
            CHECK(find_line(lc->name, "last_names.txt", v[COL_LAST]) != NULL);
            char full[1100];
            snprintf(full, sizeof(full), "%s %s",
                     lc->family_first ? v[COL_LAST] : v[COL_FIRST],
                     lc->family_first ? v[COL_FIRST] : v[COL_LAST]);
            CHECK_STR_EQ(v[COL_FULL], full);
            /* mail and login: ASCII, from the names */
            char first_ascii[128], last_ascii[128], local[256];
            mail_spelling(lc->name, first_file, v[COL_FIRST], umlauts,
                          first_ascii, sizeof(first_ascii));
            mail_spelling(lc->name, "last_names.txt", v[COL_LAST], umlauts,
                          last_ascii, sizeof(last_ascii));
            CHECK(matches("^[a-z][a-z0-9._]*@example\\.(com|net|org)$",
                          v[COL_EMAIL]) == 1);
            CHECK(matches("^[a-z][a-z0-9._]*$", v[COL_USER]) == 1);
            snprintf(local, sizeof(local), "%.*s",
                     (int)strcspn(v[COL_EMAIL], "@"), v[COL_EMAIL]);
            if (strstr(local, first_ascii) == NULL ||
                strstr(local, last_ascii) == NULL)
                printf("%s: %s %s -> %s\n", lc->name, v[COL_FIRST], v[COL_LAST],
                       v[COL_EMAIL]);
            CHECK(strstr(local, first_ascii) != NULL);
            CHECK(strstr(local, last_ascii) != NULL);
            /* place */
            const char *city = find_line(lc->name, "cities.txt", v[COL_CITY]);
            CHECK(city != NULL);
            char code[16], prefixes[1024], area[16], region[128];
            field(city, 1, code, sizeof(code));
            field(city, 2, prefixes, sizeof(prefixes));
            field(city, 3, area, sizeof(area));
            const char *state = find_state(lc->name, code);
            CHECK(state != NULL);
            field(state, 0, region, sizeof(region));
            CHECK_STR_EQ(v[COL_STATE], region);
            CHECK_STR_EQ(v[COL_STATE_CODE], code);
            CHECK_STR_EQ(v[COL_COUNTRY], lc->country);
            if (matches(lc->postal, v[COL_POSTAL]) != 1)
                printf("%s: postal code \"%s\"\n", lc->name, v[COL_POSTAL]);
            CHECK(matches(lc->postal, v[COL_POSTAL]) == 1);
            /* the pattern after the prefix: "##" -> 2 bytes, " #LL" -> 4 */
            const char *locale_txt = data_file(lc->name, "locale.txt")->data;
            const char *pattern = strstr(locale_txt, "\npostal=");
            size_t rest = pattern != NULL ? strcspn(pattern + 8, "\n") - 1 : 2;
            if (!prefix_in(prefixes, v[COL_POSTAL], rest))
                printf("%s: %s in %s\n", lc->name, v[COL_POSTAL], v[COL_CITY]);
            CHECK(prefix_in(prefixes, v[COL_POSTAL], rest));
            /* telephone */
            if (matches(lc->phone, v[COL_PHONE]) != 1)
                printf("%s: phone \"%s\"\n", lc->name, v[COL_PHONE]);
            CHECK(matches(lc->phone, v[COL_PHONE]) == 1);
            char digits[32];
            size_t n = 0;
            for (const char *p = v[COL_PHONE]; *p != '\0' && n < 31; p++)
                if (*p >= '0' && *p <= '9')
                    digits[n++] = *p;
            digits[n] = '\0';
            CHECK_INT_EQ(n, lc->phone_digits);
            if (strncmp(digits + lc->trunk, area, strlen(area)) != 0)
                printf("%s: %s in %s (%s)\n", lc->name, v[COL_PHONE],
                       v[COL_CITY], area);
            CHECK(strncmp(digits + lc->trunk, area, strlen(area)) == 0);
            /* street */
            if (matches(lc->street, v[COL_STREET]) != 1)
                printf("%s: street \"%s\"\n", lc->name, v[COL_STREET]);
            CHECK(matches(lc->street, v[COL_STREET]) == 1);
            units += strchr(v[COL_STREET], ',') != NULL ||
                     strstr(v[COL_STREET], "号室") != NULL;
            abbreviated += strchr(v[COL_STREET], '.') != NULL ||
                           strchr(v[COL_STREET], '/') != NULL;
            /* company and job title from the locale's lists */
            CHECK(find_line(lc->name, "job_titles.txt", v[COL_JOB]) != NULL);
        }
        (void)units;
        (void)abbreviated;
        fixture_release(&f);
    }
}

/* Each locale's names are its own: over the rows, most first names of the
 * locale's lists appear, and none of another locale's only. */
static void
test_names_are_the_locales(void)
{
    for (size_t c = 0; c < CASE_COUNT; c++) {
        static const char *const columns[] = {"last_name", NULL};
        if (data_file(cases[c].name, "locale.txt") == NULL)
            continue;
        struct fixture f;
        fixture_init(&f, columns, cases[c].name);
        CHECK_INT_EQ(compile(&f, 0, NULL, NULL, 0), 0);
        const struct embedded_file *list =
            data_file(cases[c].name, "last_names.txt");
        size_t seen = 0;
        char *hit = calloc(list->line_count, 1);
        for (uint64_t row = 0; row < 20000; row++) {
            char v[256];
            value_at(&f, 0, row, v, sizeof(v));
            for (size_t i = 0; i < list->line_count; i++) {
                char name[256];
                field(list->lines[i], 0, name, sizeof(name));
                if (strcmp(name, v) == 0 && !hit[i]) {
                    hit[i] = 1;
                    seen++;
                }
            }
        }
        free(hit);
        /* the skew favours early lines, yet most are drawn */
        if (seen * 10 < list->line_count * 9)
            printf("%s: %zu of %zu last names\n", cases[c].name, seen,
                   list->line_count);
        CHECK(seen * 10 >= list->line_count * 9);
        fixture_release(&f);
    }
}

static int
compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Unique columns stay unique in every locale. */
static void
test_unique(void)
{
    static const char *const columns[] = {
        "postal_code", "phone", "street_address", "full_name", "email", NULL};
    for (size_t c = 0; c < CASE_COUNT; c++) {
        if (data_file(cases[c].name, "locale.txt") == NULL)
            continue;
        struct fixture f;
        fixture_init(&f, columns, cases[c].name);
        f.spec.unique = true;
        f.spec.row_count = 20000;
        char message[512];
        for (size_t i = 0; columns[i] != NULL; i++) {
            if (compile(&f, i, NULL, message, sizeof(message)) != 0)
                printf("%s: %s\n", cases[c].name, message);
            CHECK(f.compiled & (1 << i));
        }
        char **values = calloc(20000, sizeof(*values));
        for (size_t i = 0; columns[i] != NULL; i++) {
            for (uint64_t row = 0; row < 20000; row++) {
                char v[256];
                values[row] = strdup(value_at(&f, i, row, v, sizeof(v)));
            }
            qsort(values, 20000, sizeof(*values), compare_strings);
            size_t twice = 0;
            for (size_t row = 1; row < 20000; row++)
                if (strcmp(values[row - 1], values[row]) == 0 && twice++ == 0)
                    printf("%s: %s \"%s\" twice\n", cases[c].name, columns[i],
                           values[row]);
            for (size_t row = 0; row < 20000; row++)
                free(values[row]);
            CHECK_INT_EQ(twice, 0);
        }
        free(values);
        fixture_release(&f);
    }
}

/* The same row gives the same values in a second compilation; the locale
 * suffixes ".utf8" and "@euro" change nothing. */
static void
test_deterministic(void)
{
    static const char *const variants[] = {".utf8", ".UTF-8", "@euro"};
    for (size_t c = 0; c < CASE_COUNT; c++) {
        if (data_file(cases[c].name, "locale.txt") == NULL)
            continue;
        for (size_t k = 0; k < 3; k++) {
            char other[32];
            snprintf(other, sizeof(other), "%s%s", cases[c].name, variants[k]);
            struct fixture a, b;
            fixture_init(&a, person_columns, cases[c].name);
            fixture_init(&b, person_columns, other);
            for (size_t i = 0; i < COL_COUNT; i++) {
                const char *kind = i == COL_STATE_CODE ? "state_abbr" : NULL;
                CHECK_INT_EQ(compile(&a, i, kind, NULL, 0), 0);
                CHECK_INT_EQ(compile(&b, i, kind, NULL, 0), 0);
            }
            for (uint64_t row = 0; row < 200; row++)
                for (size_t i = 0; i < COL_COUNT; i++) {
                    char x[512], y[512];
                    CHECK_STR_EQ(value_at(&a, i, row, x, sizeof(x)),
                                 value_at(&b, i, row, y, sizeof(y)));
                }
            fixture_release(&a);
            fixture_release(&b);
        }
    }
}

/* German addresses spell umlauts as two letters; Japanese ones use the
 * romanised names of the lists. */
static void
test_mail_spelling(void)
{
    static const char *const columns[] = {"last_name", "email", "first_name",
                                          NULL};
    struct fixture f;
    fixture_init(&f, columns, "de_DE");
    for (size_t i = 0; i < 3; i++)
        CHECK_INT_EQ(compile(&f, i, NULL, NULL, 0), 0);
    size_t umlauts = 0;
    for (uint64_t row = 0; row < 5000; row++) {
        char last[128], email[256];
        value_at(&f, 0, row, last, sizeof(last));
        value_at(&f, 1, row, email, sizeof(email));
        if (strcmp(last, "Müller") == 0) {
            CHECK(strstr(email, "mueller") != NULL);
            umlauts++;
        }
    }
    CHECK(umlauts > 10);
    fixture_release(&f);

    fixture_init(&f, columns, "ja_JP");
    for (size_t i = 0; i < 3; i++)
        CHECK_INT_EQ(compile(&f, i, NULL, NULL, 0), 0);
    size_t found = 0;
    for (uint64_t row = 0; row < 5000; row++) {
        char last[128], email[256];
        value_at(&f, 0, row, last, sizeof(last));
        value_at(&f, 1, row, email, sizeof(email));
        if (strcmp(last, "佐藤") == 0) {
            CHECK(strstr(email, "sato") != NULL);
            found++;
        }
    }
    CHECK(found > 10);
    fixture_release(&f);
}

/* A Japanese address without city and prefecture columns begins with
 * them: 東京都千代田区丸の内1-2-3. */
static void
test_japanese_full_address(void)
{
    static const char *const columns[] = {"address", "name", NULL};
    struct fixture f;
    fixture_init(&f, columns, "ja_JP");
    CHECK_INT_EQ(compile(&f, 0, "street_address", NULL, 0), 0);
    static const char *const with_city[] = {"address", "city", NULL};
    struct fixture g;
    fixture_init(&g, with_city, "ja_JP");
    CHECK_INT_EQ(compile(&g, 0, "street_address", NULL, 0), 0);
    CHECK_INT_EQ(compile(&g, 1, NULL, NULL, 0), 0);
    for (uint64_t row = 0; row < 500; row++) {
        char full[512], part[512], city[128];
        value_at(&f, 0, row, full, sizeof(full));
        value_at(&g, 0, row, part, sizeof(part));
        value_at(&g, 1, row, city, sizeof(city));
        const char *line = find_line("ja_JP", "cities.txt", city);
        CHECK(line != NULL);
        char code[16], region[128], expect[1200];
        field(line, 1, code, sizeof(code));
        field(find_state("ja_JP", code), 0, region, sizeof(region));
        snprintf(expect, sizeof(expect), "%s%s%s", region, city, part);
        CHECK_STR_EQ(full, expect);
        CHECK(matches("^[^0-9]+[1-9](丁目|-)[0-9]", part) == 1);
    }
    fixture_release(&f);
    fixture_release(&g);
}

/* An unsupported locale fails with the place it came from and the
 * supported ones; it is reported once however many columns fail. */
static void
test_unknown_locale(void)
{
    static const char *const columns[] = {"email", "city", NULL};
    struct fixture f;
    fixture_init(&f, columns, "fr_CA");
    struct diag_list diags;
    diag_list_init(&diags);
    for (size_t i = 0; i < 2; i++) {
        f.spec.column = &f.columns[i];
        f.spec.type = &f.columns[i].type;
        void *state = NULL;
        const struct gen_kind *kind = kind_named(f.columns[i].name);
        CHECK(kind->compile(&f.spec, &state, &diags) != 0);
    }
    CHECK_INT_EQ(diags.error_count, 1);
    CHECK_STR_EQ(diags.items[0].path, "database.locale");
    CHECK_STR_EQ(diags.items[0].message, "unknown locale \"fr_CA\"");
    CHECK_CONTAINS(diags.items[0].hint, "did you mean \"fr_FR\"?");
    diag_list_release(&diags);
    fixture_release(&f);

    /* from --locale: the schema says something else */
    fixture_init(&f, columns, "xx_XX");
    f.schema.database.locale = "de_DE.utf8";
    char message[512];
    CHECK(compile(&f, 0, NULL, message, sizeof(message)) != 0);
    CHECK_CONTAINS(message, "--locale: unknown locale \"xx_XX\"");
    CHECK_CONTAINS(message, "supported: en_US en_GB de_DE fr_FR es_ES "
                            "pt_BR ja_JP");
    fixture_release(&f);
}

/* zip+4 is American. */
static void
test_zip4_only_in_en_us(void)
{
    static const char *const columns[] = {"zip", NULL};
    struct fixture f;
    fixture_init(&f, columns, "de_DE");
    json_t *config = json_pack("{s:s}", "format", "zip+4");
    f.spec.config = config;
    char message[512];
    CHECK(compile(&f, 0, "postal_code", message, sizeof(message)) != 0);
    CHECK_CONTAINS(message, "format \"zip+4\" exists only in locale "
                            "\"en_US\"");
    json_decref(config);
    fixture_release(&f);
}

/* A telephone "format" needs as many '#' as the locale's numbers have
 * digits, and short columns get the compact form. */
static void
test_phone_formats(void)
{
    static const char *const columns[] = {"phone", NULL};
    struct fixture f;
    fixture_init(&f, columns, "fr_FR");
    json_t *config = json_pack("{s:s}", "format", "+33 # ## ## ## ##");
    f.spec.config = config;
    CHECK_INT_EQ(compile(&f, 0, NULL, NULL, 0), 0);
    char v[64];
    CHECK(matches("^\\+33 [1-5]( [0-9]{2}){4}$",
                  value_at(&f, 0, 1, v, sizeof(v))) == 1);
    fixture_release(&f);
    json_decref(config);

    fixture_init(&f, columns, "fr_FR");
    config = json_pack("{s:s}", "format", "##########");
    f.spec.config = config;
    char message[512];
    CHECK(compile(&f, 0, NULL, message, sizeof(message)) != 0);
    CHECK_CONTAINS(message, "nine '#'");
    fixture_release(&f);
    json_decref(config);

    /* varchar(11) for British numbers: 02079460958 */
    fixture_init(&f, columns, "en_GB");
    f.columns[0].type.base = PG_VARCHAR;
    f.columns[0].type.length = 11;
    CHECK_INT_EQ(compile(&f, 0, NULL, NULL, 0), 0);
    for (uint64_t row = 0; row < 200; row++)
        CHECK(matches("^0[0-9]{10}$", value_at(&f, 0, row, v, sizeof(v))) == 1);
    fixture_release(&f);
}

int
main(void)
{
    RUN(test_dictionaries);
    RUN(test_rows);
    RUN(test_names_are_the_locales);
    RUN(test_unique);
    RUN(test_deterministic);
    RUN(test_mail_spelling);
    RUN(test_japanese_full_address);
    RUN(test_unknown_locale);
    RUN(test_zip4_only_in_en_us);
    RUN(test_phone_formats);
    return HARNESS_DONE();
}
