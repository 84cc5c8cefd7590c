/*
 * test_cluster_rules.c — node types and node counts.
 */
#include <string.h>

#include "cluster/cluster_rules.h"
#include "cluster/describe.h"
#include "tap.h"

static const char *
check(const char *type, long n, int described)
{
	static char buf[160];

	return rsi_node_count_check(type, strlen(type), n, described, buf, sizeof(buf));
}

/* rsi_cluster_layout_check with ClusterType ct (NULL: absent) and nodes n (-999: absent) */
static rsi_cluster_layout lay;

static const char *
layout(const char *type, const char *ct, long n)
{
	static char buf[200];

	return rsi_cluster_layout_check(type, strlen(type), ct, ct ? strlen(ct) : 0, n != -999, n == -999 ? 0 : n,
									&lay, buf, sizeof(buf));
}

int
main(int argc, char **argv)
{
	const rsi_node_type_info *t;
	size_t		count,
				i;
	int			sane = 1;

	(void) argc;
	(void) argv;

	/* legacy types the seeds use */
	TAP_OK(check("dc1.large", 1, 0) == NULL, "dc1.large 1 node");
	TAP_OK(check("dc1.large", 16, 0) == NULL, "dc1.large 16 nodes (seed)");
	TAP_OK(check("dc1.large", 32, 0) == NULL, "dc1.large 32 nodes");
	TAP_IS_STR(check("dc1.large", 33, 0),
			   "Number of nodes for node type dc1.large must be between 1 and 32.",
			   "dc1.large 33 nodes refused");
	TAP_IS_STR(check("dc1.large", 0, 0),
			   "Number of nodes for node type dc1.large must be between 1 and 32.",
			   "dc1.large 0 nodes refused");
	TAP_IS_STR(check("dc1.8xlarge", 1, 0),
			   "Number of nodes for node type dc1.8xlarge must be between 2 and 128.",
			   "dc1.8xlarge needs 2 nodes");
	TAP_OK(check("dc1.8xlarge", 128, 0) == NULL, "dc1.8xlarge 128 nodes");
	TAP_OK(check("dc1.8xlarge", 129, 0) != NULL, "dc1.8xlarge 129 refused");
	TAP_OK(check("ds2.xlarge", 32, 0) == NULL, "ds2.xlarge 32");
	TAP_OK(check("ds2.8xlarge", 2, 0) == NULL, "ds2.8xlarge 2");
	TAP_OK(check("ds2.8xlarge", 1, 0) != NULL, "ds2.8xlarge 1 refused");

	/* current types */
	TAP_OK(check("dc2.large", 1, 0) == NULL, "dc2.large 1");
	TAP_OK(check("dc2.large", 33, 0) != NULL, "dc2.large 33 refused");
	TAP_OK(check("dc2.8xlarge", 2, 0) == NULL, "dc2.8xlarge 2");
	TAP_OK(check("dc2.8xlarge", 1, 0) != NULL, "dc2.8xlarge 1 refused");
	TAP_OK(check("ra3.xlplus", 1, 0) == NULL, "ra3.xlplus single-node");
	TAP_OK(check("ra3.xlplus", 16, 0) == NULL, "ra3.xlplus 16");
	TAP_OK(check("ra3.xlplus", 17, 0) != NULL, "ra3.xlplus 17 refused at create");
	TAP_OK(check("ra3.xlplus", 32, 1) == NULL, "ra3.xlplus 32 after resize (described)");
	TAP_OK(check("ra3.4xlarge", 1, 0) != NULL, "ra3.4xlarge 1 refused");
	TAP_OK(check("ra3.4xlarge", 32, 0) == NULL, "ra3.4xlarge 32");
	TAP_OK(check("ra3.4xlarge", 64, 0) != NULL, "ra3.4xlarge 64 refused at create");
	TAP_OK(check("ra3.4xlarge", 64, 1) == NULL, "ra3.4xlarge 64 described");
	TAP_OK(check("ra3.4xlarge", 65, 1) != NULL, "ra3.4xlarge 65 refused even described");
	TAP_OK(check("ra3.16xlarge", 128, 0) == NULL, "ra3.16xlarge 128");
	TAP_OK(check("ra3.large", 1, 0) == NULL, "ra3.large 1");
	TAP_OK(check("rg.large", 1, 0) == NULL, "rg.large");
	TAP_OK(check("rg.xlarge", 2, 0) == NULL, "rg.xlarge");
	TAP_OK(check("rg.4xlarge", 2, 0) == NULL, "rg.4xlarge");
	TAP_OK(check("rg.12xlarge", 128, 0) == NULL, "rg.12xlarge");

	/* aliases */
	t = rsi_node_type_lookup("ds1.xlarge", 10);
	TAP_OK(t && strcmp(t->canonical, "ds2.xlarge") == 0, "ds1.xlarge means ds2.xlarge");
	t = rsi_node_type_lookup("dw.hs1.8xlarge", 14);
	TAP_OK(t && strcmp(t->canonical, "ds2.8xlarge") == 0, "dw.hs1.8xlarge means ds2.8xlarge");
	t = rsi_node_type_lookup("dw2.large", 9);
	TAP_OK(t && strcmp(t->canonical, "dc1.large") == 0, "dw2.large means dc1.large");
	TAP_OK(check("dw1.8xlarge", 1, 0) != NULL, "alias keeps its range");

	/* unknown */
	TAP_IS_STR(check("dc3.large", 2, 0), "Invalid node type: dc3.large.", "unknown type");
	TAP_IS_STR(check("DC1.LARGE", 2, 0), "Invalid node type: DC1.LARGE.", "case-sensitive");
	TAP_IS_STR(check("", 2, 0), "Invalid node type: .", "empty type");
	TAP_OK(rsi_node_type_lookup("dc1.larg", 8) == NULL, "prefix is not a type");
	TAP_OK(rsi_node_type_lookup("dc1.large", 8) == NULL, "length-delimited");
	TAP_OK(rsi_node_type_lookup(NULL, 0) == NULL, "NULL");

	t = rsi_node_types(&count);
	TAP_OK(count >= 22, "table lists %zu types", count);
	for (i = 0; i < count; i++)
		if (t[i].min_nodes < 1 || t[i].min_nodes > t[i].max_nodes ||
			t[i].max_nodes > t[i].max_resize ||
			rsi_node_type_lookup(t[i].canonical, strlen(t[i].canonical)) == NULL)
			sane = 0;
	TAP_OK(sane, "every entry has sane ranges and a known canonical type");

	/* region -> partition */
	TAP_IS_STR(rsi_region_partition("us-east-1"), "aws", "us-east-1: aws");
	TAP_IS_STR(rsi_region_partition("eu-central-2"), "aws", "eu-central-2: aws");
	TAP_IS_STR(rsi_region_partition("cn-north-1"), "aws-cn", "cn-north-1: aws-cn");
	TAP_IS_STR(rsi_region_partition("us-gov-west-1"), "aws-us-gov", "us-gov-west-1: aws-us-gov");
	TAP_IS_STR(rsi_region_partition("us-iso-east-1"), "aws-iso", "us-iso-east-1: aws-iso");
	TAP_IS_STR(rsi_region_partition("us-isob-east-1"), "aws-iso-b", "us-isob-east-1: aws-iso-b");
	TAP_IS_STR(rsi_region_partition("us-isof-south-1"), "aws-iso-f", "us-isof-south-1: aws-iso-f");
	TAP_IS_STR(rsi_region_partition("eu-isoe-west-1"), "aws-iso-e", "eu-isoe-west-1: aws-iso-e");
	TAP_IS_STR(rsi_region_partition("eusc-de-east-1"), "aws-eusc", "eusc-de-east-1: aws-eusc");
	TAP_IS_STR(rsi_region_partition("us-west-2"), "aws", "us-west-2 is not us-iso");
	TAP_IS_STR(rsi_region_partition(NULL), "aws", "NULL: aws");

	/* cluster ARNs, as check_command and --cluster take them */
	{
		rsi_cluster_arn a;
		const char *ok_arn = "arn:aws:redshift:eu-west-1:111122223333:cluster:prod-eu";
		const char *cn_arn = "arn:aws-cn:redshift:cn-north-1:111122223333:cluster:c1";

		TAP_OK(rsi_cluster_arn_split(ok_arn, strlen(ok_arn), &a) == NULL &&
			   strcmp(a.region, "eu-west-1") == 0 && strcmp(a.account, "111122223333") == 0 &&
			   strcmp(a.identifier, "prod-eu") == 0, "a cluster ARN splits into region, account, identifier");
		TAP_OK(rsi_cluster_arn_split(cn_arn, strlen(cn_arn), &a) == NULL && strcmp(a.region, "cn-north-1") == 0,
			   "a cluster ARN of aws-cn");
		TAP_IS_STR(rsi_cluster_arn_split("arn:aws:redshift:cn-north-1:111122223333:cluster:c1", 51, &a),
				   "the partition of the ARN is not the partition of its region", "partition and region must agree");
		TAP_IS_STR(rsi_cluster_arn_split("arn:aws:redshift:eu-west-1:111122223333:namespace:x", 51, &a),
				   "a cluster ARN looks like arn:aws:redshift:us-east-1:123456789012:cluster:my-cluster",
				   "a namespace ARN is not a cluster ARN");
		TAP_IS_STR(rsi_cluster_arn_split("arn:aws:redshift:eu-west-1:11112222333:cluster:c1", 49, &a),
				   "the account of the ARN is not a 12-digit account ID", "an 11-digit account");
		TAP_IS_STR(rsi_cluster_arn_split("arn:aws:redshift:eu-west-1:111122223333:cluster:C1", 50, &a),
				   "the last part of the ARN is not a cluster identifier", "an identifier with a capital");
		TAP_IS_STR(rsi_cluster_arn_split("arn:aws:redshift:eu-west-1:111122223333:cluster:a:b", 51, &a),
				   "the last part of the ARN is not a cluster identifier", "a colon in the identifier");
	}

	/* availability zones to regions */
	{
		char		buf[40];

		TAP_IS_STR(rsi_az_region("eu-west-1a", buf, sizeof(buf)), "eu-west-1", "eu-west-1a is in eu-west-1");
		TAP_IS_STR(rsi_az_region("us-gov-west-1b", buf, sizeof(buf)), "us-gov-west-1", "us-gov-west-1b");
		TAP_OK(rsi_az_region("eu-west-1", buf, sizeof(buf)) == NULL, "a region is not a zone");
		TAP_OK(rsi_az_region("use1-az1", buf, sizeof(buf)) == NULL, "a zone ID names no region");
		TAP_OK(rsi_az_region("a", buf, sizeof(buf)) == NULL, "one letter");
	}

	/* ClusterType and NumberOfNodes (CreateCluster) */
	TAP_OK(layout("dc2.large", NULL, -999) == NULL && strcmp(lay.cluster_type, "single-node") == 0 && lay.nodes == 1,
		   "no ClusterType, no NumberOfNodes: single-node, 1 node");
	TAP_OK(layout("dc2.large", NULL, 1) == NULL && strcmp(lay.cluster_type, "single-node") == 0,
		   "no ClusterType, 1 node: single-node");
	TAP_OK(layout("dc2.large", NULL, 4) == NULL && strcmp(lay.cluster_type, "multi-node") == 0 && lay.nodes == 4,
		   "no ClusterType, 4 nodes: multi-node");
	TAP_OK(layout("dc2.large", "single-node", -999) == NULL && lay.nodes == 1, "single-node without a count");
	TAP_OK(layout("dc2.large", "single-node", 1) == NULL && lay.nodes == 1, "single-node with 1");
	TAP_IS_STR(layout("dc2.large", "single-node", 2),
			   "Number of nodes must be 1 or not be supplied for cluster type single-node.", "single-node with 2");
	TAP_IS_STR(lay.code, "InvalidParameterValue", "single-node with 2: InvalidParameterValue");
	TAP_IS_STR(layout("dc2.large", NULL, 0),
			   "Number of nodes must be 1 or not be supplied for cluster type single-node.", "no ClusterType, 0 nodes");
	TAP_IS_STR(layout("dc2.large", "multi-node", -999),
			   "Number of nodes for cluster type multi-node must be greater than or equal to 2.",
			   "multi-node without a count");
	TAP_IS_STR(layout("dc2.large", "multi-node", 1),
			   "Number of nodes for cluster type multi-node must be greater than or equal to 2.", "multi-node with 1");
	TAP_IS_STR(lay.code, "InvalidParameterValue", "multi-node with 1: InvalidParameterValue");
	TAP_OK(layout("dc2.large", "multi-node", 2) == NULL && lay.nodes == 2, "multi-node with 2");
	TAP_OK(layout("dc2.large", "multi-node", 32) == NULL, "dc2.large multi-node 32");
	TAP_IS_STR(layout("dc2.large", "multi-node", 33),
			   "The operation would exceed the number of nodes allowed for a cluster: "
			   "a dc2.large cluster is created with at most 32 nodes; the request asks for 33.", "dc2.large 33");
	TAP_IS_STR(lay.code, "NumberOfNodesPerClusterLimitExceeded", "dc2.large 33: NumberOfNodesPerClusterLimitExceeded");
	TAP_OK(layout("ra3.xlplus", NULL, 16) == NULL, "ra3.xlplus 16 at create");
	TAP_OK(layout("ra3.xlplus", NULL, 17) != NULL && strcmp(lay.code, "NumberOfNodesPerClusterLimitExceeded") == 0,
		   "ra3.xlplus 17 at create: over the limit");
	TAP_IS_STR(layout("ra3.4xlarge", NULL, -999),
			   "Node type ra3.4xlarge does not support cluster type single-node: a cluster of that node type has 2 to 32 nodes.",
			   "ra3.4xlarge single-node");
	TAP_IS_STR(lay.code, "InvalidParameterCombination", "ra3.4xlarge single-node: InvalidParameterCombination");
	TAP_OK(layout("ra3.4xlarge", "multi-node", 2) == NULL, "ra3.4xlarge multi-node 2");
	TAP_OK(layout("ra3.16xlarge", NULL, 128) == NULL && lay.nodes == 128, "ra3.16xlarge 128");
	TAP_OK(layout("ra3.16xlarge", NULL, 129) != NULL, "ra3.16xlarge 129");
	TAP_IS_STR(layout("dc2.large", "Multi-Node", 2),
			   "Invalid cluster type. Cluster type can be one of multi-node or single-node.", "ClusterType is case-sensitive");
	TAP_IS_STR(lay.code, "InvalidParameterValue", "bad ClusterType: InvalidParameterValue");
	TAP_IS_STR(layout("dc2.large", "", 2),
			   "Invalid cluster type. Cluster type can be one of multi-node or single-node.", "empty ClusterType");
	TAP_IS_STR(layout("dc3.large", NULL, 2), "Invalid node type: dc3.large.", "unknown node type");
	TAP_IS_STR(lay.code, "InvalidParameterValue", "unknown node type: InvalidParameterValue");
	TAP_OK(layout("dc2.large", "multi-node", -5) != NULL, "multi-node with a negative count");

	/* snapshot identifiers (DeleteCluster's FinalClusterSnapshotIdentifier) */
	{
		char		long_id[257];

		TAP_OK(rsi_snapshot_identifier_check("final-1", 7) == NULL, "final-1");
		TAP_OK(rsi_snapshot_identifier_check("Final2", 6) == NULL, "capitals are allowed");
		TAP_OK(rsi_snapshot_identifier_check("a", 1) == NULL, "one letter");
		TAP_IS_STR(rsi_snapshot_identifier_check("", 0), "the identifier is empty", "empty");
		TAP_IS_STR(rsi_snapshot_identifier_check("1final", 6), "the identifier must start with a letter", "digit first");
		TAP_IS_STR(rsi_snapshot_identifier_check("fin--al", 7),
				   "the identifier cannot contain two consecutive hyphens", "two hyphens");
		TAP_IS_STR(rsi_snapshot_identifier_check("final-", 6), "the identifier cannot end with a hyphen", "trailing hyphen");
		TAP_IS_STR(rsi_snapshot_identifier_check("my_snapshot", 11),
				   "the identifier may contain only letters, digits and hyphens", "underscore");
		memset(long_id, 'a', sizeof(long_id));
		TAP_OK(rsi_snapshot_identifier_check(long_id, 255) == NULL, "255 characters");
		TAP_IS_STR(rsi_snapshot_identifier_check(long_id, 256), "the identifier is longer than 255 characters",
				   "256 characters");
	}

	return tap_done();
}
