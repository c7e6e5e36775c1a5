#include "cli/cli_jsonschema.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_internal.h"
#include "cli/cli_json.h"
#include "core/buf.h"
#include "core/embedded.h"
#include "gen/gen.h"
#include "gen/gen_semantic.h"

/*
 * The JSON Schema mirrors what the loader (schema_load.c) checks: the same
 * keys, JSON types and required members; JSON null counts as absent for an
 * optional member there, so optional members accept null here. Rules that
 * need the whole model (references, types, names) are left to `validate`,
 * except simple ones a JSON Schema states exactly (version "1.0", row
 * counts >= 0, distinct enum labels, referential actions, index methods,
 * generator names and their generator_config keys).
 */

#define DRAFT "https://json-schema.org/draft/2020-12/schema"

static json_t *
described(json_t *schema, const char *description)
{
    json_object_set_new(schema, "description", json_string(description));
    return schema;
}

/* {"type": type} or {"type": [type, "null"]} */
static json_t *
typed(const char *type, bool or_null)
{
    if (!or_null)
        return json_pack("{s:s}", "type", type);
    return json_pack("{s:[s,s]}", "type", type, "null");
}

static json_t *
ref(const char *name)
{
    char target[128];
    snprintf(target, sizeof(target), "#/$defs/%s", name);
    return json_pack("{s:s}", "$ref", target);
}

static json_t *
object_schema(json_t *properties, const char *const *required,
              const char *description)
{
    json_t *schema = json_pack("{s:s}", "type", "object");
    if (description)
        described(schema, description);
    if (required && required[0]) {
        json_t *list = json_array();
        for (const char *const *r = required; *r; r++)
            json_array_append_new(list, json_string(*r));
        json_object_set_new(schema, "required", list);
    }
    json_object_set_new(schema, "properties", properties);
    json_object_set_new(schema, "additionalProperties", json_false());
    return schema;
}

/* A case-insensitive ECMA-262 pattern for one of words, with any run of
 * blanks between the parts of a word ("SET NULL" also as "set  null"). */
static json_t *
words_pattern(const char *const *words, size_t count)
{
    struct buf pattern;
    buf_init(&pattern, 256);
    buf_puts(&pattern, "^\\s*(?:");
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            buf_putc(&pattern, '|');
        for (const char *c = words[i]; *c; c++) {
            if (*c == ' ')
                buf_puts(&pattern, "\\s+");
            else if (isalpha((unsigned char)*c))
                buf_printf(&pattern, "[%c%c]", toupper((unsigned char)*c),
                           tolower((unsigned char)*c));
            else
                buf_putc(&pattern, *c);
        }
    }
    buf_puts(&pattern, ")\\s*$");
    json_t *result = json_string(pattern.data);
    buf_release(&pattern);
    return result;
}

static json_t *
string_list(const char *const *items, size_t count)
{
    json_t *list = json_array();
    for (size_t i = 0; i < count; i++)
        json_array_append_new(list, json_string(items[i]));
    return list;
}

static json_t *
names_schema(bool or_null, const char *description)
{
    json_t *schema = typed("array", or_null);
    json_object_set_new(schema, "items",
                        json_pack("{s:s, s:i}", "type", "string", "minLength",
                                  1));
    return described(schema, description);
}

static json_t *
identifier(const char *description)
{
    return described(json_pack("{s:s, s:i, s:i}", "type", "string",
                               "minLength", 1, "maxLength", 63),
                     description);
}

/* The supported locales: the data directories with a locale.txt that the
 * generators accept. */
static json_t *
locale_schema(void)
{
    struct buf pattern;
    buf_init(&pattern, 256);
    json_t *examples = json_array();
    buf_puts(&pattern, "^(?:");
    size_t count = 0;
    for (size_t i = 0; i < embedded_file_count; i++) {
        const char *name = embedded_files[i].name;
        const char *slash = strchr(name + 5, '/');
        if (strncmp(name, "data/", 5) != 0 || slash == NULL ||
            strcmp(slash, "/locale.txt") != 0)
            continue;
        char locale[32];
        snprintf(locale, sizeof(locale), "%.*s", (int)(slash - name - 5),
                 name + 5);
        struct diag_list diags;
        diag_list_init(&diags);
        bool known = gen_semantic_check_locale(locale, "locale", &diags) == 0;
        diag_list_release(&diags);
        if (!known)
            continue;
        buf_printf(&pattern, "%s%s", count++ ? "|" : "", locale);
        char example[48];
        snprintf(example, sizeof(example), "%s.utf8", locale);
        json_array_append_new(examples, json_string(example));
    }
    buf_puts(&pattern, "|C|POSIX)?(?:[.@].*)?$");
    json_t *schema = typed("string", true);
    json_object_set_new(schema, "pattern", json_string(pattern.data));
    json_object_set_new(schema, "examples", examples);
    buf_release(&pattern);
    return schema;
}

