/*
 * test_iam_oom.c — the IAM snapshot and evaluation when memory runs out:
 * every allocation of loading an export, checking a command and writing
 * the steps' JSON is made to fail in turn; each call must then report out
 * of memory (the loader's out_of_memory, rsi_iam_check's -1 with the
 * verdict untouched, a NULL JSON text) or succeed, never crash or report
 * a wrong verdict.  The allocator is replaced for this program only
 * (glibc's __libc_* functions do the real work); jansson keeps the real
 * one (it does not survive a failed allocation inside its parser, which is
 * not this project's code to test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check/check.h"
#include "iam/iam_check.h"
#include "tap.h"
#include "iam_util.h"

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);

static long countdown = -1;		/* allocations left before one fails; -1: never */
static int	failed;

static int
fail_now(void)
{
	if (countdown < 0)
		return 0;
	if (countdown-- == 0)
	{
		failed = 1;
		return 1;
	}
	return 0;
}

/* AddressSanitizer brings its own allocator: there the injection is off */
#if defined(__SANITIZE_ADDRESS__)
#define NO_INJECTION 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_INJECTION 1
#endif
#endif

#ifndef NO_INJECTION
void	   *malloc(size_t n);
void	   *calloc(size_t n, size_t m);
void	   *realloc(void *p, size_t n);

void *
malloc(size_t n)
{
	return fail_now() ? NULL : __libc_malloc(n);
}

void *
calloc(size_t n, size_t m)
{
	return fail_now() ? NULL : __libc_calloc(n, m);
}

void *
realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __libc_realloc(p, n);
}
#endif

#define A "123456789012"
#define B "210987654321"
#define ROLE(a, n) "arn:aws:iam::" a ":role/" n

static const char *export_text =
"{\"RoleDetailList\":["
"{\"RoleName\":\"R\",\"Arn\":\"" ROLE(A, "R") "\",\"AssumeRolePolicyDocument\":{\"Statement\":{\"Effect\":\"Allow\","
"  \"Principal\":{\"Service\":\"redshift.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}},"
"  \"RolePolicyList\":[{\"PolicyName\":\"p\",\"PolicyDocument\":\"%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%5B%22s3%3AGetObject%22%2C%22sts%3AAssumeRole%22%5D%2C%22Resource%22%3A%22%2A%22%7D%7D\"}],"
"  \"AttachedManagedPolicies\":[{\"PolicyArn\":\"arn:aws:iam::" A ":policy/M\"}]},"
"{\"RoleName\":\"P\",\"Arn\":\"" ROLE(B, "P") "\",\"AssumeRolePolicyDocument\":{\"Statement\":{\"Effect\":\"Allow\","
"  \"Principal\":{\"AWS\":\"" ROLE(A, "R") "\"},\"Action\":\"sts:AssumeRole\"}},"
"  \"RolePolicyList\":[{\"PolicyName\":\"q\",\"PolicyDocument\":{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}}]}],"
"\"Policies\":[{\"Arn\":\"arn:aws:iam::" A ":policy/M\",\"DefaultVersionId\":\"v1\",\"PolicyVersionList\":[{\"VersionId\":\"v1\","
"  \"Document\":{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}}}]}],"
"\"ResourcePolicies\":[{\"ResourceArn\":\"arn:aws:s3:::b\",\"AccountId\":\"" A "\",\"Policy\":{\"Statement\":{\"Effect\":\"Allow\","
"  \"Principal\":{\"AWS\":\"" ROLE(B, "P") "\"},\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::b\",\"arn:aws:s3:::b/*\"]}}}]}";

static rsi_cluster_view cl = {
	1, "c1", A, "us-east-1", "available", NULL, in_sync, NULL, NULL, 0, NULL, NULL
};

static void *
test_alloc(void *ctx, size_t n)
{
	(void) ctx;
	return __libc_malloc(n);	/* the parse is not under test: not freed */
}

