#include "schema/pgtype.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sqlident.h"
#include "core/strutil.h"
#include "core/xalloc.h"
#include "schema/schema.h"

/* PostgreSQL's limits on type modifiers (MaxAttrSize, NUMERIC_MAX_PRECISION,
 * MAX_TIME_PRECISION, float's 53 mantissa bits). */
#define MAX_CHAR_LENGTH       10485760
#define MAX_BIT_LENGTH        (MAX_CHAR_LENGTH * 8)
#define MAX_NUMERIC_PRECISION 1000
#define MAX_TIME_PRECISION    6
#define MAX_ARRAY_DIMS        6

enum modifier_kind {
    MOD_NONE,
    MOD_LENGTH,    /* varchar(n), char(n), bit(n), varbit(n) */
    MOD_NUMERIC,   /* numeric(p[,s]) */
    MOD_PRECISION, /* time(p), timestamp(p), interval(p) */
    MOD_FLOAT,     /* float(p): the precision picks real or double */
};

struct alias {
    const char *name;
    enum pg_base base;
    enum modifier_kind modifiers;
    bool serial;
    bool zoned; /* may be followed by WITH / WITHOUT TIME ZONE */
};

static const struct alias aliases[] = {
    {"smallint", PG_SMALLINT, MOD_NONE, false, false},
    {"int2", PG_SMALLINT, MOD_NONE, false, false},
    {"integer", PG_INTEGER, MOD_NONE, false, false},
    {"int", PG_INTEGER, MOD_NONE, false, false},
    {"int4", PG_INTEGER, MOD_NONE, false, false},
    {"bigint", PG_BIGINT, MOD_NONE, false, false},
    {"int8", PG_BIGINT, MOD_NONE, false, false},
    {"smallserial", PG_SMALLINT, MOD_NONE, true, false},
    {"serial2", PG_SMALLINT, MOD_NONE, true, false},
    {"serial", PG_INTEGER, MOD_NONE, true, false},
    {"serial4", PG_INTEGER, MOD_NONE, true, false},
    {"bigserial", PG_BIGINT, MOD_NONE, true, false},
    {"serial8", PG_BIGINT, MOD_NONE, true, false},
    {"numeric", PG_NUMERIC, MOD_NUMERIC, false, false},
    {"decimal", PG_NUMERIC, MOD_NUMERIC, false, false},
    {"dec", PG_NUMERIC, MOD_NUMERIC, false, false},
    {"real", PG_REAL, MOD_NONE, false, false},
    {"float4", PG_REAL, MOD_NONE, false, false},
    {"double precision", PG_DOUBLE, MOD_NONE, false, false},
    {"float8", PG_DOUBLE, MOD_NONE, false, false},
    {"float", PG_DOUBLE, MOD_FLOAT, false, false},
    {"money", PG_MONEY, MOD_NONE, false, false},
    {"boolean", PG_BOOLEAN, MOD_NONE, false, false},
    {"bool", PG_BOOLEAN, MOD_NONE, false, false},
    {"text", PG_TEXT, MOD_NONE, false, false},
    {"character varying", PG_VARCHAR, MOD_LENGTH, false, false},
    {"varchar", PG_VARCHAR, MOD_LENGTH, false, false},
    {"char varying", PG_VARCHAR, MOD_LENGTH, false, false},
    {"character", PG_CHAR, MOD_LENGTH, false, false},
    {"char", PG_CHAR, MOD_LENGTH, false, false},
    {"bpchar", PG_CHAR, MOD_LENGTH, false, false},
    {"bytea", PG_BYTEA, MOD_NONE, false, false},
    {"date", PG_DATE, MOD_NONE, false, false},
    {"time", PG_TIME, MOD_PRECISION, false, true},
    {"timetz", PG_TIMETZ, MOD_PRECISION, false, false},
    {"timestamp", PG_TIMESTAMP, MOD_PRECISION, false, true},
    {"timestamptz", PG_TIMESTAMPTZ, MOD_PRECISION, false, false},
    {"interval", PG_INTERVAL, MOD_PRECISION, false, false},
    {"uuid", PG_UUID, MOD_NONE, false, false},
    {"json", PG_JSON, MOD_NONE, false, false},
    {"jsonb", PG_JSONB, MOD_NONE, false, false},
    {"xml", PG_XML, MOD_NONE, false, false},
    {"inet", PG_INET, MOD_NONE, false, false},
    {"cidr", PG_CIDR, MOD_NONE, false, false},
    {"macaddr", PG_MACADDR, MOD_NONE, false, false},
    {"macaddr8", PG_MACADDR8, MOD_NONE, false, false},
    {"bit", PG_BIT, MOD_LENGTH, false, false},
    {"bit varying", PG_VARBIT, MOD_LENGTH, false, false},
    {"varbit", PG_VARBIT, MOD_LENGTH, false, false},
    {"point", PG_POINT, MOD_NONE, false, false},
    {"line", PG_LINE, MOD_NONE, false, false},
    {"lseg", PG_LSEG, MOD_NONE, false, false},
    {"box", PG_BOX, MOD_NONE, false, false},
    {"path", PG_PATH, MOD_NONE, false, false},
    {"polygon", PG_POLYGON, MOD_NONE, false, false},
    {"circle", PG_CIRCLE, MOD_NONE, false, false},
    {"int4range", PG_INT4RANGE, MOD_NONE, false, false},
    {"int8range", PG_INT8RANGE, MOD_NONE, false, false},
    {"numrange", PG_NUMRANGE, MOD_NONE, false, false},
    {"daterange", PG_DATERANGE, MOD_NONE, false, false},
    {"tsrange", PG_TSRANGE, MOD_NONE, false, false},
    {"tstzrange", PG_TSTZRANGE, MOD_NONE, false, false},
    {"tsvector", PG_TSVECTOR, MOD_NONE, false, false},
};

