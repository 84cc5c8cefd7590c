/*
 * test_namespace.c — reading Redshift Serverless list-namespaces,
 * get-namespace, list-workgroups and get-workgroup output.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "cluster/namespace.h"
#include "tap.h"
#include "arena.h"

static char err[512];

static int
parse(const char *text, rsi_serverless_doc *doc)
{
	return rsi_serverless_parse(text, strlen(text), doc, err, sizeof(err));
}

/* The error for a document, or "" when it parses. */
static const char *
error_of(const char *text)
{
	rsi_serverless_doc doc;

	if (parse(text, &doc) == 0)
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

#define ETL "arn:aws:iam::111122223333:role/Etl"
#define LOAD "arn:aws:iam::111122223333:role/service-role/AmazonRedshift-CommandsAccessRole-20230101T000000"
#define NSARN "arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/aa58f5ad-32a2-4178-b70a-3a474de0d7d2"

/* list-namespaces as the AWS CLI prints it (keys in the newer order) */
static const char *list_namespaces =
"{\n"
"    \"namespaces\": [\n"
"        {\n"
"            \"adminUsername\": \"admin\",\n"
"            \"creationDate\": \"2023-11-18T08:15:02.183000+00:00\",\n"
"            \"dbName\": \"dev\",\n"
"            \"defaultIamRoleArn\": \"" ETL "\",\n"
"            \"iamRoles\": [\n"
"                \"IamRole(applyStatus=in-sync, iamRoleArn=" ETL ")\",\n"
"                \"IamRole(iamRoleArn=" LOAD ", applyStatus=adding)\"\n"
"            ],\n"
"            \"kmsKeyId\": \"AWS_OWNED_KMS_KEY\",\n"
"            \"logExports\": [],\n"
"            \"namespaceArn\": \"" NSARN "\",\n"
"            \"namespaceId\": \"aa58f5ad-32a2-4178-b70a-3a474de0d7d2\",\n"
"            \"namespaceName\": \"analytics\",\n"
"            \"status\": \"AVAILABLE\"\n"
"        },\n"
"        {\n"
"            \"namespaceArn\": \"arn:aws:redshift-serverless:us-east-1:111122223333:namespace/edab7045-d239-4f5f-ad98-706114608952\",\n"
"            \"namespaceName\": \"default\",\n"
"            \"iamRoles\": [\"" ETL "\"],\n"
"            \"status\": \"MODIFYING\"\n"
"        }\n"
"    ],\n"
"    \"nextToken\": \"abc\"\n"
"}\n";

static const char *get_workgroup =
"{\"workgroup\": {\"baseCapacity\": 8, \"namespaceName\": \"analytics\",\n"
" \"status\": \"AVAILABLE\", \"workgroupName\": \"etl-wg\",\n"
" \"workgroupArn\": \"arn:aws:redshift-serverless:eu-west-1:111122223333:workgroup/0a4e8e2f-1c2b-4a64-9a40-1b0f6b2b1f2f\",\n"
" \"endpoint\": {\"address\": \"etl-wg.111122223333.eu-west-1.redshift-serverless.amazonaws.com\", \"port\": 5439}}}";

/* ---- the check rules on a namespace ---- */


/* the namespace of list_namespaces above: Etl in-sync, Load adding */
static rsi_assoc_status
ns_status(void *ctx, const char *arn, double *left)
{
	(void) ctx;
	if (left)
		*left = -1;
	if (strcmp(arn, ETL) == 0)
		return RSI_ASSOC_IN_SYNC;
	if (strcmp(arn, LOAD) == 0)
		return RSI_ASSOC_ADDING;
	if (strcmp(arn, "arn:aws:iam::111122223333:role/Old") == 0)
		return RSI_ASSOC_REMOVING;
	return RSI_ASSOC_NONE;
}

static rsi_cluster_view ns = {
	1, "analytics", "111122223333", "eu-west-1", "available", ETL, ns_status, NULL, NULL, 1, NULL
};
static rsi_verdict v;

static const rsi_verdict *
check(const char *sql)
{
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_check_options opt = {RSI_KEYS_MODE_WARN, "etl"};
	rsi_command cmd;
	rsi_parse_error perr;

	if (rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &perr) != RSI_PARSE_OK)
	{
		memset(&v, 0, sizeof(v));
		v.rule = "parse-error";
		return &v;
	}
	rsi_check_command(&cmd, &ns, &opt, &v);
	return &v;
}

