#include <pthread.h>
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

/* The chunks of a text, deflated by separate deflaters on their own
 * threads, thread t taking chunks t, t + threads, ... */
struct chunk_job {
    const struct buf *text;
    size_t chunk;
    unsigned thread;
    unsigned threads;
    int level;
    enum compress_container container;
    struct compress_chunk *chunks;
    size_t chunk_count;
    int rc;
};

static void *
deflate_share(void *argument)
{
    struct chunk_job *job = argument;
    struct chunk_deflater *d =
        compress_deflater_new(job->level, job->container);
    struct dg_error err;
    dg_error_init(&err);
    for (size_t i = job->thread; i < job->chunk_count; i += job->threads) {
        size_t at = i * job->chunk;
        size_t n =
            job->text->len - at < job->chunk ? job->text->len - at : job->chunk;
        size_t dict = at < COMPRESS_WINDOW ? at : COMPRESS_WINDOW;
        if (compress_deflate_chunk(d, job->text->data + at - dict, dict,
                                   job->text->data + at, n, &job->chunks[i],
                                   &err) != 0)
            job->rc = -1;
    }
    compress_deflater_free(d);
    return NULL;
}

/* Compresses text in chunks of chunk bytes (the last may be shorter):
 * with threads 0 through compress_write() on this thread, otherwise
 * deflated on that many threads and joined by compress_write_deflated(). */
static void
compress_text(const struct buf *text, size_t chunk, unsigned threads, int level,
              enum compress_container container, struct pieces *p)
{
    memset(p, 0, sizeof(*p));
    buf_init(&p->all, 1024);
    struct compressor *c = compress_new(level, container, record, p);
    struct dg_error err;
    dg_error_init(&err);
    CHECK_INT_EQ(compress_begin(c, &err), 0);
    size_t count = (text->len + chunk - 1) / chunk;
    if (threads == 0) {
        for (size_t at = 0; at < text->len; at += chunk) {
            size_t n = text->len - at < chunk ? text->len - at : chunk;
            CHECK_INT_EQ(compress_write(c, text->data + at, n, &err), 0);
        }
    } else {
        struct compress_chunk *chunks = calloc(count + 1, sizeof(*chunks));
        for (size_t i = 0; i < count; i++)
            buf_init(&chunks[i].deflated, 1024);
        struct chunk_job jobs[8];
        pthread_t ids[8];
        for (unsigned t = 0; t < threads; t++) {
            jobs[t] = (struct chunk_job){
                text, chunk, t, threads, level, container, chunks, count, 0};
            pthread_create(&ids[t], NULL, deflate_share, &jobs[t]);
        }
        for (unsigned t = 0; t < threads; t++) {
            pthread_join(ids[t], NULL);
            CHECK_INT_EQ(jobs[t].rc, 0);
        }
        for (size_t i = 0; i < count; i++) {
            size_t end = i * chunk + chunks[i].length;
            size_t tail = chunks[i].length < COMPRESS_WINDOW ? chunks[i].length
                                                             : COMPRESS_WINDOW;
            CHECK_INT_EQ(compress_write_deflated(c, &chunks[i],
                                                 text->data + end - tail, tail,
                                                 &err),
                         0);
            buf_release(&chunks[i].deflated);
        }
        free(chunks);
    }
    CHECK_INT_EQ(compress_finish(c, &err), 0);
    compress_free(c);
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

/* One stream, the same bytes on one thread through compress_write() and
 * deflated on 1..8 threads, inflating to the input. */
static void
test_threads_give_the_same_stream(void)
{
    struct buf text;
    make_text(&text, 60000); /* about 1.7 MB: many chunks and windows */
    static const int levels[] = {1, 2, 3, 4, 6, 9};
    static const enum compress_container containers[] = {COMPRESS_ZLIB,
                                                         COMPRESS_GZIP};
    for (size_t l = 0; l < 6; l++) {
        for (size_t k = 0; k < 2; k++) {
            struct pieces one;
            compress_text(&text, 100000, 0, levels[l], containers[k], &one);
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
            for (unsigned threads = 1; threads <= 8; threads++) {
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
    compress_text(&text, 1000, 0, 1, COMPRESS_ZLIB, &one);
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
    compress_text(&none, 1, 0, 1, COMPRESS_ZLIB, &p);
    CHECK_INT_EQ(p.all.len, 8);
    CHECK(memcmp(p.all.data, "\x78\x01\x03\x00\x00\x00\x00\x01", 8) == 0);
    buf_release(&p.all);
    compress_text(&none, 1, 2, 6, COMPRESS_ZLIB, &p);
    CHECK(p.all.len == 8 && memcmp(p.all.data, "\x78\x9c", 2) == 0);
    buf_release(&p.all);
    compress_text(&none, 1, 0, 9, COMPRESS_ZLIB, &p);
    CHECK(p.all.len == 8 && memcmp(p.all.data, "\x78\xda", 2) == 0);
    buf_release(&p.all);
    compress_text(&none, 1, 0, 1, COMPRESS_GZIP, &p);
    CHECK_INT_EQ(p.all.len, 20);
    CHECK(memcmp(p.all.data,
                 "\x1f\x8b\x08\x00\x00\x00\x00\x00\x04\x03\x03\x00"
                 "\x00\x00\x00\x00\x00\x00\x00\x00",
                 20) == 0);
    buf_release(&p.all);
    buf_release(&none);
}

/* A chunk deflated with a dictionary other than the stream's last bytes
 * would decode wrongly: the stream refuses it. */
static void
test_wrong_dictionary_is_refused(void)
{
    struct buf text;
    make_text(&text, 3000);
    struct pieces p;
    memset(&p, 0, sizeof(p));
    buf_init(&p.all, 64);
    struct compressor *c = compress_new(1, COMPRESS_ZLIB, record, &p);
    struct chunk_deflater *d = compress_deflater_new(1, COMPRESS_ZLIB);
    struct compress_chunk chunk;
    buf_init(&chunk.deflated, 64);
    struct dg_error err;
    dg_error_init(&err);
    CHECK_INT_EQ(compress_begin(c, &err), 0);
    CHECK_INT_EQ(compress_deflate_chunk(d, text.data, 100, text.data + 100,
                                        1000, &chunk, &err),
                 0);
    CHECK_INT_EQ(
        compress_write_deflated(c, &chunk, text.data + 100, 1000, &err), -1);
    CHECK(strstr(err.message, "dictionary") != NULL);
    buf_release(&chunk.deflated);
    compress_deflater_free(d);
    compress_free(c);
    buf_release(&p.all);
    buf_release(&text);
}

/* ISA-L serves the levels where it is faster and compresses as well. */
static void
test_level_methods(void)
{
    CHECK_STR_EQ(compress_level_method(0), "none");
    CHECK_STR_EQ(compress_level_method(1), "isa-l");
    CHECK_STR_EQ(compress_level_method(3), "isa-l");
    CHECK_STR_EQ(compress_level_method(4), "zlib");
    CHECK_STR_EQ(compress_level_method(9), "zlib");
}

int
main(void)
{
    RUN(test_threads_give_the_same_stream);
    RUN(test_small_chunks);
    RUN(test_empty_streams);
    RUN(test_wrong_dictionary_is_refused);
    RUN(test_level_methods);
    return HARNESS_DONE();
}
