/*
 * check_iam.c — role trust, role chains and role permissions in
 * check_command and validate_script, from the IAM snapshot in the catalog.
 *
 * After the association and ASSUMEROLE rules pass, the roles a command
 * names are read from the snapshot through one interface,
 * redshift_iam_internal.iam_authorization_details(role_arns text[]), which
 * answers in the shape of `aws iam get-account-authorization-details`
 * restricted to those roles; the core loads it (iam/snapshot.h) and
 * decides (iam/iam_check.h).  Each distinct set of roles is read and
 * loaded once per call and kept until the call ends, so a script naming
 * three chains costs three reads.  With no snapshot imported nothing is
 * evaluated: the verdict is the association check's, as before.
 */
#include "postgres.h"

#include "access/transam.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "iam/iam_check.h"
#include "catalog_probe.h"
#include "check_ctx.h"
#include "check_iam_triggers.h"
#include "guc.h"
#include "pg_util.h"

#define IAM_STATE_SQL \
	"SELECT v.version, EXISTS (SELECT 1 FROM redshift_iam.catalog_iam_roles), v.xmin" \
	"  FROM redshift_iam.catalog_iam_version v"
#define IAM_DETAILS_SQL \
	"SELECT redshift_iam_internal.iam_authorization_details($1)::pg_catalog.text"

/* the most role sets kept per backend; past it the cache starts again */
#define IAM_CACHE_MAX 256

/*
 * The evaluation's memo: at most MEMO_ENTRIES results and MEMO_BYTES of
 * keys, texts and jsonb per backend; past that it starts again.  Inputs
 * longer than MEMO_KEY_MAX (a long statement) are evaluated every time.
 */
#define MEMO_ENTRIES 128
#define MEMO_BYTES (2 * 1024 * 1024)
#define MEMO_KEY_MAX 16384

static SPIPlanPtr plan_state = NULL;
static SPIPlanPtr plan_details = NULL;

/*
 * Per backend: role set -> its loaded snapshot, all read at one version of
 * the IAM snapshot (catalog_iam_version, raised in the transaction of every
 * write to an IAM table) and written by one transaction (the row's xmin).
 * Each call reads both once; when either differs, everything held is
 * dropped and read again as needed.
 */
typedef struct snap_entry
{
	char	   *key;			/* the role ARNs, '\n'-separated */
	rsi_iam_snapshot *snap;		/* malloc'd by the core; NULL if unusable */
} snap_entry;

static HTAB *backend_snaps = NULL;
static MemoryContext backend_cxt = NULL;
static int64 backend_version = -1;
static TransactionId backend_writer = InvalidTransactionId;

/*
 * Evaluations remembered per backend, all at backend_version and emptied
 * with the role sets.  rsi_iam_check is a function of the loaded snapshot,
 * the command (its text and the parse options), the cluster's view, the
 * options and the verdict's resolved role (it reads no clock: aws:CurrentTime
 * is not in the request context), so an evaluation whose key matches byte
 * for byte gives the same steps.  Only evaluations that left the verdict
 * untouched are kept: a refusal is evaluated every time, and its message,
 * detail and hint are built then.  The jsonb of the result is kept beside
 * its text, so a hit neither evaluates, prints nor parses.
 */
typedef struct iam_memo
{
	uint32		hash;
	size_t		keylen;
	char	   *key;
	char	   *json;			/* NULL: nothing was evaluated */
	Jsonb	   *jb;
} iam_memo;

static iam_memo memo[MEMO_ENTRIES];
static int	memo_n = 0;
static size_t memo_bytes = 0;

