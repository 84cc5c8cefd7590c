/*
 * test_iam_rules.c — the IAM rules one by one: every row of the permission
 * table (permissions.c) yields the action, resource and context key that
 * docs/permissions.md documents; the snapshot loader's errors and defaults
 * for malformed or partial exports (owners of resource policies, default
 * versions, documents of the wrong type); IAM's decision same-account and
 * cross-account (rsi_iam_decide); the hints of every IAM refusal, from the
 * shared hint rules, for the server and for the CLI.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "iam/iam_check.h"
#include "tap.h"
#include "iam_util.h"

#define A "123456789012"
#define B "210987654321"
#define ROLE(a, n) "arn:aws:iam::" a ":role/" n

static void *
test_alloc(void *ctx, size_t n)
{
	(void) ctx;
	return malloc(n);			/* short-lived test: not freed */
}

static rsi_command cmd;

static int
parse(const char *sql)
{
	rsi_alloc	al = {test_alloc, NULL};
	rsi_parse_error err;

	if (rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &err) != RSI_PARSE_OK)
	{
		printf("#   parse failed: %s\n", err.message);
		return 0;
	}
	return 1;
}

/* the requests of cmd as "action resource[ key=value][ (catalog)]" lines */
static const char *
requests(const rsi_iam_env *env, size_t max, const char **note)
{
	static char out[8192];
	rsi_iam_perm_request q[RSI_IAM_MAX_REQUESTS];
	size_t		n = rsi_iam_requests_for(&cmd, env, q, max, note),
				i;

	out[0] = '\0';
	for (i = 0; i < n; i++)
	{
		size_t		l = strlen(out);

		snprintf(out + l, sizeof(out) - l, "%s%s %s%s%s%s%s%s", i ? "\n" : "", q[i].action, q[i].resource,
				 q[i].ctx_key ? " " : "", q[i].ctx_key ? q[i].ctx_key : "", q[i].ctx_key ? "=" : "",
				 q[i].ctx_key ? q[i].ctx_value : "", q[i].by_catalog_role ? " (catalog)" : "");
		if (q[i].source == NULL || strncmp(q[i].source, "https://docs.aws.amazon.com/", 28) != 0 ||
			q[i].why == NULL || q[i].why[0] == '\0')
			snprintf(out + strlen(out), sizeof(out) - strlen(out), " (row without its AWS page or purpose)");
	}
	return out;
}

static const rsi_iam_env env = {"aws", "us-east-1", A, A};

static void
row(const char *sql, const char *want, const char *what)
{
	const char *note;

	TAP_IS_STR(parse(sql) ? requests(&env, RSI_IAM_MAX_REQUESTS, &note) : "(parse failed)", want, "%s", what);
}

