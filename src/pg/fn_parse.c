/*
 * fn_parse.c — SQL functions parse_command(text) and redact(text).
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "redshift_iam/command_json.h"
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

	rsi_pg_parse(buf, len, &cmd, &err, false);
	PG_RETURN_JSONB_P(rsi_pg_json_text_to_jsonb(rsi_command_json_text(&cmd, buf, len)));
}

Datum
rsi_sql_redact(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_TEXT_P(cstring_to_text(rsi_pg_redact(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t))));
}
