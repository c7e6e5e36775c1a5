#include <jansson.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/error.h"
#include "gen/gen.h"
#include "harness.h"

struct fixture {
    struct pg_type type;
    struct column column;
    struct gen_spec spec;
    json_t *config;
    struct diag_list diags;
    struct arena arena;
    const struct gen_kind *kind;
    void *state;
    int compiled;
    char text[4096];
};

static struct pg_type
text_type(enum pg_base base, int32_t length)
{
    struct pg_type t = {.base = base, .length = length, .precision = -1};
    return t;
}

/* Compiles "regex" with {"pattern": pattern}; 0 or -1. */
static int
fx_compile(struct fixture *f, struct pg_type type, const char *pattern,
           bool unique, uint64_t rows)
{
    memset(f, 0, sizeof(*f));
    f->type = type;
    f->column.name = "code";
    f->column.type = type;
    f->config = json_object();
    json_object_set_new(f->config, "pattern", json_string(pattern));
    f->spec.path = "tables.t.columns[1]";
    f->spec.column = &f->column;
    f->spec.type = &f->type;
    f->spec.config = f->config;
    f->spec.unique = unique;
    f->spec.row_count = rows;
    f->spec.key = 0x5eed;
    f->spec.locale = "en_US";
    diag_list_init(&f->diags);
    arena_init(&f->arena, 1 << 16);
    f->kind = gen_find("regex");
    if (f->kind == NULL)
        return -2;
    int status = f->kind->compile(&f->spec, &f->state, &f->diags);
    f->compiled = status == 0;
    return status;
}

/* The value of a row as a C string, valid until the next call. */
static const char *
fx_text(struct fixture *f, uint64_t row)
{
    struct gen_ctx ctx = {
        .rng = rng_cell(7, 11, f->spec.key, row),
        .row = row,
        .row_key = rng_mix(row),
        .arena = &f->arena,
    };
    struct value v;
    f->kind->generate(f->state, &ctx, &v);
    if (v.kind != VALUE_TEXT || v.as.text.len >= sizeof(f->text))
        return NULL;
    memcpy(f->text, v.as.text.ptr, v.as.text.len);
    f->text[v.as.text.len] = '\0';
    if ((row & 1023) == 1023)
        arena_reset(&f->arena);
    return f->text;
}

static void
fx_release(struct fixture *f)
{
    if (f->compiled && f->kind->free)
        f->kind->free(f->state);
    json_decref(f->config);
    diag_list_release(&f->diags);
    arena_release(&f->arena);
}

static const char *
first_message(const struct fixture *f)
{
    return f->diags.count > 0 ? f->diags.items[0].message : "";
}

static const char *
first_path(const struct fixture *f)
{
    return f->diags.count > 0 ? f->diags.items[0].path : "";
}

/* The pattern in POSIX extended syntax, anchored: \d \w \s become
 * bracket expressions, (?: becomes (, a lazy ? after a quantifier goes. */
static void
to_posix(const char *pattern, char *out, size_t size)
{
    size_t n = 0;
    int in_class = 0;
    const char *p = pattern;
#define EMIT(s)                                                                \
    do {                                                                       \
        const char *emit_s = (s);                                              \
        size_t emit_len = strlen(emit_s);                                      \
        if (n + emit_len + 4 < size) {                                         \
            memcpy(out + n, emit_s, emit_len);                                 \
            n += emit_len;                                                     \
        }                                                                      \
    } while (0)
    EMIT("^(");
    if (*p == '^')
        p++;
    for (; *p; p++) {
        char one[2] = {*p, 0};
        if (*p == '\\' && p[1]) {
            char c = p[1];
            const char *set = c == 'd'   ? "0-9"
                              : c == 'w' ? "A-Za-z0-9_"
                              : c == 's' ? "[:space:]"
                                         : NULL;
            p++;
            if (set != NULL && in_class) {
                EMIT(set);
            } else if (set != NULL) {
                EMIT("[");
                EMIT(set);
                EMIT("]");
            } else if (c == 'D' || c == 'W' || c == 'S') {
                EMIT(c == 'D'   ? "[^0-9]"
                     : c == 'W' ? "[^A-Za-z0-9_]"
                                : "[^[:space:]]");
            } else if (in_class) {
                char lit[2] = {c, 0};
                EMIT(lit);
            } else {
                char lit[3] = {'\\', c, 0};
                EMIT(lit);
            }
            continue;
        }
        if (in_class) {
            if (*p == ']' && in_class > 1)
                in_class = 0;
            else
                in_class++;
            EMIT(one);
            continue;
        }
        if (*p == '[') {
            in_class = 1;
            EMIT(one);
            if (p[1] == '^') {
                EMIT("^");
                p++;
            }
            continue;
        }
        if (*p == '(' && p[1] == '?' && p[2] == ':') {
            EMIT("(");
            p += 2;
            continue;
        }
        if (*p == '$' && p[1] == '\0')
            continue;
        if (*p == '?' && p > pattern &&
            (p[-1] == '*' || p[-1] == '+' || p[-1] == '}' || p[-1] == '?') &&
            p[-2] != '\\')
            continue;
        EMIT(one);
    }
    EMIT(")$");
    out[n] = '\0';
#undef EMIT
}

