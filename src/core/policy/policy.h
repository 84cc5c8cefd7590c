/*
 * policy.h — IAM identity-policy documents: parse, validate, evaluate.
 *
 * Plain C11 + jansson, no PostgreSQL headers.  Nothing here prints, exits
 * or keeps global state; results and diagnostics are returned to the
 * caller.  Semantics: docs/policy.md.
 */
#ifndef RSI_POLICY_H
#define RSI_POLICY_H

#include <stddef.h>

/* The IAM API's cap on a policy document, in characters. */
#define RSI_POLICY_MAX_CHARS	131072

typedef enum rsi_decision
{
	RSI_DECISION_IMPLICIT_DENY = 0,
	RSI_DECISION_ALLOWED,
	RSI_DECISION_EXPLICIT_DENY
} rsi_decision;

/* "implicitDeny" | "allowed" | "explicitDeny" (IAM simulator spelling) */
extern const char *rsi_decision_name(rsi_decision d);

typedef struct rsi_policy rsi_policy;	/* opaque compiled policy */

typedef struct rsi_policy_error
{
	char		element[128];	/* e.g. "Statement[2].Effect" */
	char		message[256];	/* e.g. "Effect must be exactly ..." */
	int			out_of_memory;	/* nonzero: not the document's fault */
} rsi_policy_error;

typedef struct rsi_policy_options
{
	size_t		max_chars;		/* document size cap; 0 = no cap */
} rsi_policy_options;

/*
 * Parse from text (length-delimited, NOT NUL-terminated), validate,
 * compile.  On failure returns NULL and fills *err (err may be NULL).
 * `name` (may be NULL) is copied; it names the policy in matched-statement
 * reports.  rsi_policy_parse applies RSI_POLICY_MAX_CHARS; the _ext form
 * takes options (NULL = defaults).
 */
extern rsi_policy *rsi_policy_parse(const char *text, size_t len,
									const char *name, rsi_policy_error *err);
extern rsi_policy *rsi_policy_parse_ext(const char *text, size_t len,
										const char *name,
										const rsi_policy_options *opts,
										rsi_policy_error *err);
extern void rsi_policy_free(rsi_policy *p);

/*
 * The three kinds of policy document.  An identity policy (what
 * rsi_policy_parse reads) has no Principal and needs a Resource.  A
 * resource-based policy (S3 bucket, KMS key, Lambda function) needs a
 * Principal or NotPrincipal in every statement and may carry an Id.  A
 * role's trust policy is a resource-based policy whose resource is the
 * role itself, so it may omit Resource (the statement then applies to
 * any resource).  IAM User Guide, "IAM JSON policy elements: Principal",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html.
 */
typedef enum rsi_policy_kind
{
	RSI_POLICY_IDENTITY = 0,
	RSI_POLICY_RESOURCE,
	RSI_POLICY_TRUST
} rsi_policy_kind;

extern rsi_policy *rsi_policy_parse_kind(const char *text, size_t len,
										 const char *name, rsi_policy_kind kind,
										 const rsi_policy_options *opts,
										 rsi_policy_error *err);
extern rsi_policy_kind rsi_policy_get_kind(const rsi_policy *p);

extern size_t rsi_policy_statement_count(const rsi_policy *p);
extern const char *rsi_policy_name(const rsi_policy *p);

/* Request context: key -> one or more values.  Keys match case-insensitively. */
typedef struct rsi_context_entry
{
	const char *key;
	const char *const *values;
	size_t		nvalues;		/* 0 values = the key is absent */
} rsi_context_entry;

typedef struct rsi_request
{
	const char *action;			/* "iam:PassRole" */
	const char *resource;		/* role / cluster ARN, or "*" */
	const rsi_context_entry *context;	/* also supplies ${...} variables */
	size_t		ncontext;
} rsi_request;

typedef struct rsi_matched_statement
{
	const char *policy_name;	/* points into the policy */
	int			statement_index;	/* 0-based position in Statement */
	const char *sid;			/* points into the policy; NULL if none */
	int			effect_deny;

	/*
	 * Resource-based policies: the statement's Principal matched the
	 * caller only through its account (an account ID or the account's
	 * root ARN), which delegates the decision to that account's identity
	 * policies instead of granting by itself.
	 */
	int			via_account;
} rsi_matched_statement;

