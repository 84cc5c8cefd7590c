/*
 * test_stream.c — splitting a script read in chunks gives exactly what
 * splitting it in one piece gives, at every chunk size; over-long
 * statements are reported and skipped in bounded memory.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lex/lexer.h"
#include "lex/script.h"
#include "lex/stream.h"
#include "tap.h"

typedef struct found
{
	unsigned long long off,
				end;
	int			line,
				col;
} found;

typedef struct result
{
	found	   *st;
	size_t		n;
	size_t		cap;
	size_t		covered;		/* bytes of all segments, in order */
	int			gapless;		/* each segment starts where the previous ended */
	int			too_long;
	int			abandoned;
	size_t		max_size;		/* largest buffer the stream allocated */
} result;

static void
push(result *r, unsigned long long off, unsigned long long end, int line, int col)
{
	if (r->n == r->cap)
	{
		r->cap = r->cap ? 2 * r->cap : 64;
		r->st = realloc(r->st, r->cap * sizeof(found));
		if (r->st == NULL)
			abort();
	}
	r->st[r->n].off = off;
	r->st[r->n].end = end;
	r->st[r->n].line = line;
	r->st[r->n].col = col;
	r->n++;
}

static void
split_whole(const char *text, size_t len, result *r)
{
	rsi_splitter sp;
	rsi_statement st;

	memset(r, 0, sizeof(*r));
	rsi_splitter_init(&sp, text, len);
	while (rsi_splitter_next(&sp, &st))
		push(r, st.off, st.end, st.line, st.col);
}

static void
split_stream(const char *text, size_t len, size_t chunk, size_t max_stmt, int greedy, result *r)
{
	rsi_stream	s;
	rsi_stream_item it;
	size_t		fed = 0;
	unsigned long long next_pos = 0;

	memset(r, 0, sizeof(*r));
	r->gapless = 1;
	if (rsi_stream_init(&s, chunk, max_stmt) != 0)
		abort();
	for (;;)
	{
		while (rsi_stream_next(&s, &it))
		{
			if (it.seg_pos != next_pos)
				r->gapless = 0;
			next_pos = it.seg_pos + it.seg_len;
			r->covered += it.seg_len;
			if (it.kind == RSI_STREAM_STATEMENT)
				push(r, it.seg_pos + it.off, it.seg_pos + it.end, it.line, it.col);
			else if (it.kind == RSI_STREAM_TOO_LONG)
			{
				r->too_long++;
				push(r, it.seg_pos + it.off, 0, it.line, it.col);
			}
			else if (it.kind == RSI_STREAM_ABANDONED)
			{
				r->abandoned++;
				push(r, it.seg_pos, 0, it.line, it.col);
			}
		}
		if (rsi_stream_finished(&s))
			break;
		{
			size_t		room,
						n;
			char	   *p = rsi_stream_buffer(&s, &room);

			if (p == NULL)
				abort();
			if (s.size > r->max_size)
				r->max_size = s.size;
			/* greedy: as much as the stream has room for, as the CLI reads */
			n = len - fed < chunk || greedy ? len - fed : chunk;
			if (n > room)
				n = room;
			memcpy(p, text + fed, n);
			fed += n;
			rsi_stream_fill(&s, n);
		}
	}
	rsi_stream_free(&s);
}

static int
same(const result *a, const result *b)
{
	size_t		i;

	if (a->n != b->n)
	{
		printf("#   %zu statements, want %zu\n", a->n, b->n);
		return 0;
	}
	for (i = 0; i < a->n; i++)
		if (a->st[i].off != b->st[i].off || a->st[i].end != b->st[i].end ||
			a->st[i].line != b->st[i].line || a->st[i].col != b->st[i].col)
		{
			printf("#   statement %zu: %llu-%llu %d:%d, want %llu-%llu %d:%d\n", i + 1,
				   a->st[i].off, a->st[i].end, a->st[i].line, a->st[i].col,
				   b->st[i].off, b->st[i].end, b->st[i].line, b->st[i].col);
			return 0;
		}
	return 1;
}

