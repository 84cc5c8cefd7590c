/*
 * output.c — dispatch to the chosen format (see output.h).
 */
#include "output_int.h"

#include <stdlib.h>

cli_output *
cli_output_new(cli_format fmt, FILE *out, int caret)
{
	cli_output *o = calloc(1, sizeof(cli_output));

	if (o == NULL)
		return NULL;
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
	if (fflush(o->out) != 0 || ferror(o->out))
		rc = -1;
	free(o);
	return rc;
}

int
cli_copy_head(FILE *from, long n, FILE *to)
{
	char		buf[65536];

	rewind(from);
	while (n > 0)
	{
		size_t		k = fread(buf, 1, (size_t) n < sizeof(buf) ? (size_t) n : sizeof(buf), from);

		if (k == 0)
			return -1;
		fwrite(buf, 1, k, to);
		n -= (long) k;
	}
	return 0;
}
