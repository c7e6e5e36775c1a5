#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "gen/gen_internal.h"

/*
 * Payment data that passes the checks real systems run: card numbers with
 * the issuer prefixes and lengths of their brand and a Luhn check digit;
 * IBANs in each country's format with ISO 13616 mod-97 check digits (and
 * the national check digits of France and Spain). A unique column spells a
 * keyed permutation of the row in the account digits, so two rows never
 * share a number while the brand or country still varies.
 */

static int
check_column(const struct gen_kind *kind, const struct gen_spec *spec,
             long need, struct diag_list *diags)
{
    if (!gen_kind_accepts(kind, spec->type)) {
        gen_util_type_error(spec, kind->name, diags);
        return -1;
    }
    long limit = gen_util_text_limit(spec);
    if (limit >= 0 && limit < need) {
        diag_add(diags, DIAG_ERROR, spec->path,
                 "widen the column or choose another generator",
                 "column is too short for generator \"%s\": it holds %ld "
                 "characters, at least %ld are needed",
                 kind->name, limit, need);
        return -1;
    }
    return 0;
}

/* Digits of the unique index: enough for row_count, at least 6 so that the
 * numbers do not start with runs of zeros. */
static unsigned
unique_digits(uint64_t rows)
{
    unsigned digits = 6;
    uint64_t space = 1000000;
    while (space < rows && digits < 18) {
        space *= 10;
        digits++;
    }
    return digits;
}

/* Writes count digits: the random ones first, then the last `tail` digits
 * of index (when tail is non-zero). */
static void
fill_digits(char *out, unsigned count, struct rng *rng, uint64_t index,
            unsigned tail)
{
    for (unsigned i = count; i > 0; i--) {
        if (count - i < tail) {
            out[i - 1] = (char)('0' + index % 10);
            index /= 10;
        } else {
            out[i - 1] = (char)('0' + rng_below(rng, 10));
        }
    }
}

/* ---- credit_card ---- */

enum card_brand { CARD_VISA, CARD_MASTERCARD, CARD_AMEX, CARD_DISCOVER,
                  CARD_MIXED };

static const char *const brand_names[] = {"visa", "mastercard", "amex",
                                          "discover"};

struct card_state {
    enum card_brand brand;
    bool unique;
    unsigned digits; /* unique index digits */
    struct perm perm;
    uint64_t space;
};

/* The Luhn check digit for the payload digits[0..n). */
static char
luhn_digit(const char *digits, size_t n)
{
    unsigned sum = 0;
    /* the rightmost payload digit is doubled: the check digit follows it */
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(digits[n - 1 - i] - '0');
        if (i % 2 == 0) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return (char)('0' + (10 - sum % 10) % 10);
}

static int
card_compile(const struct gen_spec *spec, void **state,
             struct diag_list *diags)
{
    *state = NULL;
    enum card_brand brand = CARD_MIXED;
    const json_t *value = gen_util_config(spec, "brand");
    if (value != NULL) {
        brand = CARD_MIXED + 1;
        for (int b = 0; b < CARD_MIXED; b++)
            if (json_is_string(value) &&
                strcmp(json_string_value(value), brand_names[b]) == 0)
                brand = (enum card_brand)b;
        if (brand > CARD_MIXED) {
            gen_util_config_error(spec, "brand", diags,
                                  "\"brand\" must be \"visa\", "
                                  "\"mastercard\", \"amex\" or "
                                  "\"discover\"");
            return -1;
        }
    }
    long need = brand == CARD_AMEX ? 15 : 16;
    if (check_column(&gen_finance_credit_card, spec, need, diags) != 0)
        return -1;
    /* a four-digit prefix leaves 11 payload digits */
    if (gen_util_need_capacity(spec, UINT64_C(100000000000), "a card number",
                               diags) != 0)
        return -1;
    struct card_state *st = xcalloc(1, sizeof(*st));
    st->brand = brand;
    st->unique = spec->unique;
    if (st->unique) {
        st->digits = unique_digits(spec->row_count);
        if (st->digits > 11)
            st->digits = 11;
        st->space = (uint64_t)gen_util_pow10((int)st->digits);
        perm_init(&st->perm, st->space, spec->key);
    }
    *state = st;
    return 0;
}

