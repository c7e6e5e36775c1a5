#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "core/xalloc.h"
#include "gen/gen_internal.h"

/* template: text with placeholders. {seq} is row + 1 and {row} the row
 * index ({seq:06} pads to 6 digits); {year} a year from 2020 to 2024;
 * {int:MIN:MAX}; {digits:N}, {letters:N} (upper case), {hex:N} (lower
 * case); {NAME} the value of generator NAME for this row, compiled for the
 * same column as text, so {first_name} is the row's person like the
 * first_name column's; {lower:NAME} and {upper:NAME} change its ASCII
 * letters. {{ and }} are literal braces. */

#define TP_MAX_TEMPLATE 10000 /* bytes */
#define TP_MAX_KINDS    16
#define TP_MAX_COUNT    1000 /* {digits:N} and the like */
#define TP_YEAR_FIRST   2020
#define TP_YEAR_COUNT   5

enum tp_op {
    TP_LIT,
    TP_SEQ,
    TP_ROW,
    TP_YEAR,
    TP_INT,
    TP_DIGITS,
    TP_LETTERS,
    TP_HEX,
    TP_KIND
};

enum tp_case { TP_AS_IS, TP_LOWER, TP_UPPER };

struct tp_part {
    enum tp_op op;
    char *text; /* TP_LIT */
    size_t len;
    int width;      /* TP_SEQ, TP_ROW: padding; TP_DIGITS..TP_HEX: count */
    int64_t lo, hi; /* TP_INT */
    const struct gen_kind *kind; /* TP_KIND */
    struct pg_type own_type;     /* a kind that cannot fill text fills this;
                                    outlives the kind's state */
    void *state;
    bool compiled;
    enum tp_case case_map;
    size_t min_chars, max_chars; /* all but TP_KIND; ASCII except TP_LIT */
    size_t max_bytes;
};

struct template_state {
    struct tp_part *parts;
    size_t count, cap;
    size_t kind_count;
    struct pg_type sub_type; /* what the kinds fill; outlives them */
    long limit;              /* characters, or -1 */
    size_t kind_budget;      /* characters left to the kinds (limit >= 0) */
    size_t fixed_bytes;      /* the other parts at their longest */
};

static const char *const template_keys[] = {"template", NULL};

static const struct gen_key template_key_schema[] = {
    {"template", GEN_KEY_STRING, NULL,
     "the text with {placeholders} (required)"},
    {NULL, 0, NULL, NULL},
};

static const char *const placeholder_names[] = {
    "seq", "row", "year", "int", "digits", "letters", "hex", "lower", "upper",
};
#define PLACEHOLDER_COUNT                                                      \
    (sizeof(placeholder_names) / sizeof(placeholder_names[0]))

static void
template_free(void *state)
{
    struct template_state *st = state;
    if (st == NULL)
        return;
    for (size_t i = 0; i < st->count; i++) {
        struct tp_part *part = &st->parts[i];
        free(part->text);
        if (part->compiled && part->kind->free != NULL)
            part->kind->free(part->state);
    }
    free(st->parts);
    free(st);
}

static struct tp_part *
add_part(struct template_state *st, enum tp_op op)
{
    if (st->count == st->cap) {
        st->cap = st->cap ? 2 * st->cap : 8;
        st->parts = xrealloc(st->parts, st->cap * sizeof(*st->parts));
    }
    struct tp_part *part = &st->parts[st->count++];
    memset(part, 0, sizeof(*part));
    part->op = op;
    return part;
}

static size_t
utf8_chars(const char *text, size_t length)
{
    size_t count = 0;
    for (size_t i = 0; i < length; i++)
        count += ((unsigned char)text[i] & 0xc0) != 0x80;
    return count;
}

static size_t
decimal_width(uint64_t value)
{
    size_t digits = 1;
    while (value >= 10) {
        value /= 10;
        digits++;
    }
    return digits;
}

static size_t
signed_width(int64_t value)
{
    return value < 0 ? 1 + decimal_width((uint64_t)0 - (uint64_t)value)
                     : decimal_width((uint64_t)value);
}

/* Parses a whole decimal integer (optionally negative); false otherwise. */
static bool
parse_int(const char *text, size_t length, int64_t *out)
{
    size_t i = 0;
    bool negative = length > 0 && text[0] == '-';
    if (negative)
        i++;
    if (i == length || length - i > 18)
        return false;
    int64_t value = 0;
    for (; i < length; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        value = value * 10 + (text[i] - '0');
    }
    *out = negative ? -value : value;
    return true;
}

