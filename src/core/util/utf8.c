/*
 * utf8.c — UTF-8 validation, sanitizing and excerpts (see utf8.h).
 *
 * One decoding step, used by all three functions, so they agree on what
 * is valid.  Linear, no allocation.
 */
#include "util/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/*
 * Bytes taken by the sequence at s[0..n) (n >= 1): the whole character when
 * it is valid (*valid = 1), otherwise its maximal invalid subpart, at least
 * one byte (*valid = 0).  Ranges of the second byte follow Unicode's table
 * of well-formed sequences (no overlongs, no surrogates, nothing above
 * U+10FFFF).  A NUL byte counts as invalid.
 */
static size_t
step(const unsigned char *s, size_t n, int *valid)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80,
				hi = 0xBF;
	size_t		need,
				i;

	*valid = 0;
	if (c < 0x80)
	{
		*valid = (c != 0);
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		need = 1;
	else if (c >= 0xE0 && c <= 0xEF)
	{
		need = 2;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	}
	else if (c >= 0xF0 && c <= 0xF4)
	{
		need = 3;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	}
	else
		return 1;

	for (i = 1; i <= need; i++)
	{
		if (i >= n || s[i] < lo || s[i] > hi)
			return i;
		lo = 0x80;
		hi = 0xBF;
	}
	*valid = 1;
	return need + 1;
}

#define ONES	UINT64_C(0x0101010101010101)
#define HIGHS	UINT64_C(0x8080808080808080)

/* eight bytes from p, whatever its alignment */
static uint64_t
load8(const unsigned char *p)
{
	uint64_t	w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/* printable-or-control ASCII that is not NUL: what ASCII runs are made of */
#define PLAIN_ASCII(c) ((c) >= 0x01 && (c) < 0x80)

/* Bytes at u[0..n) before the first NUL or byte >= 0x80: one at a time. */
static size_t
ascii_run_byte(const unsigned char *u, size_t n)
{
	size_t		i = 0;

	while (i < n && PLAIN_ASCII(u[i]))
		i++;
	return i;
}

/*
 * The same, eight bytes at a time while none has its high bit set and none
 * is NUL ((w - ONES) & ~w & HIGHS is non-zero when some byte of w is
 * zero); the word that has one is finished a byte at a time.
 */
static size_t
ascii_run_word(const unsigned char *u, size_t n)
{
	size_t		i = 0;

	while (n - i >= 8)
	{
		uint64_t	w = load8(u + i);

		if ((w & HIGHS) != 0 || ((w - ONES) & ~w & HIGHS) != 0)
			break;
		i += 8;
	}
	return i + ascii_run_byte(u + i, n - i);
}

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>

/*
 * The same, sixteen bytes at a time: a byte's high bit, or 0xFF where it
 * equals zero, gathered into a 16-bit mask; the first set bit is the end.
 */
static size_t
ascii_run_simd(const unsigned char *u, size_t n)
{
	const __m128i zero = _mm_setzero_si128();
	size_t		i = 0;

	while (n - i >= 16)
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) (const void *) (u + i));
		unsigned	m = (unsigned) _mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, zero)));

		if (m != 0)
			return i + (size_t) __builtin_ctz(m);
		i += 16;
	}
	if (i == n || n < 16)
		return i + ascii_run_word(u + i, n - i);
	/* the last sixteen bytes, overlapping what is known good (its bits are 0) */
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) (const void *) (u + n - 16));
		unsigned	m = (unsigned) _mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, zero)));

		return m != 0 ? n - 16 + (size_t) __builtin_ctz(m) : n;
	}
}
#else
#define ascii_run_simd ascii_run_word
#endif

size_t
rsi_utf8_ascii_run(const char *s, size_t n, rsi_utf8_scan how)
{
	const unsigned char *u = (const unsigned char *) s;

	if (how == RSI_UTF8_SCAN_SIMD)
		return ascii_run_simd(u, n);
	if (how == RSI_UTF8_SCAN_WORD)
		return ascii_run_word(u, n);
	return ascii_run_byte(u, n);
}

