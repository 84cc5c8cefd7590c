/*
 * command_util.h — helpers shared by the unit tests that parse commands.
 * Header-only (static functions), included after parse/command.h.
 */
#ifndef RSI_TEST_COMMAND_UTIL_H
#define RSI_TEST_COMMAND_UTIL_H

#include <string.h>

#include "parse/command.h"

/* Does the parsed command carry a problem with that code? */
static inline int
command_has_problem(const rsi_command *c, const char *code)
{
	size_t		i;

	for (i = 0; i < c->nproblems; i++)
		if (strcmp(c->problems[i].code, code) == 0)
			return 1;
	return 0;
}

#endif							/* RSI_TEST_COMMAND_UTIL_H */
