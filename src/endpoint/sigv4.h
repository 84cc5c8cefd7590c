/*
 * sigv4.h — AWS Signature Version 4, the verifying side.
 *
 * The steps are those of AWS's "Create a signed AWS API request"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):
 * a canonical request (method, URI, query, the signed headers, the
 * payload's SHA-256), a string to sign naming the credential scope
 * (date/region/service/aws4_request), and an HMAC-SHA256 chain from the
 * secret.  Pure C over OpenSSL's libcrypto: no server, no database, so it
 * is unit-tested and fuzzed on its own.
 */
#ifndef RSI_EP_SIGV4_H
#define RSI_EP_SIGV4_H

#include <stddef.h>
#include <time.h>

#define EP_SIGV4_MAX_SIGNED		32	/* signed headers in one request */
#define EP_SIGV4_MAX_SKEW		300 /* seconds either side of the server's clock */

typedef struct ep_header
{
	const char *name;			/* any case */
	const char *value;
} ep_header;

/* What the verifier needs of an HTTP request. */
typedef struct ep_http_request
{
	const char *method;			/* "POST" */
	const char *path;			/* decoded path, "/" */
	const char *query;			/* raw query string without '?', or NULL */
	const ep_header *headers;
	size_t		nheaders;
	const char *body;
	size_t		body_len;
} ep_http_request;

/* The parts of an Authorization header. */
typedef struct ep_sigv4_auth
{
	char		key_id[129];
	char		date[9];		/* YYYYMMDD */
	char		region[64];
	char		service[64];
	char		signed_headers[1024];	/* "content-type;host;x-amz-date" */
	char		signature[65];	/* lower-case hex */
} ep_sigv4_auth;

/* Why a request is refused, in the error codes AWS answers with. */
typedef enum ep_sigv4_status
{
	EP_SIGV4_OK = 0,
	EP_SIGV4_MISSING,			/* MissingAuthenticationToken, 403 */
	EP_SIGV4_INCOMPLETE,		/* IncompleteSignature, 400 */
	EP_SIGV4_MISMATCH			/* SignatureDoesNotMatch, 403 */
} ep_sigv4_status;

/*
 * Parse the Authorization header of req (and its X-Amz-Date) into *auth:
 * algorithm AWS4-HMAC-SHA256, Credential=<key>/<date>/<region>/<service>/aws4_request,
 * SignedHeaders (lower case, sorted, host included), Signature (64 hex
 * digits).  Checks the scope against region and service, the scope's date
 * against X-Amz-Date, and X-Amz-Date against now within max_skew seconds.
 * The key is not looked up here.  On failure, why (whylen bytes) holds
 * AWS's message.
 */
extern ep_sigv4_status ep_sigv4_parse(const ep_http_request *req, const char *region,
									  const char *service, time_t now, long max_skew,
									  ep_sigv4_auth *auth, char *why, size_t whylen);

/*
 * The canonical request and the string to sign of req under auth, as
 * malloc'd strings (either out pointer may be NULL).  Returns 0, or -1 on
 * allocation failure or when a signed header is missing.
 */
extern int	ep_sigv4_string_to_sign(const ep_http_request *req, const ep_sigv4_auth *auth,
									char **canonical, char **string_to_sign);

/* The signature (64 lower-case hex digits and NUL) of string_to_sign. */
extern int	ep_sigv4_sign(const char *secret, const ep_sigv4_auth *auth,
						  const char *string_to_sign, char out[65]);

/*
 * Verify req's signature with secret (after ep_sigv4_parse): EP_SIGV4_OK or
 * EP_SIGV4_MISMATCH with AWS's message in why.  Compares in constant time.
 */
extern ep_sigv4_status ep_sigv4_verify(const ep_http_request *req, const ep_sigv4_auth *auth,
									   const char *secret, char *why, size_t whylen);

/* The value of header name (case-insensitive) in req, the first one; NULL if absent. */
extern const char *ep_http_header(const ep_http_request *req, const char *name);

/* 32 bytes of SHA-256 of data, as 64 lower-case hex digits and NUL. */
extern void ep_sha256_hex(const void *data, size_t len, char out[65]);

#endif							/* RSI_EP_SIGV4_H */
