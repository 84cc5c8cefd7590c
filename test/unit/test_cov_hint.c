/*
 * test_cov_hint.c — rsi_fix_hint, the hint of a refusal: for every kind
 * of fix, the text the server gives (SQL mode: change AWS, import again,
 * the SQL call for a catalog kept by hand) and the text the CLI gives
 * (the AWS CLI command, with the cluster and role as shell words), for a
 * provisioned cluster and for a Serverless namespace; the quoting of
 * values; and the plain advice when a command would not fit.
 *
 * AWS CLI Command Reference: "modify-cluster-iam-roles"
 * (https://docs.aws.amazon.com/cli/latest/reference/redshift/modify-cluster-iam-roles.html),
 * "describe-clusters"
 * (https://docs.aws.amazon.com/cli/latest/reference/redshift/describe-clusters.html)
 * and "update-namespace"
 * (https://docs.aws.amazon.com/cli/latest/reference/redshift-serverless/update-namespace.html).
 */
#include <stdio.h>
#include <string.h>

#include "check/check.h"
#include "check/rule_catalog.h"
#include "parse/command.h"
#include "arena.h"
#include "tap.h"

#define ROLE "arn:aws:iam::123456789012:role/Loader"
#define REIMPORT "then import the clusters again with redshift_iam.import_clusters()"

static char buf[1024];

static const char *
hint(rsi_fix_kind kind, const char *cluster, const char *role, int serverless, rsi_hint_style style)
{
	rsi_fix		f;

	memset(&f, 0, sizeof(f));
	f.kind = kind;
	f.cluster = cluster;
	f.role = role;
	f.serverless = serverless;
	memset(buf, 'x', sizeof(buf));
	rsi_fix_hint(&f, style, buf, sizeof(buf));
	return buf;
}

#define SQLH(k, c, r) hint((k), (c), (r), 0, RSI_HINTS_SQL)
#define CLIH(k, c, r) hint((k), (c), (r), 0, RSI_HINTS_AWS_CLI)

static void
test_sql_mode(void)
{
	TAP_IS_STR(SQLH(RSI_FIX_FIND_CLUSTER, "etl", NULL),
			   "Check the identifier and redshift_iam.region; SELECT redshift_iam.describe_clusters(); lists the clusters in the catalog. "
			   "If the cluster exists in AWS, import the clusters again with redshift_iam.import_clusters().",
			   "SQL: cluster not found lists the catalog and asks for a new import");
	TAP_IS_STR(SQLH(RSI_FIX_WAIT_AVAILABLE, "etl", NULL),
			   "Run the command once the cluster is available in AWS, " REIMPORT ".",
			   "SQL: wait for the cluster, then import again");
	TAP_IS_STR(SQLH(RSI_FIX_ASSOCIATE, "etl", ROLE),
			   "Associate the role with the cluster in AWS (aws redshift modify-cluster-iam-roles), " REIMPORT
			   "; in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles('etl', add_iam_roles => ARRAY['" ROLE "']);",
			   "SQL: associate in AWS, import, or the SQL call with cluster and role as literals");
	TAP_IS_STR(SQLH(RSI_FIX_KEEP_ROLE, "etl", ROLE),
			   "To keep using the role, associate it again in AWS, " REIMPORT
			   "; in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles('etl', add_iam_roles => ARRAY['" ROLE "']);",
			   "SQL: a role being removed is associated again");
	TAP_IS_STR(SQLH(RSI_FIX_WAIT_IN_SYNC, "etl", ROLE),
			   "Run the command once the role is in-sync: SELECT * FROM redshift_iam.describe_clusters('etl'); shows it. "
			   "An imported catalog learns it when the clusters are imported again.",
			   "SQL: wait until in-sync, describe_clusters shows it");
	TAP_IS_STR(SQLH(RSI_FIX_SET_DEFAULT, "etl", NULL),
			   "Name the role's ARN, or set a default IAM role in AWS, " REIMPORT
			   "; in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles('etl', default_iam_role_arn => '<role ARN>');",
			   "SQL: set a default role");
	TAP_IS_STR(SQLH(RSI_FIX_USE_ROLE, "etl", NULL),
			   "Use IAM_ROLE with a role associated with cluster etl instead.", "SQL: use a role instead of keys");
	TAP_IS_STR(SQLH(RSI_FIX_PREFER_ROLE, "etl", NULL),
			   "Prefer IAM_ROLE with a role associated with cluster etl.", "SQL: prefer a role (a warning)");
	/* quoting: a quote in a value is doubled, so the SQL call runs as shown */
	TAP_IS_STR(SQLH(RSI_FIX_ASSOCIATE, "o'hara", "arn:aws:iam::123456789012:role/it's"),
			   "Associate the role with the cluster in AWS (aws redshift modify-cluster-iam-roles), " REIMPORT
			   "; in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles('o''hara', "
			   "add_iam_roles => ARRAY['arn:aws:iam::123456789012:role/it''s']);",
			   "SQL: quotes in the cluster and the role are doubled");
	TAP_IS_STR(SQLH(RSI_FIX_WAIT_IN_SYNC, NULL, NULL),
			   "Run the command once the role is in-sync: SELECT * FROM redshift_iam.describe_clusters(''); shows it. "
			   "An imported catalog learns it when the clusters are imported again.",
			   "SQL: no cluster gives an empty literal, not a crash");
}