int
main(void)
{
	const char *sql = "copy t from 's3://b/in/' iam_role '" ROLE(A, "R") "," ROLE(B, "P") "'";
	rsi_alloc	al = {test_alloc, NULL};
	rsi_command cmd;
	rsi_parse_error perr;
	rsi_check_options opt = {RSI_KEYS_MODE_ALLOW, "etl", RSI_HINTS_AWS_CLI};
	rsi_iam_options io = {0, "etl", RSI_HINTS_AWS_CLI};
	rsi_verdict base,
				v;
	long		n;
	int			load_ok = 1,
				check_ok = 1,
				json_ok = 1,
				loads = 0,
				checks = 0,
				jsons = 0,
				rounds = 0;

#ifdef NO_INJECTION
	(void) fail_now;
	(void) test_alloc;
	TAP_OK(1, "# SKIP allocation failures are not injected under AddressSanitizer");
	return tap_done();
#else
	/* under valgrind its allocator replaces ours too: then nothing is injected */
	{
		/* through a volatile pointer: the compiler may not drop the pair */
		void	   *(*volatile alloc) (size_t) = malloc;
		void	   *probe;

		countdown = 0;
		probe = alloc(1);
		countdown = -1;
		if (probe != NULL)
		{
			free(probe);
			TAP_OK(1, "# SKIP allocation failures cannot be injected here (another allocator, e.g. valgrind's, is in place)");
			return tap_done();
		}
		failed = 0;
	}
	json_set_alloc_funcs(__libc_malloc, free);
#endif
	if (rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &perr) != RSI_PARSE_OK)
	{
		TAP_OK(0, "the command parses: %s", perr.message);
		return tap_done();
	}
	rsi_check_command(&cmd, &cl, &opt, &base);
	TAP_OK(base.allowed, "the association check allows the command");

	for (n = 0;; n++)
	{
		rsi_iam_load_error err;
		rsi_iam_snapshot *s;
		rsi_iam_result res;
		char	   *j;
		int			rc;

		failed = 0;
		countdown = n;
		s = rsi_iam_snapshot_load(export_text, strlen(export_text), &err);
		if (s == NULL)
		{
			countdown = -1;
			if (!failed || !err.out_of_memory || strcmp(err.message, "out of memory") != 0)
				load_ok = 0;
			loads++;
			rounds++;
			continue;
		}
		v = base;
		rc = rsi_iam_check(s, &cmd, &cl, &io, &v, &res);
		if (rc != 0)
		{
			countdown = -1;
			if (!failed || memcmp(&v, &base, sizeof(v)) != 0)
				check_ok = 0;
			checks++;
			rsi_iam_snapshot_free(s);
			rounds++;
			continue;
		}
		j = rsi_iam_result_json(&res);
		countdown = -1;
		if (j == NULL)
		{
			if (!failed)
				json_ok = 0;
			jsons++;
			rsi_iam_result_free(&res);
			rsi_iam_snapshot_free(s);
			rounds++;
			continue;
		}
		/* nothing failed: the real answer */
		TAP_OK(!failed, "with %ld allocations allowed, everything succeeds", n);
		TAP_OK(v.allowed && res.evaluated && !res.unknown && res.nsteps == 5 &&
			   strstr(j, "\"decision\":\"allowed\"") != NULL,
			   "  and the chain and the cross-account bucket policy allow the command");
		free(j);
		rsi_iam_result_free(&res);
		rsi_iam_snapshot_free(s);
		break;
	}
	TAP_OK(load_ok && loads > 20, "each failed allocation while loading (%d) is reported as out of memory", loads);
	TAP_OK(check_ok && checks > 5, "each failed allocation while checking (%d) returns -1, the verdict untouched", checks);
	TAP_OK(json_ok && jsons > 0, "a failed allocation while writing the steps' JSON (%d) gives NULL", jsons);
	TAP_OK(rounds == loads + checks + jsons, "no failed allocation went unnoticed");
	return tap_done();
}
