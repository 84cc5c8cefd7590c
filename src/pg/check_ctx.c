/*
 * check_ctx.c — see check_ctx.h.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "cluster/cluster_rules.h"
#include "parse/command.h"
#include "util/utf8.h"
#include "catalog_probe.h"
#include "check_cache.h"
#include "check_ctx.h"
#include "guc.h"
#include "pg_util.h"
#include "rsi_catalog.h"
#include "rsi_policy.h"
#include "serverless.h"

/* one association of the target cluster, looked up once per call */
typedef struct role_entry
{
	char	   *arn;			/* hash key */
	rsi_assoc_status status;
	double		seconds_left;
	char	   *elsewhere;		/* NULL until asked for */
} role_entry;

/* one ASSUMEROLE question, "COMMAND\nroles\nresolved" */
typedef struct grant_entry
{
	char	   *key;			/* hash key */
	bool		held;
} grant_entry;

/* plans kept for the life of the backend: a check costs no parse analysis */
static SPIPlanPtr plan_cluster;
static SPIPlanPtr plan_cluster_anywhere;
static SPIPlanPtr plan_role;
static SPIPlanPtr plan_elsewhere;
static SPIPlanPtr plan_grant;

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

static HTAB *
str_ptr_table(const char *name, Size entrysize, MemoryContext cxt)
{
	HASHCTL		ctl;

	ctl.keysize = sizeof(char *);
	ctl.entrysize = entrysize;
	ctl.hash = str_ptr_hash;
	ctl.match = str_ptr_match;
	ctl.hcxt = cxt;
	return hash_create(name, 16, &ctl, HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
}

static char *
text_col(int col, MemoryContext cxt)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, col, &isnull);

	return isnull ? NULL : MemoryContextStrdup(cxt, TextDatumGetCString(d));
}

static role_entry *
role_lookup(rsi_pg_check_ctx *ctx, const char *arn)
{
	bool		found;
	role_entry *e;

	/*
	 * The first role of the call is kept beside the table: a single
	 * command names one role, and needs no hash table made for it.
	 */
	if (ctx->role1 != NULL && strcmp(ctx->role1->arn, arn) == 0)
		return ctx->role1;
	if (ctx->role1 == NULL)
	{
		e = MemoryContextAlloc(ctx->cxt, sizeof(role_entry));
		ctx->role1 = e;
		found = false;
	}
	else
	{
		if (ctx->roles == NULL)
			ctx->roles = str_ptr_table("redshift_iam check roles", sizeof(role_entry), ctx->cxt);
		e = hash_search(ctx->roles, &arn, HASH_ENTER, &found);
	}

	if (!found)
	{
		Oid			types[4] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID};
		Datum		values[4];

		e->arn = MemoryContextStrdup(ctx->cxt, arn);
		e->status = RSI_ASSOC_NONE;
		e->seconds_left = 0;
		e->elsewhere = NULL;
		if (!ctx->serverless)
		{
			char	   *st;
			double		left;

			/* by primary key, without the executor (catalog_probe.h) */
			if (rsi_probe_association(ctx->account_id, ctx->region, ctx->cluster, arn,
									  &st, &left))
			{
				if (st && strcmp(st, "in-sync") == 0)
					e->status = RSI_ASSOC_IN_SYNC;
				else if (st && strcmp(st, "adding") == 0)
					e->status = RSI_ASSOC_ADDING;
				else if (st && strcmp(st, "removing") == 0)
					e->status = RSI_ASSOC_REMOVING;
				e->seconds_left = left;
				return e;
			}
		}
		/* the SQL read's parameters, made only when it runs */
		values[0] = CStringGetTextDatum(ctx->account_id);
		values[1] = CStringGetTextDatum(ctx->region);
		values[2] = CStringGetTextDatum(ctx->cluster);
		values[3] = CStringGetTextDatum(arn);
		if (ctx->serverless)
			rsi_pg_namespace_role_read(ctx, arn);
		else
			rsi_pg_catalog_read(&plan_role,
						   "SELECT s.apply_status,"
						   "       CASE WHEN s.apply_status OPERATOR(pg_catalog.=) 'adding'"
						   "             AND pg_catalog.isfinite(r.ready_at) THEN"
						   "         pg_catalog.date_part('epoch', r.ready_at OPERATOR(pg_catalog.-) pg_catalog.clock_timestamp())"
						   "       END"
						   "  FROM redshift_iam.catalog_cluster_iam_roles r"
						   " CROSS JOIN LATERAL (SELECT redshift_iam_internal._effective_apply_status(r.state, r.ready_at)"
						   "                       AS apply_status) s"
						   " WHERE r.account_id OPERATOR(pg_catalog.=) ($1 COLLATE pg_catalog.\"C\")"
						   "   AND r.region OPERATOR(pg_catalog.=) ($2 COLLATE pg_catalog.\"C\")"
						   "   AND r.cluster_identifier OPERATOR(pg_catalog.=) ($3 COLLATE pg_catalog.\"C\")"
						   "   AND r.iam_role_arn OPERATOR(pg_catalog.=) ($4 COLLATE pg_catalog.\"C\")"
						   "   AND s.apply_status IS NOT NULL",
						   4, types,
				 values, "of an association");
		if (SPI_processed == 1)
		{
			char	   *st = text_col(1, CurrentMemoryContext);
			bool		isnull;
			Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull);

			if (st && strcmp(st, "in-sync") == 0)
				e->status = RSI_ASSOC_IN_SYNC;
			else if (st && strcmp(st, "adding") == 0)
				e->status = RSI_ASSOC_ADDING;
			else if (st && strcmp(st, "removing") == 0)
				e->status = RSI_ASSOC_REMOVING;
			if (!isnull)
				e->seconds_left = DatumGetFloat8(d);
			else if (e->status == RSI_ASSOC_ADDING)
				e->seconds_left = -1;	/* observed by an import: not known */
		}
		SPI_freetuptable(SPI_tuptable);
	}
	return e;
}

