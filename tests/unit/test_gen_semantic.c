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

/* The first rows of a users table for SEED: a change here changes every
 * dump, so it must be deliberate. */
#define EXPECT_ROW0                                                            \
    "Patricia|Clark|clarkpatricia92@example.net|Pensacola|FL|32531|"           \
    "(850) 417-3720|"
#define EXPECT_ROW1                                                            \
    "Adrian|Schmidt|adrian.schmidt80@example.net|Fargo|ND|58192|"              \
    "(701) 527-4240|"
#define EXPECT_ROW2                                                            \
    "Mark|Cole|mark.cole@example.net|Shreveport|LA|71197|(318) 686-0588|"

/* ---- fixtures ---- */

struct fixture {
    struct table table;
    struct column columns[16];
    struct gen_spec spec;
    struct arena arena;
};

static struct pg_type
type_of(enum pg_base base, int32_t length)
{
    struct pg_type t = {.base = base, .length = length, .precision = -1};
    return t;
}

static const struct gen_kind *
kind_named(const char *name)
{
    for (size_t i = 0; i < gen_semantic_kind_count; i++)
        if (strcmp(gen_semantic_kinds[i]->name, name) == 0)
            return gen_semantic_kinds[i];
    return NULL;
}

/* A table named table_name with one column per name, all of type. */
static void
fixture_init(struct fixture *f, const char *table_name,
             const char *const *column_names, struct pg_type type)
{
    memset(f, 0, sizeof(*f));
    f->table.name = table_name;
    f->table.columns = f->columns;
    for (size_t i = 0; column_names[i] != NULL; i++) {
        f->columns[i].name = column_names[i];
        f->columns[i].type_text = "test type";
        f->columns[i].type = type;
        f->table.column_count++;
    }
    f->spec.path = "tables.t.columns[0]";
    f->spec.table = &f->table;
    f->spec.column = &f->columns[0];
    f->spec.type = &f->columns[0].type;
    f->spec.row_count = 1000;
    f->spec.key = 7;
    f->spec.locale = "en_US.utf8";
    arena_init(&f->arena, 1 << 16);
}

static void
fixture_release(struct fixture *f)
{
    arena_release(&f->arena);
}

/* Compiles kind for column index of the fixture; NULL when it fails (the
 * first message lands in message when given). */
struct compiled {
    const struct gen_kind *kind;
    void *state;
};

static void
compiled_release(struct compiled *c)
{
    if (c->kind != NULL && c->kind->free != NULL)
        c->kind->free(c->state);
    c->state = NULL;
}

static int
compile_column(struct fixture *f, size_t index, const char *kind_name,
               struct compiled *out, char *message, size_t size)
{
    struct diag_list diags;
    diag_list_init(&diags);
    f->spec.column = &f->columns[index];
    f->spec.type = &f->columns[index].type;
    out->kind = kind_named(kind_name);
    out->state = NULL;
    /* as the planner does: unknown keys first, then the kind's own checks */
    int rc = -1;
    if (out->kind != NULL) {
        gen_check_config(out->kind, &f->spec, &diags);
        rc = out->kind->compile(&f->spec, &out->state, &diags);
    }
    if (message != NULL && size > 0) {
        message[0] = '\0';
        if (diags.count > 0)
            snprintf(message, size, "%s: %s%s%s", diags.items[0].path,
                     diags.items[0].message, diags.items[0].hint ? " | " : "",
                     diags.items[0].hint ? diags.items[0].hint : "");
    }
    if (rc == 0 && diags.error_count > 0) {
        compiled_release(out);
        rc = -1;
    }
    diag_list_release(&diags);
    return rc;
}

static uint64_t
row_key_of(uint64_t row)
{
    return rng_combine(SEED, row);
}

static struct value
generate(struct fixture *f, const struct compiled *c, uint64_t row)
{
    struct gen_ctx ctx;
    ctx.rng = rng_cell(SEED, 1, 2, row);
    ctx.row = row;
    ctx.row_key = row_key_of(row);
    ctx.arena = &f->arena;
    struct value v = value_null();
    c->kind->generate(c->state, &ctx, &v);
    return v;
}

/* The value as a NUL-terminated string in buffer. */
static const char *
text(struct value v, char *buffer, size_t size)
{
    if (v.kind != VALUE_TEXT || v.as.text.len + 1 > size)
        return "(not text)";
    memcpy(buffer, v.as.text.ptr, v.as.text.len);
    buffer[v.as.text.len] = '\0';
    return buffer;
}

static size_t
utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static int
valid_utf8(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t extra = c < 0x80                 ? 0
                       : c >= 0xC2 && c <= 0xDF ? 1
                       : c >= 0xE0 && c <= 0xEF ? 2
                       : c >= 0xF0 && c <= 0xF4 ? 3
                                                : 99;
        if (c == 0 || extra == 99 || i + extra >= len + (extra == 0 ? 1 : 0))
            return 0;
        for (size_t k = 1; k <= extra; k++)
            if (((unsigned char)s[i + k] & 0xC0) != 0x80)
                return 0;
        i += extra + 1;
    }
    return 1;
}

/* Lower-case ASCII spelling of a dictionary name, as mail addresses use:
 * the few accented letters the en_US lists hold, letters kept, the rest
 * dropped. */
static void
fold(const char *name, char *out)
{
    static const struct {
        const char *utf8;
        char ascii;
    } accents[] = {{"\xc3\xa9", 'e'}, {"\xc3\xab", 'e'}, {"\xc3\xba", 'u'},
                   {"\xc3\xb1", 'n'}, {"\xc3\xb4", 'o'}, {"\xc3\xbc", 'u'}};
    size_t n = 0;
    while (*name != '\0') {
        int matched = 0;
        for (size_t i = 0; i < sizeof(accents) / sizeof(accents[0]); i++) {
            if (strncmp(name, accents[i].utf8, 2) == 0) {
                out[n++] = accents[i].ascii;
                name += 2;
                matched = 1;
                break;
            }
        }
        if (matched)
            continue;
        char c = *name++;
        if (c >= 'A' && c <= 'Z')
            out[n++] = (char)(c - 'A' + 'a');
        else if (c >= 'a' && c <= 'z')
            out[n++] = c;
    }
    out[n] = '\0';
}

