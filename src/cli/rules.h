/*
 * rules.h — the catalogue of every rule id redshift-iam-check can report,
 * with its default level and a description, for the SARIF format's
 * tool.driver.rules (see docs/rules.md for what each rule means).
 */
#ifndef RSI_CLI_RULES_H
#define RSI_CLI_RULES_H

#include <stddef.h>

#include "cli.h"

typedef struct cli_rule
{
	const char *id;				/* as printed in brackets: "role-not-associated" */
	cli_severity level;			/* default level */
	const char *anchor;			/* section of docs/rules.md */
	const char *short_text;		/* one line */
	const char *help_text;		/* what to do about it */
} cli_rule;

extern const cli_rule cli_rules[];
extern const size_t cli_nrules;

/* Index of id in cli_rules, or -1 when it is not there. */
extern long cli_rule_index(const char *id);

#endif							/* RSI_CLI_RULES_H */
