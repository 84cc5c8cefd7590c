/*
 * index_set.h — which earlier item of a list has the same key: an
 * open-addressing table of list indices, so that a reader that rejects an
 * item listed twice does it in linear time (comparing each item with every
 * earlier one took minutes on a listing of 100,000 clusters).
 *
 * The table holds indices only: the caller hashes an item's key and says
 * whether two items' keys are equal.
 */
#ifndef RSI_INDEX_SET_H
#define RSI_INDEX_SET_H

#include <stddef.h>
#include <stdint.h>

typedef struct rsi_index_set
{
	size_t	   *slot;			/* index + 1; 0 is empty */
	size_t		mask;
} rsi_index_set;

/* Room for n items.  Returns 0, or -1 when out of memory (set empty). */
extern int	rsi_index_set_init(rsi_index_set *set, size_t n);
extern void rsi_index_set_free(rsi_index_set *set);

/*
 * Item i, whose key hashes to h: returns the earliest recorded index whose
 * key equals i's (eq(ctx, that, i) != 0), or SIZE_MAX after recording i.
 * Only the first of equal items is recorded.  At most n items (init).
 */
extern size_t rsi_index_set_find_add(rsi_index_set *set, uint64_t h, size_t i,
									 int (*eq) (const void *ctx, size_t a, size_t b),
									 const void *ctx);

/* FNV-1a of the string s added to h; a NULL part hashes apart from "" */
#define RSI_HASH_INIT UINT64_C(0xcbf29ce484222325)
extern uint64_t rsi_hash_str(uint64_t h, const char *s);

#endif							/* RSI_INDEX_SET_H */
