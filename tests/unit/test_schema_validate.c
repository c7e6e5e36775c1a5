#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "harness.h"
#include "schema/schema.h"

/*
 * Schemas are written with ' for JSON's double quote and ` for SQL's single
 * quote, to keep them readable.
 */

static struct schema schema;
static struct diag_list diags;

static long
validate(const char *text)
{
    schema_release(&schema);
    diag_list_release(&diags);
    diag_list_init(&diags);
    char *json = strdup(text);
    for (char *c = json; *c; c++) {
        if (*c == '\'')
            *c = '"';
        else if (*c == '`')
            *c = '\'';
    }
    struct dg_error err;
    dg_error_init(&err);
    int rc =
        schema_load_string(json, strlen(json), "t.json", &schema, &diags, &err);
    free(json);
    if (rc < 0) {
        printf("  load failed: %s: %s\n", err.location, err.message);
        return -1;
    }
    if (diags.error_count > 0) {
        printf("  the loader complained:\n");
        diag_list_print(&diags, stdout);
        return -1;
    }
    return (long)schema_validate(&schema, &diags);
}

static const struct diag *
find(const char *path, const char *needle)
{
    for (size_t i = 0; i < diags.count; i++) {
        const struct diag *d = &diags.items[i];
        if (strcmp(d->path ? d->path : "", path) == 0 &&
            strstr(d->message, needle))
            return d;
    }
    return NULL;
}

/* Asserts an error at exactly path whose message contains needle. */
#define CHECK_DIAG(path, needle)                                               \
    do {                                                                       \
        if (find((path), (needle)) == NULL) {                                  \
            printf("  diagnostics:\n");                                        \
            diag_list_print(&diags, stdout);                                   \
        }                                                                      \
        CHECK(find((path), (needle)) != NULL);                                 \
    } while (0)

#define CHECK_HINT(path, needle, expected_hint)                                \
    do {                                                                       \
        CHECK_DIAG(path, needle);                                              \
        CHECK_STR_EQ(find((path), (needle))->hint, (expected_hint));           \
    } while (0)

#define CHECK_CLEAN()                                                          \
    do {                                                                       \
        if (diags.count != 0)                                                  \
            diag_list_print(&diags, stdout);                                   \
        CHECK_INT_EQ(diags.count, 0);                                          \
    } while (0)

#define V  "{'version': '1.0', "
#define ID "{'name': 'id', 'type': 'integer'}"

static const char valid_schema[] = V
    "'database': {'name': 'shop', 'encoding': 'utf8'},"
    "'tables': {"
    " 'products': {'columns': [" ID ","
    "   {'name': 'sku', 'type': 'varchar(20)'},"
    "   {'name': 'price', 'type': 'numeric(10,2)', 'default': '0'},"
    "   {'name': 'tags', 'type': 'text[]', 'nullable': true},"
    "   {'name': 'doc', 'type': 'jsonb', 'nullable': true},"
    "   {'name': 'mood', 'type': 'mood', 'nullable': true}],"
    "  'primary_key': ['id'],"
    "  'unique_constraints': [{'columns': ['sku'], 'name': 'sku_key'}],"
    "  'check_constraints': [{'expression': 'price >= 0 AND sku <> `it``s`'}],"
    "  'indexes': [{'columns': ['tags'], 'type': 'GIN'},"
    "              {'columns': ['doc'], 'type': 'gin', 'name': 'doc_idx'},"
    "              {'columns': ['price'], 'type': 'hash'}],"
    "  'row_count': 50},"
    " 'order_items': {'columns': [{'name': 'order_id', 'type': 'bigint'},"
    "   {'name': 'product_sku', 'type': 'text'},"
    "   {'name': 'product_id', 'type': 'int4'},"
    "   {'name': 'parent', 'type': 'bigint', 'nullable': true}],"
    "  'primary_key': ['order_id', 'product_id'],"
    "  'foreign_keys': ["
    "   {'columns': ['product_id'], 'referenced_table': 'products',"
    "    'on_delete': 'cascade', 'on_update': 'no  action'},"
    "   {'columns': ['product_sku'], 'referenced_table': 'products',"
    "    'referenced_columns': ['sku'], 'on_delete': 'restrict'},"
    "   {'columns': ['parent'], 'referenced_table': 'order_items',"
    "    'referenced_columns': ['order_id'], 'on_delete': 'set null'}],"
    "  'unique_constraints': [{'columns': ['order_id']}]},"
    " 'a': {'columns': [" ID ", {'name': 'b_id', 'type': 'integer',"
    "   'nullable': true}], 'primary_key': ['id'],"
    "   'foreign_keys': [{'columns': ['b_id'], 'referenced_table': 'b'}]},"
    " 'b': {'columns': [" ID ", {'name': 'a_id', 'type': 'integer'}],"
    "   'primary_key': ['id'],"
    "   'foreign_keys': [{'columns': ['a_id'], 'referenced_table': 'a'}]},"
    " 'Order': {'columns': [{'name': 'select', 'type': 'positive'},"
    "   {'name': 'Where', 'type': 'address'}], 'row_count': 0}"
    "},"
    "'sequences': {'s': {'start': 5, 'min_value': 5, 'max_value': 10},"
    "              'down': {'increment': -1, 'start': -1}},"
    "'custom_types': {"
    " 'mood': {'kind': 'enum', 'definition': {'values': ['sad', 'ok']}},"
    " 'positive': {'kind': 'domain', 'definition': {'base_type': 'small',"
    "   'constraint': 'VALUE > 0'}},"
    " 'small': {'kind': 'domain', 'definition': {'base_type': 'smallint'}},"
    " 'address': {'kind': 'composite', 'definition': {'fields': ["
    "   {'name': 'street', 'type': 'text'}, {'name': 'm', 'type': 'mood'}]}}"
    "},"
    "'extensions': ['pgcrypto', 'uuid-ossp']}";

