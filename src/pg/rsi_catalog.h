/*
 * rsi_catalog.h — the cluster catalog's helpers shared by the glue: AWS
 * CLI-style errors and the caller's account.  Checks read the catalog in
 * check_ctx.c (rsi_pg_catalog_read, pg_util.h).
 */
#ifndef RSI_PG_CATALOG_H
#define RSI_PG_CATALOG_H

#include "postgres.h"

/*
 * Raise an error in the AWS CLI's form:
 *   An error occurred (<code>) when calling the <operation> operation: <text>
 * with the given SQLSTATE (ERRCODE_*), and a HINT when hint is not NULL.
 */
extern void rsi_pg_aws_error(int sqlerrcode, const char *code, const char *operation,
							 const char *hint, const char *fmt,...)
			pg_attribute_printf(5, 6) pg_attribute_noreturn();

/*
 * Raise InvalidParameterValue (22023) unless s[0..n) is a valid cluster
 * identifier; the message quotes a bounded excerpt.  hide_stmt keeps the
 * calling statement out of the server log.
 */
extern void rsi_pg_check_cluster_identifier(const char *s, size_t n, const char *op,
											bool hide_stmt);

/* The account the caller acts in (authz.c maps principals). */
extern const char *rsi_authz_caller_account(void);

#endif							/* RSI_PG_CATALOG_H */
