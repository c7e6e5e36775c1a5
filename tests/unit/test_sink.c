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

#include "core/buf.h"
#include "core/error.h"
#include "harness.h"
#include "io/sink.h"

static char dir[64];

static void
make_dir(void)
{
    snprintf(dir, sizeof(dir), "/tmp/test_sink_XXXXXX");
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        exit(1);
    }
}

/* Names in dir other than . and .., joined by spaces. */
static void
list_dir(char *out, size_t size)
{
    out[0] = '\0';
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *entry;
    while ((entry = readdir(d)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        if (out[0])
            strncat(out, " ", size - strlen(out) - 1);
        strncat(out, entry->d_name, size - strlen(out) - 1);
    }
    closedir(d);
}

static void
clean_dir(void)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *entry;
    char path[512];
    while ((entry = readdir(d)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
        unlink(path);
    }
    closedir(d);
}

static char *
read_all(const char *path, size_t *length)
{
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        return NULL;
    struct buf b;
    buf_init(&b, 4096);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
        buf_append(&b, chunk, n);
    fclose(in);
    *length = b.len;
    char *text = buf_detach(&b);
    buf_release(&b);
    return text;
}

static void
write_file(const char *path, const char *text)
{
    FILE *out = fopen(path, "wb");
    if (out) {
        fputs(text, out);
        fclose(out);
    }
}

/* Small writes, writes that cross the 64 KiB buffer and one larger than
 * it all arrive in order; the file appears only at finish, with the
 * permissions of a newly created file. */
static void
test_finish_renames(void)
{
    char path[128], listing[512];
    snprintf(path, sizeof(path), "%s/out.sql", dir);
    struct dg_error err;
    dg_error_init(&err);
    struct sink *sink;
    CHECK_INT_EQ(sink_open(&sink, path, &err), 0);
    CHECK(sink_is_seekable(sink));

    static char big[200000];
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (char)('a' + i % 26);
    size_t expected_length = 0;
    CHECK_INT_EQ(sink_write(sink, "hello\n", 6, &err), 0);
    expected_length += 6;
    for (int i = 0; i < 30; i++) {
        CHECK_INT_EQ(sink_write(sink, big, 3000, &err), 0);
        expected_length += 3000;
    }
    CHECK_INT_EQ(sink_write(sink, big, sizeof(big), &err), 0);
    expected_length += sizeof(big);
    CHECK_INT_EQ(sink_write(sink, "end\n", 4, &err), 0);
    expected_length += 4;
    CHECK_INT_EQ(sink_offset(sink), expected_length);

    /* only the temporary file exists so far, hidden and in the same
     * directory */
    list_dir(listing, sizeof(listing));
    CHECK(strncmp(listing, ".out.sql.", 9) == 0);
    CHECK(strchr(listing, ' ') == NULL);

    CHECK_INT_EQ(sink_finish(sink, &err), 0);
    list_dir(listing, sizeof(listing));
    CHECK_STR_EQ(listing, "out.sql");

    size_t length;
    char *text = read_all(path, &length);
    CHECK(text != NULL);
    CHECK_INT_EQ(length, expected_length);
    CHECK(memcmp(text, "hello\n", 6) == 0);
    for (int i = 0; i < 30; i++)
        CHECK(memcmp(text + 6 + i * 3000, big, 3000) == 0);
    CHECK(memcmp(text + 6 + 90000, big, sizeof(big)) == 0);
    CHECK(memcmp(text + length - 4, "end\n", 4) == 0);
    free(text);

    struct stat st;
    CHECK_INT_EQ(stat(path, &st), 0);
    mode_t mask = umask(0);
    umask(mask);
    CHECK_INT_EQ(st.st_mode & 0777, 0666 & ~mask);
    clean_dir();
}

static void
test_replaces_existing_only_when_complete(void)
{
    char path[128], listing[512];
    snprintf(path, sizeof(path), "%s/keep.sql", dir);
    write_file(path, "old contents\n");
    struct dg_error err;
    dg_error_init(&err);
    struct sink *sink;
    CHECK_INT_EQ(sink_open(&sink, path, &err), 0);
    static char big[100000];
    memset(big, 'x', sizeof(big));
    CHECK_INT_EQ(sink_write(sink, big, sizeof(big), &err), 0);
    size_t length;
    char *text = read_all(path, &length);
    CHECK_STR_EQ(text, "old contents\n");
    free(text);
    sink_abort(sink);
    text = read_all(path, &length);
    CHECK_STR_EQ(text, "old contents\n");
    free(text);
    list_dir(listing, sizeof(listing));
    CHECK_STR_EQ(listing, "keep.sql");

    CHECK_INT_EQ(sink_open(&sink, path, &err), 0);
    CHECK_INT_EQ(sink_write(sink, "new\n", 4, &err), 0);
    CHECK_INT_EQ(sink_finish(sink, &err), 0);
    text = read_all(path, &length);
    CHECK_STR_EQ(text, "new\n");
    free(text);
    sink_abort(NULL);
    clean_dir();
}

/* In a child with a file size limit, the write that crosses it fails with
 * EFBIG (SIGXFSZ would have killed the process) and nothing is left.
 * mode 0: the failure comes from a write; mode 1: from the final flush. */
static int
fsize_child(const char *path, int mode)
{
    struct rlimit limit = {.rlim_cur = 50000, .rlim_max = 50000};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0)
        return 10;
    struct dg_error err;
    dg_error_init(&err);
    struct sink *sink;
    if (sink_open(&sink, path, &err) != 0)
        return 11;
    static char chunk[1000];
    memset(chunk, 'z', sizeof(chunk));
    if (mode == 0) {
        int rc = 0;
        for (int i = 0; i < 200 && rc == 0; i++)
            rc = sink_write(sink, chunk, sizeof(chunk), &err);
        if (rc == 0)
            return 12;
        if (sink_finish(sink, &err) == 0)
            return 13;
    } else {
        /* 60 000 bytes stay in the buffer until the end */
        for (int i = 0; i < 60; i++)
            if (sink_write(sink, chunk, sizeof(chunk), &err) != 0)
                return 14;
        if (sink_finish(sink, &err) == 0)
            return 15;
    }
    if (err.status != DG_IO)
        return 16;
    if (strstr(err.message, path) == NULL ||
        strstr(err.message, strerror(EFBIG)) == NULL)
        return 17;
    return 0;
}

