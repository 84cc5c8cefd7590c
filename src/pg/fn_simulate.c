/*
 * fn_simulate.c — simulate_custom_policy and simulate_principal_policy,
 * the IAM policy simulator's two APIs.
 *
 * One row per action and resource, in the order given:
 * eval_action_name, eval_resource_name, eval_decision (allowed,
 * explicitDeny, implicitDeny), matched_statements (jsonb, the API's member
 * names) and missing_context_values.  The evaluation is the core's, the
 * same one the management functions enforce; the request context is only
 * what the caller passes, as with the IAM simulator.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/tuplestore.h"

#include "rsi_catalog.h"
#include "rsi_policy.h"

PG_FUNCTION_INFO_V1(rsi_sql_simulate_custom_policy);
PG_FUNCTION_INFO_V1(rsi_sql_simulate_principal_policy);

#define INVALID_INPUT "InvalidInput"

/*
 * Bounds on what a caller passes (the simulator is open to everyone).
 * Action names and resource ARNs: the lengths the IAM API accepts
 * (SimulateCustomPolicy, "ActionNames" and "ResourceArns" in the IAM API
 * Reference).  Context keys: ContextKeyName's 256.  A context value has no
 * documented cap; one longer than a whole policy document
 * (RSI_POLICY_MAX_CHARS) is refused, and so is any ${...} expansion past
 * that size (rsi_pg_evaluate).
 */
#define MAX_ACTION_CHARS	128
#define MAX_RESOURCE_CHARS	2048
#define MAX_CONTEXT_KEY_CHARS	256
#define MAX_CONTEXT_VALUE_CHARS	RSI_POLICY_MAX_CHARS

static void
too_long(const char *operation, const char *what, int max)
{
	rsi_pg_aws_error(ERRCODE_PROGRAM_LIMIT_EXCEEDED, "LimitExceeded", operation,
					 "docs/policy.md lists the simulator's bounds.",
					 "%s is longer than %d characters.", what, max);
}

/* Raise unless s has at most max characters (server encoding). */
static void
bound(const char *s, int max, const char *operation, const char *what)
{
	size_t		len = strlen(s);

	if (len > (size_t) max && pg_mbstrlen_with_len(s, (int) len) > max)
		too_long(operation, what, max);
}

/* A text[] argument as C strings; NULL elements are refused. */
static char **
text_array(FunctionCallInfo fcinfo, int argno, const char *what, const char *operation,
		   int max, int *n)
{
	Datum	   *elems;
	bool	   *nulls;
	char	  **out;
	int			i;

	if (PG_ARGISNULL(argno))
	{
		*n = 0;
		return NULL;
	}
	deconstruct_array(PG_GETARG_ARRAYTYPE_P(argno), TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &nulls, n);
	out = palloc(sizeof(char *) * (*n + 1));
	for (i = 0; i < *n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, INVALID_INPUT, operation, NULL,
							 "%s[%d] is null.", what, i + 1);
		out[i] = TextDatumGetCString(elems[i]);
		bound(out[i], max, operation, psprintf("%s[%d]", what, i + 1));
	}
	return out;
}

static void
bad_context_value(const char *key, const char *operation)
{
	rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, INVALID_INPUT, operation,
					 "Write context_entries as {\"key\": \"value\", \"key2\": [\"v1\", \"v2\"]}.",
					 "the value of context key %s must be a string or an array of strings.",
					 key ? key : "(none)");
}

static char *
scalar_text(const JsonbValue *v, const char *key, const char *operation)
{
	switch (v->type)
	{
		case jbvString:
			if (v->val.string.len > MAX_CONTEXT_VALUE_CHARS &&
				pg_mbstrlen_with_len(v->val.string.val, v->val.string.len) > MAX_CONTEXT_VALUE_CHARS)
				too_long(operation, psprintf("a value of context key %.256s", key ? key : "(none)"),
						 MAX_CONTEXT_VALUE_CHARS);
			return pnstrdup(v->val.string.val, v->val.string.len);
		case jbvNumeric:
			return DatumGetCString(DirectFunctionCall1(numeric_out,
													   NumericGetDatum(v->val.numeric)));
		case jbvBool:
			return pstrdup(v->val.boolean ? "true" : "false");
		default:
			bad_context_value(key, operation);
	}
	return NULL;					/* not reached */
}

/*
 * context_entries: {"key": "value" | ["v1", "v2", ...], ...}.  Numbers and
 * booleans are taken as their text; an empty array makes the key absent.
 */
