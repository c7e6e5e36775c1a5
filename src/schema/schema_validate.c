#include "schema/schema.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/strutil.h"
#include "core/xalloc.h"

/* NAMEDATALEN - 1: PostgreSQL silently truncates longer names, which would
 * make two names collide or a reference miss, so they are errors here. */
#define MAX_IDENT_BYTES 63

#define PATH_SIZE 512

struct validator {
    struct schema *schema;
    struct diag_list *diags;
    bool **type_ok; /* per table, per column: the type resolved */
};

/* ---- small helpers ---- */

__attribute__((format(printf, 3, 4))) static const char *
pathf(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, size, fmt, ap);
    va_end(ap);
    return out;
}

/* hint "did you mean "x"?" for word among candidates, or NULL. */
static const char *
did_you_mean(char *out, size_t size, const char *word,
             const char *const *candidates, size_t count)
{
    const char *near = schema_closest(word, candidates, count);
    if (near == NULL)
        return NULL;
    snprintf(out, size, "did you mean \"%s\"?", near);
    return out;
}

static bool
equal_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return *a == *b;
}

static void
check_identifier(struct validator *v, const char *path, const char *what,
                 const char *name)
{
    if (name == NULL)
        return;
    if (name[0] == '\0') {
        diag_error(v->diags, path, "%s name is empty", what);
        return;
    }
    size_t length = strlen(name);
    if (length > MAX_IDENT_BYTES)
        diag_add(v->diags, DIAG_ERROR, path,
                 "PostgreSQL would truncate it; use at most 63 bytes",
                 "%s name \"%s\" is %zu bytes long, more than %d", what, name,
                 length, MAX_IDENT_BYTES);
}

static bool
has_json_key(const json_t *object, const char *key)
{
    return object == NULL || json_object_get(object, key) != NULL;
}

static json_t *
table_json(const struct validator *v, const struct table *table)
{
    json_t *tables = json_object_get(v->schema->json, "tables");
    return tables ? json_object_get(tables, table->name) : NULL;
}

static json_t *
definition_json(const struct validator *v, const struct custom_type *type)
{
    json_t *types = json_object_get(v->schema->json, "custom_types");
    json_t *object = types ? json_object_get(types, type->name) : NULL;
    return object ? json_object_get(object, "definition") : NULL;
}

static const char **
column_names(const struct table *table)
{
    const char **names = xcalloc(table->column_count + 1, sizeof(*names));
    for (size_t i = 0; i < table->column_count; i++)
        names[i] = table->columns[i].name;
    return names;
}

/* Index of column name, or -1 after reporting it unknown at path. */
static long
resolve_column(struct validator *v, const struct table *table, const char *name,
               const char *path)
{
    if (name == NULL)
        return -1;
    long index = table_column_index(table, name);
    if (index >= 0)
        return index;
    const char **names = column_names(table);
    char hint[160];
    diag_add(v->diags, DIAG_ERROR, path,
             did_you_mean(hint, sizeof(hint), name, names, table->column_count),
             "unknown column \"%s\" in table \"%s\"", name, table->name);
    free(names);
    return -1;
}

/* Resolves each name of list to a column index (into out, -1 unknown);
 * reports unknown and repeated columns. Returns true when all are fine. */
static bool
resolve_columns(struct validator *v, const struct table *table,
                const struct name_list *list, const char *base_path,
                const char *what, long *out)
{
    bool ok = true;
    char path[PATH_SIZE];
    if (list->count == 0) {
        diag_error(v->diags, base_path, "%s has no columns", what);
        return false;
    }
    for (size_t i = 0; i < list->count; i++) {
        pathf(path, sizeof(path), "%s[%zu]", base_path, i);
        out[i] = resolve_column(v, table, list->names[i], path);
        if (out[i] < 0) {
            ok = false;
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            if (out[j] == out[i]) {
                diag_error(v->diags, path, "column \"%s\" appears twice in %s",
                           list->names[i], what);
                ok = false;
                break;
            }
        }
    }
    return ok;
}

static bool
column_type_ok(const struct validator *v, const struct table *table,
               long column)
{
    size_t t = (size_t)(table - v->schema->tables);
    return column >= 0 && v->type_ok[t][column];
}

static void
format_type(const struct pg_type *type, char *out, size_t size)
{
    struct buf b;
    buf_init(&b, 64);
    pgtype_format(type, &b);
    snprintf(out, size, "%s", b.data);
    buf_release(&b);
}

/* ---- type capabilities (PostgreSQL 15, default operator classes) ---- */

static bool
has_btree(const struct pg_type *type, int depth)
{
    struct pg_type t = pgtype_element(type, true);
    if (depth > 16)
        return true;
    switch (t.base) {
    case PG_JSON:
    case PG_XML:
    case PG_POINT:
    case PG_LINE:
    case PG_LSEG:
    case PG_BOX:
    case PG_PATH:
    case PG_POLYGON:
    case PG_CIRCLE:
        return false;
    case PG_COMPOSITE:
        if (t.custom == NULL)
            return true;
        for (size_t i = 0; i < t.custom->field_count; i++)
            if (!has_btree(&t.custom->fields[i].type, depth + 1))
                return false;
        return true;
    default:
        return true;
    }
}

static bool
extension_listed(const struct schema *schema, const char *name)
{
    for (size_t i = 0; i < schema->extensions.count; i++)
        if (schema->extensions.names[i] &&
            strcmp(schema->extensions.names[i], name) == 0)
            return true;
    return false;
}

/* btree_gin / btree_gist give the scalar types these opclasses. */
static bool
btree_extension_scalar(const struct pg_type *type)
{
    struct pg_type t = pgtype_element(type, true);
    switch (t.base) {
    case PG_SMALLINT:
    case PG_INTEGER:
    case PG_BIGINT:
    case PG_NUMERIC:
    case PG_REAL:
    case PG_DOUBLE:
    case PG_MONEY:
    case PG_TEXT:
    case PG_VARCHAR:
    case PG_CHAR:
    case PG_BYTEA:
    case PG_DATE:
    case PG_TIME:
    case PG_TIMETZ:
    case PG_TIMESTAMP:
    case PG_TIMESTAMPTZ:
    case PG_INTERVAL:
    case PG_UUID:
    case PG_INET:
    case PG_CIDR:
    case PG_MACADDR:
    case PG_MACADDR8:
    case PG_BIT:
    case PG_VARBIT:
        return true;
    default:
        return false;
    }
}

static bool
gin_accepts(const struct schema *schema, const struct pg_type *type)
{
    struct pg_type resolved = *type;
    if (resolved.array_dims == 0)
        resolved = pgtype_element(type, true);
    if (resolved.array_dims > 0)
        return true;
    if (resolved.base == PG_JSONB || resolved.base == PG_TSVECTOR)
        return true;
    return extension_listed(schema, "btree_gin") &&
           btree_extension_scalar(&resolved);
}

