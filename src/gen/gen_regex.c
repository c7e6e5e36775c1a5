#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "gen/gen_internal.h"

/* regex: strings matching a regular expression. The pattern is parsed once
 * into a tree; a value is a random walk down it, or, for a unique column,
 * the i-th match in a fixed enumeration of the pattern's language where i is
 * a keyed permutation of the row index. */

#define RX_MAX_PATTERN 1000   /* bytes of pattern */
#define RX_MAX_DEPTH   16     /* nested groups */
#define RX_MAX_REPEAT  255    /* PostgreSQL's own limit for {m,n} */
#define RX_OPEN_EXTRA  8      /* *, + and {n,} repeat at most 8 more times */
#define RX_MAX_BYTES   100000 /* longest value, text columns included */
#define RX_SCRATCH     4096   /* shorter values are built on the stack */
#define RX_SAT         (UINT64_C(1) << 62) /* counts saturate here */
#define RX_K           12 /* positions compared for ambiguity */

enum rx_op { RX_LIT, RX_CLASS, RX_SEQ, RX_ALT, RX_REPEAT };

struct rx_range {
    uint32_t lo, hi;
};

struct rx_node {
    enum rx_op op;
    size_t pos; /* byte offset in the pattern, for messages */
    /* RX_LIT: one character, UTF-8 encoded */
    char bytes[4];
    unsigned byte_count;
    /* RX_CLASS: sorted, disjoint code point ranges */
    struct rx_range *ranges;
    size_t range_count;
    /* RX_SEQ, RX_ALT: the parts; RX_REPEAT: kids[0] */
    struct rx_node **kids;
    size_t kid_count, kid_cap;
    unsigned min, max; /* RX_REPEAT */
    uint64_t *kcount;  /* RX_REPEAT: matches with min + j copies */
    /* measured after parsing; saturated at RX_SAT */
    uint64_t min_chars, max_chars, max_bytes;
    uint64_t count; /* distinct ways to match (class members, ...) */
};

struct rx_parser {
    const char *text;
    size_t len;
    size_t pos;
    bool failed;
    size_t error_pos;
    char message[160];
    const char *hint;
};

/* ---- saturating arithmetic ---- */

static uint64_t
sat_add(uint64_t a, uint64_t b)
{
    return a >= RX_SAT || b >= RX_SAT || a + b >= RX_SAT ? RX_SAT : a + b;
}

static uint64_t
sat_mul(uint64_t a, uint64_t b)
{
    if (a == 0 || b == 0)
        return 0;
    if (a >= RX_SAT || b >= RX_SAT || a > RX_SAT / b)
        return RX_SAT;
    return a * b;
}

/* ---- nodes ---- */

static struct rx_node *
rx_new(enum rx_op op, size_t pos)
{
    struct rx_node *node = xcalloc(1, sizeof(*node));
    node->op = op;
    node->pos = pos;
    return node;
}

static void
rx_free(struct rx_node *node)
{
    if (node == NULL)
        return;
    for (size_t i = 0; i < node->kid_count; i++)
        rx_free(node->kids[i]);
    free(node->kids);
    free(node->ranges);
    free(node->kcount);
    free(node);
}

static void
rx_add_kid(struct rx_node *node, struct rx_node *kid)
{
    if (node->kid_count == node->kid_cap) {
        node->kid_cap = node->kid_cap ? 2 * node->kid_cap : 4;
        node->kids = xrealloc(node->kids, node->kid_cap * sizeof(*node->kids));
    }
    node->kids[node->kid_count++] = kid;
}

/* ---- parsing ---- */

__attribute__((format(printf, 3, 4))) static void
rx_fail(struct rx_parser *p, size_t pos, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    p->error_pos = pos;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof(p->message), fmt, ap);
    va_end(ap);
}

static size_t
utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

static unsigned
utf8_size(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Reads the character at p->pos (well-formed UTF-8 only). */
static int
rx_read_char(struct rx_parser *p, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)p->text + p->pos;
    size_t left = p->len - p->pos;
    unsigned need;
    uint32_t value, least;
    if (s[0] < 0x80) {
        *cp = s[0];
        p->pos++;
        return 0;
    }
    if ((s[0] & 0xe0) == 0xc0) {
        need = 1, value = s[0] & 0x1f, least = 0x80;
    } else if ((s[0] & 0xf0) == 0xe0) {
        need = 2, value = s[0] & 0x0f, least = 0x800;
    } else if ((s[0] & 0xf8) == 0xf0) {
        need = 3, value = s[0] & 0x07, least = 0x10000;
    } else {
        rx_fail(p, p->pos, "invalid UTF-8");
        return -1;
    }
    if (left <= need) {
        rx_fail(p, p->pos, "invalid UTF-8");
        return -1;
    }
    for (unsigned i = 1; i <= need; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            rx_fail(p, p->pos, "invalid UTF-8");
            return -1;
        }
        value = (value << 6) | (s[i] & 0x3f);
    }
    if (value < least || value > 0x10ffff ||
        (value >= 0xd800 && value <= 0xdfff)) {
        rx_fail(p, p->pos, "invalid UTF-8");
        return -1;
    }
    *cp = value;
    p->pos += need + 1;
    return 0;
}

/* A set of characters while a class is read: ASCII as bits, the rest as
 * ranges. */
