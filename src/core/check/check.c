/*
 * check.c — the command check rules (see check.h).
 *
 * Order: the cluster must exist and be available; the parse must have no
 * problems; then by authorization form: roles (the first of a chain must be
 * associated and in-sync), the default role, or keys (the
 * redshift_iam.access_keys policy).  Messages follow Redshift's form:
 * the dbuser ARN is "not authorized to assume IAM Role", with the reason in
 * the detail and the fix in the hint.
 *
 * Sources: Amazon Redshift Management Guide, "Authorizing Amazon Redshift
 * to access other AWS services" (only the first role of a chain is
 * associated with the cluster;
 * https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service.html);
 * Amazon Redshift API Reference, "ClusterIamRole" (only an in-sync role is
 * available for use;
 * https://docs.aws.amazon.com/redshift/latest/APIReference/API_ClusterIamRole.html).
 * A Redshift Serverless namespace holds the roles its workgroups use, with
 * the same statuses and default role; it is checked by the same rules, and
 * its refusals read as Redshift Serverless's ("Not authorized to get
 * credentials of role ..."), with fixes made in AWS and imported again
 * (Amazon Redshift Serverless API Reference, "UpdateNamespace":
 * https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_UpdateNamespace.html).
 */
#include "check/check.h"
#include "check/rule_catalog.h"
#include "cluster/cluster_rules.h"
#include "util/utf8.h"

#include <string.h>

const char *
rsi_assoc_status_name(rsi_assoc_status s)
{
	switch (s)
	{
		case RSI_ASSOC_ADDING:
			return "adding";
		case RSI_ASSOC_IN_SYNC:
			return "in-sync";
		case RSI_ASSOC_REMOVING:
			return "removing";
		case RSI_ASSOC_NONE:
			break;
	}
	return "not associated";
}

static void
deny(rsi_verdict *v, const char *sqlstate, const char *rule)
{
	v->allowed = 0;
	v->sqlstate = sqlstate;
	v->rule = rule;
}

/* What the catalog entry is called in messages. */
static const char *
noun(const rsi_cluster_view *cl)
{
	return cl->serverless ? "namespace" : "cluster";
}

/*
 * "User arn:<partition>:redshift:<region>:<acct>:dbuser:<cluster>/<user> is
 * not authorized to assume IAM Role <arn>"; Serverless says "Not authorized
 * to get credentials of role <arn>".
 */
static void
not_authorized(rsi_verdict *v, const rsi_cluster_view *cl, const rsi_check_options *opt, const char *arn)
{
	if (cl->serverless)
	{
		rsi_utf8_snprintf(v->message, sizeof(v->message),
						  "Not authorized to get credentials of role %s", arn);
		return;
	}
	rsi_utf8_snprintf(v->message, sizeof(v->message),
			 "User arn:%s:redshift:%s:%s:dbuser:%s/%s is not authorized to assume IAM Role %s",
			 rsi_region_partition(cl->region), cl->region, cl->account_id, cl->identifier,
			 opt->db_user ? opt->db_user : "unknown", arn);
}

/*
 * A hint that shows SQL to run: before, a, middle, b, after, with a and b
 * (b may be NULL) as SQL string literals.  Returns -1, with the hint
 * untouched, when it does not fit: SQL cut in half must not be shown, the
 * caller writes a hint without SQL instead.
 */
static int
sql_hint(rsi_verdict *v, const char *before, const char *a, const char *middle,
		 const char *b, const char *after)
{
	char		qa[sizeof(v->hint)];
	char		qb[sizeof(v->hint)];
	char		out[sizeof(v->hint)];

	if (rsi_sql_literal(qa, sizeof(qa), a) != 0 ||
		(b != NULL && rsi_sql_literal(qb, sizeof(qb), b) != 0))
		return -1;
	if (rsi_utf8_snprintf(out, sizeof(out), "%s%s%s%s%s", before, qa, middle,
						  b ? qb : "", after) != 0)
		return -1;
	memcpy(v->hint, out, sizeof(out));
	return 0;
}