static rsi_assoc_status
view_role_status(void *vctx, const char *arn, double *seconds_left)
{
	role_entry *e = role_lookup((rsi_pg_check_ctx *) vctx, arn);

	if (seconds_left)
		*seconds_left = e->seconds_left;
	return e->status;
}

static void
view_role_elsewhere(void *vctx, const char *arn, char *buf, size_t bufsz)
{
	rsi_pg_check_ctx *ctx = (rsi_pg_check_ctx *) vctx;
	role_entry *e = role_lookup(ctx, arn);

	if (e->elsewhere == NULL)
	{
		Oid			types[4] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID};
		Datum		values[4];
		char	   *list;

		values[0] = CStringGetTextDatum(ctx->account_id);
		values[1] = CStringGetTextDatum(ctx->region);
		values[2] = CStringGetTextDatum(arn);
		values[3] = CStringGetTextDatum(ctx->cluster);
		rsi_pg_catalog_read(&plan_elsewhere,
						   "SELECT redshift_iam_internal._role_clusters($1, $2, $3, $4)", 4, types,
				 values, "of a role's clusters");
		list = SPI_processed == 1 ? text_col(1, ctx->cxt) : NULL;
		e->elsewhere = list ? list : MemoryContextStrdup(ctx->cxt, "");
		SPI_freetuptable(SPI_tuptable);
	}
	rsi_utf8_snprintf(buf, bufsz, "%s", e->elsewhere);
}

#define CLUSTER_SQL \
	"SELECT redshift_iam_internal._effective_cluster_status(c.status, c.ready_at), c.default_iam_role_arn," \
	"       c.availability_status, c.account_id, c.region" \
	"  FROM redshift_iam.catalog_clusters c"
/* a cluster whose deletion has completed by the clock is not there */
#define CLUSTER_NOT_GONE \
	"   AND redshift_iam_internal._effective_cluster_status(c.status, c.ready_at) IS NOT NULL"

/*
 * The cluster through SPI: by account, region and identifier when primary
 * (then, when it is not there and the cluster was not named by ARN, by
 * identifier alone), else by identifier alone.
 */
