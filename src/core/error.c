#include "core/error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

const char *
dg_status_label(enum dg_status status)
{
    switch (status) {
#define DG_STATUS_LABEL(name, label, code)                                     \
    case DG_##name:                                                            \
        return label;
        DG_STATUS_MAP(DG_STATUS_LABEL)
#undef DG_STATUS_LABEL
    }
    return "unknown";
}

int
dg_status_exit_code(enum dg_status status)
{
    switch (status) {
#define DG_STATUS_CODE(name, label, code)                                      \
    case DG_##name:                                                            \
        return code;
        DG_STATUS_MAP(DG_STATUS_CODE)
#undef DG_STATUS_CODE
    }
    return 1;
}

void
dg_error_init(struct dg_error *err)
{
    memset(err, 0, sizeof(*err));
    err->status = DG_OK;
}

int
dg_fail(struct dg_error *err, enum dg_status status, const char *location,
        const char *fmt, ...)
{
    if (err == NULL || err->status != DG_OK)
        return -1;
    err->status = status;
    snprintf(err->location, sizeof(err->location), "%s",
             location ? location : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    err->hint[0] = '\0';
    return -1;
}

void
dg_error_hint(struct dg_error *err, const char *fmt, ...)
{
    if (err == NULL || err->hint[0] != '\0')
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
    va_end(ap);
}

void
dg_error_print(const struct dg_error *err, FILE *out)
{
    if (err->location[0] != '\0')
        fprintf(out, "datagen: error: %s: %s\n", err->location, err->message);
    else
        fprintf(out, "datagen: error: %s\n", err->message);
    if (err->hint[0] != '\0')
        fprintf(out, "hint: %s\n", err->hint);
}

void
diag_list_init(struct diag_list *list)
{
    memset(list, 0, sizeof(*list));
}

void
diag_list_release(struct diag_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].path);
        free(list->items[i].message);
        free(list->items[i].hint);
    }
    free(list->items);
    memset(list, 0, sizeof(*list));
}

static void
diag_vadd(struct diag_list *list, enum diag_severity severity,
          const char *path, const char *hint, const char *fmt, va_list ap)
{
    if (list->count == list->capacity) {
        list->capacity = list->capacity ? list->capacity * 2 : 16;
        list->items =
            xrealloc(list->items, list->capacity * sizeof(*list->items));
    }
    struct diag *d = &list->items[list->count++];
    d->severity = severity;
    d->path = path ? xstrdup(path) : NULL;
    d->hint = hint ? xstrdup(hint) : NULL;
    d->message = xvasprintf(fmt, ap);
    if (severity == DIAG_ERROR)
        list->error_count++;
    else
        list->warning_count++;
}

void
diag_add(struct diag_list *list, enum diag_severity severity, const char *path,
         const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(list, severity, path, hint, fmt, ap);
    va_end(ap);
}

void
diag_error(struct diag_list *list, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(list, DIAG_ERROR, path, NULL, fmt, ap);
    va_end(ap);
}

void
diag_warning(struct diag_list *list, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(list, DIAG_WARNING, path, NULL, fmt, ap);
    va_end(ap);
}

void
diag_list_print(const struct diag_list *list, FILE *out)
{
    for (size_t i = 0; i < list->count; i++) {
        const struct diag *d = &list->items[i];
        fprintf(out, "datagen: %s: ",
                d->severity == DIAG_ERROR ? "error" : "warning");
        if (d->path)
            fprintf(out, "%s: ", d->path);
        fputs(d->message, out);
        if (d->hint)
            fprintf(out, " (%s)", d->hint);
        fputc('\n', out);
    }
}
