/*
 * params.c - query strings, form bodies and cookies.
 */
#include "http/http.h"

#include "core/err.h"
#include "core/text.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define HTTP_MAX_PARAMS 1000

const char *http_param_get(const struct http_params *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return p->v[i].value;
	return NULL;
}

int http_param_add(struct http_params *p, struct arena *a, const char *name, const char *value)
{
	void *v = p->v;
	int rc = arena_grow(a, &v, p->n, &p->cap, sizeof *p->v, 16, HTTP_MAX_PARAMS);

	if (rc)
		return rc;
	p->v = v;
	p->v[p->n].name = name;
	p->v[p->n].value = value;
	p->n++;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *http_url_decode(struct arena *a, const char *s, size_t len, int plus)
{
	char *out = arena_alloc(a, len + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%') {
			int hi, lo;

			if (len - i < 3)
				return NULL;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else if (plus && s[i] == '+') {
			*o++ = ' ';
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	if (!text_utf8_valid(out, (size_t)(o - out)))
		return NULL;
	return out;
}

int http_parse_urlencoded(struct http_params *p, struct arena *a, const char *s, size_t len,
			  size_t max_pairs)
{
	size_t i = 0, pairs = 0;

	while (i < len) {
		size_t start = i, eq = (size_t)-1;
		char *name, *value;
		int rc;

		while (i < len && s[i] != '&') {
			if (s[i] == '=' && eq == (size_t)-1)
				eq = i;
			i++;
		}
		if (i > start) {
			if (++pairs > max_pairs)
				return ERR_TOO_LARGE;
			if (eq == (size_t)-1) {
				name = http_url_decode(a, s + start, i - start, 1);
				value = name ? arena_strdup(a, "") : NULL;
			} else {
				name = http_url_decode(a, s + start, eq - start, 1);
				value = http_url_decode(a, s + eq + 1, i - eq - 1, 1);
			}
			if (!name || !value)
				return ERR_INVALID;
			if ((rc = http_param_add(p, a, name, value)))
				return rc;
		}
		i++; /* skip '&' */
	}
	return 0;
}

int http_parse_cookies(struct http_params *p, struct arena *a, const char *h)
{
	while (h && *h) {
		const char *start, *eq, *end;
		char *name, *value;
		int rc;

		while (*h == ' ' || *h == ';')
			h++;
		if (!*h)
			break;
		start = h;
		while (*h && *h != ';')
			h++;
		end = h;
		eq = memchr(start, '=', (size_t)(end - start));
		if (!eq)
			continue;
		name = arena_strndup(a, start, (size_t)(eq - start));
		value = arena_strndup(a, eq + 1, (size_t)(end - eq - 1));
		if (!name || !value)
			return ERR_NOMEM;
		if ((rc = http_param_add(p, a, text_trim(name), text_trim(value))))
			return rc;
	}
	return 0;
}

const char *http_query(const struct http_request *req, const char *name)
{
	return http_param_get(&req->query, name);
}

const char *http_form(const struct http_request *req, const char *name)
{
	return http_param_get(&req->form, name);
}

const char *http_cookie(const struct http_request *req, const char *name)
{
	return http_param_get(&req->cookies, name);
}

int http_header_add(struct http_response *resp, const char *name, const char *value)
{
	if (resp->nheaders >= sizeof resp->headers / sizeof *resp->headers)
		return ERR_TOO_LARGE;
	resp->headers[resp->nheaders].name = name;
	resp->headers[resp->nheaders].value = value;
	resp->nheaders++;
	return 0;
}

void http_redirect(struct http_response *resp, const char *location)
{
	resp->status = 303;
	http_header_add(resp, "Location", location);
}

const char *http_status_text(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 303:
		return "See Other";
	case 304:
		return "Not Modified";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 413:
		return "Content Too Large";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 429:
		return "Too Many Requests";
	case 500:
		return "Internal Server Error";
	case 503:
		return "Service Unavailable";
	default:
		return "";
	}
}
