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

static long
rule_index(const char *id)
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

/*
 * Every finding asks (for its level, for SARIF's ruleIndex), and ids are
 * mostly the same few constant strings: remembered by address, checked by
 * content.
 */
#define CACHE_SLOTS 32

long
cli_rule_index(const char *id)
{
	static struct
	{
		const char *addr;
		char		id[64];
		long		k;
	}			cache[CACHE_SLOTS];
	size_t		h = ((size_t) id >> 3) % CACHE_SLOTS;
	size_t		n;

	if (cache[h].addr == id && strcmp(cache[h].id, id) == 0)
		return cache[h].k;
	n = strlen(id);
	if (n >= sizeof(cache[h].id))
		return rule_index(id);
	cache[h].addr = id;
	memcpy(cache[h].id, id, n + 1);
	cache[h].k = rule_index(id);
	return cache[h].k;
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
