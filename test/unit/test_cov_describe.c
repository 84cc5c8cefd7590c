/*
 * test_cov_describe.c — the describe-clusters reader (src/core/cluster/describe.c),
 * for branch coverage: each member of the wrong type, absent or null; each
 * field of ClusterCreateTime wrong in turn; both spellings of the apply
 * status together; the error buffer short or absent; and the JSON writer
 * with jansson's allocator failing at every allocation in turn.  Every
 * case asserts the exact error, which names the element.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cluster/describe.h"
#include "tap.h"

#define ACCT "123456789012"
#define R1 "arn:aws:iam::" ACCT ":role/RedshiftCopyUnload"
#define R2 "arn:aws:iam::" ACCT ":role/SecondRedshiftRole"
#define BASE "\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", \"NumberOfNodes\": 2"
/* one cluster with extra members */
#define ONE(extra) "{\"Clusters\": [{" BASE extra "}]}"
/* one cluster holding the given IamRoles array */
#define ROLES(arr) ONE(", \"IamRoles\": " arr)
#define ROLE1(members) ROLES("[{\"IamRoleArn\": \"" R1 "\"" members "}]")

/*
 * ---------- jansson's allocator, told to fail after n allocations ----------
 *
 * It also keeps every live block in a list, so that what a failed write
 * leaves behind can be counted and reclaimed (see test_json_text).
 */

typedef struct jblock
{
	struct jblock *prev,
			   *next;
	_Alignas(16) unsigned char data[];
} jblock;

static jblock *json_live;		/* every block jansson holds */
static long json_budget = -1;	/* -1: never fail */
static int	json_fail_once = 0;	/* fail only that allocation, not the ones after it */
static long json_allocs = 0;	/* allocations asked for */

static void *
budget_malloc(size_t n)
{
	jblock	   *b;

	json_allocs++;
	if (json_budget == 0)
	{
		if (json_fail_once)
			json_budget = -1;
		return NULL;
	}
	if (json_budget > 0)
		json_budget--;
	b = malloc(sizeof(jblock) + n);
	if (b == NULL)
		return NULL;
	b->prev = NULL;
	b->next = json_live;
	if (json_live)
		json_live->prev = b;
	json_live = b;
	return b->data;
}

static void
budget_free(void *p)
{
	jblock	   *b;

	if (p == NULL)
		return;
	b = (jblock *) ((unsigned char *) p - offsetof(jblock, data));
	if (b->prev)
		b->prev->next = b->next;
	else
		json_live = b->next;
	if (b->next)
		b->next->prev = b->prev;
	free(b);
}

/* Free every block jansson still holds; returns how many there were. */
static long
json_reclaim(void)
{
	long		n = 0;

	while (json_live)
	{
		jblock	   *next = json_live->next;

		free(json_live);
		json_live = next;
		n++;
	}
	return n;
}

static char err[512];

static int
parse(const char *text, const rsi_describe_options *opt, rsi_describe_doc *doc)
{
	return rsi_describe_parse(text, strlen(text), opt, doc, err, sizeof(err));
}

/* The error for a document, or "" when it parses. */
static const char *
error_of(const char *text, const rsi_describe_options *opt)
{
	rsi_describe_doc doc;

	if (parse(text, opt, &doc) == 0)
	{
		rsi_describe_free(&doc);
		return "";
	}
	if (doc.n_clusters != 0 || doc.clusters != NULL)
		return "(a refused document left clusters behind)";
	return err;
}

