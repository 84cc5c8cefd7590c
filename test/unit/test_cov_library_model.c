/*
 * test_cov_library_model.c — CREATE LIBRARY and CREATE [EXTERNAL] MODEL
 * against AWS's synopses, form by form (docs/grammar.md records what is
 * accepted and why):
 *
 *   "CREATE LIBRARY", https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_LIBRARY.html
 *   "CREATE MODEL", https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_MODEL.html
 *
 * Every accepted form parses to the documented fields; every malformed
 * form is a syntax error with the documented message at the right line
 * and column (statements span lines, as in scripts); a lexical error
 * after any clause word stops the parse there; and out of memory at
 * every allocation is NOMEM, never a crash or a half-filled command.
 */
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include <jansson.h>

#include "parse/command.h"
#include "parse/command_json.h"
#include "command_util.h"
#include "arena.h"
#include "tap.h"

#define ROLE(n) "arn:aws:iam::123456789012:role/" n
#define R1 ROLE("RedshiftML")
#define K_ID "AKIAIOSFODNN7EXAMPLE"
#define K_TMP "ASIAIOSFODNN7EXAMPLE"
#define SECRET "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

static rsi_command cmd;
static rsi_parse_error err;
static const char *last_sql;

static rsi_parse_status
parse(const char *sql)
{
	rsi_alloc	al = {arena_alloc, NULL};

	arena_free();
	last_sql = sql;
	return rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &err);
}

