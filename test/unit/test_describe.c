/*
 * test_describe.c — reading describe-clusters output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster_rules.h"
#include "cluster/describe.h"
#include "tap.h"

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
	return err;
}

/* The warning of the first cluster, or "" when none (or the error). */
static const char *
warning_of(const char *text, const rsi_describe_options *opt)
{
	static char w[1024];
	rsi_describe_doc doc;

	if (parse(text, opt, &doc) != 0)
		return err;
	snprintf(w, sizeof(w), "%s", doc.n_clusters && doc.clusters[0].warning ? doc.clusters[0].warning : "");
	rsi_describe_free(&doc);
	return w;
}

#define R1 "arn:aws:iam::123456789012:role/RedshiftCopyUnload"
#define R2 "arn:aws:iam::123456789012:role/SecondRedshiftRole"

/* Real CLI output from the management guide (with IamRoleApplyStatus). */
static const char *guide =
"{\n"
"    \"Clusters\": [\n"
"        {\n"
"            \"NodeType\": \"dc1.large\",\n"
"            \"Endpoint\": {\"Port\": 5439, \"Address\": \"x.us-east-1.redshift.amazonaws.com\"},\n"
"            \"ClusterStatus\": \"creating\",\n"
"            \"ClusterIdentifier\": \"my-redshift-cluster\",\n"
"            \"NumberOfNodes\": 16,\n"
"            \"ClusterCreateTime\": \"2013-01-22T21:59:29.559Z\",\n"
"            \"VpcSecurityGroups\": [],\n"
"            \"IamRoles\": [\n"
"                {\"IamRoleArn\": \"" R1 "\", \"IamRoleApplyStatus\": \"adding\"},\n"
"                {\"IamRoleArn\": \"" R2 "\", \"IamRoleApplyStatus\": \"in-sync\"}\n"
"            ],\n"
"            \"DefaultIamRoleArn\": \"" R2 "\",\n"
"            \"MultiAZ\": \"Disabled\"\n"
"        },\n"
"        {\"ClusterIdentifier\": \"b\", \"NodeType\": \"ra3.4xlarge\", \"NumberOfNodes\": 64,\n"
"         \"IamRoles\": [{\"IamRoleArn\": \"" R1 "\", \"ApplyStatus\": \"removing\"}],\n"
"         \"DefaultIamRoleArn\": null}\n"
"    ],\n"
"    \"Marker\": \"abc\"\n"
"}\n";

