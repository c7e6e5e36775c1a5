#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "core/buf.h"
#include "harness.h"
#include "io/sink.h"
#include "plan/plan.h"
#include "writer/archive.h"
#include "writer/writer.h"

/* ---- a small plan: settings, two tables (one empty), an index -------- */

static struct plan_table table_t, table_u;
static int deps_t[] = {2};
static int deps_u[] = {3};

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

static void
make_plan(struct plan *plan, struct dump_entry *entries)
{
    memset(plan, 0, sizeof(*plan));
    size_t n = 0;
    entries[n] = entry("ENCODING", "ENCODING", SECTION_PRE_DATA,
                       "SET client_encoding = 'UTF8';\n");
    entries[n].namespace = entries[n].owner = NULL;
    n++;
    entries[n] = entry("TABLE", "t", SECTION_PRE_DATA,
                       "CREATE TABLE public.t (a int);\n");
    entries[n++].drop_sql = "DROP TABLE public.t;\n";
    entries[n] = entry("TABLE", "u", SECTION_PRE_DATA,
                       "CREATE TABLE public.u (b int);\n");
    entries[n++].drop_sql = "DROP TABLE public.u;\n";
    entries[n] = entry("TABLE DATA", "t", SECTION_DATA, "");
    entries[n].copy_stmt = "COPY public.t (a) FROM stdin;\n";
    entries[n].dependencies = deps_t;
    entries[n].dependency_count = 1;
    entries[n++].table = &table_t;
    entries[n] = entry("TABLE DATA", "u", SECTION_DATA, "");
    entries[n].copy_stmt = "COPY public.u (b) FROM stdin;\n";
    entries[n].dependencies = deps_u;
    entries[n].dependency_count = 1;
    entries[n++].table = &table_u;
    entries[n++] = entry("INDEX", "t_a_idx", SECTION_POST_DATA,
                         "CREATE INDEX t_a_idx ON public.t USING btree (a);\n");
    for (size_t i = 0; i < n; i++)
        entries[i].dump_id = (int)i + 1;
    plan->entries = entries;
    plan->entry_count = n;
}

#define ENTRY_COUNT 6

/* Rows of table t, handed over in several data() calls. */
static const char *const rows_t[] = {"1\n2\n", "3\n", "4\n"};

/* Drives a format as the pipeline does; returns the hooks' status. */
static int
drive(const struct writer_format *format, struct writer *w,
      struct dg_error *err)
{
    const struct plan *plan = w->plan;
    int rc = format->open(w, err);
    for (size_t i = 0; i < plan->entry_count && rc == 0; i++) {
        const struct dump_entry *e = &plan->entries[i];
        if (!archive_entry_has_data(e)) {
            rc = format->entry(w, e, err);
            continue;
        }
        rc = format->begin_data(w, e, err);
        if (e->table == &table_t)
            for (size_t k = 0; k < 3 && rc == 0; k++)
                rc = format->data(w, rows_t[k], strlen(rows_t[k]), err);
        if (rc == 0)
            rc = format->end_data(w, e, err);
    }
    if (rc == 0)
        rc = format->close(w, err);
    return rc;
}

static int
read_file(const char *path, struct buf *out)
{
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        return -1;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
        buf_append(out, chunk, n);
    fclose(in);
    return 0;
}

/* Writes the custom archive to a file; returns its bytes. */
static int
custom_to_file(int compression, struct buf *out)
{
    char path[] = "/tmp/test_writer_custom_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    struct dg_error err;
    dg_error_init(&err);
    struct plan plan;
    struct dump_entry entries[ENTRY_COUNT];
    make_plan(&plan, entries);
    struct writer_options options = {
        .compression = compression, .timestamp = 1700000000, .path = path};
    struct sink *sink;
    if (sink_open(&sink, path, &err) != 0)
        return -1;
    struct writer w = {.format = &writer_custom,
                       .plan = &plan,
                       .options = &options,
                       .sink = sink};
    int rc = drive(&writer_custom, &w, &err);
    writer_custom.free_state(w.state);
    if (rc != 0 || sink_finish(sink, &err) != 0) {
        if (rc != 0)
            sink_abort(sink);
        unlink(path);
        return -1;
    }
    rc = read_file(path, out);
    unlink(path);
    return rc;
}

/* ---- a reader for what the writer wrote ------------------------------- */

