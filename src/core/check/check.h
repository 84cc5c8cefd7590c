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
} rsi_cluster_view;

typedef struct rsi_check_options
{
	rsi_keys_mode keys_mode;
	const char *db_user;		/* for the dbuser ARN in messages */
} rsi_check_options;

typedef struct rsi_verdict
{
	int			allowed;
	int			warning;		/* allowed, with a warning (long-term keys) */
	const char *sqlstate;		/* "00000" when allowed */
	const char *rule;			/* short id: "role-not-associated", ... */
	const char *resolved_role;	/* the role the command would use, or NULL */
	char		message[1024];
	char		detail[1024];
	char		hint[1024];
} rsi_verdict;

extern void rsi_check_command(const rsi_command *cmd, const rsi_cluster_view *cl,
							  const rsi_check_options *opt, rsi_verdict *v);

extern const char *rsi_assoc_status_name(rsi_assoc_status s);	/* "in-sync", ... */

/*
 * Where a refusal or warning of cmd points, as a byte offset in the
 * command's text: the first problem, else the authorization clause, else
 * the command's first token (also for the cluster's own state).  The CLI's
 * line:col and validate_script's line and col are this position.
 */
extern size_t rsi_verdict_pos(const rsi_command *cmd, const rsi_verdict *v);

#endif							/* RSI_CHECK_H */
