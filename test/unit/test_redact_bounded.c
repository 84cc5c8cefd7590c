/*
 * test_redact_bounded.c — the redactor's bounded entry points give what
 * the whole redaction gives, for every input (differential).
 *
 * rsi_redact_n (a bounded buffer, the offset mapped in the same pass) is
 * compared with rsi_redact and rsi_redact_map_offset, and
 * rsi_redact_span_kept (which stops once the answer is known) with
 * rsi_redact_span_kept_exhaustive, on: every string literal of the other
 * unit tests (the redaction cases among them), the corpus statements,
 * statements built at random from the pieces secrets hide in (keywords,
 * key names, quotes of every kind, comments, escapes, NUL bytes, non-ASCII
 * bytes), and every prefix of each (truncated, unterminated text).  Each
 * buffer size from 0 to past the end is tried on short texts; bytes past
 * the buffer must stay untouched.  rsi_has_secret_key_name, which searches
 * for the names' rare letters, is compared with asking
 * rsi_secret_key_name_at at every byte.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "check/redact.h"
#include "lex/script.h"
#include "tap.h"

static long n_inputs,
			n_bad_len,
			n_bad_bytes,
			n_bad_canary,
			n_bad_map,
			n_bad_span,
			n_spans_masked,
			n_bad_names,
			n_with_names,
			n_identity,
			n_bad_identity;
static char first_bad[256];

/* under valgrind (make unit-valgrind): fewer inputs, the same kinds */
static int	light;

static void
note_bad(const char *what, const char *in, size_t len)
{
	if (first_bad[0] == '\0')
		snprintf(first_bad, sizeof(first_bad), "%s on %.*s", what, (int) (len > 120 ? 120 : len), in);
}

/* compare every bounded answer with the whole redaction, for one input */
static void
differ(const char *in, size_t len)
{
	size_t		full = rsi_redact(in, len, NULL);
	char	   *want = malloc(full + 1);
	char	   *got = malloc(full + 40);
	size_t		caps[8];
	size_t		ncaps = 0,
				i,
				off,
				k;

	n_inputs++;
	rsi_redact(in, len, want);
	/* the search for key names against asking at every byte */
	{
		int			naive = 0;

		for (i = 0; i < len && !naive; i++)
			naive = rsi_secret_key_name_at(in, len, i) != 0;
		if (naive != rsi_has_secret_key_name(in, len))
			n_bad_names++, note_bad("key names", in, len);
		n_with_names += naive;
	}
	/* text rsi_redact_n copies without lexing must be its own redaction */
	if (rsi_redact_is_identity(in, len))
	{
		n_identity++;
		if (full != len || memcmp(want, in, len) != 0)
			n_bad_identity++, note_bad("identity", in, len);
	}
	/* every size on short texts, some on long ones */
	if (full < 64)
		for (i = 0; i <= full + 2; i++)
		{
			size_t		mapped = 0;

			memset(got, 0x5A, full + 40);
			if (rsi_redact_n(in, len, got, i, 0, NULL) != full)
				n_bad_len++, note_bad("length", in, len);
			if (i > 0 && (memcmp(got, want, i - 1 < full ? i - 1 : full) != 0 ||
						  got[i - 1 < full ? i - 1 : full] != '\0'))
				n_bad_bytes++, note_bad("bytes", in, len);
			if (got[i] != 0x5A || got[full + 39] != 0x5A)
				n_bad_canary++, note_bad("canary", in, len);
			(void) mapped;
		}
	else
	{
		caps[ncaps++] = 0;
		caps[ncaps++] = 1;
		caps[ncaps++] = full / 2;
		caps[ncaps++] = full;
		caps[ncaps++] = full + 1;
		caps[ncaps++] = full + 30;
		for (i = 0; i < ncaps; i++)
		{
			size_t		c = caps[i];

			memset(got, 0x5A, full + 40);
			if (rsi_redact_n(in, len, got, c, 0, NULL) != full)
				n_bad_len++, note_bad("length", in, len);
			if (c > 0 && (memcmp(got, want, c - 1 < full ? c - 1 : full) != 0 ||
						  got[c - 1 < full ? c - 1 : full] != '\0'))
				n_bad_bytes++, note_bad("bytes", in, len);
			if (got[c] != 0x5A || got[full + 39] != 0x5A)
				n_bad_canary++, note_bad("canary", in, len);
		}
	}
	/* offsets mapped in the same pass; spans kept, early stop or not */
	for (off = 0; off <= len + 1; off += (len < 40 ? 1 : 5))
	{
		size_t		mapped = 0;

		memset(got, 0x5A, full + 40);
		if (rsi_redact_n(in, len, got, full + 1, off, &mapped) != full ||
			memcmp(got, want, full + 1) != 0)
			n_bad_bytes++, note_bad("bytes (mapping)", in, len);
		if (mapped != rsi_redact_map_offset(in, len, off))
			n_bad_map++, note_bad("mapped offset", in, len);
		if (off > len)
			continue;
		for (k = 0; k <= 6 && off + k <= len; k += (k < 2 ? 1 : 4))
		{
			int			kept = rsi_redact_span_kept(in, len, off, k);

			if (kept != rsi_redact_span_kept_exhaustive(in, len, off, k))
				n_bad_span++, note_bad("span kept", in, len);
			if (!kept)
				n_spans_masked++;
		}
	}
	free(want);
	free(got);
}

