#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "harness.h"
#include "io/sink.h"
#include "plan/plan.h"
#include "writer/writer.h"

static struct dump_entry
entry(const char *desc, const char *tag, enum dump_section section,
      const char *create_sql)
{
    struct dump_entry e;
    memset(&e, 0, sizeof(e));
    e.desc = desc;
    e.tag = tag;
    e.namespace = "public";
    e.owner = "";
    e.section = section;
    e.create_sql = create_sql;
    return e;
}

/* A hand-made list: settings, an extension, a table, its data, a
 * sequence, an index and a constraint. */
static void
make_plan(struct plan *plan, struct dump_entry *entries, bool std_strings)
{
    memset(plan, 0, sizeof(*plan));
    size_t n = 0;
    entries[n] = entry("ENCODING", "ENCODING", SECTION_PRE_DATA,
                       "SET client_encoding = 'LATIN1';\n");
    entries[n].namespace = entries[n].owner = NULL;
    n++;
    entries[n] =
        entry("STDSTRINGS", "STDSTRINGS", SECTION_PRE_DATA,
              std_strings ? "SET standard_conforming_strings = 'on';\n"
                          : "SET standard_conforming_strings = 'off';\n");
    entries[n].namespace = entries[n].owner = NULL;
    n++;
    entries[n] =
        entry("SEARCHPATH", "SEARCHPATH", SECTION_PRE_DATA,
              "SELECT pg_catalog.set_config('search_path', '', false);\n");
    entries[n].namespace = entries[n].owner = NULL;
    n++;
    entries[n] = entry("EXTENSION", "uuid-ossp", SECTION_PRE_DATA,
                       "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH "
                       "SCHEMA public;\n");
    entries[n].namespace = entries[n].owner = NULL;
    n++;
    entries[n++] = entry("TABLE", "order", SECTION_PRE_DATA,
                         "CREATE TABLE public.\"order\" (\n"
                         "    id integer NOT NULL\n"
                         ");\n");
    entries[n++] = entry("TABLE", "two\nlines", SECTION_PRE_DATA,
                         "CREATE TABLE public.\"two\nlines\" (\n"
                         "    x integer\n"
                         ");\n");
    entries[n] = entry("TABLE DATA", "order", SECTION_DATA, "");
    entries[n].copy_stmt = "COPY public.\"order\" (id) FROM stdin;\n";
    entries[n].insert_prefix = "INSERT INTO public.\"order\" (id) VALUES";
    n++;
    entries[n] = entry("TABLE DATA", "two\nlines", SECTION_DATA, "");
    entries[n].copy_stmt = "COPY public.\"two\nlines\" (x) FROM stdin;\n";
    n++;
    entries[n++] =
        entry("SEQUENCE SET", "order_id_seq", SECTION_DATA,
              "SELECT pg_catalog.setval('public.order_id_seq', 2, true);\n");
    entries[n++] = entry("INDEX", "order_id_idx", SECTION_POST_DATA,
                         "CREATE INDEX order_id_idx ON public.\"order\" USING "
                         "btree (id);\n");
    entries[n++] = entry("CONSTRAINT", "order order_pkey", SECTION_POST_DATA,
                         "ALTER TABLE ONLY public.\"order\"\n"
                         "    ADD CONSTRAINT order_pkey PRIMARY KEY (id);\n");
    for (size_t i = 0; i < n; i++)
        entries[i].dump_id = (int)i + 1;
    plan->entries = entries;
    plan->entry_count = n;
}

static char *
read_all(const char *path)
{
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        return NULL;
    struct buf b;
    buf_init(&b, 4096);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
        buf_append(&b, chunk, n);
    fclose(in);
    char *text = buf_detach(&b);
    buf_release(&b);
    return text;
}

/* Drives a format the way the pipeline does; rows[i] is the data of the
 * i-th TABLE DATA entry. */
static char *
run(const struct writer_format *format, const struct plan *plan,
    const char *const *rows)
{
    char path[] = "/tmp/test_writer_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    close(fd);
    struct dg_error err;
    dg_error_init(&err);
    struct sink *sink;
    if (sink_open(&sink, path, &err) != 0)
        return NULL;
    struct writer w = {.format = format, .plan = plan, .sink = sink};
    int rc = format->open(&w, &err);
    size_t data_index = 0;
    for (size_t i = 0; i < plan->entry_count && rc == 0; i++) {
        const struct dump_entry *e = &plan->entries[i];
        if (strcmp(e->desc, "TABLE DATA") != 0) {
            rc = format->entry(&w, e, &err);
            continue;
        }
        const char *data = rows[data_index++];
        rc = format->begin_data(&w, e, &err);
        if (rc == 0 && *data)
            rc = format->data(&w, data, strlen(data), &err);
        if (rc == 0)
            rc = format->end_data(&w, e, &err);
    }
    if (rc == 0)
        rc = format->close(&w, &err);
    if (format->free_state && w.state)
        format->free_state(w.state);
    if (rc != 0 || sink_finish(sink, &err) != 0) {
        unlink(path);
        return NULL;
    }
    char *text = read_all(path);
    unlink(path);
    return text;
}

