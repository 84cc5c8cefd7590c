/*
 * test_policy.c — unit tests for the IAM identity-policy engine
 * (src/core/policy/policy_*.c): the policy grammar and evaluation rules of docs/policy.md,
 * the PassRole and explicit-deny vectors, and the seed scenario's policy.
 *
 * Policies are written with single quotes for readability; q() turns them
 * into JSON double quotes (a literal ' in JSON is written \u0027).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "policy/policy.h"
#include "tap.h"

#define IMPLICIT RSI_DECISION_IMPLICIT_DENY
#define ALLOWED RSI_DECISION_ALLOWED
#define EXPLICIT RSI_DECISION_EXPLICIT_DENY
#define PARSE_FAILED (-1)

#define ROLE(n) "arn:aws:iam::123456789012:role/" n
#define CLUSTER(n) "arn:aws:redshift:us-east-1:123456789012:cluster:" n

/* ---------- helpers ---------- */

/*
 * Time budgets are for a plain build; under ASan or valgrind (detected
 * from the compiler macro / valgrind's LD_PRELOAD) or with RSI_TEST_SLOW
 * set they are relaxed 50-fold, since those tools slow everything down.
 */
static double
time_budget(double secs)
{
	const char *pre = getenv("LD_PRELOAD");
	int			slow = getenv("RSI_TEST_SLOW") != NULL ||
		(pre != NULL && strstr(pre, "vgpreload") != NULL);

#if defined(__SANITIZE_ADDRESS__)
	slow = 1;
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
	slow = 1;					/* clang's spelling of the same */
#endif
#endif
	return slow ? secs * 50 : secs;
}

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

/* "k=v1|v2;k2=v3"; a key without '=' is present with no values */
typedef struct tctx
{
	rsi_context_entry e[8];
	const char *v[8][8];
	char		buf[2048];
	size_t		n;
} tctx;

static void
ctx_parse(tctx *c, const char *spec)
{
	char	   *p = c->buf;

	c->n = 0;
	if (spec == NULL)
		return;
	snprintf(c->buf, sizeof(c->buf), "%s", spec);
	while (*p && c->n < 8)
	{
		char	   *end = strchr(p, ';');
		char	   *eq;
		rsi_context_entry *e = &c->e[c->n];

		if (end)
			*end = '\0';
		eq = strchr(p, '=');
		e->key = p;
		e->values = c->v[c->n];
		e->nvalues = 0;
		if (eq)
		{
			char	   *v = eq + 1;

			*eq = '\0';
			for (;;)
			{
				char	   *bar = strchr(v, '|');

				if (bar)
					*bar = '\0';
				c->v[c->n][e->nvalues++] = v;
				if (!bar || e->nvalues == 8)
					break;
				v = bar + 1;
			}
		}
		c->n++;
		if (!end)
			break;
		p = end + 1;
	}
}

static rsi_policy *
parse_q(const char *doc, rsi_policy_error *err)
{
	char	   *json = q(doc);
	rsi_policy *p = rsi_policy_parse(json, strlen(json), "test", err);

	free(json);
	return p;
}

/* Evaluate; keeps the policy alive in *pp so that res->matched stays valid. */
static int
run(const char *doc, const char *action, const char *resource,
	const char *ctx, rsi_policy **pp, rsi_eval_result *res)
{
	rsi_policy_error err;
	rsi_request rq;
	tctx		c;
	rsi_policy *p = parse_q(doc, &err);

	memset(res, 0, sizeof(*res));
	*pp = p;
	if (p == NULL)
	{
		printf("# unexpected parse error: %s: %s\n", err.element, err.message);
		return PARSE_FAILED;
	}
	ctx_parse(&c, ctx);
	rq.action = action;
	rq.resource = resource;
	rq.context = c.e;
	rq.ncontext = c.n;
	if (rsi_policy_evaluate((const rsi_policy *const *) pp, 1, &rq, res) != 0)
		return -2;
	return (int) res->decision;
}

static int
decide(const char *doc, const char *action, const char *resource, const char *ctx)
{
	rsi_policy *p;
	rsi_eval_result r;
	int			d = run(doc, action, resource, ctx, &p, &r);

	rsi_eval_result_free(&r);
	rsi_policy_free(p);
	return d;
}

/* 1 = condition block holds, 0 = it does not, -1 = policy rejected */
static int
cond_v(const char *version, const char *condition, const char *ctx)
{
	char		doc[4096];
	int			d;

	snprintf(doc, sizeof(doc), "{%s'Statement':{'Effect':'Allow',"
			 "'Action':'s3:GetObject','Resource':'*','Condition':%s}}",
			 version, condition);
	d = decide(doc, "s3:GetObject", "arn:aws:s3:::bucket/key", ctx);
	return d == ALLOWED ? 1 : d == IMPLICIT ? 0 : -1;
}

static int
cond(const char *condition, const char *ctx)
{
	return cond_v("'Version':'2012-10-17',", condition, ctx);
}

/* Missing keys reported for a one-statement condition test. */
static int
missing_has(const char *condition, const char *ctx, const char *key)
{
	char		doc[4096];
	rsi_policy *p;
	rsi_eval_result r;
	size_t		i;
	int			found = 0;

	snprintf(doc, sizeof(doc), "{'Version':'2012-10-17','Statement':{'Effect':"
			 "'Allow','Action':'s3:GetObject','Resource':'*','Condition':%s}}",
			 condition);
	run(doc, "s3:GetObject", "arn:aws:s3:::bucket/key", ctx, &p, &r);
	for (i = 0; i < r.nmissing; i++)
		if (strcmp(r.missing_context[i], key) == 0)
			found = 1;
	if (key == NULL)
		found = r.nmissing == 0;
	rsi_eval_result_free(&r);
	rsi_policy_free(p);
	return found;
}

static void
expect_error(const char *doc, const char *element, const char *fragment)
{
	rsi_policy_error err;
	rsi_policy *p = parse_q(doc, &err);

	TAP_OK(p == NULL, "rejected: %s", fragment);
	TAP_IS_STR(err.element, element, "  element is %s", element);
	TAP_OK(strstr(err.message, fragment) != NULL, "  message has \"%s\"", fragment);
	if (strstr(err.message, fragment) == NULL)
		printf("#   message: %s\n", err.message);
	rsi_policy_free(p);
}

static void
expect_error_raw(const char *text, size_t len, const char *element, const char *fragment)
{
	rsi_policy_error err;
	rsi_policy *p = rsi_policy_parse(text, len, "raw", &err);

	TAP_OK(p == NULL, "rejected: %s", fragment);
	TAP_IS_STR(err.element, element, "  element is %s", element);
	TAP_OK(strstr(err.message, fragment) != NULL, "  message has \"%s\"", fragment);
	if (strstr(err.message, fragment) == NULL)
		printf("#   message: %s\n", err.message);
	rsi_policy_free(p);
}

static int
parses(const char *doc)
{
	rsi_policy_error err;
	rsi_policy *p = parse_q(doc, &err);
	int			ok = p != NULL;

	if (!ok)
		printf("# parse error: %s: %s\n", err.element, err.message);
	rsi_policy_free(p);
	return ok;
}

/* ---------- PassRole vectors ---------- */

static const char *passrole_redshift =
"{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'iam:PassRole',"
"'Resource':'arn:aws:iam::*:role/*','Condition':{'StringEquals':"
"{'iam:PassedToService':'redshift.amazonaws.com'}}}]}";

static const char *passrole_sagemaker =
"{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'iam:PassRole',"
"'Resource':'arn:aws:iam::*:role/*','Condition':{'StringEquals':"
"{'iam:PassedToService':'sagemaker.amazonaws.com'}}}]}";

static void
test_f150(void)
{
	const char *ctx = "iam:PassedToService=redshift.amazonaws.com;"
		"iam:AssociatedResourceArn=" CLUSTER("my-redshift-cluster");
	const char *deny_prod =
		"{'Version':'2012-10-17','Statement':["
		"{'Effect':'Allow','Action':'redshift:*','Resource':'*'},"
		"{'Sid':'DenyModifyProtected','Effect':'Deny','Action':'redshift:ModifyClusterIamRoles',"
		"'Resource':'arn:aws:redshift:us-west-2:123456789012:cluster:production*'}]}";
	const char *mg_example2 =
		"{'Version':'2012-10-17','Statement':["
		"{'Effect':'Allow','Action':'redshift:*','Resource':'arn:aws:redshift:us-west-2:*'},"
		"{'Effect':'Deny','Action':'redshift:Delete*','Resource':'arn:aws:redshift:us-west-2:*'}]}";
	const char *plus = "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
		"'Action':'iam:PassRole','Resource':['" ROLE("a+b") "','" ROLE("x.y") "','"
		ROLE("p(q)") "','" ROLE("[s]") "']}}";
	const char *arnlike = "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
		"'Action':'iam:PassRole','Resource':'*','Condition':{'ArnLike':"
		"{'iam:AssociatedResourceArn':'arn:aws:redshift:*:*:prod*'}}}}";
	const char *stringlike = "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
		"'Action':'iam:PassRole','Resource':'*','Condition':{'StringLike':"
		"{'iam:AssociatedResourceArn':'arn:aws:redshift:*:*:prod*'}}}}";
	const char *arnlike_role = "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
		"'Action':'iam:PassRole','Resource':'*','Condition':{'ArnLike':"
		"{'aws:SourceArn':'arn:aws:iam::*:role/*'}}}}";
	const char *prod = "iam:AssociatedResourceArn=arn:aws:redshift:us-east-1:123456789012:cluster:prod-1";
	rsi_policy *p;
	rsi_eval_result r;

	TAP_IS_INT(decide(passrole_redshift, "iam:PassRole", ROLE("MyRedshiftRole"), ctx),
			   ALLOWED, "PassRole with iam:PassedToService=redshift is allowed");
	TAP_IS_INT(decide(passrole_redshift, "iam:PassRole", ROLE("MyRedshiftRole"),
					  "iam:PassedToService=sagemaker.amazonaws.com"),
			   IMPLICIT, "same policy, request for sagemaker: implicitDeny");
	TAP_IS_INT(decide(passrole_sagemaker, "iam:PassRole", ROLE("MyRedshiftRole"), ctx),
			   IMPLICIT, "policy allowing only sagemaker: implicitDeny for redshift");
	TAP_IS_INT(decide(passrole_redshift, "iam:PassRole", ROLE("MyRedshiftRole"), NULL),
			   IMPLICIT, "no PassedToService in context: implicitDeny");
	TAP_IS_INT(decide(passrole_redshift, "iam:PassRole",
					  "arn:aws:iam::123456789012:user/Bob", ctx),
			   IMPLICIT, "PassRole policy on role/* does not cover a user ARN");

	TAP_IS_INT(run(deny_prod, "redshift:ModifyClusterIamRoles",
				   "arn:aws:redshift:us-west-2:123456789012:cluster:production-db",
				   NULL, &p, &r), EXPLICIT,
			   "explicit Deny on production* beats Allow on *");
	TAP_IS_INT(r.nmatched, 1, "  one deciding statement");
	TAP_IS_INT(r.nmatched ? r.matched[0].statement_index : -1, 1, "  it is Statement[1]");
	TAP_IS_STR(r.nmatched ? r.matched[0].sid : NULL, "DenyModifyProtected", "  its Sid");
	TAP_IS_INT(r.nmatched ? r.matched[0].effect_deny : 0, 1, "  its effect is Deny");
	TAP_IS_STR(r.nmatched ? r.matched[0].policy_name : NULL, "test", "  its policy name");
	rsi_eval_result_free(&r);
	rsi_policy_free(p);
	TAP_IS_INT(decide(deny_prod, "redshift:ModifyClusterIamRoles",
					  "arn:aws:redshift:us-west-2:123456789012:cluster:staging", NULL),
			   ALLOWED, "the same Allow on * covers a non-production cluster");
	TAP_IS_INT(decide(deny_prod, "redshift:DescribeClusters",
					  "arn:aws:redshift:us-west-2:123456789012:cluster:production-db", NULL),
			   ALLOWED, "the Deny is only for ModifyClusterIamRoles");
	TAP_IS_INT(decide(mg_example2, "redshift:CreateCluster",
					  "arn:aws:redshift:us-west-2:123456789012:cluster:c1", NULL),
			   ALLOWED, "management guide example 2: '*' crosses colons in Resource");
	TAP_IS_INT(decide(mg_example2, "redshift:DeleteCluster",
					  "arn:aws:redshift:us-west-2:123456789012:cluster:c1", NULL),
			   EXPLICIT, "management guide example 2: redshift:Delete* denied");
	TAP_IS_INT(decide(mg_example2, "redshift:CreateCluster",
					  "arn:aws:redshift:us-east-1:123456789012:cluster:c1", NULL),
			   IMPLICIT, "management guide example 2: other region not allowed");

	TAP_IS_INT(decide(plus, "iam:PassRole", ROLE("aab"), NULL), IMPLICIT,
			   "resource role/a+b does not match role/aab");
	TAP_IS_INT(decide(plus, "iam:PassRole", ROLE("a+b"), NULL), ALLOWED,
			   "resource role/a+b matches role/a+b");
	TAP_IS_INT(decide(plus, "iam:PassRole", ROLE("xzy"), NULL), IMPLICIT,
			   "'.' is literal");
	TAP_IS_INT(decide(plus, "iam:PassRole", ROLE("q"), NULL), IMPLICIT,
			   "'(' ')' are literal");
	TAP_IS_INT(decide(plus, "iam:PassRole", ROLE("s"), NULL), IMPLICIT,
			   "'[' ']' are literal");
	TAP_IS_INT(decide(plus, "iam:PassRole", ROLE("[s]"), NULL), ALLOWED,
			   "role/[s] matches itself");

	TAP_IS_INT(decide(stringlike, "iam:PassRole", ROLE("R"), prod), ALLOWED,
			   "StringLike '*' crosses colons");
	TAP_IS_INT(decide(arnlike, "iam:PassRole", ROLE("R"), prod), IMPLICIT,
			   "ArnLike matches per segment, '*' does not cross colons");
	TAP_IS_INT(decide(arnlike, "iam:PassRole", ROLE("R"),
					  "iam:AssociatedResourceArn=arn:aws:redshift:us-east-1:1:prod-1"),
			   ALLOWED, "ArnLike: same pattern, resource part 'prod-1'");
	TAP_IS_INT(decide(arnlike_role, "iam:PassRole", ROLE("R"),
					  "aws:SourceArn=" ROLE("path/MyRole")), ALLOWED,
			   "ArnLike arn:aws:iam::*:role/* matches a role ARN");
}

