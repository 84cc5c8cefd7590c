/*
 * guc.h — the extension's settings, defined in guc.c.
 */
#ifndef RSI_PG_GUC_H
#define RSI_PG_GUC_H

typedef enum rsi_access_keys_mode
{
	RSI_KEYS_ALLOW,
	RSI_KEYS_WARN,
	RSI_KEYS_TEMPORARY,
	RSI_KEYS_DENY
} rsi_access_keys_mode;

typedef enum rsi_unknown_roles_mode
{
	RSI_UNKNOWN_ROLES_ALLOW,
	RSI_UNKNOWN_ROLES_REFUSE
} rsi_unknown_roles_mode;

typedef enum rsi_log_checks_mode
{
	RSI_LOG_NONE,
	RSI_LOG_DENIED,
	RSI_LOG_ALL
} rsi_log_checks_mode;

extern char *rsi_guc_account_id;
extern char *rsi_guc_region;
extern int	rsi_guc_max_roles_per_cluster;
extern int	rsi_guc_max_role_chain;
extern int	rsi_guc_apply_delay_ms;
extern int	rsi_guc_access_keys;
extern bool rsi_guc_enforce_iam_policies;
extern int	rsi_guc_log_checks;
extern int	rsi_guc_unknown_roles;
extern char *rsi_guc_caller_access_key;

extern void rsi_guc_init(void);
extern bool rsi_guc_is_explicit(const char *name);

#endif							/* RSI_PG_GUC_H */
