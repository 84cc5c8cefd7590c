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
 *   - the trigger is on every table and enabled ALWAYS (an older catalog,
 *     or a trigger someone disabled, turns the cache off).
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

/*
 * The cluster map: every row of catalog_clusters, read in one pass of the
 * table once a backend has probed enough different clusters, so that on a
 * catalog of many clusters a check does not descend the cluster index
 * each time.  Same rules as the cache above (it is emptied with it, used
 * and filled under the same conditions); a row whose status the clock
 * will change is marked and probed every time.  At most
 * RSI_CLUSTER_MAP_BYTES of memory per backend: a larger table is not
 * loaded (until the next flush), and its clusters are probed.
 */
#define RSI_CLUSTER_MAP_BYTES (48 * 1024 * 1024)

/* The answer for a cluster key (found or not); false: probe it. */
extern bool rsi_cache_cluster_get(const char *key, rsi_cache_row *row);

/* After a probe: should the caller load the whole table now? */
extern bool rsi_cache_cluster_load_wanted(void);

/* A load: start, add every row (false: stop, too large), end. */
extern void rsi_cache_cluster_load_start(long nrows);
extern bool rsi_cache_cluster_load_add(const char *key, const rsi_cache_row *row,
									   bool cacheable);
extern void rsi_cache_cluster_load_end(bool complete);

#endif							/* RSI_PG_CHECK_CACHE_H */
