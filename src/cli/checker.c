/*
 * checker.c — one event per statement (see checker.h).
 *
 * A statement's text must be UTF-8 without NUL bytes (as PostgreSQL text
 * is) before it is parsed; a bad byte is the statement's finding.  Bad
 * bytes in text outside statements (comments between them) are reported
 * once per stretch of such text, so the findings do not depend on where
 * the reads split the file.
 */
#include "checker.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "rules.h"
#include "lex/template.h"
#include "util/utf8.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

/* SQLSTATEs of findings the check rules do not make */
#define SQLSTATE_SYNTAX			"42601"
#define SQLSTATE_BAD_ENCODING	"22021"	/* character_not_in_repertoire */
#define SQLSTATE_TOO_LONG		"54000"	/* program_limit_exceeded */
#define SQLSTATE_WARNING		"01000"

/* the verdict memo (check_statement) */
#define MEMO_SLOTS		256		/* per cluster */
#define MEMO_PROBES		4		/* slots a role may be in */
#define MEMO_MAX_KEY	1024	/* longer keys are not remembered */

static void memo_free(cli_verdict_memo *m);

void
cli_checker_init(cli_checker *c, const rsi_cluster_view *views, size_t nviews,
				 const rsi_check_options *copt,
				 int max_role_chain, size_t max_stmt, cli_output *out)
{
	memset(c, 0, sizeof(*c));
	c->popt.max_role_chain = max_role_chain;
	/* a statement of another kind is reported as "other", without the message */
	c->popt.no_other_message = 1;
	c->copt = *copt;
	c->views = views;
	c->nviews = nviews;
	c->out = out;
	c->max_stmt = max_stmt;
	cli_arena_init(&c->arena);
	/* the tests compare the output with and without the verdict memo */
	c->no_memo = getenv("RSI_CHECK_NO_MEMO") != NULL;
}

void
cli_checker_free(cli_checker *c)
{
	size_t		i;

	if (c->memo)
		for (i = 0; i < c->nviews * MEMO_SLOTS; i++)
			memo_free(c->memo[i]);
	free(c->memo);
	cli_arena_free(&c->arena);
	cli_supp_free(&c->supp);
}

void
cli_checker_begin_file(cli_checker *c, const char *path)
{
	c->path = path;
	c->statement = 0;
	c->filler_reported = 0;
	cli_supp_reset(&c->supp);
}

/* A finding at seg[pos] of the item. */
static void
init_finding(cli_finding *f, const rsi_stream_item *it, size_t pos, const char *sqlstate,
			 const char *rule)
{
	int			l,
				col;

	memset(f, 0, sizeof(*f));
	f->severity = CLI_SEV_ERROR;
	f->sqlstate = sqlstate;
	f->rule = rule;
	f->detail = "";
	f->hint = "";
	f->seg = it->seg;
	f->seg_len = it->seg_len;
	f->seg_line = it->seg_line;
	f->seg_col = it->seg_col;
	f->pos = pos;
	rsi_line_col(it->seg, it->seg_len, pos, &l, &col);
	f->line = it->seg_line + l - 1;
	f->col = l == 1 ? it->seg_col + col - 1 : col;
}

