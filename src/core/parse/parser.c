/*
 * parser.c — recursive-descent (but not recursive) parser for the
 * Redshift commands that carry IAM authorization (see command.h); CREATE
 * EXTERNAL SCHEMA/FUNCTION, CREATE MODEL and CREATE LIBRARY have their own
 * files.
 *
 * The parser reads tokens one at a time: those the splitter lexed for it
 * (rsi_parse_options.lexed, at most RSI_LEXED_MAX, held by the splitter),
 * then from the lexer; it keeps no token array of its own, so memory is
 * proportional to the values it extracts, not to the command.  Nothing recurses: parenthesised groups are skipped with a depth
 * counter.  Options are accepted in any order; options that do not affect
 * authorization are skipped token by token in COPY and UNLOAD, whose option
 * lists are long and grow with every Redshift release.  CREATE EXTERNAL
 * SCHEMA and CREATE EXTERNAL FUNCTION have small, fixed clause sets and are
 * parsed strictly so typos are caught.
 *
 * Sources: Amazon Redshift Database Developer Guide, "Authorization
 * parameters"
 * (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-authorization.html)
 * and "UNLOAD" (https://docs.aws.amazon.com/redshift/latest/dg/r_UNLOAD.html).
 */
#include "parse/command.h"
#include "lex/lexer.h"
#include "util/utf8.h"
#include "check/validate.h"
#include "parser_int.h"
#include "lex/script.h"
#include "lex/template.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- token stream ---------- */

static __attribute__((noinline)) int
advance_slow(rsi_parser *p)
{
	p->prev_end = p->tok.off + p->tok.len;
	if (p->lexed_next < p->lexed_n)
	{
		/* the splitter's token: where rsi_lex_next would have ended */
		p->tok = p->lexed[p->lexed_next++];
		p->pos = p->tok.off + p->tok.len;
	}
	else if (p->lexed_eof)
	{
		p->tok.kind = RSI_TOK_EOF;
		p->tok.off = p->pos = p->len;
		p->tok.len = 0;
		p->tok.flags = 0;
		p->tok.error = RSI_LEX_OK;
		return 0;
	}
	else
		p->pos = rsi_lex_next(p->buf, p->len, p->pos, &p->tok);
	if (p->tok.kind == RSI_TOK_ERROR)
	{
		rsi_parser_fail(p, p->tok.off, "%s", rsi_lex_error_message(p->tok.error));
		return -1;
	}
	/*
	 * The lexer lets NUL bytes through inside quotes, but no value may hold
	 * one: PostgreSQL text cannot, and a C string would silently end there.
	 */
	if (((p->tok.kind == RSI_TOK_STRING || p->tok.kind == RSI_TOK_ESTRING ||
		  p->tok.kind == RSI_TOK_QIDENT) && (p->tok.flags & RSI_TOKF_NUL)) ||
		p->tok.kind == RSI_TOK_DOLLAR)
	{
		const char *nul = memchr(p->buf + p->tok.off, '\0', p->tok.len);

		if (nul != NULL)
		{
			rsi_parser_fail(p, (size_t) (nul - p->buf), "%s contains a NUL byte",
							p->tok.kind == RSI_TOK_QIDENT ? "quoted identifier" : "string literal");
			return -1;
		}
	}
	/* a template placeholder outside strings ({{ x }}, ${X}, :'x'): one token */
	if (p->tok.kind == RSI_TOK_OP)
	{
		rsi_template t;

		if (rsi_template_at(p->buf, p->len, p->tok.off, &t))
		{
			p->tok.kind = RSI_TOK_TEMPLATE;
			p->tok.len = t.len;
			p->pos = t.off + t.len;
			/* it may end inside a token: lex on from there */
			p->lexed_n = p->lexed_next = p->lexed_eof = 0;
		}
	}
	return 0;
}

/*
 * The k-th token after the current one (k >= 1), without moving: what
 * rsi_lex_next finds there, from the splitter's tokens when it has them.
 */
void
rsi_parser_peek(const rsi_parser *p, int k, rsi_token *t)
{
	size_t		pos = p->pos;
	int			i = p->lexed_next + k - 1;

	if (i < p->lexed_n)
	{
		*t = p->lexed[i];
		return;
	}
	if (p->lexed_eof)
	{
		/* the statement ends with the splitter's last token */
		t->kind = RSI_TOK_EOF;
		t->error = RSI_LEX_OK;
		t->off = p->len;
		t->len = 0;
		t->flags = 0;
		return;
	}
	if (p->lexed_next < p->lexed_n)
	{
		/* a prefix: lex on from its end */
		const rsi_token *last = &p->lexed[p->lexed_n - 1];

		pos = last->off + last->len;
		k = i - p->lexed_n + 1;
	}
	while (k-- > 0)
		pos = rsi_lex_next(p->buf, p->len, pos, t);
}

/*
 * The next token.  Most come from the splitter and need no check: those
 * are taken here, inline; the rest (lexed here, an operator that may start
 * a template placeholder, a dollar quote or a quoted token holding a NUL
 * byte, the end) go to advance_slow.
 */
#define SLOW_KINDS ((1u << RSI_TOK_OP) | (1u << RSI_TOK_DOLLAR) | (1u << RSI_TOK_ERROR))

RSI_ALWAYS_INLINE int
advance(rsi_parser *p)
{
	if (p->lexed_next < p->lexed_n)
	{
		const rsi_token *t = &p->lexed[p->lexed_next];

		if (!((1u << t->kind) & SLOW_KINDS) && !(t->flags & RSI_TOKF_NUL))
		{
			p->prev_end = p->tok.off + p->tok.len;
			p->tok = *t;
			p->lexed_next++;
			p->pos = t->off + t->len;
			return 0;
		}
	}
	return advance_slow(p);
}

static int
at_end(const rsi_parser *p)
{
	return p->tok.kind == RSI_TOK_EOF || p->tok.kind == RSI_TOK_SEMI;
}

/* a macro, not a function: the keyword stays a literal (parser_int.h) */
#define is_kw(p, kw)	rsi_parser_is_kw(p, kw)

