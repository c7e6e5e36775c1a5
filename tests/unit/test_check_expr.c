#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/value.h"
#include "harness.h"
#include "schema/check_expr.h"
#include "schema/pgtype.h"

/* The table the expressions are written against. */
enum {
    C_ID,
    C_PRICE,
    C_QUANTITY,
    C_TOTAL,
    C_NAME,
    C_CODE,
    C_START,
    C_END,
    C_CREATED,
    C_UPDATED,
    C_RATING,
    C_ACTIVE,
    C_STATUS,
    C_SMALL,
    C_MIXED,
    C_FLAG,
    C_AMOUNT,
    C_COUNT
};

static const struct {
    const char *name;
    const char *type;
} columns[C_COUNT] = {
    {"id", "integer"},
    {"price", "numeric(10,2)"},
    {"quantity", "integer"},
    {"total", "numeric(10,2)"},
    {"name", "text"},
    {"code", "character varying(10)"},
    {"start_date", "date"},
    {"end_date", "date"},
    {"created_at", "timestamp"},
    {"updated_at", "timestamp with time zone"},
    {"rating", "double precision"},
    {"active", "boolean"},
    {"status", NULL}, /* an enum */
    {"small", "smallint"},
    {"Mixed", "text"},
    {"flag", "char(3)"},
    {"amount", "numeric"},
};

static struct pg_type types[C_COUNT];

static void
setup_types(void)
{
    for (int i = 0; i < C_COUNT; i++) {
        struct dg_error err;
        dg_error_init(&err);
        if (columns[i].type == NULL) {
            memset(&types[i], 0, sizeof(types[i]));
            types[i].base = PG_ENUM;
            types[i].length = -1;
            types[i].precision = -1;
            continue;
        }
        if (pgtype_parse(columns[i].type, NULL, &types[i], &err) != 0) {
            printf("cannot parse type %s: %s\n", columns[i].type, err.message);
            exit(1);
        }
    }
}

static long
resolve(void *context, const char *name, const struct pg_type **type)
{
    (void)context;
    for (long i = 0; i < C_COUNT; i++) {
        if (strcmp(columns[i].name, name) == 0) {
            *type = &types[i];
            return i;
        }
    }
    return -1;
}

/* Resolves only VALUE, as for a domain. */
static long
resolve_value(void *context, const char *name, const struct pg_type **type)
{
    *type = context;
    return strcmp(name, "value") == 0 ? 0 : -1;
}

static struct arena arena;
static struct dg_error last_error;

static struct check_expr *
parse(const char *sql)
{
    struct check_expr *expr = NULL;
    dg_error_init(&last_error);
    if (check_parse(sql, resolve, NULL, &arena, &expr, &last_error) != 0) {
        printf("  parse failed: %s: %s\n", sql, last_error.message);
        return NULL;
    }
    return expr;
}

/* The error message for sql, which must not parse. */
static const char *
parse_error(const char *sql)
{
    struct check_expr *expr = NULL;
    dg_error_init(&last_error);
    if (check_parse(sql, resolve, NULL, &arena, &expr, &last_error) == 0) {
        check_release(expr);
        return "(parsed)";
    }
    if (last_error.status != DG_INVALID)
        return "(wrong status)";
    return last_error.message;
}

static struct value row[C_COUNT];

static void
clear_row(void)
{
    for (int i = 0; i < C_COUNT; i++)
        row[i] = value_null();
}

static struct value
num(int64_t unscaled, int scale)
{
    struct value v = {.kind = VALUE_NUMERIC, .scale = (int16_t)scale};
    v.as.i = unscaled;
    return v;
}

static struct value
text(const char *s)
{
    return value_text(s, strlen(s));
}

static struct value
date(int year, unsigned month, unsigned day)
{
    struct value v = {.kind = VALUE_DATE};
    v.as.i = days_from_civil(year, month, day);
    return v;
}

static struct value
timestamp(enum value_kind kind, int year, unsigned month, unsigned day,
          int hour, int minute)
{
    struct value v = {.kind = kind};
    v.as.i = days_from_civil(year, month, day) * USEC_PER_DAY +
             ((int64_t)hour * 3600 + minute * 60) * USEC_PER_SEC;
    return v;
}

static struct value
boolean(bool b)
{
    struct value v = {.kind = VALUE_BOOL};
    v.as.i = b;
    return v;
}

static struct value
dbl(double f)
{
    struct value v = {.kind = VALUE_FLOAT, .float_digits = 17};
    v.as.f = f;
    return v;
}

/* Parses sql and evaluates it on the current row. */
static int
eval_sql(const char *sql)
{
    struct check_expr *expr = parse(sql);
    if (expr == NULL)
        return -1;
    enum check_result r = check_eval(expr, row);
    check_release(expr);
    return (int)r;
}

#define T CHECK_TRUE
#define F CHECK_FALSE
#define U CHECK_UNKNOWN

static void
test_constant_comparisons(void)
{
    clear_row();
    row[C_PRICE] = num(1000, 2);
    row[C_QUANTITY] = value_int(5);
    CHECK_INT_EQ(eval_sql("price > 0"), T);
    CHECK_INT_EQ(eval_sql("price >= 10"), T);
    CHECK_INT_EQ(eval_sql("price > 10"), F);
    CHECK_INT_EQ(eval_sql("price = 10.000"), T);
    CHECK_INT_EQ(eval_sql("price <> 10"), F);
    CHECK_INT_EQ(eval_sql("price != 9.99"), T);
    CHECK_INT_EQ(eval_sql("price < 10.01"), T);
    CHECK_INT_EQ(eval_sql("price <= 9.999"), F);
    CHECK_INT_EQ(eval_sql("0 < price"), T);
    CHECK_INT_EQ(eval_sql("quantity > -1"), T);
    CHECK_INT_EQ(eval_sql("quantity >= 5.5"), F);
    CHECK_INT_EQ(eval_sql("quantity < 1e1"), T);
    CHECK_INT_EQ(eval_sql("quantity = '5'"), T);
    row[C_PRICE] = value_null();
    CHECK_INT_EQ(eval_sql("price > 0"), U);
    CHECK_INT_EQ(eval_sql("price IS NULL"), T);
    CHECK_INT_EQ(eval_sql("price IS NOT NULL"), F);
    CHECK_INT_EQ(eval_sql("price ISNULL"), T);
    CHECK_INT_EQ(eval_sql("quantity NOTNULL"), T);
}