static void
test_document(void)
{
	TAP_IS_STR(error_of("{\"Clusters\": true}", NULL), "Clusters: expected an array, found a boolean",
			   "Clusters a boolean");
	TAP_IS_STR(error_of("{\"Clusters\": \"a\"}", NULL), "Clusters: expected an array, found a string",
			   "Clusters a string");
	TAP_IS_STR(error_of("{\"Clusters\": 1.5}", NULL), "Clusters: expected an array, found a number",
			   "Clusters a real number");
	TAP_IS_STR(error_of("{\"Clusters\": null}", NULL), "(document): missing member Clusters",
			   "Clusters null counts as absent");
	TAP_IS_STR(error_of("{\"Clusters\": [], \"Cluster\": {}}", NULL),
			   "(document): both Clusters and Cluster are present", "both Clusters and Cluster");
	TAP_IS_STR(error_of("{\"Clusters\": [], \"Cluster\": null}", NULL), "", "a null Cluster beside Clusters is absent");
	TAP_IS_STR(error_of("{\"Cluster\": []}", NULL), "Cluster: expected an object, found an array",
			   "Cluster not an object, named without an index");
	TAP_IS_STR(error_of("{\"Clusters\": [null]}", NULL), "Clusters[0]: expected an object, found null",
			   "a null cluster");
	TAP_IS_STR(error_of("{\"Clusters\": [false]}", NULL), "Clusters[0]: expected an object, found a boolean",
			   "a boolean cluster");
	TAP_IS_STR(error_of("{\"Cluster\": {\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2, \"IamRoles\": [{\"IamRoleArn\": \"" R1 "\"}]}}", NULL),
			   "Cluster.IamRoles[0]: missing member ApplyStatus", "paths under a single Cluster");
	TAP_IS_STR(error_of("", NULL), "not valid JSON (line 1, column 0): '[' or '{' expected near end of file",
			   "empty text");
}

static void
test_error_buffer(void)
{
	rsi_describe_doc doc;
	char		small[11];
	const char *bad = "{\"Foo\": 1}";
	const char *good = ONE("");

	TAP_IS_INT(rsi_describe_parse(bad, strlen(bad), NULL, &doc, NULL, 0), -1,
			   "no error buffer: a refused document still returns -1");
	TAP_OK(doc.n_clusters == 0 && doc.clusters == NULL, "  and an empty doc");
	TAP_IS_INT(rsi_describe_parse(good, strlen(good), NULL, &doc, NULL, 0), 0,
			   "no error buffer: a good document parses");
	TAP_IS_INT(doc.n_clusters, 1, "  one cluster");
	rsi_describe_free(&doc);
	memset(small, 'x', sizeof(small));
	TAP_IS_INT(rsi_describe_parse(bad, strlen(bad), NULL, &doc, small, sizeof(small)), -1,
			   "a short error buffer");
	TAP_IS_STR(small, "(document)", "  gets the start of the message, terminated");
	memset(small, 'x', sizeof(small));
	TAP_IS_INT(rsi_describe_parse(good, strlen(good), NULL, &doc, small, sizeof(small)), 0,
			   "a good document");
	TAP_IS_STR(small, "", "  clears the error buffer");
	rsi_describe_free(&doc);
}