static void
cluster_read(rsi_pg_check_ctx *ctx, bool by_arn, bool primary)
{
	Oid			types[3] = {TEXTOID, TEXTOID, TEXTOID};
	Datum		values[3];
	const char *name;

	values[0] = CStringGetTextDatum(ctx->account_id);
	values[1] = CStringGetTextDatum(ctx->region);
	values[2] = CStringGetTextDatum(ctx->cluster);
	SPI_processed = 0;
	if (primary)
		rsi_pg_catalog_read(&plan_cluster, CLUSTER_SQL
							" WHERE c.account_id OPERATOR(pg_catalog.=) ($1 COLLATE pg_catalog.\"C\")"
							"   AND c.region OPERATOR(pg_catalog.=) ($2 COLLATE pg_catalog.\"C\")"
							"   AND c.cluster_identifier OPERATOR(pg_catalog.=) ($3 COLLATE pg_catalog.\"C\")"
							CLUSTER_NOT_GONE,
							3, types,
							values, "of a cluster");
	if (SPI_processed == 0 && !by_arn)
	{
		const char *acct = rsi_authz_explicit_account(ctx->db_role, &name);

		if (primary)
			SPI_freetuptable(SPI_tuptable);
		/* "" stands for "any": an account or region no one set */
		values[0] = CStringGetTextDatum(acct ? acct : "");
		values[1] = CStringGetTextDatum(rsi_guc_is_explicit("redshift_iam.region") ? rsi_guc_region : "");
		rsi_pg_catalog_read(&plan_cluster_anywhere, CLUSTER_SQL
							" WHERE c.cluster_identifier OPERATOR(pg_catalog.=) ($3 COLLATE pg_catalog.\"C\")"
							"   AND ($1 OPERATOR(pg_catalog.=) '' OR c.account_id OPERATOR(pg_catalog.=) ($1 COLLATE pg_catalog.\"C\"))"
							"   AND ($2 OPERATOR(pg_catalog.=) '' OR c.region OPERATOR(pg_catalog.=) ($2 COLLATE pg_catalog.\"C\"))"
							CLUSTER_NOT_GONE
							" LIMIT 2",
							3, types, values, "of a cluster");
		if (SPI_processed != 1)
			SPI_processed = 0;	/* none, or several: not a guess to make */
	}
	if (SPI_processed == 1)
	{
		ctx->status = text_col(1, ctx->cxt);
		ctx->default_role = text_col(2, ctx->cxt);
		ctx->availability = text_col(3, ctx->cxt);
		ctx->account_id = text_col(4, ctx->cxt);
		ctx->region = text_col(5, ctx->cxt);
	}
	SPI_freetuptable(SPI_tuptable);
}

/*
 * The cluster a check is about: by its ARN, or by its identifier in the
 * current account and region; when the identifier is not there and no one
 * set the account or region, the one cluster of that identifier the
 * catalog holds (an import files clusters where their input says).
 */
