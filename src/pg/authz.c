/*
 * authz.c — who is calling, and may they?  The single hook point every
 * management function goes through (IAM policy enforcement).
 *
 * Every management function calls
 *
 *     redshift_iam_internal._authorize(action, resource, roles_to_pass, cluster_arn)
 *
 * before it looks at or changes the catalog:
 *
 *   create_cluster             redshift:CreateCluster       on the new cluster ARN
 *   modify_cluster_iam_roles   redshift:ModifyClusterIamRoles on the cluster ARN
 *   describe_clusters          redshift:DescribeClusters    on the cluster ARN, or '*'
 *   delete_cluster             redshift:DeleteCluster       on the cluster ARN
 *   apply_pending_changes      redshift_iam:ApplyPendingChanges on the cluster ARN, or '*'
 *   import_clusters            redshift:CreateCluster       on each imported cluster ARN
 *
 * roles_to_pass lists every role that needs iam:PassRole (iam_roles,
 * add_iam_roles and a non-empty default_iam_role_arn; never the removed
 * ones); cluster_arn is the value of iam:AssociatedResourceArn (NULL for a
 * describe of every cluster).  A denial raises 42501 with IAM's message
 * ("User: ... is not authorized to perform: ...") before anything has
 * changed.
 *
 * The caller is GetOuterUserId(): the session user, or the role chosen
 * with SET ROLE.  It is not changed by SECURITY DEFINER (which changes
 * only GetUserId()), so inside the management functions (which are
 * SECURITY DEFINER themselves) it is still the database role that called
 * them.  The checks (check_command, validate_script; not SECURITY DEFINER)
 * take their caller from GetUserId() instead, for the account, the
 * principal and ASSUMEROLE alike (rsi_authz_account_of): the role whose
 * rights the checked command would run with, which inside a user's
 * SECURITY DEFINER function is its owner.  A superuser acts as the root of
 * redshift_iam.account_id and is never evaluated, as the AWS root user is
 * not; everyone else acts as the IAM principal its role is mapped to
 * (redshift_iam.map_principal), in that principal's account.
 *
 * One exception, for redshift-iam-endpoint: while the setting
 * redshift_iam.caller_access_key names an access key, the management
 * functions act as that key's IAM user, whose policies are evaluated as a
 * mapped role's are, whatever the connection role is (a superuser too), as
 * IAM authorizes a signed request.  The setting is PGC_SUSET: only superusers and roles granted
 * SET ON PARAMETER (the endpoint's connection role, after it verified the
 * signature) can name a key, so no other role can act as a principal.  A
 * key that is deleted or inactive by then is refused (28000).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "guc.h"
#include "pg_util.h"
#include "rsi_catalog.h"
#include "rsi_policy.h"

PG_FUNCTION_INFO_V1(rsi_sql_caller_account);
PG_FUNCTION_INFO_V1(rsi_sql_authorize);

#define PASSED_TO_SERVICE "redshift.amazonaws.com"

/* A denial is the API's answer, not a fault of the PL/pgSQL that asked. */
#define DROP_ERROR_CONTEXT() (error_context_stack = NULL)

/* The mapped principal of a non-superuser caller, or NULL. */
static bool
caller_principal(Oid caller, rsi_principal *p)
{
	char	   *arn = rsi_principal_of_role(caller, true);

	if (arn == NULL)
		return false;
	/* map_principal validated it; a row edited by hand is refused here */
	if (rsi_principal_parse(arn, p) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("database role \"%s\" is mapped to \"%.2048s\", which is not an IAM user or role ARN",
						GetUserNameFromId(caller, false), arn),
				 errhint("A superuser can map it again with redshift_iam.map_principal().")));
	return true;
}

/* Is the caller a request signed with an access key (endpoint)? */
static bool
acting_key(void)
{
	return rsi_guc_caller_access_key != NULL && rsi_guc_caller_access_key[0] != '\0';
}

/* The IAM user of the active access key redshift_iam.caller_access_key names. */
static void
key_principal(rsi_principal *p)
{
	static SPIPlanPtr plan = NULL;
	MemoryContext cxt = CurrentMemoryContext;
	const char *key = rsi_guc_caller_access_key;
	Oid			type = TEXTOID;
	Datum		arg = CStringGetTextDatum(key);
	char	   *arn = NULL;

	SPI_connect();
	rsi_pg_catalog_read(&plan,
						"SELECT k.principal_arn FROM redshift_iam.catalog_access_keys k"
						" WHERE k.access_key_id OPERATOR(pg_catalog.=) ($1 COLLATE pg_catalog.\"C\")"
						"   AND k.status OPERATOR(pg_catalog.=) 'Active'",
						1, &type, &arg, "of the access keys");
	if (SPI_processed == 1)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		if (!isnull)
			arn = MemoryContextStrdup(cxt, TextDatumGetCString(d));
	}
	SPI_finish();
	if (arn == NULL || rsi_principal_parse(arn, p) != NULL)
	{
		DROP_ERROR_CONTEXT();
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION),
				 errmsg("access key \"%s\" does not exist or is not active",
						rsi_pg_excerpt(key, strlen(key), 128)),
				 errdetail("The setting redshift_iam.caller_access_key names the key the management functions act as."),
				 errhint("A superuser can list the keys with redshift_iam.list_access_keys().")));
	}
}

