/*
 * sigv4.c — verifying AWS Signature Version 4 (sigv4.h).
 *
 * The messages are AWS's own for the same faults, so SDKs and the CLI
 * show what they show against AWS.  Nothing here prints or logs: the
 * caller decides what leaves the process, and no message holds the
 * signature, the secret or a header's value beyond the scope's parts.
 */
#define _DEFAULT_SOURCE			/* timegm, strncasecmp */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "sigv4.h"

#define ALGORITHM "AWS4-HMAC-SHA256"
#define MISMATCH_MESSAGE "The request signature we calculated does not match the signature you provided. " \
	"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

/* ---- a growing string ---- */

typedef struct sbuf
{
	char	   *data;
	size_t		len;
	size_t		cap;
	int			failed;
} sbuf;

static void
sb_add(sbuf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap)
	{
		size_t		cap = b->cap ? b->cap : 256;
		char	   *d;

		while (cap < b->len + n + 1)
			cap *= 2;
		d = realloc(b->data, cap);
		if (d == NULL)
		{
			b->failed = 1;
			return;
		}
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void
sb_str(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* RFC 3986 encoding as SigV4 wants it: unreserved kept, the rest %XX upper case */
static void
sb_uri_encode(sbuf *b, const char *s, size_t n, int keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t		i;

	for (i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/'))
			sb_add(b, (const char *) &s[i], 1);
		else
		{
			char		e[3] = {'%', hex[c >> 4], hex[c & 15]};

			sb_add(b, e, 3);
		}
	}
}

/* ---- hashing ---- */

static void
to_hex(const unsigned char *d, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t		i;

	for (i = 0; i < n; i++)
	{
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

void
ep_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256((const unsigned char *) data, len, md);
	to_hex(md, sizeof(md), out);
}

static void
hmac(const void *key, size_t keylen, const char *msg, unsigned char out[32])
{
	unsigned int outlen = 32;

	HMAC(EVP_sha256(), key, (int) keylen, (const unsigned char *) msg, strlen(msg), out, &outlen);
}

/* ---- headers ---- */

const char *
ep_http_header(const ep_http_request *req, const char *name)
{
	size_t		i;

	for (i = 0; i < req->nheaders; i++)
		if (strcasecmp(req->headers[i].name, name) == 0)
			return req->headers[i].value;
	return NULL;
}

/* copy s[0..n) into out (outsz bytes); -1 if it does not fit */
static int
copy_part(char *out, size_t outsz, const char *s, size_t n)
{
	if (n >= outsz)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* a scope part as shown in a message: at most 64 printable bytes */
static const char *
shown(const char *s, char *buf, size_t bufsz)
{
	size_t		i;

	for (i = 0; s[i] && i + 1 < bufsz && i < 64; i++)
		buf[i] = (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\'') ? s[i] : '?';
	buf[i] = '\0';
	return buf;
}

/* YYYYMMDDTHHMMSSZ to seconds since the epoch, or -1 */
static time_t
parse_amz_date(const char *s)
{
	struct tm	tm;
	int			i;

	if (strlen(s) != 16 || s[8] != 'T' || s[15] != 'Z')
		return -1;
	for (i = 0; i < 15; i++)
		if (i != 8 && !isdigit((unsigned char) s[i]))
			return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0') - 1900;
	tm.tm_mon = (s[4] - '0') * 10 + (s[5] - '0') - 1;
	tm.tm_mday = (s[6] - '0') * 10 + (s[7] - '0');
	tm.tm_hour = (s[9] - '0') * 10 + (s[10] - '0');
	tm.tm_min = (s[11] - '0') * 10 + (s[12] - '0');
	tm.tm_sec = (s[13] - '0') * 10 + (s[14] - '0');
	if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
		tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	return timegm(&tm);
}

static void
format_amz_date(time_t t, char out[17])
{
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}

/* the signed-header list: lower case, sorted, no empty names, host included */
static int
signed_headers_ok(const char *list)
{
	const char *p = list;
	const char *prev = NULL;
	size_t		prevlen = 0;
	int			host = 0,
				n = 0;

	if (*p == '\0')
		return 0;
	while (*p)
	{
		const char *semi = strchr(p, ';');
		size_t		len = semi ? (size_t) (semi - p) : strlen(p);
		size_t		i;

		if (len == 0 || ++n > EP_SIGV4_MAX_SIGNED)
			return 0;
		for (i = 0; i < len; i++)
			if (!(islower((unsigned char) p[i]) || isdigit((unsigned char) p[i]) || p[i] == '-' || p[i] == '_'))
				return 0;
		if (prev != NULL)
		{
			int			c = strncmp(prev, p, prevlen < len ? prevlen : len);

			if (c > 0 || (c == 0 && prevlen >= len))
				return 0;
		}
		if (len == 4 && strncmp(p, "host", 4) == 0)
			host = 1;
		prev = p;
		prevlen = len;
		p += len + (semi ? 1 : 0);
		if (semi && *p == '\0')
			return 0;
	}
	return host;
}

ep_sigv4_status
ep_sigv4_parse(const ep_http_request *req, const char *region, const char *service,
			   time_t now, long max_skew, ep_sigv4_auth *auth, char *why, size_t whylen)
{
	const char *h = ep_http_header(req, "authorization");
	const char *amz = ep_http_header(req, "x-amz-date");
	const char *p;
	int			have_cred = 0,
				have_signed = 0,
				have_sig = 0;
	char		b1[80];
	time_t		t;

	memset(auth, 0, sizeof(*auth));
	if (h == NULL)
	{
		snprintf(why, whylen, "Request is missing Authentication Token");
		return EP_SIGV4_MISSING;
	}
	if (strncmp(h, ALGORITHM " ", strlen(ALGORITHM) + 1) != 0)
	{
		snprintf(why, whylen, "Unsupported AWS 'algorithm': only %s is supported", ALGORITHM);
		return EP_SIGV4_INCOMPLETE;
	}
	p = h + strlen(ALGORITHM) + 1;
	while (*p)
	{
		const char *end;
		const char *eq;
		size_t		klen,
					vlen;
		const char *v;

		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t) (end - p));
		if (eq == NULL)
			break;				/* reported below as a missing part */
		klen = (size_t) (eq - p);
		v = eq + 1;
		vlen = (size_t) (end - v);
		while (vlen > 0 && v[vlen - 1] == ' ')
			vlen--;
		if (klen == 10 && strncmp(p, "Credential", 10) == 0 && !have_cred)
		{
			/* key/date/region/service/aws4_request */
			const char *parts[5];
			size_t		lens[5];
			const char *q = v;
			int			i;

			for (i = 0; i < 5; i++)
			{
				const char *slash = (i < 4) ? memchr(q, '/', (size_t) (v + vlen - q)) : NULL;

				parts[i] = q;
				lens[i] = (i < 4) ? (slash ? (size_t) (slash - q) : (size_t) -1) : (size_t) (v + vlen - q);
				if (lens[i] == (size_t) -1)
				{
					snprintf(why, whylen, "Credential should be of the form <key>/<date>/<region>/<service>/aws4_request.");
					return EP_SIGV4_INCOMPLETE;
				}
				q = slash ? slash + 1 : q;
			}
			if (copy_part(auth->key_id, sizeof(auth->key_id), parts[0], lens[0]) < 0 ||
				copy_part(auth->date, sizeof(auth->date), parts[1], lens[1]) < 0 ||
				copy_part(auth->region, sizeof(auth->region), parts[2], lens[2]) < 0 ||
				copy_part(auth->service, sizeof(auth->service), parts[3], lens[3]) < 0 ||
				lens[0] == 0 || lens[4] != 12 || strncmp(parts[4], "aws4_request", 12) != 0)
			{
				snprintf(why, whylen, "Credential should be of the form <key>/<date>/<region>/<service>/aws4_request.");
				return EP_SIGV4_INCOMPLETE;
			}
			have_cred = 1;
		}
		else if (klen == 13 && strncmp(p, "SignedHeaders", 13) == 0 && !have_signed)
		{
			if (copy_part(auth->signed_headers, sizeof(auth->signed_headers), v, vlen) < 0)
			{
				snprintf(why, whylen, "SignedHeaders is too long.");
				return EP_SIGV4_INCOMPLETE;
			}
			have_signed = 1;
		}
		else if (klen == 9 && strncmp(p, "Signature", 9) == 0 && !have_sig)
		{
			size_t		i;

			if (vlen != 64)
			{
				snprintf(why, whylen, "Signature should be 64 hexadecimal digits.");
				return EP_SIGV4_INCOMPLETE;
			}
			for (i = 0; i < 64; i++)
				if (!isxdigit((unsigned char) v[i]))
				{
					snprintf(why, whylen, "Signature should be 64 hexadecimal digits.");
					return EP_SIGV4_INCOMPLETE;
				}
			for (i = 0; i < 64; i++)
				auth->signature[i] = (char) tolower((unsigned char) v[i]);
			auth->signature[64] = '\0';
			have_sig = 1;
		}
		else
		{
			snprintf(why, whylen, "Authorization header has an unknown or repeated part.");
			return EP_SIGV4_INCOMPLETE;
		}
		p = end;
	}
	if (!have_cred || !have_signed || !have_sig || amz == NULL)
	{
		snprintf(why, whylen, "%s%s%s%s",
				 have_cred ? "" : "Authorization header requires 'Credential' parameter. ",
				 have_sig ? "" : "Authorization header requires 'Signature' parameter. ",
				 have_signed ? "" : "Authorization header requires 'SignedHeaders' parameter. ",
				 amz ? "" : "Authorization header requires existence of a 'X-Amz-Date' header.");
		return EP_SIGV4_INCOMPLETE;
	}
	if (!signed_headers_ok(auth->signed_headers))
	{
		snprintf(why, whylen, "SignedHeaders must be lower-case header names, sorted, separated by ';', and include 'host'.");
		return EP_SIGV4_MISMATCH;
	}
	t = parse_amz_date(amz);
	if (t < 0)
	{
		snprintf(why, whylen, "X-Amz-Date must be in the ISO 8601 basic format YYYYMMDD'T'HHMMSS'Z'.");
		return EP_SIGV4_INCOMPLETE;
	}
	if (strncmp(amz, auth->date, 8) != 0 || strlen(auth->date) != 8)
	{
		snprintf(why, whylen, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%.8s', from '%.16s'.",
				 shown(auth->date, b1, sizeof(b1)), amz, amz);
		return EP_SIGV4_MISMATCH;
	}
	if (strcmp(auth->service, service) != 0)
	{
		snprintf(why, whylen, "Credential should be scoped to correct service: '%s'.", service);
		return EP_SIGV4_MISMATCH;
	}
	if (strcmp(auth->region, region) != 0)
	{
		snprintf(why, whylen, "Credential should be scoped to a valid region, not '%s'.",
				 shown(auth->region, b1, sizeof(b1)));
		return EP_SIGV4_MISMATCH;
	}
	if (t < now - max_skew)
	{
		char		lo[17],
					nw[17];

		format_amz_date(now - max_skew, lo);
		format_amz_date(now, nw);
		snprintf(why, whylen, "Signature expired: %.16s is now earlier than %s (%s - %ld min.)",
				 amz, lo, nw, max_skew / 60);
		return EP_SIGV4_MISMATCH;
	}
	if (t > now + max_skew)
	{
		char		hi[17],
					nw[17];

		format_amz_date(now + max_skew, hi);
		format_amz_date(now, nw);
		snprintf(why, whylen, "Signature not yet current: %.16s is still later than %s (%s + %ld min.)",
				 amz, hi, nw, max_skew / 60);
		return EP_SIGV4_MISMATCH;
	}
	return EP_SIGV4_OK;
}

/* one header's canonical value: every value of that name, trimmed, inner runs of spaces collapsed, joined by ',' */
static int
add_canonical_header(sbuf *b, const ep_http_request *req, const char *name, size_t nlen)
{
	size_t		i;
	int			found = 0;

	sb_add(b, name, nlen);
	sb_add(b, ":", 1);
	for (i = 0; i < req->nheaders; i++)
	{
		const char *v = req->headers[i].value;
		int			space = 0,
					started = 0;

		if (strlen(req->headers[i].name) != nlen || strncasecmp(req->headers[i].name, name, nlen) != 0)
			continue;
		if (found++)
			sb_add(b, ",", 1);
		for (; *v; v++)
		{
			if (*v == ' ' || *v == '\t')
			{
				space = started;
				continue;
			}
			if (space)
				sb_add(b, " ", 1);
			space = 0;
			started = 1;
			sb_add(b, v, 1);
		}
	}
	sb_add(b, "\n", 1);
	return found ? 0 : -1;
}

typedef struct qpair
{
	char	   *name;
	char	   *value;
} qpair;

static int
cmp_qpair(const void *a, const void *b)
{
	const qpair *x = a,
			   *y = b;
	int			c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->value, y->value);
}

/* percent-decode s[0..n) (no '+' rule: SigV4 encodes a space as %20) */
static char *
pct_decode(const char *s, size_t n)
{
	char	   *out = malloc(n + 1);
	size_t		i,
				j = 0;

	if (out == NULL)
		return NULL;
	for (i = 0; i < n; i++)
	{
		if (s[i] == '%' && i + 2 < n &&
			isxdigit((unsigned char) s[i + 1]) && isxdigit((unsigned char) s[i + 2]))
		{
			char		h[3] = {s[i + 1], s[i + 2], 0};

			out[j++] = (char) strtol(h, NULL, 16);
			i += 2;
		}
		else
			out[j++] = s[i];
	}
	out[j] = '\0';
	return out;
}

static void
add_canonical_query(sbuf *b, const char *q)
{
	qpair	   *pairs = NULL;
	size_t		n = 0,
				cap = 0,
				i;
	const char *p = q;

	while (q && *p)
	{
		const char *amp = strchr(p, '&');
		size_t		len = amp ? (size_t) (amp - p) : strlen(p);
		const char *eq = memchr(p, '=', len);

		if (len > 0)
		{
			if (n == cap)
			{
				qpair	   *np = realloc(pairs, (cap = cap ? cap * 2 : 8) * sizeof(qpair));

				if (np == NULL)
				{
					b->failed = 1;
					break;
				}
				pairs = np;
			}
			pairs[n].name = pct_decode(p, eq ? (size_t) (eq - p) : len);
			pairs[n].value = eq ? pct_decode(eq + 1, len - (size_t) (eq - p) - 1) : pct_decode("", 0);
			if (pairs[n].name == NULL || pairs[n].value == NULL)
			{
				free(pairs[n].name);
				free(pairs[n].value);
				b->failed = 1;
				break;
			}
			n++;
		}
		p += len + (amp ? 1 : 0);
	}
	if (n > 1)
		qsort(pairs, n, sizeof(qpair), cmp_qpair);
	for (i = 0; i < n; i++)
	{
		if (i)
			sb_add(b, "&", 1);
		sb_uri_encode(b, pairs[i].name, strlen(pairs[i].name), 0);
		sb_add(b, "=", 1);
		sb_uri_encode(b, pairs[i].value, strlen(pairs[i].value), 0);
		free(pairs[i].name);
		free(pairs[i].value);
	}
	free(pairs);
	sb_add(b, "\n", 1);
}

int
ep_sigv4_string_to_sign(const ep_http_request *req, const ep_sigv4_auth *auth,
						char **canonical, char **string_to_sign)
{
	sbuf		c = {0},
				s = {0};
	const char *p = auth->signed_headers;
	const char *amz = ep_http_header(req, "x-amz-date");
	char		hash[65];
	int			rc = 0;

	if (canonical)
		*canonical = NULL;
	if (string_to_sign)
		*string_to_sign = NULL;
	sb_str(&c, req->method);
	sb_add(&c, "\n", 1);
	/* the canonical URI of services other than S3: the path encoded twice */
	if (req->path == NULL || req->path[0] == '\0' || strcmp(req->path, "/") == 0)
		sb_str(&c, "/");
	else
	{
		sbuf		once = {0};

		sb_uri_encode(&once, req->path, strlen(req->path), 1);
		if (once.failed)
			c.failed = 1;
		else
			sb_uri_encode(&c, once.data, once.len, 1);
		free(once.data);
	}
	sb_add(&c, "\n", 1);
	add_canonical_query(&c, req->query);
	while (*p)
	{
		const char *semi = strchr(p, ';');
		size_t		len = semi ? (size_t) (semi - p) : strlen(p);

		if (add_canonical_header(&c, req, p, len) < 0)
			rc = -1;
		p += len + (semi ? 1 : 0);
	}
	sb_add(&c, "\n", 1);
	sb_str(&c, auth->signed_headers);
	sb_add(&c, "\n", 1);
	ep_sha256_hex(req->body ? req->body : "", req->body ? req->body_len : 0, hash);
	sb_str(&c, hash);
	if (c.failed || amz == NULL)
		rc = -1;

	if (rc == 0)
	{
		ep_sha256_hex(c.data, c.len, hash);
		sb_str(&s, ALGORITHM "\n");
		sb_str(&s, amz);
		sb_add(&s, "\n", 1);
		sb_str(&s, auth->date);
		sb_add(&s, "/", 1);
		sb_str(&s, auth->region);
		sb_add(&s, "/", 1);
		sb_str(&s, auth->service);
		sb_str(&s, "/aws4_request\n");
		sb_str(&s, hash);
		if (s.failed)
			rc = -1;
	}
	if (rc == 0 && canonical)
		*canonical = c.data;
	else
		free(c.data);
	if (rc == 0 && string_to_sign)
		*string_to_sign = s.data;
	else
		free(s.data);
	return rc;
}

int
ep_sigv4_sign(const char *secret, const ep_sigv4_auth *auth, const char *string_to_sign,
			  char out[65])
{
	size_t		slen = strlen(secret);
	char	   *k0 = malloc(slen + 5);
	unsigned char k[32];

	if (k0 == NULL)
		return -1;
	memcpy(k0, "AWS4", 4);
	memcpy(k0 + 4, secret, slen + 1);
	hmac(k0, slen + 4, auth->date, k);
	OPENSSL_cleanse(k0, slen + 4);
	free(k0);
	hmac(k, 32, auth->region, k);
	hmac(k, 32, auth->service, k);
	hmac(k, 32, "aws4_request", k);
	hmac(k, 32, string_to_sign, k);
	to_hex(k, 32, out);
	return 0;
}

ep_sigv4_status
ep_sigv4_verify(const ep_http_request *req, const ep_sigv4_auth *auth, const char *secret,
				char *why, size_t whylen)
{
	char	   *sts = NULL;
	char		sig[65];

	if (ep_sigv4_string_to_sign(req, auth, NULL, &sts) < 0 || ep_sigv4_sign(secret, auth, sts, sig) < 0)
	{
		free(sts);
		snprintf(why, whylen, "%s", MISMATCH_MESSAGE);
		return EP_SIGV4_MISMATCH;
	}
	free(sts);
	if (CRYPTO_memcmp(sig, auth->signature, 64) != 0)
	{
		snprintf(why, whylen, "%s", MISMATCH_MESSAGE);
		return EP_SIGV4_MISMATCH;
	}
	return EP_SIGV4_OK;
}
