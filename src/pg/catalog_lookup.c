/*
 * catalog_lookup.c — read the catalog from C (see rsi_catalog.h).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"

#include "rsi_catalog.h"

static char *
copy_result(MemoryContext cxt, int col, bool *isnull)
{
	Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, col, isnull);

	if (*isnull)
		return NULL;
	return MemoryContextStrdup(cxt, TextDatumGetCString(d));
}

char *
rsi_catalog_role_status(const char *account_id, const char *region,
						const char *cluster_identifier, const char *iam_role_arn)
{
	MemoryContext cxt = CurrentMemoryContext;
	Oid			types[4] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID};
	Datum		values[4];
	char	   *result = NULL;
	bool		isnull;

	values[0] = CStringGetTextDatum(account_id);
	values[1] = CStringGetTextDatum(region);
	values[2] = CStringGetTextDatum(cluster_identifier);
	values[3] = CStringGetTextDatum(iam_role_arn);
	SPI_connect();
	if (SPI_execute_with_args("SELECT redshift_iam._association_status($1, $2, $3, $4)",
							  4, types, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "redshift_iam._association_status failed");
	if (SPI_processed == 1)
		result = copy_result(cxt, 1, &isnull);
	SPI_finish();
	return result;
}

bool
rsi_catalog_cluster_lookup(const char *account_id, const char *region,
						   const char *cluster_identifier,
						   char **cluster_status, char **default_role)
{
	MemoryContext cxt = CurrentMemoryContext;
	Oid			types[3] = {TEXTOID, TEXTOID, TEXTOID};
	Datum		values[3];
	bool		found;
	bool		isnull;

	values[0] = CStringGetTextDatum(account_id);
	values[1] = CStringGetTextDatum(region);
	values[2] = CStringGetTextDatum(cluster_identifier);
	SPI_connect();
	if (SPI_execute_with_args("SELECT cluster_status, default_iam_role_arn "
							  "FROM redshift_iam._cluster_lookup($1, $2, $3)",
							  3, types, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "redshift_iam._cluster_lookup failed");
	found = (SPI_processed == 1);
	if (found)
	{
		char	   *st = copy_result(cxt, 1, &isnull);
		char	   *def = copy_result(cxt, 2, &isnull);

		if (cluster_status)
			*cluster_status = st;
		if (default_role)
			*default_role = def;
	}
	SPI_finish();
	return found;
}
