/*
 * test_cov_stream.c — the corners of src/core/lex/stream.c, for branch
 * coverage: the default sizes; a stretch of comments longer than the
 * limit (abandoned with no lexical error); an over-long statement that
 * runs to the end of the input with no ';'; an over-long statement holding
 * a NUL byte or an empty "" identifier (skipped like any token); and
 * allocation failure.  Each case asserts the items handed out: kind,
 * position, line and column, lexical error, and where the next statement
 * starts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex/stream.h"
#include "tap.h"

/* ASan: let a huge malloc return NULL, as libc does, instead of aborting */
extern const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

typedef struct item
{
	rsi_stream_kind kind;
	unsigned long long pos;		/* seg_pos + off (ABANDONED: seg_pos) */
	unsigned long long seg_pos;
	size_t		seg_len;
	size_t		len;			/* STATEMENT: end - off */
	int			line,
				col;
	rsi_lex_error lex_error;
} item;

typedef struct run
{
	item		it[16];
	int			n;
	int			calls_after_eof;	/* rsi_stream_next calls between eof and finished */
	size_t		max_size;
} run;

/* Feed text in chunks of at most 'chunk' bytes (greedy: as much as there is room for). */
static int	early_eof = 0;		/* signal the end right with the last bytes */

static void
feed(const char *text, size_t len, size_t chunk, size_t max_stmt, int greedy, run *r)
{
	rsi_stream	s;
	rsi_stream_item it;
	size_t		fed = 0;

	memset(r, 0, sizeof(*r));
	if (rsi_stream_init(&s, chunk, max_stmt) != 0)
		abort();
	for (;;)
	{
		while (rsi_stream_next(&s, &it))
		{
			if (r->n < 16)
			{
				item	   *x = &r->it[r->n];

				x->kind = it.kind;
				x->seg_pos = it.seg_pos;
				x->seg_len = it.seg_len;
				x->pos = it.seg_pos + (it.kind == RSI_STREAM_ABANDONED ? 0 : it.off);
				x->len = it.kind == RSI_STREAM_STATEMENT ? it.end - it.off : 0;
				x->line = it.line;
				x->col = it.col;
				x->lex_error = it.lex_error;
			}
			r->n++;
		}
		if (rsi_stream_finished(&s))
			break;
		if (s.eof)
			r->calls_after_eof++;
		{
			size_t		room,
						n;
			char	   *p = rsi_stream_buffer(&s, &room);

			if (p == NULL)
				abort();
			if (s.size > r->max_size)
				r->max_size = s.size;
			n = greedy || len - fed < chunk ? len - fed : chunk;
			if (n > room)
				n = room;
			memcpy(p, text + fed, n);
			fed += n;
			rsi_stream_fill(&s, n);
			if (early_eof && n > 0 && fed == len)
				rsi_stream_fill(&s, 0);
		}
	}
	rsi_stream_free(&s);
}

/* Statements and their kinds in compact form: "S@0 1:1 T@17 2:1 A@40 3:5 ..." */
static const char *
describe(const run *r)
{
	static char out[512];
	size_t		o = 0;
	int			i;

	out[0] = '\0';
	for (i = 0; i < r->n && i < 16; i++)
	{
		const item *x = &r->it[i];
		char		k = x->kind == RSI_STREAM_STATEMENT ? 'S' : x->kind == RSI_STREAM_TOO_LONG ? 'T' :
			x->kind == RSI_STREAM_ABANDONED ? 'A' : 'F';

		o += snprintf(out + o, sizeof(out) - o, "%s%c@%llu %d:%d", i ? " " : "", k, x->pos, x->line, x->col);
		if (o >= sizeof(out))
			break;
	}
	return out;
}

/* the same without the FILLER items */
static const char *
statements(const run *r)
{
	run			f;
	int			i;

	memset(&f, 0, sizeof(f));
	for (i = 0; i < r->n && i < 16; i++)
		if (r->it[i].kind != RSI_STREAM_FILLER)
			f.it[f.n++] = r->it[i];
	return describe(&f);
}

