/*
 * server.h - the HTTP server: libmicrohttpd with a thread pool and epoll, limits on every
 * part of a request, an access log, and a graceful stop.
 */
#ifndef STOCKTAKE_HTTP_SERVER_H
#define STOCKTAKE_HTTP_SERVER_H

#include "core/err.h"
#include "http/http.h"

#include <stddef.h>

struct http_server_config {
	const char *address; /* "127.0.0.1", "::1" or "0.0.0.0" */
	unsigned port;       /* 0: any free port (see http_server_port) */
	unsigned threads;    /* worker threads (default 4) */
	size_t max_body;     /* largest request body in bytes (default 1 MiB) */
	size_t max_header;   /* memory for the request line and headers (default 32 KiB) */
	unsigned timeout;    /* seconds a connection may stay idle (default 30) */
	unsigned max_connections;
	int access_log; /* log one line per request */
	const char *content_security_policy;
	/*
	 * handler fills resp for req. It runs on a worker thread; many run at once. The
	 * server has set resp->status = 200 and an empty body before the call.
	 */
	void (*handler)(void *ud, struct http_request *req, struct http_response *resp);
	void *ud;
};

struct http_server;

/* http_server_start listens and serves; e says why when it cannot (port in use, ...). */
int http_server_start(const struct http_server_config *cfg, struct http_server **out,
		      struct errinfo *e);
/* http_server_port returns the port it listens on. */
unsigned http_server_port(const struct http_server *srv);
/*
 * http_server_stop stops accepting connections, lets the requests in flight finish (for
 * at most grace_seconds), then stops. NULL is a no-op.
 */
void http_server_stop(struct http_server *srv, unsigned grace_seconds);

#endif
