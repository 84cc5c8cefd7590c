/*
 * parse_external.c — CREATE EXTERNAL SCHEMA and CREATE [OR REPLACE]
 * EXTERNAL FUNCTION, as Redshift's CREATE EXTERNAL SCHEMA and CREATE
 * EXTERNAL FUNCTION reference pages describe them
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_EXTERNAL_SCHEMA.html,
 * https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_EXTERNAL_FUNCTION.html).
 *
 * Both have small, fixed clause sets, so unknown clauses are errors here
 * (unlike COPY and UNLOAD).  Which clauses a schema source requires or
 * forbids is one table, checked after all clauses are read so the clauses
 * may come in any order.
 */
#include "parser_int.h"
#include "lex/template.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- CREATE EXTERNAL SCHEMA ---------- */

enum
{
	C_DATABASE,
	C_SCHEMA,
	C_REGION,
	C_URI,
	C_PORT,
	C_IAM_ROLE,
	C_CATALOG_ROLE,
	C_SECRET_ARN,
	C_CATALOG_ID,
	C_AUTHENTICATION,
	C_AUTHENTICATION_ARN,
	C_CLUSTER_ARN,
	C_CREATE_DB,
	C_COUNT
};

static const char *const clause_names[C_COUNT] = {
	"DATABASE", "SCHEMA", "REGION", "URI", "PORT", "IAM_ROLE", "CATALOG_ROLE",
	"SECRET_ARN", "CATALOG_ID", "AUTHENTICATION", "AUTHENTICATION_ARN",
	"CLUSTER_ARN", "CREATE EXTERNAL DATABASE"
};

/* what a missing clause looks like, for "expected ..." */
static const char *const clause_syntax[C_COUNT] = {
	"DATABASE '<database>'", "SCHEMA '<schema>'", "REGION '<region>'", "URI '<host>'",
	"PORT <number>", "IAM_ROLE default or IAM_ROLE '<role ARN>'", "CATALOG_ROLE '<role ARN>'",
	"SECRET_ARN '<secret ARN>'", "CATALOG_ID '<account-id>'", "AUTHENTICATION none, iam or mtls",
	"AUTHENTICATION_ARN '<certificate ARN>'", "CLUSTER_ARN '<cluster ARN>'",
	"CREATE EXTERNAL DATABASE IF NOT EXISTS"
};

#define B(c) (1u << (c))

/* allowed and required clauses per source; IAM_ROLE rules refined below */
static const struct
{
	rsi_schema_source src;
	const char *name;
	unsigned	allowed;
	unsigned	required;
}			source_rules[] = {
	{RSI_SRC_DATA_CATALOG, "DATA CATALOG",
		B(C_DATABASE) | B(C_REGION) | B(C_IAM_ROLE) | B(C_CATALOG_ROLE) | B(C_CATALOG_ID) | B(C_CREATE_DB),
	B(C_DATABASE) | B(C_IAM_ROLE)},
	{RSI_SRC_HIVE_METASTORE, "HIVE METASTORE",
		B(C_DATABASE) | B(C_URI) | B(C_PORT) | B(C_IAM_ROLE),
	B(C_DATABASE) | B(C_URI) | B(C_IAM_ROLE)},
	{RSI_SRC_POSTGRES, "POSTGRES",
		B(C_DATABASE) | B(C_SCHEMA) | B(C_URI) | B(C_PORT) | B(C_IAM_ROLE) | B(C_SECRET_ARN),
	B(C_DATABASE) | B(C_URI) | B(C_IAM_ROLE) | B(C_SECRET_ARN)},
	{RSI_SRC_MYSQL, "MYSQL",
		B(C_DATABASE) | B(C_URI) | B(C_PORT) | B(C_IAM_ROLE) | B(C_SECRET_ARN),
	B(C_DATABASE) | B(C_URI) | B(C_IAM_ROLE) | B(C_SECRET_ARN)},
	{RSI_SRC_KINESIS, "KINESIS", B(C_IAM_ROLE), B(C_IAM_ROLE)},
	/*
	 * MSK and KAFKA share the streaming clauses of the current synopsis:
	 * AUTHENTICATION { none | iam | mtls }, AUTHENTICATION_ARN or
	 * SECRET_ARN (for mtls), and URI (the bootstrap URL).
	 */
	{RSI_SRC_MSK, "MSK",
		B(C_IAM_ROLE) | B(C_AUTHENTICATION) | B(C_CLUSTER_ARN) | B(C_URI) |
		B(C_AUTHENTICATION_ARN) | B(C_SECRET_ARN),
	B(C_AUTHENTICATION)},
	{RSI_SRC_KAFKA, "KAFKA",
		B(C_IAM_ROLE) | B(C_AUTHENTICATION) | B(C_URI) | B(C_AUTHENTICATION_ARN) | B(C_SECRET_ARN),
	B(C_AUTHENTICATION) | B(C_URI)},
	{RSI_SRC_REDSHIFT, "REDSHIFT", B(C_DATABASE) | B(C_SCHEMA), B(C_DATABASE)},
};

