#include "cli/cli.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_catalog.h"
#include "cli/cli_internal.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/strutil.h"
#include "core/xalloc.h"
#include "gen/gen.h"
#include "io/sink.h"
#include "pipeline/pipeline.h"
#include "plan/plan.h"
#include "schema/schema.h"
#include "schema/schema_select.h"
#include "writer/writer.h"

/* The creation time written into archives when SOURCE_DATE_EPOCH is not
 * set: fixed, so the same command gives the same bytes (2025-01-01 UTC). */
#define DEFAULT_TIMESTAMP INT64_C(1735689600)

static const char usage_main[] =
    "usage: datagen COMMAND [OPTIONS]\n"
    "\n"
    "Generate realistic PostgreSQL dumps from a JSON schema or a template.\n"
    "\n"
    "Commands:\n"
    "  generate     write a dump of generated data\n"
    "  validate     check a schema file and report every problem\n"
    "  preview      print the first rows of each table\n"
    "  plan         show tables, row counts and sizes without generating\n"
    "  templates    list the built-in templates (templates show NAME)\n"
    "  init         write a template as an editable schema file\n"
    "  generators   list the generators and their generator_config keys\n"
    "  json-schema  print the JSON Schema of the input format\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help (datagen COMMAND --help for a command)\n"
    "  -V, --version  show the version\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure (I/O), 2 bad usage or an\n"
    "invalid schema.\n";

#define SCHEMA_OPTIONS_HELP                                                    \
    "  -s, --schema FILE      the JSON schema (or a template-form file)\n"    \
    "  -t, --template NAME    a built-in template instead (default: "         \
    CLI_DEFAULT_TEMPLATE ")\n" SELECTION_OPTIONS_HELP

#define SELECTION_OPTIONS_HELP                                                 \
    "      --tables A,B       only these tables and every table they\n"       \
    "                         reference through foreign keys\n"               \
    "      --rows TABLE=N     row count of one table (repeatable)\n"          \
    "      --scale F          multiply every row count by F\n"                \
    "      --locale L         data locale (default: database.locale)\n"

static const char usage_generate[] =
    "usage: datagen generate (--schema FILE | --template NAME) [OPTIONS]\n"
    "\n"
    "Write a PostgreSQL dump of generated data.\n"
    "\n" SCHEMA_OPTIONS_HELP
    "  -f, --format FORMAT    copy (psql script with COPY blocks, default),\n"
    "                         sql (INSERT statements), custom (pg_dump -Fc\n"
    "                         archive for pg_restore) or directory\n"
    "                         (pg_dump -Fd, for pg_restore -j)\n"
    "  -Z, --compress LEVEL   zlib level 0-9 for custom and directory\n"
    "                         (default 1)\n"
    "  -o, --output FILE      where to write (default, or -: standard "
    "output);\n"
    "                         a file is replaced only when complete\n"
    "      --seed N           random seed (default 42): the same seed gives\n"
    "                         the same bytes\n"
    "  -j, --jobs N           worker threads (default: online CPUs); the\n"
    "                         output does not depend on it\n"
    "      --progress         show progress on standard error (default:\n"
    "                         when it is a terminal)\n"
    "  -q, --quiet            show no progress\n"
    "  -h, --help             show this help\n";

static const char usage_validate[] =
    "usage: datagen validate (--schema FILE | --template NAME) [OPTIONS]\n"
    "\n"
    "Check a schema and report every error and warning at once, each with\n"
    "its JSON path. Exit status 0 when valid, 2 when not.\n"
    "\n"
    "  -s, --schema FILE      the JSON schema (or a template-form file)\n"
    "  -t, --template NAME    a built-in template instead\n"
    SELECTION_OPTIONS_HELP
    "  -h, --help             show this help\n";

static const char usage_preview[] =
    "usage: datagen preview (--schema FILE | --template NAME) [OPTIONS]\n"
    "\n"
    "Print the first rows of each table as an aligned text table: the same\n"
    "values, for the same options and seed, as the first rows of the dump\n"
    "`generate` writes. NULL is shown as NULL; control characters as \\n,\n"
    "\\t, \\xHH; a value wider than --width is cut and ends in an\n"
    "ellipsis.\n"
    "\n" SCHEMA_OPTIONS_HELP
    "      --table NAME       only this table\n"
    "  -n, --limit N          rows per table (default 10)\n"
    "      --width N          widest column, in characters (default 40;\n"
    "                         0: no limit)\n"
    "      --seed N           random seed (default 42)\n"
    "  -h, --help             show this help\n";

