/*
 * server.c - libmicrohttpd glue.
 *
 * For each request the access handler is called several times: first with the headers,
 * then with pieces of the body, then once more to answer. The body is gathered into a
 * bounded buffer; a body over the limit is answered 413 without reading the rest.
 */
#include "http/server.h"

#include "core/log.h"
#include "core/utc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_server_config cfg;
	unsigned port;
	atomic_int in_flight;
};

/* Per-request state, from the first call of the access handler to request_completed. */
struct conn_state {
	struct arena arena;
	struct buf body;
	int too_large;
	struct timespec start;
};

static enum http_method method_of(const char *m)
{
	static const char *const names[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};

	for (int i = 0; i < 6; i++)
		if (strcmp(m, names[i]) == 0)
			return (enum http_method)i;
	return HTTP_OTHER;
}

static const char *conn_header(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	struct http_request *req = cls;
	char *k, *v;

	(void)kind;
	/* MHD has already percent-decoded both; check they are text. */
	k = arena_strdup(req->arena, key);
	v = arena_strdup(req->arena, value ? value : "");
	if (!k || !v || http_param_add(&req->query, req->arena, k, v))
		return MHD_NO;
	return MHD_YES;
}

static void add_security_headers(struct http_server *srv, struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	if (srv->cfg.content_security_policy)
		MHD_add_response_header(r, "Content-Security-Policy",
					srv->cfg.content_security_policy);
}

/* A pipe whose write end is fed by a thread running the response's producer. */
struct stream_job {
	struct http_stream stream;
	int fd;
};

static void *stream_thread(void *p)
{
	struct stream_job *job = p;

	job->stream.produce(job->stream.ud, job->fd);
	close(job->fd);
	if (job->stream.done)
		job->stream.done(job->stream.ud);
	free(job);
	return NULL;
}

static struct MHD_Response *make_stream_response(struct http_response *resp)
{
	struct MHD_Response *r;
	struct stream_job *job;
	pthread_attr_t attr;
	pthread_t tid;
	int fds[2];

	if (pipe(fds) != 0)
		goto fail;
	job = malloc(sizeof *job);
	if (!job) {
		close(fds[0]);
		close(fds[1]);
		goto fail;
	}
	job->stream = resp->stream;
	job->fd = fds[1];
	r = MHD_create_response_from_pipe(fds[0]);
	if (!r) {
		close(fds[0]);
		close(fds[1]);
		free(job);
		goto fail;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&tid, &attr, stream_thread, job) != 0) {
		pthread_attr_destroy(&attr);
		MHD_destroy_response(r); /* closes fds[0] */
		close(fds[1]);
		free(job);
		goto fail;
	}
	pthread_attr_destroy(&attr);
	return r;
fail:
	/* The producer never runs: let the handler free what it gave it. */
	if (resp->stream.done)
		resp->stream.done(resp->stream.ud);
	return NULL;
}

/* send_fixed answers with status and body, a constant string of content_type. */
static enum MHD_Result send_fixed(struct http_server *srv, struct MHD_Connection *c, int status,
				  const char *content_type, const char *body)
{
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", content_type);
	add_security_headers(srv, r);
	ret = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_simple(struct http_server *srv, struct MHD_Connection *c, int status,
				   const char *text)
{
	return send_fixed(srv, c, status, "text/plain; charset=utf-8", text);
}

static double elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) * 1e3 +
	       (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

static void access_log(struct http_server *srv, const struct http_request *req, int status,
		       size_t bytes, const struct timespec *start)
{
	char st[8], ms[32], sz[24];

	if (!srv->cfg.access_log)
		return;
	snprintf(st, sizeof st, "%d", status);
	snprintf(ms, sizeof ms, "%.2f", elapsed_ms(start));
	snprintf(sz, sizeof sz, "%zu", bytes);
	log_kv(LOG_INFO, "request", "method", req->method_name, "path", req->path, "status", st,
	       "ms", ms, "bytes", sz, "remote", req->remote_addr ? req->remote_addr : "", LOG_END);
}

static const char *remote_address(struct MHD_Connection *c, struct arena *a)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "";

	if (!ci || !ci->client_addr)
		return "";
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, buf,
			  sizeof buf);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, buf,
			  sizeof buf);
	return arena_strdup(a, buf);
}

/* content_type_of returns the media type of a Content-Type value, lower case. */
static const char *content_type_of(struct arena *a, const char *v)
{
	size_t n = 0;
	char *out;

	if (!v)
		return "";
	while (v[n] && v[n] != ';' && v[n] != ' ')
		n++;
	out = arena_strndup(a, v, n);
	if (!out)
		return "";
	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return out;
}

static enum MHD_Result answer(struct http_server *srv, struct MHD_Connection *c,
			      struct conn_state *cs, const char *url, const char *method)
{
	struct http_request req;
	struct http_response resp;
	struct MHD_Response *r;
	enum MHD_Result ret;
	size_t bytes;

