/*
 * redact.c — replace secrets with *** (see script.h and docs/safety.md,
 * "Redaction rules").
 *
 * Lexer-driven, so it works on text the parser rejects: a log line or an
 * error for a broken command must not leak the key either.  One pass both
 * measures and writes (out == NULL measures), and the same pass maps error
 * offsets into the redacted text, so positions shown under a redacted
 * command stay right.
 *
 * Redaction is fail-closed: anything that might be secret material is
 * masked, and only well-formed public values (role ARNs, access key IDs)
 * are kept next to a secret.  The lexer skips comments, so the gaps between
 * tokens are scanned here for comments.  Every scan is forward-only over
 * disjoint ranges (a token, or the gap before it) or over a bounded
 * window, so the work stays linear and nothing is allocated.
 */
#include "lex/script.h"
#include "lex/lexer.h"
#include "check/redact.h"
#include "check/validate.h"

#include <string.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif
#include "util/chars.h"

typedef struct redactor
{
	const char *buf;
	size_t		len;
	char	   *out;			/* NULL: only count */
	size_t		limit;			/* write out[0..limit) at most (rsi_redact_n) */
	size_t		in;				/* next input byte to copy */
	size_t		o;				/* output length so far */
	size_t		map_from;		/* offset to map, or (size_t) -1 */
	size_t		mapped;
	size_t		rep_start;		/* output offset of the last replacement */
	char		last;			/* the last byte written (or counted) */
	size_t		span_from,		/* rsi_redact_span_kept: the span asked about */
				span_to;
	int			span_touched;
	int			span_exhaustive;	/* run to the end even once the answer is known */
} redactor;

/*
 * Write text[0..n) at output offset r->o, as much of it as fits below
 * r->limit (the rest is only counted).
 */
static void
put_out(redactor *r, const char *text, size_t n)
{
	if (r->o < r->limit)
		memcpy(r->out + r->o, text, n <= r->limit - r->o ? n : r->limit - r->o);
}

/* Note that input [from, to) is being replaced. */
static void
touch(redactor *r, size_t from, size_t to)
{
	if (r->span_from == (size_t) -1)
		return;
	if (r->span_from == r->span_to ? (r->span_from >= from && r->span_from < to)
		: (from < r->span_to && to > r->span_from))
		r->span_touched = 1;
}

/* Copy input up to 'to' verbatim. */
static void
copy_to(redactor *r, size_t to)
{
	if (to <= r->in)
		return;
	if (r->map_from != (size_t) -1 && r->map_from >= r->in && r->map_from < to)
		r->mapped = r->o + (r->map_from - r->in);
	if (r->out)
		put_out(r, r->buf + r->in, to - r->in);
	r->o += to - r->in;
	r->in = to;
	r->last = r->buf[to - 1];
}

static void
emit(redactor *r, const char *text, size_t n)
{
	if (r->out)
		put_out(r, text, n);
	r->o += n;
	if (n > 0)
		r->last = text[n - 1];
}

/* Start replacing input [from, to): the caller then emits the new text. */
static void
begin_replace(redactor *r, size_t from, size_t to)
{
	copy_to(r, from);
	touch(r, from, to);
	if (r->map_from != (size_t) -1 && r->map_from >= from && r->map_from < to)
		r->mapped = r->o;
	r->rep_start = r->o;
	r->in = to;
}

/* Replace input [from, to) with text. */
static void
replace(redactor *r, size_t from, size_t to, const char *text)
{
	begin_replace(r, from, to);
	emit(r, text, strlen(text));
}

/*
 * Replace [from, to) with text, the line breaks of the input range (so
 * line numbers stay), and tail.
 */
static void
replace_keep_lines(redactor *r, size_t from, size_t to, const char *text, const char *tail)
{
	size_t		i;

	begin_replace(r, from, to);
	emit(r, text, strlen(text));
	for (i = from; i < to; i++)
		if (r->buf[i] == '\n' || r->buf[i] == '\r')
			emit(r, r->buf + i, 1);
	emit(r, tail, strlen(tail));
}

/* Extend the last replacement over the input up to 'to' (nothing is written). */
static void
extend_replace(redactor *r, size_t to)
{
	if (to <= r->in)
		return;
	touch(r, r->in, to);
	if (r->map_from != (size_t) -1 && r->map_from >= r->in && r->map_from < to)
		r->mapped = r->rep_start;
	r->in = to;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
}

/* Does s[i..] start with kw (lowercase), case-insensitively? */
static int
match_at(const char *s, size_t n, size_t i, const char *kw, size_t kn)
{
	size_t		j;

	if (n - i < kn)
		return 0;
	for (j = 0; j < kn; j++)
		if (lower(s[i + j]) != kw[j])
			return 0;
	return 1;
}