static void
test_cli_mode(void)
{
	TAP_IS_STR(CLIH(RSI_FIX_FIND_CLUSTER, "etl", NULL),
			   "Check the cluster identifier, --account-id and --region; "
			   "aws redshift describe-clusters --query 'Clusters[].ClusterIdentifier' lists the clusters.",
			   "CLI: cluster not found lists the clusters with describe-clusters");
	TAP_IS_STR(CLIH(RSI_FIX_WAIT_AVAILABLE, "etl", NULL),
			   "Run the command once the cluster is available: "
			   "aws redshift describe-clusters --cluster-identifier etl --query 'Clusters[0].ClusterStatus'.",
			   "CLI: wait for the cluster, describe-clusters shows its status");
	TAP_IS_STR(CLIH(RSI_FIX_ASSOCIATE, "etl", ROLE),
			   "Associate the role with the cluster in AWS: "
			   "aws redshift modify-cluster-iam-roles --cluster-identifier etl --add-iam-roles " ROLE,
			   "CLI: modify-cluster-iam-roles --add-iam-roles with the role unquoted (a plain shell word)");
	TAP_IS_STR(CLIH(RSI_FIX_KEEP_ROLE, "etl", ROLE),
			   "To keep using the role, associate it again in AWS: "
			   "aws redshift modify-cluster-iam-roles --cluster-identifier etl --add-iam-roles " ROLE,
			   "CLI: keep the role");
	TAP_IS_STR(CLIH(RSI_FIX_WAIT_IN_SYNC, "etl", ROLE),
			   "Run the command once the role is in-sync: "
			   "aws redshift describe-clusters --cluster-identifier etl --query 'Clusters[0].IamRoles'",
			   "CLI: wait until in-sync");
	TAP_IS_STR(CLIH(RSI_FIX_SET_DEFAULT, "etl", NULL),
			   "Name the role's ARN, or set a default IAM role in AWS (the role must be associated too): "
			   "aws redshift modify-cluster-iam-roles --cluster-identifier etl --add-iam-roles ROLE_ARN --default-iam-role-arn ROLE_ARN",
			   "CLI: set a default role");
	TAP_IS_STR(CLIH(RSI_FIX_USE_ROLE, "etl", NULL),
			   "Use IAM_ROLE with a role associated with cluster etl instead; "
			   "aws redshift describe-clusters --cluster-identifier etl --query 'Clusters[0].IamRoles' lists them.",
			   "CLI: use a role, describe-clusters lists them");
	TAP_IS_STR(CLIH(RSI_FIX_PREFER_ROLE, "etl", NULL),
			   "Prefer IAM_ROLE with a role associated with cluster etl; "
			   "aws redshift describe-clusters --cluster-identifier etl --query 'Clusters[0].IamRoles' lists them.",
			   "CLI: prefer a role");
	/* shell words */
	TAP_IS_STR(CLIH(RSI_FIX_ASSOCIATE, "my cluster", "arn:aws:iam::123456789012:role/it's"),
			   "Associate the role with the cluster in AWS: "
			   "aws redshift modify-cluster-iam-roles --cluster-identifier 'my cluster' --add-iam-roles "
			   "'arn:aws:iam::123456789012:role/it'\\''s'",
			   "CLI: a value with a space or a quote is single-quoted, a quote as '\\''");
	TAP_IS_STR(CLIH(RSI_FIX_WAIT_AVAILABLE, NULL, NULL),
			   "Run the command once the cluster is available: "
			   "aws redshift describe-clusters --cluster-identifier CLUSTER --query 'Clusters[0].ClusterStatus'.",
			   "CLI: no cluster gives the placeholder CLUSTER");
	TAP_IS_STR(CLIH(RSI_FIX_WAIT_AVAILABLE, "", NULL),
			   "Run the command once the cluster is available: "
			   "aws redshift describe-clusters --cluster-identifier CLUSTER --query 'Clusters[0].ClusterStatus'.",
			   "CLI: an empty cluster gives the placeholder CLUSTER");
	TAP_IS_STR(CLIH(RSI_FIX_ASSOCIATE, "etl", "$(rm -rf /)"),
			   "Associate the role with the cluster in AWS: "
			   "aws redshift modify-cluster-iam-roles --cluster-identifier etl --add-iam-roles '$(rm -rf /)'",
			   "CLI: shell syntax in a role is quoted, never run");
}