struct reader {
    const unsigned char *data;
    size_t length, at;
    int bad;
};

static int
get_byte(struct reader *r)
{
    if (r->at >= r->length) {
        r->bad = 1;
        return 0;
    }
    return r->data[r->at++];
}

static long
get_int(struct reader *r)
{
    int sign = get_byte(r);
    unsigned long value = 0;
    for (int i = 0; i < 4; i++)
        value |= (unsigned long)get_byte(r) << (8 * i);
    return sign ? -(long)value : (long)value;
}

/* Returns a malloc'd copy, or NULL for a NULL Str. */
static char *
get_str(struct reader *r)
{
    long length = get_int(r);
    if (length < 0)
        return NULL;
    if (r->at + (size_t)length > r->length) {
        r->bad = 1;
        return NULL;
    }
    char *text = malloc((size_t)length + 1);
    memcpy(text, r->data + r->at, (size_t)length);
    text[length] = '\0';
    r->at += (size_t)length;
    return text;
}

static void
skip_str(struct reader *r)
{
    free(get_str(r));
}

struct toc_item {
    int dump_id;
    int has_data;
    char *desc;
    char *extra_name; /* directory format */
    int flag;         /* custom format */
    uint64_t position;
};

/* Reads the header and TOC; extra_is_offset for the custom format. */
static int
read_toc(struct reader *r, int expect_format, int expect_compression,
         int extra_is_offset, struct toc_item *items, size_t capacity)
{
    if (r->length < 5 || memcmp(r->data, "PGDMP", 5) != 0)
        return -1;
    r->at = 5;
    if (get_byte(r) != 1 || get_byte(r) != 14 || get_byte(r) != 0 ||
        get_byte(r) != 4 || get_byte(r) != 8 || get_byte(r) != expect_format ||
        get_int(r) != expect_compression)
        return -1;
    for (int i = 0; i < 7; i++)
        get_int(r);
    skip_str(r);
    skip_str(r);
    skip_str(r);
    long count = get_int(r);
    if (count < 0 || (size_t)count > capacity)
        return -1;
    for (long i = 0; i < count; i++) {
        struct toc_item *item = &items[i];
        item->dump_id = (int)get_int(r);
        item->has_data = (int)get_int(r);
        skip_str(r); /* tableoid */
        skip_str(r); /* oid */
        skip_str(r); /* tag */
        item->desc = get_str(r);
        get_int(r); /* section */
        for (int k = 0; k < 8; k++)
            skip_str(r); /* defn .. withOids */
        for (;;) {
            char *dep = get_str(r);
            if (dep == NULL)
                break;
            free(dep);
        }
        if (extra_is_offset) {
            item->flag = get_byte(r);
            item->position = 0;
            for (int k = 0; k < 8; k++)
                item->position |= (uint64_t)get_byte(r) << (8 * k);
        } else {
            item->extra_name = get_str(r);
        }
    }
    return r->bad ? -1 : (int)count;
}

static void
free_items(struct toc_item *items, int count)
{
    for (int i = 0; i < count; i++) {
        free(items[i].desc);
        free(items[i].extra_name);
    }
}

/* Reads one data block's chunks (after type and dumpId) into out; counts
 * them. The zero-length chunk ends it. */
static int
read_block(struct reader *r, struct buf *out, int *chunks)
{
    *chunks = 0;
    for (;;) {
        long length = get_int(r);
        if (r->bad || length < 0)
            return -1;
        if (length == 0)
            return 0;
        if (r->at + (size_t)length > r->length)
            return -1;
        buf_append(out, r->data + r->at, (size_t)length);
        r->at += (size_t)length;
        (*chunks)++;
    }
}

/* One complete zlib stream filling the whole input. */
static int
inflate_exact(const struct buf *in, int window_bits, struct buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, window_bits) != Z_OK)
        return -1;
    z.next_in = (Bytef *)in->data;
    z.avail_in = (uInt)in->len;
    unsigned char chunk[256];
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

/* ---- custom format ---------------------------------------------------- */