static int
rule_index(rsi_schema_source s)
{
	size_t		i;

	for (i = 0; i < sizeof(source_rules) / sizeof(source_rules[0]); i++)
		if (source_rules[i].src == s)
			return (int) i;
	return 0;
}

/* FROM { [DATA CATALOG] | HIVE METASTORE | POSTGRES | ... } */
static int
parse_source(rsi_parser *p)
{
	rsi_schema_source s = RSI_SRC_NONE;

	if (rsi_parser_is_kw(p, "data"))
	{
		if (rsi_parser_advance(p))
			return -1;
		if (!rsi_parser_is_kw(p, "catalog"))
			return rsi_parser_expected(p, "CATALOG after DATA");
		s = RSI_SRC_DATA_CATALOG;
	}
	else if (rsi_parser_is_kw(p, "hive"))
	{
		if (rsi_parser_advance(p))
			return -1;
		if (!rsi_parser_is_kw(p, "metastore"))
			return rsi_parser_expected(p, "METASTORE after HIVE");
		s = RSI_SRC_HIVE_METASTORE;
	}
	else if (rsi_parser_is_kw(p, "postgres"))
		s = RSI_SRC_POSTGRES;
	else if (rsi_parser_is_kw(p, "mysql"))
		s = RSI_SRC_MYSQL;
	else if (rsi_parser_is_kw(p, "kinesis"))
		s = RSI_SRC_KINESIS;
	else if (rsi_parser_is_kw(p, "msk"))
		s = RSI_SRC_MSK;
	else if (rsi_parser_is_kw(p, "kafka"))
		s = RSI_SRC_KAFKA;
	else if (rsi_parser_is_kw(p, "redshift"))
		s = RSI_SRC_REDSHIFT;

	if (s == RSI_SRC_NONE)
	{
		/* the source may be omitted: DATA CATALOG is the default */
		p->cmd->source = RSI_SRC_DATA_CATALOG;
		return 0;
	}
	p->cmd->source = s;
	return rsi_parser_advance(p);
}

/* The current "quoted identifier" without its quotes, "" decoded to ". */
static char *
quoted_ident(rsi_parser *p)
{
	const char *s = p->buf + p->tok.off + 1;
	size_t		n = p->tok.len - 2,
				i,
				o = 0;
	char	   *m = rsi_parser_alloc(p, n + 1);

	if (m == NULL)
		return NULL;
	for (i = 0; i < n; i++)
	{
		m[o++] = s[i];
		if (s[i] == '"' && i + 1 < n && s[i + 1] == '"')
			i++;
	}
	m[o] = '\0';
	return m;
}

static int
string_clause(rsi_parser *p, const char *name, const char **out)
{
	char		what[80];

	if (rsi_parser_advance(p))
		return -1;
	if (!rsi_parser_is_value(p))
	{
		snprintf(what, sizeof(what), "a quoted value after %s", name);
		return rsi_parser_expected(p, what);
	}
	if (out)
	{
		*out = rsi_parser_take_string(p, NULL);
		if (*out == NULL)
			return -1;
	}
	return rsi_parser_advance(p);
}

