/*
 * scan.c — byte-run scanners for the splitter and the lexer (see scan.h).
 */
#include "lex/scan.h"
#include "util/utf8.h"


/*
 * bit 1: stops the splitter; bit 2: continues an identifier; bit 4: read in
 * a role chain
 */
#define SC_SPLIT	1
#define SC_IDENT	2
#define SC_CHAIN	4

static const unsigned char scan_class[256] = {
	['$'] = SC_SPLIT | SC_IDENT,
	[';'] = SC_SPLIT,['\''] = SC_SPLIT,['"'] = SC_SPLIT,['-'] = SC_SPLIT,['/'] = SC_SPLIT,
	['_'] = SC_IDENT,
	[','] = SC_CHAIN,[' '] = SC_CHAIN,['\t'] = SC_CHAIN,['\n'] = SC_CHAIN,['\v'] = SC_CHAIN,
	['\f'] = SC_CHAIN,['\r'] = SC_CHAIN,
	['0'] = SC_IDENT,['1'] = SC_IDENT,['2'] = SC_IDENT,['3'] = SC_IDENT,['4'] = SC_IDENT,
	['5'] = SC_IDENT,['6'] = SC_IDENT,['7'] = SC_IDENT,['8'] = SC_IDENT,['9'] = SC_IDENT,
#define L(c) [c] = SC_IDENT, [c - 32] = SC_IDENT
	L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'), L('j'),
	['k'] = SC_IDENT | SC_CHAIN,['K'] = SC_IDENT | SC_CHAIN,
	L('l'), L('m'), L('n'), L('o'),
	['p'] = SC_IDENT | SC_CHAIN,['P'] = SC_IDENT | SC_CHAIN, L('q'), L('r'), L('s'), L('t'), L('u'), L('v'),
	L('w'), L('x'), L('y'), L('z'),
#undef L
#define HI SC_IDENT
#define H8(c) [c] = HI, [c + 1] = HI, [c + 2] = HI, [c + 3] = HI, \
	[c + 4] = HI, [c + 5] = HI, [c + 6] = HI, [c + 7] = HI
	H8(0x80), H8(0x88), H8(0x90), H8(0x98), H8(0xA0), H8(0xA8), H8(0xB0), H8(0xB8),
	H8(0xC0), H8(0xC8), H8(0xD0), H8(0xD8), H8(0xE0), H8(0xE8), H8(0xF0), H8(0xF8)
#undef H8
#undef HI
};

size_t
rsi_scan_split_scalar(const char *buf, size_t len, size_t pos)
{
	while (pos < len && !(scan_class[(unsigned char) buf[pos]] & SC_SPLIT))
		pos++;
	return pos;
}

size_t
rsi_scan_ident_scalar(const char *buf, size_t len, size_t pos)
{
	while (pos < len && (scan_class[(unsigned char) buf[pos]] & SC_IDENT))
		pos++;
	return pos;
}

size_t
rsi_scan_either_scalar(const char *buf, size_t len, size_t pos, char a, char b)
{
	while (pos < len && buf[pos] != a && buf[pos] != b)
		pos++;
	return pos;
}

size_t
rsi_scan_any3_scalar(const char *buf, size_t len, size_t pos, char a, char b, char c)
{
	while (pos < len && buf[pos] != a && buf[pos] != b && buf[pos] != c)
		pos++;
	return pos;
}

size_t
rsi_scan_string_scalar(const char *buf, size_t len, size_t pos)
{
	while (pos < len && buf[pos] != '\'' && buf[pos] != '\\' && buf[pos] != '\0' &&
		   buf[pos] != '{' && buf[pos] != '$')
		pos++;
	return pos;
}

size_t
rsi_scan_blank_scalar(const char *buf, size_t len, size_t pos)
{
	while (pos < len && buf[pos] != ' ' && !(buf[pos] >= '\t' && buf[pos] <= '\r'))
		pos++;
	return pos;
}

size_t
rsi_scan_chain_scalar(const char *buf, size_t len, size_t pos)
{
	while (pos < len && !(scan_class[(unsigned char) buf[pos]] & SC_CHAIN))
		pos++;
	return pos;
}

/* plain ASCII runs: the one rule of util/utf8.c */
size_t
rsi_scan_ascii_scalar(const char *buf, size_t len, size_t pos)
{
	return pos < len ? pos + rsi_utf8_ascii_run(buf + pos, len - pos, RSI_UTF8_SCAN_BYTE) : pos;
}

size_t
rsi_scan_ascii_simd(const char *buf, size_t len, size_t pos)
{
	return pos < len ? pos + rsi_utf8_ascii_run(buf + pos, len - pos, RSI_UTF8_SCAN_SIMD) : pos;
}

#if RSI_SCAN_SIMD

/*
 * Can a 16-byte window be loaded at pos?  Whole windows first; then, when
 * fewer than 16 bytes are left, the last 16 bytes of the buffer (if it has
 * that many), with *sh the lanes before pos, to be shifted out of the mask.
 * The window loaded is buf + pos - *sh.  Only shorter buffers are left to
 * the byte loop.  For the scans of short values (a role chain, a string's
 * placeholders), whose ends would otherwise be read a byte at a time; the
 * scans of whole statements stop within a window almost always, and do
 * without the extra test.
 */
static inline int
simd_window(size_t len, size_t pos, unsigned *sh)
{
	if (pos + 16 <= len)
	{
		*sh = 0;
		return 1;
	}
	if (pos >= len || len < 16)
		return 0;
	*sh = (unsigned) (pos - (len - 16));
	return 1;
}