/*
 * The secret key names.  "token" counts only as a whole word, and not as
 * a path segment (s3://b/token/x) unless '=' follows it; the others are
 * distinctive enough to count anywhere, aws_ prefixed or not.  A backslash
 * escape such as E'\ttoken' is a word boundary.
 */
static const struct
{
	const char *name;
	size_t		len;
	int			whole_word;
}			key_names[] = {
	{"secret_access_key", 17, 0},
	{"session_token", 13, 0},
	{"master_symmetric_key", 20, 0},
	{"password", 8, 0},
	{"token", 5, 1},
};

#define N_KEY_NAMES (sizeof(key_names) / sizeof(key_names[0]))

/* Length of the key name at s[i], or 0. */
static size_t
key_name_at(const char *s, size_t n, size_t i)
{
	size_t		k;
	char		c = lower(s[i]);

	if (c != 's' && c != 'm' && c != 'p' && c != 't')
		return 0;
	for (k = 0; k < N_KEY_NAMES; k++)
	{
		size_t		kn = key_names[k].len;

		if (key_names[k].name[0] != c || !match_at(s, n, i, key_names[k].name, kn))
			continue;
		if (key_names[k].whole_word)
		{
			int			left_ok = i == 0 || !is_word(s[i - 1]) ||
				(i >= 2 && s[i - 2] == '\\');
			int			right_ok = i + kn >= n || !is_word(s[i + kn]);

			if (left_ok && i > 0 && s[i - 1] == '/')
			{
				/* a path segment (s3://b/token/x) unless '=' follows: /token=... */
				size_t		j = i + kn;

				while (j < n && is_space(s[j]))
					j++;
				left_ok = j < n && s[j] == '=';
			}
			if (!left_ok || !right_ok)
				continue;
		}
		return kn;
	}
	return 0;
}

int
rsi_secret_key_name_at(const char *s, size_t n, size_t i)
{
	return i < n ? (int) key_name_at(s, n, i) : 0;
}

/*
 * Every key name holds a 'k' or a 'w' (any case) at a fixed place: at a
 * hit p, a name can start only at p - 2 (token), p - 10 (session_token),
 * p - 14 (secret_access_key), p - 17 (master_symmetric_key) or p - 4
 * (password).  Those letters are rare in SQL, so the text is searched for
 * them (sixteen bytes at a time where SSE2 is at hand) and key_name_at
 * asked only there: the same answer as asking at every byte.
 */
static int
name_around(const char *s, size_t n, size_t p)
{
	unsigned char c = (unsigned char) s[p] | 0x20;

	if (c == 'w')
		return p >= 4 && key_name_at(s, n, p - 4);
	if (c != 'k')
		return 0;
	return (p >= 2 && key_name_at(s, n, p - 2)) ||
		(p >= 10 && key_name_at(s, n, p - 10)) ||
		(p >= 14 && key_name_at(s, n, p - 14)) ||
		(p >= 17 && key_name_at(s, n, p - 17));
}

int
rsi_has_secret_key_name(const char *s, size_t n)
{
	size_t		i = 0;

#if defined(__SSE2__) && defined(__GNUC__)
	const __m128i lower_bit = _mm_set1_epi8(0x20),
				k = _mm_set1_epi8('k'),
				w = _mm_set1_epi8('w');

	for (; i + 16 <= n; i += 16)
	{
		__m128i		v = _mm_or_si128(_mm_loadu_si128((const __m128i *) (const void *) (s + i)), lower_bit);
		unsigned	bits = (unsigned) _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, k),
																	 _mm_cmpeq_epi8(v, w)));

		while (bits != 0)
		{
			if (name_around(s, n, i + (size_t) __builtin_ctz(bits)))
				return 1;
			bits &= bits - 1;
		}
	}
#endif
	for (; i < n; i++)
		if (name_around(s, n, i))
			return 1;
	return 0;
}

/*
 * Does the text end with a secret key name as a word of its own (aws_
 * prefix allowed), optionally followed by spaces, '=' or ':'?  Then the next
 * token is its value: 'x SECRET_ACCESS_KEY ' <secret>.  A name that ends a
 * longer word or value ('...example-token', 'my.password') does not count.
 */
static int
ends_with_key_name(const char *s, size_t n)
{
	size_t		k,
				m = n;

	while (m > 0 && (is_space(s[m - 1]) || s[m - 1] == '=' || s[m - 1] == ':'))
		m--;
	for (k = 0; k < N_KEY_NAMES; k++)
	{
		size_t		kn = key_names[k].len,
					st;

		if (m < kn || key_name_at(s, n, m - kn) != kn)
			continue;
		st = m - kn;
		if (st >= 4 && match_at(s, n, st - 4, "aws_", 4))
			st -= 4;
		if (st == 0 || !(is_word(s[st - 1]) || strchr("-./:+@", s[st - 1]) != NULL))
			return 1;
	}
	return 0;
}

