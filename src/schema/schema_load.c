#include "schema/schema.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/strutil.h"
#include "core/xalloc.h"

/*
 * The loader only checks the shape of the document: JSON types, known and
 * required keys. Everything that needs the whole model (names, references,
 * types) is schema_validate()'s job. Items of arrays whose own shape is
 * broken keep their slot, with NULL where a value could not be read, so the
 * validator's paths keep the input's indexes; it skips NULL fields because
 * the loader has reported them already.
 */

struct loader {
    struct schema *schema;
    struct diag_list *diags;
    struct buf path;
};

static const char *
json_kind(const json_t *value)
{
    switch (json_typeof(value)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "a value";
}

static size_t
push_key(struct loader *ld, const char *key)
{
    size_t mark = ld->path.len;
    if (ld->path.len > 0)
        buf_putc(&ld->path, '.');
    buf_puts(&ld->path, key);
    return mark;
}

static size_t
push_index(struct loader *ld, size_t index)
{
    size_t mark = ld->path.len;
    buf_putc(&ld->path, '[');
    buf_put_u64(&ld->path, index);
    buf_putc(&ld->path, ']');
    return mark;
}

static void
pop(struct loader *ld, size_t mark)
{
    ld->path.len = mark;
    ld->path.data[mark] = '\0';
}

static const char *
path(const struct loader *ld)
{
    return ld->path.len > 0 ? ld->path.data : NULL;
}

static void
wrong_type(struct loader *ld, const json_t *value, const char *expected)
{
    diag_error(ld->diags, path(ld), "expected %s, got %s", expected,
               json_kind(value));
}

void
schema_check_keys(const json_t *object, const char *path,
                  const char *const *allowed, size_t count,
                  struct diag_list *diags)
{
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)object, key, value)
    {
        bool known = false;
        for (size_t i = 0; i < count && !known; i++)
            known = strcmp(key, allowed[i]) == 0;
        if (known)
            continue;
        const char *near = schema_closest(key, allowed, count);
        char hint[160];
        if (near)
            snprintf(hint, sizeof(hint), "did you mean \"%s\"?", near);
        diag_add(diags, DIAG_ERROR, path, near ? hint : NULL,
                 "unknown key \"%s\"", key);
    }
}

static void
check_keys(struct loader *ld, json_t *object, const char *const *allowed,
           size_t count)
{
    schema_check_keys(object, path(ld), allowed, count, ld->diags);
}

#define CHECK_KEYS(ld, object, list)                                           \
    check_keys((ld), (object), (list), sizeof(list) / sizeof((list)[0]))

static json_t *
member(struct loader *ld, json_t *object, const char *key, bool required)
{
    json_t *value = json_object_get(object, key);
    if (value == NULL && required)
        diag_error(ld->diags, path(ld), "missing required key \"%s\"", key);
    return value;
}

/* A string member; JSON null counts as absent. Returns NULL when absent or
 * of the wrong type (reported). */
static const char *
get_string(struct loader *ld, json_t *object, const char *key, bool required)
{
    json_t *value = member(ld, object, key, required);
    if (value == NULL || (json_is_null(value) && !required))
        return NULL;
    size_t mark = push_key(ld, key);
    const char *result = NULL;
    if (json_is_string(value))
        result = arena_strdup(&ld->schema->arena, json_string_value(value));
    else
        wrong_type(ld, value, "a string");
    pop(ld, mark);
    return result;
}

static bool
get_bool(struct loader *ld, json_t *object, const char *key, bool fallback)
{
    json_t *value = json_object_get(object, key);
    if (value == NULL || json_is_null(value))
        return fallback;
    if (json_is_boolean(value))
        return json_is_true(value);
    size_t mark = push_key(ld, key);
    wrong_type(ld, value, "a boolean");
    pop(ld, mark);
    return fallback;
}

