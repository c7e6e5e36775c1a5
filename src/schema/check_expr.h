/*
 * check_expr: a small parser and evaluator for CHECK constraint expressions
 * of the shapes schema authors write: comparisons with constants
 * (price > 0, status <> ''), BETWEEN, IN (...), IS [NOT] NULL, comparisons
 * between columns (start_date <= end_date), arithmetic (+ - * /, total =
 * quantity * price), length()/char_length(), regex match (col ~ 'pattern'),
 * casts of constants ('2020-01-01'::date, (0)::numeric), NOT, AND, OR and
 * parentheses. Domain constraints use VALUE as their one column.
 *
 * The generator uses a parsed expression two ways: check_bounds() narrows a
 * column's range up front, and check_eval() tests each candidate row (the
 * row is regenerated from the next sub-stream when it fails). An expression
 * outside these shapes fails to parse; the validator turns that into a
 * warning and the constraint is still written to the dump.
 *
 * Ownership: a parsed expression lives in the arena given to check_parse().
 * Thread-safety: check_eval() and check_bounds() are read-only and may run
 * on any thread.
 */
#ifndef DG_SCHEMA_CHECK_EXPR_H
#define DG_SCHEMA_CHECK_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/value.h"
#include "schema/pgtype.h"

struct check_expr;

/* Maps a column name (as written, case-folded like SQL unless quoted) to its
 * index in the row and its type; returns -1 for an unknown name. */
typedef long (*check_resolve_fn)(void *context, const char *name,
                                 const struct pg_type **type);

/* Parses sql ("price > 0", with or without an outer "CHECK (...)").
 * Literals compared with a column are converted to that column's kind at
 * parse time (a date string against a date column becomes a VALUE_DATE).
 * Returns 0; or fills err (DG_INVALID) and returns -1 when the expression
 * is outside the shapes understood here, or CHECK_PARSE_UNKNOWN_COLUMN when
 * it names a column the resolver does not know (PostgreSQL would reject the
 * constraint itself). */
#define CHECK_PARSE_UNKNOWN_COLUMN (-2)
int check_parse(const char *sql, check_resolve_fn resolve, void *context,
                struct arena *arena, struct check_expr **out,
                struct dg_error *err);

/* What CURRENT_DATE, now() and CURRENT_TIMESTAMP stand for: a fixed
 * instant, 2025-01-01 00:00:00 UTC, so that evaluation is reproducible like
 * generation. Values generated no later than this satisfy "<= now()" at
 * any later restore. */
#define CHECK_REFERENCE_DATE INT64_C(20089) /* days since 1970-01-01 */
#define CHECK_REFERENCE_USEC (CHECK_REFERENCE_DATE * USEC_PER_DAY)

/* Frees what a parsed expression holds outside its arena (compiled regular
 * expressions). Call it before resetting or releasing that arena; NULL is
 * allowed and a second call does nothing. */
void check_release(struct check_expr *expr);

enum check_result { CHECK_FALSE, CHECK_TRUE, CHECK_UNKNOWN };

/* Evaluates against row[0..]; SQL three-valued logic. A CHECK constraint is
 * satisfied unless the result is CHECK_FALSE. Where PostgreSQL would raise
 * an error instead (division by zero, integer out of range, a bad cast) the
 * result is CHECK_FALSE: the row would not load. Text compares bytewise (C
 * collation); lower()/upper() change ASCII letters only; timestamps without
 * an offset are UTC. */
enum check_result check_eval(const struct check_expr *expr,
                             const struct value *row);

/* check_eval() by walking the parsed tree, without the shapes compiled at
 * parse time: the reference the compiled evaluation agrees with. */
enum check_result check_eval_tree(const struct check_expr *expr,
                                  const struct value *row);

/* Column indexes the expression reads, each once, at most max of them;
 * returns how many there are in all. */
size_t check_columns(const struct check_expr *expr, long *out, size_t max);

/* Whether a top-level AND conjunct reads "column = E" (or "E = column")
 * with a number or time E over other columns only: such a constraint is
 * met by computing the column, which no amount of random retries would
 * do (total = quantity * price). */
bool check_defines(const struct check_expr *expr, long column);

/* Evaluates E for this row into *out (no allocation); false when E cannot
 * be computed (PostgreSQL would raise an error) or the column has no such
 * definition. */
bool check_solve(const struct check_expr *expr, long column,
                 const struct value *row, struct value *out);

/* The pattern of a top-level conjunct "column ~ 'pattern'" (case-sensitive,
 * not negated), as written; NULL when there is none. Lives as long as the
 * expression's arena. */
const char *check_pattern(const struct check_expr *expr, long column);

/* What the expression implies for one column on its own, from top-level AND
 * conjuncts that compare the column with constants. Values are of the
 * column's kind. */
struct check_bounds {
    bool has_min, min_inclusive;
    struct value min;
    bool has_max, max_inclusive;
    struct value max;
    const struct value *allowed; /* IN (...) list, or NULL */
    size_t allowed_count;
    long max_length; /* from length(col) <= n / < n; -1 none */
    long min_length; /* from length(col) >= n / > n / col <> ''; -1 none */
    bool not_null;   /* col IS NOT NULL */
};

void check_bounds(const struct check_expr *expr, long column,
                  struct check_bounds *out);

#endif
