/*
 * rsi_policy.h — IAM principals and identity policies in the glue.
 *
 * The catalog (extension/parts/30_policy.sql) maps database roles to IAM
 * principals and holds each principal's inline policies as jsonb.  These
 * helpers read it as the catalog owner with kept plans (rsi_pg_catalog_read), never write, and
 * so work on a hot standby; compiled policies are cached per backend
 * (policy_store.c).  Evaluation itself is the core's (policy.h).
 */
#ifndef RSI_PG_POLICY_H
#define RSI_PG_POLICY_H

#include "postgres.h"

#include "utils/jsonb.h"

#include "policy/policy.h"

/* An IAM user or role ARN taken apart (palloc'd strings). */
typedef struct rsi_principal
{
	char	   *arn;
	char		account[13];
	bool		is_user;
	char	   *name;			/* user or role name, without the path */
} rsi_principal;

/*
 * Take a principal ARN apart.  Returns NULL when it is valid, else why not
 * (a static sentence fragment from the core's validator).
 */
extern const char *rsi_principal_parse(const char *arn, rsi_principal *out);

/*
 * The principal ARN the database role is mapped to (palloc'd), or NULL.
 * A mapping applies only while the role with the stored OID has the
 * stored name; a stale one raises 55000 when stale_error, else is NULL.
 */
extern char *rsi_principal_of_role(Oid roleid, bool stale_error);

/*
 * The account a database role acts in (redshift_iam.account_id for a
 * superuser or an unmapped role, else its principal's) and, in
 * *principal, its principal ARN or NULL (a superuser's stale mapping is
 * ignored, anyone else's raises 55000).  One lookup for both, for the
 * checks: their caller is GetUserId() (docs/safety.md).
 */
extern const char *rsi_authz_account_of(Oid role, char **principal);
extern const char *rsi_authz_explicit_account(Oid role, const char **name);

/* Is the principal known: mapped to a role, or holding a policy? */
extern bool rsi_principal_known(const char *arn);

/*
 * The principal's compiled policies, ordered by policy name, from the
 * backend's cache (reloaded when the catalog changed, see policy_store.c).
 * The array and the policies stay valid until the next call.
 */
extern size_t rsi_principal_policies(const char *arn, const rsi_policy *const **policies);

/*
 * Compile a policy document with the core.  A malformed document raises
 * 22023 "An error occurred (MalformedPolicyDocument) when calling the
 * <operation> operation: [<where>: ]<element>: <message>"; one over the
 * API's size cap raises 54000 LimitExceeded.  The policy is freed with
 * CurrentMemoryContext.
 */
extern rsi_policy *rsi_pg_compile_policy(Jsonb *doc, const char *name,
										 const char *operation, const char *where);

/*
 * The same for a document of any kind (identity, trust, resource-based) as
 * JSON text in the server's encoding: the engine's one rule for each kind,
 * Principal included; text that is not JSON is refused naming the line and
 * column.
 */
extern rsi_policy *rsi_pg_compile_policy_text(const char *text, size_t len, const char *name,
											  rsi_policy_kind kind, const char *operation,
											  const char *where);

/*
 * The same, remembered per backend by the document's exact bytes and name
 * (policy_memo.c): simulate_custom_policy compiles a document it has seen
 * before only once.  Call rsi_pg_policy_memo_begin() at the start of each
 * call; the policies returned stay valid until the next begin.
 */
extern void rsi_pg_policy_memo_begin(void);
extern const rsi_policy *rsi_pg_compile_policy_memo(Jsonb *doc, const char *name,
													const char *operation, const char *where);

/* Context entries built on a palloc'd list (for requests). */
typedef struct rsi_pg_context
{
	rsi_context_entry *entries;
	int			n;
	int			cap;
} rsi_pg_context;

/* Add key with one value (the strings are kept, not copied). */
extern void rsi_pg_context_add(rsi_pg_context *ctx, const char *key, const char *value);

/* Add key with nvalues values (the array is kept, not copied). */
extern void rsi_pg_context_add_list(rsi_pg_context *ctx, const char *key,
									const char *const *values, int nvalues);

/*
 * Evaluate, raising 53200 on the core's allocation failure and 54000
 * LimitExceeded (as operation's error) when policy variables expand past
 * RSI_POLICY_MAX_CHARS characters; a query cancel or statement_timeout
 * stops the evaluation (the core is asked to stop, frees its memory, and
 * CHECK_FOR_INTERRUPTS raises).
 */
extern void rsi_pg_evaluate(const rsi_policy *const *policies, size_t n,
							const rsi_request *req, const char *operation,
							rsi_eval_result *out);

#endif							/* RSI_PG_POLICY_H */
