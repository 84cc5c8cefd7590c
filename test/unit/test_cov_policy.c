/*
 * test_cov_policy.c — corners of the policy engine's value parsers and
 * variable substitution (policy_value.c, policy_eval.c), for coverage.
 * Each case asserts the decision of a one-statement policy;
 * semantics as in docs/policy.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"
#include "tap.h"

#define ROLE(n) "arn:aws:iam::123456789012:role/" n

/* single quotes to double quotes, so that documents read easily */
static char *
q(const char *s)
{
	char	   *d = malloc(strlen(s) + 1);
	size_t		i;

	for (i = 0; s[i]; i++)
		d[i] = s[i] == '\'' ? '"' : s[i];
	d[i] = '\0';
	return d;
}

/*
 * Decision for a request with one context key (key may be NULL: no
 * context; value NULL: the key is present with a NULL value).  Returns
 * 1 allowed, 0 implicit deny, 2 explicit deny, -1 the policy was rejected.
 */
static int
decide(const char *doc, const char *action, const char *resource, const char *key, const char *value)
{
	char	   *json = q(doc);
	rsi_policy_error err;
	rsi_policy *p = rsi_policy_parse(json, strlen(json), "cov", &err);
	const char *vals[1] = {value};
	rsi_context_entry e = {key, vals, 1};
	rsi_request rq = {action, resource, &e, key ? 1 : 0};
	rsi_eval_result r;
	int			d;

	free(json);
	if (p == NULL)
	{
		printf("#   rejected: %s: %s\n", err.element, err.message);
		return -1;
	}
	if (rsi_policy_evaluate((const rsi_policy *const *) &p, 1, &rq, &r) != 0)
		d = -2;
	else
		d = r.decision == RSI_DECISION_ALLOWED ? 1 : r.decision == RSI_DECISION_EXPLICIT_DENY ? 2 : 0;
	rsi_eval_result_free(&r);
	rsi_policy_free(p);
	return d;
}

/* Does Condition {op: {k: policy_value}} hold for context k = value? */
static int
holds(const char *op, const char *policy_value, const char *value)
{
	char		doc[1024];

	snprintf(doc, sizeof(doc), "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
			 "'Action':'s3:GetObject','Resource':'*','Condition':{'%s':{'k':%s}}}}", op, policy_value);
	return decide(doc, "s3:GetObject", "*", "k", value);
}

static void
test_numbers(void)
{
	TAP_IS_INT(holds("NumericEquals", "'1'", "1e"), 0, "1e is not a number");
	TAP_IS_INT(holds("NumericEquals", "'1'", "1."), 0, "1. is not a number");
	TAP_IS_INT(holds("NumericEquals", "'0.15'", "1.5E-1"), 1, "1.5E-1 is 0.15");
	TAP_IS_INT(holds("NumericEquals", "'5'", "-"), 0, "- alone is not a number");
}

static void
test_dates(void)
{
	static const struct
	{
		const char *policy;
		const char *value;
		int			want;
		const char *what;
	}			cases[] = {
		{"2024-02-29", "2024-02-29T00:00:00Z", 1, "a leap day"},
		{"2023-03-01", "2023-02-29", 0, "2023-02-29 is no date"},
		{"1900-03-01", "1900-02-29", 0, "1900 is not a leap year"},
		{"2000-02-29", "2000-02-29", 1, "2000 is a leap year"},
		{"2024-01-01", "2024-13-01", 0, "month 13"},
		{"2024-01-01", "2024-00-01", 0, "month 0"},
		{"2024-01-01", "2024-01-00", 0, "day 0"},
		{"2024-01-01", "2024-04-31", 0, "April 31"},
		{"2024-01-01", "2024-1-01", 0, "a one-digit month"},
		{"2024-01-01", "2024/01/01", 0, "slashes"},
		{"2024-01-01T10:00:00Z", "2024-01-01t10:00z", 1, "lowercase t and z, no seconds"},
		{"2024-01-01T10:00:00.5Z", "2024-01-01T10:00:00,5Z", 1, "a decimal comma"},
		{"2024-01-01T10:00:00Z", "2024-01-01T10:00:00.Z", 0, "a fraction without digits"},
		{"2024-01-01T10:00:00Z", "2024-01-01T24:00:00Z", 0, "hour 24"},
		{"2024-01-01T10:00:00Z", "2024-01-01T10:60", 0, "minute 60"},
		{"2024-01-01T10:00:00Z", "2024-01-01T10:00:60Z", 0, "second 60"},
		{"2024-01-01T10:00:00Z", "2024-01-01T10:00:0Z", 0, "a one-digit second"},
		{"2024-01-01T10:00:00Z", "2024-01-01T10-00", 0, "a dash between hour and minute"},
		{"2024-01-01T08:30:00Z", "2024-01-01T10:00:00+01:30", 1, "offset +01:30"},
		{"2024-01-01T08:30:00Z", "2024-01-01T10:00:00+0130", 1, "offset +0130"},
		{"2024-01-01T11:00:00Z", "2024-01-01T10:00:00-01", 1, "offset -01"},
		{"2024-01-01T10:00:00Z", "2024-01-01T10:00:00+1", 0, "a one-digit offset"},
		{"2024-01-01T10:00:00Z", "2024-01-01T10:00:00+01:3", 0, "a one-digit offset minute"},
		{"2024-01-01T10:00:00Z", "2024-01-01T10:00:00+013", 0, "three offset digits"},
		{"2024-01-01T10:00:00Z", "2024-01-01T10:00:00+24:00", 0, "offset hour 24"},
		{"2024-01-01T10:00:00Z", "2024-01-01T10:00:00+01:60", 0, "offset minute 60"},
		{"2024-01-01", "2024-01-01X", 0, "trailing text"},
		{"0000-01-01T00:00:00Z", "0000-01-01", 1, "year 0, January (before March: the previous era)"},
		{"1970-01-02", "86400", 1, "epoch seconds"},
		{"1970-01-01", "12a4-01-01", 0, "a letter in the year"},
	};
	size_t		i;
	char		pv[64];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		snprintf(pv, sizeof(pv), "'%s'", cases[i].policy);
		TAP_IS_INT(holds("DateEquals", pv, cases[i].value), cases[i].want, "DateEquals %s: %s", cases[i].value,
				   cases[i].what);
	}
}

