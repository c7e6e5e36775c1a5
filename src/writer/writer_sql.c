#include "writer/writer.h"

/* The same script as writer_copy (whose preamble, entry and epilogue hooks
 * it reuses, state included) with the rows as INSERT statements, laid out
 * as pg_dump --inserts lays them out: the data header, the statements,
 * then two newlines. */

static int
sql_begin_data(struct writer *w, const struct dump_entry *e,
               struct dg_error *err)
{
    struct buf header;
    buf_init(&header, 256);
    writer_plain_entry_header(&header, e);
    int rc = sink_write(w->sink, header.data, header.len, err);
    buf_release(&header);
    return rc;
}

static int
sql_data(struct writer *w, const char *bytes, size_t length,
         struct dg_error *err)
{
    return sink_write(w->sink, bytes, length, err);
}

static int
sql_end_data(struct writer *w, const struct dump_entry *e, struct dg_error *err)
{
    (void)e;
    return sink_write(w->sink, "\n\n", 2, err);
}

static int
sql_open(struct writer *w, struct dg_error *err)
{
    return writer_copy.open(w, err);
}

static int
sql_entry(struct writer *w, const struct dump_entry *e, struct dg_error *err)
{
    return writer_copy.entry(w, e, err);
}

static int
sql_close(struct writer *w, struct dg_error *err)
{
    return writer_copy.close(w, err);
}

static void
sql_free_state(void *state)
{
    writer_copy.free_state(state);
}

const struct writer_format writer_sql = {
    .name = "sql",
    .description = "psql script with multi-row INSERT statements",
    .rows = WRITER_ROWS_INSERT,
    .open = sql_open,
    .entry = sql_entry,
    .begin_data = sql_begin_data,
    .data = sql_data,
    .end_data = sql_end_data,
    .close = sql_close,
    .free_state = sql_free_state,
};
