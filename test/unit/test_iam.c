/*
 * test_iam.c — trust, role chains and permissions of every command kind
 * against an IAM export (test/cli/fixtures/iam-account.json, the shape
 * `aws iam get-account-authorization-details` prints, with URL-encoded and
 * object documents and our ResourcePolicies extension): allowed and
 * refused, trust, chain links, permissions, explicit deny, conditions on
 * aws:SourceArn / aws:SourceAccount, cross-account, resource policies,
 * unknown roles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>

#include "check/check.h"
#include "iam/iam_check.h"
#include "tap.h"
#include "iam_util.h"

#define A "123456789012"
#define B "210987654321"
#define ROLE(a, n) "arn:aws:iam::" a ":role/" n
#define COPYROLE ROLE(A, "RedshiftCopyUnload")
#define SECOND ROLE(A, "SecondRedshiftRole")

static void *
test_alloc(void *ctx, size_t n)
{
	(void) ctx;
	return malloc(n);			/* short-lived test: not freed */
}

static rsi_cluster_view cl = {
	1, "my-redshift-cluster", A, "us-east-1", "available", SECOND, in_sync, NULL, NULL, 0, NULL, NULL
};
static rsi_iam_snapshot *snap;
static rsi_verdict v;
static rsi_iam_result res;
static int	refuse_unknown;

static const rsi_verdict *
check(const char *sql)
{
	rsi_alloc	al = {test_alloc, NULL};
	rsi_command cmd;
	rsi_parse_error err;
	rsi_check_options opt = {RSI_KEYS_MODE_ALLOW, "etl", RSI_HINTS_SQL};
	rsi_iam_options io = {0, "etl", RSI_HINTS_SQL};

	io.refuse_unknown = refuse_unknown;
	rsi_iam_result_free(&res);
	memset(&v, 0, sizeof(v));
	if (rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &err) != RSI_PARSE_OK)
	{
		printf("#   parse failed: %s\n", err.message);
		v.rule = "parse-error";
		v.sqlstate = "?";
		return &v;
	}
	rsi_check_command(&cmd, &cl, &opt, &v);
	if (rsi_iam_check(snap, &cmd, &cl, &io, &v, &res) != 0)
		v.rule = "out-of-memory";
	if (!v.allowed)
		printf("#   %s %s: %s | %s\n", v.sqlstate, v.rule, v.message, v.detail);
	return &v;
}

static int
refused(const char *sql, const char *rule, const char *sqlstate)
{
	check(sql);
	return !v.allowed && strcmp(v.rule, rule) == 0 && strcmp(v.sqlstate, sqlstate) == 0;
}

/* the decision of the step for action on resource (NULL: any resource) */
static const char *
step(const char *kind, const char *action, const char *resource)
{
	size_t		i;

	for (i = 0; i < res.nsteps; i++)
		if (strcmp(res.steps[i].step, kind) == 0 &&
			(action == NULL || strcmp(res.steps[i].action, action) == 0) &&
			(resource == NULL || strcmp(res.steps[i].resource, resource) == 0))
			return rsi_iam_outcome_name(res.steps[i].outcome);
	return "absent";
}

static int
has(const char *hay, const char *needle)
{
	int			ok = strstr(hay, needle) != NULL;

	if (!ok)
		printf("#   \"%s\" lacks \"%s\"\n", hay, needle);
	return ok;
}

static char *
read_fixture(const char *argv0, size_t *len)
{
	char		path[4096];
	char		dir[4096];
	FILE	   *f;
	char	   *buf;
	long		n;

	snprintf(dir, sizeof(dir), "%s", argv0);
	snprintf(path, sizeof(path), "%s/../cli/fixtures/iam-account.json", dirname(dir));
	f = fopen(path, "rb");
	if (f == NULL)
		f = fopen("test/cli/fixtures/iam-account.json", "rb");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t) n + 1);
	if (buf == NULL || fread(buf, 1, (size_t) n, f) != (size_t) n)
	{
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t) n;
	return buf;
}

