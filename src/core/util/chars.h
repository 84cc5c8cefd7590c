/*
 * chars.h — character classes the lexer, the redactor and the policy
 * engine share (ASCII only; locale-independent on purpose).
 */
#ifndef RSI_CHARS_H
#define RSI_CHARS_H

/* The value of a hexadecimal digit, or -1. */
static inline int
rsi_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif							/* RSI_CHARS_H */
