#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "gen/gen_internal.h"

/*
 * Web kinds and filler text. Host names are subdomains of the reserved
 * example.com, example.net and example.org (RFC 2606), so no generated URL
 * or domain names a real site. IPv4 addresses look public: first octet
 * 1..223 outside the /8 blocks that hold private, loopback, link-local,
 * shared or documentation ranges, last octet 1..254. IPv6 addresses lie in
 * the documentation prefix 2001:db8::/32.
 */

enum web_what {
    WEB_URL,
    WEB_DOMAIN,
    WEB_IPV4,
    WEB_IPV6,
    WEB_MAC,
    WEB_SLUG,
    WEB_COLOR,
    WEB_WORD,
    WEB_SENTENCE,
    WEB_PARAGRAPH,
    WEB_TITLE,
};

static const char *const reserved_domains[] = {"example.com", "example.net",
                                               "example.org"};
#define RESERVED_COUNT  3
#define RESERVED_MAX    11
#define WORD_MAX        12 /* data/words.txt promises it */
#define COMPANY_MAX     16

static const char *const color_names[] = {
    "black",  "white",    "red",       "blue",   "green",  "gray",
    "silver", "navy",     "yellow",    "orange", "purple", "pink",
    "brown",  "beige",    "gold",      "teal",   "maroon", "olive",
    "ivory",  "coral",    "salmon",    "khaki",  "tan",    "lavender",
    "indigo", "violet",   "turquoise", "cyan",   "magenta", "lime",
    "crimson", "charcoal",
};
#define COLOR_COUNT (sizeof(color_names) / sizeof(color_names[0]))

/* First octets of IPv4 addresses that look public (see the top). */
static const uint8_t ipv4_firsts[] = {
    1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
    23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58,
    59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76,
    77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94,
    95, 96, 97, 98, 99, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126,
    128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142,
    143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157,
    158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 170, 171, 173, 174,
    175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189,
    190, 191, 193, 194, 195, 196, 197, 199, 200, 201, 202, 204, 205, 206, 207,
    208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222,
    223,
};

#define IPV4_FIRST_COUNT (sizeof(ipv4_firsts) / sizeof(ipv4_firsts[0]))
#define IPV4_SPACE       ((uint64_t)IPV4_FIRST_COUNT * 65536 * 254)
#define MAC_SPACE        (UINT64_C(1) << 47)

struct web_state {
    enum web_what what;
    bool unique;
    long limit; /* characters the column holds; -1: no limit */
    struct gen_words words;
    const char *const *company; /* company words, capitalised */
    size_t company_count;
    struct perm perm;
    uint64_t space;
    unsigned unique_words; /* text kinds: leading words from the index */
    int64_t min_count, max_count; /* words or sentences */
    bool hex;                     /* color */
    const char **pool;            /* word, color: the entries that fit */
    size_t pool_count;
    unsigned char *word_lens; /* bytes of each word (UINT8_MAX: measure),
                                 counted once here, not per word drawn */
    unsigned digits; /* unique slug, url: digits of the suffix */
};

