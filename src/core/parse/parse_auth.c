/*
 * parse_auth.c — the values inside authorization clauses: role chains and
 * the CREDENTIALS string.
 *
 * A malformed credentials string is a grammar error (Redshift refuses it
 * before running anything with "Invalid credentials"); a role that is not
 * a role ARN is a problem, so placeholder examples still parse.  No message
 * here ever quotes a secret: only key names and positions.
 *
 * Sources: Amazon Redshift Database Developer Guide, "Authorization
 * parameters"
 * (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-authorization.html);
 * Amazon Redshift Management Guide, "Authorizing Amazon Redshift to access
 * other AWS services" (role chaining,
 * https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service.html).
 */
#include "parser_int.h"
#include "lex/scan.h"
#include "lex/script.h"
#include "util/utf8.h"
#include "check/validate.h"

#include <string.h>

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Only bytes 0x01-0x7F: rsi_utf8_excerpt would copy them unchanged. */
static int
plain_ascii(const char *s, size_t n)
{
	return rsi_scan_ascii(s, n, 0) == n;
}

static size_t
put(char *out, size_t at, const char *s, size_t n)
{
	memcpy(out + at, s, n);
	return at + n;
}

#define PUT_LIT(out, at, lit) put(out, at, lit, sizeof(lit) - 1)

/*
 * Validate one role of a chain and record a problem if it is not a role ARN.
 * hidden: the chain holds a secret key name, so no role of it is quoted.
 * Returns 1 when it is a role ARN (blanks around it aside).
 */
static int
check_role(rsi_parser *p, const char *r, size_t n, size_t off, int hidden)
{
	const char *why;
	char		q[601];			/* 200 bytes, each possibly 3 once sanitized */
	int			cut;

	while (n > 0 && is_space(*r))
		r++, n--, off++;
	while (n > 0 && is_space(r[n - 1]))
		n--;
	if (n == 0)
	{
		rsi_parser_problem(p, RSI_PROB_INVALID_ROLE_ARN, off,
						   "the role chain has an empty entry; roles are separated by single commas");
		return 0;
	}
	why = rsi_role_arn_check(r, n, NULL);
	if (why == NULL)
		return 1;
	if (hidden)
	{
		rsi_parser_problem(p, RSI_PROB_INVALID_ROLE_ARN, off,
						   "a value in the role chain is not a valid IAM role ARN: %s "
						   "(not shown: the chain holds a secret key name)", why);
		return 0;
	}
	/*
	 * Plain ASCII (most placeholders in examples) is quoted as it is; the
	 * message is assembled without a format, as rsi_parser_problem would.
	 */
	if (n <= 200 && plain_ascii(r, n))
	{
		char		msg[640];	/* rsi_parser_problem's size; this fits */
		size_t		m = 0;

		if (rsi_looks_like_role_name(r, n))
		{
			m = PUT_LIT(msg, m, "role name instead of role ARN: \"");
			m = put(msg, m, r, n);
			m = PUT_LIT(msg, m, "\"; write arn:aws:iam::<account-id>:role/");
			m = put(msg, m, r, n);
			msg[m] = '\0';
			rsi_parser_problem_text(p, RSI_PROB_ROLE_NAME_NOT_ARN, off, msg, m);
		}
		else
		{
			m = PUT_LIT(msg, m, "\"");
			m = put(msg, m, r, n);
			m = PUT_LIT(msg, m, "\" is not a valid IAM role ARN: ");
			m = put(msg, m, why, strlen(why));
			msg[m] = '\0';
			rsi_parser_problem_text(p, RSI_PROB_INVALID_ROLE_ARN, off, msg, m);
		}
		return 0;
	}
	/* messages are valid UTF-8 even when the value (say E'\xff') is not */
	if (n <= 200)
		rsi_utf8_excerpt(r, n, sizeof(q) - 1, q, &cut);
	if (n <= 200 && rsi_looks_like_role_name(r, n))
		rsi_parser_problem(p, RSI_PROB_ROLE_NAME_NOT_ARN, off,
						   "role name instead of role ARN: \"%s\"; write arn:aws:iam::<account-id>:role/%s",
						   q, q);
	else if (n <= 200)
		rsi_parser_problem(p, RSI_PROB_INVALID_ROLE_ARN, off,
						   "\"%s\" is not a valid IAM role ARN: %s", q, why);
	else
		rsi_parser_problem(p, RSI_PROB_INVALID_ROLE_ARN, off,
						   "a %zu-character value is not a valid IAM role ARN: %s", n, why);
	return 0;
}

