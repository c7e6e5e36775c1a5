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
 * Every table's rows are cut into chunks, and the chunks of all tables are
 * numbered in dump order: one sequence, so workers run on into the next
 * table while the writer is still on this one. Chunk number g is made in
 * slot g % slot_count, and a worker may only start it once the writer has
 * written chunk g - slot_count: at most slot_count chunk buffers exist,
 * whatever the row counts, and the writer always takes chunks in order.
 *
 * When the writer's streams are compressed, the worker that generated a
 * chunk also deflates it (compress_deflate_chunk), with the stream's last
 * 32 KiB before the chunk as the dictionary. That dictionary is the "tail"
 * the previous chunk's worker leaves in its slot as soon as its rows exist
 * (before deflating them); the writer keeps a slot until the next chunk of
 * the same table has copied the tail out.
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

/* One TABLE DATA entry, its chunks numbered from first_chunk on. */
struct data_table {
    const struct dump_entry *entry;
    uint64_t rows_per_chunk;
    uint64_t first_chunk;
    uint64_t chunk_count;
};

enum slot_state { SLOT_FREE, SLOT_FILLING, SLOT_READY };

struct slot {
    enum slot_state state;
    uint64_t chunk; /* in the run's sequence */
    size_t table;   /* index into run.tables */
    struct buf rows;
    struct compress_chunk deflated;
    /* the table's stream up to and including this chunk, its last bytes:
     * the next chunk's dictionary */
    unsigned char tail[COMPRESS_WINDOW];
    size_t tail_length;
    bool tail_ready;
    bool tail_taken;
    int rc;
    struct dg_error err;
};

struct run {
    const struct plan *plan;
    enum writer_rows rows;
    int level; /* > 0: workers deflate for container */
    enum compress_container container;
    size_t max_columns;
    struct data_table *tables;
    size_t table_count;
    uint64_t chunk_total;

    pthread_mutex_t lock;
    pthread_cond_t changed; /* any slot's state, tail or the cancel flag */
    uint64_t next_chunk;    /* the next chunk a worker takes */
    size_t next_table;      /* the table next_chunk belongs to */
    bool cancelled;
    struct slot *slots;
    size_t slot_count;
};

/* What one thread needs to make chunks. */
struct maker {
    struct arena arena;
    struct value *values;
    struct chunk_deflater *deflater; /* NULL without compression */
    unsigned char dict[COMPRESS_WINDOW];
    size_t dict_length;
};

static uint64_t
chunk_rows(const struct data_table *dt, uint64_t chunk)
{
    uint64_t first = chunk * dt->rows_per_chunk;
    uint64_t left = dt->entry->table->row_count - first;
    return left < dt->rows_per_chunk ? left : dt->rows_per_chunk;
}

static void
maker_init(struct maker *m, const struct run *run)
{
    arena_init(&m->arena, 64 * 1024);
    m->values = xmalloc((run->max_columns + 1) * sizeof(*m->values));
    m->deflater = run->level > 0
                      ? compress_deflater_new(run->level, run->container)
                      : NULL;
    m->dict_length = 0;
}

static void
maker_release(struct maker *m)
{
    compress_deflater_free(m->deflater);
    free(m->values);
    arena_release(&m->arena);
}

/* Encodes chunk `chunk` (of its table) into out; the arena is reset per row
 * because nothing a row generates outlives its encoding. */
static void
encode_chunk(const struct run *run, const struct data_table *dt, uint64_t chunk,
             struct maker *m, struct buf *out)
{
    const struct dump_entry *e = dt->entry;
    const struct plan_table *t = e->table;
    uint64_t first = chunk * dt->rows_per_chunk;
    uint64_t last = first + chunk_rows(dt, chunk);
    buf_reset(out);
    for (uint64_t row = first; row < last; row++) {
        plan_generate_row(t, row, &m->arena, m->values);
        if (run->rows == WRITER_ROWS_COPY) {
            encode_copy_row(out, m->values, t->column_count);
        } else {
            uint64_t in_statement = (row - first) % PIPELINE_ROWS_PER_INSERT;
            if (in_statement == 0) {
                buf_puts(out, e->insert_prefix);
                buf_puts(out, "\n\t");
            } else {
                buf_puts(out, ",\n\t");
            }
            encode_sql_tuple(out, m->values, t->column_count);
            if (in_statement == PIPELINE_ROWS_PER_INSERT - 1 || row + 1 == last)
                buf_puts(out, ";\n");
        }
        arena_reset(&m->arena);
    }
}

