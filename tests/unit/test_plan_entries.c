#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "harness.h"
#include "io/sink.h"
#include "plan/plan.h"
#include "schema/schema.h"
#include "writer/writer.h"

/* A schema built by hand, mirroring a database that real pg_dump 15 dumped:
 * the expected texts below are that dump's, with the ownership lines left
 * out (datagen dumps have no owner). */

/* Name lists outlive the function that builds them: they live in a
 * static pool, refilled by every build_schema(). */
static const char *name_pool[128];
static size_t name_pool_used;

static struct name_list
name_list_of(size_t count, const char *const *names)
{
    struct name_list list = {.names = &name_pool[name_pool_used],
                             .count = count};
    for (size_t i = 0; i < count; i++)
        name_pool[name_pool_used++] = names[i];
    return list;
}

#define LIST(...)                                                              \
    name_list_of(sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *), \
                 (const char *[]){__VA_ARGS__})

struct fixture {
    struct schema schema;
    struct plan plan;
    struct plan_table tables[5];
    struct plan_column columns[5][8];
    struct plan_sequence sequences[5];
};

static struct pg_type
type_of(enum pg_base base)
{
    struct pg_type t;
    memset(&t, 0, sizeof(t));
    t.base = base;
    t.length = -1;
    t.precision = -1;
    return t;
}

static struct pg_type
custom_type_of(const struct custom_type *custom)
{
    struct pg_type t = type_of(custom->kind == CUSTOM_ENUM        ? PG_ENUM
                               : custom->kind == CUSTOM_COMPOSITE ? PG_COMPOSITE
                                                                  : PG_DOMAIN);
    t.custom = custom;
    return t;
}

static struct pg_type
serial_of(enum pg_base base)
{
    struct pg_type t = type_of(base);
    t.serial = true;
    return t;
}

static struct column
col(const char *name, struct pg_type type, bool nullable)
{
    struct column c;
    memset(&c, 0, sizeof(c));
    c.name = name;
    c.type = type;
    c.nullable = nullable;
    return c;
}

static struct custom_type custom_types[4];
static struct column address_fields[3];
static struct sequence sequences[2];
static struct column customers_columns[8], order_columns[4], mixed_columns[3],
    t_columns[2], t_a_columns[1];
static struct check_constraint customers_checks[2], mixed_checks[1],
    t_checks[4];
static struct unique_constraint customers_unique[1], mixed_unique[1];
static struct foreign_key customers_fks[1], order_fks[1], t_fks[1];
static struct index_def mixed_indexes[3], order_indexes[1];
static struct table tables[5];

static void
build_schema(struct schema *s)
{
    memset(s, 0, sizeof(*s));
    name_pool_used = 0;
    s->database.encoding = "utf-8";
    s->extensions = LIST("pgcrypto");

    custom_types[0] =
        (struct custom_type){.name = "mood",
                             .kind = CUSTOM_ENUM,
                             .labels = LIST("sad", "o'k", "happy")};
    custom_types[1] = (struct custom_type){.name = "posint",
                                           .kind = CUSTOM_DOMAIN,
                                           .base_type_text = "integer",
                                           .constraint = "VALUE > 0",
                                           .domain_not_null = true};
    custom_types[1].base_type = type_of(PG_INTEGER);
    custom_types[2] =
        (struct custom_type){.name = "email",
                             .kind = CUSTOM_DOMAIN,
                             .constraint = "  CHECK (VALUE ~~ '%@%'::text) "};
    custom_types[2].base_type = type_of(PG_TEXT);
    struct pg_type varchar80 = type_of(PG_VARCHAR);
    varchar80.length = 80;
    address_fields[0] = col("street", type_of(PG_TEXT), true);
    address_fields[1] = col("city", varchar80, true);
    address_fields[2] = col("m", custom_type_of(&custom_types[0]), true);
    custom_types[3] = (struct custom_type){.name = "address",
                                           .kind = CUSTOM_COMPOSITE,
                                           .fields = address_fields,
                                           .field_count = 3};
    s->custom_types = custom_types;
    s->custom_type_count = 4;

    sequences[0] = (struct sequence){
        .name = "invoice_seq", .start = 100, .increment = 5, .cache = 1};
    sequences[1] = (struct sequence){.name = "down_seq",
                                     .start = -1,
                                     .increment = -1,
                                     .has_min_value = true,
                                     .min_value = -1000,
                                     .has_max_value = true,
                                     .max_value = -1,
                                     .cache = 1};
    s->sequences = sequences;
    s->sequence_count = 2;

    struct pg_type numeric = type_of(PG_NUMERIC);
    numeric.precision = 10;
    numeric.scale = 2;
    customers_columns[0] = col("id", serial_of(PG_INTEGER), false);
    customers_columns[1] = col("email", type_of(PG_TEXT), true);
    customers_columns[1].comment = "Login";
    customers_columns[2] = col("name", type_of(PG_TEXT), false);
    customers_columns[3] = col("balance", numeric, true);
    customers_columns[3].default_sql = "0.00";
    customers_columns[4] = col("home", custom_type_of(&custom_types[3]), true);
    customers_columns[5] = col("referrer_id", type_of(PG_INTEGER), true);
    customers_columns[6] = col("m", custom_type_of(&custom_types[0]), true);
    customers_columns[6].default_sql = "'sad'::public.mood";
    customers_columns[7] = col("inv", type_of(PG_INTEGER), true);
    customers_columns[7].default_sql =
        "nextval('public.invoice_seq'::regclass)";
    customers_checks[0].expression = "balance >= (0)::numeric";
    customers_checks[1].expression =
        "(name <> ''::text) AND (balance < (1000)::numeric)";
    customers_unique[0].columns = LIST("email");
    customers_fks[0] = (struct foreign_key){.columns = LIST("referrer_id"),
                                            .referenced_table = "customers"};
    tables[0] = (struct table){.name = "customers",
                               .columns = customers_columns,
                               .column_count = 8,
                               .primary_key = LIST("id"),
                               .foreign_keys = customers_fks,
                               .foreign_key_count = 1,
                               .unique_constraints = customers_unique,
                               .unique_constraint_count = 1,
                               .check_constraints = customers_checks,
                               .check_constraint_count = 2,
                               .row_count = 2,
                               .comment = "People who buy; it's fine"};

    order_columns[0] = col("id", serial_of(PG_BIGINT), false);
    order_columns[1] = col("customer_id", type_of(PG_INTEGER), false);
    order_columns[2] = col("Note", type_of(PG_TEXT), true);
    order_columns[2].comment = "x";
    order_columns[3] = col("small", serial_of(PG_SMALLINT), false);
    order_fks[0] = (struct foreign_key){.columns = LIST("customer_id"),
                                        .referenced_table = "customers",
                                        .referenced_columns = LIST("id"),
                                        .on_delete = "CASCADE",
                                        .on_update = "SET NULL"};
    order_indexes[0] =
        (struct index_def){.columns = LIST("customer_id"), .method = "hash"};
    tables[1] = (struct table){.name = "order",
                               .columns = order_columns,
                               .column_count = 4,
                               .primary_key = LIST("id"),
                               .foreign_keys = order_fks,
                               .foreign_key_count = 1,
                               .indexes = order_indexes,
                               .index_count = 1};

    mixed_columns[0] = col("ID", type_of(PG_INTEGER), true);
    mixed_columns[1] = col("a", type_of(PG_INTEGER), true);
    mixed_columns[2] = col("b", type_of(PG_INTEGER), true);
    mixed_unique[0].columns = LIST("a", "b");
    mixed_checks[0] =
        (struct check_constraint){.expression = "a > 0", .name = "named_check"};
    mixed_indexes[0] = (struct index_def){.columns = LIST("a")};
    mixed_indexes[1] = (struct index_def){.columns = LIST("a")};
    mixed_indexes[2] =
        (struct index_def){.columns = LIST("ID"), .unique = true};
    tables[2] = (struct table){.name = "Mixed",
                               .columns = mixed_columns,
                               .column_count = 3,
                               .unique_constraints = mixed_unique,
                               .unique_constraint_count = 1,
                               .check_constraints = mixed_checks,
                               .check_constraint_count = 1,
                               .indexes = mixed_indexes,
                               .index_count = 3};

    t_columns[0] = col("a", type_of(PG_INTEGER), true);
    t_columns[1] = col("b", type_of(PG_INTEGER), true);
    t_checks[0].expression = "a > 0";
    t_checks[1].expression = "b > 0";
    t_checks[2].expression = "CHECK (b > 1)";
    t_checks[3].expression = "a > b";
    t_fks[0] = (struct foreign_key){.columns = LIST("a", "b"),
                                    .referenced_table = "Mixed",
                                    .referenced_columns = LIST("b", "a"),
                                    .name = "t_fk"};
    tables[3] = (struct table){.name = "t",
                               .columns = t_columns,
                               .column_count = 2,
                               .check_constraints = t_checks,
                               .check_constraint_count = 4,
                               .foreign_keys = t_fks,
                               .foreign_key_count = 1};
    t_a_columns[0] = col("x", type_of(PG_INTEGER), true);
    tables[4] = (struct table){
        .name = "t_a", .columns = t_a_columns, .column_count = 1};
    s->tables = tables;
    s->table_count = 5;
}

