/*
 * test_hostile.c — hostile inputs at the core level.
 *
 * Each case asserts a clean result or a clean error, in bounded time (each
 * under 2 s of CPU; more under valgrind, see RSI_UNDER_VALGRIND) and
 * bounded memory (the parser's arena total is compared with the input
 * size).  The parser's memory comes from an arena that is freed after
 * every parse, so this test runs leak-free under valgrind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "parse/command.h"
#include "parse/command_json.h"
#include "lex/lexer.h"
#include "lex/script.h"
#include "check/validate.h"
#include "command_util.h"
#include "tap.h"

/* ---------- an arena that frees ---------- */

#include "arena.h"

static rsi_command cmd;
static rsi_parse_error err;
static size_t last_bytes;		/* arena total of the last parse */
static double time_limit = 2.0;
static clock_t t0;

/* Parse; the arena is freed by the next parse (or done()). */
static rsi_parse_status
parse_n(const char *sql, size_t len)
{
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_parse_options opt = {RSI_DEFAULT_MAX_ROLE_CHAIN, NULL, 0};
	rsi_parse_status r;

	arena_free();
	r = rsi_parse_command(sql, len, &opt, &al, &cmd, &err);
	last_bytes = arena_bytes;
	return r;
}

static void
start(void)
{
	t0 = clock();
}

static double
elapsed(void)
{
	return (double) (clock() - t0) / CLOCKS_PER_SEC;
}

#define IN_TIME(what) \
	do { double e_ = elapsed(); \
		TAP_OK(e_ < time_limit, "%s: %.2f s CPU (limit %.0f s)", what, e_, time_limit); } while (0)

#define has_problem(code) command_has_problem(&cmd, (code))

static char *
xmalloc(size_t n)
{
	char	   *m = malloc(n);

	if (m == NULL)
	{
		printf("Bail out! out of memory\n");
		exit(2);
	}
	return m;
}

/* s = prefix + n copies of unit + suffix; *len gets the length */
static char *
build(const char *prefix, const char *unit, size_t n, const char *suffix, size_t *len)
{
	size_t		pl = strlen(prefix),
				ul = strlen(unit),
				sl = strlen(suffix),
				i;
	char	   *s = xmalloc(pl + ul * n + sl + 1);

	memcpy(s, prefix, pl);
	for (i = 0; i < n; i++)
		memcpy(s + pl + i * ul, unit, ul);
	memcpy(s + pl + ul * n, suffix, sl + 1);
	*len = pl + ul * n + sl;
	return s;
}

#define ROLE "arn:aws:iam::123456789012:role/R"

/* ---------- the cases ---------- */

static void
test_64mb_command(void)
{
	size_t		len;
	char	   *s = build("COPY t FROM 's3://b/p' IAM_ROLE default",
						  " DELIMITER '|' -- c\n/* x */", 64 * 1024 * 1024 / 26, ";", &len);
	rsi_parse_status r;

	start();
	r = parse_n(s, len);
	TAP_OK(len >= 64 * 1000 * 1000 && r == RSI_PARSE_OK && cmd.auth == RSI_AUTH_IAM_ROLE_DEFAULT,
		   "64 MB COPY with millions of options parses");
	TAP_OK(last_bytes < 4096, "... with %zu bytes of parser memory", last_bytes);
	IN_TIME("64 MB COPY");

	/* the same text with the authorization clause at the very end */
	memcpy(s, "COPY t FROM 's3://b/p' CSV             ", 39);
	start();
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_SYNTAX && err.off == len - 1 && strstr(err.message, "requires an authorization") != NULL &&
		   strstr(err.message, "found \";\"") != NULL,
		   "64 MB COPY without authorization: a clean syntax error at the final \";\"");
	IN_TIME("64 MB COPY without authorization");
	free(s);
}

