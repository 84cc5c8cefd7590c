/*
 * test_corpus.c — every labelled statement in shared/corpus parses to its
 * label.  The corpus files are read where they are (argv[1] names the
 * directory); nothing is copied into the repository.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parse/command.h"
#include "parse/command_json.h"
#include "tap.h"

static void *
test_alloc(void *ctx, size_t n)
{
	(void) ctx;
	return malloc(n);			/* leaked on purpose: a short-lived test */
}

static int	n_statements = 0;
static int	n_matched = 0;

/* Compare one field of the label with the parse result. */
static int
field_matches(json_t *got, json_t *label, const char *key, const char *id)
{
	json_t	   *g = json_object_get(got, key);
	json_t	   *w = json_object_get(label, key);

	if (json_equal(g, w) || (w == NULL && json_is_null(g)))
		return 1;
	{
		char	   *gs = json_dumps(g, JSON_ENCODE_ANY);
		char	   *ws = json_dumps(w, JSON_ENCODE_ANY);

		printf("#   %s: %s is %s, label says %s\n", id, key, gs ? gs : "(none)", ws ? ws : "(none)");
		free(gs);
		free(ws);
	}
	return 0;
}

static void
check_statement(json_t *label)
{
	rsi_alloc	al = {test_alloc, NULL};
	rsi_command cmd;
	rsi_parse_error err;
	const char *id = json_string_value(json_object_get(label, "id"));
	const char *sql = json_string_value(json_object_get(label, "sql"));
	json_t	   *extra = json_object_get(label, "extra_roles");
	rsi_parse_status st;
	json_t	   *got;
	int			ok = 1;

	n_statements++;
	st = rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &err);
	if (st != RSI_PARSE_OK)
	{
		TAP_OK(0, "%s parses (%s at byte %zu)", id, err.message, err.off);
		return;
	}
	got = rsi_command_to_json(&cmd, sql, strlen(sql));
	ok &= field_matches(got, label, "kind", id);
	ok &= field_matches(got, label, "auth_method", id);
	ok &= field_matches(got, label, "roles", id);
	ok &= field_matches(got, label, "session_token", id);
	ok &= field_matches(got, label, "location", id);
	/* extra_roles: the two that parse_command reports */
	ok &= field_matches(got, extra, "catalog_role", id);
	ok &= field_matches(got, extra, "secret_arn", id);
	/* placeholders must be parsed but flagged */
	if (json_is_true(json_object_get(label, "placeholder")) &&
		json_array_size(json_object_get(got, "problems")) == 0)
	{
		printf("#   %s: placeholder credentials produced no problem\n", id);
		ok = 0;
	}
	if (ok)
		n_matched++;
	TAP_OK(ok, "%s matches its label", id);
	json_decref(got);
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t		a = strlen(s),
				b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "../shared/corpus";
	DIR		   *d = opendir(dir);
	struct dirent *e;
	char		path[4096];
	char	  **names = NULL;
	size_t		nnames = 0,
				i;

	TAP_OK(d != NULL, "corpus directory %s is readable", dir);
	if (d == NULL)
		return tap_done();
	while ((e = readdir(d)) != NULL)
	{
		if (!has_suffix(e->d_name, ".jsonl"))
			continue;
		names = realloc(names, (nnames + 1) * sizeof(char *));
		names[nnames++] = strdup(e->d_name);
	}
	closedir(d);
	for (i = 0; i < nnames; i++)
	{
		FILE	   *f;
		char	   *line = NULL;
		size_t		cap = 0;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		while (getline(&line, &cap, f) > 0)
		{
			json_error_t je;
			json_t	   *label = json_loads(line, 0, &je);

			if (label == NULL)
				continue;
			check_statement(label);
			json_decref(label);
		}
		free(line);
		fclose(f);
		free(names[i]);
	}
	free(names);
	TAP_OK(n_statements >= 62, "at least 62 corpus statements read (%d)", n_statements);
	TAP_IS_INT(n_matched, n_statements, "every corpus statement matches its label (%d/%d)",
			   n_matched, n_statements);
	return tap_done();
}
