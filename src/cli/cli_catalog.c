#include "cli/cli_catalog.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_internal.h"
#include "cli/cli_json.h"
#include "cli/cli_text.h"
#include "core/buf.h"
#include "core/embedded.h"
#include "core/strutil.h"
#include "core/xalloc.h"
#include "plan/plan.h"
#include "schema/schema.h"

#define PREFIX "templates/"
#define SUFFIX ".json"

/* Whether the embedded file is a top-level template; *length gets the
 * length of its name. */
static bool
template_file(const struct embedded_file *file, size_t *length)
{
    size_t prefix = strlen(PREFIX), suffix = strlen(SUFFIX);
    size_t size = strlen(file->name);
    if (size <= prefix + suffix || strncmp(file->name, PREFIX, prefix) != 0 ||
        strcmp(file->name + size - suffix, SUFFIX) != 0)
        return false;
    *length = size - prefix - suffix;
    return memchr(file->name + prefix, '/', *length) == NULL;
}

static int
compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The sorted names, built once (the embedded list never changes). */
static const char *const *
names(size_t *count)
{
    static char **list;
    static size_t list_count;
    if (list == NULL) {
        list = xcalloc(embedded_file_count + 1, sizeof(*list));
        for (size_t i = 0; i < embedded_file_count; i++) {
            size_t length;
            if (template_file(&embedded_files[i], &length))
                list[list_count++] = xstrndup(
                    embedded_files[i].name + strlen(PREFIX), length);
        }
        qsort(list, list_count, sizeof(*list), compare_names);
    }
    *count = list_count;
    return (const char *const *)list;
}

size_t
cli_catalog_count(void)
{
    size_t count;
    names(&count);
    return count;
}

const char *
cli_catalog_name(size_t index)
{
    size_t count;
    const char *const *list = names(&count);
    return index < count ? list[index] : NULL;
}

static const char *
member_text(const json_t *doc, const char *key)
{
    const char *text = json_string_value(json_object_get(doc, key));
    return text ? text : "";
}

int
cli_catalog_load(const char *name, struct cli_template *out)
{
    memset(out, 0, sizeof(*out));
    size_t count;
    const char *const *list = names(&count);
    const struct embedded_file *file = NULL;
    if (strchr(name, '/') == NULL) {
        char path[256];
        snprintf(path, sizeof(path), PREFIX "%s" SUFFIX, name);
        file = embedded_find(path);
    }
    if (file == NULL) {
        fprintf(stderr, "datagen: error: unknown template \"%s\"\n", name);
        const char *near = str_closest(name, list, count);
        if (near) {
            fprintf(stderr, "hint: did you mean \"%s\"?\n", near);
        } else {
            fprintf(stderr, "hint: the templates are:");
            for (size_t i = 0; i < count; i++)
                fprintf(stderr, " %s", list[i]);
            fputs(" (datagen templates lists them)\n", stderr);
        }
        return 2;
    }
    json_error_t json_err;
    json_t *doc =
        json_loadb(file->data, file->size, JSON_REJECT_DUPLICATES, &json_err);
    json_t *schema = doc ? json_object_get(doc, "schema") : NULL;
    if (!json_is_object(schema)) {
        fprintf(stderr, "datagen: error: template \"%s\" is damaged: %s\n",
                name, doc ? "no \"schema\" object" : json_err.text);
        json_decref(doc);
        return 1;
    }
    out->doc = doc;
    out->schema = schema;
    out->description = member_text(doc, "description");
    out->category = member_text(doc, "category");
    out->parameters = json_object_get(doc, "parameters");
    out->name = name;
    for (size_t i = 0; i < count; i++)
        if (strcmp(list[i], name) == 0)
            out->name = list[i];
    return 0;
}

void
cli_catalog_release(struct cli_template *template_)
{
    json_decref(template_->doc);
    memset(template_, 0, sizeof(*template_));
}

int
cli_catalog_is_wrapper(const json_t *doc)
{
    return json_is_object(doc) && json_object_get(doc, "schema") != NULL &&
           json_object_get(doc, "tables") == NULL;
}


static void
want_string(const json_t *object, const char *key, const char *path,
            struct diag_list *diags)
{
    const json_t *value = json_object_get(object, key);
    if (value && !json_is_string(value))
        diag_error(diags, path, "\"%s\" must be a string", key);
}

