/*
 * rules.c — the rule catalogue (see rules.h).  test/extended/cli_sarif.sh
 * checks that every rule id the core's check rules, its parser's problem
 * codes and the CLI's checker can produce is listed here.
 */
#include "rules.h"

#include <string.h>

#define V "verdict-rules"
#define P "problem-codes"

const cli_rule cli_rules[] = {
	/* verdict rules of the core (check/check.c) */
	{"cluster-not-found", CLI_SEV_ERROR, V,
		"The target cluster is not in the describe-clusters input",
	"Check the --cluster identifier and the describe-clusters output given with --clusters."},
	{"cluster-not-available", CLI_SEV_ERROR, V,
		"The target cluster is being deleted or broken (deleting, final-snapshot, incompatible-*, storage-full, hardware-failure, Failed)",
	"A cluster in such a state runs no command: fix the cluster, or check against another one."},
	{"cluster-unavailable-now", CLI_SEV_WARNING, V,
		"The target cluster is paused, resuming, modifying, creating or in a state this version does not know",
	"The roles were checked; run the script once describe-clusters shows the cluster available (resume a paused cluster)."},
	{"syntax-error", CLI_SEV_ERROR, V,
		"The statement is one of the four checked commands but does not parse",
	"Fix the statement at the line and column given; the message says what was expected."},
	{"role-not-associated", CLI_SEV_ERROR, V,
		"The first role of the chain is not associated with the cluster",
	"Associate the role with the cluster (aws redshift modify-cluster-iam-roles --add-iam-roles), or name a role that is associated."},
	{"role-adding", CLI_SEV_ERROR, V,
		"The role is still being associated with the cluster (ApplyStatus adding)",
	"Wait until describe-clusters shows the role in-sync, then check again."},
	{"role-removing", CLI_SEV_ERROR, V,
		"The role is being removed from the cluster (ApplyStatus removing)",
	"To keep using the role, associate it with the cluster again."},
	{"no-default-role", CLI_SEV_ERROR, V,
		"IAM_ROLE default on a cluster that has no default IAM role",
	"Set a default IAM role on the cluster, or name the role's ARN."},
	{"default-role-not-associated", CLI_SEV_ERROR, V,
		"The cluster's default IAM role is not associated, or not in-sync",
	"Associate the default role with the cluster again, or name another role's ARN."},
	{"access-keys-refused", CLI_SEV_ERROR, V,
		"Key-based credentials refused by --access-keys",
	"Use IAM_ROLE with a role associated with the cluster instead of access keys."},
	{"long-term-access-key", CLI_SEV_WARNING, V,
		"A long-term (AKIA) access key instead of an IAM role",
	"Prefer IAM_ROLE with a role associated with the cluster."},
	/* problem codes of the core's parser (parse/command.h) */
	{"invalid_role_arn", CLI_SEV_ERROR, P,
		"A value that is not an IAM role ARN",
	"Write the role as arn:<partition>:iam::<12-digit account>:role/<path><name>."},
	{"role_name_not_arn", CLI_SEV_ERROR, P,
		"A bare role name where a role ARN is needed",
	"Use the role's full ARN."},
	{"chain_has_spaces", CLI_SEV_ERROR, P,
		"Whitespace in a role chain",
	"Remove the spaces: a chain is 'arn1,arn2'."},
	{"chain_too_long", CLI_SEV_ERROR, P,
		"More roles in a chain than --max-role-chain",
	"Shorten the chain (at most 10 roles by default)."},
	{"chain_not_allowed", CLI_SEV_ERROR, P,
		"A role chain where the schema source takes one role",
	"Name a single role for POSTGRES, MYSQL, KINESIS, MSK and KAFKA schemas."},
	{"service_linked_role", CLI_SEV_ERROR, P,
		"A service-linked role, which cannot be associated with a cluster",
	"Name a role you created and associated with the cluster; service-linked roles cannot be associated."},
	{"invalid_access_key_id", CLI_SEV_ERROR, P,
		"A value that is not an access key ID",
	"An access key ID is AKIA or ASIA followed by 12 to 124 capital letters and digits."},
	{"temporary_key_without_token", CLI_SEV_ERROR, P,
		"A temporary (ASIA) access key without its session token",
	"Add the SESSION_TOKEN the temporary key was issued with."},
	{"session_token_with_long_term_key", CLI_SEV_ERROR, P,
		"A session token with a long-term (AKIA) access key",
	"Use the ASIA... key ID the session token was issued with, or drop the token."},
	{"option_out_of_range", CLI_SEV_ERROR, P,
		"An external-function option outside its range",
	"Keep MAX_BATCH_SIZE within 1 KB to 5 MB, MAX_BATCH_ROWS within 1 to 2147483647 and RETRY_TIMEOUT at 0 or more."},
	{"too_many_problems", CLI_SEV_ERROR, P,
		"More than 100 problems in one command",
	"Fix the problems listed first, then check again."},
	/* found only by the CLI (src/cli/checker.c) */
	{"invalid-utf8", CLI_SEV_ERROR, V,
		"A byte sequence that is not UTF-8",
	"Convert the script to UTF-8 (for example with iconv) and check it again."},
	{"nul-byte", CLI_SEV_ERROR, V,
		"A NUL byte in the script",
	"A script must not contain NUL bytes; PostgreSQL and Redshift reject them in text."},
	{"statement-too-long", CLI_SEV_ERROR, V,
		"A statement longer than the most the checker reads (16 MiB)",
	"Split the statement, or look for an unterminated string or comment before it."},
	{"rest-not-checked", CLI_SEV_ERROR, V,
		"A construct too long to skip: the rest of the file is not checked",
	"Look for a missing closing quote, $$ or */."},
};

const size_t cli_nrules = sizeof(cli_rules) / sizeof(cli_rules[0]);

long
cli_rule_index(const char *id)
{
	size_t		i;

	for (i = 0; i < cli_nrules; i++)
		if (strcmp(cli_rules[i].id, id) == 0)
			return (long) i;
	return -1;
}
