/*
 * test_cli_escape.c — the CLI's escaping (src/cli/textutil.c: runs that
 * need no escape found sixteen bytes at a time, copied whole through the
 * output buffer of src/cli/writer.c) against the definition, one byte at
 * a time, for plain text, caret blanks, XML, JSON and GitHub commands: on
 * every character class at every offset around the 16-byte boundaries and
 * on random text, through a buffer small enough to fill many times.
 */
#include "../../src/cli/writer.c"
#include "../../src/cli/textutil.c"

#include <stdlib.h>

#include "tap.h"

/* ---- the definition ---- */

/* out[*o..] = s; *o advanced */
static void
add(char *out, size_t *o, const char *s, size_t n)
{
	memcpy(out + *o, s, n);
	*o += n;
}

/*
 * The escape of one format: each maximal valid UTF-8 stretch (one byte at a
 * time) through esc, each other byte as bad.
 */
static size_t
ref_escape(const char *text, size_t n, escaper *e, char *out)
{
	const unsigned char *p = (const unsigned char *) text;
	size_t		i = 0,
				o = 0;

	while (i < n)
	{
		size_t		v = i + rsi_utf8_valid_prefix_by(text + i, n - i, RSI_UTF8_SCAN_BYTE);

		while (i < v)
		{
			size_t		skip = 1;
			int			asks = p[i] < 0x20 || p[i] >= 0x7F || strchr(e->specials, p[i]) != NULL;
			const char *r = asks ? e->esc(p + i, v - i, &skip) : NULL;

			if (r)
			{
				add(out, &o, r, strlen(r));
				i += skip;
			}
			else
				add(out, &o, text + i++, 1);
		}
		if (i < n)
		{
			add(out, &o, e->bad, strlen(e->bad));
			i++;
		}
	}
	return o;
}

static size_t
ref_github(const char *s, int property, char *out)
{
	size_t		o = 0;

	for (; *s; s++)
	{
		const char *r = *s == '%' ? "%25" : *s == '\r' ? "%0D" : *s == '\n' ? "%0A" :
			property && *s == ':' ? "%3A" : property && *s == ',' ? "%2C" : NULL;

		if (r)
			add(out, &o, r, 3);
		else
			add(out, &o, s, 1);
	}
	return o;
}

static size_t
ref_blanks(const char *text, size_t n, char *out)
{
	const unsigned char *p = (const unsigned char *) text;
	size_t		i = 0,
				o = 0;

	while (i < n)
	{
		size_t		v = i + rsi_utf8_valid_prefix_by(text + i, n - i, RSI_UTF8_SCAN_BYTE);

		for (; i < v; i++)
			if ((p[i] & 0xC0) != 0x80)
				out[o++] = p[i] == '\t' ? '\t' : ' ';
		if (i < n)
		{
			out[o++] = ' ';
			i++;
		}
	}
	return o;
}

/* ---- the comparison ---- */

static char got[16384],
			want[16384];

/* what the writer wrote into a memory stream */
static size_t
through(int fn, const char *s, size_t n, char *dst)
{
	char	   *mem = NULL;
	size_t		len = 0;
	FILE	   *m = open_memstream(&mem, &len);
	char		buf[64];		/* small: the buffer fills many times */
	cli_w		w;

	cli_w_init(&w, m, buf, sizeof(buf));
	switch (fn)
	{
		case 0:
			cli_put_plain(&w, s, n);
			break;
		case 1:
			cli_put_blanks(&w, s, n);
			break;
		case 2:
			cli_put_xml(&w, s);
			break;
		case 3:
			cli_put_json_string(&w, s, n);
			break;
		case 4:
			cli_put_github(&w, s, 0);
			break;
		default:
			cli_put_github(&w, s, 1);
	}
	cli_w_flush(&w);
	fclose(m);
	memcpy(dst, mem, len);
	free(mem);
	return len;
}

