/*
 * fuzz_split.c — libFuzzer target for the script splitter (src/core/lex/split.c).
 *
 * Statements come out ordered, non-overlapping and inside the script; their
 * line and column agree with rsi_line_col; the splitter always terminates.
 * The first statements are also handed to the parser, as validate_script
 * does, with an arena that is freed afterwards.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/command.h"
#include "lex/script.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

#include "../unit/arena.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *) data;
	rsi_splitter s;
	rsi_statement st;
	size_t		prev_end = 0,
				count = 0;
	rsi_alloc	al = {arena_alloc, NULL};

	rsi_splitter_init(&s, buf, size);
	while (rsi_splitter_next(&s, &st))
	{
		int			line,
					col;

		CHECK(st.off >= prev_end);
		CHECK(st.off < st.end && st.end <= size);
		CHECK(s.pos >= st.end && s.pos <= size);
		rsi_line_col(buf, size, st.off, &line, &col);
		CHECK(line == st.line && col == st.col);
		CHECK(++count <= size);
		if (count <= 8)
		{
			rsi_command cmd;
			rsi_parse_error err;
			rsi_parse_status r = rsi_parse_command(buf + st.off, st.end - st.off, NULL,
												   &al, &cmd, &err);

			CHECK(r != RSI_PARSE_EMPTY && r != RSI_PARSE_NOMEM);
			if (r != RSI_PARSE_OK)
				CHECK(err.off <= st.end - st.off);
			arena_free();
		}
		prev_end = st.end;
	}
	CHECK(s.pos == size);
	CHECK(rsi_splitter_next(&s, &st) == 0);
	return 0;
}