static int
ok(const char *sql)
{
	rsi_parse_status r = parse(sql);

	if (r != RSI_PARSE_OK)
	{
		printf("#   status %d: %s\n#   %s\n", (int) r, sql, err.message);
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

/*
 * Does sql fail with a syntax error whose message is exactly msg, at line
 * and column (1-based, characters)?
 */
static int
fails(const char *sql, int line, int col, const char *msg)
{
	int			l,
				c;
	rsi_parse_status r = parse(sql);

	if (r != RSI_PARSE_SYNTAX)
	{
		printf("#   status %d, not a syntax error: %s\n", (int) r, sql);
		return 0;
	}
	rsi_line_col(sql, strlen(sql), err.off, &l, &c);
	if (l != line || c != col || strcmp(err.message, msg) != 0)
	{
		printf("#   in: %s\n#   got %d:%d \"%s\"\n#   want %d:%d \"%s\"\n", sql, l, c, err.message, line, col, msg);
		return 0;
	}
	return 1;
}

/* the problem with that code, at line:col */
static int
problem_at(const char *code, int line, int col)
{
	size_t		i;

	for (i = 0; i < cmd.nproblems; i++)
		if (strcmp(cmd.problems[i].code, code) == 0)
		{
			int			l,
						c;

			rsi_line_col(last_sql, strlen(last_sql), cmd.problems[i].off, &l, &c);
			if (l == line && c == col)
				return 1;
			printf("#   %s at %d:%d, want %d:%d\n", code, l, c, line, col);
			return 0;
		}
	printf("#   no problem %s (%zu problems)\n", code, cmd.nproblems);
	return 0;
}

/* ---------------- CREATE LIBRARY ---------------- */

static void
test_library_forms(void)
{
	/* FROM 'https://file_url': no authorization */
	TAP_OK(ok("CREATE LIBRARY f_urlparse\nLANGUAGE plpythonu\nFROM 'https://example.com/packages/urlparse3-1.0.3.zip';") &&
		   cmd.kind == RSI_CMD_CREATE_LIBRARY && cmd.auth == RSI_AUTH_NONE && cmd.nroles == 0 &&
		   eq(cmd.location, "https://example.com/packages/urlparse3-1.0.3.zip") && cmd.region == NULL &&
		   cmd.nproblems == 0,
		   "library from a URL: location kept, no authorization, no region");
	TAP_OK(ok("create library l language plpythonu from 'https://example.com/l.zip' iam_role default region 'us-east-1'") &&
		   cmd.auth == RSI_AUTH_IAM_ROLE_DEFAULT && eq(cmd.region, "us-east-1"),
		   "library from a URL may still carry an authorization and a region");
	/* FROM 's3://bucket/file' authorization [REGION [AS] 'region'] */
	TAP_OK(ok("CREATE OR REPLACE LIBRARY \"MyLib\" LANGUAGE plpythonu FROM 's3://amzn-s3-demo-bucket/lib.zip'\n"
			  "  IAM_ROLE '" R1 "'\n  REGION AS 'eu-west-1'") &&
		   cmd.auth == RSI_AUTH_IAM_ROLE && cmd.nroles == 1 && eq(cmd.roles[0], R1) &&
		   eq(cmd.location, "s3://amzn-s3-demo-bucket/lib.zip") && eq(cmd.region, "eu-west-1"),
		   "OR REPLACE, a quoted library name, IAM_ROLE 'arn', REGION AS");
	TAP_OK(ok("create library l language plpythonu from 'S3://B/L.ZIP' region 'us-west-2' iam_role default") &&
		   cmd.auth == RSI_AUTH_IAM_ROLE_DEFAULT && eq(cmd.region, "us-west-2") && eq(cmd.location, "S3://B/L.ZIP"),
		   "REGION before the authorization; S3:// in capitals");
	TAP_OK(ok("create library l language plpythonu from 's3://b/l.zip' with credentials as 'aws_iam_role=" R1 "'") &&
		   cmd.auth == RSI_AUTH_CREDENTIALS_ROLE && cmd.nroles == 1 && eq(cmd.roles[0], R1),
		   "WITH CREDENTIALS AS 'aws_iam_role=...'");
	TAP_OK(ok("create library l language plpythonu from 's3://b/l.zip' credentials "
			  "'aws_access_key_id=" K_TMP ";aws_secret_access_key=" SECRET ";token=tok'") &&
		   cmd.auth == RSI_AUTH_CREDENTIALS_KEYS && eq(cmd.access_key_id, K_TMP) && cmd.session_token,
		   "CREDENTIALS with temporary keys and a token");
	TAP_OK(ok("create library l language plpythonu from 's3://b/l.zip'\n"
			  "access_key_id '" K_TMP "' secret_access_key '" SECRET "' session_token 'tok' region 'us-east-1'") &&
		   cmd.auth == RSI_AUTH_ACCESS_KEYS && eq(cmd.access_key_id, K_TMP) && cmd.session_token &&
		   eq(cmd.region, "us-east-1") && cmd.nproblems == 0,
		   "ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN, then REGION");
	TAP_OK(ok("create library l language plpythonu from 's3://b/l.zip'\n"
			  "access_key_id '" K_TMP "' secret_access_key '" SECRET "'") &&
		   problem_at(RSI_PROB_TEMPORARY_KEY_NO_TOKEN, 2, 16),
		   "a temporary key without a token is a problem at the key's value (line 2, column 16)");
	TAP_OK(ok("create library l language plpythonu from 's3://b/l.zip'\n   iam_role 'MyRole'") &&
		   problem_at(RSI_PROB_ROLE_NAME_NOT_ARN, 2, 14),
		   "a role name instead of an ARN: role-name-not-arn at the role, inside the quotes (line 2, column 14)");
	TAP_OK(ok("create library l language plpythonu from 's3://b/l.zip' iam_role '" R1 "," ROLE("B") "'") &&
		   cmd.nroles == 2 && eq(cmd.roles[1], ROLE("B")), "a role chain is kept as written");
	TAP_OK(ok("create library l language plpythonu from 'https://x/l.zip';   -- trailing comment") &&
		   eq(cmd.location, "https://x/l.zip"), "a statement ending in ';' and a comment");
	TAP_OK(ok("create library l language anything from 'https://x/l.zip'"),
		   "the language is any identifier");
	TAP_IS_STR(rsi_cmd_assumerole_type(RSI_CMD_CREATE_LIBRARY), NULL,
			   "CREATE LIBRARY is not subject to ASSUMEROLE");
	TAP_IS_STR(rsi_cmd_kind_name(RSI_CMD_CREATE_LIBRARY), "create_library", "kind name create_library");
}

static void
test_library_errors(void)
{
	TAP_OK(fails("create library 'l' language plpythonu from 's3://b/l.zip' iam_role default", 1, 16,
				 "expected a library name, found a string literal"), "the library name is a name");
	TAP_OK(fails("create library l\nfrom 's3://b/l.zip' iam_role default", 2, 1,
				 "expected LANGUAGE plpythonu, found \"from\""), "LANGUAGE is required");
	TAP_OK(fails("create library l language 'plpythonu' from 's3://b/l.zip'", 1, 27,
				 "expected a language name after LANGUAGE (plpythonu), found a string literal"),
		   "the language is an identifier");
	TAP_OK(fails("create library l language plpythonu\n  's3://b/l.zip' iam_role default", 2, 3,
				 "expected FROM, found a string literal"), "FROM is required");
	TAP_OK(fails("create library l language plpythonu from s3 iam_role default", 1, 42,
				 "expected a quoted location after FROM ('s3://bucket/file.zip' or 'https://...'), found \"s3\""),
		   "FROM takes a quoted location");
	TAP_OK(fails("create library l language plpythonu from 's3://b/l.zip' iam_role default\nregion us_east_1", 2, 8,
				 "expected a quoted region after REGION (such as 'us-east-1'), found \"us_east_1\""),
		   "REGION takes a quoted region");
	TAP_OK(fails("create library l language plpythonu from 's3://b/l.zip' iam_role default region as ;", 1, 84,
				 "expected a quoted region after REGION (such as 'us-east-1'), found \";\""),
		   "REGION AS takes a quoted region");
	TAP_OK(fails("create library l language plpythonu from 's3://b/l.zip' iam_role default region 'a'\nregion 'b'", 2, 1,
				 "REGION is given more than once"), "REGION twice");
	TAP_OK(fails("create library l language plpythonu from 's3://b/l.zip'\n  iam_role default gzip", 2, 20,
				 "expected a CREATE LIBRARY clause (IAM_ROLE, CREDENTIALS, ACCESS_KEY_ID, SECRET_ACCESS_KEY, "
				 "SESSION_TOKEN or REGION), found \"gzip\""), "unknown clauses are refused");
	TAP_OK(fails("create library l language plpythonu from 's3://b/l.zip' iam_role default iam_role default", 1, 74,
				 "IAM_ROLE is given more than once"), "IAM_ROLE twice");
	TAP_OK(fails("create library l language plpythonu from 's3://b/l.zip'", 1, 56,
				 "CREATE LIBRARY ... FROM 's3://...' requires an authorization clause: "
				 "expected IAM_ROLE, CREDENTIALS, or ACCESS_KEY_ID and SECRET_ACCESS_KEY, found end of input"),
		   "a library from S3 needs an authorization: the error is just past the last token");
	TAP_OK(fails("create library l language plpythonu from 's3://b/l.zip' region 'us-east-1'  ;", 1, 77,
				 "CREATE LIBRARY ... FROM 's3://...' requires an authorization clause: "
				 "expected IAM_ROLE, CREDENTIALS, or ACCESS_KEY_ID and SECRET_ACCESS_KEY, found \";\""),
		   "REGION alone is no authorization: the error is at the ';'");
	TAP_OK(fails("create library l language plpythonu from 's3://b/l.zip' secret_access_key 's'", 1, 57,
				 "SECRET_ACCESS_KEY requires ACCESS_KEY_ID"), "a secret key without its key ID");
	TAP_OK(fails("create library l language plpythonu from 's3://b/l.zip' iam_role default credentials 'aws_iam_role=" R1 "'",
				 1, 74, "CREDENTIALS cannot be combined with IAM_ROLE: IAM_ROLE, CREDENTIALS and "
				 "ACCESS_KEY_ID/SECRET_ACCESS_KEY are mutually exclusive"), "two authorization forms");

	/* lexical errors right after each word: the parse stops there */
	TAP_OK(fails("create library \"l", 1, 16, "unterminated quoted identifier"), "lexical error in the name");
	TAP_OK(fails("create or replace library \"l", 1, 27, "unterminated quoted identifier"),
		   "lexical error after OR REPLACE LIBRARY");
	TAP_OK(fails("create library l \"", 1, 18, "unterminated quoted identifier"), "lexical error after the name");
	TAP_OK(fails("create library l language\n\"", 2, 1, "unterminated quoted identifier"), "lexical error after LANGUAGE");
	TAP_OK(fails("create library l language plpythonu /* never closed", 1, 37, "unterminated /* comment"),
		   "lexical error after the language");
	TAP_OK(fails("create library l language plpythonu from 'x", 1, 42, "unterminated quoted string"),
		   "lexical error in the location");
	TAP_OK(fails("create library l language plpythonu from 'x' 'y", 1, 46, "unterminated quoted string"),
		   "lexical error after the location");
	TAP_OK(fails("create library l language plpythonu from 'x' region 'y", 1, 53, "unterminated quoted string"),
		   "lexical error after REGION");
	TAP_OK(fails("create library l language plpythonu from 'x' region as 'y", 1, 56, "unterminated quoted string"),
		   "lexical error after REGION AS");
	TAP_OK(fails("create library l language plpythonu from 'x' region 'y' $$", 1, 57, "unterminated dollar-quoted string"),
		   "lexical error after the region");
}

/* ---------------- CREATE MODEL ---------------- */

static void
test_model_forms(void)
{
	/* simple: FROM table, TARGET, FUNCTION, IAM_ROLE, SETTINGS (S3_BUCKET, KMS_KEY_ID) */
	TAP_OK(ok("CREATE MODEL m\nFROM db.sch.t\nTARGET c\nFUNCTION f\nIAM_ROLE default\n"
			  "SETTINGS (S3_BUCKET 'bucket', KMS_KEY_ID 'key-1', S3_GARBAGE_COLLECT OFF, MAX_RUNTIME 5400)") &&
		   cmd.kind == RSI_CMD_CREATE_MODEL && cmd.auth == RSI_AUTH_IAM_ROLE_DEFAULT && eq(cmd.function_name, "f") &&
		   eq(cmd.s3_bucket, "bucket") && eq(cmd.kms_key_id, "key-1") && cmd.location == NULL &&
		   cmd.sagemaker_endpoint == NULL && cmd.bedrock_model_id == NULL,
		   "simple form from a table: FUNCTION, S3_BUCKET, KMS_KEY_ID kept; location null");
	TAP_OK(ok("create model sch.m from (select a, (b + 1) as c from t) target \"Total\" function sch.fn iam_role '" R1 "' "
			  "settings (s3_bucket 'b')") &&
		   eq(cmd.function_name, "sch.fn") && cmd.nroles == 1 && eq(cmd.roles[0], R1) && cmd.location == NULL,
		   "a schema-qualified FUNCTION is kept as written; FROM (query) with nested parentheses");
	/* full form */
	TAP_OK(ok("create model m from t target c function f (int, varchar(10)) iam_role default auto off "
			  "model_type mlp problem_type (binary_classification) objective 'f1' "
			  "preprocessors '[{\"ColumnSet\": [\"a\"], \"Transformers\": [\"OneHotEncoder\"]}]' "
			  "hyperparameters default except (num_round '10', max_depth '5') "
			  "settings (s3_bucket 'b', s3_garbage_collect on, max_cells 10000)") &&
		   eq(cmd.function_name, "f") && eq(cmd.s3_bucket, "b"),
		   "full form: argument types, AUTO OFF, MODEL_TYPE, PROBLEM_TYPE (...), OBJECTIVE, PREPROCESSORS, HYPERPARAMETERS");
	/* BYOM local inference: FROM 'job' or 's3 path', RETURNS */
	TAP_OK(ok("create model byom from 'xgboost-2023-01-01' function fn (int, float) returns float iam_role default\n"
			  "settings (s3_bucket 'b', kms_key_id 'k')") &&
		   eq(cmd.location, "xgboost-2023-01-01") && eq(cmd.kms_key_id, "k"),
		   "BYOM local: the training job name is the location");
	/* BYOM remote inference */
	TAP_OK(ok("create model r function f (varchar) returns varchar sagemaker 'my-endpoint' iam_role default "
			  "settings (max_batch_rows 10)") &&
		   eq(cmd.sagemaker_endpoint, "my-endpoint") && cmd.location == NULL && cmd.s3_bucket == NULL,
		   "BYOM remote: SAGEMAKER endpoint kept, no FROM, no S3_BUCKET");
	/* Amazon Bedrock */
	TAP_OK(ok("CREATE EXTERNAL MODEL llm\nFUNCTION llm_fn\nIAM_ROLE '" R1 "'\nMODEL_TYPE BEDROCK\n"
			  "SETTINGS (MODEL_ID 'anthropic.claude-v2:1', PROMPT 'Summarize: ', SUFFIX '.', "
			  "REQUEST_TYPE RAW, RESPONSE_TYPE VARCHAR)") &&
		   cmd.kind == RSI_CMD_CREATE_MODEL && eq(cmd.bedrock_model_id, "anthropic.claude-v2:1") &&
		   eq(cmd.function_name, "llm_fn") && cmd.s3_bucket == NULL,
		   "CREATE EXTERNAL MODEL: MODEL_ID kept");
	TAP_OK(ok("create external model llm function f iam_role default model_type bedrock settings (model_id amazon_titan)") &&
		   eq(cmd.bedrock_model_id, "amazon_titan"), "MODEL_ID as a bare word");
	TAP_OK(ok("create model m from t function f iam_role default settings (s3_bucket 'b', extra (model_id 'inner'))") &&
		   cmd.bedrock_model_id == NULL && eq(cmd.s3_bucket, "b"),
		   "a nested list's MODEL_ID is not the setting");
	TAP_OK(ok("create model m from t target token function f iam_role default with x") && cmd.auth == RSI_AUTH_IAM_ROLE_DEFAULT,
		   "WITH not followed by CREDENTIALS is a training word, skipped");
	TAP_OK(ok("create model m from t target c from u function f iam_role default") && eq(cmd.function_name, "f"),
		   "a second FROM is an unknown word, skipped");
	TAP_OK(ok("create model m function f iam_role default target c target d"),
		   "a second TARGET is skipped");
	TAP_OK(ok("create model m from t function f\n iam_role 'Loader'") && problem_at(RSI_PROB_ROLE_NAME_NOT_ARN, 2, 12),
		   "role-name-not-arn at the role, inside the quotes (line 2, column 12)");
	TAP_IS_STR(rsi_cmd_assumerole_type(RSI_CMD_CREATE_MODEL), "CREATE MODEL", "ASSUMEROLE command type CREATE MODEL");
	TAP_IS_STR(rsi_cmd_kind_name(RSI_CMD_CREATE_MODEL), "create_model", "kind name create_model");
}

static void
test_model_errors(void)
{
	TAP_OK(fails("create model m from t target c\n  iam_role default", 2, 19,
				 "CREATE MODEL requires FUNCTION: expected FUNCTION <function name>, found end of input"),
		   "FUNCTION required: the error is just past the last token");
	TAP_OK(fails("create external model m function f model_type bedrock settings (model_id 'x');", 1, 78,
				 "CREATE EXTERNAL MODEL requires IAM_ROLE: expected IAM_ROLE default or IAM_ROLE '<role ARN>', found \";\""),
		   "CREATE EXTERNAL MODEL names itself in the message");
	TAP_OK(fails("create model m from t function f function g iam_role default", 1, 34,
				 "FUNCTION is given more than once"), "FUNCTION twice");
	TAP_OK(fails("create model m from t function 'f' iam_role default", 1, 32,
				 "expected a function name after FUNCTION, found a string literal"), "FUNCTION takes a name");
	TAP_OK(fails("create model m from t\ntarget 'c' function f iam_role default", 2, 8,
				 "expected a column name after TARGET, found a string literal"), "TARGET takes a column name");
	TAP_OK(fails("create model m function f sagemaker 'a' sagemaker 'b' iam_role default", 1, 41,
				 "SAGEMAKER is given more than once"), "SAGEMAKER twice");
	TAP_OK(fails("create model m function f sagemaker endpoint iam_role default", 1, 37,
				 "expected a quoted value after SAGEMAKER, found \"endpoint\""), "SAGEMAKER takes a quoted endpoint");
	TAP_OK(fails("create model m from t function f iam_role default settings (kms_key_id 'a', kms_key_id 'b')", 1, 77,
				 "KMS_KEY_ID is given more than once"), "KMS_KEY_ID twice");
	TAP_OK(fails("create external model m function f iam_role default settings (model_id 'a', model_id 'b')", 1, 77,
				 "MODEL_ID is given more than once"), "MODEL_ID twice");
	TAP_OK(fails("create external model m function f iam_role default settings (model_id 'a', model_id b)", 1, 77,
				 "MODEL_ID is given more than once"), "MODEL_ID twice, the second bare");
	TAP_OK(fails("create external model m function f iam_role default settings (model_id 1)", 1, 72,
				 "expected a quoted value after MODEL_ID, found \"1\""), "MODEL_ID takes a name or a quoted id");
	TAP_OK(fails("create model m from t function f iam_role default\nsettings (s3_bucket 'b', (x)", 2, 10,
				 "unbalanced parenthesis: \"(\" is never closed"), "SETTINGS never closed: the error is at its '('");
	TAP_OK(fails("create model m from 1 function f iam_role default", 1, 21,
				 "expected a table name, a (query), or a quoted training job name or S3 path after FROM, found \"1\""),
		   "FROM takes a source");
	TAP_OK(fails("create model m from t function f iam_role default session_token 'x'", 1, 51,
				 "SESSION_TOKEN is not allowed in CREATE MODEL: only COPY, UNLOAD and CREATE LIBRARY accept "
				 "credentials or access keys; use IAM_ROLE"), "SESSION_TOKEN is refused");
	TAP_OK(fails("create model m from t function f iam_role default with credentials 'aws_iam_role=" R1 "'", 1, 56,
				 "CREDENTIALS is not allowed in CREATE MODEL: only COPY, UNLOAD and CREATE LIBRARY accept "
				 "credentials or access keys; use IAM_ROLE"), "WITH CREDENTIALS is refused, at CREDENTIALS");

	/* lexical errors after each word */
	TAP_OK(fails("create model \"m", 1, 14, "unterminated quoted identifier"), "lexical error in the model name");
	TAP_OK(fails("create external model \"m", 1, 23, "unterminated quoted identifier"),
		   "lexical error in the external model's name");
	TAP_OK(fails("create model m from 'x", 1, 21, "unterminated quoted string"), "lexical error after FROM");
	TAP_OK(fails("create model m from 'x' 'y", 1, 25, "unterminated quoted string"), "lexical error after the training job");
	TAP_OK(fails("create model m from (select 1 'x", 1, 31, "unterminated quoted string"), "lexical error in FROM (query)");
	TAP_OK(fails("create model m from t 'x", 1, 23, "unterminated quoted string"), "lexical error after the table");
	TAP_OK(fails("create model m target 'x", 1, 23, "unterminated quoted string"), "lexical error after TARGET");
	TAP_OK(fails("create model m target c 'x", 1, 25, "unterminated quoted string"), "lexical error after the column");
	TAP_OK(fails("create model m function 'x", 1, 25, "unterminated quoted string"), "lexical error after FUNCTION");
	TAP_OK(fails("create model m function f ( 'x", 1, 29, "unterminated quoted string"),
		   "lexical error in the argument types");
	TAP_OK(fails("create model m function f sagemaker 'x", 1, 37, "unterminated quoted string"),
		   "lexical error after SAGEMAKER");
	TAP_OK(fails("create model m function f sagemaker 'x' 'y", 1, 41, "unterminated quoted string"),
		   "lexical error after the endpoint");
	TAP_OK(fails("create model m settings 'x", 1, 25, "unterminated quoted string"), "lexical error after SETTINGS");
	TAP_OK(fails("create model m settings ( 'x", 1, 27, "unterminated quoted string"), "lexical error inside SETTINGS");
	TAP_OK(fails("create model m settings (s3_bucket 'x", 1, 36, "unterminated quoted string"),
		   "lexical error after S3_BUCKET");
	TAP_OK(fails("create model m settings (model_id x 'y", 1, 37, "unterminated quoted string"),
		   "lexical error after a bare MODEL_ID");
	TAP_OK(fails("create model m settings (model_id \"x", 1, 35, "unterminated quoted identifier"),
		   "lexical error after MODEL_ID");
	TAP_OK(fails("create model m auto 'x", 1, 21, "unterminated quoted string"), "lexical error after a skipped word");
}

/* every allocation failing in turn: NOMEM and "out of memory" every time */
static void
test_oom(void)
{
	static const char *const valid[] = {
		"create or replace library l language plpythonu from 's3://b/l.zip' iam_role '" R1 "' region as 'us-east-1'",
		"create library l language plpythonu from 's3://b/l.zip' access_key_id '" K_ID "' secret_access_key '" SECRET "'",
		"create model s.m from 'job' target c function s.f (int) returns int sagemaker 'ep' iam_role '" R1 "' "
		"settings (s3_bucket 'b', kms_key_id 'k')",
		"create external model m function f iam_role default settings (model_id titan, model_id_x 'y')",
		"create external model m function f iam_role default settings (model_id 'titan')",
		NULL
	};
	int			i,
				bad = 0,
				runs = 0;

	for (i = 0; valid[i]; i++)
	{
		long		n;

		for (n = 0; n < 10000; n++)
		{
			rsi_parse_status r;

			arena_budget = n;
			r = parse(valid[i]);
			runs++;
			if (r == RSI_PARSE_OK)
				break;
			if (r != RSI_PARSE_NOMEM || strcmp(err.message, "out of memory") != 0)
			{
				printf("#   %ld allocations: status %d: %s\n#   in: %s\n", n, (int) r, err.message, valid[i]);
				bad++;
				break;
			}
		}
		arena_budget = -1;
	}
	TAP_IS_INT(bad, 0, "CREATE LIBRARY and CREATE MODEL out of memory at each of %d allocation points: NOMEM", runs);
}

/* ---------------- parse_command's JSON: the documented keys ---------------- */

static long json_budget = -1;

static void *
json_failing_malloc(size_t n)
{
	if (json_budget == 0)
		return NULL;
	if (json_budget > 0)
		json_budget--;
	return malloc(n);
}

/* the JSON text of sql, which must parse; also with jansson failing each allocation in turn */
static int
json_is(const char *sql, const char *want)
{
	char	   *got;
	long		n;
	int			good = 1;

	if (!ok(sql))
		return 0;
	got = rsi_command_json_text(&cmd, sql, strlen(sql));
	if (got == NULL || strcmp(got, want) != 0)
	{
		printf("#   got  %s\n#   want %s\n", got ? got : "(null)", want);
		good = 0;
	}
	free(got);
	for (n = 0; n < 1000 && good; n++)
	{
		json_budget = n;
		json_set_alloc_funcs(json_failing_malloc, free);
		got = rsi_command_json_text(&cmd, sql, strlen(sql));
		json_set_alloc_funcs(malloc, free);
		if (got == NULL)
			continue;
		if (strcmp(got, want) != 0)
		{
			printf("#   after %ld allocations: %s\n", n, got);
			good = 0;
		}
		free(got);
		break;
	}
	json_budget = -1;
	return good;
}

#define JSON_HEAD(kind, auth) "{\"kind\":\"" kind "\",\"auth_method\":\"" auth "\","

static void
test_json(void)
{
	TAP_OK(json_is("create model m function f (int) returns int sagemaker 'ep' iam_role default "
				   "settings (s3_bucket 'b', kms_key_id 'k')",
				   JSON_HEAD("create_model", "iam_role_default")
				   "\"roles\":[],\"session_token\":false,\"access_key_id\":null,\"location\":null,\"catalog_role\":null,"
				   "\"secret_arn\":null,\"source\":null,\"line\":1,\"col\":1,\"problems\":[],"
				   "\"function_name\":\"f\",\"s3_bucket\":\"b\",\"kms_key_id\":\"k\",\"sagemaker_endpoint\":\"ep\","
				   "\"bedrock_model_id\":null}"),
		   "CREATE MODEL's JSON: function_name, s3_bucket, kms_key_id, sagemaker_endpoint, bedrock_model_id "
		   "(also with jansson out of memory)");
	TAP_OK(json_is("create external model llm function f iam_role default model_type bedrock "
				   "settings (model_id 'anthropic.claude-v2:1')",
				   JSON_HEAD("create_model", "iam_role_default")
				   "\"roles\":[],\"session_token\":false,\"access_key_id\":null,\"location\":null,\"catalog_role\":null,"
				   "\"secret_arn\":null,\"source\":null,\"line\":1,\"col\":1,\"problems\":[],"
				   "\"function_name\":\"f\",\"s3_bucket\":null,\"kms_key_id\":null,\"sagemaker_endpoint\":null,"
				   "\"bedrock_model_id\":\"anthropic.claude-v2:1\"}"),
		   "CREATE EXTERNAL MODEL's JSON: kind create_model, bedrock_model_id, the rest null");
	TAP_OK(json_is("create library l language plpythonu\nfrom 's3://b/l.zip'\n  iam_role 'MyRole'",
				   JSON_HEAD("create_library", "iam_role")
				   "\"roles\":[\"MyRole\"],\"session_token\":false,\"access_key_id\":null,\"location\":\"s3://b/l.zip\","
				   "\"catalog_role\":null,\"secret_arn\":null,\"source\":null,\"line\":1,\"col\":1,"
				   "\"problems\":[{\"code\":\"role-name-not-arn\",\"message\":\"role name instead of role ARN: \\\"MyRole\\\"; "
				   "write arn:aws:iam::<account-id>:role/MyRole\",\"line\":3,\"col\":13}],\"region\":null}"),
		   "CREATE LIBRARY's JSON: location, region (null), and a problem with its line and column");
	TAP_OK(json_is("create library l language plpythonu from 'https://x/l.zip' region 'us-east-1'",
				   JSON_HEAD("create_library", "none")
				   "\"roles\":[],\"session_token\":false,\"access_key_id\":null,\"location\":\"https://x/l.zip\","
				   "\"catalog_role\":null,\"secret_arn\":null,\"source\":null,\"line\":1,\"col\":1,"
				   "\"problems\":[],\"region\":\"us-east-1\"}"),
		   "CREATE LIBRARY from a URL: auth_method none, region kept");
}

int
main(void)
{
	test_library_forms();
	test_library_errors();
	test_model_forms();
	test_model_errors();
	test_oom();
	test_json();
	arena_free();
	return tap_done();
}
