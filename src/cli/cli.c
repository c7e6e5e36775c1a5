#include "cli/cli.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "core/error.h"
#include "core/strutil.h"
#include "core/xalloc.h"
#include "gen/gen.h"
#include "io/sink.h"
#include "pipeline/pipeline.h"
#include "plan/plan.h"
#include "schema/schema.h"
#include "writer/writer.h"

#define DEFAULT_TEMPLATE "ecommerce"
/* The creation time written into archives when SOURCE_DATE_EPOCH is not
 * set: fixed, so the same command gives the same bytes (2025-01-01 UTC). */
#define DEFAULT_TIMESTAMP INT64_C(1735689600)

struct cli_options {
    const char *schema_path;
    const char *template_name;
    const char *format;
    const char *output;
    const char *locale;
    struct plan_options plan;
    struct pipeline_options pipeline;
    int compression; /* -1: the format's default */
    struct plan_row_override *overrides;
    size_t override_count;
};

static const char usage_main[] =
    "usage: datagen COMMAND [OPTIONS]\n"
    "\n"
    "Generate realistic PostgreSQL dumps from a JSON schema or a template.\n"
    "\n"
    "Commands:\n"
    "  generate   write a dump of generated data\n"
    "  validate   check a schema file and report every problem\n"
    "  generators list the generators and their generator_config keys\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help (datagen COMMAND --help for a command)\n"
    "  -V, --version  show the version\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure (I/O), 2 bad usage or an\n"
    "invalid schema.\n";

static const char usage_generate[] =
    "usage: datagen generate (--schema FILE | --template NAME) [OPTIONS]\n"
    "\n"
    "Write a PostgreSQL dump of generated data.\n"
    "\n"
    "  -s, --schema FILE      the JSON schema to generate\n"
    "  -t, --template NAME    a built-in template instead (default: "
    DEFAULT_TEMPLATE ")\n"
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
    "      --rows TABLE=N     row count of one table (repeatable)\n"
    "      --scale F          multiply every row count by F\n"
    "      --locale L         data locale (default: database.locale)\n"
    "      --progress         show progress on standard error (default:\n"
    "                         when it is a terminal)\n"
    "  -q, --quiet            show no progress\n"
    "  -h, --help             show this help\n";

static const char usage_validate[] =
    "usage: datagen validate (--schema FILE | --template NAME)\n"
    "\n"
    "Check a schema and report every error and warning at once, each with\n"
    "its JSON path. Exit status 0 when valid, 2 when not.\n"
    "\n"
    "  -s, --schema FILE      the JSON schema to check\n"
    "  -t, --template NAME    a built-in template instead\n"
    "      --rows TABLE=N     check with this row count (repeatable)\n"
    "      --scale F          check with every row count multiplied by F\n"
    "  -h, --help             show this help\n";

static int
usage_error(const char *command, const char *fmt, const char *detail)
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
};

#define FOR_GENERATE 1u
#define FOR_VALIDATE 2u

struct option_spec {
    const char *long_name;
    char short_name;
    bool takes_value;
    unsigned commands;
    enum option_id id;
};

/* Sorted by long name. */
static const struct option_spec option_table[] = {
    {"compress", 'Z', true, FOR_GENERATE, OPT_COMPRESS},
    {"format", 'f', true, FOR_GENERATE, OPT_FORMAT},
    {"help", 'h', false, FOR_GENERATE | FOR_VALIDATE, OPT_HELP},
    {"jobs", 'j', true, FOR_GENERATE, OPT_JOBS},
    {"locale", 0, true, FOR_GENERATE, OPT_LOCALE},
    {"output", 'o', true, FOR_GENERATE, OPT_OUTPUT},
    {"progress", 0, false, FOR_GENERATE, OPT_PROGRESS},
    {"quiet", 'q', false, FOR_GENERATE, OPT_QUIET},
    {"rows", 0, true, FOR_GENERATE | FOR_VALIDATE, OPT_ROWS},
    {"scale", 0, true, FOR_GENERATE | FOR_VALIDATE, OPT_SCALE},
    {"schema", 's', true, FOR_GENERATE | FOR_VALIDATE, OPT_SCHEMA},
    {"seed", 0, true, FOR_GENERATE, OPT_SEED},
    {"template", 't', true, FOR_GENERATE | FOR_VALIDATE, OPT_TEMPLATE},
};
#define OPTION_COUNT (sizeof(option_table) / sizeof(option_table[0]))

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
        return usage_error(command, "unexpected argument \"%s\"", arg);
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
    return usage_error(command, "unknown option \"%s\"", arg);
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
    case OPT_SEED:
        if (!parse_u64(value, &options->plan.seed))
            return usage_error(command,
                               "--seed takes a whole number from 0 to "
                               "18446744073709551615, not \"%s\"",
                               value);
        break;
    case OPT_COMPRESS: {
        uint64_t level;
        if (!parse_u64(value, &level) || level > 9)
            return usage_error(command,
                               "--compress takes a level from 0 to 9, not "
                               "\"%s\"",
                               value);
        options->compression = (int)level;
        break;
    }
    case OPT_JOBS: {
        uint64_t jobs;
        if (!parse_u64(value, &jobs) || jobs < 1 || jobs > 1024)
            return usage_error(command,
                               "--jobs takes a number from 1 to 1024, not "
                               "\"%s\"",
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
        if (equals == NULL || equals == value || !parse_u64(equals + 1, &rows))
            return usage_error(command,
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
            return usage_error(command,
                               "--scale takes a positive number such as 0.5 "
                               "or 10, not \"%s\"",
                               value);
        options->plan.scale = scale;
        break;
    }
    }
    return 0;
}

