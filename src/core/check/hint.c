/*
 * hint.c — the hint of a refusal, for the server or for the CLI (see
 * rsi_fix_hint in check.h).
 *
 * The catalog is a copy of what AWS holds: following a hint that changes
 * only the copy makes the check pass while the command still fails on the
 * cluster.  So every hint asks for the change in AWS.  The CLI, which runs
 * where there is no database, shows the AWS CLI command; the server says
 * to import the clusters again and names its own SQL call only for a
 * catalog maintained by hand.
 *
 * Sources: AWS CLI Command Reference, "modify-cluster-iam-roles"
 * (https://docs.aws.amazon.com/cli/latest/reference/redshift/modify-cluster-iam-roles.html)
 * and "describe-clusters"
 * (https://docs.aws.amazon.com/cli/latest/reference/redshift/describe-clusters.html).
 */
#include "check/check.h"
#include "check/rule_catalog.h"
#include "util/utf8.h"

#include <string.h>

#define REIMPORT "then import the clusters again with redshift_iam.import_clusters()"

/*
 * s as one shell word: as it is when it holds only characters no shell
 * treats specially (every valid cluster identifier and most ARNs), else
 * between single quotes.  -1 when it does not fit.
 */
static int
shell_word(char *out, size_t outsz, const char *s)
{
	size_t		i,
				o = 0;
	int			plain = *s != '\0';

	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
			  (s[i] >= '0' && s[i] <= '9') || strchr(":/+=,.@_-", s[i]) != NULL))
			plain = 0;
	if (plain)
		return rsi_utf8_snprintf(out, outsz, "%s", s) == 0 ? 0 : -1;
	if (o + 1 >= outsz)
		return -1;
	out[o++] = '\'';
	for (i = 0; s[i]; i++)
	{
		const char *piece = s[i] == '\'' ? "'\\''" : NULL;
		size_t		k = piece ? strlen(piece) : 1;

		if (o + k + 2 > outsz)
		{
			out[0] = '\0';
			return -1;
		}
		if (piece)
			memcpy(out + o, piece, k);
		else
			out[o] = s[i];
		o += k;
	}
	out[o++] = '\'';
	out[o] = '\0';
	return 0;
}

/* AWS CLI hints: before, then the command with the cluster and role put in */
static void
aws_hint(const rsi_fix *fix, char *buf, size_t bufsz)
{
	char		c[256];
	char		r[2 * 2048 + 8];
	const char *cl = fix->cluster ? fix->cluster : "";
	int			have = shell_word(c, sizeof(c), cl[0] ? cl : "CLUSTER") == 0 &&
		(fix->role == NULL || shell_word(r, sizeof(r), fix->role) == 0);
	int			rc = -1;

	if (!have)
	{
		c[0] = '\0';
		r[0] = '\0';
	}
	else if (fix->role == NULL)
		strcpy(r, "ROLE_ARN");	/* no role named: the placeholder, as for SET_DEFAULT */
	switch (fix->kind)
	{
		case RSI_FIX_FIND_CLUSTER:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "Check the cluster identifier, --account-id and --region; "
								   "aws redshift describe-clusters --query 'Clusters[].ClusterIdentifier' lists the clusters.");
			break;
		case RSI_FIX_WAIT_AVAILABLE:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "Run the command once the cluster is available: "
								   "aws redshift describe-clusters --cluster-identifier %s --query 'Clusters[0].ClusterStatus'.", c);
			break;
		case RSI_FIX_ASSOCIATE:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "Associate the role with the cluster in AWS: "
								   "aws redshift modify-cluster-iam-roles --cluster-identifier %s --add-iam-roles %s", c, r);
			break;
		case RSI_FIX_KEEP_ROLE:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "To keep using the role, associate it again in AWS: "
								   "aws redshift modify-cluster-iam-roles --cluster-identifier %s --add-iam-roles %s", c, r);
			break;
		case RSI_FIX_WAIT_IN_SYNC:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "Run the command once the role is in-sync: "
								   "aws redshift describe-clusters --cluster-identifier %s --query 'Clusters[0].IamRoles'", c);
			break;
		case RSI_FIX_SET_DEFAULT:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "Name the role's ARN, or set a default IAM role in AWS (the role must be associated too): "
								   "aws redshift modify-cluster-iam-roles --cluster-identifier %s --add-iam-roles ROLE_ARN --default-iam-role-arn ROLE_ARN", c);
			break;
		case RSI_FIX_USE_ROLE:
		case RSI_FIX_PREFER_ROLE:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "%s IAM_ROLE with a role associated with cluster %s%s; "
								   "aws redshift describe-clusters --cluster-identifier %s --query 'Clusters[0].IamRoles' lists them.",
								   fix->kind == RSI_FIX_USE_ROLE ? "Use" : "Prefer", cl,
								   fix->kind == RSI_FIX_USE_ROLE ? " instead" : "", c);
			break;
		default:
			return;
	}
	if (rc != 0 || !have)
		buf[0] = '\0';
}