static int
lower_eq(const char *s, size_t n, const char *kw)
{
	size_t		kn = strlen(kw);

	return n == kn && match_at(s, n, 0, kw, kn);
}

/* aws_iam_role's value: role ARNs separated by commas, nothing else. */
static int
role_chain_ok(const char *s, size_t n)
{
	size_t		i,
				start = 0;

	if (n == 0)
		return 0;
	for (i = 0; i <= n; i++)
	{
		if (i < n && (is_space(s[i]) || s[i] == '=' || s[i] == ';' || s[i] == '&' ||
					  s[i] == '\'' || s[i] == '"' || s[i] == '\\' || s[i] == '\0'))
			return 0;
		if (i == n || s[i] == ',')
		{
			if (rsi_role_arn_check(s + start, i - start, NULL) != NULL)
				return 0;
			start = i + 1;
		}
	}
	return 1;
}

static int
key_id_ok(const char *s, size_t n)
{
	return rsi_access_key_id_check(s, n) == NULL;
}

/*
 * A secret-bearing text (a string, quoted identifier or dollar quote that
 * holds a secret key name, or any credentials string), raw text [a, b):
 * split on ';' and keep only well-formed public values.  A pair whose key
 * is aws_iam_role or aws_access_key_id keeps its value only when the value
 * is a role ARN chain or an access key ID; any other pair with a key-like
 * key keeps the key and loses its value; anything else (no '=', or a key
 * that does not look like a key name) becomes *** whole, except a bare
 * role ARN chain (IAM_ROLE 'arn:...:role/token-service').
 */
static void
redact_inside(redactor *r, size_t a, size_t b)
{
	const char *s = r->buf;
	size_t		i = a;

	while (i < b)
	{
		size_t		k0,
					k1,
					eq,
					end,
					e1;

		while (i < b && is_space(s[i]))
			i++;
		k0 = i;
		while (i < b && s[i] != '=' && s[i] != ';')
			i++;
		eq = i;
		while (i < b && s[i] != ';')
			i++;
		end = i;
		i = end < b ? end + 1 : b;
		e1 = end;
		while (e1 > k0 && is_space(s[e1 - 1]))
			e1--;
		if (e1 == k0)
			continue;			/* an empty pair */
		if (eq == end)
		{
			/* no '=' */
			if (!role_chain_ok(s + k0, e1 - k0))
				replace(r, k0, e1, "***");
			continue;
		}
		k1 = eq;
		while (k1 > k0 && is_space(s[k1 - 1]))
			k1--;
		if ((lower_eq(s + k0, k1 - k0, "aws_iam_role") && role_chain_ok(s + eq + 1, end - eq - 1)) ||
			(lower_eq(s + k0, k1 - k0, "aws_access_key_id") && key_id_ok(s + eq + 1, end - eq - 1)))
			continue;
		if (k1 > k0 && rsi_credentials_key_like(s + k0, k1 - k0))
		{
			if (end > eq + 1)
				replace(r, eq + 1, end, "***");
		}
		else
			replace(r, k0, e1, "***");
	}
}

static int
printable_ascii(unsigned long v)
{
	return v >= 0x20 && v < 0x7f;
}

/*
 * Does an E'' string's raw text [a, b) use an escape that decodes to a
 * printable ASCII character other than \\ and \' (\x3b, \073, \u0061, \_,
 * \q ...)?  Such text can spell a key name or a separator the raw text does
 * not show, so it is masked whole.  \b \f \n \r \t and escapes that decode
 * to control or non-ASCII characters are not obfuscation.
 */
static int
estring_obfuscated(const char *s, size_t a, size_t b)
{
	size_t		i;

	for (i = a; i + 1 < b; i++)
	{
		char		c;

		if (s[i] != '\\')
			continue;
		c = s[++i];
		if (c == '\\' || c == '\'' || c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't')
			continue;
		if (c == 'x' || c == 'u' || c == 'U' || (c >= '0' && c <= '7'))
		{
			int			want = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 3,
						k = 0;
			unsigned long v = 0;
			size_t		j = i + 1;

			if (c >= '0' && c <= '7')
			{
				v = (unsigned long) (c - '0');
				k = 1;
				while (k < 3 && j < b && s[j] >= '0' && s[j] <= '7')
					v = v * 8 + (unsigned long) (s[j++] - '0'), k++;
				v &= 0xFF;
			}
			else
				while (k < want && j < b && rsi_hex_digit(s[j]) >= 0)
					v = v * 16 + (unsigned long) rsi_hex_digit(s[j++]), k++;
			if (k == 0 || (c != 'x' && !(c >= '0' && c <= '7') && k < want) || printable_ascii(v))
				return 1;		/* decodes to the letter itself, or to printable ASCII */
			continue;
		}
		if (printable_ascii((unsigned char) c))
			return 1;
	}
	return 0;
}

