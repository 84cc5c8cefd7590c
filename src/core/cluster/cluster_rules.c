/*
 * cluster_rules.c — node types and their node counts (see cluster_rules.h).
 *
 * Sources: current types from botocore's NodeType enumeration;
 * ranges from the Amazon Redshift Management Guide's node type table
 * (https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html, 2023):
 * ra3.xlplus 1 (single-node) or 2-16, resize to 32; ra3.4xlarge 2-32,
 * resize to 64; ra3.16xlarge 2-128; dc2.large 1-32; dc2.8xlarge 2-128;
 * legacy ds2.xlarge 1-32, ds2.8xlarge 2-128, dc1.large 1-32,
 * dc1.8xlarge 2-128.  Old names (ds1.*, dw.hs1.*, dw1.*, dw2.*) mean the
 * types they were renamed to.
 *
 * Decided (no 2023 source): ra3.large as ra3.xlplus (1-16, resize 32); the
 * Graviton rg.* types as their ra3 counterparts: rg.large and rg.xlarge as
 * ra3.xlplus, rg.4xlarge as ra3.4xlarge, rg.12xlarge as ra3.16xlarge.
 */
#include "cluster/cluster_rules.h"

#include <stdio.h>
#include <string.h>

static const rsi_node_type_info node_types[] = {
	/* current */
	{"dc2.large", "dc2.large", 1, 32, 32, 0},
	{"dc2.8xlarge", "dc2.8xlarge", 2, 128, 128, 0},
	{"ra3.large", "ra3.large", 1, 16, 32, 0},
	{"ra3.xlplus", "ra3.xlplus", 1, 16, 32, 0},
	{"ra3.4xlarge", "ra3.4xlarge", 2, 32, 64, 0},
	{"ra3.16xlarge", "ra3.16xlarge", 2, 128, 128, 0},
	{"rg.large", "rg.large", 1, 16, 32, 0},
	{"rg.xlarge", "rg.xlarge", 1, 16, 32, 0},
	{"rg.4xlarge", "rg.4xlarge", 2, 32, 64, 0},
	{"rg.12xlarge", "rg.12xlarge", 2, 128, 128, 0},
	/* legacy */
	{"ds2.xlarge", "ds2.xlarge", 1, 32, 32, 1},
	{"ds2.8xlarge", "ds2.8xlarge", 2, 128, 128, 1},
	{"dc1.large", "dc1.large", 1, 32, 32, 1},
	{"dc1.8xlarge", "dc1.8xlarge", 2, 128, 128, 1},
	/* old names of legacy types */
	{"ds1.xlarge", "ds2.xlarge", 1, 32, 32, 1},
	{"ds1.8xlarge", "ds2.8xlarge", 2, 128, 128, 1},
	{"dw.hs1.xlarge", "ds2.xlarge", 1, 32, 32, 1},
	{"dw.hs1.8xlarge", "ds2.8xlarge", 2, 128, 128, 1},
	{"dw1.xlarge", "ds2.xlarge", 1, 32, 32, 1},
	{"dw1.8xlarge", "ds2.8xlarge", 2, 128, 128, 1},
	{"dw2.large", "dc1.large", 1, 32, 32, 1},
	{"dw2.8xlarge", "dc1.8xlarge", 2, 128, 128, 1},
};

#define N_NODE_TYPES (sizeof(node_types) / sizeof(node_types[0]))

const rsi_node_type_info *
rsi_node_type_lookup(const char *s, size_t n)
{
	size_t		i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < N_NODE_TYPES; i++)
		if (strlen(node_types[i].name) == n && memcmp(node_types[i].name, s, n) == 0)
			return &node_types[i];
	return NULL;
}

const rsi_node_type_info *
rsi_node_types(size_t *count)
{
	*count = N_NODE_TYPES;
	return node_types;
}