/* Returns true when an integer was read into *out. */
static bool
get_int(struct loader *ld, json_t *object, const char *key, int64_t *out)
{
    json_t *value = json_object_get(object, key);
    if (value == NULL || json_is_null(value))
        return false;
    if (json_is_integer(value)) {
        *out = (int64_t)json_integer_value(value);
        return true;
    }
    size_t mark = push_key(ld, key);
    wrong_type(ld, value, "an integer");
    pop(ld, mark);
    return false;
}

/* An array of strings; NULL slots for items that are not strings. */
static void
get_names(struct loader *ld, json_t *object, const char *key, bool required,
          struct name_list *out)
{
    out->names = NULL;
    out->count = 0;
    json_t *value = member(ld, object, key, required);
    if (value == NULL || (json_is_null(value) && !required))
        return;
    size_t mark = push_key(ld, key);
    if (!json_is_array(value)) {
        wrong_type(ld, value, "an array of strings");
        pop(ld, mark);
        return;
    }
    out->count = json_array_size(value);
    out->names =
        arena_zalloc(&ld->schema->arena,
                     (out->count ? out->count : 1) * sizeof(*out->names));
    for (size_t i = 0; i < out->count; i++) {
        json_t *item = json_array_get(value, i);
        size_t item_mark = push_index(ld, i);
        if (json_is_string(item))
            out->names[i] =
                arena_strdup(&ld->schema->arena, json_string_value(item));
        else
            wrong_type(ld, item, "a string");
        pop(ld, item_mark);
    }
    pop(ld, mark);
}

/* The array member key, or NULL when absent or not an array (reported). */
static json_t *
get_array(struct loader *ld, json_t *object, const char *key, bool required)
{
    json_t *value = member(ld, object, key, required);
    if (value == NULL || (json_is_null(value) && !required))
        return NULL;
    if (json_is_array(value))
        return value;
    size_t mark = push_key(ld, key);
    wrong_type(ld, value, "an array");
    pop(ld, mark);
    return NULL;
}

static json_t *
get_object(struct loader *ld, json_t *object, const char *key, bool required)
{
    json_t *value = member(ld, object, key, required);
    if (value == NULL || (json_is_null(value) && !required))
        return NULL;
    if (json_is_object(value))
        return value;
    size_t mark = push_key(ld, key);
    wrong_type(ld, value, "an object");
    pop(ld, mark);
    return NULL;
}

static void *
alloc_items(struct loader *ld, size_t count, size_t size)
{
    return arena_zalloc(&ld->schema->arena, (count ? count : 1) * size);
}

/* "default" is SQL text; numbers and booleans are accepted as the literal
 * they spell because that is what people write. */
static const char *
get_default(struct loader *ld, json_t *object)
{
    json_t *value = json_object_get(object, "default");
    if (value == NULL || json_is_null(value))
        return NULL;
    struct arena *arena = &ld->schema->arena;
    if (json_is_string(value))
        return arena_strdup(arena, json_string_value(value));
    if (json_is_integer(value))
        return arena_printf(arena, "%lld",
                            (long long)json_integer_value(value));
    if (json_is_real(value))
        return arena_printf(arena, "%.17g", json_real_value(value));
    if (json_is_boolean(value))
        return json_is_true(value) ? "true" : "false";
    size_t mark = push_key(ld, "default");
    wrong_type(ld, value, "a string");
    pop(ld, mark);
    return NULL;
}

static void
load_column(struct loader *ld, json_t *value, struct column *column,
            bool is_field)
{
    static const char *const column_keys[] = {
        "name",    "type",      "nullable",
        "default", "generator", "generator_config",
        "comment",
    };
    static const char *const field_keys[] = {"name", "type"};
    if (!json_is_object(value)) {
        wrong_type(ld, value, "an object");
        return;
    }
    if (is_field)
        CHECK_KEYS(ld, value, field_keys);
    else
        CHECK_KEYS(ld, value, column_keys);
    column->name = get_string(ld, value, "name", true);
    column->type_text = get_string(ld, value, "type", true);
    if (is_field)
        return;
    column->nullable = get_bool(ld, value, "nullable", false);
    column->default_sql = get_default(ld, value);
    column->generator = get_string(ld, value, "generator", false);
    column->generator_config = get_object(ld, value, "generator_config", false);
    column->comment = get_string(ld, value, "comment", false);
}

