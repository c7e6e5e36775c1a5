#include <stdint.h>
#include <stdlib.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/perm.h"
#include "core/rng.h"
#include "core/strutil.h"
#include "core/value.h"
#include "harness.h"

static void
test_buf_numbers(void)
{
    struct buf b;
    buf_init(&b, 4);
    buf_put_i64(&b, -9223372036854775807LL - 1);
    buf_putc(&b, ' ');
    buf_put_u64(&b, 18446744073709551615ULL);
    buf_putc(&b, ' ');
    buf_put_u64_padded(&b, 7, 3);
    CHECK_STR_EQ(b.data, "-9223372036854775808 18446744073709551615 007");
    buf_release(&b);
}

static void
test_arena_strings(void)
{
    struct arena a;
    arena_init(&a, 64);
    char *first = arena_strdup(&a, "hello");
    char *big = arena_alloc(&a, 1000);
    memset(big, 'x', 1000);
    char *second = arena_printf(&a, "%s-%d", first, 7);
    CHECK_STR_EQ(first, "hello");
    CHECK_STR_EQ(second, "hello-7");
    arena_reset(&a);
    CHECK_STR_EQ(arena_strdup(&a, "again"), "again");
    arena_release(&a);
}

static void
test_rng_is_pure(void)
{
    struct rng a = rng_cell(1, 2, 3, 4), b = rng_cell(1, 2, 3, 4);
    CHECK(rng_next(&a) == rng_next(&b));
    struct rng c = rng_cell(1, 2, 3, 5);
    struct rng d = rng_cell(1, 2, 3, 4);
    CHECK(rng_next(&c) != rng_next(&d));
    CHECK(rng_hash_name("users") == rng_hash_name("users"));
    CHECK(rng_hash_name("users") != rng_hash_name("user"));
}

static void
test_rng_below_is_uniform(void)
{
    int counts[10] = {0};
    for (uint64_t i = 0; i < 100000; i++) {
        struct rng r = rng_cell(7, 1, 1, i);
        uint64_t x = rng_below(&r, 10);
        CHECK(x < 10);
        counts[x]++;
    }
    for (int i = 0; i < 10; i++)
        CHECK(counts[i] > 9500 && counts[i] < 10500);
    struct rng r = rng_cell(1, 1, 1, 1);
    for (int i = 0; i < 1000; i++) {
        int64_t v = rng_range(&r, -3, 3);
        CHECK(v >= -3 && v <= 3);
    }
}

static void
test_perm_is_bijection(void)
{
    uint64_t sizes[] = {1, 2, 3, 10, 1000, 4097};
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        struct perm p;
        perm_init(&p, sizes[s], 99);
        unsigned char *seen = calloc(sizes[s], 1);
        for (uint64_t i = 0; i < sizes[s]; i++) {
            uint64_t y = perm_apply(&p, i);
            CHECK(y < sizes[s]);
            CHECK(!seen[y]);
            seen[y] = 1;
        }
        free(seen);
    }
}

static void
test_closest(void)
{
    const char *names[] = {"products", "orders", "customers"};
    CHECK_STR_EQ(str_closest("prodcuts", names, 3), "products");
    CHECK(str_closest("zebra", names, 3) == NULL);
    CHECK_INT_EQ(str_edit_distance("kitten", "sitting"), 3);
    CHECK_INT_EQ(str_edit_distance("emial", "email"), 1);
    const char *kinds[] = {"email", "enum", "int"};
    CHECK_STR_EQ(str_closest("emial", kinds, 3), "email");
}

static void
format_value(const struct value *v, const char *expected, int *ok)
{
    struct buf b;
    buf_init(&b, 8);
    value_format(v, &b);
    *ok = strcmp(b.data, expected) == 0;
    if (!*ok)
        printf("  got \"%s\", expected \"%s\"\n", b.data, expected);
    buf_release(&b);
}

static void
test_value_format(void)
{
    int ok;
    struct value v = {.kind = VALUE_NUMERIC, .scale = 2, .as.i = -5};
    format_value(&v, "-0.05", &ok);
    CHECK(ok);
    v = (struct value){.kind = VALUE_DATE,
                       .as.i = days_from_civil(2024, 2, 29)};
    format_value(&v, "2024-02-29", &ok);
    CHECK(ok);
    v = (struct value){.kind = VALUE_TIMESTAMPTZ,
                       .as.i = days_from_civil(1999, 12, 31) * USEC_PER_DAY +
                               (23 * 3600 + 59 * 60 + 58) * USEC_PER_SEC +
                               120000};
    format_value(&v, "1999-12-31 23:59:58.12+00", &ok);
    CHECK(ok);
    v = (struct value){.kind = VALUE_FLOAT, .float_digits = 17, .as.f = 0.1};
    format_value(&v, "0.1", &ok);
    CHECK(ok);
    v = (struct value){.kind = VALUE_BOOL, .as.i = 1};
    format_value(&v, "t", &ok);
    CHECK(ok);
    int64_t y;
    unsigned m, d;
    civil_from_days(0, &y, &m, &d);
    CHECK(y == 1970 && m == 1 && d == 1);
}

