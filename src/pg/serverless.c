/*
 * serverless.c — the C helper of the Redshift Serverless catalog.
 *
 * import_namespaces (extension/parts/25_serverless.sql) reads its document
 * with the core's one reader of list-namespaces, get-namespace,
 * list-workgroups and get-workgroup output (cluster/namespace.c), the
 * same reader the offline checker uses.  check_command and validate_script
 * find a namespace here when they are given a namespace or workgroup name
 * (or ARN) in place of a cluster identifier.
 */
#include "postgres.h"

#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "storage/bufmgr.h"

#include "cluster/namespace.h"
#include "pg_util.h"
#include "rsi_catalog.h"
#include "rsi_policy.h"
#include "catalog_probe.h"
#include "serverless.h"

PG_FUNCTION_INFO_V1(rsi_sql_parse_serverless_output);

/*
 * _parse_serverless_output(doc jsonb) RETURNS jsonb — raises 22023 naming
 * the bad element, or returns {"namespaces": [...], "workgroups": [...]}
 * normalised (namespace.h).  Each namespace and workgroup is filed under
 * the account and region of its own ARN; a caller that is not a superuser
 * acts in one account (its IAM principal's) and may import only that
 * account's (42501 otherwise), as AWS answers only an account's own
 * resources.
 */
Datum
rsi_sql_parse_serverless_output(PG_FUNCTION_ARGS)
{
	char	   *text_in;
	rsi_serverless_doc doc;
	char		err[512];
	char	   *out;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid Redshift Serverless output: the document is null")));
	text_in = rsi_pg_jsonb_to_text(PG_GETARG_JSONB_P(0));
	if (rsi_serverless_parse(text_in, strlen(text_in), &doc, err, sizeof(err)) != 0)
	{
		/* the caller's answer, not a fault of the PL/pgSQL that asked */
		error_context_stack = NULL;
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid Redshift Serverless output: %s", rsi_pg_valid_text(err)),
				 errhint("import_namespaces() takes the JSON that \"aws redshift-serverless list-namespaces\", \"get-namespace\", \"list-workgroups\" or \"get-workgroup\" prints.")));
	}
	if (!superuser_arg(GetOuterUserId()))
	{
		const char *acct = rsi_authz_caller_account();
		size_t		i;

		for (i = 0; i < doc.n_namespaces + doc.n_workgroups; i++)
		{
			bool		is_ns = i < doc.n_namespaces;
			const char *a = is_ns ? doc.namespaces[i].account :
				doc.workgroups[i - doc.n_namespaces].account;
			const char *name = is_ns ? doc.namespaces[i].name :
				doc.workgroups[i - doc.n_namespaces].name;

			if (strcmp(a, acct) != 0)
			{
				char	   *msg = psprintf("%s %s belongs to account %s, not to account %s the caller acts in",
										   is_ns ? "namespace" : "workgroup", name, a, acct);

				rsi_serverless_free(&doc);
				error_context_stack = NULL;
				ereport(ERROR,
						(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						 errmsg("%s", msg),
						 errhint("Import it as a database role mapped to a principal of that account, or as a superuser.")));
			}
		}
	}
	out = rsi_serverless_json_text(&doc);
	rsi_serverless_free(&doc);
	PG_RETURN_JSONB_P(rsi_pg_json_text_to_jsonb(out));
}

/* ---- checks against a namespace ---- */

static SPIPlanPtr plan_resolve;
static SPIPlanPtr plan_ns_role;

#define MAX_CANDIDATES 4

typedef struct candidate
{
	char	   *account;
	char	   *region;
	char	   *namespace_name;
	char	   *namespace_arn;	/* NULL: a workgroup's namespace not imported */
	char	   *status;
	char	   *default_role;
	char	   *workgroup;		/* NULL: named as a namespace */
	char	   *workgroup_status;
} candidate;

static char *
col(HeapTuple tup, int n)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, SPI_tuptable->tupdesc, n, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

static bool
same_namespace(const candidate *a, const candidate *b)
{
	return strcmp(a->account, b->account) == 0 && strcmp(a->region, b->region) == 0 &&
		strcmp(a->namespace_name, b->namespace_name) == 0;
}