static void
check_custom(int compression)
{
    struct buf archive;
    buf_init(&archive, 4096);
    CHECK_INT_EQ(custom_to_file(compression, &archive), 0);
    struct reader r = {(const unsigned char *)archive.data, archive.len, 0, 0};
    struct toc_item items[ENTRY_COUNT];
    memset(items, 0, sizeof(items));
    int count = read_toc(&r, 1, compression, 1, items, ENTRY_COUNT);
    CHECK_INT_EQ(count, ENTRY_COUNT);
    const char *expected[] = {"1\n2\n3\n4\n\\.\n\n\n", "\\.\n\n\n"};
    int blocks = 0;
    for (int i = 0; i < count; i++) {
        if (!items[i].has_data) {
            CHECK_INT_EQ(items[i].flag, ARCHIVE_OFFSET_NO_DATA);
            CHECK_INT_EQ(items[i].position, 0);
            continue;
        }
        /* the blocks follow the TOC in TOC order, each where its
         * rewritten offset says */
        CHECK_INT_EQ(items[i].flag, ARCHIVE_OFFSET_POS_SET);
        CHECK_INT_EQ(items[i].position, r.at);
        CHECK_INT_EQ(get_byte(&r), ARCHIVE_BLOCK_DATA);
        CHECK_INT_EQ(get_int(&r), items[i].dump_id);
        struct buf stored, data;
        buf_init(&stored, 256);
        buf_init(&data, 256);
        int chunks;
        CHECK_INT_EQ(read_block(&r, &stored, &chunks), 0);
        if (compression > 0) {
            CHECK_INT_EQ(inflate_exact(&stored, 15, &data), 0);
        } else {
            buf_append(&data, stored.data, stored.len);
            /* one chunk per data() call, then the terminator's */
            CHECK_INT_EQ(chunks, blocks == 0 ? 4 : 1);
        }
        CHECK_STR_EQ(data.data, expected[blocks]);
        buf_release(&stored);
        buf_release(&data);
        blocks++;
    }
    CHECK_INT_EQ(blocks, 2);
    CHECK_INT_EQ(r.at, archive.len); /* nothing after the last block */
    free_items(items, count);
    buf_release(&archive);
}

static void
test_custom_compressed(void)
{
    check_custom(6);
}

static void
test_custom_uncompressed(void)
{
    check_custom(0);
}

static void
test_custom_reproducible(void)
{
    struct buf a, b;
    buf_init(&a, 4096);
    buf_init(&b, 4096);
    CHECK_INT_EQ(custom_to_file(1, &a), 0);
    CHECK_INT_EQ(custom_to_file(1, &b), 0);
    CHECK_INT_EQ(a.len, b.len);
    CHECK(memcmp(a.data, b.data, a.len) == 0);
    buf_release(&a);
    buf_release(&b);
}

/* Standard output on a pipe: the offsets stay "not set", the rest is the
 * same archive. */
static void
test_custom_pipe(void)
{
    struct buf seekable;
    buf_init(&seekable, 4096);
    CHECK_INT_EQ(custom_to_file(1, &seekable), 0);

    int fds[2];
    CHECK_INT_EQ(pipe(fds), 0);
    fflush(stdout);
    int saved_stdout = dup(STDOUT_FILENO);
    dup2(fds[1], STDOUT_FILENO);
    close(fds[1]);
    struct dg_error err;
    dg_error_init(&err);
    struct plan plan;
    struct dump_entry entries[ENTRY_COUNT];
    make_plan(&plan, entries);
    struct writer_options options = {.compression = 1, .timestamp = 1700000000};
    struct sink *sink = NULL;
    int rc = sink_open(&sink, NULL, &err);
    bool seekable_sink = rc == 0 && sink_is_seekable(sink);
    struct writer w = {.format = &writer_custom,
                       .plan = &plan,
                       .options = &options,
                       .sink = sink};
    if (rc == 0)
        rc = drive(&writer_custom, &w, &err);
    if (w.state)
        writer_custom.free_state(w.state);
    if (rc == 0)
        rc = sink_finish(sink, &err);
    /* the archive is a few hundred bytes: it fits in the pipe */
    dup2(saved_stdout, STDOUT_FILENO);
    close(saved_stdout);
    struct buf piped;
    buf_init(&piped, 4096);
    char chunk[4096];
    ssize_t n;
    while ((n = read(fds[0], chunk, sizeof(chunk))) > 0)
        buf_append(&piped, chunk, (size_t)n);
    close(fds[0]);
    CHECK_INT_EQ(rc, 0);
    CHECK(!seekable_sink);
    CHECK_INT_EQ(piped.len, seekable.len);

    struct reader r = {(const unsigned char *)piped.data, piped.len, 0, 0};
    struct toc_item items[ENTRY_COUNT];
    memset(items, 0, sizeof(items));
    int count = read_toc(&r, 1, 1, 1, items, ENTRY_COUNT);
    CHECK_INT_EQ(count, ENTRY_COUNT);
    int data_entries = 0;
    for (int i = 0; i < count; i++) {
        CHECK_INT_EQ(items[i].flag, items[i].has_data
                                        ? ARCHIVE_OFFSET_POS_NOT_SET
                                        : ARCHIVE_OFFSET_NO_DATA);
        CHECK_INT_EQ(items[i].position, 0);
        data_entries += items[i].has_data;
    }
    CHECK_INT_EQ(data_entries, 2);
    /* the blocks are byte for byte those of the seekable archive */
    CHECK(memcmp(piped.data + r.at, seekable.data + r.at, piped.len - r.at) ==
          0);
    free_items(items, count);
    buf_release(&piped);
    buf_release(&seekable);
}

