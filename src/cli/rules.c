/*
 * rules.c — the rules of the CLI (see rules.h).  test/extended/cli_sarif.sh
 * checks that every rule id the core's check rules, its parser's problem
 * codes and the CLI's checker can produce is listed.
 */
#include "rules.h"

#include <string.h>

size_t
cli_rule_count(void)
{
	size_t		i,
				n = 0;

	for (i = 0; i < rsi_nrules; i++)
		if (rsi_rules[i].where & RSI_RULE_CLI)
			n++;
	return n;
}

const rsi_rule *
cli_rule_at(size_t k)
{
	size_t		i;

	for (i = 0; i < rsi_nrules; i++)
		if ((rsi_rules[i].where & RSI_RULE_CLI) && k-- == 0)
			return &rsi_rules[i];
	return NULL;
}

long
cli_rule_index(const char *id)
{
	const rsi_rule *r = rsi_rule_find(id);
	size_t		i;
	long		k = 0;

	if (r == NULL || !(r->where & RSI_RULE_CLI))
		return -1;
	for (i = 0; &rsi_rules[i] != r; i++)
		if (rsi_rules[i].where & RSI_RULE_CLI)
			k++;
	return k;
}

void
cli_list_rules(FILE *out)
{
	size_t		i,
				n = cli_rule_count();

	for (i = 0; i < n; i++)
	{
		const rsi_rule *r = cli_rule_at(i);

		fprintf(out, "%-34s %-8s %s\n", r->id,
				r->level == RSI_RULE_ERROR ? "error" : "warning", r->summary);
	}
}
