/*
 * utf8.h — make text that came from the input safe to show: valid UTF-8,
 * no NUL bytes, never a character cut in half.
 *
 * The parser copies values and excerpts of the command into results and
 * messages.  The command text may be anything (the CLI reads raw bytes),
 * but JSON, PostgreSQL text and a terminal all need valid UTF-8.  Invalid
 * sequences become U+FFFD, one per maximal invalid subpart (the Unicode
 * "substitution of maximal subparts" practice, as Python and browsers do).
 * NUL bytes become U+FFFD too, not \u0000: PostgreSQL's jsonb cannot hold
 * \u0000 in text, and a C string would end there.
 */
#ifndef RSI_UTF8_H
#define RSI_UTF8_H

#include <stdarg.h>
#include <stddef.h>

#define RSI_UTF8_REPLACEMENT "\xEF\xBF\xBD"	/* U+FFFD */

/*
 * Length of the longest prefix of s[0..n) that is valid UTF-8 without NUL
 * bytes (shortest form, no surrogates, at most U+10FFFF).  n means all of it.
 */
extern size_t rsi_utf8_valid_prefix(const char *s, size_t n);

/*
 * The same, with the ASCII runs scanned a byte at a time (BYTE), a 64-bit
 * word at a time (WORD, portable C) or 16 bytes at a time with SSE2 (SIMD;
 * WORD where SSE2 is not available).  rsi_utf8_valid_prefix uses the
 * fastest; all give the same result (the unit tests compare them).
 */
typedef enum rsi_utf8_scan
{
	RSI_UTF8_SCAN_BYTE,
	RSI_UTF8_SCAN_WORD,
	RSI_UTF8_SCAN_SIMD
} rsi_utf8_scan;

extern size_t rsi_utf8_valid_prefix_by(const char *s, size_t n, rsi_utf8_scan how);

/*
 * The bytes at s[0..n) before the first NUL or byte >= 0x80 (the plain-ASCII
 * run every scan of this kind shares), scanned as 'how' says.
 */
extern size_t rsi_utf8_ascii_run(const char *s, size_t n, rsi_utf8_scan how);

/*
 * Advance a 1-based (line, column) position over s[0..n): a newline starts
 * the next line at column 1, every other character (a UTF-8 lead byte or
 * any byte that is not a continuation byte) moves one column.  The one
 * position rule of the splitter, the stream reader and the CLI.
 */
extern void rsi_utf8_advance_lc(const char *s, size_t n, int *line, int *col);
/* The same, the newlines counted as 'how' says (the unit tests compare them). */
extern void rsi_utf8_advance_lc_by(const char *s, size_t n, int *line, int *col,
								   rsi_utf8_scan how);

/*
 * Copy s[0..n) to out with every invalid sequence and every NUL byte
 * replaced by U+FFFD.  Returns the output length; out == NULL only
 * measures.  Otherwise out needs that length + 1 bytes (at most 3 * n + 1)
 * and is NUL-terminated.
 */
extern size_t rsi_utf8_sanitize(const char *s, size_t n, char *out);

/*
 * An excerpt for a message: the sanitized form of s[0..n), cut to at most
 * max bytes at a character boundary.  out needs max + 1 bytes and is
 * NUL-terminated.  Returns the excerpt's length; *cut is set to 1 when
 * something was left out (callers then append "...").
 */
extern size_t rsi_utf8_excerpt(const char *s, size_t n, size_t max, char *out, int *cut);

/*
 * Length of s[0..n) without a character cut in half at its end: a lead
 * byte and fewer continuation bytes than it announces are dropped.  What
 * comes before is not checked (see rsi_utf8_valid_prefix).
 */
extern size_t rsi_utf8_clip(const char *s, size_t n);

/*
 * snprintf for messages: when the text does not fit in size bytes it is cut
 * at a character boundary (rsi_utf8_clip), never inside a multi-byte
 * character.  Returns 1 when something was cut, 0 when all of it fits.
 * %.Ns must not be used for values: it cuts by bytes; make an excerpt with
 * rsi_utf8_excerpt first.
 */
extern int	rsi_utf8_snprintf(char *buf, size_t size, const char *fmt,...)
#if defined(__GNUC__)
			__attribute__((format(printf, 3, 4)))
#endif
			;
extern int	rsi_utf8_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
#if defined(__GNUC__)
			__attribute__((format(printf, 3, 0)))
#endif
			;

/*
 * s as an SQL string literal for a message that shows SQL to run: between
 * single quotes, each single quote doubled (standard_conforming_strings,
 * on by default since PostgreSQL 9.1; never E'...').  Returns 0, or -1 and
 * out = "" when it does not fit in outsz bytes: SQL cut in half must not
 * be shown.
 */
extern int	rsi_sql_literal(char *out, size_t outsz, const char *s);

#endif							/* RSI_UTF8_H */
