#include "cli/cli_json.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

static void
write_string(struct buf *out, const char *text, size_t length)
{
    json_t *string = json_stringn_nocheck(text, length);
    char *encoded = json_dumps(string, JSON_ENCODE_ANY);
    buf_puts(out, encoded);
    free(encoded);
    json_decref(string);
}

/* The shortest %g form that reads back as the same double, with a point or
 * an exponent so that a reader keeps it a real. */
static void
write_real(struct buf *out, double value)
{
    char text[40];
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(text, sizeof(text), "%.*g", precision, value);
        if (strtod(text, NULL) == value)
            break;
    }
    buf_puts(out, text);
    if (strpbrk(text, ".eEn") == NULL)
        buf_puts(out, ".0");
}

void
cli_json_write_inline(struct buf *out, const json_t *value)
{
    switch (json_typeof(value)) {
    case JSON_OBJECT: {
        buf_putc(out, '{');
        const char *key;
        json_t *member;
        bool first = true;
        json_object_foreach((json_t *)value, key, member)
        {
            if (!first)
                buf_puts(out, ", ");
            first = false;
            write_string(out, key, strlen(key));
            buf_puts(out, ": ");
            cli_json_write_inline(out, member);
        }
        buf_putc(out, '}');
        break;
    }
    case JSON_ARRAY: {
        buf_putc(out, '[');
        for (size_t i = 0; i < json_array_size(value); i++) {
            if (i > 0)
                buf_puts(out, ", ");
            cli_json_write_inline(out, json_array_get(value, i));
        }
        buf_putc(out, ']');
        break;
    }
    case JSON_STRING:
        write_string(out, json_string_value(value), json_string_length(value));
        break;
    case JSON_INTEGER:
        buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
        break;
    case JSON_REAL:
        write_real(out, json_real_value(value));
        break;
    case JSON_TRUE:
        buf_puts(out, "true");
        break;
    case JSON_FALSE:
        buf_puts(out, "false");
        break;
    case JSON_NULL:
        buf_puts(out, "null");
        break;
    }
}

static void
indent_to(struct buf *out, size_t indent)
{
    for (size_t i = 0; i < indent; i++)
        buf_putc(out, ' ');
}

static bool
scalars_only(const json_t *array)
{
    for (size_t i = 0; i < json_array_size(array); i++) {
        const json_t *item = json_array_get(array, i);
        if (json_is_object(item) || json_is_array(item))
            return false;
    }
    return true;
}

/* Writes value whose line already holds `column` bytes, at nesting
 * `indent`. */
static void
write_value(struct buf *out, const json_t *value, size_t indent,
            size_t column)
{
    size_t mark = out->len;
    cli_json_write_inline(out, value);
    bool container = json_is_object(value) || json_is_array(value);
    size_t size = json_is_object(value) ? json_object_size(value)
                                        : json_is_array(value)
                                              ? json_array_size(value)
                                              : 0;
    if (!container || size == 0 || column + (out->len - mark) <= CLI_JSON_WIDTH)
        return;
    out->len = mark;
    out->data[mark] = '\0';
    if (json_is_object(value)) {
        buf_puts(out, "{\n");
        const char *key;
        json_t *member;
        size_t left = size;
        json_object_foreach((json_t *)value, key, member)
        {
            indent_to(out, indent + 2);
            size_t start = out->len;
            write_string(out, key, strlen(key));
            buf_puts(out, ": ");
            /* the trailing comma counts against the line too */
            write_value(out, member, indent + 2,
                        indent + 2 + (out->len - start) + (left > 1));
            buf_puts(out, --left ? ",\n" : "\n");
        }
        indent_to(out, indent);
        buf_putc(out, '}');
    } else if (scalars_only(value)) {
        /* filled: as many items on a line as fit */
        buf_puts(out, "[\n");
        size_t line_start = out->len;
        indent_to(out, indent + 2);
        for (size_t i = 0; i < size; i++) {
            size_t item_start = out->len;
            cli_json_write_inline(out, json_array_get(value, i));
            if (i + 1 < size)
                buf_putc(out, ',');
            if (out->len - line_start > CLI_JSON_WIDTH &&
                item_start > line_start + indent + 2) {
                /* move the item to a new line */
                size_t item_length = out->len - item_start;
                char *item = xstrndup(out->data + item_start, item_length);
                out->len = item_start - 1; /* the space before it */
                buf_putc(out, '\n');
                line_start = out->len;
                indent_to(out, indent + 2);
                buf_append(out, item, item_length);
                free(item);
            }
            if (i + 1 < size)
                buf_putc(out, ' ');
        }
        buf_putc(out, '\n');
        indent_to(out, indent);
        buf_putc(out, ']');
    } else {
        buf_puts(out, "[\n");
        for (size_t i = 0; i < size; i++) {
            indent_to(out, indent + 2);
            write_value(out, json_array_get(value, i), indent + 2,
                        indent + 2 + (i + 1 < size));
            buf_puts(out, i + 1 < size ? ",\n" : "\n");
        }
        indent_to(out, indent);
        buf_putc(out, ']');
    }
}

void
cli_json_write(struct buf *out, const json_t *value)
{
    write_value(out, value, 0, 0);
    buf_putc(out, '\n');
}