static void
test_three_valued_logic(void)
{
    clear_row();
    row[C_QUANTITY] = value_int(5);
    CHECK_INT_EQ(eval_sql("price > 0 AND quantity > 10"), F);
    CHECK_INT_EQ(eval_sql("price > 0 AND quantity > 1"), U);
    CHECK_INT_EQ(eval_sql("price > 0 OR quantity > 1"), T);
    CHECK_INT_EQ(eval_sql("price > 0 OR quantity > 10"), U);
    CHECK_INT_EQ(eval_sql("NOT (price > 0)"), U);
    CHECK_INT_EQ(eval_sql("NOT quantity > 10"), T);
    CHECK_INT_EQ(eval_sql("(price > 0) IS UNKNOWN"), T);
    CHECK_INT_EQ(eval_sql("(price > 0) IS NOT TRUE"), T);
    CHECK_INT_EQ(eval_sql("(quantity > 0) IS TRUE"), T);
    CHECK_INT_EQ(eval_sql("(quantity > 0) IS FALSE"), F);
    CHECK_INT_EQ(eval_sql("quantity > 1 OR quantity < 0 AND FALSE"), T);
    CHECK_INT_EQ(eval_sql("true"), T);
    CHECK_INT_EQ(eval_sql("NULL"), U);
    row[C_ACTIVE] = boolean(true);
    CHECK_INT_EQ(eval_sql("active"), T);
    CHECK_INT_EQ(eval_sql("NOT active OR quantity > 10"), F);
    CHECK_INT_EQ(eval_sql("active = 't'"), T);
    CHECK_INT_EQ(eval_sql("active IS NOT FALSE"), T);
}

static void
test_between_and_in(void)
{
    clear_row();
    row[C_QUANTITY] = value_int(5);
    row[C_CODE] = text("b");
    CHECK_INT_EQ(eval_sql("quantity BETWEEN 1 AND 5"), T);
    CHECK_INT_EQ(eval_sql("quantity BETWEEN 6 AND 10"), F);
    CHECK_INT_EQ(eval_sql("quantity NOT BETWEEN 6 AND 10"), T);
    CHECK_INT_EQ(eval_sql("quantity BETWEEN 10 AND 1"), F);
    CHECK_INT_EQ(eval_sql("quantity BETWEEN SYMMETRIC 10 AND 1"), T);
    CHECK_INT_EQ(eval_sql("quantity BETWEEN 1 AND NULL"), U);
    CHECK_INT_EQ(eval_sql("quantity BETWEEN 6 AND NULL"), F);
    CHECK_INT_EQ(eval_sql("code IN ('a', 'b', 'c')"), T);
    CHECK_INT_EQ(eval_sql("code IN ('x', 'y')"), F);
    CHECK_INT_EQ(eval_sql("code NOT IN ('x', 'y')"), T);
    CHECK_INT_EQ(eval_sql("code IN ('x', NULL)"), U);
    CHECK_INT_EQ(eval_sql("code NOT IN ('x', NULL)"), U);
    CHECK_INT_EQ(eval_sql("code IN ('b', NULL)"), T);
    CHECK_INT_EQ(eval_sql("quantity IN (1, 2, 5)"), T);
    CHECK_INT_EQ(eval_sql("quantity IN (1, 2)"), F);
    row[C_CODE] = value_null();
    CHECK_INT_EQ(eval_sql("code IN ('a')"), U);
}

static void
test_pg_dump_spelling(void)
{
    clear_row();
    row[C_PRICE] = num(150, 2);
    row[C_CODE] = text("b");
    row[C_STATUS] = text("shipped");
    CHECK_INT_EQ(eval_sql("CHECK ((price > (0)::numeric))"), T);
    CHECK_INT_EQ(eval_sql("check (price > 0)"), T);
    CHECK_INT_EQ(eval_sql("(((code)::text = ANY ((ARRAY['a'::character "
                          "varying, 'b'::character varying])::text[])))"),
                 T);
    CHECK_INT_EQ(eval_sql("((code)::text <> ALL (ARRAY['a'::text, "
                          "'b'::text]))"),
                 F);
    CHECK_INT_EQ(eval_sql("status = ANY (ARRAY['pending'::order_status, "
                          "'shipped'::order_status])"),
                 T);
    CHECK_INT_EQ(eval_sql("status <> 'cancelled'::public.order_status"), T);
    CHECK_INT_EQ(eval_sql("CAST(price AS numeric(10,1)) = 1.5"), T);
    CHECK_INT_EQ(eval_sql("price::integer = 2"), T);
    CHECK_INT_EQ(eval_sql("\"price\" > 1 -- a comment\n"), T);
    CHECK_INT_EQ(eval_sql("/* note */ PRICE > 1"), T);
}

static void
test_column_comparisons(void)
{
    clear_row();
    row[C_START] = date(2024, 1, 10);
    row[C_END] = date(2024, 1, 20);
    CHECK_INT_EQ(eval_sql("start_date <= end_date"), T);
    CHECK_INT_EQ(eval_sql("end_date < start_date"), F);
    CHECK_INT_EQ(eval_sql("end_date >= start_date + 10"), T);
    CHECK_INT_EQ(eval_sql("end_date >= start_date + 11"), F);
    CHECK_INT_EQ(eval_sql("end_date - start_date = 10"), T);
    CHECK_INT_EQ(eval_sql("end_date - 10 = start_date"), T);
    row[C_END] = value_null();
    CHECK_INT_EQ(eval_sql("start_date <= end_date"), U);
    CHECK_INT_EQ(eval_sql("end_date IS NULL OR end_date >= start_date"), T);
}

