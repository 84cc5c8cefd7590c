/*
 * test_echo.c — the leading keyword, all that is shown of a statement of
 * another kind.
 */
#include <string.h>

#include "parse/echo.h"
#include "tap.h"

static const char *
keyword(const char *s)
{
	static char out[64];
	size_t		off,
				n = rsi_echo_keyword(s, strlen(s), &off);

	memcpy(out, s + off, n);
	out[n] = '\0';
	return out;
}

int
main(void)
{
	TAP_IS_STR(keyword("CREATE USER u PASSWORD 'x'"), "CREATE", "a keyword is shown");
	TAP_IS_STR(keyword("  -- c\n/* d */ select 1"), "select", "after blanks and comments");
	TAP_IS_STR(keyword("'wJalrXUtnFEMI0K7MDENG' x"), "", "a string literal is not");
	TAP_IS_STR(keyword("\"SECRET\" x"), "", "a quoted identifier is not");
	TAP_IS_STR(keyword("wJalrXUtnFEMI0K7MDENG x"), "", "a word with digits is not");
	TAP_IS_STR(keyword("abcdefghijklmnopqrstu x"), "", "a word longer than 20 letters is not");
	TAP_IS_STR(keyword("abcdefghijklmnopqrst x"), "abcdefghijklmnopqrst", "20 letters are");
	TAP_IS_STR(keyword("café x"), "", "a word with non-ASCII letters is not");
	TAP_IS_STR(keyword("$$x$$"), "", "a dollar quote is not");
	TAP_IS_STR(keyword(""), "", "empty text: nothing");
	TAP_IS_STR(keyword("/* unterminated SECRET 'x'"), "", "an unterminated comment: nothing");
	return tap_done();
}
