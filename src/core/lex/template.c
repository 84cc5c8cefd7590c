/*
 * template.c — template placeholders (see template.h; the rules are in
 * docs/rules.md, "templated-value").
 *
 * Each form is recognised by its opener and a closer within
 * RSI_TEMPLATE_MAX bytes, so that a stray "{{" or "${" costs a bounded
 * look-ahead and the whole scan stays linear.  Everything that SQL itself
 * gives a meaning to is left alone: dollar quotes ($tag$ ... $tag$, the
 * lexer's), parameters ($1), casts (::) and array slices ([1:2]).
 *
 * Sources: Jinja "Template Designer Documentation"
 * (https://jinja.palletsprojects.com/en/3.1.x/templates/); POSIX Shell
 * Command Language, "Parameter Expansion"
 * (https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html);
 * PostgreSQL "psql", "SQL Interpolation"
 * (https://www.postgresql.org/docs/15/app-psql.html).
 */
#include "lex/template.h"
#include "lex/lexer.h"
#include "lex/scan.h"

#include <string.h>

static int
is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Find the two-byte closer a,b in buf[from .. limit); returns its offset or (size_t) -1. */
static size_t
find_closer(const char *buf, size_t from, size_t limit, char a, char b)
{
	size_t		i;

	for (i = from; i + 1 < limit; i++)
		if (buf[i] == a && buf[i + 1] == b)
			return i;
	return (size_t) -1;
}

static size_t
bound(size_t pos, size_t len)
{
	return len - pos > RSI_TEMPLATE_MAX ? pos + RSI_TEMPLATE_MAX : len;
}

/* {{ expr }}, {% stmt %}, {# comment #} at buf[pos] */
static int
jinja_at(const char *buf, size_t len, size_t pos, rsi_template *t)
{
	char		open,
				close;
	size_t		q,
				s,
				e;

	if (pos + 1 >= len || buf[pos] != '{')
		return 0;
	open = buf[pos + 1];
	if (open == '{')
		close = '}';
	else if (open == '%' || open == '#')
		close = open;
	else
		return 0;
	q = find_closer(buf, pos + 2, bound(pos, len), close, '}');
	if (q == (size_t) -1)
		return 0;
	t->kind = open == '{' ? RSI_TMPL_JINJA_EXPR : open == '%' ? RSI_TMPL_JINJA_STMT : RSI_TMPL_JINJA_COMMENT;
	t->off = pos;
	t->len = q + 2 - pos;
	/* the expression, without blanks and Jinja's whitespace control (- +) */
	s = pos + 2;
	e = q;
	if (s < e && (buf[s] == '-' || buf[s] == '+'))
		s++;
	if (e > s && (buf[e - 1] == '-' || buf[e - 1] == '+'))
		e--;
	while (s < e && is_blank(buf[s]))
		s++;
	while (e > s && is_blank(buf[e - 1]))
		e--;
	t->name_off = s;
	t->name_len = e - s;
	return 1;
}

/*
 * ${NAME} or ${NAME<op>word} (op one of - = ? + with an optional ':'
 * before it) at buf[pos]: NAME is a shell name, and the word holds no line
 * break.
 */
static int
braced_at(const char *buf, size_t len, size_t pos, rsi_template *t)
{
	size_t		p = pos + 2,
				limit = bound(pos, len),
				name_end;

	if (pos + 2 >= len || buf[pos] != '$' || buf[pos + 1] != '{' || !is_name_start(buf[p]))
		return 0;
	while (p < limit && is_name_char(buf[p]))
		p++;
	name_end = p;
	if (p < limit && buf[p] != '}')
	{
		if (buf[p] == ':')
			p++;
		if (p >= limit || strchr("-=?+", buf[p]) == NULL)
			return 0;
		while (p < limit && buf[p] != '}' && buf[p] != '\n' && buf[p] != '\r')
			p++;
	}
	if (p >= limit || buf[p] != '}')
		return 0;
	t->kind = RSI_TMPL_SHELL_BRACED;
	t->off = pos;
	t->len = p + 1 - pos;
	t->name_off = pos + 2;
	t->name_len = name_end - (pos + 2);
	return 1;
}

/*
 * $NAME at buf[pos]; upper: NAME must be upper case (letters, digits, _,
 * an upper-case letter or _ first).  A name followed by '$' is a dollar
 * quote's tag, not a variable.
 */
