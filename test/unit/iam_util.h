/*
 * iam_util.h — shared by the IAM unit tests (header-only, included after
 * check/check.h): a cluster whose every role is associated and in-sync, so
 * that only the IAM rules decide.
 */
#ifndef RSI_TEST_IAM_UTIL_H
#define RSI_TEST_IAM_UTIL_H

static rsi_assoc_status
in_sync(void *ctx, const char *arn, double *left)
{
	(void) ctx;
	(void) arn;
	if (left)
		*left = 0;
	return RSI_ASSOC_IN_SYNC;
}

#endif							/* RSI_TEST_IAM_UTIL_H */
