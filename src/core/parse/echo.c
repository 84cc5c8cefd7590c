/*
 * echo.c — see echo.h.
 */
#include "parse/echo.h"

#include "lex/lexer.h"

size_t
rsi_echo_keyword(const char *buf, size_t len, size_t *off)
{
	rsi_token	tok;
	size_t		i;

	*off = 0;
	rsi_lex_next(buf, len, 0, &tok);
	if (tok.kind != RSI_TOK_IDENT || tok.len == 0 || tok.len > RSI_ECHO_MAX_KEYWORD)
		return 0;
	for (i = 0; i < tok.len; i++)
	{
		char		c = buf[tok.off + i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			return 0;
	}
	*off = tok.off;
	return tok.len;
}