static void
test_exact_numeric_arithmetic(void)
{
    clear_row();
    row[C_PRICE] = num(10, 2); /* 0.10 */
    row[C_QUANTITY] = value_int(3);
    row[C_TOTAL] = num(30, 2); /* 0.30 */
    CHECK_INT_EQ(eval_sql("total = quantity * price"), T);
    CHECK_INT_EQ(eval_sql("total = price * 3"), T);
    CHECK_INT_EQ(eval_sql("price * 3 = 0.3"), T);
    CHECK_INT_EQ(eval_sql("price + price + price = total"), T);
    CHECK_INT_EQ(eval_sql("total - price = 0.2"), T);
    CHECK_INT_EQ(eval_sql("total / 3 = price"), T);
    CHECK_INT_EQ(eval_sql("total / quantity = 0.1"), T);
    CHECK_INT_EQ(eval_sql("0.1 * 3 = 0.3"), T);
    CHECK_INT_EQ(eval_sql("total % 0.25 = 0.05"), T);
    CHECK_INT_EQ(eval_sql("-price < 0"), T);
    CHECK_INT_EQ(eval_sql("abs(-price) = price"), T);
    row[C_TOTAL] = num(31, 2);
    CHECK_INT_EQ(eval_sql("total = quantity * price"), F);
    /* numeric against an unconstrained numeric at another scale */
    row[C_AMOUNT] = num(3000, 4);
    CHECK_INT_EQ(eval_sql("amount = 0.3"), T);
    CHECK_INT_EQ(eval_sql("amount = total"), F);
    /* integers divide as integers */
    CHECK_INT_EQ(eval_sql("quantity / 2 = 1"), T);
    CHECK_INT_EQ(eval_sql("quantity % 2 = 1"), T);
    CHECK_INT_EQ(eval_sql("quantity / 2.0 = 1.5"), T);
    /* floats */
    row[C_RATING] = dbl(0.1 * 3);
    CHECK_INT_EQ(eval_sql("rating > 0.3"), T);
    CHECK_INT_EQ(eval_sql("rating BETWEEN 0 AND 5"), T);
    row[C_RATING] = dbl(NAN);
    CHECK_INT_EQ(eval_sql("rating > 5"), T);
}

static void
test_errors_at_eval_fail_the_row(void)
{
    clear_row();
    row[C_QUANTITY] = value_int(0);
    row[C_SMALL] = value_int(200);
    CHECK_INT_EQ(eval_sql("10 / quantity > 1"), F);
    CHECK_INT_EQ(eval_sql("(10 / quantity > 1) IS NULL"), F);
    /* smallint * smallint is a smallint in PostgreSQL: 40000 overflows */
    CHECK_INT_EQ(eval_sql("small * small > 0"), F);
    CHECK_INT_EQ(eval_sql("small * 200 > 0"), T);
    row[C_CODE] = text("abc");
    CHECK_INT_EQ(eval_sql("code::integer > 0"), F);
    row[C_CODE] = text("42");
    CHECK_INT_EQ(eval_sql("code::integer = 42"), T);
}

static void
test_dates_and_timestamps(void)
{
    clear_row();
    row[C_START] = date(2024, 2, 29);
    row[C_CREATED] = timestamp(VALUE_TIMESTAMP, 2024, 3, 1, 10, 30);
    row[C_UPDATED] = timestamp(VALUE_TIMESTAMPTZ, 2024, 3, 1, 9, 0);
    CHECK_INT_EQ(eval_sql("start_date > '2024-02-28'"), T);
    CHECK_INT_EQ(eval_sql("start_date = '2024-02-29'::date"), T);
    CHECK_INT_EQ(eval_sql("start_date = DATE '2024-02-29'"), T);
    CHECK_INT_EQ(eval_sql("start_date >= '2024-03-01'"), F);
    CHECK_INT_EQ(eval_sql("start_date < created_at"), T);
    CHECK_INT_EQ(eval_sql("created_at::date = '2024-03-01'"), T);
    CHECK_INT_EQ(eval_sql("created_at >= '2024-03-01'"), T);
    CHECK_INT_EQ(eval_sql("created_at > '2024-03-01 10:30:00.000001'"), F);
    CHECK_INT_EQ(eval_sql("created_at = '2024-03-01T10:30'"), T);
    CHECK_INT_EQ(eval_sql("updated_at = '2024-03-01 11:00:00+02'"), T);
    CHECK_INT_EQ(eval_sql("updated_at = '2024-03-01 09:00:00Z'"), T);
    CHECK_INT_EQ(eval_sql("updated_at < created_at"), T);
    CHECK_INT_EQ(eval_sql("updated_at <= now()"), T);
    CHECK_INT_EQ(eval_sql("created_at <= CURRENT_TIMESTAMP"), T);
    CHECK_INT_EQ(eval_sql("start_date < CURRENT_DATE"), T);
    CHECK_INT_EQ(eval_sql("start_date > CURRENT_DATE - 366"), T);
    CHECK_INT_EQ(eval_sql("start_date > CURRENT_DATE - 300"), F);
    CHECK_INT_EQ(CHECK_REFERENCE_DATE, days_from_civil(2025, 1, 1));
    CHECK_STR_EQ(parse_error("start_date > '2024-02-30'"),
                 "invalid date literal '2024-02-30' at character 14");
    CHECK_CONTAINS(parse_error("created_at > 'yesterday'"),
                   "invalid timestamp literal 'yesterday'");
}

