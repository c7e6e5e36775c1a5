#include "io/compress.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/xalloc.h"

#define COMPRESS_WINDOW_BITS 15
#define COMPRESS_WINDOW      (1u << COMPRESS_WINDOW_BITS)

struct compress_method {
    const char *name;
    int (*begin)(struct compressor *c, struct dg_error *err);
    int (*write)(struct compressor *c, const void *bytes, size_t length,
                 struct dg_error *err);
    int (*finish)(struct compressor *c, struct dg_error *err);
    void (*release)(struct compressor *c);
};

enum zjob_state { ZJOB_FREE, ZJOB_QUEUED, ZJOB_RUNNING, ZJOB_DONE };

/* One chunk on its way through the pool. */
struct zjob {
    enum zjob_state state;
    uint64_t seq;
    struct buf input; /* the dictionary, then the chunk */
    size_t dict_length;
    size_t length; /* of the chunk */
    struct buf output;
    uLong check;
    int rc;
};

struct compressor {
    const struct compress_method *method;
    int level;
    enum compress_container container;
    compress_output_fn output;
    void *opaque;
    bool in_stream;
    unsigned threads;

    /* zlib: this thread's raw deflate state and its output */
    bool z_ready;
    z_stream z;
    struct buf out;
    uLong check; /* of the stream so far */
    uint64_t total_length;
    unsigned char tail[COMPRESS_WINDOW]; /* the input's last bytes */
    size_t tail_length;
    unsigned char piece[COMPRESS_PIECE_SIZE];
    size_t piece_length;

    /* the pool, when threads > 1 */
    bool pool_ready;
    pthread_t *pool;
    unsigned started;
    pthread_mutex_t lock;
    pthread_cond_t work;
    pthread_cond_t done;
    bool stop;
    struct zjob *jobs;
    size_t job_count;
    uint64_t next_seq; /* chunks queued */
    uint64_t emit_seq; /* chunks written out */
};

static unsigned thread_count = 1;

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

/*
 * Every compress_write() is one chunk, deflated on its own as raw deflate
 * with the last 32 KiB of the input before it as the dictionary and ended
 * with a sync flush (pigz's method): the chunks joined are one deflate
 * stream, the same bytes whichever thread made each. The wrapper (header,
 * the empty final block, the combined check value) is written here. With
 * more than one thread, chunks queue for a pool and come out in order.
 */

static int
zlib_fail(const char *what, int rc, const z_stream *z, struct dg_error *err)
{
    return dg_fail(err, DG_INTERNAL, NULL, "zlib %s failed: %s", what,
                   z && z->msg ? z->msg : zError(rc));
}

static int
raw_init(z_stream *z, int level)
{
    memset(z, 0, sizeof(*z));
    return deflateInit2(z, level, Z_DEFLATED, -COMPRESS_WINDOW_BITS, 8,
                        Z_DEFAULT_STRATEGY);
}

/* Deflates one chunk into out (emptied first); returns a zlib code. */
static int
deflate_chunk(z_stream *z, const unsigned char *dict, size_t dict_length,
              const unsigned char *data, size_t length, int flush,
              struct buf *out)
{
    buf_reset(out);
    int rc = deflateReset(z);
    if (rc == Z_OK && dict_length > 0)
        rc = deflateSetDictionary(z, dict, (uInt)dict_length);
    if (rc != Z_OK)
        return rc;
    for (;;) {
        uInt slice = length > UINT_MAX ? UINT_MAX : (uInt)length;
        z->next_in = (Bytef *)(uintptr_t)data;
        z->avail_in = slice;
        int mode = slice == length ? flush : Z_NO_FLUSH;
        do {
            if (out->cap - out->len < 4096 + 1)
                buf_grow(out, slice / 2 + 65536);
            size_t room = out->cap - out->len - 1;
            uInt avail = room > UINT_MAX ? UINT_MAX : (uInt)room;
            z->next_out = (Bytef *)out->data + out->len;
            z->avail_out = avail;
            rc = deflate(z, mode);
            out->len += avail - z->avail_out;
            if (rc != Z_OK && rc != Z_BUF_ERROR && rc != Z_STREAM_END)
                return rc;
        } while (z->avail_in > 0 || z->avail_out == 0);
        data += slice;
        length -= slice;
        if (length == 0)
            return Z_OK;
    }
}

