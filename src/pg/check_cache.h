/*
 * check_cache.h — a backend's cache of the catalog rows the checks read by
 * primary key (catalog_probe.c): cluster rows, associations, the
 * ASSUMEROLE default row, principal mappings, the IAM snapshot's state,
 * whether the Serverless tables are empty.
 *
 * Exactness.  A statement trigger on each of those tables
 * (check_cache_invalidate, 48_check_cache.sql) invalidates the table's
 * relcache entry, so every backend drops its cache when the writing
 * transaction commits (PostgreSQL's invalidation messages; a hot standby
 * replays them), and takes a lock on the extension that it holds until
 * those messages are sent.  A check uses the cache only when:
 *
 *   - the server is not in recovery (a standby reads by primary key);
 *   - the transaction has not written one of those tables (its own
 *     writes are not yet committed, so they would not be in the cache);
 *   - no writing transaction holds that lock (one that has committed but
 *     not yet sent its invalidations would be visible to the snapshot but
 *     not in the cache), after which pending invalidations are read;
 *   - the check's snapshot sees every transaction that the snapshots the
 *     cache was filled under saw (REPEATABLE READ and SERIALIZABLE keep an
 *     older snapshot; such a check reads the table instead);
 *   - the trigger is on every table and enabled ALWAYS, and so is its row
 *     twin enabled REPLICA (logical replication's apply worker fires row
 *     triggers only); an older catalog, or a trigger someone disabled,
 *     turns the cache off.
 *
 * A row is added only when no transaction has completed since the check's
 * snapshot was taken (then it is the latest committed row, and any later
 * change will send an invalidation), and only when its status cannot
 * change with the clock (a creating cluster or an adding or removing role
 * before its ready_at is read every time).
 */
#ifndef RSI_PG_CHECK_CACHE_H
#define RSI_PG_CHECK_CACHE_H

#include "postgres.h"

#define RSI_CACHE_MAXVALS 5

/* one cached row: found, up to RSI_CACHE_MAXVALS nullable strings, a number */
typedef struct rsi_cache_row
{
	bool		found;
	char	   *vals[RSI_CACHE_MAXVALS];
	double		num;
	int64		num64;
} rsi_cache_row;

/* Start a check: decide whether this statement may use and fill the cache. */
extern void rsi_cache_begin(void);

/* The row cached under key, copied into CurrentMemoryContext; false when none. */
extern bool rsi_cache_get(const char *key, rsi_cache_row *row);

/* Remember row under key, when the rules above allow it. */
extern void rsi_cache_put(const char *key, const rsi_cache_row *row);

#endif							/* RSI_PG_CHECK_CACHE_H */
