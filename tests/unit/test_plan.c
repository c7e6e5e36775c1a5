/* The planner and the pipeline on real schemas: keys and references are
 * recomputed and checked for every row, and the output must not depend on
 * the number of jobs. */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "io/sink.h"
#include "pipeline/pipeline.h"
#include "plan/plan.h"
#include "schema/schema.h"
#include "writer/writer.h"

static const char shop_json[] =
    "{\"version\": \"1.0\", \"tables\": {"
    " \"customers\": {\"columns\": ["
    "   {\"name\": \"id\", \"type\": \"serial\"},"
    "   {\"name\": \"email\", \"type\": \"text\"},"
    "   {\"name\": \"referrer_id\", \"type\": \"integer\", \"nullable\": true}],"
    "  \"primary_key\": [\"id\"],"
    "  \"unique_constraints\": [{\"columns\": [\"email\"]}],"
    "  \"foreign_keys\": [{\"columns\": [\"referrer_id\"],"
    "    \"referenced_table\": \"customers\"}],"
    "  \"row_count\": 300},"
    " \"products\": {\"columns\": ["
    "   {\"name\": \"id\", \"type\": \"integer\"},"
    "   {\"name\": \"price\", \"type\": \"numeric(8,2)\"},"
    "   {\"name\": \"cost\", \"type\": \"numeric(8,2)\"}],"
    "  \"primary_key\": [\"id\"],"
    "  \"check_constraints\": [{\"expression\": \"price > 0\"},"
    "   {\"expression\": \"cost <= price\"}],"
    "  \"row_count\": 40},"
    " \"orders\": {\"columns\": ["
    "   {\"name\": \"id\", \"type\": \"bigserial\"},"
    "   {\"name\": \"customer_id\", \"type\": \"integer\"}],"
    "  \"primary_key\": [\"id\"],"
    "  \"foreign_keys\": [{\"columns\": [\"customer_id\"],"
    "    \"referenced_table\": \"customers\"}],"
    "  \"row_count\": 500},"
    " \"order_items\": {\"columns\": ["
    "   {\"name\": \"order_id\", \"type\": \"bigint\"},"
    "   {\"name\": \"line_no\", \"type\": \"integer\"},"
    "   {\"name\": \"product_id\", \"type\": \"integer\"}],"
    "  \"primary_key\": [\"order_id\", \"line_no\"],"
    "  \"foreign_keys\": [{\"columns\": [\"order_id\"],"
    "    \"referenced_table\": \"orders\"},"
    "   {\"columns\": [\"product_id\"], \"referenced_table\": \"products\"}],"
    "  \"row_count\": 1234},"
    " \"favourites\": {\"columns\": ["
    "   {\"name\": \"customer_id\", \"type\": \"integer\"},"
    "   {\"name\": \"product_id\", \"type\": \"integer\"}],"
    "  \"primary_key\": [\"customer_id\", \"product_id\"],"
    "  \"foreign_keys\": [{\"columns\": [\"customer_id\"],"
    "    \"referenced_table\": \"customers\"},"
    "   {\"columns\": [\"product_id\"], \"referenced_table\": \"products\"}],"
    "  \"row_count\": 11000}"
    "}}";

struct fixture {
    struct schema schema;
    struct plan plan;
    struct arena arena;
};

static int
setup(struct fixture *f, const char *json, const struct plan_options *options)
{
    struct diag_list diags;
    diag_list_init(&diags);
    struct dg_error err;
    dg_error_init(&err);
    arena_init(&f->arena, 4096);
    if (schema_load_string(json, strlen(json), "test", &f->schema, &diags,
                           &err) != 0) {
        dg_error_print(&err, stdout);
        diag_list_release(&diags);
        return -1;
    }
    struct plan_options defaults;
    plan_options_init(&defaults);
    int rc = -1;
    if (diags.error_count == 0 && schema_validate(&f->schema, &diags) == 0)
        rc = plan_build(&f->schema, options ? options : &defaults, &f->plan,
                        &diags);
    if (rc != 0)
        diag_list_print(&diags, stdout);
    diag_list_release(&diags);
    return rc;
}

static void
teardown(struct fixture *f)
{
    plan_release(&f->plan);
    schema_release(&f->schema);
    arena_release(&f->arena);
}

/* The value of one column of one row, as text. */
static void
cell_text(const struct plan_table *t, size_t column, uint64_t row,
          struct arena *arena, char *out, size_t size)
{
    struct value values[16];
    plan_generate_row(t, row, arena, values);
    struct buf b;
    buf_init(&b, 32);
    if (values[column].kind == VALUE_NULL)
        buf_puts(&b, "NULL");
    value_format(&values[column], &b);
    snprintf(out, size, "%s", b.data);
    buf_release(&b);
}

