/*
 * template.h — template placeholders in SQL scripts: Jinja (Airflow, dbt),
 * shell and envsubst variables, and psql variables.
 *
 * ETL scripts are often checked before they are rendered, so a role or a
 * location may still read '{{ var.value.etl_role }}', '${ETL_ROLE_ARN}' or
 * :'etl_role'.  The parser uses these functions to see a placeholder as a
 * value it cannot check (the templated-value rule) instead of as a
 * malformed ARN or a syntax error; the command-line checker uses the same
 * functions to substitute --var values.  The exact rules are written in
 * docs/rules.md ("templated-value").
 */
#ifndef RSI_TEMPLATE_H
#define RSI_TEMPLATE_H

#include <stddef.h>

typedef enum rsi_template_kind
{
	RSI_TMPL_NONE = 0,
	RSI_TMPL_JINJA_EXPR,		/* {{ expression }} */
	RSI_TMPL_JINJA_STMT,		/* {% statement %} */
	RSI_TMPL_JINJA_COMMENT,		/* {# comment #} */
	RSI_TMPL_SHELL_BRACED,		/* ${NAME}, ${NAME:-word} ... */
	RSI_TMPL_SHELL,				/* $NAME */
	RSI_TMPL_PSQL_LITERAL,		/* :'name' (outside string literals only) */
	RSI_TMPL_PSQL_IDENT,		/* :"name" (outside string literals only) */
	RSI_TMPL_PSQL				/* :name (outside string literals only) */
} rsi_template_kind;

/* The longest placeholder recognised, opener and closer included. */
#define RSI_TEMPLATE_MAX 1024

typedef struct rsi_template
{
	rsi_template_kind kind;
	size_t		off;			/* the placeholder: buf[off .. off+len) */
	size_t		len;
	size_t		name_off;		/* its variable: the name, or for Jinja the */
	size_t		name_len;		/* expression without surrounding blanks */
} rsi_template;

/*
 * Inside a string literal, $NAME counts only when NAME is upper case
 * (ETL_ROLE_ARN): S3 keys may hold '$' (EMR's _$folder$ markers).  With
 * RSI_TMPL_ANY_CASE, $name of any case counts: for IAM values, whose names
 * never hold '$'.
 */
#define RSI_TMPL_ANY_CASE	0x01

/*
 * Is there a placeholder starting exactly at buf[pos], in SQL text outside
 * string literals and comments?  Returns 1 and fills *t, else 0.
 */
extern int	rsi_template_at(const char *buf, size_t len, size_t pos, rsi_template *t);

/*
 * The first placeholder in the text of a string literal's value,
 * s[from .. n) (psql variables are never expanded inside quotes, so only
 * Jinja and shell forms count).  Returns 1 and fills *t (offsets into s),
 * else 0.
 */
extern int	rsi_template_in_string(const char *s, size_t n, size_t from, unsigned flags,
								   rsi_template *t);

/*
 * Every placeholder of one statement's text, in order: outside strings as
 * rsi_template_at finds them, inside string literals ('...', E'...',
 * $$...$$, raw text between the quotes) as rsi_template_in_string does,
 * with flags.  Calls cb for each; stops early when cb returns nonzero.
 * Returns the number found.  Linear in len.
 */
typedef int (*rsi_template_cb) (void *ctx, const rsi_template *t);
extern size_t rsi_template_scan(const char *buf, size_t len, unsigned flags,
								rsi_template_cb cb, void *ctx);

#endif							/* RSI_TEMPLATE_H */
