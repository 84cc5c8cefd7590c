/*
 * redact.c — replace secrets with *** (see script.h).
 *
 * Lexer-driven, so it works on text the parser rejects: a log line or an
 * error for a broken command must not leak the key either.  One pass both
 * measures and writes (out == NULL measures), and the same pass maps error
 * offsets into the redacted text, so positions shown under a redacted
 * command stay right.
 */
#include "redshift_iam/script.h"
#include "redshift_iam/lexer.h"
#include "redshift_iam/validate.h"

#include <string.h>

typedef struct redactor
{
	const char *buf;
	char	   *out;			/* NULL: only count */
	size_t		in;				/* next input byte to copy */
	size_t		o;				/* output length so far */
	size_t		map_from;		/* offset to map, or (size_t) -1 */
	size_t		mapped;
} redactor;

/* Copy input up to 'to' verbatim. */
static void
copy_to(redactor *r, size_t to)
{
	if (to <= r->in)
		return;
	if (r->map_from != (size_t) -1 && r->map_from >= r->in && r->map_from < to)
		r->mapped = r->o + (r->map_from - r->in);
	if (r->out)
		memcpy(r->out + r->o, r->buf + r->in, to - r->in);
	r->o += to - r->in;
	r->in = to;
}

/* Replace input [from, to) with text. */
static void
replace(redactor *r, size_t from, size_t to, const char *text)
{
	size_t		n = strlen(text);

	copy_to(r, from);
	if (r->map_from != (size_t) -1 && r->map_from >= from && r->map_from < to)
		r->mapped = r->o;
	if (r->out)
		memcpy(r->out + r->o, text, n);
	r->o += n;
	r->in = to;
}

static int
lower_eq(const char *s, size_t n, const char *kw)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		char		c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c + 32);
		if (kw[i] == '\0' || c != kw[i])
			return 0;
	}
	return kw[n] == '\0';
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int
key_in(const char *s, size_t n, const char *const *keys)
{
	int			j;

	for (j = 0; keys[j]; j++)
		if (lower_eq(s, n, keys[j]))
			return 1;
	return 0;
}

static const char *const secret_keys[] = {
	"aws_secret_access_key", "token", "session_token", "master_symmetric_key", NULL
};

/* the only keys whose values are kept in a credentials string */
static const char *const public_keys[] = {"aws_iam_role", "aws_access_key_id", NULL};

/* One ';'-separated pair of a string's raw text. */
typedef struct pair
{
	size_t		k0,
				k1;				/* the key, without surrounding whitespace */
	int			has_eq;
	size_t		v0,
				v1;				/* the value: after '=' up to ';' */
	size_t		next;			/* start of the next pair */
} pair;

static void
scan_pair(const char *s, size_t i, size_t b, pair *pr)
{
	while (i < b && is_space(s[i]))
		i++;
	pr->k0 = i;
	while (i < b && s[i] != '=' && s[i] != ';')
		i++;
	pr->k1 = i;
	while (pr->k1 > pr->k0 && is_space(s[pr->k1 - 1]))
		pr->k1--;
	pr->has_eq = (i < b && s[i] == '=');
	pr->v0 = pr->v1 = i;
	if (pr->has_eq)
	{
		i++;
		pr->v0 = i;
		while (i < b && s[i] != ';')
			i++;
		pr->v1 = i;
	}
	pr->next = i < b ? i + 1 : b;	/* past the ';' */
}

/*
 * Inside a string literal's raw text [a, b): blank secrets in
 * key=value;key=value form.  Keys are matched case-insensitively and with
 * spaces around '=' so that even malformed strings are covered.
 *
 * In any string, the values of the secret keys become ***.  A credentials
 * string (strict: the string after CREDENTIALS, or any string holding a
 * secret key) keeps only the values of aws_iam_role and aws_access_key_id:
 * every other value becomes ***, and a pair whose key does not look like a
 * key name (rsi_credentials_key_like), or that has no '=', becomes *** as a
 * whole, because it may be a secret pasted without its key or cut at an
 * '=' of its own.
 */
