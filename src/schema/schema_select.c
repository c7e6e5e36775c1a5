#include "schema/schema_select.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/strutil.h"
#include "core/xalloc.h"

void
schema_select_free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

int
schema_select_parse_list(const char *text, char ***names, size_t *count,
                         struct dg_error *err)
{
    *names = NULL;
    *count = 0;
    size_t capacity = 1;
    for (const char *c = text; *c; c++)
        capacity += *c == ',';
    char **list = xcalloc(capacity, sizeof(*list));
    size_t n = 0;
    const char *start = text;
    for (;;) {
        const char *end = start + strcspn(start, ",");
        const char *first = start, *last = end;
        while (first < last && (*first == ' ' || *first == '\t'))
            first++;
        while (last > first && (last[-1] == ' ' || last[-1] == '\t'))
            last--;
        if (first == last) {
            schema_select_free_names(list, n);
            dg_fail(err, DG_USAGE, "--tables",
                    *text == '\0' ? "the list of tables is empty"
                                  : "empty table name in \"%s\"",
                    text);
            dg_error_hint(err, "give table names separated by commas, for "
                               "example --tables orders,products");
            return -1;
        }
        list[n++] = xstrndup(first, (size_t)(last - first));
        if (*end == '\0')
            break;
        start = end + 1;
    }
    *names = list;
    *count = n;
    return 0;
}

static long
table_index(const struct schema *schema, const char *name)
{
    for (size_t i = 0; i < schema->table_count; i++)
        if (schema->tables[i].name && strcmp(schema->tables[i].name, name) == 0)
            return (long)i;
    return -1;
}

static int
unknown_table(const struct schema *schema, const char *name,
              struct dg_error *err)
{
    dg_fail(err, DG_USAGE, "--tables", "unknown table \"%s\"", name);
    const char **candidates =
        xcalloc(schema->table_count + 1, sizeof(*candidates));
    for (size_t i = 0; i < schema->table_count; i++)
        candidates[i] = schema->tables[i].name;
    const char *near = schema_closest(name, candidates, schema->table_count);
    if (near) {
        dg_error_hint(err, "did you mean \"%s\"?", near);
    } else {
        struct buf list;
        buf_init(&list, 256);
        for (size_t i = 0; i < schema->table_count; i++)
            buf_printf(&list, "%s%s", i ? ", " : "", schema->tables[i].name);
        dg_error_hint(err, "the tables are: %s", list.data);
        buf_release(&list);
    }
    free(candidates);
    return -1;
}

int
schema_select_tables(struct schema *schema, const char *const *names,
                     size_t count, struct schema_selection *out,
                     struct dg_error *err)
{
    memset(out, 0, sizeof(*out));
    size_t n = schema->table_count;
    /* brought_by[i]: -2 not kept, -1 named, else the index of the table
     * whose foreign key brought table i in */
    long *brought_by = xmalloc((n + 1) * sizeof(*brought_by));
    size_t *queue = xmalloc((n + 1) * sizeof(*queue));
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < n; i++)
        brought_by[i] = -2;
    for (size_t k = 0; k < count; k++) {
        long index = table_index(schema, names[k]);
        if (index < 0) {
            free(brought_by);
            free(queue);
            return unknown_table(schema, names[k], err);
        }
        if (brought_by[index] == -2) {
            brought_by[index] = -1;
            queue[tail++] = (size_t)index;
        }
    }
    while (head < tail) {
        size_t current = queue[head++];
        const struct table *table = &schema->tables[current];
        for (size_t f = 0; f < table->foreign_key_count; f++) {
            const char *target = table->foreign_keys[f].referenced_table;
            long index = target ? table_index(schema, target) : -1;
            if (index < 0 || brought_by[index] != -2)
                continue;
            brought_by[index] = (long)current;
            queue[tail++] = (size_t)index;
        }
    }
    size_t added = 0, removed = 0;
    for (size_t i = 0; i < n; i++) {
        added += brought_by[i] >= 0;
        removed += brought_by[i] == -2;
    }
    out->added = xcalloc(added + 1, sizeof(*out->added));
    out->removed = xcalloc(removed + 1, sizeof(*out->removed));
    /* compact in place: the kept tables slide to the front in input order;
     * names point into the arena, so the structs can move */
    const char **original = xmalloc((n + 1) * sizeof(*original));
    for (size_t i = 0; i < n; i++)
        original[i] = schema->tables[i].name;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (brought_by[i] == -2) {
            out->removed[out->removed_count++] = original[i];
            continue;
        }
        if (brought_by[i] >= 0) {
            struct schema_select_added *a = &out->added[out->added_count++];
            a->table = original[i];
            a->referenced_by = original[brought_by[i]];
        }
        if (kept != i)
            schema->tables[kept] = schema->tables[i];
        kept++;
    }
    schema->table_count = kept;
    free(original);
    free(brought_by);
    free(queue);
    return 0;
}

void
schema_selection_release(struct schema_selection *selection)
{
    free(selection->added);
    free(selection->removed);
    memset(selection, 0, sizeof(*selection));
}
