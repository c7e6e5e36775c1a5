/*
 * gen_semantic_internal: what the semantic generator files share, private to
 * src/gen. gen_semantic_data.c parses a locale's dictionaries once into a
 * struct sem_locale; gen_semantic.c derives the person, place and company a
 * row describes from gen_ctx.row_key, holds the compile steps every kind
 * shares and writes text within a column's length; gen_person.c,
 * gen_address.c, gen_company.c and gen_lifetime.c define the kinds.
 *
 * Adding a locale means adding data/<locale>/ with the same files as
 * data/en_US/ and listing it in gen_semantic_data.c; locale.txt holds what
 * differs between countries beyond the word lists: the shapes of postal
 * codes, telephone numbers, street addresses and company names, and the
 * order of a person's names.
 *
 * Thread-safety: loaded locales are immutable and live until exit; every
 * derive/emit helper is pure.
 */
#ifndef DG_GEN_GEN_SEMANTIC_INTERNAL_H
#define DG_GEN_GEN_SEMANTIC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/perm.h"
#include "gen/gen.h"

/* ---- dictionaries ---- */

struct sem_list {
    const char *const *items;
    const char *const *ascii; /* "name|romanised" lists: the spelling mail
                                 addresses use; NULL when the lines have
                                 no second field */
    size_t count;
    size_t max_chars; /* longest item, in characters */
    uint16_t *lens;   /* byte length of each item (UINT16_MAX: measure) */
    /* The name lists only: each item (its romanised spelling where there
     * is one) folded for mail addresses and user names, as
     * gen_semantic_fold_umlauts() with the locale's umlauts spells it in
     * at most SEM_HANDLE_MAX bytes; done once at load, not per value. */
    const char **handles;
    uint8_t *handle_lens;
};

#define SEM_HANDLE_MAX 64

/* The byte length of item i of list. */
static inline size_t
sem_list_len(const struct sem_list *list, size_t i)
{
    return list->lens[i] != UINT16_MAX ? list->lens[i]
                                       : strlen(list->items[i]);
}

struct sem_suffix {
    const char *full; /* "Street" */
    const char *abbr; /* "St" */
    uint16_t full_len, abbr_len; /* bytes (UINT16_MAX: measure) */
};

/* A street template compiled once per column: literal runs, fields ({N},
 * {S}, ...) and the optional unit part, which, without a unit, continues
 * at op skip. */
struct sem_street_op {
    char field;       /* 0: literal text; '[': the unit part; else {field} */
    uint16_t len;     /* literal: bytes */
    uint16_t skip;    /* '[': the op after the unit part */
    const char *text; /* literal */
};

struct sem_region { /* a state, county, Land, prefecture, ... */
    const char *name;
    const char *code;
    uint32_t prefix_first; /* index of its first postal prefix in
                              sem_locale.postal_prefixes */
    uint32_t prefix_count;
};

struct sem_city {
    const char *name;
    uint32_t region;
    uint32_t postal_first; /* its postal prefixes ("100", "SW1A") in
                              sem_locale.city_postals */
    uint32_t postal_count;
    const char *area_code; /* telephone area code without the trunk
                              prefix: "212", "30", "3" */
    uint8_t area_len;      /* its digits */
    uint16_t name_len;     /* bytes of name (UINT16_MAX: measure) */
};

/* A telephone number's written form: '#' for each digit of the national
 * number (area code first), anything else literal. */
struct sem_phone_format {
    unsigned area_len; /* 0: any area code length */
    const char *pattern;
};

#define SEM_MAX_PHONE_FORMATS 8
#define SEM_MAX_AREA_LEN      6
#define SEM_COMPANY_PATTERNS  6

struct sem_country {
    const char *name;
    const char *alpha2;
    const char *alpha3;
};