/* Every chunk size from 1 to 70, and some larger ones, against the whole. */
static void
check_all_chunks(const char *name, const char *text, size_t len)
{
	static const size_t big[] = {97, 128, 1000, 4096, 65536};
	result		want,
				got;
	size_t		c;
	int			ok = 1;

	split_whole(text, len, &want);
	for (c = 1; c <= 70 + sizeof(big) / sizeof(big[0]) && ok; c++)
	{
		size_t		chunk = c <= 70 ? c : big[c - 71];

		split_stream(text, len, chunk, 0, 0, &got);
		if (!same(&got, &want) || got.covered != len || !got.gapless)
		{
			printf("#   chunk size %zu (covered %zu of %zu bytes)\n", chunk, got.covered, len);
			ok = 0;
		}
		free(got.st);
	}
	TAP_OK(ok, "%s: %zu statements, identical at every chunk size", name, want.n);
	free(want.st);
}

static const char *const tricky =
	"-- leading comment; not a split\n"
	"COPY t FROM 's3://b/x;y' IAM_ROLE 'arn:aws:iam::123456789012:role/R';\n"
	"/* block /* nested ; */ still ; */ UNLOAD ('select '';'' , \\'x;\\'') TO 's3://b/u' IAM_ROLE default;\n"
	"select $$;$$, $tag$ ; $$ ; $tag$, E'\\';'  ;;  ; \n"
	"  copy   t from 'x'\r\n  iam_role 'arn:aws:iam::123456789012:role/Ü'  -- trailing ; comment\n ;"
	"create external schema s from data catalog database 'd' iam_role 'arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B'\n"
	";\n-- café ; ünïcode\nselect 'ünï;cödé', \"q;id\";--x\n/*y*/;copy t from 'unterminated ; string\n";

static char *
corpus_script(const char *dir, size_t *len)
{
	DIR		   *d = opendir(dir);
	struct dirent *e;
	size_t		cap = 1 << 16,
				n = 0;
	char	   *out = malloc(cap);

	if (d == NULL || out == NULL)
	{
		free(out);
		if (d)
			closedir(d);
		return NULL;
	}
	while ((e = readdir(d)) != NULL)
	{
		char		path[4096];
		char		line[1 << 16];
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
			json_error_t jerr;
			json_t	   *o = json_loads(line, 0, &jerr);
			const char *sql = o ? json_string_value(json_object_get(o, "sql")) : NULL;

			if (sql)
			{
				size_t		k = strlen(sql);

				while (n + k + 8 > cap)
				{
					cap *= 2;
					out = realloc(out, cap);
					if (out == NULL)
						abort();
				}
				memcpy(out + n, sql, k);
				n += k;
				memcpy(out + n, ";\n\n", 3);
				n += 3;
			}
			json_decref(o);
		}
		fclose(f);
	}
	closedir(d);
	*len = n;
	return out;
}


/* text = head + times copies of unit + tail, in a new buffer */
static char *
build(const char *head, const char *unit, int times, const char *tail, size_t *len)
{
	size_t		h = strlen(head),
				u = strlen(unit),
				t = strlen(tail),
				n = h + u * (size_t) times + t;
	char	   *out = malloc(n + 1);
	int			i;

	if (out == NULL)
		abort();
	memcpy(out, head, h);
	for (i = 0; i < times; i++)
		memcpy(out + h + u * (size_t) i, unit, u);
	memcpy(out + h + u * (size_t) times, tail, t + 1);
	*len = n;
	return out;
}

/*
 * A construct far longer than the limit inside a statement is skipped in
 * pieces: the statement is reported too long at its start, and the next
 * one is found where splitting the whole text finds it, at every chunk
 * size, in a buffer bounded by the limit.
 */