static size_t
utf8_chars(const char *text)
{
    size_t count = 0;
    for (; *text; text++)
        count += ((unsigned char)*text & 0xc0) != 0x80;
    return count;
}

/* rows values all match the pattern by regexec and are min..max chars. */
static int
all_match(const char *pattern, size_t rows, size_t min_len, size_t max_len)
{
    struct fixture f;
    char posix[1024];
    regex_t re;
    int ok = 1;
    to_posix(pattern, posix, sizeof(posix));
    if (regcomp(&re, posix, REG_EXTENDED | REG_NOSUB) != 0) {
        printf("  regcomp failed for %s\n", posix);
        return 0;
    }
    if (fx_compile(&f, text_type(PG_TEXT, -1), pattern, false, rows) != 0) {
        printf("  compile failed for %s: %s\n", pattern, first_message(&f));
        ok = 0;
    }
    size_t shortest = (size_t)-1, longest = 0;
    for (size_t row = 0; ok && row < rows; row++) {
        const char *text = fx_text(&f, row);
        if (text == NULL || regexec(&re, text, 0, NULL, 0) != 0) {
            printf("  \"%s\" does not match %s\n", text ? text : "(null)",
                   posix);
            ok = 0;
            break;
        }
        size_t length = utf8_chars(text);
        if (length < shortest)
            shortest = length;
        if (length > longest)
            longest = length;
    }
    if (ok && (shortest != min_len || longest != max_len)) {
        printf("  %s: lengths %zu..%zu, expected %zu..%zu\n", pattern, shortest,
               longest, min_len, max_len);
        ok = 0;
    }
    regfree(&re);
    fx_release(&f);
    return ok;
}

static void
test_matches(void)
{
    CHECK(all_match("[A-Z]{3}-\\d{4}", 5000, 8, 8));
    CHECK(all_match("^[a-z]+@example\\.(com|org)$", 5000, 13, 21));
    CHECK(all_match("(ORD|INV)-[0-9]{2,4}", 5000, 6, 8));
    CHECK(all_match("\\w\\s\\W\\S\\D", 5000, 5, 5));
    CHECK(all_match("[^a-z]x?y*", 5000, 1, 10));
    CHECK(all_match("a.c", 5000, 3, 3));
    CHECK(all_match("[[:upper:][:digit:]_-]{6}", 2000, 6, 6));
    CHECK(all_match("(?:ab|cd){2,3}z", 2000, 5, 7));
    CHECK(all_match("\\(\\d{3}\\) \\d{3}-\\d{4}", 2000, 14, 14));
    CHECK(all_match("x{2,}", 2000, 2, 10));
    CHECK(all_match("[]a]b|[-x]|[a-]", 2000, 1, 2));
    CHECK(all_match("\\+\\*\\?\\.\\{\\}\\[\\]\\|\\\\\\^\\$", 10, 12, 12));
    CHECK(all_match("(a|(b|(c|d)e)f){1,2}?", 3000, 1, 6));
    CHECK(all_match("", 10, 0, 0));
    CHECK(all_match("a{0}b", 10, 1, 1));
}

