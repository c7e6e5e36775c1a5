/*
 * buf: a growable byte buffer. Invariants callers may rely on: data is never
 * NULL after buf_init() and is always NUL-terminated at data[len]; the NUL is
 * not counted in len. buf_detach() is the only way to take ownership.
 * Thread-safety: a buf belongs to one thread at a time.
 */
#ifndef DG_CORE_BUF_H
#define DG_CORE_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct buf {
    char *data;
    size_t len;
    size_t cap;
};

void buf_init(struct buf *b, size_t initial_capacity);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b); /* caller frees; b is re-initialised */

/* Makes room for extra more bytes (plus the NUL). */
void buf_grow(struct buf *b, size_t extra);

static inline void
buf_reset(struct buf *b)
{
    b->len = 0;
    b->data[0] = '\0';
}

static inline void
buf_append(struct buf *b, const void *bytes, size_t length)
{
    if (b->cap - b->len <= length)
        buf_grow(b, length);
    memcpy(b->data + b->len, bytes, length);
    b->len += length;
    b->data[b->len] = '\0';
}

static inline void
buf_puts(struct buf *b, const char *text)
{
    buf_append(b, text, strlen(text));
}

static inline void
buf_putc(struct buf *b, char c)
{
    if (b->cap - b->len <= 1)
        buf_grow(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

/* "00", "01", ... "99": two digits per division when formatting. */
extern const char fmt_digit_pairs[];

/* Decimal digits of value (1 to 20). */
static inline unsigned
fmt_digits(uint64_t value)
{
    unsigned n = 1;
    for (;;) {
        if (value < 10)
            return n;
        if (value < 100)
            return n + 1;
        if (value < 1000)
            return n + 2;
        if (value < 10000)
            return n + 3;
        value /= 10000;
        n += 4;
    }
}

/* Writes value in decimal, zero-padded to at least width digits (24 at
 * most), at out (room for 24 characters, no NUL); returns how many were
 * written. Inline and straight into out: every number written runs it. */
static inline size_t
fmt_u64(char *out, uint64_t value, int width)
{
    size_t n = fmt_digits(value);
    size_t total = n;
    if (width > 0 && (size_t)width > n)
        total = (size_t)width < 24 ? (size_t)width : 24;
    for (size_t i = 0; i < total - n; i++)
        out[i] = '0';
    char *p = out + total;
    while (value >= 100) {
        p -= 2;
        memcpy(p, fmt_digit_pairs + 2 * (value % 100), 2);
        value /= 100;
    }
    if (value >= 10) {
        p -= 2;
        memcpy(p, fmt_digit_pairs + 2 * value, 2);
    } else {
        *--p = (char)('0' + value);
    }
    return total;
}

/* Decimal forms without printf: the per-value path uses these. */
void buf_put_u64(struct buf *b, uint64_t value);
void buf_put_i64(struct buf *b, int64_t value);
/* value zero-padded to at least width digits */
void buf_put_u64_padded(struct buf *b, uint64_t value, int width);

void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
