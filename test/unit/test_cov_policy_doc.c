/*
 * test_cov_policy_doc.c — policy documents the other policy tests leave
 * out: Principal "*" and the Federated and CanonicalUser types, principals
 * that look like an account and are not one, Id, condition values written
 * as JSON numbers and booleans (the shortest text that reads back as the
 * same double), and the characters IAM allows (tab, LF, CR and
 * U+0020-U+00FF) with the code point of the first one it does not.
 *
 * IAM User Guide: "IAM JSON policy elements: Principal"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html),
 * "IAM JSON policy elements: Condition operators"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
 *
 * and "IAM and AWS STS quotas" (the characters a policy may hold,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"
#include "tap.h"

#define A "123456789012"
#define ROLE_A "arn:aws:iam::" A ":role/R"

static rsi_policy_error err;

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

static rsi_policy *
parse(const char *doc, rsi_policy_kind kind)
{
	char	   *json = q(doc);
	rsi_policy *p;

	memset(&err, 0, sizeof(err));
	p = rsi_policy_parse_kind(json, strlen(json), "p", kind, NULL, &err);
	free(json);
	return p;
}

/* The error of a document, "element: message", or "" when it compiles. */
static const char *
error_of(const char *doc, rsi_policy_kind kind)
{
	static char buf[400];
	rsi_policy *p = parse(doc, kind);

	if (p != NULL)
	{
		rsi_policy_free(p);
		return "";
	}
	snprintf(buf, sizeof(buf), "%s: %s", err.element, err.message);
	return buf;
}

/* decision for a principal of a type and name (account may be NULL); via: matched by account only */
static int
decide_as(const char *doc, const char *type, const char *name, const char *account, int *via)
{
	rsi_policy *p = parse(doc, RSI_POLICY_RESOURCE);
	const char *names[1] = {name};
	rsi_principal_req pr = {type, names, name ? 1 : 0, account};
	rsi_request rq = {"s3:GetObject", "arn:aws:s3:::b/k", NULL, 0};
	rsi_eval_result r;
	int			d;

	if (p == NULL)
	{
		printf("#   rejected: %s: %s\n", err.element, err.message);
		return -1;
	}
	if (rsi_policy_evaluate_as((const rsi_policy *const *) &p, 1, &rq, &pr, NULL, &r, NULL) != 0)
		d = -2;
	else
	{
		d = (int) r.decision;
		if (via)
			*via = r.nmatched == 1 && r.matched[0].via_account;
	}
	rsi_eval_result_free(&r);
	rsi_policy_free(p);
	return d;
}

/* a bucket policy statement allowing s3:GetObject to the Principal given */
#define BUCKET(principal) "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Principal':" principal \
	",'Action':'s3:GetObject','Resource':'arn:aws:s3:::b/*'}}"

