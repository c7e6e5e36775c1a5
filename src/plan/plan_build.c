#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/rng.h"
#include "core/strutil.h"
#include "core/xalloc.h"
#include "gen/gen_semantic.h"
#include "plan/plan.h"

/* Salts that keep the streams of one cell apart. */
#define SALT_NULL UINT64_C(0x6e756c6c)   /* whether a cell is NULL */
#define SALT_FK UINT64_C(0x666b)         /* a foreign key's pick */
#define SALT_ROW UINT64_C(0x726f77)      /* the row's shared key */
#define SALT_ATTEMPT UINT64_C(0x747279)  /* CHECK retries */
#define SALT_UNIQUE UINT64_C(0x756e71)   /* keyed permutations */

/* Deeper chains of foreign keys through key columns mean a loop. */
#define MAX_KEY_CHAIN 64

void
plan_options_init(struct plan_options *options)
{
    memset(options, 0, sizeof(*options));
    options->seed = PLAN_DEFAULT_SEED;
    options->scale = 1.0;
}

const struct plan_table *
plan_find_table(const struct plan *plan, const char *name)
{
    for (size_t i = 0; i < plan->table_count; i++)
        if (strcmp(plan->tables[i].table->name, name) == 0)
            return &plan->tables[i];
    return NULL;
}

static struct plan_table *
find_table_mut(struct plan *plan, const char *name)
{
    return (struct plan_table *)plan_find_table(plan, name);
}

static long
column_index(const struct table *table, const char *name)
{
    return table_column_index(table, name);
}

/* "en_US.utf8" -> "en_US"; NULL or empty -> "en_US". */
static const char *
normalise_locale(struct arena *arena, const char *locale)
{
    if (locale == NULL || *locale == '\0')
        return "en_US";
    size_t length = strcspn(locale, ".@");
    return arena_strndup(arena, locale, length);
}

static uint64_t
scaled_rows(const struct table *table, const struct plan_options *options)
{
    for (size_t i = 0; i < options->override_count; i++)
        if (strcmp(options->overrides[i].table, table->name) == 0)
            return options->overrides[i].rows;
    if (table->row_count <= 0)
        return 0;
    double rows = (double)table->row_count * options->scale;
    if (rows < 1.0)
        return 1; /* a scaled-down table keeps at least one row */
    return (uint64_t)llround(rows);
}

/* ---- sequences --------------------------------------------------------- */

/* The sequence named in a default such as nextval('order_no_seq'::regclass)
 * or nextval('public.order_no_seq'), or NULL. */
static const struct sequence *
default_sequence(const struct schema *schema, const char *default_sql,
                 struct arena *arena)
{
    if (default_sql == NULL)
        return NULL;
    const char *call = strstr(default_sql, "nextval(");
    if (call == NULL)
        return NULL;
    const char *quote = strchr(call, '\'');
    if (quote == NULL)
        return NULL;
    const char *end = strchr(quote + 1, '\'');
    if (end == NULL)
        return NULL;
    char *name = arena_strndup(arena, quote + 1, (size_t)(end - quote - 1));
    if (strncmp(name, "public.", 7) == 0)
        name += 7;
    size_t length = strlen(name);
    if (length >= 2 && name[0] == '"' && name[length - 1] == '"') {
        name[length - 1] = '\0';
        name++;
    }
    return schema_find_sequence(schema, name);
}

static void
add_sequences(struct plan *plan, struct diag_list *diags)
{
    const struct schema *schema = plan->schema;
    size_t serial_count = 0;
    for (size_t t = 0; t < plan->table_count; t++)
        for (size_t c = 0; c < plan->tables[t].column_count; c++)
            if (plan->tables[t].columns[c].column->type.serial)
                serial_count++;
    plan->sequence_count = 0;
    plan->sequences = arena_zalloc(
        &plan->arena,
        (schema->sequence_count + serial_count + 1) * sizeof(*plan->sequences));

    for (size_t i = 0; i < schema->sequence_count; i++) {
        const struct sequence *s = &schema->sequences[i];
        struct plan_sequence *ps = &plan->sequences[plan->sequence_count++];
        ps->name = s->name;
        ps->declared = s;
        ps->start = s->start;
        ps->increment = s->increment;
        ps->last_value = s->start;
        ps->is_called = false;
    }

    for (size_t t = 0; t < plan->table_count; t++) {
        struct plan_table *pt = &plan->tables[t];
        for (size_t c = 0; c < pt->column_count; c++) {
            struct plan_column *pc = &pt->columns[c];
            const struct column *col = pc->column;
            struct plan_sequence *ps = NULL;
            if (col->type.serial) {
                ps = &plan->sequences[plan->sequence_count++];
                ps->name = plan_object_name(&plan->arena, pt->table->name,
                                            col->name, "seq");
                ps->as_type = col->type.base == PG_SMALLINT  ? "smallint"
                              : col->type.base == PG_INTEGER ? "integer"
                                                             : NULL;
                ps->start = 1;
                ps->increment = 1;
                ps->owner_table = pt;
                ps->owner_column = c;
            } else {
                const struct sequence *declared =
                    default_sequence(schema, col->default_sql, &plan->arena);
                if (declared == NULL)
                    continue;
                for (size_t i = 0; i < plan->sequence_count; i++)
                    if (plan->sequences[i].declared == declared)
                        ps = &plan->sequences[i];
                pc->sequence = declared;
            }
            if (col->generator && strcmp(col->generator, "sequence") != 0 &&
                strcmp(col->generator, "sequential") != 0) {
                char *path = arena_printf(&plan->arena,
                                          "tables.%s.columns[%zu].generator",
                                          pt->table->name, c);
                diag_add(diags, DIAG_ERROR, path,
                         "remove \"generator\": the column takes its values "
                         "from its sequence",
                         "column \"%s\" is fed by sequence \"%s\"", col->name,
                         ps->name);
            }
            if (pt->row_count > 0) {
                ps->is_called = true;
                int64_t last =
                    ps->start +
                    (int64_t)(pt->row_count - 1) * ps->increment;
                if (ps->last_value < last || !ps->is_called ||
                    ps->increment < 0)
                    ps->last_value = last;
            }
        }
    }
}

/* ---- uniqueness ------------------------------------------------------- */

struct key_set {
    size_t count;
    size_t *columns;
    const char *path;
};

static bool
fk_within(const struct plan_fk *fk, const struct key_set *set)
{
    for (size_t i = 0; i < fk->column_count; i++) {
        bool found = false;
        for (size_t j = 0; j < set->count; j++)
            if (set->columns[j] == fk->columns[i])
                found = true;
        if (!found)
            return false;
    }
    return true;
}

static bool
set_is_unique(const struct plan_table *pt, const struct key_set *set)
{
    for (size_t i = 0; i < set->count; i++)
        if (pt->columns[set->columns[i]].unique)
            return true;
    for (size_t f = 0; f < pt->fk_count; f++) {
        const struct plan_fk *fk = &pt->fks[f];
        if (!fk_within(fk, set))
            continue;
        if (fk->pick == PLAN_FK_DISTINCT)
            return true;
        if (fk->pick == PLAN_FK_PAIR &&
            fk_within(&pt->fks[fk->pair_partner], set))
            return true;
    }
    return false;
}

static bool
can_be_unique(const struct pg_type *type)
{
    struct pg_type element = pgtype_element(type, true);
    if (type->array_dims > 0)
        return true;
    switch (element.base) {
    case PG_BOOLEAN:
    case PG_ENUM:
        return false;
    default:
        return true;
    }
}

/* A key of one foreign key plus one integer column: number the lines of
 * each parent 1, 2, 3, ... instead of giving the integer column globally
 * unique values. */
static bool
group_lines(struct plan_table *pt, struct key_set *set)
{
    long line = -1, fk = -1;
    for (size_t i = 0; i < set->count; i++) {
        struct plan_column *pc = &pt->columns[set->columns[i]];
        if (pc->from_fk) {
            if (fk >= 0 && fk != (long)pc->fk)
                return false;
            fk = (long)pc->fk;
        } else {
            if (line >= 0 || !pgtype_is_integer(&pc->column->type) ||
                pc->column->type.array_dims > 0 || pc->column->generator)
                return false;
            line = (long)set->columns[i];
        }
    }
    if (line < 0 || fk < 0)
        return false;
    struct plan_fk *f = &pt->fks[fk];
    if (f->pick != PLAN_FK_UNIFORM || !fk_within(f, set) ||
        f->parent->row_count == 0)
        return false;
    int64_t min, max;
    pgtype_integer_bounds(&pt->columns[line].column->type, &min, &max);
    uint64_t lines = (pt->row_count + f->parent->row_count - 1) /
                     f->parent->row_count;
    if ((uint64_t)max < lines)
        return false;
    f->pick = PLAN_FK_GROUPED;
    f->null_fraction = 0;
    pt->columns[line].line_number = true;
    pt->columns[line].line_fk = (size_t)fk;
    pt->columns[line].unique = false;
    return true;
}