static void
test_utf8(void)
{
    struct fixture f;
    CHECK_INT_EQ(
        fx_compile(&f, text_type(PG_VARCHAR, 3), "[äöü]é{2}", false, 100), 0);
    for (uint64_t row = 0; row < 100; row++) {
        const char *text = fx_text(&f, row);
        CHECK(text != NULL);
        CHECK_INT_EQ(strlen(text), 6);
        CHECK(strcmp(text + 2, "éé") == 0);
        CHECK(strncmp(text, "ä", 2) == 0 || strncmp(text, "ö", 2) == 0 ||
              strncmp(text, "ü", 2) == 0);
    }
    fx_release(&f);
}

static void
test_deterministic(void)
{
    struct fixture f, g;
    CHECK_INT_EQ(
        fx_compile(&f, text_type(PG_TEXT, -1), "[a-z]{5}\\d", false, 100), 0);
    CHECK_INT_EQ(
        fx_compile(&g, text_type(PG_TEXT, -1), "[a-z]{5}\\d", false, 100), 0);
    int differ = 0;
    char previous[64] = "";
    for (uint64_t row = 0; row < 100; row++) {
        char a[64];
        snprintf(a, sizeof(a), "%s", fx_text(&f, row));
        CHECK_STR_EQ(fx_text(&g, row), a);
        differ += strcmp(a, previous) != 0;
        snprintf(previous, sizeof(previous), "%s", a);
    }
    CHECK(differ > 90);
    fx_release(&f);
    fx_release(&g);
}

static int
compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* rows unique values, all distinct and matching. */
static int
unique_ok(const char *pattern, struct pg_type type, uint64_t rows)
{
    struct fixture f;
    char posix[1024];
    regex_t re;
    to_posix(pattern, posix, sizeof(posix));
    if (regcomp(&re, posix, REG_EXTENDED | REG_NOSUB) != 0)
        return 0;
    int ok = fx_compile(&f, type, pattern, true, rows) == 0;
    if (!ok)
        printf("  %s: %s\n", pattern, first_message(&f));
    char **texts = calloc(rows, sizeof(*texts));
    for (uint64_t row = 0; ok && row < rows; row++) {
        const char *text = fx_text(&f, row);
        if (text == NULL || regexec(&re, text, 0, NULL, 0) != 0) {
            printf("  \"%s\" does not match %s\n", text ? text : "", posix);
            ok = 0;
            break;
        }
        texts[row] = strdup(text);
    }
    if (ok) {
        qsort(texts, rows, sizeof(*texts), compare_strings);
        for (uint64_t i = 1; i < rows; i++)
            if (strcmp(texts[i - 1], texts[i]) == 0) {
                printf("  %s: \"%s\" twice\n", pattern, texts[i]);
                ok = 0;
                break;
            }
    }
    for (uint64_t i = 0; i < rows; i++)
        free(texts[i]);
    free(texts);
    regfree(&re);
    fx_release(&f);
    return ok;
}

static void
test_unique(void)
{
    struct pg_type text = text_type(PG_TEXT, -1);
    CHECK(unique_ok("[A-Z]{3}-\\d{4}", text, 100000));
    CHECK(unique_ok("(ORD|INV|PO)-[0-9]{6}", text, 100000));
    CHECK(unique_ok("[a-z]{2,6}@example\\.com", text, 100000));
    CHECK(unique_ok("(Mr|Ms|Dr)\\. [A-Z][a-z]{3}", text, 100000));
    CHECK(unique_ok("[0-9a-f]{8}", text_type(PG_CHAR, 8), 100000));
    /* exactly as many rows as matches: every match once */
    CHECK(unique_ok("[A-C][0-9]", text, 30));
    CHECK(unique_ok("(a|b)(c|d)?", text, 6));
    /* counts beyond 2^62 saturate but still give distinct values */
    CHECK(unique_ok("[a-z]{20}", text, 50000));
}

static void
test_unique_order(void)
{
    /* The enumeration is a keyed permutation: not in lexical order. */
    struct fixture f;
    CHECK_INT_EQ(
        fx_compile(&f, text_type(PG_TEXT, -1), "[A-Z]{3}-\\d{4}", true, 1000),
        0);
    char a[16], b[16];
    snprintf(a, sizeof(a), "%s", fx_text(&f, 0));
    snprintf(b, sizeof(b), "%s", fx_text(&f, 1));
    CHECK(strcmp(a, b) != 0);
    CHECK(!(strncmp(a, "AAA-000", 7) == 0 && strncmp(b, "AAA-000", 7) == 0));
    fx_release(&f);
}