static size_t
reference(int fn, const char *s, size_t n, char *dst)
{
	size_t		o;

	switch (fn)
	{
		case 0:
			return ref_escape(s, n, &plain, dst);
		case 1:
			return ref_blanks(s, n, dst);
		case 2:
			return ref_escape(s, strlen(s), &xml, dst);
		case 3:
			dst[0] = '"';
			o = 1 + ref_escape(s, n, &json, dst + 1);
			dst[o++] = '"';
			return o;
		default:
			return ref_github(s, fn == 5, dst);
	}
}

/* 1 when every format writes s[0..n) as the definition does */
static int
agree(const char *s, size_t n)
{
	int			fn;

	for (fn = 0; fn < 6; fn++)
	{
		size_t		a = through(fn, s, n, got),
					b = reference(fn, s, n, want);

		if (a != b || memcmp(got, want, a) != 0)
			return 0;
	}
	return 1;
}

static unsigned rng = 20261207u;

static unsigned
next(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

int
main(void)
{
	static const char *const pieces[] = {
		"\t", "\n", "\r", "\x01", "\x1f", "\x7f", "\"", "\\", "<", ">", "&", "'", "%", ":", ",",
		"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xEF\xBF\xBE", "\xEF\xBF\xBF", "\xEF\xBF\xBD",
		"\x80", "\xC3", "\xE2\x82", "\xED\xA0\x80", "\xC0\xAF", "\xFF", "\x00"
	};
	static const size_t plen[] = {
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 3, 3, 3, 1, 1, 2, 3, 2, 1, 1
	};
	char		s[128];
	size_t		p,
				at,
				len;
	int			bad = 0,
				t;

	TAP_OK(sizeof(pieces) / sizeof(pieces[0]) == sizeof(plen) / sizeof(plen[0]), "one length per piece");
	TAP_OK(agree("", 0), "empty text");
	{
		static const char js[] = "\"a\\\"b\\\\c\\n\\u0001\"";
		static const char xs[] = "x&lt;y&amp;\xEF\xBF\xBDz";

		TAP_OK(through(3, "a\"b\\c\n\x01", 7, got) == sizeof(js) - 1 && memcmp(got, js, sizeof(js) - 1) == 0,
			   "JSON: quote, backslash, newline and a control character escaped");
		TAP_OK(through(2, "x<y&\xEF\xBF\xBEz", 0, got) == sizeof(xs) - 1 && memcmp(got, xs, sizeof(xs) - 1) == 0,
			   "XML: markup escaped, U+FFFE replaced");
	}

	/* each piece at every offset of ASCII text 0..40 bytes long */
	for (p = 0; p < sizeof(pieces) / sizeof(pieces[0]); p++)
		for (len = 0; len <= 40; len++)
			for (at = 0; at <= len; at++)
			{
				size_t		i;

				for (i = 0; i < len; i++)
					s[i] = (char) ('a' + i % 26);
				memcpy(s + at, pieces[p], plen[p]);
				i = at + plen[p] > len ? at + plen[p] : len;
				s[i] = '\0';
				bad += !agree(s, i);
			}
	TAP_IS_INT(bad, 0, "every character class at every offset near 16-byte boundaries: as the definition");

	/* random mixes, some long runs */
	bad = 0;
	for (t = 0; t < 30000; t++)
	{
		size_t		n = 0,
					k = next() % 30;

		while (k-- > 0)
		{
			size_t		q = next() % (sizeof(pieces) / sizeof(pieces[0]) + 4);
			size_t		run = q >= sizeof(pieces) / sizeof(pieces[0]) ? 1 + next() % 20 : 0;

			if (run > 0)
			{
				if (n + run >= sizeof(s))
					break;
				memset(s + n, 'a' + (int) (next() % 26), run);
				n += run;
			}
			else
			{
				if (n + plen[q] >= sizeof(s))
					break;
				memcpy(s + n, pieces[q], plen[q]);
				n += plen[q];
			}
		}
		s[n] = '\0';
		bad += !agree(s, n);
	}
	TAP_IS_INT(bad, 0, "30,000 random texts: as the definition");
	return tap_done();
}