static void
test_defaults(void)
{
	rsi_stream	s;
	run			r;
	const char *sql = "copy a from 'x';\n  copy b from 'y'";

	TAP_IS_INT(rsi_stream_init(&s, 0, 0), 0, "init with the default sizes");
	TAP_OK(s.chunk == RSI_STREAM_DEFAULT_CHUNK && s.max_stmt == RSI_STREAM_DEFAULT_MAX_STMT &&
		   s.size == 2 * RSI_STREAM_DEFAULT_CHUNK && s.line == 1 && s.col == 1 && !rsi_stream_finished(&s),
		   "  64 KiB chunks, 16 MiB statements, a buffer of two chunks, at 1:1, not finished");
	rsi_stream_free(&s);
	rsi_stream_free(&s);
	TAP_OK(s.buf == NULL, "freeing twice is harmless");

	feed(sql, strlen(sql), 0, 0, 1, &r);
	TAP_IS_STR(statements(&r), "S@0 1:1 S@19 2:3", "default sizes split a script");
	TAP_IS_STR(describe(&r), "S@0 1:1 F@16 1:17 S@19 2:3",
			   "  the blanks before an unfinished statement go out as filler first");
	TAP_OK(r.n == 3 && r.it[0].len == 15 && r.it[0].seg_len == 16 && r.it[1].seg_len == 3 &&
		   r.it[2].len == 15 && r.it[2].seg_pos == 19 && r.it[2].seg_len == 15,
		   "  statement and segment lengths");
}

static void
test_init_oom(void)
{
	rsi_stream	s;

	if (getenv("RSI_UNDER_VALGRIND"))
	{
		/* valgrind warns about the "silly" malloc size; nothing to learn there */
		TAP_OK(1, "# SKIP init out of memory under valgrind");
		return;
	}
	TAP_IS_INT(rsi_stream_init(&s, SIZE_MAX / 2, 0), -1, "init: a buffer that cannot be allocated is -1");
	TAP_OK(s.buf == NULL, "  with no buffer");
	rsi_stream_free(&s);
}

static void
test_long_comments(void)
{
	char		text[400];
	run			r;
	size_t		c;
	int			ok = 1;

	/* 200 bytes of one line comment, no newline: cannot be skipped in pieces */
	memset(text, 'x', 200);
	memcpy(text, "copy a from 'x';  -- ", 21);
	strcpy(text + 200, "\ncopy b from 'y';\n");
	for (c = 1; c <= 64 && ok; c++)
	{
		feed(text, strlen(text), c, 100, 0, &r);
		/* the blanks before "--" may have gone out as filler first (when "-" alone was seen) */
		ok = (strcmp(statements(&r), "S@0 1:1 A@16 1:17") == 0 || strcmp(statements(&r), "S@0 1:1 A@18 1:19") == 0) &&
			r.it[r.n - 1].lex_error == RSI_LEX_OK &&
			r.it[r.n - 1].kind == RSI_STREAM_ABANDONED;
		if (!ok)
			printf("#   chunk %zu: %s\n", c, statements(&r));
	}
	TAP_OK(ok, "a line comment longer than the limit abandons the rest, with no lexical error (every chunk size)");
	TAP_OK(r.max_size <= 100 + 3 * 64, "  in bounded memory (%zu bytes)", r.max_size);

	/* within the limit the same comment passes */
	feed(text, strlen(text), 7, 300, 0, &r);
	TAP_IS_STR(statements(&r), "S@0 1:1 S@201 2:1", "the same comment within the limit passes");

	/* the end of input is known only once a read returns 0: the limit still applies */
	text[200] = '\0';
	feed(text, 200, 300, 100, 1, &r);
	/* (the blanks before "--" are complete, so they go out as filler first) */
	TAP_IS_STR(describe(&r), "S@0 1:1 F@16 1:17 A@18 1:19", "a final comment over the limit is abandoned, even read in one piece");
	feed(text, 200, 300, 300, 1, &r);
	TAP_IS_STR(describe(&r), "S@0 1:1 F@16 1:17 F@18 1:19", "a final comment within the limit is filler at the end of input");
}