struct sem_locale {
    char name[16];
    struct sem_list female, male, last;
    struct sem_list streets, units;
    struct sem_list company_words, company_activities, company_suffixes;
    struct sem_list job_titles;
    struct sem_suffix *suffixes;
    size_t suffix_count;
    size_t suffix_max_chars; /* longest full form */
    struct sem_city *cities;
    size_t city_count;
    size_t city_max_chars;
    struct sem_region *regions;
    size_t region_count;
    size_t region_max_chars;
    const char **postal_prefixes; /* every valid prefix, region by region */
    size_t postal_prefix_count;
    size_t postal_prefix_max; /* longest prefix, in bytes (ASCII) */
    const char **city_postals;
    size_t city_postal_count;
    const char **area_codes; /* distinct, in order of first use */
    size_t area_code_count;
    uint16_t *exchanges; /* valid first three digits of a subscriber
                            number (central office codes in the NANP) */
    size_t exchange_count;
    const struct sem_country *country; /* where its addresses lie */

    /* from locale.txt */
    const char *postal;    /* 'P' the prefix, '#' a digit, 'L' a letter of
                              the British inward code, else literal */
    bool zip4;             /* the "zip+4" format exists */
    unsigned house_max;    /* highest house number, at most 9999 */
    unsigned phone_digits; /* digits of a national number, area included */
    struct sem_phone_format phones[SEM_MAX_PHONE_FORMATS];
    size_t phone_count;
    const char *street; /* template: {N} house, {S} street name, {T}
                           street type, [..] the unit part with {U} unit
                           word and {u} its number, {f} a floor, {c}{b}{g}
                           chome, banchi and go numbers from the house
                           number, {P} region and city when the table has
                           no column for them */
    const char *company[SEM_COMPANY_PATTERNS]; /* {L} {L2} {L3} family
                                                  names, {W} word, {A}
                                                  activity, {X} legal form */
    const char *company_unique; /* {W} is a word or a family name */
    bool family_first;          /* full names: "Yamada Taro" order */
    const char *name_space;     /* between the names of full_name */
    bool fold_umlauts;          /* mail addresses spell ae, oe, ue */
    bool plain; /* every entry, name and template literal, and those of
                   sem_common, holds no byte COPY escapes
                   (value_bytes_plain): values made of them are marked
                   VALUE_TEXT_PLAIN */
};

struct sem_common {
    struct sem_country *countries;
    size_t country_count;
    size_t country_max_chars;
    struct sem_list domains; /* reserved example mail domains */
    bool plain;              /* see sem_locale.plain */
};

/* The dictionaries of a locale ("en_US", "en_US.utf8"; "C" and "POSIX"
 * mean en_US), parsed on first use. NULL with *problem set to a static
 * message when the locale is not supported or its embedded data is
 * malformed. */
const struct sem_locale *gen_semantic_data_locale(const char *name,
                                                  const char **problem);
/* The supported locales, NULL-terminated. */
extern const char *const gen_semantic_locales[];

const struct sem_common *gen_semantic_data_common(const char **problem);

/* ---- what one row describes ---- */

struct sem_person {
    bool female;
    uint32_t first; /* index into female or male */
    uint32_t last;
    int64_t birth_day; /* days since 1970-01-01 */
    unsigned handle_style;
    unsigned digits_kind; /* 0 none, 1 birth year, 2 number */
    unsigned number;      /* 1..999 */
    uint32_t domain_pick;
    unsigned exchange_pick;
    unsigned line;       /* 0..9999 */
    uint32_t line_extra; /* more subscriber digits where numbers are long */
};

struct sem_place {
    uint32_t city;
    uint32_t street;
    uint32_t suffix;
    unsigned house;
    unsigned unit_kind; /* 0 none, else 1 + index into units */
    unsigned unit_number;
    unsigned postal_tail; /* last two digits */
    bool abbreviate;
    bool abroad; /* a country column without address neighbours */
    uint32_t country_pick;
    uint32_t postal_pick;  /* which of the city's prefixes */
    uint32_t postal_extra; /* the postal code's digits after the tail */
};

struct sem_company {
    unsigned pattern;
    uint32_t word, activity, suffix;
    uint32_t last[3];
    uint32_t job_title;
};

void gen_semantic_person(const struct sem_locale *locale, uint64_t row_key,
                         struct sem_person *out);
