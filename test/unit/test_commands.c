/*
 * test_commands.c — CREATE MODEL, CREATE LIBRARY, the streaming sources'
 * mTLS authentication, and the CATALOG_ROLE check: every form
 * docs/grammar.md lists for them parses, the values a permission check
 * needs are kept, and the check rules apply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "parse/command.h"
#include "parse/command_json.h"
#include "command_util.h"
#include "tap.h"

#define ROLE(n) "arn:aws:iam::123456789012:role/" n
#define R1 ROLE("RedshiftML")
#define K_ID "AKIAIOSFODNN7EXAMPLE"

static void *
test_alloc(void *ctx, size_t n)
{
	(void) ctx;
	return malloc(n);			/* short-lived test: not freed */
}

static rsi_command cmd;
static rsi_parse_error err;

static rsi_parse_status
parse(const char *sql)
{
	rsi_alloc	al = {test_alloc, NULL};

	return rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &err);
}

static int
ok(const char *sql)
{
	if (parse(sql) != RSI_PARSE_OK)
	{
		printf("#   not parsed: %s\n#   %s\n", sql, err.message);
		return 0;
	}
	return 1;
}

/* Does parsing fail at the first occurrence of 'at' (NULL: at the end) with 'msg'? */
static int
fails(const char *sql, const char *at, const char *msg)
{
	const char *p = at ? strstr(sql, at) : NULL;
	size_t		want = p ? (size_t) (p - sql) : strlen(sql);

	if (parse(sql) != RSI_PARSE_SYNTAX)
	{
		printf("#   parsed without a syntax error: %s\n", sql);
		return 0;
	}
	if (err.off != want || strstr(err.message, msg) == NULL)
	{
		printf("#   error at %zu (want %zu): %s\n", err.off, want, err.message);
		return 0;
	}
	return 1;
}

