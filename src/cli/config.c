/*
 * config.c — find and read .redshift-iam-check.ini (see config.h).
 *
 * The file is parsed by libinih (Debian's libinih-dev), not by hand.  inih
 * gives its handler no line numbers in the Debian build, so the file is
 * fed through a reader that counts lines: every entry keeps its line for
 * the messages of the checks made later (args.c).
 */
#define _XOPEN_SOURCE 700

#include "config.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *
cli_config_find(void)
{
	char		dir[PATH_MAX];
	size_t		n;

	if (getcwd(dir, sizeof(dir)) == NULL)
		return NULL;
	for (;;)
	{
		char		cand[PATH_MAX + sizeof(CLI_CONFIG_NAME) + 1];
		char	   *slash;

		snprintf(cand, sizeof(cand), "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, CLI_CONFIG_NAME);
		if (access(cand, F_OK) == 0)
			return strdup(cand);
		if (strcmp(dir, "/") == 0)
			return NULL;
		slash = strrchr(dir, '/');
		if (slash == NULL)
			return NULL;
		n = (size_t) (slash - dir);
		dir[n ? n : 1] = '\0';
	}
}

typedef struct reader
{
	FILE	   *f;
	int			lines_done;		/* complete lines read */
	int			in_line;		/* the last chunk did not end a line */
} reader;

static char *
read_line(char *str, int num, void *stream)
{
	reader	   *r = stream;
	char	   *s = fgets(str, num, r->f);
	size_t		n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n > 0 && s[n - 1] == '\n')
	{
		r->lines_done++;
		r->in_line = 0;
	}
	else
		r->in_line = 1;
	return s;
}

typedef struct load_ctx
{
	cli_config *c;
	reader	   *r;
	char	   *err;
	size_t		errlen;
	int			failed;
} load_ctx;

static char *
dup_or_fail(load_ctx *x, const char *s)
{
	char	   *d = strdup(s);

	if (d == NULL && !x->failed)
	{
		snprintf(x->err, x->errlen, "%s: out of memory", x->c->path);
		x->failed = 1;
	}
	return d;
}

static int
on_entry(void *user, const char *section, const char *name, const char *value)
{
	load_ctx   *x = user;
	cli_config *c = x->c;
	int			line = x->r->in_line ? x->r->lines_done + 1 : x->r->lines_done;
	cli_config_entry *e;

	if (x->failed)
		return 0;
	if (strcmp(section, CLI_CONFIG_SECTION) != 0 && strcmp(section, "vars") != 0 &&
		strcmp(section, "rules") != 0)
	{
		snprintf(x->err, x->errlen, "%s:%d: %s: %s%.64s%s", c->path, line, name,
				 *section ? "unknown section [" : "a key before any section",
				 section, *section ? "]; the sections are [" CLI_CONFIG_SECTION "], [vars] and [rules]"
				 : "; put it under [" CLI_CONFIG_SECTION "]");
		x->failed = 1;
		return 0;
	}
	if (c->n == c->cap)
	{
		size_t		cap = c->cap ? c->cap * 2 : 16;
		cli_config_entry *ne = realloc(c->entries, cap * sizeof(*ne));

		if (ne == NULL)
		{
			snprintf(x->err, x->errlen, "%s: out of memory", c->path);
			x->failed = 1;
			return 0;
		}
		c->entries = ne;
		c->cap = cap;
	}
	e = &c->entries[c->n];
	e->section = dup_or_fail(x, section);
	e->key = dup_or_fail(x, name);
	e->value = dup_or_fail(x, value);
	e->line = line;
	c->n++;
	return x->failed ? 0 : 1;
}

int
cli_config_load(cli_config *c, const char *path, char *err, size_t errlen)
{
	reader		r = {0};
	load_ctx	x = {0};
	char	   *slash;
	int			rc;

	memset(c, 0, sizeof(*c));
	c->path = strdup(path);
	c->dir = strdup(path);
	if (c->path == NULL || c->dir == NULL)
	{
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	slash = strrchr(c->dir, '/');
	if (slash == NULL)
		strcpy(c->dir, ".");
	else
		slash[slash == c->dir ? 1 : 0] = '\0';

	r.f = fopen(path, "r");
	if (r.f == NULL)
	{
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* long lines (ARNs, paths) on the heap; stop at the first error */
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_max_line = 65536;
	ini_stop_on_first_error = true;
	x.c = c;
	x.r = &r;
	x.err = err;
	x.errlen = errlen;
	rc = ini_parse_stream(read_line, &r, on_entry, &x);
	if (ferror(r.f))
	{
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		fclose(r.f);
		return -1;
	}
	fclose(r.f);
	if (x.failed)
		return -1;
	if (rc != 0)
	{
		if (rc > 0)
			snprintf(err, errlen, "%s:%d: not a key = value line, a [section] or a comment", path, rc);
		else
			snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	return 0;
}

const char *
cli_config_path(cli_config *c, const char *value)
{
	size_t		n;
	char	   *p;

	if (value[0] == '/' || strcmp(value, "-") == 0)
		return value;
	if (c->nowned == c->capowned)
	{
		size_t		cap = c->capowned ? c->capowned * 2 : 8;
		char	  **no = realloc(c->owned, cap * sizeof(char *));

		if (no == NULL)
			return NULL;
		c->owned = no;
		c->capowned = cap;
	}
	n = strlen(c->dir) + strlen(value) + 2;
	p = malloc(n);
	if (p == NULL)
		return NULL;
	snprintf(p, n, "%s/%s", c->dir, value);
	c->owned[c->nowned++] = p;
	return p;
}

void
cli_config_free(cli_config *c)
{
	size_t		i;

	for (i = 0; i < c->n; i++)
	{
		free(c->entries[i].section);
		free(c->entries[i].key);
		free(c->entries[i].value);
	}
	for (i = 0; i < c->nowned; i++)
		free(c->owned[i]);
	free(c->entries);
	free(c->owned);
	free(c->path);
	free(c->dir);
	memset(c, 0, sizeof(*c));
}