static uLong
check_start(enum compress_container container)
{
    return container == COMPRESS_GZIP ? crc32(0L, Z_NULL, 0)
                                      : adler32(0L, Z_NULL, 0);
}

static uLong
check_of(enum compress_container container, const unsigned char *data,
         size_t length)
{
    uLong value = check_start(container);
    while (length > 0) {
        uInt slice = length > UINT_MAX ? UINT_MAX : (uInt)length;
        value = container == COMPRESS_GZIP ? crc32(value, data, slice)
                                           : adler32(value, data, slice);
        data += slice;
        length -= slice;
    }
    return value;
}

/* Hands out full pieces; the last, partial one waits for more. */
static int
zlib_output(struct compressor *c, const void *bytes, size_t length,
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

static int
emit_chunk(struct compressor *c, struct zjob *job, struct dg_error *err)
{
    if (job->rc != Z_OK)
        return zlib_fail("deflate", job->rc, NULL, err);
    c->check =
        c->container == COMPRESS_GZIP
            ? crc32_combine(c->check, job->check, (z_off_t)job->length)
            : adler32_combine(c->check, job->check, (z_off_t)job->length);
    c->total_length += job->length;
    return zlib_output(c, job->output.data, job->output.len, err);
}

static void *
zlib_worker(void *argument)
{
    struct compressor *c = argument;
    z_stream z;
    int init_rc = raw_init(&z, c->level);
    pthread_mutex_lock(&c->lock);
    for (;;) {
        struct zjob *job = NULL;
        while (!c->stop) {
            for (size_t i = 0; i < c->job_count; i++)
                if (c->jobs[i].state == ZJOB_QUEUED &&
                    (job == NULL || c->jobs[i].seq < job->seq))
                    job = &c->jobs[i];
            if (job)
                break;
            pthread_cond_wait(&c->work, &c->lock);
        }
        if (job == NULL)
            break;
        job->state = ZJOB_RUNNING;
        pthread_mutex_unlock(&c->lock);

        const unsigned char *in = (const unsigned char *)job->input.data;
        job->rc =
            init_rc != Z_OK
                ? init_rc
                : deflate_chunk(&z, in, job->dict_length, in + job->dict_length,
                                job->length, Z_SYNC_FLUSH, &job->output);
        job->check = check_of(c->container, in + job->dict_length, job->length);

        pthread_mutex_lock(&c->lock);
        job->state = ZJOB_DONE;
        pthread_cond_broadcast(&c->done);
    }
    pthread_mutex_unlock(&c->lock);
    if (init_rc == Z_OK)
        deflateEnd(&z);
    return NULL;
}

static void
pool_stop(struct compressor *c)
{
    if (c->started == 0)
        return;
    pthread_mutex_lock(&c->lock);
    c->stop = true;
    pthread_cond_broadcast(&c->work);
    pthread_mutex_unlock(&c->lock);
    for (unsigned i = 0; i < c->started; i++)
        pthread_join(c->pool[i], NULL);
    c->started = 0;
}

static void
pool_start(struct compressor *c)
{
    c->job_count = (size_t)c->threads * 2;
    c->jobs = xcalloc(c->job_count, sizeof(*c->jobs));
    for (size_t i = 0; i < c->job_count; i++) {
        buf_init(&c->jobs[i].input, 64 * 1024);
        buf_init(&c->jobs[i].output, 64 * 1024);
    }
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->work, NULL);
    pthread_cond_init(&c->done, NULL);
    c->pool = xcalloc(c->threads, sizeof(*c->pool));
    for (; c->started < c->threads; c->started++)
        if (pthread_create(&c->pool[c->started], NULL, zlib_worker, c) != 0)
            break;
    c->pool_ready = true;
}

/* Writes out, in order, every chunk that is finished, waiting for those
 * numbered below until. */
