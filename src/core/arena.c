#include "core/arena.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/xalloc.h"

struct arena_block {
    struct arena_block *next;
    size_t size;
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

void
arena_init(struct arena *arena, size_t block_size)
{
    arena->head = NULL;
    arena->spare = NULL;
    arena->block_size = block_size ? block_size : 64 * 1024;
}

static void
free_chain(struct arena_block *block)
{
    while (block) {
        struct arena_block *next = block->next;
        free(block);
        block = next;
    }
}

void
arena_release(struct arena *arena)
{
    free_chain(arena->head);
    free_chain(arena->spare);
    arena->head = NULL;
    arena->spare = NULL;
}

void
arena_reset(struct arena *arena)
{
    /* Keep only standard-size blocks so one huge value does not pin memory. */
    struct arena_block *block = arena->head;
    while (block) {
        struct arena_block *next = block->next;
        if (block->size == arena->block_size) {
            block->used = 0;
            block->next = arena->spare;
            arena->spare = block;
        } else {
            free(block);
        }
        block = next;
    }
    arena->head = NULL;
}

void *
arena_alloc(struct arena *arena, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    struct arena_block *block = arena->head;
    if (block == NULL || block->size - block->used < size) {
        if (size <= arena->block_size && arena->spare) {
            block = arena->spare;
            arena->spare = block->next;
        } else {
            size_t capacity =
                size > arena->block_size ? size : arena->block_size;
            block = xmalloc(sizeof(*block) + capacity);
            block->size = capacity;
            block->used = 0;
        }
        block->next = arena->head;
        arena->head = block;
    }
    void *ptr = block->data + block->used;
    block->used += size;
    return ptr;
}

void *
arena_zalloc(struct arena *arena, size_t size)
{
    void *ptr = arena_alloc(arena, size);
    memset(ptr, 0, size);
    return ptr;
}

char *
arena_strndup(struct arena *arena, const char *text, size_t length)
{
    char *copy = arena_alloc(arena, length + 1);
    memcpy(copy, text, length);
    copy[length] = '\0';
    return copy;
}

char *
arena_strdup(struct arena *arena, const char *text)
{
    return arena_strndup(arena, text, strlen(text));
}

char *
arena_printf(struct arena *arena, const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int length = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (length < 0)
        length = 0;
    char *text = arena_alloc(arena, (size_t)length + 1);
    vsnprintf(text, (size_t)length + 1, fmt, again);
    va_end(again);
    return text;
}