/* ---------- seed scenario: the management guide's example policy ---------- */

static const char *seed_policy =
"{'Version':'2012-10-17','Statement':["
"{'Sid':'Describe','Effect':'Allow','Action':'redshift:DescribeClusters','Resource':'*'},"
"{'Sid':'ManageTwoClusters','Effect':'Allow',"
"'Action':['redshift:ModifyClusterIamRoles','redshift:CreateCluster'],"
"'Resource':['" CLUSTER("my-redshift-cluster") "','" CLUSTER("my-second-redshift-cluster") "']},"
"{'Sid':'PassThreeRoles','Effect':'Allow','Action':'iam:PassRole','Resource':["
"'" ROLE("MyRedshiftRole") "','" ROLE("SecondRedshiftRole") "','" ROLE("ThirdRedshiftRole") "']}]}";

static void
test_seed(void)
{
	const char *pass1 = "iam:PassedToService=redshift.amazonaws.com;"
		"iam:AssociatedResourceArn=" CLUSTER("my-redshift-cluster");
	const char *pass3 = "iam:PassedToService=redshift.amazonaws.com;"
		"iam:AssociatedResourceArn=" CLUSTER("third-cluster");
	const char *roles[] = {"MyRedshiftRole", "SecondRedshiftRole", "ThirdRedshiftRole"};
	const char *clusters[] = {CLUSTER("my-redshift-cluster"), CLUSTER("my-second-redshift-cluster")};
	rsi_policy *p;
	rsi_eval_result r;
	char		arn[256];
	int			i;

	TAP_IS_INT(decide(seed_policy, "redshift:DescribeClusters", "*", NULL), ALLOWED,
			   "seed: DescribeClusters on *");
	TAP_IS_INT(decide(seed_policy, "redshift:DescribeClusters", CLUSTER("anything"), NULL),
			   ALLOWED, "seed: DescribeClusters on any cluster ARN");
	for (i = 0; i < 2; i++)
	{
		TAP_IS_INT(decide(seed_policy, "redshift:ModifyClusterIamRoles", clusters[i], NULL),
				   ALLOWED, "seed: ModifyClusterIamRoles on %s", clusters[i]);
		TAP_IS_INT(decide(seed_policy, "redshift:CreateCluster", clusters[i], NULL),
				   ALLOWED, "seed: CreateCluster on %s", clusters[i]);
	}
	TAP_IS_INT(decide(seed_policy, "redshift:ModifyClusterIamRoles", CLUSTER("third-cluster"), NULL),
			   IMPLICIT, "seed: ModifyClusterIamRoles on a third cluster: implicitDeny");
	TAP_IS_INT(decide(seed_policy, "redshift:CreateCluster", CLUSTER("third-cluster"), NULL),
			   IMPLICIT, "seed: CreateCluster of a third cluster: implicitDeny");
	TAP_IS_INT(decide(seed_policy, "redshift:DeleteCluster", CLUSTER("my-redshift-cluster"), NULL),
			   IMPLICIT, "seed: DeleteCluster not granted");
	for (i = 0; i < 3; i++)
	{
		snprintf(arn, sizeof(arn), ROLE("%s"), roles[i]);
		TAP_IS_INT(decide(seed_policy, "iam:PassRole", arn, pass1), ALLOWED,
				   "seed: PassRole %s", roles[i]);
	}
	TAP_IS_INT(decide(seed_policy, "iam:PassRole", ROLE("RedshiftCopyUnload"), pass1),
			   IMPLICIT, "seed: PassRole RedshiftCopyUnload: implicitDeny");
	TAP_IS_INT(decide(seed_policy, "iam:PassRole", ROLE("myredshiftrole"), pass1),
			   IMPLICIT, "seed: role names are case-sensitive");
	TAP_IS_INT(decide(seed_policy, "iam:PassRole", ROLE("MyRedshiftRole"), pass3),
			   ALLOWED, "seed: PassRole itself is not limited by cluster");

	TAP_IS_INT(run(seed_policy, "iam:PassRole", ROLE("ThirdRedshiftRole"), pass1, &p, &r),
			   ALLOWED, "seed: matched statement report");
	TAP_IS_INT(r.nmatched, 1, "  one allow");
	TAP_IS_STR(r.nmatched ? r.matched[0].sid : NULL, "PassThreeRoles", "  Sid PassThreeRoles");
	TAP_IS_INT(r.nmatched ? r.matched[0].statement_index : -1, 2, "  Statement[2]");
	TAP_IS_INT(r.nmatched ? r.matched[0].effect_deny : -1, 0, "  effect Allow");
	TAP_IS_INT(r.nmissing, 0, "  nothing missing");
	rsi_eval_result_free(&r);
	rsi_policy_free(p);

	TAP_IS_INT(run(seed_policy, "iam:PassRole", ROLE("RedshiftCopyUnload"), pass1, &p, &r),
			   IMPLICIT, "seed: implicitDeny has no matched statements");
	TAP_IS_INT(r.nmatched, 0, "  nmatched 0");
	TAP_OK(r.matched == NULL, "  matched NULL");
	rsi_eval_result_free(&r);
	rsi_policy_free(p);
}

/* ---------- operators ---------- */

static void
test_string_ops(void)
{
	TAP_IS_INT(cond("{'StringEquals':{'k':'abc'}}", "k=abc"), 1, "StringEquals equal");
	TAP_IS_INT(cond("{'StringEquals':{'k':'abc'}}", "k=ABC"), 0, "StringEquals is case-sensitive");
	TAP_IS_INT(cond("{'StringEquals':{'k':'a*'}}", "k=abc"), 0, "StringEquals has no wildcards");
	TAP_IS_INT(cond("{'StringEquals':{'k':'a*'}}", "k=a*"), 1, "StringEquals '*' literal");
	TAP_IS_INT(cond("{'StringEquals':{'k':['x','abc']}}", "k=abc"), 1, "StringEquals values ORed");
	TAP_IS_INT(cond("{'StringEquals':{'k':'abc'}}", "k=abcd"), 0, "StringEquals prefix is not equal");
	TAP_IS_INT(cond("{'StringEquals':{'k':'abc'}}", NULL), 0, "StringEquals missing key false");
	TAP_IS_INT(cond("{'StringEquals':{'k':''}}", "k="), 1, "StringEquals empty string");
	TAP_IS_INT(cond("{'StringEquals':{'k':5}}", "k=5"), 1, "StringEquals JSON number as text");
	TAP_IS_INT(cond("{'StringEquals':{'k':2.5}}", "k=2.5"), 1, "StringEquals JSON real as text");
	TAP_IS_INT(cond("{'StringEquals':{'k':true}}", "k=true"), 1, "StringEquals JSON true as text");
	TAP_IS_INT(cond("{'StringEquals':{'k':0.1}}", "k=0.1"), 1, "StringEquals 0.1 shortest form");
	TAP_IS_INT(cond("{'StringNotEquals':{'k':['a','b']}}", "k=b"), 0, "StringNotEquals matches one: false");
	TAP_IS_INT(cond("{'StringNotEquals':{'k':['a','b']}}", "k=c"), 1, "StringNotEquals matches none: true");
	TAP_IS_INT(cond("{'StringNotEquals':{'k':'a'}}", "k=A"), 1, "StringNotEquals case-sensitive");
	TAP_IS_INT(cond("{'StringNotEquals':{'k':'a'}}", NULL), 1, "StringNotEquals missing key true");

	TAP_IS_INT(cond("{'StringEqualsIgnoreCase':{'k':'Redshift.AmazonAWS.com'}}",
					"k=redshift.amazonaws.COM"), 1, "StringEqualsIgnoreCase");
	TAP_IS_INT(cond("{'StringEqualsIgnoreCase':{'k':'abc'}}", "k=abd"), 0,
			   "StringEqualsIgnoreCase different");
	TAP_IS_INT(cond("{'StringEqualsIgnoreCase':{'k':'abc'}}", "k=ab"), 0,
			   "StringEqualsIgnoreCase length differs");
	TAP_IS_INT(cond("{'StringNotEqualsIgnoreCase':{'k':'abc'}}", "k=ABC"), 0,
			   "StringNotEqualsIgnoreCase equal ignoring case: false");
	TAP_IS_INT(cond("{'StringNotEqualsIgnoreCase':{'k':'abc'}}", "k=xyz"), 1,
			   "StringNotEqualsIgnoreCase different: true");

	TAP_IS_INT(cond("{'StringLike':{'k':'arn:*:role/*'}}", "k=arn:aws:iam::1:role/a/b"), 1,
			   "StringLike '*' spans ':' and '/'");
	TAP_IS_INT(cond("{'StringLike':{'k':'ab?d'}}", "k=abcd"), 1, "StringLike '?'");
	TAP_IS_INT(cond("{'StringLike':{'k':'ab?d'}}", "k=abd"), 0, "StringLike '?' needs a character");
	TAP_IS_INT(cond("{'StringLike':{'k':'ab?d'}}", "k=abccd"), 0, "StringLike '?' only one");
	TAP_IS_INT(cond("{'StringLike':{'k':'AB*'}}", "k=abc"), 0, "StringLike case-sensitive");
	TAP_IS_INT(cond("{'StringLike':{'k':'a+b'}}", "k=aab"), 0, "StringLike '+' literal");
	TAP_IS_INT(cond("{'StringNotLike':{'k':['x*','y*']}}", "k=zed"), 1, "StringNotLike none match");
	TAP_IS_INT(cond("{'StringNotLike':{'k':['x*','y*']}}", "k=yes"), 0, "StringNotLike one matches");
	TAP_IS_INT(cond("{'StringNotLike':{'k':'x*'}}", NULL), 1, "StringNotLike missing key true");

	TAP_IS_INT(cond("{'BinaryEquals':{'k':'QmluYXJ5VmFsdWU='}}", "k=QmluYXJ5VmFsdWU="), 1,
			   "BinaryEquals equal base64");
	TAP_IS_INT(cond("{'BinaryEquals':{'k':'QmluYXJ5VmFsdWU='}}", "k=qmluyxj5vmfsdwu="), 0,
			   "BinaryEquals exact");
	TAP_IS_INT(cond("{'BinaryEqualsIfExists':{'k':'QQ=='}}", NULL), 1, "BinaryEqualsIfExists missing");
}

