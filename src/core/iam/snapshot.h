/*
 * snapshot.h — an IAM snapshot: roles with their trust and permission
 * policies, and resource-based policies, read from the JSON that
 * `aws iam get-account-authorization-details` prints.
 *
 * Input: RoleDetailList (Arn, RoleName, AssumeRolePolicyDocument,
 * RolePolicyList, AttachedManagedPolicies), Policies (Arn,
 * DefaultVersionId, PolicyVersionList), and our own optional top-level
 * "ResourcePolicies": [{"ResourceArn", "Policy", "AccountId"}] for S3
 * bucket, KMS key and Lambda function policies.  Documents may be JSON
 * objects (the AWS CLI decodes them) or URL-encoded strings (the raw
 * API).  Every document is compiled with the policy engine once.
 *
 * A document that does not compile, or a managed policy that the export
 * does not contain, does not fail the load: the role is marked so that
 * what depends on it is reported as unknown, never refused.
 */
#ifndef RSI_IAM_SNAPSHOT_H
#define RSI_IAM_SNAPSHOT_H

#include <stddef.h>

#include "policy/policy.h"

typedef struct rsi_iam_role
{
	const char *arn;
	const char *name;
	const char *account;		/* 12 digits, from the ARN */
	const rsi_policy *trust;	/* NULL when missing or broken */
	const rsi_policy **perms;	/* inline, then attached managed (default version) */
	size_t		nperms;
	const char *trust_problem;	/* why trust cannot be evaluated, or NULL */
	const char *perms_problem;	/* why permissions cannot be evaluated, or NULL */
} rsi_iam_role;

typedef struct rsi_iam_resource_policy
{
	const char *arn;			/* the resource (bucket, key, function) */
	const char *account;		/* owner: AccountId, else from the ARN, else the
								 * export's one account, else NULL */
	const rsi_policy *policy;	/* NULL when broken */
	const char *problem;
} rsi_iam_resource_policy;

typedef struct rsi_iam_snapshot rsi_iam_snapshot;

typedef struct rsi_iam_load_error
{
	char		message[256];
	int			out_of_memory;
} rsi_iam_load_error;

/* Load from text (length-delimited).  NULL on failure with *err filled. */
extern rsi_iam_snapshot *rsi_iam_snapshot_load(const char *json, size_t len,
											   rsi_iam_load_error *err);
extern void rsi_iam_snapshot_free(rsi_iam_snapshot *s);

extern size_t rsi_iam_snapshot_role_count(const rsi_iam_snapshot *s);
extern const rsi_iam_role *rsi_iam_find_role(const rsi_iam_snapshot *s, const char *arn);

/* The resource policy supplied for exactly this ARN, or NULL. */
extern const rsi_iam_resource_policy *rsi_iam_find_resource_policy(const rsi_iam_snapshot *s,
																	const char *arn);

/* The 12-digit account of an ARN (its fifth field) into out[13]; 0 when it has none. */
extern int	rsi_iam_arn_account(const char *arn, char *out);

#endif							/* RSI_IAM_SNAPSHOT_H */
