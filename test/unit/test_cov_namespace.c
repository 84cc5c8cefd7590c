/*
 * test_cov_namespace.c — the Redshift Serverless reader (cluster/namespace.h):
 * each IamRole(...) string shape the service prints (both key orders, the
 * plain ARN of older output) and the malformed ones; every member check of
 * a namespace and a workgroup with its message; names and references; the
 * effective status; and the JSON text, also with jansson out of memory.
 *
 * Sources: Amazon Redshift Serverless API Reference, "Namespace"
 * (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_Namespace.html)
 * and "Workgroup"
 * (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_Workgroup.html).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cluster/namespace.h"
#include "tap.h"

#define ETL "arn:aws:iam::111122223333:role/Etl"
#define NSARN "arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/aa58f5ad-32a2-4178-b70a-3a474de0d7d2"
#define WGARN "arn:aws:redshift-serverless:eu-west-1:111122223333:workgroup/0a4e8e2f-1c2b-4a64-9a40-1b0f6b2b1f2f"
#define NS(extra) "{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\"" extra "}]}"
#define WG(body) "{\"workgroups\": [{" body "}]}"

static char err[512];

/* The error for a document, or "" when it parses. */
static const char *
error_of(const char *text)
{
	rsi_serverless_doc doc;

	memset(err, 'x', sizeof(err));
	if (rsi_serverless_parse(text, strlen(text), &doc, err, sizeof(err)) == 0)
	{
		rsi_serverless_free(&doc);
		return "";
	}
	return err;
}

/* One iamRoles element read: "ARN|status", or the reason it cannot be read. */
static const char *
role_of(const char *s)
{
	static char buf[300];
	size_t		off,
				len;
	const char *st;
	const char *why = rsi_namespace_role_parse(s, strlen(s), &off, &len, &st);

	if (why)
		return why;
	snprintf(buf, sizeof(buf), "%.*s|%s", (int) len, s + off, st);
	return buf;
}

#define KV "expected key=value pairs inside IamRole(...)"
#define SHAPE "expected a role ARN or IamRole(applyStatus=..., iamRoleArn=...)"

static void
test_role_shapes(void)
{
	/* accepted */
	TAP_IS_STR(role_of("IamRole(applyStatus=adding, iamRoleArn=" ETL ")"), ETL "|adding",
			   "applyStatus first, then iamRoleArn");
	TAP_IS_STR(role_of("IamRole(iamRoleArn=" ETL ", applyStatus=removing)"), ETL "|removing",
			   "iamRoleArn first, then applyStatus");
	TAP_IS_STR(role_of("IamRole(iamRoleArn=" ETL ", applyStatus=in-sync)"), ETL "|in-sync", "in-sync");
	TAP_IS_STR(role_of("arn:aws-cn:iam::111122223333:role/x"), "arn:aws-cn:iam::111122223333:role/x|in-sync",
			   "a plain ARN is associated (in-sync)");
	TAP_IS_STR(role_of("IamRole(next=1, iamRoleArn=" ETL ", applyStatus=adding)"), ETL "|adding",
			   "an unknown key before the others is ignored");
	TAP_IS_STR(role_of("IamRole(iamRoleArn=arn:aws:iam::111122223333:role/p,q=r,s, applyStatus=adding)"),
			   "arn:aws:iam::111122223333:role/p,q=r,s|adding",
			   "a role name with ',' and '=' (no space) is kept whole");

	/* malformed */
	TAP_IS_STR(role_of("arn"), SHAPE, "too short for an ARN");
	TAP_IS_STR(role_of("IamRole("), SHAPE, "IamRole( alone");
	TAP_IS_STR(role_of("iamrole(applyStatus=in-sync, iamRoleArn=" ETL ")"), SHAPE, "IamRole is case-sensitive");
	TAP_IS_STR(role_of("IamRole[applyStatus=in-sync, iamRoleArn=" ETL "]"), SHAPE, "brackets are not parentheses");
	TAP_IS_STR(role_of("IamRole(applyStatus=in-sync, iamRoleArn=)"), "IamRole(...) has no iamRoleArn",
			   "an empty iamRoleArn");
	TAP_IS_STR(role_of("IamRole(applyStatus=in-sync,iamRoleArn=" ETL ")"),
			   "applyStatus: expected one of in-sync, adding, removing",
			   "pairs must be separated by \", \": without the space the status swallows the rest");
	TAP_IS_STR(role_of("IamRole(apply Status=in-sync, iamRoleArn=" ETL ")"), KV, "a key with a space");
	TAP_IS_STR(role_of("IamRole(a,b=c, iamRoleArn=" ETL ")"), KV, "a key with a comma");
	TAP_IS_STR(role_of("IamRole(iamRoleArn=" ETL ", applyStatus=in-sync, )"), KV, "a trailing \", \"");
	TAP_IS_STR(role_of("IamRole(iamRoleArn=" ETL ", applyStatus=In-Sync)"),
			   "applyStatus: expected one of in-sync, adding, removing", "the status is case-sensitive");
	TAP_IS_STR(role_of("IamRole(iamRoleArn=" ETL ", applyStatus=)"),
			   "applyStatus: expected one of in-sync, adding, removing", "an empty status");
	TAP_IS_STR(role_of("IamRole(x=1)"), "IamRole(...) has no iamRoleArn", "only unknown keys");
	TAP_IS_STR(role_of("IamRole(iamRoleArn=" ETL ", iamRoleArn=" ETL ", applyStatus=adding)"),
			   "iamRoleArn appears twice", "iamRoleArn twice");
	TAP_IS_STR(role_of("IamRole(applyStatus=adding, applyStatus=adding, iamRoleArn=" ETL ")"),
			   "applyStatus appears twice", "applyStatus twice, even with the same value");
}

