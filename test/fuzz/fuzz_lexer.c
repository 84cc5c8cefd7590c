/*
 * fuzz_lexer.c — libFuzzer target for the tokenizer (src/core/lex/lexer.c).
 *
 * Lexes the input to the end and checks the invariants lexer.h promises:
 * every token lies inside the input, after the previous one; the scan
 * always advances; an error token ends the scan or advances past its start;
 * string decoding never grows the text and stays NUL-terminated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lex/lexer.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *) data;
	size_t		pos = 0,
				prev_end = 0,
				ntok = 0;

	for (;;)
	{
		rsi_token	t;
		size_t		next;

		memset(&t, 0xA5, sizeof(t));	/* the lexer must set every field */
		next = rsi_lex_next(buf, size, pos, &t);
		CHECK(next <= size);
		CHECK(t.off >= pos);
		CHECK(t.off >= prev_end);
		CHECK(t.off <= size && t.len <= size - t.off);
		if (t.kind == RSI_TOK_EOF)
		{
			CHECK(next == size && t.len == 0 && t.error == RSI_LEX_OK);
			break;
		}
		CHECK(t.len > 0);
		CHECK(t.kind > RSI_TOK_EOF && t.kind <= RSI_TOK_ERROR);
		if (t.kind == RSI_TOK_ERROR)
		{
			CHECK(t.error != RSI_LEX_OK);
			CHECK(next == size || next > t.off);
			CHECK(rsi_lex_error_message(t.error) != NULL);
		}
		else
		{
			CHECK(t.error == RSI_LEX_OK);
			CHECK(next == t.off + t.len);
		}
		switch (t.kind)
		{
			case RSI_TOK_SEMI:
				CHECK(t.len == 1 && buf[t.off] == ';');
				break;
			case RSI_TOK_LPAREN:
				CHECK(t.len == 1 && buf[t.off] == '(');
				break;
			case RSI_TOK_RPAREN:
				CHECK(t.len == 1 && buf[t.off] == ')');
				break;
			case RSI_TOK_COMMA:
				CHECK(t.len == 1 && buf[t.off] == ',');
				break;
			case RSI_TOK_STRING:
				CHECK(t.len >= 2 && buf[t.off + t.len - 1] == '\'');
				break;
			case RSI_TOK_QIDENT:
				CHECK(t.len >= 3 && buf[t.off] == '"' && buf[t.off + t.len - 1] == '"');
				break;
			case RSI_TOK_IDENT:
				/* keyword matching never reads past the token */
				(void) rsi_token_is(buf, &t, "secret_access_key");
				(void) rsi_token_is(buf, &t, "a");
				break;
			default:
				break;
		}
		if (t.kind != RSI_TOK_ERROR)
		{
			/* decode into exactly tok.len + 1 bytes so ASan sees any overrun */
			char	   *out = malloc(t.len + 1);
			size_t		n;

			CHECK(out != NULL);
			n = rsi_token_string(buf, &t, out);
			CHECK(n <= t.len);
			CHECK(out[n] == '\0');
			/* without quotes or backslashes inside, the value is the text between the quotes */
			if (t.kind == RSI_TOK_STRING && (t.flags & ~RSI_TOKF_TMPL) == 0 &&
				memchr(buf + t.off, '\\', t.len) == NULL)
				CHECK(n == t.len - 2 && memcmp(out, buf + t.off + 1, n) == 0);
			if (rsi_token_is_string(&t))
				CHECK(t.kind == RSI_TOK_STRING || t.kind == RSI_TOK_ESTRING ||
					  t.kind == RSI_TOK_DOLLAR);
			free(out);
		}
		CHECK(next > pos);
		CHECK(++ntok <= size);
		prev_end = t.off + t.len;
		pos = next;
	}
	return 0;
}
