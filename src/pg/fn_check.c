/*
 * fn_check.c — SQL functions check_command(cluster, command) and
 * validate_script(cluster, script).
 *
 * Both set up one check context (one cluster lookup, cached role and
 * ASSUMEROLE lookups), check with the core's rules (check_ctx.c) and log
 * each check (check_log.c).  check_command raises what it finds;
 * validate_script turns every finding into a row and never raises for one.
 * Both run in a command scope (pg_util.h): what they raise never carries
 * the statement that called them.  assert_script walks the script as
 * validate_script does and raises the first refusal, with the counts.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "parse/command_json.h"
#include "lex/script.h"
#include "util/utf8.h"
#include "cluster/cluster_rules.h"
#include "check_ctx.h"
#include "json_push.h"
#include "check/validate.h"
#include "cluster/namespace.h"
#include "pg_util.h"
#include "rsi_catalog.h"
#include "serverless.h"

PG_FUNCTION_INFO_V1(rsi_sql_check_command);
PG_FUNCTION_INFO_V1(rsi_sql_validate_script);
PG_FUNCTION_INFO_V1(rsi_sql_assumerole_held);

/* redshift_iam_internal._assumerole_held(db_role oid, iam_roles text, resolved_role text, command text) */
Datum
rsi_sql_assumerole_held(PG_FUNCTION_ARGS)
{
	char	   *roles = text_to_cstring(PG_GETARG_TEXT_PP(1));
	char	   *resolved = text_to_cstring(PG_GETARG_TEXT_PP(2));
	char	   *command = text_to_cstring(PG_GETARG_TEXT_PP(3));
	Oid			db_role = PG_GETARG_OID(0);
	bool		held;

	/*
	 * The same rule as has_assumerole_privilege, for callers that come here
	 * directly: a user asks about their own privileges only, unless a
	 * superuser.
	 */
	if (db_role != GetUserId() && !superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to read the ASSUMEROLE privileges of another role"),
				 errdetail("Only a superuser can ask about another role's ASSUMEROLE privileges; a user can ask about their own.")));
	SPI_connect();
	held = rsi_pg_assumerole_held(db_role, roles, resolved, command);
	SPI_finish();
	PG_RETURN_BOOL(held);
}

/*
 * redshift_iam_internal._raise_without_statement(sqlstate, message, detail, hint):
 * raise an error as PL/pgSQL's RAISE would, but in a command scope, so
 * that neither the calling statement (CONTEXT) nor the statement the
 * client sent (STATEMENT in the log) goes with it: for PL/pgSQL functions
 * whose arguments may hold command text.  detail and hint may be NULL.
 */
PG_FUNCTION_INFO_V1(rsi_sql_raise_without_statement);

Datum
rsi_sql_raise_without_statement(PG_FUNCTION_ARGS)
{
	rsi_pg_command_scope scope;
	char	   *state = PG_ARGISNULL(0) ? "P0001" : text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *message = PG_ARGISNULL(1) ? "" : text_to_cstring(PG_GETARG_TEXT_PP(1));
	char	   *detail = PG_ARGISNULL(2) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(2));
	char	   *hint = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));
	int			code = rsi_pg_sqlstate_code(state);

	rsi_pg_command_scope_enter(&scope);
	ereport(ERROR,
			(errcode(code == ERRCODE_INTERNAL_ERROR ? ERRCODE_RAISE_EXCEPTION : code),
			 errmsg("%s", message),
			 detail ? errdetail("%s", detail) : 0,
			 hint ? errhint("%s", hint) : 0));
	PG_RETURN_VOID();
}

/*
 * The parse, plus what the check resolved, built as jsonb directly from
 * the parsed command (json_push.h): the check's members win over a parse
 * member of the same name, as when the two objects were concatenated.
 */
