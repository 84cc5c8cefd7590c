/*
 * policy_eval.c — evaluate compiled identity policies against a request
 * (IAM User Guide, "Policy evaluation logic",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 *
 * Every statement of every policy is looked at, because the result lists
 * all deciding statements and all missing context keys; a statement whose
 * action and resource match has all its conditions evaluated (no short
 * circuit) for the same reason.  Allocation failure sets a flag that makes
 * everything else stop matching, and the caller gets -1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_internal.h"

typedef struct eval_state
{
	const rsi_request *req;
	const rsi_principal_req *principal;	/* NULL: nobody named */
	int			via_account;	/* the last principal match was by account only */
	unsigned char *buf;			/* expansion of one ${...} template */
	size_t		buf_len;
	size_t		buf_cap;
	rsi_matched_statement *hits[2];	/* [0] allows, [1] denies */
	size_t		nhits[2];
	size_t		caphits[2];
	char	  **missing;
	size_t		nmissing;
	size_t		capmissing;
	int			oom;			/* stop: out of memory, too long or asked to */
	int			failure;		/* RSI_EVAL_* when oom is set */
	size_t		max_expanded;
	int			(*should_stop) (void *arg);
	void	   *stop_arg;
	unsigned int ticks;
	/* where we are, for a RSI_EVAL_TOO_LONG report */
	const char *policy_name;
	size_t		statement;
	const char *element;		/* "Resource", "Condition" */
	size_t		element_index;
	const char *cond_key;
} eval_state;

/* Ask the caller whether to stop, every 64th time. */
static void
tick(eval_state *st)
{
	if (st->should_stop != NULL && (++st->ticks & 63) == 0 && !st->oom &&
		st->should_stop(st->stop_arg))
	{
		st->oom = 1;
		st->failure = RSI_EVAL_STOPPED;
	}
}

const char *
rsi_decision_name(rsi_decision d)
{
	switch (d)
	{
		case RSI_DECISION_IMPLICIT_DENY:
			return "implicitDeny";
		case RSI_DECISION_ALLOWED:
			return "allowed";
		case RSI_DECISION_EXPLICIT_DENY:
			return "explicitDeny";
	}
	return "unknown";
}

/* Grow *arr (of elsize) to hold one more; sets st->oom on failure. */
static int
grow(eval_state *st, void **arr, size_t n, size_t *cap, size_t elsize)
{
	void	   *na;
	size_t		ncap;

	if (n < *cap)
		return 1;
	ncap = *cap ? *cap * 2 : 8;
	na = (ncap > ((size_t) -1) / elsize) ? NULL : realloc(*arr, ncap * elsize);
	if (na == NULL)
	{
		st->oom = 1;
		st->failure = RSI_EVAL_NOMEM;
		return 0;
	}
	*arr = na;
	*cap = ncap;
	return 1;
}

/* Remember a missing key once (case-insensitively), in the policy's spelling. */
static void
record_missing(eval_state *st, const char *key, size_t len)
{
	char	   *copy;
	size_t		i;

	copy = malloc(len + 1);
	if (copy == NULL)
	{
		st->oom = 1;
		st->failure = RSI_EVAL_NOMEM;
		return;
	}
	memcpy(copy, key, len);
	copy[len] = '\0';
	for (i = 0; i < st->nmissing; i++)
	{
		if (rsi_ascii_casecmp(st->missing[i], copy) == 0)
		{
			free(copy);
			return;
		}
	}
	if (!grow(st, (void **) &st->missing, st->nmissing, &st->capmissing,
			  sizeof(char *)))
	{
		free(copy);
		return;
	}
	st->missing[st->nmissing++] = copy;
}

static const rsi_context_entry *
find_key(const rsi_request *req, const char *key, size_t len)
{
	size_t		i;

	for (i = 0; i < req->ncontext; i++)
	{
		const char *k = req->context[i].key;
		size_t		j;

		if (k == NULL)
			continue;
		for (j = 0; j < len; j++)
		{
			int			a = (unsigned char) k[j],
						b = (unsigned char) key[j];

			if (a >= 'A' && a <= 'Z')
				a += 'a' - 'A';
			if (b >= 'A' && b <= 'Z')
				b += 'a' - 'A';
			if (a != b || a == 0)
				break;
		}
		if (j == len && k[len] == '\0')
			return &req->context[i];
	}
	return NULL;
}