struct rx_set {
    uint64_t ascii[2];
    struct rx_range *wide;
    size_t wide_count, wide_cap;
};

static void
set_add(struct rx_set *set, uint32_t lo, uint32_t hi)
{
    for (uint32_t c = lo; c <= hi && c < 128; c++)
        set->ascii[c >> 6] |= UINT64_C(1) << (c & 63);
    if (hi < 128)
        return;
    if (lo < 128)
        lo = 128;
    if (set->wide_count == set->wide_cap) {
        set->wide_cap = set->wide_cap ? 2 * set->wide_cap : 4;
        set->wide = xrealloc(set->wide, set->wide_cap * sizeof(*set->wide));
    }
    set->wide[set->wide_count].lo = lo;
    set->wide[set->wide_count].hi = hi;
    set->wide_count++;
}

static bool
set_has(const struct rx_set *set, uint32_t c)
{
    return c < 128 && (set->ascii[c >> 6] >> (c & 63)) & 1;
}

/* The named sets. Whitespace generates as a space only, and negations and
 * "." draw from printable ASCII, so every value is printable text. */
enum rx_named {
    NAMED_DIGIT,
    NAMED_WORD,
    NAMED_SPACE,
    NAMED_ALPHA,
    NAMED_ALNUM,
    NAMED_UPPER,
    NAMED_LOWER,
    NAMED_XDIGIT,
    NAMED_PUNCT,
    NAMED_PRINT,
    NAMED_GRAPH
};

static void
set_add_named(struct rx_set *set, enum rx_named named, bool negate)
{
    struct rx_set own = {{0, 0}, NULL, 0, 0};
    switch (named) {
    case NAMED_DIGIT:
        set_add(&own, '0', '9');
        break;
    case NAMED_WORD:
        set_add(&own, '_', '_');
        /* fall through */
    case NAMED_ALNUM:
        set_add(&own, '0', '9');
        /* fall through */
    case NAMED_ALPHA:
        set_add(&own, 'A', 'Z');
        set_add(&own, 'a', 'z');
        break;
    case NAMED_SPACE:
        set_add(&own, ' ', ' ');
        break;
    case NAMED_UPPER:
        set_add(&own, 'A', 'Z');
        break;
    case NAMED_LOWER:
        set_add(&own, 'a', 'z');
        break;
    case NAMED_XDIGIT:
        set_add(&own, '0', '9');
        set_add(&own, 'A', 'F');
        set_add(&own, 'a', 'f');
        break;
    case NAMED_PUNCT:
        for (uint32_t c = 0x21; c < 0x7f; c++)
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                  (c >= 'a' && c <= 'z')))
                set_add(&own, c, c);
        break;
    case NAMED_PRINT:
        set_add(&own, 0x20, 0x7e);
        break;
    case NAMED_GRAPH:
        set_add(&own, 0x21, 0x7e);
        break;
    }
    for (uint32_t c = 0x20; c < 0x7f; c++)
        if (set_has(&own, c) != negate)
            set_add(set, c, c);
}

static int
compare_ranges(const void *a, const void *b)
{
    const struct rx_range *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Turns a set into a class node; negation keeps printable ASCII only. */
static struct rx_node *
set_to_node(struct rx_set *set, bool negate, size_t pos)
{
    struct rx_node *node = rx_new(RX_CLASS, pos);
    size_t cap = 64 + set->wide_count;
    node->ranges = xcalloc(cap, sizeof(*node->ranges));
    for (uint32_t c = 0; c < 128; c++) {
        bool in = set_has(set, c);
        if (negate)
            in = !in && c >= 0x20 && c < 0x7f;
        if (!in)
            continue;
        if (node->range_count > 0 &&
            node->ranges[node->range_count - 1].hi + 1 == c) {
            node->ranges[node->range_count - 1].hi = c;
        } else {
            node->ranges[node->range_count].lo = c;
            node->ranges[node->range_count].hi = c;
            node->range_count++;
        }
    }
    if (!negate && set->wide_count > 0) {
        qsort(set->wide, set->wide_count, sizeof(*set->wide), compare_ranges);
        size_t first = node->range_count;
        for (size_t i = 0; i < set->wide_count; i++) {
            struct rx_range r = set->wide[i];
            struct rx_range *last = node->range_count > first
                                        ? &node->ranges[node->range_count - 1]
                                        : NULL;
            if (last != NULL && r.lo <= last->hi + 1) {
                if (r.hi > last->hi)
                    last->hi = r.hi;
            } else {
                node->ranges[node->range_count++] = r;
            }
        }
    }
    free(set->wide);
    set->wide = NULL;
    set->wide_count = set->wide_cap = 0;
    return node;
}

static struct rx_node *
named_node(enum rx_named named, bool negate, size_t pos)
{
    struct rx_set set = {{0, 0}, NULL, 0, 0};
    set_add_named(&set, named, negate);
    return set_to_node(&set, false, pos);
}

static bool
is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
           (c >= 'a' && c <= 'z');
}

/* Shorthand classes: returns true and sets named/negate for \d \w \s and
 * their upper-case complements. */
