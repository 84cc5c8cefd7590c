/*
 * test_cov_describe_place.c — where describe-clusters output puts a
 * cluster (account and region from ClusterNamespaceArn, AvailabilityZone
 * or IamRoles, checked against each other and against the options), the
 * warnings for values AWS may add after this version (several joined in
 * one text), and the status and node-type bounds.
 *
 * Sources: Amazon Redshift API Reference, "Cluster"
 * (https://docs.aws.amazon.com/redshift/latest/APIReference/API_Cluster.html);
 * the statuses botocore documents for ClusterStatus and
 * ClusterAvailabilityStatus.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/describe.h"
#include "tap.h"

#define ACCT "123456789012"
#define R1 "arn:aws:iam::" ACCT ":role/Loader"
#define NSA(region, acct) "arn:aws:redshift:" region ":" acct ":namespace:ab12"
#define BASE "\"ClusterIdentifier\": \"a\", \"NodeType\": \"ra3.xlplus\", \"NumberOfNodes\": 2"
#define ONE(extra) "{\"Clusters\": [{" BASE extra "}]}"

static char err[512];
static rsi_describe_doc doc;

/* "" when it parses (doc holds it until the next call), else the error */
static const char *
error_of(const char *text, const rsi_describe_options *opt)
{
	static int	have = 0;

	if (have)
		rsi_describe_free(&doc);
	have = 0;
	if (rsi_describe_parse(text, strlen(text), opt, &doc, err, sizeof(err)) == 0)
	{
		have = 1;
		return "";
	}
	return err;
}

static const char *
placed(void)
{
	static char buf[200];

	snprintf(buf, sizeof(buf), "%s/%s from %s/%s",
			 doc.clusters[0].account_id ? doc.clusters[0].account_id : "-",
			 doc.clusters[0].region ? doc.clusters[0].region : "-",
			 doc.clusters[0].account_from ? doc.clusters[0].account_from : "-",
			 doc.clusters[0].region_from ? doc.clusters[0].region_from : "-");
	return buf;
}