static void
make_unique(struct plan *plan, struct plan_table *pt, struct key_set *set,
            struct diag_list *diags)
{
    if (set_is_unique(pt, set))
        return;
    if (group_lines(pt, set))
        return;
    /* Prefer a column generated injectively over constraining the foreign
     * keys, and an integer over anything else (a line number, an id). */
    long best = -1;
    for (size_t i = 0; i < set->count; i++) {
        struct plan_column *pc = &pt->columns[set->columns[i]];
        if (pc->from_fk || !can_be_unique(&pc->column->type))
            continue;
        if (best < 0 || (pgtype_is_integer(&pc->column->type) &&
                         !pgtype_is_integer(
                             &pt->columns[set->columns[best]].column->type)))
            best = (long)i;
    }
    if (best >= 0) {
        pt->columns[set->columns[best]].unique = true;
        return;
    }
    /* Every column comes from foreign keys. */
    long first = -1, second = -1;
    bool covered = true;
    for (size_t i = 0; i < set->count && covered; i++) {
        struct plan_column *pc = &pt->columns[set->columns[i]];
        if (!pc->from_fk) {
            covered = false;
            break;
        }
        long f = (long)pc->fk;
        if (first < 0 || first == f)
            first = f;
        else if (second < 0 || second == f)
            second = f;
        else
            covered = false;
    }
    if (!covered || first < 0) {
        diag_error(diags, set->path,
                   "datagen cannot make these columns unique together: "
                   "their types allow too few distinct values");
        return;
    }
    struct plan_fk *a = &pt->fks[first];
    uint64_t a_rows = a->parent->row_count;
    if (second < 0) {
        if (pt->row_count > a_rows)
            diag_add(diags, DIAG_ERROR, set->path,
                     "lower row_count, or raise the referenced table's",
                     "cannot give %llu rows distinct values of \"%s\": the "
                     "referenced table \"%s\" has only %llu rows",
                     (unsigned long long)pt->row_count,
                     a->fk->columns.names[0], a->parent->table->name,
                     (unsigned long long)a_rows);
        a->pick = PLAN_FK_DISTINCT;
        a->null_fraction = 0;
        return;
    }
    struct plan_fk *b = &pt->fks[second];
    uint64_t b_rows = b->parent->row_count;
    __uint128_t pairs = (__uint128_t)a_rows * b_rows;
    if ((__uint128_t)pt->row_count > pairs) {
        diag_add(diags, DIAG_ERROR, set->path,
                 "lower row_count, or raise the referenced tables'",
                 "cannot make %llu distinct pairs: \"%s\" (%llu rows) and "
                 "\"%s\" (%llu rows) give only %llu combinations",
                 (unsigned long long)pt->row_count, a->parent->table->name,
                 (unsigned long long)a_rows, b->parent->table->name,
                 (unsigned long long)b_rows, (unsigned long long)pairs);
        return;
    }
    uint64_t domain = pairs > ((__uint128_t)1 << 62) ? (UINT64_C(1) << 62)
                                                     : (uint64_t)pairs;
    uint64_t key = rng_combine(plan->seed ^ SALT_UNIQUE, a->key);
    a->pick = b->pick = PLAN_FK_PAIR;
    a->pair_partner = second;
    b->pair_partner = first;
    a->pair_major = true;
    b->pair_major = false;
    perm_init(&a->perm, domain ? domain : 1, key);
    b->perm = a->perm;
    a->null_fraction = b->null_fraction = 0;
}

static void
add_key_set(struct plan *plan, struct plan_table *pt,
            const struct name_list *names, const char *path,
            struct diag_list *diags)
{
    struct key_set set;
    set.count = 0;
    set.columns = arena_alloc(&plan->arena, names->count * sizeof(size_t));
    set.path = path;
    for (size_t i = 0; i < names->count; i++) {
        long c = column_index(pt->table, names->names[i]);
        if (c < 0)
            return; /* the validator reported it */
        set.columns[set.count++] = (size_t)c;
        pt->columns[c].is_key = true;
    }
    if (set.count > 0)
        make_unique(plan, pt, &set, diags);
}

/* ---- foreign keys ---------------------------------------------------- */

static double
config_null_fraction(const struct column *col, const char *path,
                     struct diag_list *diags, bool *given)
{
    *given = false;
    if (col->generator_config == NULL)
        return 0;
    json_t *value = json_object_get(col->generator_config, "null_fraction");
    if (value == NULL)
        return 0;
    *given = true;
    if (!json_is_number(value) || json_number_value(value) < 0 ||
        json_number_value(value) > 1) {
        diag_error(diags, path, "must be a number from 0 to 1");
        return 0;
    }
    return json_number_value(value);
}

static void
add_foreign_keys(struct plan *plan, struct plan_table *pt,
                 struct diag_list *diags)
{
    const struct table *t = pt->table;
    pt->fk_count = t->foreign_key_count;
    pt->fks = arena_zalloc(&plan->arena, (pt->fk_count + 1) * sizeof(*pt->fks));
    for (size_t f = 0; f < t->foreign_key_count; f++) {
        const struct foreign_key *fk = &t->foreign_keys[f];
        struct plan_fk *pf = &pt->fks[f];
        pf->fk = fk;
        pf->pair_partner = -1;
        pf->parent = find_table_mut(plan, fk->referenced_table);
        pf->key = rng_combine(rng_combine(SALT_FK, pt->key),
                              rng_hash_name(fk->columns.names[0]));
        pf->stream = rng_combine(pt->stream_base, pf->key);
        const struct table *parent = pf->parent->table;
        const struct name_list *referenced = fk->referenced_columns.count
                                                 ? &fk->referenced_columns
                                                 : &parent->primary_key;
        pf->column_count = fk->columns.count;
        pf->columns = arena_alloc(&plan->arena, pf->column_count * sizeof(size_t));
        pf->parent_columns =
            arena_alloc(&plan->arena, pf->column_count * sizeof(size_t));
        bool all_nullable = true;
        for (size_t i = 0; i < pf->column_count; i++) {
            long c = column_index(t, fk->columns.names[i]);
            long p = column_index(parent, referenced->names[i]);
            pf->columns[i] = (size_t)c;
            pf->parent_columns[i] = (size_t)p;
            struct plan_column *pc = &pt->columns[c];
            if (!pc->column->nullable)
                all_nullable = false;
            if (pc->from_fk)
                continue; /* the first foreign key over a column feeds it */
            pc->from_fk = true;
            pc->fk = f;
            pc->fk_position = i;
            /* the referenced columns are keys of the parent */
            pf->parent->columns[p].is_key = true;
            if (pc->column->generator &&
                strcmp(pc->column->generator, "foreign_key") != 0) {
                char *path = arena_printf(&plan->arena,
                                          "tables.%s.columns[%ld].generator",
                                          t->name, c);
                diag_warning(diags, path,
                             "ignored: the values of \"%s\" come from its "
                             "foreign key to \"%s\"",
                             pc->column->name, parent->name);
            }
        }
        bool self = pf->parent == pt;
        pf->pick = self ? PLAN_FK_EARLIER_ROW : PLAN_FK_UNIFORM;
        if (all_nullable) {
            const struct column *first = pt->columns[pf->columns[0]].column;
            char *path = arena_printf(
                &plan->arena, "tables.%s.columns[%zu].generator_config."
                              "null_fraction",
                t->name, pf->columns[0]);
            bool given;
            double fraction = config_null_fraction(first, path, diags, &given);
            pf->null_fraction = given ? fraction : PLAN_DEFAULT_NULL_FRACTION;
        } else if (pf->parent->row_count == 0 && pt->row_count > 0) {
            char *path = arena_printf(&plan->arena,
                                      "tables.%s.foreign_keys[%zu]", t->name, f);
            diag_add(diags, DIAG_ERROR, path,
                     "give the referenced table rows, or make the columns "
                     "nullable",
                     "table \"%s\" has no rows for %llu NOT NULL references "
                     "to point at",
                     parent->name, (unsigned long long)pt->row_count);
        }
    }
}

/* Follows foreign keys through key columns: a loop would make plan_cell()
 * recurse forever. */
