/*
 * iam_check.h — will Redshift be able to do what this command asks?
 *
 * After the association rules (check/check.h) pass, the command's roles
 * and the requests of the permission table are evaluated against an IAM
 * snapshot: the trust of the first role (and of CATALOG_ROLE's first
 * role) for the service principal redshift.amazonaws.com, each link of a
 * chain, and the permissions of the role that does the work, identity
 * policies with any supplied resource-based policy, same-account and
 * cross-account as IAM evaluates them.  docs/permissions.md.
 */
#ifndef RSI_IAM_CHECK_H
#define RSI_IAM_CHECK_H

#include "check/check.h"
#include "iam/snapshot.h"
#include "iam/permissions.h"

typedef enum rsi_iam_outcome
{
	RSI_IAM_ALLOWED = 0,
	RSI_IAM_IMPLICIT_DENY,
	RSI_IAM_EXPLICIT_DENY,
	RSI_IAM_UNKNOWN				/* the snapshot lacks what the step needs */
} rsi_iam_outcome;

/* "allowed" | "implicitDeny" | "explicitDeny" | "unknown" */
extern const char *rsi_iam_outcome_name(rsi_iam_outcome o);

#define RSI_IAM_STEP_MATCHED 4
#define RSI_IAM_STEP_MISSING 4

typedef struct rsi_iam_step
{
	const char *step;			/* "trust", "catalog-trust", "chain-trust",
								 * "chain-permission", "permission" */
	char		role[700];		/* the role whose policy decided */
	char		principal[700]; /* who asks: the service or the previous role */
	const char *action;
	char		resource[RSI_IAM_ARN_MAX];
	rsi_iam_outcome outcome;
	char		matched[RSI_IAM_STEP_MATCHED][300]; /* "Statement[0] (Sid X) of <policy>" */
	int			nmatched;
	char		missing[RSI_IAM_STEP_MISSING][128]; /* context keys the policies test and the request lacks */
	int			nmissing;
	char		note[400];		/* why unknown; which side decided */
	const char *source;			/* AWS page of a permission row, or NULL */
} rsi_iam_step;

typedef struct rsi_iam_result
{
	int			evaluated;		/* 0: nothing to evaluate (keys, SESSION, no role) */
	int			unknown;		/* some step is unknown */
	const char *note;			/* what the permission table cannot see, or NULL */
	rsi_iam_step *steps;
	size_t		nsteps;
	size_t		capsteps;
	int			oom;
} rsi_iam_result;

typedef struct rsi_iam_options
{
	int			refuse_unknown; /* a role missing from the snapshot is refused */
	const char *db_user;
	rsi_hint_style hints;		/* the CLI's hints name the aws iam command */
} rsi_iam_options;

/*
 * Evaluate cmd, already allowed by rsi_check_command (*v), against snap.
 * A refusal overwrites *v (28000 for trust and chain links, 42501 for
 * permissions); steps go to *res (free with rsi_iam_result_free).  Returns
 * 0, or -1 when out of memory (*v untouched).
 */
extern int	rsi_iam_check(const rsi_iam_snapshot *snap, const rsi_command *cmd,
						  const rsi_cluster_view *cl, const rsi_iam_options *opt,
						  rsi_verdict *v, rsi_iam_result *res);
extern void rsi_iam_result_free(rsi_iam_result *res);

/*
 * The result as JSON text (malloc'd, NUL-terminated; NULL when out of
 * memory): {"evaluated": bool, "unknown": bool, "note": ..., "steps":
 * [{"step", "role", "principal", "action", "resource", "decision",
 * "matched": [...], "missing_context": [...], "note", "source"}]}; a
 * step leaves out principal when it is the role, and missing_context,
 * note and source when empty.
 */
extern char *rsi_iam_result_json(const rsi_iam_result *res);

/*
 * IAM's decision for one request (the permission step's rule, exposed for
 * the differential test): identity policies, the resource's policy (NULL
 * when none is supplied) and its owner's account (NULL: the account in the
 * resource ARN, else the principal's); pr is the caller (type "AWS", its
 * ARNs, its account).  Explicit deny wins; same account: identity allow or
 * a resource policy naming the caller (a KMS key policy must allow or
 * delegate); cross-account: both; no resource policy across accounts is
 * RSI_IAM_UNKNOWN.  Returns -1 when out of memory.
 */
typedef struct rsi_iam_decision
{
	rsi_iam_outcome outcome;
	int			same_account;
	int			resource_side;	/* the resource policy decided a refusal */
	int			have_resource;
	rsi_eval_result identity;
	rsi_eval_result resource;	/* when have_resource */
} rsi_iam_decision;

extern int	rsi_iam_decide(const rsi_policy *const *identity, size_t nidentity,
						   const rsi_policy *resource_policy, const char *owner,
						   const rsi_principal_req *pr, const rsi_request *req,
						   rsi_iam_decision *d);
extern void rsi_iam_decision_free(rsi_iam_decision *d);

#endif							/* RSI_IAM_CHECK_H */