/* the input and each of its prefixes (cut anywhere: unterminated text) */
static void
differ_prefixes(const char *in, size_t len)
{
	size_t		i,
				step = light ? (len < 12 ? 1 : len / 6) : (len < 60 ? 1 : len / 30);

	differ(in, len);
	for (i = 0; i < len; i += step)
		differ(in, i);
}

/* C string literals of a source file, escapes decoded (enough of C's) */
static void
literals_of(const char *path)
{
	FILE	   *f = fopen(path, "rb");
	char	   *src;
	long		n;
	size_t		i;
	char	   *lit;

	if (f == NULL)
		return;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	src = malloc((size_t) n + 1);
	lit = malloc((size_t) n + 1);
	n = (long) fread(src, 1, (size_t) n, f);
	fclose(f);
	src[n] = '\0';
	for (i = 0; i < (size_t) n; i++)
	{
		size_t		m = 0;

		if (src[i] == '\'' && i + 2 < (size_t) n)
		{
			/* a character constant: skip it whole */
			i += src[i + 1] == '\\' ? 3 : 2;
			continue;
		}
		if (src[i] != '"')
			continue;
		for (i++; i < (size_t) n && src[i] != '"' && src[i] != '\n'; i++)
		{
			char		c = src[i];

			if (c == '\\' && i + 1 < (size_t) n)
			{
				c = src[++i];
				if (c == 'n')
					c = '\n';
				else if (c == 't')
					c = '\t';
				else if (c == 'r')
					c = '\r';
				else if (c == 'f')
					c = '\f';
				else if (c == 'v')
					c = '\v';
				else if (c == '0')
					c = '\0';
				else if (c == 'x')
				{
					unsigned	v = 0;

					while (i + 1 < (size_t) n && strchr("0123456789abcdefABCDEF", src[i + 1]) && src[i + 1])
						v = v * 16 + (unsigned) (src[i + 1] <= '9' ? src[i + 1] - '0' : (src[i + 1] | 0x20) - 'a' + 10), i++;
					c = (char) v;
				}
			}
			lit[m++] = c;
		}
		if (m > 0)
			differ_prefixes(lit, m);
	}
	free(src);
	free(lit);
}

static long
unit_literals(const char *dir)
{
	DIR		   *d = opendir(dir);
	struct dirent *e;
	long		files = 0;
	char		path[8400];

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
	{
		size_t		l = strlen(e->d_name);

		if (l < 3 || strcmp(e->d_name + l - 2, ".c") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		literals_of(path);
		files++;
	}
	closedir(d);
	return files;
}

static long
corpus(const char *dir)
{
	DIR		   *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	long		stmts = 0;
	char		path[8400];
	char		line[1 << 16];

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
	{
		size_t		l = strlen(e->d_name);
		FILE	   *f;

		if (l < 7 || strcmp(e->d_name + l - 6, ".jsonl") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f))
		{
			json_error_t err;
			json_t	   *o = json_loads(line, 0, &err);
			json_t	   *sql = o ? json_object_get(o, "sql") : NULL;

			if (json_is_string(sql))
			{
				differ_prefixes(json_string_value(sql), json_string_length(sql));
				stmts++;
			}
			json_decref(o);
		}
		fclose(f);
	}
	closedir(d);
	return stmts;
}