static void
check_key_chains(struct plan *plan, struct diag_list *diags)
{
    for (size_t t = 0; t < plan->table_count; t++) {
        const struct plan_table *pt = &plan->tables[t];
        for (size_t c = 0; c < pt->column_count; c++) {
            const struct plan_table *at = pt;
            size_t column = c;
            int depth = 0;
            while (at->columns[column].from_fk && depth <= MAX_KEY_CHAIN) {
                const struct plan_column *pc = &at->columns[column];
                const struct plan_fk *fk = &at->fks[pc->fk];
                column = fk->parent_columns[pc->fk_position];
                at = fk->parent;
                depth++;
            }
            if (depth > MAX_KEY_CHAIN) {
                char *path = arena_printf(&plan->arena, "tables.%s.columns[%zu]",
                                          pt->table->name, c);
                diag_error(diags, path,
                           "foreign keys loop through key columns: the "
                           "column's value would reference itself");
                return;
            }
        }
    }
}

/* ---- CHECK constraints ----------------------------------------------- */

struct resolve_context {
    const struct table *table;
    const struct pg_type *domain_base; /* resolving VALUE in a domain */
};

static long
resolve_column(void *context, const char *name, const struct pg_type **type)
{
    struct resolve_context *rc = context;
    if (rc->domain_base) {
        if (strcasecmp(name, "value") != 0)
            return -1;
        *type = rc->domain_base;
        return 0;
    }
    long c = table_column_index(rc->table, name);
    if (c >= 0)
        *type = &rc->table->columns[c].type;
    return c;
}

static void
merge_bounds(struct check_bounds *into, const struct check_bounds *from)
{
    bool comparable;
    if (from->has_min &&
        (!into->has_min ||
         value_compare(&from->min, &into->min, &comparable) > 0)) {
        into->has_min = true;
        into->min = from->min;
        into->min_inclusive = from->min_inclusive;
    }
    if (from->has_max &&
        (!into->has_max ||
         value_compare(&from->max, &into->max, &comparable) < 0)) {
        into->has_max = true;
        into->max = from->max;
        into->max_inclusive = from->max_inclusive;
    }
    if (from->allowed && !into->allowed) {
        into->allowed = from->allowed;
        into->allowed_count = from->allowed_count;
    }
    if (from->max_length >= 0 &&
        (into->max_length < 0 || from->max_length < into->max_length))
        into->max_length = from->max_length;
    if (from->min_length > into->min_length)
        into->min_length = from->min_length;
    into->not_null = into->not_null || from->not_null;
}

static void
empty_bounds(struct check_bounds *b)
{
    memset(b, 0, sizeof(*b));
    b->max_length = -1;
    b->min_length = -1;
}

static void
compile_checks(struct plan *plan, struct plan_table *pt,
               struct diag_list *diags)
{
    const struct table *t = pt->table;
    pt->checks =
        arena_zalloc(&plan->arena, (t->check_constraint_count + 1) *
                                       sizeof(*pt->checks));
    struct resolve_context rc = {.table = t};
    for (size_t i = 0; i < t->check_constraint_count; i++) {
        const struct check_constraint *cc = &t->check_constraints[i];
        struct dg_error err;
        dg_error_init(&err);
        struct check_expr *expr = NULL;
        int parsed = check_parse(cc->expression, resolve_column, &rc,
                                 &plan->arena, &expr, &err);
        if (parsed == CHECK_PARSE_UNKNOWN_COLUMN) {
            char *path = arena_printf(
                &plan->arena, "tables.%s.check_constraints[%zu].expression",
                t->name, i);
            diag_error(diags, path, "%s in table \"%s\"", err.message,
                       t->name);
            continue;
        }
        if (parsed != 0) {
            char *path = arena_printf(
                &plan->arena, "tables.%s.check_constraints[%zu].expression",
                t->name, i);
            diag_add(diags, DIAG_WARNING, path,
                     "it is still written to the dump; give the columns "
                     "generator_config ranges that satisfy it",
                     "datagen cannot honour this CHECK constraint (%s); "
                     "restoring may fail on rows that break it",
                     err.message);
            continue;
        }
        struct plan_check *pk = &pt->checks[pt->check_count];
        pk->constraint = cc;
        pk->expr = expr;
        pk->columns =
            arena_alloc(&plan->arena, PLAN_CHECK_COLUMNS * sizeof(long));
        pk->column_count =
            check_columns(expr, pk->columns, PLAN_CHECK_COLUMNS);
        pt->check_count++;
        for (size_t c = 0; c < pt->column_count; c++) {
            struct plan_column *pc = &pt->columns[c];
            if (pc->definition == NULL && !pc->from_fk && !pc->is_key &&
                !pc->unique && check_defines(expr, (long)c))
                pc->definition = expr;
        }
    }
}

static struct check_bounds *
column_bounds(struct plan *plan, struct plan_table *pt, size_t column,
              struct diag_list *diags)
{
    struct plan_column *pc = &pt->columns[column];
    struct check_bounds *merged = NULL;
    for (size_t i = 0; i < pt->check_count; i++) {
        struct check_bounds b;
        empty_bounds(&b);
        check_bounds(pt->checks[i].expr, (long)column, &b);
        if (!b.has_min && !b.has_max && !b.allowed && b.max_length < 0 &&
            b.min_length < 0 && !b.not_null)
            continue;
        if (merged == NULL) {
            merged = arena_alloc(&plan->arena, sizeof(*merged));
            empty_bounds(merged);
        }
        merge_bounds(merged, &b);
    }
    struct pg_type element = pc->column->type;
    if (element.base == PG_DOMAIN && element.array_dims == 0 &&
        element.custom && element.custom->constraint) {
        const struct custom_type *domain = element.custom;
        struct resolve_context rc = {.domain_base = &domain->base_type};
        struct dg_error err;
        dg_error_init(&err);
        struct check_expr *expr = NULL;
        int parsed = check_parse(domain->constraint, resolve_column, &rc,
                                 &plan->arena, &expr, &err);
        if (parsed != 0) {
            char *path = arena_printf(&plan->arena,
                                      "custom_types.%s.definition.constraint",
                                      domain->name);
            if (parsed == CHECK_PARSE_UNKNOWN_COLUMN)
                diag_error(diags, path,
                           "%s: a domain constraint can only use VALUE",
                           err.message);
            else
                diag_warning(diags, path,
                         "datagen cannot honour this domain constraint (%s); "
                         "restoring may fail on values that break it",
                         err.message);
        } else {
            pc->domain_check = expr;
            struct check_bounds b;
            empty_bounds(&b);
            check_bounds(expr, 0, &b);
            if (merged == NULL) {
                merged = arena_alloc(&plan->arena, sizeof(*merged));
                empty_bounds(merged);
            }
            merge_bounds(merged, &b);
        }
    }
    return merged;
}

/* ---- generators -------------------------------------------------------- */

static const char *
kind_names_closest(const char *name)
{
    size_t count = gen_kind_count();
    const char **names = xmalloc((count + 1) * sizeof(*names));
    for (size_t i = 0; i < count; i++)
        names[i] = gen_kind_at(i)->name;
    const char *best = str_closest(name, names, count);
    free(names);
    return best;
}

static bool
lookup_types_fit(const struct pg_type *child, const struct pg_type *parent)
{
    struct pg_type a = pgtype_element(child, true);
    struct pg_type b = pgtype_element(parent, true);
    if (child->array_dims != parent->array_dims)
        return false;
    if (pgtype_is_numeric(&a) && pgtype_is_numeric(&b))
        return true;
    if (pgtype_is_text(&a) && pgtype_is_text(&b))
        return true;
    return a.base == b.base && a.custom == b.custom;
}

/* "via" names one of the table's foreign-key columns, "column" a column of
 * the table it references. */
static void
resolve_lookup(struct plan *plan, struct plan_table *pt, size_t c,
               const char *path, bool null_fraction_given,
               struct diag_list *diags)
{
    struct plan_column *pc = &pt->columns[c];
    const json_t *config = pc->column->generator_config;
    const char *via = json_string_value(json_object_get(config, "via"));
    const char *name = json_string_value(json_object_get(config, "column"));
    char *via_path =
        arena_printf(&plan->arena, "%s.generator_config.via", path);
    long via_column = column_index(pt->table, via);
    if (via_column < 0 || !pt->columns[via_column].from_fk) {
        diag_add(diags, DIAG_ERROR, via_path,
                 "name a column of one of the table's foreign keys",
                 via_column < 0 ? "unknown column \"%s\""
                                : "column \"%s\" is not a foreign key column",
                 via);
        return;
    }
    const struct plan_column *fk_column = &pt->columns[via_column];
    const struct plan_fk *fk = &pt->fks[fk_column->fk];
    const struct table *parent = fk->parent->table;
    long parent_column = column_index(parent, name);
    char *column_path =
        arena_printf(&plan->arena, "%s.generator_config.column", path);
    if (parent_column < 0) {
        const char **names =
            xmalloc((parent->column_count + 1) * sizeof(*names));
        for (size_t i = 0; i < parent->column_count; i++)
            names[i] = parent->columns[i].name;
        const char *near = str_closest(name, names, parent->column_count);
        char *hint = near ? arena_printf(&plan->arena, "did you mean \"%s\"?",
                                         near)
                          : NULL;
        free(names);
        diag_add(diags, DIAG_ERROR, column_path, hint,
                 "table \"%s\" has no column \"%s\"", parent->name, name);
        return;
    }
    if (!lookup_types_fit(&pc->column->type,
                          &parent->columns[parent_column].type)) {
        diag_error(diags, column_path,
                   "\"%s.%s\" is of type \"%s\", which column \"%s\" "
                   "(\"%s\") cannot hold",
                   parent->name, name, parent->columns[parent_column].type_text,
                   pc->column->name, pc->column->type_text);
        return;
    }
    pc->lookup = true;
    pc->lookup_fk = fk_column->fk;
    pc->lookup_column = (size_t)parent_column;
    if (!null_fraction_given)
        pc->null_fraction = 0; /* NULL only where the referenced value is */
}

