/*
 * check_cache.c — see check_cache.h.
 */
#include "postgres.h"

#include "access/table.h"
#include "access/transam.h"
#include "access/xact.h"
#include "access/xlog.h"
#include "catalog/namespace.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_trigger.h"
#include "commands/extension.h"
#include "commands/trigger.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "storage/lock.h"
#include "storage/proc.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "check_cache.h"

#define CACHE_TRIGGER "check_cache_invalidate"
#define CACHE_ROW_TRIGGER "check_cache_invalidate_row"
#define CACHE_MAX_ENTRIES 8192	/* rows per backend; then none is added until a flush */

static const char *const cached_tables[] = {
	"catalog_clusters", "catalog_cluster_iam_roles", "catalog_assumerole_grants",
	"catalog_principals", "catalog_iam_roles", "catalog_iam_version",
	"catalog_namespaces", "catalog_workgroups"
};
#define NTABLES lengthof(cached_tables)

typedef struct cache_entry
{
	char	   *key;			/* hash key (pointer to the string) */
	rsi_cache_row row;
} cache_entry;

static MemoryContext cache_cxt = NULL;
static HTAB *cache = NULL;

/* what the cache was filled under: the newest fill's snapshot */
static bool have_horizon = false;
static TransactionId horizon_xmin;
static TransactionId horizon_xmax;
static TransactionId *horizon_xip;
static uint32 horizon_xcnt;

/* the tables, the extension, and whether every trigger is in place */
static bool setup_known = false;
static bool setup_ok = false;
static Oid	table_oids[NTABLES];
static Oid	extension_oid = InvalidOid;
static bool callbacks_registered = false;

/* the last transaction (by local ID) that wrote a cached table */
static LocalTransactionId writer_lxid = InvalidLocalTransactionId;

/* the tables whose invalidation this (sub)transaction has registered */
static LocalTransactionId announced_lxid = InvalidLocalTransactionId;
static SubTransactionId announced_subxid = InvalidSubTransactionId;
static Oid	announced[16];
static int	announced_n = 0;

/* the check begun by rsi_cache_begin, by transaction and snapshot */
static bool begun_ok = false;
static bool begun_gate = false;
static LocalTransactionId begun_lxid;
static Snapshot begun_snap;
static TransactionId begun_xmin;
static TransactionId begun_xmax;
static CommandId begun_cid;

/* keys are char pointers; hash and compare the strings they point to */
static uint32
str_ptr_hash(const void *key, Size keysize)
{
	const char *s = *(const char *const *) key;

	return string_hash(s, strlen(s) + 1);
}

static int
str_ptr_match(const void *a, const void *b, Size keysize)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static void
cache_flush(void)
{
	cache = NULL;
	have_horizon = false;
	if (cache_cxt != NULL)
		MemoryContextReset(cache_cxt);
}

/*
 * Any invalidation of a cached table (our trigger's, DDL, a dropped
 * extension) or of every relation drops everything, and the tables and
 * triggers are looked up again.  Callbacks run while invalidations are
 * read, possibly in the middle of a check: a check copies what it gets.
 */
static void
relcache_callback(Datum arg, Oid relid)
{
	int			i;

	if (OidIsValid(relid) && setup_known)
	{
		for (i = 0; i < (int) NTABLES; i++)
			if (relid == table_oids[i])
				break;
		if (i == (int) NTABLES)
			return;
	}
	setup_known = false;
	cache_flush();
}

static void
register_callbacks(void)
{
	if (callbacks_registered)
		return;
	CacheRegisterRelcacheCallback(relcache_callback, (Datum) 0);
	callbacks_registered = true;
}

/*
 * Is every cached table there, with the statement trigger enabled ALWAYS
 * and the row trigger (the one logical replication fires) enabled?
 */
