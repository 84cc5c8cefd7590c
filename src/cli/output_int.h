/*
 * output_int.h — the formats behind output.h.
 */
#ifndef RSI_CLI_OUTPUT_INT_H
#define RSI_CLI_OUTPUT_INT_H

#include "output.h"
#include "writer.h"

struct cli_output
{
	cli_format	fmt;
	FILE	   *out;
	cli_w		w;				/* every format writes out through w */
	int			flush_each;		/* out is a terminal: flush w after each event */
	int			caret;			/* text: show the line and a caret */
	/* junit: testcases go to tmp, finished suites to suites (fmt_junit.c) */
	FILE	   *tmp;
	FILE	   *suites;
	cli_w		tw;				/* writers of tmp and suites */
	cli_w		sw;
	int			io_error;
	const char *path;
	long		tests,
				failures,
				errors;
	long		all_tests,
				all_failures,
				all_errors;
	/* sarif and gitlab (fmt_sarif.c): notifications go to tmp */
	int			started;
	long		nresults;
	unsigned long long *fp_keys;	/* fingerprint occurrences, open addressing */
	long	   *fp_counts;
	size_t		fp_cap,
				fp_n;
	/* junit: testcases of the current file so far, by name stem (kind) */
	struct
	{
		const char *stem;
		long		count;
	}			names[8];
	int			nnames;
};

/*
 * Copy what was written through the scratch file's writer (flushed first)
 * to the writer to; -1 when reading fails.
 */
extern int	cli_copy_head(cli_w *from, cli_w *to);

extern void cli_text_event(cli_output *o, const cli_event *ev);
extern void cli_json_event(cli_output *o, const cli_event *ev);
extern void cli_github_event(cli_output *o, const cli_event *ev);
extern void cli_junit_begin_file(cli_output *o, const char *path);
extern void cli_junit_event(cli_output *o, const cli_event *ev);
extern void cli_junit_file_error(cli_output *o, const char *path, const char *message);
extern void cli_junit_end_file(cli_output *o);
extern int	cli_junit_finish(cli_output *o);
extern void cli_sarif_event(cli_output *o, const cli_event *ev);
extern void cli_sarif_file_error(cli_output *o, const char *path, const char *message);
extern int	cli_sarif_finish(cli_output *o);
extern void cli_gitlab_event(cli_output *o, const cli_event *ev);
extern int	cli_gitlab_finish(cli_output *o);

#endif							/* RSI_CLI_OUTPUT_INT_H */