static int
eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static void
test_model(void)
{
	/* the simple form */
	TAP_OK(ok("CREATE MODEL customer_churn_auto_model FROM (SELECT state, account_length, churn FROM customer_activity "
			  "WHERE record_date < '2020-01-01') TARGET churn FUNCTION ml_fn_customer_churn_auto "
			  "IAM_ROLE default SETTINGS (S3_BUCKET 'amzn-s3-demo-bucket')") &&
		   cmd.kind == RSI_CMD_CREATE_MODEL && cmd.auth == RSI_AUTH_IAM_ROLE_DEFAULT &&
		   eq(cmd.function_name, "ml_fn_customer_churn_auto") && eq(cmd.s3_bucket, "amzn-s3-demo-bucket") &&
		   cmd.kms_key_id == NULL && cmd.sagemaker_endpoint == NULL && cmd.location == NULL,
		   "simple CREATE MODEL: FROM (query), TARGET, FUNCTION, IAM_ROLE default, SETTINGS (S3_BUCKET)");
	TAP_OK(ok("create model m from t target c function f iam_role '" R1 "' settings (s3_bucket 'b', max_cells 1000);") &&
		   cmd.nroles == 1 && eq(cmd.roles[0], R1), "simple CREATE MODEL from a table, with a role ARN and MAX_CELLS");

	/* the full form: AUTO, MODEL_TYPE, PROBLEM_TYPE, OBJECTIVE, PREPROCESSORS, HYPERPARAMETERS, SETTINGS */
	TAP_OK(ok("CREATE MODEL public.m FROM sales TARGET \"total\" FUNCTION public.predict_total (int, varchar) "
			  "IAM_ROLE '" R1 "' AUTO OFF MODEL_TYPE XGBOOST PROBLEM_TYPE REGRESSION OBJECTIVE 'reg:squarederror' "
			  "PREPROCESSORS 'none' HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '10', MAX_DEPTH '4') "
			  "SETTINGS (S3_BUCKET 'b', KMS_KEY_ID 'arn:aws:kms:us-east-1:123456789012:key/k', "
			  "S3_GARBAGE_COLLECT OFF, MAX_CELLS 100000, MAX_RUNTIME 5400)") &&
		   eq(cmd.function_name, "public.predict_total") && eq(cmd.s3_bucket, "b") &&
		   eq(cmd.kms_key_id, "arn:aws:kms:us-east-1:123456789012:key/k"),
		   "full CREATE MODEL with AUTO OFF, HYPERPARAMETERS DEFAULT EXCEPT (...) and KMS_KEY_ID");
	TAP_OK(ok("create model m from t target c function f iam_role default auto on problem_type ( multiclass_classification ) "
			  "objective 'accuracy' settings (s3_bucket 'b', tags 'k=v')"),
		   "full CREATE MODEL with AUTO ON and PROBLEM_TYPE in parentheses");
	TAP_OK(ok("create model f from (select * from t) target y function fc iam_role default auto on model_type forecast "
			  "settings (s3_bucket 'b', horizon 7, frequency 'D', percentiles '0.25,0.50', max_runtime 1800)"),
		   "forecast model");
	TAP_OK(ok("create model k from (select a, b from t) function km iam_role default auto off model_type kmeans "
			  "preprocessors '[{\"ColumnSet\": [\"a\"], \"Transformers\": [\"StandardScaler\"]}]' "
			  "hyperparameters default except (k '5') settings (s3_bucket 'b')"),
		   "K-means model without TARGET");

	/* bring your own model */
	TAP_OK(ok("CREATE MODEL byom_local FROM 'xgboost-2023-01-01-00-00-00-000' FUNCTION fn_local (int, float) "
			  "RETURNS float IAM_ROLE default SETTINGS (S3_BUCKET 'b')") &&
		   eq(cmd.location, "xgboost-2023-01-01-00-00-00-000") && eq(cmd.function_name, "fn_local"),
		   "BYOM local inference from a training job name");
	TAP_OK(ok("create model byom_s3 from 's3://b/model.tar.gz' function f (int) returns int iam_role '" R1 "' "
			  "settings (s3_bucket 'b', kms_key_id 'k')") &&
		   eq(cmd.location, "s3://b/model.tar.gz") && eq(cmd.kms_key_id, "k"),
		   "BYOM local inference from an S3 path, with KMS_KEY_ID");
	TAP_OK(ok("CREATE MODEL remote_random_cut_forest FUNCTION remote_fn_rcf (int) RETURNS decimal(10,6) "
			  "SAGEMAKER 'randomcurforest-xgboost-endpoint' IAM_ROLE default") &&
		   eq(cmd.sagemaker_endpoint, "randomcurforest-xgboost-endpoint") && cmd.location == NULL,
		   "BYOM remote inference: SAGEMAKER endpoint, no FROM");
	TAP_OK(ok("create model r function f (varchar) returns super sagemaker 'ep':'model-a' iam_role default "
			  "settings (max_batch_rows 100)") &&
		   eq(cmd.sagemaker_endpoint, "ep"), "BYOM remote inference with an endpoint and a model name");

	/* Amazon Bedrock */
	TAP_OK(ok("CREATE EXTERNAL MODEL llm FUNCTION llm_claude IAM_ROLE '" R1 "' MODEL_TYPE BEDROCK "
			  "SETTINGS (MODEL_ID 'anthropic.claude-v2:1', PROMPT 'Summarize:', REQUEST_TYPE UNIFIED, RESPONSE_TYPE SUPER)") &&
		   cmd.kind == RSI_CMD_CREATE_MODEL && eq(cmd.bedrock_model_id, "anthropic.claude-v2:1") &&
		   eq(cmd.function_name, "llm_claude"),
		   "CREATE EXTERNAL MODEL for Amazon Bedrock keeps MODEL_ID");
	TAP_OK(ok("create external model llm function f iam_role default model_type bedrock "
			  "settings (model_id titan_text, suffix 'x')") && eq(cmd.bedrock_model_id, "titan_text"),
		   "MODEL_ID written without quotes, as the synopsis writes it");

	/* what is refused */
	TAP_OK(fails("create model m from t target c function f settings (s3_bucket 'b')", NULL,
				 "CREATE MODEL requires IAM_ROLE: expected IAM_ROLE default or IAM_ROLE '<role ARN>'"),
		   "IAM_ROLE is required");
	TAP_OK(fails("create model m from t target c iam_role default settings (s3_bucket 'b')", NULL,
				 "CREATE MODEL requires FUNCTION"), "FUNCTION is required");
	TAP_OK(fails("create model m from t target c function f credentials 'aws_iam_role=" R1 "'", "credentials",
				 "CREDENTIALS is not allowed in CREATE MODEL"), "CREATE MODEL takes no CREDENTIALS");
	TAP_OK(fails("create model m from t function f iam_role default access_key_id '" K_ID "' secret_access_key 's'",
				 "access_key_id", "not allowed in CREATE MODEL"), "CREATE MODEL takes no keys");
	TAP_OK(fails("create model m from t function f iam_role default iam_role '" R1 "'", "iam_role '",
				 "IAM_ROLE is given more than once"), "IAM_ROLE twice");
	TAP_OK(fails("create model m from t function f iam_role default settings (s3_bucket 'a', s3_bucket 'b')",
				 "s3_bucket 'b'", "S3_BUCKET is given more than once"), "S3_BUCKET twice");
	TAP_OK(fails("create model m from t function f iam_role default settings (s3_bucket b)", "b)",
				 "a quoted value after S3_BUCKET"), "S3_BUCKET takes a quoted bucket");
	TAP_OK(fails("create model m from t function f iam_role default settings (s3_bucket 'b'", "(",
				 "never closed"), "SETTINGS must be closed");
	TAP_OK(fails("create model m from t function f iam_role default settings s3_bucket 'b'", "s3_bucket",
				 "\"(\" after SETTINGS"), "SETTINGS takes a parenthesised list");
	TAP_OK(fails("create model m from ; ", ";", "a table name, a (query), or a quoted training job name"),
		   "FROM needs a source");
	TAP_OK(fails("create model 'm' from t", "'m'", "a model name"), "the model name is a name");
	TAP_OK(ok("create model m from t function f iam_role 'my_role'") && cmd.nproblems == 1 &&
		   command_has_problem(&cmd, RSI_PROB_ROLE_NAME_NOT_ARN),
		   "a role name instead of an ARN is a problem, as in the other commands");
	TAP_OK(ok("create model m from t function f iam_role '" R1 "," ROLE("Other") "'") && cmd.nroles == 2,
		   "a role chain is not refused");
	TAP_OK(ok("create model m from t target token function f iam_role default"),
		   "a column named token is not taken for a TOKEN clause");
}

