#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "harness.h"
#include "schema/schema.h"

static struct schema schema;
static struct diag_list diags;
static struct dg_error err;

static int
load(const char *text)
{
    schema_release(&schema);
    diag_list_release(&diags);
    diag_list_init(&diags);
    dg_error_init(&err);
    return schema_load_string(text, strlen(text), "test.json", &schema, &diags,
                              &err);
}

/* The diagnostic at path, or NULL. */
static const struct diag *
diag_at(const char *path)
{
    for (size_t i = 0; i < diags.count; i++)
        if (diags.items[i].path && strcmp(diags.items[i].path, path) == 0)
            return &diags.items[i];
    return NULL;
}

static const char *
message_at(const char *path)
{
    const struct diag *d = diag_at(path);
    return d ? d->message : NULL;
}

static const char *
hint_at(const char *path)
{
    const struct diag *d = diag_at(path);
    return d ? d->hint : NULL;
}

static const char full_document[] =
    "{\n"
    "  \"$schema\": \"https://example.com/datagen.json\",\n"
    "  \"version\": \"1.0\",\n"
    "  \"database\": {\"name\": \"shop\", \"encoding\": \"LATIN1\",\n"
    "               \"locale\": \"de_DE.utf8\"},\n"
    "  \"tables\": {\n"
    "    \"users\": {\n"
    "      \"columns\": [\n"
    "        {\"name\": \"id\", \"type\": \"serial\"},\n"
    "        {\"name\": \"email\", \"type\": \"varchar(120)\",\n"
    "         \"nullable\": true, \"default\": \"'x@example.com'\",\n"
    "         \"generator\": \"email\",\n"
    "         \"generator_config\": {\"domain\": \"example.org\"},\n"
    "         \"comment\": \"login\"},\n"
    "        {\"name\": \"score\", \"type\": \"int\", \"default\": 0}\n"
    "      ],\n"
    "      \"primary_key\": [\"id\"],\n"
    "      \"unique_constraints\": [{\"columns\": [\"email\"],\n"
    "                              \"name\": \"users_email_key\"}],\n"
    "      \"check_constraints\": [{\"expression\": \"score >= 0\",\n"
    "                             \"name\": \"score_positive\"}],\n"
    "      \"indexes\": [{\"columns\": [\"score\"], \"name\": "
    "\"users_score\",\n"
    "                   \"type\": \"hash\", \"unique\": false}],\n"
    "      \"row_count\": 25,\n"
    "      \"comment\": \"people\"\n"
    "    },\n"
    "    \"orders\": {\n"
    "      \"columns\": [{\"name\": \"id\", \"type\": \"bigint\"},\n"
    "                  {\"name\": \"user_id\", \"type\": \"integer\"}],\n"
    "      \"foreign_keys\": [{\"columns\": [\"user_id\"],\n"
    "                        \"referenced_table\": \"users\",\n"
    "                        \"referenced_columns\": [\"id\"],\n"
    "                        \"on_delete\": \"cascade\",\n"
    "                        \"on_update\": \"NO ACTION\",\n"
    "                        \"name\": \"orders_user_fk\"}]\n"
    "    }\n"
    "  },\n"
    "  \"sequences\": {\"order_seq\": {\"name\": \"order_seq\", \"start\": "
    "100,\n"
    "                 \"increment\": 5, \"min_value\": 10, \"max_value\": "
    "100000,\n"
    "                 \"cache\": 20, \"cycle\": true}},\n"
    "  \"custom_types\": {\n"
    "    \"mood\": {\"name\": \"mood\", \"kind\": \"enum\",\n"
    "             \"definition\": {\"values\": [\"sad\", \"ok\", "
    "\"happy\"]}},\n"
    "    \"address\": {\"kind\": \"composite\", \"definition\": {\"fields\": "
    "[\n"
    "        {\"name\": \"street\", \"type\": \"text\"},\n"
    "        {\"name\": \"zip\", \"type\": \"char(5)\"}]}},\n"
    "    \"positive\": {\"kind\": \"domain\", \"definition\": {\n"
    "        \"base_type\": \"integer\", \"constraint\": \"VALUE > 0\",\n"
    "        \"not_null\": true}}\n"
    "  },\n"
    "  \"extensions\": [\"pgcrypto\", \"citext\"]\n"
    "}\n";

