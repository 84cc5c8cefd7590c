/*
 * output.c — dispatch to the chosen format (see output.h).
 */
#define _POSIX_C_SOURCE 200809L

#include "output_int.h"

#include <stdlib.h>
#include <unistd.h>

/* the writer's buffer over the output, and over each scratch file */
#define OUT_BUFSIZE		(64 * 1024)
#define SCRATCH_BUFSIZE (16 * 1024)

/* the writer in front of stdout, flushed before anything goes to stderr */
static cli_w *stdout_w;

cli_output *
cli_output_new(cli_format fmt, FILE *out, int caret)
{
	/* the struct, then the buffers of w, tw and sw */
	cli_output *o = calloc(1, sizeof(cli_output) + OUT_BUFSIZE + 2 * SCRATCH_BUFSIZE);
	char	   *bufs;

	if (o == NULL)
		return NULL;
	bufs = (char *) (o + 1);
	o->fmt = fmt;
	o->out = out;
	o->caret = caret;
	if (fmt == CLI_FMT_JUNIT &&
		((o->tmp = tmpfile()) == NULL || (o->suites = tmpfile()) == NULL))
	{
		if (o->tmp)
			fclose(o->tmp);
		free(o);
		return NULL;
	}
	if (fmt == CLI_FMT_SARIF && (o->tmp = tmpfile()) == NULL)
	{
		free(o);
		return NULL;
	}
	cli_w_init(&o->w, out, bufs, OUT_BUFSIZE);
	cli_w_init(&o->tw, o->tmp, bufs + OUT_BUFSIZE, SCRATCH_BUFSIZE);
	cli_w_init(&o->sw, o->suites, bufs + OUT_BUFSIZE + SCRATCH_BUFSIZE, SCRATCH_BUFSIZE);
	if (out == stdout)
		stdout_w = &o->w;
	/* a terminal sees each finding as it comes, as with stdio's line buffering */
	o->flush_each = isatty(fileno(out));
	return o;
}

void
cli_output_begin_file(cli_output *o, const char *path)
{
	if (o->fmt == CLI_FMT_JUNIT)
		cli_junit_begin_file(o, path);
}

void
cli_output_event(cli_output *o, const cli_event *ev)
{
	switch (o->fmt)
	{
		case CLI_FMT_TEXT:
			if (ev->finding)
				cli_text_event(o, ev);
			break;
		case CLI_FMT_JSON:
			if (ev->finding)
				cli_json_event(o, ev);
			break;
		case CLI_FMT_GITHUB:
			if (ev->finding)
				cli_github_event(o, ev);
			break;
		case CLI_FMT_JUNIT:
			cli_junit_event(o, ev);
			break;
		case CLI_FMT_SARIF:
			if (ev->finding)
				cli_sarif_event(o, ev);
			break;
		case CLI_FMT_GITLAB:
			if (ev->finding)
				cli_gitlab_event(o, ev);
			break;
	}
	if (o->flush_each)
		cli_w_flush(&o->w);
}

void
cli_output_file_error(cli_output *o, const char *path, const char *message)
{
	if (o->fmt == CLI_FMT_JUNIT)
		cli_junit_file_error(o, path, message);
	else if (o->fmt == CLI_FMT_SARIF)
		cli_sarif_file_error(o, path, message);
}

void
cli_output_end_file(cli_output *o)
{
	if (o->fmt == CLI_FMT_JUNIT)
		cli_junit_end_file(o);
}

int
cli_output_finish(cli_output *o)
{
	int			rc = 0;

	if (o->fmt == CLI_FMT_JUNIT)
		rc = cli_junit_finish(o);
	else if (o->fmt == CLI_FMT_SARIF)
		rc = cli_sarif_finish(o);
	else if (o->fmt == CLI_FMT_GITLAB)
		rc = cli_gitlab_finish(o);
	if (cli_w_flush(&o->w) != 0 || fflush(o->out) != 0 || ferror(o->out))
		rc = -1;
	if (stdout_w == &o->w)
		stdout_w = NULL;
	free(o);
	return rc;
}

void
cli_flush_stdout(void)
{
	if (stdout_w)
		cli_w_flush(stdout_w);
	fflush(stdout);
}

int
cli_copy_head(cli_w *from, cli_w *to)
{
	char		buf[65536];
	long		n;

	if (cli_w_flush(from) != 0)
		return -1;
	n = ftell(from->f);
	if (n < 0)
		return -1;
	rewind(from->f);
	while (n > 0)
	{
		size_t		k = fread(buf, 1, (size_t) n < sizeof(buf) ? (size_t) n : sizeof(buf), from->f);

		if (k == 0)
			return -1;
		cli_w_write(to, buf, k);
		n -= (long) k;
	}
	return 0;
}