static bool
gist_accepts(const struct schema *schema, const struct pg_type *type)
{
    if (type->array_dims > 0)
        return false;
    struct pg_type t = pgtype_element(type, true);
    switch (t.base) {
    case PG_POINT:
    case PG_BOX:
    case PG_CIRCLE:
    case PG_POLYGON:
    case PG_INT4RANGE:
    case PG_INT8RANGE:
    case PG_NUMRANGE:
    case PG_DATERANGE:
    case PG_TSRANGE:
    case PG_TSTZRANGE:
    case PG_TSVECTOR:
        return true;
    default:
        return extension_listed(schema, "btree_gist") &&
               btree_extension_scalar(&t);
    }
}

/* How many distinct values a column of this type can hold, or 0 when the
 * type is (for any realistic row count) unbounded. */
static double
distinct_values(const struct pg_type *type)
{
    if (type->array_dims > 0)
        return 0;
    struct pg_type t = pgtype_element(type, true);
    if (t.array_dims > 0)
        return 0;
    switch (t.base) {
    case PG_BOOLEAN:
        return 2;
    case PG_ENUM:
        return t.custom ? (double)t.custom->labels.count : 0;
    case PG_SMALLINT:
        /* a serial counts up from 1 */
        return type->serial ? 32767 : 65536;
    case PG_INTEGER:
        return type->serial ? 2147483647.0 : 4294967296.0;
    case PG_BIT:
        return t.length > 0 && t.length < 64 ? pow(2, t.length) : 0;
    case PG_VARBIT:
        return t.length > 0 && t.length < 63 ? pow(2, t.length + 1) - 1 : 0;
    case PG_CHAR:
    case PG_VARCHAR:
        /* printable ASCII: what any generator of readable text uses */
        return t.length > 0 && t.length <= 4 ? pow(95, t.length) : 0;
    case PG_NUMERIC:
        return t.precision > 0 && t.precision <= 15
                   ? 2 * pow(10, t.precision) - 1
                   : 0;
    default:
        return 0;
    }
}

/* ---- top level ---- */

static const char *const encodings[] = {
    "SQL_ASCII", "UTF8",         "EUC_JP",        "EUC_CN",     "EUC_KR",
    "EUC_TW",    "EUC_JIS_2004", "MULE_INTERNAL", "LATIN1",     "LATIN2",
    "LATIN3",    "LATIN4",       "LATIN5",        "LATIN6",     "LATIN7",
    "LATIN8",    "LATIN9",       "LATIN10",       "WIN1250",    "WIN1251",
    "WIN1252",   "WIN1253",      "WIN1254",       "WIN1255",    "WIN1256",
    "WIN1257",   "WIN1258",      "WIN866",        "WIN874",     "KOI8R",
    "KOI8U",     "ISO_8859_5",   "ISO_8859_6",    "ISO_8859_7", "ISO_8859_8",
};

#define ENCODING_COUNT (sizeof(encodings) / sizeof(encodings[0]))

/* PostgreSQL compares encoding names ignoring case and punctuation. */
static void
clean_encoding(const char *name, char *out, size_t size)
{
    size_t length = 0;
    for (; *name && length + 1 < size; name++)
        if (isalnum((unsigned char)*name))
            out[length++] = (char)tolower((unsigned char)*name);
    out[length] = '\0';
}

static const char *
encoding_alias(const char *cleaned)
{
    static const struct {
        const char *alias, *name;
    } aliases[] = {
        {"unicode", "UTF8"},      {"iso88591", "LATIN1"},
        {"iso88592", "LATIN2"},   {"iso88593", "LATIN3"},
        {"iso88594", "LATIN4"},   {"iso88599", "LATIN5"},
        {"iso885910", "LATIN6"},  {"iso885913", "LATIN7"},
        {"iso885914", "LATIN8"},  {"iso885915", "LATIN9"},
        {"iso885916", "LATIN10"}, {"win", "WIN1251"},
        {"alt", "WIN866"},        {"koi8", "KOI8R"},
        {"mskanji", NULL},        {"sjis", NULL},
    };
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        if (strcmp(aliases[i].alias, cleaned) == 0)
            return aliases[i].name;
    char name_clean[32];
    for (size_t i = 0; i < ENCODING_COUNT; i++) {
        clean_encoding(encodings[i], name_clean, sizeof(name_clean));
        if (strcmp(name_clean, cleaned) == 0)
            return encodings[i];
    }
    return NULL;
}

static void
validate_database(struct validator *v)
{
    struct database_config *db = &v->schema->database;
    const char *version = v->schema->version;
    if (version && strcmp(version, "1.0") != 0)
        diag_add(v->diags, DIAG_ERROR, "version", "use \"1.0\"",
                 "unsupported version \"%s\"", version);

    const char *name = db->name;
    if (name) {
        bool ok = isalpha((unsigned char)name[0]) != 0;
        for (const char *c = name; ok && *c; c++)
            ok = isalnum((unsigned char)*c) || *c == '_';
        if (!ok)
            diag_add(v->diags, DIAG_ERROR, "database.name",
                     "start with a letter and use only letters, digits and "
                     "underscores",
                     "invalid database name \"%s\"", name);
        else
            check_identifier(v, "database.name", "database", name);
    }

    const char *encoding = db->encoding;
    if (encoding) {
        const char *exact = NULL;
        for (size_t i = 0; i < ENCODING_COUNT && !exact; i++)
            if (equal_nocase(encodings[i], encoding))
                exact = encodings[i];
        char cleaned[64], hint[96];
        clean_encoding(encoding, cleaned, sizeof(cleaned));
        const char *alias = exact ? NULL : encoding_alias(cleaned);
        if (exact) {
            db->encoding = exact;
        } else if (alias) {
            snprintf(hint, sizeof(hint), "did you mean \"%s\"?", alias);
            diag_add(v->diags, DIAG_ERROR, "database.encoding", hint,
                     "unknown encoding \"%s\"", encoding);
        } else {
            diag_add(v->diags, DIAG_ERROR, "database.encoding",
                     did_you_mean(hint, sizeof(hint), encoding, encodings,
                                  ENCODING_COUNT),
                     "unknown encoding \"%s\"", encoding);
        }
    }
}

/* ---- custom types ---- */

static void
check_sql_text(struct validator *v, const char *path, const char *what,
               const char *sql)
{
    if (sql == NULL)
        return;
    const char *s = sql;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '\0') {
        diag_error(v->diags, path, "%s is empty", what);
        return;
    }
    int depth = 0;
    const char *problem = NULL;
    for (s = sql; *s && !problem; s++) {
        if (*s == '\'' || *s == '"') {
            char quote = *s;
            /* E'...' strings take backslash escapes */
            bool escapes = quote == '\'' && s > sql &&
                           (s[-1] == 'E' || s[-1] == 'e') &&
                           (s - 1 == sql || !isalnum((unsigned char)s[-2]));
            s++;
            for (;;) {
                if (*s == '\0') {
                    problem = quote == '"' ? "an unterminated quoted name"
                                           : "an unterminated string";
                    s--;
                    break;
                }
                if (escapes && *s == '\\' && s[1]) {
                    s += 2;
                    continue;
                }
                if (*s == quote) {
                    if (s[1] != quote)
                        break;
                    s++;
                }
                s++;
            }
        } else if (*s == '(') {
            depth++;
        } else if (*s == ')') {
            if (--depth < 0)
                problem = "a \")\" without \"(\"";
        }
    }
    if (!problem && depth > 0)
        problem = "a \"(\" without \")\"";
    if (problem)
        diag_error(v->diags, path, "%s \"%s\" is not valid SQL: it has %s",
                   what, sql, problem);
}

