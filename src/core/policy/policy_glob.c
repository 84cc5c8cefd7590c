/*
 * policy_glob.c — '*' / '?' wildcard matching and the per-segment ARN
 * matcher.
 *
 * No regex and no recursion.  A pattern is a list of fixed-length
 * segments separated by stars: the first is anchored at the start, the
 * last at the end (matched backwards), and each middle one is placed at its
 * leftmost fit.  Leftmost placement is always safe because a star can
 * absorb whatever lies between, so nothing is ever revisited: the cost is
 * O(subject * longest segment), and typical patterns run in linear time.
 *
 * '?' is one character, not one byte: subjects are UTF-8 (policies allow
 * U+0080-U+00FF, which take two bytes).
 */
#include <stddef.h>

#include "policy_internal.h"

#define NO_MATCH ((size_t) -1)

typedef struct glob_pat
{
	const unsigned char *p;
	size_t		n;
	unsigned char star;
	unsigned char one;
	int			icase;
} glob_pat;

static int
fold(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int
same_byte(const glob_pat *g, unsigned char pc, unsigned char sc)
{
	if (pc == sc)
		return 1;
	return g->icase && fold(pc) == fold(sc);
}

/* Length of the character starting at s[i]: a byte plus its continuations. */
static size_t
char_fwd(const unsigned char *s, size_t i, size_t n)
{
	size_t		k = i + 1;

	while (k < n && k - i < 4 && (s[k] & 0xC0) == 0x80)
		k++;
	return k - i;
}

/* Start of the character that ends just before s[end], never below lo. */
static size_t
char_back(const unsigned char *s, size_t lo, size_t end)
{
	size_t		k = end - 1;

	while (k > lo && end - k < 4 && (s[k] & 0xC0) == 0x80)
		k--;
	return k;
}

/* Match pattern bytes [a, b) (no stars) at s[i]; return the end or NO_MATCH. */
static size_t
seg_fwd(const glob_pat *g, size_t a, size_t b,
		const unsigned char *s, size_t n, size_t i)
{
	size_t		k;

	for (k = a; k < b; k++)
	{
		if (i >= n)
			return NO_MATCH;
		if (g->p[k] == g->one)
			i += char_fwd(s, i, n);
		else if (same_byte(g, g->p[k], s[i]))
			i++;
		else
			return NO_MATCH;
	}
	return i;
}

/* Match pattern bytes [a, b) ending exactly at s[end]; return the start. */
static size_t
seg_back(const glob_pat *g, size_t a, size_t b,
		 const unsigned char *s, size_t lo, size_t end)
{
	size_t		k;

	for (k = b; k > a; k--)
	{
		if (end <= lo)
			return NO_MATCH;
		if (g->p[k - 1] == g->one)
			end = char_back(s, lo, end);
		else if (same_byte(g, g->p[k - 1], s[end - 1]))
			end--;
		else
			return NO_MATCH;
	}
	return end;
}

static size_t
find_star(const glob_pat *g, size_t from)
{
	while (from < g->n && g->p[from] != g->star)
		from++;
	return from;
}

static int
glob_run(const glob_pat *g, const unsigned char *s, size_t n)
{
	size_t		first,
				last,
				pos,
				lim,
				k;

	first = find_star(g, 0);
	if (first == g->n)
		return seg_fwd(g, 0, g->n, s, n, 0) == n;

	last = first;
	for (k = first; k < g->n; k++)
		if (g->p[k] == g->star)
			last = k;

	pos = seg_fwd(g, 0, first, s, n, 0);
	if (pos == NO_MATCH)
		return 0;
	lim = seg_back(g, last + 1, g->n, s, pos, n);
	if (lim == NO_MATCH)
		return 0;

	/* Middle segments: leftmost fit within [pos, lim). */
	k = first + 1;
	while (k < last)
	{
		size_t		e = find_star(g, k);
		size_t		i;
		int			found = 0;

		if (e > k)
		{
			for (i = pos; i < lim && lim - i >= e - k; i += char_fwd(s, i, lim))
			{
				size_t		end = seg_fwd(g, k, e, s, lim, i);

				if (end != NO_MATCH)
				{
					pos = end;
					found = 1;
					break;
				}
			}
			if (!found)
				return 0;
		}
		k = e + 1;
	}
	return 1;
}

static int
glob_generic(const unsigned char *pat, size_t plen, unsigned char star,
			 unsigned char one, const char *subject, size_t slen, int flags)
{
	glob_pat	g;

	g.p = pat;
	g.n = plen;
	g.star = star;
	g.one = one;
	g.icase = (flags & RSI_GLOB_ICASE) != 0;
	return glob_run(&g, (const unsigned char *) subject, slen);
}

int
rsi_glob_match_tok(const unsigned char *pat, size_t plen,
				   const char *subject, size_t slen, int flags)
{
	return glob_generic(pat, plen, RSI_GLOB_STAR, RSI_GLOB_ONE,
						subject, slen, flags);
}

int
rsi_glob_match(const char *pattern, size_t plen,
			   const char *subject, size_t slen, int flags)
{
	return glob_generic((const unsigned char *) pattern, plen, '*', '?',
						subject, slen, flags);
}

/*
 * Offsets of the first five colons; returns 0 when there are fewer, i.e.
 * the string is not shaped like an ARN (such a value just fails to
 * match).
 */
static int
arn_split(const unsigned char *s, size_t n, size_t colon[5])
{
	size_t		i;
	int			found = 0;

	for (i = 0; i < n && found < 5; i++)
		if (s[i] == ':')
			colon[found++] = i;
	return found == 5;
}

static int
arn_generic(const unsigned char *pat, size_t plen, unsigned char star,
			unsigned char one, const char *subject, size_t slen)
{
	const unsigned char *s = (const unsigned char *) subject;
	size_t		pc[5],
				sc[5];
	int			part;

	if (!arn_split(pat, plen, pc) || !arn_split(s, slen, sc))
		return 0;
	for (part = 0; part < 6; part++)
	{
		size_t		pa = part == 0 ? 0 : pc[part - 1] + 1;
		size_t		pb = part == 5 ? plen : pc[part];
		size_t		sa = part == 0 ? 0 : sc[part - 1] + 1;
		size_t		sb = part == 5 ? slen : sc[part];

		if (!glob_generic(pat + pa, pb - pa, star, one,
						  subject + sa, sb - sa, 0))
			return 0;
	}
	return 1;
}

int
rsi_arn_match_tok(const unsigned char *pat, size_t plen,
				  const char *subject, size_t slen)
{
	return arn_generic(pat, plen, RSI_GLOB_STAR, RSI_GLOB_ONE, subject, slen);
}

int
rsi_arn_match(const char *pattern, size_t plen,
			  const char *subject, size_t slen)
{
	return arn_generic((const unsigned char *) pattern, plen, '*', '?',
					   subject, slen);
}
