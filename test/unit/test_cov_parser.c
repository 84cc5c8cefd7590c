/*
 * test_cov_parser.c — the parser's error paths (parser.c, parse_auth.c,
 * parse_external.c) and the JSON of its result (command_json.c), for
 * coverage: every case asserts what the parser answers.
 *
 * Three sweeps over a set of valid commands reach every "the next token is
 * wrong" branch without a hand-written case each: the command cut after
 * each token and followed by a NUL byte (a lexical error exactly there),
 * by ";" and by nothing.  Two more run the parser and the JSON writer with
 * an allocator that fails after n allocations, for every n, and assert a
 * clean out-of-memory answer and no leak (valgrind checks the leak).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parse/command.h"
#include "parse/command_json.h"
#include "lex/lexer.h"
#include "command_util.h"
#include "tap.h"

/* ---------- an arena that frees, and can be told to fail ---------- */

#include "arena.h"

static rsi_command cmd;
static rsi_parse_error err;

static rsi_parse_status
parse_n(const char *sql, size_t len)
{
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_parse_options opt = {RSI_DEFAULT_MAX_ROLE_CHAIN, NULL, 0};

	arena_free();
	return rsi_parse_command(sql, len, &opt, &al, &cmd, &err);
}

static rsi_parse_status
parse(const char *sql)
{
	return parse_n(sql, strlen(sql));
}

/* Does parsing fail at the first occurrence of 'at', with 'msg' in the message? */
static int
fails_at(const char *sql, const char *at, const char *msg)
{
	const char *p = strstr(sql, at);
	rsi_parse_status r = parse(sql);

	if (r != RSI_PARSE_SYNTAX)
	{
		printf("#   status %d, not a syntax error: %s\n", (int) r, sql);
		return 0;
	}
	if (p == NULL || err.off != (size_t) (p - sql) || strstr(err.message, msg) == NULL)
	{
		printf("#   error at %zu (want %ld): %s\n#   in: %s\n", err.off, p ? (long) (p - sql) : -1L,
			   err.message, sql);
		return 0;
	}
	return 1;
}

/* The same at the first occurrence of 'at' plus delta. */
static int
fails_after(const char *sql, const char *at, size_t delta, const char *msg)
{
	const char *p = strstr(sql, at);
	rsi_parse_status r = parse(sql);

	if (r != RSI_PARSE_SYNTAX || p == NULL || err.off != (size_t) (p - sql) + delta ||
		strstr(err.message, msg) == NULL)
	{
		printf("#   status %d, error at %zu (want %ld): %s\n", (int) r, err.off,
			   p ? (long) (p - sql + (long) delta) : -1L, err.message);
		return 0;
	}
	return 1;
}

#define has_problem(code) command_has_problem(&cmd, (code))

#define R1 "arn:aws:iam::123456789012:role/R1"
#define R2 "arn:aws:iam::123456789012:role/R2"
#define K_ID "AKIAIOSFODNN7EXAMPLE"

/* valid commands that between them use every clause of the four grammars */
static const char *const valid[] = {
	"copy s.t (a, b) from 's3://b/p' with credentials as 'aws_iam_role=" R1 "," R2 "' region 'us-east-1';",
	"copy t from 'x' access_key_id as '" K_ID "' secret_access_key as 's' session_token as 'tok' gzip",
	"copy t from 'x' credentials 'aws_access_key_id=" K_ID ";aws_secret_access_key=s;token=t;master_symmetric_key=k'",
	"copy t from 'x' iam_role 'bad,," R1 ",role_name' with delimiter '|'",
	"unload ('select 1') to 's3://b' iam_role default encrypted auto parallel off",
	"unload ('q') to 'x' iam_role '" R1 "' kms_key_id 'k' encrypted master_symmetric_key 'm'",
	"create external schema if not exists s from data catalog database 'db' region 'r' iam_role 'SESSION' "
	"catalog_role 'SESSION' catalog_id '123456789012' create external database if not exists",
	"create external schema s from data catalog database 'db' iam_role '" R1 "' catalog_role '" R1 "," R2 "'",
	"create external schema s from hive metastore database 'db' uri 'h' port 9083 iam_role '" R1 "," R2 "'",
	"create external schema s from postgres database 'db' schema 'sc' uri 'h' port 5432 iam_role '" R1 "' secret_arn 'a'",
	"create external schema s from mysql database \"db\" uri 'h' iam_role '" R1 "' secret_arn 'a'",
	"create external schema s from kinesis iam_role '" R1 "'",
	"create external schema s from msk iam_role '" R1 "' authentication iam cluster_arn 'c'",
	"create external schema s from kafka authentication mtls uri 'u' authentication_arn 'a' iam_role '" R1 "'",
	"create external schema \"S\" from redshift database db schema 'x'",
	"create external schema s database 'db' iam_role default",
	"create or replace external function s.f(int, varchar(10)) returns varchar(10) stable lambda 'l' "
	"iam_role '" R1 "," R2 "' retry_timeout 10 max_batch_rows 5 max_batch_size 3 kb",
	"create external function f() returns double precision immutable sagemaker 'e' iam_role default max_batch_size 2 mb",
	"create external function f(int) returns int volatile lambda 'f' iam_role default",
	NULL
};