static int
is_string_kind(const rsi_token *t)
{
	return t->kind == RSI_TOK_STRING || t->kind == RSI_TOK_ESTRING || t->kind == RSI_TOK_DOLLAR ||
		(t->kind == RSI_TOK_ERROR && (t->error == RSI_LEX_UNTERMINATED_STRING ||
									  t->error == RSI_LEX_UNTERMINATED_DOLLAR));
}

static int
is_fatal(const rsi_token *t)
{
	return t->kind == RSI_TOK_ERROR && t->error != RSI_LEX_NUL_BYTE && t->error != RSI_LEX_EMPTY_QIDENT;
}

/* an operator token made of '=' only */
static int
is_eq_op(const char *buf, const rsi_token *t)
{
	size_t		i;

	if (t->kind != RSI_TOK_OP)
		return 0;
	for (i = 0; i < t->len; i++)
		if (buf[t->off + i] != '=')
			return 0;
	return 1;
}

static int
is_secret_keyword(const char *buf, const rsi_token *t)
{
	if (t->kind != RSI_TOK_IDENT)
		return 0;
	/* by length: a keyword is compared only with a word of its length */
	switch (t->len)
	{
		case 5:
			return rsi_token_is(buf, t, "token");
		case 8:
			return rsi_token_is(buf, t, "password");
		case 13:
			return rsi_token_is(buf, t, "session_token");
		case 17:
			return rsi_token_is(buf, t, "secret_access_key") ||
				rsi_token_is(buf, t, "aws_session_token");
		case 20:
			return rsi_token_is(buf, t, "master_symmetric_key");
		case 21:
			return rsi_token_is(buf, t, "aws_secret_access_key");
	}
	return 0;
}

/* The text between a quoted token's delimiters (to the end if unterminated). */
static void
token_body(const char *buf, const rsi_token *t, size_t *a, size_t *b)
{
	int			closed = t->kind != RSI_TOK_ERROR;
	size_t		e = t->off + t->len;

	*a = t->off + 1;
	*b = e;
	if (t->kind == RSI_TOK_ESTRING ||
		(t->kind == RSI_TOK_ERROR && (buf[t->off] == 'E' || buf[t->off] == 'e')))
		*a = t->off + 2;
	if (t->kind == RSI_TOK_DOLLAR ||
		(t->kind == RSI_TOK_ERROR && t->error == RSI_LEX_UNTERMINATED_DOLLAR))
	{
		const char *d = memchr(buf + t->off + 1, '$', t->len - 1);
		size_t		dl = (size_t) (d - (buf + t->off)) + 1;

		*a = t->off + dl;
		if (closed)
			*b = e - dl;
	}
	else if (t->kind == RSI_TOK_ERROR && t->error == RSI_LEX_UNTERMINATED_COMMENT)
		*a = t->off + 2;
	else if (closed)
		*b = e - 1;
	if (*b < *a)
		*b = *a;
}

enum
{
	PEND_NONE = 0,
	PEND_SECRET,				/* the next value is secret */
	PEND_KEY_ID					/* the next value is kept if it is a key ID */
};

typedef struct state
{
	redactor	r;
	int			pending;
	int			seen_key;		/* a secret keyword or key name was seen */
	int			after_credentials;
	int			cont_string;	/* an adjacent string continues a secret */
	int			after_value;	/* cont_string after a masked secret value:
								 * 1 a string, 2 an unquoted or quoted-identifier one */
	int			bare_run;		/* a bare secret value is being masked */
	int			mask_comments;	/* comments after a secret value are masked */
	size_t		uamp_at;		/* where a U& string would start, or -1 */
	int			after_op;		/* the token touches an operator before it */
	int			after_key_id;	/* the token follows a kept access key ID */
} state;

/* A comment [a, b) from the gap before a token (or an unterminated one). */
static void
comment(state *st, size_t a, size_t b, int block, int terminated)
{
	const char *s = st->r.buf;
	size_t		ba = a + 2,
				bb = (block && terminated) ? b - 2 : b;
	int			holds = rsi_has_secret_key_name(s + ba, bb - ba);

	if (holds)
		st->seen_key = 1;
	if (holds || st->mask_comments || st->pending || (!terminated && st->seen_key))
		replace_keep_lines(&st->r, ba, bb, " ***", block && terminated ? " " : "");
	if (ends_with_key_name(s + ba, bb - ba))
		st->pending = PEND_SECRET;
}