static void
test_table(void)
{
	const char *note = NULL;
	rsi_iam_env cn = {"aws-cn", "cn-north-1", "111122223333", "444455556666"};

	row("copy t from 's3://b/data/' iam_role '" ROLE(A, "R") "'",
		"s3:GetObject arn:aws:s3:::b/data/*\ns3:ListBucket arn:aws:s3:::b s3:prefix=data/",
		"COPY from an S3 prefix: s3:GetObject on its objects, s3:ListBucket on the bucket with s3:prefix");
	row("copy t from 's3://b' iam_role '" ROLE(A, "R") "'",
		"s3:GetObject arn:aws:s3:::b/*\ns3:ListBucket arn:aws:s3:::b s3:prefix=",
		"COPY from a whole bucket: every object, an empty s3:prefix");
	row("copy t from 's3://b/m.manifest' iam_role '" ROLE(A, "R") "' manifest",
		"s3:GetObject arn:aws:s3:::b/m.manifest", "COPY MANIFEST: the manifest object, no listing");
	row("copy t from 's3://b/ssh.manifest' iam_role '" ROLE(A, "R") "' ssh",
		"s3:GetObject arn:aws:s3:::b/ssh.manifest", "COPY SSH: the SSH manifest object");
	row("copy t from 's3://b/d/' iam_role '" ROLE(A, "R") "' format as json 's3://c/jp.json'",
		"s3:GetObject arn:aws:s3:::b/d/*\ns3:ListBucket arn:aws:s3:::b s3:prefix=d/\ns3:GetObject arn:aws:s3:::c/jp.json",
		"COPY JSON 's3://...': the JSONPaths file too");
	row("copy t from 'dynamodb://Orders' iam_role '" ROLE(A, "R") "' readratio 50 region 'us-west-2'",
		"dynamodb:DescribeTable arn:aws:dynamodb:us-west-2:" A ":table/Orders\ndynamodb:Scan arn:aws:dynamodb:us-west-2:" A ":table/Orders",
		"COPY from DynamoDB: DescribeTable and Scan on the table, in REGION");
	row("copy t from 'emr://j-1ABC/part-*' iam_role '" ROLE(A, "R") "'",
		"elasticmapreduce:ListInstances arn:aws:elasticmapreduce:us-east-1:" A ":cluster/j-1ABC",
		"COPY from EMR: ListInstances on the cluster");
	row("unload ('select 1') to 's3://b/out/x_' iam_role '" ROLE(A, "R") "'",
		"s3:PutObject arn:aws:s3:::b/out/x_*\ns3:ListBucket arn:aws:s3:::b s3:prefix=out/x_",
		"UNLOAD: s3:PutObject under the prefix, s3:ListBucket");
	row("unload ('select 1') to 's3://b/out/' iam_role '" ROLE(A, "R") "' allowoverwrite kms_key_id 'alias/exports' encrypted",
		"s3:PutObject arn:aws:s3:::b/out/*\ns3:ListBucket arn:aws:s3:::b s3:prefix=out/\ns3:DeleteObject arn:aws:s3:::b/out/*\n"
		"kms:GenerateDataKey arn:aws:kms:us-east-1:" A ":alias/exports",
		"UNLOAD ALLOWOVERWRITE KMS_KEY_ID alias/...: s3:DeleteObject, kms:GenerateDataKey on the alias");
	row("unload ('select 1') to 's3://b/out/' iam_role '" ROLE(A, "R") "' cleanpath kms_key_id 'arn:aws:kms:eu-west-1:" B ":key/k' encrypted",
		"s3:PutObject arn:aws:s3:::b/out/*\ns3:ListBucket arn:aws:s3:::b s3:prefix=out/\ns3:DeleteObject arn:aws:s3:::b/out/*\n"
		"kms:GenerateDataKey arn:aws:kms:eu-west-1:" B ":key/k",
		"UNLOAD CLEANPATH with a key ARN: the ARN as given");
	row("unload ('select 1') to 's3://b/out/' iam_role '" ROLE(A, "R") "' kms_key_id 'k-1' encrypted region 'eu-west-1'",
		"s3:PutObject arn:aws:s3:::b/out/*\ns3:ListBucket arn:aws:s3:::b s3:prefix=out/\n"
		"kms:GenerateDataKey arn:aws:kms:eu-west-1:" A ":key/k-1",
		"UNLOAD KMS_KEY_ID as a key ID: a key of the role's account in REGION");
	row("create external schema s from data catalog database 'Sales_DB' iam_role '" ROLE(A, "R") "' create external database if not exists",
		"glue:GetDatabase arn:aws:glue:us-east-1:" A ":catalog (catalog)\nglue:GetDatabase arn:aws:glue:us-east-1:" A ":database/sales_db (catalog)\n"
		"glue:CreateDatabase arn:aws:glue:us-east-1:" A ":catalog (catalog)\nglue:CreateDatabase arn:aws:glue:us-east-1:" A ":database/sales_db (catalog)",
		"DATA CATALOG ... CREATE EXTERNAL DATABASE IF NOT EXISTS: Glue reads and creates, by CATALOG_ROLE when given, the database in lower case");
	row("create external schema s from postgres database 'db' uri 'h' iam_role '" ROLE(A, "R") "' secret_arn 'arn:aws:secretsmanager:us-east-1:" A ":secret:s'",
		"secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:" A ":secret:s", "POSTGRES: GetSecretValue on SECRET_ARN");
	row("create external schema s from mysql database 'db' uri 'h' iam_role '" ROLE(A, "R") "' secret_arn 'arn:aws:secretsmanager:us-east-1:" A ":secret:m'",
		"secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:" A ":secret:m", "MYSQL: GetSecretValue on SECRET_ARN");
	row("create external schema s from kinesis iam_role '" ROLE(A, "R") "'", "kinesis:ListStreams *", "KINESIS: ListStreams on *");
	row("create external schema s from msk iam_role '" ROLE(A, "R") "' authentication iam cluster_arn 'arn:aws:kafka:us-east-1:" A ":cluster/c/u'",
		"kafka:GetBootstrapBrokers arn:aws:kafka:us-east-1:" A ":cluster/c/u\nkafka-cluster:Connect arn:aws:kafka:us-east-1:" A ":cluster/c/u\n"
		"kafka-cluster:DescribeCluster arn:aws:kafka:us-east-1:" A ":cluster/c/u",
		"MSK AUTHENTICATION iam: brokers, Connect and DescribeCluster on CLUSTER_ARN");
	row("create external schema s from msk iam_role '" ROLE(A, "R") "' authentication none cluster_arn 'arn:aws:kafka:us-east-1:" A ":cluster/c/u'",
		"kafka:GetBootstrapBrokers arn:aws:kafka:us-east-1:" A ":cluster/c/u", "MSK AUTHENTICATION none: the brokers only");
	row("create external function f(int) returns int volatile lambda 'fn' iam_role '" ROLE(A, "R") "'",
		"lambda:InvokeFunction arn:aws:lambda:us-east-1:" A ":function:fn", "LAMBDA by name: the function in the cluster's region and account");
	row("create external function f(int) returns int volatile lambda 'arn:aws:lambda:eu-west-1:" B ":function:fn' iam_role '" ROLE(A, "R") "'",
		"lambda:InvokeFunction arn:aws:lambda:eu-west-1:" B ":function:fn", "LAMBDA by ARN: the ARN as given");
	row("create external function f(int) returns int volatile sagemaker 'My-Endpoint' iam_role '" ROLE(A, "R") "'",
		"sagemaker:InvokeEndpoint arn:aws:sagemaker:us-east-1:" A ":endpoint/my-endpoint", "SAGEMAKER: the endpoint's ARN in lower case");
	row("create library l language plpythonu from 's3://b/l.zip' iam_role '" ROLE(A, "R") "'",
		"s3:GetObject arn:aws:s3:::b/l.zip*\ns3:ListBucket arn:aws:s3:::b s3:prefix=l.zip", "CREATE LIBRARY: the file, like COPY");
	row("create model m from t target c function f iam_role '" ROLE(A, "R") "' settings (s3_bucket 's3://mb/ignored', kms_key_id 'k')",
		"s3:PutObject arn:aws:s3:::mb/*\ns3:GetObject arn:aws:s3:::mb/*\ns3:ListBucket arn:aws:s3:::mb\n"
		"kms:GenerateDataKey arn:aws:kms:us-east-1:" A ":key/k",
		"CREATE MODEL: S3_BUCKET written, read and listed (an s3:// URL tolerated), KMS_KEY_ID once");
	row("create model r function f (int) returns int sagemaker 'Remote-EP' iam_role '" ROLE(A, "R") "'",
		"sagemaker:InvokeEndpoint arn:aws:sagemaker:us-east-1:" A ":endpoint/remote-ep", "CREATE MODEL remote inference: InvokeEndpoint");
	row("create model m from t target c function f iam_role '" ROLE(A, "R") "'", "", "CREATE MODEL without S3_BUCKET: nothing");

	/* partition, catalog account, the bound, notes */
	TAP_IS_STR(parse("create external schema s from data catalog database 'd' iam_role '" ROLE(A, "R") "'") ? requests(&cn, 16, NULL) : "",
			   "glue:GetDatabase arn:aws-cn:glue:cn-north-1:444455556666:catalog (catalog)\n"
			   "glue:GetDatabase arn:aws-cn:glue:cn-north-1:444455556666:database/d (catalog)",
			   "the partition and the catalog role's account go into Glue ARNs");
	TAP_IS_STR(parse("copy t from 's3://b/p/' iam_role '" ROLE(A, "R") "'") ? requests(&cn, 1, NULL) : "",
			   "s3:GetObject arn:aws-cn:s3:::b/p/*", "at most max requests");
	parse("copy t from 's3://b/m' iam_role '" ROLE(A, "R") "' manifest");
	requests(&env, 16, &note);
	TAP_OK(note != NULL && strstr(note, "manifest") != NULL, "a manifest's files are noted as not evaluated");
	parse("create external schema s from hive metastore database 'db' uri 'h' iam_role '" ROLE(A, "R") "'");
	TAP_IS_STR(requests(&env, 16, &note), "", "HIVE METASTORE: no IAM request");
	TAP_OK(note != NULL && strstr(note, "Hive metastore") != NULL, "  and a note says why");
	parse("copy t from 's3://b/p/' iam_role '" ROLE(A, "R") "'");
	requests(&env, 16, &note);
	TAP_OK(note == NULL, "a plain COPY has no note");

	/* a command that lacks a row's value yields no request for it */
	memset(&cmd, 0, sizeof(cmd));
	cmd.kind = RSI_CMD_COPY;
	cmd.location = "s3:///key";
	TAP_IS_STR(requests(&env, 16, NULL), "", "an S3 URL without a bucket: nothing");
	cmd.location = "dynamodb://";
	TAP_IS_STR(requests(&env, 16, NULL), "", "dynamodb:// without a table: nothing");
	cmd.location = "emr:///x";
	TAP_IS_STR(requests(&env, 16, NULL), "", "emr:// without a cluster: nothing");
	cmd.location = "s3://b/d/";
	cmd.jsonpaths = "auto-but-not-s3";
	TAP_IS_STR(requests(&env, 16, NULL), "s3:GetObject arn:aws:s3:::b/d/*\ns3:ListBucket arn:aws:s3:::b s3:prefix=d/",
			   "a JSONPaths value that is not an S3 URL asks nothing more");
	memset(&cmd, 0, sizeof(cmd));
	cmd.kind = RSI_CMD_CREATE_EXTERNAL_SCHEMA;
	cmd.source = RSI_SRC_DATA_CATALOG;
	TAP_IS_STR(requests(&env, 16, NULL), "glue:GetDatabase arn:aws:glue:us-east-1:" A ":catalog (catalog)",
			   "DATA CATALOG without a database: the catalog only");
	cmd.source = RSI_SRC_POSTGRES;
	TAP_IS_STR(requests(&env, 16, NULL), "", "POSTGRES without SECRET_ARN: nothing");
	cmd.source = RSI_SRC_MSK;
	TAP_IS_STR(requests(&env, 16, NULL), "", "MSK without CLUSTER_ARN: nothing");
	memset(&cmd, 0, sizeof(cmd));
	cmd.kind = RSI_CMD_CREATE_MODEL;
	cmd.s3_bucket = "s3:///x";
	TAP_IS_STR(requests(&env, 16, NULL), "", "CREATE MODEL with an empty S3_BUCKET: nothing");
}

