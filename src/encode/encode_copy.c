#include "encode/encode.h"

/* The escape letter for each byte COPY TO writes as backslash + letter, or
 * 0 for a byte written as is. Only these seven bytes are escaped by
 * PostgreSQL; other bytes, UTF-8 sequences included, pass through. */
static const char escape_letters[256] = {
    ['\\'] = '\\', ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n',
    ['\r'] = 'r',  ['\t'] = 't', ['\v'] = 'v',
};

/* Writes text escaped at dst, which has room for 2 * length bytes; returns
 * the end. Generated text almost never needs escaping, so runs of plain
 * bytes are copied whole. */
static char *
escape_into(char *dst, const char *text, size_t length)
{
    size_t i = 0;
    while (i < length) {
        size_t run = i;
        while (run < length && !escape_letters[(unsigned char)text[run]])
            run++;
        memcpy(dst, text + i, run - i);
        dst += run - i;
        if (run == length)
            break;
        *dst++ = '\\';
        *dst++ = escape_letters[(unsigned char)text[run]];
        i = run + 1;
    }
    return dst;
}

void
encode_copy_text(struct buf *out, const char *text, size_t length)
{
    /* Reserve the worst case once so the loop writes without checks. */
    if (out->cap - out->len <= 2 * length)
        buf_grow(out, 2 * length);
    char *dst = escape_into(out->data + out->len, text, length);
    out->len = (size_t)(dst - out->data);
    out->data[out->len] = '\0';
}

void
encode_copy_value(struct buf *out, const struct value *v)
{
    if (v->kind == VALUE_NULL) {
        buf_append(out, "\\N", 2);
        return;
    }
    if (v->kind == VALUE_TEXT) {
        encode_copy_text(out, v->as.text.ptr, v->as.text.len);
        return;
    }
    size_t start = out->len;
    value_format(v, out);
    /* The other kinds' output forms are digits, signs, '-', ':', '.', ' '
     * and letters; escape anyway if that ever changes. */
    for (size_t i = start; i < out->len; i++) {
        if (escape_letters[(unsigned char)out->data[i]]) {
            char copy[128];
            size_t length = out->len - start;
            if (length > sizeof(copy))
                length = sizeof(copy);
            memcpy(copy, out->data + start, length);
            out->len = start;
            encode_copy_text(out, copy, length);
            return;
        }
    }
}

void
encode_copy_row(struct buf *out, const struct value *values, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            buf_putc(out, '\t');
        encode_copy_value(out, &values[i]);
    }
    buf_putc(out, '\n');
}
