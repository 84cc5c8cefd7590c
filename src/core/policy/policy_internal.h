/*
 * policy_internal.h — the compiled form of a policy, shared by
 * policy_doc.c (which builds it), policy_eval.c (which reads it),
 * policy_glob.c and policy_value.c.  Not API.
 */
#ifndef RSI_POLICY_INTERNAL_H
#define RSI_POLICY_INTERNAL_H

#include "policy/policy.h"

/*
 * Compiled glob patterns use two bytes that never occur in UTF-8 as the
 * wildcards, so a literal '*' or '?' (from ${*}, ${?} or a substituted
 * variable value) can sit next to real wildcards without an escape syntax.
 */
#define RSI_GLOB_STAR	((unsigned char) 0xFF)
#define RSI_GLOB_ONE	((unsigned char) 0xFE)

typedef enum rsi_policy_version
{
	RSI_VERSION_NONE = 0,		/* no Version: variables are literal text */
	RSI_VERSION_2008,
	RSI_VERSION_2012
} rsi_policy_version;

/* A string from the policy, plus its compiled glob when one is needed. */
typedef struct rsi_pattern
{
	const char *text;			/* NUL-terminated */
	size_t		len;
	const unsigned char *glob;	/* NULL when has_vars or not a glob use */
	size_t		glob_len;
	int			has_vars;		/* Version 2012 and contains "${" */
} rsi_pattern;

typedef enum rsi_cond_kind
{
	RSI_COND_STRING_EQUALS,
	RSI_COND_STRING_EQUALS_ICASE,
	RSI_COND_STRING_LIKE,
	RSI_COND_ARN,
	RSI_COND_NUMERIC,
	RSI_COND_DATE,
	RSI_COND_BOOL,
	RSI_COND_BINARY,
	RSI_COND_IP,
	RSI_COND_NULL
} rsi_cond_kind;

typedef enum rsi_cmp
{
	RSI_CMP_EQ,
	RSI_CMP_LT,
	RSI_CMP_LE,
	RSI_CMP_GT,
	RSI_CMP_GE
} rsi_cmp;

typedef enum rsi_set_op
{
	RSI_SET_NONE,
	RSI_SET_ANY,				/* ForAnyValue: */
	RSI_SET_ALL					/* ForAllValues: */
} rsi_set_op;

typedef struct rsi_ip_range
{
	unsigned char addr[16];		/* IPv4 uses the first 4 bytes */
	int			v6;
	int			prefix;			/* bits */
} rsi_ip_range;

typedef struct rsi_cond_value
{
	rsi_pattern pat;
	union
	{
		double		num;		/* Numeric; Date as epoch seconds */
		rsi_ip_range ip;
		int			boolean;	/* Bool (without variables), Null */
	}			u;
} rsi_cond_value;

/* One (operator, key) pair; all of a statement's pairs are ANDed. */
typedef struct rsi_condition
{
	rsi_cond_kind kind;
	rsi_cmp		cmp;
	int			negated;
	int			if_exists;
	rsi_set_op	set;
	const char *key;
	const rsi_cond_value *values;	/* ORed */
	size_t		nvalues;
} rsi_condition;

/* One entry of a Principal or NotPrincipal element. */
typedef enum rsi_principal_kind
{
	RSI_PRINCIPAL_ANY,			/* "*" or {"AWS": "*"} */
	RSI_PRINCIPAL_AWS,			/* an ARN, or an account ID / root ARN */
	RSI_PRINCIPAL_SERVICE,
	RSI_PRINCIPAL_FEDERATED,
	RSI_PRINCIPAL_CANONICAL_USER
} rsi_principal_kind;

typedef struct rsi_principal_entry
{
	rsi_principal_kind kind;
	const char *value;			/* NULL for ANY */
	const char *account;		/* AWS: the account an ID or root ARN names, else NULL */
} rsi_principal_entry;

typedef struct rsi_statement
{
	const char *sid;			/* NULL when absent */
	int			deny;
	int			has_principal;	/* Principal or NotPrincipal present */
	int			not_principal;
	const rsi_principal_entry *principals;
	size_t		nprincipals;
	int			any_resource;	/* no Resource element (trust policies) */
	int			not_action;
	int			not_resource;
	const rsi_pattern *actions;	/* lower-cased globs */
	size_t		nactions;
	const rsi_pattern *resources;
	size_t		nresources;
	const rsi_condition *conds;
	size_t		nconds;
} rsi_statement;

struct rsi_arena_chunk;

struct rsi_policy
{
	struct rsi_arena_chunk *arena;	/* owns everything below */
	const char *name;
	rsi_policy_version version;
	rsi_policy_kind kind;
	const rsi_statement *statements;
	size_t		nstatements;
};

/* policy_glob.c: matching on compiled globs */
extern int	rsi_glob_match_tok(const unsigned char *pat, size_t plen,
							   const char *subject, size_t slen, int flags);
extern int	rsi_arn_match_tok(const unsigned char *pat, size_t plen,
							  const char *subject, size_t slen);

/* policy_value.c: scalar parsers for NUL-terminated strings; 1 = ok */
extern int	rsi_parse_number(const char *s, double *out);
extern int	rsi_parse_date(const char *s, double *out);
extern int	rsi_parse_bool(const char *s, int *out);
extern int	rsi_parse_ip(const char *s, int allow_prefix, rsi_ip_range *out);
extern int	rsi_ip_in_range(const rsi_ip_range *range, const rsi_ip_range *addr);
extern int	rsi_ascii_casecmp(const char *a, const char *b);

#endif							/* RSI_POLICY_INTERNAL_H */
