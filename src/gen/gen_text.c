#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "gen/gen_internal.h"

/* Longest word in data/words.txt (its header promises it). */
#define WORD_MAX 12

static const char *const no_keys[] = {NULL};

/* The byte length of each word of a list, measured once at compile time
 * (UINT8_MAX: measure that one when it is drawn). */
struct word_lengths {
    unsigned char *of;
};

static void
word_lengths_init(struct word_lengths *lens, const struct gen_words *words)
{
    lens->of = xmalloc(words->count ? words->count : 1);
    for (size_t i = 0; i < words->count; i++) {
        size_t n = strlen(words->lines[i]);
        lens->of[i] = (unsigned char)(n < UINT8_MAX ? n : UINT8_MAX);
    }
}

/* Writes capitalised words until the text is at least target bytes long,
 * never more than max_length: the last word may run past the target, so
 * words are whole. Words that fit are preferred (a few draws); a word is
 * cut only to reach min_length, and a single byte left then becomes a full
 * stop, so the text never ends in a space or a digit. */
static size_t
word_length(const struct word_lengths *lens, size_t index, const char *word)
{
    return lens->of[index] != UINT8_MAX ? lens->of[index] : strlen(word);
}

static void
put_words(struct gen_out *o, const struct gen_words *words,
          const struct word_lengths *lens, struct rng *rng, size_t min_length,
          size_t target, size_t max_length)
{
    size_t start = o->len;
    size_t end = start + max_length;
    size_t floor = start + min_length;
    size_t goal = start + (target < max_length ? target : max_length);
    while (o->len < goal) {
        bool first = o->len == start;
        size_t room = end - o->len - (first ? 0 : 1);
        size_t index = (size_t)rng_below(rng, words->count);
        const char *word = words->lines[index];
        size_t word_len = word_length(lens, index, word);
        for (int attempt = 0; attempt < 6 && word_len > room; attempt++) {
            index = (size_t)rng_below(rng, words->count);
            word = words->lines[index];
            word_len = word_length(lens, index, word);
        }
        if (word_len > room) {
            if (o->len >= floor && !first)
                break;
            if (!first && room == 0) {
                gen_out_putc(o, '.');
                break;
            }
            word_len = room;
        }
        if (!first)
            gen_out_putc(o, ' ');
        assert(o->cap - o->len >= word_len);
        memcpy(o->data + o->len, word, word_len);
        o->len += word_len;
    }
    if (o->len > start && o->data[start] >= 'a' && o->data[start] <= 'z')
        o->data[start] = (char)(o->data[start] - 'a' + 'A');
}

static unsigned
decimal_digits(uint64_t value)
{
    unsigned digits = 1;
    while (value >= 10) {
        value /= 10;
        digits++;
    }
    return digits;
}

/* text */

enum text_mode {
    TEXT_WORDS,  /* readable words */
    TEXT_CODE,   /* char(n) for n <= 3: upper-case letters, like codes */
    TEXT_SUFFIX, /* unique: words, a space and row + 1 */
    TEXT_PADDED, /* unique, short: row zero-padded to width */
    TEXT_BASE36, /* unique, shorter: row in base 36, fixed width */
};

struct text_state {
    enum text_mode mode;
    int64_t min_length, max_length;
    int width; /* TEXT_PADDED, TEXT_BASE36 */
    struct gen_words words;
    struct word_lengths word_len;
    struct value *allowed;
    size_t allowed_count;
    bool unique;
    struct perm perm;
};

static const char *const text_keys[] = {"min_length", "max_length", NULL};

static void
text_free(void *state)
{
    struct text_state *st = state;
    if (st == NULL)
        return;
    gen_util_free_allowed(st->allowed, st->allowed_count);
    free(st->word_len.of);
    free(st);
}

static bool
is_text_type(const struct pg_type *t)
{
    return t->array_dims == 0 &&
           (t->base == PG_TEXT || t->base == PG_VARCHAR || t->base == PG_CHAR);
}