static size_t
char_position(const char *text, size_t byte_offset)
{
    return utf8_chars(text, byte_offset) + 1;
}

__attribute__((format(printf, 5, 6))) static void
template_error(const struct gen_spec *spec, struct diag_list *diags,
               const char *hint, size_t position, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = xvasprintf(fmt, ap);
    va_end(ap);
    char *path = gen_util_path(spec, "template");
    if (position > 0)
        diag_add(diags, DIAG_ERROR, path, hint, "%s at position %zu", what,
                 position);
    else
        diag_add(diags, DIAG_ERROR, path, hint, "%s", what);
    free(path);
    free(what);
}

static void
unknown_placeholder(const struct gen_spec *spec, struct diag_list *diags,
                    const char *name, const char *shown, size_t position)
{
    size_t kinds = gen_kind_count();
    const char **candidates =
        xcalloc(PLACEHOLDER_COUNT + kinds, sizeof(*candidates));
    for (size_t i = 0; i < PLACEHOLDER_COUNT; i++)
        candidates[i] = placeholder_names[i];
    for (size_t i = 0; i < kinds; i++)
        candidates[PLACEHOLDER_COUNT + i] = gen_kind_at(i)->name;
    const char *closest =
        str_closest(name, candidates, PLACEHOLDER_COUNT + kinds);
    char *hint = closest ? xasprintf("did you mean \"{%s}\"?", closest)
                         : xstrdup("placeholders: {seq}, {row}, {year}, "
                                   "{int:MIN:MAX}, {digits:N}, {letters:N}, "
                                   "{hex:N} and generator names such as "
                                   "{first_name}");
    template_error(spec, diags, hint, position, "unknown placeholder \"%s\"",
                   shown);
    free(hint);
    free(candidates);
}

/* Kinds that cannot stand inside a template: the planner fills the first
 * two itself, and a template in a template has no template to fill. */
static bool
kind_excluded(const struct gen_kind *kind)
{
    return kind == &gen_lookup || kind == &gen_foreign_key ||
           strcmp(kind->name, "template") == 0;
}

/* One placeholder, text[0..length) without the braces. */
static int
parse_placeholder(const struct gen_spec *spec, struct template_state *st,
                  const char *text, size_t length, size_t position,
                  struct diag_list *diags)
{
    char shown[160];
    snprintf(shown, sizeof(shown), "{%.*s}", length > 150 ? 150 : (int)length,
             text);
    const char *fields[3] = {text, NULL, NULL};
    size_t lengths[3] = {length, 0, 0};
    size_t field_count = 1;
    for (size_t i = 0; i < length; i++) {
        if (text[i] != ':')
            continue;
        if (field_count == 3) {
            template_error(spec, diags, NULL, position,
                           "too many \":\" in \"%s\"", shown);
            return -1;
        }
        lengths[field_count - 1] = (size_t)(text + i - fields[field_count - 1]);
        fields[field_count] = text + i + 1;
        lengths[field_count] = length - i - 1;
        field_count++;
    }
    char name[64];
    if (lengths[0] == 0 || lengths[0] >= sizeof(name)) {
        template_error(spec, diags, "write {{ for a literal brace", position,
                       "empty or overlong placeholder \"%s\"", shown);
        return -1;
    }
    memcpy(name, fields[0], lengths[0]);
    name[lengths[0]] = '\0';
    size_t args = field_count - 1;
    int64_t a = 0, b = 0;

