/*
 * stream.c — split a script read in chunks (see stream.h).
 *
 * The text from buf[pos] on always starts at a point where the lexer has
 * no state: the start of the input, just after a top-level ';', or (while
 * skipping an over-long statement) the start of a token.  A top-level ';'
 * that the splitter finds inside the buffer is therefore final: every
 * token before it lies wholly inside the buffer.  Only what follows the
 * last such ';' can change with more input, and that is split again once
 * the next chunk has arrived.
 */
#include "lex/stream.h"

#include <stdlib.h>
#include <string.h>

#include "lex/script.h"
#include "util/utf8.h"

enum
{
	MODE_NORMAL = 0,
	MODE_SKIP,					/* inside an over-long statement, at a token start */
	MODE_DRAIN					/* discarding the rest of the input */
};

int
rsi_stream_init(rsi_stream *s, size_t chunk, size_t max_stmt)
{
	memset(s, 0, sizeof(*s));
	s->chunk = chunk ? chunk : RSI_STREAM_DEFAULT_CHUNK;
	s->max_stmt = max_stmt ? max_stmt : RSI_STREAM_DEFAULT_MAX_STMT;
	s->size = 2 * s->chunk;
	s->buf = malloc(s->size);
	s->line = 1;
	s->col = 1;
	return s->buf ? 0 : -1;
}

void
rsi_stream_free(rsi_stream *s)
{
	free(s->buf);
	s->buf = NULL;
	s->size = s->len = s->pos = 0;
}

char *
rsi_stream_buffer(rsi_stream *s, size_t *room)
{
	size_t		want,
				need;

	if (s->pos > 0)
	{
		memmove(s->buf, s->buf + s->pos, s->len - s->pos);
		s->buf_pos += s->pos;
		s->len -= s->pos;
		s->pos = 0;
	}

	/*
	 * Read as much again as is pending, so that splitting a long statement
	 * again after each read costs linear time in all; but never hold much
	 * more than max_stmt.
	 */
	want = s->len > s->chunk ? s->len : s->chunk;
	if (s->len <= s->max_stmt && want > s->max_stmt + s->chunk - s->len)
		want = s->max_stmt + s->chunk - s->len;
	need = s->len + want;
	if (need > s->size)
	{
		size_t		newsize = 2 * s->size;
		char	   *p;

		if (newsize > s->max_stmt + 2 * s->chunk)
			newsize = s->max_stmt + 2 * s->chunk;
		if (newsize < need)
			newsize = need;
		p = realloc(s->buf, newsize);
		if (p == NULL)
			return NULL;
		s->buf = p;
		s->size = newsize;
	}
	*room = s->size - s->len;
	return s->buf + s->len;
}

void
rsi_stream_fill(rsi_stream *s, size_t n)
{
	if (n == 0)
		s->eof = 1;
	s->len += n;
	s->total += n;
}

int
rsi_stream_finished(const rsi_stream *s)
{
	return s->done;
}

/* A position counted from buf[pos] (line 1, column 1) as a position in the input. */
static void
rel_to_abs(const rsi_stream *s, int rl, int rc, int *line, int *col)
{
	*line = s->line + rl - 1;
	*col = rl == 1 ? s->col + rc - 1 : rc;
}

/* Move pos forward to 'to', counting lines. */
static void
advance(rsi_stream *s, size_t to)
{
	rsi_utf8_advance_lc(s->buf + s->pos, to - s->pos, &s->line, &s->col);
	s->pos = to;
}

static void
start_item(const rsi_stream *s, rsi_stream_kind kind, size_t seg_len, rsi_stream_item *it)
{
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->seg = s->buf + s->pos;
	it->seg_len = seg_len;
	it->seg_pos = s->buf_pos + s->pos;
	it->seg_line = s->line;
	it->seg_col = s->col;
	it->line = s->line;
	it->col = s->col;
}

/* Hand out text[0..n) that holds no statement. */
static int
filler(rsi_stream *s, size_t n, rsi_stream_item *it)
{
	start_item(s, RSI_STREAM_FILLER, n, it);
	advance(s, s->pos + n);
	return 1;
}