static void
run_fsize_case(int mode, bool existing)
{
    char path[128], listing[512];
    snprintf(path, sizeof(path), "%s/big.sql", dir);
    if (existing)
        write_file(path, "previous\n");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        _exit(fsize_child(path, mode));
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK_INT_EQ(WEXITSTATUS(status), 0);
    list_dir(listing, sizeof(listing));
    if (existing) {
        CHECK_STR_EQ(listing, "big.sql");
        size_t length;
        char *text = read_all(path, &length);
        CHECK_STR_EQ(text, "previous\n");
        free(text);
    } else {
        CHECK_STR_EQ(listing, "");
    }
    clean_dir();
}

static void
test_file_size_limit_in_write(void)
{
    run_fsize_case(0, false);
}

static void
test_file_size_limit_in_finish(void)
{
    run_fsize_case(1, false);
}

static void
test_file_size_limit_keeps_existing(void)
{
    run_fsize_case(0, true);
}

/* A signal while writing removes the temporary file and still ends the
 * process by that signal. */
static void
run_signal_case(int sig)
{
    char path[128], listing[512];
    snprintf(path, sizeof(path), "%s/sig.sql", dir);
    write_file(path, "before\n");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct dg_error err;
        dg_error_init(&err);
        struct sink *sink;
        if (sink_open(&sink, path, &err) != 0)
            _exit(20);
        static char chunk[100000];
        memset(chunk, 's', sizeof(chunk));
        if (sink_write(sink, chunk, sizeof(chunk), &err) != 0)
            _exit(21);
        raise(sig);
        _exit(22);
    }
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status));
    CHECK_INT_EQ(WTERMSIG(status), sig);
    list_dir(listing, sizeof(listing));
    CHECK_STR_EQ(listing, "sig.sql");
    size_t length;
    char *text = read_all(path, &length);
    CHECK_STR_EQ(text, "before\n");
    free(text);
    clean_dir();
}

static void
test_signals_remove_temporary(void)
{
    run_signal_case(SIGTERM);
    run_signal_case(SIGINT);
    run_signal_case(SIGHUP);
    run_signal_case(SIGPIPE);
}

static void
test_rewrite(void)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/rw.bin", dir);
    struct dg_error err;
    dg_error_init(&err);
    struct sink *sink;
    CHECK_INT_EQ(sink_open(&sink, path, &err), 0);
    static char data[100000];
    memset(data, '.', sizeof(data));
    CHECK_INT_EQ(sink_write(sink, data, sizeof(data), &err), 0);
    CHECK_INT_EQ(sink_write(sink, "tail", 4, &err), 0); /* still buffered */
    CHECK_INT_EQ(sink_rewrite(sink, 10, "XYZ", 3, &err), 0);
    CHECK_INT_EQ(sink_rewrite(sink, 100001, "AI", 2, &err), 0);
    CHECK_INT_EQ(sink_offset(sink), 100004);
    CHECK_INT_EQ(sink_write(sink, "!", 1, &err), 0);
    struct dg_error past;
    dg_error_init(&past);
    CHECK_INT_EQ(sink_rewrite(sink, 100004, "no", 2, &past), -1);
    CHECK_INT_EQ(past.status, DG_INTERNAL);
    CHECK_INT_EQ(sink_finish(sink, &err), 0);
    size_t length;
    char *text = read_all(path, &length);
    CHECK(text != NULL);
    CHECK_INT_EQ(length, 100005);
    CHECK(memcmp(text, "..........XYZ...", 16) == 0);
    CHECK(memcmp(text + 99998, "..tAIl!", 7) == 0);
    free(text);
    clean_dir();
}

