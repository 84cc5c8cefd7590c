/*
 * test_textscan.c — the word-at-a-time scans of util/utf8.c against the
 * byte-at-a-time definitions they replace: rsi_utf8_valid_prefix (ASCII
 * eight bytes at a time) and rsi_utf8_advance_lc (newlines by memchr or
 * counted sixteen bytes at a time with SSE2, columns by counting
 * continuation bytes eight at a time), on fixed cases
 * and on random text of every length, alignment and mix of bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/utf8.h"

/* the definition: one byte at a time */
static void
naive_lc(const char *s, size_t n, int *line, int *col)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		unsigned char b = (unsigned char) s[i];

		if (b == '\n')
		{
			(*line)++;
			*col = 1;
		}
		else if ((b & 0xC0) != 0x80)
			(*col)++;
	}
}

/* valid prefix of ASCII-only text: up to the first NUL or high byte */
static size_t
naive_ascii_prefix(const char *s, size_t n)
{
	size_t		i = 0;

	while (i < n && (unsigned char) s[i] >= 0x01 && (unsigned char) s[i] < 0x80)
		i++;
	return i;
}

static unsigned rng = 20261207u;

static unsigned
next(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

int
main(void)
{
	static const char pool[] = "ab;\n\n'\"xyz 0123456789-_/:";
	static const char *const multi[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};
	static char big[9000];
	char		buf[300];
	int			line,
				by_bad = 0,
				long_bad = 0,
				col,
				wl,
				wc,
				t,
				lc_bad = 0,
				vp_bad = 0,
				ascii_bad = 0;

	line = 1, col = 1;
	rsi_utf8_advance_lc("ab\ncd", 5, &line, &col);
	TAP_OK(line == 2 && col == 3, "a newline starts line 2; two characters after it: column 3");
	line = 1, col = 1;
	rsi_utf8_advance_lc("\xC3\xA9t\xC3\xA9 caf\xC3\xA9 12345678", 21, &line, &col);
	TAP_IS_INT(col, 19, "two-byte characters count one column each");
	line = 4, col = 7;
	rsi_utf8_advance_lc("", 0, &line, &col);
	TAP_OK(line == 4 && col == 7, "an empty span moves nothing");
	line = 1, col = 1;
	rsi_utf8_advance_lc("abcdefghijklmnop\n", 17, &line, &col);
	TAP_OK(line == 2 && col == 1, "text ending in a newline: column 1 of the next line");
	TAP_IS_INT((long long) rsi_utf8_valid_prefix("abcdefghijklmnopq\x80", 18), 17,
			   "a bad byte after two ASCII words is found");
	TAP_IS_INT((long long) rsi_utf8_valid_prefix("abcdefgh\0ijklmno", 16), 8,
			   "a NUL byte inside the second word stops the prefix");
	TAP_IS_INT((long long) rsi_utf8_valid_prefix("abcdefg\xC3\xA9hijklmnop", 18), 18,
			   "a valid two-byte character across a word boundary is valid");

	/* random text: every length 0..299, shifted to every alignment */
	for (t = 0; t < 20000; t++)
	{
		size_t		n = next() % 300,
					off = next() % 8,
					i = off;
		int			mode = t % 3;	/* 0 ASCII, 1 with multi-byte, 2 anything */
		char	   *s = buf;

		while (i < n)
		{
			if (mode == 1 && next() % 7 == 0)
			{
				const char *m = multi[next() % 3];
				size_t		k = strlen(m);

				if (i + k > n)
					break;
				memcpy(s + i, m, k);
				i += k;
			}
			else if (mode == 2)
				s[i++] = (char) (next() & 0xFF);
			else
				s[i++] = pool[next() % (sizeof(pool) - 1)];
		}
		n = i;
		line = wl = 1 + (int) (next() % 5);
		col = wc = 1 + (int) (next() % 5);
		rsi_utf8_advance_lc(s + off, n - off, &line, &col);
		naive_lc(s + off, n - off, &wl, &wc);
		lc_bad += (line != wl || col != wc);
		line = col = 3;
		rsi_utf8_advance_lc_by(s + off, n - off, &line, &col, RSI_UTF8_SCAN_BYTE);
		wl = wc = 3;
		naive_lc(s + off, n - off, &wl, &wc);
		by_bad += (line != wl || col != wc);
		if (mode == 0)
			ascii_bad += rsi_utf8_valid_prefix(s + off, n - off) != naive_ascii_prefix(s + off, n - off);
		if (mode == 1)
			vp_bad += rsi_utf8_valid_prefix(s + off, n - off) != n - off;
	}
	TAP_IS_INT(lc_bad, 0, "20,000 random texts: the same line and column as one byte at a time");
	TAP_IS_INT(by_bad, 0, "the same with the newlines found by memchr (RSI_UTF8_SCAN_BYTE)");

	/*
	 * Long texts, past the SIMD count's periodic sum (every 126 steps of 32
	 * bytes) and with as many newlines as bytes, where a lane could overflow.
	 */
	for (t = 0; t < 400; t++)
	{
		size_t		n = next() % sizeof(big),
					off = next() % 16,
					i;
		unsigned	every = (t % 4 == 0) ? 1 : (t % 4 == 1) ? 2 : 1 + next() % 60;
		rsi_utf8_scan how;

		if (off > n)
			off = n;
		for (i = 0; i < n; i++)
			big[i] = (next() % every == 0) ? '\n' : (t % 3 == 0 ? (char) (next() & 0xFF) : 'x');
		for (how = RSI_UTF8_SCAN_BYTE; how <= RSI_UTF8_SCAN_SIMD; how++)
		{
			line = wl = 1;
			col = wc = 1 + (int) (next() % 5);
			rsi_utf8_advance_lc_by(big + off, n - off, &line, &col, how);
			naive_lc(big + off, n - off, &wl, &wc);
			long_bad += (line != wl || col != wc);
		}
	}
	TAP_IS_INT(long_bad, 0, "400 texts of up to 9,000 bytes, dense and sparse newlines: every way the same");
	TAP_IS_INT(ascii_bad, 0, "random ASCII texts: the valid prefix ends where a byte-by-byte scan ends");
	TAP_IS_INT(vp_bad, 0, "random valid UTF-8 texts: valid to the end");
	return tap_done();
}
