#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/buf.h"
#include "harness.h"
#include "io/compress.h"

/* Records every piece a compressor hands out. */
struct pieces {
    struct buf all;
    size_t count;
    size_t sizes[4096];
};

static int
record_piece(void *opaque, const void *bytes, size_t length,
             struct dg_error *err)
{
    (void)err;
    struct pieces *p = opaque;
    if (p->count < sizeof(p->sizes) / sizeof(p->sizes[0]))
        p->sizes[p->count] = length;
    p->count++;
    buf_append(&p->all, bytes, length);
    return 0;
}

static int
failing_output(void *opaque, const void *bytes, size_t length,
               struct dg_error *err)
{
    (void)opaque;
    (void)bytes;
    (void)length;
    return dg_fail(err, DG_IO, NULL, "cannot write \"x\": disk full");
}

/* Inflates exactly one stream that must fill the input completely: any
 * trailing byte (a second stream, garbage) fails. Returns 0 and the data
 * in out, or -1. */
static int
inflate_one(const struct buf *in, int window_bits, struct buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, window_bits) != Z_OK)
        return -1;
    z.next_in = (Bytef *)in->data;
    z.avail_in = (uInt)in->len;
    unsigned char chunk[1000];
    int rc;
    do {
        z.next_out = chunk;
        z.avail_out = sizeof(chunk);
        rc = inflate(&z, Z_NO_FLUSH);
        buf_append(out, chunk, sizeof(chunk) - z.avail_out);
    } while (rc == Z_OK);
    int ok = rc == Z_STREAM_END && z.avail_in == 0;
    inflateEnd(&z);
    return ok ? 0 : -1;
}

/* Text that compresses but not to nothing: about 300 KB of words. */
static void
sample_text(struct buf *out, size_t length)
{
    static const char *const words[] = {"alpha", "beta",  "gamma",     "delta",
                                        "1234",  "\t",    "\n",        "Zürich",
                                        "\\N",   "x@y.z", "2024-01-02"};
    uint64_t state = 7;
    while (out->len < length) {
        state = state * 6364136223846793005u + 1442695040888963407u;
        buf_puts(out, words[(state >> 33) % (sizeof(words) / sizeof(*words))]);
        buf_putc(out, (char)('a' + (state >> 20) % 26));
    }
}

static void
test_zlib_round_trip(void)
{
    struct pieces p;
    memset(&p, 0, sizeof(p));
    buf_init(&p.all, 1024);
    struct buf text, back;
    buf_init(&text, 1024);
    buf_init(&back, 1024);
    sample_text(&text, 300000);
    struct dg_error err;
    dg_error_init(&err);
    struct compressor *c = compress_new(6, COMPRESS_ZLIB, record_piece, &p);
    CHECK_STR_EQ(compress_method_name(c), "zlib");
    int rc = compress_begin(c, &err);
    /* fed in uneven slices, as the pipeline's chunks come */
    for (size_t at = 0; at < text.len && rc == 0;) {
        size_t n = text.len - at < 7777 ? text.len - at : 7777;
        rc = compress_write(c, text.data + at, n, &err);
        at += n;
    }
    if (rc == 0)
        rc = compress_finish(c, &err);
    compress_free(c);
    CHECK_INT_EQ(rc, 0);
    CHECK(p.count >= 2);
    /* pg_dump's cut: full pieces, then one shorter last piece */
    for (size_t i = 0; i + 1 < p.count; i++)
        CHECK_INT_EQ(p.sizes[i], COMPRESS_PIECE_SIZE);
    CHECK(p.sizes[p.count - 1] > 0);
    CHECK(p.sizes[p.count - 1] <= COMPRESS_PIECE_SIZE);
    CHECK(p.all.len < text.len / 2);
    /* a zlib header (RFC 1950): deflate, 32K window, valid check bits */
    CHECK_INT_EQ((unsigned char)p.all.data[0], 0x78);
    CHECK_INT_EQ(
        (((unsigned char)p.all.data[0] << 8) | (unsigned char)p.all.data[1]) %
            31,
        0);
    CHECK_INT_EQ(inflate_one(&p.all, 15, &back), 0);
    CHECK_INT_EQ(back.len, text.len);
    CHECK(memcmp(back.data, text.data, text.len) == 0);
    buf_release(&text);
    buf_release(&back);
    buf_release(&p.all);
}

static void
test_zlib_empty_stream(void)
{
    struct buf out, back;
    buf_init(&out, 64);
    buf_init(&back, 64);
    struct dg_error err;
    dg_error_init(&err);
    struct compressor *c =
        compress_new(1, COMPRESS_ZLIB, compress_to_buf, &out);
    CHECK_INT_EQ(compress_begin(c, &err), 0);
    CHECK_INT_EQ(compress_write(c, "", 0, &err), 0);
    CHECK_INT_EQ(compress_finish(c, &err), 0);
    compress_free(c);
    /* a finished stream of nothing: header, empty final block, Adler-32 */
    CHECK_INT_EQ(out.len, 8);
    CHECK_INT_EQ(inflate_one(&out, 15, &back), 0);
    CHECK_INT_EQ(back.len, 0);
    buf_release(&out);
    buf_release(&back);
}

/* A reused compressor writes the same complete stream every time, and
 * never a second stream after the first. */
