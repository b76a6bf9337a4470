/*
 * api_openapi.c - GET /api/v1/openapi.json: the OpenAPI 3.1 description of the API.
 *
 * The document is docs/openapi.json, embedded in the program with the static assets (see
 * the ASSETS list in the Makefile), so the description served is always the one the
 * program was built with. tests/http/test_openapi.py keeps it true to the routes.
 */
#include "api/api.h"

#include "pages/assets.h"

#include <string.h>

void api_openapi(struct app_request *ar)
{
	const struct asset *a = asset_find("openapi.json");
	const char *inm = ar->req->header(ar->req, "If-None-Match");
	char *etag;

	if (!a) {
		app_error(ar, 404, "not_found", T(ar, "There is no page at this address."), NULL);
		return;
	}
	etag = arena_sprintf(ar->req->arena, "\"%s\"", a->version);
	http_header_add(ar->resp, "ETag", etag);
	http_header_add(ar->resp, "Cache-Control", "public, max-age=300");
	http_header_add(ar->resp, "Access-Control-Allow-Origin", "*");
	if (inm && etag && strcmp(inm, etag) == 0) {
		ar->resp->status = 304;
		return;
	}
	ar->resp->status = 200;
	ar->resp->content_type = "application/json";
	buf_append(&ar->resp->body, a->data, a->len);
}
