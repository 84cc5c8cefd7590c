/*
 * policy_store.c — principals and their compiled policies (see rsi_policy.h).
 *
 * Cache.  Compiling a policy costs far more than evaluating it, so each
 * backend keeps the compiled policies of the principals it has seen, keyed
 * by principal ARN.  On each use the backend reads the version of every
 * policy row of the principal under its current snapshot — a small index
 * scan — and recompiles only when the list differs from the cached one.
 *
 * A row's version is (tableoid, xmin, ctid, generation).  The generation
 * alone is not enough: it comes from the sequence policy_generation, which
 * starts again at 1 after DROP EXTENSION / CREATE EXTENSION, setval() or
 * ALTER SEQUENCE ... RESTART, and a long-lived backend (a pooled
 * connection) would then take a new document for the one it compiled.
 * The table's OID changes with a reinstall, and every write of a row makes
 * a new tuple with the writing transaction's ID and its own place in the
 * table, so the version names one document whatever the sequence does.
 * That is exact in every case: other sessions' commits, our own
 * uncommitted puts, rollbacks, deletes, a reinstall, and a hot standby
 * (reading never writes).
 *
 * The cache lives in its own memory context under TopMemoryContext; a
 * principal's arrays are copied there only once its policies compiled, so
 * an error while loading leaks nothing, and a flush resets the context.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "storage/itemptr.h"
#include "utils/memutils.h"

#include "check/validate.h"
#include "catalog_probe.h"
#include "pg_util.h"
#include "rsi_catalog.h"
#include "rsi_policy.h"

#define ARN_KEY_SIZE	2056	/* ARNs are at most 2048 characters */
#define CACHE_MAX		256		/* principals per backend before a flush */

/* What names one written version of a policy row (see above). */
typedef struct row_version
{
	Oid			tableoid;
	TransactionId xmin;
	ItemPointerData ctid;
	int64		generation;
} row_version;

typedef struct cache_entry
{
	char		arn[ARN_KEY_SIZE];	/* hash key */
	int			npolicies;
	row_version *versions;		/* in policy_cache_cxt */
	rsi_policy **policies;		/* array in policy_cache_cxt, policies malloc'd */
} cache_entry;

static MemoryContext policy_cache_cxt = NULL;
static HTAB *policy_cache = NULL;

/* The columns that make a row_version, first in every cache query. */
#define VERSION_COLUMNS "p.tableoid, p.xmin, p.ctid, p.generation"
#define NVERSION_COLUMNS 4

static void
read_version(HeapTuple t, TupleDesc d, row_version *v)
{
	bool		isnull;

	v->tableoid = DatumGetObjectId(SPI_getbinval(t, d, 1, &isnull));
	v->xmin = DatumGetTransactionId(SPI_getbinval(t, d, 2, &isnull));
	ItemPointerCopy((ItemPointer) DatumGetPointer(SPI_getbinval(t, d, 3, &isnull)), &v->ctid);
	v->generation = DatumGetInt64(SPI_getbinval(t, d, 4, &isnull));
}

static bool
same_version(const row_version *a, const row_version *b)
{
	return a->tableoid == b->tableoid && a->xmin == b->xmin &&
		ItemPointerEquals((ItemPointer) &a->ctid, (ItemPointer) &b->ctid) &&
		a->generation == b->generation;
}

const char *
rsi_principal_parse(const char *arn, rsi_principal *out)
{
	rsi_role_arn parts;
	int			is_user = 0;
	const char *why = rsi_principal_arn_check(arn, strlen(arn), &parts, &is_user);

	if (why != NULL)
		return why;
	out->arn = pstrdup(arn);
	memcpy(out->account, parts.account, sizeof(out->account));
	out->is_user = is_user != 0;
	out->name = pnstrdup(arn + parts.name_off, parts.name_len);
	return NULL;
}

/* One-parameter catalog read (SPI connected), as the catalog's owner. */
static void
run_query(SPIPlanPtr *plan, const char *sql, Oid type, Datum arg)
{
	rsi_pg_catalog_read(plan, sql, 1, &type, &arg, "of the principals catalog");
}

