/*
 * redact.h — the redactor's bounded entry points (rsi_redact and the
 * others are declared in lex/script.h).
 */
#ifndef RSI_REDACT_H
#define RSI_REDACT_H

#include <stddef.h>

/*
 * rsi_redact into a buffer of cap bytes, as snprintf does: the first
 * min(length, cap - 1) bytes of the redacted text, then a NUL (nothing is
 * written when cap is 0).  Returns the length of the whole redacted text,
 * which is rsi_redact's; the bytes written are the first bytes of its
 * output.  When mapped is not NULL, *mapped is what
 * rsi_redact_map_offset(buf, len, off) returns, from the same pass.  One
 * pass over buf, no allocation.
 */
extern size_t rsi_redact_n(const char *buf, size_t len, char *out, size_t cap,
						   size_t off, size_t *mapped);

/*
 * Is text[0..n) its own redaction, by a conservative test: it holds none
 * of the words a redaction needs first (token, password,
 * secret_access_key, master_symmetric_key, credentials, access_key_id;
 * any case), no backslash and no '&'.  rsi_redact_n copies such text
 * without lexing it; the unit tests compare that with rsi_redact.
 */
extern int	rsi_redact_is_identity(const char *s, size_t n);

/*
 * rsi_redact_span_kept without its early stop (it returns as soon as no
 * later replacement can reach the span): the whole text is redacted.  The
 * same answer, slower; the unit tests compare the two.
 */
extern int	rsi_redact_span_kept_exhaustive(const char *buf, size_t len, size_t off, size_t n);

/*
 * The length of the secret key name that starts at s[i] (with the rules of
 * rsi_has_secret_key_name: token only as a word of its own), or 0.
 * rsi_has_secret_key_name(s, n) is whether any i in [0, n) has one; the
 * unit tests check that byte by byte.
 */
extern int	rsi_secret_key_name_at(const char *s, size_t n, size_t i);

#endif							/* RSI_REDACT_H */