static void
test_nested_comments(void)
{
	size_t		len,
				n = 100000;
	char	   *open = build("", "/*", n, "", &len);
	char	   *s = xmalloc(4 * n + 128);
	rsi_parse_status r;
	rsi_splitter sp;
	rsi_statement st;
	size_t		pre;

	/* closed */
	len = 0;
	memcpy(s, open, 2 * n);
	len += 2 * n;
	memcpy(s + len, " body ", 6);
	len += 6;
	{
		size_t		i;

		for (i = 0; i < n; i++, len += 2)
			memcpy(s + len, "*/", 2);
	}
	pre = len + 1;
	len += (size_t) sprintf(s + len, " COPY t FROM 's3://b' IAM_ROLE '" ROLE "'");
	start();
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_OK && cmd.off == pre && cmd.nroles == 1,
		   "100,000 nested closed comments before a command: OK, command found after them");
	IN_TIME("100,000 closed nested comments");

	/* unclosed, after a command */
	len = (size_t) sprintf(s, "COPY t FROM 's3://b' IAM_ROLE default ");
	pre = len;
	memcpy(s + len, open, 2 * n);
	len += 2 * n;
	start();
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_SYNTAX && err.off == pre && strstr(err.message, "unterminated /* comment"),
		   "100,000 unclosed nested comments: syntax error at the first /*");
	rsi_splitter_init(&sp, s, len);
	TAP_OK(rsi_splitter_next(&sp, &st) == 1 && st.off == 0 && st.end == len &&
		   rsi_splitter_next(&sp, &st) == 0,
		   "... the splitter gives one statement running to the end");
	IN_TIME("100,000 unclosed nested comments");

	/* closed one level short: still unclosed, reported where it starts */
	memcpy(s, open, 2 * n);
	len = 2 * n;
	{
		size_t		i;

		for (i = 0; i + 1 < n; i++, len += 2)
			memcpy(s + len, "*/", 2);
	}
	len += (size_t) sprintf(s + len, " COPY t FROM 's3://b' IAM_ROLE default");
	start();
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_SYNTAX && err.off == 0, "99,999 of 100,000 comments closed: error at offset 0");
	TAP_IS_INT(rsi_redact(s, len, NULL), len, "... and the redactor passes it through unchanged");
	IN_TIME("one level short");
	free(open);
	free(s);
}

static void
test_1mb_string(void)
{
	size_t		len,
				n = 1024 * 1024;
	char	   *s = build("COPY t FROM '", "a", n, "' IAM_ROLE default", &len);
	char	   *out;
	rsi_parse_status r;

	start();
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_OK && cmd.location && strlen(cmd.location) == n,
		   "1 MB string literal: parsed, location is 1 MB");
	TAP_OK(last_bytes < 2 * n + 4096, "... with %zu bytes of parser memory", last_bytes);
	free(s);

	/* doubled quotes and backslash escapes throughout */
	s = build("COPY t FROM '", "''\\'", n / 4, "' IAM_ROLE default", &len);
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_OK && strlen(cmd.location) == n / 2, "1 MB of '' and \\' escapes decodes");
	free(s);

	/* unterminated */
	s = build("COPY t FROM 's3://b' IAM_ROLE default DELIMITER '", "x", n, "", &len);
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_SYNTAX && err.off == len - n - 1 &&
		   strstr(err.message, "unterminated quoted string"),
		   "unterminated 1 MB string: syntax error where it starts");
	free(s);

	/* a 1 MB secret is redacted */
	s = build("COPY t FROM 's3://b' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY '",
			  "s", n, "'", &len);
	out = xmalloc(rsi_redact(s, len, NULL) + 1);
	rsi_redact(s, len, out);
	TAP_IS_STR(out, "COPY t FROM 's3://b' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY '***'",
			   "a 1 MB secret is redacted to '***'");
	free(out);
	free(s);
	IN_TIME("1 MB strings");
}

static void
test_100k_statements(void)
{
	size_t		len,
				n = 100000,
				count = 0,
				ok = 0;
	char	   *s = build("", "COPY t FROM 's3://b' IAM_ROLE default;\n", n, "", &len);
	rsi_splitter sp;
	rsi_statement st;
	int			last_line = 0;

	start();
	rsi_splitter_init(&sp, s, len);
	while (rsi_splitter_next(&sp, &st))
	{
		count++;
		last_line = st.line;
		if (parse_n(s + st.off, st.end - st.off) == RSI_PARSE_OK)
			ok++;
	}
	TAP_IS_INT(count, n, "100,000 statements in one script are split");
	TAP_OK(ok == n && last_line == (int) n, "... all parse, the last at line %d", last_line);
	IN_TIME("100,000 statements");
	free(s);
}

