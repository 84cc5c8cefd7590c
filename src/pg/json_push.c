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

#include "parse/command_json.h"
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

/* ---- a parsed command's members as a JsonbValue tree (rsi_pg_jsonb_command) ---- */

/*
 * The sink builds the tree JsonbValueToJsonb takes: each object's pairs
 * sorted in jsonb's key order with equal keys removed (the later one
 * kept), as pushJsonbValue would leave them, but sorted by insertion (a
 * few dozen members) where pushJsonbValue calls qsort on every object.
 */
#define PJ_DEPTH 8

typedef struct pj_sink
{
	JsonbValue *open[PJ_DEPTH]; /* the containers being filled */
	int			cap[PJ_DEPTH];	/* room in each one's pairs or elems */
	int			depth;
	const char *key;			/* the pending member's name */
	int			keylen;
	JsonbValue *root;
} pj_sink;

/* a slot for the next value in the open container */
static JsonbValue *
pj_slot(pj_sink *p)
{
	JsonbValue *c = p->open[p->depth - 1];
	int		   *cap = &p->cap[p->depth - 1];

	if (c->type == jbvArray)
	{
		if (c->val.array.nElems == *cap)
		{
			*cap *= 2;
			c->val.array.elems = repalloc(c->val.array.elems, sizeof(JsonbValue) * *cap);
		}
		return &c->val.array.elems[c->val.array.nElems++];
	}
	else
	{
		JsonbPair  *pair;

		if (c->val.object.nPairs == *cap)
		{
			*cap *= 2;
			c->val.object.pairs = repalloc(c->val.object.pairs, sizeof(JsonbPair) * *cap);
		}
		pair = &c->val.object.pairs[c->val.object.nPairs];
		pair->key.type = jbvString;
		pair->key.val.string.val = (char *) p->key;
		pair->key.val.string.len = p->keylen;
		pair->order = c->val.object.nPairs++;
		return &pair->value;
	}
}

static int
pj_begin(void *arg, int array)
{
	pj_sink    *p = arg;
	JsonbValue *v;

	if (p->depth == PJ_DEPTH)
		elog(ERROR, "internal error: a parse result nested too deep");
	v = p->depth == 0 ? palloc(sizeof(JsonbValue)) : pj_slot(p);
	if (array)
	{
		v->type = jbvArray;
		v->val.array.nElems = 0;
		v->val.array.rawScalar = false;
		v->val.array.elems = palloc(sizeof(JsonbValue) * 4);
	}
	else
	{
		v->type = jbvObject;
		v->val.object.nPairs = 0;
		v->val.object.pairs = palloc(sizeof(JsonbPair) * 32);
	}
	p->cap[p->depth] = array ? 4 : 32;
	p->open[p->depth++] = v;
	if (p->depth == 1)
		p->root = v;
	return 0;
}

/* jsonb's order: shorter keys first, then bytewise; of equal keys the later first */
static int
pj_pair_cmp(const JsonbPair *a, const JsonbPair *b)
{
	int			c;

	if (a->key.val.string.len != b->key.val.string.len)
		return a->key.val.string.len < b->key.val.string.len ? -1 : 1;
	c = memcmp(a->key.val.string.val, b->key.val.string.val, a->key.val.string.len);
	if (c != 0)
		return c;
	return a->order > b->order ? -1 : 1;
}

static void
pj_sort_object(JsonbValue *o)
{
	JsonbPair  *pairs = o->val.object.pairs;
	int			n = o->val.object.nPairs;
	int			i,
				j,
				out;

	for (i = 1; i < n; i++)
	{
		JsonbPair	x = pairs[i];

		for (j = i; j > 0 && pj_pair_cmp(&pairs[j - 1], &x) > 0; j--)
			pairs[j] = pairs[j - 1];
		pairs[j] = x;
	}
	/* of a run of equal keys the first, which was added last, stays */
	for (i = 0, out = 0; i < n; i++)
	{
		if (out > 0 && pairs[out - 1].key.val.string.len == pairs[i].key.val.string.len &&
			memcmp(pairs[out - 1].key.val.string.val, pairs[i].key.val.string.val,
				   pairs[i].key.val.string.len) == 0)
			continue;
		pairs[out++] = pairs[i];
	}
	o->val.object.nPairs = out;
}