static void
test_principals(void)
{
	int			via = -1;

	TAP_IS_INT(decide_as(BUCKET("'*'"), "AWS", ROLE_A, A, NULL), RSI_DECISION_ALLOWED,
			   "Principal \"*\" allows any AWS principal");
	TAP_IS_INT(decide_as(BUCKET("'*'"), "Service", "s3.amazonaws.com", NULL, NULL), RSI_DECISION_ALLOWED,
			   "Principal \"*\" allows a service too");
	TAP_IS_STR(error_of(BUCKET("'anyone'"), RSI_POLICY_RESOURCE),
			   "Statement[0].Principal: Principal must be \"*\" or an object such as {\"AWS\": ...}, found \"anyone\"",
			   "a Principal string other than \"*\" is refused");
	TAP_IS_STR(error_of(BUCKET("{}"), RSI_POLICY_RESOURCE),
			   "Statement[0].Principal: Principal must be \"*\" or a non-empty object, found an object",
			   "an empty Principal object is refused");
	TAP_IS_STR(error_of(BUCKET("{'AWS':['" ROLE_A "',7]}"), RSI_POLICY_RESOURCE),
			   "Statement[0].Principal.AWS[1]: each principal must be a string, found a number",
			   "a principal that is a number is refused, by its place");
	TAP_IS_STR(error_of(BUCKET("{'AWS':'arn:aws:iam::" A ":role/\\u0001'}"), RSI_POLICY_RESOURCE),
			   "Statement[0].Principal.AWS: contains character U+0001, which IAM policies do not allow "
			   "(only tab, LF, CR and U+0020-U+00FF)", "a control character in a principal is refused");

	TAP_IS_INT(decide_as(BUCKET("{'Federated':'cognito-identity.amazonaws.com'}"), "Federated",
						 "cognito-identity.amazonaws.com", NULL, NULL), RSI_DECISION_ALLOWED,
			   "a Federated principal matches a Federated caller of that name");
	TAP_IS_INT(decide_as(BUCKET("{'Federated':'cognito-identity.amazonaws.com'}"), "AWS",
						 "cognito-identity.amazonaws.com", A, NULL), RSI_DECISION_IMPLICIT_DENY,
			   "a Federated principal does not match an AWS caller");
	TAP_IS_INT(decide_as(BUCKET("{'CanonicalUser':'79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be'}"), "AWS",
						 ROLE_A, A, NULL), RSI_DECISION_IMPLICIT_DENY,
			   "a CanonicalUser principal does not match an AWS caller");

	/* what names an account, and what only looks like one */
	TAP_IS_INT(decide_as(BUCKET("{'AWS':'" A "'}"), "AWS", ROLE_A, A, &via), RSI_DECISION_ALLOWED,
			   "a 12-digit account ID matches a caller of that account");
	TAP_IS_INT(via, 1, "... through the account");
	TAP_IS_INT(decide_as(BUCKET("{'AWS':'12345678901a'}"), "AWS", ROLE_A, "12345678901a", NULL),
			   RSI_DECISION_IMPLICIT_DENY, "twelve characters that are not all digits are not an account");
	TAP_IS_INT(decide_as(BUCKET("{'AWS':'arn:aws:iam::12345678901:root'}"), "AWS", ROLE_A, "12345678901", NULL),
			   RSI_DECISION_IMPLICIT_DENY, "a root ARN with an 11-digit account is not an account");
	TAP_IS_INT(decide_as(BUCKET("{'AWS':'arn:aws:iam::12345678901x:root'}"), "AWS", ROLE_A, "12345678901x", NULL),
			   RSI_DECISION_IMPLICIT_DENY, "a root ARN whose account is not digits is not an account");
	TAP_IS_INT(decide_as(BUCKET("{'AWS':'arn:aws:iam::12345678901x:root'}"), "AWS", "arn:aws:iam::12345678901x:root",
						 NULL, &via), RSI_DECISION_ALLOWED,
			   "... it is a principal name, matched by name");
	TAP_IS_INT(via, 0, "... not through the account");
	TAP_IS_INT(decide_as(BUCKET("{'AWS':'arn:aws:sts::" A ":root'}"), "AWS", ROLE_A, A, NULL),
			   RSI_DECISION_IMPLICIT_DENY, "a root ARN outside IAM is not an account");

	/* Id */
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Id':7,'Statement':{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*'}}",
						RSI_POLICY_RESOURCE),
			   "Id: Id must be a string, found a number", "Id must be a string");
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Id':'x','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*'}}",
						RSI_POLICY_IDENTITY),
			   "Id: Id is not allowed in identity-based policies", "an identity policy has no Id");
}

/* Does Condition {op: {k: value}} (value as JSON) hold for context k = ctx? */
static int
holds(const char *op, const char *value, const char *ctx)
{
	char		doc[1024];
	char	   *json;
	rsi_policy *p;
	const char *vals[1] = {ctx};
	rsi_context_entry e = {"k", vals, 1};
	rsi_request rq = {"s3:GetObject", "*", &e, 1};
	rsi_eval_result r;
	int			d;

	snprintf(doc, sizeof(doc), "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
			 "'Action':'s3:GetObject','Resource':'*','Condition':{'%s':{'k':%s}}}}", op, value);
	json = q(doc);
	memset(&err, 0, sizeof(err));
	p = rsi_policy_parse(json, strlen(json), "c", &err);
	free(json);
	if (p == NULL)
		return -1;
	if (rsi_policy_evaluate((const rsi_policy *const *) &p, 1, &rq, &r) != 0)
		d = -2;
	else
		d = r.decision == RSI_DECISION_ALLOWED;
	rsi_eval_result_free(&r);
	rsi_policy_free(p);
	return d;
}