/* A lookup of a lookup that leads back to itself would never end. */
static void
check_lookup_chains(struct plan *plan, struct diag_list *diags)
{
    for (size_t t = 0; t < plan->table_count; t++) {
        const struct plan_table *pt = &plan->tables[t];
        for (size_t c = 0; c < pt->column_count; c++) {
            const struct plan_table *at = pt;
            size_t column = c;
            int depth = 0;
            while (at->columns[column].lookup && depth <= MAX_KEY_CHAIN) {
                const struct plan_column *pc = &at->columns[column];
                column = pc->lookup_column;
                at = at->fks[pc->lookup_fk].parent;
                depth++;
            }
            if (depth > MAX_KEY_CHAIN) {
                char *path = arena_printf(&plan->arena,
                                          "tables.%s.columns[%zu].generator",
                                          pt->table->name, c);
                diag_error(diags, path,
                           "lookups lead back to this column: its value "
                           "would depend on itself");
                return;
            }
        }
    }
}

/* The columns of table t that decide the final value of column c: c and
 * every column a CHECK links to it, directly or through other CHECKs, since
 * a broken CHECK redraws only its own columns. NULL when that is the whole
 * row: a column computed from others (whose derivation and retries reach
 * further) or a CHECK reading too many columns to list. */
static const bool *
lookup_needs(struct plan *plan, const struct plan_table *t, size_t c)
{
    for (size_t i = 0; i < t->column_count; i++)
        if (t->columns[i].definition != NULL)
            return NULL;
    for (size_t k = 0; k < t->check_count; k++)
        if (t->checks[k].column_count > PLAN_CHECK_COLUMNS)
            return NULL;
    bool *needs = arena_zalloc(&plan->arena, t->column_count * sizeof(*needs));
    needs[c] = true;
    for (bool grew = true; grew;) {
        grew = false;
        for (size_t k = 0; k < t->check_count; k++) {
            const struct plan_check *pk = &t->checks[k];
            bool touches = false, all = true;
            for (size_t i = 0; i < pk->column_count; i++) {
                touches |= needs[pk->columns[i]];
                all &= needs[pk->columns[i]];
            }
            if (!touches || all)
                continue;
            for (size_t i = 0; i < pk->column_count; i++)
                needs[pk->columns[i]] = true;
            grew = true;
        }
    }
    return needs;
}

/* The column's stream and NULL stream in CHECK retry `attempt`. */
static void
attempt_streams(const struct plan_table *t, const struct plan_column *pc,
                uint64_t attempt, uint64_t *stream, uint64_t *null_stream)
{
    uint64_t column_key = rng_combine(pc->key, SALT_ATTEMPT + attempt);
    *stream = rng_combine(t->stream_base, column_key);
    if (null_stream)
        *null_stream = rng_combine(t->stream_base, column_key ^ SALT_NULL);
}

/* What CHECK retries need of a table's columns: which columns they redraw
 * and from which streams, what computed columns read, and whether a
 * retry may re-evaluate only the constraints on what it changed (not
 * when a computed column reads another, whose new value it would see
 * only in the next pass). */
static void
finish_retries(struct plan *plan, struct plan_table *pt)
{
    bool constrained = pt->check_count > 0;
    pt->incremental_checks = true;
    pt->retries = arena_zalloc(&plan->arena,
                               (pt->column_count + 1) * sizeof(*pt->retries));
    for (size_t c = 0; c < pt->column_count; c++) {
        const struct plan_column *pc = &pt->columns[c];
        struct plan_retry *pr = &pt->retries[c];
        constrained |= pc->domain_check != NULL;
        if (pc->definition == NULL)
            continue;
        long *columns = arena_alloc(&plan->arena, 64 * sizeof(*columns));
        size_t count = check_columns(pc->definition, columns, 64);
        if (count > 64) {
            pt->incremental_checks = false;
            count = 64;
        }
        pr->definition_columns = columns;
        pr->definition_column_count = count;
    }
    for (size_t c = 0; c < pt->column_count; c++) {
        const struct plan_retry *pr = &pt->retries[c];
        for (size_t k = 0; k < pr->definition_column_count; k++)
            if ((size_t)pr->definition_columns[k] != c &&
                pt->columns[pr->definition_columns[k]].definition != NULL)
                pt->incremental_checks = false;
    }
    if (!constrained)
        return;
    for (size_t c = 0; c < pt->column_count; c++) {
        const struct plan_column *pc = &pt->columns[c];
        if (pc->from_fk || pc->is_key || pc->unique || pc->retry_fixed)
            continue;
        uint64_t *streams = arena_alloc(
            &plan->arena, 2 * PLAN_ATTEMPT_STREAMS * sizeof(*streams));
        for (uint64_t a = 1; a <= PLAN_ATTEMPT_STREAMS; a++)
            attempt_streams(pt, pc, a, &streams[2 * (a - 1)],
                            &streams[2 * (a - 1) + 1]);
        pt->retries[c].attempt_streams = streams;
    }
}

/* What the row loop reads of each column, once everything is compiled. */
static void
finish_columns(struct plan *plan)
{
    for (size_t t = 0; t < plan->table_count; t++) {
        struct plan_table *pt = &plan->tables[t];
        for (size_t c = 0; c < pt->column_count; c++) {
            struct plan_column *pc = &pt->columns[c];
            pc->direct = !pc->from_fk && !(pc->null_fraction > 0) &&
                         !pc->line_number && !pc->lookup && pc->kind != NULL;
            pc->retry_fixed = !pc->from_fk && !(pc->null_fraction > 0) &&
                              (pc->line_number || pc->lookup ||
                               pc->kind == NULL);
            if (pc->lookup)
                pc->lookup_needs = lookup_needs(
                    plan, pt->fks[pc->lookup_fk].parent, pc->lookup_column);
        }
        finish_retries(plan, pt);
    }
}

/* generator "foreign_key" on a foreign-key column: how parents are
 * chosen. */
static void
compile_fk_generator(struct plan *plan, struct plan_table *pt, size_t c,
                     const char *path, struct diag_list *diags)
{
    struct plan_column *pc = &pt->columns[c];
    const struct column *col = pc->column;
    if (col->generator == NULL || strcmp(col->generator, "foreign_key") != 0)
        return;
    struct gen_spec spec;
    memset(&spec, 0, sizeof(spec));
    spec.path = path;
    spec.schema = plan->schema;
    spec.table = pt->table;
    spec.column = col;
    spec.type = &col->type;
    spec.config = col->generator_config;
    spec.row_count = pt->row_count;
    void *state = NULL;
    if (gen_check_config(&gen_foreign_key, &spec, diags) != 0 ||
        gen_foreign_key.compile(&spec, &state, diags) != 0)
        return;
    const char *distribution = json_string_value(
        json_object_get(col->generator_config, "distribution"));
    if (distribution == NULL || strcmp(distribution, "zipf") != 0)
        return;
    struct plan_fk *fk = &pt->fks[pc->fk];
    if (fk->pick != PLAN_FK_UNIFORM) {
        diag_warning(diags, path,
                     "distribution ignored: the key or self-reference "
                     "decides which rows \"%s\" references",
                     col->name);
        return;
    }
    json_t *s = json_object_get(col->generator_config, "s");
    fk->zipf_s = s ? json_number_value(s) : 1.0;
    uint64_t parents = fk->parent->row_count ? fk->parent->row_count : 1;
    fk->zipf_span = fabs(fk->zipf_s - 1.0) < 1e-9
                        ? log((double)parents + 1.0)
                        : pow((double)parents + 1.0, 1.0 - fk->zipf_s) - 1.0;
    perm_init(&fk->popularity, parents,
              rng_combine(plan->seed ^ SALT_UNIQUE, fk->key));
}

