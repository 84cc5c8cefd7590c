/*
 * test_cov_lexer.c — the corners of the lexer (lexer.c: E'' escapes,
 * operator runs, numbers, dollar tags), the redactor (redact.c), the
 * splitter (split.c), text positions (textpos.c) and the UTF-8 sanitizer
 * (utf8.c), for coverage.  Every case asserts the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/command.h"
#include "lex/lexer.h"
#include "lex/script.h"
#include "util/utf8.h"
#include "tap.h"

/* Lex s (length n) and return the kinds of all tokens, as a string of letters. */
static const char *
kinds_n(const char *s, size_t len)
{
	static char out[256];
	static const char letters[] = "EIQSXDNP;(),.O!";
	size_t		pos = 0,
				k = 0;
	rsi_token	t;

	for (;;)
	{
		pos = rsi_lex_next(s, len, pos, &t);
		out[k++] = letters[t.kind];
		if (t.kind == RSI_TOK_EOF || t.kind == RSI_TOK_ERROR || k >= sizeof(out) - 1)
			break;
	}
	out[k] = '\0';
	return out;
}

static const char *
kinds(const char *s)
{
	return kinds_n(s, strlen(s));
}

/* The lengths of the tokens of s, as "3,1,2". */
static const char *
lengths(const char *s)
{
	static char out[256];
	size_t		pos = 0,
				len = strlen(s),
				o = 0;
	rsi_token	t;

	out[0] = '\0';
	for (;;)
	{
		pos = rsi_lex_next(s, len, pos, &t);
		if (t.kind == RSI_TOK_EOF || o > sizeof(out) - 16)
			break;
		o += (size_t) snprintf(out + o, sizeof(out) - o, "%s%zu", o ? "," : "", t.len);
		if (t.kind == RSI_TOK_ERROR)
			break;
	}
	return out;
}

static rsi_token
first(const char *s)
{
	rsi_token	t;

	rsi_lex_next(s, strlen(s), 0, &t);
	return t;
}

static char *
decoded(const char *s)
{
	static char buf[1024];
	rsi_token	t = first(s);

	rsi_token_string(s, &t, buf);
	return buf;
}

static char *
redacted(const char *s)
{
	static char buf[4096];

	rsi_redact(s, strlen(s), buf);
	return buf;
}

