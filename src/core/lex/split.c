/*
 * split.c — split a script on top-level semicolons (see script.h).
 *
 * The splitter does not lex every token: only ; ' " $ - / can change where
 * a statement ends, so it jumps from one of those bytes to the next
 * (lex/scan.h, sixteen bytes at a time) and lets the lexer read just the
 * construct found there: a quoted string or identifier, a comment, or the
 * token holding a '$'.  A '$' is the one byte whose meaning depends on what
 * came before it (inside an identifier, a$b; after one, a $1 parameter or a
 * $tag$ quote), so the tokens from the last known token boundary up to it
 * are lexed; the boundary then moves past it, so no byte is lexed twice
 * here.
 *
 * A statement the parser reads to the end (one that starts with COPY,
 * UNLOAD, or CREATE followed by a word that may make it a role-bearing
 * CREATE) is lexed token by token instead, and its tokens are handed to the
 * parser (rsi_statement.lexed), so that its bytes are lexed once in all;
 * past RSI_LEXED_MAX tokens, or at a lexer error the parser must report,
 * the splitter goes back to scanning and the parser lexes the rest itself.
 * The statements found are exactly those of a lexer-driven split: the first
 * token after blanks, comments and empty statements, to the end of the last
 * token before the ';' (the unit tests compare the two on the same inputs).
 */
#include "lex/script.h"
#include "lex/lexer.h"
#include "lex/scan.h"
#include "util/utf8.h"

void
rsi_splitter_init(rsi_splitter *s, const char *buf, size_t len)
{
	s->buf = buf;
	s->len = len;
	s->pos = 0;
	s->lc_off = 0;
	s->line = 1;
	s->col = 1;
}