static int
text_compile(const struct gen_spec *spec, void **state, struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (!is_text_type(t)) {
        gen_util_type_error(spec, "text", diags);
        return -1;
    }
    struct text_state *st = xcalloc(1, sizeof(*st));
    gen_util_words(&st->words);
    word_lengths_init(&st->word_len, &st->words);
    st->unique = spec->unique;
    int64_t limit = gen_util_text_limit(spec);
    int64_t min_length = 10, max_length = 60;
    if (limit >= 0) {
        if (max_length > limit)
            max_length = limit;
        if (min_length > max_length)
            min_length = max_length < 3 ? max_length : 3;
        if (t->base == PG_CHAR && limit <= 3) {
            st->mode = TEXT_CODE;
            min_length = max_length = limit;
        }
    }
    if (spec->bounds != NULL && spec->bounds->min_length > min_length)
        min_length = spec->bounds->min_length;
    if (min_length > max_length && limit < 0)
        max_length = min_length + 50;
    int found_min = gen_util_config_int(spec, "min_length", &min_length, diags);
    int found_max = gen_util_config_int(spec, "max_length", &max_length, diags);
    if (found_min < 0 || found_max < 0)
        goto fail;
    if (found_min == 1 && min_length < 0) {
        gen_util_config_error(spec, "min_length", diags,
                              "\"min_length\" must not be negative");
        goto fail;
    }
    if (found_max == 1 && max_length < 0) {
        gen_util_config_error(spec, "max_length", diags,
                              "\"max_length\" must not be negative");
        goto fail;
    }
    if (found_max == 1 && limit >= 0 && max_length > limit) {
        gen_util_config_error(spec, "max_length", diags,
                              "\"max_length\" exceeds the column's limit of "
                              "%lld characters",
                              (long long)limit);
        goto fail;
    }
    if (found_min == 1 && found_max != 1 && min_length > max_length) {
        if (limit >= 0 && min_length > limit) {
            gen_util_config_error(spec, "min_length", diags,
                                  "\"min_length\" exceeds the column's limit "
                                  "of %lld characters",
                                  (long long)limit);
            goto fail;
        }
        max_length =
            limit >= 0 && min_length + 50 > limit ? limit : min_length + 50;
    }
    if (min_length > max_length) {
        gen_util_config_error(
            spec, found_min == 1 ? "min_length" : "max_length", diags,
            "\"min_length\" must not be greater than "
            "\"max_length\"");
        goto fail;
    }
    if (max_length > 1000000) {
        gen_util_config_error(spec, "max_length", diags,
                              "\"max_length\" must be at most 1000000");
        goto fail;
    }
    st->allowed_count = gen_util_copy_allowed(spec, &st->allowed);
    if (st->allowed_count > 0) {
        if (gen_util_need_capacity(spec, st->allowed_count,
                                   "the CHECK constraint's IN list",
                                   diags) != 0)
            goto fail;
        perm_init(&st->perm, st->allowed_count, spec->key);
        *state = st;
        return 0;
    }
    if (spec->unique) {
        uint64_t last = spec->row_count;
        unsigned digits = decimal_digits(last);
        if (max_length >= (int64_t)digits + 2) {
            st->mode = TEXT_SUFFIX;
            if (min_length < (int64_t)digits + 2 && max_length >= 8 + digits)
                min_length = min_length > 6 + (int64_t)digits
                                 ? min_length
                                 : 6 + (int64_t)digits;
        } else if (max_length >= (int64_t)digits) {
            st->mode = TEXT_PADDED;
            st->width = (int)(min_length > digits ? min_length : digits);
        } else {
            int width = 1;
            uint64_t capacity = 36;
            while (capacity < spec->row_count && width < max_length) {
                width++;
                capacity =
                    capacity > UINT64_MAX / 36 ? UINT64_MAX : capacity * 36;
            }
            if (gen_util_need_capacity(spec, max_length == 0 ? 1 : capacity,
                                       "text this short", diags) != 0)
                goto fail;
            st->mode = max_length == 0 ? TEXT_WORDS : TEXT_BASE36;
            st->width = (int)(min_length > width ? min_length : width);
        }
    }
    st->min_length = min_length;
    st->max_length = max_length;
    *state = st;
    return 0;
fail:
    text_free(st);
    return -1;
}

