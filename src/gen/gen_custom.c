#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "core/xalloc.h"
#include "gen/gen_internal.h"

/* enum: a weighted choice among values */

struct enum_state {
    struct value *values; /* texts are owned copies */
    size_t count;
    double *cumulative; /* NULL: uniform */
    bool unique;
    struct perm perm;
};

static const char *const enum_keys[] = {"values", "weights", NULL};

static void
enum_free(void *state)
{
    struct enum_state *st = state;
    if (st == NULL)
        return;
    gen_util_free_allowed(st->values, st->count);
    free(st->cumulative);
    free(st);
}

static struct value
owned_text(const char *text)
{
    return value_text(xstrdup(text), strlen(text));
}

static size_t
utf8_length(const char *text)
{
    size_t count = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        count += (*p & 0xc0) != 0x80;
    return count;
}

static bool
is_label(const struct custom_type *type, const char *text)
{
    for (size_t i = 0; i < type->labels.count; i++)
        if (strcmp(type->labels.names[i], text) == 0)
            return true;
    return false;
}

/* Reads one entry of "values" for column type t. */
static int
enum_value(const struct gen_spec *spec, const struct pg_type *t, size_t index,
           const json_t *item, struct value *out, struct diag_list *diags)
{
    char key[48];
    snprintf(key, sizeof(key), "values[%zu]", index);
    bool numeric = t->base == PG_SMALLINT || t->base == PG_INTEGER ||
                   t->base == PG_BIGINT || t->base == PG_NUMERIC ||
                   t->base == PG_REAL || t->base == PG_DOUBLE ||
                   t->base == PG_MONEY;
    if (json_is_string(item)) {
        const char *text = json_string_value(item);
        if (t->base == PG_ENUM && t->custom != NULL &&
            !is_label(t->custom, text)) {
            const char *closest = str_closest(text, t->custom->labels.names,
                                              t->custom->labels.count);
            char *path = gen_util_path(spec, key);
            char *hint =
                closest ? xasprintf("did you mean \"%s\"?", closest) : NULL;
            diag_add(diags, DIAG_ERROR, path, hint,
                     "\"%s\" is not a label of enum \"%s\"", text,
                     t->custom->name);
            free(hint);
            free(path);
            return -1;
        }
        if ((t->base == PG_VARCHAR || t->base == PG_CHAR) && t->length >= 0 &&
            utf8_length(text) > (size_t)t->length) {
            gen_util_config_error(spec, key, diags,
                                  "\"%s\" is longer than the column's %d "
                                  "characters",
                                  text, (int)t->length);
            return -1;
        }
        *out = owned_text(text);
        return 0;
    }
    if (json_is_integer(item) && numeric) {
        *out = value_int((int64_t)json_integer_value(item));
        return 0;
    }
    if (json_is_real(item) && numeric && t->base != PG_SMALLINT &&
        t->base != PG_INTEGER && t->base != PG_BIGINT) {
        out->kind = VALUE_FLOAT;
        out->float_digits = t->base == PG_REAL ? 9 : 17;
        out->as.f = json_real_value(item);
        return 0;
    }
    if (json_is_boolean(item) && t->base == PG_BOOLEAN) {
        *out = value_int(json_is_true(item));
        out->kind = VALUE_BOOL;
        return 0;
    }
    gen_util_config_error(spec, key, diags,
                          numeric ? "values must be numbers or strings"
                                  : "values must be strings");
    return -1;
}