#define ALIAS_COUNT (sizeof(aliases) / sizeof(aliases[0]))

static const char *const base_names[] = {
#define PG_BASE_NAME(suffix, sql) sql,
    PG_BASE_MAP(PG_BASE_NAME)
#undef PG_BASE_NAME
};

const char *
pgtype_base_name(enum pg_base base)
{
    if ((int)base < 0 || base >= PG_BASE_COUNT)
        return "unknown";
    return base_names[base];
}

/* ---- tokens ---- */

enum token_kind { TOK_WORD, TOK_QUOTED, TOK_NUMBER, TOK_PUNCT };

#define TOKEN_TEXT 128
#define MAX_TOKENS 48

struct token {
    enum token_kind kind;
    char text[TOKEN_TEXT];   /* as written (quoted: without the quotes) */
    char folded[TOKEN_TEXT]; /* words: lower-cased */
    long number;
};

struct parser {
    const char *input;
    struct token tokens[MAX_TOKENS];
    size_t count;
    size_t pos;
    struct dg_error *err;
};

static int
fail_syntax(struct parser *p)
{
    return dg_fail(p->err, DG_INVALID, NULL, "invalid type \"%s\"", p->input);
}

static int
tokenize(struct parser *p)
{
    const char *s = p->input;
    while (*s) {
        unsigned char c = (unsigned char)*s;
        if (isspace(c)) {
            s++;
            continue;
        }
        if (p->count == MAX_TOKENS)
            return fail_syntax(p);
        struct token *t = &p->tokens[p->count++];
        memset(t, 0, sizeof(*t));
        size_t length = 0;
        if (isalpha(c) || c == '_' || c >= 0x80) {
            t->kind = TOK_WORD;
            while (isalnum((unsigned char)*s) || *s == '_' || *s == '$' ||
                   (unsigned char)*s >= 0x80) {
                if (length + 1 >= TOKEN_TEXT)
                    return fail_syntax(p);
                t->text[length] = *s;
                t->folded[length] = (char)tolower((unsigned char)*s);
                length++;
                s++;
            }
        } else if (c == '"') {
            t->kind = TOK_QUOTED;
            s++;
            for (;;) {
                if (*s == '\0')
                    return fail_syntax(p);
                if (*s == '"') {
                    if (s[1] != '"')
                        break;
                    s++;
                }
                if (length + 1 >= TOKEN_TEXT)
                    return fail_syntax(p);
                t->text[length++] = *s++;
            }
            s++;
            if (length == 0)
                return fail_syntax(p);
            memcpy(t->folded, t->text, length);
        } else if (isdigit(c) ||
                   ((c == '-' || c == '+') && isdigit((unsigned char)s[1]))) {
            t->kind = TOK_NUMBER;
            int sign = 1;
            if (c == '-' || c == '+') {
                sign = c == '-' ? -1 : 1;
                s++;
            }
            long value = 0;
            while (isdigit((unsigned char)*s)) {
                if (value > (LONG_MAX - 9) / 10)
                    value = LONG_MAX / 10; /* saturate: out of range anyway */
                value = value * 10 + (*s - '0');
                s++;
            }
            if (isalpha((unsigned char)*s) || *s == '.')
                return dg_fail(p->err, DG_INVALID, NULL,
                               "type modifiers must be integer constants in "
                               "\"%s\"",
                               p->input);
            t->number = sign * value;
        } else if (strchr("()[],.", (int)c)) {
            t->kind = TOK_PUNCT;
            t->text[0] = (char)c;
            t->folded[0] = (char)c;
            s++;
        } else {
            return dg_fail(p->err, DG_INVALID, NULL,
                           "invalid character \"%c\" in type \"%s\"", (char)c,
                           p->input);
        }
    }
    return 0;
}