/* "namespace x (account, region)" or "workgroup w of namespace x (...)" */
static void
describe_candidate(StringInfo s, const candidate *c)
{
	if (c->workgroup)
		appendStringInfo(s, "workgroup %s of namespace %s", c->workgroup, c->namespace_name);
	else
		appendStringInfo(s, "namespace %s", c->namespace_name);
	appendStringInfo(s, " (account %s, region %s)", c->account, c->region);
}

/*
 * The namespaces (directly, or as a workgroup's) that name, a name or an
 * ARN, stands for, in account (every account when ""), into SPI_tuptable.
 */
static void
read_candidates(const char *name, const char *account)
{
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2];

	values[0] = CStringGetTextDatum(name);
	values[1] = CStringGetTextDatum(account);
	rsi_pg_catalog_read(&plan_resolve,
						"SELECT n.account_id, n.region, n.namespace_name, n.namespace_arn, n.status,"
						"       n.default_iam_role_arn, NULL::pg_catalog.text, NULL::pg_catalog.text"
						"  FROM redshift_iam.catalog_namespaces n"
						" WHERE (n.namespace_name OPERATOR(pg_catalog.=) ($1 COLLATE pg_catalog.\"C\")"
						"        OR n.namespace_arn OPERATOR(pg_catalog.=) ($1 COLLATE pg_catalog.\"C\"))"
						"   AND ($2 OPERATOR(pg_catalog.=) '' OR n.account_id OPERATOR(pg_catalog.=) ($2 COLLATE pg_catalog.\"C\"))"
						" UNION ALL "
						"SELECT w.account_id, w.region, w.namespace_name, n.namespace_arn, n.status,"
						"       n.default_iam_role_arn, w.workgroup_name, w.status"
						"  FROM redshift_iam.catalog_workgroups w"
						"  LEFT JOIN redshift_iam.catalog_namespaces n"
						"    ON n.account_id OPERATOR(pg_catalog.=) w.account_id"
						"   AND n.region OPERATOR(pg_catalog.=) w.region"
						"   AND n.namespace_name OPERATOR(pg_catalog.=) w.namespace_name"
						" WHERE (w.workgroup_name OPERATOR(pg_catalog.=) ($1 COLLATE pg_catalog.\"C\")"
						"        OR w.workgroup_arn OPERATOR(pg_catalog.=) ($1 COLLATE pg_catalog.\"C\"))"
						"   AND ($2 OPERATOR(pg_catalog.=) '' OR w.account_id OPERATOR(pg_catalog.=) ($2 COLLATE pg_catalog.\"C\"))"
						" LIMIT 8",
						2, types, values, "of a Serverless namespace");
}

/*
 * Could the Serverless tables hold a row?  A table of no blocks holds none
 * for any snapshot, so a catalog that never imported a namespace costs a
 * check no extra read.
 */
static bool serverless_tables_used_read(void);

static bool
serverless_tables_used(void)
{
	bool		unused;

	/* by the checks' probes (cached per backend), when they can tell */
	if (rsi_probe_serverless_unused(&unused))
		return !unused;
	return serverless_tables_used_read();
}

static bool
serverless_tables_used_read(void)
{
	static const char *const tables[] = {"catalog_namespaces", "catalog_workgroups"};
	Oid			nsp = get_namespace_oid("redshift_iam", true);
	int			i;

	for (i = 0; i < 2; i++)
	{
		Oid			relid = OidIsValid(nsp) ? get_relname_relid(tables[i], nsp) : InvalidOid;
		Relation	rel;
		BlockNumber blocks;

		if (!OidIsValid(relid))
			return true;		/* cannot tell: look */
		rel = table_open(relid, AccessShareLock);
		blocks = RelationGetNumberOfBlocks(rel);
		table_close(rel, AccessShareLock);
		if (blocks > 0)
			return true;
	}
	return false;
}

bool
rsi_pg_serverless_known(const char *name)
{
	char	   *principal;
	Oid			role = GetUserId();
	const char *account = rsi_authz_account_of(role, &principal);
	bool		known;

	if (!serverless_tables_used())
		return false;
	SPI_connect();
	read_candidates(name, superuser_arg(role) || principal == NULL ? "" : account);
	known = SPI_processed > 0;
	SPI_finish();
	return known;
}