/* ---------- sweeps ---------- */

/*
 * Each valid command cut after token k and followed by "<sp>\0" (a NUL
 * byte: a lexical error), " ;" or nothing: the NUL is reported where it
 * is; ";" and the end give a clean answer, and an "expected ..." error is
 * at the token that replaced the rest.
 */
static void
test_cut_sweeps(void)
{
	int			i;
	int			nul_bad = 0,
				semi_bad = 0,
				end_bad = 0,
				cuts = 0,
				valid_bad = 0;
	char		buf[1024];

	for (i = 0; valid[i]; i++)
	{
		const char *s = valid[i];
		size_t		len = strlen(s),
					pos = 0;
		int			k = 0;
		rsi_token	t;
		rsi_parse_status r = parse(s);

		if (r != RSI_PARSE_OK)
		{
			printf("#   not OK (%d: %s): %s\n", (int) r, err.message, s);
			valid_bad++;
		}
		for (;;)
		{
			size_t		end;

			pos = rsi_lex_next(s, len, pos, &t);
			if (t.kind == RSI_TOK_EOF)
				break;
			k++;
			end = t.off + t.len;
			cuts++;

			/* NUL: a syntax error at the NUL, or "other" while CREATE's kind is unknown */
			memcpy(buf, s, end);
			memcpy(buf + end, " \0 x", 4);
			r = parse_n(buf, end + 4);
			if (!((r == RSI_PARSE_SYNTAX && err.off == end + 1 &&
				   strcmp(err.message, "NUL byte in command text") == 0) ||
				  (r == RSI_PARSE_OTHER && k < 5 && strncmp(s, "create", 6) == 0)))
			{
				printf("#   NUL after token %d: status %d at %zu: %s\n#   in: %s\n", k, (int) r, err.off,
					   err.message, s);
				nul_bad++;
			}

			/* ";" */
			memcpy(buf + end, " ;", 3);
			r = parse_n(buf, end + 2);
			if (!(r == RSI_PARSE_OK || r == RSI_PARSE_OTHER ||
				  (r == RSI_PARSE_SYNTAX && err.off <= end + 1 && err.message[0] != '\0' &&
				   (strncmp(err.message, "expected", 8) != 0 || err.off == end + 1))))
			{
				printf("#   \";\" after token %d: status %d at %zu: %s\n#   in: %s\n", k, (int) r, err.off,
					   err.message, s);
				semi_bad++;
			}

			/* the end */
			r = parse_n(buf, end);
			if (!(r == RSI_PARSE_OK || r == RSI_PARSE_OTHER ||
				  (r == RSI_PARSE_SYNTAX && err.off <= end && err.message[0] != '\0' &&
				   (strncmp(err.message, "expected", 8) != 0 ||
					(err.off == end && strstr(err.message, "found end of input") != NULL)))))
			{
				printf("#   end after token %d: status %d at %zu: %s\n#   in: %s\n", k, (int) r, err.off,
					   err.message, s);
				end_bad++;
			}
		}
	}
	TAP_IS_INT(valid_bad, 0, "the %d sweep commands parse", i);
	TAP_IS_INT(nul_bad, 0, "cut after each of %d tokens, then a NUL byte: a syntax error at the NUL", cuts);
	TAP_IS_INT(semi_bad, 0, "cut after each token, then \";\": clean, \"expected\" errors at the \";\"");
	TAP_IS_INT(end_bad, 0, "cut after each token: clean, \"expected\" errors say \"found end of input\"");
}

/*
 * The parser with an allocator that fails after n allocations, for every n
 * until it succeeds: each answer is NOMEM with "out of memory", never a
 * crash or a half-filled OK.
 */