void gen_semantic_place(const struct sem_locale *locale, uint64_t row_key,
                        struct sem_place *out);
void gen_semantic_company(const struct sem_locale *locale, uint64_t row_key,
                          struct sem_company *out);
const char *gen_semantic_first_name(const struct sem_locale *locale,
                                    const struct sem_person *person);

/* The reference instant of every time kind, never the wall clock, so output
 * does not depend on the day it is made: 2025-01-01T00:00:00Z. */
#define SEM_REFERENCE_YEAR 2025

/* The shortest column each kind fills sensibly, in characters. A column
 * named like a kind but shorter is left to the type-based generators; a
 * kind asked for by name on a shorter column is a compile error. */
#define SEM_MIN_FIRST_NAME   2
#define SEM_MIN_LAST_NAME    2
#define SEM_MIN_FULL_NAME    5
#define SEM_MIN_USERNAME     4
#define SEM_MIN_PHONE        10
#define SEM_MIN_COMPANY      6
#define SEM_MIN_JOB_TITLE    6
#define SEM_MIN_STREET       10
#define SEM_MIN_CITY         3
#define SEM_MIN_STATE        2
#define SEM_MIN_COUNTRY      4
#define SEM_MIN_COUNTRY_CODE 2
#define SEM_MIN_POSTAL_CODE  5
/* "a@example.com" without a number; the real minimum depends on the
 * domains and on uniqueness and is checked at compile time */
#define SEM_MIN_EMAIL 13

/* ---- compiled state shared by every kind ---- */

enum sem_shape { SEM_TEXT, SEM_TEMPORAL };

struct sem_gen {
    const struct sem_locale *locale;
    const struct sem_common *common;
    long max_chars; /* -1: no limit */
    bool unique;
    uint64_t row_count;
    struct perm perm;  /* unique: row index -> value index */
    uint64_t space;    /* size of the unique value space */
    int format;        /* kind-specific choice */
    const char **pool; /* unique dictionary kinds: the values that fit */
    size_t pool_count;
    char **domains; /* email: from generator_config, owned */
    size_t domain_count;
    size_t domain_max_chars;
    char *pattern;                        /* phone: owned */
    char *patterns[SEM_MAX_AREA_LEN + 1]; /* phone: by area code length,
                                             owned */
    size_t pattern_len;                   /* their lengths */
    bool plain; /* values are marked VALUE_TEXT_PLAIN (phone: when the
                   patterns are plain) */
    struct sem_street_op *street_ops; /* street: owned; NULL: render the
                                         template text */
    size_t street_op_count;
    size_t pattern_lens[SEM_MAX_AREA_LEN + 1];
    bool full;            /* street: with region and city ({P}) */
    unsigned digits;      /* email/username: digits of the unique number */
    bool home_only;       /* country: the row's place decides */
    enum pg_base base;    /* temporal kinds: date, timestamp, timestamptz */
    int64_t unit_us;      /* temporal kinds: the column's resolution */
    uint64_t salt;        /* updated_at: one stream per column, so
                             updated_at and last_login differ */
    int64_t max_delay_us; /* followup_at: the longest delay */
};

/* Common compile steps (unknown config keys are the planner's business:
 * it calls gen_check_config() before compile): the column type (text types
 * for SEM_TEXT, date/timestamp/timestamptz for SEM_TEMPORAL), the locale,
 * the length limit (varchar(n), char(n), CHECK length()) against
 * min_chars. Returns a zeroed state with those fields set, or NULL after
 * adding errors. */
struct sem_gen *gen_semantic_begin(const struct gen_spec *spec,
                                   const struct gen_kind *kind,
                                   enum sem_shape shape, long min_chars,
                                   struct diag_list *diags);
void gen_semantic_free(void *state);

/* Sets up the unique permutation over [0, space): fails (with a message
 * naming what) when row_count exceeds space. The permutation is keyed by the
 * table and salt, not the column, so two unique columns of one table that
 * share a dictionary (a state's name and its code) pick the same entry. */
