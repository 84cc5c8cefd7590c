/*
 * describe.h — reading the output of `aws redshift describe-clusters`.
 *
 * The one reader of that document, shared by import_clusters() and the
 * command-line checker.  Accepts {"Clusters": [...]} (extra members such
 * as "Marker" ignored) or a single {"Cluster": {...}} as CreateCluster and
 * ModifyClusterIamRoles print it.  Each role's status may be spelled
 * "ApplyStatus" (the API and the CLI) or "IamRoleApplyStatus" (one page of
 * the management guide).  Members the reader does not use are
 * ignored.  Errors name the element: "Clusters[1].IamRoles[0].ApplyStatus:
 * expected one of in-sync, adding, removing".
 *
 * Does not include jansson.h, so PostgreSQL glue can include it.
 */
#ifndef RSI_DESCRIBE_H
#define RSI_DESCRIBE_H

#include <stddef.h>

typedef struct rsi_described_role
{
	char	   *arn;
	char	   *status;			/* "adding", "in-sync" or "removing" */
	char		account[13];	/* the ARN's account */
	size_t		partition_off,	/* and partition, as rsi_role_arn_check split it */
				partition_len;
} rsi_described_role;

typedef struct rsi_described_cluster
{
	char	   *identifier;
	char	   *node_type;
	long		number_of_nodes;
	char	   *status;			/* ClusterStatus as written (any text);
								 * "available" when absent */
	char	   *availability;	/* ClusterAvailabilityStatus, or NULL */
	char	   *create_time;	/* ClusterCreateTime as written, or NULL */
	char	   *default_role;	/* DefaultIamRoleArn, NULL when none or "" */
	size_t		n_roles;
	rsi_described_role *roles;	/* in document order */

	/*
	 * The cluster's account and region: taken from the input
	 * (ClusterNamespaceArn, AvailabilityZone, the role ARNs), else the
	 * explicit or default ones of the options.  account_from/region_from
	 * name the member they came from ("ClusterNamespaceArn", ...), or are
	 * NULL when the input does not say.
	 */
	char	   *account_id;
	char	   *region;
	const char *account_from;
	const char *region_from;
	char	   *warning;		/* sentences about values this reader does
								 * not know (kept as written), or NULL */
} rsi_described_cluster;

typedef struct rsi_describe_doc
{
	size_t		n_clusters;
	rsi_described_cluster *clusters;
} rsi_describe_doc;

typedef struct rsi_describe_options
{
	const char *account;		/* set explicitly: every cluster must be in it */
	int			max_roles;		/* when > 0, the most roles one cluster may hold */
	const char *partition;		/* when set, every role must be in this partition */
	int			bare_array;		/* when set, a bare JSON array of clusters (what
								 * describe-clusters --query 'Clusters[]'
								 * prints) is also a document */
	const char *region;			/* set explicitly: every cluster must be in it */
	const char *default_account;	/* when neither the input nor account says */
	const char *default_region; /* when neither the input nor region says */
	const char *account_name;	/* what set account, for messages
								 * ("redshift_iam.account_id") */
	const char *region_name;	/* what set region ("redshift_iam.region") */
} rsi_describe_options;

/*
 * Read text[0..len).  Returns 0 and fills *doc (free with
 * rsi_describe_free), or -1 with a message naming the element in
 * err[0..errlen) and *doc empty.  All memory is malloc'd.
 */
extern int	rsi_describe_parse(const char *text, size_t len,
							   const rsi_describe_options *opt,
							   rsi_describe_doc *doc, char *err, size_t errlen);

/*
 * The same reading of a document already parsed by jansson (the server
 * builds the tree from jsonb, which is already parsed; jsonb has no
 * duplicate keys).  root stays the caller's.
 */
struct json_t;
extern int	rsi_describe_read(struct json_t *root, const rsi_describe_options *opt,
							  rsi_describe_doc *doc, char *err, size_t errlen);

extern void rsi_describe_free(rsi_describe_doc *doc);

/*
 * The clusters as compact JSON text, malloc'd (NULL when out of memory):
 * [{"identifier", "node_type", "number_of_nodes", "status", "availability",
 *   "create_time", "default_role", "account_id", "region", "warning",
 *   "roles": [{"arn", "status"}]}], with null for absent availability,
 * create_time, default_role and warning.
 */
extern char *rsi_describe_json_text(const rsi_describe_doc *doc);

/* Is s one of the ClusterStatus values the API documents? */
extern int	rsi_cluster_status_is_known(const char *s);

/* Is s one of the ClusterAvailabilityStatus values the API documents? */
extern int	rsi_cluster_availability_is_known(const char *s);

/*
 * The region of an availability zone ("eu-west-1a" -> "eu-west-1") into
 * buf, or NULL when az does not name one.
 */
extern const char *rsi_az_region(const char *az, char *buf, size_t bufsz);

#endif							/* RSI_DESCRIBE_H */