static void
check_long_construct(const char *name, const char *open, const char *unit, int times,
					 const char *close)
{
	char		head[128],
				tail[128];
	size_t		len,
				chunk,
				biggest = 0;
	char	   *text;
	result		want,
				got;
	int			ok = 1;

	snprintf(head, sizeof(head), "copy a from 'x';\ninsert into t values (1, %s", open);
	snprintf(tail, sizeof(tail), "%s, 'é');  copy b from 'y' iam_role default;\n", close);
	text = build(head, unit, times, tail, &len);
	split_whole(text, len, &want);
	for (chunk = 1; chunk <= 70 && ok; chunk++)
	{
		split_stream(text, len, chunk, 100, 0, &got);
		ok = want.n == 3 && got.n == 3 && got.too_long == 1 && got.abandoned == 0 &&
			got.st[0].off == want.st[0].off && got.st[1].off == want.st[1].off &&
			got.st[1].line == want.st[1].line && got.st[1].col == want.st[1].col &&
			got.st[2].off == want.st[2].off && got.st[2].end == want.st[2].end &&
			got.st[2].line == want.st[2].line && got.st[2].col == want.st[2].col &&
			got.max_size <= 100 + 3 * chunk + 64;
		if (!ok && got.n == 3 && want.n == 3)
			printf("#   chunk %zu: last statement %llu %d:%d, want %llu %d:%d; %d too long, %d abandoned; buffer %zu\n",
				   chunk, got.st[2].off, got.st[2].line, got.st[2].col, want.st[2].off,
				   want.st[2].line, want.st[2].col, got.too_long, got.abandoned, got.max_size);
		else if (!ok)
			printf("#   chunk %zu: %zu items (%d too long, %d abandoned), whole: %zu\n", chunk, got.n,
				   got.too_long, got.abandoned, want.n);
		if (got.max_size > biggest)
			biggest = got.max_size;
		free(got.st);
	}
	TAP_OK(ok, "%s of %zu bytes in an over-long statement is skipped in pieces; the next statement at "
		   "%d:%d (every chunk size, buffer at most %zu bytes)", name, len, want.n == 3 ? want.st[2].line : 0,
		   want.n == 3 ? want.st[2].col : 0, biggest);
	free(want.st);
	free(text);
}

/*
 * The same construct never closed: at the end of the input it is reported
 * (abandoned) where it began, with its lexical error, at every chunk size.
 */
static void
check_open_construct(const char *name, const char *open, const char *unit, int times)
{
	const char *head = "copy a from 'x';\ninsert into t values (1, ";
	size_t		len,
				chunk;
	char	   *text,
			   *h;
	result		got;
	int			ok = 1;

	h = malloc(strlen(head) + strlen(open) + 1);
	if (h == NULL)
		abort();
	strcpy(h, head);
	strcat(h, open);
	text = build(h, unit, times, "", &len);
	for (chunk = 1; chunk <= 70 && ok; chunk++)
	{
		split_stream(text, len, chunk, 100, 0, &got);
		ok = got.n == 3 && got.too_long == 1 && got.abandoned == 1 &&
			got.st[2].off == strlen(head) && got.st[2].line == 2 && got.st[2].col == 26;
		if (!ok)
			printf("#   chunk %zu: %zu items, %d too long, %d abandoned\n", chunk, got.n, got.too_long,
				   got.abandoned);
		free(got.st);
	}
	TAP_OK(ok, "%s never closed is reported where it began (2:26) at the end of the input (every chunk size)",
		   name);
	free(text);
	free(h);
}


/*
 * Random scripts of closed strings, E'' strings, quoted identifiers, dollar
 * quotes, block and line comments (some longer than the limit), words and
 * ';', read in chunks of 1 to 40 bytes: every statement and every
 * over-long one is where splitting the whole text puts it, nothing is
 * abandoned, and the buffer stays bounded.  A fixed seed: the same scripts
 * every run.
 */
static unsigned rng_state = 20261207u;

