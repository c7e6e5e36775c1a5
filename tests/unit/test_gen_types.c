#include <arpa/inet.h>
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "gen/gen.h"
#include "gen/gen_internal.h"
#include "harness.h"

#define ROWS 10000

struct fixture {
    struct pg_type type;
    struct column column;
    struct check_bounds bounds;
    struct gen_spec spec;
    json_t *config;
    struct diag_list diags;
    struct arena arena;
    const struct gen_kind *kind;
    void *state;
    struct buf text;
    int compiled;
};

static struct pg_type
type_of(enum pg_base base)
{
    struct pg_type t = {.base = base, .length = -1, .precision = -1};
    return t;
}

static void
fx_init(struct fixture *f, struct pg_type type, const char *config)
{
    memset(f, 0, sizeof(*f));
    f->type = type;
    f->column.name = "col";
    f->column.type = type;
    f->bounds.max_length = -1;
    f->bounds.min_length = -1;
    f->config = config ? json_loads(config, 0, NULL) : NULL;
    f->spec.path = "tables.t.columns[0]";
    f->spec.column = &f->column;
    f->spec.type = &f->type;
    f->spec.config = f->config;
    f->spec.row_count = ROWS;
    f->spec.key = 0x1234;
    f->spec.locale = "en_US";
    diag_list_init(&f->diags);
    arena_init(&f->arena, 1 << 16);
    buf_init(&f->text, 64);
}

/* Compiles the named kind (NULL: the default for the type); 0 or -1. */
static int
fx_compile(struct fixture *f, const char *name)
{
    f->kind = name ? gen_find(name) : gen_default_for(&f->spec);
    if (f->kind == NULL)
        return -2;
    int status = f->kind->compile(&f->spec, &f->state, &f->diags);
    f->compiled = status == 0;
    return status;
}

static void
fx_generate(struct fixture *f, uint64_t row, struct value *v)
{
    struct gen_ctx ctx = {
        .rng = rng_cell(7, 11, f->spec.key, row),
        .row = row,
        .row_key = rng_mix(row),
        .arena = &f->arena,
    };
    f->kind->generate(f->state, &ctx, v);
}

/* The value's text form, valid until the next call. */
static const char *
fx_text(struct fixture *f, uint64_t row, struct value *v)
{
    struct value local;
    if (v == NULL)
        v = &local;
    fx_generate(f, row, v);
    buf_reset(&f->text);
    value_format(v, &f->text);
    return f->text.data;
}

static void
fx_release(struct fixture *f)
{
    if (f->compiled && f->kind->free)
        f->kind->free(f->state);
    json_decref(f->config);
    diag_list_release(&f->diags);
    arena_release(&f->arena);
    buf_release(&f->text);
}

static int
compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether rows 0..count-1 give distinct texts. */
static int
all_distinct(struct fixture *f, uint64_t count)
{
    char **texts = malloc(count * sizeof(*texts));
    for (uint64_t i = 0; i < count; i++)
        texts[i] = strdup(fx_text(f, i, NULL));
    qsort(texts, count, sizeof(*texts), compare_strings);
    int distinct = 1;
    for (uint64_t i = 1; i < count; i++)
        if (strcmp(texts[i - 1], texts[i]) == 0)
            distinct = 0;
    for (uint64_t i = 0; i < count; i++)
        free(texts[i]);
    free(texts);
    return distinct;
}

/* Same ctx, same bytes: a second fixture compiled alike agrees row by row. */
static int
deterministic(struct fixture *f, const char *name)
{
    struct fixture g;
    fx_init(&g, f->type, NULL);
    g.config = f->config ? json_incref(f->config) : NULL;
    g.spec = f->spec;
    g.spec.type = &g.type;
    g.spec.column = &g.column;
    g.spec.config = g.config;
    if (fx_compile(&g, name) != 0) {
        fx_release(&g);
        return 0;
    }
    int same = 1;
    for (uint64_t row = 0; row < 200 && same; row++) {
        char *a = strdup(fx_text(f, row, NULL));
        same = strcmp(a, fx_text(&g, row, NULL)) == 0;
        free(a);
    }
    fx_release(&g);
    return same;
}

static const char *
first_path(const struct fixture *f)
{
    return f->diags.count ? f->diags.items[0].path : "(none)";
}

static const char *
first_message(const struct fixture *f)
{
    return f->diags.count ? f->diags.items[0].message : "(none)";
}

/* formatting helpers */

static void
test_util_formatters(void)
{
    struct arena arena;
    arena_init(&arena, 1024);
    struct gen_out o;
    gen_out_init(&o, &arena, 200);
    gen_util_put_i64(&o, INT64_MIN);
    gen_out_putc(&o, ' ');
    gen_util_put_fixed(&o, -5, 2);
    gen_out_putc(&o, ' ');
    gen_util_put_fixed(&o, 123456, 3);
    gen_out_putc(&o, ' ');
    gen_util_put_timestamp(&o, -1);
    gen_out_putc(&o, ' ');
    gen_util_put_hex(&o, 0xab, 4);
    gen_out_putc(&o, ' ');
    struct value v = value_int(1234);
    v.kind = VALUE_NUMERIC;
    v.scale = 2;
    gen_util_put_value(&o, &v);
    CHECK(o.len == strlen("-9223372036854775808 -0.05 123.456 "
                          "1969-12-31 23:59:59.999999 00ab 12.34"));
    CHECK(memcmp(o.data,
                 "-9223372036854775808 -0.05 123.456 1969-12-31 "
                 "23:59:59.999999 00ab 12.34",
                 o.len) == 0);
    arena_release(&arena);
}

static void
test_util_quoting(void)
{
    char storage[128];
    struct gen_out o = {.data = storage, .len = 0, .cap = sizeof(storage)};
    gen_util_put_array_element(&o, "plain", 5, ',');
    gen_out_putc(&o, '|');
    gen_util_put_array_element(&o, "a b", 3, ',');
    gen_out_putc(&o, '|');
    gen_util_put_array_element(&o, "c\"d\\", 4, ',');
    gen_out_putc(&o, '|');
    gen_util_put_array_element(&o, "NuLL", 4, ',');
    gen_out_putc(&o, '|');
    gen_util_put_array_element(&o, "", 0, ',');
    gen_out_putc(&o, '|');
    gen_util_put_record_field(&o, "x,y", 3);
    gen_out_putc(&o, '|');
    gen_util_put_record_field(&o, "q\"b\\", 4);
    gen_out_putc(&o, '|');
    gen_util_put_record_field(&o, "{1,2}", 5);
    storage[o.len] = '\0';
    CHECK_STR_EQ(storage, "plain|\"a b\"|\"c\\\"d\\\\\"|\"NuLL\"|\"\"|"
                          "\"x,y\"|\"q\"\"b\\\\\"|\"{1,2}\"");
}