int
main(void)
{
	rsi_describe_options o;
	char		b[32];

	/* the namespace ARN */
	TAP_IS_STR(error_of(ONE(", \"ClusterNamespaceArn\": \"" NSA("eu-west-1", ACCT) "\""), NULL), "", "a namespace ARN");
	TAP_IS_STR(placed(), ACCT "/eu-west-1 from ClusterNamespaceArn/ClusterNamespaceArn", "... places the cluster");
	TAP_IS_STR(error_of(ONE(", \"ClusterNamespaceArn\": \"arn:aws:redshift-serverless:eu-west-1:" ACCT ":namespace:x\""), NULL),
			   "Clusters[0].ClusterNamespaceArn: \"arn:aws:redshift-serverless:eu-west-1:" ACCT ":namespace:x\" is not a namespace ARN "
			   "like arn:aws:redshift:us-east-1:123456789012:namespace:<id>", "a Serverless ARN is not a cluster's namespace");
	TAP_IS_STR(error_of(ONE(", \"ClusterNamespaceArn\": \"arn:aws:redshift:Ireland:" ACCT ":namespace:x\""), NULL),
			   "Clusters[0].ClusterNamespaceArn: \"arn:aws:redshift:Ireland:" ACCT ":namespace:x\" is not a namespace ARN "
			   "like arn:aws:redshift:us-east-1:123456789012:namespace:<id>", "a namespace ARN with a bad region");
	TAP_IS_STR(error_of(ONE(", \"ClusterNamespaceArn\": \"arn:aws:redshift:eu-west-1:1234:namespace:x\""), NULL),
			   "Clusters[0].ClusterNamespaceArn: \"arn:aws:redshift:eu-west-1:1234:namespace:x\" is not a namespace ARN "
			   "like arn:aws:redshift:us-east-1:123456789012:namespace:<id>", "a namespace ARN with a bad account");
	TAP_IS_STR(error_of(ONE(", \"ClusterNamespaceArn\": \"arn:aws:redshift:eu-west-1\""), NULL),
			   "Clusters[0].ClusterNamespaceArn: \"arn:aws:redshift:eu-west-1\" is not a namespace ARN "
			   "like arn:aws:redshift:us-east-1:123456789012:namespace:<id>", "a namespace ARN cut short");
	TAP_IS_STR(error_of(ONE(", \"ClusterNamespaceArn\": \"arn:aws:redshift:eu-west-1:" ACCT ":namespace:\""), NULL),
			   "Clusters[0].ClusterNamespaceArn: \"arn:aws:redshift:eu-west-1:" ACCT ":namespace:\" is not a namespace ARN "
			   "like arn:aws:redshift:us-east-1:123456789012:namespace:<id>", "a namespace ARN without an ID");
	TAP_IS_STR(error_of(ONE(", \"ClusterNamespaceArn\": \"" NSA("eu-west-1", ACCT) "\", \"AvailabilityZone\": \"us-east-1a\""), NULL),
			   "Clusters[0].AvailabilityZone: us-east-1a is not in region eu-west-1 of the ClusterNamespaceArn",
			   "a zone outside the namespace's region");
	TAP_IS_STR(error_of(ONE(", \"ClusterNamespaceArn\": \"" NSA("eu-west-1", ACCT) "\", \"AvailabilityZone\": \"eu-west-1b\""), NULL), "",
			   "a zone inside the namespace's region");

	/* the zone */
	TAP_IS_STR(error_of(ONE(", \"AvailabilityZone\": \"ap-south-1c\""), NULL), "", "a zone alone");
	TAP_IS_STR(placed(), "-/ap-south-1 from -/AvailabilityZone", "... places the region only");
	TAP_IS_STR(error_of(ONE(", \"AvailabilityZone\": \"Mars-1a\""), NULL), "", "a zone that names no region is ignored");
	TAP_IS_STR(placed(), "-/- from -/-", "... and places nothing");
	TAP_IS_STR(rsi_az_region("eu-west-1a", b, sizeof(b)), "eu-west-1", "rsi_az_region: the region of a zone");
	TAP_OK(rsi_az_region("eu-west-1", b, sizeof(b)) == NULL, "rsi_az_region: a region is not a zone");
	TAP_OK(rsi_az_region("a", b, sizeof(b)) == NULL, "rsi_az_region: one letter is not a zone");
	TAP_OK(rsi_az_region("eu-west-1a", b, 5) == NULL, "rsi_az_region: no room");

	/* the roles' account, and the options */
	TAP_IS_STR(error_of(ONE(", \"IamRoles\": [{\"IamRoleArn\": \"" R1 "\", \"ApplyStatus\": \"in-sync\"}]"), NULL), "", "roles alone");
	TAP_IS_STR(placed(), ACCT "/- from IamRoles/-", "... place the account");
	memset(&o, 0, sizeof(o));
	o.account = "210987654321";
	TAP_IS_STR(error_of(ONE(", \"IamRoles\": [{\"IamRoleArn\": \"" R1 "\", \"ApplyStatus\": \"in-sync\"}]"), &o),
			   "Clusters[0]: the cluster is in account " ACCT " (from its IamRoles), but the account set is 210987654321",
			   "the roles' account against the account set");
	o.account_name = "--account-id";
	TAP_IS_STR(error_of(ONE(", \"ClusterNamespaceArn\": \"" NSA("eu-west-1", ACCT) "\""), &o),
			   "Clusters[0]: the cluster is in account " ACCT " (from its ClusterNamespaceArn), but --account-id is 210987654321",
			   "the namespace's account against --account-id");
	memset(&o, 0, sizeof(o));
	o.region = "us-east-1";
	TAP_IS_STR(error_of(ONE(", \"AvailabilityZone\": \"eu-west-1a\""), &o),
			   "Clusters[0]: the cluster is in region eu-west-1 (from its AvailabilityZone), but the region set is us-east-1",
			   "the zone's region against the region set");
	o.region_name = "redshift_iam.region";
	TAP_IS_STR(error_of(ONE(", \"ClusterNamespaceArn\": \"" NSA("eu-west-1", ACCT) "\""), &o),
			   "Clusters[0]: the cluster is in region eu-west-1 (from its ClusterNamespaceArn), but redshift_iam.region is us-east-1",
			   "the namespace's region against redshift_iam.region");
	TAP_IS_STR(error_of(ONE(""), &o), "", "nothing in the input: the region set");
	TAP_IS_STR(placed(), "-/us-east-1 from -/-", "... is the cluster's region");
	memset(&o, 0, sizeof(o));
	o.default_account = "111122223333";
	o.default_region = "eu-central-1";
	TAP_IS_STR(error_of(ONE(""), &o), "", "nothing in the input or set");
	TAP_IS_STR(placed(), "111122223333/eu-central-1 from -/-", "... the defaults");
	TAP_IS_STR(error_of(ONE(", \"AvailabilityZone\": \"eu-west-1a\""), &o), "", "a zone beats the default region");
	TAP_IS_STR(placed(), "111122223333/eu-west-1 from -/AvailabilityZone", "... the default account stays");
	memset(&o, 0, sizeof(o));
	o.partition = "aws-cn";
	TAP_OK(strstr(error_of(ONE(", \"IamRoles\": [{\"IamRoleArn\": \"" R1 "\", \"ApplyStatus\": \"in-sync\"}]"), &o),
				  "Clusters[0].IamRoles[0].IamRoleArn") == err,
		   "a role outside the partition set is refused at its place");
	TAP_IS_STR(error_of(ONE(", \"AvailabilityZone\": \"eu-west-1a\", \"IamRoles\": [{\"IamRoleArn\": \"arn:aws-cn:iam::" ACCT ":role/X\", \"ApplyStatus\": \"in-sync\"}]"), NULL),
			   "Clusters[0].IamRoles[0].IamRoleArn: the role is in partition aws-cn, not in the partition aws of the cluster's region",
			   "a role outside the zone's partition");

	/* statuses and warnings */
	TAP_IS_STR(error_of(ONE(", \"ClusterStatus\": \"hibernating\", \"ClusterAvailabilityStatus\": \"Sleeping\""), NULL), "",
			   "unknown statuses are kept");
	TAP_IS_STR(doc.clusters[0].warning,
			   "ClusterStatus \"hibernating\" is not a status botocore documents; it is kept as written and checks treat the cluster as not available now. "
			   "ClusterAvailabilityStatus \"Sleeping\" is not one botocore documents; checks treat the cluster as not available now.",
			   "... with one warning each, joined by a space");
	TAP_IS_STR(doc.clusters[0].availability, "Sleeping", "... the availability as written");
	TAP_IS_STR(error_of(ONE(", \"ClusterAvailabilityStatus\": \"Maintenance\""), NULL), "", "a documented availability status");
	TAP_OK(doc.clusters[0].warning == NULL, "... gives no warning");
	TAP_IS_INT(rsi_cluster_availability_is_known("Failed"), 1, "Failed is a documented availability status");
	TAP_IS_INT(rsi_cluster_availability_is_known("available"), 0, "availability statuses are case-sensitive");
	TAP_IS_STR(error_of(ONE(", \"ClusterStatus\": \"\""), NULL), "Clusters[0].ClusterStatus: expected a status like available",
			   "an empty ClusterStatus");
	TAP_IS_STR(error_of(ONE(", \"ClusterAvailabilityStatus\": \"\""), NULL),
			   "Clusters[0].ClusterAvailabilityStatus: expected a status like Available", "an empty ClusterAvailabilityStatus");
	TAP_IS_STR(error_of(ONE(", \"ClusterAvailabilityStatus\": 1"), NULL),
			   "Clusters[0].ClusterAvailabilityStatus: expected a string, found a number", "a ClusterAvailabilityStatus that is a number");
	TAP_IS_STR(error_of(ONE(", \"ClusterStatus\": [\"available\"]"), NULL),
			   "Clusters[0].ClusterStatus: expected a string, found an array", "a ClusterStatus that is an array");
	TAP_IS_STR(error_of("{\"Clusters\": [{\"ClusterIdentifier\": \"a\", \"NodeType\": \"\", \"NumberOfNodes\": 2}]}", NULL),
			   "Clusters[0].NodeType: expected a node type like ra3.4xlarge", "an empty NodeType");
	TAP_IS_STR(error_of(ONE(", \"ClusterNamespaceArn\": 5"), NULL),
			   "Clusters[0].ClusterNamespaceArn: expected a string, found a number", "a namespace ARN that is a number");
	TAP_IS_STR(error_of(ONE(", \"AvailabilityZone\": false"), NULL),
			   "Clusters[0].AvailabilityZone: expected a string, found a boolean", "a zone that is a boolean");
	TAP_IS_STR(error_of(ONE(", \"DefaultIamRoleArn\": 5"), NULL),
			   "Clusters[0].DefaultIamRoleArn: expected a string, found a number", "a default role that is a number");
	error_of("[]", NULL);
	return tap_done();
}
