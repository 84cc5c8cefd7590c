/*
 * walk.h — the scripts a directory argument stands for: its *.sql files,
 * recursively, in byte order of their paths (see docs/cli.md).
 */
#ifndef RSI_CLI_WALK_H
#define RSI_CLI_WALK_H

#include <stddef.h>

typedef struct cli_file_list
{
	char	  **paths;			/* malloc'd, each malloc'd */
	size_t		n;
	size_t		cap;
} cli_file_list;

/*
 * Append the *.sql files under dir (a directory) to *list, sorted byte-wise
 * by path; files and directories whose path relative to dir, or whose
 * name, matches one of excludes (fnmatch without flags: '*' also matches
 * '/') are skipped, directories with all they hold.  Symbolic links are
 * followed; a link to a directory already on the path from dir is a loop:
 * it is named on stderr (as a warning) and not followed.  A file reached
 * twice (through a link) is listed once, under its first path.  Returns
 * 0, or -1 with a message in err (a directory could not be read, or holds
 * no *.sql file); the list then holds what was found.
 */
extern int	cli_walk_dir(const char *dir, const char *const *excludes, size_t nexcludes,
						 cli_file_list *list, char *err, size_t errlen);

extern void cli_file_list_free(cli_file_list *list);

#endif							/* RSI_CLI_WALK_H */
