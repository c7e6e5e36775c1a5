#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "io/compress.h"
#include "writer/archive.h"
#include "writer/writer.h"

/*
 * The directory format as pg_dump -Fd writes it: one file per table's data
 * (DUMPID.dat, or DUMPID.dat.gz as a gzip file when compressed, while the
 * TOC still names DUMPID.dat), then toc.dat: the custom format's header
 * (format byte "tar") and TOC, each entry ending with its data file's name
 * ("" when it has none). Everything is written into a new directory next
 * to the target and renamed onto it at the end, so the target appears
 * complete or not at all; free_state() removes that directory when close()
 * never ran.
 */

#define FLUSH_SIZE (64 * 1024)
#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* What a signal handler needs to remove the temporary directory of the
 * one directory writer that owns this slot: its path and the files made
 * in it, by dump id (0 for toc.dat). The handler may only use
 * async-signal-safe calls, so all of it is static and filled in before it
 * is published through signal_active. */
static char signal_dir[PATH_MAX];
static int *signal_ids;
static size_t signal_capacity;
static volatile sig_atomic_t signal_id_count;
static volatile sig_atomic_t signal_gz;
static volatile sig_atomic_t signal_active;
static int signal_installed;

struct directory_state {
    char *target; /* the path as given, without trailing slashes */
    char *temp;   /* the directory being filled */
    bool renamed; /* temp became target */
    char **files; /* names created in temp, for the cleanup */
    size_t file_count;
    size_t file_capacity;
    struct compressor *compressor;
    int fd;        /* the data file being written, or -1 */
    char *display; /* its path under target, for messages */
    struct buf pending;
    bool *data_written; /* per entry */
    bool signal_slot;   /* owns the signal handler's slot */
};

static size_t
put_text(char *out, size_t at, size_t size, const char *text)
{
    while (*text && at + 1 < size)
        out[at++] = *text++;
    out[at] = '\0';
    return at;
}

static size_t
put_number(char *out, size_t at, size_t size, int value)
{
    char digits[16];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0 && n < sizeof(digits));
    while (n > 0 && at + 1 < size)
        out[at++] = digits[--n];
    out[at] = '\0';
    return at;
}

static void
on_signal(int sig)
{
    int saved = errno;
    if (signal_active) {
        char path[PATH_MAX + 32];
        size_t base = put_text(path, 0, sizeof(path), signal_dir);
        base = put_text(path, base, sizeof(path), "/");
        for (sig_atomic_t i = 0; i < signal_id_count; i++) {
            size_t at = base;
            if (signal_ids[i] == 0) {
                put_text(path, at, sizeof(path), "toc.dat");
            } else {
                at = put_number(path, at, sizeof(path), signal_ids[i]);
                put_text(path, at, sizeof(path),
                         signal_gz ? ".dat.gz" : ".dat");
            }
            unlink(path);
        }
        rmdir(signal_dir);
    }
    errno = saved;
    /* SA_RESETHAND put the default action back: the signal now ends the
     * process as it would have without us */
    raise(sig);
}

static void
install_handlers(void)
{
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    if (signal_installed)
        return;
    signal_installed = 1;
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
        struct sigaction old;
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue; /* asked to be ignored (nohup) */
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND | SA_NODEFER;
        sigaction(signals[i], &action, NULL);
    }
}

/* Records a file for the handler before it exists, so no moment has a
 * file the handler does not know. */
static void
signal_note_file(const struct directory_state *state, int dump_id)
{
    if (state->signal_slot && (size_t)signal_id_count < signal_capacity) {
        signal_ids[signal_id_count] = dump_id;
        signal_id_count = signal_id_count + 1;
    }
}

static void
signal_release(struct directory_state *state)
{
    if (!state->signal_slot)
        return;
    signal_active = 0;
    state->signal_slot = false;
    free(signal_ids);
    signal_ids = NULL;
    signal_capacity = 0;
    signal_id_count = 0;
}

static int
fail_errno(const char *what, const char *path, int saved_errno,
           struct dg_error *err)
{
    return dg_fail(err, DG_IO, NULL, "cannot %s \"%s\": %s", what, path,
                   strerror(saved_errno));
}

static int
write_all(int fd, const char *display, const char *bytes, size_t length,
          struct dg_error *err)
{
    while (length > 0) {
        ssize_t n = write(fd, bytes, length);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail_errno("write", display, errno, err);
        }
        if (n == 0)
            return fail_errno("write", display, EIO, err);
        bytes += n;
        length -= (size_t)n;
    }
    return 0;
}

static int
flush_pending(struct directory_state *state, struct dg_error *err)
{
    int rc = write_all(state->fd, state->display, state->pending.data,
                       state->pending.len, err);
    buf_reset(&state->pending);
    return rc;
}

