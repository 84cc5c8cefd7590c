/*
 * test_principal_doc.c — trust and resource-based policy documents made
 * checkable by the identity-policy compiler: Principal shapes, Id, missing
 * Resource; and the JSON syntax check.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "policy/policy.h"
#include "policy/principal_doc.h"

static char why[300];

/* the converted text, or "(refused) <why>" */
static const char *
conv(const char *doc, int trust)
{
	static char buf[1024];
	char	   *out = rsi_principal_doc_for_compiler(doc, strlen(doc), trust, why, sizeof(why));

	if (out == NULL)
		snprintf(buf, sizeof(buf), "(refused) %s", why);
	else
	{
		snprintf(buf, sizeof(buf), "%s", out);
		free(out);
	}
	return buf;
}

/* does the converted document compile as an identity policy? */
static int
compiles(const char *doc)
{
	char	   *out = rsi_principal_doc_for_compiler(doc, strlen(doc), 1, why, sizeof(why));
	rsi_policy *p;
	int			ok;

	if (out == NULL)
		return 0;
	p = rsi_policy_parse(out, strlen(out), "t", NULL);
	ok = p != NULL;
	rsi_policy_free(p);
	free(out);
	return ok;
}

#define TRUST(principal) "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" principal ",\"Action\":\"sts:AssumeRole\"}]}"

int
main(void)
{
	TAP_IS_STR(conv(TRUST("{\"Service\":\"redshift.amazonaws.com\"}"), 1),
			   "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}",
			   "a trust policy loses its Principal and gains Resource *");
	TAP_OK(compiles(TRUST("{\"AWS\":[\"arn:aws:iam::123456789012:root\",\"210987654321\"]}")),
		   "a trust policy with AWS principals compiles");
	TAP_OK(compiles(TRUST("\"*\"")), "Principal \"*\" is valid");
	TAP_OK(compiles("{\"Version\":\"2012-10-17\",\"Id\":\"b\",\"Statement\":{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::1:root\"},\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::b/*\"}}"),
		   "a bucket policy with Id, one statement object and NotPrincipal compiles");
	TAP_IS_STR(conv(TRUST("\"someone\""), 1),
			   "(refused) Statement[0].Principal: a Principal given as a string must be \"*\"",
			   "a Principal string other than * is refused");
	TAP_IS_STR(conv(TRUST("{\"User\":\"x\"}"), 1),
			   "(refused) Statement[0].Principal: a Principal's keys are AWS, Service, Federated or CanonicalUser",
			   "an unknown principal type is refused");
	TAP_IS_STR(conv(TRUST("{\"AWS\":[]}"), 1),
			   "(refused) Statement[0].Principal: a Principal's values are a string or a non-empty array of strings",
			   "an empty principal list is refused");
	TAP_IS_STR(conv(TRUST("{\"AWS\":[1]}"), 1),
			   "(refused) Statement[0].Principal: a Principal's values are a string or a non-empty array of strings",
			   "a principal that is not a string is refused");
	TAP_IS_STR(conv(TRUST("{}"), 1),
			   "(refused) Statement[0].Principal: a Principal must be \"*\" or a non-empty object",
			   "an empty Principal object is refused");
	TAP_IS_STR(conv("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}]}", 1),
			   "(refused) Statement[0].Principal: a statement in a trust policy must have a Principal or a NotPrincipal",
			   "a trust statement without a Principal is refused");
	TAP_IS_STR(conv("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", 0),
			   "(refused) Statement[0].Principal: a statement in a resource-based policy must have a Principal or a NotPrincipal",
			   "a resource statement without a Principal is refused");
	TAP_IS_STR(conv("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"NotPrincipal\":\"*\",\"Action\":\"s3:*\"}]}", 0),
			   "(refused) Statement[0].Principal: a statement must have exactly one of Principal or NotPrincipal, not both",
			   "Principal and NotPrincipal together are refused");
	TAP_IS_STR(conv("{\"Id\":5,\"Statement\":[]}", 0), "(refused) Id: Id must be a string", "a non-string Id is refused");
	TAP_IS_STR(conv("[1]", 1), "[1]", "text that is not an object is left for the compiler to refuse");
	TAP_OK(!compiles("{\"Statement\":[{\"Effect\":\"Permit\",\"Principal\":\"*\",\"Action\":\"s3:*\"}]}"),
		   "the compiler still checks the rest (Effect)");
	TAP_OK(rsi_json_syntax_ok("{\"a\": [1]}", 10, why, sizeof(why)), "JSON text passes the syntax check");
	TAP_OK(!rsi_json_syntax_ok("{\"a\": ", 6, why, sizeof(why)) && strstr(why, "line 1") != NULL,
		   "broken JSON is refused with its position");
	return tap_done();
}
