#include "encode/encode.h"

#include <math.h>

/* Appends 'text' with single quotes doubled. Backslashes stay as they are:
 * the script sets standard_conforming_strings = on. */
static void
put_quoted(struct buf *out, const char *text, size_t length)
{
    if (out->cap - out->len <= 2 * length + 2)
        buf_grow(out, 2 * length + 2);
    char *dst = out->data + out->len;
    *dst++ = '\'';
    for (size_t i = 0; i < length; i++) {
        if (text[i] == '\'')
            *dst++ = '\'';
        *dst++ = text[i];
    }
    *dst++ = '\'';
    out->len = (size_t)(dst - out->data);
    out->data[out->len] = '\0';
}

/* Appends v's output form between quotes, quotes doubled. */
static void
put_formatted_quoted(struct buf *out, const struct value *v)
{
    size_t start = out->len;
    buf_putc(out, '\'');
    value_format(v, out);
    for (size_t i = start + 1; i < out->len; i++) {
        if (out->data[i] == '\'') {
            /* Not produced by any non-text output form; handled anyway. */
            char copy[128];
            size_t length = out->len - start - 1;
            if (length > sizeof(copy))
                length = sizeof(copy);
            memcpy(copy, out->data + start + 1, length);
            out->len = start;
            put_quoted(out, copy, length);
            return;
        }
    }
    buf_putc(out, '\'');
}

void
encode_sql_value(struct buf *out, const struct value *v)
{
    switch (v->kind) {
    case VALUE_NULL:
        buf_append(out, "NULL", 4);
        break;
    case VALUE_BOOL:
        if (v->as.i)
            buf_append(out, "true", 4);
        else
            buf_append(out, "false", 5);
        break;
    case VALUE_INT:
        buf_put_i64(out, v->as.i);
        break;
    case VALUE_NUMERIC:
        value_format(v, out);
        break;
    case VALUE_FLOAT:
        /* A bare literal is read as numeric and converted to the column's
         * float type through its text form, so it round-trips exactly.
         * NaN and the infinities are not numeric literals; negative zero
         * would lose its sign as a numeric. */
        if (isfinite(v->as.f) && !(v->as.f == 0.0 && signbit(v->as.f)))
            value_format(v, out);
        else
            put_formatted_quoted(out, v);
        break;
    case VALUE_TEXT:
        put_quoted(out, v->as.text.ptr, v->as.text.len);
        break;
    case VALUE_DATE:
    case VALUE_TIME:
    case VALUE_TIMESTAMP:
    case VALUE_TIMESTAMPTZ:
        put_formatted_quoted(out, v);
        break;
    }
}

void
encode_sql_tuple(struct buf *out, const struct value *values, size_t count)
{
    buf_putc(out, '(');
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            buf_append(out, ", ", 2);
        encode_sql_value(out, &values[i]);
    }
    buf_putc(out, ')');
}
