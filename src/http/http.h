/*
 * http.h - requests and responses, independent of the HTTP library underneath.
 *
 * The server (server.c, on libmicrohttpd) reads a whole request, body included and within
 * limits, into a struct http_request, calls one handler, and sends the struct
 * http_response it filled. Handlers never touch the socket: they render into resp->body,
 * so a late error still becomes a clean error page. Everything a request allocates comes
 * from req->arena and is freed when the response has been sent.
 */
#ifndef STOCKTAKE_HTTP_HTTP_H
#define STOCKTAKE_HTTP_HTTP_H

#include "core/arena.h"
#include "core/buf.h"

#include <stddef.h>
#include <stdint.h>

/* One name=value pair of the query string, a form body or a cookie header. */
struct http_param {
	const char *name, *value;
};

struct http_params {
	struct http_param *v;
	size_t n, cap;
};

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP_OTHER };

struct http_request {
	struct arena *arena;
	enum http_method method;
	const char *method_name;
	const char *path;         /* decoded, without the query string */
	const char *query_string; /* raw, "" when none */
	struct http_params query;
	struct http_params form; /* application/x-www-form-urlencoded bodies */
	struct http_params cookies;
	const char *content_type; /* without parameters, lower case; "" when none */
	const char *body;         /* the raw body (NUL-terminated), "" when none */
	size_t body_len;
	const char *remote_addr;
	/* header looks a request header up (case-insensitive); NULL when absent. */
	const char *(*header)(const struct http_request *req, const char *name);
	void *conn; /* the library's connection, for header() */
	void *ctx;  /* the application's per-request state (struct app_request) */
};

/* A header to send; the strings must live until the response is sent (the arena). */
struct http_header {
	const char *name, *value;
};

/*
 * A response whose body is produced while it is sent (downloads of any size): the
 * server calls produce(ud, fd) on a thread of its own, which writes the body to fd and
 * returns; then done(ud) runs. Memory does not grow with the size of the body.
 */
struct http_stream {
	void (*produce)(void *ud, int fd);
	void (*done)(void *ud);
	void *ud;
};

struct http_response {
	int status;
	const char *content_type;
	struct buf body;
	struct http_header headers[16];
	size_t nheaders;
	struct http_stream stream; /* used when produce is set */
};

/* http_param_get returns the first value of name in p, or NULL. */
const char *http_param_get(const struct http_params *p, const char *name);
/* http_param_add appends a pair (strings already in the arena); 0 or ERR_NOMEM/TOO_LARGE. */
int http_param_add(struct http_params *p, struct arena *a, const char *name, const char *value);
/*
 * http_parse_urlencoded decodes "a=1&b=x+y%21" into p (arena-allocated), at most max_pairs
 * pairs. Invalid percent escapes and invalid UTF-8 are ERR_INVALID.
 */
int http_parse_urlencoded(struct http_params *p, struct arena *a, const char *s, size_t len,
			  size_t max_pairs);
/* http_parse_cookies decodes a Cookie header into p. */
int http_parse_cookies(struct http_params *p, struct arena *a, const char *header);
/* http_url_decode decodes %XX and '+' (when plus) into a new arena string; NULL if invalid. */
char *http_url_decode(struct arena *a, const char *s, size_t len, int plus);

/* http_query returns the first value of a query parameter, or NULL. */
const char *http_query(const struct http_request *req, const char *name);
/* http_form returns the first value of a form field, or NULL. */
const char *http_form(const struct http_request *req, const char *name);
/* http_cookie returns the value of a cookie, or NULL. */
const char *http_cookie(const struct http_request *req, const char *name);

/* http_header_add adds a response header (at most 16); 0 or ERR_TOO_LARGE. */
int http_header_add(struct http_response *resp, const char *name, const char *value);
/* http_redirect answers 303 See Other to location (a path on this site). */
void http_redirect(struct http_response *resp, const char *location);
/* http_status_text returns the reason phrase of status ("Not Found"). */
const char *http_status_text(int status);

#endif
