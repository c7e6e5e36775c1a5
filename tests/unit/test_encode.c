#include <math.h>
#include <stdlib.h>

#include "core/buf.h"
#include "core/value.h"
#include "encode/encode.h"
#include "harness.h"

static const char *
copy_text(struct buf *b, const char *text)
{
    buf_reset(b);
    encode_copy_text(b, text, strlen(text));
    return b->data;
}

static const char *
copy_value(struct buf *b, struct value v)
{
    buf_reset(b);
    encode_copy_value(b, &v);
    return b->data;
}

static const char *
sql_value(struct buf *b, struct value v)
{
    buf_reset(b);
    encode_sql_value(b, &v);
    return b->data;
}

static struct value
text_value(const char *text)
{
    return value_text(text, strlen(text));
}

static struct value
numeric_value(int64_t unscaled, int scale)
{
    struct value v = {.kind = VALUE_NUMERIC, .scale = (int16_t)scale};
    v.as.i = unscaled;
    return v;
}

static struct value
float_value(double f, int digits)
{
    struct value v = {.kind = VALUE_FLOAT, .float_digits = (int16_t)digits};
    v.as.f = f;
    return v;
}

static struct value
kind_value(enum value_kind kind, int64_t i)
{
    struct value v = {.kind = kind};
    v.as.i = i;
    return v;
}

static void
test_copy_escapes(void)
{
    struct buf b;
    buf_init(&b, 1);
    CHECK_STR_EQ(copy_text(&b, "plain"), "plain");
    CHECK_STR_EQ(copy_text(&b, "Bob\tTab"), "Bob\\tTab");
    CHECK_STR_EQ(copy_text(&b, "Line1\nLine2\r\nBack\\slash"),
                 "Line1\\nLine2\\r\\nBack\\\\slash");
    CHECK_STR_EQ(copy_text(&b, "\b\f\v"), "\\b\\f\\v");
    CHECK_STR_EQ(copy_text(&b, "\\."), "\\\\.");
    CHECK_STR_EQ(copy_text(&b, "\\N"), "\\\\N");
    CHECK_STR_EQ(copy_text(&b, "O'Reilly \"quoted\""), "O'Reilly \"quoted\"");
    /* other control characters and UTF-8 pass through */
    CHECK_STR_EQ(copy_text(&b, "\x01\x1f\x7f"), "\x01\x1f\x7f");
    CHECK_STR_EQ(copy_text(&b, "Z\xc3\xbcrich \xe6\x97\xa5\xf0\x9f\x98\x80"),
                 "Z\xc3\xbcrich \xe6\x97\xa5\xf0\x9f\x98\x80");
    CHECK_STR_EQ(copy_text(&b, ""), "");
    buf_release(&b);
}

static void
test_copy_text_uses_length_not_nul(void)
{
    struct buf b;
    buf_init(&b, 1);
    encode_copy_text(&b, "a\tbcd", 3);
    CHECK_STR_EQ(b.data, "a\\tb");
    CHECK_INT_EQ(b.len, 4);
    buf_release(&b);
}

static void
test_copy_long_text_grows(void)
{
    struct buf b;
    buf_init(&b, 1);
    char text[3001];
    for (int i = 0; i < 3000; i++)
        text[i] = i % 3 == 0 ? '\n' : 'x';
    text[3000] = '\0';
    copy_text(&b, text);
    CHECK_INT_EQ(b.len, 4000);
    CHECK(memcmp(b.data, "\\nxx\\nxx", 8) == 0);
    CHECK_INT_EQ(strlen(b.data), 4000);
    buf_release(&b);
}

static void
test_copy_values(void)
{
    struct buf b;
    buf_init(&b, 1);
    CHECK_STR_EQ(copy_value(&b, value_null()), "\\N");
    CHECK_STR_EQ(copy_value(&b, text_value("")), "");
    CHECK_STR_EQ(copy_value(&b, text_value("a\tb")), "a\\tb");
    CHECK_STR_EQ(copy_value(&b, value_int(-42)), "-42");
    CHECK_STR_EQ(copy_value(&b, kind_value(VALUE_BOOL, 1)), "t");
    CHECK_STR_EQ(copy_value(&b, kind_value(VALUE_BOOL, 0)), "f");
    CHECK_STR_EQ(copy_value(&b, numeric_value(1050, 2)), "10.50");
    CHECK_STR_EQ(copy_value(&b, numeric_value(0, 2)), "0.00");
    CHECK_STR_EQ(copy_value(&b, float_value(0.1, 17)), "0.1");
    CHECK_STR_EQ(copy_value(&b, float_value(NAN, 17)), "NaN");
    CHECK_STR_EQ(copy_value(&b, kind_value(VALUE_DATE, 19782)), "2024-02-29");
    int64_t ts =
        (int64_t)19724 * USEC_PER_DAY + (3 * 3600 + 4 * 60 + 5) * USEC_PER_SEC;
    CHECK_STR_EQ(copy_value(&b, kind_value(VALUE_TIMESTAMP, ts)),
                 "2024-01-02 03:04:05");
    CHECK_STR_EQ(copy_value(&b, kind_value(VALUE_TIMESTAMPTZ, ts)),
                 "2024-01-02 03:04:05+00");
    buf_release(&b);
}