/*
 * The account the caller acts in: redshift_iam.account_id for a superuser
 * (root) or an unmapped role, else its principal's account.
 */
const char *
rsi_authz_caller_account(void)
{
	Oid			caller = GetOuterUserId();
	rsi_principal p;

	if (acting_key())
	{
		key_principal(&p);
		return pstrdup(p.account);
	}
	if (superuser_arg(caller))
		return rsi_guc_account_id;
	if (caller_principal(caller, &p))
		return pstrdup(p.account);
	return rsi_guc_account_id;
}

const char *
rsi_authz_account_of(Oid role, char **principal)
{
	rsi_principal p;

	*principal = NULL;
	if (superuser_arg(role))
	{
		*principal = rsi_principal_of_role(role, false);
		return rsi_guc_account_id;
	}
	if (caller_principal(role, &p))
	{
		*principal = p.arn;
		return pstrdup(p.account);
	}
	return rsi_guc_account_id;
}

/* redshift_iam_internal._caller_account() RETURNS text */
Datum
rsi_sql_caller_account(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(rsi_authz_caller_account()));
}

/* The request context IAM gives every call of this principal. */
static void
principal_context(const rsi_principal *p, rsi_pg_context *ctx)
{
	pg_time_t	t = timestamptz_to_time_t(GetCurrentTimestamp());
	char	   *iso = palloc(32);

	pg_strftime(iso, 32, "%Y-%m-%dT%H:%M:%SZ", pg_gmtime(&t));
	if (p->is_user)
		rsi_pg_context_add(ctx, "aws:username", p->name);
	rsi_pg_context_add(ctx, "aws:PrincipalArn", p->arn);
	rsi_pg_context_add(ctx, "aws:PrincipalAccount", pstrdup(p->account));
	rsi_pg_context_add(ctx, "aws:PrincipalType", p->is_user ? "User" : "AssumedRole");
	rsi_pg_context_add(ctx, "aws:RequestedRegion", pstrdup(rsi_guc_region));
	rsi_pg_context_add(ctx, "aws:CurrentTime", iso);
	rsi_pg_context_add(ctx, "aws:EpochTime", psprintf("%lld", (long long) t));
}

static void
deny(Oid caller, const rsi_principal *p, size_t npolicies, const char *action,
	 const char *resource, const rsi_eval_result *res)
{
	StringInfoData detail;
	size_t		i;

	/* the resource holds what the caller passed: show a bounded excerpt */
	resource = rsi_pg_excerpt(resource, strlen(resource), RSI_EXCERPT_ARN);
	initStringInfo(&detail);
	if (acting_key())
		appendStringInfo(&detail, "Access key %s belongs to IAM user %s",
						 rsi_guc_caller_access_key, p->arn);
	else
		appendStringInfo(&detail, "Database role \"%s\" acts as IAM principal %s",
						 GetUserNameFromId(caller, false), p->arn);
	if (res->decision == RSI_DECISION_EXPLICIT_DENY)
	{
		appendStringInfoString(&detail, "; decision explicitDeny by");
		for (i = 0; i < res->nmatched; i++)
		{
			const rsi_matched_statement *m = &res->matched[i];

			appendStringInfo(&detail, "%s Statement[%d]%s%s%s of policy \"%s\"",
							 i ? "," : "", m->statement_index,
							 m->sid && *m->sid ? " (Sid \"" : "",
							 m->sid && *m->sid ? m->sid : "",
							 m->sid && *m->sid ? "\")" : "", m->policy_name);
		}
		appendStringInfoChar(&detail, '.');
	}
	else
	{
		appendStringInfo(&detail, "; decision implicitDeny: none of its %zu %s allows the action",
						 npolicies, npolicies == 1 ? "policy" : "policies");
		if (res->nmissing > 0)
		{
			appendStringInfoString(&detail, "; the request has no value for");
			for (i = 0; i < res->nmissing; i++)
				appendStringInfo(&detail, "%s %s", i ? "," : "", res->missing_context[i]);
		}
		appendStringInfoChar(&detail, '.');
	}

	DROP_ERROR_CONTEXT();
	if (res->decision == RSI_DECISION_EXPLICIT_DENY)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("User: %s is not authorized to perform: %s on resource: %s with an explicit deny in an identity-based policy",
						p->arn, action, resource),
				 errdetail_internal("%s", detail.data),
				 errhint("An explicit Deny overrides every Allow: a superuser must narrow or remove that statement (redshift_iam.put_principal_policy, redshift_iam.delete_principal_policy).")));
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("User: %s is not authorized to perform: %s on resource: %s because no identity-based policy allows the %s action",
					p->arn, action, resource, action),
			 errdetail_internal("%s", detail.data),
			 errhint("A superuser can attach a policy that allows it with redshift_iam.put_principal_policy(); SELECT * FROM redshift_iam.simulate_principal_policy(%s, ARRAY[%s], ARRAY[%s]) shows how the principal's policies decide.",
					 quote_literal_cstr(p->arn), quote_literal_cstr(action),
					 quote_literal_cstr(resource))));
}