static json_t *
database_schema(void)
{
    static const char *const encodings[] = {
        "UTF8", "SQL_ASCII", "LATIN1", "LATIN9", "WIN1252", "EUC_JP", "SJIS",
    };
    json_t *name = typed("string", true);
    json_object_set_new(name, "pattern",
                        json_string("^[A-Za-z][A-Za-z0-9_]*$"));
    json_object_set_new(name, "maxLength", json_integer(63));
    json_t *encoding = typed("string", true);
    json_object_set_new(encoding, "examples", string_list(encodings, 7));
    json_t *properties = json_pack(
        "{s:o, s:o, s:o}", "name",
        described(name, "The database name in the dump (pg_restore -C "
                        "creates it): a letter, then letters, digits and "
                        "underscores. Default \"datagen\""),
        "encoding",
        described(encoding, "The database encoding a PostgreSQL server "
                            "knows (case and punctuation ignored). "
                            "Default \"UTF8\""),
        "locale",
        described(locale_schema(),
                  "The data locale: the language and formats of names, "
                  "addresses and phone numbers; the part after a dot or @ "
                  "is ignored, C and POSIX mean en_US. Default "
                  "\"en_US.utf8\"; --locale overrides it"));
    json_t *schema = object_schema(properties, NULL,
                                   "Database-level settings");
    json_object_set_new(schema, "type", json_pack("[s,s]", "object", "null"));
    return schema;
}

/* What one generator_config key accepts. */
static json_t *
key_schema(const struct gen_key *key)
{
    json_t *schema;
    switch (key->type) {
    case GEN_KEY_INT:
        schema = typed("integer", false);
        break;
    case GEN_KEY_NUMBER:
        schema = typed("number", false);
        break;
    case GEN_KEY_FRACTION:
        schema = json_pack("{s:s, s:i, s:i}", "type", "number", "minimum", 0,
                           "maximum", 1);
        break;
    case GEN_KEY_STRING:
        schema = typed("string", false);
        break;
    case GEN_KEY_BOOL:
        schema = typed("boolean", false);
        break;
    case GEN_KEY_LIST:
        schema = typed("array", false);
        break;
    case GEN_KEY_SCALAR:
        schema = json_pack("{s:[s,s,s]}", "type", "number", "string",
                           "boolean");
        break;
    case GEN_KEY_ANY:
    default:
        schema = json_object();
        break;
    }
    struct buf text;
    buf_init(&text, 128);
    buf_puts(&text, key->description ? key->description : key->name);
    if (key->default_text) {
        buf_printf(&text, " (default: %s)", key->default_text);
        /* a default that reads as JSON of the key's type also goes into
         * "default", for editors to offer */
        json_t *value =
            json_loads(key->default_text, JSON_DECODE_ANY, NULL);
        bool fits = false;
        if (value)
            switch (key->type) {
            case GEN_KEY_INT:
                fits = json_is_integer(value);
                break;
            case GEN_KEY_NUMBER:
            case GEN_KEY_FRACTION:
                fits = json_is_number(value);
                break;
            case GEN_KEY_BOOL:
                fits = json_is_boolean(value);
                break;
            case GEN_KEY_SCALAR:
                fits = json_is_number(value) || json_is_boolean(value);
                break;
            default:
                break;
            }
        if (fits)
            json_object_set(schema, "default", value);
        json_decref(value);
    }
    described(schema, text.data);
    buf_release(&text);
    return schema;
}

static json_t *
null_fraction_schema(void)
{
    return described(json_pack("{s:s, s:i, s:i}", "type", "number", "minimum",
                               0, "maximum", 1),
                     "The share of NULLs in a nullable column, 0 to 1 "
                     "(default 0.1; accepted by every generator)");
}

/* generator_config of one generator: its declared keys and null_fraction,
 * nothing else. */