static void
test_condition_values(void)
{
	TAP_IS_INT(holds("NumericEquals", "1.5", "1.5"), 1, "a JSON real 1.5 equals the context's 1.5");
	TAP_IS_INT(holds("NumericEquals", "0.30000000000000004", "0.30000000000000004"), 1,
			   "a real that needs 17 digits keeps them");
	TAP_IS_INT(holds("NumericEquals", "0.30000000000000004", "0.3"), 0, "... and is not 0.3");
	TAP_IS_INT(holds("StringEquals", "0.30000000000000004", "0.30000000000000004"), 1,
			   "a real compared as a string is its shortest exact text");
	TAP_IS_INT(holds("StringEquals", "1.5", "1.5"), 1, "1.5 as a string is \"1.5\"");
	TAP_IS_INT(holds("StringEquals", "42", "42"), 1, "an integer as a string");
	TAP_IS_INT(holds("StringEquals", "true", "true"), 1, "true as a string is \"true\"");
	TAP_IS_INT(holds("StringEquals", "false", "false"), 1, "false as a string is \"false\"");
	TAP_IS_INT(holds("Bool", "true", "true"), 1, "Bool with a JSON true");
	TAP_IS_INT(holds("Bool", "false", "true"), 0, "Bool with a JSON false against true");
	TAP_IS_INT(holds("Bool", "['false','true']", "true"), 1, "Bool with an array of values");
	TAP_IS_INT(holds("DateGreaterThan", "1700000000", "2024-01-01T00:00:00Z"), 1,
			   "a date as JSON epoch seconds (2023-11-14) is before 2024");
	TAP_IS_INT(holds("DateLessThan", "1700000000", "2024-01-01T00:00:00Z"), 0, "... and 2024 is not before it");
	TAP_IS_INT(holds("DateEquals", "'not a date'", "x"), -1, "a date that is not a date is refused");
	TAP_IS_STR(err.message, "DateEquals needs an ISO 8601 date-time or epoch seconds, found \"not a date\"",
			   "... with the value in the message");
	TAP_IS_INT(holds("Bool", "1", "true"), -1, "Bool with a number is refused");
	TAP_IS_STR(err.message, "Bool needs true or false, found \"1\"", "... with the number in the message");
	TAP_IS_INT(holds("IpAddress", "10", "10.0.0.1"), -1, "IpAddress with a number is refused");
	TAP_IS_STR(err.message, "IpAddress needs an IPv4 or IPv6 address or CIDR block, found \"10\"",
			   "... with the number in the message");
	TAP_IS_INT(holds("NumericLessThan", "true", "1"), -1, "NumericLessThan with a boolean is refused");
	TAP_IS_STR(err.message, "NumericLessThan needs a number, found \"true\"", "... with the boolean in the message");
	TAP_IS_INT(holds("StringEquals", "{'a':1}", "x"), -1, "a condition value that is an object is refused");
	TAP_IS_STR(err.message, "condition values must be strings, numbers or booleans, found an object",
			   "... naming its type");
	TAP_IS_STR(err.element, "Statement[0].Condition.StringEquals.k", "... at the key");
	TAP_IS_INT(holds("StringEquals", "['a',null]", "x"), -1, "a null in a value array is refused");
	TAP_IS_STR(err.element, "Statement[0].Condition.StringEquals.k[1]", "... at its index");
}

