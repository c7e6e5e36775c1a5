#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/strutil.h"
#include "core/xalloc.h"
#include "gen/gen_internal.h"
#include "gen/gen_semantic.h"

/* The kinds chosen by type, in the order `datagen generators` lists them;
 * the semantic kinds follow. */
static const struct gen_kind *const type_kinds[] = {
    &gen_number_int,       &gen_number_sequence, &gen_number_decimal,
    &gen_number_float,     &gen_number_boolean,  &gen_text_text,
    &gen_regex_kind,       &gen_template_kind,
    &gen_custom_enum,      &gen_time_date,       &gen_time_datetime,
    &gen_time_time,        &gen_time_interval,   &gen_net_uuid,
    &gen_series_timeseries, &gen_series_series,
    &gen_text_json,        &gen_text_xml,        &gen_text_tsvector,
    &gen_net_bytea,        &gen_net_inet,        &gen_net_cidr,
    &gen_net_macaddr,      &gen_net_macaddr8,    &gen_net_bit,
    &gen_geo_point,        &gen_geo_line,        &gen_geo_lseg,
    &gen_geo_box,          &gen_geo_path,        &gen_geo_polygon,
    &gen_geo_circle,       &gen_geo_range,       &gen_custom_array,
    &gen_custom_composite, &gen_lookup,          &gen_foreign_key,
    &gen_web_url,          &gen_web_domain,      &gen_web_ipv4,
    &gen_web_ipv6,         &gen_web_mac_address, &gen_web_slug,
    &gen_web_color,        &gen_web_word,        &gen_web_sentence,
    &gen_web_paragraph,    &gen_web_title,       &gen_finance_credit_card,
    &gen_finance_iban,     &gen_finance_currency_code,
    &gen_geo_latitude,     &gen_geo_longitude,
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

/* Column names for the kinds of gen_web.c, gen_finance.c and
 * gen_geo_coord.c, tried when gen_semantic_match() finds nothing. */
static const struct {
    const char *name;
    const struct gen_kind *kind;
} name_kinds[] = {
    {"latitude", &gen_geo_latitude},
    {"lat", &gen_geo_latitude},
    {"longitude", &gen_geo_longitude},
    {"lng", &gen_geo_longitude},
    {"lon", &gen_geo_longitude},
    {"long", &gen_geo_longitude},
    {"url", &gen_web_url},
    {"website", &gen_web_url},
    {"web_site", &gen_web_url},
    {"homepage", &gen_web_url},
    {"home_page", &gen_web_url},
    {"link", &gen_web_url},
    {"permalink", &gen_web_url},
    {"domain", &gen_web_domain},
    {"domain_name", &gen_web_domain},
    {"hostname", &gen_web_domain},
    {"host_name", &gen_web_domain},
    {"host", &gen_web_domain},
    {"ip", &gen_web_ipv4},
    {"ip_address", &gen_web_ipv4},
    {"ipaddress", &gen_web_ipv4},
    {"ip_addr", &gen_web_ipv4},
    {"ipv4", &gen_web_ipv4},
    {"ipv4_address", &gen_web_ipv4},
    {"remote_addr", &gen_web_ipv4},
    {"ipv6", &gen_web_ipv6},
    {"ipv6_address", &gen_web_ipv6},
    {"mac", &gen_web_mac_address},
    {"mac_address", &gen_web_mac_address},
    {"macaddress", &gen_web_mac_address},
    {"mac_addr", &gen_web_mac_address},
    {"hardware_address", &gen_web_mac_address},
    {"slug", &gen_web_slug},
    {"color", &gen_web_color},
    {"colour", &gen_web_color},
    {"hex_color", &gen_web_color},
    {"color_hex", &gen_web_color},
    {"color_code", &gen_web_color},
    {"word", &gen_web_word},
    {"keyword", &gen_web_word},
    {"tag", &gen_web_word},
    {"sentence", &gen_web_sentence},
    {"subject", &gen_web_sentence},
    {"caption", &gen_web_sentence},
    {"tagline", &gen_web_sentence},
    {"summary", &gen_web_sentence},
    {"paragraph", &gen_web_paragraph},
    {"description", &gen_web_paragraph},
    {"bio", &gen_web_paragraph},
    {"biography", &gen_web_paragraph},
    {"body", &gen_web_paragraph},
    {"content", &gen_web_paragraph},
    {"notes", &gen_web_paragraph},
    {"comment", &gen_web_paragraph},
    {"comments", &gen_web_paragraph},
    {"title", &gen_web_title},
    {"headline", &gen_web_title},
    {"credit_card", &gen_finance_credit_card},
    {"credit_card_number", &gen_finance_credit_card},
    {"card_number", &gen_finance_credit_card},
    {"cc_number", &gen_finance_credit_card},
    {"iban", &gen_finance_iban},
    {"currency", &gen_finance_currency_code},
    {"currency_code", &gen_finance_currency_code},
    {"currency_iso", &gen_finance_currency_code},
    {"uuid", &gen_net_uuid},
    {"guid", &gen_net_uuid},
};

/* Endings that keep their meaning after any prefix: avatar_url,
 * client_ip, background_color, billing_iban. */
static const struct {
    const char *suffix;
    const struct gen_kind *kind;
} suffix_kinds[] = {
    {"_url", &gen_web_url},
    {"_domain", &gen_web_domain},
    {"_ip", &gen_web_ipv4},
    {"_ip_address", &gen_web_ipv4},
    {"_ipv6", &gen_web_ipv6},
    {"_mac_address", &gen_web_mac_address},
    {"_slug", &gen_web_slug},
    {"_color", &gen_web_color},
    {"_colour", &gen_web_color},
    {"_description", &gen_web_paragraph},
    {"_iban", &gen_finance_iban},
    {"_card_number", &gen_finance_credit_card},
    {"_currency", &gen_finance_currency_code},
    {"_currency_code", &gen_finance_currency_code},
    {"_latitude", &gen_geo_latitude},
    {"_longitude", &gen_geo_longitude},
};

/* Whether kind compiles for this column: the type, its length and a
 * unique request all fit. Plan time only. */
static bool
kind_fits(const struct gen_kind *kind, const struct gen_spec *spec)
{
    if (!gen_kind_accepts(kind, spec->type))
        return false;
    struct diag_list scratch;
    diag_list_init(&scratch);
    void *state = NULL;
    bool fits = kind->compile(spec, &state, &scratch) == 0;
    if (fits && kind->free != NULL)
        kind->free(state);
    diag_list_release(&scratch);
    return fits;
}

static const struct gen_kind *
match_by_name(const struct gen_spec *spec)
{
    if (spec->column == NULL || spec->column->name == NULL)
        return NULL;
    char name[128];
    size_t n = 0;
    for (const char *p = spec->column->name; *p && n + 1 < sizeof(name); p++)
        name[n++] = (char)tolower((unsigned char)*p);
    name[n] = '\0';
    const struct gen_kind *kind = NULL;
    for (size_t i = 0; i < sizeof(name_kinds) / sizeof(name_kinds[0]); i++)
        if (strcmp(name, name_kinds[i].name) == 0)
            kind = name_kinds[i].kind;
    for (size_t i = 0;
         kind == NULL && i < sizeof(suffix_kinds) / sizeof(suffix_kinds[0]);
         i++) {
        size_t k = strlen(suffix_kinds[i].suffix);
        if (n > k && strcmp(name + n - k, suffix_kinds[i].suffix) == 0)
            kind = suffix_kinds[i].kind;
    }
    return kind != NULL && kind_fits(kind, spec) ? kind : NULL;
}

const struct gen_kind *
gen_default_for(const struct gen_spec *spec)
{
    /* Arrays first: a semantic kind fills the elements, through the array
     * kind, rather than the whole array. */
    if (spec->type->array_dims > 0)
        return &gen_custom_array;
    const struct gen_kind *kind = gen_semantic_match(spec);
    if (kind == NULL)
        kind = match_by_name(spec);
    if (kind != NULL)
        return kind;
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0)
        return &gen_custom_array;
    return default_for_base(t);
}

