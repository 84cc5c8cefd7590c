/*
 * json_push.c — see json_push.h.
 */
#include "postgres.h"

#include "utils/numeric.h"

#include "parse/command_json.h"
#include "json_push.h"
#include "pg_util.h"

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
