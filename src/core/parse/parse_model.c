/*
 * parse_model.c — CREATE MODEL and CREATE EXTERNAL MODEL, as Redshift's
 * CREATE MODEL reference page describes them
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_MODEL.html):
 * the simple and full forms (AUTO ON or OFF, MODEL_TYPE, PROBLEM_TYPE,
 * OBJECTIVE, PREPROCESSORS, HYPERPARAMETERS), bring-your-own-model with
 * local inference (FROM 'job_name' or 's3_path') and remote inference
 * (SAGEMAKER 'endpoint'[:'model'], no FROM), and the Amazon Bedrock form
 * (CREATE EXTERNAL MODEL ... MODEL_TYPE BEDROCK SETTINGS (MODEL_ID ...)).
 *
 * Only IAM_ROLE authorizes it (no CREDENTIALS, no keys).  Like COPY's
 * options, the training options are many and grow with every release, so
 * words this file does not know are skipped rather than refused: a
 * pre-flight checker must not refuse a statement Redshift runs.  What a
 * permission check needs is kept: the FUNCTION name, the SAGEMAKER
 * endpoint, and SETTINGS' S3_BUCKET, KMS_KEY_ID and MODEL_ID.
 */
#include "parser_int.h"

#include <stdio.h>
#include <string.h>

/* a name token: the only tokens TARGET, FROM and FUNCTION take as names */
static int
is_name(const rsi_parser *p)
{
	return p->tok.kind == RSI_TOK_IDENT || p->tok.kind == RSI_TOK_QIDENT;
}

/* [db.][schema.]name as written, kept */
static int
take_name(rsi_parser *p, const char *what, const char **out)
{
	size_t		start = p->tok.off;

	if (rsi_parser_qualified_name(p, what))
		return -1;
	*out = rsi_parser_strdup(p, p->buf + start, p->prev_end - start);
	return *out == NULL ? -1 : 0;
}

/* KEY 'value' inside SETTINGS ( ... ); the value is kept in *out */
static int
setting_string(rsi_parser *p, const char *name, const char **out)
{
	char		what[80];

	if (*out != NULL)
		return rsi_parser_clause_twice(p, name);
	if (rsi_parser_advance(p))
		return -1;
	if (!rsi_token_is_string(&p->tok))
	{
		snprintf(what, sizeof(what), "a quoted value after %s", name);
		return rsi_parser_expected(p, what);
	}
	*out = rsi_parser_take_string(p, NULL);
	if (*out == NULL)
		return -1;
	return rsi_parser_advance(p);
}

/* SETTINGS ( key value [, ...] ); the current token is "(" */
static int
parse_settings(rsi_parser *p)
{
	size_t		depth = 0;
	size_t		open_off = p->tok.off;

	do
	{
		if (p->tok.kind == RSI_TOK_EOF)
		{
			rsi_parser_fail(p, open_off, "unbalanced parenthesis: \"(\" is never closed");
			return -1;
		}
		if (depth == 1 && rsi_parser_is_kw(p, "s3_bucket"))
		{
			if (setting_string(p, "S3_BUCKET", &p->cmd->s3_bucket))
				return -1;
			continue;
		}
		if (depth == 1 && rsi_parser_is_kw(p, "kms_key_id"))
		{
			if (setting_string(p, "KMS_KEY_ID", &p->cmd->kms_key_id))
				return -1;
			continue;
		}
		if (depth == 1 && rsi_parser_is_kw(p, "model_id"))
		{
			rsi_token	next;

			/* the synopsis writes MODEL_ID model_id: a bare name is kept as written */
			rsi_parser_peek(p, 1, &next);
			if (next.kind == RSI_TOK_IDENT && p->cmd->bedrock_model_id == NULL)
			{
				if (rsi_parser_advance(p))
					return -1;
				p->cmd->bedrock_model_id = rsi_parser_strdup(p, p->buf + p->tok.off, p->tok.len);
				if (p->cmd->bedrock_model_id == NULL || rsi_parser_advance(p))
					return -1;
				continue;
			}
			if (setting_string(p, "MODEL_ID", &p->cmd->bedrock_model_id))
				return -1;
			continue;
		}
		if (p->tok.kind == RSI_TOK_LPAREN)
			depth++;
		else if (p->tok.kind == RSI_TOK_RPAREN)
			depth--;
		if (rsi_parser_advance(p))
			return -1;
	} while (depth > 0);
	return 0;
}

