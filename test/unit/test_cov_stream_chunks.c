/*
 * test_cov_stream_chunks.c — the streaming splitter (lex/stream.h) gives
 * the same items whatever the chunk size: statements whose strings, quoted
 * identifiers, dollar quotes and block comments are longer than the
 * statement limit and arrive in pieces, block comments full of "--", and
 * constructs left open at the end of the input (docs/robustness.md).
 * Each input is fed in one piece and in chunks of 1 to 48 bytes; the items
 * other than filler must be the same and the ones stated: S a statement,
 * T one longer than the limit, A the rest abandoned, at offset and
 * line:column.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex/stream.h"
#include "tap.h"

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


/* the items (filler left out) of text fed whole, and whether every chunk size 1..48 gives the same */
static const char *
same_in_chunks(const char *text, size_t max_stmt, int *same)
{
	static char whole[512];
	run			r;
	size_t		c;

	feed(text, strlen(text), 4096, max_stmt, 1, &r);
	snprintf(whole, sizeof(whole), "%s", statements(&r));
	*same = 1;
	for (c = 1; c <= 48; c++)
	{
		feed(text, strlen(text), c, max_stmt, 0, &r);
		if (strcmp(statements(&r), whole) != 0)
		{
			printf("#   chunk %zu: %s\n#   whole:    %s\n", c, statements(&r), whole);
			*same = 0;
			break;
		}
	}
	return whole;
}

typedef struct scase
{
	const char *name;
	const char *text;
	size_t		max_stmt;
	const char *want;
} scase;

int
main(void)
{
	static char dashes[600];
	static char longstr[400];
	static char longid[400];
	static char longdollar[400];
	static char longcomment[400];
	static char estr[400];
	size_t		o;
	int			i;

	/* a block comment holding 20 "--" before a statement */
	o = (size_t) snprintf(dashes, sizeof(dashes), "/*");
	for (i = 0; i < 20; i++)
		o += (size_t) snprintf(dashes + o, sizeof(dashes) - o, " -- x\n");
	snprintf(dashes + o, sizeof(dashes) - o, "*/\ncopy a from 'x';\ncopy b from 'y';\n");
	/* strings and identifiers longer than the limit of 64 bytes */
	o = (size_t) snprintf(longstr, sizeof(longstr), "copy a from 's3://");
	for (i = 0; i < 20; i++)
		o += (size_t) snprintf(longstr + o, sizeof(longstr) - o, "ab''c\\\\d");
	snprintf(longstr + o, sizeof(longstr) - o, "';\ncopy b from 'y';\n");
	o = (size_t) snprintf(longid, sizeof(longid), "copy \"");
	for (i = 0; i < 20; i++)
		o += (size_t) snprintf(longid + o, sizeof(longid) - o, "ab\"\"cdef");
	snprintf(longid + o, sizeof(longid) - o, "\" from 'x';\ncopy b from 'y';\n");
	o = (size_t) snprintf(longdollar, sizeof(longdollar), "select $tag$");
	for (i = 0; i < 20; i++)
		o += (size_t) snprintf(longdollar + o, sizeof(longdollar) - o, "$ta$tagx");
	snprintf(longdollar + o, sizeof(longdollar) - o, "$tag$;\ncopy b from 'y';\n");
	o = (size_t) snprintf(longcomment, sizeof(longcomment), "/*");
	for (i = 0; i < 20; i++)
		o += (size_t) snprintf(longcomment + o, sizeof(longcomment) - o, " * / ** ");
	snprintf(longcomment + o, sizeof(longcomment) - o, "*/ copy b from 'y';\n");
	o = (size_t) snprintf(estr, sizeof(estr), "copy a from E'");
	for (i = 0; i < 20; i++)
		o += (size_t) snprintf(estr + o, sizeof(estr) - o, "x\\'y\\\\z'' ");
	snprintf(estr + o, sizeof(estr) - o, "';\ncopy b from 'y';\n");

	{
		const scase cases[] = {
			{"a block comment with 20 \"--\" before two statements", dashes, 64, "S@125 22:1 S@142 23:1"},
			{"a string longer than the limit, with '' and backslashes", longstr, 64, "T@0 1:1 S@181 2:1"},
			{"a quoted identifier longer than the limit, with \"\"", longid, 64, "T@0 1:1 S@178 2:1"},
			{"a dollar quote longer than the limit, with near tags inside", longdollar, 64, "T@0 1:1 S@179 2:1"},
			{"a block comment longer than the limit, with '*' and '/' inside", longcomment, 64, "S@165 1:166"},
			{"an E'' string longer than the limit, with escaped quotes", estr, 64, "T@0 1:1 S@217 2:1"},
			{"a string left open at the end", "copy a from 'x';\ncopy b from 'never closed", 8, "T@0 1:1 T@17 2:1 A@29 2:13"},
			{"a quoted identifier left open at the end", "copy a from 'x';\ncopy \"never closed", 8, "T@0 1:1 T@17 2:1 A@22 2:6"},
			{"a dollar quote left open at the end", "copy a from 'x';\nselect $q$ never closed", 8, "T@0 1:1 T@17 2:1 A@24 2:8"},
			{"a comment left open at the end", "copy a from 'x';\n/* never closed", 8, "T@0 1:1 A@17 2:1"},
			{NULL, NULL, 0, NULL}
		};

		for (i = 0; cases[i].name; i++)
		{
			int			same;
			const char *got = same_in_chunks(cases[i].text, cases[i].max_stmt, &same);

			TAP_IS_STR(got, cases[i].want, "%s: the items", cases[i].name);
			TAP_OK(same, "%s: the same items in every chunk size from 1 to 48", cases[i].name);
		}
	}
	return tap_done();
}