/* Server hints: change AWS, import again; the SQL call for a catalog kept by hand */
static void
sql_hint(const rsi_fix *fix, char *buf, size_t bufsz)
{
	char		c[256];
	char		r[2 * 2048 + 8];
	const char *cl = fix->cluster ? fix->cluster : "";
	int			have = rsi_sql_literal(c, sizeof(c), cl) == 0 &&
		(fix->role == NULL || rsi_sql_literal(r, sizeof(r), fix->role) == 0);
	int			rc = -1;

	if (!have)
	{
		c[0] = '\0';
		r[0] = '\0';
	}
	else if (fix->role == NULL)
		strcpy(r, "'<role ARN>'");	/* no role named: the placeholder, as for SET_DEFAULT */
	switch (fix->kind)
	{
		case RSI_FIX_FIND_CLUSTER:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "Check the identifier and redshift_iam.region; SELECT redshift_iam.describe_clusters(); lists the clusters in the catalog. "
								   "If the cluster exists in AWS, import the clusters again with redshift_iam.import_clusters().");
			break;
		case RSI_FIX_WAIT_AVAILABLE:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "Run the command once the cluster is available in AWS, " REIMPORT ".");
			break;
		case RSI_FIX_ASSOCIATE:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "Associate the role with the cluster in AWS (aws redshift modify-cluster-iam-roles), " REIMPORT
								   "; in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles(%s, add_iam_roles => ARRAY[%s]);",
								   c, r);
			break;
		case RSI_FIX_KEEP_ROLE:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "To keep using the role, associate it again in AWS, " REIMPORT
								   "; in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles(%s, add_iam_roles => ARRAY[%s]);",
								   c, r);
			break;
		case RSI_FIX_WAIT_IN_SYNC:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "Run the command once the role is in-sync: SELECT * FROM redshift_iam.describe_clusters(%s); shows it. "
								   "An imported catalog learns it when the clusters are imported again.", c);
			break;
		case RSI_FIX_SET_DEFAULT:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "Name the role's ARN, or set a default IAM role in AWS, " REIMPORT
								   "; in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles(%s, default_iam_role_arn => '<role ARN>');",
								   c);
			break;
		case RSI_FIX_USE_ROLE:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "Use IAM_ROLE with a role associated with cluster %s instead.", cl);
			break;
		case RSI_FIX_PREFER_ROLE:
			rc = rsi_utf8_snprintf(buf, bufsz,
								   "Prefer IAM_ROLE with a role associated with cluster %s.", cl);
			break;
		default:
			return;
	}
	if (rc != 0 || !have)
		buf[0] = '\0';
}

/*
 * A Redshift Serverless namespace: its roles change with update-namespace,
 * which takes the whole list (AWS CLI Command Reference,
 * "redshift-serverless update-namespace"), and a fresh get-namespace
 * output is imported with import_namespaces().  The namespace name is an
 * identifier ([a-z0-9-]), so it needs no quoting.
 */
