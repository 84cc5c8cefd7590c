/*
 * rule_catalog.c — the rule table (see rule_catalog.h).  docs/rules.md has
 * a section per id; test_rule_catalog checks that every id the core
 * produces is here, and test/extended/cli_sarif.sh that every id the CLI
 * can print is.
 */
#include "check/rule_catalog.h"

#include <string.h>

#define E RSI_RULE_ERROR
#define W RSI_RULE_WARNING
#define SQL RSI_RULE_SQL
#define CLI RSI_RULE_CLI
#define BOTH (RSI_RULE_SQL | RSI_RULE_CLI)

const rsi_rule rsi_rules[] = {
	/* verdict rules (check.c, and the server's glue) */
	{"cluster-not-found", NULL, E, BOTH,
		"The target cluster is not in the cluster catalog",
	"Check the cluster identifier, the account and the region; list the clusters with aws redshift describe-clusters."},
	{"cluster-not-available", NULL, E, BOTH,
		"The target cluster is being deleted or broken (deleting, final-snapshot, incompatible-*, storage-full, hardware-failure, Failed), or a Serverless namespace or workgroup is not available",
	"A cluster in such a state runs no command: fix the cluster, or check against another one."},
	{"cluster-unavailable-now", NULL, W, BOTH,
		"The target cluster is paused, resuming, modifying, creating or in a state this version does not know",
	"The roles were checked; run the script once describe-clusters shows the cluster available (resume a paused cluster)."},
	{"syntax-error", NULL, E, BOTH,
		"The statement is one of the six checked commands but does not parse",
	"Fix the statement at the line and column given; the message says what was expected."},
	{"no-assumerole", NULL, E, SQL,
		"The database user does not hold ASSUMEROLE on the IAM role for this command",
	"Grant ASSUMEROLE on the role for the command type to the database user, or run the command as a user who holds it."},
	{"role-not-associated", NULL, E, BOTH,
		"The first role of the chain is not associated with the cluster",
	"Associate the role with the cluster in AWS (aws redshift modify-cluster-iam-roles --add-iam-roles), or name a role that is associated."},
	{"role-adding", NULL, E, BOTH,
		"The role is still being associated with the cluster (ApplyStatus adding)",
	"Wait until aws redshift describe-clusters shows the role in-sync, then run the command."},
	{"role-removing", NULL, E, BOTH,
		"The role is being removed from the cluster (ApplyStatus removing)",
	"To keep using the role, associate it with the cluster again in AWS (aws redshift modify-cluster-iam-roles --add-iam-roles)."},
	{"no-default-role", NULL, E, BOTH,
		"IAM_ROLE default on a cluster that has no default IAM role",
	"Set a default IAM role on the cluster in AWS (aws redshift modify-cluster-iam-roles --default-iam-role-arn), or name the role's ARN."},
	{"default-role-not-associated", NULL, E, BOTH,
		"The cluster's default IAM role is not associated, or not in-sync",
	"Associate the default role with the cluster again in AWS, or name another role's ARN."},
	{"catalog-role-not-associated", NULL, E, BOTH,
		"The first role of CATALOG_ROLE is not associated with the cluster",
	"Associate the catalog role with the cluster in AWS (aws redshift modify-cluster-iam-roles --add-iam-roles): the cluster assumes it itself."},
	{"catalog-role-adding", NULL, E, BOTH,
		"The CATALOG_ROLE is still being associated with the cluster (ApplyStatus adding)",
	"Wait until aws redshift describe-clusters shows the role in-sync, then run the command."},
	{"catalog-role-removing", NULL, E, BOTH,
		"The CATALOG_ROLE is being removed from the cluster (ApplyStatus removing)",
	"To keep using the catalog role, associate it with the cluster again in AWS (aws redshift modify-cluster-iam-roles --add-iam-roles)."},
	{"access-keys-refused", NULL, E, BOTH,
		"Key-based credentials refused by the access-keys policy",
	"Use IAM_ROLE with a role associated with the cluster instead of access keys."},
	{"long-term-access-key", NULL, W, BOTH,
		"A long-term (AKIA) access key instead of an IAM role",
	"Prefer IAM_ROLE with a role associated with the cluster."},
	{"templated-value", NULL, W, BOTH,
		"A role, credentials, location or authorization clause that is a template placeholder",
	"Check the rendered script, or give the placeholder's value to redshift-iam-check with --var NAME=VALUE or in [vars] of its configuration file."},
	{"not-a-checked-command", NULL, E, SQL,
		"check_command of a statement that is none of the six checked commands",
	"Pass a COPY, UNLOAD, CREATE EXTERNAL SCHEMA, CREATE EXTERNAL FUNCTION, CREATE MODEL or CREATE LIBRARY statement, or use validate_script for a whole script."},
	/* IAM snapshot rules (iam/iam_check.c; docs/permissions.md) */
	{"role-not-trusted", NULL, E, BOTH,
		"The role's trust policy does not let redshift.amazonaws.com assume it for this cluster",
	"Allow the service principal redshift.amazonaws.com the action sts:AssumeRole in the role's trust policy, with conditions on aws:SourceAccount and aws:SourceArn that accept the cluster."},
	{"chain-link-not-trusted", NULL, E, BOTH,
		"A role of the chain does not trust the role before it",
	"Allow the previous role (or its account's root) the action sts:AssumeRole in the trust policy of the next role."},
	{"chain-link-not-permitted", NULL, E, BOTH,
		"A role of the chain may not assume the role after it",
	"Allow sts:AssumeRole on the next role's ARN in a permission policy of the previous role."},
	{"permission-denied", NULL, E, BOTH,
		"The role that does the work may not make a request the command needs",
	"Allow the action on the resource named in the message in a permission policy of the role (and, across accounts, in the resource's policy)."},
	{"iam-unknown-role", NULL, E, BOTH,
		"A role of the command is not in the IAM snapshot and unknown roles are refused",
	"Import a current export of aws iam get-account-authorization-details that holds the role, or allow unknown roles."},
	/* value problems of the parser (parse/command.h) */
	{"invalid-role-arn", "invalid_role_arn", E, BOTH,
		"A value that is not an IAM role ARN",
	"Write the role as arn:<partition>:iam::<12-digit account>:role/<path><name>."},
	{"role-name-not-arn", "role_name_not_arn", E, BOTH,
		"A bare role name where a role ARN is needed",
	"Use the role's full ARN."},
	{"chain-has-spaces", "chain_has_spaces", E, BOTH,
		"Whitespace in a role chain",
	"Remove the spaces: a chain is 'arn1,arn2'."},
	{"chain-too-long", "chain_too_long", E, BOTH,
		"More roles in a chain than the role-chain limit",
	"Shorten the chain (at most 10 roles by default)."},
	{"chain-not-allowed", "chain_not_allowed", E, BOTH,
		"A role chain where the schema source takes one role",
	"Name a single role for POSTGRES, MYSQL, KINESIS, MSK and KAFKA schemas."},
	{"service-linked-role", "service_linked_role", E, BOTH,
		"A service-linked role, which cannot be associated with a cluster",
	"Name a role you created and associated with the cluster; service-linked roles cannot be associated."},
	{"invalid-access-key-id", "invalid_access_key_id", E, BOTH,
		"A value that is not an access key ID",
	"An access key ID is AKIA or ASIA followed by 12 to 124 capital letters and digits."},
	{"temporary-key-without-token", "temporary_key_without_token", E, BOTH,
		"A temporary (ASIA) access key without its session token",
	"Add the SESSION_TOKEN the temporary key was issued with."},
	{"session-token-with-long-term-key", "session_token_with_long_term_key", E, BOTH,
		"A session token with a long-term (AKIA) access key",
	"Use the ASIA... key ID the session token was issued with, or drop the token."},
	{"option-out-of-range", "option_out_of_range", E, BOTH,
		"An external-function option outside its range",
	"Keep MAX_BATCH_SIZE within 1 KB to 5 MB, MAX_BATCH_ROWS within 1 to 2147483647 and RETRY_TIMEOUT at 0 or more."},
	{"too-many-problems", "too_many_problems", E, BOTH,
		"More than 100 problems in one command",
	"Fix the problems listed first, then check again."},
	/* found only by the CLI (src/cli/checker.c), in bytes the server never sees as text */
	{"invalid-utf8", NULL, E, CLI,
		"A byte sequence that is not UTF-8",
	"Convert the script to UTF-8 (for example with iconv) and check it again."},
	{"nul-byte", NULL, E, CLI,
		"A NUL byte in the script",
	"A script must not contain NUL bytes; PostgreSQL and Redshift reject them in text."},
	{"statement-too-long", NULL, E, CLI,
		"A statement longer than the most the checker reads (16 MiB)",
	"Split the statement, or look for an unterminated string or comment before it."},
	{"rest-not-checked", NULL, E, CLI,
		"A construct too long to skip: the rest of the file is not checked",
	"Look for a missing closing quote, $$ or */."},
	{"unknown-rule-in-suppression", NULL, W, CLI,
		"A suppression comment names a rule that does not exist",
	"Name a rule id that redshift-iam-check --list-rules prints (or its former snake_case id)."},
};

const size_t rsi_nrules = sizeof(rsi_rules) / sizeof(rsi_rules[0]);

/* ASCII case-insensitive, and '_' matches '-': role_not_associated is role-not-associated */
static int
same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
	{
		char		x = (*a >= 'A' && *a <= 'Z') ? (char) (*a + 32) : *a == '_' ? '-' : *a;
		char		y = (*b >= 'A' && *b <= 'Z') ? (char) (*b + 32) : *b == '_' ? '-' : *b;

		if (x != y)
			return 0;
	}
	return *a == *b;
}

const rsi_rule *
rsi_rule_find(const char *id_or_alias)
{
	size_t		i;

	if (id_or_alias == NULL)
		return NULL;
	for (i = 0; i < rsi_nrules; i++)
		if (same_name(rsi_rules[i].id, id_or_alias) ||
			(rsi_rules[i].alias && same_name(rsi_rules[i].alias, id_or_alias)))
			return &rsi_rules[i];
	return NULL;
}
