#include <stdlib.h>

#include "core/xalloc.h"
#include "gen/gen_internal.h"

static const char *const no_keys[] = {NULL};

/* State shared by the kinds here: uniqueness comes from a permutation of
 * the row index (or a bijective mix of it) placed in the value's bits. */
struct net_state {
    enum pg_base base;
    bool unique;
    uint64_t key;
    struct perm perm;
    int length; /* bit: bits; cidr: 24 or 32 when unique */
    bool varying;
};

static struct net_state *
net_new(const struct gen_spec *spec, const struct pg_type *t)
{
    struct net_state *st = xcalloc(1, sizeof(*st));
    st->base = t->base;
    st->unique = spec->unique;
    st->key = spec->key;
    return st;
}

/* uuid */

static int
uuid_compile(const struct gen_spec *spec, void **state, struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    bool text =
        (t->base == PG_TEXT || t->base == PG_VARCHAR || t->base == PG_CHAR) &&
        (t->length < 0 || t->length >= 36);
    if (t->array_dims > 0 || (t->base != PG_UUID && !text)) {
        gen_util_type_error(spec, "uuid", diags);
        return -1;
    }
    *state = net_new(spec, t);
    return 0;
}

static void
uuid_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct net_state *st = state;
    /* 64 bits that identify the row (rng_mix is a bijection, so distinct
     * rows give distinct bits) around the version and variant fields, and
     * 58 more random bits. */
    uint64_t id =
        st->unique ? rng_mix(ctx->row ^ st->key) : rng_next(&ctx->rng);
    uint64_t extra = rng_next(&ctx->rng);
    unsigned char bytes[16];
    for (int i = 0; i < 6; i++)
        bytes[i] = (unsigned char)(id >> (56 - 8 * i));
    bytes[6] = (unsigned char)(0x40 | ((id >> 12) & 0x0f));
    bytes[7] = (unsigned char)(id >> 4);
    bytes[8] = (unsigned char)(0x80 | ((id & 0x0f) << 2) | (extra & 0x03));
    for (int i = 9; i < 16; i++)
        bytes[i] = (unsigned char)(extra >> (8 * (i - 8)));
    struct gen_out o;
    gen_out_init(&o, ctx->arena, 36);
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            gen_out_putc(&o, '-');
        gen_util_put_hex(&o, bytes[i], 2);
    }
    *out = gen_out_value(&o);
}

const struct gen_kind gen_net_uuid = {
    .name = "uuid",
    .description = "version 4 UUIDs; unique by construction",
    .config_keys = no_keys,
    .types = GEN_TYPES_TEXT | GEN_TYPE(PG_UUID),
    .compile = uuid_compile,
    .generate = uuid_generate,
    .free = free,
};

/* bytea */

static int
bytea_compile(const struct gen_spec *spec, void **state,
              struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 || t->base != PG_BYTEA) {
        gen_util_type_error(spec, "bytea", diags);
        return -1;
    }
    *state = net_new(spec, t);
    return 0;
}

static void
bytea_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct net_state *st = state;
    uint64_t count = (st->unique ? 8 : 4) + rng_below(&ctx->rng, 25);
    struct gen_out o;
    gen_out_init(&o, ctx->arena, 2 + 2 * count);
    gen_out_puts(&o, "\\x");
    uint64_t i = 0;
    if (st->unique) {
        gen_util_put_hex(&o, rng_mix(ctx->row ^ st->key), 16);
        i = 8;
    }
    for (; i < count; i++)
        gen_util_put_hex(&o, rng_below(&ctx->rng, 256), 2);
    *out = gen_out_value(&o);
}

const struct gen_kind gen_net_bytea = {
    .name = "bytea",
    .description = "4 to 28 random bytes in hex form (\\x0a1b...)",
    .config_keys = no_keys,
    .types = GEN_TYPE(PG_BYTEA),
    .compile = bytea_compile,
    .generate = bytea_generate,
    .free = free,
};

/* inet, cidr */

static void
put_ipv4(struct gen_out *o, uint32_t address)
{
    for (int i = 3; i >= 0; i--) {
        gen_util_put_u64(o, (address >> (8 * i)) & 0xff);
        if (i > 0)
            gen_out_putc(o, '.');
    }
}