static bool
shorthand(char c, enum rx_named *named, bool *negate)
{
    switch (c) {
    case 'd':
    case 'D':
        *named = NAMED_DIGIT;
        break;
    case 'w':
    case 'W':
        *named = NAMED_WORD;
        break;
    case 's':
    case 'S':
        *named = NAMED_SPACE;
        break;
    default:
        return false;
    }
    *negate = c >= 'A' && c <= 'Z';
    return true;
}

/* The character an escape stands for, for \t-like escapes and escaped
 * punctuation; reports what cannot be generated. p->pos is past the
 * backslash. */
static int
rx_escape_char(struct rx_parser *p, uint32_t *cp, bool in_class)
{
    size_t at = p->pos - 1;
    if (p->pos >= p->len) {
        rx_fail(p, at, "trailing backslash");
        return -1;
    }
    char c = p->text[p->pos];
    switch (c) {
    case 't':
        *cp = '\t';
        break;
    case 'n':
        *cp = '\n';
        break;
    case 'r':
        *cp = '\r';
        break;
    case 'f':
        *cp = '\f';
        break;
    case 'v':
        *cp = '\v';
        break;
    default:
        if (c >= '1' && c <= '9') {
            rx_fail(p, at, "backreference \"\\%c\" cannot be generated", c);
            return -1;
        }
        if (!in_class && strchr("bBAZzmMyY", c) != NULL) {
            rx_fail(p, at, "assertion \"\\%c\" cannot be generated", c);
            return -1;
        }
        if (is_alnum(c) || (unsigned char)c >= 0x80) {
            rx_fail(p, at, "unsupported escape \"\\%c\"", c);
            return -1;
        }
        *cp = (unsigned char)c;
        break;
    }
    p->pos++;
    return 0;
}

static const struct {
    const char *name;
    enum rx_named named;
} posix_classes[] = {
    {"digit", NAMED_DIGIT}, {"alpha", NAMED_ALPHA},   {"alnum", NAMED_ALNUM},
    {"upper", NAMED_UPPER}, {"lower", NAMED_LOWER},   {"space", NAMED_SPACE},
    {"blank", NAMED_SPACE}, {"xdigit", NAMED_XDIGIT}, {"punct", NAMED_PUNCT},
    {"print", NAMED_PRINT}, {"graph", NAMED_GRAPH},
};

/* One element of a class as a code point; is_set when it was \d-like and
 * has been added to set already. */
static int
class_element(struct rx_parser *p, struct rx_set *set, uint32_t *cp,
              bool *is_set)
{
    *is_set = false;
    if (p->text[p->pos] == '\\') {
        p->pos++;
        enum rx_named named;
        bool negate;
        if (p->pos < p->len && shorthand(p->text[p->pos], &named, &negate)) {
            p->pos++;
            set_add_named(set, named, negate);
            *is_set = true;
            return 0;
        }
        return rx_escape_char(p, cp, true);
    }
    return rx_read_char(p, cp);
}

static struct rx_node *
parse_class(struct rx_parser *p)
{
    size_t start = p->pos;
    p->pos++; /* '[' */
    bool negate = false;
    if (p->pos < p->len && p->text[p->pos] == '^') {
        negate = true;
        p->pos++;
    }
    size_t first = p->pos;
    struct rx_set set = {{0, 0}, NULL, 0, 0};
    for (;;) {
        if (p->pos >= p->len) {
            rx_fail(p, start, "unbalanced \"[\"");
            p->hint = "write \\[ for a literal bracket";
            goto fail;
        }
        char c = p->text[p->pos];
        if (c == ']' && p->pos > first) {
            p->pos++;
            break;
        }
        if (c == '[' && p->pos + 1 < p->len &&
            (p->text[p->pos + 1] == '=' || p->text[p->pos + 1] == '.')) {
            rx_fail(p, p->pos, "collating elements are not supported");
            goto fail;
        }
        if (c == '[' && p->pos + 1 < p->len && p->text[p->pos + 1] == ':') {
            const char *end = strstr(p->text + p->pos + 2, ":]");
            size_t name_len = end ? (size_t)(end - (p->text + p->pos + 2)) : 0;
            size_t i = 0,
                   count = sizeof(posix_classes) / sizeof(*posix_classes);
            while (end && i < count &&
                   !(strlen(posix_classes[i].name) == name_len &&
                     memcmp(posix_classes[i].name, p->text + p->pos + 2,
                            name_len) == 0))
                i++;
            if (end == NULL || i == count) {
                rx_fail(p, p->pos, "unknown character class \"%.*s\"",
                        end ? (int)(name_len + 4) : 2, p->text + p->pos);
                goto fail;
            }
            set_add_named(&set, posix_classes[i].named, false);
            p->pos += name_len + 4;
            continue;
        }
        if (c == '-' && p->pos > first && p->pos + 1 < p->len &&
            p->text[p->pos + 1] != ']') {
            rx_fail(p, p->pos,
                    "\"-\" inside a class must be escaped or come first or "
                    "last");
            goto fail;
        }
        size_t element_pos = p->pos;
        uint32_t lo = 0, hi;
        bool is_set;
        if (class_element(p, &set, &lo, &is_set) != 0)
            goto fail;
        bool range = p->pos + 1 < p->len && p->text[p->pos] == '-' &&
                     p->text[p->pos + 1] != ']';
        if (!range) {
            if (!is_set)
                set_add(&set, lo, lo);
            continue;
        }
        p->pos++; /* '-' */
        bool hi_set;
        if (is_set || class_element(p, &set, &hi, &hi_set) != 0 || hi_set) {
            rx_fail(p, element_pos, "a range cannot start or end at a class");
            goto fail;
        }
        if (hi < lo) {
            rx_fail(p, element_pos, "range \"%.*s\" is out of order",
                    (int)(p->pos - element_pos), p->text + element_pos);
            goto fail;
        }
        if (lo <= 0xdfff && hi >= 0xd800) {
            rx_fail(p, element_pos, "range \"%.*s\" includes surrogates",
                    (int)(p->pos - element_pos), p->text + element_pos);
            goto fail;
        }
        set_add(&set, lo, hi);
    }
    struct rx_node *node = set_to_node(&set, negate, start);
    if (node->range_count == 0) {
        rx_fail(p, start, "empty character class");
        rx_free(node);
        return NULL;
    }
    return node;
fail:
    free(set.wide);
    return NULL;
}