/* Standard output: not closed, seekable when it is a regular file, and
 * rewrites are relative to where the sink started. */
static void
test_stdout(void)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/stdout.txt", dir);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(saved >= 0 && fd >= 0);
    dup2(fd, STDOUT_FILENO);
    close(fd);
    CHECK_INT_EQ(write(STDOUT_FILENO, "prefix", 6), 6);
    struct dg_error err;
    dg_error_init(&err);
    struct sink *sink;
    int rc = sink_open(&sink, "-", &err);
    bool seekable = rc == 0 && sink_is_seekable(sink);
    if (rc == 0)
        rc = sink_write(sink, "0123456789", 10, &err);
    if (rc == 0)
        rc = sink_rewrite(sink, 2, "ab", 2, &err);
    if (rc == 0)
        rc = sink_finish(sink, &err);
    bool still_open = write(STDOUT_FILENO, "+", 1) == 1;
    dup2(saved, STDOUT_FILENO);
    close(saved);
    CHECK_INT_EQ(rc, 0);
    CHECK(seekable);
    CHECK(still_open);
    size_t length;
    char *text = read_all(path, &length);
    CHECK_STR_EQ(text, "prefix01ab456789+");
    free(text);

    struct sink *plain;
    CHECK_INT_EQ(sink_open(&plain, NULL, &err), 0);
    sink_abort(plain);
    clean_dir();
}

static void
test_open_errors(void)
{
    char path[128];
    struct dg_error err;
    dg_error_init(&err);
    struct sink *sink = (struct sink *)&err;
    snprintf(path, sizeof(path), "%s/missing/out.sql", dir);
    CHECK_INT_EQ(sink_open(&sink, path, &err), -1);
    CHECK(sink == NULL);
    CHECK_INT_EQ(err.status, DG_IO);
    CHECK_CONTAINS(err.message, path);
    CHECK_CONTAINS(err.message, strerror(ENOENT));

    dg_error_init(&err);
    CHECK_INT_EQ(sink_open(&sink, dir, &err), -1);
    CHECK_CONTAINS(err.message, strerror(EISDIR));
}

/* A device is written in place, never replaced: /dev/full fails every
 * write with ENOSPC. */
static void
test_device_full(void)
{
    struct stat before;
    if (stat("/dev/full", &before) != 0 || !S_ISCHR(before.st_mode))
        return;
    struct dg_error err;
    dg_error_init(&err);
    struct sink *sink;
    CHECK_INT_EQ(sink_open(&sink, "/dev/full", &err), 0);
    CHECK(!sink_is_seekable(sink));
    static char data[70000];
    memset(data, 'f', sizeof(data));
    CHECK_INT_EQ(sink_write(sink, data, sizeof(data), &err), -1);
    CHECK_INT_EQ(err.status, DG_IO);
    CHECK_STR_EQ(err.message, "cannot write \"/dev/full\": No space left on "
                              "device");
    CHECK_INT_EQ(sink_write(sink, "x", 1, &err), -1);
    sink_abort(sink);
    struct stat after;
    CHECK_INT_EQ(stat("/dev/full", &after), 0);
    CHECK(S_ISCHR(after.st_mode) && after.st_rdev == before.st_rdev);
}

int
main(void)
{
    /* A run started in the background by a shell without job control
     * inherits SIGINT ignored, and the sink rightly leaves an ignored
     * signal alone; these tests are of a process that can be interrupted,
     * so the dispositions are the defaults before the first sink opens. */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    make_dir();
    RUN(test_finish_renames);
    RUN(test_replaces_existing_only_when_complete);
    RUN(test_file_size_limit_in_write);
    RUN(test_file_size_limit_in_finish);
    RUN(test_file_size_limit_keeps_existing);
    RUN(test_signals_remove_temporary);
    RUN(test_rewrite);
    RUN(test_stdout);
    RUN(test_open_errors);
    RUN(test_device_full);
    clean_dir();
    rmdir(dir);
    return HARNESS_DONE();
}
