/*
 * source.h — script text in output, always redacted (secrets become ***).
 */
#ifndef RSI_CLI_SOURCE_H
#define RSI_CLI_SOURCE_H

#include <stdio.h>

#include "cli.h"
#include "writer.h"

/*
 * The statement of a finding, redacted, at most max bytes (cut with "...")
 * and NUL-terminated, but otherwise the raw bytes; malloc'd; NULL when the
 * finding has no statement.
 */
extern char *cli_redacted_statement(const cli_finding *f, size_t max);

/*
 * Does the output echo the event's text?  Only for the six checked commands: a
 * statement of another kind (and text outside statements), which has a
 * finding only for a bad byte, is never shown — the redactor knows where
 * the six checked commands' grammar puts secrets, not every statement's.
 */
extern int	cli_event_echoes_text(const cli_event *ev);

/*
 * The statement as the json "command" member shows it: redacted (at most
 * max bytes) for the six checked commands; for a statement of another kind only
 * its leading keyword and "..." ("CREATE ..."); malloc'd; NULL when there
 * is no statement.
 */
extern char *cli_event_command(const cli_event *ev, size_t max);

/*
 * cli_event_command as a pointer and a length: into the script's own text
 * when redaction would copy it unchanged and it is not cut (*owned NULL),
 * else cli_event_command's string (*owned, to free).  NULL when there is
 * no statement.
 */
extern const char *cli_event_command_text(const cli_event *ev, size_t max, size_t *len,
										  char **owned);

/*
 * The offending line, redacted, and a caret under the problem, in the
 * style of compilers:
 *       3 | copy t from 'x' iam_role 'arn:...'
 *         |                 ^
 * Text of the line that precedes the statement is shown as blanks.
 */
extern void cli_print_excerpt(cli_w *w, const cli_finding *f);

#endif							/* RSI_CLI_SOURCE_H */