/* Whether text names a custom type the loader left out of the model
 * (reported there already, for instance for an unknown kind). */
static bool
names_dropped_type(const struct validator *v, const char *text)
{
    json_t *types = json_object_get(v->schema->json, "custom_types");
    const char *key;
    json_t *value;
    json_object_foreach(types, key, value)
    {
        (void)value;
        if (schema_find_type(v->schema, key) == NULL && strstr(text, key))
            return true;
    }
    return false;
}

static void
parse_type(struct validator *v, const char *text, const char *path,
           struct pg_type *out, bool *ok)
{
    *ok = false;
    if (text == NULL)
        return;
    struct dg_error err;
    dg_error_init(&err);
    if (pgtype_parse(text, v->schema, out, &err) < 0) {
        if (!names_dropped_type(v, text))
            diag_add(v->diags, DIAG_ERROR, path, err.hint[0] ? err.hint : NULL,
                     "%s", err.message);
        return;
    }
    *ok = true;
}

/* Whether type (transitively, through composites, domains and arrays)
 * contains the custom type target. */
static bool
contains_type(const struct pg_type *type, const struct custom_type *target,
              int depth)
{
    if (depth > 32 || type->custom == NULL)
        return false;
    const struct custom_type *custom = type->custom;
    if (custom == target)
        return true;
    if (custom->kind == CUSTOM_DOMAIN)
        return contains_type(&custom->base_type, target, depth + 1);
    if (custom->kind == CUSTOM_COMPOSITE)
        for (size_t i = 0; i < custom->field_count; i++)
            if (contains_type(&custom->fields[i].type, target, depth + 1))
                return true;
    return false;
}

static void
validate_custom_types(struct validator *v)
{
    struct schema *schema = v->schema;
    char path[PATH_SIZE];
    bool *resolved = xcalloc(schema->custom_type_count + 1, sizeof(bool));
    /* first resolve every type, so that the cycle checks below see them */
    for (size_t i = 0; i < schema->custom_type_count; i++) {
        struct custom_type *type = &schema->custom_types[i];
        const char *name = type->name;
        pathf(path, sizeof(path), "custom_types.%s", name);
        check_identifier(v, path, "type", name);
        for (size_t t = 0; t < schema->table_count; t++)
            if (strcmp(schema->tables[t].name, name) == 0)
                diag_add(v->diags, DIAG_ERROR, path,
                         "PostgreSQL creates a row type for every table; "
                         "rename one of them",
                         "type name \"%s\" is also the name of table \"%s\"",
                         name, name);
        switch (type->kind) {
        case CUSTOM_ENUM: {
            const struct name_list *labels = &type->labels;
            if (labels->count == 0 && labels->names != NULL) {
                pathf(path, sizeof(path), "custom_types.%s.definition.values",
                      name);
                diag_error(v->diags, path, "enum \"%s\" has no values", name);
            }
            for (size_t l = 0; l < labels->count; l++) {
                const char *label = labels->names[l];
                if (label == NULL)
                    continue;
                pathf(path, sizeof(path),
                      "custom_types.%s.definition.values[%zu]", name, l);
                if (strlen(label) > MAX_IDENT_BYTES)
                    diag_error(v->diags, path,
                               "enum label \"%s\" is longer than %d bytes",
                               label, MAX_IDENT_BYTES);
                for (size_t k = 0; k < l; k++)
                    if (labels->names[k] &&
                        strcmp(labels->names[k], label) == 0) {
                        diag_error(v->diags, path,
                                   "duplicate enum label \"%s\"", label);
                        break;
                    }
            }
            resolved[i] = true;
            break;
        }
        case CUSTOM_COMPOSITE: {
            if (type->field_count == 0 &&
                json_is_array(
                    json_object_get(definition_json(v, type), "fields"))) {
                pathf(path, sizeof(path), "custom_types.%s.definition.fields",
                      name);
                diag_error(v->diags, path,
                           "composite type \"%s\" has no fields", name);
            }
            bool all = true;
            for (size_t f = 0; f < type->field_count; f++) {
                struct column *field = &type->fields[f];
                pathf(path, sizeof(path),
                      "custom_types.%s.definition.fields[%zu].name", name, f);
                check_identifier(v, path, "field", field->name);
                for (size_t k = 0; k < f && field->name; k++)
                    if (type->fields[k].name &&
                        strcmp(type->fields[k].name, field->name) == 0) {
                        diag_error(v->diags, path, "duplicate field \"%s\"",
                                   field->name);
                        break;
                    }
                pathf(path, sizeof(path),
                      "custom_types.%s.definition.fields[%zu].type", name, f);
                bool ok;
                parse_type(v, field->type_text, path, &field->type, &ok);
                if (ok && field->type.serial) {
                    diag_add(v->diags, DIAG_ERROR, path,
                             "use the integer type itself",
                             "a composite field cannot be a serial");
                    ok = false;
                }
                all = all && ok;
            }
            resolved[i] = all;
            break;
        }
        case CUSTOM_DOMAIN: {
            pathf(path, sizeof(path), "custom_types.%s.definition.base_type",
                  name);
            bool ok;
            parse_type(v, type->base_type_text, path, &type->base_type, &ok);
            if (ok && type->base_type.serial) {
                diag_add(v->diags, DIAG_ERROR, path,
                         "use the integer type itself",
                         "a domain cannot be based on a serial");
                ok = false;
            }
            resolved[i] = ok;
            pathf(path, sizeof(path), "custom_types.%s.definition.constraint",
                  name);
            check_sql_text(v, path, "domain constraint", type->constraint);
            break;
        }
        }
    }
    for (size_t i = 0; i < schema->custom_type_count; i++) {
        const struct custom_type *type = &schema->custom_types[i];
        if (!resolved[i])
            continue;
        if (type->kind == CUSTOM_DOMAIN &&
            contains_type(&type->base_type, type, 0)) {
            pathf(path, sizeof(path), "custom_types.%s.definition.base_type",
                  type->name);
            diag_error(v->diags, path, "domain \"%s\" is based on itself",
                       type->name);
        }
        if (type->kind == CUSTOM_COMPOSITE) {
            for (size_t f = 0; f < type->field_count; f++) {
                if (!contains_type(&type->fields[f].type, type, 0))
                    continue;
                pathf(path, sizeof(path),
                      "custom_types.%s.definition.fields[%zu].type", type->name,
                      f);
                diag_error(v->diags, path,
                           "composite type \"%s\" cannot contain itself",
                           type->name);
            }
        }
    }
    free(resolved);
}

/* ---- tables ---- */

