/*
 * test_cov_check.c — the check rules of src/core/check/check.c, for branch
 * coverage: every verdict's exact message, detail, hint, rule and
 * SQLSTATE; the order of the rules (cluster, then problems, then the
 * authorization); no db_user; no role_elsewhere callback; an unknown
 * time left; and that values no parser produces (an unknown association
 * status or authorization kind) are refused, not allowed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "tap.h"

#define ACCT "123456789012"
#define ROLE(n) "arn:aws:iam::" ACCT ":role/" n
#define DBUSER(u) "User arn:aws:redshift:eu-west-1:" ACCT ":dbuser:c1/" u

/* ---------- an arena that frees ---------- */

#include "arena.h"

/* ---------- a fake catalog ---------- */

static double time_left = 2.4;	/* what role_status reports for an adding role */
static int	bogus_status = 0;	/* role_status answers an out-of-range value */

static rsi_assoc_status
fake_status(void *ctx, const char *arn, double *left)
{
	(void) ctx;
	if (left)
		*left = time_left;
	if (bogus_status)
		return (rsi_assoc_status) 42;
	if (strcmp(arn, ROLE("InSync")) == 0)
		return RSI_ASSOC_IN_SYNC;
	if (strcmp(arn, ROLE("Adding")) == 0)
		return RSI_ASSOC_ADDING;
	if (strcmp(arn, ROLE("Removing")) == 0)
		return RSI_ASSOC_REMOVING;
	return RSI_ASSOC_NONE;
}

static void
fake_elsewhere(void *ctx, const char *arn, char *buf, size_t n)
{
	(void) ctx;
	snprintf(buf, n, "%s", strcmp(arn, ROLE("Other")) == 0 ? "c2, c3" : "");
}

static rsi_cluster_view cl;
static rsi_check_options opt;
static rsi_verdict v;

static void
reset(void)
{
	rsi_cluster_view c = {1, "c1", ACCT, "eu-west-1", "available", NULL,
	fake_status, fake_elsewhere, NULL, 0, NULL};
	rsi_check_options o = {RSI_KEYS_MODE_WARN, "etl"};

	cl = c;
	opt = o;
	time_left = 2.4;
	bogus_status = 0;
}

/* Parse sql and check it; on a parse failure the verdict's rule says so. */
static const rsi_verdict *
check(const char *sql)
{
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_command cmd;
	rsi_parse_error err;

	arena_free();
	if (rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &err) != RSI_PARSE_OK)
	{
		printf("#   parse failed: %s\n", err.message);
		memset(&v, 0, sizeof(v));
		v.rule = "parse-error";
		return &v;
	}
	rsi_check_command(&cmd, &cl, &opt, &v);
	return &v;
}

/* Check a command built by hand (forms the parser does not produce). */
static const rsi_verdict *
check_cmd(rsi_cmd_kind kind, rsi_auth_method auth, const char *key_id, int token)
{
	rsi_command cmd;

	memset(&cmd, 0, sizeof(cmd));
	cmd.kind = kind;
	cmd.auth = auth;
	cmd.access_key_id = key_id;
	cmd.session_token = token;
	rsi_check_command(&cmd, &cl, &opt, &v);
	return &v;
}

static int
denied(const char *rule, const char *sqlstate)
{
	int			ok = !v.allowed && !v.warning && strcmp(v.rule, rule) == 0 &&
		strcmp(v.sqlstate, sqlstate) == 0;

	if (!ok)
		printf("#   allowed %d warning %d rule %s sqlstate %s\n", v.allowed, v.warning, v.rule, v.sqlstate);
	return ok;
}

static int
allowed_clean(void)
{
	return v.allowed && !v.warning && strcmp(v.sqlstate, "00000") == 0 && strcmp(v.rule, "ok") == 0 &&
		v.message[0] == '\0' && v.detail[0] == '\0' && v.hint[0] == '\0';
}

