/*
 * actions.c — validating a Query request and planning its SQL call
 * (actions.h).
 *
 * The parameters of each action are those of botocore's model of
 * Redshift 2012-12-01; their rules are those of the Amazon Redshift API
 * Reference (CreateCluster:
 * https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html).
 * Lists arrive as "IamRoles.IamRoleArn.1=...", an empty list as
 * "IamRoles=".
 */
#define _DEFAULT_SOURCE			/* strdup, strcasecmp */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "actions.h"
#include "util/utf8.h"

typedef int (*plan_fn) (const ep_form *form, ep_call *call, ep_error *err);

typedef struct action_def
{
	const char *name;
	const char *const *members; /* top-level parameter names of the model */
	plan_fn		plan;
} action_def;

/* ---- helpers ---- */

static int
set_param(ep_call *call, int i, const char *v)
{
	call->params[i] = v ? strdup(v) : NULL;
	if (i + 1 > call->nparams)
		call->nparams = i + 1;
	return (v && call->params[i] == NULL) ? -1 : 0;
}

/* an integer parameter: 1 when present and valid, 0 when absent, -1 with err set */
static int
get_int(const ep_form *form, const char *name, long lo, long hi, long *out, ep_error *err)
{
	const char *v = ep_form_get(form, name);
	char	   *end;
	long		n;

	if (v == NULL)
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0 || isspace((unsigned char) *v))
	{
		ep_error_set(err, "InvalidParameterValue", "Invalid value for %s: an integer is required.", name);
		return -1;
	}
	if (n < lo || n > hi)
	{
		ep_error_set(err, "InvalidParameterValue", "Invalid value for %s: it must be between %ld and %ld.", name, lo, hi);
		return -1;
	}
	*out = n;
	return 1;
}

static int
check_bool(const ep_form *form, const char *name, ep_error *err)
{
	const char *v = ep_form_get(form, name);

	if (v != NULL && strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
	{
		ep_error_set(err, "InvalidParameterValue", "Invalid value for %s: true or false is required.", name);
		return -1;
	}
	return 0;
}

/*
 * A list parameter as a JSON array text (malloc'd) in *out; NULL in *out
 * when absent.  "Name=" (no index) is the empty list.
 */
static int
get_list(const ep_form *form, const char *name, const char *member, char **out, ep_error *err)
{
	char		prefix[128];
	size_t		n,
				i;
	const char **vals;
	json_t	   *arr;

	*out = NULL;
	snprintf(prefix, sizeof(prefix), "%s.%s", name, member);
	vals = ep_form_list(form, prefix, &n);
	if (n == (size_t) -1)
	{
		ep_error_set(err, "InvalidParameterValue",
					 "The list %s must be numbered %s.1, %s.2, ... without gaps or repeats.", name, prefix, prefix);
		return -1;
	}
	if (vals == NULL)
	{
		const char *bare = ep_form_get(form, name);

		if (bare == NULL)
			return 0;
		if (*bare != '\0')
		{
			ep_error_set(err, "InvalidParameterValue", "The list %s must be given as %s.N parameters.", name, prefix);
			return -1;
		}
		*out = strdup("[]");
		return *out ? 0 : -1;
	}
	arr = json_array();
	for (i = 0; i < n && arr; i++)
		if (json_array_append_new(arr, json_string(vals[i])) < 0)
		{
			json_decref(arr);
			arr = NULL;
		}
	free(vals);
	*out = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
	json_decref(arr);
	if (*out == NULL)
	{
		ep_error_set(err, "InternalFailure", "Out of memory.");
		return -1;
	}
	return 0;
}

static int
require(const ep_form *form, const char *name, ep_error *err)
{
	if (ep_form_get(form, name) == NULL)
	{
		ep_error_set(err, "MissingParameter", "The request must contain the parameter %s.", name);
		return -1;
	}
	return 0;
}

/* ---- unmodelled parameters of CreateCluster, validated and dropped ---- */

/*
 * MasterUserPassword: 8 to 64 printable ASCII characters (33-126) other
 * than ' " \ / @, with an upper-case letter, a lower-case letter and a
 * digit.  The message never holds the value.
 */
static int
check_password(const char *pw, ep_error *err)
{
	size_t		n = strlen(pw),
				i;
	int			up = 0,
				low = 0,
				dig = 0,
				bad = 0;

	for (i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) pw[i];

		up |= isupper(c) != 0;
		low |= islower(c) != 0;
		dig |= isdigit(c) != 0;
		bad |= c < 33 || c > 126 || c == '\'' || c == '"' || c == '\\' || c == '/' || c == '@';
	}
	if (n < 8 || n > 64 || !up || !low || !dig || bad)
	{
		ep_error_set(err, "InvalidParameterValue",
					 "The parameter MasterUserPassword is not a valid password. It must be 8 to 64 printable ASCII characters "
					 "other than ' \" \\ / @ and space, with at least one upper-case letter, one lower-case letter and one digit.");
		return -1;
	}
	return 0;
}