static int
pj_end(void *arg, int array)
{
	pj_sink    *p = arg;
	JsonbValue *c = p->open[--p->depth];

	if (!array)
		pj_sort_object(c);
	return 0;
}

static int
pj_key(void *arg, const char *key)
{
	((pj_sink *) arg)->key = key;
	((pj_sink *) arg)->keylen = (int) strlen(key);
	return 0;
}

/*
 * A jsonb value (the IAM evaluation) as a member's value: its containers
 * and scalars put into the tree as the iterator gives them (keys already
 * in jsonb's order; the scalars point into jb, which outlives the tree).
 */
static void
pj_jsonb(pj_sink *p, const Jsonb *jb)
{
	JsonbIterator *it = JsonbIteratorInit((JsonbContainer *) &jb->root);
	JsonbValue	v;
	JsonbIteratorToken tok;
	bool		raw = false;

	while ((tok = JsonbIteratorNext(&it, &v, false)) != WJB_DONE)
	{
		switch (tok)
		{
			case WJB_BEGIN_ARRAY:
				/* a top-level scalar is a one-element raw array */
				if (v.val.array.rawScalar)
					raw = true;
				else
					(void) pj_begin(p, 1);
				break;
			case WJB_BEGIN_OBJECT:
				(void) pj_begin(p, 0);
				break;
			case WJB_END_ARRAY:
				if (raw)
					raw = false;
				else
					(void) pj_end(p, 1);
				break;
			case WJB_END_OBJECT:
				(void) pj_end(p, 0);
				break;
			case WJB_KEY:
				p->key = v.val.string.val;
				p->keylen = v.val.string.len;
				break;
			case WJB_VALUE:
			case WJB_ELEM:
				*pj_slot(p) = v;
				break;
			default:
				break;
		}
	}
}

static int
pj_str(void *arg, const char *s, size_t n, int transient)
{
	JsonbValue *v = pj_slot(arg);

	if (s == NULL)
		v->type = jbvNull;
	else
	{
		/* the tree keeps the pointer until the jsonb is made */
		v->type = jbvString;
		v->val.string.val = transient ? pnstrdup(s, n) : (char *) s;
		v->val.string.len = (int) n;
	}
	return 0;
}

static int
pj_num(void *arg, long long n)
{
	JsonbValue *v = pj_slot(arg);

	v->type = jbvNumeric;
	v->val.numeric = int64_to_numeric((int64) n);
	return 0;
}

static int
pj_bool(void *arg, int b)
{
	JsonbValue *v = pj_slot(arg);

	v->type = jbvBool;
	v->val.boolean = b != 0;
	return 0;
}

Jsonb *
rsi_pg_jsonb_command(const rsi_command *cmd, const char *buf, size_t len,
					 const rsi_pg_json_member *extra, int n)
{
	pj_sink		p;
	rsi_json_sink k = {&p, pj_begin, pj_end, pj_key, pj_str, pj_num, pj_bool};
	int			i;

	memset(&p, 0, sizeof(p));
	(void) pj_begin(&p, 0);
	if (rsi_command_emit_members(cmd, buf, len, &k) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while building a JSON result")));
	/* added last, so that they win over a member of the same name */
	for (i = 0; i < n; i++)
	{
		(void) pj_key(&p, extra[i].key);
		if (extra[i].jb != NULL || extra[i].json != NULL)
			pj_jsonb(&p, extra[i].jb != NULL ? extra[i].jb : rsi_pg_jsonb_of_text(extra[i].json));
		else
			(void) pj_str(&p, extra[i].string, extra[i].string ? strlen(extra[i].string) : 0, 0);
	}
	(void) pj_end(&p, 0);
	return JsonbValueToJsonb(p.root);
}
