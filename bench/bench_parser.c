/*
 * bench_parser.c — core parser throughput, beside PostgreSQL's parser on
 * the same bytes.
 *
 * Usage: bench_parser CORPUS_DIR [MB] [ROUNDS]
 *
 * Measures, in the same process, interleaved round by round (ROUNDS, at
 * least 5; min, median and max are printed; MB is 10^6 bytes):
 *
 *   parse     the core splitter + parser (rsi_splitter_next, then
 *             rsi_parse_command on each statement), as the CLI and
 *             validate_script use them, over the corpus statements that
 *             parse to the end, repeated to MB megabytes (default 100);
 *   split     the splitter alone (one lexing pass) over the same bytes;
 *   memchr    a memchr scan of the same bytes for ';': the floor;
 *   twin      the core and PostgreSQL's own parser (libpg_query's
 *             raw_parser, PG 15) on the same bytes: COPY statements in the
 *             syntax both grammars share, the core's copy with its
 *             authorization clause, PostgreSQL's with as many spaces there
 *             (see make_twins).  PostgreSQL runs one call per statement and
 *             one per ~2 KB chunk of whole statements; the faster is kept.
 *
 * Exits 1 when any timed statement fails to parse in either parser: a
 * statement that stops early would be timed as less work.  Prints
 * "key=value" lines for bench/report.py.
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

#define MB 1e6				/* MB/s means 10^6 bytes per second */
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
			corpus_auth_total,
			corpus_excluded;