void
rsi_pg_serverless_resolve(rsi_pg_check_ctx *ctx, const char *name)
{
	candidate	cands[MAX_CANDIDATES];
	int			ncand = 0;
	uint64		i;
	candidate  *c;

	if (!rsi_serverless_ref_ok(name, strlen(name)) || !serverless_tables_used())
		return;
	/* a mapped principal sees its own account; a superuser every account */
	read_candidates(name, superuser_arg(ctx->db_role) || ctx->principal == NULL ? "" : ctx->account_id);
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		candidate	k;
		int			j;

		k.account = col(tup, 1);
		k.region = col(tup, 2);
		k.namespace_name = col(tup, 3);
		k.namespace_arn = col(tup, 4);
		k.status = col(tup, 5);
		k.default_role = col(tup, 6);
		k.workgroup = col(tup, 7);
		k.workgroup_status = col(tup, 8);
		for (j = 0; j < ncand; j++)
			if (same_namespace(&cands[j], &k))
				break;
		if (j < ncand)
		{
			/* a workgroup named like its own namespace: the workgroup's status counts too */
			if (k.workgroup && cands[j].workgroup == NULL)
			{
				cands[j].workgroup = k.workgroup;
				cands[j].workgroup_status = k.workgroup_status;
			}
			continue;
		}
		if (ncand < MAX_CANDIDATES)
			cands[ncand++] = k;
	}
	SPI_freetuptable(SPI_tuptable);
	if (ncand == 0)
		return;

	if (ncand > 1 || ctx->status != NULL)
	{
		StringInfoData what;
		int			j;

		initStringInfo(&what);
		if (ctx->status != NULL)
			appendStringInfo(&what, "cluster %s (account %s, region %s)", ctx->cluster,
							 ctx->account_id, ctx->region);
		for (j = 0; j < ncand; j++)
		{
			if (what.len > 0)
				appendStringInfoString(&what, j == ncand - 1 ? " and " : ", ");
			describe_candidate(&what, &cands[j]);
		}
		ereport(ERROR,
				(errcode(ERRCODE_AMBIGUOUS_ALIAS),
				 errmsg("\"%s\" names more than one cluster or Redshift Serverless namespace", name),
				 errdetail("It names %s.", what.data),
				 errhint("Pass the ARN of the one to check instead of its name%s%s%s.",
						 ctx->status != NULL ? ", such as " : "",
						 ctx->status != NULL ? ctx->cluster_arn : "",
						 ctx->status != NULL && cands[0].namespace_arn ?
						 psprintf(" or %s", cands[0].namespace_arn) : "")));
	}

	c = &cands[0];
	ctx->serverless = true;
	ctx->workgroup = c->workgroup;
	ctx->account_id = c->account;
	ctx->region = c->region;
	ctx->cluster = c->namespace_name;
	ctx->cluster_arn = c->namespace_arn ? c->namespace_arn : ctx->cluster_arn;
	ctx->default_role = c->default_role;
	{
		char		buf[72];
		const char *st = rsi_serverless_effective_status(c->status, c->workgroup_status, buf, sizeof(buf));

		ctx->status = st ? pstrdup(st) : NULL;
	}
}

void
rsi_pg_namespace_role_read(const rsi_pg_check_ctx *ctx, const char *arn)
{
	Oid			types[4] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID};
	Datum		values[4];

	values[0] = CStringGetTextDatum(ctx->account_id);
	values[1] = CStringGetTextDatum(ctx->region);
	values[2] = CStringGetTextDatum(ctx->cluster);
	values[3] = CStringGetTextDatum(arn);
	/* imported statuses do not move: the time to in-sync is not known (-1) */
	rsi_pg_catalog_read(&plan_ns_role,
						"SELECT r.apply_status, -1::pg_catalog.float8"
						"  FROM redshift_iam.catalog_namespace_iam_roles r"
						" WHERE r.account_id OPERATOR(pg_catalog.=) ($1 COLLATE pg_catalog.\"C\")"
						"   AND r.region OPERATOR(pg_catalog.=) ($2 COLLATE pg_catalog.\"C\")"
						"   AND r.namespace_name OPERATOR(pg_catalog.=) ($3 COLLATE pg_catalog.\"C\")"
						"   AND r.iam_role_arn OPERATOR(pg_catalog.=) ($4 COLLATE pg_catalog.\"C\")",
						4, types, values, "of a namespace's role");
}