static const struct token *
peek(const struct parser *p, size_t ahead)
{
    return p->pos + ahead < p->count ? &p->tokens[p->pos + ahead] : NULL;
}

static bool
is_punct(const struct token *t, char c)
{
    return t && t->kind == TOK_PUNCT && t->text[0] == c;
}

static bool
is_word(const struct token *t, const char *word)
{
    return t && t->kind == TOK_WORD && strcmp(t->folded, word) == 0;
}

/* ---- lookups ---- */

static const struct alias *
find_alias(const char *name)
{
    for (size_t i = 0; i < ALIAS_COUNT; i++)
        if (strcmp(aliases[i].name, name) == 0)
            return &aliases[i];
    return NULL;
}

static const struct custom_type *
find_custom(const struct schema *schema, const char *name)
{
    if (schema == NULL)
        return NULL;
    for (size_t i = 0; i < schema->custom_type_count; i++)
        if (schema->custom_types[i].name &&
            strcmp(schema->custom_types[i].name, name) == 0)
            return &schema->custom_types[i];
    return NULL;
}

static int
fail_unknown(struct parser *p, const char *name, const struct schema *schema)
{
    dg_fail(p->err, DG_INVALID, NULL, "unknown type \"%s\"", name);
    size_t custom_count = schema ? schema->custom_type_count : 0;
    size_t count = ALIAS_COUNT + custom_count;
    const char *candidates[ALIAS_COUNT + 64];
    const char **list = candidates;
    const char **heap = NULL;
    if (count > sizeof(candidates) / sizeof(candidates[0])) {
        heap = xmalloc(count * sizeof(*heap));
        list = heap;
    }
    for (size_t i = 0; i < ALIAS_COUNT; i++)
        list[i] = aliases[i].name;
    for (size_t i = 0; i < custom_count; i++)
        list[ALIAS_COUNT + i] = schema->custom_types[i].name;
    const char *near = schema_closest(name, list, count);
    if (near)
        dg_error_hint(p->err, "did you mean \"%s\"?", near);
    free(heap);
    return -1;
}

/* ---- modifiers ---- */

