/*
 * pg_util.c — see pg_util.h.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

#include "parse/command.h"
#include "parse/echo.h"
#include "lex/script.h"
#include "util/utf8.h"
#include "guc.h"
#include "pg_util.h"

static void *
pg_alloc(void *ctx, size_t n)
{
	/* huge inputs get PostgreSQL's own "invalid memory alloc request" */
	return palloc_extended(n, MCXT_ALLOC_HUGE);
}

static const rsi_alloc pg_allocator = {pg_alloc, NULL};

const rsi_alloc *
rsi_pg_allocator(void)
{
	return &pg_allocator;
}

void
rsi_pg_parse_options(rsi_parse_options *opt)
{
	opt->max_role_chain = rsi_guc_max_role_chain;
	opt->lexed = NULL;
	opt->no_other_message = 0;
}

Jsonb *
rsi_pg_json_text_to_jsonb(char *json_text)
{
	char	   *copy;

	if (json_text == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while building a JSON result")));
	copy = pstrdup(json_text);
	free(json_text);
	return DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(copy)));
}

char *
rsi_pg_numeric_to_text(Numeric num)
{
	return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(num)));
}

char *
rsi_pg_jsonb_to_text(Jsonb *jb)
{
	return JsonbToCString(NULL, &jb->root, VARSIZE(jb));
}

/* the only error context while command text is at hand */
static void
command_scope_callback(void *arg)
{
	errhidestmt(true);
}

void
rsi_pg_command_scope_enter(rsi_pg_command_scope *scope)
{
	scope->saved = error_context_stack;
	scope->cb.callback = command_scope_callback;
	scope->cb.arg = NULL;
	scope->cb.previous = NULL;	/* cut the callers' context */
	error_context_stack = &scope->cb;
}

void
rsi_pg_command_scope_leave(rsi_pg_command_scope *scope)
{
	error_context_stack = scope->saved;
}

char *
rsi_pg_excerpt(const char *s, size_t n, size_t max)
{
	char	   *out = palloc(max + sizeof(RSI_ELLIPSIS));
	int			cut;
	size_t		o = rsi_utf8_excerpt(s, n, max, out, &cut);

	if (cut)
		memcpy(out + o, RSI_ELLIPSIS, sizeof(RSI_ELLIPSIS));
	return out;
}

char *
rsi_pg_redact(const char *buf, size_t len)
{
	size_t		n = rsi_redact(buf, len, NULL);
	char	   *out = palloc_extended(n + 1, MCXT_ALLOC_HUGE);

	rsi_redact(buf, len, out);
	return out;
}

char *
rsi_pg_valid_text(const char *s)
{
	int			enc = GetDatabaseEncoding();
	int			len = (int) strlen(s);
	int			ok = pg_encoding_verifymbstr(enc, s, len);
	StringInfoData b;

	if (ok == len)
		return (char *) s;
	initStringInfo(&b);
	while (len > 0)
	{
		ok = pg_encoding_verifymbstr(enc, s, len);
		appendBinaryStringInfo(&b, s, ok);
		s += ok;
		len -= ok;
		/* a character cut at the end is left out, as pg_mbcliplen would */
		if (len == 0 || pg_encoding_mblen(enc, s) > len)
			break;
		appendStringInfoString(&b, enc == PG_UTF8 ? "\xEF\xBF\xBD" : "?");
		s++;
		len--;
	}
	return b.data;
}

/* is the byte a UTF-8 continuation byte (not the start of a character)? */
#define IS_CONTINUATION(c) ((((unsigned char) (c)) & 0xC0) == 0x80)

char *
rsi_pg_echo_text(const char *buf, size_t len, rsi_parse_status st)
{
	size_t		off,
				n;

	if (st == RSI_PARSE_OK || st == RSI_PARSE_SYNTAX)
		return rsi_pg_redact(buf, len);
	/* another kind of statement: its leading keyword at most */
	n = rsi_echo_keyword(buf, len, &off);
	return n ? psprintf("%.*s ...", (int) n, buf + off) : pstrdup("...");
}

