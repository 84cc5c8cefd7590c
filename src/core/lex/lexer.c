/*
 * lexer.c — a small hand-written SQL tokenizer (see lexer.h).
 *
 * Modelled on SQLite's tokenize.c: one switch over a 256-entry character
 * class table, tokens that point into the input, no allocation and no
 * failure path.  Lexical rules follow Redshift, which inherits them from
 * PostgreSQL 8: '' and \' inside plain strings, E'' strings, $tag$ quotes,
 * "quoted identifiers", -- comments and nested block comments.
 *
 * Every loop advances through the input once; nested comments keep a depth
 * counter instead of recursing, so the cost is linear on any input.
 */
#include "lex/lexer.h"

#include <string.h>
#include "lex/scan.h"
#include "util/chars.h"

enum
{
	CC_OTHER = 0,				/* control bytes other than blanks, DEL */
	CC_SPACE,
	CC_IDSTART,					/* letters, _, bytes >= 0x80 */
	CC_DIGIT,
	CC_QUOTE,					/* ' */
	CC_DQUOTE,					/* " */
	CC_DOLLAR,
	CC_MINUS,
	CC_SLASH,
	CC_SEMI,
	CC_LPAREN,
	CC_RPAREN,
	CC_COMMA,
	CC_DOT,
	CC_HASH,
	CC_OP,						/* + * < > = ~ ! @ % ^ & | ` ? : [ ] { } \ */
	CC_NUL
};

/* The class of every byte, fixed at compile time (unlisted bytes: CC_OTHER). */
#define LETTER(c) [c] = CC_IDSTART, [c - 32] = CC_IDSTART
#define HIGH8(c) [c] = CC_IDSTART, [c + 1] = CC_IDSTART, [c + 2] = CC_IDSTART, \
	[c + 3] = CC_IDSTART, [c + 4] = CC_IDSTART, [c + 5] = CC_IDSTART, [c + 6] = CC_IDSTART, \
	[c + 7] = CC_IDSTART
static const unsigned char char_class[256] = {
	[0] = CC_NUL,
	[' '] = CC_SPACE,['\t'] = CC_SPACE,['\n'] = CC_SPACE,['\r'] = CC_SPACE,['\f'] = CC_SPACE,
	['\v'] = CC_SPACE,
	LETTER('a'), LETTER('b'), LETTER('c'), LETTER('d'), LETTER('e'), LETTER('f'), LETTER('g'),
	LETTER('h'), LETTER('i'), LETTER('j'), LETTER('k'), LETTER('l'), LETTER('m'), LETTER('n'),
	LETTER('o'), LETTER('p'), LETTER('q'), LETTER('r'), LETTER('s'), LETTER('t'), LETTER('u'),
	LETTER('v'), LETTER('w'), LETTER('x'), LETTER('y'), LETTER('z'),['_'] = CC_IDSTART,
	HIGH8(0x80), HIGH8(0x88), HIGH8(0x90), HIGH8(0x98), HIGH8(0xA0), HIGH8(0xA8), HIGH8(0xB0),
	HIGH8(0xB8), HIGH8(0xC0), HIGH8(0xC8), HIGH8(0xD0), HIGH8(0xD8), HIGH8(0xE0), HIGH8(0xE8),
	HIGH8(0xF0), HIGH8(0xF8),
	['0'] = CC_DIGIT,['1'] = CC_DIGIT,['2'] = CC_DIGIT,['3'] = CC_DIGIT,['4'] = CC_DIGIT,
	['5'] = CC_DIGIT,['6'] = CC_DIGIT,['7'] = CC_DIGIT,['8'] = CC_DIGIT,['9'] = CC_DIGIT,
	['\''] = CC_QUOTE,['"'] = CC_DQUOTE,['$'] = CC_DOLLAR,['-'] = CC_MINUS,['/'] = CC_SLASH,
	[';'] = CC_SEMI,['('] = CC_LPAREN,[')'] = CC_RPAREN,[','] = CC_COMMA,['.'] = CC_DOT,
	['#'] = CC_HASH,
	['+'] = CC_OP,['*'] = CC_OP,['<'] = CC_OP,['>'] = CC_OP,['='] = CC_OP,['~'] = CC_OP,
	['!'] = CC_OP,['@'] = CC_OP,['%'] = CC_OP,['^'] = CC_OP,['&'] = CC_OP,['|'] = CC_OP,
	['`'] = CC_OP,['?'] = CC_OP,[':'] = CC_OP,['['] = CC_OP,[']'] = CC_OP,['{'] = CC_OP,
	['}'] = CC_OP,['\\'] = CC_OP,
};
#undef LETTER
#undef HIGH8

