/*
 * awserr.c — the extension's errors as AWS's (awserr.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "awserr.h"
#include "util/utf8.h"

/* codes whose status is not 400 (botocore's model, and AWS's common errors:
 * https://docs.aws.amazon.com/redshift/latest/APIReference/CommonErrors.html) */
static const struct
{
	const char *code;
	int			status;
}			statuses[] = {
	{"ClusterNotFound", 404},
	{"AccessDenied", 403},
	{"InvalidClientTokenId", 403},
	{"SignatureDoesNotMatch", 403},
	{"MissingAuthenticationToken", 403},
	{"RequestEntityTooLarge", 413},
	{"InternalFailure", 500},
	{"ServiceUnavailable", 503},
};

int
ep_error_status(const char *code)
{
	size_t		i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (strcmp(statuses[i].code, code) == 0)
			return statuses[i].status;
	return 400;
}

/* control characters are not XML 1.0 text: shown as '?' */
static void
clean(char *s)
{
	for (; *s; s++)
		if ((unsigned char) *s < 0x20 && *s != '\n' && *s != '\t')
			*s = '?';
}

void
ep_error_set(ep_error *err, const char *code, const char *fmt,...)
{
	va_list		ap;

	snprintf(err->code, sizeof(err->code), "%s", code);
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	/* a message cut at the buffer's end keeps whole characters */
	err->message[rsi_utf8_clip(err->message, strlen(err->message))] = '\0';
	clean(err->message);
	err->status = ep_error_status(code);
	err->sender = err->status < 500;
}

void
ep_error_from_sql(const char *sqlstate, const char *message, ep_error *err)
{
	const char *prefix = "An error occurred (";
	const char *s = sqlstate ? sqlstate : "";
	const char *m = message ? message : "";

	/* the extension's AWS-shaped errors carry their code */
	if (strncmp(m, prefix, strlen(prefix)) == 0)
	{
		const char *code = m + strlen(prefix);
		const char *close = strchr(code, ')');
		const char *colon = close ? strstr(close, " operation: ") : NULL;
		size_t		clen = close ? (size_t) (close - code) : 0;

		if (close && colon && clen > 0 && clen < sizeof(err->code) &&
			strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.") == clen)
		{
			char		c[64];

			memcpy(c, code, clen);
			c[clen] = '\0';
			ep_error_set(err, c, "%s", colon + strlen(" operation: "));
			return;
		}
	}
	/* IAM's denial */
	if (strcmp(s, "42501") == 0 && strncmp(m, "User: ", 6) == 0)
	{
		ep_error_set(err, "AccessDenied", "%s", m);
		return;
	}
	/* the access key was deleted or deactivated after the signature was checked */
	if (strcmp(s, "28000") == 0)
	{
		ep_error_set(err, "InvalidClientTokenId", "The security token included in the request is invalid.");
		return;
	}
	if (strncmp(s, "22", 2) == 0)
	{
		ep_error_set(err, "InvalidParameterValue", "%s", m);
		return;
	}
	if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0 || strncmp(s, "08", 2) == 0 ||
		strncmp(s, "57", 2) == 0 || strcmp(s, "55P03") == 0)
	{
		ep_error_set(err, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");
		return;
	}
	ep_error_set(err, "InternalFailure",
				 "The request processing has failed because of an unknown error, exception or failure.");
}