static void
test_library(void)
{
	TAP_OK(ok("CREATE LIBRARY f_urlparse LANGUAGE plpythonu FROM 's3://amzn-s3-demo-bucket/urlparse3-1.0.3.zip' "
			  "IAM_ROLE 'arn:aws:iam::123456789012:role/MyRedshiftRole'") &&
		   cmd.kind == RSI_CMD_CREATE_LIBRARY && cmd.auth == RSI_AUTH_IAM_ROLE &&
		   eq(cmd.location, "s3://amzn-s3-demo-bucket/urlparse3-1.0.3.zip") && cmd.region == NULL,
		   "CREATE LIBRARY from S3 with IAM_ROLE");
	TAP_OK(ok("create or replace library l language plpythonu from 's3://b/l.zip' iam_role default region as 'us-west-2'") &&
		   cmd.auth == RSI_AUTH_IAM_ROLE_DEFAULT && eq(cmd.region, "us-west-2"),
		   "OR REPLACE, IAM_ROLE default, REGION AS");
	TAP_OK(ok("create library l language plpythonu from 's3://b/l.zip' region 'eu-west-1' iam_role '" R1 "'") &&
		   eq(cmd.region, "eu-west-1"), "REGION before the authorization");
	TAP_OK(ok("CREATE LIBRARY f_urlparse LANGUAGE plpythonu FROM 'https://example.com/packages/urlparse3-1.0.3.zip'") &&
		   cmd.auth == RSI_AUTH_NONE && eq(cmd.location, "https://example.com/packages/urlparse3-1.0.3.zip"),
		   "CREATE LIBRARY from a public URL needs no authorization");
	TAP_OK(ok("create library l language plpythonu from 's3://b/l.zip' credentials 'aws_iam_role=" R1 "'") &&
		   cmd.auth == RSI_AUTH_CREDENTIALS_ROLE && cmd.nroles == 1,
		   "the older CREDENTIALS 'aws_iam_role=...' form");
	TAP_OK(ok("create library l language plpythonu from 's3://b/l.zip' with credentials as "
			  "'aws_access_key_id=" K_ID ";aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'") &&
		   cmd.auth == RSI_AUTH_CREDENTIALS_KEYS && eq(cmd.access_key_id, K_ID),
		   "the older WITH CREDENTIALS AS 'aws_access_key_id=...;aws_secret_access_key=...' form");
	TAP_OK(ok("create library l language plpythonu from 's3://b/l.zip' access_key_id '" K_ID "' secret_access_key 's'") &&
		   cmd.auth == RSI_AUTH_ACCESS_KEYS, "ACCESS_KEY_ID and SECRET_ACCESS_KEY");
	TAP_OK(fails("create library l language plpythonu from 's3://b/l.zip' access_key_id '" K_ID "'", "access_key_id",
				 "ACCESS_KEY_ID requires SECRET_ACCESS_KEY"), "keys must be complete");
	TAP_OK(fails("create library l language plpythonu from 's3://b/l.zip'", NULL,
				 "CREATE LIBRARY ... FROM 's3://...' requires an authorization clause"),
		   "a library from S3 needs an authorization");
	TAP_OK(fails("create library l language plpythonu from 's3://b/l.zip' iam_role default gzip", "gzip",
				 "a CREATE LIBRARY clause"), "unknown clauses are refused");
	TAP_OK(fails("create library l from 's3://b/l.zip' iam_role default", "from", "LANGUAGE plpythonu"),
		   "LANGUAGE is required");
	TAP_OK(fails("create library l language plpythonu from 's3://b/l.zip' iam_role default region 'a' region 'b'",
				 "region 'b'", "REGION is given more than once"), "REGION twice");
	TAP_OK(fails("create library l language plpythonu from s3 iam_role default", "s3 ", "a quoted location after FROM"),
		   "FROM takes a quoted location");
	TAP_OK(ok("create library l language plpythonu from 's3://b/l.zip' iam_role '" R1 ", " ROLE("B") "'") &&
		   command_has_problem(&cmd, RSI_PROB_CHAIN_HAS_SPACES), "role problems as in COPY");
}

