#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_json.h"
#include "cli/cli_jsonschema.h"
#include "cli/cli_text.h"
#include "core/buf.h"
#include "harness.h"

/* ---- cli_text ---------------------------------------------------------- */

static void
test_widths(void)
{
    CHECK_INT_EQ(cli_text_width("abc", 3), 3);
    CHECK_INT_EQ(cli_text_width("", 0), 0);
    /* Müller: ü is two bytes, one column */
    CHECK_INT_EQ(cli_text_width("M\xC3\xBCller", 7), 6);
    /* 中村 翔: CJK ideographs take two columns each */
    CHECK_INT_EQ(cli_text_width("\xE4\xB8\xAD\xE6\x9D\x91 \xE7\xBF\x94", 10),
                 7);
    /* e + combining acute: one column */
    CHECK_INT_EQ(cli_text_width("e\xCC\x81", 3), 1);
    /* fullwidth A (U+FF21) and katakana (U+30A2) */
    CHECK_INT_EQ(cli_text_width("\xEF\xBC\xA1\xE3\x82\xA2", 6), 4);
    /* invalid bytes and a truncated sequence count one each */
    CHECK_INT_EQ(cli_text_width("\xFF\xE4\xB8", 3), 3);
    unsigned long c;
    CHECK_INT_EQ(cli_text_decode("\xF0\x9F\x98\x80", 4, &c), 4);
    CHECK_INT_EQ(c, 0x1F600);
    CHECK_INT_EQ(cli_text_char_width(c), 2);
    /* overlong and surrogate encodings are not UTF-8 */
    CHECK_INT_EQ(cli_text_decode("\xC0\xAF", 2, &c), 1);
    CHECK_INT_EQ(cli_text_decode("\xED\xA0\x80", 3, &c), 1);
}

static const char *
cell(const char *text, size_t max_width)
{
    static struct buf out;
    if (out.data == NULL)
        buf_init(&out, 64);
    buf_reset(&out);
    cli_text_cell(&out, text, strlen(text), max_width);
    return out.data;
}

static void
test_cells(void)
{
    CHECK_STR_EQ(cell("plain", 0), "plain");
    CHECK_STR_EQ(cell("a\tb\nc\rd", 0), "a\\tb\\nc\\rd");
    CHECK_STR_EQ(cell("bell\x07", 0), "bell\\x07");
    CHECK_STR_EQ(cell("del\x7F", 0), "del\\x7f");
    CHECK_STR_EQ(cell("c1\xC2\x85", 0), "c1\\u0085");
    CHECK_STR_EQ(cell("bad\xFF", 0), "bad\\xff");
    CHECK_STR_EQ(cell("back\\slash", 0), "back\\slash");
    /* cutting: at most max_width columns, the last one the ellipsis */
    CHECK_STR_EQ(cell("abcdef", 6), "abcdef");
    CHECK_STR_EQ(cell("abcdefg", 6), "abcde\xE2\x80\xA6");
    CHECK_INT_EQ(cli_text_width(cell("abcdefg", 6), strlen(cell("abcdefg", 6))),
                 6);
    /* a wide character that would cross the limit is left out whole */
    CHECK_STR_EQ(cell("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", 4),
                 "\xE6\x97\xA5\xE2\x80\xA6");
    /* escapes count their visible width */
    CHECK_STR_EQ(cell("a\nbcdef", 4), "a\\n\xE2\x80\xA6");
    CHECK_STR_EQ(cell("abc", 2), "a\xE2\x80\xA6");
}

static char *
print_table(const struct cli_table *table, bool boxed, const char *indent)
{
    FILE *out = tmpfile();
    if (out == NULL)
        return NULL;
    cli_table_print(table, boxed, indent, out);
    long size = ftell(out);
    rewind(out);
    char *text = calloc(1, (size_t)size + 1);
    if (fread(text, 1, (size_t)size, out) != (size_t)size) {
        free(text);
        text = NULL;
    }
    fclose(out);
    return text;
}

static void
test_tables(void)
{
    struct cli_table table;
    cli_table_init(&table, 3);
    cli_table_align_right(&table, 0, true);
    const char *cells[] = {"id", "name", "note", "1", "\xE7\xBF\x94", "",
                           "100", "Ann", "long note"};
    for (size_t i = 0; i < 9; i++)
        cli_table_add_str(&table, cells[i]);
    char *boxed = print_table(&table, true, "");
    CHECK_STR_EQ(boxed, "  id | name | note\n"
                        "-----+------+----------\n"
                        "   1 | \xE7\xBF\x94   |\n"
                        " 100 | Ann  | long note\n");
    free(boxed);
    char *plain = print_table(&table, false, "> ");
    CHECK_STR_EQ(plain, ">  id  name  note\n"
                        ">   1  \xE7\xBF\x94\n"
                        "> 100  Ann   long note\n");
    free(plain);
    cli_table_release(&table);
}

/* ---- cli_json ---------------------------------------------------------- */

static char *
written(const char *json_text)
{
    json_t *value = json_loads(json_text, JSON_DECODE_ANY, NULL);
    if (value == NULL)
        return NULL;
    struct buf out;
    buf_init(&out, 256);
    cli_json_write(&out, value);
    json_decref(value);
    char *text = buf_detach(&out);
    buf_release(&out);
    return text;
}

static void
test_json_inline_and_reals(void)
{
    char *text = written("{\"a\": 1, \"b\": [0.1, 1.0, 0.92, 1e300, -2.5e-7],"
                         " \"c\": \"\\u00fc\\n\\\"\", \"d\": [true, false, "
                         "null], \"e\": {}, \"f\": []}");
    CHECK_STR_EQ(text, "{\n"
                       "  \"a\": 1,\n"
                       "  \"b\": [0.1, 1.0, 0.92, 1e+300, -2.5e-07],\n"
                       "  \"c\": \"\xC3\xBC\\n\\\"\",\n"
                       "  \"d\": [true, false, null],\n"
                       "  \"e\": {},\n"
                       "  \"f\": []\n"
                       "}\n");
    free(text);
    text = written("{\"short\": {\"x\": 1}}");
    CHECK_STR_EQ(text, "{\"short\": {\"x\": 1}}\n");
    free(text);
}