static void
serverless_hint(const rsi_fix *fix, rsi_hint_style style, char *buf, size_t bufsz)
{
	int			aws = style == RSI_HINTS_AWS_CLI;
	const char *ns = fix->cluster ? fix->cluster : "NAMESPACE";
	const char *again = aws ? "then export it again: aws redshift-serverless get-namespace --namespace-name"
		: "then import it again with redshift_iam.import_namespaces() from aws redshift-serverless get-namespace --namespace-name";

	switch (fix->kind)
	{
		case RSI_FIX_FIND_CLUSTER:
			rsi_utf8_snprintf(buf, bufsz, "%s %s.",
							  aws ? "Add the namespace to --clusters: aws redshift-serverless get-namespace --namespace-name"
							  : "Import the namespace with redshift_iam.import_namespaces() from aws redshift-serverless get-namespace --namespace-name",
							  ns);
			break;
		case RSI_FIX_WAIT_AVAILABLE:
			rsi_utf8_snprintf(buf, bufsz, "Run the command once the namespace and its workgroup are available in AWS, %s %s.",
							  again, ns);
			break;
		case RSI_FIX_ASSOCIATE:
		case RSI_FIX_KEEP_ROLE:
			rsi_utf8_snprintf(buf, bufsz,
							  "%s with namespace %s in AWS (aws redshift-serverless update-namespace --namespace-name %s --iam-roles, listing every role of the namespace), %s %s.",
							  fix->kind == RSI_FIX_KEEP_ROLE ? "To keep using the role, associate it again" : "Associate the role",
							  ns, ns, again, ns);
			break;
		case RSI_FIX_WAIT_IN_SYNC:
			rsi_utf8_snprintf(buf, bufsz, "Run the command once the role is in-sync: %s %s shows it.",
							  aws ? "aws redshift-serverless get-namespace --namespace-name"
							  : "redshift_iam.import_namespaces() of a fresh aws redshift-serverless get-namespace --namespace-name",
							  ns);
			break;
		case RSI_FIX_SET_DEFAULT:
			rsi_utf8_snprintf(buf, bufsz,
							  "Name the role's ARN, or set a default IAM role in AWS (aws redshift-serverless update-namespace --namespace-name %s --default-iam-role-arn ROLE_ARN --iam-roles ...), %s %s.",
							  ns, again, ns);
			break;
		case RSI_FIX_USE_ROLE:
		case RSI_FIX_PREFER_ROLE:
			rsi_utf8_snprintf(buf, bufsz, "%s IAM_ROLE with a role associated with namespace %s%s.",
							  fix->kind == RSI_FIX_USE_ROLE ? "Use" : "Prefer", ns,
							  fix->kind == RSI_FIX_USE_ROLE ? " instead" : "");
			break;
		default:
			break;
	}
}

/* The same advice without a command, for when the command does not fit. */
static const char *
plain_hint(const rsi_fix *fix, rsi_hint_style style)
{
	int			aws = style == RSI_HINTS_AWS_CLI;

	switch (fix->kind)
	{
		case RSI_FIX_FIND_CLUSTER:
			return aws ? "Check the cluster identifier, --account-id and --region."
				: "Check the identifier and redshift_iam.region.";
		case RSI_FIX_WAIT_AVAILABLE:
			return "Run the command once the cluster is available.";
		case RSI_FIX_ASSOCIATE:
			return aws ? "Associate the role with the cluster in AWS (aws redshift modify-cluster-iam-roles --add-iam-roles)."
				: "Associate the role with the cluster in AWS, " REIMPORT ".";
		case RSI_FIX_KEEP_ROLE:
			return aws ? "To keep using the role, associate it again in AWS (aws redshift modify-cluster-iam-roles --add-iam-roles)."
				: "To keep using the role, associate it again in AWS, " REIMPORT ".";
		case RSI_FIX_WAIT_IN_SYNC:
			return "Run the command once the role is in-sync.";
		case RSI_FIX_SET_DEFAULT:
			return aws ? "Name the role's ARN, or set a default IAM role in AWS (aws redshift modify-cluster-iam-roles --default-iam-role-arn)."
				: "Name the role's ARN, or set a default IAM role in AWS, " REIMPORT ".";
		case RSI_FIX_USE_ROLE:
			return "Use IAM_ROLE with a role associated with the cluster instead.";
		case RSI_FIX_PREFER_ROLE:
			return "Prefer IAM_ROLE with a role associated with the cluster.";
		default:
			return "";
	}
}