static int
apply_modifiers(struct parser *p, const struct alias *alias, const long *mods,
                size_t mod_count, struct pg_type *out)
{
    const char *name = pgtype_base_name(alias->base);
    switch (alias->modifiers) {
    case MOD_NONE:
        if (mod_count > 0) {
            dg_fail(p->err, DG_INVALID, NULL,
                    "type modifier is not allowed for type \"%s\"", name);
            dg_error_hint(p->err, "write \"%s\" without \"(...)\"",
                          alias->name);
            return -1;
        }
        return 0;
    case MOD_LENGTH: {
        long max = (alias->base == PG_BIT || alias->base == PG_VARBIT)
                       ? MAX_BIT_LENGTH
                       : MAX_CHAR_LENGTH;
        if (mod_count > 1)
            return dg_fail(p->err, DG_INVALID, NULL,
                           "type \"%s\" takes one modifier, not %zu", name,
                           mod_count);
        if (mod_count == 0) {
            bool bare_is_one = alias->base == PG_CHAR || alias->base == PG_BIT;
            out->length = bare_is_one ? 1 : -1;
            return 0;
        }
        if (mods[0] < 1)
            return dg_fail(p->err, DG_INVALID, NULL,
                           "length for type \"%s\" must be at least 1, not %ld",
                           name, mods[0]);
        if (mods[0] > max)
            return dg_fail(p->err, DG_INVALID, NULL,
                           "length for type \"%s\" cannot exceed %ld, not %ld",
                           name, max, mods[0]);
        out->length = (int32_t)mods[0];
        return 0;
    }
    case MOD_NUMERIC:
        if (mod_count > 2)
            return dg_fail(p->err, DG_INVALID, NULL,
                           "type \"numeric\" takes at most two modifiers, "
                           "not %zu",
                           mod_count);
        if (mod_count == 0)
            return 0;
        if (mods[0] < 1 || mods[0] > MAX_NUMERIC_PRECISION)
            return dg_fail(p->err, DG_INVALID, NULL,
                           "numeric precision %ld must be between 1 and %d",
                           mods[0], MAX_NUMERIC_PRECISION);
        out->precision = (int32_t)mods[0];
        if (mod_count == 2) {
            if (mods[1] < 0 || mods[1] > mods[0])
                return dg_fail(p->err, DG_INVALID, NULL,
                               "numeric scale %ld must be between 0 and the "
                               "precision %ld",
                               mods[1], mods[0]);
            out->scale = (int32_t)mods[1];
        }
        return 0;
    case MOD_PRECISION:
        if (mod_count > 1)
            return dg_fail(p->err, DG_INVALID, NULL,
                           "type \"%s\" takes one modifier, not %zu", name,
                           mod_count);
        if (mod_count == 0)
            return 0;
        if (mods[0] < 0 || mods[0] > MAX_TIME_PRECISION)
            return dg_fail(p->err, DG_INVALID, NULL,
                           "precision %ld for type \"%s\" must be between 0 "
                           "and %d",
                           mods[0], name, MAX_TIME_PRECISION);
        out->precision = (int32_t)mods[0];
        return 0;
    case MOD_FLOAT:
        if (mod_count > 1)
            return dg_fail(p->err, DG_INVALID, NULL,
                           "type \"float\" takes one modifier, not %zu",
                           mod_count);
        if (mod_count == 0)
            return 0;
        if (mods[0] < 1 || mods[0] > 53)
            return dg_fail(p->err, DG_INVALID, NULL,
                           "precision %ld for type \"float\" must be between "
                           "1 and 53 bits",
                           mods[0]);
        out->base = mods[0] <= 24 ? PG_REAL : PG_DOUBLE;
        return 0;
    }
    return 0;
}

/* ---- parse ---- */

static void
join_words(const struct token *const *words, size_t count, char *out,
           size_t size)
{
    size_t length = 0;
    out[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        int n = snprintf(out + length, size - length, "%s%s", i ? " " : "",
                         words[i]->folded);
        if (n < 0 || (size_t)n >= size - length)
            return;
        length += (size_t)n;
    }
}

/* Recognises "with time zone" / "without time zone" at words[at..at+2];
 * returns 1 for with, 0 for without, -1 when absent. */
static int
zone_words(const struct token *const *words, size_t count, size_t at)
{
    if (count - at != 3 || strcmp(words[at + 1]->folded, "time") != 0 ||
        strcmp(words[at + 2]->folded, "zone") != 0)
        return -1;
    if (strcmp(words[at]->folded, "with") == 0)
        return 1;
    if (strcmp(words[at]->folded, "without") == 0)
        return 0;
    return -1;
}

int
pgtype_parse(const char *text, const struct schema *schema, struct pg_type *out,
             struct dg_error *err)
{
    struct parser parser = {.input = text ? text : "", .err = err};
    struct parser *p = &parser;
    memset(out, 0, sizeof(*out));
    out->length = -1;
    out->precision = -1;
    if (tokenize(p) < 0)
        return -1;
    if (p->count == 0)
        return dg_fail(err, DG_INVALID, NULL, "type is empty");

