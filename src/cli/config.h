/*
 * config.h — the configuration file of redshift-iam-check,
 * .redshift-iam-check.ini, read with libinih (see docs/cli.md,
 * "Configuration file").
 */
#ifndef RSI_CLI_CONFIG_H
#define RSI_CLI_CONFIG_H

#include <stddef.h>

#define CLI_CONFIG_NAME		".redshift-iam-check.ini"
#define CLI_CONFIG_SECTION	"redshift-iam-check"

typedef struct cli_config_entry
{
	char	   *section;		/* "redshift-iam-check", "vars" or "rules" */
	char	   *key;
	char	   *value;
	int			line;
} cli_config_entry;

typedef struct cli_config
{
	char	   *path;			/* the file read */
	char	   *dir;			/* its directory, for relative paths */
	cli_config_entry *entries;	/* in file order */
	size_t		n;
	size_t		cap;
	char	  **owned;			/* strings made from the file (resolved paths) */
	size_t		nowned;
	size_t		capowned;
} cli_config;

/*
 * The configuration file that applies: CLI_CONFIG_NAME in the working
 * directory or the nearest directory above it.  Returns a malloc'd path,
 * or NULL when there is none.
 */
extern char *cli_config_find(void);

/*
 * Read path into *c.  Returns 0, or -1 with "FILE:LINE: ..." (or "FILE:
 * ...") in err: a file that cannot be read, a line that is not INI, a
 * section other than the three.
 */
extern int	cli_config_load(cli_config *c, const char *path, char *err, size_t errlen);

/*
 * value as a path: relative paths are taken from the file's directory
 * ("-" stays stdin).  The result lives as long as c.
 */
extern const char *cli_config_path(cli_config *c, const char *value);

extern void cli_config_free(cli_config *c);

#endif							/* RSI_CLI_CONFIG_H */