/* MasterUsername: 1-128 characters, a letter first, then letters, digits, _ + . @ -; not PUBLIC */
static int
check_username(const char *u, ep_error *err)
{
	size_t		n = strlen(u),
				i;
	int			ok = n >= 1 && n <= 128 && isalpha((unsigned char) u[0]) && strcasecmp(u, "public") != 0;

	for (i = 1; ok && i < n; i++)
		ok = isalnum((unsigned char) u[i]) || strchr("_+.@-", u[i]) != NULL;
	if (!ok)
	{
		ep_error_set(err, "InvalidParameterValue",
					 "The parameter MasterUsername must be 1 to 128 characters: a letter first, then letters, digits, "
					 "underscores, plus signs, periods, at signs or hyphens, and not PUBLIC.");
		return -1;
	}
	return 0;
}

/* DBName: 1-64 lower-case letters, digits, underscores or dollar signs, a letter or underscore first */
static int
check_dbname(const char *d, ep_error *err)
{
	size_t		n = strlen(d),
				i;
	int			ok = n >= 1 && n <= 64 && (islower((unsigned char) d[0]) || d[0] == '_');

	for (i = 1; ok && i < n; i++)
		ok = islower((unsigned char) d[i]) || isdigit((unsigned char) d[i]) || d[i] == '_' || d[i] == '$';
	if (!ok)
	{
		ep_error_set(err, "InvalidParameterValue",
					 "The parameter DBName must be 1 to 64 lower-case letters, digits, underscores or dollar signs, "
					 "starting with a letter or an underscore.");
		return -1;
	}
	return 0;
}

static int
check_create_unmodelled(const ep_form *form, ep_error *err)
{
	static const char *const bools[] = {"AllowVersionUpgrade", "PubliclyAccessible", "Encrypted",
	"EnhancedVpcRouting", NULL};
	const char *v;
	long		x;
	int			i;

	if (require(form, "MasterUsername", err) < 0 || require(form, "MasterUserPassword", err) < 0)
		return -1;
	if (check_username(ep_form_get(form, "MasterUsername"), err) < 0 ||
		check_password(ep_form_get(form, "MasterUserPassword"), err) < 0)
		return -1;
	if ((v = ep_form_get(form, "DBName")) != NULL && check_dbname(v, err) < 0)
		return -1;
	for (i = 0; bools[i]; i++)
		if (check_bool(form, bools[i], err) < 0)
			return -1;
	if (get_int(form, "Port", 1150, 65535, &x, err) < 0 ||
		get_int(form, "AutomatedSnapshotRetentionPeriod", 0, 35, &x, err) < 0 ||
		get_int(form, "ManualSnapshotRetentionPeriod", -1, 3653, &x, err) < 0)
		return -1;
	if ((v = ep_form_get(form, "ManualSnapshotRetentionPeriod")) != NULL && strcmp(v, "0") == 0)
	{
		ep_error_set(err, "InvalidParameterValue", "ManualSnapshotRetentionPeriod must be -1 or between 1 and 3653.");
		return -1;
	}
	return 0;
}

/* ---- the actions ---- */

static const char *const create_members[] = {
	"DBName", "ClusterIdentifier", "ClusterType", "NodeType", "MasterUsername", "MasterUserPassword",
	"ClusterSecurityGroups", "VpcSecurityGroupIds", "ClusterSubnetGroupName", "AvailabilityZone",
	"PreferredMaintenanceWindow", "ClusterParameterGroupName", "AutomatedSnapshotRetentionPeriod",
	"ManualSnapshotRetentionPeriod", "Port", "ClusterVersion", "AllowVersionUpgrade", "NumberOfNodes",
	"PubliclyAccessible", "Encrypted", "HsmClientCertificateIdentifier", "HsmConfigurationIdentifier",
	"ElasticIp", "Tags", "KmsKeyId", "EnhancedVpcRouting", "AdditionalInfo", "IamRoles",
	"MaintenanceTrackName", "SnapshotScheduleIdentifier", "AvailabilityZoneRelocation",
	"AquaConfigurationStatus", "DefaultIamRoleArn", "LoadSampleData", "ManageMasterPassword",
"MasterPasswordSecretKmsKeyId", "IpAddressType", "MultiAZ", "RedshiftIdcApplicationArn", NULL};