static void
test_status_names(void)
{
	TAP_IS_STR(rsi_assoc_status_name(RSI_ASSOC_IN_SYNC), "in-sync", "status name in-sync");
	TAP_IS_STR(rsi_assoc_status_name(RSI_ASSOC_ADDING), "adding", "status name adding");
	TAP_IS_STR(rsi_assoc_status_name(RSI_ASSOC_REMOVING), "removing", "status name removing");
	TAP_IS_STR(rsi_assoc_status_name(RSI_ASSOC_NONE), "not associated", "status name none");
	TAP_IS_STR(rsi_assoc_status_name((rsi_assoc_status) 42), "not associated", "an unknown status name");
}

static void
test_cluster_first(void)
{
	reset();
	cl.found = 0;
	TAP_OK(check("copy t from 'x' iam_role 'some_role'") && denied("cluster-not-found", "42704"),
		   "an unknown cluster is refused before the command's own problems");
	TAP_IS_STR(v.message, "Cluster c1 not found.", "  message");
	TAP_IS_STR(v.detail, "No cluster c1 exists in account " ACCT ", region eu-west-1.", "  detail");
	TAP_IS_STR(v.hint, "Check the identifier and redshift_iam.region, or list clusters with "
			   "SELECT redshift_iam.describe_clusters();", "  hint");
	TAP_OK(v.resolved_role == NULL, "  no role resolved");

	reset();
	cl.status = "paused";
	TAP_OK(check("copy t from 'x' iam_role 'some_role'") && denied("cluster-not-available", "55000"),
		   "a paused cluster is refused before the command's own problems");
	TAP_IS_STR(v.message, "Cluster c1 is not available (ClusterStatus paused).", "  message");
	TAP_IS_STR(v.detail, "", "  no detail");
	TAP_IS_STR(v.hint, "Run the command once the cluster is available.", "  hint");
	cl.status = "available, prep-for-resize";
	TAP_OK(check("copy t from 'x' iam_role '" ROLE("InSync") "'") && denied("cluster-not-available", "55000"),
		   "only the exact status \"available\" counts as available");
}

static void
test_problems(void)
{
	reset();
	opt.db_user = NULL;
	TAP_OK(check("copy t from 'x' access_key_id 'bad' secret_access_key 's'") &&
		   denied("invalid-access-key-id", "28000"), "a problem without a role: its code is the rule");
	TAP_IS_STR(v.message, DBUSER("unknown") " cannot run this copy: its credentials cannot work as written",
			   "  message names the command kind, and \"unknown\" without a db user");
	TAP_IS_STR(v.detail, "The command cannot work as written: the access key ID is not valid: "
			   "an access key ID is 16 to 128 characters.", "  detail quotes the problem");
	TAP_IS_STR(v.hint, "An access key ID is AKIA or ASIA followed by 12 to 124 capital letters and digits.",
			   "  the rule's help from the catalogue");
	TAP_OK(strstr(v.message, "bad") == NULL && strstr(v.detail, "bad") == NULL, "  the key value is not quoted");

	opt.db_user = "etl";
	TAP_OK(check("unload ('select 1') to 'x' access_key_id 'AKIAIOSFODNN7EXAMPL!' secret_access_key 's'") &&
		   denied("invalid-access-key-id", "28000"), "the same for unload");
	TAP_IS_STR(v.message, DBUSER("etl") " cannot run this unload: its credentials cannot work as written",
			   "  message with the db user");

	TAP_OK(check("copy t from 'x' iam_role 'some_role'") && denied("role-name-not-arn", "28000"),
		   "role-name-not-arn");
	TAP_IS_STR(v.message, DBUSER("etl") " is not authorized to assume IAM Role some_role",
			   "  the message names the role as written");
	TAP_IS_STR(v.hint, "Use the role's full ARN.", "  hint");
	TAP_OK(v.resolved_role == NULL, "  no role resolved");

	TAP_OK(check("copy t from 'x' iam_role 'arn:aws:iam::123:role/R'") && denied("invalid-role-arn", "28000"),
		   "invalid-role-arn");
	TAP_IS_STR(v.detail, "The command cannot work as written: \"arn:aws:iam::123:role/R\" is not a valid "
			   "IAM role ARN: the account ID has fewer than 12 digits.", "  detail");
	TAP_IS_STR(v.hint, "Write the role as arn:<partition>:iam::<12-digit account>:role/<path><name>.",
			   "  the rule's help from the catalogue");

	TAP_OK(check("copy t from 'x' iam_role '" ROLE("InSync") ", " ROLE("X") "'") &&
		   denied("chain-has-spaces", "28000"), "chain-has-spaces, though the first role is in-sync");
	TAP_IS_STR(v.message, DBUSER("etl") " is not authorized to assume IAM Role " ROLE("InSync"),
			   "  message names the chain's first role");
	TAP_IS_STR(v.hint, "Remove the spaces: a chain is 'arn1,arn2'.", "  hint");

	TAP_OK(check("copy t from 'x' iam_role 'a,arn:aws:iam::1:role/R'") && denied("role-name-not-arn", "28000"),
		   "several problems: the first one decides");
	TAP_IS_STR(v.hint, "Use the role's full ARN.", "  its hint");
}