static void
test_every_key(void)
{
    CHECK_INT_EQ(load(full_document), 0);
    CHECK_INT_EQ(diags.count, 0);
    CHECK_STR_EQ(schema.version, "1.0");
    CHECK_STR_EQ(schema.source, "test.json");
    CHECK_STR_EQ(schema.database.name, "shop");
    CHECK_STR_EQ(schema.database.encoding, "LATIN1");
    CHECK_STR_EQ(schema.database.locale, "de_DE.utf8");
    CHECK_INT_EQ(schema.table_count, 2);

    const struct table *users = &schema.tables[0];
    CHECK_STR_EQ(users->name, "users");
    CHECK_INT_EQ(users->column_count, 3);
    CHECK_STR_EQ(users->columns[0].name, "id");
    CHECK_STR_EQ(users->columns[0].type_text, "serial");
    CHECK(!users->columns[0].nullable);
    CHECK(users->columns[0].default_sql == NULL);
    const struct column *email = &users->columns[1];
    CHECK_STR_EQ(email->type_text, "varchar(120)");
    CHECK(email->nullable);
    CHECK_STR_EQ(email->default_sql, "'x@example.com'");
    CHECK_STR_EQ(email->generator, "email");
    CHECK(json_is_object(email->generator_config));
    CHECK_STR_EQ(
        json_string_value(json_object_get(email->generator_config, "domain")),
        "example.org");
    CHECK_STR_EQ(email->comment, "login");
    CHECK_STR_EQ(users->columns[2].default_sql, "0");
    CHECK_INT_EQ(users->primary_key.count, 1);
    CHECK_STR_EQ(users->primary_key.names[0], "id");
    CHECK_INT_EQ(users->unique_constraint_count, 1);
    CHECK_STR_EQ(users->unique_constraints[0].columns.names[0], "email");
    CHECK_STR_EQ(users->unique_constraints[0].name, "users_email_key");
    CHECK_INT_EQ(users->check_constraint_count, 1);
    CHECK_STR_EQ(users->check_constraints[0].expression, "score >= 0");
    CHECK_STR_EQ(users->check_constraints[0].name, "score_positive");
    CHECK_INT_EQ(users->index_count, 1);
    CHECK_STR_EQ(users->indexes[0].name, "users_score");
    CHECK_STR_EQ(users->indexes[0].method, "hash");
    CHECK(!users->indexes[0].unique);
    CHECK_INT_EQ(users->row_count, 25);
    CHECK(users->row_count_given);
    CHECK_STR_EQ(users->comment, "people");

    const struct table *orders = &schema.tables[1];
    CHECK_STR_EQ(orders->name, "orders");
    CHECK_INT_EQ(orders->foreign_key_count, 1);
    const struct foreign_key *fk = &orders->foreign_keys[0];
    CHECK_STR_EQ(fk->columns.names[0], "user_id");
    CHECK_STR_EQ(fk->referenced_table, "users");
    CHECK_STR_EQ(fk->referenced_columns.names[0], "id");
    CHECK_STR_EQ(fk->on_delete, "cascade");
    CHECK_STR_EQ(fk->on_update, "NO ACTION");
    CHECK_STR_EQ(fk->name, "orders_user_fk");
    CHECK_INT_EQ(orders->row_count, SCHEMA_DEFAULT_ROW_COUNT);
    CHECK(!orders->row_count_given);

    CHECK_INT_EQ(schema.sequence_count, 1);
    const struct sequence *seq = &schema.sequences[0];
    CHECK_STR_EQ(seq->name, "order_seq");
    CHECK_INT_EQ(seq->start, 100);
    CHECK_INT_EQ(seq->increment, 5);
    CHECK(seq->has_min_value && seq->min_value == 10);
    CHECK(seq->has_max_value && seq->max_value == 100000);
    CHECK_INT_EQ(seq->cache, 20);
    CHECK(seq->cycle);

    CHECK_INT_EQ(schema.custom_type_count, 3);
    const struct custom_type *mood = &schema.custom_types[0];
    CHECK_STR_EQ(mood->name, "mood");
    CHECK(mood->kind == CUSTOM_ENUM);
    CHECK_INT_EQ(mood->labels.count, 3);
    CHECK_STR_EQ(mood->labels.names[2], "happy");
    const struct custom_type *address = &schema.custom_types[1];
    CHECK(address->kind == CUSTOM_COMPOSITE);
    CHECK_INT_EQ(address->field_count, 2);
    CHECK_STR_EQ(address->fields[1].name, "zip");
    CHECK_STR_EQ(address->fields[1].type_text, "char(5)");
    const struct custom_type *positive = &schema.custom_types[2];
    CHECK(positive->kind == CUSTOM_DOMAIN);
    CHECK_STR_EQ(positive->base_type_text, "integer");
    CHECK_STR_EQ(positive->constraint, "VALUE > 0");
    CHECK(positive->domain_not_null);

    CHECK_INT_EQ(schema.extensions.count, 2);
    CHECK_STR_EQ(schema.extensions.names[1], "citext");
}