static void
add_plan_table(struct fixture *f, size_t position, const struct table *t)
{
    struct plan_table *pt = &f->tables[position];
    memset(pt, 0, sizeof(*pt));
    pt->table = t;
    pt->order = position;
    pt->columns = f->columns[position];
    pt->column_count = t->column_count;
    pt->plan = &f->plan;
    for (size_t c = 0; c < t->column_count; c++) {
        pt->columns[c].column = &t->columns[c];
        pt->columns[c].index = c;
    }
}

static struct plan_sequence
serial_sequence(const char *name, const char *as_type,
                const struct plan_table *owner, size_t column, int64_t last)
{
    struct plan_sequence ps;
    memset(&ps, 0, sizeof(ps));
    ps.name = name;
    ps.as_type = as_type;
    ps.start = 1;
    ps.increment = 1;
    ps.owner_table = owner;
    ps.owner_column = column;
    ps.last_value = last;
    ps.is_called = last > 0;
    return ps;
}

/* Generation order differs from the dump's name order on purpose. */
static void
build_fixture(struct fixture *f)
{
    memset(f, 0, sizeof(*f));
    build_schema(&f->schema);
    f->plan.schema = &f->schema;
    arena_init(&f->plan.arena, 4096);
    add_plan_table(f, 0, &tables[0]); /* customers */
    add_plan_table(f, 1, &tables[2]); /* Mixed */
    add_plan_table(f, 2, &tables[1]); /* order */
    add_plan_table(f, 3, &tables[3]); /* t */
    add_plan_table(f, 4, &tables[4]); /* t_a */
    f->tables[0].columns[7].sequence = &sequences[0];
    f->plan.tables = f->tables;
    f->plan.table_count = 5;

    f->sequences[0] = (struct plan_sequence){.name = "invoice_seq",
                                             .declared = &sequences[0],
                                             .start = 100,
                                             .increment = 5,
                                             .last_value = 105,
                                             .is_called = true};
    f->sequences[1] = (struct plan_sequence){.name = "down_seq",
                                             .declared = &sequences[1],
                                             .start = -1,
                                             .increment = -1,
                                             .last_value = -1};
    f->sequences[2] =
        serial_sequence("customers_id_seq", "integer", &f->tables[0], 0, 2);
    f->sequences[3] =
        serial_sequence("order_id_seq", NULL, &f->tables[2], 0, 0);
    f->sequences[4] =
        serial_sequence("order_small_seq", "smallint", &f->tables[2], 3, 0);
    f->plan.sequences = f->sequences;
    f->plan.sequence_count = 5;
    plan_entries_build(&f->plan);
}

static void
release_fixture(struct fixture *f)
{
    arena_release(&f->plan.arena);
}

static const struct dump_entry *
find(const struct plan *plan, const char *desc, const char *tag)
{
    for (size_t i = 0; i < plan->entry_count; i++)
        if (strcmp(plan->entries[i].desc, desc) == 0 &&
            strcmp(plan->entries[i].tag, tag) == 0)
            return &plan->entries[i];
    return NULL;
}

static int
id_of(const struct plan *plan, const char *desc, const char *tag)
{
    const struct dump_entry *e = find(plan, desc, tag);
    return e ? e->dump_id : -1;
}