/* ---- declared types ---- */

static const struct pg_type *
resolve(const struct pg_type *type)
{
    while (type->base == PG_DOMAIN && type->array_dims == 0 &&
           type->custom != NULL)
        type = &type->custom->base_type;
    return type;
}

bool
gen_kind_accepts(const struct gen_kind *kind, const struct pg_type *type)
{
    if (kind->types == 0)
        return true;
    type = resolve(type);
    if (type->array_dims > 0)
        return (kind->types & GEN_TYPES_ARRAY) != 0;
    if (type->base >= PG_BASE_COUNT || type->base == PG_DOMAIN)
        return false;
    return (kind->types & GEN_TYPE(type->base)) != 0;
}

/* Words for sets of types, largest first: a set is named by the first
 * entry it covers whole. */
static const struct {
    gen_types types;
    const char *text;
} type_words[] = {
    {GEN_TYPES_SCALAR, "any scalar type"},
    {GEN_TYPES_INTEGER, "smallint/integer/bigint"},
    {GEN_TYPE(PG_NUMERIC), "numeric"},
    {GEN_TYPES_FLOAT, "real/double precision"},
    {GEN_TYPE(PG_MONEY), "money"},
    {GEN_TYPE(PG_BOOLEAN), "boolean"},
    {GEN_TYPES_TEXT, "text/varchar/char"},
    {GEN_TYPE(PG_BYTEA), "bytea"},
    {GEN_TYPE(PG_DATE), "date"},
    {GEN_TYPES_TIME, "time/timetz"},
    {GEN_TYPES_TIMESTAMP, "timestamp/timestamptz"},
    {GEN_TYPE(PG_INTERVAL), "interval"},
    {GEN_TYPE(PG_UUID), "uuid"},
    {GEN_TYPES_JSON, "json/jsonb"},
    {GEN_TYPE(PG_XML), "xml"},
    {GEN_TYPE(PG_INET), "inet"},
    {GEN_TYPE(PG_CIDR), "cidr"},
    {GEN_TYPE(PG_MACADDR), "macaddr"},
    {GEN_TYPE(PG_MACADDR8), "macaddr8"},
    {GEN_TYPES_BIT, "bit/varbit"},
    {GEN_TYPE(PG_POINT), "point"},
    {GEN_TYPE(PG_LINE), "line"},
    {GEN_TYPE(PG_LSEG), "lseg"},
    {GEN_TYPE(PG_BOX), "box"},
    {GEN_TYPE(PG_PATH), "path"},
    {GEN_TYPE(PG_POLYGON), "polygon"},
    {GEN_TYPE(PG_CIRCLE), "circle"},
    {GEN_TYPES_RANGE, "ranges"},
    {GEN_TYPE(PG_TSVECTOR), "tsvector"},
    {GEN_TYPE(PG_ENUM), "enum"},
    {GEN_TYPE(PG_COMPOSITE), "composite"},
    {GEN_TYPES_ARRAY, "arrays"},
};

