/*
 * fmt_json.c — one JSON object per finding, one per line (JSON Lines):
 *   {"file", "statement", "line", "col", "severity", "sqlstate", "rule",
 *    "kind", "message", "detail", "hint", "roles", "resolved_role", "command",
 *    "help_uri"}, and "suppressed": true for a finding --show-suppressed shows
 * With two or more clusters a "cluster" member follows "file".
 * statement is null for text outside statements; detail, hint,
 * resolved_role and command are null when absent; with --iam, an "iam"
 * member holds the evaluated steps (rsi_iam_result_json); command is the
 * statement, redacted (of a statement of another kind only its leading
 * keyword: cli_event_command); help_uri is the rule's section of
 * docs/rules.md.  Written directly (cli_put_json_string escapes):
 * building a jansson tree per finding tripled the cost of a refused
 * statement.
 */
#include "output_int.h"

#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "rules.h"
#include "textutil.h"

/* the longest command text put into an object */
#define MAX_COMMAND_BYTES 8192

static void
member(cli_w *f, const char *key, const char *value, int null_if_empty)
{
	cli_w_puts(f, ",\"");
	cli_w_puts(f, key);
	cli_w_puts(f, "\":");
	if (value == NULL || (null_if_empty && *value == '\0'))
		cli_w_puts(f, "null");
	else
		cli_put_json_string(f, value, strlen(value));
}

void
cli_json_event(cli_output *o, const cli_event *ev)
{
	const cli_finding *f = ev->finding;
	cli_w	   *out = &o->w;
	char	   *command = cli_event_command(ev, MAX_COMMAND_BYTES);
	char		uri[512];
	size_t		i;

	cli_w_puts(out, "{\"file\":");
	cli_put_json_string(out, ev->path, strlen(ev->path));
	if (ev->cluster)
		member(out, ev->cluster_noun, ev->cluster, 0);
	if (ev->statement > 0)
		cli_w_printf(out, ",\"statement\":%ld", ev->statement);
	else
		cli_w_puts(out, ",\"statement\":null");
	cli_w_printf(out, ",\"line\":%d,\"col\":%d", f->line, f->col);
	member(out, "severity", f->severity == CLI_SEV_ERROR ? "error" : "warning", 0);
	member(out, "sqlstate", f->sqlstate, 0);
	member(out, "rule", f->rule, 0);
	member(out, "kind", ev->kind, 0);
	member(out, "message", f->message, 0);
	member(out, "detail", f->detail, 1);
	member(out, "hint", f->hint, 1);
	cli_w_puts(out, ",\"roles\":[");
	for (i = 0; i < f->nroles; i++)
	{
		if (i > 0)
			cli_w_putc(out, ',');
		cli_put_json_string(out, f->roles[i], strlen(f->roles[i]));
	}
	cli_w_putc(out, ']');
	member(out, "resolved_role", f->resolved_role, 1);
	if (f->iam != NULL)
	{
		cli_w_puts(out, ",\"iam\":");
		cli_w_puts(out, f->iam);		/* JSON made by the core */
	}
	member(out, "command", command, 0);
	snprintf(uri, sizeof(uri), "%s%s", CLI_RULE_URI_PREFIX, f->rule);
	member(out, "help_uri", uri, 0);
	if (f->suppressed)
		cli_w_puts(out, ",\"suppressed\":true");
	cli_w_puts(out, "}\n");
	free(command);
}