static void
test_entry_order(void)
{
    struct fixture f;
    build_fixture(&f);
    /* pg_dump 15's TOC order for the same database (pg_restore -l), less
     * the extension's comment */
    static const char *const expected[][2] = {
        {"ENCODING", "ENCODING"},
        {"STDSTRINGS", "STDSTRINGS"},
        {"SEARCHPATH", "SEARCHPATH"},
        {"DATABASE", "datagen"},
        {"EXTENSION", "pgcrypto"},
        {"TYPE", "mood"},
        {"TYPE", "address"},
        {"DOMAIN", "email"},
        {"DOMAIN", "posint"},
        {"TABLE", "Mixed"},
        {"SEQUENCE", "invoice_seq"},
        {"TABLE", "customers"},
        {"COMMENT", "TABLE customers"},
        {"COMMENT", "COLUMN customers.email"},
        {"SEQUENCE", "customers_id_seq"},
        {"SEQUENCE OWNED BY", "customers_id_seq"},
        {"SEQUENCE", "down_seq"},
        {"TABLE", "order"},
        {"COMMENT", "COLUMN \"order\".\"Note\""},
        {"SEQUENCE", "order_id_seq"},
        {"SEQUENCE OWNED BY", "order_id_seq"},
        {"SEQUENCE", "order_small_seq"},
        {"SEQUENCE OWNED BY", "order_small_seq"},
        {"TABLE", "t"},
        {"TABLE", "t_a"},
        {"DEFAULT", "customers id"},
        {"DEFAULT", "order id"},
        {"DEFAULT", "order small"},
        {"TABLE DATA", "Mixed"},
        {"TABLE DATA", "customers"},
        {"TABLE DATA", "order"},
        {"TABLE DATA", "t"},
        {"TABLE DATA", "t_a"},
        {"SEQUENCE SET", "customers_id_seq"},
        {"SEQUENCE SET", "down_seq"},
        {"SEQUENCE SET", "invoice_seq"},
        {"SEQUENCE SET", "order_id_seq"},
        {"SEQUENCE SET", "order_small_seq"},
        {"CONSTRAINT", "Mixed Mixed_a_b_key"},
        {"CONSTRAINT", "customers customers_email_key"},
        {"CONSTRAINT", "customers customers_pkey"},
        {"CONSTRAINT", "order order_pkey"},
        {"INDEX", "Mixed_ID_idx"},
        {"INDEX", "Mixed_a_idx"},
        {"INDEX", "Mixed_a_idx1"},
        {"INDEX", "order_customer_id_idx"},
        {"FK CONSTRAINT", "customers customers_referrer_id_fkey"},
        {"FK CONSTRAINT", "order order_customer_id_fkey"},
        {"FK CONSTRAINT", "t t_fk"},
    };
    size_t count = sizeof(expected) / sizeof(expected[0]);
    CHECK_INT_EQ(f.plan.entry_count, count);
    for (size_t i = 0; i < count; i++) {
        const struct dump_entry *e = &f.plan.entries[i];
        CHECK_INT_EQ(e->dump_id, i + 1);
        CHECK_STR_EQ(e->desc, expected[i][0]);
        CHECK_STR_EQ(e->tag, expected[i][1]);
    }
    release_fixture(&f);
}

static void
test_fields(void)
{
    struct fixture f;
    build_fixture(&f);
    const struct plan *p = &f.plan;
    const struct dump_entry *e = find(p, "ENCODING", "ENCODING");
    CHECK_STR_EQ(e->create_sql, "SET client_encoding = 'UTF8';\n");
    CHECK(e->namespace == NULL && e->owner == NULL && e->drop_sql == NULL);
    CHECK_INT_EQ(e->section, SECTION_PRE_DATA);
    e = find(p, "STDSTRINGS", "STDSTRINGS");
    CHECK_STR_EQ(e->create_sql, "SET standard_conforming_strings = 'on';\n");
    e = find(p, "SEARCHPATH", "SEARCHPATH");
    CHECK_STR_EQ(e->create_sql,
                 "SELECT pg_catalog.set_config('search_path', 'public', false);\n");

    e = find(p, "EXTENSION", "pgcrypto");
    CHECK_STR_EQ(e->create_sql,
                 "CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA "
                 "public;\n");
    CHECK_STR_EQ(e->drop_sql, "DROP EXTENSION pgcrypto;\n");
    CHECK(e->namespace == NULL && e->owner == NULL);

    e = find(p, "TABLE", "customers");
    CHECK_STR_EQ(e->namespace, "public");
    CHECK_STR_EQ(e->owner, "");
    CHECK_INT_EQ(e->section, SECTION_PRE_DATA);
    CHECK_STR_EQ(e->drop_sql, "DROP TABLE public.customers;\n");
    e = find(p, "TABLE", "order");
    CHECK_STR_EQ(e->drop_sql, "DROP TABLE public.\"order\";\n");
    e = find(p, "COMMENT", "TABLE customers");
    CHECK_INT_EQ(e->section, SECTION_NONE);
    CHECK(e->drop_sql == NULL);
    CHECK_STR_EQ(e->namespace, "public");

    e = find(p, "TABLE DATA", "customers");
    CHECK_INT_EQ(e->section, SECTION_DATA);
    CHECK_STR_EQ(e->create_sql, "");
    CHECK(e->drop_sql == NULL);
    CHECK_STR_EQ(e->copy_stmt,
                 "COPY public.customers (id, email, name, balance, home, "
                 "referrer_id, m, inv) FROM stdin;\n");
    CHECK_STR_EQ(e->insert_prefix,
                 "INSERT INTO public.customers (id, email, name, balance, "
                 "home, referrer_id, m, inv) VALUES");
    CHECK(e->table == &f.tables[0]);
    e = find(p, "TABLE DATA", "order");
    CHECK_STR_EQ(e->copy_stmt, "COPY public.\"order\" (id, customer_id, "
                               "\"Note\", small) FROM stdin;\n");
    CHECK(e->table == &f.tables[2]);
    e = find(p, "TABLE DATA", "Mixed");
    CHECK_STR_EQ(e->copy_stmt,
                 "COPY public.\"Mixed\" (\"ID\", a, b) FROM stdin;\n");

    e = find(p, "SEQUENCE SET", "customers_id_seq");
    CHECK_STR_EQ(e->create_sql,
                 "SELECT pg_catalog.setval('public.customers_id_seq', 2, "
                 "true);\n");
    CHECK_INT_EQ(e->section, SECTION_DATA);
    e = find(p, "SEQUENCE SET", "down_seq");
    CHECK_STR_EQ(e->create_sql,
                 "SELECT pg_catalog.setval('public.down_seq', -1, false);\n");
    e = find(p, "SEQUENCE SET", "order_id_seq");
    CHECK_STR_EQ(e->create_sql,
                 "SELECT pg_catalog.setval('public.order_id_seq', 1, "
                 "false);\n");

    e = find(p, "CONSTRAINT", "Mixed Mixed_a_b_key");
    CHECK_INT_EQ(e->section, SECTION_POST_DATA);
    CHECK_STR_EQ(e->drop_sql, "ALTER TABLE ONLY public.\"Mixed\" DROP "
                              "CONSTRAINT \"Mixed_a_b_key\";\n");
    e = find(p, "INDEX", "Mixed_ID_idx");
    CHECK_STR_EQ(e->drop_sql, "DROP INDEX public.\"Mixed_ID_idx\";\n");
    e = find(p, "DEFAULT", "order small");
    CHECK_STR_EQ(e->drop_sql, "ALTER TABLE public.\"order\" ALTER COLUMN "
                              "small DROP DEFAULT;\n");
    e = find(p, "FK CONSTRAINT", "t t_fk");
    CHECK_STR_EQ(e->drop_sql,
                 "ALTER TABLE ONLY public.t DROP CONSTRAINT t_fk;\n");
    release_fixture(&f);
}

