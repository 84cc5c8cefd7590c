/*
 * validate.c — ARN, access key and identifier rules (see validate.h).
 *
 * Written as straight-line scanners rather than regular expressions so the
 * same code runs in the server, the CLI and the fuzzers with no library and
 * in one pass over the input.
 *
 * Sources: IAM User Guide, "IAM identifiers"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html);
 * Amazon Redshift API Reference, "CreateCluster" (ClusterIdentifier)
 * (https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html).
 */
#include "check/validate.h"

#include <stdint.h>
#include <string.h>

#define ROLE_NAME_MAX	64
#define ROLE_PATH_MAX	512
#define ARN_MAX			2048

#define STR_(x)			#x
#define STR(x)			STR_(x)

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || is_digit(c);
}

/* IAM name characters: [\w+=,.@-], one table look-up a byte */
#define NC3(c)		[c] = 1, [c + 1] = 1, [c + 2] = 1
#define NC10(c)		NC3(c), NC3(c + 3), NC3(c + 6), [c + 9] = 1
#define NC26(c)		NC10(c), NC10(c + 10), NC3(c + 20), NC3(c + 23)
static const unsigned char role_name_char[256] = {
	NC10('0'), NC26('A'), NC26('a'),
	['_'] = 1, ['+'] = 1, ['='] = 1, [','] = 1, ['.'] = 1, ['@'] = 1, ['-'] = 1
};

static int
is_role_name_char(char c)
{
	return role_name_char[(unsigned char) c];
}

/*
 * Are the 8 (digits8) or 12 bytes at s all ASCII digits?  A
 * byte b is a digit when d = b ^ '0' is below 10, so that neither d nor
 * d + 0x76 has its top bit set (a d below 0x80 carries into no other byte;
 * a d of 0x80 or more fails the test by itself, whatever its carry does).
 */
static int
digits8(const char *s)
{
	uint64_t	a;

	memcpy(&a, s, 8);
	a ^= 0x3030303030303030u;
	return (((a + 0x7676767676767676u) | a) & 0x8080808080808080u) == 0;
}

static int
digits12(const char *s)
{
	uint32_t	b;

	memcpy(&b, s + 8, 4);
	b ^= 0x30303030u;
	return digits8(s) && (((b + 0x76767676u) | b) & 0x80808080u) == 0;
}

static int
has_prefix(const char *s, size_t n, const char *p)
{
	size_t		k = strlen(p);

	return n >= k && memcmp(s, p, k) == 0;
}

/*
 * Find c in s[from..n); returns n when absent.  A byte loop: the fields it
 * looks through are a few bytes long, shorter than a call to memchr.
 */
static size_t
find_char(const char *s, size_t n, size_t from, char c)
{
	while (from < n && s[from] != c)
		from++;
	return from;
}

/*
 * Messages of one ARN kind.  The role check and the principal check share
 * one scanner; only their words differ.
 */
typedef struct arn_words
{
	const char *starts;			/* before the partition */
	const char *expected;		/* shape of the whole ARN */
	const char *resource;		/* the resource is not of this kind */
	const char *path_long;
	const char *path_char;
	const char *path_empty;
	const char *name_missing;
	const char *name_long;
	const char *name_space;
	const char *name_chars;
} arn_words;

static const arn_words role_words = {
	"an IAM role ARN starts with \"arn:\"",
	"expected arn:<partition>:iam::<account-id>:role/<role-name>",
	"the resource must be \"role/<role-name>\"",
	"the role path is longer than 512 characters",
	"the role path contains a character that is not printable ASCII",
	"the role path \"//\" is empty between its slashes: a path is \"/\" or \"/<text>/\"",
	"the role name is missing",
	"the role name is longer than 64 characters",
	"the role name contains a space",
	"the role name may contain only letters, digits and +=,.@_-"
};

static const arn_words user_words = {
	"an IAM principal ARN starts with \"arn:\"",
	"expected arn:<partition>:iam::<account-id>:user/<user-name> or ...:role/<role-name>",
	"the resource must be \"user/<user-name>\" or \"role/<role-name>\"",
	"the user path is longer than 512 characters",
	"the user path contains a character that is not printable ASCII",
	"the user path \"//\" is empty between its slashes: a path is \"/\" or \"/<text>/\"",
	"the user name is missing",
	"the user name is longer than 64 characters",
	"the user name contains a space",
	"the user name may contain only letters, digits and +=,.@_-"
};

