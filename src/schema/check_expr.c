#include "schema/check_expr.h"

#include <limits.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/sqlident.h"
#include "schema/schema.h"

/* ---- model ------------------------------------------------------------- */

enum node_type {
    N_CONST,
    N_COLUMN,
    N_AND,
    N_OR,
    N_NOT,
    N_IS_NULL,  /* negate: IS NOT NULL */
    N_IS_BOOL,  /* op: IS_TRUE, IS_FALSE, IS_UNKNOWN; negate: IS NOT */
    N_CMP,      /* op: enum cmp_op */
    N_BETWEEN,  /* left BETWEEN right AND third */
    N_IN,       /* left IN (items) */
    N_LIKE,     /* left LIKE right */
    N_REGEX,    /* left ~ regex */
    N_ARITH,    /* op: enum arith_op */
    N_NEG,      /* unary minus */
    N_CONCAT,   /* text || text */
    N_FUNC,     /* op: enum func_id */
    N_COALESCE, /* items */
    N_CAST,     /* left cast to kind (int_bits, scale) */
};

enum cmp_op { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };
enum arith_op { AR_ADD, AR_SUB, AR_MUL, AR_DIV, AR_MOD };
enum is_target { IS_TRUE, IS_FALSE, IS_UNKNOWN };
enum func_id {
    F_LENGTH,
    F_OCTET_LENGTH,
    F_LOWER,
    F_UPPER,
    F_ABS,
    F_BTRIM,
    F_LTRIM,
    F_RTRIM,
};

struct node {
    enum node_type type;
    enum value_kind kind; /* result kind; VALUE_BOOL for conditions,
                             VALUE_NULL for a bare NULL literal */
    int int_bits;         /* VALUE_INT: 16, 32 or 64, as PostgreSQL types it,
                             so overflow fails where PostgreSQL's would */
    int scale;            /* N_CAST to numeric(p,s), N_COLUMN numeric(p,s):
                             s; -1 unconstrained */
    bool untyped;         /* string literal whose type is not known yet */
    bool opaque;          /* carried as text but not text (enum, uuid, json,
                             interval...): only = and <> make sense */
    bool bpchar;          /* char(n): trailing blanks do not count */
    bool negate;
    bool icase;
    bool symmetric;
    int op;
    size_t position; /* 1-based character of the token, for messages */
    struct value value;
    long column;
    struct node *left, *right, *third;
    struct node **items;
    size_t item_count;
    regex_t *regex;
    struct node *next_regex;
    struct value *allowed; /* N_IN over a column: the constants that can
                              equal it, of the column's kind */
    size_t allowed_count;
    /* How check_eval() runs the node (see compile_fast()): a shape with
     * columns and constants read straight from the row, or the tree
     * walk of eval(). */
    uint8_t fast;     /* enum fast_op */
    uint8_t fast_cmp; /* FAST_CMP_*: the comparison, column on the left */
    uint8_t like;     /* FAST_LIKE: enum like_shape */
    long fast_column, fast_column2;
    struct value fast_value, fast_value2; /* constants, char(n) blanks
                                             stripped */
    const struct value *fast_items; /* FAST_IN: the list's constants */
    struct node **operands; /* FAST_AND, FAST_OR: the whole chain */
    size_t operand_count;
    enum value_kind fast_items_kind; /* FAST_IN: every item's kind when
                                        they share one and none is NULL;
                                        VALUE_NULL otherwise */
    /* FAST_OR whose operands test one column against constants first
     * (status = 'x' AND ..., or status IN (...) AND ...), all of one kind:
     * with the column's value of that kind, the operands whose test fails
     * are false without being evaluated, so only those of the value's
     * route are. */
    size_t key_count;               /* distinct constants */
    const struct value *key_values; /* blanks stripped like the tests */
    const uint64_t *key_packed;     /* text: pack_text() of each */
    const struct key_route *routes; /* one per constant, then one for a
                                       value equal to none */
    const bool *keyed; /* per operand: starts with a key test, which the
                          operands of a constant's route pass */
    long key_column;
    enum value_kind key_kind;
    bool key_bpchar;
};

/* The operands (indexes, ascending) an OR evaluates for one key value. */
struct key_route {
    const size_t *operands;
    size_t count;
};

struct check_expr {
    struct node *root;
    struct node *regexes; /* compiled ones, for check_release() */
    long *columns;
    size_t column_count;
};

/* ---- numbers ----------------------------------------------------------- */

static const int64_t pow10_table[19] = {
    INT64_C(1),
    INT64_C(10),
    INT64_C(100),
    INT64_C(1000),
    INT64_C(10000),
    INT64_C(100000),
    INT64_C(1000000),
    INT64_C(10000000),
    INT64_C(100000000),
    INT64_C(1000000000),
    INT64_C(10000000000),
    INT64_C(100000000000),
    INT64_C(1000000000000),
    INT64_C(10000000000000),
    INT64_C(100000000000000),
    INT64_C(1000000000000000),
    INT64_C(10000000000000000),
    INT64_C(100000000000000000),
    INT64_C(1000000000000000000),
};

/* v * 10^digits; false on int64 overflow. */
static bool
scale_up(int64_t v, int digits, int64_t *out)
{
    while (digits > 18) {
        if (__builtin_mul_overflow(v, pow10_table[18], &v))
            return false;
        digits -= 18;
    }
    if (digits > 0 && __builtin_mul_overflow(v, pow10_table[digits], &v))
        return false;
    *out = v;
    return true;
}

static struct value
make_numeric(int64_t unscaled, int scale)
{
    struct value v = {.kind = VALUE_NUMERIC, .scale = (int16_t)scale};
    v.as.i = unscaled;
    return v;
}

static struct value
make_float(double f)
{
    struct value v = {.kind = VALUE_FLOAT, .float_digits = 17};
    v.as.f = f;
    return v;
}

static struct value
make_kind(enum value_kind kind, int64_t i)
{
    struct value v = {.kind = kind};
    v.as.i = i;
    return v;
}

static struct value
make_bool(bool b)
{
    return make_kind(VALUE_BOOL, b ? 1 : 0);
}

static bool
is_number_kind(enum value_kind kind)
{
    return kind == VALUE_INT || kind == VALUE_NUMERIC || kind == VALUE_FLOAT;
}

static bool
is_datetime_kind(enum value_kind kind)
{
    return kind == VALUE_DATE || kind == VALUE_TIMESTAMP ||
           kind == VALUE_TIMESTAMPTZ;
}

/* INT and NUMERIC as (unscaled, scale). */
static void
exact_parts(const struct value *v, int64_t *unscaled, int *scale)
{
    *unscaled = v->as.i;
    *scale = v->kind == VALUE_NUMERIC ? v->scale : 0;
}

static double
numeric_to_double(int64_t unscaled, int scale)
{
    /* One correctly rounded division while both operands are exact. */
    if (scale <= 0)
        return (double)unscaled;
    if (scale <= 22 &&
        (unscaled < 0 ? -unscaled : unscaled) < (INT64_C(1) << 53))
        return (double)unscaled / pow(10.0, scale);
    return (double)unscaled * pow(10.0, -scale);
}

static double
to_double(const struct value *v)
{
    if (v->kind == VALUE_FLOAT)
        return v->as.f;
    if (v->kind == VALUE_NUMERIC)
        return numeric_to_double(v->as.i, v->scale);
    return (double)v->as.i;
}

static int
sign_of(int64_t v)
{
    return (v > 0) - (v < 0);
}

/* Exact order of two scaled integers. When bringing one to the other's
 * scale overflows, its magnitude exceeds anything the other can hold. */
static int
compare_exact(int64_t a, int sa, int64_t b, int sb)
{
    if (sa < sb) {
        int64_t scaled;
        if (!scale_up(a, sb - sa, &scaled))
            return sign_of(a);
        a = scaled;
    } else if (sb < sa) {
        int64_t scaled;
        if (!scale_up(b, sa - sb, &scaled))
            return -sign_of(b);
        b = scaled;
    }
    return (a > b) - (a < b);
}

/* Rounds unscaled (at scale from) to scale to, half away from zero, as
 * PostgreSQL's numeric rounding does. */
static bool
round_to_scale(int64_t unscaled, int from, int to, int64_t *out)
{
    if (to >= from)
        return scale_up(unscaled, to - from, out);
    int drop = from - to;
    if (drop > 18) {
        *out = 0;
        return true;
    }
    int64_t divisor = pow10_table[drop];
    int64_t q = unscaled / divisor, r = unscaled % divisor;
    int64_t half = divisor / 2;
    if (r >= half && r > 0 && (r > half || divisor % 2 == 0))
        q++;
    else if (r <= -half && r < 0 && (r < -half || divisor % 2 == 0))
        q--;
    *out = q;
    return true;
}

/* Parses an SQL number ("12", "-3.50", "1e3", ".5") exactly into INT or
 * NUMERIC; a value too large for that becomes FLOAT. */
static bool
parse_number_text(const char *text, size_t length, struct value *out)
{
    size_t i = 0;
    while (i < length && (text[i] == ' ' || text[i] == '\t'))
        i++;
    while (length > i && (text[length - 1] == ' ' || text[length - 1] == '\t'))
        length--;
    bool negative = false;
    if (i < length && (text[i] == '+' || text[i] == '-'))
        negative = text[i++] == '-';
    int64_t mantissa = 0;
    int scale = 0, digits = 0;
    bool overflow = false, point = false;
    for (; i < length; i++) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
            digits++;
            if (!overflow &&
                (__builtin_mul_overflow(mantissa, 10, &mantissa) ||
                 __builtin_add_overflow(
                     mantissa, negative ? -(c - '0') : (c - '0'), &mantissa)))
                overflow = true;
            if (point)
                scale++;
        } else if (c == '.' && !point) {
            point = true;
        } else {
            break;
        }
    }
    if (digits == 0)
        return false;
    long exponent = 0;
    if (i < length && (text[i] == 'e' || text[i] == 'E')) {
        i++;
        bool exp_negative = false;
        if (i < length && (text[i] == '+' || text[i] == '-'))
            exp_negative = text[i++] == '-';
        if (i >= length || text[i] < '0' || text[i] > '9')
            return false;
        for (; i < length && text[i] >= '0' && text[i] <= '9'; i++) {
            if (exponent < 100000)
                exponent = exponent * 10 + (text[i] - '0');
        }
        if (exp_negative)
            exponent = -exponent;
    }
    if (i != length)
        return false;
    if (!overflow) {
        long s = scale - exponent;
        if (s <= 0) {
            int64_t v;
            if (s >= -36 && scale_up(mantissa, (int)-s, &v)) {
                *out = point || exponent ? make_numeric(v, 0) : value_int(v);
                return true;
            }
        } else if (s <= 1000) {
            *out = make_numeric(mantissa, (int)s);
            return true;
        }
    }
    char copy[128];
    if (length >= sizeof(copy))
        return false;
    memcpy(copy, text, length);
    copy[length] = '\0';
    *out = make_float(strtod(copy, NULL));
    return true;
}

/* ---- dates and times --------------------------------------------------- */

static bool
read_digits(const char *s, size_t length, size_t *i, int min, int max,
            int64_t *out)
{
    int count = 0;
    int64_t v = 0;
    while (*i < length && s[*i] >= '0' && s[*i] <= '9' && count < max) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        count++;
    }
    *out = v;
    return count >= min;
}

static int
days_in_month(int64_t year, unsigned month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
        return 29;
    return days[month - 1];
}

static void
skip_blanks(const char *s, size_t length, size_t *i)
{
    while (*i < length && (s[*i] == ' ' || s[*i] == '\t'))
        (*i)++;
}

static bool
parse_date_part(const char *s, size_t length, size_t *i, int64_t *days)
{
    int64_t year, month, day;
    if (!read_digits(s, length, i, 4, 6, &year) || *i >= length ||
        s[(*i)++] != '-' || !read_digits(s, length, i, 1, 2, &month) ||
        *i >= length || s[(*i)++] != '-' ||
        !read_digits(s, length, i, 1, 2, &day))
        return false;
    if (month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, (unsigned)month))
        return false;
    *days = days_from_civil(year, (unsigned)month, (unsigned)day);
    return true;
}

/* "HH:MM[:SS[.ffffff]]" */
static bool
parse_time_part(const char *s, size_t length, size_t *i, int64_t *usec)
{
    int64_t hour, minute, second = 0, fraction = 0;
    if (!read_digits(s, length, i, 1, 2, &hour) || *i >= length ||
        s[(*i)++] != ':' || !read_digits(s, length, i, 2, 2, &minute))
        return false;
    if (*i < length && s[*i] == ':') {
        (*i)++;
        if (!read_digits(s, length, i, 2, 2, &second))
            return false;
        if (*i < length && s[*i] == '.') {
            (*i)++;
            int count = 0;
            while (*i < length && s[*i] >= '0' && s[*i] <= '9') {
                if (count < 6)
                    fraction = fraction * 10 + (s[*i] - '0');
                else if (count == 6 && s[*i] >= '5')
                    fraction++; /* rounds to microseconds */
                count++;
                (*i)++;
            }
            if (count == 0)
                return false;
            for (; count < 6; count++)
                fraction *= 10;
        }
    }
    if (hour > 24 || minute > 59 || second > 60 ||
        (hour == 24 && (minute || second || fraction)))
        return false;
    *usec = ((hour * 60 + minute) * 60 + second) * USEC_PER_SEC + fraction;
    return true;
}

/* "Z", "UTC", "+HH", "+HH:MM", "+HHMM" (and "-"); seconds east of UTC. */
static bool
parse_zone(const char *s, size_t length, size_t *i, int64_t *offset)
{
    if (*i < length && (s[*i] == 'Z' || s[*i] == 'z')) {
        (*i)++;
        *offset = 0;
        return true;
    }
    if (length - *i >= 3 && strncasecmp(s + *i, "utc", 3) == 0) {
        *i += 3;
        *offset = 0;
        return true;
    }
    if (*i >= length || (s[*i] != '+' && s[*i] != '-'))
        return false;
    int sign = s[(*i)++] == '-' ? -1 : 1;
    int64_t hours, minutes = 0;
    if (!read_digits(s, length, i, 1, 2, &hours))
        return false;
    if (*i < length && s[*i] == ':')
        (*i)++;
    if (*i < length && s[*i] >= '0' && s[*i] <= '9' &&
        !read_digits(s, length, i, 2, 2, &minutes))
        return false;
    if (hours > 15 || minutes > 59)
        return false;
    *offset = sign * (hours * 3600 + minutes * 60);
    return true;
}

static bool
parse_date_text(const char *s, size_t length, int64_t *days)
{
    size_t i = 0;
    skip_blanks(s, length, &i);
    if (!parse_date_part(s, length, &i, days))
        return false;
    skip_blanks(s, length, &i);
    return i == length;
}

static bool
parse_time_text(const char *s, size_t length, int64_t *usec)
{
    size_t i = 0;
    skip_blanks(s, length, &i);
    if (!parse_time_part(s, length, &i, usec))
        return false;
    skip_blanks(s, length, &i);
    return i == length;
}

/* A timestamp without an offset is taken as UTC, the time zone the dump
 * is restored in for timestamptz values datagen writes. An offset on a
 * timestamp without time zone is ignored, as PostgreSQL does. */
static bool
parse_timestamp_text(const char *s, size_t length, bool with_zone,
                     int64_t *usec)
{
    size_t i = 0;
    int64_t days, time = 0, offset = 0;
    skip_blanks(s, length, &i);
    if (!parse_date_part(s, length, &i, &days))
        return false;
    if (i < length && (s[i] == 'T' || s[i] == ' ')) {
        size_t save = i;
        i++;
        skip_blanks(s, length, &i);
        if (!parse_time_part(s, length, &i, &time))
            i = save;
    }
    skip_blanks(s, length, &i);
    if (i < length && !parse_zone(s, length, &i, &offset))
        return false;
    skip_blanks(s, length, &i);
    if (i != length)
        return false;
    *usec =
        days * USEC_PER_DAY + time - (with_zone ? offset * USEC_PER_SEC : 0);
    return true;
}

