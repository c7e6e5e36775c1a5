/*
 * cli_jsonschema: the JSON Schema (draft 2020-12) of the input format, a
 * schema file or a template, built at run time from the loader's rules
 * and the generator registry (names, generator_config keys and their
 * types), so it cannot drift from what datagen accepts. `datagen
 * json-schema` prints it; schema/datagen.schema.json is a copy that a unit
 * test keeps equal.
 */
#ifndef DG_CLI_CLI_JSONSCHEMA_H
#define DG_CLI_CLI_JSONSCHEMA_H

#include <jansson.h>

/* A new reference to the JSON Schema document. */
json_t *cli_jsonschema_build(void);

#endif