static void
text_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct text_state *st = state;
    if (st->allowed_count > 0) {
        uint64_t index = st->unique ? perm_apply(&st->perm, ctx->row)
                                    : rng_below(&ctx->rng, st->allowed_count);
        *out = st->allowed[index];
        return;
    }
    struct gen_out o = {0};
    switch (st->mode) {
    case TEXT_WORDS: {
        size_t length =
            (size_t)rng_range(&ctx->rng, st->min_length, st->max_length);
        gen_out_init(&o, ctx->arena, (size_t)st->max_length);
        put_words(&o, &st->words, &st->word_len, &ctx->rng,
                  (size_t)st->min_length, length, (size_t)st->max_length);
        break;
    }
    case TEXT_CODE:
        gen_out_init(&o, ctx->arena, (size_t)st->max_length);
        for (int64_t i = 0; i < st->max_length; i++)
            gen_out_putc(&o, (char)('A' + rng_below(&ctx->rng, 26)));
        break;
    case TEXT_SUFFIX: {
        uint64_t number = ctx->row + 1;
        int64_t digits = decimal_digits(number);
        int64_t low = st->min_length > digits + 2 ? st->min_length : digits + 2;
        size_t length = (size_t)rng_range(&ctx->rng, low, st->max_length);
        gen_out_init(&o, ctx->arena, length);
        size_t prefix_min = st->min_length > digits + 1
                                ? (size_t)(st->min_length - digits - 1)
                                : 1;
        put_words(&o, &st->words, &st->word_len, &ctx->rng, prefix_min,
                  length - (size_t)digits - 1, length - (size_t)digits - 1);
        gen_out_putc(&o, ' ');
        gen_util_put_u64(&o, number);
        break;
    }
    case TEXT_PADDED:
        gen_out_init(&o, ctx->arena, (size_t)st->width);
        gen_util_put_padded(&o, ctx->row + 1, st->width);
        break;
    case TEXT_BASE36: {
        static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        gen_out_init(&o, ctx->arena, (size_t)st->width);
        uint64_t rest = ctx->row;
        o.len = (size_t)st->width;
        for (int i = st->width - 1; i >= 0; i--) {
            o.data[i] = alphabet[rest % 36];
            rest /= 36;
        }
        break;
    }
    }
    *out = gen_out_value(&o);
}

static const struct gen_key text_text_key_schema[] = {
    {"min_length", GEN_KEY_INT, "1", "fewest characters"},
    {"max_length", GEN_KEY_INT, "the column's length, else 40", "most characters"},
    {NULL, 0, NULL, NULL},
};

const struct gen_kind gen_text_text = {
    .name = "text",
    .description = "readable words, min_length..max_length characters "
                   "(within varchar(n)/char(n)); unique with a row number",
    .config_keys = text_keys,
    .types = GEN_TYPES_TEXT,
    .keys = text_text_key_schema,
    .compile = text_compile,
    .generate = text_generate,
    .free = text_free,
};

/* json, xml, tsvector: small documents built from words */

struct doc_state {
    struct gen_words words;
    bool unique;
};

static int
doc_compile(const char *name, bool (*accepts)(const struct pg_type *),
            const struct gen_spec *spec, void **state, struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 || !accepts(t)) {
        gen_util_type_error(spec, name, diags);
        return -1;
    }
    struct doc_state *st = xcalloc(1, sizeof(*st));
    gen_util_words(&st->words);
    st->unique = spec->unique;
    *state = st;
    return 0;
}

static bool
accepts_json(const struct pg_type *t)
{
    return t->base == PG_JSON || t->base == PG_JSONB || t->base == PG_TEXT ||
           (t->base == PG_VARCHAR && t->length < 0);
}

static bool
accepts_xml(const struct pg_type *t)
{
    return t->base == PG_XML || t->base == PG_TEXT ||
           (t->base == PG_VARCHAR && t->length < 0);
}