static void
test_defaults(void)
{
    CHECK_INT_EQ(load("{\"version\": \"1.0\", \"tables\": {\"t\": {"
                      "\"columns\": [{\"name\": \"a\", \"type\": \"text\"}],"
                      "\"indexes\": [{\"columns\": [\"a\"]}]}},"
                      "\"sequences\": {\"s\": {}}}"),
                 0);
    CHECK_INT_EQ(diags.count, 0);
    CHECK_STR_EQ(schema.database.name, "datagen");
    CHECK_STR_EQ(schema.database.encoding, "UTF8");
    CHECK_STR_EQ(schema.database.locale, "en_US.utf8");
    const struct table *t = &schema.tables[0];
    CHECK(!t->columns[0].nullable);
    CHECK(t->columns[0].generator == NULL);
    CHECK(t->columns[0].generator_config == NULL);
    CHECK(t->columns[0].comment == NULL);
    CHECK_INT_EQ(t->row_count, SCHEMA_DEFAULT_ROW_COUNT);
    CHECK(!t->row_count_given);
    CHECK_INT_EQ(t->primary_key.count, 0);
    CHECK_INT_EQ(t->foreign_key_count, 0);
    CHECK_STR_EQ(t->indexes[0].method, "btree");
    CHECK(!t->indexes[0].unique);
    CHECK(t->indexes[0].name == NULL);
    const struct sequence *s = &schema.sequences[0];
    CHECK_STR_EQ(s->name, "s");
    CHECK_INT_EQ(s->start, 1);
    CHECK_INT_EQ(s->increment, 1);
    CHECK_INT_EQ(s->cache, 1);
    CHECK(!s->has_min_value && !s->has_max_value && !s->cycle);
    CHECK_INT_EQ(schema.custom_type_count, 0);
    CHECK_INT_EQ(schema.extensions.count, 0);
}

static void
test_row_count_zero_is_given(void)
{
    CHECK_INT_EQ(load("{\"version\": \"1.0\", \"tables\": {\"t\": {"
                      "\"columns\": [{\"name\": \"a\", \"type\": \"text\"}],"
                      "\"row_count\": 0}}}"),
                 0);
    CHECK_INT_EQ(schema.tables[0].row_count, 0);
    CHECK(schema.tables[0].row_count_given);
}

