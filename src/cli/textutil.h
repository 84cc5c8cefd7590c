/*
 * textutil.h — byte-level helpers of the CLI: the escaping each output
 * format needs.  Raw script text may be any bytes; what is valid UTF-8 is
 * decided by the core (util/utf8.h), and a byte outside a valid
 * sequence (or a NUL) is shown as one replacement character.
 */
#ifndef RSI_CLI_TEXTUTIL_H
#define RSI_CLI_TEXTUTIL_H

#include <stddef.h>
#include "writer.h"

/* For a terminal: bad bytes and control characters other than tab become '?'. */
extern void cli_put_plain(cli_w *w, const char *p, size_t n);

/* Blanks as wide as cli_put_plain prints p[0..n), keeping tabs, for a caret line. */
extern void cli_put_blanks(cli_w *w, const char *p, size_t n);

/* XML character data or attribute value: &<>"' escaped; what XML 1.0 cannot hold becomes U+FFFD. */
extern void cli_put_xml(cli_w *w, const char *s);

/* GitHub workflow command: %, CR, LF escaped; in a property also ':' and ','. */
extern void cli_put_github(cli_w *w, const char *s, int property);

/* A JSON string literal of p[0..n), quotes included; NULs and bad bytes become U+FFFD. */
extern void cli_put_json_string(cli_w *w, const char *p, size_t n);

#endif							/* RSI_CLI_TEXTUTIL_H */
