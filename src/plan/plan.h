/*
 * plan: turns a validated schema into what the later stages execute:
 * - the tables in generation order (parents before children, ties by name;
 *   cycles and self-references are allowed because foreign keys are added
 *   after the data);
 * - one compiled source per column: a generator, or a foreign key that
 *   copies the key of a referenced row. Keys are never cached: the key of
 *   row j of a parent is recomputed with plan_cell(), which is a pure
 *   function of (seed, table, column, row) like every other value;
 * - the uniqueness strategy of every PRIMARY KEY and UNIQUE constraint and
 *   the compiled CHECK constraints;
 * - the ordered list of dump entries, shaped like pg_dump's table of
 *   contents, that every writer consumes.
 *
 * Ownership: a struct plan borrows the schema (which must outlive it) and
 * owns everything else until plan_release(). Thread-safety: after
 * plan_build() returns, the plan is read-only and plan_generate_row() and
 * plan_cell() may run on any number of threads.
 */
#ifndef DG_PLAN_PLAN_H
#define DG_PLAN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/perm.h"
#include "core/value.h"
#include "gen/gen.h"
#include "schema/check_expr.h"
#include "schema/schema.h"

/* Seed used when --seed is not given, so every run is reproducible. */
#define PLAN_DEFAULT_SEED UINT64_C(42)
/* NULLs in a nullable column unless generator_config.null_fraction says. */
#define PLAN_DEFAULT_NULL_FRACTION 0.1
/* Candidate rows tried before a CHECK constraint is given up on. */
#define PLAN_CHECK_ATTEMPTS 256

struct plan_table;

enum plan_fk_pick {
    PLAN_FK_UNIFORM,     /* any parent row */
    PLAN_FK_EARLIER_ROW, /* self-reference: a row before this one (a tree) */
    PLAN_FK_DISTINCT,    /* a different parent row for every row (a UNIQUE
                            foreign key: one-to-one), in the parents'
                            order */
    PLAN_FK_PAIR,        /* with pair_partner: distinct (a, b) combinations
                            for a join table's composite key */
    PLAN_FK_GROUPED,     /* row r points at parent r mod P (permuted) and a
                            line-number column holds r / P + 1, so
                            (parent, line) is unique: order_items keyed by
                            (order_id, line_no) */
};

struct plan_fk {
    const struct foreign_key *fk;
    const struct plan_table *parent;
    size_t column_count;
    size_t *columns;        /* child column indexes */
    size_t *parent_columns; /* referenced column indexes in parent */
    enum plan_fk_pick pick;
    long pair_partner;  /* PLAN_FK_PAIR: the other fk's index */
    bool pair_major;    /* PLAN_FK_PAIR: this fk takes x / partner rows */
    struct perm perm;   /* PLAN_FK_PAIR */
    uint64_t key;       /* rng key of this fk's pick */
    double null_fraction; /* when every column is nullable */
    double zipf_s;      /* > 0: PLAN_FK_UNIFORM picks parents skewed, the
                           k-th most popular in proportion to 1/k^s */
    double zipf_span;   /* precomputed for the inverse CDF */
    struct perm popularity; /* rank -> parent row */
    bool time_linked;   /* the child row picks only parents created before
                           it (both tables have a creation-time column) */
    uint64_t stream;    /* rng_combine(table's stream_base, key): a pick's
                           stream is rng_mix(stream ^ the row's mix) */
};

