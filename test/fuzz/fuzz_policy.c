/*
 * fuzz_policy.c — libFuzzer target for the IAM policy engine
 * (src/core/policy/policy_*.c): the document parser, the evaluator and the
 * wildcard matchers.
 *
 * The input is a policy document.  A document that parses is evaluated
 * against a few requests: the decision is one of the three, its matched
 * statements agree with it and exist, and giving the same policy twice
 * decides the same.  A document that does not parse gets a message.  The
 * input is also split at its first newline into a pattern and a subject
 * for rsi_glob_match / rsi_arn_match, checked against simple restatements.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void
check_result(const rsi_policy *p, const rsi_eval_result *r)
{
	size_t		i;

	CHECK(r->decision == RSI_DECISION_IMPLICIT_DENY || r->decision == RSI_DECISION_ALLOWED ||
		  r->decision == RSI_DECISION_EXPLICIT_DENY);
	CHECK(rsi_decision_name(r->decision) != NULL);
	if (r->decision != RSI_DECISION_IMPLICIT_DENY)
		CHECK(r->nmatched >= 1);
	for (i = 0; i < r->nmatched; i++)
	{
		CHECK(r->matched[i].effect_deny == (r->decision == RSI_DECISION_EXPLICIT_DENY));
		CHECK(r->matched[i].statement_index >= 0 &&
			  (size_t) r->matched[i].statement_index < rsi_policy_statement_count(p));
	}
	for (i = 0; i < r->nmissing; i++)
		CHECK(r->missing_context[i] != NULL);
}

static void
evaluate(const rsi_policy *p)
{
	static const char *const user[] = {"alice"};
	static const char *const tags[] = {"dev", "prod"};
	static const rsi_context_entry ctx[] = {
		{"aws:username", user, 1},
		{"aws:PrincipalTag/team", tags, 2},
		{"aws:SourceIp", NULL, 0},
	};
	static const rsi_request reqs[] = {
		{"iam:PassRole", "arn:aws:iam::123456789012:role/R", ctx, 3},
		{"redshift:GetClusterCredentials", "arn:aws:redshift:us-east-1:123456789012:dbuser:c/alice", ctx, 3},
		{"s3:GetObject", "*", NULL, 0},
		{"IAM:passrole", "arn:aws:iam::123456789012:role/service-role/X", ctx, 1},
	};
	size_t		i;

	for (i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++)
	{
		const rsi_policy *one[1] = {p};
		const rsi_policy *two[3] = {p, NULL, p};
		rsi_eval_result r1,
					r2;

		CHECK(rsi_policy_evaluate(one, 1, &reqs[i], &r1) == 0);
		check_result(p, &r1);
		CHECK(rsi_policy_evaluate(two, 3, &reqs[i], &r2) == 0);
		check_result(p, &r2);
		CHECK(r1.decision == r2.decision);
		rsi_eval_result_free(&r1);
		rsi_eval_result_free(&r2);
	}
}

static size_t
count_char(const char *s, size_t n, char c)
{
	size_t		i,
				k = 0;

	for (i = 0; i < n; i++)
		k += (s[i] == c);
	return k;
}

static void
check_glob(const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);
	const char *pat = s,
			   *sub;
	size_t		pl,
				sl;
	int			m,
				mi;

	if (nl == NULL)
		return;
	pl = (size_t) (nl - s);
	sub = nl + 1;
	sl = n - pl - 1;
	m = rsi_glob_match(pat, pl, sub, sl, 0);
	mi = rsi_glob_match(pat, pl, sub, sl, RSI_GLOB_ICASE);
	CHECK(m == 0 || m == 1);
	if (m)
		CHECK(mi);				/* case-insensitive accepts at least as much */
	if (memchr(pat, '*', pl) == NULL && memchr(pat, '?', pl) == NULL)
		CHECK(m == (pl == sl && memcmp(pat, sub, pl) == 0));
	if (memchr(sub, '*', sl) == NULL && memchr(sub, '?', sl) == NULL)
		CHECK(rsi_glob_match(sub, sl, sub, sl, 0));
	CHECK(rsi_glob_match("*", 1, sub, sl, 0));
	if (rsi_arn_match(pat, pl, sub, sl))
		CHECK(count_char(pat, pl, ':') >= 5 && count_char(sub, sl, ':') >= 5);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	rsi_policy_error err;
	rsi_policy *p;

	memset(&err, 0, sizeof(err));
	p = rsi_policy_parse(s, size, "fuzz", &err);
	if (p)
	{
		CHECK(rsi_policy_name(p) != NULL && strcmp(rsi_policy_name(p), "fuzz") == 0);
		evaluate(p);
		rsi_policy_free(p);
	}
	else
	{
		CHECK(memchr(err.message, '\0', sizeof(err.message)) != NULL);
		CHECK(memchr(err.element, '\0', sizeof(err.element)) != NULL);
		CHECK(err.message[0] != '\0' || err.out_of_memory);
	}
	check_glob(s, size);
	return 0;
}