/*
 * The authorization clauses CREATE MODEL's words may start.  TOKEN is left
 * out: it is a plausible column or table name here, and keys are refused
 * by ACCESS_KEY_ID or SECRET_ACCESS_KEY anyway.
 */
static int
is_auth_word(const rsi_parser *p)
{
	return rsi_parser_is_kw(p, "iam_role") || rsi_parser_is_kw(p, "credentials") ||
		rsi_parser_is_kw(p, "with") || rsi_parser_is_kw(p, "access_key_id") ||
		rsi_parser_is_kw(p, "secret_access_key") || rsi_parser_is_kw(p, "session_token");
}

int
rsi_parse_create_model(rsi_parser *p, int external)
{
	int			have_from = 0,
				have_target = 0;

	p->command_name = external ? "CREATE EXTERNAL MODEL" : "CREATE MODEL";
	p->keys_allowed = 0;
	/* CREATE [EXTERNAL] MODEL, checked by the dispatcher */
	if (rsi_parser_advance(p) || rsi_parser_advance(p) || (external && rsi_parser_advance(p)))
		return -1;
	if (rsi_parser_qualified_name(p, "a model name"))
		return -1;

	while (!rsi_parser_at_end(p))
	{
		if (is_auth_word(p))
		{
			int			r = rsi_parser_auth_clause(p);

			if (r < 0)
				return -1;
			if (r > 0)
				continue;
		}
		if (p->tok.kind == RSI_TOK_LPAREN)
		{
			/* FUNCTION's argument types, PROBLEM_TYPE ( ... ), EXCEPT ( ... ) */
			if (rsi_parser_skip_parens(p))
				return -1;
		}
		else if (!have_from && rsi_parser_is_kw(p, "from"))
		{
			have_from = 1;
			if (rsi_parser_advance(p))
				return -1;
			if (rsi_token_is_string(&p->tok))
			{
				/* BYOM: a SageMaker training job name or an S3 path */
				p->cmd->location = rsi_parser_take_string(p, NULL);
				if (p->cmd->location == NULL || rsi_parser_advance(p))
					return -1;
			}
			else if (p->tok.kind == RSI_TOK_LPAREN)
			{
				if (rsi_parser_skip_parens(p))
					return -1;
			}
			else if (is_name(p))
			{
				if (rsi_parser_qualified_name(p, "a table name"))
					return -1;
			}
			else
				return rsi_parser_expected(p, "a table name, a (query), or a quoted training job "
										   "name or S3 path after FROM");
		}
		else if (!have_target && rsi_parser_is_kw(p, "target"))
		{
			have_target = 1;
			if (rsi_parser_advance(p))
				return -1;
			if (!is_name(p))
				return rsi_parser_expected(p, "a column name after TARGET");
			if (rsi_parser_advance(p))
				return -1;
		}
		else if (rsi_parser_is_kw(p, "function"))
		{
			if (p->cmd->function_name != NULL)
				return rsi_parser_clause_twice(p, "FUNCTION");
			if (rsi_parser_advance(p))
				return -1;
			if (take_name(p, "a function name after FUNCTION", &p->cmd->function_name))
				return -1;
		}
		else if (rsi_parser_is_kw(p, "sagemaker"))
		{
			/* SAGEMAKER 'endpoint'[:'model_name']: the model name is skipped */
			if (setting_string(p, "SAGEMAKER", &p->cmd->sagemaker_endpoint))
				return -1;
		}
		else if (rsi_parser_is_kw(p, "settings"))
		{
			if (rsi_parser_advance(p))
				return -1;
			if (p->tok.kind != RSI_TOK_LPAREN)
				return rsi_parser_expected(p, "\"(\" after SETTINGS");
			if (parse_settings(p))
				return -1;
		}
		else if (rsi_parser_advance(p))
			return -1;
	}

	if (p->cmd->function_name == NULL)
	{
		char		rule[64];

		snprintf(rule, sizeof(rule), "%s requires FUNCTION", p->command_name);
		return rsi_parser_missing(p, rule, "FUNCTION <function name>");
	}
	if (p->auth_clause == NULL)
	{
		char		rule[64];

		snprintf(rule, sizeof(rule), "%s requires IAM_ROLE", p->command_name);
		return rsi_parser_missing(p, rule, "IAM_ROLE default or IAM_ROLE '<role ARN>'");
	}
	return 0;
}
