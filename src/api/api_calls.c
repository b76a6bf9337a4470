/*
 * api_calls.c - calls for inputs in the JSON API: GET /api/v1/calls (the published calls),
 * GET /api/v1/calls/ID (one call with its deadline history and questions; the same JSON as
 * `stocktake call show --json`), GET /api/v1/timeline (the review timeline).
 */
#include "api/api.h"

#include "app/clock.h"
#include "io/call_json.h"
#include "io/timeline.h"
#include "pages/page_calls.h"

void api_calls(struct app_request *ar)
{
	int64_t now = app_now(ar);
	struct call *v;
	json_t *arr;
	size_t n;

	if (store_call_list(ar->store, ar->user.role >= ROLE_MODERATOR, 1000, ar->req->arena, &v,
			    &n)) {
		api_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	if (!(arr = json_array())) {
		api_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, call_json(&v[i], now, NULL, 0, NULL, 0));
	api_json(ar, 200, json_pack("{s:o}", "calls", arr));
}

void api_call(struct app_request *ar)
{
	int64_t id = page_call_id(ar->route_arg, NULL);
	struct call_deadline *d;
	struct call_question *q;
	struct call c;
	size_t nd, nq;
	int rc;

	if (!id || (rc = store_call_get(ar->store, id, ar->req->arena, &c)) == ERR_NOT_FOUND ||
	    (!rc && c.state == CALL_DRAFT && ar->user.role < ROLE_MODERATOR)) {
		api_error(ar, 404, "not_found", T(ar, "There is no such call for inputs."), NULL);
		return;
	}
	if (rc || store_call_deadlines(ar->store, id, ar->req->arena, &d, &nd) ||
	    store_call_questions(ar->store, id, ar->req->arena, &q, &nq)) {
		api_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	api_json(ar, 200, call_json(&c, app_now(ar), d, nd, q, nq));
}

void api_timeline(struct app_request *ar)
{
	struct timeline_event *ev;
	size_t n;

	if (timeline_collect(ar->store, 1, ar->req->arena, &ev, &n)) {
		api_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	api_json(ar, 200, json_pack("{s:o}", "events", timeline_json(ev, n)));
}