void
rsi_pg_check_ctx_init(rsi_pg_check_ctx *ctx, const char *cluster_identifier)
{
	rsi_cluster_arn arn;
	bool		by_arn = strncmp(cluster_identifier, "arn:", 4) == 0 &&
		rsi_cluster_arn_split(cluster_identifier, strlen(cluster_identifier), &arn) == NULL;
	rsi_probe_cluster probed;

	memset(ctx, 0, sizeof(*ctx));
	/* may this statement's check read and fill the backend's cache (check_cache.h)? */
	rsi_cache_begin();
	ctx->cxt = CurrentMemoryContext;
	ctx->db_role = GetUserId();
	ctx->account_id = pstrdup(by_arn ? arn.account : rsi_authz_account_of(ctx->db_role, &ctx->principal));
	if (by_arn)
		(void) rsi_authz_account_of(ctx->db_role, &ctx->principal);
	ctx->region = pstrdup(by_arn ? arn.region : rsi_guc_region);
	ctx->cluster = pstrdup(by_arn ? arn.identifier : cluster_identifier);
	ctx->db_user = GetUserNameFromId(ctx->db_role, false);
	/* ctx->roles and ctx->grants are made at their first use */

	/*
	 * By primary key, without the executor (catalog_probe.h); through SPI
	 * when the probe cannot run, and for the search by identifier alone.
	 */
	if (!rsi_probe_cluster_row(ctx->account_id, ctx->region, ctx->cluster, &probed))
		cluster_read(ctx, by_arn, true);
	else if (probed.found)
	{
		ctx->status = probed.status;
		ctx->default_role = probed.default_role;
		ctx->availability = probed.availability;
		ctx->account_id = probed.account_id;
		ctx->region = probed.region;
	}
	else if (!by_arn)
		cluster_read(ctx, by_arn, false);
	ctx->cluster_arn = psprintf("arn:%s:redshift:%s:%s:cluster:%s",
								rsi_region_partition(ctx->region),
								ctx->region, ctx->account_id, ctx->cluster);
	rsi_pg_serverless_resolve(ctx, cluster_identifier);

	ctx->view.found = ctx->status != NULL;
	ctx->view.identifier = ctx->cluster;
	ctx->view.account_id = ctx->account_id;
	ctx->view.region = ctx->region;
	ctx->view.status = ctx->status ? ctx->status : "";
	ctx->view.default_role = ctx->default_role;
	ctx->view.availability = ctx->availability;
	ctx->view.role_status = view_role_status;
	ctx->view.role_elsewhere = ctx->serverless ? NULL : view_role_elsewhere;
	ctx->view.ctx = ctx;
	ctx->view.serverless = ctx->serverless;
	ctx->view.workgroup = ctx->workgroup;
	ctx->opt.db_user = ctx->db_user;
	switch (rsi_guc_access_keys)
	{
		case RSI_KEYS_ALLOW:
			ctx->opt.keys_mode = RSI_KEYS_MODE_ALLOW;
			break;
		case RSI_KEYS_TEMPORARY:
			ctx->opt.keys_mode = RSI_KEYS_MODE_TEMPORARY;
			break;
		case RSI_KEYS_DENY:
			ctx->opt.keys_mode = RSI_KEYS_MODE_DENY;
			break;
		default:
			ctx->opt.keys_mode = RSI_KEYS_MODE_WARN;
			break;
	}
}

char *
rsi_pg_check_roles_text(const rsi_command *cmd)
{
	StringInfoData s;
	size_t		i;

	if (cmd->auth == RSI_AUTH_IAM_ROLE_DEFAULT)
		return pstrdup("default");
	initStringInfo(&s);
	for (i = 0; i < cmd->nroles; i++)
	{
		if (i > 0)
			appendStringInfoChar(&s, ',');
		appendStringInfoString(&s, cmd->roles[i]);
	}
	return s.data;
}

/* The ASSUMEROLE command type of a command, or NULL when not subject to it. */
static const char *
assumerole_command(const rsi_command *cmd)
{
	if (cmd->auth != RSI_AUTH_IAM_ROLE && cmd->auth != RSI_AUTH_CREDENTIALS_ROLE &&
		cmd->auth != RSI_AUTH_IAM_ROLE_DEFAULT)
		return NULL;
	return rsi_cmd_assumerole_type(cmd->kind);
}

/*
 * The one ASSUMEROLE rule.  PUBLIC holds ALL for ALL unless the row
 * (PUBLIC, ALL, ALL) exists: granted = false records its revocation (one
 * primary-key lookup, the common case ends there); otherwise a granted row
 * for the roles as written (or the resolved default role, or ALL) and the
 * command (or ALL), to PUBLIC or to a role db_role is a member of that
 * still has the name it was granted under (a dropped grantee's reused OID
 * inherits nothing).  The view redshift_iam.assumerole_grants shows the
 * same for people.
 */