/* An entry with no values counts as absent (documented choice). */
static int
present(const rsi_context_entry *e)
{
	return e != NULL && e->nvalues > 0 && e->values != NULL;
}

static const char *
ctx_value(const rsi_context_entry *e, size_t i)
{
	return e->values[i] ? e->values[i] : "";
}

/* The expansion would pass max_expanded: stop with RSI_EVAL_TOO_LONG. */
static void
too_long(eval_state *st)
{
	if (st->oom)
		return;
	st->oom = 1;
	st->failure = RSI_EVAL_TOO_LONG;
}

static void
put(eval_state *st, unsigned char c)
{
	if (st->buf_len >= st->max_expanded)
	{
		too_long(st);
		return;
	}
	if (!grow(st, (void **) &st->buf, st->buf_len, &st->buf_cap, 1))
		return;
	st->buf[st->buf_len++] = c;
}

/* Literal text: in glob mode '*' and '?' stay literal (no STAR/ONE). */
static void
put_literal(eval_state *st, const char *s, size_t len)
{
	size_t		i;

	tick(st);
	if (len > st->max_expanded - st->buf_len)
	{
		too_long(st);
		return;
	}
	for (i = 0; i < len && !st->oom; i++)
		put(st, (unsigned char) s[i]);
}

typedef struct var_ref
{
	size_t		end;			/* index just past the '}' */
	const char *key;
	size_t		keylen;
	const char *def;			/* NULL: no default */
	size_t		deflen;
} var_ref;

/*
 * ${key} or ${key, 'default'} starting at s[i] == '$', s[i+1] == '{'.
 * Returns 0 when the text is not a well-formed reference (then it is
 * literal text).
 */
static int
parse_var(const char *s, size_t len, size_t i, var_ref *v)
{
	size_t		j = i + 2,
				kend;

	while (j < len && s[j] == ' ')
		j++;
	v->key = s + j;
	while (j < len && s[j] != '}' && s[j] != ',' && s[j] != '$' && s[j] != '{')
		j++;
	kend = j;
	while (kend > (size_t) (v->key - s) && s[kend - 1] == ' ')
		kend--;
	v->keylen = kend - (size_t) (v->key - s);
	/* the escapes ${$} need the '$' itself as the key */
	if (v->keylen == 0 && j < len && s[j] == '$' && j + 1 < len && s[j + 1] == '}')
	{
		v->keylen = 1;
		j++;
	}
	if (v->keylen == 0 || j >= len)
		return 0;
	v->def = NULL;
	v->deflen = 0;
	if (s[j] == ',')
	{
		const char *q;

		j++;
		while (j < len && s[j] == ' ')
			j++;
		if (j >= len || s[j] != '\'')
			return 0;
		q = memchr(s + j + 1, '\'', len - j - 1);
		if (q == NULL)
			return 0;
		v->def = s + j + 1;
		v->deflen = (size_t) (q - v->def);
		j = (size_t) (q - s) + 1;
		while (j < len && s[j] == ' ')
			j++;
	}
	if (j >= len || s[j] != '}')
		return 0;
	v->end = j + 1;
	return 1;
}

/*
 * Expand a template with ${...} references into st->buf: as a
 * compiled glob when `glob`, else as plain text.  Substituted values and
 * defaults are literal, never wildcards.  Returns 0 when a variable has no
 * value and no default (the pattern then matches nothing); its key is
 * recorded as missing.
 */
static int
expand(eval_state *st, const rsi_pattern *pat, int glob)
{
	const char *s = pat->text;
	size_t		len = pat->len;
	size_t		i = 0;

	st->buf_len = 0;
	while (i < len && !st->oom)
	{
		var_ref		v;

		if (s[i] == '$' && i + 1 < len && s[i + 1] == '{' && parse_var(s, len, i, &v))
		{
			if (v.keylen == 1 && (v.key[0] == '*' || v.key[0] == '?' || v.key[0] == '$'))
				put(st, (unsigned char) v.key[0]);
			else
			{
				const rsi_context_entry *e = find_key(st->req, v.key, v.keylen);

				/* a variable needs exactly one value */
				if (present(e) && e->nvalues == 1)
				{
					const char *val = ctx_value(e, 0);

					/* bytes that would read as wildcards cannot be literal */
					if (glob && strpbrk(val, "\xfe\xff") != NULL)
						return 0;
					put_literal(st, val, strlen(val));
				}
				else if (v.def != NULL)
					put_literal(st, v.def, v.deflen);
				else
				{
					if (!present(e))
						record_missing(st, v.key, v.keylen);
					return 0;
				}
			}
			i = v.end;
			continue;
		}
		if (glob && s[i] == '*')
		{
			if (st->buf_len == 0 || st->buf[st->buf_len - 1] != RSI_GLOB_STAR)
				put(st, RSI_GLOB_STAR);
		}
		else if (glob && s[i] == '?')
			put(st, RSI_GLOB_ONE);
		else
			put(st, (unsigned char) s[i]);
		i++;
	}
	return !st->oom;
}