static bool
accepts_tsvector(const struct pg_type *t)
{
    return t->base == PG_TSVECTOR;
}

/* Words never need escaping in JSON or XML; the escapes keep it so if the
 * list ever grows a quote or an ampersand. */
static void
put_json_string(struct gen_out *o, const char *text, size_t length)
{
    gen_out_putc(o, '"');
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (c == '"' || c == '\\') {
            gen_out_putc(o, '\\');
            gen_out_putc(o, c);
        } else if ((unsigned char)c < 0x20) {
            gen_out_puts(o, "\\u00");
            gen_util_put_hex(o, (unsigned char)c, 2);
        } else {
            gen_out_putc(o, c);
        }
    }
    gen_out_putc(o, '"');
}

static void
put_xml_text(struct gen_out *o, const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        switch (text[i]) {
        case '&':
            gen_out_puts(o, "&amp;");
            break;
        case '<':
            gen_out_puts(o, "&lt;");
            break;
        case '>':
            gen_out_puts(o, "&gt;");
            break;
        case '"':
            gen_out_puts(o, "&quot;");
            break;
        default:
            gen_out_putc(o, text[i]);
        }
    }
}

/* Escaping can grow a word of WORD_MAX bytes sixfold. */
#define ESCAPED_WORD_MAX (6 * WORD_MAX + 2)

static int
json_compile(const struct gen_spec *spec, void **state, struct diag_list *diags)
{
    return doc_compile("json", accepts_json, spec, state, diags);
}

static void
json_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct doc_state *st = state;
    struct rng *rng = &ctx->rng;
    struct gen_out o;
    gen_out_init(&o, ctx->arena, 160 + 8 * ESCAPED_WORD_MAX);
    char name[2 * WORD_MAX + 1] = {0};
    gen_out_putc(&o, '{');
    const char *separator = "";
    if (st->unique || rng_chance(rng, 0.8)) {
        gen_out_puts(&o, "\"id\": ");
        gen_util_put_u64(&o, st->unique ? ctx->row + 1
                                        : 1 + rng_below(rng, 100000));
        separator = ", ";
    }
    {
        struct gen_out n = {.data = name, .len = 0, .cap = sizeof(name)};
        const char *first = gen_words_pick(&st->words, rng);
        const char *second = gen_words_pick(&st->words, rng);
        gen_out_puts(&n, first);
        if (n.data[0] >= 'a' && n.data[0] <= 'z')
            n.data[0] = (char)(n.data[0] - 'a' + 'A');
        gen_out_putc(&n, ' ');
        gen_out_puts(&n, second);
        gen_out_puts(&o, separator);
        gen_out_puts(&o, "\"name\": ");
        put_json_string(&o, n.data, n.len);
        separator = ", ";
    }
    if (rng_chance(rng, 0.7)) {
        gen_out_puts(&o, ", \"active\": ");
        gen_out_puts(&o, rng_chance(rng, 0.5) ? "true" : "false");
    }
    if (rng_chance(rng, 0.6)) {
        gen_out_puts(&o, ", \"score\": ");
        gen_util_put_fixed(&o, (int64_t)rng_below(rng, 10001), 2);
    }
    if (rng_chance(rng, 0.6)) {
        uint64_t count = rng_below(rng, 4);
        gen_out_puts(&o, ", \"tags\": [");
        for (uint64_t i = 0; i < count; i++) {
            const char *tag = gen_words_pick(&st->words, rng);
            if (i > 0)
                gen_out_puts(&o, ", ");
            put_json_string(&o, tag, strlen(tag));
        }
        gen_out_putc(&o, ']');
    }
    if (rng_chance(rng, 0.3)) {
        const char *city = gen_words_pick(&st->words, rng);
        gen_out_puts(&o, ", \"meta\": {\"source\": ");
        put_json_string(&o, city, strlen(city));
        gen_out_puts(&o, ", \"version\": ");
        gen_util_put_u64(&o, 1 + rng_below(rng, 9));
        gen_out_putc(&o, '}');
    }
    gen_out_putc(&o, '}');
    *out = gen_out_value(&o);
}