/* The stream's last bytes after rows: the end of dict, then rows. */
static void
next_tail(const unsigned char *dict, size_t dict_length, const struct buf *rows,
          unsigned char *tail, size_t *tail_length)
{
    size_t from_rows =
        rows->len < COMPRESS_WINDOW ? rows->len : COMPRESS_WINDOW;
    size_t from_dict = COMPRESS_WINDOW - from_rows;
    if (from_dict > dict_length)
        from_dict = dict_length;
    memmove(tail, dict + dict_length - from_dict, from_dict);
    memcpy(tail + from_dict, rows->data + rows->len - from_rows, from_rows);
    *tail_length = from_dict + from_rows;
}

static const unsigned char *
rows_tail(const struct buf *rows, size_t *length)
{
    *length = rows->len < COMPRESS_WINDOW ? rows->len : COMPRESS_WINDOW;
    return (const unsigned char *)rows->data + rows->len - *length;
}

/* Hands a made chunk to the writer: deflated or as it is. */
static int
write_chunk(struct writer *w, const struct buf *rows,
            const struct compress_chunk *deflated, bool deflating,
            struct dg_error *err)
{
    if (!deflating)
        return w->format->data(w, rows->data, rows->len, err);
    size_t tail_length;
    const unsigned char *tail = rows_tail(rows, &tail_length);
    return w->format->data_deflated(w, deflated, tail, tail_length, err);
}

/* ---- one thread --------------------------------------------------------- */

/* One thread does everything: no locks, and the reference the threaded
 * path must match byte for byte. */
static int
write_table_inline(struct writer *w, const struct run *run,
                   const struct data_table *dt, struct maker *m,
                   struct buf *rows, struct compress_chunk *deflated,
                   struct progress *progress, struct dg_error *err)
{
    m->dict_length = 0;
    int rc = 0;
    for (uint64_t chunk = 0; chunk < dt->chunk_count && rc == 0; chunk++) {
        encode_chunk(run, dt, chunk, m, rows);
        if (m->deflater) {
            rc = compress_deflate_chunk(m->deflater, m->dict, m->dict_length,
                                        rows->data, rows->len, deflated, err);
            next_tail(m->dict, m->dict_length, rows, m->dict, &m->dict_length);
        }
        if (rc == 0)
            rc = write_chunk(w, rows, deflated, m->deflater != NULL, err);
        progress_rows(progress, chunk_rows(dt, chunk));
    }
    return rc;
}

/* ---- a pool of workers -------------------------------------------------- */

static struct slot *
slot_of(const struct run *run, uint64_t chunk)
{
    return &run->slots[chunk % run->slot_count];
}

/* Makes the chunk in slot s (the caller holds no lock); false when the run
 * was cancelled while it waited for the previous chunk's tail. */
static bool
make_chunk(struct run *run, struct slot *s, struct maker *m)
{
    const struct data_table *dt = &run->tables[s->table];
    uint64_t chunk = s->chunk - dt->first_chunk;
    encode_chunk(run, dt, chunk, m, &s->rows);
    if (m->deflater == NULL)
        return true;

    m->dict_length = 0;
    if (chunk > 0) {
        struct slot *before = slot_of(run, s->chunk - 1);
        pthread_mutex_lock(&run->lock);
        while (!run->cancelled && !before->tail_ready)
            pthread_cond_wait(&run->changed, &run->lock);
        bool cancelled = run->cancelled;
        pthread_mutex_unlock(&run->lock);
        if (cancelled)
            return false;
        /* the writer keeps that slot until tail_taken is set below */
        memcpy(m->dict, before->tail, before->tail_length);
        m->dict_length = before->tail_length;
        pthread_mutex_lock(&run->lock);
        before->tail_taken = true;
        pthread_cond_broadcast(&run->changed);
        pthread_mutex_unlock(&run->lock);
    }
    next_tail(m->dict, m->dict_length, &s->rows, s->tail, &s->tail_length);
    pthread_mutex_lock(&run->lock);
    s->tail_ready = true;
    pthread_cond_broadcast(&run->changed);
    pthread_mutex_unlock(&run->lock);

    dg_error_init(&s->err);
    s->rc = compress_deflate_chunk(m->deflater, m->dict, m->dict_length,
                                   s->rows.data, s->rows.len, &s->deflated,
                                   &s->err);
    return true;
}