static void
test_loader(const char *json, size_t len)
{
	rsi_iam_load_error err;
	rsi_iam_snapshot *s;
	const rsi_iam_role *r;

	s = rsi_iam_snapshot_load("{not json", 9, &err);
	TAP_OK(s == NULL && strstr(err.message, "not valid JSON") != NULL, "loader: invalid JSON is an error");
	s = rsi_iam_snapshot_load("{\"RoleDetailList\": 3}", 21, &err);
	TAP_OK(s == NULL && strstr(err.message, "RoleDetailList") != NULL, "loader: RoleDetailList must be an array");
	s = rsi_iam_snapshot_load("{}", 2, &err);
	TAP_OK(s != NULL && rsi_iam_snapshot_role_count(s) == 0, "loader: an empty export has no roles");
	rsi_iam_snapshot_free(s);

	snap = rsi_iam_snapshot_load(json, len, &err);
	TAP_OK(snap != NULL, "loader: the fixture export loads (%s)", snap ? "ok" : err.message);
	if (snap == NULL)
		return;
	TAP_IS_INT(rsi_iam_snapshot_role_count(snap), 9, "loader: nine roles");
	r = rsi_iam_find_role(snap, COPYROLE);
	TAP_OK(r != NULL && r->trust != NULL && r->trust_problem == NULL,
		   "loader: a URL-encoded trust policy is decoded and compiled");
	TAP_OK(r != NULL && r->nperms == 2 && r->perms_problem == NULL,
		   "loader: inline policy plus the managed policy's default version (URL-encoded)");
	TAP_IS_STR(r ? r->account : NULL, A, "loader: the role's account comes from its ARN");
	r = rsi_iam_find_role(snap, ROLE(A, "MissingManaged"));
	TAP_OK(r != NULL && r->perms_problem != NULL && strstr(r->perms_problem, "AmazonS3ReadOnlyAccess") != NULL,
		   "loader: an attached policy missing from the export makes permissions unknown");
	TAP_OK(rsi_iam_find_role(snap, ROLE(A, "Nobody")) == NULL, "loader: an absent role is not found");
	TAP_OK(rsi_iam_find_resource_policy(snap, "arn:aws:s3:::shared-bucket") != NULL &&
		   rsi_iam_find_resource_policy(snap, "arn:aws:s3:::shared-bucket")->policy != NULL,
		   "loader: a URL-encoded resource policy compiles");
	{
		const char *bad = "{\"RoleDetailList\":[{\"RoleName\":\"X\",\"Arn\":\"arn:aws:iam::" A ":role/X\","
			"\"AssumeRolePolicyDocument\":\"%7B%ZZ\",\"RolePolicyList\":[{\"PolicyName\":\"p\","
			"\"PolicyDocument\":{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}}}]}]}";

		s = rsi_iam_snapshot_load(bad, strlen(bad), &err);
		r = s ? rsi_iam_find_role(s, ROLE(A, "X")) : NULL;
		TAP_OK(r != NULL && r->trust == NULL && r->trust_problem != NULL &&
			   strstr(r->trust_problem, "%-escape") != NULL,
			   "loader: a malformed URL escape marks the trust unknown, the load goes on");
		TAP_OK(r != NULL && r->perms_problem != NULL && strstr(r->perms_problem, "Resource") != NULL,
			   "loader: a policy that does not compile marks permissions unknown");
		rsi_iam_snapshot_free(s);
	}
}

