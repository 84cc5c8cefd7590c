/*
 * command_json.c — serialise a parsed command (see command_json.h).
 */
#include "parse/command_json.h"
#include "lex/script.h"

#include "util/json_util.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

/*
 * A JSON string of text taken from the command.  The command may hold
 * invalid UTF-8 (the CLI reads raw bytes; E'\xff' decodes to any byte),
 * which JSON cannot hold: such text is sanitized (U+FFFD, see utf8.h) so
 * that a parse result always has JSON.
 */
static int
text_value(const rsi_json_sink *k, const char *s)
{
	size_t		n;
	char	   *clean;
	int			rc;

	if (s == NULL)
		return k->str(k->arg, NULL, 0, 0);
	n = strlen(s);
	if (rsi_utf8_valid_prefix(s, n) == n)
		return k->str(k->arg, s, n, 0);
	clean = malloc(rsi_utf8_sanitize(s, n, NULL) + 1);
	if (clean == NULL)
		return -1;
	n = rsi_utf8_sanitize(s, n, clean);
	rc = k->str(k->arg, clean, n, 1);
	free(clean);
	return rc;
}

/*
 * A free-text value (location, catalog role, secret ARN, CREATE MODEL's
 * names and settings, CREATE LIBRARY's region) that holds a
 * secret key name is shown as ***, as the redactor shows it.
 */
static int
guarded_value(const rsi_json_sink *k, const char *s)
{
	if (s && rsi_has_secret_key_name(s, strlen(s)))
		return k->str(k->arg, "***", 3, 0);
	return text_value(k, s);
}

static int
name_value(const rsi_json_sink *k, const char *s)
{
	return k->str(k->arg, s, s ? strlen(s) : 0, 0);
}

#define MEMBER(name, call) (k->key(k->arg, name) || (call))

/*
 * The fields only some kinds have, present (null when not written) for
 * those kinds alone, so the other kinds' results keep their shape: what an
 * IAM permission check of CREATE MODEL and CREATE LIBRARY needs besides
 * the role and the location.
 */
static int
kind_fields(const rsi_json_sink *k, const rsi_command *cmd)
{
	if (cmd->kind == RSI_CMD_CREATE_MODEL)
		return MEMBER("function_name", guarded_value(k, cmd->function_name)) ||
			MEMBER("s3_bucket", guarded_value(k, cmd->s3_bucket)) ||
			MEMBER("kms_key_id", guarded_value(k, cmd->kms_key_id)) ||
			MEMBER("sagemaker_endpoint", guarded_value(k, cmd->sagemaker_endpoint)) ||
			MEMBER("bedrock_model_id", guarded_value(k, cmd->bedrock_model_id));
	if (cmd->kind == RSI_CMD_CREATE_LIBRARY)
		return MEMBER("region", guarded_value(k, cmd->region));
	return 0;
}

int
rsi_command_emit_members(const rsi_command *cmd, const char *buf, size_t len,
						 const rsi_json_sink *k)
{
	size_t		i;
	int			line,
				col,
				cmd_line,
				cmd_col;
	rsi_line_cursor lc;

	/* one forward pass: the command, then its problems (in text order) */
	rsi_line_cursor_init(&lc);
	rsi_line_col_next(&lc, buf, len, cmd->off, &cmd_line, &cmd_col);
	if (MEMBER("kind", name_value(k, rsi_cmd_kind_name(cmd->kind))) ||
		MEMBER("auth_method", name_value(k, rsi_auth_method_name(cmd->auth))) ||
		MEMBER("roles", k->begin(k->arg, 1)))
		return -1;
	for (i = 0; i < cmd->nroles; i++)
		if (text_value(k, cmd->roles[i]))
			return -1;
	if (k->end(k->arg, 1) ||
		MEMBER("session_token", k->boolean(k->arg, cmd->session_token)) ||
		MEMBER("access_key_id", text_value(k, cmd->access_key_id)) ||
		MEMBER("location", guarded_value(k, cmd->location)) ||
		MEMBER("catalog_role", guarded_value(k, cmd->catalog_role)) ||
		MEMBER("secret_arn", guarded_value(k, cmd->secret_arn)) ||
		MEMBER("source", text_value(k, rsi_schema_source_name(cmd->source))) ||
		MEMBER("line", k->num(k->arg, cmd_line)) ||
		MEMBER("col", k->num(k->arg, cmd_col)) ||
		MEMBER("problems", k->begin(k->arg, 1)))
		return -1;
	for (i = 0; i < cmd->nproblems; i++)
	{
		const rsi_problem *pr = &cmd->problems[i];

		rsi_line_col_next(&lc, buf, len, pr->off, &line, &col);
		if (k->begin(k->arg, 0) ||
			MEMBER("code", name_value(k, pr->code)) ||
			MEMBER("message", text_value(k, pr->message ? pr->message : "")) ||
			MEMBER("line", k->num(k->arg, line)) ||
			MEMBER("col", k->num(k->arg, col)) ||
			k->end(k->arg, 0))
			return -1;
	}
	if (k->end(k->arg, 1))
		return -1;
	return kind_fields(k, cmd);
}

/* ---- the jansson sink: rsi_command_to_json ---- */

#define JSINK_DEPTH 4

typedef struct jsink
{
	json_t	   *stack[JSINK_DEPTH];
	int			depth;
	const char *key;			/* the pending member's name */
} jsink;

/* put v (a new reference) where the sink is: the open array, or the open object under key */
static int
jsink_put(jsink *j, json_t *v)
{
	json_t	   *top;

	if (v == NULL || j->depth == 0)
	{
		json_decref(v);
		return -1;
	}
	top = j->stack[j->depth - 1];
	if (json_is_array(top))
		return json_array_append_new(top, v);
	return json_object_set_new(top, j->key, v);
}

static int
jsink_begin(void *arg, int array)
{
	jsink	   *j = arg;
	json_t	   *v = array ? json_array() : rsi_json_object();

	if (v == NULL || j->depth == JSINK_DEPTH)
	{
		json_decref(v);
		return -1;
	}
	if (j->depth > 0 && jsink_put(j, json_incref(v)))
	{
		json_decref(v);
		return -1;
	}
	j->stack[j->depth++] = v;
	return 0;
}

static int
jsink_end(void *arg, int array)
{
	jsink	   *j = arg;

	(void) array;
	/* the outermost object stays on the stack: it is the result */
	if (j->depth > 1)
		json_decref(j->stack[--j->depth]);
	return 0;
}

static int
jsink_key(void *arg, const char *key)
{
	((jsink *) arg)->key = key;
	return 0;
}

static int
jsink_str(void *arg, const char *s, size_t n, int transient)
{
	(void) transient;			/* jansson copies every string */
	return jsink_put(arg, s ? json_stringn_nocheck(s, n) : json_null());
}

static int
jsink_num(void *arg, long long v)
{
	return jsink_put(arg, json_integer(v));
}

static int
jsink_bool(void *arg, int v)
{
	return jsink_put(arg, json_boolean(v));
}

json_t *
rsi_command_to_json(const rsi_command *cmd, const char *buf, size_t len)
{
	jsink		j;
	rsi_json_sink k = {&j, jsink_begin, jsink_end, jsink_key, jsink_str, jsink_num, jsink_bool};
	int			rc;

	j.depth = 0;
	j.key = NULL;
	rc = jsink_begin(&j, 0) || rsi_command_emit_members(cmd, buf, len, &k);
	if (rc == 0 && j.depth == 1)
		return j.stack[0];
	/* out of memory: drop the stack's references (the root's frees the rest) */
	while (j.depth > 0)
		json_decref(j.stack[--j.depth]);
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
