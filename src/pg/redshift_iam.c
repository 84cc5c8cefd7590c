/*
 * redshift_iam.c — module entry point.
 *
 * Nothing here needs shared_preload_libraries: settings are defined when
 * the library loads, and asynchronous status changes are computed from
 * request times (see the catalog) rather than applied by a worker.
 */
#include "postgres.h"

#include "fmgr.h"

#include "guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

void
_PG_init(void)
{
	rsi_guc_init();
}
