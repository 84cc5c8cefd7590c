/*
 * test_check.c — the check rules against a fake catalog, including the seed
 * scenario (two clusters from the management guide's create-cluster example).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "tap.h"

#define ROLE(n) "arn:aws:iam::123456789012:role/" n

static void *
test_alloc(void *ctx, size_t n)
{
	(void) ctx;
	return malloc(n);			/* short-lived test: not freed */
}

/* the seed's second cluster: MyRedshiftRole adding, Second in-sync, Third removing */
static rsi_assoc_status
fake_status(void *ctx, const char *arn, double *left)
{
	(void) ctx;
	if (left)
		*left = 3.2;
	if (strcmp(arn, ROLE("MyRedshiftRole")) == 0)
		return RSI_ASSOC_ADDING;
	if (strcmp(arn, ROLE("SecondRedshiftRole")) == 0)
		return RSI_ASSOC_IN_SYNC;
	if (strcmp(arn, ROLE("ThirdRedshiftRole")) == 0)
		return RSI_ASSOC_REMOVING;
	return RSI_ASSOC_NONE;
}

static void
fake_elsewhere(void *ctx, const char *arn, char *buf, size_t n)
{
	(void) ctx;
	snprintf(buf, n, "%s", strcmp(arn, ROLE("RedshiftCopyUnload")) == 0 ? "my-redshift-cluster" : "");
}

static rsi_cluster_view cl = {
	1, "my-second-redshift-cluster", "123456789012", "us-east-1", "available", NULL,
	fake_status, fake_elsewhere, NULL, 0, NULL
};
static rsi_check_options opt = {RSI_KEYS_MODE_WARN, "etl"};
static rsi_verdict v;
static rsi_command last;			/* the command check() parsed */

static const rsi_verdict *
check(const char *sql)
{
	rsi_alloc	al = {test_alloc, NULL};
	rsi_command cmd;
	rsi_parse_error err;

	if (rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &err) != RSI_PARSE_OK)
	{
		printf("#   parse failed: %s\n", err.message);
		memset(&v, 0, sizeof(v));
		v.rule = "parse-error";
		return &v;
	}
	rsi_check_command(&cmd, &cl, &opt, &v);
	last = cmd;
	return &v;
}