#define ASSUMEROLE_HELD_SQL \
	"SELECT NOT EXISTS (SELECT 1 FROM redshift_iam.catalog_assumerole_grants g" \
	"                    WHERE g.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.regrole" \
	"                      AND g.iam_roles OPERATOR(pg_catalog.=) 'ALL'" \
	"                      AND g.command OPERATOR(pg_catalog.=) 'ALL')" \
	"    OR EXISTS (SELECT 1 FROM redshift_iam.catalog_assumerole_grants g" \
	"                WHERE g.granted" \
	"                  AND g.command OPERATOR(pg_catalog.=) ANY (ARRAY['ALL', $4]::pg_catalog.text[])" \
	"                  AND g.iam_roles OPERATOR(pg_catalog.=) ANY (ARRAY['ALL', $2, $3]::pg_catalog.text[])" \
	"                  AND (g.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.regrole" \
	"                       OR (EXISTS (SELECT 1 FROM pg_catalog.pg_roles r" \
	"                                    WHERE r.oid OPERATOR(pg_catalog.=) g.grantee::pg_catalog.oid" \
	"                                      AND r.rolname OPERATOR(pg_catalog.=) g.grantee_name)" \
	"                           AND pg_catalog.pg_has_role($1, g.grantee::pg_catalog.oid, 'MEMBER'))))"

bool
rsi_pg_assumerole_held(Oid db_role, const char *roles, const char *resolved, const char *command)
{
	Oid			types[4] = {OIDOID, TEXTOID, TEXTOID, TEXTOID};
	Datum		values[4];
	bool		isnull;
	bool		held;

	bool		exists,
				granted;

	/* a superuser always holds it (Redshift's GRANT usage notes) */
	if (superuser_arg(db_role))
		return true;

	/*
	 * The common case by primary key, without the executor: no row
	 * (PUBLIC, ALL, ALL), or that row granted, is the query's answer.
	 */
	if (rsi_probe_public_all(&exists, &granted) && (!exists || granted))
		return true;
	values[0] = ObjectIdGetDatum(db_role);
	values[1] = CStringGetTextDatum(roles);
	values[2] = CStringGetTextDatum(resolved);
	values[3] = CStringGetTextDatum(command);
	rsi_pg_catalog_read(&plan_grant, ASSUMEROLE_HELD_SQL, 4, types, values, "of ASSUMEROLE");
	held = SPI_processed == 1 &&
		DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)) &&
		!isnull;
	SPI_freetuptable(SPI_tuptable);
	return held;
}

static bool
assumerole_held(rsi_pg_check_ctx *ctx, const char *command, const char *roles, const char *resolved)
{
	char	   *key;
	bool		found;
	grant_entry *e;
	bool		exists,
				granted;

	/*
	 * The common answer first, without a memo: PUBLIC holds ALL for ALL
	 * (rsi_pg_assumerole_held's first rule, a cached read).
	 */
	if (rsi_probe_public_all(&exists, &granted) && (!exists || granted))
		return true;
	key = psprintf("%s\n%s\n%s", command, roles, resolved);

	if (ctx->grants == NULL)
		ctx->grants = str_ptr_table("redshift_iam check grants", sizeof(grant_entry), ctx->cxt);
	e = hash_search(ctx->grants, &key, HASH_ENTER, &found);

	if (!found)
	{
		e->key = MemoryContextStrdup(ctx->cxt, key);
		e->held = rsi_pg_assumerole_held(ctx->db_role, roles, resolved, command);
	}
	pfree(key);
	return e->held;
}

/*
 * Redshift checks the database privilege before it asks AWS for the role,
 * so a missing ASSUMEROLE is reported ahead of an association problem; a
 * missing cluster or a malformed value comes first.
 */
