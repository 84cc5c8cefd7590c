/*
 * catalog_probe.c — see catalog_probe.h.
 *
 * A probe is what the executor does for "SELECT ... WHERE <key> = ...",
 * without planning or executor start-up: open the table and an index
 * (AccessShareLock, as a query would, kept to the end of the transaction),
 * scan the index with equality keys under the active snapshot, copy the
 * columns out of the first visible tuple that has the key.  The key
 * columns are text in the "C" collation (or an OID), so the comparison
 * runs no user code and the caller's privileges do not matter, as with the
 * SPI reads, which ran as the catalog's owner.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/tableam.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_am.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "executor/tuptable.h"
#include "storage/bufmgr.h"

#include "catalog_probe.h"
#include "check_cache.h"

/* the tables probed, each with its primary-key index */
typedef enum probe_table
{
	PT_CLUSTERS,
	PT_ROLES,
	PT_GRANTS,
	PT_PRINCIPALS,
	PT_IAM_VERSION,
	PT_IAM_ROLES,
	PT_NAMESPACES,
	PT_WORKGROUPS,
	PT_COUNT
} probe_table;

static const char *const table_names[PT_COUNT][2] = {
	/* by identifier alone: one text comparison per index entry, not three */
	{"catalog_clusters", "catalog_clusters_identifier_idx"},
	{"catalog_cluster_iam_roles", "catalog_cluster_iam_roles_pkey"},
	{"catalog_assumerole_grants", "catalog_assumerole_grants_pkey"},
	{"catalog_principals", "catalog_principals_pkey"},
	{"catalog_iam_version", "catalog_iam_version_pkey"},
	{"catalog_iam_roles", "catalog_iam_roles_pkey"},
	{"catalog_namespaces", "catalog_namespaces_pkey"},
	{"catalog_workgroups", "catalog_workgroups_pkey"},
};

static Oid	table_oid[PT_COUNT];
static Oid	index_oid[PT_COUNT];
static bool oids_known = false;
static Oid	roles_hash = InvalidOid;	/* catalog_cluster_iam_roles_check, when usable */
static Oid	clusters_hash = InvalidOid; /* catalog_clusters_check, when usable */
static bool callback_registered = false;

/*
 * Column numbers already looked up, by table and name (the callers pass
 * literals); forgotten with the OIDs, on any invalidation of the tables.
 */
#define ATT_MEMO 48
static struct
{
	Oid			rel;
	const char *name;
	AttrNumber	att;
}			att_memo[ATT_MEMO];
static int	att_memo_n = 0;

/*
 * A relcache invalidation of any probed table or index (DROP EXTENSION,
 * ALTER TABLE, REINDEX) or of every relation forgets the OIDs; the next
 * probe looks them up again.
 */
static void
probe_relcache_callback(Datum arg, Oid relid)
{
	int			i;

	if (!oids_known)
		return;
	if (!OidIsValid(relid))
	{
		oids_known = false;
		return;
	}
	for (i = 0; i < PT_COUNT; i++)
		if (relid == table_oid[i] || relid == index_oid[i])
			oids_known = false;
	if (relid == roles_hash || relid == clusters_hash)
		oids_known = false;
}

/*
 * The hash indexes a check reads by first (48_check_cache.sql): one bucket
 * page, where a btree descends three or four levels comparing text at
 * each.  Each is used only when it is a valid hash index of exactly its
 * column or expression on its table; the rows it gives are candidates
 * (another key may share the hash), each compared on its key columns.
 */
#define ROLES_HASH_INDEX "catalog_cluster_iam_roles_check"
#define ROLES_HASH_EXPR "(((cluster_identifier || ' '::text) || iam_role_arn))"
#define CLUSTERS_HASH_INDEX "catalog_clusters_check"
#define CLUSTERS_HASH_EXPR "cluster_identifier"

