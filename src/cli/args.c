/*
 * args.c — command-line options (see args.h and docs/cli.md).
 *
 * Long options take their value as "--opt value" or "--opt=value"; short
 * ones as "-c value" or "-cvalue".  "--" ends the options; "-" alone is
 * an operand (standard input).
 */
#include "args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lex/stream.h"
#include "util/utf8.h"
#include "check/validate.h"

enum
{
	OPT_CLUSTERS = 1, OPT_CLUSTER, OPT_ACCESS_KEYS, OPT_DEFAULT_ROLE, OPT_ACCOUNT_ID,
	OPT_REGION, OPT_DB_USER, OPT_MAX_ROLE_CHAIN, OPT_FORMAT, OPT_CARET, OPT_STATS, OPT_HELP,
	OPT_EXCLUDE,
	OPT_VERSION, OPT_LIST_RULES,
	OPT_IAM,
	OPT_UNKNOWN_ROLES
};

typedef struct option_def
{
	const char *name;
	char		short_name;
	int			id;
	int			has_arg;
} option_def;

static const option_def options[] = {
	{"clusters", 'c', OPT_CLUSTERS, 1},
	{"cluster", 'C', OPT_CLUSTER, 1},
	{"access-keys", 'k', OPT_ACCESS_KEYS, 1},
	{"default-role", 'd', OPT_DEFAULT_ROLE, 1},
	{"account-id", 0, OPT_ACCOUNT_ID, 1},
	{"region", 0, OPT_REGION, 1},
	{"db-user", 'u', OPT_DB_USER, 1},
	{"max-role-chain", 0, OPT_MAX_ROLE_CHAIN, 1},
	{"format", 'f', OPT_FORMAT, 1},
	{"caret", 0, OPT_CARET, 1},
	{"stats", 0, OPT_STATS, 0},
	{"help", 'h', OPT_HELP, 0},
	{"exclude", 0, OPT_EXCLUDE, 1},
	{"version", 'V', OPT_VERSION, 0},
	{"list-rules", 0, OPT_LIST_RULES, 0},
	{"iam", 0, OPT_IAM, 1},
	{"unknown-roles", 0, OPT_UNKNOWN_ROLES, 1},
	{NULL, 0, 0, 0}
};

void
cli_print_help(FILE *f)
{
	fputs("Usage: " CLI_PROGNAME " [OPTION]... --clusters FILE [SQL-FILE | -]...\n"
		  "Check offline whether the COPY, UNLOAD, CREATE EXTERNAL SCHEMA and CREATE\n"
		  "EXTERNAL FUNCTION commands of SQL scripts may use the IAM roles they name,\n"
		  "given what `aws redshift describe-clusters` prints.  The same rules as\n"
		  "redshift_iam.check_command().\n"
		  "\n"
		  "Inputs:\n"
		  "  -c, --clusters FILE     describe-clusters output (Clusters or Cluster; ApplyStatus\n"
		  "                          or IamRoleApplyStatus), or redshift-serverless\n"
		  "                          list-namespaces, get-namespace, list-workgroups or\n"
		  "                          get-workgroup output; repeatable; - reads stdin\n"
		  "  -C, --cluster ID        the target cluster, or a Serverless namespace or workgroup\n"
		  "                          by name or ARN (default: the only one in the input);\n"
		  "                          repeatable: each script is checked against each cluster\n"
		  "  SQL-FILE                scripts to check; - reads stdin; a directory is searched\n"
		  "                          for *.sql files, recursively, in byte order of their paths\n"
		  "      --exclude GLOB      skip files and directories found in a directory whose\n"
		  "                          path below it or name matches GLOB; repeatable\n"
		  "      --iam FILE          aws iam get-account-authorization-details output: also\n"
		  "                          check role trust, role chains and role permissions\n"
		  "\n"
		  "Rules:\n"
		  "  -k, --access-keys MODE  allow | warn (default: long-term AKIA keys warn) |\n"
		  "                          temporary (only ASIA keys with a session token) | deny\n"
		  "  -d, --default-role ARN  the role IAM_ROLE default means, when the input has no\n"
		  "                          DefaultIamRoleArn for the cluster\n"
		  "      --max-role-chain N  most roles in a chain, 1 to 100 (default 10)\n"
		  "      --account-id ID     account of the clusters (default 123456789012)\n"
		  "      --region REGION     region, for messages (default us-east-1)\n"
		  "  -u, --db-user NAME      database user, for messages (default $USER, else etl)\n"
		  "      --unknown-roles M   with --iam, a role missing from the export: allow\n"
		  "                          (default: its trust and permissions are unknown) | refuse\n"
		  "\n"
		  "Output:\n"
		  "  -f, --format FORMAT     text (default): path:line:col: error: message [rule]\n"
		  "                          json: one object per finding, one per line\n"
		  "                          github: ::error workflow commands\n"
		  "                          junit: JUnit XML, one testcase per statement\n"
		  "                          sarif: SARIF 2.1.0 (GitHub code scanning)\n"
		  "                          gitlab: GitLab Code Quality JSON\n"
		  "      --caret WHEN        show the line and a caret under text findings:\n"
		  "                          auto (default: when stdout is a terminal), always, never\n"
		  "      --stats             print bytes, statements and throughput to stderr\n"
		  "  -h, --help              this help\n"
		  "  -V, --version           print the version (the extension's) and exit\n"
		  "      --list-rules        print every rule: id, default level, what it finds\n"
		  "\n"
		  "Exit status: 0 every command may run; 1 a command is refused; 2 usage error,\n"
		  "unreadable file or malformed describe-clusters JSON.\n"
		  "A statement may be at most 16 MiB.  Secrets are printed as ***.\n", f);
}