static void
test_zlib_reuse(void)
{
    struct buf first, second, back;
    buf_init(&first, 64);
    buf_init(&second, 64);
    buf_init(&back, 64);
    struct dg_error err;
    dg_error_init(&err);
    struct compressor *c =
        compress_new(9, COMPRESS_ZLIB, compress_to_buf, &first);
    CHECK_INT_EQ(compress_begin(c, &err), 0);
    CHECK_INT_EQ(compress_write(c, "1\tx\n\\.\n\n\n", 10, &err), 0);
    CHECK_INT_EQ(compress_finish(c, &err), 0);
    compress_free(c);
    c = compress_new(9, COMPRESS_ZLIB, compress_to_buf, &second);
    CHECK_INT_EQ(compress_begin(c, &err), 0);
    CHECK_INT_EQ(compress_write(c, "other", 5, &err), 0);
    CHECK_INT_EQ(compress_finish(c, &err), 0);
    buf_reset(&second);
    CHECK_INT_EQ(compress_begin(c, &err), 0);
    CHECK_INT_EQ(compress_write(c, "1\tx\n\\.\n\n\n", 10, &err), 0);
    CHECK_INT_EQ(compress_finish(c, &err), 0);
    compress_free(c);
    CHECK_INT_EQ(second.len, first.len);
    CHECK(memcmp(first.data, second.data, first.len) == 0);
    CHECK_INT_EQ(inflate_one(&second, 15, &back), 0);
    CHECK_STR_EQ(back.data, "1\tx\n\\.\n\n\n");
    buf_release(&first);
    buf_release(&second);
    buf_release(&back);
}

static void
test_gzip_file(void)
{
    struct buf out, back;
    buf_init(&out, 64);
    buf_init(&back, 64);
    struct dg_error err;
    dg_error_init(&err);
    struct compressor *c =
        compress_new(1, COMPRESS_GZIP, compress_to_buf, &out);
    CHECK_INT_EQ(compress_begin(c, &err), 0);
    CHECK_INT_EQ(compress_write(c, "a\tb\n", 4, &err), 0);
    CHECK_INT_EQ(compress_finish(c, &err), 0);
    compress_free(c);
    /* gzip magic, deflate, no flags, time 0, "fastest" at level 1, Unix:
     * the header gzopen("wb1") writes */
    CHECK(out.len > 18);
    CHECK(memcmp(out.data, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x04\x03", 10) ==
          0);
    CHECK_INT_EQ(inflate_one(&out, 15 + 16, &back), 0);
    CHECK_STR_EQ(back.data, "a\tb\n");
    /* not a zlib stream: pg_restore's custom reader would reject it */
    buf_reset(&back);
    CHECK_INT_EQ(inflate_one(&out, 15, &back), -1);
    buf_release(&out);
    buf_release(&back);
}

static void
test_none_passes_through(void)
{
    struct pieces p;
    memset(&p, 0, sizeof(p));
    buf_init(&p.all, 64);
    struct dg_error err;
    dg_error_init(&err);
    struct compressor *c = compress_new(0, COMPRESS_ZLIB, record_piece, &p);
    CHECK_STR_EQ(compress_method_name(c), "none");
    CHECK_INT_EQ(compress_begin(c, &err), 0);
    CHECK_INT_EQ(compress_write(c, "abc", 3, &err), 0);
    CHECK_INT_EQ(compress_write(c, "", 0, &err), 0); /* no empty piece */
    CHECK_INT_EQ(compress_write(c, "defgh", 5, &err), 0);
    CHECK_INT_EQ(compress_finish(c, &err), 0);
    /* an empty stream is empty */
    CHECK_INT_EQ(compress_begin(c, &err), 0);
    CHECK_INT_EQ(compress_finish(c, &err), 0);
    compress_free(c);
    CHECK_INT_EQ(p.count, 2);
    CHECK_INT_EQ(p.sizes[0], 3);
    CHECK_INT_EQ(p.sizes[1], 5);
    CHECK_STR_EQ(p.all.data, "abcdefgh");
    buf_release(&p.all);
}

static void
test_output_failure_and_misuse(void)
{
    struct dg_error err;
    dg_error_init(&err);
    struct compressor *c = compress_new(1, COMPRESS_ZLIB, failing_output, NULL);
    CHECK_INT_EQ(compress_begin(c, &err), 0);
    CHECK_INT_EQ(compress_finish(c, &err), -1);
    CHECK_CONTAINS(err.message, "disk full");
    compress_free(c);

    dg_error_init(&err);
    struct buf out;
    buf_init(&out, 64);
    c = compress_new(1, COMPRESS_ZLIB, compress_to_buf, &out);
    CHECK_INT_EQ(compress_write(c, "x", 1, &err), -1);
    CHECK_INT_EQ(err.status, DG_INTERNAL);
    dg_error_init(&err);
    CHECK_INT_EQ(compress_begin(c, &err), 0);
    CHECK_INT_EQ(compress_begin(c, &err), -1);
    compress_free(c); /* mid-stream: releases zlib's state */
    buf_release(&out);
}

int
main(void)
{
    RUN(test_zlib_round_trip);
    RUN(test_zlib_empty_stream);
    RUN(test_zlib_reuse);
    RUN(test_gzip_file);
    RUN(test_none_passes_through);
    RUN(test_output_failure_and_misuse);
    return HARNESS_DONE();
}