/*
 * Describe the current token for "found ..." in messages.  String literals
 * are never echoed (they may be secrets); nor is anything at all where a
 * secret value was expected, nor any token the redactor would mask (say
 * the word after 'x SECRET_ACCESS_KEY ', or a bare secret after TOKEN).
 */
static void
describe_token(const rsi_parser *p, char *out, size_t outsz)
{
	const rsi_token *t = &p->tok;

	if (t->kind == RSI_TOK_EOF)
		snprintf(out, outsz, "end of input");
	else if (t->kind == RSI_TOK_SEMI)
		snprintf(out, outsz, "\";\"");
	else if (rsi_token_is_string(t))
		snprintf(out, outsz, "a string literal");
	else if (t->kind == RSI_TOK_TEMPLATE)
		snprintf(out, outsz, "a template placeholder");
	else if (p->secret_context)
		snprintf(out, outsz, "an unquoted value");
	else if (!rsi_redact_span_kept(p->buf, p->len, t->off, t->len))
		snprintf(out, outsz, "a value that is not shown (it may be secret)");
	else
	{
		/* at most 40 bytes, valid UTF-8, cut between characters */
		char		q[41];
		int			cut;

		rsi_utf8_excerpt(p->buf + t->off, t->len, 40, q, &cut);
		snprintf(out, outsz, "\"%s%s\"", q, cut ? "..." : "");
	}
}

void
rsi_parser_fail(rsi_parser *p, size_t off, const char *fmt,...)
{
	va_list		ap;

	if (p->failed)
		return;
	p->failed = 1;
	p->err->off = off;
	va_start(ap, fmt);
	rsi_utf8_vsnprintf(p->err->message, sizeof(p->err->message), fmt, ap);
	va_end(ap);
}

static int
expected(rsi_parser *p, const char *what)
{
	char		found[64];

	describe_token(p, found, sizeof(found));
	rsi_parser_fail(p, p->tok.off, "expected %s, found %s", what, found);
	return -1;
}

/*
 * A required clause is missing.  Called once the clauses are read, so the
 * current token is the ";" or the end of input: the error is put where the
 * clause was expected (the ";", or just past the last token) and names
 * both what was expected and what was found there.
 */
static int
missing(rsi_parser *p, const char *rule, const char *what)
{
	char		found[64];

	describe_token(p, found, sizeof(found));
	rsi_parser_fail(p, p->tok.kind == RSI_TOK_SEMI ? p->tok.off : p->prev_end,
					"%s: expected %s, found %s", rule, what, found);
	return -1;
}

/* inline: the keyword stays a literal (rsi_parser_is_kw) */
RSI_ALWAYS_INLINE int
expect_kw(rsi_parser *p, const char *kw, const char *display)
{
	if (!is_kw(p, kw))
		return expected(p, display);
	return advance(p);
}

/* ---------- allocation ---------- */

void *
rsi_parser_alloc(rsi_parser *p, size_t n)
{
	void	   *m = p->alloc->alloc(p->alloc->ctx, n ? n : 1);

	if (m == NULL && !p->nomem)
	{
		p->nomem = 1;
		rsi_parser_fail(p, p->tok.off, "out of memory");
	}
	return m;
}

char *
rsi_parser_strdup(rsi_parser *p, const char *s, size_t n)
{
	char	   *m = rsi_parser_alloc(p, n + 1);

	if (m)
	{
		memcpy(m, s, n);
		m[n] = '\0';
	}
	return m;
}

/* A string literal, or a template placeholder standing for one. */
static int
is_value(const rsi_parser *p)
{
	return rsi_token_is_string(&p->tok) || p->tok.kind == RSI_TOK_TEMPLATE;
}

/*
 * May a placeholder be quoted in a message?  Only one made of name
 * characters (letters, digits, _ . - | ( ) and blanks inside its braces):
 * an expression with quotes, '=', ';', '/' or '+' could hold a literal, and
 * a literal could be a secret.  psql's :'name' and :"name" hold a name only.
 */
static int
placeholder_showable(const char *t, size_t n)
{
	size_t		i;

	if (n > 100)
		return 0;
	for (i = 0; i < n; i++)
	{
		char		c = t[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			strchr("_.-|(){}$:%# ", c) != NULL)
			continue;
		if ((c == '\'' || c == '"') && t[0] == ':')
			continue;
		return 0;
	}
	return 1;
}

/*
 * Record the first placeholder of a site (command.h).  show: the
 * placeholder may be quoted in messages (never where a secret goes).
 */
void
rsi_parser_templated(rsi_parser *p, rsi_template_site site, size_t off,
					 const char *text, size_t n, int show)
{
	rsi_templated *s = &p->cmd->templated[site];
	char		q[304];
	int			cut;

	if (s->present)
		return;
	s->present = 1;
	s->off = off;
	s->text = NULL;
	p->cmd->ntemplated++;
	if (show && placeholder_showable(text, n))
	{
		rsi_utf8_excerpt(text, n, 100, q, &cut);
		if (cut)
			strcat(q, "...");
		s->text = rsi_parser_strdup(p, q, strlen(q));
	}
}

/*
 * Is the current value (v[0..n), decoded) a placeholder or does it hold
 * one?  If so, record it for site and return 1.
 */
int
rsi_parser_value_templated(rsi_parser *p, const char *v, size_t n, unsigned flags,
						   rsi_template_site site, int show)
{
	rsi_template t;

	if (p->tok.kind == RSI_TOK_TEMPLATE)
	{
		rsi_parser_templated(p, site, p->tok.off, p->buf + p->tok.off, p->tok.len, show);
		return 1;
	}
	/* a plain string decodes to no '{' or '$' it does not hold: none, said the lexer */
	if (p->tok.kind == RSI_TOK_STRING && !(p->tok.flags & RSI_TOKF_TMPL))
		return 0;
	if (v == NULL || !rsi_template_in_string(v, n, 0, flags, &t))
		return 0;
	rsi_parser_templated(p, site, rsi_parser_value_off(&p->tok, t.off), v + t.off, t.len, show);
	return 1;
}