static int
compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every row's values of the given columns, joined; no two alike. */
static int
distinct_tuples(const struct plan_table *t, const size_t *columns,
                size_t count, struct arena *arena)
{
    char **keys = calloc(t->row_count, sizeof(*keys));
    for (uint64_t row = 0; row < t->row_count; row++) {
        char key[256] = "";
        for (size_t i = 0; i < count; i++) {
            char text[64];
            cell_text(t, columns[i], row, arena, text, sizeof(text));
            strncat(key, text, sizeof(key) - strlen(key) - 2);
            strcat(key, "|");
        }
        keys[row] = strdup(key);
    }
    qsort(keys, t->row_count, sizeof(*keys), compare_strings);
    int duplicates = 0;
    for (uint64_t row = 1; row < t->row_count; row++)
        duplicates += strcmp(keys[row - 1], keys[row]) == 0;
    for (uint64_t row = 0; row < t->row_count; row++)
        free(keys[row]);
    free(keys);
    return duplicates;
}

static void
test_references_exist(void)
{
    struct fixture f;
    CHECK(setup(&f, shop_json, NULL) == 0);
    const struct plan_table *orders = plan_find_table(&f.plan, "orders");
    const struct plan_table *customers = plan_find_table(&f.plan, "customers");
    CHECK(orders && customers);
    /* customer ids are 1..300 (serial); every reference lands there */
    int bad = 0;
    for (uint64_t row = 0; row < orders->row_count; row++) {
        char text[32];
        cell_text(orders, 1, row, &f.arena, text, sizeof(text));
        long id = atol(text);
        bad += id < 1 || id > 300;
    }
    CHECK_INT_EQ(bad, 0);
    /* self-reference: a referrer is an earlier customer, row 0 is a root */
    char text[32];
    cell_text(customers, 2, 0, &f.arena, text, sizeof(text));
    CHECK_STR_EQ(text, "NULL");
    int later = 0, roots = 0;
    for (uint64_t row = 1; row < customers->row_count; row++) {
        cell_text(customers, 2, row, &f.arena, text, sizeof(text));
        if (strcmp(text, "NULL") == 0)
            roots++;
        else
            later += atol(text) > (long)row; /* ids are row + 1 */
    }
    CHECK_INT_EQ(later, 0);
    CHECK(roots > 10 && roots < 60); /* about 10% of 300 */
    teardown(&f);
}

static void
test_composite_keys_unique(void)
{
    struct fixture f;
    CHECK(setup(&f, shop_json, NULL) == 0);
    const struct plan_table *items = plan_find_table(&f.plan, "order_items");
    const struct plan_table *favourites =
        plan_find_table(&f.plan, "favourites");
    size_t both[] = {0, 1};
    CHECK_INT_EQ(distinct_tuples(items, both, 2, &f.arena), 0);
    CHECK_INT_EQ(distinct_tuples(favourites, both, 2, &f.arena), 0);
    /* lines are numbered 1, 2, 3 within each order, in contiguous runs */
    char order[32], line[32];
    cell_text(items, 0, 0, &f.arena, order, sizeof(order));
    cell_text(items, 1, 0, &f.arena, line, sizeof(line));
    CHECK_STR_EQ(order, "1");
    CHECK_STR_EQ(line, "1");
    cell_text(items, 1, 1, &f.arena, line, sizeof(line));
    CHECK_STR_EQ(line, "2");
    long max_line = 0;
    for (uint64_t row = 0; row < items->row_count; row++) {
        cell_text(items, 1, row, &f.arena, line, sizeof(line));
        if (atol(line) > max_line)
            max_line = atol(line);
    }
    CHECK_INT_EQ(max_line, 3); /* 1234 lines over 500 orders */
    teardown(&f);
}

static void
test_too_many_pairs_is_an_error(void)
{
    char *json = strdup(shop_json);
    char *count = strstr(json, "11000");
    memcpy(count, "12001", 5); /* 300 x 40 = 12000 pairs */
    struct fixture f;
    CHECK(setup(&f, json, NULL) != 0);
    schema_release(&f.schema);
    arena_release(&f.arena);
    free(json);
}

static void
test_checks_hold(void)
{
    struct fixture f;
    CHECK(setup(&f, shop_json, NULL) == 0);
    const struct plan_table *products = plan_find_table(&f.plan, "products");
    CHECK_INT_EQ(products->check_count, 2);
    for (uint64_t row = 0; row < products->row_count; row++) {
        struct value values[3];
        plan_generate_row(products, row, &f.arena, values);
        CHECK(value_as_double(&values[1]) > 0);
        CHECK(value_as_double(&values[2]) <= value_as_double(&values[1]));
    }
    teardown(&f);
}

