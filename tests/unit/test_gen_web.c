#include <jansson.h>
#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "gen/gen.h"
#include "gen_fixture.h"
#include "harness.h"

#define SAMPLE 100000

static int
compare(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
distinct(struct fx *f, size_t count)
{
    char **all = malloc(count * sizeof(*all));
    for (size_t i = 0; i < count; i++)
        all[i] = strdup(fx_text(f, i));
    qsort(all, count, sizeof(*all), compare);
    bool ok = true;
    for (size_t i = 1; i < count; i++)
        ok = ok && strcmp(all[i - 1], all[i]) != 0;
    for (size_t i = 0; i < count; i++)
        free(all[i]);
    free(all);
    return ok;
}

/* Every value of rows 0..count-1 matches pattern and has at most limit
 * characters (limit < 0: any). */
static bool
all_match(struct fx *f, const char *pattern, long limit, uint64_t count)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    bool ok = true;
    for (uint64_t row = 0; row < count && ok; row++) {
        const char *text = fx_text(f, row);
        if (regexec(&re, text, 0, NULL, 0) != 0 ||
            (limit >= 0 && (long)strlen(text) > limit)) {
            printf("  %s: \"%s\" does not match %s (limit %ld)\n",
                   f->kind->name, text, pattern, limit);
            ok = false;
        }
    }
    regfree(&re);
    return ok;
}

#define HOST "[a-z]+(-[a-z]+)?[0-9]*\\.example\\.(com|net|org)"

static void
test_url_and_domain(void)
{
    struct fx f;
    CHECK_INT_EQ(fx_open(&f, "url", PG_TEXT, -1, NULL, false, SAMPLE), 0);
    CHECK(all_match(&f, "^https://www\\." HOST "(/[a-z]+(/[a-z]+(-[a-z]+)*|"
                        "(-[a-z]+)+)?)?$",
                    -1, SAMPLE));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "url", PG_VARCHAR, 45, NULL, true, SAMPLE), 0);
    CHECK(all_match(&f, "^https://(www\\.)?" HOST "(/.*)?[/-][0-9]+$", 45,
                    SAMPLE));
    CHECK(distinct(&f, SAMPLE));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "domain", PG_VARCHAR, 30, NULL, false, SAMPLE),
                 0);
    CHECK(all_match(&f, "^" HOST "$", 30, SAMPLE));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "domain", PG_TEXT, -1, NULL, true, 500000), 0);
    CHECK(distinct(&f, 500000));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "url", PG_VARCHAR, 20, NULL, false, 10), -1);
    CHECK_CONTAINS(f.diags.items[0].message, "column is too short");
    fx_close(&f);
}

static void
test_ipv4(void)
{
    struct fx f;
    CHECK_INT_EQ(fx_open(&f, "ipv4", PG_INET, -1, NULL, false, SAMPLE), 0);
    for (uint64_t row = 0; row < SAMPLE; row++) {
        unsigned a, b, c, d;
        const char *ip = fx_text(&f, row);
        CHECK_INT_EQ(sscanf(ip, "%u.%u.%u.%u", &a, &b, &c, &d), 4);
        CHECK(a >= 1 && a <= 223 && b <= 255 && c <= 255);
        CHECK(d >= 1 && d <= 254);
        /* private, loopback, shared, link-local, documentation */
        CHECK(a != 10 && a != 127 && a != 100 && a != 169 && a != 172 &&
              a != 192 && a != 198 && a != 203);
    }
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "ipv4", PG_TEXT, -1, NULL, true, SAMPLE), 0);
    CHECK(distinct(&f, SAMPLE));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "ipv4", PG_VARCHAR, 12, NULL, false, 10), -1);
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "ipv4", PG_MACADDR, -1, NULL, false, 10), -1);
    CHECK_STR_EQ(f.diags.items[0].message,
                 "generator \"ipv4\" cannot produce type \"macaddr\"");
    fx_close(&f);
}

static void
test_ipv6_and_mac(void)
{
    struct fx f;
    CHECK_INT_EQ(fx_open(&f, "ipv6", PG_TEXT, -1, NULL, true, SAMPLE), 0);
    CHECK(all_match(&f, "^2001:db8(:[0-9a-f]{1,4}){6}$", 39, SAMPLE));
    CHECK(distinct(&f, SAMPLE));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "mac_address", PG_MACADDR, -1, NULL, true,
                         SAMPLE),
                 0);
    CHECK(all_match(&f, "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$", -1, SAMPLE));
    CHECK(distinct(&f, SAMPLE));
    /* unicast: the first octet is even */
    for (uint64_t row = 0; row < 1000; row++)
        CHECK(strtoul(fx_text(&f, row), NULL, 16) % 2 == 0);
    fx_close(&f);
}

