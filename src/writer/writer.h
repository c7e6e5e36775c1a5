/*
 * writer: one driver, one file per output format. The pipeline walks the
 * plan's dump entries in order and calls the format's hooks; a format only
 * turns those calls into bytes on its sink, and keeps its own state private
 * behind w->state. Rows reach data() already encoded, in the form the format
 * asks for (rows), in row order.
 * Thread-safety: hooks are called from one thread.
 */
#ifndef DG_WRITER_WRITER_H
#define DG_WRITER_WRITER_H

#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"
#include "io/sink.h"
#include "plan/plan.h"

enum writer_rows {
    WRITER_ROWS_COPY,   /* COPY text lines */
    WRITER_ROWS_INSERT, /* complete INSERT statements */
};

struct writer;

struct writer_format {
    const char *name; /* "copy", "sql" */
    const char *description;
    enum writer_rows rows;
    /* The preamble; called once, first. */
    int (*open)(struct writer *w, struct dg_error *err);
    /* An entry that is not TABLE DATA. */
    int (*entry)(struct writer *w, const struct dump_entry *e,
                 struct dg_error *err);
    /* TABLE DATA: begin_data, data() any number of times, end_data. */
    int (*begin_data)(struct writer *w, const struct dump_entry *e,
                      struct dg_error *err);
    int (*data)(struct writer *w, const char *bytes, size_t length,
                struct dg_error *err);
    int (*end_data)(struct writer *w, const struct dump_entry *e,
                    struct dg_error *err);
    /* The epilogue; called once, last, only when everything succeeded. */
    int (*close)(struct writer *w, struct dg_error *err);
    void (*free_state)(void *state); /* may be NULL */
};

struct writer {
    const struct writer_format *format;
    const struct plan *plan;
    struct sink *sink;
    void *state; /* the format's own */
};

extern const struct writer_format writer_copy;
extern const struct writer_format writer_sql;

/* NULL when no format has that name. */
const struct writer_format *writer_find(const char *name);

/* Names of every format, NULL-terminated (for messages and --help). */
extern const char *const writer_format_names[];

/* Shared by the plain formats: the "--\n-- Name: ...; Type: ...; Schema:
 * ...; Owner: -\n--\n\n" header pg_dump prints before an entry. */
void writer_plain_entry_header(struct buf *out, const struct dump_entry *e);

#endif