static char *
generate_to_string(struct plan *plan, const char *format, unsigned jobs)
{
    char path[] = "/tmp/datagen-test-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    struct dg_error err;
    dg_error_init(&err);
    struct sink *sink;
    struct pipeline_options options = {.jobs = jobs};
    struct writer_options writer_options = {.compression = 1, .path = path};
    if (sink_open(&sink, path, &err) != 0 ||
        pipeline_run(plan, writer_find(format), &writer_options, sink,
                     &options, &err) != 0 ||
        sink_finish(sink, &err) != 0) {
        dg_error_print(&err, stdout);
        unlink(path);
        return NULL;
    }
    FILE *in = fopen(path, "rb");
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    rewind(in);
    char *text = malloc((size_t)size + 1);
    size_t got = fread(text, 1, (size_t)size, in);
    text[got] = '\0';
    fclose(in);
    unlink(path);
    return text;
}

static void
test_output_independent_of_jobs(void)
{
    struct fixture f;
    struct plan_options options;
    plan_options_init(&options);
    options.scale = 10; /* several chunks per table */
    CHECK(setup(&f, shop_json, &options) == 0);
    for (int format = 0; format < 2; format++) {
        const char *name = format ? "sql" : "copy";
        char *one = generate_to_string(&f.plan, name, 1);
        char *four = generate_to_string(&f.plan, name, 4);
        CHECK(one && four);
        CHECK(strlen(one) > 100000);
        CHECK(strcmp(one, four) == 0);
        free(one);
        free(four);
    }
    teardown(&f);
}

static void
test_seed_changes_data_not_keys(void)
{
    struct fixture a, b;
    struct plan_options options;
    plan_options_init(&options);
    CHECK(setup(&a, shop_json, &options) == 0);
    options.seed = 7;
    CHECK(setup(&b, shop_json, &options) == 0);
    const struct plan_table *ta = plan_find_table(&a.plan, "customers");
    const struct plan_table *tb = plan_find_table(&b.plan, "customers");
    char id_a[32], id_b[32], email_a[64], email_b[64];
    cell_text(ta, 0, 5, &a.arena, id_a, sizeof(id_a));
    cell_text(tb, 0, 5, &b.arena, id_b, sizeof(id_b));
    cell_text(ta, 1, 5, &a.arena, email_a, sizeof(email_a));
    cell_text(tb, 1, 5, &b.arena, email_b, sizeof(email_b));
    CHECK_STR_EQ(id_a, "6");
    CHECK_STR_EQ(id_b, "6");
    CHECK(strcmp(email_a, email_b) != 0);
    teardown(&a);
    teardown(&b);
}

/* A zipf foreign key: the ten most popular of 1000 parents get about
 * ln(11)/ln(1001) = 35% of the rows at s = 1; uniform would give 1%. */
static void
test_zipf_foreign_key(void)
{
    static const char json[] =
        "{\"version\": \"1.0\", \"tables\": {"
        " \"customers\": {\"columns\": [{\"name\": \"id\", \"type\": \"serial\"}],"
        "  \"primary_key\": [\"id\"], \"row_count\": 1000},"
        " \"orders\": {\"columns\": [{\"name\": \"id\", \"type\": \"serial\"},"
        "   {\"name\": \"customer_id\", \"type\": \"integer\","
        "    \"generator\": \"foreign_key\","
        "    \"generator_config\": {\"distribution\": \"zipf\"}}],"
        "  \"primary_key\": [\"id\"],"
        "  \"foreign_keys\": [{\"columns\": [\"customer_id\"],"
        "    \"referenced_table\": \"customers\"}],"
        "  \"row_count\": 100000}}}";
    struct fixture f;
    CHECK(setup(&f, json, NULL) == 0);
    const struct plan_table *orders = plan_find_table(&f.plan, "orders");
    static unsigned counts[1001];
    memset(counts, 0, sizeof(counts));
    for (uint64_t row = 0; row < orders->row_count; row++) {
        struct value values[2];
        plan_generate_row(orders, row, &f.arena, values);
        CHECK(values[1].as.i >= 1 && values[1].as.i <= 1000);
        counts[values[1].as.i]++;
        arena_reset(&f.arena);
    }
    /* the ten largest counts */
    unsigned top = 0;
    for (int k = 0; k < 10; k++) {
        unsigned best = 0;
        int at = 0;
        for (int i = 1; i <= 1000; i++)
            if (counts[i] > best) {
                best = counts[i];
                at = i;
            }
        top += best;
        counts[at] = 0;
    }
    CHECK(top > 32000 && top < 38000);
    teardown(&f);
}

/* A CHECK that pins a column to an expression is met by computing it. */
static void
test_check_equality_is_computed(void)
{
    static const char json[] =
        "{\"version\": \"1.0\", \"tables\": {\"lines\": {\"columns\": ["
        " {\"name\": \"id\", \"type\": \"serial\"},"
        " {\"name\": \"quantity\", \"type\": \"integer\", \"generator\": \"int\","
        "  \"generator_config\": {\"min\": 1, \"max\": 9}},"
        " {\"name\": \"price\", \"type\": \"numeric(8,2)\"},"
        " {\"name\": \"total\", \"type\": \"numeric(10,2)\"}],"
        " \"primary_key\": [\"id\"],"
        " \"check_constraints\": [{\"expression\": \"total = quantity * price\"},"
        "  {\"expression\": \"total < 5000\"}],"
        " \"row_count\": 2000}}}";
    struct fixture f;
    CHECK(setup(&f, json, NULL) == 0);
    const struct plan_table *t = plan_find_table(&f.plan, "lines");
    for (uint64_t row = 0; row < t->row_count; row++) {
        struct value v[4];
        plan_generate_row(t, row, &f.arena, v);
        CHECK_INT_EQ(v[3].kind, VALUE_NUMERIC);
        CHECK_INT_EQ(v[3].scale, 2);
        CHECK_INT_EQ(v[3].as.i, v[1].as.i * v[2].as.i);
        CHECK(v[3].as.i < 500000);
        arena_reset(&f.arena);
    }
    teardown(&f);
}

