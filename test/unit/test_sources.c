/*
 * test_sources.c — every cell of CREATE EXTERNAL SCHEMA's per-source
 * required/forbidden table.
 *
 * The expected table below is written from Redshift's CREATE EXTERNAL SCHEMA
 * reference page, not copied
 * from parse_external.c, so a wrong entry in the parser's table fails
 * here.  For each source: a minimal valid statement parses; leaving out
 * each required clause is a grammar error naming it (at the end of the
 * statement); adding each clause the source does not take is a grammar
 * error naming it (at the clause); adding each optional clause still
 * parses.  Then the rules that are not a plain table cell: IAM_ROLE
 * 'SESSION', chains, no CREDENTIALS or keys, and
 * the streaming sources' AUTHENTICATION modes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/command.h"
#include "command_util.h"
#include "tap.h"

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

#define has_problem(code) command_has_problem(&cmd, (code))

#define R1 "arn:aws:iam::123456789012:role/R1"
#define R2 "arn:aws:iam::123456789012:role/R2"

enum
{
	DATABASE,
	SCHEMA,
	REGION,
	URI,
	PORT,
	IAM_ROLE,
	CATALOG_ROLE,
	SECRET_ARN,
	CATALOG_ID,
	AUTHENTICATION,
	AUTHENTICATION_ARN,
	CLUSTER_ARN,
	CREATE_DB,
	NCLAUSES
};

#define B(c) (1u << (c))

/* the clause as named in messages, and a well-formed instance of it */
static const struct
{
	const char *name;
	const char *text;
}			clauses[NCLAUSES] = {
	{"DATABASE", "database 'db'"},
	{"SCHEMA", "schema 'sc'"},
	{"REGION", "region 'us-west-2'"},
	{"URI", "uri 'host.example.com'"},
	{"PORT", "port 5432"},
	{"IAM_ROLE", "iam_role '" R1 "'"},
	{"CATALOG_ROLE", "catalog_role '" R2 "'"},
	{"SECRET_ARN", "secret_arn 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s'"},
	{"CATALOG_ID", "catalog_id '123456789012'"},
	{"AUTHENTICATION", "authentication none"},
	{"AUTHENTICATION_ARN", "authentication_arn 'arn:aws:acm:us-east-1:123456789012:certificate/c'"},
	{"CLUSTER_ARN", "cluster_arn 'arn:aws:kafka:us-east-1:123456789012:cluster/c/x'"},
	{"CREATE EXTERNAL DATABASE", "create external database if not exists"},
};

/*
 * The reference page's clauses, source by source.  "allowed" is every clause that applies
 * (the required ones included); anything else is forbidden.
 *
 * Required, from the reference page: HIVE's URI and POSTGRES's SECRET_ARN say
 * "(required)"; DATABASE names the external database and has no default
 * for the sources that list it; URI (the host) has no default for
 * POSTGRES, MYSQL and KAFKA; MYSQL takes SECRET_ARN as POSTGRES does;
 * IAM_ROLE is the role clause of DATA CATALOG, HIVE, POSTGRES, MYSQL and
 * KINESIS ("only"), and of MSK and KAFKA only with AUTHENTICATION iam
 * (KAFKA ... AUTHENTICATION none has no IAM_ROLE in the corpus; checked
 * below); REDSHIFT has no role clause at all.  Clauses with a default
 * (PORT, POSTGRES's SCHEMA, CATALOG_ROLE) or a condition (REGION,
 * CATALOG_ID, CREATE EXTERNAL DATABASE) are optional.  REDSHIFT's SCHEMA
 * has no stated default but is not marked required either (the page
 * marks few clauses, e.g. MYSQL's PORT is unmarked and optional), so it is
 * tested as optional.  MSK takes AUTHENTICATION and CLUSTER_ARN, and
 * also URI (the bootstrap URL), which newer Redshift accepts for MSK as for
 * KAFKA (newer syntax, not on the 2023 page): an authorization checker must not
 * refuse a statement Redshift runs.
 */
