/*
 * test_cov_validate.c — every rule of src/core/check/validate.c, for branch
 * coverage: each ARN part cut short or wrong in each way, character
 * classes at their edges ('`' and '{' around a-z, ':' and '@' around
 * digits and A-Z, bytes over 0x7E), lengths at and past each limit, and
 * the exact sentence each rule answers.
 */
#include <stdio.h>
#include <string.h>

#include "check/validate.h"
#include "tap.h"

#define ACCT "123456789012"
#define R(x) "arn:aws:iam::" ACCT ":role/" x

#define M_EXPECTED "expected arn:<partition>:iam::<account-id>:role/<role-name>"
#define M_PARTITION "the partition must be \"aws\" or \"aws-<name>\""
#define M_SERVICE "the service must be \"iam\""
#define M_NAME_CHARS "the role name may contain only letters, digits and +=,.@_-"

static const char *
role(const char *s)
{
	return rsi_role_arn_check(s, strlen(s), NULL);
}

/* s repeated to n bytes into buf (NUL-terminated) after prefix */
static const char *
fill(char *buf, const char *prefix, char c, size_t n, const char *suffix)
{
	size_t		k = strlen(prefix);

	memcpy(buf, prefix, k);
	memset(buf + k, c, n);
	strcpy(buf + k + n, suffix);
	return buf;
}

