/*
 * policy_memo.c — compiled custom policies, remembered per backend.
 *
 * simulate_custom_policy receives its policies as arguments, so a job that
 * asks questions of the same documents call after call used to recompile
 * them every time (jsonb to text to the core's compiler): most of a call's
 * cost for a large policy.  Now a document is compiled once per backend and
 * found again by its exact bytes and its name.  Equal jsonb values have
 * equal binary forms, and a changed document is a different key, so a
 * remembered policy can never be stale; a false miss only costs a compile.
 *
 * The memo is bounded: at most MEMO_ENTRIES documents and MEMO_BYTES of
 * memory (what compiling used included).  It is emptied when a call begins
 * over those bounds, never during a call, so the policies a call holds stay
 * valid until it ends.  A document that does not fit is compiled for the
 * call alone.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "utils/memutils.h"

#include "rsi_policy.h"

#define MEMO_ENTRIES	64
#define MEMO_BYTES		(32 * 1024 * 1024)

typedef struct memo_entry
{
	uint32		hash;
	Size		size;			/* bytes of the jsonb datum */
	char	   *name;			/* the policy's name ("" for none) */
	Jsonb	   *doc;			/* a copy of the document */
	rsi_policy *policy;			/* freed when memo_cxt is reset */
} memo_entry;

static MemoryContext memo_cxt = NULL;
static memo_entry memo[MEMO_ENTRIES];
static int	memo_n = 0;

static void
memo_empty(void)
{
	memo_n = 0;
	if (memo_cxt != NULL)
		MemoryContextReset(memo_cxt);	/* runs the policies' free callbacks */
}

void
rsi_pg_policy_memo_begin(void)
{
	if (memo_cxt == NULL)
		memo_cxt = AllocSetContextCreate(TopMemoryContext, "redshift_iam policy memo",
										 ALLOCSET_DEFAULT_SIZES);
	/* also catches what a document that failed to compile left behind */
	if (memo_n >= MEMO_ENTRIES || MemoryContextMemAllocated(memo_cxt, true) > MEMO_BYTES)
		memo_empty();
}

const rsi_policy *
rsi_pg_compile_policy_memo(Jsonb *doc, const char *name, const char *operation,
						   const char *where)
{
	Size		size = VARSIZE(doc);
	uint32		hash = hash_bytes((const unsigned char *) doc, (int) size);
	const char *key = name ? name : "";
	MemoryContext old;
	rsi_policy *p;
	int			i;

	Assert(memo_cxt != NULL);	/* rsi_pg_policy_memo_begin() first */
	for (i = 0; i < memo_n; i++)
		if (memo[i].hash == hash && memo[i].size == size &&
			memcmp(memo[i].doc, doc, size) == 0 && strcmp(memo[i].name, key) == 0)
			return memo[i].policy;

	/* full: compile for this call alone (freed with the call's context) */
	if (memo_n >= MEMO_ENTRIES ||
		MemoryContextMemAllocated(memo_cxt, true) + 4 * size > MEMO_BYTES)
		return rsi_pg_compile_policy(doc, name, operation, where);

	/*
	 * Compiled in memo_cxt, the policy's free callback is registered there
	 * and runs when the memo is emptied.  An error leaves its scraps in
	 * memo_cxt, counted against MEMO_BYTES.
	 */
	old = MemoryContextSwitchTo(memo_cxt);
	p = rsi_pg_compile_policy(doc, name, operation, where);
	memo[memo_n].doc = palloc(size);
	memcpy(memo[memo_n].doc, doc, size);
	memo[memo_n].name = pstrdup(key);
	MemoryContextSwitchTo(old);
	memo[memo_n].hash = hash;
	memo[memo_n].size = size;
	memo[memo_n].policy = p;
	memo_n++;
	return p;
}