static void
test_syntax_error_location(void)
{
    CHECK_INT_EQ(load("{\n  \"version\": \"1.0\",\n  \"tables\": {,}\n}\n"),
                 -1);
    CHECK_INT_EQ(err.status, DG_INVALID);
    CHECK_STR_EQ(err.location, "test.json:3:14");
    CHECK_CONTAINS(err.message, "string or '}' expected");
}

static void
test_duplicate_keys_rejected(void)
{
    CHECK_INT_EQ(load("{\"version\": \"1.0\",\n\"version\": \"1.0\"}"), -1);
    CHECK_INT_EQ(err.status, DG_INVALID);
    CHECK_CONTAINS(err.location, "test.json:2:");
    CHECK_CONTAINS(err.message, "duplicate object key");
}

static void
test_nul_in_names_rejected(void)
{
    CHECK_INT_EQ(load("{\"version\": \"1.0\", \"tables\": "
                      "{\"a\\u0000b\": {}}}"),
                 -1);
    CHECK_INT_EQ(err.status, DG_INVALID);
    CHECK_CONTAINS(err.message, "\\u0000");
}

static void
test_top_level_not_object(void)
{
    CHECK_INT_EQ(load("[1, 2]"), -1);
    CHECK_INT_EQ(err.status, DG_INVALID);
    CHECK_CONTAINS(err.message, "must be an object");
}

static void
test_unknown_keys_with_hints(void)
{
    CHECK_INT_EQ(
        load("{\"version\": \"1.0\", \"tabels\": {},"
             "\"database\": {\"nmae\": \"x\"},"
             "\"tables\": {\"users\": {\"colums\": [], \"columns\": ["
             "{\"name\": \"a\", \"type\": \"text\"},"
             "{\"name\": \"b\", \"type\": \"text\"},"
             "{\"name\": \"c\", \"type\": \"text\", \"nulable\": true,"
             " \"zzzzzz\": 1}],"
             "\"foreign_keys\": [{\"columns\": [\"a\"], "
             "\"referenced_table\": \"x\", \"ondelete\": \"CASCADE\"}],"
             "\"indexes\": [{\"columns\": [\"a\"], \"method\": \"gin\"}]}},"
             "\"sequences\": {\"s\": {\"incremnt\": 2}},"
             "\"custom_types\": {\"m\": {\"kind\": \"enum\", "
             "\"definition\": {\"value\": [\"a\"]}}}}"),
        0);
    CHECK_STR_EQ(message_at("tables.users.columns[2]"),
                 "unknown key \"nulable\"");
    CHECK_STR_EQ(hint_at("tables.users.columns[2]"),
                 "did you mean \"nullable\"?");
    CHECK_STR_EQ(message_at("tables.users"), "unknown key \"colums\"");
    CHECK_STR_EQ(hint_at("tables.users"), "did you mean \"columns\"?");
    CHECK_STR_EQ(message_at("database"), "unknown key \"nmae\"");
    CHECK_STR_EQ(hint_at("database"), "did you mean \"name\"?");
    CHECK_STR_EQ(hint_at("tables.users.foreign_keys[0]"),
                 "did you mean \"on_delete\"?");
    CHECK_STR_EQ(message_at("tables.users.indexes[0]"),
                 "unknown key \"method\"");
    CHECK_STR_EQ(hint_at("sequences.s"), "did you mean \"increment\"?");
    CHECK_STR_EQ(message_at("custom_types.m.definition"),
                 "unknown key \"value\"");
    CHECK_STR_EQ(hint_at("custom_types.m.definition"),
                 "did you mean \"values\"?");
    /* the required "values" is then missing too */
    bool found_missing = false, found_zzz = false, found_tabels = false;
    for (size_t i = 0; i < diags.count; i++) {
        const struct diag *d = &diags.items[i];
        if (d->path && strcmp(d->path, "custom_types.m.definition") == 0 &&
            strcmp(d->message, "missing required key \"values\"") == 0)
            found_missing = true;
        if (strcmp(d->message, "unknown key \"zzzzzz\"") == 0)
            found_zzz = d->hint == NULL;
        if (d->path == NULL &&
            strcmp(d->message, "unknown key \"tabels\"") == 0)
            found_tabels =
                d->hint && strcmp(d->hint, "did you mean \"tables\"?") == 0;
    }
    CHECK(found_missing);
    CHECK(found_zzz);
    CHECK(found_tabels);
    /* the table is still loaded */
    CHECK_INT_EQ(schema.tables[0].column_count, 3);
    CHECK(schema.tables[0].columns[2].nullable == false);
}

