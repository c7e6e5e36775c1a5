#include "io/sink.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "core/xalloc.h"

#define SINK_BUFFER_SIZE (64 * 1024)

/* Temporary files a signal handler must remove. The handler may only use
 * async-signal-safe calls, so the paths live in static storage and a slot
 * is published by setting its flag after its path is complete. */
#define SINK_SLOTS 8
#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static char temp_paths[SINK_SLOTS][PATH_MAX];
static volatile sig_atomic_t temp_used[SINK_SLOTS];
static int handlers_installed;

struct sink {
    int fd;
    bool is_stdout;
    bool replace; /* written under temp_path, renamed onto target */
    bool seekable;
    bool failed;
    int slot;      /* index in temp_paths, or -1 */
    char *target;  /* path to rename onto (symlinks resolved) */
    char *display; /* the path as the user gave it, for messages */
    char *temp_path;
    uint64_t base;   /* file offset of our first byte (stdout) */
    uint64_t offset; /* bytes accepted so far */
    size_t used;     /* bytes waiting in buffer */
    unsigned char buffer[SINK_BUFFER_SIZE];
};

static void
on_signal(int sig)
{
    int saved = errno;
    for (int i = 0; i < SINK_SLOTS; i++)
        if (temp_used[i])
            unlink(temp_paths[i]);
    errno = saved;
    /* The handler was installed with SA_RESETHAND, so the default action
     * is back and the re-raised signal ends the process as it would have
     * without us. */
    raise(sig);
}

static void
install_handlers(void)
{
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    if (handlers_installed)
        return;
    handlers_installed = 1;
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
        struct sigaction old;
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue; /* nohup and friends asked for it to be ignored */
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND | SA_NODEFER;
        sigaction(signals[i], &action, NULL);
    }
    /* A file size limit then shows up as a write failing with EFBIG
     * instead of killing the process with the partial file in place. */
    signal(SIGXFSZ, SIG_IGN);
}

static int
register_temp(const char *path)
{
    if (strlen(path) >= PATH_MAX)
        return -1;
    for (int i = 0; i < SINK_SLOTS; i++) {
        if (!temp_used[i]) {
            strcpy(temp_paths[i], path);
            temp_used[i] = 1;
            return i;
        }
    }
    return -1;
}

static void
unregister_temp(int slot)
{
    if (slot >= 0)
        temp_used[slot] = 0;
}

static const char *
sink_name(const struct sink *sink)
{
    return sink->display;
}

static int
fail_errno(struct sink *sink, const char *what, int saved_errno,
           struct dg_error *err)
{
    sink->failed = true;
    if (sink->is_stdout)
        return dg_fail(err, DG_IO, NULL, "cannot %s standard output: %s", what,
                       strerror(saved_errno));
    return dg_fail(err, DG_IO, NULL, "cannot %s \"%s\": %s", what,
                   sink_name(sink), strerror(saved_errno));
}

static int
write_all(struct sink *sink, const unsigned char *data, size_t length,
          struct dg_error *err)
{
    while (length > 0) {
        ssize_t n = write(sink->fd, data, length);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail_errno(sink, "write", errno, err);
        }
        if (n == 0)
            return fail_errno(sink, "write", EIO, err);
        data += n;
        length -= (size_t)n;
    }
    return 0;
}

static int
flush(struct sink *sink, struct dg_error *err)
{
    if (sink->used == 0)
        return 0;
    size_t used = sink->used;
    sink->used = 0;
    return write_all(sink, sink->buffer, used, err);
}

static char *
directory_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

static int
open_file(struct sink *sink, const char *path, struct dg_error *err)
{
    struct stat st;
    char *resolved = NULL;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        /* Replace the file the link points to, not the link. */
        resolved = realpath(path, NULL);
    }
    const char *target = resolved ? resolved : path;
    if (stat(target, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            free(resolved);
            return fail_errno(sink, "write", EISDIR, err);
        }
        if (!S_ISREG(st.st_mode)) {
            /* A device or a FIFO: write into it, never rename over it. */
            free(resolved);
            sink->fd = open(path, O_WRONLY | O_CLOEXEC);
            if (sink->fd < 0)
                return fail_errno(sink, "open", errno, err);
            sink->seekable = false;
            return 0;
        }
    }

    char *dir = directory_of(target);
    const char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    sink->target = xstrdup(target);
    sink->temp_path = xasprintf("%s/.%s.XXXXXX", dir, base);
    free(dir);
    free(resolved);

    install_handlers();
    /* Block the handled signals while the name is being published, so a
     * signal never sees a created file that it cannot find. */
    sigset_t block, saved;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGPIPE);
    sigprocmask(SIG_BLOCK, &block, &saved);
    sink->fd = mkstemp(sink->temp_path);
    int saved_errno = errno;
    if (sink->fd >= 0)
        sink->slot = register_temp(sink->temp_path);
    sigprocmask(SIG_SETMASK, &saved, NULL);
    if (sink->fd < 0)
        return fail_errno(sink, "create", saved_errno, err);
    sink->replace = true;
    sink->seekable = true;

    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(sink->fd, 0666 & ~mask) != 0)
        return fail_errno(sink, "create", errno, err);
    return 0;
}