static void
test_role_arn(void)
{
	static const char *const cases[][2] = {
		/* each ':'-separated part missing its terminator */
		{"arn:", M_EXPECTED},
		{"arn:aws", M_EXPECTED},
		{"arn:aws:", M_SERVICE},
		{"arn:aws:iam", M_SERVICE},
		{"arn:aws:iam:", M_EXPECTED},
		{"arn:aws:iam::", M_EXPECTED},
		{"arn:aws:iam::" ACCT, M_EXPECTED},
		{"arn:aws:iam::" ACCT ":", "the resource must be \"role/<role-name>\""},
		{"arn:aws:iam::" ACCT ":role", "the resource must be \"role/<role-name>\""},
		{"arn:aws:iam::" ACCT ":user/etl", "the resource must be \"role/<role-name>\""},
		{"ARN:aws:iam::" ACCT ":role/R", "an IAM role ARN starts with \"arn:\""},
		/* partition */
		{"arn:awsxyz:iam::" ACCT ":role/R", M_PARTITION},
		{"arn:aws-:iam::" ACCT ":role/R", M_PARTITION},
		{"arn:awsx-cn:iam::" ACCT ":role/R", M_PARTITION},
		{"arn:aws-c{:iam::" ACCT ":role/R", M_PARTITION},
		{"arn:aws-c`:iam::" ACCT ":role/R", M_PARTITION},
		{"arn:aws-CN:iam::" ACCT ":role/R", M_PARTITION},
		{"arn:aws-c_n:iam::" ACCT ":role/R", M_PARTITION},
		{"arn::iam::" ACCT ":role/R", M_PARTITION},
		{"arn:aws-us-gov2:iam::" ACCT ":role/R", NULL},
		{"arn:aws-9:iam::" ACCT ":role/R", NULL},
		/* service and region */
		{"arn:aws:iamx::" ACCT ":role/R", M_SERVICE},
		{"arn:aws:ia::" ACCT ":role/R", M_SERVICE},
		{"arn:aws:IAM::" ACCT ":role/R", M_SERVICE},
		{"arn:aws:sts::" ACCT ":role/R", M_SERVICE},
		{"arn:aws:iam:x:" ACCT ":role/R", "IAM ARNs have no region: expected \"iam::\""},
		/* account */
		{"arn:aws:iam:::role/R", "the account ID is missing"},
		{"arn:aws:iam::12345678901a:role/R", "the account ID must be 12 digits"},
		{"arn:aws:iam::12345678901/:role/R", "the account ID must be 12 digits"},
		{"arn:aws:iam::1234567890:/role/R", "the account ID has fewer than 12 digits"},
		{"arn:aws:iam::1:role/R", "the account ID has fewer than 12 digits"},
		/* the one-pass digit scan: what stops it, and what follows */
		{"arn:aws:iam::123", M_EXPECTED},
		{"arn:aws:iam::12345678901", M_EXPECTED},
		{"arn:aws:iam::12a4", M_EXPECTED},
		{"arn:aws:iam::<account-id>:role/R", "the account ID must be 12 digits"},
		{"arn:aws:iam::1234/:role/R", "the account ID must be 12 digits"},
		{"arn:aws:iam::1234567890123:role/R", "the account ID has more than 12 digits"},
		{"arn:aws:iam::123456789012x:role/R", "the account ID must be 12 digits"},
		{"arn:aws:iam::1234567:role/R", "the account ID has fewer than 12 digits"},
		{"arn:aws:iam::12345678:role/R", "the account ID has fewer than 12 digits"},
		{"arn:aws:iam::1234567a9012:role/R", "the account ID must be 12 digits"},
		{"arn:aws:iam::12345678/012:role/R", "the account ID must be 12 digits"},
		{"arn:aws:iam::1234567812345678:role/R", "the account ID has more than 12 digits"},
		{"arn:aws:iam::12345678123456789", M_EXPECTED},
		{"arn:aws:iam::0000000000000:role/R", "the account ID has more than 12 digits"},
		/* path */
		{R("a b/R"), "the role path contains a character that is not printable ASCII"},
		{R("a\x7f/R"), "the role path contains a character that is not printable ASCII"},
		{R("caf\xc3\xa9/R"), "the role path contains a character that is not printable ASCII"},
		{R("a\tb/R"), "the role path contains a character that is not printable ASCII"},
		{R("!~/R"), NULL},
		{R("a//b/R"), NULL},
		/* name, each character class at its edges */
		{R(""), "the role name is missing"},
		{R("a/"), "the role name is missing"},
		{R("x y"), "the role name contains a space"},
		{R("a`b"), M_NAME_CHARS},
		{R("a{b"), M_NAME_CHARS},
		{R("a~b"), M_NAME_CHARS},
		{R("a[b"), M_NAME_CHARS},
		{R("a:b"), M_NAME_CHARS},
		{R("a/b:c"), M_NAME_CHARS},
		{R("a*"), M_NAME_CHARS},
		{R("a!"), M_NAME_CHARS},
		{R("a\xc3\xa9"), M_NAME_CHARS},
		{R("a\tb"), M_NAME_CHARS},
		{R("azAZ09_+=,.@-"), NULL},
		{R("path/to/Z"), NULL},
		{"", "the value is empty"},
	};
	char		buf[4096];
	size_t		i;
	rsi_role_arn parts;
	const char *s;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		TAP_IS_STR(role(cases[i][0]), cases[i][1], "role ARN \"%s\"", cases[i][0]);

	/* parts are offsets into the text */
	s = "arn:aws-cn:iam::" ACCT ":role/svc/etl/MyRole";
	TAP_IS_STR(rsi_role_arn_check(s, strlen(s), &parts), NULL, "role with a path accepted");
	TAP_OK(parts.partition_off == 4 && parts.partition_len == 6 && strcmp(parts.account, ACCT) == 0 &&
		   parts.path_off == 33 && parts.path_len == 9 && parts.name_off == 42 && parts.name_len == 6,
		   "parts: partition 4+6, account, path 33+9 \"/svc/etl/\", name 42+6");
	TAP_OK(memcmp(s + parts.path_off, "/svc/etl/", 9) == 0 && memcmp(s + parts.name_off, "MyRole", 6) == 0,
		   "the offsets point at the path and the name");
	TAP_IS_STR(rsi_role_arn_check("arn:aws:iam::x:role/R", 21, &parts), "the account ID must be 12 digits",
			   "a refused ARN");
	TAP_OK(parts.account[0] == '\0' && parts.name_len == 0, "  leaves the parts zeroed");

	/* the text is length-delimited: what follows n is not read */
	s = R("Good Bad");
	TAP_IS_STR(rsi_role_arn_check(s, strlen(R("Good")), NULL), NULL, "only the first n bytes are checked");
	TAP_IS_STR(rsi_role_arn_check(s, 7, NULL), M_EXPECTED, "cut after the partition");

	/* limits: name 64, path 512, whole ARN 2048 */
	TAP_IS_STR(role(fill(buf, R(""), 'n', 64, "")), NULL, "a 64-character name is accepted");
	TAP_IS_STR(role(fill(buf, R(""), 'n', 65, "")), "the role name is longer than 64 characters",
			   "a 65-character name is refused");
	TAP_IS_STR(role(fill(buf, R(""), 'p', 510, "/R")), NULL, "a 512-character path is accepted");
	TAP_IS_STR(role(fill(buf, R(""), 'p', 511, "/R")), "the role path is longer than 512 characters",
			   "a 513-character path is refused");
	fill(buf, R(""), 'p', 2048 - strlen(R("")) - 2, "/R");
	TAP_IS_INT(strlen(buf), 2048, "a 2048-byte ARN");
	TAP_IS_STR(role(buf), "the role path is longer than 512 characters", "  is judged on its parts");
	fill(buf, R(""), 'p', 2049 - strlen(R("")) - 2, "/R");
	TAP_IS_STR(role(buf), "an ARN is at most 2048 characters", "a 2049-byte ARN is refused by length first");
}