/* A file size limit makes a write fail; the sink is then aborted, as the
 * CLI does, and no file is left. */
static void
test_custom_write_failure(void)
{
    char dir[] = "/tmp/test_writer_custom_dir_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = malloc(strlen(dir) + 16);
    sprintf(path, "%s/out.dump", dir);
    struct dg_error err;
    dg_error_init(&err);
    struct plan plan;
    struct dump_entry entries[ENTRY_COUNT];
    make_plan(&plan, entries);
    struct writer_options options = {.compression = 0, .path = path};
    struct sink *sink;
    CHECK_INT_EQ(sink_open(&sink, path, &err), 0);
    struct rlimit old, small;
    getrlimit(RLIMIT_FSIZE, &old);
    small = old;
    small.rlim_cur = 100;
    setrlimit(RLIMIT_FSIZE, &small);
    struct writer w = {.format = &writer_custom,
                       .plan = &plan,
                       .options = &options,
                       .sink = sink};
    int rc = drive(&writer_custom, &w, &err);
    if (w.state)
        writer_custom.free_state(w.state);
    /* the archive is small enough for the sink's buffer: the failure
     * comes when it is flushed */
    if (rc == 0)
        rc = sink_finish(sink, &err);
    else
        sink_abort(sink);
    setrlimit(RLIMIT_FSIZE, &old);
    CHECK_INT_EQ(rc, -1);
    CHECK_INT_EQ(err.status, DG_IO);
    CHECK_CONTAINS(err.message, "out.dump");
    CHECK_CONTAINS(err.message, strerror(EFBIG));
    DIR *d = opendir(dir);
    int left = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            left++;
    closedir(d);
    rmdir(dir);
    free(path);
    CHECK_INT_EQ(left, 0);
}

/* ---- directory format ------------------------------------------------- */

static int
count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return -1;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static void
remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(path);
        else
            unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

/* Runs the directory writer into parent/name; the writer's status. */
static int
directory_run(const char *target, int compression, bool do_close,
              struct dg_error *err)
{
    struct plan plan;
    struct dump_entry entries[ENTRY_COUNT];
    make_plan(&plan, entries);
    struct writer_options options = {
        .compression = compression, .timestamp = 1700000000, .path = target};
    struct writer w = {
        .format = &writer_directory, .plan = &plan, .options = &options};
    int rc;
    if (do_close) {
        rc = drive(&writer_directory, &w, err);
    } else {
        /* stops in the middle of the first table, as an error would */
        rc = writer_directory.open(&w, err);
        if (rc == 0)
            rc = writer_directory.begin_data(&w, &entries[3], err);
        if (rc == 0)
            rc = writer_directory.data(&w, "1\n", 2, err);
    }
    if (w.state)
        writer_directory.free_state(w.state);
    return rc;
}