/* Comments in the gap [from, to), which holds only whitespace and comments. */
static void
gap(state *st, size_t from, size_t to)
{
	const char *s = st->r.buf;
	size_t		i = from;

	while (i < to)
	{
		if (s[i] == '-' && i + 1 < to && s[i + 1] == '-')
		{
			size_t		j = i + 2;

			while (j < to && s[j] != '\n' && s[j] != '\r')
				j++;
			comment(st, i, j, 0, 1);
			i = j;
		}
		else if (s[i] == '/' && i + 1 < to && s[i + 1] == '*')
		{
			size_t		j = i + 2,
						depth = 1;

			while (j < to && depth > 0)
			{
				if (s[j] == '*' && j + 1 < to && s[j + 1] == '/')
					depth--, j += 2;
				else if (s[j] == '/' && j + 1 < to && s[j + 1] == '*')
					depth++, j += 2;
				else
					j++;
			}
			comment(st, i, j, 1, depth == 0);
			i = j;
		}
		else
			i++;
	}
}

/* Mask a secret value token. */
static void
mask_value(state *st, const rsi_token *t)
{
	const char *buf = st->r.buf;
	size_t		e = t->off + t->len;
	int			apart;

	/*
	 * A mask written right after a quote, an operator or another mask would
	 * lex as part of it ("=***", "'***'***"), and redacting the output again
	 * would then mask differently: such a mask is set apart by a space.
	 */
	copy_to(&st->r, t->off);
	apart = st->after_op || (st->r.o > 0 && (st->r.last == '\'' || st->r.last == '*' ||
											 st->r.last == '$' || st->r.last == '"'));
	if (t->kind == RSI_TOK_STRING ||
		(t->kind == RSI_TOK_ERROR && t->error == RSI_LEX_UNTERMINATED_STRING && buf[t->off] == '\''))
		replace(&st->r, t->off, e, apart ? " '***'" : "'***'");
	else if (t->kind == RSI_TOK_ESTRING || (t->kind == RSI_TOK_ERROR && t->error == RSI_LEX_UNTERMINATED_STRING))
		replace(&st->r, t->off, e, apart ? " E'***'" : "E'***'");
	else if (t->kind == RSI_TOK_ERROR && t->error == RSI_LEX_UNTERMINATED_COMMENT)
		replace_keep_lines(&st->r, t->off + 2, e, " ***", "");
	else
		replace(&st->r, t->off, e, apart ? " ***" : "***");
	/*
	 * A string right after the value continues it ('abc'<newline>'def' is
	 * one literal) or, after an unquoted or quoted-identifier value, is the
	 * secret the word before it displaced (SECRET_ACCESS_KEY foo '<secret>',
	 * SECRET_ACCESS_KEY "" '<secret>'): masked either way.
	 */
	st->cont_string = 1;
	st->after_value = (t->kind == RSI_TOK_STRING || t->kind == RSI_TOK_ESTRING) ? 1 : 2;
	/* whatever touches the value is part of it ('x'$$y$$, wJalr/K7+x) */
	st->bare_run = 1;
	st->mask_comments = 1;
}

/*
 * A lexer error that runs to the end of the input (unterminated string,
 * quoted identifier, dollar quote or comment), not in a value position.
 * The rest of the input was not lexed, so it is copied only when no
 * secret key came before it, none is in it, and it is not an obfuscated
 * E'' string; otherwise it is masked from the error to the end (the
 * opening delimiter stays).  An unterminated credentials string keeps its
 * well-formed public values.
 */
static void
fatal(state *st, const rsi_token *t, int strict)
{
	const char *buf = st->r.buf;
	size_t		a,
				b;

	token_body(buf, t, &a, &b);
	if (rsi_has_secret_key_name(buf + t->off, t->len))
		st->seen_key = 1;
	if (t->error == RSI_LEX_UNTERMINATED_COMMENT)
	{
		comment(st, t->off, t->off + t->len, 1, 0);
		return;
	}
	if (st->seen_key || st->cont_string ||
		(t->error == RSI_LEX_UNTERMINATED_STRING && a == t->off + 2 && estring_obfuscated(buf, a, b)) ||
		(t->off == st->uamp_at && memchr(buf + a, '\\', b - a) != NULL))
		replace(&st->r, a, b, "***");
	else if (strict)
		redact_inside(&st->r, a, b);
}

