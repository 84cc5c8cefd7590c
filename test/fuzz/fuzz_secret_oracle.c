/*
 * fuzz_secret_oracle.c — libFuzzer oracle for fail-closed redaction
 * (docs/safety.md, "Redaction rules").
 *
 * The fuzz input is a command (or script).  A secret-bearing snippet is
 * inserted into it at a position chosen from the input, with a
 * high-entropy secret <S> (24 characters of [A-Za-z0-9/+]) derived from
 * the input bytes; the snippet is one of
 *
 *     ' SECRET_ACCESS_KEY '<S>''   ' SESSION_TOKEN <S>'
 *     ';aws_secret_access_key=<S>' ' -- secret_access_key <S>'
 *
 * wherever it lands (inside a string, a quoted identifier, a dollar quote,
 * a comment, an identifier, between any two tokens).  <S> must never
 * appear in the redacted text, nor in the parse error, problem messages,
 * command JSON or check verdict of any statement of the result; and
 * redacting the redacted text changes nothing.  There are no exceptions:
 * the snippet always carries its key name next to <S>.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check/check.h"
#include "parse/command.h"
#include "parse/command_json.h"
#include "lex/script.h"

#include "../unit/arena.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

#define SECRET_LEN 24

static const char *const forms[][2] = {
	{" SECRET_ACCESS_KEY '", "'"},
	{" SESSION_TOKEN ", ""},
	{";aws_secret_access_key=", ""},
	{" -- secret_access_key ", ""},
};

static int
has_sub(const char *s, size_t n, const char *sub, size_t k)
{
	size_t		i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, sub, k) == 0)
			return 1;
	return 0;
}

static rsi_assoc_status
no_status(void *ctx, const char *arn, double *left)
{
	(void) ctx;
	(void) arn;
	if (left)
		*left = -1;
	return RSI_ASSOC_NONE;
}

static char *
redact(const char *in, size_t n, size_t *outlen)
{
	size_t		m = rsi_redact(in, n, NULL);
	char	   *out = malloc(m + 1);

	CHECK(out != NULL);
	*outlen = rsi_redact(in, n, out);
	CHECK(*outlen == m && out[m] == '\0');
	return out;
}

static void
check_parser(const char *text, size_t len, const char *secret)
{
	rsi_splitter sp;
	rsi_statement st;
	rsi_cluster_view cl = {1, "c", "123456789012", "us-east-1", "available", NULL, no_status, NULL, NULL, 0, NULL};
	rsi_check_options co = {RSI_KEYS_MODE_WARN, "etl"};

	rsi_splitter_init(&sp, text, len);
	while (rsi_splitter_next(&sp, &st))
	{
		rsi_alloc	al = {arena_alloc, NULL};
		rsi_command cmd;
		rsi_parse_error err;
		size_t		i;
		const char *s = text + st.off;
		size_t		n = len - st.off;

		arena_free();
		memset(&err, 0, sizeof(err));
		if (rsi_parse_command(s, n, NULL, &al, &cmd, &err) != RSI_PARSE_OK)
		{
			CHECK(strstr(err.message, secret) == NULL);
			continue;
		}
		for (i = 0; i < cmd.nproblems; i++)
			CHECK(cmd.problems[i].message == NULL || strstr(cmd.problems[i].message, secret) == NULL);
		{
			char	   *j = rsi_command_json_text(&cmd, s, n);

			CHECK(j == NULL || strstr(j, secret) == NULL);
			free(j);
		}
		{
			rsi_verdict v;

			memset(&v, 0, sizeof(v));
			rsi_check_command(&cmd, &cl, &co, &v);
			CHECK(strstr(v.message, secret) == NULL && strstr(v.detail, secret) == NULL &&
				  strstr(v.hint, secret) == NULL);
		}
	}
	arena_free();
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+";
	uint64_t	h = 1469598103934665603ULL;
	char		secret[SECRET_LEN + 1];
	const char *pre,
			   *post;
	size_t		i,
				pos,
				pl,
				ql,
				len,
				ol,
				ol2;
	char	   *text,
			   *out,
			   *out2;
	int			form;

	if (size > 4096)
		return 0;
	for (i = 0; i < size; i++)
		h = (h ^ data[i]) * 1099511628211ULL;
	form = (int) (h % 4);
	pos = size ? (size_t) ((h >> 8) % (size + 1)) : 0;
	for (i = 0; i < SECRET_LEN; i++)
	{
		h = h * 6364136223846793005ULL + 1442695040888963407ULL;
		secret[i] = alphabet[(h >> 33) % 64];
	}
	secret[SECRET_LEN] = '\0';
	if (has_sub((const char *) data, size, secret, SECRET_LEN))
		return 0;				/* the input already holds it */

	pre = forms[form][0];
	post = forms[form][1];
	pl = strlen(pre);
	ql = strlen(post);
	len = size + pl + SECRET_LEN + ql;
	text = malloc(len + 1);
	CHECK(text != NULL);
	memcpy(text, data, pos);
	memcpy(text + pos, pre, pl);
	memcpy(text + pos + pl, secret, SECRET_LEN);
	memcpy(text + pos + pl + SECRET_LEN, post, ql);
	memcpy(text + pos + pl + SECRET_LEN + ql, data + pos, size - pos);
	text[len] = '\0';

	out = redact(text, len, &ol);
	if (has_sub(out, ol, secret, SECRET_LEN))
	{
		fprintf(stderr, "secret leaked by rsi_redact (form %d at %zu):\n%s\n", form, pos, out);
		abort();
	}
	out2 = redact(out, ol, &ol2);
	if (!(ol2 == ol && memcmp(out, out2, ol) == 0))
	{
		fprintf(stderr, "redaction is not idempotent:\n%s\n%s\n", out, out2);
		abort();
	}
	check_parser(text, len, secret);
	free(out2);
	free(out);
	free(text);
	return 0;
}