static void
test_valid_schema(void)
{
    CHECK_INT_EQ(validate(valid_schema), 0);
    CHECK_CLEAN();
    /* normalised and resolved */
    CHECK_STR_EQ(schema.database.encoding, "UTF8");
    const struct table *items = schema_find_table(&schema, "order_items");
    CHECK(items != NULL);
    CHECK_STR_EQ(items->foreign_keys[0].on_delete, "CASCADE");
    CHECK_STR_EQ(items->foreign_keys[0].on_update, "NO ACTION");
    CHECK_STR_EQ(items->foreign_keys[2].on_delete, "SET NULL");
    const struct table *products = schema_find_table(&schema, "products");
    CHECK_STR_EQ(products->indexes[0].method, "gin");
    CHECK_INT_EQ(products->columns[1].type.base, PG_VARCHAR);
    CHECK_INT_EQ(products->columns[1].type.length, 20);
    CHECK_INT_EQ(products->columns[5].type.base, PG_ENUM);
    CHECK(products->columns[5].type.custom ==
          schema_find_type(&schema, "mood"));
    const struct custom_type *positive = schema_find_type(&schema, "positive");
    CHECK_INT_EQ(positive->base_type.base, PG_DOMAIN);
    struct pg_type base = pgtype_element(&positive->base_type, true);
    CHECK_INT_EQ(base.base, PG_SMALLINT);
    const struct custom_type *address = schema_find_type(&schema, "address");
    CHECK_INT_EQ(address->fields[1].type.base, PG_ENUM);
}

static void
test_lookups(void)
{
    CHECK_INT_EQ(validate(valid_schema), 0);
    CHECK(schema_find_table(&schema, "Order") == &schema.tables[4]);
    CHECK(schema_find_table(&schema, "order") == NULL);
    CHECK(schema_find_type(&schema, "small") == &schema.custom_types[2]);
    CHECK(schema_find_type(&schema, "nothing") == NULL);
    CHECK(schema_find_sequence(&schema, "down") == &schema.sequences[1]);
    CHECK(schema_find_sequence(&schema, "up") == NULL);
    CHECK_INT_EQ(table_column_index(&schema.tables[0], "price"), 2);
    CHECK_INT_EQ(table_column_index(&schema.tables[0], "Price"), -1);
}

static void
test_version(void)
{
    CHECK_INT_EQ(validate("{'version': '2.0', 'tables': {'t': {'columns': "
                          "[" ID "]}}}"),
                 1);
    CHECK_HINT("version", "unsupported version \"2.0\"", "use \"1.0\"");
}

static void
test_database_name(void)
{
    CHECK_INT_EQ(validate(V "'database': {'name': '1shop'},"
                            "'tables': {'t': {'columns': [" ID "]}}}"),
                 1);
    CHECK_DIAG("database.name", "invalid database name \"1shop\"");
    CHECK_INT_EQ(validate(V "'database': {'name': 'my-shop'},"
                            "'tables': {'t': {'columns': [" ID "]}}}"),
                 1);
    CHECK_DIAG("database.name", "invalid database name \"my-shop\"");
    CHECK_INT_EQ(
        validate(V "'database': {'name': 'a234567890123456789012345678901234"
                   "5678901234567890123456789012345'},"
                   "'tables': {'t': {'columns': [" ID "]}}}"),
        1);
    CHECK_DIAG("database.name", "is 65 bytes long, more than 63");
}

static void
test_encoding(void)
{
    CHECK_INT_EQ(validate(V "'database': {'encoding': 'UFT8'},"
                            "'tables': {'t': {'columns': [" ID "]}}}"),
                 1);
    CHECK_HINT("database.encoding", "unknown encoding \"UFT8\"",
               "did you mean \"UTF8\"?");
    CHECK_INT_EQ(validate(V "'database': {'encoding': 'utf-8'},"
                            "'tables': {'t': {'columns': [" ID "]}}}"),
                 1);
    CHECK_HINT("database.encoding", "unknown encoding \"utf-8\"",
               "did you mean \"UTF8\"?");
    CHECK_INT_EQ(validate(V "'database': {'encoding': 'Latin-1'},"
                            "'tables': {'t': {'columns': [" ID "]}}}"),
                 1);
    CHECK_HINT("database.encoding", "unknown encoding \"Latin-1\"",
               "did you mean \"LATIN1\"?");
    CHECK_INT_EQ(validate(V "'database': {'encoding': 'win1252'},"
                            "'tables': {'t': {'columns': [" ID "]}}}"),
                 0);
    CHECK_STR_EQ(schema.database.encoding, "WIN1252");
    CHECK_INT_EQ(validate(V "'database': {'encoding': 'EUC_JP'},"
                            "'tables': {'t': {'columns': [" ID "]}}}"),
                 0);
    CHECK_INT_EQ(validate(V "'database': {'encoding': 'SQL_ASCII'},"
                            "'tables': {'t': {'columns': [" ID "]}}}"),
                 0);
}

static void
test_no_tables(void)
{
    CHECK_INT_EQ(validate(V "'tables': {}}"), 1);
    CHECK_DIAG("tables", "the schema has no tables");
}