size_t
rsi_scan_chain_simd(const char *buf, size_t len, size_t pos)
{
	unsigned	sh;
	const __m128i comma = _mm_set1_epi8(','),
				space = _mm_set1_epi8(' '),
				tab = _mm_set1_epi8('\t'),
				ctl_span = _mm_set1_epi8('\r' - '\t'),
				case_bit = _mm_set1_epi8(0x20),
				k = _mm_set1_epi8('k'),
				p = _mm_set1_epi8('p');

	while (simd_window(len, pos, &sh))
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) (const void *) (buf + pos - sh));
		__m128i		c = _mm_sub_epi8(v, tab);
		__m128i		f = _mm_or_si128(v, case_bit);
		__m128i		m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, space)),
									 _mm_cmpeq_epi8(_mm_min_epu8(c, ctl_span), c));
		unsigned	bits;

		/* k/K, p/P: with the case bit set (only letters fold onto them) */
		m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(f, k), _mm_cmpeq_epi8(f, p)));
		bits = (unsigned) _mm_movemask_epi8(m);
		bits >>= sh;
		if (bits)
			return pos + (size_t) __builtin_ctz(bits);
		pos += 16 - sh;
	}
	return rsi_scan_chain_scalar(buf, len, pos);
}

size_t
rsi_scan_any3_simd(const char *buf, size_t len, size_t pos, char a, char b, char c)
{
	return rsi_scan_any3_inline(buf, len, pos, a, b, c);
}

size_t
rsi_scan_string_simd(const char *buf, size_t len, size_t pos)
{
	return rsi_scan_string_inline(buf, len, pos);
}

size_t
rsi_scan_blank_simd(const char *buf, size_t len, size_t pos)
{
	unsigned	sh;
	const __m128i space = _mm_set1_epi8(' '),
				tab = _mm_set1_epi8('\t'),
				ctl_span = _mm_set1_epi8('\r' - '\t');

	while (simd_window(len, pos, &sh))
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) (const void *) (buf + pos - sh));
		__m128i		c = _mm_sub_epi8(v, tab);
		unsigned	bits = (unsigned) _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, space),
																	 _mm_cmpeq_epi8(_mm_min_epu8(c, ctl_span), c)));

		bits >>= sh;
		if (bits)
			return pos + (size_t) __builtin_ctz(bits);
		pos += 16 - sh;
	}
	return rsi_scan_blank_scalar(buf, len, pos);
}

size_t
rsi_scan_either_simd(const char *buf, size_t len, size_t pos, char a, char b)
{
	unsigned	sh;
	const __m128i va = _mm_set1_epi8(a),
				vb = _mm_set1_epi8(b);

	while (simd_window(len, pos, &sh))
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) (const void *) (buf + pos - sh));
		unsigned	bits = (unsigned) _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, va),
																	 _mm_cmpeq_epi8(v, vb)));

		bits >>= sh;
		if (bits)
			return pos + (size_t) __builtin_ctz(bits);
		pos += 16 - sh;
	}
	return rsi_scan_either_scalar(buf, len, pos, a, b);
}

size_t
rsi_scan_split_simd(const char *buf, size_t len, size_t pos)
{
	const __m128i semi = _mm_set1_epi8(';'),
				quote = _mm_set1_epi8('\''),
				dquote = _mm_set1_epi8('"'),
				dollar = _mm_set1_epi8('$'),
				minus = _mm_set1_epi8('-'),
				slash = _mm_set1_epi8('/');

	while (pos + 16 <= len)
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) (const void *) (buf + pos));
		__m128i		m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, semi), _mm_cmpeq_epi8(v, quote)),
									 _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dquote),
															   _mm_cmpeq_epi8(v, dollar)),
												  _mm_or_si128(_mm_cmpeq_epi8(v, minus),
															   _mm_cmpeq_epi8(v, slash))));
		unsigned	bits = (unsigned) _mm_movemask_epi8(m);

		if (bits)
			return pos + (size_t) __builtin_ctz(bits);
		pos += 16;
	}
	return rsi_scan_split_scalar(buf, len, pos);
}

size_t
rsi_scan_ident_simd(const char *buf, size_t len, size_t pos)
{
	return rsi_scan_ident_inline(buf, len, pos);
}

#else

/* no SSE2: the SIMD names give the scalar answers */
size_t
rsi_scan_chain_simd(const char *buf, size_t len, size_t pos)
{
	return rsi_scan_chain_scalar(buf, len, pos);
}

size_t
rsi_scan_any3_simd(const char *buf, size_t len, size_t pos, char a, char b, char c)
{
	return rsi_scan_any3_scalar(buf, len, pos, a, b, c);
}

size_t
rsi_scan_either_simd(const char *buf, size_t len, size_t pos, char a, char b)
{
	return rsi_scan_either_scalar(buf, len, pos, a, b);
}

size_t
rsi_scan_string_simd(const char *buf, size_t len, size_t pos)
{
	return rsi_scan_string_scalar(buf, len, pos);
}

size_t
rsi_scan_blank_simd(const char *buf, size_t len, size_t pos)
{
	return rsi_scan_blank_scalar(buf, len, pos);
}

size_t
rsi_scan_split_simd(const char *buf, size_t len, size_t pos)
{
	return rsi_scan_split_scalar(buf, len, pos);
}

size_t
rsi_scan_ident_simd(const char *buf, size_t len, size_t pos)
{
	return rsi_scan_ident_scalar(buf, len, pos);
}

#endif