static void
check_role(const rsi_cluster_view *cl, const rsi_check_options *opt, const char *arn,
		   int is_default, rsi_verdict *v)
{
	double		left = 0;
	rsi_assoc_status st = cl->role_status(cl->ctx, arn, &left);
	char		elsewhere[512];

	v->resolved_role = arn;
	switch (st)
	{
		case RSI_ASSOC_IN_SYNC:
			v->allowed = 1;
			v->sqlstate = "00000";
			v->rule = "ok";
			return;
		case RSI_ASSOC_ADDING:
			deny(v, "28000", "role-adding");
			not_authorized(v, cl, opt, arn);
			if (left < 0)		/* not known (offline input) */
				rsi_utf8_snprintf(v->detail, sizeof(v->detail),
						 "IAM role %s is still being associated with %s %s (ApplyStatus adding).",
						 arn, noun(cl), cl->identifier);
			else
				rsi_utf8_snprintf(v->detail, sizeof(v->detail),
						 "IAM role %s is still being associated with %s %s (ApplyStatus adding); it becomes in-sync in about %.0f s.",
						 arn, noun(cl), cl->identifier, left + 0.5);
			if (cl->serverless)
				rsi_utf8_snprintf(v->hint, sizeof(v->hint),
								  "Wait until aws redshift-serverless get-namespace shows the role in-sync, import it again with redshift_iam.import_namespaces(), then run the command again.");
			else if (sql_hint(v, "Wait until describe_clusters(", cl->identifier,
						 ") shows the role in-sync, then run the command again.", NULL, "") != 0)
				rsi_utf8_snprintf(v->hint, sizeof(v->hint),
								  "Wait until redshift_iam.describe_clusters() shows the role in-sync, then run the command again.");
			return;
		case RSI_ASSOC_REMOVING:
			deny(v, "28000", "role-removing");
			not_authorized(v, cl, opt, arn);
			rsi_utf8_snprintf(v->detail, sizeof(v->detail),
					 "IAM role %s is being removed from %s %s (ApplyStatus removing).",
					 arn, noun(cl), cl->identifier);
			if (cl->serverless)
				rsi_utf8_snprintf(v->hint, sizeof(v->hint),
								  "To keep using it, associate it with namespace %s again (aws redshift-serverless update-namespace --iam-roles, listing every role) and import the namespace again.",
								  cl->identifier);
			else if (sql_hint(v, "To keep using it, associate it again: SELECT redshift_iam.modify_cluster_iam_roles(",
						 cl->identifier, ", add_iam_roles => ARRAY[", arn, "]);") != 0)
				rsi_utf8_snprintf(v->hint, sizeof(v->hint),
								  "To keep using it, associate it again with redshift_iam.modify_cluster_iam_roles().");
			return;
		case RSI_ASSOC_NONE:
			break;
	}
	deny(v, "28000", is_default ? "default-role-not-associated" : "role-not-associated");
	not_authorized(v, cl, opt, arn);
	elsewhere[0] = '\0';
	if (cl->role_elsewhere)
		cl->role_elsewhere(cl->ctx, arn, elsewhere, sizeof(elsewhere));
	if (elsewhere[0])
		rsi_utf8_snprintf(v->detail, sizeof(v->detail),
				 "IAM role %s is not associated with %s %s; it is associated with: %s.",
				 arn, noun(cl), cl->identifier, elsewhere);
	else if (cl->serverless)
		rsi_utf8_snprintf(v->detail, sizeof(v->detail),
				 "IAM role %s is not associated with namespace %s.", arn, cl->identifier);
	else
		rsi_utf8_snprintf(v->detail, sizeof(v->detail),
				 "IAM role %s is not associated with cluster %s, nor with any other cluster in account %s.",
				 arn, cl->identifier, cl->account_id);
	if (cl->serverless)
		rsi_utf8_snprintf(v->hint, sizeof(v->hint),
						  "Associate it with namespace %s first (aws redshift-serverless update-namespace --iam-roles, listing every role), then import the namespace again with redshift_iam.import_namespaces().",
						  cl->identifier);
	else if (sql_hint(v, "Associate it first: SELECT redshift_iam.modify_cluster_iam_roles(",
				 cl->identifier, ", add_iam_roles => ARRAY[", arn, "]);") != 0)
		rsi_utf8_snprintf(v->hint, sizeof(v->hint),
						  "Associate it first with redshift_iam.modify_cluster_iam_roles().");
}