static void
test_members(void)
{
	rsi_describe_doc doc;

	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\\u0000b\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2}]}", NULL),
			   "not valid JSON (line 1, column 46): \\u0000 is not allowed without JSON_ALLOW_NUL near "
			   "'\"a\\u0000b\"'", "a NUL in a string member is refused by the JSON reader, positioned");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NumberOfNodes\": 2}]}", NULL),
			   "Clusters[0]: missing member NodeType", "NodeType missing");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": null, "
						"\"NumberOfNodes\": 2}]}", NULL),
			   "Clusters[0]: missing member NodeType", "NodeType null counts as missing");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": [], "
						"\"NumberOfNodes\": 2}]}", NULL),
			   "Clusters[0].NodeType: expected a string, found an array", "NodeType an array");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\"}]}", NULL),
			   "Clusters[0]: missing member NumberOfNodes", "NumberOfNodes missing");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2.0}]}", NULL),
			   "Clusters[0].NumberOfNodes: expected an integer, found a fraction", "NumberOfNodes 2.0");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": true}]}", NULL),
			   "Clusters[0].NumberOfNodes: expected an integer, found a boolean", "NumberOfNodes a boolean");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": {}}]}", NULL),
			   "Clusters[0].NumberOfNodes: expected an integer, found an object", "NumberOfNodes an object");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 9000000000000}]}", NULL),
			   "Clusters[0].NumberOfNodes: expected a count from 1 to 100000",
			   "a huge node count is refused (clamped, not truncated to a valid count)");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 4294967298}]}", NULL),
			   "Clusters[0].NumberOfNodes: expected a count from 1 to 100000",
			   "2^32 + 2 nodes is not 2 nodes");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": -9000000000000}]}", NULL),
			   "Clusters[0].NumberOfNodes: expected a count from 1 to 100000",
			   "a hugely negative node count is refused");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 0}]}", NULL),
			   "Clusters[0].NumberOfNodes: expected a count from 1 to 100000",
			   "zero nodes");
	TAP_IS_STR(error_of(ONE(", \"ClusterStatus\": 3"), NULL),
			   "Clusters[0].ClusterStatus: expected a string, found a number", "ClusterStatus a number");
	TAP_IS_STR(error_of(ONE(", \"ClusterCreateTime\": 1700000000"), NULL),
			   "Clusters[0].ClusterCreateTime: expected a string, found a number", "ClusterCreateTime a number");
	TAP_IS_STR(error_of(ONE(", \"DefaultIamRoleArn\": 7"), NULL),
			   "Clusters[0].DefaultIamRoleArn: expected a string, found a number", "DefaultIamRoleArn a number");
	TAP_IS_STR(error_of(ONE(", \"DefaultIamRoleArn\": \"MyRole\""), NULL),
			   "Clusters[0].DefaultIamRoleArn: \"MyRole\" is not a valid IAM role ARN: an IAM role ARN starts "
			   "with \"arn:\"", "DefaultIamRoleArn not an ARN");

	TAP_IS_INT(parse(ONE(", \"ClusterStatus\": null, \"ClusterCreateTime\": null, \"IamRoles\": null, "
						 "\"DefaultIamRoleArn\": null"), NULL, &doc), 0, "null optional members parse");
	TAP_OK(strcmp(doc.clusters[0].status, "available") == 0 && doc.clusters[0].create_time == NULL &&
		   doc.clusters[0].n_roles == 0 && doc.clusters[0].roles == NULL && doc.clusters[0].default_role == NULL,
		   "  as absent: available, no time, no roles, no default");
	rsi_describe_free(&doc);
	TAP_IS_INT(parse(ONE(", \"ClusterStatus\": \"paused\", \"IamRoles\": []"), NULL, &doc), 0,
			   "an empty IamRoles parses");
	TAP_OK(doc.clusters[0].n_roles == 0 && doc.clusters[0].roles == NULL && strcmp(doc.clusters[0].status, "paused") == 0,
		   "  no roles, status kept");
	TAP_IS_INT(doc.clusters[0].number_of_nodes, 2, "  nodes");
	rsi_describe_free(&doc);
}