static void
check_directory(int compression)
{
    char parent[] = "/tmp/test_writer_dir_XXXXXX";
    CHECK(mkdtemp(parent) != NULL);
    char target[256];
    snprintf(target, sizeof(target), "%s/out/", parent); /* slash ignored */
    struct dg_error err;
    dg_error_init(&err);
    int rc = directory_run(target, compression, true, &err);
    char path[300];
    snprintf(path, sizeof(path), "%s/out/toc.dat", parent);
    struct buf toc;
    buf_init(&toc, 4096);
    int read_rc = read_file(path, &toc);
    struct reader r = {(const unsigned char *)toc.data, toc.len, 0, 0};
    struct toc_item items[ENTRY_COUNT];
    memset(items, 0, sizeof(items));
    int count = read_toc(&r, 3, compression, 0, items, ENTRY_COUNT);
    int parent_entries = count_entries(parent);
    snprintf(path, sizeof(path), "%s/out", parent);
    int files = count_entries(path);

    const char *expected[] = {"1\n2\n3\n4\n\\.\n\n\n", "\\.\n\n\n"};
    int data_seen = 0, data_ok = 0;
    for (int i = 0; i < count; i++) {
        if (!items[i].has_data) {
            data_ok += items[i].extra_name && *items[i].extra_name == '\0';
            continue;
        }
        char name[32];
        snprintf(name, sizeof(name), "%d.dat", items[i].dump_id);
        snprintf(path, sizeof(path), "%s/out/%s%s", parent, name,
                 compression > 0 ? ".gz" : "");
        struct buf stored, data;
        buf_init(&stored, 256);
        buf_init(&data, 256);
        if (read_file(path, &stored) == 0) {
            if (compression > 0)
                inflate_exact(&stored, 15 + 16, &data);
            else
                buf_append(&data, stored.data, stored.len);
        }
        data_ok += items[i].extra_name &&
                   strcmp(items[i].extra_name, name) == 0 &&
                   strcmp(data.data, expected[data_seen]) == 0;
        data_seen++;
        buf_release(&stored);
        buf_release(&data);
    }
    free_items(items, count > 0 ? count : 0);
    buf_release(&toc);
    remove_tree(parent);

    CHECK_INT_EQ(rc, 0);
    CHECK_INT_EQ(read_rc, 0);
    CHECK_INT_EQ(count, ENTRY_COUNT);
    CHECK_INT_EQ(r.at, r.length); /* nothing after the TOC */
    CHECK_INT_EQ(data_seen, 2);
    CHECK_INT_EQ(data_ok, ENTRY_COUNT);
    CHECK_INT_EQ(files, 3);          /* toc.dat and two data files */
    CHECK_INT_EQ(parent_entries, 1); /* no temporary directory left */
}

static void
test_directory_compressed(void)
{
    check_directory(1);
}

static void
test_directory_uncompressed(void)
{
    check_directory(0);
}

static void
test_directory_existing_target(void)
{
    char parent[] = "/tmp/test_writer_dir_XXXXXX";
    CHECK(mkdtemp(parent) != NULL);
    char target[256], inside[300];
    snprintf(target, sizeof(target), "%s/out", parent);
    snprintf(inside, sizeof(inside), "%s/keep", target);
    mkdir(target, 0700);
    int fd = open(inside, O_WRONLY | O_CREAT, 0600);
    close(fd);
    struct dg_error err;
    dg_error_init(&err);
    int rc_full = directory_run(target, 1, true, &err);
    struct dg_error full_err = err;
    int kept = count_entries(target);
    int parent_after_full = count_entries(parent);

    /* an empty directory is taken over */
    unlink(inside);
    dg_error_init(&err);
    int rc_empty = directory_run(target, 1, true, &err);
    int files = count_entries(target);

    /* a file is refused */
    remove_tree(target);
    fd = open(target, O_WRONLY | O_CREAT, 0600);
    close(fd);
    dg_error_init(&err);
    int rc_file = directory_run(target, 1, true, &err);
    struct dg_error file_err = err;
    remove_tree(parent);

    CHECK_INT_EQ(rc_full, -1);
    CHECK_INT_EQ(full_err.status, DG_USAGE);
    CHECK_CONTAINS(full_err.message, "not empty");
    CHECK_CONTAINS(full_err.message, target);
    CHECK_INT_EQ(kept, 1);
    CHECK_INT_EQ(parent_after_full, 1);
    CHECK_INT_EQ(rc_empty, 0);
    CHECK_INT_EQ(files, 3);
    CHECK_INT_EQ(rc_file, -1);
    CHECK_CONTAINS(file_err.message, "not a directory");
}

/* close() never ran: free_state() removes the temporary directory and its
 * files, and the target never appears. */
