#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli_internal.h"
#include "cli/cli_json.h"
#include "core/buf.h"
#include "io/sink.h"

/* The schema document as the file should hold it: "$schema" first, only
 * the selected tables, the planned row counts where they differ from the
 * document's, and --locale as database.locale; a template keeps its form
 * (name, description, category, parameters around the schema), so that
 * what its parameters say (fixed_tables under --scale) still holds when
 * the file is generated from. Returns a new reference. */
static json_t *
build_document(const struct cli_options *options,
               const struct cli_prepared *prepared)
{
    const struct schema *schema = &prepared->schema;
    json_t *source = json_deep_copy(schema->json);
    json_t *tables = json_object_get(source, "tables");
    json_t *kept = json_object();
    const char *key;
    json_t *value;
    json_object_foreach(tables, key, value)
    {
        const struct table *table = schema_find_table(schema, key);
        if (table == NULL)
            continue; /* left out by --tables */
        const struct plan_table *planned =
            plan_find_table(&prepared->plan, key);
        if (planned && json_is_object(value) &&
            (table->row_count < 0 ||
             (uint64_t)table->row_count != planned->row_count))
            json_object_set_new(value, "row_count",
                                json_integer((json_int_t)planned->row_count));
        json_object_set(kept, key, value);
    }
    json_t *document = json_object();
    json_object_set_new(document, "$schema",
                        json_string(CLI_JSON_SCHEMA_ID));
    bool have_database = json_object_get(source, "database") != NULL;
    json_object_foreach(source, key, value)
    {
        if (strcmp(key, "$schema") == 0)
            continue;
        if (strcmp(key, "tables") == 0)
            value = kept;
        if (strcmp(key, "database") == 0 && options->locale &&
            json_is_object(value))
            json_object_set_new(value, "locale", json_string(options->locale));
        json_object_set(document, key, value);
        if (strcmp(key, "version") == 0 && !have_database && options->locale)
            json_object_set_new(document, "database",
                                json_pack("{s:s}", "locale", options->locale));
    }
    if (json_object_get(document, "database") == NULL && options->locale)
        json_object_set_new(document, "database",
                            json_pack("{s:s}", "locale", options->locale));
    json_decref(kept);
    json_decref(source);
    if (prepared->wrapper == NULL)
        return document;
    json_t *wrapped = json_object();
    json_object_set_new(wrapped, "$schema", json_string(CLI_JSON_SCHEMA_ID));
    json_object_del(document, "$schema");
    json_object_foreach(prepared->wrapper, key, value)
    {
        if (strcmp(key, "$schema") == 0)
            continue;
        json_object_set(wrapped, key,
                        strcmp(key, "schema") == 0 ? document : value);
    }
    json_decref(document);
    return wrapped;
}

static int
write_text(const char *path, const struct buf *text)
{
    struct dg_error err;
    dg_error_init(&err);
    struct sink *sink = NULL;
    int rc = sink_open(&sink, path, &err);
    if (rc == 0 && sink_write(sink, text->data, text->len, &err) != 0) {
        sink_abort(sink);
        rc = -1;
    } else if (rc == 0) {
        rc = sink_finish(sink, &err);
    }
    if (rc != 0) {
        dg_error_print(&err, stderr);
        return dg_status_exit_code(err.status);
    }
    return 0;
}

int
cli_init_run(int argc, char **argv)
{
    struct cli_options options;
    int status = cli_start_command(argc, argv, CLI_INIT, "init", &options);
    if (status >= 0)
        return status;
    const char *output = options.output;
    if (output && strcmp(output, "-") == 0)
        output = NULL;
    struct stat st;
    if (output && !options.force && stat(output, &st) == 0) {
        fprintf(stderr,
                "datagen: error: --output: \"%s\" already exists\nhint: give "
                "--force to replace it, or another --output\n",
                output);
        cli_options_release(&options);
        return 2;
    }
    if (output && stat(output, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr,
                "datagen: error: --output: \"%s\" is a directory\nhint: give "
                "a file name such as %s/schema.json\n",
                output, output);
        cli_options_release(&options);
        return 2;
    }
    struct cli_prepared prepared;
    status = cli_prepare(&options, &prepared, false);
    if (status == 0) {
        json_t *document = build_document(&options, &prepared);
        struct buf text;
        buf_init(&text, 64 * 1024);
        cli_json_write(&text, document);
        json_decref(document);
        status = write_text(output, &text);
        buf_release(&text);
        if (status == 0 && output)
            fprintf(stderr,
                    "datagen: wrote %s (%zu table%s); generate with: datagen "
                    "generate --schema %s\n",
                    output, prepared.schema.table_count,
                    prepared.schema.table_count == 1 ? "" : "s", output);
    }
    cli_prepared_release(&prepared);
    cli_options_release(&options);
    return status;
}