static bool
at_bound(const struct rx_parser *p)
{
    return p->pos + 1 < p->len && p->text[p->pos] == '{' &&
           p->text[p->pos + 1] >= '0' && p->text[p->pos + 1] <= '9';
}

static bool
at_quantifier(const struct rx_parser *p)
{
    if (p->pos >= p->len)
        return false;
    char c = p->text[p->pos];
    return c == '*' || c == '+' || c == '?' || at_bound(p);
}

static int
parse_count(struct rx_parser *p, unsigned *out)
{
    unsigned value = 0;
    size_t start = p->pos;
    while (p->pos < p->len && p->text[p->pos] >= '0' &&
           p->text[p->pos] <= '9') {
        if (value <= RX_MAX_REPEAT)
            value = value * 10 + (unsigned)(p->text[p->pos] - '0');
        p->pos++;
    }
    if (p->pos == start)
        return -1;
    *out = value;
    return 0;
}

/* Wraps atom in the quantifier at p->pos, if any. */
static struct rx_node *
parse_quantifier(struct rx_parser *p, struct rx_node *atom)
{
    if (!at_quantifier(p))
        return atom;
    size_t start = p->pos;
    unsigned min, max;
    bool open = false;
    char c = p->text[p->pos];
    if (c == '{') {
        p->pos++;
        bool comma = false;
        if (parse_count(p, &min) != 0)
            goto bad;
        max = min;
        if (p->pos < p->len && p->text[p->pos] == ',') {
            comma = true;
            p->pos++;
            if (p->pos < p->len && p->text[p->pos] == '}')
                open = true;
            else if (parse_count(p, &max) != 0)
                goto bad;
        }
        if (p->pos >= p->len || p->text[p->pos] != '}')
            goto bad;
        p->pos++;
        if (min > RX_MAX_REPEAT || (!open && max > RX_MAX_REPEAT)) {
            rx_fail(p, start, "repetition count above %d", RX_MAX_REPEAT);
            goto fail;
        }
        if (!open && max < min) {
            rx_fail(p, start, "repetition \"%.*s\" is out of order",
                    (int)(p->pos - start), p->text + start);
            goto fail;
        }
        (void)comma;
    } else {
        p->pos++;
        min = c == '+' ? 1 : 0;
        max = c == '?' ? 1 : 0;
        open = c != '?';
    }
    if (open)
        max = min + RX_OPEN_EXTRA;
    if (p->pos < p->len && p->text[p->pos] == '?')
        p->pos++; /* non-greedy: the same strings match */
    if (at_quantifier(p)) {
        rx_fail(p, p->pos, "a quantifier cannot follow another");
        goto fail;
    }
    struct rx_node *node = rx_new(RX_REPEAT, atom->pos);
    node->min = min;
    node->max = max;
    rx_add_kid(node, atom);
    return node;
bad:
    rx_fail(p, start, "invalid repetition count");
    p->hint = "write {n}, {n,} or {m,n}, or \\{ for a literal brace";
fail:
    rx_free(atom);
    return NULL;
}

static struct rx_node *parse_alternation(struct rx_parser *p, int depth);

static struct rx_node *
parse_group(struct rx_parser *p, int depth)
{
    size_t start = p->pos;
    p->pos++; /* '(' */
    if (p->pos < p->len && p->text[p->pos] == '?') {
        const char *rest = p->text + p->pos;
        if (strncmp(rest, "?:", 2) == 0) {
            p->pos += 2;
        } else if (strncmp(rest, "?=", 2) == 0 || strncmp(rest, "?!", 2) == 0 ||
                   strncmp(rest, "?<=", 3) == 0 ||
                   strncmp(rest, "?<!", 3) == 0) {
            rx_fail(p, start, "lookaround \"(%.*s\" cannot be generated",
                    rest[1] == '<' ? 3 : 2, rest);
            return NULL;
        } else {
            rx_fail(p, start, "unsupported group \"(%.2s\"", rest);
            return NULL;
        }
    }
    if (depth + 1 > RX_MAX_DEPTH) {
        rx_fail(p, start, "groups nested more than %d deep", RX_MAX_DEPTH);
        return NULL;
    }
    struct rx_node *inner = parse_alternation(p, depth + 1);
    if (inner == NULL)
        return NULL;
    if (p->pos >= p->len || p->text[p->pos] != ')') {
        rx_fail(p, start, "unbalanced \"(\"");
        rx_free(inner);
        return NULL;
    }
    p->pos++;
    inner->pos = start;
    return inner;
}