static const char usage_plan[] =
    "usage: datagen plan (--schema FILE | --template NAME) [OPTIONS]\n"
    "\n"
    "Show what `generate` would write, without generating it: the tables in\n"
    "generation order with their row counts and the estimated size of their\n"
    "data as COPY text (measured on a sample of rows spread over each table;\n"
    "exact for tables of at most 1000 rows), the total, and the schema's\n"
    "warnings. Exit status 2 when the schema is invalid.\n"
    "\n" SCHEMA_OPTIONS_HELP
    "      --seed N           random seed (default 42)\n"
    "  -h, --help             show this help\n";

static const char usage_init[] =
    "usage: datagen init (--template NAME | --schema FILE) [OPTIONS]\n"
    "\n"
    "Write a template as an editable file in the template's form (its\n"
    "parameters around the schema), pretty-printed, with \"$schema\"\n"
    "naming the JSON Schema of the format (see json-schema).\n"
    "Generating from the file gives the same bytes as generating from the\n"
    "template with the same options. --tables, --rows, --scale and\n"
    "--locale are written into the file (row_count, database.locale).\n"
    "\n"
    "  -t, --template NAME    the template (default: " CLI_DEFAULT_TEMPLATE
    ")\n"
    "  -s, --schema FILE      a schema file instead (to narrow or rescale)\n"
    "      --tables A,B       only these tables and every table they\n"
    "                         reference through foreign keys\n"
    "      --rows TABLE=N     row count of one table (repeatable)\n"
    "      --scale F          multiply every row count by F\n"
    "      --locale L         data locale, written as database.locale\n"
    "  -o, --output FILE      where to write (default: standard output)\n"
    "      --force            replace an existing file\n"
    "  -h, --help             show this help\n";

static int
print_usage(unsigned command)
{
    switch (command) {
    case CLI_GENERATE:
        fputs(usage_generate, stdout);
        break;
    case CLI_VALIDATE:
        fputs(usage_validate, stdout);
        break;
    case CLI_PREVIEW:
        fputs(usage_preview, stdout);
        break;
    case CLI_PLAN:
        fputs(usage_plan, stdout);
        break;
    case CLI_INIT:
        fputs(usage_init, stdout);
        break;
    }
    return 0;
}

int
cli_usage_error(const char *command, const char *fmt, const char *detail)
{
    fprintf(stderr, "datagen: error: ");
    fprintf(stderr, fmt, detail);
    fprintf(stderr, "\nhint: run \"datagen %s%s--help\"\n",
            command ? command : "", command ? " " : "");
    return 2;
}

static bool
parse_u64(const char *text, uint64_t *out)
{
    if (text == NULL || *text == '\0' || *text == '-' || *text == '+')
        return false;
    errno = 0;
    char *end;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0')
        return false;
    *out = value;
    return true;
}

enum option_id {
    OPT_HELP,
    OPT_SCHEMA,
    OPT_TEMPLATE,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_SEED,
    OPT_JOBS,
    OPT_ROWS,
    OPT_SCALE,
    OPT_LOCALE,
    OPT_COMPRESS,
    OPT_PROGRESS,
    OPT_QUIET,
    OPT_TABLES,
    OPT_TABLE,
    OPT_LIMIT,
    OPT_WIDTH,
    OPT_FORCE,
};

#define FOR_SCHEMA                                                             \
    (CLI_GENERATE | CLI_VALIDATE | CLI_PREVIEW | CLI_PLAN | CLI_INIT)

struct option_spec {
    const char *long_name;
    char short_name;
    bool takes_value;
    unsigned commands;
    enum option_id id;
};

/* Sorted by long name. */
static const struct option_spec option_table[] = {
    {"compress", 'Z', true, CLI_GENERATE, OPT_COMPRESS},
    {"force", 0, false, CLI_INIT, OPT_FORCE},
    {"format", 'f', true, CLI_GENERATE, OPT_FORMAT},
    {"help", 'h', false, FOR_SCHEMA, OPT_HELP},
    {"jobs", 'j', true, CLI_GENERATE, OPT_JOBS},
    {"limit", 'n', true, CLI_PREVIEW, OPT_LIMIT},
    {"locale", 0, true, FOR_SCHEMA, OPT_LOCALE},
    {"output", 'o', true, CLI_GENERATE | CLI_INIT, OPT_OUTPUT},
    {"progress", 0, false, CLI_GENERATE, OPT_PROGRESS},
    {"quiet", 'q', false, CLI_GENERATE, OPT_QUIET},
    {"rows", 0, true, FOR_SCHEMA, OPT_ROWS},
    {"scale", 0, true, FOR_SCHEMA, OPT_SCALE},
    {"schema", 's', true, FOR_SCHEMA, OPT_SCHEMA},
    {"seed", 0, true, CLI_GENERATE | CLI_PREVIEW | CLI_PLAN, OPT_SEED},
    {"table", 0, true, CLI_PREVIEW, OPT_TABLE},
    {"tables", 0, true, FOR_SCHEMA, OPT_TABLES},
    {"template", 't', true, FOR_SCHEMA, OPT_TEMPLATE},
    {"width", 0, true, CLI_PREVIEW, OPT_WIDTH},
};
#define OPTION_COUNT (sizeof(option_table) / sizeof(option_table[0]))

