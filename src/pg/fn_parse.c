/*
 * fn_parse.c — SQL functions parse_command(text) and redact(text).
 *
 * Both run in a command scope (pg_util.h): what they raise never carries
 * the statement that called them.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "parse/command_json.h"
#include "pg_util.h"

PG_FUNCTION_INFO_V1(rsi_sql_parse_command);
PG_FUNCTION_INFO_V1(rsi_sql_redact);

Datum
rsi_sql_parse_command(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *buf = VARDATA_ANY(t);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	rsi_command cmd;
	rsi_parse_error err;
	rsi_pg_command_scope scope;
	Jsonb	   *result;

	rsi_pg_command_scope_enter(&scope);
	rsi_pg_parse(buf, len, &cmd, &err, false);
	result = rsi_pg_json_text_to_jsonb(rsi_command_json_text(&cmd, buf, len));
	rsi_pg_command_scope_leave(&scope);
	PG_RETURN_JSONB_P(result);
}

Datum
rsi_sql_redact(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	rsi_pg_command_scope scope;
	text	   *result;

	rsi_pg_command_scope_enter(&scope);
	result = cstring_to_text(rsi_pg_redact(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
	rsi_pg_command_scope_leave(&scope);
	PG_RETURN_TEXT_P(result);
}
