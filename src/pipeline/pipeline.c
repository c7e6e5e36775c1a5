#include "pipeline/pipeline.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "encode/encode.h"
#include "io/compress.h"

/*
 * Chunk k of a table is generated into slot k % slot_count. A worker may
 * only start chunk k once the writer has written chunk k - slot_count, so
 * at most slot_count chunk buffers exist, whatever the row count, and the
 * writer always takes chunks in order.
 */

/*
 * Progress is drawn by the thread that writes, after a chunk is written,
 * when its clock says the next draw is due: a terminal gets one line
 * redrawn in place and cleared at the end; anything else (a log file with
 * --progress) gets a line a second and one per finished table.
 */
#define PROGRESS_TERMINAL_PERIOD 0.25
#define PROGRESS_LOG_PERIOD      1.0
/* an automatic display waits this long, so short runs print nothing */
#define PROGRESS_AUTO_DELAY 0.5

struct progress {
    bool on;
    bool terminal;
    FILE *out;
    double start;
    double next_draw;
    bool drawn;          /* a terminal line is showing */
    uint64_t drawn_rows; /* done_rows when last drawn */
    uint64_t total_rows;
    uint64_t done_rows;
    const char *table;
    uint64_t table_rows;
    uint64_t table_done;
};

static double
progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
progress_init(struct progress *p, const struct plan *plan,
              const struct pipeline_options *options)
{
    memset(p, 0, sizeof(*p));
    enum pipeline_progress mode =
        options ? options->progress : PIPELINE_PROGRESS_AUTO;
    p->out = stderr;
    p->terminal = isatty(fileno(stderr)) == 1;
    p->on = mode == PIPELINE_PROGRESS_ON ||
            (mode == PIPELINE_PROGRESS_AUTO && p->terminal);
    if (!p->on)
        return;
    for (size_t i = 0; i < plan->entry_count; i++) {
        const struct dump_entry *e = &plan->entries[i];
        if (e->table && strcmp(e->desc, "TABLE DATA") == 0)
            p->total_rows += e->table->row_count;
    }
    p->start = progress_now();
    p->next_draw =
        p->start + (mode == PIPELINE_PROGRESS_AUTO ? PROGRESS_AUTO_DELAY : 0);
}

static void
progress_draw(struct progress *p, double now)
{
    double elapsed = now - p->start;
    double rate = elapsed > 0 ? (double)p->done_rows / elapsed : 0;
    unsigned percent =
        p->table_rows ? (unsigned)(p->table_done * 100 / p->table_rows) : 100;
    char eta[32] = "";
    if (rate > 0 && p->done_rows < p->total_rows) {
        uint64_t left =
            (uint64_t)((double)(p->total_rows - p->done_rows) / rate + 0.5);
        snprintf(eta, sizeof(eta), ", ETA %" PRIu64 ":%02u:%02u", left / 3600,
                 (unsigned)(left / 60 % 60), (unsigned)(left % 60));
    }
    fprintf(p->out,
            "%sdatagen: %s %" PRIu64 "/%" PRIu64
            " rows (%u%%), %.0f rows/s%s%s",
            p->terminal ? "\r" : "", p->table, p->table_done, p->table_rows,
            percent, rate, eta, p->terminal ? "\033[K" : "\n");
    fflush(p->out);
    p->drawn = p->terminal;
    p->drawn_rows = p->done_rows;
    p->next_draw =
        now + (p->terminal ? PROGRESS_TERMINAL_PERIOD : PROGRESS_LOG_PERIOD);
}

static void
progress_table(struct progress *p, const struct dump_entry *e)
{
    p->table = e->tag;
    p->table_rows = e->table->row_count;
    p->table_done = 0;
}

/* Called by the writing thread after each chunk. */
static void
progress_rows(struct progress *p, uint64_t rows)
{
    if (!p->on)
        return;
    p->done_rows += rows;
    p->table_done += rows;
    double now = progress_now();
    if (now >= p->next_draw)
        progress_draw(p, now);
}

static void
progress_table_done(struct progress *p)
{
    if (p->on && !p->terminal && p->drawn_rows != p->done_rows)
        progress_draw(p, progress_now());
}

static void
progress_end(struct progress *p)
{
    if (p->drawn) {
        fputs("\r\033[K", p->out);
        fflush(p->out);
        p->drawn = false;
    }
}