    /* schema qualification */
    bool public_only = false;
    if (peek(p, 0) && peek(p, 0)->kind != TOK_PUNCT &&
        is_punct(peek(p, 1), '.')) {
        const struct token *qualifier = peek(p, 0);
        if (strcmp(qualifier->kind == TOK_WORD ? qualifier->folded
                                               : qualifier->text,
                   "public") == 0)
            public_only = true;
        else if (strcmp(qualifier->kind == TOK_WORD ? qualifier->folded
                                                    : qualifier->text,
                        "pg_catalog") != 0)
            return dg_fail(err, DG_INVALID, NULL,
                           "unknown schema \"%s\" in type \"%s\"",
                           qualifier->text, text);
        p->pos += 2;
    }

    /* the name: one quoted identifier or a run of words */
    const struct token *words[MAX_TOKENS];
    size_t word_count = 0;
    const struct token *quoted = NULL;
    if (peek(p, 0) && peek(p, 0)->kind == TOK_QUOTED) {
        quoted = peek(p, 0);
        p->pos++;
    } else {
        while (peek(p, 0) && peek(p, 0)->kind == TOK_WORD &&
               !(word_count > 0 && is_word(peek(p, 0), "array")))
            words[word_count++] = &p->tokens[p->pos++];
        if (word_count == 0)
            return fail_syntax(p);
    }

    /* modifiers */
    long mods[4];
    size_t mod_count = 0;
    bool has_parens = false;
    if (is_punct(peek(p, 0), '(')) {
        has_parens = true;
        p->pos++;
        for (;;) {
            const struct token *t = peek(p, 0);
            if (t == NULL)
                return fail_syntax(p);
            if (t->kind != TOK_NUMBER)
                return dg_fail(err, DG_INVALID, NULL,
                               "type modifiers must be integer constants in "
                               "\"%s\"",
                               text);
            if (mod_count == sizeof(mods) / sizeof(mods[0]))
                return fail_syntax(p);
            mods[mod_count++] = t->number;
            p->pos++;
            if (is_punct(peek(p, 0), ',')) {
                p->pos++;
                continue;
            }
            if (!is_punct(peek(p, 0), ')'))
                return fail_syntax(p);
            p->pos++;
            break;
        }
    }

    /* WITH / WITHOUT TIME ZONE, before or after the modifiers */
    int zone = -1;
    if (word_count > 3 && quoted == NULL) {
        zone = zone_words(words, word_count, word_count - 3);
        if (zone >= 0) {
            word_count -= 3;
            if (has_parens)
                return dg_fail(err, DG_INVALID, NULL,
                               "the precision must come before \"%s time "
                               "zone\" in \"%s\"",
                               zone ? "with" : "without", text);
        }
    }
    if (peek(p, 0) && peek(p, 0)->kind == TOK_WORD &&
        !is_word(peek(p, 0), "array")) {
        const struct token *after[3];
        size_t after_count = 0;
        while (after_count < 3 && peek(p, 0) && peek(p, 0)->kind == TOK_WORD)
            after[after_count++] = &p->tokens[p->pos++];
        if (zone >= 0 || (zone = zone_words(after, after_count, 0)) < 0)
            return fail_syntax(p);
    }

    /* array suffixes */
    int dims = 0;
    for (;;) {
        if (is_punct(peek(p, 0), '[')) {
            p->pos++;
            if (peek(p, 0) && peek(p, 0)->kind == TOK_NUMBER)
                p->pos++;
            if (!is_punct(peek(p, 0), ']'))
                return fail_syntax(p);
            p->pos++;
            dims++;
        } else if (is_word(peek(p, 0), "array")) {
            p->pos++;
            if (is_punct(peek(p, 0), '[')) {
                p->pos++;
                if (peek(p, 0) && peek(p, 0)->kind == TOK_NUMBER)
                    p->pos++;
                if (!is_punct(peek(p, 0), ']'))
                    return fail_syntax(p);
                p->pos++;
            }
            dims++;
        } else {
            break;
        }
    }
    if (p->pos != p->count)
        return fail_syntax(p);
    if (dims > MAX_ARRAY_DIMS)
        return dg_fail(err, DG_INVALID, NULL,
                       "type \"%s\" has %d array dimensions, more than %d",
                       text, dims, MAX_ARRAY_DIMS);
    out->array_dims = dims;