static unsigned
rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static size_t
random_script(char *buf, size_t cap)
{
	static const char *const words[] = {
		"'a''b\\'c\\\\d'", "E'x\\'y''z'", "\"q\"\"r\"", "$t$ $ $t x $t$", "$$a$b$$", "/* c * / */",
		"-- line ; c\n", "\n", ";", "abc", "123", "é", "(", ")", ",", "$tag", "-", "/"
	};
	static const char *const open[] = {"'", "E'", "\"", "$t$", "/*", "$$"};
	static const char *const close[] = {"'", "'", "\"", "$t$", "*/", "$$"};
	size_t		n = 0;
	int			pieces = 5 + (int) (rng() % 50),
				i;

	for (i = 0; i < pieces && n + 600 < cap; i++)
	{
		if (rng() % 4 == 0)
		{
			int			k = (int) (rng() % 6);
			size_t		len = 20 + rng() % 300,
						j;

			n += (size_t) sprintf(buf + n, "%s", open[k]);
			for (j = 0; j < len; j++)
			{
				unsigned	r = rng() % 16;
				char		c = (char) ('a' + r);

				if (r == 0)
					c = '\n';
				else if (r == 1)
					c = ';';
				else if (r == 2 && (k == 0 || k == 2))
				{
					buf[n++] = open[k][0];	/* '' or "" */
					c = open[k][0];
				}
				else if (r == 3 && k < 2)
				{
					buf[n++] = '\\';	/* \' or \\ */
					c = rng() % 2 ? '\'' : '\\';
				}
				else if (r == 4 && k == 4)
					c = buf[n - 1] == '/' ? 'x' : '*';
				else if (r == 5 && k == 4)
					c = buf[n - 1] == '*' ? 'x' : '/';
				else if (r == 6 && k == 3)
					c = buf[n - 1] == 't' ? 'y' : '$';
				buf[n++] = c;
			}
			if (k == 4 && buf[n - 1] == '/')
				buf[n++] = 'x';
			if ((k == 3 || k == 5) && buf[n - 1] == '$')
				buf[n++] = 'x';
			n += (size_t) sprintf(buf + n, "%s", close[k]);
		}
		else
			n += (size_t) sprintf(buf + n, "%s", words[rng() % (sizeof(words) / sizeof(words[0]))]);
		buf[n++] = ' ';
	}
	return n;
}

static void
check_random_scripts(int count)
{
	static char text[40000];
	result		want,
				got;
	int			i,
				ok = 1,
				runs = 0,
				skipped = 0;

	for (i = 0; i < count && ok; i++)
	{
		size_t		len = random_script(text, sizeof(text)),
					max = 60 + rng() % 100,
					chunk,
					k;

		split_whole(text, len, &want);
		for (chunk = 1; chunk <= 40 && ok; chunk += 1 + rng() % 6)
		{
			split_stream(text, len, chunk, max, 0, &got);
			runs++;
			skipped += got.too_long;
			ok = got.n == want.n && got.abandoned == 0 && got.max_size <= max + 3 * chunk + 64;
			for (k = 0; ok && k < got.n; k++)
			{
				/* a statement is too long from its first token through its ';' (or the end) */
				rsi_token	t;
				size_t		end;

				rsi_lex_next(text, len, want.st[k].end, &t);
				end = t.kind == RSI_TOK_SEMI ? t.off + 1 : len;
				ok = got.st[k].off == want.st[k].off && got.st[k].line == want.st[k].line &&
					got.st[k].col == want.st[k].col &&
					(end - want.st[k].off > max ? got.st[k].end == 0 : got.st[k].end == want.st[k].end);
			}
			if (!ok)
				printf("#   script %d (%zu bytes), chunk %zu, limit %zu: %zu items, want %zu; %d abandoned\n",
					   i, len, chunk, max, got.n, want.n, got.abandoned);
			free(got.st);
		}
		free(want.st);
	}
	TAP_OK(ok, "%d random scripts with long constructs, at chunk sizes 1 to 40 (%d runs, %d over-long "
		   "statements skipped): as split whole, nothing abandoned", count, runs, skipped);
}


/*
 * Text between statements longer than the limit: handed out as filler in
 * pieces (segments still cover the input without gaps), nothing skipped.
 */