int
sink_open(struct sink **out, const char *path, struct dg_error *err)
{
    struct sink *sink = xcalloc(1, sizeof(*sink));
    sink->fd = -1;
    sink->slot = -1;
    *out = NULL;
    if (path == NULL || strcmp(path, "-") == 0) {
        sink->is_stdout = true;
        sink->display = xstrdup("standard output");
        sink->fd = STDOUT_FILENO;
        install_handlers();
        struct stat st;
        off_t position = lseek(sink->fd, 0, SEEK_CUR);
        int flags = fcntl(sink->fd, F_GETFL);
        sink->seekable = position >= 0 && fstat(sink->fd, &st) == 0 &&
                         S_ISREG(st.st_mode) && flags >= 0 &&
                         (flags & O_APPEND) == 0;
        sink->base = sink->seekable ? (uint64_t)position : 0;
        *out = sink;
        return 0;
    }
    sink->display = xstrdup(path);
    if (open_file(sink, path, err) != 0) {
        sink_abort(sink);
        return -1;
    }
    *out = sink;
    return 0;
}

int
sink_write(struct sink *sink, const void *data, size_t length,
           struct dg_error *err)
{
    if (sink->failed)
        return dg_fail(err, DG_IO, NULL, "output \"%s\" already failed",
                       sink_name(sink));
    const unsigned char *bytes = data;
    if (length <= SINK_BUFFER_SIZE - sink->used) {
        memcpy(sink->buffer + sink->used, bytes, length);
        sink->used += length;
        sink->offset += length;
        return 0;
    }
    if (flush(sink, err) != 0)
        return -1;
    if (length >= SINK_BUFFER_SIZE) {
        if (write_all(sink, bytes, length, err) != 0)
            return -1;
    } else {
        memcpy(sink->buffer, bytes, length);
        sink->used = length;
    }
    sink->offset += length;
    return 0;
}

uint64_t
sink_offset(const struct sink *sink)
{
    return sink->offset;
}

bool
sink_is_seekable(const struct sink *sink)
{
    return sink->seekable;
}

int
sink_rewrite(struct sink *sink, uint64_t offset, const void *data,
             size_t length, struct dg_error *err)
{
    if (!sink->seekable)
        return dg_fail(err, DG_INTERNAL, NULL,
                       "output \"%s\" cannot be rewritten: not a regular file",
                       sink_name(sink));
    if (offset > sink->offset || length > sink->offset - offset)
        return dg_fail(err, DG_INTERNAL, NULL, "rewrite past the end of \"%s\"",
                       sink_name(sink));
    if (sink->failed)
        return dg_fail(err, DG_IO, NULL, "output \"%s\" already failed",
                       sink_name(sink));
    if (flush(sink, err) != 0)
        return -1;
    const unsigned char *bytes = data;
    uint64_t position = sink->base + offset;
    while (length > 0) {
        ssize_t n = pwrite(sink->fd, bytes, length, (off_t)position);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail_errno(sink, "write", errno, err);
        }
        if (n == 0)
            return fail_errno(sink, "write", EIO, err);
        bytes += n;
        length -= (size_t)n;
        position += (uint64_t)n;
    }
    return 0;
}

static void
sink_free(struct sink *sink)
{
    free(sink->target);
    free(sink->display);
    free(sink->temp_path);
    free(sink);
}

int
sink_finish(struct sink *sink, struct dg_error *err)
{
    if (sink->failed) {
        dg_fail(err, DG_IO, NULL, "output \"%s\" already failed",
                sink_name(sink));
        sink_abort(sink);
        return -1;
    }
    if (flush(sink, err) != 0) {
        sink_abort(sink);
        return -1;
    }
    if (sink->is_stdout) {
        sink_free(sink);
        return 0;
    }
    int fd = sink->fd;
    sink->fd = -1;
    if (close(fd) != 0) {
        fail_errno(sink, "write", errno, err);
        sink_abort(sink);
        return -1;
    }
    if (sink->replace && rename(sink->temp_path, sink->target) != 0) {
        int saved_errno = errno;
        sink->failed = true;
        dg_fail(err, DG_IO, NULL, "cannot rename \"%s\" to \"%s\": %s",
                sink->temp_path, sink->display, strerror(saved_errno));
        sink_abort(sink);
        return -1;
    }
    unregister_temp(sink->slot);
    sink_free(sink);
    return 0;
}

void
sink_abort(struct sink *sink)
{
    if (sink == NULL)
        return;
    if (!sink->is_stdout && sink->fd >= 0)
        close(sink->fd);
    if (sink->replace && sink->temp_path)
        unlink(sink->temp_path);
    unregister_temp(sink->slot);
    sink_free(sink);
}
