/*
 * arena.c — bump allocator for parse results (see arena.h).
 */
#include "arena.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>

#define BLOCK_SIZE (64 * 1024)

struct cli_arena_block
{
	cli_arena_block *next;
	size_t		size;
	size_t		used;
	alignas(max_align_t) char data[];
};

void
cli_arena_init(cli_arena *a)
{
	a->head = NULL;
}

void *
cli_arena_alloc(void *arena, size_t size)
{
	cli_arena  *a = arena;
	cli_arena_block *b = a->head;
	size_t		al = alignof(max_align_t);

	size = (size + al - 1) / al * al;
	if (b == NULL || b->size - b->used < size)
	{
		size_t		bsz = size > BLOCK_SIZE ? size : BLOCK_SIZE;

		b = malloc(sizeof(cli_arena_block) + bsz);
		if (b == NULL)
			return NULL;
		b->size = bsz;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	b->used += size;
	return b->data + b->used - size;
}

void
cli_arena_reset(cli_arena *a)
{
	cli_arena_block *b = a->head;

	if (b == NULL)
		return;
	/* keep the oldest block (the usual size), free the others */
	while (b->next)
	{
		cli_arena_block *n = b->next;

		free(b);
		b = n;
	}
	if (b->size > BLOCK_SIZE)
	{
		free(b);
		b = NULL;
	}
	else
		b->used = 0;
	a->head = b;
}

void
cli_arena_free(cli_arena *a)
{
	cli_arena_reset(a);
	free(a->head);
	a->head = NULL;
}