static uint64_t
chunk_rows(const struct plan_table *t, uint64_t chunk)
{
    uint64_t first = chunk * PIPELINE_CHUNK_ROWS;
    uint64_t left = t->row_count - first;
    return left < PIPELINE_CHUNK_ROWS ? left : PIPELINE_CHUNK_ROWS;
}

enum slot_state { SLOT_FREE, SLOT_FILLING, SLOT_READY };

struct slot {
    enum slot_state state;
    uint64_t chunk;
    struct buf bytes;
};

struct table_job {
    const struct plan_table *table;
    const struct dump_entry *entry;
    enum writer_rows rows;
    uint64_t chunk_count;

    pthread_mutex_t lock;
    pthread_cond_t slot_freed;
    pthread_cond_t chunk_ready;
    uint64_t next_chunk; /* the next chunk a worker will take */
    bool cancelled;
    struct slot *slots;
    size_t slot_count;
};

/* Encodes rows [first, last) of a table; the arena is reset per row because
 * nothing a row generates outlives its encoding. */
static void
encode_chunk(const struct table_job *job, uint64_t chunk, struct arena *arena,
             struct value *values, struct buf *out)
{
    const struct plan_table *t = job->table;
    uint64_t first = chunk * PIPELINE_CHUNK_ROWS;
    uint64_t last = first + PIPELINE_CHUNK_ROWS;
    if (last > t->row_count)
        last = t->row_count;
    buf_reset(out);
    for (uint64_t row = first; row < last; row++) {
        plan_generate_row(t, row, arena, values);
        if (job->rows == WRITER_ROWS_COPY) {
            encode_copy_row(out, values, t->column_count);
        } else {
            uint64_t in_statement = (row - first) % PIPELINE_ROWS_PER_INSERT;
            if (in_statement == 0) {
                buf_puts(out, job->entry->insert_prefix);
                buf_puts(out, "\n\t");
            } else {
                buf_puts(out, ",\n\t");
            }
            encode_sql_tuple(out, values, t->column_count);
            if (in_statement == PIPELINE_ROWS_PER_INSERT - 1 || row + 1 == last)
                buf_puts(out, ";\n");
        }
        arena_reset(arena);
    }
}

static void *
worker_main(void *argument)
{
    struct table_job *job = argument;
    struct arena arena;
    arena_init(&arena, 64 * 1024);
    struct value *values =
        xmalloc((job->table->column_count + 1) * sizeof(*values));

    pthread_mutex_lock(&job->lock);
    for (;;) {
        while (!job->cancelled && job->next_chunk < job->chunk_count &&
               job->slots[job->next_chunk % job->slot_count].state != SLOT_FREE)
            pthread_cond_wait(&job->slot_freed, &job->lock);
        if (job->cancelled || job->next_chunk >= job->chunk_count)
            break;
        uint64_t chunk = job->next_chunk++;
        struct slot *slot = &job->slots[chunk % job->slot_count];
        slot->state = SLOT_FILLING;
        slot->chunk = chunk;
        pthread_mutex_unlock(&job->lock);

        encode_chunk(job, chunk, &arena, values, &slot->bytes);

        pthread_mutex_lock(&job->lock);
        slot->state = SLOT_READY;
        pthread_cond_broadcast(&job->chunk_ready);
    }
    pthread_mutex_unlock(&job->lock);
    free(values);
    arena_release(&arena);
    return NULL;
}

static unsigned
job_count(const struct pipeline_options *options)
{
    if (options && options->jobs > 0)
        return options->jobs;
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (unsigned)online : 1;
}

/* One thread does everything: no locks, and the reference the threaded
 * path must match byte for byte. */
static int
write_table_inline(struct writer *w, struct table_job *job,
                   struct progress *progress, struct dg_error *err)
{
    struct arena arena;
    arena_init(&arena, 64 * 1024);
    struct value *values =
        xmalloc((job->table->column_count + 1) * sizeof(*values));
    struct buf bytes;
    buf_init(&bytes, 256 * 1024);
    int rc = 0;
    for (uint64_t chunk = 0; chunk < job->chunk_count && rc == 0; chunk++) {
        encode_chunk(job, chunk, &arena, values, &bytes);
        rc = w->format->data(w, bytes.data, bytes.len, err);
        progress_rows(progress, chunk_rows(job->table, chunk));
    }
    buf_release(&bytes);
    free(values);
    arena_release(&arena);
    return rc;
}

