/*
 * rule_catalog.h — every rule id redshift_iam can report, in one table.
 *
 * A rule id is kebab-case ("role-not-associated", "invalid-role-arn"); it
 * is the "rule" of check_command, validate_script and the audit log, the
 * "code" of parse_command's problems, and the rule of every format of
 * redshift-iam-check.  It is also the anchor of the rule's section in
 * docs/rules.md.  Ids that were once snake_case ("invalid_role_arn") keep
 * that spelling as an alias, accepted wherever a user names a rule
 * (suppressions, configuration); output always uses the id.
 */
#ifndef RSI_RULE_CATALOG_H
#define RSI_RULE_CATALOG_H

#include <stddef.h>

typedef enum rsi_rule_level
{
	RSI_RULE_ERROR = 0,			/* the command is refused */
	RSI_RULE_WARNING			/* the command may run */
} rsi_rule_level;

/* where a rule can be reported (bits) */
#define RSI_RULE_SQL	1		/* check_command, validate_script, parse_command */
#define RSI_RULE_CLI	2		/* redshift-iam-check */

typedef struct rsi_rule
{
	const char *id;				/* kebab-case; the docs/rules.md anchor */
	const char *alias;			/* the former snake_case id, or NULL */
	rsi_rule_level level;		/* default level */
	unsigned	where;			/* RSI_RULE_SQL | RSI_RULE_CLI */
	const char *summary;		/* one line, no final period */
	const char *help;			/* what to do about it, full sentences */
} rsi_rule;

extern const rsi_rule rsi_rules[];
extern const size_t rsi_nrules;

/*
 * The rule named id_or_alias: its id or its alias, compared without regard
 * to ASCII case; NULL when there is none (or the name is NULL).
 */
extern const rsi_rule *rsi_rule_find(const char *id_or_alias);

#endif							/* RSI_RULE_CATALOG_H */
