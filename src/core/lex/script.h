/*
 * script.h — split a script into statements, and redact secrets.
 */
#ifndef RSI_SCRIPT_H
#define RSI_SCRIPT_H

#include <stddef.h>
#include "lex/lexer.h"

typedef struct rsi_statement
{
	size_t		off;			/* first token (after leading comments) */
	size_t		end;			/* just past the last token, before the ';' */
	int			line;			/* 1-based line of the first token */
	int			col;			/* 1-based column (characters) */
	const rsi_lexed *lexed;		/* its tokens, when the splitter lexed them
								 * (a statement the parser reads to the end:
								 * COPY, UNLOAD, CREATE ...); else NULL.
								 * Valid until the next rsi_splitter_next. */
} rsi_statement;

/*
 * Scanner state for splitting a script incrementally.  The line and column
 * are tracked as the scanner moves, so splitting is one pass however many
 * statements there are.
 */
typedef struct rsi_splitter
{
	const char *buf;
	size_t		len;
	size_t		pos;
	size_t		lc_off;			/* offset up to which line/col are counted */
	int			line;
	int			col;
	rsi_lexed	lexed;			/* the last statement's tokens */
} rsi_splitter;

extern void rsi_splitter_init(rsi_splitter *s, const char *buf, size_t len);

/*
 * Next statement: returns 1 and fills *st, or 0 at the end.  Splits on
 * top-level ';' only (strings, comments and dollar quotes are honoured by
 * the lexer).  A statement with an unterminated string or comment runs to
 * the end of the script; the parser then reports it.
 */
extern int	rsi_splitter_next(rsi_splitter *s, rsi_statement *st);

/*
 * Redact secrets, fail-closed (docs/safety.md, "Redaction rules"): the
 * value after SECRET_ACCESS_KEY, SESSION_TOKEN, TOKEN, MASTER_SYMMETRIC_KEY
 * or PASSWORD (AS and '=' skipped; quoted or not, terminated or not, with
 * any adjacent string continuing it); any string literal, quoted
 * identifier or comment that holds a secret key name, except well-formed
 * role ARNs and access key IDs in it; the value after ACCESS_KEY_ID unless
 * it is a well-formed key ID; obfuscated E'' and U&'' strings; and the
 * rest of the input after a lexer error once a secret key was seen.  Works
 * on any text, parsable or not, including whole scripts.  Linear time, no
 * allocation; redacting redacted text changes nothing.
 *
 * Returns the length of the redacted text.  With out == NULL only measures;
 * otherwise out needs that length + 1 bytes and is NUL-terminated.
 */
extern size_t rsi_redact(const char *buf, size_t len, char *out);

/* Map a byte offset in the original text to the offset in its redaction. */
extern size_t rsi_redact_map_offset(const char *buf, size_t len, size_t off);

/*
 * Is input [off, off + n) copied unchanged by rsi_redact?  Messages quote a
 * piece of the input only when it is (an empty span: when the redactor
 * does not mask the byte at off).
 */
extern int	rsi_redact_span_kept(const char *buf, size_t len, size_t off, size_t n);

/*
 * Does the text hold a secret key name (secret_access_key, session_token,
 * master_symmetric_key, password, or token as a whole word; any case)?
 */
extern int	rsi_has_secret_key_name(const char *s, size_t n);

#endif							/* RSI_SCRIPT_H */