static void
fill_spec(const struct plan *plan, const struct plan_table *pt, size_t c,
          const char *path, struct gen_spec *spec)
{
    const struct plan_column *pc = &pt->columns[c];
    memset(spec, 0, sizeof(*spec));
    spec->path = path;
    spec->schema = plan->schema;
    spec->table = pt->table;
    spec->column = pc->column;
    spec->type = &pc->column->type;
    spec->config = pc->column->generator_config;
    spec->unique = pc->unique;
    spec->row_count = pt->row_count;
    spec->key = rng_combine(rng_combine(plan->seed ^ SALT_UNIQUE, pt->key),
                            pc->key);
    spec->table_key = rng_combine(plan->seed ^ SALT_UNIQUE, pt->key);
    spec->locale = plan->locale;
}

/* The kind a column gets: its sequence's, the one it names (NULL when
 * unknown), a surrogate key's, or the default for its name and type. */
static const struct gen_kind *
choose_kind(const struct plan *plan, const struct plan_table *pt, size_t c,
            const struct gen_spec *spec, const struct plan_sequence **sequence)
{
    const struct plan_column *pc = &pt->columns[c];
    const struct column *col = pc->column;
    *sequence = NULL;
    for (size_t i = 0; i < plan->sequence_count; i++) {
        const struct plan_sequence *s = &plan->sequences[i];
        if ((s->owner_table == pt && s->owner_column == c) ||
            (pc->sequence && s->declared == pc->sequence))
            *sequence = s;
    }
    if (*sequence)
        return gen_find("sequence");
    if (col->generator)
        return gen_find(col->generator);
    if (pc->unique && pgtype_is_integer(&col->type) &&
        col->type.array_dims == 0 && pt->table->primary_key.count == 1 &&
        strcmp(pt->table->primary_key.names[0], col->name) == 0)
        return gen_find("sequence"); /* a surrogate key: 1, 2, 3, ... */
    return gen_default_for(spec);
}

/* The kinds that place a row in time by its index (gen_lifetime.c). */
static bool
is_lifetime_kind(const struct gen_kind *kind)
{
    return kind && (strcmp(kind->name, "created_at") == 0 ||
                    strcmp(kind->name, "updated_at") == 0 ||
                    strcmp(kind->name, "followup_at") == 0);
}

static bool
has_creation_column(const struct plan *plan, const struct plan_table *pt)
{
    for (size_t c = 0; c < pt->column_count; c++) {
        const struct plan_column *pc = &pt->columns[c];
        if (pc->from_fk || pc->line_number || pc->lookup)
            continue;
        struct gen_spec spec;
        fill_spec(plan, pt, c, "", &spec);
        const struct plan_sequence *ps;
        const struct gen_kind *kind = choose_kind(plan, pt, c, &spec, &ps);
        if (kind && strcmp(kind->name, "created_at") == 0)
            return true;
    }
    return false;
}

/* An order made before its customer signed up would be absurd. When a
 * table and the parent of one of its foreign keys both place rows in time
 * by index, the child leaves its first time_shift slots unused and each
 * row only references parents whose slot ended a slot before its own
 * began; the shift makes sure every row has such a parent. Parents are
 * planned first, so their shift is known. */
static void
link_creation_times(struct plan *plan, struct plan_table *pt)
{
    pt->has_creation_time = has_creation_column(plan, pt);
    if (!pt->has_creation_time || pt->row_count == 0)
        return;
    for (size_t f = 0; f < pt->fk_count; f++) {
        struct plan_fk *fk = &pt->fks[f];
        const struct plan_table *parent = fk->parent;
        if (fk->pick != PLAN_FK_UNIFORM || parent == pt ||
            !parent->has_creation_time || parent->order > pt->order ||
            parent->row_count <= 2)
            continue;
        __uint128_t parent_shift = parent->time_shift;
        __uint128_t rows = pt->row_count;
        __uint128_t parents = parent->row_count;
        pt->time_shift = (uint64_t)(((parent_shift + 2) * rows + parents - 3) /
                                    (parents - 2)) +
                         1;
        fk->time_linked = true;
        return;
    }
}

/* Whether the regex generator can draw from pattern for this column. */
static bool
pattern_fits(const struct gen_spec *spec, const char *pattern)
{
    const struct gen_kind *regex = gen_find("regex");
    if (regex == NULL)
        return false;
    json_t *config = json_pack("{s:s}", "pattern", pattern);
    struct gen_spec trial = *spec;
    trial.config = config;
    struct diag_list scratch;
    diag_list_init(&scratch);
    void *state = NULL;
    bool fits = gen_check_type(regex, &trial, &scratch) == 0 &&
                regex->compile(&trial, &state, &scratch) == 0;
    if (fits && regex->free && state)
        regex->free(state);
    diag_list_release(&scratch);
    json_decref(config);
    return fits;
}

static void
compile_column(struct plan *plan, struct plan_table *pt, size_t c,
               struct diag_list *diags)
{
    struct plan_column *pc = &pt->columns[c];
    const struct column *col = pc->column;
    char *path =
        arena_printf(&plan->arena, "tables.%s.columns[%zu]", pt->table->name, c);

    bool given = false;
    char *null_path = arena_printf(&plan->arena,
                                   "%s.generator_config.null_fraction", path);
    double fraction = config_null_fraction(col, null_path, diags, &given);
    if (given && fraction > 0 && (!col->nullable || pc->is_key))
        diag_add(diags, DIAG_ERROR, null_path,
                 col->nullable ? "key columns never hold NULL"
                               : "set \"nullable\": true to allow NULLs",
                 "column \"%s\" cannot be NULL", col->name);
    pc->null_fraction = col->nullable && !pc->is_key
                            ? (given ? fraction : PLAN_DEFAULT_NULL_FRACTION)
                            : 0;
    if (pc->from_fk) {
        compile_fk_generator(plan, pt, c, path, diags);
        return;
    }
    if (pc->line_number)
        return;

    struct gen_spec spec;
    fill_spec(plan, pt, c, path, &spec);
    spec.bounds = column_bounds(plan, pt, c, diags);

    const struct plan_sequence *ps = NULL;
    const struct gen_kind *kind = choose_kind(plan, pt, c, &spec, &ps);
    json_t *implied_config = NULL;
    if (ps) {
        implied_config = json_pack("{s:I,s:I}", "start", (json_int_t)ps->start,
                                    "step", (json_int_t)ps->increment);
        spec.config = implied_config;
        spec.unique = true;
    } else if (col->generator && kind == NULL) {
        const char *near = kind_names_closest(col->generator);
        const char *hint = near ? arena_printf(&plan->arena,
                                               "did you mean \"%s\"?", near)
                                : "run \"datagen generators\" for the list";
        char *gpath = arena_printf(&plan->arena, "%s.generator", path);
        diag_add(diags, DIAG_ERROR, gpath, hint, "unknown generator \"%s\"",
                 col->generator);
        return;
    }
    if (ps == NULL && col->generator == NULL && kind == gen_find("text")) {
        /* A CHECK (col ~ 'pattern') on a column with no better generator is
         * met by drawing from the pattern: random words would almost never
         * match it. When the pattern cannot be drawn within the column
         * (unbounded, too long), the words and the retries remain. */
        const char *pattern = NULL;
        for (size_t i = 0; i < pt->check_count && pattern == NULL; i++)
            pattern = check_pattern(pt->checks[i].expr, (long)c);
        if (pattern && pattern_fits(&spec, pattern)) {
            kind = gen_find("regex");
            implied_config = json_pack("{s:s}", "pattern", pattern);
            spec.config = implied_config;
        }
    }
    if (is_lifetime_kind(kind)) {
        spec.row_count += pt->time_shift;
        pc->time_shift = pt->time_shift;
    }
    if (kind == NULL) {
        diag_error(diags, path, "no generator can produce type \"%s\"",
                   col->type_text);
        json_decref(implied_config);
        return;
    }
    pc->kind = kind;
    /* a type or config problem is reported once, not again by compile();
     * a config datagen made itself has nothing for the user to fix */
    size_t problems = implied_config ? gen_check_type(kind, &spec, diags)
                                     : gen_check(kind, &spec, diags);
    if (problems != 0 || kind->compile(&spec, &pc->state, diags) != 0)
        pc->kind = NULL;
    else if (kind == &gen_lookup)
        resolve_lookup(plan, pt, c, path, given, diags);
    json_decref(implied_config);
}

/* A constraint that still breaks after every retry would make the restore
 * fail: generate the first rows of each constrained table now and report
 * such a constraint before anything is written. */
#define SAMPLE_ROWS 256

