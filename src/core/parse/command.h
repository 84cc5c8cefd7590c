/*
 * command.h — parse COPY, UNLOAD, CREATE EXTERNAL SCHEMA, CREATE [OR
 * REPLACE] EXTERNAL FUNCTION, CREATE [EXTERNAL] MODEL and CREATE [OR
 * REPLACE] LIBRARY and extract their authorization (docs/grammar.md lists
 * every form accepted).
 *
 * Grammar errors stop the parse (rsi_parse_command returns RSI_PARSE_SYNTAX
 * with a positioned message).  Values that are well-formed SQL but cannot
 * work (a role that is not a role ARN, a chain with spaces, ...) are
 * collected as problems, so that documentation examples with placeholder
 * ARNs still parse.
 *
 * Memory comes from a caller-supplied allocator: palloc in the server,
 * an arena in the CLI.  Nothing is freed piecemeal.
 */
#ifndef RSI_COMMAND_H
#define RSI_COMMAND_H

#include <stddef.h>
#include "lex/lexer.h"

typedef enum rsi_cmd_kind
{
	RSI_CMD_OTHER = 0,
	RSI_CMD_COPY,
	RSI_CMD_UNLOAD,
	RSI_CMD_CREATE_EXTERNAL_SCHEMA,
	RSI_CMD_CREATE_EXTERNAL_FUNCTION,
	RSI_CMD_CREATE_MODEL,
	RSI_CMD_CREATE_LIBRARY
} rsi_cmd_kind;

/* The commands parse_command takes, for "expected ..." messages. */
#define RSI_PARSE_KINDS_TEXT \
	"COPY, UNLOAD, CREATE EXTERNAL SCHEMA, CREATE EXTERNAL FUNCTION, CREATE MODEL or CREATE LIBRARY"


typedef enum rsi_auth_method
{
	RSI_AUTH_NONE = 0,
	RSI_AUTH_IAM_ROLE,			/* IAM_ROLE 'arn[,arn...]' */
	RSI_AUTH_IAM_ROLE_DEFAULT,	/* IAM_ROLE default */
	RSI_AUTH_IAM_ROLE_SESSION,	/* IAM_ROLE 'SESSION' */
	RSI_AUTH_CREDENTIALS_ROLE,	/* CREDENTIALS 'aws_iam_role=...' */
	RSI_AUTH_CREDENTIALS_KEYS,	/* CREDENTIALS 'aws_access_key_id=...;...' */
	RSI_AUTH_ACCESS_KEYS		/* ACCESS_KEY_ID ... SECRET_ACCESS_KEY ... */
} rsi_auth_method;

typedef enum rsi_schema_source
{
	RSI_SRC_NONE = 0,
	RSI_SRC_DATA_CATALOG,
	RSI_SRC_HIVE_METASTORE,
	RSI_SRC_POSTGRES,
	RSI_SRC_MYSQL,
	RSI_SRC_KINESIS,
	RSI_SRC_MSK,
	RSI_SRC_KAFKA,
	RSI_SRC_REDSHIFT
} rsi_schema_source;

typedef enum rsi_parse_status
{
	RSI_PARSE_OK = 0,
	RSI_PARSE_SYNTAX,			/* grammar error: see rsi_parse_error */
	RSI_PARSE_OTHER,			/* a statement of some other kind */
	RSI_PARSE_EMPTY,			/* only whitespace and comments */
	RSI_PARSE_NOMEM
} rsi_parse_status;

/*
 * Problem codes, as they appear in parse_command's "problems" list: rule
 * ids of check/rule_catalog.h.
 */