/* The event as seen on cluster view (an index into c->views). */
static void
emit_on(cli_checker *c, size_t view, const rsi_stream_item *it, long statement, const char *kind,
		const cli_finding *f)
{
	cli_event	ev;
	cli_finding shown;
	cli_finding leveled;

	/* the configuration file's [rules]: another level, or off */
	if (f && c->rule_levels)
	{
		long		r = cli_rule_index(f->rule);

		if (r >= 0 && c->rule_levels[r] == CLI_LEVEL_OFF)
			f = NULL;			/* the statement then passes */
		else if (r >= 0 && c->rule_levels[r] != CLI_LEVEL_DEFAULT)
		{
			leveled = *f;
			leveled.severity = (cli_severity) c->rule_levels[r];
			f = &leveled;
		}
	}
	ev.path = c->path;
	ev.cluster = c->nviews > 1 ? c->views[view].identifier : NULL;
	ev.cluster_noun = c->views[view].serverless ? "namespace" : "cluster";
	ev.statement = statement;
	ev.kind = kind;
	ev.line = it->line;
	ev.col = it->col;
	ev.finding = f;
	if (f && c->supp.n > 0 &&
		cli_supp_match(&c->supp, f->rule, f->stmt_end > f->stmt_off ? c->first_line : f->line,
					   f->stmt_end > f->stmt_off ? c->last_line : f->line) != NULL)
	{
		/* counted once per finding, not once per cluster */
		if (view == 0)
			c->suppressed++;
		if (!c->show_suppressed)
			return;
		shown = *f;
		shown.suppressed = 1;
		ev.finding = &shown;
	}
	else if (f && f->severity == CLI_SEV_ERROR)
		c->refused++;
	else if (f)
		c->warnings++;
	cli_output_event(c->out, &ev);
}

/* An event that does not depend on the cluster: once per cluster. */
static void
emit(cli_checker *c, const rsi_stream_item *it, long statement, const char *kind,
	 const cli_finding *f)
{
	size_t		i;

	for (i = 0; i < c->nviews; i++)
		emit_on(c, i, it, statement, kind, f);
}

/*
 * Is p[0..n) ASCII without NUL (so valid UTF-8 without NUL, the common
 * case), sixteen bytes at a time where SSE2 is at hand?  A 0 sends the
 * caller to rsi_utf8_valid_prefix, which decides.
 */
static int
plain_ascii(const char *p, size_t n)
{
	size_t		i = 0;

#if defined(__SSE2__) && defined(__GNUC__)
	const __m128i zero = _mm_setzero_si128();

	for (; i + 16 <= n; i += 16)
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) (const void *) (p + i));

		/* the top bit (0x80 and above) or a zero byte */
		if (_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, zero))) != 0)
			return 0;
	}
	if (i < n && n >= 16)
	{
		/* the last sixteen bytes, overlapping some already seen */
		__m128i		v = _mm_loadu_si128((const __m128i *) (const void *) (p + n - 16));

		return _mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, zero))) == 0;
	}
#endif
	for (; i < n; i++)
		if ((unsigned char) p[i] >= 0x80 || p[i] == '\0')
			return 0;
	return 1;
}

/*
 * Look for a NUL byte or invalid UTF-8 in seg[from..to); when found, fill
 * *f (with msg as its message buffer) and return 1.
 */
static int
bad_encoding(const rsi_stream_item *it, size_t from, size_t to, cli_finding *f,
			 char *msg, size_t msglen)
{
	size_t		at = from + rsi_utf8_valid_prefix(it->seg + from, to - from);
	size_t		i,
				used;

	if (at == to)
		return 0;
	if (it->seg[at] == '\0')
	{
		init_finding(f, it, at, SQLSTATE_BAD_ENCODING, "nul-byte");
		snprintf(msg, msglen, "invalid byte sequence for encoding \"UTF8\": 0x00");
		f->hint = "A script must not contain NUL bytes; PostgreSQL and Redshift reject them in text.";
	}
	else
	{
		/* as PostgreSQL words it: the bad byte and the continuation bytes after it */
		init_finding(f, it, at, SQLSTATE_BAD_ENCODING, "invalid-utf8");
		used = (size_t) snprintf(msg, msglen, "invalid byte sequence for encoding \"UTF8\": 0x%02x",
								 (unsigned char) it->seg[at]);
		for (i = at + 1; i < to && i < at + 4 && ((unsigned char) it->seg[i] & 0xC0) == 0x80 &&
			 used < msglen; i++)
			used += (size_t) snprintf(msg + used, msglen - used, " 0x%02x", (unsigned char) it->seg[i]);
		f->hint = "Convert the script to UTF-8 (for example with iconv) and check it again.";
	}
	f->message = msg;
	return 1;
}