static void
sample_constraints(struct plan *plan, struct diag_list *diags)
{
    struct arena arena;
    arena_init(&arena, 64 * 1024);
    for (size_t i = 0; i < plan->table_count; i++) {
        const struct plan_table *t = &plan->tables[i];
        bool constrained = t->check_count > 0;
        for (size_t c = 0; c < t->column_count; c++)
            constrained |= t->columns[c].domain_check != NULL;
        if (!constrained)
            continue;
        struct value *values =
            xmalloc((t->column_count + 1) * sizeof(*values));
        uint64_t rows = t->row_count < SAMPLE_ROWS ? t->row_count : SAMPLE_ROWS;
        uint64_t failed = 0;
        long first_check = -1;
        for (uint64_t row = 0; row < rows; row++) {
            if (!plan_generate_row(t, row, &arena, values)) {
                failed++;
                for (size_t k = 0; k < t->check_count && first_check < 0; k++)
                    if (check_eval(t->checks[k].expr, values) == CHECK_FALSE)
                        first_check = (long)k;
            }
            arena_reset(&arena);
        }
        free(values);
        if (failed == 0)
            continue;
        const struct check_constraint *cc =
            first_check >= 0 ? t->checks[first_check].constraint : NULL;
        size_t index = 0;
        for (size_t k = 0; cc && k < t->table->check_constraint_count; k++)
            if (&t->table->check_constraints[k] == cc)
                index = k;
        char *path =
            cc ? arena_printf(&plan->arena, "tables.%s.check_constraints[%zu]",
                              t->table->name, index)
               : arena_printf(&plan->arena, "tables.%s", t->table->name);
        diag_add(diags, DIAG_ERROR, path,
                 "give the columns generator_config ranges, or generators, "
                 "that can satisfy it",
                 "%llu of the first %llu rows break %s%s%s even after %d "
                 "tries: the restore would fail",
                 (unsigned long long)failed, (unsigned long long)rows,
                 cc ? "CHECK \"" : "a domain constraint",
                 cc ? cc->expression : "", cc ? "\"" : "",
                 PLAN_CHECK_ATTEMPTS);
    }
    arena_release(&arena);
}

/* ---- build -------------------------------------------------------------- */

int
plan_build(const struct schema *schema, const struct plan_options *options,
           struct plan *plan, struct diag_list *diags)
{
    static atomic_uint_fast64_t serials;
    size_t errors_before = diags->error_count;
    memset(plan, 0, sizeof(*plan));
    plan->serial = (uint64_t)atomic_fetch_add(&serials, 1) + 1;
    arena_init(&plan->arena, 64 * 1024);
    plan->schema = schema;
    plan->seed = options->seed;
    plan->locale = normalise_locale(
        &plan->arena, options->locale ? options->locale
                                      : schema->database.locale);
    gen_semantic_check_locale(plan->locale,
                              options->locale ? "--locale" : "database.locale",
                              diags);

    for (size_t i = 0; i < options->override_count; i++) {
        if (schema_find_table(schema, options->overrides[i].table))
            continue;
        const char **names =
            xmalloc((schema->table_count + 1) * sizeof(*names));
        for (size_t t = 0; t < schema->table_count; t++)
            names[t] = schema->tables[t].name;
        const char *near = str_closest(options->overrides[i].table, names,
                                       schema->table_count);
        free(names);
        char *hint =
            near ? arena_printf(&plan->arena, "did you mean \"%s\"?", near)
                 : NULL;
        diag_add(diags, DIAG_ERROR, "--rows", hint, "unknown table \"%s\"",
                 options->overrides[i].table);
    }

    size_t *order = xmalloc((schema->table_count + 1) * sizeof(*order));
    plan_order(schema, order);
    plan->table_count = schema->table_count;
    plan->tables =
        arena_zalloc(&plan->arena, (plan->table_count + 1) * sizeof(*plan->tables));
    for (size_t i = 0; i < plan->table_count; i++) {
        struct plan_table *pt = &plan->tables[i];
        const struct table *t = &schema->tables[order[i]];
        pt->table = t;
        pt->order = i;
        pt->plan = plan;
        pt->key = rng_hash_name(t->name);
        pt->row_count = scaled_rows(t, options);
        pt->column_count = t->column_count;
        pt->stream_base = rng_combine(plan->seed, pt->key);
        pt->row_stream = rng_combine(pt->stream_base, SALT_ROW);
        pt->columns = arena_zalloc(&plan->arena,
                                   (t->column_count + 1) * sizeof(*pt->columns));
        for (size_t c = 0; c < t->column_count; c++) {
            struct plan_column *pc = &pt->columns[c];
            pc->column = &t->columns[c];
            pc->index = c;
            pc->key = rng_hash_name(t->columns[c].name);
            pc->stream = rng_combine(pt->stream_base, pc->key);
            pc->null_stream = rng_combine(pt->stream_base, pc->key ^ SALT_NULL);
        }
    }
    free(order);

    for (size_t i = 0; i < plan->table_count; i++)
        add_foreign_keys(plan, &plan->tables[i], diags);
    check_key_chains(plan, diags);

    for (size_t i = 0; i < plan->table_count; i++) {
        struct plan_table *pt = &plan->tables[i];
        const struct table *t = pt->table;
        if (t->primary_key.count)
            add_key_set(plan, pt, &t->primary_key,
                        arena_printf(&plan->arena, "tables.%s.primary_key",
                                     t->name),
                        diags);
        for (size_t u = 0; u < t->unique_constraint_count; u++)
            add_key_set(plan, pt, &t->unique_constraints[u].columns,
                        arena_printf(&plan->arena,
                                     "tables.%s.unique_constraints[%zu]",
                                     t->name, u),
                        diags);
        for (size_t x = 0; x < t->index_count; x++)
            if (t->indexes[x].unique)
                add_key_set(plan, pt, &t->indexes[x].columns,
                            arena_printf(&plan->arena,
                                         "tables.%s.indexes[%zu]", t->name, x),
                            diags);
    }

    add_sequences(plan, diags);

    for (size_t i = 0; i < plan->table_count; i++) {
        struct plan_table *pt = &plan->tables[i];
        compile_checks(plan, pt, diags);
        link_creation_times(plan, pt);
        for (size_t c = 0; c < pt->column_count; c++)
            compile_column(plan, pt, c, diags);
    }

    check_lookup_chains(plan, diags);
    finish_columns(plan);
    if (diags->error_count == errors_before)
        sample_constraints(plan, diags);
    if (diags->error_count > errors_before)
        return -1;
    plan_entries_build(plan);
    return 0;
}

void
plan_release(struct plan *plan)
{
    for (size_t t = 0; t < plan->table_count; t++) {
        struct plan_table *pt = &plan->tables[t];
        for (size_t c = 0; c < pt->column_count; c++) {
            struct plan_column *pc = &pt->columns[c];
            if (pc->kind && pc->kind->free && pc->state)
                pc->kind->free(pc->state);
            if (pc->domain_check)
                check_release(pc->domain_check);
        }
        for (size_t i = 0; i < pt->check_count; i++)
            check_release(pt->checks[i].expr);
    }
    arena_release(&plan->arena);
    memset(plan, 0, sizeof(*plan));
}

/* ---- rows ------------------------------------------------------------- */

/* Rows are spread over parents in contiguous runs, as a table filled
 * parent by parent would be: row r belongs to parent r * P / N. */
static uint64_t
grouped_parent(uint64_t rows, uint64_t parent_rows, uint64_t row)
{
    return (uint64_t)((__uint128_t)row * parent_rows / rows);
}

/* The first row of a parent's run. */
static uint64_t
grouped_first_row(uint64_t rows, uint64_t parent_rows, uint64_t parent)
{
    return (uint64_t)(((__uint128_t)parent * rows + parent_rows - 1) /
                      parent_rows);
}

/* Inverse CDF of the continuous density 1/x^s on [1, P + 1): rank k is
 * drawn about in proportion to 1/(k + 1)^s. */
static uint64_t
zipf_rank(const struct plan_fk *fk, uint64_t parents, double u)
{
    double x = fabs(fk->zipf_s - 1.0) < 1e-9
                   ? exp(u * fk->zipf_span)
                   : pow(1.0 + u * fk->zipf_span, 1.0 / (1.0 - fk->zipf_s));
    uint64_t rank = x < 1.0 ? 0 : (uint64_t)x - 1;
    return rank < parents ? rank : parents - 1;
}

/* How many parents were made at least a slot before child row `row`
 * began (see link_creation_times): parent j of P ends at (j + 1 + sp) /
 * (P + sp) of the window, child r starts at (r + sc) / (N + sc). */
static uint64_t
parents_made_before(const struct plan_table *t, const struct plan_fk *fk,
                    uint64_t row)
{
    __uint128_t sp = fk->parent->time_shift, sc = t->time_shift;
    __uint128_t parents = fk->parent->row_count, rows = t->row_count;
    __uint128_t slots = (parents + sp) * (row + sc) / (rows + sc);
    if (slots < sp + 2)
        return 1;
    __uint128_t limit = slots - sp - 1;
    return limit > parents ? (uint64_t)parents : (uint64_t)limit;
}