static Jsonb *
check_result_json(const rsi_pg_check_ctx *ctx, const rsi_pg_check_result *res,
				  const char *buf, size_t len)
{
	rsi_pg_json_member m[5];
	int			n = 0;

	m[n].key = "cluster_identifier";
	m[n].string = ctx->cluster;
	m[n].jb = NULL;
	m[n++].json = NULL;
	m[n].key = "cluster_arn";
	m[n].string = ctx->cluster_arn;
	m[n].jb = NULL;
	m[n++].json = NULL;
	m[n].key = "resolved_role";
	m[n].string = res->v.resolved_role;
	m[n].jb = NULL;
	m[n++].json = NULL;
	m[n].key = "warning";
	m[n].string = res->v.warning ? rsi_pg_valid_text(res->v.message) : NULL;
	m[n].jb = NULL;
	m[n++].json = NULL;
	/* the IAM evaluation, when a snapshot is imported (check_iam.c); JSON made by the core */
	if (res->iam_json != NULL)
	{
		m[n].key = "iam";
		m[n].string = NULL;
		m[n].jb = res->iam_jb;
		m[n++].json = res->iam_json;
	}
	return rsi_pg_jsonb_command(&res->cmd, buf, len, m, n);
}

/*
 * The cluster identifier is checked before anything else: it is echoed in
 * messages, rows and every log line of the call, so it must be one (at most
 * 63 characters) or the call ends at once with a bounded message.
 */
static char *
cluster_arg(FunctionCallInfo fcinfo, const char *op)
{
	text	   *id = PG_GETARG_TEXT_PP(0);
	rsi_cluster_arn arn;

	char	   *s;

	/* a cluster ARN names the cluster, its account and region */
	if (VARSIZE_ANY_EXHDR(id) > 4 && VARSIZE_ANY_EXHDR(id) < 160 &&
		memcmp(VARDATA_ANY(id), "arn:", 4) == 0 &&
		rsi_cluster_arn_split(VARDATA_ANY(id), VARSIZE_ANY_EXHDR(id), &arn) == NULL)
		return text_to_cstring(id);

	/*
	 * Or a Serverless namespace or workgroup in the catalog, by name or ARN:
	 * a name that is no cluster identifier must be one.
	 */
	if (!rsi_serverless_ref_ok(VARDATA_ANY(id), VARSIZE_ANY_EXHDR(id)))
		rsi_pg_check_cluster_identifier(VARDATA_ANY(id), VARSIZE_ANY_EXHDR(id), op, true);
	s = text_to_cstring(id);
	if (rsi_cluster_identifier_check(s, strlen(s)) != NULL && !rsi_pg_serverless_known(s))
		rsi_pg_check_cluster_identifier(s, strlen(s), op, true);
	return s;
}

Datum
rsi_sql_check_command(PG_FUNCTION_ARGS)
{
	char	   *cluster = cluster_arg(fcinfo, "CheckCommand");
	text	   *t = PG_GETARG_TEXT_PP(1);
	const char *buf = VARDATA_ANY(t);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	MemoryContext outer = CurrentMemoryContext;
	rsi_pg_check_ctx ctx;
	rsi_pg_check_result res;
	Jsonb	   *result;
	rsi_pg_command_scope scope;

	rsi_pg_command_scope_enter(&scope);
	SPI_connect();
	rsi_pg_check_ctx_init(&ctx, cluster);
	rsi_pg_check_statement(&ctx, buf, len, &res);
	if (res.parse_status != RSI_PARSE_OK)
	{
		/* check_command takes one of the six checked commands, as parse_command does */
		rsi_parse_error err;

		res.v.allowed = 0;
		res.v.sqlstate = "42601";
		if (res.parse_status != RSI_PARSE_SYNTAX)
			res.v.rule = "not-a-checked-command";
		rsi_pg_check_log(&ctx, &res, buf, len);
		err.off = res.err_off;
		/* cut between characters: rsi_pg_raise_parse_error checks the rest */
		rsi_utf8_snprintf(err.message, sizeof(err.message), "%s", res.v.message);
		rsi_pg_raise_parse_error(buf, len, &err, res.parse_status);
	}
	rsi_pg_check_log(&ctx, &res, buf, len);
	if (!res.v.allowed)
		ereport(ERROR,
				(errcode(rsi_pg_sqlstate_code(res.v.sqlstate)),
				 errmsg("%s", rsi_pg_valid_text(res.v.message)),
				 res.v.detail[0] ? errdetail("%s", rsi_pg_valid_text(res.v.detail)) : 0,
				 res.v.hint[0] ? errhint("%s", rsi_pg_valid_text(res.v.hint)) : 0));
	if (res.v.warning)
		ereport(WARNING,
				(errcode(ERRCODE_WARNING),
				 errmsg("%s", rsi_pg_valid_text(res.v.message)),
				 res.v.hint[0] ? errhint("%s", rsi_pg_valid_text(res.v.hint)) : 0));
	MemoryContextSwitchTo(outer);
	result = check_result_json(&ctx, &res, buf, len);
	SPI_finish();
	rsi_pg_command_scope_leave(&scope);
	PG_RETURN_JSONB_P(result);
}

