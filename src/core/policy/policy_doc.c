/*
 * policy_doc.c — parse, validate and compile an IAM identity policy
 * (IAM User Guide, "IAM JSON policy grammar",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
 *
 * jansson does the JSON; this file checks the policy grammar and turns
 * the document into the compiled form of policy_internal.h, all of which
 * lives in one arena so that every error path frees with one call.  The
 * grammar is fixed-depth (document, statement, condition block, key,
 * value list), so each level has its own loop and nothing recurses.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util/json_util.h"

#include "policy_internal.h"
#include "util/utf8.h"

#if defined(__GNUC__)
#define RSI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RSI_PRINTF(f, a)
#endif

#define SNIP_CHARS 48			/* longest user text quoted in a message */
#define SNIP_SIZE (SNIP_CHARS * 2 + 8)

/* ---------- arena ---------- */

struct rsi_arena_chunk
{
	struct rsi_arena_chunk *next;
	size_t		used;
	size_t		size;
};

#define ARENA_ALIGN (_Alignof(max_align_t))
#define ARENA_HDR \
	((sizeof(struct rsi_arena_chunk) + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1))
#define ARENA_CHUNK ((size_t) 64 * 1024)

typedef struct parse_state
{
	rsi_policy *policy;
	rsi_policy_error *err;
	char		elem[128];		/* scratch for building element paths */
} parse_state;

static void *
arena_alloc(rsi_policy *p, size_t size)
{
	struct rsi_arena_chunk *c = p->arena;
	void	   *mem;

	if (size > SIZE_MAX - ARENA_HDR - ARENA_ALIGN)
		return NULL;
	size = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (c == NULL || c->size - c->used < size)
	{
		size_t		cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;

		c = malloc(ARENA_HDR + cap);
		if (c == NULL)
			return NULL;
		c->next = p->arena;
		c->used = 0;
		c->size = cap;
		p->arena = c;
	}
	mem = (char *) c + ARENA_HDR + c->used;
	c->used += size;
	return mem;
}

static void *
arena_array(rsi_policy *p, size_t n, size_t elsize)
{
	void	   *mem;

	if (n != 0 && n > SIZE_MAX / elsize)
		return NULL;
	mem = arena_alloc(p, n * elsize);
	if (mem != NULL)
		memset(mem, 0, n * elsize);
	return mem;
}