static void
test_lexer(void)
{
	rsi_token	t;

	TAP_IS_STR(kinds("a$b c"), "IIE", "$ inside an identifier");
	TAP_IS_STR(kinds("x -- c\r y"), "IIE", "a -- comment ends at \\r");
	TAP_IS_STR(kinds("a / b /"), "IOIOE", "a / that starts no comment, also at the end");
	TAP_IS_STR(kinds("/* a * b / c */ x"), "IE", "* and / alone inside a comment");
	TAP_IS_STR(kinds("\"a\\\"b\""), "QI!", "no backslash escapes in a quoted identifier: \"a\\\" ends it");
	TAP_IS_STR(kinds("\"a\"\"b\" x"), "QIE", "a doubled quote in a quoted identifier");
	TAP_IS_STR(kinds("$a-b$"), "OIOIE", "$a-b$ is no dollar quote (the tag has a -): $ a - b$");
	TAP_IS_STR(kinds("$ab"), "OIE", "$ab at the end is no dollar quote");
	TAP_IS_STR(kinds("$a1$ ; $a1$"), "DE", "a dollar tag with a digit");
	TAP_IS_STR(kinds("$\xc3\xa9$ x $\xc3\xa9$"), "DE", "a non-ASCII dollar tag");
	TAP_IS_STR(kinds("$1x"), "PIE", "a parameter then an identifier");
	TAP_IS_STR(kinds("\x01 \x7f"), "OOE", "control bytes are one-byte operators");
	TAP_IS_STR(kinds("# 1 #"), "ONOE", "a # not followed by a letter is an operator");
	TAP_IS_STR(kinds("a."), "I.E", "a dot at the end");
	TAP_IS_STR(lengths("+-*/<=>@"), "8", "one operator run of every operator class");
	TAP_IS_STR(lengths("+--c"), "1", "an operator run stops before --");
	TAP_IS_STR(lengths("<=/*c*/>"), "2,1", "an operator run stops before /*");
	TAP_IS_STR(lengths("1..2"), "1,1,2", "1..2 is 1, ., .2");
	TAP_IS_STR(lengths("1.5e 1e+ 1E5 1.e3 2e-7 .5E+2"), "3,1,1,1,1,3,4,4,5",
			   "exponents: only with digits");
	TAP_IS_STR(kinds("1.5e"), "NIE", "1.5e is a number and an identifier");

	t = first("'a\\'b\\\\c'");
	TAP_OK(t.kind == RSI_TOK_STRING && t.flags == RSI_TOKF_BACKSLASH && t.len == 9,
		   "\\' and \\\\ in one plain string");
	TAP_IS_STR(decoded("'a\\'b\\\\c'"), "a'b\\c", "... decode to ' and \\");
	TAP_IS_STR(decoded("'\\\\'"), "\\", "a lone \\\\ decodes to one backslash");
	TAP_IS_STR(decoded("'a''b'"), "a'b", "'' decodes to '");
	TAP_IS_STR(decoded("E'it''s'"), "it's", "'' in an E'' string");
	TAP_IS_STR(decoded("E'\\b\\f\\r\\n\\t'"), "\b\f\r\n\t", "E'' control escapes");
	TAP_IS_STR(decoded("E'\\xAf\\x4G\\xg'"), "\xaf\x04Gxg", "E'' \\x: upper and lower hex, one digit, none");
	TAP_IS_STR(decoded("E'\\u0041\\u20ac\\U0001F600'"), "A\xe2\x82\xac\xf0\x9f\x98\x80",
			   "E'' \\u and \\U: 1-, 3- and 4-byte characters");
	TAP_IS_STR(decoded("E'\\u12\\U00110000\\u0000'"), "u12U00110000u0000",
			   "E'' \\u with too few digits, above U+10FFFF, or zero: the letter stays");
	TAP_IS_STR(decoded("E'\\101\\7x\\0101\\8\\q'"), "A\ax\b1" "8q", "E'' octal escapes and unknown escapes");
	TAP_IS_STR(decoded("E'\\''"), "'", "E'' \\'");
	TAP_IS_STR(decoded("E'\\x-\\x:\\7 '"), "x-x:\a ", "E'' \\x before - and :, \\7 before a space");
	TAP_OK(rsi_token_is("s3", &(rsi_token) {RSI_TOK_IDENT, RSI_LEX_OK, 0, 2, 0}, "s3"), "a keyword with a digit");
	TAP_IS_STR(decoded("iam_role"), "iam_role", "an identifier decodes to itself");
	TAP_IS_STR(decoded("\"q\""), "\"q\"", "a quoted identifier decodes to its text");
	TAP_OK(rsi_token_is("IAM_ROLE", &(rsi_token) {RSI_TOK_IDENT, RSI_LEX_OK, 0, 8, 0}, "iam_role") &&
		   !rsi_token_is("iam", &(rsi_token) {RSI_TOK_IDENT, RSI_LEX_OK, 0, 3, 0}, "iam_role") &&
		   !rsi_token_is("iam_rolf", &(rsi_token) {RSI_TOK_IDENT, RSI_LEX_OK, 0, 8, 0}, "iam_role"),
		   "keywords: uppercase matches, a shorter word and a different letter do not");
	TAP_OK(!rsi_token_is_string(&(rsi_token) {RSI_TOK_QIDENT, RSI_LEX_OK, 0, 3, 0}) &&
		   rsi_token_is_string(&(rsi_token) {RSI_TOK_DOLLAR, RSI_LEX_OK, 0, 4, 0}),
		   "a quoted identifier is not a string, a dollar quote is");

	TAP_IS_STR(rsi_lex_error_message(RSI_LEX_OK), "no error", "message: OK");
	TAP_IS_STR(rsi_lex_error_message(RSI_LEX_UNTERMINATED_STRING), "unterminated quoted string", "message: string");
	TAP_IS_STR(rsi_lex_error_message(RSI_LEX_UNTERMINATED_QIDENT), "unterminated quoted identifier", "message: identifier");
	TAP_IS_STR(rsi_lex_error_message(RSI_LEX_UNTERMINATED_DOLLAR), "unterminated dollar-quoted string", "message: dollar");
	TAP_IS_STR(rsi_lex_error_message(RSI_LEX_UNTERMINATED_COMMENT), "unterminated /* comment", "message: comment");
	TAP_IS_STR(rsi_lex_error_message(RSI_LEX_EMPTY_QIDENT), "zero-length delimited identifier", "message: empty identifier");
	TAP_IS_STR(rsi_lex_error_message(RSI_LEX_NUL_BYTE), "NUL byte in command text", "message: NUL");
	TAP_IS_STR(rsi_lex_error_message((rsi_lex_error) 99), "lexical error", "message: unknown");
}