void
cli_options_init(struct cli_options *options, unsigned command,
                 const char *command_name)
{
    memset(options, 0, sizeof(*options));
    options->command = command;
    options->command_name = command_name;
    plan_options_init(&options->plan);
    options->format = "copy";
    options->compression = -1;
    options->limit = 10;
    options->width = 40;
}

void
cli_options_release(struct cli_options *options)
{
    for (size_t i = 0; i < options->override_count; i++)
        free((char *)options->overrides[i].table);
    free(options->overrides);
    options->overrides = NULL;
    options->override_count = 0;
}

/* The option argv[*index] names for this command, or NULL; *value gets its
 * value ("--name=VALUE" or the next argument) and *missing is set when the
 * value is absent. */
static const struct option_spec *
find_option(int argc, char **argv, int *index, unsigned command,
            const char **value, bool *missing)
{
    const char *arg = argv[*index];
    *missing = false;
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        const struct option_spec *spec = &option_table[i];
        if (!(spec->commands & command))
            continue;
        size_t length = strlen(spec->long_name);
        const char *inline_value = NULL;
        bool matched = false;
        if (arg[0] == '-' && arg[1] == '-' &&
            strncmp(arg + 2, spec->long_name, length) == 0) {
            if (arg[2 + length] == '\0') {
                matched = true;
            } else if (arg[2 + length] == '=' && spec->takes_value) {
                matched = true;
                inline_value = arg + 3 + length;
            }
        } else if (spec->short_name && arg[0] == '-' &&
                   arg[1] == spec->short_name) {
            if (arg[2] == '\0') {
                matched = true;
            } else if (spec->takes_value) {
                matched = true; /* -Z0, -j4, -ofile */
                inline_value = arg + 2;
            }
        }
        if (!matched)
            continue;
        if (spec->takes_value) {
            if (inline_value)
                *value = inline_value;
            else if (*index + 1 < argc)
                *value = argv[++*index];
            else
                *missing = true;
        }
        return spec;
    }
    return NULL;
}

static int
unknown_option(const char *command, unsigned command_bit, const char *arg)
{
    if (arg[0] != '-')
        return cli_usage_error(command, "unexpected argument \"%s\"", arg);
    const char *bare = arg[1] == '-' ? arg + 2 : arg + 1;
    char name[64];
    snprintf(name, sizeof(name), "%.*s", (int)strcspn(bare, "="), bare);
    const char *names[OPTION_COUNT];
    for (size_t i = 0; i < OPTION_COUNT; i++)
        names[i] = option_table[i].commands & command_bit
                       ? option_table[i].long_name
                       : NULL;
    const char *near = str_closest(name, names, OPTION_COUNT);
    if (near) {
        fprintf(stderr,
                "datagen: error: unknown option \"%s\"\nhint: did you mean "
                "\"--%s\"?\n",
                arg, near);
        return 2;
    }
    /* an option another command takes */
    for (size_t i = 0; i < OPTION_COUNT; i++)
        if (strcmp(name, option_table[i].long_name) == 0) {
            fprintf(stderr,
                    "datagen: error: %s does not take \"%s\"\nhint: run "
                    "\"datagen %s --help\"\n",
                    command, arg, command);
            return 2;
        }
    return cli_usage_error(command, "unknown option \"%s\"", arg);
}