static void *
worker_main(void *argument)
{
    struct run *run = argument;
    struct maker m;
    maker_init(&m, run);
    pthread_mutex_lock(&run->lock);
    for (;;) {
        while (!run->cancelled && run->next_chunk < run->chunk_total &&
               slot_of(run, run->next_chunk)->state != SLOT_FREE)
            pthread_cond_wait(&run->changed, &run->lock);
        if (run->cancelled || run->next_chunk >= run->chunk_total)
            break;
        uint64_t chunk = run->next_chunk++;
        while (chunk >= run->tables[run->next_table].first_chunk +
                            run->tables[run->next_table].chunk_count)
            run->next_table++;
        struct slot *s = slot_of(run, chunk);
        s->state = SLOT_FILLING;
        s->chunk = chunk;
        s->table = run->next_table;
        s->tail_ready = false;
        s->tail_taken = false;
        s->rc = 0;
        pthread_mutex_unlock(&run->lock);

        bool made = make_chunk(run, s, &m);

        pthread_mutex_lock(&run->lock);
        if (!made)
            break;
        s->state = SLOT_READY;
        pthread_cond_broadcast(&run->changed);
    }
    pthread_mutex_unlock(&run->lock);
    maker_release(&m);
    return NULL;
}

/* Writes one table's chunks as the workers finish them. */
static int
write_table_pooled(struct writer *w, struct run *run, size_t table,
                   struct progress *progress, struct dg_error *err)
{
    const struct data_table *dt = &run->tables[table];
    int rc = 0;
    for (uint64_t i = 0; i < dt->chunk_count && rc == 0; i++) {
        uint64_t chunk = dt->first_chunk + i;
        struct slot *s = slot_of(run, chunk);
        pthread_mutex_lock(&run->lock);
        while (!(s->state == SLOT_READY && s->chunk == chunk))
            pthread_cond_wait(&run->changed, &run->lock);
        pthread_mutex_unlock(&run->lock);

        if (s->rc != 0) {
            *err = s->err;
            rc = -1;
        } else {
            rc = write_chunk(w, &s->rows, &s->deflated, run->level > 0, err);
        }

        /* the next chunk of this table still needs this one's tail */
        bool keep_tail = run->level > 0 && i + 1 < dt->chunk_count;
        pthread_mutex_lock(&run->lock);
        while (rc == 0 && keep_tail && !s->tail_taken)
            pthread_cond_wait(&run->changed, &run->lock);
        s->state = SLOT_FREE;
        pthread_cond_broadcast(&run->changed);
        pthread_mutex_unlock(&run->lock);
        progress_rows(progress, chunk_rows(dt, i));
    }
    return rc;
}

/* ---- the run ------------------------------------------------------------ */

static unsigned
job_count(const struct pipeline_options *options)
{
    if (options && options->jobs > 0)
        return options->jobs;
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (unsigned)online : 1;
}

/* Rows per chunk for about PIPELINE_CHUNK_BYTES of COPY text, from the
 * table's first rows: a pure function of the plan, like the rows. */
static uint64_t
copy_rows_per_chunk(const struct run *run, struct data_table *dt,
                    struct maker *m, struct buf *sample)
{
    enum { SAMPLE_ROWS = 64 };
    dt->rows_per_chunk = SAMPLE_ROWS;
    encode_chunk(run, dt, 0, m, sample);
    uint64_t rows = chunk_rows(dt, 0);
    if (rows == 0 || sample->len == 0)
        return PIPELINE_CHUNK_ROWS_MAX;
    uint64_t per_row = (sample->len + rows - 1) / rows;
    uint64_t chunk = PIPELINE_CHUNK_BYTES / per_row;
    chunk -= chunk % PIPELINE_CHUNK_ROWS;
    if (chunk < PIPELINE_CHUNK_ROWS)
        return PIPELINE_CHUNK_ROWS;
    return chunk > PIPELINE_CHUNK_ROWS_MAX ? PIPELINE_CHUNK_ROWS_MAX : chunk;
}

static void
run_init(struct run *run, const struct plan *plan,
         const struct writer_format *format,
         const struct writer_options *writer_options)
{
    memset(run, 0, sizeof(*run));
    run->plan = plan;
    run->rows = format->rows;
    bool deflating = format->compressible && format->data_deflated &&
                     writer_options->compression > 0;
    run->level = deflating ? writer_options->compression : 0;
    run->container = format->container;
    run->tables = xcalloc(plan->entry_count + 1, sizeof(*run->tables));
    for (size_t i = 0; i < plan->entry_count; i++) {
        const struct dump_entry *e = &plan->entries[i];
        if (!e->table || strcmp(e->desc, "TABLE DATA") != 0)
            continue;
        struct data_table *dt = &run->tables[run->table_count++];
        dt->entry = e;
        if (e->table->column_count > run->max_columns)
            run->max_columns = e->table->column_count;
    }
    struct maker m;
    maker_init(&m, run);
    struct buf sample;
    buf_init(&sample, 64 * 1024);
    for (size_t i = 0; i < run->table_count; i++) {
        struct data_table *dt = &run->tables[i];
        dt->rows_per_chunk = run->rows == WRITER_ROWS_COPY
                                 ? copy_rows_per_chunk(run, dt, &m, &sample)
                                 : PIPELINE_CHUNK_ROWS;
        dt->first_chunk = run->chunk_total;
        dt->chunk_count =
            (dt->entry->table->row_count + dt->rows_per_chunk - 1) /
            dt->rows_per_chunk;
        run->chunk_total += dt->chunk_count;
    }
    buf_release(&sample);
    maker_release(&m);
}

