#include "io/compress.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#include "core/xalloc.h"

struct compress_method {
    const char *name;
    int (*begin)(struct compressor *c, struct dg_error *err);
    int (*write)(struct compressor *c, const void *bytes, size_t length,
                 struct dg_error *err);
    int (*finish)(struct compressor *c, struct dg_error *err);
    void (*release)(struct compressor *c);
};

struct compressor {
    const struct compress_method *method;
    int level;
    enum compress_container container;
    compress_output_fn output;
    void *opaque;
    bool in_stream;
    bool z_ready; /* deflateInit2 ran; later streams use deflateReset */
    z_stream z;
    unsigned char piece[COMPRESS_PIECE_SIZE];
};

/* ---- none --------------------------------------------------------------- */

static int
none_begin(struct compressor *c, struct dg_error *err)
{
    (void)c;
    (void)err;
    return 0;
}

static int
none_write(struct compressor *c, const void *bytes, size_t length,
           struct dg_error *err)
{
    return c->output(c->opaque, bytes, length, err);
}

static int
none_finish(struct compressor *c, struct dg_error *err)
{
    (void)c;
    (void)err;
    return 0;
}

static void
none_release(struct compressor *c)
{
    (void)c;
}

static const struct compress_method method_none = {
    .name = "none",
    .begin = none_begin,
    .write = none_write,
    .finish = none_finish,
    .release = none_release,
};

/* ---- zlib --------------------------------------------------------------- */

static int
zlib_fail(struct compressor *c, const char *what, int rc, struct dg_error *err)
{
    return dg_fail(err, DG_INTERNAL, NULL, "zlib %s failed: %s", what,
                   c->z.msg ? c->z.msg : zError(rc));
}

static int
zlib_begin(struct compressor *c, struct dg_error *err)
{
    int rc;
    if (c->z_ready) {
        /* the same parameters as a fresh deflateInit2, without its
         * allocations */
        rc = deflateReset(&c->z);
        if (rc != Z_OK)
            return zlib_fail(c, "reset", rc, err);
    } else {
        /* zlib's gzip wrapper is asked for with 16 added to the window
         * bits; it writes no name and a zero time, as gzopen() does */
        int window_bits = c->container == COMPRESS_GZIP ? 15 + 16 : 15;
        c->z.zalloc = Z_NULL;
        c->z.zfree = Z_NULL;
        c->z.opaque = Z_NULL;
        rc = deflateInit2(&c->z, c->level, Z_DEFLATED, window_bits, 8,
                          Z_DEFAULT_STRATEGY);
        if (rc != Z_OK)
            return zlib_fail(c, "initialisation", rc, err);
        c->z_ready = true;
    }
    c->z.next_out = c->piece;
    c->z.avail_out = COMPRESS_PIECE_SIZE;
    return 0;
}

/* Hands out what the piece buffer holds and empties it. */
static int
zlib_emit(struct compressor *c, struct dg_error *err)
{
    size_t used = COMPRESS_PIECE_SIZE - c->z.avail_out;
    c->z.next_out = c->piece;
    c->z.avail_out = COMPRESS_PIECE_SIZE;
    if (used == 0)
        return 0;
    return c->output(c->opaque, c->piece, used, err);
}

static int
zlib_write(struct compressor *c, const void *bytes, size_t length,
           struct dg_error *err)
{
    const unsigned char *next = bytes;
    while (length > 0) {
        /* avail_in is an unsigned int: feed huge inputs in slices */
        uInt slice = length > UINT_MAX ? UINT_MAX : (uInt)length;
        /* zlib does not write through next_in; its type just lacks const */
        c->z.next_in = (Bytef *)(uintptr_t)next;
        c->z.avail_in = slice;
        while (c->z.avail_in > 0) {
            int rc = deflate(&c->z, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_BUF_ERROR)
                return zlib_fail(c, "deflate", rc, err);
            if (c->z.avail_out == 0 && zlib_emit(c, err) != 0)
                return -1;
        }
        next += slice;
        length -= slice;
    }
    return 0;
}

static int
zlib_finish(struct compressor *c, struct dg_error *err)
{
    c->z.next_in = Z_NULL;
    c->z.avail_in = 0;
    for (;;) {
        int rc = deflate(&c->z, Z_FINISH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
            return zlib_fail(c, "deflate", rc, err);
        if (rc == Z_STREAM_END)
            return zlib_emit(c, err);
        if (c->z.avail_out == 0 && zlib_emit(c, err) != 0)
            return -1;
    }
}

static void
zlib_release(struct compressor *c)
{
    if (c->z_ready)
        deflateEnd(&c->z);
    c->z_ready = false;
}

static const struct compress_method method_zlib = {
    .name = "zlib",
    .begin = zlib_begin,
    .write = zlib_write,
    .finish = zlib_finish,
    .release = zlib_release,
};

/* ---- interface ---------------------------------------------------------- */

struct compressor *
compress_new(int level, enum compress_container container,
             compress_output_fn output, void *opaque)
{
    struct compressor *c = xcalloc(1, sizeof(*c));
    if (level < 0)
        level = Z_DEFAULT_COMPRESSION;
    if (level > 9)
        level = 9;
    c->method = level == 0 ? &method_none : &method_zlib;
    c->level = level;
    c->container = container;
    c->output = output;
    c->opaque = opaque;
    return c;
}

void
compress_free(struct compressor *c)
{
    if (c == NULL)
        return;
    c->method->release(c);
    free(c);
}

const char *
compress_method_name(const struct compressor *c)
{
    return c->method->name;
}

int
compress_begin(struct compressor *c, struct dg_error *err)
{
    if (c->in_stream)
        return dg_fail(err, DG_INTERNAL, NULL,
                       "compressed stream begun before the last one ended");
    if (c->method->begin(c, err) != 0)
        return -1;
    c->in_stream = true;
    return 0;
}

int
compress_write(struct compressor *c, const void *bytes, size_t length,
               struct dg_error *err)
{
    if (!c->in_stream)
        return dg_fail(err, DG_INTERNAL, NULL,
                       "compressed data written outside a stream");
    if (length == 0)
        return 0;
    return c->method->write(c, bytes, length, err);
}

int
compress_finish(struct compressor *c, struct dg_error *err)
{
    if (!c->in_stream)
        return dg_fail(err, DG_INTERNAL, NULL,
                       "compressed stream finished without being begun");
    c->in_stream = false;
    return c->method->finish(c, err);
}

int
compress_to_buf(void *opaque, const void *bytes, size_t length,
                struct dg_error *err)
{
    (void)err;
    buf_append(opaque, bytes, length);
    return 0;
}
