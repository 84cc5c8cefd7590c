/*
 * check.c — the command check rules (see check.h).
 *
 * Order: the cluster must exist and be available; the parse must have no
 * problems; then by authorization form: roles (the first of a chain must be
 * associated and in-sync), the default role, or keys (the
 * redshift_iam.access_keys policy).  Messages follow PostgreSQL's style
 * (lower-case, no final period) and state the reason first: a value
 * problem's own message ("role name instead of role ARN: ..."), "IAM role
 * X is not associated with cluster Y"; Redshift's own error ("User <dbuser ARN> is not authorized to assume
 * IAM Role X") is the detail, the fix (hint.c) the hint.
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
 * Redshift Serverless's own refusal ("Not authorized to get credentials of
 * role ...") is the detail (Amazon Redshift Serverless API Reference,
 * "UpdateNamespace":
 * https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_UpdateNamespace.html).
 */
#include "check/check.h"
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

static void
set_fix(rsi_verdict *v, rsi_fix_kind kind, const rsi_cluster_view *cl, const char *role)
{
	v->fix.kind = kind;
	v->fix.cluster = cl->identifier;
	v->fix.role = role;
	v->fix.serverless = cl->serverless;
}

/* Redshift's words: "User arn:<partition>:redshift:<region>:<acct>:dbuser:<cluster>/<user>" */
static void
dbuser_arn(char *buf, size_t n, const rsi_cluster_view *cl, const rsi_check_options *opt)
{
	rsi_utf8_snprintf(buf, n, "User arn:%s:redshift:%s:%s:dbuser:%s/%s",
					  rsi_region_partition(cl->region), cl->region, cl->account_id, cl->identifier,
					  opt->db_user ? opt->db_user : "unknown");
}

/*
 * The detail of a refused role: Redshift's error for it, then why (after,
 * a sentence, may be empty).
 */
static void
redshift_refuses(rsi_verdict *v, const rsi_cluster_view *cl, const rsi_check_options *opt,
				 const char *arn, const char *after)
{
	char		user[512];

	if (cl->serverless)
	{
		rsi_utf8_snprintf(v->detail, sizeof(v->detail),
						  "Redshift Serverless refuses it: Not authorized to get credentials of role %s.%s%s",
						  arn, after[0] ? " " : "", after);
		return;
	}
	dbuser_arn(user, sizeof(user), cl, opt);
	rsi_utf8_snprintf(v->detail, sizeof(v->detail),
					  "Redshift refuses it: %s is not authorized to assume IAM Role %s.%s%s",
					  user, arn, after[0] ? " " : "", after);
}

/* which role check_role checks: the rule ids differ */
typedef enum role_use
{
	ROLE_NAMED,					/* IAM_ROLE 'arn' or CREDENTIALS aws_iam_role */
	ROLE_DEFAULT,				/* IAM_ROLE default */
	ROLE_CATALOG				/* CATALOG_ROLE 'arn' */
} role_use;