static void
validate_columns(struct validator *v, struct table *table, size_t t)
{
    char path[PATH_SIZE];
    v->type_ok[t] = xcalloc(table->column_count + 1, sizeof(bool));
    for (size_t i = 0; i < table->column_count; i++) {
        struct column *column = &table->columns[i];
        pathf(path, sizeof(path), "tables.%s.columns[%zu].name", table->name,
              i);
        check_identifier(v, path, "column", column->name);
        for (size_t k = 0; k < i && column->name; k++) {
            if (table->columns[k].name &&
                strcmp(table->columns[k].name, column->name) == 0) {
                char hint[96];
                snprintf(hint, sizeof(hint), "columns[%zu] has the same name",
                         k);
                diag_add(v->diags, DIAG_ERROR, path, hint,
                         "duplicate column \"%s\" in table \"%s\"",
                         column->name, table->name);
                break;
            }
        }
        pathf(path, sizeof(path), "tables.%s.columns[%zu].type", table->name,
              i);
        parse_type(v, column->type_text, path, &column->type,
                   &v->type_ok[t][i]);

        if (column->default_sql) {
            const char *d = column->default_sql;
            while (isspace((unsigned char)*d))
                d++;
            size_t length = strlen(d);
            while (length > 0 && isspace((unsigned char)d[length - 1]))
                length--;
            pathf(path, sizeof(path), "tables.%s.columns[%zu].default",
                  table->name, i);
            if (!column->nullable && length == 4 &&
                strncasecmp(d, "null", 4) == 0)
                diag_add(v->diags, DIAG_ERROR, path,
                         "set \"nullable\": true or remove the default",
                         "column \"%s\" is NOT NULL but its default is NULL",
                         column->name ? column->name : "");
            if (v->type_ok[t][i] && column->type.serial)
                diag_add(v->diags, DIAG_ERROR, path,
                         "a serial column takes its default from its sequence",
                         "serial column \"%s\" cannot have a default",
                         column->name ? column->name : "");
            check_sql_text(v, path, "default", column->default_sql);
        }
    }
}

/* Rejects a key (PRIMARY KEY, UNIQUE, unique index) over columns whose
 * types cannot hold row_count distinct values or have no btree opclass. */
static void
check_key_columns(struct validator *v, const struct table *table,
                  const long *columns, size_t count, const char *path,
                  const char *what)
{
    for (size_t i = 0; i < count; i++) {
        if (!column_type_ok(v, table, columns[i]))
            return;
        const struct column *column = &table->columns[columns[i]];
        if (!has_btree(&column->type, 0)) {
            char type[128];
            format_type(&column->type, type, sizeof(type));
            diag_add(v->diags, DIAG_ERROR, path,
                     pgtype_element(&column->type, true).base == PG_JSON
                         ? "use jsonb, which has an equality operator"
                         : "PostgreSQL has no equality operator class for it",
                     "column \"%s\" of type %s cannot be part of %s",
                     column->name, type, what);
            return;
        }
        /* NULLs never collide, so a nullable key can always be met */
        if (column->nullable)
            return;
    }

    /* A column filled by a foreign key holds at most as many distinct
     * values as the referenced table has rows; other columns are bounded
     * by their type. */
    double capacity = 1;
    bool *covered = xcalloc(count, sizeof(bool));
    struct buf reasons;
    buf_init(&reasons, 128);
    for (size_t k = 0; k < table->foreign_key_count; k++) {
        const struct foreign_key *fk = &table->foreign_keys[k];
        const struct table *parent =
            fk->referenced_table
                ? schema_find_table(v->schema, fk->referenced_table)
                : NULL;
        if (parent == NULL || parent->row_count < 0)
            continue;
        bool touches = false;
        for (size_t i = 0; i < count; i++) {
            for (size_t j = 0; j < fk->columns.count && !covered[i]; j++) {
                if (fk->columns.names[j] &&
                    table_column_index(table, fk->columns.names[j]) ==
                        columns[i]) {
                    covered[i] = true;
                    touches = true;
                    buf_printf(&reasons, "%s\"%s\"", reasons.len ? ", " : "",
                               table->columns[columns[i]].name);
                }
            }
        }
        if (touches) {
            capacity *= (double)parent->row_count;
            buf_printf(&reasons, " references \"%s\" with %lld rows",
                       parent->name, (long long)parent->row_count);
        }
    }
    bool bounded = true;
    for (size_t i = 0; i < count && bounded; i++) {
        if (covered[i])
            continue;
        const struct column *column = &table->columns[columns[i]];
        double distinct = distinct_values(&column->type);
        if (distinct == 0) {
            bounded = false;
            break;
        }
        char type[128];
        format_type(&column->type, type, sizeof(type));
        capacity *= distinct;
        buf_printf(&reasons, "%s\"%s\" is %s with %.0f values",
                   reasons.len ? ", " : "", column->name, type, distinct);
    }
    if (bounded && capacity < (double)table->row_count) {
        char hint[256];
        snprintf(hint, sizeof(hint),
                 "set \"row_count\" to at most %.0f or widen the key",
                 capacity);
        if (count == 1 && !covered[0]) {
            const struct column *column = &table->columns[columns[0]];
            char type[128];
            format_type(&column->type, type, sizeof(type));
            diag_add(v->diags, DIAG_ERROR, path, hint,
                     "%s column \"%s\" is %s, which has only %.0f distinct "
                     "values, but table \"%s\" has %lld rows",
                     what, column->name, type, capacity, table->name,
                     (long long)table->row_count);
        } else {
            diag_add(v->diags, DIAG_ERROR, path, hint,
                     "the %s can take at most %.0f distinct values (%s), but "
                     "table \"%s\" has %lld rows",
                     what, capacity, reasons.data, table->name,
                     (long long)table->row_count);
        }
    }
    buf_release(&reasons);
    free(covered);
}

static void
validate_primary_key(struct validator *v, struct table *table)
{
    const struct name_list *pk = &table->primary_key;
    if (pk->count == 0)
        return;
    char path[PATH_SIZE];
    pathf(path, sizeof(path), "tables.%s.primary_key", table->name);
    long *columns = xcalloc(pk->count, sizeof(long));
    bool ok = resolve_columns(v, table, pk, path, "the primary key", columns);
    for (size_t i = 0; i < pk->count; i++) {
        if (columns[i] < 0)
            continue;
        const struct column *column = &table->columns[columns[i]];
        if (column->nullable) {
            char column_path[PATH_SIZE];
            pathf(column_path, sizeof(column_path),
                  "tables.%s.columns[%ld].nullable", table->name, columns[i]);
            diag_add(
                v->diags, DIAG_ERROR, column_path, "set \"nullable\": false",
                "primary key column \"%s\" cannot be nullable", column->name);
        }
    }
    if (ok)
        check_key_columns(v, table, columns, pk->count, path, "primary key");
    free(columns);
}

