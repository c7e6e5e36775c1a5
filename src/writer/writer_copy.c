#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "writer/writer.h"

/* What pg_restore remembers between entries in a script: it prints SET
 * default_tablespace / default_table_access_method only when an entry asks
 * for a value different from the last one printed. */
struct plain_state {
    struct buf out;
    const char *tablespace; /* NULL until one was set */
    const char *table_am;
};

static const struct dump_entry *
find_entry(const struct plan *plan, const char *desc)
{
    for (size_t i = 0; i < plan->entry_count; i++)
        if (strcmp(plan->entries[i].desc, desc) == 0)
            return &plan->entries[i];
    return NULL;
}

/* The value between the first pair of single quotes of a SET statement. */
static void
put_quoted_value(struct buf *out, const char *sql, const char *fallback)
{
    const char *open = sql ? strchr(sql, '\'') : NULL;
    const char *close = open ? strchr(open + 1, '\'') : NULL;
    if (close == NULL) {
        buf_puts(out, fallback);
        return;
    }
    buf_append(out, open + 1, (size_t)(close - open - 1));
}

static int
flush_out(struct writer *w, struct dg_error *err)
{
    struct plain_state *state = w->state;
    int rc = sink_write(w->sink, state->out.data, state->out.len, err);
    buf_reset(&state->out);
    return rc;
}

static int
plain_open(struct writer *w, struct dg_error *err)
{
    struct plain_state *state = xcalloc(1, sizeof(*state));
    buf_init(&state->out, 4096);
    w->state = state;

    const struct dump_entry *encoding = find_entry(w->plan, "ENCODING");
    const struct dump_entry *stdstrings = find_entry(w->plan, "STDSTRINGS");
    const struct dump_entry *searchpath = find_entry(w->plan, "SEARCHPATH");
    bool std_strings =
        stdstrings == NULL || strstr(stdstrings->create_sql, "'on'") != NULL;

    struct buf *out = &state->out;
    /* pg_restore's script preamble, with our name where it prints the
     * server and pg_dump versions. */
    buf_puts(out, "--\n-- PostgreSQL database dump\n--\n\n"
                  "-- Dumped by datagen\n\n"
                  "SET statement_timeout = 0;\n"
                  "SET lock_timeout = 0;\n"
                  "SET idle_in_transaction_session_timeout = 0;\n"
                  "SET client_encoding = '");
    put_quoted_value(out, encoding ? encoding->create_sql : NULL, "UTF8");
    buf_puts(out, "';\nSET standard_conforming_strings = ");
    buf_puts(out, std_strings ? "on;\n" : "off;\n");
    if (searchpath)
        buf_puts(out, searchpath->create_sql);
    buf_puts(out, "SET check_function_bodies = false;\n"
                  "SET xmloption = content;\n"
                  "SET client_min_messages = warning;\n");
    if (!std_strings)
        buf_puts(out, "SET escape_string_warning = off;\n");
    buf_puts(out, "SET row_security = off;\n\n");
    return flush_out(w, err);
}

/* The tablespace and table access method pg_dump records for an entry:
 * "" (the default tablespace) for relations that have storage, "heap" for
 * tables; NULL leaves the setting alone. */
static const char *
entry_tablespace(const struct dump_entry *e)
{
    if (strcmp(e->desc, "TABLE") == 0 || strcmp(e->desc, "INDEX") == 0 ||
        strcmp(e->desc, "CONSTRAINT") == 0)
        return "";
    return NULL;
}

static const char *
entry_table_am(const struct dump_entry *e)
{
    return strcmp(e->desc, "TABLE") == 0 ? "heap" : NULL;
}

static void
put_settings(struct plain_state *state, const struct dump_entry *e)
{
    const char *tablespace = entry_tablespace(e);
    if (tablespace && (state->tablespace == NULL ||
                       strcmp(state->tablespace, tablespace) != 0)) {
        buf_puts(&state->out, "SET default_tablespace = '';\n\n");
        state->tablespace = tablespace;
    }
    const char *table_am = entry_table_am(e);
    if (table_am &&
        (state->table_am == NULL || strcmp(state->table_am, table_am) != 0)) {
        buf_puts(&state->out, "SET default_table_access_method = ");
        buf_puts(&state->out, table_am);
        buf_puts(&state->out, ";\n\n");
        state->table_am = table_am;
    }
}

/* The settings entries go into the preamble; DATABASE is printed only by
 * pg_restore -C, which a plain script has no equivalent of. */
static bool
is_preamble_entry(const struct dump_entry *e)
{
    return strcmp(e->desc, "ENCODING") == 0 ||
           strcmp(e->desc, "STDSTRINGS") == 0 ||
           strcmp(e->desc, "SEARCHPATH") == 0 ||
           strcmp(e->desc, "DATABASE") == 0;
}

static int
plain_entry(struct writer *w, const struct dump_entry *e, struct dg_error *err)
{
    struct plain_state *state = w->state;
    if (is_preamble_entry(e))
        return 0;
    put_settings(state, e);
    writer_plain_entry_header(&state->out, e);
    if (e->create_sql && *e->create_sql) {
        buf_puts(&state->out, e->create_sql);
        buf_puts(&state->out, "\n\n");
    }
    return flush_out(w, err);
}

static int
copy_begin_data(struct writer *w, const struct dump_entry *e,
                struct dg_error *err)
{
    struct plain_state *state = w->state;
    writer_plain_entry_header(&state->out, e);
    if (e->copy_stmt)
        buf_puts(&state->out, e->copy_stmt);
    return flush_out(w, err);
}

static int
plain_data(struct writer *w, const char *bytes, size_t length,
           struct dg_error *err)
{
    return sink_write(w->sink, bytes, length, err);
}

static int
copy_end_data(struct writer *w, const struct dump_entry *e,
              struct dg_error *err)
{
    (void)e;
    /* pg_dump ends every COPY block with the terminator and two blank
     * lines; psql needs the terminator in a script. */
    return sink_write(w->sink, "\\.\n\n\n", 5, err);
}

static int
plain_close(struct writer *w, struct dg_error *err)
{
    static const char epilogue[] =
        "--\n-- PostgreSQL database dump complete\n--\n\n";
    return sink_write(w->sink, epilogue, sizeof(epilogue) - 1, err);
}

static void
plain_free_state(void *opaque)
{
    struct plain_state *state = opaque;
    buf_release(&state->out);
    free(state);
}

const struct writer_format writer_copy = {
    .name = "copy",
    .description = "psql script with COPY blocks, like pg_dump's plain format",
    .rows = WRITER_ROWS_COPY,
    .open = plain_open,
    .entry = plain_entry,
    .begin_data = copy_begin_data,
    .data = plain_data,
    .end_data = copy_end_data,
    .close = plain_close,
    .free_state = plain_free_state,
};