static void
test_identifiers(void)
{
    CHECK_INT_EQ(
        validate(V "'tables': {"
                   "'t234567890123456789012345678901234567890123456789012345"
                   "678901234': {'columns': [{'name': '', 'type': 'int'},"
                   "{'name': 'select', 'type': 'int'},"
                   "{'name': 'MixedCase', 'type': 'int'}]}}}"),
        2);
    CHECK_DIAG("tables.t234567890123456789012345678901234567890123456789012345"
               "678901234",
               "table name \"t2345");
    CHECK_DIAG("tables.t234567890123456789012345678901234567890123456789012345"
               "678901234",
               "is 64 bytes long, more than 63");
    CHECK_DIAG("tables.t234567890123456789012345678901234567890123456789012345"
               "678901234.columns[0].name",
               "column name is empty");
}

static void
test_table_without_columns(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': []}}}"), 1);
    CHECK_DIAG("tables.t.columns", "table \"t\" has no columns");
}

static void
test_duplicate_columns(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID ","
                            "{'name': 'x', 'type': 'int'}, " ID "]}}}"),
                 1);
    CHECK_HINT("tables.t.columns[2].name", "duplicate column \"id\" in table",
               "columns[0] has the same name");
}

static void
test_negative_row_count(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID "],"
                            "'row_count': -3}}}"),
                 1);
    CHECK_DIAG("tables.t.row_count", "row_count must be at least 0, not -3");
}

static void
test_column_type(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'users': {'columns': [" ID ","
                            "{'name': 'a', 'type': 'text'},"
                            "{'name': 'n', 'type': 'intger'},"
                            "{'name': 'v', 'type': 'varchar(0)'}]}}}"),
                 2);
    CHECK_HINT("tables.users.columns[2].type", "unknown type \"intger\"",
               "did you mean \"integer\"?");
    CHECK_DIAG("tables.users.columns[3].type",
               "length for type \"character varying\" must be at least 1");
}

static void
test_primary_key_columns(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID ","
                            "{'name': 'code', 'type': 'text'}],"
                            "'primary_key': ['idd', 'code', 'code']}}}"),
                 2);
    CHECK_HINT("tables.t.primary_key[0]",
               "unknown column \"idd\" in table "
               "\"t\"",
               "did you mean \"id\"?");
    CHECK_DIAG("tables.t.primary_key[2]",
               "column \"code\" appears twice in the primary key");
}

static void
test_primary_key_nullable(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [{'name': 'id', "
                            "'type': 'int', 'nullable': true}],"
                            "'primary_key': ['id']}}}"),
                 1);
    CHECK_HINT("tables.t.columns[0].nullable",
               "primary key column \"id\" cannot be nullable",
               "set \"nullable\": false");
}

static void
test_not_null_default_null(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID ","
                            "{'name': 'x', 'type': 'int', 'default': ' null'},"
                            "{'name': 'y', 'type': 'int', 'default': 'NULL',"
                            " 'nullable': true}]}}}"),
                 1);
    CHECK_DIAG("tables.t.columns[1].default",
               "column \"x\" is NOT NULL but its default is NULL");
}

static void
test_serial_default(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [{'name': 'id', "
                            "'type': 'serial', 'default': '1'}]}}}"),
                 1);
    CHECK_DIAG("tables.t.columns[0].default",
               "serial column \"id\" cannot have a default");
}

#define PRODUCTS                                                               \
    "'products': {'columns': [" ID ", {'name': 'sku', 'type': 'text'},"        \
    " {'name': 'code', 'type': 'text'}, {'name': 'u', 'type': 'uuid'}],"       \
    " 'primary_key': ['id'], 'unique_constraints': [{'columns': ['sku']}],"    \
    " 'indexes': [{'columns': ['code'], 'unique': true}]},"

static void
test_fk_unknown_table(void)
{
    CHECK_INT_EQ(validate(V "'tables': {" PRODUCTS
                            "'order_items': {'columns': [" ID ","
                            "{'name': 'product_id', 'type': 'int'}],"
                            "'foreign_keys': [{'columns': ['id'],"
                            "'referenced_table': 'products'},"
                            "{'columns': ['product_id'],"
                            "'referenced_table': 'prodcuts'}]}}}"),
                 1);
    CHECK_HINT("tables.order_items.foreign_keys[1].referenced_table",
               "unknown table \"prodcuts\"", "did you mean \"products\"?");
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    diag_list_print(&diags, out);
    fclose(out);
    CHECK_STR_EQ(text, "datagen: error: "
                       "tables.order_items.foreign_keys[1].referenced_table: "
                       "unknown table \"prodcuts\" (did you mean "
                       "\"products\"?)\n");
    free(text);
}

static void
test_fk_unknown_columns(void)
{
    CHECK_INT_EQ(validate(V "'tables': {" PRODUCTS "'o': {'columns': [" ID ","
                            "{'name': 'product_id', 'type': 'int'}],"
                            "'foreign_keys': [{'columns': ['product_idd'],"
                            "'referenced_table': 'products',"
                            "'referenced_columns': ['ids']}]}}}"),
                 2);
    CHECK_HINT("tables.o.foreign_keys[0].columns[0]",
               "unknown column \"product_idd\" in table \"o\"",
               "did you mean \"product_id\"?");
    CHECK_HINT("tables.o.foreign_keys[0].referenced_columns[0]",
               "unknown column \"ids\" in table \"products\"",
               "did you mean \"id\"?");
}

static void
test_fk_column_count(void)
{
    CHECK_INT_EQ(validate(V "'tables': {" PRODUCTS "'o': {'columns': [" ID ","
                            "{'name': 'product_id', 'type': 'int'}],"
                            "'foreign_keys': [{'columns': ['id', 'product_id'],"
                            "'referenced_table': 'products'}]}}}"),
                 1);
    CHECK_DIAG("tables.o.foreign_keys[0].columns",
               "foreign key has 2 columns but references 1");
}

