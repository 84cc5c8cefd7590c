/*
 * test_cov_template.c — the template placeholder detector (lex/template.h)
 * position by position: each Jinja, shell and psql form with the span and
 * the name it reports, the near misses it must leave alone (casts, dollar
 * quotes, $1, unclosed or over-long placeholders, a line break inside
 * ${NAME:-word}), the upper-case rule for $NAME inside strings, and
 * rsi_template_scan's bodies and early stop.  docs/rules.md, section
 * "templated-value", states the rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex/template.h"
#include "tap.h"

/* "kind off len name" of the placeholder at pos, or "none" */
static const char *
at(const char *s, size_t pos)
{
	static char buf[256];
	rsi_template t;

	if (!rsi_template_at(s, strlen(s), pos, &t))
		return "none";
	snprintf(buf, sizeof(buf), "%d %zu %zu %.*s", (int) t.kind, t.off, t.len, (int) t.name_len, s + t.name_off);
	return buf;
}

static const char *
in_string(const char *s, unsigned flags)
{
	static char buf[256];
	rsi_template t;

	if (!rsi_template_in_string(s, strlen(s), 0, flags, &t))
		return "none";
	snprintf(buf, sizeof(buf), "%d %zu %zu %.*s", (int) t.kind, t.off, t.len, (int) t.name_len, s + t.name_off);
	return buf;
}

static int	seen;
static int	stop_after;

static int
count_cb(void *ctx, const rsi_template *t)
{
	(void) ctx;
	(void) t;
	seen++;
	return stop_after > 0 && seen >= stop_after;
}

static size_t
scan(const char *s, unsigned flags, rsi_template_cb cb, void *ctx)
{
	return rsi_template_scan(s, strlen(s), flags, cb, ctx);
}

#define EXPR "1"
#define STMT "2"
#define COMMENT "3"
#define BRACED "4"
#define SHELL "5"
#define PLIT "6"
#define PIDENT "7"
#define PSQL "8"