static void
test_regular_expressions(void)
{
    clear_row();
    row[C_CODE] = text("ABC-1234");
    CHECK_INT_EQ(eval_sql("code ~ '^[A-Z]{3}-\\d{4}$'"), T);
    CHECK_INT_EQ(eval_sql("code ~ '^[A-Z]{3}-\\d{5}$'"), F);
    CHECK_INT_EQ(eval_sql("code ~ '^\\w+-\\w+$'"), T);
    CHECK_INT_EQ(eval_sql("code ~ '\\s'"), F);
    CHECK_INT_EQ(eval_sql("code ~ '^[\\d\\w-]+$'"), T);
    CHECK_INT_EQ(eval_sql("code ~ '^[a-z]'"), F);
    CHECK_INT_EQ(eval_sql("code ~* '^[a-z]{3}'"), T);
    CHECK_INT_EQ(eval_sql("code !~ '^[a-z]'"), T);
    CHECK_INT_EQ(eval_sql("code !~* '^abc'"), F);
    CHECK_INT_EQ(eval_sql("code ~ '\\.'"), F);
    CHECK_INT_EQ(eval_sql("code ~ '1234'"), T);
    row[C_NAME] = text("a@b.example");
    CHECK_INT_EQ(eval_sql("name ~ '^[^@\\s]+@[^@\\s]+\\.[a-z]+$'"), T);
    CHECK_INT_EQ(eval_sql("name ~ '^[a-z.]+$'"), F);
    row[C_CODE] = value_null();
    CHECK_INT_EQ(eval_sql("code ~ 'x'"), U);
    CHECK_CONTAINS(parse_error("code ~ '('"), "invalid regular expression");
    CHECK_CONTAINS(parse_error("code ~ 'a+?'"), "non-greedy");
    CHECK_CONTAINS(parse_error("code ~ name"), "must be a string constant");
    CHECK_CONTAINS(parse_error("quantity ~ '1'"), "text argument");
}

struct thread_arg {
    const struct check_expr *expr;
    int mismatches;
};

static void *
regex_worker(void *data)
{
    struct thread_arg *arg = data;
    char buffer[32];
    for (int i = 0; i < 20000; i++) {
        struct value r[C_COUNT];
        for (int c = 0; c < C_COUNT; c++)
            r[c] = value_null();
        int n = snprintf(buffer, sizeof(buffer), "AB-%d", i);
        r[C_CODE] = value_text(buffer, (size_t)n);
        enum check_result expected = i % 2 == 0 ? CHECK_TRUE : CHECK_FALSE;
        if (check_eval(arg->expr, r) != expected)
            arg->mismatches++;
    }
    return NULL;
}

static void
test_regex_from_many_threads(void)
{
    struct check_expr *expr = parse("code ~ '^[A-Z]+-\\d*[02468]$'");
    CHECK(expr != NULL);
    pthread_t threads[4];
    struct thread_arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i].expr = expr;
        args[i].mismatches = 0;
        pthread_create(&threads[i], NULL, regex_worker, &args[i]);
    }
    int mismatches = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        mismatches += args[i].mismatches;
    }
    check_release(expr);
    CHECK_INT_EQ(mismatches, 0);
}

static void
test_like(void)
{
    clear_row();
    row[C_NAME] = text("Z\xc3\xbcrich_1%");
    CHECK_INT_EQ(eval_sql("name LIKE 'Z%'"), T);
    CHECK_INT_EQ(eval_sql("name LIKE 'z%'"), F);
    CHECK_INT_EQ(eval_sql("name ILIKE 'z%'"), T);
    CHECK_INT_EQ(eval_sql("name NOT ILIKE 'z%'"), F);
    CHECK_INT_EQ(eval_sql("name LIKE 'Z_rich%'"), T); /* _ is one character */
    CHECK_INT_EQ(eval_sql("name LIKE 'Z__rich%'"), F);
    CHECK_INT_EQ(eval_sql("name LIKE '%ch\\_1\\%'"), T);
    CHECK_INT_EQ(eval_sql("name LIKE '%ch\\_2%'"), F);
    CHECK_INT_EQ(eval_sql("name LIKE '%%r%h%'"), T);
    CHECK_INT_EQ(eval_sql("name LIKE '%'"), T);
    CHECK_INT_EQ(eval_sql("name LIKE ''"), F);
    CHECK_INT_EQ(eval_sql("'' LIKE ''"), T);
    CHECK_INT_EQ(eval_sql("name NOT LIKE '%x%'"), T);
    row[C_NAME] = value_null();
    CHECK_INT_EQ(eval_sql("name LIKE '%'"), U);
}

static void
test_functions(void)
{
    clear_row();
    row[C_NAME] = text("  J\xc3\xb6rg ");
    row[C_CODE] = text("ab");
    row[C_QUANTITY] = value_int(-4);
    row[C_FLAG] = text("x  ");
    CHECK_INT_EQ(eval_sql("length(name) = 7"), T);
    CHECK_INT_EQ(eval_sql("char_length(name) = 7"), T);
    CHECK_INT_EQ(eval_sql("character_length(name) BETWEEN 1 AND 6"), F);
    CHECK_INT_EQ(eval_sql("octet_length(name) = 8"), T);
    CHECK_INT_EQ(eval_sql("length(trim(name)) = 4"), T);
    CHECK_INT_EQ(eval_sql("trim(name) = 'J\xc3\xb6rg'"), T);
    CHECK_INT_EQ(eval_sql("ltrim(name) = 'J\xc3\xb6rg '"), T);
    CHECK_INT_EQ(eval_sql("rtrim(name) = '  J\xc3\xb6rg'"), T);
    CHECK_INT_EQ(eval_sql("lower(code) = code"), T);
    CHECK_INT_EQ(eval_sql("upper(code) = 'AB'"), T);
    CHECK_INT_EQ(eval_sql("upper(code) = code"), F);
    CHECK_INT_EQ(eval_sql("code || '-' || code = 'ab-ab'"), T);
    CHECK_INT_EQ(eval_sql("abs(quantity) < 5"), T);
    CHECK_INT_EQ(eval_sql("abs(quantity) = 4"), T);
    CHECK_INT_EQ(eval_sql("length(flag) = 1"), T);
    CHECK_INT_EQ(eval_sql("flag = 'x'"), T);
    CHECK_INT_EQ(eval_sql("flag IN ('y', 'x ')"), T);
    CHECK_INT_EQ(eval_sql("flag BETWEEN 'x' AND 'x'"), T);
    CHECK_INT_EQ(eval_sql("coalesce(price, 0) >= 0"), T);
    CHECK_INT_EQ(eval_sql("COALESCE(price, total, 1) = 1"), T);
    row[C_PRICE] = num(-100, 2);
    CHECK_INT_EQ(eval_sql("coalesce(price, 0) >= 0"), F);
    CHECK_INT_EQ(eval_sql("length(code) > 0 AND trim(code) <> ''"), T);
    row[C_CODE] = value_null();
    CHECK_INT_EQ(eval_sql("length(code) > 0"), U);
}

