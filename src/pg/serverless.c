/*
 * serverless.c — the C helper of the Redshift Serverless catalog.
 *
 * import_namespaces (extension/parts/25_serverless.sql) reads its document
 * with the core's one reader of list-namespaces, get-namespace,
 * list-workgroups and get-workgroup output (cluster/namespace.c), the
 * same reader the offline checker uses.
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "cluster/namespace.h"
#include "pg_util.h"
#include "rsi_catalog.h"

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
