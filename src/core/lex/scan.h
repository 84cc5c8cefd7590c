/*
 * scan.h — find the end of a byte run sixteen bytes at a time.
 *
 * The splitter jumps over everything but the bytes that can change where a
 * statement ends (; ' " $ - /), and the lexer over identifier characters.
 * With SSE2 (baseline on x86-64) each test classifies sixteen bytes at
 * once; elsewhere, or when built with -DRSI_SCAN_SCALAR, a table-driven
 * byte loop gives the same answers.  Both are always compiled, so the unit
 * tests compare them on the same inputs.  buf[0..len) must be readable: the
 * SIMD scans of short values (either, chain, ascii) read the last bytes of a
 * run as the last sixteen of buf (the byte loop is left only buffers shorter
 * than sixteen bytes).
 */
#ifndef RSI_SCAN_H
#define RSI_SCAN_H

#include <stddef.h>

#if defined(__SSE2__) && !defined(RSI_SCAN_SCALAR)
#define RSI_SCAN_SIMD 1
#else
#define RSI_SCAN_SIMD 0
#endif

/*
 * First offset >= pos of a byte among ; ' " $ - / in buf[0..len), or len.
 */
extern size_t rsi_scan_split_scalar(const char *buf, size_t len, size_t pos);
extern size_t rsi_scan_split_simd(const char *buf, size_t len, size_t pos);

/*
 * First offset >= pos of a byte that cannot continue an unquoted
 * identifier (letters, digits, _, $ and bytes >= 0x80 can), or len.
 */
extern size_t rsi_scan_ident_scalar(const char *buf, size_t len, size_t pos);
extern size_t rsi_scan_ident_simd(const char *buf, size_t len, size_t pos);

/* First offset >= pos of byte a or byte b in buf[0..len), or len. */
extern size_t rsi_scan_either_scalar(const char *buf, size_t len, size_t pos, char a, char b);
extern size_t rsi_scan_either_simd(const char *buf, size_t len, size_t pos, char a, char b);

/*
 * First offset >= pos of a byte among ' \ NUL { $ (what a single-quoted
 * string's body is read for: its end, escapes, NUL bytes, and where a
 * template placeholder may start), or len.
 */
extern size_t rsi_scan_string_scalar(const char *buf, size_t len, size_t pos);
extern size_t rsi_scan_string_simd(const char *buf, size_t len, size_t pos);

/* First offset >= pos of byte a, b or c in buf[0..len), or len. */
extern size_t rsi_scan_any3_scalar(const char *buf, size_t len, size_t pos, char a, char b, char c);
extern size_t rsi_scan_any3_simd(const char *buf, size_t len, size_t pos, char a, char b, char c);

/*
 * First offset >= pos of a byte a role chain is read for (a comma, a blank,
 * k/K or p/P: see parse_auth.c), or len.
 */
extern size_t rsi_scan_chain_scalar(const char *buf, size_t len, size_t pos);
extern size_t rsi_scan_chain_simd(const char *buf, size_t len, size_t pos);

/* First offset >= pos of a blank (space, \t \n \v \f \r), or len. */
extern size_t rsi_scan_blank_scalar(const char *buf, size_t len, size_t pos);
extern size_t rsi_scan_blank_simd(const char *buf, size_t len, size_t pos);

/* First offset >= pos of a NUL or a byte >= 0x80, or len. */
extern size_t rsi_scan_ascii_scalar(const char *buf, size_t len, size_t pos);
extern size_t rsi_scan_ascii_simd(const char *buf, size_t len, size_t pos);

/*
 * The identifier and quoted-text runs the lexer reads for every token,
 * inline so that its token loop (rsi_lex_run) keeps the constants in
 * registers and pays no call.  rsi_scan_ident_simd and rsi_scan_any3_simd
 * are these, so the unit tests compare them with the byte loops.
 */
#if RSI_SCAN_SIMD
#include <emmintrin.h>