static void
test_wrong_types(void)
{
    CHECK_INT_EQ(
        load("{\"version\": 1, \"database\": {\"name\": [\"x\"]},"
             "\"tables\": {\"t\": {\"columns\": [\"oops\","
             "{\"name\": \"a\", \"type\": \"text\", \"nullable\": \"yes\","
             "\"generator_config\": [1]}],"
             "\"row_count\": 1.5, \"primary_key\": \"a\","
             "\"foreign_keys\": {}},"
             "\"u\": 7},"
             "\"sequences\": {\"s\": {\"start\": \"1\"}},"
             "\"extensions\": [\"pgcrypto\", 3]}"),
        0);
    CHECK_STR_EQ(message_at("version"), "expected a string, got a number");
    CHECK_STR_EQ(message_at("database.name"),
                 "expected a string, got an array");
    CHECK_STR_EQ(message_at("tables.t.columns[0]"),
                 "expected an object, got a string");
    CHECK_STR_EQ(message_at("tables.t.columns[1].nullable"),
                 "expected a boolean, got a string");
    CHECK_STR_EQ(message_at("tables.t.columns[1].generator_config"),
                 "expected an object, got an array");
    CHECK_STR_EQ(message_at("tables.t.row_count"),
                 "expected an integer, got a number");
    CHECK_STR_EQ(message_at("tables.t.primary_key"),
                 "expected an array of strings, got a string");
    CHECK_STR_EQ(message_at("tables.t.foreign_keys"),
                 "expected an array, got an object");
    CHECK_STR_EQ(message_at("tables.u"), "expected an object, got a number");
    CHECK_STR_EQ(message_at("sequences.s.start"),
                 "expected an integer, got a string");
    CHECK_STR_EQ(message_at("extensions[1]"),
                 "expected a string, got a number");
    /* broken items keep their slot; good ones are loaded */
    CHECK_INT_EQ(schema.table_count, 1);
    CHECK_INT_EQ(schema.tables[0].column_count, 2);
    CHECK(schema.tables[0].columns[0].name == NULL);
    CHECK_STR_EQ(schema.tables[0].columns[1].name, "a");
    CHECK_INT_EQ(schema.tables[0].row_count, SCHEMA_DEFAULT_ROW_COUNT);
    CHECK_INT_EQ(schema.extensions.count, 2);
    CHECK(schema.extensions.names[1] == NULL);
    CHECK_INT_EQ(diags.error_count, 11);
}