/* Does buf[pos..to) split to nothing (blanks, complete comments, lone ';')? */
static int
nothing_before(const rsi_stream *s, size_t to)
{
	rsi_splitter sp;
	rsi_statement st;
	rsi_token	t;

	rsi_splitter_init(&sp, s->buf + s->pos, to - s->pos);
	if (rsi_splitter_next(&sp, &st))
		return 0;
	/* and no comment is left open at 'to' */
	rsi_lex_next(s->buf, to, s->pos, &t);
	return t.kind != RSI_TOK_ERROR;
}

/*
 * buf[pos..len) splits to nothing, but its last comment may go on in the
 * next chunk.  Where may it be cut so that the lexer is plainly outside
 * any comment there?  At the end when no line comment can be open there;
 * else where that line comment starts (a "--" before which the text splits
 * to nothing); else (after 16 "--" inside block comments) at the last
 * newline outside block comments.  Returns pos when nowhere.
 */
static size_t
blank_end(const rsi_stream *s)
{
	size_t		q = s->len,
				i;
	int			tries = 0;

	while (q > s->pos && s->buf[q - 1] != '\n')
		q--;
	if (q > s->pos && !nothing_before(s, q))
		q = s->pos;				/* that newline is inside a block comment */
	for (i = q; i + 1 < s->len; i++)
	{
		if (s->buf[i] != '-' || s->buf[i + 1] != '-')
			continue;
		if (nothing_before(s, i))
			return i;			/* the line comment that may be open starts here */
		if (++tries == 16)
			return q;
	}
	return s->len;
}

static int
abandon(rsi_stream *s, rsi_lex_error why, rsi_stream_item *it)
{
	start_item(s, RSI_STREAM_ABANDONED, s->len - s->pos, it);
	it->lex_error = why;
	if (s->cont)
	{
		/* a construct skipped in pieces: its start is gone, so name only where it was */
		it->seg_len = 0;
		it->seg_pos = s->cont_pos;
		it->seg_line = it->line = s->cont_line;
		it->seg_col = it->col = s->cont_col;
		it->lex_error = s->cont_error;
		s->cont = 0;
	}
	s->mode = MODE_DRAIN;
	return 1;
}

static int	resume_inside(rsi_stream *s, const rsi_token *tok);

/*
 * The text at pos is a block comment longer than the limit that the end of
 * the buffer cuts, with no statement before it: hand out what can be
 * dropped of it as filler (see resume_inside).  Returns 0 when it cannot.
 */
static int
comment_filler(rsi_stream *s, rsi_stream_item *it)
{
	rsi_token	tok;
	rsi_stream_item f;

	rsi_lex_next(s->buf, s->len, s->pos, &tok);
	if (tok.kind != RSI_TOK_ERROR || tok.error != RSI_LEX_UNTERMINATED_COMMENT || tok.off != s->pos)
		return 0;
	start_item(s, RSI_STREAM_FILLER, 0, &f);
	if (!resume_inside(s, &tok))
		return 0;
	f.seg_len = (size_t) (s->buf + s->pos - f.seg);
	*it = f;
	return 1;
}

static int
next_normal(rsi_stream *s, rsi_stream_item *it)
{
	const char *text = s->buf + s->pos;
	size_t		n = s->len - s->pos;
	rsi_splitter *sp = &s->sp;
	rsi_statement st;
	rsi_token	tok;
	size_t		seg_end;
	int			rl,
				rc;

	if (n == 0)
	{
		s->done = s->eof;
		return 0;
	}
	if (s->cont)
	{
		/* buf[pos] is the rewritten start of a long comment before a statement */
		rsi_lex_next(s->buf, s->len, s->pos, &tok);
		if (tok.kind != RSI_TOK_ERROR || tok.off != s->pos)
			s->cont = 0;
		else if (s->eof)
			return abandon(s, s->cont_error, it);
	}
	rsi_splitter_init(sp, text, n);
	if (!rsi_splitter_next(sp, &st))
	{
		size_t		nl;

		if (s->eof)
			return filler(s, n, it);

		/*
		 * Only whitespace, comments and lone semicolons so far; the last
		 * comment may continue in the next chunk.  Hand out what is
		 * complete.
		 */
		nl = blank_end(s) - s->pos;
		if (nl > 0)
			return filler(s, nl, it);
		if (n > s->max_stmt)
			return abandon(s, RSI_LEX_OK, it);
		return 0;
	}

	/* ended by a ';' (then final), or by the end of the buffer */
	rsi_lex_next(text, n, st.end, &tok);
	if (tok.kind == RSI_TOK_SEMI)
		seg_end = tok.off + 1;
	else if (s->eof)
		seg_end = n;
	else if (st.off > 0)
		return filler(s, st.off, it);	/* keep only the statement pending */
	else if (n > s->max_stmt)
	{
		if (comment_filler(s, it))
			return 1;
		if (s->cont)
			return abandon(s, s->cont_error, it);	/* a comment that became nested */
		start_item(s, RSI_STREAM_TOO_LONG, n, it);
		s->mode = MODE_SKIP;
		return 1;
	}
	else
		return 0;

	/*
	 * The limit counts from the first token through the ';', so whether a
	 * statement is too long does not depend on where the reads ended.
	 */
	start_item(s, seg_end - st.off > s->max_stmt ? RSI_STREAM_TOO_LONG : RSI_STREAM_STATEMENT,
			   seg_end, it);
	it->off = st.off;
	it->end = st.end;
	it->lexed = st.lexed;
	rel_to_abs(s, st.line, st.col, &it->line, &it->col);
	/* the splitter has counted up to st.off; count the rest of the segment */
	rl = st.line;
	rc = st.col;
	rsi_utf8_advance_lc(text + st.off, seg_end - st.off, &rl, &rc);
	rel_to_abs(s, rl, rc, &s->line, &s->col);
	s->pos += seg_end;
	return 1;
}