static void
test_parser_oom(void)
{
	int			i;
	int			bad = 0,
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
	arena_budget = 3;
	TAP_OK(parse("copy t from 'x' iam_role '1,2,3,4,5,6,7'") == RSI_PARSE_NOMEM,
		   "out of memory while adding problems: NOMEM");
	arena_budget = -1;
	TAP_IS_INT(bad, 0, "the parser out of memory at each of %d allocation points: NOMEM every time", runs);
}

/* ---------- jansson with a failing allocator ---------- */

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

static void
test_json_oom(void)
{
	static const char *const inputs[] = {
		"copy t from E's3://\\xff' iam_role 'x,y," R1 "'",
		"copy t from 'x' access_key_id '" K_ID "' secret_access_key 's'",
		"create external schema s from data catalog database 'db' iam_role 'SESSION' catalog_role '" R1 "' catalog_id '1'",
		NULL
	};
	int			i,
				bad = 0,
				runs = 0;

	TAP_OK(rsi_json_dump_and_free(NULL) == NULL, "rsi_json_dump_and_free(NULL) is NULL");
	for (i = 0; inputs[i]; i++)
	{
		char	   *want;
		long		n;
		rsi_parse_status r = parse(inputs[i]);

		if (r != RSI_PARSE_OK)
		{
			printf("#   does not parse: %s: %s\n", inputs[i], err.message);
			bad++;
			continue;
		}
		want = rsi_command_json_text(&cmd, inputs[i], strlen(inputs[i]));
		for (n = 0; n < 10000; n++)
		{
			char	   *got;

			json_budget = n;
			json_set_alloc_funcs(json_failing_malloc, free);
			got = rsi_command_json_text(&cmd, inputs[i], strlen(inputs[i]));
			json_set_alloc_funcs(malloc, free);
			runs++;
			if (got != NULL)
			{
				if (want == NULL || strcmp(got, want) != 0)
				{
					printf("#   after %ld allocations: %s\n", n, got);
					bad++;
				}
				free(got);
				break;
			}
		}
		free(want);
	}
	TAP_IS_INT(bad, 0, "the JSON out of memory at each of %d allocation points: NULL, then the same text", runs);
}

/* ---------- error messages, one branch each ---------- */