/* Decode the current string token into parser memory. */
static char *
take_string(rsi_parser *p, size_t *outlen)
{
	char	   *m = rsi_parser_alloc(p, p->tok.len + 1);
	size_t		n;

	if (m == NULL)
		return NULL;
	n = rsi_token_string(p->buf, &p->tok, m);
	/* plain and dollar strings decode to their own bytes, which advance() checked */
	if (p->tok.kind != RSI_TOK_STRING && p->tok.kind != RSI_TOK_DOLLAR &&
		memchr(m, '\0', n) != NULL)
	{
		/* raw NULs fail in advance(); this is E'\0' or E'\x00' */
		rsi_parser_fail(p, p->tok.off, "string literal contains a NUL byte (an escape decodes to NUL)");
		return NULL;
	}
	if (outlen)
		*outlen = n;
	return m;
}

/*
 * Source offset of byte i of the current string token's decoded value.
 * Exact for plain strings without escapes ('' \' \\, which the lexer
 * flags); the token start otherwise.
 */
size_t
rsi_parser_value_off(const rsi_token *t, size_t i)
{
	if (t->kind == RSI_TOK_STRING && (t->flags & (RSI_TOKF_BACKSLASH | RSI_TOKF_DOUBLED)) == 0)
		return t->off + 1 + i;
	return t->off;
}

static void
add_problem_n(rsi_parser *p, const char *code, size_t off, const char *buf, size_t n)
{
	rsi_problem *np;

	if (p->nproblems == p->cap_problems)
	{
		size_t		cap = p->cap_problems ? p->cap_problems * 2 : 4;

		np = rsi_parser_alloc(p, cap * sizeof(rsi_problem));
		if (np == NULL)
			return;
		if (p->nproblems)
			memcpy(np, p->cmd->problems, p->nproblems * sizeof(rsi_problem));
		p->cmd->problems = np;
		p->cap_problems = cap;
	}
	np = &p->cmd->problems[p->nproblems];
	np->code = code;
	np->message = rsi_parser_strdup(p, buf, n);
	np->off = off;
	p->nproblems++;
	p->cmd->nproblems = p->nproblems;
}

static void
add_problem(rsi_parser *p, const char *code, size_t off, const char *buf)
{
	add_problem_n(p, code, off, buf, strlen(buf));
}

/*
 * Record a problem.  Past RSI_MAX_PROBLEMS they are only counted, so that
 * input like IAM_ROLE ',,,,...' cannot make memory grow with its length;
 * rsi_parse_command then adds one too-many-problems problem.
 */
void
rsi_parser_problem(rsi_parser *p, const char *code, size_t off, const char *fmt,...)
{
	va_list		ap;
	char		buf[640];

	if (p->nproblems >= RSI_MAX_PROBLEMS)
	{
		if (p->dropped_problems++ == 0)
			p->dropped_off = off;
		return;
	}
	va_start(ap, fmt);
	rsi_utf8_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	add_problem(p, code, off, buf);
}

/* The same with the message already made (it must be shorter than 640 bytes). */
void
rsi_parser_problem_text(rsi_parser *p, const char *code, size_t off, const char *msg, size_t n)
{
	if (p->nproblems >= RSI_MAX_PROBLEMS)
	{
		if (p->dropped_problems++ == 0)
			p->dropped_off = off;
		return;
	}
	add_problem_n(p, code, off, msg, n);
}

/* ---------- names ---------- */

static int
is_name_token(const rsi_token *t)
{
	return t->kind == RSI_TOK_IDENT || t->kind == RSI_TOK_QIDENT;
}

/*
 * One part of a name: a name token or a template placeholder, and the
 * pieces written right against it (staging_{{ ds_nodash }}).
 */
static int
name_part(rsi_parser *p, const char *what)
{
	rsi_token_kind prev = p->tok.kind;

	if (!is_name_token(&p->tok) && prev != RSI_TOK_TEMPLATE)
		return expected(p, what);
	if (advance(p))
		return -1;
	/* only beside a placeholder: "sales"FROM is a name and a keyword */
	while (p->tok.off == p->prev_end &&
		   (prev == RSI_TOK_TEMPLATE || p->tok.kind == RSI_TOK_TEMPLATE) &&
		   (is_name_token(&p->tok) || p->tok.kind == RSI_TOK_TEMPLATE ||
			p->tok.kind == RSI_TOK_NUMBER))
	{
		prev = p->tok.kind;
		if (advance(p))
			return -1;
	}
	return 0;
}

/* [db.][schema.]name, quoted or not, including #temp names */
static int
parse_qualified_name(rsi_parser *p, const char *what)
{
	if (name_part(p, what))
		return -1;
	while (p->tok.kind == RSI_TOK_DOT)
	{
		if (advance(p))
			return -1;
		if (name_part(p, "a name after \".\""))
			return -1;
	}
	return 0;
}

/* Skip a balanced parenthesised group starting at '('; no recursion. */
static int
skip_parens(rsi_parser *p)
{
	size_t		depth = 0;
	size_t		open_off = p->tok.off;

	do
	{
		if (p->tok.kind == RSI_TOK_LPAREN)
			depth++;
		else if (p->tok.kind == RSI_TOK_RPAREN)
			depth--;
		else if (p->tok.kind == RSI_TOK_EOF)
		{
			rsi_parser_fail(p, open_off, "unbalanced parenthesis: \"(\" is never closed");
			return -1;
		}
		if (advance(p))
			return -1;
	} while (depth > 0);
	return 0;
}

/* ---------- authorization clauses (shared by all the commands) ---------- */

/* p->auth_clause is one of these (compared as pointers) or NULL */
static const char AUTH_IAM_ROLE[] = "IAM_ROLE";
static const char AUTH_CREDENTIALS[] = "CREDENTIALS";
static const char AUTH_KEYS[] = "ACCESS_KEY_ID/SECRET_ACCESS_KEY";

