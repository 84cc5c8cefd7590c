/*
 * test_cov_redact.c — rsi_redact on the shapes the other redaction tests
 * leave out: E'' strings whose escapes can or cannot spell text the raw
 * string does not show (hex, octal, \u and \U, unknown escapes), U&''
 * strings, key names as path segments or behind an escape, the aws_
 * prefix, comments between a key and its value, unterminated values, and
 * what may follow an access key ID.  Each case gives the exact redacted
 * text; for every case the secret never appears in it, and redacting the
 * redacted text changes nothing (docs/safety.md, "Redaction rules").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex/script.h"
#include "tap.h"

#define K "AKIAIOSFODNN7EXAMPLE"
#define S "wJalrXUtnFEMI"
#define COPY "copy t from 's3://b' iam_role 'r' delimiter "
#define KEYS "copy t from 's3://b' access_key_id '" K "' "

typedef struct rcase
{
	const char *name;
	const char *in;
	const char *out;
} rcase;

static const rcase cases[] = {
	/* E'' escapes that decode to printable ASCII can spell anything: masked */
	{"E'' \\x41 (hex to a letter) is masked", COPY "E'\\x41'", COPY "E'***'"},
	{"E'' \\101 (octal to a letter) is masked", COPY "E'\\101'", COPY "E'***'"},
	{"E'' \\u41 (short \\u) is masked", COPY "E'\\u41'", COPY "E'***'"},
	{"E'' \\xZZ (no hex digit) is masked", COPY "E'\\xZZ'", COPY "E'***'"},
	{"E'' \\u1 (a \\u short of four digits, whatever it decodes to) is masked", COPY "E'\\u1'", COPY "E'***'"},
	{"E'' \\U0041 (a \\U short of eight digits) is masked", COPY "E'\\U0041'", COPY "E'***'"},
	{"E'' \\501 (octal 321 is the byte 0x41, a letter) is masked", COPY "E'\\501'", COPY "E'***'"},
	{"E'' \\q (an unknown escape is the letter itself) is masked", COPY "E'\\q'", COPY "E'***'"},
	/* escapes that decode to control or non-ASCII characters: kept */
	{"E'' \\x0a (a control character) is kept", COPY "E'\\x0a'", COPY "E'\\x0a'"},
	{"E'' \\u00e9 (non-ASCII) is kept", COPY "E'\\u00e9'", COPY "E'\\u00e9'"},
	{"E'' \\U0001F600 is kept", COPY "E'\\U0001F600'", COPY "E'\\U0001F600'"},
	{"E'' \\1 (octal control) is kept", COPY "E'\\1'", COPY "E'\\1'"},
	{"E'' \\400 (octal, low byte 0) is kept", COPY "E'\\400'", COPY "E'\\400'"},
	{"E'' \\t\\b are kept", COPY "E'\\t\\b'", COPY "E'\\t\\b'"},
	{"E'' a backslash before a non-ASCII byte is kept", COPY "E'\\\xc3\xa9'", COPY "E'\\\xc3\xa9'"},
	{"E'' ending in a backslash is kept", COPY "E'a\\'", COPY "E'a\\'"},
	{"an unterminated E'' with \\x41 is masked to the end", COPY "E'\\x41", COPY "E'***"},
	{"an unterminated E'' with \\n is kept", COPY "E'\\n", COPY "E'\\n"},
	{"an unterminated obfuscated E'' after a string", "select 'x' E'\\x41" S, "select 'x' E'***"},
	/* U&'' */
	{"U&'' with an escape is masked", "select U&'\\0061" S "'", "select U&'***'"},
	{"U&'' followed by UESCAPE is masked", "select U&'ab' uescape '!'", "select U&'***' uescape '!'"},
	/* key names inside strings */
	{"token as a path segment is not a key name", "copy t from 's3://b/token/x' iam_role 'r'",
	"copy t from 's3://b/token/x' iam_role 'r'"},
	{"/token= is a key name", "copy t from 's3://b/token=" S "' iam_role 'r'", "copy t from '***' iam_role 'r'"},
	{"/token followed by spaces and no '=' is not", "copy t from 's3://b/token /= x' iam_role 'r'",
	"copy t from 's3://b/token /= x' iam_role 'r'"},
	{"a key name behind an escape (\\t) counts", "select E'\\tsecret_access_key=" S "'", "select E'***'"},
	{"a string ending in aws_secret_access_key masks the next string", "select 'x aws_secret_access_key' '" S "'",
	"select '***' '***'"},
	{"a string ending in token: masks the next string", "select 'a.token:' '" S "'", "select '***' '***'"},
	{"CREDENTIALS with a role chain is kept",
		"copy t from 's3://b' credentials 'aws_iam_role=arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B'",
	"copy t from 's3://b' credentials 'aws_iam_role=arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B'"},
	{"CREDENTIALS with a role chain holding a space is masked",
		"copy t from 's3://b' credentials 'aws_iam_role=arn:aws:iam::123456789012:role/A, " S "'",
	"copy t from 's3://b' credentials 'aws_iam_role=***'"},
	{"CREDENTIALS with an empty role is kept", "copy t from 's3://b' credentials 'aws_iam_role='",
	"copy t from 's3://b' credentials 'aws_iam_role='"},
	{"CREDENTIALS = keeps the key ID, masks the secret",
		"copy t from 's3://b' credentials = 'aws_access_key_id=" K ";aws_secret_access_key=" S "'",
	"copy t from 's3://b' credentials = 'aws_access_key_id=" K ";aws_secret_access_key=***'"},
	{"CREDENTIALS AS a bare secret", "copy t from 's3://b' credentials as '" S "'",
	"copy t from 's3://b' credentials as '***'"},
	/* comments and odd tokens between a key and its value */
	{"a -- comment between the key and its value is masked too",
		KEYS "secret_access_key -- note\n '" S "'", KEYS "secret_access_key -- ***\n '***'"},
	{"a nested /* */ comment between the key and its value",
		KEYS "secret_access_key /* a /* b */ c */ '" S "'", KEYS "secret_access_key /* *** */ '***'"},
	{"an unterminated comment after the key", KEYS "secret_access_key /* a '" S "'", KEYS "secret_access_key /* ***"},
	{"an unterminated E'' value", KEYS "secret_access_key E'" S, KEYS "secret_access_key E'***'"},
	{"an unterminated E'' after a key name", "select secret_access_key E'\\n" S, "select secret_access_key E'***'"},
	{"a value glued by '='", KEYS "secret_access_key=" S " gzip", KEYS "secret_access_key= *** gzip"},
	{"a value glued by an operator", KEYS "secret_access_key*'" S "'", KEYS "secret_access_key***"},
	{"a dollar-quoted value glued to the key", KEYS "secret_access_key$$" S "$$", KEYS "***"},
	{"SECRET_ACCESS_KEY AS", KEYS "secret_access_key as '" S "'", KEYS "secret_access_key as '***'"},
	{"TOKEN", KEYS "token '" S "'", KEYS "token '***'"},
	{"SESSION_TOKEN", "copy t from 's3://b' session_token 'abc' gzip", "copy t from 's3://b' session_token '***' gzip"},
	{"MASTER_SYMMETRIC_KEY", "copy t from 's3://b' master_symmetric_key '" S "' encrypted",
	"copy t from 's3://b' master_symmetric_key '***' encrypted"},
	{"AWS_ACCESS_KEY_ID as a keyword", "copy t from 's3://b' aws_access_key_id '" K "' secret_access_key '" S "'",
	"copy t from 's3://b' aws_access_key_id '" K "' secret_access_key '***'"},
	/* a word in the value's place: the string after it is the secret it displaced */
	{"a word between the key and a string: both masked", KEYS "secret_access_key foo '" S "'",
	KEYS "secret_access_key *** '***'"},
	{"an empty quoted identifier between the key and a string: both masked", KEYS "secret_access_key \"\" '" S "'",
	KEYS "secret_access_key *** '***'"},
	{"a number between the key and a string: both masked", KEYS "secret_access_key 42 '" S "'",
	KEYS "secret_access_key *** '***'"},
	{"an option word after the masked word ends it: REGION's string is kept",
		KEYS "secret_access_key foo region 'us-east-1'", KEYS "secret_access_key *** region 'us-east-1'"},
	/* what may follow an access key ID's value */
	{"a slash-and-plus word after the key ID may be the secret", KEYS S "/x+y gzip", KEYS "*** gzip"},
	{"a number after the key ID may be the secret", KEYS "12345 gzip", KEYS "*** gzip"},
	{"a mixed-case word after the key ID may be the secret", KEYS "Gzip", KEYS "***"},
	{"option words of one case are kept", KEYS "GZIP csv", KEYS "GZIP csv"},
	{"a parenthesis after the key ID is kept", KEYS "( gzip )", KEYS "( gzip )"},
	{NULL, NULL, NULL}
};

int
main(void)
{
	int			i;

	for (i = 0; cases[i].name; i++)
	{
		size_t		len = strlen(cases[i].in);
		size_t		n = rsi_redact(cases[i].in, len, NULL);
		char	   *out = malloc(n + 1);
		char	   *again;
		size_t		n2;

		rsi_redact(cases[i].in, len, out);
		TAP_IS_STR(out, cases[i].out, "%s", cases[i].name);
		TAP_OK(strstr(out, S) == NULL && strlen(out) == n, "%s: the secret is not in the text", cases[i].name);
		n2 = rsi_redact(out, n, NULL);
		again = malloc(n2 + 1);
		rsi_redact(out, n, again);
		TAP_IS_STR(again, out, "%s: redacting again changes nothing", cases[i].name);
		free(again);
		free(out);
	}
	return tap_done();
}
