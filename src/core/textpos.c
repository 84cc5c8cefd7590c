/*
 * textpos.c — byte offsets to lines, columns and character positions.
 *
 * Columns and positions count UTF-8 code points (bytes that are not
 * continuation bytes), which is what psql's caret and editors show.
 */
#include "redshift_iam/command.h"

void
rsi_line_col(const char *buf, size_t len, size_t off, int *line, int *col)
{
	size_t		i;
	int			l = 1,
				c = 1;

	if (off > len)
		off = len;
	for (i = 0; i < off; i++)
	{
		unsigned char b = (unsigned char) buf[i];

		if (b == '\n')
		{
			l++;
			c = 1;
		}
		else if ((b & 0xC0) != 0x80)
			c++;
	}
	*line = l;
	*col = c;
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
