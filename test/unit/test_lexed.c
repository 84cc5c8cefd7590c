/*
 * test_lexed.c — the tokens the splitter hands the parser (rsi_lexed) are
 * exactly the ones the parser would lex itself, and parsing with them gives
 * the same result as parsing without them: status, error offset and
 * message, and the command's JSON.  Inputs: the corpus (argv[1]), every
 * seed of the parser, lexer, redactor and template fuzz targets, and
 * statements written for the edges (templates, NUL bytes, empty quoted
 * identifiers, unterminated constructs, more tokens than are recorded,
 * CREATE of every kind).
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "lex/lexer.h"
#include "lex/script.h"
#include "parse/command.h"
#include "parse/command_json.h"
#include "tap.h"
#include "arena.h"

static int	n_statements,
			n_lexed,
			n_partial,
			n_tok_mismatch,
			n_parse_mismatch;
static char first_mismatch[200];

/* The parse of buf[0..len) as text: status, error, command JSON. */
static char *
parse_text(const char *buf, size_t len, const rsi_lexed *lx)
{
	rsi_parse_options opt = {RSI_DEFAULT_MAX_ROLE_CHAIN, lx, 0};
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_command cmd;
	rsi_parse_error err;
	rsi_parse_status st = rsi_parse_command(buf, len, &opt, &al, &cmd, &err);
	char	   *js = NULL,
			   *out;
	size_t		n;

	if (st == RSI_PARSE_OK)
		js = rsi_command_json_text(&cmd, buf, len);
	n = 64 + strlen(err.message) + (js ? strlen(js) : 0);
	out = malloc(n);
	if (st == RSI_PARSE_OK)
		snprintf(out, n, "ok %s", js ? js : "(no json)");
	else
		snprintf(out, n, "%d at %zu: %s", (int) st, err.off, err.message);
	free(js);
	arena_free();
	return out;
}

/* Do the recorded tokens equal rsi_lex_next's over the statement alone? */
static int
tokens_match(const rsi_lexed *lx)
{
	size_t		pos = 0;
	int			i;

	for (i = 0; i < lx->ntok; i++)
	{
		rsi_token	t;

		pos = rsi_lex_next(lx->buf, lx->len, pos, &t);
		if (t.kind != lx->tok[i].kind || t.off != lx->tok[i].off || t.len != lx->tok[i].len ||
			t.flags != lx->tok[i].flags || t.error != lx->tok[i].error)
			return 0;
	}
	if (lx->complete)
	{
		rsi_token	t;

		rsi_lex_next(lx->buf, lx->len, pos, &t);
		if (t.kind != RSI_TOK_EOF)
			return 0;
	}
	return 1;
}

static void
note_mismatch(const char *what, const char *buf, size_t len)
{
	if (first_mismatch[0] == '\0')
		snprintf(first_mismatch, sizeof(first_mismatch), "%s: %.*s", what,
				 (int) (len < 120 ? len : 120), buf);
}

static void
check_script(const char *s, size_t len)
{
	rsi_splitter sp;
	rsi_statement st;

	rsi_splitter_init(&sp, s, len);
	while (rsi_splitter_next(&sp, &st))
	{
		const char *buf = s + st.off;
		size_t		n = st.end - st.off;
		char	   *with,
				   *without;

		n_statements++;
		if (st.lexed == NULL)
			continue;
		n_lexed++;
		if (!st.lexed->complete)
			n_partial++;
		if (st.lexed->buf != buf || st.lexed->len != n || !tokens_match(st.lexed))
		{
			n_tok_mismatch++;
			note_mismatch("tokens", buf, n);
			continue;
		}
		with = parse_text(buf, n, st.lexed);
		without = parse_text(buf, n, NULL);
		if (strcmp(with, without) != 0)
		{
			if (n_parse_mismatch++ < 5)
				printf("#   with the splitter's tokens: %.300s\n#   without: %.300s\n", with, without);
			note_mismatch("parse", buf, n);
		}
		free(with);
		free(without);
	}
}