static void
test_serverless(void)
{
	TAP_IS_STR(hint(RSI_FIX_FIND_CLUSTER, "ns1", NULL, 1, RSI_HINTS_AWS_CLI),
			   "Add the namespace to --clusters: aws redshift-serverless get-namespace --namespace-name ns1.",
			   "Serverless CLI: namespace not found");
	TAP_IS_STR(hint(RSI_FIX_FIND_CLUSTER, "ns1", NULL, 1, RSI_HINTS_SQL),
			   "Import the namespace with redshift_iam.import_namespaces() from aws redshift-serverless get-namespace --namespace-name ns1.",
			   "Serverless SQL: namespace not found");
	TAP_IS_STR(hint(RSI_FIX_WAIT_AVAILABLE, "ns1", NULL, 1, RSI_HINTS_AWS_CLI),
			   "Run the command once the namespace and its workgroup are available in AWS, "
			   "then export it again: aws redshift-serverless get-namespace --namespace-name ns1.",
			   "Serverless CLI: wait for the namespace, export it again");
	TAP_IS_STR(hint(RSI_FIX_WAIT_AVAILABLE, "ns1", NULL, 1, RSI_HINTS_SQL),
			   "Run the command once the namespace and its workgroup are available in AWS, "
			   "then import it again with redshift_iam.import_namespaces() from aws redshift-serverless get-namespace --namespace-name ns1.",
			   "Serverless SQL: wait for the namespace, import it again");
	TAP_IS_STR(hint(RSI_FIX_ASSOCIATE, "ns1", ROLE, 1, RSI_HINTS_AWS_CLI),
			   "Associate the role with namespace ns1 in AWS (aws redshift-serverless update-namespace --namespace-name ns1 --iam-roles, "
			   "listing every role of the namespace), then export it again: aws redshift-serverless get-namespace --namespace-name ns1.",
			   "Serverless CLI: update-namespace takes the whole list of roles");
	TAP_IS_STR(hint(RSI_FIX_KEEP_ROLE, "ns1", ROLE, 1, RSI_HINTS_SQL),
			   "To keep using the role, associate it again with namespace ns1 in AWS (aws redshift-serverless update-namespace --namespace-name ns1 --iam-roles, "
			   "listing every role of the namespace), then import it again with redshift_iam.import_namespaces() from aws redshift-serverless get-namespace --namespace-name ns1.",
			   "Serverless SQL: keep the role");
	TAP_IS_STR(hint(RSI_FIX_WAIT_IN_SYNC, "ns1", ROLE, 1, RSI_HINTS_AWS_CLI),
			   "Run the command once the role is in-sync: aws redshift-serverless get-namespace --namespace-name ns1 shows it.",
			   "Serverless CLI: wait until in-sync");
	TAP_IS_STR(hint(RSI_FIX_WAIT_IN_SYNC, "ns1", ROLE, 1, RSI_HINTS_SQL),
			   "Run the command once the role is in-sync: redshift_iam.import_namespaces() of a fresh aws redshift-serverless get-namespace --namespace-name ns1 shows it.",
			   "Serverless SQL: wait until in-sync");
	TAP_IS_STR(hint(RSI_FIX_SET_DEFAULT, "ns1", NULL, 1, RSI_HINTS_AWS_CLI),
			   "Name the role's ARN, or set a default IAM role in AWS (aws redshift-serverless update-namespace --namespace-name ns1 "
			   "--default-iam-role-arn ROLE_ARN --iam-roles ...), then export it again: aws redshift-serverless get-namespace --namespace-name ns1.",
			   "Serverless CLI: set a default role");
	TAP_IS_STR(hint(RSI_FIX_USE_ROLE, "ns1", NULL, 1, RSI_HINTS_SQL),
			   "Use IAM_ROLE with a role associated with namespace ns1 instead.", "Serverless: use a role");
	TAP_IS_STR(hint(RSI_FIX_PREFER_ROLE, NULL, NULL, 1, RSI_HINTS_AWS_CLI),
			   "Prefer IAM_ROLE with a role associated with namespace NAMESPACE.",
			   "Serverless: prefer a role; no namespace gives the placeholder NAMESPACE");
}