int gen_semantic_unique(struct sem_gen *gen, const struct gen_spec *spec,
                        uint64_t space, uint64_t salt, const char *what,
                        struct diag_list *diags);
uint64_t gen_semantic_unique_index(const struct sem_gen *gen, uint64_t row);

/* Fills gen->pool with the items that fit the length limit. */
void gen_semantic_pool_add(struct sem_gen *gen, const char *item);

/* Reads an optional string key of generator_config; 0 when absent or a
 * string, -1 after an error. */
int gen_semantic_config_string(const struct gen_spec *spec, const char *key,
                               const char **out, struct diag_list *diags);

/* Lower-case ASCII column name test against a NULL-terminated list. */
bool gen_semantic_name_in(const char *name, const char *const *names);

/* ---- text ---- */

#define SEM_TEXT_CAP 256

struct sem_text {
    size_t len;
    char data[SEM_TEXT_CAP];
};

static inline void
sem_text_put(struct sem_text *t, const char *s)
{
    while (*s != '\0' && t->len < SEM_TEXT_CAP)
        t->data[t->len++] = *s++;
}

static inline void
sem_text_putc(struct sem_text *t, char c)
{
    if (t->len < SEM_TEXT_CAP)
        t->data[t->len++] = c;
}

void sem_text_put_u64(struct sem_text *t, uint64_t value);
/* value with at least width digits */
void sem_text_put_padded(struct sem_text *t, uint64_t value, int width);

/* Characters (code points) in UTF-8 text. */
size_t gen_semantic_chars(const char *text, size_t len);
/* Bytes of the first max_chars characters. */
size_t gen_semantic_cut(const char *text, size_t len, size_t max_chars);

/* Copies text into ctx->arena, cut to gen->max_chars at a character
 * boundary (and without the spaces that cut leaves at its end). */
void gen_semantic_emit(const struct sem_gen *gen, struct gen_ctx *ctx,
                       const char *text, size_t len, struct value *out);

/* A dictionary entry as the value: entries live until exit, so one that
 * fits the column is pointed at rather than copied. */
void gen_semantic_emit_entry(const struct sem_gen *gen, struct gen_ctx *ctx,
                             const char *text, struct value *out);
/* The same with the entry's length known. */
void gen_semantic_emit_entry_len(const struct sem_gen *gen,
                                 struct gen_ctx *ctx, const char *text,
                                 size_t len, struct value *out);

/* A unique column: the row's own entry of gen->pool, by the keyed
 * permutation set up for uniqueness. */
void gen_semantic_pool_generate(const struct sem_gen *gen, struct gen_ctx *ctx,
                                struct value *out);

/* Appends name folded to lower-case ASCII letters (never digits) for mail
 * addresses and user names ("José" -> "jose", "O'Brien" -> "obrien"); at
 * most limit bytes. Returns the bytes appended. */
size_t gen_semantic_fold(struct sem_text *t, const char *name, size_t limit);
/* The same with ä, ö, ü spelt ae, oe, ue when umlauts is set. */
size_t gen_semantic_fold_umlauts(struct sem_text *t, const char *name,
                                 size_t limit, bool umlauts);

/* The shortest column that holds every phone number (in its most compact
 * form) and every postal code of the locale: a shorter column named like
 * them is left to the type-based generators. */
size_t gen_person_phone_min_chars(const struct sem_locale *locale);
size_t gen_address_postal_min_chars(const struct sem_locale *locale);

/* Every kind, defined in the kind files. */
extern const struct gen_kind gen_person_first_name, gen_person_last_name,
    gen_person_full_name, gen_person_username, gen_person_email,
    gen_person_phone;
extern const struct gen_kind gen_address_street, gen_address_city,
    gen_address_state, gen_address_state_abbr, gen_address_country,
    gen_address_country_code, gen_address_postal_code;
extern const struct gen_kind gen_company_name, gen_company_job_title;
extern const struct gen_kind gen_lifetime_created_at, gen_lifetime_updated_at,
    gen_lifetime_followup_at, gen_lifetime_birthdate;

#endif