/* Walks the entries; TABLE DATA comes from write_data(table index). */
static int
walk_entries(struct writer *w, struct run *run, struct progress *progress,
             int (*write_data)(struct writer *, struct run *, size_t,
                               struct progress *, void *, struct dg_error *),
             void *context, struct dg_error *err)
{
    const struct plan *plan = run->plan;
    size_t table = 0;
    int rc = 0;
    for (size_t i = 0; i < plan->entry_count && rc == 0; i++) {
        const struct dump_entry *e = &plan->entries[i];
        if (table < run->table_count && run->tables[table].entry == e) {
            rc = w->format->begin_data(w, e, err);
            if (rc == 0) {
                progress_table(progress, e);
                rc = write_data(w, run, table, progress, context, err);
            }
            if (rc == 0) {
                progress_table_done(progress);
                rc = w->format->end_data(w, e, err);
            }
            table++;
        } else {
            rc = w->format->entry(w, e, err);
        }
    }
    return rc;
}

struct inline_context {
    struct maker maker;
    struct buf rows;
    struct compress_chunk deflated;
};

static int
inline_data(struct writer *w, struct run *run, size_t table,
            struct progress *progress, void *context, struct dg_error *err)
{
    struct inline_context *c = context;
    return write_table_inline(w, run, &run->tables[table], &c->maker, &c->rows,
                              &c->deflated, progress, err);
}

static int
run_inline(struct writer *w, struct run *run, struct progress *progress,
           struct dg_error *err)
{
    struct inline_context c;
    maker_init(&c.maker, run);
    buf_init(&c.rows, 256 * 1024);
    buf_init(&c.deflated.deflated, 64 * 1024);
    int rc = walk_entries(w, run, progress, inline_data, &c, err);
    buf_release(&c.deflated.deflated);
    buf_release(&c.rows);
    maker_release(&c.maker);
    return rc;
}

static int
pooled_data(struct writer *w, struct run *run, size_t table,
            struct progress *progress, void *context, struct dg_error *err)
{
    (void)context;
    return write_table_pooled(w, run, table, progress, err);
}

static int
run_pooled(struct writer *w, struct run *run, unsigned jobs,
           struct progress *progress, struct dg_error *err)
{
    pthread_mutex_init(&run->lock, NULL);
    pthread_cond_init(&run->changed, NULL);
    run->slot_count = (size_t)jobs * 2;
    run->slots = xcalloc(run->slot_count, sizeof(*run->slots));
    for (size_t i = 0; i < run->slot_count; i++) {
        buf_init(&run->slots[i].rows, 256 * 1024);
        buf_init(&run->slots[i].deflated.deflated, 64 * 1024);
    }

    pthread_t *threads = xcalloc(jobs, sizeof(*threads));
    unsigned started = 0;
    for (; started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker_main, run) != 0)
            break;
    int rc =
        started == 0
            ? dg_fail(err, DG_INTERNAL, NULL, "cannot start worker threads")
            : walk_entries(w, run, progress, pooled_data, NULL, err);

    pthread_mutex_lock(&run->lock);
    run->cancelled = true;
    pthread_cond_broadcast(&run->changed);
    pthread_mutex_unlock(&run->lock);
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    for (size_t i = 0; i < run->slot_count; i++) {
        buf_release(&run->slots[i].rows);
        buf_release(&run->slots[i].deflated.deflated);
    }
    free(run->slots);
    pthread_cond_destroy(&run->changed);
    pthread_mutex_destroy(&run->lock);
    return rc;
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
    struct run run;
    run_init(&run, plan, format, writer_options);
    if (jobs > run.chunk_total)
        jobs = run.chunk_total > 0 ? (unsigned)run.chunk_total : 1;
    struct progress progress;
    progress_init(&progress, plan, options);
    int rc = format->open(&w, err);
    if (rc == 0)
        rc = jobs <= 1 ? run_inline(&w, &run, &progress, err)
                       : run_pooled(&w, &run, jobs, &progress, err);
    if (rc == 0)
        rc = format->close(&w, err);
    progress_end(&progress);
    if (format->free_state && w.state)
        format->free_state(w.state);
    free(run.tables);
    return rc;
}
