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
 * Where the parse result's members go: a JSON builder.  Each callback
 * returns 0, or nonzero when out of memory (the walk stops and returns
 * it).  Strings are (s, n), valid UTF-8; s is NULL for null.  A string is
 * either the command's own (it lives as long as the rsi_command), a
 * literal, or, when transient is set, a buffer freed after the call (the
 * sink copies it when it keeps it).
 */
typedef struct rsi_json_sink
{
	void	   *arg;
	int			(*begin) (void *arg, int array);
	int			(*end) (void *arg, int array);
	int			(*key) (void *arg, const char *key);
	int			(*str) (void *arg, const char *s, size_t n, int transient);
	int			(*num) (void *arg, long long v);
	int			(*boolean) (void *arg, int v);
} rsi_json_sink;

/*
 * The members of the object rsi_command_to_json makes, in its order, into
 * an object the caller has begun (and ends, after adding its own): the one
 * description of the shape, which rsi_command_to_json also goes through.
 */
extern int	rsi_command_emit_members(const rsi_command *cmd, const char *buf, size_t len,
									 const rsi_json_sink *sink);

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