/* The lines a statement spans, from its first token through its ';'. */
static void
statement_lines(cli_checker *c, const rsi_stream_item *it)
{
	int			l,
				col;

	c->first_line = it->line;
	rsi_line_col(it->seg, it->seg_len, it->seg_len > 0 ? it->seg_len - 1 : 0, &l, &col);
	c->last_line = it->seg_line + l - 1;
}

/*
 * Suppressions naming rules that do not exist: a warning each, where the
 * name is, once the piece holding the comment comes.
 */
static void
unknown_rules(cli_checker *c, const rsi_stream_item *it)
{
	size_t		i;
	int			k;

	for (i = 0; i < c->supp.n; i++)
	{
		cli_supp_directive *d = &c->supp.d[i];

		if (d->reported || d->nunknown == 0 ||
			d->pos < it->seg_pos || d->pos >= it->seg_pos + it->seg_len)
			continue;
		d->reported = 1;
		for (k = 0; k < d->nunknown; k++)
		{
			cli_finding f;
			char		msg[160];
			size_t		at = (size_t) (d->pos - it->seg_pos) + d->unknown_off[k];

			init_finding(&f, it, at, SQLSTATE_WARNING, "unknown-rule-in-suppression");
			f.severity = CLI_SEV_WARNING;
			if (d->unknown[k][0])
				snprintf(msg, sizeof(msg), "unknown rule \"%s\" in a suppression comment", d->unknown[k]);
			else
				snprintf(msg, sizeof(msg), "unknown rule in a suppression comment (the name is not shown)");
			f.message = msg;
			f.hint = "redshift-iam-check --list-rules lists the rule ids; the comment suppresses nothing for this name.";
			/* stmt_off == stmt_end: suppressible by a comment on its own line */
			emit(c, it, 0, "other", &f);
		}
	}
}

/* Text outside statements: report its first bad byte per stretch. */
static void
check_filler(cli_checker *c, const rsi_stream_item *it, size_t to)
{
	cli_finding f;
	char		msg[128];

	if (c->filler_reported || to == 0)
		return;
	if (bad_encoding(it, 0, to, &f, msg, sizeof(msg)))
	{
		c->filler_reported = 1;
		emit(c, it, 0, "other", &f);
	}
}

/*
 * --var: the statement with each placeholder that names a variable
 * replaced by its value, and the replacements, to map offsets in the new
 * text back to the script's.
 */
typedef struct subst_span
{
	size_t		orig_off,
				orig_len,
				new_off,
				new_len;
} subst_span;

typedef struct subst_ctx
{
	cli_checker *c;
	const char *text;
	char	   *out;			/* NULL: counting pass */
	size_t		o;				/* bytes written (or counted) */
	size_t		from;			/* text copied up to here */
	subst_span *spans;
	size_t		nspans;
} subst_ctx;

static const char *
var_value(const cli_checker *c, const char *name, size_t n)
{
	size_t		i = c->nvars;

	while (i-- > 0)
		if (strlen(c->var_names[i]) == n && memcmp(c->var_names[i], name, n) == 0)
			return c->var_values[i];
	return NULL;
}

static void
put(subst_ctx *x, const char *p, size_t n)
{
	if (x->out)
		memcpy(x->out + x->o, p, n);
	x->o += n;
}

/* the value as psql writes it for :'name' and :"name": quoted, quotes doubled */
static void
put_quoted(subst_ctx *x, const char *v, char q)
{
	put(x, &q, 1);
	for (; *v; v++)
	{
		put(x, v, 1);
		if (*v == q)
			put(x, v, 1);
	}
	put(x, &q, 1);
}

static int
subst_one(void *ctx, const rsi_template *t)
{
	subst_ctx  *x = ctx;
	const char *v;
	size_t		start;

	if (t->kind == RSI_TMPL_JINJA_STMT || t->kind == RSI_TMPL_JINJA_COMMENT)
		return 0;
	v = var_value(x->c, x->text + t->name_off, t->name_len);
	if (v == NULL)
		return 0;
	put(x, x->text + x->from, t->off - x->from);
	start = x->o;
	if (t->kind == RSI_TMPL_PSQL_LITERAL)
		put_quoted(x, v, '\'');
	else if (t->kind == RSI_TMPL_PSQL_IDENT)
		put_quoted(x, v, '"');
	else
		put(x, v, strlen(v));
	if (x->out)
	{
		subst_span *s = &x->spans[x->nspans];

		s->orig_off = t->off;
		s->orig_len = t->len;
		s->new_off = start;
		s->new_len = x->o - start;
	}
	x->nspans++;
	x->from = t->off + t->len;
	return 0;
}