static void
test_util_parse_timestamp(void)
{
    int64_t usec;
    CHECK_INT_EQ(gen_util_parse_timestamp("2024-02-29", &usec), 0);
    CHECK(usec == days_from_civil(2024, 2, 29) * USEC_PER_DAY);
    CHECK_INT_EQ(gen_util_parse_timestamp("2024-01-02T03:04:05.5Z", &usec), 0);
    CHECK(usec == days_from_civil(2024, 1, 2) * USEC_PER_DAY +
                      (3 * 3600 + 4 * 60 + 5) * USEC_PER_SEC + 500000);
    CHECK_INT_EQ(gen_util_parse_timestamp("2023-02-29", &usec), -1);
    CHECK_INT_EQ(gen_util_parse_timestamp("2023-13-01", &usec), -1);
    CHECK_INT_EQ(gen_util_parse_timestamp("2023-01-01 25:00", &usec), -1);
    CHECK_INT_EQ(gen_util_parse_timestamp("yesterday", &usec), -1);
    CHECK(days_from_civil(2025, 1, 1) == DG_REFERENCE_DAYS);
}

/* registry */

static void
test_registry(void)
{
    CHECK(gen_find("sequential") == gen_find("sequence"));
    CHECK(gen_find("sequence") != NULL);
    CHECK(gen_find("nope") == NULL);
    size_t count = gen_kind_count();
    CHECK(count >= 31);
    for (size_t i = 0; i < count; i++) {
        const struct gen_kind *kind = gen_kind_at(i);
        CHECK(kind != NULL && kind->name && kind->description);
        CHECK(gen_find(kind->name) == kind);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(gen_kind_at(j)->name, kind->name) != 0);
    }
    CHECK(gen_kind_at(count) == NULL);
}

static void
test_default_for_every_type(void)
{
    static const char *const expected[PG_BASE_COUNT] = {
        [PG_SMALLINT] = "int",
        [PG_INTEGER] = "int",
        [PG_BIGINT] = "int",
        [PG_NUMERIC] = "decimal",
        [PG_REAL] = "float",
        [PG_DOUBLE] = "float",
        [PG_MONEY] = "decimal",
        [PG_BOOLEAN] = "boolean",
        [PG_TEXT] = "text",
        [PG_VARCHAR] = "text",
        [PG_CHAR] = "text",
        [PG_BYTEA] = "bytea",
        [PG_DATE] = "date",
        [PG_TIME] = "time",
        [PG_TIMETZ] = "time",
        [PG_TIMESTAMP] = "datetime",
        [PG_TIMESTAMPTZ] = "datetime",
        [PG_INTERVAL] = "interval",
        [PG_UUID] = "uuid",
        [PG_JSON] = "json",
        [PG_JSONB] = "json",
        [PG_XML] = "xml",
        [PG_INET] = "inet",
        [PG_CIDR] = "cidr",
        [PG_MACADDR] = "macaddr",
        [PG_MACADDR8] = "macaddr8",
        [PG_BIT] = "bit",
        [PG_VARBIT] = "bit",
        [PG_POINT] = "point",
        [PG_LINE] = "line",
        [PG_LSEG] = "lseg",
        [PG_BOX] = "box",
        [PG_PATH] = "path",
        [PG_POLYGON] = "polygon",
        [PG_CIRCLE] = "circle",
        [PG_INT4RANGE] = "range",
        [PG_INT8RANGE] = "range",
        [PG_NUMRANGE] = "range",
        [PG_DATERANGE] = "range",
        [PG_TSRANGE] = "range",
        [PG_TSTZRANGE] = "range",
        [PG_TSVECTOR] = "tsvector",
    };
    for (int base = 0; base < PG_BASE_COUNT; base++) {
        if (expected[base] == NULL)
            continue;
        struct fixture f;
        fx_init(&f, type_of((enum pg_base)base), NULL);
        const struct gen_kind *kind = gen_default_for(&f.spec);
        CHECK_STR_EQ(kind->name, expected[base]);
        /* Every default compiles, and is deterministic. */
        CHECK_INT_EQ(fx_compile(&f, NULL), 0);
        CHECK(deterministic(&f, NULL));
        fx_release(&f);
    }
    struct pg_type serial = type_of(PG_INTEGER);
    serial.serial = true;
    struct fixture f;
    fx_init(&f, serial, NULL);
    CHECK_STR_EQ(gen_default_for(&f.spec)->name, "sequence");
    f.type = type_of(PG_TEXT);
    f.type.array_dims = 1;
    CHECK_STR_EQ(gen_default_for(&f.spec)->name, "array");
    fx_release(&f);
}

static void
test_check_config(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_INTEGER),
            "{\"mn\": 1, \"max\": 5, \"null_fraction\": 0.2, \"zzzzzz\": 1}");
    CHECK_INT_EQ(gen_check_config(gen_find("int"), &f.spec, &f.diags), 2);
    CHECK_STR_EQ(f.diags.items[0].path,
                 "tables.t.columns[0].generator_config.mn");
    CHECK_STR_EQ(f.diags.items[0].message, "unknown key \"mn\"");
    CHECK_STR_EQ(f.diags.items[0].hint, "did you mean \"min\"?");
    CHECK_STR_EQ(f.diags.items[1].path,
                 "tables.t.columns[0].generator_config.zzzzzz");
    CHECK_STR_EQ(f.diags.items[1].hint,
                 "known keys: min, max, distribution, mean, stddev, rate, s, "
                 "null_fraction");
    fx_release(&f);
}

/* numbers */

static void
test_int_ranges(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_INTEGER), NULL);
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    int64_t low = INT64_MAX, high = INT64_MIN;
    for (uint64_t row = 0; row < ROWS; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK_INT_EQ(v.kind, VALUE_INT);
        low = v.as.i < low ? v.as.i : low;
        high = v.as.i > high ? v.as.i : high;
    }
    CHECK(low >= 1 && low < 1000 && high <= 1000000 && high > 999000);
    fx_release(&f);

    fx_init(&f, type_of(PG_SMALLINT), "{\"min\": -5, \"max\": 5}");
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    int seen[11] = {0};
    for (uint64_t row = 0; row < ROWS; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i >= -5 && v.as.i <= 5);
        seen[v.as.i + 5] = 1;
    }
    for (int i = 0; i < 11; i++)
        CHECK(seen[i]);
    fx_release(&f);

    /* The default window is clamped to smallint. */
    fx_init(&f, type_of(PG_SMALLINT), NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < ROWS; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i >= 1 && v.as.i <= 32767);
    }
    fx_release(&f);
}

