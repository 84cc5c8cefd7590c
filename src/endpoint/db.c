/*
 * db.c — libpq glue (db.h).
 *
 * One connection, used by the HTTP server's one thread.  A connection that
 * is lost (the database restarted) is reset before the next statement and
 * that statement is tried once more when nothing of it can have run: a
 * failure before COMMIT rolled everything back.  Messages of the database
 * reach the client only through the AWS mapping (awserr.c); parameters of
 * a request are never logged.
 */
#define _DEFAULT_SOURCE			/* strdup */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include <libpq-fe.h>

#include "db.h"

/*
 * Secrets of keys seen, by key ID.  A key's secret never changes (a new
 * secret is a new key), and every call re-checks in the database that the
 * key still exists and is active (redshift_iam.caller_access_key, 28000
 * otherwise), so a deleted or deactivated key is refused at once even with
 * its secret cached here.  The cache saves one round trip per request.
 */
#define SECRET_CACHE 64

typedef struct cached_secret
{
	char	   *key_id;
	char	   *secret;
} cached_secret;

struct ep_db
{
	PGconn	   *conn;
	char	   *conninfo;
	char	   *region_opt;
	char		region[64];
	cached_secret cache[SECRET_CACHE];
	unsigned	next_slot;		/* round-robin replacement */
	double		last_used;		/* monotonic seconds of the last request */
};

/* A connection idle this long is checked (an empty query) before it is used. */
#define IDLE_CHECK_SECONDS 1.0

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Load the library (the setting exists once it is loaded), pin the region. */
static int
prepare(ep_db *db)
{
	PGresult   *r;
	const char *params[1] = {db->region_opt};
	int			ok;

	if (PQstatus(db->conn) != CONNECTION_OK)
		return -1;
	r = PQexecParams(db->conn,
					 "SELECT redshift_iam.redshift_iam_version(),"
					 " CASE WHEN $1::text IS NULL THEN pg_catalog.current_setting('redshift_iam.region')"
					 "      ELSE pg_catalog.set_config('redshift_iam.region', $1, false) END",
					 1, NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
	if (ok)
		snprintf(db->region, sizeof(db->region), "%s", PQgetvalue(r, 0, 1));
	else
		fprintf(stderr, "redshift-iam-endpoint: cannot prepare the connection: %s", PQerrorMessage(db->conn));
	PQclear(r);
	return ok ? 0 : -1;
}

ep_db *
ep_db_open(const char *conninfo, const char *region)
{
	ep_db	   *db = calloc(1, sizeof(ep_db));

	if (db == NULL)
		return NULL;
	db->conninfo = strdup(conninfo ? conninfo : "");
	db->region_opt = region ? strdup(region) : NULL;
	db->conn = PQconnectdb(db->conninfo);
	if (PQstatus(db->conn) != CONNECTION_OK || prepare(db) < 0)
	{
		fprintf(stderr, "redshift-iam-endpoint: cannot connect to the database: %s", PQerrorMessage(db->conn));
		ep_db_close(db);
		return NULL;
	}
	return db;
}

void
ep_db_close(ep_db *db)
{
	int			i;

	if (db == NULL)
		return;
	for (i = 0; i < SECRET_CACHE; i++)
	{
		free(db->cache[i].key_id);
		if (db->cache[i].secret)
			memset(db->cache[i].secret, 0, strlen(db->cache[i].secret));
		free(db->cache[i].secret);
	}
	PQfinish(db->conn);
	free(db->conninfo);
	free(db->region_opt);
	free(db);
}

const char *
ep_db_region(ep_db *db)
{
	return db->region;
}

static void
unavailable(ep_error *err)
{
	ep_error_set(err, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");
}

/* reconnect after a lost connection; 0 when the connection works again */
static int
reconnect(ep_db *db)
{
	if (PQstatus(db->conn) == CONNECTION_OK)
		return 0;
	fprintf(stderr, "redshift-iam-endpoint: connection to the database lost; reconnecting\n");
	PQreset(db->conn);
	if (PQstatus(db->conn) != CONNECTION_OK || prepare(db) < 0)
		return -1;
	fprintf(stderr, "redshift-iam-endpoint: reconnected\n");
	return 0;
}

int
ep_db_key_secret(ep_db *db, const char *key_id, char **secret, ep_error *err)
{
	const char *params[1] = {key_id};
	int			attempt;

	*secret = NULL;
	for (attempt = 0; attempt < SECRET_CACHE; attempt++)
		if (db->cache[attempt].key_id && strcmp(db->cache[attempt].key_id, key_id) == 0)
		{
			*secret = strdup(db->cache[attempt].secret);
			return *secret ? 1 : -1;
		}
	for (attempt = 0; attempt < 2; attempt++)
	{
		PGresult   *r;

		if (reconnect(db) < 0)
			break;
		r = PQexecParams(db->conn,
						 "SELECT k.secret_access_key FROM redshift_iam.catalog_access_keys k"
						 " WHERE k.access_key_id OPERATOR(pg_catalog.=) $1 AND k.status OPERATOR(pg_catalog.=) 'Active'",
						 1, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(r) == PGRES_TUPLES_OK)
		{
			int			found = PQntuples(r) == 1;

			if (found)
			{
				cached_secret *slot = &db->cache[db->next_slot++ % SECRET_CACHE];

				*secret = strdup(PQgetvalue(r, 0, 0));
				free(slot->key_id);
				free(slot->secret);
				slot->key_id = strdup(key_id);
				slot->secret = strdup(PQgetvalue(r, 0, 0));
				if (slot->key_id == NULL || slot->secret == NULL)
				{
					free(slot->key_id);
					free(slot->secret);
					slot->key_id = slot->secret = NULL;
				}
			}
			PQclear(r);
			if (found && *secret == NULL)
				break;
			return found;
		}
		if (PQstatus(db->conn) == CONNECTION_OK)
		{
			fprintf(stderr, "redshift-iam-endpoint: cannot read access keys (SQLSTATE %s): %s",
					PQresultErrorField(r, PG_DIAG_SQLSTATE) ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : "?",
					PQresultErrorMessage(r));
			PQclear(r);
			ep_error_set(err, "InternalFailure",
						 "The request processing has failed because of an unknown error, exception or failure.");
			return -1;
		}
		PQclear(r);
	}
	unavailable(err);
	return -1;
}

/* the error of r as AWS's; logs the SQLSTATE of unexpected ones, never the message */
static void
sql_error(PGresult *r, ep_error *err)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);

	ep_error_from_sql(state, msg, err);
	if (err->status >= 500)
		fprintf(stderr, "redshift-iam-endpoint: database error SQLSTATE %s\n", state ? state : "?");
}