static int
shell_at(const char *buf, size_t len, size_t pos, int upper, rsi_template *t)
{
	size_t		p = pos + 1,
				i;

	if (p >= len || buf[pos] != '$' || !is_name_start(buf[p]))
		return 0;
	while (p < len && is_name_char(buf[p]))
		p++;
	if (p < len && buf[p] == '$')
		return 0;
	if (upper)
		for (i = pos + 1; i < p; i++)
			if (buf[i] >= 'a' && buf[i] <= 'z')
				return 0;
	t->kind = RSI_TMPL_SHELL;
	t->off = pos;
	t->len = p - pos;
	t->name_off = pos + 1;
	t->name_len = p - pos - 1;
	return 1;
}

/* :'name', :"name" or :name at buf[pos], not part of a :: cast */
static int
psql_at(const char *buf, size_t len, size_t pos, rsi_template *t)
{
	size_t		p = pos + 1;
	char		q;

	if (p >= len || buf[pos] != ':' || buf[p] == ':' || (pos > 0 && buf[pos - 1] == ':'))
		return 0;
	q = buf[p];
	if (q == '\'' || q == '"')
	{
		p++;
		while (p < len && is_name_char(buf[p]))
			p++;
		if (p == pos + 2 || p >= len || buf[p] != q)
			return 0;
		t->kind = q == '\'' ? RSI_TMPL_PSQL_LITERAL : RSI_TMPL_PSQL_IDENT;
		t->off = pos;
		t->len = p + 1 - pos;
		t->name_off = pos + 2;
		t->name_len = p - pos - 2;
		return 1;
	}
	if (!is_name_start(q))
		return 0;
	while (p < len && is_name_char(buf[p]))
		p++;
	t->kind = RSI_TMPL_PSQL;
	t->off = pos;
	t->len = p - pos;
	t->name_off = pos + 1;
	t->name_len = p - pos - 1;
	return 1;
}

int
rsi_template_at(const char *buf, size_t len, size_t pos, rsi_template *t)
{
	if (pos >= len)
		return 0;
	switch (buf[pos])
	{
		case '{':
			return jinja_at(buf, len, pos, t);
		case '$':
			/* outside strings $name is never SQL: $1 and $tag$ are excluded */
			return braced_at(buf, len, pos, t) || shell_at(buf, len, pos, 0, t);
		case ':':
			return psql_at(buf, len, pos, t);
	}
	return 0;
}

int
rsi_template_in_string(const char *s, size_t n, size_t from, unsigned flags, rsi_template *t)
{
	size_t		i;

	/* placeholders start at '{' or '$': jump between those */
	for (i = from; (i = rsi_scan_either(s, n, i, '{', '$')) < n; i++)
	{
		if (s[i] == '{' && jinja_at(s, n, i, t))
			return 1;
		if (s[i] == '$' && (braced_at(s, n, i, t) ||
							shell_at(s, n, i, (flags & RSI_TMPL_ANY_CASE) == 0, t)))
			return 1;
	}
	return 0;
}

size_t
rsi_template_scan(const char *buf, size_t len, unsigned flags, rsi_template_cb cb, void *ctx)
{
	size_t		pos = 0,
				found = 0;
	rsi_token	tok;
	rsi_template t;

	for (;;)
	{
		size_t		next = rsi_lex_next(buf, len, pos, &tok);
		size_t		body = 0,
					body_end = 0;

		if (tok.kind == RSI_TOK_EOF || tok.kind == RSI_TOK_ERROR)
			break;
		if (tok.kind == RSI_TOK_STRING)
			body = tok.off + 1, body_end = tok.off + tok.len - 1;
		else if (tok.kind == RSI_TOK_ESTRING)
			body = tok.off + 2, body_end = tok.off + tok.len - 1;
		else if (tok.kind == RSI_TOK_DOLLAR)
		{
			size_t		dl = (const char *) memchr(buf + tok.off + 1, '$', tok.len - 1) - (buf + tok.off) + 1;

			body = tok.off + dl, body_end = tok.off + tok.len - dl;
		}
		else if (tok.kind == RSI_TOK_OP && rsi_template_at(buf, len, tok.off, &t))
		{
			found++;
			if (cb && cb(ctx, &t))
				break;
			/* skip the placeholder whole: a quote inside {{ }} is not SQL's */
			pos = t.off + t.len;
			continue;
		}
		while (body < body_end && rsi_template_in_string(buf, body_end, body, flags, &t))
		{
			found++;
			if (cb && cb(ctx, &t))
				return found;
			body = t.off + t.len;
		}
		pos = next;
	}
	return found;
}