static void
test_principal_arn(void)
{
	rsi_role_arn parts;
	int			is_user = -1;
	const char *s;

	TAP_IS_STR(rsi_principal_arn_check("arn:", 4, NULL, NULL),
			   "expected arn:<partition>:iam::<account-id>:user/<user-name> or ...:role/<role-name>",
			   "principal: words of the principal check before the resource is known");
	TAP_IS_STR(rsi_principal_arn_check("x", 1, NULL, &is_user),
			   "an IAM principal ARN starts with \"arn:\"", "principal: no arn: prefix");
	TAP_IS_INT(is_user, 0, "  is_user reset to 0");
	s = "arn:aws:iam::" ACCT ":user/a b/x";
	TAP_IS_STR(rsi_principal_arn_check(s, strlen(s), NULL, NULL),
			   "the user path contains a character that is not printable ASCII", "user path: user words");
	s = "arn:aws:iam::" ACCT ":role/a b/x";
	is_user = -1;
	TAP_IS_STR(rsi_principal_arn_check(s, strlen(s), NULL, &is_user),
			   "the role path contains a character that is not printable ASCII",
			   "role through the principal check: role words");
	TAP_IS_INT(is_user, 0, "  not a user");
	s = "arn:aws:iam::" ACCT ":user/x:y";
	TAP_IS_STR(rsi_principal_arn_check(s, strlen(s), NULL, NULL),
			   "the user name may contain only letters, digits and +=,.@_-", "user name characters");
	s = "arn:aws:iam::" ACCT ":user/ops/Bob";
	TAP_IS_STR(rsi_principal_arn_check(s, strlen(s), &parts, &is_user), NULL, "user with a path");
	TAP_OK(is_user == 1 && parts.path_len == 5 && memcmp(s + parts.name_off, "Bob", 3) == 0 &&
		   parts.name_len == 3, "  is a user, path \"/ops/\", name Bob");
	s = "arn:aws:iam::" ACCT ":user/ops/Bob";
	TAP_IS_STR(rsi_role_arn_check(s, strlen(s), NULL), "the resource must be \"role/<role-name>\"",
			   "the role check still refuses a user");
}