/* Evaluate one request and raise unless it is allowed. */
static void
authorize_one(Oid caller, const rsi_principal *p, const rsi_policy *const *policies,
			  size_t npolicies, const char *action, const char *resource,
			  const rsi_pg_context *ctx)
{
	rsi_request req;
	rsi_eval_result res;

	req.action = action;
	req.resource = resource;
	req.context = ctx->entries;
	req.ncontext = (size_t) ctx->n;
	rsi_pg_evaluate(policies, npolicies, &req, NULL, &res);
	if (res.decision == RSI_DECISION_ALLOWED)
	{
		rsi_eval_result_free(&res);
		return;
	}
	/* copy what the message needs, so no malloc'd result outlives the ereport */
	{
		rsi_eval_result copy = res;
		size_t		i;

		copy.matched = palloc0(sizeof(rsi_matched_statement) * (res.nmatched + 1));
		for (i = 0; i < res.nmatched; i++)
		{
			copy.matched[i] = res.matched[i];
			copy.matched[i].policy_name = pstrdup(res.matched[i].policy_name
												  ? res.matched[i].policy_name : "");
			copy.matched[i].sid = res.matched[i].sid ? pstrdup(res.matched[i].sid) : NULL;
		}
		copy.missing_context = palloc0(sizeof(char *) * (res.nmissing + 1));
		for (i = 0; i < res.nmissing; i++)
			copy.missing_context[i] = pstrdup(res.missing_context[i]);
		rsi_eval_result_free(&res);
		deny(caller, p, npolicies, action, resource, &copy);
	}
}

/*
 * redshift_iam_internal._authorize(action text, resource text, roles_to_pass text[],
 *                         cluster_arn text) RETURNS text
 *
 * Returns the account ID to act in, or raises 42501.
 */
Datum
rsi_sql_authorize(PG_FUNCTION_ARGS)
{
	Oid			caller = GetOuterUserId();
	const char *action;
	const char *resource;
	const char *cluster_arn;
	rsi_principal p;
	const rsi_policy *const *policies;
	size_t		npolicies;
	rsi_pg_context ctx = {0};

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("redshift_iam_internal._authorize: action must not be null")));

	if (acting_key())
		key_principal(&p);
	else if (superuser_arg(caller))
		PG_RETURN_TEXT_P(cstring_to_text(rsi_guc_account_id));
	else if (!caller_principal(caller, &p))
	{
		if (!rsi_guc_enforce_iam_policies)
			PG_RETURN_TEXT_P(cstring_to_text(rsi_guc_account_id));
		DROP_ERROR_CONTEXT();
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("database role \"%s\" is not mapped to an IAM principal",
						GetUserNameFromId(caller, false)),
				 errdetail("redshift_iam.enforce_iam_policies is on: a role that is not a superuser needs an IAM principal whose identity policies allow %s.",
						   text_to_cstring(PG_GETARG_TEXT_PP(0))),
				 errhint("A superuser can map it: SELECT redshift_iam.map_principal(%s, 'arn:aws:iam::%s:user/<name>');",
						 quote_literal_cstr(GetUserNameFromId(caller, false)),
						 rsi_guc_account_id)));
	}
	if (!rsi_guc_enforce_iam_policies)
		PG_RETURN_TEXT_P(cstring_to_text(p.account));

	action = text_to_cstring(PG_GETARG_TEXT_PP(0));
	resource = PG_ARGISNULL(1) ? "*" : text_to_cstring(PG_GETARG_TEXT_PP(1));
	cluster_arn = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));

	npolicies = rsi_principal_policies(p.arn, &policies);
	principal_context(&p, &ctx);
	authorize_one(caller, &p, policies, npolicies, action, resource, &ctx);

	/* iam:PassRole on every role handed to the cluster, each on its own, with
	 * iam:PassedToService and iam:AssociatedResourceArn in the context */
	if (!PG_ARGISNULL(2))
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(2);
		Datum	   *elems;
		bool	   *nulls;
		char	  **roles;
		int			nelems,
					i,
					j;

		deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &nelems);
		rsi_pg_context_add(&ctx, "iam:PassedToService", PASSED_TO_SERVICE);
		if (cluster_arn != NULL)
			rsi_pg_context_add(&ctx, "iam:AssociatedResourceArn", cluster_arn);
		roles = palloc0(sizeof(char *) * (nelems + 1));
		for (i = 0; i < nelems; i++)
		{
			bool		seen = false;

			CHECK_FOR_INTERRUPTS();
			if (nulls[i])
				continue;
			roles[i] = TextDatumGetCString(elems[i]);
			for (j = 0; j < i && !seen; j++)
				seen = roles[j] != NULL && strcmp(roles[i], roles[j]) == 0;
			if (!seen)
				authorize_one(caller, &p, policies, npolicies, "iam:PassRole",
							  roles[i], &ctx);
		}
	}
	PG_RETURN_TEXT_P(cstring_to_text(p.account));
}
