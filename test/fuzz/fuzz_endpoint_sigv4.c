/*
 * fuzz_endpoint_sigv4.c — libFuzzer target for redshift-iam-endpoint's
 * SigV4 verifier (src/endpoint/sigv4.c).
 *
 * The input is split at NUL bytes into an Authorization header, an
 * X-Amz-Date, a Host, a path and a body.  Parsing either succeeds, with
 * every part of the scope NUL-terminated inside its buffer, or gives a
 * message; a parsed request is verified against a fixed secret, and the
 * signature the verifier computes for it is accepted when put in its place.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sigv4.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)
#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *buf = malloc(size + 1);
	const char *part[5] = {"", "", "", "/", ""};
	size_t		blen = 0;
	size_t		i,
				k = 0;
	ep_header	h[4];
	ep_http_request req;
	ep_sigv4_auth auth;
	char		why[1024];
	char	   *sts = NULL;
	ep_sigv4_status st;

	memcpy(buf, data, size);
	buf[size] = '\0';
	part[0] = buf;
	for (i = 0; i < size && k < 4; i++)
		if (buf[i] == '\0')
			part[++k] = buf + i + 1;
	if (k == 4)
		blen = size - (size_t) (part[4] - buf);
	h[0].name = "Authorization";
	h[0].value = part[0];
	h[1].name = "X-Amz-Date";
	h[1].value = part[1];
	h[2].name = "Host";
	h[2].value = part[2];
	h[3].name = "content-type";
	h[3].value = "application/x-www-form-urlencoded";
	req.method = "POST";
	req.path = part[3];
	req.query = part[3];
	req.headers = h;
	req.nheaders = 4;
	req.body = part[4];
	req.body_len = blen;

	st = ep_sigv4_parse(&req, "us-east-1", "redshift", 1796644800, EP_SIGV4_MAX_SKEW, &auth, why, sizeof(why));
	CHECK(st == EP_SIGV4_OK || st == EP_SIGV4_MISSING || st == EP_SIGV4_INCOMPLETE || st == EP_SIGV4_MISMATCH);
	if (st != EP_SIGV4_OK)
	{
		CHECK(strlen(why) < sizeof(why));
		free(buf);
		return 0;
	}
	CHECK(strlen(auth.signature) == 64 && strcmp(auth.region, "us-east-1") == 0);
	(void) ep_sigv4_verify(&req, &auth, SECRET, why, sizeof(why));
	if (ep_sigv4_string_to_sign(&req, &auth, NULL, &sts) == 0)
	{
		char		sig[65];

		CHECK(ep_sigv4_sign(SECRET, &auth, sts, sig) == 0);
		memcpy(auth.signature, sig, 65);
		CHECK(ep_sigv4_verify(&req, &auth, SECRET, why, sizeof(why)) == EP_SIGV4_OK);
		free(sts);
	}
	free(buf);
	return 0;
}