static void
check_parameter(const json_t *parameter, const char *path, bool named,
                struct diag_list *diags)
{
    static const char *const keys[] = {"name", "type", "default",
                                       "description"};
    if (!json_is_object(parameter)) {
        diag_error(diags, path, "a parameter must be an object");
        return;
    }
    schema_check_keys(parameter, path, keys, 4, diags);
    want_string(parameter, "name", path, diags);
    want_string(parameter, "type", path, diags);
    want_string(parameter, "description", path, diags);
    if (named && json_object_get(parameter, "name") == NULL)
        diag_error(diags, path, "missing required key \"name\"");
    if (json_object_get(parameter, "type") == NULL)
        diag_error(diags, path, "missing required key \"type\"");
}

void
cli_catalog_check_wrapper(const json_t *doc, struct diag_list *diags)
{
    static const char *const keys[] = {"$schema",  "name",   "description",
                                       "category", "schema", "parameters"};
    schema_check_keys(doc, NULL, keys, sizeof(keys) / sizeof(keys[0]), diags);
    want_string(doc, "$schema", NULL, diags);
    want_string(doc, "name", NULL, diags);
    want_string(doc, "description", NULL, diags);
    want_string(doc, "category", NULL, diags);
    if (!json_is_object(json_object_get(doc, "schema")))
        diag_error(diags, "schema", "expected an object");
    const json_t *parameters = json_object_get(doc, "parameters");
    char path[300];
    if (json_is_object(parameters)) {
        const char *key;
        json_t *value;
        json_object_foreach((json_t *)parameters, key, value)
        {
            snprintf(path, sizeof(path), "parameters.%s", key);
            check_parameter(value, path, false, diags);
        }
    } else if (json_is_array(parameters)) {
        for (size_t i = 0; i < json_array_size(parameters); i++) {
            snprintf(path, sizeof(path), "parameters[%zu]", i);
            check_parameter(json_array_get(parameters, i), path, true, diags);
        }
    } else if (parameters && !json_is_null(parameters)) {
        diag_error(diags, "parameters", "expected an object or an array");
    }
}

static void
add_parameter(struct cli_table *table, const char *name,
              const json_t *parameter)
{
    cli_table_add_str(table, name ? name : "?");
    const char *type = json_string_value(json_object_get(parameter, "type"));
    cli_table_add_str(table, type ? type : "");
    const json_t *value = json_object_get(parameter, "default");
    struct buf text;
    buf_init(&text, 64);
    if (value)
        cli_json_write_inline(&text, value);
    else
        buf_puts(&text, "-");
    struct buf cell;
    buf_init(&cell, 64);
    cli_text_cell(&cell, text.data, text.len, 40);
    cli_table_add(table, cell.data, cell.len);
    buf_release(&cell);
    buf_release(&text);
    const char *description =
        json_string_value(json_object_get(parameter, "description"));
    cli_table_add_str(table, description ? description : "");
}

void
cli_catalog_print_parameters(const json_t *parameters, const char *indent,
                             FILE *out)
{
    size_t count = json_is_object(parameters)  ? json_object_size(parameters)
                   : json_is_array(parameters) ? json_array_size(parameters)
                                               : 0;
    if (count == 0) {
        fprintf(out,
                "%s(none declared; every template takes --rows TABLE=N, "
                "--scale F, --tables A,B and --locale L)\n",
                indent);
        return;
    }
    struct cli_table table;
    cli_table_init(&table, 4);
    cli_table_add_str(&table, "NAME");
    cli_table_add_str(&table, "TYPE");
    cli_table_add_str(&table, "DEFAULT");
    cli_table_add_str(&table, "DESCRIPTION");
    if (json_is_object(parameters)) {
        const char *key;
        json_t *value;
        json_object_foreach((json_t *)parameters, key, value)
            add_parameter(&table, key, value);
    } else {
        for (size_t i = 0; i < count; i++) {
            const json_t *value = json_array_get(parameters, i);
            add_parameter(&table,
                          json_string_value(json_object_get(value, "name")),
                          value);
        }
    }
    cli_table_print(&table, false, indent, out);
    cli_table_release(&table);
}

static const char usage_templates[] =
    "usage: datagen templates\n"
    "       datagen templates show NAME\n"
    "\n"
    "List the built-in templates: name, category, number of tables and a\n"
    "description. `show NAME` prints one template's tables in generation\n"
    "order with their default row counts, and its parameters. Use a\n"
    "template with --template NAME (generate, validate, preview, plan) or\n"
    "copy it into an editable file with `datagen init --template NAME`.\n";

