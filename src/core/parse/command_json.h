/*
 * command_json.h — the parse result as JSON, the one place that decides
 * the shape parse_command, check_command and the CLI print.
 *
 * This header does not include jansson.h: PostgreSQL's fmgrprotos.h
 * declares a json_object() of its own, so glue code must only ever see
 * JSON as text.
 */
#ifndef RSI_COMMAND_JSON_H
#define RSI_COMMAND_JSON_H

#include "parse/command.h"

struct json_t;

/*
 * Build {kind, auth_method, roles, session_token, access_key_id, location,
 * catalog_role, secret_arn, source, line, col, problems}.  buf/len is the
 * text the offsets refer to, for lines and columns.  Returns a new
 * reference, or NULL when out of memory.
 */
extern struct json_t *rsi_command_to_json(const rsi_command *cmd, const char *buf, size_t len);

/* The same as compact JSON text, malloc'd (caller frees), or NULL. */
extern char *rsi_command_json_text(const rsi_command *cmd, const char *buf, size_t len);

/* Compact JSON text of any value, malloc'd; drops the reference.  NULL in, NULL out. */
extern char *rsi_json_dump_and_free(struct json_t *j);

#endif							/* RSI_COMMAND_JSON_H */