static void
test_long_chain(void)
{
	size_t		len,
				n = 10000;
	char	   *s = build("COPY t FROM 's3://b' IAM_ROLE '" ROLE, "," ROLE, n - 1, "'", &len);
	char	   *js;
	rsi_parse_status r;

	start();
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_OK && cmd.nroles == 1000 && has_problem(RSI_PROB_CHAIN_TOO_LONG) &&
		   cmd.nproblems == 1 && strstr(cmd.problems[0].message, "has 10000 roles") != NULL,
		   "a chain of 10,000 roles: OK, the first 1,000 kept, one chain-too-long counting all 10,000");
	TAP_OK(strcmp(cmd.roles[999], ROLE) == 0, "... the 1,000th role is whole");
	TAP_OK(last_bytes < 2 * len + 4096, "... with %zu bytes of parser memory for %zu bytes", last_bytes, len);
	js = rsi_command_json_text(&cmd, s, len);
	TAP_OK(js != NULL && strlen(js) > 1000 * strlen(ROLE) && strlen(js) < 1100 * (strlen(ROLE) + 3),
		   "... and its JSON has the 1,000 roles");
	free(js);
	IN_TIME("10,000-role chain");
	free(s);

	/*
	 * Empty entries: before the caps each comma cost a role and a problem,
	 * about 160 bytes of parser memory per input byte (finding 4).
	 */
	s = build("COPY t FROM 's3://b' IAM_ROLE '", ",", n, "'", &len);
	start();
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_OK && cmd.nroles == 1000 && cmd.nproblems == 101,
		   "10,000 commas: %zu roles, %zu problems (1,000 and 100 + 1)", cmd.nroles, cmd.nproblems);
	TAP_OK(cmd.nproblems == 101 && strcmp(cmd.problems[0].code, RSI_PROB_CHAIN_TOO_LONG) == 0 &&
		   strcmp(cmd.problems[100].code, RSI_PROB_TOO_MANY_PROBLEMS) == 0 &&
		   strcmp(cmd.problems[100].message, "... and 901 more problems, not listed (at most 100 are)") == 0,
		   "... chain-too-long first, too-many-problems last: %s",
		   cmd.nproblems == 101 ? cmd.problems[100].message : "");
	js = rsi_command_json_text(&cmd, s, len);
	TAP_OK(js != NULL && strstr(js, "\"too-many-problems\"") != NULL, "... and the JSON lists it");
	free(js);
	printf("# 10,000 commas: %zu bytes of parser memory for %zu bytes of input (%.1fx)\n",
		   last_bytes, len, (double) last_bytes / (double) len);
	IN_TIME("10,000 empty chain entries");
	free(s);

	/* 64 MB of commas: the decoded value plus a fixed amount */
	s = build("COPY t FROM 's3://b' IAM_ROLE '", ",", 64 * 1024 * 1024, "'", &len);
	start();
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_OK && cmd.nroles == 1000 && cmd.nproblems == 101,
		   "64 MB of commas: OK, %zu roles, %zu problems", cmd.nroles, cmd.nproblems);
	TAP_OK(last_bytes < len + 128 * 1024,
		   "... with %zu bytes of parser memory: the 64 MB value + %zu bytes (bound 128 KB)",
		   last_bytes, last_bytes > len ? last_bytes - len : 0);
	IN_TIME("64 MB of commas");
	free(s);
}

/*
 * Line and column of every problem in one forward pass (finding 9d): an
 * 8 MB comment before a command with 101 problems cost 102 scans of the
 * comment; now the JSON costs about what it costs with no problem at all.
 */
static void
test_problem_positions(void)
{
	size_t		len,
				len0;
	char	   *s = build("/* ", "xxxxxxxx", 1024 * 1024, " */\nCOPY t FROM 's3://b'\nIAM_ROLE ',,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"
						  ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,'",
						  &len);
	char	   *s0 = build("/* ", "xxxxxxxx", 1024 * 1024, " */\nCOPY t FROM 's3://b'\nIAM_ROLE default", &len0);
	char	   *js;
	double		t_none,
				t_many;

	TAP_OK(parse_n(s0, len0) == RSI_PARSE_OK && cmd.nproblems == 0, "8 MB comment, then a command with no problem");
	start();
	js = rsi_command_json_text(&cmd, s0, len0);
	t_none = elapsed();
	free(js);
	TAP_OK(parse_n(s, len) == RSI_PARSE_OK && cmd.nproblems == 101, "8 MB comment, then a command with 101 problems");
	start();
	js = rsi_command_json_text(&cmd, s, len);
	t_many = elapsed();
	TAP_OK(js != NULL && strstr(js, "\"line\":3,\"col\":10}") != NULL && strstr(js, "\"line\":3,\"col\":11}") != NULL &&
		   strstr(js, "\"line\":3,\"col\":109}") != NULL && strstr(js, "\"line\":3,\"col\":110}") != NULL,
		   "... problem positions are right (line 3, columns 10 to 110)");
	TAP_OK(t_many < 10 * t_none + 0.05,
		   "... its JSON takes %.3f s against %.3f s without problems (one pass, not one per problem)",
		   t_many, t_none);
	free(js);
	free(s);
	free(s0);
}

