/*
 * fuzz_validate.c — libFuzzer target for the value rules (validate.c) and
 * for the role-chain and CREDENTIALS-string checks inside the parser
 * (parse_auth.c).
 *
 * The checkers never read outside the value and agree with simple
 * restatements of their rules; a value embedded in IAM_ROLE '...' or
 * CREDENTIALS '...' parses cleanly, and an accepted chain is the value
 * split on commas.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/command.h"
#include "lex/script.h"
#include "check/validate.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

#include "../unit/arena.h"

static int
has_sub(const char *s, size_t n, const char *sub)
{
	size_t		k = strlen(sub),
				i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, sub, k) == 0)
			return 1;
	return 0;
}

static int
has_sub_n(const char *s, size_t n, const char *sub, size_t k)
{
	size_t		i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, sub, k) == 0)
			return 1;
	return 0;
}

static int
has_digit(const char *s, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	return 0;
}

static void
check_values(const char *s, size_t n)
{
	rsi_role_arn parts;
	const char *why;
	size_t		i;

	why = rsi_role_arn_check(s, n, &parts);
	if (why == NULL)
	{
		CHECK(n >= 4 && memcmp(s, "arn:", 4) == 0);
		CHECK(has_sub(s, n, ":role/"));
		CHECK(has_sub(s, n, ":iam::"));
		CHECK(n <= 2048);
		CHECK(strlen(parts.account) == 12);
		for (i = 0; i < 12; i++)
			CHECK(parts.account[i] >= '0' && parts.account[i] <= '9');
		CHECK(parts.path_len >= 1 && s[parts.path_off] == '/');
		CHECK(parts.path_off + parts.path_len == parts.name_off);
		CHECK(s[parts.name_off - 1] == '/');
		CHECK(parts.name_len >= 1 && parts.name_len <= 64);
		CHECK(parts.name_off + parts.name_len == n);
		CHECK(rsi_account_id_check(parts.account, 12) == NULL);
	}
	else
		CHECK(*why != '\0');
	if (rsi_role_arn_is_service_linked(s, n))
		CHECK(why == NULL && has_sub(s, n, ":role/aws-service-role/"));
	if (rsi_looks_like_role_name(s, n))
		CHECK(n >= 1 && n <= 64 && why != NULL);

	why = rsi_access_key_id_check(s, n);
	if (why == NULL)
	{
		CHECK(n >= 16 && n <= 128);
		CHECK(memcmp(s, "AKIA", 4) == 0 || memcmp(s, "ASIA", 4) == 0);
		CHECK(rsi_access_key_is_temporary(s, n) == (s[0] == 'A' && s[1] == 'S'));
	}
	(void) rsi_access_key_is_temporary(s, n);

	why = rsi_cluster_identifier_check(s, n);
	if (why == NULL)
	{
		CHECK(n >= 1 && n <= 63 && s[0] >= 'a' && s[0] <= 'z' && s[n - 1] != '-');
		CHECK(!has_sub(s, n, "--"));
	}
	why = rsi_account_id_check(s, n);
	if (why == NULL)
		CHECK(n == 12);
}

/* Append s as the body of a '...' literal (quotes doubled); returns the new length. */
static size_t
put_quoted(char *out, size_t o, const char *s, size_t n)
{
	size_t		i;

	out[o++] = '\'';
	for (i = 0; i < n; i++)
	{
		if (s[i] == '\'')
			out[o++] = '\'';
		out[o++] = s[i];
	}
	out[o++] = '\'';
	return o;
}

