/*
 * jsonb_jansson.h — a jsonb value as a jansson tree (jsonb_jansson.c).
 */
#ifndef RSI_PG_JSONB_JANSSON_H
#define RSI_PG_JSONB_JANSSON_H

#include "postgres.h"

#include "utils/jsonb.h"

struct json_t;

/*
 * The tree of jb, or NULL with a message in err: a number jansson cannot
 * hold, a string that is not UTF-8, out of memory.  Numbers are read from
 * their text as jansson's parser reads them (integer or real).
 */
extern struct json_t *rsi_pg_jsonb_to_jansson(Jsonb *jb, char *err, size_t errlen);

/*
 * Between begin and end every jansson allocation is made in a new memory
 * context under parent, and freeing is a no-op: end drops the context
 * whole.  Nothing allocated by jansson outside that span may be freed
 * inside it, nor the reverse; end must run on every path (PG_FINALLY).
 */
extern void rsi_pg_jansson_arena_begin(MemoryContext parent);
extern void rsi_pg_jansson_arena_end(void);

#endif							/* RSI_PG_JSONB_JANSSON_H */