static void
test_missing_required_keys(void)
{
    CHECK_INT_EQ(
        load("{\"tables\": {\"t\": {\"columns\": [{\"type\": \"text\"},"
             "{\"name\": \"b\"}],"
             "\"foreign_keys\": [{}],"
             "\"check_constraints\": [{\"name\": \"c\"}],"
             "\"indexes\": [{\"name\": \"i\"}],"
             "\"unique_constraints\": [{}]},"
             "\"v\": {}},"
             "\"custom_types\": {\"k\": {}, \"d\": {\"kind\": \"domain\", "
             "\"definition\": {}}}}"),
        0);
    const char *expected[][2] = {
        {"", "missing required key \"version\""},
        {"tables.t.columns[0]", "missing required key \"name\""},
        {"tables.t.columns[1]", "missing required key \"type\""},
        {"tables.t.foreign_keys[0]", "missing required key \"columns\""},
        {"tables.t.foreign_keys[0]",
         "missing required key \"referenced_table\""},
        {"tables.t.check_constraints[0]",
         "missing required key \"expression\""},
        {"tables.t.indexes[0]", "missing required key \"columns\""},
        {"tables.t.unique_constraints[0]", "missing required key \"columns\""},
        {"tables.v", "missing required key \"columns\""},
        {"custom_types.k", "missing required key \"kind\""},
        {"custom_types.k", "missing required key \"definition\""},
        {"custom_types.d.definition", "missing required key \"base_type\""},
    };
    size_t count = sizeof(expected) / sizeof(expected[0]);
    for (size_t e = 0; e < count; e++) {
        bool found = false;
        for (size_t i = 0; i < diags.count && !found; i++) {
            const struct diag *d = &diags.items[i];
            const char *p = d->path ? d->path : "";
            found = strcmp(p, expected[e][0]) == 0 &&
                    strcmp(d->message, expected[e][1]) == 0;
        }
        if (!found)
            printf("  missing: %s: %s\n", expected[e][0], expected[e][1]);
        CHECK(found);
    }
    CHECK_INT_EQ(diags.error_count, count);
    /* the type without a kind is left out; the domain stays */
    CHECK_INT_EQ(schema.custom_type_count, 1);
    CHECK_STR_EQ(schema.custom_types[0].name, "d");
}

static void
test_missing_tables(void)
{
    CHECK_INT_EQ(load("{\"version\": \"1.0\"}"), 0);
    CHECK_INT_EQ(diags.error_count, 1);
    CHECK(diags.items[0].path == NULL);
    CHECK_STR_EQ(diags.items[0].message, "missing required key \"tables\"");
}

static void
test_keyed_names_must_match(void)
{
    CHECK_INT_EQ(load("{\"version\": \"1.0\", \"tables\": {},"
                      "\"sequences\": {\"s\": {\"name\": \"t\"}},"
                      "\"custom_types\": {\"m\": {\"name\": \"n\", "
                      "\"kind\": \"enum\", \"definition\": "
                      "{\"values\": [\"a\"]}}}}"),
                 0);
    CHECK_STR_EQ(message_at("sequences.s.name"),
                 "name \"t\" does not match its key \"s\"");
    CHECK_STR_EQ(message_at("custom_types.m.name"),
                 "name \"n\" does not match its key \"m\"");
}

static void
test_unknown_kind(void)
{
    CHECK_INT_EQ(load("{\"version\": \"1.0\", \"tables\": {},"
                      "\"custom_types\": {\"m\": {\"kind\": \"enun\", "
                      "\"definition\": {\"values\": [\"a\"]}}}}"),
                 0);
    CHECK_STR_EQ(message_at("custom_types.m.kind"), "unknown kind \"enun\"");
    CHECK_STR_EQ(hint_at("custom_types.m.kind"), "did you mean \"enum\"?");
    CHECK_INT_EQ(schema.custom_type_count, 0);
    /* the validator does not blame the columns of that type again */
    CHECK_INT_EQ(load("{\"version\": \"1.0\", \"tables\": {\"t\": {"
                      "\"columns\": [{\"name\": \"a\", \"type\": \"m[]\"}]}},"
                      "\"custom_types\": {\"m\": {\"kind\": \"enun\", "
                      "\"definition\": {\"values\": [\"a\"]}}}}"),
                 0);
    CHECK_INT_EQ(schema_validate(&schema, &diags), 0);
    CHECK_INT_EQ(diags.error_count, 1);
}

static void
test_unknown_kind_prefix_hint(void)
{
    CHECK_INT_EQ(load("{\"version\": \"1.0\", \"tables\": {},"
                      "\"custom_types\": {\"m\": {\"kind\": "
                      "\"enumeration\", \"definition\": {}}}}"),
                 0);
    CHECK_STR_EQ(hint_at("custom_types.m.kind"), "did you mean \"enum\"?");
}