/* A closed string, quoted identifier or dollar quote, not in a value position. */
static void
quoted(state *st, const rsi_token *t, int strict)
{
	const char *buf = st->r.buf;
	size_t		a,
				b;
	int			holds;
	rsi_token	next;

	token_body(buf, t, &a, &b);
	holds = rsi_has_secret_key_name(buf + t->off, t->len);
	if (holds)
		st->seen_key = 1;
	if (st->cont_string && (t->kind == RSI_TOK_STRING || t->kind == RSI_TOK_ESTRING ||
							(st->after_value && t->kind == RSI_TOK_QIDENT) ||
							(st->after_value == 2 && t->kind == RSI_TOK_DOLLAR)))
	{
		/*
		 * continues a secret string ('abc'<newline>'def' is one literal);
		 * after a secret value, a quoted identifier is the displaced
		 * secret (SECRET_ACCESS_KEY foo "<secret>"), and so is a dollar
		 * quote after an unquoted one (SECRET_ACCESS_KEY foo $$<secret>$$)
		 */
		replace(&st->r, a, b, "***");
		st->mask_comments = 1;
	}
	else if (t->kind == RSI_TOK_ESTRING && estring_obfuscated(buf, a, b))
	{
		replace(&st->r, a, b, "***");
		st->cont_string = 1;
	}
	else if (t->kind == RSI_TOK_STRING && t->off == st->uamp_at &&
			 (memchr(buf + a, '\\', b - a) != NULL ||
			  (rsi_lex_next(buf, st->r.len, t->off + t->len, &next),
			   rsi_token_is(buf, &next, "uescape"))))
	{
		/* U&'\0061' escapes, or any character after UESCAPE, can spell anything */
		replace(&st->r, a, b, "***");
		st->cont_string = 1;
	}
	else
	{
		st->cont_string = 0;
		st->after_value = 0;
		if (holds || strict)
		{
			redact_inside(&st->r, a, b);
			if (t->kind == RSI_TOK_STRING || t->kind == RSI_TOK_ESTRING)
				st->cont_string = 1;
		}
	}
	/* whatever was masked: 'x SECRET_ACCESS_KEY ' <secret> */
	if (ends_with_key_name(buf + a, b - a))
		st->pending = PEND_SECRET;
}

/*
 * A bare word that may follow a key ID's value and is kept: an option
 * keyword such as CSV or GZIP, i.e. letters and underscores of one case,
 * standing alone.  Anything else there (ACCESS_KEY_ID 'AKIA...' wJalr/K7+x,
 * the SECRET_ACCESS_KEY keyword left out) may be the secret key itself.
 */
static int
plain_option_word(const char *buf, size_t len, const rsi_token *t)
{
	size_t		i,
				e = t->off + t->len;
	int			upper = 0,
				lower_ = 0;

	if (t->kind != RSI_TOK_IDENT)
		return 0;
	for (i = t->off; i < e; i++)
	{
		char		c = buf[i];

		if (c >= 'A' && c <= 'Z')
			upper = 1;
		else if (c >= 'a' && c <= 'z')
			lower_ = 1;
		else if (c != '_')
			return 0;
	}
	if (upper && lower_)
		return 0;
	return e == len || is_space(buf[e]) || buf[e] == ';' || buf[e] == '(' ||
		buf[e] == ')' || buf[e] == ',';
}