static unsigned
decimal_digits(uint64_t n)
{
    unsigned d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

static void
web_free(void *state)
{
    struct web_state *st = state;
    if (st == NULL)
        return;
    free(st->pool);
    free(st->word_lens);
    free(st);
}

static int
too_short(const struct gen_spec *spec, const char *kind, long limit,
          long needed, struct diag_list *diags)
{
    diag_add(diags, DIAG_ERROR, spec->path,
             "widen the column or choose another generator",
             "column is too short for generator \"%s\": it holds %ld "
             "characters, at least %ld are needed",
             kind, limit, needed);
    return -1;
}

/* Reads min/max count keys into st->min_count..max_count. */
static int
read_counts(const struct gen_spec *spec, const char *min_key,
            const char *max_key, int64_t lo, int64_t hi, int64_t cap,
            struct web_state *st, struct diag_list *diags)
{
    int found_min = gen_util_config_int(spec, min_key, &lo, diags);
    int found_max = gen_util_config_int(spec, max_key, &hi, diags);
    if (found_min < 0 || found_max < 0)
        return -1;
    if (found_min > 0 && found_max == 0 && hi < lo)
        hi = lo;
    if (found_max > 0 && found_min == 0 && lo > hi)
        lo = hi;
    if (lo < 1 || lo > cap) {
        gen_util_config_error(spec, min_key, diags,
                              "\"%s\" must be between 1 and %lld", min_key,
                              (long long)cap);
        return -1;
    }
    if (hi < lo || hi > cap) {
        gen_util_config_error(spec, max_key, diags,
                              "\"%s\" must be between \"%s\" and %lld", max_key,
                              min_key, (long long)cap);
        return -1;
    }
    st->min_count = lo;
    st->max_count = hi;
    return 0;
}

static int
web_compile(enum web_what what, const struct gen_kind *kind,
            const struct gen_spec *spec, void **state, struct diag_list *diags)
{
    *state = NULL;
    if (!gen_kind_accepts(kind, spec->type)) {
        gen_util_type_error(spec, kind->name, diags);
        return -1;
    }
    struct web_state *st = xcalloc(1, sizeof(*st));
    st->what = what;
    st->unique = spec->unique;
    st->limit = gen_util_text_limit(spec);
    gen_util_words(&st->words);
    st->word_lens = xmalloc(st->words.count ? st->words.count : 1);
    for (size_t i = 0; i < st->words.count; i++) {
        size_t n = strlen(st->words.lines[i]);
        st->word_lens[i] = (unsigned char)(n < UINT8_MAX ? n : UINT8_MAX);
    }
    const struct embedded_file *company =
        embedded_find("data/en_US/company_words.txt");
    if (company != NULL && company->line_count > 0) {
        st->company = company->lines;
        st->company_count = company->line_count;
    } else {
        st->company = st->words.lines;
        st->company_count = st->words.count;
    }
    uint64_t rows = spec->row_count ? spec->row_count : 1;
    long need = 0;
    uint64_t capacity = UINT64_MAX;
    const char *what_text = "";
    switch (what) {
    case WEB_URL:
        /* "https://" label "." domain, and for a unique URL "/" number */
        need = 8 + COMPANY_MAX + 1 + RESERVED_MAX;
        if (st->unique) {
            st->digits = decimal_digits(rows);
            need += 1 + (long)st->digits;
            st->space = rows;
        }
        break;
    case WEB_DOMAIN: {
        uint64_t base = (uint64_t)st->company_count * st->words.count *
                        RESERVED_COUNT;
        /* a long label loses its second word */
        need = COMPANY_MAX + 1 + RESERVED_MAX;
        if (st->unique) {
            need += 1 + WORD_MAX;
            uint64_t rounds = (rows + base - 1) / base;
            st->space = base * rounds;
            need += rounds > 1 ? (long)decimal_digits(rounds - 1) : 0;
        }
        break;
    }
    case WEB_IPV4:
        need = 15;
        capacity = IPV4_SPACE;
        st->space = IPV4_SPACE;
        what_text = "the public-looking IPv4 space";
        break;
    case WEB_IPV6:
        need = 39;
        break;
    case WEB_MAC:
        need = 17;
        capacity = MAC_SPACE;
        st->space = MAC_SPACE;
        what_text = "the unicast MAC address space";
        break;
    case WEB_SLUG:
        need = 3;
        if (st->unique) {
            st->digits = decimal_digits(rows);
            need = 2 + (long)st->digits;
            st->space = rows;
        }
        break;
    case WEB_COLOR: {
        const json_t *format = gen_util_config(spec, "format");
        if (format != NULL) {
            const char *f = json_is_string(format) ? json_string_value(format)
                                                   : "";
            if (strcmp(f, "hex") != 0 && strcmp(f, "name") != 0) {
                gen_util_config_error(spec, "format", diags,
                                      "\"format\" must be \"name\" or "
                                      "\"hex\"");
                goto fail;
            }
            st->hex = strcmp(f, "hex") == 0;
        } else {
            /* "hex_color" or a seven-character column holds #rrggbb */
            st->hex = st->limit == 7 ||
                      (spec->column != NULL && spec->column->name != NULL &&
                       strstr(spec->column->name, "hex") != NULL);
        }
        if (st->hex) {
            need = 7;
            capacity = UINT64_C(1) << 24;
            st->space = capacity;
            what_text = "#rrggbb";
            break;
        }
        st->pool = xcalloc(COLOR_COUNT, sizeof(*st->pool));
        for (size_t i = 0; i < COLOR_COUNT; i++)
            if (st->limit < 0 || (long)strlen(color_names[i]) <= st->limit)
                st->pool[st->pool_count++] = color_names[i];
        need = 3;
        capacity = st->pool_count;
        st->space = st->pool_count;
        what_text = "the color name list";
        break;
    }
    case WEB_WORD:
        st->pool = xcalloc(st->words.count, sizeof(*st->pool));
        for (size_t i = 0; i < st->words.count; i++)
            if (st->limit < 0 || (long)strlen(st->words.lines[i]) <= st->limit)
                st->pool[st->pool_count++] = st->words.lines[i];
        need = 3;
        capacity = st->pool_count;
        st->space = st->pool_count;
        what_text = "the word list";
        break;
    case WEB_SENTENCE:
    case WEB_TITLE:
    case WEB_PARAGRAPH: {
        int rc = what == WEB_SENTENCE
                     ? read_counts(spec, "min_words", "max_words", 4, 12, 50,
                                   st, diags)
                 : what == WEB_TITLE
                     ? read_counts(spec, "min_words", "max_words", 2, 6, 20,
                                   st, diags)
                     : read_counts(spec, "min_sentences", "max_sentences", 3,
                                   6, 20, st, diags);
        if (rc != 0)
            goto fail;
        need = what == WEB_PARAGRAPH ? 20 : what == WEB_TITLE ? 3 : 5;
        if (st->unique) {
            /* the first words spell the index in base words.count */
            uint64_t space = 1;
            unsigned k = 0;
            while (space < rows && k < 6) {
                space *= st->words.count;
                k++;
            }
            if (space < rows) {
                gen_util_error(spec, diags,
                               "cannot generate %llu unique values",
                               (unsigned long long)rows);
                goto fail;
            }
            st->unique_words = k ? k : 1;
            st->space = k ? space : st->words.count;
            need = (long)st->unique_words * (WORD_MAX + 1) + 1;
        }
        break;
    }
    }
    if (st->limit >= 0 && st->limit < need) {
        too_short(spec, kind->name, st->limit, need, diags);
        goto fail;
    }
    if (capacity != UINT64_MAX &&
        gen_util_need_capacity(spec, capacity, what_text, diags) != 0)
        goto fail;
    if (st->unique && st->space > 0)
        perm_init(&st->perm, st->space, spec->key);
    *state = st;
    return 0;
fail:
    web_free(st);
    return -1;
}

/* ---- pieces ---- */

static uint64_t
pick_index(const struct web_state *st, struct gen_ctx *ctx, uint64_t space)
{
    return st->unique ? perm_apply(&st->perm, ctx->row % st->space)
                      : rng_below(&ctx->rng, space);
}

static void
put_capitalised(struct gen_out *o, const char *word)
{
    gen_out_putc(o, (char)toupper((unsigned char)word[0]));
    gen_out_puts(o, word + 1);
}

static size_t
company_length(const char *word)
{
    size_t n = 0;
    for (; *word; word++)
        n += isalnum((unsigned char)*word) != 0;
    return n < COMPANY_MAX ? n : COMPANY_MAX;
}

/* "summit-harbor.example.com": a company word, sometimes a second word.
 * A unique domain spells index as (company, word, domain, round). */
static void
put_domain(const struct web_state *st, struct gen_ctx *ctx, struct gen_out *o,
           bool unique, uint64_t index)
{
    size_t c, w = 0, d;
    uint64_t round = 0;
    bool second;
    if (unique) {
        c = index % st->company_count;
        index /= st->company_count;
        w = index % st->words.count;
        index /= st->words.count;
        d = index % RESERVED_COUNT;
        round = index / RESERVED_COUNT;
        second = true;
    } else {
        c = rng_below(&ctx->rng, st->company_count);
        second = rng_chance(&ctx->rng, 0.5);
        if (second)
            w = rng_below(&ctx->rng, st->words.count);
        d = rng_below(&ctx->rng, RESERVED_COUNT);
    }
    const char *name = st->company[c];
    size_t length = company_length(name);
    for (size_t i = 0; *name && i < length; name++)
        if (isalnum((unsigned char)*name)) {
            gen_out_putc(o, (char)tolower((unsigned char)*name));
            i++;
        }
    if (second) {
        gen_out_putc(o, '-');
        gen_out_puts(o, st->words.lines[w]);
    }
    if (round > 0)
        gen_util_put_u64(o, round);
    gen_out_putc(o, '.');
    gen_out_puts(o, reserved_domains[d]);
}

/* Hyphenated words, as many of count as fit in room bytes (at least one,
 * cut when even that does not fit). */
static void
put_slug_words(const struct web_state *st, struct rng *rng, struct gen_out *o,
               unsigned count, long room)
{
    size_t start = o->len;
    for (unsigned i = 0; i < count; i++) {
        const char *word = gen_words_pick(&st->words, rng);
        size_t n = strlen(word);
        size_t used = o->len - start;
        if (room >= 0 && used + (i ? 1 : 0) + n > (size_t)room) {
            if (i == 0)
                gen_out_append(o, word, (size_t)room < n ? (size_t)room : n);
            break;
        }
        if (i > 0)
            gen_out_putc(o, '-');
        gen_out_puts(o, word);
    }
}

/* Words of a sentence or title: the unique index spelled by the first
 * words, then words from the stream while they fit in room bytes. */
static void
put_words(const struct web_state *st, struct gen_ctx *ctx, struct gen_out *o,
          unsigned count, uint64_t *index, bool title, long room)
{
    size_t start = o->len;
    for (unsigned i = 0; i < count; i++) {
        size_t w;
        if (index != NULL && i < st->unique_words) {
            w = (size_t)(*index % st->words.count);
            *index /= st->words.count;
        } else {
            w = (size_t)rng_below(&ctx->rng, st->words.count);
        }
        const char *word = st->words.lines[w];
        size_t len = st->word_lens[w] != UINT8_MAX ? st->word_lens[w]
                                                   : strlen(word);
        size_t n = len + (i ? 1 : 0);
        if (room >= 0 && o->len - start + n > (size_t)room &&
            (index == NULL || i >= st->unique_words) && i > 0)
            break;
        if (i > 0)
            gen_out_putc(o, ' ');
        if ((title || i == 0) && len > 0) {
            gen_out_putc(o, (char)toupper((unsigned char)word[0]));
            gen_out_append(o, word + 1, len - 1);
        } else if (title || i == 0) {
            put_capitalised(o, word);
        } else {
            gen_out_append(o, word, len);
        }
    }
}

/* ---- generate ---- */

static void
web_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct web_state *st = state;
    struct gen_out o;
    long limit = st->limit;
    switch (st->what) {
    case WEB_URL: {
        static const char *const sections[] = {"blog", "products", "docs",
                                               "news", "help"};
        gen_out_init(&o, ctx->arena, 160);
        gen_out_puts(&o, "https://");
        size_t host = o.len;
        gen_out_puts(&o, "www.");
        put_domain(st, ctx, &o, false, 0);
        unsigned shape = (unsigned)rng_below(&ctx->rng, 10);
        size_t before_path = o.len;
        if (shape >= 2) {
            gen_out_putc(&o, '/');
            if (shape == 2)
                gen_out_puts(&o, "about");
            else {
                if (shape < 8) {
                    gen_out_puts(&o, sections[rng_below(&ctx->rng, 5)]);
                    gen_out_putc(&o, '/');
                }
                put_slug_words(st, &ctx->rng, &o,
                               2 + (unsigned)rng_below(&ctx->rng, 3), -1);
            }
        }
        if (st->unique) {
            gen_out_putc(&o, shape >= 3 ? '-' : '/');
            gen_util_put_u64(&o, 1 + perm_apply(&st->perm, ctx->row % st->space));
        }
        if (limit >= 0 && (long)o.len > limit) {
            /* the shortest form: no "www.", no words in the path */
            o.len = before_path;
            if (st->unique) {
                gen_out_putc(&o, '/');
                gen_util_put_u64(
                    &o, 1 + perm_apply(&st->perm, ctx->row % st->space));
            }
            if ((long)o.len > limit) {
                memmove(o.data + host, o.data + host + 4, o.len - host - 4);
                o.len -= 4;
            }
            if ((long)o.len > limit) {
                /* the second word of the label goes too */
                size_t dash = host;
                while (dash < o.len && o.data[dash] != '-' &&
                       o.data[dash] != '.')
                    dash++;
                size_t dot = dash;
                while (dot < o.len && o.data[dot] != '.')
                    dot++;
                memmove(o.data + dash, o.data + dot, o.len - dot);
                o.len -= dot - dash;
            }
        }
        break;
    }
    case WEB_DOMAIN:
        gen_out_init(&o, ctx->arena, 80);
        put_domain(st, ctx, &o, st->unique,
                   st->unique ? perm_apply(&st->perm, ctx->row % st->space)
                              : 0);
        if (limit >= 0 && (long)o.len > limit && !st->unique) {
            /* drop the second word */
            size_t dash = 0;
            while (dash < o.len && o.data[dash] != '-' && o.data[dash] != '.')
                dash++;
            size_t dot = dash;
            while (dot < o.len && o.data[dot] != '.')
                dot++;
            memmove(o.data + dash, o.data + dot, o.len - dot);
            o.len -= dot - dash;
        }
        break;
    case WEB_IPV4: {
        uint64_t i = pick_index(st, ctx, IPV4_SPACE);
        gen_out_init(&o, ctx->arena, 16);
        gen_util_put_u64(&o, ipv4_firsts[(i / 254 / 65536) % IPV4_FIRST_COUNT]);
        gen_out_putc(&o, '.');
        gen_util_put_u64(&o, (i / 254 / 256) % 256);
        gen_out_putc(&o, '.');
        gen_util_put_u64(&o, (i / 254) % 256);
        gen_out_putc(&o, '.');
        gen_util_put_u64(&o, 1 + i % 254);
        break;
    }
    case WEB_IPV6: {
        /* the interface half is a bijection of the row when unique */
        uint64_t high = rng_next(&ctx->rng);
        uint64_t low = st->unique ? rng_mix(ctx->row + UINT64_C(0x9e37))
                                  : rng_next(&ctx->rng);
        uint16_t groups[6] = {
            (uint16_t)(high >> 16), (uint16_t)high,
            (uint16_t)(low >> 48),  (uint16_t)(low >> 32),
            (uint16_t)(low >> 16),  (uint16_t)low,
        };
        gen_out_init(&o, ctx->arena, 40);
        gen_out_puts(&o, "2001:db8");
        for (int g = 0; g < 6; g++) {
            gen_out_putc(&o, ':');
            uint64_t v = groups[g];
            gen_util_put_hex(&o, v,
                             v >= 0x1000  ? 4
                             : v >= 0x100 ? 3
                             : v >= 0x10  ? 2
                                          : 1);
        }
        break;
    }
    case WEB_MAC: {
        uint64_t i = pick_index(st, ctx, MAC_SPACE);
        /* the first octet even: a unicast address */
        uint64_t v = ((i >> 40) << 41) | (i & ((UINT64_C(1) << 40) - 1));
        gen_out_init(&o, ctx->arena, 18);
        for (int b = 5; b >= 0; b--) {
            gen_util_put_hex(&o, (v >> (8 * b)) & 0xff, 2);
            if (b > 0)
                gen_out_putc(&o, ':');
        }
        break;
    }
    case WEB_SLUG: {
        gen_out_init(&o, ctx->arena, 5 * (WORD_MAX + 1) + 22);
        long room = limit;
        if (st->unique && room >= 0)
            room -= 1 + (long)st->digits;
        put_slug_words(st, &ctx->rng, &o,
                       2 + (unsigned)rng_below(&ctx->rng, 3), room);
        if (st->unique) {
            gen_out_putc(&o, '-');
            gen_util_put_u64(&o, 1 + perm_apply(&st->perm, ctx->row % st->space));
        }
        break;
    }
    case WEB_COLOR:
        if (st->hex) {
            gen_out_init(&o, ctx->arena, 8);
            gen_out_putc(&o, '#');
            gen_util_put_hex(&o, pick_index(st, ctx, UINT64_C(1) << 24), 6);
        } else {
            const char *name = st->pool[pick_index(st, ctx, st->pool_count)];
            gen_out_init(&o, ctx->arena, strlen(name));
            gen_out_puts(&o, name);
        }
        break;
    case WEB_WORD: {
        const char *word = st->pool[pick_index(st, ctx, st->pool_count)];
        gen_out_init(&o, ctx->arena, strlen(word));
        gen_out_puts(&o, word);
        break;
    }
    case WEB_TITLE:
    case WEB_SENTENCE: {
        unsigned count = (unsigned)rng_range(&ctx->rng, st->min_count,
                                             st->max_count);
        if (count < st->unique_words)
            count = st->unique_words;
        uint64_t index = st->unique ? perm_apply(&st->perm, ctx->row % st->space)
                                    : 0;
        bool title = st->what == WEB_TITLE;
        gen_out_init(&o, ctx->arena, (size_t)count * (WORD_MAX + 1) + 2);
        put_words(st, ctx, &o, count, st->unique ? &index : NULL, title,
                  limit >= 0 ? limit - (title ? 0 : 1) : -1);
        if (!title)
            gen_out_putc(&o, '.');
        break;
    }
    case WEB_PARAGRAPH: {
        unsigned count = (unsigned)rng_range(&ctx->rng, st->min_count,
                                             st->max_count);
        uint64_t index = st->unique ? perm_apply(&st->perm, ctx->row % st->space)
                                    : 0;
        gen_out_init(&o, ctx->arena, (size_t)count * 15 * (WORD_MAX + 1) + 2);
        for (unsigned s = 0; s < count; s++) {
            unsigned words = 5 + (unsigned)rng_below(&ctx->rng, 10);
            if (s == 0 && words < st->unique_words)
                words = st->unique_words;
            long room = -1;
            if (limit >= 0) {
                room = limit - (long)o.len - (s ? 1 : 0) - 1;
                /* a later sentence that cannot hold three words is left
                 * out rather than cut */
                if (s > 0 && room < 3 * (WORD_MAX + 1))
                    break;
            }
            if (s > 0)
                gen_out_putc(&o, ' ');
            put_words(st, ctx, &o, words,
                      s == 0 && st->unique ? &index : NULL, false, room);
            gen_out_putc(&o, '.');
        }
        break;
    }
    default:
        gen_out_init(&o, ctx->arena, 1);
        break;
    }
    *out = gen_out_value(&o);
}