/* Whether the set of columns equals the set of names in list. */
static bool
same_column_set(const struct table *table, const long *columns, size_t count,
                const struct name_list *list)
{
    if (list->count != count)
        return false;
    for (size_t i = 0; i < count; i++) {
        bool found = false;
        for (size_t j = 0; j < list->count && !found; j++)
            found = list->names[j] &&
                    table_column_index(table, list->names[j]) == columns[i];
        if (!found)
            return false;
    }
    return true;
}

static bool
is_unique_key(const struct table *table, const long *columns, size_t count)
{
    if (same_column_set(table, columns, count, &table->primary_key))
        return true;
    for (size_t i = 0; i < table->unique_constraint_count; i++)
        if (same_column_set(table, columns, count,
                            &table->unique_constraints[i].columns))
            return true;
    for (size_t i = 0; i < table->index_count; i++)
        if (table->indexes[i].unique &&
            equal_nocase(table->indexes[i].method, "btree") &&
            same_column_set(table, columns, count, &table->indexes[i].columns))
            return true;
    return false;
}

/* Whether a diagnostic already names the table itself (not one of its
 * foreign keys): references into it would only repeat the problem. */
static bool
table_reported(const struct validator *v, const struct table *table)
{
    size_t length = strlen("tables.") + strlen(table->name);
    for (size_t i = 0; i < v->diags->count; i++) {
        const struct diag *d = &v->diags->items[i];
        if (d->severity != DIAG_ERROR || d->path == NULL ||
            strncmp(d->path, "tables.", 7) != 0 ||
            strncmp(d->path + 7, table->name, length - 7) != 0)
            continue;
        char next = d->path[length];
        if ((next == '\0' || next == '.' || next == '[') &&
            strncmp(d->path + length, ".foreign_keys", 13) != 0)
            return true;
    }
    return false;
}

static const char *const fk_actions[] = {
    "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION",
};

/* Normalises action in place (upper case, single spaces); returns false
 * when it is not one PostgreSQL knows (reported). */
static bool
check_fk_action(struct validator *v, const char **action, const char *path)
{
    if (*action == NULL)
        return true;
    char *normal = arena_strdup(&v->schema->arena, *action);
    size_t length = 0;
    bool space = false;
    for (const char *c = *action; *c; c++) {
        if (isspace((unsigned char)*c) || *c == '_') {
            space = length > 0;
            continue;
        }
        if (space)
            normal[length++] = ' ';
        space = false;
        normal[length++] = (char)toupper((unsigned char)*c);
    }
    normal[length] = '\0';
    for (size_t i = 0; i < sizeof(fk_actions) / sizeof(fk_actions[0]); i++) {
        if (strcmp(normal, fk_actions[i]) == 0 &&
            (strchr(*action, '_') == NULL)) {
            *action = normal;
            return true;
        }
    }
    char hint[160];
    const char *near = did_you_mean(hint, sizeof(hint), normal, fk_actions,
                                    sizeof(fk_actions) / sizeof(fk_actions[0]));
    diag_add(v->diags, DIAG_ERROR, path,
             near ? near
                  : "use CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION",
             "unknown referential action \"%s\"", *action);
    return false;
}

static void
validate_foreign_key(struct validator *v, struct table *table, size_t k)
{
    struct schema *schema = v->schema;
    struct foreign_key *fk = &table->foreign_keys[k];
    char base[PATH_SIZE], path[PATH_SIZE];
    pathf(base, sizeof(base), "tables.%s.foreign_keys[%zu]", table->name, k);

    pathf(path, sizeof(path), "%s.on_delete", base);
    if (check_fk_action(v, &fk->on_delete, path) && fk->on_delete &&
        strcmp(fk->on_delete, "SET NULL") == 0) {
        for (size_t i = 0; i < fk->columns.count; i++) {
            long c = fk->columns.names[i]
                         ? table_column_index(table, fk->columns.names[i])
                         : -1;
            if (c >= 0 && !table->columns[c].nullable) {
                char hint[160];
                snprintf(hint, sizeof(hint),
                         "make \"%s\" nullable or use another action",
                         table->columns[c].name);
                diag_add(v->diags, DIAG_ERROR, path, hint,
                         "ON DELETE SET NULL but column \"%s\" is NOT NULL",
                         table->columns[c].name);
            }
        }
    }
    pathf(path, sizeof(path), "%s.on_update", base);
    if (check_fk_action(v, &fk->on_update, path) && fk->on_update &&
        strcmp(fk->on_update, "SET NULL") == 0) {
        for (size_t i = 0; i < fk->columns.count; i++) {
            long c = fk->columns.names[i]
                         ? table_column_index(table, fk->columns.names[i])
                         : -1;
            if (c >= 0 && !table->columns[c].nullable) {
                char hint[160];
                snprintf(hint, sizeof(hint),
                         "make \"%s\" nullable or use another action",
                         table->columns[c].name);
                diag_add(v->diags, DIAG_ERROR, path, hint,
                         "ON UPDATE SET NULL but column \"%s\" is NOT NULL",
                         table->columns[c].name);
            }
        }
    }

    if (fk->columns.names == NULL && fk->columns.count == 0 &&
        fk->referenced_table == NULL)
        return; /* not an object: reported by the loader */
    long *columns = xcalloc(fk->columns.count + 1, sizeof(long));
    pathf(path, sizeof(path), "%s.columns", base);
    bool ok = fk->columns.names != NULL &&
              resolve_columns(v, table, &fk->columns, path, "the foreign key",
                              columns);

    const struct table *parent = NULL;
    if (fk->referenced_table) {
        pathf(path, sizeof(path), "%s.referenced_table", base);
        parent = schema_find_table(schema, fk->referenced_table);
        if (parent == NULL) {
            const char **names =
                xcalloc(schema->table_count + 1, sizeof(*names));
            for (size_t i = 0; i < schema->table_count; i++)
                names[i] = schema->tables[i].name;
            char hint[160];
            diag_add(v->diags, DIAG_ERROR, path,
                     did_you_mean(hint, sizeof(hint), fk->referenced_table,
                                  names, schema->table_count),
                     "unknown table \"%s\"", fk->referenced_table);
            free(names);
        }
    }
    if (parent == NULL || parent->column_count == 0) {
        free(columns);
        return;
    }
    bool parent_reported = table_reported(v, parent);

    const struct name_list *referenced = &fk->referenced_columns;
    pathf(path, sizeof(path), "%s.referenced_columns", base);
    if (referenced->count == 0) {
        referenced = &parent->primary_key;
        if (referenced->count == 0 && parent_reported) {
            free(columns);
            return;
        }
        if (referenced->count == 0) {
            char hint[256];
            snprintf(hint, sizeof(hint),
                     "give table \"%s\" a \"primary_key\" or list "
                     "\"referenced_columns\"",
                     parent->name);
            pathf(path, sizeof(path), "%s.referenced_table", base);
            diag_add(v->diags, DIAG_ERROR, path, hint,
                     "table \"%s\" has no primary key to reference",
                     parent->name);
            free(columns);
            return;
        }
    }
    long *parent_columns = xcalloc(referenced->count + 1, sizeof(long));
    bool parent_ok;
    if (referenced == &fk->referenced_columns) {
        parent_ok = resolve_columns(v, parent, referenced, path,
                                    "the referenced columns", parent_columns);
    } else {
        parent_ok = true;
        for (size_t i = 0; i < referenced->count; i++) {
            parent_columns[i] =
                referenced->names[i]
                    ? table_column_index(parent, referenced->names[i])
                    : -1;
            parent_ok = parent_ok && parent_columns[i] >= 0;
        }
    }

    if (ok && fk->columns.count != referenced->count) {
        pathf(path, sizeof(path), "%s.columns", base);
        diag_add(v->diags, DIAG_ERROR, path,
                 "list one referenced column for each column",
                 "foreign key has %zu columns but references %zu",
                 fk->columns.count, referenced->count);
        ok = false;
    }
    if (ok && parent_ok) {
        for (size_t i = 0; i < fk->columns.count; i++) {
            if (!column_type_ok(v, table, columns[i]) ||
                !column_type_ok(v, parent, parent_columns[i]))
                continue;
            const struct column *child_column = &table->columns[columns[i]];
            const struct column *parent_column =
                &parent->columns[parent_columns[i]];
            if (pgtype_fk_compatible(&child_column->type, &parent_column->type))
                continue;
            char child_type[128], parent_type[128], hint[256];
            struct pg_type wanted = parent_column->type;
            wanted.serial = false;
            format_type(&child_column->type, child_type, sizeof(child_type));
            format_type(&wanted, parent_type, sizeof(parent_type));
            snprintf(hint, sizeof(hint), "give \"%s\" the type %s",
                     child_column->name, parent_type);
            pathf(path, sizeof(path), "%s.columns[%zu]", base, i);
            diag_add(v->diags, DIAG_ERROR, path, hint,
                     "column \"%s\" (%s) cannot reference \"%s\".\"%s\" (%s)",
                     child_column->name, child_type, parent->name,
                     parent_column->name, parent_type);
        }
    }
    if (parent_ok && !parent_reported &&
        !is_unique_key(parent, parent_columns, referenced->count)) {
        struct buf list;
        buf_init(&list, 64);
        for (size_t i = 0; i < referenced->count; i++) {
            if (i)
                buf_puts(&list, ", ");
            buf_puts(&list, referenced->names[i]);
        }
        char hint[PATH_SIZE];
        snprintf(hint, sizeof(hint),
                 "add a unique constraint on (%s) to table \"%s\"", list.data,
                 parent->name);
        pathf(path, sizeof(path), "%s.referenced_columns", base);
        diag_add(v->diags, DIAG_ERROR, path, hint,
                 "columns (%s) of table \"%s\" are not its primary key nor "
                 "covered by a unique constraint",
                 list.data, parent->name);
        buf_release(&list);
    }
    if (ok && parent->row_count == 0 && table->row_count > 0) {
        bool all_not_null = fk->columns.count > 0;
        for (size_t i = 0; i < fk->columns.count; i++)
            all_not_null = all_not_null && !table->columns[columns[i]].nullable;
        if (all_not_null) {
            char hint[256];
            snprintf(hint, sizeof(hint),
                     "give table \"%s\" rows or make the foreign key columns "
                     "nullable",
                     parent->name);
            pathf(path, sizeof(path), "%s.referenced_table", base);
            diag_add(v->diags, DIAG_ERROR, path, hint,
                     "table \"%s\" has row_count 0, so this NOT NULL foreign "
                     "key has nothing to reference",
                     parent->name);
        }
    }
    free(parent_columns);
    free(columns);
}

