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

/* Compiles kind name (with {"template": template} unless NULL). */
static int
fx_compile(struct fixture *f, const char *name, struct pg_type type,
           const char *template, bool unique, uint64_t rows)
{
    memset(f, 0, sizeof(*f));
    f->type = type;
    f->column.name = "ref";
    f->column.type = type;
    if (template != NULL) {
        f->config = json_object();
        json_object_set_new(f->config, "template", json_string(template));
    }
    f->spec.path = "tables.t.columns[2]";
    f->spec.column = &f->column;
    f->spec.type = &f->type;
    f->spec.config = f->config;
    f->spec.unique = unique;
    f->spec.row_count = rows;
    f->spec.key = 0xabc;
    f->spec.table_key = 0x7777;
    f->spec.locale = "en_US";
    diag_list_init(&f->diags);
    arena_init(&f->arena, 1 << 16);
    f->kind = gen_find(name);
    if (f->kind == NULL)
        return -2;
    int status = f->kind->compile(&f->spec, &f->state, &f->diags);
    f->compiled = status == 0;
    return status;
}

static const char *
fx_text_with(struct fixture *f, uint64_t row, uint64_t stream)
{
    struct gen_ctx ctx = {
        .rng = rng_cell(7, 11, stream, row),
        .row = row,
        .row_key = rng_mix(row ^ 0x55),
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

static const char *
fx_text(struct fixture *f, uint64_t row)
{
    return fx_text_with(f, row, f->spec.key);
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

static int
matches(const char *text, const char *posix)
{
    regex_t re;
    if (text == NULL || regcomp(&re, posix, REG_EXTENDED | REG_NOSUB) != 0)
        return 0;
    int ok = regexec(&re, text, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

static void
test_numbers(void)
{
    struct fixture f;
    CHECK_INT_EQ(fx_compile(&f, "template", text_type(PG_TEXT, -1),
                            "{row}|{seq}|{seq:3}|{row:04}|{seq:06}", false,
                            1000),
                 0);
    CHECK_STR_EQ(fx_text(&f, 0), "0|1|001|0000|000001");
    CHECK_STR_EQ(fx_text(&f, 41), "41|42|042|0041|000042");
    CHECK_STR_EQ(fx_text(&f, 999), "999|1000|1000|0999|001000");
    fx_release(&f);
    CHECK_INT_EQ(fx_compile(&f, "template", text_type(PG_TEXT, -1),
                            "{{literal}} {{{seq}}} }}", false, 10),
                 0);
    CHECK_STR_EQ(fx_text(&f, 4), "{literal} {5} }");
    fx_release(&f);
}

static void
test_order_numbers(void)
{
    struct fixture f;
    CHECK_INT_EQ(fx_compile(&f, "template", text_type(PG_VARCHAR, 20),
                            "ORD-{year}-{seq:06}", true, 100000),
                 0);
    int years[5] = {0};
    for (uint64_t row = 0; row < 5000; row++) {
        const char *text = fx_text(&f, row);
        CHECK(matches(text, "^ORD-202[0-4]-[0-9]{6}$"));
        char expected[8];
        snprintf(expected, sizeof(expected), "%06llu",
                 (unsigned long long)row + 1);
        CHECK_STR_EQ(text + 9, expected);
        years[text[7] - '0']++;
    }
    /* every year of 2020-2024, about a fifth each */
    for (int y = 0; y < 5; y++)
        CHECK(years[y] > 900 && years[y] < 1100);
    /* the same row gives the same text */
    char first[32];
    snprintf(first, sizeof(first), "%s", fx_text(&f, 77));
    CHECK_STR_EQ(fx_text(&f, 77), first);
    fx_release(&f);
}

static void
test_random_parts(void)
{
    struct fixture f;
    CHECK_INT_EQ(fx_compile(&f, "template", text_type(PG_TEXT, -1),
                            "INV-{digits:8} {letters:3}/{hex:4} {int:-5:5}",
                            false, 10),
                 0);
    int low = 0, high = 0;
    for (uint64_t row = 0; row < 5000; row++) {
        const char *text = fx_text(&f, row);
        CHECK(matches(text, "^INV-[0-9]{8} [A-Z]{3}/[0-9a-f]{4} -?[0-9]$"));
        long value = strtol(strrchr(text, ' ') + 1, NULL, 10);
        CHECK(value >= -5 && value <= 5);
        low += value == -5;
        high += value == 5;
    }
    CHECK(low > 300 && high > 300);
    fx_release(&f);
}

static void
test_person_consistency(void)
{
    struct fixture t, first, last;
    CHECK_INT_EQ(fx_compile(&t, "template", text_type(PG_TEXT, -1),
                            "{first_name}.{last_name}@corp.example", false,
                            1000),
                 0);
    CHECK_INT_EQ(fx_compile(&first, "first_name", text_type(PG_TEXT, -1), NULL,
                            false, 1000),
                 0);
    CHECK_INT_EQ(fx_compile(&last, "last_name", text_type(PG_TEXT, -1), NULL,
                            false, 1000),
                 0);
    int differ = 0;
    char previous[256] = "";
    for (uint64_t row = 0; row < 1000; row++) {
        char expected[256];
        /* other columns have their own streams; the person is the row's */
        snprintf(expected, sizeof(expected), "%s.",
                 fx_text_with(&first, row, 0x111));
        size_t n = strlen(expected);
        snprintf(expected + n, sizeof(expected) - n, "%s@corp.example",
                 fx_text_with(&last, row, 0x222));
        CHECK_STR_EQ(fx_text(&t, row), expected);
        differ += strcmp(expected, previous) != 0;
        snprintf(previous, sizeof(previous), "%s", expected);
    }
    CHECK(differ > 900);
    fx_release(&t);
    fx_release(&first);
    fx_release(&last);
}

/* Generators that cannot fill text give their values' text forms. */
static void
test_other_types(void)
{
    struct fixture f;
    CHECK_INT_EQ(fx_compile(&f, "template", text_type(PG_TEXT, -1),
                            "{sequence}|{boolean}|{date}|{uuid}", false, 100),
                 0);
    for (uint64_t row = 0; row < 100; row++) {
        const char *text = fx_text(&f, row);
        char number[24];
        snprintf(number, sizeof(number), "%llu|", (unsigned long long)row + 1);
        CHECK(text != NULL && strncmp(text, number, strlen(number)) == 0);
        CHECK(matches(text + strlen(number),
                      "^[tf]\\|[0-9]{4}-[0-9]{2}-[0-9]{2}\\|"
                      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                      "[0-9a-f]{12}$"));
    }
    fx_release(&f);
}

static void
test_case_forms(void)
{
    struct fixture t, first;
    CHECK_INT_EQ(fx_compile(&t, "template", text_type(PG_TEXT, -1),
                            "{lower:first_name}|{upper:last_name}", false, 100),
                 0);
    CHECK_INT_EQ(fx_compile(&first, "first_name", text_type(PG_TEXT, -1), NULL,
                            false, 100),
                 0);
    for (uint64_t row = 0; row < 100; row++) {
        char name[128];
        snprintf(name, sizeof(name), "%s", fx_text(&first, row));
        for (char *c = name; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        const char *text = fx_text(&t, row);
        CHECK(text != NULL);
        CHECK(strncmp(text, name, strlen(name)) == 0);
        CHECK_INT_EQ(text[strlen(name)], '|');
        for (const char *c = strchr(text, '|') + 1; *c; c++)
            CHECK(!(*c >= 'a' && *c <= 'z'));
    }
    fx_release(&t);
    fx_release(&first);
}

static void
test_limits(void)
{
    struct fixture f;
    CHECK_INT_EQ(fx_compile(&f, "template", text_type(PG_VARCHAR, 10),
                            "ORD-{seq:06}", false, 999999),
                 0);
    fx_release(&f);
    /* row 1000000 needs 7 digits: 11 characters */
    CHECK_INT_EQ(fx_compile(&f, "template", text_type(PG_VARCHAR, 10),
                            "ORD-{seq:06}", false, 1000000),
                 -1);
    CHECK_STR_EQ(first_message(&f), "the template can produce 11 characters, "
                                    "longer than the column's limit of 10");
    CHECK_STR_EQ(f.diags.items[0].path,
                 "tables.t.columns[2].generator_config.template");
    fx_release(&f);
    CHECK_INT_EQ(fx_compile(&f, "template", text_type(PG_VARCHAR, 12),
                            "{digits:12}{first_name}", false, 10),
                 -1);
    CHECK_STR_EQ(first_message(&f),
                 "the template's fixed parts take up to 12 characters, "
                 "leaving no room for its generators within the column's "
                 "limit of 12");
    fx_release(&f);
    /* generators share what is left; the last gives way */
    CHECK_INT_EQ(fx_compile(&f, "template", text_type(PG_VARCHAR, 9),
                            "{first_name}.{last_name}", false, 100),
                 0);
    int cut = 0;
    for (uint64_t row = 0; row < 2000; row++) {
        const char *text = fx_text(&f, row);
        CHECK(text != NULL);
        size_t chars = 0;
        for (const char *c = text; *c; c++)
            chars += ((unsigned char)*c & 0xc0) != 0x80;
        CHECK(chars <= 9);
        cut += chars == 9;
        CHECK(strchr(text, '.') != NULL);
    }
    CHECK(cut > 100);
    fx_release(&f);
    CHECK_INT_EQ(fx_compile(&f, "template", text_type(PG_CHAR, 9),
                            "{letters:3}-{row:05}", false, 100),
                 0);
    CHECK_STR_EQ(fx_text(&f, 12) + 3, "-00012");
    fx_release(&f);
}

static int
compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_unique(void)
{
    struct fixture f;
    enum { ROWS = 100000 };
    CHECK_INT_EQ(fx_compile(&f, "template", text_type(PG_TEXT, -1),
                            "{first_name}-{seq}@corp.example", true, ROWS),
                 0);
    char **texts = calloc(ROWS, sizeof(*texts));
    for (uint64_t row = 0; row < ROWS; row++)
        texts[row] = strdup(fx_text(&f, row));
    qsort(texts, ROWS, sizeof(*texts), compare_strings);
    int distinct = 1;
    for (size_t i = 1; i < ROWS; i++)
        distinct = distinct && strcmp(texts[i - 1], texts[i]) != 0;
    for (size_t i = 0; i < ROWS; i++)
        free(texts[i]);
    free(texts);
    CHECK(distinct);
    fx_release(&f);
    static const char *const separable[] = {
        "{seq}",
        "X{row}",
        "{first_name}{seq:04}",
        "{seq:4}{last_name}",
        "{first_name}_{seq}",
        "{seq}-{last_name}",
        "{int:1:20}-{seq}",
        "{digits:3}{seq}{year}",
        "{city} {row}",
    };
    for (size_t i = 0; i < sizeof(separable) / sizeof(*separable); i++) {
        if (fx_compile(&f, "template", text_type(PG_TEXT, -1), separable[i],
                       true, 1000) != 0)
            printf("  %s: %s\n", separable[i], first_message(&f));
        fx_release(&f);
        CHECK_INT_EQ(fx_compile(&f, "template", text_type(PG_TEXT, -1),
                                separable[i], true, 1000),
                     0);
        fx_release(&f);
    }
}

/* The compile error of template on text; "" when it compiles. */
static const char *
error_for(struct fixture *f, const char *template, bool unique)
{
    static char message[512];
    message[0] = '\0';
    if (fx_compile(f, "template", text_type(PG_TEXT, -1), template, unique,
                   1000) != 0)
        snprintf(message, sizeof(message), "%s", first_message(f));
    return message;
}

static const char *
hint_of(const struct fixture *f)
{
    return f->diags.count > 0 && f->diags.items[0].hint ? f->diags.items[0].hint
                                                        : "";
}

static void
test_errors(void)
{
    struct fixture f;
    CHECK_STR_EQ(error_for(&f, "{firstname}.x", false),
                 "unknown placeholder \"{firstname}\" at position 1");
    CHECK_STR_EQ(hint_of(&f), "did you mean \"{first_name}\"?");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "ORD-{sequ}", false),
                 "unknown placeholder \"{sequ}\" at position 5");
    CHECK_STR_EQ(hint_of(&f), "did you mean \"{seq}\"?");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "{lower:frst_name}", false),
                 "unknown placeholder \"{lower:frst_name}\" at position 1");
    CHECK_STR_EQ(hint_of(&f), "did you mean \"{first_name}\"?");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "é{seq", false),
                 "unmatched \"{\" at position 2");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "a}b", false), "unmatched \"}\" at position 2");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "x{digits:0}", false),
                 "\"{digits:0}\" needs a count from 1 to 1000 at position 2");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "{hex}", false),
                 "\"{hex}\" needs a count from 1 to 1000 at position 1");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "{int:5:1}", false),
                 "\"{int:5:1}\" needs two integers MIN:MAX with MIN <= MAX "
                 "at position 1");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "{seq:x}", false),
                 "\"{seq:x}\" takes one width from 1 to 20 at position 1");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "{year:2}", false),
                 "\"{year:2}\" takes no arguments at position 1");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "{city:x}", false),
                 "\"{city:x}\" takes no arguments at position 1");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "{lookup}", false),
                 "generator \"lookup\" cannot be used in a template at "
                 "position 1");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "{enum}", false),
                 "placeholder \"{enum}\" cannot be used: \"values\" is "
                 "required unless the column has an enum type");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "ORD-{year}", true),
                 "the values of a unique column must differ: the template "
                 "needs {seq} or {row}");
    CHECK_STR_EQ(hint_of(&f), "add {seq}, as in \"ORD-{seq:06}\"");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "{int:1:20}{seq}", true),
                 "the values of a unique column must differ, but the parts "
                 "around {seq} vary in length and may end in digits");
    fx_release(&f);
    /* a name may end in a digit for all the template knows */
    CHECK_STR_EQ(error_for(&f, "{first_name}{seq}", true),
                 "the values of a unique column must differ, but the parts "
                 "around {seq} vary in length and may end in digits");
    CHECK_STR_EQ(hint_of(&f), "put a separator such as \"-\" next to {seq}, "
                              "or pad it as {seq:08}");
    fx_release(&f);
    CHECK_STR_EQ(error_for(&f, "{city}{seq}{int:1:99}", true),
                 "the values of a unique column must differ, but the parts "
                 "around {seq} vary in length and may end in digits");
    fx_release(&f);
    CHECK_INT_EQ(fx_compile(&f, "template", text_type(PG_INTEGER, -1), "{seq}",
                            false, 10),
                 -1);
    CHECK_STR_EQ(first_message(&f),
                 "generator \"template\" cannot produce type \"integer\"");
    fx_release(&f);
    CHECK_INT_EQ(
        fx_compile(&f, "template", text_type(PG_TEXT, -1), NULL, false, 10),
        -1);
    CHECK_STR_EQ(first_message(&f), "\"template\" is required");
    fx_release(&f);
}

int
main(void)
{
    RUN(test_numbers);
    RUN(test_order_numbers);
    RUN(test_random_parts);
    RUN(test_person_consistency);
    RUN(test_other_types);
    RUN(test_case_forms);
    RUN(test_limits);
    RUN(test_unique);
    RUN(test_errors);
    return HARNESS_DONE();
}