char *
rsi_principal_of_role(Oid roleid, bool stale_error)
{
	MemoryContext cxt = CurrentMemoryContext;
	static SPIPlanPtr plan = NULL;
	char	   *rolname = GetUserNameFromId(roleid, false);
	char	   *result = NULL;
	char	   *mapped_as = NULL;

	/* by primary key without the executor (catalog_probe.h), else through SPI */
	if (!rsi_probe_principal(roleid, &result, &mapped_as))
	{
		SPI_connect();
		run_query(&plan, "SELECT p.principal_arn, p.db_role FROM redshift_iam.catalog_principals p"
				  " WHERE p.role_oid OPERATOR(pg_catalog.=) $1",
				  REGROLEOID, ObjectIdGetDatum(roleid));
		if (SPI_processed == 1)
		{
			bool		isnull;
			Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
			Datum		n = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull);

			result = MemoryContextStrdup(cxt, TextDatumGetCString(d));
			mapped_as = MemoryContextStrdup(cxt, NameStr(*DatumGetName(n)));
		}
		SPI_finish();
	}

	/* the OID names another role than the one mapped: grant nothing */
	if (result != NULL && strcmp(mapped_as, rolname) != 0 && !stale_error)
		return NULL;
	if (result != NULL && strcmp(mapped_as, rolname) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the IAM principal mapping of database role \"%s\" is stale", rolname),
				 errdetail("The mapping to %s was made for a role named \"%s\"; the role was renamed, or its OID now belongs to a new role, so the mapping grants nothing.",
						   result, mapped_as),
				 errhint("A superuser can map the role again: SELECT redshift_iam.map_principal(%s, %s);",
						 quote_literal_cstr(rolname), quote_literal_cstr(result))));
	return result;
}

bool
rsi_principal_known(const char *arn)
{
	static SPIPlanPtr plan = NULL;
	bool		known = false;

	SPI_connect();
	run_query(&plan, "SELECT EXISTS (SELECT 1 FROM redshift_iam.catalog_principal_policies p"
			  "                WHERE p.principal_arn OPERATOR(pg_catalog.=) ($1 COLLATE pg_catalog.\"C\"))"
			  "    OR EXISTS (SELECT 1 FROM redshift_iam.catalog_principals p"
			  "                WHERE p.principal_arn OPERATOR(pg_catalog.=) ($1 COLLATE pg_catalog.\"C\"))",
			  TEXTOID, CStringGetTextDatum(arn));
	if (SPI_processed == 1)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		known = !isnull && DatumGetBool(d);
	}
	SPI_finish();
	return known;
}

/* ---- compiling ---- */

static void
free_policy_callback(void *arg)
{
	rsi_policy_free((rsi_policy *) arg);
}

/*
 * Characters of a jsonb document's text that count toward IAM's size cap:
 * whitespace outside strings does not (IAM quotas); jsonb's own text form adds
 * only such whitespace, so a document counts the same however it was
 * written.
 */
static size_t
document_chars(const char *s, size_t len)
{
	size_t		n = 0,
				i;
	bool		in_string = false;

	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if ((c & 0xC0) == 0x80)
			continue;			/* UTF-8 continuation byte */
		if (in_string)
		{
			if (c == '\\' && i + 1 < len)
			{
				n++;			/* the escape and its letter: two characters */
				i++;
			}
			else if (c == '"')
				in_string = false;
		}
		else if (c == '"')
			in_string = true;
		else if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		n++;
	}
	return n;
}

rsi_policy *
rsi_pg_compile_policy(Jsonb *doc, const char *name, const char *operation, const char *where)
{
	char	   *text = JsonbToCString(NULL, &doc->root, VARSIZE(doc));

	return rsi_pg_compile_policy_text(text, strlen(text), name, RSI_POLICY_IDENTITY,
									  operation, where);
}

/* What a refusal of a document of kind asks the user to look at. */
static const char *
refusal_hint(rsi_policy_kind kind, const char *element)
{
	if (kind == RSI_POLICY_IDENTITY)
		return "docs/policy.md lists what a valid identity policy is; redshift_iam.simulate_custom_policy() tries a document without storing it.";
	if (strstr(element, "Principal") != NULL)
		return "A Principal is \"*\" or an object whose keys are AWS, Service, Federated or CanonicalUser and whose values are a string or an array of strings.";
	return "docs/iam-snapshot.md lists what a valid trust or resource-based policy is.";
}

rsi_policy *
rsi_pg_compile_policy_text(const char *text, size_t len, const char *name, rsi_policy_kind kind,
						   const char *operation, const char *where)
{
	char	   *utf8 = pg_server_to_any(text, (int) len, PG_UTF8);
	rsi_policy_options opts = {0};	/* the cap is applied here, without whitespace */
	rsi_policy_error err;
	rsi_policy *p;
	MemoryContextCallback *cb;

	if (document_chars(text, len) > RSI_POLICY_MAX_CHARS)
		rsi_pg_aws_error(ERRCODE_PROGRAM_LIMIT_EXCEEDED, "LimitExceeded", operation,
						 "Split the statements over several policies.",
						 "%s%sCannot exceed quota for PolicySize: %d",
						 where ? where : "", where ? ": " : "", RSI_POLICY_MAX_CHARS);

	/* allocate first, so nothing can fail between compiling and tracking */
	cb = palloc(sizeof(MemoryContextCallback));
	p = rsi_policy_parse_kind(utf8, strlen(utf8), name, kind, &opts, &err);
	if (p == NULL)
	{
		if (err.out_of_memory)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory while compiling a policy document")));
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, "MalformedPolicyDocument", operation,
						 refusal_hint(kind, err.element),
						 "%s%s%s: %s", where ? where : "", where ? ": " : "",
						 err.element, err.message);
	}
	cb->func = free_policy_callback;
	cb->arg = p;
	MemoryContextRegisterResetCallback(CurrentMemoryContext, cb);
	return p;
}