const struct gen_kind gen_text_json = {
    .name = "json",
    .description = "small JSON objects (id, name, active, score, tags, meta) "
                   "for json and jsonb",
    .config_keys = no_keys,
    .types = GEN_TYPE(PG_TEXT) | GEN_TYPE(PG_VARCHAR) | GEN_TYPES_JSON,
    .compile = json_compile,
    .generate = json_generate,
    .free = free,
};

static int
xml_compile(const struct gen_spec *spec, void **state, struct diag_list *diags)
{
    return doc_compile("xml", accepts_xml, spec, state, diags);
}

static void
xml_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct doc_state *st = state;
    struct rng *rng = &ctx->rng;
    struct gen_out o;
    gen_out_init(&o, ctx->arena, 160 + 6 * ESCAPED_WORD_MAX);
    gen_out_puts(&o, "<item id=\"");
    gen_util_put_u64(&o,
                     st->unique ? ctx->row + 1 : 1 + rng_below(rng, 100000));
    gen_out_puts(&o, "\"><name>");
    const char *word = gen_words_pick(&st->words, rng);
    put_xml_text(&o, word, strlen(word));
    gen_out_putc(&o, ' ');
    word = gen_words_pick(&st->words, rng);
    put_xml_text(&o, word, strlen(word));
    gen_out_puts(&o, "</name><quantity>");
    gen_util_put_u64(&o, 1 + rng_below(rng, 50));
    gen_out_puts(&o, "</quantity>");
    if (rng_chance(rng, 0.5)) {
        gen_out_puts(&o, "<note>");
        uint64_t count = 1 + rng_below(rng, 4);
        for (uint64_t i = 0; i < count; i++) {
            if (i > 0)
                gen_out_putc(&o, ' ');
            word = gen_words_pick(&st->words, rng);
            put_xml_text(&o, word, strlen(word));
        }
        gen_out_puts(&o, "</note>");
    }
    gen_out_puts(&o, "<active>");
    gen_out_puts(&o, rng_chance(rng, 0.5) ? "true" : "false");
    gen_out_puts(&o, "</active></item>");
    *out = gen_out_value(&o);
}

const struct gen_kind gen_text_xml = {
    .name = "xml",
    .description = "small well-formed XML documents (<item>...</item>)",
    .config_keys = no_keys,
    .types = GEN_TYPE(PG_TEXT) | GEN_TYPE(PG_VARCHAR) | GEN_TYPE(PG_XML),
    .compile = xml_compile,
    .generate = xml_generate,
    .free = free,
};

static int
tsvector_compile(const struct gen_spec *spec, void **state,
                 struct diag_list *diags)
{
    if (doc_compile("tsvector", accepts_tsvector, spec, state, diags) != 0)
        return -1;
    if (spec->unique) {
        free(*state);
        *state = NULL;
        gen_util_error(spec, diags,
                       "generator \"tsvector\" cannot produce unique values");
        return -1;
    }
    return 0;
}

static void
tsvector_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct doc_state *st = state;
    uint64_t count = 1 + rng_below(&ctx->rng, 8);
    struct gen_out o;
    gen_out_init(&o, ctx->arena, count * (WORD_MAX + 5));
    for (uint64_t i = 0; i < count; i++) {
        if (i > 0)
            gen_out_putc(&o, ' ');
        gen_out_puts(&o, gen_words_pick(&st->words, &ctx->rng));
        gen_out_putc(&o, ':');
        gen_util_put_u64(&o, i + 1);
    }
    *out = gen_out_value(&o);
}

const struct gen_kind gen_text_tsvector = {
    .name = "tsvector",
    .description = "a few lexemes with positions (\"garden:1 river:2\")",
    .config_keys = no_keys,
    .types = GEN_TYPE(PG_TSVECTOR),
    .compile = tsvector_compile,
    .generate = tsvector_generate,
    .free = free,
};