int
rsi_parse_external_schema(rsi_parser *p)
{
	unsigned	seen = 0;
	size_t		seen_off[C_COUNT];
	int			ri;
	const char *auth_mode = NULL;
	rsi_token	catalog_tok;

	memset(&catalog_tok, 0, sizeof(catalog_tok));
	p->command_name = "CREATE EXTERNAL SCHEMA";
	/* CREATE EXTERNAL SCHEMA */
	if (rsi_parser_advance(p) || rsi_parser_advance(p) || rsi_parser_advance(p))
		return -1;
	if (rsi_parser_is_kw(p, "if"))
	{
		if (rsi_parser_advance(p))
			return -1;
		if (!rsi_parser_is_kw(p, "not"))
			return rsi_parser_expected(p, "NOT after IF");
		if (rsi_parser_advance(p))
			return -1;
		if (!rsi_parser_is_kw(p, "exists"))
			return rsi_parser_expected(p, "EXISTS after IF NOT");
		if (rsi_parser_advance(p))
			return -1;
	}
	if (p->tok.kind != RSI_TOK_IDENT && p->tok.kind != RSI_TOK_QIDENT)
		return rsi_parser_expected(p, "a schema name");
	if (rsi_parser_advance(p))
		return -1;
	if (rsi_parser_is_kw(p, "from"))
	{
		if (rsi_parser_advance(p))
			return -1;
		if (parse_source(p))
			return -1;
	}
	else
		p->cmd->source = RSI_SRC_DATA_CATALOG;

	ri = rule_index(p->cmd->source);
	p->session_allowed = (p->cmd->source == RSI_SRC_DATA_CATALOG);
	p->single_role_only = !(p->cmd->source == RSI_SRC_DATA_CATALOG ||
							p->cmd->source == RSI_SRC_HIVE_METASTORE);

	while (!rsi_parser_at_end(p))
	{
		int			c = -1;
		size_t		off = p->tok.off;

		if (rsi_parser_is_kw(p, "database"))
			c = C_DATABASE;
		else if (rsi_parser_is_kw(p, "schema"))
			c = C_SCHEMA;
		else if (rsi_parser_is_kw(p, "region"))
			c = C_REGION;
		else if (rsi_parser_is_kw(p, "uri"))
			c = C_URI;
		else if (rsi_parser_is_kw(p, "port"))
			c = C_PORT;
		else if (rsi_parser_is_kw(p, "iam_role"))
			c = C_IAM_ROLE;
		else if (rsi_parser_is_kw(p, "catalog_role"))
			c = C_CATALOG_ROLE;
		else if (rsi_parser_is_kw(p, "secret_arn"))
			c = C_SECRET_ARN;
		else if (rsi_parser_is_kw(p, "catalog_id"))
			c = C_CATALOG_ID;
		else if (rsi_parser_is_kw(p, "authentication"))
			c = C_AUTHENTICATION;
		else if (rsi_parser_is_kw(p, "authentication_arn"))
			c = C_AUTHENTICATION_ARN;
		else if (rsi_parser_is_kw(p, "cluster_arn"))
			c = C_CLUSTER_ARN;
		else if (rsi_parser_is_kw(p, "create"))
			c = C_CREATE_DB;
		else if (p->tok.kind == RSI_TOK_TEMPLATE)
		{
			/* a placeholder where a clause could be: it may hold IAM_ROLE */
			rsi_parser_templated(p, RSI_TPL_CLAUSE, off, p->buf + off, p->tok.len, 1);
			if (rsi_parser_advance(p))
				return -1;
			continue;
		}
		else
		{
			/* CREDENTIALS and keys get the specific message from the shared code */
			int			r = rsi_parser_auth_clause(p);

			if (r != 0)
				return -1;
			return rsi_parser_expected(p, "a CREATE EXTERNAL SCHEMA clause (DATABASE, IAM_ROLE, "
									   "CATALOG_ROLE, URI, PORT, SECRET_ARN, REGION, SCHEMA, ...)");
		}

		if (seen & B(c))
			return rsi_parser_clause_twice(p, clause_names[c]);
		if (!(source_rules[ri].allowed & B(c)))
		{
			rsi_parser_fail(p, off, "%s is not allowed in CREATE EXTERNAL SCHEMA ... FROM %s",
							clause_names[c], source_rules[ri].name);
			return -1;
		}
		seen |= B(c);
		seen_off[c] = off;

		switch (c)
		{
			case C_DATABASE:
				/* the database name may be quoted or a bare identifier */
				if (rsi_parser_advance(p))
					return -1;
				if (rsi_parser_is_value(p))
					p->cmd->location = rsi_parser_take_string(p, NULL);
				else if (p->tok.kind == RSI_TOK_QIDENT)
					p->cmd->location = quoted_ident(p);
				else if (p->tok.kind == RSI_TOK_IDENT)
					p->cmd->location = rsi_parser_strdup(p, p->buf + p->tok.off, p->tok.len);
				else
					return rsi_parser_expected(p, "a database name after DATABASE");
				if (p->cmd->location == NULL || rsi_parser_advance(p))
					return -1;
				break;
			case C_PORT:
				if (rsi_parser_advance(p))
					return -1;
				if (p->tok.kind != RSI_TOK_NUMBER)
					return rsi_parser_expected(p, "a port number after PORT");
				if (rsi_parser_advance(p))
					return -1;
				break;
			case C_IAM_ROLE:
				if (rsi_parser_auth_clause(p) < 0)
					return -1;
				break;
			case C_CATALOG_ROLE:
				if (rsi_parser_advance(p))
					return -1;
				if (!rsi_parser_is_value(p))
					return rsi_parser_expected(p, "'SESSION' or a quoted role ARN after CATALOG_ROLE");
				{
					size_t		n;
					char	   *v = rsi_parser_take_string(p, &n);
					const char **roles;
					size_t		nroles;
					rsi_template tmpl;

					if (v == NULL)
						return -1;
					p->cmd->catalog_role = v;
					p->cmd->catalog_role_off = off;
					catalog_tok = p->tok;
					if (strcmp(v, "SESSION") != 0 &&
						p->tok.kind != RSI_TOK_TEMPLATE &&	/* checked once rendered */
						!rsi_template_in_string(v, n, 0, RSI_TMPL_ANY_CASE, &tmpl))
					{
						if (rsi_parser_split_chain(p, v, n, 1, &p->tok, NULL, &roles, &nroles))
							return -1;
						/* the cluster assumes it itself: check.c checks its first role */
						p->cmd->catalog_roles = roles;
						p->cmd->ncatalog_roles = nroles;
					}
				}
				if (rsi_parser_advance(p))
					return -1;
				break;
			case C_SECRET_ARN:
				if (string_clause(p, "SECRET_ARN", &p->cmd->secret_arn))
					return -1;
				break;
			case C_AUTHENTICATION:
				if (rsi_parser_advance(p))
					return -1;
				if (rsi_parser_is_kw(p, "none"))
					auth_mode = "none";
				else if (rsi_parser_is_kw(p, "iam"))
				{
					auth_mode = "iam";
					p->cmd->iam_auth = 1;
				}
				else if (rsi_parser_is_kw(p, "mtls"))
					auth_mode = "mtls";
				else
					return rsi_parser_expected(p, "none, iam or mtls after AUTHENTICATION");
				if (rsi_parser_advance(p))
					return -1;
				break;
			case C_REGION:
				if (string_clause(p, "REGION", &p->cmd->region))
					return -1;
				break;
			case C_CLUSTER_ARN:
				if (string_clause(p, "CLUSTER_ARN", &p->cmd->cluster_arn))
					return -1;
				break;
			case C_CREATE_DB:
				p->cmd->create_external_db = 1;
				if (rsi_parser_advance(p))
					return -1;
				if (!rsi_parser_is_kw(p, "external"))
					return rsi_parser_expected(p, "EXTERNAL DATABASE IF NOT EXISTS after CREATE");
				if (rsi_parser_advance(p))
					return -1;
				if (!rsi_parser_is_kw(p, "database"))
					return rsi_parser_expected(p, "DATABASE after CREATE EXTERNAL");
				if (rsi_parser_advance(p))
					return -1;
				if (rsi_parser_is_kw(p, "if"))
				{
					if (rsi_parser_advance(p))
						return -1;
					if (!rsi_parser_is_kw(p, "not"))
						return rsi_parser_expected(p, "NOT after IF");
					if (rsi_parser_advance(p))
						return -1;
					if (!rsi_parser_is_kw(p, "exists"))
						return rsi_parser_expected(p, "EXISTS after IF NOT");
					if (rsi_parser_advance(p))
						return -1;
				}
				break;
			default:
				if (string_clause(p, clause_names[c], NULL))
					return -1;
				break;
		}
	}

	/* required clauses; IAM_ROLE is required for MSK and KAFKA only with AUTHENTICATION iam */
	{
		unsigned	required = source_rules[ri].required;
		int			c;

		if (auth_mode && strcmp(auth_mode, "iam") == 0)
			required |= B(C_IAM_ROLE);
		/* a placeholder where a clause could be may hold IAM_ROLE */
		if (rsi_parser_clause_templated(p))
			required &= ~B(C_IAM_ROLE);
		for (c = 0; c < C_COUNT; c++)
		{
			if ((required & B(c)) && !(seen & B(c)))
			{
				char		rule[128];

				snprintf(rule, sizeof(rule), "CREATE EXTERNAL SCHEMA ... FROM %s requires %s",
						 source_rules[ri].name, clause_names[c]);
				return rsi_parser_missing(p, rule, clause_syntax[c]);
			}
		}
		if (auth_mode && strcmp(auth_mode, "mtls") == 0 &&
			!(seen & (B(C_AUTHENTICATION_ARN) | B(C_SECRET_ARN))))
		{
			rsi_parser_fail(p, seen_off[C_AUTHENTICATION],
							"AUTHENTICATION mtls requires AUTHENTICATION_ARN or SECRET_ARN");
			return -1;
		}
		if ((seen & B(C_CATALOG_ID)) && p->cmd->auth != RSI_AUTH_IAM_ROLE_SESSION)
		{
			rsi_parser_fail(p, seen_off[C_CATALOG_ID],
							"CATALOG_ID is allowed only with IAM_ROLE 'SESSION'");
			return -1;
		}
	}
	return 0;
}