static void
test_copy(void)
{
	TAP_OK(check("copy t from 's3://my-bucket/sales/2024/' iam_role '" COPYROLE "' csv")->allowed,
		   "COPY: trusted role that may read and list the prefix is allowed");
	TAP_IS_STR(step("trust", "sts:AssumeRole", COPYROLE), "allowed",
			   "COPY: trust step allowed (SourceAccount and SourceArn conditions hold)");
	TAP_IS_STR(step("permission", "s3:GetObject", "arn:aws:s3:::my-bucket/sales/2024/*"), "allowed",
			   "COPY: s3:GetObject on the prefix's objects");
	TAP_IS_STR(step("permission", "s3:ListBucket", "arn:aws:s3:::my-bucket"), "allowed",
			   "COPY: s3:ListBucket on the bucket with s3:prefix");
	TAP_OK(res.evaluated && !res.unknown, "COPY: evaluated, nothing unknown");

	TAP_OK(refused("copy t from 's3://my-bucket/other/' iam_role '" COPYROLE "'", "permission-denied", "42501"),
		   "COPY: a prefix the role cannot read is refused with 42501");
	TAP_OK(has(v.message, "is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::my-bucket/other/*") &&
		   has(v.message, "assumed-role/RedshiftCopyUnload/RedshiftIamRoleSession") &&
		   has(v.message, "because no identity-based policy allows the s3:GetObject action"),
		   "COPY: IAM's text names the action, the resource and the session");
	TAP_OK(has(v.detail, "no statement allows it"), "COPY: DETAIL says no statement allows");

	TAP_OK(refused("copy t from 's3://my-bucket/sales/restricted/' iam_role '" COPYROLE "'", "permission-denied", "42501"),
		   "COPY: an explicit deny wins over the allow on sales/*");
	TAP_OK(has(v.message, "with an explicit deny in an identity-based policy") &&
		   has(v.detail, "Sid DenyRestricted") && has(v.detail, "inline policy S3Access"),
		   "COPY: the explicit deny names the deciding statement");
	TAP_IS_STR(step("permission", "s3:GetObject", NULL), "explicitDeny", "COPY: step says explicitDeny");

	TAP_OK(check("copy t from 's3://my-bucket/sales/m.manifest' iam_role '" COPYROLE "' manifest")->allowed &&
		   strcmp(step("permission", "s3:GetObject", "arn:aws:s3:::my-bucket/sales/m.manifest"), "allowed") == 0 &&
		   strcmp(step("permission", "s3:ListBucket", NULL), "absent") == 0 && res.note != NULL,
		   "COPY MANIFEST: the manifest object itself, with a note about the files it lists");
	TAP_OK(refused("copy t from 's3://my-bucket/sales/d/' iam_role '" COPYROLE "' format as json 's3://my-bucket/paths/jp.json'",
				   "permission-denied", "42501") && has(v.message, "arn:aws:s3:::my-bucket/paths/jp.json"),
		   "COPY JSON 's3://...': the JSONPaths file must be readable");
	TAP_OK(check("copy t from 's3://my-bucket/sales/d/' iam_role '" COPYROLE "' json 'auto'")->allowed,
		   "COPY JSON 'auto' reads no JSONPaths file");
	TAP_OK(refused("copy t from 'dynamodb://Orders' iam_role '" COPYROLE "' readratio 50", "permission-denied", "42501") &&
		   has(v.message, "dynamodb:DescribeTable on resource: arn:aws:dynamodb:us-east-1:" A ":table/Orders"),
		   "COPY from DynamoDB: dynamodb:DescribeTable on the table");
	TAP_OK(refused("copy t from 'emr://j-1ABCD/part-*' iam_role '" COPYROLE "'", "permission-denied", "42501") &&
		   has(v.message, "elasticmapreduce:ListInstances on resource: arn:aws:elasticmapreduce:us-east-1:" A ":cluster/j-1ABCD"),
		   "COPY from EMR: elasticmapreduce:ListInstances on the cluster");
	TAP_OK(refused("copy t from 's3://my-bucket/ssh/manifest' iam_role '" COPYROLE "' ssh", "permission-denied", "42501") &&
		   has(v.message, "s3:GetObject on resource: arn:aws:s3:::my-bucket/ssh/manifest"),
		   "COPY SSH: the SSH manifest on S3");
	TAP_OK(check("copy t from 's3://shared-bucket/x/' iam_role '" COPYROLE "'")->allowed,
		   "COPY: same account, a bucket policy naming the role grants without an identity allow");
	TAP_OK(check("copy t from 's3://my-bucket/sales/' credentials 'aws_iam_role=" COPYROLE "'")->allowed &&
		   res.evaluated, "COPY: CREDENTIALS 'aws_iam_role=...' is evaluated like IAM_ROLE");
	TAP_OK(check("copy t from 's3://my-bucket/x/' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 's'")->allowed &&
		   !res.evaluated, "COPY with access keys: no role, nothing evaluated");
	TAP_OK(check("copy t from 's3://my-bucket/sales/' iam_role default")->allowed &&
		   strcmp(step("trust", NULL, SECOND), "allowed") == 0,
		   "IAM_ROLE default: the cluster's default role is evaluated");
}