static const struct
{
	const char *from;			/* text after the schema name */
	const char *name;			/* the source as messages name it */
	rsi_schema_source src;
	unsigned	required;
	unsigned	allowed;
}			sources[] = {
	{"", "DATA CATALOG", RSI_SRC_DATA_CATALOG,
		B(DATABASE) | B(IAM_ROLE),
	B(DATABASE) | B(REGION) | B(IAM_ROLE) | B(CATALOG_ROLE) | B(CATALOG_ID) | B(CREATE_DB)},
	{"from data catalog", "DATA CATALOG", RSI_SRC_DATA_CATALOG,
		B(DATABASE) | B(IAM_ROLE),
	B(DATABASE) | B(REGION) | B(IAM_ROLE) | B(CATALOG_ROLE) | B(CATALOG_ID) | B(CREATE_DB)},
	{"from hive metastore", "HIVE METASTORE", RSI_SRC_HIVE_METASTORE,
		B(DATABASE) | B(URI) | B(IAM_ROLE),
	B(DATABASE) | B(URI) | B(PORT) | B(IAM_ROLE)},
	{"from postgres", "POSTGRES", RSI_SRC_POSTGRES,
		B(DATABASE) | B(URI) | B(IAM_ROLE) | B(SECRET_ARN),
	B(DATABASE) | B(SCHEMA) | B(URI) | B(PORT) | B(IAM_ROLE) | B(SECRET_ARN)},
	{"from mysql", "MYSQL", RSI_SRC_MYSQL,
		B(DATABASE) | B(URI) | B(IAM_ROLE) | B(SECRET_ARN),
	B(DATABASE) | B(URI) | B(PORT) | B(IAM_ROLE) | B(SECRET_ARN)},
	{"from kinesis", "KINESIS", RSI_SRC_KINESIS,
		B(IAM_ROLE),
	B(IAM_ROLE)},
	{"from msk", "MSK", RSI_SRC_MSK,
		B(AUTHENTICATION),
	B(AUTHENTICATION) | B(CLUSTER_ARN) | B(URI) | B(IAM_ROLE)},
	{"from kafka", "KAFKA", RSI_SRC_KAFKA,
		B(AUTHENTICATION) | B(URI),
	B(AUTHENTICATION) | B(URI) | B(IAM_ROLE) | B(AUTHENTICATION_ARN) | B(SECRET_ARN)},
	{"from redshift", "REDSHIFT", RSI_SRC_REDSHIFT,
		B(DATABASE),
	B(DATABASE) | B(SCHEMA)},
};

#define NSOURCES (sizeof(sources) / sizeof(sources[0]))

/*
 * "create external schema s <from> <clause>..." with the clauses of mask
 * except 'leave_out', then 'extra' appended; *extra_off is where it
 * starts.  CATALOG_ID is only valid with IAM_ROLE 'SESSION', so a
 * statement that may take CATALOG_ID says 'SESSION' when it adds it.
 */
static const char *
statement(size_t si, unsigned mask, int leave_out, int extra, size_t *extra_off)
{
	static char buf[2048];
	int			c;
	int			session = (extra == CATALOG_ID && (sources[si].allowed & B(CATALOG_ID)));

	snprintf(buf, sizeof(buf), "create external schema s %s", sources[si].from);
	for (c = 0; c < NCLAUSES; c++)
	{
		if (!(mask & B(c)) || c == leave_out)
			continue;
		strcat(buf, " ");
		strcat(buf, c == IAM_ROLE && session ? "iam_role 'SESSION'" : clauses[c].text);
	}
	if (extra >= 0)
	{
		strcat(buf, " ");
		if (extra_off)
			*extra_off = strlen(buf);
		strcat(buf, clauses[extra].text);
	}
	return buf;
}

