/*
 * args.c — command-line options (see args.h and docs/cli.md).
 *
 * Long options take their value as "--opt value" or "--opt=value"; short
 * ones as "-c value" or "-cvalue".  "--" ends the options; "-" alone is
 * an operand (standard input).  The configuration file (config.c) is read
 * first; every option given on the command line overrides it.
 */
#define _XOPEN_SOURCE 700

#include "args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "rules.h"
#include "lex/stream.h"
#include "util/utf8.h"
#include "check/validate.h"

enum
{
	OPT_CLUSTERS = 1, OPT_CLUSTER, OPT_ACCESS_KEYS, OPT_DEFAULT_ROLE, OPT_ACCOUNT_ID,
	OPT_REGION, OPT_DB_USER, OPT_MAX_ROLE_CHAIN, OPT_FORMAT, OPT_CARET, OPT_STATS, OPT_HELP,
	OPT_EXCLUDE,
	OPT_VERSION, OPT_LIST_RULES, OPT_SHOW_SUPPRESSED,
	OPT_VAR, OPT_FAIL_ON, OPT_CONFIG, OPT_NO_CONFIG,
	OPT_IAM, OPT_UNKNOWN_ROLES
};

/* where an option may be given */
#define IN_ARGV		0x01
#define IN_FILE		0x02		/* a key of [redshift-iam-check] */
#define A_PATH		0x04		/* in the file, relative to the file's directory */
#define A_LIST		0x08		/* repeatable: the command line replaces the file's list */

typedef struct option_def
{
	const char *name;
	char		short_name;
	int			id;
	int			has_arg;
	int			where;
} option_def;

static const option_def options[] = {
	{"clusters", 'c', OPT_CLUSTERS, 1, IN_ARGV | IN_FILE | A_PATH | A_LIST},
	{"cluster", 'C', OPT_CLUSTER, 1, IN_ARGV | IN_FILE | A_LIST},
	{"access-keys", 'k', OPT_ACCESS_KEYS, 1, IN_ARGV | IN_FILE},
	{"default-role", 'd', OPT_DEFAULT_ROLE, 1, IN_ARGV | IN_FILE},
	{"account-id", 0, OPT_ACCOUNT_ID, 1, IN_ARGV | IN_FILE},
	{"account", 0, OPT_ACCOUNT_ID, 1, IN_FILE},
	{"region", 0, OPT_REGION, 1, IN_ARGV | IN_FILE},
	{"db-user", 'u', OPT_DB_USER, 1, IN_ARGV | IN_FILE},
	{"max-role-chain", 0, OPT_MAX_ROLE_CHAIN, 1, IN_ARGV | IN_FILE},
	{"format", 'f', OPT_FORMAT, 1, IN_ARGV | IN_FILE},
	{"caret", 0, OPT_CARET, 1, IN_ARGV | IN_FILE},
	{"stats", 0, OPT_STATS, 0, IN_ARGV | IN_FILE},
	{"help", 'h', OPT_HELP, 0, IN_ARGV},
	{"exclude", 0, OPT_EXCLUDE, 1, IN_ARGV | IN_FILE | A_LIST},
	{"version", 'V', OPT_VERSION, 0, IN_ARGV},
	{"var", 0, OPT_VAR, 1, IN_ARGV},
	{"fail-on", 0, OPT_FAIL_ON, 1, IN_ARGV | IN_FILE},
	{"config", 0, OPT_CONFIG, 1, IN_ARGV},
	{"no-config", 0, OPT_NO_CONFIG, 0, IN_ARGV},
	{"list-rules", 0, OPT_LIST_RULES, 0, IN_ARGV},
	{"show-suppressed", 0, OPT_SHOW_SUPPRESSED, 0, IN_ARGV | IN_FILE},
	{"iam", 0, OPT_IAM, 1, IN_ARGV | IN_FILE | A_PATH},
	{"unknown-roles", 0, OPT_UNKNOWN_ROLES, 1, IN_ARGV | IN_FILE},
	{NULL, 0, 0, 0, 0}
};