/* Field field (from 0) of the '|'-separated line of file whose first field
 * is key; NULL when absent. */
static const char *
lookup(const char *file, const char *key, int field, char *out, size_t size)
{
    const struct embedded_file *f = embedded_find(file);
    if (f == NULL)
        return NULL;
    size_t key_len = strlen(key);
    for (size_t i = 0; i < f->line_count; i++) {
        const char *line = f->lines[i];
        if (strncmp(line, key, key_len) != 0 || line[key_len] != '|')
            continue;
        const char *p = line;
        for (int k = 0; k < field && p != NULL; k++) {
            p = strchr(p, '|');
            if (p != NULL)
                p++;
        }
        if (p == NULL)
            return NULL;
        size_t n = strcspn(p, "|");
        if (n + 1 > size)
            return NULL;
        memcpy(out, p, n);
        out[n] = '\0';
        return out;
    }
    return NULL;
}

/* Whether the three-digit ZIP prefix lies in the state's ranges. */
static int
prefix_in_state(const char *state_code, unsigned prefix)
{
    const struct embedded_file *f = embedded_find("data/en_US/states.txt");
    for (size_t i = 0; f != NULL && i < f->line_count; i++) {
        const char *bar = strchr(f->lines[i], '|');
        if (bar == NULL || strncmp(bar + 1, state_code, 2) != 0)
            continue;
        const char *ranges = strchr(bar + 1, '|') + 1;
        while (*ranges != '\0') {
            unsigned low = (unsigned)atoi(ranges), high = low;
            ranges += 3;
            if (*ranges == '-') {
                high = (unsigned)atoi(ranges + 1);
                ranges += 4;
            }
            if (prefix >= low && prefix <= high)
                return 1;
            if (*ranges == ',')
                ranges++;
        }
        return 0;
    }
    return 0;
}

/* ---- a small string set for the uniqueness tests ---- */

struct string_set {
    char **slots;
    size_t capacity;
    size_t count;
};

static uint64_t
hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void
set_init(struct string_set *set, size_t capacity)
{
    set->capacity = capacity;
    set->count = 0;
    set->slots = calloc(capacity, sizeof(*set->slots));
}

/* Returns 0 when the string was already there. */
static int
set_add(struct string_set *set, const char *s, size_t len)
{
    size_t at = hash_bytes(s, len) % set->capacity;
    while (set->slots[at] != NULL) {
        if (strlen(set->slots[at]) == len &&
            memcmp(set->slots[at], s, len) == 0)
            return 0;
        at = (at + 1) % set->capacity;
    }
    set->slots[at] = malloc(len + 1);
    memcpy(set->slots[at], s, len);
    set->slots[at][len] = '\0';
    set->count++;
    return 1;
}

static void
set_release(struct string_set *set)
{
    for (size_t i = 0; i < set->capacity; i++)
        free(set->slots[i]);
    free(set->slots);
}

/* ---- tests ---- */

static void
test_every_kind_is_listed(void)
{
    static const char *const names[] = {
        "first_name",     "last_name",    "full_name",   "username",
        "email",          "phone",        "company",     "job_title",
        "street_address", "city",         "state",       "state_abbr",
        "country",        "country_code", "postal_code", "created_at",
        "updated_at",     "followup_at",  "birthdate",   NULL,
    };
    size_t count = 0;
    for (; names[count] != NULL; count++) {
        const struct gen_kind *kind = kind_named(names[count]);
        CHECK(kind != NULL);
        CHECK(kind->description != NULL && kind->config_keys != NULL);
        CHECK(kind->compile != NULL && kind->generate != NULL);
    }
    CHECK_INT_EQ(gen_semantic_kind_count, count);
}

/* Known values for a fixed seed: the first rows of a users table. */
static void
test_exact_values(void)
{
    static const char *const columns[] = {
        "first_name", "last_name",   "email", "city",
        "state",      "postal_code", "phone", NULL,
    };
    static const char *const kinds[] = {
        "first_name", "last_name",   "email", "city",
        "state_abbr", "postal_code", "phone", NULL,
    };
    struct fixture f;
    fixture_init(&f, "users", columns, type_of(PG_TEXT, -1));
    char line[512], buffer[256];
    char got[3][512];
    for (uint64_t row = 0; row < 3; row++) {
        line[0] = '\0';
        for (size_t c = 0; kinds[c] != NULL; c++) {
            struct compiled k;
            CHECK_INT_EQ(compile_column(&f, c, kinds[c], &k, NULL, 0), 0);
            strcat(line, text(generate(&f, &k, row), buffer, sizeof(buffer)));
            strcat(line, "|");
            compiled_release(&k);
        }
        snprintf(got[row], sizeof(got[row]), "%s", line);
    }
    CHECK_STR_EQ(got[0], EXPECT_ROW0);
    CHECK_STR_EQ(got[1], EXPECT_ROW1);
    CHECK_STR_EQ(got[2], EXPECT_ROW2);
    fixture_release(&f);
}