static struct rx_node *
parse_atom(struct rx_parser *p, int depth)
{
    size_t start = p->pos;
    char c = p->text[p->pos];
    enum rx_named named;
    bool negate;
    uint32_t cp;
    switch (c) {
    case '(':
        return parse_group(p, depth);
    case '[':
        return parse_class(p);
    case '.':
        p->pos++;
        return named_node(NAMED_PRINT, false, start);
    case '*':
    case '+':
    case '?':
        rx_fail(p, start, "nothing to repeat before \"%c\"", c);
        return NULL;
    case '\\':
        p->pos++;
        if (p->pos < p->len && shorthand(p->text[p->pos], &named, &negate)) {
            p->pos++;
            return named_node(named, negate, start);
        }
        if (rx_escape_char(p, &cp, false) != 0)
            return NULL;
        break;
    default:
        if (at_bound(p)) {
            rx_fail(p, start, "nothing to repeat before \"{\"");
            return NULL;
        }
        if (rx_read_char(p, &cp) != 0)
            return NULL;
        break;
    }
    struct rx_node *node = rx_new(RX_LIT, start);
    node->byte_count = (unsigned)utf8_encode(cp, node->bytes);
    return node;
}

/* A sequence up to "|", ")" or the end; one part is returned as itself. */
static struct rx_node *
parse_sequence(struct rx_parser *p, int depth)
{
    struct rx_node *seq = rx_new(RX_SEQ, p->pos);
    while (p->pos < p->len && p->text[p->pos] != '|' &&
           p->text[p->pos] != ')') {
        char c = p->text[p->pos];
        if (c == '^' || c == '$') {
            /* Matches are whole values, so anchors at the ends of the
             * pattern (or of a top-level alternative) say nothing. */
            bool at_end = p->pos + 1 == p->len || p->text[p->pos + 1] == '|';
            if (depth == 0 && (c == '^' ? seq->kid_count == 0 : at_end)) {
                p->pos++;
                continue;
            }
            rx_fail(p, p->pos,
                    "anchor \"%c\" inside the pattern cannot be generated", c);
            rx_free(seq);
            return NULL;
        }
        struct rx_node *atom = parse_atom(p, depth);
        if (atom != NULL)
            atom = parse_quantifier(p, atom);
        if (atom == NULL) {
            rx_free(seq);
            return NULL;
        }
        rx_add_kid(seq, atom);
    }
    if (seq->kid_count == 1) {
        struct rx_node *only = seq->kids[0];
        seq->kid_count = 0;
        rx_free(seq);
        return only;
    }
    return seq;
}

static struct rx_node *
parse_alternation(struct rx_parser *p, int depth)
{
    struct rx_node *alt = rx_new(RX_ALT, p->pos);
    for (;;) {
        struct rx_node *branch = parse_sequence(p, depth);
        if (branch == NULL) {
            rx_free(alt);
            return NULL;
        }
        rx_add_kid(alt, branch);
        if (p->pos < p->len && p->text[p->pos] == '|') {
            p->pos++;
            continue;
        }
        break;
    }
    if (alt->kid_count == 1) {
        struct rx_node *only = alt->kids[0];
        alt->kid_count = 0;
        rx_free(alt);
        return only;
    }
    return alt;
}

static struct rx_node *
rx_parse(struct rx_parser *p)
{
    struct rx_node *root = parse_alternation(p, 0);
    if (root != NULL && p->pos < p->len) {
        /* only ")" stops the top level early */
        rx_fail(p, p->pos, "unbalanced \")\"");
        rx_free(root);
        return NULL;
    }
    return root;
}

/* ---- measuring ---- */

static uint64_t
class_count(const struct rx_node *node)
{
    uint64_t count = 0;
    for (size_t i = 0; i < node->range_count; i++)
        count += (uint64_t)node->ranges[i].hi - node->ranges[i].lo + 1;
    return count;
}

static void
rx_measure(struct rx_node *node)
{
    for (size_t i = 0; i < node->kid_count; i++)
        rx_measure(node->kids[i]);
    switch (node->op) {
    case RX_LIT:
        node->min_chars = node->max_chars = 1;
        node->max_bytes = node->byte_count;
        node->count = 1;
        break;
    case RX_CLASS:
        node->min_chars = node->max_chars = 1;
        node->max_bytes = utf8_size(node->ranges[node->range_count - 1].hi);
        node->count = class_count(node);
        break;
    case RX_SEQ:
        node->count = 1;
        for (size_t i = 0; i < node->kid_count; i++) {
            const struct rx_node *kid = node->kids[i];
            node->min_chars = sat_add(node->min_chars, kid->min_chars);
            node->max_chars = sat_add(node->max_chars, kid->max_chars);
            node->max_bytes = sat_add(node->max_bytes, kid->max_bytes);
            node->count = sat_mul(node->count, kid->count);
        }
        break;
    case RX_ALT:
        node->min_chars = RX_SAT;
        for (size_t i = 0; i < node->kid_count; i++) {
            const struct rx_node *kid = node->kids[i];
            if (kid->min_chars < node->min_chars)
                node->min_chars = kid->min_chars;
            if (kid->max_chars > node->max_chars)
                node->max_chars = kid->max_chars;
            if (kid->max_bytes > node->max_bytes)
                node->max_bytes = kid->max_bytes;
            node->count = sat_add(node->count, kid->count);
        }
        break;
    case RX_REPEAT: {
        const struct rx_node *kid = node->kids[0];
        node->min_chars = sat_mul(node->min, kid->min_chars);
        node->max_chars = sat_mul(node->max, kid->max_chars);
        node->max_bytes = sat_mul(node->max, kid->max_bytes);
        node->kcount = xcalloc(node->max - node->min + 1, sizeof(uint64_t));
        uint64_t power = 1;
        for (unsigned k = 0; k <= node->max; k++) {
            if (k >= node->min) {
                node->kcount[k - node->min] = power;
                node->count = sat_add(node->count, power);
            }
            power = sat_mul(power, kid->count);
        }
        break;
    }
    }
}