/* ---- kinds ---- */

#define WEB_COMPILE(fn, what, kind)                                            \
    static int fn(const struct gen_spec *spec, void **state,                   \
                  struct diag_list *diags)                                     \
    {                                                                          \
        return web_compile(what, &kind, spec, state, diags);                   \
    }

WEB_COMPILE(url_compile, WEB_URL, gen_web_url)
WEB_COMPILE(domain_compile, WEB_DOMAIN, gen_web_domain)
WEB_COMPILE(ipv4_compile, WEB_IPV4, gen_web_ipv4)
WEB_COMPILE(ipv6_compile, WEB_IPV6, gen_web_ipv6)
WEB_COMPILE(mac_compile, WEB_MAC, gen_web_mac_address)
WEB_COMPILE(slug_compile, WEB_SLUG, gen_web_slug)
WEB_COMPILE(color_compile, WEB_COLOR, gen_web_color)
WEB_COMPILE(word_compile, WEB_WORD, gen_web_word)
WEB_COMPILE(sentence_compile, WEB_SENTENCE, gen_web_sentence)
WEB_COMPILE(paragraph_compile, WEB_PARAGRAPH, gen_web_paragraph)
WEB_COMPILE(title_compile, WEB_TITLE, gen_web_title)

static const struct gen_key no_keys[] = {{NULL, 0, NULL, NULL}};
static const struct gen_key color_keys[] = {
    {"format", GEN_KEY_STRING, "name (hex for hex_color or 7 characters)",
     "\"name\" (navy, coral) or \"hex\" (#1a2b3c)"},
    {NULL, 0, NULL, NULL},
};
static const struct gen_key sentence_keys[] = {
    {"min_words", GEN_KEY_INT, "4", "fewest words"},
    {"max_words", GEN_KEY_INT, "12", "most words"},
    {NULL, 0, NULL, NULL},
};
static const struct gen_key title_keys[] = {
    {"min_words", GEN_KEY_INT, "2", "fewest words"},
    {"max_words", GEN_KEY_INT, "6", "most words"},
    {NULL, 0, NULL, NULL},
};
static const struct gen_key paragraph_keys[] = {
    {"min_sentences", GEN_KEY_INT, "3", "fewest sentences"},
    {"max_sentences", GEN_KEY_INT, "6", "most sentences"},
    {NULL, 0, NULL, NULL},
};

