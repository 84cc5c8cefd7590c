/*
 * args.h — the command line of redshift-iam-check.
 */
#ifndef RSI_CLI_ARGS_H
#define RSI_CLI_ARGS_H

#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "check/check.h"

/* rule levels of the configuration file beside cli_severity */
#define CLI_LEVEL_DEFAULT	(-1)
#define CLI_LEVEL_OFF		2

struct cli_config;

typedef struct cli_args
{
	const char **clusters;		/* --clusters FILE, in order; "-" is stdin */
	size_t		nclusters;
	const char *cluster;		/* the first --cluster ID, or NULL */
	const char **cluster_ids;	/* every --cluster ID, in order */
	size_t		ncluster_ids;
	const char **excludes;		/* --exclude GLOB, in order */
	size_t		nexcludes;
	const char **inputs;		/* SQL files; "-" is stdin */
	size_t		ninputs;
	rsi_keys_mode keys_mode;	/* --access-keys */
	const char *default_role;	/* --default-role, or NULL */
	const char *account_id;		/* --account-id */
	const char *region;			/* --region */
	const char *db_user;		/* --db-user */
	const char *iam;			/* --iam FILE (or the file's iam key), or NULL */
	int			refuse_unknown; /* --unknown-roles refuse */
	int			max_role_chain; /* --max-role-chain */
	cli_format	format;			/* --format */
	int			caret;			/* --caret: -1 auto, 0 never, 1 always */
	int			stats;			/* --stats */
	int			help;			/* --help */
	int			version;		/* --version */
	const char **var_names;		/* [vars] of the file, then --var, in order: */
	const char **var_values;	/* the last value given for a name wins */
	size_t		nvars;
	size_t		nfile_vars;		/* the first nfile_vars come from the file */
	int			fail_on;		/* --fail-on: CLI_SEV_ERROR or CLI_SEV_WARNING */
	signed char *rule_levels;	/* [rules], per cli_rules index: CLI_LEVEL_DEFAULT,
								 * CLI_SEV_ERROR, CLI_SEV_WARNING or CLI_LEVEL_OFF */
	const char *config_path;	/* the configuration file read, or NULL */
	struct cli_config *config;	/* owns what the file's values point to */
	int			list_rules;		/* --list-rules */
	int			show_suppressed;	/* --show-suppressed */
	size_t		chunk;			/* read size (RSI_CLI_CHUNK, for tests; 0 = default) */
	size_t		max_stmt;		/* statement limit (RSI_CLI_MAX_STATEMENT; 0 = default) */
} cli_args;

/*
 * Fill *a from argv and the environment.  Returns 0, or -1 with a message
 * in err (a usage error: exit status 2).
 */
extern int	cli_parse_args(int argc, char **argv, cli_args *a, char *err, size_t errlen);

extern void cli_print_help(FILE *f);

/* Free what cli_parse_args allocated. */
extern void cli_args_free(cli_args *a);

#endif							/* RSI_CLI_ARGS_H */
