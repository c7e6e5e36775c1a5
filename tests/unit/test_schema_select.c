#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "schema/schema.h"
#include "schema/schema_select.h"

/* a -> b -> c (a chain), d <-> e (a cycle), f -> f (a self-reference),
 * g -> nowhere (a key into a table that does not exist) */
static const char doc[] =
    "{\"version\": \"1.0\", \"tables\": {"
    "\"a\": {\"columns\": [{\"name\": \"id\", \"type\": \"int\"},"
    "                     {\"name\": \"b_id\", \"type\": \"int\"}],"
    "       \"foreign_keys\": [{\"columns\": [\"b_id\"],"
    "                          \"referenced_table\": \"b\"}]},"
    "\"b\": {\"columns\": [{\"name\": \"id\", \"type\": \"int\"},"
    "                     {\"name\": \"c_id\", \"type\": \"int\"}],"
    "       \"foreign_keys\": [{\"columns\": [\"c_id\"],"
    "                          \"referenced_table\": \"c\"}]},"
    "\"c\": {\"columns\": [{\"name\": \"id\", \"type\": \"int\"}],"
    "       \"row_count\": 7},"
    "\"d\": {\"columns\": [{\"name\": \"id\", \"type\": \"int\"},"
    "                     {\"name\": \"e_id\", \"type\": \"int\"}],"
    "       \"foreign_keys\": [{\"columns\": [\"e_id\"],"
    "                          \"referenced_table\": \"e\"}]},"
    "\"e\": {\"columns\": [{\"name\": \"id\", \"type\": \"int\"},"
    "                     {\"name\": \"d_id\", \"type\": \"int\"}],"
    "       \"foreign_keys\": [{\"columns\": [\"d_id\"],"
    "                          \"referenced_table\": \"d\"}]},"
    "\"f\": {\"columns\": [{\"name\": \"id\", \"type\": \"int\"},"
    "                     {\"name\": \"parent\", \"type\": \"int\"}],"
    "       \"foreign_keys\": [{\"columns\": [\"parent\"],"
    "                          \"referenced_table\": \"f\"}]},"
    "\"g\": {\"columns\": [{\"name\": \"id\", \"type\": \"int\"}],"
    "       \"foreign_keys\": [{\"columns\": [\"id\"],"
    "                          \"referenced_table\": \"nowhere\"}]}"
    "}}";

static int
load(struct schema *schema)
{
    struct diag_list diags;
    diag_list_init(&diags);
    struct dg_error err;
    dg_error_init(&err);
    int rc = schema_load_string(doc, strlen(doc), "test", schema, &diags,
                                &err);
    size_t errors = diags.error_count;
    diag_list_release(&diags);
    return rc == 0 && errors == 0 ? 0 : -1;
}

/* The table names left in the schema, joined by spaces. */
static const char *
names(const struct schema *schema)
{
    static char text[256];
    text[0] = '\0';
    for (size_t i = 0; i < schema->table_count; i++) {
        if (i > 0)
            strcat(text, " ");
        strcat(text, schema->tables[i].name);
    }
    return text;
}

static int
select_names(struct schema *schema, const char *list,
             struct schema_selection *out, struct dg_error *err)
{
    char **parsed;
    size_t count;
    if (schema_select_parse_list(list, &parsed, &count, err) != 0)
        return -1;
    int rc = schema_select_tables(schema, (const char *const *)parsed, count,
                                  out, err);
    schema_select_free_names(parsed, count);
    return rc;
}

static void
test_parse_list(void)
{
    char **parsed;
    size_t count;
    struct dg_error err;
    dg_error_init(&err);
    CHECK_INT_EQ(schema_select_parse_list(" orders , products,x", &parsed,
                                          &count, &err),
                 0);
    CHECK_INT_EQ(count, 3);
    CHECK_STR_EQ(parsed[0], "orders");
    CHECK_STR_EQ(parsed[1], "products");
    CHECK_STR_EQ(parsed[2], "x");
    schema_select_free_names(parsed, count);

    CHECK_INT_EQ(schema_select_parse_list("", &parsed, &count, &err), -1);
    CHECK_INT_EQ(err.status, DG_USAGE);
    CHECK_STR_EQ(err.location, "--tables");
    CHECK_STR_EQ(err.message, "the list of tables is empty");
    CHECK_CONTAINS(err.hint, "--tables orders,products");

    dg_error_init(&err);
    CHECK_INT_EQ(schema_select_parse_list("a,,b", &parsed, &count, &err), -1);
    CHECK_STR_EQ(err.message, "empty table name in \"a,,b\"");
    dg_error_init(&err);
    CHECK_INT_EQ(schema_select_parse_list("a, ", &parsed, &count, &err), -1);
    CHECK_STR_EQ(err.message, "empty table name in \"a, \"");
}