#define WEB_KIND(sym, kname, desc, ks, ts, fn)                                 \
    const struct gen_kind sym = {                                              \
        .name = kname,                                                         \
        .description = desc,                                                   \
        .keys = ks,                                                            \
        .types = ts,                                                           \
        .compile = fn,                                                         \
        .generate = web_generate,                                              \
        .free = web_free,                                                      \
    }

WEB_KIND(gen_web_url, "url",
         "https URLs on a host made of company words under example.com, "
         ".net or .org, with a path of words; unique ones end in a number",
         no_keys, GEN_TYPES_TEXT, url_compile);
WEB_KIND(gen_web_domain, "domain",
         "a host name under example.com, example.net or example.org "
         "(summit-harbor.example.com)",
         no_keys, GEN_TYPES_TEXT, domain_compile);
WEB_KIND(gen_web_ipv4, "ipv4",
         "public-looking IPv4 addresses (no private, loopback, link-local or "
         "documentation blocks)",
         no_keys, GEN_TYPES_TEXT | GEN_TYPE(PG_INET), ipv4_compile);
WEB_KIND(gen_web_ipv6, "ipv6",
         "IPv6 addresses in the documentation prefix 2001:db8::/32", no_keys,
         GEN_TYPES_TEXT | GEN_TYPE(PG_INET), ipv6_compile);