static json_t *
config_schema(const struct gen_kind *kind)
{
    json_t *properties = json_object();
    if (kind->keys) {
        for (const struct gen_key *key = kind->keys; key->name; key++)
            json_object_set_new(properties, key->name, key_schema(key));
    } else if (kind->config_keys) {
        for (const char *const *key = kind->config_keys; *key; key++)
            json_object_set_new(properties, *key, json_object());
    }
    if (json_object_get(properties, "null_fraction") == NULL)
        json_object_set_new(properties, "null_fraction",
                            null_fraction_schema());
    char types[512];
    gen_kind_types_text(kind, types, sizeof(types));
    struct buf description;
    buf_init(&description, 256);
    buf_printf(&description,
               "Settings of the \"%s\" generator (%s; column types: %s)",
               kind->name, kind->description, types);
    json_t *schema = object_schema(properties, NULL, description.data);
    buf_release(&description);
    json_object_set_new(schema, "type", json_pack("[s,s]", "object", "null"));
    return schema;
}

static json_t *
column_schema(bool field)
{
    if (field) {
        static const char *const required[] = {"name", "type", NULL};
        return object_schema(
            json_pack("{s:o, s:o}", "name",
                      identifier("The field name"), "type",
                      described(json_pack("{s:s, s:i}", "type", "string",
                                          "minLength", 1),
                                "The field's PostgreSQL type")),
            required, "A field of a composite type");
    }
    json_t *generator_names = json_array();
    json_t *generator_texts = json_array();
    json_t *conditions = json_array();
    for (size_t i = 0; i < gen_kind_count(); i++) {
        const struct gen_kind *kind = gen_kind_at(i);
        json_array_append_new(generator_names, json_string(kind->name));
        json_array_append_new(generator_texts,
                              json_string(kind->description));
        char target[96];
        snprintf(target, sizeof(target), "generator_config.%s", kind->name);
        json_array_append_new(
            conditions,
            json_pack("{s:{s:{s:{s:s}}, s:[s]}, s:{s:{s:o}}}", "if",
                      "properties", "generator", "const", kind->name,
                      "required", "generator", "then", "properties",
                      "generator_config", ref(target)));
    }
    json_t *generator = typed("string", true);
    json_object_set_new(generator, "enum", generator_names);
    /* Visual Studio Code shows these beside the names */
    json_object_set_new(generator, "enumDescriptions", generator_texts);
    /* a null "generator" is absent, as for every optional key */
    json_array_append_new(json_object_get(generator, "enum"), json_null());
    json_array_append_new(json_object_get(generator, "enumDescriptions"),
                          json_string("chosen from the column's name and "
                                      "type"));
    json_t *any_config =
        json_pack("{s:[s,s], s:{s:o}}", "type", "object", "null",
                  "properties", "null_fraction", null_fraction_schema());
    described(any_config,
              "The generator's settings; with \"generator\" named, only "
              "its keys (see `datagen generators`)");
    json_t *type = json_pack("{s:s, s:i, s:[s,s,s,s,s,s,s,s,s,s,s,s]}",
                             "type", "string", "minLength", 1, "examples",
                             "integer", "bigint", "serial", "bigserial",
                             "text", "varchar(255)", "numeric(10,2)",
                             "boolean", "date", "timestamptz", "uuid",
                             "jsonb");
    json_t *default_value =
        json_pack("{s:[s,s,s,s]}", "type", "string", "number", "boolean",
                  "null");
    json_t *properties = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "name",
        identifier("The column name; reserved words and mixed case are "
                   "quoted in the dump where PostgreSQL requires it"),
        "type",
        described(type, "A PostgreSQL type as written in SQL, with aliases, "
                        "modifiers and [] for arrays, or a custom type of "
                        "the schema"),
        "nullable",
        described(typed("boolean", true),
                  "Whether the column allows NULL (default false: NOT "
                  "NULL)"),
        "default",
        described(default_value,
                  "An SQL default expression written into CREATE TABLE as "
                  "is (numbers and booleans as their literal)"),
        "generator",
        described(generator, "The generator that fills the column (default: "
                             "chosen from its name and type)"),
        "generator_config", any_config, "comment",
        described(typed("string", true), "COMMENT ON COLUMN"));
    static const char *const required[] = {"name", "type", NULL};
    json_t *schema = object_schema(properties, required, "A column");
    json_object_set_new(schema, "allOf", conditions);
    return schema;
}