static void
validate_unique_constraints(struct validator *v, struct table *table)
{
    char path[PATH_SIZE];
    for (size_t k = 0; k < table->unique_constraint_count; k++) {
        struct unique_constraint *uc = &table->unique_constraints[k];
        if (uc->columns.names == NULL && uc->name == NULL)
            continue; /* broken item, reported by the loader */
        pathf(path, sizeof(path), "tables.%s.unique_constraints[%zu].columns",
              table->name, k);
        long *columns = xcalloc(uc->columns.count + 1, sizeof(long));
        if (resolve_columns(v, table, &uc->columns, path,
                            "the unique constraint", columns))
            check_key_columns(v, table, columns, uc->columns.count, path,
                              "unique constraint");
        free(columns);
    }
}

static const char *const index_methods[] = {"btree", "hash", "gin", "gist"};

static void
validate_indexes(struct validator *v, struct table *table)
{
    char base[PATH_SIZE], path[PATH_SIZE], hint[160];
    for (size_t k = 0; k < table->index_count; k++) {
        struct index_def *index = &table->indexes[k];
        pathf(base, sizeof(base), "tables.%s.indexes[%zu]", table->name, k);
        if (index->columns.names == NULL && index->name == NULL &&
            strcmp(index->method, "btree") == 0 && !index->unique)
            continue; /* broken item, reported by the loader */
        pathf(path, sizeof(path), "%s.type", base);
        const char *method = NULL;
        for (size_t i = 0; i < 4 && !method; i++)
            if (equal_nocase(index->method, index_methods[i]))
                method = index_methods[i];
        if (method == NULL) {
            const char *near = did_you_mean(hint, sizeof(hint), index->method,
                                            index_methods, 4);
            diag_add(v->diags, DIAG_ERROR, path,
                     near ? near : "use btree, hash, gin or gist",
                     "unknown index type \"%s\"", index->method);
        } else {
            index->method = method;
        }
        if (method && index->unique && strcmp(method, "btree") != 0)
            diag_add(v->diags, DIAG_ERROR, path,
                     "use a btree index for uniqueness",
                     "%s indexes cannot be unique", method);
        if (method && strcmp(method, "hash") == 0 && index->columns.count > 1)
            diag_add(v->diags, DIAG_ERROR, path,
                     "use a btree index or one hash index per column",
                     "hash indexes support only one column, not %zu",
                     index->columns.count);

        pathf(path, sizeof(path), "%s.columns", base);
        long *columns = xcalloc(index->columns.count + 1, sizeof(long));
        bool ok = resolve_columns(v, table, &index->columns, path, "the index",
                                  columns);
        for (size_t i = 0; ok && method && i < index->columns.count; i++) {
            if (!column_type_ok(v, table, columns[i]))
                continue;
            const struct column *column = &table->columns[columns[i]];
            char type[128], column_path[PATH_SIZE];
            format_type(&column->type, type, sizeof(type));
            pathf(column_path, sizeof(column_path), "%s.columns[%zu]", base, i);
            if (strcmp(method, "gin") == 0 &&
                !gin_accepts(v->schema, &column->type))
                diag_add(v->diags, DIAG_ERROR, column_path,
                         "gin indexes arrays, jsonb and tsvector (scalars need "
                         "the btree_gin extension); use btree",
                         "column \"%s\" of type %s cannot be in a gin index",
                         column->name, type);
            else if (strcmp(method, "gist") == 0 &&
                     !gist_accepts(v->schema, &column->type))
                diag_add(v->diags, DIAG_ERROR, column_path,
                         "gist indexes point, box, circle, polygon, ranges and "
                         "tsvector (scalars need the btree_gist extension); "
                         "use btree",
                         "column \"%s\" of type %s cannot be in a gist index",
                         column->name, type);
            else if ((strcmp(method, "btree") == 0 ||
                      strcmp(method, "hash") == 0) &&
                     !has_btree(&column->type, 0))
                diag_add(v->diags, DIAG_ERROR, column_path,
                         "PostgreSQL has no default operator class for it",
                         "column \"%s\" of type %s cannot be in a %s index",
                         column->name, type, method);
        }
        if (ok && method && index->unique && strcmp(method, "btree") == 0)
            check_key_columns(v, table, columns, index->columns.count, path,
                              "unique index");
        free(columns);
    }
}