static void
load_foreign_key(struct loader *ld, json_t *value, struct foreign_key *fk)
{
    static const char *const keys[] = {
        "columns",   "referenced_table", "referenced_columns",
        "on_delete", "on_update",        "name",
    };
    if (!json_is_object(value)) {
        wrong_type(ld, value, "an object");
        return;
    }
    CHECK_KEYS(ld, value, keys);
    get_names(ld, value, "columns", true, &fk->columns);
    fk->referenced_table = get_string(ld, value, "referenced_table", true);
    get_names(ld, value, "referenced_columns", false, &fk->referenced_columns);
    fk->on_delete = get_string(ld, value, "on_delete", false);
    fk->on_update = get_string(ld, value, "on_update", false);
    fk->name = get_string(ld, value, "name", false);
}

static void
load_unique(struct loader *ld, json_t *value, struct unique_constraint *uc)
{
    static const char *const keys[] = {"columns", "name"};
    if (!json_is_object(value)) {
        wrong_type(ld, value, "an object");
        return;
    }
    CHECK_KEYS(ld, value, keys);
    get_names(ld, value, "columns", true, &uc->columns);
    uc->name = get_string(ld, value, "name", false);
}

static void
load_check(struct loader *ld, json_t *value, struct check_constraint *check)
{
    static const char *const keys[] = {"expression", "name"};
    if (!json_is_object(value)) {
        wrong_type(ld, value, "an object");
        return;
    }
    CHECK_KEYS(ld, value, keys);
    check->expression = get_string(ld, value, "expression", true);
    check->name = get_string(ld, value, "name", false);
}

static void
load_index(struct loader *ld, json_t *value, struct index_def *index)
{
    static const char *const keys[] = {"columns", "name", "type", "unique"};
    index->method = "btree";
    if (!json_is_object(value)) {
        wrong_type(ld, value, "an object");
        return;
    }
    CHECK_KEYS(ld, value, keys);
    get_names(ld, value, "columns", true, &index->columns);
    index->name = get_string(ld, value, "name", false);
    const char *method = get_string(ld, value, "type", false);
    if (method)
        index->method = method;
    index->unique = get_bool(ld, value, "unique", false);
}

/* Loads the array member key of a table into a freshly allocated array of
 * items, calling load for each one under its indexed path. */
#define LOAD_ITEMS(ld, object, key, items, count, load)                        \
    do {                                                                       \
        json_t *array_ = get_array((ld), (object), (key), false);              \
        (count) = array_ ? json_array_size(array_) : 0;                        \
        (items) = alloc_items((ld), (count), sizeof(*(items)));                \
        size_t mark_ = push_key((ld), (key));                                  \
        for (size_t i_ = 0; i_ < (count); i_++) {                              \
            size_t item_mark_ = push_index((ld), i_);                          \
            load((ld), json_array_get(array_, i_), &(items)[i_]);              \
            pop((ld), item_mark_);                                             \
        }                                                                      \
        pop((ld), mark_);                                                      \
    } while (0)