/* Per call: whether a snapshot is imported (asked once). */
struct rsi_pg_iam_cache
{
	int			present;		/* -1 not yet asked, 0 no snapshot, 1 yes */
};

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
reset_backend_cache(int64 version, TransactionId writer)
{
	HASHCTL		ctl;

	if (backend_snaps != NULL)
	{
		HASH_SEQ_STATUS st;
		snap_entry *e;

		hash_seq_init(&st, backend_snaps);
		while ((e = hash_seq_search(&st)) != NULL)
			rsi_iam_snapshot_free(e->snap);
	}
	backend_snaps = NULL;
	memo_n = 0;
	memo_bytes = 0;
	if (backend_cxt != NULL)
		MemoryContextReset(backend_cxt);
	else
		backend_cxt = AllocSetContextCreate(TopMemoryContext, "redshift_iam IAM snapshots",
											ALLOCSET_DEFAULT_SIZES);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(char *);
	ctl.entrysize = sizeof(snap_entry);
	ctl.hash = str_ptr_hash;
	ctl.match = str_ptr_match;
	ctl.hcxt = backend_cxt;
	backend_snaps = hash_create("redshift_iam IAM snapshots", 16, &ctl,
								HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
	backend_version = version;
	backend_writer = writer;
}

/* Is a snapshot imported?  Reads the version once per call and drops a stale cache. */
static bool
snapshot_present(rsi_pg_check_ctx *ctx)
{
	struct rsi_pg_iam_cache *c = ctx->iam;

	if (c == NULL)
	{
		bool		n1,
					n2,
					n3;
		int64		version;
		TransactionId writer;
		bool		present;

		c = MemoryContextAllocZero(ctx->cxt, sizeof(*c));
		/* two index probes without the executor (catalog_probe.h), else SQL */
		if (!rsi_probe_iam_state(&version, &writer, &present))
		{
			rsi_pg_catalog_read(&plan_state, IAM_STATE_SQL, 0, NULL, NULL, "of the IAM snapshot");
			if (SPI_processed != 1)
				elog(ERROR, "internal lookup of the IAM snapshot's version failed");
			version = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &n1));
			present = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &n2));
			writer = DatumGetTransactionId(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &n3));
			SPI_freetuptable(SPI_tuptable);
		}
		c->present = present ? 1 : 0;
		/*
		 * Without a snapshot nothing is read from the cache: keep it.  The
		 * writer of the version row is compared too: a rolled-back write,
		 * or a CREATE EXTENSION after a DROP, makes a number seen before
		 * come back with other contents.  While a trigger that raises the
		 * version is disabled, a write may raise none.
		 */
		if (present && (backend_snaps == NULL || version != backend_version ||
						!TransactionIdEquals(writer, backend_writer) ||
						!rsi_iam_triggers_ok()))
		{
			/* without every version trigger, kept for this call alone */
			reset_backend_cache(version, rsi_iam_triggers_ok() ? writer : InvalidTransactionId);
		}
		ctx->iam = c;
	}
	return c->present == 1;
}

/* The roles the command's evaluation needs: its chain (or the default role) and CATALOG_ROLE's. */
static void
command_roles(const rsi_pg_check_ctx *ctx, const rsi_command *cmd, const rsi_verdict *v,
			  StringInfo key, List **arns)
{
	size_t		i;
	ListCell   *lc;

	if (cmd->auth == RSI_AUTH_IAM_ROLE_DEFAULT)
	{
		if (v->resolved_role)
			*arns = lappend(*arns, (char *) v->resolved_role);
	}
	else
		for (i = 0; i < cmd->nroles; i++)
			*arns = lappend(*arns, (char *) cmd->roles[i]);
	for (i = 0; i < cmd->ncatalog_roles; i++)
		*arns = lappend(*arns, (char *) cmd->catalog_roles[i]);
	foreach(lc, *arns)
	{
		appendStringInfoString(key, (char *) lfirst(lc));
		appendStringInfoChar(key, '\n');
	}
}