/* The compile error for pattern on type; "" when it compiles. */
static const char *
error_for(struct fixture *f, struct pg_type type, const char *pattern,
          bool unique, uint64_t rows)
{
    static char message[512];
    message[0] = '\0';
    if (fx_compile(f, type, pattern, unique, rows) != 0)
        snprintf(message, sizeof(message), "%s", first_message(f));
    return message;
}

static void
test_rejections(void)
{
    struct fixture f;
    struct pg_type text = text_type(PG_TEXT, -1);
    static const struct {
        const char *pattern;
        const char *message;
    } cases[] = {
        {"(a)\\1", "pattern \"(a)\\1\" at position 4: backreference \"\\1\" "
                   "cannot be generated"},
        {"a(?=b)", "pattern \"a(?=b)\" at position 2: lookaround \"(?=\" "
                   "cannot be generated"},
        {"a(?<!b)c", "pattern \"a(?<!b)c\" at position 2: lookaround "
                     "\"(?<!\" cannot be generated"},
        {"(ab", "pattern \"(ab\" at position 1: unbalanced \"(\""},
        {"ab)", "pattern \"ab)\" at position 3: unbalanced \")\""},
        {"x[^ -~]", "pattern \"x[^ -~]\" at position 2: empty character "
                    "class"},
        {"[z-a]", "pattern \"[z-a]\" at position 2: range \"z-a\" is out of "
                  "order"},
        {"[abc", "pattern \"[abc\" at position 1: unbalanced \"[\""},
        {"*a", "pattern \"*a\" at position 1: nothing to repeat before "
               "\"*\""},
        {"a**", "pattern \"a**\" at position 3: a quantifier cannot follow "
                "another"},
        {"a{3,2}", "pattern \"a{3,2}\" at position 2: repetition \"{3,2}\" "
                   "is out of order"},
        {"a{1,x}", "pattern \"a{1,x}\" at position 2: invalid repetition "
                   "count"},
        {"a{256}", "pattern \"a{256}\" at position 2: repetition count above "
                   "255"},
        {"a\\bc", "pattern \"a\\bc\" at position 2: assertion \"\\b\" cannot "
                  "be generated"},
        {"a\\qc", "pattern \"a\\qc\" at position 2: unsupported escape "
                  "\"\\q\""},
        {"a^b", "pattern \"a^b\" at position 2: anchor \"^\" inside the "
                "pattern cannot be generated"},
        {"(a$)", "pattern \"(a$)\" at position 3: anchor \"$\" inside the "
                 "pattern cannot be generated"},
        {"[[:word:]]", "pattern \"[[:word:]]\" at position 2: unknown "
                       "character class \"[:word:]\""},
        {"(?i)abc", "pattern \"(?i)abc\" at position 1: unsupported group "
                    "\"(?i\""},
        {"[a-c-e]", "pattern \"[a-c-e]\" at position 5: \"-\" inside a class "
                    "must be escaped or come first or last"},
        {"((((((((((((((((((a)))))))))))))))))",
         "pattern \"((((((((((((((((((a)))))))))))))))))\" at position 17: "
         "groups nested more than 16 deep"},
        {"ab\\", "pattern \"ab\\\" at position 3: trailing backslash"},
        {"é(x", "pattern \"é(x\" at position 2: unbalanced \"(\""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        CHECK_STR_EQ(error_for(&f, text, cases[i].pattern, false, 10),
                     cases[i].message);
        CHECK_STR_EQ(first_path(&f),
                     "tables.t.columns[1].generator_config.pattern");
        fx_release(&f);
    }
}

static void
test_lengths(void)
{
    struct fixture f;
    CHECK_STR_EQ(error_for(&f, text_type(PG_VARCHAR, 5), "[a-z]+", false, 10),
                 "pattern \"[a-z]+\" at position 1: matches can be 9 "
                 "characters long, longer than the column's limit of 5");
    CHECK_CONTAINS(f.diags.items[0].hint, "no match is longer than 5");
    fx_release(&f);
    CHECK_STR_EQ(
        error_for(&f, text_type(PG_VARCHAR, 5), "[a-z]{1,5}", false, 10), "");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, text_type(PG_CHAR, 3), "[A-Z]{2,3}", false, 10),
                 "");
    for (uint64_t row = 0; row < 1000; row++)
        CHECK(strlen(fx_text(&f, row)) <= 3);
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, text_type(PG_CHAR, 3), "[A-Z]{4}", false, 10),
                 "pattern \"[A-Z]{4}\" at position 1: matches can be 4 "
                 "characters long, longer than the column's limit of 3");
    fx_release(&f);
    /* characters, not bytes */
    CHECK_STR_EQ(error_for(&f, text_type(PG_VARCHAR, 2), "éé", false, 10), "");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, text_type(PG_TEXT, -1),
                           "(.{255}){255}(.{255}){255}", false, 10),
                 "pattern \"(.{255}){255}(.{255}){255}\" at position 1: "
                 "matches can be "
                 "longer than 100000 bytes");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, text_type(PG_INTEGER, -1), "\\d", false, 10),
                 "generator \"regex\" cannot produce type \"integer\"");
    fx_release(&f);
}

