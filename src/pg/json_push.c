/*
 * json_push.c — see json_push.h.
 *
 * This file includes jansson.h and therefore not utils/builtins.h, whose
 * fmgrprotos.h declares a json_object() of its own: a real's text is made
 * into a numeric by pg_util.c.
 */
#include "postgres.h"

#include <jansson.h>

#include "miscadmin.h"
#include "utils/numeric.h"

#include "json_push.h"
#include "pg_util.h"

/*
 * pushJsonbValue keeps a string's pointer until the jsonb is made, and the
 * core's values are freed before that: copy the bytes.
 */
static void
push_string(JsonbParseState **state, JsonbIteratorToken tok, const char *s, size_t len)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = pnstrdup(s, len);
	v.val.string.len = (int) len;
	(void) pushJsonbValue(state, tok, &v);
}

/* Push one value; tok is WJB_VALUE inside an object, WJB_ELEM inside an array. */
static void
push_value(JsonbParseState **state, JsonbIteratorToken tok, json_t *j)
{
	JsonbValue	v;

	check_stack_depth();
	switch (json_typeof(j))
	{
		case JSON_OBJECT:
			{
				const char *key;
				json_t	   *val;

				(void) pushJsonbValue(state, WJB_BEGIN_OBJECT, NULL);
				json_object_foreach(j, key, val)
				{
					push_string(state, WJB_KEY, key, strlen(key));
					push_value(state, WJB_VALUE, val);
				}
				(void) pushJsonbValue(state, WJB_END_OBJECT, NULL);
				return;
			}
		case JSON_ARRAY:
			{
				size_t		i;
				json_t	   *val;

				(void) pushJsonbValue(state, WJB_BEGIN_ARRAY, NULL);
				json_array_foreach(j, i, val)
					push_value(state, WJB_ELEM, val);
				(void) pushJsonbValue(state, WJB_END_ARRAY, NULL);
				return;
			}
		case JSON_STRING:
			push_string(state, tok, json_string_value(j), json_string_length(j));
			return;
		case JSON_INTEGER:
			v.type = jbvNumeric;
			v.val.numeric = int64_to_numeric((int64) json_integer_value(j));
			break;
		case JSON_REAL:
			{
				/* the text jansson prints, as jsonb_in would read it */
				char	   *text = json_dumps(j, JSON_ENCODE_ANY);

				if (text == NULL)
					ereport(ERROR,
							(errcode(ERRCODE_OUT_OF_MEMORY),
							 errmsg("out of memory while building a JSON result")));
				v.type = jbvNumeric;
				PG_TRY();
				{
					v.val.numeric = rsi_pg_numeric_from_text(text);
				}
				PG_FINALLY();
				{
					free(text);
				}
				PG_END_TRY();
				break;
			}
		case JSON_TRUE:
		case JSON_FALSE:
			v.type = jbvBool;
			v.val.boolean = json_is_true(j);
			break;
		case JSON_NULL:
		default:
			v.type = jbvNull;
			break;
	}
	(void) pushJsonbValue(state, tok, &v);
}

void
rsi_pg_push_json_members(JsonbParseState **state, json_t *obj)
{
	if (obj == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while building a JSON result")));
	PG_TRY();
	{
		const char *key;
		json_t	   *val;

		if (!json_is_object(obj))
			elog(ERROR, "internal error: the core's JSON result is not an object");
		json_object_foreach(obj, key, val)
		{
			push_string(state, WJB_KEY, key, strlen(key));
			push_value(state, WJB_VALUE, val);
		}
	}
	PG_FINALLY();
	{
		json_decref(obj);
	}
	PG_END_TRY();
}

void
rsi_pg_push_json_text_member(JsonbParseState **state, const char *key, const char *json)
{
	json_error_t err;
	json_t	   *j = json_loads(json, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);

	if (j == NULL)
		elog(ERROR, "internal error: the core's JSON result does not parse: %s", err.text);
	PG_TRY();
	{
		push_string(state, WJB_KEY, key, strlen(key));
		push_value(state, WJB_VALUE, j);
	}
	PG_FINALLY();
	{
		json_decref(j);
	}
	PG_END_TRY();
}

void
rsi_pg_push_string_member(JsonbParseState **state, const char *key, const char *value)
{
	JsonbValue	v;

	push_string(state, WJB_KEY, key, strlen(key));
	if (value == NULL)
	{
		v.type = jbvNull;
		(void) pushJsonbValue(state, WJB_VALUE, &v);
	}
	else
		push_string(state, WJB_VALUE, value, strlen(value));
}