/* Copy s[0..n) into a bounded, printable form for a message. */
static void
quote_value(const char *s, size_t n, char *out, size_t outlen)
{
	size_t		i,
				k = 0;

	for (i = 0; i < n && k + 4 < outlen; i++)
		out[k++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (i < n && k + 3 < outlen)
	{
		out[k++] = '.';
		out[k++] = '.';
		out[k++] = '.';
	}
	out[k] = '\0';
}

const char *
rsi_node_count_check(const char *type, size_t type_len, long nodes,
					 int described, char *buf, size_t buflen)
{
	const rsi_node_type_info *t = rsi_node_type_lookup(type, type_len);
	int			max;

	if (t == NULL)
	{
		char		shown[80];

		quote_value(type ? type : "", type ? type_len : 0, shown, sizeof(shown));
		snprintf(buf, buflen, "Invalid node type: %s.", shown);
		return buf;
	}
	max = described ? t->max_resize : t->max_nodes;
	if (nodes < t->min_nodes || nodes > max)
	{
		snprintf(buf, buflen,
				 "Number of nodes for node type %s must be between %d and %d.",
				 t->name, t->min_nodes, max);
		return buf;
	}
	return NULL;
}

static const char CT_SINGLE[] = "single-node";
static const char CT_MULTI[] = "multi-node";

static const char *
layout_refuse(rsi_cluster_layout *out, const char *code, char *buf, size_t buflen, const char *msg)
{
	out->code = code;
	snprintf(buf, buflen, "%s", msg);
	return buf;
}

const char *
rsi_cluster_layout_check(const char *type, size_t type_len,
						 const char *cluster_type, size_t cluster_type_len,
						 int have_nodes, long nodes,
						 rsi_cluster_layout *out, char *buf, size_t buflen)
{
	const rsi_node_type_info *t;

	out->cluster_type = NULL;
	out->nodes = 0;
	out->code = NULL;
	if (cluster_type == NULL)
		out->cluster_type = have_nodes && nodes > 1 ? CT_MULTI : CT_SINGLE;
	else if (cluster_type_len == strlen(CT_SINGLE) && memcmp(cluster_type, CT_SINGLE, cluster_type_len) == 0)
		out->cluster_type = CT_SINGLE;
	else if (cluster_type_len == strlen(CT_MULTI) && memcmp(cluster_type, CT_MULTI, cluster_type_len) == 0)
		out->cluster_type = CT_MULTI;
	else
	{
		out->code = "InvalidParameterValue";
		snprintf(buf, buflen, "Invalid cluster type. Cluster type can be one of multi-node or single-node.");
		return buf;
	}
	t = rsi_node_type_lookup(type, type_len);
	if (t == NULL)
	{
		out->code = "InvalidParameterValue";
		return rsi_node_count_check(type, type_len, 1, 0, buf, buflen);
	}
	if (out->cluster_type == CT_SINGLE)
	{
		if (have_nodes && nodes != 1)
			return layout_refuse(out, "InvalidParameterValue", buf, buflen,
								 "Number of nodes must be 1 or not be supplied for cluster type single-node.");
		if (t->min_nodes > 1)
		{
			out->code = "InvalidParameterCombination";
			snprintf(buf, buflen, "Node type %s does not support cluster type single-node: "
					 "a cluster of that node type has %d to %d nodes.",
					 t->name, t->min_nodes, t->max_nodes);
			return buf;
		}
		out->nodes = 1;
		return NULL;
	}
	if (!have_nodes || nodes < 2)
		return layout_refuse(out, "InvalidParameterValue", buf, buflen,
							 "Number of nodes for cluster type multi-node must be greater than or equal to 2.");
	if (nodes > t->max_nodes)
	{
		out->code = "NumberOfNodesPerClusterLimitExceeded";
		snprintf(buf, buflen, "The operation would exceed the number of nodes allowed for a cluster: "
				 "a %s cluster is created with at most %d nodes; the request asks for %ld.",
				 t->name, t->max_nodes, nodes);
		return buf;
	}
	out->nodes = nodes;
	return NULL;
}

const char *
rsi_snapshot_identifier_check(const char *s, size_t n)
{
	size_t		i;

	if (n == 0)
		return "the identifier is empty";
	if (n > 255)
		return "the identifier is longer than 255 characters";
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return "the identifier must start with a letter";
	for (i = 0; i < n; i++)
	{
		char		c = s[i];

		if (c == '-')
		{
			if (i + 1 < n && s[i + 1] == '-')
				return "the identifier cannot contain two consecutive hyphens";
		}
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return "the identifier may contain only letters, digits and hyphens";
	}
	if (s[n - 1] == '-')
		return "the identifier cannot end with a hyphen";
	return NULL;
}

/*
 * Regions by partition prefix (botocore partitions.json).  Longer
 * prefixes first: "us-isob-" and "us-isof-" also start with "us-iso".
 */
static const struct
{
	const char *prefix;
	const char *partition;
}			region_partitions[] = {
	{"cn-", "aws-cn"},
	{"us-gov-", "aws-us-gov"},
	{"us-isob-", "aws-iso-b"},
	{"us-isof-", "aws-iso-f"},
	{"us-iso-", "aws-iso"},
	{"eu-isoe-", "aws-iso-e"},
	{"eusc-", "aws-eusc"},
};

const char *
rsi_region_partition(const char *region)
{
	size_t		i;

	for (i = 0; region && i < sizeof(region_partitions) / sizeof(region_partitions[0]); i++)
		if (strncmp(region, region_partitions[i].prefix, strlen(region_partitions[i].prefix)) == 0)
			return region_partitions[i].partition;
	return "aws";
}

int
rsi_role_arn_in_partition(const char *arn, const rsi_role_arn *parts, const char *partition)
{
	return parts->partition_len == strlen(partition)
		&& strncmp(arn + parts->partition_off, partition, parts->partition_len) == 0;
}

int
rsi_region_max_roles(const char *region, int setting)
{
	static const char *const ten[] = {"us-iso-east-1", "us-iso-west-1", "us-isob-east-1"};
	size_t		i;

	for (i = 0; region && i < sizeof(ten) / sizeof(ten[0]); i++)
		if (strcmp(region, ten[i]) == 0)
			return setting < 10 ? setting : 10;
	return setting;
}

/*
 * States a command cannot outlast: the cluster is going away or broken
 * until someone acts.  Every other state (paused, resuming, modifying,
 * resizing, creating, rebooting, a status this table does not know) passes
 * by itself, so the roles are still worth checking.
 */
rsi_cluster_usability
rsi_cluster_usability_of(const char *status, const char *availability)
{
	if (status == NULL)
		status = "available";
	if (strcmp(status, "deleting") == 0 || strcmp(status, "final-snapshot") == 0 ||
		strncmp(status, "incompatible-", 13) == 0 || strcmp(status, "storage-full") == 0 ||
		strcmp(status, "hardware-failure") == 0 ||
		(availability && strcmp(availability, "Failed") == 0))
		return RSI_CLUSTER_REFUSED;
	/* when present it says whether queries run ("available, prep-for-resize" does) */
	if (availability)
		return strcmp(availability, "Available") == 0 ? RSI_CLUSTER_USABLE : RSI_CLUSTER_NOT_NOW;
	if (strcmp(status, "available") == 0 || strncmp(status, "available,", 10) == 0)
		return RSI_CLUSTER_USABLE;
	return RSI_CLUSTER_NOT_NOW;
}

/* Copy the field s[0..n) into out (size outsz); 0 when it does not fit. */
static int
take_field(const char *s, size_t n, char *out, size_t outsz)
{
	if (n == 0 || n >= outsz)
		return 0;
	memcpy(out, s, n);
	out[n] = '\0';
	return 1;
}

const char *
rsi_cluster_arn_split(const char *s, size_t n, rsi_cluster_arn *out)
{
	static const char bad[] = "a cluster ARN looks like arn:aws:redshift:us-east-1:123456789012:cluster:my-cluster";
	const char *end = s + n;
	const char *f[7];
	size_t		len[7];
	const char *p = s;
	int			i;

	/* seven colon-separated fields: arn, partition, redshift, region, account, cluster, id */
	for (i = 0; i < 7; i++)
	{
		const char *q = i < 6 ? memchr(p, ':', (size_t) (end - p)) : end;

		if (q == NULL)
			return bad;
		f[i] = p;
		len[i] = (size_t) (q - p);
		p = q + 1;
	}
	if (len[0] != 3 || memcmp(f[0], "arn", 3) != 0 || len[2] != 8 || memcmp(f[2], "redshift", 8) != 0 ||
		len[5] != 7 || memcmp(f[5], "cluster", 7) != 0)
		return bad;
	if (!take_field(f[3], len[3], out->region, sizeof(out->region)) ||
		rsi_region_check(f[3], len[3]) != NULL)
		return "the region of the ARN is not a region";
	if (!take_field(f[4], len[4], out->account, sizeof(out->account)) ||
		rsi_account_id_check(f[4], len[4]) != NULL)
		return "the account of the ARN is not a 12-digit account ID";
	if (strlen(rsi_region_partition(out->region)) != len[1] ||
		memcmp(rsi_region_partition(out->region), f[1], len[1]) != 0)
		return "the partition of the ARN is not the partition of its region";
	if (!take_field(f[6], len[6], out->identifier, sizeof(out->identifier)) ||
		rsi_cluster_identifier_check(f[6], len[6]) != NULL)
		return "the last part of the ARN is not a cluster identifier";
	return NULL;
}