#define RSI_PROB_INVALID_ROLE_ARN		"invalid-role-arn"
#define RSI_PROB_ROLE_NAME_NOT_ARN		"role-name-not-arn"
#define RSI_PROB_CHAIN_HAS_SPACES		"chain-has-spaces"
#define RSI_PROB_CHAIN_TOO_LONG			"chain-too-long"
#define RSI_PROB_CHAIN_NOT_ALLOWED		"chain-not-allowed"
#define RSI_PROB_INVALID_ACCESS_KEY_ID	"invalid-access-key-id"
#define RSI_PROB_TEMPORARY_KEY_NO_TOKEN	"temporary-key-without-token"
#define RSI_PROB_TOKEN_WITH_LONG_TERM_KEY "session-token-with-long-term-key"
#define RSI_PROB_SERVICE_LINKED_ROLE	"service-linked-role"
#define RSI_PROB_OPTION_OUT_OF_RANGE	"option-out-of-range"
#define RSI_PROB_TOO_MANY_PROBLEMS		"too-many-problems"

/*
 * Bounds that keep the parser's memory proportional to the values it keeps,
 * whatever the input: at most RSI_MAX_PROBLEMS problems are listed, then
 * one too-many-problems problem says how many more there were; a role
 * chain keeps its first RSI_MAX_CHAIN_ROLES roles (a longer chain is
 * always also chain-too-long, which counts all of them).
 */
#define RSI_MAX_PROBLEMS				100
#define RSI_MAX_CHAIN_ROLES				1000

typedef struct rsi_problem
{
	const char *code;			/* one of RSI_PROB_* */
	const char *message;		/* never contains a secret */
	size_t		off;			/* byte offset in the command text */
} rsi_problem;

/*
 * Template placeholders (lex/template.h) where the check needs a value:
 * the templated-value rule.  A placeholder elsewhere (in UNLOAD's query, a
 * table name, a format option) is skipped silently.
 */
typedef enum rsi_template_site
{
	RSI_TPL_ROLE = 0,			/* the IAM_ROLE value */
	RSI_TPL_KEYS,				/* the CREDENTIALS string or an access-key value */
	RSI_TPL_CLAUSE,				/* where the authorization clause would be */
	RSI_TPL_LOCATION,			/* COPY's FROM, UNLOAD's TO */
	RSI_TPL_COUNT
} rsi_template_site;

typedef struct rsi_templated
{
	int			present;
	size_t		off;			/* the placeholder, in the command text */
	const char *text;			/* as written, at most 100 bytes; NULL when
								 * not shown (a secret's place) */
} rsi_templated;

typedef struct rsi_command
{
	rsi_cmd_kind kind;
	rsi_auth_method auth;
	const char **roles;			/* the chain as written, split on commas (at
								 * most RSI_MAX_CHAIN_ROLES) */
	size_t		nroles;
	int			session_token;	/* SESSION_TOKEN / token= present */
	int			master_symmetric_key;	/* MASTER_SYMMETRIC_KEY or in CREDENTIALS */
	const char *access_key_id;	/* never the secret */
	const char *location;		/* FROM / TO string, LAMBDA/SAGEMAKER name, DATABASE */
	const char *catalog_role;	/* as written */
	const char **catalog_roles; /* CATALOG_ROLE's chain, split; NULL for
								 * 'SESSION' or no CATALOG_ROLE */
	size_t		ncatalog_roles;
	size_t		catalog_role_off;	/* the CATALOG_ROLE clause */
	const char *secret_arn;
	/* CREATE MODEL: what an IAM permission check needs */
	const char *function_name;	/* FUNCTION name, as written */
	const char *s3_bucket;		/* SETTINGS (S3_BUCKET ...) */
	const char *kms_key_id;		/* SETTINGS (KMS_KEY_ID ...); UNLOAD's KMS_KEY_ID */
	const char *sagemaker_endpoint; /* SAGEMAKER 'endpoint' (remote BYOM) */
	const char *bedrock_model_id;	/* CREATE EXTERNAL MODEL: MODEL_ID */
	/* CREATE LIBRARY, COPY */
	const char *region;			/* REGION [AS] '...' */
	rsi_schema_source source;
	size_t		off;			/* first token of the command */
	size_t		end;			/* just past the last token */
	size_t		auth_off;		/* start of the authorization clause */
	rsi_problem *problems;
	size_t		nproblems;
	rsi_templated templated[RSI_TPL_COUNT];
	int			ntemplated;		/* sites with a placeholder */

	/*
	 * What the command asks of AWS, for the IAM permission table
	 * (iam/permissions.c); unset (0 / NULL) when not written.
	 */
	/* catalog_roles, region and kms_key_id (UNLOAD's too) are above */
	const char *jsonpaths;		/* COPY JSON / AVRO 's3://...' (a JSONPaths file) */
	const char *cluster_arn;	/* CREATE EXTERNAL SCHEMA ... CLUSTER_ARN */
	int			manifest;		/* MANIFEST */
	int			ssh;			/* COPY ... SSH: FROM names a manifest */
	int			allowoverwrite; /* UNLOAD ALLOWOVERWRITE */
	int			cleanpath;		/* UNLOAD CLEANPATH */
	int			create_external_db; /* CREATE EXTERNAL DATABASE IF NOT EXISTS */
	int			iam_auth;		/* AUTHENTICATION iam (MSK, Kafka) */
	int			sagemaker;		/* CREATE EXTERNAL FUNCTION ... SAGEMAKER */
} rsi_command;