static void
test_person_and_place_agree(void)
{
    static const char *const columns[] = {
        "first_name", "last_name",   "full_name", "email",   "username", "city",
        "state",      "postal_code", "phone",     "country", NULL,
    };
    struct fixture f;
    fixture_init(&f, "customers", columns, type_of(PG_VARCHAR, 255));
    struct compiled k[10];
    for (size_t c = 0; columns[c] != NULL; c++) {
        const char *kind =
            strcmp(columns[c], "state") == 0 ? "state_abbr" : columns[c];
        CHECK_INT_EQ(compile_column(&f, c, kind, &k[c], NULL, 0), 0);
    }
    int saw_accent = 0, saw_apostrophe = 0;
    for (uint64_t row = 0; row < 20000; row++) {
        char first[64], last[64], full[128], email[128], user[128];
        char city[64], state[8], zip[16], phone[32], country[64];
        text(generate(&f, &k[0], row), first, sizeof(first));
        text(generate(&f, &k[1], row), last, sizeof(last));
        text(generate(&f, &k[2], row), full, sizeof(full));
        text(generate(&f, &k[3], row), email, sizeof(email));
        text(generate(&f, &k[4], row), user, sizeof(user));
        text(generate(&f, &k[5], row), city, sizeof(city));
        text(generate(&f, &k[6], row), state, sizeof(state));
        text(generate(&f, &k[7], row), zip, sizeof(zip));
        text(generate(&f, &k[8], row), phone, sizeof(phone));
        text(generate(&f, &k[9], row), country, sizeof(country));

        char expected_full[128];
        snprintf(expected_full, sizeof(expected_full), "%s %s", first, last);
        CHECK_STR_EQ(full, expected_full);

        char first_ascii[64], last_ascii[64];
        fold(first, first_ascii);
        fold(last, last_ascii);
        saw_accent |=
            strcmp(first, "Jos\xc3\xa9") == 0 && strncmp(email, "jose", 4) == 0;
        saw_apostrophe |= strcmp(last, "O'Brien") == 0;
        char *at = strchr(email, '@');
        CHECK(at != NULL);
        *at = '\0';
        CHECK_CONTAINS(email, first_ascii);
        CHECK_CONTAINS(email, last_ascii);
        for (const char *p = email; *p != '\0'; p++)
            CHECK((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                  *p == '.' || *p == '_');
        CHECK(strcmp(at + 1, "example.com") == 0 ||
              strcmp(at + 1, "example.net") == 0 ||
              strcmp(at + 1, "example.org") == 0);
        /* the login starts with the first name or its initial, or the
         * family name */
        CHECK(user[0] == first_ascii[0] || user[0] == last_ascii[0]);

        char city_state[8], city_area[8];
        CHECK(lookup("data/en_US/cities.txt", city, 1, city_state,
                     sizeof(city_state)) != NULL);
        CHECK_STR_EQ(state, city_state);
        CHECK_INT_EQ(strlen(zip), 5);
        CHECK(prefix_in_state(state, (unsigned)(atoi(zip) / 100)));
        CHECK(lookup("data/en_US/cities.txt", city, 3, city_area,
                     sizeof(city_area)) != NULL);
        CHECK_INT_EQ(strlen(phone), 14);
        CHECK(phone[0] == '(' && strncmp(phone + 1, city_area, 3) == 0);
        CHECK(phone[6] >= '2' && phone[9] == '-');
        /* address columns in the table: the country is where they lie */
        CHECK_STR_EQ(country, "United States");
    }
    CHECK(saw_accent);
    CHECK(saw_apostrophe);
    for (size_t c = 0; columns[c] != NULL; c++)
        compiled_release(&k[c]);
    fixture_release(&f);
}

static void
test_deterministic(void)
{
    static const char *const kinds[] = {
        "full_name", "email",          "username", "phone",        "company",
        "job_title", "street_address", "city",     "country_code", NULL,
    };
    static const char *const columns[] = {"c", NULL};
    struct fixture f;
    fixture_init(&f, "things", columns, type_of(PG_TEXT, -1));
    for (size_t i = 0; kinds[i] != NULL; i++) {
        struct compiled a, b;
        CHECK_INT_EQ(compile_column(&f, 0, kinds[i], &a, NULL, 0), 0);
        CHECK_INT_EQ(compile_column(&f, 0, kinds[i], &b, NULL, 0), 0);
        int differs = 0;
        char x[256], y[256], prev[256] = "";
        for (uint64_t row = 0; row < 200; row++) {
            text(generate(&f, &a, row), x, sizeof(x));
            text(generate(&f, &b, row), y, sizeof(y));
            CHECK_STR_EQ(x, y);
            differs |= strcmp(x, prev) != 0 && row > 0;
            snprintf(prev, sizeof(prev), "%s", x);
        }
        CHECK(differs);
        compiled_release(&a);
        compiled_release(&b);
    }
    fixture_release(&f);
}

static void
check_unique(const char *kind, const char *table, struct pg_type type,
             uint64_t rows, int *ok)
{
    static const char *const columns[] = {"c", NULL};
    struct fixture f;
    fixture_init(&f, table, columns, type);
    f.spec.unique = true;
    f.spec.row_count = rows;
    struct compiled k;
    char message[512];
    *ok = 0;
    if (compile_column(&f, 0, kind, &k, message, sizeof(message)) != 0) {
        printf("compile %s: %s\n", kind, message);
        fixture_release(&f);
        return;
    }
    struct string_set set;
    set_init(&set, rows * 2 + 1);
    int duplicates = 0, too_long = 0;
    for (uint64_t row = 0; row < rows; row++) {
        struct value v = generate(&f, &k, row);
        duplicates += !set_add(&set, v.as.text.ptr, v.as.text.len);
        char buffer[512];
        if (type.length >= 0 &&
            utf8_chars(text(v, buffer, sizeof(buffer))) > (size_t)type.length)
            too_long++;
        if ((row & 4095) == 0)
            arena_reset(&f.arena);
    }
    if (duplicates == 0 && too_long == 0)
        *ok = 1;
    else
        printf("%s: %d duplicates, %d too long in %llu rows\n", kind,
               duplicates, too_long, (unsigned long long)rows);
    set_release(&set);
    compiled_release(&k);
    fixture_release(&f);
}

static void
test_unique_handles_over_200000_rows(void)
{
    int ok;
    check_unique("email", "users", type_of(PG_VARCHAR, 255), 200000, &ok);
    CHECK(ok);
    check_unique("username", "users", type_of(PG_VARCHAR, 30), 200000, &ok);
    CHECK(ok);
    check_unique("email", "users", type_of(PG_VARCHAR, 20), 200000, &ok);
    CHECK(ok);
    check_unique("phone", "users", type_of(PG_TEXT, -1), 200000, &ok);
    CHECK(ok);
    check_unique("street_address", "sites", type_of(PG_TEXT, -1), 200000, &ok);
    CHECK(ok);
    check_unique("company", "vendors", type_of(PG_TEXT, -1), 100000, &ok);
    CHECK(ok);
    check_unique("full_name", "people", type_of(PG_TEXT, -1), 100000, &ok);
    CHECK(ok);
    check_unique("postal_code", "zones", type_of(PG_CHAR, 5), 50000, &ok);
    CHECK(ok);
    check_unique("city", "cities", type_of(PG_TEXT, -1), 250, &ok);
    CHECK(ok);
}

static void
test_unique_email_and_username_share_the_number(void)
{
    static const char *const columns[] = {"email", "username", NULL};
    struct fixture f;
    fixture_init(&f, "users", columns, type_of(PG_TEXT, -1));
    f.spec.unique = true;
    f.spec.row_count = 5000;
    struct compiled e, u;
    CHECK_INT_EQ(compile_column(&f, 0, "email", &e, NULL, 0), 0);
    CHECK_INT_EQ(compile_column(&f, 1, "username", &u, NULL, 0), 0);
    for (uint64_t row = 0; row < 5000; row++) {
        char email[128], user[128];
        text(generate(&f, &e, row), email, sizeof(email));
        text(generate(&f, &u, row), user, sizeof(user));
        const char *a = strchr(email, '@');
        const char *digits = a;
        while (digits[-1] >= '0' && digits[-1] <= '9')
            digits--;
        size_t n = (size_t)(a - digits);
        CHECK(n >= 1 && n <= 4);
        CHECK(strlen(user) > n &&
              strncmp(user + strlen(user) - n, digits, n) == 0);
    }
    compiled_release(&e);
    compiled_release(&u);
    fixture_release(&f);
}

static void
test_impossible_uniqueness_fails(void)
{
    static const char *const columns[] = {"c", NULL};
    struct fixture f;
    fixture_init(&f, "t", columns, type_of(PG_TEXT, -1));
    f.spec.unique = true;
    f.spec.row_count = 1000;
    struct compiled k;
    char message[512];
    CHECK(compile_column(&f, 0, "first_name", &k, message, sizeof(message)) !=
          0);
    CHECK_CONTAINS(message, "tables.t.columns[0]: cannot make 1000 unique "
                            "values: there are only 430 first names");
    CHECK(compile_column(&f, 0, "state", &k, message, sizeof(message)) != 0);
    CHECK_CONTAINS(message, "only 51 states");
    CHECK(compile_column(&f, 0, "updated_at", &k, message, sizeof(message)) !=
          0);
    f.spec.row_count = 51;
    CHECK_INT_EQ(compile_column(&f, 0, "state", &k, NULL, 0), 0);
    compiled_release(&k);
    /* a date column has one value a day */
    f.columns[0].type = type_of(PG_DATE, -1);
    f.spec.row_count = 3000;
    CHECK(compile_column(&f, 0, "created_at", &k, message, sizeof(message)) !=
          0);
    CHECK_CONTAINS(message, "cannot make 3000 unique values");
    f.spec.row_count = 1500;
    CHECK_INT_EQ(compile_column(&f, 0, "created_at", &k, NULL, 0), 0);
    compiled_release(&k);
    fixture_release(&f);
}

static void
test_unique_state_name_and_code_agree(void)
{
    static const char *const columns[] = {"name", "code", NULL};
    struct fixture f;
    fixture_init(&f, "states", columns, type_of(PG_TEXT, -1));
    f.columns[1].type = type_of(PG_CHAR, 2);
    f.spec.unique = true;
    f.spec.row_count = 51;
    struct compiled name, code;
    CHECK_INT_EQ(compile_column(&f, 0, "state", &name, NULL, 0), 0);
    CHECK_INT_EQ(compile_column(&f, 1, "state_abbr", &code, NULL, 0), 0);
    for (uint64_t row = 0; row < 51; row++) {
        char n[64], c[8], expected[8];
        text(generate(&f, &name, row), n, sizeof(n));
        text(generate(&f, &code, row), c, sizeof(c));
        CHECK(lookup("data/en_US/states.txt", n, 1, expected,
                     sizeof(expected)) != NULL);
        CHECK_STR_EQ(c, expected);
    }
    compiled_release(&name);
    compiled_release(&code);
    fixture_release(&f);
}

static void
check_lengths(const char *kind, int32_t length, int *ok)
{
    static const char *const columns[] = {"c", NULL};
    struct fixture f;
    fixture_init(&f, "t", columns, type_of(PG_VARCHAR, length));
    struct compiled k;
    char message[512];
    *ok = 0;
    if (compile_column(&f, 0, kind, &k, message, sizeof(message)) != 0) {
        printf("compile %s varchar(%d): %s\n", kind, length, message);
        fixture_release(&f);
        return;
    }
    int longest = 0;
    for (uint64_t row = 0; row < 20000; row++) {
        struct value v = generate(&f, &k, row);
        char buffer[512];
        const char *s = text(v, buffer, sizeof(buffer));
        if (!valid_utf8(v.as.text.ptr, v.as.text.len) ||
            (int)utf8_chars(s) > length || v.as.text.len == 0 ||
            s[v.as.text.len - 1] == ' ') {
            printf("%s varchar(%d): bad value \"%s\"\n", kind, length, s);
            compiled_release(&k);
            fixture_release(&f);
            return;
        }
        if ((int)utf8_chars(s) > longest)
            longest = (int)utf8_chars(s);
        if ((row & 4095) == 0)
            arena_reset(&f.arena);
    }
    /* the limit is used, not avoided */
    *ok = longest == length;
    if (!*ok)
        printf("%s varchar(%d): longest value %d\n", kind, length, longest);
    compiled_release(&k);
    fixture_release(&f);
}

static void
test_length_limits(void)
{
    int ok;
    check_lengths("first_name", 4, &ok);
    CHECK(ok);
    check_lengths("last_name", 5, &ok);
    CHECK(ok);
    check_lengths("full_name", 12, &ok);
    CHECK(ok);
    check_lengths("email", 16, &ok);
    CHECK(ok);
    check_lengths("username", 6, &ok);
    CHECK(ok);
    check_lengths("phone", 12, &ok);
    CHECK(ok);
    check_lengths("company", 10, &ok);
    CHECK(ok);
    check_lengths("job_title", 8, &ok);
    CHECK(ok);
    check_lengths("street_address", 14, &ok);
    CHECK(ok);
    check_lengths("city", 6, &ok);
    CHECK(ok);
    check_lengths("state", 2, &ok);
    CHECK(ok);
    check_lengths("country", 7, &ok);
    CHECK(ok);
}

static void
test_too_short_columns_fail(void)
{
    static const char *const columns[] = {"c", NULL};
    struct fixture f;
    fixture_init(&f, "t", columns, type_of(PG_VARCHAR, 5));
    struct compiled k;
    char message[512];
    CHECK(compile_column(&f, 0, "email", &k, message, sizeof(message)) != 0);
    CHECK_STR_EQ(message,
                 "tables.t.columns[0]: column is too short for generator "
                 "\"email\": it holds 5 characters, at least 13 are needed | "
                 "widen the column (varchar(255) is usual) or set a shorter "
                 "\"domain\" in generator_config");
    CHECK(compile_column(&f, 0, "phone", &k, message, sizeof(message)) != 0);
    CHECK_CONTAINS(message, "at least 10 are needed");
    /* unique addresses need room for their number */
    f.columns[0].type = type_of(PG_VARCHAR, 16);
    f.spec.unique = true;
    f.spec.row_count = 200000;
    CHECK(compile_column(&f, 0, "email", &k, message, sizeof(message)) != 0);
    CHECK_CONTAINS(message, "at least 19 are needed");
    /* a type that is not text */
    f.spec.unique = false;
    f.columns[0].type = type_of(PG_INTEGER, -1);
    CHECK(compile_column(&f, 0, "city", &k, message, sizeof(message)) != 0);
    CHECK_CONTAINS(message, "generator \"city\" produces text, not test type");
    CHECK(compile_column(&f, 0, "created_at", &k, message, sizeof(message)) !=
          0);
    fixture_release(&f);
}

/* Values made of checked dictionary entries, digits and letters are marked
 * for COPY to copy without a scan; a phone format holding a backslash is
 * not. Every mark is true of the bytes. */
static void
test_plain_marks(void)
{
    static const char *const columns[] = {"c", NULL};
    static const char *const kinds[] = {"first_name", "last_name", "email",
                                        "phone",      "city",      "country"};
    static const char *const locales[] = {"en_US", "de_DE", "ja_JP",
                                          "pt_BR"};
    struct fixture f;
    fixture_init(&f, "t", columns, type_of(PG_TEXT, -1));
    for (size_t l = 0; l < sizeof(locales) / sizeof(locales[0]); l++) {
        f.spec.locale = locales[l];
        for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
            struct compiled c;
            CHECK_INT_EQ(compile_column(&f, 0, kinds[k], &c, NULL, 0), 0);
            for (uint64_t row = 0; row < 300; row++) {
                struct value v = generate(&f, &c, row);
                CHECK(v.kind == VALUE_TEXT && value_text_is_plain(&v));
                CHECK(value_bytes_plain(v.as.text.ptr, v.as.text.len));
            }
            compiled_release(&c);
        }
    }
    f.spec.locale = "en_US";
    json_t *config = json_pack("{s:s}", "format", "1\\###-###-####");
    f.spec.config = config;
    struct compiled c;
    CHECK_INT_EQ(compile_column(&f, 0, "phone", &c, NULL, 0), 0);
    struct value v = generate(&f, &c, 3);
    CHECK(v.kind == VALUE_TEXT && !value_text_is_plain(&v));
    CHECK(v.as.text.len == 14 && v.as.text.ptr[1] == '\\');
    compiled_release(&c);
    json_decref(config);
    fixture_release(&f);
}