void
rsi_pg_raise_parse_error(const char *buf, size_t len, const rsi_parse_error *err,
						 rsi_parse_status st)
{
	int			line,
				col;

	rsi_line_col(buf, len, err->off, &line, &col);
	if (st == RSI_PARSE_SYNTAX)
	{
		char	   *red = rsi_pg_redact(buf, len);
		size_t		rlen = strlen(red);
		size_t		roff = rsi_redact_map_offset(buf, len, err->off);
		size_t		from = 0,
					to = rlen;
		StringInfoData query;
		int			pos;

		/*
		 * The query shown under the message (and written to the server log)
		 * is the redacted command, or for a long one a window of about
		 * RSI_EXCERPT_COMMAND bytes around the error, cut on character
		 * boundaries and marked with ellipses: the command may be megabytes.
		 */
		if (roff > rlen)
			roff = rlen;
		if (rlen > RSI_EXCERPT_COMMAND)
		{
			from = roff > RSI_EXCERPT_COMMAND / 2 ? roff - RSI_EXCERPT_COMMAND / 2 : 0;
			to = from + RSI_EXCERPT_COMMAND < rlen ? from + RSI_EXCERPT_COMMAND : rlen;
			while (from > 0 && from < rlen && IS_CONTINUATION(red[from]))
				from++;
			while (to < rlen && to > from && IS_CONTINUATION(red[to]))
				to--;
		}
		initStringInfo(&query);
		if (from > 0)
			appendStringInfoString(&query, RSI_ELLIPSIS);
		appendBinaryStringInfo(&query, red + from, (int) (to - from));
		if (to < rlen)
			appendStringInfoString(&query, RSI_ELLIPSIS);
		pos = (int) rsi_char_offset(query.data, (from > 0 ? strlen(RSI_ELLIPSIS) : 0) +
									(roff > from ? (roff < to ? roff : to) - from : 0)) + 1;
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("syntax error at line %d, column %d: %s", line, col,
						rsi_pg_valid_text(err->message)),
				 internalerrquery(query.data),
				 internalerrposition(pos)));
	}

	/*
	 * A statement of another kind is not echoed (see rsi_pg_echo_text): no
	 * internal query, and the message names its leading keyword only, not
	 * the core's quote of its first token (a secret pasted alone is one
	 * 40-character word).
	 */
	if (st == RSI_PARSE_OTHER)
	{
		size_t		off,
					n = rsi_echo_keyword(buf, len, &off);

		if (n > 0)
			ereport(ERROR,
					(errcode(ERRCODE_SYNTAX_ERROR),
					 errmsg("syntax error at line %d, column %d: expected " RSI_PARSE_KINDS_TEXT ", found \"%.*s\"",
							line, col, (int) n, buf + off)));
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("syntax error at line %d, column %d: expected " RSI_PARSE_KINDS_TEXT ", found a statement of another kind",
						line, col)));
	}
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("syntax error at line %d, column %d: %s", line, col,
					rsi_pg_valid_text(err->message))));
	pg_unreachable();
}

rsi_parse_status
rsi_pg_parse(const char *buf, size_t len, rsi_command *cmd, rsi_parse_error *err,
			 bool allow_other)
{
	rsi_parse_options opt;
	rsi_parse_status st;

	rsi_pg_parse_options(&opt);
	st = rsi_parse_command(buf, len, &opt, rsi_pg_allocator(), cmd, err);
	if (st == RSI_PARSE_NOMEM)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while parsing a command")));
	if (st == RSI_PARSE_SYNTAX || (!allow_other && st != RSI_PARSE_OK))
		rsi_pg_raise_parse_error(buf, len, err, st);
	return st;
}

/*
 * Catalog reads from C run as the owner of the catalog tables, as a
 * SECURITY DEFINER function would, so that callers need no privilege on
 * them; they are plain SELECTs with plans kept for the life of the backend
 * (a SECURITY DEFINER SQL function is planned anew on every call: ~80 us a
 * lookup).  Their text names every object and operator with its schema, so
 * no search_path can redirect them, and they run as a restricted operation.
 */
static Oid
catalog_owner(void)
{
	Oid			nsp = get_namespace_oid("redshift_iam", false);
	Oid			rel = get_relname_relid("catalog_clusters", nsp);
	HeapTuple	tup;
	Oid			owner;

	if (!OidIsValid(rel))
		elog(ERROR, "internal error: redshift_iam.catalog_clusters is missing");
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(rel));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "internal error: cache lookup failed for relation %u", rel);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

void
rsi_pg_catalog_read(SPIPlanPtr *plan, const char *sql, int nargs, Oid *types,
					Datum *values, const char *what)
{
	MemoryContext cxt = CurrentMemoryContext;
	Oid			save_user;
	int			save_sec;
	int			rc;

	if (*plan == NULL)
	{
		SPIPlanPtr	p = SPI_prepare(sql, nargs, types);

		if (p == NULL)
			elog(ERROR, "SPI_prepare failed for \"%s\": %s", sql,
				 SPI_result_code_string(SPI_result));
		if (SPI_keepplan(p) != 0)
			elog(ERROR, "SPI_keepplan failed");
		*plan = p;
	}
	GetUserIdAndSecContext(&save_user, &save_sec);
	SetUserIdAndSecContext(catalog_owner(),
						   save_sec | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
	rc = SPI_execute_plan(*plan, values, NULL, true, 0);
	SetUserIdAndSecContext(save_user, save_sec);

	/*
	 * SPI_prepare and SPI_execute_plan return in SPI's procedure context,
	 * which lives until SPI_finish: without this, whatever the caller
	 * allocates after a lookup (a statement of validate_script, with its
	 * parse and redacted log copy) would be kept until the end of the call.
	 */
	MemoryContextSwitchTo(cxt);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "internal lookup %s failed", what);
}
