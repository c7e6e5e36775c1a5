#include "encode/encode.h"

#include <stdint.h>
#include <string.h>

/* The escape letter for each byte COPY TO writes as backslash + letter, or
 * 0 for a byte written as is. Only these seven bytes are escaped by
 * PostgreSQL; other bytes, UTF-8 sequences included, pass through. */
static const char escape_letters[256] = {
    ['\\'] = '\\', ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n',
    ['\r'] = 'r',  ['\t'] = 't', ['\v'] = 'v',
};

#define BYTES_ONES  UINT64_C(0x0101010101010101)
#define BYTES_HIGHS UINT64_C(0x8080808080808080)

/* Non-zero when one of the eight bytes in word may need escaping: a byte
 * below 0x0e (the escaped controls are 0x08..0x0d) or a backslash. Never
 * zero when one does; the bytes are then looked at one by one. */
static inline uint64_t
word_may_escape(uint64_t word)
{
    uint64_t low = (word - BYTES_ONES * 0x0e) & ~word & BYTES_HIGHS;
    uint64_t bs = word ^ (BYTES_ONES * '\\');
    return low | ((bs - BYTES_ONES) & ~bs & BYTES_HIGHS);
}

static char *
escape_bytes(char *dst, const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        char letter = escape_letters[(unsigned char)text[i]];
        if (letter) {
            *dst++ = '\\';
            *dst++ = letter;
        } else {
            *dst++ = text[i];
        }
    }
    return dst;
}

/* Writes text escaped at dst, which has room for 2 * length + 8 bytes;
 * returns the end. Generated text almost never needs escaping, so it is
 * scanned and copied eight bytes at a time, the last piece as an eight-byte
 * (or two overlapping four-byte) word(s) ending at its end: the bytes read
 * twice were plain, so writing them again writes what is already there. */
static char *
escape_into(char *dst, const char *text, size_t length)
{
    if (length < 8) {
        if (length < 4)
            return escape_bytes(dst, text, length);
        uint32_t lo, hi;
        memcpy(&lo, text, 4);
        memcpy(&hi, text + length - 4, 4);
        if (word_may_escape((uint64_t)hi << 32 | lo))
            return escape_bytes(dst, text, length);
        memcpy(dst, &lo, 4);
        memcpy(dst + length - 4, &hi, 4);
        return dst + length;
    }
    size_t i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t word;
        memcpy(&word, text + i, 8);
        if (!word_may_escape(word)) {
            memcpy(dst, &word, 8);
            dst += 8;
        } else {
            dst = escape_bytes(dst, text + i, 8);
        }
    }
    size_t rest = length - i;
    if (rest == 0)
        return dst;
    uint64_t word;
    memcpy(&word, text + length - 8, 8);
    if (word_may_escape(word))
        return escape_bytes(dst, text + i, rest);
    memcpy(dst + rest - 8, &word, 8);
    return dst + rest;
}

void
encode_copy_text(struct buf *out, const char *text, size_t length)
{
    /* Reserve the worst case once so the loop writes without checks. */
    if (out->cap - out->len <= 2 * length + 8)
        buf_grow(out, 2 * length + 8);
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
    /* The other kinds' output forms (value_format) are digits, signs, '-',
     * ':', '.', ' ' and letters: nothing COPY escapes. */
    value_format(v, out);
}

void
encode_copy_row(struct buf *out, const struct value *values, size_t count)
{
    /* Each field reserves its worst case (and the TAB before it) once and
     * is written without further checks; the NUL goes after the row. */
    for (size_t i = 0; i < count; i++) {
        const struct value *v = &values[i];
        size_t need = v->kind == VALUE_TEXT ? 2 * v->as.text.len + 9
                                             : VALUE_WRITE_MAX + 1;
        if (out->cap - out->len <= need)
            buf_grow(out, need);
        char *dst = out->data + out->len;
        if (i > 0)
            *dst++ = '\t';
        switch (v->kind) {
        case VALUE_NULL:
            *dst++ = '\\';
            *dst++ = 'N';
            break;
        case VALUE_TEXT:
            if (value_text_is_plain(v)) {
                memcpy(dst, v->as.text.ptr, v->as.text.len);
                dst += v->as.text.len;
            } else {
                dst = escape_into(dst, v->as.text.ptr, v->as.text.len);
            }
            break;
        default:
            /* digits, signs, '-', ':', '.', ' ' and letters: nothing COPY
             * escapes */
            dst = value_write(v, dst);
            break;
        }
        out->len = (size_t)(dst - out->data);
    }
    buf_putc(out, '\n');
}