static void
test_arn_ops(void)
{
	const char *role = "k=arn:aws:iam::123456789012:role/path/R";

	TAP_IS_INT(cond("{'ArnLike':{'k':'arn:aws:iam::*:role/*'}}", role), 1, "ArnLike role/*");
	TAP_IS_INT(cond("{'ArnEquals':{'k':'arn:aws:iam::*:role/*'}}", role), 1,
			   "ArnEquals behaves like ArnLike");
	TAP_IS_INT(cond("{'ArnEquals':{'k':'arn:aws:iam::123456789012:role/path/R'}}", role), 1,
			   "ArnEquals exact");
	TAP_IS_INT(cond("{'ArnLike':{'k':'arn:aws:iam::*:role/path/r'}}", role), 0,
			   "ArnLike case-sensitive");
	TAP_IS_INT(cond("{'ArnLike':{'k':'arn:aws:iam::12345678901?:role/*'}}", role), 1,
			   "ArnLike '?' in a segment");
	TAP_IS_INT(cond("{'ArnLike':{'k':'arn:aws:*:role/*'}}", role), 0,
			   "ArnLike pattern with fewer than six parts never matches");
	TAP_IS_INT(cond("{'ArnLike':{'k':'arn:aws:iam::*:*'}}",
					"k=arn:aws:iam::1:role/with:colons"), 1,
			   "ArnLike resource part keeps its colons");
	TAP_IS_INT(cond("{'ArnLike':{'k':'*'}}", role), 0, "ArnLike '*' alone is not an ARN");
	TAP_IS_INT(cond("{'ArnLike':{'k':'arn:aws:iam::*:role/*'}}", "k=not-an-arn"), 0,
			   "non-ARN context value does not match ArnLike");
	TAP_IS_INT(cond("{'ArnNotLike':{'k':'arn:aws:iam::*:role/*'}}", "k=not-an-arn"), 1,
			   "non-ARN context value satisfies ArnNotLike");
	TAP_IS_INT(cond("{'ArnNotLike':{'k':'arn:aws:iam::*:role/*'}}", role), 0,
			   "ArnNotLike matching value: false");
	TAP_IS_INT(cond("{'ArnNotEquals':{'k':'arn:aws:iam::*:user/*'}}", role), 1,
			   "ArnNotEquals non-matching value: true");
	TAP_IS_INT(cond("{'ArnNotLike':{'k':'arn:aws:iam::*:role/*'}}", NULL), 1,
			   "ArnNotLike missing key: true");
	TAP_IS_INT(cond("{'ArnLike':{'iam:AssociatedResourceARN':'" CLUSTER("*") "'}}",
					"iam:AssociatedResourceArn=" CLUSTER("c1")), 1,
			   "AssociatedResourceARN and ...Arn are one key");
}

static void
test_numeric_date_ops(void)
{
	TAP_IS_INT(cond("{'NumericEquals':{'k':10}}", "k=10"), 1, "NumericEquals");
	TAP_IS_INT(cond("{'NumericEquals':{'k':'10'}}", "k=10.0"), 1, "NumericEquals numeric, not textual");
	TAP_IS_INT(cond("{'NumericEquals':{'k':10}}", "k=11"), 0, "NumericEquals different");
	TAP_IS_INT(cond("{'NumericNotEquals':{'k':10}}", "k=11"), 1, "NumericNotEquals");
	TAP_IS_INT(cond("{'NumericNotEquals':{'k':10}}", "k=10"), 0, "NumericNotEquals equal");
	TAP_IS_INT(cond("{'NumericLessThan':{'k':10}}", "k=9"), 1, "NumericLessThan below");
	TAP_IS_INT(cond("{'NumericLessThan':{'k':10}}", "k=10"), 0, "NumericLessThan equal");
	TAP_IS_INT(cond("{'NumericLessThanEquals':{'k':10}}", "k=10"), 1, "NumericLessThanEquals equal");
	TAP_IS_INT(cond("{'NumericLessThanEquals':{'k':10}}", "k=11"), 0, "NumericLessThanEquals above");
	TAP_IS_INT(cond("{'NumericGreaterThan':{'k':10}}", "k=1e2"), 1, "NumericGreaterThan exponent");
	TAP_IS_INT(cond("{'NumericGreaterThan':{'k':10}}", "k=10"), 0, "NumericGreaterThan equal");
	TAP_IS_INT(cond("{'NumericGreaterThanEquals':{'k':-1.5}}", "k=-1.5"), 1,
			   "NumericGreaterThanEquals negative real");
	TAP_IS_INT(cond("{'NumericGreaterThanEquals':{'k':0}}", "k=-0.5"), 0,
			   "NumericGreaterThanEquals below");
	TAP_IS_INT(cond("{'NumericEquals':{'k':100}}", "k=1e+2"), 1, "Numeric: exponent with sign");
	TAP_IS_INT(cond("{'NumericEquals':{'k':10}}", "k=ten"), 0, "Numeric: non-number does not match");
	TAP_IS_INT(cond("{'NumericEquals':{'k':10}}", "k= 10"), 0, "Numeric: no blanks");
	TAP_IS_INT(cond("{'NumericEquals':{'k':10}}", "k=0x0A"), 0, "Numeric: no hex");
	TAP_IS_INT(cond("{'NumericEquals':{'k':10}}", "k=1e999"), 0, "Numeric: overflow rejected");
	TAP_IS_INT(cond("{'NumericLessThanIfExists':{'k':10}}", "k=5"), 1,
			   "NumericLessThanIfExists evaluates a present key");
	TAP_IS_INT(cond("{'NumericLessThanIfExists':{'k':10}}", "k=50"), 0,
			   "NumericLessThanIfExists present, false");
	TAP_IS_INT(cond("{'NumericLessThan':{'aws:MultiFactorAuthAge':'3600'}}",
					"aws:MultiFactorAuthAge=120"), 1, "Numeric policy value as string");

	TAP_IS_INT(cond("{'DateLessThan':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2025-12-31T23:59:59Z"), 1, "DateLessThan");
	TAP_IS_INT(cond("{'DateLessThan':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2026-01-01T00:00:00Z"), 0, "DateLessThan equal");
	TAP_IS_INT(cond("{'DateLessThanEquals':{'aws:CurrentTime':'2026-01-01'}}",
					"aws:CurrentTime=2026-01-01T00:00:00Z"), 1, "DateLessThanEquals date only");
	TAP_IS_INT(cond("{'DateGreaterThan':{'aws:CurrentTime':'2020-02-29T12:00:00Z'}}",
					"aws:CurrentTime=2020-02-29T12:00:00.5Z"), 1, "DateGreaterThan fraction, leap day");
	TAP_IS_INT(cond("{'DateGreaterThanEquals':{'aws:CurrentTime':'2020-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2019-12-31T23:59:59Z"), 0, "DateGreaterThanEquals below");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=1767225600"), 1, "DateEquals ISO vs epoch seconds");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':1767225600}}",
					"aws:CurrentTime=2026-01-01T01:00:00+01:00"), 1, "DateEquals JSON epoch vs +01:00");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2025-12-31T19:00:00-0500"), 1, "DateEquals -0500 zone");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2025-12-31T14:00-10"), 1, "DateEquals -10 zone, no seconds");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'1969-12-31T23:59:59Z'}}",
					"aws:CurrentTime=-1"), 1, "DateEquals before the epoch");
	TAP_IS_INT(cond("{'DateNotEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2026-01-02T00:00:00Z"), 1, "DateNotEquals");
	TAP_IS_INT(cond("{'DateNotEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2026-01-01T00:00:00Z"), 0, "DateNotEquals equal");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2026-02-30T00:00:00Z"), 0, "Date: 30 February is not a date");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2026-01-01T24:00:00Z"), 0, "Date: hour 24 rejected");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2026-01-01T00:00:00Zjunk"), 0, "Date: trailing junk");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2026-01-01T00:00:00+01:"), 0, "Date: broken zone");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2026-01-01T00:00:00."), 0, "Date: empty fraction");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2026-13-01"), 0, "Date: month 13");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2026-01-01T1x:00Z"), 0, "Date: bad hour");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2026-01-01T10:00:xxZ"), 0, "Date: bad seconds");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2026-01-01T10:00:00+0x"), 0, "Date: bad zone hours");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2026-01-01T10:00:00+25:00"), 0, "Date: zone out of range");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}",
					"aws:CurrentTime=2026-1-01"), 0, "Date: one-digit month");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2000-02-29'}}",
					"aws:CurrentTime=2000-02-29t00:00z"), 1, "Date: 2000 is a leap year; lower-case t/z");
	TAP_IS_INT(cond("{'DateEquals':{'aws:CurrentTime':'2100-03-01'}}",
					"aws:CurrentTime=2100-02-29"), 0, "Date: 2100 is not a leap year");
	TAP_IS_INT(cond("{'DateLessThanIfExists':{'aws:CurrentTime':'2026-01-01'}}", NULL), 1,
			   "DateLessThanIfExists missing key");
}

static void
test_bool_null_ip_ops(void)
{
	TAP_IS_INT(cond("{'Bool':{'aws:SecureTransport':true}}", "aws:SecureTransport=true"), 1,
			   "Bool with JSON true");
	TAP_IS_INT(cond("{'Bool':{'aws:SecureTransport':false}}", "aws:SecureTransport=false"), 1,
			   "Bool with JSON false");
	TAP_IS_INT(cond("{'Bool':{'aws:SecureTransport':'true'}}", "aws:SecureTransport=TRUE"), 1,
			   "Bool with string 'true', context 'TRUE'");
	TAP_IS_INT(cond("{'Bool':{'aws:SecureTransport':'false'}}", "aws:SecureTransport=true"), 0,
			   "Bool mismatch");
	TAP_IS_INT(cond("{'Bool':{'aws:SecureTransport':true}}", "aws:SecureTransport=yes"), 0,
			   "Bool: context value that is not a boolean");
	TAP_IS_INT(cond("{'Bool':{'aws:SecureTransport':true}}", NULL), 0, "Bool missing key false");
	TAP_IS_INT(cond("{'BoolIfExists':{'aws:SecureTransport':true}}", NULL), 1,
			   "BoolIfExists missing key true");
	TAP_IS_INT(cond("{'BoolIfExists':{'aws:SecureTransport':true}}", "aws:SecureTransport=false"), 0,
			   "BoolIfExists present and false");

	TAP_IS_INT(cond("{'Null':{'aws:TokenIssueTime':'true'}}", NULL), 1, "Null true: key absent");
	TAP_IS_INT(cond("{'Null':{'aws:TokenIssueTime':true}}", "aws:TokenIssueTime=x"), 0,
			   "Null true: key present -> false");
	TAP_IS_INT(cond("{'Null':{'aws:TokenIssueTime':'false'}}", "aws:TokenIssueTime=x"), 1,
			   "Null false: key present");
	TAP_IS_INT(cond("{'Null':{'aws:TokenIssueTime':false}}", NULL), 0, "Null false: key absent");
	TAP_IS_INT(cond("{'Null':{'aws:TokenIssueTime':false}}", "aws:TokenIssueTime"), 0,
			   "Null: an entry with no values is absent");
	TAP_OK(missing_has("{'Null':{'k':false}}", NULL, NULL), "Null never reports missing context");

	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}", "aws:SourceIp=203.0.113.77"),
			   1, "IpAddress in /24");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}", "aws:SourceIp=203.0.114.1"),
			   0, "IpAddress outside /24");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'10.1.2.3'}}", "aws:SourceIp=10.1.2.3"), 1,
			   "IpAddress single address");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'10.1.2.3'}}", "aws:SourceIp=10.1.2.4"), 0,
			   "IpAddress single address differs");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'10.0.0.0/12'}}", "aws:SourceIp=10.15.255.255"), 1,
			   "IpAddress /12 partial byte in");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'10.0.0.0/12'}}", "aws:SourceIp=10.16.0.0"), 0,
			   "IpAddress /12 partial byte out");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'0.0.0.0/0'}}", "aws:SourceIp=8.8.8.8"), 1,
			   "IpAddress /0");
	TAP_IS_INT(cond("{'NotIpAddress':{'aws:SourceIp':['203.0.113.0/24','10.0.0.0/8']}}",
					"aws:SourceIp=192.0.2.1"), 1, "NotIpAddress outside all");
	TAP_IS_INT(cond("{'NotIpAddress':{'aws:SourceIp':['203.0.113.0/24','10.0.0.0/8']}}",
					"aws:SourceIp=10.9.9.9"), 0, "NotIpAddress inside one");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'2001:db8::/32'}}",
					"aws:SourceIp=2001:DB8:0:0:8:800:200C:417A"), 1, "IpAddress IPv6 /32");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'2001:db8::/32'}}", "aws:SourceIp=2001:db9::1"),
			   0, "IpAddress IPv6 outside");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'::1'}}", "aws:SourceIp=0:0:0:0:0:0:0:1"), 1,
			   "IpAddress IPv6 '::1' expanded");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'::ffff:192.0.2.1'}}",
					"aws:SourceIp=::FFFF:C000:0201"), 1, "IPv6 with dotted-quad tail");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'fe80::/10'}}", "aws:SourceIp=fe80::1:2"), 1,
			   "IPv6 link-local /10");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'1:2:3:4:5:6:7::'}}", "aws:SourceIp=1:2:3:4:5:6:7:0"),
			   1, "IPv6 trailing '::'");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'::/0'}}", "aws:SourceIp=10.0.0.1"), 0,
			   "IPv4 address never matches an IPv6 range");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'0.0.0.0/0'}}", "aws:SourceIp=::1"), 0,
			   "IPv6 address never matches an IPv4 range");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'0.0.0.0/0'}}", "aws:SourceIp=10.0.0.0/8"), 0,
			   "context value with a prefix is not an address");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'0.0.0.0/0'}}", "aws:SourceIp=1.2.3"), 0,
			   "three-part IPv4 rejected");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'0.0.0.0/0'}}", "aws:SourceIp=1.2.3.4.5"), 0,
			   "five-part IPv4 rejected");
	TAP_IS_INT(cond("{'NotIpAddress':{'aws:SourceIp':'10.0.0.0/8'}}", "aws:SourceIp=garbage"), 1,
			   "NotIpAddress: a non-address matches no range");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'::/0'}}", "aws:SourceIp=1::2::3"), 0, "two '::'");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'::/0'}}", "aws:SourceIp=1:2:3:4:5:6:7:8:9"), 0,
			   "nine IPv6 groups");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'::/0'}}", "aws:SourceIp=1:2:3:4:5:6:7"), 0,
			   "seven IPv6 groups without '::'");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'::/0'}}", "aws:SourceIp=12345::"), 0,
			   "five hex digits");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'::/0'}}", "aws:SourceIp=1:"), 0, "trailing ':'");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'::/0'}}", "aws:SourceIp=:1::"), 0, "leading ':'");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'::/0'}}", "aws:SourceIp=1:2:3:4:5:6:7:1.2.3.4"), 0,
			   "dotted tail after seven groups");
	TAP_IS_INT(cond("{'IpAddress':{'aws:SourceIp':'::/0'}}", "aws:SourceIp=1:2:3:4:5:6:1.2.3.4"), 1,
			   "dotted tail after six groups");
	TAP_IS_INT(cond("{'IpAddressIfExists':{'aws:SourceIp':'10.0.0.0/8'}}", NULL), 1,
			   "IpAddressIfExists missing");
}

