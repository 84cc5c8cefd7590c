/*
 * test_cov_cluster_rules.c — the cluster facts the checks use
 * (cluster/cluster_rules.h) and URL decoding (util/urlenc.h): node type
 * names quoted safely in messages, which states refuse a command, cluster
 * ARNs field by field, and percent-decoding of IAM's URL-encoded policy
 * documents.
 *
 * Sources: Amazon Redshift Management Guide, "Clusters and nodes in Amazon
 * Redshift" (https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html);
 * Amazon Redshift API Reference, "Cluster"
 * (https://docs.aws.amazon.com/redshift/latest/APIReference/API_Cluster.html);
 * IAM API Reference, "GetRolePolicy" (the policy document is URL-encoded,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html).
 */
#include <stdio.h>
#include <string.h>

#include "cluster/cluster_rules.h"
#include "util/urlenc.h"
#include "tap.h"

static const char *
arn(const char *s)
{
	static char buf[200];
	rsi_cluster_arn a;
	const char *why = rsi_cluster_arn_split(s, strlen(s), &a);

	if (why)
		return why;
	snprintf(buf, sizeof(buf), "%s|%s|%s", a.region, a.account, a.identifier);
	return buf;
}

static const char *
decode(const char *s, int plus)
{
	static char buf[200];
	long		n = rsi_url_decode(s, strlen(s), buf, plus);

	if (n < 0)
		return "(invalid)";
	if ((size_t) n != strlen(buf))
		return "(length differs)";
	return buf;
}

#define BAD "a cluster ARN looks like arn:aws:redshift:us-east-1:123456789012:cluster:my-cluster"

