/*
 * check.h — may this parsed command run on this cluster?
 *
 * The single implementation of the check rules, shared by check_command and
 * validate_script in the server and by the offline checker.  The catalog is
 * reached through a callback, so the server looks associations up with one
 * index scan and the CLI in describe-clusters JSON.
 */
#ifndef RSI_CHECK_H
#define RSI_CHECK_H

#include "parse/command.h"

typedef enum rsi_assoc_status
{
	RSI_ASSOC_NONE = 0,			/* not associated with this cluster */
	RSI_ASSOC_ADDING,
	RSI_ASSOC_IN_SYNC,
	RSI_ASSOC_REMOVING
} rsi_assoc_status;

typedef enum rsi_keys_mode
{
	RSI_KEYS_MODE_ALLOW = 0,
	RSI_KEYS_MODE_WARN,
	RSI_KEYS_MODE_TEMPORARY,
	RSI_KEYS_MODE_DENY
} rsi_keys_mode;

typedef struct rsi_cluster_view
{
	int			found;			/* 0: the cluster does not exist */
	const char *identifier;
	const char *account_id;
	const char *region;
	const char *status;			/* effective ClusterStatus, e.g. "available" */
	const char *default_role;	/* NULL when none is set */

	/*
	 * Effective status of role 'arn' on this cluster; *seconds_left is the
	 * time until an 'adding' association is in-sync, negative when not
	 * known (may be NULL).
	 */
	rsi_assoc_status (*role_status) (void *ctx, const char *arn, double *seconds_left);

	/* Comma-separated list of other clusters the role is associated with ("" if none). */
	void		(*role_elsewhere) (void *ctx, const char *arn, char *buf, size_t bufsz);
	void	   *ctx;

	/*
	 * Set for a Redshift Serverless namespace (identifier is its name),
	 * named directly or through workgroup: messages name the namespace and
	 * the fixes are made in AWS and imported again, not through the
	 * cluster API.
	 */
	int			serverless;
	const char *workgroup;		/* the workgroup named, or NULL */
	const char *availability;	/* ClusterAvailabilityStatus, NULL when unknown */
} rsi_cluster_view;

/*
 * Who reads the hint.  Either way the hint says to change AWS, where the
 * cluster's roles really live: the server's adds how to bring the catalog
 * up to date (import again, or the SQL call for a catalog maintained by
 * hand); the CLI's is an AWS CLI command.
 */
typedef enum rsi_hint_style
{
	RSI_HINTS_SQL = 0,			/* check_command, validate_script */
	RSI_HINTS_AWS_CLI			/* redshift-iam-check */
} rsi_hint_style;

typedef struct rsi_check_options
{
	rsi_keys_mode keys_mode;
	const char *db_user;		/* for the dbuser ARN in messages */
	rsi_hint_style hints;
} rsi_check_options;

/* What a refusal or warning asks the user to do: the parts of the hint. */
typedef enum rsi_fix_kind
{
	RSI_FIX_NONE = 0,
	RSI_FIX_FIND_CLUSTER,		/* check the identifier; list the clusters */
	RSI_FIX_WAIT_AVAILABLE,		/* wait until the cluster is available */
	RSI_FIX_ASSOCIATE,			/* associate role with cluster */
	RSI_FIX_WAIT_IN_SYNC,		/* wait until role is in-sync */
	RSI_FIX_KEEP_ROLE,			/* associate the role being removed again */
	RSI_FIX_SET_DEFAULT,		/* set a default role on cluster */
	RSI_FIX_USE_ROLE,			/* use IAM_ROLE instead of access keys */
	RSI_FIX_PREFER_ROLE,		/* the same, for a warning */
	RSI_FIX_VALUE,				/* correct the value: the rule's help */
	/* IAM (iam/iam_check.h): the change is made in IAM, then exported again */
	RSI_FIX_TRUST_SERVICE,		/* role's trust policy: allow redshift.amazonaws.com */
	RSI_FIX_TRUST_ROLE,			/* role's trust policy: allow principal (the previous role) */
	RSI_FIX_ALLOW_ASSUME,		/* role's permissions: sts:AssumeRole on resource */
	RSI_FIX_ALLOW_ACTION,		/* role's permissions: action on resource (and owner's policy) */
	RSI_FIX_ALLOW_RESOURCE,		/* holder's resource policy: principal may do action on resource */
	RSI_FIX_EXPORT_ROLE			/* role is missing from the IAM snapshot */
} rsi_fix_kind;

/*
 * The parts of a hint.  The IAM parts may point at the caller's buffers:
 * rsi_fix_hint renders them at once, and the IAM check clears them after.
 */
typedef struct rsi_fix
{
	rsi_fix_kind kind;
	const char *cluster;		/* the cluster's identifier */
	const char *role;			/* the role concerned (an ARN), or NULL */
	const char *rule;			/* RSI_FIX_VALUE: the problem's rule id */
	int			serverless;		/* cluster names a Serverless namespace */
	const char *principal;		/* RSI_FIX_TRUST_ROLE: who must be trusted */
	const char *action;			/* RSI_FIX_ALLOW_ACTION */
	const char *resource;		/* RSI_FIX_ALLOW_ASSUME, RSI_FIX_ALLOW_ACTION */
	const char *owner;			/* RSI_FIX_ALLOW_ACTION across accounts: the resource's owner */
	const char *account;		/* RSI_FIX_TRUST_SERVICE: the cluster's account */
	const char *cluster_arn;	/* RSI_FIX_TRUST_SERVICE */
	const char *holder;			/* RSI_FIX_ALLOW_RESOURCE: the bucket, key or function */
} rsi_fix;

typedef struct rsi_verdict
{
	int			allowed;
	int			warning;		/* allowed, with a warning (long-term keys) */
	const char *sqlstate;		/* "00000" when allowed */
	const char *rule;			/* short id: "role-not-associated", ... */
	const char *resolved_role;	/* the role the command would use, or NULL */
	rsi_fix		fix;			/* the parts of the hint */
	char		message[1024];
	char		detail[1024];
	char		hint[1024];
	int			templated_site; /* templated-value: the rsi_template_site */
} rsi_verdict;

extern void rsi_check_command(const rsi_command *cmd, const rsi_cluster_view *cl,
							  const rsi_check_options *opt, rsi_verdict *v);

extern const char *rsi_assoc_status_name(rsi_assoc_status s);	/* "in-sync", ... */

/*
 * The hint of fix for style, into buf (always terminated; "" for
 * RSI_FIX_NONE).  A command or SQL call that would not fit whole is left
 * out rather than cut: the hint then names what to run without it.
 * rsi_check_command fills v->hint with it.
 */
extern void rsi_fix_hint(const rsi_fix *fix, rsi_hint_style style, char *buf, size_t bufsz);

/*
 * Where a refusal or warning of cmd points, as a byte offset in the
 * command's text: the first problem, else the authorization clause, else
 * the command's first token (also for the cluster's own state).  The CLI's
 * line:col and validate_script's line and col are this position.
 */
extern size_t rsi_verdict_pos(const rsi_command *cmd, const rsi_verdict *v);

#endif							/* RSI_CHECK_H */
