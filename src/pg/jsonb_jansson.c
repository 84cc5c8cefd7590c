/*
 * jsonb_jansson.c — a jsonb value as a jansson tree, without printing it
 * as text and parsing that again.  Includes jansson.h, so not
 * utils/builtins.h (whose fmgrprotos.h declares a json_object() of its own).
 *
 * import_clusters reads a 10 MB describe-clusters document through the
 * core's reader, which walks a jansson tree.  Printing the jsonb and
 * lexing the text again cost most of the reading; the jsonb is already
 * parsed, so its iterator builds the tree directly, in a memory context
 * that is dropped whole afterwards (jansson's allocator points at it for
 * that time only).
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include <jansson.h>

#include "util/json_util.h"
#include "jsonb_jansson.h"
#include "pg_util.h"

/* the context jansson allocates in while an arena is open */
static MemoryContext arena_cxt = NULL;
static json_malloc_t saved_malloc = NULL;
static json_free_t saved_free = NULL;

static void *
arena_malloc(size_t n)
{
	/* NULL on failure, as jansson expects, rather than an ERROR inside it */
	return MemoryContextAllocExtended(arena_cxt, n, MCXT_ALLOC_NO_OOM | MCXT_ALLOC_HUGE);
}

static void
arena_free(void *p)
{
	/* the context goes whole */
}

void
rsi_pg_jansson_arena_begin(MemoryContext parent)
{
	Assert(arena_cxt == NULL);
	arena_cxt = AllocSetContextCreate(parent, "redshift_iam jansson arena", ALLOCSET_DEFAULT_SIZES);
	json_get_alloc_funcs(&saved_malloc, &saved_free);
	json_set_alloc_funcs(arena_malloc, arena_free);
}

void
rsi_pg_jansson_arena_end(void)
{
	if (arena_cxt == NULL)
		return;
	json_set_alloc_funcs(saved_malloc, saved_free);
	MemoryContextDelete(arena_cxt);
	arena_cxt = NULL;
}

/* A number as jansson reads its text: integer or real, by the same rules. */
static json_t *
number_value(Numeric num, char *err, size_t errlen)
{
	char	   *text = rsi_pg_numeric_to_text(num);
	json_error_t jerr;
	json_t	   *v = json_loads(text, JSON_DECODE_ANY, &jerr);

	if (v == NULL)
		snprintf(err, errlen, "not valid JSON: %s", jerr.text);
	pfree(text);
	return v;
}

static json_t *
scalar_value(const JsonbValue *jv, char *err, size_t errlen)
{
	json_t	   *v = NULL;

	switch (jv->type)
	{
		case jbvNull:
			return json_null();
		case jbvBool:
			return json_boolean(jv->val.boolean);
		case jbvNumeric:
			return number_value(jv->val.numeric, err, errlen);
		case jbvString:
			/* jansson checks UTF-8 here as its parser did */
			v = json_stringn(jv->val.string.val, jv->val.string.len);
			if (v == NULL)
				snprintf(err, errlen, "not valid JSON: a string is not valid UTF-8");
			return v;
		default:
			snprintf(err, errlen, "not valid JSON: an unexpected jsonb value");
			return NULL;
	}
}

/* Add v to the container on top of the stack (under key for an object). */
static bool
add_to(json_t *parent, const JsonbValue *key, json_t *v)
{
	if (json_is_array(parent))
		return json_array_append_new(parent, v) == 0;
	return json_object_setn_new_nocheck(parent, key->val.string.val, key->val.string.len, v) == 0;
}

struct json_t *
rsi_pg_jsonb_to_jansson(Jsonb *jb, char *err, size_t errlen)
{
	JsonbIterator *it = JsonbIteratorInit(&jb->root);
	JsonbIteratorToken tok;
	JsonbValue	jv,
				key;
	json_t	  **stack;			/* open containers; the first is ours, the
								 * others belong to their parents */
	int			depth = 0,
				cap = 16;
	json_t	   *root = NULL;

	err[0] = '\0';
	stack = palloc(sizeof(json_t *) * cap);
	memset(&key, 0, sizeof(key));
	while ((tok = JsonbIteratorNext(&it, &jv, false)) != WJB_DONE)
	{
		json_t	   *v;

		CHECK_FOR_INTERRUPTS();
		switch (tok)
		{
			case WJB_BEGIN_ARRAY:
			case WJB_BEGIN_OBJECT:
				if (tok == WJB_BEGIN_ARRAY && depth == 0 && jv.val.array.rawScalar)
					continue;	/* a scalar document: one element */
				v = tok == WJB_BEGIN_ARRAY ? json_array() : rsi_json_object();
				if (v == NULL)
					goto nomem;
				/* the parent takes it (and drops it if it cannot) */
				if (depth > 0 && !add_to(stack[depth - 1], &key, v))
					goto nomem;
				if (depth == cap)
				{
					cap *= 2;
					stack = repalloc(stack, sizeof(json_t *) * cap);
				}
				stack[depth++] = v;
				continue;
			case WJB_END_ARRAY:
			case WJB_END_OBJECT:
				if (depth == 0)
					continue;	/* the end of a scalar document */
				if (--depth == 0)
					root = stack[0];
				continue;
			case WJB_KEY:
				key = jv;
				continue;
			case WJB_VALUE:
			case WJB_ELEM:
				v = scalar_value(&jv, err, errlen);
				if (v == NULL)
					goto fail;
				if (depth == 0)
					root = v;
				else if (!add_to(stack[depth - 1], &key, v))
					goto nomem;
				continue;
			default:
				continue;
		}
	}
	pfree(stack);
	return root;

nomem:
	snprintf(err, errlen, "out of memory");
fail:
	if (depth > 0)
		json_decref(stack[0]);
	pfree(stack);
	return NULL;
}