static void
test_timestamps(void)
{
	static const char *const good[] = {
		"2023-05-19T12:00:00Z",
		"2023-05-19 12:00:00Z",
		"2023-05-19T12:00:00.5Z",
		"2023-05-19T12:00:00.123456789+05:30",
		"2023-05-19T12:00:00-0700",
		"2023-05-19T12:00:00+05",
	};
	static const char *const bad[] = {
		"2023-05-19T12:00:00",		/* no zone, too short */
		"2023-05-19T12:00:00.",		/* 20 bytes, no fraction digit */
		"2023-05-19T12:00:00.5",	/* no zone */
		"2O23-05-19T12:00:00Z",		/* a letter in the year */
		"20/3-05-19T12:00:00Z",		/* just below '0' */
		"2023/05-19T12:00:00Z",
		"2023-0:-19T12:00:00Z",		/* just above '9' */
		"2023-05/19T12:00:00Z",
		"2023-05-1xT12:00:00Z",
		"2023-05-19t12:00:00Z",
		"2023-05-19T1x:00:00Z",
		"2023-05-19T12-00:00Z",
		"2023-05-19T12:x0:00Z",
		"2023-05-19T12:00-00Z",
		"2023-05-19T12:00:x0Z",
		"2023-05-19T12:00:00.xZ",
		"2023-05-19T12:00:00Zx",
		"2023-05-19T12:00:00z",
		"2023-05-19T12:00:00 +00:00",
		"2023-05-19T12:00:00+5",
		"2023-05-19T12:00:00+0x",
		"2023-05-19T12:00:00+05:3",
		"2023-05-19T12:00:00+05x30",
		"2023-05-19T12:00:00+05:30x",
		"2023-05-19T12:00:00+05300",
	};
	char		doc_text[512];
	rsi_describe_doc doc;
	size_t		i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
	{
		snprintf(doc_text, sizeof(doc_text), ONE(", \"ClusterCreateTime\": \"%s\""), good[i]);
		TAP_IS_INT(parse(doc_text, NULL, &doc), 0, "time %s accepted", good[i]);
		if (doc.n_clusters == 1)
			TAP_IS_STR(doc.clusters[0].create_time, good[i], "  and kept as written");
		rsi_describe_free(&doc);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		snprintf(doc_text, sizeof(doc_text), ONE(", \"ClusterCreateTime\": \"%s\""), bad[i]);
		TAP_IS_STR(error_of(doc_text, NULL),
				   "Clusters[0].ClusterCreateTime: expected a time like 2023-05-19T12:00:00.000Z",
				   "time %s refused", bad[i]);
	}
}

