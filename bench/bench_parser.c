/*
 * bench_parser.c — core parser throughput.
 *
 * Usage: bench_parser CORPUS_DIR [MB] [ROUNDS]
 *
 * Builds a buffer of the corpus statements repeated to at least MB
 * megabytes (default 100) and measures, in the same process:
 *
 *   parse     the core splitter + parser (rsi_splitter_next, then
 *             rsi_parse_command on each statement), as the CLI and
 *             validate_script use them;
 *   split     the splitter alone (one lexing pass), to show how the parse
 *             time divides;
 *   memchr    a memchr scan of the same buffer for ';': the floor;
 *   pg        PostgreSQL's own parser (libpg_query's raw_parser, PG 15) on
 *             PostgreSQL-valid COPY statements of the same total size, in two
 *             modes: one call per statement, and one call per ~2 KB chunk of
 *             whole statements (the grammar splits them itself).  The faster
 *             mode is the baseline, which favours PostgreSQL.
 *
 * Each measurement is taken ROUNDS times (default 3), interleaved, and the
 * best round is kept: the machines are noisy and the best round is the one
 * least disturbed.  Prints "key=value" lines for bench/report.py.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <pg_query.h>

#include "parse/command.h"
#include "lex/script.h"

/*
 * libpg_query's raw parse entry points are declared in pg_query_internal.h,
 * which needs the PostgreSQL server headers it vendors; declare the four we
 * use with the same layout (the tree is a PostgreSQL List *).
 */
typedef struct
{
	void	   *tree;
	char	   *stderr_buffer;
	PgQueryError *error;
} bench_pg_raw_result;

extern bench_pg_raw_result pg_query_raw_parse(const char *input);
extern void *pg_query_enter_memory_context(void);
extern void pg_query_exit_memory_context(void *ctx);
extern void pg_query_free_error(PgQueryError *error);

#define MB (1024.0 * 1024.0)
#define PG_CHUNK 2048

/* a bump arena reset per statement: the parser's allocations are tiny */
static char arena[1 << 20];
static size_t arena_used;

