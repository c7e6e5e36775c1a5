#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "harness.h"

struct run {
    int status;
    struct buf out; /* standard output */
    struct buf err; /* standard error */
};

static void
read_file(const char *path, struct buf *into)
{
    buf_init(into, 1024);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(into, chunk, n);
    fclose(f);
}

/* Runs `datagen ARGS...` in a child whose standard output and error are
 * files (not terminals), and collects both. */
static void
run_datagen(struct run *r, const char *const *args)
{
    char out_path[] = "/tmp/test_pipeline_out_XXXXXX";
    char err_path[] = "/tmp/test_pipeline_err_XXXXXX";
    int out_fd = mkstemp(out_path);
    int err_fd = mkstemp(err_path);
    char *argv[32];
    int argc = 0;
    argv[argc++] = (char *)"datagen";
    while (args[argc - 1] && argc < 31) {
        argv[argc] = (char *)args[argc - 1];
        argc++;
    }
    argv[argc] = NULL;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out_fd, STDOUT_FILENO);
        dup2(err_fd, STDERR_FILENO);
        int rc = cli_main(argc, argv);
        fflush(stdout);
        fflush(stderr);
        _exit(rc);
    }
    int status = -1;
    waitpid(pid, &status, 0);
    r->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    close(out_fd);
    close(err_fd);
    read_file(out_path, &r->out);
    read_file(err_path, &r->err);
    unlink(out_path);
    unlink(err_path);
}

static void
run_release(struct run *r)
{
    buf_release(&r->out);
    buf_release(&r->err);
}

static bool
same_bytes(const struct buf *a, const struct buf *b)
{
    return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* The progress lines go to standard error only: the dump is the same
 * bytes with and without them, in a plain and an archive format. */
static void
test_progress_never_in_output(void)
{
    static const char *const formats[] = {"copy", "custom"};
    for (size_t f = 0; f < 2; f++) {
        const char *quiet[] = {"generate", "--template", "ecommerce",
                               "-f",       formats[f],   "-j",
                               "2",        "--quiet",    NULL};
        const char *shown[] = {"generate", "--template", "ecommerce",
                               "-f",       formats[f],   "-j",
                               "2",        "--progress", NULL};
        struct run a, b;
        run_datagen(&a, quiet);
        run_datagen(&b, shown);
        CHECK_INT_EQ(a.status, 0);
        CHECK_INT_EQ(b.status, 0);
        CHECK(a.out.len > 100000);
        CHECK(same_bytes(&a.out, &b.out));
        CHECK_INT_EQ(a.err.len, 0);
        buf_putc(&b.err, '\0');
        /* not a terminal: whole lines, one per finished table at least */
        CHECK_CONTAINS(b.err.data,
                       "datagen: customers 1000/1000 rows (100%), ");
        CHECK_CONTAINS(b.err.data, "datagen: order_items ");
        CHECK(strchr(b.err.data, '\r') == NULL);
        CHECK(strstr(b.err.data, "\033[") == NULL);
        CHECK(b.err.len > 1 && b.err.data[b.err.len - 2] == '\n');
        CHECK(strstr(a.out.data, "rows/s") == NULL);
        run_release(&a);
        run_release(&b);
    }
}

/* By default progress shows only on a terminal; here stderr is a file. */
static void
test_progress_off_when_not_a_terminal(void)
{
    const char *args[] = {"generate", "--template", "ecommerce", NULL};
    struct run r;
    run_datagen(&r, args);
    CHECK_INT_EQ(r.status, 0);
    CHECK(r.out.len > 100000);
    CHECK_INT_EQ(r.err.len, 0);
    run_release(&r);
}

/* Compressed archives: chunks deflated on 1 to 8 threads give the same
 * bytes (a custom archive on standard output, a directory's gzip files). */
static void
test_compressed_same_for_any_jobs(void)
{
    static const char *const jobs[] = {"1", "2", "3", "8"};
    struct run first;
    for (size_t i = 0; i < 4; i++) {
        const char *args[] = {"generate", "--template", "ecommerce", "--scale",
                              "2",        "-f",         "custom",    "-Z",
                              "6",        "-j",         jobs[i],     NULL};
        struct run r;
        run_datagen(&r, args);
        CHECK_INT_EQ(r.status, 0);
        if (i == 0) {
            first = r;
            CHECK(first.out.len > 100000);
            continue;
        }
        CHECK(same_bytes(&first.out, &r.out));
        run_release(&r);
    }
    run_release(&first);

    char dir1[] = "/tmp/test_pipeline_dir_XXXXXX";
    char dir8[] = "/tmp/test_pipeline_dir_XXXXXX";
    CHECK(mkdtemp(dir1) != NULL && mkdtemp(dir8) != NULL);
    const char *a1[] = {"generate",  "--template", "ecommerce", "-f",
                        "directory", "-Z",         "1",         "-j",
                        "1",         "-o",         dir1,        NULL};
    const char *a8[] = {"generate",  "--template", "ecommerce", "-f",
                        "directory", "-Z",         "1",         "-j",
                        "8",         "-o",         dir8,        NULL};
    struct run r1, r8;
    run_datagen(&r1, a1);
    run_datagen(&r8, a8);
    CHECK_INT_EQ(r1.status, 0);
    CHECK_INT_EQ(r8.status, 0);
    run_release(&r1);
    run_release(&r8);
    char command[256];
    snprintf(command, sizeof(command),
             "cmp -s %s/toc.dat %s/toc.dat && diff -r %s %s >/dev/null && "
             "ls %s | grep -q 'dat.gz$'",
             dir1, dir8, dir1, dir8, dir1);
    CHECK_INT_EQ(system(command), 0);
    snprintf(command, sizeof(command), "rm -rf %s %s", dir1, dir8);
    CHECK_INT_EQ(system(command), 0);
}

int
main(void)
{
    RUN(test_progress_never_in_output);
    RUN(test_progress_off_when_not_a_terminal);
    RUN(test_compressed_same_for_any_jobs);
    return HARNESS_DONE();
}