static void
test_roles(void)
{
	reset();
	TAP_OK(check("copy t from 'x' iam_role '" ROLE("InSync") "'") && allowed_clean(),
		   "an in-sync role: allowed, rule ok, no texts");
	TAP_IS_STR(v.resolved_role, ROLE("InSync"), "  resolved role");

	/* the verdict is cleared on each check */
	TAP_OK(check("copy t from 'x' iam_role '" ROLE("Removing") "'") && denied("role-removing", "28000"),
		   "a role being removed");
	TAP_IS_STR(v.message, DBUSER("etl") " is not authorized to assume IAM Role " ROLE("Removing"), "  message");
	TAP_IS_STR(v.detail, "IAM role " ROLE("Removing") " is being removed from cluster c1 (ApplyStatus removing).",
			   "  detail");
	TAP_IS_STR(v.hint, "To keep using it, associate it again: SELECT redshift_iam.modify_cluster_iam_roles("
			   "'c1', add_iam_roles => ARRAY['" ROLE("Removing") "']);", "  hint");
	TAP_OK(check("copy t from 'x' iam_role '" ROLE("InSync") "'") && allowed_clean(),
		   "an allowed check after a refused one has no leftover texts");

	TAP_OK(check("copy t from 'x' iam_role '" ROLE("Adding") "'") && denied("role-adding", "28000"),
		   "an adding role with the time left known");
	TAP_IS_STR(v.detail, "IAM role " ROLE("Adding") " is still being associated with cluster c1 "
			   "(ApplyStatus adding); it becomes in-sync in about 3 s.", "  detail rounds 2.4 s up to 3 s");
	TAP_IS_STR(v.hint, "Wait until describe_clusters('c1') shows the role in-sync, then run the command again.",
			   "  hint");
	time_left = -1;
	TAP_OK(check("copy t from 'x' iam_role '" ROLE("Adding") "'") && denied("role-adding", "28000"),
		   "an adding role with the time left unknown (offline)");
	TAP_IS_STR(v.detail, "IAM role " ROLE("Adding") " is still being associated with cluster c1 "
			   "(ApplyStatus adding).", "  detail without a time");

	opt.db_user = NULL;
	TAP_OK(check("copy t from 'x' iam_role '" ROLE("Other") "'") && denied("role-not-associated", "28000"),
		   "a role of other clusters");
	TAP_IS_STR(v.message, DBUSER("unknown") " is not authorized to assume IAM Role " ROLE("Other"),
			   "  message with no db user");
	TAP_IS_STR(v.detail, "IAM role " ROLE("Other") " is not associated with cluster c1; it is associated "
			   "with: c2, c3.", "  detail lists them");
	TAP_IS_STR(v.hint, "Associate it first: SELECT redshift_iam.modify_cluster_iam_roles('c1', "
			   "add_iam_roles => ARRAY['" ROLE("Other") "']);", "  hint");
	cl.role_elsewhere = NULL;
	TAP_OK(check("copy t from 'x' iam_role '" ROLE("Other") "'") && denied("role-not-associated", "28000"),
		   "no role_elsewhere callback");
	TAP_IS_STR(v.detail, "IAM role " ROLE("Other") " is not associated with cluster c1, nor with any other "
			   "cluster in account " ACCT ".", "  the role is then associated nowhere else");

	reset();
	TAP_OK(check("copy t from 'x' credentials 'aws_iam_role=" ROLE("Removing") "'") &&
		   denied("role-removing", "28000"), "CREDENTIALS aws_iam_role= is checked like IAM_ROLE");
	TAP_OK(check("create external schema s from data catalog database 'd' iam_role '" ROLE("InSync") ","
				 ROLE("Nowhere") "'") && allowed_clean(), "a chain: only the first role is looked up");
	TAP_IS_STR(v.resolved_role, ROLE("InSync"), "  the first role is the resolved one");

	bogus_status = 1;
	TAP_OK(check("copy t from 'x' iam_role '" ROLE("InSync") "'") && denied("role-not-associated", "28000"),
		   "an association status the check does not know is refused as not associated");
}