static bool
parse_bool_text(const char *s, size_t length, bool *out)
{
    static const char *const yes[] = {"t", "true", "y", "yes", "on", "1"};
    static const char *const no[] = {"f", "false", "n", "no", "off", "0"};
    size_t i = 0;
    skip_blanks(s, length, &i);
    while (length > i && s[length - 1] == ' ')
        length--;
    size_t n = length - i;
    for (size_t k = 0; k < sizeof(yes) / sizeof(yes[0]); k++) {
        if (strlen(yes[k]) == n && strncasecmp(s + i, yes[k], n) == 0) {
            *out = true;
            return true;
        }
        if (strlen(no[k]) == n && strncasecmp(s + i, no[k], n) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

/* ---- types ------------------------------------------------------------- */

static const char *
kind_name(enum value_kind kind)
{
    switch (kind) {
    case VALUE_NULL:
        return "unknown";
    case VALUE_BOOL:
        return "boolean";
    case VALUE_INT:
        return "integer";
    case VALUE_FLOAT:
        return "double precision";
    case VALUE_NUMERIC:
        return "numeric";
    case VALUE_DATE:
        return "date";
    case VALUE_TIME:
        return "time";
    case VALUE_TIMESTAMP:
        return "timestamp";
    case VALUE_TIMESTAMPTZ:
        return "timestamp with time zone";
    case VALUE_TEXT:
        return "text";
    }
    return "unknown";
}

struct kind_info {
    enum value_kind kind;
    int int_bits;
    int scale;
    bool opaque;
    bool bpchar;
    bool interval;
};

static struct kind_info
kind_of_type(const struct pg_type *type)
{
    struct kind_info info = {.kind = VALUE_TEXT, .int_bits = 64, .scale = -1};
    if (type == NULL)
        return info;
    if (type->array_dims > 0) {
        info.opaque = true;
        return info;
    }
    switch (type->base) {
    case PG_SMALLINT:
        info.kind = VALUE_INT;
        info.int_bits = 16;
        break;
    case PG_INTEGER:
        info.kind = VALUE_INT;
        info.int_bits = 32;
        break;
    case PG_BIGINT:
        info.kind = VALUE_INT;
        break;
    case PG_NUMERIC:
        info.kind = VALUE_NUMERIC;
        info.scale = type->precision >= 0 ? type->scale : -1;
        break;
    case PG_MONEY:
        info.kind = VALUE_NUMERIC;
        info.scale = 2;
        break;
    case PG_REAL:
    case PG_DOUBLE:
        info.kind = VALUE_FLOAT;
        break;
    case PG_BOOLEAN:
        info.kind = VALUE_BOOL;
        break;
    case PG_TEXT:
    case PG_VARCHAR:
        break;
    case PG_CHAR:
        info.bpchar = true;
        break;
    case PG_DATE:
        info.kind = VALUE_DATE;
        break;
    case PG_TIME:
        info.kind = VALUE_TIME;
        break;
    case PG_TIMESTAMP:
        info.kind = VALUE_TIMESTAMP;
        break;
    case PG_TIMESTAMPTZ:
        info.kind = VALUE_TIMESTAMPTZ;
        break;
    case PG_INTERVAL:
        info.opaque = true;
        info.interval = true;
        break;
    case PG_DOMAIN:
        if (type->custom && type->custom != NULL &&
            type->custom->kind == CUSTOM_DOMAIN)
            return kind_of_type(&type->custom->base_type);
        info.opaque = true;
        break;
    default:
        info.opaque = true;
        break;
    }
    return info;
}

/* ---- tokens ------------------------------------------------------------ */

enum token_type {
    T_EOF,
    T_IDENT,  /* unquoted, folded to lower case */
    T_QIDENT, /* "quoted" */
    T_NUMBER,
    T_STRING,
    T_OP,
    T_LPAREN,
    T_RPAREN,
    T_COMMA,
    T_LBRACKET,
    T_RBRACKET,
    T_DOT,
    T_CAST,
};

struct token {
    enum token_type type;
    const char *text; /* NUL-terminated, in the arena */
    size_t length;    /* of text (a string may hold any byte but NUL) */
    size_t position;  /* 1-based character in the input */
};

struct parser {
    const char *sql;
    struct token *tokens;
    size_t token_count;
    size_t pos;
    check_resolve_fn resolve;
    void *context;
    struct arena *arena;
    struct dg_error *err;
    struct check_expr *expr;
    bool failed;
    bool unknown_column;
};

static int fail(struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(struct parser *p, const char *fmt, ...)
{
    if (!p->failed) {
        char message[400];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(message, sizeof(message), fmt, ap);
        va_end(ap);
        dg_fail(p->err, DG_INVALID, NULL, "%s", message);
        p->failed = true;
    }
    return -1;
}

static bool
is_op_char(char c)
{
    return c != '\0' && strchr("+-*/<>=~!@#%^&|`?", c) != NULL;
}

static bool
is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c >= 0x80;
}

static bool
is_ident_char(unsigned char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static int
hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads a string body after the opening quote; escapes for E'...'. */
static int
lex_string(struct parser *p, const char **cursor, bool escapes, struct token *t)
{
    const char *s = *cursor;
    struct buf text;
    buf_init(&text, 32);
    for (;;) {
        char c = *s;
        if (c == '\0') {
            buf_release(&text);
            return fail(p, "unterminated string literal at character %zu",
                        t->position);
        }
        if (c == '\'') {
            if (s[1] == '\'') {
                buf_putc(&text, '\'');
                s += 2;
                continue;
            }
            s++;
            break;
        }
        if (escapes && c == '\\' && s[1] != '\0') {
            char e = s[1];
            s += 2;
            switch (e) {
            case 'b':
                buf_putc(&text, '\b');
                break;
            case 'f':
                buf_putc(&text, '\f');
                break;
            case 'n':
                buf_putc(&text, '\n');
                break;
            case 'r':
                buf_putc(&text, '\r');
                break;
            case 't':
                buf_putc(&text, '\t');
                break;
            case 'x': {
                int value = 0, count = 0;
                while (count < 2 && hex_value(*s) >= 0) {
                    value = value * 16 + hex_value(*s++);
                    count++;
                }
                if (count == 0)
                    buf_putc(&text, 'x');
                else if (value == 0)
                    goto zero;
                else
                    buf_putc(&text, (char)value);
                break;
            }
            default:
                if (e >= '0' && e <= '7') {
                    int value = e - '0', count = 1;
                    while (count < 3 && *s >= '0' && *s <= '7') {
                        value = value * 8 + (*s++ - '0');
                        count++;
                    }
                    if ((value & 0xff) == 0)
                        goto zero;
                    buf_putc(&text, (char)value);
                } else {
                    buf_putc(&text, e);
                }
                break;
            }
            continue;
        }
        buf_putc(&text, c);
        s++;
    }
    *cursor = s;
    t->type = T_STRING;
    t->length = text.len;
    t->text = arena_strndup(p->arena, text.data, text.len);
    buf_release(&text);
    return 0;
zero:
    buf_release(&text);
    return fail(p, "invalid null character in string at character %zu",
                t->position);
}

static int
tokenize(struct parser *p)
{
    size_t capacity = strlen(p->sql) + 2;
    p->tokens = arena_alloc(p->arena, capacity * sizeof(*p->tokens));
    p->token_count = 0;
    const char *s = p->sql;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
               *s == '\f' || *s == '\v')
            s++;
        if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n')
                s++;
            continue;
        }
        if (s[0] == '/' && s[1] == '*') {
            const char *end = strstr(s + 2, "*/");
            if (end == NULL)
                return fail(p, "unterminated comment");
            s = end + 2;
            continue;
        }
        struct token *t = &p->tokens[p->token_count++];
        memset(t, 0, sizeof(*t));
        t->position = (size_t)(s - p->sql) + 1;
        const char *start = s;
        unsigned char c = (unsigned char)*s;
        if (c == '\0') {
            t->type = T_EOF;
            t->text = "end of expression";
            return 0;
        }
        if ((c == 'e' || c == 'E') && s[1] == '\'') {
            s += 2;
            if (lex_string(p, &s, true, t) != 0)
                return -1;
            continue;
        }
        if (c == '\'') {
            s++;
            if (lex_string(p, &s, false, t) != 0)
                return -1;
            continue;
        }
        if (is_ident_start(c)) {
            while (is_ident_char((unsigned char)*s))
                s++;
            char *text = arena_strndup(p->arena, start, (size_t)(s - start));
            for (char *q = text; *q; q++) {
                if (*q >= 'A' && *q <= 'Z')
                    *q = (char)(*q - 'A' + 'a');
            }
            t->type = T_IDENT;
            t->text = text;
            t->length = (size_t)(s - start);
            continue;
        }
        if (c == '"') {
            struct buf text;
            buf_init(&text, 16);
            s++;
            for (;;) {
                if (*s == '\0') {
                    buf_release(&text);
                    return fail(p,
                                "unterminated quoted identifier at character "
                                "%zu",
                                t->position);
                }
                if (*s == '"') {
                    if (s[1] != '"')
                        break;
                    s++;
                }
                buf_putc(&text, *s++);
            }
            s++;
            if (text.len == 0) {
                buf_release(&text);
                return fail(p,
                            "zero-length quoted identifier at character "
                            "%zu",
                            t->position);
            }
            t->type = T_QIDENT;
            t->length = text.len;
            t->text = arena_strndup(p->arena, text.data, text.len);
            buf_release(&text);
            continue;
        }
        if ((c >= '0' && c <= '9') ||
            (c == '.' && s[1] >= '0' && s[1] <= '9')) {
            while (*s >= '0' && *s <= '9')
                s++;
            if (*s == '.' && s[1] != '.') {
                s++;
                while (*s >= '0' && *s <= '9')
                    s++;
            }
            if ((*s == 'e' || *s == 'E') && ((s[1] >= '0' && s[1] <= '9') ||
                                             ((s[1] == '+' || s[1] == '-') &&
                                              s[2] >= '0' && s[2] <= '9'))) {
                s += 2;
                while (*s >= '0' && *s <= '9')
                    s++;
            }
            if (is_ident_start((unsigned char)*s))
                return fail(p, "trailing junk after number at character %zu",
                            t->position);
            t->type = T_NUMBER;
            t->length = (size_t)(s - start);
            t->text = arena_strndup(p->arena, start, t->length);
            continue;
        }
        if (c == ':' && s[1] == ':') {
            s += 2;
            t->type = T_CAST;
            t->text = "::";
            t->length = 2;
            continue;
        }
        static const struct {
            char c;
            enum token_type type;
        } singles[] = {{'(', T_LPAREN},   {')', T_RPAREN},   {',', T_COMMA},
                       {'[', T_LBRACKET}, {']', T_RBRACKET}, {'.', T_DOT}};
        bool single = false;
        for (size_t k = 0; k < sizeof(singles) / sizeof(singles[0]); k++) {
            if (c == (unsigned char)singles[k].c) {
                t->type = singles[k].type;
                t->text = arena_strndup(p->arena, s, 1);
                t->length = 1;
                s++;
                single = true;
                break;
            }
        }
        if (single)
            continue;
        if (is_op_char((char)c)) {
            /* PostgreSQL's rule: the longest run of operator characters,
             * stopping before a comment start; a trailing + or - is given
             * back unless the run holds one of ~ ! @ # % ^ & | ` ?. */
            while (is_op_char(*s) &&
                   !(s > start && ((s[0] == '-' && s[1] == '-') ||
                                   (s[0] == '/' && s[1] == '*'))))
                s++;
            size_t length = (size_t)(s - start);
            bool special = false;
            for (size_t k = 0; k < length; k++) {
                if (strchr("~!@#%^&|`?", start[k]))
                    special = true;
            }
            while (length > 1 && !special &&
                   (start[length - 1] == '+' || start[length - 1] == '-'))
                length--;
            s = start + length;
            t->type = T_OP;
            t->length = length;
            t->text = arena_strndup(p->arena, start, length);
            continue;
        }
        return fail(p, "unexpected character \"%c\" at character %zu", c,
                    t->position);
    }
}

/* ---- parser helpers ---------------------------------------------------- */

static struct token *
peek(struct parser *p)
{
    return &p->tokens[p->pos];
}

static struct token *
peek_at(struct parser *p, size_t ahead)
{
    size_t i = p->pos + ahead;
    if (i >= p->token_count)
        i = p->token_count - 1;
    return &p->tokens[i];
}

static struct token *
advance(struct parser *p)
{
    struct token *t = &p->tokens[p->pos];
    if (t->type != T_EOF)
        p->pos++;
    return t;
}

static bool
is_keyword(const struct token *t, const char *word)
{
    return t->type == T_IDENT && strcmp(t->text, word) == 0;
}

static bool
accept_keyword(struct parser *p, const char *word)
{
    if (is_keyword(peek(p), word)) {
        advance(p);
        return true;
    }
    return false;
}

static bool
is_op(const struct token *t, const char *op)
{
    return t->type == T_OP && strcmp(t->text, op) == 0;
}

static int
unexpected(struct parser *p, const struct token *t)
{
    if (t->type == T_EOF)
        return fail(p, "unexpected end of expression");
    if (t->type == T_STRING)
        return fail(p, "unexpected token '%s' at character %zu", t->text,
                    t->position);
    return fail(p, "unexpected token \"%s\" at character %zu", t->text,
                t->position);
}

static int
expect(struct parser *p, enum token_type type)
{
    if (peek(p)->type != type)
        return unexpected(p, peek(p));
    advance(p);
    return 0;
}

static struct node *
new_node(struct parser *p, enum node_type type, enum value_kind kind)
{
    struct node *n = arena_zalloc(p->arena, sizeof(*n));
    n->type = type;
    n->kind = kind;
    n->int_bits = 64;
    n->scale = -1;
    n->position = peek(p)->position;
    return n;
}

static struct node *
new_const(struct parser *p, struct value v)
{
    struct node *n = new_node(p, N_CONST, v.kind);
    n->value = v;
    if (v.kind == VALUE_INT)
        n->int_bits = v.as.i >= INT32_MIN && v.as.i <= INT32_MAX ? 32 : 64;
    return n;
}

/* ---- evaluation (shared with constant folding) ------------------------- */

/* Temporaries of one check_eval() call: lower(), upper() and || results. */
struct eval_ctx {
    const struct value *row;
    bool error; /* PostgreSQL would raise an error: the row fails */
    size_t used;
    char scratch[4096];
};

static char *
scratch_alloc(struct eval_ctx *ctx, size_t size)
{
    if (size > sizeof(ctx->scratch) - ctx->used)
        return NULL;
    char *p = ctx->scratch + ctx->used;
    ctx->used += size;
    return p;
}

static bool
int_fits(int64_t v, int bits)
{
    if (bits == 16)
        return v >= INT16_MIN && v <= INT16_MAX;
    if (bits == 32)
        return v >= INT32_MIN && v <= INT32_MAX;
    return true;
}

/* Converts v to kind (int_bits, scale); false when PostgreSQL would raise
 * an error (out of range, invalid text). */
static bool
convert_value(const struct value *v, enum value_kind kind, int int_bits,
              int scale, struct value *out)
{
    if (v->kind == VALUE_NULL) {
        *out = *v;
        return true;
    }
    switch (kind) {
    case VALUE_INT:
        if (v->kind == VALUE_INT) {
            *out = *v;
        } else if (v->kind == VALUE_NUMERIC) {
            int64_t r;
            if (!round_to_scale(v->as.i, v->scale, 0, &r))
                return false;
            *out = value_int(r);
        } else if (v->kind == VALUE_FLOAT) {
            double r = rint(v->as.f);
            if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0))
                return false;
            *out = value_int((int64_t)r);
        } else if (v->kind == VALUE_TEXT) {
            struct value n;
            if (!parse_number_text(v->as.text.ptr, v->as.text.len, &n) ||
                n.kind != VALUE_INT)
                return false;
            *out = n;
        } else if (v->kind == VALUE_BOOL && int_bits == 32) {
            *out = value_int(v->as.i);
        } else {
            return false;
        }
        return int_fits(out->as.i, int_bits);
    case VALUE_NUMERIC: {
        struct value n = *v;
        if (v->kind == VALUE_TEXT &&
            !parse_number_text(v->as.text.ptr, v->as.text.len, &n))
            return false;
        if (n.kind == VALUE_INT)
            n = make_numeric(n.as.i, 0);
        if (n.kind == VALUE_FLOAT) {
            if (!isfinite(n.as.f))
                return false;
            int s = scale >= 0 ? scale : 6;
            double scaled = round(n.as.f * pow(10.0, s));
            if (!(scaled >= -9.2e18 && scaled <= 9.2e18))
                return false;
            n = make_numeric((int64_t)scaled, s);
        }
        if (n.kind != VALUE_NUMERIC)
            return false;
        if (scale >= 0) {
            int64_t r;
            if (!round_to_scale(n.as.i, n.scale, scale, &r))
                return false;
            n = make_numeric(r, scale);
        }
        *out = n;
        return true;
    }
    case VALUE_FLOAT:
        if (is_number_kind(v->kind)) {
            *out = make_float(to_double(v));
            return true;
        }
        if (v->kind == VALUE_TEXT) {
            struct value n;
            if (!parse_number_text(v->as.text.ptr, v->as.text.len, &n))
                return false;
            *out = make_float(to_double(&n));
            return true;
        }
        return false;
    case VALUE_BOOL:
        if (v->kind == VALUE_BOOL) {
            *out = *v;
            return true;
        }
        if (v->kind == VALUE_INT) {
            *out = make_bool(v->as.i != 0);
            return true;
        }
        if (v->kind == VALUE_TEXT) {
            bool b;
            if (!parse_bool_text(v->as.text.ptr, v->as.text.len, &b))
                return false;
            *out = make_bool(b);
            return true;
        }
        return false;
    case VALUE_DATE: {
        int64_t days;
        if (v->kind == VALUE_DATE) {
            days = v->as.i;
        } else if (v->kind == VALUE_TIMESTAMP || v->kind == VALUE_TIMESTAMPTZ) {
            days = v->as.i / USEC_PER_DAY;
            if (v->as.i % USEC_PER_DAY < 0)
                days--;
        } else if (v->kind == VALUE_TEXT) {
            if (!parse_date_text(v->as.text.ptr, v->as.text.len, &days)) {
                int64_t usec;
                if (!parse_timestamp_text(v->as.text.ptr, v->as.text.len, false,
                                          &usec))
                    return false;
                days = usec / USEC_PER_DAY - (usec % USEC_PER_DAY < 0);
            }
        } else {
            return false;
        }
        *out = make_kind(VALUE_DATE, days);
        return true;
    }
    case VALUE_TIME: {
        int64_t usec;
        if (v->kind == VALUE_TIME) {
            usec = v->as.i;
        } else if (v->kind == VALUE_TIMESTAMP || v->kind == VALUE_TIMESTAMPTZ) {
            usec = v->as.i % USEC_PER_DAY;
            if (usec < 0)
                usec += USEC_PER_DAY;
        } else if (v->kind == VALUE_TEXT) {
            if (!parse_time_text(v->as.text.ptr, v->as.text.len, &usec))
                return false;
        } else {
            return false;
        }
        *out = make_kind(VALUE_TIME, usec);
        return true;
    }
    case VALUE_TIMESTAMP:
    case VALUE_TIMESTAMPTZ: {
        int64_t usec;
        if (v->kind == VALUE_DATE) {
            usec = v->as.i * USEC_PER_DAY;
        } else if (v->kind == VALUE_TIMESTAMP || v->kind == VALUE_TIMESTAMPTZ) {
            usec = v->as.i;
        } else if (v->kind == VALUE_TEXT) {
            if (!parse_timestamp_text(v->as.text.ptr, v->as.text.len,
                                      kind == VALUE_TIMESTAMPTZ, &usec))
                return false;
        } else {
            return false;
        }
        *out = make_kind(kind, usec);
        return true;
    }
    case VALUE_TEXT:
        if (v->kind != VALUE_TEXT)
            return false;
        *out = *v;
        return true;
    case VALUE_NULL:
        break;
    }
    return false;
}