static Oid
check_index(Oid relid, Oid idx, const char *expr)
{
	HeapTuple	tup;
	bool		ok = false;

	if (!OidIsValid(relid) || !OidIsValid(idx))
		return InvalidOid;
	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(idx));
	if (HeapTupleIsValid(tup))
	{
		Form_pg_index ix = (Form_pg_index) GETSTRUCT(tup);

		ok = ix->indrelid == relid && ix->indnkeyatts == 1 && ix->indnatts == 1 &&
			ix->indisvalid && ix->indisready && ix->indislive &&
			heap_attisnull(tup, Anum_pg_index_indpred, NULL);
		ReleaseSysCache(tup);
	}
	if (ok)
	{
		tup = SearchSysCache1(RELOID, ObjectIdGetDatum(idx));
		ok = HeapTupleIsValid(tup) && ((Form_pg_class) GETSTRUCT(tup))->relam == HASH_AM_OID;
		if (HeapTupleIsValid(tup))
			ReleaseSysCache(tup);
	}
	if (ok)
	{
		char	   *cols = pg_get_indexdef_columns(idx, false);

		ok = strcmp(cols, expr) == 0;
		pfree(cols);
	}
	return ok ? idx : InvalidOid;
}

static bool
resolve(probe_table t, Oid *rel, Oid *idx)
{
	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(probe_relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	if (!oids_known)
	{
		Oid			nsp = get_namespace_oid("redshift_iam", true);
		int			i;

		att_memo_n = 0;			/* a table may have been altered */

		for (i = 0; i < PT_COUNT; i++)
		{
			table_oid[i] = OidIsValid(nsp) ? get_relname_relid(table_names[i][0], nsp) : InvalidOid;
			index_oid[i] = OidIsValid(nsp) ? get_relname_relid(table_names[i][1], nsp) : InvalidOid;
		}
		roles_hash = OidIsValid(nsp) ?
			check_index(table_oid[PT_ROLES], get_relname_relid(ROLES_HASH_INDEX, nsp),
						ROLES_HASH_EXPR) : InvalidOid;
		clusters_hash = OidIsValid(nsp) ?
			check_index(table_oid[PT_CLUSTERS], get_relname_relid(CLUSTERS_HASH_INDEX, nsp),
						CLUSTERS_HASH_EXPR) : InvalidOid;

		oids_known = true;
	}
	*rel = table_oid[t];
	*idx = index_oid[t];
	return OidIsValid(*rel) && OidIsValid(*idx);
}

/* One open scan of a table by its primary key. */
typedef struct probe
{
	Relation	rel;
	Oid			index;
	Relation	irel;
	IndexScanDesc scan;
	TupleTableSlot *slot;
	TupleDesc	desc;
} probe;

/* Open table t; false when it or its primary-key index is not there. */
static bool
probe_open(probe *p, probe_table t)
{
	Oid			relid;

	/* SPI would read with the active snapshot: without one, let it say so */
	if (!ActiveSnapshotSet() || !resolve(t, &relid, &p->index))
		return false;
	p->rel = table_open(relid, AccessShareLock);
	p->desc = RelationGetDescr(p->rel);
	p->scan = NULL;
	p->irel = NULL;
	p->slot = NULL;
	return true;
}

/*
 * Scan the index with nkeys equality keys (heap attribute numbers in
 * keys[].sk_attno, mapped here to the index's columns as
 * systable_beginscan does) under the active snapshot: the one a read-only
 * SPI query would use.  The index is opened as a query would open it; its
 * lock, like the table's, is kept to the end of the transaction, as the
 * executor keeps its own.
 */
static void
probe_scan_cols(probe *p, ScanKey keys, int nkeys, bool index_columns)
{
	int			i,
				j;

	p->irel = index_open(p->index, AccessShareLock);
	for (i = 0; i < nkeys && !index_columns; i++)
	{
		for (j = 0; j < IndexRelationGetNumberOfKeyAttributes(p->irel); j++)
			if (p->irel->rd_index->indkey.values[j] == keys[i].sk_attno)
				break;
		if (j == IndexRelationGetNumberOfKeyAttributes(p->irel))
			elog(ERROR, "internal error: column %d is not in index %s", keys[i].sk_attno,
				 RelationGetRelationName(p->irel));
		keys[i].sk_attno = j + 1;
	}
	p->scan = index_beginscan(p->rel, p->irel, GetActiveSnapshot(), nkeys, 0);
	index_rescan(p->scan, keys, nkeys, NULL, 0);
	p->slot = table_slot_create(p->rel, NULL);
}

static void
probe_scan(probe *p, ScanKey keys, int nkeys)
{
	probe_scan_cols(p, keys, nkeys, false);
}

/* The next visible tuple of the scan, or NULL; valid until the next call. */
static HeapTuple
probe_next(probe *p)
{
	bool		should_free;
	HeapTuple	tup;

	if (!index_getnext_slot(p->scan, ForwardScanDirection, p->slot))
		return NULL;
	tup = ExecFetchSlotHeapTuple(p->slot, false, &should_free);
	Assert(!should_free);
	return tup;
}


static void
probe_end(probe *p)
{
	if (p->scan)
	{
		ExecDropSingleTupleTableSlot(p->slot);
		index_endscan(p->scan);
		index_close(p->irel, NoLock);
	}
	table_close(p->rel, NoLock);
}

/*
 * Is the open table empty for every snapshot?  A table of no blocks holds
 * no tuple: one our snapshot could see was committed before it, and
 * neither VACUUM (which truncates only pages whose tuples no snapshot can
 * see) nor TRUNCATE (which needs a lock that conflicts with ours) can have
 * removed it.  A catalog that never held a row of the table then costs a
 * check no index scan.
 */
static bool
probe_empty(probe *p)
{
	return RelationGetNumberOfBlocks(p->rel) == 0;
}

/* attribute number of a column by name; raises when missing */
static AttrNumber
column(probe *p, const char *name)
{
	int			i;
	Oid			rel = RelationGetRelid(p->rel);

	for (i = 0; i < att_memo_n; i++)
		if (att_memo[i].rel == rel && att_memo[i].name == name)
			return att_memo[i].att;
	for (i = 0; i < p->desc->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(p->desc, i);

		if (!a->attisdropped && strcmp(NameStr(a->attname), name) == 0)
		{
			if (att_memo_n < ATT_MEMO)
			{
				att_memo[att_memo_n].rel = rel;
				att_memo[att_memo_n].name = name;
				att_memo[att_memo_n++].att = a->attnum;
			}
			return a->attnum;
		}
	}
	elog(ERROR, "internal error: column %s of %s is missing", name,
		 RelationGetRelationName(p->rel));
	return InvalidAttrNumber;	/* keep the compiler quiet */
}

/*
 * The column name of tup, the row the scan's slot holds (probe_next): the
 * slot deforms the row only as far as the columns asked for, once.
 */
static Datum
attr(probe *p, HeapTuple tup, const char *name, bool *isnull)
{
	Assert(p->slot != NULL && !TTS_EMPTY(p->slot));
	(void) tup;
	return slot_getattr(p->slot, column(p, name), isnull);
}

static void
text_key(ScanKey k, AttrNumber att, const char *value)
{
	ScanKeyInit(k, att, BTEqualStrategyNumber, F_TEXTEQ, CStringGetTextDatum(value));
	k->sk_collation = C_COLLATION_OID;
}

/* the text column name of tuple tup as a palloc'd string, or NULL */
static char *
text_of(probe *p, HeapTuple tup, const char *name)
{
	bool		isnull;
	Datum		d = attr(p, tup, name, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

/* does the text column name of tup equal value (byte for byte, as "C" compares)? */
static bool
text_is(probe *p, HeapTuple tup, const char *name, const char *value)
{
	bool		isnull;
	Datum		d = attr(p, tup, name, &isnull);
	text	   *t;
	size_t		n = strlen(value);

	if (isnull)
		return false;
	t = DatumGetTextPP(d);
	return VARSIZE_ANY_EXHDR(t) == n && memcmp(VARDATA_ANY(t), value, n) == 0;
}

static Datum
datum_of(probe *p, HeapTuple tup, const char *name, bool *isnull)
{
	return attr(p, tup, name, isnull);
}

/*
 * The cache key of a row: the kind, then each part but the last with its
 * length ("c12:12345678901209:us-east-1name"), so no two keys collide.
 */
static char *
cache_key(char kind, const char *a, const char *b, const char *c, const char *last)
{
	const char *parts[3] = {a, b, c};
	size_t		len[3];
	size_t		n = 1 + strlen(last) + 1;
	char	   *key,
			   *o;
	int			i;

	for (i = 0; i < 3; i++)
	{
		len[i] = parts[i] ? strlen(parts[i]) : 0;
		n += parts[i] ? len[i] + 21 : 0;
	}
	o = key = palloc(n);
	*o++ = kind;
	for (i = 0; i < 3; i++)
	{
		if (parts[i] == NULL)
			continue;
		o += pg_ulltoa_n((uint64) len[i], o);
		*o++ = ':';
		memcpy(o, parts[i], len[i]);
		o += len[i];
	}
	strcpy(o, last);
	return key;
}

const char *
rsi_effective_apply_status(const char *state, TimestampTz ready_at, TimestampTz now)
{
	if (ready_at > now)
		return state;
	if (strcmp(state, "adding") == 0)
		return "in-sync";
	if (strcmp(state, "removing") == 0)
		return NULL;
	return state;
}

const char *
rsi_effective_cluster_status(const char *status, TimestampTz ready_at, TimestampTz now)
{
	if (ready_at > now)
		return status;
	if (strcmp(status, "creating") == 0)
		return "available";
	if (strcmp(status, "deleting") == 0)
		return NULL;			/* gone: the deletion has completed */
	return status;
}

bool
rsi_probe_cluster_row(const char *account, const char *region, const char *identifier,
					  rsi_probe_cluster *out)
{
	ScanKeyData keys[1];
	probe		p;
	HeapTuple	tup;

	char	   *key;
	rsi_cache_row row;
	bool		cacheable = true;

	memset(out, 0, sizeof(*out));
	key = cache_key('c', account, region, NULL, identifier);
	if (rsi_cache_get(key, &row))
	{
		out->found = row.found;
		out->status = row.vals[0];
		out->default_role = row.vals[1];
		out->availability = row.vals[2];
		out->account_id = row.vals[3];
		out->region = row.vals[4];
		return true;
	}
	if (!probe_open(&p, PT_CLUSTERS))
		return false;

	/*
	 * Both indexes hold the identifier alone, so the scan's key is the
	 * identifier and the account and region are compared here: the same
	 * identifier in other accounts or regions is passed over.  The btree's
	 * entries are shorter than the primary key's and each is one
	 * comparison where the primary key's are three, two of them of an
	 * account and a region that nearly every row shares.  The hash index's
	 * are candidates: the identifier is compared too.
	 */
	if (OidIsValid(clusters_hash))
	{
		p.index = clusters_hash;
		ScanKeyInit(&keys[0], column(&p, "cluster_identifier"), HTEqualStrategyNumber, F_TEXTEQ,
					CStringGetTextDatum(identifier));
		keys[0].sk_collation = C_COLLATION_OID;
	}
	else
		text_key(&keys[0], column(&p, "cluster_identifier"), identifier);
	probe_scan(&p, keys, 1);
	while (HeapTupleIsValid(tup = probe_next(&p)))
	{
		if (text_is(&p, tup, "cluster_identifier", identifier) &&
			text_is(&p, tup, "account_id", account) && text_is(&p, tup, "region", region))
			break;
	}
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		TimestampTz ready_at = DatumGetTimestampTz(datum_of(&p, tup, "ready_at", &isnull));
		char	   *status = text_of(&p, tup, "status");

		TimestampTz now = GetCurrentTimestamp();
		const char *effective = rsi_effective_cluster_status(status, ready_at, now);

		/* a status that the clock will change is read every time */
		cacheable = (strcmp(status, "creating") != 0 && strcmp(status, "deleting") != 0) ||
			ready_at <= now;
		if (effective != NULL)
		{
			out->found = true;
			out->status = pstrdup(effective);
			out->default_role = text_of(&p, tup, "default_iam_role_arn");
			out->availability = text_of(&p, tup, "availability_status");
			out->account_id = text_of(&p, tup, "account_id");
			out->region = text_of(&p, tup, "region");
		}
	}
	probe_end(&p);
	if (cacheable)
	{
		memset(&row, 0, sizeof(row));
		row.found = out->found;
		row.vals[0] = out->status;
		row.vals[1] = out->default_role;
		row.vals[2] = out->availability;
		row.vals[3] = out->account_id;
		row.vals[4] = out->region;
		rsi_cache_put(key, &row);
	}
	return true;
}

bool
rsi_probe_association(const char *account, const char *region, const char *identifier,
					  const char *role_arn, char **status, double *seconds_left)
{
	ScanKeyData keys[4];
	probe		p;
	HeapTuple	tup;

	char	   *key;
	rsi_cache_row row;
	bool		cacheable = true;

	*status = NULL;
	*seconds_left = 0;
	key = cache_key('r', account, region, identifier, role_arn);
	if (rsi_cache_get(key, &row))
	{
		*status = row.vals[0];
		*seconds_left = row.num;
		return true;
	}
	if (!probe_open(&p, PT_ROLES))
		return false;
	if (OidIsValid(roles_hash))
	{
		/*
		 * By the hash of "cluster role": the entries of that hash are
		 * candidates (another pair may share it, or the same pair in
		 * another account or region), each compared on the row.
		 */
		size_t		ni = strlen(identifier),
					nr = strlen(role_arn);
		char	   *pair = palloc(ni + 1 + nr + 1);

		/* the indexed expression: cluster_identifier || ' ' || iam_role_arn */
		memcpy(pair, identifier, ni);
		pair[ni] = ' ';
		memcpy(pair + ni + 1, role_arn, nr + 1);

		p.index = roles_hash;
		ScanKeyInit(&keys[0], 1, HTEqualStrategyNumber, F_TEXTEQ, CStringGetTextDatum(pair));
		keys[0].sk_collation = C_COLLATION_OID;
		probe_scan_cols(&p, keys, 1, true);
		while (HeapTupleIsValid(tup = probe_next(&p)))
			if (text_is(&p, tup, "iam_role_arn", role_arn) &&
				text_is(&p, tup, "cluster_identifier", identifier) &&
				text_is(&p, tup, "account_id", account) &&
				text_is(&p, tup, "region", region))
				break;
	}
	else
	{
		/* by primary key */
		text_key(&keys[0], column(&p, "account_id"), account);
		text_key(&keys[1], column(&p, "region"), region);
		text_key(&keys[2], column(&p, "cluster_identifier"), identifier);
		text_key(&keys[3], column(&p, "iam_role_arn"), role_arn);
		probe_scan(&p, keys, 4);
		tup = probe_next(&p);
	}
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		TimestampTz ready_at = DatumGetTimestampTz(datum_of(&p, tup, "ready_at", &isnull));
		char	   *state = text_of(&p, tup, "state");
		TimestampTz now = GetCurrentTimestamp();
		const char *st = rsi_effective_apply_status(state, ready_at, now);

		/* adding and removing end at ready_at: until then, read every time */
		cacheable = strcmp(state, "in-sync") == 0 || ready_at <= now ||
			TIMESTAMP_IS_NOEND(ready_at);

		if (st != NULL)
		{
			*status = pstrdup(st);
			/* adding: seconds until in-sync; not known when ready_at is infinite */
			if (strcmp(st, "adding") == 0)
				*seconds_left = TIMESTAMP_NOT_FINITE(ready_at) ? -1 :
					(double) (ready_at - now) / USECS_PER_SEC;
		}
	}
	probe_end(&p);
	if (cacheable)
	{
		memset(&row, 0, sizeof(row));
		row.found = *status != NULL;
		row.vals[0] = *status;
		row.num = *seconds_left;
		rsi_cache_put(key, &row);
	}
	return true;
}

bool
rsi_probe_public_all(bool *exists, bool *granted)
{
	ScanKeyData keys[3];
	probe		p;
	HeapTuple	tup;

	rsi_cache_row row;

	*exists = false;
	*granted = false;
	if (rsi_cache_get("g", &row))
	{
		*exists = row.found;
		*granted = row.num != 0;
		return true;
	}
	if (!probe_open(&p, PT_GRANTS))
		return false;
	if (probe_empty(&p))
	{
		probe_end(&p);
		memset(&row, 0, sizeof(row));
		rsi_cache_put("g", &row);
		return true;
	}
	ScanKeyInit(&keys[0], column(&p, "grantee"), BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(InvalidOid));
	text_key(&keys[1], column(&p, "iam_roles"), "ALL");
	text_key(&keys[2], column(&p, "command"), "ALL");
	probe_scan(&p, keys, 3);
	tup = probe_next(&p);
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		Datum		g = datum_of(&p, tup, "granted", &isnull);

		*exists = true;
		*granted = !isnull && DatumGetBool(g);
	}
	probe_end(&p);
	memset(&row, 0, sizeof(row));
	row.found = *exists;
	row.num = *granted ? 1 : 0;
	rsi_cache_put("g", &row);
	return true;
}

