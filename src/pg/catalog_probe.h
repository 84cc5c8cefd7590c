/*
 * catalog_probe.h — the catalog rows a check needs, read by primary key
 * without the executor.
 *
 * check_command used to read the cluster, the association, the ASSUMEROLE
 * default and the caller's principal mapping through SPI: each read started
 * an executor, which cost more than everything else a check does.  These
 * probes open the table and an index (the primary key; for the cluster and
 * the association the hash indexes catalog_clusters_check and
 * catalog_cluster_iam_roles_check, else the identifier's btree and the
 * primary key) and fetch the one row under the active snapshot, which is the snapshot SPI would have used
 * (read-only SPI runs with the active snapshot), so what a check sees is
 * unchanged under every isolation level, in a transaction that wrote the
 * catalog itself, and on a hot standby.  The probes keep the tables' and
 * indexes' OIDs (dropped on any relcache invalidation of them); the rows
 * they read go through the backend cache of check_cache.h, which decides
 * when a row may be answered from memory.
 *
 * Every probe returns false when the table or its index cannot be found (a
 * catalog from another version of the extension); the caller then reads
 * through SPI as before.
 */
#ifndef RSI_PG_CATALOG_PROBE_H
#define RSI_PG_CATALOG_PROBE_H

#include "postgres.h"

/* A cluster row, its status already the effective one (by the real clock). */
typedef struct rsi_probe_cluster
{
	bool		found;
	char	   *status;
	char	   *default_role;
	char	   *availability;
	char	   *account_id;
	char	   *region;
} rsi_probe_cluster;

extern bool rsi_probe_cluster_row(const char *account, const char *region,
								  const char *identifier, rsi_probe_cluster *out);

/*
 * The effective apply_status of one association ("adding", "in-sync",
 * "removing"; NULL when there is none or it is gone) and, for adding, the
 * seconds until it is in-sync (-1 when not known: ready_at is infinite).
 */
extern bool rsi_probe_association(const char *account, const char *region,
								  const char *identifier, const char *role_arn,
								  char **status, double *seconds_left);

/*
 * The row (PUBLIC, ALL, ALL) of catalog_assumerole_grants: *exists, and
 * *granted when it exists.
 */
extern bool rsi_probe_public_all(bool *exists, bool *granted);

/* catalog_principals by role OID: *arn and *mapped_as (NULL when not mapped). */
extern bool rsi_probe_principal(Oid roleid, char **arn, char **mapped_as);

/*
 * The IAM snapshot's state: whether catalog_iam_roles holds a row, and when
 * it does, catalog_iam_version.version (else -1) and the transaction that
 * wrote that row (its xmin): a version number alone comes back after a
 * rollback or a new CREATE EXTENSION, the pair does not.
 */
extern bool rsi_probe_iam_state(int64 *version, TransactionId *writer, bool *present);

/*
 * Are the Serverless tables (catalog_namespaces, catalog_workgroups) empty
 * for every snapshot (no block)?  Then a check need not look for a
 * namespace.
 */
extern bool rsi_probe_serverless_unused(bool *unused);

/*
 * The status rules of the catalog (20_catalog.sql, _effective_apply_status
 * and _effective_cluster_status) for readers that do not run SQL; the
 * pgTAP test 40_check_probe.sql proves they answer as the SQL rules do.
 * now is the real clock (clock_timestamp()).
 */
extern const char *rsi_effective_apply_status(const char *state, TimestampTz ready_at,
											  TimestampTz now);
extern const char *rsi_effective_cluster_status(const char *status, TimestampTz ready_at,
												TimestampTz now);

#endif							/* RSI_PG_CATALOG_PROBE_H */
