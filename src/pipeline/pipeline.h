/*
 * pipeline: runs a plan through a writer. Walks the dump entries in order;
 * for TABLE DATA it cuts the table into chunks of rows, generates and
 * encodes (and for a compressed archive deflates) the chunks on a pool of
 * worker threads, running on into the next tables, and hands the finished
 * buffers to the writer strictly in order, so the output is the same for
 * any number of jobs. Memory is bounded by jobs x chunk buffers,
 * whatever the row counts. Progress (table, rows done, rows/s, ETA) goes to
 * standard error, drawn by the writing thread at most a few times a second
 * and never into the output.
 * Thread-safety: pipeline_run() is called from one thread; it owns its
 * workers.
 */
#ifndef DG_PIPELINE_PIPELINE_H
#define DG_PIPELINE_PIPELINE_H

#include <stddef.h>

#include "core/error.h"
#include "io/sink.h"
#include "plan/plan.h"
#include "writer/writer.h"

/* INSERT scripts: rows per chunk and per statement. */
#define PIPELINE_CHUNK_ROWS      4096
#define PIPELINE_ROWS_PER_INSERT 100
/* COPY rows: a table's chunks hold about this many bytes (a whole number
 * of PIPELINE_CHUNK_ROWS, estimated from the table's first rows), so that
 * memory is bounded by bytes and a deflated chunk is long enough to pay
 * for its dictionary and sync flush. */
#define PIPELINE_CHUNK_BYTES    (2u << 20)
#define PIPELINE_CHUNK_ROWS_MAX (16 * PIPELINE_CHUNK_ROWS)

enum pipeline_progress {
    PIPELINE_PROGRESS_AUTO, /* on when standard error is a terminal */
    PIPELINE_PROGRESS_ON,
    PIPELINE_PROGRESS_OFF,
};

struct pipeline_options {
    unsigned jobs; /* worker threads; 0 means the number of online CPUs */
    enum pipeline_progress progress;
};

/* sink is NULL for a format that writes a directory. */
int pipeline_run(const struct plan *plan, const struct writer_format *format,
                 const struct writer_options *writer_options, struct sink *sink,
                 const struct pipeline_options *options, struct dg_error *err);

#endif
