/*
 * routes.c - every page and endpoint, in one table: method, path, handler, the least role
 * that may call it, and flags. app.c applies the policy before any handler runs.
 */
#include "app/app.h"

#include "api/api.h"
#include "pages/page_calls.h"
#include "pages/pages.h"

const struct route app_routes[] = {
    {HTTP_GET, "/", page_home, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/lang", page_lang, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/static/", page_static, ROLE_ANONYMOUS, ROUTE_PREFIX_ARG},
    /* accounts (page_account.c, api_tokens) */
    {HTTP_GET, "/login", page_login, ROLE_ANONYMOUS, 0},
    {HTTP_POST, "/login", page_login_post, ROLE_ANONYMOUS, 0},
    {HTTP_POST, "/logout", page_logout, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/register", page_register, ROLE_ANONYMOUS, 0},
    {HTTP_POST, "/register", page_register_post, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/account", page_account, ROLE_SUBMITTER, 0},
    {HTTP_POST, "/account/password", page_account_password, ROLE_SUBMITTER, 0},
    {HTTP_POST, "/account/tokens", page_account_tokens, ROLE_SUBMITTER, 0},
    {HTTP_POST, "/account/tokens/revoke", page_account_token_revoke, ROLE_SUBMITTER, 0},
    {HTTP_GET, "/api/v1/me", api_me, ROLE_SUBMITTER, ROUTE_API},
    /* search and downloads (page_initiatives.c, api_initiatives.c) */
    {HTTP_GET, "/initiatives", page_initiatives, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/initiatives.csv", page_initiatives_csv, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/initiatives.jsonl", page_initiatives_jsonl, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/api/v1/initiatives", api_initiatives, ROLE_ANONYMOUS, ROUTE_API},
    {HTTP_GET, "/api/v1/facets", api_facets, ROLE_ANONYMOUS, ROUTE_API},
    /* initiative, frameworks (page_initiative.c, page_frameworks.c, api_frameworks.c) */
    {HTTP_GET, "/initiatives/", page_initiative, ROLE_ANONYMOUS, ROUTE_PREFIX_ARG},
    {HTTP_GET, "/frameworks", page_frameworks, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/frameworks/sdg/", page_framework_sdg, ROLE_ANONYMOUS, ROUTE_PREFIX_ARG},
    {HTTP_GET, "/frameworks/action-line/", page_framework_action_line, ROLE_ANONYMOUS,
     ROUTE_PREFIX_ARG},
    {HTTP_GET, "/frameworks/gdc/", page_framework_gdc, ROLE_ANONYMOUS, ROUTE_PREFIX_ARG},
    {HTTP_GET, "/frameworks/countries", page_framework_countries, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/frameworks/country/", page_framework_country, ROLE_ANONYMOUS, ROUTE_PREFIX_ARG},
    {HTTP_GET, "/frameworks/region/", page_framework_region, ROLE_ANONYMOUS, ROUTE_PREFIX_ARG},
    {HTTP_GET, "/api/v1/initiatives/", api_initiative, ROLE_ANONYMOUS,
     ROUTE_API | ROUTE_PREFIX_ARG},
    {HTTP_GET, "/api/v1/frameworks", api_frameworks, ROLE_ANONYMOUS, ROUTE_API},
    {HTTP_GET, "/api/v1/frameworks/countries", api_framework_countries, ROLE_ANONYMOUS, ROUTE_API},
    /* submit, edit, moderation, audit (page_submit.c, page_moderation.c) */
    {HTTP_GET, "/submit", page_submit, ROLE_SUBMITTER, 0},
    {HTTP_POST, "/submit", page_submit_post, ROLE_SUBMITTER, 0},
    {HTTP_GET, "/initiatives/*/edit", page_edit, ROLE_SUBMITTER, 0},
    {HTTP_POST, "/initiatives/*/edit", page_edit_post, ROLE_SUBMITTER, 0},
    {HTTP_GET, "/my", page_my, ROLE_SUBMITTER, 0},
    {HTTP_GET, "/moderation", page_moderation, ROLE_MODERATOR, 0},
    {HTTP_GET, "/moderation/", page_moderation_item, ROLE_MODERATOR, ROUTE_PREFIX_ARG},
    {HTTP_POST, "/moderation/", page_moderation_post, ROLE_MODERATOR, ROUTE_PREFIX_ARG},
    {HTTP_GET, "/admin/audit", page_audit, ROLE_ADMIN, 0},
    {HTTP_POST, "/api/v1/initiatives", api_initiative_create, ROLE_SUBMITTER, ROUTE_API},
    {HTTP_PUT, "/api/v1/initiatives/", api_initiative_update, ROLE_SUBMITTER,
     ROUTE_API | ROUTE_PREFIX_ARG},
    /* API documentation (api_openapi.c) */
    {HTTP_GET, "/api/v1/openapi.json", api_openapi, ROLE_ANONYMOUS, ROUTE_API},
    /* mapping (api_map.c) */
    {HTTP_POST, "/api/v1/map", api_map, ROLE_ANONYMOUS, ROUTE_API},
    /* calls for inputs and the review timeline (page_calls.c, page_call_*.c, page_timeline.c,
     * api_calls.c); /calls/new and /calls/queue before the /calls/ID prefix */
    {HTTP_GET, "/calls", page_calls, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/calls/new", page_call_new, ROLE_MODERATOR, 0},
    {HTTP_POST, "/calls/new", page_call_new_post, ROLE_MODERATOR, 0},
    {HTTP_GET, "/calls/queue", page_call_queue, ROLE_MODERATOR, 0},
    {HTTP_GET, "/calls/", page_call, ROLE_ANONYMOUS, ROUTE_PREFIX_ARG},
    {HTTP_POST, "/calls/*/follow", page_call_follow, ROLE_SUBMITTER, 0},
    {HTTP_GET, "/calls/*/answer", page_call_answer, ROLE_SUBMITTER, 0},
    {HTTP_POST, "/calls/*/answer", page_call_answer_post, ROLE_SUBMITTER, 0},
    {HTTP_GET, "/calls/*/edit", page_call_edit, ROLE_MODERATOR, 0},
    {HTTP_POST, "/calls/*/edit", page_call_edit_post, ROLE_MODERATOR, 0},
    {HTTP_GET, "/calls/*/responses", page_call_responses, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/calls/*/responses.csv", page_call_responses_csv, ROLE_ANONYMOUS, 0},
    {HTTP_POST, "/calls/*/moderate", page_call_moderate_post, ROLE_MODERATOR, 0},
    {HTTP_GET, "/calls/*/synthesis", page_call_synthesis, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/calls/*/synthesis.csv", page_call_synthesis_csv, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/calls/*/synthesis.xlsx", page_call_synthesis_xlsx, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/calls/*/synthesis.pdf", page_call_synthesis_pdf, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/timeline", page_timeline, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/timeline.ics", page_timeline_ics, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/api/v1/calls", api_calls, ROLE_ANONYMOUS, ROUTE_API},
    {HTTP_GET, "/api/v1/calls/", api_call, ROLE_ANONYMOUS, ROUTE_API | ROUTE_PREFIX_ARG},
    {HTTP_GET, "/api/v1/timeline", api_timeline, ROLE_ANONYMOUS, ROUTE_API},
    {HTTP_GET, "/api/v1/calls/*/synthesis", api_call_synthesis, ROLE_ANONYMOUS, ROUTE_API},
    {HTTP_GET, "/api/v1/calls/*/response", api_call_response, ROLE_SUBMITTER, ROUTE_API},
    {HTTP_PUT, "/api/v1/calls/*/response", api_call_response_put, ROLE_SUBMITTER, ROUTE_API},
    /* reports (page_reports.c) */
    {HTTP_GET, "/reports", page_reports, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/reports/country", page_report_country_pick, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/reports/regional/", page_report_regional, ROLE_ANONYMOUS, ROUTE_PREFIX_ARG},
    {HTTP_GET, "/reports/country/", page_report_country, ROLE_ANONYMOUS, ROUTE_PREFIX_ARG},
    {HTTP_GET, "/reports/matrix", page_report_matrix, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/reports/gdc", page_report_gdc, ROLE_ANONYMOUS, 0},
    /* the same handlers answer JSON under /api/v1 */
    {HTTP_GET, "/api/v1/reports/regional/", page_report_regional, ROLE_ANONYMOUS,
     ROUTE_API | ROUTE_PREFIX_ARG},
    {HTTP_GET, "/api/v1/reports/country/", page_report_country, ROLE_ANONYMOUS,
     ROUTE_API | ROUTE_PREFIX_ARG},
    {HTTP_GET, "/api/v1/reports/matrix", page_report_matrix, ROLE_ANONYMOUS, ROUTE_API},
    {HTTP_GET, "/api/v1/reports/gdc", page_report_gdc, ROLE_ANONYMOUS, ROUTE_API},
    /* open data (page_data.c); the dumps as API routes: no cookie, so a CDN may cache them */
    {HTTP_GET, "/data", page_data, ROLE_ANONYMOUS, 0},
    {HTTP_GET, "/data/initiatives.csv", page_data_csv, ROLE_ANONYMOUS, ROUTE_API},
    {HTTP_GET, "/data/initiatives.jsonl", page_data_jsonl, ROLE_ANONYMOUS, ROUTE_API},
    {HTTP_GET, "/data/initiatives.xlsx", page_data_xlsx, ROLE_ANONYMOUS, ROUTE_API},
};

const size_t app_route_count = sizeof app_routes / sizeof app_routes[0];
