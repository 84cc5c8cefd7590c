/*
 * bench_policy.c — IAM policy evaluations per second in the core, for a
 * principal whose policy has 1 (baseline), 10, 100 and 1,000 statements.
 *
 * Statements look like the ones the extension is for: per-team
 * CreateCluster / ModifyClusterIamRoles on cluster ARN globs, PassRole on
 * role paths with iam:PassedToService and iam:AssociatedResourceArn
 * conditions, and a few Denies.  Every evaluation considers every
 * statement (the engine has no index), so the request mix hardly matters;
 * it rotates over an allowed PassRole (matched by the last statement), a
 * denied one, a CreateCluster and a DescribeClusters.
 *
 * Usage: bench_policy [SECONDS_PER_SIZE]   (default 1)
 * Build: see bench/policy.md.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "policy/policy.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * A policy document with n statements; the last one allows the hot
 * request.  n = 1 is the trivial baseline: Allow * on *.
 */
static char *
make_policy(int n)
{
	size_t		cap = 512 + (size_t) n * 512;
	char	   *buf = malloc(cap);
	size_t		len = 0;
	int			i;

	if (buf == NULL)
		exit(2);
	len += (size_t) snprintf(buf + len, cap - len, "{\"Version\": \"2012-10-17\", \"Statement\": [");
	if (n == 1)					/* the trivial baseline */
		len += (size_t) snprintf(buf + len, cap - len,
								 "{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}");
	for (i = 0; n > 1 && i < n; i++)
	{
		const char *sep = i ? ", " : "";

		if (i == n - 1)
			len += (size_t) snprintf(buf + len, cap - len,
									 "%s{\"Sid\": \"Pass%d\", \"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", "
									 "\"Resource\": \"arn:aws:iam::123456789012:role/etl/*\", "
									 "\"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"redshift.amazonaws.com\"}, "
									 "\"ArnLike\": {\"iam:AssociatedResourceArn\": \"arn:aws:redshift:us-east-1:123456789012:cluster:etl-*\"}}}",
									 sep, i);
		else if (i % 10 == 9)
			len += (size_t) snprintf(buf + len, cap - len,
									 "%s{\"Sid\": \"Deny%d\", \"Effect\": \"Deny\", \"Action\": \"redshift:Delete*\", "
									 "\"Resource\": \"arn:aws:redshift:*:123456789012:cluster:prod%d-*\"}",
									 sep, i, i);
		else if (i % 3 == 2)
			len += (size_t) snprintf(buf + len, cap - len,
									 "%s{\"Sid\": \"Pass%d\", \"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", "
									 "\"Resource\": [\"arn:aws:iam::123456789012:role/team%d/*\", \"arn:aws:iam::123456789012:role/Team%dReader\"], "
									 "\"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"redshift.amazonaws.com\"}, "
									 "\"ArnLike\": {\"iam:AssociatedResourceArn\": \"arn:aws:redshift:*:123456789012:cluster:team%d-*\"}}}",
									 sep, i, i, i, i);
		else
			len += (size_t) snprintf(buf + len, cap - len,
									 "%s{\"Sid\": \"Team%d\", \"Effect\": \"Allow\", "
									 "\"Action\": [\"redshift:CreateCluster\", \"redshift:ModifyClusterIamRoles\"], "
									 "\"Resource\": \"arn:aws:redshift:us-east-1:123456789012:cluster:team%d-*\"}",
									 sep, i, i);
	}
	snprintf(buf + len, cap - len, "]}");
	return buf;
}

typedef struct bench_request
{
	const char *action;
	const char *resource;
	int			pass_role;
} bench_request;

static const bench_request requests[] = {
	{"iam:PassRole", "arn:aws:iam::123456789012:role/etl/Loader", 1},
	{"iam:PassRole", "arn:aws:iam::123456789012:role/RedshiftCopyUnload", 1},
	{"redshift:CreateCluster", "arn:aws:redshift:us-east-1:123456789012:cluster:etl-7", 0},
	{"redshift:DescribeClusters", "*", 0},
};

int
main(int argc, char **argv)
{
	static const int sizes[] = {1, 10, 100, 1000};
	double		secs = argc > 1 ? atof(argv[1]) : 1.0;
	const char *svc[] = {"redshift.amazonaws.com"};
	const char *assoc[] = {"arn:aws:redshift:us-east-1:123456789012:cluster:etl-7"};
	const char *user[] = {"etl"};
	const char *parn[] = {"arn:aws:iam::123456789012:user/etl"};
	const char *acct[] = {"123456789012"};
	rsi_context_entry ctx[] = {
		{"aws:username", user, 1},
		{"aws:PrincipalArn", parn, 1},
		{"aws:PrincipalAccount", acct, 1},
		{"iam:PassedToService", svc, 1},
		{"iam:AssociatedResourceArn", assoc, 1},
	};
	size_t		k;

	printf("%-11s %10s %12s %12s %14s  %s\n", "statements", "doc bytes", "compile us",
		   "evals/s", "us/eval", "decisions (allowed/explicit/implicit)");
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
	{
		char	   *doc = make_policy(sizes[k]);
		rsi_policy_error err;
		rsi_policy_options opts = {0};	/* 1,000 such statements exceed IAM's cap */
		rsi_policy *p;
		const rsi_policy *pols[1];
		double		t0,
					t1,
					tc;
		long		n = 0;
		long		counts[3] = {0, 0, 0};
		int			r;

		t0 = now();
		for (r = 0; r < 20; r++)
		{
			p = rsi_policy_parse_ext(doc, strlen(doc), "bench", &opts, &err);
			if (p == NULL)
			{
				fprintf(stderr, "policy of %d statements: %s: %s\n", sizes[k], err.element, err.message);
				return 2;
			}
			if (r < 19)
				rsi_policy_free(p);
		}
		tc = (now() - t0) / 20;
		pols[0] = p;

		t0 = now();
		do
		{
			for (r = 0; r < 64; r++, n++)
			{
				const bench_request *q = &requests[n % 4];
				rsi_request req;
				rsi_eval_result res;

				req.action = q->action;
				req.resource = q->resource;
				req.context = ctx;
				req.ncontext = q->pass_role ? 5 : 3;
				if (rsi_policy_evaluate(pols, 1, &req, &res) != 0)
				{
					fprintf(stderr, "out of memory\n");
					return 2;
				}
				counts[res.decision]++;
				rsi_eval_result_free(&res);
			}
			t1 = now();
		} while (t1 - t0 < secs);

		printf("%-11d %10zu %12.1f %12.0f %14.3f  %ld/%ld/%ld\n", sizes[k], strlen(doc), tc * 1e6,
			   n / (t1 - t0), (t1 - t0) / n * 1e6,
			   counts[RSI_DECISION_ALLOWED], counts[RSI_DECISION_EXPLICIT_DENY],
			   counts[RSI_DECISION_IMPLICIT_DENY]);
		rsi_policy_free(p);
		free(doc);
	}
	return 0;
}
