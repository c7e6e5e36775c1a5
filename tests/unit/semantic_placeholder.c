/* Stands in for src/gen/gen_semantic.c until it exists: no semantic kinds,
 * so every default is chosen by type. Included by test_gen_types.c only. */
#include "gen/gen_semantic.h"

const struct gen_kind *const gen_semantic_kinds[] = {NULL};
const size_t gen_semantic_kind_count = 0;

const struct gen_kind *
gen_semantic_match(const struct gen_spec *spec)
{
    (void)spec;
    return NULL;
}
