/*
 * stream.h — split a script of any size into statements in bounded memory.
 *
 * The caller reads the script in chunks into the stream's buffer; the
 * stream hands back each statement once it has seen the top-level ';' that
 * ends it (or the end of input), with its line and column in the whole
 * script.  Splitting is done by the core's one splitter (script.h): the
 * unfinished tail of a chunk is kept and split again together with the
 * next chunk, so no lexer state has to survive a chunk boundary.
 *
 * Memory is bounded by max_stmt plus a few chunks: a statement longer than
 * max_stmt bytes (from its first token through its ';') is reported
 * (RSI_STREAM_TOO_LONG) and, if it is not all in the buffer yet, skipped
 * token by token up to its ';'.  A string, quoted identifier, dollar quote
 * or block comment longer than max_stmt, inside such a statement or (a
 * block comment) before a statement, is skipped in pieces: its text is
 * dropped as it comes, and its opening delimiter is written again in front
 * of the part that is kept, so the lexer takes it up where it was.
 * Stretches of blanks and complete comments are dropped in pieces too.
 * What cannot be dropped that way is reported as RSI_STREAM_ABANDONED (the
 * rest of the input is then discarded): such a construct that is still
 * open at the end of the input; a nested block comment, a single line
 * comment, a run of quotes or backslashes, a dollar tag, an identifier or
 * a number longer than max_stmt.  The stream does no I/O and never looks
 * at encodings.
 */
#ifndef RSI_STREAM_H
#define RSI_STREAM_H

#include <stddef.h>

#include "lex/lexer.h"
#include "lex/script.h"

#define RSI_STREAM_DEFAULT_CHUNK	(64 * 1024)
#define RSI_STREAM_DEFAULT_MAX_STMT	(16 * 1024 * 1024)

typedef enum rsi_stream_kind
{
	RSI_STREAM_STATEMENT,		/* a statement, in seg[off..end) */
	RSI_STREAM_FILLER,			/* text without a statement: whitespace, comments, lone ';' */
	RSI_STREAM_TOO_LONG,		/* a statement longer than max_stmt; not handed out */
	RSI_STREAM_ABANDONED		/* the rest of the input cannot be split; discarded */
} rsi_stream_kind;

/*
 * One piece of the script.  The segments of consecutive items cover the
 * input without gaps, except what a TOO_LONG statement skips and what
 * ABANDONED discards.  Pointers stay valid until the next
 * rsi_stream_buffer() call; the text of a TOO_LONG item only until the next
 * rsi_stream_next() call (skipping rewrites the bytes it drops).
 */
typedef struct rsi_stream_item
{
	rsi_stream_kind kind;
	const char *seg;			/* the raw text, from just after the previous ';' */
	size_t		seg_len;		/* through this statement's ';' (TOO_LONG: at most that) */
	unsigned long long seg_pos; /* byte offset of seg[0] in the input */
	int			seg_line;		/* 1-based line and column (characters) of seg[0] */
	int			seg_col;
	size_t		off;			/* STATEMENT, TOO_LONG: first token, offset in seg */
	size_t		end;			/* STATEMENT: just past the last token */
	int			line;			/* line and column of seg[off] */
	int			col;
	rsi_lex_error lex_error;	/* ABANDONED: the unterminated construct, or
								 * RSI_LEX_OK for a stretch of comments */
	const rsi_lexed *lexed;		/* STATEMENT: its tokens, for the parser
								 * (rsi_parse_options.lexed), or NULL */
} rsi_stream_item;

typedef struct rsi_stream
{
	char	   *buf;
	size_t		size;			/* allocated */
	size_t		len;			/* bytes held */
	size_t		pos;			/* start of the text not yet handed out */
	unsigned long long buf_pos; /* input offset of buf[0] */
	unsigned long long total;	/* bytes received */
	int			line;			/* line and column of buf[pos] */
	int			col;
	size_t		chunk;
	size_t		max_stmt;
	int			eof;
	int			mode;			/* internal: normal, skipping, draining */
	int			done;
	/* internal: buf[pos] is a rewritten delimiter of a construct that began at */
	int			cont;
	rsi_lex_error cont_error;	/* what it is when left open */
	unsigned long long cont_pos;
	int			cont_line;
	int			cont_col;
	rsi_splitter sp;			/* internal: holds the last statement's tokens */
} rsi_stream;

/* chunk and max_stmt of 0 take the defaults.  Returns -1 when out of memory. */
extern int	rsi_stream_init(rsi_stream *s, size_t chunk, size_t max_stmt);
extern void rsi_stream_free(rsi_stream *s);

/*
 * Where to put the next bytes read: returns a pointer with *room >= 1 bytes
 * free (at least a chunk, more while a long statement is pending), or NULL
 * when out of memory.  Invalidates the items handed out so far.
 */
extern char *rsi_stream_buffer(rsi_stream *s, size_t *room);

/* n bytes were written at the pointer rsi_stream_buffer returned; 0 = end of input. */
extern void rsi_stream_fill(rsi_stream *s, size_t n);

/*
 * The next item: returns 1 and fills *it, or 0 when more input is needed
 * (or, after the end of input, when everything has been handed out).
 */
extern int	rsi_stream_next(rsi_stream *s, rsi_stream_item *it);

/* Has everything been handed out after the end of input? */
extern int	rsi_stream_finished(const rsi_stream *s);

#endif							/* RSI_STREAM_H */
