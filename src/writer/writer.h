/*
 * writer: one driver, one file per output format. The pipeline walks the
 * plan's dump entries in order and calls the format's hooks; a format only
 * turns those calls into bytes on its sink, and keeps its own state private
 * behind w->state. Rows reach data() already encoded, in the form the format
 * asks for (rows), in row order (or data_deflated(), deflated too).
 * Thread-safety: hooks are called from one thread.
 */
#ifndef DG_WRITER_WRITER_H
#define DG_WRITER_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "io/compress.h"
#include "io/sink.h"
#include "plan/plan.h"

enum writer_rows {
    WRITER_ROWS_COPY,   /* COPY text lines */
    WRITER_ROWS_INSERT, /* complete INSERT statements */
};

struct writer;

/* Chosen by the user, the same for every format. */
struct writer_options {
    int compression;   /* 0 (none) .. 9; archive formats only */
    int64_t timestamp; /* the dump's creation time, seconds since 1970;
                          fixed per run so the bytes are reproducible */
    const char *path;  /* the output path; NULL or "-" is standard output */
};

/* The default compression level: zlib's fastest, see README. */
#define WRITER_DEFAULT_COMPRESSION 1

struct writer_format {
    const char *name; /* "copy", "sql", "custom", "directory" */
    const char *description;
    enum writer_rows rows;
    /* Writes a directory at options->path itself (no sink is opened); it
     * must create it under a temporary name and rename it into place in
     * close(), and remove it in free_state() if close() never ran. */
    bool writes_directory;
    bool compressible; /* honours writer_options.compression */
    /* A compressible format's data streams: chunks the pipeline's workers
     * deflate must be made for this container. */
    enum compress_container container;
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
    /* Instead of data(), for a compressible format at a level above 0:
     * the next rows already deflated by a worker for the stream begun by
     * begin_data (compress_deflate_chunk() with the stream's last bytes as
     * dictionary); tail holds the rows' last min(length, 32 KiB) bytes. */
    int (*data_deflated)(struct writer *w, const struct compress_chunk *chunk,
                         const void *tail, size_t tail_length,
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
    const struct writer_options *options;
    struct sink *sink; /* NULL for a format that writes a directory */
    void *state;       /* the format's own */
};

extern const struct writer_format writer_copy;
extern const struct writer_format writer_sql;
extern const struct writer_format writer_custom;
extern const struct writer_format writer_directory;

/* NULL when no format has that name. */
const struct writer_format *writer_find(const char *name);

/* Names of every format, NULL-terminated (for messages and --help). */
extern const char *const writer_format_names[];

/* Shared by the plain formats: the "--\n-- Name: ...; Type: ...; Schema:
 * ...; Owner: -\n--\n\n" header pg_dump prints before an entry. */
void writer_plain_entry_header(struct buf *out, const struct dump_entry *e);

#endif