static int
apply_option(const char *command, const struct option_spec *spec,
             const char *value, struct cli_options *options, bool *help)
{
    switch (spec->id) {
    case OPT_HELP:
        *help = true;
        break;
    case OPT_SCHEMA:
        options->schema_path = value;
        break;
    case OPT_TEMPLATE:
        options->template_name = value;
        break;
    case OPT_FORMAT:
        options->format = value;
        break;
    case OPT_OUTPUT:
        options->output = value;
        break;
    case OPT_LOCALE:
        options->locale = value;
        break;
    case OPT_TABLES:
        options->tables = value;
        break;
    case OPT_TABLE:
        options->table = value;
        break;
    case OPT_FORCE:
        options->force = true;
        break;
    case OPT_LIMIT:
        if (!parse_u64(value, &options->limit) || options->limit > 1000000)
            return cli_usage_error(command,
                                   "--limit takes a number of rows from 0 "
                                   "to 1000000, not \"%s\"",
                                   value);
        break;
    case OPT_WIDTH:
        if (!parse_u64(value, &options->width) || options->width == 1 ||
            options->width > 100000)
            return cli_usage_error(command,
                                   "--width takes a number of characters "
                                   "from 2 to 100000, or 0 for no limit, not "
                                   "\"%s\"",
                                   value);
        break;
    case OPT_SEED:
        if (!parse_u64(value, &options->plan.seed))
            return cli_usage_error(command,
                                   "--seed takes a whole number from 0 to "
                                   "18446744073709551615, not \"%s\"",
                                   value);
        break;
    case OPT_COMPRESS: {
        uint64_t level;
        if (!parse_u64(value, &level) || level > 9)
            return cli_usage_error(command,
                                   "--compress takes a level from 0 to 9, "
                                   "not \"%s\"",
                                   value);
        options->compression = (int)level;
        break;
    }
    case OPT_JOBS: {
        uint64_t jobs;
        if (!parse_u64(value, &jobs) || jobs < 1 || jobs > 1024)
            return cli_usage_error(command,
                                   "--jobs takes a number from 1 to 1024, "
                                   "not \"%s\"",
                                   value);
        options->pipeline.jobs = (unsigned)jobs;
        break;
    }
    case OPT_PROGRESS:
        options->pipeline.progress = PIPELINE_PROGRESS_ON;
        break;
    case OPT_QUIET:
        options->pipeline.progress = PIPELINE_PROGRESS_OFF;
        break;
    case OPT_ROWS: {
        const char *equals = strrchr(value, '=');
        uint64_t rows;
        if (equals == NULL || equals == value ||
            !parse_u64(equals + 1, &rows))
            return cli_usage_error(command,
                                   "--rows takes TABLE=N (for example "
                                   "orders=5000), not \"%s\"",
                                   value);
        options->overrides = xrealloc(options->overrides,
                                      (options->override_count + 1) *
                                          sizeof(*options->overrides));
        options->overrides[options->override_count].table =
            xstrndup(value, (size_t)(equals - value));
        options->overrides[options->override_count].rows = rows;
        options->override_count++;
        break;
    }
    case OPT_SCALE: {
        char *end;
        errno = 0;
        double scale = strtod(value, &end);
        if (errno != 0 || *end != '\0' || end == value || !(scale >= 0) ||
            scale > 1e9)
            return cli_usage_error(command,
                                   "--scale takes a positive number such as "
                                   "0.5 or 10, not \"%s\"",
                                   value);
        options->plan.scale = scale;
        break;
    }
    }
    return 0;
}

int
cli_parse_options(int argc, char **argv, struct cli_options *options,
                  bool *help)
{
    const char *command = options->command_name;
    for (int i = 2; i < argc; i++) {
        const char *value = NULL;
        bool missing;
        const struct option_spec *spec =
            find_option(argc, argv, &i, options->command, &value, &missing);
        if (spec == NULL)
            return unknown_option(command, options->command, argv[i]);
        if (missing)
            return cli_usage_error(command, "option \"%s\" needs a value",
                                   argv[i]);
        int status = apply_option(command, spec, value, options, help);
        if (status != 0 || *help)
            return status;
    }
    if (options->schema_path && options->template_name)
        return cli_usage_error(command,
                               "give either --schema or --template, not %s",
                               "both");
    return 0;
}

const char *
cli_format_count(uint64_t n, char *buffer, size_t size)
{
    char digits[32];
    int length = snprintf(digits, sizeof(digits), "%llu",
                          (unsigned long long)n);
    size_t out = 0;
    for (int i = 0; i < length && out + 2 < size; i++) {
        if (i > 0 && (length - i) % 3 == 0)
            buffer[out++] = ',';
        buffer[out++] = digits[i];
    }
    buffer[out] = '\0';
    return buffer;
}

/* A schema file in the template form: its wrapper is checked here, its
 * "schema" loaded as a schema. Returns 1 when path is not one (the caller
 * loads it as a plain schema file), else 0 or -1 like schema_load_json. */
/* The template wrapper's parameters.fixed_tables default: the names of
 * tables whose row count does not scale. */
static void
read_fixed_tables(const json_t *doc, struct cli_prepared *out)
{
    json_t *fixed = json_object_get(json_object_get(doc, "parameters"),
                                    "fixed_tables");
    json_t *names = json_object_get(fixed, "default");
    if (!json_is_array(names))
        return;
    out->fixed_tables = xcalloc(json_array_size(names) + 1, sizeof(char *));
    size_t i;
    json_t *name;
    json_array_foreach(names, i, name)
    {
        if (json_is_string(name))
            out->fixed_tables[out->fixed_count++] =
                xstrdup(json_string_value(name));
    }
}