static void
test_default_role(void)
{
	reset();
	opt.db_user = NULL;
	TAP_OK(check("copy t from 'x' iam_role default") && denied("no-default-role", "28000"),
		   "IAM_ROLE default without a default role");
	TAP_IS_STR(v.message, DBUSER("unknown") " cannot use IAM_ROLE default: cluster c1 has no default IAM role",
			   "  message");
	TAP_IS_STR(v.detail, "IAM_ROLE default means the role set as default and associated with the cluster; "
			   "none is set.", "  detail");
	TAP_IS_STR(v.hint, "Set one: SELECT redshift_iam.modify_cluster_iam_roles('c1', default_iam_role_arn => "
			   "'<role ARN>');", "  hint");
	TAP_OK(v.resolved_role == NULL, "  no role resolved");

	cl.default_role = ROLE("Nowhere");
	TAP_OK(check("copy t from 'x' iam_role default") && denied("default-role-not-associated", "28000"),
		   "a default role that is not associated has its own rule");
	TAP_IS_STR(v.resolved_role, ROLE("Nowhere"), "  resolved to the default role");
	TAP_IS_STR(v.detail, "IAM role " ROLE("Nowhere") " is not associated with cluster c1, nor with any other "
			   "cluster in account " ACCT ".", "  detail");
	cl.default_role = ROLE("InSync");
	TAP_OK(check("unload ('select 1') to 'x' iam_role default") && allowed_clean(),
		   "an in-sync default role");
}

static void
test_no_catalog(void)
{
	reset();
	TAP_OK(check("create external schema s from data catalog database 'd' iam_role 'SESSION'") && allowed_clean(),
		   "IAM_ROLE 'SESSION' needs no association");
	TAP_OK(v.resolved_role == NULL, "  and resolves to no role");
	TAP_OK(check("create external schema s from redshift database 'db'") && allowed_clean(),
		   "no authorization at all");
	TAP_OK(!check_cmd(RSI_CMD_COPY, (rsi_auth_method) 99, NULL, 0)->allowed,
		   "an authorization kind the check does not know is not allowed");
}