static void
test_streaming(void)
{
	TAP_OK(ok("CREATE EXTERNAL SCHEMA my_schema FROM MSK AUTHENTICATION mtls URI 'b-1.myTestCluster.123z8u.c2.kafka.us-west-1.amazonaws.com:9094' "
			  "AUTHENTICATION_ARN 'arn:aws:acm:us-east-1:444455556666:certificate/certificate_ID'") &&
		   cmd.source == RSI_SRC_MSK && cmd.auth == RSI_AUTH_NONE,
		   "MSK with AUTHENTICATION mtls and AUTHENTICATION_ARN");
	TAP_OK(ok("create external schema s from msk iam_role default authentication mtls uri 'b:9094' "
			  "secret_arn 'arn:aws:secretsmanager:us-east-1:012345678910:secret:myMTLSSecret'") &&
		   eq(cmd.secret_arn, "arn:aws:secretsmanager:us-east-1:012345678910:secret:myMTLSSecret"),
		   "MSK with AUTHENTICATION mtls and SECRET_ARN");
	TAP_OK(ok("create external schema s from kafka authentication mtls uri 'b:9094' authentication_arn 'a'"),
		   "KAFKA with AUTHENTICATION mtls");
	TAP_OK(fails("create external schema s from msk authentication mtls uri 'b:9094'", "authentication",
				 "AUTHENTICATION mtls requires AUTHENTICATION_ARN or SECRET_ARN"), "mtls needs a certificate or a secret");
}

/* catalog: Athena in-sync, Adding adding, Leaving removing */
static rsi_assoc_status
fake_status(void *ctx, const char *arn, double *left)
{
	(void) ctx;
	if (left)
		*left = -1;
	if (strcmp(arn, ROLE("Spectrum")) == 0 || strcmp(arn, ROLE("Athena")) == 0)
		return RSI_ASSOC_IN_SYNC;
	if (strcmp(arn, ROLE("Adding")) == 0)
		return RSI_ASSOC_ADDING;
	if (strcmp(arn, ROLE("Leaving")) == 0)
		return RSI_ASSOC_REMOVING;
	return RSI_ASSOC_NONE;
}