static int
inet_compile(const struct gen_spec *spec, void **state, struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 || t->base != PG_INET) {
        gen_util_type_error(spec, "inet", diags);
        return -1;
    }
    if (gen_util_need_capacity(spec, UINT64_C(1) << 32, "IPv4", diags) != 0)
        return -1;
    struct net_state *st = net_new(spec, t);
    if (st->unique)
        perm_init(&st->perm, UINT64_C(1) << 32, spec->key);
    *state = st;
    return 0;
}

static void
inet_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct net_state *st = state;
    struct gen_out o;
    gen_out_init(&o, ctx->arena, 48);
    if (st->unique) {
        put_ipv4(&o, (uint32_t)perm_apply(&st->perm, ctx->row));
    } else if (rng_chance(&ctx->rng, 0.85)) {
        /* Addresses that look like hosts: first octet 1..223, not 127. */
        uint32_t first = (uint32_t)(1 + rng_below(&ctx->rng, 222));
        if (first == 127)
            first = 10;
        put_ipv4(&o, first << 24 | (uint32_t)rng_below(&ctx->rng, 1u << 24));
    } else {
        gen_out_puts(&o, "2001:db8");
        for (int i = 0; i < 6; i++) {
            uint64_t group = rng_below(&ctx->rng, 0x10000);
            gen_out_putc(&o, ':');
            gen_util_put_hex(&o, group,
                             group >= 0x1000  ? 4
                             : group >= 0x100 ? 3
                             : group >= 0x10  ? 2
                                              : 1);
        }
    }
    *out = gen_out_value(&o);
}

const struct gen_kind gen_net_inet = {
    .name = "inet",
    .description = "host addresses, mostly IPv4 with some IPv6 "
                   "(2001:db8::/32); unique IPv4 through a permutation",
    .config_keys = no_keys,
    .types = GEN_TYPE(PG_INET),
    .compile = inet_compile,
    .generate = inet_generate,
    .free = free,
};

static int
cidr_compile(const struct gen_spec *spec, void **state, struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 || (t->base != PG_CIDR && t->base != PG_INET)) {
        gen_util_type_error(spec, "cidr", diags);
        return -1;
    }
    if (gen_util_need_capacity(spec, UINT64_C(1) << 32, "IPv4", diags) != 0)
        return -1;
    struct net_state *st = net_new(spec, t);
    if (st->unique) {
        st->length = spec->row_count <= (UINT64_C(1) << 24) ? 24 : 32;
        perm_init(&st->perm, UINT64_C(1) << st->length, spec->key);
    }
    *state = st;
    return 0;
}

static void
cidr_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct net_state *st = state;
    uint32_t address;
    unsigned prefix;
    if (st->unique) {
        prefix = (unsigned)st->length;
        address = (uint32_t)(perm_apply(&st->perm, ctx->row) << (32 - prefix));
    } else {
        static const unsigned prefixes[] = {8,  12, 16, 20, 22, 24,
                                            24, 24, 26, 28, 30, 32};
        prefix = prefixes[rng_below(&ctx->rng, 12)];
        uint32_t first = (uint32_t)(1 + rng_below(&ctx->rng, 222));
        address = first << 24 | (uint32_t)rng_below(&ctx->rng, 1u << 24);
        /* cidr rejects a value with bits set right of the mask. */
        address &= prefix == 32 ? 0xffffffffu : ~(0xffffffffu >> prefix);
    }
    struct gen_out o;
    gen_out_init(&o, ctx->arena, 20);
    put_ipv4(&o, address);
    gen_out_putc(&o, '/');
    gen_util_put_u64(&o, prefix);
    *out = gen_out_value(&o);
}

const struct gen_kind gen_net_cidr = {
    .name = "cidr",
    .description = "IPv4 networks with zero host bits (10.20.0.0/16)",
    .config_keys = no_keys,
    .types = GEN_TYPE(PG_INET) | GEN_TYPE(PG_CIDR),
    .compile = cidr_compile,
    .generate = cidr_generate,
    .free = free,
};

/* macaddr, macaddr8 */

static int
mac_compile(bool eight, const struct gen_spec *spec, void **state,
            struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    bool fits = t->base == PG_MACADDR8 || (!eight && t->base == PG_MACADDR);
    if (t->array_dims > 0 || !fits) {
        gen_util_type_error(spec, eight ? "macaddr8" : "macaddr", diags);
        return -1;
    }
    struct net_state *st = net_new(spec, t);
    st->length = eight ? 8 : 6;
    if (st->unique && !eight)
        perm_init(&st->perm, UINT64_C(1) << 46, spec->key);
    *state = st;
    return 0;
}