/* ---------- the snapshot loader ---------- */

static const char *
load_error(const char *json)
{
	static char out[300];
	rsi_iam_load_error err;
	rsi_iam_snapshot *s = rsi_iam_snapshot_load(json, strlen(json), &err);

	if (s != NULL)
	{
		rsi_iam_snapshot_free(s);
		return "(loaded)";
	}
	snprintf(out, sizeof(out), "%s", err.message);
	return out;
}

#define TRUST_DOC "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"redshift.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}"
#define BUCKET_DOC(b) "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" ROLE(A, "R") "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" b "/*\"}}"
#define ROLE_ENTRY(a, n) "{\"RoleName\":\"" n "\",\"Arn\":\"" ROLE(a, n) "\",\"AssumeRolePolicyDocument\":" TRUST_DOC "}"

static const char *
owner_of(const char *json, const char *arn)
{
	rsi_iam_load_error err;
	rsi_iam_snapshot *s = rsi_iam_snapshot_load(json, strlen(json), &err);
	const rsi_iam_resource_policy *rp = s ? rsi_iam_find_resource_policy(s, arn) : NULL;
	static char out[32];

	snprintf(out, sizeof(out), "%s", s == NULL ? "(error)" : rp == NULL ? "(none)" : rp->account ? rp->account : "(unknown)");
	rsi_iam_snapshot_free(s);
	return out;
}