static int
clause_twice(rsi_parser *p, const char *name)
{
	rsi_parser_fail(p, p->tok.off, "%s is given more than once", name);
	return -1;
}

/*
 * A second authorization form where one is already present: the
 * three forms are mutually exclusive.
 */
static int
auth_conflict(rsi_parser *p, const char *clause)
{
	rsi_parser_fail(p, p->tok.off,
					"%s cannot be combined with %s: IAM_ROLE, CREDENTIALS and "
					"ACCESS_KEY_ID/SECRET_ACCESS_KEY are mutually exclusive",
					clause, p->auth_clause);
	return -1;
}

static int
keys_not_allowed(rsi_parser *p, const char *clause)
{
	rsi_parser_fail(p, p->tok.off,
					"%s is not allowed in %s: only COPY, UNLOAD and CREATE LIBRARY accept "
					"credentials or access keys; use IAM_ROLE",
					clause, p->command_name);
	return -1;
}

/* IAM_ROLE { default | 'SESSION' | 'arn[,arn...]' } */
static int
parse_iam_role(rsi_parser *p)
{
	size_t		clause_off = p->tok.off;

	if (p->auth_clause == AUTH_IAM_ROLE)
		return clause_twice(p, "IAM_ROLE");
	if (p->auth_clause)
		return auth_conflict(p, "IAM_ROLE");
	if (advance(p))
		return -1;
	p->auth_clause = AUTH_IAM_ROLE;
	p->cmd->auth_off = clause_off;
	if (is_kw(p, "default"))
	{
		p->cmd->auth = RSI_AUTH_IAM_ROLE_DEFAULT;
		return advance(p);
	}
	if (!is_value(p))
		return expected(p, "default or a quoted role ARN after IAM_ROLE");
	{
		size_t		n;
		char	   *v = take_string(p, &n);

		if (v == NULL)
			return -1;
		if (strcmp(v, "SESSION") == 0)
		{
			if (!p->session_allowed)
			{
				rsi_parser_fail(p, p->tok.off,
								"IAM_ROLE 'SESSION' is allowed only in CREATE EXTERNAL SCHEMA ... FROM DATA CATALOG");
				return -1;
			}
			p->cmd->auth = RSI_AUTH_IAM_ROLE_SESSION;
			return advance(p);
		}
		p->cmd->auth = RSI_AUTH_IAM_ROLE;
		if (rsi_parser_value_templated(p, v, n, RSI_TMPL_ANY_CASE, RSI_TPL_ROLE, 1))
		{
			/*
			 * The chain is checked once rendered: keep it whole, as written;
			 * fail-closed like any chain, a value naming a secret key is
			 * shown as *** (the role value may hold anything).
			 */
			const char **arr = rsi_parser_alloc(p, sizeof(char *));

			if (arr == NULL)
				return -1;
			arr[0] = rsi_has_secret_key_name(v, n) ? "***" : v;
			p->cmd->roles = arr;
			p->cmd->nroles = 1;
			return advance(p);
		}
		if (rsi_parser_split_chain(p, v, n, 1, &p->tok, p->single_role_only ? "IAM_ROLE" : NULL,
								   &p->cmd->roles, &p->cmd->nroles))
			return -1;
	}
	return advance(p);
}

/* [WITH] CREDENTIALS [AS] '...' */
static int
parse_credentials(rsi_parser *p, size_t clause_off)
{
	if (!p->keys_allowed)
		return keys_not_allowed(p, "CREDENTIALS");
	if (p->auth_clause == AUTH_CREDENTIALS)
		return clause_twice(p, "CREDENTIALS");
	if (p->auth_clause)
		return auth_conflict(p, "CREDENTIALS");
	if (advance(p))
		return -1;
	if (is_kw(p, "as") && advance(p))
		return -1;
	p->auth_clause = AUTH_CREDENTIALS;
	p->cmd->auth_off = clause_off;
	if (!is_value(p))
	{
		p->secret_context = 1;
		return expected(p, "a quoted credentials string after CREDENTIALS");
	}
	{
		/* a placeholder anywhere: the whole string is the template's (never shown) */
		size_t		n;
		char	   *v = take_string(p, &n);

		if (v == NULL)
			return -1;
		if (rsi_parser_value_templated(p, v, n, RSI_TMPL_ANY_CASE, RSI_TPL_KEYS, 0))
		{
			memset(v, 0, n);
			return advance(p);
		}
		memset(v, 0, n);
	}
	if (rsi_parser_credentials(p))
		return -1;
	return advance(p);
}

/* ACCESS_KEY_ID | SECRET_ACCESS_KEY | SESSION_TOKEN | TOKEN followed by a string */
static int
parse_key_clause(rsi_parser *p, int which)
{
	static const char *const names[] = {"ACCESS_KEY_ID", "SECRET_ACCESS_KEY", "SESSION_TOKEN"};
	const char *name = names[which];
	size_t		clause_off = p->tok.off;

	if (!p->keys_allowed)
		return keys_not_allowed(p, name);
	if (p->auth_clause && p->auth_clause != AUTH_KEYS)
		return auth_conflict(p, name);
	if (p->key_seen[which])
		return clause_twice(p, name);
	p->key_seen[which] = 1;
	p->key_off[which] = clause_off;
	if (p->auth_clause == NULL)
		p->cmd->auth_off = clause_off;
	p->auth_clause = AUTH_KEYS;
	if (advance(p))
		return -1;
	if (is_kw(p, "as") && advance(p))
		return -1;
	p->secret_context = (which != 0);
	if (!is_value(p))
	{
		char		what[64];

		snprintf(what, sizeof(what), "a quoted value after %s", name);
		return expected(p, what);
	}
	p->secret_context = 0;
	if (which == 0)
	{
		size_t		n;
		char	   *v = take_string(p, &n);

		if (v == NULL)
			return -1;
		if (rsi_parser_value_templated(p, v, n, RSI_TMPL_ANY_CASE, RSI_TPL_KEYS, 0))
		{
			/* checked once rendered: no key ID, no shape check */
			p->access_key_val = NULL;
			p->cmd->access_key_id = NULL;
			return advance(p);
		}
		/* the result shows only a well-formed key ID: anything else may be the secret */
		p->access_key_val = v;
		p->cmd->access_key_id = rsi_access_key_id_check(v, n) == NULL ? v : NULL;
		p->access_key_tok = p->tok;
	}
	else if (which == 2)
		p->cmd->session_token = 1;
	return advance(p);
}

