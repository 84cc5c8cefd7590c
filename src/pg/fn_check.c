/*
 * fn_check.c — SQL functions check_command(cluster, command) and
 * validate_script(cluster, script).
 *
 * Both set up one check context (one cluster lookup, cached role and
 * ASSUMEROLE lookups), check with the core's rules (check_ctx.c) and log
 * each check (check_log.c).  check_command raises what it finds;
 * validate_script turns every finding into a row and never raises for one.
 * Both run in a command scope (pg_util.h): what they raise never carries
 * the statement that called them.
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
#include "check_ctx.h"
#include "pg_util.h"
#include "rsi_catalog.h"

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
	bool		held;

	SPI_connect();
	held = rsi_pg_assumerole_held(PG_GETARG_OID(0), roles, resolved, command);
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

static void
json_member(StringInfo s, const char *key, const char *value)
{
	if (s->len > 1)
		appendStringInfoChar(s, ',');
	escape_json(s, key);
	appendStringInfoChar(s, ':');
	if (value)
		escape_json(s, value);
	else
		appendStringInfoString(s, "null");
}

/* The parse, plus what the check resolved. */
static Jsonb *
check_result_json(const rsi_pg_check_ctx *ctx, const rsi_pg_check_result *res,
				  const char *buf, size_t len)
{
	Jsonb	   *parse = rsi_pg_json_text_to_jsonb(rsi_command_json_text(&res->cmd, buf, len));
	StringInfoData s;

	initStringInfo(&s);
	appendStringInfoChar(&s, '{');
	json_member(&s, "cluster_identifier", ctx->cluster);
	json_member(&s, "cluster_arn", ctx->cluster_arn);
	json_member(&s, "resolved_role", res->v.resolved_role);
	json_member(&s, "warning", res->v.warning ? rsi_pg_valid_text(res->v.message) : NULL);
	appendStringInfoChar(&s, '}');
	return DatumGetJsonbP(DirectFunctionCall2(jsonb_concat, JsonbPGetDatum(parse),
											  DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data))));
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

	rsi_pg_check_cluster_identifier(VARDATA_ANY(id), VARSIZE_ANY_EXHDR(id), op, true);
	return text_to_cstring(id);
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
		/* check_command takes one of the four commands, as parse_command does */
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

#define VS_COLS 10

Datum
rsi_sql_validate_script(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *cluster = cluster_arg(fcinfo, "ValidateScript");
	text	   *t = PG_GETARG_TEXT_PP(1);
	const char *script = VARDATA_ANY(t);
	size_t		script_len = VARSIZE_ANY_EXHDR(t);
	rsi_pg_check_ctx ctx;
	rsi_splitter sp;
	rsi_statement st;
	MemoryContext stmt_cxt;
	int			n = 0;
	rsi_pg_command_scope scope;

	rsi_pg_command_scope_enter(&scope);
	InitMaterializedSRF(fcinfo, 0);
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
		Datum		values[VS_COLS];
		bool		nulls[VS_COLS];

		CHECK_FOR_INTERRUPTS();
		rsi_pg_check_statement(&ctx, buf, len, &res);
		if (res.parse_status == RSI_PARSE_EMPTY)
		{
			MemoryContextSwitchTo(old);
			MemoryContextReset(stmt_cxt);
			continue;
		}
		n++;
		memset(nulls, 0, sizeof(nulls));
		values[0] = Int32GetDatum(n);
		values[1] = Int32GetDatum(st.line);
		values[2] = Int32GetDatum(st.col);
		values[3] = CStringGetTextDatum(rsi_cmd_kind_name(res.parse_status == RSI_PARSE_OTHER ?
														  RSI_CMD_OTHER : res.cmd.kind));
		values[4] = BoolGetDatum(res.v.allowed);
		values[5] = CStringGetTextDatum(res.v.warning ? "01000" : res.v.sqlstate);
		nulls[6] = nulls[7] = nulls[8] = true;
		if (res.parse_status == RSI_PARSE_SYNTAX)
		{
			/* the position in the script, from the statement's start */
			int			line = st.line + res.err_line - 1;
			int			col = res.err_line == 1 ? st.col + res.err_col - 1 : res.err_col;

			values[6] = CStringGetTextDatum(psprintf("syntax error at line %d, column %d: %s",
													 line, col, rsi_pg_valid_text(res.v.message)));
			nulls[6] = false;
		}
		else if (res.parse_status == RSI_PARSE_OK && (!res.v.allowed || res.v.warning))
		{
			values[6] = CStringGetTextDatum(rsi_pg_valid_text(res.v.message));
			nulls[6] = false;
			if (res.v.detail[0])
			{
				values[7] = CStringGetTextDatum(rsi_pg_valid_text(res.v.detail));
				nulls[7] = false;
			}
			if (res.v.hint[0])
			{
				values[8] = CStringGetTextDatum(rsi_pg_valid_text(res.v.hint));
				nulls[8] = false;
			}
		}
		values[9] = res.parse_status == RSI_PARSE_OK ? text_array(&ctx, &res.cmd) : (Datum) 0;
		nulls[9] = values[9] == (Datum) 0;
		if (res.parse_status != RSI_PARSE_OTHER)
			rsi_pg_check_log(&ctx, &res, buf, len);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextSwitchTo(old);
		MemoryContextReset(stmt_cxt);
	}
	SPI_finish();
	rsi_pg_command_scope_leave(&scope);
	return (Datum) 0;
}