static int
enum_compile(const struct gen_spec *spec, void **state, struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 || t->base == PG_COMPOSITE) {
        gen_util_type_error(spec, "enum", diags);
        return -1;
    }
    struct enum_state *st = xcalloc(1, sizeof(*st));
    const json_t *values = gen_util_config(spec, "values");
    const char *what = "the list of values";
    char what_buffer[160];
    if (values != NULL) {
        if (!json_is_array(values) || json_array_size(values) == 0) {
            gen_util_config_error(spec, "values", diags,
                                  "\"values\" must be a non-empty array");
            goto fail;
        }
        st->values = xcalloc(json_array_size(values), sizeof(*st->values));
        int bad = 0;
        for (size_t i = 0; i < json_array_size(values); i++) {
            if (enum_value(spec, t, i, json_array_get(values, i),
                           &st->values[st->count], diags) != 0)
                bad = 1;
            else
                st->count++;
        }
        if (bad)
            goto fail;
    } else if (t->base == PG_ENUM && t->custom != NULL &&
               t->custom->labels.count > 0) {
        st->values = xcalloc(t->custom->labels.count, sizeof(*st->values));
        for (size_t i = 0; i < t->custom->labels.count; i++)
            st->values[st->count++] = owned_text(t->custom->labels.names[i]);
        snprintf(what_buffer, sizeof(what_buffer), "enum \"%s\"",
                 t->custom->name);
        what = what_buffer;
    } else {
        st->count = gen_util_copy_allowed(spec, &st->values);
        what = "the CHECK constraint's IN list";
        if (st->count == 0) {
            gen_util_config_error(spec, "values", diags,
                                  "\"values\" is required unless the column "
                                  "has an enum type");
            goto fail;
        }
    }
    const json_t *weights = gen_util_config(spec, "weights");
    if (weights != NULL) {
        if (!json_is_array(weights)) {
            gen_util_config_error(spec, "weights", diags,
                                  "\"weights\" must be an array of numbers");
            goto fail;
        }
        if (json_array_size(weights) != st->count) {
            gen_util_config_error(spec, "weights", diags,
                                  "\"weights\" has %zu entries but there are "
                                  "%zu values",
                                  json_array_size(weights), st->count);
            goto fail;
        }
        st->cumulative = xcalloc(st->count, sizeof(double));
        double total = 0;
        for (size_t i = 0; i < st->count; i++) {
            const json_t *w = json_array_get(weights, i);
            char key[48];
            snprintf(key, sizeof(key), "weights[%zu]", i);
            if (!json_is_number(w) || !(json_number_value(w) > 0) ||
                !(json_number_value(w) < 1e300)) {
                gen_util_config_error(spec, key, diags,
                                      "weights must be positive numbers");
                goto fail;
            }
            total += json_number_value(w);
            st->cumulative[i] = total;
        }
        for (size_t i = 0; i < st->count; i++)
            st->cumulative[i] /= total;
    }
    if (gen_util_need_capacity(spec, st->count, what, diags) != 0)
        goto fail;
    st->unique = spec->unique;
    if (st->unique)
        perm_init(&st->perm, st->count, spec->key);
    *state = st;
    return 0;
fail:
    enum_free(st);
    return -1;
}

static void
enum_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct enum_state *st = state;
    size_t index;
    if (st->unique) {
        index = (size_t)perm_apply(&st->perm, ctx->row);
    } else if (st->cumulative != NULL) {
        double u = rng_unit(&ctx->rng);
        size_t low = 0, high = st->count - 1;
        while (low < high) {
            size_t mid = low + (high - low) / 2;
            if (u < st->cumulative[mid])
                high = mid;
            else
                low = mid + 1;
        }
        index = low;
    } else {
        index = (size_t)rng_below(&ctx->rng, st->count);
    }
    *out = st->values[index];
}

static const struct gen_key custom_enum_key_schema[] = {
    {"values", GEN_KEY_LIST, "the enum type's labels", "the values to pick from"},
    {"weights", GEN_KEY_LIST, "equal", "one non-negative number per value"},
    {NULL, 0, NULL, NULL},
};

const struct gen_kind gen_custom_enum = {
    .name = "enum",
    .description = "one of values (default: the enum type's labels), "
                   "optionally weighted",
    .config_keys = enum_keys,
    .types = GEN_TYPES_SCALAR & ~GEN_TYPE(PG_COMPOSITE),
    .keys = custom_enum_key_schema,
    .compile = enum_compile,
    .generate = enum_generate,
    .free = enum_free,
};

/* Nested generators: array elements and composite fields */

struct part {
    const struct gen_kind *kind;
    void *state;
};

static void
part_free(struct part *part)
{
    if (part->kind != NULL && part->kind->free != NULL && part->state != NULL)
        part->kind->free(part->state);
    part->kind = NULL;
    part->state = NULL;
}

static int
part_compile(struct part *part, const struct gen_spec *spec,
             struct diag_list *diags)
{
    part->kind = gen_default_for(spec);
    part->state = NULL;
    if (part->kind->compile(spec, &part->state, diags) != 0) {
        part->kind = NULL;
        return -1;
    }
    return 0;
}

static void
part_generate(const struct part *part, const struct gen_ctx *ctx,
              uint64_t index, struct value *out)
{
    struct gen_ctx sub = *ctx;
    sub.rng = gen_util_substream(&ctx->rng, index);
    part->kind->generate(part->state, &sub, out);
}

/* array */

#define ARRAY_MAX_ELEMENTS 1000

struct array_state {
    struct pg_type element; /* the elements' type, kept for their states */
    int dims;
    int64_t min_elements, max_elements;
    char delimiter;
    struct part first; /* unique arrays: a unique first element */
    struct part rest;
};

static const char *const array_keys[] = {"min_elements", "max_elements", NULL};