static int
parse_options(const char *command, int argc, char **argv,
              struct cli_options *options, bool *help)
{
    unsigned bit =
        strcmp(command, "generate") == 0 ? FOR_GENERATE : FOR_VALIDATE;
    for (int i = 2; i < argc; i++) {
        const char *value = NULL;
        bool missing;
        const struct option_spec *spec =
            find_option(argc, argv, &i, bit, &value, &missing);
        if (spec == NULL)
            return unknown_option(command, bit, argv[i]);
        if (missing)
            return usage_error(command, "option \"%s\" needs a value",
                               argv[i]);
        int status = apply_option(command, spec, value, options, help);
        if (status != 0 || *help)
            return status;
    }
    return 0;
}

static void
list_templates(FILE *out)
{
    for (size_t i = 0; i < embedded_file_count; i++) {
        const char *name = embedded_files[i].name;
        if (strncmp(name, "templates/", 10) == 0)
            fprintf(out, " %.*s", (int)(strlen(name) - 15), name + 10);
    }
}

/* Loads the schema named by the options; prints what went wrong. */
static int
load_schema(const struct cli_options *options, struct schema *schema,
            struct diag_list *diags)
{
    struct dg_error err;
    dg_error_init(&err);
    int rc;
    if (options->schema_path) {
        rc = schema_load_file(options->schema_path, schema, diags, &err);
    } else {
        const char *name =
            options->template_name ? options->template_name : DEFAULT_TEMPLATE;
        char path[256];
        snprintf(path, sizeof(path), "templates/%s.json", name);
        const struct embedded_file *file = embedded_find(path);
        if (file == NULL) {
            fprintf(stderr, "datagen: error: unknown template \"%s\"\n", name);
            fprintf(stderr, "hint: the templates are:");
            list_templates(stderr);
            fputc('\n', stderr);
            return -1;
        }
        json_error_t json_err;
        json_t *document = json_loadb(file->data, file->size,
                                      JSON_REJECT_DUPLICATES, &json_err);
        json_t *schema_json = document ? json_object_get(document, "schema")
                                       : NULL;
        if (schema_json == NULL) {
            fprintf(stderr,
                    "datagen: error: template \"%s\" is damaged: %s\n", name,
                    document ? "no \"schema\" key" : json_err.text);
            json_decref(document);
            return -1;
        }
        json_incref(schema_json);
        json_decref(document);
        char source[280];
        snprintf(source, sizeof(source), "template %s", name);
        rc = schema_load_json(schema_json, source, schema, diags, &err);
    }
    if (rc != 0) {
        dg_error_print(&err, stderr);
        return err.status == DG_IO ? -2 : -1;
    }
    return 0;
}

static void
release_options(struct cli_options *options)
{
    for (size_t i = 0; i < options->override_count; i++)
        free((char *)options->overrides[i].table);
    free(options->overrides);
}

/* load -> validate -> plan; prints diagnostics. Returns the exit status
 * (0 when the plan is ready). */
static int
prepare(const char *command, struct cli_options *options,
        struct schema *schema, struct plan *plan, bool *have_schema,
        bool *have_plan)
{
    *have_schema = *have_plan = false;
    if (options->schema_path && options->template_name)
        return usage_error(command,
                           "give either --schema or --template, not %s",
                           "both");
    struct diag_list diags;
    diag_list_init(&diags);
    int status = 0;
    int rc = load_schema(options, schema, &diags);
    if (rc != 0) {
        diag_list_print(&diags, stderr);
        diag_list_release(&diags);
        return rc == -2 ? 1 : 2;
    }
    *have_schema = true;
    if (diags.error_count == 0)
        schema_validate(schema, &diags);
    if (diags.error_count == 0) {
        options->plan.overrides = options->overrides;
        options->plan.override_count = options->override_count;
        options->plan.locale = options->locale;
        if (plan_build(schema, &options->plan, plan, &diags) == 0)
            *have_plan = true;
        else
            plan_release(plan);
    }
    diag_list_print(&diags, stderr);
    if (diags.error_count > 0) {
        fprintf(stderr, "datagen: %s: %zu error%s, %zu warning%s\n",
                schema->source ? schema->source : "schema", diags.error_count,
                diags.error_count == 1 ? "" : "s", diags.warning_count,
                diags.warning_count == 1 ? "" : "s");
        status = 2;
    }
    diag_list_release(&diags);
    return status;
}

