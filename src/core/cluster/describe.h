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
} rsi_described_role;

typedef struct rsi_described_cluster
{
	char	   *identifier;
	char	   *node_type;
	long		number_of_nodes;
	char	   *status;			/* ClusterStatus; "available" when absent */
	char	   *create_time;	/* ClusterCreateTime as written, or NULL */
	char	   *default_role;	/* DefaultIamRoleArn, NULL when none or "" */
	size_t		n_roles;
	rsi_described_role *roles;	/* in document order */
} rsi_described_cluster;

typedef struct rsi_describe_doc
{
	size_t		n_clusters;
	rsi_described_cluster *clusters;
} rsi_describe_doc;

typedef struct rsi_describe_options
{
	const char *account;		/* when set, every role must be in this account */
	int			max_roles;		/* when > 0, the most roles one cluster may hold */
	const char *partition;		/* when set, every role must be in this partition */
	int			bare_array;		/* when set, a bare JSON array of clusters (what
								 * describe-clusters --query 'Clusters[]'
								 * prints) is also a document */
} rsi_describe_options;

/*
 * Read text[0..len).  Returns 0 and fills *doc (free with
 * rsi_describe_free), or -1 with a message naming the element in
 * err[0..errlen) and *doc empty.  All memory is malloc'd.
 */
extern int	rsi_describe_parse(const char *text, size_t len,
							   const rsi_describe_options *opt,
							   rsi_describe_doc *doc, char *err, size_t errlen);

extern void rsi_describe_free(rsi_describe_doc *doc);

/*
 * The clusters as compact JSON text, malloc'd (NULL when out of memory):
 * [{"identifier", "node_type", "number_of_nodes", "status", "create_time",
 *   "default_role", "roles": [{"arn", "status"}]}], with null for absent
 * create_time and default_role.
 */
extern char *rsi_describe_json_text(const rsi_describe_doc *doc);

/* Is s one of the ClusterStatus values the API documents? */
extern int	rsi_cluster_status_is_known(const char *s);

#endif							/* RSI_DESCRIBE_H */
