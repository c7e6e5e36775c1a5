#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "plan/plan.h"

/* A hand-built schema: tables named in names[], foreign keys given as
 * "child>parent" pairs. */
struct fixture {
    struct schema schema;
    struct table tables[8];
    struct foreign_key fks[8][4];
};

static void
build(struct fixture *f, const char *const *names, size_t count,
      const char *const *edges, size_t edge_count)
{
    memset(f, 0, sizeof(*f));
    f->schema.tables = f->tables;
    f->schema.table_count = count;
    for (size_t i = 0; i < count; i++) {
        f->tables[i].name = names[i];
        f->tables[i].foreign_keys = f->fks[i];
    }
    for (size_t e = 0; e < edge_count; e++) {
        const char *edge = edges[e];
        const char *gt = strchr(edge, '>');
        for (size_t i = 0; i < count; i++) {
            if (strncmp(names[i], edge, (size_t)(gt - edge)) == 0 &&
                names[i][gt - edge] == '\0') {
                struct table *t = &f->tables[i];
                t->foreign_keys[t->foreign_key_count++].referenced_table =
                    gt + 1;
            }
        }
    }
}

static void
order_names(struct fixture *f, char *out, size_t size)
{
    size_t order[8];
    plan_order(&f->schema, order);
    out[0] = '\0';
    for (size_t i = 0; i < f->schema.table_count; i++) {
        if (i)
            strncat(out, " ", size - strlen(out) - 1);
        strncat(out, f->tables[order[i]].name, size - strlen(out) - 1);
    }
}

static void
test_parents_first_ties_by_name(void)
{
    const char *names[] = {"order_items", "orders", "customers", "products",
                           "addresses"};
    const char *edges[] = {"order_items>orders", "order_items>products",
                           "orders>customers", "addresses>customers"};
    struct fixture f;
    build(&f, names, 5, edges, 4);
    char text[256];
    order_names(&f, text, sizeof(text));
    CHECK_STR_EQ(text, "customers addresses orders products order_items");
}

static void
test_input_order_does_not_matter(void)
{
    const char *a[] = {"b", "a", "c"};
    const char *b[] = {"c", "b", "a"};
    const char *edges[] = {"a>c"};
    struct fixture f1, f2;
    build(&f1, a, 3, edges, 1);
    build(&f2, b, 3, edges, 1);
    char t1[64], t2[64];
    order_names(&f1, t1, sizeof(t1));
    order_names(&f2, t2, sizeof(t2));
    CHECK_STR_EQ(t1, "b c a");
    CHECK_STR_EQ(t2, "b c a");
}

static void
test_self_reference_is_not_a_cycle(void)
{
    const char *names[] = {"employees", "audit"};
    const char *edges[] = {"employees>employees", "audit>employees"};
    struct fixture f;
    build(&f, names, 2, edges, 2);
    size_t order[2];
    CHECK_INT_EQ(plan_order(&f.schema, order), 0);
    char text[64];
    order_names(&f, text, sizeof(text));
    CHECK_STR_EQ(text, "employees audit");
}

static void
test_cycle_is_broken_by_name(void)
{
    const char *names[] = {"employees", "departments", "projects"};
    const char *edges[] = {"employees>departments", "departments>employees",
                           "projects>departments"};
    struct fixture f;
    build(&f, names, 3, edges, 3);
    size_t order[3];
    CHECK_INT_EQ(plan_order(&f.schema, order), 1);
    char text[64];
    order_names(&f, text, sizeof(text));
    CHECK_STR_EQ(text, "departments employees projects");
}

int
main(void)
{
    RUN(test_parents_first_ties_by_name);
    RUN(test_input_order_does_not_matter);
    RUN(test_self_reference_is_not_a_cycle);
    RUN(test_cycle_is_broken_by_name);
    return HARNESS_DONE();
}