static void
test_plain_and_edges(void)
{
	char		big[3000];
	char		small[8];
	rsi_fix		f;
	const rsi_rule *r = rsi_rule_find("invalid-role-arn");

	/* a cluster too long to quote: the plain advice, with no command cut short */
	memset(big, 'c', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	TAP_IS_STR(CLIH(RSI_FIX_ASSOCIATE, big, ROLE),
			   "Associate the role with the cluster in AWS (aws redshift modify-cluster-iam-roles --add-iam-roles).",
			   "CLI: a cluster that does not fit gives the plain advice");
	TAP_IS_STR(SQLH(RSI_FIX_ASSOCIATE, big, ROLE),
			   "Associate the role with the cluster in AWS, " REIMPORT ".",
			   "SQL: a cluster that does not fit gives the plain advice");
	big[300] = '\'';			/* a quoted word that overflows mid-way */
	TAP_IS_STR(CLIH(RSI_FIX_KEEP_ROLE, "etl", big),
			   "To keep using the role, associate it again in AWS (aws redshift modify-cluster-iam-roles --add-iam-roles).",
			   "CLI: a role that does not fit quoted gives the plain advice");
	TAP_IS_STR(SQLH(RSI_FIX_KEEP_ROLE, "etl", big),
			   "To keep using the role, associate it again in AWS, " REIMPORT ".",
			   "SQL: a role that does not fit gives the plain advice");
	big[300] = 'c';
	big[950] = '\0';			/* fits quoted, but the command not in the 1024-byte hint */
	TAP_IS_STR(CLIH(RSI_FIX_ASSOCIATE, "etl", big),
			   "Associate the role with the cluster in AWS (aws redshift modify-cluster-iam-roles --add-iam-roles).",
			   "CLI: a command longer than the hint gives the plain advice");
	TAP_IS_STR(SQLH(RSI_FIX_ASSOCIATE, "etl", big),
			   "Associate the role with the cluster in AWS, " REIMPORT ".",
			   "SQL: a call longer than the hint gives the plain advice");
	big[950] = 'c';
	big[1000] = '\0';
	TAP_IS_STR(SQLH(RSI_FIX_FIND_CLUSTER, big, NULL), "Check the identifier and redshift_iam.region.",
			   "SQL: cluster not found, plain when the cluster does not fit");
	TAP_IS_STR(CLIH(RSI_FIX_FIND_CLUSTER, big, NULL), "Check the cluster identifier, --account-id and --region.",
			   "CLI: cluster not found, plain when the cluster does not fit");
	TAP_IS_STR(SQLH(RSI_FIX_WAIT_AVAILABLE, big, NULL), "Run the command once the cluster is available.",
			   "SQL: wait available, plain");
	TAP_IS_STR(CLIH(RSI_FIX_KEEP_ROLE, big, ROLE),
			   "To keep using the role, associate it again in AWS (aws redshift modify-cluster-iam-roles --add-iam-roles).",
			   "CLI: keep the role, plain");
	TAP_IS_STR(SQLH(RSI_FIX_USE_ROLE, big, NULL), "Use IAM_ROLE with a role associated with the cluster instead.",
			   "SQL: use a role, plain");
	TAP_IS_STR(CLIH(RSI_FIX_PREFER_ROLE, big, NULL), "Prefer IAM_ROLE with a role associated with the cluster.",
			   "CLI: prefer a role, plain");
	TAP_IS_STR(SQLH(RSI_FIX_WAIT_IN_SYNC, big, NULL), "Run the command once the role is in-sync.",
			   "SQL: wait in-sync, plain when the cluster does not fit");
	TAP_IS_STR(CLIH(RSI_FIX_WAIT_IN_SYNC, big, NULL), "Run the command once the role is in-sync.",
			   "CLI: wait in-sync, plain when the cluster does not fit");
	TAP_IS_STR(CLIH(RSI_FIX_WAIT_AVAILABLE, big, NULL), "Run the command once the cluster is available.",
			   "CLI: wait available, plain");
	TAP_IS_STR(SQLH(RSI_FIX_SET_DEFAULT, big, NULL),
			   "Name the role's ARN, or set a default IAM role in AWS, " REIMPORT ".", "SQL: set default, plain");
	TAP_IS_STR(CLIH(RSI_FIX_USE_ROLE, big, NULL), "Use IAM_ROLE with a role associated with the cluster instead.",
			   "CLI: use a role, plain");
	TAP_IS_STR(SQLH(RSI_FIX_PREFER_ROLE, big, NULL), "Prefer IAM_ROLE with a role associated with the cluster.",
			   "SQL: prefer a role, plain");
	big[1000] = 'c';

	/* the rule's help for a value to correct */
	memset(&f, 0, sizeof(f));
	f.kind = RSI_FIX_VALUE;
	f.rule = "invalid-role-arn";
	rsi_fix_hint(&f, RSI_HINTS_SQL, buf, sizeof(buf));
	TAP_OK(r != NULL && strcmp(buf, r->help) == 0, "a value fix gives the rule's help from the catalog");
	f.rule = "no-such-rule";
	rsi_fix_hint(&f, RSI_HINTS_AWS_CLI, buf, sizeof(buf));
	TAP_IS_STR(buf, "Correct the value and check the command again.", "an unknown rule gives the generic advice");

	/* a role to associate that is not named: the placeholder, never stray bytes */
	TAP_IS_STR(CLIH(RSI_FIX_ASSOCIATE, "etl", NULL),
			   "Associate the role with the cluster in AWS: "
			   "aws redshift modify-cluster-iam-roles --cluster-identifier etl --add-iam-roles ROLE_ARN",
			   "CLI: no role named gives the placeholder ROLE_ARN");
	TAP_IS_STR(SQLH(RSI_FIX_KEEP_ROLE, "etl", NULL),
			   "To keep using the role, associate it again in AWS, " REIMPORT
			   "; in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles('etl', add_iam_roles => ARRAY['<role ARN>']);",
			   "SQL: no role named gives the placeholder '<role ARN>'");

	/* no fix, an unknown kind, and buffers too small */
	TAP_IS_STR(SQLH(RSI_FIX_NONE, "etl", NULL), "", "no fix, no hint");
	TAP_IS_STR(SQLH((rsi_fix_kind) 99, "etl", NULL), "", "an unknown fix kind gives no hint (SQL)");
	TAP_IS_STR(CLIH((rsi_fix_kind) 99, "etl", NULL), "", "an unknown fix kind gives no hint (CLI)");
	TAP_IS_STR(hint((rsi_fix_kind) 99, "etl", NULL, 1, RSI_HINTS_SQL), "", "an unknown fix kind gives no hint (Serverless)");
	memset(&f, 0, sizeof(f));
	f.kind = RSI_FIX_ASSOCIATE;
	f.cluster = "etl";
	small[0] = 'x';
	rsi_fix_hint(&f, RSI_HINTS_SQL, small, 0);
	TAP_OK(small[0] == 'x', "a zero-size buffer is not written");
	rsi_fix_hint(&f, RSI_HINTS_AWS_CLI, small, sizeof(small));
	TAP_OK(strlen(small) < sizeof(small), "a small buffer holds a terminated hint");
}

/* ---- each rule's hint, through rsi_check_command, in both wordings ---- */

#define ETL_ROLE "arn:aws:iam::123456789012:role/Etl"
#define NEW_ROLE "arn:aws:iam::123456789012:role/New"
#define OLD_ROLE "arn:aws:iam::123456789012:role/Old"

static rsi_assoc_status
statuses(void *ctx, const char *arn, double *left)
{
	(void) ctx;
	if (left)
		*left = -1;
	if (strcmp(arn, ETL_ROLE) == 0)
		return RSI_ASSOC_IN_SYNC;
	if (strcmp(arn, NEW_ROLE) == 0)
		return RSI_ASSOC_ADDING;
	if (strcmp(arn, OLD_ROLE) == 0)
		return RSI_ASSOC_REMOVING;
	return RSI_ASSOC_NONE;
}

/* "rule|hint" of sql on cluster etl (default role def, NULL: none; found: the cluster exists) */
static const char *
rule_hint(const char *sql, const char *def, int found, const char *status, rsi_keys_mode keys, rsi_hint_style style)
{
	static char out[1200];
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_cluster_view cl = {found, "etl", "123456789012", "us-east-1", status, def, statuses, NULL, NULL, 0, NULL, NULL};
	rsi_check_options opt = {keys, "alice", style};
	rsi_command cmd;
	rsi_parse_error err;
	rsi_verdict v;

	arena_free();
	if (rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &err) != RSI_PARSE_OK)
	{
		snprintf(out, sizeof(out), "not parsed: %s", err.message);
		return out;
	}
	rsi_check_command(&cmd, &cl, &opt, &v);
	snprintf(out, sizeof(out), "%s|%s", v.rule, v.hint);
	return out;
}