static void *
arena_alloc(void *ctx, size_t n)
{
	void	   *p;

	(void) ctx;
	n = (n + 15) & ~(size_t) 15;
	if (arena_used + n > sizeof(arena))
		return NULL;
	p = arena + arena_used;
	arena_used += n;
	return p;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap)
	{
		*cap = (*len + n + 1) * 2;
		*buf = realloc(*buf, *cap);
		if (*buf == NULL)
		{
			perror("realloc");
			exit(2);
		}
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/*
 * Does the core parser yield the labelled authorization of one corpus row
 * (same auth_method, same role chain)?  The same question bench_peers.py
 * asks of sqlglot and sqlfluff.
 */
static int
yields_label(json_t *row, const char *sql)
{
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_command cmd;
	rsi_parse_error err;
	json_t	   *roles = json_object_get(row, "roles");
	const char *method = json_string_value(json_object_get(row, "auth_method"));
	size_t		i;

	arena_used = 0;
	if (rsi_parse_command(sql, strlen(sql), NULL, &al, &cmd, &err) != RSI_PARSE_OK ||
		method == NULL || strcmp(rsi_auth_method_name(cmd.auth), method) != 0 ||
		json_array_size(roles) != cmd.nroles)
		return 0;
	for (i = 0; i < cmd.nroles; i++)
		if (strcmp(json_string_value(json_array_get(roles, i)), cmd.roles[i]) != 0)
			return 0;
	return 1;
}

static size_t corpus_auth,
			corpus_auth_total;

/* The corpus statements, each followed by ";\n", in file-name order. */
static char *
load_corpus(const char *dir, size_t *len_out, size_t *count_out)
{
	struct dirent **names;
	int			n = scandir(dir, &names, NULL, alphasort);
	char	   *one = NULL;
	size_t		len = 0,
				cap = 0,
				count = 0;
	int			k;

	if (n < 0)
	{
		perror(dir);
		exit(2);
	}
	for (k = 0; k < n; k++)
	{
		char		path[4096],
				   *line = NULL;
		size_t		lcap = 0;
		FILE	   *f;
		size_t		nl = strlen(names[k]->d_name);

		if (nl < 6 || strcmp(names[k]->d_name + nl - 6, ".jsonl") != 0)
		{
			free(names[k]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, names[k]->d_name);
		free(names[k]);
		f = fopen(path, "r");
		while (f && getline(&line, &lcap, f) > 0)
		{
			json_t	   *j = json_loads(line, 0, NULL);
			const char *sql = json_string_value(json_object_get(j, "sql"));

			if (sql != NULL)
			{
				const char *m = json_string_value(json_object_get(j, "auth_method"));

				if (m != NULL && strcmp(m, "none") != 0)
				{
					corpus_auth_total++;
					corpus_auth += (size_t) yields_label(j, sql);
				}
				append(&one, &len, &cap, sql, strlen(sql));
				append(&one, &len, &cap, ";\n", 2);
				count++;
			}
			json_decref(j);
		}
		if (f)
			fclose(f);
		free(line);
	}
	free(names);
	*len_out = len;
	*count_out = count;
	return one;
}

/*
 * PostgreSQL-valid COPY statements of varied shapes and lengths (from ~40 to
 * ~330 bytes), cycled until the buffer holds at least target bytes.  Every
 * statement ends with ";\n".  Returns the statement offsets through *offs.
 */
static char *
make_pg_copies(size_t target, size_t **offs_out, size_t *count_out)
{
	static const char *const cols[] = {
		"id", "amount", "sold_at", "customer_id", "region", "sku", "qty",
		"warehouse", "updated_at", "note", "price", "currency"
	};
	char	   *buf = NULL;
	size_t		len = 0,
				cap = 0,
				count = 0,
				ocap = 0,
			   *offs = NULL;
	unsigned	seed = 12345;

	while (len < target)
	{
		char		s[1024],
					collist[256] = "";
		int			n,
					ncols,
					c;

		seed = seed * 1103515245u + 12345u;
		ncols = 1 + (int) ((seed >> 16) % 8);
		for (c = 0; c < ncols; c++)
		{
			strcat(collist, c ? ", " : "");
			strcat(collist, cols[(c + (seed >> 8)) % 12]);
		}
		switch (count % 6)
		{
			case 0:
				n = snprintf(s, sizeof(s),
							 "COPY public.sales_%zu (%s) FROM '/data/sales/2024-%02u-%02u/part-%05zu.csv' "
							 "WITH (FORMAT csv, HEADER true)",
							 count % 997, collist, 1 + (seed >> 4) % 12, 1 + (seed >> 9) % 28, count % 99991);
				break;
			case 1:
				n = snprintf(s, sizeof(s), "COPY t%zu FROM '/tmp/x%zu.txt'", count % 101, count);
				break;
			case 2:
				n = snprintf(s, sizeof(s),
							 "COPY inventory_%zu (%s) FROM '/srv/exports/inventory/%zu.csv' "
							 "WITH (FORMAT csv, DELIMITER ',', NULL '', QUOTE '\"', ESCAPE '\\', HEADER true, ENCODING 'UTF8')",
							 count % 89, collist, count);
				break;
			case 3:
				n = snprintf(s, sizeof(s),
							 "COPY analytics.events_%zu FROM PROGRAM 'gzip -dc /data/events/%zu.gz' "
							 "WITH (FORMAT text, FREEZE false)",
							 count % 53, count);
				break;
			case 4:
				n = snprintf(s, sizeof(s),
							 "COPY \"Staging\".\"Orders_%zu\" (%s) FROM '/mnt/landing/orders/%zu/orders.tsv' "
							 "WITH (FORMAT text, DELIMITER E'\\t', NULL '\\N', FORCE_NULL (%s))",
							 count % 31, collist, count, cols[(seed >> 3) % 12]);
				break;
			default:
				n = snprintf(s, sizeof(s),
							 "COPY warehouse.stock_%zu FROM '/var/lib/etl/in/stock_%zu.csv' "
							 "(FORMAT csv, HEADER match, FORCE_NOT_NULL (%s), ENCODING 'LATIN1')",
							 count % 17, count, cols[(seed >> 5) % 12]);
				break;
		}
		if (count == ocap)
		{
			ocap = ocap ? ocap * 2 : 1024;
			offs = realloc(offs, ocap * sizeof(size_t));
		}
		offs[count++] = len;
		append(&buf, &len, &cap, s, (size_t) n);
		append(&buf, &len, &cap, ";\n", 2);
	}
	*offs_out = offs;
	*count_out = count;
	return buf;
}

static int
pg_parse_one(const char *sql)
{
	void	   *ctx = pg_query_enter_memory_context();
	bench_pg_raw_result r = pg_query_raw_parse(sql);
	int			ok = r.error == NULL && r.tree != NULL;

	if (r.error != NULL)
	{
		fprintf(stderr, "pg_query: %s in: %.200s\n", r.error->message, sql);
		pg_query_free_error(r.error);
	}
	free(r.stderr_buffer);
	pg_query_exit_memory_context(ctx);
	return ok;
}

/* One call per statement; scratch receives a NUL-terminated copy. */
static double
pg_per_statement(const char *buf, size_t len, const size_t *offs, size_t count, char *scratch,
				 size_t *ok)
{
	double		t0 = now();
	size_t		i;

	*ok = 0;
	for (i = 0; i < count; i++)
	{
		size_t		end = i + 1 < count ? offs[i + 1] : len;

		memcpy(scratch, buf + offs[i], end - offs[i]);
		scratch[end - offs[i]] = '\0';
		*ok += (size_t) pg_parse_one(scratch);
	}
	return now() - t0;
}

/* One call per chunk of whole statements of about PG_CHUNK bytes. */
static double
pg_chunked(const char *buf, size_t len, const size_t *offs, size_t count, char *scratch,
		   size_t *ok)
{
	double		t0 = now();
	size_t		i = 0;

	*ok = 0;
	while (i < count)
	{
		size_t		j = i + 1,
					end;

		while (j < count && offs[j] - offs[i] < PG_CHUNK)
			j++;
		end = j < count ? offs[j] : len;
		memcpy(scratch, buf + offs[i], end - offs[i]);
		scratch[end - offs[i]] = '\0';
		if (pg_parse_one(scratch))
			*ok += j - i;
		i = j;
	}
	return now() - t0;
}

static double
core_parse(const char *buf, size_t len, size_t *nstmt, size_t *nok)
{
	double		t0 = now();
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_splitter sp;
	rsi_statement st;

	*nstmt = *nok = 0;
	rsi_splitter_init(&sp, buf, len);
	while (rsi_splitter_next(&sp, &st))
	{
		rsi_command cmd;
		rsi_parse_error err;

		arena_used = 0;
		(*nstmt)++;
		if (rsi_parse_command(buf + st.off, st.end - st.off, NULL, &al, &cmd, &err) == RSI_PARSE_OK)
			(*nok)++;
	}
	return now() - t0;
}

static double
core_split(const char *buf, size_t len, size_t *nstmt)
{
	double		t0 = now();
	rsi_splitter sp;
	rsi_statement st;

	*nstmt = 0;
	rsi_splitter_init(&sp, buf, len);
	while (rsi_splitter_next(&sp, &st))
		(*nstmt)++;
	return now() - t0;
}

static double
memchr_scan(const char *buf, size_t len, size_t *nsemi)
{
	double		t0 = now();
	const char *p = buf;

	*nsemi = 0;
	while ((p = memchr(p, ';', (size_t) (buf + len - p))) != NULL)
	{
		(*nsemi)++;
		p++;
	}
	return now() - t0;
}

static double
min2(double a, double b)
{
	return a < b ? a : b;
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "../shared/corpus";
	size_t		target = (size_t) (argc > 2 ? atoi(argv[2]) : 100) * 1024 * 1024;
	int			rounds = argc > 3 ? atoi(argv[3]) : 3;
	size_t		one_len,
				ncorpus,
				len = 0,
				pg_len,
				pg_count,
				nstmt = 0,
				nok = 0,
				nsplit = 0,
				nsemi = 0,
				pg_ok1 = 0,
				pg_okc = 0,
			   *pg_offs,
				i;
	char	   *one = load_corpus(dir, &one_len, &ncorpus),
			   *buf,
			   *pg_buf,
			   *scratch;
	double		t_parse = 1e30,
				t_split = 1e30,
				t_scan = 1e30,
				t_pg1 = 1e30,
				t_pgc = 1e30,
				t_pg;
	int			r;

	if (ncorpus == 0)
	{
		fprintf(stderr, "bench_parser: no statements in %s/*.jsonl\n", dir);
		return 2;
	}
	if (rounds < 1)
		rounds = 1;
	buf = malloc(target + one_len);
	while (len < target)
	{
		memcpy(buf + len, one, one_len);
		len += one_len;
	}
	pg_buf = make_pg_copies(len, &pg_offs, &pg_count);
	pg_len = strlen(pg_buf);	/* = len plus at most one statement */
	scratch = malloc(PG_CHUNK + 4096);	/* a chunk ends with a whole statement */

	for (r = 0; r < rounds; r++)
	{
		t_parse = min2(t_parse, core_parse(buf, len, &nstmt, &nok));
		t_split = min2(t_split, core_split(buf, len, &nsplit));
		for (i = 0; i < 3; i++)
			t_scan = min2(t_scan, memchr_scan(buf, len, &nsemi));
		t_pg1 = min2(t_pg1, pg_per_statement(pg_buf, pg_len, pg_offs, pg_count, scratch, &pg_ok1));
		t_pgc = min2(t_pgc, pg_chunked(pg_buf, pg_len, pg_offs, pg_count, scratch, &pg_okc));
	}
	t_pg = min2(t_pg1, t_pgc);

	printf("parser.corpus_statements=%zu\n", ncorpus);
	printf("parser.corpus_auth=%zu\n", corpus_auth);
	printf("parser.corpus_auth_total=%zu\n", corpus_auth_total);
	printf("parser.bytes=%zu\n", len);
	printf("parser.statements=%zu\n", nstmt);
	printf("parser.statements_ok=%zu\n", nok);
	printf("parser.rounds=%d\n", rounds);
	printf("parser.mb_s=%.2f\n", len / MB / t_parse);
	printf("parser.stmt_s=%.0f\n", nstmt / t_parse);
	printf("parser.ns_per_byte=%.3f\n", t_parse * 1e9 / len);
	printf("split.mb_s=%.2f\n", len / MB / t_split);
	printf("split.share=%.3f\n", t_split / t_parse);
	printf("memchr.mb_s=%.2f\n", len / MB / t_scan);
	printf("pg.bytes=%zu\n", pg_len);
	printf("pg.statements=%zu\n", pg_count);
	printf("pg.statements_ok=%zu\n", pg_ok1 < pg_okc ? pg_ok1 : pg_okc);
	printf("pg.per_statement_mb_s=%.2f\n", pg_len / MB / t_pg1);
	printf("pg.chunked_mb_s=%.2f\n", pg_len / MB / t_pgc);
	printf("pg.mode=%s\n", t_pg1 <= t_pgc ? "per-statement" : "2KB chunks");
	printf("pg.mb_s=%.2f\n", pg_len / MB / t_pg);
	printf("pg.stmt_s=%.0f\n", pg_count / t_pg);
	free(scratch);
	free(pg_buf);
	free(pg_offs);
	free(buf);
	free(one);
	return (nok == nstmt && pg_ok1 == pg_count && pg_okc == pg_count) ? 0 : 1;
}