static void
check_long_filler(const char *name, const char *open, const char *unit, int times, const char *close)
{
	char		head[64],
				tail[64];
	size_t		len,
				chunk;
	char	   *text;
	result		want,
				got;
	int			ok = 1;

	snprintf(head, sizeof(head), "copy a from 'x';\n%s", open);
	snprintf(tail, sizeof(tail), "%s copy b from 'y';\n", close);
	text = build(head, unit, times, tail, &len);
	split_whole(text, len, &want);
	for (chunk = 1; chunk <= 70 && ok; chunk++)
	{
		split_stream(text, len, chunk, 100, 0, &got);
		ok = want.n == 2 && same(&got, &want) && got.too_long == 0 && got.abandoned == 0 && got.gapless &&
			got.covered == len && got.max_size <= 100 + 3 * chunk + 64;
		if (!ok)
			printf("#   chunk %zu: %zu items, %d too long, %d abandoned, %s, covered %zu of %zu, buffer %zu\n",
				   chunk, got.n, got.too_long, got.abandoned, got.gapless ? "gapless" : "gaps", got.covered, len,
				   got.max_size);
		free(got.st);
	}
	TAP_OK(ok, "%s (%zu bytes) between statements: both statements found, nothing skipped (every chunk size)",
		   name, len);
	free(want.st);
	free(text);
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "../shared/corpus";
	result		want,
				got;
	size_t		len,
				i;
	char	   *text;

	check_all_chunks("tricky script", tricky, strlen(tricky));
	check_all_chunks("no final newline or ';'", "copy t from 'x' iam_role default", 32);
	check_all_chunks("only comments", "-- a\n/* b\n c */ -- d\n;; ;\n-- e", 29);
	check_all_chunks("empty input", "", 0);
	check_all_chunks("unterminated block comment", "copy t from 'x'; /* open\n; copy", 31);
	check_all_chunks("NUL byte inside", "copy t\0 from 'x'; select 1;", 27);
	check_all_chunks("dollar tag cut anywhere", "select $abc$ ; $ab$ ; $abc$; select $1;", 39);


	/* long constructs inside an over-long statement: skipped in pieces, checking goes on */
	check_long_construct("a string with '', \\' and \\\\", "'", "ab''c\\'d\\\\e;\n", 80, "zé'");
	check_long_construct("an E'' string", "E'", "x\\'y''z\\\\;\n", 80, "'");
	check_long_construct("a \"quoted identifier\" with \"\"", "\"", "a\"\"b;é\n", 150, "\"");
	check_long_construct("a dollar quote with near-tags", "$tg$", "$t $tg x$ $;\n", 100, "$tg$");
	check_long_construct("a dollar quote with a UTF-8 tag", "$ü$", "$ $ü x $ü;é\n", 100, "$ü$");
	check_long_construct("a block comment with * and /", "/*", "a * b / c ;\n", 90, "**/ 2");
	check_long_construct("a block comment ending in a run of *", "/*", "a ** b // c ;é", 90, "***/ 2");
	check_long_construct("lines of comments", "", "-- line ; comment\n", 60, "2");
	check_long_construct("a string of one long line", "'", "0123456789", 100, "'");
	check_open_construct("a string", "'", "ab''c\\'d;\n", 80);
	check_open_construct("an E'' string", "E'", "ab''c\\'d;\n", 80);
	check_open_construct("a dollar quote", "$tg$", "$t $tg x$ $;\n", 100);
	check_open_construct("a block comment", "/*", "a * b / c ;\n", 90);

	check_random_scripts(400);

	/* a read that ends inside "$tag" while skipping: the '$' is not an operator yet */
	{
		size_t		n,
					chunk;
		char	   *text = build("copy a from 'x';\ninsert into t values (", "1, ", 60,
								 "$tag$ ; $tag$);\ncopy b from 'y';\n", &n);
		int			ok = 1;

		split_whole(text, n, &want);
		for (chunk = 1; chunk <= 70 && ok; chunk++)
		{
			split_stream(text, n, chunk, 100, 0, &got);
			ok = want.n == 3 && got.n == 3 && got.too_long == 1 && got.st[2].off == want.st[2].off &&
				got.st[2].line == want.st[2].line && got.st[2].col == want.st[2].col;
			if (!ok)
				printf("#   chunk %zu: %zu items, %d too long\n", chunk, got.n, got.too_long);
			free(got.st);
		}
		TAP_OK(ok, "a $tag$ quote in a skipped statement, cut after \"$ta\" by a read: its ';' is not the end "
			   "(every chunk size)");
		free(want.st);
		free(text);
	}
	check_long_filler("a block comment with * and / and ;", "/*", "a * b / c ;\n", 90, "*/");
	check_long_filler("a line of short block comments", "", "/* c ; */ ", 100, "");
	check_long_filler("blank lines and a trailing line comment", "", "  \n", 100, "-- c\n");

	/* a nested comment is not skipped in pieces (its depth is not kept): the rest is abandoned there */
	{
		size_t		n;
		char	   *text = build("copy a from 'x';\ninsert into t values (1, /* a /* b */", " xyz ;\n", 100,
								 " */ 2);\ncopy b from 'y';\n", &n);

		split_stream(text, n, 16, 100, 0, &got);
		TAP_OK(got.n == 3 && got.too_long == 1 && got.abandoned == 1 && got.st[2].line == 2 &&
			   got.st[2].col == 26, "a nested block comment over the limit abandons the rest at its start (2:26)");
		free(got.st);
		free(text);
	}

	text = corpus_script(dir, &len);
	TAP_OK(text != NULL && len > 1000, "corpus read from %s (%zu bytes)", dir, len);
	if (text)
		check_all_chunks("the corpus as one script", text, len);
	free(text);

	/* an over-long statement is reported, skipped to its ';', and the rest still split */
	{
		const char *src = "copy a from 'x';\ninsert into t values (1, 'abc', 2, 3, 4, 5, 6, 7, 8, 9), (10, 11);\ncopy b from 'y';\n";

		static const size_t sizes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 17, 19, 23, 31, 40, 64, 100, 4096};

		for (i = 0; i < 20; i++)
		{
			split_stream(src, strlen(src), sizes[i], 40, 0, &got);
			if (got.n != 3 || got.too_long != 1 || got.st[1].line != 2 || got.st[1].col != 1 ||
				got.st[2].line != 3 || got.st[2].off != strlen(src) - 17)
				break;
			free(got.st);
		}
		TAP_OK(i == 20, "a statement over the limit is reported at its line and skipped to its ';' (any chunk size)");
		if (i != 20)
			free(got.st);
	}

	/* an unterminated string longer than the limit: the rest is abandoned, memory stays bounded */
	{
		size_t		n = 1 << 20;
		char	   *big = malloc(n);

		memset(big, 'x', n);
		memcpy(big, "copy a from 'x';\n\ncopy b from 'y", 32);
		split_stream(big, n, 4096, 10000, 1, &got);
		TAP_OK(got.n == 3 && got.too_long == 1 && got.abandoned == 1 && got.st[2].line == 3 &&
			   got.st[2].col == 13, "an unterminated string over the limit abandons the rest, at its start (line 3, col 13)");
		TAP_OK(got.max_size <= 10000 + 3 * 4096, "the buffer never exceeds the limit plus chunks (%zu bytes)", got.max_size);
		free(got.st);

		/* a megabyte of comments between statements is handed out as it comes */
		for (i = 0; i + 12 < n; i += 12)
			memcpy(big + i, "-- comment;\n", 12);
		memcpy(big + i - 12, "copy b;\n\n\n\n", 12);
		split_stream(big, n, 4096, 10000, 1, &got);
		split_whole(big, n, &want);
		TAP_OK(same(&got, &want) && got.too_long == 0 && got.abandoned == 0 && got.max_size <= 4 * 4096,
			   "a megabyte of comments passes in bounded memory (%zu bytes)", got.max_size);
		free(got.st);
		free(want.st);
		free(big);
	}

	/* a long statement within the limit: read in growing chunks, split once more per read */
	{
		size_t		n = 3 << 20;
		char	   *big = malloc(n);

		memset(big, ' ', n);
		memcpy(big, "copy a from '", 13);
		memcpy(big + n - 20, "' iam_role default;", 19);
		split_stream(big, n, 1024, 0, 1, &got);
		split_whole(big, n, &want);
		TAP_OK(same(&got, &want) && got.n == 1, "a 3 MB statement splits like the whole (buffer %zu bytes)", got.max_size);
		free(got.st);
		free(want.st);
		free(big);
	}
	return tap_done();
}
