/*
 * json_push.h — check_command's result as jsonb, built from the parsed
 * command directly: no jansson object, no text printed for jsonb_in to
 * parse again.
 *
 * The result is the jsonb that jsonb_in would make of the core's compact
 * text (rsi_command_json_text) with the added members: the same strings,
 * the same numbers, jsonb's own key order.
 */
#ifndef RSI_PG_JSON_PUSH_H
#define RSI_PG_JSON_PUSH_H

#include "postgres.h"

#include "utils/jsonb.h"

/* A member added to the core's object: a string (NULL: null) or JSON text. */
typedef struct rsi_pg_json_member
{
	const char *key;
	const char *string;			/* the value as a string, when json is NULL */
	const char *json;			/* the value as JSON text made by the core, or NULL */
	const Jsonb *jb;			/* or the value as jsonb (wins over json), or NULL */
} rsi_pg_json_member;

/*
 * The jsonb of a parsed command: the members rsi_command_to_json would
 * make (parse/command_json.h), put into a JsonbValue tree as they are
 * made, then extra[0..n), which win over a member of the same name (as
 * when the two objects are concatenated with ||).
 */
struct rsi_command;
extern Jsonb *rsi_pg_jsonb_command(const struct rsi_command *cmd, const char *buf, size_t len,
								   const rsi_pg_json_member *extra, int n);

#endif							/* RSI_PG_JSON_PUSH_H */