static json_t *
table_schema(void)
{
    static const char *const actions[] = {
        "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION",
    };
    static const char *const methods[] = {"btree", "hash", "gin", "gist"};
    json_t *action = typed("string", true);
    json_object_set_new(action, "pattern", words_pattern(actions, 5));
    json_object_set_new(action, "examples", string_list(actions, 5));
    json_t *on_update = json_deep_copy(action);
    static const char *const fk_required[] = {"columns", "referenced_table",
                                              NULL};
    json_t *fk = object_schema(
        json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "columns",
                  names_schema(false, "The referencing columns"),
                  "referenced_table",
                  described(json_pack("{s:s, s:i}", "type", "string",
                                      "minLength", 1),
                            "The referenced table"),
                  "referenced_columns",
                  names_schema(true, "The referenced columns (default: the "
                                     "referenced table's primary key)"),
                  "on_delete",
                  described(action, "ON DELETE: CASCADE, SET NULL, SET "
                                    "DEFAULT, RESTRICT or NO ACTION"),
                  "on_update",
                  described(on_update, "ON UPDATE: CASCADE, SET NULL, SET "
                                       "DEFAULT, RESTRICT or NO ACTION"),
                  "name",
                  described(typed("string", true),
                            "The constraint name (default: "
                            "TABLE_COLUMN_fkey, as PostgreSQL names it)")),
        fk_required, "A FOREIGN KEY constraint");
    static const char *const columns_required[] = {"columns", NULL};
    json_t *unique = object_schema(
        json_pack("{s:o, s:o}", "columns",
                  names_schema(false, "The columns that are unique together"),
                  "name",
                  described(typed("string", true),
                            "The constraint name (default: "
                            "TABLE_COLUMN_key)")),
        columns_required, "A UNIQUE constraint");
    static const char *const check_required[] = {"expression", NULL};
    json_t *check = object_schema(
        json_pack("{s:o, s:o}", "expression",
                  described(typed("string", false),
                            "The SQL boolean expression; the common shapes "
                            "(comparisons, BETWEEN, IN, LIKE, ~, length(), "
                            "arithmetic) also steer the generated values"),
                  "name",
                  described(typed("string", true),
                            "The constraint name (default: "
                            "TABLE_COLUMN_check)")),
        check_required, "A CHECK constraint");
    json_t *method = typed("string", true);
    json_object_set_new(method, "pattern", words_pattern(methods, 4));
    json_object_set_new(method, "examples", string_list(methods, 4));
    json_t *index = object_schema(
        json_pack("{s:o, s:o, s:o, s:o}", "columns",
                  names_schema(false, "The indexed columns"), "name",
                  described(typed("string", true),
                            "The index name (default: TABLE_COLUMN_idx)"),
                  "type",
                  described(method, "The index method: btree (default), "
                                    "hash, gin or gist"),
                  "unique",
                  described(typed("boolean", true),
                            "CREATE UNIQUE INDEX (default false)")),
        columns_required, "An index");
    json_t *row_count = typed("integer", true);
    json_object_set_new(row_count, "minimum", json_integer(0));
    json_object_set_new(row_count, "default", json_integer(1000));
    json_t *columns = json_pack("{s:s, s:i, s:o}", "type", "array",
                                "minItems", 1, "items", ref("column"));
    json_t *properties = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "columns",
        described(columns, "The columns, in order (at least one)"),
        "primary_key", names_schema(true, "The PRIMARY KEY columns"),
        "foreign_keys",
        described(json_pack("{s:[s,s], s:o}", "type", "array", "null",
                            "items", fk),
                  "FOREIGN KEY constraints; the dump adds them after the "
                  "data, so cycles and self-references work"),
        "unique_constraints",
        described(json_pack("{s:[s,s], s:o}", "type", "array", "null",
                            "items", unique),
                  "UNIQUE constraints"),
        "check_constraints",
        described(json_pack("{s:[s,s], s:o}", "type", "array", "null",
                            "items", check),
                  "CHECK constraints"),
        "indexes",
        described(json_pack("{s:[s,s], s:o}", "type", "array", "null",
                            "items", index),
                  "Indexes"),
        "row_count",
        described(row_count, "Rows to generate (default 1000); --rows and "
                             "--scale override it"),
        "comment", described(typed("string", true), "COMMENT ON TABLE"));
    static const char *const required[] = {"columns", NULL};
    return object_schema(properties, required, "A table");
}