static void
check_role(const rsi_cluster_view *cl, const rsi_check_options *opt, const char *arn,
		   role_use use, rsi_verdict *v)
{
	int			catalog = (use == ROLE_CATALOG);
	const char *what = catalog ? "CATALOG_ROLE " : "";
	double		left = 0;
	rsi_assoc_status st = cl->role_status(cl->ctx, arn, &left);
	char		elsewhere[512];
	char		why[1024];

	v->resolved_role = arn;
	switch (st)
	{
		case RSI_ASSOC_IN_SYNC:
			v->allowed = 1;
			v->sqlstate = "00000";
			v->rule = "ok";
			return;
		case RSI_ASSOC_ADDING:
			if (catalog)
				deny(v, "28000", "catalog-role-adding");
			else
				deny(v, "28000", "role-adding");
			rsi_utf8_snprintf(v->message, sizeof(v->message),
							  "%sIAM role %s is still being associated with %s %s (ApplyStatus adding)",
							  what, arn, noun(cl), cl->identifier);
			if (left < 0)		/* not known (offline input) */
				why[0] = '\0';
			else
				rsi_utf8_snprintf(why, sizeof(why), "The role becomes in-sync in about %.0f s.", left + 0.5);
			redshift_refuses(v, cl, opt, arn, why);
			set_fix(v, RSI_FIX_WAIT_IN_SYNC, cl, arn);
			return;
		case RSI_ASSOC_REMOVING:
			if (catalog)
				deny(v, "28000", "catalog-role-removing");
			else
				deny(v, "28000", "role-removing");
			rsi_utf8_snprintf(v->message, sizeof(v->message),
							  "%sIAM role %s is being removed from %s %s (ApplyStatus removing)",
							  what, arn, noun(cl), cl->identifier);
			redshift_refuses(v, cl, opt, arn, "");
			set_fix(v, RSI_FIX_KEEP_ROLE, cl, arn);
			return;
		case RSI_ASSOC_NONE:
			break;
	}
	if (use == ROLE_DEFAULT)
		deny(v, "28000", "default-role-not-associated");
	else if (catalog)
		deny(v, "28000", "catalog-role-not-associated");
	else
		deny(v, "28000", "role-not-associated");
	rsi_utf8_snprintf(v->message, sizeof(v->message), "%sIAM role %s is not associated with %s %s",
					  use == ROLE_DEFAULT ? "default " : what, arn, noun(cl), cl->identifier);
	elsewhere[0] = '\0';
	if (cl->role_elsewhere)
		cl->role_elsewhere(cl->ctx, arn, elsewhere, sizeof(elsewhere));
	if (elsewhere[0])
		rsi_utf8_snprintf(why, sizeof(why), "The role is associated with: %s.", elsewhere);
	else if (cl->serverless)
		rsi_utf8_snprintf(why, sizeof(why), "The role is not among the IAM roles of namespace %s.",
						  cl->identifier);
	else
		rsi_utf8_snprintf(why, sizeof(why), "The role is not associated with any other cluster in account %s.",
						  cl->account_id);
	redshift_refuses(v, cl, opt, arn, why);
	set_fix(v, RSI_FIX_ASSOCIATE, cl, arn);
}

/*
 * May the cluster run a command: now, later by itself (paused, resuming,
 * modifying, ...: the role verdicts still come, with a warning), or never
 * as it is (deleting, storage-full, ...).  A namespace or workgroup has its
 * own statuses: only "available" runs.
 */
static rsi_cluster_usability
usability(const rsi_cluster_view *cl)
{
	if (cl->serverless)
		return strcmp(cl->status, "available") == 0 ? RSI_CLUSTER_USABLE : RSI_CLUSTER_REFUSED;
	return rsi_cluster_usability_of(cl->status, cl->availability);
}

/*
 * The cluster passes its state by itself (or by a resume): the role verdict
 * stands, and one warning says it runs no command right now.
 */
static void
not_now(const rsi_cluster_view *cl, rsi_verdict *v)
{
	char		state[160];
	size_t		n;

	rsi_utf8_snprintf(state, sizeof(state), "ClusterStatus %s%s%s", cl->status,
					  cl->availability ? ", ClusterAvailabilityStatus " : "",
					  cl->availability ? cl->availability : "");
	if (v->allowed && !v->warning)
	{
		v->warning = 1;
		v->rule = "cluster-unavailable-now";
		rsi_utf8_snprintf(v->message, sizeof(v->message),
						  "cluster %s is not available now (%s): the command passes the role checks but runs only once the cluster is available",
						  cl->identifier, state);
		if (strcmp(cl->status, "paused") == 0)
			rsi_utf8_snprintf(v->hint, sizeof(v->hint),
							  "Resume the cluster (aws redshift resume-cluster --cluster-identifier %s), then run the command.",
							  cl->identifier);
		else
			rsi_utf8_snprintf(v->hint, sizeof(v->hint),
							  "Run the command once aws redshift describe-clusters --cluster-identifier %s shows the cluster available.",
							  cl->identifier);
		return;
	}
	n = strlen(v->detail);
	rsi_utf8_snprintf(v->detail + n, sizeof(v->detail) - n, "%sCluster %s is also not available now (%s).",
					  n ? " " : "", cl->identifier, state);
}