static void
test_int_unique(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_INTEGER), "{\"min\": 100, \"max\": 10099}");
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    /* Exactly the range, each value once. */
    unsigned char *seen = calloc(ROWS, 1);
    for (uint64_t row = 0; row < ROWS; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i >= 100 && v.as.i <= 10099);
        CHECK(!seen[v.as.i - 100]);
        seen[v.as.i - 100] = 1;
    }
    free(seen);
    CHECK(deterministic(&f, "int"));
    fx_release(&f);

    fx_init(&f, type_of(PG_INTEGER), "{\"min\": 1, \"max\": 50}");
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, "int"), -1);
    CHECK_STR_EQ(first_path(&f), "tables.t.columns[0]");
    CHECK_STR_EQ(first_message(&f),
                 "cannot generate 10000 unique values: the range holds only "
                 "50 distinct values");
    fx_release(&f);

    /* An open default widens to fit the rows, within smallint. */
    fx_init(&f, type_of(PG_SMALLINT), NULL);
    f.spec.unique = true;
    f.spec.row_count = 40000;
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    fx_release(&f);
    fx_init(&f, type_of(PG_SMALLINT), NULL);
    f.spec.unique = true;
    f.spec.row_count = 70000;
    CHECK_INT_EQ(fx_compile(&f, "int"), -1);
    fx_release(&f);
}

static void
test_int_bounds_and_config_errors(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_INTEGER), NULL);
    f.bounds.has_min = true;
    f.bounds.min = value_int(0); /* > 0 */
    f.bounds.has_max = true;
    f.bounds.max = value_int(10);
    f.bounds.max_inclusive = true;
    f.spec.bounds = &f.bounds;
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    for (uint64_t row = 0; row < ROWS; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i >= 1 && v.as.i <= 10);
    }
    fx_release(&f);

    /* Only a lower bound above the default window: the window moves. */
    fx_init(&f, type_of(PG_BIGINT), NULL);
    f.bounds.has_min = true;
    f.bounds.min_inclusive = true;
    f.bounds.min = value_int(5000000);
    f.spec.bounds = &f.bounds;
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < 1000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i >= 5000000 && v.as.i < 7000000);
    }
    fx_release(&f);

    /* An IN list wins. */
    struct value allowed[3] = {value_int(3), value_int(7), value_int(9)};
    fx_init(&f, type_of(PG_INTEGER), NULL);
    f.bounds.allowed = allowed;
    f.bounds.allowed_count = 3;
    f.spec.bounds = &f.bounds;
    CHECK_INT_EQ(fx_compile(&f, "int"), 0);
    for (uint64_t row = 0; row < 1000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i == 3 || v.as.i == 7 || v.as.i == 9);
    }
    fx_release(&f);

    fx_init(&f, type_of(PG_INTEGER), "{\"min\": \"one\"}");
    CHECK_INT_EQ(fx_compile(&f, "int"), -1);
    CHECK_STR_EQ(first_path(&f), "tables.t.columns[0].generator_config.min");
    CHECK_STR_EQ(first_message(&f), "\"min\" must be an integer");
    fx_release(&f);

    fx_init(&f, type_of(PG_INTEGER), "{\"min\": 9, \"max\": 2}");
    CHECK_INT_EQ(fx_compile(&f, "int"), -1);
    CHECK_STR_EQ(first_path(&f), "tables.t.columns[0].generator_config.min");
    CHECK_STR_EQ(first_message(&f), "\"min\" must not be greater than \"max\"");
    fx_release(&f);

    fx_init(&f, type_of(PG_SMALLINT), "{\"max\": 40000}");
    CHECK_INT_EQ(fx_compile(&f, "int"), -1);
    CHECK_STR_EQ(first_path(&f), "tables.t.columns[0].generator_config.max");
    CHECK_STR_EQ(first_message(&f),
                 "\"max\" is outside the range of type \"smallint\"");
    fx_release(&f);

    fx_init(&f, type_of(PG_TEXT), NULL);
    CHECK_INT_EQ(fx_compile(&f, "int"), -1);
    CHECK_STR_EQ(first_path(&f), "tables.t.columns[0].generator");
    CHECK_STR_EQ(first_message(&f),
                 "generator \"int\" cannot produce type \"text\"");
    fx_release(&f);
}

static void
test_sequence(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_INTEGER), "{\"start\": 5, \"step\": 3}");
    CHECK_INT_EQ(fx_compile(&f, "sequential"), 0);
    CHECK_STR_EQ(fx_text(&f, 0, NULL), "5");
    CHECK_STR_EQ(fx_text(&f, 1, NULL), "8");
    CHECK_STR_EQ(fx_text(&f, 9999, NULL), "30002");
    fx_release(&f);

    fx_init(&f, type_of(PG_SMALLINT), "{\"start\": 30000}");
    CHECK_INT_EQ(fx_compile(&f, "sequence"), -1);
    CHECK_STR_EQ(first_path(&f), "tables.t.columns[0]");
    CHECK_STR_EQ(first_message(&f),
                 "a sequence from 30000 by 1 over 10000 rows overflows type "
                 "\"smallint\"");
    fx_release(&f);

    fx_init(&f, type_of(PG_INTEGER), "{\"step\": 0}");
    CHECK_INT_EQ(fx_compile(&f, "sequence"), -1);
    CHECK_STR_EQ(first_path(&f), "tables.t.columns[0].generator_config.step");
    fx_release(&f);
}

static void
test_decimal(void)
{
    struct fixture f;
    struct pg_type t = type_of(PG_NUMERIC);
    t.precision = 5;
    t.scale = 2;
    fx_init(&f, t, NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < ROWS; row++) {
        struct value v;
        const char *text = fx_text(&f, row, &v);
        CHECK_INT_EQ(v.kind, VALUE_NUMERIC);
        CHECK_INT_EQ(v.scale, 2);
        CHECK(v.as.i >= 0 && v.as.i <= 99999);
        const char *dot = strchr(text, '.');
        CHECK(dot != NULL && strlen(dot + 1) == 2 && dot - text <= 3);
    }
    fx_release(&f);

    t.precision = 4;
    t.scale = 1;
    fx_init(&f, t, "{\"min\": -12.5, \"max\": 12.5}");
    f.spec.unique = true;
    f.spec.row_count = 251;
    CHECK_INT_EQ(fx_compile(&f, "decimal"), 0);
    CHECK(all_distinct(&f, 251));
    fx_release(&f);
    fx_init(&f, t, "{\"min\": -12.5, \"max\": 12.5}");
    f.spec.unique = true;
    f.spec.row_count = 252;
    CHECK_INT_EQ(fx_compile(&f, "decimal"), -1);
    fx_release(&f);

    fx_init(&f, t, "{\"max\": 1000}");
    CHECK_INT_EQ(fx_compile(&f, "decimal"), -1);
    CHECK_STR_EQ(first_path(&f), "tables.t.columns[0].generator_config.max");
    CHECK_STR_EQ(first_message(&f),
                 "\"max\" is outside the range of type \"numeric(4,1)\"");
    fx_release(&f);

    /* Scales past 18 digits are generated at 18; PostgreSQL pads them. */
    t.precision = 20;
    t.scale = 19;
    fx_init(&f, t, NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < 1000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.kind == VALUE_NUMERIC && v.scale == 18);
        CHECK(v.as.i >= 0 && v.as.i < gen_util_pow10(18));
    }
    fx_release(&f);

    fx_init(&f, type_of(PG_MONEY), NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < 1000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.kind == VALUE_NUMERIC && v.scale == 2);
        CHECK(v.as.i >= 100 && v.as.i <= 100000);
    }
    fx_release(&f);
}

