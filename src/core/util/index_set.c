/*
 * index_set.c — see index_set.h.
 */
#include "util/index_set.h"

#include <stdlib.h>

#define FNV_PRIME UINT64_C(0x100000001b3)

int
rsi_index_set_init(rsi_index_set *set, size_t n)
{
	size_t		cap = 16;

	/* at most half full, so that a probe ends soon */
	while (cap / 2 < n)
		cap *= 2;
	set->slot = calloc(cap, sizeof(size_t));
	set->mask = set->slot ? cap - 1 : 0;
	return set->slot ? 0 : -1;
}

void
rsi_index_set_free(rsi_index_set *set)
{
	free(set->slot);
	set->slot = NULL;
	set->mask = 0;
}

size_t
rsi_index_set_find_add(rsi_index_set *set, uint64_t h, size_t i,
					   int (*eq) (const void *ctx, size_t a, size_t b), const void *ctx)
{
	/* the high bits: FNV's low bits mix least */
	size_t		k = (size_t) (h ^ (h >> 29)) & set->mask;

	while (set->slot[k] != 0)
	{
		if (eq(ctx, set->slot[k] - 1, i))
			return set->slot[k] - 1;
		k = (k + 1) & set->mask;
	}
	set->slot[k] = i + 1;
	return SIZE_MAX;
}

uint64_t
rsi_hash_str(uint64_t h, const char *s)
{
	if (s == NULL)
		return (h ^ 0xff) * FNV_PRIME;
	for (; *s; s++)
		h = (h ^ (unsigned char) *s) * FNV_PRIME;
	/* the end of a part, so that ("ab", "c") and ("a", "bc") differ */
	return (h ^ 0x100) * FNV_PRIME;
}