static void
test_trust(void)
{
	TAP_OK(refused("copy t from 's3://b/k' iam_role '" ROLE(A, "UntrustedRole") "'", "role-not-trusted", "28000"),
		   "trust: a role that trusts only ec2.amazonaws.com is refused with 28000");
	TAP_OK(has(v.message, "User arn:aws:redshift:us-east-1:" A ":dbuser:my-redshift-cluster/etl is not authorized to assume IAM Role " ROLE(A, "UntrustedRole")) &&
		   has(v.detail, "trust policy of IAM role") && has(v.detail, "no statement allows it"),
		   "trust: Redshift's text, DETAIL names the trust policy");
	TAP_OK(refused("unload ('select 1') to 's3://my-bucket/unload/' iam_role '" ROLE(A, "OtherClusterRole") "'", "role-not-trusted", "28000"),
		   "trust: an aws:SourceArn condition for another cluster refuses");
	{
		rsi_cluster_view other = cl;

		other.account_id = "999999999999";
		cl = other;
		TAP_OK(refused("copy t from 's3://my-bucket/sales/' iam_role '" COPYROLE "'", "role-not-trusted", "28000"),
			   "trust: an aws:SourceAccount condition for another account refuses");
		cl.account_id = A;
		cl.identifier = "other-cluster";
		TAP_OK(check("copy t from 's3://b/k' iam_role '" ROLE(A, "OtherClusterRole") "'")->allowed ||
			   strcmp(v.rule, "permission-denied") == 0,
			   "trust: the same role is trusted from the cluster its condition names");
		TAP_IS_STR(step("trust", NULL, NULL), "allowed", "  its trust step is allowed");
		cl.identifier = "my-redshift-cluster";
	}
	cl.serverless = 1;
	TAP_OK(check("copy t from 's3://my-bucket/sales/' iam_role '" ROLE(A, "UntrustedRole") "'")->allowed &&
		   strcmp(step("trust", NULL, NULL), "unknown") == 0,
		   "trust: a Serverless namespace's role trust is unknown, not refused");
	cl.serverless = 0;
	TAP_OK(refused("create external schema s from data catalog database 'spectrum_db' iam_role '" SECOND "' catalog_role '" ROLE(A, "UntrustedRole") "'",
				   "role-not-trusted", "28000") && has(v.detail, "(CATALOG_ROLE)"),
		   "trust: CATALOG_ROLE's first role must trust Redshift too");
}