static void
array_free(void *state)
{
    struct array_state *st = state;
    if (st == NULL)
        return;
    part_free(&st->first);
    part_free(&st->rest);
    free(st);
}

static int
array_compile(const struct gen_spec *spec, void **state,
              struct diag_list *diags)
{
    const struct pg_type *t = spec->type;
    if (t->array_dims == 0)
        t = gen_util_resolve(t);
    if (t->array_dims == 0) {
        gen_util_type_error(spec, "array", diags);
        return -1;
    }
    struct array_state *st = xcalloc(1, sizeof(*st));
    st->element = *t;
    st->element.array_dims = 0;
    st->dims = t->array_dims;
    st->min_elements = 0;
    st->max_elements = 5;
    const struct pg_type *resolved = gen_util_resolve(&st->element);
    st->delimiter = resolved->base == PG_BOX ? ';' : ',';
    int found_min =
        gen_util_config_int(spec, "min_elements", &st->min_elements, diags);
    int found_max =
        gen_util_config_int(spec, "max_elements", &st->max_elements, diags);
    if (found_min < 0 || found_max < 0)
        goto fail;
    if (st->min_elements < 0 || st->min_elements > ARRAY_MAX_ELEMENTS) {
        gen_util_config_error(spec, "min_elements", diags,
                              "\"min_elements\" must be between 0 and %d",
                              ARRAY_MAX_ELEMENTS);
        goto fail;
    }
    if (st->max_elements < 0 || st->max_elements > ARRAY_MAX_ELEMENTS) {
        gen_util_config_error(spec, "max_elements", diags,
                              "\"max_elements\" must be between 0 and %d",
                              ARRAY_MAX_ELEMENTS);
        goto fail;
    }
    if (found_min == 1 && found_max != 1 && st->max_elements < st->min_elements)
        st->max_elements = st->min_elements;
    if (st->min_elements > st->max_elements) {
        gen_util_config_error(spec, "min_elements", diags,
                              "\"min_elements\" must not be greater than "
                              "\"max_elements\"");
        goto fail;
    }
    if (spec->unique && st->min_elements == 0) {
        if (st->max_elements == 0) {
            gen_util_error(spec, diags,
                           "cannot generate unique arrays with no elements");
            goto fail;
        }
        st->min_elements = 1;
    }
    struct gen_spec sub = *spec;
    sub.type = &st->element;
    sub.config = NULL;
    sub.bounds = NULL;
    sub.unique = false;
    if (part_compile(&st->rest, &sub, diags) != 0)
        goto fail;
    if (spec->unique) {
        /* Distinct first elements make the arrays distinct. */
        sub.unique = true;
        if (part_compile(&st->first, &sub, diags) != 0)
            goto fail;
    }
    *state = st;
    return 0;
fail:
    array_free(st);
    return -1;
}

static void
put_array_level(struct gen_out *o, const struct value *values,
                const uint64_t *sizes, int dims, int level, size_t *next,
                char delimiter)
{
    gen_out_putc(o, '{');
    for (uint64_t i = 0; i < sizes[level]; i++) {
        if (i > 0)
            gen_out_putc(o, delimiter);
        if (level + 1 < dims) {
            put_array_level(o, values, sizes, dims, level + 1, next, delimiter);
            continue;
        }
        const struct value *v = &values[(*next)++];
        if (v->kind == VALUE_NULL) {
            gen_out_puts(o, "NULL");
        } else if (v->kind == VALUE_TEXT) {
            gen_util_put_array_element(o, v->as.text.ptr, v->as.text.len,
                                       delimiter);
        } else {
            char scalar[GEN_UTIL_SCALAR_MAX];
            struct gen_out s = {
                .data = scalar, .len = 0, .cap = sizeof(scalar)};
            gen_util_put_value(&s, v);
            gen_util_put_array_element(o, s.data, s.len, delimiter);
        }
    }
    gen_out_putc(o, '}');
}

static void
array_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct array_state *st = state;
    uint64_t sizes[8];
    int dims = st->dims < 8 ? st->dims : 8;
    uint64_t total = 1;
    if (dims == 1) {
        sizes[0] =
            (uint64_t)rng_range(&ctx->rng, st->min_elements, st->max_elements);
        total = sizes[0];
    } else {
        /* Multidimensional arrays must be rectangular: 1..3 per dimension,
         * 2 or 3 in the outer ones so the shape shows. */
        for (int d = 0; d < dims; d++) {
            sizes[d] = (uint64_t)rng_range(&ctx->rng, d == 0 ? 2 : 1, 3);
            total *= sizes[d];
        }
    }
    struct value *values =
        arena_alloc(ctx->arena, (total ? total : 1) * sizeof(*values));
    size_t bytes = 2;
    for (uint64_t i = 0; i < total; i++) {
        const struct part *part =
            i == 0 && st->first.kind != NULL ? &st->first : &st->rest;
        part_generate(part, ctx, i, &values[i]);
        bytes += 2 * gen_util_value_max(&values[i]) + 3;
    }
    for (int d = 0; d < dims; d++)
        bytes += 2 * total + 2;
    struct gen_out o;
    gen_out_init(&o, ctx->arena, bytes);
    size_t next = 0;
    put_array_level(&o, values, sizes, dims, 0, &next, st->delimiter);
    *out = gen_out_value(&o);
}