static void
test_characters(void)
{
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::caf\xc3\xa9 \xc2\xb5'}}",
						RSI_POLICY_IDENTITY), "", "Latin-1 characters (U+00E9, U+00B5) are allowed");
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/\xc4\x80'}}",
						RSI_POLICY_IDENTITY),
			   "(document): policy document contains character U+0100 at byte offset 97; only tab, LF, CR and U+0020-U+00FF are allowed",
			   "a two-byte character above U+00FF is refused and named");
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/\xe2\x82\xac'}}",
						RSI_POLICY_IDENTITY),
			   "(document): policy document contains character U+20AC at byte offset 97; only tab, LF, CR and U+0020-U+00FF are allowed",
			   "the euro sign (three bytes) is refused and named");
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/\xf0\x9f\x98\x80'}}",
						RSI_POLICY_IDENTITY),
			   "(document): policy document contains character U+1F600 at byte offset 97; only tab, LF, CR and U+0020-U+00FF are allowed",
			   "an emoji (four bytes) is refused and named");
	/* the same characters written as \u escapes: found in the element, named there */
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/\\u0100'}}",
						RSI_POLICY_IDENTITY),
			   "Statement[0].Resource: contains character U+0100, which IAM policies do not allow (only tab, LF, CR and U+0020-U+00FF)",
			   "\\u0100 is refused in its element");
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/\\u20ac'}}",
						RSI_POLICY_IDENTITY),
			   "Statement[0].Resource: contains character U+20AC, which IAM policies do not allow (only tab, LF, CR and U+0020-U+00FF)",
			   "\\u20ac is refused in its element");
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/\\ud83d\\ude00'}}",
						RSI_POLICY_IDENTITY),
			   "Statement[0].Resource: contains character U+1F600, which IAM policies do not allow (only tab, LF, CR and U+0020-U+00FF)",
			   "a surrogate pair is refused in its element as one character");
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/\\u00ff'}}",
						RSI_POLICY_IDENTITY), "", "\\u00ff is allowed");
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/\\u0007'}}",
						RSI_POLICY_IDENTITY),
			   "Statement[0].Resource: contains character U+0007, which IAM policies do not allow (only tab, LF, CR and U+0020-U+00FF)",
			   "a control character written as \\u0007 is refused");
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/\\t\\n\\r'}}",
						RSI_POLICY_IDENTITY), "", "tab, LF and CR are allowed");
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:\\u0001\xc3\xa9xyz:s3:::b'}}",
						RSI_POLICY_IDENTITY),
			   "Statement[0].Resource: contains character U+0001, which IAM policies do not allow (only tab, LF, CR and U+0020-U+00FF)",
			   "the first character not allowed is named");
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:Get\xc3\xa9','Resource':'*'}}",
						RSI_POLICY_IDENTITY),
			   "Statement[0].Action: invalid character in the action name of \"s3:Get\xc3\xa9\"",
			   "a Latin-1 letter in an action is shown whole in the message");
	TAP_IS_STR(error_of("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s\\u00013:Get','Resource':'*'}}",
						RSI_POLICY_IDENTITY),
			   "Statement[0].Action: invalid character in the service prefix of action \"s?3:Get\"",
			   "a control character in a message is shown as '?'");
}

