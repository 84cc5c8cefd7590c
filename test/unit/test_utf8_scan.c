/*
 * test_utf8_scan.c — rsi_utf8_valid_prefix's three scans of ASCII runs
 * (a byte, a 64-bit word, 16 bytes with SSE2 at a time) against each
 * other and against a definition written from Unicode's table of
 * well-formed byte sequences, on the same inputs: every bad byte and
 * sequence at every offset around the 8- and 16-byte boundaries, at every
 * alignment, and random text.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/utf8.h"

/* the definition: Unicode 15, table 3-7, plus "no NUL" */
static size_t
ref_prefix(const unsigned char *s, size_t n)
{
	size_t		i = 0;

	while (i < n)
	{
		unsigned char c = s[i];
		unsigned char lo = 0x80,
					hi = 0xBF;
		size_t		len,
					k;

		if (c == 0)
			return i;
		if (c < 0x80)
		{
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF)
		{
			len = 3;
			lo = c == 0xE0 ? 0xA0 : 0x80;
			hi = c == 0xED ? 0x9F : 0xBF;
		}
		else if (c >= 0xF0 && c <= 0xF4)
		{
			len = 4;
			lo = c == 0xF0 ? 0x90 : 0x80;
			hi = c == 0xF4 ? 0x8F : 0xBF;
		}
		else
			return i;
		if (i + len > n)
			return i;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return i;
		i += len;
	}
	return i;
}

static unsigned rng = 20261207u;

static unsigned
next(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

/* 1 when the three scans and the definition agree on s[0..n) */
static int
agree(const char *s, size_t n)
{
	size_t		want = ref_prefix((const unsigned char *) s, n);

	return rsi_utf8_valid_prefix_by(s, n, RSI_UTF8_SCAN_BYTE) == want &&
		rsi_utf8_valid_prefix_by(s, n, RSI_UTF8_SCAN_WORD) == want &&
		rsi_utf8_valid_prefix_by(s, n, RSI_UTF8_SCAN_SIMD) == want &&
		rsi_utf8_valid_prefix(s, n) == want;
}

int
main(void)
{
	/* what may stop a scan, or must not: bad bytes, cut and good characters */
	static const char *const pieces[] = {
		"\x00", "\x80", "\xBF", "\xC0\xAF", "\xC1\xBF", "\xC2", "\xC3\xA9", "\xDF\xBF",
		"\xE0\x80\x80", "\xE0\x9F\xBF", "\xE0\xA0\x80", "\xE2\x82", "\xE2\x82\xAC",
		"\xED\x9F\xBF", "\xED\xA0\x80", "\xEF\xBF\xBD", "\xEF\xBF\xBF", "\xF0\x8F\xBF\xBF",
		"\xF0\x90\x80\x80", "\xF0\x9F\x98", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
		"\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFE", "\xFF", "\x7F", "\x01"
	};
	static const size_t plen[] = {
		1, 1, 1, 2, 2, 1, 2, 2, 3, 3, 3, 2, 3, 3, 3, 3, 3, 4, 4, 3, 4, 4, 4, 4, 1, 1, 1, 1
	};
	char		buf[128];
	size_t		p,
				at,
				len,
				align;
	int			bad = 0,
				cases = 0,
				t;

	TAP_OK(sizeof(pieces) / sizeof(pieces[0]) == sizeof(plen) / sizeof(plen[0]), "one length per piece");

	/* fixed points */
	TAP_OK(agree("", 0), "empty text");
	TAP_IS_INT((long long) rsi_utf8_valid_prefix_by("abcdefghijklmnopq\x80", 18, RSI_UTF8_SCAN_SIMD), 17,
			   "SIMD: a bad byte after sixteen ASCII bytes");
	TAP_IS_INT((long long) rsi_utf8_valid_prefix_by("abcdefghijklmno\0", 16, RSI_UTF8_SCAN_SIMD), 15,
			   "SIMD: a NUL as the sixteenth byte");
	TAP_IS_INT((long long) rsi_utf8_valid_prefix_by("abcdefg\xC3\xA9hijklmnop", 18, RSI_UTF8_SCAN_WORD), 18,
			   "WORD: a character across a word boundary is valid");
	TAP_IS_INT((long long) rsi_utf8_valid_prefix_by("abc\x80" "defghijklmnopqrstuvwxyz", 27, RSI_UTF8_SCAN_BYTE), 3,
			   "BYTE: the bad byte at 3");

	/*
	 * Every piece at every offset 0..40 of ASCII text 0..48 bytes long (so
	 * across the 8- and 16-byte boundaries), the text starting at every
	 * alignment 0..15 of the buffer.
	 */
	for (p = 0; p < sizeof(pieces) / sizeof(pieces[0]); p++)
		for (len = 0; len <= 48; len++)
			for (at = 0; at <= len && at <= 40; at++)
				for (align = 0; align < 16; align += 3)
				{
					size_t		i,
								n;

					for (i = 0; i < len; i++)
						buf[align + i] = (char) ('a' + (i % 26));
					memcpy(buf + align + at, pieces[p], plen[p]);
					n = at + plen[p] > len ? at + plen[p] : len;
					cases++;
					bad += !agree(buf + align, n);
					/* the same with the piece cut at the end of the text */
					if (plen[p] > 1)
					{
						cases++;
						bad += !agree(buf + align, at + plen[p] - 1);
					}
				}
	TAP_IS_INT(bad, 0, "every bad byte and sequence at every offset near 8- and 16-byte boundaries, every alignment: the three scans agree with the definition");
	TAP_OK(cases > 100000, "over 100,000 such texts");

	/* two pieces in one text: the scan must restart after a good character */
	bad = 0;
	for (p = 0; p < sizeof(pieces) / sizeof(pieces[0]); p++)
	{
		size_t		q;

		for (q = 0; q < sizeof(pieces) / sizeof(pieces[0]); q++)
			for (at = 0; at < 20; at++)
			{
				size_t		n = 40;

				memset(buf, 'x', sizeof(buf));
				memcpy(buf + at, pieces[p], plen[p]);
				memcpy(buf + at + plen[p] + (at % 17), pieces[q], plen[q]);
				bad += !agree(buf, n);
			}
	}
	TAP_IS_INT(bad, 0, "two pieces at varying distances: the same results");

	/* random text of every mix */
	bad = 0;
	for (t = 0; t < 50000; t++)
	{
		size_t		n = next() % 100,
					i = 0;
		int			mode = t % 3;	/* 0 ASCII, 1 mostly ASCII with pieces, 2 any byte */

		while (i < n)
		{
			if (mode == 1 && next() % 9 == 0)
			{
				size_t		k = next() % (sizeof(pieces) / sizeof(pieces[0]));

				if (i + plen[k] > n)
					break;
				memcpy(buf + i, pieces[k], plen[k]);
				i += plen[k];
			}
			else if (mode == 2)
				buf[i++] = (char) (next() & 0xFF);
			else
				buf[i++] = (char) (0x20 + next() % 0x5F);
		}
		bad += !agree(buf, i);
	}
	TAP_IS_INT(bad, 0, "50,000 random texts: the same results");
	return tap_done();
}