static void
test_identifiers_and_strings(void)
{
    clear_row();
    row[C_MIXED] = text("it's\ttab");
    CHECK_INT_EQ(eval_sql("\"Mixed\" = 'it''s\ttab'"), T);
    CHECK_INT_EQ(eval_sql("\"Mixed\" = E'it\\'s\\ttab'"), T);
    CHECK_INT_EQ(eval_sql("\"Mixed\" = E'it''s\\x09tab'"), T);
    CHECK_STR_EQ(parse_error("mixed = 'x'"),
                 "unknown column \"mixed\" at character 1");
    CHECK_STR_EQ(parse_error("Mixed = 'x'"),
                 "unknown column \"mixed\" at character 1");
}

static void
test_domain_value(void)
{
    struct pg_type type;
    struct dg_error err;
    dg_error_init(&err);
    CHECK(pgtype_parse("integer", NULL, &type, &err) == 0);
    struct check_expr *expr = NULL;
    CHECK(check_parse("CHECK (VALUE > 0 AND VALUE < 100)", resolve_value, &type,
                      &arena, &expr, &err) == 0);
    struct value v = value_int(5);
    CHECK_INT_EQ(check_eval(expr, &v), T);
    v = value_int(100);
    CHECK_INT_EQ(check_eval(expr, &v), F);
    struct check_bounds b;
    check_bounds(expr, 0, &b);
    CHECK(b.has_min && !b.min_inclusive && b.min.as.i == 0);
    CHECK(b.has_max && !b.max_inclusive && b.max.as.i == 100);
    CHECK(b.min.kind == VALUE_INT);
    check_release(expr);
}

static void
test_columns(void)
{
    struct check_expr *expr =
        parse("start_date <= end_date AND start_date > '2000-01-01' AND "
              "(price > 0 OR price IS NULL)");
    CHECK(expr != NULL);
    long out[8];
    CHECK_INT_EQ(check_columns(expr, out, 8), 3);
    CHECK_INT_EQ(out[0], C_START);
    CHECK_INT_EQ(out[1], C_END);
    CHECK_INT_EQ(out[2], C_PRICE);
    long small[1] = {-1};
    CHECK_INT_EQ(check_columns(expr, small, 1), 3);
    CHECK_INT_EQ(small[0], C_START);
    expr = parse("total = quantity * price");
    CHECK_INT_EQ(check_columns(expr, out, 8), 3);
    CHECK_INT_EQ(out[0], C_TOTAL);
}

static struct check_bounds
bounds_of(const char *sql, long column)
{
    struct check_bounds b;
    memset(&b, 0x55, sizeof(b));
    struct check_expr *expr = parse(sql);
    if (expr == NULL) {
        memset(&b, 0, sizeof(b));
        b.max_length = -99;
        return b;
    }
    check_bounds(expr, column, &b);
    check_release(expr);
    return b;
}

static void
test_bounds_numbers(void)
{
    struct check_bounds b =
        bounds_of("price > 0 AND price <= 1000.005 AND quantity >= 1", C_PRICE);
    CHECK(b.has_min && !b.min_inclusive);
    CHECK(b.min.kind == VALUE_NUMERIC && b.min.scale == 2 && b.min.as.i == 0);
    CHECK(b.has_max && b.max_inclusive);
    CHECK(b.max.kind == VALUE_NUMERIC && b.max.scale == 2 &&
          b.max.as.i == 100000);
    CHECK(b.allowed == NULL && b.max_length == -1 && b.min_length == -1);
    CHECK(!b.not_null);

    b = bounds_of("price > 0 AND quantity BETWEEN 1 AND 100", C_QUANTITY);
    CHECK(b.has_min && b.min_inclusive && b.min.kind == VALUE_INT &&
          b.min.as.i == 1);
    CHECK(b.has_max && b.max_inclusive && b.max.as.i == 100);

    b = bounds_of("10 < quantity AND 50 >= quantity", C_QUANTITY);
    CHECK(b.has_min && !b.min_inclusive && b.min.as.i == 10);
    CHECK(b.has_max && b.max_inclusive && b.max.as.i == 50);

    b = bounds_of("quantity > 0.5 AND quantity < 9.5", C_QUANTITY);
    CHECK(b.has_min && b.min_inclusive && b.min.as.i == 1);
    CHECK(b.has_max && b.max_inclusive && b.max.as.i == 9);

    b = bounds_of("quantity > 1 AND quantity > 5 AND quantity >= 5",
                  C_QUANTITY);
    CHECK(b.has_min && !b.min_inclusive && b.min.as.i == 5);

    b = bounds_of("quantity = 7", C_QUANTITY);
    CHECK(b.has_min && b.min_inclusive && b.min.as.i == 7);
    CHECK(b.has_max && b.max_inclusive && b.max.as.i == 7);

    b = bounds_of("quantity > 0 OR quantity IS NULL", C_QUANTITY);
    CHECK(!b.has_min && !b.has_max);

    b = bounds_of("quantity NOT BETWEEN 1 AND 5", C_QUANTITY);
    CHECK(!b.has_min && !b.has_max);

    b = bounds_of("rating >= 0 AND rating <= 5", C_RATING);
    CHECK(b.has_min && b.min.kind == VALUE_FLOAT && b.min.as.f == 0.0);
    CHECK(b.has_max && b.max.kind == VALUE_FLOAT && b.max.as.f == 5.0);

    b = bounds_of("CHECK ((price >= (0)::numeric))", C_PRICE);
    CHECK(b.has_min && b.min_inclusive && b.min.kind == VALUE_NUMERIC &&
          b.min.as.i == 0);

    b = bounds_of("price > 0", C_QUANTITY);
    CHECK(!b.has_min && !b.has_max && b.allowed == NULL && !b.not_null);
}