static void
test_fk_without_primary_key(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'p': {'columns': [" ID "]},"
                            "'o': {'columns': [" ID "],"
                            "'foreign_keys': [{'columns': ['id'],"
                            "'referenced_table': 'p'}]}}}"),
                 1);
    CHECK_HINT("tables.o.foreign_keys[0].referenced_table",
               "table \"p\" has no primary key to reference",
               "give table \"p\" a \"primary_key\" or list "
               "\"referenced_columns\"");
}

static void
test_fk_types(void)
{
    CHECK_INT_EQ(validate(V "'tables': {" PRODUCTS "'o': {'columns': [" ID ","
                            "{'name': 'pid', 'type': 'text'},"
                            "{'name': 'pu', 'type': 'text'},"
                            "{'name': 'big', 'type': 'bigint'}],"
                            "'foreign_keys': [{'columns': ['pid'],"
                            "'referenced_table': 'products'},"
                            "{'columns': ['big'], 'referenced_table': 'o'},"
                            "{'columns': ['pu'], 'referenced_table': "
                            "'products', 'referenced_columns': ['u']}],"
                            "'primary_key': ['id']}}}"),
                 3);
    CHECK_HINT("tables.o.foreign_keys[0].columns[0]",
               "column \"pid\" (text) cannot reference \"products\".\"id\" "
               "(integer)",
               "give \"pid\" the type integer");
    /* the uuid column is not unique either */
    CHECK_DIAG("tables.o.foreign_keys[2].columns[0]",
               "column \"pu\" (text) cannot reference \"products\".\"u\" "
               "(uuid)");
}

static void
test_fk_needs_unique_target(void)
{
    CHECK_INT_EQ(validate(V "'tables': {" PRODUCTS "'o': {'columns': [" ID ","
                            "{'name': 's', 'type': 'text'},"
                            "{'name': 'c', 'type': 'text'},"
                            "{'name': 'u', 'type': 'uuid'}],"
                            "'foreign_keys': ["
                            "{'columns': ['s'], 'referenced_table': "
                            "'products', 'referenced_columns': ['sku']},"
                            "{'columns': ['c'], 'referenced_table': "
                            "'products', 'referenced_columns': ['code']},"
                            "{'columns': ['u'], 'referenced_table': "
                            "'products', 'referenced_columns': ['u']}]}}}"),
                 1);
    CHECK_HINT("tables.o.foreign_keys[2].referenced_columns",
               "columns (u) of table \"products\" are not its primary key nor "
               "covered by a unique constraint",
               "add a unique constraint on (u) to table \"products\"");
}

static void
test_fk_composite_any_order(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'p': {'columns': ["
                            "{'name': 'a', 'type': 'int'},"
                            "{'name': 'b', 'type': 'int'}],"
                            "'primary_key': ['a', 'b']},"
                            "'c': {'columns': [{'name': 'x', 'type': 'int'},"
                            "{'name': 'y', 'type': 'int'}],"
                            "'foreign_keys': [{'columns': ['y', 'x'],"
                            "'referenced_table': 'p',"
                            "'referenced_columns': ['b', 'a']}]}}}"),
                 0);
    CHECK_CLEAN();
}

static void
test_fk_actions(void)
{
    CHECK_INT_EQ(validate(V
                          "'tables': {" PRODUCTS
                          "'o': {'columns': [{'name': 'p', 'type': 'int'}],"
                          "'foreign_keys': [{'columns': ['p'],"
                          "'referenced_table': 'products',"
                          "'on_delete': 'CASCAD', 'on_update': 'explode'}]}}}"),
                 2);
    CHECK_HINT("tables.o.foreign_keys[0].on_delete",
               "unknown referential action \"CASCAD\"",
               "did you mean \"CASCADE\"?");
    CHECK_HINT("tables.o.foreign_keys[0].on_update",
               "unknown referential action \"explode\"",
               "use CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION");
}

static void
test_fk_set_null_on_not_null(void)
{
    CHECK_INT_EQ(validate(V "'tables': {" PRODUCTS
                            "'o': {'columns': [{'name': 'p', 'type': 'int'}],"
                            "'foreign_keys': [{'columns': ['p'],"
                            "'referenced_table': 'products',"
                            "'on_delete': 'SET NULL',"
                            "'on_update': 'set default'}]}}}"),
                 1);
    CHECK_HINT("tables.o.foreign_keys[0].on_delete",
               "ON DELETE SET NULL but column \"p\" is NOT NULL",
               "make \"p\" nullable or use another action");
    CHECK_STR_EQ(schema.tables[1].foreign_keys[0].on_update, "SET DEFAULT");
}

static void
test_fk_into_empty_table(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'p': {'columns': [" ID "],"
                            "'primary_key': ['id'], 'row_count': 0},"
                            "'o': {'columns': [{'name': 'p', 'type': 'int'},"
                            "{'name': 'q', 'type': 'int', 'nullable': true}],"
                            "'foreign_keys': [{'columns': ['p'],"
                            "'referenced_table': 'p'},"
                            "{'columns': ['q'], 'referenced_table': 'p'}]}}}"),
                 1);
    CHECK_DIAG("tables.o.foreign_keys[0].referenced_table",
               "table \"p\" has row_count 0, so this NOT NULL foreign key has "
               "nothing to reference");
}