static void
test_errors(void)
{
	/* parser.c */
	TAP_OK(fails_at("copy t from 'x' credentials 'aws_iam_role=" R1 "' CREDENTIALS 'aws_iam_role=" R1 "'",
					"CREDENTIALS", "CREDENTIALS is given more than once"),
		   "CREDENTIALS twice");
	TAP_OK(fails_at("copy t from 'x' credentials as role", "role", "a quoted credentials string") &&
		   strstr(err.message, "found an unquoted value") != NULL,
		   "an unquoted CREDENTIALS value is not echoed");
	TAP_OK(fails_at("copy t from 'x' access_key_id '" K_ID "' access_key_id '" K_ID "' secret_access_key 's'",
					"access_key_id '" K_ID "' secret", "ACCESS_KEY_ID is given more than once"),
		   "ACCESS_KEY_ID twice");
	TAP_OK(fails_at("copy t from 'x' secret_access_key 's'", "secret_access_key", "SECRET_ACCESS_KEY requires ACCESS_KEY_ID"),
		   "SECRET_ACCESS_KEY alone");
	TAP_OK(fails_at("copy t from 'x' access_key_id \"AKIA\" secret_access_key 's'", "\"AKIA\"", "a quoted value after ACCESS_KEY_ID") &&
		   strstr(err.message, "AKIA") == NULL && strstr(err.message, "not shown") != NULL,
		   "a quoted identifier in the key ID's place is not quoted back (no well-formed key ID: it may be the secret)");
	TAP_OK(parse("copy t from 'x' iam_role default with delimiter ','") == RSI_PARSE_OK,
		   "WITH before an ordinary COPY option is skipped");
	TAP_OK(parse("copy t from 'x' with credentials 'aws_iam_role=" R1 "'") == RSI_PARSE_OK &&
		   cmd.auth_off == 16, "WITH CREDENTIALS: the clause starts at WITH");
	TAP_OK(fails_at("copy t (a b) from 'x' iam_role default", "b)", "\",\" or \")\" in the column list"),
		   "a column list without a comma");
	TAP_OK(fails_at("copy t.(a) from 'x' iam_role default", "(a)", "a name after \".\""), "a name ending in a dot");
	TAP_OK(fails_at("copy 'x' from 'x' iam_role default", "'x' from", "a table name after COPY") &&
		   strstr(err.message, "found a string literal") != NULL, "a string as the table name");
	TAP_OK(fails_at("unload ('q' to 'x' iam_role default", "to", "\")\" after the quoted SELECT statement"),
		   "UNLOAD without the closing parenthesis");
	TAP_OK(fails_at("unload ('q') to s3 iam_role default", "s3", "a quoted destination after TO"),
		   "UNLOAD to an unquoted destination");
	TAP_OK(fails_at("unload ('q') to 'x' iam_role default master_symmetric_key 'k' encrypted auto", "encrypted", "ENCRYPTED AUTO"),
		   "ENCRYPTED AUTO with MASTER_SYMMETRIC_KEY");
	TAP_OK(parse("unload ('q') to 'x' iam_role default encrypted") == RSI_PARSE_OK,
		   "ENCRYPTED at the end of UNLOAD");
	TAP_OK(fails_at("unload ('q') to 'x' access_key_id '" K_ID "' secret_access_key 's' credentials 'aws_iam_role=" R1 "'",
					"credentials", "mutually exclusive"),
		   "keys then CREDENTIALS in UNLOAD");
	TAP_OK(fails_after("create external function f() returns int volatile lambda 'f' iam_role default;;", ";;", 1,
					   "expected end of command after \";\""),
		   "two semicolons");
	TAP_OK(parse("create external foo") == RSI_PARSE_OTHER && strstr(err.message, "found \"create\"") != NULL,
		   "CREATE EXTERNAL of another kind is another statement");
	TAP_OK(parse("create or replace view v") == RSI_PARSE_OTHER, "CREATE OR REPLACE of another kind");
	TAP_OK(parse(";") == RSI_PARSE_OTHER && strstr(err.message, "found \";\"") != NULL,
		   "a lone semicolon is another statement");
	TAP_OK(parse("/* x */") == RSI_PARSE_EMPTY && err.off == 7 && strstr(err.message, "empty command") != NULL,
		   "a comment only: empty");
	TAP_OK(parse("'unterminated") == RSI_PARSE_SYNTAX && err.off == 0, "an unterminated first token");
	{
		rsi_alloc	al = {arena_alloc, NULL};

		arena_free();
		TAP_OK(rsi_parse_command("copy t from 'x' iam_role '1,2,3,4'", 34, NULL, &al, &cmd, &err) == RSI_PARSE_OK &&
			   !has_problem(RSI_PROB_CHAIN_TOO_LONG), "no options: the default chain limit");
		{
			rsi_parse_options zero = {0, NULL, 0};

			arena_free();
			TAP_OK(rsi_parse_command("copy t from 'x' iam_role ',,,,,,,,,,'", 37, &zero, &al, &cmd, &err) == RSI_PARSE_OK &&
				   has_problem(RSI_PROB_CHAIN_TOO_LONG) && strstr(cmd.problems[0].message, "at most 10") != NULL,
				   "max_role_chain 0: the default limit of 10");
		}
	}

	{
		/*
		 * no_other_message: statements of another kind give the same status,
		 * kind and offset as without it, and an empty message; the others
		 * the same message.
		 */
		static const char *const texts[] = {
			"select 1", "  INSERT into t values (1);", "{{ x }} select 1", "'q' select",
			"create table t (a int)", "(select 1)", "copy t from 'x' iam_role 'r' bogus ';",
			"copy t from 'x' iam_role 'arn:aws:iam::123456789012:role/R'", "{% if x %}"
		};
		rsi_alloc	al = {arena_alloc, NULL};
		rsi_parse_options quiet = {RSI_DEFAULT_MAX_ROLE_CHAIN, NULL, 1};
		rsi_parse_error e1;
		rsi_cmd_kind k1;
		int			bad = 0,
					others = 0;
		size_t		i;

		for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		{
			rsi_parse_status s1 = parse(texts[i]),
						s2;

			e1 = err;
			k1 = cmd.kind;
			arena_free();
			s2 = rsi_parse_command(texts[i], strlen(texts[i]), &quiet, &al, &cmd, &err);
			others += s1 == RSI_PARSE_OTHER;
			if (s1 != s2 || k1 != cmd.kind || e1.off != err.off ||
				(s1 == RSI_PARSE_OTHER ? (err.message[0] != '\0' || e1.message[0] == '\0')
				 : strcmp(e1.message, err.message) != 0))
			{
				printf("#   differs: %s\n", texts[i]);
				bad++;
			}
		}
		TAP_OK(bad == 0 && others >= 5,
			   "no_other_message: same status, kind and offset; no message for another kind only");
	}

	/* parse_auth.c */
	TAP_OK(fails_at("copy t from 'x' credentials ''", "''", "the CREDENTIALS string is empty"),
		   "an empty CREDENTIALS string");
	TAP_OK(fails_at("copy t from 'x' credentials 'aws_iam_role=" R1 ";token=t'", "'aws_iam_role", "mixes aws_iam_role"),
		   "aws_iam_role with token");
	TAP_OK(fails_at("copy t from 'x' credentials 'aws_iam_role=" R1 ";aws_access_key_id=" K_ID "'", "'aws_iam_role", "mixes aws_iam_role"),
		   "aws_iam_role with aws_access_key_id");
	TAP_OK(fails_at("copy t from 'x' credentials 'aws_iam_role=" R1 ";aws_secret_access_key=s'", "'aws_iam_role", "mixes aws_iam_role"),
		   "aws_iam_role with aws_secret_access_key");
	TAP_OK(fails_at("copy t from 'x' credentials 'aws_secret_access_key=s'", "'aws_secret", "must contain"),
		   "a secret without a key ID");
	TAP_OK(fails_at("copy t from 'x' credentials 'master_symmetric_key=k'", "'master", "must contain"),
		   "only a master key");
	TAP_OK(fails_after("copy t from 'x' credentials 'aws_iam_role=" R1 ";;'", ";;", 1, "expected key=value at character"),
		   "an empty pair");
	TAP_OK(fails_at("copy t from 'x' credentials 'aws_iam_role=" R1 ";" "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz=1'",
					"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
					"found a value without a key name (not shown") &&
		   strstr(err.message, "abcdefgh") == NULL,
		   "a 52-byte \"key\" is longer than any key name: not quoted");
	TAP_OK(fails_at("copy t from 'x' credentials 'aws_iam_role=" R1 ";aws_iam_rol=1'",
					"aws_iam_rol=", "unknown key \"aws_iam_rol\""),
		   "an unknown key that looks like a key name is quoted");
	TAP_OK(parse("copy t from 'x' iam_role ' " R1 "\t'") == RSI_PARSE_OK &&
		   has_problem(RSI_PROB_CHAIN_HAS_SPACES) && !has_problem(RSI_PROB_INVALID_ROLE_ARN),
		   "spaces around a role: chain-has-spaces, the role itself is checked trimmed");
	TAP_OK(parse("copy t from 'x' iam_role '\\t\\n\\r\\f\\v'") == RSI_PARSE_OK && cmd.nroles == 1 &&
		   !has_problem(RSI_PROB_CHAIN_HAS_SPACES) && has_problem(RSI_PROB_INVALID_ROLE_ARN),
		   "a plain string of backslash letters is not whitespace");
	TAP_OK(parse("copy t from 'x' iam_role E' \\t\\n\\r\\f\v'") == RSI_PARSE_OK &&
		   has_problem(RSI_PROB_CHAIN_HAS_SPACES) && strstr(cmd.problems[1].message, "empty entry") != NULL,
		   "every kind of whitespace: chain-has-spaces and an empty entry");
	TAP_OK(parse("copy t from 'x' access_key_id '" K_ID "' secret_access_key 's' credentials 'x'") == RSI_PARSE_SYNTAX,
		   "keys then CREDENTIALS");
	TAP_OK(parse("copy t from 'x' credentials 'aws_access_key_id=ASIAIOSFODNN7EXAMPLE;aws_secret_access_key=s'") == RSI_PARSE_OK &&
		   has_problem(RSI_PROB_TEMPORARY_KEY_NO_TOKEN), "an ASIA key in CREDENTIALS without token=");
	TAP_OK(parse("copy t from 'x' credentials 'aws_access_key_id=bad;aws_secret_access_key=s'") == RSI_PARSE_OK &&
		   has_problem(RSI_PROB_INVALID_ACCESS_KEY_ID) && strstr(cmd.problems[0].message, "bad") == NULL,
		   "a bad key ID in CREDENTIALS is a problem that does not quote it");

	/* parse_external.c: CREATE EXTERNAL SCHEMA */
	TAP_OK(fails_at("create external schema s from data base 'db'", "base", "CATALOG after DATA"), "DATA without CATALOG");
	TAP_OK(fails_at("create external schema s from hive store", "store", "METASTORE after HIVE"), "HIVE without METASTORE");
	TAP_OK(parse("create external schema s from database 'db' iam_role default") == RSI_PARSE_OK &&
		   cmd.source == RSI_SRC_DATA_CATALOG && strcmp(cmd.location, "db") == 0,
		   "FROM followed directly by a clause: the source is DATA CATALOG");
	TAP_OK(fails_at("create external schema if exists s", "exists", "NOT after IF"), "IF without NOT");
	TAP_OK(fails_at("create external schema if not zz", "zz", "EXISTS after IF NOT"), "IF NOT without EXISTS");
	TAP_OK(fails_at("create external schema 's' database 'db' iam_role default", "'s'", "a schema name"),
		   "a string as the schema name");
	TAP_OK(fails_at("create external schema s database 42 iam_role default", "42", "a database name after DATABASE"),
		   "a number as the database");
	TAP_OK(parse("create external schema s database \"My DB\" iam_role default") == RSI_PARSE_OK &&
		   strcmp(cmd.location, "My DB") == 0, "a quoted database name loses its quotes");
	TAP_OK(fails_at("create external schema s from hive metastore database 'db' uri 'h' port 'p' iam_role default",
					"'p'", "a port number after PORT"), "a quoted port");
	TAP_OK(fails_at("create external schema s database 'db' iam_role default catalog_role x", " x", "'SESSION' or a quoted role ARN after CATALOG_ROLE")
		   || fails_after("create external schema s database 'db' iam_role default catalog_role x", " x", 1, "'SESSION' or a quoted role ARN after CATALOG_ROLE"),
		   "an unquoted CATALOG_ROLE");
	TAP_OK(parse("create external schema s database 'db' iam_role default catalog_role 'a,,b'") == RSI_PARSE_OK &&
		   has_problem(RSI_PROB_INVALID_ROLE_ARN), "a CATALOG_ROLE chain is checked");
	TAP_OK(fails_after("create external schema s from postgres database 'db' uri 'h' iam_role default secret_arn arn",
					   "arn arn", 4, "a quoted value after SECRET_ARN"), "an unquoted SECRET_ARN");
	TAP_OK(fails_at("create external schema s database 'db' region us iam_role default", "us", "a quoted value after REGION"),
		   "an unquoted REGION");
	TAP_OK(fails_at("create external schema s from msk authentication tls", "tls", "none, iam or mtls after AUTHENTICATION"),
		   "MSK's authentication modes (mtls too)");
	TAP_OK(fails_at("create external schema s from kafka authentication tls uri 'u'", "tls", "none, iam or mtls"),
		   "KAFKA's authentication modes");
	TAP_OK(parse("create external schema s from kafka authentication none uri 'u'") == RSI_PARSE_OK &&
		   cmd.auth == RSI_AUTH_NONE, "KAFKA with AUTHENTICATION none needs no IAM_ROLE");
	TAP_OK(fails_at("create external schema s from kafka authentication mtls uri 'u' secret_arn 'a' authentication iam",
					"authentication iam", "AUTHENTICATION is given more than once"), "AUTHENTICATION twice");
	TAP_OK(parse("create external schema s from kafka authentication mtls uri 'u' secret_arn 'a'") == RSI_PARSE_OK,
		   "KAFKA mtls with SECRET_ARN");
	TAP_OK(fails_at("create external schema s database 'db' iam_role default create table", "table", "EXTERNAL DATABASE IF NOT EXISTS after CREATE"),
		   "CREATE without EXTERNAL");
	TAP_OK(fails_at("create external schema s database 'db' iam_role default create external table", "table", "DATABASE after CREATE EXTERNAL"),
		   "CREATE EXTERNAL without DATABASE");
	TAP_OK(fails_at("create external schema s database 'db' iam_role default create external database if exists", "exists", "NOT after IF"),
		   "CREATE EXTERNAL DATABASE IF without NOT");
	TAP_OK(fails_at("create external schema s database 'db' iam_role default create external database if not zz", "zz", "EXISTS after IF NOT"),
		   "CREATE EXTERNAL DATABASE IF NOT without EXISTS");
	TAP_OK(parse("create external schema s database 'db' iam_role default create external database") == RSI_PARSE_OK,
		   "CREATE EXTERNAL DATABASE without IF NOT EXISTS");
	TAP_OK(parse("create external schema s from kinesis") == RSI_PARSE_SYNTAX && err.off == 37 &&
		   strstr(err.message, "FROM KINESIS requires IAM_ROLE: expected IAM_ROLE default or IAM_ROLE '<role ARN>', found end of input"),
		   "KINESIS without IAM_ROLE: at the end, naming what was found");
	TAP_OK(parse("create external schema s from kinesis ;") == RSI_PARSE_SYNTAX && err.off == 38 &&
		   strstr(err.message, "found \";\""), "... at the \";\" when there is one");
	TAP_OK(fails_at("create external schema s database 'db' iam_role default access_key_id 'a'", "access_key_id", "only COPY, UNLOAD and CREATE LIBRARY"),
		   "an authorization clause that is not allowed stops at itself");

	/* parse_external.c: CREATE EXTERNAL FUNCTION */
	TAP_OK(fails_at("create external function 'f'() returns int", "'f'", "a function name"), "a string as the function name");
	TAP_OK(fails_at("create external function f returns int", "returns", "\"(\" and the argument types"), "no argument list");
	TAP_OK(fails_at("create external function f() int", "int", "RETURNS"), "no RETURNS");
	TAP_OK(fails_at("create external function f() returns volatile lambda 'f' iam_role default", "volatile", "a return type after RETURNS"),
		   "RETURNS without a type");
	TAP_OK(fails_at("create external function f() returns;", ";", "a return type after RETURNS"), "RETURNS at the end");
	TAP_OK(parse("create external function f() returns numeric(10, 2) volatile lambda 'f' iam_role default") == RSI_PARSE_OK,
		   "a return type with parentheses");
	TAP_OK(fails_at("create external function f() returns numeric(10 volatile lambda 'f' iam_role default", "(10", "never closed"),
		   "an unclosed return type");
	TAP_OK(fails_at("create external function f() returns int volatile stable lambda 'f' iam_role default", "stable", "given more than once"),
		   "two volatilities");
	TAP_OK(fails_at("create external function f() returns int volatile lambda f iam_role default", "f iam_role", "a quoted value after LAMBDA"),
		   "an unquoted LAMBDA");
	TAP_OK(fails_at("create external function f() returns int volatile lambda 'f' iam_role default retry_timeout 1 retry_timeout 2",
					"retry_timeout 2", "RETRY_TIMEOUT is given more than once"), "RETRY_TIMEOUT twice");
	TAP_OK(fails_at("create external function f() returns int volatile lambda 'f' iam_role default max_batch_rows 1 max_batch_rows 2",
					"max_batch_rows 2", "MAX_BATCH_ROWS is given more than once"), "MAX_BATCH_ROWS twice");
	TAP_OK(fails_at("create external function f() returns int volatile lambda 'f' iam_role default max_batch_size 1 max_batch_size 2",
					"max_batch_size 2", "MAX_BATCH_SIZE is given more than once"), "MAX_BATCH_SIZE twice");
	TAP_OK(fails_at("create external function f() returns int volatile lambda 'f' iam_role default max_batch_rows 1.5",
					"1.5", "a whole number of rows"), "a fractional MAX_BATCH_ROWS");
	TAP_OK(fails_at("create external function f() returns int volatile lambda 'f' iam_role default max_batch_rows 1e5",
					"1e5", "a whole number of rows"), "MAX_BATCH_ROWS 1e5 is not a whole number");
	TAP_OK(fails_at("create external function f() returns int volatile lambda 'f' iam_role default max_batch_size zz",
					"zz", "a whole number after MAX_BATCH_SIZE"), "a word as MAX_BATCH_SIZE");
	TAP_OK(parse("create external function f() returns int volatile lambda 'f' iam_role default retry_timeout 2147483648") == RSI_PARSE_OK &&
		   has_problem(RSI_PROB_OPTION_OUT_OF_RANGE), "RETRY_TIMEOUT above 2^31-1 is out of range");
	TAP_OK(parse("create external function f() returns int volatile lambda 'f' iam_role default retry_timeout 2147483647") == RSI_PARSE_OK &&
		   cmd.nproblems == 0, "RETRY_TIMEOUT 2^31-1 is in range");
	TAP_OK(parse("create external function f() returns int volatile lambda 'f' iam_role default max_batch_rows 99999999999999999999999") == RSI_PARSE_OK &&
		   has_problem(RSI_PROB_OPTION_OUT_OF_RANGE), "a 23-digit MAX_BATCH_ROWS saturates and is out of range");
	TAP_OK(parse("create external function f() returns int volatile lambda 'f' iam_role default max_batch_size 0 kb") == RSI_PARSE_OK &&
		   has_problem(RSI_PROB_OPTION_OUT_OF_RANGE) && strstr(cmd.problems[0].message, "found 0 KB") != NULL,
		   "MAX_BATCH_SIZE 0 KB is out of range");
	TAP_OK(fails_at("create external function f() returns int volatile lambda 'f' iam_role default bogus", "bogus", "an external function clause"),
		   "an unknown clause");
	TAP_OK(fails_at("create external function f() returns int volatile lambda 'f' iam_role default IAM_ROLE default",
					"IAM_ROLE", "IAM_ROLE is given more than once"),
		   "IAM_ROLE twice");
}