int
main(void)
{
	const char *keys_akia = "copy t from 'x' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 's'";
	const char *keys_asia = "copy t from 'x' access_key_id 'ASIAIOSFODNN7EXAMPLE' secret_access_key 's' session_token 't'";

	TAP_OK(check("copy t from 'x' iam_role '" ROLE("SecondRedshiftRole") "'")->allowed &&
		   strcmp(v.resolved_role, ROLE("SecondRedshiftRole")) == 0, "an in-sync role is allowed");
	TAP_OK(!check("copy t from 'x' iam_role '" ROLE("MyRedshiftRole") "'")->allowed &&
		   strcmp(v.rule, "role-adding") == 0 && strcmp(v.sqlstate, "28000") == 0 &&
		   strstr(v.detail, "about 4 s") != NULL, "a role still adding is refused, with the time left");
	TAP_IS_STR(v.message,
			   "User arn:aws:redshift:us-east-1:123456789012:dbuser:my-second-redshift-cluster/etl is not authorized to assume IAM Role arn:aws:iam::123456789012:role/MyRedshiftRole",
			   "the refusal is in Redshift's message form");
	TAP_OK(!check("copy t from 'x' iam_role '" ROLE("ThirdRedshiftRole") "'")->allowed &&
		   strcmp(v.rule, "role-removing") == 0, "a role being removed is refused");
	TAP_OK(!check("copy t from 'x' iam_role '" ROLE("RedshiftCopyUnload") "'")->allowed &&
		   strcmp(v.rule, "role-not-associated") == 0 && strstr(v.detail, "associated with: my-redshift-cluster") &&
		   strstr(v.hint, "modify_cluster_iam_roles('my-second-redshift-cluster', add_iam_roles => ARRAY['"),
		   "a role of the other cluster is refused; the detail says where it is, the hint how to fix it");
	TAP_OK(!check("copy t from 'x' iam_role '" ROLE("Nowhere") "'")->allowed &&
		   strstr(v.detail, "nor with any other cluster"), "a role associated nowhere");
	TAP_OK(check("copy t from 'x' iam_role '" ROLE("SecondRedshiftRole") ",arn:aws:iam::210987654321:role/Other'")->allowed,
		   "only the first role of a chain must be associated");
	TAP_OK(!check("copy t from 'x' iam_role '" ROLE("Nowhere") "," ROLE("SecondRedshiftRole") "'")->allowed,
		   "a chain whose first role is not associated is refused");
	TAP_OK(check("copy t from 'x' credentials 'aws_iam_role=" ROLE("SecondRedshiftRole") "'")->allowed,
		   "CREDENTIALS 'aws_iam_role=...' is checked like IAM_ROLE");
	TAP_OK(!check("copy t from 'x' iam_role '" ROLE("SecondRedshiftRole") ", " ROLE("X") "'")->allowed &&
		   strcmp(v.rule, "chain-has-spaces") == 0, "a command with a problem is refused");
	TAP_OK(!check("copy t from 'x' iam_role 'some_role'")->allowed && strcmp(v.rule, "role-name-not-arn") == 0,
		   "an invalid ARN is refused");

	TAP_OK(!check("copy t from 'x' iam_role default")->allowed && strcmp(v.rule, "no-default-role") == 0,
		   "IAM_ROLE default without a default role is refused");
	cl.default_role = ROLE("SecondRedshiftRole");
	TAP_OK(check("unload ('q') to 'x' iam_role default")->allowed &&
		   strcmp(v.resolved_role, ROLE("SecondRedshiftRole")) == 0, "IAM_ROLE default resolves to the default role");
	cl.default_role = ROLE("MyRedshiftRole");
	TAP_OK(!check("copy t from 'x' iam_role default")->allowed && strcmp(v.rule, "role-adding") == 0,
		   "the default role must itself be in-sync");
	cl.default_role = NULL;

	TAP_OK(check(keys_akia)->allowed && v.warning, "access_keys=warn: AKIA allowed with a warning");
	TAP_OK(check(keys_asia)->allowed && !v.warning, "access_keys=warn: ASIA with a token allowed silently");
	opt.keys_mode = RSI_KEYS_MODE_TEMPORARY;
	TAP_OK(!check(keys_akia)->allowed && strcmp(v.rule, "access-keys-refused") == 0,
		   "access_keys=temporary: AKIA refused");
	TAP_OK(check(keys_asia)->allowed, "access_keys=temporary: ASIA with a token allowed");
	opt.keys_mode = RSI_KEYS_MODE_DENY;
	TAP_OK(!check(keys_asia)->allowed, "access_keys=deny: even temporary keys refused");
	opt.keys_mode = RSI_KEYS_MODE_ALLOW;
	TAP_OK(check(keys_akia)->allowed && !v.warning, "access_keys=allow: AKIA allowed silently");
	TAP_OK(strstr(v.message, "wJalr") == NULL, "no secret in any verdict text");
	opt.keys_mode = RSI_KEYS_MODE_WARN;

	TAP_OK(check("create external schema s from redshift database 'db'")->allowed,
		   "a command with no IAM role needs no association");
	cl.status = "creating";
	TAP_OK(!check("copy t from 'x' iam_role '" ROLE("SecondRedshiftRole") "'")->allowed &&
		   strcmp(v.sqlstate, "55000") == 0, "a cluster that is still creating refuses commands");
	cl.status = "available";
	cl.found = 0;
	TAP_OK(!check("copy t from 'x' iam_role default")->allowed && strcmp(v.sqlstate, "42704") == 0 &&
		   strcmp(v.message, "Cluster my-second-redshift-cluster not found.") == 0, "an unknown cluster");
	TAP_OK(!check("  copy t from 'x' iam_role '" ROLE("Nowhere") "'")->allowed &&
		   rsi_verdict_pos(&last, &v) == 2, "where a refusal points: an unknown cluster, the command's first token");
	cl.found = 1;

	/* where a refusal or warning points (the CLI's line:col, validate_script's line and col) */
	TAP_OK(!check("copy t from 'x'\n  iam_role '" ROLE("Nowhere") "'")->allowed &&
		   rsi_verdict_pos(&last, &v) == 18, "a refused role: its IAM_ROLE clause");
	TAP_OK(!check("copy t from 'x' iam_role '" ROLE("SecondRedshiftRole") ", " ROLE("X") "'")->allowed &&
		   rsi_verdict_pos(&last, &v) == last.problems[0].off && last.problems[0].off > 16,
		   "a command with a problem: the first problem");
	TAP_OK(check("copy t from 'x' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 's'")->warning &&
		   rsi_verdict_pos(&last, &v) == 16, "a warning for a long-term key: the key clause");
	cl.status = "creating";
	TAP_OK(!check("copy t from 'x' iam_role '" ROLE("SecondRedshiftRole") "'")->allowed &&
		   rsi_verdict_pos(&last, &v) == 0, "a cluster that is not available: the command's first token");
	cl.status = "available";
	return tap_done();
}