/* ---------- CREATE [OR REPLACE] EXTERNAL FUNCTION ---------- */

/* Parse an unsigned integer token; -1 if it is not one. */
static long long
int_value(const rsi_parser *p)
{
	long long	v = 0;
	size_t		i;

	if (p->tok.kind != RSI_TOK_NUMBER)
		return -1;
	for (i = 0; i < p->tok.len; i++)
	{
		char		c = p->buf[p->tok.off + i];

		if (c < '0' || c > '9')
			return -1;
		if (v > (LLONG_MAX - 9) / 10)
			return LLONG_MAX;
		v = v * 10 + (c - '0');
	}
	return v;
}

/*
 * The whole number at buf[off..off+len) as written, for a message: its
 * digits, cut after 32 with "..." (a number too large for any type is
 * shown as written, not as the largest value it saturated to).
 */
#define NUMBER_SHOWN 32
static void
number_as_written(const rsi_parser *p, size_t off, size_t len, char out[NUMBER_SHOWN + 4])
{
	size_t		n = len > NUMBER_SHOWN ? NUMBER_SHOWN : len;

	memcpy(out, p->buf + off, n);
	strcpy(out + n, len > NUMBER_SHOWN ? "..." : "");
}

static int
is_function_clause(const rsi_parser *p)
{
	static const char *const kws[] = {
		"volatile", "stable", "immutable", "lambda", "sagemaker", "iam_role",
		"retry_timeout", "max_batch_rows", "max_batch_size", NULL
	};
	int			i;

	for (i = 0; kws[i]; i++)
		if (rsi_parser_is_kw(p, kws[i]))
			return 1;
	return 0;
}