static void
load_table(struct loader *ld, const char *name, json_t *value,
           struct table *table)
{
    static const char *const keys[] = {
        "columns",           "primary_key",
        "foreign_keys",      "unique_constraints",
        "check_constraints", "indexes",
        "row_count",         "comment",
    };
    table->name = arena_strdup(&ld->schema->arena, name);
    table->row_count = SCHEMA_DEFAULT_ROW_COUNT;
    CHECK_KEYS(ld, value, keys);
    json_t *columns = get_array(ld, value, "columns", true);
    table->column_count = columns ? json_array_size(columns) : 0;
    table->columns =
        alloc_items(ld, table->column_count, sizeof(*table->columns));
    size_t mark = push_key(ld, "columns");
    for (size_t i = 0; i < table->column_count; i++) {
        size_t item_mark = push_index(ld, i);
        load_column(ld, json_array_get(columns, i), &table->columns[i], false);
        pop(ld, item_mark);
    }
    pop(ld, mark);
    get_names(ld, value, "primary_key", false, &table->primary_key);
    LOAD_ITEMS(ld, value, "foreign_keys", table->foreign_keys,
               table->foreign_key_count, load_foreign_key);
    LOAD_ITEMS(ld, value, "unique_constraints", table->unique_constraints,
               table->unique_constraint_count, load_unique);
    LOAD_ITEMS(ld, value, "check_constraints", table->check_constraints,
               table->check_constraint_count, load_check);
    LOAD_ITEMS(ld, value, "indexes", table->indexes, table->index_count,
               load_index);
    table->row_count_given = get_int(ld, value, "row_count", &table->row_count);
    table->comment = get_string(ld, value, "comment", false);
}

/* "name" inside a keyed object is optional but must repeat the key. */
static void
check_name_matches(struct loader *ld, json_t *object, const char *key)
{
    const char *name = get_string(ld, object, "name", false);
    if (name && strcmp(name, key) != 0) {
        size_t mark = push_key(ld, "name");
        diag_error(ld->diags, path(ld),
                   "name \"%s\" does not match its key \"%s\"", name, key);
        pop(ld, mark);
    }
}

static void
load_sequence(struct loader *ld, const char *name, json_t *value,
              struct sequence *sequence)
{
    static const char *const keys[] = {
        "name",      "start", "increment", "min_value",
        "max_value", "cache", "cycle",
    };
    CHECK_KEYS(ld, value, keys);
    check_name_matches(ld, value, name);
    sequence->name = arena_strdup(&ld->schema->arena, name);
    sequence->start = 1;
    sequence->increment = 1;
    sequence->cache = 1;
    get_int(ld, value, "start", &sequence->start);
    get_int(ld, value, "increment", &sequence->increment);
    sequence->has_min_value =
        get_int(ld, value, "min_value", &sequence->min_value);
    sequence->has_max_value =
        get_int(ld, value, "max_value", &sequence->max_value);
    get_int(ld, value, "cache", &sequence->cache);
    sequence->cycle = get_bool(ld, value, "cycle", false);
}

static void
load_definition(struct loader *ld, json_t *definition, struct custom_type *type)
{
    static const char *const enum_keys[] = {"values"};
    static const char *const composite_keys[] = {"fields"};
    static const char *const domain_keys[] = {"base_type", "constraint",
                                              "not_null"};
    switch (type->kind) {
    case CUSTOM_ENUM:
        CHECK_KEYS(ld, definition, enum_keys);
        get_names(ld, definition, "values", true, &type->labels);
        break;
    case CUSTOM_COMPOSITE: {
        CHECK_KEYS(ld, definition, composite_keys);
        json_t *fields = get_array(ld, definition, "fields", true);
        type->field_count = fields ? json_array_size(fields) : 0;
        type->fields =
            alloc_items(ld, type->field_count, sizeof(*type->fields));
        size_t mark = push_key(ld, "fields");
        for (size_t i = 0; i < type->field_count; i++) {
            size_t item_mark = push_index(ld, i);
            load_column(ld, json_array_get(fields, i), &type->fields[i], true);
            pop(ld, item_mark);
        }
        pop(ld, mark);
        break;
    }
    case CUSTOM_DOMAIN:
        CHECK_KEYS(ld, definition, domain_keys);
        type->base_type_text = get_string(ld, definition, "base_type", true);
        type->constraint = get_string(ld, definition, "constraint", false);
        type->domain_not_null = get_bool(ld, definition, "not_null", false);
        break;
    }
}

/* Returns false when the type is unusable (its kind is unknown) and must
 * be left out of the model. */