/*
 * arn:<partition>:iam::<12 digits>:role/<path><name>, and with
 * accept_user also ...:user/<path><name> (then *is_user says which).
 * Users and roles share the name and path rules (IAM identifiers).
 */
static const char *
iam_arn_check(const char *s, size_t n, rsi_role_arn *parts, int accept_user,
			  int *is_user)
{
	const arn_words *w = accept_user ? &user_words : &role_words;
	size_t		p,
				q,
				i,
				last_slash;
	rsi_role_arn local;

	if (parts == NULL)
		parts = &local;
	memset(parts, 0, sizeof(*parts));
	if (is_user)
		*is_user = 0;

	if (n == 0)
		return "the value is empty";
	if (n > ARN_MAX)
		return "an ARN is at most 2048 characters";
	if (!has_prefix(s, n, "arn:"))
		return w->starts;

	/* the common case, arn:aws:iam::, without a search for each ':' */
	if (n >= 13 && memcmp(s, "arn:aws:iam::", 13) == 0)
	{
		parts->partition_off = 4;
		parts->partition_len = 3;
		p = 13;
	}
	else
	{
		/* partition: aws or aws-[a-z0-9-]+ */
		p = 4;
		q = find_char(s, n, p, ':');
		if (q == n)
			return w->expected;
		if (!(q - p == 3 && memcmp(s + p, "aws", 3) == 0))
		{
			if (q - p < 5 || memcmp(s + p, "aws-", 4) != 0)
				return "the partition must be \"aws\" or \"aws-<name>\"";
			for (i = p + 4; i < q; i++)
				if (!is_lower_alnum(s[i]) && s[i] != '-')
					return "the partition must be \"aws\" or \"aws-<name>\"";
		}
		parts->partition_off = p;
		parts->partition_len = q - p;

		/* service */
		p = q + 1;
		q = find_char(s, n, p, ':');
		if (q == n || q - p != 3 || memcmp(s + p, "iam", 3) != 0)
			return "the service must be \"iam\"";

		/* region: empty for IAM */
		p = q + 1;
		q = find_char(s, n, p, ':');
		if (q == n)
			return w->expected;
		if (q != p)
			return "IAM ARNs have no region: expected \"iam::\"";
		p = q + 1;
	}

	/* account: 12 digits */
	if (n - p > 12 && s[p + 12] == ':' && digits12(s + p))
		q = p + 12;
	else
	{
		/*
		 * One pass over the digits; only a field that holds something else
		 * is searched for its ':' (the checks below in the order of a
		 * search for ':' first, then a test of each byte).
		 */
		for (q = p; n - q >= 8 && digits8(s + q); q += 8)
			;
		for (; q < n && is_digit(s[q]); q++)
			;
		if (q == n || s[q] != ':')
			return (find_char(s, n, q, ':') == n) ? w->expected
				: "the account ID must be 12 digits";
		if (q == p)
			return "the account ID is missing";
		if (q - p != 12)
			return (q - p > 12) ? "the account ID has more than 12 digits"
				: "the account ID has fewer than 12 digits";
	}
	memcpy(parts->account, s + p, 12);
	parts->account[12] = '\0';

	/* resource: role/<path><name> or user/<path><name> */
	p = q + 1;
	if (has_prefix(s + p, n - p, "role/"))
		w = &role_words;
	else if (accept_user && has_prefix(s + p, n - p, "user/"))
	{
		w = &user_words;
		if (is_user)
			*is_user = 1;
	}
	else
		return w->resource;
	p += 4;						/* at the first '/' of the path */

	/* the last '/' (s[p] is one): back from the end, over the name only */
	last_slash = n - 1;
	while (s[last_slash] != '/')
		last_slash--;
	/*
	 * path: '/' or '/' [\x21-\x7E]+ '/' (the IAM API's path pattern), so "//" is the
	 * one shape that starts and ends with '/' but is not a path
	 */
	if (last_slash - p + 1 > ROLE_PATH_MAX)
		return w->path_long;
	if (last_slash - p + 1 == 2)
		return w->path_empty;
	for (i = p; i <= last_slash; i++)
		if ((unsigned char) s[i] < 0x21 || (unsigned char) s[i] > 0x7E)
			return w->path_char;
	parts->path_off = p;
	parts->path_len = last_slash - p + 1;

	/* name: 1-64 of [\w+=,.@-] */
	p = last_slash + 1;
	if (p >= n)
		return w->name_missing;
	if (n - p > ROLE_NAME_MAX)
		return w->name_long;
	for (i = p; i < n; i++)
		if (!is_role_name_char(s[i]))
			return (s[i] == ' ') ? w->name_space : w->name_chars;
	parts->name_off = p;
	parts->name_len = n - p;
	return NULL;
}