/* The parent row a foreign key points at, or false for NULL. */
static bool
fk_pick_from(const struct plan_table *t, const struct plan_fk *fk, uint64_t row,
             struct rng r, uint64_t *parent_row)
{
    uint64_t parent_rows = fk->parent->row_count;
    if (parent_rows == 0)
        return false;
    switch (fk->pick) {
    case PLAN_FK_UNIFORM: {
        if (fk->null_fraction > 0 && rng_chance(&r, fk->null_fraction))
            return false;
        uint64_t limit = fk->time_linked ? parents_made_before(t, fk, row)
                                         : parent_rows;
        if (fk->zipf_s > 0) {
            *parent_row = perm_apply(&fk->popularity,
                                     zipf_rank(fk, parent_rows, rng_unit(&r))) %
                          limit;
            return true;
        }
        *parent_row = rng_below(&r, limit);
        return true;
    }
    case PLAN_FK_EARLIER_ROW:
        if (row == 0) {
            if (fk->null_fraction > 0)
                return false;
            *parent_row = 0; /* a NOT NULL root references itself */
            return true;
        }
        if (fk->null_fraction > 0 && rng_chance(&r, fk->null_fraction))
            return false;
        *parent_row = rng_below(&r, row < parent_rows ? row : parent_rows);
        return true;
    case PLAN_FK_DISTINCT:
        /* one-to-one rows follow their parents' order, as a profile is made
         * with its user: r * P / N rises strictly while N <= P */
        *parent_row = grouped_parent(t->row_count, parent_rows, row);
        return true;
    case PLAN_FK_GROUPED:
        *parent_row = grouped_parent(t->row_count, parent_rows, row);
        return true;
    case PLAN_FK_PAIR: {
        uint64_t x = perm_apply(&fk->perm, row % fk->perm.size);
        const struct plan_fk *partner = &t->fks[fk->pair_partner];
        uint64_t minor_rows = fk->pair_major ? partner->parent->row_count
                                             : parent_rows;
        *parent_row = fk->pair_major ? x / minor_rows : x % minor_rows;
        return true;
    }
    }
    return false;
}

/* rng_mix(row + golden): the inner half of rng_combine(x, row), the same
 * for every cell of the row, so that rng_cell(seed, table, key, row) is
 * rng_mix(rng_combine(rng_combine(seed, table), key) ^ row_mix(row)). */
static inline uint64_t
row_mix(uint64_t row)
{
    return rng_mix(row + UINT64_C(0x9e3779b97f4a7c15));
}

static bool
fk_pick(const struct plan_table *t, const struct plan_fk *fk, uint64_t row,
        uint64_t *parent_row)
{
    struct rng r;
    r.state = rng_mix(fk->stream ^ row_mix(row));
    return fk_pick_from(t, fk, row, r, parent_row);
}

static bool generate_row(const struct plan_table *t, uint64_t row,
                         struct arena *arena, struct value *values,
                         const bool *needs);

/* Values lookups made lately, per thread. A looked-up value is a pure
 * function of (plan, referenced table, column, row), so reusing one is
 * invisible in the output; it saves making the referenced row again for
 * every row that points at it (the whole retry sequence of its CHECKs,
 * for a merchant's category code looked up by each of its transactions).
 * Direct-mapped and of fixed size: no allocation, no locking, bounded
 * memory; text longer than a slot holds is not kept. */
#define LOOKUP_MEMO_SLOTS 2048
#define LOOKUP_MEMO_TEXT 48

struct lookup_memo {
    uint64_t serial; /* the plan's; 0 for an empty slot */
    const struct plan_table *table;
    size_t column;
    uint64_t row;
    struct value value;
    char text[LOOKUP_MEMO_TEXT];
};

static _Thread_local struct lookup_memo lookup_memos[LOOKUP_MEMO_SLOTS];

static inline struct lookup_memo *
lookup_memo_slot(const struct plan_table *t, size_t column, uint64_t row)
{
    uint64_t h = (row * UINT64_C(0x9e3779b97f4a7c15)) ^
                 ((uint64_t)column * UINT64_C(0xbf58476d1ce4e5b9)) ^
                 ((uint64_t)t->order << 40);
    return &lookup_memos[(h ^ (h >> 29)) % LOOKUP_MEMO_SLOTS];
}

/* The referenced row's value: keys straight from plan_cell(), anything
 * else from the whole row, since CHECK retries may have replaced it. */
static void
lookup_cell(const struct plan_table *t, const struct plan_column *pc,
            uint64_t row, struct arena *arena, struct value *out)
{
    const struct plan_fk *fk = &t->fks[pc->lookup_fk];
    uint64_t parent_row;
    if (!fk_pick(t, fk, row, &parent_row)) {
        *out = value_null();
        return;
    }
    const struct plan_table *parent = fk->parent;
    const struct plan_column *source = &parent->columns[pc->lookup_column];
    if (source->is_key || source->unique || source->from_fk ||
        source->line_number) {
        plan_cell(parent, pc->lookup_column, parent_row, arena, out);
        return;
    }
    struct lookup_memo *memo =
        lookup_memo_slot(parent, pc->lookup_column, parent_row);
    uint64_t serial = parent->plan->serial;
    if (memo->serial == serial && memo->table == parent &&
        memo->column == pc->lookup_column && memo->row == parent_row) {
        *out = memo->value;
        if (out->kind == VALUE_TEXT) {
            char *text = arena_alloc(arena, out->as.text.len + 1);
            memcpy(text, memo->text, out->as.text.len);
            out->as.text.ptr = text;
        }
        return;
    }
    struct value *values =
        arena_alloc(arena, parent->column_count * sizeof(*values));
    generate_row(parent, parent_row, arena, values, pc->lookup_needs);
    *out = values[pc->lookup_column];
    if (out->kind == VALUE_TEXT && out->as.text.len > LOOKUP_MEMO_TEXT)
        return;
    memo->serial = serial;
    memo->table = parent;
    memo->column = pc->lookup_column;
    memo->row = parent_row;
    memo->value = *out;
    if (out->kind == VALUE_TEXT && out->as.text.len > 0)
        memcpy(memo->text, out->as.text.ptr, out->as.text.len);
}

/* What every cell stream of one row is made from: see row_mix(); the
 * column's half is combined once at plan time (plan_column.stream). */
struct row_streams {
    uint64_t row_mix;
    uint64_t row_key; /* rng_cell(seed, table key, SALT_ROW, row) */
};

static inline uint64_t
cell_state(const struct row_streams *s, uint64_t stream)
{
    return rng_mix(stream ^ s->row_mix);
}

static inline void
row_streams_init(const struct plan_table *t, uint64_t row,
                 struct row_streams *s)
{
    s->row_mix = row_mix(row);
    s->row_key = cell_state(s, t->row_stream);
}

static void
generate_cell_in(const struct plan_table *t, const struct plan_column *pc,
                 uint64_t row, uint64_t attempt, const struct row_streams *s,
                 struct arena *arena, struct value *out)
{
    uint64_t stream = pc->stream, null_stream = pc->null_stream;
    if (attempt) {
        const uint64_t *streams = t->retries[pc->index].attempt_streams;
        if (attempt <= PLAN_ATTEMPT_STREAMS && streams) {
            stream = streams[2 * (attempt - 1)];
            null_stream = streams[2 * (attempt - 1) + 1];
        } else {
            attempt_streams(t, pc, attempt, &stream,
                            pc->null_fraction > 0 ? &null_stream : NULL);
        }
    }
    if (pc->null_fraction > 0) {
        struct rng r;
        r.state = cell_state(s, null_stream);
        if (rng_chance(&r, pc->null_fraction)) {
            *out = value_null();
            return;
        }
    }
    if (pc->line_number) {
        uint64_t parent_rows = t->fks[pc->line_fk].parent->row_count;
        uint64_t parent = grouped_parent(t->row_count, parent_rows, row);
        *out = value_int(
            (int64_t)(row - grouped_first_row(t->row_count, parent_rows,
                                              parent)) +
            1);
        return;
    }
    if (pc->lookup) {
        lookup_cell(t, pc, row, arena, out);
        return;
    }
    if (pc->kind == NULL) {
        *out = value_null();
        return;
    }
    struct gen_ctx ctx;
    ctx.rng.state = cell_state(s, stream);
    ctx.row = row + pc->time_shift;
    ctx.row_key = s->row_key;
    ctx.arena = arena;
    pc->kind->generate(pc->state, &ctx, out);
}

static void
generate_cell(const struct plan_table *t, const struct plan_column *pc,
              uint64_t row, uint64_t attempt, struct arena *arena,
              struct value *out)
{
    struct row_streams s;
    row_streams_init(t, row, &s);
    generate_cell_in(t, pc, row, attempt, &s, arena, out);
}