/* ---- the cache ---- */

static void
entry_free_policies(cache_entry *e)
{
	int			i;

	for (i = 0; i < e->npolicies; i++)
		rsi_policy_free(e->policies[i]);
	if (e->policies)
		pfree(e->policies);
	if (e->versions)
		pfree(e->versions);
	e->policies = NULL;
	e->versions = NULL;
	e->npolicies = 0;
}

static void
cache_flush(void)
{
	HASH_SEQ_STATUS seq;
	cache_entry *e;

	hash_seq_init(&seq, policy_cache);
	while ((e = hash_seq_search(&seq)) != NULL)
		entry_free_policies(e);
	policy_cache = NULL;
	MemoryContextReset(policy_cache_cxt);	/* the table and every array */
}

static void
cache_init(void)
{
	HASHCTL		ctl;

	if (policy_cache_cxt == NULL)
		policy_cache_cxt = AllocSetContextCreate(TopMemoryContext,
												 "redshift_iam policy cache",
												 ALLOCSET_DEFAULT_SIZES);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = ARN_KEY_SIZE;
	ctl.entrysize = sizeof(cache_entry);
	ctl.hcxt = policy_cache_cxt;
	policy_cache = hash_create("redshift_iam policy cache", 16, &ctl,
							   HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
}

/*
 * Load the principal's documents into e, replacing what it held.  The
 * documents were validated when they were put; one that no longer
 * compiles (a stricter engine after an upgrade) is an error naming it.
 */
static void
entry_load(cache_entry *e, const char *arn)
{
	static SPIPlanPtr plan = NULL;
	MemoryContext cxt = CurrentMemoryContext;
	int			n,
				i;
	char	  **names;
	char	  **docs;
	row_version *vers;
	rsi_policy **pols;
	rsi_policy_options opts = {0};
	rsi_policy_error err;

	SPI_connect();
	run_query(&plan, "SELECT " VERSION_COLUMNS ", p.policy_name, p.policy_document::pg_catalog.text"
			  "  FROM redshift_iam.catalog_principal_policies p"
			  " WHERE p.principal_arn OPERATOR(pg_catalog.=) ($1 COLLATE pg_catalog.\"C\")"
			  " ORDER BY p.policy_name",
			  TEXTOID, CStringGetTextDatum(arn));
	n = (int) SPI_processed;
	names = MemoryContextAlloc(cxt, sizeof(char *) * (n + 1));
	docs = MemoryContextAlloc(cxt, sizeof(char *) * (n + 1));
	vers = MemoryContextAlloc(cxt, sizeof(row_version) * (n + 1));
	pols = MemoryContextAllocZero(cxt, sizeof(rsi_policy *) * (n + 1));
	for (i = 0; i < n; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		TupleDesc	d = SPI_tuptable->tupdesc;
		bool		isnull;
		char	   *doc;

		CHECK_FOR_INTERRUPTS();
		read_version(t, d, &vers[i]);
		names[i] = MemoryContextStrdup(cxt, TextDatumGetCString(SPI_getbinval(t, d, NVERSION_COLUMNS + 1, &isnull)));
		doc = TextDatumGetCString(SPI_getbinval(t, d, NVERSION_COLUMNS + 2, &isnull));
		docs[i] = MemoryContextStrdup(cxt, pg_server_to_any(doc, (int) strlen(doc), PG_UTF8));
	}
	SPI_finish();

	/*
	 * From here to the swap nothing may raise while a compiled policy is
	 * not tracked: the policies are malloc'd.  The cache's arrays are made
	 * first, so an allocation failure leaves nothing behind but palloc'd
	 * memory of the call.
	 */
	{
		row_version *keep_vers = MemoryContextAlloc(policy_cache_cxt, sizeof(row_version) * (n + 1));
		rsi_policy **keep_pols = MemoryContextAllocZero(policy_cache_cxt, sizeof(rsi_policy *) * (n + 1));

		memcpy(keep_vers, vers, sizeof(row_version) * n);
		pfree(vers);
		pfree(pols);
		vers = keep_vers;
		pols = keep_pols;
	}
	for (i = 0; i < n; i++)
	{
		pols[i] = rsi_policy_parse_ext(docs[i], strlen(docs[i]), names[i], &opts, &err);
		if (pols[i] == NULL)
			break;
	}
	if (i < n)
	{
		int			j;

		for (j = 0; j < i; j++)
			rsi_policy_free(pols[j]);
		pfree(pols);
		pfree(vers);
		if (err.out_of_memory)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory while compiling the policies of %s", arn)));
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("policy \"%s\" of IAM principal %s no longer compiles: %s: %s",
						names[i], arn, err.element, err.message),
				 errhint("A superuser can replace it with redshift_iam.put_principal_policy() or remove it with redshift_iam.delete_principal_policy().")));
	}
	entry_free_policies(e);
	e->npolicies = n;
	e->versions = vers;
	e->policies = pols;
}