size_t
rsi_utf8_valid_prefix_by(const char *s, size_t n, rsi_utf8_scan how)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		i = 0;

	while (i < n)
	{
		int			ok;
		size_t		k;

		/* ASCII runs are the common case */
		i += rsi_utf8_ascii_run(s + i, n - i, how);
		if (i >= n)
			break;
		/* a NUL or a byte >= 0x80: one character */
		k = step(u + i, n - i, &ok);
		if (!ok)
			break;
		i += k;
	}
	return i;
}

size_t
rsi_utf8_valid_prefix(const char *s, size_t n)
{
	return rsi_utf8_valid_prefix_by(s, n, RSI_UTF8_SCAN_SIMD);
}

size_t
rsi_utf8_sanitize(const char *s, size_t n, char *out)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		i = 0,
				o = 0;

	while (i < n)
	{
		int			ok;
		size_t		k = step(u + i, n - i, &ok);

		if (ok)
		{
			if (out)
				memcpy(out + o, s + i, k);
			o += k;
		}
		else
		{
			if (out)
				memcpy(out + o, RSI_UTF8_REPLACEMENT, 3);
			o += 3;
		}
		i += k;
	}
	if (out)
		out[o] = '\0';
	return o;
}

size_t
rsi_utf8_excerpt(const char *s, size_t n, size_t max, char *out, int *cut)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		i = 0,
				o = 0;

	*cut = 0;
	while (i < n)
	{
		int			ok;
		size_t		k = step(u + i, n - i, &ok);
		size_t		w = ok ? k : 3;

		if (o + w > max)
		{
			*cut = 1;
			break;
		}
		memcpy(out + o, ok ? s + i : RSI_UTF8_REPLACEMENT, w);
		o += w;
		i += k;
	}
	out[o] = '\0';
	return o;
}

size_t
rsi_utf8_clip(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		k = n;
	size_t		need;

	/* back over at most three continuation bytes to the lead byte */
	while (k > 0 && n - k < 3 && (u[k - 1] & 0xC0) == 0x80)
		k--;
	if (k == 0 || u[k - 1] < 0xC0)
		return n;				/* ASCII or a stray continuation byte: not a cut */
	need = u[k - 1] >= 0xF0 ? 4 : u[k - 1] >= 0xE0 ? 3 : 2;
	return n - (k - 1) < need ? k - 1 : n;
}

int
rsi_utf8_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int			r;

	if (size == 0)
		return 1;
	r = vsnprintf(buf, size, fmt, ap);
	if (r < 0)
	{
		buf[0] = '\0';
		return 1;
	}
	if ((size_t) r < size)
		return 0;
	buf[rsi_utf8_clip(buf, size - 1)] = '\0';
	return 1;
}

int
rsi_utf8_snprintf(char *buf, size_t size, const char *fmt,...)
{
	va_list		ap;
	int			cut;

	va_start(ap, fmt);
	cut = rsi_utf8_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return cut;
}

int
rsi_sql_literal(char *out, size_t outsz, const char *s)
{
	size_t		o = 0;

	if (outsz < 3)
	{
		if (outsz > 0)
			out[0] = '\0';
		return -1;
	}
	out[o++] = '\'';
	for (; *s; s++)
	{
		/* room for this byte, its double, the closing quote and the NUL */
		if (o + (*s == '\'' ? 2 : 1) + 2 > outsz)
		{
			out[0] = '\0';
			return -1;
		}
		if (*s == '\'')
			out[o++] = '\'';
		out[o++] = *s;
	}
	out[o++] = '\'';
	out[o] = '\0';
	return 0;
}

/*
 * Continuation bytes (10xxxxxx) in p[0..n): a byte's bit 7 set and bit 6
 * clear, eight bytes at a time.
 */
