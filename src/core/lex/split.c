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
 * here.  The parser lexes the statement again, but the splitter's share is
 * now a scan: the bodies of quoted strings (sixteen bytes at a time) and
 * the runs between special bytes.
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
	if (error_ends_script(&tok))
	{
		/* unterminated construct: the rest of the script belongs to it */
		st->end = len;
		s->pos = len;
		return 1;
	}
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
	return 1;
}