static void
card_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct card_state *st = state;
    struct rng *rng = &ctx->rng;
    enum card_brand brand = st->brand;
    if (brand == CARD_MIXED) {
        unsigned r = (unsigned)rng_below(rng, 100);
        brand = r < 50   ? CARD_VISA
                : r < 85 ? CARD_MASTERCARD
                : r < 95 ? CARD_AMEX
                         : CARD_DISCOVER;
    }
    char digits[20];
    size_t length = 16, prefix = 0;
    switch (brand) {
    case CARD_VISA:
        digits[prefix++] = '4';
        break;
    case CARD_MASTERCARD:
        if (rng_chance(rng, 0.8)) {
            digits[prefix++] = '5';
            digits[prefix++] = (char)('1' + rng_below(rng, 5));
        } else {
            /* 2221..2720 */
            unsigned v = 2221 + (unsigned)rng_below(rng, 500);
            for (int i = 3; i >= 0; i--) {
                digits[prefix + (size_t)i] = (char)('0' + v % 10);
                v /= 10;
            }
            prefix += 4;
        }
        break;
    case CARD_AMEX:
        length = 15;
        digits[prefix++] = '3';
        digits[prefix++] = rng_chance(rng, 0.5) ? '4' : '7';
        break;
    case CARD_DISCOVER:
    case CARD_MIXED:
        if (rng_chance(rng, 0.5)) {
            memcpy(digits, "6011", 4);
            prefix = 4;
        } else {
            digits[prefix++] = '6';
            digits[prefix++] = '5';
        }
        break;
    }
    uint64_t index = st->unique ? perm_apply(&st->perm, ctx->row % st->space)
                                : 0;
    fill_digits(digits + prefix, (unsigned)(length - 1 - prefix), rng, index,
                st->unique ? st->digits : 0);
    digits[length - 1] = luhn_digit(digits, length - 1);
    char *text = arena_alloc(ctx->arena, length);
    memcpy(text, digits, length);
    *out = value_text(text, length);
}

/* ---- iban ---- */

enum iban_field { F_END, F_DIGITS, F_BANK_LETTERS, F_FR_KEY, F_ES_CHECK };

struct iban_country {
    const char *code;
    unsigned length;
    /* BBAN layout: up to 6 fields of (kind, count) */
    struct {
        enum iban_field kind;
        unsigned count;
    } fields[6];
    unsigned account_digits; /* the last field's digits: the unique part */
    unsigned weight;         /* in the default mix */
};

static const struct iban_country countries[] = {
    {"DE", 22, {{F_DIGITS, 8}, {F_DIGITS, 10}}, 10, 30},
    {"GB", 22, {{F_BANK_LETTERS, 4}, {F_DIGITS, 6}, {F_DIGITS, 8}}, 8, 20},
    {"FR", 27, {{F_DIGITS, 5}, {F_DIGITS, 5}, {F_DIGITS, 11}, {F_FR_KEY, 2}},
     11, 20},
    {"ES", 24, {{F_DIGITS, 4}, {F_DIGITS, 4}, {F_ES_CHECK, 2}, {F_DIGITS, 10}},
     10, 15},
    {"NL", 18, {{F_BANK_LETTERS, 4}, {F_DIGITS, 10}}, 10, 15},
    {"AT", 20, {{F_DIGITS, 5}, {F_DIGITS, 11}}, 11, 0},
    {"CH", 21, {{F_DIGITS, 5}, {F_DIGITS, 12}}, 12, 0},
};
#define COUNTRY_COUNT (sizeof(countries) / sizeof(countries[0]))

static const char *const gb_banks[] = {"NWBK", "BARC", "LOYD", "HBUK", "MIDL",
                                       "NAIA", "CITI", "MONZ"};
