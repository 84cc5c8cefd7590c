/*
 * command_json.c — serialise a parsed command (see command_json.h).
 */
#include "parse/command_json.h"
#include "lex/script.h"

#include "util/json_util.h"
#include "util/utf8.h"

#include <string.h>

/*
 * A JSON string of text taken from the command.  The command may hold
 * invalid UTF-8 (the CLI reads raw bytes; E'\xff' decodes to any byte),
 * which jansson refuses: such text is sanitized (U+FFFD, see utf8.h) so
 * that a parse result always has JSON, and NULL means out of memory only.
 */
static json_t *
text_value(const char *s)
{
	size_t		n = strlen(s);
	json_malloc_t m;
	json_free_t f;
	char	   *clean;
	json_t	   *j;

	if (rsi_utf8_valid_prefix(s, n) == n)
		return json_stringn_nocheck(s, n);
	/* jansson's allocator, so one hook sees every allocation of the result */
	json_get_alloc_funcs(&m, &f);
	clean = m(rsi_utf8_sanitize(s, n, NULL) + 1);
	if (clean == NULL)
		return NULL;
	n = rsi_utf8_sanitize(s, n, clean);
	j = json_stringn_nocheck(clean, n);
	f(clean);
	return j;
}

static json_t *
str_or_null(const char *s)
{
	return s ? text_value(s) : json_null();
}

/*
 * A free-text value (location, catalog role, secret ARN, CREATE MODEL's
 * names and settings, CREATE LIBRARY's region) that holds a
 * secret key name is shown as ***, as the redactor shows it.
 */
static json_t *
guarded_or_null(const char *s)
{
	if (s && rsi_has_secret_key_name(s, strlen(s)))
		return json_string("***");
	return str_or_null(s);
}

/*
 * The fields only some kinds have, present (null when not written) for
 * those kinds alone, so the other kinds' results keep their shape: what an
 * IAM permission check of CREATE MODEL and CREATE LIBRARY needs besides
 * the role and the location.
 */
static int
add_kind_fields(json_t *o, const rsi_command *cmd)
{
	if (cmd->kind == RSI_CMD_CREATE_MODEL)
		return json_object_set_new(o, "function_name", guarded_or_null(cmd->function_name)) ||
			json_object_set_new(o, "s3_bucket", guarded_or_null(cmd->s3_bucket)) ||
			json_object_set_new(o, "kms_key_id", guarded_or_null(cmd->kms_key_id)) ||
			json_object_set_new(o, "sagemaker_endpoint", guarded_or_null(cmd->sagemaker_endpoint)) ||
			json_object_set_new(o, "bedrock_model_id", guarded_or_null(cmd->bedrock_model_id));
	if (cmd->kind == RSI_CMD_CREATE_LIBRARY)
		return json_object_set_new(o, "region", guarded_or_null(cmd->region));
	return 0;
}

json_t *
rsi_command_to_json(const rsi_command *cmd, const char *buf, size_t len)
{
	json_t	   *o = rsi_json_object();
	json_t	   *roles = json_array();
	json_t	   *problems = json_array();
	size_t		i;
	int			line,
				col,
				cmd_line,
				cmd_col;
	rsi_line_cursor lc;

	/* one forward pass: the command, then its problems (in text order) */
	rsi_line_cursor_init(&lc);
	rsi_line_col_next(&lc, buf, len, cmd->off, &cmd_line, &cmd_col);
	if (o == NULL || roles == NULL || problems == NULL)
		goto fail;
	for (i = 0; i < cmd->nroles; i++)
		if (json_array_append_new(roles, text_value(cmd->roles[i])))
			goto fail;
	for (i = 0; i < cmd->nproblems; i++)
	{
		const rsi_problem *pr = &cmd->problems[i];
		json_t	   *po;

		rsi_line_col_next(&lc, buf, len, pr->off, &line, &col);
		po = json_pack("{s:s, s:o, s:i, s:i}", "code", pr->code, "message",
					   text_value(pr->message ? pr->message : ""), "line", line, "col", col);
		if (po == NULL || json_array_append_new(problems, po))
			goto fail;
	}
	if (json_object_set_new(o, "kind", json_string(rsi_cmd_kind_name(cmd->kind))) ||
		json_object_set_new(o, "auth_method", json_string(rsi_auth_method_name(cmd->auth))) ||
		json_object_set(o, "roles", roles) ||
		json_object_set_new(o, "session_token", json_boolean(cmd->session_token)) ||
		json_object_set_new(o, "access_key_id", str_or_null(cmd->access_key_id)) ||
		json_object_set_new(o, "location", guarded_or_null(cmd->location)) ||
		json_object_set_new(o, "catalog_role", guarded_or_null(cmd->catalog_role)) ||
		json_object_set_new(o, "secret_arn", guarded_or_null(cmd->secret_arn)) ||
		json_object_set_new(o, "source", str_or_null(rsi_schema_source_name(cmd->source))) ||
		json_object_set_new(o, "line", json_integer(cmd_line)) ||
		json_object_set_new(o, "col", json_integer(cmd_col)) ||
		json_object_set(o, "problems", problems))
		goto fail;
	if (add_kind_fields(o, cmd))
		goto fail;
	json_decref(roles);
	json_decref(problems);
	return o;

fail:
	json_decref(o);
	json_decref(roles);
	json_decref(problems);
	return NULL;
}

char *
rsi_json_dump_and_free(json_t *j)
{
	char	   *s;

	if (j == NULL)
		return NULL;
	s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(j);
	return s;
}

char *
rsi_command_json_text(const rsi_command *cmd, const char *buf, size_t len)
{
	return rsi_json_dump_and_free(rsi_command_to_json(cmd, buf, len));
}
