/*
 * parser_int.h — state shared by the parser's files; not a public API.
 */
#ifndef RSI_PARSER_INT_H
#define RSI_PARSER_INT_H

#include "parse/command.h"
#include "lex/lexer.h"

#include <string.h>

typedef struct rsi_parser
{
	const char *buf;
	size_t		len;
	size_t		pos;			/* lexer position after tok */
	size_t		prev_end;		/* end of the previous token */
	rsi_token	tok;			/* current token */
	const rsi_token *lexed;		/* the splitter's tokens (rsi_lexed), read */
	int			lexed_next;		/* from lexed[lexed_next] on, then the */
	int			lexed_n;		/* lexer (or, when lexed_eof, the end) */
	int			lexed_eof;
	const rsi_alloc *alloc;
	rsi_command *cmd;
	rsi_parse_error *err;
	int			max_chain;
	int			failed;
	int			nomem;
	size_t		nproblems;
	size_t		cap_problems;
	size_t		dropped_problems;	/* beyond RSI_MAX_PROBLEMS */
	size_t		dropped_off;	/* offset of the first one dropped */

	/* per-command grammar switches */
	const char *command_name;	/* "COPY", ... for messages */
	int			keys_allowed;	/* CREDENTIALS and keys (COPY, UNLOAD only) */
	int			session_allowed;	/* IAM_ROLE 'SESSION' (data catalog only) */
	int			single_role_only;	/* no chains (some schema sources) */
	int			secret_context; /* never echo the current token */

	/* authorization clauses seen so far */
	const char *auth_clause;	/* NULL, "IAM_ROLE", "CREDENTIALS", ... */
	int			key_seen[3];	/* ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN */
	size_t		key_off[3];
	rsi_token	access_key_tok;
	const char *access_key_val;	/* the ACCESS_KEY_ID value as written (not echoed) */
} rsi_parser;

/* parser.c */
extern void rsi_parser_fail(rsi_parser *p, size_t off, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));
extern void rsi_parser_problem(rsi_parser *p, const char *code, size_t off, const char *fmt,...)
			__attribute__((format(printf, 4, 5)));
extern void rsi_parser_problem_text(rsi_parser *p, const char *code, size_t off,
									const char *msg, size_t n);
extern void *rsi_parser_alloc(rsi_parser *p, size_t n);
extern char *rsi_parser_strdup(rsi_parser *p, const char *s, size_t n);
extern size_t rsi_parser_value_off(const rsi_token *t, size_t i);
extern int	rsi_parser_advance(rsi_parser *p);
extern void rsi_parser_peek(const rsi_parser *p, int k, rsi_token *t);
extern int	rsi_parser_expected(rsi_parser *p, const char *what);
extern int	rsi_parser_missing(rsi_parser *p, const char *rule, const char *what);
extern int	rsi_parser_qualified_name(rsi_parser *p, const char *what);
extern int	rsi_parser_skip_parens(rsi_parser *p);
extern int	rsi_parser_at_end(const rsi_parser *p);
extern int	rsi_parser_auth_clause(rsi_parser *p);
extern int	rsi_parser_clause_twice(rsi_parser *p, const char *name);
extern char *rsi_parser_take_string(rsi_parser *p, size_t *outlen);
extern int	rsi_parser_is_value(const rsi_parser *p);
extern void rsi_parser_templated(rsi_parser *p, rsi_template_site site, size_t off,
								 const char *text, size_t n, int show);
extern int	rsi_parser_value_templated(rsi_parser *p, const char *v, size_t n, unsigned flags,
									   rsi_template_site site, int show);
extern int	rsi_parser_clause_templated(rsi_parser *p);
extern int	rsi_parser_finish_keys(rsi_parser *p);

/*
 * Is the current token the keyword kw (lower case)?  Inline, so that with a
 * literal kw its length is a constant: most tests fail on the first letter
 * or the length, and the rest is a word comparison (rsi_token_is_kw).
 */
RSI_ALWAYS_INLINE int
rsi_parser_is_kw(const rsi_parser *p, const char *kw)
{
	unsigned char c;

	if (p->tok.kind != RSI_TOK_IDENT)
		return 0;
	c = (unsigned char) p->buf[p->tok.off];
	if (c >= 'A' && c <= 'Z')
		c = (unsigned char) (c + ('a' - 'A'));
	return c == (unsigned char) kw[0] && rsi_token_is_kw(p->buf, &p->tok, kw);
}

/*
 * The first letter of the current token in lower case when it is an
 * identifier (a keyword's first letter), else 0: a switch on it skips the
 * keyword tests that cannot match.
 */
RSI_ALWAYS_INLINE int
rsi_parser_kw_letter(const rsi_parser *p)
{
	unsigned char c;

	if (p->tok.kind != RSI_TOK_IDENT)
		return 0;
	c = (unsigned char) p->buf[p->tok.off];
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/*
 * parse_auth.c.  split_chain: v_kept says v is NUL-terminated at n and
 * stays as it is (a single role is then v itself, not a copy).
 */
extern int	rsi_parser_split_chain(rsi_parser *p, const char *v, size_t n, int v_kept,
								   const rsi_token *t, const char *single_clause,
								   const char ***roles, size_t *nroles);
extern int	rsi_parser_credentials(rsi_parser *p);
extern void rsi_parser_check_key_id(rsi_parser *p, const char *v, size_t n, size_t off);

/* parse_external.c */
extern int	rsi_parse_external_schema(rsi_parser *p);
extern int	rsi_parse_external_function(rsi_parser *p);

/* parse_model.c */
extern int	rsi_parse_create_model(rsi_parser *p, int external);

/* parse_library.c */
extern int	rsi_parse_create_library(rsi_parser *p);

#endif							/* RSI_PARSER_INT_H */