static json_t *
sequence_schema(void)
{
    json_t *increment = typed("integer", true);
    json_object_set_new(increment, "not", json_pack("{s:i}", "const", 0));
    json_t *properties = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "name",
        described(typed("string", true),
                  "The sequence name; when given it must repeat its key"),
        "start", described(typed("integer", true), "START WITH (default 1)"),
        "increment",
        described(increment, "INCREMENT BY, not 0 (default 1)"),
        "min_value", described(typed("integer", true), "MINVALUE"),
        "max_value", described(typed("integer", true), "MAXVALUE"), "cache",
        described(typed("integer", true), "CACHE (default 1)"), "cycle",
        described(typed("boolean", true), "CYCLE (default false)"));
    return object_schema(properties, NULL,
                         "A sequence; a column default nextval('name') "
                         "takes its values from it");
}

static json_t *
custom_type_schema(void)
{
    static const char *const kinds[] = {"enum", "composite", "domain"};
    json_t *values = json_pack("{s:s, s:i, s:b, s:{s:s}}", "type", "array",
                               "minItems", 1, "uniqueItems", 1, "items",
                               "type", "string");
    static const char *const values_required[] = {"values", NULL};
    json_t *enum_definition = object_schema(
        json_pack("{s:o}", "values",
                  described(values, "The labels, distinct, in order")),
        values_required, "An enum: its labels");
    static const char *const fields_required[] = {"fields", NULL};
    json_t *composite_definition = object_schema(
        json_pack("{s:o}", "fields",
                  described(json_pack("{s:s, s:o}", "type", "array", "items",
                                      ref("field")),
                            "The fields: name and type")),
        fields_required, "A composite type: its fields");
    static const char *const domain_required[] = {"base_type", NULL};
    json_t *domain_definition = object_schema(
        json_pack("{s:o, s:o, s:o}", "base_type",
                  described(json_pack("{s:s, s:i}", "type", "string",
                                      "minLength", 1),
                            "The underlying PostgreSQL type"),
                  "constraint",
                  described(typed("string", true),
                            "A CHECK expression over VALUE, with or without "
                            "CHECK (...)"),
                  "not_null",
                  described(typed("boolean", true),
                            "NOT NULL (default false)")),
        domain_required, "A domain: a base type with a constraint");
    json_t *kind = json_pack("{s:s, s:o}", "type", "string", "enum",
                             string_list(kinds, 3));
    static const char *const required[] = {"kind", "definition", NULL};
    json_t *schema = object_schema(
        json_pack("{s:o, s:o, s:o}", "name",
                  described(typed("string", true),
                            "The type name; when given it must repeat its "
                            "key"),
                  "kind",
                  described(kind, "enum, composite or domain"),
                  "definition",
                  described(typed("object", false),
                            "What the type is made of; depends on kind")),
        required, "A custom type: enum, composite or domain");
    json_t *definitions[] = {enum_definition, composite_definition,
                             domain_definition};
    json_t *conditions = json_array();
    for (int i = 0; i < 3; i++)
        json_array_append_new(
            conditions,
            json_pack("{s:{s:{s:{s:s}}}, s:{s:{s:o}}}", "if", "properties",
                      "kind", "const", kinds[i], "then", "properties",
                      "definition", definitions[i]));
    json_object_set_new(schema, "allOf", conditions);
    return schema;
}

static json_t *
schema_schema(void)
{
    json_t *tables = json_pack("{s:s, s:i, s:{s:i, s:i}, s:o}", "type",
                               "object", "minProperties", 1, "propertyNames",
                               "minLength", 1, "maxLength", 63,
                               "additionalProperties", ref("table"));
    json_t *properties = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "$schema",
        described(typed("string", false),
                  "The JSON Schema of this format, for editors: " CLI_JSON_SCHEMA_ID),
        "version",
        described(json_pack("{s:s, s:[s]}", "type", "string", "enum", "1.0"),
                  "The format version: \"1.0\""),
        "database", ref("database"), "tables",
        described(tables, "The tables: name -> table"), "sequences",
        described(json_pack("{s:[s,s], s:o}", "type", "object", "null",
                            "additionalProperties", ref("sequence")),
                  "Sequences: name -> sequence"),
        "custom_types",
        described(json_pack("{s:[s,s], s:o}", "type", "object", "null",
                            "additionalProperties", ref("custom_type")),
                  "Enum, composite and domain types: name -> type"),
        "extensions",
        described(json_pack("{s:[s,s], s:{s:s}}", "type", "array", "null",
                            "items", "type", "string"),
                  "Extensions to create (CREATE EXTENSION IF NOT "
                  "EXISTS)"));
    static const char *const required[] = {"version", "tables", NULL};
    return object_schema(properties, required,
                         "A datagen schema: the PostgreSQL schema to create "
                         "and how to fill it");
}

