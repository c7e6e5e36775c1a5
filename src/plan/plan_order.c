#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "plan/plan.h"

/*
 * Kahn's algorithm, always taking the ready table with the smallest name,
 * so the order depends only on the schema and never on the input order.
 * When every remaining table waits on another (a cycle), the smallest name
 * goes first and the foreign keys it waits on are counted as ignored: that
 * is safe because foreign keys are created after all the data.
 */
size_t
plan_order(const struct schema *schema, size_t *order)
{
    size_t count = schema->table_count;
    bool *placed = xcalloc(count, sizeof(*placed));
    size_t ignored = 0;

    for (size_t position = 0; position < count; position++) {
        long ready = -1, fallback = -1;
        for (size_t i = 0; i < count; i++) {
            if (placed[i])
                continue;
            const struct table *t = &schema->tables[i];
            bool waits = false;
            for (size_t f = 0; f < t->foreign_key_count && !waits; f++) {
                const char *parent = t->foreign_keys[f].referenced_table;
                if (parent == NULL || strcmp(parent, t->name) == 0)
                    continue;
                for (size_t j = 0; j < count; j++)
                    if (!placed[j] &&
                        strcmp(schema->tables[j].name, parent) == 0)
                        waits = true;
            }
            if (!waits &&
                (ready < 0 || strcmp(t->name, schema->tables[ready].name) < 0))
                ready = (long)i;
            if (fallback < 0 ||
                strcmp(t->name, schema->tables[fallback].name) < 0)
                fallback = (long)i;
        }
        if (ready < 0) {
            ready = fallback;
            const struct table *t = &schema->tables[ready];
            for (size_t f = 0; f < t->foreign_key_count; f++) {
                const char *parent = t->foreign_keys[f].referenced_table;
                if (parent == NULL || strcmp(parent, t->name) == 0)
                    continue;
                for (size_t j = 0; j < count; j++)
                    if (!placed[j] && (long)j != ready &&
                        strcmp(schema->tables[j].name, parent) == 0) {
                        ignored++;
                        break;
                    }
            }
        }
        placed[ready] = true;
        order[position] = (size_t)ready;
    }
    free(placed);
    return ignored;
}
