/*
 * main.c — redshift-iam-endpoint: AWS's Query protocol for the Redshift
 * API (2012-12-01) in front of a database holding the redshift_iam
 * extension, so the AWS CLI and SDKs run against the catalog with
 * --endpoint-url (docs/endpoint.md).
 *
 * A separate process, like pgbouncer or PostgREST: never threads in a
 * backend.  It stops on SIGTERM or SIGINT after the request in progress.
 */
#define _DEFAULT_SOURCE
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "db.h"
#include "server.h"
#include "sigv4.h"

#ifndef RSI_VERSION
#define RSI_VERSION "unknown"
#endif

static void
usage(FILE *f)
{
	fprintf(f,
			"Usage: redshift-iam-endpoint --listen HOST:PORT [options]\n"
			"Serve the Redshift API (AWS Query protocol, 2012-12-01) over the redshift_iam catalog.\n\n"
			"  -l, --listen HOST:PORT     IPv4 address and port to listen on (required)\n"
			"  -d, --dbname CONNINFO      libpq connection string (default: PGHOST, PGPORT, PGDATABASE, PGUSER)\n"
			"  -r, --region REGION        region requests are signed for (default: the database's redshift_iam.region)\n"
			"      --max-body BYTES       largest request body (default 1048576)\n"
			"      --max-headers N        most header lines of a request (default 64)\n"
			"      --timeout SECONDS      idle time before a connection is closed (default 30)\n"
			"      --max-connections N    simultaneous connections (default 64)\n"
			"      --max-skew SECONDS     clock skew a signature may have (default %d)\n"
			"  -q, --quiet                no request log lines on stderr\n"
			"  -V, --version              print the version and exit\n"
			"  -h, --help                 print this help and exit\n",
			EP_SIGV4_MAX_SKEW);
}

static long
number(const char *opt, const char *v, long lo, long hi)
{
	char	   *end;
	long		n = strtol(v, &end, 10);

	if (*v == '\0' || *end != '\0' || n < lo || n > hi)
	{
		fprintf(stderr, "redshift-iam-endpoint: %s must be a number from %ld to %ld\n", opt, lo, hi);
		exit(2);
	}
	return n;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"dbname", required_argument, NULL, 'd'},
		{"region", required_argument, NULL, 'r'},
		{"max-body", required_argument, NULL, 1},
		{"max-headers", required_argument, NULL, 2},
		{"timeout", required_argument, NULL, 3},
		{"max-connections", required_argument, NULL, 4},
		{"max-skew", required_argument, NULL, 5},
		{"quiet", no_argument, NULL, 'q'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	ep_server_config cfg = {NULL, 0, 1048576, 64, 30, 64, EP_SIGV4_MAX_SKEW, 0};
	const char *listen = NULL,
			   *dbname = NULL,
			   *region = NULL;
	char		host[64];
	const char *colon;
	sigset_t	sigs;
	int			c,
				sig;
	ep_db	   *db;
	ep_server  *server;

	while ((c = getopt_long(argc, argv, "l:d:r:qVh", opts, NULL)) != -1)
	{
		switch (c)
		{
			case 'l':
				listen = optarg;
				break;
			case 'd':
				dbname = optarg;
				break;
			case 'r':
				region = optarg;
				break;
			case 1:
				cfg.max_body = (size_t) number("--max-body", optarg, 1024, 64L * 1024 * 1024);
				break;
			case 2:
				cfg.max_headers = (unsigned) number("--max-headers", optarg, 8, 256);
				break;
			case 3:
				cfg.timeout = (unsigned) number("--timeout", optarg, 1, 3600);
				break;
			case 4:
				cfg.max_connections = (unsigned) number("--max-connections", optarg, 1, 10000);
				break;
			case 5:
				cfg.max_skew = number("--max-skew", optarg, 1, 86400);
				break;
			case 'q':
				cfg.quiet = 1;
				break;
			case 'V':
				printf("redshift-iam-endpoint %s\n", RSI_VERSION);
				return 0;
			case 'h':
				usage(stdout);
				return 0;
			default:
				usage(stderr);
				return 2;
		}
	}
	if (listen == NULL || optind != argc)
	{
		usage(stderr);
		return 2;
	}
	colon = strrchr(listen, ':');
	if (colon == NULL || (size_t) (colon - listen) >= sizeof(host) || colon == listen)
	{
		fprintf(stderr, "redshift-iam-endpoint: --listen must be HOST:PORT, e.g. 127.0.0.1:8439\n");
		return 2;
	}
	memcpy(host, listen, (size_t) (colon - listen));
	host[colon - listen] = '\0';
	cfg.host = host;
	cfg.port = (unsigned short) number("--listen's port", colon + 1, 1, 65535);

	/* the signals are taken by sigwait below, in no other thread */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	xmlInitParser();

	db = ep_db_open(dbname, region);
	if (db == NULL)
		return 1;
	server = ep_server_start(&cfg, db);
	if (server == NULL)
	{
		ep_db_close(db);
		return 1;
	}
	fprintf(stderr, "redshift-iam-endpoint: listening on %s:%u, region %s\n", host, cfg.port, ep_db_region(db));
	fflush(stderr);
	sigwait(&sigs, &sig);
	fprintf(stderr, "redshift-iam-endpoint: %s received; shutting down\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	ep_server_stop(server);
	ep_db_close(db);
	xmlCleanupParser();
	return 0;
}