static void
test_snapshot(void)
{
	rsi_iam_load_error err;
	rsi_iam_snapshot *s;
	const rsi_iam_role *r;
	const char *doc;

	/* owners of resource policies: AccountId, the ARN, the export's one account, else unknown */
	TAP_IS_STR(owner_of("{\"RoleDetailList\":[" ROLE_ENTRY(A, "R") "],\"ResourcePolicies\":[{\"ResourceArn\":\"arn:aws:s3:::bk\",\"Policy\":" BUCKET_DOC("bk") "}]}",
						"arn:aws:s3:::bk"), A, "a bucket without AccountId belongs to the export's one account");
	TAP_IS_STR(owner_of("{\"RoleDetailList\":[" ROLE_ENTRY(A, "R") "," ROLE_ENTRY(B, "S") "],\"ResourcePolicies\":[{\"ResourceArn\":\"arn:aws:s3:::bk\",\"Policy\":" BUCKET_DOC("bk") "}]}",
						"arn:aws:s3:::bk"), "(unknown)", "an export of several accounts leaves such a bucket's owner unknown");
	TAP_IS_STR(owner_of("{\"ResourcePolicies\":[{\"ResourceArn\":\"arn:aws:s3:::bk\",\"Policy\":" BUCKET_DOC("bk") "}]}",
						"arn:aws:s3:::bk"), "(unknown)", "so does an export without roles");
	TAP_IS_STR(owner_of("{\"RoleDetailList\":[" ROLE_ENTRY(A, "R") "],\"ResourcePolicies\":[{\"ResourceArn\":\"arn:aws:s3:::bk\",\"AccountId\":\"" B "\",\"Policy\":" BUCKET_DOC("bk") "}]}",
						"arn:aws:s3:::bk"), B, "AccountId wins over the export's account");
	TAP_IS_STR(owner_of("{\"ResourcePolicies\":[{\"ResourceArn\":\"arn:aws:kms:us-east-1:" B ":key/k\",\"Policy\":{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}}]}",
						"arn:aws:kms:us-east-1:" B ":key/k"), B, "a key belongs to the account its ARN names");
	TAP_IS_STR(load_error("{\"ResourcePolicies\":[{\"ResourceArn\":\"arn:aws:s3:::bk\",\"AccountId\":\"12345\",\"Policy\":" BUCKET_DOC("bk") "}]}"),
			   "ResourcePolicies[0].AccountId: the owner's account must be a string of 12 digits, and the account a KMS key's or Lambda function's ARN names",
			   "an AccountId that is not 12 digits fails the load, naming the entry");
	TAP_IS_STR(load_error("{\"ResourcePolicies\":[{\"Policy\":{}},{\"ResourceArn\":\"arn:aws:s3:::bk\",\"AccountId\":" A ",\"Policy\":" BUCKET_DOC("bk") "}]}"),
			   "ResourcePolicies[1].AccountId: the owner's account must be a string of 12 digits, and the account a KMS key's or Lambda function's ARN names",
			   "an AccountId that is a number fails too (an entry without ResourceArn is skipped)");
	TAP_OK(strncmp(load_error("{\"ResourcePolicies\":[{\"ResourceArn\":\"arn:aws:lambda:us-east-1:" A ":function:f\",\"AccountId\":\"" B "\",\"Policy\":{}}]}"),
				   "ResourcePolicies[0].AccountId", 29) == 0,
		   "an AccountId that contradicts a function's ARN fails the load");
	TAP_OK(strstr(load_error("[1, 2]"), "RoleDetailList") != NULL, "an export that is not an object is refused");
	TAP_OK(strstr(load_error("{\"Roles\": 1,"), "line 1") != NULL, "invalid JSON is refused with its line and column");
	TAP_OK(rsi_iam_snapshot_load(NULL, 0, NULL) == NULL, "no text at all: refused (without an error buffer)");

	/* partial and odd exports load; what cannot be used is unknown */
	doc = "{\"Policies\":[{\"Arn\":\"arn:aws:iam::" A ":policy/NoDefault\",\"PolicyVersionList\":[{\"VersionId\":\"v1\",\"Document\":{}}]},"
		"{\"Arn\":\"arn:aws:iam::" A ":policy/Flagged\",\"PolicyVersionList\":[{\"VersionId\":\"v1\",\"IsDefaultVersion\":false,\"Document\":{}},"
		"{\"VersionId\":\"v2\",\"IsDefaultVersion\":true,\"Document\":{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}}]},"
		"{\"PolicyName\":\"no arn\"}],"
		"\"RoleDetailList\":[5,{\"RoleName\":\"NoArn\"},"
		"{\"RoleName\":\"NoTrust\",\"Arn\":\"" ROLE(A, "NoTrust") "\",\"AttachedManagedPolicies\":[{\"PolicyArn\":\"arn:aws:iam::" A ":policy/Flagged\"}]},"
		"{\"RoleName\":\"NumTrust\",\"Arn\":\"" ROLE(A, "NumTrust") "\",\"AssumeRolePolicyDocument\":7,"
		"\"AttachedManagedPolicies\":[{\"PolicyArn\":\"arn:aws:iam::" A ":policy/NoDefault\"}]},"
		"{\"RoleName\":\"TextTrust\",\"Arn\":\"" ROLE(A, "TextTrust") "\",\"AssumeRolePolicyDocument\":\"" "{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"sts:AssumeRole\\\"}}" "\","
		"\"AttachedManagedPolicies\":[{\"PolicyName\":\"no arn\"}]}]}";
	s = rsi_iam_snapshot_load(doc, strlen(doc), &err);
	TAP_OK(s != NULL, "a partial export loads (%s)", s ? "ok" : err.message);
	TAP_IS_INT(rsi_iam_snapshot_role_count(s), 3, "  entries that are not objects or lack an Arn are skipped");
	r = rsi_iam_find_role(s, ROLE(A, "NoTrust"));
	TAP_OK(r != NULL && r->trust == NULL && r->trust_problem != NULL &&
		   strstr(r->trust_problem, "has no AssumeRolePolicyDocument") != NULL,
		   "a role without AssumeRolePolicyDocument: trust unknown, said why");
	TAP_OK(r != NULL && r->nperms == 1 && r->perms_problem == NULL,
		   "IsDefaultVersion picks the default version when DefaultVersionId is absent");
	r = rsi_iam_find_role(s, ROLE(A, "NumTrust"));
	TAP_OK(r != NULL && r->trust_problem != NULL && strstr(r->trust_problem, "is a number, not an object or a string") != NULL,
		   "a document that is a number: trust unknown, said why");
	TAP_OK(r != NULL && r->perms_problem != NULL && strstr(r->perms_problem, "holds no default version") != NULL,
		   "a managed policy with no default version: permissions unknown, said why");
	r = rsi_iam_find_role(s, ROLE(A, "TextTrust"));
	TAP_OK(r != NULL && r->trust != NULL, "a trust policy given as plain JSON text compiles");
	TAP_OK(r != NULL && r->perms_problem != NULL && strstr(r->perms_problem, "managed policy ? attached") != NULL,
		   "an attachment without PolicyArn: permissions unknown");
	TAP_OK(rsi_iam_find_role(s, NULL) == NULL && rsi_iam_find_resource_policy(s, NULL) == NULL &&
		   rsi_iam_find_role(NULL, ROLE(A, "NoTrust")) == NULL && rsi_iam_snapshot_role_count(NULL) == 0,
		   "lookups with NULL find nothing");
	rsi_iam_snapshot_free(s);
	rsi_iam_snapshot_free(NULL);
	{
		char		acct[13];

		TAP_OK(!rsi_iam_arn_account("arn:aws:s3:::b", acct) && acct[0] == '\0' &&
			   !rsi_iam_arn_account("arn:aws:iam::12345678901x:role/R", acct) &&
			   !rsi_iam_arn_account("arn:aws:iam::1234567890123:role/R", acct) &&
			   !rsi_iam_arn_account("not an arn", acct) && !rsi_iam_arn_account("arn:aws", acct) &&
			   rsi_iam_arn_account(ROLE(B, "R"), acct) && strcmp(acct, B) == 0,
			   "rsi_iam_arn_account: exactly 12 digits in the fifth field");
	}
}