void
cli_print_help(FILE *f)
{
	fputs("Usage: " CLI_PROGNAME " [OPTION]... --clusters FILE [SQL-FILE | -]...\n"
		  "Check offline whether the COPY, UNLOAD, CREATE EXTERNAL SCHEMA, CREATE EXTERNAL\n"
		  "FUNCTION, CREATE MODEL and CREATE LIBRARY commands of SQL scripts may use the\n"
		  "IAM roles they name, given what `aws redshift describe-clusters` prints.  The\n"
		  "same rules as redshift_iam.check_command().\n"
		  "\n"
		  "Inputs:\n"
		  "  -c, --clusters FILE     describe-clusters output (Clusters or Cluster; ApplyStatus\n"
		  "                          or IamRoleApplyStatus), or redshift-serverless\n"
		  "                          list-namespaces, get-namespace, list-workgroups or\n"
		  "                          get-workgroup output; repeatable; - reads stdin\n"
		  "  -C, --cluster ID        the target cluster (by identifier or cluster ARN), or a\n"
		  "                          Serverless namespace or workgroup by name or ARN\n"
		  "                          (default: the only one in the input);\n"
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
		  "      --account-id ID     account of the clusters; the input must agree (default:\n"
		  "                          from ClusterNamespaceArn or the role ARNs, else 123456789012)\n"
		  "      --region REGION     region of the clusters; the input must agree (default:\n"
		  "                          from ClusterNamespaceArn or AvailabilityZone, else\n"
		  "                          $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)\n"
		  "  -u, --db-user NAME      database user, for messages (default $USER, else etl)\n"
		  "      --var NAME=VALUE    substitute VALUE for the template placeholder NAME\n"
		  "                          ({{ NAME }}, ${NAME}, $NAME, :'NAME', :\"NAME\", :NAME)\n"
		  "                          before checking; repeatable\n"
		  "\n", f);
	fputs("Configuration:\n"
		  "      --config FILE       read FILE instead of the nearest " CLI_CONFIG_NAME "\n"
		  "                          (the working directory or above); flags override it\n"
		  "      --no-config         read no configuration file\n"
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
		  "      --stats             print bytes, statements, throughput and how many findings\n"
		  "                          comments suppressed to stderr\n"
		  "      --show-suppressed   print suppressed findings too, marked suppressed (they\n"
		  "                          never change the exit status)\n"
		  "      --fail-on LEVEL     error (default: exit 1 on a refusal) or warning (exit 1\n"
		  "                          on a refusal or a warning)\n"
		  "  -h, --help              this help\n"
		  "  -V, --version           print the version (the extension's) and exit\n"
		  "      --list-rules        print every rule: id, default level, what it finds\n"
		  "\n"
		  "Exit status: 0 every command may run; 1 a command is refused (or, with\n"
		  "--fail-on warning, warned about); 2 usage error, bad configuration file,\n"
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
		case OPT_VAR:
			{
				const char *eq = strchr(val, '=');

				if (eq == NULL || eq == val)
					return usage_error(err, errlen, "--var: \"%s\" is not NAME=VALUE", shown(val, buf));
				a->var_names[a->nvars] = strndup(val, (size_t) (eq - val));
				if (a->var_names[a->nvars] == NULL)
					return usage_error(err, errlen, "out of memory");
				a->var_values[a->nvars++] = eq + 1;
				break;
			}
		case OPT_FAIL_ON:
			if (strcmp(val, "error") == 0)
				a->fail_on = CLI_SEV_ERROR;
			else if (strcmp(val, "warning") == 0)
				a->fail_on = CLI_SEV_WARNING;
			else
				return usage_error(err, errlen, "--fail-on: \"%s\" is not one of error, warning",
								   shown(val, buf));
			break;
		case OPT_CONFIG:
		case OPT_NO_CONFIG:
			break;				/* read before the other options */
		case OPT_LIST_RULES:
			a->list_rules = 1;
			break;
		case OPT_SHOW_SUPPRESSED:
			a->show_suppressed = 1;
			break;
	}
	return 0;
}

/* a no-value option in the file: a boolean */
static int
file_bool(const char *v)
{
	if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "on") == 0 || strcmp(v, "1") == 0)
		return 1;
	if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 || strcmp(v, "off") == 0 || strcmp(v, "0") == 0)
		return 0;
	return -1;
}

/* "--region: ..." from set_option as the file says it: "FILE:LINE: region: ..." */
static int
file_error(char *err, size_t errlen, const cli_config *c, const cli_config_entry *e, const char *msg)
{
	const char *rest = msg;

	if (strncmp(rest, "--", 2) == 0 && strchr(rest, ':') != NULL)
		rest = strchr(rest, ':') + 2;
	return usage_error(err, errlen, "%s:%d: %s: %s", c->path, e->line, e->key, rest);
}

