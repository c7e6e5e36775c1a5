#include <jansson.h>
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

static bool
matches(const regex_t *re, const char *text)
{
    return regexec(re, text, 0, NULL, 0) == 0;
}

static bool
luhn_ok(const char *digits)
{
    size_t n = strlen(digits);
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(digits[n - 1 - i] - '0');
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

static bool
iban_ok(const char *iban)
{
    char moved[64];
    size_t n = strlen(iban);
    if (n < 5 || n > 34)
        return false;
    memcpy(moved, iban + 4, n - 4);
    memcpy(moved + n - 4, iban, 4);
    unsigned rem = 0;
    for (size_t i = 0; i < n; i++) {
        char c = moved[i];
        if (c >= '0' && c <= '9')
            rem = (rem * 10 + (unsigned)(c - '0')) % 97;
        else
            rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
    }
    return rem == 1;
}

static int
compare(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether rows 0..count-1 are distinct. */
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

static void
test_credit_card_luhn_and_brands(void)
{
    struct fx f;
    CHECK_INT_EQ(fx_open(&f, "credit_card", PG_TEXT, -1, NULL, false, SAMPLE),
                 0);
    regex_t re;
    regcomp(&re,
            "^(4[0-9]{15}|5[1-5][0-9]{14}|2(22[1-9]|2[3-9][0-9]|[3-6][0-9]{2}|"
            "7[01][0-9]|720)[0-9]{12}|3[47][0-9]{13}|(6011|65[0-9]{2})"
            "[0-9]{12})$",
            REG_EXTENDED | REG_NOSUB);
    unsigned visa = 0, amex = 0;
    for (uint64_t row = 0; row < SAMPLE; row++) {
        const char *card = fx_text(&f, row);
        if (!luhn_ok(card) || !matches(&re, card))
            printf("  bad card %s\n", card);
        CHECK(luhn_ok(card));
        CHECK(matches(&re, card));
        visa += card[0] == '4';
        amex += card[0] == '3';
    }
    regfree(&re);
    /* 50% and 10% of the mix, within 1 point */
    CHECK(visa > SAMPLE * 49 / 100 && visa < SAMPLE * 51 / 100);
    CHECK(amex > SAMPLE * 9 / 100 && amex < SAMPLE * 11 / 100);
    fx_close(&f);
}

static void
test_credit_card_brand_and_unique(void)
{
    struct fx f;
    CHECK_INT_EQ(fx_open(&f, "credit_card", PG_VARCHAR, 15,
                         "{\"brand\": \"amex\"}", true, SAMPLE),
                 0);
    for (uint64_t row = 0; row < 1000; row++) {
        const char *card = fx_text(&f, row);
        CHECK_INT_EQ(strlen(card), 15);
        CHECK(card[0] == '3' && (card[1] == '4' || card[1] == '7'));
        CHECK(luhn_ok(card));
    }
    CHECK(distinct(&f, SAMPLE));
    fx_close(&f);
    /* a 16-digit brand does not fit 15 characters */
    CHECK_INT_EQ(fx_open(&f, "credit_card", PG_VARCHAR, 15, NULL, false, 10),
                 -1);
    CHECK_CONTAINS(f.diags.items[0].message, "at least 16 are needed");
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "credit_card", PG_TEXT, -1,
                         "{\"brand\": \"diners\"}", false, 10),
                 -1);
    fx_close(&f);
}

static void
test_iban_mod97_and_formats(void)
{
    struct fx f;
    CHECK_INT_EQ(fx_open(&f, "iban", PG_TEXT, -1, NULL, false, SAMPLE), 0);
    regex_t re;
    regcomp(&re,
            "^(DE[0-9]{2}[1-8][0-9]{17}|GB[0-9]{2}[A-Z]{4}[0-9]{14}|"
            "FR[0-9]{25}|ES[0-9]{22}|NL[0-9]{2}[A-Z]{4}[0-9]{10})$",
            REG_EXTENDED | REG_NOSUB);
    unsigned seen[5] = {0};
    static const char *const codes[] = {"DE", "GB", "FR", "ES", "NL"};
    for (uint64_t row = 0; row < SAMPLE; row++) {
        const char *iban = fx_text(&f, row);
        if (!iban_ok(iban) || !matches(&re, iban))
            printf("  bad iban %s\n", iban);
        CHECK(iban_ok(iban));
        CHECK(matches(&re, iban));
        for (int c = 0; c < 5; c++)
            seen[c] += strncmp(iban, codes[c], 2) == 0;
    }
    regfree(&re);
    for (int c = 0; c < 5; c++)
        CHECK(seen[c] > SAMPLE / 10);
    fx_close(&f);
}