static void
validate_checks(struct validator *v, struct table *table)
{
    char path[PATH_SIZE];
    for (size_t k = 0; k < table->check_constraint_count; k++) {
        pathf(path, sizeof(path), "tables.%s.check_constraints[%zu].expression",
              table->name, k);
        check_sql_text(v, path, "check expression",
                       table->check_constraints[k].expression);
    }
}

static void
validate_table(struct validator *v, struct table *table, size_t t)
{
    char path[PATH_SIZE];
    pathf(path, sizeof(path), "tables.%s", table->name);
    check_identifier(v, path, "table", table->name);
    if (table->column_count == 0 &&
        has_json_key(table_json(v, table), "columns")) {
        pathf(path, sizeof(path), "tables.%s.columns", table->name);
        diag_error(v->diags, path, "table \"%s\" has no columns", table->name);
    }
    if (table->row_count < 0) {
        pathf(path, sizeof(path), "tables.%s.row_count", table->name);
        diag_error(v->diags, path, "row_count must be at least 0, not %lld",
                   (long long)table->row_count);
    }
    validate_columns(v, table, t);
}

static void
validate_table_constraints(struct validator *v, struct table *table)
{
    /* with no columns every constraint would only repeat that */
    if (table->column_count == 0)
        return;
    validate_primary_key(v, table);
    validate_unique_constraints(v, table);
    validate_indexes(v, table);
    validate_checks(v, table);
}

/* ---- names shared between objects ---- */

struct named {
    const char *name;
    const char *what; /* "index", "unique constraint", ... */
    char path[PATH_SIZE];
    const struct table *table; /* constraint names are per table */
    bool relation;             /* in the schema-wide relation namespace */
    bool constraint;           /* in the table's constraint namespace */
};

static void
add_named(struct named **list, size_t *count, size_t *capacity,
          const char *name, const char *what, const struct table *table,
          bool relation, bool constraint, const char *path)
{
    if (name == NULL)
        return;
    if (*count == *capacity) {
        *capacity = *capacity ? *capacity * 2 : 32;
        *list = xrealloc(*list, *capacity * sizeof(**list));
    }
    struct named *n = &(*list)[(*count)++];
    n->name = name;
    n->what = what;
    n->table = table;
    n->relation = relation;
    n->constraint = constraint;
    snprintf(n->path, sizeof(n->path), "%s", path);
}

static void
validate_names(struct validator *v)
{
    struct schema *schema = v->schema;
    struct named *list = NULL;
    size_t count = 0, capacity = 0;
    char path[PATH_SIZE];
    for (size_t t = 0; t < schema->table_count; t++) {
        const struct table *table = &schema->tables[t];
        pathf(path, sizeof(path), "tables.%s", table->name);
        add_named(&list, &count, &capacity, table->name, "table", NULL, true,
                  false, path);
    }
    for (size_t s = 0; s < schema->sequence_count; s++) {
        pathf(path, sizeof(path), "sequences.%s", schema->sequences[s].name);
        add_named(&list, &count, &capacity, schema->sequences[s].name,
                  "sequence", NULL, true, false, path);
    }
    for (size_t t = 0; t < schema->table_count; t++) {
        const struct table *table = &schema->tables[t];
        for (size_t k = 0; k < table->unique_constraint_count; k++) {
            pathf(path, sizeof(path), "tables.%s.unique_constraints[%zu].name",
                  table->name, k);
            add_named(&list, &count, &capacity,
                      table->unique_constraints[k].name, "unique constraint",
                      table, true, true, path);
        }
        for (size_t k = 0; k < table->index_count; k++) {
            pathf(path, sizeof(path), "tables.%s.indexes[%zu].name",
                  table->name, k);
            add_named(&list, &count, &capacity, table->indexes[k].name, "index",
                      table, true, false, path);
        }
        for (size_t k = 0; k < table->foreign_key_count; k++) {
            pathf(path, sizeof(path), "tables.%s.foreign_keys[%zu].name",
                  table->name, k);
            add_named(&list, &count, &capacity, table->foreign_keys[k].name,
                      "foreign key", table, false, true, path);
        }
        for (size_t k = 0; k < table->check_constraint_count; k++) {
            pathf(path, sizeof(path), "tables.%s.check_constraints[%zu].name",
                  table->name, k);
            add_named(&list, &count, &capacity,
                      table->check_constraints[k].name, "check constraint",
                      table, false, true, path);
        }
    }
    for (size_t i = 0; i < count; i++) {
        struct named *n = &list[i];
        if (n->table)
            check_identifier(v, n->path, n->what, n->name);
        for (size_t j = 0; j < i; j++) {
            const struct named *m = &list[j];
            if (strcmp(n->name, m->name) != 0)
                continue;
            bool clash =
                (n->relation && m->relation) ||
                (n->constraint && m->constraint && n->table == m->table);
            if (!clash)
                continue;
            char hint[PATH_SIZE + 32];
            snprintf(hint, sizeof(hint), "rename one of them (%s)", m->path);
            diag_add(v->diags, DIAG_ERROR, n->path, hint,
                     "%s name \"%s\" is already used by %s %s%s%s", n->what,
                     n->name, strcmp(m->what, "index") == 0 ? "an" : "a",
                     m->what, m->table ? " of table " : "",
                     m->table ? m->table->name : "");
            break;
        }
    }
    free(list);
}

/* ---- sequences and extensions ---- */

static void
validate_sequences(struct validator *v)
{
    char path[PATH_SIZE];
    for (size_t s = 0; s < v->schema->sequence_count; s++) {
        const struct sequence *seq = &v->schema->sequences[s];
        pathf(path, sizeof(path), "sequences.%s", seq->name);
        check_identifier(v, path, "sequence", seq->name);
        if (seq->increment == 0) {
            pathf(path, sizeof(path), "sequences.%s.increment", seq->name);
            diag_error(v->diags, path, "increment must not be zero");
            continue;
        }
        if (seq->cache < 1) {
            pathf(path, sizeof(path), "sequences.%s.cache", seq->name);
            diag_error(v->diags, path, "cache must be at least 1, not %lld",
                       (long long)seq->cache);
        }
        int64_t min = seq->has_min_value   ? seq->min_value
                      : seq->increment > 0 ? 1
                                           : INT64_MIN;
        int64_t max = seq->has_max_value   ? seq->max_value
                      : seq->increment > 0 ? INT64_MAX
                                           : -1;
        if (min >= max) {
            pathf(path, sizeof(path), "sequences.%s.%s", seq->name,
                  seq->has_min_value ? "min_value" : "max_value");
            diag_error(v->diags, path,
                       "min_value %lld must be less than max_value %lld",
                       (long long)min, (long long)max);
            continue;
        }
        pathf(path, sizeof(path), "sequences.%s.start", seq->name);
        if (seq->start < min)
            diag_error(v->diags, path, "start %lld is below min_value %lld",
                       (long long)seq->start, (long long)min);
        else if (seq->start > max)
            diag_error(v->diags, path, "start %lld is above max_value %lld",
                       (long long)seq->start, (long long)max);
    }
}