static int
pool_drain(struct compressor *c, uint64_t until, struct dg_error *err)
{
    int rc = 0;
    while (rc == 0 && c->emit_seq < c->next_seq) {
        struct zjob *job = &c->jobs[c->emit_seq % c->job_count];
        pthread_mutex_lock(&c->lock);
        if (job->state != ZJOB_DONE && c->emit_seq >= until) {
            pthread_mutex_unlock(&c->lock);
            break;
        }
        while (job->state != ZJOB_DONE)
            pthread_cond_wait(&c->done, &c->lock);
        pthread_mutex_unlock(&c->lock);
        rc = emit_chunk(c, job, err);
        pthread_mutex_lock(&c->lock);
        job->state = ZJOB_FREE;
        pthread_mutex_unlock(&c->lock);
        c->emit_seq++;
    }
    return rc;
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
zlib_begin(struct compressor *c, struct dg_error *err)
{
    if (!c->z_ready) {
        int rc = raw_init(&c->z, c->level);
        if (rc != Z_OK)
            return zlib_fail("initialisation", rc, &c->z, err);
        c->z_ready = true;
        buf_init(&c->out, 64 * 1024);
    }
    if (c->threads > 1 && !c->pool_ready)
        pool_start(c);
    c->check = check_start(c->container);
    c->total_length = 0;
    c->tail_length = 0;
    c->piece_length = 0;
    unsigned char header[16];
    size_t length;
    put_header(c, header, &length);
    return zlib_output(c, header, length, err);
}

static int
zlib_write(struct compressor *c, const void *bytes, size_t length,
           struct dg_error *err)
{
    const unsigned char *data = bytes;
    if (!c->pool_ready || c->started == 0) {
        struct zjob job = {.length = length, .output = c->out};
        job.rc = deflate_chunk(&c->z, c->tail, c->tail_length, data, length,
                               Z_SYNC_FLUSH, &job.output);
        c->out = job.output;
        job.check = check_of(c->container, data, length);
        remember_tail(c, data, length);
        return emit_chunk(c, &job, err);
    }
    /* the slot of the chunk job_count back must be written out first */
    uint64_t seq = c->next_seq;
    if (seq >= c->job_count && pool_drain(c, seq - c->job_count + 1, err) != 0)
        return -1;
    struct zjob *job = &c->jobs[seq % c->job_count];
    buf_reset(&job->input);
    buf_append(&job->input, c->tail, c->tail_length);
    buf_append(&job->input, data, length);
    job->dict_length = c->tail_length;
    job->length = length;
    job->seq = seq;
    remember_tail(c, data, length);
    pthread_mutex_lock(&c->lock);
    job->state = ZJOB_QUEUED;
    c->next_seq++;
    pthread_cond_signal(&c->work);
    pthread_mutex_unlock(&c->lock);
    /* what is already done goes out now, without waiting */
    return pool_drain(c, 0, err);
}

static int
zlib_finish(struct compressor *c, struct dg_error *err)
{
    if (c->pool_ready && pool_drain(c, UINT64_MAX, err) != 0)
        return -1;
    /* the final, empty block ends the deflate data */
    int rc = deflate_chunk(&c->z, NULL, 0, NULL, 0, Z_FINISH, &c->out);
    if (rc != Z_OK)
        return zlib_fail("deflate", rc, &c->z, err);
    unsigned char trailer[8];
    size_t length = 0;
    uLong check = c->check;
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
    if (zlib_output(c, c->out.data, c->out.len, err) != 0 ||
        zlib_output(c, trailer, length, err) != 0)
        return -1;
    size_t last = c->piece_length;
    c->piece_length = 0;
    return last > 0 ? c->output(c->opaque, c->piece, last, err) : 0;
}

static void
zlib_release(struct compressor *c)
{
    if (c->pool_ready) {
        pool_stop(c);
        for (size_t i = 0; i < c->job_count; i++) {
            buf_release(&c->jobs[i].input);
            buf_release(&c->jobs[i].output);
        }
        free(c->jobs);
        free(c->pool);
        pthread_cond_destroy(&c->done);
        pthread_cond_destroy(&c->work);
        pthread_mutex_destroy(&c->lock);
        c->pool_ready = false;
    }
    if (c->z_ready) {
        deflateEnd(&c->z);
        buf_release(&c->out);
    }
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
    c->threads = thread_count;
    return c;
}

void
compress_set_thread_count(unsigned threads)
{
    thread_count = threads > 0 ? threads : 1;
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