    /* custom types: one word or a quoted name */
    const struct custom_type *custom = NULL;
    char name[TOKEN_TEXT * 4];
    if (quoted) {
        custom = find_custom(schema, quoted->text);
        snprintf(name, sizeof(name), "%s", quoted->text);
    } else {
        join_words(words, word_count, name, sizeof(name));
        if (word_count == 1) {
            const struct alias *builtin =
                public_only ? NULL : find_alias(words[0]->folded);
            if (builtin == NULL) {
                custom = find_custom(schema, words[0]->text);
                if (custom == NULL)
                    custom = find_custom(schema, words[0]->folded);
            }
        }
    }
    if (custom) {
        if (has_parens)
            return dg_fail(err, DG_INVALID, NULL,
                           "type modifier is not allowed for type \"%s\"",
                           custom->name);
        if (zone >= 0)
            return fail_syntax(p);
        out->custom = custom;
        out->base = custom->kind == CUSTOM_ENUM        ? PG_ENUM
                    : custom->kind == CUSTOM_COMPOSITE ? PG_COMPOSITE
                                                       : PG_DOMAIN;
        return 0;
    }

    const struct alias *alias = public_only ? NULL : find_alias(name);
    if (alias == NULL)
        return fail_unknown(p, name, schema);
    out->base = alias->base;
    out->serial = alias->serial;
    if (zone >= 0) {
        if (!alias->zoned)
            return dg_fail(err, DG_INVALID, NULL,
                           "type \"%s\" cannot be %s time zone", alias->name,
                           zone ? "with" : "without");
        if (zone == 1)
            out->base = alias->base == PG_TIME ? PG_TIMETZ : PG_TIMESTAMPTZ;
    }
    if (apply_modifiers(p, alias, mods, mod_count, out) < 0)
        return -1;
    if (out->serial && dims > 0) {
        dg_fail(err, DG_INVALID, NULL, "array of serial is not implemented");
        dg_error_hint(err, "use \"%s[]\" instead",
                      pgtype_base_name(alias->base));
        return -1;
    }
    return 0;
}

/* ---- format ---- */

static void
put_typmod(struct buf *out, const char *name, int32_t value, const char *tail)
{
    buf_puts(out, name);
    if (value >= 0) {
        buf_putc(out, '(');
        buf_put_i64(out, value);
        buf_putc(out, ')');
    }
    buf_puts(out, tail);
}

void
pgtype_format(const struct pg_type *type, struct buf *out)
{
    switch (type->base) {
    case PG_NUMERIC:
        buf_puts(out, "numeric");
        if (type->precision >= 0) {
            buf_putc(out, '(');
            buf_put_i64(out, type->precision);
            buf_putc(out, ',');
            buf_put_i64(out, type->scale);
            buf_putc(out, ')');
        }
        break;
    case PG_VARCHAR:
        put_typmod(out, "character varying", type->length, "");
        break;
    case PG_CHAR:
        /* an unconstrained bpchar is not character, which means char(1) */
        if (type->length < 0)
            buf_puts(out, "bpchar");
        else
            put_typmod(out, "character", type->length, "");
        break;
    case PG_BIT:
        if (type->length < 0)
            buf_puts(out, "\"bit\"");
        else
            put_typmod(out, "bit", type->length, "");
        break;
    case PG_VARBIT:
        put_typmod(out, "bit varying", type->length, "");
        break;
    case PG_TIME:
        put_typmod(out, "time", type->precision, " without time zone");
        break;
    case PG_TIMETZ:
        put_typmod(out, "time", type->precision, " with time zone");
        break;
    case PG_TIMESTAMP:
        put_typmod(out, "timestamp", type->precision, " without time zone");
        break;
    case PG_TIMESTAMPTZ:
        put_typmod(out, "timestamp", type->precision, " with time zone");
        break;
    case PG_INTERVAL:
        put_typmod(out, "interval", type->precision, "");
        break;
    case PG_ENUM:
    case PG_COMPOSITE:
    case PG_DOMAIN:
        if (type->custom && type->custom->name)
            sql_qualified_name(out, type->custom->name);
        else
            buf_puts(out, pgtype_base_name(type->base));
        break;
    default:
        buf_puts(out, pgtype_base_name(type->base));
        break;
    }
    for (int i = 0; i < type->array_dims; i++)
        buf_puts(out, "[]");
}