static void
test_types(void)
{
    struct fixture f;
    build_fixture(&f);
    const struct plan *p = &f.plan;
    CHECK_STR_EQ(find(p, "TYPE", "mood")->create_sql,
                 "CREATE TYPE public.mood AS ENUM (\n"
                 "    'sad',\n"
                 "    'o''k',\n"
                 "    'happy'\n"
                 ");\n");
    CHECK_STR_EQ(find(p, "TYPE", "mood")->drop_sql, "DROP TYPE public.mood;\n");
    CHECK_STR_EQ(find(p, "TYPE", "address")->create_sql,
                 "CREATE TYPE public.address AS (\n"
                 "\tstreet text,\n"
                 "\tcity character varying(80),\n"
                 "\tm public.mood\n"
                 ");\n");
    CHECK_STR_EQ(find(p, "DOMAIN", "email")->create_sql,
                 "CREATE DOMAIN public.email AS text\n"
                 "\tCONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text));\n");
    CHECK_STR_EQ(find(p, "DOMAIN", "posint")->create_sql,
                 "CREATE DOMAIN public.posint AS integer NOT NULL\n"
                 "\tCONSTRAINT posint_check CHECK ((VALUE > 0));\n");
    CHECK_STR_EQ(find(p, "DOMAIN", "posint")->drop_sql,
                 "DROP DOMAIN public.posint;\n");
    release_fixture(&f);
}

static void
test_tables(void)
{
    struct fixture f;
    build_fixture(&f);
    const struct plan *p = &f.plan;
    CHECK_STR_EQ(
        find(p, "TABLE", "customers")->create_sql,
        "CREATE TABLE public.customers (\n"
        "    id integer NOT NULL,\n"
        "    email text,\n"
        "    name text NOT NULL,\n"
        "    balance numeric(10,2) DEFAULT 0.00,\n"
        "    home public.address,\n"
        "    referrer_id integer,\n"
        "    m public.mood DEFAULT 'sad'::public.mood,\n"
        "    inv integer DEFAULT nextval('public.invoice_seq'::regclass),\n"
        "    CONSTRAINT customers_balance_check CHECK ((balance >= "
        "(0)::numeric)),\n"
        "    CONSTRAINT customers_check CHECK (((name <> ''::text) AND "
        "(balance < (1000)::numeric)))\n"
        ");\n");
    CHECK_STR_EQ(find(p, "TABLE", "order")->create_sql,
                 "CREATE TABLE public.\"order\" (\n"
                 "    id bigint NOT NULL,\n"
                 "    customer_id integer NOT NULL,\n"
                 "    \"Note\" text,\n"
                 "    small smallint NOT NULL\n"
                 ");\n");
    CHECK_STR_EQ(find(p, "TABLE", "Mixed")->create_sql,
                 "CREATE TABLE public.\"Mixed\" (\n"
                 "    \"ID\" integer,\n"
                 "    a integer,\n"
                 "    b integer,\n"
                 "    CONSTRAINT named_check CHECK ((a > 0))\n"
                 ");\n");
    /* checks named by PostgreSQL's rule, made unique, listed by name */
    CHECK_STR_EQ(find(p, "TABLE", "t")->create_sql,
                 "CREATE TABLE public.t (\n"
                 "    a integer,\n"
                 "    b integer,\n"
                 "    CONSTRAINT t_a_check CHECK ((a > 0)),\n"
                 "    CONSTRAINT t_b_check CHECK ((b > 0)),\n"
                 "    CONSTRAINT t_b_check1 CHECK ((b > 1)),\n"
                 "    CONSTRAINT t_check CHECK ((a > b))\n"
                 ");\n");
    CHECK_STR_EQ(find(p, "COMMENT", "TABLE customers")->create_sql,
                 "COMMENT ON TABLE public.customers IS 'People who buy; "
                 "it''s fine';\n");
    CHECK_STR_EQ(find(p, "COMMENT", "COLUMN customers.email")->create_sql,
                 "COMMENT ON COLUMN public.customers.email IS 'Login';\n");
    CHECK_STR_EQ(find(p, "COMMENT", "COLUMN \"order\".\"Note\"")->create_sql,
                 "COMMENT ON COLUMN public.\"order\".\"Note\" IS 'x';\n");
    release_fixture(&f);
}

static void
test_sequences(void)
{
    struct fixture f;
    build_fixture(&f);
    const struct plan *p = &f.plan;
    CHECK_STR_EQ(find(p, "SEQUENCE", "customers_id_seq")->create_sql,
                 "CREATE SEQUENCE public.customers_id_seq\n"
                 "    AS integer\n"
                 "    START WITH 1\n"
                 "    INCREMENT BY 1\n"
                 "    NO MINVALUE\n"
                 "    NO MAXVALUE\n"
                 "    CACHE 1;\n");
    CHECK_STR_EQ(find(p, "SEQUENCE", "customers_id_seq")->drop_sql,
                 "DROP SEQUENCE public.customers_id_seq;\n");
    CHECK_STR_EQ(find(p, "SEQUENCE", "order_id_seq")->create_sql,
                 "CREATE SEQUENCE public.order_id_seq\n"
                 "    START WITH 1\n"
                 "    INCREMENT BY 1\n"
                 "    NO MINVALUE\n"
                 "    NO MAXVALUE\n"
                 "    CACHE 1;\n");
    CHECK_STR_EQ(find(p, "SEQUENCE", "order_small_seq")->create_sql,
                 "CREATE SEQUENCE public.order_small_seq\n"
                 "    AS smallint\n"
                 "    START WITH 1\n"
                 "    INCREMENT BY 1\n"
                 "    NO MINVALUE\n"
                 "    NO MAXVALUE\n"
                 "    CACHE 1;\n");
    CHECK_STR_EQ(find(p, "SEQUENCE", "invoice_seq")->create_sql,
                 "CREATE SEQUENCE public.invoice_seq\n"
                 "    START WITH 100\n"
                 "    INCREMENT BY 5\n"
                 "    NO MINVALUE\n"
                 "    NO MAXVALUE\n"
                 "    CACHE 1;\n");
    /* MAXVALUE -1 is the default of a descending sequence */
    CHECK_STR_EQ(find(p, "SEQUENCE", "down_seq")->create_sql,
                 "CREATE SEQUENCE public.down_seq\n"
                 "    START WITH -1\n"
                 "    INCREMENT BY -1\n"
                 "    MINVALUE -1000\n"
                 "    NO MAXVALUE\n"
                 "    CACHE 1;\n");
    CHECK_STR_EQ(find(p, "SEQUENCE OWNED BY", "order_small_seq")->create_sql,
                 "ALTER SEQUENCE public.order_small_seq OWNED BY "
                 "public.\"order\".small;\n");
    CHECK(find(p, "SEQUENCE OWNED BY", "order_small_seq")->drop_sql == NULL);
    CHECK_STR_EQ(find(p, "DEFAULT", "customers id")->create_sql,
                 "ALTER TABLE ONLY public.customers ALTER COLUMN id SET "
                 "DEFAULT nextval('public.customers_id_seq'::regclass);\n");
    CHECK_STR_EQ(find(p, "DEFAULT", "order small")->create_sql,
                 "ALTER TABLE ONLY public.\"order\" ALTER COLUMN small SET "
                 "DEFAULT nextval('public.order_small_seq'::regclass);\n");
    CHECK(find(p, "DEFAULT", "t_a x") == NULL);
    release_fixture(&f);
}