/*
 * ClusterType and NumberOfNodes go to create_cluster as given (NULL when
 * absent): the extension holds their rules, the API's inference of the
 * cluster type included.
 */
static int
plan_create(const ep_form *form, ep_call *call, ep_error *err)
{
	long		nodes = 0;
	int			have_nodes;
	char		nbuf[24];
	char	   *roles = NULL;

	if (require(form, "ClusterIdentifier", err) < 0 || require(form, "NodeType", err) < 0 ||
		check_create_unmodelled(form, err) < 0 ||
		(have_nodes = get_int(form, "NumberOfNodes", -2147483647L - 1, 2147483647L, &nodes, err)) < 0 ||
		get_list(form, "IamRoles", "IamRoleArn", &roles, err) < 0)
		return -1;
	snprintf(nbuf, sizeof(nbuf), "%ld", nodes);
	call->sql = "SELECT redshift_iam.create_cluster($1, $2, $3::integer,"
		" ARRAY(SELECT pg_catalog.jsonb_array_elements_text($4::jsonb)), $5, $6)::text";
	if (set_param(call, 0, ep_form_get(form, "ClusterIdentifier")) < 0 ||
		set_param(call, 1, ep_form_get(form, "NodeType")) < 0 ||
		set_param(call, 2, have_nodes ? nbuf : NULL) < 0 ||
		set_param(call, 3, roles ? roles : "[]") < 0 ||
		set_param(call, 4, ep_form_get(form, "DefaultIamRoleArn")) < 0 ||
		set_param(call, 5, ep_form_get(form, "ClusterType")) < 0)
	{
		free(roles);
		ep_error_set(err, "InternalFailure", "Out of memory.");
		return -1;
	}
	free(roles);
	return 0;
}

static const char *const modify_members[] = {"ClusterIdentifier", "AddIamRoles", "RemoveIamRoles",
"DefaultIamRoleArn", NULL};

static int
plan_modify(const ep_form *form, ep_call *call, ep_error *err)
{
	char	   *add = NULL,
			   *rem = NULL;
	int			rc = 0;

	if (require(form, "ClusterIdentifier", err) < 0 ||
		get_list(form, "AddIamRoles", "IamRoleArn", &add, err) < 0 ||
		get_list(form, "RemoveIamRoles", "IamRoleArn", &rem, err) < 0)
	{
		free(add);
		return -1;
	}
	call->sql = "SELECT redshift_iam.modify_cluster_iam_roles($1,"
		" ARRAY(SELECT pg_catalog.jsonb_array_elements_text($2::jsonb)),"
		" ARRAY(SELECT pg_catalog.jsonb_array_elements_text($3::jsonb)), $4)::text";
	if (set_param(call, 0, ep_form_get(form, "ClusterIdentifier")) < 0 ||
		set_param(call, 1, add ? add : "[]") < 0 ||
		set_param(call, 2, rem ? rem : "[]") < 0 ||
		set_param(call, 3, ep_form_get(form, "DefaultIamRoleArn")) < 0)
	{
		ep_error_set(err, "InternalFailure", "Out of memory.");
		rc = -1;
	}
	free(add);
	free(rem);
	return rc;
}

static const char *const describe_members[] = {"ClusterIdentifier", "MaxRecords", "Marker",
"TagKeys", "TagValues", NULL};

static int
plan_describe(const ep_form *form, ep_call *call, ep_error *err)
{
	long		max = 0;
	char		mbuf[24];
	int			have_max = get_int(form, "MaxRecords", -2147483647L, 2147483647L, &max, err);
	char	   *keys = NULL,
			   *values = NULL;

	if (have_max < 0 ||
		get_list(form, "TagKeys", "TagKey", &keys, err) < 0 ||
		get_list(form, "TagValues", "TagValue", &values, err) < 0)
	{
		free(keys);
		return -1;
	}
	snprintf(mbuf, sizeof(mbuf), "%ld", max);
	/* the catalog keeps no tags: a tag filter matches no cluster */
	if ((keys && strcmp(keys, "[]") != 0) || (values && strcmp(values, "[]") != 0))
		call->sql = "SELECT pg_catalog.jsonb_build_object('Clusters', '[]'::jsonb)::text"
			" FROM (SELECT redshift_iam.describe_clusters($1, $2::integer, $3)) AS authorized";
	else
		call->sql = "SELECT redshift_iam.describe_clusters($1, $2::integer, $3)::text";
	free(keys);
	free(values);
	if (set_param(call, 0, ep_form_get(form, "ClusterIdentifier")) < 0 ||
		set_param(call, 1, have_max ? mbuf : NULL) < 0 ||
		set_param(call, 2, ep_form_get(form, "Marker")) < 0)
	{
		ep_error_set(err, "InternalFailure", "Out of memory.");
		return -1;
	}
	return 0;
}

