/*
 * fmt_text.c — findings as a compiler prints them:
 *   path:line:col: error: message [rule]
 *   path:line:col: error: [cluster ID] message [rule]   (two or more clusters)
 *       3 | copy ...            (with --caret, or when stdout is a terminal;
 *         |      ^               never for a statement of another kind)
 *     detail: ...
 *     hint: ...
 */
#include "output_int.h"

#include <string.h>

#include "source.h"
#include "textutil.h"

static void
put_line(FILE *out, const char *s)
{
	cli_put_plain(out, s, strlen(s));
}

void
cli_text_event(cli_output *o, const cli_event *ev)
{
	const cli_finding *f = ev->finding;

	fprintf(o->out, "%s:%d:%d: %s: ", ev->path, f->line, f->col,
			f->severity == CLI_SEV_ERROR ? "error" : "warning");
	if (ev->cluster)
	{
		fprintf(o->out, "[%s ", ev->cluster_noun);
		put_line(o->out, ev->cluster);
		fputs("] ", o->out);
	}
	put_line(o->out, f->message);
	fprintf(o->out, " [%s]\n", f->rule);
	if (o->caret && cli_event_echoes_text(ev))
		cli_print_excerpt(o->out, f);
	if (f->detail[0])
	{
		fputs("  detail: ", o->out);
		put_line(o->out, f->detail);
		putc('\n', o->out);
	}
	if (f->hint[0])
	{
		fputs("  hint: ", o->out);
		put_line(o->out, f->hint);
		putc('\n', o->out);
	}
}