/* ---------- IAM's decision ---------- */

static rsi_policy *
pol(const char *doc, rsi_policy_kind kind)
{
	rsi_policy_error err;
	rsi_policy *p = rsi_policy_parse_kind(doc, strlen(doc), "p", kind, NULL, &err);

	if (p == NULL)
		printf("#   %s: %s\n", err.element, err.message);
	return p;
}

static const char *
decide(const rsi_policy *id, const rsi_policy *rp, const char *owner, const char *caller, const char *action,
	   const char *resource)
{
	static char out[64];
	char		acct[13];
	const char *names[1] = {caller};
	rsi_principal_req pr = {"AWS", names, 1, acct};
	rsi_request rq = {action, resource, NULL, 0};
	rsi_iam_decision d;
	const rsi_policy *ids[1] = {id};

	rsi_iam_arn_account(caller, acct);
	if (rsi_iam_decide(ids, id ? 1 : 0, rp, owner, &pr, &rq, &d) != 0)
		return "(oom)";
	snprintf(out, sizeof(out), "%s%s%s", rsi_iam_outcome_name(d.outcome), d.same_account ? " same" : " cross",
			 d.resource_side ? " resource-side" : "");
	rsi_iam_decision_free(&d);
	return out;
}

static void
test_decide(void)
{
	rsi_policy *allow = pol("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}", RSI_POLICY_IDENTITY);
	rsi_policy *none = pol("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}}", RSI_POLICY_IDENTITY);
	rsi_policy *deny = pol("{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}", RSI_POLICY_IDENTITY);
	rsi_policy *names_role = pol("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" ROLE(A, "R") "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}", RSI_POLICY_RESOURCE);
	rsi_policy *names_acct = pol("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" A "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}", RSI_POLICY_RESOURCE);
	rsi_policy *res_deny = pol("{\"Statement\":{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}", RSI_POLICY_RESOURCE);
	rsi_policy *key_admins = pol("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" ROLE(A, "Admin") "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}}", RSI_POLICY_RESOURCE);
	rsi_policy *key_acct = pol("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" A ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}}", RSI_POLICY_RESOURCE);
	rsi_policy *kms_allow = pol("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}", RSI_POLICY_IDENTITY);
	const char *role = ROLE(A, "R");
	const char *obj = "arn:aws:s3:::b/k";
	const char *key = "arn:aws:kms:us-east-1:" A ":key/k";

	/* same account: either side suffices; an explicit deny anywhere wins */
	TAP_IS_STR(decide(allow, NULL, NULL, role, "s3:GetObject", obj), "allowed same", "same account, identity allow, no resource policy: allowed");
	TAP_IS_STR(decide(none, NULL, NULL, role, "s3:GetObject", obj), "implicitDeny same", "same account, nothing allows: implicit deny");
	TAP_IS_STR(decide(none, names_role, A, role, "s3:GetObject", obj), "allowed same", "same account, a resource policy naming the role suffices");
	TAP_IS_STR(decide(none, names_acct, A, role, "s3:GetObject", obj), "implicitDeny same",
			   "same account, a resource policy naming only the account delegates: not enough alone");
	TAP_IS_STR(decide(allow, names_acct, A, role, "s3:GetObject", obj), "allowed same", "  with an identity allow it is");
	TAP_IS_STR(decide(allow, res_deny, A, role, "s3:GetObject", obj), "explicitDeny same resource-side",
			   "a resource policy's Deny wins over an identity allow, resource side named");
	TAP_IS_STR(decide(deny, names_role, A, role, "s3:GetObject", obj), "explicitDeny same",
			   "an identity Deny wins over a resource allow");
	/* cross-account: both sides needed */
	TAP_IS_STR(decide(allow, names_role, B, role, "s3:GetObject", obj), "allowed cross", "cross-account, both allow: allowed");
	TAP_IS_STR(decide(none, names_role, B, role, "s3:GetObject", obj), "implicitDeny cross",
			   "cross-account, only the resource policy allows: implicit deny (identity side)");
	TAP_IS_STR(decide(allow, res_deny, B, role, "s3:GetObject", obj), "explicitDeny cross resource-side",
			   "cross-account, the owner denies: explicit deny on the resource side");
	TAP_IS_STR(decide(allow, names_acct, B, role, "s3:GetObject", obj), "allowed cross",
			   "cross-account, the owner's policy names the caller's account: it trusts that account's identity policies");
	TAP_IS_STR(decide(allow, names_role, B, ROLE(B, "Other"), "s3:GetObject", obj), "allowed same",
			   "the owner's own role, not named by the bucket policy: same account, its identity allow suffices");
	TAP_IS_STR(decide(allow, NULL, B, role, "s3:GetObject", obj), "unknown cross",
			   "cross-account without the owner's policy: unknown, never refused");
	TAP_IS_STR(decide(allow, NULL, NULL, role, "s3:GetObject", "arn:aws:lambda:us-east-1:" B ":function:f"), "unknown cross",
			   "no owner given: the account in the resource's ARN decides cross-account");
	TAP_IS_STR(decide(allow, NULL, NULL, role, "s3:GetObject", obj), "allowed same",
			   "no owner and none in the ARN: the caller's account");
	/* KMS key policies must allow or delegate, even in the same account */
	TAP_IS_STR(decide(kms_allow, key_admins, A, role, "kms:GenerateDataKey", key), "implicitDeny same resource-side",
			   "same account, a key policy naming only admins refuses despite an identity allow");
	TAP_IS_STR(decide(kms_allow, key_acct, A, role, "kms:GenerateDataKey", key), "allowed same",
			   "a key policy delegating to the account, with an identity allow: allowed");
	TAP_IS_STR(decide(none, key_acct, A, role, "kms:GenerateDataKey", key), "implicitDeny same resource-side",
			   "  delegation without an identity allow: refused");
	rsi_policy_free(allow);
	rsi_policy_free(none);
	rsi_policy_free(deny);
	rsi_policy_free(names_role);
	rsi_policy_free(names_acct);
	rsi_policy_free(res_deny);
	rsi_policy_free(key_admins);
	rsi_policy_free(key_acct);
	rsi_policy_free(kms_allow);
}

