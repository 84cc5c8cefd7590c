/*
 * textutil.c — escaping for the output formats (see textutil.h).
 *
 * What is valid UTF-8 is decided by the core (rsi_utf8_valid_prefix); the
 * bytes that need no escape are copied to the writer a run at a time.
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
	int			nspecial;		/* at most 5; -1: more */
	unsigned char special[5];
} escaper;

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>

/*
 * Bytes at p[0..n) that need no asking, sixteen at a time: a byte below
 * 0x20 or from 0x80 on is below 0x20 as a signed byte; 0x7F and the
 * specials are compared one by one (the same bytes as e->ask).  Text
 * shorter than sixteen bytes is left to the caller's byte loop.
 */
static size_t
quiet_run(const escaper *e, const unsigned char *p, size_t n)
{
	const __m128i below = _mm_set1_epi8(0x20),
				del = _mm_set1_epi8(0x7F);
	size_t		i = 0;

	if (e->nspecial < 0 || n < 16)
		return 0;
	for (;;)
	{
		/* the last sixteen overlap bytes known quiet (their bits are 0) */
		size_t		at = n - i >= 16 ? i : n - 16;
		__m128i		v = _mm_loadu_si128((const __m128i *) (const void *) (p + at)),
					m = _mm_or_si128(_mm_cmplt_epi8(v, below), _mm_cmpeq_epi8(v, del));
		unsigned	bits;
		int			k;

		for (k = 0; k < e->nspecial; k++)
			m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8((char) e->special[k])));
		bits = (unsigned) _mm_movemask_epi8(m);
		if (bits != 0)
			return at + (size_t) __builtin_ctz(bits);
		if (at + 16 == n)
			return n;
		i = at + 16;
	}
}
#else
static size_t
quiet_run(const escaper *e, const unsigned char *p, size_t n)
{
	(void) e;
	(void) p;
	(void) n;
	return 0;
}
#endif

/*
 * Write text[0..n): bytes that need no escape in runs (one copy each), each
 * other character through e->esc, each byte outside valid UTF-8 as e->bad.
 * Printable ASCII that is not special needs no escape and is valid UTF-8
 * without asking; a multi-byte character is validated on its own.
 */
static void
put_escaped(cli_w *w, const char *text, size_t n, escaper *e)
{
	const unsigned char *p = (const unsigned char *) text;
	size_t		i = 0,
				run;

	if (!e->ready)
	{
		int			c;

		for (c = 0; c < 256; c++)
			e->ask[c] = c < 0x20 || c >= 0x7F || (c && strchr(e->specials, c) != NULL);
		for (c = 0; c < 5 && e->specials[c]; c++)
			e->special[c] = (unsigned char) e->specials[c];
		/* more specials than quiet_run compares: a byte at a time */
		e->nspecial = e->specials[c] ? -1 : c;
		e->ready = 1;
	}
	for (;;)
	{
		size_t		skip = 1,
					k;
		const char *r;

		run = i;
		i += quiet_run(e, p + i, n - i);
		while (i < n && !e->ask[p[i]])
			i++;
		cli_w_write(w, text + run, i - run);
		if (i == n)
			return;
		if (p[i] >= 0x80)
		{
			/* the whole character when valid, else the one bad byte */
			k = p[i] >= 0xF0 ? 4 : p[i] >= 0xE0 ? 3 : 2;
			if (k > n - i || rsi_utf8_valid_prefix(text + i, k) != k)
			{
				cli_w_puts(w, e->bad);
				i++;
				continue;
			}
		}
		else if (p[i] == 0)
		{
			cli_w_puts(w, e->bad);
			i++;
			continue;
		}
		else
			k = 1;
		r = e->esc(p + i, k, &skip);
		if (r)
		{
			cli_w_puts(w, r);
			i += skip;
		}
		else
		{
			cli_w_write(w, text + i, k);
			i += k;
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

static escaper plain = {esc_plain, "", "?", 0, {0}, 0, {0}};

void
cli_put_plain(cli_w *w, const char *p, size_t n)
{
	put_escaped(w, p, n, &plain);
}

void
cli_put_blanks(cli_w *w, const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *) text;
	size_t		i = 0;

	while (i < n)
	{
		size_t		v = i + rsi_utf8_valid_prefix(text + i, n - i);

		/* one blank per character; continuation bytes take no room */
		for (; i < v; i++)
			if ((p[i] & 0xC0) != 0x80)
				cli_w_putc(w, p[i] == '\t' ? '\t' : ' ');
		if (i < n)
		{
			cli_w_putc(w, ' ');
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

static escaper xml = {esc_xml, "&<>\"'", RSI_UTF8_REPLACEMENT, 0, {0}, 0, {0}};

void
cli_put_xml(cli_w *w, const char *s)
{
	put_escaped(w, s, strlen(s), &xml);
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

static escaper json = {esc_json, "\"\\", RSI_UTF8_REPLACEMENT, 0, {0}, 0, {0}};

/*
 * Is p[0..n) printable ASCII other than '"' and '\\' (so JSON without an
 * escape, and valid UTF-8)?  Sixteen bytes at a time where SSE2 is at hand,
 * the last sixteen overlapping; shorter text a byte at a time.
 */
static int
json_plain(const char *p, size_t n)
{
	size_t		i = 0;

#if defined(__SSE2__) && defined(__GNUC__)
	if (n >= 16)
	{
		const __m128i below = _mm_set1_epi8(0x20),
					del = _mm_set1_epi8(0x7F),
					quote = _mm_set1_epi8('"'),
					bs = _mm_set1_epi8('\\');

		for (;; i += 16)
		{
			size_t		at = n - i >= 16 ? i : n - 16;
			__m128i		v = _mm_loadu_si128((const __m128i *) (const void *) (p + at));

			/* below 0x20 or from 0x80 on: below 0x20 as a signed byte */
			if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, below), _mm_cmpeq_epi8(v, del)),
											   _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bs)))) != 0)
				return 0;
			if (at + 16 == n)
				return 1;
		}
	}
#endif
	for (; i < n; i++)
	{
		unsigned char c = (unsigned char) p[i];

		if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\')
			return 0;
	}
	return 1;
}

void
cli_put_json_string(cli_w *w, const char *p, size_t n)
{
	/* the common case: nothing to escape, room in the buffer */
	if (n + 2 <= w->cap - w->len && json_plain(p, n))
	{
		w->buf[w->len] = '"';
		memcpy(w->buf + w->len + 1, p, n);
		w->buf[w->len + 1 + n] = '"';
		w->len += n + 2;
		return;
	}
	cli_w_putc(w, '"');
	put_escaped(w, p, n, &json);
	cli_w_putc(w, '"');
}

void
cli_put_github(cli_w *w, const char *s, int property)
{
	const char *run = s;

	for (;; s++)
	{
		const char *r;

		switch (*s)
		{
			case '\0':
				cli_w_write(w, run, (size_t) (s - run));
				return;
			case '%':
				r = "%25";
				break;
			case '\r':
				r = "%0D";
				break;
			case '\n':
				r = "%0A";
				break;
			case ':':
				r = property ? "%3A" : NULL;
				break;
			case ',':
				r = property ? "%2C" : NULL;
				break;
			default:
				r = NULL;
		}
		if (r)
		{
			cli_w_write(w, run, (size_t) (s - run));
			cli_w_puts(w, r);
			run = s + 1;
		}
	}
}
