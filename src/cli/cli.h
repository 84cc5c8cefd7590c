/*
 * cli.h — types shared by the parts of redshift-iam-check.
 *
 * The checker turns each piece of a script into an event (a statement and
 * its finding, if any); the output formats print events.  Everything an
 * event points to lives only for the duration of the call that passes it.
 */
#ifndef RSI_CLI_H
#define RSI_CLI_H

#include <stddef.h>

#define CLI_PROGNAME "redshift-iam-check"

/* the account and region when neither the input nor the options name one */
#define CLI_DEFAULT_ACCOUNT "123456789012"
#define CLI_DEFAULT_REGION "us-east-1"

/* exit statuses */
#define CLI_EXIT_OK			0	/* every command may run */
#define CLI_EXIT_REFUSED	1	/* a command is refused */
#define CLI_EXIT_USAGE		2	/* bad usage or unreadable / malformed input */

typedef enum cli_format
{
	CLI_FMT_TEXT = 0,
	CLI_FMT_JSON,
	CLI_FMT_GITHUB,
	CLI_FMT_JUNIT,
	CLI_FMT_SARIF,
	CLI_FMT_GITLAB
} cli_format;

typedef enum cli_severity
{
	CLI_SEV_ERROR = 0,			/* the command is refused */
	CLI_SEV_WARNING				/* the command may run; exit status unchanged */
} cli_severity;

/*
 * The JSON members of a finding's message, detail and hint
 * (,"message":...,"detail":...,"hint":...), kept with a remembered verdict
 * (checker.c) and written once by fmt_json.c for every later finding that
 * has the same words.
 */
typedef struct cli_json_cache
{
	char	   *json;			/* NULL until written */
	size_t		len;
} cli_json_cache;

typedef struct cli_finding
{
	cli_severity severity;
	int			suppressed;		/* shown by --show-suppressed only */
	int			line;			/* where the problem is, in the file */
	int			col;
	const char *sqlstate;
	const char *rule;			/* short id: "role-not-associated", "syntax-error", ... */
	const char *message;
	const char *detail;			/* "" when none */
	const char *hint;			/* "" when none */
	const char *resolved_role;	/* NULL when none */
	const char *iam;			/* the IAM steps as JSON text (--iam), or NULL */
	const char *const *roles;	/* the chain as written */
	size_t		nroles;
	cli_json_cache *json_cache; /* for message, detail and hint, or NULL */

	/*
	 * The raw text around the problem, for excerpts: seg[0..seg_len) starts
	 * at seg_line:seg_col; the problem is at seg[pos]; the statement is
	 * seg[stmt_off..stmt_end) (empty when there is none).  Raw text may hold
	 * secrets: it is printed only through rsi_redact (source.c).
	 */
	const char *seg;
	size_t		seg_len;
	int			seg_line;
	int			seg_col;
	size_t		pos;
	size_t		stmt_off;
	size_t		stmt_end;
} cli_finding;

typedef struct cli_event
{
	const char *path;			/* as shown: "<stdin>" for - */
	const char *cluster;		/* the cluster checked against; NULL when only one is */
	const char *cluster_noun;	/* what it is: "cluster" or "namespace" */
	long		statement;		/* 1-based; 0 for text outside any statement */
	const char *kind;			/* "copy", "unload", ..., "other" */
	int			line;			/* of the statement (or of the text) */
	int			col;
	const cli_finding *finding; /* NULL when the statement passes silently */
} cli_event;

#endif							/* RSI_CLI_H */
