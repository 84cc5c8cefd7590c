/*
 * fuzz_redact.c — libFuzzer target for the redactor (src/core/check/redact.c).
 *
 * On any text: measuring and writing agree, the output is NUL-terminated,
 * offsets map monotonically into the redacted text.  On constructed
 * commands whose secret is the fuzz input (quotes and backslashes
 * removed), the secret never survives and, unless the secret holds a key
 * name, the output is exactly the command with the secret replaced.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lex/script.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static int
has_sub_n(const char *s, size_t n, const char *sub, size_t k)
{
	size_t		i;

	if (k == 0)
		return 1;
	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, sub, k) == 0)
			return 1;
	return 0;
}

/* Redact buf and return the malloc'd output; checks the generic invariants. */
static char *
redact(const char *buf, size_t len, size_t *outlen)
{
	size_t		m = rsi_redact(buf, len, NULL),
				w;
	char	   *out = malloc(m + 1);

	CHECK(out != NULL);
	w = rsi_redact(buf, len, out);
	CHECK(w == m);
	CHECK(out[w] == '\0');
	*outlen = w;
	return out;
}

/* prefix + value + suffix, redacted, must be exactly want; the value never survives */
static void
expect_redacted(const char *prefix, const char *val, size_t vn, const char *suffix,
				const char *want)
{
	size_t		pl = strlen(prefix),
				sl = strlen(suffix),
				len = pl + vn + sl,
				ol;
	char	   *in = malloc(len + 1),
			   *out;

	CHECK(in != NULL);
	memcpy(in, prefix, pl);
	memcpy(in + pl, val, vn);
	memcpy(in + pl + vn, suffix, sl);
	out = redact(in, len, &ol);
	/*
	 * A secret that holds a key name may end with one, and then the token
	 * after it is masked too (fail-closed): only the absence is checked.
	 */
	if (!rsi_has_secret_key_name(val, vn))
		CHECK(ol == strlen(want) && memcmp(out, want, ol) == 0);
	if (vn >= 4 && !has_sub_n(want, strlen(want), val, vn))
		CHECK(!has_sub_n(out, ol, val, vn));
	free(out);
	free(in);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *) data;
	size_t		ol,
				i,
				prev = 0,
				sn = 0;
	char	   *out = redact(buf, size, &ol);
	char	   *secret;
	int			has_semi = 0,
				has_dollar = 0,
				blank = 1;

	/* offsets map monotonically into the redacted text */
	for (i = 0; i <= size; i += (size / 16) + 1)
	{
		size_t		m = rsi_redact_map_offset(buf, size, i);

		CHECK(m <= ol && m >= prev);
		prev = m;
	}
	CHECK(rsi_redact_map_offset(buf, size, size) <= ol);
	CHECK(rsi_redact_map_offset(buf, size, 0) <= ol);
	free(out);

	if (size > 4096)
		return 0;
	/* the fuzz bytes as a secret: no quote, backslash or NUL */
	secret = malloc(size + 1);
	CHECK(secret != NULL);
	for (i = 0; i < size; i++)
		if (buf[i] != '\'' && buf[i] != '\\' && buf[i] != '\0')
		{
			secret[sn++] = buf[i];
			has_semi |= (buf[i] == ';');
			blank &= (buf[i] == '=' || buf[i] == ':' || buf[i] == ' ' || (buf[i] >= '\t' && buf[i] <= '\r'));
			has_dollar |= (buf[i] == '$');
		}

	expect_redacted("COPY t FROM 's3://b/p' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY '",
					secret, sn, "'",
					"COPY t FROM 's3://b/p' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY '***'");
	expect_redacted("unload ('select 1') to 's3://b/' secret_access_key as '", secret, sn,
					"' session_token 'x';",
					"unload ('select 1') to 's3://b/' secret_access_key as '***' session_token '***';");
	expect_redacted("copy t from 's3://b' secret_access_key E'", secret, sn, "' csv",
					"copy t from 's3://b' secret_access_key E'***' csv");
	if (!has_dollar)
		expect_redacted("copy t from 's3://b' token $$", secret, sn, "$$ csv",
						"copy t from 's3://b' token *** csv");
	/* an unterminated secret string is redacted to the end */
	expect_redacted("copy t from 's3://b' master_symmetric_key '", secret, sn, "",
					"copy t from 's3://b' master_symmetric_key '***'");
	if (!has_semi && sn > 0)
	{
		expect_redacted("copy t from 's3://b' credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;"
						"aws_secret_access_key=", secret, sn, ";token=abc'",
						"copy t from 's3://b' credentials 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;"
						"aws_secret_access_key=***;token=***'");
		/*
		 * even inside text that is not a command; unless the secret is
		 * blank: a string that ends with "key=" (or "key:") makes the next token (here
		 * the comment) secret too
		 */
		if (!blank)
				expect_redacted("-- log line\nselect 'aws_secret_access_key=", secret, sn, "' /* x */",
							"-- log line\nselect 'aws_secret_access_key=***' /* x */");
	}
	free(secret);
	return 0;
}