#define CLASS(b) (char_class[(unsigned char) (b)])

/*
 * Skip whitespace and comments from pos.  On an unterminated block comment
 * fills *tok with an error token and returns (size_t) -1.
 */
static __attribute__((noinline)) size_t
skip_space(const char *buf, size_t len, size_t pos, rsi_token *tok)
{
	while (pos < len)
	{
		unsigned char c = (unsigned char) buf[pos];

		if (CLASS(c) == CC_SPACE)
			pos++;
		else if (c == '-' && pos + 1 < len && buf[pos + 1] == '-')
		{
			pos += 2;
			while (pos < len && buf[pos] != '\n' && buf[pos] != '\r')
				pos++;
		}
		else if (c == '/' && pos + 1 < len && buf[pos + 1] == '*')
		{
			size_t		start = pos;
			size_t		depth = 1;

			pos += 2;
			while (pos < len && depth > 0)
			{
				if (buf[pos] == '*' && pos + 1 < len && buf[pos + 1] == '/')
				{
					depth--;
					pos += 2;
				}
				else if (buf[pos] == '/' && pos + 1 < len && buf[pos + 1] == '*')
				{
					depth++;
					pos += 2;
				}
				else
					pos++;
			}
			if (depth > 0)
			{
				tok->kind = RSI_TOK_ERROR;
				tok->error = RSI_LEX_UNTERMINATED_COMMENT;
				tok->off = start;
				tok->len = len - start;
				tok->flags = 0;
				return (size_t) -1;
			}
		}
		else
			break;
	}
	return pos;
}

/*
 * Scan a quoted run starting after the opening quote; returns end or len+1
 * if unterminated.  One scan stops at the quote, a backslash (where it
 * escapes) and a NUL byte (flagged, so that the parser need not look again).
 */
RSI_ALWAYS_INLINE size_t
scan_quoted(const char *buf, size_t len, size_t pos, char q, int backslash, unsigned *flags)
{
	char		bs = backslash ? '\\' : q;

	while (pos < len)
	{
		/* a '' string is also read for the start of a template placeholder */
		pos = q == '\'' ? rsi_scan_string_inline(buf, len, pos)
			: rsi_scan_any3_inline(buf, len, pos, q, bs, '\0');
		if (pos >= len)
			break;
		if (q == '\'' && (buf[pos] == '{' || buf[pos] == '$'))
		{
			*flags |= RSI_TOKF_TMPL;
			pos++;
			continue;
		}
		if (buf[pos] == '\0')
		{
			*flags |= RSI_TOKF_NUL;
			pos++;
			continue;
		}
		if (buf[pos] == q)
		{
			if (pos + 1 < len && buf[pos + 1] == q)
			{
				*flags |= RSI_TOKF_DOUBLED;
				pos += 2;
				continue;
			}
			return pos + 1;
		}
		/* a backslash where it escapes: \' and \\ decode to one byte */
		if (pos + 1 < len && (buf[pos + 1] == q || buf[pos + 1] == '\\'))
			*flags |= RSI_TOKF_BACKSLASH;
		else if (pos + 1 < len && buf[pos + 1] == '\0')
			*flags |= RSI_TOKF_NUL;
		pos += 2;
	}
	return len + 1;
}

/*
 * Length of a dollar-quote delimiter ($tag$) at pos, or 0 if there is none.
 * The tag follows identifier rules without '$' and does not start with a
 * digit, so $1 stays a parameter.
 */
static size_t
dollar_delim_len(const char *buf, size_t len, size_t pos)
{
	size_t		p = pos + 1;

	if (p < len && CLASS(buf[p]) == CC_DIGIT)
		return 0;
	while (p < len && buf[p] != '$')
	{
		unsigned char c = (unsigned char) buf[p];

		if (CLASS(c) != CC_IDSTART && CLASS(c) != CC_DIGIT)
			return 0;
		p++;
	}
	if (p >= len)
		return 0;
	return p - pos + 1;
}

/*
 * A token starting with '$': a dollar quote, a $1 parameter or an
 * operator.  Out of line: it is rare, and its locals would cost every
 * other token a longer prologue in rsi_lex_next.
 */