static void
test_float(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_REAL), "{\"min\": 1.5, \"max\": 2.5}");
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < ROWS; row++) {
        struct value v;
        const char *text = fx_text(&f, row, &v);
        CHECK_INT_EQ(v.kind, VALUE_FLOAT);
        CHECK_INT_EQ(v.float_digits, 9);
        CHECK(v.as.f >= 1.5 && v.as.f <= 2.5);
        /* Printed as a short decimal: at most 2 places. */
        const char *dot = strchr(text, '.');
        CHECK(dot == NULL || strlen(dot + 1) <= 2);
    }
    fx_release(&f);

    fx_init(&f, type_of(PG_DOUBLE), NULL);
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, "float"), 0);
    CHECK(all_distinct(&f, ROWS));
    fx_release(&f);
}

static void
test_boolean(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_BOOLEAN), "{\"true_fraction\": 0.3}");
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    int trues = 0;
    for (uint64_t row = 0; row < ROWS; row++) {
        struct value v;
        const char *text = fx_text(&f, row, &v);
        CHECK(strcmp(text, "t") == 0 || strcmp(text, "f") == 0);
        trues += text[0] == 't';
    }
    CHECK(trues > 2800 && trues < 3200);
    fx_release(&f);

    fx_init(&f, type_of(PG_BOOLEAN), "{\"true_fraction\": 2}");
    CHECK_INT_EQ(fx_compile(&f, NULL), -1);
    CHECK_STR_EQ(first_path(&f),
                 "tables.t.columns[0].generator_config.true_fraction");
    fx_release(&f);

    fx_init(&f, type_of(PG_BOOLEAN), NULL);
    f.spec.unique = true;
    f.spec.row_count = 3;
    CHECK_INT_EQ(fx_compile(&f, NULL), -1);
    CHECK_STR_EQ(first_message(&f),
                 "cannot generate 3 unique values: a boolean has only 2 "
                 "distinct values");
    fx_release(&f);
    fx_init(&f, type_of(PG_BOOLEAN), NULL);
    f.spec.unique = true;
    f.spec.row_count = 2;
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    CHECK(all_distinct(&f, 2));
    fx_release(&f);
}

/* text */

static int
readable(const char *text)
{
    for (const char *p = text; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != ' ' && *p != '.')
            return 0;
    return 1;
}

static void
test_text_lengths(void)
{
    struct fixture f;
    struct pg_type t = type_of(PG_VARCHAR);
    t.length = 12;
    fx_init(&f, t, NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    size_t longest = 0;
    for (uint64_t row = 0; row < ROWS; row++) {
        const char *text = fx_text(&f, row, NULL);
        size_t length = strlen(text);
        CHECK(length >= 3 && length <= 12);
        CHECK(readable(text));
        CHECK(text[length - 1] != ' ');
        CHECK(isupper((unsigned char)text[0]));
        longest = length > longest ? length : longest;
    }
    CHECK(longest == 12);
    fx_release(&f);

    fx_init(&f, type_of(PG_TEXT), "{\"min_length\": 20, \"max_length\": 25}");
    CHECK_INT_EQ(fx_compile(&f, "text"), 0);
    for (uint64_t row = 0; row < ROWS; row++) {
        size_t length = strlen(fx_text(&f, row, NULL));
        CHECK(length >= 20 && length <= 25);
    }
    fx_release(&f);

    t = type_of(PG_CHAR);
    t.length = 3;
    fx_init(&f, t, NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < 1000; row++) {
        const char *text = fx_text(&f, row, NULL);
        CHECK(strlen(text) == 3 && isupper((unsigned char)text[0]) &&
              isupper((unsigned char)text[2]));
    }
    fx_release(&f);

    t = type_of(PG_VARCHAR);
    t.length = 12;
    fx_init(&f, t, "{\"max_length\": 20}");
    CHECK_INT_EQ(fx_compile(&f, NULL), -1);
    CHECK_STR_EQ(first_path(&f),
                 "tables.t.columns[0].generator_config.max_length");
    CHECK_STR_EQ(first_message(&f),
                 "\"max_length\" exceeds the column's limit of 12 characters");
    fx_release(&f);

    /* A CHECK on length narrows the column. */
    fx_init(&f, type_of(PG_TEXT), NULL);
    f.bounds.max_length = 8;
    f.bounds.min_length = 2;
    f.spec.bounds = &f.bounds;
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < 1000; row++) {
        size_t length = strlen(fx_text(&f, row, NULL));
        CHECK(length >= 2 && length <= 8);
    }
    fx_release(&f);
}

static void
test_text_unique(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_TEXT), NULL);
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    CHECK(all_distinct(&f, ROWS));
    const char *text = fx_text(&f, 41, NULL);
    size_t length = strlen(text);
    CHECK(length > 3 && strcmp(text + length - 3, " 42") == 0);
    fx_release(&f);

    struct pg_type t = type_of(PG_VARCHAR);
    t.length = 5;
    fx_init(&f, t, NULL);
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    CHECK(all_distinct(&f, ROWS));
    CHECK_STR_EQ(fx_text(&f, 6, NULL), "00007");
    fx_release(&f);

    t.base = PG_CHAR;
    t.length = 3;
    fx_init(&f, t, NULL);
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    CHECK(all_distinct(&f, ROWS));
    CHECK_STR_EQ(fx_text(&f, 37, NULL), "011");
    fx_release(&f);

    t.length = 2;
    fx_init(&f, t, NULL);
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, NULL), -1);
    CHECK_STR_EQ(first_message(&f),
                 "cannot generate 10000 unique values: text this short has "
                 "only 1296 distinct values");
    fx_release(&f);
}

/* dates and times */