/* ---------- hints: the shared hint rules, for both readers ---------- */

static void
test_hints(void)
{
	char		buf[1024];
	rsi_fix		f;

	memset(&f, 0, sizeof(f));
	f.kind = RSI_FIX_TRUST_SERVICE;
	f.role = ROLE(A, "R");
	f.account = A;
	f.cluster_arn = "arn:aws:redshift:us-east-1:" A ":cluster:c";
	rsi_fix_hint(&f, RSI_HINTS_AWS_CLI, buf, sizeof(buf));
	TAP_IS_STR(buf, "Allow {\"Service\": \"redshift.amazonaws.com\"} the action sts:AssumeRole in the role's trust policy; conditions on aws:SourceAccount and aws:SourceArn must accept " A " and arn:aws:redshift:us-east-1:" A ":cluster:c: aws iam update-assume-role-policy --role-name R --policy-document file://trust-policy.json",
			   "trust hint for the CLI: the aws iam command with the role's name");
	rsi_fix_hint(&f, RSI_HINTS_SQL, buf, sizeof(buf));
	TAP_OK(strstr(buf, "in IAM, then import aws iam get-account-authorization-details again with redshift_iam.import_iam().") != NULL &&
		   strncmp(buf, "Allow {\"Service\": \"redshift.amazonaws.com\"}", 42) == 0,
		   "trust hint for the server: the same change, then import again");
	f.kind = RSI_FIX_TRUST_ROLE;
	f.principal = ROLE(A, "Prev");
	rsi_fix_hint(&f, RSI_HINTS_SQL, buf, sizeof(buf));
	TAP_OK(strncmp(buf, "Allow {\"AWS\": \"" ROLE(A, "Prev") "\"} (or its account's root) the action sts:AssumeRole in the trust policy of " ROLE(A, "R"), 100) == 0,
		   "chain trust hint names the previous role and the role");
	f.kind = RSI_FIX_ALLOW_ASSUME;
	f.resource = ROLE(B, "Next");
	rsi_fix_hint(&f, RSI_HINTS_SQL, buf, sizeof(buf));
	TAP_OK(strstr(buf, "Allow sts:AssumeRole on " ROLE(B, "Next") " in a permission policy of " ROLE(A, "R")) == buf &&
		   strstr(buf, "redshift_iam.put_role_policy()") != NULL,
		   "chain permission hint, with the writer for a snapshot kept by hand");
	f.kind = RSI_FIX_ALLOW_ACTION;
	f.action = "s3:GetObject";
	f.resource = "arn:aws:s3:::b/p/*";
	f.owner = B;
	rsi_fix_hint(&f, RSI_HINTS_AWS_CLI, buf, sizeof(buf));
	TAP_IS_STR(buf, "Allow s3:GetObject on arn:aws:s3:::b/p/* in a permission policy of role R and in the resource-based policy of its owner, account " B ": aws iam put-role-policy --role-name R --policy-name <name> --policy-document file://policy.json",
			   "permission hint across accounts names the owner's account");
	f.kind = RSI_FIX_ALLOW_RESOURCE;
	f.principal = ROLE(A, "R");
	f.holder = "arn:aws:s3:::b";
	rsi_fix_hint(&f, RSI_HINTS_AWS_CLI, buf, sizeof(buf));
	TAP_OK(strstr(buf, "in the resource-based policy of arn:aws:s3:::b, in account " B ": aws s3api put-bucket-policy --bucket b --policy file://bucket-policy.json") != NULL,
		   "a bucket policy's hint: aws s3api put-bucket-policy");
	f.holder = "arn:aws:kms:us-east-1:" B ":key/k";
	rsi_fix_hint(&f, RSI_HINTS_AWS_CLI, buf, sizeof(buf));
	TAP_OK(strstr(buf, "aws kms put-key-policy --key-id arn:aws:kms:us-east-1:" B ":key/k --policy-name default") != NULL,
		   "a key policy's hint: aws kms put-key-policy");
	f.holder = "arn:aws:lambda:us-east-1:" B ":function:f";
	f.action = "lambda:InvokeFunction";
	f.owner = NULL;
	rsi_fix_hint(&f, RSI_HINTS_AWS_CLI, buf, sizeof(buf));
	TAP_OK(strstr(buf, "aws lambda add-permission --function-name arn:aws:lambda:us-east-1:" B ":function:f --statement-id <id> --action lambda:InvokeFunction --principal " ROLE(A, "R")) != NULL &&
		   strstr(buf, "in account") == NULL,
		   "a function policy's hint: aws lambda add-permission");
	rsi_fix_hint(&f, RSI_HINTS_SQL, buf, sizeof(buf));
	TAP_OK(strstr(buf, "redshift_iam.put_resource_policy()") != NULL && strstr(buf, "in AWS, then import it again") != NULL,
		   "  for the server: change it in AWS, import again, or the writer");
	f.principal = "arn:aws:iam::" A ":role/it's";
	rsi_fix_hint(&f, RSI_HINTS_AWS_CLI, buf, sizeof(buf));
	TAP_OK(strstr(buf, "--principal 'arn:aws:iam::" A ":role/it'\\''s'") != NULL, "a principal with a quote is quoted for the shell");
	f.kind = RSI_FIX_ALLOW_ACTION;
	f.role = "arn:aws:iam::" A ":role/bad name";
	rsi_fix_hint(&f, RSI_HINTS_AWS_CLI, buf, sizeof(buf));
	TAP_OK(strstr(buf, "--role-name 'bad name'") != NULL, "a role name with a blank is quoted");
	{
		char		longname[900];
		char		big[4096];

		memset(longname, 'n', sizeof(longname) - 1);
		longname[sizeof(longname) - 1] = '\0';
		f.kind = RSI_FIX_ALLOW_RESOURCE;
		f.holder = "arn:aws:s3:::b";
		f.principal = longname;
		rsi_fix_hint(&f, RSI_HINTS_AWS_CLI, big, sizeof(big));
		TAP_OK(strstr(big, "aws s3api") == NULL && big[strlen(big) - 1] == '.',
			   "a principal too long for the command: the advice without the command");
		f.kind = RSI_FIX_ALLOW_ACTION;
		f.role = longname;
		rsi_fix_hint(&f, RSI_HINTS_AWS_CLI, big, sizeof(big));
		TAP_OK(strstr(big, "(aws iam put-role-policy).") != NULL,
			   "a role name too long for the command: the command's name only");
		f.role = f.principal = NULL;	/* longname ends with this block */
	}
	/* every kind, every reader, cluster or namespace: a hint, never empty; none at all for NONE */
	{
		int			k,
					st,
					sl,
					all = 1;

		for (k = RSI_FIX_FIND_CLUSTER; k <= RSI_FIX_EXPORT_ROLE; k++)
			for (st = 0; st < 2; st++)
				for (sl = 0; sl < 2; sl++)
				{
					rsi_fix		g;

					memset(&g, 0, sizeof(g));
					g.kind = (rsi_fix_kind) k;
					g.cluster = "c1";
					g.role = ROLE(A, "R");
					g.rule = "role_name_not_arn";
					g.serverless = sl;
					g.principal = ROLE(A, "P");
					g.action = "s3:GetObject";
					g.resource = "arn:aws:s3:::b/*";
					g.holder = "arn:aws:s3:::b";
					rsi_fix_hint(&g, st ? RSI_HINTS_AWS_CLI : RSI_HINTS_SQL, buf, sizeof(buf));
					if (buf[0] == '\0')
					{
						printf("#   kind %d style %d serverless %d: empty hint\n", k, st, sl);
						all = 0;
					}
					/* a command that does not fit is left out, not cut */
					g.cluster = "c'1";
					rsi_fix_hint(&g, st ? RSI_HINTS_AWS_CLI : RSI_HINTS_SQL, buf, 60);
					if (buf[0] == '\0' && k != RSI_FIX_VALUE)
					{
						printf("#   kind %d style %d serverless %d: nothing in 60 bytes\n", k, st, sl);
						all = 0;
					}
				}
		TAP_OK(all, "every kind of fix gives a hint for both readers, for a cluster and a namespace");
		f.kind = RSI_FIX_NONE;
		buf[0] = 'x';
		rsi_fix_hint(&f, RSI_HINTS_SQL, buf, sizeof(buf));
		TAP_IS_STR(buf, "", "no fix, no hint");
	}
	f.kind = RSI_FIX_EXPORT_ROLE;
	rsi_fix_hint(&f, RSI_HINTS_AWS_CLI, buf, sizeof(buf));
	TAP_OK(strstr(buf, "--unknown-roles allow") != NULL, "unknown role, CLI: export again or --unknown-roles allow");
	rsi_fix_hint(&f, RSI_HINTS_SQL, buf, sizeof(buf));
	TAP_OK(strstr(buf, "Import a current export") == buf, "unknown role, server: import a current export");
}

