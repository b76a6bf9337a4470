/*
 * routes.c - every page and endpoint, in one table: method, path, handler, the least role
 * that may call it, and flags. app.c applies the policy before any handler runs.
 */
#include "app/app.h"

#include "api/api.h"
#include "pages/pages.h"

const struct route app_routes[] = {
	{HTTP_GET, "/", page_home, ROLE_ANONYMOUS, 0},
	{HTTP_GET, "/lang", page_lang, ROLE_ANONYMOUS, 0},
	{HTTP_GET, "/static/", page_static, ROLE_ANONYMOUS, ROUTE_PREFIX_ARG},
	/* accounts (page_account.c, api_tokens) */
	/* search and downloads (page_initiatives.c, api_initiatives.c) */
	/* initiative, frameworks (page_initiative.c, page_frameworks.c, api_frameworks.c) */
	/* submit, edit, moderation, audit (page_submit.c, page_moderation.c) */
	/* API documentation (api_openapi.c) */
	{HTTP_GET, "/api/v1/openapi.json", api_openapi, ROLE_ANONYMOUS, ROUTE_API},
};

const size_t app_route_count = sizeof app_routes / sizeof app_routes[0];
