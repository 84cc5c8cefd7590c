/*
 * echo.h — what the extension and the CLI may show of a statement that is
 * not one of the six checked commands.
 *
 * The redactor knows where the grammar of COPY, UNLOAD, CREATE EXTERNAL
 * SCHEMA and CREATE EXTERNAL FUNCTION puts secrets, not where every other
 * statement does (CREATE USER MAPPING ... OPTIONS (password '...'), a
 * connection string in a literal, ...).  Such a statement is therefore
 * never echoed, only its leading keyword: "CREATE ...".
 */
#ifndef RSI_ECHO_H
#define RSI_ECHO_H

#include <stddef.h>

/* the longest leading keyword shown (bytes) */
#define RSI_ECHO_MAX_KEYWORD 20

/*
 * The leading keyword of buf[0..len): the first token, when it is an
 * unquoted identifier of 1 to RSI_ECHO_MAX_KEYWORD ASCII letters; sets
 * *off to its offset and returns its length, or returns 0 (nothing may be
 * shown: a string, a quoted identifier, digits, a longer word).
 */
extern size_t rsi_echo_keyword(const char *buf, size_t len, size_t *off);

#endif							/* RSI_ECHO_H */
