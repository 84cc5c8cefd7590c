/*
 * redshift_iam.c — module entry point.
 *
 * Nothing here needs shared_preload_libraries: settings are defined when
 * the library loads, and asynchronous status changes are computed from
 * request times (see the catalog) rather than applied by a worker.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "guc.h"

PG_MODULE_MAGIC;

/*
 * The version of this library: the control file's default_version when it
 * was built (the Makefile passes it).  It may differ from the installed
 * extension's version (pg_extension.extversion) when the library was
 * replaced without ALTER EXTENSION ... UPDATE, which is what
 * redshift_iam_version() is there to show.
 */
#ifndef RSI_VERSION
#error "RSI_VERSION must be defined (the Makefile passes the control file's default_version)"
#endif

PG_FUNCTION_INFO_V1(rsi_sql_version);

Datum
rsi_sql_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(RSI_VERSION));
}

void		_PG_init(void);

void
_PG_init(void)
{
	rsi_guc_init();
}
