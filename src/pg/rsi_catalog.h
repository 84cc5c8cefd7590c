/*
 * rsi_catalog.h — the cluster catalog as seen from C (issue 3).
 *
 * Lookup API for check_command and other readers.  Both functions go
 * through the catalog's one status rule (the SQL functions
 * redshift_iam._effective_apply_status / _effective_cluster_status), never
 * write, and so work on a hot standby.  They run SQL through SPI as the
 * SECURITY DEFINER functions redshift_iam._association_status and
 * redshift_iam._cluster_lookup, so the caller needs no privilege on the
 * catalog tables; results are palloc'd in the caller's memory context.
 */
#ifndef RSI_PG_CATALOG_H
#define RSI_PG_CATALOG_H

#include "postgres.h"

/*
 * The effective ApplyStatus ("adding", "in-sync" or "removing") of one
 * association, or NULL when the role is not associated with that cluster
 * (or its removal has completed).  One primary-key index lookup.
 */
extern char *rsi_catalog_role_status(const char *account_id, const char *region,
									 const char *cluster_identifier,
									 const char *iam_role_arn);

/*
 * Does the cluster exist?  When it does and the pointers are not NULL,
 * *cluster_status gets its effective ClusterStatus ("creating",
 * "available", ...) and *default_role its DefaultIamRoleArn (NULL when
 * none).  One primary-key index lookup.
 */
extern bool rsi_catalog_cluster_lookup(const char *account_id, const char *region,
									   const char *cluster_identifier,
									   char **cluster_status, char **default_role);

/*
 * Raise an error in the AWS CLI's form:
 *   An error occurred (<code>) when calling the <operation> operation: <text>
 * with the given SQLSTATE (ERRCODE_*), and a HINT when hint is not NULL.
 */
extern void rsi_pg_aws_error(int sqlerrcode, const char *code, const char *operation,
							 const char *hint, const char *fmt,...)
			pg_attribute_printf(5, 6) pg_attribute_noreturn();

/* The account the caller acts in (authz.c; issue 5 maps principals). */
extern const char *rsi_authz_caller_account(void);

#endif							/* RSI_PG_CATALOG_H */