/* A looked-up value is the referenced row's final one even when CHECK
 * retries changed it, though only the columns CHECKs link to it are
 * generated for the lookup. */
static void
test_lookup_sees_checked_values(void)
{
    static const char json[] =
        "{\"version\": \"1.0\", \"tables\": {"
        " \"p\": {\"columns\": ["
        "  {\"name\": \"id\", \"type\": \"serial\"},"
        "  {\"name\": \"a\", \"type\": \"integer\", \"generator\": \"int\","
        "   \"generator_config\": {\"min\": 0, \"max\": 100}},"
        "  {\"name\": \"b\", \"type\": \"integer\", \"generator\": \"int\","
        "   \"generator_config\": {\"min\": 0, \"max\": 100}},"
        "  {\"name\": \"c\", \"type\": \"integer\", \"generator\": \"int\","
        "   \"generator_config\": {\"min\": 0, \"max\": 100}},"
        "  {\"name\": \"d\", \"type\": \"integer\", \"generator\": \"int\","
        "   \"generator_config\": {\"min\": 0, \"max\": 100}},"
        "  {\"name\": \"note\", \"type\": \"text\"}],"
        "  \"primary_key\": [\"id\"],"
        "  \"check_constraints\": [{\"expression\": \"a < b\"},"
        "   {\"expression\": \"c > d + 20\"}, {\"expression\": \"b <> 50\"}],"
        "  \"row_count\": 300},"
        " \"k\": {\"columns\": ["
        "  {\"name\": \"id\", \"type\": \"serial\"},"
        "  {\"name\": \"p_id\", \"type\": \"integer\"},"
        "  {\"name\": \"la\", \"type\": \"integer\", \"generator\": \"lookup\","
        "   \"generator_config\": {\"via\": \"p_id\", \"column\": \"a\"}},"
        "  {\"name\": \"lc\", \"type\": \"integer\", \"generator\": \"lookup\","
        "   \"generator_config\": {\"via\": \"p_id\", \"column\": \"c\"}},"
        "  {\"name\": \"ln\", \"type\": \"text\", \"generator\": \"lookup\","
        "   \"generator_config\": {\"via\": \"p_id\", \"column\": \"note\"}}],"
        "  \"primary_key\": [\"id\"],"
        "  \"foreign_keys\": [{\"columns\": [\"p_id\"],"
        "   \"referenced_table\": \"p\"}],"
        "  \"row_count\": 3000}}}";
    struct fixture f;
    CHECK(setup(&f, json, NULL) == 0);
    const struct plan_table *p = plan_find_table(&f.plan, "p");
    const struct plan_table *k = plan_find_table(&f.plan, "k");
    const bool *needs_a = k->columns[2].lookup_needs;
    const bool *needs_c = k->columns[3].lookup_needs;
    const bool *needs_note = k->columns[4].lookup_needs;
    CHECK(needs_a != NULL && needs_c != NULL && needs_note != NULL);
    if (needs_a == NULL || needs_c == NULL || needs_note == NULL) {
        teardown(&f);
        return;
    }
    static const bool want_a[6] = {false, true, true, false, false, false};
    static const bool want_c[6] = {false, false, false, true, true, false};
    static const bool want_note[6] = {false, false, false, false, false, true};
    for (size_t c = 0; c < 6; c++) {
        CHECK_INT_EQ(needs_a[c], want_a[c]);
        CHECK_INT_EQ(needs_c[c], want_c[c]);
        CHECK_INT_EQ(needs_note[c], want_note[c]);
    }
    size_t changed = 0;
    for (uint64_t row = 0; row < k->row_count; row++) {
        struct value kv[5], pv[6];
        plan_generate_row(k, row, &f.arena, kv);
        CHECK_INT_EQ(kv[1].kind, VALUE_INT);
        plan_generate_row(p, (uint64_t)kv[1].as.i - 1, &f.arena, pv);
        CHECK_INT_EQ(kv[2].as.i, pv[1].as.i);
        CHECK_INT_EQ(kv[3].as.i, pv[3].as.i);
        CHECK_INT_EQ(kv[4].kind, pv[5].kind);
        if (kv[4].kind == VALUE_TEXT) {
            CHECK_INT_EQ(kv[4].as.text.len, pv[5].as.text.len);
            CHECK(memcmp(kv[4].as.text.ptr, pv[5].as.text.ptr,
                         kv[4].as.text.len) == 0);
        }
        CHECK(kv[2].as.i < pv[2].as.i);
        CHECK(kv[3].as.i > pv[4].as.i + 20);
        /* the first draw, before any retry, is that of plan_cell */
        struct value first;
        plan_cell(p, 1, (uint64_t)kv[1].as.i - 1, &f.arena, &first);
        changed += first.as.i != pv[1].as.i;
        arena_reset(&f.arena);
    }
    CHECK(changed > 0);
    teardown(&f);
}