static void
test_chain(void)
{
	TAP_OK(check("copy t from 's3://other-account-bucket/sales/' iam_role '" COPYROLE "," ROLE(B, "CrossAccountReader") "'")->allowed,
		   "chain: cross-account link trusted by ARN and permitted, bucket policy of a third account allows");
	TAP_IS_STR(step("chain-trust", NULL, ROLE(B, "CrossAccountReader")), "allowed", "chain: link trust allowed");
	TAP_IS_STR(step("chain-permission", NULL, ROLE(B, "CrossAccountReader")), "allowed", "chain: link permission allowed");
	TAP_OK(refused("copy t from 's3://other-account-bucket/hr/' iam_role '" COPYROLE "," ROLE(B, "CrossAccountReader") "'",
				   "permission-denied", "42501") &&
		   has(v.message, "because no resource-based policy allows") && has(v.detail, "CrossAccountReader"),
		   "chain: cross-account, identity allows but the bucket policy does not: refused, resource side named");
	TAP_OK(refused("copy t from 's3://b/k' iam_role '" SECOND "," ROLE(B, "PartnerByAccount") "'", "chain-link-not-permitted", "28000") &&
		   has(v.message, "is not authorized to assume IAM Role " ROLE(B, "PartnerByAccount")) &&
		   has(v.detail, "Link 2 of the role chain") && has(v.detail, "permission policies of IAM role " SECOND),
		   "chain: trust by account root is not enough without sts:AssumeRole in role n's policies");
	TAP_OK(refused("copy t from 's3://b/k' iam_role '" COPYROLE "," ROLE(B, "PickyPartner") "'", "chain-link-not-trusted", "28000") &&
		   has(v.detail, "trust policy of IAM role " ROLE(B, "PickyPartner")),
		   "chain: a trust policy naming another role refuses the link");
	TAP_OK(check("copy t from 's3://my-bucket/x/' iam_role '" SECOND "," ROLE(A, "LocalTrusted") "'")->allowed,
		   "chain: same account, a trust policy naming role n directly needs no identity allow");
	TAP_OK(check("copy t from 's3://my-bucket/x/' iam_role '" SECOND "," ROLE(A, "NotExported") "'")->allowed &&
		   res.unknown && strcmp(step("chain-trust", NULL, NULL), "unknown") == 0 &&
		   strcmp(step("chain-permission", NULL, NULL), "unknown") == 0 &&
		   strcmp(step("permission", "s3:GetObject", NULL), "unknown") == 0,
		   "chain: a role missing from the snapshot is unknown, not refused (its trust could name role n)");
	TAP_OK(refused("copy t from 's3://my-bucket/x/' iam_role '" SECOND "," ROLE(B, "NotExported") "'", "chain-link-not-permitted", "28000"),
		   "chain: cross-account, role n's missing sts:AssumeRole refuses even when role n+1 is unknown");
	TAP_OK(check("copy t from 's3://my-bucket/x/' iam_role '" ROLE(A, "Nobody") "'")->allowed &&
		   res.unknown && strcmp(step("trust", NULL, NULL), "unknown") == 0,
		   "an unknown first role: trust and permissions unknown, allowed");
	refuse_unknown = 1;
	TAP_OK(refused("copy t from 's3://my-bucket/x/' iam_role '" SECOND "," ROLE(A, "NotExported") "'", "iam-unknown-role", "28000") &&
		   has(v.detail, ROLE(A, "NotExported")),
		   "chain: with unknown roles refused, the missing role is refused");
	refuse_unknown = 0;
}

static void
test_unload(void)
{
	TAP_OK(check("unload ('select 1') to 's3://my-bucket/unload/run_' iam_role '" COPYROLE "' allowoverwrite")->allowed &&
		   strcmp(step("permission", "s3:PutObject", "arn:aws:s3:::my-bucket/unload/run_*"), "allowed") == 0 &&
		   strcmp(step("permission", "s3:DeleteObject", NULL), "allowed") == 0,
		   "UNLOAD: PutObject under the prefix, ListBucket, DeleteObject with ALLOWOVERWRITE");
	TAP_OK(refused("unload ('select 1') to 's3://my-bucket/sales/x_' iam_role '" COPYROLE "'", "permission-denied", "42501") &&
		   has(v.message, "s3:PutObject on resource: arn:aws:s3:::my-bucket/sales/x_*"),
		   "UNLOAD: a prefix the role cannot write is refused");
	TAP_OK(refused("unload ('select 1') to 's3://my-bucket/x_' iam_role '" SECOND "' cleanpath", "permission-denied", "42501") &&
		   has(v.message, "s3:DeleteObject"),
		   "UNLOAD CLEANPATH needs s3:DeleteObject");
	TAP_OK(check("unload ('select 1') to 's3://my-bucket/x_' iam_role '" SECOND "'")->allowed,
		   "UNLOAD without ALLOWOVERWRITE/CLEANPATH does not need s3:DeleteObject");
	TAP_OK(check("unload ('select 1') to 's3://my-bucket/unload/e_' iam_role '" COPYROLE "' encrypted kms_key_id '11111111-2222-3333-4444-555555555555'")->allowed &&
		   strcmp(step("permission", "kms:GenerateDataKey", "arn:aws:kms:us-east-1:" A ":key/11111111-2222-3333-4444-555555555555"), "allowed") == 0,
		   "UNLOAD KMS_KEY_ID: key policy delegates to the account, identity allows");
	TAP_OK(refused("unload ('select 1') to 's3://my-bucket/unload/e_' iam_role '" COPYROLE "' kms_key_id '99999999-8888-7777-6666-555555555555' encrypted",
				   "permission-denied", "42501") && has(v.message, "no resource-based policy allows the kms:GenerateDataKey"),
		   "UNLOAD KMS_KEY_ID: a key policy that does not allow the role refuses even with an identity allow");
	TAP_OK(refused("unload ('select 1') to 's3://my-bucket/unload/e_' iam_role '" SECOND "' kms_key_id 'arn:aws:kms:us-east-1:" A ":key/k' encrypted",
				   "permission-denied", "42501"), "UNLOAD KMS_KEY_ID as an ARN: no identity allow refuses");
}