/*
 * The construct at buf[pos] (a string, quoted identifier, dollar quote or
 * block comment, as lexed into *tok) runs past the end of the buffer, and
 * the buffer holds more than max_stmt bytes.  Drop its text up to a point
 * k near the end where the lexer's state inside it is plain (inside the
 * construct, not in the middle of a '' pair, an escape, a delimiter or a
 * comment mark), and write its opening delimiter again just before k: from
 * there the lexer goes on exactly as it would have from the real start.
 * Line and column still count the dropped bytes, and not the rewritten
 * delimiter.  Returns 1 when done, 0 when the construct cannot be dropped
 * in pieces (see stream.h).
 */
static int
resume_inside(rsi_stream *s, const rsi_token *tok)
{
	char	   *b = s->buf;
	size_t		start = s->pos,
				len = s->len,
				body = 0,
				olen,
				k;
	const char *hold = NULL;	/* bytes that may begin a two-byte unit */
	const char *delim = NULL;	/* the opening delimiter; NULL: $tag$ as written */
	rsi_lex_error err;
	int			l = 1,
				c = 1;
	rsi_lex_error e = tok->kind == RSI_TOK_ERROR ? tok->error : RSI_LEX_OK;

	if (tok->off != start)
		return 0;
	if (tok->kind == RSI_TOK_STRING || tok->kind == RSI_TOK_ESTRING || e == RSI_LEX_UNTERMINATED_STRING)
	{
		/* plain and E'' strings scan alike: '' and backslash escapes */
		err = RSI_LEX_UNTERMINATED_STRING;
		body = start + (b[start] == '\'' ? 1 : 2);
		delim = "'";
		hold = "'\\";
	}
	else if (tok->kind == RSI_TOK_QIDENT || e == RSI_LEX_UNTERMINATED_QIDENT)
	{
		err = RSI_LEX_UNTERMINATED_QIDENT;
		body = start + 1;
		delim = "\"";
		hold = "\"";
	}
	else if (tok->kind == RSI_TOK_DOLLAR || e == RSI_LEX_UNTERMINATED_DOLLAR)
	{
		const char *d = memchr(b + start + 1, '$', len - start - 1);

		if (d == NULL)
			return 0;
		err = RSI_LEX_UNTERMINATED_DOLLAR;
		olen = (size_t) (d - (b + start)) + 1;
		/* no closing tag starts before len - olen + 1; keep a whole tag's length */
		if (len - start < 2 * olen + 1)
			return 0;
		k = len - olen;
	}
	else if (e == RSI_LEX_UNTERMINATED_COMMENT)
	{
		size_t		i;

		/* only an unnested comment: its depth is then 1 all along */
		for (i = start + 2; i + 1 < len; i++)
			if (b[i] == '/' && b[i + 1] == '*')
				return 0;
		err = RSI_LEX_UNTERMINATED_COMMENT;
		body = start + 2;
		delim = "/*";
		hold = "*/";
	}
	else
		return 0;

	if (delim)
	{
		/*
		 * Two-byte units begin with a byte of hold; every other byte ends a
		 * unit, so after the last such byte the lexer is plainly inside.
		 */
		olen = strlen(delim);
		for (k = len; k > body; k--)
			if (strchr(hold, b[k - 1]) == NULL || b[k - 1] == '\0')
				break;
		if (k <= body || k - olen <= start)
			return 0;
	}
	if (!s->cont)
	{
		s->cont = 1;
		s->cont_error = err;
		s->cont_pos = s->buf_pos + start;
		s->cont_line = s->line;
		s->cont_col = s->col;
	}
	advance(s, k);
	s->pos = k - olen;
	if (delim)
		memcpy(b + s->pos, delim, olen);
	else
		memmove(b + s->pos, b + start, olen);
	rsi_utf8_advance_lc(b + s->pos, olen, &l, &c);
	s->col -= c - 1;			/* counted again when the delimiter is passed */
	return 1;
}