/*
 * Substitute into text[0..len).  Returns 0 with *out (arena memory) or 1
 * when nothing is substituted (*out is text), -1 out of memory.
 */
static int
substitute(cli_checker *c, const char *text, size_t len, const char **out, size_t *outlen,
		   subst_span **spans, size_t *nspans)
{
	subst_ctx	x;

	memset(&x, 0, sizeof(x));
	x.c = c;
	x.text = text;
	rsi_template_scan(text, len, RSI_TMPL_ANY_CASE, subst_one, &x);
	if (x.nspans == 0)
		return 1;
	put(&x, text + x.from, len - x.from);
	*outlen = x.o;
	x.out = cli_arena_alloc(&c->arena, x.o + 1);
	x.spans = cli_arena_alloc(&c->arena, x.nspans * sizeof(subst_span));
	if (x.out == NULL || x.spans == NULL)
		return -1;
	x.o = 0;
	x.from = 0;
	x.nspans = 0;
	rsi_template_scan(text, len, RSI_TMPL_ANY_CASE, subst_one, &x);
	put(&x, text + x.from, len - x.from);
	x.out[x.o] = '\0';
	*out = x.out;
	*spans = x.spans;
	*nspans = x.nspans;
	return 0;
}

/* An offset in the substituted text as an offset in the script's. */
static size_t
orig_offset(const subst_span *spans, size_t n, size_t pos)
{
	size_t		i;
	size_t		delta_new = 0,
				delta_orig = 0;

	for (i = 0; i < n; i++)
	{
		if (pos < spans[i].new_off)
			break;
		if (pos < spans[i].new_off + spans[i].new_len)
			return spans[i].orig_off;	/* inside a value: at its placeholder */
		delta_new = spans[i].new_off + spans[i].new_len;
		delta_orig = spans[i].orig_off + spans[i].orig_len;
	}
	return pos - delta_new + delta_orig;
}

/*
 * Verdicts remembered by role.  A command whose only authorization is
 * IAM_ROLE (or CREDENTIALS aws_iam_role) with no value problem, no
 * placeholder and no CATALOG_ROLE gets a verdict that depends on nothing
 * but the cluster, the options and its first role's ARN (check.c:
 * check_role, then the hint and the cluster's state); one whose first
 * value problem leads the verdict, on nothing but that problem and the
 * first role (or the kind): see memo_key.  The catalog input does not
 * change during a run.  So such a verdict is made once per cluster and
 * key, and each later command with the same key reuses its words (copied
 * into the entry, rule and SQLSTATE too).  A bounded table per cluster
 * (MEMO_PROBES slots per key, the first replaced when all are taken), so
 * memory stays constant.
 */

struct cli_verdict_memo
{
	int			allowed;
	int			warning;
	const char *sqlstate;		/* into text, as the words below */
	const char *rule;
	int			resolved;		/* resolved_role is the command's first role */
	const char *message;		/* into text */
	const char *detail;
	const char *hint;
	cli_json_cache json;		/* their JSON, once written (fmt_json.c) */
	size_t		keylen;
	char		text[];			/* key, message, detail, hint, rule, sqlstate */
};

static void
memo_free(cli_verdict_memo *m)
{
	if (m)
		free(m->json.json);
	free(m);
}

/* append n bytes at *at when they fit in key[0..MEMO_MAX_KEY) */
static int
key_add(char *key, size_t *at, const char *p, size_t n)
{
	if (n > MEMO_MAX_KEY - *at)
		return 0;
	memcpy(key + *at, p, n);
	*at += n;
	return 1;
}