static void
check_in_command(const char *s, size_t n)
{
	static const char pre_role[] = "COPY t FROM 's3://b/p' IAM_ROLE ";
	static const char pre_cred[] = "COPY t FROM 's3://b/p' CREDENTIALS ";
	char	   *cmdtext = malloc(sizeof(pre_cred) + 2 * n + 4);
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_parse_options opt = {RSI_DEFAULT_MAX_ROLE_CHAIN, NULL, 0};
	rsi_command cmd;
	rsi_parse_error err;
	rsi_parse_status r;
	size_t		len,
				i;
	int			plain = memchr(s, '\\', n) == NULL && memchr(s, '\0', n) == NULL;

	CHECK(cmdtext != NULL);

	/* IAM_ROLE '<value>' */
	memcpy(cmdtext, pre_role, sizeof(pre_role) - 1);
	len = put_quoted(cmdtext, sizeof(pre_role) - 1, s, n);
	r = rsi_parse_command(cmdtext, len, &opt, &al, &cmd, &err);
	/* a value holding a template placeholder is kept whole (templated-value) */
	if (r == RSI_PARSE_OK && plain && cmd.ntemplated > 0)
		CHECK(cmd.auth == RSI_AUTH_IAM_ROLE && cmd.nroles == 1 &&
			  (strcmp(cmd.roles[0], "***") == 0 ||
			   (strlen(cmd.roles[0]) == n && memcmp(cmd.roles[0], s, n) == 0)));
	else if (r == RSI_PARSE_OK && plain && !(n == 7 && memcmp(s, "SESSION", 7) == 0))
	{
		size_t		commas = 0,
					k = 0,
					start = 0;

		CHECK(cmd.auth == RSI_AUTH_IAM_ROLE);
		for (i = 0; i < n; i++)
			commas += (s[i] == ',');
		/* a chain keeps its first RSI_MAX_CHAIN_ROLES roles (command.h) */
		CHECK(cmd.nroles == (commas + 1 < RSI_MAX_CHAIN_ROLES ? commas + 1 : RSI_MAX_CHAIN_ROLES));
		for (i = 0; i <= n && k < cmd.nroles; i++)
			if (i == n || s[i] == ',')
			{
				/* a chain holding a secret key name shows doubtful roles as *** */
				CHECK((strlen(cmd.roles[k]) == i - start &&
					   memcmp(cmd.roles[k], s + start, i - start) == 0) ||
					  (rsi_has_secret_key_name(s, n) && strcmp(cmd.roles[k], "***") == 0));
				k++;
				start = i + 1;
			}
		if (commas + 1 > RSI_DEFAULT_MAX_ROLE_CHAIN)
			CHECK(cmd.nproblems > 0);
		if (commas == 0 && rsi_role_arn_check(s, n, NULL) == NULL
			&& !rsi_role_arn_is_service_linked(s, n))
			CHECK(cmd.nproblems == 0);
	}
	else if (r != RSI_PARSE_OK)
		CHECK(r == RSI_PARSE_SYNTAX && err.off <= len);
	arena_free();

	/* CREDENTIALS '<value>' */
	memcpy(cmdtext, pre_cred, sizeof(pre_cred) - 1);
	len = put_quoted(cmdtext, sizeof(pre_cred) - 1, s, n);
	r = rsi_parse_command(cmdtext, len, &opt, &al, &cmd, &err);
	if (r == RSI_PARSE_OK)
	{
		/* a placeholder anywhere in CREDENTIALS makes the clause templated */
		CHECK(cmd.auth == RSI_AUTH_CREDENTIALS_ROLE || cmd.auth == RSI_AUTH_CREDENTIALS_KEYS ||
			  cmd.ntemplated > 0);
		if (plain && cmd.ntemplated == 0)
			CHECK(has_sub(s, n, "aws_iam_role=") ||
				  (has_sub(s, n, "aws_access_key_id=") && has_sub(s, n, "aws_secret_access_key=")));
		for (i = 0; i < cmd.nproblems; i++)
			CHECK(cmd.problems[i].off <= len);
	}
	else
	{
		CHECK(r == RSI_PARSE_SYNTAX && err.off <= len);
		/* error messages never quote the secret (unless the same bytes occur before it) */
		if (plain && n >= 8)
		{
			const char *sec = NULL;

			for (i = 0; i + 22 <= n; i++)
				if (memcmp(s + i, "aws_secret_access_key=", 22) == 0)
					sec = s + i + 22;
			/*
			 * Only secrets that cannot be a piece of a fixed message text
			 * are checked: no spaces and at least one digit, as real
			 * secret keys have.  (The fuzzer found " or line breaks", a
			 * phrase of the message itself.)
			 */
			if (sec && (size_t) (s + n - sec) >= 8 && memchr(sec, ';', (size_t) (s + n - sec)) == NULL &&
				memchr(sec, '=', (size_t) (s + n - sec)) == NULL &&
				memchr(sec, ' ', (size_t) (s + n - sec)) == NULL &&
				has_digit(sec, (size_t) (s + n - sec)))
			{
				size_t		sl = (size_t) (s + n - sec);

				if (!has_sub_n(s, (size_t) (sec - s) - 1, sec, sl))
					CHECK(!has_sub_n(err.message, strlen(err.message), sec, sl));
			}
		}
	}
	arena_free();
	free(cmdtext);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;

	check_values(s, size);
	if (size <= 4096)
		check_in_command(s, size);
	return 0;
}