void
plan_cell(const struct plan_table *t, size_t column, uint64_t row,
          struct arena *arena, struct value *out)
{
    const struct plan_column *pc = &t->columns[column];
    if (!pc->from_fk) {
        generate_cell(t, pc, row, 0, arena, out);
        return;
    }
    const struct plan_fk *fk = &t->fks[pc->fk];
    uint64_t parent_row;
    if (!fk_pick(t, fk, row, &parent_row)) {
        *out = value_null();
        return;
    }
    plan_cell(fk->parent, fk->parent_columns[pc->fk_position], parent_row,
              arena, out);
}

/* Whether a constraint reads a column that changed. */
static inline bool
reads_changed(const struct plan_check *pk, const bool *changed)
{
    if (pk->column_count > PLAN_CHECK_COLUMNS)
        return true;
    for (size_t k = 0; k < pk->column_count; k++)
        if (changed[pk->columns[k]])
            return true;
    return false;
}

/* What mark_broken() found last, per CHECK and per domain-constrained
 * column, so that a retry re-evaluates only the constraints reading a
 * column it changed (changed: NULL evaluates them all). */
struct broken_state {
    const bool *changed;
    bool *checks;
    bool *domains;
};

/* Marks the columns of every constraint the row breaks; returns how many
 * constraints it breaks. With needs, only the constraints on those
 * columns (which never reach other columns) are looked at. */
static inline __attribute__((always_inline)) size_t
mark_broken(const struct plan_table *t, const struct value *values,
            bool *retry, const bool *needs, bool domains, bool derived,
            const struct broken_state *state)
{
    size_t broken = 0;
    const bool *changed = state ? state->changed : NULL;
    for (size_t i = 0; i < t->check_count; i++) {
        const struct plan_check *pk = &t->checks[i];
        if (needs != NULL &&
            (pk->column_count == 0 || !needs[pk->columns[0]]))
            continue;
        bool is_broken;
        if (changed != NULL && !reads_changed(pk, changed)) {
            is_broken = state->checks[i];
        } else {
            is_broken = check_eval(pk->expr, values) == CHECK_FALSE;
            if (state)
                state->checks[i] = is_broken;
        }
        if (!is_broken)
            continue;
        broken++;
        if (pk->column_count > PLAN_CHECK_COLUMNS) {
            for (size_t c = 0; c < t->column_count; c++)
                retry[c] = true;
            continue;
        }
        for (size_t k = 0; k < pk->column_count; k++)
            retry[pk->columns[k]] = true;
    }
    for (size_t c = 0; domains && c < t->column_count; c++) {
        const struct plan_column *pc = &t->columns[c];
        if (pc->domain_check == NULL || (needs != NULL && !needs[c]))
            continue;
        bool is_broken;
        if (changed != NULL && !changed[c]) {
            is_broken = state->domains[c];
        } else {
            is_broken = values[c].kind != VALUE_NULL &&
                        check_eval(pc->domain_check, &values[c]) == CHECK_FALSE;
            if (state)
                state->domains[c] = is_broken;
        }
        if (is_broken) {
            broken++;
            retry[c] = true;
        }
    }
    /* a computed column changes only through the columns it is made of */
    for (size_t c = 0; derived && c < t->column_count; c++) {
        const struct plan_retry *pr = &t->retries[c];
        if (!retry[c] || t->columns[c].definition == NULL)
            continue;
        for (size_t k = 0; k < pr->definition_column_count; k++)
            retry[pr->definition_columns[k]] = true;
    }
    return broken;
}

/* After a retry redrew the columns in changed: the computed columns whose
 * inputs were among them change too (none reads another computed one
 * when checks are incremental). */
static void
spread_changes(const struct plan_table *t, bool *changed)
{
    for (size_t c = 0; c < t->column_count; c++) {
        const struct plan_retry *pr = &t->retries[c];
        for (size_t k = 0; !changed[c] && k < pr->definition_column_count; k++)
            changed[c] = changed[pr->definition_columns[k]];
    }
}

/* Columns a CHECK defines ("total = quantity * price") take the value of
 * their expression; a NULL stays NULL, as the CHECK then passes. */
static void
derive_columns(const struct plan_table *t, struct value *values)
{
    for (size_t c = 0; c < t->column_count; c++) {
        const struct plan_column *pc = &t->columns[c];
        struct value v;
        if (pc->definition && values[c].kind != VALUE_NULL &&
            check_solve(pc->definition, (long)c, values, &v) &&
            v.kind != VALUE_NULL)
            values[c] = v;
    }
}

/* Redraws, from fresh sub-streams, only the columns of the constraints
 * the row breaks, so that each constraint is met on its own rather than
 * all of them in one lucky draw. Keys and foreign keys stay fixed so that
 * references computed elsewhere remain true. */
static inline __attribute__((always_inline)) bool
meet_checks(const struct plan_table *t, uint64_t row,
            const struct row_streams *streams, struct arena *arena,
            struct value *values, const bool *needs, bool derived,
            bool domains)
{
    bool local[64], changed_local[64], checks_local[64], domains_local[64];
    size_t columns = t->column_count;
    bool small = columns <= 64 && t->check_count <= 64;
    bool *retry = small ? local : arena_alloc(arena, columns * sizeof(*retry));
    struct broken_state state_store, *state = NULL;
    bool *changed = NULL;
    if (t->incremental_checks) {
        changed = small ? changed_local
                        : arena_alloc(arena, columns * sizeof(*changed));
        state_store.changed = NULL; /* the first pass evaluates all */
        state_store.checks =
            small ? checks_local
                  : arena_alloc(arena, (t->check_count + 1) *
                                           sizeof(*state_store.checks));
        state_store.domains =
            small ? domains_local
                  : arena_alloc(arena, columns * sizeof(*state_store.domains));
        state = &state_store;
    }
    for (uint64_t attempt = 1; attempt < PLAN_CHECK_ATTEMPTS; attempt++) {
        memset(retry, 0, columns * sizeof(*retry));
        if (mark_broken(t, values, retry, needs, domains, derived, state) == 0)
            return true;
        if (changed)
            memset(changed, 0, columns * sizeof(*changed));
        for (size_t c = 0; c < columns; c++) {
            const struct plan_column *pc = &t->columns[c];
            if (retry[c] && !pc->from_fk && !pc->is_key && !pc->unique &&
                !pc->retry_fixed) {
                generate_cell_in(t, pc, row, attempt, streams, arena,
                                 &values[c]);
                if (changed)
                    changed[c] = true;
            }
        }
        if (derived) {
            derive_columns(t, values);
            if (changed)
                spread_changes(t, changed);
        }
        if (state)
            state_store.changed = changed;
    }
    memset(retry, 0, columns * sizeof(*retry));
    return mark_broken(t, values, retry, needs, domains, derived, state) == 0;
}
/* The row's values; with needs (see lookup_needs()), only those columns,
 * which come out as they do in the whole row. Inlined into its two callers
 * so that the whole-row one tests no mask. */
static inline __attribute__((always_inline)) bool
generate_row(const struct plan_table *t, uint64_t row, struct arena *arena,
             struct value *values, const bool *needs)
{
    struct row_streams streams;
    row_streams_init(t, row, &streams);
    bool derived = false, domains = false;
    for (size_t c = 0; c < t->column_count; c++) {
        const struct plan_column *pc = &t->columns[c];
        if (needs != NULL && !needs[c])
            continue;
        derived |= pc->definition != NULL;
        domains |= pc->domain_check != NULL;
        if (pc->direct) {
            /* generate_cell_in() without its tests and call */
            struct gen_ctx ctx;
            ctx.rng.state = cell_state(&streams, pc->stream);
            ctx.row = row + pc->time_shift;
            ctx.row_key = streams.row_key;
            ctx.arena = arena;
            pc->kind->generate(pc->state, &ctx, &values[c]);
            continue;
        }
        if (!pc->from_fk) {
            generate_cell_in(t, pc, row, 0, &streams, arena, &values[c]);
            continue;
        }
        const struct plan_fk *fk = &t->fks[pc->fk];
        struct rng r;
        r.state = cell_state(&streams, fk->stream);
        uint64_t parent_row;
        if (fk_pick_from(t, fk, row, r, &parent_row))
            plan_cell(fk->parent, fk->parent_columns[pc->fk_position],
                      parent_row, arena, &values[c]);
        else
            values[c] = value_null();
    }
    if (derived)
        derive_columns(t, values);
    if (t->check_count == 0 && !domains)
        return true;
    return meet_checks(t, row, &streams, arena, values, needs, derived,
                       domains);
}

bool
plan_generate_row(const struct plan_table *t, uint64_t row,
                  struct arena *arena, struct value *values)
{
    return generate_row(t, row, arena, values, NULL);
}
