/*
 * error: the status codes, the single-error record every fallible call fills,
 * and the diagnostic list that validation collects into.
 *
 * Functions that can fail return 0 or -1 and fill a caller-supplied
 * struct dg_error; the first error recorded wins, later ones are ignored.
 * Validation does not stop at the first problem: it appends to a
 * struct diag_list and the caller decides from its error count.
 * Thread-safety: none needed; each thread owns its own records.
 */
#ifndef DG_CORE_ERROR_H
#define DG_CORE_ERROR_H

#include <stddef.h>
#include <stdio.h>

/* X(name, label, exit status) */
#define DG_STATUS_MAP(X)                                                       \
    X(OK, "ok", 0)                                                             \
    X(USAGE, "usage", 2)                                                       \
    X(INVALID, "invalid schema", 2)                                            \
    X(IO, "i/o failure", 1)                                                    \
    X(INTERNAL, "internal error", 1)

enum dg_status {
#define DG_STATUS_ENUM(name, label, code) DG_##name,
    DG_STATUS_MAP(DG_STATUS_ENUM)
#undef DG_STATUS_ENUM
};

const char *dg_status_label(enum dg_status status);
int dg_status_exit_code(enum dg_status status);

struct dg_error {
    enum dg_status status; /* DG_OK until something fails */
    char location[256];    /* "file:line:col" or a JSON path; may be empty */
    char message[512];
    char hint[256]; /* may be empty */
};

void dg_error_init(struct dg_error *err);

/* Records the failure unless one is recorded already; always returns -1.
 * location may be NULL. */
int dg_fail(struct dg_error *err, enum dg_status status, const char *location,
            const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Adds a hint to the recorded failure (only if the hint is still empty). */
void dg_error_hint(struct dg_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints "datagen: error: LOCATION: MESSAGE" and a "hint:" line. */
void dg_error_print(const struct dg_error *err, FILE *out);

enum diag_severity { DIAG_ERROR, DIAG_WARNING };

struct diag {
    enum diag_severity severity;
    char *path;    /* JSON path such as tables.users.columns[2].type */
    char *message; /* lowercase, no final period */
    char *hint;    /* NULL or a suggestion ("did you mean ...?") */
};

struct diag_list {
    struct diag *items;
    size_t count;
    size_t capacity;
    size_t error_count;
    size_t warning_count;
};

void diag_list_init(struct diag_list *list);
void diag_list_release(struct diag_list *list);

/* Appends a diagnostic; path and hint may be NULL. Strings are copied. */
void diag_add(struct diag_list *list, enum diag_severity severity,
              const char *path, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Shorthands for diag_add with a NULL hint. */
void diag_error(struct diag_list *list, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warning(struct diag_list *list, const char *path, const char *fmt,
                  ...) __attribute__((format(printf, 3, 4)));

/* Prints every diagnostic, one per line, as
 * "datagen: error: PATH: MESSAGE (HINT)". */
void diag_list_print(const struct diag_list *list, FILE *out);

#endif
