/*
 * suppress.c — inline suppressions (see suppress.h).
 */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>

#include "lex/lexer.h"
#include "parse/command.h"

void
cli_supp_reset(cli_supp *s)
{
	s->n = 0;
}

void
cli_supp_free(cli_supp *s)
{
	free(s->d);
	memset(s, 0, sizeof(*s));
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '-' || c == '_';
}

/* A name is shown only when it could be a rule id: never a secret's shape. */
static int
showable(const char *p, size_t n)
{
	size_t		i;

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '-' || p[i] == '_'))
			return 0;
	return 1;
}

/*
 * The line comment at c[0..n) ("--" through the end of the line): a
 * directive?  Fills *d (but pos, line and alone) and returns 1.
 */
static int
parse_comment(const char *c, size_t n, cli_supp_directive *d)
{
	size_t		i = 2,
				k = strlen(CLI_SUPP_MARKER);

	memset(d, 0, sizeof(*d));
	while (i < n && is_blank(c[i]))
		i++;
	if (n - i < k || strncmp(c + i, CLI_SUPP_MARKER, k) != 0)
		return 0;
	i += k;
	while (i < n && is_blank(c[i]))
		i++;
	if (n - i >= 13 && strncmp(c + i, "disable-file=", 13) == 0)
	{
		d->file = 1;
		i += 13;
	}
	else if (n - i >= 8 && strncmp(c + i, "disable=", 8) == 0)
		i += 8;
	else
		return 0;
	for (;;)
	{
		size_t		start,
					len;
		char		name[65];
		const rsi_rule *r;

		while (i < n && is_blank(c[i]))
			i++;
		start = i;
		while (i < n && name_char(c[i]))
			i++;
		len = i - start;
		if (len == 0 && i < n && c[i] == ',')
		{
			i++;				/* an empty name: "a,,b" */
			continue;
		}
		if (len == 0)
			break;
		r = NULL;
		if (len < sizeof(name))
		{
			memcpy(name, c + start, len);
			name[len] = '\0';
			r = rsi_rule_find(name);
		}
		if (r != NULL && d->nrules < CLI_SUPP_MAX_RULES)
			d->rules[d->nrules++] = r;
		else if (r == NULL && d->nunknown < CLI_SUPP_MAX_RULES)
		{
			if (showable(c + start, len))
			{
				memcpy(d->unknown[d->nunknown], c + start, len);
				d->unknown[d->nunknown][len] = '\0';
			}
			else
				d->unknown[d->nunknown][0] = '\0';
			d->unknown_off[d->nunknown++] = start;
		}
		while (i < n && is_blank(c[i]))
			i++;
		if (i < n && c[i] == ',')
			i++;
		else
			break;
	}
	return 1;
}

static void
add(cli_supp *s, const cli_supp_directive *d)
{
	if (s->n >= CLI_SUPP_MAX_DIRECTIVES)
		return;
	if (s->n == s->cap)
	{
		size_t		cap = s->cap ? s->cap * 2 : 16;
		cli_supp_directive *nd = realloc(s->d, cap * sizeof(*nd));

		if (nd == NULL)
			return;
		s->d = nd;
		s->cap = cap;
	}
	s->d[s->n++] = *d;
}

/* The comments in seg[from..to), which holds no token: blanks and comments only. */
static void
scan_gap(cli_supp *s, const rsi_stream_item *it, size_t from, size_t to)
{
	const char *t = it->seg;
	size_t		i = from;

	while (i < to)
	{
		if (t[i] == '-' && i + 1 < to && t[i + 1] == '-')
		{
			size_t		e = i;
			cli_supp_directive d;

			while (e < to && t[e] != '\n')
				e++;
			if (memchr(t + i, 'r', e - i) != NULL && parse_comment(t + i, e - i, &d))
			{
				size_t		b = i;
				int			col;

				while (b > 0 && is_blank(t[b - 1]))
					b--;
				/* alone: a newline before it in the item, or the item starts a line */
				d.alone = (b > 0 && t[b - 1] == '\n') || (b == 0 && it->seg_col == 1);
				d.pos = it->seg_pos + i;
				rsi_line_col(t, it->seg_len, i, &d.line, &col);
				d.line += it->seg_line - 1;
				add(s, &d);
			}
			i = e;
		}
		else if (t[i] == '/' && i + 1 < to && t[i + 1] == '*')
		{
			int			depth = 1;

			/* block comments nest, as in PostgreSQL */
			i += 2;
			while (i < to && depth > 0)
			{
				if (t[i] == '/' && i + 1 < to && t[i + 1] == '*')
					depth++, i += 2;
				else if (t[i] == '*' && i + 1 < to && t[i + 1] == '/')
					depth--, i += 2;
				else
					i++;
			}
		}
		else
			i++;
	}
}

void
cli_supp_scan(cli_supp *s, const rsi_stream_item *it)
{
	size_t		pos = 0;
	rsi_token	tok;

	if (it->kind != RSI_STREAM_STATEMENT && it->kind != RSI_STREAM_FILLER)
		return;
	for (;;)
	{
		size_t		next = rsi_lex_next(it->seg, it->seg_len, pos, &tok);

		if (tok.kind == RSI_TOK_EOF)
		{
			scan_gap(s, it, pos, it->seg_len);
			return;
		}
		scan_gap(s, it, pos, tok.off);
		if (tok.kind == RSI_TOK_ERROR || next <= pos)
			return;
		pos = next;
	}
}

const cli_supp_directive *
cli_supp_match(const cli_supp *s, const char *rule, int first, int last)
{
	const rsi_rule *r = rsi_rule_find(rule);
	size_t		i;
	int			k;

	if (r == NULL)
		return NULL;
	for (i = 0; i < s->n; i++)
	{
		const cli_supp_directive *d = &s->d[i];
		int			applies = d->file ||
			(d->alone ? d->line + 1 == first : (d->line >= first && d->line <= last));

		if (!applies)
			continue;
		for (k = 0; k < d->nrules; k++)
			if (d->rules[k] == r)
				return d;
	}
	return NULL;
}
