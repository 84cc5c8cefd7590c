/*
 * test_messages.c — messages the core writes into fixed buffers are valid
 * UTF-8 however long the values in them (cut between characters, never
 * inside one), and SQL shown in a hint quotes its values as SQL string
 * literals: rsi_utf8_clip, rsi_utf8_snprintf, rsi_sql_literal, and the
 * verdicts of rsi_check_command and the errors of rsi_describe_parse that
 * use them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "cluster/describe.h"
#include "util/utf8.h"
#include "tap.h"

#include "arena.h"

#define ACCT "123456789012"

static int
valid_utf8(const char *s)
{
	return rsi_utf8_valid_prefix(s, strlen(s)) == strlen(s);
}

static void
test_clip(void)
{
	TAP_IS_INT(rsi_utf8_clip("abc", 3), 3, "clip: ASCII is never cut");
	TAP_IS_INT(rsi_utf8_clip("", 0), 0, "clip: nothing");
	TAP_IS_INT(rsi_utf8_clip("a\xc3\xa9", 3), 3, "clip: a whole 2-byte character stays");
	TAP_IS_INT(rsi_utf8_clip("a\xc3", 2), 1, "clip: a lone lead byte goes");
	TAP_IS_INT(rsi_utf8_clip("a\xe2\x82\xac", 4), 4, "clip: a whole 3-byte character stays");
	TAP_IS_INT(rsi_utf8_clip("a\xe2\x82", 3), 1, "clip: 2 of 3 bytes go");
	TAP_IS_INT(rsi_utf8_clip("a\xe2", 2), 1, "clip: 1 of 3 bytes goes");
	TAP_IS_INT(rsi_utf8_clip("a\xf0\x9f\x98\x80", 5), 5, "clip: a whole 4-byte character stays");
	TAP_IS_INT(rsi_utf8_clip("a\xf0\x9f\x98", 4), 1, "clip: 3 of 4 bytes go");
	TAP_IS_INT(rsi_utf8_clip("a\x80\x80\x80\x80", 5), 5,
			   "clip: stray continuation bytes are not a cut (not its business)");
}

static void
test_snprintf(void)
{
	char		buf[16];
	char		value[64];
	size_t		size;
	int			cut;
	int			all_valid = 1;
	int			all_cut = 1;

	/* every buffer size across 2-, 3- and 4-byte characters */
	snprintf(value, sizeof(value), "x\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	for (size = 1; size <= sizeof(buf); size++)
	{
		cut = rsi_utf8_snprintf(buf, size, "%s", value);
		if (!valid_utf8(buf))
		{
			all_valid = 0;
			printf("#   size %zu: invalid \"%s\"\n", size, buf);
		}
		if (!cut || strncmp(buf, value, strlen(buf)) != 0)
			all_cut = 0;
	}
	TAP_OK(all_valid, "snprintf: every buffer size from 1 to 16 leaves valid UTF-8");
	TAP_OK(all_cut, "snprintf: each says it cut, and keeps a prefix of the text");
	TAP_IS_INT(rsi_utf8_snprintf(buf, sizeof(buf), "a%sb", "\xc3\xa9"), 0, "snprintf: what fits is not cut");
	TAP_IS_STR(buf, "a\xc3\xa9" "b", "snprintf: ... and is all there");
	TAP_IS_INT(rsi_utf8_snprintf(buf, 4, "%s", "ab\xc3\xa9"), 1, "snprintf: 4 bytes of ab+e-acute");
	TAP_IS_STR(buf, "ab", "snprintf: the e-acute that does not fit whole is left out");
	TAP_IS_INT(rsi_utf8_snprintf(buf, 0, "%s", "x"), 1, "snprintf: no room at all is a cut");
}

static void
test_sql_literal(void)
{
	char		out[32];

	TAP_IS_INT(rsi_sql_literal(out, sizeof(out), "c1"), 0, "literal: plain");
	TAP_IS_STR(out, "'c1'", "literal: between single quotes");
	TAP_IS_INT(rsi_sql_literal(out, sizeof(out), "o'brien"), 0, "literal: a quote");
	TAP_IS_STR(out, "'o''brien'", "literal: the quote doubled");
	TAP_IS_INT(rsi_sql_literal(out, sizeof(out), "a\\b"), 0, "literal: a backslash");
	TAP_IS_STR(out, "'a\\b'", "literal: a backslash as it is (standard strings, no E'')");
	TAP_IS_INT(rsi_sql_literal(out, sizeof(out), ""), 0, "literal: empty");
	TAP_IS_STR(out, "''", "literal: empty is ''");
	TAP_IS_INT(rsi_sql_literal(out, 6, "abc"), 0, "literal: exactly fits ('abc' and NUL in 6)");
	TAP_IS_INT(rsi_sql_literal(out, 5, "abc"), -1, "literal: one byte short");
	TAP_IS_STR(out, "", "literal: nothing half-written");
	TAP_IS_INT(rsi_sql_literal(out, 6, "ab'"), -1, "literal: the doubled quote counts");
	TAP_IS_INT(rsi_sql_literal(out, 2, ""), -1, "literal: no room for the quotes");
}

