/*
 * test_iam_principal.c — the policy engine's Principal and NotPrincipal
 * for resource-based and trust policies (rsi_policy_parse_kind,
 * rsi_policy_evaluate_as): grammar per kind, AWS / Service principals,
 * account delegation, "*", NotPrincipal, trust policies without Resource.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"
#include "tap.h"

#define A "123456789012"
#define ROLE_A "arn:aws:iam::" A ":role/R"

static rsi_policy *
parse(const char *doc, rsi_policy_kind kind, rsi_policy_error *err)
{
	return rsi_policy_parse_kind(doc, strlen(doc), "p", kind, NULL, err);
}

/* decision and, for an allow, whether every deciding statement matched by account only */
static rsi_decision
eval(const rsi_policy *p, const char *action, const char *resource,
	 const char *type, const char *name, const char *account, int *via_account)
{
	const char *names[1] = {name};
	rsi_principal_req pr = {type, names, 1, account};
	rsi_request rq = {action, resource, NULL, 0};
	rsi_eval_result r;
	rsi_decision d;
	size_t		i;

	if (rsi_policy_evaluate_as((const rsi_policy *const *) &p, 1, &rq, type ? &pr : NULL, NULL, &r, NULL) != 0)
		return (rsi_decision) -1;
	d = r.decision;
	if (via_account)
	{
		*via_account = r.nmatched > 0;
		for (i = 0; i < r.nmatched; i++)
			if (!r.matched[i].via_account)
				*via_account = 0;
	}
	rsi_eval_result_free(&r);
	return d;
}

int
main(void)
{
	rsi_policy_error err;
	rsi_policy *p;
	int			via = -1;
	static char msg[600];
	const char *trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
		"\"Principal\":{\"Service\":[\"redshift.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"}]}";
	const char *bucket = "{\"Version\":\"2012-10-17\",\"Id\":\"b\",\"Statement\":["
		"{\"Sid\":\"Direct\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" ROLE_A "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"},"
		"{\"Sid\":\"Acct\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::210987654321:root\",\"999988887777\"]},\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::b\"},"
		"{\"Sid\":\"NoOthers\",\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":[\"" ROLE_A "\",\"arn:aws:iam::210987654321:root\"]},\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::b/private/*\"}]}";

	/* grammar */
	p = parse(trust, RSI_POLICY_IDENTITY, &err);
	TAP_OK(p == NULL && strstr(err.message, "not allowed in identity-based policies") != NULL,
		   "an identity policy still refuses Principal");
	p = parse(trust, RSI_POLICY_TRUST, &err);
	TAP_OK(p != NULL && rsi_policy_get_kind(p) == RSI_POLICY_TRUST, "a trust policy may have Principal and no Resource");
	TAP_OK(p == NULL || eval(p, "sts:AssumeRole", ROLE_A, "Service", "redshift.amazonaws.com", NULL, NULL) == RSI_DECISION_ALLOWED,
		   "trust: the service principal is allowed");
	TAP_OK(p == NULL || eval(p, "sts:AssumeRole", ROLE_A, "Service", "ec2.amazonaws.com", NULL, NULL) == RSI_DECISION_IMPLICIT_DENY,
		   "trust: another service is not");
	TAP_OK(p == NULL || eval(p, "sts:AssumeRole", ROLE_A, "AWS", "redshift.amazonaws.com", A, NULL) == RSI_DECISION_IMPLICIT_DENY,
		   "trust: the principal type must match (AWS is not Service)");
	TAP_OK(p == NULL || eval(p, "sts:AssumeRole", ROLE_A, NULL, NULL, NULL, NULL) == RSI_DECISION_IMPLICIT_DENY,
		   "trust: a request without a principal matches no Principal statement");
	rsi_policy_free(p);
	p = parse(trust, RSI_POLICY_RESOURCE, &err);
	TAP_OK(p == NULL && strstr(err.element, "Resource") != NULL, "a resource-based policy needs a Resource");
	p = parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}", RSI_POLICY_RESOURCE, &err);
	TAP_OK(p == NULL && strstr(err.message, "must have a Principal or a NotPrincipal") != NULL,
		   "a resource-based policy needs a Principal");
	p = parse("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"x\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}", RSI_POLICY_RESOURCE, &err);
	TAP_OK(p == NULL && strstr(err.message, "must be \"*\"") != NULL, "a bare Principal string must be \"*\"");
	p = parse("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Aws\":\"*\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}}", RSI_POLICY_RESOURCE, &err);
	TAP_OK(p == NULL && strstr(err.message, "did you mean \"AWS\"") != NULL, "principal types are case-sensitive");
	p = parse("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"NotPrincipal\":{\"AWS\":\"1\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}}", RSI_POLICY_RESOURCE, &err);
	TAP_OK(p == NULL && strstr(err.message, "exactly one of Principal or NotPrincipal") != NULL,
		   "Principal and NotPrincipal together are refused");
	p = parse("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[]},\"Action\":\"s3:*\",\"Resource\":\"*\"}}", RSI_POLICY_RESOURCE, &err);
	TAP_OK(p == NULL, "an empty principal list is refused");

	/* the exact errors the import and the writers show (the one Principal rule) */