static Datum
text_array(const rsi_pg_check_ctx *ctx, const rsi_command *cmd)
{
	Datum	   *elems;
	size_t		i;

	if (cmd->auth == RSI_AUTH_IAM_ROLE_DEFAULT)
	{
		if (ctx->default_role == NULL)
			return (Datum) 0;
		elems = palloc(sizeof(Datum));
		elems[0] = CStringGetTextDatum(ctx->default_role);
		return PointerGetDatum(construct_array(elems, 1, TEXTOID, -1, false, TYPALIGN_INT));
	}
	if (cmd->nroles == 0)
		return (Datum) 0;
	elems = palloc(sizeof(Datum) * cmd->nroles);
	for (i = 0; i < cmd->nroles; i++)
		elems[i] = CStringGetTextDatum(cmd->roles[i]);
	return PointerGetDatum(construct_array(elems, (int) cmd->nroles, TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * One row of validate_script.  line and col are where the CLI points: for
 * a refusal or a warning the offending clause (rsi_verdict_pos), for a
 * syntax error the error, otherwise the statement's first token.
 */
typedef struct vs_row
{
	int			statement;
	int			line;
	int			col;
	const char *kind;
	bool		ok;
	const char *sqlstate;
	char	   *message;		/* NULL when none */
	char	   *detail;
	char	   *hint;
	Datum		roles;			/* (Datum) 0 when NULL */
	char	   *iam;			/* the IAM evaluation as JSON text, or NULL */
} vs_row;

/* Called once per non-empty statement, in a memory context reset after it. */
typedef void (*vs_emit) (const vs_row *row, void *arg);

/* The position of buf[off] in the script, buf starting at (line, col). */
static void
script_pos(const char *buf, size_t len, size_t off, int line, int col, int *l_out, int *c_out)
{
	int			l,
				c;

	rsi_line_col(buf, len, off < len ? off : len, &l, &c);
	*l_out = line + l - 1;
	*c_out = l == 1 ? col + c - 1 : c;
}

/*
 * Check every statement of the script against the cluster, calling emit
 * for each; connects to SPI for the walk.  The caller is in a command scope.
 */
static int
validate_walk(const char *cluster, const char *script, size_t script_len, vs_emit emit, void *arg)
{
	rsi_pg_check_ctx ctx;
	rsi_splitter sp;
	rsi_statement st;
	MemoryContext stmt_cxt;
	int			n = 0;

	SPI_connect();
	rsi_pg_check_ctx_init(&ctx, cluster);
	stmt_cxt = AllocSetContextCreate(CurrentMemoryContext, "redshift_iam statement",
									 ALLOCSET_DEFAULT_SIZES);
	rsi_splitter_init(&sp, script, script_len);
	while (rsi_splitter_next(&sp, &st))
	{
		MemoryContext old = MemoryContextSwitchTo(stmt_cxt);
		const char *buf = script + st.off;
		size_t		len = st.end - st.off;
		rsi_pg_check_result res;
		vs_row		row;

		CHECK_FOR_INTERRUPTS();
		ctx.lexed = st.lexed;	/* the splitter's tokens: lexed once */
		rsi_pg_check_statement(&ctx, buf, len, &res);
		ctx.lexed = NULL;
		if (res.parse_status == RSI_PARSE_EMPTY)
		{
			MemoryContextSwitchTo(old);
			MemoryContextReset(stmt_cxt);
			continue;
		}
		memset(&row, 0, sizeof(row));
		row.statement = ++n;
		row.line = st.line;
		row.col = st.col;
		row.kind = rsi_cmd_kind_name(res.parse_status == RSI_PARSE_OTHER ?
									 RSI_CMD_OTHER : res.cmd.kind);
		row.ok = res.v.allowed;
		row.sqlstate = res.v.warning ? "01000" : res.v.sqlstate;
		if (res.parse_status == RSI_PARSE_SYNTAX)
		{
			script_pos(buf, len, res.err_off, st.line, st.col, &row.line, &row.col);
			row.message = psprintf("syntax error at line %d, column %d: %s",
								   row.line, row.col, rsi_pg_valid_text(res.v.message));
		}
		else if (res.parse_status == RSI_PARSE_OK && (!res.v.allowed || res.v.warning))
		{
			script_pos(buf, len, rsi_verdict_pos(&res.cmd, &res.v), st.line, st.col,
					   &row.line, &row.col);
			row.message = rsi_pg_valid_text(res.v.message);
			if (res.v.detail[0])
				row.detail = rsi_pg_valid_text(res.v.detail);
			if (res.v.hint[0])
				row.hint = rsi_pg_valid_text(res.v.hint);
		}
		row.roles = res.parse_status == RSI_PARSE_OK ? text_array(&ctx, &res.cmd) : (Datum) 0;
		row.iam = res.iam_json;
		if (res.parse_status != RSI_PARSE_OTHER)
			rsi_pg_check_log(&ctx, &res, buf, len);
		emit(&row, arg);
		MemoryContextSwitchTo(old);
		MemoryContextReset(stmt_cxt);
	}
	SPI_finish();
	return n;
}

#define VS_COLS 11

static void
validate_script_row(const vs_row *row, void *arg)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) arg;
	Datum		values[VS_COLS];
	bool		nulls[VS_COLS];

	memset(nulls, 0, sizeof(nulls));
	values[0] = Int32GetDatum(row->statement);
	values[1] = Int32GetDatum(row->line);
	values[2] = Int32GetDatum(row->col);
	values[3] = CStringGetTextDatum(row->kind);
	values[4] = BoolGetDatum(row->ok);
	values[5] = CStringGetTextDatum(row->sqlstate);
	nulls[6] = row->message == NULL;
	values[6] = row->message ? CStringGetTextDatum(row->message) : (Datum) 0;
	nulls[7] = row->detail == NULL;
	values[7] = row->detail ? CStringGetTextDatum(row->detail) : (Datum) 0;
	nulls[8] = row->hint == NULL;
	values[8] = row->hint ? CStringGetTextDatum(row->hint) : (Datum) 0;
	nulls[9] = row->roles == (Datum) 0;
	values[9] = row->roles;
	nulls[10] = row->iam == NULL;
	values[10] = row->iam ? JsonbPGetDatum(rsi_pg_jsonb_of_text(row->iam)) : (Datum) 0;
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

Datum
rsi_sql_validate_script(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *cluster = cluster_arg(fcinfo, "ValidateScript");
	text	   *t = PG_GETARG_TEXT_PP(1);
	rsi_pg_command_scope scope;

	rsi_pg_command_scope_enter(&scope);
	InitMaterializedSRF(fcinfo, 0);
	validate_walk(cluster, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), validate_script_row, rsinfo);
	rsi_pg_command_scope_leave(&scope);
	return (Datum) 0;
}

static void
count_refused(const vs_row *row, void *arg)
{
	if (!row->ok)
		(*(int *) arg)++;
}

/*
 * redshift_iam.script_may_run(cluster_identifier, script): true when no
 * statement of the script would be refused (validate_script has no row
 * with ok false).  In C, in a command scope, like the other checks.
 */
PG_FUNCTION_INFO_V1(rsi_sql_script_may_run);

Datum
rsi_sql_script_may_run(PG_FUNCTION_ARGS)
{
	char	   *cluster = cluster_arg(fcinfo, "ScriptMayRun");
	text	   *t = PG_GETARG_TEXT_PP(1);
	rsi_pg_command_scope scope;
	int			refused = 0;

	rsi_pg_command_scope_enter(&scope);
	validate_walk(cluster, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), count_refused, &refused);
	rsi_pg_command_scope_leave(&scope);
	PG_RETURN_BOOL(refused == 0);
}