/*
 * The resource-based policy refused: the change is in the bucket's, key's
 * or function's own policy (AWS CLI Command Reference, "s3api
 * put-bucket-policy", "kms put-key-policy", "lambda add-permission").
 */
static void
resource_hint(const rsi_fix *fix, rsi_hint_style style, char *buf, size_t bufsz)
{
	const char *holder = fix->holder ? fix->holder : "";
	char		what[1400];
	char		h[1200],
				p[800];
	int			quoted;

	rsi_utf8_snprintf(what, sizeof(what),
					  "Allow {\"AWS\": \"%s\"} the action %s on %s in the resource-based policy of %s%s%s",
					  fix->principal ? fix->principal : "", fix->action ? fix->action : "",
					  fix->resource ? fix->resource : "", holder,
					  fix->owner ? ", in account " : "", fix->owner ? fix->owner : "");
	if (style != RSI_HINTS_AWS_CLI)
	{
		rsi_utf8_snprintf(buf, bufsz,
						  "%s, in AWS, then import it again in ResourcePolicies with redshift_iam.import_iam(); in a snapshot kept by hand: redshift_iam.put_resource_policy().",
						  what);
		return;
	}
	quoted = shell_word(h, sizeof(h), strncmp(holder, "arn:", 4) == 0 && strstr(holder, ":s3:::") != NULL
						? strstr(holder, ":s3:::") + 6 : holder) == 0 &&
		shell_word(p, sizeof(p), fix->principal ? fix->principal : "") == 0;
	if (!quoted)
		rsi_utf8_snprintf(buf, bufsz, "%s.", what);
	else if (strstr(holder, ":s3:::") != NULL)
		rsi_utf8_snprintf(buf, bufsz, "%s: aws s3api put-bucket-policy --bucket %s --policy file://bucket-policy.json", what, h);
	else if (strstr(holder, ":kms:") != NULL)
		rsi_utf8_snprintf(buf, bufsz, "%s: aws kms put-key-policy --key-id %s --policy-name default --policy file://key-policy.json", what, h);
	else
		rsi_utf8_snprintf(buf, bufsz, "%s: aws lambda add-permission --function-name %s --statement-id <id> --action %s --principal %s",
						  what, h, fix->action ? fix->action : "lambda:InvokeFunction", p);
}

/*
 * IAM hints: what to allow, in which policy of which role; then where the
 * change is made.  The CLI names the AWS CLI command (IAM API Reference,
 * "UpdateAssumeRolePolicy" and "PutRolePolicy"); the server says to export
 * IAM again and import it, and names the SQL writer for a snapshot kept by
 * hand (docs/iam-snapshot.md).
 */
