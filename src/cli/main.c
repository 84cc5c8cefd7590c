/*
 * main.c — redshift-iam-check: check_command's question answered from
 * files, for ETL jobs that run where no PostgreSQL is at hand.
 *
 * Reads describe-clusters output, then streams each SQL script through the
 * core's splitter, parser and check rules in bounded memory.  See
 * docs/cli.md.
 */
#define _GNU_SOURCE				/* memmem */

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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
#include "suppress.h"
#include "walk.h"
#include "lex/stream.h"

/* the control file's default_version, passed by the Makefile */
#ifndef RSI_VERSION
#define RSI_VERSION "unknown"
#endif

static void
complain(const char *msg)
{
	cli_flush_stdout();
	fprintf(stderr, CLI_PROGNAME ": %s\n", msg);
}

static int
has_marker(const char *b, size_t n, const char *m, size_t k)
{
	return memmem(b, n, m, k) != NULL;
}

/* the part of a regular file pass 0 maps at a time: memory stays flat */
#define MARKER_WINDOW (256 * 1024)

/* a file truncated while it is mapped: SIGBUS, and back to reading it */
static sigjmp_buf bus_jump;

static void
on_bus(int sig)
{
	(void) sig;
	siglongjmp(bus_jump, 1);
}

/*
 * Pass 0 over a regular file of size bytes without copying it: mapped a
 * window at a time (memory stays flat; windows overlap by the marker's
 * length - 1, so a marker across two is seen).  Returns 1 or 0, or -1
 * when the file cannot be mapped or shrinks meanwhile (the caller then
 * reads it).
 */
static int
marker_mapped(int fd, off_t size)
{
	static const char marker[] = CLI_SUPP_MARKER;
	const size_t k = sizeof(marker) - 1;
	volatile off_t off = 0;
	void	   *volatile p = MAP_FAILED;
	volatile size_t len = 0;
	volatile int found = 0;
	struct sigaction sa,
				old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_bus;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &old) != 0)
		return -1;
	if (sigsetjmp(bus_jump, 1) != 0)
		found = -1;
	else
		while (off < size && !found)
		{
			len = (size_t) (size - off) < MARKER_WINDOW + k - 1 ?
				(size_t) (size - off) : MARKER_WINDOW + k - 1;
			p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, off);
			if (p == MAP_FAILED)
			{
				found = -1;
				break;
			}
			found = has_marker(p, len, marker, k);
			munmap(p, len);
			p = MAP_FAILED;
			off += MARKER_WINDOW;
		}
	if (p != MAP_FAILED)
		munmap(p, len);
	sigaction(SIGBUS, &old, NULL);
	return found;
}

/*
 * Pass 0: is the marker of a suppression anywhere in f?  Input that cannot
 * be read twice (standard input, a pipe) is copied to a temporary file,
 * which *f then is (*owned set).  Returns -1 on a read error (errno set).
 */
static int
find_marker(FILE **f, int *owned, int *found)
{
	static const char marker[] = CLI_SUPP_MARKER;
	const size_t keep = sizeof(marker) - 2;
	char		buf[65536];
	size_t		have = 0,
				n;
	struct stat st;
	FILE	   *copy = NULL;

	*found = 0;
	*owned = 0;
	if (fstat(fileno(*f), &st) != 0 || !S_ISREG(st.st_mode))
	{
		copy = tmpfile();
		if (copy == NULL)
			return -1;
	}
	else if (st.st_size > 0 && ftell(*f) == 0 &&
			 (*found = marker_mapped(fileno(*f), st.st_size)) >= 0)
		return 0;
	else
		*found = 0;
	while ((n = fread(buf + have, 1, sizeof(buf) - have, *f)) > 0)
	{
		size_t		len = have + n;

		if (copy && fwrite(buf + have, 1, n, copy) != n)
		{
			fclose(copy);
			return -1;
		}
		if (!*found && has_marker(buf, len, marker, sizeof(marker) - 1))
			*found = 1;
		/* the marker may straddle two reads */
		have = len < keep ? len : keep;
		memmove(buf, buf + len - have, have);
	}
	if (ferror(*f))
	{
		if (copy)
			fclose(copy);
		return -1;
	}
	if (copy)
	{
		*f = copy;
		*owned = 1;
	}
	rewind(*f);
	return 0;
}

/*
 * Run f through a stream, handing each item to the checker (check) or to
 * the suppression scan (!check).  Returns 0, or -1 with a message in err.
 */