/* After the clauses: the keys form must be complete. */
static int
finish_keys(rsi_parser *p)
{
	if (p->auth_clause != AUTH_KEYS)
		return 0;
	if (!p->key_seen[0] || !p->key_seen[1])
	{
		size_t		off = p->key_seen[0] ? p->key_off[0] : p->key_seen[1] ? p->key_off[1] : p->key_off[2];

		if (!p->key_seen[0] && !p->key_seen[1])
			rsi_parser_fail(p, off, "SESSION_TOKEN requires ACCESS_KEY_ID and SECRET_ACCESS_KEY");
		else
			rsi_parser_fail(p, off, "%s requires %s",
							p->key_seen[0] ? "ACCESS_KEY_ID" : "SECRET_ACCESS_KEY",
							p->key_seen[0] ? "SECRET_ACCESS_KEY" : "ACCESS_KEY_ID");
		return -1;
	}
	p->cmd->auth = RSI_AUTH_ACCESS_KEYS;
	if (p->access_key_val == NULL)
		return 0;				/* a template placeholder */
	rsi_parser_check_key_id(p, p->access_key_val, strlen(p->access_key_val),
							rsi_parser_value_off(&p->access_key_tok, 0));
	return 0;
}

/*
 * Try the authorization clauses at the current token.  Returns 1 when one
 * was consumed, 0 when the token starts no authorization clause, -1 on
 * error.
 */
static int
try_auth_clause(rsi_parser *p)
{
	/* one test of the first letter instead of one per keyword */
	switch (rsi_parser_kw_letter(p))
	{
		case 'i':
		case 'c':
		case 'w':
		case 'a':
		case 's':
		case 't':
			break;
		default:
			return 0;
	}
	if (is_kw(p, "iam_role"))
		return parse_iam_role(p) ? -1 : 1;
	if (is_kw(p, "credentials"))
		return parse_credentials(p, p->tok.off) ? -1 : 1;
	if (is_kw(p, "with"))
	{
		/* WITH is only noise before CREDENTIALS; look one token ahead */
		rsi_token	next;

		rsi_parser_peek(p, 1, &next);
		if (rsi_token_is_kw(p->buf, &next, "credentials"))
		{
			size_t		off = p->tok.off;

			if (advance(p))
				return -1;
			return parse_credentials(p, off) ? -1 : 1;
		}
		return 0;
	}
	if (is_kw(p, "access_key_id"))
		return parse_key_clause(p, 0) ? -1 : 1;
	if (is_kw(p, "secret_access_key"))
		return parse_key_clause(p, 1) ? -1 : 1;
	/* TOKEN is the developer guide examples' spelling of SESSION_TOKEN */
	if (is_kw(p, "session_token") || is_kw(p, "token"))
		return parse_key_clause(p, 2) ? -1 : 1;
	return 0;
}

/* ---------- options the IAM permission table reads ---------- */

/*
 * At an option keyword of COPY or UNLOAD that names something Redshift
 * reaches in AWS: record it.  Returns 1 when it consumed tokens (the
 * current token is then the one after the option), 0 when the current
 * token is not such an option, -1 on error.  Only values the IAM
 * permission table needs are kept (REGION, KMS_KEY_ID, a JSONPaths file),
 * plus the flags MANIFEST, SSH, ALLOWOVERWRITE and CLEANPATH.
 */
static int
data_option(rsi_parser *p)
{
	const char **out = NULL;

	switch (rsi_parser_kw_letter(p))
	{
		case 'm':
		case 's':
		case 'a':
		case 'c':
		case 'r':
		case 'k':
		case 'j':
			break;
		default:
			return 0;
	}
	if (is_kw(p, "manifest"))
		p->cmd->manifest = 1;
	else if (is_kw(p, "ssh"))
		p->cmd->ssh = 1;
	else if (is_kw(p, "allowoverwrite"))
		p->cmd->allowoverwrite = 1;
	else if (is_kw(p, "cleanpath"))
		p->cmd->cleanpath = 1;
	else if (is_kw(p, "region"))
		out = &p->cmd->region;
	else if (is_kw(p, "kms_key_id"))
		out = &p->cmd->kms_key_id;
	else if (is_kw(p, "json") || is_kw(p, "avro"))
		out = &p->cmd->jsonpaths;
	if (out == NULL)
		return 0;
	if (advance(p))
		return -1;
	if (is_kw(p, "as"))
	{
		if (advance(p))
			return -1;
	}
	if (!rsi_token_is_string(&p->tok))
		return 1;				/* JSON 'auto' is a string; bare JSON is not */
	*out = take_string(p, NULL);
	if (*out == NULL)
		return -1;
	/* only an S3 object is a JSONPaths file ('auto', 'noshred' are not) */
	if (out == &p->cmd->jsonpaths && strncmp(*out, "s3://", 5) != 0)
		*out = NULL;
	if (advance(p))
		return -1;
	return 1;
}

/* ---------- COPY ---------- */

/* COPY's FROM and UNLOAD's TO: a string (or a placeholder), then advance */
static int
take_location(rsi_parser *p)
{
	size_t		n;

	p->cmd->location = take_string(p, &n);
	if (p->cmd->location == NULL)
		return -1;
	rsi_parser_value_templated(p, p->cmd->location, n, 0, RSI_TPL_LOCATION, 1);
	return advance(p);
}

