/*
 * policy_value.c — strict parsers for the scalar values condition
 * operators compare: numbers, dates, booleans and IP addresses.
 *
 * They are used both on policy values (at parse time, so a bad value is a
 * malformed document) and on request-context values (at evaluation time,
 * where a value that does not parse simply matches nothing).  No libc
 * time functions: timegm() is not C11 and mktime() depends on TZ.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy_internal.h"
#include "util/chars.h"

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
rsi_ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++)
	{
		int			ca = (unsigned char) *a;
		int			cb = (unsigned char) *b;

		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb)
			return ca - cb;
		if (ca == 0)
			return 0;
	}
}

/*
 * JSON-style decimal: -?digits(.digits)?([eE][+-]?digits)?.  No hex, inf,
 * nan, leading '+' or surrounding blanks, all of which strtod would take.
 * The process must run with LC_NUMERIC=C (PostgreSQL guarantees it).
 */
int
rsi_parse_number(const char *s, double *out)
{
	const char *p = s;
	double		v;

	if (*p == '-')
		p++;
	if (!is_digit(*p))
		return 0;
	while (is_digit(*p))
		p++;
	if (*p == '.')
	{
		p++;
		if (!is_digit(*p))
			return 0;
		while (is_digit(*p))
			p++;
	}
	if (*p == 'e' || *p == 'E')
	{
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!is_digit(*p))
			return 0;
		while (is_digit(*p))
			p++;
	}
	if (*p != '\0')
		return 0;
	v = strtod(s, NULL);
	if (isinf(v) || isnan(v))
		return 0;
	*out = v;
	return 1;
}

/* Read exactly n digits. */
static int
digits(const char **pp, int n, int *out)
{
	int			v = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		if (!is_digit((*pp)[i]))
			return 0;
		v = v * 10 + ((*pp)[i] - '0');
	}
	*pp += n;
	*out = v;
	return 1;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static long
days_from_civil(long y, int m, int d)
{
	long		era,
				yoe,
				doy,
				doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
days_in_month(int y, int m)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return mdays[m - 1] + (m == 2 && leap);
}

/*
 * ISO 8601 as IAM examples write it: YYYY-MM-DD, optionally followed by
 * Thh:mm[:ss[.fff]] and a zone (Z, +hh, +hhmm, +hh:mm; none = UTC).  Or
 * epoch seconds (a plain number).  Result: seconds since the epoch.
 */
int
rsi_parse_date(const char *s, double *out)
{
	const char *p = s;
	int			y,
				mo,
				d,
				h = 0,
				mi = 0,
				sec = 0;
	double		frac = 0.0,
				scale = 0.1;
	long		offset = 0;

	if (!(is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
		  is_digit(s[3]) && s[4] == '-'))
		return rsi_parse_number(s, out);

	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
		*p++ != '-' || !digits(&p, 2, &d))
		return 0;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return 0;
	if (*p == 'T' || *p == 't')
	{
		p++;
		if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
			return 0;
		if (*p == ':')
		{
			p++;
			if (!digits(&p, 2, &sec))
				return 0;
			if (*p == '.' || *p == ',')
			{
				p++;
				if (!is_digit(*p))
					return 0;
				while (is_digit(*p))
				{
					frac += (*p - '0') * scale;
					scale /= 10;
					p++;
				}
			}
		}
		if (h > 23 || mi > 59 || sec > 59)
			return 0;
		if (*p == 'Z' || *p == 'z')
			p++;
		else if (*p == '+' || *p == '-')
		{
			int			sign = *p++ == '-' ? -1 : 1;
			int			oh,
						om = 0;

			if (!digits(&p, 2, &oh))
				return 0;
			if (*p == ':')
			{
				p++;
				if (!digits(&p, 2, &om))
					return 0;
			}
			else if (is_digit(*p) && !digits(&p, 2, &om))
				return 0;
			if (oh > 23 || om > 59)
				return 0;
			offset = sign * (oh * 3600L + om * 60L);
		}
	}
	if (*p != '\0')
		return 0;
	*out = (double) days_from_civil(y, mo, d) * 86400.0 +
		h * 3600.0 + mi * 60.0 + sec + frac - (double) offset;
	return 1;
}

/* "true" / "false", any case (policies also use JSON booleans). */
int
rsi_parse_bool(const char *s, int *out)
{
	if (rsi_ascii_casecmp(s, "true") == 0)
		*out = 1;
	else if (rsi_ascii_casecmp(s, "false") == 0)
		*out = 0;
	else
		return 0;
	return 1;
}