static size_t
run(redactor *init)
{
	state		st;
	rsi_token	t;
	size_t		pos = 0,
				prev_end = 0;
	rsi_token_kind prev_kind = RSI_TOK_EOF;
	const char *buf = init->buf;
	size_t		len = init->len;

	memset(&st, 0, sizeof(st));
	st.r = *init;
	st.uamp_at = (size_t) -1;

	for (;;)
	{
		int			strict,
					contiguous;

		/*
		 * Every later replacement starts at or after prev_end (in the gap
		 * before the next token, or in a token): once that is past the span
		 * asked about, the answer is known.
		 */
		if (st.r.span_from != (size_t) -1 && !st.r.span_exhaustive &&
			(st.r.span_from == st.r.span_to ? prev_end > st.r.span_from
			 : prev_end >= st.r.span_to))
		{
			*init = st.r;
			return st.r.o;
		}
		pos = rsi_lex_next(buf, len, pos, &t);
		if (t.kind == RSI_TOK_EOF)
			break;
		gap(&st, prev_end, t.off);
		contiguous = (t.off == prev_end);
		st.after_op = contiguous && prev_kind == RSI_TOK_OP;
		prev_kind = t.kind;
		prev_end = t.off + t.len;

		/* a bare secret runs on while tokens touch (wJalr/K7MDENG+bPx==) */
		if (st.bare_run && contiguous && t.kind != RSI_TOK_SEMI && t.kind != RSI_TOK_RPAREN &&
			t.kind != RSI_TOK_COMMA)
		{
			if (t.kind == RSI_TOK_ERROR && t.error == RSI_LEX_UNTERMINATED_COMMENT)
				mask_value(&st, &t);
			else
				extend_replace(&st.r, prev_end);
			continue;
		}
		st.bare_run = 0;
		if (t.kind == RSI_TOK_ERROR && t.error == RSI_LEX_NUL_BYTE)
			continue;			/* copied; a NUL changes nothing around it */

		if (st.pending)
		{
			if (rsi_token_is(buf, &t, "as") || is_eq_op(buf, &t))
				continue;
			if (is_secret_keyword(buf, &t))
			{
				/* SECRET_ACCESS_KEY SESSION_TOKEN <value>: the value is still ahead */
				st.pending = PEND_SECRET;
				continue;
			}
			if (t.kind != RSI_TOK_SEMI)
			{
				size_t		a,
							b;

				if (st.pending == PEND_KEY_ID && t.kind == RSI_TOK_STRING &&
					(token_body(buf, &t, &a, &b), key_id_ok(buf + a, b - a)))
				{
					st.cont_string = 1;	/* kept; a continuation is not */
					st.after_key_id = 1;
					st.pending = PEND_NONE;
					continue;
				}
				else
					mask_value(&st, &t);
				st.pending = PEND_NONE;
				if (t.kind != RSI_TOK_IDENT && t.kind != RSI_TOK_OP && t.kind != RSI_TOK_NUMBER)
				{
					/* a masked value can still end with a key name: ACCESS_KEY_ID 'x SECRET_ACCESS_KEY ' <secret> */
					token_body(buf, &t, &a, &b);
					if (rsi_has_secret_key_name(buf + t.off, t.len))
						st.seen_key = 1;
					if (ends_with_key_name(buf + a, b - a))
						st.pending = PEND_SECRET;
				}
				continue;
			}
			st.pending = PEND_NONE;
		}
		st.mask_comments = 0;
		if (st.after_key_id)
		{
			st.after_key_id = 0;
			if ((t.kind == RSI_TOK_IDENT || t.kind == RSI_TOK_NUMBER || t.kind == RSI_TOK_OP) &&
				!plain_option_word(buf, len, &t) && !is_secret_keyword(buf, &t) &&
				!rsi_token_is(buf, &t, "session_token") && !rsi_token_is(buf, &t, "token"))
			{
				mask_value(&st, &t);
				continue;
			}
		}

		if (st.after_credentials && (rsi_token_is(buf, &t, "as") || is_eq_op(buf, &t)))
			continue;
		strict = st.after_credentials;
		st.after_credentials = rsi_token_is(buf, &t, "credentials");

		if (is_fatal(&t))
		{
			fatal(&st, &t, strict);
			continue;
		}
		if (is_string_kind(&t) || t.kind == RSI_TOK_QIDENT)
		{
			quoted(&st, &t, strict);
			continue;
		}
		/* 'part' || 'part': a concatenation continues a secret value */
		if (st.after_value && st.cont_string && t.kind == RSI_TOK_OP && t.len == 2 &&
			buf[t.off] == '|' && buf[t.off + 1] == '|')
			continue;
		st.cont_string = 0;
		st.after_value = 0;
		if (is_secret_keyword(buf, &t))
		{
			st.pending = PEND_SECRET;
			st.seen_key = 1;
		}
		else if (rsi_token_is(buf, &t, "access_key_id") || rsi_token_is(buf, &t, "aws_access_key_id"))
			st.pending = PEND_KEY_ID;
		else if (t.kind == RSI_TOK_OP && t.len == 1 && buf[t.off] == '&' && contiguous &&
				 t.off > 0 && (buf[t.off - 1] == 'u' || buf[t.off - 1] == 'U') &&
				 (t.off == 1 || !is_word(buf[t.off - 2])))
			st.uamp_at = t.off + 1;
	}
	gap(&st, prev_end, len);
	copy_to(&st.r, len);
	if (st.r.map_from != (size_t) -1 && st.r.map_from >= len)
		st.r.mapped = st.r.o + (st.r.map_from - len);
	if (st.r.out)
		st.r.out[st.r.o < st.r.limit ? st.r.o : st.r.limit] = '\0';
	*init = st.r;
	return st.r.o;
}

static void
init_redactor(redactor *r, const char *buf, size_t len, char *out)
{
	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->len = len;
	r->out = out;
	r->limit = (size_t) -1;
	r->map_from = (size_t) -1;
	r->mapped = (size_t) -1;
	r->span_from = r->span_to = (size_t) -1;
}

size_t
rsi_redact(const char *buf, size_t len, char *out)
{
	redactor	r;

	init_redactor(&r, buf, len, out);
	return run(&r);
}

/*
 * Is the word (lower case) at s[p - at], any case?  at is where its
 * searched letter is in it.
 */
static int
word_around(const char *s, size_t n, size_t p, const char *w, size_t wn, size_t at)
{
	return p >= at && match_at(s, n, p - at, w, wn);
}

/* Does a trigger (see rsi_redact_is_identity) hold the letter at s[p]? */
static int
trigger_at(const char *s, size_t n, size_t p)
{
	unsigned char c = (unsigned char) s[p];

	if (c == '\\' || c == '&')
		return 1;
	c |= 0x20;
	if (c == 'w')
		return word_around(s, n, p, "password", 8, 4);
	if (c == 'd')
		return word_around(s, n, p, "credentials", 11, 3);
	if (c != 'k')
		return 0;
	return word_around(s, n, p, "token", 5, 2) ||
		word_around(s, n, p, "access_key_id", 13, 7) ||
		word_around(s, n, p, "secret_access_key", 17, 14) ||
		word_around(s, n, p, "master_symmetric_key", 20, 17);
}