int
rsi_parse_external_function(rsi_parser *p)
{
	int			have_volatility = 0,
				have_target = 0,
				have_retry = 0,
				have_rows = 0,
				have_size = 0;

	p->command_name = "CREATE EXTERNAL FUNCTION";
	if (rsi_parser_advance(p))	/* CREATE */
		return -1;
	if (rsi_parser_is_kw(p, "or"))
	{
		if (rsi_parser_advance(p) || rsi_parser_advance(p))	/* OR REPLACE */
			return -1;
	}
	if (rsi_parser_advance(p) || rsi_parser_advance(p))	/* EXTERNAL FUNCTION */
		return -1;
	if (rsi_parser_qualified_name(p, "a function name"))
		return -1;
	if (p->tok.kind != RSI_TOK_LPAREN)
		return rsi_parser_expected(p, "\"(\" and the argument types");
	if (rsi_parser_skip_parens(p))
		return -1;
	if (!rsi_parser_is_kw(p, "returns"))
		return rsi_parser_expected(p, "RETURNS");
	if (rsi_parser_advance(p))
		return -1;
	/* the return type: tokens up to the first clause, e.g. double precision, varchar(10) */
	if (rsi_parser_at_end(p) || is_function_clause(p))
		return rsi_parser_expected(p, "a return type after RETURNS");
	while (!rsi_parser_at_end(p) && !is_function_clause(p))
	{
		if (p->tok.kind == RSI_TOK_LPAREN)
		{
			if (rsi_parser_skip_parens(p))
				return -1;
		}
		else if (rsi_parser_advance(p))
			return -1;
	}

	while (!rsi_parser_at_end(p))
	{
		size_t		off = p->tok.off;

		if (rsi_parser_is_kw(p, "volatile") || rsi_parser_is_kw(p, "stable") ||
			rsi_parser_is_kw(p, "immutable"))
		{
			if (have_volatility++)
				return rsi_parser_clause_twice(p, "the volatility (VOLATILE, STABLE or IMMUTABLE)");
			if (rsi_parser_advance(p))
				return -1;
		}
		else if (p->tok.kind == RSI_TOK_TEMPLATE)
		{
			/* a placeholder where a clause could be: it may hold IAM_ROLE */
			rsi_parser_templated(p, RSI_TPL_CLAUSE, off, p->buf + off, p->tok.len, 1);
			if (rsi_parser_advance(p))
				return -1;
		}
		else if (rsi_parser_is_kw(p, "lambda") || rsi_parser_is_kw(p, "sagemaker"))
		{
			const char *name = rsi_parser_is_kw(p, "lambda") ? "LAMBDA" : "SAGEMAKER";

			if (have_target++)
			{
				rsi_parser_fail(p, off, "only one of LAMBDA or SAGEMAKER may be given");
				return -1;
			}
			p->cmd->sagemaker = name[0] == 'S';
			if (string_clause(p, name, &p->cmd->location))
				return -1;
		}
		else if (rsi_parser_is_kw(p, "retry_timeout") || rsi_parser_is_kw(p, "max_batch_rows"))
		{
			int			rows = rsi_parser_is_kw(p, "max_batch_rows");
			long long	v;
			char		shown[NUMBER_SHOWN + 4];

			if (rows ? have_rows++ : have_retry++)
				return rsi_parser_clause_twice(p, rows ? "MAX_BATCH_ROWS" : "RETRY_TIMEOUT");
			if (rsi_parser_advance(p))
				return -1;
			v = int_value(p);
			if (v < 0)
				return rsi_parser_expected(p, rows ? "a whole number of rows after MAX_BATCH_ROWS"
										   : "a whole number of milliseconds after RETRY_TIMEOUT");
			number_as_written(p, p->tok.off, p->tok.len, shown);
			if (rows && (v < 1 || v > INT_MAX))
				rsi_parser_problem(p, RSI_PROB_OPTION_OUT_OF_RANGE, p->tok.off,
								   "MAX_BATCH_ROWS must be between 1 and 2147483647, found %s", shown);
			else if (!rows && v > INT_MAX)
				rsi_parser_problem(p, RSI_PROB_OPTION_OUT_OF_RANGE, p->tok.off,
								   "RETRY_TIMEOUT must be between 0 and 2147483647 milliseconds, found %s",
								   shown);
			if (rsi_parser_advance(p))
				return -1;
		}
		else if (rsi_parser_is_kw(p, "max_batch_size"))
		{
			long long	v;
			size_t		voff,
						vlen;
			int			mb = 0;
			char		shown[NUMBER_SHOWN + 4];

			if (have_size++)
				return rsi_parser_clause_twice(p, "MAX_BATCH_SIZE");
			if (rsi_parser_advance(p))
				return -1;
			v = int_value(p);
			voff = p->tok.off;
			vlen = p->tok.len;
			if (v < 0)
				return rsi_parser_expected(p, "a whole number after MAX_BATCH_SIZE");
			if (rsi_parser_advance(p))
				return -1;
			if (rsi_parser_is_kw(p, "mb") || rsi_parser_is_kw(p, "kb"))
			{
				mb = rsi_parser_is_kw(p, "mb");
				if (rsi_parser_advance(p))
					return -1;
			}
			/* 1 KB to 5 MB; no unit means KB */
			if (v < 1 || (mb ? v > 5 : v > 5120))
			{
				number_as_written(p, voff, vlen, shown);
				rsi_parser_problem(p, RSI_PROB_OPTION_OUT_OF_RANGE, voff,
								   "MAX_BATCH_SIZE must be between 1 KB and 5 MB, found %s %s",
								   shown, mb ? "MB" : "KB");
			}
		}
		else
		{
			int			r = rsi_parser_auth_clause(p);

			if (r < 0)
				return -1;
			if (r == 0)
				return rsi_parser_expected(p, "an external function clause (LAMBDA, SAGEMAKER, IAM_ROLE, "
										   "RETRY_TIMEOUT, MAX_BATCH_ROWS, MAX_BATCH_SIZE)");
		}
	}
	if (!have_volatility)
		return rsi_parser_missing(p, "CREATE EXTERNAL FUNCTION requires a volatility",
								  "VOLATILE, STABLE or IMMUTABLE");
	if (!have_target)
		return rsi_parser_missing(p, "CREATE EXTERNAL FUNCTION requires a target",
								  "LAMBDA 'function' or SAGEMAKER 'endpoint'");
	if (p->auth_clause == NULL && !rsi_parser_clause_templated(p))
		return rsi_parser_missing(p, "CREATE EXTERNAL FUNCTION requires IAM_ROLE",
								  clause_syntax[C_IAM_ROLE]);
	return 0;
}