#define PREAMBLE                                                               \
    "--\n"                                                                     \
    "-- PostgreSQL database dump\n"                                            \
    "--\n"                                                                     \
    "\n"                                                                       \
    "-- Dumped by datagen\n"                                                   \
    "\n"                                                                       \
    "SET statement_timeout = 0;\n"                                             \
    "SET lock_timeout = 0;\n"                                                  \
    "SET idle_in_transaction_session_timeout = 0;\n"                           \
    "SET client_encoding = 'LATIN1';\n"                                        \
    "SET standard_conforming_strings = on;\n"                                  \
    "SELECT pg_catalog.set_config('search_path', '', false);\n"                \
    "SET check_function_bodies = false;\n"                                     \
    "SET xmloption = content;\n"                                               \
    "SET client_min_messages = warning;\n"                                     \
    "SET row_security = off;\n"                                                \
    "\n"

#define SCHEMA_PART                                                            \
    "--\n"                                                                     \
    "-- Name: uuid-ossp; Type: EXTENSION; Schema: -; Owner: -\n"               \
    "--\n"                                                                     \
    "\n"                                                                       \
    "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA public;\n"       \
    "\n"                                                                       \
    "\n"                                                                       \
    "SET default_tablespace = '';\n"                                           \
    "\n"                                                                       \
    "SET default_table_access_method = heap;\n"                                \
    "\n"                                                                       \
    "--\n"                                                                     \
    "-- Name: order; Type: TABLE; Schema: public; Owner: -\n"                  \
    "--\n"                                                                     \
    "\n"                                                                       \
    "CREATE TABLE public.\"order\" (\n"                                        \
    "    id integer NOT NULL\n"                                                \
    ");\n"                                                                     \
    "\n"                                                                       \
    "\n"                                                                       \
    "--\n"                                                                     \
    "-- Name: two lines; Type: TABLE; Schema: public; Owner: -\n"              \
    "--\n"                                                                     \
    "\n"                                                                       \
    "CREATE TABLE public.\"two\n"                                              \
    "lines\" (\n"                                                              \
    "    x integer\n"                                                          \
    ");\n"                                                                     \
    "\n"                                                                       \
    "\n"

#define POST_PART                                                              \
    "--\n"                                                                     \
    "-- Name: order_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -\n"    \
    "--\n"                                                                     \
    "\n"                                                                       \
    "SELECT pg_catalog.setval('public.order_id_seq', 2, true);\n"              \
    "\n"                                                                       \
    "\n"                                                                       \
    "--\n"                                                                     \
    "-- Name: order_id_idx; Type: INDEX; Schema: public; Owner: -\n"           \
    "--\n"                                                                     \
    "\n"                                                                       \
    "CREATE INDEX order_id_idx ON public.\"order\" USING btree (id);\n"        \
    "\n"                                                                       \
    "\n"                                                                       \
    "--\n"                                                                     \
    "-- Name: order order_pkey; Type: CONSTRAINT; Schema: public; Owner: -\n"  \
    "--\n"                                                                     \
    "\n"                                                                       \
    "ALTER TABLE ONLY public.\"order\"\n"                                      \
    "    ADD CONSTRAINT order_pkey PRIMARY KEY (id);\n"                        \
    "\n"                                                                       \
    "\n"                                                                       \
    "--\n"                                                                     \
    "-- PostgreSQL database dump complete\n"                                   \
    "--\n"                                                                     \
    "\n"

static void
test_copy_writer(void)
{
    struct plan plan;
    struct dump_entry entries[16];
    make_plan(&plan, entries, true);
    static const char *const rows[] = {"1\n2\n", ""};
    char *text = run(&writer_copy, &plan, rows);
    CHECK_STR_EQ(text, PREAMBLE SCHEMA_PART
                 "--\n"
                 "-- Data for Name: order; Type: TABLE DATA; Schema: public; "
                 "Owner: -\n"
                 "--\n"
                 "\n"
                 "COPY public.\"order\" (id) FROM stdin;\n"
                 "1\n"
                 "2\n"
                 "\\.\n"
                 "\n"
                 "\n"
                 "--\n"
                 "-- Data for Name: two lines; Type: TABLE DATA; Schema: "
                 "public; Owner: -\n"
                 "--\n"
                 "\n"
                 "COPY public.\"two\n"
                 "lines\" (x) FROM stdin;\n"
                 "\\.\n"
                 "\n"
                 "\n" POST_PART);
    free(text);
}

