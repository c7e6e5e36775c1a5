#include "io/compress.h"

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/xalloc.h"

#define ZLIB_WINDOW_BITS 15
/* ISA-L serves -Z 1 up to this level with its own level of the same
 * number; above it, zlib. */
#define ISAL_TOP_LEVEL 3
/* A chunk is deflated in one call; compress_write() cuts longer input. */
#define CHUNK_MAX ((size_t)1 << 30)

struct compress_method {
    int (*begin)(struct compressor *c, struct dg_error *err);
    int (*write)(struct compressor *c, const void *bytes, size_t length,
                 struct dg_error *err);
    int (*finish)(struct compressor *c, struct dg_error *err);
};

struct chunk_deflater {
    int level;
    enum compress_container container;
    bool isal;
    bool z_ready; /* z is set up on first use, where it can fail */
    z_stream z;
    struct isal_zstream s;
    uint8_t *level_buf;
    uint32_t level_buf_size;
};

struct compressor {
    const struct compress_method *method;
    int level;
    enum compress_container container;
    compress_output_fn output;
    void *opaque;
    bool in_stream;

    /* deflate: this thread's state for compress_write() */
    struct chunk_deflater *deflater;
    struct compress_chunk chunk;
    uint32_t check; /* of the stream so far */
    uint64_t total_length;
    unsigned char tail[COMPRESS_WINDOW]; /* the stream's last bytes */
    size_t tail_length;
    unsigned char piece[COMPRESS_PIECE_SIZE];
    size_t piece_length;
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

static const struct compress_method method_none = {
    .begin = none_begin,
    .write = none_write,
    .finish = none_finish,
};

/* ---- deflate ------------------------------------------------------------ */

/*
 * Every chunk is raw deflate ended with a sync flush, with the stream's
 * last 32 KiB before it as the dictionary, whoever deflates it; the
 * compressor writes the wrapper (header, the final block, the combined
 * check value) around the chunks in order.
 */

const char *
compress_level_method(int level)
{
    if (level == 0)
        return "none";
    return level >= 1 && level <= ISAL_TOP_LEVEL ? "isa-l" : "zlib";
}

static uint32_t
check_of(enum compress_container container, const unsigned char *data,
         size_t length)
{
    if (container == COMPRESS_GZIP)
        return crc32_gzip_refl(0, data, length);
    return isal_adler32(1, data, length);
}

static uint32_t
check_combine(enum compress_container container, uint32_t before,
              uint32_t after, size_t after_length)
{
    if (container == COMPRESS_GZIP)
        return (uint32_t)crc32_combine(before, after, (z_off_t)after_length);
    return (uint32_t)adler32_combine(before, after, (z_off_t)after_length);
}

struct chunk_deflater *
compress_deflater_new(int level, enum compress_container container)
{
    struct chunk_deflater *d = xcalloc(1, sizeof(*d));
    d->level = level < 1 || level > 9 ? 6 : level;
    d->container = container;
    d->isal = d->level <= ISAL_TOP_LEVEL;
    if (d->isal) {
        static const uint32_t buffer_sizes[] = {0, ISAL_DEF_LVL1_DEFAULT,
                                                ISAL_DEF_LVL2_DEFAULT,
                                                ISAL_DEF_LVL3_DEFAULT};
        d->level_buf_size = buffer_sizes[d->level];
        d->level_buf = xmalloc(d->level_buf_size);
        isal_deflate_init(&d->s);
    }
    return d;
}

void
compress_deflater_free(struct chunk_deflater *d)
{
    if (d == NULL)
        return;
    free(d->level_buf);
    if (d->z_ready)
        deflateEnd(&d->z);
    free(d);
}

/* Room for the worst case of either library after more input: stored
 * blocks cost 5 bytes per 64 KiB, plus a flush marker. */
static void
reserve_output(struct buf *out, size_t length)
{
    size_t need = length + length / 1024 + 1024;
    if (out->cap - out->len < need + 1)
        buf_grow(out, need + 1);
}

static int
isal_chunk(struct chunk_deflater *d, const unsigned char *dict,
           size_t dict_length, const unsigned char *data, size_t length,
           struct buf *out, struct dg_error *err)
{
    struct isal_zstream *s = &d->s;
    isal_deflate_reset(s);
    s->level = (uint32_t)d->level;
    s->level_buf = d->level_buf;
    s->level_buf_size = d->level_buf_size;
    s->gzip_flag = IGZIP_DEFLATE;
    s->flush = SYNC_FLUSH;
    s->end_of_stream = 0;
    s->hist_bits = 0;
    int rc = COMP_OK;
    if (dict_length > 0)
        rc = isal_deflate_set_dict(s, (uint8_t *)(uintptr_t)dict,
                                   (uint32_t)dict_length);
    s->next_in = (uint8_t *)(uintptr_t)data;
    s->avail_in = (uint32_t)length;
    while (rc == COMP_OK) {
        reserve_output(out, s->avail_in);
        size_t room = out->cap - out->len - 1;
        uint32_t avail = room > UINT32_MAX ? UINT32_MAX : (uint32_t)room;
        s->next_out = (uint8_t *)out->data + out->len;
        s->avail_out = avail;
        rc = isal_deflate(s);
        out->len += avail - s->avail_out;
        if (s->avail_in == 0 && s->avail_out > 0)
            break;
    }
    if (rc != COMP_OK)
        return dg_fail(err, DG_INTERNAL, NULL, "isa-l deflate failed: %d", rc);
    return 0;
}

static int
zlib_chunk(struct chunk_deflater *d, const unsigned char *dict,
           size_t dict_length, const unsigned char *data, size_t length,
           struct buf *out, struct dg_error *err)
{
    z_stream *z = &d->z;
    int rc = Z_OK;
    if (!d->z_ready) {
        rc = deflateInit2(z, d->level, Z_DEFLATED, -ZLIB_WINDOW_BITS, 8,
                          Z_DEFAULT_STRATEGY);
        d->z_ready = rc == Z_OK;
    }
    if (rc == Z_OK)
        rc = deflateReset(z);
    if (rc == Z_OK && dict_length > 0)
        rc = deflateSetDictionary(z, dict, (uInt)dict_length);
    z->next_in = (Bytef *)(uintptr_t)data;
    z->avail_in = (uInt)length;
    while (rc == Z_OK || rc == Z_BUF_ERROR) {
        reserve_output(out, z->avail_in);
        size_t room = out->cap - out->len - 1;
        uInt avail = room > UINT_MAX ? UINT_MAX : (uInt)room;
        z->next_out = (Bytef *)out->data + out->len;
        z->avail_out = avail;
        rc = deflate(z, Z_SYNC_FLUSH);
        out->len += avail - z->avail_out;
        if (z->avail_in == 0 && z->avail_out > 0) {
            rc = Z_OK;
            break;
        }
    }
    if (rc != Z_OK)
        return dg_fail(err, DG_INTERNAL, NULL, "zlib deflate failed: %s",
                       z->msg ? z->msg : zError(rc));
    return 0;
}

int
compress_deflate_chunk(struct chunk_deflater *d, const void *dict,
                       size_t dict_length, const void *data, size_t length,
                       struct compress_chunk *chunk, struct dg_error *err)
{
    if (length > CHUNK_MAX || dict_length > COMPRESS_WINDOW)
        return dg_fail(err, DG_INTERNAL, NULL,
                       "a compressed chunk of %zu bytes is too long", length);
    buf_reset(&chunk->deflated);
    chunk->length = length;
    chunk->dict_length = dict_length;
    chunk->check = check_of(d->container, data, length);
    if (length == 0)
        return 0;
    return d->isal ? isal_chunk(d, dict, dict_length, data, length,
                                &chunk->deflated, err)
                   : zlib_chunk(d, dict, dict_length, data, length,
                                &chunk->deflated, err);
}

/* Hands out full pieces; the last, partial one waits for more. */
static int
put_pieces(struct compressor *c, const void *bytes, size_t length,
           struct dg_error *err)
{
    const unsigned char *next = bytes;
    while (length > 0) {
        size_t room = COMPRESS_PIECE_SIZE - c->piece_length;
        size_t take = length < room ? length : room;
        memcpy(c->piece + c->piece_length, next, take);
        c->piece_length += take;
        next += take;
        length -= take;
        if (c->piece_length == COMPRESS_PIECE_SIZE) {
            c->piece_length = 0;
            if (c->output(c->opaque, c->piece, COMPRESS_PIECE_SIZE, err) != 0)
                return -1;
        }
    }
    return 0;
}

static void
remember_tail(struct compressor *c, const unsigned char *data, size_t length)
{
    if (length >= COMPRESS_WINDOW) {
        memcpy(c->tail, data + length - COMPRESS_WINDOW, COMPRESS_WINDOW);
        c->tail_length = COMPRESS_WINDOW;
        return;
    }
    size_t keep = c->tail_length + length > COMPRESS_WINDOW
                      ? COMPRESS_WINDOW - length
                      : c->tail_length;
    memmove(c->tail, c->tail + c->tail_length - keep, keep);
    memcpy(c->tail + keep, data, length);
    c->tail_length = keep + length;
}

static void
put_header(struct compressor *c, unsigned char *out, size_t *length)
{
    int level = c->level < 0 ? 6 : c->level;
    if (c->container == COMPRESS_GZIP) {
        /* no name, time 0, the extra flags and OS byte gzopen() writes */
        static const unsigned char fixed[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0};
        memcpy(out, fixed, sizeof(fixed));
        out[8] = level == 9 ? 2 : level < 2 ? 4 : 0;
        out[9] = 3; /* Unix */
        *length = 10;
        return;
    }
    /* CMF: deflate, 32 KiB window; FLG: the level class zlib records,
     * no preset dictionary, and the check bits */
    unsigned level_class = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3;
    unsigned header = (0x78u << 8) | (level_class << 6);
    header += 31 - header % 31;
    out[0] = (unsigned char)(header >> 8);
    out[1] = (unsigned char)header;
    *length = 2;
}

static int
deflate_begin(struct compressor *c, struct dg_error *err)
{
    if (c->deflater == NULL) {
        c->deflater = compress_deflater_new(c->level, c->container);
        buf_init(&c->chunk.deflated, 64 * 1024);
    }
    c->check = c->container == COMPRESS_GZIP ? 0 : 1;
    c->total_length = 0;
    c->tail_length = 0;
    c->piece_length = 0;
    unsigned char header[16];
    size_t length;
    put_header(c, header, &length);
    return put_pieces(c, header, length, err);
}

static int
append_chunk(struct compressor *c, const struct compress_chunk *chunk,
             const void *tail, size_t tail_length, struct dg_error *err)
{
    if (chunk->dict_length != c->tail_length)
        return dg_fail(err, DG_INTERNAL, NULL,
                       "a compressed chunk was deflated with a %zu-byte "
                       "dictionary where the stream has %zu bytes",
                       chunk->dict_length, c->tail_length);
    c->check =
        check_combine(c->container, c->check, chunk->check, chunk->length);
    c->total_length += chunk->length;
    remember_tail(c, tail, tail_length);
    return put_pieces(c, chunk->deflated.data, chunk->deflated.len, err);
}

static int
deflate_write(struct compressor *c, const void *bytes, size_t length,
              struct dg_error *err)
{
    const unsigned char *data = bytes;
    while (length > 0) {
        size_t slice = length < CHUNK_MAX ? length : CHUNK_MAX;
        size_t tail = slice < COMPRESS_WINDOW ? slice : COMPRESS_WINDOW;
        if (compress_deflate_chunk(c->deflater, c->tail, c->tail_length, data,
                                   slice, &c->chunk, err) != 0 ||
            append_chunk(c, &c->chunk, data + slice - tail, tail, err) != 0)
            return -1;
        data += slice;
        length -= slice;
    }
    return 0;
}

static int
deflate_finish(struct compressor *c, struct dg_error *err)
{
    /* After the sync flushes the stream is on a byte boundary: a final,
     * empty block with fixed codes (BFINAL 1, BTYPE 01, end-of-block)
     * ends it, the two bytes zlib writes for the same. */
    static const unsigned char final_block[] = {0x03, 0x00};
    unsigned char trailer[8];
    size_t length = 0;
    uint32_t check = c->check;
    if (c->container == COMPRESS_GZIP) {
        uint64_t size = c->total_length;
        for (int i = 0; i < 4; i++)
            trailer[length++] = (unsigned char)(check >> (8 * i));
        for (int i = 0; i < 4; i++)
            trailer[length++] = (unsigned char)(size >> (8 * i));
    } else {
        for (int i = 3; i >= 0; i--)
            trailer[length++] = (unsigned char)(check >> (8 * i));
    }
    if (put_pieces(c, final_block, sizeof(final_block), err) != 0 ||
        put_pieces(c, trailer, length, err) != 0)
        return -1;
    size_t last = c->piece_length;
    c->piece_length = 0;
    return last > 0 ? c->output(c->opaque, c->piece, last, err) : 0;
}

static const struct compress_method method_deflate = {
    .begin = deflate_begin,
    .write = deflate_write,
    .finish = deflate_finish,
};

/* ---- interface ---------------------------------------------------------- */

struct compressor *
compress_new(int level, enum compress_container container,
             compress_output_fn output, void *opaque)
{
    struct compressor *c = xcalloc(1, sizeof(*c));
    if (level < 0)
        level = 6; /* zlib's default */
    if (level > 9)
        level = 9;
    c->method = level == 0 ? &method_none : &method_deflate;
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
    if (c->deflater) {
        compress_deflater_free(c->deflater);
        buf_release(&c->chunk.deflated);
    }
    free(c);
}

const char *
compress_method_name(const struct compressor *c)
{
    return compress_level_method(c->level);
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
compress_write_deflated(struct compressor *c,
                        const struct compress_chunk *chunk, const void *tail,
                        size_t tail_length, struct dg_error *err)
{
    if (!c->in_stream || c->method != &method_deflate)
        return dg_fail(err, DG_INTERNAL, NULL,
                       "deflated data written outside a deflate stream");
    if (chunk->length == 0)
        return 0;
    return append_chunk(c, chunk, tail, tail_length, err);
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