/*
 * The memo key of cmd's verdict (key[0..MEMO_MAX_KEY)), or 0 when it may
 * depend on more than the key says.  Either:
 *   "R" ARN: IAM_ROLE or CREDENTIALS aws_iam_role, no value problem, no
 *     placeholder, no CATALOG_ROLE: check_role on the first role;
 *   "P" code NUL message NUL ("r" ARN | "k" kind): a value problem (the
 *     first one leads the verdict; placeholders and CATALOG_ROLE are then
 *     not looked at), with the first role or, without one, the kind.
 * With --iam the evaluation reads the command: never remembered.
 */
static size_t
memo_key(const cli_checker *c, const rsi_command *cmd, char *key)
{
	size_t		n = 0;

	if (c->iam != NULL || c->no_memo)
		return 0;
	if (cmd->nproblems > 0)
	{
		const rsi_problem *p = &cmd->problems[0];
		const char *what = cmd->nroles > 0 ? cmd->roles[0] : rsi_cmd_kind_name(cmd->kind);

		if (p->code == NULL || p->message == NULL ||
			!key_add(key, &n, "P", 1) ||
			!key_add(key, &n, p->code, strlen(p->code) + 1) ||
			!key_add(key, &n, p->message, strlen(p->message) + 1) ||
			!key_add(key, &n, cmd->nroles > 0 ? "r" : "k", 1) ||
			!key_add(key, &n, what, strlen(what)))
			return 0;
		return n;
	}
	if (cmd->ntemplated == 0 && cmd->ncatalog_roles == 0 && cmd->nroles > 0 &&
		(cmd->auth == RSI_AUTH_IAM_ROLE || cmd->auth == RSI_AUTH_CREDENTIALS_ROLE) &&
		key_add(key, &n, "R", 1) && key_add(key, &n, cmd->roles[0], strlen(cmd->roles[0])))
		return n;
	return 0;
}