/* Every operator: IfExists with a missing key is true; negated ones too. */
static void
test_missing_keys(void)
{
	static const struct
	{
		const char *op;
		const char *value;
		int			negated;
	}			ops[] = {
		{"StringEquals", "'a'", 0}, {"StringNotEquals", "'a'", 1},
		{"StringEqualsIgnoreCase", "'a'", 0}, {"StringNotEqualsIgnoreCase", "'a'", 1},
		{"StringLike", "'a*'", 0}, {"StringNotLike", "'a*'", 1},
		{"ArnEquals", "'arn:aws:s3:::b'", 0}, {"ArnLike", "'arn:aws:s3:::*'", 0},
		{"ArnNotEquals", "'arn:aws:s3:::b'", 1}, {"ArnNotLike", "'arn:aws:s3:::*'", 1},
		{"NumericEquals", "1", 0}, {"NumericNotEquals", "1", 1},
		{"NumericLessThan", "1", 0}, {"NumericLessThanEquals", "1", 0},
		{"NumericGreaterThan", "1", 0}, {"NumericGreaterThanEquals", "1", 0},
		{"DateEquals", "'2026-01-01'", 0}, {"DateNotEquals", "'2026-01-01'", 1},
		{"DateLessThan", "'2026-01-01'", 0}, {"DateLessThanEquals", "'2026-01-01'", 0},
		{"DateGreaterThan", "'2026-01-01'", 0}, {"DateGreaterThanEquals", "'2026-01-01'", 0},
		{"Bool", "true", 0}, {"BinaryEquals", "'QQ=='", 0},
		{"IpAddress", "'10.0.0.0/8'", 0}, {"NotIpAddress", "'10.0.0.0/8'", 1},
	};
	size_t		i;
	char		c[256];

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
	{
		snprintf(c, sizeof(c), "{'%s':{'my:Key':%s}}", ops[i].op, ops[i].value);
		TAP_IS_INT(cond(c, "other=1"), ops[i].negated, "%s, key missing -> %s",
				   ops[i].op, ops[i].negated ? "true" : "false");
		TAP_OK(missing_has(c, NULL, ops[i].negated ? NULL : "my:Key"),
			   "  %s missing_context", ops[i].negated ? "empty" : "has my:Key");
		snprintf(c, sizeof(c), "{'%sIfExists':{'my:Key':%s}}", ops[i].op, ops[i].value);
		TAP_IS_INT(cond(c, NULL), 1, "%sIfExists, key missing -> true", ops[i].op);
		TAP_OK(missing_has(c, NULL, NULL), "  IfExists reports nothing missing");
		snprintf(c, sizeof(c), "{'ForAllValues:%s':{'my:Key':%s}}", ops[i].op, ops[i].value);
		TAP_IS_INT(cond(c, NULL), 1, "ForAllValues:%s, key missing -> true", ops[i].op);
		snprintf(c, sizeof(c), "{'ForAnyValue:%s':{'my:Key':%s}}", ops[i].op, ops[i].value);
		TAP_IS_INT(cond(c, NULL), 0, "ForAnyValue:%s, key missing -> false", ops[i].op);
	}
	TAP_IS_INT(cond("{'StringEqualsIfExists':{'k':'a'}}", "k=b"), 0,
			   "StringEqualsIfExists with the key present compares");
	TAP_IS_INT(cond("{'StringEqualsIfExists':{'k':'a'}}", "k=a"), 1,
			   "StringEqualsIfExists present and equal");
	TAP_IS_INT(cond("{'StringEquals':{'k':'a'}}", "k"), 0, "an entry with no values is missing");
	TAP_IS_INT(cond("{'ForAnyValue:StringEqualsIfExists':{'k':'a'}}", NULL), 1,
			   "IfExists wins over ForAnyValue when the key is missing");
}

static void
test_set_ops(void)
{
	TAP_IS_INT(cond("{'ForAllValues:StringEquals':{'aws:TagKeys':['a','b','c']}}",
					"aws:TagKeys=a|b"), 1, "ForAllValues: all request values allowed");
	TAP_IS_INT(cond("{'ForAllValues:StringEquals':{'aws:TagKeys':['a','b','c']}}",
					"aws:TagKeys=a|d"), 0, "ForAllValues: one request value not allowed");
	TAP_IS_INT(cond("{'ForAllValues:StringEquals':{'aws:TagKeys':['a']}}", "aws:TagKeys"), 1,
			   "ForAllValues with empty key: true");
	TAP_IS_INT(cond("{'ForAllValues:StringEquals':{'aws:TagKeys':['a']}}", "aws:TagKeys=a|"), 0,
			   "empty string request value is not skipped (ForAllValues)");
	TAP_IS_INT(cond("{'ForAnyValue:StringEquals':{'aws:TagKeys':['']}}", "aws:TagKeys=x|"), 1,
			   "empty string request value is not skipped (ForAnyValue)");
	TAP_IS_INT(cond("{'ForAnyValue:StringEquals':{'aws:TagKeys':['a','b']}}", "aws:TagKeys=x|b"), 1,
			   "ForAnyValue: one request value matches");
	TAP_IS_INT(cond("{'ForAnyValue:StringEquals':{'aws:TagKeys':['a','b']}}", "aws:TagKeys=x|y"), 0,
			   "ForAnyValue: none matches");
	TAP_IS_INT(cond("{'ForAnyValue:StringNotEquals':{'aws:TagKeys':['a','b']}}", "aws:TagKeys=a|z"), 1,
			   "ForAnyValue:StringNotEquals: one value outside the set");
	TAP_IS_INT(cond("{'ForAnyValue:StringNotEquals':{'aws:TagKeys':['a','b']}}", "aws:TagKeys=a|b"), 0,
			   "ForAnyValue:StringNotEquals: all values inside the set");
	TAP_IS_INT(cond("{'ForAllValues:StringNotLike':{'aws:TagKeys':'secret*'}}", "aws:TagKeys=a|b"), 1,
			   "ForAllValues:StringNotLike: no value matches");
	TAP_IS_INT(cond("{'ForAllValues:StringNotLike':{'aws:TagKeys':'secret*'}}",
					"aws:TagKeys=a|secretx"), 0, "ForAllValues:StringNotLike: one value matches");
	TAP_IS_INT(cond("{'ForAnyValue:StringLike':{'aws:TagKeys':'env*'}}", "aws:TagKeys=x|environment"),
			   1, "ForAnyValue:StringLike");
	TAP_IS_INT(cond("{'ForAllValues:NumericLessThan':{'k':10}}", "k=1|2|3"), 1,
			   "ForAllValues:NumericLessThan");
	TAP_IS_INT(cond("{'StringEquals':{'k':'b'}}", "k=a|b"), 1,
			   "no prefix, multi-valued key: any value may match");
	TAP_IS_INT(cond("{'StringNotEquals':{'k':'b'}}", "k=a|b"), 0,
			   "no prefix, negated: every value must match none");
	TAP_IS_INT(cond("{'StringNotEquals':{'k':'b'}}", "k=a|c"), 1,
			   "no prefix, negated: no value matches");
}

static void
test_combination(void)
{
	TAP_IS_INT(cond("{'StringEquals':{'a':'1','b':'2'}}", "a=1;b=2"), 1,
			   "keys under one operator ANDed (both true)");
	TAP_IS_INT(cond("{'StringEquals':{'a':'1','b':'2'}}", "a=1;b=3"), 0,
			   "keys under one operator ANDed (one false)");
	TAP_IS_INT(cond("{'StringEquals':{'a':'1'},'StringLike':{'b':'x*'}}", "a=1;b=xy"), 1,
			   "operators ANDed (both true)");
	TAP_IS_INT(cond("{'StringEquals':{'a':'1'},'StringLike':{'b':'x*'}}", "a=1;b=y"), 0,
			   "operators ANDed (one false)");
	TAP_IS_INT(cond("{}", NULL), 1, "an empty Condition object holds");
}

/* ---------- case rules, NotAction, NotResource, '?' ---------- */

static void
test_case_and_not(void)
{
	const char *act = "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
		"'Action':['IAM:passrole','redshift:describe*'],'Resource':'*'}}";
	const char *res = "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
		"'Action':'iam:PassRole','Resource':'" ROLE("myredshiftrole") "'}}";
	const char *keycase = "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
		"'Action':'iam:PassRole','Resource':'*','Condition':{'StringEquals':"
		"{'IAM:PASSEDTOSERVICE':'redshift.amazonaws.com'}}}}";
	const char *notaction = "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
		"'NotAction':['iam:*','sts:AssumeRole'],'Resource':'*'}}";
	const char *notres = "{'Version':'2012-10-17','Statement':["
		"{'Effect':'Allow','Action':'*','Resource':'*'},"
		"{'Effect':'Deny','Action':'iam:PassRole','NotResource':['" ROLE("MyRedshiftRole") "',"
		"'" ROLE("Second*") "']}]}";
	const char *qmark = "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
		"'Action':'redshift:Describe?lusters','Resource':'" ROLE("Role?") "'}}";

	TAP_IS_INT(decide(act, "iam:PassRole", "*", NULL), ALLOWED,
			   "actions are case-insensitive (IAM:passrole)");
	TAP_IS_INT(decide(act, "REDSHIFT:DESCRIBECLUSTERS", "*", NULL), ALLOWED,
			   "action wildcard, case-insensitive");
	TAP_IS_INT(decide(act, "redshift:ModifyClusterIamRoles", "*", NULL), IMPLICIT,
			   "unlisted action: implicitDeny");
	TAP_IS_INT(decide(act, "iam:PassRoles", "*", NULL), IMPLICIT,
			   "action match is whole-string");
	TAP_IS_INT(decide(res, "iam:PassRole", ROLE("MyRedshiftRole"), NULL), IMPLICIT,
			   "resources are case-sensitive");
	TAP_IS_INT(decide(res, "iam:PassRole", ROLE("myredshiftrole"), NULL), ALLOWED,
			   "resource exact case matches");
	TAP_IS_INT(decide(keycase, "iam:PassRole", "*", "iam:passedtoservice=redshift.amazonaws.com"),
			   ALLOWED, "condition key names are case-insensitive");

	TAP_IS_INT(decide(notaction, "redshift:DescribeClusters", "*", NULL), ALLOWED,
			   "NotAction: other actions allowed");
	TAP_IS_INT(decide(notaction, "iam:PassRole", "*", NULL), IMPLICIT,
			   "NotAction: listed wildcard excluded");
	TAP_IS_INT(decide(notaction, "STS:assumerole", "*", NULL), IMPLICIT,
			   "NotAction: listed action excluded (case-insensitive)");

	TAP_IS_INT(decide(notres, "iam:PassRole", ROLE("MyRedshiftRole"), NULL), ALLOWED,
			   "NotResource: listed role not denied");
	TAP_IS_INT(decide(notres, "iam:PassRole", ROLE("SecondRedshiftRole"), NULL), ALLOWED,
			   "NotResource: wildcard-listed role not denied");
	TAP_IS_INT(decide(notres, "iam:PassRole", ROLE("RedshiftCopyUnload"), NULL), EXPLICIT,
			   "NotResource: any other role denied");
	TAP_IS_INT(decide(notres, "redshift:DescribeClusters", "*", NULL), ALLOWED,
			   "NotResource Deny only applies to its action");

	TAP_IS_INT(decide(qmark, "redshift:DescribeClusters", ROLE("Role1"), NULL), ALLOWED,
			   "'?' in action and resource");
	TAP_IS_INT(decide(qmark, "redshift:DescribeClusters", ROLE("Role12"), NULL), IMPLICIT,
			   "'?' is exactly one character (not two)");
	TAP_IS_INT(decide(qmark, "redshift:DescribeClusters", ROLE("Role"), NULL), IMPLICIT,
			   "'?' is exactly one character (not zero)");
	TAP_IS_INT(decide(qmark, "redshift:Describelusters", ROLE("Role1"), NULL), IMPLICIT,
			   "'?' in action needs a character");
	TAP_IS_INT(decide(qmark, "redshift:DescribeClusters", ROLE("Role\xc3\xa9"), NULL), ALLOWED,
			   "'?' matches one two-byte character (U+00E9)");
}

