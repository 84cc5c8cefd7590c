/*
 * writer.c — the checker's own output buffer (see writer.h).
 */
#define _GNU_SOURCE

#include "writer.h"

#include <stdarg.h>
#include <stdlib.h>

/* one unlocked call per buffer where the C library has it */
#ifdef __GLIBC__
#define WRITE_FILE(p, n, f) fwrite_unlocked((p), 1, (n), (f))
#else
#define WRITE_FILE(p, n, f) fwrite((p), 1, (n), (f))
#endif

void
cli_w_init(cli_w *w, FILE *f, char *buf, size_t cap)
{
	w->f = f;
	w->buf = buf;
	w->cap = cap;
	w->len = 0;
	w->err = 0;
}

int
cli_w_flush(cli_w *w)
{
	if (w->len > 0 && WRITE_FILE(w->buf, w->len, w->f) != w->len)
		w->err = 1;
	w->len = 0;
	return w->err ? -1 : 0;
}

void
cli_w_write_slow(cli_w *w, const char *p, size_t n)
{
	cli_w_flush(w);
	if (n < w->cap)
	{
		memcpy(w->buf, p, n);
		w->len = n;
	}
	else if (WRITE_FILE(p, n, w->f) != n)
		w->err = 1;
}

void
cli_w_printf(cli_w *w, const char *fmt,...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(w->buf + w->len, w->cap - w->len, fmt, ap);
	va_end(ap);
	if (n < 0)
	{
		w->err = 1;
		return;
	}
	if ((size_t) n < w->cap - w->len)
	{
		w->len += (size_t) n;
		return;
	}
	/* did not fit: flush, then format again, into a larger buffer if need be */
	cli_w_flush(w);
	if ((size_t) n < w->cap)
	{
		va_start(ap, fmt);
		vsnprintf(w->buf, w->cap, fmt, ap);
		va_end(ap);
		w->len = (size_t) n;
	}
	else
	{
		char	   *big = malloc((size_t) n + 1);

		if (big == NULL)
		{
			w->err = 1;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t) n + 1, fmt, ap);
		va_end(ap);
		if (WRITE_FILE(big, (size_t) n, w->f) != (size_t) n)
			w->err = 1;
		free(big);
	}
}

void
cli_w_long(cli_w *w, long v)
{
	char		b[24];
	size_t		i = sizeof(b);
	unsigned long u = v < 0 ? 0UL - (unsigned long) v : (unsigned long) v;

	do
	{
		b[--i] = (char) ('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		b[--i] = '-';
	cli_w_write(w, b + i, sizeof(b) - i);
}