static void
test_1mb_arn(void)
{
	size_t		len,
				n = 1024 * 1024;
	char	   *s = build("COPY t FROM 's3://b' IAM_ROLE '" ROLE, "a", n, "'", &len);
	char	   *js;
	rsi_parse_status r;

	start();
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_OK && cmd.nproblems == 1 && has_problem(RSI_PROB_INVALID_ROLE_ARN),
		   "1 MB role ARN: OK with an invalid-role-arn problem");
	TAP_OK(cmd.nproblems == 1 && strlen(cmd.problems[0].message) < 200 &&
		   strstr(cmd.problems[0].message, "aaaaaaaa") == NULL,
		   "... whose message is short and does not quote the value: %s",
		   cmd.nproblems ? cmd.problems[0].message : "");
	TAP_OK(rsi_role_arn_check(s + 31, strlen(ROLE) + n, NULL) != NULL, "rsi_role_arn_check rejects it");
	js = rsi_command_json_text(&cmd, s, len);
	TAP_OK(js != NULL, "... and the result serialises");
	free(js);
	IN_TIME("1 MB role ARN");
	free(s);
}

static void
test_nested_parens(void)
{
	size_t		len,
				n = 100000;
	char	   *s = xmalloc(2 * n + 256),
			   *p;
	size_t		i;
	rsi_parse_status r;

	/* UNLOAD ('((((...))))') : the parens are inside the query string */
	p = s + sprintf(s, "UNLOAD ('select ");
	for (i = 0; i < n; i++)
		*p++ = '(';
	*p++ = '1';
	for (i = 0; i < n; i++)
		*p++ = ')';
	p += sprintf(p, "') TO 's3://b/' IAM_ROLE default");
	len = (size_t) (p - s);
	start();
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_OK && cmd.kind == RSI_CMD_UNLOAD, "UNLOAD ('100,000 nested parentheses'): OK");

	/* UNLOAD ((((...'q'...)))) : a clean syntax error */
	p = s + sprintf(s, "UNLOAD (");
	for (i = 0; i < n; i++)
		*p++ = '(';
	p += sprintf(p, "'select 1'");
	for (i = 0; i <= n; i++)
		*p++ = ')';
	p += sprintf(p, " TO 's3://b/' IAM_ROLE default");
	len = (size_t) (p - s);
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_SYNTAX && err.off == 8 && strstr(err.message, "quoted SELECT"),
		   "UNLOAD ((((...'q'...)))) with 100,000 parentheses: syntax error at the second (");

	/* CREATE EXTERNAL FUNCTION f((((...)))) : skipped with a counter */
	p = s + sprintf(s, "CREATE EXTERNAL FUNCTION f");
	for (i = 0; i < n; i++)
		*p++ = '(';
	for (i = 0; i < n; i++)
		*p++ = ')';
	p += sprintf(p, " RETURNS int VOLATILE LAMBDA 'l' IAM_ROLE '" ROLE "'");
	len = (size_t) (p - s);
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_OK || r == RSI_PARSE_SYNTAX,
		   "CREATE EXTERNAL FUNCTION with 100,000 nested parentheses: clean (status %d)", (int) r);

	/* unbalanced: never closed */
	p = s + sprintf(s, "CREATE EXTERNAL FUNCTION f");
	for (i = 0; i < n; i++)
		*p++ = '(';
	len = (size_t) (p - s);
	r = parse_n(s, len);
	TAP_OK(r == RSI_PARSE_SYNTAX && err.off == 26 && strstr(err.message, "never closed"),
		   "100,000 unclosed parentheses: syntax error at the first (");
	IN_TIME("100,000 nested parentheses");
	free(s);
}