    if (strcmp(name, "seq") == 0 || strcmp(name, "row") == 0) {
        struct tp_part *part = add_part(st, name[0] == 's' ? TP_SEQ : TP_ROW);
        if (args > 1 ||
            (args == 1 && (!parse_int(fields[1], lengths[1], &a) ||
                           fields[1][0] == '-' || a < 1 || a > 20))) {
            template_error(spec, diags, "write {seq} or {seq:06}", position,
                           "\"%s\" takes one width from 1 to 20", shown);
            return -1;
        }
        part->width = (int)a;
        uint64_t top = part->op == TP_SEQ
                           ? spec->row_count
                           : (spec->row_count > 0 ? spec->row_count - 1 : 0);
        size_t digits = decimal_width(top);
        part->max_chars = digits > (size_t)a ? digits : (size_t)a;
        part->min_chars = (size_t)a > 1 ? (size_t)a : 1;
        return 0;
    }
    if (strcmp(name, "year") == 0) {
        if (args != 0) {
            template_error(spec, diags, NULL, position,
                           "\"%s\" takes no arguments", shown);
            return -1;
        }
        struct tp_part *part = add_part(st, TP_YEAR);
        part->min_chars = part->max_chars = 4;
        return 0;
    }
    if (strcmp(name, "int") == 0) {
        if (args != 2 || !parse_int(fields[1], lengths[1], &a) ||
            !parse_int(fields[2], lengths[2], &b) || a > b) {
            template_error(spec, diags, "write {int:1:100}", position,
                           "\"%s\" needs two integers MIN:MAX with MIN <= "
                           "MAX",
                           shown);
            return -1;
        }
        struct tp_part *part = add_part(st, TP_INT);
        part->lo = a;
        part->hi = b;
        size_t wa = signed_width(a), wb = signed_width(b);
        part->max_chars = wa > wb ? wa : wb;
        /* the shortest: 0 when the range holds it, else an end */
        part->min_chars = a <= 0 && b >= 0 ? 1 : wa < wb ? wa : wb;
        return 0;
    }
    if (strcmp(name, "digits") == 0 || strcmp(name, "letters") == 0 ||
        strcmp(name, "hex") == 0) {
        if (args != 1 || !parse_int(fields[1], lengths[1], &a) || a < 1 ||
            a > TP_MAX_COUNT) {
            template_error(spec, diags, NULL, position,
                           "\"%s\" needs a count from 1 to %d", shown,
                           TP_MAX_COUNT);
            return -1;
        }
        struct tp_part *part = add_part(st, name[0] == 'd'   ? TP_DIGITS
                                            : name[0] == 'l' ? TP_LETTERS
                                                             : TP_HEX);
        part->width = (int)a;
        part->min_chars = part->max_chars = (size_t)a;
        return 0;
    }
    enum tp_case case_map = TP_AS_IS;
    const char *kind_name = name;
    char inner[64];
    if (strcmp(name, "lower") == 0 || strcmp(name, "upper") == 0) {
        if (args != 1 || lengths[1] == 0 || lengths[1] >= sizeof(inner)) {
            template_error(spec, diags, "write {lower:last_name}", position,
                           "\"%s\" needs a generator name", shown);
            return -1;
        }
        memcpy(inner, fields[1], lengths[1]);
        inner[lengths[1]] = '\0';
        kind_name = inner;
        case_map = name[0] == 'l' ? TP_LOWER : TP_UPPER;
    } else if (args != 0) {
        if (gen_find(name) == NULL) {
            unknown_placeholder(spec, diags, name, shown, position);
            return -1;
        }
        template_error(spec, diags, NULL, position, "\"%s\" takes no arguments",
                       shown);
        return -1;
    }
    const struct gen_kind *kind = gen_find(kind_name);
    if (kind == NULL) {
        unknown_placeholder(spec, diags, kind_name, shown, position);
        return -1;
    }
    if (kind_excluded(kind)) {
        template_error(spec, diags, NULL, position,
                       "generator \"%s\" cannot be used in a template",
                       kind->name);
        return -1;
    }
    if (st->kind_count == TP_MAX_KINDS) {
        template_error(spec, diags, NULL, position,
                       "more than %d generator placeholders", TP_MAX_KINDS);
        return -1;
    }
    struct tp_part *part = add_part(st, TP_KIND);
    part->kind = kind;
    part->case_map = case_map;
    st->kind_count++;
    return 0;
}

