/*
 * urlenc.h — percent-decoding, shared by every reader of URL-encoded text.
 *
 * IAM's API returns policy documents URL-encoded (RFC 3986 percent-encoding;
 * the AWS CLI decodes them, the raw API and some SDKs do not), and AWS's
 * Query protocol sends its parameters as application/x-www-form-urlencoded,
 * where '+' also stands for a space.  One decoder serves both.
 */
#ifndef RSI_URLENC_H
#define RSI_URLENC_H

#include <stddef.h>

/* Decode s[0..n): "%XY" (hex digits, either case) becomes byte 0xXY; with
 * plus_is_space, '+' becomes ' ' (form encoding); every other byte is
 * copied.  out needs n + 1 bytes (decoding never lengthens) and is
 * NUL-terminated; out may equal s (decoding in place).  Returns the decoded
 * length, or -1 when a '%' is not followed by two hex digits (out is then
 * unspecified).  Decoded text may hold any byte, NUL included: callers that
 * need text check it (util/utf8.h). */
extern long rsi_url_decode(const char *s, size_t n, char *out, int plus_is_space);

/* Is s[0..n) worth decoding as a URL-encoded JSON document: does it start,
 * after blanks, with "%7B" or "%7b" (an encoded '{')? */
extern int	rsi_url_looks_encoded_json(const char *s, size_t n);

#endif							/* RSI_URLENC_H */