static json_t *
parameter_schema(bool named)
{
    json_t *properties = json_pack(
        "{s:o, s:o, s:o, s:o}", "name",
        described(typed("string", false), "The parameter name"), "type",
        described(typed("string", false),
                  "Its type, such as int, float, string, bool, "
                  "string_array or int_map"),
        "default", described(json_object(), "Its default value"),
        "description",
        described(typed("string", false), "What it changes"));
    static const char *const named_required[] = {"name", "type", NULL};
    static const char *const required[] = {"type", NULL};
    return object_schema(properties, named ? named_required : required,
                         "A template parameter");
}

static json_t *
template_schema(void)
{
    json_t *parameters = json_pack(
        "{s:[o,o,{s:s}]}", "anyOf",
        json_pack("{s:s, s:o}", "type", "object", "additionalProperties",
                  parameter_schema(false)),
        json_pack("{s:s, s:o}", "type", "array", "items",
                  parameter_schema(true)),
        "type", "null");
    json_t *properties = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o}", "$schema",
        described(typed("string", false),
                  "The JSON Schema of this format, for editors"),
        "name", described(typed("string", false), "The template name"),
        "description",
        described(typed("string", false),
                  "One line on what the template models"),
        "category",
        described(typed("string", false),
                  "Its category, such as retail or finance"),
        "schema", ref("schema"), "parameters",
        described(parameters,
                  "What a user may change: name -> {type, default, "
                  "description}, or a list of such objects with a name"));
    static const char *const required[] = {"schema", NULL};
    return object_schema(properties, required,
                         "A template: a schema with a name, a description "
                         "and parameters");
}

json_t *
cli_jsonschema_build(void)
{
    json_t *defs = json_object();
    json_object_set_new(defs, "schema", schema_schema());
    json_object_set_new(defs, "template", template_schema());
    json_object_set_new(defs, "database", database_schema());
    json_object_set_new(defs, "table", table_schema());
    json_object_set_new(defs, "column", column_schema(false));
    json_object_set_new(defs, "field", column_schema(true));
    json_object_set_new(defs, "sequence", sequence_schema());
    json_object_set_new(defs, "custom_type", custom_type_schema());
    for (size_t i = 0; i < gen_kind_count(); i++) {
        const struct gen_kind *kind = gen_kind_at(i);
        char name[96];
        snprintf(name, sizeof(name), "generator_config.%s", kind->name);
        json_object_set_new(defs, name, config_schema(kind));
    }
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:[o,o], s:o}", "$schema", DRAFT, "$id",
        CLI_JSON_SCHEMA_ID, "title", "datagen input",
        "description",
        "A datagen schema file (or a template: a schema with a name, a "
        "description and parameters). Printed by `datagen json-schema` "
        "from the generator registry; `datagen validate` checks what a "
        "JSON Schema cannot (references, types, names)",
        "anyOf", ref("schema"), ref("template"), "$defs", defs);
}

static const char usage[] =
    "usage: datagen json-schema\n"
    "\n"
    "Print the JSON Schema (draft 2020-12) of the input format: a schema\n"
    "file, or a template (a schema with a name, a description and\n"
    "parameters). It lists every key with a description, the generator\n"
    "names and each generator's generator_config keys with their types,\n"
    "so editors can check and complete schema files. Its $id is\n" CLI_JSON_SCHEMA_ID
    "\n"
    "(an identifier, not a download location); files written by `datagen\n"
    "init` name it in \"$schema\".\n";

int
cli_jsonschema_run(int argc, char **argv)
{
    if (argc > 2 &&
        (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    if (argc > 2)
        return cli_usage_error("json-schema", "unexpected argument \"%s\"",
                               argv[2]);
    json_t *schema = cli_jsonschema_build();
    struct buf text;
    buf_init(&text, 256 * 1024);
    cli_json_write(&text, schema);
    json_decref(schema);
    fwrite(text.data, 1, text.len, stdout);
    buf_release(&text);
    return cli_finish_stdout();
}