static void
check_command(const rsi_command *cmd, const rsi_cluster_view *cl,
			  const rsi_check_options *opt, rsi_verdict *v)
{
	char		user[512];

	if (!cl->found && cl->serverless)
	{
		deny(v, "42704", "cluster-not-found");
		rsi_utf8_snprintf(v->message, sizeof(v->message), "namespace %s not found", cl->identifier);
		rsi_utf8_snprintf(v->detail, sizeof(v->detail),
						  "Workgroup %s runs on namespace %s, which is not in the catalog.",
						  cl->workgroup ? cl->workgroup : "", cl->identifier);
		set_fix(v, RSI_FIX_FIND_CLUSTER, cl, NULL);
		return;
	}
	if (!cl->found)
	{
		deny(v, "42704", "cluster-not-found");
		rsi_utf8_snprintf(v->message, sizeof(v->message), "cluster %s not found", cl->identifier);
		rsi_utf8_snprintf(v->detail, sizeof(v->detail), "No cluster %s exists in account %s, region %s.",
				 cl->identifier, cl->account_id, cl->region);
		set_fix(v, RSI_FIX_FIND_CLUSTER, cl, NULL);
		return;
	}
	if (usability(cl) == RSI_CLUSTER_REFUSED)
	{
		deny(v, "55000", "cluster-not-available");
		if (cl->serverless && cl->workgroup)
			rsi_utf8_snprintf(v->message, sizeof(v->message),
							  "workgroup %s of namespace %s is not available (status %s)",
							  cl->workgroup, cl->identifier, cl->status);
		else if (cl->serverless)
			rsi_utf8_snprintf(v->message, sizeof(v->message), "namespace %s is not available (status %s)",
							  cl->identifier, cl->status);
		else
			rsi_utf8_snprintf(v->message, sizeof(v->message), "cluster %s is not available (ClusterStatus %s%s%s)",
							  cl->identifier, cl->status, cl->availability ? ", ClusterAvailabilityStatus " : "",
							  cl->availability ? cl->availability : "");
		if (!cl->serverless && (strcmp(cl->status, "deleting") == 0 || strcmp(cl->status, "final-snapshot") == 0))
		{
			rsi_utf8_snprintf(v->detail, sizeof(v->detail), "The cluster is being deleted: no command will run on it.");
			return;
		}
		rsi_utf8_snprintf(v->detail, sizeof(v->detail), "A %s in this state runs no command until its problem is fixed.",
						  cl->serverless && cl->workgroup ? "workgroup" : noun(cl));
		set_fix(v, RSI_FIX_WAIT_AVAILABLE, cl, NULL);
		return;
	}
	if (cmd->nproblems > 0)
	{
		const rsi_problem *p = &cmd->problems[0];

		/* the problem leads; Redshift's words follow as detail */
		deny(v, "28000", p->code);
		rsi_utf8_snprintf(v->message, sizeof(v->message), "%s", p->message);
		if (cmd->nroles > 0)
			redshift_refuses(v, cl, opt, cmd->roles[0], "");
		else if (cl->serverless)
			rsi_utf8_snprintf(v->detail, sizeof(v->detail),
							  "User %s cannot run this %s on namespace %s: its credentials cannot work as written.",
							  opt->db_user ? opt->db_user : "unknown", rsi_cmd_kind_name(cmd->kind),
							  cl->identifier);
		else
		{
			dbuser_arn(user, sizeof(user), cl, opt);
			rsi_utf8_snprintf(v->detail, sizeof(v->detail),
							  "%s cannot run this %s: its credentials cannot work as written.",
							  user, rsi_cmd_kind_name(cmd->kind));
		}
		set_fix(v, RSI_FIX_VALUE, cl, NULL);
		v->fix.rule = p->code;
		return;
	}

	switch (cmd->auth)
	{
		case RSI_AUTH_IAM_ROLE:
		case RSI_AUTH_CREDENTIALS_ROLE:
			/* only the first role of a chain is associated with the cluster */
			check_role(cl, opt, cmd->roles[0], ROLE_NAMED, v);
			return;
		case RSI_AUTH_IAM_ROLE_DEFAULT:
			if (cl->default_role == NULL)
			{
				deny(v, "28000", "no-default-role");
				rsi_utf8_snprintf(v->message, sizeof(v->message),
						 "IAM_ROLE default on %s %s, which has no default IAM role", noun(cl), cl->identifier);
				dbuser_arn(user, sizeof(user), cl, opt);
				rsi_utf8_snprintf(v->detail, sizeof(v->detail),
						 "%s cannot use IAM_ROLE default: it means the role set as the cluster's default and associated with it, and none is set.",
						 user);
				set_fix(v, RSI_FIX_SET_DEFAULT, cl, NULL);
				return;
			}
			check_role(cl, opt, cl->default_role, ROLE_DEFAULT, v);
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
				const char *setting = opt->hints == RSI_HINTS_AWS_CLI ? "--access-keys" : "redshift_iam.access_keys =";

				if (opt->keys_mode == RSI_KEYS_MODE_DENY ||
					(opt->keys_mode == RSI_KEYS_MODE_TEMPORARY && !(temporary && cmd->session_token)))
				{
					deny(v, "28000", "access-keys-refused");
					rsi_utf8_snprintf(v->message, sizeof(v->message),
							 "%s with access keys is not allowed on %s %s (%s %s)",
							 rsi_cmd_kind_name(cmd->kind), noun(cl), cl->identifier, setting,
							 opt->keys_mode == RSI_KEYS_MODE_DENY ? "deny" : "temporary");
					rsi_utf8_snprintf(v->detail, sizeof(v->detail), "%s",
							 opt->keys_mode == RSI_KEYS_MODE_DENY ? "Key-based credentials are refused."
							 : "Only temporary credentials (an ASIA key ID with a session token) are allowed.");
					set_fix(v, RSI_FIX_USE_ROLE, cl, NULL);
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
					set_fix(v, RSI_FIX_PREFER_ROLE, cl, NULL);
				}
				return;
			}
	}
}