/* The pattern as a compiled glob, expanding variables if it has any. */
static int
glob_of(eval_state *st, const rsi_pattern *pat,
		const unsigned char **g, size_t *glen)
{
	if (!pat->has_vars)
	{
		*g = pat->glob;
		*glen = pat->glob_len;
		return 1;
	}
	if (!expand(st, pat, 1))
		return 0;
	*g = st->buf;
	*glen = st->buf_len;
	return 1;
}

/* The pattern as plain text, expanding variables if it has any. */
static int
text_of(eval_state *st, const rsi_pattern *pat, const char **t, size_t *tlen)
{
	if (!pat->has_vars)
	{
		*t = pat->text;
		*tlen = pat->len;
		return 1;
	}
	if (!expand(st, pat, 0))
		return 0;
	*t = (const char *) st->buf;
	*tlen = st->buf_len;
	return 1;
}

static int
compare(rsi_cmp cmp, double req, double pol)
{
	switch (cmp)
	{
		case RSI_CMP_EQ:
			return req == pol;
		case RSI_CMP_LT:
			return req < pol;
		case RSI_CMP_LE:
			return req <= pol;
		case RSI_CMP_GT:
			return req > pol;
		case RSI_CMP_GE:
			return req >= pol;
	}
	return 0;
}

static int
equal_icase(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t		i;

	if (alen != blen)
		return 0;
	for (i = 0; i < alen; i++)
	{
		int			x = (unsigned char) a[i],
					y = (unsigned char) b[i];

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return 1;
}

/* Does one request value match one policy value (the un-negated operator)? */
static int
value_matches(eval_state *st, const rsi_condition *c,
			  const rsi_cond_value *cv, const char *val)
{
	size_t		vlen = strlen(val);
	const unsigned char *g;
	const char *t;
	size_t		n;
	double		d;
	int			b;
	rsi_ip_range ip;

	switch (c->kind)
	{
		case RSI_COND_STRING_EQUALS:
		case RSI_COND_BINARY:
			return text_of(st, &cv->pat, &t, &n) && n == vlen &&
				memcmp(t, val, n) == 0;
		case RSI_COND_STRING_EQUALS_ICASE:
			return text_of(st, &cv->pat, &t, &n) && equal_icase(t, n, val, vlen);
		case RSI_COND_STRING_LIKE:
			return glob_of(st, &cv->pat, &g, &n) &&
				rsi_glob_match_tok(g, n, val, vlen, 0);
		case RSI_COND_ARN:
			return glob_of(st, &cv->pat, &g, &n) &&
				rsi_arn_match_tok(g, n, val, vlen);
		case RSI_COND_NUMERIC:
			return rsi_parse_number(val, &d) && compare(c->cmp, d, cv->u.num);
		case RSI_COND_DATE:
			return rsi_parse_date(val, &d) && compare(c->cmp, d, cv->u.num);
		case RSI_COND_BOOL:
			if (!rsi_parse_bool(val, &b))
				return 0;
			if (!cv->pat.has_vars)
				return b == cv->u.boolean;
			/* the expanded text must itself read as a boolean */
			if (!text_of(st, &cv->pat, &t, &n))
				return 0;
			return b ? equal_icase(t, n, "true", 4) : equal_icase(t, n, "false", 5);
		case RSI_COND_IP:
			return rsi_parse_ip(val, 0, &ip) && rsi_ip_in_range(&cv->u.ip, &ip);
		case RSI_COND_NULL:
			break;				/* handled by condition_holds */
	}
	return 0;
}

static int
any_value_matches(eval_state *st, const rsi_condition *c, const char *val)
{
	size_t		i;

	for (i = 0; i < c->nvalues && !st->oom; i++)
	{
		tick(st);
		if (value_matches(st, c, &c->values[i], val))
			return 1;
	}
	return 0;
}

/* several values ORed, missing keys, set operators */
static int
condition_holds(eval_state *st, const rsi_condition *c)
{
	const rsi_context_entry *e = find_key(st->req, c->key, strlen(c->key));
	int			all;
	size_t		i;

	if (c->kind == RSI_COND_NULL)
	{
		/* "true" means the key is absent */
		for (i = 0; i < c->nvalues; i++)
			if (c->values[i].u.boolean == !present(e))
				return 1;
		return 0;
	}
	if (!present(e))
	{
		if (c->if_exists || c->set == RSI_SET_ALL)
			return 1;
		if (c->set == RSI_SET_NONE && c->negated)
			return 1;
		record_missing(st, c->key, strlen(c->key));
		return 0;
	}

	/*
	 * Per request value, "single" = matches some policy value (negated:
	 * matches none).  ForAllValues needs it for every request value,
	 * ForAnyValue for one.  Without a prefix a multi-valued key acts like
	 * ForAnyValue, and like ForAllValues for negated operators, so that
	 * "must match none" holds across all values.
	 */
	all = c->set == RSI_SET_ALL || (c->set == RSI_SET_NONE && c->negated);
	for (i = 0; i < e->nvalues && !st->oom; i++)
	{
		int			m = any_value_matches(st, c, ctx_value(e, i));
		int			single = c->negated ? !m : m;

		if (all && !single)
			return 0;
		if (!all && single)
			return 1;
	}
	return all;
}

/*
 * Does the statement's Principal name the caller?  0 no, 1 by one of its
 * names (or "*"), 2 only by its account (an account ID or root ARN).
 */
static int
principal_matches(const eval_state *st, const rsi_statement *s)
{
	const rsi_principal_req *pr = st->principal;
	int			best = 0;
	size_t		i,
				j;

	for (i = 0; i < s->nprincipals && best != 1; i++)
	{
		const rsi_principal_entry *e = &s->principals[i];
		const char *want = e->kind == RSI_PRINCIPAL_AWS ? "AWS"
		: e->kind == RSI_PRINCIPAL_SERVICE ? "Service"
		: e->kind == RSI_PRINCIPAL_FEDERATED ? "Federated" : "CanonicalUser";

		if (e->kind == RSI_PRINCIPAL_ANY)
		{
			best = 1;
			break;
		}
		if (pr == NULL || pr->type == NULL || strcmp(pr->type, want) != 0)
			continue;
		if (e->account != NULL)
		{
			if (pr->account != NULL && strcmp(pr->account, e->account) == 0)
				best = 2;
			continue;
		}
		for (j = 0; j < pr->nnames; j++)
			if (pr->names[j] != NULL && strcmp(pr->names[j], e->value) == 0)
			{
				best = 1;
				break;
			}
	}
	return best;
}

static int
statement_applies(eval_state *st, const rsi_statement *s)
{
	const char *action = st->req->action ? st->req->action : "";
	const char *resource = st->req->resource ? st->req->resource : "";
	size_t		alen = strlen(action),
				rlen = strlen(resource);
	int			hit = 0,
				ok = 1;
	size_t		i;

	for (i = 0; i < s->nactions && !hit; i++)
		hit = rsi_glob_match_tok(s->actions[i].glob, s->actions[i].glob_len,
								 action, alen, RSI_GLOB_ICASE);
	if (hit == s->not_action)
		return 0;

	st->via_account = 0;
	if (s->has_principal)
	{
		int			m = principal_matches(st, s);

		if (s->not_principal ? m != 0 : m == 0)
			return 0;
		st->via_account = (!s->not_principal && m == 2);
	}

	hit = 0;
	if (s->any_resource)
		hit = !s->not_resource;
	st->element = "Resource";
	for (i = 0; i < s->nresources && !hit && !st->oom; i++)
	{
		const unsigned char *g;
		size_t		glen;

		st->element_index = i;
		hit = glob_of(st, &s->resources[i], &g, &glen) &&
			rsi_glob_match_tok(g, glen, resource, rlen, 0);
	}
	if (hit == s->not_resource || st->oom)
		return 0;

	/* all conditions, so that every missing key gets reported */
	st->element = "Condition";
	for (i = 0; i < s->nconds && !st->oom; i++)
	{
		st->element_index = i;
		st->cond_key = s->conds[i].key;
		if (!condition_holds(st, &s->conds[i]))
			ok = 0;
	}
	return ok && !st->oom;
}

static void
free_state(eval_state *st)
{
	size_t		i;

	free(st->buf);
	free(st->hits[0]);
	free(st->hits[1]);
	for (i = 0; i < st->nmissing; i++)
		free(st->missing[i]);
	free(st->missing);
}

int
rsi_policy_evaluate(const rsi_policy *const *policies, size_t npolicies,
					const rsi_request *req, rsi_eval_result *out)
{
	return rsi_policy_evaluate_ext(policies, npolicies, req, NULL, out, NULL) == RSI_EVAL_OK
		? 0 : -1;
}

/* Name the element being expanded when the bound was passed. */
static void
report_too_long(const eval_state *st, rsi_eval_error *err)
{
	if (err == NULL)
		return;
	snprintf(err->policy, sizeof(err->policy), "%s", st->policy_name ? st->policy_name : "");
	if (st->element != NULL && strcmp(st->element, "Condition") == 0)
		snprintf(err->element, sizeof(err->element), "Statement[%zu].Condition (key %.100s)",
				 st->statement, st->cond_key ? st->cond_key : "");
	else
		snprintf(err->element, sizeof(err->element), "Statement[%zu].%s[%zu]",
				 st->statement, st->element ? st->element : "Resource", st->element_index);
}

int
rsi_policy_evaluate_ext(const rsi_policy *const *policies, size_t npolicies,
						const rsi_request *req, const rsi_eval_options *opts,
						rsi_eval_result *out, rsi_eval_error *err)
{
	return rsi_policy_evaluate_as(policies, npolicies, req, NULL, opts, out, err);
}

int
rsi_policy_evaluate_as(const rsi_policy *const *policies, size_t npolicies,
					   const rsi_request *req, const rsi_principal_req *principal,
					   const rsi_eval_options *opts,
					   rsi_eval_result *out, rsi_eval_error *err)
{
	eval_state	st;
	size_t		p,
				i;
	int			win;

	memset(out, 0, sizeof(*out));
	memset(&st, 0, sizeof(st));
	if (err != NULL)
		memset(err, 0, sizeof(*err));
	st.req = req;
	st.principal = principal;
	st.max_expanded = opts != NULL && opts->max_expanded > 0
		? opts->max_expanded : RSI_POLICY_MAX_CHARS;
	st.should_stop = opts != NULL ? opts->should_stop : NULL;
	st.stop_arg = opts != NULL ? opts->arg : NULL;

	for (p = 0; p < npolicies && !st.oom; p++)
	{
		const rsi_policy *pol = policies[p];

		if (pol == NULL)
			continue;
		st.policy_name = pol->name;
		for (i = 0; i < pol->nstatements && !st.oom; i++)
		{
			const rsi_statement *s = &pol->statements[i];
			int			d = s->deny;
			rsi_matched_statement *m;

			tick(&st);
			st.statement = i;
			st.element = NULL;
			if (!statement_applies(&st, s))
				continue;
			if (!grow(&st, (void **) &st.hits[d], st.nhits[d], &st.caphits[d],
					  sizeof(rsi_matched_statement)))
				break;
			m = &st.hits[d][st.nhits[d]++];
			m->policy_name = pol->name;
			m->statement_index = (int) i;
			m->sid = s->sid;
			m->effect_deny = d;
			m->via_account = st.via_account;
		}
	}
	if (st.oom)
	{
		if (st.failure == RSI_EVAL_TOO_LONG)
			report_too_long(&st, err);
		free_state(&st);
		return st.failure ? st.failure : RSI_EVAL_NOMEM;
	}

	/* explicit Deny wins, then Allow, else implicit deny */
	win = st.nhits[1] > 0 ? 1 : 0;
	if (st.nhits[win] > 0)
	{
		out->decision = win ? RSI_DECISION_EXPLICIT_DENY : RSI_DECISION_ALLOWED;
		out->matched = st.hits[win];
		out->nmatched = st.nhits[win];
		st.hits[win] = NULL;
	}
	out->missing_context = st.missing;
	out->nmissing = st.nmissing;
	st.missing = NULL;
	st.nmissing = 0;
	free_state(&st);
	return 0;
}

void
rsi_eval_result_free(rsi_eval_result *r)
{
	size_t		i;

	if (r == NULL)
		return;
	free(r->matched);
	for (i = 0; i < r->nmissing; i++)
		free(r->missing_context[i]);
	free(r->missing_context);
	memset(r, 0, sizeof(*r));
}