static char *
arena_strndup(rsi_policy *p, const char *s, size_t len)
{
	char	   *d = arena_alloc(p, len + 1);

	if (d != NULL)
	{
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

/* ---------- diagnostics ---------- */

/* User text fit for a message: control characters shown as '?', long text cut. */
static const char *
snip(char *buf, const char *s)
{
	size_t		i = 0,
				j = 0,
				chars = 0;

	while (s[i] != '\0' && chars < SNIP_CHARS)
	{
		unsigned char c = (unsigned char) s[i++];

		buf[j++] = (c < 0x20 || c == 0x7F) ? '?' : (char) c;
		while (((unsigned char) s[i] & 0xC0) == 0x80 && j < SNIP_SIZE - 5)
			buf[j++] = s[i++];
		chars++;
	}
	if (s[i] != '\0')
	{
		memcpy(buf + j, "...", 3);
		j += 3;
	}
	buf[j] = '\0';
	return buf;
}

static const char *el(parse_state *ps, const char *fmt,...) RSI_PRINTF(2, 3);
static int	fail(parse_state *ps, const char *element, const char *fmt,...) RSI_PRINTF(3, 4);

static const char *
el(parse_state *ps, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	rsi_utf8_vsnprintf(ps->elem, sizeof(ps->elem), fmt, ap);
	va_end(ap);
	return ps->elem;
}

/* Record a malformed-document error; always returns 0 for "return fail(...)". */
static int
fail(parse_state *ps, const char *element, const char *fmt,...)
{
	va_list		ap;

	rsi_utf8_snprintf(ps->err->element, sizeof(ps->err->element), "%s", element);
	va_start(ap, fmt);
	rsi_utf8_vsnprintf(ps->err->message, sizeof(ps->err->message), fmt, ap);
	va_end(ap);
	return 0;
}

static int
oom(parse_state *ps)
{
	fail(ps, "", "out of memory");
	ps->err->out_of_memory = 1;
	return 0;
}

/* ---------- characters ---------- */

/*
 * Scan UTF-8 for characters outside tab, LF, CR, U+0020-U+00FF.  Returns 1
 * if clean; else 0 with the byte offset and code point (-1: not UTF-8).
 */
static int
scan_chars(const unsigned char *s, size_t len, size_t *nchars,
		   size_t *bad_off, long *bad_cp)
{
	size_t		i = 0,
				count = 0;

	while (i < len)
	{
		unsigned char b = s[i];
		size_t		need;
		long		cp;
		size_t		k;

		if (b < 0x80)
		{
			if (b < 0x20 && b != '\t' && b != '\n' && b != '\r')
			{
				*bad_off = i;
				*bad_cp = b;
				return 0;
			}
			i++;
			count++;
			continue;
		}
		if ((b == 0xC2 || b == 0xC3) && i + 1 < len && (s[i + 1] & 0xC0) == 0x80)
		{
			i += 2;
			count++;
			continue;
		}
		/* Not allowed: decode only to name it in the message. */
		*bad_off = i;
		*bad_cp = -1;
		if (b >= 0xC2 && b <= 0xDF)
			need = 1, cp = b & 0x1F;
		else if (b >= 0xE0 && b <= 0xEF)
			need = 2, cp = b & 0x0F;
		else if (b >= 0xF0 && b <= 0xF4)
			need = 3, cp = b & 0x07;
		else
			return 0;
		for (k = 1; k <= need; k++)
		{
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		*bad_cp = cp;
		return 0;
	}
	*nchars = count;
	return 1;
}

/* Strings decoded from \u escapes obey the same character rule. */
static int
check_chars(parse_state *ps, const char *element, const char *s, size_t len)
{
	size_t		n,
				off;
	long		cp;

	if (scan_chars((const unsigned char *) s, len, &n, &off, &cp))
		return 1;
	return fail(ps, element,
				"contains character U+%04lX, which IAM policies do not allow "
				"(only tab, LF, CR and U+0020-U+00FF)", (unsigned long) cp);
}

/* ---------- element names ---------- */

static const char *const top_names[] = {"Version", "Statement", "Id", NULL};
static const char *const stmt_names[] = {"Sid", "Effect", "Action", "NotAction",
"Resource", "NotResource", "Condition", "Principal", "NotPrincipal", NULL};

static int
unknown_element(parse_state *ps, const char *element, const char *key,
				const char *const *known)
{
	char		s[SNIP_SIZE];
	int			i;

	for (i = 0; known[i] != NULL; i++)
		if (rsi_ascii_casecmp(key, known[i]) == 0)
			return fail(ps, element, "unknown element \"%s\" (element names "
						"are case-sensitive: did you mean \"%s\"?)",
						snip(s, key), known[i]);
	return fail(ps, element, "unknown element \"%s\"", snip(s, key));
}

/* ---------- patterns ---------- */

/* Compile '*' and '?' to RSI_GLOB_STAR / RSI_GLOB_ONE; runs of '*' collapse. */
static const unsigned char *
tokenize(rsi_policy *p, const char *s, size_t len, int lower, size_t *outlen)
{
	unsigned char *out = arena_alloc(p, len + 1);
	size_t		i,
				j = 0;

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '*')
		{
			if (j == 0 || out[j - 1] != RSI_GLOB_STAR)
				out[j++] = RSI_GLOB_STAR;
		}
		else if (c == '?')
			out[j++] = RSI_GLOB_ONE;
		else
			out[j++] = (lower && c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
	}
	*outlen = j;
	return out;
}

static int
has_variable(const rsi_policy *p, const char *s)
{
	return p->version == RSI_VERSION_2012 && strstr(s, "${") != NULL;
}

static int
is_alnum(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		(c >= '0' && c <= '9');
}

/* "*" or service:name; service has no wildcards. */
static int
compile_action(parse_state *ps, const char *element, const char *s,
			   size_t len, rsi_pattern *out)
{
	char		q[SNIP_SIZE];
	const char *colon = memchr(s, ':', len);
	size_t		i;

	if (!(len == 1 && s[0] == '*'))
	{
		if (colon == NULL || colon == s || colon == s + len - 1)
			return fail(ps, element, "Action must be \"*\" or \"service:action\", "
						"found \"%s\"", snip(q, s));
		for (i = 0; s + i < colon; i++)
		{
			unsigned char c = (unsigned char) s[i];

			if (c == '*' || c == '?')
				return fail(ps, element, "the service prefix of an action may "
							"not contain wildcards, found \"%s\"", snip(q, s));
			if (!is_alnum(c) && c != '-' && c != '_' && c != '.')
				return fail(ps, element, "invalid character in the service "
							"prefix of action \"%s\"", snip(q, s));
		}
		for (i = (size_t) (colon - s) + 1; i < len; i++)
		{
			unsigned char c = (unsigned char) s[i];

			if (!is_alnum(c) && c != '*' && c != '?' && c != '-' && c != '_' &&
				c != '.')
				return fail(ps, element, "invalid character in the action name "
							"of \"%s\"", snip(q, s));
		}
	}
	out->text = arena_strndup(ps->policy, s, len);
	out->len = len;
	out->glob = tokenize(ps->policy, s, len, 1, &out->glob_len);
	if (out->text == NULL || out->glob == NULL)
		return oom(ps);
	return 1;
}

/* "*" or arn:partition:service:...; no wildcards in the service part. */
static int
compile_resource(parse_state *ps, const char *element, const char *s,
				 size_t len, rsi_pattern *out)
{
	char		q[SNIP_SIZE];
	size_t		colon[5];
	int			ncolon = 0;
	size_t		i;

	if (!check_chars(ps, element, s, len))
		return 0;
	if (!(len == 1 && s[0] == '*'))
	{
		if (strncmp(s, "arn:", 4) != 0)
			return fail(ps, element, "Resource must be \"*\" or an ARN starting "
						"with \"arn:\", found \"%s\"", snip(q, s));
		for (i = 0; i < len && ncolon < 5; i++)
			if (s[i] == ':')
				colon[ncolon++] = i;
		if (ncolon < 3 || colon[2] == colon[1] + 1)
			return fail(ps, element, "\"%s\" is not a valid ARN: expected "
						"arn:partition:service:region:account:resource",
						snip(q, s));
		for (i = colon[1] + 1; i < colon[2]; i++)
			if (s[i] == '*' || s[i] == '?')
				return fail(ps, element, "wildcards are not allowed in the "
							"service part of an ARN, found \"%s\"", snip(q, s));
		if (has_variable(ps->policy, s) &&
			(ncolon < 5 || (size_t) (strstr(s, "${") - s) < colon[4]))
			return fail(ps, element, "policy variables are allowed only in "
						"the resource part of an ARN, found \"%s\"", snip(q, s));
	}
	out->text = arena_strndup(ps->policy, s, len);
	out->len = len;
	if (out->text == NULL)
		return oom(ps);
	out->has_vars = has_variable(ps->policy, s);
	if (!out->has_vars)
	{
		out->glob = tokenize(ps->policy, s, len, 0, &out->glob_len);
		if (out->glob == NULL)
			return oom(ps);
	}
	return 1;
}

/* Action / NotAction / Resource / NotResource: a string or a non-empty array. */
static int
compile_list(parse_state *ps, size_t idx, const char *name, json_t *val,
			 int is_action, const rsi_pattern **out, size_t *nout)
{
	rsi_pattern *pats;
	size_t		n,
				j;

	if (json_is_string(val))
		n = 1;
	else if (json_is_array(val))
	{
		n = json_array_size(val);
		if (n == 0)
			return fail(ps, el(ps, "Statement[%zu].%s", idx, name),
						"%s must not be an empty array", name);
	}
	else
		return fail(ps, el(ps, "Statement[%zu].%s", idx, name),
					"%s must be a string or an array of strings, found %s",
					name, rsi_json_type_name(val));

	pats = arena_array(ps->policy, n, sizeof(rsi_pattern));
	if (pats == NULL)
		return oom(ps);
	for (j = 0; j < n; j++)
	{
		json_t	   *item = json_is_array(val) ? json_array_get(val, j) : val;
		const char *element = json_is_array(val)
		? el(ps, "Statement[%zu].%s[%zu]", idx, name, j)
		: el(ps, "Statement[%zu].%s", idx, name);
		int			ok;

		if (!json_is_string(item))
			return fail(ps, element, "each %s entry must be a string, found %s",
						name, rsi_json_type_name(item));
		if (is_action)
			ok = compile_action(ps, element, json_string_value(item),
								json_string_length(item), &pats[j]);
		else
			ok = compile_resource(ps, element, json_string_value(item),
								  json_string_length(item), &pats[j]);
		if (!ok)
			return 0;
	}
	*out = pats;
	*nout = n;
	return 1;
}

/* ---------- conditions ---------- */

typedef struct op_def
{
	const char *name;
	rsi_cond_kind kind;
	rsi_cmp		cmp;
	int			negated;
} op_def;

static const op_def op_defs[] = {
	{"StringEquals", RSI_COND_STRING_EQUALS, RSI_CMP_EQ, 0},
	{"StringNotEquals", RSI_COND_STRING_EQUALS, RSI_CMP_EQ, 1},
	{"StringEqualsIgnoreCase", RSI_COND_STRING_EQUALS_ICASE, RSI_CMP_EQ, 0},
	{"StringNotEqualsIgnoreCase", RSI_COND_STRING_EQUALS_ICASE, RSI_CMP_EQ, 1},
	{"StringLike", RSI_COND_STRING_LIKE, RSI_CMP_EQ, 0},
	{"StringNotLike", RSI_COND_STRING_LIKE, RSI_CMP_EQ, 1},
	{"ArnEquals", RSI_COND_ARN, RSI_CMP_EQ, 0},
	{"ArnLike", RSI_COND_ARN, RSI_CMP_EQ, 0},
	{"ArnNotEquals", RSI_COND_ARN, RSI_CMP_EQ, 1},
	{"ArnNotLike", RSI_COND_ARN, RSI_CMP_EQ, 1},
	{"NumericEquals", RSI_COND_NUMERIC, RSI_CMP_EQ, 0},
	{"NumericNotEquals", RSI_COND_NUMERIC, RSI_CMP_EQ, 1},
	{"NumericLessThan", RSI_COND_NUMERIC, RSI_CMP_LT, 0},
	{"NumericLessThanEquals", RSI_COND_NUMERIC, RSI_CMP_LE, 0},
	{"NumericGreaterThan", RSI_COND_NUMERIC, RSI_CMP_GT, 0},
	{"NumericGreaterThanEquals", RSI_COND_NUMERIC, RSI_CMP_GE, 0},
	{"DateEquals", RSI_COND_DATE, RSI_CMP_EQ, 0},
	{"DateNotEquals", RSI_COND_DATE, RSI_CMP_EQ, 1},
	{"DateLessThan", RSI_COND_DATE, RSI_CMP_LT, 0},
	{"DateLessThanEquals", RSI_COND_DATE, RSI_CMP_LE, 0},
	{"DateGreaterThan", RSI_COND_DATE, RSI_CMP_GT, 0},
	{"DateGreaterThanEquals", RSI_COND_DATE, RSI_CMP_GE, 0},
	{"Bool", RSI_COND_BOOL, RSI_CMP_EQ, 0},
	{"BinaryEquals", RSI_COND_BINARY, RSI_CMP_EQ, 0},
	{"IpAddress", RSI_COND_IP, RSI_CMP_EQ, 0},
	{"NotIpAddress", RSI_COND_IP, RSI_CMP_EQ, 1},
	{"Null", RSI_COND_NULL, RSI_CMP_EQ, 0},
};

#define N_OP_DEFS (sizeof(op_defs) / sizeof(op_defs[0]))

/* [ForAnyValue:|ForAllValues:]<operator>[IfExists] */
static int
parse_operator(parse_state *ps, const char *element, const char *name,
			   rsi_condition *c)
{
	char		q[SNIP_SIZE];
	const char *base = name;
	size_t		len,
				i;

	memset(c, 0, sizeof(*c));
	if (strncmp(base, "ForAnyValue:", 12) == 0)
	{
		c->set = RSI_SET_ANY;
		base += 12;
	}
	else if (strncmp(base, "ForAllValues:", 13) == 0)
	{
		c->set = RSI_SET_ALL;
		base += 13;
	}
	len = strlen(base);
	if (len > 8 && strcmp(base + len - 8, "IfExists") == 0)
	{
		c->if_exists = 1;
		len -= 8;
	}
	for (i = 0; i < N_OP_DEFS; i++)
	{
		if (strlen(op_defs[i].name) == len &&
			strncmp(op_defs[i].name, base, len) == 0)
		{
			c->kind = op_defs[i].kind;
			c->cmp = op_defs[i].cmp;
			c->negated = op_defs[i].negated;
			if (c->kind == RSI_COND_NULL && c->if_exists)
				return fail(ps, element, "the Null operator has no IfExists form");
			if (c->kind == RSI_COND_NULL && c->set != RSI_SET_NONE)
				return fail(ps, element, "the Null operator takes no "
							"ForAnyValue/ForAllValues prefix");
			return 1;
		}
	}
	for (i = 0; i < N_OP_DEFS; i++)
		if (rsi_ascii_casecmp(op_defs[i].name, name) == 0)
			return fail(ps, element, "unknown condition operator \"%s\" "
						"(operator names are case-sensitive: did you mean "
						"\"%s\"?)", snip(q, name), op_defs[i].name);
	return fail(ps, element, "unknown condition operator \"%s\"", snip(q, name));
}

/* Text of a scalar policy value; numbers and booleans as JSON spells them. */
static const char *
scalar_text(rsi_policy *p, const json_t *v, size_t *len)
{
	char		buf[64];
	const char *s = buf;
	size_t		n;

	if (json_is_string(v))
	{
		s = json_string_value(v);
		n = json_string_length(v);
	}
	else if (json_is_integer(v))
		n = (size_t) snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT,
							  json_integer_value(v));
	else if (json_is_real(v))
	{
		int			prec;

		/* shortest form that reads back as the same double */
		for (prec = 15; prec < 17; prec++)
		{
			snprintf(buf, sizeof(buf), "%.*g", prec, json_real_value(v));
			if (strtod(buf, NULL) == json_real_value(v))
				break;
		}
		n = (size_t) snprintf(buf, sizeof(buf), "%.*g", prec, json_real_value(v));
	}
	else
	{
		s = json_is_true(v) ? "true" : "false";
		n = strlen(s);
	}
	*len = n;
	return arena_strndup(p, s, n);
}

static int
compile_value(parse_state *ps, const char *element, const char *opname,
			  rsi_cond_kind kind, const json_t *v, rsi_cond_value *cv)
{
	char		q[SNIP_SIZE];
	rsi_policy *p = ps->policy;
	const char *text;

	if (!(json_is_string(v) || json_is_number(v) || json_is_boolean(v)))
		return fail(ps, element, "condition values must be strings, numbers "
					"or booleans, found %s", rsi_json_type_name(v));
	if (json_is_string(v) &&
		!check_chars(ps, element, json_string_value(v), json_string_length(v)))
		return 0;
	text = scalar_text(p, v, &cv->pat.len);
	if (text == NULL)
		return oom(ps);
	cv->pat.text = text;

	switch (kind)
	{
		case RSI_COND_STRING_EQUALS:
		case RSI_COND_STRING_EQUALS_ICASE:
			cv->pat.has_vars = has_variable(p, text);
			break;
		case RSI_COND_STRING_LIKE:
		case RSI_COND_ARN:
			cv->pat.has_vars = has_variable(p, text);
			if (!cv->pat.has_vars)
			{
				cv->pat.glob = tokenize(p, text, cv->pat.len, 0, &cv->pat.glob_len);
				if (cv->pat.glob == NULL)
					return oom(ps);
			}
			break;
		case RSI_COND_NUMERIC:
			if (json_is_number(v))
				cv->u.num = json_number_value(v);
			else if (!json_is_string(v) || !rsi_parse_number(text, &cv->u.num))
				return fail(ps, element, "%s needs a number, found \"%s\"",
							opname, snip(q, text));
			break;
		case RSI_COND_DATE:
			if (json_is_number(v))
				cv->u.num = json_number_value(v);
			else if (!json_is_string(v) || !rsi_parse_date(text, &cv->u.num))
				return fail(ps, element, "%s needs an ISO 8601 date-time or "
							"epoch seconds, found \"%s\"", opname, snip(q, text));
			break;
		case RSI_COND_BOOL:
		case RSI_COND_NULL:
			/* variables are allowed in Bool, not in Null */
			if (kind == RSI_COND_BOOL && json_is_string(v) && has_variable(p, text))
				cv->pat.has_vars = 1;
			else if (json_is_number(v) || !rsi_parse_bool(text, &cv->u.boolean))
				return fail(ps, element, "%s needs true or false, found \"%s\"",
							opname, snip(q, text));
			break;
		case RSI_COND_BINARY:
			break;
		case RSI_COND_IP:
			if (!json_is_string(v) || !rsi_parse_ip(text, 1, &cv->u.ip))
				return fail(ps, element, "%s needs an IPv4 or IPv6 address or "
							"CIDR block, found \"%s\"", opname, snip(q, text));
			break;
	}
	return 1;
}

/* One key under one operator: a scalar or a non-empty array of scalars. */
static int
compile_key(parse_state *ps, size_t idx, const char *opname, const char *key,
			const json_t *vals, rsi_condition *c)
{
	char		qo[SNIP_SIZE],
				qk[SNIP_SIZE];
	char		base[128];
	rsi_cond_value *values;
	size_t		n,
				j;

	rsi_utf8_snprintf(base, sizeof(base), "Statement[%zu].Condition.%s.%s", idx,
			 snip(qo, opname), snip(qk, key));
	if (key[0] == '\0')
		return fail(ps, base, "a condition key must not be empty");
	if (!check_chars(ps, base, key, strlen(key)))
		return 0;
	c->key = arena_strndup(ps->policy, key, strlen(key));
	if (c->key == NULL)
		return oom(ps);

	if (json_is_array(vals))
	{
		n = json_array_size(vals);
		if (n == 0)
			return fail(ps, base, "a condition key needs at least one value");
	}
	else
		n = 1;
	values = arena_array(ps->policy, n, sizeof(rsi_cond_value));
	if (values == NULL)
		return oom(ps);
	for (j = 0; j < n; j++)
	{
		const json_t *v = json_is_array(vals) ? json_array_get(vals, j) : vals;
		const char *element = json_is_array(vals)
		? el(ps, "%s[%zu]", base, j) : base;

		if (!compile_value(ps, element, opname, c->kind, v, &values[j]))
			return 0;
	}
	c->values = values;
	c->nvalues = n;
	return 1;
}

static int
compile_conditions(parse_state *ps, size_t idx, json_t *cond, rsi_statement *st)
{
	char		q[SNIP_SIZE];
	rsi_condition *conds;
	const char *op;
	json_t	   *block;
	size_t		n = 0,
				k = 0;

	if (!json_is_object(cond))
		return fail(ps, el(ps, "Statement[%zu].Condition", idx),
					"Condition must be an object, found %s", rsi_json_type_name(cond));
	json_object_foreach(cond, op, block)
	{
		if (!json_is_object(block))
			return fail(ps, el(ps, "Statement[%zu].Condition.%s", idx, snip(q, op)),
						"a condition operator must map to an object of "
						"condition keys, found %s", rsi_json_type_name(block));
		if (json_object_size(block) == 0)
			return fail(ps, el(ps, "Statement[%zu].Condition.%s", idx, snip(q, op)),
						"a condition operator must name at least one key");
		n += json_object_size(block);
	}
	conds = arena_array(ps->policy, n, sizeof(rsi_condition));
	if (conds == NULL && n > 0)
		return oom(ps);
	json_object_foreach(cond, op, block)
	{
		rsi_condition tmpl;
		const char *key;
		json_t	   *vals;

		if (!parse_operator(ps, el(ps, "Statement[%zu].Condition.%s", idx,
								   snip(q, op)), op, &tmpl))
			return 0;
		json_object_foreach(block, key, vals)
		{
			conds[k] = tmpl;
			if (!compile_key(ps, idx, op, key, vals, &conds[k]))
				return 0;
			k++;
		}
	}
	st->conds = conds;
	st->nconds = n;
	return 1;
}

/* ---------- principals ---------- */

static const char *const principal_types[] = {"AWS", "Service", "Federated", "CanonicalUser", NULL};

/* The account an AWS principal names as a whole: "123456789012" or arn:<p>:iam::<acct>:root. */
static const char *
principal_account(rsi_policy *p, const char *v)
{
	size_t		n = strlen(v),
				i;
	const char *acct;

	if (n == 12)
	{
		for (i = 0; i < 12; i++)
			if (v[i] < '0' || v[i] > '9')
				return NULL;
		return arena_strndup(p, v, 12);
	}
	if (strncmp(v, "arn:", 4) != 0 || n < 5 || strcmp(v + n - 5, ":root") != 0)
		return NULL;
	acct = strstr(v, ":iam::");
	if (acct == NULL || acct + 6 + 12 != v + n - 5)
		return NULL;
	acct += 6;
	for (i = 0; i < 12; i++)
		if (acct[i] < '0' || acct[i] > '9')
			return NULL;
	return arena_strndup(p, acct, 12);
}

/*
 * Principal / NotPrincipal: "*" or an object mapping AWS, Service,
 * Federated and CanonicalUser to a string or an array of strings.  A
 * wildcard matches only as the whole value (IAM User Guide, "AWS JSON
 * policy elements: Principal").
 */
static int
compile_principal(parse_state *ps, size_t idx, const char *name, json_t *val,
				  rsi_statement *st)
{
	char		q[SNIP_SIZE];
	rsi_principal_entry *ents;
	const char *type;
	json_t	   *v;
	size_t		n = 0,
				k = 0;

	st->has_principal = 1;
	if (json_is_string(val))
	{
		if (strcmp(json_string_value(val), "*") != 0)
			return fail(ps, el(ps, "Statement[%zu].%s", idx, name),
						"%s must be \"*\" or an object such as {\"AWS\": ...}, found \"%s\"",
						name, snip(q, json_string_value(val)));
		ents = arena_array(ps->policy, 1, sizeof(rsi_principal_entry));
		if (ents == NULL)
			return oom(ps);
		ents[0].kind = RSI_PRINCIPAL_ANY;
		st->principals = ents;
		st->nprincipals = 1;
		return 1;
	}
	if (!json_is_object(val) || json_object_size(val) == 0)
		return fail(ps, el(ps, "Statement[%zu].%s", idx, name),
					"%s must be \"*\" or a non-empty object, found %s", name,
					rsi_json_type_name(val));
	json_object_foreach(val, type, v)
	{
		int			i;

		for (i = 0; principal_types[i] != NULL; i++)
			if (strcmp(type, principal_types[i]) == 0)
				break;
		if (principal_types[i] == NULL)
		{
			for (i = 0; principal_types[i] != NULL; i++)
				if (rsi_ascii_casecmp(type, principal_types[i]) == 0)
					return unknown_element(ps, el(ps, "Statement[%zu].%s.%s", idx, name,
												  snip(q, type)), type, principal_types);
			return fail(ps, el(ps, "Statement[%zu].%s.%s", idx, name, snip(q, type)),
						"a %s's keys are AWS, Service, Federated or CanonicalUser, found \"%s\"",
						name, snip(q, type));
		}
		if (json_is_string(v))
			n++;
		else if (json_is_array(v) && json_array_size(v) > 0)
			n += json_array_size(v);
		else
			return fail(ps, el(ps, "Statement[%zu].%s.%s", idx, name, type),
						"a principal must be a string or a non-empty array of strings, found %s",
						rsi_json_type_name(v));
	}
	ents = arena_array(ps->policy, n, sizeof(rsi_principal_entry));
	if (ents == NULL)
		return oom(ps);
	json_object_foreach(val, type, v)
	{
		size_t		m = json_is_array(v) ? json_array_size(v) : 1,
					j;

		for (j = 0; j < m; j++)
		{
			json_t	   *item = json_is_array(v) ? json_array_get(v, j) : v;
			rsi_principal_entry *e = &ents[k++];
			const char *s;

			if (!json_is_string(item))
				return fail(ps, el(ps, "Statement[%zu].%s.%s[%zu]", idx, name, type, j),
							"each principal must be a string, found %s",
							rsi_json_type_name(item));
			s = json_string_value(item);
			if (!check_chars(ps, el(ps, "Statement[%zu].%s.%s", idx, name, type), s, strlen(s)))
				return 0;
			if (strcmp(s, "*") == 0 && strcmp(type, "AWS") == 0)
			{
				e->kind = RSI_PRINCIPAL_ANY;
				continue;
			}
			e->kind = type[0] == 'A' ? RSI_PRINCIPAL_AWS
				: type[0] == 'S' ? RSI_PRINCIPAL_SERVICE
				: type[0] == 'F' ? RSI_PRINCIPAL_FEDERATED : RSI_PRINCIPAL_CANONICAL_USER;
			e->value = arena_strndup(ps->policy, s, strlen(s));
			if (e->value == NULL)
				return oom(ps);
			if (e->kind == RSI_PRINCIPAL_AWS)
				e->account = principal_account(ps->policy, s);
		}
	}
	st->principals = ents;
	st->nprincipals = n;
	return 1;
}

/* ---------- statements and the document ---------- */

static int
compile_statement(parse_state *ps, size_t idx, json_t *obj, rsi_statement *st)
{
	char		q[SNIP_SIZE];
	json_t	   *sid = NULL,
			   *effect = NULL,
			   *action = NULL,
			   *resource = NULL,
			   *cond = NULL,
			   *principal = NULL;
	const char *action_name = NULL,
			   *resource_name = NULL;
	const char *key;
	json_t	   *val;

	if (!json_is_object(obj))
		return fail(ps, el(ps, "Statement[%zu]", idx),
					"each statement must be an object, found %s", rsi_json_type_name(obj));

	json_object_foreach(obj, key, val)
	{
		if (strcmp(key, "Sid") == 0)
			sid = val;
		else if (strcmp(key, "Effect") == 0)
			effect = val;
		else if (strcmp(key, "Action") == 0 || strcmp(key, "NotAction") == 0)
		{
			if (action != NULL)
				return fail(ps, el(ps, "Statement[%zu].%s", idx, key),
							"a statement must have exactly one of Action or "
							"NotAction, not both");
			action = val;
			action_name = key[0] == 'A' ? "Action" : "NotAction";
		}
		else if (strcmp(key, "Resource") == 0 || strcmp(key, "NotResource") == 0)
		{
			if (resource != NULL)
				return fail(ps, el(ps, "Statement[%zu].%s", idx, key),
							"a statement must have exactly one of Resource or "
							"NotResource, not both");
			resource = val;
			resource_name = key[0] == 'R' ? "Resource" : "NotResource";
		}
		else if (strcmp(key, "Condition") == 0)
			cond = val;
		else if (strcmp(key, "Principal") == 0 || strcmp(key, "NotPrincipal") == 0)
		{
			if (ps->policy->kind == RSI_POLICY_IDENTITY)
				return fail(ps, el(ps, "Statement[%zu].%s", idx, key),
							"%s is not allowed in identity-based policies (it "
							"belongs in resource-based and trust policies)", key);
			if (principal != NULL)
				return fail(ps, el(ps, "Statement[%zu].%s", idx, key),
							"a statement must have exactly one of Principal or "
							"NotPrincipal, not both");
			principal = val;
			st->not_principal = key[0] == 'N';
		}
		else
			return unknown_element(ps, el(ps, "Statement[%zu].%s", idx,
										  snip(q, key)), key, stmt_names);
	}

	if (sid != NULL)
	{
		const char *s;
		size_t		i;

		if (!json_is_string(sid))
			return fail(ps, el(ps, "Statement[%zu].Sid", idx),
						"Sid must be a string, found %s", rsi_json_type_name(sid));
		s = json_string_value(sid);
		for (i = 0; s[i] != '\0'; i++)
			if (!is_alnum((unsigned char) s[i]))
				return fail(ps, el(ps, "Statement[%zu].Sid", idx),
							"Sid may contain only A-Z, a-z and 0-9, found "
							"\"%s\"", snip(q, s));
		st->sid = arena_strndup(ps->policy, s, i);
		if (st->sid == NULL)
			return oom(ps);
	}

	if (effect == NULL)
		return fail(ps, el(ps, "Statement[%zu].Effect", idx),
					"required element Effect is missing");
	if (!json_is_string(effect))
		return fail(ps, el(ps, "Statement[%zu].Effect", idx),
					"Effect must be a string, found %s", rsi_json_type_name(effect));
	if (strcmp(json_string_value(effect), "Deny") == 0)
		st->deny = 1;
	else if (strcmp(json_string_value(effect), "Allow") != 0)
		return fail(ps, el(ps, "Statement[%zu].Effect", idx),
					"Effect must be exactly \"Allow\" or \"Deny\", found \"%s\"",
					snip(q, json_string_value(effect)));

	if (action == NULL)
		return fail(ps, el(ps, "Statement[%zu].Action", idx),
					"a statement must have an Action or a NotAction");
	st->not_action = action_name[0] == 'N';
	if (!compile_list(ps, idx, action_name, action, 1,
					  &st->actions, &st->nactions))
		return 0;

	if (ps->policy->kind != RSI_POLICY_IDENTITY)
	{
		if (principal == NULL)
			return fail(ps, el(ps, "Statement[%zu].Principal", idx),
						"a statement in a %s policy must have a Principal or a NotPrincipal",
						ps->policy->kind == RSI_POLICY_TRUST ? "trust" : "resource-based");
		if (!compile_principal(ps, idx, st->not_principal ? "NotPrincipal" : "Principal",
							   principal, st))
			return 0;
	}

	/*
	 * A missing Resource is not "matches everything" in identity and
	 * resource-based policies; a trust policy's resource is the role.
	 */
	if (resource == NULL && ps->policy->kind == RSI_POLICY_TRUST)
		st->any_resource = 1;
	else if (resource == NULL)
		return fail(ps, el(ps, "Statement[%zu].Resource", idx),
					"a statement in %s policy must have a Resource or a NotResource",
					ps->policy->kind == RSI_POLICY_IDENTITY ? "an identity-based"
					: "a resource-based");
	else
	{
		st->not_resource = resource_name[0] == 'N';
		if (!compile_list(ps, idx, resource_name, resource, 0,
						  &st->resources, &st->nresources))
			return 0;
	}

	if (cond != NULL && !compile_conditions(ps, idx, cond, st))
		return 0;
	return 1;
}

static int
compile_document(parse_state *ps, json_t *root)
{
	char		q[SNIP_SIZE];
	json_t	   *version = NULL,
			   *statement = NULL,
			   *val;
	const char *key;
	rsi_statement *stmts;
	size_t		n,
				i;

	if (!json_is_object(root))
		return fail(ps, "(document)", "a policy document must be a JSON "
					"object, found %s", rsi_json_type_name(root));
	json_object_foreach(root, key, val)
	{
		if (strcmp(key, "Version") == 0)
			version = val;
		else if (strcmp(key, "Statement") == 0)
			statement = val;
		else if (strcmp(key, "Id") == 0)
		{
			if (ps->policy->kind == RSI_POLICY_IDENTITY)
				return fail(ps, "Id", "Id is not allowed in identity-based policies");
			if (!json_is_string(val))
				return fail(ps, "Id", "Id must be a string, found %s", rsi_json_type_name(val));
		}
		else
			return unknown_element(ps, snip(q, key), key, top_names);
	}

	if (version != NULL)
	{
		const char *v = json_string_value(version);	/* NULL if not a string */

		if (v != NULL && strcmp(v, "2012-10-17") == 0)
			ps->policy->version = RSI_VERSION_2012;
		else if (v != NULL && strcmp(v, "2008-10-17") == 0)
			ps->policy->version = RSI_VERSION_2008;
		else if (v != NULL)
			return fail(ps, "Version", "Version must be \"2012-10-17\" or "
						"\"2008-10-17\", found \"%s\"", snip(q, v));
		else
			return fail(ps, "Version", "Version must be a string, found %s",
						rsi_json_type_name(version));
	}

	if (statement == NULL)
		return fail(ps, "Statement", "required element Statement is missing");
	if (json_is_object(statement))
		n = 1;
	else if (json_is_array(statement))
	{
		n = json_array_size(statement);
		if (n == 0)
			return fail(ps, "Statement", "Statement must not be an empty array");
	}
	else
		return fail(ps, "Statement", "Statement must be an object or an array "
					"of objects, found %s", rsi_json_type_name(statement));

	stmts = arena_array(ps->policy, n, sizeof(rsi_statement));
	if (stmts == NULL)
		return oom(ps);
	for (i = 0; i < n; i++)
	{
		json_t	   *item = json_is_array(statement)
		? json_array_get(statement, i) : statement;

		if (!compile_statement(ps, i, item, &stmts[i]))
			return 0;
	}
	ps->policy->statements = stmts;
	ps->policy->nstatements = n;
	return 1;
}

/* ---------- API ---------- */

rsi_policy *
rsi_policy_parse_ext(const char *text, size_t len, const char *name,
					 const rsi_policy_options *opts, rsi_policy_error *err)
{
	return rsi_policy_parse_kind(text, len, name, RSI_POLICY_IDENTITY, opts, err);
}

rsi_policy *
rsi_policy_parse_kind(const char *text, size_t len, const char *name,
					  rsi_policy_kind kind, const rsi_policy_options *opts,
					  rsi_policy_error *err)
{
	rsi_policy_error scratch;
	parse_state ps;
	json_error_t jerr;
	json_t	   *root;
	size_t		max_chars = opts ? opts->max_chars : RSI_POLICY_MAX_CHARS;
	size_t		nchars,
				off;
	long		cp;
	int			ok;

	ps.err = err ? err : &scratch;
	memset(ps.err, 0, sizeof(*ps.err));
	ps.policy = NULL;
	if (text == NULL)
		text = "", len = 0;

	/* character set and size, before JSON so the message is precise */
	if (!scan_chars((const unsigned char *) text, len, &nchars, &off, &cp))
	{
		if (cp < 0)
			fail(&ps, "(document)", "policy document is not valid UTF-8 "
				 "(byte offset %zu)", off);
		else
			fail(&ps, "(document)", "policy document contains character "
				 "U+%04lX at byte offset %zu; only tab, LF, CR and "
				 "U+0020-U+00FF are allowed", (unsigned long) cp, off);
		return NULL;
	}
	if (max_chars != 0 && nchars > max_chars)
	{
		fail(&ps, "(document)", "policy document is %zu characters long; the "
			 "maximum is %zu", nchars, max_chars);
		return NULL;
	}

	/* duplicate keys are an error, not "last one wins" */
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
	{
		char		q[SNIP_SIZE];

		fail(&ps, "(document)", "invalid JSON at line %d, column %d: %s",
			 jerr.line, jerr.column, snip(q, jerr.text));
		return NULL;
	}

	ps.policy = calloc(1, sizeof(rsi_policy));
	if (ps.policy == NULL)
	{
		json_decref(root);
		oom(&ps);
		return NULL;
	}
	ps.policy->kind = kind;
	ps.policy->name = arena_strndup(ps.policy, name ? name : "",
									name ? strlen(name) : 0);
	ok = ps.policy->name != NULL ? compile_document(&ps, root) : oom(&ps);
	json_decref(root);
	if (!ok)
	{
		rsi_policy_free(ps.policy);
		return NULL;
	}
	return ps.policy;
}

rsi_policy *
rsi_policy_parse(const char *text, size_t len, const char *name,
				 rsi_policy_error *err)
{
	return rsi_policy_parse_ext(text, len, name, NULL, err);
}

void
rsi_policy_free(rsi_policy *p)
{
	struct rsi_arena_chunk *c;

	if (p == NULL)
		return;
	c = p->arena;
	while (c != NULL)
	{
		struct rsi_arena_chunk *next = c->next;

		free(c);
		c = next;
	}
	free(p);
}

size_t
rsi_policy_statement_count(const rsi_policy *p)
{
	return p ? p->nstatements : 0;
}

const char *
rsi_policy_name(const rsi_policy *p)
{
	return p ? p->name : NULL;
}

rsi_policy_kind
rsi_policy_get_kind(const rsi_policy *p)
{
	return p ? p->kind : RSI_POLICY_IDENTITY;
}
