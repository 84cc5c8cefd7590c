/*
 * test_template.c — template placeholders: what the detector takes and
 * what it leaves alone (lex/template.h), how the parser sees them, and the
 * templated-value verdict (check/check.h).  docs/rules.md, section
 * "templated-value", states the rules these cases pin down.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "lex/template.h"
#include "parse/command.h"
#include "command_util.h"
#include "tap.h"

#define ROLE(n) "arn:aws:iam::123456789012:role/" n

static void *
test_alloc(void *ctx, size_t n)
{
	(void) ctx;
	return malloc(n);			/* short-lived test: not freed */
}

/* the placeholder rsi_template_at finds at the start of s, as "kind:text:name" */
static const char *
at(const char *s)
{
	static char out[256];
	rsi_template t;

	if (!rsi_template_at(s, strlen(s), 0, &t))
		return "none";
	snprintf(out, sizeof(out), "%d:%.*s:%.*s", (int) t.kind, (int) t.len, s + t.off,
			 (int) t.name_len, s + t.name_off);
	return out;
}

/* the first placeholder in a string value, as "text:name" */
static const char *
in_str(const char *s, unsigned flags)
{
	static char out[256];
	rsi_template t;

	if (!rsi_template_in_string(s, strlen(s), 0, flags, &t))
		return "none";
	snprintf(out, sizeof(out), "%.*s:%.*s", (int) t.len, s + t.off, (int) t.name_len, s + t.name_off);
	return out;
}

typedef struct collected
{
	char		buf[512];
} collected;

static int
collect(void *ctx, const rsi_template *t)
{
	collected  *c = ctx;
	size_t		n = strlen(c->buf);

	snprintf(c->buf + n, sizeof(c->buf) - n, "[%zu+%zu]", t->off, t->len);
	return 0;
}

static const char *
scan(const char *s, unsigned flags)
{
	static collected c;

	c.buf[0] = '\0';
	rsi_template_scan(s, strlen(s), flags, collect, &c);
	return c.buf;
}

static rsi_assoc_status
fake_status(void *ctx, const char *arn, double *left)
{
	(void) ctx;
	if (left)
		*left = -1;
	return strcmp(arn, ROLE("Etl")) == 0 ? RSI_ASSOC_IN_SYNC : RSI_ASSOC_NONE;
}

static rsi_cluster_view cl = {
	1, "c1", "123456789012", "us-east-1", "available", NULL, fake_status, NULL, NULL, 0, NULL, NULL
};
static rsi_check_options opt = {RSI_KEYS_MODE_WARN, "etl", RSI_HINTS_SQL};
static rsi_command cmd;
static rsi_verdict v;
static rsi_parse_error perr;

static rsi_parse_status
parse(const char *sql)
{
	rsi_alloc	al = {test_alloc, NULL};
	rsi_parse_status st = rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &perr);

	if (st != RSI_PARSE_OK)
		printf("#   %s: %s\n", sql, perr.message);
	return st;
}

/* the verdict's rule, or "parse" when the command does not parse */
static const char *
rule(const char *sql)
{
	if (parse(sql) != RSI_PARSE_OK)
		return "parse";
	rsi_check_command(&cmd, &cl, &opt, &v);
	return v.rule;
}

