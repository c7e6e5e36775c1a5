/*
 * compress: one stream of compressed output at a time, as the archive
 * formats need it: begin a stream, feed it bytes, finish it; every piece
 * of output is handed to a callback, never an empty one. Two methods
 * exist: "none", which hands each input on as one piece, as it came, and
 * deflate, whose pieces are COMPRESS_PIECE_SIZE bytes except the last of a
 * stream (as pg_dump cuts them), either as a zlib stream (RFC 1950, the
 * custom format's data blocks) or as a gzip file (RFC 1952, the directory
 * format's .dat.gz files). Levels 1-3 deflate with ISA-L, whose levels 1-3
 * are four to five times faster than zlib's 1-3 and compress COPY text at
 * least as well; 4-9 with zlib, which ISA-L does not match. Level 0 is the
 * "none" method whatever the container. A compressor is reused for many
 * streams; each begin..finish is exactly one complete stream.
 * Thread-safety: one thread at a time per compressor and per
 * chunk_deflater; deflaters on different threads are independent.
 */
#ifndef DG_IO_COMPRESS_H
#define DG_IO_COMPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* "none", "zlib" or "isa-l": which deflate library serves the level. */
const char *compress_method_name(const struct compressor *c);
/* The same for a level, before any compressor exists. */
const char *compress_level_method(int level);

/* Starts a stream; the previous one must be finished. */
int compress_begin(struct compressor *c, struct dg_error *err);
/* Feeds bytes (length may be 0: nothing happens). */
int compress_write(struct compressor *c, const void *bytes, size_t length,
                   struct dg_error *err);
/* Ends the stream and hands out everything that is left. A zlib stream of
 * no input is still a complete stream. */
int compress_finish(struct compressor *c, struct dg_error *err);

/*
 * Deflating a stream's chunks away from the stream, on any thread and in any
 * order (pigz's method): a chunk is raw deflate with the stream's last
 * 32 KiB before it as the dictionary, ended with a sync flush, so chunks
 * joined in order are one deflate stream, the same bytes whichever thread
 * made each. compress_write() does the same on the calling thread, so a
 * stream's bytes do not depend on which path fed it.
 */

/* The longest dictionary a chunk uses: deflate's window. */
#define COMPRESS_WINDOW (32u * 1024u)

struct compress_chunk {
    struct buf deflated;
    uint32_t check;     /* the container's check value of the chunk alone */
    size_t length;      /* uncompressed */
    size_t dict_length; /* of the dictionary it was deflated with */
};

/* One thread's deflate state for a level (1..9) and container. */
struct chunk_deflater;
struct chunk_deflater *compress_deflater_new(int level,
                                             enum compress_container container);
void compress_deflater_free(struct chunk_deflater *d); /* safe on NULL */

/* Deflates data into chunk (its buffer reused; init it with buf_init);
 * dict is the stream's last min(32 KiB, all) bytes before data. */
int compress_deflate_chunk(struct chunk_deflater *d, const void *dict,
                           size_t dict_length, const void *data, size_t length,
                           struct compress_chunk *chunk, struct dg_error *err);

/* Appends a chunk deflated for this stream (same level and container, and
 * a dictionary of the stream's bytes before it) as compress_write() would
 * have; tail is the chunk's last min(length, 32 KiB) uncompressed bytes. */
int compress_write_deflated(struct compressor *c,
                            const struct compress_chunk *chunk,
                            const void *tail, size_t tail_length,
                            struct dg_error *err);

/* An output callback that appends to the struct buf in opaque. */
int compress_to_buf(void *opaque, const void *bytes, size_t length,
                    struct dg_error *err);

#endif