/* The rarely generated forms, written as they always have been. */
static void
test_value_format_edges(void)
{
    int ok;
    struct value v = {.kind = VALUE_INT, .as.i = INT64_MIN};
    format_value(&v, "-9223372036854775808", &ok);
    CHECK(ok);
    v = (struct value){.kind = VALUE_NUMERIC, .scale = 0, .as.i = 1234};
    format_value(&v, "1234", &ok);
    CHECK(ok);
    v = (struct value){.kind = VALUE_NUMERIC, .scale = 4, .as.i = 123};
    format_value(&v, "0.0123", &ok);
    CHECK(ok);
    v = (struct value){.kind = VALUE_NUMERIC, .scale = 20, .as.i = INT64_MAX};
    format_value(&v, "0.09223372036854775807", &ok);
    CHECK(ok);
    v = (struct value){.kind = VALUE_DATE,
                       .as.i = days_from_civil(-43, 3, 15)};
    format_value(&v, "0044-03-15 BC", &ok);
    CHECK(ok);
    v = (struct value){.kind = VALUE_DATE,
                       .as.i = days_from_civil(12345, 6, 7)};
    format_value(&v, "12345-06-07", &ok);
    CHECK(ok);
    v = (struct value){.kind = VALUE_TIME, .as.i = 7 * USEC_PER_SEC + 5};
    format_value(&v, "00:00:07.000005", &ok);
    CHECK(ok);
    v = (struct value){.kind = VALUE_TIME, .as.i = 123 * 3600 * USEC_PER_SEC};
    format_value(&v, "123:00:00", &ok);
    CHECK(ok);
    v = (struct value){.kind = VALUE_TIMESTAMP,
                       .as.i = days_from_civil(0, 1, 1) * USEC_PER_DAY +
                               USEC_PER_SEC / 2};
    format_value(&v, "0001-01-01 00:00:00.5 BC", &ok);
    CHECK(ok);
    v = (struct value){.kind = VALUE_FLOAT, .float_digits = 9, .as.f = -1.0 / 0.0};
    format_value(&v, "-Infinity", &ok);
    CHECK(ok);
    v = (struct value){.kind = VALUE_FLOAT, .float_digits = 9, .as.f = 0.1f};
    format_value(&v, "0.1", &ok);
    CHECK(ok);
    char digits[32];
    CHECK_INT_EQ(fmt_u64(digits, 0, 0), 1);
    CHECK_INT_EQ(fmt_u64(digits, 42, 30), 24);
    digits[24] = '\0';
    CHECK_STR_EQ(digits, "000000000000000000000042");
    CHECK_INT_EQ(fmt_u64(digits, UINT64_MAX, 3), 20);
    digits[20] = '\0';
    CHECK_STR_EQ(digits, "18446744073709551615");
    for (uint64_t x = 1, n = 1; n <= 20; x *= 10, n++) {
        CHECK_INT_EQ(fmt_digits(x), n);
        CHECK_INT_EQ(fmt_digits(x - 1), n > 1 ? n - 1 : 1);
    }
}

static void
test_error_first_wins(void)
{
    struct dg_error err;
    dg_error_init(&err);
    CHECK_INT_EQ(dg_fail(&err, DG_IO, "out.sql", "cannot write: %s", "full"),
                 -1);
    dg_fail(&err, DG_USAGE, NULL, "later");
    CHECK_INT_EQ(err.status, DG_IO);
    CHECK_STR_EQ(err.message, "cannot write: full");
    CHECK_INT_EQ(dg_status_exit_code(DG_INVALID), 2);
    CHECK_INT_EQ(dg_status_exit_code(DG_IO), 1);
}

int
main(void)
{
    RUN(test_buf_numbers);
    RUN(test_arena_strings);
    RUN(test_rng_is_pure);
    RUN(test_rng_below_is_uniform);
    RUN(test_perm_is_bijection);
    RUN(test_closest);
    RUN(test_value_format);
    RUN(test_value_format_edges);
    RUN(test_error_first_wins);
    return HARNESS_DONE();
}