typedef struct rsi_eval_result
{
	rsi_decision decision;
	/* statements that decided: the denies if explicitDeny, the allows if allowed */
	rsi_matched_statement *matched;
	size_t		nmatched;
	/* condition/variable keys absent from the context (MissingContextValues) */
	char	  **missing_context;
	size_t		nmissing;
} rsi_eval_result;

/*
 * Evaluate the identity policies of one principal (NULL entries are
 * skipped).  Returns 0 on success, -1 on allocation failure (then *out is
 * empty).  The strings in out->matched point into the policies, so keep
 * them alive while reading the result; missing_context is owned by *out.
 */
extern int	rsi_policy_evaluate(const rsi_policy *const *policies,
								size_t npolicies, const rsi_request *req,
								rsi_eval_result *out);

/*
 * Evaluation with bounds and a way out, for callers that evaluate what a
 * stranger wrote (the open simulator).
 *
 * max_expanded bounds, in bytes, the text a ${...} template expands to
 * (0 = RSI_POLICY_MAX_CHARS): a Resource of 16,000 variables each
 * replaced by a long context value would otherwise grow without limit.
 * should_stop, when not NULL, is called now and then (every statement,
 * every substitution, every context value compared) with arg; a nonzero
 * answer stops the evaluation, which frees what it made and returns
 * RSI_EVAL_STOPPED, so the caller can handle a pending cancel outside
 * the core.
 */
typedef struct rsi_eval_options
{
	size_t		max_expanded;
	int			(*should_stop) (void *arg);
	void	   *arg;
} rsi_eval_options;

typedef struct rsi_eval_error
{
	char		element[160];	/* e.g. "Statement[0].Resource[2]" */
	char		policy[136];	/* the policy's name, "" if none */
} rsi_eval_error;

#define RSI_EVAL_OK			0
#define RSI_EVAL_NOMEM		(-1)
#define RSI_EVAL_TOO_LONG	(-2)	/* *err names the element */
#define RSI_EVAL_STOPPED	(-3)

/*
 * rsi_policy_evaluate with options (NULL = defaults) and an error report
 * (may be NULL).  Returns one of RSI_EVAL_*; on anything but RSI_EVAL_OK
 * *out is empty.  rsi_policy_evaluate is this with the defaults, and
 * returns -1 on any failure.
 */
extern int	rsi_policy_evaluate_ext(const rsi_policy *const *policies,
									size_t npolicies, const rsi_request *req,
									const rsi_eval_options *opts,
									rsi_eval_result *out, rsi_eval_error *err);
extern void rsi_eval_result_free(rsi_eval_result *r);

/*
 * Who makes the request, for the Principal element of resource-based and
 * trust policies.  type is "AWS" (names: the caller's ARNs, e.g. the
 * role's ARN; account: its 12-digit account) or "Service" (names: the
 * service principal and its regional form).  Statements with a Principal
 * never apply when no principal is given; statements without one (identity
 * policies) apply whoever asks.
 */
typedef struct rsi_principal_req
{
	const char *type;			/* "AWS", "Service", "Federated" */
	const char *const *names;
	size_t		nnames;
	const char *account;		/* AWS: the caller's account, may be NULL */
} rsi_principal_req;

extern int	rsi_policy_evaluate_as(const rsi_policy *const *policies,
								   size_t npolicies, const rsi_request *req,
								   const rsi_principal_req *principal,
								   const rsi_eval_options *opts,
								   rsi_eval_result *out, rsi_eval_error *err);

/*
 * Wildcard matching as the policy language does it: '*' any run of
 * characters (including none), '?' exactly one character, everything else
 * literal.  Linear in practice, O(pattern * subject) worst case, iterative.
 */
#define RSI_GLOB_ICASE	0x01	/* ASCII case-insensitive */
extern int	rsi_glob_match(const char *pattern, size_t plen,
						   const char *subject, size_t slen, int flags);

/*
 * ArnLike/ArnEquals: both sides split at their first five colons into
 * arn:partition:service:region:account:resource and each part globbed
 * separately (case-sensitive); either side with fewer than six parts
 * does not match.
 */
extern int	rsi_arn_match(const char *pattern, size_t plen,
						  const char *subject, size_t slen);

#endif							/* RSI_POLICY_H */
