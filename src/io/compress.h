/*
 * compress: one stream of compressed output at a time, as the archive
 * formats need it: begin a stream, feed it bytes, finish it; every piece
 * of output is handed to a callback, never an empty one. Two methods
 * exist: "none", which hands each input on as one piece, as it came, and
 * zlib deflate, whose pieces are COMPRESS_PIECE_SIZE bytes except the last
 * of a stream (as pg_dump cuts them), either as a zlib stream (RFC 1950,
 * the custom format's data blocks) or as a gzip file (RFC 1952, the
 * directory format's .dat.gz files). Level 0 is the "none" method whatever
 * the container. A compressor is reused for many streams; each
 * begin..finish is exactly one complete stream.
 * Thread-safety: one thread at a time per compressor.
 */
#ifndef DG_IO_COMPRESS_H
#define DG_IO_COMPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"

/* pg_dump's output buffer: a zlib stream comes out in pieces this big. */
#define COMPRESS_PIECE_SIZE 4096

enum compress_container {
    COMPRESS_ZLIB, /* zlib header, deflate data, Adler-32 */
    COMPRESS_GZIP, /* gzip header (no name, time 0), deflate data, CRC-32 */
};

/* Receives each piece of output; returns 0, or -1 after filling err. */
typedef int (*compress_output_fn)(void *opaque, const void *bytes,
                                  size_t length, struct dg_error *err);

struct compressor;

/* level 0 (none) .. 9; the callback and opaque serve every stream. */
struct compressor *compress_new(int level, enum compress_container container,
                                compress_output_fn output, void *opaque);
void compress_free(struct compressor *c); /* safe on NULL */

/* How many threads each compressor created from now on deflates on
 * (default 1, which deflates on the calling thread). Process-wide: the
 * pipeline sets its job count before a writer creates its compressor. */
void compress_set_thread_count(unsigned threads);

/* "none" or "zlib". */
const char *compress_method_name(const struct compressor *c);

/* Starts a stream; the previous one must be finished. */
int compress_begin(struct compressor *c, struct dg_error *err);
/* Feeds bytes (length may be 0: nothing happens). */
int compress_write(struct compressor *c, const void *bytes, size_t length,
                   struct dg_error *err);
/* Ends the stream and hands out everything that is left. A zlib stream of
 * no input is still a complete stream. */
int compress_finish(struct compressor *c, struct dg_error *err);

/* An output callback that appends to the struct buf in opaque. */
int compress_to_buf(void *opaque, const void *bytes, size_t length,
                    struct dg_error *err);

#endif