static __attribute__((noinline)) size_t
lex_dollar(const char *buf, size_t len, size_t pos, rsi_token *tok)
{
	size_t		start = pos;
	size_t		dl = dollar_delim_len(buf, len, pos);

	if (dl > 0)
	{
		/* find the matching closing delimiter; see lexer.h on linearity */
		size_t		p = pos + dl;

		for (;;)
		{
			const char *d = memchr(buf + p, '$', len - p);

			if (d == NULL)
			{
				tok->kind = RSI_TOK_ERROR;
				tok->error = RSI_LEX_UNTERMINATED_DOLLAR;
				tok->len = len - start;
				return len;
			}
			p = (size_t) (d - buf);
			if (len - p >= dl && memcmp(buf + p, buf + start, dl) == 0)
			{
				pos = p + dl;
				break;
			}
			p++;
		}
		tok->kind = RSI_TOK_DOLLAR;
	}
	else if (pos + 1 < len && CLASS(buf[pos + 1]) == CC_DIGIT)
	{
		pos++;
		while (pos < len && CLASS(buf[pos]) == CC_DIGIT)
			pos++;
		tok->kind = RSI_TOK_PARAM;
	}
	else
	{
		pos++;
		tok->kind = RSI_TOK_OP;
	}
	tok->len = pos - start;
	return pos;
}

/*
 * One token (rsi_lex_next); inline, so that rsi_lex_run's loop pays no
 * call per token.  Blanks are skipped here; a comment (found where a '-'
 * or '/' would start a token) goes to skip_space, then the next token.
 */
RSI_ALWAYS_INLINE size_t
lex_token(const char *buf, size_t len, size_t pos, rsi_token *tok)
{
	size_t		start;
	unsigned char c;
	size_t		end;

again:
	while (pos < len && CLASS(buf[pos]) == CC_SPACE)
		pos++;

	tok->error = RSI_LEX_OK;
	tok->flags = 0;
	tok->off = pos;
	if (pos >= len)
	{
		tok->kind = RSI_TOK_EOF;
		tok->len = 0;
		return len;
	}
	start = pos;
	c = (unsigned char) buf[pos];

	switch (CLASS(c))
	{
		case CC_IDSTART:
			/* E'...' escape string */
			if ((c == 'E' || c == 'e') && pos + 1 < len && buf[pos + 1] == '\'')
			{
				end = scan_quoted(buf, len, pos + 2, '\'', 1, &tok->flags);
				tok->kind = RSI_TOK_ESTRING;
				goto quoted_end;
			}
			pos = rsi_scan_ident_inline(buf, len, pos + 1);
			tok->kind = RSI_TOK_IDENT;
			break;

		case CC_HASH:
			/* #temp_table names are identifiers in Redshift */
			if (pos + 1 < len && CLASS(buf[pos + 1]) == CC_IDSTART)
			{
				pos = rsi_scan_ident(buf, len, pos + 2);
				tok->kind = RSI_TOK_IDENT;
			}
			else
			{
				pos++;
				tok->kind = RSI_TOK_OP;
			}
			break;

		case CC_DIGIT:
			while (pos < len && CLASS(buf[pos]) == CC_DIGIT)
				pos++;
			goto fraction;

		case CC_DOT:
			if (pos + 1 < len && CLASS(buf[pos + 1]) == CC_DIGIT)
			{
				pos++;
				while (pos < len && CLASS(buf[pos]) == CC_DIGIT)
					pos++;
				goto fraction;
			}
			pos++;
			tok->kind = RSI_TOK_DOT;
			break;

		case CC_QUOTE:
			/* Redshift treats \' as an escaped quote inside plain strings */
			end = scan_quoted(buf, len, pos + 1, '\'', 1, &tok->flags);
			tok->kind = RSI_TOK_STRING;
			goto quoted_end;

		case CC_DQUOTE:
			end = scan_quoted(buf, len, pos + 1, '"', 0, &tok->flags);
			tok->kind = RSI_TOK_QIDENT;
			if (end <= len && end - start == 2)
			{
				tok->kind = RSI_TOK_ERROR;
				tok->error = RSI_LEX_EMPTY_QIDENT;
				tok->len = 2;
				return end;
			}
			goto quoted_end;

		case CC_DOLLAR:
			return lex_dollar(buf, len, pos, tok);

		case CC_SEMI:
			pos++;
			tok->kind = RSI_TOK_SEMI;
			break;
		case CC_LPAREN:
			pos++;
			tok->kind = RSI_TOK_LPAREN;
			break;
		case CC_RPAREN:
			pos++;
			tok->kind = RSI_TOK_RPAREN;
			break;
		case CC_COMMA:
			pos++;
			tok->kind = RSI_TOK_COMMA;
			break;

		case CC_NUL:
			tok->kind = RSI_TOK_ERROR;
			tok->error = RSI_LEX_NUL_BYTE;
			tok->len = 1;
			return pos + 1;

		case CC_MINUS:
		case CC_SLASH:
			if (pos + 1 < len && buf[pos + 1] == (c == '-' ? '-' : '*'))
			{
				/* a comment: skip it, and what follows it */
				pos = skip_space(buf, len, pos, tok);
				if (pos == (size_t) -1)
					return len;
				goto again;
			}
			/* FALLTHROUGH */
		case CC_OP:
			/* an operator run stops where a comment starts */
			pos++;
			while (pos < len)
			{
				int			k = CLASS(buf[pos]);

				if (k != CC_OP && k != CC_MINUS && k != CC_SLASH)
					break;
				if ((buf[pos] == '-' && pos + 1 < len && buf[pos + 1] == '-') ||
					(buf[pos] == '/' && pos + 1 < len && buf[pos + 1] == '*'))
					break;
				pos++;
			}
			tok->kind = RSI_TOK_OP;
			break;

		default:
			pos++;
			tok->kind = RSI_TOK_OP;
			break;
	}
	tok->len = pos - start;
	return pos;

fraction:
	if (pos < len && buf[pos] == '.' && !(pos + 1 < len && buf[pos + 1] == '.'))
	{
		pos++;
		while (pos < len && CLASS(buf[pos]) == CC_DIGIT)
			pos++;
	}
	if (pos < len && (buf[pos] == 'e' || buf[pos] == 'E'))
	{
		size_t		p = pos + 1;

		if (p < len && (buf[p] == '+' || buf[p] == '-'))
			p++;
		if (p < len && CLASS(buf[p]) == CC_DIGIT)
		{
			while (p < len && CLASS(buf[p]) == CC_DIGIT)
				p++;
			pos = p;
		}
	}
	tok->kind = RSI_TOK_NUMBER;
	tok->len = pos - start;
	return pos;

quoted_end:
	if (end > len)
	{
		tok->error = (tok->kind == RSI_TOK_QIDENT) ? RSI_LEX_UNTERMINATED_QIDENT
			: RSI_LEX_UNTERMINATED_STRING;
		tok->kind = RSI_TOK_ERROR;
		tok->len = len - start;
		return len;
	}
	tok->len = end - start;
	return end;
}