int
main(void)
{
	char	   *big;

	/* Jinja */
	TAP_IS_STR(at("{{ table }}", 0), EXPR " 0 11 table", "{{ expr }}: the span and the expression");
	TAP_IS_STR(at("x {%- if prod -%} y", 2), STMT " 2 15 if prod", "{%%- stmt -%%}: whitespace control left out");
	TAP_IS_STR(at("{#+ note +#}", 0), COMMENT " 0 12 note", "{#+ comment +#}");
	TAP_IS_STR(at("{{-}}", 0), EXPR " 0 5 ", "{{-}}: an empty expression");
	TAP_IS_STR(at("{{ a }", 0), "none", "{{ without }}");
	TAP_IS_STR(at("{x}", 0), "none", "{x} is not Jinja");
	TAP_IS_STR(at("{", 0), "none", "a lone { at the end");
	TAP_IS_STR(at("{{ a }}", 7), "none", "a position past the end");
	TAP_IS_STR(at("a{{ b }}", 0), "none", "a position that is not a placeholder's start");
	big = malloc(1100 + 5);
	memcpy(big, "{{", 2);
	memset(big + 2, 'x', 1100);
	memcpy(big + 1102, "}}", 3);
	TAP_IS_STR(at(big, 0), "none", "a placeholder longer than RSI_TEMPLATE_MAX is not one");
	big[1000] = '}';
	big[1001] = '}';
	big[1002] = '\0';
	{
		rsi_template t;

		TAP_OK(rsi_template_at(big, strlen(big), 0, &t) && t.kind == RSI_TMPL_JINJA_EXPR && t.len == 1002 &&
			   t.name_off == 2 && t.name_len == 998, "one of 1002 bytes is, with its 998-byte expression");
	}
	free(big);

	/* ${NAME...} and $NAME */
	TAP_IS_STR(at("${BUCKET}", 0), BRACED " 0 9 BUCKET", "${NAME}");
	TAP_IS_STR(at("${BUCKET:-dev}/x", 0), BRACED " 0 14 BUCKET", "${NAME:-word}: the name without the word");
	TAP_IS_STR(at("${B+x}", 0), BRACED " 0 6 B", "${NAME+word}");
	TAP_IS_STR(at("${B:x}", 0), "none", "${NAME:x} is no shell expansion");
	TAP_IS_STR(at("${B:-a\nb}", 0), "none", "a line break inside the word");
	TAP_IS_STR(at("${B:-", 0), "none", "${NAME:- unclosed");
	TAP_IS_STR(at("${B", 0), "none", "${NAME unclosed");
	TAP_IS_STR(at("${1}", 0), "none", "${1}: not a shell name");
	TAP_IS_STR(at("${", 0), "none", "${ at the end");
	TAP_IS_STR(at("$role_arn, x", 0), SHELL " 0 9 role_arn", "$name");
	TAP_IS_STR(at("$tag$ body $tag$", 0), "none", "$tag$ is a dollar quote");
	TAP_IS_STR(at("$1", 0), "none", "$1 is a parameter");
	TAP_IS_STR(at("$", 0), "none", "$ alone");

	/* psql */
	TAP_IS_STR(at(":'role'", 0), PLIT " 0 7 role", ":'name'");
	TAP_IS_STR(at(":\"tbl\" x", 0), PIDENT " 0 6 tbl", ":\"name\"");
	TAP_IS_STR(at(":v1 x", 0), PSQL " 0 3 v1", ":name");
	TAP_IS_STR(at("::int", 0), "none", ":: is a cast");
	TAP_IS_STR(at("a::int", 2), "none", "the second ':' of a cast");
	TAP_IS_STR(at(":''", 0), "none", ":'' has no name");
	TAP_IS_STR(at(":'a-b'", 0), "none", ":'a-b': not a name up to the quote");
	TAP_IS_STR(at(":'role", 0), "none", ":'name unclosed");
	TAP_IS_STR(at(":1", 0), "none", ":1 is not a name");
	TAP_IS_STR(at(":", 0), "none", ": at the end");
	TAP_IS_STR(at("x", 0), "none", "a plain character");

	/* inside string literals: $NAME upper case unless RSI_TMPL_ANY_CASE */
	TAP_IS_STR(in_string("s3://b/$env/x", 0), "none", "$env in a string: lower case is text");
	TAP_IS_STR(in_string("s3://b/$env/x", RSI_TMPL_ANY_CASE), SHELL " 7 4 env", "$env with RSI_TMPL_ANY_CASE");
	TAP_IS_STR(in_string("s3://b/$ENV_1/x", 0), SHELL " 7 6 ENV_1", "$ENV_1 in a string");
	TAP_IS_STR(in_string("s3://b/$Env/x", 0), "none", "$Env: mixed case is text");
	TAP_IS_STR(in_string("s3://{{ b }}/${P}", 0), EXPR " 5 7 b", "the first placeholder in a string");
	TAP_IS_STR(in_string("a{b} $ {c", 0), "none", "braces and dollars that are no placeholder");

	/* rsi_template_scan */
	seen = 0;
	stop_after = 0;
	TAP_IS_INT(scan("copy t from '{{ src }}/${ENV}' iam_role E'{{ role }}' region $$ {{ r }} $$ {{ x }}", 0, count_cb, NULL),
			   5, "scan finds placeholders in strings, E'' strings, dollar quotes and outside strings");
	TAP_IS_INT(seen, 5, "... and calls back for each");
	seen = 0;
	stop_after = 1;
	TAP_IS_INT(scan("copy t from '{{ src }}/${ENV}' iam_role {{ r }}", 0, count_cb, NULL), 1,
			   "a callback returning nonzero inside a string stops the scan");
	seen = 0;
	stop_after = 1;
	TAP_IS_INT(scan("copy t from {{ src }} iam_role '${R}'", 0, count_cb, NULL), 1,
			   "a callback returning nonzero outside strings stops the scan");
	TAP_IS_INT(scan("copy t from 'a' /* {{ x }} */ -- {{ y }}", 0, NULL, NULL), 0,
			   "comments are not scanned");
	TAP_IS_INT(scan("select '{{ a }}' 'unterminated {{ b }}", 0, NULL, NULL), 1,
			   "the scan stops at a lexical error");
	TAP_IS_INT(scan("select :'v', x::int, {{ '}}' }} '{{ c }}'", 0, NULL, NULL), 3,
			   "a quote inside {{ }} is not SQL's: the placeholder is skipped whole");
	return tap_done();
}