static int
load_wrapped_file(const char *path, struct cli_prepared *out,
                  struct diag_list *diags, struct dg_error *err)
{
    struct schema *schema = &out->schema;
    json_error_t json_err;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &json_err);
    if (doc == NULL || !cli_catalog_is_wrapper(doc)) {
        json_decref(doc);
        return 1;
    }
    cli_catalog_check_wrapper(doc, diags);
    read_fixed_tables(doc, out);
    out->wrapper = json_incref(doc);
    json_t *inner = json_object_get(doc, "schema");
    if (!json_is_object(inner)) {
        json_decref(doc);
        memset(schema, 0, sizeof(*schema));
        return dg_fail(err, DG_INVALID, path,
                       "\"schema\" must be an object holding the schema");
    }
    json_incref(inner);
    json_decref(doc);
    return schema_load_json(inner, path, schema, diags, err);
}

/* Loads the schema named by the options. Returns the exit status (0 when
 * out->schema is loaded); prints what went wrong except diags. */
static int
load_schema(const struct cli_options *options, struct cli_prepared *out,
            struct diag_list *diags)
{
    struct dg_error err;
    dg_error_init(&err);
    int rc;
    if (options->schema_path) {
        rc = load_wrapped_file(options->schema_path, out, diags, &err);
        if (rc == 1)
            rc = schema_load_file(options->schema_path, &out->schema, diags,
                                  &err);
    } else {
        const char *name = options->template_name ? options->template_name
                                                  : CLI_DEFAULT_TEMPLATE;
        struct cli_template template_;
        int status = cli_catalog_load(name, &template_);
        if (status != 0)
            return status;
        read_fixed_tables(template_.doc, out);
        out->wrapper = json_incref(template_.doc);
        json_incref(template_.schema);
        char source[280];
        snprintf(source, sizeof(source), "template %s", name);
        rc = schema_load_json(template_.schema, source, &out->schema, diags,
                              &err);
        cli_catalog_release(&template_);
    }
    if (rc != 0) {
        dg_error_print(&err, stderr);
        return dg_status_exit_code(err.status == DG_OK ? DG_INVALID
                                                       : err.status);
    }
    out->have_schema = true;
    return 0;
}

static const char *
selection_verb(unsigned command)
{
    switch (command) {
    case CLI_VALIDATE:
        return "validating";
    case CLI_PREVIEW:
        return "previewing";
    case CLI_PLAN:
        return "planning";
    case CLI_INIT:
        return "writing";
    }
    return "generating";
}

/* Under --scale a fixed table keeps its own count, unless --rows names it:
 * its overrides go to the planner with the user's. */
static void
add_fixed_overrides(struct cli_options *options, struct cli_prepared *out)
{
    size_t count = options->override_count;
    out->overrides =
        xcalloc(count + out->fixed_count + 1, sizeof(*out->overrides));
    if (count > 0)
        memcpy(out->overrides, options->overrides,
               count * sizeof(*out->overrides));
    for (size_t i = 0; options->plan.scale != 1.0 && i < out->fixed_count;
         i++) {
        const struct table *t =
            schema_find_table(&out->schema, out->fixed_tables[i]);
        bool given = false;
        for (size_t k = 0; k < options->override_count; k++)
            given |= strcmp(options->overrides[k].table,
                            out->fixed_tables[i]) == 0;
        if (t == NULL || given)
            continue;
        out->overrides[count].table = t->name;
        out->overrides[count].rows = (uint64_t)t->row_count;
        count++;
    }
    options->plan.overrides = out->overrides;
    options->plan.override_count = count;
}

/* --tables: narrows the schema and says what it added. Returns the exit
 * status. */
static int
select_tables(const struct cli_options *options, struct schema *schema,
              struct diag_list *diags)
{
    struct dg_error err;
    dg_error_init(&err);
    char **names;
    size_t count;
    if (schema_select_parse_list(options->tables, &names, &count, &err) !=
        0) {
        dg_error_print(&err, stderr);
        return 2;
    }
    /* --rows for a table that exists but is left out */
    bool *existed = xcalloc(options->override_count + 1, sizeof(*existed));
    for (size_t i = 0; i < options->override_count; i++)
        existed[i] = schema_find_table(schema, options->overrides[i].table);
    struct schema_selection selection;
    int rc = schema_select_tables(schema, (const char *const *)names, count,
                                  &selection, &err);
    schema_select_free_names(names, count);
    if (rc != 0) {
        free(existed);
        dg_error_print(&err, stderr);
        return 2;
    }
    for (size_t i = 0; i < selection.added_count; i++)
        fprintf(stderr, "datagen: --tables: also %s %s (referenced by %s)\n",
                selection_verb(options->command), selection.added[i].table,
                selection.added[i].referenced_by);
    for (size_t i = 0; i < options->override_count; i++) {
        const char *table = options->overrides[i].table;
        if (!existed[i] || schema_find_table(schema, table))
            continue;
        char hint[320];
        snprintf(hint, sizeof(hint),
                 "add \"%s\" to --tables, or drop --rows %s=...", table,
                 table);
        diag_add(diags, DIAG_ERROR, "--rows", hint,
                 "table \"%s\" is not among the tables --tables selects",
                 table);
    }
    free(existed);
    schema_selection_release(&selection);
    return 0;
}

