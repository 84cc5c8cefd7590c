/*
 * fmt_sarif.c — SARIF 2.1.0 for GitHub code scanning, and GitLab Code
 * Quality JSON (see docs/cli.md, "SARIF" and "GitLab Code Quality").
 *
 * SARIF: one log, one run, written as the findings come:
 *   {"$schema", "version": "2.1.0", "runs": [{"tool": {"driver": {name,
 *    version, informationUri, rules: every rule of rules.c, with helpUri}}, "columnKind",
 *    "results": [...], "invocations": [{executionSuccessful,
 *    toolExecutionNotifications: files that could not be read}]}]}
 * Notifications are known only when a file fails, and go after the
 * results: they are kept in a temporary file until the end.
 *
 * GitLab Code Quality: one array of {description, check_name, fingerprint,
 * severity, location: {path, lines: {begin}}, content: {body}}}, the body
 * a Markdown link to the rule's section of docs/rules.md.
 *
 * Fingerprints must not change when lines are inserted above a finding:
 * they hash the rule, the file's URI, the statement redacted with runs of
 * white space made one space (for a statement of another kind only its
 * leading keyword), and how many findings with the same three came before
 * in this run.  The hash is FNV-1a 64, written here because it is ten
 * lines; no line or column goes into it.
 */
#define _XOPEN_SOURCE 700

#include "output_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lex/lexer.h"
#include "parse/command.h"
#include "rules.h"
#include "source.h"
#include "textutil.h"

#ifndef RSI_VERSION
#define RSI_VERSION "unknown"
#endif
/* where the installed documentation is; a build can point it elsewhere */
#ifndef RSI_DOCS_URI
#define RSI_DOCS_URI "file:///usr/share/doc/redshift-iam-check/"
#endif

/* the most statement text hashed into a fingerprint */
#define MAX_FINGERPRINT_BYTES 65536

#define FNV_OFFSET UINT64_C(14695981039346656037)
#define FNV_PRIME UINT64_C(1099511628211)

static uint64_t
fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0)
	{
		h ^= *b++;
		h *= FNV_PRIME;
	}
	return h;
}

/* Hash of s with runs of white space made one space and none at the ends. */
static uint64_t
fnv1a_normalized(uint64_t h, const char *s, size_t n)
{
	int			space = 0,
				any = 0;
	const char *e = s + n;

	for (; s < e && *s; s++)
	{
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
		{
			space = 1;
			continue;
		}
		if (space && any)
			h = fnv1a(h, " ", 1);
		space = 0;
		any = 1;
		h = fnv1a(h, s, 1);
	}
	return h;
}

/* How many times key was seen before; counts it.  -1 when out of memory. */
static long
seen_before(cli_output *o, uint64_t key)
{
	size_t		i;

	if (o->fp_n * 2 >= o->fp_cap)
	{
		size_t		cap = o->fp_cap ? o->fp_cap * 2 : 64;
		unsigned long long *keys = calloc(cap, sizeof(unsigned long long));
		long	   *counts = calloc(cap, sizeof(long));

		if (keys == NULL || counts == NULL)
		{
			free(keys);
			free(counts);
			return -1;
		}
		for (i = 0; i < o->fp_cap; i++)
			if (o->fp_counts[i] > 0)
			{
				size_t		j = (size_t) (o->fp_keys[i] % cap);

				while (counts[j] > 0)
					j = (j + 1) % cap;
				keys[j] = o->fp_keys[i];
				counts[j] = o->fp_counts[i];
			}
		free(o->fp_keys);
		free(o->fp_counts);
		o->fp_keys = keys;
		o->fp_counts = counts;
		o->fp_cap = cap;
	}
	for (i = (size_t) (key % o->fp_cap); o->fp_counts[i] > 0; i = (i + 1) % o->fp_cap)
		if (o->fp_keys[i] == key)
			return o->fp_counts[i]++;
	o->fp_keys[i] = key;
	o->fp_counts[i] = 1;
	o->fp_n++;
	return 0;
}

/*
 * The path as a URI reference relative to the working directory: "./" and
 * the working directory's own prefix dropped, every byte that is not
 * unreserved, a sub-delimiter, '@' or '/' percent-encoded (':' too, which
 * may not be in a relative reference's first segment).  A path outside the
 * working directory stays absolute, as a file: URI.  Standard input is
 * "%3Cstdin%3E" ("<stdin>").  For GitLab (encode == 0) the bytes are kept.
 */