/* Dotted quad in s[0..n): four decimal parts of 1-3 digits, each <= 255. */
static int
parse_v4(const char *s, size_t n, unsigned char out[4])
{
	size_t		i = 0;
	int			part;

	for (part = 0; part < 4; part++)
	{
		int			v = 0;
		int			nd = 0;

		if (part > 0)
		{
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
		while (i < n && is_digit(s[i]) && nd < 3)
		{
			v = v * 10 + (s[i++] - '0');
			nd++;
		}
		if (nd == 0 || v > 255)
			return 0;
		out[part] = (unsigned char) v;
	}
	return i == n;
}

/* RFC 4291 text form: hex groups, one "::", optional dotted-quad tail. */
static int
parse_v6(const char *s, size_t n, unsigned char out[16])
{
	unsigned int groups[8];
	int			ng = 0;
	int			gap = -1;		/* group index where "::" stands */
	size_t		i = 0;
	int			k;

	if (n >= 2 && s[0] == ':' && s[1] == ':')
	{
		gap = 0;
		i = 2;
	}
	else if (n == 0 || s[0] == ':')
		return 0;

	while (i < n)
	{
		size_t		j = i;
		unsigned int v = 0;
		int			nd = 0;

		while (j < n && s[j] != ':' && s[j] != '.')
			j++;
		if (j < n && s[j] == '.')
		{
			/* dotted-quad tail: must be the rest of the string */
			unsigned char q[4];

			if (ng > 6 || !parse_v4(s + i, n - i, q))
				return 0;
			groups[ng++] = (unsigned int) (q[0] << 8 | q[1]);
			groups[ng++] = (unsigned int) (q[2] << 8 | q[3]);
			i = n;
			break;
		}
		while (i < n && rsi_hex_digit(s[i]) >= 0 && nd < 4)
		{
			v = v * 16 + (unsigned int) rsi_hex_digit(s[i++]);
			nd++;
		}
		if (nd == 0 || ng == 8 || (i < n && s[i] != ':'))
			return 0;
		groups[ng++] = v;
		if (i == n)
			break;
		i++;					/* the ':' */
		if (i < n && s[i] == ':')
		{
			if (gap >= 0)
				return 0;
			gap = ng;
			i++;
		}
		else if (i == n)
			return 0;			/* trailing single ':' */
	}

	if (gap < 0 ? ng != 8 : ng > 7)
		return 0;
	memset(out, 0, 16);
	for (k = 0; k < ng; k++)
	{
		int			slot = (gap >= 0 && k >= gap) ? k + (8 - ng) : k;

		out[2 * slot] = (unsigned char) (groups[k] >> 8);
		out[2 * slot + 1] = (unsigned char) (groups[k] & 0xFF);
	}
	return 1;
}

/* An IPv4 or IPv6 address, with "/bits" when allow_prefix. */
int
rsi_parse_ip(const char *s, int allow_prefix, rsi_ip_range *out)
{
	const char *slash = strchr(s, '/');
	size_t		alen = slash ? (size_t) (slash - s) : strlen(s);
	int			maxbits;

	memset(out, 0, sizeof(*out));
	if (memchr(s, ':', alen) != NULL)
	{
		if (!parse_v6(s, alen, out->addr))
			return 0;
		out->v6 = 1;
		maxbits = 128;
	}
	else
	{
		if (!parse_v4(s, alen, out->addr))
			return 0;
		maxbits = 32;
	}
	out->prefix = maxbits;
	if (slash)
	{
		const char *p = slash + 1;
		int			bits = 0;
		int			nd = 0;

		if (!allow_prefix)
			return 0;
		while (is_digit(*p) && nd < 3)
		{
			bits = bits * 10 + (*p++ - '0');
			nd++;
		}
		if (nd == 0 || *p != '\0' || bits > maxbits)
			return 0;
		out->prefix = bits;
	}
	return 1;
}

/* Same family and the first range->prefix bits agree. */
int
rsi_ip_in_range(const rsi_ip_range *range, const rsi_ip_range *addr)
{
	int			full = range->prefix / 8;
	int			rest = range->prefix % 8;

	if (range->v6 != addr->v6)
		return 0;
	if (memcmp(range->addr, addr->addr, (size_t) full) != 0)
		return 0;
	if (rest)
	{
		unsigned char mask = (unsigned char) (0xFF << (8 - rest));

		if ((range->addr[full] & mask) != (addr->addr[full] & mask))
			return 0;
	}
	return 1;
}
