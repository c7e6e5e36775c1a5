#include <string.h>

#include "gen/gen_internal.h"

/*
 * Kinds whose values come from other rows, which only the planner can
 * compute: foreign_key chooses which parent row a foreign key points at
 * (uniformly, or skewed so that a few parents get most rows), lookup copies
 * a column of that row (an order line's unit_price from its product's
 * price). The planner fills their cells itself; these kinds check the shape
 * of the config and document the generators in the registry.
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

static const struct gen_key lookup_key_schema[] = {
    {"via", GEN_KEY_STRING, NULL, "the foreign-key column whose row to read (required)"},
    {"column", GEN_KEY_STRING, NULL, "the column of that row to copy (required)"},
    {NULL, 0, NULL, NULL},
};

const struct gen_kind gen_lookup = {
    .name = "lookup",
    .description = "the value of column in the row that foreign-key column "
                   "via references (an order line's price from its product)",
    .config_keys = lookup_keys,
    .types = GEN_TYPES_ANY,
    .types_text = "the referenced column's type",
    .keys = lookup_key_schema,
    .compile = lookup_compile,
    .generate = lookup_generate,
};

static const char *const foreign_key_keys[] = {"distribution", "s", NULL};

static int
foreign_key_compile(const struct gen_spec *spec, void **state,
                    struct diag_list *diags)
{
    *state = NULL;
    int rc = 0;
    const json_t *distribution = gen_util_config(spec, "distribution");
    if (distribution != NULL &&
        (!json_is_string(distribution) ||
         (strcmp(json_string_value(distribution), "uniform") != 0 &&
          strcmp(json_string_value(distribution), "zipf") != 0))) {
        gen_util_config_error(spec, "distribution", diags,
                              "\"distribution\" must be \"uniform\" or "
                              "\"zipf\"");
        rc = -1;
    }
    double s;
    int found = gen_util_config_number(spec, "s", &s, diags);
    if (found < 0)
        rc = -1;
    else if (found > 0 && (s <= 0 || s > 10)) {
        gen_util_config_error(spec, "s", diags,
                              "\"s\" must be a number above 0 and at most "
                              "10");
        rc = -1;
    }
    return rc;
}

static const struct gen_key foreign_key_key_schema[] = {
    {"distribution", GEN_KEY_STRING, "uniform", "uniform or zipf"},
    {"s", GEN_KEY_NUMBER, "1", "zipf exponent, above 0 and at most 10"},
    {NULL, 0, NULL, NULL},
};

const struct gen_kind gen_foreign_key = {
    .name = "foreign_key",
    .description = "which referenced row a foreign-key column points at: "
                   "distribution uniform (default) or zipf, where parent k "
                   "is chosen in proportion to 1/k^s (s default 1)",
    .config_keys = foreign_key_keys,
    .types = GEN_TYPES_ANY,
    .types_text = "the referenced key's type",
    .keys = foreign_key_key_schema,
    .compile = foreign_key_compile,
    .generate = lookup_generate,
};