static void
check_assumerole(rsi_pg_check_ctx *ctx, const rsi_command *cmd, rsi_verdict *v)
{
	const char *command = assumerole_command(cmd);
	char	   *roles;
	const char *resolved;
	char	   *hint;

	if (command == NULL || !ctx->view.found || cmd->nproblems > 0 ||
		rsi_cluster_usability_of(ctx->view.status, ctx->view.availability) == RSI_CLUSTER_REFUSED)
		return;
	/* a role in a template placeholder is not known: templated-value says so */
	if (cmd->templated[RSI_TPL_ROLE].present || cmd->templated[RSI_TPL_CLAUSE].present ||
		cmd->templated[RSI_TPL_KEYS].present)
		return;
	roles = rsi_pg_check_roles_text(cmd);
	resolved = cmd->auth == RSI_AUTH_IAM_ROLE_DEFAULT ?
		(ctx->default_role ? ctx->default_role : "default") : roles;
	if (assumerole_held(ctx, command, roles, resolved))
		return;
	v->allowed = 0;
	v->warning = 0;
	v->sqlstate = "42501";
	v->rule = "no-assumerole";
	v->resolved_role = cmd->auth == RSI_AUTH_IAM_ROLE_DEFAULT ? ctx->default_role : cmd->roles[0];
	rsi_utf8_snprintf(v->message, sizeof(v->message),
					  "user %s does not have ASSUMEROLE permission on IAM role \"%s\" for %s",
					  ctx->db_user, resolved, command);
	rsi_utf8_snprintf(v->detail, sizeof(v->detail),
					  "Database role %s holds no ASSUMEROLE grant on %s (or ALL) for %s (or ALL), directly, through a role it is a member of, or through PUBLIC.",
					  ctx->db_user, roles, command);
	/* SQL to paste: values as literals, and no SQL at all rather than SQL cut short */
	hint = psprintf("A superuser can grant it: SELECT redshift_iam.grant_assumerole(%s, %s, %s);",
					quote_literal_cstr(roles), quote_literal_cstr(ctx->db_user),
					quote_literal_cstr(psprintf("{%s}", command)));
	if (strlen(hint) < sizeof(v->hint))
		strlcpy(v->hint, hint, sizeof(v->hint));
	else
		strlcpy(v->hint, "A superuser can grant it with redshift_iam.grant_assumerole().",
				sizeof(v->hint));
}

/*
 * E'\xff' in the command decodes to bytes that are not UTF-8; such a role
 * is never valid (a problem refuses it), but it is shown in messages and
 * rows, which must be valid text.
 */
static void
sanitize_roles(rsi_command *cmd)
{
	size_t		i;

	for (i = 0; i < cmd->nroles; i++)
	{
		size_t		n = strlen(cmd->roles[i]);

		if (rsi_utf8_valid_prefix(cmd->roles[i], n) != n)
		{
			char	   *out = palloc(rsi_utf8_sanitize(cmd->roles[i], n, NULL) + 1);

			rsi_utf8_sanitize(cmd->roles[i], n, out);
			cmd->roles[i] = out;
		}
	}
}

void
rsi_pg_check_statement(rsi_pg_check_ctx *ctx, const char *buf, size_t len,
					   rsi_pg_check_result *res)
{
	rsi_parse_options popt;
	rsi_parse_error err;

	memset(res, 0, sizeof(*res));
	res->text = buf;
	res->text_len = len;
	rsi_pg_parse_options(&popt);
	popt.lexed = ctx->lexed;
	res->parse_status = rsi_parse_command(buf, len, &popt, rsi_pg_allocator(), &res->cmd, &err);
	switch (res->parse_status)
	{
		case RSI_PARSE_NOMEM:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory while parsing a command")));
			break;
		case RSI_PARSE_SYNTAX:
			rsi_line_col(buf, len, err.off, &res->err_line, &res->err_col);
			res->err_off = err.off;
			res->v.allowed = 0;
			res->v.sqlstate = "42601";
			res->v.rule = "syntax-error";
			rsi_utf8_snprintf(res->v.message, sizeof(res->v.message), "%s", err.message);
			break;
		case RSI_PARSE_OTHER:
		case RSI_PARSE_EMPTY:
			res->cmd.kind = RSI_CMD_OTHER;
			res->v.allowed = 1;
			res->v.sqlstate = "00000";
			res->v.rule = "not-checked";
			rsi_line_col(buf, len, err.off, &res->err_line, &res->err_col);
			res->err_off = err.off;
			rsi_utf8_snprintf(res->v.message, sizeof(res->v.message), "%s", err.message);
			break;
		case RSI_PARSE_OK:
			sanitize_roles(&res->cmd);
			rsi_check_command(&res->cmd, &ctx->view, &ctx->opt, &res->v);
			check_assumerole(ctx, &res->cmd, &res->v);
			rsi_pg_check_iam(ctx, res);
			break;
	}
}

int
rsi_pg_sqlstate_code(const char *s)
{
	if (s == NULL || strlen(s) != 5)
		return ERRCODE_INTERNAL_ERROR;
	return MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
}
