/*
 * main.c — redshift-iam-check: check_command's question answered from
 * files, for ETL jobs that run where no PostgreSQL is at hand.
 *
 * Reads describe-clusters output, then streams each SQL script through the
 * core's splitter, parser and check rules in bounded memory.  See
 * docs/cli.md.
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "checker.h"
#include "cli.h"
#include "clusters.h"
#include "check/validate.h"
#include "output.h"
#include "rules.h"
#include "walk.h"
#include "lex/stream.h"

/* the control file's default_version, passed by the Makefile */
#ifndef RSI_VERSION
#define RSI_VERSION "unknown"
#endif

static void
complain(const char *msg)
{
	fflush(stdout);
	fprintf(stderr, CLI_PROGNAME ": %s\n", msg);
}

/*
 * Check one script.  Returns 0, or -1 when it could not be read (a message
 * is then in err).
 */
static int
check_file(cli_checker *chk, const char *path, const cli_args *args,
		   unsigned long long *bytes, char *err, size_t errlen)
{
	int			is_stdin = strcmp(path, "-") == 0;
	const char *shown = is_stdin ? "<stdin>" : path;
	FILE	   *f = is_stdin ? stdin : fopen(path, "rb");
	rsi_stream	s;
	rsi_stream_item it;
	int			rc = 0;

	if (f == NULL)
	{
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		cli_output_file_error(chk->out, shown, err);
		return -1;
	}
	if (rsi_stream_init(&s, args->chunk, args->max_stmt) != 0)
	{
		snprintf(err, errlen, "%s: out of memory", shown);
		cli_output_file_error(chk->out, shown, err);
		if (!is_stdin)
			fclose(f);
		return -1;
	}
	cli_output_begin_file(chk->out, shown);
	cli_checker_begin_file(chk, shown);
	for (;;)
	{
		size_t		room,
					n;
		char	   *p;

		while (rsi_stream_next(&s, &it))
			cli_checker_item(chk, &it);
		if (rsi_stream_finished(&s))
			break;
		p = rsi_stream_buffer(&s, &room);
		if (p == NULL)
		{
			snprintf(err, errlen, "%s: out of memory", shown);
			rc = -1;
			break;
		}
		n = fread(p, 1, room, f);
		if (n == 0 && ferror(f))
		{
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			rc = -1;
			break;
		}
		rsi_stream_fill(&s, n);
	}
	*bytes += s.total;
	rsi_stream_free(&s);
	if (rc != 0)
		cli_output_file_error(chk->out, shown, err);	/* in this file's report */
	cli_output_end_file(chk->out);
	if (!is_stdin)
		fclose(f);
	return rc;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
print_stats(const cli_checker *chk, unsigned long long bytes, double secs)
{
	struct rusage ru;
	double		s = secs > 1e-9 ? secs : 1e-9;

	getrusage(RUSAGE_SELF, &ru);
	fprintf(stderr,
			CLI_PROGNAME ": %llu bytes, %llu statements (%llu refused, %llu warnings) in %.3f s: "
			"%.1f MB/s, %.0f statements/s; peak memory %ld KiB\n",
			bytes, chk->statements, chk->refused, chk->warnings, secs,
			bytes / s / 1e6, chk->statements / s, ru.ru_maxrss);
}

int
main(int argc, char **argv)
{
	cli_args	args;
	cli_clusters clusters;
	const char *env_region;
	const char *env_name;
	const char *default_region;
	cli_clusters *targets;
	rsi_cluster_view *views;
	size_t		nviews;
	rsi_check_options copt;
	cli_checker chk;
	cli_output *out;
	char		err[2048];
	unsigned long long bytes = 0;
	double		t0 = now();
	int			input_error = 0;
	size_t		i;

	if (cli_parse_args(argc, argv, &args, err, sizeof(err)) != 0)
	{
		complain(err);
		fprintf(stderr, "Try '" CLI_PROGNAME " --help' for more information.\n");
		return CLI_EXIT_USAGE;
	}
	if (args.help)
	{
		cli_print_help(stdout);
		return CLI_EXIT_OK;
	}
	if (args.version)
	{
		printf(CLI_PROGNAME " %s\n", RSI_VERSION);
		return fflush(stdout) == 0 && !ferror(stdout) ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	}
	if (args.list_rules)
	{
		cli_list_rules(stdout);
		return fflush(stdout) == 0 && !ferror(stdout) ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	}
	/* the AWS CLI's region variables, in its order, when --region is not given */
	env_region = getenv("AWS_REGION");
	env_name = "AWS_REGION";
	if (env_region == NULL || env_region[0] == '\0')
	{
		env_region = getenv("AWS_DEFAULT_REGION");
		env_name = "AWS_DEFAULT_REGION";
	}
	if (env_region && env_region[0] && rsi_region_check(env_region, strlen(env_region)) != NULL)
	{
		snprintf(err, sizeof(err), "%s: \"%.40s\" is not a valid region: a region looks like \"us-east-1\"",
				 env_name, env_region);
		complain(err);
		return CLI_EXIT_USAGE;
	}
	default_region = env_region && env_region[0] ? env_region : CLI_DEFAULT_REGION;
	if (cli_clusters_load(&clusters, args.clusters, args.nclusters, args.account_id, args.region,
						  default_region, err, sizeof(err)) != 0)
	{
		complain(err);
		return CLI_EXIT_USAGE;
	}
	/* one target per --cluster (or the only cluster): a copy of clusters each */
	nviews = args.ncluster_ids > 0 ? args.ncluster_ids : 1;
	targets = calloc(nviews, sizeof(cli_clusters));
	views = calloc(nviews, sizeof(rsi_cluster_view));
	if (targets == NULL || views == NULL)
	{
		complain("out of memory");
		return CLI_EXIT_USAGE;
	}
	for (i = 0; i < nviews; i++)
	{
		size_t		k;

		for (k = 0; k < i; k++)
			if (strcmp(args.cluster_ids[k], args.cluster_ids[i]) == 0)
			{
				snprintf(err, sizeof(err), "--cluster %.64s is given twice", args.cluster_ids[i]);
				complain(err);
				fprintf(stderr, "Try '" CLI_PROGNAME " --help' for more information.\n");
				return CLI_EXIT_USAGE;
			}
		targets[i] = clusters;
		if (cli_clusters_select(&targets[i], args.ncluster_ids > 0 ? args.cluster_ids[i] : NULL,
								err, sizeof(err)) != 0)
		{
			complain(err);
			return CLI_EXIT_USAGE;
		}
		cli_clusters_view(&targets[i], args.account_id ? args.account_id : CLI_DEFAULT_ACCOUNT,
						  args.region ? args.region : default_region, args.default_role, &views[i]);
	}
	copt.keys_mode = args.keys_mode;
	copt.db_user = args.db_user;

	out = cli_output_new(args.format, stdout, args.caret < 0 ? isatty(STDOUT_FILENO) : args.caret);
	if (out == NULL)
	{
		complain("out of memory");
		return CLI_EXIT_USAGE;
	}
	cli_checker_init(&chk, views, nviews, &copt, args.max_role_chain,
					 args.max_stmt ? args.max_stmt : RSI_STREAM_DEFAULT_MAX_STMT, out);
	for (i = 0; i < args.ninputs; i++)
	{
		struct stat st;
		cli_file_list files = {0};
		size_t		k;

		if (strcmp(args.inputs[i], "-") == 0 || stat(args.inputs[i], &st) != 0 || !S_ISDIR(st.st_mode))
		{
			if (check_file(&chk, args.inputs[i], &args, &bytes, err, sizeof(err)) != 0)
			{
				complain(err);
				input_error = 1;
			}
			continue;
		}
		if (cli_walk_dir(args.inputs[i], args.excludes, args.nexcludes, &files, err, sizeof(err)) != 0)
		{
			complain(err);
			cli_output_file_error(chk.out, args.inputs[i], err);
			input_error = 1;
		}
		for (k = 0; k < files.n; k++)
			if (check_file(&chk, files.paths[k], &args, &bytes, err, sizeof(err)) != 0)
			{
				complain(err);
				input_error = 1;
			}
		cli_file_list_free(&files);
	}
	if (cli_output_finish(out) != 0)
	{
		complain("error writing the output");
		input_error = 1;
	}
	if (chk.out_of_memory)
	{
		complain("out of memory while parsing: some statements were not checked");
		input_error = 1;
	}
	if (args.stats)
		print_stats(&chk, bytes, now() - t0);
	cli_checker_free(&chk);
	cli_clusters_free(&clusters);
	free(targets);
	free(views);
	free((void *) args.cluster_ids);
	free((void *) args.excludes);
	free((void *) args.clusters);
	free((void *) args.inputs);
	if (input_error)
		return CLI_EXIT_USAGE;
	return chk.refused > 0 ? CLI_EXIT_REFUSED : CLI_EXIT_OK;
}
