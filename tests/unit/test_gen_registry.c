#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/error.h"
#include "schema/pgtype.h"
#include "gen/gen.h"
#include "harness.h"

/* Kinds that compile on a bare column of every type they declare: no
 * required config, no other column needed. */
static const char *const config_free[] = {
    "int",         "sequence",    "decimal",     "float",
    "boolean",     "text",        "date",        "datetime",
    "time",        "interval",    "uuid",        "json",
    "xml",         "tsvector",    "bytea",       "inet",
    "cidr",        "macaddr",     "macaddr8",    "bit",
    "point",       "line",        "lseg",        "box",
    "path",        "polygon",     "circle",      "range",
    "url",         "domain",      "ipv4",        "ipv6",
    "mac_address", "slug",        "color",       "word",
    "sentence",    "paragraph",   "title",       "credit_card",
    "iban",        "currency_code", "latitude",  "longitude",
    "first_name",  "last_name",   "full_name",   "username",
    "email",       "phone",       "company",     "job_title",
    "street_address", "city",     "state",       "country",
    "country_code", "postal_code", "created_at", "updated_at",
    "birthdate",   NULL,
};

struct col {
    struct pg_type type;
    struct column column;
    struct gen_spec spec;
    struct diag_list diags;
};

static void
col_init(struct col *c, enum pg_base base, const char *name)
{
    memset(c, 0, sizeof(*c));
    c->type.base = base;
    c->type.length = -1;
    c->type.precision = -1;
    c->column.name = name;
    c->column.type = c->type;
    c->spec.path = "tables.t.columns[0]";
    c->spec.column = &c->column;
    c->spec.type = &c->type;
    c->spec.row_count = 100;
    c->spec.key = 42;
    c->spec.locale = "en_US";
    diag_list_init(&c->diags);
}

static int
try_compile(const struct gen_kind *kind, enum pg_base base)
{
    struct col c;
    col_init(&c, base, "col");
    void *state = NULL;
    int rc = kind->compile(&c.spec, &state, &c.diags);
    if (rc == 0 && kind->free)
        kind->free(state);
    diag_list_release(&c.diags);
    return rc;
}

static bool
in_list(const char *name, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], name) == 0)
            return true;
    return false;
}

/* Every kind's declared types are exactly those its compile() takes. */
static void
test_accepts_matches_compile(void)
{
    size_t pairs = 0;
    for (size_t k = 0; k < gen_kind_count(); k++) {
        const struct gen_kind *kind = gen_kind_at(k);
        bool exact = in_list(kind->name, config_free);
        for (int b = 0; b < PG_BASE_COUNT; b++) {
            if (b == PG_ENUM || b == PG_COMPOSITE || b == PG_DOMAIN)
                continue;
            struct pg_type t = {.base = (enum pg_base)b, .length = -1,
                                .precision = -1};
            bool accepts = gen_kind_accepts(kind, &t);
            int rc = try_compile(kind, (enum pg_base)b);
            if (rc == 0 && !accepts) {
                printf("  %s compiles on %s but does not declare it\n",
                       kind->name, pgtype_base_name((enum pg_base)b));
                CHECK(accepts);
            }
            if (exact && accepts && rc != 0) {
                printf("  %s declares %s but does not compile on it\n",
                       kind->name, pgtype_base_name((enum pg_base)b));
                CHECK(rc == 0);
            }
            pairs++;
        }
    }
    CHECK(pairs > 1000);
}

static void
test_every_kind_declared(void)
{
    for (size_t k = 0; k < gen_kind_count(); k++) {
        const struct gen_kind *kind = gen_kind_at(k);
        if (kind->types == 0 || kind->description == NULL)
            printf("  %s has no declared types\n", kind->name);
        CHECK(kind->description != NULL && kind->description[0] != '\0');
        CHECK(kind->types != 0);
        for (const struct gen_key *key = kind->keys; key && key->name; key++)
            CHECK(key->description != NULL && key->description[0] != '\0');
    }
}

static void
test_issue_names_registered(void)
{
    static const char *const names[] = {
        "first_name", "last_name", "full_name", "username", "email",
        "phone", "company", "job_title", "street_address", "city",
        "state", "country", "country_code", "postal_code", "latitude",
        "longitude", "url", "domain", "ipv4", "ipv6", "mac_address",
        "credit_card", "iban", "currency_code", "color", "word",
        "sentence", "paragraph", "title", "slug", "uuid", "boolean",
        "int", "decimal", "float", "sequence", "sequential", "date",
        "datetime", "enum", "foreign_key", NULL,
    };
    for (size_t i = 0; names[i]; i++) {
        if (gen_find(names[i]) == NULL)
            printf("  missing %s\n", names[i]);
        CHECK(gen_find(names[i]) != NULL);
    }
    /* listed exactly once each */
    for (size_t a = 0; a < gen_kind_count(); a++)
        for (size_t b = a + 1; b < gen_kind_count(); b++)
            CHECK(strcmp(gen_kind_at(a)->name, gen_kind_at(b)->name) != 0);
}

