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

#include <stddef.h>

#define RSI_UTF8_REPLACEMENT "\xEF\xBF\xBD"	/* U+FFFD */

/*
 * Length of the longest prefix of s[0..n) that is valid UTF-8 without NUL
 * bytes (shortest form, no surrogates, at most U+10FFFF).  n means all of it.
 */
extern size_t rsi_utf8_valid_prefix(const char *s, size_t n);

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

#endif							/* RSI_UTF8_H */
