/*
 * cli_json: JSON text for people to read and edit, as `init` and
 * `json-schema` print it. A value that fits on the rest of its line is
 * written on it (`{"name": "id", "type": "serial"}`); a longer object or
 * array puts one member per line, indented by two spaces. Object members
 * keep their order; strings keep their UTF-8; a real number is written in
 * the shortest form that reads back as the same double, always with a
 * point or an exponent so that it stays a real. Parsing the text gives a
 * value equal to the one printed.
 * Thread-safety: pure.
 */
#ifndef DG_CLI_CLI_JSON_H
#define DG_CLI_CLI_JSON_H

#include <jansson.h>

#include "core/buf.h"

/* Lines are kept within this many bytes where a value allows it. */
#define CLI_JSON_WIDTH 80

/* Appends value and a final newline to out. */
void cli_json_write(struct buf *out, const json_t *value);

/* Appends the value on one line ({"a": 1, "b": [2, 3]}), no newline. */
void cli_json_write_inline(struct buf *out, const json_t *value);

#endif