static void
parse_context(Jsonb *jb, const char *operation, rsi_pg_context *ctx)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	char	   *key = NULL;
	const char **vals = NULL;
	int			nvals = 0,
				cap = 0;
	int			depth = 0;

	if (!JB_ROOT_IS_OBJECT(jb))
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, INVALID_INPUT, operation,
						 "Write context_entries as {\"key\": \"value\", \"key2\": [\"v1\", \"v2\"]}.",
						 "context_entries must be a JSON object mapping each context key to its values.");
	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, false)) != WJB_DONE)
	{
		CHECK_FOR_INTERRUPTS();
		switch (tok)
		{
			case WJB_BEGIN_OBJECT:
				if (++depth > 1)
					bad_context_value(key, operation);
				break;
			case WJB_KEY:
				if (v.val.string.len > MAX_CONTEXT_KEY_CHARS &&
					pg_mbstrlen_with_len(v.val.string.val, v.val.string.len) > MAX_CONTEXT_KEY_CHARS)
					too_long(operation, "a context key", MAX_CONTEXT_KEY_CHARS);
				key = pnstrdup(v.val.string.val, v.val.string.len);
				break;
			case WJB_VALUE:
				rsi_pg_context_add(ctx, key, scalar_text(&v, key, operation));
				break;
			case WJB_BEGIN_ARRAY:
				if (++depth > 2)
					bad_context_value(key, operation);
				nvals = 0;
				cap = 4;
				vals = palloc(sizeof(char *) * cap);
				break;
			case WJB_ELEM:
				if (nvals == cap)
				{
					cap *= 2;
					vals = repalloc(vals, sizeof(char *) * cap);
				}
				vals[nvals++] = scalar_text(&v, key, operation);
				break;
			case WJB_END_ARRAY:
				depth--;
				rsi_pg_context_add_list(ctx, key, vals, nvals);
				break;
			case WJB_END_OBJECT:
				depth--;
				break;
			default:
				break;
		}
	}
}

static Datum
matched_json(const rsi_eval_result *res, const char *source_type)
{
	StringInfoData buf;
	size_t		i;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '[');
	for (i = 0; i < res->nmatched; i++)
	{
		const rsi_matched_statement *m = &res->matched[i];

		if (i)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, "{\"SourcePolicyId\": ");
		escape_json(&buf, m->policy_name ? m->policy_name : "");
		appendStringInfoString(&buf, ", \"SourcePolicyType\": ");
		escape_json(&buf, source_type);
		appendStringInfo(&buf, ", \"StatementIndex\": %d", m->statement_index);
		if (m->sid != NULL)
		{
			appendStringInfoString(&buf, ", \"Sid\": ");
			escape_json(&buf, m->sid);
		}
		appendStringInfo(&buf, ", \"Effect\": \"%s\"}", m->effect_deny ? "Deny" : "Allow");
	}
	appendStringInfoChar(&buf, ']');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
}

static Datum
missing_array(const rsi_eval_result *res)
{
	Datum	   *d = palloc(sizeof(Datum) * (res->nmissing + 1));
	size_t		i;

	for (i = 0; i < res->nmissing; i++)
		d[i] = CStringGetTextDatum(res->missing_context[i]);
	return PointerGetDatum(construct_array(d, (int) res->nmissing, TEXTOID, -1, false,
										   TYPALIGN_INT));
}

/*
 * Evaluate every action on every resource and return the rows (the
 * tuplestore lives in the per-query context; results are freed at once).
 */
static void
simulate(FunctionCallInfo fcinfo, const rsi_policy *const *policies, size_t npolicies,
		 const char *source_type, const char *operation)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	tupdesc;
	Tuplestorestate *store;
	MemoryContext old;
	char	  **actions,
			  **resources;
	int			nactions,
				nresources,
				a,
				r;
	static char *star[] = {"*"};
	rsi_pg_context ctx = {0};

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		(rsinfo->allowedModes & SFRM_Materialize) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "internal error: return type must be a row type");

	actions = text_array(fcinfo, 1, "action_names", operation, MAX_ACTION_CHARS, &nactions);
	resources = text_array(fcinfo, 2, "resource_arns", operation, MAX_RESOURCE_CHARS,
						   &nresources);
	if (nresources == 0)
	{
		resources = star;
		nresources = 1;
	}
	if (!PG_ARGISNULL(3))
		parse_context(PG_GETARG_JSONB_P(3), operation, &ctx);

	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	tupdesc = CreateTupleDescCopy(tupdesc);
	store = tuplestore_begin_heap(true, false, work_mem);
	MemoryContextSwitchTo(old);

	for (a = 0; a < nactions; a++)
	{
		for (r = 0; r < nresources; r++)
		{
			rsi_request req;
			rsi_eval_result res;
			Datum		values[5];
			bool		nulls[5] = {false, false, false, false, false};

			req.action = actions[a];
			req.resource = resources[r];
			req.context = ctx.entries;
			req.ncontext = (size_t) ctx.n;
			CHECK_FOR_INTERRUPTS();
			rsi_pg_evaluate(policies, npolicies, &req, operation, &res);
			/* palloc only below: an out-of-memory ereport would leak res */
			values[0] = CStringGetTextDatum(actions[a]);
			values[1] = CStringGetTextDatum(resources[r]);
			values[2] = CStringGetTextDatum(rsi_decision_name(res.decision));
			values[3] = matched_json(&res, source_type);
			values[4] = missing_array(&res);
			rsi_eval_result_free(&res);
			tuplestore_putvalues(store, tupdesc, values, nulls);
		}
	}
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = store;
	rsinfo->setDesc = tupdesc;
}