/* A computed column reaches beyond its CHECK: lookups then make the whole
 * referenced row. */
static void
test_lookup_of_computed_table_makes_whole_row(void)
{
    static const char json[] =
        "{\"version\": \"1.0\", \"tables\": {"
        " \"p\": {\"columns\": ["
        "  {\"name\": \"id\", \"type\": \"serial\"},"
        "  {\"name\": \"q\", \"type\": \"integer\", \"generator\": \"int\","
        "   \"generator_config\": {\"min\": 1, \"max\": 9}},"
        "  {\"name\": \"price\", \"type\": \"numeric(8,2)\"},"
        "  {\"name\": \"total\", \"type\": \"numeric(10,2)\"}],"
        "  \"primary_key\": [\"id\"],"
        "  \"check_constraints\": [{\"expression\": \"total = q * price\"}],"
        "  \"row_count\": 50},"
        " \"k\": {\"columns\": ["
        "  {\"name\": \"id\", \"type\": \"serial\"},"
        "  {\"name\": \"p_id\", \"type\": \"integer\"},"
        "  {\"name\": \"t\", \"type\": \"numeric(10,2)\", \"generator\": "
        "   \"lookup\", \"generator_config\": {\"via\": \"p_id\", "
        "   \"column\": \"total\"}}],"
        "  \"primary_key\": [\"id\"],"
        "  \"foreign_keys\": [{\"columns\": [\"p_id\"],"
        "   \"referenced_table\": \"p\"}],"
        "  \"row_count\": 200}}}";
    struct fixture f;
    CHECK(setup(&f, json, NULL) == 0);
    const struct plan_table *p = plan_find_table(&f.plan, "p");
    const struct plan_table *k = plan_find_table(&f.plan, "k");
    CHECK(k->columns[2].lookup_needs == NULL);
    for (uint64_t row = 0; row < k->row_count; row++) {
        struct value kv[3], pv[4];
        plan_generate_row(k, row, &f.arena, kv);
        plan_generate_row(p, (uint64_t)kv[1].as.i - 1, &f.arena, pv);
        CHECK_INT_EQ(kv[2].as.i, pv[3].as.i);
        CHECK_INT_EQ(pv[3].as.i, pv[1].as.i * pv[2].as.i);
        arena_reset(&f.arena);
    }
    teardown(&f);
}

/* An order is never placed before its customer signed up, and ships
 * after it is placed, even with a skewed choice of customers. */
static void
test_children_follow_parents_in_time(void)
{
    static const char json[] =
        "{\"version\": \"1.0\", \"tables\": {"
        " \"customers\": {\"columns\": [{\"name\": \"id\", \"type\": \"serial\"},"
        "   {\"name\": \"created_at\", \"type\": \"timestamptz\"}],"
        "  \"primary_key\": [\"id\"], \"row_count\": 700},"
        " \"orders\": {\"columns\": [{\"name\": \"id\", \"type\": \"serial\"},"
        "   {\"name\": \"customer_id\", \"type\": \"integer\","
        "    \"generator\": \"foreign_key\","
        "    \"generator_config\": {\"distribution\": \"zipf\"}},"
        "   {\"name\": \"ordered_at\", \"type\": \"timestamptz\"},"
        "   {\"name\": \"shipped_at\", \"type\": \"timestamptz\"}],"
        "  \"primary_key\": [\"id\"],"
        "  \"foreign_keys\": [{\"columns\": [\"customer_id\"],"
        "    \"referenced_table\": \"customers\"}],"
        "  \"row_count\": 9000}}}";
    struct fixture f;
    CHECK(setup(&f, json, NULL) == 0);
    const struct plan_table *customers = plan_find_table(&f.plan, "customers");
    const struct plan_table *orders = plan_find_table(&f.plan, "orders");
    CHECK(orders->fks[0].time_linked);
    int64_t previous = INT64_MIN;
    for (uint64_t row = 0; row < orders->row_count; row++) {
        struct value order[4], customer[2];
        plan_generate_row(orders, row, &f.arena, order);
        plan_generate_row(customers, (uint64_t)order[1].as.i - 1, &f.arena,
                          customer);
        CHECK(order[2].as.i >= customer[1].as.i);
        CHECK(order[3].as.i >= order[2].as.i);
        CHECK(order[2].as.i > previous); /* still rising with the id */
        previous = order[2].as.i;
        arena_reset(&f.arena);
    }
    teardown(&f);
}

