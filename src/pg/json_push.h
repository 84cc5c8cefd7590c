/*
 * json_push.h — the core's JSON values (jansson) into a jsonb being built,
 * without printing them as text for jsonb_in to parse again.
 *
 * The result is the jsonb that jsonb_in would make of the core's compact
 * text: the same strings (jsonb_in decodes the escapes jansson writes back
 * to the same bytes), the same numbers (a real goes through its text), and
 * jsonb's own key order.  This header does not include jansson.h (see
 * parse/command_json.h): callers pass the value as an opaque pointer.
 */
#ifndef RSI_PG_JSON_PUSH_H
#define RSI_PG_JSON_PUSH_H

#include "postgres.h"

#include "utils/jsonb.h"

struct json_t;

/* A member added to the core's object: a string (NULL: null) or JSON text. */
typedef struct rsi_pg_json_member
{
	const char *key;
	const char *string;			/* the value as a string, when json is NULL */
	const char *json;			/* the value as JSON text made by the core, or NULL */
	const Jsonb *jb;			/* or the value as jsonb (wins over json), or NULL */
} rsi_pg_json_member;

/*
 * The jsonb of the core's JSON object obj with the members extra[0..n)
 * added (an added member wins over one of the core's of the same name);
 * drops the reference to obj (also on error).  The top-level members are
 * pushed in jsonb's own key order, so that making the jsonb finds them
 * sorted.
 */
extern Jsonb *rsi_pg_jsonb_object(struct json_t *obj, const rsi_pg_json_member *extra, int n);

/*
 * The same for a parsed command: the members rsi_command_to_json would
 * make (parse/command_json.h), put into a JsonbValue tree as they are
 * made, without a jansson object in between, then extra[0..n), which win
 * over a member of the same name.  What
 * rsi_pg_jsonb_object(rsi_command_to_json(cmd, ...), extra, n) returns.
 */
struct rsi_command;
extern Jsonb *rsi_pg_jsonb_command(const struct rsi_command *cmd, const char *buf, size_t len,
								   const rsi_pg_json_member *extra, int n);

#endif							/* RSI_PG_JSON_PUSH_H */
