#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "core/xalloc.h"
#include "gen/gen_internal.h"
#include "gen/gen_semantic.h"

/* The kinds chosen by type, in the order `datagen generators` lists them;
 * the semantic kinds follow. */
static const struct gen_kind *const type_kinds[] = {
    &gen_number_int,       &gen_number_sequence, &gen_number_decimal,
    &gen_number_float,     &gen_number_boolean,  &gen_text_text,
    &gen_custom_enum,      &gen_time_date,       &gen_time_datetime,
    &gen_time_time,        &gen_time_interval,   &gen_net_uuid,
    &gen_text_json,        &gen_text_xml,        &gen_text_tsvector,
    &gen_net_bytea,        &gen_net_inet,        &gen_net_cidr,
    &gen_net_macaddr,      &gen_net_macaddr8,    &gen_net_bit,
    &gen_geo_point,        &gen_geo_line,        &gen_geo_lseg,
    &gen_geo_box,          &gen_geo_path,        &gen_geo_polygon,
    &gen_geo_circle,       &gen_geo_range,       &gen_custom_array,
    &gen_custom_composite, &gen_lookup,          &gen_foreign_key,
};

#define TYPE_KIND_COUNT (sizeof(type_kinds) / sizeof(type_kinds[0]))

static const struct {
    const char *alias;
    const char *name;
} aliases[] = {
    {"sequential", "sequence"},
};

static const struct gen_kind *
find_type_kind(const char *name)
{
    for (size_t i = 0; i < TYPE_KIND_COUNT; i++)
        if (strcmp(type_kinds[i]->name, name) == 0)
            return type_kinds[i];
    return NULL;
}

/* A semantic kind whose name a type kind already has is reached through
 * the type kind; listing it twice would make names ambiguous. */
static bool
semantic_shadowed(size_t index)
{
    return gen_semantic_kinds[index] == NULL ||
           find_type_kind(gen_semantic_kinds[index]->name) != NULL;
}

const struct gen_kind *
gen_find(const char *name)
{
    if (name == NULL)
        return NULL;
    const struct gen_kind *kind = find_type_kind(name);
    if (kind != NULL)
        return kind;
    for (size_t i = 0; i < gen_semantic_kind_count; i++)
        if (gen_semantic_kinds[i] != NULL &&
            strcmp(gen_semantic_kinds[i]->name, name) == 0)
            return gen_semantic_kinds[i];
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        if (strcmp(aliases[i].alias, name) == 0)
            return gen_find(aliases[i].name);
    return NULL;
}

size_t
gen_kind_count(void)
{
    size_t count = TYPE_KIND_COUNT;
    for (size_t i = 0; i < gen_semantic_kind_count; i++)
        if (!semantic_shadowed(i))
            count++;
    return count;
}

const struct gen_kind *
gen_kind_at(size_t index)
{
    if (index < TYPE_KIND_COUNT)
        return type_kinds[index];
    index -= TYPE_KIND_COUNT;
    for (size_t i = 0; i < gen_semantic_kind_count; i++) {
        if (semantic_shadowed(i))
            continue;
        if (index == 0)
            return gen_semantic_kinds[i];
        index--;
    }
    return NULL;
}

