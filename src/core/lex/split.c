/*
 * split.c — split a script on top-level semicolons (see script.h).
 */
#include "lex/script.h"
#include "lex/lexer.h"
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

int
rsi_splitter_next(rsi_splitter *s, rsi_statement *st)
{
	rsi_token	tok;
	size_t		pos = s->pos;

	/* skip empty statements */
	for (;;)
	{
		pos = rsi_lex_next(s->buf, s->len, pos, &tok);
		if (tok.kind == RSI_TOK_EOF)
		{
			s->pos = s->len;
			return 0;
		}
		if (tok.kind != RSI_TOK_SEMI)
			break;
	}
	count_to(s, tok.off);
	st->off = tok.off;
	st->line = s->line;
	st->col = s->col;
	st->end = tok.off + tok.len;
	while (tok.kind != RSI_TOK_EOF && tok.kind != RSI_TOK_SEMI)
	{
		st->end = tok.off + tok.len;
		if (tok.kind == RSI_TOK_ERROR && tok.error != RSI_LEX_NUL_BYTE &&
			tok.error != RSI_LEX_EMPTY_QIDENT)
		{
			/* unterminated construct: the rest of the script belongs to it */
			st->end = s->len;
			pos = s->len;
			break;
		}
		pos = rsi_lex_next(s->buf, s->len, pos, &tok);
	}
	s->pos = pos;
	return 1;
}
