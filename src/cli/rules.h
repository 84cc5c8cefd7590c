/*
 * rules.h — the rules redshift-iam-check can report: the core's catalogue
 * (check/rule_catalog.h) without the rules only the server reports, in the
 * catalogue's order.  SARIF's tool.driver.rules and --list-rules list them;
 * docs/rules.md has a section per rule, at CLI_RULE_URI(id).
 */
#ifndef RSI_CLI_RULES_H
#define RSI_CLI_RULES_H

#include <stdio.h>

#include "check/rule_catalog.h"
#include "cli.h"

/* how many rules the CLI can report, and the i-th of them */
extern size_t cli_rule_count(void);
extern const rsi_rule *cli_rule_at(size_t i);

/* Index of the rule named id (or an alias) among cli_rule_at, or -1. */
extern long cli_rule_index(const char *id);

/* The documentation of rule id: RSI_DOCS_URI "rules.md#" id. */
#define CLI_RULE_URI_PREFIX RSI_DOCS_URI "rules.md#"

/* --list-rules: "id  level  summary", one line each. */
extern void cli_list_rules(FILE *out);

#endif							/* RSI_CLI_RULES_H */