/*
 * In a chain that holds a secret key name, a role is shown only when it is
 * a role ARN without any of = ; & quotes, backslashes or
 * whitespace (a role path may hold any printable character, so "valid"
 * alone is not enough: role/x;aws_secret_access_key=<secret>/name is).
 */
static int
role_public(const char *r, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		if (is_space(r[i]) || strchr("=;&'\"\\", r[i]) != NULL || r[i] == '\0')
			return 0;
	return rsi_role_arn_check(r, n, NULL) == NULL;
}

/*
 * A service-linked role's path starts with /aws-service-role/, so its ARN
 * holds that text: without it the full ARN check is not needed.
 */
static int
may_be_service_linked(const char *s, size_t n)
{
	static const char path[] = "/aws-service-role/";
	const char *e = s + n;

	while (s < e && (s = memchr(s, '/', (size_t) (e - s))) != NULL)
	{
		if ((size_t) (e - s) >= sizeof(path) - 1 && memcmp(s, path, sizeof(path) - 1) == 0)
			return 1;
		s++;
	}
	return 0;
}

int
rsi_parser_split_chain(rsi_parser *p, const char *v, size_t n, int v_kept, const rsi_token *t,
					   const char *single_clause, const char ***roles, size_t *nroles)
{
	size_t		count = 1,
				keep,
				i,
				start,
				first_space = n,
				k = 0;
	const char **arr;
	int			may_key = 0,
				hidden,
				valid;

	/*
	 * Commas, the first blank, and whether a secret key name may be there
	 * (every name holds a k, or is "password"; role ARNs seldom have
	 * either, and rsi_has_secret_key_name is then not needed).
	 */
	for (i = 0; i < n; i++)
	{
		char		c = v[i];

		/* the scanner jumps over runs; a dense run (",,,,") is read here */
		if (c != ',' && !is_space(c) && (c | 0x20) != 'k' && (c | 0x20) != 'p')
		{
			if ((i = rsi_scan_chain(v, n, i)) >= n)
				break;
			c = v[i];
		}

		if (c == ',')
			count++;
		else if (is_space(c))
		{
			if (first_space == n)
				first_space = i;
		}
		else if (c == 'k' || c == 'K')
			may_key = 1;
		else if (n - i >= 4 && (v[i + 1] | 0x20) == 'a' && (v[i + 2] | 0x20) == 's' &&
				 (v[i + 3] | 0x20) == 's')
			may_key = 1;			/* p or P, then "ass" */
	}
	hidden = may_key && rsi_has_secret_key_name(v, n);
	/* a chain this long is chain-too-long anyway: keep a bounded prefix */
	keep = count < RSI_MAX_CHAIN_ROLES ? count : RSI_MAX_CHAIN_ROLES;
	arr = rsi_parser_alloc(p, keep * sizeof(char *));
	if (arr == NULL)
		return -1;

	if (first_space < n)
		rsi_parser_problem(p, RSI_PROB_CHAIN_HAS_SPACES, rsi_parser_value_off(t, first_space),
						   "role chain with spaces: a chain is role ARNs separated by commas with no spaces");
	if (count > (size_t) p->max_chain)
		rsi_parser_problem(p, RSI_PROB_CHAIN_TOO_LONG, t->off,
						   "the role chain has %zu roles; at most %d are allowed (redshift_iam.max_role_chain)",
						   count, p->max_chain);
	if (count > 1 && single_clause)
		rsi_parser_problem(p, RSI_PROB_CHAIN_NOT_ALLOWED, t->off,
						   "%s takes a single role ARN here, not a chain of %zu roles",
						   single_clause, count);

	start = 0;
	while (k < keep)
	{
		const char *comma = memchr(v + start, ',', n - start);

		i = comma ? (size_t) (comma - v) : n;

		/*
		 * In a chain that holds a secret key name, a role that is not a role
		 * ARN may be secret material: it is kept as *** so that no result or
		 * verdict quotes it.
		 */
		if (hidden && !role_public(v + start, i - start))
			arr[k] = rsi_parser_strdup(p, "***", 3);
		else if (count == 1 && v_kept)
			arr[k] = v;			/* the whole value, NUL-terminated: no copy */
		else
			arr[k] = rsi_parser_strdup(p, v + start, i - start);
		if (arr[k] == NULL)
			return -1;
		valid = check_role(p, v + start, i - start, rsi_parser_value_off(t, start), hidden);
		/* the first role is the one associated with the cluster (an ARN, if any) */
		if (k == 0 && !hidden && valid && may_be_service_linked(v + start, i - start) &&
			rsi_role_arn_is_service_linked(v + start, i - start))
			rsi_parser_problem(p, RSI_PROB_SERVICE_LINKED_ROLE, rsi_parser_value_off(t, start),
							   "%.*s is a service-linked role (path /aws-service-role/), which cannot be "
							   "associated with a cluster: name a role you created",
							   (int) (i - start < 300 ? i - start : 300), v + start);
		k++;
		if (i == n)
			break;
		start = i + 1;
	}
	*roles = arr;
	*nroles = k;
	return 0;
}