static void
test_documents(void)
{
	rsi_serverless_doc doc;
	int			rc;

	/* strings */
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"ana\\u0000lytics\", \"namespaceArn\": \"" NSARN "\"}]}"),
			   "not valid JSON (line 1, column 51): \\u0000 is not allowed without JSON_ALLOW_NUL near '\"ana\\u0000lytics\"'",
			   "a NUL in a name: the JSON is refused");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": 7, \"namespaceArn\": \"" NSARN "\"}]}"),
			   "namespaces[0].namespaceName: expected a string, found a number", "a name that is a number");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": null, \"namespaceArn\": \"" NSARN "\"}]}"),
			   "namespaces[0]: missing member namespaceName", "a null member is a missing one");
	TAP_IS_STR(error_of(NS(", \"iamRoles\": [\"arn:aws:iam::111122223333:role/a\\u0000b\"]")),
			   "not valid JSON (line 1, column 218): \\u0000 is not allowed without JSON_ALLOW_NUL", "a NUL in a role: the JSON is refused");
	TAP_IS_STR(error_of(NS(", \"iamRoles\": \"" ETL "\"")),
			   "namespaces[0].iamRoles: expected an array, found a string", "iamRoles not an array");
	TAP_IS_STR(error_of(NS(", \"iamRoles\": [\"IamRole(applyStatus=adding)\"]")),
			   "namespaces[0].iamRoles[0]: \"IamRole(applyStatus=adding)\": IamRole(...) has no iamRoleArn",
			   "a malformed role names its place and itself");
	TAP_IS_STR(error_of(NS(", \"iamRoles\": [\"arn:aws-cn:iam::111122223333:role/x\"]")),
			   "namespaces[0].iamRoles[0]: the role is in partition aws-cn, not in the namespace's partition aws",
			   "a role of another partition");
	TAP_IS_STR(error_of(NS(", \"defaultIamRoleArn\": \"arn:aws:iam::111122223333:role/aws-service-role/redshift.amazonaws.com/AWSServiceRoleForRedshift\"")),
			   "namespaces[0].defaultIamRoleArn: arn:aws:iam::111122223333:role/aws-service-role/redshift.amazonaws.com/AWSServiceRoleForRedshift "
			   "is a service-linked role, which cannot be associated with a namespace",
			   "a service-linked default role");

	/* roles read */
	rc = rsi_serverless_parse(NS(", \"iamRoles\": [], \"defaultIamRoleArn\": \"" ETL "\""),
							  strlen(NS(", \"iamRoles\": [], \"defaultIamRoleArn\": \"" ETL "\"")), &doc, err, sizeof(err));
	TAP_OK(rc == 0 && doc.n_namespaces == 1 && doc.namespaces[0].n_roles == 0 && doc.namespaces[0].roles == NULL &&
		   strcmp(doc.namespaces[0].default_role, ETL) == 0 && strcmp(doc.namespaces[0].status, "AVAILABLE") == 0 &&
		   strcmp(doc.namespaces[0].id, "aa58f5ad-32a2-4178-b70a-3a474de0d7d2") == 0 &&
		   strcmp(doc.namespaces[0].account, "111122223333") == 0 && strcmp(doc.namespaces[0].region, "eu-west-1") == 0,
		   "an empty iamRoles: no roles; a default role not among them is kept; status AVAILABLE when absent");
	if (rc == 0)
		rsi_serverless_free(&doc);
	TAP_OK(doc.n_namespaces == 0 && doc.namespaces == NULL, "rsi_serverless_free empties the document");

	/* names */
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"my_ns\", \"namespaceArn\": \"" NSARN "\"}]}"),
			   "namespaces[0].namespaceName: \"my_ns\" is not a valid namespace name: it may hold only lowercase letters, digits and hyphens",
			   "an underscore in a namespace name");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"a123456789b123456789c123456789d123456789e123456789f123456789g1234\", "
						"\"namespaceArn\": \"" NSARN "\"}]}"),
			   "namespaces[0].namespaceName: \"a123456789b123456789c123456789d123456789e123456789f123456789g1234\" "
			   "is not a valid namespace name: it must be 3 to 64 characters", "a 65-character name");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"a123456789b123456789c123456789d123456789e123456789f123456789g123\", "
						"\"namespaceArn\": \"" NSARN "\"}]}"), "", "a 64-character name");

	/* status */
	TAP_IS_STR(error_of(NS(", \"status\": \"\"")), "namespaces[0].status: \"\" must be 1 to 64 characters", "an empty status");
	TAP_IS_STR(error_of(NS(", \"status\": \"A123456789B123456789C123456789D123456789E123456789F123456789G1234\"")),
			   "namespaces[0].status: \"A123456789B123456789C123456789D123456789E123456789F123456789G123...\" must be 1 to 64 characters",
			   "a 65-character status, cut in the message");
	TAP_IS_STR(error_of(NS(", \"status\": \"Some_Future-State2\"")), "",
			   "a status of letters, digits, '-' and '_' is kept as written");
	TAP_IS_STR(error_of(NS(", \"status\": \"A.B\"")),
			   "namespaces[0].status: \"A.B\" may hold only letters, digits, '-' and '_'", "a dot in a status");

	/* namespace ARNs */
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift-serverless:eu-west-1\"}]}"),
			   "namespaces[0].namespaceArn: \"arn:aws:redshift-serverless:eu-west-1\" is not a namespace ARN: "
			   "expected arn:PARTITION:redshift-serverless:REGION:ACCOUNT:...", "an ARN with too few fields");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"urn:aws:redshift-serverless:eu-west-1:111122223333:namespace/x\"}]}"),
			   "namespaces[0].namespaceArn: \"urn:aws:redshift-serverless:eu-west-1:111122223333:namespace/x\" is not a namespace ARN: "
			   "expected arn:PARTITION:redshift-serverless:REGION:ACCOUNT:...", "not arn:");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift-serverless:Europe:111122223333:namespace/x\"}]}"),
			   "namespaces[0].namespaceArn: \"arn:aws:redshift-serverless:Europe:111122223333:namespace/x\" is not a namespace ARN: "
			   "the region is not a region name", "a bad region");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/\"}]}"),
			   "namespaces[0].namespaceArn: \"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/\" is not a namespace ARN: "
			   "the resource is not namespace/ID", "no resource ID");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace:x\"}]}"),
			   "namespaces[0].namespaceArn: \"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace:x\" is not a namespace ARN: "
			   "the resource is not namespace/ID", "namespace:ID instead of namespace/ID");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/a_b\"}]}"),
			   "namespaces[0].namespaceArn: \"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/a_b\" is not a namespace ARN: "
			   "the resource ID may hold only letters, digits and hyphens", "an underscore in the ID");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": "
						"\"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/A123456789B123456789C123456789D123456789E123456789F123456789G1234\"}]}"),
			   "namespaces[0].namespaceArn: \"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/A123456789B12345678...\" "
			   "is not a namespace ARN: the resource ID is longer than 64 characters", "a 65-character ID");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws-cn:redshift-serverless:cn-north-1:111122223333:namespace/Z-9\"}]}"),
			   "", "a China namespace in aws-cn; the ID may hold capitals");

	/* lists */
	TAP_IS_STR(error_of("{\"namespaces\": {\"namespaceName\": \"analytics\"}}"),
			   "namespaces: expected an array, found an object", "namespaces not an array");
	TAP_IS_STR(error_of("{\"namespaces\": [3]}"), "namespaces[0]: expected an object, found a number", "a namespace that is a number");
	TAP_IS_STR(error_of("{\"namespaces\": null, \"workgroups\": null}"),
			   "(document): missing member namespaces (or namespace, workgroups, workgroup)", "null lists are missing");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\"},"
						"{\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift-serverless:eu-west-1:444455556666:namespace/b\"},"
						"{\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift-serverless:us-east-1:111122223333:namespace/c\"}]}"),
			   "", "the same namespace name in another account or region is another namespace");
	TAP_IS_STR(error_of("{\"namespaces\": [1], \"workgroups\": [1]}"), "namespaces[0]: expected an object, found a number",
			   "the first error is reported, the workgroups are not read");

	/* the error buffer */
	TAP_OK(rsi_serverless_parse("[]", 2, &doc, err, 0) == -1, "a document fails with no room for the message");
	err[0] = 'x';
	TAP_OK(rsi_serverless_parse("{", 1, &doc, err, 1) == -1 && err[0] == '\0',
		   "a one-byte error buffer holds an empty message");
	TAP_OK(strncmp(error_of("{\"namespaces\": ["), "not valid JSON (line 1, column ", 31) == 0,
		   "invalid JSON names the line and column");
}

