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

/*
 * Push every member of the JSON object obj into *state, an object being
 * built, and drop the reference to obj (also on error).  NULL obj is out
 * of memory in the core.
 */
extern void rsi_pg_push_json_members(JsonbParseState **state, struct json_t *obj);

/*
 * Push the JSON text json (made by the core, compact) as the value of key
 * into *state, an object being built.
 */
extern void rsi_pg_push_json_text_member(JsonbParseState **state, const char *key,
										 const char *json);

/* Push key: a string value (NULL: JSON null) into *state, an object being built. */
extern void rsi_pg_push_string_member(JsonbParseState **state, const char *key,
									  const char *value);

#endif							/* RSI_PG_JSON_PUSH_H */