static const char *const nl_banks[] = {"ABNA", "INGB", "RABO", "TRIO", "SNSB",
                                       "ASNB", "KNAB", "BUNQ"};

struct iban_state {
    int country; /* index, or -1 for the mix */
    bool print;  /* groups of four separated by spaces */
    bool unique;
    unsigned digits;
    struct perm perm;
    uint64_t space;
};

/* ISO 7064 mod 97-10 of text, letters counting as 10..35. */
static unsigned
mod97(const char *text, size_t n, unsigned rem)
{
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        if (c >= '0' && c <= '9')
            rem = (rem * 10 + (unsigned)(c - '0')) % 97;
        else if (c >= 'A' && c <= 'Z')
            rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
    }
    return rem;
}

static uint64_t
digits_value(const char *text, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v = v * 10 + (uint64_t)(text[i] - '0');
    return v;
}

/* Spain's two control digits: one over "00" + bank + branch, one over the
 * account, weights 1 2 4 8 5 10 9 7 3 6, 11 - sum mod 11 (10 -> 1, 11 -> 0). */
static char
es_control(const char *ten)
{
    static const unsigned weights[] = {1, 2, 4, 8, 5, 10, 9, 7, 3, 6};
    unsigned sum = 0;
    for (int i = 0; i < 10; i++)
        sum += weights[i] * (unsigned)(ten[i] - '0');
    unsigned d = 11 - sum % 11;
    return (char)('0' + (d == 11 ? 0 : d == 10 ? 1 : d));
}

static int
country_of_locale(const char *locale)
{
    static const char *const pairs[][2] = {
        {"de_DE", "DE"}, {"en_GB", "GB"}, {"fr_FR", "FR"}, {"es_ES", "ES"},
        {"nl_NL", "NL"}, {"de_AT", "AT"}, {"de_CH", "CH"},
    };
    for (size_t i = 0; locale != NULL && i < sizeof(pairs) / sizeof(pairs[0]);
         i++)
        if (strncmp(locale, pairs[i][0], 5) == 0)
            for (size_t c = 0; c < COUNTRY_COUNT; c++)
                if (strcmp(countries[c].code, pairs[i][1]) == 0)
                    return (int)c;
    return -1;
}

static int
iban_compile(const struct gen_spec *spec, void **state,
             struct diag_list *diags)
{
    *state = NULL;
    int country = country_of_locale(spec->locale);
    const json_t *value = gen_util_config(spec, "country");
    if (value != NULL) {
        country = -2;
        for (size_t c = 0; c < COUNTRY_COUNT; c++)
            if (json_is_string(value) &&
                strcmp(json_string_value(value), countries[c].code) == 0)
                country = (int)c;
        if (country == -2) {
            gen_util_config_error(spec, "country", diags,
                                  "\"country\" must be one of DE, GB, FR, "
                                  "ES, NL, AT, CH");
            return -1;
        }
    }
    bool print = false;
    value = gen_util_config(spec, "format");
    if (value != NULL) {
        const char *f = json_is_string(value) ? json_string_value(value) : "";
        if (strcmp(f, "print") != 0 && strcmp(f, "electronic") != 0) {
            gen_util_config_error(spec, "format", diags,
                                  "\"format\" must be \"electronic\" or "
                                  "\"print\"");
            return -1;
        }
        print = strcmp(f, "print") == 0;
    }
    unsigned length = 0;
    for (size_t c = 0; c < COUNTRY_COUNT; c++)
        if ((country < 0 && countries[c].weight > 0) || (int)c == country)
            if (countries[c].length > length)
                length = countries[c].length;
    long need = (long)(print ? length + (length - 1) / 4 : length);
    if (check_column(&gen_finance_iban, spec, need, diags) != 0)
        return -1;
    /* every country has at least 8 account digits */
    if (gen_util_need_capacity(spec, UINT64_C(100000000), "an IBAN", diags) !=
        0)
        return -1;
    struct iban_state *st = xcalloc(1, sizeof(*st));
    st->country = country;
    st->print = print;
    st->unique = spec->unique;
    if (st->unique) {
        st->digits = unique_digits(spec->row_count);
        if (st->digits > 8)
            st->digits = 8;
        st->space = (uint64_t)gen_util_pow10((int)st->digits);
        perm_init(&st->perm, st->space, spec->key);
    }
    *state = st;
    return 0;
}