	memset(&req, 0, sizeof req);
	memset(&resp, 0, sizeof resp);
	req.arena = &cs->arena;
	req.method = method_of(method);
	req.method_name = method;
	req.path = url;
	req.conn = c;
	req.header = conn_header;
	req.remote_addr = remote_address(c, &cs->arena);
	req.query_string = "";
	req.content_type = content_type_of(
	    &cs->arena, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type"));
	req.body = cs->body.data ? cs->body.data : "";
	req.body_len = cs->body.len;
	resp.status = 200;
	buf_init(&resp.body, 64u << 20);
	if (MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, &req) < 0 ||
	    http_parse_cookies(&req.cookies, &cs->arena,
			       MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie")) != 0) {
		buf_cleanup(&resp.body);
		return send_simple(srv, c, 400, "Bad request: malformed query string or cookies\n");
	}
	if (strcmp(req.content_type, "application/x-www-form-urlencoded") == 0 &&
	    http_parse_urlencoded(&req.form, &cs->arena, req.body, req.body_len, 1000) != 0) {
		buf_cleanup(&resp.body);
		return send_simple(srv, c, 400, "Bad request: malformed form data\n");
	}
	srv->cfg.handler(srv->cfg.ud, &req, &resp);
	if (resp.stream.produce) {
		r = make_stream_response(&resp);
		bytes = 0;
	} else {
		r = MHD_create_response_from_buffer(resp.body.len, resp.body.data,
						    MHD_RESPMEM_MUST_COPY);
		bytes = resp.body.len;
	}
	buf_cleanup(&resp.body);
	if (!r)
		return send_simple(srv, c, 500, "Internal server error\n");
	if (resp.content_type)
		MHD_add_response_header(r, "Content-Type", resp.content_type);
	for (size_t i = 0; i < resp.nheaders; i++)
		MHD_add_response_header(r, resp.headers[i].name, resp.headers[i].value);
	add_security_headers(srv, r);
	ret = MHD_queue_response(c, (unsigned)resp.status, r);
	MHD_destroy_response(r);
	access_log(srv, &req, resp.status, bytes, &cs->start);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct http_server *srv = cls;
	struct conn_state *cs = *con_cls;

	(void)version;
	if (!cs) {
		cs = calloc(1, sizeof *cs);
		if (!cs)
			return MHD_NO;
		arena_init(&cs->arena, 64u << 20);
		buf_init(&cs->body, srv->cfg.max_body);
		clock_gettime(CLOCK_MONOTONIC, &cs->start);
		*con_cls = cs;
		atomic_fetch_add(&srv->in_flight, 1);
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!cs->too_large && buf_append(&cs->body, upload_data, *upload_data_size) != 0)
			cs->too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (cs->too_large) {
		if (strncmp(url, "/api/", 5) == 0)
			return send_fixed(
			    srv, c, 413, "application/json",
			    "{\"error\":{\"code\":\"too_large\",\"message\":"
			    "\"The request body is larger than the server accepts.\"}}\n");
		return send_simple(srv, c, 413, "Request body too large\n");
	}
	return answer(srv, c, cs, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct conn_state *cs = *con_cls;

	(void)c;
	(void)toe;
	if (!cs)
		return;
	arena_cleanup(&cs->arena);
	buf_cleanup(&cs->body);
	free(cs);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];

	(void)cls;
	vsnprintf(msg, sizeof msg, fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	log_kv(LOG_WARN, "http server", "detail", msg, LOG_END);
}

int http_server_start(const struct http_server_config *cfg, struct http_server **out,
		      struct errinfo *e)
{
	struct sockaddr_storage ss;
	struct http_server *srv;
	const union MHD_DaemonInfo *info;
	socklen_t sslen;

	memset(&ss, 0, sizeof ss);
	if (inet_pton(AF_INET, cfg->address, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
		((struct sockaddr_in *)&ss)->sin_family = AF_INET;
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)cfg->port);
		sslen = sizeof(struct sockaddr_in);
	} else if (inet_pton(AF_INET6, cfg->address, &((struct sockaddr_in6 *)&ss)->sin6_addr) ==
		   1) {
		((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)cfg->port);
		sslen = sizeof(struct sockaddr_in6);
	} else {
		return errinfo_set(e, ERR_INVALID, "listen", "\"%s\" is not an IP address",
				   cfg->address);
	}
	(void)sslen;
	srv = calloc(1, sizeof *srv);
	if (!srv)
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	srv->cfg = *cfg;
	if (!srv->cfg.threads)
		srv->cfg.threads = 4;
	if (!srv->cfg.max_body)
		srv->cfg.max_body = 1u << 20;
	if (!srv->cfg.max_header)
		srv->cfg.max_header = 32u << 10;
	if (!srv->cfg.timeout)
		srv->cfg.timeout = 30;
	if (!srv->cfg.max_connections)
		srv->cfg.max_connections = 1000;
	srv->daemon = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
		(ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
	    (uint16_t)cfg->port, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER,
	    on_mhd_log, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, srv->cfg.threads, MHD_OPTION_CONNECTION_TIMEOUT,
	    srv->cfg.timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT, srv->cfg.max_header,
	    MHD_OPTION_CONNECTION_LIMIT, srv->cfg.max_connections, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, srv, MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_END);
	if (!srv->daemon) {
		free(srv);
		return errinfo_set(e, ERR_IO, "listen", "cannot listen on %s:%u: %s", cfg->address,
				   cfg->port,
				   errno ? strerror(errno) : "the address is not usable");
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : cfg->port;
	*out = srv;
	return 0;
}

unsigned http_server_port(const struct http_server *srv)
{
	return srv->port;
}

void http_server_stop(struct http_server *srv, unsigned grace_seconds)
{
	MHD_socket fd;

	if (!srv)
		return;
	fd = MHD_quiesce_daemon(srv->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	for (unsigned i = 0; i < grace_seconds * 20 && atomic_load(&srv->in_flight) > 0; i++) {
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(srv->daemon);
	free(srv);
}
