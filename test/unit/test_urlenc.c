/*
 * test_urlenc.c — percent-decoding of IAM's URL-encoded policy documents
 * and of form-encoded Query protocol parameters.
 */
#include <string.h>

#include "tap.h"
#include "util/urlenc.h"

static const char *
dec(const char *s, int plus)
{
	static char out[256];
	long		n = rsi_url_decode(s, strlen(s), out, plus);

	return n < 0 ? "(error)" : out;
}

int
main(void)
{
	char		buf[64];
	long		n;

	TAP_IS_STR(dec("%7B%22Version%22%3A%222012-10-17%22%7D", 0), "{\"Version\":\"2012-10-17\"}",
			   "an IAM policy document decodes");
	TAP_IS_STR(dec("%7b%22a%22%3a1%7d", 0), "{\"a\":1}", "lower-case hex digits decode");
	TAP_IS_STR(dec("a+b", 0), "a+b", "'+' stays '+' in percent-encoding");
	TAP_IS_STR(dec("a+b%2Bc", 1), "a b+c", "'+' is a space in form encoding, %%2B a plus");
	TAP_IS_STR(dec("plain", 0), "plain", "text without escapes is copied");
	TAP_IS_STR(dec("", 0), "", "empty input decodes to empty output");
	TAP_IS_STR(dec("%", 0), "(error)", "a lone '%%' is malformed");
	TAP_IS_STR(dec("%4", 0), "(error)", "a '%%' with one digit is malformed");
	TAP_IS_STR(dec("%G0", 0), "(error)", "a '%%' with a non-hex digit is malformed");
	TAP_IS_STR(dec("ab%2", 0), "(error)", "a truncated escape at the end is malformed");
	strcpy(buf, "x%20y%20z");
	n = rsi_url_decode(buf, strlen(buf), buf, 0);
	TAP_OK(n == 5 && strcmp(buf, "x y z") == 0, "decoding in place works");
	n = rsi_url_decode("a%00b", 5, buf, 0);
	TAP_OK(n == 3 && buf[1] == '\0' && buf[2] == 'b', "%%00 decodes to a NUL byte, counted in the length");
	TAP_OK(rsi_url_looks_encoded_json("%7B%22V", 7), "an encoded document is recognised");
	TAP_OK(rsi_url_looks_encoded_json("  %7b", 5), "after blanks, lower case too");
	TAP_OK(!rsi_url_looks_encoded_json("{\"V\"", 4), "a plain JSON document is not");
	TAP_OK(!rsi_url_looks_encoded_json("%7", 2), "a truncated prefix is not");
	return tap_done();
}
