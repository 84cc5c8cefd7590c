/*
 * cluster_rules.h — node types and node counts for CreateCluster.
 *
 * Pure C11, shared by the extension and the command-line checker.  One
 * table in cluster_rules.c holds every current and legacy node type with
 * the node counts allowed when a cluster is created and the largest count
 * reachable by elastic resize (which a described cluster may show).
 */
#ifndef RSI_CLUSTER_RULES_H
#define RSI_CLUSTER_RULES_H

#include <stddef.h>

#include "check/validate.h"

typedef struct rsi_node_type_info
{
	const char *name;			/* as accepted by the API, e.g. "ds1.xlarge" */
	const char *canonical;		/* the type it means, e.g. "ds2.xlarge" */
	int			min_nodes;		/* at create time */
	int			max_nodes;		/* at create time */
	int			max_resize;		/* largest count after elastic resize */
	int			legacy;			/* no longer offered for new clusters */
} rsi_node_type_info;

/* The entry for a node type name (exact, case-sensitive), or NULL. */
extern const rsi_node_type_info *rsi_node_type_lookup(const char *s, size_t n);

/*
 * Check a node type and count.  Returns NULL when valid; otherwise writes a
 * sentence ("Invalid node type: x." / "Number of nodes for node type
 * dc1.large must be between 1 and 32.") into buf and returns buf.
 * described != 0 allows counts up to max_resize (clusters read from
 * describe-clusters output may have been resized).
 */
extern const char *rsi_node_count_check(const char *type, size_t type_len, long nodes,
										int described, char *buf, size_t buflen);

/*
 * ClusterType and NumberOfNodes of a CreateCluster request, as the API
 * Reference's CreateCluster page states them
 * (https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html):
 * single-node has one node and NumberOfNodes 1 or none; multi-node needs
 * NumberOfNodes of at least 2; without ClusterType the count decides (more
 * than one node is multi-node, else single-node).  The node type's range
 * (rsi_node_type_info) bounds both.
 */
typedef struct rsi_cluster_layout
{
	const char *cluster_type;	/* "single-node" or "multi-node", as given
								 * or inferred; NULL when ClusterType is not
								 * one of them */
	long		nodes;			/* the cluster's node count when valid */
	const char *code;			/* AWS's error code when refused, else NULL */
} rsi_cluster_layout;

/*
 * Check a node type, a ClusterType (NULL when absent) and a NumberOfNodes
 * (have_nodes 0 when absent).  Returns NULL when valid; otherwise writes
 * AWS's sentence into buf, sets out->code (InvalidParameterValue,
 * InvalidParameterCombination or NumberOfNodesPerClusterLimitExceeded)
 * and returns buf.
 */
extern const char *rsi_cluster_layout_check(const char *type, size_t type_len,
											const char *cluster_type, size_t cluster_type_len,
											int have_nodes, long nodes,
											rsi_cluster_layout *out, char *buf, size_t buflen);

/*
 * A snapshot identifier (FinalClusterSnapshotIdentifier of DeleteCluster):
 * 1 to 255 letters, digits and hyphens, a letter first, no trailing
 * hyphen and no two hyphens in a row.  Returns NULL, or why s is not one.
 */
extern const char *rsi_snapshot_identifier_check(const char *s, size_t n);

/* Every entry, for listing; *count receives the number of entries. */
extern const rsi_node_type_info *rsi_node_types(size_t *count);

/*
 * The partition a region belongs to ("aws", "aws-cn", "aws-us-gov", ...;
 * botocore partitions.json): the partition of the region's cluster ARNs, and the only one whose
 * IAM roles its clusters can use (access is not delegated across
 * partitions).
 */
extern const char *rsi_region_partition(const char *region);

/* Is the role ARN arn, as split by rsi_role_arn_check, in that partition? */
extern int	rsi_role_arn_in_partition(const char *arn, const rsi_role_arn *parts,
									  const char *partition);

/*
 * The most IAM roles one cluster of the region may hold: 10 in the
 * regions the quota table of "Quotas and limits in Amazon Redshift"
 * (https://docs.aws.amazon.com/redshift/latest/mgmt/amazon-redshift-limits.html)
 * footnotes (us-iso-east-1, us-iso-west-1, us-isob-east-1), else the
 * setting.
 */
extern int	rsi_region_max_roles(const char *region, int setting);

/*
 * What a cluster's state means for a command run now, from ClusterStatus
 * (any text) and ClusterAvailabilityStatus (NULL when absent).
 */
typedef enum rsi_cluster_usability
{
	RSI_CLUSTER_USABLE = 0,		/* runs queries now */
	RSI_CLUSTER_NOT_NOW,		/* paused, resuming, modifying, resizing,
								 * creating, unknown...: the roles are
								 * checked, with a warning */
	RSI_CLUSTER_REFUSED			/* deleting, final-snapshot, incompatible-*,
								 * storage-full, hardware-failure, Failed */
} rsi_cluster_usability;

extern rsi_cluster_usability rsi_cluster_usability_of(const char *status,
													  const char *availability);

/*
 * A cluster ARN, arn:<partition>:redshift:<region>:<account>:cluster:<id>
 * (no ClusterArn member exists; the form is the one IAM policies use),
 * split into its parts.  Returns NULL, or why s is not one.
 */
typedef struct rsi_cluster_arn
{
	char		region[33];
	char		account[13];
	char		identifier[64];
} rsi_cluster_arn;

extern const char *rsi_cluster_arn_split(const char *s, size_t n, rsi_cluster_arn *out);

#endif							/* RSI_CLUSTER_RULES_H */
