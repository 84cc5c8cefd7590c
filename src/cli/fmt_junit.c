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
	fputs("    <testcase classname=\"", o->tmp);
	cli_put_xml(o->tmp, o->path);
	fputs("\" name=\"", o->tmp);
	cli_put_xml(o->tmp, name);
	if (ev->cluster)
	{
		fprintf(o->tmp, " [%s ", ev->cluster_noun);
		cli_put_xml(o->tmp, ev->cluster);
		fputs("]", o->tmp);
	}
	fputs("\"", o->tmp);
	o->tests++;
}

/* "path:line:col: message", then detail, hint and SQLSTATE on their own lines */
static void
finding_text(cli_output *o, const cli_finding *f)
{
	cli_put_xml(o->tmp, o->path);
	fprintf(o->tmp, ":%d:%d: ", f->line, f->col);
	cli_put_xml(o->tmp, f->message);
	if (f->detail[0])
	{
		fputs("&#10;DETAIL: ", o->tmp);
		cli_put_xml(o->tmp, f->detail);
	}
	if (f->hint[0])
	{
		fputs("&#10;HINT: ", o->tmp);
		cli_put_xml(o->tmp, f->hint);
	}
	fprintf(o->tmp, "&#10;SQLSTATE: %s", f->sqlstate);
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
		fputs("/>\n", o->tmp);
		return;
	}
	fputs(">\n", o->tmp);
	if (f->severity == CLI_SEV_ERROR)
	{
		o->failures++;
		fputs("      <failure type=\"", o->tmp);
		cli_put_xml(o->tmp, f->rule);
		fputs("\" message=\"", o->tmp);
		cli_put_xml(o->tmp, f->message);
		fputs("\">", o->tmp);
		finding_text(o, f);
		fputs("</failure>\n", o->tmp);
	}
	else
	{
		fputs("      <system-out>warning [", o->tmp);
		cli_put_xml(o->tmp, f->rule);
		fputs("] ", o->tmp);
		finding_text(o, f);
		fputs("</system-out>\n", o->tmp);
	}
	fputs("    </testcase>\n", o->tmp);
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
	fputs("    <testcase classname=\"", o->tmp);
	cli_put_xml(o->tmp, o->path);
	fputs("\" name=\"read\">\n      <error type=\"input-error\" message=\"", o->tmp);
	cli_put_xml(o->tmp, message);
	fputs("\"/>\n    </testcase>\n", o->tmp);
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
	fputs("  <testsuite name=\"", o->suites);
	cli_put_xml(o->suites, o->path);
	fprintf(o->suites, "\" tests=\"%ld\" failures=\"%ld\" errors=\"%ld\" skipped=\"0\">\n",
			o->tests, o->failures, o->errors);
	if (cli_copy_head(o->tmp, ftell(o->tmp), o->suites) != 0)
		o->io_error = 1;
	fputs("  </testsuite>\n", o->suites);
	o->path = NULL;
}

int
cli_junit_finish(cli_output *o)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", o->out);
	fprintf(o->out, "<testsuites name=\"" CLI_PROGNAME "\" tests=\"%ld\" failures=\"%ld\" errors=\"%ld\">\n",
			o->all_tests, o->all_failures, o->all_errors);
	if (cli_copy_head(o->suites, ftell(o->suites), o->out) != 0)
		o->io_error = 1;
	fputs("</testsuites>\n", o->out);
	fclose(o->tmp);
	fclose(o->suites);
	return o->io_error ? -1 : 0;
}