static void
test_config(void)
{
    static const char *const columns[] = {"c", NULL};
    struct fixture f;
    fixture_init(&f, "t", columns, type_of(PG_TEXT, -1));
    struct compiled k;
    char message[512], buffer[256];

    json_t *config = json_pack("{s:s}", "domain", "corp.example");
    f.spec.config = config;
    CHECK_INT_EQ(compile_column(&f, 0, "email", &k, NULL, 0), 0);
    for (uint64_t row = 0; row < 100; row++) {
        const char *e = text(generate(&f, &k, row), buffer, sizeof(buffer));
        CHECK(strlen(e) > 13 &&
              strcmp(e + strlen(e) - 13, "@corp.example") == 0);
    }
    compiled_release(&k);
    json_decref(config);

    config = json_pack("{s:[s,s]}", "domain", "a.example", "b.example");
    f.spec.config = config;
    CHECK_INT_EQ(compile_column(&f, 0, "email", &k, NULL, 0), 0);
    int a = 0, b = 0;
    for (uint64_t row = 0; row < 100; row++) {
        const char *e = text(generate(&f, &k, row), buffer, sizeof(buffer));
        a += strstr(e, "@a.example") != NULL;
        b += strstr(e, "@b.example") != NULL;
    }
    CHECK(a > 20 && b > 20 && a + b == 100);
    compiled_release(&k);
    json_decref(config);

    config = json_pack("{s:s}", "domain", "not a domain");
    f.spec.config = config;
    CHECK(compile_column(&f, 0, "email", &k, message, sizeof(message)) != 0);
    CHECK_CONTAINS(message, "tables.t.columns[0].generator_config.domain: "
                            "\"domain\" must be a mail domain name");
    json_decref(config);

    config = json_pack("{s:s}", "domian", "x.example");
    f.spec.config = config;
    CHECK(compile_column(&f, 0, "email", &k, message, sizeof(message)) != 0);
    CHECK_CONTAINS(message, "unknown key \"domian\"");
    json_decref(config);

    config = json_pack("{s:s}", "format", "+1-###-###-####");
    f.spec.config = config;
    CHECK_INT_EQ(compile_column(&f, 0, "phone", &k, NULL, 0), 0);
    const char *p = text(generate(&f, &k, 3), buffer, sizeof(buffer));
    CHECK_INT_EQ(strlen(p), 15);
    CHECK(strncmp(p, "+1-", 3) == 0 && p[6] == '-' && p[10] == '-');
    compiled_release(&k);
    json_decref(config);

    config = json_pack("{s:s}", "format", "###-####");
    f.spec.config = config;
    CHECK(compile_column(&f, 0, "phone", &k, message, sizeof(message)) != 0);
    CHECK_CONTAINS(message, "ten '#'");
    json_decref(config);

    config = json_pack("{s:s}", "format", "alpha3");
    f.spec.config = config;
    CHECK_INT_EQ(compile_column(&f, 0, "country_code", &k, NULL, 0), 0);
    CHECK_INT_EQ(strlen(text(generate(&f, &k, 1), buffer, sizeof(buffer))), 3);
    compiled_release(&k);
    json_decref(config);

    config = json_pack("{s:s}", "format", "zip+4");
    f.spec.config = config;
    CHECK_INT_EQ(compile_column(&f, 0, "postal_code", &k, NULL, 0), 0);
    p = text(generate(&f, &k, 1), buffer, sizeof(buffer));
    CHECK_INT_EQ(strlen(p), 10);
    CHECK(p[5] == '-');
    compiled_release(&k);
    json_decref(config);
    f.spec.config = NULL;
    fixture_release(&f);
}