/* the first of the MEMO_PROBES slots a role may be in */
static size_t
memo_slot(const char *key, size_t n)
{
	uint64_t	h = 0xcbf29ce484222325ULL ^ n;
	size_t		i = 0;

	/* eight bytes a step, then the last (up to) eight */
	for (; i + 8 <= n; i += 8)
	{
		uint64_t	w;

		memcpy(&w, key + i, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	if (i < n)
	{
		uint64_t	w = 0;

		memcpy(&w, key + i, n - i);
		h = (h ^ w) * 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t) (h % MEMO_SLOTS);
}

/* the remembered verdict of role on view, or NULL */
static cli_verdict_memo *
memo_get(const cli_checker *c, size_t view, const char *role, size_t n)
{
	size_t		s,
				k;

	if (c->memo == NULL || n > MEMO_MAX_KEY)
		return NULL;
	s = memo_slot(role, n);
	for (k = 0; k < MEMO_PROBES; k++)
	{
		cli_verdict_memo *m = c->memo[view * MEMO_SLOTS + (s + k) % MEMO_SLOTS];

		if (m == NULL)
			return NULL;
		if (m->keylen == n && memcmp(m->text, role, n) == 0)
			return m;
	}
	return NULL;
}

static void
memo_put(cli_checker *c, size_t view, const char *role, size_t n, const char *first_role,
		 const rsi_verdict *v)
{
	size_t		s,
				k,
				ml = strlen(v->message),
				dl = strlen(v->detail),
				hl = strlen(v->hint),
				rl = strlen(v->rule),
				sl = strlen(v->sqlstate),
				at;
	cli_verdict_memo *m,
			  **slot;

	if (n > MEMO_MAX_KEY || (v->resolved_role != NULL && v->resolved_role != first_role))
		return;
	if (c->memo == NULL && (c->memo = calloc(c->nviews * MEMO_SLOTS, sizeof(*c->memo))) == NULL)
		return;
	m = malloc(offsetof(cli_verdict_memo, text) + n + ml + dl + hl + rl + sl + 6);
	if (m == NULL)
		return;					/* not remembered: the next one is made again */
	m->allowed = v->allowed;
	m->warning = v->warning;
	m->resolved = v->resolved_role != NULL;	/* then it is first_role */
	m->json.json = NULL;
	m->json.len = 0;
	m->keylen = n;
	memcpy(m->text, role, n);
	m->text[n] = '\0';
	at = n + 1;
	m->message = memcpy(m->text + at, v->message, ml + 1);
	at += ml + 1;
	m->detail = memcpy(m->text + at, v->detail, dl + 1);
	at += dl + 1;
	m->hint = memcpy(m->text + at, v->hint, hl + 1);
	at += hl + 1;
	m->rule = memcpy(m->text + at, v->rule, rl + 1);
	at += rl + 1;
	m->sqlstate = memcpy(m->text + at, v->sqlstate, sl + 1);
	/* a free slot among the role's, else its first (replaced) */
	s = memo_slot(role, n);
	slot = &c->memo[view * MEMO_SLOTS + s];
	for (k = 0; k < MEMO_PROBES; k++)
		if (c->memo[view * MEMO_SLOTS + (s + k) % MEMO_SLOTS] == NULL)
		{
			slot = &c->memo[view * MEMO_SLOTS + (s + k) % MEMO_SLOTS];
			break;
		}
	memo_free(*slot);
	*slot = m;
}

static void
check_statement(cli_checker *c, const rsi_stream_item *it)
{
	const char *text = it->seg + it->off;
	size_t		len = it->end - it->off;
	rsi_alloc	al = {cli_arena_alloc, &c->arena};
	rsi_command cmd;
	rsi_parse_error perr;
	rsi_verdict v;
	cli_finding f;
	char		msg[128];
	long		n = ++c->statement;
	size_t		i,
				pos,
				nspans = 0,
				keylen;
	subst_span *spans = NULL;
	char		key[MEMO_MAX_KEY];
	int			clean;

	c->statements++;
	/* the text before the statement and the statement: one scan when plain */
	clean = plain_ascii(it->seg, it->seg_len);
	if (!clean)
		check_filler(c, it, it->off);
	c->filler_reported = 0;
	/* only suppressions look at the lines: most scripts have none */
	if (c->supp.n > 0)
		statement_lines(c, it);
	if (!clean && bad_encoding(it, it->off, it->seg_len, &f, msg, sizeof(msg)))
	{
		f.stmt_off = it->off;
		f.stmt_end = it->end;
		emit(c, it, n, "other", &f);
		return;
	}

	if (c->nvars > 0)
	{
		const char *sub;
		size_t		sublen;
		int			r = substitute(c, text, len, &sub, &sublen, &spans, &nspans);

		if (r < 0)
		{
			c->out_of_memory = 1;
			emit(c, it, n, "other", NULL);
			cli_arena_reset(&c->arena);
			return;
		}
		if (r == 0)
		{
			text = sub;
			len = sublen;
		}
	}

	memset(&cmd, 0, sizeof(cmd));
	c->popt.lexed = it->lexed;	/* used only if text is still the statement's */
	switch (rsi_parse_command(text, len, &c->popt, &al, &cmd, &perr))
	{
		case RSI_PARSE_OK:
			break;
		case RSI_PARSE_SYNTAX:
			pos = it->off + orig_offset(spans, nspans, perr.off < len ? perr.off : len);
			init_finding(&f, it, pos, SQLSTATE_SYNTAX, "syntax-error");
			f.message = perr.message;
			f.stmt_off = it->off;
			f.stmt_end = it->end;
			emit(c, it, n, rsi_cmd_kind_name(cmd.kind), &f);
			cli_arena_reset(&c->arena);
			return;
		case RSI_PARSE_NOMEM:
			c->out_of_memory = 1;
			/* fall through */
		default:
			/* another kind of statement: nothing to check */
			emit(c, it, n, "other", NULL);
			cli_arena_reset(&c->arena);
			return;
	}

	keylen = memo_key(c, &cmd, key);
	for (i = 0; i < c->nviews; i++)
	{
		rsi_iam_result ir;
		char	   *iam_json = NULL;
		cli_verdict_memo *m = keylen ? memo_get(c, i, key, keylen) : NULL;
		const char *message,
				   *detail,
				   *hint;

		if (m != NULL)
		{
			/* what rsi_verdict_pos and the finding read */
			v.allowed = m->allowed;
			v.warning = m->warning;
			v.sqlstate = m->sqlstate;
			v.rule = m->rule;
			v.resolved_role = m->resolved ? cmd.roles[0] : NULL;
			v.templated_site = 0;
			message = m->message;
			detail = m->detail;
			hint = m->hint;
		}
		else
		{
			rsi_check_command(&cmd, &c->views[i], &c->copt, &v);
			if (keylen)
				memo_put(c, i, key, keylen, cmd.nroles > 0 ? cmd.roles[0] : NULL, &v);
			message = v.message;
			detail = v.detail;
			hint = v.hint;
		}
		memset(&ir, 0, sizeof(ir));
		if (c->iam != NULL && rsi_iam_check(c->iam, &cmd, &c->views[i], &c->iopt, &v, &ir) != 0)
			c->out_of_memory = 1;
		if (ir.evaluated)
			iam_json = rsi_iam_result_json(&ir);
		rsi_iam_result_free(&ir);
		if (v.allowed && !v.warning)
			emit_on(c, i, it, n, rsi_cmd_kind_name(cmd.kind), NULL);
		else
		{
			init_finding(&f, it, it->off + orig_offset(spans, nspans, rsi_verdict_pos(&cmd, &v)),
						 v.sqlstate, v.rule);
			if (v.warning)
			{
				f.severity = CLI_SEV_WARNING;
				f.sqlstate = SQLSTATE_WARNING;
			}
			f.message = message;
			f.detail = detail;
			f.hint = hint;
			f.json_cache = m ? &m->json : NULL;
			f.resolved_role = v.resolved_role;
			f.iam = iam_json;
			f.roles = cmd.roles;
			f.nroles = cmd.nroles;
			f.stmt_off = it->off;
			f.stmt_end = it->end;
			emit_on(c, i, it, n, rsi_cmd_kind_name(cmd.kind), &f);
		}
		free(iam_json);
	}
	cli_arena_reset(&c->arena);
}

static void
too_long(cli_checker *c, const rsi_stream_item *it)
{
	cli_finding f;
	char		msg[160];

	c->statements++;
	check_filler(c, it, it->off);
	c->filler_reported = 0;
	init_finding(&f, it, it->off, SQLSTATE_TOO_LONG, "statement-too-long");
	snprintf(msg, sizeof(msg), "statement is longer than %zu bytes, the most " CLI_PROGNAME " checks",
			 c->max_stmt);
	f.message = msg;
	f.hint = "Split the statement, or look for an unterminated string or comment before it.";
	emit(c, it, ++c->statement, "other", &f);
}

static void
abandoned(cli_checker *c, const rsi_stream_item *it)
{
	cli_finding f;
	char		msg[256];

	init_finding(&f, it, 0, SQLSTATE_TOO_LONG, "rest-not-checked");
	snprintf(msg, sizeof(msg), "%s longer than %zu bytes: the rest of %s is not checked",
			 it->lex_error == RSI_LEX_OK ? "comments" : rsi_lex_error_message(it->lex_error),
			 c->max_stmt, c->path);
	f.message = msg;
	f.hint = "Look for a missing closing quote, $$ or */.";
	emit(c, it, 0, "other", &f);
}

void
cli_checker_item(cli_checker *c, const rsi_stream_item *it)
{
	if (c->supp.n > 0 && (it->kind == RSI_STREAM_STATEMENT || it->kind == RSI_STREAM_FILLER))
		unknown_rules(c, it);
	switch (it->kind)
	{
		case RSI_STREAM_STATEMENT:
			check_statement(c, it);
			break;
		case RSI_STREAM_FILLER:
			check_filler(c, it, it->seg_len);
			break;
		case RSI_STREAM_TOO_LONG:
			too_long(c, it);
			break;
		case RSI_STREAM_ABANDONED:
			abandoned(c, it);
			break;
	}
}