static void
test_schema_function(void)
{
	TAP_OK(check("create external schema s from data catalog database 'spectrum_db' iam_role '" COPYROLE "'")->allowed &&
		   strcmp(step("permission", "glue:GetDatabase", "arn:aws:glue:us-east-1:" A ":database/spectrum_db"), "allowed") == 0,
		   "DATA CATALOG: glue:GetDatabase on the catalog and the database");
	TAP_OK(refused("create external schema s from data catalog database 'spectrum_db' iam_role '" COPYROLE "' create external database if not exists",
				   "permission-denied", "42501") && has(v.message, "glue:CreateDatabase"),
		   "DATA CATALOG: CREATE EXTERNAL DATABASE IF NOT EXISTS needs glue:CreateDatabase");
	TAP_OK(check("create external schema s from data catalog database 'Other_DB' iam_role '" COPYROLE "' catalog_role '" SECOND "' create external database if not exists")->allowed &&
		   strcmp(step("catalog-trust", NULL, SECOND), "allowed") == 0 &&
		   strcmp(step("permission", "glue:CreateDatabase", "arn:aws:glue:us-east-1:" A ":database/other_db"), "allowed") == 0,
		   "DATA CATALOG with CATALOG_ROLE: the catalog role makes the Glue requests (lower-case database)");
	TAP_OK(check("create external schema s from postgres database 'db' uri 'h' iam_role '" COPYROLE "' secret_arn 'arn:aws:secretsmanager:us-east-1:" A ":secret:pg-creds-AbCd'")->allowed,
		   "POSTGRES: secretsmanager:GetSecretValue on SECRET_ARN allowed");
	TAP_OK(refused("create external schema s from mysql database 'db' uri 'h' iam_role '" COPYROLE "' secret_arn 'arn:aws:secretsmanager:us-east-1:" A ":secret:mysql-x'",
				   "permission-denied", "42501") && has(v.message, "secretsmanager:GetSecretValue"),
		   "MYSQL: a secret the role cannot read is refused");
	TAP_OK(check("create external schema s from kinesis iam_role '" COPYROLE "'")->allowed && res.note != NULL,
		   "KINESIS: kinesis:ListStreams allowed, the stream reads noted");
	TAP_OK(refused("create external schema s from msk iam_role '" COPYROLE "' authentication iam cluster_arn 'arn:aws:kafka:us-east-1:" A ":cluster/c/uuid'",
				   "permission-denied", "42501") && has(v.message, "kafka:GetBootstrapBrokers"),
		   "MSK: kafka:GetBootstrapBrokers on CLUSTER_ARN");
	TAP_OK(check("create external schema s from redshift database 'd' schema 'x'")->allowed && !res.evaluated,
		   "FROM REDSHIFT: no role, nothing evaluated");

	TAP_OK(check("create external function f(int) returns int volatile lambda 'f_good' iam_role '" COPYROLE "'")->allowed &&
		   strcmp(step("permission", "lambda:InvokeFunction", "arn:aws:lambda:us-east-1:" A ":function:f_good"), "allowed") == 0,
		   "LAMBDA: lambda:InvokeFunction on the function in the cluster's region and account");
	TAP_OK(refused("create external function f(int) returns int volatile lambda 'f_bad' iam_role '" COPYROLE "'", "permission-denied", "42501") &&
		   has(v.message, "lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:" A ":function:f_bad"),
		   "LAMBDA: a function the role cannot invoke is refused");
	TAP_OK(check("create external function f(int) returns int volatile sagemaker 'Good-Endpoint' iam_role '" COPYROLE "'")->allowed,
		   "SAGEMAKER: sagemaker:InvokeEndpoint on the endpoint (ARN in lower case)");
	TAP_OK(refused("create external function f(int) returns int volatile sagemaker 'other' iam_role '" COPYROLE "'", "permission-denied", "42501"),
		   "SAGEMAKER: an endpoint the role cannot invoke is refused");
	TAP_OK(check("copy t from 's3://my-bucket/x/' iam_role '" ROLE(A, "MissingManaged") "'")->allowed &&
		   res.unknown && strcmp(step("permission", "s3:GetObject", NULL), "unknown") == 0,
		   "a role whose managed policy is missing from the export: permissions unknown, not refused");
}

