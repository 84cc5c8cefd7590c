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

#endif							/* RSI_JSON_UTIL_H */