static int
write_table_threaded(struct writer *w, struct table_job *job, unsigned jobs,
                     struct progress *progress, struct dg_error *err)
{
    pthread_mutex_init(&job->lock, NULL);
    pthread_cond_init(&job->slot_freed, NULL);
    pthread_cond_init(&job->chunk_ready, NULL);
    job->slot_count = (size_t)jobs * 2;
    job->slots = xcalloc(job->slot_count, sizeof(*job->slots));
    for (size_t i = 0; i < job->slot_count; i++)
        buf_init(&job->slots[i].bytes, 256 * 1024);

    pthread_t *threads = xcalloc(jobs, sizeof(*threads));
    unsigned started = 0;
    int rc = 0;
    for (; started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker_main, job) != 0)
            break;
    if (started == 0)
        rc = dg_fail(err, DG_INTERNAL, NULL, "cannot start worker threads");

    for (uint64_t chunk = 0; chunk < job->chunk_count && rc == 0; chunk++) {
        struct slot *slot = &job->slots[chunk % job->slot_count];
        pthread_mutex_lock(&job->lock);
        while (!(slot->state == SLOT_READY && slot->chunk == chunk))
            pthread_cond_wait(&job->chunk_ready, &job->lock);
        pthread_mutex_unlock(&job->lock);

        rc = w->format->data(w, slot->bytes.data, slot->bytes.len, err);

        pthread_mutex_lock(&job->lock);
        slot->state = SLOT_FREE;
        if (rc != 0)
            job->cancelled = true;
        pthread_cond_broadcast(&job->slot_freed);
        pthread_mutex_unlock(&job->lock);
        progress_rows(progress, chunk_rows(job->table, chunk));
    }
    if (rc != 0 || started == 0) {
        pthread_mutex_lock(&job->lock);
        job->cancelled = true;
        pthread_cond_broadcast(&job->slot_freed);
        pthread_mutex_unlock(&job->lock);
    }
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    for (size_t i = 0; i < job->slot_count; i++)
        buf_release(&job->slots[i].bytes);
    free(job->slots);
    pthread_cond_destroy(&job->chunk_ready);
    pthread_cond_destroy(&job->slot_freed);
    pthread_mutex_destroy(&job->lock);
    return rc;
}

static int
write_table_data(struct writer *w, const struct dump_entry *e, unsigned jobs,
                 struct progress *progress, struct dg_error *err)
{
    struct table_job job;
    memset(&job, 0, sizeof(job));
    job.table = e->table;
    job.entry = e;
    job.rows = w->format->rows;
    job.chunk_count =
        (e->table->row_count + PIPELINE_CHUNK_ROWS - 1) / PIPELINE_CHUNK_ROWS;

    if (w->format->begin_data(w, e, err) != 0)
        return -1;
    progress_table(progress, e);
    int rc;
    if (jobs <= 1 || job.chunk_count <= 1)
        rc = write_table_inline(w, &job, progress, err);
    else
        rc = write_table_threaded(
            w, &job, job.chunk_count < jobs ? (unsigned)job.chunk_count : jobs,
            progress, err);
    if (rc != 0)
        return -1;
    progress_table_done(progress);
    return w->format->end_data(w, e, err);
}

int
pipeline_run(const struct plan *plan, const struct writer_format *format,
             const struct writer_options *writer_options, struct sink *sink,
             const struct pipeline_options *options, struct dg_error *err)
{
    struct writer w = {.format = format,
                       .plan = plan,
                       .options = writer_options,
                       .sink = sink};
    unsigned jobs = job_count(options);
    struct progress progress;
    progress_init(&progress, plan, options);
    /* an archive's compressor deflates its chunks on as many threads */
    compress_set_thread_count(jobs);
    int rc = format->open(&w, err);
    for (size_t i = 0; i < plan->entry_count && rc == 0; i++) {
        const struct dump_entry *e = &plan->entries[i];
        if (e->table && strcmp(e->desc, "TABLE DATA") == 0)
            rc = write_table_data(&w, e, jobs, &progress, err);
        else
            rc = format->entry(&w, e, err);
    }
    if (rc == 0)
        rc = format->close(&w, err);
    progress_end(&progress);
    if (format->free_state && w.state)
        format->free_state(w.state);
    return rc;
}