static int
usage_error(char *err, size_t errlen, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* A size from the environment; tests set small read sizes (undocumented). */
static size_t
env_size(const char *name)
{
	const char *v = getenv(name);
	char	   *end;
	unsigned long n;

	if (v == NULL || *v == '\0')
		return 0;
	n = strtoul(v, &end, 10);
	return *end == '\0' ? (size_t) n : 0;
}

/* A value as echoed in a message: at most SHOWN_MAX bytes of valid UTF-8, then "...". */
#define SHOWN_MAX 64
static const char *
shown(const char *val, char buf[SHOWN_MAX + 4])
{
	int			cut;

	rsi_utf8_excerpt(val, strlen(val), SHOWN_MAX, buf, &cut);
	if (cut)
		strcat(buf, "...");
	return buf;
}

static int
set_option(cli_args *a, const option_def *o, const char *val, char *err, size_t errlen)
{
	char		buf[SHOWN_MAX + 4];

	switch (o->id)
	{
		case OPT_CLUSTERS:
			a->clusters[a->nclusters++] = val;
			break;
		case OPT_CLUSTER:
			if (a->cluster == NULL)
				a->cluster = val;
			a->cluster_ids[a->ncluster_ids++] = val;
			break;
		case OPT_EXCLUDE:
			a->excludes[a->nexcludes++] = val;
			break;
		case OPT_ACCESS_KEYS:
			if (strcmp(val, "allow") == 0)
				a->keys_mode = RSI_KEYS_MODE_ALLOW;
			else if (strcmp(val, "warn") == 0)
				a->keys_mode = RSI_KEYS_MODE_WARN;
			else if (strcmp(val, "temporary") == 0)
				a->keys_mode = RSI_KEYS_MODE_TEMPORARY;
			else if (strcmp(val, "deny") == 0)
				a->keys_mode = RSI_KEYS_MODE_DENY;
			else
				return usage_error(err, errlen,
								   "--access-keys: \"%s\" is not one of allow, warn, temporary, deny",
								   shown(val, buf));
			break;
		case OPT_DEFAULT_ROLE:
			{
				rsi_role_arn parts;
				const char *why = rsi_role_arn_check(val, strlen(val), &parts);

				if (why)
					return usage_error(err, errlen, "--default-role: \"%s\" is not a valid IAM role ARN: %s",
									   shown(val, buf), why);
				a->default_role = val;
				break;
			}
		case OPT_ACCOUNT_ID:
			{
				const char *why = rsi_account_id_check(val, strlen(val));

				if (why)
					return usage_error(err, errlen, "--account-id: \"%s\" is not a valid account ID: %s",
									   shown(val, buf), why);
				a->account_id = val;
				break;
			}
		case OPT_REGION:
			{
				const char *why = rsi_region_check(val, strlen(val));

				if (why)
					return usage_error(err, errlen, "--region: \"%s\" is not a valid region: %s",
									   shown(val, buf), why);
				a->region = val;
				break;
			}
		case OPT_IAM:
			if (*val == '\0')
				return usage_error(err, errlen, "--iam: must name a file");
			a->iam = val;
			break;
		case OPT_UNKNOWN_ROLES:
			if (strcmp(val, "allow") == 0)
				a->refuse_unknown = 0;
			else if (strcmp(val, "refuse") == 0)
				a->refuse_unknown = 1;
			else
				return usage_error(err, errlen, "--unknown-roles: \"%s\" is not allow or refuse",
								   shown(val, buf));
			break;
		case OPT_DB_USER:
			if (*val == '\0')
				return usage_error(err, errlen, "--db-user: must not be empty");
			a->db_user = val;
			break;
		case OPT_MAX_ROLE_CHAIN:
			{
				char	   *end;
				long long	n;
				const char *why;

				/* digits only: no sign, blanks or base prefix */
				errno = 0;
				n = strtoll(val, &end, 10);
				if (val[0] < '0' || val[0] > '9' || *end != '\0' || errno == ERANGE)
					n = -1;
				why = rsi_max_role_chain_check(n);
				if (why)
					return usage_error(err, errlen, "--max-role-chain: \"%s\" is not a valid role chain limit: %s",
									   shown(val, buf), why);
				a->max_role_chain = (int) n;
				break;
			}
		case OPT_FORMAT:
			if (strcmp(val, "text") == 0)
				a->format = CLI_FMT_TEXT;
			else if (strcmp(val, "json") == 0)
				a->format = CLI_FMT_JSON;
			else if (strcmp(val, "github") == 0)
				a->format = CLI_FMT_GITHUB;
			else if (strcmp(val, "junit") == 0)
				a->format = CLI_FMT_JUNIT;
			else if (strcmp(val, "sarif") == 0)
				a->format = CLI_FMT_SARIF;
			else if (strcmp(val, "gitlab") == 0)
				a->format = CLI_FMT_GITLAB;
			else
				return usage_error(err, errlen, "--format: \"%s\" is not one of text, json, github, junit, sarif, gitlab",
								   shown(val, buf));
			break;
		case OPT_CARET:
			if (strcmp(val, "auto") == 0)
				a->caret = -1;
			else if (strcmp(val, "always") == 0)
				a->caret = 1;
			else if (strcmp(val, "never") == 0)
				a->caret = 0;
			else
				return usage_error(err, errlen, "--caret: \"%s\" is not one of auto, always, never",
								   shown(val, buf));
			break;
		case OPT_STATS:
			a->stats = 1;
			break;
		case OPT_HELP:
			a->help = 1;
			break;
		case OPT_VERSION:
			a->version = 1;
			break;
		case OPT_LIST_RULES:
			a->list_rules = 1;
			break;
	}
	return 0;
}

int
cli_parse_args(int argc, char **argv, cli_args *a, char *err, size_t errlen)
{
	int			i,
				only_operands = 0,
				stdin_users = 0;
	size_t		j;
	const char *user = getenv("USER");

	memset(a, 0, sizeof(*a));
	a->clusters = calloc((size_t) argc + 1, sizeof(char *));
	a->inputs = calloc((size_t) argc + 1, sizeof(char *));
	a->cluster_ids = calloc((size_t) argc + 1, sizeof(char *));
	a->excludes = calloc((size_t) argc + 1, sizeof(char *));
	if (a->clusters == NULL || a->inputs == NULL || a->cluster_ids == NULL || a->excludes == NULL)
		return usage_error(err, errlen, "out of memory");
	a->keys_mode = RSI_KEYS_MODE_WARN;
	a->account_id = "123456789012";
	a->region = "us-east-1";
	a->db_user = user && *user ? user : "etl";
	a->max_role_chain = RSI_DEFAULT_MAX_ROLE_CHAIN;
	a->format = CLI_FMT_TEXT;
	a->caret = -1;
	a->chunk = env_size("RSI_CLI_CHUNK");
	a->max_stmt = env_size("RSI_CLI_MAX_STATEMENT");

	for (i = 1; i < argc; i++)
	{
		const char *arg = argv[i];
		const option_def *o = NULL;
		const char *val = NULL;

		if (only_operands || arg[0] != '-' || strcmp(arg, "-") == 0)
		{
			a->inputs[a->ninputs++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0)
		{
			only_operands = 1;
			continue;
		}
		if (arg[1] == '-')
		{
			const char *name = arg + 2;
			const char *eq = strchr(name, '=');
			size_t		nlen = eq ? (size_t) (eq - name) : strlen(name);

			for (o = options; o->name; o++)
				if (strlen(o->name) == nlen && strncmp(o->name, name, nlen) == 0)
					break;
			if (o->name == NULL)
				return usage_error(err, errlen, "unknown option --%.*s", (int) nlen, name);
			if (eq && !o->has_arg)
				return usage_error(err, errlen, "option --%s takes no value", o->name);
			if (eq)
				val = eq + 1;
		}
		else
		{
			for (o = options; o->name; o++)
				if (o->short_name && o->short_name == arg[1])
					break;
			if (o->name == NULL)
				return usage_error(err, errlen, "unknown option -%c", arg[1]);
			if (arg[2] != '\0')
			{
				if (!o->has_arg)
					return usage_error(err, errlen, "option -%c takes no value", arg[1]);
				val = arg + 2;
			}
		}
		if (o->has_arg && val == NULL)
		{
			if (i + 1 >= argc)
				return usage_error(err, errlen, "option --%s needs a value", o->name);
			val = argv[++i];
		}
		if (set_option(a, o, val, err, errlen) != 0)
			return -1;
	}
	if (a->help || a->version || a->list_rules)
		return 0;
	if (a->nclusters == 0)
		return usage_error(err, errlen, "no describe-clusters input: give --clusters FILE");
	if (a->ninputs == 0)
		return usage_error(err, errlen, "no SQL input: give SQL files, or - for standard input");
	for (j = 0; j < a->nclusters; j++)
		stdin_users += strcmp(a->clusters[j], "-") == 0;
	for (j = 0; j < a->ninputs; j++)
		stdin_users += strcmp(a->inputs[j], "-") == 0;
	if (stdin_users > 1)
		return usage_error(err, errlen, "standard input (-) can be read only once");
	return 0;
}