static int64_t
temporal_usec(const struct value *v)
{
    return v->kind == VALUE_DATE ? v->as.i * USEC_PER_DAY : v->as.i;
}

/* Orders two non-NULL values; *ok false when they cannot be compared. */
static int
compare_values(const struct value *a, const struct value *b, bool *ok)
{
    *ok = true;
    if (is_number_kind(a->kind) && is_number_kind(b->kind)) {
        if (a->kind == VALUE_FLOAT || b->kind == VALUE_FLOAT) {
            double x = to_double(a), y = to_double(b);
            /* PostgreSQL orders NaN above every other value. */
            if (isnan(x) || isnan(y))
                return isnan(x) - isnan(y);
            return (x > y) - (x < y);
        }
        int64_t ua, ub;
        int sa, sb;
        exact_parts(a, &ua, &sa);
        exact_parts(b, &ub, &sb);
        return compare_exact(ua, sa, ub, sb);
    }
    if (is_datetime_kind(a->kind) && is_datetime_kind(b->kind)) {
        if (a->kind == VALUE_DATE && b->kind == VALUE_DATE)
            return (a->as.i > b->as.i) - (a->as.i < b->as.i);
        int64_t x = temporal_usec(a), y = temporal_usec(b);
        return (x > y) - (x < y);
    }
    if (a->kind == VALUE_TEXT && b->kind == VALUE_TEXT) {
        size_t n =
            a->as.text.len < b->as.text.len ? a->as.text.len : b->as.text.len;
        int c = n ? memcmp(a->as.text.ptr, b->as.text.ptr, n) : 0;
        if (c != 0)
            return c < 0 ? -1 : 1;
        return (a->as.text.len > b->as.text.len) -
               (a->as.text.len < b->as.text.len);
    }
    if (a->kind == b->kind && (a->kind == VALUE_BOOL || a->kind == VALUE_TIME))
        return (a->as.i > b->as.i) - (a->as.i < b->as.i);
    *ok = false;
    return 0;
}

/* compare_values(), with the common cases of two values of one kind
 * first. */
static inline int
order_values(const struct value *a, const struct value *b, bool *ok)
{
    if (a->kind == b->kind) {
        switch (a->kind) {
        case VALUE_BOOL:
        case VALUE_INT:
        case VALUE_DATE:
        case VALUE_TIME:
        case VALUE_TIMESTAMP:
        case VALUE_TIMESTAMPTZ:
            *ok = true;
            return (a->as.i > b->as.i) - (a->as.i < b->as.i);
        case VALUE_NUMERIC:
            if (a->scale != b->scale)
                break;
            *ok = true;
            return (a->as.i > b->as.i) - (a->as.i < b->as.i);
        default:
            break;
        }
    }
    return compare_values(a, b, ok);
}

/* char(n) compares without its trailing blanks. */
static void
strip_blanks(struct value *v)
{
    if (v->kind != VALUE_TEXT)
        return;
    while (v->as.text.len > 0 && v->as.text.ptr[v->as.text.len - 1] == ' ')
        v->as.text.len--;
}

static bool
cmp_holds(int op, int c)
{
    switch (op) {
    case CMP_EQ:
        return c == 0;
    case CMP_NE:
        return c != 0;
    case CMP_LT:
        return c < 0;
    case CMP_LE:
        return c <= 0;
    case CMP_GT:
        return c > 0;
    default:
        return c >= 0;
    }
}

static void
arith_float(int op, double x, double y, struct eval_ctx *ctx, struct value *out)
{
    double r;
    switch (op) {
    case AR_ADD:
        r = x + y;
        break;
    case AR_SUB:
        r = x - y;
        break;
    case AR_MUL:
        r = x * y;
        break;
    case AR_DIV:
        if (y == 0.0) {
            ctx->error = true;
            *out = value_null();
            return;
        }
        r = x / y;
        break;
    default:
        if (y == 0.0) {
            ctx->error = true;
            *out = value_null();
            return;
        }
        r = fmod(x, y);
        break;
    }
    *out = make_float(r);
}

static int
decimal_digits(int64_t v)
{
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int d = 0;
    while (m) {
        d++;
        m /= 10;
    }
    return d;
}

/* numeric / numeric: PostgreSQL keeps at least 16 significant digits and
 * no fewer decimals than either operand; the quotient here keeps as many
 * of those as fit in 64 bits, rounded half away from zero. */
static bool
numeric_divide(int64_t a, int sa, int64_t b, int sb, struct value *out)
{
    int quotient_digits = decimal_digits(a) - sa - (decimal_digits(b) - sb);
    int rscale = 16 - quotient_digits;
    if (rscale < sa)
        rscale = sa;
    if (rscale < sb)
        rscale = sb;
    if (rscale > 1000)
        rscale = 1000;
    for (; rscale >= 0; rscale--) {
        /* a / b at rscale = a * 10^(rscale - sa + sb + 1) / b, then round */
        int shift = rscale - sa + sb + 1;
        int64_t numerator = a, divisor = b;
        if (shift >= 0) {
            if (!scale_up(a, shift, &numerator))
                continue;
        } else if (!scale_up(b, -shift, &divisor)) {
            *out = make_numeric(0, rscale);
            return true;
        }
        int64_t q = numerator / divisor;
        int64_t rounded = q / 10 + (q % 10 >= 5) - (q % 10 <= -5);
        *out = make_numeric(rounded, rscale);
        return true;
    }
    return false;
}

static void
arith_values(int op, int int_bits, const struct value *a, const struct value *b,
             struct eval_ctx *ctx, struct value *out)
{
    *out = value_null();
    if (a->kind == VALUE_NULL || b->kind == VALUE_NULL)
        return;
    /* dates: date +/- integer days, date - date */
    if (a->kind == VALUE_DATE || b->kind == VALUE_DATE) {
        if (a->kind == VALUE_DATE && b->kind == VALUE_DATE && op == AR_SUB) {
            *out = value_int(a->as.i - b->as.i);
            return;
        }
        const struct value *date = a->kind == VALUE_DATE ? a : b;
        const struct value *days = a->kind == VALUE_DATE ? b : a;
        if (days->kind != VALUE_INT || (op == AR_SUB && date != a)) {
            ctx->error = true;
            return;
        }
        *out = make_kind(VALUE_DATE, op == AR_SUB ? date->as.i - days->as.i
                                                  : date->as.i + days->as.i);
        return;
    }
    if (!is_number_kind(a->kind) || !is_number_kind(b->kind)) {
        ctx->error = true;
        return;
    }
    if (a->kind == VALUE_FLOAT || b->kind == VALUE_FLOAT) {
        arith_float(op, to_double(a), to_double(b), ctx, out);
        return;
    }
    if (a->kind == VALUE_INT && b->kind == VALUE_INT) {
        int64_t x = a->as.i, y = b->as.i, r = 0;
        bool overflow = false;
        switch (op) {
        case AR_ADD:
            overflow = __builtin_add_overflow(x, y, &r);
            break;
        case AR_SUB:
            overflow = __builtin_sub_overflow(x, y, &r);
            break;
        case AR_MUL:
            overflow = __builtin_mul_overflow(x, y, &r);
            break;
        case AR_DIV:
        case AR_MOD:
            if (y == 0) {
                ctx->error = true;
                return;
            }
            if (y == -1)
                r = op == AR_DIV ? (x == INT64_MIN ? (overflow = true, 0) : -x)
                                 : 0;
            else
                r = op == AR_DIV ? x / y : x % y;
            break;
        }
        if (overflow || !int_fits(r, int_bits)) {
            ctx->error = true; /* "integer out of range" */
            return;
        }
        *out = value_int(r);
        return;
    }
    int64_t x, y;
    int sx, sy;
    exact_parts(a, &x, &sx);
    exact_parts(b, &y, &sy);
    int common = sx > sy ? sx : sy;
    int64_t cx, cy, r;
    switch (op) {
    case AR_ADD:
    case AR_SUB:
    case AR_MOD:
        if (!scale_up(x, common - sx, &cx) || !scale_up(y, common - sy, &cy))
            break;
        if (op == AR_MOD) {
            if (cy == 0) {
                ctx->error = true;
                return;
            }
            *out = make_numeric(cy == -1 ? 0 : cx % cy, common);
            return;
        }
        if (op == AR_ADD ? __builtin_add_overflow(cx, cy, &r)
                         : __builtin_sub_overflow(cx, cy, &r))
            break;
        *out = make_numeric(r, common);
        return;
    case AR_MUL:
        if (__builtin_mul_overflow(x, y, &r) || sx + sy > 1000)
            break;
        *out = make_numeric(r, sx + sy);
        return;
    case AR_DIV:
        if (y == 0) {
            ctx->error = true;
            return;
        }
        if (numeric_divide(x, sx, y, sy, out))
            return;
        break;
    }
    /* Beyond 64-bit exact arithmetic: approximate. */
    arith_float(op, to_double(a), to_double(b), ctx, out);
}

static size_t
utf8_length(const char *s, size_t length)
{
    size_t count = 0;
    for (size_t i = 0; i < length; i++) {
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            count++;
    }
    return count;
}

static size_t
utf8_next(const char *s, size_t length, size_t i)
{
    i++;
    while (i < length && ((unsigned char)s[i] & 0xc0) == 0x80)
        i++;
    return i;
}

