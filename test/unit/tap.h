/*
 * tap.h — a minimal TAP producer for the core's unit tests.
 *
 * Header-only so each test program is one file.  Output is plain TAP
 * ("ok N - name" / "not ok N - name"), read by prove and by
 * scripts/test.sh, which counts the results.
 */
#ifndef RSI_TAP_H
#define RSI_TAP_H

#include <stdio.h>
#include <string.h>

static int	tap_n = 0;
static int	tap_failed = 0;

#define TAP_OK(cond, ...) \
	do { \
		int tap_c_ = (cond) ? 1 : 0; \
		tap_n++; \
		if (!tap_c_) tap_failed++; \
		printf("%s %d - ", tap_c_ ? "ok" : "not ok", tap_n); \
		printf(__VA_ARGS__); \
		printf("\n"); \
		if (!tap_c_) \
			printf("#   failed at %s:%d\n", __FILE__, __LINE__); \
	} while (0)

#define TAP_IS_INT(got, want, ...) \
	do { \
		long long tap_g_ = (long long) (got), tap_w_ = (long long) (want); \
		TAP_OK(tap_g_ == tap_w_, __VA_ARGS__); \
		if (tap_g_ != tap_w_) \
			printf("#   got %lld, want %lld\n", tap_g_, tap_w_); \
	} while (0)

#define TAP_IS_STR(got, want, ...) \
	do { \
		const char *tap_g_ = (got), *tap_w_ = (want); \
		int tap_e_ = (tap_g_ == NULL && tap_w_ == NULL) || \
			(tap_g_ && tap_w_ && strcmp(tap_g_, tap_w_) == 0); \
		TAP_OK(tap_e_, __VA_ARGS__); \
		if (!tap_e_) \
			printf("#   got \"%s\", want \"%s\"\n", tap_g_ ? tap_g_ : "(null)", \
				   tap_w_ ? tap_w_ : "(null)"); \
	} while (0)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif							/* RSI_TAP_H */