static void
test_copy_row(void)
{
    struct buf b;
    buf_init(&b, 1);
    struct value row[] = {value_int(1), text_value("Bob\tTab"), value_null(),
                          text_value(""), numeric_value(-5, 1)};
    encode_copy_row(&b, row, 5);
    CHECK_STR_EQ(b.data, "1\tBob\\tTab\t\\N\t\t-0.5\n");
    buf_reset(&b);
    encode_copy_row(&b, row, 1);
    CHECK_STR_EQ(b.data, "1\n");
    buf_release(&b);
}

/* A value marked plain is copied as it is; value_text() makes no mark. */
static void
test_copy_plain_text(void)
{
    struct buf b;
    buf_init(&b, 1);
    struct value marked = value_text_plain("Anna Lee", 8);
    struct value unmarked = value_text("a\tb\\c", 5);
    CHECK(value_text_is_plain(&marked));
    CHECK(!value_text_is_plain(&unmarked));
    CHECK(value_bytes_plain("Anna Lee", 8));
    CHECK(!value_bytes_plain("a\tb", 3));
    CHECK(!value_bytes_plain("a\\b", 3));
    CHECK(value_bytes_plain("M\xc3\xbcller \x0e~", 9));
    struct value row[] = {marked, unmarked, value_null(), marked};
    encode_copy_row(&b, row, 4);
    CHECK_STR_EQ(b.data, "Anna Lee\ta\\tb\\\\c\t\\N\tAnna Lee\n");
    CHECK_INT_EQ(b.len, strlen(b.data));
    buf_release(&b);
}

static void
test_sql_literals(void)
{
    struct buf b;
    buf_init(&b, 1);
    CHECK_STR_EQ(sql_value(&b, value_null()), "NULL");
    CHECK_STR_EQ(sql_value(&b, kind_value(VALUE_BOOL, 1)), "true");
    CHECK_STR_EQ(sql_value(&b, kind_value(VALUE_BOOL, 0)), "false");
    CHECK_STR_EQ(sql_value(&b, value_int(-9223372036854775807LL - 1)),
                 "-9223372036854775808");
    CHECK_STR_EQ(sql_value(&b, numeric_value(-1050, 2)), "-10.50");
    CHECK_STR_EQ(sql_value(&b, float_value(0.1, 17)), "0.1");
    CHECK_STR_EQ(sql_value(&b, float_value(1e300, 17)), "1e+300");
    CHECK_STR_EQ(sql_value(&b, float_value(NAN, 17)), "'NaN'");
    CHECK_STR_EQ(sql_value(&b, float_value(INFINITY, 9)), "'Infinity'");
    CHECK_STR_EQ(sql_value(&b, float_value(-INFINITY, 17)), "'-Infinity'");
    CHECK_STR_EQ(sql_value(&b, float_value(-0.0, 17)), "'-0'");
    CHECK_STR_EQ(sql_value(&b, kind_value(VALUE_DATE, 0)), "'1970-01-01'");
    CHECK_STR_EQ(sql_value(&b, kind_value(VALUE_TIME, 3600 * USEC_PER_SEC)),
                 "'01:00:00'");
    CHECK_STR_EQ(sql_value(&b, kind_value(VALUE_TIMESTAMPTZ, 1500000)),
                 "'1970-01-01 00:00:01.5+00'");
    buf_release(&b);
}

static void
test_sql_text_quoting(void)
{
    struct buf b;
    buf_init(&b, 1);
    CHECK_STR_EQ(sql_value(&b, text_value("")), "''");
    CHECK_STR_EQ(sql_value(&b, text_value("O'Reilly")), "'O''Reilly'");
    CHECK_STR_EQ(sql_value(&b, text_value("'")), "''''");
    CHECK_STR_EQ(sql_value(&b, text_value("back\\slash")), "'back\\slash'");
    CHECK_STR_EQ(sql_value(&b, text_value("tab\tnl\ncr\r")), "'tab\tnl\ncr\r'");
    CHECK_STR_EQ(sql_value(&b, text_value("\xe6\x97\xa5\xe6\x9c\xac")),
                 "'\xe6\x97\xa5\xe6\x9c\xac'");
    CHECK_STR_EQ(sql_value(&b, text_value("{\"a\": \"it's\"}")),
                 "'{\"a\": \"it''s\"}'");
    buf_release(&b);
}

static void
test_sql_tuple(void)
{
    struct buf b;
    buf_init(&b, 1);
    struct value row[] = {value_int(7), text_value("it's"), value_null(),
                          kind_value(VALUE_BOOL, 1)};
    encode_sql_tuple(&b, row, 4);
    CHECK_STR_EQ(b.data, "(7, 'it''s', NULL, true)");
    buf_reset(&b);
    encode_sql_tuple(&b, row, 1);
    CHECK_STR_EQ(b.data, "(7)");
    buf_release(&b);
}

int
main(void)
{
    RUN(test_copy_escapes);
    RUN(test_copy_text_uses_length_not_nul);
    RUN(test_copy_long_text_grows);
    RUN(test_copy_values);
    RUN(test_copy_row);
    RUN(test_copy_plain_text);
    RUN(test_sql_literals);
    RUN(test_sql_text_quoting);
    RUN(test_sql_tuple);
    return HARNESS_DONE();
}