static bool
setup_check(void)
{
	Oid			nsp;
	int			i;

	if (setup_known)
		return setup_ok;
	setup_ok = false;
	nsp = get_namespace_oid("redshift_iam", true);
	extension_oid = get_extension_oid("redshift_iam", true);
	if (!OidIsValid(nsp) || !OidIsValid(extension_oid))
	{
		setup_known = true;
		return false;
	}
	for (i = 0; i < (int) NTABLES; i++)
		table_oids[i] = get_relname_relid(cached_tables[i], nsp);
	setup_known = true;			/* the callback may clear it while we look */
	for (i = 0; i < (int) NTABLES; i++)
	{
		Relation	rel;
		bool		found = false;
		bool		found_row = false;
		int			j;

		if (!OidIsValid(table_oids[i]))
			return false;
		rel = table_open(table_oids[i], AccessShareLock);
		if (rel->trigdesc != NULL)
			for (j = 0; j < rel->trigdesc->numtriggers; j++)
			{
				Trigger    *t = &rel->trigdesc->triggers[j];

				if (strcmp(t->tgname, CACHE_TRIGGER) == 0 &&
					t->tgenabled == TRIGGER_FIRES_ALWAYS &&
					TRIGGER_FOR_INSERT(t->tgtype) && TRIGGER_FOR_UPDATE(t->tgtype) &&
					TRIGGER_FOR_DELETE(t->tgtype) && TRIGGER_FOR_TRUNCATE(t->tgtype))
					found = true;
				if (strcmp(t->tgname, CACHE_ROW_TRIGGER) == 0 &&
					(t->tgenabled == TRIGGER_FIRES_ON_REPLICA ||
					 t->tgenabled == TRIGGER_FIRES_ALWAYS) &&
					TRIGGER_FOR_ROW(t->tgtype) && TRIGGER_FOR_BEFORE(t->tgtype) &&
					TRIGGER_FOR_INSERT(t->tgtype) && TRIGGER_FOR_UPDATE(t->tgtype) &&
					TRIGGER_FOR_DELETE(t->tgtype))
					found_row = true;
			}
		table_close(rel, AccessShareLock);
		if (!found || !found_row)
			return false;
	}
	setup_ok = setup_known;
	return setup_ok;
}

/* the lock a writer holds from its first write to after its invalidations are sent */
static void
writer_locktag(LOCKTAG *tag)
{
	SET_LOCKTAG_OBJECT(*tag, MyDatabaseId, ExtensionRelationId, extension_oid, 0);
}

/*
 * Does snapshot s see as completed every transaction that the horizon saw
 * as completed?  Top-level transaction IDs decide: a subtransaction's
 * outcome shows only with its top-level transaction's.
 */
static bool
covers(Snapshot s, TransactionId h_xmin, TransactionId h_xmax,
	   const TransactionId *h_xip, uint32 h_xcnt)
{
	uint32		i,
				j;

	if (TransactionIdPrecedesOrEquals(h_xmax, s->xmin))
		return true;
	if (TransactionIdPrecedes(s->xmax, h_xmax))
		return false;
	for (i = 0; i < s->xcnt; i++)
	{
		TransactionId x = s->xip[i];
		bool		running = false;

		if (!TransactionIdPrecedes(x, h_xmax))
			continue;
		if (TransactionIdPrecedes(x, h_xmin))
			return false;		/* completed for the horizon, running for s */
		for (j = 0; j < h_xcnt && !running; j++)
			running = TransactionIdEquals(x, h_xip[j]);
		if (!running)
			return false;
	}
	return true;
}

void
rsi_cache_begin(void)
{
	LOCKTAG		tag;
	Snapshot	snap;

	begun_ok = false;
	if (RecoveryInProgress() || IsInParallelMode() || !ActiveSnapshotSet())
		return;
	if (writer_lxid == MyProc->lxid)
		return;					/* this transaction wrote a cached table */
	register_callbacks();
	if (!setup_check())
		return;
	writer_locktag(&tag);
	if (LockAcquire(&tag, ShareLock, false, true) == LOCKACQUIRE_NOT_AVAIL)
		return;					/* a writer is in flight */
	LockRelease(&tag, ShareLock, false);
	AcceptInvalidationMessages();
	if (!setup_check())
		return;
	snap = GetActiveSnapshot();
	if (snap->takenDuringRecovery || snap->suboverflowed)
		return;
	begun_gate = !have_horizon ||
		covers(snap, horizon_xmin, horizon_xmax, horizon_xip, horizon_xcnt);
	begun_lxid = MyProc->lxid;
	begun_snap = snap;
	begun_xmin = snap->xmin;
	begun_xmax = snap->xmax;
	begun_cid = snap->curcid;
	begun_ok = true;
}

/* Is the check begun by rsi_cache_begin still the one running? */
static bool
begun(void)
{
	Snapshot	snap;

	if (!begun_ok || MyProc->lxid != begun_lxid || !ActiveSnapshotSet())
		return false;
	snap = GetActiveSnapshot();
	return snap == begun_snap && snap->xmin == begun_xmin && snap->xmax == begun_xmax &&
		snap->curcid == begun_cid && setup_known && setup_ok;
}

bool
rsi_cache_get(const char *key, rsi_cache_row *row)
{
	cache_entry *e;
	int			i;

	if (cache == NULL || !begun() || !begun_gate)
		return false;
	e = hash_search(cache, &key, HASH_FIND, NULL);
	if (e == NULL)
		return false;
	*row = e->row;
	for (i = 0; i < RSI_CACHE_MAXVALS; i++)
		row->vals[i] = e->row.vals[i] ? pstrdup(e->row.vals[i]) : NULL;
	return true;
}

