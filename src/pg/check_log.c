/*
 * check_log.c — one server-log line per check (redshift_iam.log_checks).
 *
 * The line is "redshift_iam check: " followed by CSV fields (RFC 4180
 * quoting, as pgaudit does), in this order:
 *
 *   verdict (allowed | warning | denied), sqlstate, rule, db_user,
 *   principal, cluster_arn, kind, roles, command (redacted; of a statement of
 *   another kind only its leading keyword, "CREATE ...": rsi_pg_echo_text)
 *
 * Fields a user chooses are cut to a bounded excerpt (roles and command
 * at 4096 bytes, ARNs at 2048) ending in "...", so one check writes
 * a bounded line whatever the command's length.
 *
 * Only ereport(LOG) is used: nothing is written to a table, so checks are
 * logged on a hot standby too.  The statement that called the check is not
 * appended (errhidestmt), because it may carry the unredacted secret.
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "miscadmin.h"

#include "check_ctx.h"
#include "guc.h"
#include "pg_util.h"
#include "rsi_policy.h"

static void
csv_field(StringInfo s, const char *v, bool first)
{
	const char *p;

	if (!first)
		appendStringInfoChar(s, ',');
	if (v == NULL)
		return;
	if (strpbrk(v, ",\"\r\n") == NULL)
	{
		appendStringInfoString(s, v);
		return;
	}
	appendStringInfoChar(s, '"');
	for (p = v; *p; p++)
	{
		if (*p == '"')
			appendStringInfoChar(s, '"');
		appendStringInfoChar(s, *p);
	}
	appendStringInfoChar(s, '"');
}

/* every field a user can make long is cut (pg_util.h) */
static const char *
bounded(const char *v, size_t max)
{
	return v ? rsi_pg_excerpt(v, strlen(v), max) : NULL;
}

void
rsi_pg_check_log(const rsi_pg_check_ctx *ctx, const rsi_pg_check_result *res,
				 const char *buf, size_t len)
{
	StringInfoData s;
	const char *verdict;
	const char *kind;
	const char *principal;

	if (rsi_guc_log_checks == RSI_LOG_NONE ||
		(rsi_guc_log_checks == RSI_LOG_DENIED && res->v.allowed))
		return;
	verdict = !res->v.allowed ? "denied" : res->v.warning ? "warning" : "allowed";
	kind = rsi_cmd_kind_name(res->cmd.kind);
	principal = ctx->principal;	/* looked up once, with the account */

	initStringInfo(&s);
	csv_field(&s, verdict, true);
	csv_field(&s, res->v.warning ? "01000" : res->v.sqlstate, false);
	csv_field(&s, res->v.rule, false);
	csv_field(&s, ctx->db_user, false);
	csv_field(&s, bounded(principal, RSI_EXCERPT_ARN), false);
	csv_field(&s, bounded(ctx->cluster_arn, RSI_EXCERPT_ARN), false);
	csv_field(&s, kind, false);
	csv_field(&s, res->parse_status == RSI_PARSE_OK ?
			  bounded(rsi_pg_check_roles_text(&res->cmd), RSI_EXCERPT_COMMAND) : NULL, false);
	/* redacted whole, then cut: a cut never splits a secret from its mask */
	csv_field(&s, bounded(rsi_pg_echo_text(buf, len, res->parse_status), RSI_EXCERPT_COMMAND), false);
	ereport(LOG,
			(errmsg("redshift_iam check: %s", s.data),
			 errhidestmt(true),
			 errhidecontext(true)));
	pfree(s.data);
}