static char
fold(char c, bool icase)
{
    if (icase && c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    return c;
}

/* LIKE with % and _ (one character), backslash escaping the next one. */
static bool
like_match(const char *text, size_t tlen, const char *pat, size_t plen,
           bool icase)
{
    size_t ti = 0, pi = 0, star_p = SIZE_MAX, star_t = 0;
    while (ti < tlen) {
        if (pi < plen && pat[pi] == '%') {
            while (pi < plen && pat[pi] == '%')
                pi++;
            star_p = pi;
            star_t = ti;
            continue;
        }
        if (pi < plen && pat[pi] == '_') {
            ti = utf8_next(text, tlen, ti);
            pi++;
            continue;
        }
        if (pi < plen) {
            char c = pat[pi];
            size_t step = 1;
            if (c == '\\' && pi + 1 < plen) {
                c = pat[pi + 1];
                step = 2;
            }
            if (fold(c, icase) == fold(text[ti], icase)) {
                ti++;
                pi += step;
                continue;
            }
        }
        if (star_p == SIZE_MAX)
            return false;
        star_t = utf8_next(text, tlen, star_t);
        ti = star_t;
        pi = star_p;
    }
    while (pi < plen && pat[pi] == '%')
        pi++;
    return pi == plen;
}

static bool
regex_match(const regex_t *regex, const struct value *v, struct eval_ctx *ctx,
            bool *matched)
{
#ifdef REG_STARTEND
    (void)ctx;
    regmatch_t range[1];
    range[0].rm_so = 0;
    range[0].rm_eo = (regoff_t)v->as.text.len;
    *matched = regexec(regex, v->as.text.ptr, 1, range, REG_STARTEND) == 0;
    return true;
#else
    char *copy = scratch_alloc(ctx, v->as.text.len + 1);
    if (copy == NULL)
        return false;
    memcpy(copy, v->as.text.ptr, v->as.text.len);
    copy[v->as.text.len] = '\0';
    *matched = regexec(regex, copy, 0, NULL, 0) == 0;
    ctx->used -= v->as.text.len + 1;
    return true;
#endif
}

static void eval(const struct node *n, struct eval_ctx *ctx, struct value *out);

/* a [NOT] BETWEEN [SYMMETRIC] b AND c, three-valued (1, 0, -1 unknown),
 * for both evaluators. */
static int
between_truth(const struct node *n, struct value a, struct value b,
              struct value c)
{
    bool ok = true, ok2 = true;
    if (n->symmetric && b.kind != VALUE_NULL && c.kind != VALUE_NULL &&
        order_values(&b, &c, &ok) > 0) {
        struct value swap = b;
        b = c;
        c = swap;
    }
    int low = -1, high = -1;
    if (a.kind != VALUE_NULL && b.kind != VALUE_NULL) {
        int order = order_values(&a, &b, &ok);
        low = ok ? order >= 0 : -1;
    }
    if (a.kind != VALUE_NULL && c.kind != VALUE_NULL) {
        int order = order_values(&a, &c, &ok2);
        high = ok2 ? order <= 0 : -1;
    }
    int r = (low == 0 || high == 0) ? 0 : (low < 0 || high < 0) ? -1 : 1;
    return r < 0 ? -1 : n->negate ? !r : r;
}

/* Three-valued result of a condition: 1 true, 0 false, -1 unknown. */
static int
truth(const struct value *v)
{
    if (v->kind != VALUE_BOOL)
        return -1;
    return v->as.i ? 1 : 0;
}

static struct value
from_truth(int t)
{
    return t < 0 ? value_null() : make_bool(t == 1);
}

static void
eval_func(const struct node *n, struct eval_ctx *ctx, struct value *out)
{
    struct value arg;
    eval(n->left, ctx, &arg);
    *out = value_null();
    if (arg.kind == VALUE_NULL)
        return;
    if (n->op == F_ABS) {
        if (arg.kind == VALUE_FLOAT) {
            *out = make_float(fabs(arg.as.f));
        } else if (arg.kind == VALUE_INT || arg.kind == VALUE_NUMERIC) {
            if (arg.as.i == INT64_MIN || !int_fits(-arg.as.i, n->int_bits)) {
                ctx->error = true;
                return;
            }
            *out = arg;
            if (arg.as.i < 0)
                out->as.i = -arg.as.i;
        }
        return;
    }
    if (arg.kind != VALUE_TEXT)
        return;
    const char *s = arg.as.text.ptr;
    size_t length = arg.as.text.len;
    switch (n->op) {
    case F_LENGTH:
        if (n->bpchar) {
            while (length > 0 && s[length - 1] == ' ')
                length--;
        }
        *out = value_int((int64_t)utf8_length(s, length));
        return;
    case F_OCTET_LENGTH:
        *out = value_int((int64_t)length);
        return;
    case F_LOWER:
    case F_UPPER: {
        char *copy = scratch_alloc(ctx, length);
        if (copy == NULL && length > 0)
            return;
        for (size_t i = 0; i < length; i++) {
            char c = s[i];
            if (n->op == F_LOWER && c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            else if (n->op == F_UPPER && c >= 'a' && c <= 'z')
                c = (char)(c - 'a' + 'A');
            copy[i] = c;
        }
        *out = value_text(copy, length);
        return;
    }
    default: {
        size_t start = 0;
        if (n->op != F_RTRIM) {
            while (start < length && s[start] == ' ')
                start++;
        }
        if (n->op != F_LTRIM) {
            while (length > start && s[length - 1] == ' ')
                length--;
        }
        *out = value_text(s + start, length - start);
        return;
    }
    }
}

static void
eval(const struct node *n, struct eval_ctx *ctx, struct value *out)
{
    struct value a, b, c;
    switch (n->type) {
    case N_CONST:
        *out = n->value;
        return;
    case N_COLUMN:
        *out = ctx->row[n->column];
        return;
    case N_AND:
    case N_OR: {
        eval(n->left, ctx, &a);
        int left = truth(&a);
        bool decisive = n->type == N_AND ? left == 0 : left == 1;
        if (decisive) {
            *out = a;
            return;
        }
        eval(n->right, ctx, &b);
        int right = truth(&b);
        if (n->type == N_AND)
            *out = from_truth(right == 0                ? 0
                              : (left < 0 || right < 0) ? -1
                                                        : 1);
        else
            *out = from_truth(right == 1                ? 1
                              : (left < 0 || right < 0) ? -1
                                                        : 0);
        return;
    }
    case N_NOT: {
        eval(n->left, ctx, &a);
        int t = truth(&a);
        *out = from_truth(t < 0 ? -1 : !t);
        return;
    }
    case N_IS_NULL:
        eval(n->left, ctx, &a);
        *out = make_bool((a.kind == VALUE_NULL) != n->negate);
        return;
    case N_IS_BOOL: {
        eval(n->left, ctx, &a);
        int t = truth(&a);
        bool r = n->op == IS_TRUE ? t == 1 : n->op == IS_FALSE ? t == 0 : t < 0;
        *out = make_bool(r != n->negate);
        return;
    }
    case N_CMP: {
        eval(n->left, ctx, &a);
        eval(n->right, ctx, &b);
        if (a.kind == VALUE_NULL || b.kind == VALUE_NULL) {
            *out = value_null();
            return;
        }
        if (n->bpchar) {
            strip_blanks(&a);
            strip_blanks(&b);
        }
        bool ok;
        int order = order_values(&a, &b, &ok);
        *out = ok ? make_bool(cmp_holds(n->op, order)) : value_null();
        return;
    }
    case N_BETWEEN: {
        eval(n->left, ctx, &a);
        eval(n->right, ctx, &b);
        eval(n->third, ctx, &c);
        if (n->bpchar) {
            strip_blanks(&a);
            strip_blanks(&b);
            strip_blanks(&c);
        }
        *out = from_truth(between_truth(n, a, b, c));
        return;
    }
    case N_IN: {
        eval(n->left, ctx, &a);
        if (a.kind == VALUE_NULL) {
            *out = value_null();
            return;
        }
        bool unknown = false;
        if (n->bpchar)
            strip_blanks(&a);
        for (size_t i = 0; i < n->item_count; i++) {
            eval(n->items[i], ctx, &b);
            if (n->bpchar)
                strip_blanks(&b);
            bool ok;
            if (b.kind == VALUE_NULL || (order_values(&a, &b, &ok), !ok)) {
                unknown = true;
                continue;
            }
            if (order_values(&a, &b, &ok) == 0) {
                *out = make_bool(!n->negate);
                return;
            }
        }
        *out = unknown ? value_null() : make_bool(n->negate);
        return;
    }
    case N_LIKE:
        eval(n->left, ctx, &a);
        eval(n->right, ctx, &b);
        if (a.kind != VALUE_TEXT || b.kind != VALUE_TEXT) {
            *out = value_null();
            return;
        }
        *out = make_bool(like_match(a.as.text.ptr, a.as.text.len, b.as.text.ptr,
                                    b.as.text.len, n->icase) != n->negate);
        return;
    case N_REGEX: {
        eval(n->left, ctx, &a);
        bool matched;
        if (a.kind != VALUE_TEXT || !regex_match(n->regex, &a, ctx, &matched)) {
            *out = value_null();
            return;
        }
        *out = make_bool(matched != n->negate);
        return;
    }
    case N_ARITH:
        eval(n->left, ctx, &a);
        eval(n->right, ctx, &b);
        arith_values(n->op, n->int_bits, &a, &b, ctx, out);
        return;
    case N_NEG:
        eval(n->left, ctx, &a);
        *out = a;
        if (a.kind == VALUE_FLOAT) {
            out->as.f = -a.as.f;
        } else if (a.kind == VALUE_INT || a.kind == VALUE_NUMERIC) {
            if (a.as.i == INT64_MIN ||
                (a.kind == VALUE_INT && !int_fits(-a.as.i, n->int_bits))) {
                ctx->error = true;
                *out = value_null();
                return;
            }
            out->as.i = -a.as.i;
        }
        return;
    case N_CONCAT: {
        eval(n->left, ctx, &a);
        eval(n->right, ctx, &b);
        *out = value_null();
        if (a.kind != VALUE_TEXT || b.kind != VALUE_TEXT)
            return;
        char *joined = scratch_alloc(ctx, a.as.text.len + b.as.text.len + 1);
        if (joined == NULL)
            return;
        if (a.as.text.len)
            memcpy(joined, a.as.text.ptr, a.as.text.len);
        if (b.as.text.len)
            memcpy(joined + a.as.text.len, b.as.text.ptr, b.as.text.len);
        *out = value_text(joined, a.as.text.len + b.as.text.len);
        return;
    }
    case N_FUNC:
        eval_func(n, ctx, out);
        return;
    case N_COALESCE:
        for (size_t i = 0; i < n->item_count; i++) {
            eval(n->items[i], ctx, out);
            if (out->kind != VALUE_NULL)
                return;
        }
        *out = value_null();
        return;
    case N_CAST:
        eval(n->left, ctx, &a);
        if (!convert_value(&a, n->kind, n->int_bits, n->scale, out)) {
            ctx->error = true;
            *out = value_null();
        }
        return;
    }
    *out = value_null();
}

enum check_result
check_eval_tree(const struct check_expr *expr, const struct value *row)
{
    struct eval_ctx ctx;
    ctx.row = row;
    ctx.error = false;
    ctx.used = 0;
    struct value v;
    eval(expr->root, &ctx, &v);
    if (ctx.error)
        return CHECK_FALSE;
    int t = truth(&v);
    return t < 0 ? CHECK_UNKNOWN : t ? CHECK_TRUE : CHECK_FALSE;
}

/* ---- compiled evaluation ------------------------------------------------ */

/* Conditions whose operands are columns and constants, and the AND and OR
 * chains above them, are evaluated without eval()'s copies of values and
 * its general comparison; everything else falls back to eval(). Each shape
 * gives exactly what truth(eval()) gives, with the same side effects (the
 * shapes read no scratch space and raise no errors), so that a CHECK
 * passes or fails on the same rows as before. */
enum fast_op {
    FAST_TREE,    /* truth(eval()) */
    FAST_AND,     /* operands, left to right */
    FAST_OR,      /* operands, left to right */
    FAST_NOT,     /* left */
    FAST_IS_BOOL, /* left IS [NOT] TRUE/FALSE/UNKNOWN */
    FAST_IS_NULL, /* operand 0 IS [NOT] NULL */
    FAST_CMP,     /* operand 0 op operand 1 */
    FAST_BETWEEN, /* operand 0 [NOT] BETWEEN operand 1 AND operand 2 */
    FAST_IN,      /* operand 0 [NOT] IN (fast_items) */
    FAST_LIKE,    /* operand 0 [NOT] LIKE fast_value2 */
};

enum like_shape {
    LIKE_GENERAL, /* like_match() */
    LIKE_EXACT,   /* no wildcard or escape: equal bytes */
    LIKE_PREFIX,  /* literal bytes, then only % */
};

static int truth_of(const struct node *n, struct eval_ctx *ctx);

/* Operand i of a compiled node: a column of the row or the constant. */
static inline const struct value *
operand_at(const struct node *n, int i, const struct eval_ctx *ctx)
{
    long column = i == 0 ? n->fast_column : n->fast_column2;
    if (column >= 0)
        return &ctx->row[column];
    return i == 0 ? &n->fast_value : &n->fast_value2;
}

static inline bool
same_text(const struct value *a, const struct value *b)
{
    size_t n = a->as.text.len;
    if (n != b->as.text.len)
        return false;
    const char *x = a->as.text.ptr, *y = b->as.text.ptr;
    if (n > 16)
        return memcmp(x, y, n) == 0;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return false;
    return true;
}

/* Text of up to 7 bytes as one number, its length plus one in the top
 * byte, so that two such texts are equal when their numbers are; 0 for
 * longer text. */
static inline uint64_t
pack_text(const struct value *v)
{
    size_t n = v->as.text.len;
    if (n > 7)
        return 0;
    uint64_t packed = (uint64_t)(n + 1) << 56;
    for (size_t i = 0; i < n; i++)
        packed |= (uint64_t)(unsigned char)v->as.text.ptr[i] << (8 * i);
    return packed;
}

static bool
int_carried(enum value_kind kind)
{
    return kind == VALUE_BOOL || kind == VALUE_INT || kind == VALUE_DATE ||
           kind == VALUE_TIME || kind == VALUE_TIMESTAMP ||
           kind == VALUE_TIMESTAMPTZ;
}

static int
truth_compare(const struct node *n, const struct eval_ctx *ctx)
{
    struct value a = *operand_at(n, 0, ctx);
    struct value b = n->fast_column2 >= 0 ? ctx->row[n->fast_column2]
                                          : n->fast_value2;
    if (a.kind == VALUE_NULL || b.kind == VALUE_NULL)
        return -1;
    if (n->bpchar) {
        strip_blanks(&a);
        if (n->fast_column2 >= 0)
            strip_blanks(&b);
    }
    int op = n->fast_cmp;
    if (a.kind == VALUE_TEXT && b.kind == VALUE_TEXT &&
        (op == CMP_EQ || op == CMP_NE))
        return same_text(&a, &b) == (op == CMP_EQ);
    bool ok;
    int order = order_values(&a, &b, &ok);
    return ok ? cmp_holds(op, order) : -1;
}

static int
truth_between(const struct node *n, const struct eval_ctx *ctx)
{
    struct value a = *operand_at(n, 0, ctx), b = n->fast_value,
                 c = n->fast_value2;
    if (n->bpchar)
        strip_blanks(&a);
    return between_truth(n, a, b, c);
}

static int
truth_in(const struct node *n, const struct eval_ctx *ctx)
{
    struct value a = *operand_at(n, 0, ctx);
    if (a.kind == VALUE_NULL)
        return -1;
    if (n->bpchar)
        strip_blanks(&a);
    const struct value *items = n->fast_items;
    size_t count = n->item_count;
    if (a.kind == n->fast_items_kind) {
        /* every item comparable and none NULL: membership decides */
        bool found = false;
        if (a.kind == VALUE_TEXT) {
            for (size_t i = 0; i < count && !found; i++)
                found = same_text(&a, &items[i]);
        } else {
            for (size_t i = 0; i < count && !found; i++)
                found = a.as.i == items[i].as.i;
        }
        return found ? !n->negate : n->negate;
    }
    bool unknown = false;
    for (size_t i = 0; i < count; i++) {
        bool ok;
        if (items[i].kind == VALUE_NULL) {
            unknown = true;
            continue;
        }
        int order = order_values(&a, &items[i], &ok);
        if (!ok) {
            unknown = true;
            continue;
        }
        if (order == 0)
            return !n->negate;
    }
    return unknown ? -1 : n->negate;
}

static int
truth_like(const struct node *n, const struct eval_ctx *ctx)
{
    const struct value *a = operand_at(n, 0, ctx);
    const struct value *pattern = &n->fast_value2;
    if (a->kind != VALUE_TEXT || pattern->kind != VALUE_TEXT)
        return -1;
    bool matched;
    switch (n->like) {
    case LIKE_EXACT:
        matched = same_text(a, pattern);
        break;
    case LIKE_PREFIX:
        matched = a->as.text.len >= pattern->as.text.len &&
                  (pattern->as.text.len == 0 ||
                   memcmp(a->as.text.ptr, pattern->as.text.ptr,
                          pattern->as.text.len) == 0);
        break;
    default:
        matched = like_match(a->as.text.ptr, a->as.text.len,
                             pattern->as.text.ptr, pattern->as.text.len,
                             n->icase);
        break;
    }
    return matched != n->negate;
}

/* The route of the OR's key column value, which is of the key kind. */
static inline const struct key_route *
key_route_of(const struct node *n, const struct eval_ctx *ctx)
{
    struct value key = ctx->row[n->key_column];
    size_t count = n->key_count;
    if (key.kind != VALUE_TEXT) {
        for (size_t k = 0; k < count; k++)
            if (n->key_values[k].as.i == key.as.i)
                return &n->routes[k];
        return &n->routes[count];
    }
    if (n->key_bpchar)
        strip_blanks(&key);
    uint64_t packed = pack_text(&key);
    if (packed != 0) {
        for (size_t k = 0; k < count; k++)
            if (n->key_packed[k] == packed)
                return &n->routes[k];
        return &n->routes[count];
    }
    for (size_t k = 0; k < count; k++)
        if (same_text(&n->key_values[k], &key))
            return &n->routes[k];
    return &n->routes[count];
}

/* truth_of() with comparisons evaluated in place. */
static inline int
truth_operand(const struct node *n, struct eval_ctx *ctx)
{
    if (n->fast == FAST_CMP)
        return truth_compare(n, ctx);
    return truth_of(n, ctx);
}

/* An AND chain from operand `from` on. */
static inline int
truth_and(const struct node *n, size_t from, struct eval_ctx *ctx)
{
    int result = 1;
    for (size_t i = from; i < n->operand_count; i++) {
        int t = truth_operand(n->operands[i], ctx);
        if (t == 0)
            return 0;
        if (t < 0)
            result = -1;
    }
    return result;
}

static int
truth_of(const struct node *n, struct eval_ctx *ctx)
{
    switch (n->fast) {
    case FAST_AND:
        return truth_and(n, 0, ctx);
    case FAST_OR: {
        int result = 0;
        if (n->routes != NULL &&
            ctx->row[n->key_column].kind == n->key_kind) {
            const struct key_route *route = key_route_of(n, ctx);
            bool matched = route != &n->routes[n->key_count];
            for (size_t i = 0; i < route->count; i++) {
                size_t k = route->operands[i];
                const struct node *operand = n->operands[k];
                int t;
                if (!matched || !n->keyed[k])
                    t = truth_operand(operand, ctx);
                else if (operand->fast == FAST_AND)
                    t = truth_and(operand, 1, ctx); /* its test holds */
                else
                    return 1; /* the test itself */
                if (t == 1)
                    return 1;
                if (t < 0)
                    result = -1;
            }
            return result;
        }
        for (size_t i = 0; i < n->operand_count; i++) {
            int t = truth_operand(n->operands[i], ctx);
            if (t == 1)
                return 1;
            if (t < 0)
                result = -1;
        }
        return result;
    }
    case FAST_NOT: {
        int t = truth_of(n->left, ctx);
        return t < 0 ? -1 : !t;
    }
    case FAST_IS_BOOL: {
        int t = truth_of(n->left, ctx);
        bool r = n->op == IS_TRUE ? t == 1 : n->op == IS_FALSE ? t == 0 : t < 0;
        return r != n->negate;
    }
    case FAST_IS_NULL:
        return (operand_at(n, 0, ctx)->kind == VALUE_NULL) != n->negate;
    case FAST_CMP:
        return truth_compare(n, ctx);
    case FAST_BETWEEN:
        return truth_between(n, ctx);
    case FAST_IN:
        return truth_in(n, ctx);
    case FAST_LIKE:
        return truth_like(n, ctx);
    default: {
        struct value v;
        eval(n, ctx, &v);
        return truth(&v);
    }
    }
}

enum check_result
check_eval(const struct check_expr *expr, const struct value *row)
{
    struct eval_ctx ctx;
    ctx.row = row;
    ctx.error = false;
    ctx.used = 0;
    int t = truth_of(expr->root, &ctx);
    if (ctx.error)
        return CHECK_FALSE;
    return t < 0 ? CHECK_UNKNOWN : t ? CHECK_TRUE : CHECK_FALSE;
}

static bool
is_simple(const struct node *n)
{
    return n->type == N_COLUMN || n->type == N_CONST;
}

/* Operand i of n is the simple node s: its column, or its constant with
 * char(n) blanks stripped when the comparison strips them. */
static void
set_operand(struct node *n, int i, const struct node *s)
{
    long column = s->type == N_COLUMN ? s->column : -1;
    struct value v = s->type == N_CONST ? s->value : value_null();
    if (n->bpchar)
        strip_blanks(&v);
    if (i == 0) {
        n->fast_column = column;
        n->fast_value = v;
    } else {
        n->fast_column2 = column;
        n->fast_value2 = v;
    }
}

static size_t
chain_length(const struct node *n, enum node_type type)
{
    if (n->type != type)
        return 1;
    return chain_length(n->left, type) + chain_length(n->right, type);
}

static void
chain_collect(struct node *n, enum node_type type, struct node **out,
              size_t *count)
{
    if (n->type != type) {
        out[(*count)++] = n;
        return;
    }
    chain_collect(n->left, type, out, count);
    chain_collect(n->right, type, out, count);
}

/* The test "column = constant" or "column IN (constants)" that operand
 * (an OR's) starts with, or NULL: with the column's value of the
 * constants' kind, the test is true or false, never unknown, and when
 * false the operand is false. */
static const struct node *
keyed_test(const struct node *operand)
{
    const struct node *t =
        operand->fast == FAST_AND ? operand->operands[0] : operand;
    if (t->fast == FAST_CMP && t->fast_cmp == CMP_EQ &&
        (t->fast_column >= 0) != (t->fast_column2 >= 0)) {
        const struct value *c =
            t->fast_column >= 0 ? &t->fast_value2 : &t->fast_value;
        if (c->kind == VALUE_TEXT || int_carried(c->kind))
            return t;
        return NULL;
    }
    if (t->fast == FAST_IN && !t->negate && t->fast_column >= 0 &&
        t->fast_items_kind != VALUE_NULL)
        return t;
    return NULL;
}

static long
key_column_of(const struct node *test)
{
    return test->fast_column >= 0 ? test->fast_column : test->fast_column2;
}

static enum value_kind
key_kind_of(const struct node *test)
{
    if (test->fast == FAST_IN)
        return test->fast_items_kind;
    return test->fast_column >= 0 ? test->fast_value2.kind
                                  : test->fast_value.kind;
}

static bool
same_key(const struct value *a, const struct value *b)
{
    return a->kind == VALUE_TEXT ? same_text(a, b) : a->as.i == b->as.i;
}

/* The constants key test t compares with. */
static const struct value *
test_constants(const struct node *t, size_t *count)
{
    if (t->fast == FAST_IN) {
        *count = t->item_count;
        return t->fast_items;
    }
    *count = 1;
    return t->fast_column >= 0 ? &t->fast_value2 : &t->fast_value;
}

static bool
test_holds(const struct node *t, const struct value *key)
{
    size_t count;
    const struct value *constants = test_constants(t, &count);
    for (size_t i = 0; i < count; i++)
        if (same_key(&constants[i], key))
            return true;
    return false;
}

/* Gives an OR its routes when the operands that start with a key test all
 * test one column, as one kind, stripping blanks alike. */
static void
compile_keys(struct node *n, struct arena *arena)
{
    const struct node *first = NULL;
    size_t constants_in_all = 0;
    for (size_t i = 0; i < n->operand_count; i++) {
        const struct node *t = keyed_test(n->operands[i]);
        if (t == NULL)
            continue;
        size_t count;
        test_constants(t, &count);
        constants_in_all += count;
        if (first == NULL) {
            first = t;
            continue;
        }
        if (key_column_of(t) != key_column_of(first) ||
            key_kind_of(t) != key_kind_of(first) || t->bpchar != first->bpchar)
            return;
    }
    if (first == NULL)
        return;
    struct value *keys =
        arena_alloc(arena, constants_in_all * sizeof(*keys));
    size_t key_count = 0;
    for (size_t i = 0; i < n->operand_count; i++) {
        const struct node *t = keyed_test(n->operands[i]);
        if (t == NULL)
            continue;
        size_t count;
        const struct value *constants = test_constants(t, &count);
        for (size_t c = 0; c < count; c++) {
            bool seen = false;
            for (size_t k = 0; k < key_count && !seen; k++)
                seen = same_key(&keys[k], &constants[c]);
            if (!seen)
                keys[key_count++] = constants[c];
        }
    }
    uint64_t *packed = arena_alloc(arena, (key_count + 1) * sizeof(*packed));
    struct key_route *routes =
        arena_alloc(arena, (key_count + 1) * sizeof(*routes));
    for (size_t k = 0; k <= key_count; k++) {
        size_t *operands =
            arena_alloc(arena, n->operand_count * sizeof(*operands));
        size_t count = 0;
        for (size_t i = 0; i < n->operand_count; i++) {
            const struct node *t = keyed_test(n->operands[i]);
            if (t == NULL || (k < key_count && test_holds(t, &keys[k])))
                operands[count++] = i;
        }
        routes[k].operands = operands;
        routes[k].count = count;
        if (k < key_count)
            packed[k] = keys[k].kind == VALUE_TEXT ? pack_text(&keys[k]) : 0;
    }
    bool *keyed = arena_alloc(arena, n->operand_count * sizeof(*keyed));
    for (size_t i = 0; i < n->operand_count; i++)
        keyed[i] = keyed_test(n->operands[i]) != NULL;
    n->keyed = keyed;
    n->key_count = key_count;
    n->key_values = keys;
    n->key_packed = packed;
    n->routes = routes;
    n->key_column = key_column_of(first);
    n->key_kind = key_kind_of(first);
    n->key_bpchar = first->bpchar;
}

static enum like_shape
like_shape_of(const struct value *pattern, size_t *literal)
{
    const char *s = pattern->as.text.ptr;
    size_t length = pattern->as.text.len, i = 0;
    while (i < length && s[i] != '%' && s[i] != '_' && s[i] != '\\')
        i++;
    *literal = i;
    if (i == length)
        return LIKE_EXACT;
    for (size_t k = i; k < length; k++) {
        if (s[k] != '%')
            return LIKE_GENERAL;
    }
    return LIKE_PREFIX;
}

static void
compile_fast(struct node *n, struct arena *arena)
{
    if (n == NULL)
        return;
    compile_fast(n->left, arena);
    compile_fast(n->right, arena);
    compile_fast(n->third, arena);
    for (size_t i = 0; i < n->item_count; i++)
        compile_fast(n->items[i], arena);
    n->fast = FAST_TREE;
    switch (n->type) {
    case N_AND:
    case N_OR: {
        size_t count = chain_length(n, n->type);
        n->operands = arena_alloc(arena, count * sizeof(*n->operands));
        n->operand_count = 0;
        chain_collect(n, n->type, n->operands, &n->operand_count);
        n->fast = n->type == N_AND ? FAST_AND : FAST_OR;
        if (n->fast == FAST_OR)
            compile_keys(n, arena);
        return;
    }
    case N_NOT:
        n->fast = FAST_NOT;
        return;
    case N_IS_BOOL:
        n->fast = FAST_IS_BOOL;
        return;
    case N_IS_NULL:
        if (is_simple(n->left)) {
            set_operand(n, 0, n->left);
            n->fast = FAST_IS_NULL;
        }
        return;
    case N_CMP:
        if (is_simple(n->left) && is_simple(n->right)) {
            set_operand(n, 0, n->left);
            set_operand(n, 1, n->right);
            n->fast_cmp = (uint8_t)n->op;
            n->fast = FAST_CMP;
        }
        return;
    case N_BETWEEN:
        if (is_simple(n->left) && n->right->type == N_CONST &&
            n->third->type == N_CONST) {
            set_operand(n, 0, n->left);
            n->fast_value = n->right->value;
            n->fast_value2 = n->third->value;
            if (n->bpchar) {
                strip_blanks(&n->fast_value);
                strip_blanks(&n->fast_value2);
            }
            n->fast = FAST_BETWEEN;
        }
        return;
    case N_IN: {
        if (!is_simple(n->left))
            return;
        for (size_t i = 0; i < n->item_count; i++) {
            if (n->items[i]->type != N_CONST)
                return;
        }
        struct value *items =
            arena_alloc(arena, (n->item_count + 1) * sizeof(*items));
        enum value_kind common = VALUE_NULL;
        for (size_t i = 0; i < n->item_count; i++) {
            items[i] = n->items[i]->value;
            if (n->bpchar)
                strip_blanks(&items[i]);
            if (i == 0)
                common = items[i].kind;
            else if (items[i].kind != common)
                common = VALUE_NULL;
        }
        if (common != VALUE_TEXT && !int_carried(common))
            common = VALUE_NULL;
        set_operand(n, 0, n->left);
        n->fast_items = items;
        n->fast_items_kind = common;
        n->fast = FAST_IN;
        return;
    }
    case N_LIKE: {
        if (!is_simple(n->left) || n->right->type != N_CONST)
            return;
        set_operand(n, 0, n->left);
        n->fast_value2 = n->right->value;
        n->like = LIKE_GENERAL;
        if (!n->icase && n->fast_value2.kind == VALUE_TEXT) {
            size_t literal;
            n->like = (uint8_t)like_shape_of(&n->fast_value2, &literal);
            if (n->like == LIKE_PREFIX)
                n->fast_value2.as.text.len = literal;
        }
        n->fast = FAST_LIKE;
        return;
    }
    default:
        return;
    }
}

/* ---- typing ------------------------------------------------------------ */

static bool
is_untyped_literal(const struct node *n)
{
    return n->type == N_CONST && n->untyped;
}

/* Gives an untyped string literal the kind of the expression it meets, as
 * PostgreSQL resolves an "unknown" literal; number literals meeting a
 * float or numeric take that kind too. */
static int
coerce_literal(struct parser *p, struct node *lit, const struct node *other)
{
    if (lit->type != N_CONST || other->untyped || other->kind == VALUE_NULL ||
        lit->value.kind == VALUE_NULL)
        return 0;
    enum value_kind target = other->kind;
    if (lit->untyped) {
        if (target == VALUE_TEXT) {
            lit->untyped = false;
            lit->opaque = other->opaque;
            return 0;
        }
        struct value converted;
        if (!convert_value(&lit->value, target, other->int_bits,
                           target == VALUE_NUMERIC ? -1 : other->scale,
                           &converted))
            return fail(p, "invalid %s literal '%s' at character %zu",
                        kind_name(target), lit->value.as.text.ptr,
                        lit->position);
        lit->value = converted;
        lit->kind = converted.kind;
        lit->untyped = false;
        return 0;
    }
    if (is_number_kind(lit->kind) && target == VALUE_FLOAT &&
        lit->kind != VALUE_FLOAT) {
        lit->value = make_float(to_double(&lit->value));
        lit->kind = VALUE_FLOAT;
    } else if (lit->kind == VALUE_INT && target == VALUE_NUMERIC) {
        int64_t v;
        int s = other->scale > 0 ? other->scale : 0;
        if (scale_up(lit->value.as.i, s, &v)) {
            lit->value = make_numeric(v, s);
            lit->kind = VALUE_NUMERIC;
        }
    }
    return 0;
}

static int
coerce_pair(struct parser *p, struct node *a, struct node *b)
{
    if (coerce_literal(p, a, b) != 0 || coerce_literal(p, b, a) != 0)
        return -1;
    return 0;
}

/* Untyped literals nothing gave a type stay text. */
static void
settle(struct node *n)
{
    if (n->type == N_CONST && n->untyped)
        n->untyped = false;
}

static bool
kinds_comparable(const struct node *a, const struct node *b)
{
    if (a->kind == VALUE_NULL || b->kind == VALUE_NULL)
        return true;
    if (is_number_kind(a->kind) && is_number_kind(b->kind))
        return true;
    if (is_datetime_kind(a->kind) && is_datetime_kind(b->kind))
        return true;
    return a->kind == b->kind;
}

static int
check_comparable(struct parser *p, struct node *a, struct node *b,
                 bool ordering, size_t position)
{
    if (coerce_pair(p, a, b) != 0)
        return -1;
    settle(a);
    settle(b);
    if (!kinds_comparable(a, b))
        return fail(p, "cannot compare %s with %s at character %zu",
                    kind_name(a->kind), kind_name(b->kind), position);
    if (ordering && (a->opaque || b->opaque))
        return fail(p,
                    "unsupported ordering comparison of a non-text type "
                    "carried as text at character %zu",
                    position);
    return 0;
}

static int
require_condition(struct parser *p, struct node *n)
{
    if (is_untyped_literal(n)) {
        struct value v;
        if (!convert_value(&n->value, VALUE_BOOL, 64, -1, &v))
            return fail(p, "invalid boolean literal '%s' at character %zu",
                        n->value.as.text.ptr, n->position);
        n->value = v;
        n->kind = VALUE_BOOL;
        n->untyped = false;
    }
    if (n->kind != VALUE_BOOL && n->kind != VALUE_NULL)
        return fail(p,
                    "argument of a condition must be boolean, not %s, at "
                    "character %zu",
                    kind_name(n->kind), n->position);
    return 0;
}

static int
require_text(struct parser *p, struct node *n, const char *what)
{
    settle(n);
    if (n->kind != VALUE_TEXT && n->kind != VALUE_NULL)
        return fail(p, "%s needs a text argument, not %s, at character %zu",
                    what, kind_name(n->kind), n->position);
    if (n->opaque)
        return fail(p,
                    "%s needs a text argument, not a non-text type carried "
                    "as text, at character %zu; cast it with ::text",
                    what, n->position);
    return 0;
}

/* ---- grammar ----------------------------------------------------------- */

static struct node *parse_or(struct parser *p);
static struct node *parse_other(struct parser *p);

static bool
is_type_continuation(const struct token *t)
{
    static const char *const words[] = {"precision", "varying", "with",
                                        "without",   "time",    "zone"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (is_keyword(t, words[i]))
            return true;
    }
    return false;
}

/* A type name after :: or AS or before a typed literal: words such as
 * "double precision", "character varying(45)", "timestamp(3) with time
 * zone", "public.mood", "text[]". */
static int
parse_type_name(struct parser *p, struct buf *name)
{
    struct token *t = peek(p);
    if (t->type != T_IDENT && t->type != T_QIDENT)
        return unexpected(p, t);
    buf_puts(name, advance(p)->text);
    while (peek(p)->type == T_DOT && (peek_at(p, 1)->type == T_IDENT ||
                                      peek_at(p, 1)->type == T_QIDENT)) {
        advance(p);
        buf_putc(name, '.');
        buf_puts(name, advance(p)->text);
    }
    bool modifier = false;
    for (;;) {
        t = peek(p);
        if (is_type_continuation(t)) {
            buf_putc(name, ' ');
            buf_puts(name, advance(p)->text);
        } else if (t->type == T_LPAREN && !modifier) {
            modifier = true;
            buf_putc(name, '(');
            advance(p);
            for (;;) {
                t = advance(p);
                if (t->type != T_NUMBER)
                    return unexpected(p, t);
                buf_puts(name, t->text);
                t = advance(p);
                if (t->type == T_RPAREN)
                    break;
                if (t->type != T_COMMA)
                    return unexpected(p, t);
                buf_putc(name, ',');
            }
            buf_putc(name, ')');
        } else {
            break;
        }
    }
    while (peek(p)->type == T_LBRACKET) {
        advance(p);
        if (peek(p)->type == T_NUMBER)
            advance(p);
        if (expect(p, T_RBRACKET) != 0)
            return -1;
        buf_puts(name, "[]");
    }
    return 0;
}

struct cast_target {
    struct kind_info info;
    bool text_target; /* text, varchar, char: text stays text */
};

static int
resolve_type_name(struct parser *p, const char *name, size_t position,
                  struct cast_target *target)
{
    struct pg_type type;
    struct dg_error ignored;
    dg_error_init(&ignored);
    memset(target, 0, sizeof(*target));
    if (pgtype_parse(name, NULL, &type, &ignored) != 0) {
        /* Not a built-in type: the schema's own enum, domain or composite,
         * all of which travel as text. */
        target->info.kind = VALUE_TEXT;
        target->info.opaque = true;
        target->info.scale = -1;
        target->info.int_bits = 64;
        return 0;
    }
    target->info = kind_of_type(&type);
    if (target->info.interval)
        return fail(p, "unsupported type \"%s\" at character %zu", name,
                    position);
    target->text_target = type.array_dims == 0 &&
                          (type.base == PG_TEXT || type.base == PG_VARCHAR ||
                           type.base == PG_CHAR);
    return 0;
}

static struct node *
apply_cast(struct parser *p, struct node *operand,
           const struct cast_target *target, size_t position)
{
    const struct kind_info *info = &target->info;
    if (operand->type == N_CONST) {
        struct value v;
        if (operand->value.kind == VALUE_NULL) {
            operand->untyped = false;
            return operand;
        }
        if (operand->untyped && info->kind == VALUE_TEXT) {
            operand->untyped = false;
            operand->opaque = info->opaque;
            operand->bpchar = info->bpchar;
            return operand;
        }
        if (!convert_value(&operand->value, info->kind, info->int_bits,
                           info->scale, &v)) {
            if (operand->value.kind == VALUE_TEXT)
                fail(p, "invalid %s literal '%s' at character %zu",
                     kind_name(info->kind), operand->value.as.text.ptr,
                     operand->position);
            else
                fail(p, "unsupported cast of %s to %s at character %zu",
                     kind_name(operand->kind), kind_name(info->kind), position);
            return NULL;
        }
        struct node *folded = new_const(p, v);
        folded->position = operand->position;
        if (v.kind == VALUE_INT)
            folded->int_bits = info->int_bits;
        folded->opaque = info->opaque;
        return folded;
    }
    settle(operand);
    if (operand->kind == info->kind &&
        (info->kind != VALUE_NUMERIC || info->scale < 0) &&
        (info->kind != VALUE_INT || info->int_bits >= operand->int_bits)) {
        /* A cast that changes nothing the evaluator sees ((status)::text,
         * smallint to integer) is dropped, so a column under it still
         * yields bounds. */
        if (operand->opaque != info->opaque ||
            operand->int_bits != info->int_bits) {
            struct node *copy = arena_alloc(p->arena, sizeof(*copy));
            *copy = *operand;
            copy->opaque = info->opaque && !target->text_target;
            if (info->kind == VALUE_INT)
                copy->int_bits = info->int_bits;
            return copy;
        }
        return operand;
    }
    if (info->kind == VALUE_TEXT ||
        (operand->kind == VALUE_BOOL && info->kind != VALUE_INT) ||
        (operand->kind == VALUE_TIME) != (info->kind == VALUE_TIME) ||
        (is_number_kind(operand->kind) && !is_number_kind(info->kind)) ||
        (is_datetime_kind(operand->kind) && !is_datetime_kind(info->kind) &&
         info->kind != VALUE_TIME)) {
        fail(p, "unsupported cast of %s to %s at character %zu",
             kind_name(operand->kind), kind_name(info->kind), position);
        return NULL;
    }
    struct node *n = new_node(p, N_CAST, info->kind);
    n->position = position;
    n->left = operand;
    n->int_bits = info->int_bits;
    n->scale = info->scale;
    return n;
}

static struct node *
parse_column(struct parser *p)
{
    struct token *t = advance(p);
    const char *name = t->text;
    /* table.column: the table part names this table */
    if (peek(p)->type == T_DOT &&
        (peek_at(p, 1)->type == T_IDENT || peek_at(p, 1)->type == T_QIDENT)) {
        advance(p);
        name = advance(p)->text;
    }
    const struct pg_type *type = NULL;
    long index = p->resolve(p->context, name, &type);
    if (index < 0) {
        fail(p, "unknown column \"%s\" at character %zu", name, t->position);
        p->unknown_column = true;
        return NULL;
    }
    struct kind_info info = kind_of_type(type);
    struct node *n = new_node(p, N_COLUMN, info.kind);
    n->position = t->position;
    n->column = index;
    n->int_bits = info.int_bits;
    n->scale = info.scale;
    n->opaque = info.opaque;
    n->bpchar = info.bpchar;
    return n;
}

static struct node *
parse_function(struct parser *p)
{
    struct token *name = advance(p);
    advance(p); /* ( */
    static const struct {
        const char *name;
        int id;
    } functions[] = {
        {"length", F_LENGTH},
        {"char_length", F_LENGTH},
        {"character_length", F_LENGTH},
        {"octet_length", F_OCTET_LENGTH},
        {"lower", F_LOWER},
        {"upper", F_UPPER},
        {"abs", F_ABS},
        {"trim", F_BTRIM},
        {"btrim", F_BTRIM},
        {"ltrim", F_LTRIM},
        {"rtrim", F_RTRIM},
    };
    if (strcmp(name->text, "now") == 0 ||
        strcmp(name->text, "transaction_timestamp") == 0 ||
        strcmp(name->text, "statement_timestamp") == 0) {
        if (expect(p, T_RPAREN) != 0)
            return NULL;
        return new_const(p, make_kind(VALUE_TIMESTAMPTZ, CHECK_REFERENCE_USEC));
    }
    if (strcmp(name->text, "coalesce") == 0) {
        struct node *n = new_node(p, N_COALESCE, VALUE_NULL);
        n->position = name->position;
        struct node *list[64];
        size_t count = 0;
        do {
            if (count == sizeof(list) / sizeof(list[0])) {
                fail(p, "too many arguments to coalesce");
                return NULL;
            }
            list[count] = parse_or(p);
            if (list[count] == NULL)
                return NULL;
            count++;
        } while (peek(p)->type == T_COMMA && advance(p));
        if (expect(p, T_RPAREN) != 0)
            return NULL;
        const struct node *typed = NULL;
        for (size_t i = 0; i < count && typed == NULL; i++) {
            if (!list[i]->untyped && list[i]->kind != VALUE_NULL)
                typed = list[i];
        }
        for (size_t i = 0; i < count; i++) {
            if (typed && coerce_literal(p, list[i], typed) != 0)
                return NULL;
            settle(list[i]);
            if (typed && !kinds_comparable(list[i], typed)) {
                fail(p,
                     "coalesce arguments %s and %s do not match at "
                     "character %zu",
                     kind_name(typed->kind), kind_name(list[i]->kind),
                     list[i]->position);
                return NULL;
            }
        }
        n->items = arena_alloc(p->arena, count * sizeof(*n->items));
        memcpy(n->items, list, count * sizeof(*n->items));
        n->item_count = count;
        n->kind = typed ? typed->kind : list[0]->kind;
        if (typed) {
            n->int_bits = typed->int_bits;
            n->scale = typed->scale;
            n->opaque = typed->opaque;
        }
        return n;
    }
    int id = -1;
    for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++) {
        if (strcmp(name->text, functions[i].name) == 0)
            id = functions[i].id;
    }
    if (id < 0) {
        fail(p, "unsupported function \"%s\" at character %zu", name->text,
             name->position);
        return NULL;
    }
    struct node *arg = parse_or(p);
    if (arg == NULL)
        return NULL;
    if (peek(p)->type == T_COMMA) {
        fail(p, "unsupported second argument to %s() at character %zu",
             name->text, peek(p)->position);
        return NULL;
    }
    if (expect(p, T_RPAREN) != 0)
        return NULL;
    struct node *n = new_node(p, N_FUNC, VALUE_INT);
    n->position = name->position;
    n->op = id;
    n->left = arg;
    if (id == F_ABS) {
        if (is_untyped_literal(arg)) {
            struct value v;
            if (!parse_number_text(arg->value.as.text.ptr,
                                   arg->value.as.text.len, &v)) {
                fail(p, "invalid number '%s' at character %zu",
                     arg->value.as.text.ptr, arg->position);
                return NULL;
            }
            arg->value = v;
            arg->kind = v.kind;
            arg->untyped = false;
        }
        if (!is_number_kind(arg->kind) && arg->kind != VALUE_NULL) {
            fail(p, "abs() needs a number, not %s, at character %zu",
                 kind_name(arg->kind), arg->position);
            return NULL;
        }
        n->kind = arg->kind;
        n->int_bits = arg->int_bits;
        n->scale = arg->scale;
        return n;
    }
    if (require_text(p, arg, name->text) != 0)
        return NULL;
    n->bpchar = arg->bpchar;
    if (id == F_LOWER || id == F_UPPER || id == F_BTRIM || id == F_LTRIM ||
        id == F_RTRIM)
        n->kind = VALUE_TEXT;
    else
        n->int_bits = 32;
    return n;
}

static struct node *
parse_typed_literal(struct parser *p)
{
    size_t position = peek(p)->position;
    struct buf name;
    buf_init(&name, 32);
    struct cast_target target;
    struct node *n = NULL;
    if (parse_type_name(p, &name) == 0 &&
        resolve_type_name(p, name.data, position, &target) == 0) {
        struct token *t = advance(p); /* the string */
        struct node *lit = new_const(p, value_text(t->text, t->length));
        lit->untyped = true;
        lit->position = t->position;
        n = apply_cast(p, lit, &target, position);
    }
    buf_release(&name);
    return n;
}

/* Whether the identifiers from here on are a type name followed by a
 * string: DATE '2020-01-01', timestamp with time zone '...'. */
static bool
typed_literal_ahead(struct parser *p)
{
    size_t i = 1;
    while (is_type_continuation(peek_at(p, i)))
        i++;
    return peek_at(p, i)->type == T_STRING;
}

static struct node *
parse_primary(struct parser *p)
{
    struct token *t = peek(p);
    switch (t->type) {
    case T_NUMBER: {
        advance(p);
        struct value v;
        if (!parse_number_text(t->text, t->length, &v)) {
            fail(p, "invalid number \"%s\" at character %zu", t->text,
                 t->position);
            return NULL;
        }
        struct node *n = new_const(p, v);
        n->position = t->position;
        return n;
    }
    case T_STRING: {
        advance(p);
        struct node *n = new_const(p, value_text(t->text, t->length));
        n->untyped = true;
        n->position = t->position;
        return n;
    }
    case T_LPAREN: {
        advance(p);
        struct node *n = parse_or(p);
        if (n == NULL || expect(p, T_RPAREN) != 0)
            return NULL;
        return n;
    }
    case T_QIDENT:
        return parse_column(p);
    case T_IDENT:
        break;
    default:
        unexpected(p, t);
        return NULL;
    }
    const char *word = t->text;
    if (strcmp(word, "true") == 0 || strcmp(word, "false") == 0) {
        advance(p);
        return new_const(p, make_bool(word[0] == 't'));
    }
    if (strcmp(word, "null") == 0) {
        advance(p);
        struct node *n = new_const(p, value_null());
        n->kind = VALUE_NULL;
        return n;
    }
    if (strcmp(word, "current_date") == 0) {
        advance(p);
        return new_const(p, make_kind(VALUE_DATE, CHECK_REFERENCE_DATE));
    }
    if (strcmp(word, "current_timestamp") == 0 ||
        strcmp(word, "localtimestamp") == 0) {
        advance(p);
        return new_const(
            p, make_kind(word[0] == 'c' ? VALUE_TIMESTAMPTZ : VALUE_TIMESTAMP,
                         CHECK_REFERENCE_USEC));
    }
    if (strcmp(word, "cast") == 0 && peek_at(p, 1)->type == T_LPAREN) {
        advance(p);
        advance(p);
        struct node *operand = parse_or(p);
        if (operand == NULL)
            return NULL;
        if (!accept_keyword(p, "as")) {
            unexpected(p, peek(p));
            return NULL;
        }
        size_t position = peek(p)->position;
        struct buf name;
        buf_init(&name, 32);
        struct cast_target target;
        struct node *n = NULL;
        if (parse_type_name(p, &name) == 0 &&
            resolve_type_name(p, name.data, position, &target) == 0 &&
            expect(p, T_RPAREN) == 0)
            n = apply_cast(p, operand, &target, position);
        buf_release(&name);
        return n;
    }
    if (strcmp(word, "interval") == 0) {
        fail(p, "unsupported interval at character %zu", t->position);
        return NULL;
    }
    if (strcmp(word, "case") == 0 || strcmp(word, "exists") == 0 ||
        strcmp(word, "select") == 0 || strcmp(word, "array") == 0) {
        fail(p, "unsupported %s expression at character %zu", word,
             t->position);
        return NULL;
    }
    if (peek_at(p, 1)->type == T_LPAREN)
        return parse_function(p);
    if (typed_literal_ahead(p))
        return parse_typed_literal(p);
    if (sql_is_reserved_keyword(word) && !(strcmp(word, "value") == 0)) {
        unexpected(p, t);
        return NULL;
    }
    return parse_column(p);
}

static struct node *
parse_postfix(struct parser *p)
{
    struct node *n = parse_primary(p);
    while (n && peek(p)->type == T_CAST) {
        size_t position = advance(p)->position;
        struct buf name;
        buf_init(&name, 32);
        struct cast_target target;
        if (parse_type_name(p, &name) != 0 ||
            resolve_type_name(p, name.data, position, &target) != 0)
            n = NULL;
        else
            n = apply_cast(p, n, &target, position);
        buf_release(&name);
    }
    return n;
}

static struct node *
parse_unary(struct parser *p)
{
    struct token *t = peek(p);
    if (is_op(t, "-") || is_op(t, "+")) {
        advance(p);
        struct node *operand = parse_unary(p);
        if (operand == NULL)
            return NULL;
        if (is_untyped_literal(operand)) {
            fail(p, "unary %s needs a number at character %zu", t->text,
                 t->position);
            return NULL;
        }
        if (!is_number_kind(operand->kind) && operand->kind != VALUE_NULL) {
            fail(p, "unary %s needs a number, not %s, at character %zu",
                 t->text, kind_name(operand->kind), t->position);
            return NULL;
        }
        if (t->text[0] == '+')
            return operand;
        if (operand->type == N_CONST) {
            struct value v = operand->value;
            if (v.kind == VALUE_FLOAT)
                v.as.f = -v.as.f;
            else if (v.kind != VALUE_NULL)
                v.as.i = -v.as.i;
            operand->value = v;
            if (v.kind == VALUE_INT)
                operand->int_bits =
                    v.as.i >= INT32_MIN && v.as.i <= INT32_MAX ? 32 : 64;
            return operand;
        }
        struct node *n = new_node(p, N_NEG, operand->kind);
        n->position = t->position;
        n->left = operand;
        n->int_bits = operand->int_bits;
        n->scale = operand->scale;
        return n;
    }
    return parse_postfix(p);
}

static int
max_bits(int a, int b)
{
    return a > b ? a : b;
}

static struct node *
make_arith(struct parser *p, int op, struct node *a, struct node *b,
           const struct token *t)
{
    if (coerce_pair(p, a, b) != 0)
        return NULL;
    /* An untyped string on both sides (or beside a date) is a number. */
    struct node *sides[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        if (is_untyped_literal(sides[i])) {
            struct value v;
            if (!parse_number_text(sides[i]->value.as.text.ptr,
                                   sides[i]->value.as.text.len, &v)) {
                fail(p, "invalid number '%s' at character %zu",
                     sides[i]->value.as.text.ptr, sides[i]->position);
                return NULL;
            }
            sides[i]->value = v;
            sides[i]->kind = v.kind;
            sides[i]->untyped = false;
        }
    }
    enum value_kind ka = a->kind, kb = b->kind, result;
    if (ka == VALUE_NULL || kb == VALUE_NULL) {
        result = ka == VALUE_NULL ? kb : ka;
    } else if (is_number_kind(ka) && is_number_kind(kb)) {
        result = (ka == VALUE_FLOAT || kb == VALUE_FLOAT)       ? VALUE_FLOAT
                 : (ka == VALUE_NUMERIC || kb == VALUE_NUMERIC) ? VALUE_NUMERIC
                                                                : VALUE_INT;
    } else if (ka == VALUE_DATE && kb == VALUE_DATE && op == AR_SUB) {
        result = VALUE_INT;
    } else if ((ka == VALUE_DATE && kb == VALUE_INT &&
                (op == AR_ADD || op == AR_SUB)) ||
               (ka == VALUE_INT && kb == VALUE_DATE && op == AR_ADD)) {
        result = VALUE_DATE;
    } else {
        fail(p, "unsupported operator %s between %s and %s at character %zu",
             t->text, kind_name(ka), kind_name(kb), t->position);
        return NULL;
    }
    if (a->type == N_CONST && b->type == N_CONST) {
        struct eval_ctx ctx;
        ctx.row = NULL;
        ctx.error = false;
        ctx.used = 0;
        struct value v;
        arith_values(op, 64, &a->value, &b->value, &ctx, &v);
        if (ctx.error) {
            fail(p, "invalid constant arithmetic at character %zu",
                 t->position);
            return NULL;
        }
        return new_const(p, v);
    }
    struct node *n = new_node(p, N_ARITH, result);
    n->position = t->position;
    n->op = op;
    n->left = a;
    n->right = b;
    n->int_bits = result == VALUE_INT && !(ka == VALUE_DATE)
                      ? max_bits(a->int_bits, b->int_bits)
                      : 64;
    return n;
}

static struct node *
parse_mul(struct parser *p)
{
    struct node *n = parse_unary(p);
    while (n) {
        struct token *t = peek(p);
        int op = is_op(t, "*")   ? AR_MUL
                 : is_op(t, "/") ? AR_DIV
                 : is_op(t, "%") ? AR_MOD
                                 : -1;
        if (op < 0)
            break;
        advance(p);
        struct node *right = parse_unary(p);
        if (right == NULL)
            return NULL;
        n = make_arith(p, op, n, right, t);
    }
    return n;
}

static struct node *
parse_add(struct parser *p)
{
    struct node *n = parse_mul(p);
    while (n) {
        struct token *t = peek(p);
        int op = is_op(t, "+") ? AR_ADD : is_op(t, "-") ? AR_SUB : -1;
        if (op < 0)
            break;
        advance(p);
        struct node *right = parse_mul(p);
        if (right == NULL)
            return NULL;
        n = make_arith(p, op, n, right, t);
    }
    return n;
}

/* PostgreSQL's advanced regular expressions know \d \w \s and escapes in
 * brackets; POSIX ERE does not, so those become bracket expressions. */
static int
translate_regex(struct parser *p, const char *pattern, size_t position,
                struct buf *out)
{
    bool in_bracket = false;
    for (const char *s = pattern; *s; s++) {
        char c = *s;
        if (in_bracket) {
            if (c == ']' && !(s[-1] == '[' || (s[-1] == '^' && s[-2] == '['))) {
                in_bracket = false;
                buf_putc(out, c);
                continue;
            }
            if (c == '[' && s[1] == ':') {
                const char *end = strstr(s + 2, ":]");
                if (end == NULL)
                    return fail(p,
                                "invalid regular expression '%s' at "
                                "character %zu",
                                pattern, position);
                buf_append(out, s, (size_t)(end + 2 - s));
                s = end + 1;
                continue;
            }
            if (c == '\\' && s[1]) {
                char e = *++s;
                switch (e) {
                case 'd':
                    buf_puts(out, "0-9");
                    break;
                case 'w':
                    buf_puts(out, "[:alnum:]_");
                    break;
                case 's':
                    buf_puts(out, "[:space:]");
                    break;
                case 't':
                    buf_putc(out, '\t');
                    break;
                case 'n':
                    buf_putc(out, '\n');
                    break;
                case 'D':
                case 'W':
                case 'S':
                    return fail(p,
                                "unsupported \\%c inside brackets in regular "
                                "expression '%s' at character %zu",
                                e, pattern, position);
                default:
                    /* A bracket takes a backslash literally: write the
                     * escaped character in a form brackets accept. */
                    if (e == ']')
                        return fail(p,
                                    "unsupported \\] in brackets in regular "
                                    "expression '%s' at character %zu",
                                    pattern, position);
                    if (e == '-')
                        buf_puts(out, "--");
                    else
                        buf_putc(out, e);
                    break;
                }
                continue;
            }
            buf_putc(out, c);
            continue;
        }
        if (c == '[') {
            in_bracket = true;
            buf_putc(out, c);
            if (s[1] == '^')
                buf_putc(out, *++s);
            if (s[1] == ']')
                buf_putc(out, *++s);
            continue;
        }
        if (c == '\\' && s[1]) {
            char e = *++s;
            switch (e) {
            case 'd':
                buf_puts(out, "[0-9]");
                break;
            case 'D':
                buf_puts(out, "[^0-9]");
                break;
            case 'w':
                buf_puts(out, "[[:alnum:]_]");
                break;
            case 'W':
                buf_puts(out, "[^[:alnum:]_]");
                break;
            case 's':
                buf_puts(out, "[[:space:]]");
                break;
            case 'S':
                buf_puts(out, "[^[:space:]]");
                break;
            case 't':
                buf_putc(out, '\t');
                break;
            case 'n':
                buf_putc(out, '\n');
                break;
            case 'r':
                buf_putc(out, '\r');
                break;
            default:
                if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') ||
                    (e >= '0' && e <= '9'))
                    return fail(p,
                                "unsupported escape \\%c in regular expression "
                                "'%s' at character %zu",
                                e, pattern, position);
                buf_putc(out, '\\');
                buf_putc(out, e);
                break;
            }
            continue;
        }
        if ((c == '*' || c == '+' || c == '?' || c == '}') && s[1] == '?')
            return fail(p,
                        "unsupported non-greedy quantifier in regular "
                        "expression '%s' at character %zu",
                        pattern, position);
        buf_putc(out, c);
    }
    if (in_bracket)
        return fail(p, "invalid regular expression '%s' at character %zu",
                    pattern, position);
    return 0;
}