/* ---------- whole checks on a small export: reasons, unknowns, the steps' JSON ---------- */

static rsi_cluster_view cl = {
	1, "c1", A, "us-east-1", "available", NULL, in_sync, NULL, NULL, 0, NULL, NULL
};

#define ALLOW_ALL_S3 "{\"PolicyName\":\"S3\",\"PolicyDocument\":{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\",\"sts:AssumeRole\",\"lambda:InvokeFunction\"],\"Resource\":\"*\"}]}}"

static const char *small_export =
"{\"RoleDetailList\":["
"{\"RoleName\":\"Tagged\",\"Arn\":\"" ROLE(A, "Tagged") "\",\"AssumeRolePolicyDocument\":{\"Statement\":{\"Effect\":\"Allow\","
"  \"Principal\":{\"Service\":\"redshift.amazonaws.com\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"x\"}}}},"
"  \"RolePolicyList\":[" ALLOW_ALL_S3 "]},"
"{\"RoleName\":\"Worker\",\"Arn\":\"" ROLE(A, "Worker") "\",\"AssumeRolePolicyDocument\":{\"Statement\":{\"Effect\":\"Allow\","
"  \"Principal\":{\"Service\":\"redshift.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}},"
"  \"RolePolicyList\":[" ALLOW_ALL_S3 ",{\"PolicyName\":\"odd \\\"name\\\" \\u0001\",\"PolicyDocument\":{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}}}]},"
"{\"RoleName\":\"Broken\",\"Arn\":\"" ROLE(A, "Broken") "\",\"AssumeRolePolicyDocument\":{\"Statement\":{\"Effect\":\"Allow\","
"  \"Principal\":{\"Service\":\"redshift.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}},"
"  \"AttachedManagedPolicies\":[{\"PolicyArn\":\"arn:aws:iam::aws:policy/Gone\"}]},"
"{\"RoleName\":\"Partner\",\"Arn\":\"" ROLE(B, "Partner") "\",\"AssumeRolePolicyDocument\":{\"Statement\":{\"Effect\":\"Allow\","
"  \"Principal\":{\"AWS\":\"" A "\"},\"Action\":\"sts:AssumeRole\"}},\"RolePolicyList\":[" ALLOW_ALL_S3 "]}],"
"\"ResourcePolicies\":["
"{\"ResourceArn\":\"arn:aws:s3:::locked\",\"AccountId\":\"" A "\",\"Policy\":{\"Statement\":{\"Sid\":\"NoPartner\",\"Effect\":\"Deny\","
"  \"Principal\":{\"AWS\":\"" ROLE(B, "Partner") "\"},\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::locked\",\"arn:aws:s3:::locked/*\"]}}}]}";

static rsi_verdict v;
static rsi_iam_result res;

