/*
 * test_lexer.c — lexer, splitter, redactor and text positions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse/command.h"
#include "lex/lexer.h"
#include "lex/script.h"
#include "tap.h"

/* Lex s and return the kinds of all tokens, as a string of letters. */
static const char *
kinds(const char *s)
{
	static char out[256];
	static const char letters[] = "EIQSXDNP;(),.O!";
	size_t		pos = 0,
				len = strlen(s),
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

static rsi_token
first(const char *s, size_t len)
{
	rsi_token	t;

	rsi_lex_next(s, len, 0, &t);
	return t;
}

static char *
decoded(const char *s)
{
	static char buf[1024];
	rsi_token	t = first(s, strlen(s));

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
test_tokens(void)
{
	rsi_token	t;

	TAP_IS_STR(kinds("copy t from 's3://x'"), "IIISE", "identifiers and a string");
	TAP_IS_STR(kinds("COPY \"My Table\" (a, b)"), "IQ(I,I)E", "quoted identifier and punctuation");
	TAP_IS_STR(kinds("x -- comment\n y"), "IIE", "-- comment skipped");
	TAP_IS_STR(kinds("x /* a /* nested */ still */ y"), "IIE", "nested block comments");
	TAP_IS_STR(kinds("a/*x*/b"), "IIE", "comment between identifiers");
	TAP_IS_STR(kinds("$$a;b$$ ;"), "D;E", "dollar quote hides ;");
	TAP_IS_STR(kinds("$tag$ $x$ ; $tag$"), "DE", "other dollar tags inside a dollar quote are text");
	TAP_IS_STR(kinds("$1 + 2"), "PONE", "parameter, operator, number");
	TAP_IS_STR(kinds("1.1E-05 .5 3"), "NNNE", "numbers");
	TAP_IS_STR(kinds("#temp_table"), "IE", "#temp table names are identifiers");
	TAP_IS_STR(kinds("E'a\\'b' x"), "XIE", "E'' string with \\'");
	TAP_IS_STR(kinds("'it''s' x"), "SIE", "doubled quote inside a string");
	TAP_IS_STR(kinds("'it\\'s' x"), "SIE", "backslash-quote inside a string (Redshift)");
	TAP_IS_STR(kinds("a.b"), "I.IE", "qualified name");
	TAP_IS_STR(kinds("x;y"), "I;IE", "semicolon");
	TAP_IS_STR(kinds("+/* c */-"), "OOE", "operator run stops at a comment");

	t = first("  'abc", 6);
	TAP_OK(t.kind == RSI_TOK_ERROR && t.error == RSI_LEX_UNTERMINATED_STRING && t.off == 2,
		   "unterminated string reported at its start");
	t = first("x", 1);
	rsi_lex_next("x /* never closed", 17, 1, &t);
	TAP_OK(t.kind == RSI_TOK_ERROR && t.error == RSI_LEX_UNTERMINATED_COMMENT && t.off == 2,
		   "unterminated comment reported at its start");
	t = first("/* a /* b */", 12);
	TAP_OK(t.kind == RSI_TOK_ERROR && t.error == RSI_LEX_UNTERMINATED_COMMENT,
		   "nested comment closed once is still open");
	t = first("\"abc", 4);
	TAP_OK(t.kind == RSI_TOK_ERROR && t.error == RSI_LEX_UNTERMINATED_QIDENT, "unterminated quoted identifier");
	t = first("$q$ abc", 7);
	TAP_OK(t.kind == RSI_TOK_ERROR && t.error == RSI_LEX_UNTERMINATED_DOLLAR, "unterminated dollar quote");
	t = first("\"\"", 2);
	TAP_OK(t.kind == RSI_TOK_ERROR && t.error == RSI_LEX_EMPTY_QIDENT, "empty quoted identifier");
	t = first("a\0b", 3);
	TAP_OK(t.kind == RSI_TOK_IDENT && t.len == 1, "identifier stops at NUL");
	t = first("\0b", 2);
	TAP_OK(t.kind == RSI_TOK_ERROR && t.error == RSI_LEX_NUL_BYTE, "NUL byte is an error token");
	t = first("'abc'", 3);
	TAP_OK(t.kind == RSI_TOK_ERROR, "the lexer never reads past len");

	TAP_IS_STR(decoded("'it''s'"), "it's", "'' decodes to '");
	TAP_IS_STR(decoded("'it\\'s'"), "it's", "\\' decodes to '");
	TAP_IS_STR(decoded("'a\\tb'"), "a\\tb", "other backslashes stay in plain strings");
	TAP_IS_STR(decoded("E'a\\tb\\n'"), "a\tb\n", "E'' escapes");
	TAP_IS_STR(decoded("E'\\x41\\101\\u00e9'"), "AA\xc3\xa9", "E'' hex, octal and unicode escapes");
	TAP_IS_STR(decoded("$x$it's$x$"), "it's", "dollar-quoted body");
	TAP_IS_STR(decoded("$$$$"), "", "empty dollar quote");

	/* finding 5: \\ decodes to one byte but set no flag, so value offsets were off by one */
	t = first("'a\\\\b'", 6);
	TAP_OK(t.kind == RSI_TOK_STRING && (t.flags & RSI_TOKF_BACKSLASH), "\\\\ in a plain string sets RSI_TOKF_BACKSLASH");
	TAP_IS_STR(decoded("'a\\\\b'"), "a\\b", "... and decodes to one backslash");
	t = first("'a\\tb'", 6);
	TAP_OK(t.kind == RSI_TOK_STRING && t.flags == 0,
		   "\\t in a plain string sets no flag: it decodes to itself, offsets do not shift");
	t = first("'a\\'b'", 6);
	TAP_OK(t.kind == RSI_TOK_STRING && t.flags == RSI_TOKF_BACKSLASH, "\\' sets RSI_TOKF_BACKSLASH only");
	t = first("'a''b'", 6);
	TAP_OK(t.kind == RSI_TOK_STRING && t.flags == RSI_TOKF_DOUBLED, "'' sets RSI_TOKF_DOUBLED only");
	t = first("'s3://b/{{ ds }}'", 17);
	TAP_OK(t.kind == RSI_TOK_STRING && t.flags == RSI_TOKF_TMPL && t.len == 17,
		   "a '{' in a plain string sets RSI_TOKF_TMPL only");
	t = first("E'a$b\\\\'", 8);
	TAP_OK(t.kind == RSI_TOK_ESTRING && t.flags == (RSI_TOKF_TMPL | RSI_TOKF_BACKSLASH) && t.len == 8,
		   "a '$' in an E'' string sets RSI_TOKF_TMPL");
	t = first("\"a{$\"", 5);
	TAP_OK(t.kind == RSI_TOK_QIDENT && t.flags == 0, "... not in a quoted identifier");
	t = first("'0123456789abcdef0123456789{'", 29);
	TAP_OK(t.kind == RSI_TOK_STRING && t.flags == RSI_TOKF_TMPL && t.len == 29,
		   "... nor past the first sixteen bytes");

	TAP_OK(rsi_token_is("IAM_Role", &(rsi_token) {RSI_TOK_IDENT, RSI_LEX_OK, 0, 8, 0}, "iam_role"),
		   "keywords match case-insensitively");
	TAP_OK(!rsi_token_is("IAM_RoleX", &(rsi_token) {RSI_TOK_IDENT, RSI_LEX_OK, 0, 9, 0}, "iam_role"),
		   "keyword prefix does not match");
	TAP_OK(!rsi_token_is("\"iam_role\"", &(rsi_token) {RSI_TOK_QIDENT, RSI_LEX_OK, 0, 10, 0}, "iam_role"),
		   "a quoted identifier is never a keyword");
}

static void
test_positions(void)
{
	int			l,
				c;
	const char *s = "a\nbc\n\xc3\xa9x";

	rsi_line_col(s, strlen(s), 3, &l, &c);
	TAP_OK(l == 2 && c == 2, "line 2 column 2");
	rsi_line_col(s, strlen(s), 7, &l, &c);
	TAP_OK(l == 3 && c == 2, "columns count characters, not bytes");
	TAP_IS_INT(rsi_char_offset(s, 7), 6, "character offset of a multibyte text");
	{
		rsi_line_cursor lc;
		static const size_t offs[] = {0, 3, 3, 7, 99, 1, 4};
		size_t		i;
		int			same = 1;

		/* increasing offsets continue from the last one; a smaller one starts over */
		rsi_line_cursor_init(&lc);
		for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		{
			int			l2,
						c2;

			rsi_line_col_next(&lc, s, strlen(s), offs[i], &l, &c);
			rsi_line_col(s, strlen(s), offs[i], &l2, &c2);
			same &= (l == l2 && c == c2);
		}
		TAP_OK(same, "the line cursor agrees with rsi_line_col, forwards, past the end and backwards");
	}
}

static void
test_splitter(void)
{
	const char *s = "copy a from 'x;y' iam_role default;\n-- c;\n  unload ('select '';''') to 'z' iam_role default ;;\n"
	"/* ; */ select $$;$$; copy b from 'unterminated";
	rsi_splitter sp;
	rsi_statement st;
	int			n = 0;
	int			lines[8] = {0},
				cols[8] = {0};

	rsi_splitter_init(&sp, s, strlen(s));
	while (rsi_splitter_next(&sp, &st) && n < 8)
	{
		lines[n] = st.line;
		cols[n] = st.col;
		n++;
	}
	TAP_IS_INT(n, 4, "four statements: ; inside strings, comments and dollar quotes do not split");
	TAP_OK(lines[0] == 1 && cols[0] == 1, "statement 1 at 1:1");
	TAP_OK(lines[1] == 3 && cols[1] == 3, "statement 2 at 3:3 (after a comment line)");
	TAP_OK(lines[2] == 4 && cols[2] == 9, "statement 3 at 4:9 (after a block comment)");
	TAP_OK(lines[3] == 4 && cols[3] == 23, "statement 4 runs to the end (unterminated string)");

	rsi_splitter_init(&sp, "  ;; \n ", 7);
	TAP_OK(!rsi_splitter_next(&sp, &st), "a script of empty statements has none");
}

static void
test_redact(void)
{
	TAP_IS_STR(redacted("copy t from 'x' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key 'wJalr/K7'"),
			   "copy t from 'x' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key '***'",
			   "SECRET_ACCESS_KEY value redacted, key ID kept");
	TAP_IS_STR(redacted("x SESSION_TOKEN AS 'abc' TOKEN 'd' master_symmetric_key 'k'"),
			   "x SESSION_TOKEN AS '***' TOKEN '***' master_symmetric_key '***'",
			   "session token, TOKEN and master key redacted");
	TAP_IS_STR(redacted("credentials 'aws_access_key_id=AKIA;aws_secret_access_key=s3cr3t;token=t0k'"),
			   "credentials 'aws_access_key_id=***;aws_secret_access_key=***;token=***'",
			   "secrets inside a credentials string redacted; a key ID that is not well-formed too");
	TAP_IS_STR(redacted("credentials 'aws_access_key_id=AKIA; AWS_SECRET_ACCESS_KEY = s3cr3t'"),
			   "credentials 'aws_access_key_id=***; AWS_SECRET_ACCESS_KEY =***'",
			   "malformed credentials strings are redacted too");
	/* a credentials string keeps only aws_iam_role and aws_access_key_id values */
	TAP_IS_STR(redacted("copy t from 's3://x' credentials 'aws_access_key_id=ASIAIOSFODNN7EXAMPLE;"
						"aws_secret_access_key=wJalrXUtnFEMIK7MDENG;FQoGZXIvYXdzEJr1234567890abcdefSECRETTOKEN=='"),
			   "copy t from 's3://x' credentials 'aws_access_key_id=ASIAIOSFODNN7EXAMPLE;aws_secret_access_key=***;***'",
			   "a token pasted without token= is masked as a whole");
	TAP_IS_STR(redacted("copy t from 'x' credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;"
						"wJalrXUtnFEMI/K7MDENG+bPxRfiCY=EXAMPLEKEY'"),
			   "copy t from 'x' credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;***'",
			   "a secret with '=' and no key, in a string after CREDENTIALS, is masked as a whole");
	TAP_IS_STR(redacted("copy t from 'x' with credentials as 'aws_iam_role=arn:aws:iam::123456789012:role/R;bogus;"
						"master_symmetric_key=k;Secret=v'"),
			   "copy t from 'x' with credentials as 'aws_iam_role=arn:aws:iam::123456789012:role/R;***;"
			   "master_symmetric_key=***;***'",
			   "WITH CREDENTIALS AS: the role is kept, everything else is masked");
	TAP_IS_STR(redacted("x 'aws_secret_access_key=s;FQoGZXIvYXdzEJr1234==;a=b'"),
			   "x 'aws_secret_access_key=***;***;a=***'",
			   "a string holding a secret key is treated as a credentials string wherever it is");
	TAP_IS_STR(redacted("copy t from 's3://b/a=b;c' iam_role 'arn:aws:iam::123456789012:role/R'"),
			   "copy t from 's3://b/a=b;c' iam_role 'arn:aws:iam::123456789012:role/R'",
			   "other strings are not credentials strings");
	{
		const char *c = "credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=s;FQoGtoken=='";

		TAP_IS_INT(rsi_redact_map_offset(c, strlen(c), (size_t) (strstr(c, "FQoG") - c)),
				   strlen("credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=***;"),
				   "an error offset at a masked pair maps to its ***");
	}
	TAP_IS_STR(redacted("secret_access_key 'never closed"),
			   "secret_access_key '***'", "unterminated secret redacted to the end");
	TAP_IS_STR(redacted("secret_access_key unquoted123 x"),
			   "secret_access_key *** x", "unquoted secret redacted");
	TAP_IS_STR(redacted("copy t from 's3://b/token/x' iam_role 'arn:aws:iam::123456789012:role/R'"),
			   "copy t from 's3://b/token/x' iam_role 'arn:aws:iam::123456789012:role/R'",
			   "text without secrets is unchanged");
	TAP_IS_INT(rsi_redact_map_offset("secret_access_key 'abcdefgh' iam_role", 37, 30), 25,
			   "offsets after a redaction are mapped");
}

static void
test_linear(void)
{
	size_t		n = 4 * 1024 * 1024,
				i,
				pos = 0;
	char	   *s = malloc(n);
	rsi_token	t;
	clock_t		c0 = clock();

	for (i = 0; i + 1 < n; i += 2)
	{
		s[i] = '/';
		s[i + 1] = '*';
	}
	rsi_lex_next(s, n, 0, &t);
	TAP_OK(t.kind == RSI_TOK_ERROR && t.error == RSI_LEX_UNTERMINATED_COMMENT,
		   "2M nested unclosed comments: a clean error");
	memset(s, '$', n);
	for (i = 0; i < 100 && pos < n; i++)
		pos = rsi_lex_next(s, n, pos, &t);
	TAP_OK(pos == n || i == 100, "4 MB of dollar signs lexed");
	TAP_OK((double) (clock() - c0) / CLOCKS_PER_SEC < 2.0, "both in under 2 s (linear time)");
	free(s);
}

int
main(void)
{
	test_tokens();
	test_positions();
	test_splitter();
	test_redact();
	test_linear();
	return tap_done();
}