int
cli_prepare(struct cli_options *options, struct cli_prepared *out,
            bool keep_warnings)
{
    memset(out, 0, sizeof(*out));
    diag_list_init(&out->diags);
    struct diag_list *diags = &out->diags;
    int status = load_schema(options, out, diags);
    if (status != 0) {
        diag_list_print(diags, stderr);
        return status;
    }
    struct schema *schema = &out->schema;
    if (diags->error_count == 0 && options->tables) {
        status = select_tables(options, schema, diags);
        if (status != 0)
            return status;
    }
    if (diags->error_count == 0)
        schema_validate(schema, diags);
    if (diags->error_count == 0) {
        add_fixed_overrides(options, out);
        options->plan.locale = options->locale;
        if (plan_build(schema, &options->plan, &out->plan, diags) == 0)
            out->have_plan = true;
        else
            plan_release(&out->plan);
    }
    if (diags->error_count > 0 || !keep_warnings)
        diag_list_print(diags, stderr);
    if (diags->error_count > 0) {
        fprintf(stderr, "datagen: %s: %zu error%s, %zu warning%s\n",
                schema->source ? schema->source : "schema",
                diags->error_count, diags->error_count == 1 ? "" : "s",
                diags->warning_count, diags->warning_count == 1 ? "" : "s");
        status = 2;
    }
    return status;
}

int
cli_finish_stdout(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    fputs("datagen: error: cannot write to standard output\n", stderr);
    return 1;
}

void
cli_prepared_release(struct cli_prepared *prepared)
{
    if (prepared->have_plan)
        plan_release(&prepared->plan);
    if (prepared->have_schema)
        schema_release(&prepared->schema);
    for (size_t i = 0; i < prepared->fixed_count; i++)
        free(prepared->fixed_tables[i]);
    free(prepared->fixed_tables);
    free(prepared->overrides);
    json_decref(prepared->wrapper);
    diag_list_release(&prepared->diags);
    memset(prepared, 0, sizeof(*prepared));
}

int
cli_start_command(int argc, char **argv, unsigned command, const char *name,
              struct cli_options *options)
{
    cli_options_init(options, command, name);
    bool help = false;
    int status = cli_parse_options(argc, argv, options, &help);
    if (status == 0 && help)
        status = print_usage(command);
    else if (status == 0)
        return -1;
    cli_options_release(options);
    return status;
}

static int
run_validate(int argc, char **argv)
{
    struct cli_options options;
    int status = cli_start_command(argc, argv, CLI_VALIDATE, "validate",
                               &options);
    if (status >= 0)
        return status;
    if (!options.schema_path && !options.template_name) {
        cli_options_release(&options);
        return cli_usage_error("validate", "validate needs %s",
                               "--schema FILE or --template NAME");
    }
    struct cli_prepared prepared;
    status = cli_prepare(&options, &prepared, false);
    if (status == 0) {
        const struct plan *plan = &prepared.plan;
        uint64_t rows = 0;
        for (size_t i = 0; i < plan->table_count; i++)
            rows += plan->tables[i].row_count;
        printf("%s: valid: %zu table%s, %llu rows\n", prepared.schema.source,
               plan->table_count, plan->table_count == 1 ? "" : "s",
               (unsigned long long)rows);
    }
    cli_prepared_release(&prepared);
    cli_options_release(&options);
    return status;
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org) when set, else a fixed
 * date: the bytes of a dump never depend on the clock. */
static int
archive_timestamp(int64_t *out, struct dg_error *err)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    uint64_t seconds;
    if (epoch == NULL || *epoch == '\0') {
        *out = DEFAULT_TIMESTAMP;
        return 0;
    }
    if (!parse_u64(epoch, &seconds) || seconds > INT64_C(253402300799))
        return dg_fail(err, DG_USAGE, NULL,
                       "SOURCE_DATE_EPOCH must be a number of seconds "
                       "since 1970, not \"%s\"",
                       epoch);
    *out = (int64_t)seconds;
    return 0;
}