#define MSG(doc, kind) (parse(doc, kind, &err) == NULL ? (snprintf(msg, sizeof(msg), "%s: %s", err.element, err.message), msg) : "(compiled)")
	TAP_IS_STR(MSG("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}]}", RSI_POLICY_TRUST),
			   "Statement[0].Principal: a statement in a trust policy must have a Principal or a NotPrincipal",
			   "a trust statement without a Principal: the message names the trust policy");
	TAP_IS_STR(MSG("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", RSI_POLICY_RESOURCE),
			   "Statement[0].Principal: a statement in a resource-based policy must have a Principal or a NotPrincipal",
			   "a resource statement without a Principal: the message names the resource-based policy");
	TAP_IS_STR(MSG("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"User\":\"x\"},\"Action\":\"sts:AssumeRole\"}]}", RSI_POLICY_TRUST),
			   "Statement[0].Principal.User: a Principal's keys are AWS, Service, Federated or CanonicalUser, found \"User\"",
			   "an unknown principal type names the types");
	TAP_IS_STR(MSG("{\"Statement\":[{\"Effect\":\"Deny\",\"NotPrincipal\":{\"Users\":\"x\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", RSI_POLICY_RESOURCE),
			   "Statement[0].NotPrincipal.Users: a NotPrincipal's keys are AWS, Service, Federated or CanonicalUser, found \"Users\"",
			   "  and names NotPrincipal when that is the element");
	TAP_IS_STR(MSG("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{},\"Action\":\"sts:AssumeRole\"}]}", RSI_POLICY_TRUST),
			   "Statement[0].Principal: Principal must be \"*\" or a non-empty object, found an object",
			   "an empty Principal object is refused");
	TAP_IS_STR(MSG("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[1]},\"Action\":\"sts:AssumeRole\"}]}", RSI_POLICY_TRUST),
			   "Statement[0].Principal.AWS[0]: each principal must be a string, found a number",
			   "a principal that is not a string is refused with its index");
	TAP_IS_STR(MSG("{\"Id\":5,\"Statement\":[]}", RSI_POLICY_RESOURCE), "Id: Id must be a string, found a number",
			   "a non-string Id is refused");
	TAP_IS_STR(MSG("{\"Statement\":[{\"Effect\":\"Permit\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}]}", RSI_POLICY_TRUST),
			   "Statement[0].Effect: Effect must be exactly \"Allow\" or \"Deny\", found \"Permit\"",
			   "the rest of a trust policy is checked by the same rules (Effect)");
	TAP_OK(strncmp(MSG("{\"Statement\": [\n  {\"Effect\": ", RSI_POLICY_TRUST), "(document): invalid JSON at line 2, column", 41) == 0,
		   "text that is not JSON is refused with its line and column (%s)", msg);

	/* resource-based policy: direct, account delegation, NotPrincipal deny, "*" */
	p = parse(bucket, RSI_POLICY_RESOURCE, &err);
	TAP_OK(p != NULL, "a bucket policy with Id, Principal and NotPrincipal compiles (%s)", p ? "" : err.message);
	if (p != NULL)
	{
		TAP_OK(eval(p, "s3:GetObject", "arn:aws:s3:::b/k", "AWS", ROLE_A, A, &via) == RSI_DECISION_ALLOWED && via == 0,
			   "a principal named by its ARN is allowed directly");
		TAP_OK(eval(p, "s3:GetObject", "arn:aws:s3:::b/k", "AWS", "arn:aws:iam::" A ":role/Other", A, NULL) == RSI_DECISION_IMPLICIT_DENY,
			   "another role of the same account is not");
		TAP_OK(eval(p, "s3:ListBucket", "arn:aws:s3:::b", "AWS", "arn:aws:iam::210987654321:role/X", "210987654321", &via) == RSI_DECISION_ALLOWED && via == 1,
			   "an account root ARN matches every principal of that account, by account");
		TAP_OK(eval(p, "s3:ListBucket", "arn:aws:s3:::b", "AWS", "arn:aws:iam::999988887777:role/X", "999988887777", &via) == RSI_DECISION_ALLOWED && via == 1,
			   "a bare 12-digit account ID matches the same way");
		TAP_OK(eval(p, "s3:GetObject", "arn:aws:s3:::b/private/x", "AWS", "arn:aws:iam::555555555555:role/X", "555555555555", NULL) == RSI_DECISION_EXPLICIT_DENY,
			   "NotPrincipal: a principal outside the list is denied");
		TAP_OK(eval(p, "s3:GetObject", "arn:aws:s3:::b/private/x", "AWS", ROLE_A, A, NULL) == RSI_DECISION_ALLOWED,
			   "NotPrincipal: a principal in the list is not denied");
		TAP_OK(eval(p, "s3:GetObject", "arn:aws:s3:::b/private/x", "AWS", "arn:aws:iam::210987654321:role/Y", "210987654321", NULL) == RSI_DECISION_IMPLICIT_DENY,
			   "NotPrincipal: an account root in the list exempts the account's principals");
		rsi_policy_free(p);
	}
	p = parse("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"*\"}}", RSI_POLICY_RESOURCE, &err);
	TAP_OK(p != NULL && eval(p, "lambda:InvokeFunction", "arn:aws:lambda:us-east-1:" A ":function:f", "AWS", ROLE_A, A, &via) == RSI_DECISION_ALLOWED && via == 0,
		   "{\"AWS\": \"*\"} matches anyone, directly");
	rsi_policy_free(p);
	p = parse("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" A ":role/*\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}}", RSI_POLICY_RESOURCE, &err);
	TAP_OK(p != NULL && eval(p, "s3:GetObject", "arn:aws:s3:::b/k", "AWS", ROLE_A, A, NULL) == RSI_DECISION_IMPLICIT_DENY,
		   "a wildcard cannot match part of a principal");
	rsi_policy_free(p);
	p = parse("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"redshift.amazonaws.com\"},"
			  "\"Action\":\"sts:AssumeRole\",\"NotResource\":\"" ROLE_A "\"}}", RSI_POLICY_TRUST, &err);
	TAP_OK(p != NULL && eval(p, "sts:AssumeRole", ROLE_A, "Service", "redshift.amazonaws.com", NULL, NULL) == RSI_DECISION_IMPLICIT_DENY,
		   "trust: NotResource still excludes");
	rsi_policy_free(p);
	/* identity policies evaluated with a principal behave as before */
	{
		const char *idp = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}";

		p = rsi_policy_parse(idp, strlen(idp), "i", &err);
	}
	TAP_OK(p != NULL && eval(p, "s3:GetObject", "arn:aws:s3:::b/k", "AWS", ROLE_A, A, NULL) == RSI_DECISION_ALLOWED,
		   "an identity policy applies whoever asks");
	rsi_policy_free(p);
	return tap_done();
}