/* What assert_script keeps of the walk: the count and the first refusal. */
typedef struct assert_state
{
	MemoryContext cxt;			/* outlives the walk */
	int			refused;
	vs_row		first;
} assert_state;

static void
assert_script_row(const vs_row *row, void *arg)
{
	assert_state *as = (assert_state *) arg;

	if (row->ok)
		return;
	if (as->refused++ > 0)
		return;
	as->first = *row;
	as->first.roles = (Datum) 0;
	as->first.sqlstate = MemoryContextStrdup(as->cxt, row->sqlstate);
	as->first.message = row->message ? MemoryContextStrdup(as->cxt, row->message) : NULL;
	as->first.detail = row->detail ? MemoryContextStrdup(as->cxt, row->detail) : NULL;
	as->first.hint = row->hint ? MemoryContextStrdup(as->cxt, row->hint) : NULL;
}

/*
 * redshift_iam.assert_script(cluster_identifier, script): check the script
 * as validate_script does and raise when any statement would be refused:
 * "N of M statements would be refused; first at line L, column C: ...",
 * with the first refusal's SQLSTATE, detail and hint.  Like every check it
 * runs in a command scope, so the error carries no CONTEXT from the caller
 * (whose statement holds the script) and the log no STATEMENT.
 */
PG_FUNCTION_INFO_V1(rsi_sql_assert_script);