static void
test_too_long_to_eof(void)
{
	const char *sql = "copy a from 'x';\ninsert into t values (1, 2, 3, 4, 5, 6, 7, 8, 9)";
	run			r;
	size_t		c;
	int			ok = 1;

	for (c = 1; c <= 40 && ok; c++)
	{
		feed(sql, strlen(sql), c, 20, 0, &r);
		ok = strcmp(statements(&r), "S@0 1:1 T@17 2:1") == 0 && r.calls_after_eof <= 1;
		if (!ok)
			printf("#   chunk %zu: %s (%d reads after eof)\n", c, statements(&r), r.calls_after_eof);
	}
	TAP_OK(ok, "an over-long last statement with no ';' is reported once and the stream finishes (every chunk size)");

	/* the reader may say "end of input" together with the last bytes */
	early_eof = 1;
	for (c = 1, ok = 1; c <= 40 && ok; c++)
	{
		feed(sql, strlen(sql), c, 20, 0, &r);
		ok = strcmp(statements(&r), "S@0 1:1 T@17 2:1") == 0 && r.calls_after_eof == 0;
		if (!ok)
			printf("#   chunk %zu: %s (%d reads after eof)\n", c, statements(&r), r.calls_after_eof);
	}
	early_eof = 0;
	TAP_OK(ok, "  the same when the end is signalled with the last bytes, and no read after it");

	/* and then a statement after it on a later line, still with no ';' at the very end */
	sql = "insert into t values (1, 2, 3, 4, 5, 6, 7, 8, 9);\n\n  copy b from 'y'";
	for (c = 1, ok = 1; c <= 40 && ok; c++)
	{
		feed(sql, strlen(sql), c, 20, 0, &r);
		ok = strcmp(statements(&r), "T@0 1:1 S@53 3:3") == 0;
		if (!ok)
			printf("#   chunk %zu: %s\n", c, statements(&r));
	}
	TAP_OK(ok, "after an over-long statement the next one is at its own line and column (every chunk size)");
}

static void
test_skip_odd_tokens(void)
{
	/* a NUL byte and an empty "" identifier are errors the skipper steps over */
	static const char sql[] = "insert into \"\" values (1, \0, 2, 3, 4, 5, 6, 7, 8, 9, 10);\ncopy b from 'y';";
	size_t		len = sizeof(sql) - 1;
	run			r;
	size_t		c;
	int			ok = 1;

	for (c = 1; c <= 64 && ok; c++)
	{
		feed(sql, len, c, 30, 0, &r);
		ok = strcmp(statements(&r), "T@0 1:1 S@58 2:1") == 0;
		if (!ok)
			printf("#   chunk %zu: %s\n", c, statements(&r));
	}
	TAP_OK(ok, "an over-long statement with a NUL byte and an empty \"\" is skipped to its ';' (every chunk size)");

	/* an unterminated quoted identifier is not skippable: abandoned at its start, with its error */
	{
		char		big[600];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		memcpy(big, "copy a from 'x';\ninsert into t values (1, 2, 3, 4, 5, 6) \"open", 62);
		feed(big, strlen(big), 16, 50, 0, &r);
		TAP_IS_STR(statements(&r), "S@0 1:1 T@17 2:1 A@57 2:41", "an unterminated \"identifier\" in a skipped "
				   "statement abandons the rest at its quote");
		TAP_IS_INT(r.it[r.n - 1].lex_error, RSI_LEX_UNTERMINATED_QIDENT, "  with its lexical error");
	}
}

int
main(int argc, char **argv)
{
	(void) argc;
	(void) argv;
	test_defaults();
	test_init_oom();
	test_long_comments();
	test_too_long_to_eof();
	test_skip_odd_tokens();
	return tap_done();
}
