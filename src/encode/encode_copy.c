#include "encode/encode.h"

/* The escape letter for a byte COPY TO writes as backslash + letter, or 0
 * for a byte written as is. Only these six control characters are escaped
 * by PostgreSQL; other bytes, UTF-8 sequences included, pass through. */
static char
escape_letter(unsigned char c)
{
    switch (c) {
    case '\\':
        return '\\';
    case '\b':
        return 'b';
    case '\f':
        return 'f';
    case '\n':
        return 'n';
    case '\r':
        return 'r';
    case '\t':
        return 't';
    case '\v':
        return 'v';
    default:
        return 0;
    }
}

void
encode_copy_text(struct buf *out, const char *text, size_t length)
{
    /* Reserve the worst case once so the loop writes without checks. */
    if (out->cap - out->len <= 2 * length)
        buf_grow(out, 2 * length);
    char *dst = out->data + out->len;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        char letter = escape_letter(c);
        if (letter) {
            *dst++ = '\\';
            *dst++ = letter;
        } else {
            *dst++ = (char)c;
        }
    }
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
        if (escape_letter((unsigned char)out->data[i])) {
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
