#include "core/rng.h"

#include <math.h>

uint64_t
rng_hash_name(const char *name)
{
    /* FNV-1a, then mixed: FNV alone clusters on short names. */
    uint64_t hash = UINT64_C(0xcbf29ce484222325);
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        hash ^= *p;
        hash *= UINT64_C(0x100000001b3);
    }
    return rng_mix(hash);
}

int64_t
rng_range(struct rng *r, int64_t low, int64_t high)
{
    uint64_t span = (uint64_t)high - (uint64_t)low;
    if (span == UINT64_MAX)
        return (int64_t)rng_next(r);
    return (int64_t)((uint64_t)low + rng_below(r, span + 1));
}

double
rng_normal(struct rng *r)
{
    double u1 = rng_unit(r);
    double u2 = rng_unit(r);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}
