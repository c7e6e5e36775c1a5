#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/sqlident.h"
#include "core/xalloc.h"
#include "plan/plan.h"
#include "schema/pgtype.h"

/* PostgreSQL's NAMEDATALEN: names are cut to NAME_LIMIT - 1 bytes. */
#define NAME_LIMIT 64

/* ---- a set of names ------------------------------------------------- */

struct name_set {
    const char **slots;
    size_t capacity; /* a power of two */
    size_t count;
};

static uint64_t
hash_name(const char *name)
{
    uint64_t h = UINT64_C(1469598103934665603);
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static bool
name_set_has(const struct name_set *set, const char *name)
{
    if (set->capacity == 0)
        return false;
    size_t mask = set->capacity - 1;
    for (size_t i = (size_t)hash_name(name) & mask; set->slots[i];
         i = (i + 1) & mask)
        if (strcmp(set->slots[i], name) == 0)
            return true;
    return false;
}

static void
name_set_add(struct name_set *set, const char *name)
{
    if (name_set_has(set, name))
        return;
    if ((set->count + 1) * 2 > set->capacity) {
        struct name_set bigger = {.capacity =
                                      set->capacity ? set->capacity * 2 : 64};
        bigger.slots = xcalloc(bigger.capacity, sizeof(*bigger.slots));
        for (size_t i = 0; i < set->capacity; i++)
            if (set->slots[i])
                name_set_add(&bigger, set->slots[i]);
        free(set->slots);
        *set = bigger;
    }
    size_t mask = set->capacity - 1;
    size_t i = (size_t)hash_name(name) & mask;
    while (set->slots[i])
        i = (i + 1) & mask;
    set->slots[i] = name;
    set->count++;
}

/* ---- PostgreSQL's default names --------------------------------------- */

/* The longest prefix of text[0..length) that does not split a UTF-8
 * character (pg_mbcliplen). */
static size_t
clip_utf8(const char *text, size_t length)
{
    while (length > 0 && ((unsigned char)text[length] & 0xC0) == 0x80)
        length--;
    return length;
}

/* makeObjectName(): name1_name2_label in at most 63 bytes, shortening the
 * longer of name1 and name2 first. */
static char *
make_object_name(struct arena *arena, const char *name1, const char *name2,
                 const char *label)
{
    size_t name1_length = strlen(name1);
    size_t name2_length = name2 ? strlen(name2) : 0;
    size_t overhead = (name2 ? 1 : 0) + (label ? strlen(label) + 1 : 0);
    size_t available = NAME_LIMIT - 1 - overhead;
    while (name1_length + name2_length > available) {
        if (name1_length > name2_length)
            name1_length--;
        else
            name2_length--;
    }
    name1_length = clip_utf8(name1, name1_length);
    if (name2)
        name2_length = clip_utf8(name2, name2_length);
    struct buf b;
    buf_init(&b, NAME_LIMIT + 16);
    buf_append(&b, name1, name1_length);
    if (name2) {
        buf_putc(&b, '_');
        buf_append(&b, name2, name2_length);
    }
    if (label) {
        buf_putc(&b, '_');
        buf_puts(&b, label);
    }
    char *name = arena_strdup(arena, b.data);
    buf_release(&b);
    return name;
}

char *
plan_object_name(struct arena *arena, const char *name1, const char *name2,
                 const char *label)
{
    return make_object_name(arena, name1, name2, label);
}

/* ChooseIndexNameAddition() / ChooseForeignKeyConstraintNameAddition():
 * the column names joined by "_", stopping once NAMEDATALEN is reached.
 * A column named twice gets a number, as ChooseIndexColumnNames() does. */
static char *
name_addition(struct arena *arena, const struct name_list *columns,
              bool number_repeats)
{
    struct buf b;
    buf_init(&b, 2 * NAME_LIMIT);
    for (size_t i = 0; i < columns->count; i++) {
        char name[NAME_LIMIT + 16];
        snprintf(name, NAME_LIMIT, "%s", columns->names[i]);
        if (number_repeats) {
            for (int pass = 1;; pass++) {
                bool repeated = false;
                for (size_t j = 0; j < i && !repeated; j++)
                    repeated = strcmp(columns->names[j], name) == 0;
                if (!repeated)
                    break;
                char suffix[16];
                int suffix_length =
                    snprintf(suffix, sizeof(suffix), "%d", pass);
                size_t keep =
                    clip_utf8(columns->names[i],
                              strnlen(columns->names[i],
                                      NAME_LIMIT - 1 - (size_t)suffix_length));
                snprintf(name, sizeof(name), "%.*s%s", (int)keep,
                         columns->names[i], suffix);
            }
        }
        if (b.len > 0)
            buf_putc(&b, '_');
        buf_puts(&b, name);
        if (b.len >= NAME_LIMIT)
            break;
    }
    char *addition = arena_strdup(arena, b.data);
    buf_release(&b);
    return addition;
}

/* ---- the builder -------------------------------------------------------- */

struct table_info {
    const struct plan_table *pt;
    const struct table *t;
    const char *qualified; /* public.name, quoted as needed */
    const char **check_names;
    const char *pkey_name;
    const char **unique_names;
    const char **fk_names;
    const char **index_names;
    int table_id;
    int pkey_id;
    int *unique_ids;
    int *index_ids;
};

struct builder {
    struct plan *plan;
    const struct schema *schema;
    struct arena *arena;
    struct dump_entry *entries;
    size_t entry_count, entry_capacity;
    struct name_set relations;       /* tables, sequences, indexes */
    struct name_set constraints;     /* every constraint of the schema */
    struct table_info *tables;       /* by plan table index */
    const char **domain_check_names; /* by custom type index */
    int *type_ids;                   /* by custom type index */
    int *sequence_ids;               /* by plan sequence index */
    struct buf sql;
};

/* ChooseRelationName() / ChooseConstraintName(): the first of label,
 * label1, label2, ... whose name is free in the namespaces it must be
 * unique in. */
static const char *
choose_name(struct builder *b, const char *name1, const char *name2,
            const char *label, bool relation, bool constraint)
{
    char modified[NAME_LIMIT];
    snprintf(modified, sizeof(modified), "%s", label);
    for (int pass = 1;; pass++) {
        char *name = make_object_name(b->arena, name1, name2, modified);
        if (!(relation && name_set_has(&b->relations, name)) &&
            !(constraint && name_set_has(&b->constraints, name))) {
            if (relation)
                name_set_add(&b->relations, name);
            if (constraint)
                name_set_add(&b->constraints, name);
            return name;
        }
        snprintf(modified, sizeof(modified), "%s%d", label, pass);
    }
}

static char *
qualified_name(struct builder *b, const char *name)
{
    struct buf q;
    buf_init(&q, 64);
    sql_qualified_name(&q, name);
    char *text = arena_strdup(b->arena, q.data);
    buf_release(&q);
    return text;
}

static char *
quoted_ident(struct builder *b, const char *name)
{
    struct buf q;
    buf_init(&q, 64);
    sql_quote_ident(&q, name);
    char *text = arena_strdup(b->arena, q.data);
    buf_release(&q);
    return text;
}

/* Takes the builder's sql buffer as the entry's text and clears it. */
static const char *
take_sql(struct builder *b)
{
    char *text = arena_strdup(b->arena, b->sql.data);
    buf_reset(&b->sql);
    return text;
}

static int
add_entry(struct builder *b, const char *desc, const char *tag,
          enum dump_section section, const char *create_sql,
          const char *drop_sql, const int *dependencies,
          size_t dependency_count)
{
    if (b->entry_count == b->entry_capacity) {
        b->entry_capacity = b->entry_capacity ? b->entry_capacity * 2 : 64;
        b->entries =
            xrealloc(b->entries, b->entry_capacity * sizeof(*b->entries));
    }
    struct dump_entry *e = &b->entries[b->entry_count];
    memset(e, 0, sizeof(*e));
    e->dump_id = (int)b->entry_count + 1;
    e->desc = desc;
    e->tag = tag;
    e->namespace = "public";
    e->owner = "";
    e->section = section;
    e->create_sql = create_sql;
    e->drop_sql = drop_sql;
    if (dependency_count > 0) {
        e->dependencies = arena_alloc(b->arena, dependency_count * sizeof(int));
        memcpy(e->dependencies, dependencies, dependency_count * sizeof(int));
    }
    e->dependency_count = dependency_count;
    b->entry_count++;
    return e->dump_id;
}

/* ---- small helpers ------------------------------------------------------ */

static bool
same_column_set(const struct name_list *a, const struct name_list *b)
{
    if (a->count != b->count || a->count == 0)
        return false;
    for (size_t i = 0; i < a->count; i++) {
        bool found = false;
        for (size_t j = 0; j < b->count && !found; j++)
            found = strcmp(a->names[i], b->names[j]) == 0;
        if (!found)
            return false;
    }
    return true;
}

static void
put_column_list(struct buf *out, const struct name_list *columns)
{
    for (size_t i = 0; i < columns->count; i++) {
        if (i > 0)
            buf_puts(out, ", ");
        sql_quote_ident(out, columns->names[i]);
    }
}

static bool
skip_space(const char **p)
{
    while (isspace((unsigned char)**p))
        (*p)++;
    return **p != '\0';
}

/* The expression of a CHECK constraint without an outer "CHECK (...)" and
 * surrounding blanks, as the user wrote it. */
static char *
check_body(struct arena *arena, const char *expression)
{
    const char *start = expression;
    skip_space(&start);
    const char *end = start + strlen(start);
    while (end > start && isspace((unsigned char)end[-1]))
        end--;
    if (end - start > 5 && strncasecmp(start, "check", 5) == 0) {
        const char *open = start + 5;
        skip_space(&open);
        if (*open == '(' && end[-1] == ')') {
            /* Only when that parenthesis closes at the very end. */
            int depth = 0;
            const char *p = open;
            for (; p < end; p++) {
                if (*p == '\'') {
                    for (p++; p < end && *p != '\''; p++)
                        ;
                } else if (*p == '(') {
                    depth++;
                } else if (*p == ')' && --depth == 0) {
                    break;
                }
            }
            if (p == end - 1) {
                start = open + 1;
                end = end - 1;
                skip_space(&start);
                while (end > start && isspace((unsigned char)end[-1]))
                    end--;
            }
        }
    }
    return arena_strndup(arena, start, (size_t)(end - start));
}

static bool
ident_char(unsigned char c, bool first)
{
    return isalpha(c) || c == '_' || c >= 0x80 ||
           (!first && (isdigit(c) || c == '$'));
}

/* The one column a CHECK expression reads, or NULL when it reads none or
 * several: PostgreSQL then names the constraint TABLE_COLUMN_check rather
 * than TABLE_check. Function names, type names after "::", qualifiers and
 * string literals are not column references. */
static const char *
check_single_column(const struct table *t, const char *expression)
{
    const char *found = NULL;
    const char *p = expression;
    bool after_cast = false;
    while (skip_space(&p)) {
        unsigned char c = (unsigned char)*p;
        if (c == '\'') {
            for (p++; *p; p++) {
                if (*p == '\'' && p[1] == '\'')
                    p++;
                else if (*p == '\'')
                    break;
            }
            if (*p)
                p++;
            continue;
        }
        if (c == ':' && p[1] == ':') {
            p += 2;
            after_cast = true;
            continue;
        }
        char name[NAME_LIMIT * 4];
        size_t length = 0;
        bool quoted = false;
        if (c == '"') {
            quoted = true;
            for (p++; *p; p++) {
                if (*p == '"' && p[1] == '"')
                    p++;
                else if (*p == '"')
                    break;
                if (length + 1 < sizeof(name))
                    name[length++] = *p;
            }
            if (*p)
                p++;
        } else if (ident_char(c, true)) {
            bool escape_string = (c == 'e' || c == 'E') && p[1] == '\'';
            if (escape_string) {
                for (p += 2; *p && *p != '\''; p++)
                    if (*p == '\\' && p[1])
                        p++;
                if (*p)
                    p++;
                continue;
            }
            for (; ident_char((unsigned char)*p, false); p++)
                if (length + 1 < sizeof(name))
                    name[length++] = (char)tolower((unsigned char)*p);
        } else {
            p++;
            if (c != '.' && c != '[' && c != ']')
                after_cast = false;
            continue;
        }
        name[length] = '\0';
        if (after_cast) {
            /* a type name; "public.t" continues through the dot */
            const char *q = p;
            if (!(skip_space(&q) && *q == '.'))
                after_cast = false;
            continue;
        }
        const char *next = p;
        skip_space(&next);
        if (*next == '(' || *next == '.')
            continue;
        if (!quoted && sql_is_reserved_keyword(name))
            continue;
        for (size_t i = 0; i < t->column_count; i++) {
            if (strcmp(t->columns[i].name, name) != 0)
                continue;
            if (found && strcmp(found, t->columns[i].name) != 0)
                return NULL;
            found = t->columns[i].name;
        }
    }
    return found;
}

/* pg_encoding_to_char(pg_char_to_encoding(name)): the canonical spelling
 * pg_dump prints, compared the way PostgreSQL compares encoding names
 * (case and punctuation ignored). */
static const char *
canonical_encoding(struct arena *arena, const char *name)
{
    static const char *const canonical[] = {
        "SQL_ASCII",  "EUC_JP",        "EUC_CN",
        "EUC_KR",     "EUC_TW",        "EUC_JIS_2004",
        "UTF8",       "MULE_INTERNAL", "LATIN1",
        "LATIN2",     "LATIN3",        "LATIN4",
        "LATIN5",     "LATIN6",        "LATIN7",
        "LATIN8",     "LATIN9",        "LATIN10",
        "WIN1256",    "WIN1258",       "WIN866",
        "WIN874",     "KOI8R",         "WIN1251",
        "WIN1252",    "ISO_8859_5",    "ISO_8859_6",
        "ISO_8859_7", "ISO_8859_8",    "WIN1250",
        "WIN1253",    "WIN1254",       "WIN1255",
        "WIN1257",    "KOI8U",         "SJIS",
        "BIG5",       "GBK",           "UHC",
        "GB18030",    "JOHAB",         "SHIFT_JIS_2004",
    };
    static const char *const aliases[][2] = {
        {"unicode", "UTF8"},      {"iso88591", "LATIN1"},
        {"iso88592", "LATIN2"},   {"iso88593", "LATIN3"},
        {"iso88594", "LATIN4"},   {"iso88599", "LATIN5"},
        {"iso885910", "LATIN6"},  {"iso885913", "LATIN7"},
        {"iso885914", "LATIN8"},  {"iso885915", "LATIN9"},
        {"iso885916", "LATIN10"}, {"shiftjis", "SJIS"},
        {"mskanji", "SJIS"},      {"koi8", "KOI8R"},
        {"win", "WIN1251"},       {"alt", "WIN866"},
        {"tcvn", "WIN1258"},      {"windows1252", "WIN1252"},
    };
    if (name == NULL || *name == '\0')
        return "UTF8";
    char clean[64], other[64];
    size_t n = 0;
    for (const char *p = name; *p && n + 1 < sizeof(clean); p++)
        if (isalnum((unsigned char)*p))
            clean[n++] = (char)tolower((unsigned char)*p);
    clean[n] = '\0';
    for (size_t i = 0; i < sizeof(canonical) / sizeof(canonical[0]); i++) {
        size_t m = 0;
        for (const char *p = canonical[i]; *p; p++)
            if (isalnum((unsigned char)*p))
                other[m++] = (char)tolower((unsigned char)*p);
        other[m] = '\0';
        if (strcmp(clean, other) == 0)
            return canonical[i];
    }
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        if (strcmp(clean, aliases[i][0]) == 0)
            return aliases[i][1];
    char *upper = arena_strdup(arena, name);
    for (char *p = upper; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return upper;
}

/* ---- pg_dump's ordering ------------------------------------------------- */

/* pg_dump sorts objects by kind and name, then moves an object forward
 * only as far as its dependencies require (TopoSort in pg_dump_sort.c):
 * filling the result from the end, it always takes the latest object that
 * nothing still unplaced depends on. Objects 0..count-1 are given in name
 * order; deps[i] lists what object i needs before it, -1 entries ignored. */
static void
topo_sort(size_t count, long *const *deps, const size_t *dep_counts,
          size_t *order)
{
    size_t *pending = xcalloc(count + 1, sizeof(size_t));
    bool *placed = xcalloc(count + 1, sizeof(bool));
    for (size_t i = 0; i < count; i++)
        for (size_t d = 0; d < dep_counts[i]; d++)
            if (deps[i][d] >= 0)
                pending[deps[i][d]]++;
    for (size_t k = count; k-- > 0;) {
        size_t pick = count;
        for (size_t i = count; i-- > 0;)
            if (!placed[i] && pending[i] == 0) {
                pick = i;
                break;
            }
        if (pick == count) /* a cycle: keep the name order */
            for (size_t i = count; i-- > 0 && pick == count;)
                if (!placed[i])
                    pick = i;
        placed[pick] = true;
        order[k] = pick;
        for (size_t d = 0; d < dep_counts[pick]; d++)
            if (deps[pick][d] >= 0 && pending[deps[pick][d]] > 0)
                pending[deps[pick][d]]--;
    }
    free(pending);
    free(placed);
}

struct sort_item {
    const char *name;
    const char *second;
    size_t index;
    size_t sub;
};

static int
compare_items(const void *a, const void *b)
{
    const struct sort_item *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c == 0 && x->second && y->second)
        c = strcmp(x->second, y->second);
    if (c == 0)
        c = (x->index > y->index) - (x->index < y->index);
    if (c == 0)
        c = (x->sub > y->sub) - (x->sub < y->sub);
    return c;
}

static void
sort_items(struct sort_item *items, size_t count)
{
    if (count > 1)
        qsort(items, count, sizeof(*items), compare_items);
}

static long
custom_index(const struct builder *b, const struct pg_type *type)
{
    if (type->custom == NULL)
        return -1;
    const struct schema *s = b->schema;
    for (size_t i = 0; i < s->custom_type_count; i++)
        if (&s->custom_types[i] == type->custom)
            return (long)i;
    return -1;
}

static long
table_index_by_name(const struct builder *b, const char *name)
{
    for (size_t i = 0; i < b->plan->table_count; i++)
        if (strcmp(b->plan->tables[i].table->name, name) == 0)
            return (long)i;
    return -1;
}

/* ---- names -------------------------------------------------------------- */

static size_t
schema_position(const struct builder *b, const struct table *t)
{
    const struct schema *s = b->schema;
    if (s && t >= s->tables && t < s->tables + s->table_count)
        return (size_t)(t - s->tables);
    return SIZE_MAX;
}

static int
compare_by_schema_position(const void *a, const void *b)
{
    const struct sort_item *x = a, *y = b;
    return (x->sub > y->sub) - (x->sub < y->sub);
}

/* Names every constraint and index the way PostgreSQL would when the
 * schema is created in input order: explicit names first (they are never
 * changed), then domain checks, each table's checks, primary key and
 * unique constraints, then foreign keys, then indexes. */
static void
choose_names(struct builder *b)
{
    struct plan *plan = b->plan;
    const struct schema *s = b->schema;
    for (size_t i = 0; i < plan->table_count; i++)
        name_set_add(&b->relations, plan->tables[i].table->name);
    for (size_t i = 0; i < plan->sequence_count; i++)
        name_set_add(&b->relations, plan->sequences[i].name);
    for (size_t i = 0; i < plan->table_count; i++) {
        const struct table *t = plan->tables[i].table;
        for (size_t j = 0; j < t->check_constraint_count; j++)
            if (t->check_constraints[j].name)
                name_set_add(&b->constraints, t->check_constraints[j].name);
        for (size_t j = 0; j < t->unique_constraint_count; j++)
            if (t->unique_constraints[j].name) {
                name_set_add(&b->constraints, t->unique_constraints[j].name);
                name_set_add(&b->relations, t->unique_constraints[j].name);
            }
        for (size_t j = 0; j < t->foreign_key_count; j++)
            if (t->foreign_keys[j].name)
                name_set_add(&b->constraints, t->foreign_keys[j].name);
        for (size_t j = 0; j < t->index_count; j++)
            if (t->indexes[j].name)
                name_set_add(&b->relations, t->indexes[j].name);
    }

    for (size_t i = 0; s && i < s->custom_type_count; i++) {
        const struct custom_type *ct = &s->custom_types[i];
        if (ct->kind == CUSTOM_DOMAIN && ct->constraint)
            b->domain_check_names[i] =
                choose_name(b, ct->name, NULL, "check", false, true);
    }

    /* tables in input order */
    struct sort_item *order = xcalloc(plan->table_count + 1, sizeof(*order));
    for (size_t i = 0; i < plan->table_count; i++) {
        order[i].index = i;
        size_t position = schema_position(b, plan->tables[i].table);
        order[i].sub = position == SIZE_MAX ? i : position;
    }
    if (plan->table_count > 1)
        qsort(order, plan->table_count, sizeof(*order),
              compare_by_schema_position);

    for (size_t k = 0; k < plan->table_count; k++) {
        struct table_info *ti = &b->tables[order[k].index];
        const struct table *t = ti->t;
        for (size_t j = 0; j < t->check_constraint_count; j++) {
            const struct check_constraint *cc = &t->check_constraints[j];
            ti->check_names[j] =
                cc->name ? cc->name
                         : choose_name(b, t->name,
                                       check_single_column(t, cc->expression),
                                       "check", false, true);
        }
        if (t->primary_key.count > 0)
            ti->pkey_name = choose_name(b, t->name, NULL, "pkey", true, true);
        for (size_t j = 0; j < t->unique_constraint_count; j++) {
            const struct unique_constraint *uc = &t->unique_constraints[j];
            ti->unique_names[j] =
                uc->name
                    ? uc->name
                    : choose_name(b, t->name,
                                  name_addition(b->arena, &uc->columns, true),
                                  "key", true, true);
        }
    }
    for (size_t k = 0; k < plan->table_count; k++) {
        struct table_info *ti = &b->tables[order[k].index];
        const struct table *t = ti->t;
        for (size_t j = 0; j < t->foreign_key_count; j++) {
            const struct foreign_key *fk = &t->foreign_keys[j];
            ti->fk_names[j] =
                fk->name
                    ? fk->name
                    : choose_name(b, t->name,
                                  name_addition(b->arena, &fk->columns, false),
                                  "fkey", false, true);
        }
    }
    for (size_t k = 0; k < plan->table_count; k++) {
        struct table_info *ti = &b->tables[order[k].index];
        const struct table *t = ti->t;
        for (size_t j = 0; j < t->index_count; j++) {
            const struct index_def *ix = &t->indexes[j];
            ti->index_names[j] =
                ix->name
                    ? ix->name
                    : choose_name(b, t->name,
                                  name_addition(b->arena, &ix->columns, true),
                                  "idx", true, false);
        }
    }
    free(order);
}

/* ---- pre-data ------------------------------------------------------------ */

static void
add_types(struct builder *b)
{
    const struct schema *s = b->schema;
    size_t count = s ? s->custom_type_count : 0;
    if (count == 0)
        return;
    struct sort_item *items = xcalloc(count, sizeof(*items));
    for (size_t i = 0; i < count; i++) {
        items[i].name = s->custom_types[i].name;
        items[i].index = i;
    }
    sort_items(items, count);
    size_t *position = xcalloc(count, sizeof(size_t));
    for (size_t k = 0; k < count; k++)
        position[items[k].index] = k;

    long **deps = xcalloc(count, sizeof(*deps));
    size_t *dep_counts = xcalloc(count, sizeof(size_t));
    for (size_t k = 0; k < count; k++) {
        const struct custom_type *ct = &s->custom_types[items[k].index];
        deps[k] = xcalloc(ct->field_count + 1, sizeof(long));
        if (ct->kind == CUSTOM_COMPOSITE) {
            for (size_t f = 0; f < ct->field_count; f++) {
                long used = custom_index(b, &ct->fields[f].type);
                deps[k][dep_counts[k]++] =
                    used >= 0 ? (long)position[used] : -1;
            }
        } else if (ct->kind == CUSTOM_DOMAIN) {
            long used = custom_index(b, &ct->base_type);
            deps[k][dep_counts[k]++] = used >= 0 ? (long)position[used] : -1;
        }
    }
    size_t *order = xcalloc(count, sizeof(size_t));
    topo_sort(count, deps, dep_counts, order);

    for (size_t k = 0; k < count; k++) {
        size_t index = items[order[k]].index;
        const struct custom_type *ct = &s->custom_types[index];
        const char *qualified = qualified_name(b, ct->name);
        struct buf *q = &b->sql;
        int ids[64];
        size_t id_count = 0;
        for (size_t d = 0; d < dep_counts[order[k]]; d++) {
            long dep = deps[order[k]][d];
            if (dep < 0)
                continue;
            int id = b->type_ids[items[dep].index];
            bool seen = false;
            for (size_t j = 0; j < id_count; j++)
                seen = seen || ids[j] == id;
            if (id > 0 && !seen && id_count < 64)
                ids[id_count++] = id;
        }
        const char *drop;
        const char *desc = "TYPE";
        if (ct->kind == CUSTOM_ENUM) {
            buf_printf(q, "CREATE TYPE %s AS ENUM (", qualified);
            for (size_t i = 0; i < ct->labels.count; i++) {
                buf_puts(q, i > 0 ? ",\n    " : "\n    ");
                sql_quote_literal(q, ct->labels.names[i]);
            }
            buf_puts(q, "\n);\n");
            drop = arena_printf(b->arena, "DROP TYPE %s;\n", qualified);
        } else if (ct->kind == CUSTOM_COMPOSITE) {
            buf_printf(q, "CREATE TYPE %s AS (", qualified);
            for (size_t i = 0; i < ct->field_count; i++) {
                buf_puts(q, i > 0 ? ",\n\t" : "\n\t");
                sql_quote_ident(q, ct->fields[i].name);
                buf_putc(q, ' ');
                pgtype_format(&ct->fields[i].type, q);
            }
            buf_puts(q, "\n);\n");
            drop = arena_printf(b->arena, "DROP TYPE %s;\n", qualified);
        } else {
            desc = "DOMAIN";
            buf_printf(q, "CREATE DOMAIN %s AS ", qualified);
            pgtype_format(&ct->base_type, q);
            if (ct->domain_not_null)
                buf_puts(q, " NOT NULL");
            if (ct->constraint) {
                buf_puts(q, "\n\tCONSTRAINT ");
                sql_quote_ident(q, b->domain_check_names[index]);
                buf_printf(q, " CHECK ((%s))",
                           check_body(b->arena, ct->constraint));
            }
            buf_puts(q, ";\n");
            drop = arena_printf(b->arena, "DROP DOMAIN %s;\n", qualified);
        }
        b->type_ids[index] = add_entry(b, desc, ct->name, SECTION_PRE_DATA,
                                       take_sql(b), drop, ids, id_count);
    }
    for (size_t k = 0; k < count; k++)
        free(deps[k]);
    free(deps);
    free(dep_counts);
    free(order);
    free(position);
    free(items);
}

static bool
in_primary_key(const struct table *t, const char *column)
{
    for (size_t i = 0; i < t->primary_key.count; i++)
        if (strcmp(t->primary_key.names[i], column) == 0)
            return true;
    return false;
}

static int
compare_check_names(const void *a, const void *b)
{
    const struct sort_item *x = a, *y = b;
    return strcmp(x->name, y->name);
}

static void
add_table(struct builder *b, size_t index)
{
    struct table_info *ti = &b->tables[index];
    const struct table *t = ti->t;
    const struct plan_table *pt = ti->pt;
    struct buf *q = &b->sql;

    /* the types and the declared sequences the columns use */
    size_t cap = t->column_count * 2 + 1;
    int *ids = xcalloc(cap, sizeof(int));
    size_t id_count = 0;
    for (size_t c = 0; c < t->column_count; c++) {
        int candidates[2] = {0, 0};
        long used = custom_index(b, &t->columns[c].type);
        if (used >= 0)
            candidates[0] = b->type_ids[used];
        const struct sequence *declared =
            pt && c < pt->column_count ? pt->columns[c].sequence : NULL;
        for (size_t sidx = 0; declared && sidx < b->plan->sequence_count;
             sidx++)
            if (b->plan->sequences[sidx].declared == declared)
                candidates[1] = b->sequence_ids[sidx];
        for (size_t k = 0; k < 2; k++) {
            bool seen = candidates[k] <= 0;
            for (size_t j = 0; j < id_count && !seen; j++)
                seen = ids[j] == candidates[k];
            if (!seen)
                ids[id_count++] = candidates[k];
        }
    }

    buf_printf(q, "CREATE TABLE %s", ti->qualified);
    size_t printed = 0;
    for (size_t c = 0; c < t->column_count; c++) {
        const struct column *col = &t->columns[c];
        buf_puts(q, printed == 0 ? " (\n    " : ",\n    ");
        printed++;
        sql_quote_ident(q, col->name);
        buf_putc(q, ' ');
        pgtype_format(&col->type, q);
        if (!col->type.serial && col->default_sql) {
            buf_puts(q, " DEFAULT ");
            buf_puts(q, col->default_sql);
        }
        if (!col->nullable || col->type.serial || in_primary_key(t, col->name))
            buf_puts(q, " NOT NULL");
    }
    /* pg_dump lists CHECK constraints by name */
    struct sort_item *checks =
        xcalloc(t->check_constraint_count + 1, sizeof(*checks));
    for (size_t j = 0; j < t->check_constraint_count; j++) {
        checks[j].name = ti->check_names[j];
        checks[j].index = j;
    }
    if (t->check_constraint_count > 1)
        qsort(checks, t->check_constraint_count, sizeof(*checks),
              compare_check_names);
    for (size_t k = 0; k < t->check_constraint_count; k++) {
        const struct check_constraint *cc =
            &t->check_constraints[checks[k].index];
        buf_puts(q, printed == 0 ? " (\n    " : ",\n    ");
        printed++;
        buf_puts(q, "CONSTRAINT ");
        sql_quote_ident(q, checks[k].name);
        buf_printf(q, " CHECK ((%s))", check_body(b->arena, cc->expression));
    }
    free(checks);
    buf_puts(q, printed ? "\n);\n" : " (\n);\n");
    ti->table_id =
        add_entry(b, "TABLE", t->name, SECTION_PRE_DATA, take_sql(b),
                  arena_printf(b->arena, "DROP TABLE %s;\n", ti->qualified),
                  ids, id_count);
    free(ids);

    /* pg_dump writes a table's comments right after it */
    int table_dep[1] = {ti->table_id};
    if (t->comment && *t->comment) {
        const char *quoted = quoted_ident(b, t->name);
        buf_printf(q, "COMMENT ON TABLE %s IS ", ti->qualified);
        sql_quote_literal(q, t->comment);
        buf_puts(q, ";\n");
        add_entry(b, "COMMENT", arena_printf(b->arena, "TABLE %s", quoted),
                  SECTION_NONE, take_sql(b), NULL, table_dep, 1);
    }
    for (size_t c = 0; c < t->column_count; c++) {
        const struct column *col = &t->columns[c];
        if (col->comment == NULL || *col->comment == '\0')
            continue;
        const char *column = quoted_ident(b, col->name);
        buf_printf(q, "COMMENT ON COLUMN %s.%s IS ", ti->qualified, column);
        sql_quote_literal(q, col->comment);
        buf_puts(q, ";\n");
        add_entry(b, "COMMENT",
                  arena_printf(b->arena, "COLUMN %s.%s",
                               quoted_ident(b, t->name), column),
                  SECTION_NONE, take_sql(b), NULL, table_dep, 1);
    }
}

static void
add_sequence(struct builder *b, size_t index)
{
    const struct plan_sequence *ps = &b->plan->sequences[index];
    const struct sequence *declared = ps->declared;
    const char *qualified = qualified_name(b, ps->name);
    struct buf *q = &b->sql;

    /* pg_dump prints MINVALUE/MAXVALUE only when they differ from the
     * defaults of the sequence's type and direction. */
    int64_t type_min = INT64_MIN, type_max = INT64_MAX;
    if (ps->as_type && strcmp(ps->as_type, "smallint") == 0) {
        type_min = -32768;
        type_max = 32767;
    } else if (ps->as_type && strcmp(ps->as_type, "integer") == 0) {
        type_min = INT32_MIN;
        type_max = INT32_MAX;
    }
    bool ascending = ps->increment >= 0;
    int64_t default_min = ascending ? 1 : type_min;
    int64_t default_max = ascending ? type_max : -1;

    buf_printf(q, "CREATE SEQUENCE %s\n", qualified);
    if (ps->as_type && strcmp(ps->as_type, "bigint") != 0)
        buf_printf(q, "    AS %s\n", ps->as_type);
    buf_puts(q, "    START WITH ");
    buf_put_i64(q, ps->start);
    buf_puts(q, "\n    INCREMENT BY ");
    buf_put_i64(q, ps->increment);
    buf_putc(q, '\n');
    if (declared && declared->has_min_value &&
        declared->min_value != default_min) {
        buf_puts(q, "    MINVALUE ");
        buf_put_i64(q, declared->min_value);
        buf_putc(q, '\n');
    } else {
        buf_puts(q, "    NO MINVALUE\n");
    }
    if (declared && declared->has_max_value &&
        declared->max_value != default_max) {
        buf_puts(q, "    MAXVALUE ");
        buf_put_i64(q, declared->max_value);
        buf_putc(q, '\n');
    } else {
        buf_puts(q, "    NO MAXVALUE\n");
    }
    buf_puts(q, "    CACHE ");
    buf_put_i64(q, declared && declared->cache > 0 ? declared->cache : 1);
    if (declared && declared->cycle)
        buf_puts(q, "\n    CYCLE");
    buf_puts(q, ";\n");

    int owner_dep[1];
    size_t owner_deps = 0;
    long owner = -1;
    if (ps->owner_table)
        for (size_t i = 0; i < b->plan->table_count; i++)
            if (&b->plan->tables[i] == ps->owner_table)
                owner = (long)i;
    if (owner >= 0)
        owner_dep[owner_deps++] = b->tables[owner].table_id;
    int id = add_entry(b, "SEQUENCE", ps->name, SECTION_PRE_DATA, take_sql(b),
                       arena_printf(b->arena, "DROP SEQUENCE %s;\n", qualified),
                       owner_dep, owner_deps);
    b->sequence_ids[index] = id;

    if (owner >= 0) {
        const struct table *t = b->tables[owner].t;
        buf_printf(q, "ALTER SEQUENCE %s OWNED BY %s.", qualified,
                   b->tables[owner].qualified);
        sql_quote_ident(q, t->columns[ps->owner_column].name);
        buf_puts(q, ";\n");
        int seq_dep[1] = {id};
        add_entry(b, "SEQUENCE OWNED BY", ps->name, SECTION_PRE_DATA,
                  take_sql(b), NULL, seq_dep, 1);
    }
}

/* Tables and sequences share one name order in pg_dump; a table comes
 * after the declared sequences its defaults call and a serial sequence
 * after its table. */
static void
add_relations(struct builder *b)
{
    struct plan *plan = b->plan;
    size_t count = plan->table_count + plan->sequence_count;
    if (count == 0)
        return;
    struct sort_item *items = xcalloc(count, sizeof(*items));
    for (size_t i = 0; i < plan->table_count; i++) {
        items[i].name = plan->tables[i].table->name;
        items[i].index = i;
        items[i].sub = 0;
    }
    for (size_t i = 0; i < plan->sequence_count; i++) {
        struct sort_item *it = &items[plan->table_count + i];
        it->name = plan->sequences[i].name;
        it->index = i;
        it->sub = 1;
    }
    /* sub tells tables from sequences; names are unique among relations */
    qsort(items, count, sizeof(*items), compare_items);
    size_t *table_pos = xcalloc(plan->table_count + 1, sizeof(size_t));
    size_t *sequence_pos = xcalloc(plan->sequence_count + 1, sizeof(size_t));
    for (size_t k = 0; k < count; k++) {
        if (items[k].sub == 0)
            table_pos[items[k].index] = k;
        else
            sequence_pos[items[k].index] = k;
    }
    long **deps = xcalloc(count, sizeof(*deps));
    size_t *dep_counts = xcalloc(count, sizeof(size_t));
    for (size_t k = 0; k < count; k++) {
        if (items[k].sub == 0) {
            const struct plan_table *pt = &plan->tables[items[k].index];
            deps[k] = xcalloc(pt->column_count + 1, sizeof(long));
            for (size_t c = 0; c < pt->column_count; c++) {
                const struct sequence *declared = pt->columns[c].sequence;
                for (size_t s = 0; declared && s < plan->sequence_count; s++)
                    if (plan->sequences[s].declared == declared)
                        deps[k][dep_counts[k]++] = (long)sequence_pos[s];
            }
        } else {
            const struct plan_sequence *ps = &plan->sequences[items[k].index];
            deps[k] = xcalloc(1, sizeof(long));
            for (size_t i = 0; ps->owner_table && i < plan->table_count; i++)
                if (&plan->tables[i] == ps->owner_table)
                    deps[k][dep_counts[k]++] = (long)table_pos[i];
        }
    }
    size_t *order = xcalloc(count, sizeof(size_t));
    topo_sort(count, deps, dep_counts, order);
    for (size_t k = 0; k < count; k++) {
        const struct sort_item *it = &items[order[k]];
        if (it->sub == 0)
            add_table(b, it->index);
        else
            add_sequence(b, it->index);
    }
    for (size_t k = 0; k < count; k++)
        free(deps[k]);
    free(deps);
    free(dep_counts);
    free(order);
    free(table_pos);
    free(sequence_pos);
    free(items);
}

static void
add_defaults(struct builder *b)
{
    struct plan *plan = b->plan;
    struct sort_item *items = xcalloc(plan->sequence_count + 1, sizeof(*items));
    size_t count = 0;
    for (size_t s = 0; s < plan->sequence_count; s++) {
        const struct plan_sequence *ps = &plan->sequences[s];
        if (ps->owner_table == NULL)
            continue;
        items[count].name = ps->owner_table->table->name;
        items[count].index = s;
        items[count].sub = ps->owner_column;
        count++;
    }
    /* by table name, then column position (pg_dump sorts attribute
     * defaults by their table's name and then the column number) */
    for (size_t i = 0; i < count; i++) {
        size_t s = items[i].index;
        items[i].index = items[i].sub;
        items[i].sub = s;
    }
    sort_items(items, count);
    struct buf *q = &b->sql;
    for (size_t k = 0; k < count; k++) {
        size_t s = items[k].sub;
        const struct plan_sequence *ps = &plan->sequences[s];
        long owner = -1;
        for (size_t i = 0; i < plan->table_count; i++)
            if (&plan->tables[i] == ps->owner_table)
                owner = (long)i;
        if (owner < 0)
            continue;
        const struct table_info *ti = &b->tables[owner];
        const char *column_name = ti->t->columns[ps->owner_column].name;
        const char *column = quoted_ident(b, column_name);

        struct buf regclass;
        buf_init(&regclass, 64);
        sql_qualified_name(&regclass, ps->name);
        buf_printf(q,
                   "ALTER TABLE ONLY %s ALTER COLUMN %s SET DEFAULT nextval(",
                   ti->qualified, column);
        sql_quote_literal(q, regclass.data);
        buf_puts(q, "::regclass);\n");
        buf_release(&regclass);
        int deps[2] = {b->sequence_ids[s], ti->table_id};
        add_entry(b, "DEFAULT",
                  arena_printf(b->arena, "%s %s", ti->t->name, column_name),
                  SECTION_PRE_DATA, take_sql(b),
                  arena_printf(b->arena,
                               "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT;\n",
                               ti->qualified, column),
                  deps, 2);
    }
    free(items);
}

/* ---- data -----------------------------------------------------------------
 */

static void
add_table_data(struct builder *b)
{
    struct plan *plan = b->plan;
    struct sort_item *items = xcalloc(plan->table_count + 1, sizeof(*items));
    for (size_t i = 0; i < plan->table_count; i++) {
        items[i].name = plan->tables[i].table->name;
        items[i].index = i;
    }
    sort_items(items, plan->table_count);
    struct buf columns;
    buf_init(&columns, 256);
    for (size_t k = 0; k < plan->table_count; k++) {
        struct table_info *ti = &b->tables[items[k].index];
        const struct table *t = ti->t;
        buf_reset(&columns);
        if (t->column_count > 0) {
            buf_putc(&columns, '(');
            for (size_t c = 0; c < t->column_count; c++) {
                if (c > 0)
                    buf_puts(&columns, ", ");
                sql_quote_ident(&columns, t->columns[c].name);
            }
            buf_putc(&columns, ')');
        }
        int deps[1] = {ti->table_id};
        int id = add_entry(b, "TABLE DATA", t->name, SECTION_DATA, "", NULL,
                           deps, 1);
        struct dump_entry *e = &b->entries[id - 1];
        e->copy_stmt = arena_printf(b->arena, "COPY %s %s FROM stdin;\n",
                                    ti->qualified, columns.data);
        e->insert_prefix =
            columns.len ? arena_printf(b->arena, "INSERT INTO %s %s VALUES",
                                       ti->qualified, columns.data)
                        : arena_printf(b->arena, "INSERT INTO %s VALUES",
                                       ti->qualified);
        e->table = ti->pt;
    }
    buf_release(&columns);
    free(items);

    items = xcalloc(plan->sequence_count + 1, sizeof(*items));
    for (size_t i = 0; i < plan->sequence_count; i++) {
        items[i].name = plan->sequences[i].name;
        items[i].index = i;
    }
    sort_items(items, plan->sequence_count);
    struct buf *q = &b->sql;
    for (size_t k = 0; k < plan->sequence_count; k++) {
        const struct plan_sequence *ps = &plan->sequences[items[k].index];
        struct buf regclass;
        buf_init(&regclass, 64);
        sql_qualified_name(&regclass, ps->name);
        buf_puts(q, "SELECT pg_catalog.setval(");
        sql_quote_literal(q, regclass.data);
        buf_puts(q, ", ");
        buf_put_i64(q, ps->is_called ? ps->last_value : ps->start);
        buf_puts(q, ps->is_called ? ", true);\n" : ", false);\n");
        buf_release(&regclass);
        int deps[1] = {b->sequence_ids[items[k].index]};
        add_entry(b, "SEQUENCE SET", ps->name, SECTION_DATA, take_sql(b), NULL,
                  deps, 1);
    }
    free(items);
}

/* ---- post-data --------------------------------------------------------------
 */

/* sort_item.sub for constraints: which object of the table */
#define SUB_PKEY SIZE_MAX

static void
add_key_constraints(struct builder *b)
{
    struct plan *plan = b->plan;
    size_t count = 0;
    for (size_t i = 0; i < plan->table_count; i++)
        count += (b->tables[i].t->primary_key.count > 0) +
                 b->tables[i].t->unique_constraint_count;
    struct sort_item *items = xcalloc(count + 1, sizeof(*items));
    size_t n = 0;
    for (size_t i = 0; i < plan->table_count; i++) {
        const struct table_info *ti = &b->tables[i];
        if (ti->t->primary_key.count > 0)
            items[n++] =
                (struct sort_item){ti->pkey_name, ti->t->name, i, SUB_PKEY};
        for (size_t j = 0; j < ti->t->unique_constraint_count; j++)
            items[n++] =
                (struct sort_item){ti->unique_names[j], ti->t->name, i, j};
    }
    sort_items(items, n);
    struct buf *q = &b->sql;
    for (size_t k = 0; k < n; k++) {
        struct table_info *ti = &b->tables[items[k].index];
        bool primary = items[k].sub == SUB_PKEY;
        const struct name_list *columns =
            primary ? &ti->t->primary_key
                    : &ti->t->unique_constraints[items[k].sub].columns;
        const char *quoted = quoted_ident(b, items[k].name);
        buf_printf(q, "ALTER TABLE ONLY %s\n    ADD CONSTRAINT %s %s (",
                   ti->qualified, quoted, primary ? "PRIMARY KEY" : "UNIQUE");
        put_column_list(q, columns);
        buf_puts(q, ");\n");
        int deps[1] = {ti->table_id};
        int id = add_entry(
            b, "CONSTRAINT",
            arena_printf(b->arena, "%s %s", ti->t->name, items[k].name),
            SECTION_POST_DATA, take_sql(b),
            arena_printf(b->arena, "ALTER TABLE ONLY %s DROP CONSTRAINT %s;\n",
                         ti->qualified, quoted),
            deps, 1);
        if (primary)
            ti->pkey_id = id;
        else
            ti->unique_ids[items[k].sub] = id;
    }
    free(items);
}

static void
add_indexes(struct builder *b)
{
    struct plan *plan = b->plan;
    size_t count = 0;
    for (size_t i = 0; i < plan->table_count; i++)
        count += b->tables[i].t->index_count;
    struct sort_item *items = xcalloc(count + 1, sizeof(*items));
    size_t n = 0;
    for (size_t i = 0; i < plan->table_count; i++)
        for (size_t j = 0; j < b->tables[i].t->index_count; j++)
            items[n++] = (struct sort_item){b->tables[i].index_names[j],
                                            b->tables[i].t->name, i, j};
    sort_items(items, n);
    struct buf *q = &b->sql;
    for (size_t k = 0; k < n; k++) {
        struct table_info *ti = &b->tables[items[k].index];
        const struct index_def *ix = &ti->t->indexes[items[k].sub];
        const char *quoted = quoted_ident(b, items[k].name);
        buf_printf(q, "CREATE %sINDEX %s ON %s USING %s (",
                   ix->unique ? "UNIQUE " : "", quoted, ti->qualified,
                   ix->method ? ix->method : "btree");
        put_column_list(q, &ix->columns);
        buf_puts(q, ");\n");
        int deps[1] = {ti->table_id};
        ti->index_ids[items[k].sub] =
            add_entry(b, "INDEX", items[k].name, SECTION_POST_DATA, take_sql(b),
                      arena_printf(b->arena, "DROP INDEX %s;\n",
                                   qualified_name(b, items[k].name)),
                      deps, 1);
    }
    free(items);
}

/* The entry of the key a foreign key references: the primary key, a
 * unique constraint or a unique btree index on the same columns. */
static int
referenced_key_id(const struct table_info *parent,
                  const struct name_list *columns)
{
    const struct table *t = parent->t;
    if (same_column_set(&t->primary_key, columns))
        return parent->pkey_id;
    for (size_t j = 0; j < t->unique_constraint_count; j++)
        if (same_column_set(&t->unique_constraints[j].columns, columns))
            return parent->unique_ids[j];
    for (size_t j = 0; j < t->index_count; j++)
        if (t->indexes[j].unique &&
            (t->indexes[j].method == NULL ||
             strcmp(t->indexes[j].method, "btree") == 0) &&
            same_column_set(&t->indexes[j].columns, columns))
            return parent->index_ids[j];
    return 0;
}

static void
add_foreign_keys(struct builder *b)
{
    struct plan *plan = b->plan;
    size_t count = 0;
    for (size_t i = 0; i < plan->table_count; i++)
        count += b->tables[i].t->foreign_key_count;
    struct sort_item *items = xcalloc(count + 1, sizeof(*items));
    size_t n = 0;
    for (size_t i = 0; i < plan->table_count; i++)
        for (size_t j = 0; j < b->tables[i].t->foreign_key_count; j++)
            items[n++] = (struct sort_item){b->tables[i].fk_names[j],
                                            b->tables[i].t->name, i, j};
    sort_items(items, n);
    struct buf *q = &b->sql;
    for (size_t k = 0; k < n; k++) {
        const struct table_info *ti = &b->tables[items[k].index];
        const struct foreign_key *fk = &ti->t->foreign_keys[items[k].sub];
        long parent_index = table_index_by_name(b, fk->referenced_table);
        if (parent_index < 0)
            continue;
        const struct table_info *parent = &b->tables[parent_index];
        const struct name_list *referenced = fk->referenced_columns.count
                                                 ? &fk->referenced_columns
                                                 : &parent->t->primary_key;
        const char *quoted = quoted_ident(b, items[k].name);
        buf_printf(q,
                   "ALTER TABLE ONLY %s\n    ADD CONSTRAINT %s FOREIGN KEY (",
                   ti->qualified, quoted);
        put_column_list(q, &fk->columns);
        buf_printf(q, ") REFERENCES %s(", parent->qualified);
        put_column_list(q, referenced);
        buf_putc(q, ')');
        /* pg_get_constraintdef order; NO ACTION is the default and is not
         * printed */
        if (fk->on_update && strcasecmp(fk->on_update, "NO ACTION") != 0)
            buf_printf(q, " ON UPDATE %s", fk->on_update);
        if (fk->on_delete && strcasecmp(fk->on_delete, "NO ACTION") != 0)
            buf_printf(q, " ON DELETE %s", fk->on_delete);
        buf_puts(q, ";\n");
        int deps[3] = {ti->table_id, parent->table_id, 0};
        size_t dep_count = 2;
        int key = referenced_key_id(parent, referenced);
        if (key > 0)
            deps[dep_count++] = key;
        add_entry(b, "FK CONSTRAINT",
                  arena_printf(b->arena, "%s %s", ti->t->name, items[k].name),
                  SECTION_POST_DATA, take_sql(b),
                  arena_printf(b->arena,
                               "ALTER TABLE ONLY %s DROP CONSTRAINT %s;\n",
                               ti->qualified, quoted),
                  deps, dep_count);
    }
    free(items);
}

/* ---- the whole list -------------------------------------------------------
 */

static void
add_settings(struct builder *b)
{
    const struct schema *s = b->schema;
    const char *encoding =
        canonical_encoding(b->arena, s ? s->database.encoding : NULL);
    int id = add_entry(
        b, "ENCODING", "ENCODING", SECTION_PRE_DATA,
        arena_printf(b->arena, "SET client_encoding = '%s';\n", encoding), NULL,
        NULL, 0);
    b->entries[id - 1].namespace = NULL;
    b->entries[id - 1].owner = NULL;
    id = add_entry(b, "STDSTRINGS", "STDSTRINGS", SECTION_PRE_DATA,
                   "SET standard_conforming_strings = 'on';\n", NULL, NULL, 0);
    b->entries[id - 1].namespace = NULL;
    b->entries[id - 1].owner = NULL;
    /* pg_dump sets an empty search_path because it qualifies every name it
     * prints. Defaults and CHECK expressions here are the schema author's
     * SQL (nextval('order_seq'), uuid_generate_v4(), 'x'::mood), which name
     * objects without a schema: they resolve through public. */
    id = add_entry(b, "SEARCHPATH", "SEARCHPATH", SECTION_PRE_DATA,
                   "SELECT pg_catalog.set_config('search_path', 'public', "
                   "false);\n",
                   NULL, NULL, 0);
    b->entries[id - 1].namespace = NULL;
    b->entries[id - 1].owner = NULL;
    /* Used only by pg_restore -C. No LOCALE clause: the schema's locale
     * names the data's language, and may not exist on the target. */
    const char *name = s && s->database.name ? s->database.name : "datagen";
    struct buf sql;
    buf_init(&sql, 128);
    buf_puts(&sql, "CREATE DATABASE ");
    sql_quote_ident(&sql, name);
    buf_printf(&sql, " WITH TEMPLATE = template0 ENCODING = '%s';\n",
               encoding);
    struct buf drop;
    buf_init(&drop, 64);
    buf_puts(&drop, "DROP DATABASE ");
    sql_quote_ident(&drop, name);
    buf_puts(&drop, ";\n");
    id = add_entry(b, "DATABASE", arena_strdup(b->arena, name),
                   SECTION_PRE_DATA, arena_strdup(b->arena, sql.data),
                   arena_strdup(b->arena, drop.data), NULL, 0);
    b->entries[id - 1].namespace = NULL;
    b->entries[id - 1].owner = NULL;
    buf_release(&sql);
    buf_release(&drop);
}

static void
add_extensions(struct builder *b)
{
    const struct schema *s = b->schema;
    size_t count = s ? s->extensions.count : 0;
    struct sort_item *items = xcalloc(count + 1, sizeof(*items));
    for (size_t i = 0; i < count; i++) {
        items[i].name = s->extensions.names[i];
        items[i].index = i;
    }
    sort_items(items, count);
    for (size_t k = 0; k < count; k++) {
        const char *quoted = quoted_ident(b, items[k].name);
        int id = add_entry(
            b, "EXTENSION", items[k].name, SECTION_PRE_DATA,
            arena_printf(b->arena,
                         "CREATE EXTENSION IF NOT EXISTS %s WITH SCHEMA "
                         "public;\n",
                         quoted),
            arena_printf(b->arena, "DROP EXTENSION %s;\n", quoted), NULL, 0);
        /* an extension has neither schema nor owner in pg_dump's TOC */
        b->entries[id - 1].namespace = NULL;
        b->entries[id - 1].owner = NULL;
    }
    free(items);
}

void
plan_entries_build(struct plan *plan)
{
    struct builder b;
    memset(&b, 0, sizeof(b));
    b.plan = plan;
    b.schema = plan->schema;
    b.arena = &plan->arena;
    buf_init(&b.sql, 1024);
    size_t type_count = b.schema ? b.schema->custom_type_count : 0;
    b.type_ids = xcalloc(type_count + 1, sizeof(int));
    b.domain_check_names = xcalloc(type_count + 1, sizeof(char *));
    b.sequence_ids = xcalloc(plan->sequence_count + 1, sizeof(int));
    b.tables = xcalloc(plan->table_count + 1, sizeof(*b.tables));
    for (size_t i = 0; i < plan->table_count; i++) {
        struct table_info *ti = &b.tables[i];
        const struct table *t = plan->tables[i].table;
        ti->pt = &plan->tables[i];
        ti->t = t;
        ti->qualified = qualified_name(&b, t->name);
        ti->check_names = arena_zalloc(
            b.arena, (t->check_constraint_count + 1) * sizeof(char *));
        ti->unique_names = arena_zalloc(
            b.arena, (t->unique_constraint_count + 1) * sizeof(char *));
        ti->fk_names =
            arena_zalloc(b.arena, (t->foreign_key_count + 1) * sizeof(char *));
        ti->index_names =
            arena_zalloc(b.arena, (t->index_count + 1) * sizeof(char *));
        ti->unique_ids = xcalloc(t->unique_constraint_count + 1, sizeof(int));
        ti->index_ids = xcalloc(t->index_count + 1, sizeof(int));
    }

    choose_names(&b);
    add_settings(&b);
    add_extensions(&b);
    add_types(&b);
    add_relations(&b);
    add_defaults(&b);
    add_table_data(&b);
    add_key_constraints(&b);
    add_indexes(&b);
    add_foreign_keys(&b);

    plan->entry_count = b.entry_count;
    plan->entries =
        arena_alloc(b.arena, (b.entry_count + 1) * sizeof(*plan->entries));
    memcpy(plan->entries, b.entries, b.entry_count * sizeof(*plan->entries));

    for (size_t i = 0; i < plan->table_count; i++) {
        free(b.tables[i].unique_ids);
        free(b.tables[i].index_ids);
    }
    free(b.tables);
    free(b.type_ids);
    free(b.domain_check_names);
    free(b.sequence_ids);
    free(b.entries);
    free(b.relations.slots);
    free(b.constraints.slots);
    buf_release(&b.sql);
}