const char *
gen_kind_types_text(const struct gen_kind *kind, char *buffer, size_t size)
{
    if (size == 0)
        return buffer;
    buffer[0] = '\0';
    if (kind->types_text != NULL) {
        snprintf(buffer, size, "%s", kind->types_text);
        return buffer;
    }
    if (kind->types == 0) {
        snprintf(buffer, size, "any");
        return buffer;
    }
    gen_types left = kind->types;
    size_t used = 0;
    for (size_t i = 0; i < sizeof(type_words) / sizeof(type_words[0]); i++) {
        gen_types part = type_words[i].types;
        if ((left & part) == 0 ||
            (part == GEN_TYPES_SCALAR && (left & part) != part))
            continue;
        /* a partly covered set is named base by base */
        const char *text = type_words[i].text;
        char one[256];
        if ((left & part) != part) {
            one[0] = '\0';
            size_t n = 0;
            for (int b = 0; b < PG_BASE_COUNT; b++)
                if (left & part & GEN_TYPE(b))
                    n += (size_t)snprintf(one + n, n < sizeof(one)
                                                       ? sizeof(one) - n
                                                       : 0,
                                          "%s%s", n ? ", " : "",
                                          pgtype_base_name((enum pg_base)b));
            text = one;
        }
        left &= ~part;
        int written = snprintf(buffer + used, size - used, "%s%s",
                               used ? ", " : "", text);
        if (written < 0 || (size_t)written >= size - used)
            break;
        used += (size_t)written;
    }
    return buffer;
}

/* "generators for integer: int, sequence, enum"; caller frees. */
static char *
suitable_hint(const struct pg_type *type, const char *type_name)
{
    struct buf hint;
    buf_init(&hint, 128);
    buf_printf(&hint, "generators for %s:", type_name);
    size_t listed = 0;
    for (size_t i = 0; i < gen_kind_count(); i++) {
        const struct gen_kind *kind = gen_kind_at(i);
        /* the planner's own kinds fit every type and help nobody here */
        if (kind->types == 0 || kind->types == GEN_TYPES_ANY ||
            !gen_kind_accepts(kind, type))
            continue;
        buf_printf(&hint, "%s %s", listed ? "," : "", kind->name);
        listed++;
    }
    if (listed == 0)
        buf_printf(&hint, " none but the default");
    char *text = xstrdup(hint.data);
    buf_release(&hint);
    return text;
}