size_t
rsi_lex_next(const char *buf, size_t len, size_t pos, rsi_token *tok)
{
	return lex_token(buf, len, pos, tok);
}

int
rsi_lex_run(const char *buf, size_t len, size_t *pos, size_t base,
			rsi_token *tok, int max, rsi_token *stop)
{
	size_t		p = *pos;
	int			n;

	for (n = 0; n < max; n++)
	{
		rsi_token  *t = &tok[n];
		size_t		next = lex_token(buf, len, p, t);

		if ((1u << t->kind) & ((1u << RSI_TOK_SEMI) | (1u << RSI_TOK_EOF) | (1u << RSI_TOK_ERROR)))
		{
			*stop = *t;
			*pos = next;
			return n;
		}
		t->off -= base;
		p = next;
	}
	stop->kind = RSI_TOK_IDENT;	/* full: no stop token */
	*pos = p;
	return n;
}

int
rsi_token_is(const char *buf, const rsi_token *tok, const char *kw)
{
	const unsigned char *s = (const unsigned char *) buf + tok->off;
	size_t		i;

	if (tok->kind != RSI_TOK_IDENT)
		return 0;

	/*
	 * An identifier holds no NUL, so the keyword's terminator mismatches
	 * like any other byte: the loop stops there at the latest.
	 */
	for (i = 0; i < tok->len; i++)
	{
		unsigned char a = s[i];

		if (a >= 'A' && a <= 'Z')
			a = (unsigned char) (a + ('a' - 'A'));
		if (a != (unsigned char) kw[i])
			return 0;
	}
	return kw[i] == '\0';
}

int
rsi_token_is_string(const rsi_token *tok)
{
	return tok->kind == RSI_TOK_STRING || tok->kind == RSI_TOK_ESTRING ||
		tok->kind == RSI_TOK_DOLLAR;
}