void
rsi_parser_check_key_id(rsi_parser *p, const char *v, size_t n, size_t off)
{
	const char *why = rsi_access_key_id_check(v, n);

	if (why)
	{
		/* the key ID is not a secret, but a mangled value might be; do not quote it */
		rsi_parser_problem(p, RSI_PROB_INVALID_ACCESS_KEY_ID, off,
						   "the access key ID is not valid: %s", why);
		/* a value in the key ID's place that is no key ID may be the secret: never echo it */
		p->cmd->access_key_id = NULL;
		return;
	}
	if (rsi_access_key_is_temporary(v, n) && !p->cmd->session_token)
		rsi_parser_problem(p, RSI_PROB_TEMPORARY_KEY_NO_TOKEN, off,
						   "temporary access key IDs (ASIA...) need a session token (SESSION_TOKEN or token=)");
	else if (!rsi_access_key_is_temporary(v, n) && p->cmd->session_token)
		rsi_parser_problem(p, RSI_PROB_TOKEN_WITH_LONG_TERM_KEY, off,
						   "a session token goes only with temporary credentials (an ASIA... key ID); "
						   "a long-term key ID (AKIA...) takes no SESSION_TOKEN or token=");
}

enum
{
	K_ROLE,
	K_KEY_ID,
	K_SECRET,
	K_TOKEN,
	K_MSK,
	K_COUNT
};

static const char *const cred_keys[K_COUNT] = {
	"aws_iam_role", "aws_access_key_id", "aws_secret_access_key", "token", "master_symmetric_key"
};
static const size_t cred_key_len[K_COUNT] = {12, 17, 21, 5, 20};

/*
 * Parse the credentials-args string at the current token: ';'
 * separated key=value pairs, case-sensitive keys, no whitespace.
 */