static void
test_table(void)
{
	size_t		si;

	for (si = 0; si < NSOURCES; si++)
	{
		unsigned	req = sources[si].required;
		const char *src = sources[si].from[0] ? sources[si].from : "(no FROM)";
		const char *sql;
		int			c;

		sql = statement(si, req, -1, -1, NULL);
		TAP_OK(parse(sql) == RSI_PARSE_OK && cmd.source == sources[si].src && cmd.nproblems == 0,
			   "%s: the minimal statement parses: %s%s%s", src, sql,
			   cmd.nproblems ? " -- problem: " : "", cmd.nproblems ? cmd.problems[0].message : "");

		for (c = 0; c < NCLAUSES; c++)
		{
			char		want[160];
			size_t		off = 0;
			rsi_parse_status st;

			if (req & B(c))
			{
				/* leave it out: an error at the end that names it */
				sql = statement(si, req, c, -1, NULL);
				st = parse(sql);
				snprintf(want, sizeof(want), "FROM %s requires %s: expected ", sources[si].name, clauses[c].name);
				TAP_OK(st == RSI_PARSE_SYNTAX && err.off == strlen(sql) && strstr(err.message, want) &&
					   strstr(err.message, "found end of input"),
					   "%s: %s is required (%s)", src, clauses[c].name,
					   st == RSI_PARSE_SYNTAX ? err.message : "parsed");
			}
			else if (sources[si].allowed & B(c))
			{
				/* optional: adding it still parses */
				sql = statement(si, req, -1, c, NULL);
				st = parse(sql);
				TAP_OK(st == RSI_PARSE_OK, "%s: %s is allowed (%s)", src, clauses[c].name,
					   st == RSI_PARSE_OK ? "ok" : err.message);
			}
			else
			{
				/* forbidden: an error at the clause that names it */
				sql = statement(si, req, -1, c, &off);
				st = parse(sql);
				snprintf(want, sizeof(want), "%s is not allowed in CREATE EXTERNAL SCHEMA ... FROM %s",
						 clauses[c].name, sources[si].name);
				TAP_OK(st == RSI_PARSE_SYNTAX && err.off == off && strstr(err.message, want),
					   "%s: %s is not allowed (%s)", src, clauses[c].name,
					   st == RSI_PARSE_SYNTAX ? err.message : "parsed");
			}
		}
	}
}