/* ---- ambiguity, for unique columns ---- */

/* Characters as bits: ASCII exactly, others in 64 shared buckets (sharing
 * a bucket only makes the test more cautious). */
struct rx_cset {
    uint64_t w[3];
};

struct rx_profile {
    struct rx_cset at[RX_K]; /* characters at offset k from the start (or
                                the end), over matches longer than k */
    uint32_t lens; /* bit l: a match of length l < RX_K; bit RX_K: longer */
};

static void
cset_add(struct rx_cset *set, uint32_t cp)
{
    if (cp < 128)
        set->w[cp >> 6] |= UINT64_C(1) << (cp & 63);
    else
        set->w[2] |= UINT64_C(1) << (cp & 63);
}

static void
cset_or(struct rx_cset *a, const struct rx_cset *b)
{
    for (int i = 0; i < 3; i++)
        a->w[i] |= b->w[i];
}

static bool
cset_meet(const struct rx_cset *a, const struct rx_cset *b)
{
    return (a->w[0] & b->w[0]) || (a->w[1] & b->w[1]) || (a->w[2] & b->w[2]);
}

static uint32_t
lens_add(uint32_t a, uint32_t b)
{
    uint32_t out = 0;
    for (unsigned i = 0; i <= RX_K; i++) {
        if (!((a >> i) & 1))
            continue;
        for (unsigned j = 0; j <= RX_K; j++)
            if ((b >> j) & 1)
                out |= UINT32_C(1) << (i + j < RX_K ? i + j : RX_K);
    }
    return out;
}

static void
profile_append(struct rx_profile *acc, const struct rx_profile *kid)
{
    struct rx_profile out = *acc;
    for (unsigned l = 0; l < RX_K; l++)
        if ((acc->lens >> l) & 1)
            for (unsigned q = 0; l + q < RX_K; q++)
                cset_or(&out.at[l + q], &kid->at[q]);
    out.lens = lens_add(acc->lens, kid->lens);
    *acc = out;
}

static void
rx_profile(const struct rx_node *node, bool reverse, struct rx_profile *out)
{
    memset(out, 0, sizeof(*out));
    struct rx_profile kid;
    switch (node->op) {
    case RX_LIT: {
        struct rx_parser p = {node->bytes, node->byte_count, 0, false, 0, "",
                              NULL};
        uint32_t cp = 0;
        (void)rx_read_char(&p, &cp);
        cset_add(&out->at[0], cp);
        out->lens = 1u << 1;
        break;
    }
    case RX_CLASS:
        for (size_t i = 0; i < node->range_count; i++) {
            const struct rx_range *r = &node->ranges[i];
            for (uint32_t c = r->lo; c <= r->hi; c++) {
                cset_add(&out->at[0], c);
                if (c >= 128 && c - r->lo >= 64)
                    break;
            }
        }
        out->lens = 1u << 1;
        break;
    case RX_SEQ:
        out->lens = 1;
        for (size_t i = 0; i < node->kid_count; i++) {
            size_t index = reverse ? node->kid_count - 1 - i : i;
            rx_profile(node->kids[index], reverse, &kid);
            profile_append(out, &kid);
        }
        break;
    case RX_ALT:
        for (size_t i = 0; i < node->kid_count; i++) {
            rx_profile(node->kids[i], reverse, &kid);
            for (unsigned k = 0; k < RX_K; k++)
                cset_or(&out->at[k], &kid.at[k]);
            out->lens |= kid.lens;
        }
        break;
    case RX_REPEAT:
        rx_profile(node->kids[0], reverse, &kid);
        out->lens = 1;
        for (unsigned k = 0; k < node->max; k++) {
            if (k == node->min)
                kid.lens |= 1; /* the copies after min may be absent */
            if (out->lens == (1u << RX_K))
                break; /* every later character lies beyond RX_K */
            profile_append(out, &kid);
        }
        break;
    }
}

/* Whether no text matches both a and b (false: perhaps some does). */
static bool
rx_disjoint(const struct rx_node *a, const struct rx_node *b)
{
    if (a->max_chars < b->min_chars || b->max_chars < a->min_chars)
        return true;
    uint64_t shared = a->min_chars < b->min_chars ? a->min_chars : b->min_chars;
    if (shared > RX_K)
        shared = RX_K;
    struct rx_profile pa, pb;
    for (int reverse = 0; reverse < 2; reverse++) {
        rx_profile(a, reverse, &pa);
        rx_profile(b, reverse, &pb);
        for (unsigned k = 0; k < shared; k++)
            if (!cset_meet(&pa.at[k], &pb.at[k]))
                return true;
    }
    return false;
}

