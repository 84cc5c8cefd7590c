/*
 * test_iam_secret_values.c — a value the parse shows as *** because it
 * holds a secret key name (an S3 location, a SECRET_ARN, a LAMBDA name, a
 * CATALOG_ROLE chain) is evaluated against the IAM snapshot as written (the
 * verdict is the one the value gives), but neither the verdict's message,
 * detail and hint nor any step of the result (nor its JSON) shows it; a
 * command without such a value prints its resources as before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>

#include "check/check.h"
#include "iam/iam_check.h"
#include "tap.h"
#include "iam_util.h"

#define A "123456789012"
#define ROLE(n) "arn:aws:iam::" A ":role/" n
#define COPYROLE ROLE("RedshiftCopyUnload")
#define SECRET "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"

static void *
test_alloc(void *ctx, size_t n)
{
	(void) ctx;
	return malloc(n);			/* short-lived test: not freed */
}

static rsi_cluster_view cl = {
	1, "my-redshift-cluster", A, "us-east-1", "available", COPYROLE, in_sync, NULL, NULL, 0, NULL, NULL
};
static rsi_iam_snapshot *snap;
static rsi_verdict v;
static rsi_iam_result res;
static char *json;

static int
check(const char *sql)
{
	rsi_alloc	al = {test_alloc, NULL};
	rsi_command cmd;
	rsi_parse_error err;
	rsi_check_options opt = {RSI_KEYS_MODE_ALLOW, "etl", RSI_HINTS_SQL};
	rsi_iam_options io = {0, "etl", RSI_HINTS_SQL};

	rsi_iam_result_free(&res);
	free(json);
	json = NULL;
	memset(&v, 0, sizeof(v));
	if (rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &err) != RSI_PARSE_OK)
	{
		printf("#   parse failed: %s\n", err.message);
		return 0;
	}
	rsi_check_command(&cmd, &cl, &opt, &v);
	if (rsi_iam_check(snap, &cmd, &cl, &io, &v, &res) != 0)
		return 0;
	json = rsi_iam_result_json(&res);
	return json != NULL && res.evaluated;
}

/* does any text of the verdict or the result hold s? */
static int
shows(const char *s)
{
	size_t		i;
	int			m;

	if (strstr(v.message, s) || strstr(v.detail, s) || strstr(v.hint, s) || strstr(json, s))
		return 1;
	for (i = 0; i < res.nsteps; i++)
	{
		const rsi_iam_step *st = &res.steps[i];

		if (strstr(st->role, s) || strstr(st->principal, s) || strstr(st->resource, s) ||
			strstr(st->note, s))
			return 1;
		for (m = 0; m < st->nmatched; m++)
			if (strstr(st->matched[m], s))
				return 1;
	}
	return 0;
}

static char *
read_fixture(const char *argv0)
{
	char		path[4096];
	char		dir[4096];
	FILE	   *f;
	char	   *buf;
	long		n;

	snprintf(dir, sizeof(dir), "%s", argv0);
	snprintf(path, sizeof(path), "%s/../cli/fixtures/iam-account.json", dirname(dir));
	f = fopen(path, "rb");
	if (f == NULL)
		f = fopen("test/cli/fixtures/iam-account.json", "rb");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t) n + 1);
	if (buf == NULL || fread(buf, 1, (size_t) n, f) != (size_t) n)
	{
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void
refused_hidden(const char *sql, const char *rule, const char *what)
{
	int			ran = check(sql);

	TAP_OK(ran && !v.allowed && v.rule && strcmp(v.rule, rule) == 0,
		   "%s: refused (%s) as the value written gives", what, rule);
	TAP_OK(ran && !shows(SECRET) && !shows("EXAMPLEKEY"), "%s: no text shows the secret", what);
	TAP_OK(ran && strstr(v.message, "***") != NULL, "%s: the message says *** in its place", what);
}

int
main(int argc, char **argv)
{
	char	   *export = read_fixture(argv[0]);
	rsi_iam_load_error err;

	(void) argc;
	TAP_OK(export != NULL, "the fixture test/cli/fixtures/iam-account.json is readable");
	if (export == NULL)
		return tap_done();
	snap = rsi_iam_snapshot_load(export, strlen(export), &err);
	TAP_OK(snap != NULL, "the fixture loads");
	if (snap == NULL)
		return tap_done();

	refused_hidden("COPY t FROM 's3://my-bucket/aws_secret_access_key=" SECRET "/' IAM_ROLE '" COPYROLE "'",
				   "permission-denied", "an S3 location holding aws_secret_access_key=");
	refused_hidden("UNLOAD ('select 1') TO 's3://my-bucket/x/password=" SECRET "/' IAM_ROLE '" COPYROLE "'",
				   "permission-denied", "an UNLOAD location holding password=");
	refused_hidden("COPY t FROM 's3://my-bucket/a password= " SECRET "/' IAM_ROLE '" COPYROLE "'",
				   "permission-denied", "the secret after a space in the location");
	refused_hidden("CREATE EXTERNAL FUNCTION f(int) RETURNS int VOLATILE LAMBDA 'password=" SECRET
				   "' IAM_ROLE '" COPYROLE "'", "permission-denied", "a LAMBDA name holding password=");
	refused_hidden("CREATE EXTERNAL SCHEMA s FROM POSTGRES DATABASE 'd' URI 'h' IAM_ROLE '" COPYROLE
				   "' SECRET_ARN 'arn:aws:secretsmanager:us-east-1:" A ":secret:password=" SECRET "'",
				   "permission-denied", "a SECRET_ARN holding password=");

	/* allowed: the steps still name the resource, masked */
	TAP_OK(check("COPY t FROM 's3://my-bucket/sales/session_token=" SECRET "/' IAM_ROLE '" COPYROLE "'") &&
		   v.allowed, "a location under the allowed prefix holding session_token=: allowed");
	TAP_OK(!shows(SECRET) && !shows("EXAMPLEKEY"), "allowed: no step and no JSON shows the secret");
	TAP_OK(strstr(json, "\"resource\":\"***\"") != NULL || strstr(json, "\"resource\": \"***\"") != NULL,
		   "allowed: the step's resource is ***");

	/* the same commands without a key name print their resources */
	TAP_OK(check("COPY t FROM 's3://my-bucket/other/" SECRET "/' IAM_ROLE '" COPYROLE "'") &&
		   !v.allowed && strstr(v.message, "arn:aws:s3:::my-bucket/other/" SECRET "/*") != NULL,
		   "a location without a key name: the message names its resource");
	TAP_OK(check("COPY t FROM 's3://my-bucket/sales/" SECRET "/' IAM_ROLE '" COPYROLE "'") &&
		   v.allowed && strstr(json, "arn:aws:s3:::my-bucket/sales/" SECRET "/*") != NULL,
		   "allowed without a key name: the step names its resource");

	rsi_iam_result_free(&res);
	free(json);
	rsi_iam_snapshot_free(snap);
	free(export);
	return tap_done();
}