static void
mac_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct net_state *st = state;
    uint64_t bits;
    if (st->unique && st->length == 8)
        bits = rng_mix(ctx->row ^ st->key);
    else if (st->unique) {
        /* Keep the two flag bits of the first byte clear of the index. */
        uint64_t index = perm_apply(&st->perm, ctx->row);
        bits = (index & ((UINT64_C(1) << 40) - 1)) | (index >> 40) << 42;
    } else
        bits = rng_next(&ctx->rng);
    struct gen_out o;
    gen_out_init(&o, ctx->arena, 24);
    for (int i = 0; i < st->length; i++) {
        unsigned byte = (unsigned)(bits >> (8 * (st->length - 1 - i))) & 0xff;
        /* Six-byte addresses: a unicast, locally administered first byte
         * (the 46 bits below it identify the row when unique). */
        if (i == 0 && st->length == 6)
            byte = (byte & 0xfc) | 0x02;
        if (i > 0)
            gen_out_putc(&o, ':');
        gen_util_put_hex(&o, byte, 2);
    }
    *out = gen_out_value(&o);
}

static int
macaddr_compile(const struct gen_spec *spec, void **state,
                struct diag_list *diags)
{
    return mac_compile(false, spec, state, diags);
}

static int
macaddr8_compile(const struct gen_spec *spec, void **state,
                 struct diag_list *diags)
{
    return mac_compile(true, spec, state, diags);
}

const struct gen_kind gen_net_macaddr = {
    .name = "macaddr",
    .description = "MAC addresses (08:00:2b:01:02:03)",
    .config_keys = no_keys,
    .types = GEN_TYPE(PG_MACADDR) | GEN_TYPE(PG_MACADDR8),
    .compile = macaddr_compile,
    .generate = mac_generate,
    .free = free,
};

const struct gen_kind gen_net_macaddr8 = {
    .name = "macaddr8",
    .description = "EUI-64 addresses (08:00:2b:01:02:03:04:05)",
    .config_keys = no_keys,
    .types = GEN_TYPE(PG_MACADDR8),
    .compile = macaddr8_compile,
    .generate = mac_generate,
    .free = free,
};

/* bit, bit varying */

static int
bit_compile(const struct gen_spec *spec, void **state, struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 || (t->base != PG_BIT && t->base != PG_VARBIT)) {
        gen_util_type_error(spec, "bit", diags);
        return -1;
    }
    struct net_state *st = net_new(spec, t);
    st->varying = t->base == PG_VARBIT;
    st->length = t->length >= 1 ? t->length : (st->varying ? 16 : 1);
    if (st->length > 4096 && st->varying)
        st->length = 4096;
    if (st->unique) {
        /* Unique values all take the full length; the last bits (up to 62)
         * count through a permutation. */
        int bits = st->length < 62 ? st->length : 62;
        if (gen_util_need_capacity(spec, UINT64_C(1) << bits,
                                   "a bit string this short", diags) != 0) {
            free(st);
            return -1;
        }
        perm_init(&st->perm, UINT64_C(1) << bits, spec->key);
    }
    *state = st;
    return 0;
}

static void
bit_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct net_state *st = state;
    int length = st->length;
    if (st->varying && !st->unique)
        length = 1 + (int)rng_below(&ctx->rng, (uint64_t)st->length);
    struct gen_out o;
    gen_out_init(&o, ctx->arena, (size_t)length);
    int counted = st->unique ? (length < 62 ? length : 62) : 0;
    uint64_t index = st->unique ? perm_apply(&st->perm, ctx->row) : 0;
    uint64_t random = 0;
    for (int i = 0; i < length - counted; i++) {
        if (i % 64 == 0)
            random = rng_next(&ctx->rng);
        gen_out_putc(&o, (char)('0' + ((random >> (i % 64)) & 1)));
    }
    for (int i = counted - 1; i >= 0; i--)
        gen_out_putc(&o, (char)('0' + ((index >> i) & 1)));
    *out = gen_out_value(&o);
}

const struct gen_kind gen_net_bit = {
    .name = "bit",
    .description = "bit strings: exactly n bits for bit(n), 1..n for "
                   "bit varying(n)",
    .config_keys = no_keys,
    .types = GEN_TYPES_BIT,
    .compile = bit_compile,
    .generate = bit_generate,
    .free = free,
};
