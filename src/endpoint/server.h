/*
 * server.h — the HTTP side, on GNU libmicrohttpd.
 */
#ifndef RSI_EP_SERVER_H
#define RSI_EP_SERVER_H

#include <stddef.h>

#include "db.h"

typedef struct ep_server_config
{
	const char *host;			/* IPv4 address to listen on */
	unsigned short port;
	size_t		max_body;		/* bytes of one request body */
	unsigned	max_headers;	/* header lines of one request */
	unsigned	timeout;		/* seconds a connection may stay idle */
	unsigned	max_connections;
	long		max_skew;		/* seconds of clock skew a signature may have */
	int			quiet;			/* no request log lines */
} ep_server_config;

typedef struct ep_server ep_server;

/* Listen and serve on a thread of libmicrohttpd's; NULL on failure (message on stderr). */
extern ep_server *ep_server_start(const ep_server_config *config, ep_db *db);

/* Stop accepting, finish the request being served, close. */
extern void ep_server_stop(ep_server *server);

#endif							/* RSI_EP_SERVER_H */