static void
test_workgroups(void)
{
	rsi_serverless_doc doc;
	const char *two = "{\"workgroups\": [{\"workgroupName\": \"wg-a\", \"namespaceName\": \"analytics\", \"workgroupArn\": \"" WGARN "\", \"status\": \"CREATING\"},"
		"{\"workgroupName\": \"wg-a\", \"namespaceName\": \"other\", \"workgroupArn\": \"arn:aws:redshift-serverless:us-west-2:111122223333:workgroup/b\"}]}";

	TAP_OK(rsi_serverless_parse(two, strlen(two), &doc, err, sizeof(err)) == 0 && doc.n_workgroups == 2 &&
		   strcmp(doc.workgroups[0].name, "wg-a") == 0 && strcmp(doc.workgroups[0].namespace_name, "analytics") == 0 &&
		   strcmp(doc.workgroups[0].status, "CREATING") == 0 && strcmp(doc.workgroups[0].region, "eu-west-1") == 0 &&
		   strcmp(doc.workgroups[1].region, "us-west-2") == 0 && strcmp(doc.workgroups[1].status, "AVAILABLE") == 0,
		   "two workgroups of one name in two regions; fields kept");
	rsi_serverless_free(&doc);
	TAP_IS_STR(error_of("{\"workgroups\": [{\"workgroupName\": \"wg-a\", \"namespaceName\": \"analytics\", \"workgroupArn\": \"" WGARN "\"},"
						"{\"workgroupName\": \"wg-a\", \"namespaceName\": \"analytics\", \"workgroupArn\": \"" WGARN "\"}]}"),
			   "workgroups[1].workgroupName: workgroup wg-a is listed twice (also workgroups[0])", "a workgroup twice");
	TAP_IS_STR(error_of(WG("\"namespaceName\": \"analytics\", \"workgroupArn\": \"" WGARN "\"")),
			   "workgroups[0]: missing member workgroupName", "workgroupName required");
	TAP_IS_STR(error_of(WG("\"workgroupName\": \"WG\", \"namespaceName\": \"analytics\", \"workgroupArn\": \"" WGARN "\"")),
			   "workgroups[0].workgroupName: \"WG\" is not a valid workgroup name: it must be 3 to 64 characters",
			   "a two-letter workgroup name");
	TAP_IS_STR(error_of(WG("\"workgroupName\": \"wg-a\", \"namespaceName\": \"Analytics\", \"workgroupArn\": \"" WGARN "\"")),
			   "workgroups[0].namespaceName: \"Analytics\" is not a valid namespace name: it may hold only lowercase letters, digits and hyphens",
			   "the workgroup's namespace name is checked");
	TAP_IS_STR(error_of(WG("\"workgroupName\": \"wg-a\", \"namespaceName\": \"analytics\"")),
			   "workgroups[0]: missing member workgroupArn", "workgroupArn required");
	TAP_IS_STR(error_of(WG("\"workgroupName\": \"wg-a\", \"namespaceName\": \"analytics\", \"workgroupArn\": \"" NSARN "\"")),
			   "workgroups[0].workgroupArn: \"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/aa58f5ad-32a2-4178-...\" "
			   "is not a workgroup ARN: the resource is not workgroup/ID", "a namespace ARN is not a workgroup ARN");
	TAP_IS_STR(error_of(WG("\"workgroupName\": \"wg-a\", \"namespaceName\": \"analytics\", \"workgroupArn\": \"" WGARN "\", \"status\": 1")),
			   "workgroups[0].status: expected a string, found a number", "a status that is a number");
	TAP_IS_STR(error_of("{\"workgroups\": [\"wg-a\"]}"), "workgroups[0]: expected an object, found a string",
			   "a workgroup that is a string");
	TAP_IS_STR(error_of("{\"workgroup\": {\"workgroupName\": \"wg-a\", \"namespaceName\": \"analytics\"}}"),
			   "workgroup: missing member workgroupArn", "get-workgroup's single member is named workgroup");
}