static void
test_accepts_domains_and_arrays(void)
{
    const struct gen_kind *email = gen_find("email");
    const struct gen_kind *array = gen_find("array");
    const struct gen_kind *lat = gen_find("latitude");
    struct pg_type text_array = {.base = PG_TEXT, .length = -1,
                                 .precision = -1, .array_dims = 1};
    CHECK(!gen_kind_accepts(email, &text_array));
    CHECK(gen_kind_accepts(array, &text_array));
    struct pg_type integer = {.base = PG_INTEGER, .length = -1,
                              .precision = -1};
    CHECK(!gen_kind_accepts(array, &integer));
    CHECK(!gen_kind_accepts(email, &integer));
    CHECK(!gen_kind_accepts(lat, &integer));
    /* a domain counts as its base type */
    struct custom_type domain;
    memset(&domain, 0, sizeof(domain));
    domain.name = "email_address";
    domain.base_type.base = PG_VARCHAR;
    domain.base_type.length = 200;
    domain.base_type.precision = -1;
    struct pg_type over = {.base = PG_DOMAIN, .length = -1, .precision = -1,
                           .custom = &domain};
    CHECK(gen_kind_accepts(email, &over));
    CHECK(!gen_kind_accepts(lat, &over));
    struct pg_type numeric = {.base = PG_NUMERIC, .length = -1,
                              .precision = 9, .scale = 6};
    CHECK(gen_kind_accepts(lat, &numeric));
    CHECK(gen_kind_accepts(gen_find("ipv4"),
                           &(struct pg_type){.base = PG_INET, .length = -1}));
    CHECK(gen_kind_accepts(gen_find("mac_address"),
                           &(struct pg_type){.base = PG_MACADDR,
                                             .length = -1}));
    CHECK(!gen_kind_accepts(gen_find("ipv4"),
                            &(struct pg_type){.base = PG_MACADDR,
                                              .length = -1}));
}

static void
test_check_type_message(void)
{
    struct col c;
    col_init(&c, PG_INTEGER, "contact");
    CHECK_INT_EQ(gen_check_type(gen_find("email"), &c.spec, &c.diags), 1);
    CHECK_INT_EQ(c.diags.count, 1);
    CHECK_STR_EQ(c.diags.items[0].message,
                 "generator \"email\" cannot produce type \"integer\"");
    CHECK_STR_EQ(c.diags.items[0].path, "tables.t.columns[0].generator");
    const char *hint = c.diags.items[0].hint;
    CHECK_CONTAINS(hint, "generators for integer: int, sequence");
    CHECK(strstr(hint, "email") == NULL);
    CHECK(strstr(hint, "foreign_key") == NULL);
    CHECK_INT_EQ(gen_check_type(gen_find("int"), &c.spec, &c.diags), 0);
    /* gen_check stops at the type */
    json_t *config = json_pack("{s:s}", "domian", "x.example");
    c.spec.config = config;
    CHECK_INT_EQ(gen_check(gen_find("email"), &c.spec, &c.diags), 1);
    CHECK_INT_EQ(c.diags.count, 2);
    json_decref(config);
    diag_list_release(&c.diags);
}

static void
test_check_config_keys(void)
{
    struct col c;
    col_init(&c, PG_TEXT, "colour");
    json_t *config = json_pack("{s:s,s:f,s:s}", "fromat", "hex",
                               "null_fraction", 0.2, "format", "hex");
    c.spec.config = config;
    CHECK_INT_EQ(gen_check(gen_find("color"), &c.spec, &c.diags), 1);
    CHECK_STR_EQ(c.diags.items[0].message, "unknown key \"fromat\"");
    CHECK_STR_EQ(c.diags.items[0].hint, "did you mean \"format\"?");
    json_decref(config);
    diag_list_release(&c.diags);

    col_init(&c, PG_BOOLEAN, "active");
    config = json_pack("{s:s}", "true_fraction", "most");
    c.spec.config = config;
    CHECK_INT_EQ(gen_check(gen_find("boolean"), &c.spec, &c.diags), 1);
    CHECK_STR_EQ(c.diags.items[0].message,
                 "\"true_fraction\" must be a number from 0 to 1");
    CHECK_STR_EQ(c.diags.items[0].path,
                 "tables.t.columns[0].generator_config.true_fraction");
    json_decref(config);
    diag_list_release(&c.diags);

    col_init(&c, PG_TEXT, "title");
    config = json_pack("{s:f}", "min_words", 2.5);
    c.spec.config = config;
    CHECK_INT_EQ(gen_check(gen_find("title"), &c.spec, &c.diags), 1);
    CHECK_STR_EQ(c.diags.items[0].message, "\"min_words\" must be an integer");
    json_decref(config);
    diag_list_release(&c.diags);
}

static const char *
default_name(enum pg_base base, int length, const char *column)
{
    struct col c;
    col_init(&c, base, column);
    c.type.length = length;
    if (base == PG_NUMERIC) {
        c.type.precision = 9;
        c.type.scale = 6;
    }
    c.column.type = c.type;
    const struct gen_kind *kind = gen_default_for(&c.spec);
    diag_list_release(&c.diags);
    return kind ? kind->name : "(none)";
}