size_t
gen_check_type(const struct gen_kind *kind, const struct gen_spec *spec,
               struct diag_list *diags)
{
    if (spec->type == NULL || gen_kind_accepts(kind, spec->type))
        return 0;
    char name[128];
    gen_util_type_name(spec->type, name, sizeof(name));
    char *path = xasprintf("%s.generator", spec->path ? spec->path : "");
    char *hint = suitable_hint(spec->type, name);
    diag_add(diags, DIAG_ERROR, path, hint,
             "generator \"%s\" cannot produce type \"%s\"", kind->name, name);
    free(hint);
    free(path);
    return 1;
}

size_t
gen_check(const struct gen_kind *kind, const struct gen_spec *spec,
          struct diag_list *diags)
{
    size_t errors = gen_check_type(kind, spec, diags);
    return errors ? errors : gen_check_config(kind, spec, diags);
}

/* ---- declared config keys ---- */

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

static bool
json_fits(const json_t *value, enum gen_key_type type)
{
    switch (type) {
    case GEN_KEY_INT:
    case GEN_KEY_NUMBER:
    case GEN_KEY_FRACTION:
        return json_is_number(value);
    case GEN_KEY_STRING:
        return json_is_string(value);
    case GEN_KEY_BOOL:
        return json_is_boolean(value);
    case GEN_KEY_LIST:
        return json_is_array(value);
    case GEN_KEY_SCALAR:
        return json_is_number(value) || json_is_string(value) ||
               json_is_boolean(value);
    case GEN_KEY_ANY:
        return true;
    }
    return true;
}

static const char *
key_type_name(enum gen_key_type type)
{
    switch (type) {
    case GEN_KEY_INT:
        return "an integer";
    case GEN_KEY_NUMBER:
        return "a number";
    case GEN_KEY_FRACTION:
        return "a number from 0 to 1";
    case GEN_KEY_STRING:
        return "a string";
    case GEN_KEY_BOOL:
        return "true or false";
    case GEN_KEY_LIST:
        return "an array";
    case GEN_KEY_SCALAR:
        return "a number or a string";
    case GEN_KEY_ANY:
        return "any JSON value";
    }
    return "?";
}

const char *
gen_key_type_name(enum gen_key_type type)
{
    return key_type_name(type);
}

/* Whether value is wrong for the key; adds the error. */
static bool
mistyped(const struct gen_key *key, const json_t *value,
         const struct gen_spec *spec, struct diag_list *diags)
{
    bool bad = !json_fits(value, key->type);
    if (!bad && key->type == GEN_KEY_INT && json_is_real(value)) {
        double d = json_real_value(value);
        bad = d != (double)(int64_t)d;
    }
    if (!bad && key->type == GEN_KEY_FRACTION) {
        double d = json_number_value(value);
        bad = !(d >= 0 && d <= 1);
    }
    if (bad)
        gen_util_config_error(spec, key->name, diags,
                              "\"%s\" must be %s", key->name,
                              key_type_name(key->type));
    return bad;
}

size_t
gen_check_config(const struct gen_kind *kind, const struct gen_spec *spec,
                 struct diag_list *diags)
{
    if (spec->config == NULL || !json_is_object(spec->config))
        return 0;
    size_t key_count = 0;
    if (kind->keys != NULL)
        while (kind->keys[key_count].name != NULL)
            key_count++;
    else
        while (kind->config_keys != NULL &&
               kind->config_keys[key_count] != NULL)
            key_count++;
    const char **candidates = xcalloc(key_count + 1, sizeof(*candidates));
    for (size_t i = 0; i < key_count; i++)
        candidates[i] = kind->keys ? kind->keys[i].name : kind->config_keys[i];
    candidates[key_count] = "null_fraction";
    size_t errors = 0;
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)spec->config, key, value)
    {
        size_t found = key_count + 1;
        for (size_t i = 0; i <= key_count && found > key_count; i++)
            if (strcmp(candidates[i], key) == 0)
                found = i;
        if (found < key_count && kind->keys != NULL) {
            errors += mistyped(&kind->keys[found], value, spec, diags);
            continue;
        }
        if (found <= key_count)
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
    free(candidates);
    return errors;
}