static void
test_country_without_address_columns(void)
{
    static const char *const columns[] = {"country", "country_code", NULL};
    struct fixture f;
    fixture_init(&f, "visitors", columns, type_of(PG_TEXT, -1));
    f.columns[1].type = type_of(PG_CHAR, 3);
    struct compiled name, code;
    CHECK_INT_EQ(compile_column(&f, 0, "country", &name, NULL, 0), 0);
    CHECK_INT_EQ(compile_column(&f, 1, "country_code", &code, NULL, 0), 0);
    int home = 0, seen_utf8 = 0;
    for (uint64_t row = 0; row < 4000; row++) {
        char n[64], c[8], expected[8];
        struct value v = generate(&f, &name, row);
        text(v, n, sizeof(n));
        text(generate(&f, &code, row), c, sizeof(c));
        CHECK(valid_utf8(v.as.text.ptr, v.as.text.len));
        seen_utf8 |= strcmp(n, "T\xc3\xbcrkiye") == 0;
        CHECK(lookup("data/common/countries.txt", n, 2, expected,
                     sizeof(expected)) != NULL);
        CHECK_STR_EQ(c, expected);
        home += strcmp(c, "USA") == 0;
    }
    /* half at home, the rest spread over the world */
    CHECK(home > 1800 && home < 2300);
    CHECK(seen_utf8);
    compiled_release(&name);
    compiled_release(&code);
    fixture_release(&f);
}