void
rsi_cache_put(const char *key, const rsi_cache_row *row)
{
	Snapshot	snap;
	Snapshot	latest;
	cache_entry *e;
	bool		found;
	int			i;

	if (!begun())
		return;

	/*
	 * Full: admit nothing more until the next invalidation empties it.  A
	 * catalog far larger than the cache, checked at random, would otherwise
	 * pay for rows it drops before it reads them again.
	 */
	if (cache != NULL && hash_get_num_entries(cache) >= CACHE_MAX_ENTRIES)
		return;
	snap = GetActiveSnapshot();

	/*
	 * The row is the latest committed one only if no transaction completed
	 * since the snapshot was taken.
	 */
	latest = GetLatestSnapshot();
	if (!covers(snap, latest->xmin, latest->xmax, latest->xip, latest->xcnt))
		return;
	if (cache_cxt == NULL)
		cache_cxt = AllocSetContextCreate(TopMemoryContext, "redshift_iam check cache",
										  ALLOCSET_DEFAULT_SIZES);
	if (cache == NULL)
	{
		HASHCTL		ctl;

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(char *);
		ctl.entrysize = sizeof(cache_entry);
		ctl.hash = str_ptr_hash;
		ctl.match = str_ptr_match;
		ctl.hcxt = cache_cxt;
		cache = hash_create("redshift_iam check cache", 256, &ctl,
							HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
	}
	/* the horizon: this snapshot, which sees all the earlier fills saw */
	if (!have_horizon || horizon_xcnt < snap->xcnt)
	{
		if (have_horizon)
			pfree(horizon_xip);
		horizon_xip = MemoryContextAlloc(cache_cxt, sizeof(TransactionId) * Max(snap->xcnt, 1));
	}
	memcpy(horizon_xip, snap->xip, sizeof(TransactionId) * snap->xcnt);
	horizon_xcnt = snap->xcnt;
	horizon_xmin = snap->xmin;
	horizon_xmax = snap->xmax;
	have_horizon = true;
	begun_gate = true;

	e = hash_search(cache, &key, HASH_ENTER, &found);
	if (!found)
		e->key = MemoryContextStrdup(cache_cxt, key);
	else
		for (i = 0; i < RSI_CACHE_MAXVALS; i++)
			if (e->row.vals[i])
				pfree(e->row.vals[i]);
	e->row = *row;
	for (i = 0; i < RSI_CACHE_MAXVALS; i++)
		e->row.vals[i] = row->vals[i] ? MemoryContextStrdup(cache_cxt, row->vals[i]) : NULL;
}

/*
 * redshift_iam_internal._check_cache_invalidate(): statement trigger on the
 * cached tables, and BEFORE row trigger for logical replication's apply
 * worker, which fires no statement trigger (the row goes on unchanged).  Every backend drops its cache when this transaction
 * commits (the relcache invalidation of the table), this backend at its
 * next command; the lock tells checks that a writer is in flight until its
 * invalidations are sent (locks are released after them); and this
 * transaction's own checks stop using the cache.
 */
PG_FUNCTION_INFO_V1(rsi_sql_check_cache_invalidate);

Datum
rsi_sql_check_cache_invalidate(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	LOCKTAG		tag;
	Oid			relid;
	int			i;
	Datum		ret = PointerGetDatum(NULL);

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("redshift_iam_internal._check_cache_invalidate() must be called as a trigger")));
	relid = RelationGetRelid(td->tg_relation);
	if (TRIGGER_FIRED_FOR_ROW(td->tg_event))
		ret = PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(td->tg_event) ?
							  td->tg_newtuple : td->tg_trigtuple);

	/*
	 * Once per table and (sub)transaction is enough: a writer that loops
	 * (import_clusters) would otherwise queue one message per statement.  A
	 * subtransaction's messages are dropped when it aborts, so a new one
	 * registers again.
	 */
	if (announced_lxid != MyProc->lxid || announced_subxid != GetCurrentSubTransactionId())
	{
		announced_lxid = MyProc->lxid;
		announced_subxid = GetCurrentSubTransactionId();
		announced_n = 0;
	}
	for (i = 0; i < announced_n; i++)
		if (announced[i] == relid)
			return ret;
	writer_lxid = MyProc->lxid;
	extension_oid = get_extension_oid("redshift_iam", true);
	if (OidIsValid(extension_oid))
	{
		writer_locktag(&tag);
		(void) LockAcquire(&tag, RowExclusiveLock, false, false);
	}
	CacheInvalidateRelcache(td->tg_relation);
	if (announced_n < (int) lengthof(announced))
		announced[announced_n++] = relid;
	return ret;
}