static void
test_redact(void)
{
	const char *s = "secret_access_key 'abcdefgh' x";

	TAP_IS_STR(redacted("credentials '\taws_secret_access_key\t=\tx ;\fTOKEN=y'"),
			   "credentials '\taws_secret_access_key\t=***;\fTOKEN=***'",
			   "whitespace around keys and =, any case");
	TAP_IS_STR(redacted("credentials '\r\vtoken\r\v=\vx'"), "credentials '\r\vtoken\r\v=***'",
			   "\\r and \\v around a key");
	TAP_IS_STR(redacted("secret_access_key \"abc"), "secret_access_key ***", "an unterminated quoted secret");
	TAP_IS_INT(rsi_redact("a \0 token 'x'", 13, NULL), 15, "a NUL byte does not stop redaction ('x' -> '***')");
	TAP_IS_STR(redacted("credentials 'token;aws_secret_access_key=;token2=z;tokenx=w'"),
			   "credentials '***;aws_secret_access_key=;***;tokenx=***'",
			   "in a credentials string: a pair without = and a pair whose key has a digit become ***, "
			   "an empty secret stays empty, an unknown key name keeps its name");
	TAP_IS_STR(redacted("x 'token;token2=z;tokenx=w'"), "x '***;***;tokenx=***'",
			   "the same pairs in any string: the word token makes it secret-bearing");
	TAP_IS_STR(redacted("x 'tokens;token2=z;tokenx=w'"), "x 'tokens;token2=z;tokenx=w'",
			   "no secret key name (token only as a whole word): unchanged");
	TAP_IS_STR(redacted("credentials 'a=b;session_token=c;master_symmetric_key=d'"),
			   "credentials 'a=***;session_token=***;master_symmetric_key=***'",
			   "session_token= and master_symmetric_key=; any other key's value too");
	TAP_IS_STR(redacted("x secret_access_key ; y"), "x secret_access_key ; y", "a secret keyword before ; has no value");
	TAP_IS_STR(redacted("secret_access_key E'a\\'b' x"), "secret_access_key E'***' x", "an E'' secret");
	TAP_IS_STR(redacted("token as $$abc$$ x"), "token as *** x", "a dollar-quoted secret");
	TAP_IS_STR(redacted("x E'token=abc' $q$aws_secret_access_key=d;x=1$q$ y"),
			   "x E'token=***' $q$aws_secret_access_key=***;x=***$q$ y",
			   "inside E'' strings and dollar quotes (a string with a secret key keeps no other value)");
	TAP_IS_STR(redacted("credentials 'token=abc"), "credentials '***",
			   "an unterminated string holding a secret key: masked to the end");
	TAP_IS_STR(redacted("a /* token 'x' \0 b"), "a /* ***", "an unterminated comment holding a secret key: masked to the end");
	TAP_IS_INT(rsi_redact("a /* token 'x' \0 b", 18, NULL), 8, "... (measured)");
	TAP_IS_STR(redacted("a /* no key 'x'"), "a /* no key 'x'", "an unterminated comment without a secret: copied as is");
	TAP_IS_STR(redacted("credentials 'aws_iam_role=arn:aws:iam::123456789012:role/R;x=y"),
			   "credentials 'aws_iam_role=arn:aws:iam::123456789012:role/R;x=***",
			   "an unterminated credentials string keeps its well-formed role");
	TAP_IS_STR(redacted("\"\" token 'x'"), "\"\" token '***'", "an empty quoted identifier does not stop redaction");
	/* fail-closed corners (docs/safety.md, "Redaction rules") */
	TAP_IS_STR(redacted("a /* token\r\n x */ b"), "a /* ***\r\n */ b", "a masked comment keeps its line breaks");
	TAP_IS_STR(redacted("credentials 'aws_iam_role=;token;;x'"), "credentials 'aws_iam_role=;***;;***'",
			   "an empty role stays empty; empty pairs stay");
	TAP_IS_STR(redacted("x E'\\xC3\\xA9 \\t' y"), "x E'\\xC3\\xA9 \\t' y",
			   "E'' escapes that decode to control or non-ASCII bytes are no obfuscation");
	TAP_IS_STR(redacted("x E'\\xZ' E'\\101' E'\\u0041' E'\\uZ' E'\\;' y"), "x E'***' E'***' E'***' E'***' E'***' y",
			   "E'' escapes that decode to printable ASCII are masked");
	TAP_IS_STR(redacted("x E'\\\xc3' y"), "x E'\\\xc3' y", "a backslash before a non-ASCII byte");
	TAP_IS_STR(redacted("secret_access_key /* abc"), "secret_access_key /* ***", "an unterminated comment as the value");
	TAP_IS_STR(redacted("secret_access_key =abc x"), "secret_access_key = *** x", "a mask after '=' is spaced");
	TAP_IS_STR(redacted("token abc/*x"), "token ***/* ***", "a bare secret running into an unterminated comment");
	TAP_IS_STR(redacted("secret_access_key session_token 'x' y"), "secret_access_key session_token '***' y",
			   "a secret keyword in the value position: the value is still ahead");
	TAP_IS_STR(redacted("access_key_id 'x secret_access_key ' abc y"), "access_key_id '***' *** y",
			   "a masked value ending with a key name makes the next token secret");
	TAP_IS_STR(redacted("session_token 'abc-token' csv 'x aws_session_token' y 'my.password' z"),
			   "session_token '***' csv '***' *** '***' z",
			   "a key name ending a longer word does not make the next token secret; an aws_ prefix does");
	TAP_IS_STR(redacted("u&'\\0041' U&'a' UESCAPE '!' U&'ok' xu&'t'"), "u&'***' U&'***' UESCAPE '!' U&'ok' xu&'t'",
			   "U&'' strings with escapes or UESCAPE are masked");
	TAP_IS_STR(redacted("password 'x'\n'y' 'z' $$w$$"), "password '***'\n'***' '***' $$w$$",
			   "adjacent strings continue a secret; a dollar quote does not");
	TAP_IS_STR(redacted("x 'a' \"my password\" y"), "x 'a' \"***\" ***", "a quoted identifier ending with a key name");
	TAP_IS_INT(rsi_redact_map_offset(s, strlen(s), 22), 18, "an offset inside a secret maps to its ***");
	TAP_IS_INT(rsi_redact_map_offset(s, strlen(s), 3), 3, "an offset before it stays");
	TAP_IS_INT(rsi_redact_map_offset(s, strlen(s), strlen(s) + 4), strlen(s) - 5 + 4,
			   "an offset past the end moves with the end");
}