static void
test_directory_cleanup(void)
{
    char parent[] = "/tmp/test_writer_dir_XXXXXX";
    CHECK(mkdtemp(parent) != NULL);
    char target[256];
    snprintf(target, sizeof(target), "%s/out", parent);
    struct dg_error err;
    dg_error_init(&err);
    int rc = directory_run(target, 1, false, &err);
    int left = count_entries(parent);
    remove_tree(parent);
    CHECK_INT_EQ(rc, 0);
    CHECK_INT_EQ(left, 0);
}

/* A signal in the middle of the data removes the temporary directory and
 * still ends the process by that signal. */
static void
test_directory_signal(void)
{
    char parent[] = "/tmp/test_writer_dir_XXXXXX";
    CHECK(mkdtemp(parent) != NULL);
    char target[256];
    snprintf(target, sizeof(target), "%s/out", parent);
    fflush(stdout);
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        struct plan plan;
        struct dump_entry entries[ENTRY_COUNT];
        make_plan(&plan, entries);
        struct writer_options options = {.compression = 1, .path = target};
        struct writer w = {
            .format = &writer_directory, .plan = &plan, .options = &options};
        struct dg_error err;
        dg_error_init(&err);
        if (writer_directory.open(&w, &err) != 0 ||
            writer_directory.begin_data(&w, &entries[3], &err) != 0 ||
            writer_directory.data(&w, "1\n", 2, &err) != 0 ||
            writer_directory.end_data(&w, &entries[3], &err) != 0 ||
            writer_directory.begin_data(&w, &entries[4], &err) != 0)
            _exit(3);
        if (count_entries(parent) != 1)
            _exit(4);
        raise(SIGTERM);
        _exit(5);
    }
    int status = 0;
    waitpid(child, &status, 0);
    int left = count_entries(parent);
    remove_tree(parent);
    CHECK(WIFSIGNALED(status));
    CHECK_INT_EQ(WTERMSIG(status), SIGTERM);
    CHECK_INT_EQ(left, 0);
}

/* A file size limit: the write fails with the data file's path and the
 * system error, and nothing is left. */
static void
test_directory_write_failure(void)
{
    char parent[] = "/tmp/test_writer_dir_XXXXXX";
    CHECK(mkdtemp(parent) != NULL);
    char target[256];
    snprintf(target, sizeof(target), "%s/out", parent);
    struct rlimit old, small;
    getrlimit(RLIMIT_FSIZE, &old);
    small = old;
    small.rlim_cur = 10;
    setrlimit(RLIMIT_FSIZE, &small);
    struct dg_error err;
    dg_error_init(&err);
    int rc = directory_run(target, 0, true, &err);
    setrlimit(RLIMIT_FSIZE, &old);
    int left = count_entries(parent);
    remove_tree(parent);
    CHECK_INT_EQ(rc, -1);
    CHECK_INT_EQ(err.status, DG_IO);
    CHECK_CONTAINS(err.message, "/out/4.dat");
    CHECK_CONTAINS(err.message, strerror(EFBIG));
    CHECK_INT_EQ(left, 0);
}

static void
test_formats_registered(void)
{
    CHECK(writer_find("custom") == &writer_custom);
    CHECK(writer_find("directory") == &writer_directory);
    CHECK(writer_custom.compressible && !writer_custom.writes_directory);
    CHECK(writer_directory.compressible && writer_directory.writes_directory);
    CHECK_INT_EQ(writer_custom.rows, WRITER_ROWS_COPY);
    int names = 0;
    for (size_t i = 0; writer_format_names[i]; i++)
        names += strcmp(writer_format_names[i], "custom") == 0 ||
                 strcmp(writer_format_names[i], "directory") == 0;
    CHECK_INT_EQ(names, 2);
}

int
main(void)
{
    RUN(test_custom_compressed);
    RUN(test_custom_uncompressed);
    RUN(test_custom_reproducible);
    RUN(test_custom_pipe);
    RUN(test_custom_write_failure);
    RUN(test_directory_compressed);
    RUN(test_directory_uncompressed);
    RUN(test_directory_existing_target);
    RUN(test_directory_cleanup);
    RUN(test_directory_signal);
    RUN(test_directory_write_failure);
    RUN(test_formats_registered);
    return HARNESS_DONE();
}