/* Finds a node where two ways of matching might give the same text, so
 * that enumerating the ways would repeat values. NULL when there is none. */
static const struct rx_node *
rx_ambiguous(const struct rx_node *node, const char **why)
{
    for (size_t i = 0; i < node->kid_count; i++) {
        const struct rx_node *bad = rx_ambiguous(node->kids[i], why);
        if (bad != NULL)
            return bad;
    }
    switch (node->op) {
    case RX_LIT:
    case RX_CLASS:
        break;
    case RX_SEQ: {
        size_t varying = 0;
        for (size_t i = 0; i < node->kid_count; i++) {
            const struct rx_node *kid = node->kids[i];
            if (kid->min_chars != kid->max_chars && ++varying > 1) {
                *why = "only one part of a sequence may vary in length";
                return kid;
            }
        }
        break;
    }
    case RX_ALT:
        for (size_t i = 0; i < node->kid_count; i++)
            for (size_t j = i + 1; j < node->kid_count; j++)
                if (!rx_disjoint(node->kids[i], node->kids[j])) {
                    *why = "these alternatives may match the same text";
                    return node->kids[j];
                }
        break;
    case RX_REPEAT: {
        const struct rx_node *kid = node->kids[0];
        bool several = node->max > 1;
        bool fixed = kid->min_chars == kid->max_chars;
        if ((several && !fixed) ||
            (node->min != node->max && kid->max_chars == 0)) {
            *why = "a repeated part must have a fixed, non-zero length";
            return node;
        }
        break;
    }
    }
    return NULL;
}

/* ---- generating ---- */

static void
put_class_member(const struct rx_node *node, uint64_t index, struct gen_out *o)
{
    for (size_t i = 0; i < node->range_count; i++) {
        uint64_t size = (uint64_t)node->ranges[i].hi - node->ranges[i].lo + 1;
        if (index < size) {
            char bytes[4];
            size_t n = utf8_encode(node->ranges[i].lo + (uint32_t)index, bytes);
            gen_out_append(o, bytes, n);
            return;
        }
        index -= size;
    }
}

static void
rx_sample(const struct rx_node *node, struct rng *rng, struct gen_out *o)
{
    switch (node->op) {
    case RX_LIT:
        gen_out_append(o, node->bytes, node->byte_count);
        break;
    case RX_CLASS:
        put_class_member(node, rng_below(rng, node->count), o);
        break;
    case RX_SEQ:
        for (size_t i = 0; i < node->kid_count; i++)
            rx_sample(node->kids[i], rng, o);
        break;
    case RX_ALT:
        rx_sample(node->kids[rng_below(rng, node->kid_count)], rng, o);
        break;
    case RX_REPEAT: {
        uint64_t times = node->min + rng_below(rng, node->max - node->min + 1);
        for (uint64_t k = 0; k < times; k++)
            rx_sample(node->kids[0], rng, o);
        break;
    }
    }
}

/* Splits index into a digit below count (the whole index when count is
 * saturated, as index is below RX_SAT) and the rest. */
static uint64_t
next_digit(uint64_t *index, uint64_t count)
{
    if (count >= RX_SAT) {
        uint64_t digit = *index;
        *index = 0;
        return digit;
    }
    uint64_t digit = *index % count;
    *index /= count;
    return digit;
}

/* The index-th match (index < min(count, RX_SAT)) in mixed radix over the
 * tree: distinct indexes give distinct matches when the tree is not
 * ambiguous. */
static void
rx_nth(const struct rx_node *node, uint64_t index, struct gen_out *o)
{
    switch (node->op) {
    case RX_LIT:
        gen_out_append(o, node->bytes, node->byte_count);
        break;
    case RX_CLASS:
        put_class_member(node, index, o);
        break;
    case RX_SEQ:
        for (size_t i = 0; i < node->kid_count; i++) {
            const struct rx_node *kid = node->kids[i];
            rx_nth(kid, next_digit(&index, kid->count), o);
        }
        break;
    case RX_ALT:
        for (size_t i = 0; i < node->kid_count; i++) {
            if (index < node->kids[i]->count) {
                rx_nth(node->kids[i], index, o);
                return;
            }
            index -= node->kids[i]->count;
        }
        break;
    case RX_REPEAT: {
        const struct rx_node *kid = node->kids[0];
        for (unsigned k = node->min; k <= node->max; k++) {
            uint64_t ways = node->kcount[k - node->min];
            if (index < ways) {
                for (unsigned copy = 0; copy < k; copy++)
                    rx_nth(kid, next_digit(&index, kid->count), o);
                return;
            }
            index -= ways;
        }
        break;
    }
    }
}

/* ---- the kind ---- */

struct regex_state {
    struct rx_node *root;
    uint64_t max_bytes;
    bool unique;
    struct perm perm;
};

static const char *const regex_keys[] = {"pattern", NULL};

