/*
 * fmt_junit.c — JUnit XML, the report CI servers read:
 *   <testsuites name="redshift-iam-check" tests="N" failures="F" errors="E">
 *     <testsuite name="path" tests="n" failures="f" errors="e">
 *       <testcase classname="path" name="copy 2">
 *         <failure type="role-not-associated" message="...">path:7:1: ...</failure>
 *       </testcase>
 * With two or more clusters each statement has a testcase per cluster,
 * named "statement 3 (line 7) [cluster ID]".
 * Counts are known only at the end, so a testsuite's testcases are written
 * to one temporary file and copied after its header into a second one,
 * which is copied after the <testsuites> header at the end: memory stays
 * flat however many statements there are.  Warnings go
 * to <system-out> of a passing testcase; text outside any statement gets
 * a testcase only when it has a finding; a file that cannot be read (or
 * not to its end) gets an <error> testcase in its own, single testsuite.
 */
#include "output_int.h"

#include <string.h>

#include "textutil.h"

void
cli_junit_begin_file(cli_output *o, const char *path)
{
	o->path = path;
	o->tests = o->failures = o->errors = 0;
	o->nnames = 0;
	rewind(o->tmp);
}

/*
 * The n-th testcase of this file with this stem: 1, 2, ...  Stems are the
 * statement kinds and "text outside statements", a handful per file.
 */
static long
name_index(cli_output *o, const char *stem)
{
	int			i;

	for (i = 0; i < o->nnames; i++)
		if (strcmp(o->names[i].stem, stem) == 0)
			return ++o->names[i].count;
	if (o->nnames == (int) (sizeof(o->names) / sizeof(o->names[0])))
		return 0;				/* not reached: fewer stems than slots */
	o->names[o->nnames].stem = stem;
	o->names[o->nnames].count = 1;
	o->nnames++;
	return 1;
}

/*
 * A testcase's name must not change when lines are inserted above it, or
 * CI servers see every test of the file renamed: it is the statement's kind
 * and its number among the statements of that kind in the file ("copy 2",
 * "unload 1", "other 7"; "text outside statements 1").  It does not hold
 * the rule either, so a statement that starts failing is the same test that
 * passed before.  The line is in the failure's text and in <system-out>.
 */
static void
testcase_open(cli_output *o, const cli_event *ev)
{
	char		name[96];
	const char *stem = ev->statement == 0 ? "text outside statements" :
		ev->kind ? ev->kind : "other";

	snprintf(name, sizeof(name), "%s %ld", stem, name_index(o, stem));
	cli_w_puts(&o->tw, "    <testcase classname=\"");
	cli_put_xml(&o->tw, o->path);
	cli_w_puts(&o->tw, "\" name=\"");
	cli_put_xml(&o->tw, name);
	if (ev->cluster)
	{
		cli_w_printf(&o->tw, " [%s ", ev->cluster_noun);
		cli_put_xml(&o->tw, ev->cluster);
		cli_w_puts(&o->tw, "]");
	}
	cli_w_puts(&o->tw, "\"");
	o->tests++;
}

/* "path:line:col: message", then detail, hint and SQLSTATE on their own lines */
static void
finding_text(cli_output *o, const cli_finding *f)
{
	cli_put_xml(&o->tw, o->path);
	cli_w_printf(&o->tw, ":%d:%d: ", f->line, f->col);
	cli_put_xml(&o->tw, f->message);
	if (f->detail[0])
	{
		cli_w_puts(&o->tw, "&#10;DETAIL: ");
		cli_put_xml(&o->tw, f->detail);
	}
	if (f->hint[0])
	{
		cli_w_puts(&o->tw, "&#10;HINT: ");
		cli_put_xml(&o->tw, f->hint);
	}
	cli_w_printf(&o->tw, "&#10;SQLSTATE: %s", f->sqlstate);
}

void
cli_junit_event(cli_output *o, const cli_event *ev)
{
	const cli_finding *f = ev->finding;

	if (ev->statement == 0 && f == NULL)
		return;
	testcase_open(o, ev);
	if (f == NULL)
	{
		cli_w_puts(&o->tw, "/>\n");
		return;
	}
	cli_w_puts(&o->tw, ">\n");
	if (f->severity == CLI_SEV_ERROR && !f->suppressed)
	{
		o->failures++;
		cli_w_puts(&o->tw, "      <failure type=\"");
		cli_put_xml(&o->tw, f->rule);
		cli_w_puts(&o->tw, "\" message=\"");
		cli_put_xml(&o->tw, f->message);
		cli_w_puts(&o->tw, "\">");
		finding_text(o, f);
		cli_w_puts(&o->tw, "</failure>\n");
	}
	else
	{
		/* a warning, or a suppressed finding --show-suppressed shows: no failure */
		cli_w_puts(&o->tw, f->suppressed ? "      <system-out>suppressed [" : "      <system-out>warning [");
		cli_put_xml(&o->tw, f->rule);
		cli_w_puts(&o->tw, "] ");
		finding_text(o, f);
		cli_w_puts(&o->tw, "</system-out>\n");
	}
	cli_w_puts(&o->tw, "    </testcase>\n");
}

/*
 * A file that could not be read, or not to its end: an <error> testcase in
 * that file's one testsuite, after the testcases of what was read.
 */
void
cli_junit_file_error(cli_output *o, const char *path, const char *message)
{
	int			own_suite = o->path == NULL;

	if (own_suite)
		cli_junit_begin_file(o, path);
	cli_w_puts(&o->tw, "    <testcase classname=\"");
	cli_put_xml(&o->tw, o->path);
	cli_w_puts(&o->tw, "\" name=\"read\">\n      <error type=\"input-error\" message=\"");
	cli_put_xml(&o->tw, message);
	cli_w_puts(&o->tw, "\"/>\n    </testcase>\n");
	o->tests++;
	o->errors++;
	if (own_suite)
		cli_junit_end_file(o);
}

/* The testsuite: its header with the counts, then its testcases. */
void
cli_junit_end_file(cli_output *o)
{
	if (o->path == NULL)
		return;
	o->all_tests += o->tests;
	o->all_failures += o->failures;
	o->all_errors += o->errors;
	cli_w_puts(&o->sw, "  <testsuite name=\"");
	cli_put_xml(&o->sw, o->path);
	cli_w_printf(&o->sw, "\" tests=\"%ld\" failures=\"%ld\" errors=\"%ld\" skipped=\"0\">\n",
				 o->tests, o->failures, o->errors);
	if (cli_copy_head(&o->tw, &o->sw) != 0)
		o->io_error = 1;
	cli_w_puts(&o->sw, "  </testsuite>\n");
	o->path = NULL;
}

int
cli_junit_finish(cli_output *o)
{
	cli_w_puts(&o->w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	cli_w_printf(&o->w, "<testsuites name=\"" CLI_PROGNAME "\" tests=\"%ld\" failures=\"%ld\" errors=\"%ld\">\n",
				 o->all_tests, o->all_failures, o->all_errors);
	if (cli_copy_head(&o->sw, &o->w) != 0)
		o->io_error = 1;
	cli_w_puts(&o->w, "</testsuites>\n");
	fclose(o->tmp);
	fclose(o->suites);
	return o->io_error ? -1 : 0;
}