static void
test_dates(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_DATE), NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < ROWS; row++) {
        struct value v;
        const char *text = fx_text(&f, row, &v);
        CHECK_INT_EQ(v.kind, VALUE_DATE);
        CHECK(v.as.i >= days_from_civil(2015, 1, 1) &&
              v.as.i < DG_REFERENCE_DAYS);
        CHECK(strlen(text) == 10 && text[4] == '-' && text[7] == '-');
    }
    fx_release(&f);

    fx_init(&f, type_of(PG_DATE),
            "{\"min\": \"2024-02-01\", \"max\": \"2024-02-29\"}");
    f.spec.unique = true;
    f.spec.row_count = 29;
    CHECK_INT_EQ(fx_compile(&f, "date"), 0);
    CHECK(all_distinct(&f, 29));
    fx_release(&f);
    fx_init(&f, type_of(PG_DATE),
            "{\"min\": \"2024-02-01\", \"max\": \"2024-02-29\"}");
    f.spec.unique = true;
    f.spec.row_count = 30;
    CHECK_INT_EQ(fx_compile(&f, "date"), -1);
    CHECK_STR_EQ(first_message(&f),
                 "cannot generate 30 unique values: the range holds only 29 "
                 "distinct days");
    fx_release(&f);

    fx_init(&f, type_of(PG_DATE), "{\"max\": \"2024-02-30\"}");
    CHECK_INT_EQ(fx_compile(&f, "date"), -1);
    CHECK_STR_EQ(first_path(&f), "tables.t.columns[0].generator_config.max");
    fx_release(&f);
}

static void
test_datetimes(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_TIMESTAMPTZ),
            "{\"min\": \"2024-06-01T08:00:00Z\", \"max\": \"2024-06-01 "
            "09:00:00\"}");
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    int64_t low =
        days_from_civil(2024, 6, 1) * USEC_PER_DAY + 8 * 3600 * USEC_PER_SEC;
    for (uint64_t row = 0; row < ROWS; row++) {
        struct value v;
        const char *text = fx_text(&f, row, &v);
        CHECK_INT_EQ(v.kind, VALUE_TIMESTAMPTZ);
        CHECK(v.as.i >= low && v.as.i <= low + 3600 * USEC_PER_SEC);
        CHECK(v.as.i % USEC_PER_SEC == 0);
        CHECK(strncmp(text, "2024-06-01 0", 12) == 0);
        CHECK(strcmp(text + strlen(text) - 3, "+00") == 0);
    }
    fx_release(&f);

    fx_init(&f, type_of(PG_TIMESTAMP), NULL);
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, "datetime"), 0);
    CHECK(all_distinct(&f, ROWS));
    for (uint64_t row = 0; row < 1000; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.as.i >= days_from_civil(2020, 1, 1) * USEC_PER_DAY &&
              v.as.i < DG_REFERENCE_DAYS * USEC_PER_DAY);
    }
    fx_release(&f);

    fx_init(&f, type_of(PG_TIMESTAMP), "{\"min\": 20240101}");
    CHECK_INT_EQ(fx_compile(&f, "datetime"), -1);
    CHECK_STR_EQ(first_path(&f), "tables.t.columns[0].generator_config.min");
    fx_release(&f);

    fx_init(&f, type_of(PG_TIMETZ), "{\"min\": \"09:00\", \"max\": \"17:00\"}");
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < ROWS; row++) {
        const char *text = fx_text(&f, row, NULL);
        CHECK(strlen(text) == 11 && strcmp(text + 8, "+00") == 0);
        CHECK(strncmp(text, "09:", 3) >= 0 &&
              strncmp(text, "17:00:00", 8) <= 0);
    }
    fx_release(&f);

    fx_init(&f, type_of(PG_INTERVAL), NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < ROWS; row++) {
        const char *text = fx_text(&f, row, NULL);
        unsigned days = 0, h, m, s;
        int ok = sscanf(text, "%u day%*[s] %u:%u:%u", &days, &h, &m, &s) == 4 ||
                 sscanf(text, "%u day %u:%u:%u", &days, &h, &m, &s) == 4 ||
                 (days = 0, sscanf(text, "%u:%u:%u", &h, &m, &s) == 3);
        CHECK(ok && days < 90 && h < 24 && m < 60 && s < 60);
    }
    fx_release(&f);
}

/* identifiers, network, bits */

static void
test_uuid(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_UUID), NULL);
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < ROWS; row++) {
        const char *text = fx_text(&f, row, NULL);
        CHECK(strlen(text) == 36);
        for (int i = 0; i < 36; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23)
                CHECK(text[i] == '-');
            else
                CHECK(isxdigit((unsigned char)text[i]) &&
                      !isupper((unsigned char)text[i]));
        }
        CHECK(text[14] == '4');
        CHECK(strchr("89ab", text[19]) != NULL);
    }
    CHECK(all_distinct(&f, ROWS));
    fx_release(&f);
}

static void
test_network(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_INET), NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    int v6 = 0;
    for (uint64_t row = 0; row < ROWS; row++) {
        const char *text = fx_text(&f, row, NULL);
        unsigned char address[16];
        int family = strchr(text, ':') ? AF_INET6 : AF_INET;
        v6 += family == AF_INET6;
        CHECK(inet_pton(family, text, address) == 1);
    }
    CHECK(v6 > 500 && v6 < 3000);
    fx_release(&f);

    fx_init(&f, type_of(PG_CIDR), NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < ROWS; row++) {
        char text[64];
        snprintf(text, sizeof(text), "%s", fx_text(&f, row, NULL));
        char *slash = strchr(text, '/');
        CHECK(slash != NULL);
        *slash = '\0';
        int prefix = atoi(slash + 1);
        struct in_addr address;
        CHECK(inet_pton(AF_INET, text, &address) == 1);
        uint32_t bits = ntohl(address.s_addr);
        CHECK(prefix >= 8 && prefix <= 32);
        CHECK(prefix == 32 || (bits & (0xffffffffu >> prefix)) == 0);
    }
    fx_release(&f);

    fx_init(&f, type_of(PG_CIDR), NULL);
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    CHECK(all_distinct(&f, ROWS));
    fx_release(&f);

    enum pg_base macs[] = {PG_MACADDR, PG_MACADDR8};
    for (int m = 0; m < 2; m++) {
        fx_init(&f, type_of(macs[m]), NULL);
        f.spec.unique = true;
        CHECK_INT_EQ(fx_compile(&f, NULL), 0);
        size_t bytes = m == 0 ? 6 : 8;
        for (uint64_t row = 0; row < 1000; row++) {
            const char *text = fx_text(&f, row, NULL);
            CHECK(strlen(text) == bytes * 3 - 1);
            for (size_t i = 0; i < bytes * 3 - 1; i++)
                CHECK(i % 3 == 2 ? text[i] == ':'
                                 : isxdigit((unsigned char)text[i]) != 0);
        }
        CHECK(all_distinct(&f, ROWS));
        fx_release(&f);
    }

    fx_init(&f, type_of(PG_BYTEA), NULL);
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < 1000; row++) {
        const char *text = fx_text(&f, row, NULL);
        size_t length = strlen(text);
        CHECK(text[0] == '\\' && text[1] == 'x' && length % 2 == 0);
        CHECK(length >= 2 + 16 && length <= 2 + 64);
        for (size_t i = 2; i < length; i++)
            CHECK(isxdigit((unsigned char)text[i]));
    }
    CHECK(all_distinct(&f, ROWS));
    fx_release(&f);
}