static int
append_output(void *opaque, const void *bytes, size_t length,
              struct dg_error *err)
{
    struct directory_state *state = opaque;
    buf_append(&state->pending, bytes, length);
    if (state->pending.len >= FLUSH_SIZE)
        return flush_pending(state, err);
    return 0;
}

/* Creates a file in the temporary directory and remembers it for the
 * cleanup. */
static int
create_file(struct directory_state *state, const char *name, int dump_id,
            struct dg_error *err)
{
    signal_note_file(state, dump_id);
    char *path = xasprintf("%s/%s", state->temp, name);
    free(state->display);
    state->display = xasprintf("%s/%s", state->target, name);
    state->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    int saved_errno = errno;
    free(path);
    if (state->fd < 0)
        return fail_errno("create", state->display, saved_errno, err);
    if (state->file_count == state->file_capacity) {
        state->file_capacity =
            state->file_capacity ? state->file_capacity * 2 : 16;
        state->files = xrealloc(state->files,
                                state->file_capacity * sizeof(*state->files));
    }
    state->files[state->file_count++] = xstrdup(name);
    return 0;
}

static int
close_file(struct directory_state *state, struct dg_error *err)
{
    int rc = flush_pending(state, err);
    int fd = state->fd;
    state->fd = -1;
    if (close(fd) != 0 && rc == 0)
        rc = fail_errno("write", state->display, errno, err);
    return rc;
}