static void
test_default_by_name(void)
{
    CHECK_STR_EQ(default_name(PG_NUMERIC, -1, "latitude"), "latitude");
    CHECK_STR_EQ(default_name(PG_DOUBLE, -1, "lng"), "longitude");
    CHECK_STR_EQ(default_name(PG_DOUBLE, -1, "store_latitude"), "latitude");
    CHECK_STR_EQ(default_name(PG_TEXT, -1, "website"), "url");
    CHECK_STR_EQ(default_name(PG_TEXT, -1, "avatar_url"), "url");
    CHECK_STR_EQ(default_name(PG_TEXT, -1, "domain"), "domain");
    CHECK_STR_EQ(default_name(PG_INET, -1, "ip_address"), "ipv4");
    CHECK_STR_EQ(default_name(PG_TEXT, -1, "client_ip"), "ipv4");
    CHECK_STR_EQ(default_name(PG_INET, -1, "ipv6"), "ipv6");
    CHECK_STR_EQ(default_name(PG_MACADDR, -1, "mac_address"), "mac_address");
    CHECK_STR_EQ(default_name(PG_VARCHAR, 200, "slug"), "slug");
    CHECK_STR_EQ(default_name(PG_TEXT, -1, "background_color"), "color");
    CHECK_STR_EQ(default_name(PG_TEXT, -1, "description"), "paragraph");
    CHECK_STR_EQ(default_name(PG_TEXT, -1, "title"), "title");
    CHECK_STR_EQ(default_name(PG_TEXT, -1, "subject"), "sentence");
    CHECK_STR_EQ(default_name(PG_TEXT, -1, "Card_Number"), "credit_card");
    CHECK_STR_EQ(default_name(PG_VARCHAR, 34, "iban"), "iban");
    CHECK_STR_EQ(default_name(PG_CHAR, 3, "currency"), "currency_code");
    CHECK_STR_EQ(default_name(PG_TEXT, -1, "guid"), "uuid");
    /* the type decides when the name's kind cannot fill it */
    CHECK_STR_EQ(default_name(PG_INTEGER, -1, "latitude"), "int");
    CHECK_STR_EQ(default_name(PG_INTEGER, -1, "url"), "int");
    CHECK_STR_EQ(default_name(PG_VARCHAR, 10, "url"), "text");
    CHECK_STR_EQ(default_name(PG_VARCHAR, 12, "iban"), "text");
    CHECK_STR_EQ(default_name(PG_CIDR, -1, "ip"), "cidr");
    /* the semantic names keep their kinds */
    CHECK_STR_EQ(default_name(PG_TEXT, -1, "email"), "email");
    CHECK_STR_EQ(default_name(PG_TEXT, -1, "city"), "city");
}

/* The README's table is what `datagen generators --markdown` prints. */
static void
test_readme_table(void)
{
    char path[] = "/tmp/test_gen_registry_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    fflush(stdout);
    int saved = dup(1);
    dup2(fd, 1);
    char arg0[] = "datagen", arg1[] = "generators", arg2[] = "--markdown";
    char *argv[] = {arg0, arg1, arg2, NULL};
    int rc = cli_main(3, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    close(fd);
    CHECK_INT_EQ(rc, 0);
    FILE *out = fopen(path, "r");
    CHECK(out != NULL);
    static char table[1 << 16];
    size_t n = fread(table, 1, sizeof(table) - 1, out);
    table[n] = '\0';
    fclose(out);
    unlink(path);
    for (size_t k = 0; k < gen_kind_count(); k++) {
        char cell[64];
        snprintf(cell, sizeof(cell), "| `%s` |", gen_kind_at(k)->name);
        CHECK_CONTAINS(table, cell);
    }
    FILE *readme = fopen("README.md", "r");
    if (readme == NULL) {
        printf("  README.md not found: run from the repository root\n");
        CHECK(readme != NULL);
    }
    static char text[1 << 18];
    n = fread(text, 1, sizeof(text) - 1, readme);
    text[n] = '\0';
    fclose(readme);
    /* every line of the printed table appears whole in the README */
    char *line = table;
    while (*line) {
        char *end = strchr(line, '\n');
        if (end == NULL)
            break;
        *end = '\0';
        char *copy = malloc(strlen(line) + 3);
        sprintf(copy, "\n%s\n", line);
        if (strstr(text, copy) == NULL)
            printf("  README lacks: %s\n", line);
        int found = strstr(text, copy) != NULL;
        free(copy);
        CHECK(found);
        line = end + 1;
    }
}

int
main(void)
{
    RUN(test_accepts_matches_compile);
    RUN(test_every_kind_declared);
    RUN(test_issue_names_registered);
    RUN(test_accepts_domains_and_arrays);
    RUN(test_check_type_message);
    RUN(test_check_config_keys);
    RUN(test_default_by_name);
    RUN(test_readme_table);
    return HARNESS_DONE();
}