static void
test_unique_rejections(void)
{
    struct fixture f;
    struct pg_type text = text_type(PG_TEXT, -1);
    CHECK_STR_EQ(error_for(&f, text, "[A-Z]{2}", true, 1000),
                 "cannot generate 1000 unique values: pattern \"[A-Z]{2}\" "
                 "has only 676 distinct values");
    CHECK_STR_EQ(first_path(&f), "tables.t.columns[1]");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, text, "[a-z]{1,3}[0-9]{1,3}", true, 10),
                 "pattern \"[a-z]{1,3}[0-9]{1,3}\" at position 11: only one "
                 "part of a sequence may vary in length");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, text, "(ab|a[a-c])", true, 10),
                 "pattern \"(ab|a[a-c])\" at position 5: these alternatives "
                 "may match the same text");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, text, "(a|bc)+", true, 10),
                 "pattern \"(a|bc)+\" at position 1: a repeated part must "
                 "have a fixed, non-zero length");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, text_type(PG_CHAR, 4), "[a ]{4}", true, 10),
                 "pattern \"[a ]{4}\" at position 1: matches may end in a "
                 "space, which char(n) pads away, so unique values could "
                 "collide");
    fx_release(&f);
    /* disjoint by last character, by length, by a middle position */
    CHECK_STR_EQ(error_for(&f, text, "(Mr|Ms|Mrs)", true, 3), "");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, text, "(a1b|a2b)", true, 2), "");
    fx_release(&f);
}

static void
test_config(void)
{
    struct fixture f;
    fx_compile(&f, text_type(PG_TEXT, -1), "x", false, 1);
    fx_release(&f);
    memset(&f, 0, sizeof(f));
    f.type = text_type(PG_TEXT, -1);
    f.column.name = "code";
    f.spec.path = "tables.t.columns[1]";
    f.spec.column = &f.column;
    f.spec.type = &f.type;
    diag_list_init(&f.diags);
    const struct gen_kind *kind = gen_find("regex");
    CHECK(kind != NULL);
    void *state = NULL;
    CHECK_INT_EQ(kind->compile(&f.spec, &state, &f.diags), -1);
    CHECK_STR_EQ(first_message(&f), "\"pattern\" is required");
    diag_list_release(&f.diags);
    diag_list_init(&f.diags);
    f.config = json_pack("{s:i}", "pattern", 5);
    f.spec.config = f.config;
    CHECK_INT_EQ(kind->compile(&f.spec, &state, &f.diags), -1);
    CHECK_STR_EQ(first_message(&f), "\"pattern\" must be a string");
    CHECK_STR_EQ(first_path(&f),
                 "tables.t.columns[1].generator_config.pattern");
    json_decref(f.config);
    diag_list_release(&f.diags);
}

int
main(void)
{
    RUN(test_matches);
    RUN(test_utf8);
    RUN(test_deterministic);
    RUN(test_unique);
    RUN(test_unique_order);
    RUN(test_rejections);
    RUN(test_lengths);
    RUN(test_unique_rejections);
    RUN(test_config);
    return HARNESS_DONE();
}
