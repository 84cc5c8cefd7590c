/*
 * test_redact_displaced.c — a secret that a stray token displaced from the
 * value position of SECRET_ACCESS_KEY (or the other secret key words) is
 * masked: a string or a quoted identifier right after the masked value, a
 * dollar quote right after an unquoted or quoted-identifier value ("SECRET_ACCESS_KEY foo \"<secret>\"",
 * SECRET_ACCESS_KEY '' "<secret>"), and strings joined to the value with
 * || ('<part>' || '<part>').  Each case gives the exact redacted text; the
 * secret never appears in it, and redacting the redacted text changes
 * nothing (docs/safety.md, "Redaction rules").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex/script.h"
#include "tap.h"

#define S "wJalrXUtnFEMI"
#define KEYS "copy t from 's3://b' access_key_id 'AKIAIOSFODNN7EXAMPLE' "

typedef struct rcase
{
	const char *name;
	const char *in;
	const char *out;
} rcase;

static const rcase cases[] = {
	{"a quoted identifier after an unquoted value", KEYS "secret_access_key foo \"" S "\"",
	KEYS "secret_access_key *** \"***\""},
	{"a quoted identifier after a string value", KEYS "secret_access_key 'x' \"" S "\"",
	KEYS "secret_access_key '***' \"***\""},
	{"a quoted identifier after an empty quoted identifier", KEYS "secret_access_key \"\" \"" S "\"",
	KEYS "secret_access_key *** \"***\""},
	{"a dollar quote after an unquoted value", KEYS "secret_access_key foo $$" S "$$",
	KEYS "secret_access_key *** $$***$$"},
	{"a tagged dollar quote after an empty quoted identifier", KEYS "secret_access_key \"\" $t$" S "$t$",
	KEYS "secret_access_key *** $t$***$t$"},
	{"a dollar quote after a string value is kept (not one literal with it)", KEYS "secret_access_key 'x' $$w$$",
	KEYS "secret_access_key '***' $$w$$"},
	{"a string joined with ||", KEYS "secret_access_key 'x' || '" S "'",
	KEYS "secret_access_key '***' || '***'"},
	{"three parts joined with ||", KEYS "secret_access_key 'a' || 'b' || '" S "'",
	KEYS "secret_access_key '***' || '***' || '***'"},
	{"a session token joined with ||", KEYS "secret_access_key 'a' session_token 't' || '" S "'",
	KEYS "secret_access_key '***' session_token '***' || '***'"},
	{"PASSWORD: a quoted identifier after an unquoted value", "create user u password foo \"" S "\"",
	"create user u password *** \"***\""},
	/* what is not next to a secret value is kept */
	{"a quoted identifier after a kept key ID is kept", KEYS "\"col\" csv",
	KEYS "\"col\" csv"},
	{"|| after an ordinary string is kept", "copy t from 's3://b' iam_role 'r' delimiter 'a' || 'b'",
	"copy t from 's3://b' iam_role 'r' delimiter 'a' || 'b'"},
	{"a quoted identifier after the value's statement is kept", KEYS "secret_access_key 'x'; select \"a\"",
	KEYS "secret_access_key '***'; select \"a\""},
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
