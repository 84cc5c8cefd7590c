/*
 * writer.h — the checker's own output buffer in front of a FILE.
 *
 * A refused-heavy script makes dozens of small writes per finding; through
 * stdio each is a locked call into the library.  A writer appends to its
 * own buffer (inline for the small cases) and hands the FILE one
 * unlocked fwrite per full buffer.  What goes to the FILE is byte for byte
 * what the stdio calls wrote.  Flush before touching the FILE directly
 * (ftell, rewind, fclose) and before writing to stderr, so the two
 * streams interleave as before.
 */
#ifndef RSI_CLI_WRITER_H
#define RSI_CLI_WRITER_H

#include <stdio.h>
#include <string.h>

typedef struct cli_w
{
	FILE	   *f;
	char	   *buf;
	size_t		cap,
				len;
	int			err;			/* a write to f failed */
} cli_w;

/* a writer over f with buffer buf[0..cap), cap >= 64 */
extern void cli_w_init(cli_w *w, FILE *f, char *buf, size_t cap);

/* Hand what is buffered to the FILE (not fflush); -1 when writing failed. */
extern int	cli_w_flush(cli_w *w);

/* Out-of-line paths of the inline functions below. */
extern void cli_w_write_slow(cli_w *w, const char *p, size_t n);
extern void cli_w_printf(cli_w *w, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

/* a long in decimal, as "%ld" prints it */
extern void cli_w_long(cli_w *w, long v);

static inline void
cli_w_write(cli_w *w, const char *p, size_t n)
{
	if (n <= w->cap - w->len)
	{
		memcpy(w->buf + w->len, p, n);
		w->len += n;
	}
	else
		cli_w_write_slow(w, p, n);
}

static inline void
cli_w_puts(cli_w *w, const char *s)
{
	cli_w_write(w, s, strlen(s));
}

static inline void
cli_w_putc(cli_w *w, char c)
{
	if (w->len == w->cap)
		cli_w_flush(w);
	w->buf[w->len++] = c;
}

#endif							/* RSI_CLI_WRITER_H */