static void
test_fk_self_reference_and_cycle_allowed(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'emp': {'columns': [" ID ","
                            "{'name': 'boss', 'type': 'int'}],"
                            "'primary_key': ['id'],"
                            "'foreign_keys': [{'columns': ['boss'],"
                            "'referenced_table': 'emp'}]},"
                            "'x': {'columns': [" ID ", {'name': 'y', "
                            "'type': 'int'}], 'primary_key': ['id'],"
                            "'foreign_keys': [{'columns': ['y'],"
                            "'referenced_table': 'y'}]},"
                            "'y': {'columns': [" ID ", {'name': 'x', "
                            "'type': 'int'}], 'primary_key': ['id'],"
                            "'foreign_keys': [{'columns': ['x'],"
                            "'referenced_table': 'x'}]}}}"),
                 0);
    CHECK_CLEAN();
}

static void
test_unique_constraint_columns(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID ","
                            "{'name': 'email', 'type': 'text'}],"
                            "'unique_constraints': [{'columns': ['emial']},"
                            "{'columns': []}]}}}"),
                 2);
    CHECK_HINT("tables.t.unique_constraints[0].columns[0]",
               "unknown column \"emial\"", "did you mean \"email\"?");
    CHECK_DIAG("tables.t.unique_constraints[1].columns",
               "the unique constraint has no columns");
}

static void
test_index_type(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID "],"
                            "'indexes': [{'columns': ['id'], 'type': 'btre'},"
                            "{'columns': ['idx']},"
                            "{'columns': ['id'], 'type': 'brin'}]}}}"),
                 3);
    CHECK_HINT("tables.t.indexes[0].type", "unknown index type \"btre\"",
               "did you mean \"btree\"?");
    CHECK_HINT("tables.t.indexes[1].columns[0]", "unknown column \"idx\"",
               "did you mean \"id\"?");
    CHECK_HINT("tables.t.indexes[2].type", "unknown index type \"brin\"",
               "use btree, hash, gin or gist");
}

static void
test_hash_index_rules(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID ","
                            "{'name': 'x', 'type': 'int'}],"
                            "'indexes': [{'columns': ['id'], 'type': 'hash',"
                            "'unique': true},"
                            "{'columns': ['id', 'x'], 'type': 'hash'}]}}}"),
                 2);
    CHECK_HINT("tables.t.indexes[0].type", "hash indexes cannot be unique",
               "use a btree index for uniqueness");
    CHECK_DIAG("tables.t.indexes[1].type",
               "hash indexes support only one column, not 2");
}

static void
test_unique_only_btree(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [{'name': 'd',"
                            "'type': 'jsonb'}],"
                            "'indexes': [{'columns': ['d'], 'type': 'gin',"
                            "'unique': true}]}}}"),
                 1);
    CHECK_DIAG("tables.t.indexes[0].type", "gin indexes cannot be unique");
}

static void
test_gin_types(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID ","
                            "{'name': 'a', 'type': 'int[]'},"
                            "{'name': 'j', 'type': 'jsonb'},"
                            "{'name': 'v', 'type': 'tsvector'},"
                            "{'name': 'js', 'type': 'json'}],"
                            "'indexes': [{'columns': ['a'], 'type': 'gin'},"
                            "{'columns': ['j', 'v'], 'type': 'gin'},"
                            "{'columns': ['id'], 'type': 'gin'},"
                            "{'columns': ['js'], 'type': 'gin'}]}}}"),
                 2);
    CHECK_DIAG("tables.t.indexes[2].columns[0]",
               "column \"id\" of type integer cannot be in a gin index");
    CHECK_DIAG("tables.t.indexes[3].columns[0]",
               "column \"js\" of type json cannot be in a gin index");
    /* btree_gin makes scalars indexable */
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID "],"
                            "'indexes': [{'columns': ['id'], 'type': 'gin'}]}},"
                            "'extensions': ['btree_gin']}"),
                 0);
}

static void
test_gist_types(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID ","
                            "{'name': 'p', 'type': 'point'},"
                            "{'name': 'r', 'type': 'tstzrange'},"
                            "{'name': 'b', 'type': 'box'},"
                            "{'name': 'c', 'type': 'circle'},"
                            "{'name': 'g', 'type': 'polygon'},"
                            "{'name': 'v', 'type': 'tsvector'},"
                            "{'name': 'ip', 'type': 'inet'},"
                            "{'name': 'l', 'type': 'line'}],"
                            "'indexes': ["
                            "{'columns': ['p', 'r', 'b', 'c', 'g', 'v'],"
                            " 'type': 'gist'},"
                            "{'columns': ['ip'], 'type': 'gist'},"
                            "{'columns': ['l'], 'type': 'gist'},"
                            "{'columns': ['id'], 'type': 'gist'}]}}}"),
                 3);
    CHECK_DIAG("tables.t.indexes[1].columns[0]",
               "column \"ip\" of type inet cannot be in a gist index");
    CHECK_DIAG("tables.t.indexes[2].columns[0]",
               "column \"l\" of type line cannot be in a gist index");
    CHECK_DIAG("tables.t.indexes[3].columns[0]",
               "column \"id\" of type integer cannot be in a gist index");
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID ","
                            "{'name': 'ip', 'type': 'inet'}],"
                            "'indexes': [{'columns': ['id', 'ip'],"
                            "'type': 'gist'}]}},"
                            "'extensions': ['btree_gist']}"),
                 0);
}

static void
test_btree_needs_equality(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': ["
                            "{'name': 'j', 'type': 'json'},"
                            "{'name': 'p', 'type': 'point'}],"
                            "'primary_key': ['j'],"
                            "'indexes': [{'columns': ['p']}]}}}"),
                 2);
    CHECK_HINT("tables.t.primary_key",
               "column \"j\" of type json cannot be part of primary key",
               "use jsonb, which has an equality operator");
    CHECK_DIAG("tables.t.indexes[0].columns[0]",
               "column \"p\" of type point cannot be in a btree index");
}