/* Does js read back as JSON whose member 'key' (a string or the first of an array) is want? */
static int
json_has(const char *js, const char *key, const char *want)
{
	json_error_t je;
	json_t	   *j,
			   *v;
	int			ok;

	if (js == NULL)
	{
		printf("#   rsi_command_json_text returned NULL\n");
		return 0;
	}
	j = json_loads(js, 0, &je);
	if (j == NULL)
	{
		printf("#   not JSON: %s\n", js);
		return 0;
	}
	v = json_object_get(j, key);
	if (json_is_array(v))
		v = json_array_get(v, 0);
	ok = json_is_string(v) && strcmp(json_string_value(v), want) == 0;
	if (!ok)
		printf("#   %s is not \"%s\": %s\n", key, want, js);
	json_decref(j);
	return ok;
}

/* Is s valid UTF-8 (no overlongs, no surrogates)? */
static int
utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *) s;

	while (*p)
	{
		int			n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 :
			(*p & 0xF8) == 0xF0 ? 3 : -1;
		int			i;

		if (n < 0 || (n == 1 && *p < 0xC2) || (n == 3 && *p > 0xF4))
			return 0;
		for (i = 1; i <= n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return 0;
		if ((n == 2 && *p == 0xE0 && p[1] < 0xA0) || (n == 2 && *p == 0xED && p[1] >= 0xA0) ||
			(n == 3 && *p == 0xF0 && p[1] < 0x90) || (n == 3 && *p == 0xF4 && p[1] >= 0x90))
			return 0;
		p += n + 1;
	}
	return 1;
}

