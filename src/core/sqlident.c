#include "core/sqlident.h"

#include <stdlib.h>
#include <string.h>

/* PostgreSQL 15's keywords in the categories reserved, col_name and
 * type_func_name (pg_get_keywords() with catcode R, C or T), in strcmp
 * order for bsearch. Unreserved keywords are absent: fmtId() leaves them
 * bare. */
static const char *const keywords[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
};

/* Longer than any keyword: a word that does not fit cannot be one. */
#define KEYWORD_MAX 32

static int
compare_keyword(const void *key, const void *element)
{
    return strcmp(key, *(const char *const *)element);
}

bool
sql_is_reserved_keyword(const char *word)
{
    char lower[KEYWORD_MAX];
    size_t length = strlen(word);
    if (length == 0 || length >= sizeof(lower))
        return false;
    for (size_t i = 0; i < length; i++) {
        char c = word[i];
        lower[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    lower[length] = '\0';
    return bsearch(lower, keywords, sizeof(keywords) / sizeof(keywords[0]),
                   sizeof(keywords[0]), compare_keyword) != NULL;
}

bool
sql_ident_needs_quotes(const char *ident)
{
    char first = ident[0];
    if (!((first >= 'a' && first <= 'z') || first == '_'))
        return true;
    for (const char *p = ident; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return true;
    }
    return sql_is_reserved_keyword(ident);
}

void
sql_quote_ident(struct buf *out, const char *ident)
{
    if (!sql_ident_needs_quotes(ident)) {
        buf_puts(out, ident);
        return;
    }
    buf_putc(out, '"');
    for (const char *p = ident; *p; p++) {
        if (*p == '"')
            buf_putc(out, '"');
        buf_putc(out, *p);
    }
    buf_putc(out, '"');
}

void
sql_qualified_name(struct buf *out, const char *ident)
{
    buf_puts(out, "public.");
    sql_quote_ident(out, ident);
}

void
sql_quote_literal(struct buf *out, const char *text)
{
    buf_putc(out, '\'');
    const char *start = text;
    for (const char *p = text; *p; p++) {
        if (*p == '\'') {
            buf_append(out, start, (size_t)(p - start + 1));
            buf_putc(out, '\'');
            start = p + 1;
        }
    }
    buf_puts(out, start);
    buf_putc(out, '\'');
}