/* ---------- verdicts ---------- */

static rsi_assoc_status
no_assoc(void *ctx, const char *arn, double *left)
{
	(void) ctx;
	(void) arn;
	if (left)
		*left = 0;
	return RSI_ASSOC_NONE;
}

static rsi_assoc_status
removing(void *ctx, const char *arn, double *left)
{
	(void) ctx;
	(void) arn;
	if (left)
		*left = 0;
	return RSI_ASSOC_REMOVING;
}

static rsi_verdict v;

static void
check_with(const char *sql, const char *identifier,
		   rsi_assoc_status (*status) (void *, const char *, double *))
{
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_command cmd;
	rsi_parse_error err;
	rsi_cluster_view cl = {1, identifier, ACCT, "us-east-1", "available", NULL, status, NULL, NULL, 0, NULL};
	rsi_check_options opt = {RSI_KEYS_MODE_WARN, "etl"};

	arena_free();
	memset(&v, 0, sizeof(v));
	if (rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &err) == RSI_PARSE_OK)
		rsi_check_command(&cmd, &cl, &opt, &v);
	else
		printf("#   parse failed: %s\n", err.message);
}

static void
test_verdicts(void)
{
	char		sql[4096];
	char		role[2048];
	int			pad;
	int			all_valid = 1;

	/* a role of 600 e-acutes: the message, at every alignment, is valid UTF-8 */
	for (pad = 0; pad < 4; pad++)
	{
		size_t		o;
		int			i;

		o = (size_t) snprintf(role, sizeof(role), "arn:aws:iam::" ACCT ":role/%.*s", pad, "xxx");
		for (i = 0; i < 600; i++)
			o += (size_t) snprintf(role + o, sizeof(role) - o, "\xc3\xa9");
		snprintf(sql, sizeof(sql), "copy t from 's3://b/x' iam_role '%s'", role);
		check_with(sql, "c1", no_assoc);
		if (v.allowed || strlen(v.message) < 1000 || !valid_utf8(v.message) ||
			!valid_utf8(v.detail) || !valid_utf8(v.hint))
		{
			all_valid = 0;
			printf("#   pad %d: allowed %d, message %zu bytes, valid %d/%d/%d\n", pad, v.allowed,
				   strlen(v.message), valid_utf8(v.message), valid_utf8(v.detail), valid_utf8(v.hint));
		}
	}
	TAP_OK(all_valid, "a refused role of 600 e-acutes: message (cut near 1 KB), detail and hint are valid UTF-8");

	/* a role path may hold a quote: the hint's SQL quotes it */
	check_with("copy t from 's3://b/x' iam_role 'arn:aws:iam::" ACCT ":role/o''p/R'", "c1", no_assoc);
	TAP_OK(!v.allowed && strcmp(v.rule, "role-not-associated") == 0, "a role whose path holds a quote, not associated");
	TAP_IS_STR(v.hint, "Associate it first: SELECT redshift_iam.modify_cluster_iam_roles('c1', add_iam_roles => "
			   "ARRAY['arn:aws:iam::" ACCT ":role/o''p/R']);", "  the hint's SQL doubles the quote");
	check_with("copy t from 's3://b/x' iam_role 'arn:aws:iam::" ACCT ":role/o''p/R'", "c'1", removing);
	TAP_IS_STR(v.hint, "To keep using it, associate it again: SELECT redshift_iam.modify_cluster_iam_roles('c''1', "
			   "add_iam_roles => ARRAY['arn:aws:iam::" ACCT ":role/o''p/R']);",
			   "  being removed: both values quoted");
	check_with("copy t from 's3://b/x' iam_role default", "c'1", no_assoc);
	TAP_IS_STR(v.hint, "Set one: SELECT redshift_iam.modify_cluster_iam_roles('c''1', default_iam_role_arn => "
			   "'<role ARN>');", "  no default role: the identifier quoted");

	/* SQL that does not fit is not shown cut: a hint without SQL instead */
	{
		char		path[700];

		memset(path, '\'', 480);
		path[480] = '\0';
		snprintf(role, sizeof(role), "arn:aws:iam::" ACCT ":role/%s/R", path);
		/* each quote doubled in the command text, and again in the literal */
		{
			size_t		o = 0,
						i;

			o = (size_t) snprintf(sql, sizeof(sql), "copy t from 's3://b/x' iam_role '");
			for (i = 0; role[i]; i++)
			{
				if (role[i] == '\'')
					sql[o++] = '\'';
				sql[o++] = role[i];
			}
			snprintf(sql + o, sizeof(sql) - o, "'");
		}
		check_with(sql, "c1", no_assoc);
		TAP_OK(!v.allowed && strcmp(v.rule, "role-not-associated") == 0,
			   "a role whose path is 480 quotes, not associated (rule %s)", v.rule ? v.rule : "none");
		TAP_IS_STR(v.hint, "Associate it first with redshift_iam.modify_cluster_iam_roles().",
				   "  its quoted ARN does not fit in the hint: no SQL, rather than SQL cut in half");
	}
}