static rsi_cluster_view cl = {
	1, "c1", "123456789012", "us-east-1", "available", NULL, fake_status, NULL, NULL, 0, NULL, NULL
};
static rsi_check_options opt = {RSI_KEYS_MODE_WARN, "etl", RSI_HINTS_SQL};
static rsi_verdict v;

static const rsi_verdict *
check(const char *sql)
{
	memset(&v, 0, sizeof(v));
	v.rule = "parse-error";
	if (!ok(sql))
		return &v;
	rsi_check_command(&cmd, &cl, &opt, &v);
	return &v;
}

#define SCHEMA "create external schema s from data catalog database 'db' iam_role '" ROLE("Spectrum") "' "

static void
test_catalog_role(void)
{
	const char *sql;

	TAP_OK(check(SCHEMA "catalog_role '" ROLE("Athena") "'")->allowed &&
		   eq(v.resolved_role, ROLE("Spectrum")) && cmd.ncatalog_roles == 1,
		   "an in-sync CATALOG_ROLE is allowed; the resolved role stays IAM_ROLE's");
	sql = SCHEMA "catalog_role '" ROLE("Nowhere") "'";
	TAP_OK(!check(sql)->allowed && eq(v.rule, "catalog-role-not-associated") && eq(v.sqlstate, "28000") &&
		   strstr(v.message, "CATALOG_ROLE IAM role " ROLE("Nowhere") " is not associated") && strstr(v.detail, "not authorized to assume IAM Role " ROLE("Nowhere")) &&
		   eq(v.resolved_role, ROLE("Nowhere")),
		   "a CATALOG_ROLE not associated with the cluster is refused");
	TAP_OK(rsi_verdict_pos(&cmd, &v) == (size_t) (strstr(sql, "catalog_role") - sql),
		   "the refusal points at CATALOG_ROLE");
	TAP_OK(!check(SCHEMA "catalog_role '" ROLE("Adding") "'")->allowed && eq(v.rule, "catalog-role-adding"),
		   "a CATALOG_ROLE still adding is refused");
	TAP_OK(!check(SCHEMA "catalog_role '" ROLE("Leaving") "'")->allowed && eq(v.rule, "catalog-role-removing"),
		   "a CATALOG_ROLE being removed is refused");
	TAP_OK(check(SCHEMA "catalog_role '" ROLE("Athena") ",arn:aws:iam::210987654321:role/Cross'")->allowed,
		   "only the first role of a CATALOG_ROLE chain must be associated");
	TAP_OK(!check(SCHEMA "catalog_role '" ROLE("Nowhere") "," ROLE("Athena") "'")->allowed &&
		   eq(v.rule, "catalog-role-not-associated"), "a CATALOG_ROLE chain whose first role is not associated");
	TAP_OK(check("create external schema s database 'db' iam_role 'SESSION' catalog_role 'SESSION'")->allowed &&
		   cmd.ncatalog_roles == 0, "CATALOG_ROLE 'SESSION' has nothing to check");
	TAP_OK(!check("create external schema s database 'db' iam_role '" ROLE("Nowhere") "' catalog_role '" ROLE("Athena") "'")->allowed &&
		   eq(v.rule, "role-not-associated"), "IAM_ROLE is checked first");
	TAP_OK(!check(SCHEMA "catalog_role 'athena_role'")->allowed && eq(v.rule, RSI_PROB_ROLE_NAME_NOT_ARN),
		   "a CATALOG_ROLE that is not an ARN is a problem");
	TAP_OK(!check("create model m from t function f iam_role '" ROLE("Nowhere") "'")->allowed &&
		   eq(v.rule, "role-not-associated"), "CREATE MODEL's role is checked");
	TAP_OK(check("create library l language plpythonu from 's3://b/l.zip' iam_role '" ROLE("Athena") "'")->allowed,
		   "CREATE LIBRARY's role is checked");
	TAP_OK(!check("create library l language plpythonu from 's3://b/l.zip' credentials 'aws_iam_role=" ROLE("Adding") "'")->allowed &&
		   eq(v.rule, "role-adding"), "CREATE LIBRARY's CREDENTIALS role is checked");
}