static void
test_name_collisions(void)
{
    CHECK_INT_EQ(
        validate(V "'tables': {'users': {'columns': [" ID ","
                   "{'name': 'e', 'type': 'text'}],"
                   "'unique_constraints': [{'columns': ['e'], 'name': 'k'}],"
                   "'check_constraints': [{'expression': 'id > 0', 'name': "
                   "'c1'}, {'expression': 'id < 9', 'name': 'c1'}],"
                   "'indexes': [{'columns': ['e'], 'name': 'users'}]},"
                   "'other': {'columns': [" ID "],"
                   "'check_constraints': [{'expression': 'id > 0', "
                   "'name': 'c1'}],"
                   "'indexes': [{'columns': ['id'], 'name': 'k'}]}},"
                   "'sequences': {'other': {}}}"),
        4);
    CHECK_DIAG("tables.users.indexes[0].name",
               "index name \"users\" is already used by a table");
    CHECK_HINT("tables.other.indexes[0].name",
               "index name \"k\" is already used by a unique constraint of "
               "table users",
               "rename one of them (tables.users.unique_constraints[0].name)");
    CHECK_DIAG("tables.users.check_constraints[1].name",
               "check constraint name \"c1\" is already used by a check "
               "constraint of table users");
    CHECK_DIAG("sequences.other",
               "sequence name \"other\" is already used by a table");
}

static void
test_impossible_uniqueness(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': ["
                            "{'name': 'flag', 'type': 'boolean'}],"
                            "'primary_key': ['flag'], 'row_count': 3}}}"),
                 1);
    CHECK_HINT("tables.t.primary_key",
               "primary key column \"flag\" is boolean, which has only 2 "
               "distinct values, but table \"t\" has 3 rows",
               "set \"row_count\" to at most 2 or widen the key");
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': ["
                            "{'name': 'flag', 'type': 'boolean'}],"
                            "'primary_key': ['flag'], 'row_count': 2}}}"),
                 0);
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID ","
                            "{'name': 'm', 'type': 'mood'},"
                            "{'name': 's', 'type': 'smallint'},"
                            "{'name': 'c', 'type': 'char(1)'},"
                            "{'name': 'ss', 'type': 'smallserial'}],"
                            "'unique_constraints': [{'columns': ['m']},"
                            "{'columns': ['s']}, {'columns': ['c']},"
                            "{'columns': ['ss']}, {'columns': ['m', 'id']}],"
                            "'row_count': 70000}},"
                            "'custom_types': {'mood': {'kind': 'enum',"
                            "'definition': {'values': ['a', 'b', 'c']}}}}"),
                 4);
    CHECK_DIAG("tables.t.unique_constraints[0].columns",
               "unique constraint column \"m\" is public.mood, which has only "
               "3 distinct values");
    CHECK_DIAG("tables.t.unique_constraints[1].columns",
               "is smallint, which has only 65536 distinct values");
    CHECK_DIAG("tables.t.unique_constraints[2].columns",
               "is character(1), which has only 95 distinct values");
    CHECK_DIAG("tables.t.unique_constraints[3].columns",
               "is smallint, which has only 32767 distinct values");
    /* multi-column keys multiply */
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': ["
                            "{'name': 'a', 'type': 'bool'},"
                            "{'name': 'b', 'type': 'bit(2)'}],"
                            "'primary_key': ['a', 'b'], 'row_count': 9}}}"),
                 1);
    CHECK_HINT("tables.t.primary_key",
               "the primary key can take at most 8 distinct values (\"a\" is "
               "boolean with 2 values, \"b\" is bit(2) with 4 values), but "
               "table \"t\" has 9 rows",
               "set \"row_count\" to at most 8 or widen the key");
}

static void
test_impossible_join_table(void)
{
    CHECK_INT_EQ(validate(V "'tables': {"
                            "'p': {'columns': [" ID "], 'primary_key': ['id'],"
                            "'row_count': 50},"
                            "'o': {'columns': [" ID "], 'primary_key': ['id'],"
                            "'row_count': 20},"
                            "'j': {'columns': [{'name': 'o', 'type': 'int'},"
                            "{'name': 'p', 'type': 'int'}],"
                            "'primary_key': ['o', 'p'],"
                            "'foreign_keys': [{'columns': ['p'],"
                            "'referenced_table': 'p'}, {'columns': ['o'],"
                            "'referenced_table': 'o'}], 'row_count': 1001}}}"),
                 1);
    CHECK_DIAG("tables.j.primary_key",
               "the primary key can take at most 1000 distinct values (\"p\" "
               "references \"p\" with 50 rows, \"o\" references \"o\" with "
               "20 rows), but table \"j\" has 1001 rows");
    /* NULLs never collide: a nullable unique key is always satisfiable */
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [{'name': 'b',"
                            "'type': 'bool', 'nullable': true}],"
                            "'unique_constraints': [{'columns': ['b']}]}}}"),
                 0);
}

static void
test_no_cascading_errors(void)
{
    /* a table with a misspelt key is not blamed again by its referrers */
    CHECK_INT_EQ(validate(V "'tables': {'p': {'columns': [" ID "]},"
                            "'c': {'columns': [" ID "],"
                            "'foreign_keys': [{'columns': ['id'],"
                            "'referenced_table': 'p',"
                            "'referenced_columns': ['id']}]}}}"),
                 1);
    CHECK_DIAG("tables.c.foreign_keys[0].referenced_columns",
               "are not its primary key");
    CHECK_INT_EQ(validate(V "'tables': {'p': {'columns': [" ID "],"
                            "'primary_key': ['idd']},"
                            "'c': {'columns': [" ID "],"
                            "'foreign_keys': [{'columns': ['id'],"
                            "'referenced_table': 'p',"
                            "'referenced_columns': ['id']}]}}}"),
                 1);
    CHECK_DIAG("tables.p.primary_key[0]", "unknown column \"idd\"");
    CHECK_INT_EQ(validate(V "'tables': {'p': {'columns': []},"
                            "'c': {'columns': [" ID "], 'primary_key': ['id'],"
                            "'foreign_keys': [{'columns': ['id'],"
                            "'referenced_table': 'p'}]}}}"),
                 1);
    CHECK_DIAG("tables.p.columns", "has no columns");
}

