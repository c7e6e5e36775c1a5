#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/buf.h"
#include "harness.h"
#include "io/compress.h"

struct pieces {
    struct buf all;
    size_t count;
    size_t short_pieces; /* pieces below COMPRESS_PIECE_SIZE */
    size_t last;
};

static int
record(void *opaque, const void *bytes, size_t length, struct dg_error *err)
{
    (void)err;
    struct pieces *p = opaque;
    if (p->count > 0 && p->last < COMPRESS_PIECE_SIZE)
        p->short_pieces++;
    p->count++;
    p->last = length;
    buf_append(&p->all, bytes, length);
    return 0;
}

/* Text like a COPY block, different in every line. */
static void
make_text(struct buf *text, size_t lines)
{
    buf_init(text, lines * 64);
    for (size_t i = 0; i < lines; i++)
        buf_printf(text, "%zu\tname %zu\tcity %zu\t%zu.%02zu\n", i + 1,
                   (i * 7919) % 1000, (i * 104729) % 77, i % 9973, i % 100);
}

/* Compresses text in chunks of chunk bytes (the last may be shorter) on
 * threads threads. */
static void
compress_text(const struct buf *text, size_t chunk, unsigned threads, int level,
              enum compress_container container, struct pieces *p)
{
    memset(p, 0, sizeof(*p));
    buf_init(&p->all, 1024);
    compress_set_thread_count(threads);
    struct compressor *c = compress_new(level, container, record, p);
    struct dg_error err;
    dg_error_init(&err);
    CHECK_INT_EQ(compress_begin(c, &err), 0);
    for (size_t at = 0; at < text->len; at += chunk) {
        size_t n = text->len - at < chunk ? text->len - at : chunk;
        CHECK_INT_EQ(compress_write(c, text->data + at, n, &err), 0);
    }
    CHECK_INT_EQ(compress_finish(c, &err), 0);
    compress_free(c);
    compress_set_thread_count(1);
}

/* Inflates exactly one stream filling the input; the wrapper's check
 * value and (gzip) length are verified by zlib. */
static int
inflate_one(const struct buf *in, int window_bits, struct buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, window_bits) != Z_OK)
        return -1;
    buf_init(out, in->len * 4 + 64);
    z.next_in = (Bytef *)in->data;
    z.avail_in = (uInt)in->len;
    int rc;
    do {
        if (out->cap - out->len < 65536)
            buf_grow(out, 1 << 20);
        z.next_out = (Bytef *)out->data + out->len;
        z.avail_out = (uInt)(out->cap - out->len - 1);
        uInt before = z.avail_out;
        rc = inflate(&z, Z_NO_FLUSH);
        out->len += before - z.avail_out;
    } while (rc == Z_OK);
    int ok = rc == Z_STREAM_END && z.avail_in == 0;
    inflateEnd(&z);
    return ok ? 0 : -1;
}

static bool
same(const struct buf *a, const struct buf *b)
{
    return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* One stream, the same bytes for 1..8 threads, inflating to the input. */
static void
test_threads_give_the_same_stream(void)
{
    struct buf text;
    make_text(&text, 60000); /* about 1.7 MB: many chunks and windows */
    static const int levels[] = {1, 6, 9};
    static const enum compress_container containers[] = {COMPRESS_ZLIB,
                                                         COMPRESS_GZIP};
    for (size_t l = 0; l < 3; l++) {
        for (size_t k = 0; k < 2; k++) {
            struct pieces one;
            compress_text(&text, 100000, 1, levels[l], containers[k], &one);
            CHECK(one.all.len < text.len / 2);
            CHECK_INT_EQ(one.short_pieces, 0);
            CHECK(one.last > 0 && one.last <= COMPRESS_PIECE_SIZE);
            struct buf plain;
            CHECK_INT_EQ(inflate_one(&one.all,
                                     containers[k] == COMPRESS_GZIP ? 31 : 15,
                                     &plain),
                         0);
            CHECK(same(&plain, &text));
            buf_release(&plain);
            for (unsigned threads = 2; threads <= 8; threads++) {
                struct pieces many;
                compress_text(&text, 100000, threads, levels[l], containers[k],
                              &many);
                CHECK(same(&one.all, &many.all));
                CHECK_INT_EQ(many.count, one.count);
                buf_release(&many.all);
            }
            buf_release(&one.all);
        }
    }
    buf_release(&text);
}

/* Chunks shorter than the window: the dictionary spans several of them. */
static void
test_small_chunks(void)
{
    struct buf text;
    make_text(&text, 5000);
    struct pieces one, four;
    compress_text(&text, 1000, 1, 1, COMPRESS_ZLIB, &one);
    compress_text(&text, 1000, 4, 1, COMPRESS_ZLIB, &four);
    CHECK(same(&one.all, &four.all));
    struct buf plain;
    CHECK_INT_EQ(inflate_one(&one.all, 15, &plain), 0);
    CHECK(same(&plain, &text));
    buf_release(&plain);
    buf_release(&one.all);
    buf_release(&four.all);
    buf_release(&text);
}

/* The wrapper written by hand: the header zlib would write for the level,
 * an empty final block, Adler-32 of nothing; gzip's fixed header. */
static void
test_empty_streams(void)
{
    struct buf none;
    buf_init(&none, 1);
    struct pieces p;
    compress_text(&none, 1, 1, 1, COMPRESS_ZLIB, &p);
    CHECK_INT_EQ(p.all.len, 8);
    CHECK(memcmp(p.all.data, "\x78\x01\x03\x00\x00\x00\x00\x01", 8) == 0);
    buf_release(&p.all);
    compress_text(&none, 1, 2, 6, COMPRESS_ZLIB, &p);
    CHECK(p.all.len == 8 && memcmp(p.all.data, "\x78\x9c", 2) == 0);
    buf_release(&p.all);
    compress_text(&none, 1, 1, 9, COMPRESS_ZLIB, &p);
    CHECK(p.all.len == 8 && memcmp(p.all.data, "\x78\xda", 2) == 0);
    buf_release(&p.all);
    compress_text(&none, 1, 1, 1, COMPRESS_GZIP, &p);
    CHECK_INT_EQ(p.all.len, 20);
    CHECK(memcmp(p.all.data,
                 "\x1f\x8b\x08\x00\x00\x00\x00\x00\x04\x03\x03\x00"
                 "\x00\x00\x00\x00\x00\x00\x00\x00",
                 20) == 0);
    buf_release(&p.all);
    buf_release(&none);
}

int
main(void)
{
    RUN(test_threads_give_the_same_stream);
    RUN(test_small_chunks);
    RUN(test_empty_streams);
    return HARNESS_DONE();
}
