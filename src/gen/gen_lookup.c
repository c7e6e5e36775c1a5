#include "gen/gen_internal.h"

/*
 * lookup copies a column of the row a foreign key points at (an order
 * line's unit_price from its product's price). The value depends on another
 * table's row, which only the planner can compute, so the planner resolves
 * "via" and "column" and fills the cell itself; this kind checks the shape
 * of the config and documents the generator in the registry.
 */

static const char *const lookup_keys[] = {"via", "column", NULL};

static int
config_name(const struct gen_spec *spec, const char *key,
            struct diag_list *diags)
{
    const json_t *value = gen_util_config(spec, key);
    if (value == NULL) {
        gen_util_error(spec, diags,
                       "generator \"lookup\" needs generator_config.%s",
                       key);
        return -1;
    }
    if (!json_is_string(value) || json_string_length(value) == 0) {
        gen_util_config_error(spec, key, diags,
                              "\"%s\" must be a column name", key);
        return -1;
    }
    return 0;
}

static int
lookup_compile(const struct gen_spec *spec, void **state,
               struct diag_list *diags)
{
    *state = NULL;
    int via = config_name(spec, "via", diags);
    int column = config_name(spec, "column", diags);
    return via == 0 && column == 0 ? 0 : -1;
}

static void
lookup_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    (void)state;
    (void)ctx;
    *out = value_null();
}

const struct gen_kind gen_lookup = {
    .name = "lookup",
    .description = "the value of column in the row that foreign-key column "
                   "via references (an order line's price from its product)",
    .config_keys = lookup_keys,
    .compile = lookup_compile,
    .generate = lookup_generate,
};