static void
iban_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct iban_state *st = state;
    struct rng *rng = &ctx->rng;
    size_t c = (size_t)st->country;
    if (st->country < 0) {
        unsigned r = (unsigned)rng_below(rng, 100);
        for (c = 0; c < COUNTRY_COUNT; c++) {
            if (r < countries[c].weight)
                break;
            r -= countries[c].weight;
        }
    }
    const struct iban_country *k = &countries[c];
    char iban[40];
    memcpy(iban, k->code, 2);
    size_t n = 4;
    uint64_t index = st->unique ? perm_apply(&st->perm, ctx->row % st->space)
                                : 0;
    for (int f = 0; f < 6 && k->fields[f].kind != F_END; f++) {
        unsigned count = k->fields[f].count;
        bool last = f == 5 || k->fields[f + 1].kind == F_END ||
                    k->fields[f + 1].kind == F_FR_KEY;
        switch (k->fields[f].kind) {
        case F_DIGITS:
            fill_digits(iban + n, count, rng, index,
                        st->unique && last ? st->digits : 0);
            /* a German bank code starts with 1..8 */
            if (f == 0 && k->code[0] == 'D')
                iban[n] = (char)('1' + rng_below(rng, 8));
            break;
        case F_BANK_LETTERS: {
            const char *const *banks = k->code[0] == 'G' ? gb_banks : nl_banks;
            memcpy(iban + n, banks[rng_below(rng, 8)], 4);
            break;
        }
        case F_FR_KEY: {
            /* RIB key: 97 - (89 bank + 15 branch + 3 account) mod 97 */
            uint64_t bank = digits_value(iban + 4, 5);
            uint64_t branch = digits_value(iban + 9, 5);
            uint64_t account = digits_value(iban + 14, 11);
            unsigned key =
                97 - (unsigned)((89 * bank + 15 * branch + 3 * account) % 97);
            iban[n] = (char)('0' + key / 10);
            iban[n + 1] = (char)('0' + key % 10);
            break;
        }
        case F_ES_CHECK:
        case F_END:
            /* written once the account is there */
            break;
        }
        n += count;
    }
    if (k->code[0] == 'E') {
        char ten[10] = {'0', '0'};
        memcpy(ten + 2, iban + 4, 8);
        iban[12] = es_control(ten);
        iban[13] = es_control(iban + 14);
    }
    /* check digits: 98 - (BBAN + country + "00") mod 97 */
    iban[2] = '0';
    iban[3] = '0';
    unsigned rem = mod97(iban + 4, n - 4, 0);
    rem = mod97(iban, 4, rem);
    unsigned check = 98 - rem;
    iban[2] = (char)('0' + check / 10);
    iban[3] = (char)('0' + check % 10);
    size_t length = st->print ? n + (n - 1) / 4 : n;
    char *text = arena_alloc(ctx->arena, length);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (st->print && i > 0 && i % 4 == 0)
            text[w++] = ' ';
        text[w++] = iban[i];
    }
    *out = value_text(text, w);
}

/* ---- currency_code ---- */