static void
test_chain(void)
{
    struct schema schema;
    CHECK(load(&schema) == 0);
    struct schema_selection sel;
    struct dg_error err;
    dg_error_init(&err);
    CHECK_INT_EQ(select_names(&schema, "a", &sel, &err), 0);
    CHECK_STR_EQ(names(&schema), "a b c");
    CHECK_INT_EQ(sel.added_count, 2);
    CHECK_STR_EQ(sel.added[0].table, "b");
    CHECK_STR_EQ(sel.added[0].referenced_by, "a");
    CHECK_STR_EQ(sel.added[1].table, "c");
    CHECK_STR_EQ(sel.added[1].referenced_by, "b");
    CHECK_INT_EQ(sel.removed_count, 4);
    CHECK_STR_EQ(sel.removed[0], "d");
    CHECK_STR_EQ(sel.removed[3], "g");
    /* the kept tables are whole: columns, keys and row counts moved too */
    const struct table *c = schema_find_table(&schema, "c");
    CHECK(c != NULL);
    CHECK_INT_EQ(c->row_count, 7);
    CHECK_INT_EQ(c->column_count, 1);
    CHECK_STR_EQ(c->columns[0].name, "id");
    CHECK_STR_EQ(schema.tables[1].foreign_keys[0].referenced_table, "c");
    schema_selection_release(&sel);
    schema_release(&schema);
}

static void
test_named_parent_is_not_added(void)
{
    struct schema schema;
    CHECK(load(&schema) == 0);
    struct schema_selection sel;
    struct dg_error err;
    dg_error_init(&err);
    /* b is named, so only c is added; duplicates count once */
    CHECK_INT_EQ(select_names(&schema, "c,b,b", &sel, &err), 0);
    CHECK_STR_EQ(names(&schema), "b c");
    CHECK_INT_EQ(sel.added_count, 0);
    schema_selection_release(&sel);
    schema_release(&schema);
}

static void
test_cycle_and_self_reference(void)
{
    struct schema schema;
    CHECK(load(&schema) == 0);
    struct schema_selection sel;
    struct dg_error err;
    dg_error_init(&err);
    CHECK_INT_EQ(select_names(&schema, "f,e", &sel, &err), 0);
    CHECK_STR_EQ(names(&schema), "d e f");
    CHECK_INT_EQ(sel.added_count, 1);
    CHECK_STR_EQ(sel.added[0].table, "d");
    CHECK_STR_EQ(sel.added[0].referenced_by, "e");
    schema_selection_release(&sel);
    schema_release(&schema);
}

static void
test_missing_reference_is_left_to_validation(void)
{
    struct schema schema;
    CHECK(load(&schema) == 0);
    struct schema_selection sel;
    struct dg_error err;
    dg_error_init(&err);
    CHECK_INT_EQ(select_names(&schema, "g", &sel, &err), 0);
    CHECK_STR_EQ(names(&schema), "g");
    CHECK_INT_EQ(sel.added_count, 0);
    schema_selection_release(&sel);
    schema_release(&schema);
}

static void
test_unknown_name(void)
{
    struct schema schema;
    CHECK(load(&schema) == 0);
    struct schema_selection sel;
    struct dg_error err;
    dg_error_init(&err);
    CHECK_INT_EQ(select_names(&schema, "a,bb", &sel, &err), -1);
    CHECK_INT_EQ(err.status, DG_USAGE);
    CHECK_STR_EQ(err.location, "--tables");
    CHECK_STR_EQ(err.message, "unknown table \"bb\"");
    CHECK_STR_EQ(err.hint, "did you mean \"b\"?");
    /* untouched */
    CHECK_STR_EQ(names(&schema), "a b c d e f g");

    dg_error_init(&err);
    CHECK_INT_EQ(select_names(&schema, "zzzzzz", &sel, &err), -1);
    CHECK_STR_EQ(err.hint, "the tables are: a, b, c, d, e, f, g");
    schema_release(&schema);
}

int
main(void)
{
    RUN(test_parse_list);
    RUN(test_chain);
    RUN(test_named_parent_is_not_added);
    RUN(test_cycle_and_self_reference);
    RUN(test_missing_reference_is_left_to_validation);
    RUN(test_unknown_name);
    return HARNESS_DONE();
}
