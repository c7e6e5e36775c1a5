#include <string.h>

#include "gen/gen_semantic_internal.h"

#define SALT_COMPANY_NAME UINT64_C(0x636f6d70)
#define SALT_JOB_TITLE    UINT64_C(0x6a6f62)

static const char *const no_keys[] = {NULL};

static int
company_compile(const struct gen_spec *spec, void **state,
                struct diag_list *diags)
{
    struct sem_gen *gen = gen_semantic_begin(spec, &gen_company_name, SEM_TEXT,
                                             SEM_MIN_COMPANY, diags);
    if (gen == NULL)
        return -1;
    if (gen->unique) {
        /* Unique names are "<word or family name> <activity> <suffix>":
         * no company word is a family name, so each triple reads
         * differently. */
        const struct sem_locale *l = gen->locale;
        size_t first = l->company_words.max_chars > l->last.max_chars
                           ? l->company_words.max_chars
                           : l->last.max_chars;
        long longest = (long)(first + 1 + l->company_activities.max_chars + 1 +
                              l->company_suffixes.max_chars);
        if (gen->max_chars >= 0 && gen->max_chars < longest) {
            diag_add(diags, DIAG_ERROR, spec->path,
                     "widen the column or drop the unique constraint",
                     "unique company names need %ld characters, the column "
                     "holds %ld",
                     longest, gen->max_chars);
            gen_semantic_free(gen);
            return -1;
        }
        uint64_t space = (uint64_t)(l->company_words.count + l->last.count) *
                         l->company_activities.count *
                         l->company_suffixes.count;
        if (gen_semantic_unique(gen, spec, space, SALT_COMPANY_NAME,
                                "company names", diags) != 0) {
            gen_semantic_free(gen);
            return -1;
        }
    }
    *state = gen;
    return 0;
}

/* Renders a company template (see struct sem_locale); word stands for
 * {W}. */
static void
render_company(const struct sem_locale *l, const char *template,
               const char *word, const struct sem_company *c,
               struct sem_text *t)
{
    for (const char *p = template; *p != '\0'; p++) {
        if (*p != '{') {
            sem_text_putc(t, *p);
            continue;
        }
        const char *end = strchr(p, '}');
        if (end == NULL) {
            sem_text_put(t, p);
            return;
        }
        size_t n = (size_t)(end - p - 1);
        const char *name = p + 1;
        if (n == 1 && *name == 'L')
            sem_text_put(t, l->last.items[c->last[0]]);
        else if (n == 2 && name[0] == 'L' && (name[1] == '2' || name[1] == '3'))
            sem_text_put(t, l->last.items[c->last[name[1] - '1']]);
        else if (n == 1 && *name == 'W')
            sem_text_put(t, word);
        else if (n == 1 && *name == 'A')
            sem_text_put(t, l->company_activities.items[c->activity]);
        else if (n == 1 && *name == 'X')
            sem_text_put(t, l->company_suffixes.items[c->suffix]);
        p = end;
    }
}

static void
put_company(const struct sem_locale *l, const struct sem_company *c,
            unsigned pattern, struct sem_text *t)
{
    /* two or three partners need different names */
    if (strstr(l->company[pattern], "{L2}") != NULL && c->last[1] == c->last[0])
        pattern = 2;
    if (strstr(l->company[pattern], "{L3}") != NULL &&
        (c->last[2] == c->last[0] || c->last[2] == c->last[1]))
        pattern = 3;
    if (strstr(l->company[pattern], "{L2}") != NULL && c->last[1] == c->last[0])
        pattern = 2;
    t->len = 0;
    render_company(l, l->company[pattern], l->company_words.items[c->word], c,
                   t);
}

static void
company_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    const struct sem_locale *l = gen->locale;
    struct sem_text t = {0};
    if (gen->unique) {
        uint64_t index = gen_semantic_unique_index(gen, ctx->row);
        struct sem_company c = {0};
        c.suffix = (uint32_t)(index % l->company_suffixes.count);
        index /= l->company_suffixes.count;
        c.activity = (uint32_t)(index % l->company_activities.count);
        index /= l->company_activities.count;
        render_company(l, l->company_unique,
                       index < l->company_words.count
                           ? l->company_words.items[index]
                           : l->last.items[index - l->company_words.count],
                       &c, &t);
        gen_semantic_emit(gen, ctx, t.data, t.len, out);
        return;
    }
    struct sem_company c;
    gen_semantic_company(l, ctx->row_key, &c);
    put_company(l, &c, c.pattern, &t);
    if (gen->max_chars >= 0 &&
        gen_semantic_chars(t.data, t.len) > (size_t)gen->max_chars)
        put_company(l, &c, 1, &t);
    gen_semantic_emit(gen, ctx, t.data, t.len, out);
}

static int
job_title_compile(const struct gen_spec *spec, void **state,
                  struct diag_list *diags)
{
    struct sem_gen *gen = gen_semantic_begin(
        spec, &gen_company_job_title, SEM_TEXT, SEM_MIN_JOB_TITLE, diags);
    if (gen == NULL)
        return -1;
    if (gen->unique) {
        for (size_t i = 0; i < gen->locale->job_titles.count; i++)
            gen_semantic_pool_add(gen, gen->locale->job_titles.items[i]);
        if (gen_semantic_unique(gen, spec, gen->pool_count, SALT_JOB_TITLE,
                                "job titles that fit the column", diags) != 0) {
            gen_semantic_free(gen);
            return -1;
        }
    }
    *state = gen;
    return 0;
}

static void
job_title_generate(const void *state, struct gen_ctx *ctx, struct value *out)
{
    const struct sem_gen *gen = state;
    const char *title;
    if (gen->unique) {
        title = gen->pool[gen_semantic_unique_index(gen, ctx->row)];
    } else {
        struct sem_company c;
        gen_semantic_company(gen->locale, ctx->row_key, &c);
        title = gen->locale->job_titles.items[c.job_title];
    }
    gen_semantic_emit(gen, ctx, title, strlen(title), out);
}

const struct gen_kind gen_company_name = {
    .name = "company",
    .description = "a made-up company name (\"Summit Analytics LLC\", "
                   "\"Garcia & Lee\")",
    .config_keys = no_keys,
    .types = GEN_TYPES_TEXT,
    .compile = company_compile,
    .generate = company_generate,
    .free = gen_semantic_free,
};

const struct gen_kind gen_company_job_title = {
    .name = "job_title",
    .description = "a job title (\"Data Analyst\")",
    .config_keys = no_keys,
    .types = GEN_TYPES_TEXT,
    .compile = job_title_compile,
    .generate = job_title_generate,
    .free = gen_semantic_free,
};
