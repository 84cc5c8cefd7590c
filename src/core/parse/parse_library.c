/*
 * parse_library.c — CREATE [OR REPLACE] LIBRARY, as Redshift's CREATE
 * LIBRARY reference page describes it
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_LIBRARY.html):
 *
 *   CREATE [ OR REPLACE ] LIBRARY name LANGUAGE plpythonu
 *   FROM { 'https://file_url' | 's3://bucket/file' authorization [ REGION [AS] 'region' ] }
 *
 * The authorization is COPY's: IAM_ROLE, and in older releases and
 * scripts also [WITH] CREDENTIALS [AS] '...' and ACCESS_KEY_ID /
 * SECRET_ACCESS_KEY [/ SESSION_TOKEN].  A library from S3 needs one; a
 * library from a public URL needs none.  The clause set is small and
 * fixed, so unknown clauses are errors here.
 */
#include "parser_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int
rsi_parse_create_library(rsi_parser *p)
{
	p->command_name = "CREATE LIBRARY";
	p->keys_allowed = 1;
	if (rsi_parser_advance(p))	/* CREATE */
		return -1;
	if (rsi_parser_is_kw(p, "or"))
	{
		if (rsi_parser_advance(p) || rsi_parser_advance(p))	/* OR REPLACE */
			return -1;
	}
	if (rsi_parser_advance(p))	/* LIBRARY */
		return -1;
	if (p->tok.kind != RSI_TOK_IDENT && p->tok.kind != RSI_TOK_QIDENT)
		return rsi_parser_expected(p, "a library name");
	if (rsi_parser_advance(p))
		return -1;
	if (!rsi_parser_is_kw(p, "language"))
		return rsi_parser_expected(p, "LANGUAGE plpythonu");
	if (rsi_parser_advance(p))
		return -1;
	if (p->tok.kind != RSI_TOK_IDENT)
		return rsi_parser_expected(p, "a language name after LANGUAGE (plpythonu)");
	if (rsi_parser_advance(p))
		return -1;
	if (!rsi_parser_is_kw(p, "from"))
		return rsi_parser_expected(p, "FROM");
	if (rsi_parser_advance(p))
		return -1;
	if (!rsi_token_is_string(&p->tok))
		return rsi_parser_expected(p, "a quoted location after FROM ('s3://bucket/file.zip' or 'https://...')");
	p->cmd->location = rsi_parser_take_string(p, NULL);
	if (p->cmd->location == NULL || rsi_parser_advance(p))
		return -1;

	while (!rsi_parser_at_end(p))
	{
		int			r;

		if (rsi_parser_is_kw(p, "region"))
		{
			if (p->cmd->region != NULL)
				return rsi_parser_clause_twice(p, "REGION");
			if (rsi_parser_advance(p))
				return -1;
			if (rsi_parser_is_kw(p, "as") && rsi_parser_advance(p))
				return -1;
			if (!rsi_token_is_string(&p->tok))
				return rsi_parser_expected(p, "a quoted region after REGION (such as 'us-east-1')");
			p->cmd->region = rsi_parser_take_string(p, NULL);
			if (p->cmd->region == NULL || rsi_parser_advance(p))
				return -1;
			continue;
		}
		r = rsi_parser_auth_clause(p);
		if (r < 0)
			return -1;
		if (r == 0)
			return rsi_parser_expected(p, "a CREATE LIBRARY clause (IAM_ROLE, CREDENTIALS, "
									   "ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN or REGION)");
	}
	if (rsi_parser_finish_keys(p))
		return -1;
	if (p->auth_clause == NULL && strncasecmp(p->cmd->location, "s3://", 5) == 0)
		return rsi_parser_missing(p, "CREATE LIBRARY ... FROM 's3://...' requires an authorization clause",
								  "IAM_ROLE, CREDENTIALS, or ACCESS_KEY_ID and SECRET_ACCESS_KEY");
	return 0;
}
