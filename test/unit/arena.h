/*
 * arena.h — the allocator the parser tests and fuzz targets hand to the
 * core (rsi_alloc): every block is malloc'd and chained, so arena_free()
 * releases one input's memory at once and ASan/valgrind see every block.
 * arena_bytes counts what was asked for since the last arena_free();
 * arena_budget, when >= 0, is how many more allocations succeed before
 * the arena reports out of memory (tests of the failure paths).
 *
 * Header-only (static), for the unit tests and the fuzz targets.
 */
#ifndef RSI_TEST_ARENA_H
#define RSI_TEST_ARENA_H

#include <stdlib.h>

typedef struct arena_block
{
	struct arena_block *next;
	_Alignas(16) unsigned char data[];
} arena_block;

static arena_block *arena_head;
static size_t arena_bytes;
static long arena_budget = -1;	/* allocations left before failing; -1: never fail */

static void *
arena_alloc(void *ctx, size_t n)
{
	arena_block *b;

	(void) ctx;
	if (arena_budget == 0)
		return NULL;
	if (arena_budget > 0)
		arena_budget--;
	b = malloc(sizeof(arena_block) + n);
	if (b == NULL)
		return NULL;
	b->next = arena_head;
	arena_head = b;
	arena_bytes += n;
	return b->data;
}

static void
arena_free(void)
{
	while (arena_head)
	{
		arena_block *n = arena_head->next;

		free(arena_head);
		arena_head = n;
	}
	arena_bytes = 0;
}

#endif							/* RSI_TEST_ARENA_H */