static void
test_bounds_text_and_dates(void)
{
    struct check_bounds b =
        bounds_of("code IN ('a', 'bb', NULL) AND length(code) <= 5", C_CODE);
    CHECK(b.allowed != NULL);
    CHECK_INT_EQ(b.allowed_count, 2);
    CHECK(b.allowed[0].kind == VALUE_TEXT && b.allowed[0].as.text.len == 1 &&
          b.allowed[0].as.text.ptr[0] == 'a');
    CHECK(b.allowed[1].as.text.len == 2);
    CHECK_INT_EQ(b.max_length, 5);
    CHECK_INT_EQ(b.min_length, -1);

    b = bounds_of("code <> '' AND code IS NOT NULL", C_CODE);
    CHECK_INT_EQ(b.min_length, 1);
    CHECK(b.not_null);

    b = bounds_of("char_length(code) BETWEEN 2 AND 8", C_CODE);
    CHECK_INT_EQ(b.min_length, 2);
    CHECK_INT_EQ(b.max_length, 8);

    b = bounds_of("length(code) > 3 AND 9 > length(code)", C_CODE);
    CHECK_INT_EQ(b.min_length, 4);
    CHECK_INT_EQ(b.max_length, 8);

    b = bounds_of("quantity IN (1, 2.5, 3)", C_QUANTITY);
    CHECK_INT_EQ(b.allowed_count, 2);
    CHECK(b.allowed[0].kind == VALUE_INT && b.allowed[0].as.i == 1);
    CHECK(b.allowed[1].as.i == 3);

    b = bounds_of("((status)::text = ANY ((ARRAY['new'::character varying, "
                  "'paid'::character varying])::text[]))",
                  C_STATUS);
    CHECK_INT_EQ(b.allowed_count, 2);
    CHECK(b.allowed[1].as.text.len == 4 &&
          memcmp(b.allowed[1].as.text.ptr, "paid", 4) == 0);

    b = bounds_of("start_date BETWEEN '2020-01-01' AND '2020-12-31'", C_START);
    CHECK(b.has_min && b.min.kind == VALUE_DATE &&
          b.min.as.i == days_from_civil(2020, 1, 1));
    CHECK(b.has_max && b.max.as.i == days_from_civil(2020, 12, 31));

    b = bounds_of("created_at >= '2020-01-01' AND created_at < now()",
                  C_CREATED);
    CHECK(b.has_min && b.min.kind == VALUE_TIMESTAMP &&
          b.min.as.i == days_from_civil(2020, 1, 1) * USEC_PER_DAY);
    CHECK(b.has_max && !b.max_inclusive && b.max.kind == VALUE_TIMESTAMP &&
          b.max.as.i == CHECK_REFERENCE_USEC);

    b = bounds_of("start_date < CURRENT_DATE", C_START);
    CHECK(b.has_max && b.max.as.i == CHECK_REFERENCE_DATE);
}

static void
test_unsupported_input(void)
{
    CHECK_STR_EQ(parse_error("foo(price) > 0"),
                 "unsupported function \"foo\" at character 1");
    CHECK_STR_EQ(parse_error("price >"), "unexpected end of expression");
    CHECK_STR_EQ(parse_error("price > 0 0"),
                 "unexpected token \"0\" at character 11");
    CHECK_STR_EQ(parse_error("price > 0)"),
                 "unexpected token \")\" at character 10");
    CHECK_STR_EQ(parse_error("(price > 0"), "unexpected end of expression");
    CHECK_STR_EQ(parse_error("nosuch > 0"),
                 "unknown column \"nosuch\" at character 1");
    CHECK_STR_EQ(parse_error("price @@ 1"),
                 "unsupported operator \"@@\" at character 7");
    CHECK_CONTAINS(parse_error("CASE WHEN price > 0 THEN true END"),
                   "unsupported case expression");
    CHECK_CONTAINS(parse_error("price IN (SELECT 1)"), "unsupported subquery");
    CHECK_STR_EQ(parse_error("code < 5"),
                 "cannot compare text with integer at character 6");
    CHECK_CONTAINS(parse_error("price"), "must be boolean");
    CHECK_CONTAINS(parse_error("price AND true"), "must be boolean");
    CHECK_CONTAINS(parse_error("name = 'x"), "unterminated string");
    CHECK_CONTAINS(parse_error("created_at > now() - interval '1 day'"),
                   "unsupported interval");
    CHECK_CONTAINS(parse_error("status > 'a'"), "ordering comparison");
    CHECK_CONTAINS(parse_error("quantity < 1 < 2"), "unexpected token \"<\"");
    CHECK_CONTAINS(parse_error("length(price) > 1"), "text argument");
    CHECK_CONTAINS(parse_error("price > ANY (ARRAY[1])"),
                   "only = ANY and <> ALL");
    CHECK_STR_EQ(parse_error(""), "empty expression");
    CHECK_STR_EQ(parse_error("CHECK ()"), "unexpected token \")\" at "
                                          "character 8");
    CHECK_CONTAINS(parse_error("name SIMILAR TO 'a'"), "SIMILAR TO");
    CHECK_CONTAINS(parse_error("price = $1"), "unexpected character");
}

/* An unknown column is told apart from an unsupported shape: the first
 * makes PostgreSQL reject the constraint, the second only datagen. */
static void
test_unknown_column_is_its_own_failure(void)
{
    struct check_expr *expr = NULL;
    dg_error_init(&last_error);
    CHECK_INT_EQ(check_parse("qty > 0", resolve, NULL, &arena, &expr,
                             &last_error),
                 CHECK_PARSE_UNKNOWN_COLUMN);
    CHECK_CONTAINS(last_error.message, "unknown column \"qty\"");
    dg_error_init(&last_error);
    CHECK_INT_EQ(check_parse("foo(1) > 0", resolve, NULL, &arena, &expr,
                             &last_error),
                 -1);
}