bool
rsi_probe_principal(Oid roleid, char **arn, char **mapped_as)
{
	ScanKeyData key;
	probe		p;
	HeapTuple	tup;

	char	   *ckey = psprintf("p%u", roleid);
	rsi_cache_row row;

	*arn = NULL;
	*mapped_as = NULL;
	if (rsi_cache_get(ckey, &row))
	{
		*arn = row.vals[0];
		*mapped_as = row.vals[1];
		return true;
	}
	if (!probe_open(&p, PT_PRINCIPALS))
		return false;
	if (probe_empty(&p))
	{
		probe_end(&p);
		memset(&row, 0, sizeof(row));
		rsi_cache_put(ckey, &row);
		return true;
	}
	/* the key, role_oid, is not the table's first column */
	ScanKeyInit(&key, column(&p, "role_oid"), BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(roleid));
	probe_scan(&p, &key, 1);
	tup = probe_next(&p);
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		Datum		n = datum_of(&p, tup, "db_role", &isnull);

		*arn = text_of(&p, tup, "principal_arn");
		*mapped_as = isnull ? NULL : pstrdup(NameStr(*DatumGetName(n)));
	}
	probe_end(&p);
	memset(&row, 0, sizeof(row));
	row.found = *arn != NULL;
	row.vals[0] = *arn;
	row.vals[1] = *mapped_as;
	rsi_cache_put(ckey, &row);
	return true;
}

