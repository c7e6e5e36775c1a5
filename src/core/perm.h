/*
 * perm: keyed pseudo-random permutations of [0, n). A balanced Feistel
 * network over the smallest even power of two >= n, with cycle walking, so
 * perm_apply() is a bijection on [0, n) computed in O(1) memory. Unique
 * columns use it to turn the row index into a scattered but never repeated
 * value; join tables use it to draw distinct pairs.
 * Thread-safety: a struct perm is read-only after perm_init().
 */
#ifndef DG_CORE_PERM_H
#define DG_CORE_PERM_H

#include <stdint.h>

struct perm {
    uint64_t size;      /* n */
    unsigned half_bits; /* bits in each Feistel half */
    uint64_t half_mask;
    uint64_t keys[4];
};

void perm_init(struct perm *p, uint64_t size, uint64_t key);

/* The image of index (index < size) */
uint64_t perm_apply(const struct perm *p, uint64_t index);

#endif
