/*
 * permissions.h — what Redshift asks of AWS for a command: the IAM
 * requests (action, resource ARN, context keys) the role that does the
 * work must be allowed.  One table, in permissions.c, each row with the
 * AWS page it comes from; docs/permissions.md is the same table in prose.
 */
#ifndef RSI_IAM_PERMISSIONS_H
#define RSI_IAM_PERMISSIONS_H

#include <stddef.h>

#include "parse/command.h"

#define RSI_IAM_ARN_MAX 1100	/* longest resource ARN built (an S3 key is up to 1,024 bytes) */
#define RSI_IAM_MAX_REQUESTS 16

/* Where a request's values come from. */
typedef struct rsi_iam_env
{
	const char *partition;		/* "aws", "aws-cn", ... */
	const char *region;			/* the cluster's region */
	const char *account;		/* the account of the role that makes the request */
	const char *catalog_account;	/* the same for CATALOG_ROLE's requests */
} rsi_iam_env;

typedef struct rsi_iam_perm_request
{
	const char *action;			/* "s3:GetObject" */
	char		resource[RSI_IAM_ARN_MAX];
	const char *ctx_key;		/* one request-specific context key, or NULL */
	char		ctx_value[RSI_IAM_ARN_MAX];
	int			by_catalog_role;	/* made with CATALOG_ROLE's last role, when given */
	const char *why;			/* "the objects under the FROM prefix", ... */
	const char *source;			/* URL of the AWS page the row comes from */
} rsi_iam_perm_request;

/*
 * The requests cmd makes, in table order, into out[0..max).  Returns how
 * many (at most max); *note (may be NULL) is set to a sentence about what
 * the table cannot see (the files a manifest lists, the streams a Kinesis
 * schema reads later), or NULL.
 */
extern size_t rsi_iam_requests_for(const rsi_command *cmd, const rsi_iam_env *env,
								   rsi_iam_perm_request *out, size_t max,
								   const char **note);

#endif							/* RSI_IAM_PERMISSIONS_H */
