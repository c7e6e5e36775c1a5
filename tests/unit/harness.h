/*
 * A small unit-test harness. A test file defines static void functions and
 * lists them in main() with RUN(); a failed CHECK ends the current test and
 * is reported with file and line. Each binary ends with the line
 * "N passed, N failed" and exits non-zero when anything failed.
 */
#ifndef DG_TEST_HARNESS_H
#define DG_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed, harness_current_failed;
static const char *harness_current;

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            harness_fail(__FILE__, __LINE__, "%s", #cond);                     \
            return;                                                            \
        }                                                                      \
    } while (0)

#define CHECK_INT_EQ(actual, expected)                                         \
    do {                                                                       \
        long long harness_a = (long long)(actual);                             \
        long long harness_e = (long long)(expected);                           \
        if (harness_a != harness_e) {                                          \
            harness_fail(__FILE__, __LINE__, "%s == %lld, expected %lld",      \
                         #actual, harness_a, harness_e);                       \
            return;                                                            \
        }                                                                      \
    } while (0)

#define CHECK_STR_EQ(actual, expected)                                         \
    do {                                                                       \
        const char *harness_a = (actual);                                      \
        const char *harness_e = (expected);                                    \
        if (harness_a == NULL || strcmp(harness_a, harness_e) != 0) {          \
            harness_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"",  \
                         #actual, harness_a ? harness_a : "(null)",            \
                         harness_e);                                           \
            return;                                                            \
        }                                                                      \
    } while (0)

/* Substring check, for messages. */
#define CHECK_CONTAINS(haystack, needle)                                       \
    do {                                                                       \
        const char *harness_h = (haystack);                                    \
        if (harness_h == NULL || strstr(harness_h, (needle)) == NULL) {        \
            harness_fail(__FILE__, __LINE__, "\"%s\" does not contain \"%s\"", \
                         harness_h ? harness_h : "(null)", (needle));          \
            return;                                                            \
        }                                                                      \
    } while (0)

__attribute__((format(printf, 3, 4))) static void
harness_fail(const char *file, int line, const char *fmt, ...);

#include <stdarg.h>

static void
harness_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("FAIL %s: %s:%d: ", harness_current, file, line);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    harness_current_failed = 1;
}

#define RUN(test)                                                              \
    do {                                                                       \
        harness_current = #test;                                               \
        harness_current_failed = 0;                                            \
        test();                                                                \
        if (harness_current_failed) {                                          \
            harness_failed++;                                                  \
        } else {                                                               \
            harness_passed++;                                                  \
            printf("ok %s\n", #test);                                          \
        }                                                                      \
        fflush(stdout);                                                        \
    } while (0)

#define HARNESS_DONE()                                                         \
    (printf("%d passed, %d failed\n", harness_passed, harness_failed),         \
     harness_failed ? 1 : 0)

#endif
