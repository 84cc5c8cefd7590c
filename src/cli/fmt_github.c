/*
 * fmt_github.c — GitHub Actions workflow commands, which the runner turns
 * into annotations on the file and line:
 *   ::error file=F,line=L,col=C,title=rule::message%0Adetail%0Ahint
 * With two or more clusters the message starts with "[cluster ID] ".
 */
#include "output_int.h"

#include "textutil.h"

void
cli_github_event(cli_output *o, const cli_event *ev)
{
	const cli_finding *f = ev->finding;

	/* a suppressed finding shown is a notice: no failed check, no red mark */
	cli_w_printf(&o->w, "::%s file=", f->suppressed ? "notice" :
			f->severity == CLI_SEV_ERROR ? "error" : "warning");
	cli_put_github(&o->w, ev->path, 1);
	cli_w_printf(&o->w, ",line=%d,col=%d,title=", f->line, f->col);
	cli_put_github(&o->w, f->rule, 1);
	cli_w_puts(&o->w, "::");
	if (ev->cluster)
	{
		cli_w_printf(&o->w, "[%s ", ev->cluster_noun);
		cli_put_github(&o->w, ev->cluster, 0);
		cli_w_puts(&o->w, "] ");
	}
	cli_put_github(&o->w, f->message, 0);
	if (f->detail[0])
	{
		cli_w_puts(&o->w, "%0A");
		cli_put_github(&o->w, f->detail, 0);
	}
	if (f->hint[0])
	{
		cli_w_puts(&o->w, "%0AHINT: ");
		cli_put_github(&o->w, f->hint, 0);
	}
	cli_w_putc(&o->w, '\n');
}