/* shipped_at follows ordered_at by hours to days, never more than
 * max_days, and most within a few days. */
static void
test_followup_soon_after(void)
{
    static const char *const columns[] = {"ordered_at", "shipped_at", NULL};
    struct fixture f;
    fixture_init(&f, "orders", columns, type_of(PG_TIMESTAMPTZ, -1));
    f.spec.row_count = 20000;
    struct compiled ordered, shipped;
    CHECK_INT_EQ(compile_column(&f, 0, "created_at", &ordered, NULL, 0), 0);
    CHECK_INT_EQ(compile_column(&f, 1, "followup_at", &shipped, NULL, 0), 0);
    f.spec.column = &f.columns[1];
    f.spec.type = &f.columns[1].type;
    CHECK(gen_semantic_match(&f.spec) == shipped.kind);
    int within_three_days = 0;
    for (uint64_t row = 0; row < 20000; row++) {
        struct value o = generate(&f, &ordered, row);
        struct value s = generate(&f, &shipped, row);
        CHECK(s.as.i >= o.as.i);
        CHECK(s.as.i - o.as.i <= 14 * USEC_PER_DAY);
        within_three_days += s.as.i - o.as.i <= 3 * USEC_PER_DAY;
    }
    /* exponential with a mean of 1.4 days: 1 - e^(-3/1.4) = 88% */
    CHECK(within_three_days > 17000 && within_three_days < 18200);
    compiled_release(&ordered);
    compiled_release(&shipped);
}

