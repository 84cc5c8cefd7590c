/*
 * fuzz_split.c — libFuzzer target for the script splitter (src/core/lex/split.c).
 *
 * Statements come out ordered, non-overlapping and inside the script; their
 * line and column agree with rsi_line_col; the splitter always terminates.
 * The first statements are also handed to the parser, as validate_script
 * does, with an arena that is freed afterwards, with and without the tokens
 * the splitter lexed for it: the results must be the same.
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
			rsi_command cmd,
						cmd2;
			rsi_parse_error err,
						err2;
			rsi_parse_options opt = {RSI_DEFAULT_MAX_ROLE_CHAIN, st.lexed, 0};
			rsi_parse_status r = rsi_parse_command(buf + st.off, st.end - st.off, NULL,
												   &al, &cmd, &err),
						r2 = rsi_parse_command(buf + st.off, st.end - st.off, &opt,
											   &al, &cmd2, &err2);
			size_t		i;

			CHECK(r != RSI_PARSE_EMPTY && r != RSI_PARSE_NOMEM);
			if (r != RSI_PARSE_OK)
				CHECK(err.off <= st.end - st.off);
			/* the splitter's tokens change nothing */
			CHECK(r2 == r);
			if (r != RSI_PARSE_OK)
				CHECK(err2.off == err.off && strcmp(err2.message, err.message) == 0);
			else
			{
				CHECK(cmd2.kind == cmd.kind && cmd2.auth == cmd.auth && cmd2.end == cmd.end &&
					  cmd2.nroles == cmd.nroles && cmd2.nproblems == cmd.nproblems &&
					  cmd2.ntemplated == cmd.ntemplated &&
					  (cmd.location == NULL) == (cmd2.location == NULL));
				if (cmd.location)
					CHECK(strcmp(cmd2.location, cmd.location) == 0);
				for (i = 0; i < cmd.nroles; i++)
					CHECK(strcmp(cmd2.roles[i], cmd.roles[i]) == 0);
				for (i = 0; i < cmd.nproblems; i++)
					CHECK(strcmp(cmd2.problems[i].code, cmd.problems[i].code) == 0 &&
						  cmd2.problems[i].off == cmd.problems[i].off &&
						  strcmp(cmd2.problems[i].message, cmd.problems[i].message) == 0);
			}
			arena_free();
		}
		prev_end = st.end;
	}
	CHECK(s.pos == size);
	CHECK(rsi_splitter_next(&s, &st) == 0);
	return 0;
}
