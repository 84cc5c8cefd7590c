/*
 * source.c — redacted excerpts of the script (see source.h).
 */
#include "source.h"

#include <stdlib.h>
#include <string.h>

#include "parse/command.h"
#include "parse/echo.h"
#include "check/redact.h"
#include "lex/script.h"
#include "textutil.h"

/* show at most this much of one line */
#define MAX_LINE_BYTES 1000

/*
 * The redaction of p[0..n), malloc'd, in one pass (a second only when a
 * redaction grows the text past the first guess); *len is its length and
 * *mapped (when not NULL) offset off mapped into it.  With max, only the
 * first max + 1 bytes are kept (*len is still the whole length).
 */
static char *
redact(const char *p, size_t n, size_t max, size_t *len, size_t off, size_t *mapped)
{
	size_t		cap = n + n / 2 + 64;
	char	   *r;

	if (cap > max + 2)
		cap = max + 2;
	/* room for "..." after a cut (cli_redacted_statement) */
	r = malloc(cap + 4);
	if (r == NULL)
		return NULL;
	*len = rsi_redact_n(p, n, r, cap, off, mapped);
	if (*len >= cap && cap < max + 2)
	{
		cap = *len + 1 < max + 2 ? *len + 1 : max + 2;
		free(r);
		r = malloc(cap + 4);
		if (r == NULL)
			return NULL;
		*len = rsi_redact_n(p, n, r, cap, off, mapped);
	}
	return r;
}

char *
cli_redacted_statement(const cli_finding *f, size_t max)
{
	size_t		rlen;
	char	   *r;

	if (f->seg == NULL || f->stmt_end <= f->stmt_off)
		return NULL;
	r = redact(f->seg + f->stmt_off, f->stmt_end - f->stmt_off, max, &rlen, 0, NULL);
	if (r && rlen > max)
	{
		/* cut at a character boundary */
		rlen = max;
		while (rlen > 0 && ((unsigned char) r[rlen] & 0xC0) == 0x80)
			rlen--;
		memcpy(r + rlen, "...", 4);
	}
	return r;
}

int
cli_event_echoes_text(const cli_event *ev)
{
	return ev->statement > 0 && strcmp(ev->kind, "other") != 0;
}

char *
cli_event_command(const cli_event *ev, size_t max)
{
	const cli_finding *f = ev->finding;
	size_t		off,
				n;
	char	   *out;

	if (f == NULL || f->seg == NULL || f->stmt_end <= f->stmt_off)
		return NULL;
	if (cli_event_echoes_text(ev))
		return cli_redacted_statement(f, max);
	/* another kind of statement: its leading keyword at most */
	n = rsi_echo_keyword(f->seg + f->stmt_off, f->stmt_end - f->stmt_off, &off);
	out = malloc(n + 5);
	if (out == NULL)
		return NULL;
	memcpy(out, f->seg + f->stmt_off + off, n);
	strcpy(out + n, n ? " ..." : "...");
	return out;
}

const char *
cli_event_command_text(const cli_event *ev, size_t max, size_t *len, char **owned)
{
	const cli_finding *f = ev->finding;
	const char *p;
	size_t		n;

	*owned = NULL;
	if (f == NULL || f->seg == NULL || f->stmt_end <= f->stmt_off)
		return NULL;
	p = f->seg + f->stmt_off;
	n = f->stmt_end - f->stmt_off;
	/* text the redactor copies unchanged is shown from the script itself */
	if (n <= max && cli_event_echoes_text(ev) && memchr(p, '\0', n) == NULL &&
		rsi_redact_is_identity(p, n))
	{
		*len = n;
		return p;
	}
	*owned = cli_event_command(ev, max);
	*len = *owned ? strlen(*owned) : 0;
	return *owned;
}

void
cli_print_excerpt(cli_w *w, const cli_finding *f)
{
	/*
	 * Show text from the statement's first token (or, outside statements,
	 * from the start of the segment): where a segment starts depends on
	 * where the reads ended, where the statement starts does not.
	 */
	size_t		from = f->stmt_end > f->stmt_off && f->pos >= f->stmt_off ? f->stmt_off : 0;
	const char *text = f->seg + from;
	size_t		len = f->seg_len - from;
	size_t		rlen,
				at,
				ls,
				le;
	char	   *r;
	int			i,
				l,
				col;

	if (f->seg == NULL || len == 0)
		return;
	r = redact(text, len, (size_t) -3, &rlen, f->pos - from, &at);
	if (r == NULL)
		return;
	if (at > rlen)
		at = rlen;
	for (ls = at; ls > 0 && r[ls - 1] != '\n'; ls--)
		;
	for (le = at; le < rlen && r[le] != '\n'; le++)
		;
	if (le > ls && r[le - 1] == '\r')
		le--;
	if (at - ls > MAX_LINE_BYTES)
	{
		free(r);
		return;
	}
	if (le - ls > MAX_LINE_BYTES)
		le = ls + MAX_LINE_BYTES;

	/* the column where the shown text starts, on its first line */
	rsi_line_col(f->seg, f->seg_len, from, &l, &col);
	if (l == 1)
		col += f->seg_col - 1;
	cli_w_printf(w, "%5d | ", f->line);
	if (ls == 0)
		for (i = 1; i < col; i++)
			cli_w_putc(w, ' ');
	cli_put_plain(w, r + ls, le - ls);
	cli_w_puts(w, "\n      | ");
	if (ls == 0)
		for (i = 1; i < col; i++)
			cli_w_putc(w, ' ');
	cli_put_blanks(w, r + ls, at - ls);
	cli_w_puts(w, "^\n");
	free(r);
}
