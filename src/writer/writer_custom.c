#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "io/compress.h"
#include "writer/archive.h"
#include "writer/writer.h"

/*
 * The custom format as pg_dump writes it: header, the whole TOC with every
 * data entry's offset "not set", then one block per TABLE DATA in TOC
 * order; at the end, on a seekable output, the TOC is written again over
 * the first copy with each block's position (only the offsets change, so
 * its length stays the same). On a pipe the offsets stay "not set" and
 * pg_restore finds the blocks by reading on, as for pg_dump -Fc | ...
 */

/* A chunk's length is an Int, which pg_restore reads into a C int. */
#define CHUNK_MAX (1u << 30)

struct custom_state {
    struct buf toc;      /* the TOC as written, patched at the end */
    uint64_t toc_offset; /* where it starts in the output */
    size_t *offset_at;   /* per entry: its Offset's position in toc, or
                            SIZE_MAX for entries without data */
    uint64_t *block_at;  /* per entry: where its block starts */
    bool *block_written;
    struct compressor *compressor;
    struct sink *sink;
    struct buf scratch; /* one Int or Offset at a time */
};

static int
write_int(struct custom_state *state, int value, struct dg_error *err)
{
    buf_reset(&state->scratch);
    archive_put_int(&state->scratch, value);
    return sink_write(state->sink, state->scratch.data, state->scratch.len,
                      err);
}

/* Each piece of (compressed) data becomes one length-prefixed chunk; the
 * compressor never hands out an empty one, which would end the block. */
static int
write_chunk(void *opaque, const void *bytes, size_t length,
            struct dg_error *err)
{
    struct custom_state *state = opaque;
    const char *next = bytes;
    while (length > 0) {
        size_t piece = length > CHUNK_MAX ? CHUNK_MAX : length;
        if (write_int(state, (int)piece, err) != 0 ||
            sink_write(state->sink, next, piece, err) != 0)
            return -1;
        next += piece;
        length -= piece;
    }
    return 0;
}

static size_t
entry_index(const struct writer *w, const struct dump_entry *e)
{
    const struct plan *plan = w->plan;
    if (e >= plan->entries && e < plan->entries + plan->entry_count)
        return (size_t)(e - plan->entries);
    for (size_t i = 0; i < plan->entry_count; i++)
        if (plan->entries[i].dump_id == e->dump_id)
            return i;
    return SIZE_MAX;
}

static int
custom_open(struct writer *w, struct dg_error *err)
{
    const struct plan *plan = w->plan;
    struct custom_state *state = xcalloc(1, sizeof(*state));
    w->state = state;
    state->sink = w->sink;
    buf_init(&state->scratch, 16);
    buf_init(&state->toc, 4096);
    size_t count = plan->entry_count;
    state->offset_at = xcalloc(count + 1, sizeof(*state->offset_at));
    state->block_at = xcalloc(count + 1, sizeof(*state->block_at));
    state->block_written = xcalloc(count + 1, sizeof(*state->block_written));
    state->compressor = compress_new(w->options->compression, COMPRESS_ZLIB,
                                     write_chunk, state);
    if (count > INT32_MAX)
        return dg_fail(err, DG_INTERNAL, NULL, "too many dump entries");

    struct buf header;
    buf_init(&header, 256);
    struct archive_header h = {
        .format = ARCHIVE_FORMAT_CUSTOM,
        .compression = w->options->compression,
        .timestamp = w->options->timestamp,
        .database = plan->schema ? plan->schema->database.name : NULL,
        .remote_version = ARCHIVE_REMOTE_VERSION,
        .dump_version = ARCHIVE_DUMP_VERSION,
    };
    archive_put_header(&header, &h);
    int rc = sink_write(w->sink, header.data, header.len, err);
    buf_release(&header);
    if (rc != 0)
        return -1;

    state->toc_offset = sink_offset(w->sink);
    archive_put_int(&state->toc, (int)count);
    for (size_t i = 0; i < count; i++) {
        const struct dump_entry *e = &plan->entries[i];
        archive_put_toc_entry(&state->toc, plan, e);
        bool has_data = archive_entry_has_data(e);
        state->offset_at[i] = has_data ? state->toc.len : SIZE_MAX;
        archive_put_offset(
            &state->toc,
            has_data ? ARCHIVE_OFFSET_POS_NOT_SET : ARCHIVE_OFFSET_NO_DATA, 0);
    }
    return sink_write(w->sink, state->toc.data, state->toc.len, err);
}