static void
put_path(cli_w *f, const char *path, int encode)
{
	static char cwd[4096];
	static int	have_cwd = -1;
	const unsigned char *p = (const unsigned char *) path;
	size_t		n;

	if (have_cwd < 0)
		have_cwd = getcwd(cwd, sizeof(cwd)) != NULL && strcmp(cwd, "/") != 0;
	if (strcmp(path, "<stdin>") == 0)
	{
		cli_w_puts(f, encode ? "%3Cstdin%3E" : "<stdin>");
		return;
	}
	if (have_cwd && path[0] == '/' && strncmp(path, cwd, n = strlen(cwd)) == 0 && path[n] == '/')
		p += n + 1;
	else if (path[0] == '/' && encode)
		cli_w_puts(f, "file://");
	while (p[0] == '.' && p[1] == '/')
	{
		p += 2;
		while (*p == '/')
			p++;
	}
	for (; *p; p++)
	{
		if (!encode ||
			(*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			strchr("-._~!$&'()*+,;=@/", *p) != NULL)
			cli_w_putc(f, *p);
		else
			cli_w_printf(f, "%%%02X", *p);
	}
}

/*
 * put_path's bytes for path, kept for the next finding of the same file
 * (one entry per encoding); NULL when out of memory.
 */
static const char *
path_uri(const char *path, int encode, size_t *len)
{
	static char *key[2],
			   *uri[2];
	static size_t urilen[2];
	char	   *u = NULL;
	size_t		n = 0;
	FILE	   *m;
	char		b[256];
	cli_w		mw;

	encode = encode != 0;
	if (key[encode] && strcmp(key[encode], path) == 0)
	{
		*len = urilen[encode];
		return uri[encode];
	}
	if ((m = open_memstream(&u, &n)) == NULL)
		return NULL;
	cli_w_init(&mw, m, b, sizeof(b));
	put_path(&mw, path, encode);
	cli_w_flush(&mw);
	if (fclose(m) != 0 || u == NULL)
	{
		free(u);
		return NULL;
	}
	free(key[encode]);
	free(uri[encode]);
	key[encode] = strdup(path);
	uri[encode] = u;
	urilen[encode] = n;
	/* without a key (out of memory) the next call makes it again */
	*len = n;
	return u;
}

/* a long in lower-case hexadecimal, 16 digits, as "%016llx" */
static void
put_hex16(cli_w *out, unsigned long long v)
{
	char		b[16];
	int			i;

	for (i = 15; i >= 0; i--, v >>= 4)
		b[i] = "0123456789abcdef"[v & 15];
	cli_w_write(out, b, 16);
}

/*
 * Where the finding's span ends (exclusive), as line and column: the end
 * of the token at the finding (a keyword, a value), or, for a finding
 * inside a string (an entry of a role chain), the end of that entry (at
 * the next comma, blank or the closing quote).  Without a statement, or
 * when no token is found there, one character: startColumn + 1.
 */
static void
span_end(const cli_finding *f, int *end_line, int *end_col)
{
	const char *buf = f->seg + f->stmt_off;
	size_t		len = f->stmt_end - f->stmt_off,
				at,
				pos = 0,
				end = 0;
	rsi_token	tok;
	int			l,
				col;

	*end_line = f->line;
	*end_col = f->col + 1;
	if (f->seg == NULL || f->stmt_end <= f->stmt_off || f->pos < f->stmt_off ||
		f->pos >= f->stmt_end)
		return;
	at = f->pos - f->stmt_off;
	for (;;)
	{
		pos = rsi_lex_next(buf, len, pos, &tok);
		if (tok.kind == RSI_TOK_EOF || tok.kind == RSI_TOK_ERROR || tok.off > at)
			return;
		if (at < tok.off + tok.len)
			break;
	}
	if (at == tok.off)
		end = tok.off + tok.len;
	else if (tok.kind == RSI_TOK_STRING || tok.kind == RSI_TOK_ESTRING)
	{
		for (end = at; end < tok.off + tok.len - 1; end++)
			if (strchr(", \t\r\n'", buf[end]) != NULL)
				break;
		if (end == at)
			return;
	}
	else
		return;
	rsi_line_col(f->seg, f->seg_len, f->stmt_off + end, &l, &col);
	*end_line = f->seg_line + l - 1;
	*end_col = l == 1 ? f->seg_col + col - 1 : col;
}

/* The finding's fingerprint (see the top of this file). */
static uint64_t
fingerprint(cli_output *o, const cli_event *ev)
{
	const cli_finding *f = ev->finding;
	char	   *owned;
	size_t		textlen = 0,
				urilen = 0;
	const char *text = cli_event_command_text(ev, MAX_FINGERPRINT_BYTES, &textlen, &owned);
	const char *uri = path_uri(ev->path, 1, &urilen);
	uint64_t	h = FNV_OFFSET;
	long		k;

	h = fnv1a(h, f->rule, strlen(f->rule) + 1);
	if (ev->cluster)			/* with several clusters, one finding each */
		h = fnv1a(h, ev->cluster, strlen(ev->cluster) + 1);
	if (uri)
	{
		/* the URI and its terminating NUL */
		h = fnv1a(h, uri, urilen);
		h = fnv1a(h, "", 1);
	}
	h = fnv1a_normalized(h, text ? text : "", text ? textlen : 0);
	h = fnv1a(h, "", 1);
	free(owned);
	k = seen_before(o, h);
	if (k < 0)
		o->io_error = 1;
	return fnv1a(h, &k, sizeof(k));
}

static void
put_str(cli_w *f, const char *s)
{
	cli_put_json_string(f, s, strlen(s));
}

static void
sarif_start(cli_output *o)
{
	cli_w	   *out = &o->w;
	size_t		i;

	if (o->started)
		return;
	o->started = 1;
	cli_w_puts(out, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\","
			   "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"" CLI_PROGNAME "\",\"version\":");
	put_str(out, RSI_VERSION);
	cli_w_puts(out, ",\"informationUri\":");
	put_str(out, RSI_DOCS_URI "cli.md");
	cli_w_puts(out, ",\"rules\":[");
	for (i = 0; i < cli_rule_count(); i++)
	{
		const rsi_rule *r = cli_rule_at(i);

		cli_w_puts(out, i ? ",\n{\"id\":" : "\n{\"id\":");
		put_str(out, r->id);
		cli_w_puts(out, ",\"shortDescription\":{\"text\":");
		put_str(out, r->summary);
		cli_w_puts(out, "},\"fullDescription\":{\"text\":");
		put_str(out, r->summary);
		cli_w_puts(out, "},\"help\":{\"text\":");
		put_str(out, r->help);
		cli_w_puts(out, "},\"helpUri\":");
		cli_w_printf(out, "\"%s%s\"", CLI_RULE_URI_PREFIX, r->id);
		cli_w_printf(out, ",\"defaultConfiguration\":{\"level\":\"%s\"}}",
					 r->level == RSI_RULE_ERROR ? "error" : "warning");
	}
	cli_w_puts(out, "]}},\"columnKind\":\"unicodeCodePoints\",\"results\":[");
}

/*
 * "[cluster ID] " with two or more clusters (as the github format), the
 * message and, when full, detail and hint on lines of their own
 */
static void
put_message(cli_w *out, const cli_event *ev, int full)
{
	const cli_finding *f = ev->finding;
	size_t		nl = ev->cluster ? strlen(ev->cluster_noun) : 0,
				cl = ev->cluster ? strlen(ev->cluster) : 0,
				ml = strlen(f->message),
				dl = full && f->detail[0] ? strlen(f->detail) : 0,
				hl = full && f->hint[0] ? strlen(f->hint) : 0,
				n = 0;
	char		stack[4096];
	char	   *s;
	size_t		need = (ev->cluster ? nl + cl + 4 : 0) + ml + (dl ? dl + 1 : 0) + (hl ? hl + 7 : 0);

	/* the text joined (what fprintf's %s pieces made), then escaped once */
	s = need <= sizeof(stack) ? stack : malloc(need);
	if (s == NULL)
	{
		put_str(out, f->message);
		return;
	}
#define ADD(p, k) (memcpy(s + n, (p), (k)), n += (k))
	if (ev->cluster)
	{
		ADD("[", 1);
		ADD(ev->cluster_noun, nl);
		ADD(" ", 1);
		ADD(ev->cluster, cl);
		ADD("] ", 2);
	}
	ADD(f->message, ml);
	if (dl)
	{
		ADD("\n", 1);
		ADD(f->detail, dl);
	}
	if (hl)
	{
		ADD("\nHint: ", 7);
		ADD(f->hint, hl);
	}
#undef ADD
	cli_put_json_string(out, s, n);
	if (s != stack)
		free(s);
}

void
cli_sarif_event(cli_output *o, const cli_event *ev)
{
	const cli_finding *f = ev->finding;
	cli_w	   *out = &o->w;
	long		idx = cli_rule_index(f->rule);
	int			end_line,
				end_col;

	sarif_start(o);
	cli_w_puts(out, o->nresults++ ? ",\n{\"ruleId\":" : "\n{\"ruleId\":");
	put_str(out, f->rule);
	if (idx >= 0)
	{
		cli_w_puts(out, ",\"ruleIndex\":");
		cli_w_long(out, idx);
	}
	cli_w_puts(out, f->severity == CLI_SEV_ERROR ? ",\"level\":\"error\",\"message\":{\"text\":" :
			   ",\"level\":\"warning\",\"message\":{\"text\":");
	put_message(out, ev, 1);
	cli_w_puts(out, "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"");
	{
		size_t		ul;
		const char *u = path_uri(ev->path, 1, &ul);

		if (u)
			cli_w_write(out, u, ul);
		else
			put_path(out, ev->path, 1);
	}
	span_end(f, &end_line, &end_col);
	cli_w_puts(out, "\"},\"region\":{\"startLine\":");
	cli_w_long(out, f->line);
	cli_w_puts(out, ",\"startColumn\":");
	cli_w_long(out, f->col);
	cli_w_puts(out, ",\"endLine\":");
	cli_w_long(out, end_line);
	cli_w_puts(out, ",\"endColumn\":");
	cli_w_long(out, end_col);
	cli_w_puts(out, "}}}],\"partialFingerprints\":{\"redshiftIamCheck/v1\":\"");
	put_hex16(out, (unsigned long long) fingerprint(o, ev));
	cli_w_puts(out, "\"}");
	/* shown by --show-suppressed: code scanning lists it as suppressed in source */
	if (f->suppressed)
		cli_w_puts(out, ",\"suppressions\":[{\"kind\":\"inSource\"}]");
	cli_w_puts(out, ",\"properties\":{\"sqlstate\":\"");
	cli_w_puts(out, f->sqlstate);
	cli_w_puts(out, "\",\"statement\":");
	cli_w_long(out, ev->statement);
	cli_w_puts(out, ",\"kind\":\"");
	cli_w_puts(out, ev->kind);
	cli_w_putc(out, '"');
	if (ev->cluster)
	{
		cli_w_puts(out, ",\"cluster\":");
		put_str(out, ev->cluster);
	}
	cli_w_puts(out, "}}");
}

void
cli_sarif_file_error(cli_output *o, const char *path, const char *message)
{
	cli_w	   *t = &o->tw;

	cli_w_puts(t, o->errors++ ? ",\n{\"level\":\"error\",\"message\":{\"text\":" :
			   "\n{\"level\":\"error\",\"message\":{\"text\":");
	put_str(t, message);
	cli_w_puts(t, "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"");
	put_path(t, path, 1);
	cli_w_puts(t, "\"}}}]}");
}

int
cli_sarif_finish(cli_output *o)
{
	sarif_start(o);
	cli_w_printf(&o->w, "],\n\"invocations\":[{\"executionSuccessful\":%s,\"toolExecutionNotifications\":[",
				 o->errors ? "false" : "true");
	if (cli_copy_head(&o->tw, &o->w) != 0)
		o->io_error = 1;
	cli_w_puts(&o->w, "]}]}]}\n");
	fclose(o->tmp);
	free(o->fp_keys);
	free(o->fp_counts);
	return o->io_error ? -1 : 0;
}

void
cli_gitlab_event(cli_output *o, const cli_event *ev)
{
	const cli_finding *f = ev->finding;
	cli_w	   *out = &o->w;

	cli_w_puts(out, o->nresults++ ? ",\n{\"description\":" : "[\n{\"description\":");
	put_message(out, ev, 0);
	cli_w_puts(out, ",\"check_name\":");
	put_str(out, f->rule);
	cli_w_puts(out, ",\"fingerprint\":\"");
	put_hex16(out, (unsigned long long) fingerprint(o, ev));
	cli_w_puts(out, "\",\"severity\":\"");
	cli_w_puts(out, f->suppressed ? "info" : f->severity == CLI_SEV_ERROR ? "major" : "minor");
	cli_w_puts(out, "\",\"location\":{\"path\":");
	{
		size_t		n;
		const char *p = path_uri(ev->path, 0, &n);

		if (p)
			cli_put_json_string(out, p, n);
		else
			put_str(out, ev->path);
	}
	cli_w_puts(out, ",\"lines\":{\"begin\":");
	cli_w_long(out, f->line);
	cli_w_puts(out, "}}");
	/* Code Quality's content.body is Markdown: a link to the rule's section */
	cli_w_puts(out, ",\"content\":{\"body\":\"[");
	cli_w_puts(out, f->rule);
	cli_w_puts(out, "](" CLI_RULE_URI_PREFIX);
	cli_w_puts(out, f->rule);
	cli_w_puts(out, ")\"}}");
}

int
cli_gitlab_finish(cli_output *o)
{
	cli_w_puts(&o->w, o->nresults ? "\n]\n" : "[]\n");
	free(o->fp_keys);
	free(o->fp_counts);
	return o->io_error ? -1 : 0;
}
