/*
 * arena: a bump allocator for memory that lives for one phase (the schema
 * model, a chunk of rows). Nothing is freed one by one: arena_reset() makes
 * every block reusable, arena_release() returns them to the system.
 * Pointers from an arena stay valid until the next reset or release.
 * Thread-safety: an arena belongs to one thread at a time.
 */
#ifndef DG_CORE_ARENA_H
#define DG_CORE_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head;  /* block being filled */
    struct arena_block *spare; /* blocks kept by arena_reset() */
    size_t block_size;
};

void arena_init(struct arena *arena, size_t block_size);
void arena_release(struct arena *arena);
void arena_reset(struct arena *arena);

/* Memory aligned for any type; never NULL. */
void *arena_alloc(struct arena *arena, size_t size);
void *arena_zalloc(struct arena *arena, size_t size);
char *arena_strdup(struct arena *arena, const char *text);
char *arena_strndup(struct arena *arena, const char *text, size_t length);
char *arena_printf(struct arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