static const struct gen_key custom_array_key_schema[] = {
    {"min_elements", GEN_KEY_INT, "0", "fewest elements"},
    {"max_elements", GEN_KEY_INT, "5", "most elements"},
    {NULL, 0, NULL, NULL},
};

const struct gen_kind gen_custom_array = {
    .name = "array",
    .description = "arrays of the element type's default generator "
                   "(min_elements..max_elements, default 0..5)",
    .config_keys = array_keys,
    .types = GEN_TYPES_ARRAY,
    .keys = custom_array_key_schema,
    .compile = array_compile,
    .generate = array_generate,
    .free = array_free,
};

/* composite */

struct composite_state {
    struct part *fields;
    size_t count;
};

static const char *const no_keys[] = {NULL};

static void
composite_free(void *state)
{
    struct composite_state *st = state;
    if (st == NULL)
        return;
    for (size_t i = 0; i < st->count; i++)
        part_free(&st->fields[i]);
    free(st->fields);
    free(st);
}

static int
composite_compile(const struct gen_spec *spec, void **state,
                  struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 || t->base != PG_COMPOSITE || t->custom == NULL) {
        gen_util_type_error(spec, "composite", diags);
        return -1;
    }
    const struct custom_type *type = t->custom;
    struct composite_state *st = xcalloc(1, sizeof(*st));
    st->fields =
        xcalloc(type->field_count ? type->field_count : 1, sizeof(*st->fields));
    int status = 0;
    for (size_t i = 0; i < type->field_count; i++) {
        char *path =
            xasprintf("%s.fields[%zu]", spec->path ? spec->path : "", i);
        struct gen_spec sub = *spec;
        sub.path = path;
        sub.table = NULL;
        sub.column = &type->fields[i];
        sub.type = &type->fields[i].type;
        sub.config = NULL;
        sub.bounds = NULL;
        /* Distinct first fields make the rows distinct. */
        sub.unique = spec->unique && i == 0;
        sub.key = rng_combine(spec->key, i);
        if (part_compile(&st->fields[i], &sub, diags) != 0)
            status = -1;
        free(path);
    }
    st->count = type->field_count;
    if (status != 0 || (spec->unique && st->count == 0)) {
        if (status == 0)
            gen_util_error(spec, diags,
                           "cannot generate unique values of a composite "
                           "type with no fields");
        composite_free(st);
        return -1;
    }
    *state = st;
    return 0;
}

static void
composite_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct composite_state *st = state;
    struct value *values =
        arena_alloc(ctx->arena, (st->count ? st->count : 1) * sizeof(*values));
    size_t bytes = 2;
    for (size_t i = 0; i < st->count; i++) {
        part_generate(&st->fields[i], ctx, i, &values[i]);
        bytes += 2 * gen_util_value_max(&values[i]) + 3;
    }
    struct gen_out o;
    gen_out_init(&o, ctx->arena, bytes);
    gen_out_putc(&o, '(');
    for (size_t i = 0; i < st->count; i++) {
        if (i > 0)
            gen_out_putc(&o, ',');
        const struct value *v = &values[i];
        if (v->kind == VALUE_NULL)
            continue;
        if (v->kind == VALUE_TEXT) {
            gen_util_put_record_field(&o, v->as.text.ptr, v->as.text.len);
        } else {
            char scalar[GEN_UTIL_SCALAR_MAX];
            struct gen_out s = {
                .data = scalar, .len = 0, .cap = sizeof(scalar)};
            gen_util_put_value(&s, v);
            gen_util_put_record_field(&o, s.data, s.len);
        }
    }
    gen_out_putc(&o, ')');
    *out = gen_out_value(&o);
}

const struct gen_kind gen_custom_composite = {
    .name = "composite",
    .description = "row values of a composite type, each field from its "
                   "type's default generator",
    .config_keys = no_keys,
    .types = GEN_TYPE(PG_COMPOSITE),
    .compile = composite_compile,
    .generate = composite_generate,
    .free = composite_free,
};