/* "total = quantity * price" defines total, not quantity or price; a
 * text result or a comparison other than = defines nothing. */
static void
test_definitions(void)
{
    struct check_expr *expr = parse("price > 0 AND total = quantity * price");
    CHECK(expr != NULL);
    CHECK(check_defines(expr, C_TOTAL));
    CHECK(!check_defines(expr, C_QUANTITY));
    CHECK(!check_defines(expr, C_PRICE));
    struct value values[C_COUNT];
    memset(values, 0, sizeof(values));
    values[C_QUANTITY] = value_int(3);
    values[C_PRICE] = (struct value){.kind = VALUE_NUMERIC, .scale = 2,
                                     .as.i = 1999};
    struct value total;
    CHECK(check_solve(expr, C_TOTAL, values, &total));
    CHECK_INT_EQ(total.kind, VALUE_NUMERIC);
    CHECK_INT_EQ(total.as.i, 5997);
    CHECK_INT_EQ(total.scale, 2);
    check_release(expr);
    expr = parse("total >= quantity * price");
    CHECK(!check_defines(expr, C_TOTAL));
    check_release(expr);
    expr = parse("name = code || 'x'");
    CHECK(!check_defines(expr, C_NAME));
    check_release(expr);
    expr = parse("end_date = start_date + 7");
    CHECK(check_defines(expr, C_END));
    check_release(expr);
}

/* check_eval() runs compiled shapes (columns against constants, AND/OR
 * chains, ORs routed by a key column); on every row it must give what the
 * tree walk gives. Rows are drawn from small pools per column, NULLs and
 * values of a wrong kind included. */
static const char *const compiled_cases[] = {
    "(code = 'a' AND name = 'x') OR (code = 'b' AND name = 'y') OR "
    "(code IN ('c', 'd') AND quantity > 1) OR code = 'longer than7'",
    "(status = 'x' AND price IS NULL) OR (status <> 'x' AND price IS NOT "
    "NULL)",
    "(flag = 'ab' AND quantity = 1) OR (flag = 'ab ' AND quantity = 2) OR "
    "(flag IN ('c', 'd  ') AND quantity = 3)",
    "(quantity = 1 AND code = 'a') OR (quantity = 2 AND code = 'b') OR "
    "(quantity IN (3, 4) AND code IS NULL)",
    "(small = 1 AND active) OR (small = 2 AND NOT active) OR quantity > 3",
    "(start_date = '2020-01-01' AND end_date IS NULL) OR start_date = "
    "'2020-01-02'",
    "(code = 'a' AND quantity = 1) OR (name = 'a' AND quantity = 2)",
    "(code IN ('a', 'b', NULL) AND quantity = 1) OR code = 'c'",
    "(code = 'a' AND quantity > 1) OR (code = 'a' AND quantity < 1) OR "
    "(code = 'b' AND quantity IS NULL)",
    "(price = 1 AND quantity = 1) OR (price = 2.5 AND quantity = 2)",
    "price BETWEEN 1 AND 10",
    "price NOT BETWEEN 1 AND 10",
    "quantity BETWEEN SYMMETRIC 10 AND 1",
    "quantity BETWEEN 1 AND NULL",
    "flag BETWEEN 'a' AND 'b  '",
    "name LIKE 'ab%'",
    "name LIKE 'ab'",
    "name NOT LIKE 'a%%'",
    "name LIKE '%b'",
    "name ILIKE 'AB%'",
    "name LIKE 'a_c%'",
    "name LIKE '%'",
    "name LIKE ''",
    "code LIKE 'a\\%%'",
    "quantity IN (1, 2, NULL)",
    "quantity NOT IN (1, 2)",
    "code IN ('a', 'b')",
    "code NOT IN ('a', 'longer than7')",
    "price IN (1, 2.5)",
    "flag IN ('a', 'b  ', 'ab')",
    "rating IN (1, 2)",
    "start_date IN ('2020-01-01', '2020-01-03')",
    "price > 0",
    "0 < price",
    "price = quantity",
    "start_date <= end_date",
    "created_at <= updated_at",
    "created_at < start_date",
    "rating > 1.5",
    "flag = 'ab'",
    "flag = code",
    "name = code",
    "name < code",
    "name <> 'ab'",
    "active = true",
    "active IS TRUE",
    "(price > 0) IS NOT FALSE",
    "NOT (quantity > 1 AND code IS NULL)",
    "total = price * quantity",
    "length(name) <= 3",
    "(code IS NULL) = (name IS NULL)",
    "quantity > 1 AND quantity < 5 AND code IS NOT NULL",
    "quantity IS NULL OR quantity > 2",
    "id < 10 OR (id > 20 AND (price > 1 OR code = 'x'))",
    "quantity / small > 1 OR code = 'a'",
    "code = 'a' OR quantity / small > 1",
};

static struct value
pick(uint64_t *state, const struct value *pool, size_t count)
{
    *state = *state * UINT64_C(6364136223846793005) + 1442695040888963407u;
    return pool[(*state >> 33) % count];
}

