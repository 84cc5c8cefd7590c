/*
 * suppress.h — inline suppressions in a script's comments:
 *
 *   -- redshift-iam-check: disable=RULE[,RULE]...
 *       alone on the line before a statement: that statement's findings;
 *       at the end of a line of a statement (also after its ';'): the
 *       findings of the statements on that line
 *   -- redshift-iam-check: disable-file=RULE[,RULE]...
 *       anywhere: the whole file
 *
 * RULE is a rule id or a former snake_case id (rsi_rule_find).  A name the
 * catalogue does not know is itself a finding, unknown-rule-in-suppression.
 * Only real comments count: the scan walks the lexer's tokens and reads
 * the gaps between them, so the same words in a string do nothing.  The
 * comments are never printed (a name is echoed only when it looks like a
 * rule id), so suppressions cannot leak what the redactor hides.
 */
#ifndef RSI_CLI_SUPPRESS_H
#define RSI_CLI_SUPPRESS_H

#include <stddef.h>

#include "check/rule_catalog.h"
#include "lex/stream.h"

#define CLI_SUPP_MARKER "redshift-iam-check:"
#define CLI_SUPP_MAX_RULES 16			/* names kept per comment */
#define CLI_SUPP_MAX_DIRECTIVES 100000	/* comments kept per file */

typedef struct cli_supp_directive
{
	unsigned long long pos;		/* byte offset of the comment in the file */
	int			line;			/* its line */
	int			alone;			/* nothing but blanks before it on its line */
	int			file;			/* disable-file */
	int			nrules;
	const rsi_rule *rules[CLI_SUPP_MAX_RULES];
	int			nunknown;
	char		unknown[CLI_SUPP_MAX_RULES][65];	/* "" when not shown */
	size_t		unknown_off[CLI_SUPP_MAX_RULES];	/* from the comment's start */
	int			reported;		/* its unknown names were reported */
} cli_supp_directive;

typedef struct cli_supp
{
	cli_supp_directive *d;
	size_t		n,
				cap;
} cli_supp;

extern void cli_supp_reset(cli_supp *s);
extern void cli_supp_free(cli_supp *s);

/* Collect the directives in the comments of one item (first pass). */
extern void cli_supp_scan(cli_supp *s, const rsi_stream_item *it);

/*
 * Is a finding of rule on the statement spanning lines first..last
 * suppressed?  Returns the directive that does it, or NULL.
 */
extern const cli_supp_directive *cli_supp_match(const cli_supp *s, const char *rule,
												int first, int last);

#endif							/* RSI_CLI_SUPPRESS_H */
