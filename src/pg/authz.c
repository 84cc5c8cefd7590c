/*
 * authz.c — who is calling, and may they?  The single hook point every
 * management function goes through.
 *
 * INTEGRATION POINT FOR ISSUE 5 (IAM policy enforcement): fill in
 * rsi_sql_authorize() below.  Today it allows everything and returns the
 * account the caller acts in.  Every management function calls
 *
 *     redshift_iam._authorize(action, resource, roles_to_pass, cluster_arn)
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
 * describe of every cluster).  The function must raise 42501 to deny.
 *
 * The caller is GetOuterUserId(): the session user, or the role chosen
 * with SET ROLE.  It is not changed by SECURITY DEFINER (which changes
 * only GetUserId()), so inside the management functions it is still the
 * database role that called them.
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "guc.h"
#include "rsi_catalog.h"

PG_FUNCTION_INFO_V1(rsi_sql_caller_account);
PG_FUNCTION_INFO_V1(rsi_sql_authorize);

/*
 * The account the caller acts in.  A superuser acts as the root of
 * redshift_iam.account_id.  Issue 5: a caller mapped to an IAM principal
 * acts in that principal's account; until then everyone acts in
 * redshift_iam.account_id.
 */
const char *
rsi_authz_caller_account(void)
{
	Oid			caller = GetOuterUserId();

	if (superuser_arg(caller))
		return rsi_guc_account_id;
	return rsi_guc_account_id;
}

/* redshift_iam._caller_account() RETURNS text */
Datum
rsi_sql_caller_account(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(rsi_authz_caller_account()));
}

/*
 * redshift_iam._authorize(action text, resource text, roles_to_pass text[],
 *                         cluster_arn text) RETURNS text
 *
 * Returns the account ID to act in, or raises 42501.
 */
Datum
rsi_sql_authorize(PG_FUNCTION_ARGS)
{
	Oid			caller = GetOuterUserId();

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("redshift_iam._authorize: action must not be null")));

	if (superuser_arg(caller))
		PG_RETURN_TEXT_P(cstring_to_text(rsi_guc_account_id));

	/* ISSUE 5: evaluate the caller's identity policies here. */
	PG_RETURN_TEXT_P(cstring_to_text(rsi_authz_caller_account()));
}