static void
test_bad_bytes(void)
{
	static const char nul_cmd[] = "COPY t FROM 's3://b' IAM_ROLE default\0;";
	static const char nul_ident[] = "COPY t\0x FROM 's3://b' IAM_ROLE default";
	static const char nul_str[] = "COPY t FROM 's3://b\0x' IAM_ROLE default";
	static const char nul_secret[] = "COPY t FROM 's3://b' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'abc\0def'";
	static const char nul_qident[] = "COPY \"t\0\" FROM 's3://b' IAM_ROLE default";
	static const char nul_escape[] = "COPY t FROM E's3://\\x00b' IAM_ROLE default";
	static const char nul_skipped[] = "COPY t FROM 's3://b' IAM_ROLE default DELIMITER '\0'";
	static const char bad_escape[] = "COPY t FROM E's3://\\xffx\\u00e9' IAM_ROLE default";
	static const char bad_role[] = "COPY t FROM 's3://b' IAM_ROLE 'arn:aws:iam::123456789012:role/\xff\xfe'";
	static const char bad_ident[] = "COPY \xc3\xff\xfe FROM 's3://\xed\xa0\x80' IAM_ROLE default";
	static const char bad_kw[] = "\xff\xfe\xfd\xfc";
	char	   *js;
	rsi_parse_status r;

	start();
	r = parse_n(nul_cmd, sizeof(nul_cmd) - 1);
	TAP_OK(r == RSI_PARSE_SYNTAX && err.off == sizeof(nul_cmd) - 3 && strstr(err.message, "NUL byte"),
		   "a NUL byte after a command: syntax error at the NUL");
	r = parse_n(nul_ident, sizeof(nul_ident) - 1);
	TAP_OK(r == RSI_PARSE_SYNTAX && err.off == 6, "a NUL byte inside a name: syntax error at the NUL");
	r = parse_n(nul_str, sizeof(nul_str) - 1);
	/* finding 3: it was accepted and the location read "s3://b" */
	TAP_OK(r == RSI_PARSE_SYNTAX && err.off == 19 &&
		   strcmp(err.message, "string literal contains a NUL byte") == 0,
		   "a NUL byte inside a string: syntax error at the NUL (%zu: %s)", err.off, err.message);
	r = parse_n(nul_secret, sizeof(nul_secret) - 1);
	TAP_OK(r == RSI_PARSE_SYNTAX && err.off == 80 && strstr(err.message, "NUL byte") != NULL &&
		   strstr(err.message, "abc") == NULL,
		   "a NUL byte inside a secret: syntax error at the NUL, the secret not quoted");
	r = parse_n(nul_qident, sizeof(nul_qident) - 1);
	TAP_OK(r == RSI_PARSE_SYNTAX && err.off == 7 &&
		   strcmp(err.message, "quoted identifier contains a NUL byte") == 0,
		   "a NUL byte inside a quoted name: syntax error at the NUL");
	r = parse_n(nul_escape, sizeof(nul_escape) - 1);
	TAP_OK(r == RSI_PARSE_SYNTAX && err.off == 12 && strstr(err.message, "escape decodes to NUL") != NULL,
		   "E'\\x00' in a value: syntax error at the string");
	r = parse_n(nul_skipped, sizeof(nul_skipped) - 1);
	TAP_OK(r == RSI_PARSE_SYNTAX && err.off == 49, "a NUL byte in a skipped option's string: syntax error too");

	/* finding 1: invalid UTF-8 gave no JSON at all */
	r = parse_n(bad_role, sizeof(bad_role) - 1);
	TAP_OK(r == RSI_PARSE_OK && has_problem(RSI_PROB_INVALID_ROLE_ARN),
		   "invalid UTF-8 in a role: OK with an invalid-role-arn problem");
	TAP_OK(cmd.nproblems == 1 && utf8_valid(cmd.problems[0].message) &&
		   strstr(cmd.problems[0].message, "role/\xef\xbf\xbd\xef\xbf\xbd\"") != NULL,
		   "... whose message is valid UTF-8, U+FFFD for each bad byte: %s",
		   cmd.nproblems ? cmd.problems[0].message : "");
	js = rsi_command_json_text(&cmd, bad_role, sizeof(bad_role) - 1);
	TAP_OK(json_has(js, "roles", "arn:aws:iam::123456789012:role/\xef\xbf\xbd\xef\xbf\xbd") && utf8_valid(js),
		   "... its JSON has the role with U+FFFD for each bad byte");
	free(js);

	r = parse_n(bad_ident, sizeof(bad_ident) - 1);
	TAP_OK(r == RSI_PARSE_OK, "invalid UTF-8 in a table name and a location: parses");
	js = rsi_command_json_text(&cmd, bad_ident, sizeof(bad_ident) - 1);
	TAP_OK(json_has(js, "location", "s3://\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"),
		   "... its JSON has the location, a surrogate's 3 bytes as 3 U+FFFD");
	free(js);

	r = parse_n(bad_escape, sizeof(bad_escape) - 1);
	js = rsi_command_json_text(&cmd, bad_escape, sizeof(bad_escape) - 1);
	TAP_OK(r == RSI_PARSE_OK && json_has(js, "location", "s3://\xef\xbf\xbdx\xc3\xa9"),
		   "E'\\xff' and E'\\u00e9' in a location: JSON with U+FFFD and the real character");
	free(js);

	/* finding 2: valid UTF-8 in, and the message cut a character at 40 bytes */
	{
		size_t		len;
		char	   *u = build("UNLOAD ", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9", 1, " TO 's3://b'", &len);

		r = parse_n(u, len);
		TAP_OK(r == RSI_PARSE_SYNTAX && err.off == 7 && utf8_valid(err.message) &&
			   strstr(err.message, "found \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\"") != NULL,
			   "a long non-ASCII word where ( is expected: quoted up to the character at byte 40: %s",
			   err.message);
		free(u);
		u = build("COPY t FROM 's3://b' CREDENTIALS '", "\xe2\x82\xac", 20, "=x'", &len);
		r = parse_n(u, len);
		TAP_OK(r == RSI_PARSE_SYNTAX && utf8_valid(err.message) &&
			   strstr(err.message, "\xe2\x82\xac") == NULL &&
			   strstr(err.message, "found a value without a key name (not shown") != NULL,
			   "an unknown 60-byte CREDENTIALS key of 3-byte characters is not a key name: not quoted");
		free(u);
	}

	r = parse_n(bad_kw, sizeof(bad_kw) - 1);
	TAP_OK(r == RSI_PARSE_OTHER && err.off == 0, "invalid UTF-8 instead of a command: a clean 'other' error");
	IN_TIME("invalid bytes");
}

int
main(void)
{
	const char *pre = getenv("LD_PRELOAD");

	/* valgrind (make unit-valgrind sets RSI_UNDER_VALGRIND) runs the same work 20-50x slower */
	if (getenv("RSI_UNDER_VALGRIND") || getenv("RSI_TEST_SLOW") ||
		(pre != NULL && strstr(pre, "vgpreload") != NULL))
		time_limit = 120.0;
#if defined(__SANITIZE_ADDRESS__)
	time_limit = 120.0;			/* ASan (gcc) */
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
	time_limit = 120.0;			/* ASan/UBSan (clang) */
#endif
#endif
	test_64mb_command();
	test_nested_comments();
	test_1mb_string();
	test_100k_statements();
	test_long_chain();
	test_problem_positions();
	test_1mb_arn();
	test_nested_parens();
	test_bad_bytes();
	arena_free();
	return tap_done();
}
