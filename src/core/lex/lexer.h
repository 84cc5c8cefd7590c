/*
 * lexer.h — the SQL tokenizer shared by the parser, the script splitter
 * and the redactor.
 *
 * Input is length-delimited (PostgreSQL text is not NUL-terminated).  The
 * lexer never allocates and never fails: bad input becomes an RSI_TOK_ERROR
 * token whose offset is the start of the unterminated construct.  Every
 * token is (kind, byte offset, byte length); values are decoded separately
 * by rsi_token_string().  Whitespace and comments are skipped.  The work is
 * linear in the input and uses no recursion.
 */
#ifndef RSI_LEXER_H
#define RSI_LEXER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum rsi_token_kind
{
	RSI_TOK_EOF = 0,
	RSI_TOK_IDENT,				/* unquoted identifier or keyword */
	RSI_TOK_QIDENT,				/* "quoted identifier" */
	RSI_TOK_STRING,				/* 'plain' (also N'..', U&'..' prefixes) */
	RSI_TOK_ESTRING,			/* E'escaped' */
	RSI_TOK_DOLLAR,				/* $tag$ ... $tag$ */
	RSI_TOK_NUMBER,				/* 12, 1.5, 1.1E-05 */
	RSI_TOK_PARAM,				/* $1 */
	RSI_TOK_SEMI,				/* ; */
	RSI_TOK_LPAREN,				/* ( */
	RSI_TOK_RPAREN,				/* ) */
	RSI_TOK_COMMA,				/* , */
	RSI_TOK_DOT,				/* . */
	RSI_TOK_OP,					/* any other punctuation run (=, ::, #, ...) */
	RSI_TOK_ERROR,				/* see rsi_token.error */
	RSI_TOK_TEMPLATE			/* never made by rsi_lex_next: the parser's
								 * name for a template placeholder
								 * (lex/template.h) outside strings */
} rsi_token_kind;

typedef enum rsi_lex_error
{
	RSI_LEX_OK = 0,
	RSI_LEX_UNTERMINATED_STRING,
	RSI_LEX_UNTERMINATED_QIDENT,
	RSI_LEX_UNTERMINATED_DOLLAR,
	RSI_LEX_UNTERMINATED_COMMENT,
	RSI_LEX_EMPTY_QIDENT,
	RSI_LEX_NUL_BYTE
} rsi_lex_error;

/* token flags */
#define RSI_TOKF_BACKSLASH	0x01	/* string contains \' or \\ (Redshift style) */
#define RSI_TOKF_DOUBLED	0x02	/* string or identifier contains a doubled quote */
#define RSI_TOKF_NUL		0x04	/* quoted string or identifier contains a NUL byte */
#define RSI_TOKF_TMPL		0x08	/* a '' or E'' string holds '{' or '$' (where a
									 * template placeholder starts; without it
									 * a plain string holds none) */

typedef struct rsi_token
{
	rsi_token_kind kind;
	rsi_lex_error error;		/* for RSI_TOK_ERROR */
	size_t		off;			/* byte offset of the first byte */
	size_t		len;			/* byte length (to end of input if unterminated) */
	unsigned	flags;
} rsi_token;

/*
 * The tokens of one statement, lexed once by the splitter and handed to the
 * parser (rsi_parse_options.lexed), so that no byte is lexed twice.  Offsets
 * are relative to buf, the statement (buf[0..len) as the parser is given
 * it): they are exactly the tokens rsi_lex_next finds there, in order, a
 * prefix of them when 'complete' is 0 (the parser lexes the rest itself).
 * With complete set, the token after the last one is the end of input.
 */
#define RSI_LEXED_MAX 48

typedef struct rsi_lexed
{
	const char *buf;			/* the statement these tokens belong to */
	size_t		len;
	int			ntok;
	int			complete;
	rsi_token	tok[RSI_LEXED_MAX];
} rsi_lexed;

/*
 * Scan the token that starts at or after byte 'pos', skipping whitespace
 * and comments.  Returns the offset just past the token; at end of input
 * returns len with an RSI_TOK_EOF token.
 */
extern size_t rsi_lex_next(const char *buf, size_t len, size_t pos, rsi_token *tok);

/*
 * Lex tokens from *pos into tok[0..max), their offsets less base, until a
 * ';', the end of input or a lexer error, which is put in *stop (offset not
 * rebased) with *pos just past it; returns the number of tokens stored.
 * When max tokens are stored first, *stop's kind is RSI_TOK_IDENT and *pos
 * is the end of the last.  The same tokens as rsi_lex_next, one call.
 */
extern int	rsi_lex_run(const char *buf, size_t len, size_t *pos, size_t base,
						rsi_token *tok, int max, rsi_token *stop);

/* ASCII case-insensitive comparison of an identifier token with a keyword. */
extern int	rsi_token_is(const char *buf, const rsi_token *tok, const char *kw);

/*
 * rsi_token_is for a literal keyword (lower case), inline: the keyword's
 * length is then a constant, so up to 16 bytes are compared as one or two
 * 64-bit words (any other keyword goes to rsi_token_is), upper-case ASCII letters folded eight at a time (bytes of
 * 0x80 and above are left alone, so they never equal a keyword's).
 */
#define RSI_ALWAYS_INLINE static inline __attribute__((always_inline))

RSI_ALWAYS_INLINE uint64_t
rsi_kw_fold8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u,
				high = 0x8080808080808080u,
				low7 = x & ~high,
				ge_a = low7 + ones * (0x80 - 'A'),
				gt_z = low7 + ones * (0x80 - 'Z' - 1);

	return x | (((ge_a & ~gt_z & ~x) & high) >> 2);
}

RSI_ALWAYS_INLINE uint64_t
rsi_kw_load(const char *s, size_t n)
{
	uint64_t	w = 0;

	memcpy(&w, s, n);
	return w;
}

RSI_ALWAYS_INLINE int
rsi_token_is_kw(const char *buf, const rsi_token *tok, const char *kw)
{
	size_t		n = strlen(kw);
	const char *s = buf + tok->off;

	if (tok->kind != RSI_TOK_IDENT || tok->len != n)
		return 0;
	if (!__builtin_constant_p(n))
		return rsi_token_is(buf, tok, kw);	/* not a literal: no word loads */
	if (n <= 8)
		return rsi_kw_fold8(rsi_kw_load(s, n)) == rsi_kw_load(kw, n);
	if (n <= 16)
		return rsi_kw_fold8(rsi_kw_load(s, 8)) == rsi_kw_load(kw, 8) &&
			rsi_kw_fold8(rsi_kw_load(s + n - 8, 8)) == rsi_kw_load(kw + n - 8, 8);
	return rsi_token_is(buf, tok, kw);
}

/* Is the token a string literal of any flavour? */
extern int	rsi_token_is_string(const rsi_token *tok);

/*
 * Decode a string-literal token into 'out' (which needs tok->len + 1 bytes;
 * decoding never grows the text).  Returns the decoded length; the result
 * is NUL-terminated.  Handles '', \' and \\ in plain strings (Redshift treats a
 * backslash before a quote as an escape), E'' escapes, and dollar quotes.
 */
extern size_t rsi_token_string(const char *buf, const rsi_token *tok, char *out);

/* A short description of a lexer error, e.g. "unterminated quoted string". */
extern const char *rsi_lex_error_message(rsi_lex_error err);

#endif							/* RSI_LEXER_H */