static int
custom_entry(struct writer *w, const struct dump_entry *e, struct dg_error *err)
{
    /* everything but the data is in the TOC written by open() */
    (void)w;
    (void)e;
    (void)err;
    return 0;
}

static int
custom_begin_data(struct writer *w, const struct dump_entry *e,
                  struct dg_error *err)
{
    struct custom_state *state = w->state;
    size_t i = entry_index(w, e);
    if (i == SIZE_MAX || state->offset_at[i] == SIZE_MAX ||
        state->block_written[i])
        return dg_fail(err, DG_INTERNAL, NULL,
                       "data for \"%s\" has no place in the archive", e->tag);
    state->block_at[i] = sink_offset(w->sink);
    state->block_written[i] = true;
    unsigned char type = ARCHIVE_BLOCK_DATA;
    if (sink_write(w->sink, &type, 1, err) != 0 ||
        write_int(state, e->dump_id, err) != 0)
        return -1;
    return compress_begin(state->compressor, err);
}

static int
custom_data(struct writer *w, const char *bytes, size_t length,
            struct dg_error *err)
{
    struct custom_state *state = w->state;
    return compress_write(state->compressor, bytes, length, err);
}

static int
custom_data_deflated(struct writer *w, const struct compress_chunk *chunk,
                     const void *tail, size_t tail_length, struct dg_error *err)
{
    struct custom_state *state = w->state;
    return compress_write_deflated(state->compressor, chunk, tail, tail_length,
                                   err);
}

static int
custom_end_data(struct writer *w, const struct dump_entry *e,
                struct dg_error *err)
{
    (void)e;
    struct custom_state *state = w->state;
    /* The terminator is part of the data, inside the same stream: one
     * stream per block, nothing after it but the end-of-block Int. */
    if (compress_write(state->compressor, ARCHIVE_COPY_END,
                       ARCHIVE_COPY_END_LENGTH, err) != 0 ||
        compress_finish(state->compressor, err) != 0)
        return -1;
    return write_int(state, 0, err);
}

static int
custom_close(struct writer *w, struct dg_error *err)
{
    struct custom_state *state = w->state;
    const struct plan *plan = w->plan;
    for (size_t i = 0; i < plan->entry_count; i++)
        if (state->offset_at[i] != SIZE_MAX && !state->block_written[i])
            return dg_fail(err, DG_INTERNAL, NULL,
                           "no data was written for \"%s\"",
                           plan->entries[i].tag);
    if (!sink_is_seekable(w->sink))
        return 0;
    for (size_t i = 0; i < plan->entry_count; i++) {
        if (state->offset_at[i] == SIZE_MAX)
            continue;
        buf_reset(&state->scratch);
        archive_put_offset(&state->scratch, ARCHIVE_OFFSET_POS_SET,
                           state->block_at[i]);
        memcpy(state->toc.data + state->offset_at[i], state->scratch.data,
               state->scratch.len);
    }
    return sink_rewrite(w->sink, state->toc_offset, state->toc.data,
                        state->toc.len, err);
}

static void
custom_free_state(void *opaque)
{
    struct custom_state *state = opaque;
    buf_release(&state->toc);
    buf_release(&state->scratch);
    free(state->offset_at);
    free(state->block_at);
    free(state->block_written);
    compress_free(state->compressor);
    free(state);
}

const struct writer_format writer_custom = {
    .name = "custom",
    .description = "pg_dump custom-format archive for pg_restore (-Fc)",
    .rows = WRITER_ROWS_COPY,
    .compressible = true,
    .container = COMPRESS_ZLIB,
    .open = custom_open,
    .entry = custom_entry,
    .begin_data = custom_begin_data,
    .data = custom_data,
    .data_deflated = custom_data_deflated,
    .end_data = custom_end_data,
    .close = custom_close,
    .free_state = custom_free_state,
};