static void
test_sql_writer(void)
{
    struct plan plan;
    struct dump_entry entries[16];
    make_plan(&plan, entries, true);
    static const char *const rows[] = {
        "INSERT INTO public.\"order\" (id) VALUES\n\t(1),\n\t(2);\n", ""};
    CHECK_INT_EQ(writer_sql.rows, WRITER_ROWS_INSERT);
    CHECK_INT_EQ(writer_copy.rows, WRITER_ROWS_COPY);
    char *text = run(&writer_sql, &plan, rows);
    CHECK_STR_EQ(text, PREAMBLE SCHEMA_PART
                 "--\n"
                 "-- Data for Name: order; Type: TABLE DATA; Schema: public; "
                 "Owner: -\n"
                 "--\n"
                 "\n"
                 "INSERT INTO public.\"order\" (id) VALUES\n"
                 "\t(1),\n"
                 "\t(2);\n"
                 "\n"
                 "\n"
                 "--\n"
                 "-- Data for Name: two lines; Type: TABLE DATA; Schema: "
                 "public; Owner: -\n"
                 "--\n"
                 "\n"
                 "\n"
                 "\n" POST_PART);
    free(text);
}

/* With standard_conforming_strings off pg_restore also turns off the
 * escape string warnings. */
static void
test_preamble_without_std_strings(void)
{
    struct plan plan;
    struct dump_entry entries[16];
    make_plan(&plan, entries, false);
    plan.entry_count = 3;
    static const char *const rows[] = {NULL};
    char *text = run(&writer_copy, &plan, rows);
    CHECK_STR_EQ(text, "--\n"
                       "-- PostgreSQL database dump\n"
                       "--\n"
                       "\n"
                       "-- Dumped by datagen\n"
                       "\n"
                       "SET statement_timeout = 0;\n"
                       "SET lock_timeout = 0;\n"
                       "SET idle_in_transaction_session_timeout = 0;\n"
                       "SET client_encoding = 'LATIN1';\n"
                       "SET standard_conforming_strings = off;\n"
                       "SELECT pg_catalog.set_config('search_path', '', "
                       "false);\n"
                       "SET check_function_bodies = false;\n"
                       "SET xmloption = content;\n"
                       "SET client_min_messages = warning;\n"
                       "SET escape_string_warning = off;\n"
                       "SET row_security = off;\n"
                       "\n"
                       "--\n"
                       "-- PostgreSQL database dump complete\n"
                       "--\n"
                       "\n");
    free(text);
}

static void
test_entry_header(void)
{
    struct buf b;
    buf_init(&b, 64);
    struct dump_entry e =
        entry("COMMENT", "COLUMN \"order\".\"Note\"", SECTION_NONE, "");
    writer_plain_entry_header(&b, &e);
    CHECK_STR_EQ(b.data, "--\n-- Name: COLUMN \"order\".\"Note\"; Type: "
                         "COMMENT; Schema: public; Owner: -\n--\n\n");
    buf_reset(&b);
    e = entry("TABLE DATA", "a\rb", SECTION_DATA, "");
    e.namespace = NULL;
    e.owner = "someone";
    writer_plain_entry_header(&b, &e);
    CHECK_STR_EQ(b.data, "--\n-- Data for Name: a b; Type: TABLE DATA; "
                         "Schema: -; Owner: someone\n--\n\n");
    buf_release(&b);
}

static void
test_find(void)
{
    CHECK(writer_find("copy") == &writer_copy);
    CHECK(writer_find("sql") == &writer_sql);
    CHECK(writer_find("custom") == &writer_custom);
    CHECK(writer_find("directory") == &writer_directory);
    CHECK(writer_find("tar") == NULL);
    CHECK(writer_find(NULL) == NULL);
    CHECK_STR_EQ(writer_format_names[0], "copy");
    CHECK_STR_EQ(writer_format_names[1], "sql");
    CHECK_STR_EQ(writer_format_names[2], "custom");
    CHECK_STR_EQ(writer_format_names[3], "directory");
    CHECK(writer_format_names[4] == NULL);
}

int
main(void)
{
    RUN(test_copy_writer);
    RUN(test_sql_writer);
    RUN(test_preamble_without_std_strings);
    RUN(test_entry_header);
    RUN(test_find);
    return HARNESS_DONE();
}
