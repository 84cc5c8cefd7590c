/*
 * guc.c — settings.  Everything that weakens a rule (a larger quota, a
 * shorter delay, looser key policy, policy enforcement off, less logging)
 * is PGC_SUSET so only superusers can change it.
 */
#include "postgres.h"

#include "utils/guc.h"
#include "utils/guc_tables.h"

#include "parse/command.h"
#include "check/validate.h"
#include "guc.h"

char	   *rsi_guc_account_id = NULL;
char	   *rsi_guc_region = NULL;
int			rsi_guc_max_roles_per_cluster = 50;
int			rsi_guc_max_role_chain = 10;
int			rsi_guc_apply_delay_ms = 5000;
int			rsi_guc_access_keys = RSI_KEYS_WARN;
bool		rsi_guc_enforce_iam_policies = true;
int			rsi_guc_log_checks = RSI_LOG_DENIED;
int			rsi_guc_unknown_roles = RSI_UNKNOWN_ROLES_ALLOW;

static const struct config_enum_entry unknown_roles_options[] = {
	{"allow", RSI_UNKNOWN_ROLES_ALLOW, false},
	{"refuse", RSI_UNKNOWN_ROLES_REFUSE, false},
	{NULL, 0, false}
};
char	   *rsi_guc_caller_access_key = NULL;

static const struct config_enum_entry access_keys_options[] = {
	{"allow", RSI_KEYS_ALLOW, false},
	{"warn", RSI_KEYS_WARN, false},
	{"temporary", RSI_KEYS_TEMPORARY, false},
	{"deny", RSI_KEYS_DENY, false},
	{NULL, 0, false}
};

static const struct config_enum_entry log_checks_options[] = {
	{"none", RSI_LOG_NONE, false},
	{"denied", RSI_LOG_DENIED, false},
	{"all", RSI_LOG_ALL, false},
	{NULL, 0, false}
};

static bool
check_account_id(char **newval, void **extra, GucSource source)
{
	const char *why = rsi_account_id_check(*newval, strlen(*newval));

	if (why)
	{
		GUC_check_errdetail("%s.", why);
		return false;
	}
	return true;
}

/* Region names look like us-east-1, eu-central-2, us-gov-west-1, cn-north-1 (one rule: the core's). */
static bool
check_region(char **newval, void **extra, GucSource source)
{
	const char *why = rsi_region_check(*newval, strlen(*newval));

	if (why)
	{
		/* the core's sentence fragment, as a sentence */
		GUC_check_errdetail("%c%s.", pg_toupper((unsigned char) why[0]), why + 1);
		return false;
	}
	return true;
}

void
rsi_guc_init(void)
{
	DefineCustomStringVariable("redshift_iam.account_id",
							   "AWS account ID that superusers act in (as account root).",
							   "Callers mapped to an IAM principal act in that principal's account instead.",
							   &rsi_guc_account_id, "123456789012",
							   PGC_SUSET, 0, check_account_id, NULL, NULL);
	DefineCustomStringVariable("redshift_iam.region",
							   "AWS region the management functions act in, like the AWS CLI's --region.",
							   NULL,
							   &rsi_guc_region, "us-east-1",
							   PGC_USERSET, 0, check_region, NULL, NULL);
	DefineCustomIntVariable("redshift_iam.max_roles_per_cluster",
							"Maximum IAM roles associated with one cluster (adding, in-sync and removing all count).",
							"AWS allows 50 (10 in some isolated regions).",
							&rsi_guc_max_roles_per_cluster, 50, 1, 1000,
							PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("redshift_iam.max_role_chain",
							"Maximum number of roles in a chain such as IAM_ROLE 'arn1,arn2'.",
							NULL,
							&rsi_guc_max_role_chain, RSI_DEFAULT_MAX_ROLE_CHAIN,
							RSI_MAX_ROLE_CHAIN_MIN, RSI_MAX_ROLE_CHAIN_MAX,
							PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("redshift_iam.apply_delay",
							"Time an association, removal or cluster creation takes to apply.",
							"0 applies changes at once.",
							&rsi_guc_apply_delay_ms, 5000, 0, 86400000,
							PGC_SUSET, GUC_UNIT_MS, NULL, NULL, NULL);
	DefineCustomEnumVariable("redshift_iam.access_keys",
							 "Policy for commands authorized with access keys: allow, warn, temporary or deny.",
							 NULL,
							 &rsi_guc_access_keys, RSI_KEYS_WARN, access_keys_options,
							 PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("redshift_iam.enforce_iam_policies",
							 "Evaluate the caller's IAM identity policies in the management functions.",
							 NULL,
							 &rsi_guc_enforce_iam_policies, true,
							 PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomEnumVariable("redshift_iam.log_checks",
							 "Which command checks to write to the server log: none, denied or all.",
							 NULL,
							 &rsi_guc_log_checks, RSI_LOG_DENIED, log_checks_options,
							 PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomEnumVariable("redshift_iam.unknown_roles",
							 "What a check does with an IAM role missing from the imported IAM snapshot: allow (its trust and permissions are reported unknown) or refuse.",
							 "Used only once an IAM snapshot is imported.",
							 &rsi_guc_unknown_roles, RSI_UNKNOWN_ROLES_ALLOW, unknown_roles_options,
							 PGC_SUSET, 0, NULL, NULL, NULL);
	/*
	 * Whoever may set this acts as the key's principal, so it is PGC_SUSET:
	 * superusers, and roles a superuser grants SET ON PARAMETER (the
	 * endpoint's connection role, which verified the request's signature).
	 * A value set as a placeholder before the library loaded by a role
	 * without that right is discarded when the library defines it.
	 */
	DefineCustomStringVariable("redshift_iam.caller_access_key",
							   "Access key whose IAM user the management functions act as (set by redshift-iam-endpoint).",
							   "Empty: the calling database role decides, as usual.",
							   &rsi_guc_caller_access_key, "",
							   PGC_SUSET, GUC_NOT_IN_SAMPLE, NULL, NULL, NULL);
	MarkGUCPrefixReserved("redshift_iam");
}

/*
 * Was the setting given a value (postgresql.conf, ALTER ROLE, SET, ...)
 * rather than left at its default?  Values taken from the input (an
 * import's account and region) give way only to a value someone chose.
 */
bool
rsi_guc_is_explicit(const char *name)
{
	struct config_generic **vars = get_guc_variables();
	int			n = GetNumConfigOptions();
	int			i;

	for (i = 0; i < n; i++)
		if (strcmp(vars[i]->name, name) == 0)
			return vars[i]->source != PGC_S_DEFAULT;
	return false;
}
