/*
 * gen_internal: what the type generators (gen_number.c, gen_time.c,
 * gen_text.c, gen_net.c, gen_geo.c, gen_custom.c) share and nothing else
 * includes: the fixed reference date that anchors every default time window,
 * a bounded writer that builds text values in the cell arena without
 * printf, readers for generator_config values that report by JSON path, and
 * the conversion of CHECK bounds to integer ranges.
 * Thread-safety: the writers act on the caller's memory; the rest is pure or
 * runs at plan time.
 */
#ifndef DG_GEN_GEN_INTERNAL_H
#define DG_GEN_GEN_INTERNAL_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/embedded.h"
#include "core/perm.h"
#include "gen/gen.h"

/* Default time windows end at this date, never at the wall clock, so the
 * output is the same whenever it is generated: 2025-01-01. */
#define DG_REFERENCE_YEAR 2025
#define DG_REFERENCE_DAYS INT64_C(20089) /* days_from_civil(2025, 1, 1) */

/* Text built in arena memory. The caller reserves the largest size the value
 * can take; writing past it is a bug, caught by the assertion. */
struct gen_out {
    char *data;
    size_t len;
    size_t cap;
};

static inline void
gen_out_init(struct gen_out *o, struct arena *arena, size_t cap)
{
    o->data = arena_alloc(arena, cap ? cap : 1);
    o->len = 0;
    o->cap = cap;
}

static inline void
gen_out_putc(struct gen_out *o, char c)
{
    assert(o->len < o->cap);
    o->data[o->len++] = c;
}

static inline void
gen_out_append(struct gen_out *o, const char *text, size_t length)
{
    assert(o->cap - o->len >= length);
    memcpy(o->data + o->len, text, length);
    o->len += length;
}

static inline void
gen_out_puts(struct gen_out *o, const char *text)
{
    while (*text)
        gen_out_putc(o, *text++);
}

static inline struct value
gen_out_value(const struct gen_out *o)
{
    return value_text(o->data, o->len);
}

/* Decimal forms; at most 20 characters. */
void gen_util_put_u64(struct gen_out *o, uint64_t value);
void gen_util_put_i64(struct gen_out *o, int64_t value);
void gen_util_put_padded(struct gen_out *o, uint64_t value, int width);
/* unscaled / 10^scale with exactly scale digits after the point */
void gen_util_put_fixed(struct gen_out *o, int64_t unscaled, int scale);
/* "YYYY-MM-DD", "HH:MM:SS[.ffffff]", "YYYY-MM-DD HH:MM:SS[.ffffff]" */
void gen_util_put_date(struct gen_out *o, int64_t days);
void gen_util_put_time(struct gen_out *o, int64_t usec);
void gen_util_put_timestamp(struct gen_out *o, int64_t usec);
void gen_util_put_hex(struct gen_out *o, uint64_t value, int digits);

/* The text form of v (value_format's), for values nested in arrays,
 * composites and ranges. Non-text values take at most GEN_UTIL_SCALAR_MAX
 * bytes. */
#define GEN_UTIL_SCALAR_MAX 64
void gen_util_put_value(struct gen_out *o, const struct value *v);
size_t gen_util_value_max(const struct value *v);

/* The type with domains resolved to their base types (arrays kept). */
const struct pg_type *gen_util_resolve(const struct pg_type *type);
/* Inclusive range of an integer base type. */
void gen_util_int_bounds(enum pg_base base, int64_t *min, int64_t *max);
/* The type's name for messages ("numeric(5,2)"), written into buffer. */
const char *gen_util_type_name(const struct pg_type *type, char *buffer,
                               size_t size);

/* Characters the column holds: varchar(n)/char(n), through any domains
 * (the tightest wins), and a CHECK on its length; -1 when unlimited. */
long gen_util_text_limit(const struct gen_spec *spec);

/* A required string key of generator_config, at most max_bytes of text
 * (no NUL inside): the string, or NULL after adding an error. */
const char *gen_util_config_text(const struct gen_spec *spec, const char *key,
                                 size_t max_bytes, size_t *length,
                                 struct diag_list *diags);