const char *
rsi_role_arn_check(const char *s, size_t n, rsi_role_arn *parts)
{
	return iam_arn_check(s, n, parts, 0, NULL);
}

const char *
rsi_principal_arn_check(const char *s, size_t n, rsi_role_arn *parts, int *is_user)
{
	return iam_arn_check(s, n, parts, 1, is_user);
}

int
rsi_role_arn_is_service_linked(const char *s, size_t n)
{
	rsi_role_arn parts;

	if (rsi_role_arn_check(s, n, &parts) != NULL)
		return 0;
	return has_prefix(s + parts.path_off, parts.path_len, "/aws-service-role/");
}

int
rsi_credentials_key_like(const char *s, size_t n)
{
	size_t		i;
	int			lower = 0,
				upper = 0;

	if (n == 0 || n > 32)
		return 0;
	for (i = 0; i < n; i++)
	{
		if (s[i] >= 'a' && s[i] <= 'z')
			lower = 1;
		else if (s[i] >= 'A' && s[i] <= 'Z')
			upper = 1;
		else if (s[i] != '_')
			return 0;
	}
	return !(lower && upper);
}

int
rsi_looks_like_role_name(const char *s, size_t n)
{
	size_t		i;

	if (n == 0 || n > ROLE_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!is_role_name_char(s[i]))
			return 0;
	return 1;
}

const char *
rsi_access_key_id_check(const char *s, size_t n)
{
	size_t		i;

	if (n < 16 || n > 128)
		return "an access key ID is 16 to 128 characters";
	if (!has_prefix(s, n, "AKIA") && !has_prefix(s, n, "ASIA"))
		return "an access key ID starts with AKIA (long-term) or ASIA (temporary)";
	for (i = 4; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || is_digit(s[i])))
			return "an access key ID contains only uppercase letters and digits";
	return NULL;
}

int
rsi_access_key_is_temporary(const char *s, size_t n)
{
	return has_prefix(s, n, "ASIA");
}

const char *
rsi_cluster_identifier_check(const char *s, size_t n)
{
	size_t		i;

	if (n == 0)
		return "the identifier is empty";
	if (n > 63)
		return "the identifier is longer than 63 characters";
	if (!(s[0] >= 'a' && s[0] <= 'z'))
		return "the identifier must start with a lowercase letter";
	for (i = 0; i < n; i++)
	{
		if (s[i] == '-')
		{
			if (i + 1 < n && s[i + 1] == '-')
				return "the identifier cannot contain two consecutive hyphens";
		}
		else if (!is_lower_alnum(s[i]))
			return "the identifier may contain only lowercase letters, digits and hyphens";
	}
	if (s[n - 1] == '-')
		return "the identifier cannot end with a hyphen";
	return NULL;
}

const char *
rsi_account_id_check(const char *s, size_t n)
{
	size_t		i;

	if (n != 12)
		return "an account ID is exactly 12 digits";
	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return "an account ID is exactly 12 digits";
	return NULL;
}

const char *
rsi_region_check(const char *s, size_t n)
{
	size_t		i;
	int			dashes = 0;

	if (n < 4 || n > 32 || !(s[0] >= 'a' && s[0] <= 'z') || !is_digit(s[n - 1]))
		return "a region looks like \"us-east-1\"";
	for (i = 0; i < n; i++)
	{
		if (s[i] == '-')
		{
			if (s[i - 1] == '-')
				return "a region looks like \"us-east-1\"";
			dashes++;
		}
		else if (!is_lower_alnum(s[i]))
			return "a region looks like \"us-east-1\"";
	}
	if (dashes < 2)
		return "a region looks like \"us-east-1\"";
	return NULL;
}

const char *
rsi_max_role_chain_check(long long n)
{
	if (n < RSI_MAX_ROLE_CHAIN_MIN || n > RSI_MAX_ROLE_CHAIN_MAX)
		return "the limit is a whole number from " STR(RSI_MAX_ROLE_CHAIN_MIN) " to " STR(RSI_MAX_ROLE_CHAIN_MAX);
	return NULL;
}