typedef struct rsi_parse_error
{
	size_t		off;			/* where the error is, byte offset */
	char		message[512];	/* "expected ..., found ..."; never a secret */
} rsi_parse_error;

typedef struct rsi_alloc
{
	void	   *(*alloc) (void *ctx, size_t size);	/* may return NULL */
	void	   *ctx;
} rsi_alloc;

typedef struct rsi_parse_options
{
	int			max_role_chain; /* redshift_iam.max_role_chain, default 10 */
	const rsi_lexed *lexed;		/* the statement's tokens from the splitter
								 * (rsi_statement.lexed), or NULL: used only
								 * when they belong to buf[0..len) */
	int			no_other_message;	/* 1: the caller reads no err->message for
									 * RSI_PARSE_OTHER (err->off is set), so
									 * it is left empty instead of made */
} rsi_parse_options;

#define RSI_DEFAULT_MAX_ROLE_CHAIN 10

/*
 * Parse one command from buf[0..len).  A single trailing ';' is allowed.
 * On RSI_PARSE_OK fills *cmd; otherwise *err (for SYNTAX and OTHER, with
 * cmd->kind set as far as it was recognised).
 */
extern rsi_parse_status rsi_parse_command(const char *buf, size_t len,
										  const rsi_parse_options *opt,
										  const rsi_alloc *alloc,
										  rsi_command *cmd, rsi_parse_error *err);

extern const char *rsi_cmd_kind_name(rsi_cmd_kind k);	/* "copy", ..., "other" */
/* The ASSUMEROLE command type of a kind ("COPY", ...), NULL when not subject to it. */
extern const char *rsi_cmd_assumerole_type(rsi_cmd_kind k);
extern const char *rsi_auth_method_name(rsi_auth_method m);	/* "iam_role", ... */
extern const char *rsi_schema_source_name(rsi_schema_source s);	/* NULL for NONE */

/* 1-based line and column (in characters, UTF-8) of byte offset off. */
extern void rsi_line_col(const char *buf, size_t len, size_t off, int *line, int *col);

/*
 * The same for many offsets of one text, in one forward pass: the cursor
 * remembers where it stopped, so increasing offsets cost the bytes between
 * them only (a smaller offset starts again from byte 0).  Initialise with
 * rsi_line_cursor_init.
 */
typedef struct rsi_line_cursor
{
	size_t		off;			/* counted up to here */
	int			line;
	int			col;
} rsi_line_cursor;

extern void rsi_line_cursor_init(rsi_line_cursor *c);
extern void rsi_line_col_next(rsi_line_cursor *c, const char *buf, size_t len, size_t off,
							  int *line, int *col);

/* Number of characters (UTF-8 code points) in buf[0..off). */
extern size_t rsi_char_offset(const char *buf, size_t off);

#endif							/* RSI_COMMAND_H */
