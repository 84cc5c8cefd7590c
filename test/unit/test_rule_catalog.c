/*
 * test_rule_catalog.c — the rule catalogue: ids are kebab-case and unique,
 * former snake_case ids are aliases, lookups by id or alias, and every
 * rule the parser and the checks produce is listed.
 */
#include <string.h>

#include "tap.h"
#include "check/check.h"
#include "check/rule_catalog.h"
#include "parse/command.h"

static int
kebab(const char *s)
{
	size_t		i,
				n = strlen(s);

	if (n == 0 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
			  (s[i] == '-' && s[i + 1] != '-')))
			return 0;
	return 1;
}

/* the problem codes, from parse/command.h */
static const char *const prob[] = {
	RSI_PROB_INVALID_ROLE_ARN, RSI_PROB_ROLE_NAME_NOT_ARN, RSI_PROB_CHAIN_HAS_SPACES,
	RSI_PROB_CHAIN_TOO_LONG, RSI_PROB_CHAIN_NOT_ALLOWED, RSI_PROB_INVALID_ACCESS_KEY_ID,
	RSI_PROB_TEMPORARY_KEY_NO_TOKEN, RSI_PROB_TOKEN_WITH_LONG_TERM_KEY,
	RSI_PROB_SERVICE_LINKED_ROLE, RSI_PROB_OPTION_OUT_OF_RANGE, RSI_PROB_TOO_MANY_PROBLEMS
};

/* verdict rules of check.c and of the server's glue */
static const char *const verdicts[] = {
	"cluster-not-found", "cluster-not-available", "syntax-error", "no-assumerole",
	"role-not-associated", "role-adding", "role-removing", "no-default-role",
	"default-role-not-associated", "access-keys-refused", "long-term-access-key",
	"not-a-checked-command",
	/* iam/iam_check.c */
	"role-not-trusted", "chain-link-not-trusted", "chain-link-not-permitted", "permission-denied",
	"iam-unknown-role"
};

int
main(void)
{
	size_t		i,
				j;
	int			ok = 1;
	const rsi_rule *r;

	for (i = 0; i < rsi_nrules; i++)
	{
		const rsi_rule *x = &rsi_rules[i];

		if (!kebab(x->id) || x->summary == NULL || x->help == NULL || x->where == 0 ||
			x->summary[0] == '\0' || x->summary[strlen(x->summary) - 1] == '.' ||
			x->help[strlen(x->help) - 1] != '.')
		{
			printf("#   %s\n", x->id);
			ok = 0;
		}
		for (j = 0; j < i; j++)
			if (strcmp(rsi_rules[j].id, x->id) == 0 ||
				(x->alias && rsi_rules[j].alias && strcmp(rsi_rules[j].alias, x->alias) == 0))
			{
				printf("#   %s twice\n", x->id);
				ok = 0;
			}
	}
	TAP_OK(rsi_nrules >= 25 && ok,
		   "%zu rules: kebab-case unique ids, a one-line summary without a final period, a help sentence",
		   rsi_nrules);

	ok = 1;
	for (i = 0; i < sizeof(prob) / sizeof(prob[0]); i++)
	{
		char		snake[64];

		r = rsi_rule_find(prob[i]);
		if (r == NULL || strcmp(r->id, prob[i]) != 0 || r->alias == NULL ||
			(r->where & (RSI_RULE_SQL | RSI_RULE_CLI)) != (RSI_RULE_SQL | RSI_RULE_CLI))
		{
			printf("#   %s\n", prob[i]);
			ok = 0;
			continue;
		}
		/* the alias is the id with underscores: what 0.3.0 printed */
		snprintf(snake, sizeof(snake), "%s", prob[i]);
		for (j = 0; snake[j]; j++)
			if (snake[j] == '-')
				snake[j] = '_';
		if (strcmp(r->alias, snake) != 0 || rsi_rule_find(snake) != r)
		{
			printf("#   alias of %s\n", prob[i]);
			ok = 0;
		}
	}
	TAP_OK(ok, "every problem code is a kebab-case rule of both products, its snake_case spelling an alias");

	ok = 1;
	for (i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
		if ((r = rsi_rule_find(verdicts[i])) == NULL || strcmp(r->id, verdicts[i]) != 0)
		{
			printf("#   %s\n", verdicts[i]);
			ok = 0;
		}
	TAP_OK(ok, "every verdict rule is listed");

	TAP_OK(rsi_rule_find("Chain-Has-Spaces") == rsi_rule_find("chain-has-spaces") &&
		   rsi_rule_find("CHAIN_HAS_SPACES") == rsi_rule_find("chain-has-spaces"),
		   "ids and aliases are found without regard to case");
	TAP_OK(rsi_rule_find("role_not_associated") == rsi_rule_find("role-not-associated") &&
		   rsi_rule_find("role_not_associated") != NULL && rsi_rule_find("role--not-associated") == NULL,
		   "any id in snake_case is found too");
	TAP_OK(rsi_rule_find("no-such-rule") == NULL && rsi_rule_find("") == NULL &&
		   rsi_rule_find(NULL) == NULL && rsi_rule_find("chain-has-space") == NULL &&
		   rsi_rule_find("chain-has-spacess") == NULL,
		   "an unknown name, a prefix or a longer name finds nothing");
	TAP_OK(rsi_rule_find("long-term-access-key")->level == RSI_RULE_WARNING &&
		   rsi_rule_find("role-not-associated")->level == RSI_RULE_ERROR,
		   "default levels: long-term-access-key warns, role-not-associated refuses");
	TAP_OK(rsi_rule_find("no-assumerole")->where == RSI_RULE_SQL &&
		   rsi_rule_find("invalid-utf8")->where == RSI_RULE_CLI,
		   "server-only and CLI-only rules say so");

	return tap_done();
}