/* the pieces secrets hide in and around */
static const char *const pieces[] = {
	"COPY t FROM 's3://b/p' ", "UNLOAD ('select 1') TO 's3://b/' ", "CREATE EXTERNAL SCHEMA s FROM DATA CATALOG ",
	"IAM_ROLE ", "'arn:aws:iam::123456789012:role/R'", "'arn:aws:iam::123456789012:role/a,arn:aws:iam::123456789012:role/b'",
	"CREDENTIALS ", "'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalr'",
	"'aws_iam_role=arn:aws:iam::123456789012:role/R'", "ACCESS_KEY_ID ", "'AKIAIOSFODNN7EXAMPLE'",
	"SECRET_ACCESS_KEY ", "SESSION_TOKEN ", "TOKEN ", "token", "password", "master_symmetric_key ",
	"aws_secret_access_key", "'wJalrXUtnFEMI/K7MDENG'", "wJalr/K7+x==", "AS ", "= ", "==", "'", "\"",
	"$$", "$q$", "E'", "e'\\x41'", "E'\\\\ \\' \\n'", "U&'\\0061'", "U&\"x\" UESCAPE '!'", "u&", "--", "-- token x\n",
	"/*", "*/", "/* password 'p' */", "\n", "\r\n", "\t", " ", ";", ",", "(", ")", "\\", "x", "CSV ", "GZIP ",
	"\xc3\xa9", "\xff", "\xe2\x82", "=", ":", "/token/", "my.password", "-token", "tokens", "0",
	"TOKEN", "PassWord", "Credentials ", "AWS_ACCESS_KEY_ID=", "SECRET_ACCESS_KEY=", "k", "w", "d", "tok", "ken",
	"E'\\x41'", "U&'d\\0061'", "U&'ab' UESCAPE '!'", "u&'x'", "U&",
};

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

static unsigned
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned) (rng >> 11);
}

/* does the piece hold what rsi_redact_is_identity looks for? */
static int
triggers(const char *p)
{
	static const char *const words[] = {"token", "password", "secret_access_key", "master_symmetric_key",
	"credentials", "access_key_id", "\\", "&"};
	size_t		i,
				k;

	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		for (i = 0; p[i]; i++)
			if (strncasecmp(p + i, words[k], strlen(words[k])) == 0)
				return 1;
	return 0;
}

static void
random_inputs(int count, int quiet_only)
{
	char		buf[1024];
	int			i;

	for (i = 0; i < count; i++)
	{
		size_t		n = 0;
		int			k,
					parts = 1 + (int) (next_rand() % 12);

		for (k = 0; k < parts; k++)
		{
			const char *p = pieces[next_rand() % (sizeof(pieces) / sizeof(pieces[0]))];
			size_t		l = strlen(p);

			if (quiet_only && triggers(p))
				continue;		/* the shapes the redactor sees without a trigger */

			if (next_rand() % 9 == 0)
				buf[n++] = '\0';	/* a NUL byte */
			if (n + l >= sizeof(buf))
				break;
			memcpy(buf + n, p, l);
			n += l;
		}
		differ_prefixes(buf, n);
	}
}

int
main(int argc, char **argv)
{
	char		dir[4096];
	const char *slash = strrchr(__FILE__, '/');
	long		files,
				stmts;

	light = getenv("RSI_UNDER_VALGRIND") != NULL;
	/* this file's own directory: the other unit tests */
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int) (slash - __FILE__) : 1, slash ? __FILE__ : ".");
	files = unit_literals(dir);
	TAP_OK(files >= 10, "the string literals of %ld unit test files are inputs", files);
	stmts = corpus(argc > 1 ? argv[1] : NULL);
	TAP_OK(argc < 2 || stmts > 0, "%ld corpus statements are inputs", stmts);
	random_inputs(light ? 60 : 1200, 0);
	random_inputs(light ? 30 : 600, 1);
	TAP_OK(n_inputs > (light ? 2000 : 50000), "%ld inputs with their prefixes", n_inputs);
	TAP_OK(n_spans_masked > (light ? 100 : 1000), "the inputs have spans the redactor masks (%ld)", n_spans_masked);
	TAP_OK(n_with_names > (light ? 100 : 1000), "the inputs hold key names (%ld)", n_with_names);
	TAP_IS_INT(n_bad_names, 0, "rsi_has_secret_key_name answers as asking at every byte");
	TAP_OK(n_identity > (light ? 500 : 10000), "inputs the redactor copies without lexing (%ld)", n_identity);
	TAP_IS_INT(n_bad_identity, 0, "text rsi_redact_is_identity passes is its own redaction");
	TAP_IS_INT(n_bad_len, 0, "rsi_redact_n returns rsi_redact's length%s%s", first_bad[0] ? ": " : "", first_bad);
	TAP_IS_INT(n_bad_bytes, 0, "rsi_redact_n writes the first bytes of rsi_redact's output and a NUL");
	TAP_IS_INT(n_bad_canary, 0, "rsi_redact_n writes nothing past its buffer");
	TAP_IS_INT(n_bad_map, 0, "rsi_redact_n maps offsets as rsi_redact_map_offset");
	TAP_IS_INT(n_bad_span, 0, "rsi_redact_span_kept answers as the exhaustive pass");
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