static void
test_bits(void)
{
    struct fixture f;
    struct pg_type t = type_of(PG_BIT);
    t.length = 10;
    fx_init(&f, t, NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < 1000; row++) {
        const char *text = fx_text(&f, row, NULL);
        CHECK(strlen(text) == 10 && strspn(text, "01") == 10);
    }
    fx_release(&f);

    t.base = PG_VARBIT;
    t.length = 5;
    fx_init(&f, t, NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < 1000; row++) {
        const char *text = fx_text(&f, row, NULL);
        size_t length = strlen(text);
        CHECK(length >= 1 && length <= 5 && strspn(text, "01") == length);
    }
    fx_release(&f);

    t.base = PG_BIT;
    t.length = 14;
    fx_init(&f, t, NULL);
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    CHECK(all_distinct(&f, ROWS));
    fx_release(&f);
    t.length = 13;
    fx_init(&f, t, NULL);
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, NULL), -1);
    fx_release(&f);
}

/* documents */

static void
test_json(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_JSONB), NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < ROWS; row++) {
        const char *text = fx_text(&f, row, NULL);
        json_error_t error;
        json_t *doc = json_loads(text, 0, &error);
        CHECK(doc != NULL && json_is_object(doc));
        CHECK(json_is_string(json_object_get(doc, "name")));
        json_decref(doc);
    }
    fx_release(&f);
}

/* Balanced tags, no stray '<' or '&'. */
static int
well_formed(const char *text)
{
    char stack[16][32];
    int depth = 0;
    const char *p = text;
    if (*p != '<')
        return 0;
    while (*p) {
        if (*p == '&') {
            if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) &&
                strncmp(p, "&gt;", 4) && strncmp(p, "&quot;", 6))
                return 0;
            p++;
            continue;
        }
        if (*p != '<') {
            if (*p == '>' || depth == 0)
                return 0;
            p++;
            continue;
        }
        const char *end = strchr(p, '>');
        if (end == NULL)
            return 0;
        if (p[1] == '/') {
            size_t n = (size_t)(end - p - 2);
            if (depth == 0 || strlen(stack[depth - 1]) != n ||
                strncmp(stack[depth - 1], p + 2, n) != 0)
                return 0;
            depth--;
        } else {
            size_t n = strcspn(p + 1, " >");
            if (depth == 16 || n >= 32)
                return 0;
            memcpy(stack[depth], p + 1, n);
            stack[depth++][n] = '\0';
        }
        p = end + 1;
        if (depth == 0 && *p)
            return 0;
    }
    return depth == 0;
}

static void
test_xml_tsvector(void)
{
    struct fixture f;
    fx_init(&f, type_of(PG_XML), NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < ROWS; row++)
        CHECK(well_formed(fx_text(&f, row, NULL)));
    CHECK(!well_formed("<a><b></a></b>"));
    fx_release(&f);

    fx_init(&f, type_of(PG_TSVECTOR), NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < ROWS; row++) {
        const char *text = fx_text(&f, row, NULL);
        int position = 1;
        for (const char *p = text; *p;) {
            size_t word = strspn(p, "abcdefghijklmnopqrstuvwxyz");
            CHECK(word > 0 && p[word] == ':');
            CHECK(atoi(p + word + 1) == position++);
            p += word + 1 + strspn(p + word + 1, "0123456789");
            if (*p == ' ')
                p++;
        }
    }
    fx_release(&f);
}

/* geometry and ranges */

static const char *
number(const char *p)
{
    char *end;
    strtod(p, &end);
    return end == p ? NULL : end;
}

static const char *
point(const char *p, double *x, double *y)
{
    if (*p++ != '(')
        return NULL;
    *x = strtod(p, NULL);
    if ((p = number(p)) == NULL || *p++ != ',')
        return NULL;
    *y = strtod(p, NULL);
    if ((p = number(p)) == NULL || *p++ != ')')
        return NULL;
    return p;
}

static int
points(const char *p, char open, char close, int min, int max)
{
    double x, y;
    int count = 0;
    if (*p++ != open)
        return 0;
    for (;;) {
        if ((p = point(p, &x, &y)) == NULL)
            return 0;
        count++;
        if (*p == ',') {
            p++;
            continue;
        }
        break;
    }
    return *p == close && p[1] == '\0' && count >= min && count <= max;
}

static void
test_geometry(void)
{
    struct fixture f;
    enum pg_base bases[] = {PG_POINT, PG_LINE,    PG_LSEG,  PG_BOX,
                            PG_PATH,  PG_POLYGON, PG_CIRCLE};
    for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
        fx_init(&f, type_of(bases[b]), NULL);
        CHECK_INT_EQ(fx_compile(&f, NULL), 0);
        for (uint64_t row = 0; row < 2000; row++) {
            const char *text = fx_text(&f, row, NULL);
            double x, y, x2, y2, a, bb;
            const char *p;
            switch (bases[b]) {
            case PG_POINT:
                p = point(text, &x, &y);
                CHECK(p && *p == '\0' && fabs(x) <= 1000 && fabs(y) <= 1000);
                break;
            case PG_LINE:
                CHECK(sscanf(text, "{%lf,%lf,%lf}", &a, &bb, &x) == 3);
                CHECK(a != 0 || bb != 0);
                CHECK(text[strlen(text) - 1] == '}');
                break;
            case PG_LSEG:
                CHECK(points(text, '[', ']', 2, 2));
                break;
            case PG_BOX:
                p = point(text, &x, &y);
                CHECK(p && *p == ',');
                p = point(p + 1, &x2, &y2);
                CHECK(p && *p == '\0' && x >= x2 && y >= y2);
                break;
            case PG_PATH:
                CHECK(points(text, '[', ']', 2, 6) ||
                      points(text, '(', ')', 2, 6));
                break;
            case PG_POLYGON:
                CHECK(points(text, '(', ')', 3, 6));
                break;
            default:
                CHECK(text[0] == '<');
                p = point(text + 1, &x, &y);
                CHECK(p && *p == ',');
                a = strtod(p + 1, NULL);
                CHECK(a > 0 && strcmp(text + strlen(text) - 1, ">") == 0);
                break;
            }
        }
        CHECK(deterministic(&f, NULL));
        fx_release(&f);
    }
    fx_init(&f, type_of(PG_POINT), NULL);
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, NULL), -1);
    CHECK_STR_EQ(first_message(&f),
                 "generator \"point\" cannot produce unique values");
    fx_release(&f);
}