static void
test_timestamps_in_order(void)
{
    static const char *const columns[] = {
        "created_at", "updated_at", "signup_date", "last_login", "dob", NULL,
    };
    struct fixture f;
    fixture_init(&f, "accounts", columns, type_of(PG_TIMESTAMPTZ, -1));
    f.columns[1].type = type_of(PG_TIMESTAMP, -1);
    f.columns[1].type.precision = 0;
    f.columns[2].type = type_of(PG_DATE, -1);
    f.columns[4].type = type_of(PG_DATE, -1);
    f.spec.row_count = 100000;
    f.spec.unique = true;
    struct compiled created, updated, signup, login, birth;
    CHECK_INT_EQ(compile_column(&f, 0, "created_at", &created, NULL, 0), 0);
    f.spec.unique = false;
    CHECK_INT_EQ(compile_column(&f, 1, "updated_at", &updated, NULL, 0), 0);
    CHECK_INT_EQ(compile_column(&f, 2, "created_at", &signup, NULL, 0), 0);
    CHECK_INT_EQ(compile_column(&f, 3, "updated_at", &login, NULL, 0), 0);
    CHECK_INT_EQ(compile_column(&f, 4, "birthdate", &birth, NULL, 0), 0);
    int64_t start = days_from_civil(2020, 1, 1) * USEC_PER_DAY;
    int64_t end = days_from_civil(2025, 1, 1) * USEC_PER_DAY;
    int64_t previous = INT64_MIN;
    int never_updated = 0, differ = 0;
    for (uint64_t row = 0; row < 100000; row++) {
        struct value c = generate(&f, &created, row);
        struct value u = generate(&f, &updated, row);
        struct value s = generate(&f, &signup, row);
        struct value l = generate(&f, &login, row);
        struct value b = generate(&f, &birth, row);
        CHECK_INT_EQ(c.kind, VALUE_TIMESTAMPTZ);
        CHECK_INT_EQ(u.kind, VALUE_TIMESTAMP);
        CHECK_INT_EQ(s.kind, VALUE_DATE);
        CHECK_INT_EQ(b.kind, VALUE_DATE);
        CHECK(c.as.i >= start && c.as.i < end);
        /* rising with the row index, hence unique */
        CHECK(c.as.i > previous);
        previous = c.as.i;
        CHECK(u.as.i >= c.as.i && u.as.i <= end);
        CHECK(u.as.i % USEC_PER_SEC == 0);
        CHECK(l.as.i >= c.as.i);
        CHECK(s.as.i == c.as.i / USEC_PER_DAY);
        never_updated += u.as.i - c.as.i < USEC_PER_SEC;
        differ += u.as.i != l.as.i;
        /* adults: 18 to 89 whole years old on 2025-01-01 */
        CHECK(b.as.i >= days_from_civil(1935, 1, 2) &&
              b.as.i <= days_from_civil(2007, 1, 1));
    }
    CHECK(never_updated > 23000 && never_updated < 27000);
    CHECK(differ > 50000);
    compiled_release(&created);
    compiled_release(&updated);
    compiled_release(&signup);
    compiled_release(&login);
    compiled_release(&birth);
    fixture_release(&f);
}

struct match_case {
    const char *table;
    const char *column;
    enum pg_base base;
    int32_t length;
    const char *kind; /* NULL: no semantic kind */
};

