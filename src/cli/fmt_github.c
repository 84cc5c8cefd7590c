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

	fprintf(o->out, "::%s file=", f->severity == CLI_SEV_ERROR ? "error" : "warning");
	cli_put_github(o->out, ev->path, 1);
	fprintf(o->out, ",line=%d,col=%d,title=", f->line, f->col);
	cli_put_github(o->out, f->rule, 1);
	fputs("::", o->out);
	if (ev->cluster)
	{
		fprintf(o->out, "[%s ", ev->cluster_noun);
		cli_put_github(o->out, ev->cluster, 0);
		fputs("] ", o->out);
	}
	cli_put_github(o->out, f->message, 0);
	if (f->detail[0])
	{
		fputs("%0A", o->out);
		cli_put_github(o->out, f->detail, 0);
	}
	if (f->hint[0])
	{
		fputs("%0AHINT: ", o->out);
		cli_put_github(o->out, f->hint, 0);
	}
	putc('\n', o->out);
}