static void
test_prefix_hint(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID "],"
                            "'indexes': [{'columns': ['id'],"
                            "'type': 'btree_index'}]}}}"),
                 1);
    CHECK_HINT("tables.t.indexes[0].type", "unknown index type",
               "did you mean \"btree\"?");
}

static void
test_check_expressions(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID "],"
                            "'check_constraints': ["
                            "{'expression': '  '},"
                            "{'expression': '(id > 0'},"
                            "{'expression': 'id > 0)'},"
                            "{'expression': 'name = `abc'},"
                            "{'expression': 'name = `it``s (`'},"
                            "{'expression': 'name = E`\\\\`(`'},"
                            "{'expression': '\\'Col\\' > 0'},"
                            "{'expression': '\\'Col > 0'}]}}}"),
                 5);
    CHECK_DIAG("tables.t.check_constraints[0].expression",
               "check expression is empty");
    CHECK_DIAG("tables.t.check_constraints[1].expression",
               "check expression \"(id > 0\" is not valid SQL: it has a \"(\" "
               "without \")\"");
    CHECK_DIAG("tables.t.check_constraints[2].expression",
               "is not valid SQL: it has a \")\" without \"(\"");
    CHECK_DIAG("tables.t.check_constraints[3].expression",
               "is not valid SQL: it has an unterminated string");
    CHECK_DIAG("tables.t.check_constraints[7].expression",
               "is not valid SQL: it has an unterminated quoted name");
}

static void
test_sequences(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID "]}},"
                            "'sequences': {"
                            "'zero': {'increment': 0},"
                            "'range': {'min_value': 10, 'max_value': 10},"
                            "'low': {'start': 0},"
                            "'high': {'start': 20, 'max_value': 10},"
                            "'down': {'increment': -1, 'start': 1},"
                            "'cache': {'cache': 0},"
                            "'fine': {'increment': -2, 'start': -5,"
                            "'min_value': -100, 'max_value': -1}}}"),
                 6);
    CHECK_DIAG("sequences.zero.increment", "increment must not be zero");
    CHECK_DIAG("sequences.range.min_value",
               "min_value 10 must be less than max_value 10");
    CHECK_DIAG("sequences.low.start", "start 0 is below min_value 1");
    CHECK_DIAG("sequences.high.start", "start 20 is above max_value 10");
    CHECK_DIAG("sequences.down.start", "start 1 is above max_value -1");
    CHECK_DIAG("sequences.cache.cache", "cache must be at least 1, not 0");
}

static void
test_enum_rules(void)
{
    CHECK_INT_EQ(
        validate(V "'tables': {'t': {'columns': [" ID "]}},"
                   "'custom_types': {"
                   "'empty': {'kind': 'enum', 'definition': {'values': []}},"
                   "'dup': {'kind': 'enum', 'definition': {'values': "
                   "['a', 'b', 'a']}},"
                   "'long': {'kind': 'enum', 'definition': {'values': ['"
                   "a234567890123456789012345678901234567890123456789012345"
                   "6789012345']}}}}"),
        3);
    CHECK_DIAG("custom_types.empty.definition.values",
               "enum \"empty\" has no values");
    CHECK_DIAG("custom_types.dup.definition.values[2]",
               "duplicate enum label \"a\"");
    CHECK_DIAG("custom_types.long.definition.values[0]",
               "is longer than 63 bytes");
}

static void
test_composite_rules(void)
{
    CHECK_INT_EQ(
        validate(V
                 "'tables': {'t': {'columns': [" ID "]}},"
                 "'custom_types': {"
                 "'none': {'kind': 'composite', 'definition': {'fields': []}},"
                 "'dup': {'kind': 'composite', 'definition': {'fields': ["
                 "{'name': 'a', 'type': 'int'}, {'name': 'a', 'type': "
                 "'text'}]}},"
                 "'bad': {'kind': 'composite', 'definition': {'fields': ["
                 "{'name': 'a', 'type': 'txt'}]}},"
                 "'ser': {'kind': 'composite', 'definition': {'fields': ["
                 "{'name': 'a', 'type': 'serial'}]}},"
                 "'self': {'kind': 'composite', 'definition': {'fields': ["
                 "{'name': 'me', 'type': 'self[]'}]}},"
                 "'p': {'kind': 'composite', 'definition': {'fields': ["
                 "{'name': 'q', 'type': 'q'}]}},"
                 "'q': {'kind': 'composite', 'definition': {'fields': ["
                 "{'name': 'p', 'type': 'p'}]}}}}"),
        7);
    CHECK_DIAG("custom_types.none.definition.fields",
               "composite type \"none\" has no fields");
    CHECK_DIAG("custom_types.dup.definition.fields[1].name",
               "duplicate field \"a\"");
    CHECK_HINT("custom_types.bad.definition.fields[0].type",
               "unknown type \"txt\"", "did you mean \"text\"?");
    CHECK_DIAG("custom_types.ser.definition.fields[0].type",
               "a composite field cannot be a serial");
    CHECK_DIAG("custom_types.self.definition.fields[0].type",
               "composite type \"self\" cannot contain itself");
    CHECK_DIAG("custom_types.p.definition.fields[0].type",
               "composite type \"p\" cannot contain itself");
    CHECK_DIAG("custom_types.q.definition.fields[0].type",
               "composite type \"q\" cannot contain itself");
}

