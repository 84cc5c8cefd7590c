/*
 * test_redact_matrix.c — secrets in hostile placements never leak from the
 * core (docs/safety.md, "Redaction rules").
 *
 * Each placement carries its own secret.  For each: the secret is absent
 * from rsi_redact's output, redacting that output again changes nothing,
 * and parsing every statement of the text (rsi_parse_command) quotes the
 * secret in no error message, problem message, command JSON, or check
 * verdict (message, detail, hint).  Placements that are well-formed also
 * name text that must stay (role ARNs, key IDs, locations), so the
 * redactor cannot pass by masking everything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check/check.h"
#include "parse/command.h"
#include "parse/command_json.h"
#include "lex/lexer.h"
#include "lex/script.h"
#include "tap.h"
#include "arena.h"

#define K_ID "AKIAIOSFODNN7EXAMPLE"
#define T_ID "ASIAIOSFODNN7EXAMPLE"
#define ROLE "arn:aws:iam::123456789012:role/MyRedshiftRole"

/*
 * '@' is replaced by the placement's secret and '~' by a NUL byte.  keep:
 * text that must survive redaction ('|'-separated), or NULL.
 */
typedef struct placement
{
	const char *name;
	const char *sql;
	const char *keep;
} placement;

static const placement placements[] = {
	/* a stray '=' between the keyword and its value */
	{"SECRET_ACCESS_KEY = value",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY = '@'", K_ID "|s3://b/p"},
	{"SESSION_TOKEN = value",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" T_ID "' SECRET_ACCESS_KEY 'x' SESSION_TOKEN = '@'", T_ID},
	{"MASTER_SYMMETRIC_KEY = value",
	"COPY t FROM 's3://b/p' IAM_ROLE '" ROLE "' MASTER_SYMMETRIC_KEY = '@' ENCRYPTED", ROLE},
	{"SECRET_ACCESS_KEY == bare value",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY == @", K_ID},
	/* CREDENTIALS in double quotes */
	{"CREDENTIALS \"...\" (quoted identifier)",
	"COPY t FROM 's3://b/p' CREDENTIALS \"aws_access_key_id=" K_ID ";aws_secret_access_key=@\"", K_ID},
	{"CREDENTIALS \"... unterminated",
	"COPY t FROM 's3://b/p' CREDENTIALS \"aws_access_key_id=" K_ID ";aws_secret_access_key=@", "s3://b/p"},
	/* wrong separators */
	{"',' instead of ';' after the key ID",
	"COPY t FROM 's3://b/p' CREDENTIALS 'aws_access_key_id=" K_ID ",aws_secret_access_key=@'", NULL},
	{"'&' instead of ';' after the key ID",
	"COPY t FROM 's3://b/p' CREDENTIALS 'aws_access_key_id=" K_ID "&aws_secret_access_key=@'", NULL},
	{"',' after a role ARN",
	"COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=" ROLE ",aws_secret_access_key=@'", NULL},
	{"';' inside IAM_ROLE's string",
	"COPY t FROM 's3://b/p' IAM_ROLE '" ROLE ";aws_secret_access_key=@'", NULL},
	/* dollar quotes */
	{"unterminated dollar quote after SECRET_ACCESS_KEY",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY $$@", K_ID},
	{"unterminated dollar quote holding a secret key",
	"COPY t FROM 's3://b/p' IAM_ROLE '" ROLE "' $x$ aws_secret_access_key=@", ROLE},
	{"CREDENTIALS $$...$$",
	"COPY t FROM 's3://b/p' CREDENTIALS $$aws_access_key_id=" K_ID ";aws_secret_access_key=@$$", K_ID},
	/* comments */
	{"-- comment",
	"COPY t FROM 's3://b/p' IAM_ROLE '" ROLE "' -- old: SECRET_ACCESS_KEY '@'\nCSV", ROLE "|\nCSV"},
	{"/* comment */",
	"COPY t FROM 's3://b/p' /* SECRET_ACCESS_KEY '@' */ IAM_ROLE '" ROLE "'", ROLE},
	{"nested /* /* */ */ comment",
	"COPY t FROM 's3://b/p' /* a /* b */ SECRET_ACCESS_KEY '@' */ IAM_ROLE '" ROLE "'", ROLE},
	{"unterminated /* comment",
	"COPY t FROM 's3://b/p' IAM_ROLE '" ROLE "' /* SECRET_ACCESS_KEY '@'", ROLE},
	{"-- token: with CRLF line ends",
	"-- token: @\r\nCOPY t FROM 's3://b/p' IAM_ROLE '" ROLE "'\r\n", ROLE},
	{"secret keyword, then a comment, then the value",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY/*c*/'@'", K_ID},
	{"a comment ending with a secret key, then a bare value",
	"COPY t FROM 's3://b/p' IAM_ROLE '" ROLE "' /* secret_access_key */ @", ROLE},
	/* E'' and U&'' escapes */
	{"E'' with \\x3b as the separator",
	"COPY t FROM 's3://b/p' CREDENTIALS E'aws_access_key_id=" K_ID "\\x3baws_secret_access_key=@'", NULL},
	{"E'' with the key name escaped",
	"COPY t FROM 's3://b/p' CREDENTIALS E'\\x61ws_secret_access_key\\x3d@'", NULL},
	{"E'' with \\_ in the key name",
	"SELECT E'secret\\_access\\_key=@'", NULL},
	{"E'' with an octal escape",
	"SELECT E'\\163ecret_access_key=@'", NULL},
	{"U&'' with \\0061",
	"SELECT U&'\\0061ws_secret_access_key=@'", NULL},
	{"U&'' with UESCAPE",
	"SELECT U&'!0061ws_secret_access_key=@' UESCAPE '!'", NULL},
	{"SECRET_ACCESS_KEY E''",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY E'@'", K_ID},
	/* continuations */
	{"a secret string continued on the next line",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY 'abc'\n'@'", K_ID},
	{"a credentials string continued on the next line",
	"COPY t FROM 's3://b/p' CREDENTIALS 'aws_access_key_id=" K_ID ";aws_secret_access_key=abc'\n'@'", K_ID},
	{"a key ID continued on the next line",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" K_ID "'\n'@' SECRET_ACCESS_KEY 'x'", K_ID},
	/* swapped values */
	{"swapped: the secret after ACCESS_KEY_ID",
	"COPY t FROM 's3://b/p' SECRET_ACCESS_KEY '" K_ID "' ACCESS_KEY_ID '@'", NULL},
	{"swapped: the secret after aws_access_key_id=",
	"COPY t FROM 's3://b/p' CREDENTIALS 'aws_access_key_id=@;aws_secret_access_key=" K_ID "'", NULL},
	{"the key ID's string ends with SECRET_ACCESS_KEY, the secret touches it",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID 'x SECRET_ACCESS_KEY '@\n(x) CSV", NULL},
	{"the SECRET_ACCESS_KEY keyword left out, the secret unquoted",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" K_ID "' @ CSV", K_ID "|CSV"},
	{"the SECRET_ACCESS_KEY keyword left out, the secret quoted",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" K_ID "' '@' GZIP", K_ID "|GZIP"},
	{"the secret after ACCESS_KEY_ID, unquoted",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID @ SECRET_ACCESS_KEY 'x'", NULL},
	/* a string ending with a secret key makes the next token a value */
	{"a string ending with SECRET_ACCESS_KEY, then a bare value",
	"COPY t FROM 's3://b/p SECRET_ACCESS_KEY ' @ IAM_ROLE '" ROLE "'", ROLE},
	{"a quoted identifier ending with a key name, then a bare value",
	"COPY t FROM 's3://b/p' \"aws_secret_access_key\" @", "s3://b/p"},
	{"a string ending with aws_secret_access_key=, then a string",
	"SELECT 'aws_access_key_id=" K_ID ";aws_secret_access_key=' '@'", NULL},
	/* spelling and spacing */
	{"tabs",
	"COPY\tt\tFROM\t's3://b/p'\tACCESS_KEY_ID\t'" K_ID "'\tSECRET_ACCESS_KEY\t'@'", K_ID},
	{"mixed case",
	"copy t from 's3://b/p' Access_Key_Id '" K_ID "' SeCrEt_AcCeSs_KeY '@'", K_ID},
	{"WITH CREDENTIALS AS",
	"COPY t FROM 's3://b/p' WITH CREDENTIALS AS 'aws_access_key_id=" K_ID ";aws_secret_access_key=@'", K_ID},
	{"spaces around = in a credentials string",
	"COPY t FROM 's3://b/p' CREDENTIALS 'aws_access_key_id = " K_ID " ; aws_secret_access_key = @'", NULL},
	{"master_symmetric_key= in a credentials string",
	"COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=" ROLE ";master_symmetric_key=@' ENCRYPTED", ROLE},
	{"token= in a credentials string",
	"COPY t FROM 's3://b/p' CREDENTIALS 'aws_access_key_id=" T_ID ";aws_secret_access_key=x;token=@'", T_ID},
	{"TOKEN clause",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" T_ID "' SECRET_ACCESS_KEY 'x' TOKEN '@'", T_ID},
	{"SESSION_TOKEN AS bare value",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" T_ID "' SECRET_ACCESS_KEY 'x' SESSION_TOKEN AS @", T_ID},
	{"MASTER_SYMMETRIC_KEY AS",
	"UNLOAD ('select 1') TO 's3://b/u' IAM_ROLE '" ROLE "' MASTER_SYMMETRIC_KEY AS '@' ENCRYPTED", ROLE "|s3://b/u"},
	{"SECRET_ACCESS_KEY \"quoted identifier\"",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY \"@\"", K_ID},
	/* other statements */
	{"UNLOAD's query text",
	"UNLOAD ('select ''aws_secret_access_key=@''') TO 's3://b/u' IAM_ROLE '" ROLE "'", ROLE "|s3://b/u"},
	{"UNLOAD's dollar-quoted query with a comment",
	"UNLOAD ($q$select 1 -- secret_access_key @\n$q$) TO 's3://b/u' IAM_ROLE '" ROLE "'", ROLE},
	{"SELECT",
	"SELECT 'aws_secret_access_key=@'", NULL},
	{"SELECT, a connection string",
	"SELECT dblink('host=h password=@')", "SELECT dblink('host="},
	{"CREATE USER ... PASSWORD",
	"CREATE USER u PASSWORD '@'", "CREATE USER u PASSWORD"},
	{"ALTER USER ... WITH PASSWORD",
	"ALTER USER u WITH PASSWORD '@' VALID UNTIL '2030-01-01'", "VALID UNTIL '2030-01-01'"},
	{"a location holding a secret key",
	"COPY t FROM 's3://b/x;aws_secret_access_key=@' IAM_ROLE '" ROLE "'", ROLE},
	{"SECRET_ARN holding a secret key",
	"CREATE EXTERNAL SCHEMA s FROM POSTGRES DATABASE 'd' URI 'h' IAM_ROLE '" ROLE "' "
	"SECRET_ARN 'x;password=@'", ROLE},
	/* scripts */
	{"in the second statement",
	"COPY t FROM 's3://b/p' IAM_ROLE '" ROLE "'; COPY t FROM 's3://b/q' ACCESS_KEY_ID '" K_ID
	"' SECRET_ACCESS_KEY '@'", ROLE "|" K_ID "|s3://b/q"},
	{"after a NUL byte",
	"COPY t FROM 's3://b/p'~ ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY '@'", K_ID},
	{"a NUL byte between the keyword and the value",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY ~ '@'", K_ID},
	{"CRLF line ends",
	"COPY t FROM 's3://b/p'\r\nACCESS_KEY_ID '" K_ID "'\r\nSECRET_ACCESS_KEY '@'\r\n", K_ID},
	{"a bare secret with / and +",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY @ CSV", K_ID "| CSV"},
	{"an unterminated string after a secret",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY 'x' DELIMITER '|@", K_ID},
	{"a bare secret starting a statement, after a comment naming its key",
	"COPY t FROM 's3://b/p' IAM_ROLE '" ROLE "'; -- aws_secret_access_key:\n@;", ROLE},
	{"the word token in a string",
	"SELECT 'the token @'", NULL},
	/* CREATE LIBRARY takes COPY's credentials; CREATE MODEL takes none */
	{"CREATE LIBRARY with CREDENTIALS keys",
	"CREATE LIBRARY l LANGUAGE plpythonu FROM 's3://b/l.zip' CREDENTIALS 'aws_access_key_id=" K_ID ";aws_secret_access_key=@'",
	K_ID "|s3://b/l.zip"},
	{"CREATE OR REPLACE LIBRARY WITH CREDENTIALS AS, a token",
	"CREATE OR REPLACE LIBRARY l LANGUAGE plpythonu FROM 's3://b/l.zip' WITH CREDENTIALS AS "
	"'aws_access_key_id=" T_ID ";aws_secret_access_key=x;token=@' REGION 'us-east-1'", T_ID "|us-east-1"},
	{"CREATE LIBRARY with SECRET_ACCESS_KEY",
	"CREATE LIBRARY l LANGUAGE plpythonu FROM 's3://b/l.zip' ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY '@'", K_ID},
	{"CREATE LIBRARY with an unterminated credentials string",
	"CREATE LIBRARY l LANGUAGE plpythonu FROM 's3://b/l.zip' CREDENTIALS 'aws_access_key_id=" K_ID ";aws_secret_access_key=@",
	"s3://b/l.zip"},
	{"CREATE MODEL with keys (refused)",
	"CREATE MODEL m FROM t FUNCTION f ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY '@'", K_ID},
	{"CREATE MODEL with a secret key name in S3_BUCKET",
	"CREATE MODEL m FROM t FUNCTION f IAM_ROLE '" ROLE "' SETTINGS (S3_BUCKET 'b;aws_secret_access_key=@')", ROLE},
};

#define N_PLACEMENTS (sizeof(placements) / sizeof(placements[0]))

/* Text that must come out unchanged (no secret anywhere in it). */
static const char *const unchanged[] = {
	"COPY t FROM 's3://b/p' IAM_ROLE '" ROLE "'",
	"COPY t FROM 's3://b/p' IAM_ROLE '" ROLE ",arn:aws:iam::123456789012:role/Second'",
	"COPY t FROM 's3://b/token/x' IAM_ROLE 'arn:aws:iam::123456789012:role/token-refresher'",
	"COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/token-refresher,"
	"arn:aws:iam::123456789012:role/password-rotator'",
	"COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=" ROLE "'",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY '***'",
	"UNLOAD ('select * from t where x = ''a''') TO 's3://b/u/' IAM_ROLE default",
	"COPY t FROM 's3://b/p' IAM_ROLE default DELIMITER E'\\t' -- a comment\n/* another */",
	"SELECT 'tokens', \"passwd\", $$a=b;c=d$$",
};

static rsi_assoc_status
no_status(void *ctx, const char *arn, double *left)
{
	(void) ctx;
	(void) arn;
	if (left)
		*left = -1;
	return RSI_ASSOC_NONE;
}

static rsi_cluster_view cl = {
	1, "my-cluster", "123456789012", "us-east-1", "available", ROLE, no_status, NULL, NULL, 0, NULL, NULL
};

static int
has(const char *s, size_t n, const char *sub)
{
	size_t		k = strlen(sub),
				i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, sub, k) == 0)
			return 1;
	return 0;
}

static char *
redact(const char *in, size_t n, size_t *outlen)
{
	size_t		m = rsi_redact(in, n, NULL);
	char	   *out = malloc(m + 1);

	if (out == NULL)
	{
		printf("Bail out! out of memory\n");
		exit(2);
	}
	*outlen = rsi_redact(in, n, out);
	return out;
}

/* Build the placement: '@' -> secret, '~' -> NUL. */
static char *
build(const char *tmpl, const char *secret, size_t *len)
{
	size_t		n = 0,
				sl = strlen(secret);
	const char *c;
	char	   *s = malloc(strlen(tmpl) * (sl + 1) + 1);

	if (s == NULL)
	{
		printf("Bail out! out of memory\n");
		exit(2);
	}
	for (c = tmpl; *c; c++)
	{
		if (*c == '@')
		{
			memcpy(s + n, secret, sl);
			n += sl;
		}
		else
			s[n++] = *c == '~' ? '\0' : *c;
	}
	s[n] = '\0';
	*len = n;
	return s;
}

/*
 * Parse every statement; returns a description of the first place the
 * secret shows up, or NULL.
 */
static const char *
parser_leak(const char *sql, size_t len, const char *secret)
{
	static char where[128];
	rsi_splitter sp;
	rsi_statement st;

	rsi_splitter_init(&sp, sql, len);
	while (rsi_splitter_next(&sp, &st))
	{
		rsi_alloc	al = {arena_alloc, NULL};
		rsi_parse_options opt = {RSI_DEFAULT_MAX_ROLE_CHAIN, NULL, 0};
		rsi_command cmd;
		rsi_parse_error err;
		rsi_parse_status r;
		size_t		i;
		const char *s = sql + st.off;
		size_t		n = len - st.off;

		arena_free();
		memset(&err, 0, sizeof(err));
		r = rsi_parse_command(s, n, &opt, &al, &cmd, &err);
		if (r != RSI_PARSE_OK)
		{
			if (strstr(err.message, secret))
			{
				snprintf(where, sizeof(where), "the parse error");
				return where;
			}
			continue;
		}
		for (i = 0; i < cmd.nproblems; i++)
			if (cmd.problems[i].message && strstr(cmd.problems[i].message, secret))
			{
				snprintf(where, sizeof(where), "problem %s", cmd.problems[i].code);
				return where;
			}
		{
			char	   *j = rsi_command_json_text(&cmd, s, n);
			int			leak = j && strstr(j, secret) != NULL;

			free(j);
			if (leak)
			{
				snprintf(where, sizeof(where), "the command JSON");
				return where;
			}
		}
		{
			rsi_check_options co = {RSI_KEYS_MODE_WARN, "etl", RSI_HINTS_SQL};
			rsi_verdict v;

			memset(&v, 0, sizeof(v));
			rsi_check_command(&cmd, &cl, &co, &v);
			if (strstr(v.message, secret) || strstr(v.detail, secret) || strstr(v.hint, secret))
			{
				snprintf(where, sizeof(where), "the check verdict");
				return where;
			}
		}
	}
	arena_free();
	return NULL;
}

static void
test_placements(void)
{
	size_t		i;

	for (i = 0; i < N_PLACEMENTS; i++)
	{
		const placement *pl = &placements[i];
		char		secret[64];
		size_t		len,
					ol,
					ol2;
		char	   *sql,
				   *out,
				   *out2;
		const char *leak;

		snprintf(secret, sizeof(secret), "Zq%02zuwJalr/K7MD+ENGbPxRfiCY", i);
		sql = build(pl->sql, secret, &len);
		out = redact(sql, len, &ol);
		TAP_OK(!has(out, ol, secret), "%s: the secret is masked", pl->name);
		if (has(out, ol, secret))
			printf("#   redacted: %s\n", out);
		out2 = redact(out, ol, &ol2);
		TAP_OK(ol2 == ol && memcmp(out, out2, ol) == 0, "%s: redaction is idempotent", pl->name);
		if (pl->keep)
		{
			char		k[256];
			const char *p = pl->keep;
			int			kept = 1;

			while (*p)
			{
				size_t		kn = strcspn(p, "|");

				snprintf(k, sizeof(k), "%.*s", (int) kn, p);
				if (!has(out, ol, k))
				{
					kept = 0;
					printf("#   lost %s in: %s\n", k, out);
				}
				p += kn + (p[kn] == '|');
			}
			TAP_OK(kept, "%s: useful text is kept", pl->name);
		}
		leak = parser_leak(sql, len, secret);
		TAP_OK(leak == NULL, "%s: not in parse errors, problems, command JSON or verdicts%s%s",
			   pl->name, leak ? ": found in " : "", leak ? leak : "");
		free(out);
		free(out2);
		free(sql);
	}
}

static void
test_unchanged(void)
{
	size_t		i;

	for (i = 0; i < sizeof(unchanged) / sizeof(unchanged[0]); i++)
	{
		size_t		ol;
		char	   *out = redact(unchanged[i], strlen(unchanged[i]), &ol);

		TAP_IS_STR(out, unchanged[i], "unchanged: %.60s", unchanged[i]);
		free(out);
	}
}

static void
test_positions(void)
{
	/* the caret under a redacted command still points at the right token */
	const char *sql = "COPY t FROM 's3://b' ACCESS_KEY_ID '" K_ID "' SECRET_ACCESS_KEY = 'wJalr/K7MDENG' "
		"/* token x */ bogus";
	size_t		len = strlen(sql),
				ol,
				at = (size_t) (strstr(sql, "bogus") - sql),
				m = rsi_redact_map_offset(sql, len, at);
	char	   *out = redact(sql, len, &ol);

	TAP_OK(m < ol && strncmp(out + m, "bogus", 5) == 0, "an offset after masked values and comments maps to its token");
	m = rsi_redact_map_offset(sql, len, (size_t) (strstr(sql, "K7MD") - sql));
	TAP_OK(strncmp(out + m, "'***'", 5) == 0, "an offset inside a masked value maps to its mask");
	m = rsi_redact_map_offset(sql, len, (size_t) (strstr(sql, "token x") - sql));
	TAP_OK(strncmp(out + m, " *** */", 7) == 0, "an offset inside a masked comment maps to its mask");
	free(out);

	sql = "COPY t FROM 's3://b' SECRET_ACCESS_KEY wJalr/K7MDENG+bPx== x";
	len = strlen(sql);
	out = redact(sql, len, &ol);
	TAP_IS_STR(out, "COPY t FROM 's3://b' SECRET_ACCESS_KEY *** x", "a bare secret is masked as one run");
	m = rsi_redact_map_offset(sql, len, (size_t) (strstr(sql, "bPx") - sql));
	TAP_OK(strncmp(out + m, "***", 3) == 0, "an offset inside the run maps to its mask");
	m = rsi_redact_map_offset(sql, len, len - 1);
	TAP_OK(out[m] == 'x', "the token after the run maps right");
	free(out);

	TAP_OK(!rsi_redact_span_kept(sql, len, (size_t) (strstr(sql, "K7MD") - sql), 4),
		   "rsi_redact_span_kept: a masked span is not kept");
	TAP_OK(rsi_redact_span_kept(sql, len, 0, 4), "rsi_redact_span_kept: COPY is kept");
	TAP_OK(!rsi_redact_span_kept(sql, len, (size_t) (strstr(sql, "K7MD") - sql), 0),
		   "rsi_redact_span_kept: an empty span inside a mask");
}

static void
test_key_names(void)
{
	TAP_OK(rsi_has_secret_key_name("x AWS_Session_Token y", 21), "session token, any case");
	TAP_OK(rsi_has_secret_key_name("token", 5), "token alone");
	TAP_OK(!rsi_has_secret_key_name("tokens", 6), "tokens is not token");
	TAP_OK(!rsi_has_secret_key_name("s3://b/token/x", 14), "a path segment token is not a key");
	TAP_OK(rsi_has_secret_key_name("s3://b/token = x", 16), "a path ending in token= is");
	TAP_OK(rsi_has_secret_key_name("E'\\ttoken'", 10), "an escape before token is a word boundary");
	TAP_OK(rsi_has_secret_key_name("MyPassword", 10), "password anywhere");
}

static void
test_parser_values(void)
{
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_command cmd;
	rsi_parse_error err;
	const char *sql = "COPY t FROM 's3://b' ACCESS_KEY_ID 'notakeyid' SECRET_ACCESS_KEY 'x'";
	char	   *j;

	arena_free();
	TAP_OK(rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &err) == RSI_PARSE_OK &&
		   cmd.access_key_id == NULL, "a value that is no key ID is not kept as access_key_id");
	j = rsi_command_json_text(&cmd, sql, strlen(sql));
	TAP_OK(j && strstr(j, "\"access_key_id\":null") && strstr(j, "invalid-access-key-id") &&
		   !strstr(j, "notakeyid"), "the JSON has access_key_id null and the problem, without the value");
	free(j);
	arena_free();
	sql = "COPY t FROM 's3://b' CREDENTIALS 'aws_access_key_id=" K_ID ";aws_secret_access_key=x'";
	TAP_OK(rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &err) == RSI_PARSE_OK &&
		   cmd.access_key_id && strcmp(cmd.access_key_id, K_ID) == 0, "a well-formed key ID is kept");
	arena_free();
}

int
main(void)
{
	test_placements();
	test_unchanged();
	test_positions();
	test_key_names();
	test_parser_values();
	arena_free();
	printf("# %zu placements\n", N_PLACEMENTS);
	return tap_done();
}