int
rsi_parser_credentials(rsi_parser *p)
{
	const rsi_token *t = &p->tok;
	size_t		n,
				i,
				start;
	char	   *v = rsi_parser_take_string(p, &n);
	size_t		val_off[K_COUNT];
	size_t		val_len[K_COUNT];
	int			seen[K_COUNT] = {0};

	if (v == NULL)
		return -1;
	if ((i = rsi_scan_blank(v, n, 0)) < n)
	{
		rsi_parser_fail(p, rsi_parser_value_off(t, i),
						"the CREDENTIALS string must not contain spaces or line breaks");
		return -1;
	}
	if (n == 0)
	{
		rsi_parser_fail(p, t->off, "the CREDENTIALS string is empty");
		return -1;
	}

	/* key=value pairs between the ';' (and the ends) */
	for (start = 0;; start = i + 1)
	{
		const char *semi = memchr(v + start, ';', n - start),
				   *eqp;
		size_t		eq,
					k;

		i = semi ? (size_t) (semi - v) : n;
		eqp = memchr(v + start, '=', i - start);
		eq = eqp ? (size_t) (eqp - v) : i;
		if (eq == i)
		{
			rsi_parser_fail(p, rsi_parser_value_off(t, start),
							"malformed CREDENTIALS string: expected key=value at character %zu; "
							"the format is 'aws_iam_role=<arn>' or 'aws_access_key_id=<id>;aws_secret_access_key=<secret>[;token=<token>]'",
							start + 1);
			return -1;
		}
		for (k = 0; k < K_COUNT; k++)
			if (cred_key_len[k] == eq - start && memcmp(v + start, cred_keys[k], eq - start) == 0)
				break;
		if (k == K_COUNT)
		{
			/*
			 * Quote only what looks like a key name: text before an '=' may
			 * be secret material (a token or a secret key pasted without its
			 * key= prefix, or cut at an '=' of its own).
			 */
			if (rsi_credentials_key_like(v + start, eq - start))
				rsi_parser_fail(p, rsi_parser_value_off(t, start),
								"unknown key \"%.*s\" in CREDENTIALS string; keys are case-sensitive: "
								"aws_iam_role, aws_access_key_id, aws_secret_access_key, token, master_symmetric_key",
								(int) (eq - start), v + start);
			else
				rsi_parser_fail(p, rsi_parser_value_off(t, start),
								"malformed CREDENTIALS string: expected a key (aws_iam_role, aws_access_key_id, "
								"aws_secret_access_key, token or master_symmetric_key) at character %zu, "
								"found a value without a key name (not shown: it may be secret)",
								start + 1);
			return -1;
		}
		if (seen[k])
		{
			rsi_parser_fail(p, rsi_parser_value_off(t, start),
							"key \"%s\" appears more than once in the CREDENTIALS string", cred_keys[k]);
			return -1;
		}
		if (eq + 1 == i)
		{
			rsi_parser_fail(p, rsi_parser_value_off(t, eq),
							"key \"%s\" has an empty value in the CREDENTIALS string", cred_keys[k]);
			return -1;
		}
		seen[k] = 1;
		val_off[k] = eq + 1;
		val_len[k] = i - eq - 1;
		if (i == n)
			break;
	}

	if (seen[K_ROLE] && (seen[K_KEY_ID] || seen[K_SECRET] || seen[K_TOKEN]))
	{
		rsi_parser_fail(p, t->off,
						"the CREDENTIALS string mixes aws_iam_role with access keys; give one or the other");
		return -1;
	}
	if (!seen[K_ROLE] && !(seen[K_KEY_ID] && seen[K_SECRET]))
	{
		rsi_parser_fail(p, t->off,
						"malformed CREDENTIALS string: it must contain aws_iam_role=<arn>, or both "
						"aws_access_key_id and aws_secret_access_key");
		return -1;
	}
	p->cmd->master_symmetric_key = seen[K_MSK];
	if (seen[K_ROLE])
	{
		p->cmd->auth = RSI_AUTH_CREDENTIALS_ROLE;
		return rsi_parser_split_chain(p, v + val_off[K_ROLE], val_len[K_ROLE], 0, t, NULL,
									  &p->cmd->roles, &p->cmd->nroles);
	}
	p->cmd->auth = RSI_AUTH_CREDENTIALS_KEYS;
	p->cmd->session_token = seen[K_TOKEN];
	p->cmd->access_key_id = rsi_parser_strdup(p, v + val_off[K_KEY_ID], val_len[K_KEY_ID]);
	if (p->cmd->access_key_id == NULL)
		return -1;
	/* rsi_parser_check_key_id drops a value that is no key ID from the result */
	rsi_parser_check_key_id(p, v + val_off[K_KEY_ID], val_len[K_KEY_ID],
							rsi_parser_value_off(t, val_off[K_KEY_ID]));
	/* wipe the decoded secrets from parser memory; only the key ID is kept */
	memset(v, 0, n);
	return 0;
}