static bool
load_custom_type(struct loader *ld, const char *name, json_t *value,
                 struct custom_type *type)
{
    static const char *const keys[] = {"name", "kind", "definition"};
    static const char *const kinds[] = {"enum", "composite", "domain"};
    CHECK_KEYS(ld, value, keys);
    check_name_matches(ld, value, name);
    type->name = arena_strdup(&ld->schema->arena, name);
    const char *kind = get_string(ld, value, "kind", true);
    json_t *definition = get_object(ld, value, "definition", true);
    if (kind == NULL)
        return false;
    if (strcmp(kind, "enum") == 0) {
        type->kind = CUSTOM_ENUM;
    } else if (strcmp(kind, "composite") == 0) {
        type->kind = CUSTOM_COMPOSITE;
    } else if (strcmp(kind, "domain") == 0) {
        type->kind = CUSTOM_DOMAIN;
    } else {
        size_t mark = push_key(ld, "kind");
        const char *near = schema_closest(kind, kinds, 3);
        char hint[80];
        if (near)
            snprintf(hint, sizeof(hint), "did you mean \"%s\"?", near);
        diag_add(ld->diags, DIAG_ERROR, path(ld),
                 near ? hint : "use \"enum\", \"composite\" or \"domain\"",
                 "unknown kind \"%s\"", kind);
        pop(ld, mark);
        return false;
    }
    if (definition) {
        size_t mark = push_key(ld, "definition");
        load_definition(ld, definition, type);
        pop(ld, mark);
    }
    return true;
}

static void
load_database(struct loader *ld, json_t *root)
{
    static const char *const keys[] = {"name", "encoding", "locale"};
    struct database_config *db = &ld->schema->database;
    db->name = "datagen";
    db->encoding = "UTF8";
    db->locale = "en_US.utf8";
    json_t *value = get_object(ld, root, "database", false);
    if (value == NULL)
        return;
    size_t mark = push_key(ld, "database");
    CHECK_KEYS(ld, value, keys);
    const char *text;
    if ((text = get_string(ld, value, "name", false)))
        db->name = text;
    if ((text = get_string(ld, value, "encoding", false)))
        db->encoding = text;
    if ((text = get_string(ld, value, "locale", false)))
        db->locale = text;
    pop(ld, mark);
}

static void
load_tables(struct loader *ld, json_t *root)
{
    struct schema *schema = ld->schema;
    json_t *tables = get_object(ld, root, "tables", true);
    if (tables == NULL)
        return;
    schema->tables =
        alloc_items(ld, json_object_size(tables), sizeof(*schema->tables));
    size_t mark = push_key(ld, "tables");
    const char *key;
    json_t *value;
    json_object_foreach(tables, key, value)
    {
        size_t item_mark = push_key(ld, key);
        if (json_is_object(value))
            load_table(ld, key, value, &schema->tables[schema->table_count++]);
        else
            wrong_type(ld, value, "an object");
        pop(ld, item_mark);
    }
    pop(ld, mark);
}

static void
load_sequences(struct loader *ld, json_t *root)
{
    struct schema *schema = ld->schema;
    json_t *sequences = get_object(ld, root, "sequences", false);
    if (sequences == NULL)
        return;
    schema->sequences = alloc_items(ld, json_object_size(sequences),
                                    sizeof(*schema->sequences));
    size_t mark = push_key(ld, "sequences");
    const char *key;
    json_t *value;
    json_object_foreach(sequences, key, value)
    {
        size_t item_mark = push_key(ld, key);
        if (json_is_object(value))
            load_sequence(ld, key, value,
                          &schema->sequences[schema->sequence_count++]);
        else
            wrong_type(ld, value, "an object");
        pop(ld, item_mark);
    }
    pop(ld, mark);
}