static void
test_status_and_refs(void)
{
	char		b[32];

	TAP_OK(rsi_serverless_effective_status(NULL, "AVAILABLE", b, sizeof(b)) == NULL, "no namespace status: NULL");
	TAP_OK(rsi_serverless_effective_status("AVAILABLE", NULL, b, 0) == NULL, "no room: NULL");
	TAP_IS_STR(rsi_serverless_effective_status("AVAILABLE", NULL, b, sizeof(b)), "available", "namespace available, no workgroup");
	TAP_IS_STR(rsi_serverless_effective_status("MODIFYING", "AVAILABLE", b, sizeof(b)), "available",
			   "a modifying namespace still serves");
	TAP_IS_STR(rsi_serverless_effective_status("AVAILABLE", "MODIFYING", b, sizeof(b)), "available",
			   "a modifying workgroup still serves");
	TAP_IS_STR(rsi_serverless_effective_status("AVAILABLE", "CREATING", b, sizeof(b)), "creating",
			   "a workgroup that does not serve gives its status");
	TAP_IS_STR(rsi_serverless_effective_status("DELETING", "AVAILABLE", b, sizeof(b)), "deleting",
			   "a namespace that does not serve gives its status, lower case");
	TAP_IS_STR(rsi_serverless_effective_status("Some_State", NULL, b, 5), "some", "cut to the buffer");

	TAP_IS_INT(rsi_serverless_ref_ok("analytics", 9), 1, "a namespace name is a reference");
	TAP_IS_INT(rsi_serverless_ref_ok(NSARN, strlen(NSARN)), 1, "a namespace ARN is a reference");
	TAP_IS_INT(rsi_serverless_ref_ok(WGARN, strlen(WGARN)), 1, "a workgroup ARN is a reference");
	TAP_IS_INT(rsi_serverless_ref_ok("ab", 2), 0, "a two-letter name is not");
	TAP_IS_INT(rsi_serverless_ref_ok("arn:aws:redshift:eu-west-1:111122223333:namespace/x", 50), 0,
			   "a provisioned ARN is not");
	TAP_IS_INT(rsi_serverless_ref_ok("ana\0lytics", 10), 0, "a NUL inside is not");
	{
		char		longref[260];

		memset(longref, 'a', sizeof(longref));
		TAP_IS_INT(rsi_serverless_ref_ok(longref, sizeof(longref)), 0, "260 bytes is not");
	}

	TAP_IS_INT(rsi_serverless_doc_detect("{\"workgroup\": {}}", 17), 1, "detect: workgroup");
	TAP_IS_INT(rsi_serverless_doc_detect("{\"workgroups\": []}", 18), 1, "detect: workgroups");
	TAP_IS_INT(rsi_serverless_doc_detect("{\"namespace\": {}}", 17), 1, "detect: namespace");
	TAP_IS_INT(rsi_serverless_doc_detect("{\"Clusters\": []}", 16), 0, "detect: describe-clusters output is not");
	TAP_IS_INT(rsi_serverless_doc_detect("[{\"namespaces\": []}]", 20), 0, "detect: an array is not");
	TAP_IS_INT(rsi_serverless_doc_detect("{\"namespaces\"", 13), 0, "detect: invalid JSON is not");
}

