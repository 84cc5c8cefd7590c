/*
 * clusters.h — the clusters the checker knows: describe-clusters files read
 * by the core's one reader (describe.h), Redshift Serverless list-namespaces,
 * get-namespace, list-workgroups and get-workgroup files read by the core's
 * one reader of those (namespace.h), and the target cluster or namespace
 * presented to the core's check rules as an rsi_cluster_view.
 */
#ifndef RSI_CLI_CLUSTERS_H
#define RSI_CLI_CLUSTERS_H

#include <stddef.h>

#include "check/check.h"
#include "cluster/describe.h"
#include "cluster/namespace.h"

typedef struct cli_clusters
{
	rsi_describe_doc *docs;		/* one per --clusters file */
	size_t		ndocs;
	const char **doc_paths;
	const rsi_described_cluster *target;	/* NULL: not in the input */
	const char *target_id;
	rsi_serverless_doc *sdocs;	/* per file: the Serverless documents */
	/* a Serverless target: the namespace (NULL when a workgroup's is not known) */
	int			serverless;
	const rsi_described_namespace *target_ns;
	const rsi_described_workgroup *target_wg;	/* when named by workgroup */
	char		ns_status[72];
} cli_clusters;

/*
 * Read every file; returns 0, or -1 with a message in err (the input is
 * unreadable or malformed; malformed JSON is reported with its line and
 * column).  A file holding a namespaces, namespace, workgroups or workgroup
 * member is Serverless output, any other describe-clusters output.  A
 * cluster, namespace or workgroup listed in two files is an error.
 */
extern int	cli_clusters_load(cli_clusters *cs, const char *const *paths, size_t npaths,
							  const char *account_id, char *err, size_t errlen);

/*
 * Choose the target: the named cluster, namespace or workgroup (by name or,
 * for Serverless, ARN; a name that is none need not exist: the check rules
 * then refuse every command as a missing cluster), or the only cluster or
 * namespace in the input.  Returns -1 with a message in err when none is
 * named and the input holds zero or several, or when the name stands for
 * more than one cluster or namespace.
 */
extern int	cli_clusters_select(cli_clusters *cs, const char *id, char *err, size_t errlen);

/* The target as the check rules see it; default_role applies when the input has none. */
extern void cli_clusters_view(cli_clusters *cs, const char *account_id, const char *region,
							  const char *default_role, rsi_cluster_view *view);

extern void cli_clusters_free(cli_clusters *cs);

#endif							/* RSI_CLI_CLUSTERS_H */