/* Advance the line/column counters to off; never moves backwards. */
static void
count_to(rsi_splitter *s, size_t off)
{
	rsi_utf8_advance_lc(s->buf + s->lc_off, off - s->lc_off, &s->line, &s->col);
	s->lc_off = off;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Back over blanks from off, not below lo. */
static size_t
strip_blanks(const char *buf, size_t lo, size_t off)
{
	while (off > lo && is_blank(buf[off - 1]))
		off--;
	return off;
}

/* Is a lexer error the end of the script (an unterminated construct)? */
static int
error_ends_script(const rsi_token *tok)
{
	return tok->kind == RSI_TOK_ERROR && tok->error != RSI_LEX_NUL_BYTE &&
		tok->error != RSI_LEX_EMPTY_QIDENT;
}

/*
 * The end of a comment at pos ('--' or '/''*', nested), or (size_t) -1
 * for an unterminated block comment.
 */
static size_t
comment_end(const char *buf, size_t len, size_t pos)
{
	size_t		depth = 1;

	if (buf[pos] == '-')
	{
		pos += 2;
		while (pos < len && buf[pos] != '\n' && buf[pos] != '\r')
			pos++;
		return pos;
	}
	pos += 2;
	while (pos < len)
	{
		if (buf[pos] == '*' && pos + 1 < len && buf[pos + 1] == '/')
		{
			pos += 2;
			if (--depth == 0)
				return pos;
		}
		else if (buf[pos] == '/' && pos + 1 < len && buf[pos + 1] == '*')
		{
			depth++;
			pos += 2;
		}
		else
			pos++;
	}
	return (size_t) -1;
}

/*
 * Does the parser read a statement that starts with this word past its
 * first token or two?  (rsi_parse_command: COPY, UNLOAD, CREATE ...)
 */
static int
parser_reads(const char *buf, const rsi_token *t)
{
	switch (buf[t->off] | 0x20)
	{
		case 'c':
			return rsi_token_is_kw(buf, t, "copy") || rsi_token_is_kw(buf, t, "create");
		case 'u':
			return rsi_token_is_kw(buf, t, "unload");
	}
	return 0;
}

/* after CREATE: the words that can start a role-bearing CREATE */
static int
create_reads(const char *buf, const rsi_token *t)
{
	return rsi_token_is_kw(buf, t, "external") || rsi_token_is_kw(buf, t, "model") ||
		rsi_token_is_kw(buf, t, "library") || rsi_token_is_kw(buf, t, "or");
}

/*
 * Lex the statement whose first token is *first (an identifier the parser
 * reads on from), recording its tokens relative to the statement.  Returns
 * 1 when the statement is complete (st->end, s->pos and st->lexed set);
 * 0 when the splitter must scan on from *posp, a token boundary, with the
 * tokens recorded so far a prefix of the statement's (st->lexed set, its
 * buf and len still to be filled in).
 */
static int
lex_statement(rsi_splitter *s, rsi_statement *st, const rsi_token *first, size_t *posp)
{
	rsi_lexed  *lx = &s->lexed;
	const char *buf = s->buf;
	size_t		len = s->len,
				base = first->off,
				last_end;
	int			limit = rsi_token_is_kw(buf, first, "create") ? 2 : RSI_LEXED_MAX;
	int			n = 1;
	rsi_token	stop;

	lx->tok[0] = *first;
	lx->tok[0].off = 0;
	lx->complete = 0;
	for (;;)
	{
		size_t		p = *posp;

		n += rsi_lex_run(buf, len, &p, base, lx->tok + n, limit - n, &stop);
		last_end = base + lx->tok[n - 1].off + lx->tok[n - 1].len;
		if (stop.kind == RSI_TOK_SEMI || stop.kind == RSI_TOK_EOF)
		{
			st->end = last_end;
			s->pos = p;			/* just past the ';', or len */
			lx->complete = 1;
			break;
		}
		if (stop.kind == RSI_TOK_ERROR && error_ends_script(&stop))
		{
			/* the rest of the script: the parser reports the error */
			st->end = len;
			s->pos = len;
			break;
		}
		/* after CREATE, only a word that can make it role-bearing reads on */
		if (stop.kind != RSI_TOK_ERROR && n == 2 && limit == 2)
		{
			rsi_token	t1 = lx->tok[1];

			t1.off += base;
			*posp = p;
			if (create_reads(buf, &t1))
			{
				limit = RSI_LEXED_MAX;
				continue;
			}
		}
		/* a NUL byte or an empty "" (the parser reports it), or full */
		lx->ntok = n;
		st->lexed = lx;
		*posp = last_end;
		return 0;
	}
	lx->ntok = n;
	lx->buf = buf + base;
	lx->len = st->end - base;
	st->lexed = lx;
	return 1;
}

int
rsi_splitter_next(rsi_splitter *s, rsi_statement *st)
{
	const char *buf = s->buf;
	size_t		len = s->len;
	rsi_token	tok;
	size_t		pos = s->pos,
				bound,			/* a known token boundary */
				cmt_end = 0,	/* the last comment: its end, and the end */
				cmt_tail = 0;	/* of the last token before it */
	int			have_cmt = 0;

	/* skip empty statements */
	for (;;)
	{
		pos = rsi_lex_next(buf, len, pos, &tok);
		if (tok.kind == RSI_TOK_EOF)
		{
			s->pos = len;
			return 0;
		}
		if (tok.kind != RSI_TOK_SEMI)
			break;
	}
	count_to(s, tok.off);
	st->off = tok.off;
	st->line = s->line;
	st->col = s->col;
	st->lexed = NULL;
	if (error_ends_script(&tok))
	{
		/* unterminated construct: the rest of the script belongs to it */
		st->end = len;
		s->pos = len;
		return 1;
	}
	if (tok.kind == RSI_TOK_IDENT && parser_reads(buf, &tok) &&
		lex_statement(s, st, &tok, &pos))
		return 1;
	bound = pos;
	for (;;)
	{
		size_t		q = rsi_scan_split(buf, len, pos);
		char		c;

		if (q >= len)
		{
			pos = len;
			break;
		}
		c = buf[q];
		if (c == ';')
		{
			pos = q;
			break;
		}
		if (c == '\'' || c == '"')
		{
			pos = rsi_lex_next(buf, len, q, &tok);
			if (error_ends_script(&tok))
			{
				st->lexed = NULL;
				st->end = len;
				s->pos = len;
				return 1;
			}
			bound = pos;
		}
		else if (c == '$')
		{
			/* lex from the boundary to the token that holds this '$' */
			for (;;)
			{
				pos = rsi_lex_next(buf, len, bound, &tok);
				if (error_ends_script(&tok))
				{
					st->lexed = NULL;
					st->end = len;
					s->pos = len;
					return 1;
				}
				bound = pos;
				if (tok.off + tok.len > q)
					break;
			}
		}
		else if (q + 1 < len && buf[q + 1] == (c == '-' ? '-' : '*'))
		{
			size_t		e = comment_end(buf, len, q);
			size_t		w;

			if (e == (size_t) -1)
			{
				st->lexed = NULL;
				st->end = len;
				s->pos = len;
				return 1;
			}
			/* the end of the last token before it, over blanks and comments */
			w = strip_blanks(buf, have_cmt ? cmt_end : st->off, q);
			cmt_tail = (have_cmt && w == cmt_end) ? cmt_tail : w;
			cmt_end = e;
			have_cmt = 1;
			pos = bound = e;
		}
		else
			pos = q + 1;		/* an operator, not a comment */
	}
	/*
	 * The end of the last token before the ';' (or the end of input); a
	 * line comment may end in blanks, so blanks are stripped down to it only.
	 */
	st->end = strip_blanks(buf, have_cmt ? cmt_end : st->off, pos);
	if (have_cmt && st->end == cmt_end)
		st->end = cmt_tail;
	s->pos = pos < len ? pos + 1 : len;
	if (st->lexed)
	{
		s->lexed.buf = buf + st->off;
		s->lexed.len = st->end - st->off;
	}
	return 1;
}