static void
test_roles(void)
{
	rsi_describe_options acct = {.account = ACCT};
	rsi_describe_options other = {.account = "210987654321"};
	rsi_describe_options quota2 = {.max_roles = 2};
	rsi_describe_doc doc;
	char		text[1024];
	char		longarn[301];

	TAP_IS_STR(error_of(ROLES("{}"), NULL), "Clusters[0].IamRoles: expected an array, found an object",
			   "IamRoles an object");
	TAP_IS_STR(error_of(ROLES("\"" R1 "\""), NULL), "Clusters[0].IamRoles: expected an array, found a string",
			   "IamRoles a string");
	TAP_IS_STR(error_of(ROLES("[\"" R1 "\"]"), NULL),
			   "Clusters[0].IamRoles[0]: expected an object, found a string", "a role given as a string");
	TAP_IS_STR(error_of(ROLES("[{\"ApplyStatus\": \"in-sync\"}]"), NULL),
			   "Clusters[0].IamRoles[0]: missing member IamRoleArn", "IamRoleArn missing");
	TAP_IS_STR(error_of(ROLES("[{\"IamRoleArn\": 1, \"ApplyStatus\": \"in-sync\"}]"), NULL),
			   "Clusters[0].IamRoles[0].IamRoleArn: expected a string, found a number", "IamRoleArn a number");
	TAP_IS_STR(error_of(ROLE1(", \"ApplyStatus\": 1"), NULL),
			   "Clusters[0].IamRoles[0].ApplyStatus: expected a string, found a number", "ApplyStatus a number");
	TAP_IS_STR(error_of(ROLE1(", \"ApplyStatus\": \"adding\", \"IamRoleApplyStatus\": false"), NULL),
			   "Clusters[0].IamRoles[0].IamRoleApplyStatus: expected a string, found a boolean",
			   "IamRoleApplyStatus a boolean");
	TAP_IS_STR(error_of(ROLE1(", \"ApplyStatus\": \"adding\", \"IamRoleApplyStatus\": \"in-sync\""), NULL),
			   "Clusters[0].IamRoles[0]: ApplyStatus and IamRoleApplyStatus disagree", "the two spellings disagree");
	TAP_IS_STR(error_of(ROLE1(", \"ApplyStatus\": \"done\", \"IamRoleApplyStatus\": \"done\""), NULL),
			   "Clusters[0].IamRoles[0].ApplyStatus: expected one of in-sync, adding, removing",
			   "both spellings agree on a bad value: ApplyStatus is named");
	TAP_IS_STR(error_of(ROLE1(", \"ApplyStatus\": null, \"IamRoleApplyStatus\": \"done\""), NULL),
			   "Clusters[0].IamRoles[0].IamRoleApplyStatus: expected one of in-sync, adding, removing",
			   "a null ApplyStatus beside a bad IamRoleApplyStatus: the latter is named");
	TAP_IS_STR(error_of(ROLE1(", \"ApplyStatus\": \"In-Sync\""), NULL),
			   "Clusters[0].IamRoles[0].ApplyStatus: expected one of in-sync, adding, removing",
			   "status values are case-sensitive");

	TAP_IS_INT(parse(ROLE1(", \"ApplyStatus\": \"removing\", \"IamRoleApplyStatus\": \"removing\""), &acct, &doc),
			   0, "both spellings agreeing, in the current account");
	TAP_IS_STR(doc.n_clusters == 1 && doc.clusters[0].n_roles == 1 ? doc.clusters[0].roles[0].status : NULL,
			   "removing", "  status read");
	rsi_describe_free(&doc);
	TAP_IS_INT(parse(ROLE1(", \"ApplyStatus\": null, \"IamRoleApplyStatus\": \"adding\""), NULL, &doc), 0,
			   "a null ApplyStatus beside IamRoleApplyStatus");
	TAP_IS_STR(doc.n_clusters == 1 && doc.clusters[0].n_roles == 1 ? doc.clusters[0].roles[0].status : NULL,
			   "adding", "  IamRoleApplyStatus read");
	rsi_describe_free(&doc);

	/* the second role is named by its index */
	TAP_IS_STR(error_of(ROLES("[{\"IamRoleArn\": \"" R1 "\", \"ApplyStatus\": \"adding\"}, {\"IamRoleArn\": \""
							  R2 "\"}]"), NULL),
			   "Clusters[0].IamRoles[1]: missing member ApplyStatus", "an error in the second role");
	TAP_IS_STR(error_of(ROLES("[{\"IamRoleArn\": \"" R1 "\", \"ApplyStatus\": \"adding\"}, {\"IamRoleArn\": \""
							  R2 "\", \"ApplyStatus\": \"in-sync\"}]"), &other),
			   "Clusters[0]: the cluster is in account " ACCT " (from its IamRoles), but the account set is 210987654321",
			   "another account's role: the roles place the cluster, the explicit account disagrees");
	TAP_IS_INT(parse(ROLES("[{\"IamRoleArn\": \"" R1 "\", \"ApplyStatus\": \"adding\"}, {\"IamRoleArn\": \""
						   R2 "\", \"ApplyStatus\": \"in-sync\"}]"), &quota2, &doc), 0,
			   "two roles within a quota of two");
	TAP_IS_INT(doc.clusters[0].n_roles, 2, "  both read");
	rsi_describe_free(&doc);

	/* a long invalid ARN is quoted cut to 80 bytes, with "..." */
	memcpy(longarn, "arn:aws:iam::", 13);
	memset(longarn + 13, '1', sizeof(longarn) - 14);
	longarn[sizeof(longarn) - 1] = '\0';
	snprintf(text, sizeof(text), ROLES("[{\"IamRoleArn\": \"%s\", \"ApplyStatus\": \"adding\"}]"), longarn);
	TAP_IS_STR(error_of(text, NULL),
			   "Clusters[0].IamRoles[0].IamRoleArn: \"arn:aws:iam::1111111111111111111111111111111111111111"
			   "111111111111111111111111111...\" is not a valid IAM role ARN: expected "
			   "arn:<partition>:iam::<account-id>:role/<role-name>", "a long ARN is quoted cut to 80 bytes, with ...");

	/* the default role */
	TAP_IS_STR(error_of(ROLES("[{\"IamRoleArn\": \"" R1 "\", \"ApplyStatus\": \"in-sync\"}], "
							  "\"DefaultIamRoleArn\": \"arn:aws:iam::210987654321:role/X\""), &other),
			   "Clusters[0]: the cluster is in account " ACCT " (from its IamRoles), but the account set is 210987654321",
			   "roles are checked before the default role");
	TAP_IS_STR(error_of(ONE(", \"DefaultIamRoleArn\": \"arn:aws:iam::" ACCT ":role/aws-service-role/"
							"redshift.amazonaws.com/AWSServiceRoleForRedshift\""), NULL),
			   "Clusters[0].DefaultIamRoleArn: arn:aws:iam::" ACCT ":role/aws-service-role/redshift.amazonaws.com/"
			   "AWSServiceRoleForRedshift is a service-linked role, which cannot be associated with a cluster",
			   "a service-linked default role");
	TAP_IS_STR(error_of(ONE(", \"DefaultIamRoleArn\": \"arn:aws:iam::210987654321:role/X\""), &acct),
			   "Clusters[0].DefaultIamRoleArn: the role belongs to account 210987654321, not to the cluster's "
			   "account " ACCT " (the account set)", "a default role of another account");
	TAP_IS_INT(parse(ROLES("[{\"IamRoleArn\": \"" R1 "\", \"ApplyStatus\": \"adding\"}, {\"IamRoleArn\": \""
						   R2 "\", \"ApplyStatus\": \"in-sync\"}], \"DefaultIamRoleArn\": \"" R2 "\""), &acct, &doc),
			   0, "a default role that is the second role");
	TAP_IS_STR(doc.clusters[0].default_role, R2, "  read");
	rsi_describe_free(&doc);
}