static size_t
continuation_bytes(const unsigned char *p, size_t n)
{
	size_t		i = 0,
				c = 0;

	for (; n - i >= 8; i += 8)
	{
		uint64_t	w = load8(p + i),
					m = w & ~(w << 1) & HIGHS;

		while (m)
		{
			m &= m - 1;
			c++;
		}
	}
	for (; i < n; i++)
		c += (p[i] & 0xC0) == 0x80;
	return c;
}

/*
 * Newlines in s[0..n), counted as 'how' says; *after_last is the offset just
 * past the last one (0 when there is none).  BYTE and WORD: memchr finds
 * each newline.  SIMD: 32 bytes a step, each byte lane of an accumulator
 * counting the newlines it saw (summed with psadbw every 126 steps, before
 * a lane can overflow), the last bytes in one overlapping block; the last
 * newline is then searched for backwards, over the last line only.  A call
 * per newline costs more than this scan: statements have short lines.
 */
static size_t
newlines(const char *s, size_t n, rsi_utf8_scan how, size_t *after_last)
{
	size_t		lines = 0,
				i = 0;

#if defined(__SSE2__) && defined(__GNUC__)
	if (how == RSI_UTF8_SCAN_SIMD)
	{
		const __m128i nl = _mm_set1_epi8('\n'),
					zero = _mm_setzero_si128();

		/* lanes k >= 16 - r of tail_mask + r: the last r bytes of a block */
		static const unsigned char tail_mask[32] = {
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255
		};
		__m128i		acc = zero,
					sum;
		int			steps = 0;

		while (n - i >= 32)
		{
			__m128i		a = _mm_loadu_si128((const __m128i *) (const void *) (s + i)),
						b = _mm_loadu_si128((const __m128i *) (const void *) (s + i + 16));

			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(a, nl));
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(b, nl));
			i += 32;
			if (++steps == 126)
			{
				sum = _mm_sad_epu8(acc, zero);
				lines += (size_t) _mm_cvtsi128_si32(sum) + (size_t) _mm_extract_epi16(sum, 4);
				acc = zero;
				steps = 0;
			}
		}
		/* at most 2 * 125 so far in a lane: room for the two below */
		if (n - i >= 16)
		{
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) (const void *) (s + i)), nl));
			i += 16;
		}
		if (i < n && n >= 16)
		{
			/* the last sixteen bytes, those already counted masked out */
			__m128i		v = _mm_loadu_si128((const __m128i *) (const void *) (s + n - 16)),
						m = _mm_loadu_si128((const __m128i *) (const void *) (tail_mask + (n - i)));

			acc = _mm_sub_epi8(acc, _mm_and_si128(_mm_cmpeq_epi8(v, nl), m));
			i = n;
		}
		sum = _mm_sad_epu8(acc, zero);
		lines += (size_t) _mm_cvtsi128_si32(sum) + (size_t) _mm_extract_epi16(sum, 4);
		for (; i < n; i++)
			lines += s[i] == '\n';
		*after_last = 0;
		if (lines > 0)
		{
			size_t		e = n;

			while (s[e - 1] != '\n')
				e--;
			*after_last = e;
		}
		return lines;
	}
#endif
	{
		const char *p = s,
				   *e = s + n,
				   *q;

		(void) how;
		while ((q = memchr(p, '\n', (size_t) (e - p))) != NULL)
		{
			lines++;
			p = q + 1;
		}
		*after_last = (size_t) (p - s);
		return lines;
	}
}

void
rsi_utf8_advance_lc_by(const char *s, size_t n, int *line, int *col, rsi_utf8_scan how)
{
	size_t		after,
				lines = newlines(s, n, how, &after);

	/* the column restarts after the last newline */
	if (lines > 0)
	{
		*line += (int) lines;
		*col = 1;
	}
	*col += (int) ((n - after) - continuation_bytes((const unsigned char *) s + after, n - after));
}

void
rsi_utf8_advance_lc(const char *s, size_t n, int *line, int *col)
{
	rsi_utf8_advance_lc_by(s, n, line, col, RSI_UTF8_SCAN_SIMD);
}
