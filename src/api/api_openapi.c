/*
 * api_openapi.c - GET /api/v1/openapi.json: the OpenAPI 3.1 description of the API.
 *
 * The document is docs/openapi.json, embedded in the program with the static assets (see
 * the ASSETS list in the Makefile), so the description served is always the one the
 * program was built with. tests/http/test_openapi.py keeps it true to the routes.
 */
#include "api/api.h"

#include "pages/assets.h"

void api_openapi(struct app_request *ar)
{
	const struct asset *a = asset_find("openapi.json");

	if (a)
		http_header_add(ar->resp, "Access-Control-Allow-Origin", "*");
	asset_send(ar, a, "application/json", "public, max-age=300");
}