__attribute__((always_inline)) static inline size_t
rsi_scan_ident_inline(const char *buf, size_t len, size_t pos)
{
	const __m128i case_bit = _mm_set1_epi8(0x20),
				a = _mm_set1_epi8('a'),
				z_span = _mm_set1_epi8('z' - 'a'),
				zero = _mm_set1_epi8('0'),
				nine_span = _mm_set1_epi8('9' - '0'),
				under = _mm_set1_epi8('_'),
				dollar = _mm_set1_epi8('$');

	while (pos + 16 <= len)
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) (const void *) (buf + pos));
		/* x in [lo, lo + span] as unsigned bytes: min(x - lo, span) == x - lo */
		__m128i		l = _mm_sub_epi8(_mm_or_si128(v, case_bit), a);
		__m128i		d = _mm_sub_epi8(v, zero);
		__m128i		m = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(l, z_span), l),
									 _mm_cmpeq_epi8(_mm_min_epu8(d, nine_span), d));
		unsigned	bits;

		m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, under), _mm_cmpeq_epi8(v, dollar)));
		/* bytes >= 0x80 have their top bit set in v itself */
		bits = (unsigned) (_mm_movemask_epi8(m) | _mm_movemask_epi8(v));
		if (bits != 0xFFFF)
			return pos + (size_t) __builtin_ctz(~bits);
		pos += 16;
	}
	return rsi_scan_ident_scalar(buf, len, pos);
}

__attribute__((always_inline)) static inline size_t
rsi_scan_any3_inline(const char *buf, size_t len, size_t pos, char a, char b, char c)
{
	const __m128i va = _mm_set1_epi8(a),
				vb = _mm_set1_epi8(b),
				vc = _mm_set1_epi8(c);

	while (pos + 16 <= len)
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) (const void *) (buf + pos));
		__m128i		m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
									 _mm_cmpeq_epi8(v, vc));
		unsigned	bits = (unsigned) _mm_movemask_epi8(m);

		if (bits)
			return pos + (size_t) __builtin_ctz(bits);
		pos += 16;
	}
	return rsi_scan_any3_scalar(buf, len, pos, a, b, c);
}

__attribute__((always_inline)) static inline size_t
rsi_scan_string_inline(const char *buf, size_t len, size_t pos)
{
	const __m128i quote = _mm_set1_epi8('\''),
				bs = _mm_set1_epi8('\\'),
				zero = _mm_setzero_si128(),
				brace = _mm_set1_epi8('{'),
				dollar = _mm_set1_epi8('$');

	while (pos + 16 <= len)
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) (const void *) (buf + pos));
		__m128i		m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bs)),
									 _mm_or_si128(_mm_cmpeq_epi8(v, zero),
												  _mm_or_si128(_mm_cmpeq_epi8(v, brace),
															   _mm_cmpeq_epi8(v, dollar))));
		unsigned	bits = (unsigned) _mm_movemask_epi8(m);

		if (bits)
			return pos + (size_t) __builtin_ctz(bits);
		pos += 16;
	}
	return rsi_scan_string_scalar(buf, len, pos);
}
#else
#define rsi_scan_string_inline rsi_scan_string_scalar
#define rsi_scan_ident_inline rsi_scan_ident_scalar
#define rsi_scan_any3_inline rsi_scan_any3_scalar
#endif

#if RSI_SCAN_SIMD
#define rsi_scan_blank rsi_scan_blank_simd
#define rsi_scan_chain rsi_scan_chain_simd
#define rsi_scan_ascii rsi_scan_ascii_simd
#define rsi_scan_any3 rsi_scan_any3_simd
#define rsi_scan_either rsi_scan_either_simd
#define rsi_scan_split rsi_scan_split_simd
#define rsi_scan_ident rsi_scan_ident_simd
#else
#define rsi_scan_blank rsi_scan_blank_scalar
#define rsi_scan_chain rsi_scan_chain_scalar
#define rsi_scan_ascii rsi_scan_ascii_scalar
#define rsi_scan_any3 rsi_scan_any3_scalar
#define rsi_scan_either rsi_scan_either_scalar
#define rsi_scan_split rsi_scan_split_scalar
#define rsi_scan_ident rsi_scan_ident_scalar
#endif

#endif							/* RSI_SCAN_H */
