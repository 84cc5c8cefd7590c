/*
 * db.h — the endpoint's one libpq connection: access keys and calls of
 * the extension's SQL functions as a key's IAM user.
 */
#ifndef RSI_EP_DB_H
#define RSI_EP_DB_H

#include "actions.h"
#include "awserr.h"

typedef struct ep_db ep_db;

/* Connect (conninfo NULL or "": libpq's environment); region NULL: the database's redshift_iam.region. */
extern ep_db *ep_db_open(const char *conninfo, const char *region);
extern void ep_db_close(ep_db *db);

/* The region requests must be scoped to (the connection's redshift_iam.region). */
extern const char *ep_db_region(ep_db *db);

/*
 * The secret of an active access key: 1 and a malloc'd *secret; 0 when the
 * key does not exist or is inactive; -1 with *err set when the database
 * cannot answer.
 */
extern int	ep_db_key_secret(ep_db *db, const char *key_id, char **secret, ep_error *err);

/*
 * Run call in one transaction acting as the key's IAM user
 * (redshift_iam.caller_access_key, transaction-local): 0 and the JSON
 * result (malloc'd) in *json, or -1 with *err set.
 */
extern int	ep_db_run(ep_db *db, const char *key_id, const ep_call *call, char **json, ep_error *err);

#endif							/* RSI_EP_DB_H */