static void
redact_inside(redactor *r, size_t a, size_t b, int strict)
{
	const char *s = r->buf;
	pair		pr;
	size_t		i;

	for (i = a; !strict && i < b; i = pr.next)
	{
		scan_pair(s, i, b, &pr);
		if (pr.has_eq && key_in(s + pr.k0, pr.k1 - pr.k0, secret_keys))
			strict = 1;
	}
	for (i = a; i < b; i = pr.next)
	{
		size_t		kn;

		scan_pair(s, i, b, &pr);
		kn = pr.k1 - pr.k0;
		if (pr.has_eq && key_in(s + pr.k0, kn, secret_keys))
		{
			if (pr.v1 > pr.v0)
				replace(r, pr.v0, pr.v1, "***");
		}
		else if (!strict || (pr.has_eq && key_in(s + pr.k0, kn, public_keys)))
			continue;
		else if (pr.has_eq && rsi_credentials_key_like(s + pr.k0, kn))
		{
			if (pr.v1 > pr.v0)
				replace(r, pr.v0, pr.v1, "***");
		}
		else if (pr.v1 > pr.k0)
			replace(r, pr.k0, pr.v1, "***");
	}
}

static int
is_secret_keyword(const char *buf, const rsi_token *t)
{
	return rsi_token_is(buf, t, "secret_access_key") ||
		rsi_token_is(buf, t, "session_token") ||
		rsi_token_is(buf, t, "token") ||
		rsi_token_is(buf, t, "master_symmetric_key");
}

static size_t
run(const char *buf, size_t len, char *out, size_t map_from, size_t *mapped)
{
	redactor	r;
	rsi_token	t;
	size_t		pos = 0;
	int			strict;
	int			after_secret_kw = 0,
				after_credentials = 0;

	r.buf = buf;
	r.out = out;
	r.in = 0;
	r.o = 0;
	r.map_from = map_from;
	r.mapped = map_from;

	for (;;)
	{
		pos = rsi_lex_next(buf, len, pos, &t);
		if (t.kind == RSI_TOK_EOF)
			break;
		if ((after_secret_kw || after_credentials) && rsi_token_is(buf, &t, "as"))
			continue;
		if (after_secret_kw && t.kind != RSI_TOK_SEMI)
		{
			/* the value after a secret keyword, quoted or not, terminated or not */
			if (t.kind == RSI_TOK_STRING || (t.kind == RSI_TOK_ERROR && buf[t.off] == '\''))
				replace(&r, t.off, t.off + t.len, "'***'");
			else if (t.kind == RSI_TOK_ESTRING)
				replace(&r, t.off, t.off + t.len, "E'***'");
			else
				replace(&r, t.off, t.off + t.len, "***");
			after_secret_kw = 0;
			continue;
		}
		after_secret_kw = is_secret_keyword(buf, &t);
		strict = after_credentials;
		after_credentials = rsi_token_is(buf, &t, "credentials");
		if (t.kind == RSI_TOK_STRING || t.kind == RSI_TOK_ESTRING || t.kind == RSI_TOK_DOLLAR ||
			(t.kind == RSI_TOK_ERROR && t.error == RSI_LEX_UNTERMINATED_STRING))
		{
			/* only the text between the quotes */
			size_t		a = t.off + 1,
						b = t.off + t.len;

			if (t.kind == RSI_TOK_STRING)
				b--;
			else if (t.kind == RSI_TOK_ESTRING)
				a++, b--;
			else if (t.kind == RSI_TOK_DOLLAR)
			{
				const char *d = memchr(buf + t.off + 1, '$', t.len - 1);
				size_t		dl = (size_t) (d - (buf + t.off)) + 1;

				a = t.off + dl;
				b = t.off + t.len - dl;
			}
			redact_inside(&r, a, b, strict);
		}
		if (t.kind == RSI_TOK_ERROR && t.error != RSI_LEX_NUL_BYTE && t.error != RSI_LEX_EMPTY_QIDENT)
			break;
	}
	copy_to(&r, len);
	if (map_from != (size_t) -1 && map_from >= len)
		r.mapped = r.o + (map_from - len);
	if (out)
		out[r.o] = '\0';
	if (mapped)
		*mapped = r.mapped;
	return r.o;
}

size_t
rsi_redact(const char *buf, size_t len, char *out)
{
	return run(buf, len, out, (size_t) -1, NULL);
}

size_t
rsi_redact_map_offset(const char *buf, size_t len, size_t off)
{
	size_t		mapped;

	run(buf, len, NULL, off, &mapped);
	return mapped;
}