static void
test_compiled_matches_tree(void)
{
    struct value ints[] = {value_null(), value_int(0), value_int(1),
                           value_int(2), value_int(3), value_int(4),
                           value_int(25), text("1")};
    struct value nums[] = {value_null(), num(100, 2), num(250, 2),
                           num(25, 1), num(1, 0), num(-5, 2), num(1000, 2),
                           dbl(1.0)};
    struct value texts[] = {value_null(), text(""), text("a"), text("ab"),
                            text("ab "), text("abc"), text("b"), text("c"),
                            text("d"), text("d  "), text("x"), text("y"),
                            text("longer than7"), text("longer than8"),
                            text("AB"), text("a%c"), value_int(1)};
    struct value dates[] = {value_null(), date(2020, 1, 1), date(2020, 1, 2),
                            date(2020, 1, 3), text("2020-01-01")};
    struct value stamps[] = {
        value_null(), timestamp(VALUE_TIMESTAMP, 2020, 1, 1, 0, 0),
        timestamp(VALUE_TIMESTAMP, 2020, 1, 2, 12, 0),
        timestamp(VALUE_TIMESTAMPTZ, 2020, 1, 1, 6, 0)};
    struct value doubles[] = {value_null(), dbl(1.0), dbl(2.0), dbl(1.5),
                              dbl(NAN)};
    struct value bools[] = {value_null(), boolean(true), boolean(false)};
    struct {
        const struct value *pool;
        size_t count;
    } pools[C_COUNT] = {
#define POOL(p) {p, sizeof(p) / sizeof(p[0])}
        [C_ID] = POOL(ints),          [C_PRICE] = POOL(nums),
        [C_QUANTITY] = POOL(ints),    [C_TOTAL] = POOL(nums),
        [C_NAME] = POOL(texts),       [C_CODE] = POOL(texts),
        [C_START] = POOL(dates),      [C_END] = POOL(dates),
        [C_CREATED] = POOL(stamps),   [C_UPDATED] = POOL(stamps),
        [C_RATING] = POOL(doubles),   [C_ACTIVE] = POOL(bools),
        [C_STATUS] = POOL(texts),     [C_SMALL] = POOL(ints),
        [C_MIXED] = POOL(texts),      [C_FLAG] = POOL(texts),
        [C_AMOUNT] = POOL(nums),
#undef POOL
    };
    size_t seen[3] = {0, 0, 0};
    uint64_t state = 7;
    for (size_t e = 0; e < sizeof(compiled_cases) / sizeof(compiled_cases[0]);
         e++) {
        struct check_expr *expr = parse(compiled_cases[e]);
        CHECK(expr != NULL);
        size_t outcomes[3] = {0, 0, 0};
        for (int r = 0; r < 3000; r++) {
            for (int c = 0; c < C_COUNT; c++)
                row[c] = pick(&state, pools[c].pool, pools[c].count);
            enum check_result fast = check_eval(expr, row);
            enum check_result tree = check_eval_tree(expr, row);
            if (fast != tree) {
                printf("  %s: compiled %d, tree %d\n", compiled_cases[e],
                       (int)fast, (int)tree);
                check_release(expr);
                CHECK(fast == tree);
            }
            outcomes[fast]++;
        }
        check_release(expr);
        for (int k = 0; k < 3; k++)
            seen[k] += outcomes[k] > 0;
    }
    CHECK(seen[CHECK_TRUE] > 40);
    CHECK(seen[CHECK_FALSE] > 40);
    CHECK(seen[CHECK_UNKNOWN] > 20);
}

/* The routed OR on rows written out: a key matching no constant leaves only
 * the operands without a key test; NULL and wrong-kind keys go the slow
 * way. */
static void
test_keyed_or(void)
{
    const char *sql = "(code = 'a' AND quantity = 1) OR (code IN ('b', 'c') "
                      "AND quantity = 2) OR quantity = 9 OR (code = "
                      "'longer than7' AND quantity = 3)";
    clear_row();
    row[C_CODE] = text("a");
    row[C_QUANTITY] = value_int(1);
    CHECK_INT_EQ(eval_sql(sql), T);
    row[C_QUANTITY] = value_int(2);
    CHECK_INT_EQ(eval_sql(sql), F);
    row[C_CODE] = text("c");
    CHECK_INT_EQ(eval_sql(sql), T);
    row[C_CODE] = text("z");
    CHECK_INT_EQ(eval_sql(sql), F);
    row[C_QUANTITY] = value_int(9);
    CHECK_INT_EQ(eval_sql(sql), T);
    row[C_CODE] = text("longer than7");
    row[C_QUANTITY] = value_int(3);
    CHECK_INT_EQ(eval_sql(sql), T);
    row[C_QUANTITY] = value_null();
    CHECK_INT_EQ(eval_sql(sql), U);
    row[C_CODE] = value_null();
    row[C_QUANTITY] = value_int(1);
    CHECK_INT_EQ(eval_sql(sql), U);
    row[C_QUANTITY] = value_int(9);
    CHECK_INT_EQ(eval_sql(sql), T);
    row[C_CODE] = value_int(1);
    row[C_QUANTITY] = value_int(1);
    CHECK_INT_EQ(eval_sql(sql), U);
    clear_row();
    row[C_FLAG] = text("ab ");
    row[C_QUANTITY] = value_int(1);
    CHECK_INT_EQ(eval_sql("(flag = 'ab' AND quantity = 1) OR flag = 'x'"), T);
    row[C_SMALL] = value_int(2);
    CHECK_INT_EQ(eval_sql("(small = 1 AND quantity = 1) OR (small = 2 AND "
                          "quantity = 1)"),
                 T);
}

int
main(void)
{
    setup_types();
    arena_init(&arena, 4096);
    RUN(test_constant_comparisons);
    RUN(test_three_valued_logic);
    RUN(test_between_and_in);
    RUN(test_pg_dump_spelling);
    RUN(test_column_comparisons);
    RUN(test_exact_numeric_arithmetic);
    RUN(test_errors_at_eval_fail_the_row);
    RUN(test_dates_and_timestamps);
    RUN(test_regular_expressions);
    RUN(test_regex_from_many_threads);
    RUN(test_like);
    RUN(test_functions);
    RUN(test_identifiers_and_strings);
    RUN(test_domain_value);
    RUN(test_columns);
    RUN(test_bounds_numbers);
    RUN(test_bounds_text_and_dates);
    RUN(test_unsupported_input);
    RUN(test_unknown_column_is_its_own_failure);
    RUN(test_definitions);
    RUN(test_compiled_matches_tree);
    RUN(test_keyed_or);
    arena_release(&arena);
    return HARNESS_DONE();
}