static void
test_names_and_json(void)
{
	char	   *j;
	const char *sql;

	TAP_IS_STR(rsi_cmd_kind_name(RSI_CMD_CREATE_MODEL), "create_model", "kind create_model");
	TAP_IS_STR(rsi_cmd_kind_name(RSI_CMD_CREATE_LIBRARY), "create_library", "kind create_library");
	TAP_OK(eq(rsi_cmd_assumerole_type(RSI_CMD_COPY), "COPY") && eq(rsi_cmd_assumerole_type(RSI_CMD_UNLOAD), "UNLOAD") &&
		   eq(rsi_cmd_assumerole_type(RSI_CMD_CREATE_EXTERNAL_FUNCTION), "EXTERNAL FUNCTION") &&
		   eq(rsi_cmd_assumerole_type(RSI_CMD_CREATE_MODEL), "CREATE MODEL") &&
		   rsi_cmd_assumerole_type(RSI_CMD_CREATE_EXTERNAL_SCHEMA) == NULL &&
		   rsi_cmd_assumerole_type(RSI_CMD_CREATE_LIBRARY) == NULL && rsi_cmd_assumerole_type(RSI_CMD_OTHER) == NULL,
		   "ASSUMEROLE command types: COPY, UNLOAD, EXTERNAL FUNCTION, CREATE MODEL");

	sql = "create model m from t function f iam_role default settings (s3_bucket 'b', kms_key_id 'k')";
	parse(sql);
	j = rsi_command_json_text(&cmd, sql, strlen(sql));
	TAP_OK(j && strstr(j, "\"kind\":\"create_model\"") && strstr(j, "\"function_name\":\"f\"") &&
		   strstr(j, "\"s3_bucket\":\"b\"") && strstr(j, "\"kms_key_id\":\"k\"") &&
		   strstr(j, "\"sagemaker_endpoint\":null") && strstr(j, "\"bedrock_model_id\":null"),
		   "CREATE MODEL's JSON has function_name, s3_bucket, kms_key_id, sagemaker_endpoint, bedrock_model_id");
	free(j);
	sql = "create model m function f (int) returns int sagemaker 'ep' iam_role default "
		"settings (s3_bucket 'x;aws_secret_access_key=abc')";
	parse(sql);
	j = rsi_command_json_text(&cmd, sql, strlen(sql));
	TAP_OK(j && strstr(j, "\"sagemaker_endpoint\":\"ep\"") && strstr(j, "\"s3_bucket\":\"***\"") &&
		   strstr(j, "abc") == NULL, "a bucket holding a secret key name is masked");
	free(j);
	sql = "create library l language plpythonu from 's3://b/l.zip' iam_role default region 'us-west-2'";
	parse(sql);
	j = rsi_command_json_text(&cmd, sql, strlen(sql));
	TAP_OK(j && strstr(j, "\"kind\":\"create_library\"") && strstr(j, "\"region\":\"us-west-2\"") &&
		   strstr(j, "\"location\":\"s3://b/l.zip\"") && strstr(j, "\"s3_bucket\"") == NULL,
		   "CREATE LIBRARY's JSON has location and region");
	free(j);
	sql = "copy t from 's3://b' iam_role default";
	parse(sql);
	j = rsi_command_json_text(&cmd, sql, strlen(sql));
	TAP_OK(j && strstr(j, "\"region\"") == NULL && strstr(j, "\"s3_bucket\"") == NULL,
		   "the other kinds' JSON keeps its shape");
	free(j);
	TAP_OK(parse("select 1") == RSI_PARSE_OTHER &&
		   strstr(err.message, "CREATE MODEL or CREATE LIBRARY") != NULL, "statements of other kinds name the kinds taken");
}

int
main(void)
{
	test_model();
	test_library();
	test_streaming();
	test_catalog_role();
	test_names_and_json();
	return tap_done();
}
