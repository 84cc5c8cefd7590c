/*
 * server.c — HTTP glue on libmicrohttpd (server.h).
 *
 * One internal polling thread serves every connection, so requests run
 * one at a time on the one database connection (db.c) and need no lock.
 * Limits: the body (max_body; 413 beyond), header lines (max_headers),
 * idle time per connection (timeout: a slow client is dropped), and
 * connections.  A request's life:
 *   POST, no query string, Content-Type application/x-www-form-urlencoded
 *   -> SigV4 (sigv4.c) with the key's secret (db.c)
 *   -> parameters (form.c) -> action (actions.c) -> SQL as the key's user (db.c)
 *   -> XML (xmlout.c).
 * Every refusal is an AWS-shaped error.  The log has one line per request
 * (request ID, action, key ID, status, code), never a parameter's value.
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <microhttpd.h>
#include <openssl/rand.h>

#include "actions.h"
#include "awserr.h"
#include "form.h"
#include "server.h"
#include "sigv4.h"
#include "xmlout.h"

#define SERVICE "redshift"

struct ep_server
{
	struct MHD_Daemon *daemon;
	ep_server_config config;
	ep_db	   *db;
};

typedef struct request
{
	char	   *body;
	size_t		len;
	int			too_large;
} request;

typedef struct header_list
{
	ep_header  *items;
	size_t		n;
	size_t		max;
} header_list;

static enum MHD_Result
collect_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	header_list *h = cls;

	(void) kind;
	if (h->n >= h->max)
		return MHD_NO;
	h->items[h->n].name = key;
	h->items[h->n].value = value ? value : "";
	h->n++;
	return MHD_YES;
}

static void
new_request_id(char out[37])
{
	unsigned char b[16];
	static const char hex[] = "0123456789abcdef";
	int			i,
				j = 0;

	if (RAND_bytes(b, sizeof(b)) != 1)
		memset(b, 0, sizeof(b));
	b[6] = (unsigned char) ((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char) ((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++)
	{
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[j++] = '-';
		out[j++] = hex[b[i] >> 4];
		out[j++] = hex[b[i] & 15];
	}
	out[j] = '\0';
}

static enum MHD_Result
send_xml(struct MHD_Connection *conn, int status, char *xml, const char *request_id)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (xml == NULL)
	{
		/* the writer failed (out of memory): a fixed answer */
		static const char fallback[] =
			"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse><Error><Type>Receiver</Type>"
			"<Code>InternalFailure</Code><Message>The request processing has failed.</Message></Error></ErrorResponse>\n";

		resp = MHD_create_response_from_buffer(sizeof(fallback) - 1, (void *) fallback, MHD_RESPMEM_PERSISTENT);
		status = 500;
	}
	else
		resp = MHD_create_response_from_buffer(strlen(xml), xml, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL)
	{
		free(xml);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", "text/xml");
	MHD_add_response_header(resp, "x-amzn-RequestId", request_id);
	ret = MHD_queue_response(conn, (unsigned int) status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void
log_request(const ep_server *s, const char *request_id, const char *action, const char *key,
			int status, const char *code)
{
	char		when[32];
	time_t		now = time(NULL);
	struct tm	tm;

	if (s->config.quiet)
		return;
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* every field is ours or bounded and checked: the key ID passed SigV4's shape */
	fprintf(stderr, "%s request=%s action=%s key=%s status=%d%s%s\n", when, request_id,
			action ? action : "-", key && *key ? key : "-", status, code ? " code=" : "", code ? code : "");
	fflush(stderr);
}

static enum MHD_Result
send_error(ep_server *s, struct MHD_Connection *conn, const ep_error *err, const char *request_id,
		   const char *action, const char *key)
{
	log_request(s, request_id, action, key, err->status, err->code);
	return send_xml(conn, err->status, ep_xml_error(err, request_id), request_id);
}

/* A key ID as logged: AKIA/ASIA and letters or digits, else "invalid" */
static const char *
loggable_key(const char *k)
{
	size_t		n = strlen(k);

	if (n < 16 || n > 128 || strspn(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != n)
		return "invalid";
	return k;
}

/* The whole request is here: answer it. */
static enum MHD_Result
serve(ep_server *s, struct MHD_Connection *conn, const char *method, const char *url, request *rq)
{
	char		request_id[37];
	ep_header	hbuf[256];
	header_list hl = {hbuf, 0, 0};
	ep_http_request hr;
	ep_sigv4_auth auth;
	ep_error	err;
	ep_form		form = {NULL, 0};
	ep_call		call;
	char		why[EP_MESSAGE_MAX];
	const char *ctype;
	char	   *secret = NULL;
	char	   *json = NULL;
	char	   *xml;
	ep_sigv4_status st;
	int			found;
	enum MHD_Result ret;

	new_request_id(request_id);
	hl.max = s->config.max_headers < 256 ? s->config.max_headers : 256;
	if (MHD_get_connection_values(conn, MHD_HEADER_KIND, NULL, NULL) > (int) hl.max)
	{
		ep_error_set(&err, "RequestHeaderSectionTooLarge", "The request has more than %zu header lines.", hl.max);
		err.status = 431;
		return send_error(s, conn, &err, request_id, NULL, NULL);
	}
	MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_header, &hl);
	if (rq->too_large)
	{
		ep_error_set(&err, "RequestEntityTooLarge", "The request body is larger than %zu bytes.", s->config.max_body);
		return send_error(s, conn, &err, request_id, NULL, NULL);
	}
	if (strcmp(method, "POST") != 0 || MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, NULL, NULL) > 0)
	{
		ep_error_set(&err, "InvalidHttpRequest",
					 "Send the Query parameters form-encoded in the body of a POST request to /.");
		return send_error(s, conn, &err, request_id, NULL, NULL);
	}
	ctype = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
	if (ctype == NULL || strncasecmp(ctype, "application/x-www-form-urlencoded", 33) != 0 ||
		(ctype[33] != '\0' && ctype[33] != ';' && ctype[33] != ' '))
	{
		ep_error_set(&err, "UnsupportedMediaType",
					 "The Content-Type must be application/x-www-form-urlencoded.");
		err.status = 415;
		return send_error(s, conn, &err, request_id, NULL, NULL);
	}

	/* who is calling */
	hr.method = method;
	hr.path = url;
	hr.query = NULL;
	hr.headers = hl.items;
	hr.nheaders = hl.n;
	hr.body = rq->body ? rq->body : "";
	hr.body_len = rq->len;
	st = ep_sigv4_parse(&hr, ep_db_region(s->db), SERVICE, time(NULL), s->config.max_skew,
						&auth, why, sizeof(why));
	if (st != EP_SIGV4_OK)
	{
		ep_error_set(&err, st == EP_SIGV4_MISSING ? "MissingAuthenticationToken" :
					 st == EP_SIGV4_INCOMPLETE ? "IncompleteSignature" : "SignatureDoesNotMatch", "%s", why);
		return send_error(s, conn, &err, request_id, NULL, NULL);
	}
	found = ep_db_key_secret(s->db, auth.key_id, &secret, &err);
	if (found < 0)
		return send_error(s, conn, &err, request_id, NULL, loggable_key(auth.key_id));
	if (found == 0)
	{
		ep_error_set(&err, "InvalidClientTokenId", "The security token included in the request is invalid.");
		return send_error(s, conn, &err, request_id, NULL, loggable_key(auth.key_id));
	}
	st = ep_sigv4_verify(&hr, &auth, secret, why, sizeof(why));
	free(secret);
	if (st != EP_SIGV4_OK)
	{
		ep_error_set(&err, "SignatureDoesNotMatch", "%s", why);
		return send_error(s, conn, &err, request_id, NULL, loggable_key(auth.key_id));
	}

	/* what it asks */
	if (ep_form_parse(hr.body, hr.body_len, &form, why, sizeof(why)) != NULL)
	{
		ep_form_free(&form);
		ep_error_set(&err, "MalformedQueryString", "%s", why);
		return send_error(s, conn, &err, request_id, NULL, auth.key_id);
	}
	if (ep_plan(&form, &call, &err) < 0)
	{
		ep_form_free(&form);
		return send_error(s, conn, &err, request_id, call.action, auth.key_id);
	}
	ep_form_free(&form);
	if (ep_db_run(s->db, auth.key_id, &call, &json, &err) < 0)
	{
		ret = send_error(s, conn, &err, request_id, call.action, auth.key_id);
		ep_call_free(&call);
		return ret;
	}
	xml = ep_xml_result(call.action, json, request_id);
	free(json);
	log_request(s, request_id, call.action, auth.key_id, xml ? 200 : 500, NULL);
	ret = send_xml(conn, 200, xml, request_id);
	ep_call_free(&call);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
		   const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	ep_server  *s = cls;
	request    *rq = *con_cls;

	(void) version;
	if (rq == NULL)
	{
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");

		rq = calloc(1, sizeof(request));
		if (rq == NULL)
			return MHD_NO;
		*con_cls = rq;
		/* a body announced too large is refused before it is read */
		if (cl != NULL && strtoull(cl, NULL, 10) > s->config.max_body)
		{
			rq->too_large = 1;
			return serve(s, conn, method, url, rq);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0)
	{
		size_t		n = *upload_data_size;

		if (!rq->too_large && rq->len + n <= s->config.max_body)
		{
			char	   *b = realloc(rq->body, rq->len + n + 1);

			if (b == NULL)
				rq->too_large = 1;
			else
			{
				rq->body = b;
				memcpy(rq->body + rq->len, upload_data, n);
				rq->len += n;
				rq->body[rq->len] = '\0';
			}
		}
		else
			rq->too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	return serve(s, conn, method, url, rq);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	request    *rq = *con_cls;

	(void) cls;
	(void) conn;
	(void) toe;
	if (rq)
	{
		free(rq->body);
		free(rq);
	}
	*con_cls = NULL;
}

static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void) cls;
	fprintf(stderr, "redshift-iam-endpoint: http: ");
	vfprintf(stderr, fmt, ap);
}

ep_server *
ep_server_start(const ep_server_config *config, ep_db *db)
{
	ep_server  *s = calloc(1, sizeof(ep_server));
	struct sockaddr_in addr;

	if (s == NULL)
		return NULL;
	s->config = *config;
	s->db = db;
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(config->port);
	if (inet_pton(AF_INET, config->host, &addr.sin_addr) != 1)
	{
		fprintf(stderr, "redshift-iam-endpoint: --listen: \"%s\" is not an IPv4 address\n", config->host);
		free(s);
		return NULL;
	}
	s->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG,
								 config->port, NULL, NULL, on_request, s,
								 MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
								 MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &addr,
								 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) config->timeout,
								 MHD_OPTION_CONNECTION_LIMIT, (unsigned int) config->max_connections,
								 MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) 64 * 1024,
								 MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
								 MHD_OPTION_END);
	if (s->daemon == NULL)
	{
		fprintf(stderr, "redshift-iam-endpoint: cannot listen on %s:%u\n", config->host, config->port);
		free(s);
		return NULL;
	}
	return s;
}

void
ep_server_stop(ep_server *s)
{
	if (s == NULL)
		return;
	MHD_quiesce_daemon(s->daemon);
	MHD_stop_daemon(s->daemon);
	free(s);
}