static const rsi_verdict *
check(rsi_iam_snapshot *snap, const char *sql, rsi_hint_style style, int refuse_unknown)
{
	rsi_check_options opt = {RSI_KEYS_MODE_ALLOW, "etl", RSI_HINTS_SQL};
	rsi_iam_options io = {0, "etl", RSI_HINTS_SQL};

	opt.hints = style;
	io.hints = style;
	io.refuse_unknown = refuse_unknown;
	rsi_iam_result_free(&res);
	memset(&v, 0, sizeof(v));
	if (!parse(sql))
		return &v;
	rsi_check_command(&cmd, &cl, &opt, &v);
	if (rsi_iam_check(snap, &cmd, &cl, &io, &v, &res) != 0)
		v.rule = "out-of-memory";
	return &v;
}

static void
test_checks(void)
{
	rsi_iam_load_error err;
	rsi_iam_snapshot *snap = rsi_iam_snapshot_load(small_export, strlen(small_export), &err);
	char	   *j;

	TAP_OK(snap != NULL, "the small export loads (%s)", snap ? "ok" : err.message);
	if (snap == NULL)
		return;
	check(snap, "copy t from 's3://b/p/' iam_role '" ROLE(A, "Tagged") "'", RSI_HINTS_SQL, 0);
	TAP_OK(!v.allowed && strcmp(v.rule, "role-not-trusted") == 0 &&
		   strstr(v.detail, "the policies test context keys the request does not carry: aws:PrincipalTag/team") != NULL,
		   "a trust condition on a key Redshift does not send: refused, DETAIL names the missing key");
	TAP_OK(v.fix.kind == RSI_FIX_TRUST_SERVICE && v.fix.cluster_arn == NULL && v.fix.role != NULL,
		   "  the verdict keeps the hint's kind and role; the parts that pointed at the check's buffers are cleared");
	j = rsi_iam_result_json(&res);
	TAP_OK(j != NULL && strstr(j, "\"missing_context\":[\"aws:PrincipalTag/team\"]") != NULL &&
		   strstr(j, "\"matched\":[]") != NULL, "the steps' JSON lists the missing context keys");
	free(j);

	check(snap, "unload ('select 1') to 's3://b/p/' iam_role '" ROLE(A, "Worker") "' allowoverwrite", RSI_HINTS_AWS_CLI, 0);
	TAP_OK(!v.allowed && strstr(v.detail, "Statement[0] of inline policy odd \"name\" \001 of role Worker denies it explicitly") != NULL,
		   "an explicit deny by a statement without Sid names it by index and policy");
	j = rsi_iam_result_json(&res);
	TAP_OK(j != NULL && strstr(j, "inline policy odd \\\"name\\\" \\u0001 of role Worker") != NULL,
		   "the steps' JSON escapes quotes and control characters of names");
	free(j);

	check(snap, "copy t from 's3://b/p/' iam_role '" ROLE(A, "Broken") "," ROLE(B, "Partner") "'", RSI_HINTS_SQL, 0);
	TAP_OK(v.allowed && res.unknown, "a chain through a role whose managed policy is missing: unknown, allowed");
	TAP_OK(res.nsteps >= 3 && strcmp(res.steps[2].step, "chain-permission") == 0 &&
		   res.steps[2].outcome == RSI_IAM_UNKNOWN && strstr(res.steps[2].note, "arn:aws:iam::aws:policy/Gone") != NULL,
		   "  its chain-permission step is unknown and says which policy is missing");

	check(snap, "copy t from 's3://locked/p/' iam_role '" ROLE(A, "Worker") "," ROLE(B, "Partner") "'", RSI_HINTS_AWS_CLI, 0);
	TAP_OK(!v.allowed && strstr(v.message, "with an explicit deny in a resource-based policy") != NULL &&
		   strstr(v.detail, "Sid NoPartner") != NULL,
		   "cross-account, the owner's bucket policy denies: refused, the deny named");
	TAP_OK(strstr(v.hint, "aws s3api put-bucket-policy --bucket locked") != NULL,
		   "  the hint is to change the bucket policy (the identity side allows)");

	check(snap, "copy t from 's3://elsewhere/p/' iam_role '" ROLE(A, "Worker") "," ROLE(B, "Partner") "'", RSI_HINTS_SQL, 0);
	TAP_OK(v.allowed && !res.unknown,
		   "a bucket without a resource policy or a known owner: in the role's own account, its identity policies decide");

	check(snap, "copy t from 's3://b/p/' iam_role '" ROLE(A, "Worker") "," ROLE(B, "Nobody") "'", RSI_HINTS_AWS_CLI, 1);
	TAP_OK(!v.allowed && strcmp(v.rule, "iam-unknown-role") == 0 && strstr(v.hint, "--unknown-roles allow") != NULL,
		   "unknown roles refused: the hint comes from the shared rules, in the reader's style");
	check(snap, "copy t from 's3://b/p/' iam_role '" ROLE(A, "Nobody") "'", RSI_HINTS_SQL, 1);
	TAP_OK(!v.allowed && strcmp(v.rule, "iam-unknown-role") == 0 && strstr(v.hint, "Import a current export") != NULL,
		   "  and for the server");
	check(snap, "copy t from 's3://b/p/' iam_role '" ROLE(A, "Worker") "," ROLE(A, "Nobody") "'", RSI_HINTS_SQL, 0);
	TAP_OK(v.allowed && res.unknown && strcmp(rsi_iam_outcome_name(res.steps[res.nsteps - 1].outcome), "unknown") == 0,
		   "a worker missing from the snapshot: its permission steps are unknown");
	check(snap, "create external function f(int) returns int volatile lambda 'arn:aws:lambda:us-east-1:" B ":function:f' iam_role '" ROLE(A, "Worker") "'",
		  RSI_HINTS_SQL, 0);
	TAP_OK(v.allowed && res.unknown && res.nsteps == 2 && res.steps[1].outcome == RSI_IAM_UNKNOWN &&
		   strstr(res.steps[1].note, "belongs to account " B "; its resource-based policy is not in the snapshot") != NULL,
		   "a function of another account without its policy: unknown (the owner's side), never refused");
	TAP_IS_STR(rsi_iam_outcome_name(RSI_IAM_IMPLICIT_DENY), "implicitDeny", "outcome names");
	rsi_iam_result_free(&res);
	rsi_iam_snapshot_free(snap);
}

int
main(void)
{
	test_table();
	test_snapshot();
	test_decide();
	test_hints();
	test_checks();
	return tap_done();
}