static struct node *
make_regex(struct parser *p, struct node *subject, struct node *pattern,
           const struct token *t)
{
    if (require_text(p, subject, "a regular expression match") != 0)
        return NULL;
    settle(pattern);
    if (pattern->type != N_CONST || pattern->kind != VALUE_TEXT) {
        fail(p, "the pattern of %s must be a string constant at character %zu",
             t->text, t->position);
        return NULL;
    }
    struct node *n = new_node(p, N_REGEX, VALUE_BOOL);
    n->position = t->position;
    n->left = subject;
    n->negate = t->text[0] == '!';
    n->icase = t->text[strlen(t->text) - 1] == '*';
    struct buf translated;
    buf_init(&translated, 64);
    if (translate_regex(p, pattern->value.as.text.ptr, pattern->position,
                        &translated) != 0) {
        buf_release(&translated);
        return NULL;
    }
    n->regex = arena_alloc(p->arena, sizeof(*n->regex));
    int flags = REG_EXTENDED | REG_NOSUB | (n->icase ? REG_ICASE : 0);
    int rc = regcomp(n->regex, translated.data, flags);
    buf_release(&translated);
    if (rc != 0) {
        char message[128];
        regerror(rc, n->regex, message, sizeof(message));
        fail(p, "invalid regular expression '%s' at character %zu: %s",
             pattern->value.as.text.ptr, pattern->position, message);
        return NULL;
    }
    n->value = value_text(
        arena_strndup(p->arena, pattern->value.as.text.ptr,
                      pattern->value.as.text.len),
        pattern->value.as.text.len);
    n->next_regex = p->expr->regexes;
    p->expr->regexes = n;
    return n;
}

