/*
 * checker.h — from pieces of a script to events: encoding checks, then the
 * core's parser (command.h) and check rules (check.h), which are the only
 * implementation of the grammar and of the rules.
 */
#ifndef RSI_CLI_CHECKER_H
#define RSI_CLI_CHECKER_H

#include "arena.h"
#include "cli.h"
#include "output.h"
#include "check/check.h"
#include "iam/iam_check.h"
#include "parse/command.h"
#include "lex/stream.h"
#include "suppress.h"

typedef struct cli_verdict_memo cli_verdict_memo;	/* checker.c */

typedef struct cli_checker
{
	rsi_parse_options popt;
	rsi_check_options copt;
	const rsi_cluster_view *views;	/* every cluster each statement is checked against */
	size_t		nviews;
	cli_output *out;
	size_t		max_stmt;		/* for the too-long message */
	cli_arena	arena;
	const rsi_iam_snapshot *iam;	/* --iam, or NULL */
	rsi_iam_options iopt;

	/* per file */
	const char *path;			/* as shown */
	long		statement;		/* statements seen in this file */
	int			filler_reported;	/* an encoding finding in the text since the last statement */
	cli_supp	supp;			/* its suppressions (suppress.h) */
	int			first_line,		/* lines of the statement being checked */
				last_line;
	int			show_suppressed;	/* --show-suppressed */

	/* set by the caller after cli_checker_init; NULL / 0 when none */
	const char *const *var_names;	/* --var and [vars]: the last of a name wins */
	const char *const *var_values;
	size_t		nvars;
	const signed char *rule_levels; /* per cli_rules index (args.h) */

	/* totals */
	unsigned long long statements;
	unsigned long long refused;
	unsigned long long warnings;
	unsigned long long suppressed;
	int			out_of_memory;

	/* verdicts by cluster and role ARN (checker.c), or NULL */
	cli_verdict_memo **memo;
	int			no_memo;		/* RSI_CHECK_NO_MEMO is set: none (tests) */
} cli_checker;

/*
 * views[0..nviews): each statement is checked against each cluster, and
 * each of its events is emitted once per cluster; the events name the
 * cluster when there are two or more.
 */
extern void cli_checker_init(cli_checker *c, const rsi_cluster_view *views, size_t nviews,
							 const rsi_check_options *copt, int max_role_chain,
							 size_t max_stmt, cli_output *out);
extern void cli_checker_begin_file(cli_checker *c, const char *path);
extern void cli_checker_item(cli_checker *c, const rsi_stream_item *it);
extern void cli_checker_free(cli_checker *c);

#endif							/* RSI_CLI_CHECKER_H */