/* "tables.t.columns[1].generator_config.min"; caller frees. */
char *gen_util_path(const struct gen_spec *spec, const char *key);
/* Adds an error at spec->path + ".generator_config." + key. */
void gen_util_config_error(const struct gen_spec *spec, const char *key,
                           struct diag_list *diags, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Adds an error at spec->path. */
void gen_util_error(const struct gen_spec *spec, struct diag_list *diags,
                    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Config readers: return 1 when the key is present and valid (value stored),
 * 0 when absent, -1 after adding an error. */
const json_t *gen_util_config(const struct gen_spec *spec, const char *key);
int gen_util_config_int(const struct gen_spec *spec, const char *key,
                        int64_t *out, struct diag_list *diags);
int gen_util_config_number(const struct gen_spec *spec, const char *key,
                           double *out, struct diag_list *diags);
int gen_util_config_fraction(const struct gen_spec *spec, const char *key,
                             double *out, struct diag_list *diags);
/* "YYYY-MM-DD", optionally followed by " HH:MM[:SS[.ffffff]]" or the same
 * after a "T", and an optional "Z" or "+00:00"; microseconds since epoch. */
int gen_util_config_timestamp(const struct gen_spec *spec, const char *key,
                              int64_t *out, struct diag_list *diags);
/* "HH:MM[:SS]"; microseconds since midnight. */
int gen_util_config_time(const struct gen_spec *spec, const char *key,
                         int64_t *out, struct diag_list *diags);
int gen_util_parse_timestamp(const char *text, int64_t *out);
int gen_util_parse_time(const char *text, int64_t *out);

/* A CHECK bound as an integer in units of 10^-scale: the least such integer
 * the bound allows (is_min) or the greatest. Returns false for a value kind
 * that is not a number (or a date/time in the same unit as the column when
 * unit_usec is non-zero: 1 for timestamps, USEC_PER_DAY for dates). */
bool gen_util_bound_scaled(const struct value *bound, bool is_min,
                           bool inclusive, int scale, int64_t unit_usec,
                           int64_t *out);

/* The unique-value capacity check shared by every kind: adds an error saying
 * how many distinct values there are and how many rows want them. */
int gen_util_need_capacity(const struct gen_spec *spec, uint64_t capacity,
                           const char *what, struct diag_list *diags);

/* A range of integers in the column's unit (10^-scale for numbers,
 * unit_usec microseconds for dates and times) narrowed by the CHECK bounds.
 * In: limit_* (what the type can hold), lo/hi (the config's values, or the
 * defaults), explicit_* (whether the config gave them). Out: lo/hi. When the
 * config leaves an end open, the default window moves or widens to meet the
 * bounds and, for a unique column, to hold row_count values. Fails (with an
 * error) when the range is empty or too small for a unique column. */
struct gen_range {
    int64_t limit_lo, limit_hi;
    int64_t lo, hi;
    bool explicit_lo, explicit_hi;
    int scale;
    int64_t unit_usec;
    const char *unit_name; /* "values", "days", "seconds": for messages */
};
int gen_util_range(const struct gen_spec *spec, struct gen_range *range,
                   struct diag_list *diags);
/* Copies spec->bounds->allowed (an IN list) for a kind to pick from; returns
 * the count (0 when there is none). Free with gen_util_free_allowed(). */
size_t gen_util_copy_allowed(const struct gen_spec *spec,
                             struct value **allowed);
void gen_util_free_allowed(struct value *allowed, size_t count);
/* The error for a generator named on a column whose type it cannot fill. */
void gen_util_type_error(const struct gen_spec *spec, const char *kind,
                         struct diag_list *diags);

/* 10^n for n <= 18 */
int64_t gen_util_pow10(int n);

/* The word list (data/words.txt): lower-case ASCII words. */
struct gen_words {
    const char *const *lines;
    size_t count;
};
void gen_util_words(struct gen_words *words);
static inline const char *
gen_words_pick(const struct gen_words *words, struct rng *rng)
{
    return words->lines[rng_below(rng, words->count)];
}

/* Appends text as one element of a PostgreSQL array literal, in double
 * quotes when it needs them; at most 2 * length + 2 bytes. */
void gen_util_put_array_element(struct gen_out *o, const char *text,
                                size_t length, char delimiter);
/* The same for a field of a composite (record) literal. */
void gen_util_put_record_field(struct gen_out *o, const char *text,
                               size_t length);

/* A cell's sub-stream, for the parts of a nested value. */
static inline struct rng
gen_util_substream(const struct rng *parent, uint64_t index)
{
    struct rng r;
    r.state = rng_combine(parent->state, index);
    return r;
}

/* Kinds defined in the gen_*.c files, listed by gen_registry.c. */
extern const struct gen_kind gen_number_int;
extern const struct gen_kind gen_number_sequence;
extern const struct gen_kind gen_number_decimal;
extern const struct gen_kind gen_number_float;
extern const struct gen_kind gen_number_boolean;
extern const struct gen_kind gen_text_text;
extern const struct gen_kind gen_text_json;
extern const struct gen_kind gen_text_xml;
extern const struct gen_kind gen_text_tsvector;
extern const struct gen_kind gen_time_date;
extern const struct gen_kind gen_time_datetime;
extern const struct gen_kind gen_time_time;
extern const struct gen_kind gen_time_interval;
extern const struct gen_kind gen_net_uuid;
extern const struct gen_kind gen_net_bytea;
extern const struct gen_kind gen_net_inet;
extern const struct gen_kind gen_net_cidr;
extern const struct gen_kind gen_net_macaddr;
extern const struct gen_kind gen_net_macaddr8;
extern const struct gen_kind gen_net_bit;
extern const struct gen_kind gen_geo_point;
extern const struct gen_kind gen_geo_line;
extern const struct gen_kind gen_geo_lseg;
extern const struct gen_kind gen_geo_box;
extern const struct gen_kind gen_geo_path;
extern const struct gen_kind gen_geo_polygon;
extern const struct gen_kind gen_geo_circle;
extern const struct gen_kind gen_geo_range;
extern const struct gen_kind gen_custom_enum;
extern const struct gen_kind gen_custom_array;
extern const struct gen_kind gen_custom_composite;
extern const struct gen_kind gen_regex_kind;
extern const struct gen_kind gen_template_kind;
extern const struct gen_kind gen_series_timeseries, gen_series_series;
/* gen_web.c, gen_finance.c, gen_geo_coord.c */
extern const struct gen_kind gen_web_url, gen_web_domain, gen_web_ipv4,
    gen_web_ipv6, gen_web_mac_address, gen_web_slug, gen_web_color,
    gen_web_word, gen_web_sentence, gen_web_paragraph, gen_web_title,
    gen_finance_credit_card, gen_finance_iban, gen_finance_currency_code,
    gen_geo_latitude, gen_geo_longitude;

#endif