static void
test_other_rules(void)
{
	size_t		si;

	for (si = 0; si < NSOURCES; si++)
	{
		const char *src = sources[si].from[0] ? sources[si].from : "(no FROM)";
		char		sql[2048];
		rsi_parse_status st;

		/* roles are the only authorization */
		snprintf(sql, sizeof(sql), "%s credentials 'aws_iam_role=" R1 "'",
				 statement(si, sources[si].required & ~B(IAM_ROLE), -1, -1, NULL));
		st = parse(sql);
		TAP_OK(st == RSI_PARSE_SYNTAX && strstr(err.message, "CREDENTIALS is not allowed in CREATE EXTERNAL SCHEMA"),
			   "%s: CREDENTIALS is rejected", src);
		snprintf(sql, sizeof(sql), "%s access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 's'",
				 statement(si, sources[si].required & ~B(IAM_ROLE), -1, -1, NULL));
		st = parse(sql);
		TAP_OK(st == RSI_PARSE_SYNTAX && strstr(err.message, "ACCESS_KEY_ID is not allowed in CREATE EXTERNAL SCHEMA"),
			   "%s: access keys are rejected", src);

		if (!(sources[si].allowed & B(IAM_ROLE)))
			continue;

		/* 'SESSION' only with DATA CATALOG */
		snprintf(sql, sizeof(sql), "%s iam_role 'SESSION'",
				 statement(si, sources[si].required & ~B(IAM_ROLE), -1, -1, NULL));
		st = parse(sql);
		if (strcmp(sources[si].name, "DATA CATALOG") == 0)
			TAP_OK(st == RSI_PARSE_OK && cmd.auth == RSI_AUTH_IAM_ROLE_SESSION,
				   "%s: IAM_ROLE 'SESSION' is allowed", src);
		else
			TAP_OK(st == RSI_PARSE_SYNTAX && strstr(err.message, "'SESSION' is allowed only in") &&
				   strstr(err.message, "DATA CATALOG"),
				   "%s: IAM_ROLE 'SESSION' is rejected", src);

		/* chains in DATA CATALOG; a single 'arn' for POSTGRES, MYSQL, KINESIS, MSK */
		snprintf(sql, sizeof(sql), "%s iam_role '" R1 "," R2 "'",
				 statement(si, sources[si].required & ~B(IAM_ROLE), -1, -1, NULL));
		st = parse(sql);
		if (strcmp(sources[si].name, "DATA CATALOG") == 0)
			TAP_OK(st == RSI_PARSE_OK && cmd.nroles == 2 && cmd.nproblems == 0,
				   "%s: an IAM_ROLE chain is allowed", src);
		else if (strcmp(sources[si].name, "POSTGRES") == 0 || strcmp(sources[si].name, "MYSQL") == 0 ||
				 strcmp(sources[si].name, "KINESIS") == 0 || strcmp(sources[si].name, "MSK") == 0)
			TAP_OK(st == RSI_PARSE_OK && has_problem(RSI_PROB_CHAIN_NOT_ALLOWED),
				   "%s: IAM_ROLE takes a single role ARN (chain-not-allowed)", src);
	}

	/* CATALOG_ROLE chains and 'SESSION' */
	TAP_OK(parse("create external schema s from data catalog database 'db' iam_role '" R1 "' catalog_role '" R1 "," R2 "'")
		   == RSI_PARSE_OK && cmd.nproblems == 0, "a CATALOG_ROLE chain");
	TAP_OK(parse("create external schema s database 'db' iam_role 'SESSION' catalog_role 'SESSION'") == RSI_PARSE_OK,
		   "CATALOG_ROLE 'SESSION'");
	TAP_OK(parse("create external schema s database 'db' iam_role '" R1 "' catalog_id '123456789012'") == RSI_PARSE_SYNTAX &&
		   strstr(err.message, "CATALOG_ID is allowed only with IAM_ROLE 'SESSION'"),
		   "CATALOG_ID only with SESSION federation");

	/* the streaming sources' AUTHENTICATION */
	TAP_OK(parse("create external schema s from msk authentication iam cluster_arn 'c'") == RSI_PARSE_SYNTAX &&
		   strstr(err.message, "FROM MSK requires IAM_ROLE"), "MSK: AUTHENTICATION iam requires IAM_ROLE");
	TAP_OK(parse("create external schema s from msk authentication iam iam_role default cluster_arn 'c'") == RSI_PARSE_OK,
		   "MSK: AUTHENTICATION iam with IAM_ROLE");
	TAP_OK(parse("create external schema s from msk authentication mtls") == RSI_PARSE_SYNTAX &&
		   strstr(err.message, "none or iam after AUTHENTICATION"), "MSK: AUTHENTICATION is none or iam");
	TAP_OK(parse("create external schema s from kafka authentication iam uri 'u'") == RSI_PARSE_SYNTAX &&
		   strstr(err.message, "FROM KAFKA requires IAM_ROLE"), "KAFKA: AUTHENTICATION iam requires IAM_ROLE");
	TAP_OK(parse("create external schema s from kafka uri 'u'") == RSI_PARSE_SYNTAX &&
		   strstr(err.message, "expected AUTHENTICATION none, iam or mtls"), "KAFKA: the missing AUTHENTICATION names mtls");
	TAP_OK(parse("create external schema s from kafka authentication mtls uri 'u'") == RSI_PARSE_SYNTAX &&
		   strstr(err.message, "AUTHENTICATION mtls requires AUTHENTICATION_ARN or SECRET_ARN"),
		   "KAFKA: mtls requires AUTHENTICATION_ARN or SECRET_ARN");
	TAP_OK(parse("create external schema s from kafka authentication mtls uri 'u' authentication_arn 'a'") == RSI_PARSE_OK &&
		   parse("create external schema s from kafka authentication mtls uri 'u' secret_arn 'a'") == RSI_PARSE_OK,
		   "KAFKA: mtls with AUTHENTICATION_ARN or SECRET_ARN");
	TAP_OK(parse("create external schema s from redshift database 'db' schema 'public'") == RSI_PARSE_OK &&
		   cmd.auth == RSI_AUTH_NONE && cmd.source == RSI_SRC_REDSHIFT, "FROM REDSHIFT with no IAM_ROLE");
}

int
main(void)
{
	test_table();
	test_other_rules();
	return tap_done();
}