/* Append code point cp as UTF-8; returns bytes written (at most 4). */
static size_t
put_utf8(char *out, unsigned long cp)
{
	if (cp < 0x80)
	{
		out[0] = (char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		out[0] = (char) (0xC0 | (cp >> 6));
		out[1] = (char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		out[0] = (char) (0xE0 | (cp >> 12));
		out[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char) (0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char) (0xF0 | (cp >> 18));
	out[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char) (0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Decode E'' escapes from s[0..n) into out; the result is never longer
 * than the input because every escape is at least as long as its UTF-8.
 */
static size_t
decode_escapes(const char *s, size_t n, char *out)
{
	size_t		i = 0,
				o = 0;

	while (i < n)
	{
		char		c = s[i];

		if (c == '\'' && i + 1 < n && s[i + 1] == '\'')
		{
			out[o++] = '\'';
			i += 2;
			continue;
		}
		if (c != '\\' || i + 1 >= n)
		{
			out[o++] = c;
			i++;
			continue;
		}
		c = s[i + 1];
		i += 2;
		switch (c)
		{
			case 'b':
				out[o++] = '\b';
				break;
			case 'f':
				out[o++] = '\f';
				break;
			case 'n':
				out[o++] = '\n';
				break;
			case 'r':
				out[o++] = '\r';
				break;
			case 't':
				out[o++] = '\t';
				break;
			case 'x':
				{
					int			v = 0,
								k = 0;

					while (k < 2 && i < n && rsi_hex_digit(s[i]) >= 0)
						v = v * 16 + rsi_hex_digit(s[i++]), k++;
					if (k == 0)
						out[o++] = 'x';
					else
						out[o++] = (char) v;
				}
				break;
			case 'u':
			case 'U':
				{
					int			want = (c == 'u') ? 4 : 8,
								k = 0;
					unsigned long v = 0;

					while (k < want && i + (size_t) k < n && rsi_hex_digit(s[i + k]) >= 0)
						v = v * 16 + (unsigned long) rsi_hex_digit(s[i + k]), k++;
					if (k == want && v <= 0x10FFFF && v != 0)
					{
						i += (size_t) k;
						o += put_utf8(out + o, v);
					}
					else
						out[o++] = c;
				}
				break;
			default:
				if (c >= '0' && c <= '7')
				{
					int			v = c - '0',
								k = 1;

					while (k < 3 && i < n && s[i] >= '0' && s[i] <= '7')
						v = v * 8 + (s[i++] - '0'), k++;
					out[o++] = (char) (v & 0xFF);
				}
				else
					out[o++] = c;
				break;
		}
	}
	out[o] = '\0';
	return o;
}

size_t
rsi_token_string(const char *buf, const rsi_token *tok, char *out)
{
	const char *s = buf + tok->off;
	size_t		n = tok->len;
	size_t		i,
				o = 0;

	switch (tok->kind)
	{
		case RSI_TOK_STRING:
			/* no '' \' \\ inside (the lexer flags them): the text between the quotes */
			if ((tok->flags & (RSI_TOKF_BACKSLASH | RSI_TOKF_DOUBLED)) == 0 && n >= 2)
			{
				memcpy(out, s + 1, n - 2);
				out[n - 2] = '\0';
				return n - 2;
			}
			/* strip quotes; collapse '' and \' and \\, keep other backslashes */
			for (i = 1; i + 1 < n; i++)
			{
				if (s[i] == '\'' && s[i + 1] == '\'' && i + 2 < n)
				{
					out[o++] = '\'';
					i++;
				}
				else if (s[i] == '\\' && i + 2 < n && (s[i + 1] == '\'' || s[i + 1] == '\\'))
				{
					out[o++] = s[i + 1];
					i++;
				}
				else
					out[o++] = s[i];
			}
			out[o] = '\0';
			return o;
		case RSI_TOK_ESTRING:
			return decode_escapes(s + 2, n - 3, out);
		case RSI_TOK_DOLLAR:
			{
				size_t		dl = dollar_delim_len(buf, tok->off + n, tok->off);

				memcpy(out, s + dl, n - 2 * dl);
				out[n - 2 * dl] = '\0';
				return n - 2 * dl;
			}
		default:
			memcpy(out, s, n);
			out[n] = '\0';
			return n;
	}
}

const char *
rsi_lex_error_message(rsi_lex_error err)
{
	switch (err)
	{
		case RSI_LEX_OK:
			return "no error";
		case RSI_LEX_UNTERMINATED_STRING:
			return "unterminated quoted string";
		case RSI_LEX_UNTERMINATED_QIDENT:
			return "unterminated quoted identifier";
		case RSI_LEX_UNTERMINATED_DOLLAR:
			return "unterminated dollar-quoted string";
		case RSI_LEX_UNTERMINATED_COMMENT:
			return "unterminated /* comment";
		case RSI_LEX_EMPTY_QIDENT:
			return "zero-length delimited identifier";
		case RSI_LEX_NUL_BYTE:
			return "NUL byte in command text";
	}
	return "lexical error";
}