static void
iam_hint(const rsi_fix *fix, rsi_hint_style style, char *buf, size_t bufsz)
{
	int			aws = style == RSI_HINTS_AWS_CLI;
	const char *role = fix->role ? fix->role : "";
	const char *slash = strrchr(role, '/');
	const char *name = slash ? slash + 1 : role;
	char		word[256];
	char		what[1400];
	const char *trust_cmd = "aws iam update-assume-role-policy --role-name %s --policy-document file://trust-policy.json";
	const char *perm_cmd = "aws iam put-role-policy --role-name %s --policy-name <name> --policy-document file://policy.json";
	const char *reimport = "in IAM, then import aws iam get-account-authorization-details again with redshift_iam.import_iam()";
	int			trust = 0;

	switch (fix->kind)
	{
		case RSI_FIX_TRUST_SERVICE:
			trust = 1;
			rsi_utf8_snprintf(what, sizeof(what),
							  "Allow {\"Service\": \"redshift.amazonaws.com\"} the action sts:AssumeRole in the role's trust policy; conditions on aws:SourceAccount and aws:SourceArn must accept %s and %s",
							  fix->account ? fix->account : "the cluster's account",
							  fix->cluster_arn ? fix->cluster_arn : "the cluster's ARN");
			break;
		case RSI_FIX_TRUST_ROLE:
			trust = 1;
			rsi_utf8_snprintf(what, sizeof(what),
							  "Allow {\"AWS\": \"%s\"} (or its account's root) the action sts:AssumeRole in the trust policy of %s",
							  fix->principal ? fix->principal : "", role);
			break;
		case RSI_FIX_ALLOW_ASSUME:
			rsi_utf8_snprintf(what, sizeof(what), "Allow sts:AssumeRole on %s in a permission policy of %s",
							  fix->resource ? fix->resource : "", role);
			break;
		case RSI_FIX_ALLOW_ACTION:
			rsi_utf8_snprintf(what, sizeof(what), "Allow %s on %s in a permission policy of role %s%s%s",
							  fix->action ? fix->action : "", fix->resource ? fix->resource : "", name,
							  fix->owner ? " and in the resource-based policy of its owner, account " : "",
							  fix->owner ? fix->owner : "");
			break;
		case RSI_FIX_ALLOW_RESOURCE:
			resource_hint(fix, style, buf, bufsz);
			return;
		case RSI_FIX_EXPORT_ROLE:
			rsi_utf8_snprintf(buf, bufsz, "%s",
							  aws ? "Export IAM again (aws iam get-account-authorization-details > iam.json) so that it includes the role and pass it with --iam, or use --unknown-roles allow."
							  : "Import a current export of aws iam get-account-authorization-details that includes the role, or allow unknown roles.");
			return;
		default:
			return;
	}
	if (aws && shell_word(word, sizeof(word), name) == 0)
	{
		char		cmd[400];

		rsi_utf8_snprintf(cmd, sizeof(cmd), trust ? trust_cmd : perm_cmd, word);
		rsi_utf8_snprintf(buf, bufsz, "%s: %s", what, cmd);
	}
	else if (aws)
		rsi_utf8_snprintf(buf, bufsz, "%s (aws iam %s).", what,
						  trust ? "update-assume-role-policy" : "put-role-policy");
	else
		rsi_utf8_snprintf(buf, bufsz, "%s, %s%s.", what, reimport,
						  fix->kind == RSI_FIX_ALLOW_ACTION || fix->kind == RSI_FIX_ALLOW_ASSUME
						  ? (fix->owner ? "; in a snapshot kept by hand: redshift_iam.put_role_policy() and redshift_iam.put_resource_policy()"
							 : "; in a snapshot kept by hand: redshift_iam.put_role_policy()")
						  : "");
}

void
rsi_fix_hint(const rsi_fix *fix, rsi_hint_style style, char *buf, size_t bufsz)
{
	if (bufsz == 0)
		return;
	buf[0] = '\0';
	if (fix->kind == RSI_FIX_NONE)
		return;
	if (fix->kind == RSI_FIX_VALUE)
	{
		const rsi_rule *r = rsi_rule_find(fix->rule);

		rsi_utf8_snprintf(buf, bufsz, "%s", r ? r->help : "Correct the value and check the command again.");
		return;
	}
	if (fix->kind >= RSI_FIX_TRUST_SERVICE)
	{
		iam_hint(fix, style, buf, bufsz);
		return;
	}
	if (fix->serverless)
		serverless_hint(fix, style, buf, bufsz);
	else if (style == RSI_HINTS_AWS_CLI)
		aws_hint(fix, buf, bufsz);
	else
		sql_hint(fix, buf, bufsz);
	if (buf[0] == '\0')
		rsi_utf8_snprintf(buf, bufsz, "%s", plain_hint(fix, style));
}
