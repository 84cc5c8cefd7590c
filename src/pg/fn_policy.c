/*
 * fn_policy.c — C helpers of the principal and policy catalog.
 *
 * map_principal, put_principal_policy and delete_principal_policy are
 * PL/pgSQL in extension/parts/30_policy.sql; the rules the core owns (the
 * principal ARN, the policy document) are reached through these functions
 * so they have one implementation.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "rsi_catalog.h"
#include "rsi_policy.h"

PG_FUNCTION_INFO_V1(rsi_sql_check_principal_arn);
PG_FUNCTION_INFO_V1(rsi_sql_check_policy_document);

#define PRINCIPAL_HINT "An IAM principal is a user or a role: arn:aws:iam::123456789012:user/etl or arn:aws:iam::123456789012:role/Admin (a path such as user/division/etl is allowed)."

/* Raise 22023 unless the text is a principal ARN; returns its parts. */
static void
check_principal(const char *arn, rsi_principal *p)
{
	const char *why = rsi_principal_parse(arn, p);

	if (why != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("\"%s\" is not a valid IAM principal ARN: %s", arn, why),
				 errhint(PRINCIPAL_HINT)));
}

/*
 * redshift_iam_internal._check_principal_arn(principal_arn text) RETURNS text
 * 'user' or 'role'; raises 22023 for anything else.
 */
Datum
rsi_sql_check_principal_arn(PG_FUNCTION_ARGS)
{
	rsi_principal p;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the IAM principal ARN must not be null"),
				 errhint(PRINCIPAL_HINT)));
	check_principal(text_to_cstring(PG_GETARG_TEXT_PP(0)), &p);
	PG_RETURN_TEXT_P(cstring_to_text(p.is_user ? "user" : "role"));
}

/*
 * redshift_iam_internal._check_policy_document(policy_document jsonb, policy_name
 * text, operation text) RETURNS integer
 *
 * The number of statements; raises MalformedPolicyDocument (22023) naming
 * the element, or LimitExceeded (54000) over the size cap.
 */
Datum
rsi_sql_check_policy_document(PG_FUNCTION_ARGS)
{
	rsi_policy *p;

	if (PG_ARGISNULL(0))
		rsi_pg_aws_error(ERRCODE_INVALID_PARAMETER_VALUE, "MalformedPolicyDocument",
						 PG_ARGISNULL(2) ? "PutUserPolicy" : text_to_cstring(PG_GETARG_TEXT_PP(2)),
						 NULL, "the policy document must not be null");
	p = rsi_pg_compile_policy(PG_GETARG_JSONB_P(0),
							  PG_ARGISNULL(1) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(1)),
							  PG_ARGISNULL(2) ? "PutUserPolicy" : text_to_cstring(PG_GETARG_TEXT_PP(2)),
							  NULL);
	PG_RETURN_INT32((int32) rsi_policy_statement_count(p));
}
