/*
 * fuzz_template.c — libFuzzer target for the template-placeholder detector
 * (src/core/lex/template.c).
 *
 * Placeholders come out in order, without overlap, inside the input and no
 * longer than RSI_TEMPLATE_MAX; each name lies inside its placeholder; a
 * placeholder found by the statement scan outside strings is found again by
 * rsi_template_at at the same place.  The scan always terminates.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lex/template.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seen
{
	const char *buf;
	size_t		len;
	size_t		prev_end;
	size_t		count;
} seen;

static int
one(void *ctx, const rsi_template *t)
{
	seen	   *s = ctx;
	rsi_template again;

	CHECK(t->kind != RSI_TMPL_NONE);
	CHECK(t->off >= s->prev_end);
	CHECK(t->len >= 2 && t->len <= RSI_TEMPLATE_MAX && t->off + t->len <= s->len);
	CHECK(t->name_off >= t->off && t->name_off + t->name_len <= t->off + t->len);
	if (t->kind == RSI_TMPL_PSQL || t->kind == RSI_TMPL_PSQL_LITERAL || t->kind == RSI_TMPL_PSQL_IDENT)
	{
		CHECK(rsi_template_at(s->buf, s->len, t->off, &again));
		CHECK(again.off == t->off && again.len == t->len);
	}
	s->prev_end = t->off + t->len;
	CHECK(++s->count <= s->len);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *) data;
	seen		s = {buf, size, 0, 0};
	rsi_template t;
	size_t		from = 0;

	rsi_template_scan(buf, size, 0, one, &s);
	s.prev_end = 0;
	s.count = 0;
	rsi_template_scan(buf, size, RSI_TMPL_ANY_CASE, one, &s);
	while (from < size && rsi_template_in_string(buf, size, from, RSI_TMPL_ANY_CASE, &t))
	{
		CHECK(t.off >= from && t.off + t.len <= size);
		from = t.off + t.len;
	}
	if (size > 0)
		(void) rsi_template_at(buf, size, 0, &t);
	return 0;
}
