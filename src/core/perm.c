#include "core/perm.h"

#include "core/rng.h"

void
perm_init(struct perm *p, uint64_t size, uint64_t key)
{
    p->size = size;
    unsigned bits = 2;
    while (bits < 64 && (UINT64_C(1) << bits) < size)
        bits++;
    if (bits & 1)
        bits++;
    p->half_bits = bits / 2;
    p->half_mask = (UINT64_C(1) << p->half_bits) - 1;
    for (int i = 0; i < 4; i++)
        p->keys[i] = rng_combine(key, (uint64_t)i + 1);
}

static uint64_t
feistel(const struct perm *p, uint64_t x)
{
    uint64_t left = x >> p->half_bits;
    uint64_t right = x & p->half_mask;
    for (int round = 0; round < 4; round++) {
        uint64_t f = rng_mix(right ^ p->keys[round]) & p->half_mask;
        uint64_t next = left ^ f;
        left = right;
        right = next;
    }
    return (left << p->half_bits) | right;
}

uint64_t
perm_apply(const struct perm *p, uint64_t index)
{
    if (p->size <= 1)
        return 0;
    /* The domain is at most 4x the size, so walks are short on average. */
    uint64_t x = index;
    do {
        x = feistel(p, x);
    } while (x >= p->size);
    return x;
}
