/*
 * test_principal_arn.c — rsi_principal_arn_check (src/core/check/validate.c):
 * IAM user and role ARNs as the principals database roles map to, and that
 * the role check it shares a scanner with still refuses users.
 */
#include <string.h>

#include "check/validate.h"
#include "tap.h"

static const char *
check(const char *s, int *is_user, rsi_role_arn *parts)
{
	return rsi_principal_arn_check(s, strlen(s), parts, is_user);
}

int
main(void)
{
	static const char *const good_users[] = {
		"arn:aws:iam::123456789012:user/etl",
		"arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob",
		"arn:aws-cn:iam::123456789012:user/a+b=c,d.e@f_g-h",
		"arn:aws-us-gov:iam::123456789012:user/x",
	};
	static const char *const bad[][2] = {
		{"", "the value is empty"},
		{"etl", "an IAM principal ARN starts with \"arn:\""},
		{"arn:aws:iam::123456789012:group/admins",
		 "the resource must be \"user/<user-name>\" or \"role/<role-name>\""},
		{"arn:aws:iam::123456789012:root",
		 "the resource must be \"user/<user-name>\" or \"role/<role-name>\""},
		{"arn:aws:sts::123456789012:assumed-role/R/s", "the service must be \"iam\""},
		{"arn:aws:iam:us-east-1:123456789012:user/etl",
		 "IAM ARNs have no region: expected \"iam::\""},
		{"arn:aws:iam::12345678901:user/etl", "the account ID has fewer than 12 digits"},
		{"arn:aws:iam::1234567890123:user/etl", "the account ID has more than 12 digits"},
		{"arn:aws:iam::123456789012:user/", "the user name is missing"},
		{"arn:aws:iam::123456789012:user/a b", "the user name contains a space"},
		{"arn:aws:iam::123456789012:user/a*", "the user name may contain only letters, digits and +=,.@_-"},
		{"arn:aws:iam::123456789012:user/"
			"abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcde",
		 "the user name is longer than 64 characters"},
		{"arn:aws:iam::123456789012:role/", "the role name is missing"},
		{"arn:aws:iam::123456789012", "expected arn:<partition>:iam::<account-id>:user/<user-name> or ...:role/<role-name>"},
		{"arn:foo:iam::123456789012:user/etl", "the partition must be \"aws\" or \"aws-<name>\""},
	};
	size_t		i;
	int			is_user;
	rsi_role_arn parts;
	const char *arn;

	for (i = 0; i < sizeof(good_users) / sizeof(good_users[0]); i++)
	{
		is_user = -1;
		TAP_IS_STR(check(good_users[i], &is_user, NULL), NULL, "user ARN accepted: %s", good_users[i]);
		TAP_IS_INT(is_user, 1, "  and reported as a user");
	}

	arn = "arn:aws:iam::123456789012:role/service/MyRedshiftRole";
	is_user = -1;
	TAP_IS_STR(check(arn, &is_user, &parts), NULL, "role ARN accepted");
	TAP_IS_INT(is_user, 0, "  and reported as a role");
	TAP_IS_STR(parts.account, "123456789012", "  account extracted");
	TAP_OK(parts.name_len == 14 && memcmp(arn + parts.name_off, "MyRedshiftRole", 14) == 0,
		   "  name extracted");
	TAP_OK(parts.path_len == 9 && memcmp(arn + parts.path_off, "/service/", 9) == 0,
		   "  path extracted");

	arn = "arn:aws:iam::210987654321:user/ops/etl";
	TAP_IS_STR(check(arn, NULL, &parts), NULL, "is_user may be NULL");
	TAP_IS_STR(parts.account, "210987654321", "  user account extracted");
	TAP_OK(parts.name_len == 3 && memcmp(arn + parts.name_off, "etl", 3) == 0, "  user name extracted");
	TAP_IS_STR(check(arn, NULL, NULL), NULL, "parts may be NULL");

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		is_user = -1;
		TAP_IS_STR(check(bad[i][0], &is_user, NULL), bad[i][1], "refused: \"%s\"", bad[i][0]);
	}

	/* the role check shares the scanner and keeps its own words */
	arn = "arn:aws:iam::123456789012:user/etl";
	TAP_IS_STR(rsi_role_arn_check(arn, strlen(arn), NULL),
			   "the resource must be \"role/<role-name>\"", "the role check still refuses a user");
	arn = "etl";
	TAP_IS_STR(rsi_role_arn_check(arn, strlen(arn), NULL),
			   "an IAM role ARN starts with \"arn:\"", "the role check keeps its messages");
	arn = "arn:aws:iam::123456789012:role/a b";
	TAP_IS_STR(rsi_role_arn_check(arn, strlen(arn), NULL),
			   "the role name contains a space", "  also for names");
	return tap_done();
}