struct plan_column {
    const struct column *column;
    size_t index;      /* position in the row */
    uint64_t key;      /* rng key: hash of the column name */
    bool from_fk;      /* copied from a referenced row */
    size_t fk;         /* when from_fk: index into plan_table.fks */
    size_t fk_position; /* when from_fk: position within that fk */
    const struct gen_kind *kind; /* otherwise */
    void *state;
    bool unique;        /* generated injectively */
    bool line_number;   /* r / P + 1 for the PLAN_FK_GROUPED fk line_fk */
    size_t line_fk;
    bool lookup;          /* generator "lookup": column lookup_column of the
                             row that fk lookup_fk references */
    size_t lookup_fk;
    size_t lookup_column;
    const bool *lookup_needs; /* the referenced table's columns that decide
                                 the looked-up value (those linked to it by
                                 CHECKs), or NULL: its whole row */
    bool is_key;        /* in a PK/UNIQUE key or referenced by an fk: never
                           NULL, never varied by CHECK retries */
    double null_fraction;
    const struct sequence *sequence; /* the sequence feeding it, or NULL */
    struct check_expr *domain_check; /* a domain's constraint, or NULL */
    struct check_expr *definition; /* a CHECK "column = E": computed from
                                      the row's other values */
    uint64_t time_shift; /* created_at-like kinds see row + time_shift of
                            row_count + time_shift (see plan_table) */
    uint64_t stream;      /* rng_combine(table's stream_base, key) */
    uint64_t null_stream; /* the same for the NULL decision's key */
    bool direct;          /* only kind->generate() makes its cells: never
                             NULL, not copied, looked up or numbered */
    bool retry_fixed;     /* a CHECK retry would make the same value again
                             (a lookup or line number that is never NULL):
                             not redrawn */
};

/* What CHECK retries use of a column (kept out of plan_column, which the
 * row loop walks). */
struct plan_retry {
    const uint64_t *attempt_streams; /* (stream, null_stream) of retries
                                        1..PLAN_ATTEMPT_STREAMS, combined
                                        at plan time; NULL for a column no
                                        retry redraws */
    const long *definition_columns;  /* what plan_column.definition reads */
    size_t definition_column_count;
};

/* CHECK retries whose sub-streams are combined at plan time. */
#define PLAN_ATTEMPT_STREAMS 64

struct plan_check {
    const struct check_constraint *constraint;
    struct check_expr *expr;
    long *columns;       /* the columns it reads (check_columns()) */
    size_t column_count; /* more than PLAN_CHECK_COLUMNS: all columns */
};

/* Columns of a CHECK listed in plan_check.columns; one reading more counts
 * as reading every column. */
#define PLAN_CHECK_COLUMNS 64

struct plan_table {
    const struct table *table;
    size_t order;      /* position in generation order */
    uint64_t key;      /* rng key: hash of the table name */
    uint64_t row_count;
    struct plan_column *columns;
    size_t column_count;
    struct plan_fk *fks;
    size_t fk_count;
    struct plan_check *checks; /* those check_parse() understood */
    size_t check_count;
    bool has_creation_time; /* a column of the created_at kind: rows are
                               made in row order over a fixed window */
    uint64_t time_shift;    /* leading slots of that window left unused, so
                               every row has a parent made before it */
    uint64_t stream_base;   /* rng_combine(seed, key): what every cell's
                               stream starts from, combined once at plan
                               time rather than per row */
    uint64_t row_stream;    /* rng_combine(stream_base, the row-key salt) */
    struct plan_retry *retries; /* per column */
    bool incremental_checks; /* no computed column reads another: a CHECK
                                retry re-evaluates only the constraints
                                reading a column that changed */
    const struct plan *plan;
};

enum dump_section {
    SECTION_NONE,
    SECTION_PRE_DATA,
    SECTION_DATA,
    SECTION_POST_DATA,
};

/* One object of the dump, as pg_dump's TOC entry describes it (see
 * pg-archive-format, "TOC entry catalogue"). */
