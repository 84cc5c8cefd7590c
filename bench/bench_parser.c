/*
 * bench_parser.c — core parser throughput over the corpus repeated to a
 * given size, beside a memchr scan of the same buffer (the floor).
 * Usage: bench_parser CORPUS_DIR [MB]
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "redshift_iam/command.h"
#include "redshift_iam/script.h"

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

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "../shared/corpus";
	size_t		target = (size_t) (argc > 2 ? atoi(argv[2]) : 50) * 1024 * 1024;
	char	   *one = NULL,
			   *buf;
	size_t		one_len = 0,
				len = 0,
				nstmt = 0,
				nok = 0,
				i;
	DIR		   *d = opendir(dir);
	struct dirent *e;
	double		t0,
				t_parse,
				t_scan;
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_splitter sp;
	rsi_statement st;
	volatile size_t sink = 0;

	if (d == NULL)
		return 2;
	while ((e = readdir(d)) != NULL)
	{
		char		path[4096],
				   *line = NULL;
		size_t		cap = 0;
		FILE	   *f;

		if (strstr(e->d_name, ".jsonl") == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "r");
		while (f && getline(&line, &cap, f) > 0)
		{
			json_t	   *j = json_loads(line, 0, NULL);
			const char *sql = json_string_value(json_object_get(j, "sql"));
			size_t		n = strlen(sql);

			one = realloc(one, one_len + n + 3);
			memcpy(one + one_len, sql, n);
			memcpy(one + one_len + n, ";\n", 2);
			one_len += n + 2;
			json_decref(j);
		}
		if (f)
			fclose(f);
		free(line);
	}
	closedir(d);
	buf = malloc(target + one_len);
	while (len < target)
	{
		memcpy(buf + len, one, one_len);
		len += one_len;
	}

	t0 = now();
	rsi_splitter_init(&sp, buf, len);
	while (rsi_splitter_next(&sp, &st))
	{
		rsi_command cmd;
		rsi_parse_error err;

		arena_used = 0;
		nstmt++;
		if (rsi_parse_command(buf + st.off, st.end - st.off, NULL, &al, &cmd, &err) == RSI_PARSE_OK)
			nok++;
	}
	t_parse = now() - t0;

	t0 = now();
	for (i = 0; i < 5; i++)
	{
		const char *p = buf;

		while ((p = memchr(p, ';', (size_t) (buf + len - p))) != NULL)
		{
			sink++;
			p++;
		}
	}
	t_scan = (now() - t0) / 5;

	printf("input          %.1f MB, %zu statements (%zu parsed OK)\n", len / 1048576.0, nstmt, nok);
	printf("split+parse    %.1f MB/s, %.0f statements/s\n", len / 1048576.0 / t_parse, nstmt / t_parse);
	printf("memchr floor   %.1f MB/s\n", len / 1048576.0 / t_scan);
	printf("ratio          parser = %.3f x memchr\n", t_scan / t_parse);
	free(buf);
	free(one);
	return nok == nstmt ? 0 : 1;
}