static void
test_describe(void)
{
	char		text[4096];
	char		arn[1024];
	char		err[512];
	rsi_describe_doc doc;
	size_t		o;
	int			i;
	int			all_valid = 1;
	int			pad;

	for (pad = 0; pad < 2; pad++)
	{
		o = (size_t) snprintf(arn, sizeof(arn), "%.*s", pad, "x");
		for (i = 0; i < 100; i++)
			o += (size_t) snprintf(arn + o, sizeof(arn) - o, "\xc3\xa9");
		snprintf(text, sizeof(text),
				 "{\"Clusters\": [{\"ClusterIdentifier\": \"c1\", \"NodeType\": \"dc2.large\", "
				 "\"NumberOfNodes\": 1, \"IamRoles\": [{\"IamRoleArn\": \"%s\", \"ApplyStatus\": \"in-sync\"}]}]}",
				 arn);
		err[0] = '\0';
		if (rsi_describe_parse(text, strlen(text), NULL, &doc, err, sizeof(err)) == 0)
		{
			rsi_describe_free(&doc);
			all_valid = 0;
			printf("#   pad %d: accepted\n", pad);
		}
		else if (!valid_utf8(err) || strstr(err, "...\" is not a valid IAM role ARN") == NULL)
		{
			all_valid = 0;
			printf("#   pad %d: %s\n", pad, err);
		}
	}
	TAP_OK(all_valid, "describe: an ARN of 100 e-acutes is shown as an excerpt with ..., valid UTF-8");

	snprintf(text, sizeof(text),
			 "{\"Clusters\": [{\"ClusterIdentifier\": \"x%s\", \"NodeType\": \"dc2.large\", \"NumberOfNodes\": 1}]}",
			 arn);
	TAP_OK(rsi_describe_parse(text, strlen(text), NULL, &doc, err, sizeof(err)) != 0 && valid_utf8(err) &&
		   strstr(err, "...\" is not a valid cluster identifier") != NULL,
		   "describe: a cluster identifier of e-acutes likewise (%s)", err);
	snprintf(text, sizeof(text),
			 "{\"Clusters\": [{\"ClusterIdentifier\": \"c1\", \"NodeType\": \"dc2.large\", \"NumberOfNodes\": 1, "
			 "\"ClusterStatus\": \"x%s\"}]}", arn);
	TAP_OK(rsi_describe_parse(text, strlen(text), NULL, &doc, err, sizeof(err)) != 0 && valid_utf8(err) &&
		   strstr(err, "...\" is not a cluster status") != NULL,
		   "describe: a cluster status of e-acutes likewise (%s)", err);

	/* the error buffer itself too small: cut between characters */
	snprintf(text, sizeof(text),
			 "{\"Clusters\": [{\"ClusterIdentifier\": \"c1\", \"NodeType\": \"dc2.large\", \"NumberOfNodes\": 1, "
			 "\"ClusterStatus\": \"%s\"}]}", arn);
	all_valid = 1;
	for (o = 1; o < 120; o++)
	{
		if (rsi_describe_parse(text, strlen(text), NULL, &doc, err, o) == 0)
		{
			rsi_describe_free(&doc);
			all_valid = 0;
		}
		else if (!valid_utf8(err))
		{
			all_valid = 0;
			printf("#   error buffer of %zu bytes: invalid\n", o);
		}
	}
	TAP_OK(all_valid, "describe: an error buffer of any size from 1 to 119 bytes holds valid UTF-8");
}

int
main(int argc, char **argv)
{
	(void) argc;
	(void) argv;
	test_clip();
	test_snprintf();
	test_sql_literal();
	test_verdicts();
	test_describe();
	arena_free();
	return tap_done();
}
