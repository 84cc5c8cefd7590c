/*
 * fmt_text.c — findings as a compiler prints them:
 *   path:line:col: error: message [rule]
 *   path:line:col: error: [cluster ID] message [rule]   (two or more clusters)
 *   path:line:col: error (suppressed): message [rule]   (--show-suppressed)
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
put_line(cli_w *out, const char *s)
{
	cli_put_plain(out, s, strlen(s));
}

void
cli_text_event(cli_output *o, const cli_event *ev)
{
	const cli_finding *f = ev->finding;

	cli_w_printf(&o->w, "%s:%d:%d: %s%s: ", ev->path, f->line, f->col,
				 f->severity == CLI_SEV_ERROR ? "error" : "warning",
				 f->suppressed ? " (suppressed)" : "");
	if (ev->cluster)
	{
		cli_w_printf(&o->w, "[%s ", ev->cluster_noun);
		put_line(&o->w, ev->cluster);
		cli_w_puts(&o->w, "] ");
	}
	put_line(&o->w, f->message);
	cli_w_printf(&o->w, " [%s]\n", f->rule);
	if (o->caret && cli_event_echoes_text(ev))
		cli_print_excerpt(&o->w, f);
	if (f->detail[0])
	{
		cli_w_puts(&o->w, "  detail: ");
		put_line(&o->w, f->detail);
		cli_w_putc(&o->w, '\n');
	}
	if (f->hint[0])
	{
		cli_w_puts(&o->w, "  hint: ");
		put_line(&o->w, f->hint);
		cli_w_putc(&o->w, '\n');
	}
}