/*
 * Template placeholders (the templated-value rule, a warning): the check
 * sees the placeholder, not the value the script will have once rendered.
 */
static void
templated(const rsi_command *cmd, int site, rsi_verdict *v)
{
	const char *text = cmd->templated[site].text;
	const char *kind = rsi_cmd_kind_name(cmd->kind);
	char		shown[160];

	memset(v, 0, sizeof(*v));
	v->allowed = 1;
	v->warning = 1;
	v->sqlstate = "01000";
	v->rule = "templated-value";
	v->templated_site = site;
	if (text)
		rsi_utf8_snprintf(shown, sizeof(shown), "the template placeholder %s", text);
	else
		rsi_utf8_snprintf(shown, sizeof(shown), "a template placeholder (not shown: %s)",
						  site == RSI_TPL_KEYS ? "it stands for credentials" : "it holds more than a name");
	switch ((rsi_template_site) site)
	{
		case RSI_TPL_ROLE:
			rsi_utf8_snprintf(v->message, sizeof(v->message),
							  "the IAM role of this %s is %s: it is checked only once the script is rendered",
							  kind, shown);
			break;
		case RSI_TPL_KEYS:
			rsi_utf8_snprintf(v->message, sizeof(v->message),
							  "the credentials of this %s are %s: they are checked only once the script is rendered",
							  kind, shown);
			break;
		case RSI_TPL_CLAUSE:
			rsi_utf8_snprintf(v->message, sizeof(v->message),
							  "this %s has no authorization clause of its own but %s, which may hold it: "
							  "it is checked only once the script is rendered", kind, shown);
			break;
		case RSI_TPL_LOCATION:
		case RSI_TPL_COUNT:
			rsi_utf8_snprintf(v->message, sizeof(v->message),
							  "the %s of this %s holds %s: the rest of the command passes, "
							  "the rendered %s is not checked",
							  cmd->kind == RSI_CMD_UNLOAD ? "destination" : "data source", kind, shown,
							  cmd->kind == RSI_CMD_UNLOAD ? "destination" : "data source");
			break;
	}
	rsi_utf8_snprintf(v->detail, sizeof(v->detail),
					  "Placeholders of Jinja ({{ }}, {%% %%}), the shell (${NAME}, $NAME) and psql (:'name', :\"name\", :name) "
					  "are filled in when the script is rendered; the check sees the placeholder, not its value.");
	rsi_utf8_snprintf(v->hint, sizeof(v->hint),
					  "Check the rendered script, or give the placeholder's value to the offline checker: "
					  "redshift-iam-check --var NAME=VALUE.");
}

