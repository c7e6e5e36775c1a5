#include "core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/xalloc.h"

void
buf_init(struct buf *b, size_t initial_capacity)
{
    b->cap = initial_capacity < 16 ? 16 : initial_capacity;
    b->data = xmalloc(b->cap);
    b->len = 0;
    b->data[0] = '\0';
}

void
buf_release(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *
buf_detach(struct buf *b)
{
    char *data = b->data;
    buf_init(b, 16);
    return data;
}

void
buf_grow(struct buf *b, size_t extra)
{
    size_t needed = b->len + extra + 1;
    if (needed <= b->cap)
        return;
    size_t cap = b->cap * 2;
    while (cap < needed)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void
buf_put_u64(struct buf *b, uint64_t value)
{
    buf_put_u64_padded(b, value, 1);
}

const char fmt_digit_pairs[] = "00010203040506070809"
                               "10111213141516171819"
                               "20212223242526272829"
                               "30313233343536373839"
                               "40414243444546474849"
                               "50515253545556575859"
                               "60616263646566676869"
                               "70717273747576777879"
                               "80818283848586878889"
                               "90919293949596979899";

void
buf_put_u64_padded(struct buf *b, uint64_t value, int width)
{
    if (b->cap - b->len <= 24)
        buf_grow(b, 24);
    b->len += fmt_u64(b->data + b->len, value, width);
    b->data[b->len] = '\0';
}

void
buf_put_i64(struct buf *b, int64_t value)
{
    if (value < 0) {
        buf_putc(b, '-');
        buf_put_u64(b, (uint64_t)0 - (uint64_t)value);
    } else {
        buf_put_u64(b, (uint64_t)value);
    }
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int length = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (length > 0) {
        buf_grow(b, (size_t)length);
        vsnprintf(b->data + b->len, (size_t)length + 1, fmt, again);
        b->len += (size_t)length;
    }
    va_end(again);
}