/* CHECK (col ~ 'pattern') on a column without a generator: every value
 * matches, with no retries needed. */
static void
test_check_pattern_drives_generator(void)
{
    static const char json[] =
        "{\"version\": \"1.0\", \"tables\": {\"codes\": {\"columns\": ["
        " {\"name\": \"id\", \"type\": \"serial\"},"
        " {\"name\": \"code\", \"type\": \"varchar(12)\"}],"
        " \"primary_key\": [\"id\"],"
        " \"check_constraints\": [{\"expression\":"
        "   \"code ~ '^[A-Z]{2}-[0-9]{4}$'\"}],"
        " \"row_count\": 3000}}}";
    struct fixture f;
    CHECK(setup(&f, json, NULL) == 0);
    const struct plan_table *t = plan_find_table(&f.plan, "codes");
    CHECK_STR_EQ(t->columns[1].kind->name, "regex");
    regex_t re;
    CHECK(regcomp(&re, "^[A-Z]{2}-[0-9]{4}$", REG_EXTENDED | REG_NOSUB) == 0);
    int matched = 0;
    for (uint64_t row = 0; row < t->row_count; row++) {
        struct value v[2];
        plan_generate_row(t, row, &f.arena, v);
        char text[32];
        snprintf(text, sizeof(text), "%.*s", (int)v[1].as.text.len,
                 v[1].as.text.ptr);
        matched += regexec(&re, text, 0, NULL, 0) == 0;
        arena_reset(&f.arena);
    }
    regfree(&re);
    CHECK_INT_EQ(matched, 3000);
    teardown(&f);
}

/* Weighted choices within 2 points and null_fraction within 1 point of
 * what was asked, on 100,000 rows of a fixed seed. */
static void
test_weights_and_null_fraction(void)
{
    static const char json[] =
        "{\"version\": \"1.0\", \"tables\": {\"t\": {\"columns\": ["
        " {\"name\": \"plan\", \"type\": \"text\", \"generator\": \"enum\","
        "  \"generator_config\": {\"values\": [\"free\", \"pro\", \"team\"],"
        "   \"weights\": [70, 20, 10]}},"
        " {\"name\": \"note\", \"type\": \"text\", \"nullable\": true,"
        "  \"generator_config\": {\"null_fraction\": 0.35}},"
        " {\"name\": \"memo\", \"type\": \"text\", \"nullable\": true}],"
        " \"row_count\": 100000}}}";
    struct fixture f;
    CHECK(setup(&f, json, NULL) == 0);
    const struct plan_table *t = plan_find_table(&f.plan, "t");
    long counts[3] = {0}, note_nulls = 0, memo_nulls = 0;
    static const char *const labels[] = {"free", "pro", "team"};
    for (uint64_t row = 0; row < t->row_count; row++) {
        struct value v[3];
        plan_generate_row(t, row, &f.arena, v);
        for (int k = 0; k < 3; k++)
            counts[k] += v[0].as.text.len == strlen(labels[k]) &&
                         memcmp(v[0].as.text.ptr, labels[k],
                                v[0].as.text.len) == 0;
        note_nulls += v[1].kind == VALUE_NULL;
        memo_nulls += v[2].kind == VALUE_NULL;
        arena_reset(&f.arena);
    }
    CHECK(counts[0] > 68000 && counts[0] < 72000);
    CHECK(counts[1] > 18000 && counts[1] < 22000);
    CHECK(counts[2] > 8000 && counts[2] < 12000);
    CHECK(note_nulls > 34000 && note_nulls < 36000);
    /* the documented default, 0.1 */
    CHECK(memo_nulls > 9000 && memo_nulls < 11000);
    teardown(&f);
}

/* A constraint no retry can meet is an error before anything is
 * written, naming the constraint. */
static void
test_impossible_check_is_reported(void)
{
    static const char json[] =
        "{\"version\": \"1.0\", \"tables\": {\"t\": {\"columns\": ["
        " {\"name\": \"a\", \"type\": \"integer\", \"generator\": \"int\","
        "  \"generator_config\": {\"min\": 1, \"max\": 5}},"
        " {\"name\": \"b\", \"type\": \"integer\", \"generator\": \"int\","
        "  \"generator_config\": {\"min\": 10, \"max\": 20}}],"
        " \"check_constraints\": [{\"expression\": \"a >= 0\"},"
        "  {\"expression\": \"a > b\"}], \"row_count\": 100}}}";
    struct diag_list diags;
    diag_list_init(&diags);
    struct dg_error err;
    dg_error_init(&err);
    struct schema schema;
    CHECK(schema_load_string(json, strlen(json), "test", &schema, &diags,
                             &err) == 0);
    CHECK_INT_EQ(schema_validate(&schema, &diags), 0);
    struct plan_options options;
    plan_options_init(&options);
    struct plan plan;
    CHECK(plan_build(&schema, &options, &plan, &diags) != 0);
    CHECK_INT_EQ(diags.error_count, 1);
    CHECK_STR_EQ(diags.items[0].path, "tables.t.check_constraints[1]");
    CHECK_CONTAINS(diags.items[0].message,
                   "100 of the first 100 rows break CHECK \"a > b\"");
    plan_release(&plan);
    diag_list_release(&diags);
    schema_release(&schema);
}

