/*
 * sink: buffered output to a file or to standard output. A file is written
 * under a temporary name in the same directory and renamed onto the target
 * only by sink_finish(), so an existing file is replaced only by a complete
 * one, and a failure or an interrupting signal (SIGINT, SIGTERM, SIGHUP,
 * SIGPIPE) leaves nothing behind. Every failure names the path and errno.
 * Thread-safety: one thread at a time per sink.
 */
#ifndef DG_IO_SINK_H
#define DG_IO_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct sink;

/* path NULL or "-" means standard output. */
int sink_open(struct sink **out, const char *path, struct dg_error *err);

int sink_write(struct sink *sink, const void *data, size_t length,
               struct dg_error *err);

/* Bytes written so far (the offset of the next write). */
uint64_t sink_offset(const struct sink *sink);

/* Whether sink_rewrite() works (a regular file, not a pipe). */
bool sink_is_seekable(const struct sink *sink);

/* Overwrites length bytes at an earlier offset (the custom archive's TOC
 * offsets); the end of the output does not move. */
int sink_rewrite(struct sink *sink, uint64_t offset, const void *data,
                 size_t length, struct dg_error *err);

/* Flushes, closes (checking close), renames into place; frees sink. */
int sink_finish(struct sink *sink, struct dg_error *err);

/* Removes the temporary file; frees sink. Safe on NULL. */
void sink_abort(struct sink *sink);

#endif