/* ---------- policy variables ---------- */

static void
test_variables(void)
{
	const char *v12 = "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
		"'Action':'iam:PassRole','Resource':'" ROLE("${aws:username}-*") "'}}";
	const char *v08 = "{'Version':'2008-10-17','Statement':{'Effect':'Allow',"
		"'Action':'iam:PassRole','Resource':'" ROLE("${aws:username}-*") "'}}";
	const char *vsp = "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
		"'Action':'iam:PassRole','Resource':'" ROLE("${ aws:username }-?") "'}}";
	const char *vnone = "{'Statement':{'Effect':'Allow',"
		"'Action':'iam:PassRole','Resource':'" ROLE("${aws:username}") "'}}";
	const char *vdef = "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
		"'Action':'iam:PassRole','Resource':'" ROLE("${aws:PrincipalTag/team, \\u0027company-wide\\u0027}") "'}}";
	const char *vesc = "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
		"'Action':'iam:PassRole','Resource':['" ROLE("a${*}b") "','" ROLE("c${?}d") "','"
		ROLE("e${$}f") "']}}";
	const char *vesc08 = "{'Version':'2008-10-17','Statement':{'Effect':'Allow',"
		"'Action':'iam:PassRole','Resource':'" ROLE("a${*}b") "'}}";
	const char *vbad = "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
		"'Action':'iam:PassRole','Resource':['" ROLE("x${unterminated") "','" ROLE("y${}") "','"
		ROLE("z${k, \\u0027d}") "','" ROLE("w${k, d}") "','" ROLE("v${k,\\u0027d\\u0027 x}") "']}}";
	rsi_policy *p;
	rsi_eval_result r;

	TAP_IS_INT(decide(v12, "iam:PassRole", ROLE("alice-etl"), "aws:username=alice"), ALLOWED,
			   "${aws:username} substituted under 2012-10-17");
	TAP_IS_INT(decide(v12, "iam:PassRole", ROLE("bob-etl"), "aws:username=alice"), IMPLICIT,
			   "another user's role not matched");
	TAP_IS_INT(decide(v12, "iam:PassRole", ROLE("alice-etl"), "AWS:UserName=alice"), ALLOWED,
			   "variable lookup is case-insensitive");
	TAP_IS_INT(decide(v12, "iam:PassRole", ROLE("a*-etl"), "aws:username=a*"), ALLOWED,
			   "a substituted value is literal: 'a*' matches itself");
	TAP_IS_INT(decide(v12, "iam:PassRole", ROLE("abc-etl"), "aws:username=a*"), IMPLICIT,
			   "a substituted value is literal: 'a*' is not a wildcard");
	TAP_IS_INT(decide(v12, "iam:PassRole", ROLE("a-etl"), "aws:username=a|b"), IMPLICIT,
			   "a multi-valued key cannot be a variable");
	TAP_IS_INT(decide(v12, "iam:PassRole", ROLE("\xff-etl"), "aws:username=\xff"), IMPLICIT,
			   "a value with wildcard-token bytes cannot be substituted");
	TAP_IS_INT(run(v12, "iam:PassRole", ROLE("alice-etl"), NULL, &p, &r), IMPLICIT,
			   "variable without value can never match");
	TAP_IS_INT(r.nmissing, 1, "  one missing key");
	TAP_IS_STR(r.nmissing ? r.missing_context[0] : NULL, "aws:username", "  it is aws:username");
	rsi_eval_result_free(&r);
	rsi_policy_free(p);

	TAP_IS_INT(decide(vsp, "iam:PassRole", ROLE("alice-1"), "aws:username=alice"), ALLOWED,
			   "${ key } with blanks; '?' after a variable is a wildcard");
	TAP_IS_INT(decide(vsp, "iam:PassRole", ROLE("alice-12"), "aws:username=alice"), IMPLICIT,
			   "'?' after a variable is exactly one character");
	TAP_IS_INT(decide(v08, "iam:PassRole", ROLE("alice-etl"), "aws:username=alice"), IMPLICIT,
			   "2008-10-17 keeps ${...} literal (no substitution)");
	TAP_IS_INT(decide(v08, "iam:PassRole", ROLE("${aws:username}-etl"), "aws:username=alice"),
			   ALLOWED, "2008-10-17 literal text matches itself");
	TAP_IS_INT(decide(vnone, "iam:PassRole", ROLE("${aws:username}"), "aws:username=alice"),
			   ALLOWED, "no Version: ${...} is literal text");
	TAP_IS_INT(decide(vnone, "iam:PassRole", ROLE("alice"), "aws:username=alice"),
			   IMPLICIT, "no Version: no substitution");

	TAP_IS_INT(decide(vdef, "iam:PassRole", ROLE("company-wide"), NULL), ALLOWED,
			   "default value used when the key is missing");
	TAP_IS_INT(decide(vdef, "iam:PassRole", ROLE("data"), "aws:principaltag/team=data"), ALLOWED,
			   "the key's value wins over the default");
	TAP_IS_INT(decide(vdef, "iam:PassRole", ROLE("company-wide"), "aws:principaltag/team=data"),
			   IMPLICIT, "default not used when the key has a value");

	TAP_IS_INT(decide(vesc, "iam:PassRole", ROLE("a*b"), NULL), ALLOWED, "${*} is a literal '*'");
	TAP_IS_INT(decide(vesc, "iam:PassRole", ROLE("axxb"), NULL), IMPLICIT, "${*} is not a wildcard");
	TAP_IS_INT(decide(vesc, "iam:PassRole", ROLE("c?d"), NULL), ALLOWED, "${?} is a literal '?'");
	TAP_IS_INT(decide(vesc, "iam:PassRole", ROLE("cxd"), NULL), IMPLICIT, "${?} is not a wildcard");
	TAP_IS_INT(decide(vesc, "iam:PassRole", ROLE("e$f"), NULL), ALLOWED, "${$} is a literal '$'");
	TAP_IS_INT(decide(vesc08, "iam:PassRole", ROLE("a${xyz}b"), NULL), ALLOWED,
			   "2008-10-17: '${*}' is literal text whose '*' is a wildcard");

	TAP_IS_INT(decide(vbad, "iam:PassRole", ROLE("x${unterminated"), NULL), ALLOWED,
			   "unterminated ${ is literal text");
	TAP_IS_INT(decide(vbad, "iam:PassRole", ROLE("y${}"), NULL), ALLOWED, "${} is literal text");
	TAP_IS_INT(decide(vbad, "iam:PassRole", ROLE("z${k, 'd}"), NULL), ALLOWED,
			   "unterminated default is literal text");
	TAP_IS_INT(decide(vbad, "iam:PassRole", ROLE("w${k, d}"), NULL), ALLOWED,
			   "unquoted default is literal text");
	TAP_IS_INT(decide(vbad, "iam:PassRole", ROLE("v${k,'d' x}"), NULL), ALLOWED,
			   "junk after the default is literal text");

	TAP_IS_INT(cond("{'StringEquals':{'aws:PrincipalTag/team':'${aws:username}'}}",
					"aws:username=alice;aws:PrincipalTag/team=alice"), 1,
			   "variable in a StringEquals value");
	TAP_IS_INT(cond("{'StringEquals':{'aws:PrincipalTag/team':'${aws:username}'}}",
					"aws:username=alice;aws:PrincipalTag/team=bob"), 0,
			   "variable in a StringEquals value, different");
	TAP_IS_INT(cond("{'StringEquals':{'k':'${aws:username}'}}", "k=x"), 0,
			   "variable missing in a condition value: no match");
	TAP_OK(missing_has("{'StringEquals':{'k':'${aws:username}'}}", "k=x", "aws:username"),
		   "  and aws:username is reported missing");
	TAP_IS_INT(cond("{'StringEqualsIgnoreCase':{'k':'${aws:username}'}}", "aws:username=Alice;k=ALICE"), 1,
			   "variable in StringEqualsIgnoreCase");
	TAP_IS_INT(cond("{'StringLike':{'k':'home/${aws:username}/*'}}", "aws:username=alice;k=home/alice/x"),
			   1, "variable in StringLike keeps the pattern's '*'");
	TAP_IS_INT(cond("{'StringLike':{'k':'home/${aws:username}/*'}}", "aws:username=*;k=home/alice/x"),
			   0, "variable in StringLike: substituted '*' is literal");
	TAP_IS_INT(cond("{'ArnLike':{'k':'arn:aws:iam::*:role/${aws:username}'}}",
					"aws:username=R;k=" ROLE("R")), 1, "variable in ArnLike");
	TAP_IS_INT(cond("{'Bool':{'k':'${aws:other}'}}", "aws:other=TRUE;k=true"), 1, "variable in Bool");
	TAP_IS_INT(cond("{'Bool':{'k':'${aws:other}'}}", "aws:other=false;k=true"), 0,
			   "variable in Bool, different");
	TAP_IS_INT(cond("{'Bool':{'k':'${aws:other}'}}", "aws:other=false;k=false"), 1,
			   "variable in Bool, both false");
	TAP_IS_INT(cond("{'Bool':{'k':'${aws:none}'}}", "k=true"), 0,
			   "variable in Bool without a value: no match");
	TAP_IS_INT(cond("{'Bool':{'k':'${aws:other}'}}", "aws:other=maybe;k=false"), 0,
			   "variable in Bool expanding to a non-boolean");
	TAP_IS_INT(cond_v("'Version':'2008-10-17',", "{'StringEquals':{'k':'${aws:username}'}}",
					  "aws:username=alice;k=${aws:username}"), 1,
			   "2008-10-17: condition value literal");
	TAP_IS_INT(cond("{'NumericEquals':{'k':'${aws:n}'}}", "aws:n=1;k=1"), -1,
			   "no variables in Numeric (value is not a number: rejected)");
	TAP_IS_INT(cond("{'Null':{'k':'${aws:x}'}}", NULL), -1, "no variables in Null");
}

/* ---------- matched statements and missing context ---------- */

