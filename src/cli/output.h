/*
 * output.h — printing events in the format the user chose.
 *
 *   text    path:line:col: error: message [rule], detail and hint lines, and
 *           the line with a caret when asked (or when stdout is a terminal)
 *   json    one object per finding, one per line
 *   github  ::error / ::warning workflow commands
 *   junit   JUnit XML: a testsuite per file, a testcase per statement
 *   sarif   SARIF 2.1.0 log, one run (GitHub code scanning)
 *   gitlab  GitLab Code Quality report, a JSON array
 */
#ifndef RSI_CLI_OUTPUT_H
#define RSI_CLI_OUTPUT_H

#include <stdio.h>

#include "cli.h"

typedef struct cli_output cli_output;

/* NULL when out of memory (junit needs a temporary file for its counts). */
extern cli_output *cli_output_new(cli_format fmt, FILE *out, int caret);
extern void cli_output_begin_file(cli_output *o, const char *path);
extern void cli_output_event(cli_output *o, const cli_event *ev);
/*
 * The file could not be read (also reported on stderr by the caller):
 * called between begin_file and end_file when reading failed part way,
 * or on its own when the file could not be opened.
 */
extern void cli_output_file_error(cli_output *o, const char *path, const char *message);
extern void cli_output_end_file(cli_output *o);
/* Write what is pending and free *o; -1 when writing failed. */
extern int	cli_output_finish(cli_output *o);

/*
 * Hand what the output has buffered to stdout and flush it: called before
 * a message goes to stderr, so the two keep their order.
 */
extern void cli_flush_stdout(void);

#endif							/* RSI_CLI_OUTPUT_H */
