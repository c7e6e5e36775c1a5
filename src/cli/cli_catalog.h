/*
 * cli_catalog: the built-in templates (templates/NAME.json compiled into the
 * binary) and the template wrapper format: {"name", "description",
 * "category", "schema", "parameters"}, where "schema" is an ordinary schema
 * and "parameters" (optional) describes what a user may change, either as
 * an object (parameter name -> {"type", "default", "description"}) or as an
 * array of such objects with a "name". A schema file may be written in the
 * wrapper form too; cli_catalog_unwrap() recognises it.
 */
#ifndef DG_CLI_CLI_CATALOG_H
#define DG_CLI_CLI_CATALOG_H

#include <jansson.h>
#include <stdio.h>

#include "core/error.h"

struct cli_template {
    const char *name;        /* from the file name */
    const char *description; /* "" when absent */
    const char *category;    /* "" when absent */
    json_t *doc;             /* the whole document (owned) */
    json_t *schema;          /* its "schema" member (borrowed from doc) */
    json_t *parameters;      /* its "parameters" member, or NULL */
};

/* The number of built-in templates and the name of the i-th, in name
 * order. */
size_t cli_catalog_count(void);
const char *cli_catalog_name(size_t index);

/* Loads a built-in template. An unknown name prints the error with a
 * did-you-mean or the list and returns 2; a damaged template returns 1
 * (both after printing). 0 on success: release with
 * cli_catalog_release(). */
int cli_catalog_load(const char *name, struct cli_template *out);
void cli_catalog_release(struct cli_template *template_);

/* Whether doc is a template wrapper (an object with "schema" and no
 * "tables"). */
int cli_catalog_is_wrapper(const json_t *doc);

/* Checks a wrapper's own keys (unknown keys with did-you-mean, types of
 * name/description/category/parameters) into diags. */
void cli_catalog_check_wrapper(const json_t *doc, struct diag_list *diags);

/* Prints "(none declared)" or one line per parameter: name, type, default
 * (compact JSON) and description, aligned, each line starting with
 * indent. */
void cli_catalog_print_parameters(const json_t *parameters, const char *indent,
                                  FILE *out);

#endif
