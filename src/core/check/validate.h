/*
 * validate.h — value rules shared by the parser, the catalog functions and
 * the command-line checker.  Each rule has exactly one implementation here.
 *
 * Check functions take length-delimited text and return NULL when the value
 * is valid, or a static English sentence fragment saying what is wrong
 * (suitable after "... is not a valid IAM role ARN: ").
 */
#ifndef RSI_VALIDATE_H
#define RSI_VALIDATE_H

#include <stddef.h>

/* Parts of a role ARN, as offsets into the checked text. */
typedef struct rsi_role_arn
{
	size_t		partition_off,
				partition_len;
	char		account[13];	/* 12 digits + NUL */
	size_t		path_off,		/* includes leading and trailing '/' */
				path_len;
	size_t		name_off,
				name_len;
} rsi_role_arn;

/* arn:<partition>:iam::<12 digits>:role/<path><name> (IAM identifiers) */
extern const char *rsi_role_arn_check(const char *s, size_t n, rsi_role_arn *parts);

/*
 * An IAM principal: arn:<partition>:iam::<12 digits>:user/<path><name> or
 * ...:role/<path><name>.  *is_user (may be NULL) is set to 1 for a user.
 * parts (may be NULL) gets the same offsets as for a role ARN.
 */
extern const char *rsi_principal_arn_check(const char *s, size_t n, rsi_role_arn *parts,
										   int *is_user);

/* A valid role ARN under /aws-service-role/: Redshift refuses to
 * associate one with a cluster. */
extern int	rsi_role_arn_is_service_linked(const char *s, size_t n);

/*
 * Could this text be a credentials-string key name, such as aws_iam_role
 * or a mistyped AWS_IAM_ROLE?  1 to 32 of [A-Za-z_], not mixing upper- and
 * lowercase letters.  Base64 secrets and tokens never pass (they mix cases,
 * and hold digits, '/' or '+'), so text that passes may be quoted in a
 * message and kept by the redactor; anything else is treated as secret.
 */
extern int	rsi_credentials_key_like(const char *s, size_t n);

/* Does the text look like a bare role name rather than an ARN? */
extern int	rsi_looks_like_role_name(const char *s, size_t n);

/* AKIA/ASIA followed by [A-Z0-9], 16 to 128 characters in all. */
extern const char *rsi_access_key_id_check(const char *s, size_t n);

/* Is this key ID temporary (ASIA...)? */
extern int	rsi_access_key_is_temporary(const char *s, size_t n);

/* 1-63 of [a-z0-9-], starts with a letter, no "--", no trailing '-'. */
extern const char *rsi_cluster_identifier_check(const char *s, size_t n);

/* 12 decimal digits. */
extern const char *rsi_account_id_check(const char *s, size_t n);

/*
 * A region name such as us-east-1, eu-central-2, us-gov-west-1 or
 * cn-north-1: 4 to 32 of [a-z0-9-], a letter first and a digit last, at
 * least two hyphens and never two in a row.  The one rule behind the
 * setting redshift_iam.region and the CLI's --region.
 */
extern const char *rsi_region_check(const char *s, size_t n);

/*
 * The most roles a chain may have: redshift_iam.max_role_chain (whose
 * bounds these are) and the CLI's --max-role-chain.
 */
#define RSI_MAX_ROLE_CHAIN_MIN	1
#define RSI_MAX_ROLE_CHAIN_MAX	100
extern const char *rsi_max_role_chain_check(long long n);

#endif							/* RSI_VALIDATE_H */