/* ---------- the JSON ---------- */

static void
test_json(void)
{
	const char *sql = "create external schema s from postgres database 'db' uri 'h' iam_role '" R1 "' secret_arn 'sa'";
	char	   *js;
	json_t	   *j;
	json_error_t je;

	TAP_OK(parse(sql) == RSI_PARSE_OK, "a schema with every string field");
	js = rsi_command_json_text(&cmd, sql, strlen(sql));
	j = js ? json_loads(js, 0, &je) : NULL;
	TAP_OK(j != NULL && strcmp(json_string_value(json_object_get(j, "kind")), "create_external_schema") == 0 &&
		   strcmp(json_string_value(json_object_get(j, "source")), "postgres") == 0 &&
		   strcmp(json_string_value(json_object_get(j, "secret_arn")), "sa") == 0 &&
		   strcmp(json_string_value(json_object_get(j, "location")), "db") == 0 &&
		   json_is_null(json_object_get(j, "access_key_id")) &&
		   json_is_null(json_object_get(j, "catalog_role")) &&
		   json_is_false(json_object_get(j, "session_token")) &&
		   json_integer_value(json_object_get(j, "line")) == 1 &&
		   json_array_size(json_object_get(j, "problems")) == 0,
		   "its JSON: %s", js ? js : "(null)");
	json_decref(j);
	free(js);

	/* a problem with no message (the parser always sets one; callers may build commands) */
	{
		rsi_command c;
		rsi_problem pr = {RSI_PROB_INVALID_ROLE_ARN, NULL, 3};
		const char *roles[1] = {"r"};

		memset(&c, 0, sizeof(c));
		c.kind = RSI_CMD_COPY;
		c.auth = RSI_AUTH_IAM_ROLE;
		c.roles = roles;
		c.nroles = 1;
		c.problems = &pr;
		c.nproblems = 1;
		js = rsi_command_json_text(&c, "a\nbcd", 5);
		TAP_IS_STR(js, "{\"kind\":\"copy\",\"auth_method\":\"iam_role\",\"roles\":[\"r\"],\"session_token\":false,"
				   "\"access_key_id\":null,\"location\":null,\"catalog_role\":null,\"secret_arn\":null,\"source\":null,"
				   "\"line\":1,\"col\":1,\"problems\":[{\"code\":\"invalid-role-arn\",\"message\":\"\",\"line\":2,\"col\":2}]}",
				   "a hand-built command with a NULL message: \"\"");
		free(js);
	}
}