/* French RIB key and Spanish control digits, on known-good numbers' rules */
static void
test_iban_national_checks(void)
{
    struct fx f;
    CHECK_INT_EQ(fx_open(&f, "iban", PG_TEXT, -1, "{\"country\": \"FR\"}",
                         false, 100),
                 0);
    for (uint64_t row = 0; row < 1000; row++) {
        const char *iban = fx_text(&f, row);
        CHECK_INT_EQ(strlen(iban), 27);
        /* bank, branch, account, key: 89 b + 15 g + 3 a + key = 0 mod 97 */
        unsigned long long b = strtoull((char[]){iban[4], iban[5], iban[6],
                                                 iban[7], iban[8], 0},
                                        NULL, 10);
        unsigned long long g = strtoull((char[]){iban[9], iban[10], iban[11],
                                                 iban[12], iban[13], 0},
                                        NULL, 10);
        char account[12];
        memcpy(account, iban + 14, 11);
        account[11] = 0;
        unsigned long long a = strtoull(account, NULL, 10);
        unsigned long long key =
            strtoull((char[]){iban[25], iban[26], 0}, NULL, 10);
        CHECK_INT_EQ((89 * b + 15 * g + 3 * a + key) % 97, 0);
    }
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "iban", PG_TEXT, -1, "{\"country\": \"ES\"}",
                         false, 100),
                 0);
    static const unsigned w[] = {1, 2, 4, 8, 5, 10, 9, 7, 3, 6};
    for (uint64_t row = 0; row < 1000; row++) {
        const char *iban = fx_text(&f, row);
        CHECK_INT_EQ(strlen(iban), 24);
        unsigned s1 = 0, s2 = 0;
        for (int i = 0; i < 8; i++)
            s1 += w[i + 2] * (unsigned)(iban[4 + i] - '0');
        for (int i = 0; i < 10; i++)
            s2 += w[i] * (unsigned)(iban[14 + i] - '0');
        unsigned d1 = 11 - s1 % 11, d2 = 11 - s2 % 11;
        d1 = d1 == 11 ? 0 : d1 == 10 ? 1 : d1;
        d2 = d2 == 11 ? 0 : d2 == 10 ? 1 : d2;
        CHECK_INT_EQ(iban[12] - '0', d1);
        CHECK_INT_EQ(iban[13] - '0', d2);
    }
    fx_close(&f);
}

static void
test_iban_unique_print_and_length(void)
{
    struct fx f;
    CHECK_INT_EQ(fx_open(&f, "iban", PG_TEXT, -1, NULL, true, SAMPLE), 0);
    CHECK(distinct(&f, SAMPLE));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "iban", PG_TEXT, -1,
                         "{\"country\": \"GB\", \"format\": \"print\"}", false,
                         10),
                 0);
    regex_t re;
    regcomp(&re, "^GB[0-9]{2} [A-Z]{4} [0-9]{4} [0-9]{4} [0-9]{4} [0-9]{2}$",
            REG_EXTENDED | REG_NOSUB);
    const char *iban = fx_text(&f, 3);
    CHECK(matches(&re, iban));
    regfree(&re);
    fx_close(&f);
    /* NL fits 18, the mix needs 27 */
    CHECK_INT_EQ(fx_open(&f, "iban", PG_VARCHAR, 18, "{\"country\": \"NL\"}",
                         false, 10),
                 0);
    CHECK_INT_EQ(strlen(fx_text(&f, 0)), 18);
    CHECK(iban_ok(fx_text(&f, 1)));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "iban", PG_VARCHAR, 22, NULL, false, 10), -1);
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "iban", PG_INTEGER, -1, NULL, false, 10), -1);
    CHECK_STR_EQ(f.diags.items[0].message,
                 "generator \"iban\" cannot produce type \"integer\"");
    fx_close(&f);
}

static void
test_currency_code(void)
{
    struct fx f;
    CHECK_INT_EQ(fx_open(&f, "currency_code", PG_CHAR, 3, NULL, false, SAMPLE),
                 0);
    unsigned usd = 0, eur = 0;
    regex_t re;
    regcomp(&re, "^[A-Z]{3}$", REG_EXTENDED | REG_NOSUB);
    for (uint64_t row = 0; row < SAMPLE; row++) {
        const char *code = fx_text(&f, row);
        CHECK(matches(&re, code));
        usd += strcmp(code, "USD") == 0;
        eur += strcmp(code, "EUR") == 0;
    }
    regfree(&re);
    /* weights 300 and 250 of 1000 */
    CHECK(usd > SAMPLE * 29 / 100 && usd < SAMPLE * 31 / 100);
    CHECK(eur > SAMPLE * 24 / 100 && eur < SAMPLE * 26 / 100);
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "currency_code", PG_CHAR, 3, NULL, true, 40), 0);
    CHECK(distinct(&f, 40));
    fx_close(&f);
    CHECK_INT_EQ(fx_open(&f, "currency_code", PG_CHAR, 3, NULL, true, 41), -1);
    CHECK_CONTAINS(f.diags.items[0].message, "only 40 distinct values");
    fx_close(&f);
}

int
main(void)
{
    RUN(test_credit_card_luhn_and_brands);
    RUN(test_credit_card_brand_and_unique);
    RUN(test_iban_mod97_and_formats);
    RUN(test_iban_national_checks);
    RUN(test_iban_unique_print_and_length);
    RUN(test_currency_code);
    return HARNESS_DONE();
}