static void
load_custom_types(struct loader *ld, json_t *root)
{
    struct schema *schema = ld->schema;
    json_t *types = get_object(ld, root, "custom_types", false);
    if (types == NULL)
        return;
    schema->custom_types =
        alloc_items(ld, json_object_size(types), sizeof(*schema->custom_types));
    size_t mark = push_key(ld, "custom_types");
    const char *key;
    json_t *value;
    json_object_foreach(types, key, value)
    {
        size_t item_mark = push_key(ld, key);
        if (!json_is_object(value)) {
            wrong_type(ld, value, "an object");
        } else {
            struct custom_type *type =
                &schema->custom_types[schema->custom_type_count];
            if (load_custom_type(ld, key, value, type))
                schema->custom_type_count++;
            else
                memset(type, 0, sizeof(*type));
        }
        pop(ld, item_mark);
    }
    pop(ld, mark);
}

static void
load_root(struct loader *ld, json_t *root)
{
    static const char *const keys[] = {
        "$schema",   "version",      "database",   "tables",
        "sequences", "custom_types", "extensions",
    };
    CHECK_KEYS(ld, root, keys);
    json_t *meta = json_object_get(root, "$schema");
    if (meta && !json_is_string(meta)) {
        size_t mark = push_key(ld, "$schema");
        wrong_type(ld, meta, "a string");
        pop(ld, mark);
    }
    ld->schema->version = get_string(ld, root, "version", true);
    load_database(ld, root);
    load_tables(ld, root);
    load_sequences(ld, root);
    load_custom_types(ld, root);
    get_names(ld, root, "extensions", false, &ld->schema->extensions);
}

int
schema_load_json(json_t *document, const char *source, struct schema *out,
                 struct diag_list *diags, struct dg_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!json_is_object(document)) {
        dg_fail(err, DG_INVALID, source,
                "the top level must be an object, not %s",
                document ? json_kind(document) : "nothing");
        json_decref(document);
        return -1;
    }
    arena_init(&out->arena, 16 * 1024);
    out->json = document;
    out->source = arena_strdup(&out->arena, source ? source : "<input>");
    struct loader ld = {.schema = out, .diags = diags};
    buf_init(&ld.path, 128);
    load_root(&ld, document);
    buf_release(&ld.path);
    return 0;
}

int
schema_load_string(const char *text, size_t length, const char *source,
                   struct schema *out, struct diag_list *diags,
                   struct dg_error *err)
{
    memset(out, 0, sizeof(*out));
    json_error_t jerr;
    json_t *document = json_loadb(text, length, JSON_REJECT_DUPLICATES, &jerr);
    if (document == NULL) {
        char location[256];
        snprintf(location, sizeof(location), "%s:%d:%d",
                 source ? source : "<input>", jerr.line, jerr.column);
        return dg_fail(err, DG_INVALID, location, "%s", jerr.text);
    }
    return schema_load_json(document, source, out, diags, err);
}

int
schema_load_file(const char *file, struct schema *out, struct diag_list *diags,
                 struct dg_error *err)
{
    memset(out, 0, sizeof(*out));
    FILE *in = fopen(file, "rb");
    if (in == NULL)
        return dg_fail(err, DG_IO, file, "cannot open \"%s\": %s", file,
                       strerror(errno));
    struct buf text;
    buf_init(&text, 64 * 1024);
    char chunk[64 * 1024];
    size_t got;
    while ((got = fread(chunk, 1, sizeof(chunk), in)) > 0)
        buf_append(&text, chunk, got);
    int read_error = ferror(in) ? errno : 0;
    fclose(in);
    if (read_error) {
        buf_release(&text);
        return dg_fail(err, DG_IO, file, "cannot read \"%s\": %s", file,
                       strerror(read_error));
    }
    int rc = schema_load_string(text.data, text.len, file, out, diags, err);
    buf_release(&text);
    return rc;
}

void
schema_release(struct schema *schema)
{
    if (schema == NULL)
        return;
    if (schema->json) {
        arena_release(&schema->arena);
        json_decref(schema->json);
    }
    memset(schema, 0, sizeof(*schema));
}