static const struct gen_key regex_key_schema[] = {
    {"pattern", GEN_KEY_STRING, NULL,
     "the regular expression every value matches (required)"},
    {NULL, 0, NULL, NULL},
};

static void
regex_free(void *state)
{
    struct regex_state *st = state;
    if (st == NULL)
        return;
    rx_free(st->root);
    free(st);
}

static size_t
char_position(const char *text, size_t byte_offset)
{
    size_t position = 1;
    for (size_t i = 0; i < byte_offset; i++)
        position += ((unsigned char)text[i] & 0xc0) != 0x80;
    return position;
}

/* An error at generator_config.pattern naming the position (in
 * characters, from 1) of what cannot be generated. */
__attribute__((format(printf, 6, 7))) static void
pattern_error(const struct gen_spec *spec, struct diag_list *diags,
              const char *pattern, size_t pos, const char *hint,
              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = xvasprintf(fmt, ap);
    va_end(ap);
    char *path = gen_util_path(spec, "pattern");
    diag_add(diags, DIAG_ERROR, path, hint,
             "pattern \"%s\" at position %zu: %s", pattern,
             char_position(pattern, pos), what);
    free(path);
    free(what);
}

static int
regex_compile(const struct gen_spec *spec, void **state,
              struct diag_list *diags)
{
    const struct pg_type *t = gen_util_resolve(spec->type);
    if (t->array_dims > 0 ||
        (t->base != PG_TEXT && t->base != PG_VARCHAR && t->base != PG_CHAR)) {
        gen_util_type_error(spec, "regex", diags);
        return -1;
    }
    size_t length;
    const char *pattern =
        gen_util_config_text(spec, "pattern", RX_MAX_PATTERN, &length, diags);
    if (pattern == NULL)
        return -1;
    struct rx_parser p = {pattern, length, 0, false, 0, "", NULL};
    struct rx_node *root = rx_parse(&p);
    if (root == NULL) {
        pattern_error(spec, diags, pattern, p.error_pos, p.hint, "%s",
                      p.message);
        return -1;
    }
    rx_measure(root);
    long limit = gen_util_text_limit(spec);
    if (limit >= 0 && root->max_chars > (uint64_t)limit) {
        char *hint = xasprintf("bound the repetitions so that no match is "
                               "longer than %ld characters (*, + and {n,} "
                               "count as up to %d more)",
                               limit, RX_OPEN_EXTRA);
        pattern_error(spec, diags, pattern, 0, hint,
                      "matches can be %llu characters long, longer than the "
                      "column's limit of %ld",
                      (unsigned long long)root->max_chars, limit);
        free(hint);
        goto fail;
    }
    if (root->max_bytes > RX_MAX_BYTES) {
        pattern_error(spec, diags, pattern, 0, NULL,
                      "matches can be longer than %d bytes", RX_MAX_BYTES);
        goto fail;
    }
    struct regex_state *st = xcalloc(1, sizeof(*st));
    st->root = root;
    st->max_bytes = root->max_bytes;
    st->unique = spec->unique;
    if (spec->unique) {
        const char *why = NULL;
        const struct rx_node *bad = rx_ambiguous(root, &why);
        if (bad != NULL) {
            pattern_error(spec, diags, pattern, bad->pos,
                          "a unique column needs a pattern that matches each "
                          "text one way only",
                          "%s", why);
            regex_free(st);
            return -1;
        }
        if (t->base == PG_CHAR) {
            struct rx_profile tail;
            rx_profile(root, true, &tail);
            if (tail.at[0].w[0] & (UINT64_C(1) << ' ')) {
                pattern_error(spec, diags, pattern, 0, NULL,
                              "matches may end in a space, which char(n) "
                              "pads away, so unique values could collide");
                regex_free(st);
                return -1;
            }
        }
        char what[64 + RX_MAX_PATTERN];
        snprintf(what, sizeof(what), "pattern \"%s\"", pattern);
        if (gen_util_need_capacity(spec, root->count, what, diags) != 0) {
            regex_free(st);
            return -1;
        }
        perm_init(&st->perm, root->count, spec->key);
    }
    *state = st;
    return 0;
fail:
    rx_free(root);
    return -1;
}

static void
regex_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct regex_state *st = state;
    char scratch[RX_SCRATCH];
    struct gen_out o = {scratch, 0, sizeof(scratch)};
    if (st->max_bytes > sizeof(scratch))
        gen_out_init(&o, ctx->arena, (size_t)st->max_bytes);
    if (st->unique)
        rx_nth(st->root, perm_apply(&st->perm, ctx->row), &o);
    else
        rx_sample(st->root, &ctx->rng, &o);
    if (o.data == scratch) {
        char *copy = arena_alloc(ctx->arena, o.len ? o.len : 1);
        memcpy(copy, scratch, o.len);
        o.data = copy;
    }
    *out = gen_out_value(&o);
}

const struct gen_kind gen_regex_kind = {
    .name = "regex",
    .description = "text matching pattern: classes, ranges, \\d \\w \\s, "
                   "groups, alternation, quantifiers (*, + and {n,} repeat "
                   "at most 8 more times); unique by enumerating the matches",
    .config_keys = regex_keys,
    .keys = regex_key_schema,
    .types = GEN_TYPES_TEXT,
    .compile = regex_compile,
    .generate = regex_generate,
    .free = regex_free,
};
