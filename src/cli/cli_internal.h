/*
 * cli_internal: what the command files of the command line share: the
 * parsed options, option parsing, and prepare(), which turns the options
 * into a loaded, narrowed (--tables), validated and planned schema the way
 * every command that reads a schema does, so `generate`, `preview`, `plan`
 * and `init` all see the same rows.
 */
#ifndef DG_CLI_CLI_INTERNAL_H
#define DG_CLI_CLI_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "pipeline/pipeline.h"
#include "plan/plan.h"
#include "schema/schema.h"

#define CLI_DEFAULT_TEMPLATE "ecommerce"
/* The identifier of the JSON Schema of the input format: the "$id" of
 * `datagen json-schema` and the "$schema" that `init` writes. An identifier,
 * not a download location: the file is schema/datagen.schema.json. */
#define CLI_JSON_SCHEMA_ID                                                     \
    "https://datagen.example/schema/1.0/datagen.schema.json"

/* The commands that take options, one bit each. */
#define CLI_GENERATE 1u
#define CLI_VALIDATE 2u
#define CLI_PREVIEW  4u
#define CLI_PLAN     8u
#define CLI_INIT     16u

struct cli_options {
    unsigned command; /* one CLI_* bit */
    const char *command_name;
    const char *schema_path;
    const char *template_name;
    const char *format;
    const char *output;
    const char *locale;
    const char *tables;     /* --tables A,B as given */
    const char *table;      /* preview --table */
    uint64_t limit;         /* preview --limit */
    uint64_t width;         /* preview --width: 0 means no limit */
    bool force;             /* init --force */
    struct plan_options plan;
    struct pipeline_options pipeline;
    int compression; /* -1: the format's default */
    struct plan_row_override *overrides;
    size_t override_count;
};

/* Defaults for the command (a CLI_* bit). */
void cli_options_init(struct cli_options *options, unsigned command,
                      const char *command_name);
void cli_options_release(struct cli_options *options);

/* Parses argv[2..argc); prints the problem and returns 2 on bad usage.
 * *help is set by --help (parsing stops there). */
int cli_parse_options(int argc, char **argv, struct cli_options *options,
                      bool *help);

/* Initialises options for the command, parses argv and prints --help.
 * Returns -1 when the command is to go on (options then need
 * cli_options_release()), else the exit status (options released). */
int cli_start_command(int argc, char **argv, unsigned command,
                      const char *name, struct cli_options *options);

/* Prints "datagen: error: MESSAGE" (fmt takes one %s: detail) and a hint
 * naming the command's --help; returns 2. */
int cli_usage_error(const char *command, const char *fmt, const char *detail);

/* The result of cli_prepare(). */
struct cli_prepared {
    struct schema schema;
    struct plan plan;
    bool have_schema, have_plan;
    struct diag_list diags; /* warnings kept when not printed */
    /* a template's parameters.fixed_tables: tables --scale leaves alone
     * (TPC-H's nation and region) */
    char **fixed_tables;
    size_t fixed_count;
    /* --rows plus a fixed table's own count when --scale is given */
    struct plan_row_override *overrides;
    /* the template form's document around the schema (name, description,
     * category, parameters), or NULL for a plain schema file */
    json_t *wrapper;
};

/* Loads the schema (--schema or --template, default the default template),
 * applies --tables (saying on stderr which tables it added), validates and
 * plans. Errors go to stderr; warnings too unless keep_warnings, in which
 * case they stay in out->diags for the caller to show. Returns the exit
 * status: 0 when out->plan is ready. Always call cli_prepared_release(). */
int cli_prepare(struct cli_options *options, struct cli_prepared *out,
                bool keep_warnings);

/* Flushes standard output; 0, or 1 (the exit status) after saying that it
 * could not be written. */
int cli_finish_stdout(void);
void cli_prepared_release(struct cli_prepared *prepared);

/* Formats n with thousands separators ("29,540") into buffer. */
const char *cli_format_count(uint64_t n, char *buffer, size_t size);

/* The commands. Each returns the exit status. */
int cli_catalog_run(int argc, char **argv);      /* templates [show NAME] */
int cli_init_run(int argc, char **argv);         /* init */
int cli_preview_run(int argc, char **argv);      /* preview */
int cli_plan_run(int argc, char **argv);         /* plan */
int cli_jsonschema_run(int argc, char **argv);   /* json-schema */

#endif
