/*
 * textpos.c — byte offsets to lines, columns and character positions.
 *
 * Columns and positions count UTF-8 code points (bytes that are not
 * continuation bytes), which is what psql's caret and editors show.
 */
#include "parse/command.h"
#include "util/utf8.h"

void
rsi_line_cursor_init(rsi_line_cursor *c)
{
	c->off = 0;
	c->line = 1;
	c->col = 1;
}

void
rsi_line_col_next(rsi_line_cursor *c, const char *buf, size_t len, size_t off,
				  int *line, int *col)
{
	if (off > len)
		off = len;
	if (off < c->off)
		rsi_line_cursor_init(c);
	rsi_utf8_advance_lc(buf + c->off, off - c->off, &c->line, &c->col);
	c->off = off;
	*line = c->line;
	*col = c->col;
}

void
rsi_line_col(const char *buf, size_t len, size_t off, int *line, int *col)
{
	rsi_line_cursor c;

	rsi_line_cursor_init(&c);
	rsi_line_col_next(&c, buf, len, off, line, col);
}

size_t
rsi_char_offset(const char *buf, size_t off)
{
	size_t		i,
				n = 0;

	for (i = 0; i < off; i++)
		if (((unsigned char) buf[i] & 0xC0) != 0x80)
			n++;
	return n;
}
