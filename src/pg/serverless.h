/*
 * serverless.h — Redshift Serverless namespaces in a check (serverless.c).
 */
#ifndef RSI_PG_SERVERLESS_H
#define RSI_PG_SERVERLESS_H

#include "check_ctx.h"

/*
 * After the cluster lookup of rsi_pg_check_ctx_init: when name is a
 * namespace or a workgroup (by name or ARN) the caller may see, point ctx
 * at that namespace (its account, region, status, default role).  A name
 * that stands for a cluster and a namespace, or for two namespaces, raises
 * 42P09.  SPI must be connected.
 */
extern void rsi_pg_serverless_resolve(rsi_pg_check_ctx *ctx, const char *name);

/*
 * Is name a namespace or workgroup (by name or ARN) the current role may
 * see?  Connects to SPI itself.
 */
extern bool rsi_pg_serverless_known(const char *name);

/*
 * Run the association lookup of arn on ctx's namespace, leaving in
 * SPI_tuptable the row shape of the cluster lookup: (apply_status text,
 * seconds_left float8 = NULL), no row when not associated.
 */
extern void rsi_pg_namespace_role_read(const rsi_pg_check_ctx *ctx, const char *arn);

#endif							/* RSI_PG_SERVERLESS_H */
