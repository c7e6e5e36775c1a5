#include <stdlib.h>

#include "core/buf.h"
#include "core/sqlident.h"
#include "harness.h"

static const char *
quoted(struct buf *b, const char *ident)
{
    buf_reset(b);
    sql_quote_ident(b, ident);
    return b->data;
}

static void
test_plain_names_stay_bare(void)
{
    struct buf b;
    buf_init(&b, 8);
    CHECK_STR_EQ(quoted(&b, "users"), "users");
    CHECK_STR_EQ(quoted(&b, "_ok"), "_ok");
    CHECK_STR_EQ(quoted(&b, "order_items"), "order_items");
    CHECK_STR_EQ(quoted(&b, "a1_2"), "a1_2");
    buf_release(&b);
}

static void
test_unreserved_keywords_stay_bare(void)
{
    struct buf b;
    buf_init(&b, 8);
    CHECK_STR_EQ(quoted(&b, "name"), "name");
    CHECK_STR_EQ(quoted(&b, "text"), "text");
    CHECK_STR_EQ(quoted(&b, "value"), "value");
    CHECK_STR_EQ(quoted(&b, "comment"), "comment");
    CHECK_STR_EQ(quoted(&b, "key"), "key");
    CHECK_STR_EQ(quoted(&b, "year"), "year");
    CHECK_STR_EQ(quoted(&b, "zone"), "zone");
    CHECK_STR_EQ(quoted(&b, "abort"), "abort");
    CHECK_STR_EQ(quoted(&b, "data"), "data");
    CHECK_STR_EQ(quoted(&b, "type"), "type");
    buf_release(&b);
}

static void
test_reserved_keywords_are_quoted(void)
{
    struct buf b;
    buf_init(&b, 8);
    CHECK_STR_EQ(quoted(&b, "order"), "\"order\"");
    CHECK_STR_EQ(quoted(&b, "user"), "\"user\"");
    CHECK_STR_EQ(quoted(&b, "select"), "\"select\"");
    CHECK_STR_EQ(quoted(&b, "all"), "\"all\"");
    CHECK_STR_EQ(quoted(&b, "with"), "\"with\"");
    CHECK_STR_EQ(quoted(&b, "current_date"), "\"current_date\"");
    CHECK_STR_EQ(quoted(&b, "table"), "\"table\"");
    CHECK_STR_EQ(quoted(&b, "check"), "\"check\"");
    buf_release(&b);
}

static void
test_col_name_and_type_func_keywords_are_quoted(void)
{
    struct buf b;
    buf_init(&b, 8);
    /* col_name keywords */
    CHECK_STR_EQ(quoted(&b, "time"), "\"time\"");
    CHECK_STR_EQ(quoted(&b, "int"), "\"int\"");
    CHECK_STR_EQ(quoted(&b, "varchar"), "\"varchar\"");
    CHECK_STR_EQ(quoted(&b, "position"), "\"position\"");
    CHECK_STR_EQ(quoted(&b, "values"), "\"values\"");
    CHECK_STR_EQ(quoted(&b, "xmltable"), "\"xmltable\"");
    CHECK_STR_EQ(quoted(&b, "between"), "\"between\"");
    /* type_func_name keywords */
    CHECK_STR_EQ(quoted(&b, "left"), "\"left\"");
    CHECK_STR_EQ(quoted(&b, "authorization"), "\"authorization\"");
    CHECK_STR_EQ(quoted(&b, "verbose"), "\"verbose\"");
    CHECK_STR_EQ(quoted(&b, "like"), "\"like\"");
    buf_release(&b);
}

static void
test_unusual_characters_are_quoted(void)
{
    struct buf b;
    buf_init(&b, 8);
    CHECK_STR_EQ(quoted(&b, "Mixed"), "\"Mixed\"");
    CHECK_STR_EQ(quoted(&b, "a\"b"), "\"a\"\"b\"");
    CHECK_STR_EQ(quoted(&b, "1abc"), "\"1abc\"");
    CHECK_STR_EQ(quoted(&b, "with space"), "\"with space\"");
    CHECK_STR_EQ(quoted(&b, "dash-ed"), "\"dash-ed\"");
    CHECK_STR_EQ(quoted(&b, "$x"), "\"$x\"");
    CHECK_STR_EQ(quoted(&b, "caf\xc3\xa9"), "\"caf\xc3\xa9\"");
    CHECK_STR_EQ(quoted(&b, ""), "\"\"");
    CHECK_STR_EQ(quoted(&b, "\""), "\"\"\"\"");
    CHECK(sql_ident_needs_quotes("ORDER"));
    CHECK(!sql_ident_needs_quotes("orders"));
    buf_release(&b);
}

static void
test_keyword_lookup_ignores_case(void)
{
    CHECK(sql_is_reserved_keyword("SELECT"));
    CHECK(sql_is_reserved_keyword("Order"));
    CHECK(sql_is_reserved_keyword("xmlserialize"));
    CHECK(sql_is_reserved_keyword("absolute") == false);
    CHECK(sql_is_reserved_keyword("name") == false);
    CHECK(sql_is_reserved_keyword("") == false);
    CHECK(sql_is_reserved_keyword("orders") == false);
    CHECK(sql_is_reserved_keyword(
              "a_name_much_longer_than_any_keyword_there_is") == false);
}

static void
test_qualified_name(void)
{
    struct buf b;
    buf_init(&b, 8);
    sql_qualified_name(&b, "users");
    CHECK_STR_EQ(b.data, "public.users");
    buf_reset(&b);
    sql_qualified_name(&b, "order");
    CHECK_STR_EQ(b.data, "public.\"order\"");
    buf_reset(&b);
    sql_qualified_name(&b, "Mixed Case");
    CHECK_STR_EQ(b.data, "public.\"Mixed Case\"");
    buf_release(&b);
}

static void
test_quote_literal(void)
{
    struct buf b;
    buf_init(&b, 4);
    sql_quote_literal(&b, "plain");
    CHECK_STR_EQ(b.data, "'plain'");
    buf_reset(&b);
    sql_quote_literal(&b, "O'Reilly");
    CHECK_STR_EQ(b.data, "'O''Reilly'");
    buf_reset(&b);
    sql_quote_literal(&b, "''");
    CHECK_STR_EQ(b.data, "''''''");
    buf_reset(&b);
    sql_quote_literal(&b, "back\\slash");
    CHECK_STR_EQ(b.data, "'back\\slash'");
    buf_reset(&b);
    sql_quote_literal(&b, "");
    CHECK_STR_EQ(b.data, "''");
    buf_reset(&b);
    sql_quote_literal(&b, "tab\there \xe6\x97\xa5'");
    CHECK_STR_EQ(b.data, "'tab\there \xe6\x97\xa5'''");
    buf_release(&b);
}

int
main(void)
{
    RUN(test_plain_names_stay_bare);
    RUN(test_unreserved_keywords_stay_bare);
    RUN(test_reserved_keywords_are_quoted);
    RUN(test_col_name_and_type_func_keywords_are_quoted);
    RUN(test_unusual_characters_are_quoted);
    RUN(test_keyword_lookup_ignores_case);
    RUN(test_qualified_name);
    RUN(test_quote_literal);
    return HARNESS_DONE();
}