/*
 * redshift_iam.simulate_custom_policy(policy_input_list jsonb[],
 *     action_names text[], resource_arns text[], context_entries jsonb)
 */
Datum
rsi_sql_simulate_custom_policy(PG_FUNCTION_ARGS)
{
	const char *op = "SimulateCustomPolicy";
	const rsi_policy **policies = NULL;
	int			n = 0,
				i;

	rsi_pg_policy_memo_begin();
	if (!PG_ARGISNULL(0))
	{
		Datum	   *elems;
		bool	   *nulls;

		deconstruct_array(PG_GETARG_ARRAYTYPE_P(0), JSONBOID, -1, false, TYPALIGN_INT,
						  &elems, &nulls, &n);
		policies = palloc(sizeof(const rsi_policy *) * (n + 1));
		for (i = 0; i < n; i++)
		{
			char	   *id = psprintf("PolicyInputList.%d", i + 1);

			CHECK_FOR_INTERRUPTS();
			if (nulls[i])
				rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, "MalformedPolicyDocument", op,
								 NULL, "%s: the policy document is null", id);
			policies[i] = rsi_pg_compile_policy_memo(DatumGetJsonbP(elems[i]), id, op, id);
		}
	}
	simulate(fcinfo, (const rsi_policy *const *) policies, (size_t) n, "IAM Policy", op);
	return (Datum) 0;
}

/*
 * redshift_iam.simulate_principal_policy(policy_source_arn text,
 *     action_names text[], resource_arns text[], context_entries jsonb)
 */
Datum
rsi_sql_simulate_principal_policy(PG_FUNCTION_ARGS)
{
	const char *op = "SimulatePrincipalPolicy";
	rsi_principal p;
	const char *why;
	const char *arn;
	const rsi_policy *const *policies;
	size_t		n;

	if (PG_ARGISNULL(0))
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, INVALID_INPUT, op, NULL,
						 "policy_source_arn must not be null.");
	arn = text_to_cstring(PG_GETARG_TEXT_PP(0));
	why = rsi_principal_parse(arn, &p);
	if (why != NULL)
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, INVALID_INPUT, op,
						 "policy_source_arn is an IAM user or role ARN: arn:aws:iam::123456789012:user/etl.",
						 "%s is not a valid IAM principal ARN: %s", arn, why);
	/*
	 * Policies reveal what a principal may reach: a user who is not a
	 * superuser may simulate only the principal its own role acts as
	 * (docs/policy.md), the one its denials point it to.
	 */
	if (!superuser())
	{
		char	   *own = rsi_principal_of_role(GetUserId(), false);

		if (own == NULL || strcmp(own, arn) != 0)
			rsi_pg_aws_error(ERRCODE_INSUFFICIENT_PRIVILEGE, "AccessDenied", op,
							 "A user who is not a superuser can simulate only the principal its own database role is mapped to (redshift_iam.principals); simulate_custom_policy() tries any document.",
							 "User: %s is not authorized to perform: iam:SimulatePrincipalPolicy on resource: %s",
							 own ? own : quote_identifier(GetUserNameFromId(GetUserId(), false)),
							 arn);
	}
	if (!rsi_principal_known(arn))
		rsi_pg_aws_error(ERRCODE_UNDEFINED_OBJECT, "NoSuchEntity", op,
						 "The principal must hold a policy (redshift_iam.principal_policies) or be mapped to a database role (redshift_iam.principals).",
						 "The %s with name %s cannot be found.", p.is_user ? "user" : "role", p.name);
	n = rsi_principal_policies(arn, &policies);
	simulate(fcinfo, policies, n, p.is_user ? "user" : "role", op);
	return (Datum) 0;
}
