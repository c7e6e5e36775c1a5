/*
 * rng: the counter-based random source. Every value datagen writes is a pure
 * function of (seed, table, column, row): rng_cell() mixes those four numbers
 * into a fresh stream, so any cell can be computed alone, on any thread, in
 * any order, and the output does not depend on --jobs.
 * Thread-safety: all functions are pure or act on the caller's struct rng.
 */
#ifndef DG_CORE_RNG_H
#define DG_CORE_RNG_H

#include <stdint.h>

struct rng {
    uint64_t state;
};

/* The splitmix64 finaliser: a bijective 64-bit mixer. */
static inline uint64_t
rng_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

/* Stable 64-bit hash of a name (tables and columns are keyed by name, so
 * adding a table does not change the values of the others). */
uint64_t rng_hash_name(const char *name);

/* Combines two keys into one; not commutative. */
static inline uint64_t
rng_combine(uint64_t a, uint64_t b)
{
    return rng_mix(a ^ rng_mix(b + UINT64_C(0x9e3779b97f4a7c15)));
}

/* The stream of one cell. */
static inline struct rng
rng_cell(uint64_t seed, uint64_t table, uint64_t column, uint64_t row)
{
    struct rng r;
    r.state = rng_combine(rng_combine(rng_combine(seed, table), column), row);
    return r;
}

static inline uint64_t
rng_next(struct rng *r)
{
    r->state += UINT64_C(0x9e3779b97f4a7c15);
    return rng_mix(r->state);
}

/* Uniform in [0, bound); bound 0 returns 0. Unbiased (Lemire). Inline:
 * generators call it several times per value. */
static inline uint64_t
rng_below(struct rng *r, uint64_t bound)
{
    if (bound == 0)
        return 0;
    uint64_t x = rng_next(r);
    __uint128_t m = (__uint128_t)x * bound;
    uint64_t low = (uint64_t)m;
    if (low < bound) {
        uint64_t threshold = (0 - bound) % bound;
        while (low < threshold) {
            x = rng_next(r);
            m = (__uint128_t)x * bound;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

/* Uniform in [low, high], inclusive; requires low <= high. */
int64_t rng_range(struct rng *r, int64_t low, int64_t high);

/* Uniform in [0, 1) with 53 random bits. */
static inline double
rng_unit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* True with the given probability. */
static inline int
rng_chance(struct rng *r, double probability)
{
    return rng_unit(r) < probability;
}

/* Standard normal deviate (Box-Muller, one value per call). */
double rng_normal(struct rng *r);

#endif