#define COPY(role) "copy t from 's3://b/p' iam_role '" role "'"
#define KEYS "copy t from 's3://b/p' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 's'"
#define BOTH(sql, def, found, status, keys, want_sql, want_cli, what) \
	do { \
		TAP_IS_STR(rule_hint(sql, def, found, status, keys, RSI_HINTS_SQL), want_sql, "SQL: %s", what); \
		TAP_IS_STR(rule_hint(sql, def, found, status, keys, RSI_HINTS_AWS_CLI), want_cli, "CLI: %s", what); \
	} while (0)

static void
test_rules(void)
{
	const rsi_rule *r = rsi_rule_find("role-name-not-arn");
	char		want[600];

	BOTH(COPY("arn:aws:iam::123456789012:role/Other"), NULL, 1, "available", RSI_KEYS_MODE_WARN,
		 "role-not-associated|Associate the role with the cluster in AWS (aws redshift modify-cluster-iam-roles), " REIMPORT
		 "; in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles('etl', add_iam_roles => ARRAY['arn:aws:iam::123456789012:role/Other']);",
		 "role-not-associated|Associate the role with the cluster in AWS: aws redshift modify-cluster-iam-roles --cluster-identifier etl "
		 "--add-iam-roles arn:aws:iam::123456789012:role/Other",
		 "role-not-associated");
	BOTH(COPY(NEW_ROLE), NULL, 1, "available", RSI_KEYS_MODE_WARN,
		 "role-adding|Run the command once the role is in-sync: SELECT * FROM redshift_iam.describe_clusters('etl'); shows it. "
		 "An imported catalog learns it when the clusters are imported again.",
		 "role-adding|Run the command once the role is in-sync: aws redshift describe-clusters --cluster-identifier etl --query 'Clusters[0].IamRoles'",
		 "role-adding");
	BOTH(COPY(OLD_ROLE), NULL, 1, "available", RSI_KEYS_MODE_WARN,
		 "role-removing|To keep using the role, associate it again in AWS, " REIMPORT
		 "; in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles('etl', add_iam_roles => ARRAY['" OLD_ROLE "']);",
		 "role-removing|To keep using the role, associate it again in AWS: aws redshift modify-cluster-iam-roles --cluster-identifier etl "
		 "--add-iam-roles " OLD_ROLE,
		 "role-removing");
	BOTH("copy t from 's3://b/p' iam_role default", NULL, 1, "available", RSI_KEYS_MODE_WARN,
		 "no-default-role|Name the role's ARN, or set a default IAM role in AWS, " REIMPORT
		 "; in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles('etl', default_iam_role_arn => '<role ARN>');",
		 "no-default-role|Name the role's ARN, or set a default IAM role in AWS (the role must be associated too): "
		 "aws redshift modify-cluster-iam-roles --cluster-identifier etl --add-iam-roles ROLE_ARN --default-iam-role-arn ROLE_ARN",
		 "no-default-role");
	BOTH("copy t from 's3://b/p' iam_role default", "arn:aws:iam::123456789012:role/Gone", 1, "available", RSI_KEYS_MODE_WARN,
		 "default-role-not-associated|Associate the role with the cluster in AWS (aws redshift modify-cluster-iam-roles), " REIMPORT
		 "; in a catalog maintained by hand: SELECT redshift_iam.modify_cluster_iam_roles('etl', add_iam_roles => ARRAY['arn:aws:iam::123456789012:role/Gone']);",
		 "default-role-not-associated|Associate the role with the cluster in AWS: aws redshift modify-cluster-iam-roles --cluster-identifier etl "
		 "--add-iam-roles arn:aws:iam::123456789012:role/Gone",
		 "default-role-not-associated: the default role is the one to associate");
	BOTH(KEYS, NULL, 1, "available", RSI_KEYS_MODE_DENY,
		 "access-keys-refused|Use IAM_ROLE with a role associated with cluster etl instead.",
		 "access-keys-refused|Use IAM_ROLE with a role associated with cluster etl instead; "
		 "aws redshift describe-clusters --cluster-identifier etl --query 'Clusters[0].IamRoles' lists them.",
		 "access-keys-refused");
	BOTH(KEYS, NULL, 1, "available", RSI_KEYS_MODE_WARN,
		 "long-term-access-key|Prefer IAM_ROLE with a role associated with cluster etl.",
		 "long-term-access-key|Prefer IAM_ROLE with a role associated with cluster etl; "
		 "aws redshift describe-clusters --cluster-identifier etl --query 'Clusters[0].IamRoles' lists them.",
		 "long-term-access-key");
	BOTH(COPY(ETL_ROLE), NULL, 0, "available", RSI_KEYS_MODE_WARN,
		 "cluster-not-found|Check the identifier and redshift_iam.region; SELECT redshift_iam.describe_clusters(); lists the clusters in the catalog. "
		 "If the cluster exists in AWS, import the clusters again with redshift_iam.import_clusters().",
		 "cluster-not-found|Check the cluster identifier, --account-id and --region; "
		 "aws redshift describe-clusters --query 'Clusters[].ClusterIdentifier' lists the clusters.",
		 "cluster-not-found");
	BOTH(COPY(ETL_ROLE), NULL, 1, "storage-full", RSI_KEYS_MODE_WARN,
		 "cluster-not-available|Run the command once the cluster is available in AWS, " REIMPORT ".",
		 "cluster-not-available|Run the command once the cluster is available: "
		 "aws redshift describe-clusters --cluster-identifier etl --query 'Clusters[0].ClusterStatus'.",
		 "cluster-not-available");
	snprintf(want, sizeof(want), "role-name-not-arn|%s", r ? r->help : "?");
	BOTH(COPY("Etl"), NULL, 1, "available", RSI_KEYS_MODE_WARN, want, want,
		 "a value problem (role-name-not-arn): the rule's help, the same in both");
	BOTH(COPY(ETL_ROLE), NULL, 1, "available", RSI_KEYS_MODE_WARN, "ok|", "ok|", "an allowed command has no hint");
	arena_free();
}

int
main(void)
{
	test_sql_mode();
	test_cli_mode();
	test_serverless();
	test_plain_and_edges();
	test_rules();
	return tap_done();
}
