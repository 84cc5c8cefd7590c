/*
 * json_memo.c — the jsonb of JSON text the core made, remembered per
 * backend by the text's exact bytes.
 *
 * check_command's IAM evaluation comes from the core as JSON text, and a
 * job checks the same commands again and again, so the same text comes
 * back call after call; parsing it was most of what the evaluation added
 * to a check.  A text and its jsonb never disagree (jsonb_in is a function
 * of the text), so a remembered value cannot be stale.  At most
 * MEMO_ENTRIES texts and MEMO_BYTES; past that the memo starts again.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "pg_util.h"

#define MEMO_ENTRIES	64
#define MEMO_BYTES		(1024 * 1024)

typedef struct memo_entry
{
	uint32		hash;
	size_t		len;
	char	   *text;
	Jsonb	   *jb;
} memo_entry;

static MemoryContext memo_cxt = NULL;
static memo_entry memo[MEMO_ENTRIES];
static int	memo_n = 0;
static size_t memo_bytes = 0;

Jsonb *
rsi_pg_jsonb_of_text(const char *text)
{
	size_t		len = strlen(text);
	uint32		h = hash_bytes((const unsigned char *) text, (int) len);
	Jsonb	   *jb;
	int			i;

	for (i = 0; i < memo_n; i++)
		if (memo[i].hash == h && memo[i].len == len && memcmp(memo[i].text, text, len) == 0)
		{
			jb = palloc(VARSIZE(memo[i].jb));
			memcpy(jb, memo[i].jb, VARSIZE(memo[i].jb));
			return jb;
		}
	jb = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(text)));
	if (len + VARSIZE(jb) > MEMO_BYTES / 4)
		return jb;				/* too large to keep */
	if (memo_cxt == NULL)
		memo_cxt = AllocSetContextCreate(TopMemoryContext, "redshift_iam JSON memo",
										 ALLOCSET_SMALL_SIZES);
	if (memo_n == MEMO_ENTRIES || memo_bytes + len + VARSIZE(jb) > MEMO_BYTES)
	{
		MemoryContextReset(memo_cxt);
		memo_n = 0;
		memo_bytes = 0;
	}
	memo[memo_n].hash = h;
	memo[memo_n].len = len;
	memo[memo_n].text = MemoryContextStrdup(memo_cxt, text);
	memo[memo_n].jb = MemoryContextAlloc(memo_cxt, VARSIZE(jb));
	memcpy(memo[memo_n].jb, jb, VARSIZE(jb));
	memo_bytes += len + VARSIZE(jb);
	memo_n++;
	return jb;
}
