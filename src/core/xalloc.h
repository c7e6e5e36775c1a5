/*
 * xalloc: allocation wrappers. Running out of memory is fatal here and
 * nowhere else; every other failure is reported to the caller.
 * Thread-safe.
 */
#ifndef DG_CORE_XALLOC_H
#define DG_CORE_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *text);
char *xstrndup(const char *text, size_t length);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

#endif