static int
list_templates(void)
{
    struct cli_table table;
    cli_table_init(&table, 4);
    cli_table_align_right(&table, 2, true);
    cli_table_add_str(&table, "NAME");
    cli_table_add_str(&table, "CATEGORY");
    cli_table_add_str(&table, "TABLES");
    cli_table_add_str(&table, "DESCRIPTION");
    int status = 0;
    for (size_t i = 0; i < cli_catalog_count(); i++) {
        struct cli_template template_;
        if (cli_catalog_load(cli_catalog_name(i), &template_) != 0) {
            status = 1;
            continue;
        }
        char count[32];
        snprintf(count, sizeof(count), "%zu",
                 json_object_size(json_object_get(template_.schema, "tables")));
        cli_table_add_str(&table, template_.name);
        cli_table_add_str(&table, template_.category);
        cli_table_add_str(&table, count);
        cli_table_add_str(&table, template_.description);
        cli_catalog_release(&template_);
    }
    cli_table_print(&table, false, "", stdout);
    cli_table_release(&table);
    return status;
}

static int
show_template(const char *name)
{
    struct cli_template template_;
    int status = cli_catalog_load(name, &template_);
    if (status != 0)
        return status;
    struct schema schema;
    struct diag_list diags;
    diag_list_init(&diags);
    struct dg_error err;
    dg_error_init(&err);
    char source[280];
    snprintf(source, sizeof(source), "template %s", name);
    json_incref(template_.schema);
    if (schema_load_json(template_.schema, source, &schema, &diags, &err) !=
        0) {
        dg_error_print(&err, stderr);
        diag_list_release(&diags);
        cli_catalog_release(&template_);
        return 1;
    }
    if (diags.error_count == 0)
        schema_validate(&schema, &diags);
    if (diags.error_count > 0) {
        diag_list_print(&diags, stderr);
        fprintf(stderr, "datagen: error: template \"%s\" is damaged\n", name);
        status = 1;
    } else {
        printf("%s: %s\n", template_.name, template_.description);
        if (*template_.category)
            printf("category: %s\n", template_.category);
        printf("\ntables, in generation order:\n");
        size_t *order = xmalloc((schema.table_count + 1) * sizeof(*order));
        plan_order(&schema, order);
        struct cli_table table;
        cli_table_init(&table, 4);
        cli_table_align_right(&table, 0, true);
        cli_table_align_right(&table, 2, true);
        cli_table_add_str(&table, "#");
        cli_table_add_str(&table, "TABLE");
        cli_table_add_str(&table, "ROWS");
        cli_table_add_str(&table, "DESCRIPTION");
        uint64_t total = 0;
        char text[48];
        for (size_t i = 0; i < schema.table_count; i++) {
            const struct table *t = &schema.tables[order[i]];
            uint64_t rows = t->row_count > 0 ? (uint64_t)t->row_count : 0;
            total += rows;
            snprintf(text, sizeof(text), "%zu", i + 1);
            cli_table_add_str(&table, text);
            cli_table_add_str(&table, t->name);
            cli_table_add_str(&table, cli_format_count(rows, text, sizeof(text)));
            cli_table_add_str(&table, t->comment ? t->comment : "");
        }
        cli_table_add_str(&table, "");
        cli_table_add_str(&table, "total");
        cli_table_add_str(&table, cli_format_count(total, text, sizeof(text)));
        cli_table_add_str(&table, "");
        cli_table_print(&table, false, "  ", stdout);
        cli_table_release(&table);
        free(order);
        printf("\nparameters:\n");
        cli_catalog_print_parameters(template_.parameters, "  ", stdout);
    }
    schema_release(&schema);
    diag_list_release(&diags);
    cli_catalog_release(&template_);
    return status;
}

int
cli_catalog_run(int argc, char **argv)
{
    bool help = false;
    for (int i = 2; i < argc; i++)
        help |= strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0;
    if (help) {
        fputs(usage_templates, stdout);
        return 0;
    }
    if (argc == 2)
        return list_templates();
    if (strcmp(argv[2], "show") == 0) {
        if (argc == 3)
            return cli_usage_error("templates", "%s needs a template name",
                                   "templates show");
        if (argc > 4)
            return cli_usage_error("templates", "unexpected argument \"%s\"",
                                   argv[4]);
        return show_template(argv[3]);
    }
    if (argv[2][0] == '-')
        return cli_usage_error("templates", "unknown option \"%s\"", argv[2]);
    static const char *const subcommands[] = {"show"};
    if (str_closest(argv[2], subcommands, 1)) {
        fprintf(stderr,
                "datagen: error: unknown subcommand \"%s\"\nhint: did you "
                "mean \"show\"?\n",
                argv[2]);
        return 2;
    }
    return cli_usage_error("templates", "unexpected argument \"%s\"",
                           argv[2]);
}