/*
 * Could buf[from..len) still become the rest of a dollar-quote tag?  Then
 * the '$' before it is an operator only because the buffer ends there.
 */
static int
tag_to_end(const rsi_stream *s, size_t from)
{
	size_t		i;

	for (i = from; i < s->len; i++)
	{
		unsigned char c = (unsigned char) s->buf[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '_' || c >= 0x80))
			return 0;
	}
	return 1;
}

/*
 * Skip the over-long statement token by token.  Returns 1 when its end was
 * found (mode is normal again), 0 when more input is needed, 2 when *it
 * was filled (ABANDONED).
 */
static int
skip_statement(rsi_stream *s, rsi_stream_item *it)
{
	size_t		p = s->pos,
				carry;
	rsi_token	tok;
	rsi_lex_error why = RSI_LEX_OK;

	for (;;)
	{
		size_t		next = rsi_lex_next(s->buf, s->len, p, &tok);

		if (tok.kind == RSI_TOK_SEMI || (s->eof && (tok.kind == RSI_TOK_EOF || next >= s->len)))
		{
			if (s->cont && tok.off == s->pos && tok.kind == RSI_TOK_ERROR &&
				tok.error != RSI_LEX_NUL_BYTE && tok.error != RSI_LEX_EMPTY_QIDENT)
			{
				/* what was skipped in pieces is still open at the end of the input */
				abandon(s, s->cont_error, it);
				return 2;
			}
			advance(s, tok.kind == RSI_TOK_SEMI ? tok.off + 1 : s->len);
			s->mode = MODE_NORMAL;
			s->cont = 0;
			return 1;
		}
		if (tok.kind == RSI_TOK_EOF)
		{
			carry = p;			/* a trailing comment may be cut */
			break;
		}
		if (tok.kind == RSI_TOK_ERROR && tok.error != RSI_LEX_NUL_BYTE &&
			tok.error != RSI_LEX_EMPTY_QIDENT)
		{
			carry = tok.off;
			why = tok.error;
			break;
		}
		if (next >= s->len || (!s->eof && tok.kind == RSI_TOK_OP && s->buf[tok.off] == '$' &&
								tag_to_end(s, tok.off + 1)))
		{
			/* the last token may be cut; so may a $tag$ not yet closed by its '$' */
			carry = tok.off;
			break;
		}
		p = next;
	}
	/* the construct that was skipped in pieces has ended unless it is still the one cut */
	if (carry != s->pos || tok.off != s->pos)
		s->cont = 0;
	advance(s, carry);
	if (s->len - s->pos > s->max_stmt)
	{
		if (tok.kind == RSI_TOK_EOF)
			advance(s, blank_end(s));
		else
			resume_inside(s, &tok);
	}
	if (s->len - s->pos > s->max_stmt)
	{
		abandon(s, why, it);
		return 2;
	}
	return 0;
}

int
rsi_stream_next(rsi_stream *s, rsi_stream_item *it)
{
	for (;;)
	{
		switch (s->mode)
		{
			case MODE_DRAIN:
				s->pos = s->len;
				s->done = s->eof;
				return 0;
			case MODE_SKIP:
				switch (skip_statement(s, it))
				{
					case 0:
						return 0;
					case 2:
						return 1;
				}
				break;
			default:
				return next_normal(s, it);
		}
	}
}