static const char *const delete_members[] = {"ClusterIdentifier", "SkipFinalClusterSnapshot",
"FinalClusterSnapshotIdentifier", "FinalClusterSnapshotRetentionPeriod", NULL};

/*
 * SkipFinalClusterSnapshot defaults to false in the API: the endpoint
 * passes it explicitly, so a request that names no final snapshot gets
 * delete_cluster's InvalidParameterCombination.  The snapshot rules are
 * the extension's; FinalClusterSnapshotRetentionPeriod, which
 * delete_cluster does not take, is checked here.
 */
static int
plan_delete(const ep_form *form, ep_call *call, ep_error *err)
{
	const char *skip = ep_form_get(form, "SkipFinalClusterSnapshot");
	const char *period = ep_form_get(form, "FinalClusterSnapshotRetentionPeriod");
	long		x;

	if (require(form, "ClusterIdentifier", err) < 0 ||
		check_bool(form, "SkipFinalClusterSnapshot", err) < 0)
		return -1;
	if (period != NULL &&
		(get_int(form, "FinalClusterSnapshotRetentionPeriod", -1, 3653, &x, err) < 0 || x == 0))
	{
		ep_error_set(err, "InvalidRetentionPeriodFault",
					 "The retention period specified is either in the past or is not a valid value. "
					 "The value must be either -1 or an integer between 1 and 3,653.");
		return -1;
	}
	call->sql = "SELECT redshift_iam.delete_cluster($1, $2::boolean, $3)::text";
	if (set_param(call, 0, ep_form_get(form, "ClusterIdentifier")) < 0 ||
		set_param(call, 1, skip ? skip : "false") < 0 ||
		set_param(call, 2, ep_form_get(form, "FinalClusterSnapshotIdentifier")) < 0)
	{
		ep_error_set(err, "InternalFailure", "Out of memory.");
		return -1;
	}
	return 0;
}

static const action_def actions[] = {
	{"CreateCluster", create_members, plan_create},
	{"ModifyClusterIamRoles", modify_members, plan_modify},
	{"DescribeClusters", describe_members, plan_describe},
	{"DeleteCluster", delete_members, plan_delete},
};

/* every parameter is Action, Version or a member of the action (by its name before the first '.') */
static int
check_members(const ep_form *form, const action_def *a, ep_error *err)
{
	size_t		i;

	for (i = 0; i < form->n; i++)
	{
		const char *name = form->params[i].name;
		size_t		len = strcspn(name, ".");
		int			j,
					known = 0;

		if (strcmp(name, "Action") == 0 || strcmp(name, "Version") == 0)
			continue;
		for (j = 0; a->members[j] && !known; j++)
			known = strlen(a->members[j]) == len && strncmp(a->members[j], name, len) == 0;
		if (!known)
		{
			ep_error_set(err, "UnknownParameter", "The parameter %.*s is not recognized by the %s action.",
						 (int) rsi_utf8_clip(name, len > 64 ? 64 : len), name, a->name);
			return -1;
		}
	}
	return 0;
}

int
ep_plan(const ep_form *form, ep_call *call, ep_error *err)
{
	const char *action = ep_form_get(form, "Action");
	const char *version = ep_form_get(form, "Version");
	size_t		i;

	memset(call, 0, sizeof(*call));
	if (action == NULL || *action == '\0')
	{
		ep_error_set(err, "MissingAction", "The request must contain the parameter Action.");
		return -1;
	}
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(actions[i].name, action) == 0)
			break;
	if (i == sizeof(actions) / sizeof(actions[0]))
	{
		ep_error_set(err, "InvalidAction", "The action %.*s is not valid for this web service.",
					 (int) rsi_utf8_clip(action, strnlen(action, 64)), action);
		return -1;
	}
	call->action = actions[i].name;
	if (version == NULL || *version == '\0')
	{
		ep_error_set(err, "MissingParameter", "The request must contain the parameter Version.");
		return -1;
	}
	if (strcmp(version, EP_API_VERSION) != 0)
	{
		ep_error_set(err, "NoSuchVersion", "The requested version (%.*s) of service AmazonRedshift does not exist.",
					 (int) rsi_utf8_clip(version, strnlen(version, 32)), version);
		return -1;
	}
	if (check_members(form, &actions[i], err) < 0 || actions[i].plan(form, call, err) < 0)
	{
		ep_call_free(call);
		return -1;
	}
	return 0;
}

void
ep_call_free(ep_call *call)
{
	int			i;

	for (i = 0; i < call->nparams; i++)
		free(call->params[i]);
	call->nparams = 0;
}