static void
test_keys(void)
{
	reset();
	TAP_OK(check("copy t from 'x' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 's'") &&
		   v.allowed && v.warning && strcmp(v.sqlstate, "00000") == 0 &&
		   strcmp(v.rule, "long-term-access-key") == 0, "warn: a long-term key is allowed with a warning");
	TAP_IS_STR(v.message, "copy uses a long-term access key (AKIA...) instead of an IAM role", "  message");
	TAP_IS_STR(v.hint, "Prefer IAM_ROLE with a role associated with cluster c1.", "  hint");
	TAP_OK(check("unload ('select 1') to 'x' credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;"
				 "aws_secret_access_key=wJalrXUtnFEMI'") && v.allowed && v.warning &&
		   strstr(v.message, "wJalr") == NULL, "warn: CREDENTIALS keys too, no secret in the message");
	TAP_IS_STR(v.message, "unload uses a long-term access key (AKIA...) instead of an IAM role",
			   "  message names unload");
	TAP_OK(check_cmd(RSI_CMD_COPY, RSI_AUTH_ACCESS_KEYS, NULL, 0)->allowed && v.warning,
		   "warn: keys with no key ID recorded are long-term");
	TAP_IS_STR(v.message, "copy uses a long-term access key (key...) instead of an IAM role",
			   "  and the message does not claim AKIA");
	TAP_OK(check("copy t from 'x' access_key_id 'ASIAIOSFODNN7EXAMPLE' secret_access_key 's' session_token 't'") &&
		   allowed_clean(), "warn: temporary keys are allowed silently");

	opt.keys_mode = RSI_KEYS_MODE_TEMPORARY;
	TAP_OK(check("copy t from 'x' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 's'") &&
		   denied("access-keys-refused", "28000"), "temporary: a long-term key is refused");
	TAP_IS_STR(v.message, "copy with access keys is not allowed on cluster c1 (redshift_iam.access_keys = temporary)",
			   "  message");
	TAP_IS_STR(v.detail, "Only temporary credentials (an ASIA key ID with a session token) are allowed.", "  detail");
	TAP_IS_STR(v.hint, "Use IAM_ROLE with a role associated with cluster c1 instead.", "  hint");
	TAP_OK(check_cmd(RSI_CMD_COPY, RSI_AUTH_ACCESS_KEYS, "ASIAIOSFODNN7EXAMPLE", 0) &&
		   denied("access-keys-refused", "28000"), "temporary: an ASIA key without a token is refused");
	TAP_OK(check_cmd(RSI_CMD_UNLOAD, RSI_AUTH_CREDENTIALS_KEYS, "ASIAIOSFODNN7EXAMPLE", 1) && allowed_clean(),
		   "temporary: an ASIA key with a token is allowed");
	TAP_OK(check_cmd(RSI_CMD_COPY, RSI_AUTH_ACCESS_KEYS, NULL, 1) && denied("access-keys-refused", "28000"),
		   "temporary: no key ID is not temporary");

	opt.keys_mode = RSI_KEYS_MODE_DENY;
	TAP_OK(check_cmd(RSI_CMD_UNLOAD, RSI_AUTH_CREDENTIALS_KEYS, "ASIAIOSFODNN7EXAMPLE", 1) &&
		   denied("access-keys-refused", "28000"), "deny: even temporary keys are refused");
	TAP_IS_STR(v.message, "unload with access keys is not allowed on cluster c1 (redshift_iam.access_keys = deny)",
			   "  message");
	TAP_IS_STR(v.detail, "Key-based credentials are refused.", "  detail");

	opt.keys_mode = RSI_KEYS_MODE_ALLOW;
	TAP_OK(check_cmd(RSI_CMD_COPY, RSI_AUTH_ACCESS_KEYS, NULL, 0) && allowed_clean(),
		   "allow: any keys, silently");
	TAP_OK(check_cmd(RSI_CMD_COPY, RSI_AUTH_ACCESS_KEYS, "ASIAIOSFODNN7EXAMPLE", 0) && allowed_clean(),
		   "allow: an ASIA key without a token, silently (the parser reports that as a problem)");
}

int
main(int argc, char **argv)
{
	(void) argc;
	(void) argv;
	test_status_names();
	test_cluster_first();
	test_problems();
	test_roles();
	test_default_role();
	test_no_catalog();
	test_keys();
	arena_free();
	return tap_done();
}
