/*
 * check_ctx.h — checking commands against one cluster of the catalog
 * shared by check_command and validate_script.
 *
 * A context is set up once per call: one lookup of the cluster, then each
 * distinct role's association and each distinct ASSUMEROLE question is
 * looked up once and remembered for the rest of the call, so a script of
 * 10,000 statements naming three roles costs three association lookups.
 * The rules themselves are the core's (rsi_check_command); this file adds
 * only what needs the database: the catalog, ASSUMEROLE and the log.
 * Lookups use SPI; the caller keeps SPI connected while the context lives.
 */
#ifndef RSI_PG_CHECK_CTX_H
#define RSI_PG_CHECK_CTX_H

#include "postgres.h"

#include "utils/hsearch.h"
#include "utils/jsonb.h"

#include "check/check.h"

typedef struct rsi_pg_check_ctx
{
	MemoryContext cxt;			/* lives as long as the call */
	const char *account_id;
	const char *region;
	const char *cluster;
	char	   *cluster_arn;
	char	   *status;			/* effective ClusterStatus; NULL if not found */
	char	   *default_role;
	char	   *availability;	/* ClusterAvailabilityStatus, or NULL */
	Oid			db_role;		/* GetUserId(): the role the command would run as */
	const char *db_user;
	char	   *principal;		/* its IAM principal ARN, or NULL (for the log) */
	struct role_entry *role1;	/* the first role looked up, and its association */
	HTAB	   *roles;			/* the other roles: ARN -> association (see check_ctx.c) */
	HTAB	   *grants;			/* "command\n roles" -> ASSUMEROLE held */
	rsi_cluster_view view;
	rsi_check_options opt;
	bool		serverless;		/* cluster names a Serverless namespace */
	char	   *workgroup;		/* the workgroup named, or NULL */
	struct rsi_pg_iam_cache *iam;	/* check_iam.c: IAM snapshots read in this call */
	const rsi_lexed *lexed;		/* the next statement's tokens from the
								 * splitter (validate_script), or NULL */
} rsi_pg_check_ctx;

/* The outcome of checking one statement. */
typedef struct rsi_pg_check_result
{
	rsi_parse_status parse_status;
	rsi_command cmd;
	rsi_verdict v;				/* for syntax errors too: sqlstate 42601 */
	int			err_line;		/* syntax errors: position, 1-based, */
	int			err_col;		/* relative to the text checked */
	size_t		err_off;
	char	   *iam_json;		/* the IAM evaluation (check_iam.c) as JSON text, or NULL */
	Jsonb	   *iam_jb;			/* the same as jsonb when check_iam.c has it, or NULL */
	const char *text;			/* the statement checked (its evaluation's memo key) */
	size_t		text_len;
} rsi_pg_check_result;

/* Look the cluster up (SPI must be connected) and set up the caches. */
extern void rsi_pg_check_ctx_init(rsi_pg_check_ctx *ctx, const char *cluster_identifier);

/*
 * Parse and check buf[0..len); allocations go to CurrentMemoryContext.
 * Never raises for a finding; empty and other statements are allowed.
 */
extern void rsi_pg_check_statement(rsi_pg_check_ctx *ctx, const char *buf, size_t len,
								   rsi_pg_check_result *res);

/*
 * Role trust, role chains and role permissions from the IAM snapshot
 * (check_iam.c): may refuse res->v, and sets res->iam_json.
 */
extern void rsi_pg_check_iam(rsi_pg_check_ctx *ctx, rsi_pg_check_result *res);

/* The roles of a checked command as written ("default" for IAM_ROLE default). */
extern char *rsi_pg_check_roles_text(const rsi_command *cmd);

/*
 * Write the log line of one check (redshift_iam.log_checks decides whether);
 * buf[0..len) is the command text, logged redacted.
 */
extern void rsi_pg_check_log(const rsi_pg_check_ctx *ctx, const rsi_pg_check_result *res,
							 const char *buf, size_t len);

/*
 * Does db_role hold ASSUMEROLE on roles (as written) or resolved (the
 * default role's ARN for IAM_ROLE default) for command?  SPI connected.
 */
extern bool rsi_pg_assumerole_held(Oid db_role, const char *roles, const char *resolved,
								   const char *command);

/* SQLSTATE text ("28000") as an errcode. */
extern int	rsi_pg_sqlstate_code(const char *sqlstate);

#endif							/* RSI_PG_CHECK_CTX_H */
