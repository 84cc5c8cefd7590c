/*
 * arena.h — the allocator the parser gets in the CLI: a bump allocator
 * reset after each statement, so memory stays flat however long the script.
 */
#ifndef RSI_CLI_ARENA_H
#define RSI_CLI_ARENA_H

#include <stddef.h>

typedef struct cli_arena_block cli_arena_block;

typedef struct cli_arena
{
	cli_arena_block *head;		/* current block; older ones follow */
} cli_arena;

extern void cli_arena_init(cli_arena *a);
extern void *cli_arena_alloc(void *arena, size_t size);	/* rsi_alloc signature */
extern void cli_arena_reset(cli_arena *a);	/* keep one block, free the rest */
extern void cli_arena_free(cli_arena *a);

#endif							/* RSI_CLI_ARENA_H */