int
main(void)
{
	char		b[200];
	char		longtype[120];

	/* node type names in messages */
	TAP_IS_STR(rsi_node_count_check("ra3.huge\x01", 9, 2, 0, b, sizeof(b)), "Invalid node type: ra3.huge?.",
			   "a control character in a node type is shown as '?'");
	memset(longtype, 'n', sizeof(longtype) - 1);
	longtype[sizeof(longtype) - 1] = '\0';
	TAP_IS_STR(rsi_node_count_check(longtype, strlen(longtype), 2, 0, b, sizeof(b)),
			   "Invalid node type: nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn....",
			   "a long node type is cut at 76 characters with \"...\"");
	TAP_IS_STR(rsi_node_count_check(NULL, 0, 2, 0, b, sizeof(b)), "Invalid node type: .", "no node type");
	TAP_OK(rsi_node_count_check("ra3.xlplus", 10, 2, 0, b, sizeof(b)) == NULL, "ra3.xlplus with 2 nodes is valid");

	/* states */
	TAP_IS_INT(rsi_cluster_usability_of(NULL, NULL), RSI_CLUSTER_USABLE, "no status: available");
	TAP_IS_INT(rsi_cluster_usability_of("hardware-failure", NULL), RSI_CLUSTER_REFUSED, "hardware-failure refuses");
	TAP_IS_INT(rsi_cluster_usability_of("storage-full", NULL), RSI_CLUSTER_REFUSED, "storage-full refuses");
	TAP_IS_INT(rsi_cluster_usability_of("incompatible-network", NULL), RSI_CLUSTER_REFUSED, "incompatible-* refuses");
	TAP_IS_INT(rsi_cluster_usability_of("available", "Failed"), RSI_CLUSTER_REFUSED, "availability Failed refuses");
	TAP_IS_INT(rsi_cluster_usability_of("available, prep-for-resize", NULL), RSI_CLUSTER_USABLE,
			   "\"available, prep-for-resize\" runs commands");
	TAP_IS_INT(rsi_cluster_usability_of("modifying", "Available"), RSI_CLUSTER_USABLE,
			   "availability Available decides over the status");
	TAP_IS_INT(rsi_cluster_usability_of("available", "Maintenance"), RSI_CLUSTER_NOT_NOW,
			   "availability Maintenance: not now");
	TAP_IS_INT(rsi_cluster_usability_of("paused", NULL), RSI_CLUSTER_NOT_NOW, "paused: not now");

	/* partitions and role limits */
	TAP_IS_STR(rsi_region_partition("us-isof-south-1"), "aws-iso-f", "us-isof- is aws-iso-f");
	TAP_IS_STR(rsi_region_partition("eusc-de-east-1"), "aws-eusc", "eusc- is aws-eusc");
	TAP_IS_STR(rsi_region_partition(NULL), "aws", "no region: aws");
	TAP_IS_INT(rsi_region_max_roles("us-iso-east-1", 50), 10, "an ISO region allows 10 roles");
	TAP_IS_INT(rsi_region_max_roles("us-iso-east-1", 5), 5, "... or fewer when set so");

	/* cluster ARNs */
	TAP_IS_STR(arn("arn:aws:redshift:us-east-1:123456789012:cluster:my-cluster"), "us-east-1|123456789012|my-cluster",
			   "a cluster ARN split");
	TAP_IS_STR(arn("arn:aws-cn:redshift:cn-north-1:123456789012:cluster:c1"), "cn-north-1|123456789012|c1",
			   "a China cluster ARN");
	TAP_IS_STR(arn("arn:aws:redshift:us-east-1:123456789012:cluster"), BAD, "six fields");
	TAP_IS_STR(arn("arx:aws:redshift:us-east-1:123456789012:cluster:c"), BAD, "not arn");
	TAP_IS_STR(arn("arn:aws:redshift-serverless:us-east-1:123456789012:cluster:c"), BAD, "not redshift");
	TAP_IS_STR(arn("arn:aws:redshift:us-east-1:123456789012:namespace:c"), BAD, "not cluster");
	TAP_IS_STR(arn("arn:aws:redshift::123456789012:cluster:c"), "the region of the ARN is not a region", "an empty region");
	TAP_IS_STR(arn("arn:aws:redshift:us-east-1-and-then-some-very-long-name:123456789012:cluster:c"),
			   "the region of the ARN is not a region", "a region longer than its field");
	TAP_IS_STR(arn("arn:aws:redshift:Virginia:123456789012:cluster:c"), "the region of the ARN is not a region", "not a region");
	TAP_IS_STR(arn("arn:aws:redshift:us-east-1:12345678901:cluster:c"),
			   "the account of the ARN is not a 12-digit account ID", "11 digits");
	TAP_IS_STR(arn("arn:aws:redshift:us-east-1:1234567890123:cluster:c"),
			   "the account of the ARN is not a 12-digit account ID", "13 digits");
	TAP_IS_STR(arn("arn:aws-cn:redshift:us-east-1:123456789012:cluster:c"),
			   "the partition of the ARN is not the partition of its region", "aws-cn with a US region");
	TAP_IS_STR(arn("arn:aw:redshift:us-east-1:123456789012:cluster:c"),
			   "the partition of the ARN is not the partition of its region", "a partition shorter than aws");
	TAP_IS_STR(arn("arn:aws:redshift:us-east-1:123456789012:cluster:"),
			   "the last part of the ARN is not a cluster identifier", "no identifier");
	TAP_IS_STR(arn("arn:aws:redshift:us-east-1:123456789012:cluster:My_Cluster"),
			   "the last part of the ARN is not a cluster identifier", "not an identifier");

	/* URL decoding */
	TAP_IS_STR(decode("%7B%22a%22%3A1%7d", 0), "{\"a\":1}", "hex digits in either case");
	TAP_IS_STR(decode("a+b%20c", 1), "a b c", "'+' is a space when asked");
	TAP_IS_STR(decode("a+b", 0), "a+b", "'+' is kept otherwise");
	TAP_IS_STR(decode("%4", 0), "(invalid)", "a cut escape");
	TAP_IS_STR(decode("%G1", 0), "(invalid)", "a bad first digit");
	TAP_IS_STR(decode("%1g", 0), "(invalid)", "a bad second digit");
	TAP_IS_STR(decode("%Fa%aF%09", 0), "\xfa\xaf\t", "every hex range");
	TAP_IS_INT(rsi_url_looks_encoded_json(" \t\r\n%7b%22", 11), 1, "blanks, then %%7b");
	TAP_IS_INT(rsi_url_looks_encoded_json("%7B", 3), 1, "%%7B");
	TAP_IS_INT(rsi_url_looks_encoded_json("%7C", 3), 0, "%%7C is not {");
	TAP_IS_INT(rsi_url_looks_encoded_json("%8B", 3), 0, "%%8B is not {");
	TAP_IS_INT(rsi_url_looks_encoded_json("x7B", 3), 0, "no %%");
	TAP_IS_INT(rsi_url_looks_encoded_json("  %7", 4), 0, "too short after the blanks");
	TAP_IS_INT(rsi_url_looks_encoded_json("{\"a\"", 4), 0, "plain JSON is not encoded");
	return tap_done();
}