static void
test_reports(void)
{
	const char *two_allows = "{'Version':'2012-10-17','Statement':["
		"{'Sid':'A','Effect':'Allow','Action':'s3:*','Resource':'*'},"
		"{'Effect':'Allow','Action':'s3:GetObject','Resource':'arn:aws:s3:::b/*'},"
		"{'Sid':'C','Effect':'Allow','Action':'s3:PutObject','Resource':'*'}]}";
	const char *miss = "{'Version':'2012-10-17','Statement':["
		"{'Effect':'Allow','Action':'s3:*','Resource':'*','Condition':{"
		"'StringEquals':{'aws:PrincipalTag/Team':'x','aws:RequestedRegion':'us-east-1'}}},"
		"{'Effect':'Allow','Action':'s3:*','Resource':'*','Condition':{"
		"'StringEquals':{'AWS:principaltag/team':'y'},'StringNotEquals':{'neg:Key':'z'}}},"
		"{'Effect':'Allow','Action':'ec2:*','Resource':'*','Condition':{"
		"'StringEquals':{'unrelated:Key':'y'}}}]}";
	const char *p1 = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}";
	const char *p2 = "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'*','Resource':'*'},"
		"{'Sid':'No','Effect':'Deny','Action':'iam:*','Resource':'*'}]}";
	rsi_policy *p;
	rsi_policy *pols[3];
	rsi_eval_result r;
	rsi_request rq;
	rsi_policy_error err;
	char	   *j1 = q(p1),
			   *j2 = q(p2);

	TAP_IS_INT(run(two_allows, "s3:GetObject", "arn:aws:s3:::b/k", NULL, &p, &r), ALLOWED,
			   "two statements allow");
	TAP_IS_INT(r.nmatched, 2, "  both are reported");
	TAP_IS_STR(r.nmatched > 0 ? r.matched[0].sid : NULL, "A", "  first has Sid A");
	TAP_OK(r.nmatched > 1 && r.matched[1].sid == NULL, "  second has no Sid (NULL)");
	TAP_IS_INT(r.nmatched > 1 ? r.matched[1].statement_index : -1, 1, "  second is Statement[1]");
	rsi_eval_result_free(&r);
	TAP_OK(r.matched == NULL && r.nmatched == 0 && r.missing_context == NULL,
		   "rsi_eval_result_free empties the result");
	rsi_eval_result_free(&r);
	rsi_eval_result_free(NULL);
	rsi_policy_free(p);

	TAP_IS_INT(run(miss, "s3:GetObject", "*", NULL, &p, &r), IMPLICIT,
			   "conditions on missing keys: implicitDeny");
	TAP_IS_INT(r.nmissing, 2, "  two distinct missing keys (case-insensitive dedupe, negated not listed)");
	TAP_IS_STR(r.nmissing > 0 ? r.missing_context[0] : NULL, "aws:PrincipalTag/Team",
			   "  first in policy spelling");
	TAP_IS_STR(r.nmissing > 1 ? r.missing_context[1] : NULL, "aws:RequestedRegion",
			   "  second (all conditions evaluated, no short circuit)");
	rsi_eval_result_free(&r);
	rsi_policy_free(p);
	TAP_IS_INT(run(miss, "s3:GetObject", "*", "aws:RequestedRegion=us-east-1", &p, &r), IMPLICIT,
			   "one key supplied");
	TAP_IS_INT(r.nmissing, 1, "  one missing key left");
	rsi_eval_result_free(&r);
	rsi_policy_free(p);
	TAP_IS_INT(run(miss, "s3:GetObject", "*", "aws:RequestedRegion=us-east-1;aws:principaltag/team=y",
				   &p, &r), ALLOWED, "all keys supplied: allowed by Statement[1]");
	TAP_IS_INT(r.nmissing, 0, "  nothing missing");
	TAP_IS_INT(r.nmatched ? r.matched[0].statement_index : -1, 1, "  Statement[1] decided");
	rsi_eval_result_free(&r);
	rsi_policy_free(p);

	pols[0] = rsi_policy_parse(j1, strlen(j1), "First", &err);
	pols[1] = NULL;
	pols[2] = rsi_policy_parse(j2, strlen(j2), "Second", &err);
	rq.action = "iam:PassRole";
	rq.resource = ROLE("R");
	rq.context = NULL;
	rq.ncontext = 0;
	TAP_IS_INT(rsi_policy_evaluate((const rsi_policy *const *) pols, 3, &rq, &r), 0,
			   "evaluate several policies (one NULL)");
	TAP_IS_INT(r.decision, EXPLICIT, "  Deny in the second policy wins");
	TAP_IS_INT(r.nmatched, 1, "  only the Deny is reported");
	TAP_IS_STR(r.nmatched ? r.matched[0].policy_name : NULL, "Second", "  policy name Second");
	TAP_IS_STR(r.nmatched ? r.matched[0].sid : NULL, "No", "  Sid No");
	rsi_eval_result_free(&r);
	rq.action = "s3:GetObject";
	rsi_policy_evaluate((const rsi_policy *const *) pols, 3, &rq, &r);
	TAP_IS_INT(r.nmatched, 2, "  two allows from two policies");
	TAP_IS_STR(r.nmatched > 1 ? r.matched[1].policy_name : NULL, "Second", "  in policy order");
	rsi_eval_result_free(&r);
	rq.action = NULL;
	rq.resource = NULL;
	TAP_IS_INT(rsi_policy_evaluate((const rsi_policy *const *) pols, 3, &rq, &r), 0,
			   "NULL action/resource are empty strings");
	TAP_IS_INT(r.decision, ALLOWED, "  Action '*' matches even the empty action");
	rsi_eval_result_free(&r);
	{
		static const char *const vals[] = {"x"};
		rsi_context_entry ents[2] = {{NULL, vals, 1}, {"k", NULL, 3}};

		char	   *j3 = q("{'Statement':{'Effect':'Allow','Action':'*','Resource':'*',"
						   "'Condition':{'Null':{'k':'true'}}}}");
		rsi_policy *p3 = rsi_policy_parse(j3, strlen(j3), "nullkey", &err);

		rq.context = ents;
		rq.ncontext = 2;
		rq.action = "s3:GetObject";
		TAP_IS_INT(rsi_policy_evaluate((const rsi_policy *const *) &p3, 1, &rq, &r), 0,
				   "context entries with a NULL key or NULL values are skipped");
		TAP_IS_INT(r.decision, ALLOWED, "  NULL values = absent, so Null:true holds");
		rsi_eval_result_free(&r);
		rsi_policy_free(p3);
		free(j3);
		rq.context = NULL;
		rq.ncontext = 0;
	}
	TAP_IS_INT(rsi_policy_evaluate(NULL, 0, &rq, &r), 0, "no policies at all");
	TAP_IS_INT(r.decision, IMPLICIT, "  implicitDeny");
	rsi_eval_result_free(&r);

	TAP_IS_STR(rsi_policy_name(pols[0]), "First", "rsi_policy_name");
	TAP_IS_INT(rsi_policy_statement_count(pols[2]), 2, "rsi_policy_statement_count");
	TAP_IS_INT(rsi_policy_statement_count(NULL), 0, "statement count of NULL");
	TAP_OK(rsi_policy_name(NULL) == NULL, "name of NULL");
	rsi_policy_free(pols[0]);
	rsi_policy_free(pols[2]);
	rsi_policy_free(NULL);
	free(j1);
	free(j2);

	TAP_IS_STR(rsi_decision_name(RSI_DECISION_ALLOWED), "allowed", "decision name allowed");
	TAP_IS_STR(rsi_decision_name(RSI_DECISION_EXPLICIT_DENY), "explicitDeny", "decision name explicitDeny");
	TAP_IS_STR(rsi_decision_name(RSI_DECISION_IMPLICIT_DENY), "implicitDeny", "decision name implicitDeny");
	TAP_IS_STR(rsi_decision_name((rsi_decision) 42), "unknown", "decision name out of range");
}

/* ---------- malformed documents ---------- */

#define STMT(body) "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'s3:*','Resource':'*'}," body "]}"
#define COND(c) STMT("{'Effect':'Allow','Action':'s3:*','Resource':'*','Condition':" c "}")