static int
run_generate(int argc, char **argv)
{
    struct cli_options options;
    int status =
        cli_start_command(argc, argv, CLI_GENERATE, "generate", &options);
    if (status >= 0)
        return status;
    const struct writer_format *format = writer_find(options.format);
    if (format == NULL) {
        size_t count = 0;
        while (writer_format_names[count])
            count++;
        const char *near =
            str_closest(options.format, writer_format_names, count);
        fprintf(stderr,
                "datagen: error: unknown format \"%s\"\nhint: %s%s%s\n",
                options.format, near ? "did you mean \"" : "",
                near ? near
                     : "the formats are copy, sql, custom and directory",
                near ? "\"?" : "");
        status = 2;
    }
    if (status < 0 && format->writes_directory &&
        (options.output == NULL || strcmp(options.output, "-") == 0))
        status = cli_usage_error("generate",
                                 "the %s format writes a directory: give it "
                                 "with --output DIR",
                                 format->name);
    if (status < 0 && options.compression >= 0 && !format->compressible)
        status = cli_usage_error("generate",
                                 "--compress applies to the custom and "
                                 "directory formats, not \"%s\"",
                                 format->name);
    if (status >= 0) {
        cli_options_release(&options);
        return status;
    }
    struct cli_prepared prepared;
    status = cli_prepare(&options, &prepared, false);
    if (status == 0) {
        const struct plan *plan = &prepared.plan;
        struct writer_options writer_options = {
            .compression = options.compression >= 0
                               ? options.compression
                               : WRITER_DEFAULT_COMPRESSION,
            .path = options.output,
        };
        struct dg_error err;
        dg_error_init(&err);
        if (archive_timestamp(&writer_options.timestamp, &err) != 0) {
            dg_error_print(&err, stderr);
            status = dg_status_exit_code(err.status);
        } else if (format->writes_directory) {
            if (pipeline_run(plan, format, &writer_options, NULL,
                             &options.pipeline, &err) != 0) {
                dg_error_print(&err, stderr);
                status = dg_status_exit_code(err.status);
            }
        } else {
            /* sink_finish() frees the sink even when it fails, so only a
             * failure before it leaves one to abort. */
            struct sink *sink = NULL;
            int rc = sink_open(&sink, options.output, &err);
            if (rc == 0 && pipeline_run(plan, format, &writer_options, sink,
                                        &options.pipeline, &err) != 0) {
                sink_abort(sink);
                rc = -1;
            }
            if (rc == 0)
                rc = sink_finish(sink, &err);
            if (rc != 0) {
                dg_error_print(&err, stderr);
                status = dg_status_exit_code(err.status);
            }
        }
    }
    cli_prepared_release(&prepared);
    cli_options_release(&options);
    return status;
}

/* `datagen generators --json`: the registry for programs (the integration
 * test builds one table per generator from it). "types" lists the built-in
 * base types a generator accepts; enums, composites and domains are the
 * schema's own, so they are left out. */