static int
run_validate(int argc, char **argv)
{
    struct cli_options options;
    memset(&options, 0, sizeof(options));
    plan_options_init(&options.plan);
    bool help = false;
    int status = parse_options("validate", argc, argv, &options, &help);
    if (status == 0 && help) {
        fputs(usage_validate, stdout);
        release_options(&options);
        return 0;
    }
    if (status == 0 && !options.schema_path && !options.template_name)
        status = usage_error("validate", "validate needs %s",
                             "--schema FILE or --template NAME");
    if (status != 0) {
        release_options(&options);
        return status;
    }
    struct schema schema;
    struct plan plan;
    bool have_schema, have_plan;
    status = prepare("validate", &options, &schema, &plan, &have_schema,
                     &have_plan);
    if (status == 0) {
        uint64_t rows = 0;
        for (size_t i = 0; i < plan.table_count; i++)
            rows += plan.tables[i].row_count;
        printf("%s: valid: %zu table%s, %llu rows\n", schema.source,
               plan.table_count, plan.table_count == 1 ? "" : "s",
               (unsigned long long)rows);
    }
    if (have_plan)
        plan_release(&plan);
    if (have_schema)
        schema_release(&schema);
    release_options(&options);
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
    memset(&options, 0, sizeof(options));
    plan_options_init(&options.plan);
    options.format = "copy";
    options.compression = -1;
    bool help = false;
    int status = parse_options("generate", argc, argv, &options, &help);
    if (status == 0 && help) {
        fputs(usage_generate, stdout);
        release_options(&options);
        return 0;
    }
    const struct writer_format *format = NULL;
    if (status == 0) {
        format = writer_find(options.format);
        if (format == NULL) {
            size_t count = 0;
            while (writer_format_names[count])
                count++;
            const char *near =
                str_closest(options.format, writer_format_names, count);
            fprintf(stderr,
                    "datagen: error: unknown format \"%s\"\nhint: %s%s%s\n",
                    options.format, near ? "did you mean \"" : "",
                    near ? near : "the formats are copy, sql, custom and "
                                  "directory",
                    near ? "\"?" : "");
            status = 2;
        }
    }
    if (status == 0 && format->writes_directory &&
        (options.output == NULL || strcmp(options.output, "-") == 0))
        status = usage_error("generate",
                             "the %s format writes a directory: give it "
                             "with --output DIR",
                             format->name);
    if (status == 0 && options.compression >= 0 && !format->compressible)
        status = usage_error("generate",
                             "--compress applies to the custom and "
                             "directory formats, not \"%s\"",
                             format->name);
    if (status != 0) {
        release_options(&options);
        return status;
    }
    struct schema schema;
    struct plan plan;
    bool have_schema, have_plan;
    status = prepare("generate", &options, &schema, &plan, &have_schema,
                     &have_plan);
    if (status == 0) {
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
            if (pipeline_run(&plan, format, &writer_options, NULL,
                             &options.pipeline, &err) != 0) {
                dg_error_print(&err, stderr);
                status = dg_status_exit_code(err.status);
            }
        } else {
            /* sink_finish() frees the sink even when it fails, so only a
             * failure before it leaves one to abort. */
            struct sink *sink = NULL;
            int rc = sink_open(&sink, options.output, &err);
            if (rc == 0 && pipeline_run(&plan, format, &writer_options, sink,
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
    if (have_plan)
        plan_release(&plan);
    if (have_schema)
        schema_release(&schema);
    release_options(&options);
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
        return usage_error("generators", "unexpected argument \"%s\"",
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
    if (strcmp(command, "generate") == 0)
        return run_generate(argc, argv);
    if (strcmp(command, "validate") == 0)
        return run_validate(argc, argv);
    if (strcmp(command, "generators") == 0)
        return run_generators(argc, argv);
    static const char *const commands[] = {"generate", "validate",
                                           "generators", "help"};
    const char *near = str_closest(command, commands, 4);
    fprintf(stderr, "datagen: error: unknown command \"%s\"\n", command);
    if (near)
        fprintf(stderr, "hint: did you mean \"%s\"?\n", near);
    else
        fprintf(stderr, "hint: run \"datagen --help\"\n");
    return 2;
}