struct dump_entry {
    int dump_id;      /* 1-based, equal to position + 1 */
    const char *desc; /* pg_dump's spelling: "ENCODING", "STDSTRINGS",
                         "SEARCHPATH", "EXTENSION", "TYPE", "DOMAIN",
                         "SEQUENCE", "SEQUENCE OWNED BY", "TABLE",
                         "DEFAULT", "TABLE DATA", "SEQUENCE SET",
                         "CONSTRAINT", "INDEX", "FK CONSTRAINT", "COMMENT" */
    const char *tag;  /* raw names: "orders", "orders orders_pkey",
                         "COLUMN orders.note" */
    const char *namespace; /* "public", or NULL */
    const char *owner;     /* "" : datagen dumps carry no owner */
    enum dump_section section;
    const char *create_sql; /* defn, ending in "\n"; "" for TABLE DATA */
    const char *drop_sql;   /* NULL or ending in "\n" */
    const char *copy_stmt;  /* TABLE DATA: "COPY public.t (a, b) FROM stdin;\n" */
    const char *insert_prefix; /* TABLE DATA: "INSERT INTO public.t (a, b) VALUES" */
    int *dependencies;      /* dump ids */
    size_t dependency_count;
    const struct plan_table *table; /* TABLE DATA: whose rows */
};

/* A sequence of the dump: one declared in "sequences", or the one a serial
 * column owns (named TABLE_COLUMN_seq, as PostgreSQL names it). */
struct plan_sequence {
    const char *name;
    const struct sequence *declared; /* NULL for a serial column's */
    const char *as_type;  /* "smallint"/"integer" for smallserial/serial;
                             NULL (bigint) otherwise */
    int64_t start, increment;
    const struct plan_table *owner_table; /* serial: the owning column */
    size_t owner_column;
    int64_t last_value; /* SEQUENCE SET: setval(name, last_value, is_called) */
    bool is_called;     /* false when no row used it */
};

struct plan_row_override {
    const char *table;
    uint64_t rows;
};

struct plan_options {
    uint64_t seed;
    double scale; /* multiplies every row count; 1.0 by default */
    const struct plan_row_override *overrides; /* --rows TABLE=N */
    size_t override_count;
    const char *locale; /* NULL: from database.locale */
};

void plan_options_init(struct plan_options *options);

struct plan {
    const struct schema *schema;
    uint64_t seed;
    const char *locale;
    struct plan_table *tables; /* in generation order */
    size_t table_count;
    struct plan_sequence *sequences; /* declared ones first, then serial
                                        ones in table order */
    size_t sequence_count;
    struct dump_entry *entries;
    size_t entry_count;
    uint64_t serial; /* distinct for every plan_build() of the process:
                        what the lookup memo tells plans apart by */
    struct arena arena;
};

/* Builds the plan; every problem found (an impossible uniqueness request,
 * an unknown --rows table, a generator config error) is added to diags.
 * Returns 0, or -1 when diags holds at least one error. */
int plan_build(const struct schema *schema, const struct plan_options *options,
               struct plan *plan, struct diag_list *diags);
void plan_release(struct plan *plan);

/* Orders schema->tables parents first (ties and cycles broken by name);
 * fills order[0..table_count) with table indexes. Returns the number of
 * foreign keys that had to be ignored to break cycles (self-references do
 * not count). Thread-safe. */
size_t plan_order(const struct schema *schema, size_t *order);

/* PostgreSQL's makeObjectName(): "name1_name2_label" shortened to fit 63
 * bytes (name2 and label may be NULL). */
char *plan_object_name(struct arena *arena, const char *name1,
                       const char *name2, const char *label);

/* Builds plan->entries from the tables; called by plan_build(). */
void plan_entries_build(struct plan *plan);

/* Generates row `row` of table t into values[0..t->column_count), honouring
 * the CHECK constraints. Text lives in arena. Returns false when the row
 * still breaks a constraint after every retry. Thread-safe. */
bool plan_generate_row(const struct plan_table *t, uint64_t row,
                       struct arena *arena, struct value *values);

/* The value of one key column in one row, as plan_generate_row() would
 * produce it. Thread-safe. */
void plan_cell(const struct plan_table *t, size_t column, uint64_t row,
               struct arena *arena, struct value *out);

const struct plan_table *plan_find_table(const struct plan *plan,
                                         const char *name);

#endif