static void
check_str(const char *s)
{
	check_script(s, strlen(s));
}

static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;
	long		n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t) n + 1);
	if (fread(buf, 1, (size_t) n, f) != (size_t) n)
		n = 0;
	buf[n] = '\0';
	fclose(f);
	*len = (size_t) n;
	return buf;
}

static int
check_dir(const char *dir)
{
	DIR		   *d = opendir(dir);
	struct dirent *e;
	int			files = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
	{
		char		path[1024];
		size_t		len;
		char	   *buf;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		buf = read_file(path, &len);
		if (buf == NULL)
			continue;
		check_script(buf, len);
		free(buf);
		files++;
	}
	closedir(d);
	return files;
}

/* every corpus statement, alone and all in one script */
static int
check_corpus(const char *dir)
{
	DIR		   *d = opendir(dir);
	struct dirent *e;
	int			count = 0;
	size_t		cap = 1 << 16,
				used = 0;
	char	   *all = malloc(cap);

	if (d == NULL)
	{
		free(all);
		return 0;
	}
	while ((e = readdir(d)) != NULL)
	{
		char		path[1024];
		char		line[65536];
		FILE	   *f;
		size_t		nl = strlen(e->d_name);

		if (nl < 6 || strcmp(e->d_name + nl - 6, ".jsonl") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		while (fgets(line, sizeof(line), f))
		{
			json_t	   *j = json_loads(line, 0, NULL);
			const char *sql = json_string_value(json_object_get(j, "sql"));

			if (sql != NULL)
			{
				size_t		n = strlen(sql);

				check_script(sql, n);
				while (used + n + 3 > cap)
					all = realloc(all, cap *= 2);
				memcpy(all + used, sql, n);
				memcpy(all + used + n, ";\n", 2);
				used += n + 2;
				count++;
			}
			json_decref(j);
		}
		fclose(f);
	}
	closedir(d);
	check_script(all, used);
	free(all);
	return count;
}

static const char *const edges[] = {
	"COPY t FROM 's3://b' IAM_ROLE 'arn:aws:iam::123456789012:role/R'",
	"copy t from 's3://b' iam_role default; copy u from 's3://c' iam_role 'x'; select 1",
	"COPY t FROM 's3://b' IAM_ROLE '{{ role }}' {% if x %} GZIP {% endif %}",
	"COPY {{ schema }}.t FROM '${BUCKET}' IAM_ROLE :'role'",
	"{% if prod %} COPY t FROM 's3://b' IAM_ROLE default",
	"COPY t FROM 's3://b' IAM_ROLE default {{ 'a }}' }} GZIP",
	"COPY t FROM 's3://b' IAM_ROLE default {{ x; }} GZIP",
	"COPY \"\" FROM 's3://b' IAM_ROLE default",
	"COPY t FROM 's3://b\\0' IAM_ROLE default",
	"COPY t FROM 's3://b' IAM_ROLE 'unterminated",
	"COPY t FROM 's3://b' IAM_ROLE default /* unterminated",
	"COPY t FROM $$s3://b$$ IAM_ROLE $x$arn$x$ ; COPY t FROM 's3://b' IAM_ROLE default $1",
	"COPY t FROM 's3://b' IAM_ROLE default -- comment ; still a comment\n; next",
	"COPY t /* a ; */ FROM 's3://b' IAM_ROLE default /* c */ ;",
	"COPY t FROM 's3://b' IAM_ROLE default 1.5e3 1..2 .5 #tmp # x e'esc\\'' E'' N'n' U&'u'",
	"COPY t FROM 's3://b' IAM_ROLE default a+-b c--d\n e/*x*/f +/ -/",
	"COPY t (a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z) "
	"FROM 's3://b' IAM_ROLE default DELIMITER ',' NULL AS '' GZIP MANIFEST REGION 'us-east-1'",
	"UNLOAD ('select * from t where a = ''x''') TO 's3://b/' IAM_ROLE default ENCRYPTED AUTO",
	"UNLOAD ('select 1') TO 's3://b/' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/R'",
	"CREATE TABLE t (a int, b text); CREATE VIEW v AS SELECT 1",
	"CREATE OR REPLACE EXTERNAL FUNCTION f(int) RETURNS int STABLE LAMBDA 'l' IAM_ROLE default",
	"CREATE OR REPLACE LIBRARY l LANGUAGE plpythonu FROM 's3://b/l.zip' IAM_ROLE default",
	"CREATE OR REPLACE VIEW v AS SELECT 1",
	"CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'd' IAM_ROLE 'SESSION'",
	"CREATE MODEL m FROM t TARGET c FUNCTION f IAM_ROLE default SETTINGS (S3_BUCKET 'b')",
	"create",
	"copy",
	"copy;;;unload;create;",
	"COPY t FROM 's3://b' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'x' SESSION_TOKEN 'y'",
	"COPY t FROM 's3://b' WITH CREDENTIALS AS 'aws_access_key_id=A;aws_secret_access_key=B'",
	"COPY\tt\r\nFROM\f's3://b'\vIAM_ROLE default",
	"COPY t FROM 's3://b' IAM_ROLE default\n",
	"   \n-- lead\nCOPY t FROM 's3://b' IAM_ROLE default   ",
};

int
main(int argc, char **argv)
{
	const char *corpus = argc > 1 ? argv[1] : "../shared/corpus";
	static const char *const seed_dirs[] = {
		"test/fuzz/seeds/common", "test/fuzz/seeds/fuzz_validate", "test/fuzz/seeds/fuzz_lexer",
		"test/fuzz/seeds/fuzz_redact", "test/fuzz/seeds/fuzz_template",
		"test/fuzz/seeds/fuzz_secret_oracle",
	};
	size_t		i;
	int			ncorpus,
				nfiles = 0;
	char		many[8192];
	size_t		m = 0;

	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		check_str(edges[i]);
	/* more tokens than are recorded, then a NUL byte in the part lexed later */
	m = (size_t) snprintf(many, sizeof(many), "COPY t FROM 's3://b' IAM_ROLE default");
	for (i = 0; i < 2 * RSI_LEXED_MAX; i++)
		m += (size_t) snprintf(many + m, sizeof(many) - m, " opt%zu 'v%zu'", i, i);
	check_script(many, m);
	many[m - 3] = '\0';
	check_script(many, m);
	TAP_OK(n_partial >= 2, "statements longer than %d tokens hand over a prefix (%d)",
		   RSI_LEXED_MAX, n_partial);

	ncorpus = check_corpus(corpus);
	TAP_OK(ncorpus > 0, "the corpus has statements (%d)", ncorpus);
	for (i = 0; i < sizeof(seed_dirs) / sizeof(seed_dirs[0]); i++)
		nfiles += check_dir(seed_dirs[i]);
	/* run from the repository's root; a copy of src and test/unit alone has no seeds */
	if (access(seed_dirs[0], F_OK) == 0)
		TAP_OK(nfiles > 100, "the fuzz seeds are read (%d files)", nfiles);
	else
		TAP_OK(1, "the fuzz seeds are read # SKIP no %s here", seed_dirs[0]);
	TAP_OK(n_lexed > 0 && n_lexed < n_statements,
		   "the splitter lexed %d of %d statements for the parser", n_lexed, n_statements);
	TAP_IS_INT(n_tok_mismatch, 0, "every token handed over is rsi_lex_next's over the statement %s",
			   first_mismatch);
	TAP_IS_INT(n_parse_mismatch, 0, "every parse with the tokens equals the parse without %s",
			   first_mismatch);
	return tap_done();
}