static const struct gen_kind *
default_for_base(const struct pg_type *t)
{
    switch (t->base) {
    case PG_SMALLINT:
    case PG_INTEGER:
    case PG_BIGINT:
        /* A serial column's values are what nextval() would have given. */
        return t->serial ? &gen_number_sequence : &gen_number_int;
    case PG_NUMERIC:
    case PG_MONEY:
        return &gen_number_decimal;
    case PG_REAL:
    case PG_DOUBLE:
        return &gen_number_float;
    case PG_BOOLEAN:
        return &gen_number_boolean;
    case PG_TEXT:
    case PG_VARCHAR:
    case PG_CHAR:
        return &gen_text_text;
    case PG_BYTEA:
        return &gen_net_bytea;
    case PG_DATE:
        return &gen_time_date;
    case PG_TIME:
    case PG_TIMETZ:
        return &gen_time_time;
    case PG_TIMESTAMP:
    case PG_TIMESTAMPTZ:
        return &gen_time_datetime;
    case PG_INTERVAL:
        return &gen_time_interval;
    case PG_UUID:
        return &gen_net_uuid;
    case PG_JSON:
    case PG_JSONB:
        return &gen_text_json;
    case PG_XML:
        return &gen_text_xml;
    case PG_INET:
        return &gen_net_inet;
    case PG_CIDR:
        return &gen_net_cidr;
    case PG_MACADDR:
        return &gen_net_macaddr;
    case PG_MACADDR8:
        return &gen_net_macaddr8;
    case PG_BIT:
    case PG_VARBIT:
        return &gen_net_bit;
    case PG_POINT:
        return &gen_geo_point;
    case PG_LINE:
        return &gen_geo_line;
    case PG_LSEG:
        return &gen_geo_lseg;
    case PG_BOX:
        return &gen_geo_box;
    case PG_PATH:
        return &gen_geo_path;
    case PG_POLYGON:
        return &gen_geo_polygon;
    case PG_CIRCLE:
        return &gen_geo_circle;
    case PG_INT4RANGE:
    case PG_INT8RANGE:
    case PG_NUMRANGE:
    case PG_DATERANGE:
    case PG_TSRANGE:
    case PG_TSTZRANGE:
        return &gen_geo_range;
    case PG_TSVECTOR:
        return &gen_text_tsvector;
    case PG_ENUM:
        return &gen_custom_enum;
    case PG_COMPOSITE:
        return &gen_custom_composite;
    case PG_DOMAIN:
    case PG_BASE_COUNT:
        break;
    }
    return &gen_text_text;
}

const struct gen_kind *
gen_default_for(const struct gen_spec *spec)
{
    /* Arrays first: a semantic kind fills the elements, through the array
     * kind, rather than the whole array. */
    if (spec->type->array_dims > 0)
        return &gen_custom_array;
    const struct gen_kind *kind = gen_semantic_match(spec);
    if (kind != NULL)
        return kind;
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0)
        return &gen_custom_array;
    return default_for_base(t);
}

/* "known keys: min, max, null_fraction"; caller frees. */
static char *
known_keys(const char *const *keys, size_t count)
{
    size_t length = 16;
    for (size_t i = 0; i < count; i++)
        length += strlen(keys[i]) + 2;
    char *text = xmalloc(length);
    strcpy(text, "known keys: ");
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            strcat(text, ", ");
        strcat(text, keys[i]);
    }
    return text;
}

size_t
gen_check_config(const struct gen_kind *kind, const struct gen_spec *spec,
                 struct diag_list *diags)
{
    if (spec->config == NULL || !json_is_object(spec->config))
        return 0;
    size_t key_count = 0;
    while (kind->config_keys != NULL && kind->config_keys[key_count] != NULL)
        key_count++;
    const char **candidates = xcalloc(key_count + 1, sizeof(*candidates));
    for (size_t i = 0; i < key_count; i++)
        candidates[i] = kind->config_keys[i];
    candidates[key_count] = "null_fraction";
    size_t errors = 0;
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)spec->config, key, value)
    {
        bool known = false;
        for (size_t i = 0; i <= key_count && !known; i++)
            known = strcmp(candidates[i], key) == 0;
        if (known)
            continue;
        const char *closest = str_closest(key, candidates, key_count + 1);
        char *path = gen_util_path(spec, key);
        char *hint = closest ? xasprintf("did you mean \"%s\"?", closest)
                             : known_keys(candidates, key_count + 1);
        diag_add(diags, DIAG_ERROR, path, hint, "unknown key \"%s\"", key);
        free(hint);
        free(path);
        errors++;
    }
    (void)value;
    free(candidates);
    return errors;
}