int
main(int argc, char **argv)
{
	rsi_describe_doc doc;
	rsi_describe_options acct = {.account = "123456789012"};
	rsi_describe_options cn = {.partition = "aws-cn"};
	rsi_describe_options bare = {.bare_array = 1};
	rsi_describe_options quota = {.max_roles = 1};
	char	   *js;

	(void) argc;
	(void) argv;

	TAP_IS_INT(parse(guide, &acct, &doc), 0, "guide output parses");
	TAP_IS_INT(doc.n_clusters, 2, "two clusters");
	TAP_IS_STR(doc.clusters[0].identifier, "my-redshift-cluster", "identifier");
	TAP_IS_STR(doc.clusters[0].node_type, "dc1.large", "node type");
	TAP_IS_INT(doc.clusters[0].number_of_nodes, 16, "nodes");
	TAP_IS_STR(doc.clusters[0].status, "creating", "status");
	TAP_IS_STR(doc.clusters[0].create_time, "2013-01-22T21:59:29.559Z", "create time");
	TAP_IS_STR(doc.clusters[0].default_role, R2, "default role");
	TAP_IS_INT(doc.clusters[0].n_roles, 2, "two roles");
	TAP_IS_STR(doc.clusters[0].roles[0].arn, R1, "role order kept");
	TAP_IS_STR(doc.clusters[0].roles[0].status, "adding", "IamRoleApplyStatus accepted");
	TAP_IS_STR(doc.clusters[0].roles[1].status, "in-sync", "second role status");
	TAP_IS_STR(doc.clusters[1].status, "available", "missing ClusterStatus means available");
	TAP_OK(doc.clusters[1].create_time == NULL, "missing ClusterCreateTime is NULL");
	TAP_OK(doc.clusters[1].default_role == NULL, "null DefaultIamRoleArn is none");
	TAP_IS_STR(doc.clusters[1].roles[0].status, "removing", "ApplyStatus accepted");
	js = rsi_describe_json_text(&doc);
	TAP_OK(js && strstr(js, "\"identifier\":\"b\"") && strstr(js, "\"create_time\":null"),
		   "normalised JSON: %s", js ? "built" : "NULL");
	free(js);
	rsi_describe_free(&doc);
	TAP_IS_INT(doc.n_clusters, 0, "freed");

	/* single Cluster object, as create-cluster prints it */
	TAP_IS_INT(parse("{\"Cluster\": {\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc2.large\", "
					 "\"NumberOfNodes\": 1, \"ClusterCreateTime\": \"2024-01-02T03:04:05.123456+00:00\"}}",
					 NULL, &doc), 0, "{\"Cluster\": {...}} accepted, CLI v2 time");
	TAP_IS_INT(doc.n_clusters, 1, "one cluster");
	TAP_IS_INT(doc.clusters[0].n_roles, 0, "no IamRoles member: no roles");
	rsi_describe_free(&doc);
	TAP_IS_STR(error_of("{\"Clusters\": []}", NULL), "", "empty list");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc2.large\", "
						"\"NumberOfNodes\": 1, \"DefaultIamRoleArn\": \"\"}]}", NULL), "",
			   "empty DefaultIamRoleArn means none");

	/* errors name the element */
	TAP_IS_STR(error_of("[1]", NULL),
			   "(document): expected an object with a Clusters member, found an array", "not an object");
	TAP_IS_STR(error_of("{\"Clusters\": [", NULL),
			   "not valid JSON (line 1, column 14): ']' expected near end of file",
			   "bad JSON has line and column");
	TAP_IS_STR(error_of("{\"Foo\": 1}", NULL), "(document): missing member Clusters", "no Clusters");
	TAP_IS_STR(error_of("{\"Clusters\": {}}", NULL), "Clusters: expected an array, found an object",
			   "Clusters not an array");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc2.large\", "
						"\"NumberOfNodes\": 1}, 7]}", NULL),
			   "Clusters[1]: expected an object, found a number", "element not an object");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"NodeType\": \"dc2.large\", \"NumberOfNodes\": 1}]}", NULL),
			   "Clusters[0]: missing member ClusterIdentifier", "missing identifier");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"A-\", \"NodeType\": \"dc2.large\", "
						"\"NumberOfNodes\": 1}]}", NULL),
			   "Clusters[0].ClusterIdentifier: \"A-\" is not a valid cluster identifier: "
			   "the identifier must start with a lowercase letter", "bad identifier (validator's words)");
	TAP_IS_STR(warning_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"rg.2xlarge\", "
						  "\"NumberOfNodes\": 1}]}", NULL),
			   "NodeType rg.2xlarge is not a node type this version knows; its node count is not checked.",
			   "a node type AWS added later is kept, with a warning");
	TAP_IS_STR(warning_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						  "\"NumberOfNodes\": 40}]}", NULL),
			   "Number of nodes for node type dc1.large must be between 1 and 32. It is kept as described.",
			   "a node count out of the table's range is kept, with a warning");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": \"2\"}]}", NULL),
			   "Clusters[0].NumberOfNodes: expected an integer, found a string", "string count");
	TAP_IS_STR(warning_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						  "\"NumberOfNodes\": 2, \"ClusterStatus\": \"recovering\"}]}", NULL),
			   "ClusterStatus \"recovering\" is not a status botocore documents; it is kept as written and "
			   "checks treat the cluster as not available now.",
			   "a status botocore does not list is kept, with a warning");
	TAP_IS_STR(warning_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						  "\"NumberOfNodes\": 2, \"ClusterStatus\": \"available, prep-for-resize\", "
						  "\"ClusterAvailabilityStatus\": \"Available\"}]}", NULL),
			   "", "a compound status botocore lists: no warning");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2, \"ClusterCreateTime\": \"yesterday\"}]}", NULL),
			   "Clusters[0].ClusterCreateTime: expected a time like 2023-05-19T12:00:00.000Z",
			   "bad create time");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2}, {\"ClusterIdentifier\": \"b\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2, \"IamRoles\": [{\"IamRoleArn\": \"" R1 "\", "
						"\"ApplyStatus\": \"done\"}]}]}", NULL),
			   "Clusters[1].IamRoles[0].ApplyStatus: expected one of in-sync, adding, removing",
			   "bad ApplyStatus");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2, \"IamRoles\": [{\"IamRoleArn\": \"" R1 "\", "
						"\"IamRoleApplyStatus\": \"done\"}]}]}", NULL),
			   "Clusters[0].IamRoles[0].IamRoleApplyStatus: expected one of in-sync, adding, removing",
			   "bad IamRoleApplyStatus named as written");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2, \"IamRoles\": [{\"IamRoleArn\": \"" R1 "\"}]}]}", NULL),
			   "Clusters[0].IamRoles[0]: missing member ApplyStatus", "missing ApplyStatus");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2, \"IamRoles\": [{\"IamRoleArn\": \"MyRole\", "
						"\"ApplyStatus\": \"adding\"}]}]}", NULL),
			   "Clusters[0].IamRoles[0].IamRoleArn: \"MyRole\" is not a valid IAM role ARN: "
			   "an IAM role ARN starts with \"arn:\"", "role name instead of ARN");
	TAP_OK(strncmp(err, "Clusters[0].IamRoles[0].IamRoleArn: \"MyRole\" is not a valid IAM role ARN: ",
				   strlen("Clusters[0].IamRoles[0].IamRoleArn: \"MyRole\" is not a valid IAM role ARN: ")) == 0,
		   "role name instead of ARN: %s", err);
	TAP_OK(strstr(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						   "\"NumberOfNodes\": 2, \"IamRoles\": [{\"IamRoleArn\": \"arn:aws:iam::123456789012:role/"
						   "aws-service-role/redshift.amazonaws.com/AWSServiceRoleForRedshift\", "
						   "\"ApplyStatus\": \"adding\"}]}]}", NULL), "service-linked") != NULL,
		   "service-linked role refused");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2, \"IamRoles\": [{\"IamRoleArn\": "
						"\"arn:aws:iam::111111111111:role/X\", \"ApplyStatus\": \"adding\"}]}]}", &acct),
			   "Clusters[0]: the cluster is in account 111111111111 (from its IamRoles), "
			   "but the account set is 123456789012", "other account refused, naming both");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2, \"IamRoles\": [{\"IamRoleArn\": "
						"\"arn:aws:iam::111111111111:role/X\", \"ApplyStatus\": \"adding\"}]}]}", &cn),
			   "Clusters[0].IamRoles[0].IamRoleArn: the role is in partition aws, "
			   "not in the partition aws-cn of the cluster's region", "other partition refused");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2, \"IamRoles\": [{\"IamRoleArn\": "
						"\"arn:aws-cn:iam::111111111111:role/X\", \"ApplyStatus\": \"adding\"}]}]}", &cn),
			   "", "a role of the current partition is accepted");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2, \"IamRoles\": [{\"IamRoleArn\": "
						"\"arn:aws-cnx:iam::111111111111:role/X\", \"ApplyStatus\": \"adding\"}]}]}", &cn),
			   "Clusters[0].IamRoles[0].IamRoleArn: the role is in partition aws-cnx, "
			   "not in the partition aws-cn of the cluster's region", "a partition that only starts alike is refused");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2, \"IamRoles\": [{\"IamRoleArn\": \"" R1 "\", \"ApplyStatus\": \"adding\"},"
						"{\"IamRoleArn\": \"" R2 "\", \"ApplyStatus\": \"adding\"}]}]}", &quota),
			   "Clusters[0].IamRoles: 2 roles exceed the quota of 1 roles per cluster", "quota");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2, \"IamRoles\": [{\"IamRoleArn\": \"" R1 "\", \"ApplyStatus\": \"adding\"},"
						"{\"IamRoleArn\": \"" R1 "\", \"ApplyStatus\": \"adding\"}]}]}", NULL),
			   "Clusters[0].IamRoles[1].IamRoleArn: the role is listed twice (also Clusters[0].IamRoles[0])",
			   "duplicate role");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2, \"DefaultIamRoleArn\": \"" R1 "\"}]}", NULL),
			   "Clusters[0].DefaultIamRoleArn: the default role is not among the cluster's IamRoles",
			   "default not associated");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2}, {\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2}]}", NULL),
			   "Clusters[1].ClusterIdentifier: cluster a is listed twice (also Clusters[0])",
			   "duplicate cluster");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": 5, \"NodeType\": \"dc1.large\", "
						"\"NumberOfNodes\": 2}]}", NULL),
			   "Clusters[0].ClusterIdentifier: expected a string, found a number", "identifier type");
	TAP_IS_STR(error_of("{\"Clusters\": [], \"Clusters\": []}", NULL),
			   "not valid JSON (line 1, column 27): duplicate object key near '\"Clusters\"'",
			   "duplicate keys refused");
	TAP_OK(rsi_cluster_status_is_known("available, prep-for-resize"), "compound status known");

	/* a bare array of clusters (describe-clusters --query 'Clusters[]'), when asked for */
	TAP_IS_INT(parse("[{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc2.large\", \"NumberOfNodes\": 1}, "
					 "{\"ClusterIdentifier\": \"b\", \"NodeType\": \"dc2.large\", \"NumberOfNodes\": 2}]",
					 &bare, &doc), 0, "bare array: parses when bare_array is set");
	TAP_IS_INT(doc.n_clusters, 2, "bare array: two clusters");
	TAP_IS_STR(doc.clusters[1].identifier, "b", "bare array: in order");
	rsi_describe_free(&doc);
	TAP_IS_STR(error_of("[]", &bare), "", "bare array: empty");
	TAP_IS_STR(error_of("[{\"ClusterIdentifier\": \"a\"}]", &bare), "[0]: missing member NodeType",
			   "bare array: errors name the element as [i]");
	TAP_IS_STR(error_of("[{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc2.large\", \"NumberOfNodes\": 1}, "
						"{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc2.large\", \"NumberOfNodes\": 1}]", &bare),
			   "[1].ClusterIdentifier: cluster a is listed twice (also [0])", "bare array: duplicates");
	TAP_IS_STR(error_of("{\"Clusters\": []}", &bare), "", "bare array allowed: the object still parses");
	TAP_IS_STR(error_of("[]", &acct), "(document): expected an object with a Clusters member, found an array",
			   "bare_array unset (import_clusters): an array is refused");

	/* account and region from the input (members as botocore's Cluster shape names them) */
	{
		const char *eu = "{\"Clusters\": [{\"ClusterIdentifier\": \"prod-eu\", \"NodeType\": \"ra3.4xlarge\", "
			"\"ClusterStatus\": \"available\", \"ClusterAvailabilityStatus\": \"Available\", \"NumberOfNodes\": 2, "
			"\"AvailabilityZone\": \"eu-west-1a\", \"ClusterNamespaceArn\": "
			"\"arn:aws:redshift:eu-west-1:111122223333:namespace:4f1c7b4e-0c5f-4b8e-9d0c-2f6b3c1a9e77\", "
			"\"IamRoles\": [{\"IamRoleArn\": \"arn:aws:iam::111122223333:role/Etl\", \"ApplyStatus\": \"in-sync\"}]}]}";
		rsi_describe_options deflt = {.default_account = "123456789012", .default_region = "us-east-1"};
		rsi_describe_options setacct = {.account = "123456789012", .account_name = "redshift_iam.account_id",
		.default_region = "us-east-1"};
		rsi_describe_options setreg = {.region = "us-east-1", .region_name = "redshift_iam.region",
		.default_account = "123456789012"};
		rsi_describe_options iso = {.max_roles = 50};

		TAP_IS_INT(parse(eu, &deflt, &doc), 0, "real-shaped output of another account and region parses");
		TAP_IS_STR(doc.clusters[0].account_id, "111122223333", "  account from ClusterNamespaceArn");
		TAP_IS_STR(doc.clusters[0].region, "eu-west-1", "  region from ClusterNamespaceArn");
		TAP_IS_STR(doc.clusters[0].account_from, "ClusterNamespaceArn", "  and where it came from");
		TAP_IS_STR(doc.clusters[0].availability, "Available", "  ClusterAvailabilityStatus kept");
		rsi_describe_free(&doc);
		TAP_IS_STR(error_of(eu, &setacct),
				   "Clusters[0]: the cluster is in account 111122223333 (from its ClusterNamespaceArn), "
				   "but redshift_iam.account_id is 123456789012", "an explicit account that contradicts: both named");
		TAP_IS_STR(error_of(eu, &setreg),
				   "Clusters[0]: the cluster is in region eu-west-1 (from its ClusterNamespaceArn), "
				   "but redshift_iam.region is us-east-1", "an explicit region that contradicts: both named");
		TAP_IS_INT(parse("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc2.large\", "
						 "\"NumberOfNodes\": 1, \"AvailabilityZone\": \"ap-southeast-2c\"}]}", &deflt, &doc), 0,
				   "region from AvailabilityZone alone");
		TAP_IS_STR(doc.clusters[0].region, "ap-southeast-2", "  the zone's region");
		TAP_IS_STR(doc.clusters[0].account_id, "123456789012", "  no account in the input: the default");
		TAP_OK(doc.clusters[0].account_from == NULL, "  and no source named");
		rsi_describe_free(&doc);
		TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc2.large\", "
							"\"NumberOfNodes\": 1, \"AvailabilityZone\": \"us-east-1a\", \"ClusterNamespaceArn\": "
							"\"arn:aws:redshift:eu-west-1:111122223333:namespace:x\"}]}", NULL),
				   "Clusters[0].AvailabilityZone: us-east-1a is not in region eu-west-1 of the ClusterNamespaceArn",
				   "zone and namespace disagree");
		TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc2.large\", "
							"\"NumberOfNodes\": 1, \"ClusterNamespaceArn\": "
							"\"arn:aws:redshift:eu-west-1:111122223333:namespace:x\", \"IamRoles\": [{\"IamRoleArn\": \""
							R1 "\", \"ApplyStatus\": \"in-sync\"}]}]}", NULL),
				   "Clusters[0].IamRoles[0].IamRoleArn: the role belongs to account 123456789012, not to the "
				   "cluster's account 111122223333 (ClusterNamespaceArn)", "a role of another account than the namespace");
		TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc2.large\", "
							"\"NumberOfNodes\": 1, \"ClusterNamespaceArn\": \"arn:aws:redshift:eu-west-1:111122223333:cluster:a\"}]}", NULL),
				   "Clusters[0].ClusterNamespaceArn: \"arn:aws:redshift:eu-west-1:111122223333:cluster:a\" is not a "
				   "namespace ARN like arn:aws:redshift:us-east-1:123456789012:namespace:<id>", "a malformed namespace ARN");
		TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc2.large\", "
							"\"NumberOfNodes\": 1, \"ClusterNamespaceArn\": \"arn:aws:redshift:eu-west-1:111122223333:namespace:x\"}, "
							"{\"ClusterIdentifier\": \"a\", \"NodeType\": \"dc2.large\", "
							"\"NumberOfNodes\": 1, \"ClusterNamespaceArn\": \"arn:aws:redshift:us-east-1:111122223333:namespace:y\"}]}", NULL),
				   "", "one identifier in two regions is two clusters");
		/* the quota of the isolated regions */
		{
			char		many[4096];
			size_t		k,
						used;

			used = (size_t) snprintf(many, sizeof(many), "{\"Clusters\": [{\"ClusterIdentifier\": \"a\", "
									 "\"NodeType\": \"dc2.large\", \"NumberOfNodes\": 1, \"AvailabilityZone\": \"us-iso-east-1a\", "
									 "\"IamRoles\": [");
			for (k = 0; k < 11; k++)
				used += (size_t) snprintf(many + used, sizeof(many) - used,
										  "%s{\"IamRoleArn\": \"arn:aws-iso:iam::123456789012:role/R%zu\", \"ApplyStatus\": \"in-sync\"}",
										  k ? ", " : "", k);
			snprintf(many + used, sizeof(many) - used, "]}]}");
			TAP_IS_STR(error_of(many, &iso), "Clusters[0].IamRoles: 11 roles exceed the quota of 10 roles per cluster in us-iso-east-1",
					   "11 roles in us-iso-east-1 exceed its quota of 10");
		}
		TAP_IS_INT(rsi_region_max_roles("us-isob-east-1", 50), 10, "us-isob-east-1: 10");
		TAP_IS_INT(rsi_region_max_roles("eu-west-1", 50), 50, "eu-west-1: the setting");
		TAP_IS_INT(rsi_region_max_roles("us-iso-west-1", 5), 5, "a lower setting wins");
	}

	/* what a status means for a command run now */
	TAP_IS_INT(rsi_cluster_usability_of("available", NULL), RSI_CLUSTER_USABLE, "available: usable");
	TAP_IS_INT(rsi_cluster_usability_of("available, prep-for-resize", NULL), RSI_CLUSTER_USABLE,
			   "available, prep-for-resize: usable");
	TAP_IS_INT(rsi_cluster_usability_of("modifying", "Available"), RSI_CLUSTER_USABLE,
			   "ClusterAvailabilityStatus Available wins over modifying");
	TAP_IS_INT(rsi_cluster_usability_of("available", "Maintenance"), RSI_CLUSTER_NOT_NOW,
			   "available in Maintenance: not now");
	TAP_IS_INT(rsi_cluster_usability_of("paused", NULL), RSI_CLUSTER_NOT_NOW, "paused: not now");
	TAP_IS_INT(rsi_cluster_usability_of("resuming", NULL), RSI_CLUSTER_NOT_NOW, "resuming: not now");
	TAP_IS_INT(rsi_cluster_usability_of("recovering", NULL), RSI_CLUSTER_NOT_NOW, "recovering: not now");
	TAP_IS_INT(rsi_cluster_usability_of("resizing", "Modifying"), RSI_CLUSTER_NOT_NOW, "resizing: not now");
	TAP_IS_INT(rsi_cluster_usability_of("deleting", NULL), RSI_CLUSTER_REFUSED, "deleting: refused");
	TAP_IS_INT(rsi_cluster_usability_of("final-snapshot", "Available"), RSI_CLUSTER_REFUSED,
			   "final-snapshot: refused whatever the availability");
	TAP_IS_INT(rsi_cluster_usability_of("incompatible-network", NULL), RSI_CLUSTER_REFUSED, "incompatible-*: refused");
	TAP_IS_INT(rsi_cluster_usability_of("storage-full", NULL), RSI_CLUSTER_REFUSED, "storage-full: refused");
	TAP_IS_INT(rsi_cluster_usability_of("available", "Failed"), RSI_CLUSTER_REFUSED, "Failed: refused");

	return tap_done();
}