static int
parse_copy(rsi_parser *p)
{
	p->command_name = "COPY";
	p->keys_allowed = 1;
	if (advance(p))
		return -1;
	if (p->tok.kind == RSI_TOK_LPAREN)
	{
		rsi_parser_fail(p, p->tok.off,
						"COPY (query) TO is PostgreSQL syntax; Redshift's COPY loads a table FROM a data source");
		return -1;
	}
	if (parse_qualified_name(p, "a table name after COPY"))
		return -1;
	if (p->tok.kind == RSI_TOK_LPAREN)
	{
		/* column list */
		if (advance(p))
			return -1;
		for (;;)
		{
			if (!is_name_token(&p->tok))
				return expected(p, "a column name");
			if (advance(p))
				return -1;
			if (p->tok.kind == RSI_TOK_COMMA)
			{
				if (advance(p))
					return -1;
				continue;
			}
			if (p->tok.kind != RSI_TOK_RPAREN)
				return expected(p, "\",\" or \")\" in the column list");
			if (advance(p))
				return -1;
			break;
		}
	}
	if (expect_kw(p, "from", "FROM"))
		return -1;
	if (!is_value(p))
		return expected(p, "a quoted data source after FROM (such as 's3://bucket/prefix')");
	if (take_location(p))
		return -1;

	while (!at_end(p))
	{
		int			r = try_auth_clause(p);

		if (r == 0)
			r = data_option(p);
		if (r < 0)
			return -1;
		if (r == 0 && p->tok.kind == RSI_TOK_TEMPLATE)
			rsi_parser_templated(p, RSI_TPL_CLAUSE, p->tok.off, p->buf + p->tok.off, p->tok.len, 1);
		if (r == 0 && advance(p))
			return -1;
	}
	return 0;
}

/* ---------- UNLOAD ---------- */

static int
parse_unload(rsi_parser *p)
{
	size_t		kms_off = 0,
				msk_off = 0,
				auto_off = 0,
				depth = 0;
	int			kms = 0,
				msk = 0,
				encrypted = 0,
				enc_auto = 0;

	p->command_name = "UNLOAD";
	p->keys_allowed = 1;
	if (advance(p))
		return -1;
	if (p->tok.kind != RSI_TOK_LPAREN)
		return expected(p, "\"(\" and a quoted SELECT statement after UNLOAD");
	if (advance(p))
		return -1;
	if (!is_value(p))
		return expected(p, "a quoted SELECT statement inside UNLOAD ( )");
	if (advance(p))
		return -1;
	if (p->tok.kind != RSI_TOK_RPAREN)
		return expected(p, "\")\" after the quoted SELECT statement");
	if (advance(p))
		return -1;
	if (expect_kw(p, "to", "TO"))
		return -1;
	if (!is_value(p))
		return expected(p, "a quoted destination after TO (such as 's3://bucket/prefix')");
	if (take_location(p))
		return -1;

	while (!at_end(p))
	{
		int			r = try_auth_clause(p);

		if (r < 0)
			return -1;
		if (r > 0)
			continue;
		if (depth == 0 && p->tok.kind == RSI_TOK_TEMPLATE)
			rsi_parser_templated(p, RSI_TPL_CLAUSE, p->tok.off, p->buf + p->tok.off, p->tok.len, 1);
		/* option keywords count only outside parentheses (PARTITION BY (col, ...)) */
		if (p->tok.kind == RSI_TOK_LPAREN)
			depth++;
		else if (p->tok.kind == RSI_TOK_RPAREN)
		{
			if (depth > 0)
				depth--;
		}
		else if (depth == 0 && is_kw(p, "kms_key_id"))
		{
			kms = 1;
			kms_off = p->tok.off;
			r = data_option(p);
			if (r < 0)
				return -1;
			continue;
		}
		else if (depth == 0 && !is_kw(p, "json") && (r = data_option(p)) != 0)
		{
			if (r < 0)
				return -1;
			continue;
		}
		else if (depth == 0 && is_kw(p, "master_symmetric_key"))
		{
			msk = 1;
			msk_off = p->tok.off;
			p->cmd->master_symmetric_key = 1;
		}
		else if (depth == 0 && is_kw(p, "encrypted"))
		{
			rsi_token	next;

			encrypted = 1;
			rsi_parser_peek(p, 1, &next);
			if (rsi_token_is_kw(p->buf, &next, "auto"))
			{
				enc_auto = 1;
				auto_off = p->tok.off;
			}
		}
		if (advance(p))
			return -1;
	}

	/* UNLOAD: key-management options that CREDENTIALS cannot carry */
	if (p->auth_clause == AUTH_CREDENTIALS)
	{
		if (kms)
		{
			rsi_parser_fail(p, kms_off, "KMS_KEY_ID cannot be used with CREDENTIALS; use IAM_ROLE or ACCESS_KEY_ID/SECRET_ACCESS_KEY");
			return -1;
		}
		if (msk)
		{
			rsi_parser_fail(p, msk_off, "MASTER_SYMMETRIC_KEY cannot be used with CREDENTIALS; put master_symmetric_key inside the credentials string");
			return -1;
		}
	}
	if (enc_auto && (kms || p->cmd->master_symmetric_key))
	{
		rsi_parser_fail(p, auto_off, "ENCRYPTED AUTO cannot be combined with KMS_KEY_ID or MASTER_SYMMETRIC_KEY");
		return -1;
	}
	/* UNLOAD: KMS_KEY_ID and MASTER_SYMMETRIC_KEY each require ENCRYPTED (anywhere) */
	if ((kms || msk) && !encrypted)
	{
		int			first_kms = kms && (!msk || kms_off < msk_off);

		rsi_parser_fail(p, first_kms ? kms_off : msk_off,
						"%s requires ENCRYPTED: expected ENCRYPTED among the UNLOAD options, found none",
						first_kms ? "KMS_KEY_ID" : "MASTER_SYMMETRIC_KEY");
		return -1;
	}
	return 0;
}

/* ---------- dispatch ---------- */

/*
 * After the clauses: a placeholder where a clause could be counts
 * (RSI_TPL_CLAUSE) only when the command has no authorization clause of
 * its own; it may then hold it.  Returns 1 in that case.
 */
int
rsi_parser_clause_templated(rsi_parser *p)
{
	rsi_templated *s = &p->cmd->templated[RSI_TPL_CLAUSE];

	if (!s->present)
		return 0;
	if (p->auth_clause == NULL)
		return 1;
	s->present = 0;
	p->cmd->ntemplated--;
	return 0;
}