static void
test_ranges(void)
{
    struct fixture f;
    enum pg_base bases[] = {PG_INT4RANGE, PG_INT8RANGE, PG_NUMRANGE,
                            PG_DATERANGE, PG_TSRANGE,   PG_TSTZRANGE};
    for (size_t b = 0; b < 6; b++) {
        fx_init(&f, type_of(bases[b]), NULL);
        f.spec.unique = true;
        CHECK_INT_EQ(fx_compile(&f, NULL), 0);
        for (uint64_t row = 0; row < 2000; row++) {
            char text[128];
            snprintf(text, sizeof(text), "%s", fx_text(&f, row, NULL));
            size_t length = strlen(text);
            CHECK(text[0] == '[' && text[length - 1] == ')');
            text[length - 1] = '\0';
            char *comma = strstr(text, bases[b] >= PG_TSRANGE ? "\",\"" : ",");
            CHECK(comma != NULL);
            *comma = '\0';
            bool quoted = bases[b] >= PG_TSRANGE;
            const char *lower = text + (quoted ? 2 : 1);
            char *upper = comma + (quoted ? 3 : 1);
            if (quoted) {
                CHECK(text[1] == '"' && upper[strlen(upper) - 1] == '"');
                upper[strlen(upper) - 1] = '\0';
            }
            if (bases[b] <= PG_NUMRANGE) {
                CHECK(strtod(lower, NULL) < strtod(upper, NULL));
            } else {
                /* ISO text compares in time order */
                CHECK(strlen(lower) == strlen(upper));
                CHECK(strcmp(lower, upper) < 0);
                if (bases[b] == PG_DATERANGE)
                    CHECK(strlen(lower) == 10);
                if (bases[b] == PG_TSTZRANGE)
                    CHECK(strstr(upper, "+00") != NULL);
            }
        }
        CHECK(all_distinct(&f, ROWS));
        fx_release(&f);
    }
}

/* enum, arrays, composites, domains */

static void
test_enum(void)
{
    const char *labels[] = {"happy", "sad", "ok"};
    struct custom_type mood = {.name = "mood", .kind = CUSTOM_ENUM};
    mood.labels.names = labels;
    mood.labels.count = 3;
    struct pg_type t = type_of(PG_ENUM);
    t.custom = &mood;

    struct fixture f;
    fx_init(&f, t, NULL);
    CHECK_STR_EQ(gen_default_for(&f.spec)->name, "enum");
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    int counts[3] = {0};
    for (uint64_t row = 0; row < ROWS; row++) {
        const char *text = fx_text(&f, row, NULL);
        for (int i = 0; i < 3; i++)
            counts[i] += strcmp(text, labels[i]) == 0;
    }
    CHECK(counts[0] + counts[1] + counts[2] == ROWS);
    CHECK(counts[0] > 3000 && counts[1] > 3000 && counts[2] > 3000);
    fx_release(&f);

    fx_init(&f, type_of(PG_TEXT),
            "{\"values\": [\"a\", \"b\", \"c\"], \"weights\": [8, 1, 1]}");
    CHECK_INT_EQ(fx_compile(&f, "enum"), 0);
    int a = 0;
    for (uint64_t row = 0; row < ROWS; row++)
        a += strcmp(fx_text(&f, row, NULL), "a") == 0;
    CHECK(a > 7800 && a < 8200);
    fx_release(&f);

    fx_init(&f, t, NULL);
    f.spec.unique = true;
    f.spec.row_count = 4;
    CHECK_INT_EQ(fx_compile(&f, "enum"), -1);
    CHECK_STR_EQ(first_message(&f),
                 "cannot generate 4 unique values: enum \"mood\" has only 3 "
                 "distinct values");
    fx_release(&f);
    fx_init(&f, t, NULL);
    f.spec.unique = true;
    f.spec.row_count = 3;
    CHECK_INT_EQ(fx_compile(&f, "enum"), 0);
    CHECK(all_distinct(&f, 3));
    fx_release(&f);

    fx_init(&f, t, "{\"values\": [\"happy\", \"sadd\"]}");
    CHECK_INT_EQ(fx_compile(&f, "enum"), -1);
    CHECK_STR_EQ(first_path(&f),
                 "tables.t.columns[0].generator_config.values[1]");
    CHECK_STR_EQ(first_message(&f), "\"sadd\" is not a label of enum \"mood\"");
    CHECK_STR_EQ(f.diags.items[0].hint, "did you mean \"sad\"?");
    fx_release(&f);

    fx_init(&f, type_of(PG_TEXT), "{\"values\": [\"a\"], \"weights\": [1, 2]}");
    CHECK_INT_EQ(fx_compile(&f, "enum"), -1);
    CHECK_STR_EQ(first_path(&f),
                 "tables.t.columns[0].generator_config.weights");
    CHECK_STR_EQ(first_message(&f),
                 "\"weights\" has 2 entries but there are 1 values");
    fx_release(&f);

    fx_init(&f, type_of(PG_TEXT),
            "{\"values\": [\"a\", \"b\"], "
            "\"weights\": [1, -2]}");
    CHECK_INT_EQ(fx_compile(&f, "enum"), -1);
    CHECK_STR_EQ(first_path(&f),
                 "tables.t.columns[0].generator_config.weights[1]");
    fx_release(&f);

    fx_init(&f, type_of(PG_TEXT), NULL);
    CHECK_INT_EQ(fx_compile(&f, "enum"), -1);
    CHECK_STR_EQ(first_path(&f), "tables.t.columns[0].generator_config.values");
    fx_release(&f);
}

/* Splits a one-dimensional array literal into its elements (dequoted). */
static int
parse_array(const char *text, char elements[][64], int max)
{
    const char *p = text;
    int count = 0;
    if (*p++ != '{')
        return -1;
    if (*p == '}')
        return p[1] == '\0' ? 0 : -1;
    for (;;) {
        if (count == max)
            return -1;
        char *out = elements[count++];
        size_t n = 0;
        if (*p == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == '\\')
                    p++;
                if (n < 63)
                    out[n++] = *p;
                p++;
            }
            if (*p++ != '"')
                return -1;
        } else {
            while (*p && *p != ',' && *p != '}') {
                if (strchr("\" \\{", *p))
                    return -1;
                out[n++] = *p++;
            }
        }
        out[n] = '\0';
        if (*p == ',') {
            p++;
            continue;
        }
        return *p == '}' && p[1] == '\0' ? count : -1;
    }
}