static void
test_json_wrapping(void)
{
    /* objects break one member per line, lists of scalars fill lines */
    char *text = written(
        "{\"values\": [\"alpha\", \"bravo\", \"charlie\", \"delta\", "
        "\"echo\", \"foxtrot\", \"golf\", \"hotel\", \"india\", \"juliett\", "
        "\"kilo\", \"lima\"], \"columns\": [{\"name\": \"id\", \"type\": "
        "\"serial\"}, {\"name\": \"a_rather_long_column_name\", \"type\": "
        "\"varchar(255)\", \"comment\": \"with a comment that is long\"}]}");
    CHECK_STR_EQ(
        text,
        "{\n"
        "  \"values\": [\n"
        "    \"alpha\", \"bravo\", \"charlie\", \"delta\", \"echo\", "
        "\"foxtrot\", \"golf\", \"hotel\",\n"
        "    \"india\", \"juliett\", \"kilo\", \"lima\"\n"
        "  ],\n"
        "  \"columns\": [\n"
        "    {\"name\": \"id\", \"type\": \"serial\"},\n"
        "    {\n"
        "      \"name\": \"a_rather_long_column_name\",\n"
        "      \"type\": \"varchar(255)\",\n"
        "      \"comment\": \"with a comment that is long\"\n"
        "    }\n"
        "  ]\n"
        "}\n");
    /* every line within the width */
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        CHECK(end != NULL && end - line <= CLI_JSON_WIDTH);
        line = end + 1;
    }
    free(text);
}

static void
test_json_round_trip(void)
{
    /* doubles whose shortest form needs all 17 digits, and ones that look
     * like integers, read back equal and stay reals */
    const char *source =
        "{\"r\": [0.30000000000000004, 123456789.123456789, 5e-324, "
        "1.7976931348623157e308, 100.0, -0.0], \"i\": [9007199254740993, "
        "-1], \"nested\": {\"deep\": {\"er\": [[1, 2], [3, {\"x\": "
        "\"\\u65e5\\u672c\"}]]}}}";
    json_t *before = json_loads(source, 0, NULL);
    CHECK(before != NULL);
    char *text = written(source);
    json_t *after = json_loads(text, 0, NULL);
    CHECK(after != NULL);
    CHECK(json_equal(before, after));
    json_t *r = json_object_get(after, "r");
    for (size_t i = 0; i < json_array_size(r); i++)
        CHECK(json_is_real(json_array_get(r, i)));
    CHECK(json_is_integer(json_array_get(json_object_get(after, "i"), 0)));
    json_decref(before);
    json_decref(after);
    free(text);
}

/* ---- json-schema: the repository copy ------------------------------------- */

static char *
read_all(const char *path)
{
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        return NULL;
    struct buf text;
    buf_init(&text, 1 << 16);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
        buf_append(&text, chunk, n);
    fclose(in);
    char *result = buf_detach(&text);
    buf_release(&text);
    return result;
}

/* schema/datagen.schema.json is what `datagen json-schema` prints, so a
 * change to the registry or the loader's keys updates the copy. */
static void
test_json_schema_copy(void)
{
    char path[] = "/tmp/test_cli_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    fflush(stdout);
    int saved = dup(1);
    dup2(fd, 1);
    char arg0[] = "datagen", arg1[] = "json-schema";
    char *argv[] = {arg0, arg1, NULL};
    int rc = cli_main(2, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    close(fd);
    CHECK_INT_EQ(rc, 0);
    char *printed = read_all(path);
    unlink(path);
    CHECK(printed != NULL);
    char *kept = read_all("schema/datagen.schema.json");
    if (kept == NULL)
        printf("  schema/datagen.schema.json not found: run from the "
               "repository root\n");
    else if (strcmp(kept, printed) != 0)
        printf("  schema/datagen.schema.json is out of date: run "
               "build/datagen json-schema > schema/datagen.schema.json\n");
    int same = kept != NULL && strcmp(kept, printed) == 0;
    free(kept);
    free(printed);
    CHECK(same);
}

static void
test_json_schema_shape(void)
{
    json_t *schema = cli_jsonschema_build();
    CHECK_STR_EQ(json_string_value(json_object_get(schema, "$schema")),
                 "https://json-schema.org/draft/2020-12/schema");
    json_t *defs = json_object_get(schema, "$defs");
    /* every generator has its generator_config definition, closed */
    json_t *generator = json_object_get(
        json_object_get(json_object_get(json_object_get(defs, "column"),
                                        "properties"),
                        "generator"),
        "enum");
    CHECK(json_array_size(generator) > 50);
    json_t *int_config = json_object_get(defs, "generator_config.int");
    CHECK(int_config != NULL);
    CHECK(json_is_false(json_object_get(int_config, "additionalProperties")));
    json_t *min = json_object_get(json_object_get(int_config, "properties"),
                                  "min");
    CHECK(min != NULL);
    CHECK(json_object_get(min, "description") != NULL);
    json_decref(schema);
}

int
main(void)
{
    RUN(test_widths);
    RUN(test_cells);
    RUN(test_tables);
    RUN(test_json_inline_and_reals);
    RUN(test_json_wrapping);
    RUN(test_json_round_trip);
    RUN(test_json_schema_copy);
    RUN(test_json_schema_shape);
    return HARNESS_DONE();
}