bool
rsi_probe_iam_state(int64 *version, TransactionId *writer, bool *present)
{
	probe		p;
	HeapTuple	tup;

	rsi_cache_row row;

	*version = -1;
	*writer = InvalidTransactionId;
	*present = false;
	if (rsi_cache_get("i", &row))
	{
		*present = row.found;
		*version = row.num64;
		*writer = (TransactionId) row.num;
		return true;
	}
	/* no role in the snapshot: nothing is evaluated, the version does not matter */
	if (!probe_open(&p, PT_IAM_ROLES))
		return false;
	if (!probe_empty(&p))
	{
		probe_scan(&p, NULL, 0);
		*present = HeapTupleIsValid(probe_next(&p));
	}
	probe_end(&p);
	memset(&row, 0, sizeof(row));
	if (!*present)
	{
		rsi_cache_put("i", &row);
		return true;
	}
	if (!probe_open(&p, PT_IAM_VERSION))
		return false;
	probe_scan(&p, NULL, 0);
	tup = probe_next(&p);
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		Datum		v = datum_of(&p, tup, "version", &isnull);

		*version = isnull ? -1 : DatumGetInt64(v);
		*writer = HeapTupleHeaderGetRawXmin(tup->t_data);
	}
	probe_end(&p);
	/* the row is always there: without it, let the SQL say what is wrong */
	if (!HeapTupleIsValid(tup))
		return false;
	row.found = true;
	row.num64 = *version;
	row.num = *writer;
	rsi_cache_put("i", &row);
	return true;
}

bool
rsi_probe_serverless_unused(bool *unused)
{
	rsi_cache_row row;
	probe		p;
	int			t;

	*unused = false;
	if (rsi_cache_get("s", &row))
	{
		*unused = row.found;
		return true;
	}
	*unused = true;
	for (t = PT_NAMESPACES; t <= PT_WORKGROUPS && *unused; t++)
	{
		if (!probe_open(&p, (probe_table) t))
			return false;
		*unused = probe_empty(&p);
		probe_end(&p);
	}
	/* only the answer "unused" is kept: a write that fills a table drops it */
	if (*unused)
	{
		memset(&row, 0, sizeof(row));
		row.found = true;
		rsi_cache_put("s", &row);
	}
	return true;
}