static int
run_stream(cli_checker *chk, FILE *f, const char *path, const char *shown, const cli_args *args,
		   int check, unsigned long long *bytes, char *err, size_t errlen)
{
	rsi_stream	s;
	rsi_stream_item it;
	int			rc = 0;

	if (rsi_stream_init(&s, args->chunk, args->max_stmt) != 0)
	{
		snprintf(err, errlen, "%s: out of memory", shown);
		return -1;
	}
	for (;;)
	{
		size_t		room,
					n;
		char	   *p;

		while (rsi_stream_next(&s, &it))
		{
			if (check)
				cli_checker_item(chk, &it);
			else
				cli_supp_scan(&chk->supp, &it);
		}
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
	if (bytes)
		*bytes += s.total;
	rsi_stream_free(&s);
	return rc;
}

/*
 * Check one script.  Returns 0, or -1 when it could not be read (a message
 * is then in err).  When the script holds the suppression marker, a first
 * pass collects the suppressions (a disable-file comment may come after
 * the findings it suppresses, and a comment after a statement's ';' comes
 * in the stream's next piece).
 */
static int
check_file(cli_checker *chk, const char *path, const cli_args *args,
		   unsigned long long *bytes, char *err, size_t errlen)
{
	int			is_stdin = strcmp(path, "-") == 0;
	const char *shown = is_stdin ? "<stdin>" : path;
	FILE	   *f = is_stdin ? stdin : fopen(path, "rb");
	int			owned = 0,
				found = 0,
				rc;

	if (f == NULL)
	{
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		cli_output_file_error(chk->out, shown, err);
		return -1;
	}
	cli_output_begin_file(chk->out, shown);
	cli_checker_begin_file(chk, shown);
	if (find_marker(&f, &owned, &found) != 0)
	{
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	else
	{
		rc = found ? run_stream(chk, f, path, shown, args, 0, NULL, err, errlen) : 0;
		if (rc == 0 && found)
			rewind(f);
		if (rc == 0)
			rc = run_stream(chk, f, path, shown, args, 1, bytes, err, errlen);
	}
	if (rc != 0)
		cli_output_file_error(chk->out, shown, err);	/* in this file's report */
	cli_output_end_file(chk->out);
	if (owned)
		fclose(f);
	else if (!is_stdin)
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
			"%.1f MB/s, %.0f statements/s; peak memory %ld KiB; %llu findings suppressed\n",
			bytes, chk->statements, chk->refused, chk->warnings, secs,
			bytes / s / 1e6, chk->statements / s, ru.ru_maxrss, chk->suppressed);
}

/* Read and load an IAM export (--iam); NULL with a message in err. */
static rsi_iam_snapshot *
load_iam(const char *path, char *err, size_t errlen)
{
	FILE	   *f = strcmp(path, "-") == 0 ? NULL : fopen(path, "rb");
	char	   *buf = NULL;
	size_t		len = 0,
				cap = 0;
	rsi_iam_snapshot *s;
	rsi_iam_load_error lerr;

	if (f == NULL)
	{
		snprintf(err, errlen, "--iam %.200s: %s", path,
				 strcmp(path, "-") == 0 ? "stdin is not accepted here" : strerror(errno));
		return NULL;
	}
	for (;;)
	{
		size_t		got;

		if (cap - len < 65536)
		{
			char	   *nb = realloc(buf, cap + 1048576);

			if (nb == NULL)
			{
				free(buf);
				fclose(f);
				snprintf(err, errlen, "--iam %.200s: out of memory", path);
				return NULL;
			}
			buf = nb;
			cap += 1048576;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
	{
		fclose(f);
		free(buf);
		snprintf(err, errlen, "--iam %.200s: read error", path);
		return NULL;
	}
	fclose(f);
	s = rsi_iam_snapshot_load(buf, len, &lerr);
	free(buf);
	if (s == NULL)
		snprintf(err, errlen, "--iam %.200s: %s", path, lerr.message);
	return s;
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
	rsi_iam_snapshot *iam = NULL;
	cli_output *out;
	char		err[2048];
	unsigned long long bytes = 0;
	double		t0 = now();
	int			input_error = 0,
				refused;
	size_t		i;

	if (cli_parse_args(argc, argv, &args, err, sizeof(err)) != 0)
	{
		complain(err);
		fprintf(stderr, "Try '" CLI_PROGNAME " --help' for more information.\n");
		cli_args_free(&args);
		return CLI_EXIT_USAGE;
	}
	if (args.help || args.version || args.list_rules)
	{
		if (args.help)
			cli_print_help(stdout);
		else if (args.version)
			printf(CLI_PROGNAME " %s\n", RSI_VERSION);
		else
			cli_list_rules(stdout);
		cli_args_free(&args);
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
	memset(&copt, 0, sizeof(copt));
	copt.hints = RSI_HINTS_AWS_CLI;
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
	chk.show_suppressed = args.show_suppressed;
	chk.var_names = args.var_names;
	chk.var_values = args.var_values;
	chk.nvars = args.nvars;
	chk.rule_levels = args.rule_levels;
	if (args.iam != NULL)
	{
		iam = load_iam(args.iam, err, sizeof(err));
		if (iam == NULL)
		{
			complain(err);
			return CLI_EXIT_USAGE;
		}
		chk.iam = iam;
		chk.iopt.refuse_unknown = args.refuse_unknown;
		chk.iopt.db_user = args.db_user;
		chk.iopt.hints = RSI_HINTS_AWS_CLI;
	}
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
	rsi_iam_snapshot_free(iam);
	cli_clusters_free(&clusters);
	free(targets);
	free(views);
	refused = chk.refused > 0 || (args.fail_on == CLI_SEV_WARNING && chk.warnings > 0);
	cli_args_free(&args);
	if (input_error)
		return CLI_EXIT_USAGE;
	return refused ? CLI_EXIT_REFUSED : CLI_EXIT_OK;
}