static void
test_split_positions(void)
{
	rsi_splitter sp;
	rsi_statement st;
	const char *s = "copy \"\" x; unload \0 y; z";
	int			n = 0,
				l,
				c;

	rsi_splitter_init(&sp, s, 24);
	while (rsi_splitter_next(&sp, &st))
		n++;
	TAP_IS_INT(n, 3, "an empty quoted identifier and a NUL byte do not end a statement's split");
	rsi_line_col("ab\ncd", 5, 99, &l, &c);
	TAP_OK(l == 2 && c == 3, "an offset past the end is the end");
	TAP_IS_INT(rsi_char_offset("\xc3\xa9\xe2\x82\xac", 5), 2, "character offset");
}

/* ---------- utf8.c ---------- */

static const char *
clean(const char *s, size_t n)
{
	static char out[256];

	TAP_OK(rsi_utf8_sanitize(s, n, NULL) == rsi_utf8_sanitize(s, n, out), "measure == write");
	return out;
}

#define FFFD "\xef\xbf\xbd"

static void
test_utf8(void)
{
	static const struct
	{
		const char *in;
		size_t		n;
		const char *want;
		size_t		valid;
		const char *what;
	}			cases[] = {
		{"abc", 3, "abc", 3, "ASCII"},
		{"a\0b", 3, "a" FFFD "b", 1, "NUL becomes U+FFFD"},
		{"\xc2\x80\xdf\xbf", 4, "\xc2\x80\xdf\xbf", 4, "two-byte ends"},
		{"\xc0\x80\xc1\xbf", 4, FFFD FFFD FFFD FFFD, 0, "C0 and C1 are never valid (overlong)"},
		{"\xe0\xa0\x80\xef\xbf\xbf", 6, "\xe0\xa0\x80\xef\xbf\xbf", 6, "three-byte ends"},
		{"\xe0\x80\x80", 3, FFFD FFFD FFFD, 0, "E0 80: overlong, three replacements"},
		{"\xed\x9f\xbf\xed\xa0\x80", 6, "\xed\x9f\xbf" FFFD FFFD FFFD, 3, "ED A0: a surrogate"},
		{"\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 8, "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 8, "four-byte ends"},
		{"\xf1\x80\x80\x80\xf3\xbf\xbf\xbf", 8, "\xf1\x80\x80\x80\xf3\xbf\xbf\xbf", 8, "0xF1 and 0xF3"},
		{"\xf0\x8f\xbf\xbf", 4, FFFD FFFD FFFD FFFD, 0, "0xF0 0x8F: overlong"},
		{"\xf4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD, 0, "0xF4 0x90: above U+10FFFF"},
		{"\xf5\x80\xff", 3, FFFD FFFD FFFD, 0, "0xF5 and 0xFF are never valid"},
		{"\xe2\x82", 2, FFFD, 0, "a truncated character is one U+FFFD"},
		{"\xf0\x9f\x98x", 4, FFFD "x", 0, "a truncated four-byte character, then ASCII"},
		{"\x80x", 2, FFFD "x", 0, "a lone continuation byte"},
	};
	size_t		i;
	char		out[64];
	int			cut;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		TAP_IS_STR(clean(cases[i].in, cases[i].n), cases[i].want, "sanitize: %s", cases[i].what);
		TAP_IS_INT(rsi_utf8_valid_prefix(cases[i].in, cases[i].n), cases[i].valid, "valid prefix: %s", cases[i].what);
	}
	TAP_IS_INT(rsi_utf8_excerpt("ab\xe2\x82\xac", 5, 4, out, &cut), 2, "excerpt: a character that does not fit is left out");
	TAP_OK(cut == 1 && strcmp(out, "ab") == 0, "... and the excerpt says so");
	TAP_IS_INT(rsi_utf8_excerpt("a\xff", 2, 3, out, &cut), 1, "excerpt: U+FFFD (3 bytes) does not fit in 2");
	TAP_IS_INT(rsi_utf8_excerpt("a\xff", 2, 4, out, &cut), 4, "excerpt: ... but fits in 3");
	TAP_OK(cut == 0 && strcmp(out, "a" FFFD) == 0, "... whole, not cut");
	TAP_IS_INT(rsi_utf8_excerpt("", 0, 0, out, &cut), 0, "excerpt of nothing");
}

int
main(int argc, char **argv)
{
	(void) argc;
	(void) argv;
	test_lexer();
	test_redact();
	test_split_positions();
	test_utf8();
	return tap_done();
}