/* ISO 4217 codes with weights: the currencies most trade is in first. */
static const struct {
    const char *code;
    unsigned weight;
} currencies[] = {
    {"USD", 300}, {"EUR", 250}, {"GBP", 80}, {"JPY", 60}, {"CNY", 50},
    {"CAD", 40},  {"AUD", 40},  {"CHF", 30}, {"INR", 20}, {"BRL", 15},
    {"MXN", 15},  {"KRW", 12},  {"SEK", 10}, {"NOK", 8},  {"DKK", 8},
    {"PLN", 8},   {"SGD", 8},   {"HKD", 8},  {"NZD", 6},  {"ZAR", 6},
    {"TRY", 5},   {"CZK", 4},   {"HUF", 4},  {"ILS", 4},  {"AED", 4},
    {"SAR", 4},   {"THB", 4},   {"MYR", 3},  {"IDR", 3},  {"PHP", 3},
    {"TWD", 3},   {"ARS", 2},   {"CLP", 2},  {"COP", 2},  {"EGP", 2},
    {"NGN", 2},   {"KES", 2},   {"VND", 2},  {"PEN", 2},  {"RON", 2},
};
#define CURRENCY_COUNT (sizeof(currencies) / sizeof(currencies[0]))

struct currency_state {
    bool unique;
    struct perm perm;
    unsigned total;
};

static int
currency_compile(const struct gen_spec *spec, void **state,
                 struct diag_list *diags)
{
    *state = NULL;
    if (check_column(&gen_finance_currency_code, spec, 3, diags) != 0 ||
        gen_util_need_capacity(spec, CURRENCY_COUNT,
                               "the ISO 4217 code list", diags) != 0)
        return -1;
    struct currency_state *st = xcalloc(1, sizeof(*st));
    st->unique = spec->unique;
    if (st->unique)
        perm_init(&st->perm, CURRENCY_COUNT, spec->key);
    for (size_t i = 0; i < CURRENCY_COUNT; i++)
        st->total += currencies[i].weight;
    *state = st;
    return 0;
}

static void
currency_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct currency_state *st = state;
    size_t i;
    if (st->unique) {
        i = (size_t)perm_apply(&st->perm, ctx->row % CURRENCY_COUNT);
    } else {
        unsigned r = (unsigned)rng_below(&ctx->rng, st->total);
        for (i = 0; i + 1 < CURRENCY_COUNT && r >= currencies[i].weight; i++)
            r -= currencies[i].weight;
    }
    *out = value_text(currencies[i].code, 3);
}

/* ---- kinds ---- */

static const struct gen_key card_keys[] = {
    {"brand", GEN_KEY_STRING, "a mix (visa 50%, mastercard 35%, amex 10%, "
                              "discover 5%)",
     "visa, mastercard, amex or discover"},
    {NULL, 0, NULL, NULL},
};
static const struct gen_key iban_keys[] = {
    {"country", GEN_KEY_STRING,
     "the locale's country, else a mix of DE, GB, FR, ES, NL",
     "DE, GB, FR, ES, NL, AT or CH"},
    {"format", GEN_KEY_STRING, "electronic",
     "electronic (DE89370400440532013000) or print (groups of four)"},
    {NULL, 0, NULL, NULL},
};
static const struct gen_key no_keys[] = {{NULL, 0, NULL, NULL}};

const struct gen_kind gen_finance_credit_card = {
    .name = "credit_card",
    .description = "Luhn-valid card numbers with real brand prefixes and "
                   "lengths (Visa 4, Mastercard 51-55/2221-2720, Amex 34/37, "
                   "Discover 6011/65)",
    .keys = card_keys,
    .types = GEN_TYPES_TEXT,
    .compile = card_compile,
    .generate = card_generate,
    .free = free,
};

const struct gen_kind gen_finance_iban = {
    .name = "iban",
    .description = "IBANs with valid mod-97 check digits in the format of "
                   "DE, GB, FR, ES, NL, AT or CH",
    .keys = iban_keys,
    .types = GEN_TYPES_TEXT,
    .compile = iban_compile,
    .generate = iban_generate,
    .free = free,
};

const struct gen_kind gen_finance_currency_code = {
    .name = "currency_code",
    .description = "ISO 4217 codes, common ones (USD, EUR, GBP) most often",
    .keys = no_keys,
    .types = GEN_TYPES_TEXT,
    .compile = currency_compile,
    .generate = currency_generate,
    .free = free,
};
