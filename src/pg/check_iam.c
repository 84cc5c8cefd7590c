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

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "iam/iam_check.h"
#include "check_ctx.h"
#include "guc.h"
#include "pg_util.h"

#define IAM_PRESENT_SQL \
	"SELECT EXISTS (SELECT 1 FROM redshift_iam.catalog_iam_roles)"
#define IAM_DETAILS_SQL \
	"SELECT redshift_iam_internal.iam_authorization_details($1)::pg_catalog.text"

static SPIPlanPtr plan_present = NULL;
static SPIPlanPtr plan_details = NULL;

typedef struct snap_entry
{
	char	   *key;			/* the role ARNs, '\n'-separated */
	rsi_iam_snapshot *snap;		/* malloc'd by the core; NULL if unusable */
} snap_entry;

struct rsi_pg_iam_cache
{
	int			present;		/* -1 not yet asked, 0 no snapshot, 1 yes */
	HTAB	   *snaps;
	MemoryContextCallback free_cb;
};

/* the core's snapshots are malloc'd: free them when the call's context goes */
static void
free_snapshots(void *arg)
{
	struct rsi_pg_iam_cache *c = arg;
	HASH_SEQ_STATUS st;
	snap_entry *e;

	if (c->snaps == NULL)
		return;
	hash_seq_init(&st, c->snaps);
	while ((e = hash_seq_search(&st)) != NULL)
	{
		rsi_iam_snapshot_free(e->snap);
		e->snap = NULL;
	}
}

static struct rsi_pg_iam_cache *
cache_of(rsi_pg_check_ctx *ctx)
{
	struct rsi_pg_iam_cache *c = ctx->iam;

	if (c == NULL)
	{
		HASHCTL		ctl;

		c = MemoryContextAllocZero(ctx->cxt, sizeof(*c));
		c->present = -1;
		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(char *);
		ctl.entrysize = sizeof(snap_entry);
		ctl.hcxt = ctx->cxt;
		c->snaps = hash_create("redshift_iam IAM snapshots", 16, &ctl,
							   HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
		c->free_cb.func = free_snapshots;
		c->free_cb.arg = c;
		MemoryContextRegisterResetCallback(ctx->cxt, &c->free_cb);
		ctx->iam = c;
	}
	return c;
}

static bool
snapshot_present(struct rsi_pg_iam_cache *c)
{
	bool		isnull;

	if (c->present < 0)
	{
		rsi_pg_catalog_read(&plan_present, IAM_PRESENT_SQL, 0, NULL, NULL, "of the IAM snapshot");
		c->present = SPI_processed == 1 &&
			DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)) &&
			!isnull;
		SPI_freetuptable(SPI_tuptable);
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

static rsi_iam_snapshot *
load_for(rsi_pg_check_ctx *ctx, struct rsi_pg_iam_cache *c, const char *key, List *arns)
{
	bool		found;
	snap_entry *e = hash_search(c->snaps, &key, HASH_ENTER, &found);

	if (!found)
	{
		Oid			types[1] = {TEXTARRAYOID};
		Datum		values[1];
		Datum	   *elems = palloc(sizeof(Datum) * Max(list_length(arns), 1));
		int			n = 0;
		bool		isnull;
		rsi_iam_load_error err;
		ListCell   *lc;

		e->key = MemoryContextStrdup(ctx->cxt, key);
		e->snap = NULL;
		foreach(lc, arns)
			elems[n++] = CStringGetTextDatum((char *) lfirst(lc));
		values[0] = PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
		rsi_pg_catalog_read(&plan_details, IAM_DETAILS_SQL, 1, types, values, "of IAM roles");
		if (SPI_processed == 1)
		{
			Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

			if (!isnull)
			{
				text	   *t = DatumGetTextPP(d);

				e->snap = rsi_iam_snapshot_load(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &err);
				if (e->snap == NULL && err.out_of_memory)
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
				if (e->snap == NULL)
					ereport(WARNING,
							(errcode(ERRCODE_DATA_CORRUPTED),
							 errmsg("the IAM snapshot could not be read, so role trust and permissions are not checked"),
							 errdetail("%s", rsi_pg_valid_text(err.message))));
			}
		}
		SPI_freetuptable(SPI_tuptable);
	}
	return e->snap;
}

void
rsi_pg_check_iam(rsi_pg_check_ctx *ctx, rsi_pg_check_result *res)
{
	struct rsi_pg_iam_cache *c;
	StringInfoData key;
	List	   *arns = NIL;
	rsi_iam_snapshot *snap;
	rsi_iam_options io;
	rsi_iam_result ir;
	char	   *json;

	res->iam_json = NULL;
	if (res->parse_status != RSI_PARSE_OK || !res->v.allowed)
		return;
	if (res->cmd.auth != RSI_AUTH_IAM_ROLE && res->cmd.auth != RSI_AUTH_CREDENTIALS_ROLE &&
		res->cmd.auth != RSI_AUTH_IAM_ROLE_DEFAULT)
		return;
	c = cache_of(ctx);
	if (!snapshot_present(c))
		return;
	initStringInfo(&key);
	command_roles(ctx, &res->cmd, &res->v, &key, &arns);
	if (arns == NIL)
		return;
	snap = load_for(ctx, c, key.data, arns);
	if (snap == NULL)
		return;
	io.refuse_unknown = rsi_guc_unknown_roles == RSI_UNKNOWN_ROLES_REFUSE;
	io.db_user = ctx->db_user;
	if (rsi_iam_check(snap, &res->cmd, &ctx->view, &io, &res->v, &ir) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while evaluating IAM policies")));
	json = ir.evaluated ? rsi_iam_result_json(&ir) : NULL;
	rsi_iam_result_free(&ir);
	if (json != NULL)
	{
		res->iam_json = pstrdup(json);
		free(json);
	}
}