static void
test_service_linked(void)
{
	static const char *const cases[][2] = {
		{R("aws-service-role/redshift.amazonaws.com/AWSServiceRoleForRedshift"), "1"},
		{R("aws-service-role/x"), "1"},
		{R("aws-service-role/a b/x"), "0"},	/* not a valid ARN */
		{R("aws-service-role/"), "0"},	/* no name */
		{R("aws-service-role"), "0"},	/* a role named so, path "/" */
		{R("my/aws-service-role/x"), "0"},
		{R("MyRole"), "0"},
		{"aws-service-role/x", "0"},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		TAP_IS_INT(rsi_role_arn_is_service_linked(cases[i][0], strlen(cases[i][0])), cases[i][1][0] - '0',
				   "service-linked(\"%s\") = %s", cases[i][0], cases[i][1]);
}

static void
test_role_name(void)
{
	char		buf[128];

	TAP_IS_INT(rsi_looks_like_role_name("", 0), 0, "role name: empty is not");
	TAP_IS_INT(rsi_looks_like_role_name("MyRedshiftRole", 14), 1, "role name: MyRedshiftRole is");
	TAP_IS_INT(rsi_looks_like_role_name("a+b=c,d.e@f_g-h", 15), 1, "role name: every punctuation allowed");
	TAP_IS_INT(rsi_looks_like_role_name(R("X"), strlen(R("X"))), 0, "role name: an ARN is not");
	TAP_IS_INT(rsi_looks_like_role_name("a b", 3), 0, "role name: a space is not");
	TAP_IS_INT(rsi_looks_like_role_name("SESSION;", 7), 1, "role name: length-delimited");
	TAP_IS_INT(rsi_looks_like_role_name(fill(buf, "", 'r', 64, ""), 64), 1, "role name: 64 characters is");
	TAP_IS_INT(rsi_looks_like_role_name(fill(buf, "", 'r', 65, ""), 65), 0, "role name: 65 characters is not");
}

static void
test_access_key(void)
{
	char		buf[256];

	TAP_IS_STR(rsi_access_key_id_check("AKIAIOSFODNN7EXAMPLE", 20), NULL, "key: AKIA... accepted");
	TAP_IS_STR(rsi_access_key_id_check("ASIAIOSFODNN7EXAMPLE", 20), NULL, "key: ASIA... accepted");
	TAP_IS_STR(rsi_access_key_id_check("AKIA012345678901", 16), NULL, "key: 16 characters accepted");
	TAP_IS_STR(rsi_access_key_id_check("AKIA01234567890", 15), "an access key ID is 16 to 128 characters",
			   "key: 15 characters refused");
	TAP_IS_STR(rsi_access_key_id_check(fill(buf, "AKIA", 'Z', 124, ""), 128), NULL,
			   "key: 128 characters accepted");
	TAP_IS_STR(rsi_access_key_id_check(fill(buf, "AKIA", 'Z', 125, ""), 129),
			   "an access key ID is 16 to 128 characters", "key: 129 characters refused");
	TAP_IS_STR(rsi_access_key_id_check("AIDAIOSFODNN7EXAMPLE", 20),
			   "an access key ID starts with AKIA (long-term) or ASIA (temporary)", "key: AIDA prefix refused");
	TAP_IS_STR(rsi_access_key_id_check("akiaIOSFODNN7EXAMPLE", 20),
			   "an access key ID starts with AKIA (long-term) or ASIA (temporary)", "key: lowercase prefix refused");
	TAP_IS_STR(rsi_access_key_id_check("AKIAIOSFODNN7EXAMPLe", 20),
			   "an access key ID contains only uppercase letters and digits", "key: a lowercase letter refused");
	TAP_IS_STR(rsi_access_key_id_check("ASIAIOSFODNN7EXAMP:E", 20),
			   "an access key ID contains only uppercase letters and digits", "key: ':' refused");
	TAP_IS_STR(rsi_access_key_id_check("ASIAIOSFODNN7EXAMP@E", 20),
			   "an access key ID contains only uppercase letters and digits", "key: '@' refused");
	TAP_IS_STR(rsi_access_key_id_check("ASIAIOSFODNN7EXAMP[E", 20),
			   "an access key ID contains only uppercase letters and digits", "key: '[' refused");
	TAP_IS_STR(rsi_access_key_id_check("ASIAIOSFODNN7EXAMP/E", 20),
			   "an access key ID contains only uppercase letters and digits", "key: '/' refused");
	TAP_IS_INT(rsi_access_key_is_temporary("ASIAX", 5), 1, "ASIA is temporary");
	TAP_IS_INT(rsi_access_key_is_temporary("AKIAX", 5), 0, "AKIA is not");
	TAP_IS_INT(rsi_access_key_is_temporary("ASIA", 3), 0, "a cut prefix is not");
}

static void
test_cluster_identifier(void)
{
	static const char *const cases[][2] = {
		{"a", NULL},
		{"my-redshift-cluster-1", NULL},
		{"", "the identifier is empty"},
		{"1abc", "the identifier must start with a lowercase letter"},
		{"{abc", "the identifier must start with a lowercase letter"},
		{"`abc", "the identifier must start with a lowercase letter"},
		{"-abc", "the identifier must start with a lowercase letter"},
		{"Abc", "the identifier must start with a lowercase letter"},
		{"a--b", "the identifier cannot contain two consecutive hyphens"},
		{"ab-", "the identifier cannot end with a hyphen"},
		{"a-", "the identifier cannot end with a hyphen"},
		{"aB", "the identifier may contain only lowercase letters, digits and hyphens"},
		{"a_b", "the identifier may contain only lowercase letters, digits and hyphens"},
		{"a{", "the identifier may contain only lowercase letters, digits and hyphens"},
		{"a.b", "the identifier may contain only lowercase letters, digits and hyphens"},
	};
	char		buf[128];
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		TAP_IS_STR(rsi_cluster_identifier_check(cases[i][0], strlen(cases[i][0])), cases[i][1],
				   "cluster identifier \"%s\"", cases[i][0]);
	TAP_IS_STR(rsi_cluster_identifier_check(fill(buf, "", 'c', 63, ""), 63), NULL,
			   "cluster identifier: 63 characters accepted");
	TAP_IS_STR(rsi_cluster_identifier_check(fill(buf, "", 'c', 64, ""), 64),
			   "the identifier is longer than 63 characters", "cluster identifier: 64 characters refused");
	TAP_IS_STR(rsi_cluster_identifier_check("ab--", 2), NULL, "cluster identifier: length-delimited");
}

static void
test_account_id(void)
{
	TAP_IS_STR(rsi_account_id_check(ACCT, 12), NULL, "account: 12 digits");
	TAP_IS_STR(rsi_account_id_check("000000000000", 12), NULL, "account: leading zeros kept valid");
	TAP_IS_STR(rsi_account_id_check("12345678901", 11), "an account ID is exactly 12 digits", "account: 11 digits");
	TAP_IS_STR(rsi_account_id_check("1234567890123", 13), "an account ID is exactly 12 digits",
			   "account: 13 digits");
	TAP_IS_STR(rsi_account_id_check("", 0), "an account ID is exactly 12 digits", "account: empty");
	TAP_IS_STR(rsi_account_id_check("12345678901a", 12), "an account ID is exactly 12 digits",
			   "account: a letter");
	TAP_IS_STR(rsi_account_id_check("12345678901/", 12), "an account ID is exactly 12 digits",
			   "account: '/' (just below '0')");
	TAP_IS_STR(rsi_account_id_check("1234:5678901", 12), "an account ID is exactly 12 digits",
			   "account: ':' (just above '9')");
	TAP_IS_STR(rsi_account_id_check("1234567890123", 12), NULL, "account: length-delimited");
}

static void
test_region(void)
{
	static const char *const good[] = {"us-east-1", "eu-central-2", "us-gov-west-1", "cn-north-1", "a-b-1",
	"a-bbbbbbbbbbbbbbbbbbbbbbbbbbbb-1", NULL};
	static const char *const bad[] = {"", "us-east-1:x", "US-EAST-1", "useast1", "us-east", "us--east-1",
		"us-east-1-", "1us-east-1", "us east 1", "a-b1", "a-bbbbbbbbbbbbbbbbbbbbbbbbbbbb-12", "us-east-\xc3\xa9" "1",
	NULL};
	int			i;

	for (i = 0; good[i]; i++)
		TAP_IS_STR(rsi_region_check(good[i], strlen(good[i])), NULL, "region \"%s\" is valid", good[i]);
	for (i = 0; bad[i]; i++)
		TAP_IS_STR(rsi_region_check(bad[i], strlen(bad[i])), "a region looks like \"us-east-1\"",
				   "region \"%s\" is not", bad[i]);
	TAP_IS_STR(rsi_region_check("us-east-1:x", 9), NULL, "region: length-delimited");
}

static void
test_max_role_chain(void)
{
	TAP_IS_STR(rsi_max_role_chain_check(1), NULL, "max_role_chain 1 (the smallest)");
	TAP_IS_STR(rsi_max_role_chain_check(100), NULL, "max_role_chain 100 (the largest)");
	TAP_IS_STR(rsi_max_role_chain_check(0), "the limit is a whole number from 1 to 100", "max_role_chain 0");
	TAP_IS_STR(rsi_max_role_chain_check(101), "the limit is a whole number from 1 to 100", "max_role_chain 101");
	TAP_IS_STR(rsi_max_role_chain_check(-1), "the limit is a whole number from 1 to 100", "max_role_chain -1");
	TAP_IS_INT(RSI_MAX_ROLE_CHAIN_MIN, 1, "the bounds the setting uses: 1");
	TAP_IS_INT(RSI_MAX_ROLE_CHAIN_MAX, 100, "  to 100");
}

int
main(int argc, char **argv)
{
	(void) argc;
	(void) argv;
	test_role_arn();
	test_principal_arn();
	test_service_linked();
	test_role_name();
	test_access_key();
	test_cluster_identifier();
	test_account_id();
	test_region();
	test_max_role_chain();
	return tap_done();
}