/* CHECK retries are part of the output: which attempt first meets every
 * constraint decides the row. These rows were taken from the retry loop
 * that re-evaluated every constraint and redrew every broken column on
 * each attempt; skipping unchanged constraints, values a retry would
 * make again and stream combinations done at plan time must keep them.
 * The tables cover retries past the precombined streams (x % 100 = 7
 * needs about 100 draws), a never-NULL lookup read by a CHECK, a
 * nullable column, computed columns read by CHECKs, and a computed
 * column read by another (checks then re-evaluated in full). */
static void
test_retries_keep_their_rows(void)
{
    static const char json[] =
        "{\"version\": \"1.0\", \"tables\": {"
        " \"p\": {\"columns\": ["
        "  {\"name\": \"id\", \"type\": \"serial\"},"
        "  {\"name\": \"v\", \"type\": \"integer\", \"generator\": \"int\","
        "   \"generator_config\": {\"min\": 0, \"max\": 100}}],"
        "  \"primary_key\": [\"id\"],"
        "  \"check_constraints\": [{\"expression\": \"v % 3 = 1\"}],"
        "  \"row_count\": 50},"
        " \"t\": {\"columns\": ["
        "  {\"name\": \"id\", \"type\": \"serial\"},"
        "  {\"name\": \"p_id\", \"type\": \"integer\"},"
        "  {\"name\": \"pv\", \"type\": \"integer\", \"generator\": \"lookup\","
        "   \"generator_config\": {\"via\": \"p_id\", \"column\": \"v\"}},"
        "  {\"name\": \"x\", \"type\": \"integer\", \"generator\": \"int\","
        "   \"generator_config\": {\"min\": 0, \"max\": 999}},"
        "  {\"name\": \"y\", \"type\": \"integer\", \"generator\": \"int\","
        "   \"generator_config\": {\"min\": 0, \"max\": 50}},"
        "  {\"name\": \"z\", \"type\": \"integer\", \"nullable\": true,"
        "   \"generator\": \"int\","
        "   \"generator_config\": {\"min\": 0, \"max\": 60}},"
        "  {\"name\": \"total\", \"type\": \"integer\"}],"
        "  \"primary_key\": [\"id\"],"
        "  \"foreign_keys\": [{\"columns\": [\"p_id\"],"
        "   \"referenced_table\": \"p\"}],"
        "  \"check_constraints\": [{\"expression\": \"x % 20 = 7\"},"
        "   {\"expression\": \"y > pv / 4\"},"
        "   {\"expression\": \"total = x + y\"},"
        "   {\"expression\": \"total % 3 <> 0\"},"
        "   {\"expression\": \"z IS NULL OR z > y\"}],"
        "  \"row_count\": 400},"
        " \"u\": {\"columns\": ["
        "  {\"name\": \"id\", \"type\": \"serial\"},"
        "  {\"name\": \"a\", \"type\": \"integer\", \"generator\": \"int\","
        "   \"generator_config\": {\"min\": 0, \"max\": 100}},"
        "  {\"name\": \"b\", \"type\": \"integer\", \"generator\": \"int\","
        "   \"generator_config\": {\"min\": 0, \"max\": 100}},"
        "  {\"name\": \"c\", \"type\": \"integer\"},"
        "  {\"name\": \"d\", \"type\": \"integer\"}],"
        "  \"primary_key\": [\"id\"],"
        "  \"check_constraints\": [{\"expression\": \"c = a + b\"},"
        "   {\"expression\": \"d = c * 2\"}, {\"expression\": \"c < 75\"},"
        "   {\"expression\": \"a > b\"}],"
        "  \"row_count\": 400}}}";
    static const struct {
        const char *table;
        uint64_t hash;
    } want[] = {{"p", UINT64_C(13063121070330178255)},
                {"t", UINT64_C(6253012978994961733)},
                {"u", UINT64_C(1833629364933363872)}};
    struct fixture f;
    CHECK(setup(&f, json, NULL) == 0);
    for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
        const struct plan_table *t = plan_find_table(&f.plan, want[w].table);
        CHECK(t != NULL);
        uint64_t hash = UINT64_C(14695981039346656037);
        size_t failed = 0;
        for (uint64_t row = 0; row < t->row_count; row++) {
            struct value v[8];
            failed += !plan_generate_row(t, row, &f.arena, v);
            struct buf b;
            buf_init(&b, 64);
            for (size_t c = 0; c < t->column_count; c++) {
                if (v[c].kind == VALUE_NULL)
                    buf_puts(&b, "NULL");
                else
                    value_format(&v[c], &b);
                buf_putc(&b, '|');
            }
            for (size_t i = 0; i < b.len; i++)
                hash = (hash ^ (unsigned char)b.data[i]) *
                       UINT64_C(1099511628211);
            buf_release(&b);
            arena_reset(&f.arena);
        }
        CHECK_INT_EQ(failed, 0);
        CHECK(hash == want[w].hash);
    }
    teardown(&f);
}