static void
test_post_data(void)
{
    struct fixture f;
    build_fixture(&f);
    const struct plan *p = &f.plan;
    CHECK_STR_EQ(find(p, "CONSTRAINT", "customers customers_pkey")->create_sql,
                 "ALTER TABLE ONLY public.customers\n"
                 "    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);\n");
    CHECK_STR_EQ(find(p, "CONSTRAINT", "Mixed Mixed_a_b_key")->create_sql,
                 "ALTER TABLE ONLY public.\"Mixed\"\n"
                 "    ADD CONSTRAINT \"Mixed_a_b_key\" UNIQUE (a, b);\n");
    CHECK_STR_EQ(find(p, "INDEX", "Mixed_ID_idx")->create_sql,
                 "CREATE UNIQUE INDEX \"Mixed_ID_idx\" ON public.\"Mixed\" "
                 "USING btree (\"ID\");\n");
    CHECK_STR_EQ(find(p, "INDEX", "Mixed_a_idx1")->create_sql,
                 "CREATE INDEX \"Mixed_a_idx1\" ON public.\"Mixed\" USING "
                 "btree (a);\n");
    CHECK_STR_EQ(find(p, "INDEX", "order_customer_id_idx")->create_sql,
                 "CREATE INDEX order_customer_id_idx ON public.\"order\" "
                 "USING hash (customer_id);\n");
    CHECK_STR_EQ(
        find(p, "FK CONSTRAINT", "customers customers_referrer_id_fkey")
            ->create_sql,
        "ALTER TABLE ONLY public.customers\n"
        "    ADD CONSTRAINT customers_referrer_id_fkey FOREIGN KEY "
        "(referrer_id) REFERENCES public.customers(id);\n");
    CHECK_STR_EQ(
        find(p, "FK CONSTRAINT", "order order_customer_id_fkey")->create_sql,
        "ALTER TABLE ONLY public.\"order\"\n"
        "    ADD CONSTRAINT order_customer_id_fkey FOREIGN KEY (customer_id) "
        "REFERENCES public.customers(id) ON UPDATE SET NULL ON DELETE "
        "CASCADE;\n");
    CHECK_STR_EQ(find(p, "FK CONSTRAINT", "t t_fk")->create_sql,
                 "ALTER TABLE ONLY public.t\n"
                 "    ADD CONSTRAINT t_fk FOREIGN KEY (a, b) REFERENCES "
                 "public.\"Mixed\"(b, a);\n");
    release_fixture(&f);
}

static void
check_deps(const struct dump_entry *e, const int *expected, size_t count,
           int *ok)
{
    *ok = e != NULL && e->dependency_count == count;
    for (size_t i = 0; *ok && i < count; i++)
        *ok = e->dependencies[i] == expected[i];
}

static void
test_dependencies(void)
{
    struct fixture f;
    build_fixture(&f);
    const struct plan *p = &f.plan;
    int customers = id_of(p, "TABLE", "customers");
    int order = id_of(p, "TABLE", "order");
    int mixed = id_of(p, "TABLE", "Mixed");
    int t = id_of(p, "TABLE", "t");
    int mood = id_of(p, "TYPE", "mood");
    int address = id_of(p, "TYPE", "address");
    int invoice = id_of(p, "SEQUENCE", "invoice_seq");
    int customers_seq = id_of(p, "SEQUENCE", "customers_id_seq");
    int customers_pkey = id_of(p, "CONSTRAINT", "customers customers_pkey");
    int mixed_key = id_of(p, "CONSTRAINT", "Mixed Mixed_a_b_key");
    int ok;

    check_deps(find(p, "TYPE", "mood"), NULL, 0, &ok);
    CHECK(ok);
    check_deps(find(p, "TYPE", "address"), (int[]){mood}, 1, &ok);
    CHECK(ok);
    check_deps(find(p, "TABLE", "customers"), (int[]){address, mood, invoice},
               3, &ok);
    CHECK(ok);
    check_deps(find(p, "COMMENT", "COLUMN customers.email"), (int[]){customers},
               1, &ok);
    CHECK(ok);
    check_deps(find(p, "SEQUENCE", "customers_id_seq"), (int[]){customers}, 1,
               &ok);
    CHECK(ok);
    check_deps(find(p, "SEQUENCE", "invoice_seq"), NULL, 0, &ok);
    CHECK(ok);
    check_deps(find(p, "SEQUENCE OWNED BY", "customers_id_seq"),
               (int[]){customers_seq}, 1, &ok);
    CHECK(ok);
    check_deps(find(p, "DEFAULT", "customers id"),
               (int[]){customers_seq, customers}, 2, &ok);
    CHECK(ok);
    check_deps(find(p, "TABLE DATA", "order"), (int[]){order}, 1, &ok);
    CHECK(ok);
    check_deps(find(p, "SEQUENCE SET", "customers_id_seq"),
               (int[]){customers_seq}, 1, &ok);
    CHECK(ok);
    check_deps(find(p, "CONSTRAINT", "order order_pkey"), (int[]){order}, 1,
               &ok);
    CHECK(ok);
    check_deps(find(p, "INDEX", "Mixed_a_idx"), (int[]){mixed}, 1, &ok);
    CHECK(ok);
    check_deps(find(p, "FK CONSTRAINT", "order order_customer_id_fkey"),
               (int[]){order, customers, customers_pkey}, 3, &ok);
    CHECK(ok);
    check_deps(find(p, "FK CONSTRAINT", "customers customers_referrer_id_fkey"),
               (int[]){customers, customers, customers_pkey}, 3, &ok);
    CHECK(ok);
    /* referenced columns in another order still find the UNIQUE (a, b) */
    check_deps(find(p, "FK CONSTRAINT", "t t_fk"), (int[]){t, mixed, mixed_key},
               3, &ok);
    CHECK(ok);
    /* sections never go backwards */
    for (size_t i = 1; i < p->entry_count; i++) {
        enum dump_section s = p->entries[i].section;
        if (s == SECTION_NONE)
            continue;
        for (size_t j = 0; j < i; j++)
            CHECK(p->entries[j].section == SECTION_NONE ||
                  p->entries[j].section <= s);
    }
    /* every dependency points backwards */
    for (size_t i = 0; i < p->entry_count; i++)
        for (size_t d = 0; d < p->entries[i].dependency_count; d++)
            CHECK(p->entries[i].dependencies[d] > 0 &&
                  p->entries[i].dependencies[d] < p->entries[i].dump_id);
    release_fixture(&f);
}