static struct node *
parse_other(struct parser *p)
{
    struct node *n = parse_add(p);
    while (n) {
        struct token *t = peek(p);
        if (t->type != T_OP)
            break;
        bool regex = strcmp(t->text, "~") == 0 || strcmp(t->text, "~*") == 0 ||
                     strcmp(t->text, "!~") == 0 || strcmp(t->text, "!~*") == 0;
        bool concat = strcmp(t->text, "||") == 0;
        if (!regex && !concat) {
            static const char *const known[] = {
                "=", "<>", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"};
            for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
                if (strcmp(t->text, known[i]) == 0)
                    return n;
            }
            fail(p, "unsupported operator \"%s\" at character %zu", t->text,
                 t->position);
            return NULL;
        }
        advance(p);
        struct node *right = parse_add(p);
        if (right == NULL)
            return NULL;
        if (regex) {
            n = make_regex(p, n, right, t);
            continue;
        }
        if (require_text(p, n, "||") != 0 || require_text(p, right, "||") != 0)
            return NULL;
        struct node *c = new_node(p, N_CONCAT, VALUE_TEXT);
        c->position = t->position;
        c->left = n;
        c->right = right;
        n = c;
    }
    return n;
}

/* The argument of = ANY / <> ALL: ARRAY[...], possibly parenthesised and
 * cast, as pg_dump prints IN lists: ((ARRAY['a'::text, 'b'::text])::text[]).
 */