static void
test_arrays(void)
{
    struct fixture f;
    struct pg_type t = type_of(PG_INTEGER);
    t.array_dims = 1;
    fx_init(&f, t, NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    int lengths[6] = {0};
    for (uint64_t row = 0; row < ROWS; row++) {
        char elements[8][64];
        int count = parse_array(fx_text(&f, row, NULL), elements, 8);
        CHECK(count >= 0 && count <= 5);
        lengths[count]++;
        for (int i = 0; i < count; i++) {
            long v = atol(elements[i]);
            CHECK(v >= 1 && v <= 1000000);
        }
    }
    for (int i = 0; i <= 5; i++)
        CHECK(lengths[i] > 1000);
    fx_release(&f);

    /* Texts with spaces are quoted. */
    t = type_of(PG_TEXT);
    t.array_dims = 1;
    fx_init(&f, t, "{\"min_elements\": 1, \"max_elements\": 3}");
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    int quoted = 0;
    for (uint64_t row = 0; row < 2000; row++) {
        const char *text = fx_text(&f, row, NULL);
        char elements[8][64];
        int count = parse_array(text, elements, 8);
        CHECK(count >= 1 && count <= 3);
        quoted += strchr(text, '"') != NULL;
        for (int i = 0; i < count; i++)
            CHECK(strlen(elements[i]) >= 10);
    }
    CHECK(quoted > 1000);
    fx_release(&f);

    /* Two dimensions: rectangular. */
    t = type_of(PG_SMALLINT);
    t.array_dims = 2;
    fx_init(&f, t, NULL);
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < 2000; row++) {
        const char *text = fx_text(&f, row, NULL);
        CHECK(text[0] == '{' && text[1] == '{');
        int inner = -1, rows = 0;
        const char *p = text + 1;
        while (*p == '{') {
            const char *end = strchr(p, '}');
            int commas = 0;
            for (const char *q = p; q < end; q++)
                commas += *q == ',';
            if (inner < 0)
                inner = commas + 1;
            CHECK(inner == commas + 1);
            rows++;
            p = end + 1;
            if (*p == ',')
                p++;
        }
        CHECK(strcmp(p, "}") == 0 && rows >= 2 && rows <= 3);
    }
    fx_release(&f);

    /* Unique arrays: distinct first elements. */
    t = type_of(PG_UUID);
    t.array_dims = 1;
    fx_init(&f, t, NULL);
    f.spec.unique = true;
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    CHECK(all_distinct(&f, ROWS));
    fx_release(&f);

    /* Boxes use ';' between elements. */
    t = type_of(PG_BOX);
    t.array_dims = 1;
    fx_init(&f, t, "{\"min_elements\": 2, \"max_elements\": 2}");
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    const char *text = fx_text(&f, 0, NULL);
    CHECK(strchr(text, ';') != NULL);
    fx_release(&f);

    fx_init(&f, t, "{\"min_elements\": 3, \"max_elements\": 2}");
    CHECK_INT_EQ(fx_compile(&f, NULL), -1);
    CHECK_STR_EQ(first_path(&f),
                 "tables.t.columns[0].generator_config.min_elements");
    fx_release(&f);
}

static void
test_composite(void)
{
    struct column fields[3] = {
        {.name = "label", .type = type_of(PG_TEXT)},
        {.name = "qty", .type = type_of(PG_INTEGER)},
        {.name = "tags", .type = type_of(PG_TEXT)},
    };
    fields[2].type.array_dims = 1;
    struct custom_type item = {.name = "item", .kind = CUSTOM_COMPOSITE};
    item.fields = fields;
    item.field_count = 3;
    struct pg_type t = type_of(PG_COMPOSITE);
    t.custom = &item;
    struct fixture f;
    fx_init(&f, t, NULL);
    CHECK_STR_EQ(gen_default_for(&f.spec)->name, "composite");
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < 2000; row++) {
        const char *text = fx_text(&f, row, NULL);
        size_t length = strlen(text);
        CHECK(text[0] == '(' && text[length - 1] == ')');
        /* Three fields: split on commas outside quotes. */
        int fields_seen = 1, in_quotes = 0;
        for (size_t i = 1; i + 1 < length; i++) {
            if (text[i] == '"') {
                if (in_quotes && text[i + 1] == '"')
                    i++;
                else
                    in_quotes = !in_quotes;
            } else if (text[i] == '\\' && in_quotes) {
                i++;
            } else if (text[i] == ',' && !in_quotes) {
                fields_seen++;
            }
        }
        CHECK(!in_quotes && fields_seen == 3);
        /* A label with spaces is quoted (only the label can have any). */
        CHECK((text[1] == '"') == (strchr(text, ' ') != NULL));
    }
    CHECK(deterministic(&f, NULL));
    fx_release(&f);
}

static void
test_domain(void)
{
    struct custom_type domain = {.name = "percent", .kind = CUSTOM_DOMAIN};
    domain.base_type = type_of(PG_SMALLINT);
    struct pg_type t = type_of(PG_DOMAIN);
    t.custom = &domain;
    struct fixture f;
    fx_init(&f, t, NULL);
    f.bounds.has_min = true;
    f.bounds.min_inclusive = true;
    f.bounds.min = value_int(0);
    f.bounds.has_max = true;
    f.bounds.max_inclusive = true;
    f.bounds.max = value_int(100);
    f.spec.bounds = &f.bounds;
    CHECK_STR_EQ(gen_default_for(&f.spec)->name, "int");
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < ROWS; row++) {
        struct value v;
        fx_generate(&f, row, &v);
        CHECK(v.kind == VALUE_INT && v.as.i >= 0 && v.as.i <= 100);
    }
    fx_release(&f);

    struct custom_type code = {.name = "code", .kind = CUSTOM_DOMAIN};
    code.base_type = type_of(PG_VARCHAR);
    code.base_type.length = 6;
    t.custom = &code;
    fx_init(&f, t, NULL);
    f.spec.unique = true;
    CHECK_STR_EQ(gen_default_for(&f.spec)->name, "text");
    CHECK_INT_EQ(fx_compile(&f, NULL), 0);
    for (uint64_t row = 0; row < ROWS; row++)
        CHECK(strlen(fx_text(&f, row, NULL)) <= 6);
    CHECK(all_distinct(&f, ROWS));
    fx_release(&f);
}

int
main(void)
{
    RUN(test_util_formatters);
    RUN(test_util_quoting);
    RUN(test_util_parse_timestamp);
    RUN(test_registry);
    RUN(test_default_for_every_type);
    RUN(test_check_config);
    RUN(test_int_ranges);
    RUN(test_int_unique);
    RUN(test_int_bounds_and_config_errors);
    RUN(test_sequence);
    RUN(test_decimal);
    RUN(test_float);
    RUN(test_boolean);
    RUN(test_text_lengths);
    RUN(test_text_unique);
    RUN(test_dates);
    RUN(test_datetimes);
    RUN(test_uuid);
    RUN(test_network);
    RUN(test_bits);
    RUN(test_json);
    RUN(test_xml_tsvector);
    RUN(test_geometry);
    RUN(test_ranges);
    RUN(test_enum);
    RUN(test_arrays);
    RUN(test_composite);
    RUN(test_domain);
    return HARNESS_DONE();
}