static void
test_domain_rules(void)
{
    CHECK_INT_EQ(
        validate(V
                 "'tables': {'t': {'columns': [" ID "]}},"
                 "'custom_types': {"
                 "'bad': {'kind': 'domain', 'definition': {'base_type': "
                 "'nuemric(5)'}},"
                 "'me': {'kind': 'domain', 'definition': {'base_type': 'me'}},"
                 "'a': {'kind': 'domain', 'definition': {'base_type': 'b'}},"
                 "'b': {'kind': 'domain', 'definition': {'base_type': 'a'}},"
                 "'c': {'kind': 'domain', 'definition': {'base_type': "
                 "'text', 'constraint': 'CHECK (VALUE <> `x`'}},"
                 "'users': {'kind': 'domain', 'definition': {'base_type': "
                 "'int'}}}}"),
        5);
    CHECK_HINT("custom_types.bad.definition.base_type",
               "unknown type \"nuemric\"", "did you mean \"numeric\"?");
    CHECK_DIAG("custom_types.me.definition.base_type",
               "domain \"me\" is based on itself");
    CHECK_DIAG("custom_types.a.definition.base_type",
               "domain \"a\" is based on itself");
    CHECK_DIAG("custom_types.b.definition.base_type",
               "domain \"b\" is based on itself");
    CHECK_DIAG("custom_types.c.definition.constraint",
               "domain constraint \"CHECK (VALUE <> 'x'\" is not valid SQL");
    CHECK_INT_EQ(validate(V "'tables': {'users': {'columns': [" ID "]}},"
                            "'custom_types': {'users': {'kind': 'domain',"
                            "'definition': {'base_type': 'int'}}}}"),
                 1);
    CHECK_DIAG("custom_types.users",
               "type name \"users\" is also the name of table \"users\"");
}

static void
test_extensions(void)
{
    CHECK_INT_EQ(validate(V "'tables': {'t': {'columns': [" ID "]}},"
                            "'extensions': ['pgcrypto', 'pgcrypt', 'citext',"
                            "'pgcrypto', 'my_own_ext']}"),
                 1);
    CHECK_INT_EQ(diags.warning_count, 2);
    const struct diag *d = find("extensions[1]", "unknown extension");
    CHECK(d != NULL);
    CHECK(d->severity == DIAG_WARNING);
    CHECK_STR_EQ(d->hint, "did you mean \"pgcrypto\"?");
    d = find("extensions[4]", "unknown extension \"my_own_ext\"");
    CHECK(d != NULL && d->severity == DIAG_WARNING && d->hint == NULL);
    CHECK_DIAG("extensions[3]", "duplicate extension \"pgcrypto\"");
}

static void
test_all_problems_at_once(void)
{
    CHECK_INT_EQ(validate("{'version': '0.9', 'database': {'name': '_x'},"
                          "'tables': {'t': {'columns': ["
                          "{'name': 'a', 'type': 'nope'},"
                          "{'name': 'a', 'type': 'int'}],"
                          "'primary_key': ['b'], 'row_count': -1}}}"),
                 6);
    CHECK_DIAG("version", "unsupported version");
    CHECK_DIAG("database.name", "invalid database name");
    CHECK_DIAG("tables.t.columns[0].type", "unknown type \"nope\"");
    CHECK_DIAG("tables.t.columns[1].name", "duplicate column \"a\"");
    CHECK_DIAG("tables.t.primary_key[0]", "unknown column \"b\"");
    CHECK_DIAG("tables.t.row_count", "row_count must be at least 0");
}

int
main(void)
{
    diag_list_init(&diags);
    RUN(test_valid_schema);
    RUN(test_lookups);
    RUN(test_version);
    RUN(test_database_name);
    RUN(test_encoding);
    RUN(test_no_tables);
    RUN(test_identifiers);
    RUN(test_table_without_columns);
    RUN(test_duplicate_columns);
    RUN(test_negative_row_count);
    RUN(test_column_type);
    RUN(test_primary_key_columns);
    RUN(test_primary_key_nullable);
    RUN(test_not_null_default_null);
    RUN(test_serial_default);
    RUN(test_fk_unknown_table);
    RUN(test_fk_unknown_columns);
    RUN(test_fk_column_count);
    RUN(test_fk_without_primary_key);
    RUN(test_fk_types);
    RUN(test_fk_needs_unique_target);
    RUN(test_fk_composite_any_order);
    RUN(test_fk_actions);
    RUN(test_fk_set_null_on_not_null);
    RUN(test_fk_into_empty_table);
    RUN(test_fk_self_reference_and_cycle_allowed);
    RUN(test_unique_constraint_columns);
    RUN(test_index_type);
    RUN(test_hash_index_rules);
    RUN(test_unique_only_btree);
    RUN(test_gin_types);
    RUN(test_gist_types);
    RUN(test_btree_needs_equality);
    RUN(test_name_collisions);
    RUN(test_impossible_uniqueness);
    RUN(test_impossible_join_table);
    RUN(test_no_cascading_errors);
    RUN(test_prefix_hint);
    RUN(test_check_expressions);
    RUN(test_sequences);
    RUN(test_enum_rules);
    RUN(test_composite_rules);
    RUN(test_domain_rules);
    RUN(test_extensions);
    RUN(test_all_problems_at_once);
    schema_release(&schema);
    diag_list_release(&diags);
    return HARNESS_DONE();
}