/* ---------- names ---------- */

static void
test_names(void)
{
	TAP_IS_STR(rsi_cmd_kind_name(RSI_CMD_OTHER), "other", "kind other");
	TAP_IS_STR(rsi_cmd_kind_name((rsi_cmd_kind) 99), "other", "an unknown kind is other");
	TAP_IS_STR(rsi_auth_method_name(RSI_AUTH_IAM_ROLE_SESSION), "iam_role_session", "iam_role_session");
	TAP_IS_STR(rsi_auth_method_name(RSI_AUTH_ACCESS_KEYS), "access_keys", "access_keys");
	TAP_IS_STR(rsi_auth_method_name(RSI_AUTH_NONE), "none", "none");
	TAP_IS_STR(rsi_auth_method_name((rsi_auth_method) 99), "none", "an unknown method is none");
	TAP_IS_STR(rsi_schema_source_name(RSI_SRC_KINESIS), "kinesis", "kinesis");
	TAP_IS_STR(rsi_schema_source_name(RSI_SRC_MSK), "msk", "msk");
	TAP_IS_STR(rsi_schema_source_name(RSI_SRC_KAFKA), "kafka", "kafka");
	TAP_OK(rsi_schema_source_name(RSI_SRC_NONE) == NULL, "no source is NULL");
	TAP_OK(rsi_schema_source_name((rsi_schema_source) 99) == NULL, "an unknown source is NULL");
}

int
main(int argc, char **argv)
{
	(void) argc;
	(void) argv;
	test_cut_sweeps();
	test_parser_oom();
	test_json_oom();
	test_errors();
	test_json();
	test_names();
	arena_free();
	return tap_done();
}