/* ${...} expansion past max_expanded names the element it was expanding */
static void
test_expansion_bound(void)
{
	const char *doc = "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'},"
		"{'Effect':'Deny','Action':'s3:GetObject','Resource':'*','Condition':{'StringLike':{'s3:prefix':'${aws:username}/${aws:username}/${aws:username}'}}}]}";
	const char *doc2 = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:GetObject',"
		"'Resource':['arn:aws:s3:::a','arn:aws:s3:::b/${aws:username}${aws:username}']}}";
	char	   *json;
	rsi_policy *p;
	const char *user[1] = {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
	const char *prefix[1] = {"x"};
	rsi_context_entry ctx[2] = {{"aws:username", user, 1}, {"s3:prefix", prefix, 1}};
	rsi_request rq = {"s3:GetObject", "arn:aws:s3:::z", ctx, 2};
	rsi_eval_options opts = {60, NULL, NULL};
	rsi_eval_result r;
	rsi_eval_error e;

	json = q(doc);
	p = rsi_policy_parse(json, strlen(json), "bounded", &err);
	free(json);
	memset(&e, 0, sizeof(e));
	TAP_IS_INT(rsi_policy_evaluate_ext((const rsi_policy *const *) &p, 1, &rq, &opts, &r, &e), RSI_EVAL_TOO_LONG,
			   "a condition value expanding past max_expanded stops the evaluation");
	TAP_IS_STR(e.element, "Statement[1].Condition (key s3:prefix)", "... naming the statement and the condition key");
	TAP_IS_STR(e.policy, "bounded", "... and the policy");
	TAP_OK(r.nmatched == 0 && r.matched == NULL, "... with an empty result");
	opts.max_expanded = 200;
	TAP_IS_INT(rsi_policy_evaluate_ext((const rsi_policy *const *) &p, 1, &rq, &opts, &r, &e), RSI_EVAL_OK,
			   "a larger bound lets it through");
	TAP_IS_INT(r.decision, RSI_DECISION_ALLOWED, "... and the condition does not match: allowed");
	rsi_eval_result_free(&r);
	rsi_policy_free(p);

	json = q(doc2);
	p = rsi_policy_parse(json, strlen(json), NULL, &err);
	free(json);
	opts.max_expanded = 60;
	memset(&e, 0, sizeof(e));
	TAP_IS_INT(rsi_policy_evaluate_ext((const rsi_policy *const *) &p, 1, &rq, &opts, &r, &e), RSI_EVAL_TOO_LONG,
			   "a Resource expanding past max_expanded stops the evaluation");
	TAP_IS_STR(e.element, "Statement[0].Resource[1]", "... naming the Resource entry");
	TAP_IS_STR(e.policy, "", "... and an unnamed policy as \"\"");
	rsi_policy_free(p);
}

/* Is s3:GetObject on resource allowed by a policy whose Resource is pattern, for aws:username = user (NULL: absent)? */
static int
resource_allows(const char *pattern, const char *resource, const char *user)
{
	char		doc[512];
	rsi_policy *p;
	const char *vals[1] = {user};
	rsi_context_entry e = {"aws:username", vals, user ? 1 : 0};
	rsi_request rq = {"s3:GetObject", resource, &e, 1};
	rsi_eval_result r;
	int			d;

	/* written with double quotes: the defaults' single quotes stay as they are */
	snprintf(doc, sizeof(doc), "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
			 "\"Resource\":\"%s\"}}", pattern);
	p = rsi_policy_parse(doc, strlen(doc), "v", &err);
	if (p == NULL)
	{
		printf("#   rejected: %s: %s\n", err.element, err.message);
		return -1;
	}
	if (rsi_policy_evaluate((const rsi_policy *const *) &p, 1, &rq, &r) != 0)
		d = -2;
	else
		d = r.decision == RSI_DECISION_ALLOWED;
	rsi_eval_result_free(&r);
	rsi_policy_free(p);
	return d;
}

static int	stop_calls;

static int
stop_now(void *arg)
{
	(void) arg;
	stop_calls++;
	return 1;
}

/*
 * Policy variables (IAM User Guide, "IAM policy elements: Variables and
 * tags", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
 * blanks inside ${ }, default values, the special ${*} ${?} ${$}.
 */
static void
test_variables(void)
{
	TAP_IS_INT(resource_allows("arn:aws:s3:::b/${ aws:username }/*", "arn:aws:s3:::b/ann/x", "ann"), 1,
			   "blanks inside ${ } are ignored");
	TAP_IS_INT(resource_allows("arn:aws:s3:::b/${aws:username, 'guest'}/*", "arn:aws:s3:::b/guest/x", NULL), 1,
			   "a missing variable takes its default");
	TAP_IS_INT(resource_allows("arn:aws:s3:::b/${aws:username , 'guest' }/*", "arn:aws:s3:::b/ann/x", "ann"), 1,
			   "a present variable ignores its default (blanks around the parts)");
	TAP_IS_INT(resource_allows("arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/guest/x", NULL), 0,
			   "a missing variable without a default matches nothing");
	TAP_IS_INT(resource_allows("arn:aws:s3:::b/${aws:username,guest}/*", "arn:aws:s3:::b/${aws:username,guest}/x", "ann"), 1,
			   "a default without quotes is no variable: the text is literal");
	TAP_IS_INT(resource_allows("arn:aws:s3:::b/${aws:username, 'guest}/*", "arn:aws:s3:::b/${aws:username, 'guest}/x", "ann"), 1,
			   "an unclosed default is literal text");
	TAP_IS_INT(resource_allows("arn:aws:s3:::b/${aws:username, 'guest' x}/*", "arn:aws:s3:::b/${aws:username, 'guest' x}/y", "ann"), 1,
			   "text after a default is literal text");
	TAP_IS_INT(resource_allows("arn:aws:s3:::b/${*}x", "arn:aws:s3:::b/*x", NULL), 1, "${*} is a literal '*'");
	TAP_IS_INT(resource_allows("arn:aws:s3:::b/${*}x", "arn:aws:s3:::b/yx", NULL), 0, "... not a wildcard");
	TAP_IS_INT(resource_allows("arn:aws:s3:::b/${?}", "arn:aws:s3:::b/?", NULL), 1, "${?} is a literal '?'");
	TAP_IS_INT(resource_allows("arn:aws:s3:::b/${$}", "arn:aws:s3:::b/$", NULL), 1, "${$} is a literal '$'");
	TAP_IS_INT(resource_allows("arn:aws:s3:::b/${}", "arn:aws:s3:::b/${}", NULL), 1, "${} is literal text");
	TAP_IS_INT(resource_allows("arn:aws:s3:::b/**/${aws:username}", "arn:aws:s3:::b/a/b/ann", "ann"), 1,
			   "two stars in a row with a variable match as one");

	/* StringEqualsIgnoreCase with a variable; a stop callback */
	{
		char	   *json = q("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*',"
							 "'Condition':{'StringEqualsIgnoreCase':{'s3:prefix':'home/${aws:username}'}}}}");
		rsi_policy *p = rsi_policy_parse(json, strlen(json), "ic", &err);
		const char *user[1] = {"Ann"};
		const char *prefix[1] = {"HOME/ANN"};
		rsi_context_entry ctx[2] = {{"aws:username", user, 1}, {"s3:prefix", prefix, 1}};
		rsi_request rq = {"s3:ListBucket", "arn:aws:s3:::b", ctx, 2};
		rsi_eval_result r;
		rsi_eval_options opts = {0, stop_now, NULL};
		int			i,
					rc;

		free(json);
		TAP_OK(p != NULL && rsi_policy_evaluate((const rsi_policy *const *) &p, 1, &rq, &r) == 0 &&
			   r.decision == RSI_DECISION_ALLOWED, "StringEqualsIgnoreCase with a variable, ignoring case");
		rsi_eval_result_free(&r);
		/* enough statements for the evaluation to ask whether to stop */
		rsi_policy_free(p);
		{
			char		big[8192];
			size_t		o = 0;

			o += (size_t) snprintf(big + o, sizeof(big) - o, "{'Version':'2012-10-17','Statement':[");
			for (i = 0; i < 100; i++)
				o += (size_t) snprintf(big + o, sizeof(big) - o, "%s{'Effect':'Allow','Action':'s3:Get%d','Resource':'*'}",
									   i ? "," : "", i);
			snprintf(big + o, sizeof(big) - o, "]}");
			json = q(big);
		}
		p = rsi_policy_parse(json, strlen(json), "many", &err);
		free(json);
		stop_calls = 0;
		rc = rsi_policy_evaluate_ext((const rsi_policy *const *) &p, 1, &rq, &opts, &r, NULL);
		TAP_IS_INT(rc, RSI_EVAL_STOPPED, "a should_stop answering yes stops the evaluation");
		TAP_OK(stop_calls == 1 && r.nmatched == 0, "... at its first call, with an empty result");
		rsi_policy_free(p);
	}
}

#define ACT(a) "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'" a "','Resource':'*'}}"
#define RES(r) "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'" r "'}}"

/* Action and Resource shapes, one refusal each */
static void
test_action_resource(void)
{
	TAP_IS_STR(error_of(ACT("s"), RSI_POLICY_IDENTITY),
			   "Statement[0].Action: Action must be \"*\" or \"service:action\", found \"s\"", "a one-letter action");
	TAP_IS_STR(error_of(ACT("s3:"), RSI_POLICY_IDENTITY),
			   "Statement[0].Action: Action must be \"*\" or \"service:action\", found \"s3:\"", "an action without a name");
	TAP_IS_STR(error_of(ACT(":Get"), RSI_POLICY_IDENTITY),
			   "Statement[0].Action: Action must be \"*\" or \"service:action\", found \":Get\"", "an action without a service");
	TAP_IS_STR(error_of(ACT("s?:Get"), RSI_POLICY_IDENTITY),
			   "Statement[0].Action: the service prefix of an action may not contain wildcards, found \"s?:Get\"",
			   "'?' in the service prefix");
	TAP_IS_STR(error_of(ACT("s#3:Get"), RSI_POLICY_IDENTITY),
			   "Statement[0].Action: invalid character in the service prefix of action \"s#3:Get\"", "'#' in the service prefix");
	TAP_IS_STR(error_of(ACT("s3:Get\\u007f"), RSI_POLICY_IDENTITY),
			   "Statement[0].Action: invalid character in the action name of \"s3:Get?\"", "DEL is shown as '?'");
	TAP_IS_STR(error_of(ACT("s3:**Get*?*"), RSI_POLICY_IDENTITY), "", "runs of wildcards in an action name");
	TAP_IS_STR(error_of(RES("a"), RSI_POLICY_IDENTITY),
			   "Statement[0].Resource: Resource must be \"*\" or an ARN starting with \"arn:\", found \"a\"", "a one-letter resource");
	TAP_IS_STR(error_of(RES("arn:aws:s?:::b"), RSI_POLICY_IDENTITY),
			   "Statement[0].Resource: wildcards are not allowed in the service part of an ARN, found \"arn:aws:s?:::b\"",
			   "'?' in the service part of an ARN");
	TAP_IS_STR(error_of(RES("arn:aws::::b"), RSI_POLICY_IDENTITY),
			   "Statement[0].Resource: \"arn:aws::::b\" is not a valid ARN: expected arn:partition:service:region:account:resource",
			   "an empty service");
	TAP_IS_STR(error_of(RES("**arn"), RSI_POLICY_IDENTITY),
			   "Statement[0].Resource: Resource must be \"*\" or an ARN starting with \"arn:\", found \"**arn\"", "stars before arn:");
	TAP_IS_STR(error_of(RES("arn:aws:s3:::**b**"), RSI_POLICY_IDENTITY), "", "runs of stars in a resource");

	/* principals that look like an account and are not one */
	TAP_IS_INT(decide_as(BUCKET("{'AWS':'12345678901-'}"), "AWS", ROLE_A, "12345678901-", NULL),
			   RSI_DECISION_IMPLICIT_DENY, "a '-' among twelve characters: not an account");
	TAP_IS_INT(decide_as(BUCKET("{'AWS':'arn:aws:iam::12345678901-:root'}"), "AWS", ROLE_A, "12345678901-", NULL),
			   RSI_DECISION_IMPLICIT_DENY, "a '-' in a root ARN's account: not an account");
	TAP_IS_INT(decide_as(BUCKET("{'AWS':'arn:'}"), "AWS", "arn:", NULL, NULL),
			   RSI_DECISION_ALLOWED, "\"arn:\" alone is a name, matched as such");
	TAP_IS_INT(decide_as(BUCKET("{'Service':'*'}"), "Service", "ec2.amazonaws.com", NULL, NULL),
			   RSI_DECISION_IMPLICIT_DENY, "{\"Service\": \"*\"} is no wildcard (only AWS \"*\" is)");
	TAP_IS_INT(decide_as(BUCKET("{'Service':'*'}"), "Service", "*", NULL, NULL),
			   RSI_DECISION_ALLOWED, "... it names the service \"*\"");
	TAP_IS_INT(decide_as(BUCKET("{'AWS':'*'}"), "AWS", ROLE_A, NULL, NULL),
			   RSI_DECISION_ALLOWED, "{\"AWS\": \"*\"} allows any AWS principal");
}

/* bytes that are not UTF-8, in the raw text: refused at their byte offset */
#define UTF8_97 "(document): policy document is not valid UTF-8 (byte offset 97)"
static void
test_raw_bytes(void)
{
	TAP_IS_STR(error_of(RES("arn:aws:s3:::b/\xc0\x80"), RSI_POLICY_IDENTITY), UTF8_97, "an overlong encoding");
	TAP_IS_STR(error_of(RES("arn:aws:s3:::b/\xff"), RSI_POLICY_IDENTITY), UTF8_97, "a byte that starts nothing");
	TAP_IS_STR(error_of(RES("arn:aws:s3:::b/\xe2\x82"), RSI_POLICY_IDENTITY), UTF8_97, "a cut sequence");
	TAP_IS_STR(error_of(RES("arn:aws:s3:::b/\xc3("), RSI_POLICY_IDENTITY), UTF8_97, "a Latin-1 lead byte without its continuation");
}

int
main(void)
{
	test_principals();
	test_condition_values();
	test_characters();
	test_expansion_bound();
	test_variables();
	test_action_resource();
	test_raw_bytes();
	return tap_done();
}