/* Looked-up values are remembered per thread, keyed by plan: a plan built
 * after another (at the same address, same tables, another seed) must see
 * its own referenced rows, long texts (not kept) included. */
static void
test_lookup_memo_follows_the_plan(void)
{
    static const char json[] =
        "{\"version\": \"1.0\", \"tables\": {"
        " \"p\": {\"columns\": ["
        "  {\"name\": \"id\", \"type\": \"serial\"},"
        "  {\"name\": \"code\", \"type\": \"text\", \"generator\": \"enum\","
        "   \"generator_config\": {\"values\": [\"a\", \"b\", \"c\", \"d\"]}},"
        "  {\"name\": \"label\", \"type\": \"text\", \"generator\": \"enum\","
        "   \"generator_config\": {\"values\": [\"x\", \"y\", \"z\"]}},"
        "  {\"name\": \"note\", \"type\": \"text\", \"generator\": \"sentence\","
        "   \"generator_config\": {\"min_words\": 12, \"max_words\": 20}}],"
        "  \"primary_key\": [\"id\"],"
        "  \"check_constraints\": [{\"expression\": \"(code = 'a' AND label = "
        "'x') OR (code <> 'a' AND label <> 'x')\"}],"
        "  \"row_count\": 40},"
        " \"k\": {\"columns\": ["
        "  {\"name\": \"id\", \"type\": \"serial\"},"
        "  {\"name\": \"p_id\", \"type\": \"integer\"},"
        "  {\"name\": \"code\", \"type\": \"text\", \"generator\": \"lookup\","
        "   \"generator_config\": {\"via\": \"p_id\", \"column\": \"code\"}},"
        "  {\"name\": \"note\", \"type\": \"text\", \"generator\": \"lookup\","
        "   \"generator_config\": {\"via\": \"p_id\", \"column\": \"note\"}}],"
        "  \"primary_key\": [\"id\"],"
        "  \"foreign_keys\": [{\"columns\": [\"p_id\"],"
        "   \"referenced_table\": \"p\"}],"
        "  \"row_count\": 500}}}";
    size_t long_notes = 0, differing = 0;
    char first_codes[500];
    for (uint64_t seed = 1; seed <= 2; seed++) {
        struct plan_options options;
        plan_options_init(&options);
        options.seed = seed;
        struct fixture f;
        CHECK(setup(&f, json, &options) == 0);
        const struct plan_table *p = plan_find_table(&f.plan, "p");
        const struct plan_table *k = plan_find_table(&f.plan, "k");
        for (uint64_t row = 0; row < k->row_count; row++) {
            struct value kv[4], pv[4];
            plan_generate_row(k, row, &f.arena, kv);
            plan_generate_row(p, (uint64_t)kv[1].as.i - 1, &f.arena, pv);
            for (int c = 2; c <= 3; c++) {
                CHECK_INT_EQ(kv[c].kind, VALUE_TEXT);
                CHECK_INT_EQ(kv[c].as.text.len, pv[c == 2 ? 1 : 3].as.text.len);
                CHECK(memcmp(kv[c].as.text.ptr, pv[c == 2 ? 1 : 3].as.text.ptr,
                             kv[c].as.text.len) == 0);
            }
            long_notes += kv[3].as.text.len > 48;
            if (seed == 1)
                first_codes[row] = kv[2].as.text.ptr[0];
            else
                differing += first_codes[row] != kv[2].as.text.ptr[0];
            arena_reset(&f.arena);
        }
        teardown(&f);
    }
    CHECK(long_notes > 0);
    CHECK(differing > 0);
}

int
main(void)
{
    RUN(test_references_exist);
    RUN(test_composite_keys_unique);
    RUN(test_too_many_pairs_is_an_error);
    RUN(test_checks_hold);
    RUN(test_output_independent_of_jobs);
    RUN(test_seed_changes_data_not_keys);
    RUN(test_zipf_foreign_key);
    RUN(test_check_equality_is_computed);
    RUN(test_children_follow_parents_in_time);
    RUN(test_lookup_sees_checked_values);
    RUN(test_lookup_of_computed_table_makes_whole_row);
    RUN(test_check_pattern_drives_generator);
    RUN(test_weights_and_null_fraction);
    RUN(test_impossible_check_is_reported);
    RUN(test_retries_keep_their_rows);
    RUN(test_lookup_memo_follows_the_plan);
    return HARNESS_DONE();
}