/* ---- the JSON text, also with jansson failing each allocation in turn ---- */

static long json_budget = -1;

static void *
json_failing_malloc(size_t n)
{
	if (json_budget == 0)
		return NULL;
	if (json_budget > 0)
		json_budget--;
	return malloc(n);
}

static void
test_json_text(void)
{
	const char *text = "{\"namespace\": {\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\", "
		"\"defaultIamRoleArn\": \"" ETL "\", \"iamRoles\": [\"IamRole(iamRoleArn=" ETL ", applyStatus=adding)\"]}, "
		"\"workgroup\": {\"workgroupName\": \"wg-a\", \"namespaceName\": \"analytics\", \"workgroupArn\": \"" WGARN "\", \"status\": \"PAUSED\"}}";
	const char *want = "{\"namespaces\":[{\"name\":\"analytics\",\"id\":\"aa58f5ad-32a2-4178-b70a-3a474de0d7d2\","
		"\"arn\":\"" NSARN "\",\"account\":\"111122223333\",\"region\":\"eu-west-1\",\"status\":\"AVAILABLE\","
		"\"default_role\":\"" ETL "\",\"roles\":[{\"arn\":\"" ETL "\",\"status\":\"adding\"}]}],"
		"\"workgroups\":[{\"name\":\"wg-a\",\"namespace\":\"analytics\",\"arn\":\"" WGARN "\","
		"\"account\":\"111122223333\",\"region\":\"eu-west-1\",\"status\":\"PAUSED\"}]}";
	rsi_serverless_doc doc;
	char	   *got;
	long		n;
	int			bad = 0,
				runs = 0;

	if (rsi_serverless_parse(text, strlen(text), &doc, err, sizeof(err)) != 0)
	{
		TAP_OK(0, "the document parses: %s", err);
		return;
	}
	got = rsi_serverless_json_text(&doc);
	TAP_IS_STR(got, want, "a namespace and a workgroup as JSON, in the documented keys");
	free(got);
	for (n = 0; n < 1000; n++)
	{
		json_budget = n;
		json_set_alloc_funcs(json_failing_malloc, free);
		got = rsi_serverless_json_text(&doc);
		json_set_alloc_funcs(malloc, free);
		runs++;
		if (got != NULL)
		{
			if (strcmp(got, want) != 0)
			{
				printf("#   after %ld allocations: %s\n", n, got);
				bad++;
			}
			free(got);
			break;
		}
	}
	TAP_IS_INT(bad, 0, "out of memory at each of %d allocation points: NULL, then the same text", runs);
	/* reading with jansson out of memory: a failure, never a half-read document */
	for (n = 0, bad = 0, runs = 0; n < 1000; n++)
	{
		rsi_serverless_doc d2;
		int			rc;

		json_budget = n;
		json_set_alloc_funcs(json_failing_malloc, free);
		rc = rsi_serverless_parse(text, strlen(text), &d2, err, sizeof(err));
		json_set_alloc_funcs(malloc, free);
		runs++;
		if (rc == 0)
		{
			if (d2.n_namespaces != 1 || d2.n_workgroups != 1 || d2.namespaces[0].n_roles != 1)
				bad++;
			rsi_serverless_free(&d2);
			break;
		}
		if (d2.n_namespaces != 0 || d2.namespaces != NULL || err[0] == '\0')
			bad++;
	}
	TAP_IS_INT(bad, 0, "reading with jansson out of memory at each of %d points: an error, then the whole document", runs);
	rsi_serverless_free(&doc);
	memset(&doc, 0, sizeof(doc));
	got = rsi_serverless_json_text(&doc);
	TAP_IS_STR(got, "{\"namespaces\":[],\"workgroups\":[]}", "an empty document");
	free(got);
}

int
main(void)
{
	test_role_shapes();
	test_documents();
	test_workgroups();
	test_status_and_refs();
	test_json_text();
	return tap_done();
}
