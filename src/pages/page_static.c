/*
 * page_static.c - serves the embedded assets under /static/NAME, cached for a year when
 * the URL carries the asset's current version.
 */
#include "pages/pages.h"

#include "pages/assets.h"

#include <string.h>

const struct asset *asset_find(const char *name)
{
	for (size_t i = 0; i < asset_count; i++)
		if (strcmp(assets[i].name, name) == 0)
			return &assets[i];
	return NULL;
}

const char *asset_version(const char *name)
{
	const struct asset *a = asset_find(name);

	return a ? a->version : "";
}

void asset_send(struct app_request *ar, const struct asset *a, const char *content_type,
		const char *cache_control)
{
	const char *inm;
	char *etag;

	if (!a) {
		app_error(ar, 404, "not_found", T(ar, "There is no page at this address."), NULL);
		return;
	}
	etag = arena_sprintf(ar->req->arena, "\"%s\"", a->version);
	http_header_add(ar->resp, "ETag", etag);
	http_header_add(ar->resp, "Cache-Control", cache_control);
	inm = ar->req->header(ar->req, "If-None-Match");
	if (inm && etag && strcmp(inm, etag) == 0) {
		ar->resp->status = 304;
		return;
	}
	ar->resp->status = 200;
	ar->resp->content_type = content_type;
	buf_append(&ar->resp->body, a->data, a->len);
}

void page_static(struct app_request *ar)
{
	const struct asset *a = asset_find(ar->route_arg);
	const char *v = http_query(ar->req, "v");

	asset_send(ar, a, a ? a->content_type : NULL,
		   a && v && strcmp(v, a->version) == 0 ? "public, max-age=31536000, immutable"
							: "public, max-age=300");
}
