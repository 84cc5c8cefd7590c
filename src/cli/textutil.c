/*
 * textutil.c — escaping for the output formats (see textutil.h).
 *
 * Each function walks the text as runs of valid UTF-8 (found by the core's
 * rsi_utf8_valid_prefix) separated by single bad bytes, and writes the
 * bytes that need no escape in one fwrite per run.
 */
#include "textutil.h"

#include <string.h>

#include "util/utf8.h"

/* What to write instead of the character at p (*skip bytes, default 1), or NULL. */
typedef const char *(*escape_fn) (const unsigned char *p, size_t left, size_t *skip);

/* The bytes a format's escape function is asked about: not printable ASCII, or special. */
typedef struct escaper
{
	escape_fn	esc;
	const char *specials;
	const char *bad;			/* written for each byte outside valid UTF-8 */
	int			ready;
	unsigned char ask[256];
} escaper;

/* Write text[0..n): valid runs through e->esc, each bad byte as e->bad. */
static void
put_escaped(FILE *f, const char *text, size_t n, escaper *e)
{
	const unsigned char *p = (const unsigned char *) text;
	size_t		i = 0;

	if (!e->ready)
	{
		int			c;

		for (c = 0; c < 256; c++)
			e->ask[c] = c < 0x20 || c >= 0x7F || (c && strchr(e->specials, c) != NULL);
		e->ready = 1;
	}
	while (i < n)
	{
		size_t		v = i + rsi_utf8_valid_prefix(text + i, n - i),
					run = i;

		while (i < v)
		{
			size_t		skip = 1;
			const char *r = e->ask[p[i]] ? e->esc(p + i, v - i, &skip) : NULL;

			if (r)
			{
				fwrite(p + run, 1, i - run, f);
				fputs(r, f);
				i += skip;
				run = i;
			}
			else
				i++;
		}
		fwrite(p + run, 1, i - run, f);
		if (i < n)
		{
			fputs(e->bad, f);
			i++;
		}
	}
}

static const char *
esc_plain(const unsigned char *p, size_t left, size_t *skip)
{
	(void) left;
	(void) skip;
	return (*p < 0x20 && *p != '\t') || *p == 0x7F ? "?" : NULL;
}

static escaper plain = {esc_plain, "", "?", 0, {0}};

void
cli_put_plain(FILE *f, const char *p, size_t n)
{
	put_escaped(f, p, n, &plain);
}

void
cli_put_blanks(FILE *f, const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *) text;
	size_t		i = 0;

	while (i < n)
	{
		size_t		v = i + rsi_utf8_valid_prefix(text + i, n - i);

		/* one blank per character; continuation bytes take no room */
		for (; i < v; i++)
			if ((p[i] & 0xC0) != 0x80)
				putc(p[i] == '\t' ? '\t' : ' ', f);
		if (i < n)
		{
			putc(' ', f);
			i++;
		}
	}
}

static const char *
esc_xml(const unsigned char *p, size_t left, size_t *skip)
{
	switch (*p)
	{
		case '&':
			return "&amp;";
		case '<':
			return "&lt;";
		case '>':
			return "&gt;";
		case '"':
			return "&quot;";
		case '\'':
			return "&apos;";
		case '\n':
			return "&#10;";		/* kept in attribute values too */
		case '\r':
			return "&#13;";
		case '\t':
			return "&#9;";
	}
	/* not XML 1.0 characters: other C0 controls, U+FFFE and U+FFFF */
	if (*p < 0x20)
		return RSI_UTF8_REPLACEMENT;
	if (left >= 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)
	{
		*skip = 3;
		return RSI_UTF8_REPLACEMENT;
	}
	return NULL;
}

static escaper xml = {esc_xml, "&<>\"'", RSI_UTF8_REPLACEMENT, 0, {0}};

void
cli_put_xml(FILE *f, const char *s)
{
	put_escaped(f, s, strlen(s), &xml);
}

static const char *
esc_json(const unsigned char *p, size_t left, size_t *skip)
{
	static const char *const ctl[32] = {
		"\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
		"\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f",
		"\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
		"\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f"
	};

	(void) left;
	(void) skip;
	if (*p < 0x20)
		return ctl[*p];
	return *p == '"' ? "\\\"" : *p == '\\' ? "\\\\" : NULL;
}

static escaper json = {esc_json, "\"\\", RSI_UTF8_REPLACEMENT, 0, {0}};

void
cli_put_json_string(FILE *f, const char *p, size_t n)
{
	putc('"', f);
	put_escaped(f, p, n, &json);
	putc('"', f);
}

void
cli_put_github(FILE *f, const char *s, int property)
{
	for (; *s; s++)
	{
		switch (*s)
		{
			case '%':
				fputs("%25", f);
				break;
			case '\r':
				fputs("%0D", f);
				break;
			case '\n':
				fputs("%0A", f);
				break;
			case ':':
				fputs(property ? "%3A" : ":", f);
				break;
			case ',':
				fputs(property ? "%2C" : ",", f);
				break;
			default:
				putc(*s, f);
		}
	}
}