static int
parse_template(const struct gen_spec *spec, struct template_state *st,
               const char *text, size_t length, struct diag_list *diags)
{
    char *literal = xmalloc(length + 1);
    size_t literal_len = 0;
    size_t i = 0;
    int status = 0;
    while (i < length && status == 0) {
        char c = text[i];
        bool doubled = i + 1 < length && text[i + 1] == c;
        if ((c == '{' || c == '}') && doubled) {
            literal[literal_len++] = c;
            i += 2;
            continue;
        }
        if (c == '}') {
            template_error(spec, diags, "write }} for a literal brace",
                           char_position(text, i), "unmatched \"}\"");
            status = -1;
            break;
        }
        if (c != '{') {
            literal[literal_len++] = c;
            i++;
            continue;
        }
        const char *close = memchr(text + i + 1, '}', length - i - 1);
        const char *open = memchr(text + i + 1, '{', length - i - 1);
        if (close == NULL || (open != NULL && open < close)) {
            template_error(spec, diags, "write {{ for a literal brace",
                           char_position(text, i), "unmatched \"{\"");
            status = -1;
            break;
        }
        if (literal_len > 0) {
            struct tp_part *part = add_part(st, TP_LIT);
            part->text = xstrndup(literal, literal_len);
            part->len = literal_len;
            literal_len = 0;
        }
        status = parse_placeholder(spec, st, text + i + 1,
                                   (size_t)(close - text) - i - 1,
                                   char_position(text, i), diags);
        i = (size_t)(close - text) + 1;
    }
    if (status == 0 && literal_len > 0) {
        struct tp_part *part = add_part(st, TP_LIT);
        part->text = xstrndup(literal, literal_len);
        part->len = literal_len;
    }
    free(literal);
    for (size_t k = 0; k < st->count; k++) {
        struct tp_part *part = &st->parts[k];
        if (part->op == TP_LIT)
            part->min_chars = part->max_chars =
                utf8_chars(part->text, part->len);
        part->max_bytes = part->op == TP_LIT ? part->len : part->max_chars;
    }
    return status;
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
part_fixed(const struct tp_part *part)
{
    return part->op != TP_KIND && part->min_chars == part->max_chars;
}

/* Whether the part next to a number can only begin (at_start) or end with
 * something other than a digit, so the number's digits stop there. */
static bool
part_bounds_digits(const struct tp_part *part, bool at_start)
{
    if (part->op == TP_LETTERS)
        return true;
    if (part->op != TP_LIT || part->len == 0)
        return false;
    return !is_digit(at_start ? part->text[0] : part->text[part->len - 1]);
}

/* Whether distinct rows give distinct texts: some {seq} or {row} can be
 * read back from the text, because everything on one side of it has a
 * fixed length and its own end is fixed too or meets a non-digit. */
static bool
template_separable(const struct template_state *st)
{
    for (size_t s = 0; s < st->count; s++) {
        const struct tp_part *part = &st->parts[s];
        if (part->op != TP_SEQ && part->op != TP_ROW)
            continue;
        bool before = true, after = true;
        for (size_t k = 0; k < s; k++)
            before = before && part_fixed(&st->parts[k]);
        for (size_t k = s + 1; k < st->count; k++)
            after = after && part_fixed(&st->parts[k]);
        bool self = part_fixed(part);
        bool ends =
            s + 1 == st->count || part_bounds_digits(&st->parts[s + 1], true);
        bool starts = s == 0 || part_bounds_digits(&st->parts[s - 1], false);
        if ((before && (self || ends || after)) || (after && (self || starts)))
            return true;
    }
    return false;
}

/* A type for a kind that cannot produce text ({date}, {boolean}): the
 * widest of the common types it declares, whose text form is then used. */
static bool
own_type_for(const struct gen_kind *kind, struct pg_type *out)
{
    static const enum pg_base preferred[] = {
        PG_BIGINT,  PG_TIMESTAMP, PG_DATE,     PG_DOUBLE, PG_NUMERIC,
        PG_BOOLEAN, PG_TIME,      PG_INTERVAL, PG_UUID,   PG_INET,
    };
    gen_types types = kind->types & GEN_TYPES_SCALAR;
    if (types == 0)
        return false;
    memset(out, 0, sizeof(*out));
    out->length = -1;
    out->precision = -1;
    if ((types & GEN_TYPE(PG_DATE)) && (strcmp(kind->name, "date") == 0 ||
                                        strcmp(kind->name, "birthdate") == 0)) {
        out->base = PG_DATE;
        return true;
    }
    for (size_t i = 0; i < sizeof(preferred) / sizeof(preferred[0]); i++) {
        if (types & GEN_TYPE(preferred[i])) {
            out->base = preferred[i];
            return true;
        }
    }
    for (int base = 0; base < PG_BASE_COUNT; base++) {
        if ((types & GEN_TYPE(base)) && base != PG_ENUM &&
            base != PG_COMPOSITE) {
            out->base = (enum pg_base)base;
            return true;
        }
    }
    return false;
}

static int
compile_kinds(const struct gen_spec *spec, struct template_state *st,
              struct diag_list *diags)
{
    struct gen_spec sub = *spec;
    sub.type = &st->sub_type;
    sub.config = NULL;
    sub.unique = false;
    sub.bounds = NULL;
    for (size_t k = 0; k < st->count; k++) {
        struct tp_part *part = &st->parts[k];
        if (part->op != TP_KIND)
            continue;
        sub.type = &st->sub_type;
        if (!gen_kind_accepts(part->kind, &st->sub_type) &&
            own_type_for(part->kind, &part->own_type))
            sub.type = &part->own_type;
        struct diag_list own;
        diag_list_init(&own);
        if (part->kind->compile(&sub, &part->state, &own) != 0) {
            const char *reason =
                own.count > 0 ? own.items[0].message : "it cannot be compiled";
            template_error(spec, diags,
                           own.count > 0 ? own.items[0].hint : NULL, 0,
                           "placeholder \"{%s}\" cannot be used: %s",
                           part->kind->name, reason);
            diag_list_release(&own);
            return -1;
        }
        part->compiled = true;
        diag_list_release(&own);
    }
    return 0;
}

static int
template_compile(const struct gen_spec *spec, void **state,
                 struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 ||
        (t->base != PG_TEXT && t->base != PG_VARCHAR && t->base != PG_CHAR)) {
        gen_util_type_error(spec, "template", diags);
        return -1;
    }
    size_t length;
    const char *text =
        gen_util_config_text(spec, "template", TP_MAX_TEMPLATE, &length, diags);
    if (text == NULL)
        return -1;
    struct template_state *st = xcalloc(1, sizeof(*st));
    if (parse_template(spec, st, text, length, diags) != 0)
        goto fail;
    size_t fixed_chars = 0;
    for (size_t k = 0; k < st->count; k++) {
        if (st->parts[k].op == TP_KIND)
            continue;
        fixed_chars += st->parts[k].max_chars;
        st->fixed_bytes += st->parts[k].max_bytes;
    }
    st->limit = gen_util_text_limit(spec);
    st->sub_type.base = PG_TEXT;
    st->sub_type.length = -1;
    st->sub_type.precision = -1;
    if (st->limit >= 0) {
        if (fixed_chars > (size_t)st->limit ||
            (st->kind_count > 0 && fixed_chars == (size_t)st->limit)) {
            template_error(spec, diags,
                           "shorten the text or the placeholders' widths", 0,
                           st->kind_count > 0
                               ? "the template's fixed parts take up to %zu "
                                 "characters, leaving no room for its "
                                 "generators within the column's limit of %ld"
                               : "the template can produce %zu characters, "
                                 "longer than the column's limit of %ld",
                           fixed_chars, st->limit);
            goto fail;
        }
        st->kind_budget = (size_t)st->limit - fixed_chars;
        st->sub_type.base = PG_VARCHAR;
        st->sub_type.length = (int32_t)st->kind_budget;
    }
    if (spec->unique && !template_separable(st)) {
        bool has_seq = false;
        for (size_t k = 0; k < st->count; k++)
            has_seq = has_seq || st->parts[k].op == TP_SEQ ||
                      st->parts[k].op == TP_ROW;
        if (has_seq)
            template_error(spec, diags,
                           "put a separator such as \"-\" next to {seq}, or "
                           "pad it as {seq:08}",
                           0,
                           "the values of a unique column must differ, but "
                           "the parts around {seq} vary in length and may "
                           "end in digits");
        else
            template_error(spec, diags, "add {seq}, as in \"ORD-{seq:06}\"", 0,
                           "the values of a unique column must differ: the "
                           "template needs {seq} or {row}");
        goto fail;
    }
    if (compile_kinds(spec, st, diags) != 0)
        goto fail;
    *state = st;
    return 0;
fail:
    template_free(st);
    return -1;
}