static void
check_rules(void)
{
	TAP_OK(check("copy t from 's3://b/k' iam_role '" ETL "'")->allowed, "namespace: an in-sync role is allowed");
	TAP_OK(check("copy t from 's3://b/k' iam_role default")->allowed && strcmp(v.resolved_role, ETL) == 0,
		   "namespace: IAM_ROLE default resolves to the namespace's default role");
	TAP_OK(!check("copy t from 's3://b/k' iam_role '" LOAD "'")->allowed && strcmp(v.rule, "role-adding") == 0,
		   "namespace: a role still adding is refused");
	TAP_IS_STR(v.message, "Not authorized to get credentials of role " LOAD,
			   "namespace: Redshift Serverless's message");
	TAP_IS_STR(v.detail, "IAM role " LOAD " is still being associated with namespace analytics (ApplyStatus adding).",
			   "namespace: the detail names the namespace");
	TAP_OK(strstr(v.hint, "import_namespaces()") != NULL, "namespace: the hint is to import again");
	TAP_OK(!check("copy t from 's3://b/k' iam_role 'arn:aws:iam::111122223333:role/Old'")->allowed &&
		   strcmp(v.rule, "role-removing") == 0 && strstr(v.detail, "removed from namespace analytics"),
		   "namespace: a role being removed is refused");
	TAP_OK(!check("unload ('select 1') to 's3://b/k' iam_role 'arn:aws:iam::111122223333:role/Nowhere'")->allowed &&
		   strcmp(v.rule, "role-not-associated") == 0, "namespace: a role not associated is refused");
	TAP_IS_STR(v.detail, "IAM role arn:aws:iam::111122223333:role/Nowhere is not associated with namespace analytics.",
			   "namespace: not associated, named");
	TAP_OK(strstr(v.hint, "update-namespace") != NULL && strstr(v.hint, "modify_cluster") == NULL,
		   "namespace: the fix is in AWS, not the cluster API");
	ns.default_role = NULL;
	TAP_OK(!check("copy t from 's3://b/k' iam_role default")->allowed && strcmp(v.rule, "no-default-role") == 0,
		   "namespace: no default role");
	TAP_IS_STR(v.message, "User etl cannot use IAM_ROLE default: namespace analytics has no default IAM role",
			   "namespace: no default role, named");
	ns.default_role = "arn:aws:iam::111122223333:role/Gone";
	TAP_OK(!check("copy t from 's3://b/k' iam_role default")->allowed &&
		   strcmp(v.rule, "default-role-not-associated") == 0 && strstr(v.detail, "namespace analytics"),
		   "namespace: a default role that is not among its roles");
	TAP_OK(!check("copy t from 's3://b/k' iam_role 'arn:aws:iam::111122223333:role/aws-service-role/redshift.amazonaws.com/AWSServiceRoleForRedshift'")->allowed &&
		   strcmp(v.message, "Not authorized to get credentials of role arn:aws:iam::111122223333:role/aws-service-role/redshift.amazonaws.com/AWSServiceRoleForRedshift") == 0,
		   "namespace: a service-linked role is refused in Serverless's words");
	TAP_OK(!check("copy t from 's3://b/k' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 's' session_token 't'")->allowed &&
		   strcmp(v.message, "User etl cannot run this copy on namespace analytics: its credentials cannot work as written") == 0,
		   "namespace: credentials that cannot work, without a role");
	TAP_OK(check("copy t from 's3://b/k' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 's'")->allowed &&
		   v.warning && strstr(v.hint, "associated with namespace analytics"),
		   "namespace: a long-term key is a warning naming the namespace");
	ns.status = "deleting";
	TAP_OK(!check("copy t from 's3://b/k' iam_role '" ETL "'")->allowed &&
		   strcmp(v.message, "Namespace analytics is not available (status deleting).") == 0 &&
		   strcmp(v.hint, "Run the command once the namespace is available.") == 0,
		   "namespace: a namespace being deleted");
	ns.workgroup = "etl-wg";
	TAP_OK(!check("copy t from 's3://b/k' iam_role '" ETL "'")->allowed &&
		   strcmp(v.rule, "cluster-not-available") == 0, "namespace: not available");
	TAP_IS_STR(v.message, "Workgroup etl-wg of namespace analytics is not available (status deleting).",
			   "namespace: not available, through its workgroup");
	ns.found = 0;
	TAP_OK(!check("copy t from 's3://b/k' iam_role '" ETL "'")->allowed && strcmp(v.rule, "cluster-not-found") == 0 &&
		   strcmp(v.message, "Namespace analytics not found.") == 0,
		   "a workgroup whose namespace was not imported");
	ns.found = 1;
	ns.status = "available";
	ns.workgroup = NULL;
	ns.default_role = ETL;
}