/* PostgreSQL's default names: truncation to 63 bytes shortens the longer
 * part first, never splits a UTF-8 character, and numbers clashes. */
static void
test_default_names(void)
{
    static char long_table[80], long_column[80];
    memset(long_table, 'a', 70);
    long_table[70] = '\0';
    memset(long_column, 'c', 30);
    long_column[30] = '\0';
    static struct column cols[3];
    cols[0] = col(long_column, type_of(PG_INTEGER), false);
    /* "é" is two bytes: the cut must not fall inside it */
    cols[1] = col("xx\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
                  type_of(PG_INTEGER), false);
    cols[2] = col("y", type_of(PG_INTEGER), false);
    static struct unique_constraint uniques[2];
    uniques[0].columns = LIST(long_column);
    uniques[1].columns = LIST(long_column);
    static struct index_def indexes[1];
    indexes[0].columns = LIST(cols[1].name);
    static struct check_constraint checks[2];
    checks[0].expression = "y > 0 AND length('y') > 0 AND y::text <> 'x'";
    checks[1].expression = "\"y\" > y";
    static struct table t;
    t = (struct table){.name = long_table,
                       .columns = cols,
                       .column_count = 3,
                       .primary_key = LIST("y"),
                       .unique_constraints = uniques,
                       .unique_constraint_count = 2,
                       .indexes = indexes,
                       .index_count = 1,
                       .check_constraints = checks,
                       .check_constraint_count = 2};
    struct schema s;
    memset(&s, 0, sizeof(s));
    s.tables = &t;
    s.table_count = 1;
    struct plan plan;
    memset(&plan, 0, sizeof(plan));
    struct plan_table pt;
    struct plan_column pcs[3];
    memset(&pt, 0, sizeof(pt));
    memset(pcs, 0, sizeof(pcs));
    pt.table = &t;
    pt.columns = pcs;
    pt.column_count = 3;
    for (size_t i = 0; i < 3; i++)
        pcs[i].column = &cols[i];
    plan.schema = &s;
    plan.tables = &pt;
    plan.table_count = 1;
    arena_init(&plan.arena, 4096);
    plan_entries_build(&plan);

    /* 70 + 30 bytes in 58: the longer part shrinks first, then both in
     * turn, so 29 + 29 */
    char pkey[80], key[80], key1[80];
    snprintf(pkey, sizeof(pkey), "%.58s_pkey", long_table);
    snprintf(key, sizeof(key), "%.29s_%.29s_key", long_table, long_column);
    CHECK_INT_EQ(strlen(pkey), 63);
    CHECK_INT_EQ(strlen(key), 63);
    char tag[200];
    snprintf(tag, sizeof(tag), "%s %s", long_table, pkey);
    CHECK(find(&plan, "CONSTRAINT", tag) != NULL);
    snprintf(tag, sizeof(tag), "%s %s", long_table, key);
    CHECK(find(&plan, "CONSTRAINT", tag) != NULL);
    /* the second one shortens the table part by one more byte */
    snprintf(key1, sizeof(key1), "%.29s_%.28s_key1", long_table, long_column);
    snprintf(tag, sizeof(tag), "%s %s", long_table, key1);
    CHECK(find(&plan, "CONSTRAINT", tag) != NULL);

    /* index: table 70, column 42 bytes, 58 available: 29 + 29, and the
     * column part drops the half character at its end */
    const struct dump_entry *e = NULL;
    for (size_t i = 0; i < plan.entry_count; i++)
        if (strcmp(plan.entries[i].desc, "INDEX") == 0)
            e = &plan.entries[i];
    CHECK(e != NULL);
    CHECK(strlen(e->tag) <= 63);
    char expected_index[80];
    snprintf(expected_index, sizeof(expected_index), "%.29s_%.28s_idx",
             long_table, cols[1].name);
    CHECK_STR_EQ(e->tag, expected_index);

    /* only y is read (a string and a cast type are not columns): y_check;
     * "y" > y reads y alone too, so the second is y_check1 */
    const struct dump_entry *table = find(&plan, "TABLE", long_table);
    CHECK(table != NULL);
    char check_name[80];
    snprintf(check_name, sizeof(check_name), "CONSTRAINT %.55s_y_check ",
             long_table);
    CHECK_CONTAINS(table->create_sql, check_name);
    snprintf(check_name, sizeof(check_name), "CONSTRAINT %.54s_y_check1 ",
             long_table);
    CHECK_CONTAINS(table->create_sql, check_name);
    arena_release(&plan.arena);
}

static char *
read_file(const char *path)
{
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        return NULL;
    struct buf b;
    buf_init(&b, 4096);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
        buf_append(&b, chunk, n);
    fclose(in);
    char *text = buf_detach(&b);
    buf_release(&b);
    return text;
}

/* The whole copy script for the fixture, rows aside, equals what
 * `pg_dump` 15 printed for the same database, less the ownership
 * statements, the extension's comment, the \restrict lines, the version
 * lines, and the search_path, which datagen sets to public because the
 * schema author's defaults and checks name objects unqualified. */