static void
test_composite_field_keys(void)
{
    CHECK_INT_EQ(load("{\"version\": \"1.0\", \"tables\": {},"
                      "\"custom_types\": {\"c\": {\"kind\": \"composite\", "
                      "\"definition\": {\"fields\": [{\"name\": \"x\", "
                      "\"type\": \"int\", \"nullable\": true}]}}}}"),
                 0);
    CHECK_STR_EQ(message_at("custom_types.c.definition.fields[0]"),
                 "unknown key \"nullable\"");
}

static void
test_null_means_absent(void)
{
    CHECK_INT_EQ(load("{\"version\": \"1.0\", \"tables\": {\"t\": {"
                      "\"columns\": [{\"name\": \"a\", \"type\": \"text\","
                      "\"default\": null, \"comment\": null}],"
                      "\"row_count\": null}}, \"sequences\": null}"),
                 0);
    CHECK_INT_EQ(diags.count, 0);
    CHECK(schema.tables[0].columns[0].default_sql == NULL);
    CHECK(!schema.tables[0].row_count_given);
}

static void
test_load_file(void)
{
    schema_release(&schema);
    diag_list_release(&diags);
    diag_list_init(&diags);
    dg_error_init(&err);
    CHECK_INT_EQ(
        schema_load_file("/nonexistent/dir/schema.json", &schema, &diags, &err),
        -1);
    CHECK_INT_EQ(err.status, DG_IO);
    CHECK_CONTAINS(err.message, "/nonexistent/dir/schema.json");
    CHECK_CONTAINS(err.message, "No such file or directory");

    char name[] = "/tmp/test_schema_loadXXXXXX";
    int fd = mkstemp(name);
    CHECK(fd >= 0);
    const char *text = "{\"version\": \"1.0\",\n \"tables\": }";
    CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    dg_error_init(&err);
    CHECK_INT_EQ(schema_load_file(name, &schema, &diags, &err), -1);
    char expected[64];
    snprintf(expected, sizeof(expected), "%s:2:12", name);
    CHECK_STR_EQ(err.location, expected);

    FILE *out = fopen(name, "w");
    CHECK(out != NULL);
    fputs(full_document, out);
    fclose(out);
    dg_error_init(&err);
    CHECK_INT_EQ(schema_load_file(name, &schema, &diags, &err), 0);
    CHECK_STR_EQ(schema.source, name);
    CHECK_INT_EQ(schema.table_count, 2);
    unlink(name);
}

static void
test_load_json_steals(void)
{
    schema_release(&schema);
    diag_list_release(&diags);
    diag_list_init(&diags);
    dg_error_init(&err);
    json_t *doc = json_pack("{s:s, s:{}}", "version", "1.0", "tables");
    CHECK(doc != NULL);
    CHECK_INT_EQ(schema_load_json(doc, "<template x>", &schema, &diags, &err),
                 0);
    CHECK(schema.json == doc);
    CHECK_STR_EQ(schema.source, "<template x>");
    CHECK_INT_EQ(diags.count, 0);
}

int
main(void)
{
    diag_list_init(&diags);
    RUN(test_every_key);
    RUN(test_defaults);
    RUN(test_row_count_zero_is_given);
    RUN(test_syntax_error_location);
    RUN(test_duplicate_keys_rejected);
    RUN(test_nul_in_names_rejected);
    RUN(test_top_level_not_object);
    RUN(test_unknown_keys_with_hints);
    RUN(test_wrong_types);
    RUN(test_missing_required_keys);
    RUN(test_missing_tables);
    RUN(test_keyed_names_must_match);
    RUN(test_unknown_kind);
    RUN(test_unknown_kind_prefix_hint);
    RUN(test_composite_field_keys);
    RUN(test_null_means_absent);
    RUN(test_load_file);
    RUN(test_load_json_steals);
    schema_release(&schema);
    diag_list_release(&diags);
    return HARNESS_DONE();
}