static int
print_generators_json(void)
{
    static const char *const key_types[] = {
        [GEN_KEY_INT] = "integer",       [GEN_KEY_NUMBER] = "number",
        [GEN_KEY_FRACTION] = "fraction", [GEN_KEY_STRING] = "string",
        [GEN_KEY_BOOL] = "boolean",      [GEN_KEY_LIST] = "array",
        [GEN_KEY_SCALAR] = "scalar",     [GEN_KEY_ANY] = "any",
    };
    json_t *list = json_array();
    for (size_t i = 0; i < gen_kind_count(); i++) {
        const struct gen_kind *kind = gen_kind_at(i);
        json_t *types = json_array();
        struct pg_type type = {.length = -1, .precision = -1};
        for (int b = 0; b < PG_BASE_COUNT; b++) {
            if (b == PG_ENUM || b == PG_COMPOSITE || b == PG_DOMAIN)
                continue;
            type.base = (enum pg_base)b;
            if (gen_kind_accepts(kind, &type))
                json_array_append_new(types,
                                      json_string(pgtype_base_name(type.base)));
        }
        type.base = PG_INTEGER;
        type.array_dims = 1;
        bool arrays = gen_kind_accepts(kind, &type);
        json_t *keys = json_array();
        for (const struct gen_key *key = kind->keys; key && key->name; key++)
            json_array_append_new(
                keys,
                json_pack("{s:s, s:s, s:s?, s:s?}", "name", key->name, "type",
                          key_types[key->type], "default", key->default_text,
                          "description", key->description));
        if (kind->keys == NULL && kind->config_keys)
            for (const char *const *key = kind->config_keys; *key; key++)
                json_array_append_new(
                    keys, json_pack("{s:s, s:s, s:n, s:n}", "name", *key,
                                    "type", "any", "default", "description"));
        json_array_append_new(list, json_pack("{s:s, s:s?, s:o, s:b, s:o}",
                                              "name", kind->name, "description",
                                              kind->description, "types", types,
                                              "arrays", arrays, "keys", keys));
    }
    char *text = json_dumps(list, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(list);
    if (text == NULL) {
        fputs("datagen: error: cannot format the generator list\n", stderr);
        return 1;
    }
    puts(text);
    free(text);
    return fflush(stdout) == 0 ? 0 : 1;
}

static int
run_generators(int argc, char **argv)
{
    if (argc > 2 &&
        (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
        fputs("usage: datagen generators [--markdown | --json]\n\nList every "
              "generator a column can name in \"generator\": what it makes,\n"
              "the column types it can fill and its generator_config keys "
              "with their\ndefaults (every generator also takes "
              "null_fraction). --markdown prints\nthe same as the README's "
              "table. --json prints an array of objects\n{\"name\", "
              "\"description\", \"types\": [the base types it fills, as "
              "PostgreSQL\nnames them], \"arrays\": whether it fills arrays, "
              "\"keys\": [{\"name\", \"type\",\n\"default\", "
              "\"description\"}]}.\n",
              stdout);
        return 0;
    }
    bool markdown = argc > 2 && strcmp(argv[2], "--markdown") == 0;
    bool as_json = argc > 2 && strcmp(argv[2], "--json") == 0;
    int first_unused = 2 + (markdown || as_json ? 1 : 0);
    if (argc > first_unused)
        return cli_usage_error("generators", "unexpected argument \"%s\"",
                           argv[first_unused]);
    if (as_json)
        return print_generators_json();
    if (markdown)
        fputs("| generator | what it produces | column types | "
              "`generator_config` keys (default) |\n|---|---|---|---|\n",
              stdout);
    for (size_t i = 0; i < gen_kind_count(); i++) {
        const struct gen_kind *kind = gen_kind_at(i);
        char types[1024];
        gen_kind_types_text(kind, types, sizeof(types));
        if (!markdown) {
            printf("%-16s %s\n%-16s types: %s\n", kind->name, kind->description,
                   "", types);
            for (const struct gen_key *key = kind->keys; key && key->name;
                 key++) {
                printf("%-16s %s (%s", "", key->name,
                       gen_key_type_name(key->type));
                if (key->default_text)
                    printf("; default %s", key->default_text);
                printf("): %s\n", key->description);
            }
            if (kind->keys == NULL && kind->config_keys &&
                kind->config_keys[0]) {
                printf("%-16s keys:", "");
                for (const char *const *key = kind->config_keys; *key; key++)
                    printf(" %s", *key);
                putchar('\n');
            }
            continue;
        }
        /* a table row: '|' in a cell would end it */
        const char *cells[3] = {kind->description, types, NULL};
        printf("| `%s` |", kind->name);
        for (int c = 0; c < 2; c++) {
            putchar(' ');
            for (const char *p = cells[c]; *p; p++) {
                if (*p == '|')
                    putchar('\\');
                putchar(*p);
            }
            fputs(" |", stdout);
        }
        const char *sep = " ";
        for (const struct gen_key *key = kind->keys; key && key->name; key++) {
            printf("%s`%s`", sep, key->name);
            if (key->default_text) {
                fputs(" (", stdout);
                for (const char *p = key->default_text; *p; p++) {
                    if (*p == '|')
                        putchar('\\');
                    putchar(*p);
                }
                putchar(')');
            }
            sep = ", ";
        }
        if (kind->keys == NULL && kind->config_keys)
            for (const char *const *key = kind->config_keys; *key; key++) {
                printf("%s`%s`", sep, *key);
                sep = ", ";
            }
        fputs(" |\n", stdout);
    }
    return 0;
}

int
cli_main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return 2;
    }
    const char *command = argv[1];
    if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0 ||
        strcmp(command, "help") == 0) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(command, "-V") == 0 || strcmp(command, "--version") == 0) {
        printf("datagen %s\n", DATAGEN_VERSION);
        return 0;
    }
    static const struct {
        const char *name;
        int (*run)(int argc, char **argv);
    } commands[] = {
        {"generate", run_generate},
        {"validate", run_validate},
        {"preview", cli_preview_run},
        {"plan", cli_plan_run},
        {"templates", cli_catalog_run},
        {"init", cli_init_run},
        {"generators", run_generators},
        {"json-schema", cli_jsonschema_run},
    };
    const size_t count = sizeof(commands) / sizeof(commands[0]);
    const char *names[sizeof(commands) / sizeof(commands[0]) + 1];
    for (size_t i = 0; i < count; i++) {
        if (strcmp(command, commands[i].name) == 0)
            return commands[i].run(argc, argv);
        names[i] = commands[i].name;
    }
    names[count] = "help";
    const char *near = str_closest(command, names, count + 1);
    fprintf(stderr, "datagen: error: unknown command \"%s\"\n", command);
    if (near)
        fprintf(stderr, "hint: did you mean \"%s\"?\n", near);
    else
        fprintf(stderr, "hint: run \"datagen --help\"\n");
    return 2;
}