WEB_KIND(gen_web_mac_address, "mac_address",
         "unicast MAC addresses (08:00:2b:01:02:03)", no_keys,
         GEN_TYPES_TEXT | GEN_TYPE(PG_MACADDR), mac_compile);
WEB_KIND(gen_web_slug, "slug",
         "lower-case hyphenated words (quiet-harbor-light); unique ones end "
         "in a number",
         no_keys, GEN_TYPES_TEXT, slug_compile);
WEB_KIND(gen_web_color, "color", "a color name (navy) or #rrggbb",
         color_keys, GEN_TYPES_TEXT, color_compile);
WEB_KIND(gen_web_word, "word", "one lower-case English word", no_keys,
         GEN_TYPES_TEXT, word_compile);
WEB_KIND(gen_web_sentence, "sentence",
         "a sentence of English words, capitalised, ending in a period",
         sentence_keys, GEN_TYPES_TEXT, sentence_compile);
WEB_KIND(gen_web_paragraph, "paragraph",
         "a few sentences; cut at a sentence within varchar(n)",
         paragraph_keys, GEN_TYPES_TEXT, paragraph_compile);
WEB_KIND(gen_web_title, "title", "capitalised words (Quiet Harbor Light)",
         title_keys, GEN_TYPES_TEXT, title_compile);