void
rsi_check_command(const rsi_command *cmd, const rsi_cluster_view *cl,
				  const rsi_check_options *opt, rsi_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->sqlstate = "00000";
	v->rule = "ok";

	if (!cl->found && cl->serverless)
	{
		deny(v, "42704", "cluster-not-found");
		rsi_utf8_snprintf(v->message, sizeof(v->message), "Namespace %s not found.", cl->identifier);
		rsi_utf8_snprintf(v->detail, sizeof(v->detail),
						  "Workgroup %s runs on namespace %s, which is not in the catalog.",
						  cl->workgroup ? cl->workgroup : "", cl->identifier);
		rsi_utf8_snprintf(v->hint, sizeof(v->hint),
						  "Import it with redshift_iam.import_namespaces(), from what aws redshift-serverless get-namespace prints.");
		return;
	}
	if (!cl->found)
	{
		deny(v, "42704", "cluster-not-found");
		rsi_utf8_snprintf(v->message, sizeof(v->message), "Cluster %s not found.", cl->identifier);
		rsi_utf8_snprintf(v->detail, sizeof(v->detail), "No cluster %s exists in account %s, region %s.",
				 cl->identifier, cl->account_id, cl->region);
		rsi_utf8_snprintf(v->hint, sizeof(v->hint),
				 "Check the identifier and redshift_iam.region, or list clusters with SELECT redshift_iam.describe_clusters();");
		return;
	}
	if (strcmp(cl->status, "available") != 0)
	{
		deny(v, "55000", "cluster-not-available");
		if (cl->serverless && cl->workgroup)
			rsi_utf8_snprintf(v->message, sizeof(v->message),
							  "Workgroup %s of namespace %s is not available (status %s).",
							  cl->workgroup, cl->identifier, cl->status);
		else if (cl->serverless)
			rsi_utf8_snprintf(v->message, sizeof(v->message), "Namespace %s is not available (status %s).",
							  cl->identifier, cl->status);
		else
			rsi_utf8_snprintf(v->message, sizeof(v->message), "Cluster %s is not available (ClusterStatus %s).",
							  cl->identifier, cl->status);
		rsi_utf8_snprintf(v->hint, sizeof(v->hint), "Run the command once the %s is available.",
						  cl->serverless && cl->workgroup ? "workgroup" : noun(cl));
		return;
	}
	if (cmd->nproblems > 0)
	{
		const rsi_problem *p = &cmd->problems[0];

		deny(v, "28000", p->code);
		if (cmd->nroles > 0)
			not_authorized(v, cl, opt, cmd->roles[0]);
		else if (cl->serverless)
			rsi_utf8_snprintf(v->message, sizeof(v->message),
							  "User %s cannot run this %s on namespace %s: its credentials cannot work as written",
							  opt->db_user ? opt->db_user : "unknown", rsi_cmd_kind_name(cmd->kind),
							  cl->identifier);
		else
			rsi_utf8_snprintf(v->message, sizeof(v->message),
					 "User arn:%s:redshift:%s:%s:dbuser:%s/%s cannot run this %s: its credentials cannot work as written",
					 rsi_region_partition(cl->region), cl->region, cl->account_id, cl->identifier,
					 opt->db_user ? opt->db_user : "unknown", rsi_cmd_kind_name(cmd->kind));
		rsi_utf8_snprintf(v->detail, sizeof(v->detail), "The command cannot work as written: %s.", p->message);
		{
			const rsi_rule *r = rsi_rule_find(p->code);

			rsi_utf8_snprintf(v->hint, sizeof(v->hint), "%s",
							  r ? r->help : "Fix the value and check the command again.");
		}
		return;
	}

	switch (cmd->auth)
	{
		case RSI_AUTH_IAM_ROLE:
		case RSI_AUTH_CREDENTIALS_ROLE:
			/* only the first role of a chain is associated with the cluster */
			check_role(cl, opt, cmd->roles[0], 0, v);
			return;
		case RSI_AUTH_IAM_ROLE_DEFAULT:
			if (cl->default_role == NULL && cl->serverless)
			{
				deny(v, "28000", "no-default-role");
				rsi_utf8_snprintf(v->message, sizeof(v->message),
								  "User %s cannot use IAM_ROLE default: namespace %s has no default IAM role",
								  opt->db_user ? opt->db_user : "unknown", cl->identifier);
				rsi_utf8_snprintf(v->detail, sizeof(v->detail),
								  "IAM_ROLE default means the role set as default and associated with the namespace; none is set.");
				rsi_utf8_snprintf(v->hint, sizeof(v->hint),
								  "Set one with aws redshift-serverless update-namespace --default-iam-role-arn (listing every role in --iam-roles) and import the namespace again.");
				return;
			}
			if (cl->default_role == NULL)
			{
				deny(v, "28000", "no-default-role");
				rsi_utf8_snprintf(v->message, sizeof(v->message),
						 "User arn:%s:redshift:%s:%s:dbuser:%s/%s cannot use IAM_ROLE default: cluster %s has no default IAM role",
						 rsi_region_partition(cl->region), cl->region, cl->account_id, cl->identifier,
						 opt->db_user ? opt->db_user : "unknown", cl->identifier);
				rsi_utf8_snprintf(v->detail, sizeof(v->detail),
						 "IAM_ROLE default means the role set as default and associated with the cluster; none is set.");
				if (sql_hint(v, "Set one: SELECT redshift_iam.modify_cluster_iam_roles(", cl->identifier,
							 ", default_iam_role_arn => '<role ARN>');", NULL, "") != 0)
					rsi_utf8_snprintf(v->hint, sizeof(v->hint),
									  "Set one with redshift_iam.modify_cluster_iam_roles(..., default_iam_role_arn => '<role ARN>').");
				return;
			}
			check_role(cl, opt, cl->default_role, 1, v);
			return;
		case RSI_AUTH_IAM_ROLE_SESSION:
		case RSI_AUTH_NONE:
			/* federated identity or no IAM role at all: nothing in the catalog to check */
			v->allowed = 1;
			return;
		case RSI_AUTH_CREDENTIALS_KEYS:
		case RSI_AUTH_ACCESS_KEYS:
			{
				int			temporary = cmd->access_key_id &&
					strncmp(cmd->access_key_id, "ASIA", 4) == 0;

				if (opt->keys_mode == RSI_KEYS_MODE_DENY ||
					(opt->keys_mode == RSI_KEYS_MODE_TEMPORARY && !(temporary && cmd->session_token)))
				{
					deny(v, "28000", "access-keys-refused");
					rsi_utf8_snprintf(v->message, sizeof(v->message),
							 "%s with access keys is not allowed on %s %s (redshift_iam.access_keys = %s)",
							 rsi_cmd_kind_name(cmd->kind), noun(cl), cl->identifier,
							 opt->keys_mode == RSI_KEYS_MODE_DENY ? "deny" : "temporary");
					rsi_utf8_snprintf(v->detail, sizeof(v->detail), "%s",
							 opt->keys_mode == RSI_KEYS_MODE_DENY ? "Key-based credentials are refused."
							 : "Only temporary credentials (an ASIA key ID with a session token) are allowed.");
					rsi_utf8_snprintf(v->hint, sizeof(v->hint),
							 "Use IAM_ROLE with a role associated with %s %s instead.", noun(cl), cl->identifier);
					return;
				}
				v->allowed = 1;
				if (opt->keys_mode == RSI_KEYS_MODE_WARN && !temporary)
				{
					v->warning = 1;
					v->rule = "long-term-access-key";
					rsi_utf8_snprintf(v->message, sizeof(v->message),
							 "%s uses a long-term access key (%s...) instead of an IAM role",
							 rsi_cmd_kind_name(cmd->kind),
							 cmd->access_key_id ? "AKIA" : "key");
					rsi_utf8_snprintf(v->hint, sizeof(v->hint),
							 "Prefer IAM_ROLE with a role associated with %s %s.", noun(cl), cl->identifier);
				}
				return;
			}
	}
}

size_t
rsi_verdict_pos(const rsi_command *cmd, const rsi_verdict *v)
{
	if (v->rule && (strcmp(v->rule, "cluster-not-found") == 0 ||
					strcmp(v->rule, "cluster-not-available") == 0))
		return cmd->off;
	if (cmd->nproblems > 0)
		return cmd->problems[0].off;
	return cmd->auth != RSI_AUTH_NONE ? cmd->auth_off : cmd->off;
}