static void
test_malformed(void)
{
	rsi_policy_error err;
	rsi_policy *p;

	expect_error("{'Statement':", "(document)", "invalid JSON at line 1");
	expect_error("{'Statement':[{'Effect':'Allow','Effect':'Deny','Action':'*','Resource':'*'}]}",
				 "(document)", "duplicate");
	expect_error("[]", "(document)", "must be a JSON object, found an array");
	expect_error("{'Id':'x','Statement':[]}", "Id", "Id is not allowed in identity-based policies");
	expect_error("{'Foo':1}", "Foo", "unknown element \"Foo\"");
	expect_error("{'statement':[]}", "statement", "did you mean \"Statement\"");
	expect_error("{'Version':'2012-10-18','Statement':[]}", "Version",
				 "Version must be \"2012-10-17\" or \"2008-10-17\", found \"2012-10-18\"");
	expect_error("{'Version':2012,'Statement':[]}", "Version", "must be a string, found a number");
	expect_error("{'Version':'2012-10-17'}", "Statement", "required element Statement is missing");
	expect_error("{'Statement':[]}", "Statement", "must not be an empty array");
	expect_error("{'Statement':'x'}", "Statement", "found a string");
	expect_error(STMT("'x'"), "Statement[1]", "each statement must be an object");
	expect_error(STMT("{'Effect':'allow','Action':'*','Resource':'*'}"), "Statement[1].Effect",
				 "Effect must be exactly \"Allow\" or \"Deny\", found \"allow\"");
	p = parse_q(STMT("{'Effect':'allow','Action':'*','Resource':'*'}"), &err);
	TAP_IS_STR(err.message, "Effect must be exactly \"Allow\" or \"Deny\", found \"allow\"",
			   "exact Effect message");
	TAP_IS_INT(err.out_of_memory, 0, "  not an allocation failure");
	rsi_policy_free(p);
	expect_error(STMT("{'Action':'*','Resource':'*'}"), "Statement[1].Effect",
				 "required element Effect is missing");
	expect_error(STMT("{'Effect':true,'Action':'*','Resource':'*'}"), "Statement[1].Effect",
				 "found a boolean");
	expect_error(STMT("{'Sid':'my-sid','Effect':'Allow','Action':'*','Resource':'*'}"),
				 "Statement[1].Sid", "Sid may contain only A-Z, a-z and 0-9");
	expect_error(STMT("{'Sid':1,'Effect':'Allow','Action':'*','Resource':'*'}"),
				 "Statement[1].Sid", "Sid must be a string");
	expect_error(STMT("{'Effect':'Allow','Action':'*','NotAction':'*','Resource':'*'}"),
				 "Statement[1].NotAction", "exactly one of Action or NotAction");
	expect_error(STMT("{'Effect':'Allow','Resource':'*'}"), "Statement[1].Action",
				 "must have an Action or a NotAction");
	expect_error(STMT("{'Effect':'Allow','Action':'*','NotResource':'*','Resource':'*'}"),
				 "Statement[1].Resource", "exactly one of Resource or NotResource");
	expect_error(STMT("{'Effect':'Allow','Action':'*'}"), "Statement[1].Resource",
				 "must have a Resource or a NotResource");
	expect_error(STMT("{'Effect':'Allow','Action':'*','Resource':'*','Principal':'*'}"),
				 "Statement[1].Principal", "Principal is not allowed in identity-based policies");
	expect_error(STMT("{'Effect':'Allow','Action':'*','Resource':'*','NotPrincipal':{'AWS':'*'}}"),
				 "Statement[1].NotPrincipal", "NotPrincipal is not allowed");
	expect_error(STMT("{'Effect':'Allow','Actions':'*','Resource':'*'}"),
				 "Statement[1].Actions", "unknown element \"Actions\"");
	expect_error(STMT("{'effect':'Allow','Action':'*','Resource':'*'}"),
				 "Statement[1].effect", "did you mean \"Effect\"");
	expect_error(STMT("{'Effect':'Allow','Action':[],'Resource':'*'}"), "Statement[1].Action",
				 "Action must not be an empty array");
	expect_error(STMT("{'Effect':'Allow','Action':'*','Resource':[]}"), "Statement[1].Resource",
				 "Resource must not be an empty array");
	expect_error(STMT("{'Effect':'Allow','NotResource':[],'Action':'*'}"), "Statement[1].NotResource",
				 "NotResource must not be an empty array");
	expect_error(STMT("{'Effect':'Allow','Action':{},'Resource':'*'}"), "Statement[1].Action",
				 "must be a string or an array of strings, found an object");
	expect_error(STMT("{'Effect':'Allow','Action':['s3:GetObject',7],'Resource':'*'}"),
				 "Statement[1].Action[1]", "each Action entry must be a string, found a number");
	expect_error(STMT("{'Effect':'Allow','Action':'PassRole','Resource':'*'}"), "Statement[1].Action",
				 "Action must be \"*\" or \"service:action\", found \"PassRole\"");
	expect_error(STMT("{'Effect':'Allow','Action':'iam:','Resource':'*'}"), "Statement[1].Action",
				 "service:action");
	expect_error(STMT("{'Effect':'Allow','Action':'*:PassRole','Resource':'*'}"), "Statement[1].Action",
				 "service prefix of an action may not contain wildcards");
	expect_error(STMT("{'Effect':'Allow','Action':'i am:PassRole','Resource':'*'}"), "Statement[1].Action",
				 "invalid character in the service prefix");
	expect_error(STMT("{'Effect':'Allow','Action':['s3:*','iam:Pass Role'],'Resource':'*'}"),
				 "Statement[1].Action[1]", "invalid character in the action name");
	expect_error(STMT("{'Effect':'Allow','Action':'*','Resource':'role/x'}"), "Statement[1].Resource",
				 "Resource must be \"*\" or an ARN starting with \"arn:\", found \"role/x\"");
	expect_error(STMT("{'Effect':'Allow','Action':'*','Resource':'arn:aws'}"), "Statement[1].Resource",
				 "is not a valid ARN");
	expect_error(STMT("{'Effect':'Allow','Action':'*','Resource':'arn:aws::x:y:z'}"), "Statement[1].Resource",
				 "is not a valid ARN");
	expect_error(STMT("{'Effect':'Allow','Action':'*','Resource':['*','arn:aws:red*:us-east-1:1:cluster:c']}"),
				 "Statement[1].Resource[1]", "wildcards are not allowed in the service part");
	expect_error(STMT("{'Effect':'Allow','Action':'*','Resource':'arn:aws:${aws:svc}:us-east-1:1:x'}"),
				 "Statement[1].Resource", "policy variables are allowed only in the resource part");
	expect_error(STMT("{'Effect':'Allow','Action':'*','Resource':'arn:aws:s3:${x}'}"),
				 "Statement[1].Resource", "policy variables are allowed only in the resource part");
	TAP_OK(parses("{'Version':'2008-10-17','Statement':{'Effect':'Allow','Action':'*',"
				  "'Resource':'arn:aws:s3:${x}'}}"), "2008-10-17: '${' is just text anywhere");
	expect_error(STMT("{'Effect':'Allow','Action':'*','Resource':'arn:aws:s3:::\\u4e2d'}"),
				 "Statement[1].Resource", "contains character U+4E2D");

	expect_error(COND("[]"), "Statement[1].Condition", "Condition must be an object, found an array");
	expect_error(COND("{'StringEqualz':{'k':'v'}}"), "Statement[1].Condition.StringEqualz",
				 "unknown condition operator \"StringEqualz\"");
	expect_error(COND("{'stringequals':{'k':'v'}}"), "Statement[1].Condition.stringequals",
				 "did you mean \"StringEquals\"");
	expect_error(COND("{'ForSomeValues:StringEquals':{'k':'v'}}"),
				 "Statement[1].Condition.ForSomeValues:StringEquals", "unknown condition operator");
	expect_error(COND("{'NullIfExists':{'k':'true'}}"), "Statement[1].Condition.NullIfExists",
				 "the Null operator has no IfExists form");
	expect_error(COND("{'ForAnyValue:Null':{'k':'true'}}"), "Statement[1].Condition.ForAnyValue:Null",
				 "the Null operator takes no");
	expect_error(COND("{'IfExists':{'k':'v'}}"), "Statement[1].Condition.IfExists",
				 "unknown condition operator");
	expect_error(COND("{'StringEquals':'v'}"), "Statement[1].Condition.StringEquals",
				 "must map to an object of condition keys, found a string");
	expect_error(COND("{'StringEquals':{}}"), "Statement[1].Condition.StringEquals",
				 "must name at least one key");
	expect_error(COND("{'StringEquals':{'':'v'}}"), "Statement[1].Condition.StringEquals.",
				 "a condition key must not be empty");
	expect_error(COND("{'StringEquals':{'aws:username':[]}}"),
				 "Statement[1].Condition.StringEquals.aws:username", "at least one value");
	expect_error(COND("{'StringEquals':{'aws:username':['a',['b']]}}"),
				 "Statement[1].Condition.StringEquals.aws:username[1]", "found an array");
	expect_error(COND("{'StringEquals':{'aws:username':{'a':'b'}}}"),
				 "Statement[1].Condition.StringEquals.aws:username", "found an object");
	expect_error(COND("{'StringEquals':{'aws:username':null}}"),
				 "Statement[1].Condition.StringEquals.aws:username", "found null");
	expect_error(COND("{'NumericLessThan':{'k':'abc'}}"), "Statement[1].Condition.NumericLessThan.k",
				 "NumericLessThan needs a number, found \"abc\"");
	expect_error(COND("{'NumericEquals':{'k':true}}"), "Statement[1].Condition.NumericEquals.k",
				 "needs a number");
	expect_error(COND("{'NumericEquals':{'k':'1.'}}"), "Statement[1].Condition.NumericEquals.k",
				 "needs a number");
	expect_error(COND("{'NumericEquals':{'k':'1e'}}"), "Statement[1].Condition.NumericEquals.k",
				 "needs a number");
	expect_error(COND("{'DateLessThan':{'k':['2026-01-01','yesterday']}}"),
				 "Statement[1].Condition.DateLessThan.k[1]", "needs an ISO 8601 date-time");
	expect_error(COND("{'DateLessThan':{'k':false}}"), "Statement[1].Condition.DateLessThan.k",
				 "needs an ISO 8601 date-time");
	expect_error(COND("{'Bool':{'k':'yes'}}"), "Statement[1].Condition.Bool.k",
				 "Bool needs true or false, found \"yes\"");
	expect_error(COND("{'Bool':{'k':1}}"), "Statement[1].Condition.Bool.k", "needs true or false");
	expect_error(COND("{'Null':{'k':'maybe'}}"), "Statement[1].Condition.Null.k", "needs true or false");
	expect_error(COND("{'IpAddress':{'k':'10.0.0.300'}}"), "Statement[1].Condition.IpAddress.k",
				 "needs an IPv4 or IPv6 address or CIDR block");
	expect_error(COND("{'IpAddress':{'k':'10.0.0.0/33'}}"), "Statement[1].Condition.IpAddress.k",
				 "CIDR block");
	expect_error(COND("{'IpAddress':{'k':'10.0.0.0/'}}"), "Statement[1].Condition.IpAddress.k",
				 "CIDR block");
	expect_error(COND("{'IpAddress':{'k':'::/129'}}"), "Statement[1].Condition.IpAddress.k",
				 "CIDR block");
	expect_error(COND("{'IpAddress':{'k':'1::g'}}"), "Statement[1].Condition.IpAddress.k",
				 "CIDR block");
	expect_error(COND("{'NotIpAddress':{'k':5}}"), "Statement[1].Condition.NotIpAddress.k",
				 "CIDR block");
	expect_error(COND("{'StringEquals':{'k':'\\u0001'}}"), "Statement[1].Condition.StringEquals.k",
				 "contains character U+0001");
	expect_error(COND("{'StringEquals':{'\\u0100':'v'}}"), "Statement[1].Condition.StringEquals.\xc4\x80",
				 "contains character U+0100");

	expect_error(STMT("{'Effect':'AllowAllowAllowAllowAllowAllowAllowAllowAllowAllowAllow',"
					  "'Action':'*','Resource':'*'}"), "Statement[1].Effect",
				 "found \"AllowAllowAllowAllowAllowAllowAllowAllowAllowAll...\"");
	p = parse_q(COND("{'StringEquals':{'\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
					 "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
					 "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
					 "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
					 "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9':[]}}"), &err);
	TAP_OK(p == NULL, "long non-ASCII condition key rejected (no values)");
	TAP_IS_INT(strlen(err.element), 126, "  element cut to whole characters (126 bytes, not 127)");
	TAP_OK(strncmp(err.element, "Statement[1].Condition.StringEquals.\xc3\xa9", 38) == 0,
		   "  element starts with the path");

	{
		/* jansson's depth limit stops deep nesting; nothing here recurses */
		size_t		depth = 100000;
		char	   *deep = malloc(depth * 2 + 32);
		rsi_policy_options nocap = {0};

		memcpy(deep, "{\"Statement\":", 13);
		memset(deep + 13, '[', depth);
		memset(deep + 13 + depth, ']', depth);
		deep[13 + 2 * depth] = '}';
		p = rsi_policy_parse_ext(deep, 14 + 2 * depth, "deep", &nocap, &err);
		TAP_OK(p == NULL && strstr(err.message, "invalid JSON") != NULL,
			   "100000-deep nesting rejected without recursion (%s)", err.message);
		free(deep);
	}
	expect_error("{'Statement':[[{'Effect':'Allow','Action':'*','Resource':'*'}]]}",
				 "Statement[0]", "each statement must be an object, found an array");

	/* a NULL err pointer is allowed */
	TAP_OK(rsi_policy_parse("{", 1, "x", NULL) == NULL, "NULL err pointer tolerated");
	TAP_OK(rsi_policy_parse(NULL, 0, "x", &err) == NULL, "NULL text is an empty document");
	TAP_IS_STR(err.element, "(document)", "  element (document)");
}

static void
test_text_rules(void)
{
	static const char good[] =
		"{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}";
	char	   *big;
	size_t		n;
	rsi_policy_error err;
	rsi_policy *p;
	rsi_policy_options opts;
	const char *latin1 = "{\"Statement\":{\"Sid\":\"S1\",\"Effect\":\"Allow\",\"Action\":\"*\","
		"\"Resource\":\"arn:aws:s3:::caf\xc3\xa9\"}}";
	const char *tabbed = "{\t\"Statement\" :\r\n{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}";

	/* length-delimited: bytes after len are never read */
	big = malloc(sizeof(good) + 10);
	memcpy(big, good, sizeof(good) - 1);
	memcpy(big + sizeof(good) - 1, "garbage!!!", 10);
	p = rsi_policy_parse(big, sizeof(good) - 1, "n", &err);
	TAP_OK(p != NULL, "input is length-delimited, not NUL-terminated");
	TAP_IS_INT(rsi_policy_statement_count(p), 1, "  one statement (object form)");
	rsi_policy_free(p);
	free(big);

	p = rsi_policy_parse(latin1, strlen(latin1), NULL, &err);
	TAP_OK(p != NULL, "U+00E9 is allowed");
	TAP_IS_STR(rsi_policy_name(p), "", "  NULL name becomes empty");
	rsi_policy_free(p);
	p = rsi_policy_parse(tabbed, strlen(tabbed), "t", &err);
	TAP_OK(p != NULL, "tab, CR, LF allowed");
	rsi_policy_free(p);
	expect_error_raw("{\"Statement\":\x01}", 15, "(document)",
					 "contains character U+0001 at byte offset 13");
	expect_error_raw("{\"Sid\":\"\xe4\xb8\xad\"}", 13, "(document)",
					 "contains character U+4E2D at byte offset 8");
	expect_error_raw("{\"Sid\":\"\xf0\x9f\x98\x80\"}", 14, "(document)", "U+1F600");
	expect_error_raw("{\"Sid\":\"\xff\"}", 11, "(document)", "not valid UTF-8 (byte offset 8)");
	expect_error_raw("{\"Sid\":\"\xc3", 9, "(document)", "not valid UTF-8");
	expect_error_raw("{\"Sid\":\"\xe4\xb8", 10, "(document)", "not valid UTF-8");

	/* the IAM API's cap: 131072 characters, counted as characters (é is one) */
	n = RSI_POLICY_MAX_CHARS;
	big = malloc(n + 2);
	memcpy(big, good, sizeof(good) - 1);
	memset(big + sizeof(good) - 1, ' ', n - (sizeof(good) - 1));
	p = rsi_policy_parse(big, n, "max", &err);
	TAP_OK(p != NULL, "exactly 131072 characters accepted");
	rsi_policy_free(p);
	big[n] = ' ';
	expect_error_raw(big, n + 1, "(document)", "policy document is 131073 characters long; the maximum is 131072");
	big[n - 1] = '\xc3';
	big[n] = '\xa9';
	p = rsi_policy_parse(big, n + 1, "max", &err);
	TAP_OK(p == NULL && strstr(err.message, "invalid JSON") != NULL,
		   "131073 bytes but 131072 characters: passes the size check");
	opts.max_chars = 10;
	p = rsi_policy_parse_ext(good, sizeof(good) - 1, "o", &opts, &err);
	TAP_OK(p == NULL && strstr(err.message, "maximum is 10") != NULL, "custom max_chars");
	free(big);
}

/* ---------- glob engine ---------- */

static int
g(const char *pat, const char *s)
{
	return rsi_glob_match(pat, strlen(pat), s, strlen(s), 0);
}

/* Decode UTF-8 to code points; in a pattern '*' is -1 and '?' is -2. */
static int
decode(const char *s, int is_pattern, long *out)
{
	const unsigned char *u = (const unsigned char *) s;
	int			n = 0;

	while (*u)
	{
		if (*u < 0x80)
		{
			out[n++] = is_pattern && *u == '*' ? -1 : is_pattern && *u == '?' ? -2 : *u;
			u++;
		}
		else
		{
			out[n++] = ((u[0] & 0x1F) << 6) | (u[1] & 0x3F);
			u += 2;
		}
	}
	return n;
}

/* Textbook dynamic-programming glob, the reference for the fast one. */
static int
glob_reference(const char *pat, const char *s)
{
	long		p[32],
				t[32];
	int			m = decode(pat, 1, p),
				n = decode(s, 0, t);
	unsigned char dp[33][33];
	int			i,
				j;

	memset(dp, 0, sizeof(dp));
	dp[0][0] = 1;
	for (i = 1; i <= m; i++)
		dp[i][0] = dp[i - 1][0] && p[i - 1] == -1;
	for (i = 1; i <= m; i++)
		for (j = 1; j <= n; j++)
		{
			if (p[i - 1] == -1)
				dp[i][j] = dp[i - 1][j] || dp[i][j - 1];
			else
				dp[i][j] = dp[i - 1][j - 1] && (p[i - 1] == -2 || p[i - 1] == t[j - 1]);
		}
	return dp[m][n];
}