int
main(void)
{
	/* ---- outside strings ---- */
	TAP_IS_STR(at("{{ var.value.etl_role }} x"), "1:{{ var.value.etl_role }}:var.value.etl_role",
			   "Jinja expression: the name is the expression without blanks");
	TAP_IS_STR(at("{{- ds -}}"), "1:{{- ds -}}:ds", "Jinja whitespace control is not part of the name");
	TAP_IS_STR(at("{% if prod %}"), "2:{% if prod %}:if prod", "Jinja statement");
	TAP_IS_STR(at("{# note #}"), "3:{# note #}:note", "Jinja comment");
	TAP_IS_STR(at("{{ no closer"), "none", "{{ without }} is no placeholder");
	TAP_IS_STR(at("${ETL_ROLE_ARN}"), "4:${ETL_ROLE_ARN}:ETL_ROLE_ARN", "${NAME}");
	TAP_IS_STR(at("${ROLE:-arn:aws:iam::1:role/x}"), "4:${ROLE:-arn:aws:iam::1:role/x}:ROLE",
			   "${NAME:-word}: the name only");
	TAP_IS_STR(at("${1}"), "none", "${1}: a name starts with a letter or _");
	TAP_IS_STR(at("${A B}"), "none", "${A B}: no operator, no placeholder");
	TAP_IS_STR(at("$etl_role rest"), "5:$etl_role:etl_role", "$name outside strings, any case");
	TAP_IS_STR(at("$1"), "none", "$1 is a parameter");
	TAP_IS_STR(at("$tag$ body $tag$"), "none", "$tag$ is a dollar quote");
	TAP_IS_STR(at("$$ body $$"), "none", "$$ is a dollar quote");
	TAP_IS_STR(at(":'etl_role'"), "6::'etl_role':etl_role", "psql :'name'");
	TAP_IS_STR(at(":\"schema\""), "7::\"schema\":schema", "psql :\"name\"");
	TAP_IS_STR(at(":src x"), "8::src:src", "psql :name");
	TAP_IS_STR(at("::text"), "none", ":: is a cast");
	TAP_IS_STR(at(":1]"), "none", ":1 (an array slice) is no variable");
	TAP_IS_STR(at(":'a b'"), "none", ":'a b': a psql name has no blank");
	{
		const char *cast = "x::text";
		rsi_template t;

		TAP_OK(!rsi_template_at(cast, strlen(cast), 2, &t), "the second ':' of a cast is no variable either");
	}

	/* ---- inside string values ---- */
	TAP_IS_STR(in_str("{{ var.value.role }}", 0), "{{ var.value.role }}:var.value.role", "Jinja in a string");
	TAP_IS_STR(in_str("arn:aws:iam::{{ account }}:role/Etl", 0), "{{ account }}:account",
			   "a placeholder inside a longer value");
	TAP_IS_STR(in_str("${ETL_ROLE_ARN}", 0), "${ETL_ROLE_ARN}:ETL_ROLE_ARN", "${NAME} in a string");
	TAP_IS_STR(in_str("s3://b/$ETL_PREFIX/x", 0), "$ETL_PREFIX:ETL_PREFIX", "upper-case $NAME in a location");
	TAP_IS_STR(in_str("s3://b/logs/$folder", 0), "none", "lower-case $name in a location is a key");
	TAP_IS_STR(in_str("s3://b/x_$folder$/y", RSI_TMPL_ANY_CASE), "none", "$folder$ is no variable");
	TAP_IS_STR(in_str("s3://b/$Mixed/y", 0), "none", "mixed-case $Name in a location is a key");
	TAP_IS_STR(in_str("$etl_role", RSI_TMPL_ANY_CASE), "$etl_role:etl_role", "any case in an IAM value");
	TAP_IS_STR(in_str("s3://b/:'x'/y", RSI_TMPL_ANY_CASE), "none", "psql does not expand inside quotes");
	TAP_IS_STR(in_str("price $5", RSI_TMPL_ANY_CASE), "none", "$5 is no variable");

	/* ---- a whole statement ---- */
	TAP_IS_STR(scan("copy t from '{{ a }}' iam_role :'r' x::int $1 $$ {{ z }} $$ ${B}", 0),
			   "[13+7][31+4][49+7][60+4]",
			   "scan: in strings (also dollar-quoted) and outside; not casts or parameters");
	TAP_IS_STR(scan("select 1 -- {{ in a comment }}\n", 0), "", "comments hold no placeholder");
	TAP_IS_STR(scan("{{ 'it''s' }} 'x'", 0), "[0+13]", "a placeholder is skipped whole");

	/* ---- the parser and the verdict ---- */
	TAP_IS_STR(rule("copy t from 's3://b/x' iam_role '{{ var.value.etl_role }}' csv"), "templated-value",
			   "a Jinja role is templated-value, not chain_has_spaces");
	TAP_OK(v.allowed && v.warning && strcmp(v.sqlstate, "01000") == 0, "templated-value is a warning");
	TAP_OK(strstr(v.message, "{{ var.value.etl_role }}") != NULL, "the message names the placeholder: %s",
		   v.message);
	TAP_IS_INT(rsi_verdict_pos(&cmd, &v), 33, "the position is the placeholder's");
	TAP_IS_STR(rule("copy t from 's3://b/x' iam_role '${ETL_ROLE_ARN}' csv"), "templated-value",
			   "a ${VAR} role is templated-value, not invalid_role_arn");
	TAP_IS_STR(rule("copy t from 's3://b/x' iam_role :'etl_role' csv"), "templated-value",
			   "a psql :'var' role is templated-value, not a syntax error");
	TAP_IS_STR(rule("copy t from 's3://b/x' iam_role 'arn:aws:iam::{{ acct }}:role/Etl,"
					ROLE("Second") "'"), "templated-value", "a chain with a placeholder is templated");
	TAP_IS_STR(rule("copy {{ params.schema }}.stage_{{ ds_nodash }} from 's3://b/x' iam_role '"
					ROLE("Etl") "' csv"), "ok", "placeholders in the table name pass silently");
	TAP_IS_STR(rule("copy \"sales\"from 's3://b/x' iam_role '" ROLE("Etl") "' csv"), "ok",
			   "a quoted name written against the next keyword is not glued to it");
	TAP_IS_STR(rule("copy {{ schema }}_{{ t }}_v2.x_{{ y }} from 's3://b/x' iam_role '" ROLE("Etl") "'"), "ok",
			   "pieces of a name around placeholders are one name");
	TAP_IS_STR(rule("copy t from 's3://b/{{ ds }}/' iam_role '" ROLE("Etl") "' csv"), "templated-value",
			   "a templated location is a warning when the rest passes");
	TAP_OK(v.resolved_role && strcmp(v.resolved_role, ROLE("Etl")) == 0,
		   "the resolved role stays with a templated location");
	TAP_IS_STR(rule("copy t from 's3://b/{{ ds }}/' iam_role '" ROLE("Other") "' csv"), "role-not-associated",
			   "a refusal wins over a templated location");
	TAP_IS_STR(rule("copy t from 's3://b/x_$folder$/' iam_role '" ROLE("Etl") "' csv"), "ok",
			   "an S3 key with $ is no placeholder");
	TAP_IS_STR(rule("unload ('select * from t where ds = ''{{ ds }}''') to 's3://b/x' iam_role '"
					ROLE("Etl") "'"), "ok", "a placeholder in UNLOAD's query passes silently");
	TAP_IS_STR(rule("copy t from 's3://b/x' {{ auth }} csv"), "templated-value",
			   "a placeholder where the authorization clause would be");
	TAP_IS_STR(rule("copy t from 's3://b/x' iam_role '" ROLE("Etl") "' {{ options }}"), "ok",
			   "a placeholder beside an authorization clause is a format option");
	TAP_IS_STR(rule("{% if prod %} copy t from 's3://b/x' iam_role '" ROLE("Other") "'"), "role-not-associated",
			   "a leading {%% %%} block is skipped, the command is checked");
	TAP_IS_STR(rule("copy t from 's3://b/x' {{ \"credentials 'aws_secret_access_key=wJalr/K7MDENG+bPxRfiCY'\" }}"),
			   "templated-value", "a clause placeholder holding a literal");
	TAP_OK(strstr(v.message, "wJalr") == NULL && strstr(v.message, "not shown") != NULL,
		   "a placeholder holding more than a name is not quoted: %s", v.message);
	TAP_IS_STR(rule("copy t from 's3://b/x' iam_role '{{ var.value.get(\"etl_role\") }}'"), "templated-value",
			   "a Jinja call with quotes");
	TAP_OK(strstr(v.message, "etl_role") == NULL, "... is not quoted either");
	TAP_IS_STR(rule("copy t from 's3://b/x' credentials 'aws_iam_role={{ role }}'"), "templated-value",
			   "templated CREDENTIALS");
	TAP_OK(strstr(v.message, "role }}") == NULL, "templated credentials are not quoted");
	TAP_IS_STR(rule("copy t from 's3://b/x' access_key_id '${KEY_ID}' secret_access_key '${SECRET}'"),
			   "templated-value", "a templated key ID under warn");
	opt.keys_mode = RSI_KEYS_MODE_DENY;
	TAP_IS_STR(rule("copy t from 's3://b/x' access_key_id '${KEY_ID}' secret_access_key '${SECRET}'"),
			   "access-keys-refused", "under deny keys are refused whatever their value");
	opt.keys_mode = RSI_KEYS_MODE_WARN;
	TAP_IS_STR(rule("copy t from 's3://b/x' access_key_id 'AKIAIOSFODNN7EXAMPLE' secret_access_key :'secret'"),
			   "long-term-access-key", "only a templated secret: the key ID is still checked");
	TAP_IS_STR(rule("copy t from 's3://b/x' iam_role '{{ role }}' iam_role 'x'"), "parse",
			   "grammar errors still count");
	TAP_IS_STR(rule("copy t from 's3://b/x' iam_role 'RedshiftCopyUnload' {{ x }}"), "role-name-not-arn",
			   "a concrete malformed role is still refused");
	TAP_IS_STR(rule("create external schema s from data catalog database '{{ db }}' iam_role '{{ role }}'"),
			   "templated-value", "external schema: templated role");
	TAP_IS_STR(rule("create external schema s from data catalog database 'db' {{ auth }}"),
			   "templated-value", "external schema: a clause placeholder stands for IAM_ROLE");
	TAP_IS_STR(rule("create external function f(int) returns int volatile lambda '{{ fn }}' iam_role '"
					ROLE("Etl") "'"), "ok", "external function: a templated Lambda name passes");
	TAP_IS_STR(rule("create external function f(int) returns int volatile lambda 'fn' {{ auth }}"),
			   "templated-value", "external function: a clause placeholder");
	TAP_IS_INT(parse("{% endif %}"), RSI_PARSE_OTHER, "a statement of placeholders only is of another kind, not empty");
	TAP_IS_INT(parse(":j"), RSI_PARSE_OTHER, "... also a psql variable alone (a fuzzer's find)");
	cl.found = 0;
	TAP_IS_STR(rule("copy t from 's3://b/x' iam_role '{{ role }}'"), "cluster-not-found",
			   "the cluster's state comes first");
	cl.found = 1;
	return tap_done();
}