/*
 * Text the redactor copies unchanged whatever its shape.  Every
 * replacement needs one of these first (run() and the functions it
 * calls): a key name (token, password, secret_access_key,
 * master_symmetric_key: a value after it, a string, comment or quoted
 * identifier holding it, and what follows once one was seen), the word
 * credentials (its strings are split into pairs), access_key_id (the value
 * after it), a backslash (E'' escapes, U&'' escapes) or '&' (U&'').  So
 * text holding none of those words (any case) and neither byte is its own
 * redaction.  Each word holds a 'k', 'w' or 'd' at a fixed place, followed
 * by an 'e' ('w' by an 'o'): those pairs, '\\' and '&' are searched for
 * (sixteen positions at a time where SSE2 is at hand) and the words looked
 * for only there.  Any new
 * redaction rule must keep this test conservative: the unit tests compare
 * rsi_redact_n, which trusts it, with rsi_redact, which does not.
 */
#if defined(__SSE2__) && defined(__GNUC__)
/*
 * Positions p in s[at..at + 16) where a trigger may hold the letter at p:
 * a 'k' or 'd' before an 'e', a 'w' before an 'o' (any case; each word's
 * searched letter is followed so), a backslash or an '&'.  Reads s[at..at
 * + 17).
 */
static unsigned
trigger_bits(const char *s, size_t at)
{
	const __m128i lower_bit = _mm_set1_epi8(0x20);
	__m128i		raw = _mm_loadu_si128((const __m128i *) (const void *) (s + at)),
				v = _mm_or_si128(raw, lower_bit),
				next = _mm_or_si128(_mm_loadu_si128((const __m128i *) (const void *) (s + at + 1)),
									lower_bit),
				e = _mm_cmpeq_epi8(next, _mm_set1_epi8('e')),
				kd = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('k')), _mm_cmpeq_epi8(v, _mm_set1_epi8('d'))),
				wo = _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('w')),
								   _mm_cmpeq_epi8(next, _mm_set1_epi8('o'))),
				bytes = _mm_or_si128(_mm_cmpeq_epi8(raw, _mm_set1_epi8('\\')),
									 _mm_cmpeq_epi8(raw, _mm_set1_epi8('&')));

	return (unsigned) _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_and_si128(kd, e), wo), bytes));
}
#endif

int
rsi_redact_is_identity(const char *s, size_t n)
{
	size_t		i = 0;

#if defined(__SSE2__) && defined(__GNUC__)
	if (n >= 17)
	{
		for (;; i += 16)
		{
			/* the last block overlaps positions already seen: asking twice is harmless */
			size_t		at = i + 17 <= n ? i : n - 17;
			unsigned	bits = trigger_bits(s, at);

			while (bits != 0)
			{
				if (trigger_at(s, n, at + (size_t) __builtin_ctz(bits)))
					return 0;
				bits &= bits - 1;
			}
			if (at == n - 17)
				break;
		}
		/* the last byte has no byte after it in any block */
		return !trigger_at(s, n, n - 1);
	}
#endif
	for (; i < n; i++)
		if (trigger_at(s, n, i))
			return 0;
	return 1;
}

size_t
rsi_redact_n(const char *buf, size_t len, char *out, size_t cap, size_t off, size_t *mapped)
{
	redactor	r;
	size_t		n;

	if (rsi_redact_is_identity(buf, len))
	{
		/* a copy: the offset maps to itself */
		if (cap > 0)
		{
			n = len < cap - 1 ? len : cap - 1;
			memcpy(out, buf, n);
			out[n] = '\0';
		}
		if (mapped)
			*mapped = off;
		return len;
	}
	init_redactor(&r, buf, len, cap > 0 ? out : NULL);
	if (cap > 0)
		r.limit = cap - 1;
	if (mapped)
	{
		r.map_from = off;
		r.mapped = off;
	}
	n = run(&r);
	if (mapped)
		*mapped = r.mapped;
	return n;
}

size_t
rsi_redact_map_offset(const char *buf, size_t len, size_t off)
{
	redactor	r;

	init_redactor(&r, buf, len, NULL);
	r.map_from = off;
	r.mapped = off;
	run(&r);
	return r.mapped;
}

static int
span_kept(const char *buf, size_t len, size_t off, size_t n, int exhaustive)
{
	redactor	r;

	init_redactor(&r, buf, len, NULL);
	r.span_from = off;
	r.span_to = off + n;
	r.span_exhaustive = exhaustive;
	run(&r);
	return !r.span_touched;
}

int
rsi_redact_span_kept(const char *buf, size_t len, size_t off, size_t n)
{
	return span_kept(buf, len, off, n, 0);
}

int
rsi_redact_span_kept_exhaustive(const char *buf, size_t len, size_t off, size_t n)
{
	return span_kept(buf, len, off, n, 1);
}