Datum
rsi_sql_assert_script(PG_FUNCTION_ARGS)
{
	char	   *cluster = cluster_arg(fcinfo, "AssertScript");
	text	   *t = PG_GETARG_TEXT_PP(1);
	rsi_pg_command_scope scope;
	assert_state as;
	int			total;

	rsi_pg_command_scope_enter(&scope);
	memset(&as, 0, sizeof(as));
	as.cxt = CurrentMemoryContext;
	total = validate_walk(cluster, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), assert_script_row, &as);
	if (as.refused > 0)
		ereport(ERROR,
				(errcode(rsi_pg_sqlstate_code(as.first.sqlstate)),
				 errmsg_plural("%d of %d statement would be refused; first at line %d, column %d: %s",
							   "%d of %d statements would be refused; first at line %d, column %d: %s",
							   total, as.refused, total, as.first.line, as.first.col,
							   as.first.message ? as.first.message : "refused"),
				 as.first.detail ? errdetail("%s", as.first.detail) : 0,
				 as.first.hint ? errhint("%s", as.first.hint)
				 : errhint("SELECT * FROM redshift_iam.validate_script(cluster_identifier, script) WHERE NOT ok lists every refusal.")));
	rsi_pg_command_scope_leave(&scope);
	PG_RETURN_VOID();
}