size_t
rsi_principal_policies(const char *arn, const rsi_policy *const **policies)
{
	static SPIPlanPtr plan = NULL;
	cache_entry *e;
	bool		found;
	int			n,
				i;
	bool		same;

	if (strlen(arn) >= ARN_KEY_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("an IAM principal ARN is at most 2048 characters")));
	if (policy_cache == NULL)
		cache_init();

	/* the row versions the current snapshot sees */
	SPI_connect();
	run_query(&plan, "SELECT " VERSION_COLUMNS " FROM redshift_iam.catalog_principal_policies p"
			  " WHERE p.principal_arn OPERATOR(pg_catalog.=) ($1 COLLATE pg_catalog.\"C\")"
			  " ORDER BY p.policy_name",
			  TEXTOID, CStringGetTextDatum(arn));
	n = (int) SPI_processed;
	e = hash_search(policy_cache, arn, HASH_FIND, NULL);
	same = e != NULL && e->npolicies == n;
	for (i = 0; same && i < n; i++)
	{
		row_version v;

		read_version(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, &v);
		same = same_version(&v, &e->versions[i]);
	}
	SPI_finish();

	if (!same)
	{
		if (e == NULL && hash_get_num_entries(policy_cache) >= CACHE_MAX)
		{
			cache_flush();
			cache_init();
		}
		e = hash_search(policy_cache, arn, HASH_ENTER, &found);
		if (!found)
		{
			e->npolicies = 0;
			e->versions = NULL;
			e->policies = NULL;
		}
		entry_load(e, arn);
	}
	*policies = (const rsi_policy *const *) e->policies;
	return (size_t) e->npolicies;
}

/* ---- requests ---- */

void
rsi_pg_context_add_list(rsi_pg_context *ctx, const char *key,
						const char *const *values, int nvalues)
{
	if (ctx->n == ctx->cap)
	{
		ctx->cap = ctx->cap ? ctx->cap * 2 : 8;
		ctx->entries = ctx->entries
			? repalloc(ctx->entries, sizeof(rsi_context_entry) * ctx->cap)
			: palloc(sizeof(rsi_context_entry) * ctx->cap);
	}
	ctx->entries[ctx->n].key = key;
	ctx->entries[ctx->n].values = values;
	ctx->entries[ctx->n].nvalues = (size_t) nvalues;
	ctx->n++;
}

void
rsi_pg_context_add(rsi_pg_context *ctx, const char *key, const char *value)
{
	const char **v = palloc(sizeof(char *));

	v[0] = value;
	rsi_pg_context_add_list(ctx, key, v, 1);
}

/* should_stop of the core's evaluation: is an interrupt waiting? */
static int
interrupt_pending(void *arg)
{
	return INTERRUPTS_PENDING_CONDITION() && INTERRUPTS_CAN_BE_PROCESSED();
}

void
rsi_pg_evaluate(const rsi_policy *const *policies, size_t n, const rsi_request *req,
				const char *operation, rsi_eval_result *out)
{
	rsi_eval_options opts = {0};
	rsi_eval_error err;
	int			rc;

	opts.max_expanded = RSI_POLICY_MAX_CHARS;
	opts.should_stop = interrupt_pending;
	for (;;)
	{
		CHECK_FOR_INTERRUPTS();
		rc = rsi_policy_evaluate_ext(policies, n, req, &opts, out, &err);
		if (rc != RSI_EVAL_STOPPED)
			break;
		/* the core freed what it made: raise the cancel, or start again */
	}
	if (rc == RSI_EVAL_TOO_LONG && operation == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%.128s%s%s: the policy variables expand to more than %d characters",
						err.policy, err.policy[0] ? ": " : "", err.element,
						RSI_POLICY_MAX_CHARS)));
	if (rc == RSI_EVAL_TOO_LONG)
		rsi_pg_aws_error(ERRCODE_PROGRAM_LIMIT_EXCEEDED, "LimitExceeded",
						 operation,
						 "A policy variable (${...}) is replaced by its context value; use shorter context values or fewer variables in one element.",
						 "%.128s%s%s: the policy variables expand to more than %d characters",
						 err.policy, err.policy[0] ? ": " : "", err.element,
						 RSI_POLICY_MAX_CHARS);
	if (rc != RSI_EVAL_OK)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while evaluating IAM policies")));
}