static void
test_glob_differential(void)
{
	static const char *const pat_atoms[] = {"a", "b", "\xc3\xa9", "*", "?", ":"};
	static const char *const str_atoms[] = {"a", "b", "\xc3\xa9", ":"};
	unsigned long seed = 12345;
	int			mismatches = 0,
				arn_mismatches = 0,
				matches = 0,
				k;

	for (k = 0; k < 50000; k++)
	{
		char		pat[64] = "",
					str[64] = "";
		int			plen,
					slen,
					i,
					want,
					got;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		plen = (int) ((seed >> 33) % 9);
		slen = (int) ((seed >> 41) % 11);
		for (i = 0; i < plen; i++)
		{
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			strcat(pat, pat_atoms[(seed >> 33) % 6]);
		}
		for (i = 0; i < slen; i++)
		{
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			strcat(str, str_atoms[(seed >> 33) % 4]);
		}
		want = glob_reference(pat, str);
		got = g(pat, str);
		matches += want;
		if (want != got && mismatches++ < 5)
			printf("#   glob \"%s\" vs \"%s\": got %d, want %d\n", pat, str, got, want);
		/* a pattern without ':' on a subject without ':' is one ARN part only */
		if (!strchr(pat, ':') && !strchr(str, ':'))
		{
			char		ap[128],
						as[128];

			snprintf(ap, sizeof(ap), "arn:aws:iam::1:%s", pat);
			snprintf(as, sizeof(as), "arn:aws:iam::1:%s", str);
			if (rsi_arn_match(ap, strlen(ap), as, strlen(as)) != want)
				arn_mismatches++;
		}
	}
	TAP_IS_INT(mismatches, 0, "glob agrees with a DP reference on 50000 random cases (%d matches)",
			   matches);
	TAP_IS_INT(arn_mismatches, 0, "ARN resource part agrees with the reference too");
}

static void
test_glob(void)
{
	char	   *as;
	clock_t		t0;
	double		secs;
	int			r1,
				r2,
				r3;

	TAP_OK(g("", ""), "glob: empty matches empty");
	TAP_OK(!g("", "a"), "glob: empty does not match 'a'");
	TAP_OK(g("*", ""), "glob: '*' matches empty");
	TAP_OK(g("**", "abc"), "glob: '**' matches");
	TAP_OK(!g("?", ""), "glob: '?' needs one character");
	TAP_OK(g("?", "\xc3\xa9"), "glob: '?' matches a two-byte character");
	TAP_OK(!g("??", "\xc3\xa9"), "glob: two '?' do not match one two-byte character");
	TAP_OK(g("*?", "\xc3\xa9"), "glob: '*?' anchors '?' on a character boundary");
	TAP_OK(g("a*?c", "ab\xc3\xa9" "c"), "glob: '?' backwards over a two-byte character");
	TAP_OK(g("a*b*c", "aXbYc"), "glob: two stars");
	TAP_OK(g("a*b*c", "abc"), "glob: stars matching empty");
	TAP_OK(!g("a*b*c", "acb"), "glob: order matters");
	TAP_OK(g("*ab", "aab"), "glob: suffix after a false start");
	TAP_OK(!g("ab*ba", "aba"), "glob: prefix and suffix may not overlap");
	TAP_OK(g("a*a", "aa"), "glob: a*a vs aa");
	TAP_OK(!g("a*a", "a"), "glob: a*a vs a");
	TAP_OK(g("*x?z*", "wxyzw"), "glob: '?' in a middle segment");
	TAP_OK(g("*b?b*", "abcbab"), "glob: middle segment found after a false start");
	TAP_OK(!g("*b?b*", "abcab"), "glob: middle segment not found");
	TAP_OK(rsi_glob_match("ABC*", 4, "abcdef", 6, RSI_GLOB_ICASE), "glob: ICASE flag");
	TAP_OK(!rsi_glob_match("ABC*", 4, "abcdef", 6, 0), "glob: case-sensitive by default");
	TAP_OK(rsi_arn_match("arn:aws:iam::*:role/*", 21, ROLE("x"), strlen(ROLE("x"))),
		   "arn: per-segment match");
	TAP_OK(!rsi_arn_match("arn:aws:iam::*", 14, ROLE("x"), strlen(ROLE("x"))),
		   "arn: pattern with five parts does not match");
	TAP_OK(!rsi_arn_match("arn:*:iam::1:role/x", 19, "arn:aws:iam::1:role/y", 21),
		   "arn: resource part compared");
	TAP_OK(!rsi_arn_match("arn:a?s:iam::1:r", 16, "arn:a:s:iam::1:r", 16),
		   "arn: '?' cannot be a colon");

	as = malloc(10001);
	memset(as, 'a', 10000);
	as[10000] = '\0';
	t0 = clock();
	r1 = g("*a*a*a*a*a*a*a*b", as);
	r2 = g("*a*a*a*a*a*a*a*a", as);
	r3 = g("*aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab*a", as);
	secs = (double) (clock() - t0) / CLOCKS_PER_SEC;
	TAP_OK(!r1, "pathological *a*a*a*a*a*a*a*b vs a x 10000: no match");
	TAP_OK(r2, "*a*a*a*a*a*a*a*a vs a x 10000: match");
	TAP_OK(!r3, "long middle segment vs a x 10000: no match");
	TAP_OK(secs < time_budget(0.5), "pathological globs finish quickly (%.4f s)", secs);
	free(as);
}

/* ---------- scale ---------- */

static void
test_scale(void)
{
	const size_t n = 100000;
	size_t		cap = n * 160 + 64,
				len = 0,
				i;
	char	   *doc = malloc(cap);
	rsi_policy_options opts;
	rsi_policy_error err;
	rsi_policy *p;
	rsi_eval_result r;
	rsi_request rq;
	clock_t		t0;
	double		secs;

	len += (size_t) sprintf(doc + len, "{\"Version\":\"2012-10-17\",\"Statement\":[");
	for (i = 0; i < n; i++)
		len += (size_t) sprintf(doc + len, "%s{\"Sid\":\"S%zu\",\"Effect\":\"Allow\","
								"\"Action\":\"redshift:Action%zu\",\"Resource\":"
								"\"arn:aws:redshift:us-east-1:123456789012:cluster:c%zu\"}",
								i ? "," : "", i, i, i);
	len += (size_t) sprintf(doc + len, "]}");

	t0 = clock();
	p = rsi_policy_parse(doc, len, "big", &err);
	TAP_OK(p == NULL && strstr(err.message, "maximum is 131072"), "100,000 statements exceed the default cap");
	opts.max_chars = 0;
	p = rsi_policy_parse_ext(doc, len, "big", &opts, &err);
	TAP_OK(p != NULL, "100,000-statement policy parses with max_chars = 0");
	TAP_IS_INT(rsi_policy_statement_count(p), n, "  statement count 100000");
	rq.action = "REDSHIFT:ACTION99999";
	rq.resource = "arn:aws:redshift:us-east-1:123456789012:cluster:c99999";
	rq.context = NULL;
	rq.ncontext = 0;
	TAP_IS_INT(rsi_policy_evaluate((const rsi_policy *const *) &p, 1, &rq, &r), 0, "  evaluates");
	TAP_IS_INT(r.decision, ALLOWED, "  last statement allows");
	TAP_IS_INT(r.nmatched ? r.matched[0].statement_index : -1, 99999, "  Statement[99999]");
	TAP_IS_STR(r.nmatched ? r.matched[0].sid : NULL, "S99999", "  Sid S99999");
	rsi_eval_result_free(&r);
	rq.resource = "arn:aws:redshift:us-east-1:123456789012:cluster:c1";
	rsi_policy_evaluate((const rsi_policy *const *) &p, 1, &rq, &r);
	TAP_IS_INT(r.decision, IMPLICIT, "  wrong resource: implicitDeny");
	rsi_eval_result_free(&r);
	secs = (double) (clock() - t0) / CLOCKS_PER_SEC;
	TAP_OK(secs < time_budget(2.0), "  parse + 2 evaluations in %.3f s (budget %.0f s)",
		   secs, time_budget(2.0));
	rsi_policy_free(p);
	free(doc);
}

/* ---------- bounded evaluation (rsi_policy_evaluate_ext) ---------- */

static int	stop_calls;

static int
stop_at_once(void *arg)
{
	(void) arg;
	stop_calls++;
	return 1;
}

static int
never_stop(void *arg)
{
	(void) arg;
	stop_calls++;
	return 0;
}

static void
test_bounded_eval(void)
{
	/* a Resource of 16,000 variables, each replaced by 1,000 characters */
	size_t		nvars = 16000,
				i;
	const char *head = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
		"{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::x\",\"arn:aws:s3:::";
	const char *tail = "\"]}]}";
	char	   *doc = malloc(strlen(head) + nvars * 8 + strlen(tail) + 1);
	char	   *val = malloc(1001);
	char	   *long_stmts;
	const char *vals[1];
	rsi_context_entry ent;
	rsi_request rq;
	rsi_eval_result r;
	rsi_eval_error ee;
	rsi_eval_options opts;
	rsi_policy_error err;
	rsi_policy *p;

	strcpy(doc, head);
	{
		char	   *w = doc + strlen(doc);

		for (i = 0; i < nvars; i++, w += 8)
			memcpy(w, "${aws:x}", 8);
		strcpy(w, tail);
	}
	memset(val, 'v', 1000);
	val[1000] = '\0';
	vals[0] = val;
	ent.key = "aws:x";
	ent.values = vals;
	ent.nvalues = 1;
	rq.action = "s3:GetObject";
	rq.resource = "arn:aws:s3:::b/k";
	rq.context = &ent;
	rq.ncontext = 1;

	p = rsi_policy_parse(doc, strlen(doc), "Hostile", &err);
	TAP_OK(p != NULL, "bounded: 16,000 variables in one Resource compile");
	if (p == NULL)
		printf("# %s: %s\n", err.element, err.message);
	TAP_IS_INT(rsi_policy_evaluate_ext((const rsi_policy *const *) &p, 1, &rq, NULL, &r, &ee),
			   RSI_EVAL_TOO_LONG, "bounded: the expansion past RSI_POLICY_MAX_CHARS stops the evaluation");
	TAP_IS_STR(ee.element, "Statement[1].Resource[1]", "  the error names the element");
	TAP_IS_STR(ee.policy, "Hostile", "  and the policy");
	TAP_IS_INT(r.nmatched, 0, "  the result is empty");
	TAP_IS_INT(rsi_policy_evaluate((const rsi_policy *const *) &p, 1, &rq, &r), -1,
			   "bounded: rsi_policy_evaluate applies the same bound (-1)");
	memset(&opts, 0, sizeof(opts));
	opts.max_expanded = (size_t) 1000 * nvars + 20;
	TAP_IS_INT(rsi_policy_evaluate_ext((const rsi_policy *const *) &p, 1, &rq, &opts, &r, &ee),
			   RSI_EVAL_OK, "bounded: a larger max_expanded lets it through");
	TAP_IS_INT(r.decision, ALLOWED, "  allowed by Statement[0]");
	rsi_eval_result_free(&r);
	val[0] = '\0';
	val[1] = '\0';
	TAP_IS_INT(rsi_policy_evaluate_ext((const rsi_policy *const *) &p, 1, &rq, NULL, &r, &ee),
			   RSI_EVAL_OK, "bounded: empty values stay under the bound");
	rsi_eval_result_free(&r);
	rsi_policy_free(p);

	/* 300 statements: should_stop is asked, and stops */
	long_stmts = malloc(300 * 64 + 64);
	strcpy(long_stmts, "{\"Version\":\"2012-10-17\",\"Statement\":[");
	for (i = 0; i < 300; i++)
		sprintf(long_stmts + strlen(long_stmts), "%s{\"Effect\":\"Allow\",\"Action\":\"s3:Get%zu\",\"Resource\":\"*\"}",
				i ? "," : "", i);
	strcat(long_stmts, "]}");
	p = rsi_policy_parse(long_stmts, strlen(long_stmts), "Long", &err);
	TAP_OK(p != NULL, "stop: a policy of 300 statements compiles");
	memset(&opts, 0, sizeof(opts));
	opts.should_stop = stop_at_once;
	stop_calls = 0;
	TAP_IS_INT(rsi_policy_evaluate_ext((const rsi_policy *const *) &p, 1, &rq, &opts, &r, NULL),
			   RSI_EVAL_STOPPED, "stop: should_stop answering yes stops the evaluation");
	TAP_IS_INT(stop_calls, 1, "  asked once, then stopped");
	TAP_IS_INT(r.nmatched + r.nmissing, 0, "  the result is empty");
	opts.should_stop = never_stop;
	stop_calls = 0;
	TAP_IS_INT(rsi_policy_evaluate_ext((const rsi_policy *const *) &p, 1, &rq, &opts, &r, NULL),
			   RSI_EVAL_OK, "stop: should_stop answering no lets it finish");
	TAP_OK(stop_calls >= 4, "  asked every 64 statements");
	rsi_eval_result_free(&r);
	rsi_policy_free(p);
	free(long_stmts);
	free(doc);
	free(val);
}

int
main(void)
{
	test_f150();
	test_seed();
	test_string_ops();
	test_arn_ops();
	test_numeric_date_ops();
	test_bool_null_ip_ops();
	test_missing_keys();
	test_set_ops();
	test_combination();
	test_case_and_not();
	test_variables();
	test_reports();
	test_malformed();
	test_text_rules();
	test_glob();
	test_glob_differential();
	test_scale();
	test_bounded_eval();
	return tap_done();
}