/*
 * The site whose placeholder decides the verdict, or -1.  Keys in a
 * placeholder decide it unless the access-keys policy refuses or allows
 * every key anyway (deny, allow): whether a key is AKIA or ASIA is
 * unknown.
 */
static int
templated_auth_site(const rsi_command *cmd, const rsi_check_options *opt)
{
	if (cmd->templated[RSI_TPL_ROLE].present)
		return RSI_TPL_ROLE;
	if (cmd->templated[RSI_TPL_CLAUSE].present)
		return RSI_TPL_CLAUSE;
	if (cmd->templated[RSI_TPL_KEYS].present &&
		(cmd->auth == RSI_AUTH_NONE ||
		 (opt->keys_mode != RSI_KEYS_MODE_DENY && opt->keys_mode != RSI_KEYS_MODE_ALLOW)))
		return RSI_TPL_KEYS;
	return -1;
}

void
rsi_check_command(const rsi_command *cmd, const rsi_cluster_view *cl,
				  const rsi_check_options *opt, rsi_verdict *v)
{
	int			site = cmd->ntemplated > 0 ? templated_auth_site(cmd, opt) : -1;

	memset(v, 0, sizeof(*v));
	v->sqlstate = "00000";
	v->rule = "ok";
	/* the cluster's own state and malformed values come first, as always */
	if (site >= 0 && cl->found && usability(cl) != RSI_CLUSTER_REFUSED && cmd->nproblems == 0)
	{
		templated(cmd, site, v);	/* its own hint: check the rendered script */
		return;
	}
	check_command(cmd, cl, opt, v);

	/*
	 * CATALOG_ROLE names the role the cluster assumes itself to reach the
	 * data catalog (Amazon Redshift Database Developer Guide, "CREATE
	 * EXTERNAL SCHEMA",
	 * https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_EXTERNAL_SCHEMA.html):
	 * like IAM_ROLE's, the first role of its chain must be associated with
	 * the cluster and in-sync.  Checked once the command's own role passed.
	 */
	if (v->allowed && cmd->ncatalog_roles > 0)
	{
		const char *resolved = v->resolved_role;

		check_role(cl, opt, cmd->catalog_roles[0], ROLE_CATALOG, v);
		if (v->allowed)
			v->resolved_role = resolved;
	}
	if (v->allowed && !v->warning && cmd->templated[RSI_TPL_LOCATION].present)
	{
		const char *resolved = v->resolved_role;

		templated(cmd, RSI_TPL_LOCATION, v);
		v->resolved_role = resolved;
		return;
	}
	rsi_fix_hint(&v->fix, opt->hints, v->hint, sizeof(v->hint));
	if (cl->found && usability(cl) == RSI_CLUSTER_NOT_NOW)
		not_now(cl, v);			/* after the hint: a warning writes its own */
}

size_t
rsi_verdict_pos(const rsi_command *cmd, const rsi_verdict *v)
{
	if (v->rule && strcmp(v->rule, "templated-value") == 0)
		return cmd->templated[v->templated_site].off;
	if (v->rule && (strcmp(v->rule, "cluster-not-found") == 0 ||
					strcmp(v->rule, "cluster-not-available") == 0 ||
					strcmp(v->rule, "cluster-unavailable-now") == 0))
		return cmd->off;
	if (cmd->nproblems > 0)
		return cmd->problems[0].off;
	if (v->rule && strncmp(v->rule, "catalog-role-", 13) == 0)
		return cmd->catalog_role_off;
	return cmd->auth != RSI_AUTH_NONE ? cmd->auth_off : cmd->off;
}