static void
test_ip(void)
{
	static const struct
	{
		const char *policy;
		const char *value;
		int			want;
		const char *what;
	}			cases[] = {
		{"::1", "::1", 1, "::1"},
		{"::/0", "2001:db8::1", 1, "::/0 holds every IPv6 address"},
		{"1::", "1:0:0:0:0:0:0:0", 1, "1:: is 1:0:0:0:0:0:0:0"},
		{"::ffff:1.2.3.4", "::ffff:102:304", 1, "a dotted-quad tail"},
		{"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", 1, "eight groups"},
		{"1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304", 1, "six groups and a dotted quad"},
		{"::1", "1:2:3:4:5:6:7:1.2.3.4", 0, "seven groups and a dotted quad is too long"},
		{"::1", ":1", 0, "a single leading colon"},
		{"10.0.0.0/8", "10.1.2.3", 1, "a /8"},
		{"10.0.0.0/8", "11.1.2.3", 0, "outside the /8"},
		{"10.0.0.0/8", "10.1.2", 0, "three parts"},
		{"10.0.0.0/8", "10.1.2.256", 0, "a part above 255"},
		{"10.0.0.0/8", "10.1.2.3.4", 0, "five parts"},
		{"10.0.0.0/8", "1000.1.2.3", 0, "four digits"},
		{"10.0.0.0/8", "10..2.3", 0, "an empty part"},
		{"10.0.0.0/8", "10.0.0.0/8", 0, "a request address takes no prefix"},
	};
	size_t		i;
	char		pv[64];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		snprintf(pv, sizeof(pv), "'%s'", cases[i].policy);
		TAP_IS_INT(holds("IpAddress", pv, cases[i].value), cases[i].want, "IpAddress %s in %s: %s",
				   cases[i].value, cases[i].policy, cases[i].what);
	}
	TAP_IS_INT(holds("IpAddress", "'10.0.0.0/33'", "10.0.0.1"), -1, "a /33 prefix is rejected");
	TAP_IS_INT(holds("IpAddress", "'10.0.0.0/'", "10.0.0.1"), -1, "an empty prefix is rejected");
	TAP_IS_INT(holds("IpAddress", "'10.0.0.0/8x'", "10.0.0.1"), -1, "a prefix with a letter is rejected");
	TAP_IS_INT(holds("IpAddress", "'10.0.0.0/1234'", "10.0.0.1"), -1, "a four-digit prefix is rejected");
}

static void
test_variables(void)
{
	const char *sp = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'iam:PassRole',"
		"'Resource':'" ROLE("${ aws:username , \\u0027dflt\\u0027 }-x") "'}}";
	const char *stars = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'iam:PassRole',"
		"'Resource':'" ROLE("a**${aws:username}?") "'}}";

	TAP_IS_INT(decide(sp, "iam:PassRole", ROLE("alice-x"), "aws:username", "alice"), 1,
			   "${ key , 'default' } with spaces: the value");
	TAP_IS_INT(decide(sp, "iam:PassRole", ROLE("dflt-x"), NULL, NULL), 1, "... and the default when absent");
	TAP_IS_INT(decide(sp, "iam:PassRole", ROLE("-x"), "aws:username", NULL), 1,
			   "a context value that is NULL substitutes as empty text");
	TAP_IS_INT(decide(stars, "iam:PassRole", ROLE("abc*z"), "aws:username", "*"), 1,
			   "a ** pattern and a variable whose value is * (matched literally)");
	TAP_IS_INT(decide(stars, "iam:PassRole", ROLE("abcxz"), "aws:username", "*"), 0,
			   "... the substituted * is no wildcard");
	TAP_IS_INT(decide(stars, "iam:PassRole", ROLE("a"), "aws:username", ""), 0,
			   "... ? needs one character");
	TAP_IS_INT(decide(stars, "iam:PassRole", ROLE("abq"), "aws:username", ""), 1,
			   "... which it has");
	TAP_IS_INT(decide(stars, "iam:PassRole", ROLE("abq"), "aws:usernamex", "a"), 0,
			   "a longer context key is another key: the variable is missing, no match");
	TAP_IS_INT(decide(stars, "iam:PassRole", ROLE("abq"), "aws:user", "a"), 0,
			   "a shorter context key is another key");
}

int
main(int argc, char **argv)
{
	(void) argc;
	(void) argv;
	test_numbers();
	test_dates();
	test_ip();
	test_variables();
	return tap_done();
}
