/*
 * fuzz_parser.c — libFuzzer target for the command parser (parser.c,
 * parse_auth.c, parse_external.c) and its JSON shape (command_json.c).
 *
 * Every status is a clean one: on OK the result is consistent and
 * serialises to JSON that reads back; otherwise the error offset lies in
 * the text and the message is a bounded C string.  Memory comes from an
 * arena that is freed after each input and whose total is bounded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parse/command.h"
#include "parse/command_json.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

#include "../unit/arena.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *) data;
	rsi_alloc	al = {arena_alloc, NULL};
	rsi_parse_options opt = {RSI_DEFAULT_MAX_ROLE_CHAIN, NULL, 0};
	rsi_command cmd;
	rsi_parse_error err;
	rsi_parse_status r;
	size_t		i;

	r = rsi_parse_command(buf, size, &opt, &al, &cmd, &err);
	CHECK(r == RSI_PARSE_OK || r == RSI_PARSE_SYNTAX || r == RSI_PARSE_OTHER ||
		  r == RSI_PARSE_EMPTY);
	/* memory is proportional to the text: a few hundred bytes per input byte at most */
	CHECK(arena_bytes <= 1024 * (size + 64));
	if (r == RSI_PARSE_OK)
	{
		char	   *txt;

		CHECK(cmd.kind != RSI_CMD_OTHER);
		CHECK(cmd.off <= cmd.end && cmd.end <= size);
		CHECK(cmd.roles != NULL);
		for (i = 0; i < cmd.nroles; i++)
			CHECK(cmd.roles[i] != NULL);
		for (i = 0; i < cmd.nproblems; i++)
		{
			CHECK(cmd.problems[i].code != NULL && cmd.problems[i].message != NULL);
			CHECK(cmd.problems[i].off <= size);
			CHECK(strlen(cmd.problems[i].message) < 640);
		}
		CHECK(rsi_cmd_kind_name(cmd.kind) != NULL);
		CHECK(rsi_auth_method_name(cmd.auth) != NULL);
		txt = rsi_command_json_text(&cmd, buf, size);
		if (txt)
		{
			json_error_t je;
			json_t	   *back = json_loads(txt, 0, &je);

			CHECK(back != NULL && json_is_object(back));
			CHECK(json_array_size(json_object_get(back, "problems")) == cmd.nproblems);
			json_decref(back);
			free(txt);
		}
	}
	else
	{
		CHECK(err.off <= size);
		CHECK(memchr(err.message, '\0', sizeof(err.message)) != NULL);
		if (r != RSI_PARSE_EMPTY)
			CHECK(err.message[0] != '\0');
	}
	arena_free();
	return 0;
}