static int
parse_array_list(struct parser *p, struct node **list, size_t max,
                 size_t *count)
{
    if (peek(p)->type == T_LPAREN) {
        advance(p);
        if (parse_array_list(p, list, max, count) != 0 ||
            expect(p, T_RPAREN) != 0)
            return -1;
    } else {
        if (!accept_keyword(p, "array"))
            return fail(p,
                        "unsupported ANY/ALL argument at character %zu; only "
                        "ARRAY[...] is understood",
                        peek(p)->position);
        if (expect(p, T_LBRACKET) != 0)
            return -1;
        *count = 0;
        if (peek(p)->type != T_RBRACKET) {
            do {
                if (*count == max)
                    return fail(p, "too many values in ARRAY[...]");
                list[*count] = parse_or(p);
                if (list[*count] == NULL)
                    return -1;
                (*count)++;
            } while (peek(p)->type == T_COMMA && advance(p));
        }
        if (expect(p, T_RBRACKET) != 0)
            return -1;
    }
    while (peek(p)->type == T_CAST) {
        advance(p);
        struct buf ignored;
        buf_init(&ignored, 16);
        int rc = parse_type_name(p, &ignored);
        buf_release(&ignored);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static bool bound_value(const struct node *column, const struct value *c,
                        bool is_min, bool *inclusive, struct value *out);

static struct node *
make_in(struct parser *p, struct node *subject, struct node **list,
        size_t count, bool negate, size_t position)
{
    for (size_t i = 0; i < count; i++) {
        if (check_comparable(p, subject, list[i], false, list[i]->position) !=
            0)
            return NULL;
    }
    struct node *n = new_node(p, N_IN, VALUE_BOOL);
    n->position = position;
    n->left = subject;
    n->negate = negate;
    n->bpchar = subject->bpchar;
    n->items = arena_alloc(p->arena, (count ? count : 1) * sizeof(*n->items));
    if (count)
        memcpy(n->items, list, count * sizeof(*n->items));
    n->item_count = count;
    if (subject->type == N_COLUMN && !negate) {
        n->allowed =
            arena_alloc(p->arena, (count ? count : 1) * sizeof(*n->allowed));
        for (size_t i = 0; i < count; i++) {
            bool snapped = false;
            struct value v;
            if (list[i]->type != N_CONST || list[i]->value.kind == VALUE_NULL)
                continue;
            /* A constant the column cannot hold exactly never matches. */
            if (bound_value(subject, &list[i]->value, true, &snapped, &v) &&
                !snapped)
                n->allowed[n->allowed_count++] = v;
        }
        for (size_t i = 0; i < count; i++) {
            if (list[i]->type != N_CONST) {
                n->allowed = NULL;
                n->allowed_count = 0;
                break;
            }
        }
    }
    return n;
}

static struct node *
parse_predicate(struct parser *p)
{
    struct node *n = parse_other(p);
    if (n == NULL)
        return NULL;
    struct token *t = peek(p);
    bool negate = false;
    if (is_keyword(t, "not") &&
        (is_keyword(peek_at(p, 1), "between") ||
         is_keyword(peek_at(p, 1), "in") || is_keyword(peek_at(p, 1), "like") ||
         is_keyword(peek_at(p, 1), "ilike") ||
         is_keyword(peek_at(p, 1), "similar"))) {
        advance(p);
        negate = true;
        t = peek(p);
    }
    if (accept_keyword(p, "between")) {
        struct node *b = new_node(p, N_BETWEEN, VALUE_BOOL);
        b->position = t->position;
        b->negate = negate;
        if (accept_keyword(p, "symmetric"))
            b->symmetric = true;
        else
            accept_keyword(p, "asymmetric");
        b->left = n;
        b->bpchar = n->bpchar;
        b->right = parse_other(p);
        if (b->right == NULL)
            return NULL;
        if (!accept_keyword(p, "and")) {
            unexpected(p, peek(p));
            return NULL;
        }
        b->third = parse_other(p);
        if (b->third == NULL)
            return NULL;
        if (is_untyped_literal(n)) {
            if (coerce_literal(p, n, b->right) != 0 ||
                coerce_literal(p, n, b->third) != 0)
                return NULL;
        }
        if (check_comparable(p, n, b->right, true, t->position) != 0 ||
            check_comparable(p, n, b->third, true, t->position) != 0)
            return NULL;
        return b;
    }
    if (accept_keyword(p, "in")) {
        if (expect(p, T_LPAREN) != 0)
            return NULL;
        if (is_keyword(peek(p), "select")) {
            fail(p, "unsupported subquery at character %zu", peek(p)->position);
            return NULL;
        }
        struct node *list[256];
        size_t count = 0;
        do {
            if (count == sizeof(list) / sizeof(list[0])) {
                fail(p, "too many values in IN (...)");
                return NULL;
            }
            list[count] = parse_or(p);
            if (list[count] == NULL)
                return NULL;
            count++;
        } while (peek(p)->type == T_COMMA && advance(p));
        if (expect(p, T_RPAREN) != 0)
            return NULL;
        return make_in(p, n, list, count, negate, t->position);
    }
    if (is_keyword(t, "like") || is_keyword(t, "ilike")) {
        advance(p);
        struct node *pattern = parse_other(p);
        if (pattern == NULL)
            return NULL;
        if (is_keyword(peek(p), "escape")) {
            fail(p, "unsupported LIKE ... ESCAPE at character %zu",
                 peek(p)->position);
            return NULL;
        }
        if (require_text(p, n, "LIKE") != 0 ||
            require_text(p, pattern, "LIKE") != 0)
            return NULL;
        struct node *l = new_node(p, N_LIKE, VALUE_BOOL);
        l->position = t->position;
        l->left = n;
        l->right = pattern;
        l->negate = negate;
        l->icase = t->text[0] == 'i';
        return l;
    }
    if (is_keyword(t, "similar")) {
        fail(p, "unsupported SIMILAR TO at character %zu", t->position);
        return NULL;
    }
    return n;
}

static int
comparison_op(const struct token *t)
{
    if (t->type != T_OP)
        return -1;
    static const struct {
        const char *text;
        int op;
    } ops[] = {{"=", CMP_EQ},  {"<>", CMP_NE}, {"!=", CMP_NE}, {"<", CMP_LT},
               {"<=", CMP_LE}, {">", CMP_GT},  {">=", CMP_GE}};
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        if (strcmp(t->text, ops[i].text) == 0)
            return ops[i].op;
    }
    return -1;
}

static struct node *
parse_comparison(struct parser *p)
{
    struct node *n = parse_predicate(p);
    if (n == NULL)
        return NULL;
    struct token *t = peek(p);
    int op = comparison_op(t);
    if (op < 0)
        return n;
    advance(p);
    struct token *quantifier = peek(p);
    if (is_keyword(quantifier, "any") || is_keyword(quantifier, "some") ||
        is_keyword(quantifier, "all")) {
        advance(p);
        bool all = quantifier->text[1] == 'l';
        if (!((op == CMP_EQ && !all) || (op == CMP_NE && all))) {
            fail(p,
                 "unsupported %s %s (...) at character %zu; only = ANY and "
                 "<> ALL are understood",
                 t->text, quantifier->text, t->position);
            return NULL;
        }
        struct node *list[256];
        size_t count = 0;
        if (parse_array_list(p, list, sizeof(list) / sizeof(list[0]), &count) !=
            0)
            return NULL;
        return make_in(p, n, list, count, all, t->position);
    }
    struct node *right = parse_predicate(p);
    if (right == NULL)
        return NULL;
    if (check_comparable(p, n, right, op != CMP_EQ && op != CMP_NE,
                         t->position) != 0)
        return NULL;
    if (comparison_op(peek(p)) >= 0) {
        unexpected(p, peek(p));
        return NULL;
    }
    struct node *c = new_node(p, N_CMP, VALUE_BOOL);
    c->position = t->position;
    c->op = op;
    c->left = n;
    c->right = right;
    c->bpchar = n->bpchar || right->bpchar;
    return c;
}

static struct node *
parse_is(struct parser *p)
{
    struct node *n = parse_comparison(p);
    while (n) {
        struct token *t = peek(p);
        if (is_keyword(t, "isnull") || is_keyword(t, "notnull")) {
            advance(p);
            struct node *is = new_node(p, N_IS_NULL, VALUE_BOOL);
            is->position = t->position;
            is->left = n;
            is->negate = t->text[0] == 'n';
            n = is;
            continue;
        }
        if (!is_keyword(t, "is"))
            break;
        advance(p);
        bool negate = accept_keyword(p, "not");
        struct token *what = advance(p);
        struct node *is;
        if (is_keyword(what, "null")) {
            is = new_node(p, N_IS_NULL, VALUE_BOOL);
            settle(n);
        } else if (is_keyword(what, "true") || is_keyword(what, "false") ||
                   is_keyword(what, "unknown")) {
            if (require_condition(p, n) != 0)
                return NULL;
            is = new_node(p, N_IS_BOOL, VALUE_BOOL);
            is->op = what->text[0] == 't'   ? IS_TRUE
                     : what->text[0] == 'f' ? IS_FALSE
                                            : IS_UNKNOWN;
        } else if (is_keyword(what, "distinct")) {
            fail(p, "unsupported IS DISTINCT FROM at character %zu",
                 t->position);
            return NULL;
        } else {
            unexpected(p, what);
            return NULL;
        }
        is->position = t->position;
        is->left = n;
        is->negate = negate;
        n = is;
    }
    return n;
}

static struct node *
parse_not(struct parser *p)
{
    struct token *t = peek(p);
    if (accept_keyword(p, "not")) {
        struct node *operand = parse_not(p);
        if (operand == NULL || require_condition(p, operand) != 0)
            return NULL;
        struct node *n = new_node(p, N_NOT, VALUE_BOOL);
        n->position = t->position;
        n->left = operand;
        return n;
    }
    return parse_is(p);
}

/* One level of AND or OR: operands from next, joined left to right. */
static struct node *
parse_logical(struct parser *p, const char *keyword, enum node_type type,
              struct node *(*next)(struct parser *))
{
    struct node *n = next(p);
    while (n && is_keyword(peek(p), keyword)) {
        struct token *t = advance(p);
        struct node *right = next(p);
        if (right == NULL || require_condition(p, n) != 0 ||
            require_condition(p, right) != 0)
            return NULL;
        struct node *joined = new_node(p, type, VALUE_BOOL);
        joined->position = t->position;
        joined->left = n;
        joined->right = right;
        n = joined;
    }
    return n;
}

static struct node *
parse_and(struct parser *p)
{
    return parse_logical(p, "and", N_AND, parse_not);
}

static struct node *
parse_or(struct parser *p)
{
    return parse_logical(p, "or", N_OR, parse_and);
}

/* ---- columns ----------------------------------------------------------- */

static void
collect_columns(const struct node *n, long *out, size_t *count)
{
    if (n == NULL)
        return;
    if (n->type == N_COLUMN) {
        for (size_t i = 0; i < *count; i++) {
            if (out[i] == n->column)
                return;
        }
        out[(*count)++] = n->column;
        return;
    }
    collect_columns(n->left, out, count);
    collect_columns(n->right, out, count);
    collect_columns(n->third, out, count);
    for (size_t i = 0; i < n->item_count; i++)
        collect_columns(n->items[i], out, count);
}

static size_t
count_nodes(const struct node *n)
{
    if (n == NULL)
        return 0;
    size_t total = 1 + count_nodes(n->left) + count_nodes(n->right) +
                   count_nodes(n->third);
    for (size_t i = 0; i < n->item_count; i++)
        total += count_nodes(n->items[i]);
    return total;
}

size_t
check_columns(const struct check_expr *expr, long *out, size_t max)
{
    for (size_t i = 0; i < expr->column_count && i < max; i++)
        out[i] = expr->columns[i];
    return expr->column_count;
}

void
check_release(struct check_expr *expr)
{
    if (expr == NULL)
        return;
    for (struct node *n = expr->regexes; n; n = n->next_regex)
        regfree(n->regex);
    expr->regexes = NULL;
}

int
check_parse(const char *sql, check_resolve_fn resolve, void *context,
            struct arena *arena, struct check_expr **out, struct dg_error *err)
{
    struct check_expr *expr = arena_zalloc(arena, sizeof(*expr));
    struct parser parser = {
        .sql = sql ? sql : "",
        .resolve = resolve,
        .context = context,
        .arena = arena,
        .err = err,
        .expr = expr,
    };
    struct parser *p = &parser;
    *out = NULL;
    if (tokenize(p) != 0)
        goto failed;
    bool wrapped =
        is_keyword(peek(p), "check") && peek_at(p, 1)->type == T_LPAREN;
    if (wrapped)
        advance(p);
    if (peek(p)->type == T_EOF) {
        fail(p, "empty expression");
        goto failed;
    }
    struct node *root = wrapped ? parse_primary(p) : parse_or(p);
    if (root == NULL)
        goto failed;
    if (peek(p)->type != T_EOF) {
        unexpected(p, peek(p));
        goto failed;
    }
    if (require_condition(p, root) != 0)
        goto failed;
    compile_fast(root, arena);
    expr->root = root;
    expr->columns =
        arena_alloc(arena, (count_nodes(root) + 1) * sizeof(*expr->columns));
    collect_columns(root, expr->columns, &expr->column_count);
    *out = expr;
    return 0;
failed:
    check_release(expr);
    if (err->status == DG_OK)
        dg_fail(err, DG_INVALID, NULL, "cannot parse CHECK expression");
    return p->unknown_column ? CHECK_PARSE_UNKNOWN_COLUMN : -1;
}

/* ---- bounds ------------------------------------------------------------ */

static bool
is_column(const struct node *n, long column)
{
    return n->type == N_COLUMN && n->column == column;
}

static bool
is_length_of(const struct node *n, long column)
{
    return n->type == N_FUNC && n->op == F_LENGTH && is_column(n->left, column);
}

static bool
is_plain_const(const struct node *n)
{
    return n->type == N_CONST && n->value.kind != VALUE_NULL;
}

/* Converts constant c to the column's kind for a lower (is_min) or upper
 * bound; a bound between two representable values moves inward and
 * becomes inclusive. */
static bool
bound_value(const struct node *column, const struct value *c, bool is_min,
            bool *inclusive, struct value *out)
{
    switch (column->kind) {
    case VALUE_INT:
    case VALUE_NUMERIC: {
        int scale = column->kind == VALUE_INT ? 0 : column->scale;
        if (c->kind == VALUE_FLOAT) {
            if (!isfinite(c->as.f))
                return false;
            int s = scale >= 0 ? scale : 6;
            double scaled = c->as.f * pow(10.0, s);
            double snapped = is_min ? ceil(scaled) : floor(scaled);
            if (!(snapped > -9.2e18 && snapped < 9.2e18))
                return false;
            if (snapped != scaled)
                *inclusive = true;
            *out = column->kind == VALUE_INT
                       ? value_int((int64_t)snapped)
                       : make_numeric((int64_t)snapped, s);
            return true;
        }
        if (!is_number_kind(c->kind))
            return false;
        int64_t unscaled;
        int cs;
        exact_parts(c, &unscaled, &cs);
        if (scale < 0)
            scale = cs;
        int64_t v;
        if (cs <= scale) {
            if (!scale_up(unscaled, scale - cs, &v))
                return false;
        } else {
            int drop = cs - scale;
            if (drop > 18)
                return false;
            int64_t q = unscaled / pow10_table[drop];
            int64_t r = unscaled % pow10_table[drop];
            if (r != 0) {
                *inclusive = true;
                if (is_min && r > 0)
                    q++;
                else if (!is_min && r < 0)
                    q--;
            }
            v = q;
        }
        *out =
            column->kind == VALUE_INT ? value_int(v) : make_numeric(v, scale);
        return true;
    }
    case VALUE_FLOAT:
        if (!is_number_kind(c->kind))
            return false;
        *out = make_float(to_double(c));
        return true;
    case VALUE_DATE:
        if (c->kind == VALUE_DATE) {
            *out = *c;
            return true;
        }
        if (c->kind == VALUE_TIMESTAMP || c->kind == VALUE_TIMESTAMPTZ) {
            int64_t days =
                c->as.i / USEC_PER_DAY - (c->as.i % USEC_PER_DAY < 0);
            if (days * USEC_PER_DAY != c->as.i) {
                *inclusive = true;
                if (is_min)
                    days++;
            }
            *out = make_kind(VALUE_DATE, days);
            return true;
        }
        return false;
    case VALUE_TIMESTAMP:
    case VALUE_TIMESTAMPTZ:
        if (!is_datetime_kind(c->kind))
            return false;
        *out = make_kind(column->kind, temporal_usec(c));
        return true;
    case VALUE_TEXT:
    case VALUE_TIME:
    case VALUE_BOOL:
        if (c->kind != column->kind)
            return false;
        *out = *c;
        return true;
    case VALUE_NULL:
        break;
    }
    return false;
}

static void
add_min(struct check_bounds *b, const struct value *v, bool inclusive)
{
    bool ok;
    int order = b->has_min ? compare_values(v, &b->min, &ok) : 1;
    if (!b->has_min || order > 0 || (order == 0 && !inclusive)) {
        b->has_min = true;
        b->min = *v;
        b->min_inclusive = inclusive;
    }
}

static void
add_max(struct check_bounds *b, const struct value *v, bool inclusive)
{
    bool ok;
    int order = b->has_max ? compare_values(v, &b->max, &ok) : -1;
    if (!b->has_max || order < 0 || (order == 0 && !inclusive)) {
        b->has_max = true;
        b->max = *v;
        b->max_inclusive = inclusive;
    }
}

static void
add_length(struct check_bounds *b, int op, int64_t n)
{
    int64_t lo = -1, hi = -1;
    switch (op) {
    case CMP_EQ:
        lo = hi = n;
        break;
    case CMP_LT:
        hi = n - 1;
        break;
    case CMP_LE:
        hi = n;
        break;
    case CMP_GT:
        lo = n + 1;
        break;
    case CMP_GE:
        lo = n;
        break;
    default:
        return;
    }
    if (hi >= 0 && hi < LONG_MAX && (b->max_length < 0 || hi < b->max_length))
        b->max_length = (long)hi;
    if (hi < -1)
        b->max_length = 0;
    if (lo > 0 && lo < LONG_MAX && lo > b->min_length)
        b->min_length = (long)lo;
}

static int
flip(int op)
{
    switch (op) {
    case CMP_LT:
        return CMP_GT;
    case CMP_LE:
        return CMP_GE;
    case CMP_GT:
        return CMP_LT;
    case CMP_GE:
        return CMP_LE;
    default:
        return op;
    }
}

static void
bound_comparison(const struct node *column, int op, const struct value *c,
                 struct check_bounds *b)
{
    struct value v;
    bool inclusive;
    switch (op) {
    case CMP_EQ:
        inclusive = true;
        if (bound_value(column, c, true, &inclusive, &v))
            add_min(b, &v, inclusive);
        inclusive = true;
        if (bound_value(column, c, false, &inclusive, &v))
            add_max(b, &v, inclusive);
        return;
    case CMP_GT:
    case CMP_GE:
        inclusive = op == CMP_GE;
        if (bound_value(column, c, true, &inclusive, &v))
            add_min(b, &v, inclusive);
        return;
    case CMP_LT:
    case CMP_LE:
        inclusive = op == CMP_LE;
        if (bound_value(column, c, false, &inclusive, &v))
            add_max(b, &v, inclusive);
        return;
    case CMP_NE:
        if (column->kind == VALUE_TEXT && c->kind == VALUE_TEXT &&
            c->as.text.len == 0 && b->min_length < 1)
            b->min_length = 1;
        return;
    }
}

static void
bounds_of(const struct node *n, long column, struct check_bounds *b)
{
    switch (n->type) {
    case N_AND:
        bounds_of(n->left, column, b);
        bounds_of(n->right, column, b);
        return;
    case N_IS_NULL:
        if (n->negate && is_column(n->left, column))
            b->not_null = true;
        return;
    case N_CMP: {
        const struct node *l = n->left, *r = n->right;
        int op = n->op;
        if (is_plain_const(l)) {
            const struct node *swap = l;
            l = r;
            r = swap;
            op = flip(op);
        }
        if (!is_plain_const(r))
            return;
        if (is_column(l, column))
            bound_comparison(l, op, &r->value, b);
        else if (is_length_of(l, column) && r->value.kind == VALUE_INT)
            add_length(b, op, r->value.as.i);
        return;
    }
    case N_BETWEEN:
        if (n->negate || n->symmetric || !is_plain_const(n->right) ||
            !is_plain_const(n->third))
            return;
        if (is_column(n->left, column)) {
            bound_comparison(n->left, CMP_GE, &n->right->value, b);
            bound_comparison(n->left, CMP_LE, &n->third->value, b);
        } else if (is_length_of(n->left, column) &&
                   n->right->value.kind == VALUE_INT &&
                   n->third->value.kind == VALUE_INT) {
            add_length(b, CMP_GE, n->right->value.as.i);
            add_length(b, CMP_LE, n->third->value.as.i);
        }
        return;
    default:
        return;
    }
}

static const struct node *
find_in_list(const struct node *n, long column)
{
    if (n->type == N_AND) {
        const struct node *found = find_in_list(n->left, column);
        return found ? found : find_in_list(n->right, column);
    }
    if (n->type == N_IN && !n->negate && n->allowed &&
        is_column(n->left, column))
        return n;
    return NULL;
}

void
check_bounds(const struct check_expr *expr, long column,
             struct check_bounds *out)
{
    memset(out, 0, sizeof(*out));
    out->max_length = -1;
    out->min_length = -1;
    bounds_of(expr->root, column, out);
    const struct node *in = find_in_list(expr->root, column);
    if (in) {
        out->allowed = in->allowed;
        out->allowed_count = in->allowed_count;
    }
}

/* ---- solving ------------------------------------------------------------ */

static bool
node_reads(const struct node *n, long column)
{
    if (n == NULL)
        return false;
    if (n->type == N_COLUMN && n->column == column)
        return true;
    if (node_reads(n->left, column) || node_reads(n->right, column) ||
        node_reads(n->third, column))
        return true;
    for (size_t i = 0; i < n->item_count; i++)
        if (node_reads(n->items[i], column))
            return true;
    return false;
}

/* The expression a top-level conjunct "column = E" gives the column. */
static const struct node *
definition_of(const struct node *n, long column)
{
    if (n == NULL)
        return NULL;
    if (n->type == N_AND) {
        const struct node *found = definition_of(n->left, column);
        return found ? found : definition_of(n->right, column);
    }
    if (n->type != N_CMP || n->op != CMP_EQ || n->negate)
        return NULL;
    if (is_column(n->left, column) && !node_reads(n->right, column))
        return n->right;
    if (is_column(n->right, column) && !node_reads(n->left, column))
        return n->left;
    return NULL;
}

bool
check_defines(const struct check_expr *expr, long column)
{
    const struct node *definition = definition_of(expr->root, column);
    /* text results would live in the evaluator's scratch space */
    return definition != NULL && definition->kind != VALUE_TEXT &&
           definition->kind != VALUE_NULL && !definition->opaque;
}

bool
check_solve(const struct check_expr *expr, long column,
            const struct value *row, struct value *out)
{
    if (!check_defines(expr, column))
        return false;
    struct eval_ctx ctx;
    ctx.row = row;
    ctx.error = false;
    ctx.used = 0;
    eval(definition_of(expr->root, column), &ctx, out);
    return !ctx.error;
}

static const struct node *
pattern_of(const struct node *n, long column)
{
    if (n == NULL)
        return NULL;
    if (n->type == N_AND) {
        const struct node *found = pattern_of(n->left, column);
        return found ? found : pattern_of(n->right, column);
    }
    if (n->type == N_REGEX && !n->negate && !n->icase &&
        is_column(n->left, column))
        return n;
    return NULL;
}

const char *
check_pattern(const struct check_expr *expr, long column)
{
    const struct node *n = pattern_of(expr->root, column);
    return n ? n->value.as.text.ptr : NULL;
}