static void
test_json(void)
{
	char	   *j;

	check("copy t from 's3://my-bucket/sales/restricted/' iam_role '" COPYROLE "'");
	j = rsi_iam_result_json(&res);
	TAP_OK(j != NULL && strstr(j, "\"decision\":\"explicitDeny\"") && strstr(j, "\"step\":\"trust\"") &&
		   strstr(j, "\"matched\":[\"Statement[3] (Sid DenyRestricted)") && strstr(j, "\"evaluated\":true"),
		   "result JSON: steps with decision, matched statements");
	free(j);
	check("copy t from 's3://my-bucket/x/' iam_role '" ROLE(A, "Nobody") "'");
	j = rsi_iam_result_json(&res);
	TAP_OK(j != NULL && strstr(j, "\"unknown\":true") && strstr(j, "not in the IAM snapshot"),
		   "result JSON: unknown role");
	free(j);
}

/* CREATE LIBRARY reads its FROM object; CREATE MODEL writes and reads S3_BUCKET */
static void
test_library_model(void)
{
	TAP_OK(check("create library f language plpythonu from 's3://my-bucket/sales/f.zip' iam_role '" COPYROLE "'")->allowed,
		   "CREATE LIBRARY: a role that may read the object is allowed");
	TAP_IS_STR(step("permission", "s3:GetObject", "arn:aws:s3:::my-bucket/sales/f.zip*"), "allowed",
			   "CREATE LIBRARY: s3:GetObject on the library file");
	TAP_OK(refused("create library f language plpythonu from 's3://my-bucket/libs/f.zip' iam_role '" COPYROLE "'",
				   "permission-denied", "42501") &&
		   has(v.message, "s3:GetObject on resource: arn:aws:s3:::my-bucket/libs/f.zip*"),
		   "CREATE LIBRARY: a file the role may not read is refused, naming action and resource");
	TAP_OK(refused("create model m from (select 1) target x function f iam_role '" COPYROLE "' settings (s3_bucket 'my-bucket')",
				   "permission-denied", "42501") && has(v.message, "s3:PutObject on resource: arn:aws:s3:::my-bucket/*"),
		   "CREATE MODEL: a role that may not write S3_BUCKET is refused");
	check("create model m from (select 1) target x function f iam_role '" COPYROLE "'");
	TAP_IS_STR(step("permission", "s3:PutObject", NULL), "absent",
			   "CREATE MODEL without S3_BUCKET asks no S3 permission");
}

int
main(int argc, char **argv)
{
	size_t		len = 0;
	char	   *json = read_fixture(argv[0], &len);

	(void) argc;
	TAP_OK(json != NULL, "the fixture test/cli/fixtures/iam-account.json is readable");
	if (json == NULL)
		return tap_done();
	test_loader(json, len);
	if (snap != NULL)
	{
		test_copy();
		test_trust();
		test_chain();
		test_unload();
		test_schema_function();
		test_library_model();
		test_json();
	}
	rsi_iam_result_free(&res);
	rsi_iam_snapshot_free(snap);
	free(json);
	return tap_done();
}
