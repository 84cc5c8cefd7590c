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
 * pushJsonbValue keeps a string's pointer until the jsonb is made: the
 * jsonb is made before the core's values are freed (rsi_pg_jsonb_object),
 * so the bytes need no copy.
 */
static void
push_string(JsonbParseState **state, JsonbIteratorToken tok, const char *s, size_t len)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) s;
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

/* one top-level member while they are put in order */
typedef struct member
{
	const char *key;
	size_t		keylen;
	int			order;			/* later wins among equal keys */
	json_t	   *value;			/* or NULL: jb, else the string below */
	Jsonb	   *jb;
	const char *string;
} member;

/* jsonb's key order: shorter first, then bytewise; equal keys by order */
static int
member_cmp(const member *a, const member *b)
{
	int			c;

	if (a->keylen != b->keylen)
		return a->keylen < b->keylen ? -1 : 1;
	c = memcmp(a->key, b->key, a->keylen);
	if (c != 0)
		return c;
	return a->order < b->order ? -1 : (a->order > b->order);
}

Jsonb *
rsi_pg_jsonb_object(json_t *obj, const rsi_pg_json_member *extra, int n)
{
	JsonbParseState *state = NULL;
	JsonbValue *top = NULL;
	Jsonb	   *result = NULL;

	if (obj == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while building a JSON result")));
	PG_TRY();
	{
		const char *key;
		json_t	   *val;
		member	   *m;
		int			nm = 0,
					i,
					j;

		if (!json_is_object(obj))
			elog(ERROR, "internal error: the core's JSON result is not an object");
		m = palloc(sizeof(member) * (json_object_size(obj) + n));
		json_object_foreach(obj, key, val)
		{
			m[nm].key = key;
			m[nm].keylen = strlen(key);
			m[nm].order = nm;
			m[nm].value = val;
			m[nm].string = NULL;
			m[nm].jb = NULL;
			nm++;
		}
		for (i = 0; i < n; i++)
		{
			m[nm].key = extra[i].key;
			m[nm].keylen = strlen(extra[i].key);
			m[nm].order = nm;
			m[nm].value = NULL;
			m[nm].string = extra[i].string;
			m[nm].jb = extra[i].jb != NULL ? (Jsonb *) extra[i].jb :
				extra[i].json != NULL ? rsi_pg_jsonb_of_text(extra[i].json) : NULL;
			nm++;
		}
		/* insertion sort: a few dozen members */
		for (i = 1; i < nm; i++)
		{
			member		x = m[i];

			for (j = i; j > 0 && member_cmp(&m[j - 1], &x) > 0; j--)
				m[j] = m[j - 1];
			m[j] = x;
		}
		(void) pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
		for (i = 0; i < nm; i++)
		{
			/* of equal keys the later one, which sorts last */
			if (i + 1 < nm && m[i + 1].keylen == m[i].keylen &&
				memcmp(m[i + 1].key, m[i].key, m[i].keylen) == 0)
				continue;
			push_string(&state, WJB_KEY, m[i].key, m[i].keylen);
			if (m[i].value != NULL)
				push_value(&state, WJB_VALUE, m[i].value);
			else if (m[i].jb != NULL)
			{
				JsonbValue	v;

				/* pushJsonbValue unpacks a binary container */
				v.type = jbvBinary;
				v.val.binary.data = &m[i].jb->root;
				v.val.binary.len = VARSIZE(m[i].jb) - VARHDRSZ;
				(void) pushJsonbValue(&state, WJB_VALUE, &v);
			}
			else
			{
				JsonbValue	v;

				if (m[i].string == NULL)
				{
					v.type = jbvNull;
					(void) pushJsonbValue(&state, WJB_VALUE, &v);
				}
				else
					push_string(&state, WJB_VALUE, m[i].string, strlen(m[i].string));
			}
		}
		top = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
		/* while the core's strings, which top points to, are still there */
		result = JsonbValueToJsonb(top);
	}
	PG_FINALLY();
	{
		json_decref(obj);
	}
	PG_END_TRY();
	return result;
}
