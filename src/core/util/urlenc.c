/*
 * urlenc.c — percent-decoding (see urlenc.h).
 */
#include "util/urlenc.h"

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long
rsi_url_decode(const char *s, size_t n, char *out, int plus_is_space)
{
	size_t		i = 0,
				o = 0;

	while (i < n)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '%')
		{
			int			hi,
						lo;

			if (n - i < 3)
				return -1;
			hi = hexval((unsigned char) s[i + 1]);
			lo = hexval((unsigned char) s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			out[o++] = (char) (hi * 16 + lo);
			i += 3;
		}
		else
		{
			/* o <= i always, so decoding in place never overwrites unread input */
			out[o++] = (plus_is_space && c == '+') ? ' ' : (char) c;
			i++;
		}
	}
	out[o] = '\0';
	return (long) o;
}

int
rsi_url_looks_encoded_json(const char *s, size_t n)
{
	size_t		i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return n - i >= 3 && s[i] == '%' && s[i + 1] == '7' && (s[i + 2] == 'B' || s[i + 2] == 'b');
}