/* Apply one entry of the configuration file. */
static int
apply_entry(cli_args *a, cli_config *c, const cli_config_entry *e, unsigned *from_file,
			char *err, size_t errlen)
{
	char		msg[1024];
	char		buf[SHOWN_MAX + 4];
	const option_def *o;
	const char *val = e->value;

	if (strcmp(e->section, "vars") == 0)
	{
		a->var_names[a->nvars] = e->key;
		a->var_values[a->nvars++] = e->value;
		return 0;
	}
	if (strcmp(e->section, "rules") == 0)
	{
		long		i = cli_rule_index(e->key);

		if (i < 0)
			return file_error(err, errlen, c, e, "not a rule id (redshift-iam-check --list-rules lists them)");
		if (strcmp(val, "error") == 0)
			a->rule_levels[i] = CLI_SEV_ERROR;
		else if (strcmp(val, "warning") == 0)
			a->rule_levels[i] = CLI_SEV_WARNING;
		else if (strcmp(val, "off") == 0)
			a->rule_levels[i] = CLI_LEVEL_OFF;
		else
		{
			snprintf(msg, sizeof(msg), "\"%s\" is not one of error, warning, off", shown(val, buf));
			return file_error(err, errlen, c, e, msg);
		}
		return 0;
	}
	for (o = options; o->name; o++)
		if ((o->where & IN_FILE) && strcmp(o->name, e->key) == 0)
			break;
	if (o->name == NULL)
		return file_error(err, errlen, c, e, "unknown key in [" CLI_CONFIG_SECTION "]");
	if (!o->has_arg)
	{
		int			b = file_bool(val);

		if (b < 0)
		{
			snprintf(msg, sizeof(msg), "\"%s\" is not true or false", shown(val, buf));
			return file_error(err, errlen, c, e, msg);
		}
		if (o->id == OPT_STATS)
			a->stats = b;
		return 0;
	}
	if (*val == '\0')
		return file_error(err, errlen, c, e, "empty value");
	if (o->where & A_PATH)
	{
		val = cli_config_path(c, val);
		if (val == NULL)
			return usage_error(err, errlen, "out of memory");
	}
	if (set_option(a, o, val, msg, sizeof(msg)) != 0)
		return file_error(err, errlen, c, e, msg);
	if (o->where & A_LIST)
		*from_file |= 1u << o->id;
	return 0;
}

typedef struct argv_option
{
	const option_def *o;
	const char *val;
} argv_option;