/* pg_dump refuses an existing target too, except an empty directory. */
static int
check_target(const char *target, struct dg_error *err)
{
    struct stat st;
    if (stat(target, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        return fail_errno("use", target, errno, err);
    }
    if (!S_ISDIR(st.st_mode)) {
        dg_fail(err, DG_USAGE, NULL,
                "output \"%s\" exists and is not a directory", target);
        dg_error_hint(err, "the directory format writes a new directory: "
                           "give a path that does not exist");
        return -1;
    }
    DIR *dir = opendir(target);
    if (dir == NULL)
        return fail_errno("open", target, errno, err);
    bool empty = true;
    struct dirent *d;
    while ((d = readdir(dir)) != NULL)
        if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0) {
            empty = false;
            break;
        }
    closedir(dir);
    if (!empty) {
        dg_fail(err, DG_USAGE, NULL,
                "output directory \"%s\" exists and is not empty", target);
        dg_error_hint(err, "remove it or give a new path");
        return -1;
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
directory_open(struct writer *w, struct dg_error *err)
{
    struct directory_state *state = xcalloc(1, sizeof(*state));
    w->state = state;
    state->fd = -1;
    buf_init(&state->pending, FLUSH_SIZE + COMPRESS_PIECE_SIZE);
    state->data_written =
        xcalloc(w->plan->entry_count + 1, sizeof(*state->data_written));
    state->compressor = compress_new(w->options->compression, COMPRESS_GZIP,
                                     append_output, state);

    const char *path = w->options->path;
    if (path == NULL || *path == '\0' || strcmp(path, "-") == 0)
        return dg_fail(err, DG_USAGE, NULL,
                       "the directory format needs an output directory");
    size_t length = strlen(path);
    while (length > 1 && path[length - 1] == '/')
        length--;
    state->target = xstrndup(path, length);
    if (check_target(state->target, err) != 0)
        return -1;

    /* A file size limit must fail a write (EFBIG), not kill the process
     * with the temporary directory left behind. */
    signal(SIGXFSZ, SIG_IGN);

    const char *slash = strrchr(state->target, '/');
    if (slash == NULL)
        state->temp = xasprintf(".%s.XXXXXX", state->target);
    else
        state->temp = xasprintf("%.*s/.%s.XXXXXX", (int)(slash - state->target),
                                state->target, slash + 1);
    /* The handled signals wait while the directory is made and published
     * to the handler, so it never misses one it should remove. */
    bool slot = !signal_active && strlen(state->temp) < sizeof(signal_dir);
    sigset_t block, saved;
    if (slot) {
        install_handlers();
        signal_capacity = w->plan->entry_count + 1;
        signal_ids = xcalloc(signal_capacity, sizeof(*signal_ids));
        signal_id_count = 0;
        signal_gz = w->options->compression > 0;
        sigemptyset(&block);
        sigaddset(&block, SIGINT);
        sigaddset(&block, SIGTERM);
        sigaddset(&block, SIGHUP);
        sigprocmask(SIG_BLOCK, &block, &saved);
    }
    char *made = mkdtemp(state->temp);
    int saved_errno = errno;
    if (slot) {
        state->signal_slot = true;
        if (made != NULL) {
            memcpy(signal_dir, state->temp, strlen(state->temp) + 1);
            signal_active = 1;
        }
        sigprocmask(SIG_SETMASK, &saved, NULL);
    }
    if (made == NULL) {
        free(state->temp);
        state->temp = NULL;
        return fail_errno("create directory", state->target, saved_errno, err);
    }
    return 0;
}

static int
directory_entry(struct writer *w, const struct dump_entry *e,
                struct dg_error *err)
{
    /* everything but the data goes into toc.dat, written by close() */
    (void)w;
    (void)e;
    (void)err;
    return 0;
}

static int
directory_begin_data(struct writer *w, const struct dump_entry *e,
                     struct dg_error *err)
{
    struct directory_state *state = w->state;
    size_t i = entry_index(w, e);
    if (i == SIZE_MAX || !archive_entry_has_data(e) || state->data_written[i])
        return dg_fail(err, DG_INTERNAL, NULL,
                       "data for \"%s\" has no place in the archive", e->tag);
    state->data_written[i] = true;
    char name[32];
    snprintf(name, sizeof(name), "%d.dat%s", e->dump_id,
             w->options->compression > 0 ? ".gz" : "");
    if (create_file(state, name, e->dump_id, err) != 0)
        return -1;
    return compress_begin(state->compressor, err);
}

static int
directory_data(struct writer *w, const char *bytes, size_t length,
               struct dg_error *err)
{
    struct directory_state *state = w->state;
    return compress_write(state->compressor, bytes, length, err);
}

static int
directory_data_deflated(struct writer *w, const struct compress_chunk *chunk,
                        const void *tail, size_t tail_length,
                        struct dg_error *err)
{
    struct directory_state *state = w->state;
    return compress_write_deflated(state->compressor, chunk, tail, tail_length,
                                   err);
}

static int
directory_end_data(struct writer *w, const struct dump_entry *e,
                   struct dg_error *err)
{
    (void)e;
    struct directory_state *state = w->state;
    if (compress_write(state->compressor, ARCHIVE_COPY_END,
                       ARCHIVE_COPY_END_LENGTH, err) != 0 ||
        compress_finish(state->compressor, err) != 0)
        return -1;
    return close_file(state, err);
}

static int
directory_close(struct writer *w, struct dg_error *err)
{
    struct directory_state *state = w->state;
    const struct plan *plan = w->plan;
    for (size_t i = 0; i < plan->entry_count; i++)
        if (archive_entry_has_data(&plan->entries[i]) &&
            !state->data_written[i])
            return dg_fail(err, DG_INTERNAL, NULL,
                           "no data was written for \"%s\"",
                           plan->entries[i].tag);

    struct archive_header h = {
        .format = ARCHIVE_FORMAT_TAR,
        .compression = w->options->compression,
        .timestamp = w->options->timestamp,
        .database = plan->schema ? plan->schema->database.name : NULL,
        .remote_version = ARCHIVE_REMOTE_VERSION,
        .dump_version = ARCHIVE_DUMP_VERSION,
    };
    if (create_file(state, "toc.dat", 0, err) != 0)
        return -1;
    struct buf *out = &state->pending;
    archive_put_header(out, &h);
    archive_put_int(out, (int)plan->entry_count);
    for (size_t i = 0; i < plan->entry_count; i++) {
        const struct dump_entry *e = &plan->entries[i];
        archive_put_toc_entry(out, plan, e);
        char name[32] = "";
        if (archive_entry_has_data(e))
            snprintf(name, sizeof(name), "%d.dat", e->dump_id);
        archive_put_str(out, name);
        if (out->len >= FLUSH_SIZE && flush_pending(state, err) != 0)
            return -1;
    }
    if (close_file(state, err) != 0)
        return -1;

    if (rename(state->temp, state->target) != 0) {
        int saved_errno = errno;
        return dg_fail(err, DG_IO, NULL, "cannot rename \"%s\" to \"%s\": %s",
                       state->temp, state->target, strerror(saved_errno));
    }
    state->renamed = true;
    signal_release(state);
    return 0;
}

static void
directory_free_state(void *opaque)
{
    struct directory_state *state = opaque;
    /* from here on the normal cleanup below does the work */
    signal_release(state);
    if (state->fd >= 0)
        close(state->fd);
    if (state->temp && !state->renamed) {
        for (size_t i = 0; i < state->file_count; i++) {
            char *path = xasprintf("%s/%s", state->temp, state->files[i]);
            unlink(path);
            free(path);
        }
        rmdir(state->temp);
    }
    for (size_t i = 0; i < state->file_count; i++)
        free(state->files[i]);
    free(state->files);
    free(state->target);
    free(state->temp);
    free(state->display);
    free(state->data_written);
    buf_release(&state->pending);
    compress_free(state->compressor);
    free(state);
}

const struct writer_format writer_directory = {
    .name = "directory",
    .description = "pg_dump directory-format archive for pg_restore (-Fd)",
    .rows = WRITER_ROWS_COPY,
    .writes_directory = true,
    .compressible = true,
    .container = COMPRESS_GZIP,
    .open = directory_open,
    .entry = directory_entry,
    .begin_data = directory_begin_data,
    .data = directory_data,
    .data_deflated = directory_data_deflated,
    .end_data = directory_end_data,
    .close = directory_close,
    .free_state = directory_free_state,
};