static void
test_name_matching(void)
{
    static const struct match_case cases[] = {
        {"users", "email", PG_VARCHAR, 255, "email"},
        {"users", "Email_Address", PG_TEXT, -1, "email"},
        {"orders", "user_email", PG_TEXT, -1, "email"},
        {"users", "e_mail", PG_TEXT, -1, "email"},
        {"orders", "billing_email", PG_TEXT, -1, "email"},
        {"users", "email", PG_INTEGER, -1, NULL},
        {"users", "email", PG_VARCHAR, 5, NULL},
        {"users", "phone", PG_TEXT, -1, "phone"},
        {"users", "phone_number", PG_VARCHAR, 20, "phone"},
        {"users", "mobile", PG_TEXT, -1, "phone"},
        {"users", "tel", PG_TEXT, -1, "phone"},
        {"users", "telephone", PG_TEXT, -1, "phone"},
        {"users", "phone", PG_BIGINT, -1, NULL},
        {"users", "first_name", PG_TEXT, -1, "first_name"},
        {"users", "FirstName", PG_TEXT, -1, "first_name"},
        {"users", "given_name", PG_TEXT, -1, "first_name"},
        {"users", "last_name", PG_TEXT, -1, "last_name"},
        {"users", "surname", PG_TEXT, -1, "last_name"},
        {"users", "family_name", PG_TEXT, -1, "last_name"},
        {"users", "full_name", PG_TEXT, -1, "full_name"},
        {"customers", "name", PG_TEXT, -1, "full_name"},
        {"app_users", "name", PG_TEXT, -1, "full_name"},
        {"employees", "name", PG_VARCHAR, 100, "full_name"},
        {"products", "name", PG_TEXT, -1, NULL},
        {"categories", "name", PG_TEXT, -1, NULL},
        {"orders", "customer_name", PG_TEXT, -1, "full_name"},
        {"orders", "product_name", PG_TEXT, -1, NULL},
        {"users", "username", PG_TEXT, -1, "username"},
        {"users", "user_name", PG_TEXT, -1, "username"},
        {"users", "login", PG_VARCHAR, 32, "username"},
        {"addresses", "address", PG_TEXT, -1, "street_address"},
        {"addresses", "street", PG_TEXT, -1, "street_address"},
        {"addresses", "address_line1", PG_TEXT, -1, "street_address"},
        {"orders", "shipping_address", PG_TEXT, -1, "street_address"},
        {"addresses", "city", PG_TEXT, -1, "city"},
        {"addresses", "town", PG_TEXT, -1, "city"},
        {"orders", "billing_city", PG_TEXT, -1, "city"},
        {"addresses", "state", PG_TEXT, -1, "state"},
        {"addresses", "state", PG_CHAR, 2, "state"},
        {"addresses", "region", PG_TEXT, -1, "state"},
        {"addresses", "province", PG_TEXT, -1, "state"},
        {"addresses", "state_code", PG_CHAR, 2, "state_abbr"},
        {"addresses", "country", PG_TEXT, -1, "country"},
        {"addresses", "country", PG_CHAR, 2, "country_code"},
        {"addresses", "country_code", PG_CHAR, 2, "country_code"},
        {"addresses", "country_code", PG_CHAR, 1, NULL},
        {"addresses", "zip", PG_TEXT, -1, "postal_code"},
        {"addresses", "zip_code", PG_VARCHAR, 10, "postal_code"},
        {"addresses", "postal_code", PG_TEXT, -1, "postal_code"},
        {"addresses", "postcode", PG_TEXT, -1, "postal_code"},
        {"addresses", "zip", PG_INTEGER, -1, NULL},
        {"users", "company", PG_TEXT, -1, "company"},
        {"users", "company_name", PG_TEXT, -1, "company"},
        {"users", "organization", PG_TEXT, -1, "company"},
        {"employees", "job_title", PG_TEXT, -1, "job_title"},
        {"employees", "title", PG_TEXT, -1, "job_title"},
        {"books", "title", PG_TEXT, -1, NULL},
        {"users", "created_at", PG_TIMESTAMPTZ, -1, "created_at"},
        {"users", "created_at", PG_TIMESTAMP, -1, "created_at"},
        {"users", "created_at", PG_TEXT, -1, NULL},
        {"users", "signup_date", PG_DATE, -1, "created_at"},
        {"users", "registered_at", PG_TIMESTAMPTZ, -1, "created_at"},
        {"users", "updated_at", PG_TIMESTAMPTZ, -1, "updated_at"},
        {"users", "modified_at", PG_TIMESTAMP, -1, "updated_at"},
        {"users", "deleted_at", PG_TIMESTAMPTZ, -1, "updated_at"},
        {"users", "last_login", PG_TIMESTAMPTZ, -1, "updated_at"},
        {"users", "birthdate", PG_DATE, -1, "birthdate"},
        {"users", "birth_date", PG_DATE, -1, "birthdate"},
        {"users", "date_of_birth", PG_DATE, -1, "birthdate"},
        {"users", "birthdate", PG_INTEGER, -1, NULL},
        {"users", "id", PG_INTEGER, -1, NULL},
        {"users", "description", PG_TEXT, -1, NULL},
        {"users", "name_email", PG_TEXT, -1, "email"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct match_case *m = &cases[i];
        struct column column = {.name = m->column,
                                .type = type_of(m->base, m->length)};
        struct table table = {
            .name = m->table, .columns = &column, .column_count = 1};
        struct gen_spec spec = {.path = "x",
                                .table = &table,
                                .column = &column,
                                .type = &column.type,
                                .row_count = 10,
                                .locale = "en_US"};
        const struct gen_kind *kind = gen_semantic_match(&spec);
        char got[64];
        snprintf(got, sizeof(got), "%s.%s -> %s", m->table, m->column,
                 kind ? kind->name : "none");
        char expected[64];
        snprintf(expected, sizeof(expected), "%s.%s -> %s", m->table, m->column,
                 m->kind ? m->kind : "none");
        CHECK_STR_EQ(got, expected);
    }
}

/* An unsupported locale is an error naming it; "C" means the default. */
static void
test_unknown_locale_fails(void)
{
    static const char *const columns[] = {"c", NULL};
    struct fixture f;
    fixture_init(&f, "t", columns, type_of(PG_TEXT, -1));
    struct compiled a, b;
    char message[512];
    CHECK_INT_EQ(compile_column(&f, 0, "full_name", &a, NULL, 0), 0);
    f.spec.locale = "C";
    CHECK_INT_EQ(compile_column(&f, 0, "full_name", &b, NULL, 0), 0);
    char x[128], y[128];
    CHECK_STR_EQ(text(generate(&f, &a, 5), x, sizeof(x)),
                 text(generate(&f, &b, 5), y, sizeof(y)));
    compiled_release(&a);
    compiled_release(&b);
    f.spec.locale = "de_AT";
    CHECK(compile_column(&f, 0, "full_name", &b, message, sizeof(message)) !=
          0);
    CHECK_STR_EQ(message, "tables.t.columns[0]: unknown locale \"de_AT\" | "
                          "did you mean \"de_DE\"? supported: en_US en_GB "
                          "de_DE fr_FR es_ES pt_BR ja_JP");
    fixture_release(&f);
}

static void
test_dictionaries_are_well_formed(void)
{
    static const char *const files[] = {
        "data/en_US/first_names_female.txt",
        "data/en_US/first_names_male.txt",
        "data/en_US/last_names.txt",
        "data/en_US/cities.txt",
        "data/en_US/states.txt",
        "data/en_US/street_names.txt",
        "data/en_US/job_titles.txt",
        "data/common/countries.txt",
        NULL,
    };
    for (size_t i = 0; files[i] != NULL; i++) {
        const struct embedded_file *file = embedded_find(files[i]);
        CHECK(file != NULL && file->line_count > 0);
        struct string_set set;
        set_init(&set, file->line_count * 2 + 1);
        for (size_t l = 0; l < file->line_count; l++) {
            const char *line = file->lines[l];
            size_t key = strcspn(line, "|");
            CHECK(valid_utf8(line, strlen(line)));
            /* first fields are distinct, so unique columns stay unique */
            CHECK(set_add(&set, line, key));
        }
        set_release(&set);
    }
    /* every city's ZIP prefix lies in its state */
    const struct embedded_file *cities = embedded_find("data/en_US/cities.txt");
    CHECK(cities->line_count >= 200);
    for (size_t l = 0; l < cities->line_count; l++) {
        char state[8], prefix[8];
        const char *line = cities->lines[l];
        char name[64];
        size_t n = strcspn(line, "|");
        memcpy(name, line, n);
        name[n] = '\0';
        CHECK(lookup("data/en_US/cities.txt", name, 1, state, sizeof(state)));
        CHECK(lookup("data/en_US/cities.txt", name, 2, prefix, sizeof(prefix)));
        if (!prefix_in_state(state, (unsigned)atoi(prefix)))
            printf("city %s: prefix %s not in %s\n", name, prefix, state);
        CHECK(prefix_in_state(state, (unsigned)atoi(prefix)));
    }
}

int
main(void)
{
    RUN(test_every_kind_is_listed);
    RUN(test_dictionaries_are_well_formed);
    RUN(test_exact_values);
    RUN(test_person_and_place_agree);
    RUN(test_deterministic);
    RUN(test_unique_handles_over_200000_rows);
    RUN(test_unique_email_and_username_share_the_number);
    RUN(test_impossible_uniqueness_fails);
    RUN(test_unique_state_name_and_code_agree);
    RUN(test_length_limits);
    RUN(test_too_short_columns_fail);
    RUN(test_config);
    RUN(test_plain_marks);
    RUN(test_country_without_address_columns);
    RUN(test_timestamps_in_order);
    RUN(test_followup_soon_after);
    RUN(test_name_matching);
    RUN(test_unknown_locale_fails);
    return HARNESS_DONE();
}