static Datum
arns_array(List *arns)
{
	Datum	   *elems = palloc(sizeof(Datum) * Max(list_length(arns), 1));
	int			n = 0;
	ListCell   *lc;

	foreach(lc, arns)
		elems[n++] = CStringGetTextDatum((char *) lfirst(lc));
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* Read and load the snapshot of arns; NULL when it cannot be used. */
static rsi_iam_snapshot *
read_snapshot(Datum arr)
{
	Oid			types[1] = {TEXTARRAYOID};
	Datum		values[1] = {arr};
	bool		isnull;
	rsi_iam_load_error err;
	rsi_iam_snapshot *snap = NULL;

	rsi_pg_catalog_read(&plan_details, IAM_DETAILS_SQL, 1, types, values, "of IAM roles");
	if (SPI_processed == 1)
	{
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		if (!isnull)
		{
			text	   *t = DatumGetTextPP(d);

			snap = rsi_iam_snapshot_load(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &err);
			if (snap == NULL && err.out_of_memory)
			{
				SPI_freetuptable(SPI_tuptable);
				ereport(ERROR,
						(errcode(ERRCODE_OUT_OF_MEMORY),
						 errmsg("out of memory while loading the IAM snapshot")));
			}

			/*
			 * The writers validate every document, so this does not
			 * happen; if it does, the roles are not evaluated rather
			 * than refused.
			 */
			if (snap == NULL)
				ereport(WARNING,
						(errcode(ERRCODE_DATA_CORRUPTED),
						 errmsg("the IAM snapshot could not be read, so role trust and permissions are not checked"),
						 errdetail("%s", rsi_pg_valid_text(err.message))));
		}
	}
	SPI_freetuptable(SPI_tuptable);
	return snap;
}

static rsi_iam_snapshot *
load_for(const char *key, List *arns)
{
	bool		found;
	snap_entry *e;
	rsi_iam_snapshot *snap;

	e = hash_search(backend_snaps, &key, HASH_FIND, &found);
	if (found)
		return e->snap;
	snap = read_snapshot(arns_array(arns));
	if (hash_get_num_entries(backend_snaps) >= IAM_CACHE_MAX)
		reset_backend_cache(backend_version, backend_writer);
	e = hash_search(backend_snaps, &key, HASH_ENTER, &found);
	e->key = MemoryContextStrdup(backend_cxt, key);
	e->snap = snap;
	return snap;
}

/* a nullable string of the memo's key: tag, then the bytes and their NUL */
static void
key_str(StringInfo k, const char *s)
{
	if (s == NULL)
		appendStringInfoChar(k, 'N');
	else
	{
		appendStringInfoChar(k, 'S');
		appendBinaryStringInfo(k, s, strlen(s) + 1);
	}
}

/* Every input of rsi_iam_check besides the snapshot's loaded roles. */
static void
memo_key(StringInfo k, const rsi_pg_check_ctx *ctx, const rsi_pg_check_result *res,
		 const rsi_iam_snapshot *snap, const rsi_iam_options *io)
{
	rsi_parse_options popt;
	int			ints[5];
	uint64		tlen = res->text_len;

	rsi_pg_parse_options(&popt);
	ints[0] = popt.max_role_chain;
	ints[1] = io->refuse_unknown;
	ints[2] = (int) io->hints;
	ints[3] = ctx->view.serverless;
	ints[4] = ctx->view.found;
	appendBinaryStringInfo(k, (const char *) &snap, sizeof(snap));
	appendBinaryStringInfo(k, (const char *) ints, sizeof(ints));
	key_str(k, io->db_user);
	key_str(k, res->v.resolved_role);
	key_str(k, ctx->view.identifier);
	key_str(k, ctx->view.account_id);
	key_str(k, ctx->view.region);
	key_str(k, ctx->view.status);
	key_str(k, ctx->view.default_role);
	key_str(k, ctx->view.availability);
	key_str(k, ctx->view.workgroup);
	appendBinaryStringInfo(k, (const char *) &tlen, sizeof(tlen));
	appendBinaryStringInfo(k, res->text, (int) res->text_len);
}

static iam_memo *
memo_find(const StringInfo k, uint32 h)
{
	int			i;

	for (i = 0; i < memo_n; i++)
		if (memo[i].hash == h && memo[i].keylen == (size_t) k->len &&
			memcmp(memo[i].key, k->data, k->len) == 0)
			return &memo[i];
	return NULL;
}

static void
memo_add(const StringInfo k, uint32 h, const char *json)
{
	Jsonb	   *jb = json ? rsi_pg_jsonb_of_text(json) : NULL;
	size_t		bytes = k->len + (json ? strlen(json) + 1 + VARSIZE(jb) : 0);
	iam_memo   *m;

	if (bytes > MEMO_BYTES / 8)
		return;
	if (memo_n == MEMO_ENTRIES || memo_bytes + bytes > MEMO_BYTES)
	{
		/* start again; the role sets stay */
		int			i;

		for (i = 0; i < memo_n; i++)
		{
			pfree(memo[i].key);
			if (memo[i].json)
			{
				pfree(memo[i].json);
				pfree(memo[i].jb);
			}
		}
		memo_n = 0;
		memo_bytes = 0;
	}
	m = &memo[memo_n];
	m->hash = h;
	m->keylen = k->len;
	m->key = MemoryContextAlloc(backend_cxt, k->len);
	memcpy(m->key, k->data, k->len);
	m->json = json ? MemoryContextStrdup(backend_cxt, json) : NULL;
	m->jb = NULL;
	if (json)
	{
		m->jb = MemoryContextAlloc(backend_cxt, VARSIZE(jb));
		memcpy(m->jb, jb, VARSIZE(jb));
	}
	memo_bytes += bytes;
	memo_n++;
}

void
rsi_pg_check_iam(rsi_pg_check_ctx *ctx, rsi_pg_check_result *res)
{
	StringInfoData key;
	List	   *arns = NIL;
	rsi_iam_snapshot *snap;
	rsi_iam_options io;
	rsi_iam_result ir;
	char	   *json;
	StringInfoData mk;
	uint32		mh = 0;
	iam_memo   *hit;
	rsi_verdict *before = NULL;

	res->iam_json = NULL;
	res->iam_jb = NULL;
	if (res->parse_status != RSI_PARSE_OK || !res->v.allowed)
		return;
	if (res->cmd.auth != RSI_AUTH_IAM_ROLE && res->cmd.auth != RSI_AUTH_CREDENTIALS_ROLE &&
		res->cmd.auth != RSI_AUTH_IAM_ROLE_DEFAULT)
		return;
	if (!snapshot_present(ctx))
		return;
	initStringInfo(&key);
	command_roles(ctx, &res->cmd, &res->v, &key, &arns);
	if (arns == NIL)
		return;
	snap = load_for(key.data, arns);
	if (snap == NULL)
		return;
	io.refuse_unknown = rsi_guc_unknown_roles == RSI_UNKNOWN_ROLES_REFUSE;
	io.db_user = ctx->db_user;
	io.hints = RSI_HINTS_SQL;
	mk.data = NULL;
	if (res->text != NULL && res->text_len <= MEMO_KEY_MAX)
	{
		initStringInfo(&mk);
		memo_key(&mk, ctx, res, snap, &io);
		mh = hash_bytes((const unsigned char *) mk.data, mk.len);
		hit = memo_find(&mk, mh);
		if (hit != NULL)
		{
			if (hit->json != NULL)
			{
				res->iam_json = pstrdup(hit->json);
				res->iam_jb = palloc(VARSIZE(hit->jb));
				memcpy(res->iam_jb, hit->jb, VARSIZE(hit->jb));
			}
			return;
		}
		before = palloc(sizeof(rsi_verdict));
		memcpy(before, &res->v, sizeof(rsi_verdict));
	}
	if (rsi_iam_check(snap, &res->cmd, &ctx->view, &io, &res->v, &ir) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while evaluating IAM policies")));
	json = ir.evaluated ? rsi_iam_result_json(&ir) : NULL;
	if (ir.evaluated && json == NULL)
		before = NULL;			/* out of memory printing it: not kept */
	rsi_iam_result_free(&ir);
	if (json != NULL)
	{
		/* a location written with E'\xff' escapes may hold bytes that are not UTF-8 */
		res->iam_json = pstrdup(rsi_pg_valid_text(json));
		free(json);
	}
	/* kept only when the verdict is untouched: a refusal is built anew every time */
	if (before != NULL && memcmp(before, &res->v, sizeof(rsi_verdict)) == 0)
		memo_add(&mk, mh, res->iam_json);
}