static void
test_several_clusters(void)
{
	/* a failure stops the reading: later clusters are not looked at */
	TAP_IS_STR(error_of("{\"Clusters\": [{" BASE "}, {" BASE "}, {\"ClusterIdentifier\": 1}]}", NULL),
			   "Clusters[1].ClusterIdentifier: cluster a is listed twice (also Clusters[0])",
			   "the first error is reported, not a later one");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": 1}, {\"ClusterIdentifier\": true}]}", NULL),
			   "Clusters[0].ClusterIdentifier: expected a string, found a number",
			   "an error in the first cluster stops there");
	TAP_IS_STR(error_of("{\"Clusters\": [{" BASE "}, {\"ClusterIdentifier\": \"b\", \"NodeType\": \"ra3.xlplus\", "
						"\"NumberOfNodes\": 2}, {\"ClusterIdentifier\": \"b\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2}]}", NULL),
			   "Clusters[2].ClusterIdentifier: cluster b is listed twice (also Clusters[1])",
			   "a duplicate is named with the earlier index");
}

static void
test_json_text(void)
{
	rsi_describe_doc doc,
				empty = {0, NULL};
	const char *text = "{\"Cluster\": {" BASE ", \"ClusterCreateTime\": \"2023-05-19T12:00:00Z\", "
		"\"IamRoles\": [{\"IamRoleArn\": \"" R1 "\", \"ApplyStatus\": \"adding\"}, {\"IamRoleArn\": \"" R2 "\", "
		"\"IamRoleApplyStatus\": \"in-sync\"}], \"DefaultIamRoleArn\": \"" R2 "\"}}";
	const char *want = "[{\"identifier\":\"a\",\"node_type\":\"dc1.large\",\"number_of_nodes\":2,"
		"\"status\":\"available\",\"availability\":null,\"create_time\":\"2023-05-19T12:00:00Z\","
		"\"account_id\":\"123456789012\",\"region\":null,\"warning\":null,\"default_role\":\"" R2 "\","
		"\"roles\":[{\"arn\":\"" R1 "\",\"status\":\"adding\"},{\"arn\":\"" R2 "\",\"status\":\"in-sync\"}]}]";
	char	   *js;
	long		n,
				left_budget = 0,
				left_once = 0;
	int			clean = 1;

	js = rsi_describe_json_text(&empty);
	TAP_IS_STR(js, "[]", "no clusters: an empty array");
	budget_free(js);

	TAP_IS_INT(parse(text, NULL, &doc), 0, "a cluster for the JSON writer");
	js = rsi_describe_json_text(&doc);
	TAP_IS_STR(js, want, "the normalised JSON, members in order");
	budget_free(js);
	TAP_OK(json_live == NULL, "  nothing of jansson's left behind");

	/* jansson failing from the n-th allocation on: NULL, never a partial text */
	for (n = 0; n < 200; n++)
	{
		json_budget = n;
		js = rsi_describe_json_text(&doc);
		json_budget = -1;
		if (js != NULL)
			break;
		left_budget += json_reclaim();
	}
	TAP_OK(n > 10 && n < 200, "the JSON writer needs %ld allocations; each failure gives NULL", n);
	TAP_IS_STR(js, want, "  and with enough of them the whole text");
	budget_free(js);

	/*
	 * Only the n-th allocation failing, while the writer builds the tree:
	 * NULL.  (Not while json_dumps writes it: jansson 2.14 ignores a failure
	 * to write an object key, so a transient failure there can give a text
	 * with a key missing, a jansson defect the writer cannot see.)
	 */
	{
		json_t	   *tree = json_loads(want, 0, NULL);
		long		total,
					in_dump;
		char	   *again;
		int			all_null = 1;

		json_allocs = 0;
		js = rsi_describe_json_text(&doc);
		total = json_allocs;
		budget_free(js);
		json_allocs = 0;
		again = json_dumps(tree, JSON_COMPACT);
		in_dump = json_allocs;
		TAP_IS_STR(again, want, "the tree read back dumps to the same text (%ld of %ld allocations in the dump)",
				   in_dump, total);
		budget_free(again);
		json_decref(tree);
		json_fail_once = 1;
		for (n = 0; n < total - in_dump; n++)
		{
			json_budget = n;
			js = rsi_describe_json_text(&doc);
			json_budget = -1;
			all_null = all_null && js == NULL;
			budget_free(js);
			left_once += json_reclaim();
		}
		json_fail_once = 0;
		TAP_OK(all_null && total - in_dump > 10, "any one of the %ld allocations building the tree failing gives NULL",
			   total - in_dump);
	}

	/*
	 * BUG (reported to the lead): when an allocation fails,
	 * rsi_describe_json_text returns NULL but leaks the objects it had
	 * built and not yet attached (a role object whose member could not be
	 * set; the cluster object and its roles array when a member of the
	 * cluster could not be set).  The leftovers are reclaimed above so
	 * ASan and valgrind stay quiet; this asserts that there are none.
	 */
	TAP_OK(left_budget == 0 && left_once == 0,
		   "a failed JSON write leaves nothing behind (%ld and %ld blocks left)", left_budget, left_once);

	for (n = 0; n < 200; n++)
	{
		rsi_describe_doc d2;

		json_budget = n;
		if (rsi_describe_parse(text, strlen(text), NULL, &d2, err, sizeof(err)) == 0)
		{
			json_budget = -1;
			clean = clean && d2.n_clusters == 1;
			rsi_describe_free(&d2);
			break;
		}
		json_budget = -1;
		clean = clean && d2.n_clusters == 0 && d2.clusters == NULL && strncmp(err, "not valid JSON", 14) == 0;
	}
	TAP_OK(clean && n < 200, "reading with jansson out of memory: an error, an empty doc, no leak (%ld)", n);
	rsi_describe_free(&doc);
}

int
main(int argc, char **argv)
{
	(void) argc;
	(void) argv;
	json_set_alloc_funcs(budget_malloc, budget_free);
	test_document();
	test_error_buffer();
	test_members();
	test_timestamps();
	test_roles();
	test_several_clusters();
	test_json_text();
	TAP_OK(!rsi_cluster_status_is_known("Available") && !rsi_cluster_status_is_known("") &&
		   rsi_cluster_status_is_known("updating-hsm") && rsi_cluster_status_is_known("available"),
		   "cluster statuses: exact, case-sensitive, first and last of the list");
	return tap_done();
}
