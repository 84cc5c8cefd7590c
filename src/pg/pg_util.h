/*
 * pg_util.h — the glue's shared helpers: core allocator over palloc,
 * jansson to jsonb, and parse errors as positioned ereports.
 */
#ifndef RSI_PG_UTIL_H
#define RSI_PG_UTIL_H

#include "postgres.h"

#include "executor/spi.h"
#include "utils/jsonb.h"

#include "parse/command.h"

/* A core allocator that pallocs in CurrentMemoryContext. */
extern const rsi_alloc *rsi_pg_allocator(void);

/* Core parse options from the settings. */
extern void rsi_pg_parse_options(rsi_parse_options *opt);

/*
 * Convert malloc'd JSON text from the core to jsonb and free it first, so
 * no malloc'd memory outlives an ereport.  NULL means the core ran out of
 * memory.
 */
extern Jsonb *rsi_pg_json_text_to_jsonb(char *json_text);

/* jsonb as JSON text (palloc'd), to hand to the core. */
extern char *rsi_pg_jsonb_to_text(Jsonb *jb);

/*
 * jsonb_in of JSON text the core made, remembered per backend by the
 * text's bytes (json_memo.c); a palloc'd value.
 */
extern Jsonb *rsi_pg_jsonb_of_text(const char *text);

/* A numeric as numeric_out prints it (palloc'd). */
extern char *rsi_pg_numeric_to_text(Numeric num);

/*
 * Raise the core's parse error (status st: RSI_PARSE_SYNTAX, or another
 * kind of statement where one of the six checked commands was required) as 42601,
 * with the line and column in the message and, for RSI_PARSE_SYNTAX, a
 * caret under the redacted command text.  Only inside a command scope
 * (below), which keeps the calling statement out.
 */
extern void rsi_pg_raise_parse_error(const char *buf, size_t len, const rsi_parse_error *err,
									 rsi_parse_status st) pg_attribute_noreturn();

/*
 * The text of a command as the extension echoes it (the internal query of
 * an error, the log line), palloc'd: one of the six checked commands (parsed, or
 * with a syntax error) redacted; a statement of another kind only as its
 * leading keyword and "..." ("CREATE ..."), because the redactor knows the
 * secrets of the six checked commands' grammar, not of every statement's.
 */
extern char *rsi_pg_echo_text(const char *buf, size_t len, rsi_parse_status st);

/*
 * While a function that takes command text runs (parse_command, redact,
 * check_command, validate_script), every message raised — by the function,
 * by PostgreSQL under it, an ERROR, a WARNING, a NOTICE or a LOG line — goes
 * out without the calling statement: no CONTEXT from the callers (PL/pgSQL
 * and SPI print the statement that called the function, which holds the
 * command as written) and no STATEMENT in the server log.  Enter the scope
 * first thing and leave it just before returning; on an error, the PG_TRY
 * of whoever catches it (or the top level) restores the callers' stack.
 * The scope lives in the function's stack frame.
 */
typedef struct rsi_pg_command_scope
{
	ErrorContextCallback cb;
	ErrorContextCallback *saved;
} rsi_pg_command_scope;

extern void rsi_pg_command_scope_enter(rsi_pg_command_scope *scope);
extern void rsi_pg_command_scope_leave(rsi_pg_command_scope *scope);

/*
 * Bounds on user values echoed in messages and log lines.  A valid cluster
 * identifier has at most 63 characters; an ARN at most 2048 (IAM's limit).
 */
#define RSI_EXCERPT_IDENTIFIER	64
#define RSI_EXCERPT_ARN			2048
#define RSI_EXCERPT_COMMAND		4096
#define RSI_ELLIPSIS			"..."	/* ASCII: every client encoding can show it */

/*
 * palloc'd excerpt of s[0..n) for a message or log line: valid UTF-8 (bad
 * sequences become U+FFFD), at most max bytes cut on a character boundary,
 * followed by "..." when something was left out.  Reads
 * only as far as it shows, so a 50 MB value costs nothing.
 */
extern char *rsi_pg_excerpt(const char *s, size_t n, size_t max);

/*
 * s, or a palloc'd copy of it, valid in the database encoding: a character
 * cut at the end left out, any other invalid byte shown as U+FFFD (or '?'
 * in another encoding).  Every message, detail, hint and text result built
 * from the core's buffers passes through it before it leaves the server,
 * where an invalid byte would replace the real error with an encoding
 * error (under a client_encoding other than the server's).
 */
extern char *rsi_pg_valid_text(const char *s);

/* palloc'd redacted copy of buf[0..len). */
extern char *rsi_pg_redact(const char *buf, size_t len);

/*
 * Parse buf[0..len) and raise on a grammar error; returns the status for
 * RSI_PARSE_OK and RSI_PARSE_OTHER/EMPTY only when allow_other.
 */
extern rsi_parse_status rsi_pg_parse(const char *buf, size_t len, rsi_command *cmd,
									 rsi_parse_error *err, bool allow_other);

/*
 * Run a read of the extension's catalog tables as their owner (SPI
 * connected), preparing sql once per backend into *plan.  Every name and
 * operator in sql must be schema-qualified.  Results are in SPI_tuptable.
 */
extern void rsi_pg_catalog_read(SPIPlanPtr *plan, const char *sql, int nargs, Oid *types,
								Datum *values, const char *what);

#endif							/* RSI_PG_UTIL_H */