static int
parse_required_auth(rsi_parser *p)
{
	if (finish_keys(p))
		return -1;
	if (rsi_parser_clause_templated(p))
		return 0;
	if (p->auth_clause == NULL)
	{
		char		rule[64];

		snprintf(rule, sizeof(rule), "%s requires an authorization clause", p->command_name);
		return missing(p, rule, "IAM_ROLE, CREDENTIALS, or ACCESS_KEY_ID and SECRET_ACCESS_KEY");
	}
	return 0;
}

static int
finish_statement(rsi_parser *p)
{
	if (p->tok.kind == RSI_TOK_SEMI)
	{
		if (advance(p))
			return -1;
		if (p->tok.kind != RSI_TOK_EOF)
		{
			rsi_parser_fail(p, p->tok.off,
							"expected end of command after \";\": parse_command takes one command; use validate_script for several");
			return -1;
		}
	}
	return 0;
}

rsi_parse_status
rsi_parse_command(const char *buf, size_t len, const rsi_parse_options *opt,
				  const rsi_alloc *alloc, rsi_command *cmd, rsi_parse_error *err)
{
	rsi_parser	p;
	int			r = 0;

	memset(&p, 0, sizeof(p));
	memset(cmd, 0, sizeof(*cmd));
	/* the message is read only on failure: no need to clear all 512 bytes */
	err->off = 0;
	err->message[0] = '\0';
	p.buf = buf;
	p.len = len;
	p.alloc = alloc;
	p.cmd = cmd;
	p.err = err;
	p.max_chain = (opt && opt->max_role_chain > 0) ? opt->max_role_chain : RSI_DEFAULT_MAX_ROLE_CHAIN;
	if (opt && opt->lexed && opt->lexed->buf == buf && opt->lexed->len == len)
	{
		p.lexed = opt->lexed->tok;
		p.lexed_n = opt->lexed->ntok;
		p.lexed_eof = opt->lexed->complete;
	}
	cmd->roles = NULL;

	if (advance(&p))
		return RSI_PARSE_SYNTAX;
	/*
	 * A statement that starts inside a template block ({% if prod %} COPY
	 * ...): skip the placeholders, unless they are all there is ({% endif %}
	 * alone is a statement of another kind, not an empty one).
	 */
	if (p.tok.kind == RSI_TOK_TEMPLATE)
	{
		rsi_parser	first = p;

		while (p.tok.kind == RSI_TOK_TEMPLATE)
			if (advance(&p))
				return RSI_PARSE_SYNTAX;
		if (p.tok.kind == RSI_TOK_EOF || p.tok.kind == RSI_TOK_SEMI)
			p = first;
	}
	cmd->off = p.tok.off;
	if (p.tok.kind == RSI_TOK_EOF)
	{
		rsi_parser_fail(&p, p.tok.off, "empty command: expected " RSI_PARSE_KINDS_TEXT);
		return RSI_PARSE_EMPTY;
	}

	if (is_kw(&p, "copy"))
	{
		cmd->kind = RSI_CMD_COPY;
		r = parse_copy(&p);
		if (!r)
			r = parse_required_auth(&p);
	}
	else if (is_kw(&p, "unload"))
	{
		cmd->kind = RSI_CMD_UNLOAD;
		r = parse_unload(&p);
		if (!r)
			r = parse_required_auth(&p);
	}
	else if (is_kw(&p, "create"))
	{
		rsi_token	t1,
					t2,
					t3,
					t4;

		/*
		 * The external parsers skip these keywords: all of them are checked
		 * here.  The third and fourth words matter only after OR (REPLACE).
		 */
		rsi_parser_peek(&p, 1, &t1);
		rsi_parser_peek(&p, 2, &t2);
		memset(&t3, 0, sizeof(t3));
		memset(&t4, 0, sizeof(t4));
		if (rsi_token_is_kw(buf, &t1, "or"))
		{
			rsi_parser_peek(&p, 3, &t3);
			rsi_parser_peek(&p, 4, &t4);
		}
		if (rsi_token_is_kw(buf, &t1, "external") && rsi_token_is_kw(buf, &t2, "schema"))
		{
			cmd->kind = RSI_CMD_CREATE_EXTERNAL_SCHEMA;
			r = rsi_parse_external_schema(&p);
		}
		else if (rsi_token_is_kw(buf, &t1, "model") ||
				 (rsi_token_is_kw(buf, &t1, "external") && rsi_token_is_kw(buf, &t2, "model")))
		{
			cmd->kind = RSI_CMD_CREATE_MODEL;
			r = rsi_parse_create_model(&p, rsi_token_is_kw(buf, &t1, "external"));
		}
		else if (rsi_token_is_kw(buf, &t1, "library") ||
				 (rsi_token_is_kw(buf, &t1, "or") && rsi_token_is_kw(buf, &t2, "replace") &&
				  rsi_token_is_kw(buf, &t3, "library")))
		{
			cmd->kind = RSI_CMD_CREATE_LIBRARY;
			r = rsi_parse_create_library(&p);
		}
		else if ((rsi_token_is_kw(buf, &t1, "external") && rsi_token_is_kw(buf, &t2, "function")) ||
				 (rsi_token_is_kw(buf, &t1, "or") && rsi_token_is_kw(buf, &t2, "replace") &&
				  rsi_token_is_kw(buf, &t3, "external") && rsi_token_is_kw(buf, &t4, "function")))
		{
			cmd->kind = RSI_CMD_CREATE_EXTERNAL_FUNCTION;
			r = rsi_parse_external_function(&p);
		}
	}

	if (cmd->kind == RSI_CMD_OTHER)
	{
		char		found[64];
		size_t		e = p.tok.off + p.tok.len;
		int			word;

		if (opt && opt->no_other_message)
		{
			err->off = p.tok.off;
			return RSI_PARSE_OTHER;
		}

		/*
		 * The statement's first token is quoted only when it is a plain
		 * one-case word standing alone (SELECT, insert ...): what came before
		 * the statement (a comment naming a secret key, say) is not in the
		 * buffer, so a bare secret that starts a statement cannot be
		 * recognised by its context, only by its shape.
		 */
		word = rsi_credentials_key_like(buf + p.tok.off, p.tok.len) &&
			(e >= len || buf[e] == ' ' || buf[e] == '\t' || buf[e] == '\n' || buf[e] == '\r' ||
			 buf[e] == '(' || buf[e] == ';');
		if (p.tok.kind == RSI_TOK_IDENT && !word)
			snprintf(found, sizeof(found), "a word that is not shown (it may be secret)");
		else
			describe_token(&p, found, sizeof(found));
		rsi_parser_fail(&p, p.tok.off,
						"expected " RSI_PARSE_KINDS_TEXT ", found %s",
						found);
		return RSI_PARSE_OTHER;
	}
	if (!r && !p.failed)
		r = finish_statement(&p);
	if (r || p.failed)
		return p.nomem ? RSI_PARSE_NOMEM : RSI_PARSE_SYNTAX;
	cmd->end = p.prev_end;
	if (p.dropped_problems > 0)
	{
		char		msg[128];

		snprintf(msg, sizeof(msg), "... and %zu more problems, not listed (at most %d are)",
				 p.dropped_problems, RSI_MAX_PROBLEMS);
		add_problem(&p, RSI_PROB_TOO_MANY_PROBLEMS, p.dropped_off, msg);
	}
	if (cmd->roles == NULL)
	{
		cmd->roles = rsi_parser_alloc(&p, sizeof(char *));
		if (cmd->roles == NULL)
			return RSI_PARSE_NOMEM;
		cmd->nroles = 0;
	}
	return p.nomem ? RSI_PARSE_NOMEM : RSI_PARSE_OK;
}