/*
 * One request is one transaction, sent as one pipeline (one round trip):
 * BEGIN; set_config(caller_access_key, key, true); the call; COMMIT.  A
 * connection idle for a second is first checked with an empty query and
 * made again if the database restarted meanwhile; a pipeline cut by a
 * restart is answered ServiceUnavailable, never retried (a cut COMMIT may
 * have committed), and the connection is made again for the next request.
 */
int
ep_db_run(ep_db *db, const char *key_id, const ep_call *call, char **json, ep_error *err)
{
	const char *kparams[1] = {key_id};
	PGresult   *r;
	PGresult   *failed = NULL;
	int			i,
				sent;

	*json = NULL;
	/* after a pause, the database may have restarted meanwhile: find out cheaply */
	if (now_seconds() - db->last_used > IDLE_CHECK_SECONDS && PQstatus(db->conn) == CONNECTION_OK)
		PQclear(PQexec(db->conn, ""));
	db->last_used = now_seconds();
	if (reconnect(db) < 0)
	{
		unavailable(err);
		return -1;
	}
	sent = PQenterPipelineMode(db->conn) &&
		PQsendQueryParams(db->conn, "BEGIN", 0, NULL, NULL, NULL, NULL, 0) &&
		PQsendQueryParams(db->conn, "SELECT pg_catalog.set_config('redshift_iam.caller_access_key', $1, true)",
						  1, NULL, kparams, NULL, NULL, 0) &&
		PQsendQueryParams(db->conn, call->sql, call->nparams, NULL, (const char *const *) call->params,
						  NULL, NULL, 0) &&
		PQsendQueryParams(db->conn, "COMMIT", 0, NULL, NULL, NULL, NULL, 0) &&
		PQpipelineSync(db->conn);
	/* four results, each followed by NULL, then the sync */
	for (i = 0; sent && i < 4; i++)
	{
		r = PQgetResult(db->conn);
		if (r == NULL)
		{
			sent = 0;
			break;
		}
		if (PQresultStatus(r) == PGRES_FATAL_ERROR && failed == NULL)
			failed = r;
		else
		{
			if (i == 2 && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
				*json = strdup(PQgetvalue(r, 0, 0));
			PQclear(r);
		}
		r = PQgetResult(db->conn);
		if (r != NULL)
		{
			PQclear(r);
			sent = 0;
		}
	}
	if (sent)
	{
		r = PQgetResult(db->conn);
		sent = r != NULL && PQresultStatus(r) == PGRES_PIPELINE_SYNC;
		PQclear(r);
	}
	if (sent)
		PQexitPipelineMode(db->conn);
	if (sent && failed == NULL && *json != NULL)
		return 0;

	free(*json);
	*json = NULL;
	if (!sent || PQstatus(db->conn) != CONNECTION_OK)
	{
		/* a broken pipeline: drop the connection, the next request reconnects */
		fprintf(stderr, "redshift-iam-endpoint: the database did not answer: %s", PQerrorMessage(db->conn));
		PQfinish(db->conn);
		db->conn = PQconnectdb(db->conninfo);
		if (PQstatus(db->conn) == CONNECTION_OK)
			prepare(db);
		unavailable(err);
	}
	else
	{
		if (failed != NULL)
			sql_error(failed, err);
		else
			ep_error_set(err, "InternalFailure",
						 "The request processing has failed because of an unknown error, exception or failure.");
		/* an error inside the transaction leaves it aborted */
		if (PQtransactionStatus(db->conn) != PQTRANS_IDLE)
			PQclear(PQexec(db->conn, "ROLLBACK"));
	}
	PQclear(failed);
	return -1;
}
