#include "writer/writer.h"

#include <string.h>


const char *const writer_format_names[] = {"copy", "sql", "custom", "directory",
                                           NULL};

const struct writer_format *
writer_find(const char *name)
{
    static const struct writer_format *const formats[] = {
        &writer_copy, &writer_sql, &writer_custom, &writer_directory};
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        if (strcmp(formats[i]->name, name) == 0)
            return formats[i];
    return NULL;
}

/* pg_restore prints a name with line breaks turned into spaces, and an
 * absent schema or owner as "-" (an absent name stays empty). */
static void
put_sanitized(struct buf *out, const char *text, bool hyphen)
{
    if (text == NULL || *text == '\0') {
        if (hyphen)
            buf_putc(out, '-');
        return;
    }
    for (const char *p = text; *p; p++)
        buf_putc(out, (*p == '\n' || *p == '\r') ? ' ' : *p);
}

void
writer_plain_entry_header(struct buf *out, const struct dump_entry *e)
{
    buf_puts(out, "--\n-- ");
    if (strcmp(e->desc, "TABLE DATA") == 0)
        buf_puts(out, "Data for ");
    buf_puts(out, "Name: ");
    put_sanitized(out, e->tag, false);
    buf_puts(out, "; Type: ");
    buf_puts(out, e->desc);
    buf_puts(out, "; Schema: ");
    put_sanitized(out, e->namespace, true);
    buf_puts(out, "; Owner: ");
    put_sanitized(out, e->owner, true);
    buf_puts(out, "\n--\n\n");
}