static void
test_slug_color_word(void)
{
    struct fx f;
    CHECK_INT_EQ(fx_open(&f, "slug", PG_VARCHAR, 24, NULL, true, SAMPLE), 0);
    CHECK(all_match(&f, "^[a-z]+(-[a-z]+)*-[0-9]+$", 24, SAMPLE));
    CHECK(distinct(&f, SAMPLE));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "slug", PG_TEXT, -1, NULL, false, 10), 0);
    CHECK(all_match(&f, "^[a-z]+(-[a-z]+){1,4}$", -1, 10000));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "color", PG_TEXT, -1, NULL, false, 10), 0);
    CHECK(all_match(&f, "^[a-z]+$", -1, 1000));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "color", PG_VARCHAR, 5, NULL, false, 10), 0);
    CHECK(all_match(&f, "^[a-z]{3,5}$", 5, 1000));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "color", PG_CHAR, 7, NULL, true, SAMPLE), 0);
    CHECK(all_match(&f, "^#[0-9a-f]{6}$", 7, SAMPLE));
    CHECK(distinct(&f, SAMPLE));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "color", PG_TEXT, -1, NULL, true, 100), -1);
    CHECK_CONTAINS(f.diags.items[0].message, "the color name list has only");
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "color", PG_TEXT, -1, "{\"format\": \"rgb\"}",
                         false, 10),
                 -1);
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "word", PG_VARCHAR, 4, NULL, false, 10), 0);
    CHECK(all_match(&f, "^[a-z]{1,4}$", 4, 10000));
    fx_close(&f);
}

static void
test_sentence_paragraph_title(void)
{
    struct fx f;
    CHECK_INT_EQ(fx_open(&f, "sentence", PG_TEXT, -1, NULL, false, 10), 0);
    CHECK(all_match(&f, "^[A-Z][a-z]*( [a-z]+){3,11}\\.$", -1, SAMPLE));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "sentence", PG_VARCHAR, 40, NULL, true, SAMPLE),
                 0);
    CHECK(all_match(&f, "^[A-Z][a-z]*( [a-z]+)*\\.$", 40, SAMPLE));
    CHECK(distinct(&f, SAMPLE));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "title", PG_TEXT, -1,
                         "{\"min_words\": 3, \"max_words\": 3}", false, 10),
                 0);
    CHECK(all_match(&f, "^[A-Z][a-z]*( [A-Z][a-z]*){2}$", -1, 10000));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "title", PG_VARCHAR, 60, NULL, true, SAMPLE), 0);
    CHECK(distinct(&f, SAMPLE));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "paragraph", PG_TEXT, -1, NULL, false, 10), 0);
    CHECK(all_match(&f, "^([A-Z][a-z]*( [a-z]+)+\\.)( [A-Z][a-z]*( [a-z]+)+"
                        "\\.){2,5}$",
                    -1, 10000));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "paragraph", PG_VARCHAR, 120, NULL, false, 10),
                 0);
    CHECK(all_match(&f, "^([A-Z][a-z]*( [a-z]+)*\\.)( [A-Z][a-z]*( [a-z]+)+"
                        "\\.)*$",
                    120, SAMPLE));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "sentence", PG_TEXT, -1,
                         "{\"min_words\": 5, \"max_words\": 2}", false, 10),
                 -1);
    fx_close(&f);
}

static void
test_coordinates(void)
{
    struct fx f;
    CHECK_INT_EQ(fx_open(&f, "latitude", PG_NUMERIC, -1, NULL, false, 10), 0);
    double lo = 90, hi = -90;
    for (uint64_t row = 0; row < SAMPLE; row++) {
        const char *text = fx_text(&f, row);
        const char *dot = strchr(text, '.');
        CHECK(dot != NULL && strlen(dot + 1) == 6);
        double v = atof(text);
        CHECK(v >= -90 && v <= 90);
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    CHECK(lo < -89 && hi > 89);
    fx_close(&f);
    /* numeric(5,2) holds at most 999.99; (4,2) only 99.99 */
    CHECK_INT_EQ(fx_open(&f, "longitude", PG_NUMERIC, -1, NULL, false, 10), 0);
    fx_close(&f);
    struct fx g;
    memset(&g, 0, sizeof(g));
    CHECK_INT_EQ(fx_open(&g, "longitude", PG_DOUBLE, -1,
                         "{\"min\": 5.5, \"max\": 15.1}", false, 10),
                 0);
    for (uint64_t row = 0; row < 10000; row++) {
        double v = atof(fx_text(&g, row));
        CHECK(v >= 5.5 && v <= 15.1);
    }
    fx_close(&g);
    CHECK_INT_EQ(fx_open(&g, "latitude", PG_DOUBLE, -1, "{\"max\": 91}",
                         false, 10),
                 -1);
    fx_close(&g);
    CHECK_INT_EQ(fx_open(&g, "latitude", PG_TEXT, -1, NULL, false, 10), -1);
    fx_close(&g);
}

int
main(void)
{
    RUN(test_url_and_domain);
    RUN(test_ipv4);
    RUN(test_ipv6_and_mac);
    RUN(test_slug_color_word);
    RUN(test_sentence_paragraph_title);
    RUN(test_coordinates);
    return HARNESS_DONE();
}