static const char *const known_extensions[] = {
    "adminpack",
    "amcheck",
    "autoinc",
    "bloom",
    "btree_gin",
    "btree_gist",
    "citext",
    "cube",
    "dblink",
    "dict_int",
    "dict_xsyn",
    "earthdistance",
    "file_fdw",
    "fuzzystrmatch",
    "hstore",
    "insert_username",
    "intagg",
    "intarray",
    "isn",
    "lo",
    "ltree",
    "moddatetime",
    "old_snapshot",
    "pageinspect",
    "pg_buffercache",
    "pg_freespacemap",
    "pg_prewarm",
    "pg_stat_statements",
    "pg_surgery",
    "pg_trgm",
    "pg_visibility",
    "pg_walinspect",
    "pgcrypto",
    "pgrowlocks",
    "pgstattuple",
    "plpgsql",
    "postgres_fdw",
    "refint",
    "seg",
    "sslinfo",
    "tablefunc",
    "tcn",
    "tsm_system_rows",
    "tsm_system_time",
    "unaccent",
    "uuid-ossp",
    "xml2",
    "postgis",
    "postgis_topology",
    "vector",
    "timescaledb",
};

static void
validate_extensions(struct validator *v)
{
    const struct name_list *ext = &v->schema->extensions;
    size_t known_count = sizeof(known_extensions) / sizeof(known_extensions[0]);
    char path[PATH_SIZE], hint[160];
    for (size_t i = 0; i < ext->count; i++) {
        const char *name = ext->names[i];
        if (name == NULL)
            continue;
        pathf(path, sizeof(path), "extensions[%zu]", i);
        bool duplicate = false;
        for (size_t j = 0; j < i && !duplicate; j++)
            duplicate = ext->names[j] && strcmp(ext->names[j], name) == 0;
        if (duplicate) {
            diag_error(v->diags, path, "duplicate extension \"%s\"", name);
            continue;
        }
        if (name[0] == '\0') {
            diag_error(v->diags, path, "extension name is empty");
            continue;
        }
        bool known = false;
        for (size_t j = 0; j < known_count && !known; j++)
            known = strcmp(known_extensions[j], name) == 0;
        if (!known)
            diag_add(v->diags, DIAG_WARNING, path,
                     did_you_mean(hint, sizeof(hint), name, known_extensions,
                                  known_count),
                     "unknown extension \"%s\"; it must be installed where "
                     "the dump is restored",
                     name);
    }
}

size_t
schema_validate(struct schema *schema, struct diag_list *diags)
{
    size_t errors_before = diags->error_count;
    struct validator v = {.schema = schema, .diags = diags};
    validate_database(&v);
    if (schema->table_count == 0 &&
        json_is_object(json_object_get(schema->json, "tables")))
        diag_add(diags, DIAG_ERROR, "tables", "add at least one table",
                 "the schema has no tables");
    else if (schema->table_count == 0 && schema->json == NULL)
        diag_add(diags, DIAG_ERROR, "tables", "add at least one table",
                 "the schema has no tables");
    validate_custom_types(&v);
    v.type_ok = xcalloc(schema->table_count + 1, sizeof(*v.type_ok));
    for (size_t t = 0; t < schema->table_count; t++)
        validate_table(&v, &schema->tables[t], t);
    for (size_t t = 0; t < schema->table_count; t++)
        validate_table_constraints(&v, &schema->tables[t]);
    /* after every table's own checks, so that a broken referenced table is
     * known and not blamed twice */
    for (size_t t = 0; t < schema->table_count; t++)
        for (size_t k = 0; k < schema->tables[t].foreign_key_count; k++)
            if (schema->tables[t].column_count > 0)
                validate_foreign_key(&v, &schema->tables[t], k);
    validate_names(&v);
    validate_sequences(&v);
    validate_extensions(&v);
    for (size_t t = 0; t < schema->table_count; t++)
        free(v.type_ok[t]);
    free(v.type_ok);
    return diags->error_count - errors_before;
}

/* ---- lookups ---- */

const struct table *
schema_find_table(const struct schema *schema, const char *name)
{
    for (size_t i = 0; i < schema->table_count; i++)
        if (strcmp(schema->tables[i].name, name) == 0)
            return &schema->tables[i];
    return NULL;
}

const struct custom_type *
schema_find_type(const struct schema *schema, const char *name)
{
    for (size_t i = 0; i < schema->custom_type_count; i++)
        if (strcmp(schema->custom_types[i].name, name) == 0)
            return &schema->custom_types[i];
    return NULL;
}

const struct sequence *
schema_find_sequence(const struct schema *schema, const char *name)
{
    for (size_t i = 0; i < schema->sequence_count; i++)
        if (strcmp(schema->sequences[i].name, name) == 0)
            return &schema->sequences[i];
    return NULL;
}

long
table_column_index(const struct table *table, const char *name)
{
    for (size_t i = 0; i < table->column_count; i++)
        if (table->columns[i].name && strcmp(table->columns[i].name, name) == 0)
            return (long)i;
    return -1;
}

/* Whether a becomes b by swapping two neighbouring characters (any case). */
static bool
one_swap_apart(const char *a, const char *b)
{
    size_t length = strlen(a);
    if (length != strlen(b) || length < 2)
        return false;
    size_t i = 0;
    while (i < length &&
           tolower((unsigned char)a[i]) == tolower((unsigned char)b[i]))
        i++;
    if (i + 1 >= length)
        return false;
    if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i + 1]) ||
        tolower((unsigned char)a[i + 1]) != tolower((unsigned char)b[i]))
        return false;
    for (i += 2; i < length; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
            return false;
    return true;
}

const char *
schema_closest(const char *word, const char *const *candidates, size_t count)
{
    const char *near = str_closest(word, candidates, count);
    for (size_t i = 0; near == NULL && i < count; i++)
        if (candidates[i] && one_swap_apart(word, candidates[i]))
            near = candidates[i];
    /* "enumeration" for "enum", "bool" for "boolean" */
    for (size_t i = 0; near == NULL && i < count; i++) {
        if (candidates[i] == NULL)
            continue;
        size_t a = strlen(word), b = strlen(candidates[i]);
        size_t shorter = a < b ? a : b;
        if (shorter >= 3 && strncasecmp(word, candidates[i], shorter) == 0)
            near = candidates[i];
    }
    return near;
}