/* Does the core parse sql[0..n) to the end (RSI_PARSE_OK)? */
static int
parses(const char *sql, size_t n)
{
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_command cmd;
	rsi_parse_error err;

	arena_used = 0;
	return rsi_parse_command(sql, n, NULL, &al, &cmd, &err) == RSI_PARSE_OK;
}

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
				/* only statements the core parses to the end are timed */
				if (parses(sql, strlen(sql)))
				{
					append(&one, &len, &cap, sql, strlen(sql));
					append(&one, &len, &cap, ";\n", 2);
					count++;
				}
				else
					corpus_excluded++;
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
 * Twin statements: the same bytes for both parsers.  No statement is valid
 * in both grammars (Redshift's COPY requires an authorization clause that
 * PostgreSQL's COPY grammar cannot parse), so each statement is written in
 * the syntax both share (schema-qualified and quoted names, a column list,
 * FROM '<path>', CSV, DELIMITER [AS], NULL [AS], QUOTE [AS]) and the
 * Redshift copy (rs) holds its authorization clause where the PostgreSQL
 * copy (pg) holds as many spaces.  The two buffers have the same length
 * and every byte outside the clause is identical; skipping blanks is
 * cheaper than lexing the clause, which favours PostgreSQL.  Statements are
 * ~60 to ~330 bytes, each ending with ";\n"; *offs_out receives the offsets.
 */
static void
make_twins(size_t target, char **rs_out, char **pg_out, size_t *len_out,
		   size_t **offs_out, size_t *count_out)
{
	static const char *const cols[] = {
		"id", "amount", "sold_at", "customer_id", "region", "sku", "qty",
		"warehouse", "updated_at", "note", "price", "currency"
	};
	static const char *const auth[] = {
		"IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload'",
		"IAM_ROLE default",
		"IAM_ROLE 'arn:aws:iam::123456789012:role/Etl,arn:aws:iam::210987654321:role/Reader'",
		"CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/MyRedshiftRole'",
	};
	char	   *rs = NULL,
			   *pg = NULL;
	size_t		len = 0,
				cap = 0,
				pglen = 0,
				pgcap = 0,
				count = 0,
				ocap = 0,
			   *offs = NULL;
	unsigned	seed = 12345;

	while (len < target)
	{
		char		head[512],
					tail[256],
					collist[256] = "";
		const char *a = auth[count % 4];
		int			nh,
					nt,
					ncols,
					c;
		size_t		k;

		seed = seed * 1103515245u + 12345u;
		ncols = 1 + (int) ((seed >> 16) % 8);
		for (c = 0; c < ncols; c++)
		{
			strcat(collist, c ? ", " : "");
			strcat(collist, cols[(c + (seed >> 8)) % 12]);
		}
		switch (count % 5)
		{
			case 0:
				nh = snprintf(head, sizeof(head),
							  "COPY public.sales_%zu (%s) FROM 's3://my-bucket/sales/2024-%02u-%02u/part-%05zu.csv' ",
							  count % 997, collist, 1 + (seed >> 4) % 12, 1 + (seed >> 9) % 28, count % 99991);
				nt = snprintf(tail, sizeof(tail), " CSV");
				break;
			case 1:
				nh = snprintf(head, sizeof(head), "COPY t%zu FROM 's3://b/x%zu.txt' ", count % 101, count);
				nt = snprintf(tail, sizeof(tail), " ");
				break;
			case 2:
				nh = snprintf(head, sizeof(head),
							  "COPY inventory_%zu (%s) FROM 's3://exports/inventory/%zu.csv' ",
							  count % 89, collist, count);
				nt = snprintf(tail, sizeof(tail), " CSV QUOTE AS '\"' DELIMITER ',' NULL AS ''");
				break;
			case 3:
				nh = snprintf(head, sizeof(head),
							  "COPY \"Staging\".\"Orders_%zu\" (%s) FROM 's3://landing/orders/%zu/orders.tsv' ",
							  count % 31, collist, count);
				nt = snprintf(tail, sizeof(tail), " DELIMITER AS '|' NULL AS '\\N'");
				break;
			default:
				nh = snprintf(head, sizeof(head),
							  "COPY warehouse.stock_%zu FROM 's3://etl/in/stock_%zu.csv' ",
							  count % 17, count);
				nt = snprintf(tail, sizeof(tail), " DELIMITER ','");
				break;
		}
		if (count == ocap)
		{
			ocap = ocap ? ocap * 2 : 1024;
			offs = realloc(offs, ocap * sizeof(size_t));
			if (offs == NULL)
			{
				perror("realloc");
				exit(2);
			}
		}
		offs[count++] = len;
		append(&rs, &len, &cap, head, (size_t) nh);
		append(&rs, &len, &cap, a, strlen(a));
		append(&rs, &len, &cap, tail, (size_t) nt);
		append(&rs, &len, &cap, ";\n", 2);
		append(&pg, &pglen, &pgcap, head, (size_t) nh);
		for (k = 0; k < strlen(a); k++)
			append(&pg, &pglen, &pgcap, " ", 1);
		append(&pg, &pglen, &pgcap, tail, (size_t) nt);
		append(&pg, &pglen, &pgcap, ";\n", 2);
	}
	*rs_out = rs;
	*pg_out = pg;
	*len_out = len;
	*offs_out = offs;
	*count_out = count;
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

		rsi_parse_options opt = {RSI_DEFAULT_MAX_ROLE_CHAIN, st.lexed, 0};

		arena_used = 0;
		(*nstmt)++;
		if (rsi_parse_command(buf + st.off, st.end - st.off, &opt, &al, &cmd, &err) == RSI_PARSE_OK)
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

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

/* min, median and max of n values (sorts v) */
static void
spread(double *v, int n, double *lo, double *med, double *hi)
{
	qsort(v, (size_t) n, sizeof(double), cmp_double);
	*lo = v[0];
	*hi = v[n - 1];
	*med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* print NAME.mb_s (median), NAME.mb_s_min, NAME.mb_s_max for bytes / seconds[] */
static void
report_mb_s(const char *name, size_t bytes, const double *secs, int n)
{
	double		v[64],
				lo,
				med,
				hi;
	int			i;

	for (i = 0; i < n; i++)
		v[i] = bytes / MB / secs[i];
	spread(v, n, &lo, &med, &hi);
	printf("%s.mb_s=%.2f\n%s.mb_s_min=%.2f\n%s.mb_s_max=%.2f\n", name, med, name, lo, name, hi);
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "../shared/corpus";
	size_t		target = (size_t) ((argc > 2 ? atoi(argv[2]) : 100) * MB);
	int			rounds = argc > 3 ? atoi(argv[3]) : 5;
	size_t		one_len,
				ncorpus,
				len = 0,
				tw_len = 0,
				tw_count = 0,
				nstmt = 0,
				nok = 0,
				tw_stmt = 0,
				tw_ok = 0,
				nsplit = 0,
				nsemi = 0,
				pg_ok1 = 0,
				pg_okc = 0,
			   *tw_offs = NULL,
				i;
	char	   *one = load_corpus(dir, &one_len, &ncorpus),
			   *buf,
			   *rs_buf = NULL,
			   *pg_buf = NULL,
			   *scratch;
	double		t_parse[64],
				t_split[64],
				t_scan[64],
				t_tw[64],
				t_pg[64],
				ratio[64],
				lo,
				med,
				hi;
	int			r,
				failed = 0;
	int			core_only = getenv("BENCH_PARSER_CORE_ONLY") != NULL;

	if (ncorpus == 0)
	{
		fprintf(stderr, "bench_parser: no statements in %s/*.jsonl\n", dir);
		return 2;
	}
	if (rounds < 5)
		rounds = 5;				/* min/median/max need a few rounds */
	if (rounds > 64)
		rounds = 64;
	buf = malloc(target + one_len);
	while (len < target)
	{
		memcpy(buf + len, one, one_len);
		len += one_len;
	}
	if (!core_only)
		make_twins(target, &rs_buf, &pg_buf, &tw_len, &tw_offs, &tw_count);
	scratch = malloc(PG_CHUNK + 4096);	/* a chunk ends with a whole statement */

	/* rounds interleave every measurement, so each sees the same load */
	for (r = 0; r < rounds; r++)
	{
		double		t1,
					tc;

		if (core_only)
		{
			/* for profilers: the core split+parse alone (no figure is valid) */
			t_parse[r] = core_parse(buf, len, &nstmt, &nok);
			continue;
		}
		t_tw[r] = core_parse(rs_buf, tw_len, &tw_stmt, &tw_ok);
		t1 = pg_per_statement(pg_buf, tw_len, tw_offs, tw_count, scratch, &pg_ok1);
		tc = pg_chunked(pg_buf, tw_len, tw_offs, tw_count, scratch, &pg_okc);
		t_pg[r] = min2(t1, tc);	/* the faster mode: favours PostgreSQL */
		ratio[r] = t_pg[r] / t_tw[r];	/* core speed / PostgreSQL speed, same bytes */
		t_parse[r] = core_parse(buf, len, &nstmt, &nok);
		t_split[r] = core_split(buf, len, &nsplit);
		t_scan[r] = 1e30;
		for (i = 0; i < 3; i++)
			t_scan[r] = min2(t_scan[r], memchr_scan(buf, len, &nsemi));
	}

	if (core_only)
	{
		report_mb_s("parser", len, t_parse, rounds);
		printf("parser.bytes=%zu\nparser.statements=%zu\nparser.statements_ok=%zu\n", len, nstmt, nok);
		free(buf);
		free(one);
		return nok != nstmt;
	}
	printf("parser.units=MB/s (10^6 bytes per second); min, median and max of %d rounds\n", rounds);
	printf("parser.rounds=%d\n", rounds);
	printf("parser.corpus_statements=%zu\n", ncorpus);
	printf("parser.corpus_excluded=%zu\n", corpus_excluded);
	printf("parser.corpus_auth=%zu\n", corpus_auth);
	printf("parser.corpus_auth_total=%zu\n", corpus_auth_total);
	printf("parser.bytes=%zu\n", len);
	printf("parser.statements=%zu\n", nstmt);
	printf("parser.statements_ok=%zu\n", nok);
	report_mb_s("parser", len, t_parse, rounds);
	report_mb_s("split", len, t_split, rounds);
	report_mb_s("memchr", len, t_scan, rounds);
	printf("twin.bytes=%zu\n", tw_len);
	printf("twin.statements=%zu\n", tw_count);
	printf("twin.core_ok=%zu\n", tw_ok);
	printf("twin.pg_ok=%zu\n", pg_ok1 < pg_okc ? pg_ok1 : pg_okc);
	report_mb_s("twin.core", tw_len, t_tw, rounds);
	report_mb_s("twin.pg", tw_len, t_pg, rounds);
	spread(ratio, rounds, &lo, &med, &hi);
	printf("twin.ratio=%.3f\ntwin.ratio_min=%.3f\ntwin.ratio_max=%.3f\n", med, lo, hi);

	/* a statement that did not parse would be timed as less work: fail */
	if (nok != nstmt)
	{
		fprintf(stderr, "bench_parser: the core parsed %zu of %zu corpus statements\n", nok, nstmt);
		failed = 1;
	}
	if (tw_stmt != tw_count || tw_ok != tw_count)
	{
		fprintf(stderr, "bench_parser: the core parsed %zu of %zu twin statements (%zu split)\n",
				tw_ok, tw_count, tw_stmt);
		failed = 1;
	}
	if (pg_ok1 != tw_count || pg_okc != tw_count)
	{
		fprintf(stderr, "bench_parser: PostgreSQL parsed %zu / %zu of %zu twin statements\n",
				pg_ok1, pg_okc, tw_count);
		failed = 1;
	}
	printf("parser.all_parsed=%d\n", !failed);
	free(scratch);
	free(rs_buf);
	free(pg_buf);
	free(tw_offs);
	free(buf);
	free(one);
	return failed;
}