/* ---- helpers ---- */

/* The type with every domain replaced by its base type; a domain over an
 * array adds its dimensions. Bounded: a domain over itself is rejected by
 * validation, but this must not loop on an unvalidated model. */
static struct pg_type
resolve(const struct pg_type *type)
{
    struct pg_type result = *type;
    for (int depth = 0; depth < 32; depth++) {
        if (result.base != PG_DOMAIN || result.custom == NULL ||
            result.custom->kind != CUSTOM_DOMAIN)
            break;
        int dims = result.array_dims;
        result = result.custom->base_type;
        result.array_dims += dims;
    }
    return result;
}

struct pg_type
pgtype_element(const struct pg_type *type, bool resolve_domain)
{
    struct pg_type element = resolve_domain ? resolve(type) : *type;
    element.array_dims = 0;
    return element;
}

/* The scalar a type stands for, domains resolved; false for arrays. */
static bool
scalar(const struct pg_type *type, struct pg_type *out)
{
    *out = resolve(type);
    return out->array_dims == 0;
}

bool
pgtype_is_integer(const struct pg_type *type)
{
    struct pg_type t;
    return scalar(type, &t) && (t.base == PG_SMALLINT || t.base == PG_INTEGER ||
                                t.base == PG_BIGINT);
}

bool
pgtype_is_numeric(const struct pg_type *type)
{
    struct pg_type t;
    if (!scalar(type, &t))
        return false;
    switch (t.base) {
    case PG_SMALLINT:
    case PG_INTEGER:
    case PG_BIGINT:
    case PG_NUMERIC:
    case PG_REAL:
    case PG_DOUBLE:
    case PG_MONEY:
        return true;
    default:
        return false;
    }
}

bool
pgtype_is_text(const struct pg_type *type)
{
    struct pg_type t;
    return scalar(type, &t) &&
           (t.base == PG_TEXT || t.base == PG_VARCHAR || t.base == PG_CHAR);
}

bool
pgtype_is_temporal(const struct pg_type *type)
{
    struct pg_type t;
    if (!scalar(type, &t))
        return false;
    switch (t.base) {
    case PG_DATE:
    case PG_TIME:
    case PG_TIMETZ:
    case PG_TIMESTAMP:
    case PG_TIMESTAMPTZ:
    case PG_INTERVAL:
        return true;
    default:
        return false;
    }
}

void
pgtype_integer_bounds(const struct pg_type *type, int64_t *min, int64_t *max)
{
    struct pg_type t = resolve(type);
    switch (t.base) {
    case PG_SMALLINT:
        *min = INT16_MIN;
        *max = INT16_MAX;
        break;
    case PG_INTEGER:
        *min = INT32_MIN;
        *max = INT32_MAX;
        break;
    default:
        *min = INT64_MIN;
        *max = INT64_MAX;
        break;
    }
}

static bool
same_type(const struct pg_type *a, const struct pg_type *b)
{
    if (a->base != b->base)
        return false;
    if (a->base == PG_ENUM || a->base == PG_COMPOSITE || a->base == PG_DOMAIN)
        return a->custom == b->custom;
    return true;
}

bool
pgtype_fk_compatible(const struct pg_type *child, const struct pg_type *parent)
{
    struct pg_type c = resolve(child), p = resolve(parent);
    if (c.array_dims != p.array_dims)
        return false;
    c.array_dims = 0;
    p.array_dims = 0;
    if (same_type(&c, &p))
        return true;
    if (pgtype_is_integer(&c) && pgtype_is_integer(&p))
        return true;
    if (pgtype_is_text(&c) && pgtype_is_text(&p))
        return true;
    if ((c.base == PG_REAL || c.base == PG_DOUBLE) &&
        (p.base == PG_REAL || p.base == PG_DOUBLE))
        return true;
    /* integers cast implicitly to numeric, so PostgreSQL finds an equality
     * operator; numeric does not cast implicitly to an integer */
    return pgtype_is_integer(&c) && p.base == PG_NUMERIC;
}
