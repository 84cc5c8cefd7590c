/*
 * fmt_json.c — one JSON object per finding, one per line (JSON Lines):
 *   {"file", "statement", "line", "col", "severity", "sqlstate", "rule",
 *    "kind", "message", "detail", "hint", "roles", "resolved_role", "command",
 *    "help_uri"}, and "suppressed": true for a finding --show-suppressed shows
 * With two or more clusters a "cluster" member follows "file".
 * statement is null for text outside statements; detail, hint,
 * resolved_role and command are null when absent; with --iam, an "iam"
 * member holds the evaluated steps (rsi_iam_result_json); command is the
 * statement, redacted (of a statement of another kind only its leading
 * keyword: cli_event_command); help_uri is the rule's section of
 * docs/rules.md.  Written directly (cli_put_json_string escapes):
 * building a jansson tree per finding tripled the cost of a refused
 * statement.
 */
#include "output_int.h"

#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "rules.h"
#include "textutil.h"

/* the longest command text put into an object */
#define MAX_COMMAND_BYTES 8192

/* a string literal without its NUL */
#define LIT(w, s) cli_w_write((w), (s), sizeof(s) - 1)

/* ,"key": where key is a literal */
#define KEY(w, k) LIT((w), ",\"" k "\":")

static void
value(cli_w *f, const char *value, int null_if_empty)
{
	if (value == NULL || (null_if_empty && *value == '\0'))
		cli_w_puts(f, "null");
	else
		cli_put_json_string(f, value, strlen(value));
}

static void
member(cli_w *f, const char *key, const char *v, int null_if_empty)
{
	LIT(f, ",\"");
	cli_w_puts(f, key);
	LIT(f, "\":");
	value(f, v, null_if_empty);
}

/* snprintf(out, size, "%s%s", a, b) without the formatting machinery */
static void
concat(char *out, size_t size, const char *a, const char *b)
{
	size_t		n = strlen(a),
				m = strlen(b);

	if (n > size - 1)
		n = size - 1;
	if (m > size - 1 - n)
		m = size - 1 - n;
	memcpy(out, a, n);
	memcpy(out + n, b, m);
	out[n + m] = '\0';
}

/* the message, detail and hint members */
static void
words(cli_w *out, const cli_finding *f)
{
	KEY(out, "message");
	value(out, f->message, 0);
	KEY(out, "detail");
	value(out, f->detail, 1);
	KEY(out, "hint");
	value(out, f->hint, 1);
}

/*
 * words(), also kept in f->json_cache for the next finding with the same
 * words: written through a writer over a buffer that holds the longest
 * escaping (six bytes for each byte of text) without a flush.
 */
static void
words_cached(cli_w *out, const cli_finding *f)
{
	size_t		cap = 6 * (strlen(f->message) + strlen(f->detail) + strlen(f->hint)) + 64;
	char	   *buf = malloc(cap);
	cli_w		mw;

	if (buf == NULL)
	{
		words(out, f);
		return;
	}
	cli_w_init(&mw, NULL, buf, cap);
	words(&mw, f);
	cli_w_write(out, buf, mw.len);
	/* kept at its own length: the memo holds at most a few hundred */
	f->json_cache->json = realloc(buf, mw.len > 0 ? mw.len : 1);
	if (f->json_cache->json == NULL)
		f->json_cache->json = buf;
	f->json_cache->len = mw.len;
}

/*
 * A member's JSON kept for the next finding with the same key text (the
 * file's path, the rule id): both repeat from finding to finding.
 */
typedef struct member_cache
{
	char		key[256];		/* "" when empty */
	char		json[1600];
	size_t		len;
} member_cache;

/* the file's path; the help_uri of the last few rules (two or three alternate) */
#define URI_CACHES 4
static member_cache path_cache,
			uri_cache[URI_CACHES];
static unsigned uri_next;

/*
 * Write what put writes for key (at most 255 bytes; longer keys are not
 * kept), from the cache when key is the cached one.
 */
static void
cached(cli_w *out, member_cache *c, const char *key, void (*put) (cli_w *, const char *))
{
	size_t		n = strlen(key);
	cli_w		mw;

	if (n > 0 && n < sizeof(c->key) && strcmp(c->key, key) == 0)
	{
		cli_w_write(out, c->json, c->len);
		return;
	}
	/* six bytes per byte of the key at most, and what put adds: fits */
	if (n == 0 || n >= sizeof(c->key) || 6 * (n + sizeof(CLI_RULE_URI_PREFIX)) + 16 > sizeof(c->json))
	{
		put(out, key);
		return;
	}
	cli_w_init(&mw, NULL, c->json, sizeof(c->json));
	put(&mw, key);
	c->len = mw.len;
	memcpy(c->key, key, n + 1);
	cli_w_write(out, c->json, c->len);
}

static void
put_file(cli_w *out, const char *path)
{
	LIT(out, "{\"file\":");
	cli_put_json_string(out, path, strlen(path));
}

static void
put_uri(cli_w *out, const char *rule)
{
	char		uri[512];

	concat(uri, sizeof(uri), CLI_RULE_URI_PREFIX, rule);
	KEY(out, "help_uri");
	value(out, uri, 0);
}

void
cli_json_event(cli_output *o, const cli_event *ev)
{
	const cli_finding *f = ev->finding;
	cli_w	   *out = &o->w;
	char	   *owned;
	size_t		command_len;
	const char *command = cli_event_command_text(ev, MAX_COMMAND_BYTES, &command_len, &owned);
	size_t		i;

	cached(out, &path_cache, ev->path, put_file);
	if (ev->cluster)
		member(out, ev->cluster_noun, ev->cluster, 0);
	KEY(out, "statement");
	if (ev->statement > 0)
		cli_w_long(out, ev->statement);
	else
		LIT(out, "null");
	KEY(out, "line");
	cli_w_long(out, f->line);
	KEY(out, "col");
	cli_w_long(out, f->col);
	KEY(out, "severity");
	value(out, f->severity == CLI_SEV_ERROR ? "error" : "warning", 0);
	KEY(out, "sqlstate");
	value(out, f->sqlstate, 0);
	KEY(out, "rule");
	value(out, f->rule, 0);
	KEY(out, "kind");
	value(out, ev->kind, 0);
	if (f->json_cache && f->json_cache->json)
		cli_w_write(out, f->json_cache->json, f->json_cache->len);
	else if (f->json_cache)
		words_cached(out, f);
	else
		words(out, f);
	LIT(out, ",\"roles\":[");
	for (i = 0; i < f->nroles; i++)
	{
		if (i > 0)
			cli_w_putc(out, ',');
		cli_put_json_string(out, f->roles[i], strlen(f->roles[i]));
	}
	cli_w_putc(out, ']');
	KEY(out, "resolved_role");
	value(out, f->resolved_role, 1);
	if (f->iam != NULL)
	{
		KEY(out, "iam");
		cli_w_puts(out, f->iam);	/* JSON made by the core */
	}
	KEY(out, "command");
	if (command)
		cli_put_json_string(out, command, command_len);
	else
		LIT(out, "null");
	for (i = 0; i < URI_CACHES - 1 && strcmp(uri_cache[i].key, f->rule) != 0; i++)
		;
	if (strcmp(uri_cache[i].key, f->rule) != 0)
		i = uri_next++ % URI_CACHES;	/* none holds it: replace the oldest */
	cached(out, &uri_cache[i], f->rule, put_uri);
	if (f->suppressed)
		LIT(out, ",\"suppressed\":true");
	LIT(out, "}\n");
	free(owned);
}
