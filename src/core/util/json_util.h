/*
 * json_util.h — jansson helpers for the core.
 *
 * Never call json_object() directly in code that goes into the server
 * module: the postgres binary exports a function of the same name (the SQL
 * json_object()), and the dynamic linker binds our call to it.  jansson's
 * own internal calls are bound locally, so json_pack("{}") is safe.
 */
#ifndef RSI_JSON_UTIL_H
#define RSI_JSON_UTIL_H

#include <jansson.h>

static inline json_t *
rsi_json_object(void)
{
	return json_pack("{}");
}

/* How a message names a JSON value's type: "an object", "a string", ... */
static inline const char *
rsi_json_type_name(const json_t *v)
{
	switch (json_typeof(v))
	{
		case JSON_OBJECT:
			return "an object";
		case JSON_ARRAY:
			return "an array";
		case JSON_STRING:
			return "a string";
		case JSON_INTEGER:
		case JSON_REAL:
			return "a number";
		case JSON_TRUE:
		case JSON_FALSE:
			return "a boolean";
		default:
			return "null";
	}
}

#endif							/* RSI_JSON_UTIL_H */