int
main(int argc, char **argv)
{
	rsi_serverless_doc doc;
	char	   *js;

	(void) argc;
	(void) argv;

	check_rules();
	arena_free();

	/* the three shapes of an iamRoles element */
	TAP_IS_STR(role_of("IamRole(applyStatus=in-sync, iamRoleArn=" ETL ")"), ETL "|in-sync",
			   "applyStatus first");
	TAP_IS_STR(role_of("IamRole(iamRoleArn=" ETL ", applyStatus=adding)"), ETL "|adding",
			   "iamRoleArn first");
	TAP_IS_STR(role_of(ETL), ETL "|in-sync", "a plain ARN (older output) is associated");
	TAP_IS_STR(role_of("IamRole(applyStatus=removing, iamRoleArn=arn:aws:iam::111122223333:role/a,b=c)"),
			   "arn:aws:iam::111122223333:role/a,b=c|removing",
			   "a role name holding ',' and '=' is read whole");
	TAP_IS_STR(role_of("IamRole(iamRoleArn=" ETL ", applyStatus=in-sync, futureKey=x)"), ETL "|in-sync",
			   "an unknown key is ignored");
	TAP_IS_STR(role_of("IamRole(applyStatus=pending, iamRoleArn=" ETL ")"),
			   "applyStatus: expected one of in-sync, adding, removing", "unknown applyStatus");
	TAP_IS_STR(role_of("IamRole(iamRoleArn=" ETL ")"), "IamRole(...) has no applyStatus", "no status");
	TAP_IS_STR(role_of("IamRole(applyStatus=in-sync)"), "IamRole(...) has no iamRoleArn", "no ARN");
	TAP_IS_STR(role_of("IamRole(applyStatus=in-sync, iamRoleArn=" ETL ", iamRoleArn=" ETL ")"),
			   "iamRoleArn appears twice", "ARN twice");
	TAP_IS_STR(role_of("IamRole(applyStatus=in-sync, iamRoleArn=" ETL),
			   "expected a role ARN or IamRole(applyStatus=..., iamRoleArn=...)", "unclosed");
	TAP_IS_STR(role_of("IamRole(applyStatus=in-sync, )"),
			   "expected key=value pairs inside IamRole(...)", "trailing separator");
	TAP_IS_STR(role_of("IamRole()"), "IamRole(...) has no iamRoleArn",
			   "empty");
	TAP_IS_STR(role_of("Etl"), "expected a role ARN or IamRole(applyStatus=..., iamRoleArn=...)",
			   "a role name");

	/* list-namespaces */
	TAP_IS_INT(parse(list_namespaces, &doc), 0, "list-namespaces output parses");
	TAP_IS_INT(doc.n_namespaces, 2, "two namespaces");
	TAP_IS_INT(doc.n_workgroups, 0, "no workgroups");
	TAP_IS_STR(doc.namespaces[0].name, "analytics", "name");
	TAP_IS_STR(doc.namespaces[0].account, "111122223333", "account from the namespace ARN");
	TAP_IS_STR(doc.namespaces[0].region, "eu-west-1", "region from the namespace ARN");
	TAP_IS_STR(doc.namespaces[0].id, "aa58f5ad-32a2-4178-b70a-3a474de0d7d2", "id from the ARN");
	TAP_IS_STR(doc.namespaces[0].status, "AVAILABLE", "status as written");
	TAP_IS_STR(doc.namespaces[0].default_role, ETL, "default role");
	TAP_IS_INT(doc.namespaces[0].n_roles, 2, "two roles");
	TAP_IS_STR(doc.namespaces[0].roles[1].arn, LOAD, "second role, keys in the other order");
	TAP_IS_STR(doc.namespaces[0].roles[1].status, "adding", "its status");
	TAP_IS_STR(doc.namespaces[1].region, "us-east-1", "second namespace's own region");
	TAP_IS_STR(doc.namespaces[1].status, "MODIFYING", "second namespace's status");
	TAP_IS_STR(doc.namespaces[1].roles[0].status, "in-sync", "plain ARN in-sync");
	TAP_OK(doc.namespaces[1].default_role == NULL, "no default role");
	js = rsi_serverless_json_text(&doc);
	TAP_OK(js && strstr(js, "\"account\":\"111122223333\"") && strstr(js, "\"workgroups\":[]") &&
		   strstr(js, "{\"arn\":\"" LOAD "\",\"status\":\"adding\"}"), "as JSON");
	free(js);
	rsi_serverless_free(&doc);

	/* get-namespace, get-workgroup */
	TAP_IS_STR(error_of("{\"namespace\": {\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\"}}"),
			   "", "get-namespace output parses");
	TAP_IS_INT(parse(get_workgroup, &doc), 0, "get-workgroup output parses");
	TAP_IS_INT(doc.n_workgroups, 1, "one workgroup");
	TAP_IS_STR(doc.workgroups[0].namespace_name, "analytics", "its namespace");
	TAP_IS_STR(doc.workgroups[0].region, "eu-west-1", "its region");
	rsi_serverless_free(&doc);
	TAP_IS_STR(error_of("{\"workgroups\": [], \"namespaces\": []}"), "", "empty lists");

	/* errors name the element */
	TAP_IS_STR(error_of("{\"Clusters\": []}"),
			   "(document): missing member namespaces (or namespace, workgroups, workgroup)",
			   "describe-clusters output is not this shape");
	TAP_IS_STR(error_of("[]"),
			   "(document): expected an object with a namespaces or workgroups member, found an array",
			   "a bare array");
	TAP_IS_STR(error_of("{\"namespaces\": [], \"namespace\": {}}"),
			   "(document): both namespaces and namespace are present", "both");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"Analytics\", \"namespaceArn\": \"" NSARN "\"}]}"),
			   "namespaces[0].namespaceName: \"Analytics\" is not a valid namespace name: it may hold only lowercase letters, digits and hyphens",
			   "name pattern");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"ab\", \"namespaceArn\": \"" NSARN "\"}]}"),
			   "namespaces[0].namespaceName: \"ab\" is not a valid namespace name: it must be 3 to 64 characters",
			   "name length");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\"}]}"),
			   "namespaces[0]: missing member namespaceArn", "ARN required");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift:eu-west-1:111122223333:namespace/x\"}]}"),
			   "namespaces[0].namespaceArn: \"arn:aws:redshift:eu-west-1:111122223333:namespace/x\" is not a namespace ARN: expected arn:PARTITION:redshift-serverless:REGION:ACCOUNT:...",
			   "a provisioned ARN");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift-serverless:eu-west-1:11112222333:namespace/x\"}]}"),
			   "namespaces[0].namespaceArn: \"arn:aws:redshift-serverless:eu-west-1:11112222333:namespace/x\" is not a namespace ARN: the account is not 12 digits",
			   "account");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws-cn:redshift-serverless:eu-west-1:111122223333:namespace/x\"}]}"),
			   "namespaces[0].namespaceArn: \"arn:aws-cn:redshift-serverless:eu-west-1:111122223333:namespace/x\" is not a namespace ARN: the partition is not the region's",
			   "partition");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift-serverless:eu-west-1:111122223333:workgroup/x\"}]}"),
			   "namespaces[0].namespaceArn: \"arn:aws:redshift-serverless:eu-west-1:111122223333:workgroup/x\" is not a namespace ARN: the resource is not namespace/ID",
			   "a workgroup ARN for a namespace");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\", \"iamRoles\": [\"IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::111122223333:role/aws-service-role/redshift.amazonaws.com/AWSServiceRoleForRedshift)\"]}]}"),
			   "namespaces[0].iamRoles[0]: arn:aws:iam::111122223333:role/aws-service-role/redshift.amazonaws.com/AWSServiceRoleForRedshift is a service-linked role, which cannot be associated with a namespace",
			   "service-linked role");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\", \"iamRoles\": [\"" ETL "\", \"IamRole(applyStatus=adding, iamRoleArn=" ETL ")\"]}]}"),
			   "namespaces[0].iamRoles[1]: the role is listed twice (also namespaces[0].iamRoles[0])",
			   "role twice");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\", \"iamRoles\": [{\"iamRoleArn\": \"" ETL "\"}]}]}"),
			   "namespaces[0].iamRoles[0]: expected a string, found an object", "role as object");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\", \"iamRoles\": [\"IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::111122223333:role)\"]}]}"),
			   "namespaces[0].iamRoles[0]: \"arn:aws:iam::111122223333:role\" is not a valid IAM role ARN: the resource must be \"role/<role-name>\"",
			   "malformed role ARN");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\"},"
						" {\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\"}]}"),
			   "namespaces[1].namespaceName: namespace analytics is listed twice (also namespaces[0])",
			   "namespace twice in one account and region");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\"},"
						" {\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift-serverless:us-east-1:111122223333:namespace/y\"}]}"),
			   "", "the same name in two regions");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\", \"status\": \"NO WAY\"}]}"),
			   "namespaces[0].status: \"NO WAY\" may hold only letters, digits, '-' and '_'",
			   "status characters");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\", \"status\": \"RESTORING\"}]}"),
			   "", "an undocumented status is accepted as written");
	TAP_IS_STR(error_of("{\"workgroups\": [{\"workgroupName\": \"etl-wg\", \"workgroupArn\": \"arn:aws:redshift-serverless:eu-west-1:111122223333:workgroup/z\"}]}"),
			   "workgroups[0]: missing member namespaceName", "workgroup without namespace");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\", \"defaultIamRoleArn\": \"Etl\"}]}"),
			   "namespaces[0].defaultIamRoleArn: \"Etl\" is not a valid IAM role ARN: an IAM role ARN starts with \"arn:\"",
			   "default role must be an ARN");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\", \"defaultIamRoleArn\": \"\"}]}"),
			   "", "an empty default role is none");
	TAP_IS_STR(error_of("{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\"}], \"namespaces\": []}"),
			   "not valid JSON (line 1, column 178): duplicate object key near '\"namespaces\"'",
			   "duplicate keys");

	/* every element a document can get wrong is named */
	{
		static const char *const bad[][2] = {
			{"{\"namespaces\": {}}", "namespaces: expected an array, found an object"},
			{"{\"workgroups\": 3}", "workgroups: expected an array, found a number"},
			{"{\"namespaces\": [7]}", "namespaces[0]: expected an object, found a number"},
			{"{\"workgroup\": []}", "workgroup: expected an object, found an array"},
			{"{\"namespaces\": [{\"namespaceName\": 5}]}", "namespaces[0].namespaceName: expected a string, found a number"},
			{"{\"namespaces\": [{\"namespaceName\": \"analytics\", \"namespaceArn\": 5}]}", "namespaces[0].namespaceArn: expected a string, found a number"},
			{"{\"namespace\": {\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\", \"iamRoles\": \"x\"}}",
			"namespace.iamRoles: expected an array, found a string"},
			{"{\"namespace\": {\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\", \"iamRoles\": [null]}}",
			"namespace.iamRoles[0]: expected a string, found null"},
			{"{\"namespace\": {\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\", \"iamRoles\": [\"IamRole(applyStatus=in-sync iamRoleArn=x)\"]}}",
			"namespace.iamRoles[0]: \"IamRole(applyStatus=in-sync iamRoleArn=x)\": applyStatus: expected one of in-sync, adding, removing"},
			{"{\"namespace\": {\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\", \"iamRoles\": [\"arn:aws-cn:iam::111122223333:role/Etl\"]}}",
			"namespace.iamRoles[0]: the role is in partition aws-cn, not in the namespace's partition aws"},
			{"{\"namespace\": {\"namespaceName\": \"analytics\", \"namespaceArn\": \"" NSARN "\", \"status\": \"\"}}",
			"namespace.status: \"\" must be 1 to 64 characters"},
			{"{\"namespace\": {\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift-serverless:EU:111122223333:namespace/x\"}}",
			"namespace.namespaceArn: \"arn:aws:redshift-serverless:EU:111122223333:namespace/x\" is not a namespace ARN: the region is not a region name"},
			{"{\"namespace\": {\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/a_b\"}}",
			"namespace.namespaceArn: \"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/a_b\" is not a namespace ARN: the resource ID may hold only letters, digits and hyphens"},
			{"{\"namespace\": {\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/"
				"00000000001111111111222222222233333333334444444444555555555566666\"}}",
			"namespace.namespaceArn: \"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/0000000000111111111...\" is not a namespace ARN: the resource ID is longer than 64 characters"},
			{"{\"namespace\": {\"namespaceName\": \"analytics\", \"namespaceArn\": \"arn:aws:redshift-serverless\"}}",
			"namespace.namespaceArn: \"arn:aws:redshift-serverless\" is not a namespace ARN: expected arn:PARTITION:redshift-serverless:REGION:ACCOUNT:..."},
			{"{\"workgroup\": {\"workgroupName\": \"WGX\", \"namespaceName\": \"analytics\"}}",
			"workgroup.workgroupName: \"WGX\" is not a valid workgroup name: it may hold only lowercase letters, digits and hyphens"},
			{"{\"workgroup\": {\"workgroupName\": \"etl-wg\", \"namespaceName\": \"a\"}}",
			"workgroup.namespaceName: \"a\" is not a valid namespace name: it must be 3 to 64 characters"},
			{"{\"workgroup\": {\"workgroupName\": \"etl-wg\", \"namespaceName\": \"analytics\"}}",
			"workgroup: missing member workgroupArn"},
			{"{\"workgroup\": {\"workgroupName\": \"etl-wg\", \"namespaceName\": \"analytics\", \"workgroupArn\": \"" NSARN "\"}}",
			"workgroup.workgroupArn: \"arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/aa58f5ad-32a2-4178-...\" is not a workgroup ARN: the resource is not workgroup/ID"},
			{"{\"workgroups\": [{\"workgroupName\": \"etl-wg\", \"namespaceName\": \"analytics\", \"workgroupArn\": \"arn:aws:redshift-serverless:eu-west-1:111122223333:workgroup/a\"},"
				" {\"workgroupName\": \"etl-wg\", \"namespaceName\": \"other\", \"workgroupArn\": \"arn:aws:redshift-serverless:eu-west-1:111122223333:workgroup/b\"}]}",
			"workgroups[1].workgroupName: workgroup etl-wg is listed twice (also workgroups[0])"},
			{"{\"workgroups\": [], \"workgroup\": {}}", "(document): both workgroups and workgroup are present"},
		};
		size_t		k;

		for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
			TAP_IS_STR(error_of(bad[k][0]), bad[k][1], "bad document %zu is named", k);
	}
	TAP_IS_STR(role_of("IamRole(applyStatus=in-sync, applyStatus=adding, iamRoleArn=" ETL ")"),
			   "applyStatus appears twice", "status twice");
	TAP_IS_STR(role_of("IamRole(=in-sync, iamRoleArn=" ETL ")"),
			   "expected key=value pairs inside IamRole(...)", "a value without a key");
	TAP_IS_STR(role_of("IamRole(applyStatus)"), "expected key=value pairs inside IamRole(...)", "a key without a value");

	/* the status a check sees */
	{
		char		b[72];

		TAP_IS_STR(rsi_serverless_effective_status("AVAILABLE", NULL, b, sizeof(b)), "available", "AVAILABLE");
		TAP_IS_STR(rsi_serverless_effective_status("MODIFYING", "MODIFYING", b, sizeof(b)), "available",
				   "MODIFYING keeps serving");
		TAP_IS_STR(rsi_serverless_effective_status("DELETING", "AVAILABLE", b, sizeof(b)), "deleting",
				   "a namespace being deleted");
		TAP_IS_STR(rsi_serverless_effective_status("AVAILABLE", "CREATING", b, sizeof(b)), "creating",
				   "a workgroup being created");
		TAP_IS_STR(rsi_serverless_effective_status("DELETING", "CREATING", b, sizeof(b)), "creating",
				   "the workgroup's status comes first");
		TAP_OK(rsi_serverless_effective_status(NULL, "AVAILABLE", b, sizeof(b)) == NULL,
			   "a workgroup whose namespace is not known");
	}

	/* what a check may name */
	TAP_OK(rsi_serverless_ref_ok("analytics", 9), "a namespace name");
	TAP_OK(rsi_serverless_ref_ok("1st--wg-", 8), "a workgroup name that is no cluster identifier");
	TAP_OK(rsi_serverless_ref_ok(NSARN, strlen(NSARN)), "a namespace ARN");
	TAP_OK(rsi_serverless_ref_ok("arn:aws:redshift-serverless:eu-west-1:111122223333:workgroup/0a4e", 65),
		   "a workgroup ARN");
	TAP_OK(!rsi_serverless_ref_ok("My-Cluster", 10), "upper case is not");
	TAP_OK(!rsi_serverless_ref_ok("ab", 2), "two characters are not");
	TAP_OK(!rsi_serverless_ref_ok("arn:aws:redshift:eu-west-1:111122223333:cluster:abc", 51),
		   "a cluster ARN is not");
	TAP_OK(!rsi_serverless_ref_ok("analytics\0x", 11), "a NUL is not");

	/* the shape a file has */
	TAP_OK(rsi_serverless_doc_detect(list_namespaces, strlen(list_namespaces)), "detects list-namespaces");
	TAP_OK(rsi_serverless_doc_detect(get_workgroup, strlen(get_workgroup)), "detects get-workgroup");
	TAP_OK(!rsi_serverless_doc_detect("{\"Clusters\": []}", 16), "describe-clusters is not");
	TAP_OK(!rsi_serverless_doc_detect("{\"namespaces\"", 13), "invalid JSON is not");
	return tap_done();
}
