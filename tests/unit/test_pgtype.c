#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "harness.h"
#include "schema/pgtype.h"
#include "schema/schema.h"

static struct dg_error err;

/* Parses text and returns its pg_dump spelling, or "ERROR: message". */
static const char *
formatted(const char *text, const struct schema *schema)
{
    static char out[600];
    struct pg_type type;
    dg_error_init(&err);
    if (pgtype_parse(text, schema, &type, &err) < 0) {
        snprintf(out, sizeof(out), "ERROR: %s", err.message);
        return out;
    }
    struct buf b;
    buf_init(&b, 16);
    pgtype_format(&type, &b);
    snprintf(out, sizeof(out), "%s", b.data);
    buf_release(&b);
    return out;
}

static struct pg_type
parsed(const char *text, const struct schema *schema)
{
    struct pg_type type;
    dg_error_init(&err);
    memset(&type, 0xff, sizeof(type));
    if (pgtype_parse(text, schema, &type, &err) < 0)
        type.base = PG_BASE_COUNT;
    return type;
}

static void
test_aliases(void)
{
    static const char *const cases[][2] = {
        {"int", "integer"},
        {"int4", "integer"},
        {"INTEGER", "integer"},
        {"int2", "smallint"},
        {"smallint", "smallint"},
        {"int8", "bigint"},
        {"BigInt", "bigint"},
        {"serial", "integer"},
        {"serial4", "integer"},
        {"smallserial", "smallint"},
        {"serial2", "smallint"},
        {"bigserial", "bigint"},
        {"serial8", "bigint"},
        {"decimal", "numeric"},
        {"numeric", "numeric"},
        {"real", "real"},
        {"float4", "real"},
        {"float8", "double precision"},
        {"double   precision", "double precision"},
        {"float", "double precision"},
        {"money", "money"},
        {"bool", "boolean"},
        {"boolean", "boolean"},
        {"text", "text"},
        {"varchar", "character varying"},
        {"character varying", "character varying"},
        {"char", "character(1)"},
        {"character", "character(1)"},
        {"bpchar", "character(1)"},
        {"bytea", "bytea"},
        {"date", "date"},
        {"time", "time without time zone"},
        {"time without time zone", "time without time zone"},
        {"time with time zone", "time with time zone"},
        {"timetz", "time with time zone"},
        {"timestamp", "timestamp without time zone"},
        {"timestamp without time zone", "timestamp without time zone"},
        {"timestamp with time zone", "timestamp with time zone"},
        {"TIMESTAMP WITH TIME ZONE", "timestamp with time zone"},
        {"timestamptz", "timestamp with time zone"},
        {"interval", "interval"},
        {"uuid", "uuid"},
        {"json", "json"},
        {"jsonb", "jsonb"},
        {"xml", "xml"},
        {"inet", "inet"},
        {"cidr", "cidr"},
        {"macaddr", "macaddr"},
        {"macaddr8", "macaddr8"},
        {"bit", "bit(1)"},
        {"bit varying", "bit varying"},
        {"varbit", "bit varying"},
        {"point", "point"},
        {"line", "line"},
        {"lseg", "lseg"},
        {"box", "box"},
        {"path", "path"},
        {"polygon", "polygon"},
        {"circle", "circle"},
        {"int4range", "int4range"},
        {"int8range", "int8range"},
        {"numrange", "numrange"},
        {"daterange", "daterange"},
        {"tsrange", "tsrange"},
        {"tstzrange", "tstzrange"},
        {"tsvector", "tsvector"},
        {"  pg_catalog.int4 ", "integer"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = formatted(cases[i][0], NULL);
        if (strcmp(got, cases[i][1]) != 0)
            printf("  %s -> %s\n", cases[i][0], got);
        CHECK_STR_EQ(got, cases[i][1]);
    }
}

static void
test_modifiers(void)
{
    static const char *const cases[][2] = {
        {"varchar(45)", "character varying(45)"},
        {"character varying ( 45 )", "character varying(45)"},
        {"char(3)", "character(3)"},
        {"character(10)", "character(10)"},
        {"bpchar(2)", "character(2)"},
        {"numeric(10,2)", "numeric(10,2)"},
        {"decimal( 10 , 2 )", "numeric(10,2)"},
        {"numeric(7)", "numeric(7,0)"},
        {"numeric(1000,1000)", "numeric(1000,1000)"},
        {"float(24)", "real"},
        {"float(25)", "double precision"},
        {"float(1)", "real"},
        {"float(53)", "double precision"},
        {"time(3)", "time(3) without time zone"},
        {"time(0) with time zone", "time(0) with time zone"},
        {"timetz(2)", "time(2) with time zone"},
        {"timestamp(6)", "timestamp(6) without time zone"},
        {"timestamp(3) with time zone", "timestamp(3) with time zone"},
        {"timestamp(3) without time zone", "timestamp(3) without time zone"},
        {"timestamptz(3)", "timestamp(3) with time zone"},
        {"interval(4)", "interval(4)"},
        {"bit(8)", "bit(8)"},
        {"bit varying(5)", "bit varying(5)"},
        {"varbit(12)", "bit varying(12)"},
        {"varchar(10485760)", "character varying(10485760)"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = formatted(cases[i][0], NULL);
        if (strcmp(got, cases[i][1]) != 0)
            printf("  %s -> %s\n", cases[i][0], got);
        CHECK_STR_EQ(got, cases[i][1]);
    }
    struct pg_type t = parsed("numeric(10,2)", NULL);
    CHECK_INT_EQ(t.base, PG_NUMERIC);
    CHECK_INT_EQ(t.precision, 10);
    CHECK_INT_EQ(t.scale, 2);
    CHECK_INT_EQ(t.length, -1);
    t = parsed("varchar(45)", NULL);
    CHECK_INT_EQ(t.length, 45);
    CHECK_INT_EQ(t.precision, -1);
    t = parsed("varchar", NULL);
    CHECK_INT_EQ(t.length, -1);
    t = parsed("char", NULL);
    CHECK_INT_EQ(t.length, 1);
    t = parsed("bit", NULL);
    CHECK_INT_EQ(t.length, 1);
    t = parsed("timestamp", NULL);
    CHECK_INT_EQ(t.precision, -1);
    t = parsed("numeric", NULL);
    CHECK_INT_EQ(t.precision, -1);
    CHECK_INT_EQ(t.scale, 0);
}

static void
test_serial_flag(void)
{
    struct pg_type t = parsed("bigserial", NULL);
    CHECK_INT_EQ(t.base, PG_BIGINT);
    CHECK(t.serial);
    t = parsed("serial", NULL);
    CHECK_INT_EQ(t.base, PG_INTEGER);
    CHECK(t.serial);
    t = parsed("integer", NULL);
    CHECK(!t.serial);
    CHECK(t.custom == NULL);
}

static void
test_arrays(void)
{
    static const char *const cases[][2] = {
        {"text[]", "text[]"},
        {"int[3]", "integer[]"},
        {"integer[][]", "integer[][]"},
        {"int [ ] [ 4 ]", "integer[][]"},
        {"integer ARRAY", "integer[]"},
        {"integer array[5]", "integer[]"},
        {"varchar(20)[]", "character varying(20)[]"},
        {"timestamp(3) with time zone[]", "timestamp(3) with time zone[]"},
        {"double precision[]", "double precision[]"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = formatted(cases[i][0], NULL);
        if (strcmp(got, cases[i][1]) != 0)
            printf("  %s -> %s\n", cases[i][0], got);
        CHECK_STR_EQ(got, cases[i][1]);
    }
    struct pg_type t = parsed("int[][]", NULL);
    CHECK_INT_EQ(t.array_dims, 2);
    struct pg_type e = pgtype_element(&t, false);
    CHECK_INT_EQ(e.array_dims, 0);
    CHECK_INT_EQ(e.base, PG_INTEGER);
}

/* A schema with custom types only, enough for the parser. */
static struct custom_type custom_types[4];
static struct schema custom_schema;

static void
setup_custom(void)
{
    memset(custom_types, 0, sizeof(custom_types));
    custom_types[0].name = "mood";
    custom_types[0].kind = CUSTOM_ENUM;
    custom_types[1].name = "Address";
    custom_types[1].kind = CUSTOM_COMPOSITE;
    custom_types[2].name = "positive";
    custom_types[2].kind = CUSTOM_DOMAIN;
    custom_types[2].base_type.base = PG_SMALLINT;
    custom_types[2].base_type.length = -1;
    custom_types[2].base_type.precision = -1;
    custom_types[3].name = "order";
    custom_types[3].kind = CUSTOM_ENUM;
    memset(&custom_schema, 0, sizeof(custom_schema));
    custom_schema.custom_types = custom_types;
    custom_schema.custom_type_count = 4;
}

static void
test_custom_types(void)
{
    setup_custom();
    struct pg_type t = parsed("mood", &custom_schema);
    CHECK_INT_EQ(t.base, PG_ENUM);
    CHECK(t.custom == &custom_types[0]);
    CHECK_STR_EQ(formatted("mood", &custom_schema), "public.mood");
    CHECK_STR_EQ(formatted("public.mood", &custom_schema), "public.mood");
    CHECK_STR_EQ(formatted("PUBLIC.mood[]", &custom_schema), "public.mood[]");
    CHECK_STR_EQ(formatted("\"Address\"", &custom_schema),
                 "public.\"Address\"");
    CHECK_STR_EQ(formatted("public.\"Address\"", &custom_schema),
                 "public.\"Address\"");
    CHECK_STR_EQ(formatted("Address", &custom_schema), "public.\"Address\"");
    t = parsed("Address", &custom_schema);
    CHECK_INT_EQ(t.base, PG_COMPOSITE);
    t = parsed("positive[]", &custom_schema);
    CHECK_INT_EQ(t.base, PG_DOMAIN);
    CHECK_INT_EQ(t.array_dims, 1);
    CHECK_STR_EQ(formatted("order", &custom_schema), "public.\"order\"");
    /* quoted names are exact */
    CHECK_STR_EQ(formatted("\"address\"", &custom_schema),
                 "ERROR: unknown type \"address\"");
    CHECK_STR_EQ(formatted("\"MOOD\"", &custom_schema),
                 "ERROR: unknown type \"MOOD\"");
    CHECK_STR_EQ(err.hint, "did you mean \"mood\"?");
    /* public. is only for the schema's own types */
    CHECK_STR_EQ(formatted("public.integer", &custom_schema),
                 "ERROR: unknown type \"integer\"");
    CHECK_STR_EQ(formatted("other.mood", &custom_schema),
                 "ERROR: unknown schema \"other\" in type \"other.mood\"");
    CHECK_STR_EQ(formatted("mood(3)", &custom_schema),
                 "ERROR: type modifier is not allowed for type \"mood\"");
    /* without a schema the name is unknown */
    CHECK_STR_EQ(formatted("mood", NULL), "ERROR: unknown type \"mood\"");
}

static void
test_unknown_with_hint(void)
{
    setup_custom();
    CHECK_STR_EQ(formatted("intger", NULL), "ERROR: unknown type \"intger\"");
    CHECK_STR_EQ(err.hint, "did you mean \"integer\"?");
    CHECK_INT_EQ(err.status, DG_INVALID);
    CHECK_STR_EQ(formatted("varchr(45)", NULL),
                 "ERROR: unknown type \"varchr\"");
    CHECK_STR_EQ(err.hint, "did you mean \"varchar\"?");
    CHECK_STR_EQ(formatted("timestmp with time zone", NULL),
                 "ERROR: unknown type \"timestmp\"");
    CHECK_STR_EQ(err.hint, "did you mean \"timestamp\"?");
    CHECK_STR_EQ(formatted("moood", &custom_schema),
                 "ERROR: unknown type \"moood\"");
    CHECK_STR_EQ(err.hint, "did you mean \"mood\"?");
    CHECK_STR_EQ(formatted("zzzzzzzzzz", NULL),
                 "ERROR: unknown type \"zzzzzzzzzz\"");
    CHECK_STR_EQ(err.hint, "");
}

static void
test_rejections(void)
{
    static const char *const cases[][2] = {
        {"varchar(0)",
         "length for type \"character varying\" must be at least 1, not 0"},
        {"char(0)", "length for type \"character\" must be at least 1, not 0"},
        {"bit(0)", "length for type \"bit\" must be at least 1, not 0"},
        {"varchar(10485761)", "length for type \"character varying\" cannot "
                              "exceed 10485760, not 10485761"},
        {"varchar(1,2)",
         "type \"character varying\" takes one modifier, not 2"},
        {"numeric(0)", "numeric precision 0 must be between 1 and 1000"},
        {"numeric(1001)", "numeric precision 1001 must be between 1 and 1000"},
        {"numeric(5,6)",
         "numeric scale 6 must be between 0 and the precision 5"},
        {"numeric(5,-1)",
         "numeric scale -1 must be between 0 and the precision 5"},
        {"numeric(1,2,3)",
         "type \"numeric\" takes at most two modifiers, not 3"},
        {"time(7)", "precision 7 for type \"time without time zone\" must be "
                    "between 0 and 6"},
        {"timestamp(-1)", "precision -1 for type \"timestamp without time "
                          "zone\" must be between 0 and 6"},
        {"interval(9)", "precision 9 for type \"interval\" must be between 0 "
                        "and 6"},
        {"float(0)",
         "precision 0 for type \"float\" must be between 1 and 53 bits"},
        {"float(54)",
         "precision 54 for type \"float\" must be between 1 and 53 bits"},
        {"text(5)", "type modifier is not allowed for type \"text\""},
        {"integer(4)", "type modifier is not allowed for type \"integer\""},
        {"serial[]", "array of serial is not implemented"},
        {"bigserial array", "array of serial is not implemented"},
        {"varchar(x)", "type modifiers must be integer constants in "
                       "\"varchar(x)\""},
        {"numeric(10.5)", "type modifiers must be integer constants in "
                          "\"numeric(10.5)\""},
        {"varchar(", "invalid type \"varchar(\""},
        {"varchar(10", "invalid type \"varchar(10\""},
        {"int[", "invalid type \"int[\""},
        {"int]", "invalid type \"int]\""},
        {"", "type is empty"},
        {"   ", "type is empty"},
        {"int;drop", "invalid character \";\" in type \"int;drop\""},
        {"text with time zone", "type \"text\" cannot be with time zone"},
        {"timestamptz with time zone",
         "type \"timestamptz\" cannot be with time zone"},
        {"timestamp with time zone(3)",
         "the precision must come before \"with time zone\" in \"timestamp "
         "with time zone(3)\""},
        {"timestamp(3) with zone", "invalid type \"timestamp(3) with zone\""},
        {"int[][][][][][][]", "type \"int[][][][][][][]\" has 7 array "
                              "dimensions, more than 6"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char expected[300];
        snprintf(expected, sizeof(expected), "ERROR: %s", cases[i][1]);
        const char *got = formatted(cases[i][0], NULL);
        if (strcmp(got, expected) != 0)
            printf("  %s -> %s\n", cases[i][0], got);
        CHECK_STR_EQ(got, expected);
        CHECK_INT_EQ(err.status, DG_INVALID);
    }
    formatted("text(5)", NULL);
    CHECK_STR_EQ(err.hint, "write \"text\" without \"(...)\"");
    formatted("serial[]", NULL);
    CHECK_STR_EQ(err.hint, "use \"integer[]\" instead");
}

/* Every formatted type parses back to the same type. */
static void
test_format_round_trip(void)
{
    setup_custom();
    static const char *const inputs[] = {
        "int2",     "int",          "int8",        "numeric(12,3)",
        "numeric",  "float4",       "float8",      "money",
        "bool",     "text",         "varchar(7)",  "varchar",
        "char(4)",  "bytea",        "date",        "time(2)",
        "timetz",   "timestamp(1)", "timestamptz", "interval(3)",
        "uuid",     "json",         "jsonb",       "xml",
        "inet",     "cidr",         "macaddr",     "macaddr8",
        "bit(3)",   "varbit(9)",    "varbit",      "point",
        "line",     "lseg",         "box",         "path",
        "polygon",  "circle",       "int4range",   "int8range",
        "numrange", "daterange",    "tsrange",     "tstzrange",
        "tsvector", "mood[]",       "\"Address\"", "positive[][]",
        "order",
    };
    for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        struct pg_type first = parsed(inputs[i], &custom_schema);
        CHECK(first.base != PG_BASE_COUNT);
        struct buf b;
        buf_init(&b, 16);
        pgtype_format(&first, &b);
        struct pg_type second = parsed(b.data, &custom_schema);
        if (second.base != first.base || second.length != first.length ||
            second.precision != first.precision ||
            second.scale != first.scale ||
            second.array_dims != first.array_dims ||
            second.custom != first.custom)
            printf("  %s -> %s does not round-trip\n", inputs[i], b.data);
        CHECK_INT_EQ(second.base, first.base);
        CHECK_INT_EQ(second.length, first.length);
        CHECK_INT_EQ(second.precision, first.precision);
        CHECK_INT_EQ(second.scale, first.scale);
        CHECK_INT_EQ(second.array_dims, first.array_dims);
        CHECK(second.custom == first.custom);
        buf_release(&b);
    }
}

static void
test_base_names(void)
{
    CHECK_STR_EQ(pgtype_base_name(PG_INTEGER), "integer");
    CHECK_STR_EQ(pgtype_base_name(PG_TIMESTAMPTZ), "timestamp with time zone");
    CHECK_STR_EQ(pgtype_base_name(PG_VARBIT), "bit varying");
    CHECK_STR_EQ(pgtype_base_name(PG_BASE_COUNT), "unknown");
}

static void
test_predicates(void)
{
    setup_custom();
    struct pg_type t;
    t = parsed("smallint", NULL);
    CHECK(pgtype_is_integer(&t) && pgtype_is_numeric(&t));
    t = parsed("bigserial", NULL);
    CHECK(pgtype_is_integer(&t));
    t = parsed("int[]", NULL);
    CHECK(!pgtype_is_integer(&t) && !pgtype_is_numeric(&t));
    t = parsed("numeric(4,1)", NULL);
    CHECK(!pgtype_is_integer(&t) && pgtype_is_numeric(&t));
    t = parsed("money", NULL);
    CHECK(pgtype_is_numeric(&t));
    t = parsed("float", NULL);
    CHECK(pgtype_is_numeric(&t) && !pgtype_is_text(&t));
    t = parsed("char(2)", NULL);
    CHECK(pgtype_is_text(&t));
    t = parsed("varchar", NULL);
    CHECK(pgtype_is_text(&t));
    t = parsed("text", NULL);
    CHECK(pgtype_is_text(&t) && !pgtype_is_temporal(&t));
    t = parsed("uuid", NULL);
    CHECK(!pgtype_is_text(&t));
    t = parsed("date", NULL);
    CHECK(pgtype_is_temporal(&t));
    t = parsed("timestamptz", NULL);
    CHECK(pgtype_is_temporal(&t));
    t = parsed("time", NULL);
    CHECK(pgtype_is_temporal(&t));
    t = parsed("interval", NULL);
    CHECK(pgtype_is_temporal(&t));
    t = parsed("daterange", NULL);
    CHECK(!pgtype_is_temporal(&t));
    /* a domain stands for its base type */
    t = parsed("positive", &custom_schema);
    CHECK(pgtype_is_integer(&t));
    struct pg_type base = pgtype_element(&t, true);
    CHECK_INT_EQ(base.base, PG_SMALLINT);
    base = pgtype_element(&t, false);
    CHECK_INT_EQ(base.base, PG_DOMAIN);
    t = parsed("positive[]", &custom_schema);
    CHECK(!pgtype_is_integer(&t));
}

static void
test_integer_bounds(void)
{
    setup_custom();
    int64_t min, max;
    struct pg_type t = parsed("int2", NULL);
    pgtype_integer_bounds(&t, &min, &max);
    CHECK_INT_EQ(min, -32768);
    CHECK_INT_EQ(max, 32767);
    t = parsed("serial", NULL);
    pgtype_integer_bounds(&t, &min, &max);
    CHECK_INT_EQ(min, INT32_MIN);
    CHECK_INT_EQ(max, INT32_MAX);
    t = parsed("int8", NULL);
    pgtype_integer_bounds(&t, &min, &max);
    CHECK(min == INT64_MIN && max == INT64_MAX);
    t = parsed("positive", &custom_schema);
    pgtype_integer_bounds(&t, &min, &max);
    CHECK_INT_EQ(max, 32767);
}

static void
test_fk_compatibility(void)
{
    setup_custom();
    static const struct {
        const char *child, *parent;
        bool ok;
    } cases[] = {
        {"integer", "serial", true},
        {"bigint", "integer", true},
        {"smallint", "bigserial", true},
        {"integer", "numeric(10,0)", true},
        {"numeric", "integer", false},
        {"varchar(10)", "text", true},
        {"text", "char(3)", true},
        {"uuid", "uuid", true},
        {"uuid", "text", false},
        {"integer", "text", false},
        {"date", "timestamp", false},
        {"mood", "mood", true},
        {"mood", "order", false},
        {"positive", "integer", true},
        {"int[]", "int[]", true},
        {"int[]", "int", false},
        {"real", "double precision", true},
        {"timestamptz", "timestamp with time zone", true},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct pg_type child = parsed(cases[i].child, &custom_schema);
        struct pg_type parent = parsed(cases[i].parent, &custom_schema);
        CHECK(child.base != PG_BASE_COUNT && parent.base != PG_BASE_COUNT);
        bool got = pgtype_fk_compatible(&child, &parent);
        if (got != cases[i].ok)
            printf("  %s -> %s: %d\n", cases[i].child, cases[i].parent, got);
        CHECK(got == cases[i].ok);
    }
}

int
main(void)
{
    RUN(test_aliases);
    RUN(test_modifiers);
    RUN(test_serial_flag);
    RUN(test_arrays);
    RUN(test_custom_types);
    RUN(test_unknown_with_hint);
    RUN(test_rejections);
    RUN(test_format_round_trip);
    RUN(test_base_names);
    RUN(test_predicates);
    RUN(test_integer_bounds);
    RUN(test_fk_compatibility);
    return HARNESS_DONE();
}