int
cli_parse_args(int argc, char **argv, cli_args *a, char *err, size_t errlen)
{
	int			i,
				only_operands = 0,
				stdin_users = 0,
				no_config = 0;
	size_t		j,
				cap,
				nopts = 0;
	const char *user = getenv("USER");
	const char *config_path = NULL;
	argv_option *opts;
	unsigned	from_file = 0;

	memset(a, 0, sizeof(*a));
	a->inputs = calloc((size_t) argc + 1, sizeof(char *));
	opts = calloc((size_t) argc + 1, sizeof(argv_option));
	if (a->inputs == NULL || opts == NULL)
	{
		free(opts);
		return usage_error(err, errlen, "out of memory");
	}
	a->keys_mode = RSI_KEYS_MODE_WARN;
	/* NULL: not given; the input, then AWS_REGION/AWS_DEFAULT_REGION, then the defaults decide */
	a->account_id = NULL;
	a->region = NULL;
	a->db_user = user && *user ? user : "etl";
	a->max_role_chain = RSI_DEFAULT_MAX_ROLE_CHAIN;
	a->format = CLI_FMT_TEXT;
	a->caret = -1;
	a->fail_on = CLI_SEV_ERROR;
	a->chunk = env_size("RSI_CLI_CHUNK");
	a->max_stmt = env_size("RSI_CLI_MAX_STATEMENT");

	/* the options first, applied after the configuration file */
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
				if ((o->where & IN_ARGV) && strlen(o->name) == nlen && strncmp(o->name, name, nlen) == 0)
					break;
			if (o->name == NULL)
			{
				free(opts);
				return usage_error(err, errlen, "unknown option --%.*s", (int) nlen, name);
			}
			if (eq && !o->has_arg)
			{
				free(opts);
				return usage_error(err, errlen, "option --%s takes no value", o->name);
			}
			if (eq)
				val = eq + 1;
		}
		else
		{
			for (o = options; o->name; o++)
				if (o->short_name && o->short_name == arg[1])
					break;
			if (o->name == NULL)
			{
				free(opts);
				return usage_error(err, errlen, "unknown option -%c", arg[1]);
			}
			if (arg[2] != '\0')
			{
				if (!o->has_arg)
				{
					free(opts);
					return usage_error(err, errlen, "option -%c takes no value", arg[1]);
				}
				val = arg + 2;
			}
		}
		if (o->has_arg && val == NULL)
		{
			if (i + 1 >= argc)
			{
				free(opts);
				return usage_error(err, errlen, "option --%s needs a value", o->name);
			}
			val = argv[++i];
		}
		if (o->id == OPT_CONFIG)
			config_path = val;
		else if (o->id == OPT_NO_CONFIG)
			no_config = 1;
		else if (o->id == OPT_HELP)
			a->help = 1;
		else if (o->id == OPT_VERSION)
			a->version = 1;
		else if (o->id == OPT_LIST_RULES)
			a->list_rules = 1;
		opts[nopts].o = o;
		opts[nopts++].val = val;
	}

	/* the configuration file: --config FILE, or the nearest one above */
	if (!a->help && !a->version && !a->list_rules && !(no_config && config_path == NULL))
	{
		char	   *found = config_path ? NULL : cli_config_find();
		const char *path = config_path ? config_path : found;

		if (path != NULL)
		{
			a->config = calloc(1, sizeof(cli_config));
			if (a->config == NULL || cli_config_load(a->config, path, err, errlen) != 0)
			{
				if (a->config == NULL)
					usage_error(err, errlen, "out of memory");
				free(found);
				free(opts);
				return -1;
			}
			a->config_path = a->config->path;
		}
		free(found);
	}

	cap = (size_t) argc + (a->config ? a->config->n : 0) + 1;
	a->clusters = calloc(cap, sizeof(char *));
	a->cluster_ids = calloc(cap, sizeof(char *));
	a->excludes = calloc(cap, sizeof(char *));
	a->var_names = calloc(cap, sizeof(char *));
	a->var_values = calloc(cap, sizeof(char *));
	a->rule_levels = malloc(cli_rule_count() + 1);
	if (a->clusters == NULL || a->cluster_ids == NULL || a->excludes == NULL ||
		a->var_names == NULL || a->var_values == NULL || a->rule_levels == NULL)
	{
		free(opts);
		return usage_error(err, errlen, "out of memory");
	}
	memset(a->rule_levels, CLI_LEVEL_DEFAULT, cli_rule_count() + 1);
	a->nfile_vars = 0;
	if (a->config)
	{
		for (j = 0; j < a->config->n; j++)
			if (apply_entry(a, a->config, &a->config->entries[j], &from_file, err, errlen) != 0)
			{
				free(opts);
				return -1;
			}
		a->nfile_vars = a->nvars;
	}

	/* the command line wins: a list option given there replaces the file's list */
	for (j = 0; j < nopts; j++)
	{
		const option_def *o = opts[j].o;

		if (from_file & (1u << o->id))
		{
			from_file &= ~(1u << o->id);
			if (o->id == OPT_CLUSTERS)
				a->nclusters = 0;
			else if (o->id == OPT_CLUSTER)
			{
				a->ncluster_ids = 0;
				a->cluster = NULL;
			}
			else if (o->id == OPT_EXCLUDE)
				a->nexcludes = 0;
		}
		if (set_option(a, o, opts[j].val, err, errlen) != 0)
		{
			free(opts);
			return -1;
		}
	}
	free(opts);
	if (a->help || a->version || a->list_rules)
		return 0;
	if (a->nclusters == 0)
		return usage_error(err, errlen, "no describe-clusters input: give --clusters FILE%s",
						   a->config ? " (or clusters = FILE in the configuration file)" : "");
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

void
cli_args_free(cli_args *a)
{
	size_t		i;

	/* --var names were copied; the file's point into the configuration */
	for (i = a->nfile_vars; i < a->nvars; i++)
		free((void *) a->var_names[i]);
	free((void *) a->clusters);
	free((void *) a->cluster_ids);
	free((void *) a->excludes);
	free((void *) a->inputs);
	free((void *) a->var_names);
	free((void *) a->var_values);
	free(a->rule_levels);
	if (a->config)
	{
		cli_config_free(a->config);
		free(a->config);
	}
	memset(a, 0, sizeof(*a));
}