/* Byte length of the first chars characters of text. */
static size_t
utf8_prefix(const char *text, size_t length, size_t chars)
{
    size_t i = 0;
    for (size_t seen = 0; i < length; i++) {
        if (((unsigned char)text[i] & 0xc0) != 0x80) {
            if (seen == chars)
                break;
            seen++;
        }
    }
    return i;
}

static void
put_mapped(struct gen_out *o, const char *text, size_t length,
           enum tp_case case_map)
{
    if (case_map == TP_AS_IS) {
        gen_out_append(o, text, length);
        return;
    }
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (case_map == TP_LOWER && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (case_map == TP_UPPER && c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        gen_out_putc(o, c);
    }
}

static void
template_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct template_state *st = state;
    /* The generators' texts first: their lengths size the output. */
    const char *kind_text[TP_MAX_KINDS];
    size_t kind_len[TP_MAX_KINDS];
    char scalar[TP_MAX_KINDS][GEN_UTIL_SCALAR_MAX];
    size_t n = 0, kind_bytes = 0, kind_chars = 0;
    for (size_t k = 0; k < st->count; k++) {
        const struct tp_part *part = &st->parts[k];
        if (part->op != TP_KIND)
            continue;
        struct value v;
        part->kind->generate(part->state, ctx, &v);
        if (v.kind == VALUE_TEXT) {
            kind_text[n] = v.as.text.ptr;
            kind_len[n] = v.as.text.len;
        } else {
            struct gen_out o = {scalar[n], 0, sizeof(scalar[n])};
            if (v.kind != VALUE_NULL)
                gen_util_put_value(&o, &v);
            kind_text[n] = scalar[n];
            kind_len[n] = o.len;
        }
        if (st->limit >= 0)
            kind_chars += utf8_chars(kind_text[n], kind_len[n]);
        n++;
    }
    /* Within the column's limit, the last generators give up characters. */
    if (st->limit >= 0 && kind_chars > st->kind_budget) {
        size_t excess = kind_chars - st->kind_budget;
        for (size_t i = n; i-- > 0 && excess > 0;) {
            size_t chars = utf8_chars(kind_text[i], kind_len[i]);
            size_t cut = chars < excess ? chars : excess;
            kind_len[i] = utf8_prefix(kind_text[i], kind_len[i], chars - cut);
            excess -= cut;
        }
    }
    for (size_t i = 0; i < n; i++)
        kind_bytes += kind_len[i];
    struct gen_out o;
    gen_out_init(&o, ctx->arena, st->fixed_bytes + kind_bytes);
    static const char hex[] = "0123456789abcdef";
    size_t next_kind = 0;
    for (size_t k = 0; k < st->count; k++) {
        const struct tp_part *part = &st->parts[k];
        switch (part->op) {
        case TP_LIT:
            gen_out_append(&o, part->text, part->len);
            break;
        case TP_SEQ:
            gen_util_put_padded(&o, ctx->row + 1, part->width);
            break;
        case TP_ROW:
            gen_util_put_padded(&o, ctx->row, part->width);
            break;
        case TP_YEAR:
            gen_util_put_u64(&o, TP_YEAR_FIRST +
                                     rng_below(&ctx->rng, TP_YEAR_COUNT));
            break;
        case TP_INT:
            gen_util_put_i64(&o, rng_range(&ctx->rng, part->lo, part->hi));
            break;
        case TP_DIGITS:
            for (int i = 0; i < part->width; i++)
                gen_out_putc(&o, (char)('0' + rng_below(&ctx->rng, 10)));
            break;
        case TP_LETTERS:
            for (int i = 0; i < part->width; i++)
                gen_out_putc(&o, (char)('A' + rng_below(&ctx->rng, 26)));
            break;
        case TP_HEX:
            for (int i = 0; i < part->width; i++)
                gen_out_putc(&o, hex[rng_below(&ctx->rng, 16)]);
            break;
        case TP_KIND:
            put_mapped(&o, kind_text[next_kind], kind_len[next_kind],
                       part->case_map);
            next_kind++;
            break;
        }
    }
    *out = gen_out_value(&o);
}

const struct gen_kind gen_template_kind = {
    .name = "template",
    .description = "text with placeholders: {seq} (row + 1, {seq:06} "
                   "padded), {row}, {year} (2020-2024), {int:MIN:MAX}, "
                   "{digits:N}, {letters:N}, {hex:N}, any generator's name "
                   "({first_name}: the row's person), {lower:NAME}, "
                   "{upper:NAME}; {{ and }} for braces; unique with {seq}",
    .config_keys = template_keys,
    .keys = template_key_schema,
    .types = GEN_TYPES_TEXT,
    .compile = template_compile,
    .generate = template_generate,
    .free = template_free,
};