/* ---------- names of enum values, as the SQL API spells them ---------- */

const char *
rsi_cmd_kind_name(rsi_cmd_kind k)
{
	switch (k)
	{
		case RSI_CMD_COPY:
			return "copy";
		case RSI_CMD_UNLOAD:
			return "unload";
		case RSI_CMD_CREATE_EXTERNAL_SCHEMA:
			return "create_external_schema";
		case RSI_CMD_CREATE_EXTERNAL_FUNCTION:
			return "create_external_function";
		case RSI_CMD_CREATE_MODEL:
			return "create_model";
		case RSI_CMD_CREATE_LIBRARY:
			return "create_library";
		case RSI_CMD_OTHER:
			break;
	}
	return "other";
}

/*
 * GRANT ASSUMEROLE ... FOR { ALL | COPY | UNLOAD | EXTERNAL FUNCTION |
 * CREATE MODEL } (Amazon Redshift Database Developer Guide, "GRANT",
 * https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html): CREATE
 * EXTERNAL SCHEMA and CREATE LIBRARY are not among the command types.
 */
const char *
rsi_cmd_assumerole_type(rsi_cmd_kind k)
{
	switch (k)
	{
		case RSI_CMD_COPY:
			return "COPY";
		case RSI_CMD_UNLOAD:
			return "UNLOAD";
		case RSI_CMD_CREATE_EXTERNAL_FUNCTION:
			return "EXTERNAL FUNCTION";
		case RSI_CMD_CREATE_MODEL:
			return "CREATE MODEL";
		default:
			break;
	}
	return NULL;
}

const char *
rsi_auth_method_name(rsi_auth_method m)
{
	switch (m)
	{
		case RSI_AUTH_IAM_ROLE:
			return "iam_role";
		case RSI_AUTH_IAM_ROLE_DEFAULT:
			return "iam_role_default";
		case RSI_AUTH_IAM_ROLE_SESSION:
			return "iam_role_session";
		case RSI_AUTH_CREDENTIALS_ROLE:
			return "credentials_role";
		case RSI_AUTH_CREDENTIALS_KEYS:
			return "credentials_keys";
		case RSI_AUTH_ACCESS_KEYS:
			return "access_keys";
		case RSI_AUTH_NONE:
			break;
	}
	return "none";
}

const char *
rsi_schema_source_name(rsi_schema_source s)
{
	switch (s)
	{
		case RSI_SRC_DATA_CATALOG:
			return "data_catalog";
		case RSI_SRC_HIVE_METASTORE:
			return "hive_metastore";
		case RSI_SRC_POSTGRES:
			return "postgres";
		case RSI_SRC_MYSQL:
			return "mysql";
		case RSI_SRC_KINESIS:
			return "kinesis";
		case RSI_SRC_MSK:
			return "msk";
		case RSI_SRC_KAFKA:
			return "kafka";
		case RSI_SRC_REDSHIFT:
			return "redshift";
		case RSI_SRC_NONE:
			break;
	}
	return NULL;
}

/* ---------- shared by the external-object parsers ---------- */

int
rsi_parser_advance(rsi_parser *p)
{
	return advance(p);
}

int
rsi_parser_is_value(const rsi_parser *p)
{
	return is_value(p);
}

int
rsi_parser_expected(rsi_parser *p, const char *what)
{
	return expected(p, what);
}

int
rsi_parser_missing(rsi_parser *p, const char *rule, const char *what)
{
	return missing(p, rule, what);
}

int
rsi_parser_qualified_name(rsi_parser *p, const char *what)
{
	return parse_qualified_name(p, what);
}

int
rsi_parser_skip_parens(rsi_parser *p)
{
	return skip_parens(p);
}

int
rsi_parser_at_end(const rsi_parser *p)
{
	return at_end(p);
}

int
rsi_parser_auth_clause(rsi_parser *p)
{
	return try_auth_clause(p);
}

int
rsi_parser_clause_twice(rsi_parser *p, const char *name)
{
	return clause_twice(p, name);
}

char *
rsi_parser_take_string(rsi_parser *p, size_t *outlen)
{
	return take_string(p, outlen);
}

int
rsi_parser_finish_keys(rsi_parser *p)
{
	return finish_keys(p);
}