static void
test_copy_script_matches_pg_dump(void)
{
    struct fixture f;
    build_fixture(&f);
    char path[] = "/tmp/test_plan_entries_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    struct dg_error err;
    dg_error_init(&err);
    struct sink *sink;
    CHECK_INT_EQ(sink_open(&sink, path, &err), 0);
    struct writer w = {.format = &writer_copy, .plan = &f.plan, .sink = sink};
    int rc = writer_copy.open(&w, &err);
    for (size_t i = 0; i < f.plan.entry_count && rc == 0; i++) {
        const struct dump_entry *e = &f.plan.entries[i];
        if (strcmp(e->desc, "TABLE DATA") != 0) {
            rc = writer_copy.entry(&w, e, &err);
            continue;
        }
        rc = writer_copy.begin_data(&w, e, &err);
        if (rc == 0 && strcmp(e->tag, "customers") == 0) {
            static const char rows[] = "1\ta@b\tx\t0.00\t\\N\t\\N\tsad\t100\n"
                                       "2\tc\ty\t0.00\t\\N\t\\N\tsad\t105\n";
            rc = writer_copy.data(&w, rows, sizeof(rows) - 1, &err);
        }
        if (rc == 0)
            rc = writer_copy.end_data(&w, e, &err);
    }
    if (rc == 0)
        rc = writer_copy.close(&w, &err);
    writer_copy.free_state(w.state);
    CHECK_INT_EQ(rc, 0);
    CHECK_INT_EQ(sink_finish(sink, &err), 0);
    char *text = read_file(path);
    unlink(path);
    CHECK(text != NULL);

    static const char expected[] =
        "--\n"
        "-- PostgreSQL database dump\n"
        "--\n"
        "\n"
        "-- Dumped by datagen\n"
        "\n"
        "SET statement_timeout = 0;\n"
        "SET lock_timeout = 0;\n"
        "SET idle_in_transaction_session_timeout = 0;\n"
        "SET client_encoding = 'UTF8';\n"
        "SET standard_conforming_strings = on;\n"
        "SELECT pg_catalog.set_config('search_path', 'public', false);\n"
        "SET check_function_bodies = false;\n"
        "SET xmloption = content;\n"
        "SET client_min_messages = warning;\n"
        "SET row_security = off;\n"
        "\n"
        "--\n"
        "-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -\n"
        "--\n"
        "\n"
        "CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: mood; Type: TYPE; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE TYPE public.mood AS ENUM (\n"
        "    'sad',\n"
        "    'o''k',\n"
        "    'happy'\n"
        ");\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: address; Type: TYPE; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE TYPE public.address AS (\n"
        "\tstreet text,\n"
        "\tcity character varying(80),\n"
        "\tm public.mood\n"
        ");\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: email; Type: DOMAIN; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE DOMAIN public.email AS text\n"
        "\tCONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text));\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: posint; Type: DOMAIN; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE DOMAIN public.posint AS integer NOT NULL\n"
        "\tCONSTRAINT posint_check CHECK ((VALUE > 0));\n"
        "\n"
        "\n"
        "SET default_tablespace = '';\n"
        "\n"
        "SET default_table_access_method = heap;\n"
        "\n"
        "--\n"
        "-- Name: Mixed; Type: TABLE; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE TABLE public.\"Mixed\" (\n"
        "    \"ID\" integer,\n"
        "    a integer,\n"
        "    b integer,\n"
        "    CONSTRAINT named_check CHECK ((a > 0))\n"
        ");\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: invoice_seq; Type: SEQUENCE; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE SEQUENCE public.invoice_seq\n"
        "    START WITH 100\n"
        "    INCREMENT BY 5\n"
        "    NO MINVALUE\n"
        "    NO MAXVALUE\n"
        "    CACHE 1;\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: customers; Type: TABLE; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE TABLE public.customers (\n"
        "    id integer NOT NULL,\n"
        "    email text,\n"
        "    name text NOT NULL,\n"
        "    balance numeric(10,2) DEFAULT 0.00,\n"
        "    home public.address,\n"
        "    referrer_id integer,\n"
        "    m public.mood DEFAULT 'sad'::public.mood,\n"
        "    inv integer DEFAULT nextval('public.invoice_seq'::regclass),\n"
        "    CONSTRAINT customers_balance_check CHECK ((balance >= "
        "(0)::numeric)),\n"
        "    CONSTRAINT customers_check CHECK (((name <> ''::text) AND "
        "(balance < (1000)::numeric)))\n"
        ");\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: TABLE customers; Type: COMMENT; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "COMMENT ON TABLE public.customers IS 'People who buy; it''s "
        "fine';\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: COLUMN customers.email; Type: COMMENT; Schema: public; "
        "Owner: -\n"
        "--\n"
        "\n"
        "COMMENT ON COLUMN public.customers.email IS 'Login';\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: customers_id_seq; Type: SEQUENCE; Schema: public; Owner: "
        "-\n"
        "--\n"
        "\n"
        "CREATE SEQUENCE public.customers_id_seq\n"
        "    AS integer\n"
        "    START WITH 1\n"
        "    INCREMENT BY 1\n"
        "    NO MINVALUE\n"
        "    NO MAXVALUE\n"
        "    CACHE 1;\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: customers_id_seq; Type: SEQUENCE OWNED BY; Schema: public; "
        "Owner: -\n"
        "--\n"
        "\n"
        "ALTER SEQUENCE public.customers_id_seq OWNED BY "
        "public.customers.id;\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: down_seq; Type: SEQUENCE; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE SEQUENCE public.down_seq\n"
        "    START WITH -1\n"
        "    INCREMENT BY -1\n"
        "    MINVALUE -1000\n"
        "    NO MAXVALUE\n"
        "    CACHE 1;\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: order; Type: TABLE; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE TABLE public.\"order\" (\n"
        "    id bigint NOT NULL,\n"
        "    customer_id integer NOT NULL,\n"
        "    \"Note\" text,\n"
        "    small smallint NOT NULL\n"
        ");\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: COLUMN \"order\".\"Note\"; Type: COMMENT; Schema: public; "
        "Owner: -\n"
        "--\n"
        "\n"
        "COMMENT ON COLUMN public.\"order\".\"Note\" IS 'x';\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: order_id_seq; Type: SEQUENCE; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE SEQUENCE public.order_id_seq\n"
        "    START WITH 1\n"
        "    INCREMENT BY 1\n"
        "    NO MINVALUE\n"
        "    NO MAXVALUE\n"
        "    CACHE 1;\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: order_id_seq; Type: SEQUENCE OWNED BY; Schema: public; "
        "Owner: -\n"
        "--\n"
        "\n"
        "ALTER SEQUENCE public.order_id_seq OWNED BY public.\"order\".id;\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: order_small_seq; Type: SEQUENCE; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE SEQUENCE public.order_small_seq\n"
        "    AS smallint\n"
        "    START WITH 1\n"
        "    INCREMENT BY 1\n"
        "    NO MINVALUE\n"
        "    NO MAXVALUE\n"
        "    CACHE 1;\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: order_small_seq; Type: SEQUENCE OWNED BY; Schema: public; "
        "Owner: -\n"
        "--\n"
        "\n"
        "ALTER SEQUENCE public.order_small_seq OWNED BY "
        "public.\"order\".small;\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: t; Type: TABLE; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE TABLE public.t (\n"
        "    a integer,\n"
        "    b integer,\n"
        "    CONSTRAINT t_a_check CHECK ((a > 0)),\n"
        "    CONSTRAINT t_b_check CHECK ((b > 0)),\n"
        "    CONSTRAINT t_b_check1 CHECK ((b > 1)),\n"
        "    CONSTRAINT t_check CHECK ((a > b))\n"
        ");\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: t_a; Type: TABLE; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE TABLE public.t_a (\n"
        "    x integer\n"
        ");\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: customers id; Type: DEFAULT; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "ALTER TABLE ONLY public.customers ALTER COLUMN id SET DEFAULT "
        "nextval('public.customers_id_seq'::regclass);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: order id; Type: DEFAULT; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "ALTER TABLE ONLY public.\"order\" ALTER COLUMN id SET DEFAULT "
        "nextval('public.order_id_seq'::regclass);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: order small; Type: DEFAULT; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "ALTER TABLE ONLY public.\"order\" ALTER COLUMN small SET DEFAULT "
        "nextval('public.order_small_seq'::regclass);\n"
        "\n"
        "\n"
        "--\n"
        "-- Data for Name: Mixed; Type: TABLE DATA; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "COPY public.\"Mixed\" (\"ID\", a, b) FROM stdin;\n"
        "\\.\n"
        "\n"
        "\n"
        "--\n"
        "-- Data for Name: customers; Type: TABLE DATA; Schema: public; "
        "Owner: -\n"
        "--\n"
        "\n"
        "COPY public.customers (id, email, name, balance, home, referrer_id, "
        "m, inv) FROM stdin;\n"
        "1\ta@b\tx\t0.00\t\\N\t\\N\tsad\t100\n"
        "2\tc\ty\t0.00\t\\N\t\\N\tsad\t105\n"
        "\\.\n"
        "\n"
        "\n"
        "--\n"
        "-- Data for Name: order; Type: TABLE DATA; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "COPY public.\"order\" (id, customer_id, \"Note\", small) FROM "
        "stdin;\n"
        "\\.\n"
        "\n"
        "\n"
        "--\n"
        "-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "COPY public.t (a, b) FROM stdin;\n"
        "\\.\n"
        "\n"
        "\n"
        "--\n"
        "-- Data for Name: t_a; Type: TABLE DATA; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "COPY public.t_a (x) FROM stdin;\n"
        "\\.\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: customers_id_seq; Type: SEQUENCE SET; Schema: public; "
        "Owner: -\n"
        "--\n"
        "\n"
        "SELECT pg_catalog.setval('public.customers_id_seq', 2, true);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: down_seq; Type: SEQUENCE SET; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "SELECT pg_catalog.setval('public.down_seq', -1, false);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: invoice_seq; Type: SEQUENCE SET; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "SELECT pg_catalog.setval('public.invoice_seq', 105, true);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: order_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "SELECT pg_catalog.setval('public.order_id_seq', 1, false);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: order_small_seq; Type: SEQUENCE SET; Schema: public; "
        "Owner: -\n"
        "--\n"
        "\n"
        "SELECT pg_catalog.setval('public.order_small_seq', 1, false);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: Mixed Mixed_a_b_key; Type: CONSTRAINT; Schema: public; "
        "Owner: -\n"
        "--\n"
        "\n"
        "ALTER TABLE ONLY public.\"Mixed\"\n"
        "    ADD CONSTRAINT \"Mixed_a_b_key\" UNIQUE (a, b);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: customers customers_email_key; Type: CONSTRAINT; Schema: "
        "public; Owner: -\n"
        "--\n"
        "\n"
        "ALTER TABLE ONLY public.customers\n"
        "    ADD CONSTRAINT customers_email_key UNIQUE (email);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: public; "
        "Owner: -\n"
        "--\n"
        "\n"
        "ALTER TABLE ONLY public.customers\n"
        "    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: order order_pkey; Type: CONSTRAINT; Schema: public; Owner: "
        "-\n"
        "--\n"
        "\n"
        "ALTER TABLE ONLY public.\"order\"\n"
        "    ADD CONSTRAINT order_pkey PRIMARY KEY (id);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: Mixed_ID_idx; Type: INDEX; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE UNIQUE INDEX \"Mixed_ID_idx\" ON public.\"Mixed\" USING btree "
        "(\"ID\");\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: Mixed_a_idx; Type: INDEX; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE INDEX \"Mixed_a_idx\" ON public.\"Mixed\" USING btree (a);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: Mixed_a_idx1; Type: INDEX; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "CREATE INDEX \"Mixed_a_idx1\" ON public.\"Mixed\" USING btree (a);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: order_customer_id_idx; Type: INDEX; Schema: public; Owner: "
        "-\n"
        "--\n"
        "\n"
        "CREATE INDEX order_customer_id_idx ON public.\"order\" USING hash "
        "(customer_id);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: customers customers_referrer_id_fkey; Type: FK CONSTRAINT; "
        "Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "ALTER TABLE ONLY public.customers\n"
        "    ADD CONSTRAINT customers_referrer_id_fkey FOREIGN KEY "
        "(referrer_id) REFERENCES public.customers(id);\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: order order_customer_id_fkey; Type: FK CONSTRAINT; Schema: "
        "public; Owner: -\n"
        "--\n"
        "\n"
        "ALTER TABLE ONLY public.\"order\"\n"
        "    ADD CONSTRAINT order_customer_id_fkey FOREIGN KEY (customer_id) "
        "REFERENCES public.customers(id) ON UPDATE SET NULL ON DELETE "
        "CASCADE;\n"
        "\n"
        "\n"
        "--\n"
        "-- Name: t t_fk; Type: FK CONSTRAINT; Schema: public; Owner: -\n"
        "--\n"
        "\n"
        "ALTER TABLE ONLY public.t\n"
        "    ADD CONSTRAINT t_fk FOREIGN KEY (a, b) REFERENCES "
        "public.\"Mixed\"(b, a);\n"
        "\n"
        "\n"
        "--\n"
        "-- PostgreSQL database dump complete\n"
        "--\n"
        "\n";
    int same = strcmp(text, expected) == 0;
    if (!same) {
        size_t i = 0;
        while (text[i] && text[i] == expected[i])
            i++;
        printf("first difference at byte %zu: ...%.60s\n", i,
               text + (i > 20 ? i - 20 : 0));
    }
    free(text);
    CHECK(same);
    release_fixture(&f);
}

/* The DATABASE entry pg_restore -C runs: portable, no locale. */
static void
test_database_entry(void)
{
    struct fixture f;
    build_fixture(&f);
    const struct dump_entry *e = &f.plan.entries[3];
    CHECK_STR_EQ(e->desc, "DATABASE");
    CHECK_STR_EQ(e->create_sql, "CREATE DATABASE datagen WITH TEMPLATE = "
                                "template0 ENCODING = 'UTF8';\n");
    CHECK_STR_EQ(e->drop_sql, "DROP DATABASE datagen;\n");
    CHECK(e->namespace == NULL && e->owner == NULL);
    CHECK_INT_EQ(e->section, SECTION_PRE_DATA);
    release_fixture(&f);
}

int
main(void)
{
    RUN(test_entry_order);
    RUN(test_database_entry);
    RUN(test_fields);
    RUN(test_types);
    RUN(test_tables);
    RUN(test_sequences);
    RUN(test_post_data);
    RUN(test_dependencies);
    RUN(test_default_names);
    RUN(test_copy_script_matches_pg_dump);
    return HARNESS_DONE();
}
