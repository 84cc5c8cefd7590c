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

/* First offset >= pos of byte a, b or c in buf[0..len), or len. */
extern size_t rsi_scan_any3_scalar(const char *buf, size_t len, size_t pos, char a, char b, char c);
extern size_t rsi_scan_any3_simd(const char *buf, size_t len, size_t pos, char a, char b, char c);

/*
 * First offset >= pos of a byte a role chain is read for (a comma, a blank,
 * k/K or p/P: see parse_auth.c), or len.
 */
extern size_t rsi_scan_chain_scalar(const char *buf, size_t len, size_t pos);
extern size_t rsi_scan_chain_simd(const char *buf, size_t len, size_t pos);

/* First offset >= pos of a NUL or a byte >= 0x80, or len. */
extern size_t rsi_scan_ascii_scalar(const char *buf, size_t len, size_t pos);
extern size_t rsi_scan_ascii_simd(const char *buf, size_t len, size_t pos);

#if RSI_SCAN_SIMD
#define rsi_scan_chain rsi_scan_chain_simd
#define rsi_scan_ascii rsi_scan_ascii_simd
#define rsi_scan_any3 rsi_scan_any3_simd
#define rsi_scan_either rsi_scan_either_simd
#define rsi_scan_split rsi_scan_split_simd
#define rsi_scan_ident rsi_scan_ident_simd
#else
#define rsi_scan_chain rsi_scan_chain_scalar
#define rsi_scan_ascii rsi_scan_ascii_scalar
#define rsi_scan_any3 rsi_scan_any3_scalar
#define rsi_scan_either rsi_scan_either_scalar
#define rsi_scan_split rsi_scan_split_scalar
#define rsi_scan_ident rsi_scan_ident_scalar
#endif

#endif							/* RSI_SCAN_H */
