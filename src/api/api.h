/*
 * api.h - the JSON API under /api/v1/, one file per resource (api_*.c).
 *
 * Responses are built with jansson and sent with api_json; errors are
 * {"error":{"code":...,"message":...,"field":...}} with the right HTTP status.
 */
#ifndef STOCKTAKE_API_API_H
#define STOCKTAKE_API_API_H

#include "app/app.h"

#include <jansson.h>

/* api_json sends v (its reference is taken) with status. */
void api_json(struct app_request *ar, int status, json_t *v);
/* api_error sends the error object; field may be NULL. */
void api_error(struct app_request *ar, int status, const char *code, const char *message,
	       const char *field);
/*
 * api_tag_codes returns the codes of ini's tags of scheme as a new JSON array, as numbers
 * when numeric ("sdgs": [3, 9]), else as strings; NULL when out of memory.
 */
json_t *api_tag_codes(const struct initiative *ini, const char *scheme, int numeric);
/*
 * api_initiative_json returns ini as the API shows one initiative: the record format with
 * id, state (the stored state) and times, the framework codes as plain arrays and a link
 * to its page; NULL when out of memory. GET, POST and PUT answer with the same shape.
 */
json_t *api_initiative_json(struct app_request *ar, const struct initiative *ini,
			    const char *state);

/* The endpoints. */
/* accounts, tokens */
/* api_me: GET /api/v1/me, the account the bearer token belongs to (api_tokens.c). */
void api_me(struct app_request *ar);
/* initiatives list, facets, downloads */
void api_initiatives(struct app_request *ar);
void api_facets(struct app_request *ar);
/* one initiative, frameworks */
void api_initiative(struct app_request *ar);
void api_frameworks(struct app_request *ar);
void api_framework_countries(struct app_request *ar);
/* create, update */
void api_initiative_create(struct app_request *ar);
void api_initiative_update(struct app_request *ar);
/* OpenAPI */
/* api_openapi serves docs/openapi.json, embedded at build time. */
void api_openapi(struct app_request *ar);
/* mapping */
/* api_map: POST /api/v1/map, a text mapped like `stocktake map --jsonl` (api_map.c). */
void api_map(struct app_request *ar);

/* calls for inputs and the review timeline (api_calls.c) */
void api_calls(struct app_request *ar);
void api_call(struct app_request *ar);
void api_timeline(struct app_request *ar);
void api_call_synthesis(struct app_request *ar);
void api_call_response(struct app_request *ar);
void api_call_response_put(struct app_request *ar);

#endif
