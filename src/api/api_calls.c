/*
 * api_calls.c - calls for inputs in the JSON API: GET /api/v1/calls (the published calls),
 * GET /api/v1/calls/ID (one call with its deadline history and questions; the same JSON as
 * `stocktake call show --json`), GET /api/v1/calls/ID/synthesis (moderators, or everyone
 * once the call has closed), GET and PUT /api/v1/calls/ID/response (the caller's own
 * response: PUT saves it as a draft or submitted, with the web form's parser and rules, and
 * the same deadline to the second: 409 when late), GET /api/v1/timeline (the review
 * timeline).
 */
#include "api/api.h"

#include "app/call_paging.h"
#include "app/clock.h"
#include "core/utc.h"
#include "io/call_form.h"
#include "io/call_json.h"
#include "io/call_synthesis.h"
#include "io/timeline.h"

#include <string.h>

void api_calls(struct app_request *ar)
{
	int64_t now = app_now(ar);
	struct app_call_page p;
	json_t *arr = NULL;
	int rc;

	if ((rc = app_call_page(ar, &p)) > 0)
		return;
	if (rc || !(arr = json_array())) {
		api_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	for (size_t i = 0; i < p.n; i++)
		json_array_append_new(arr, call_json(&p.v[i], now, NULL, 0, NULL, 0));
	api_json(ar, 200,
		 json_pack("{s:o, s:o, s:o}", "calls", arr, "next_cursor",
			   p.next ? json_string(p.next) : json_null(), "prev_cursor",
			   p.prev ? json_string(p.prev) : json_null()));
}

void api_call(struct app_request *ar)
{
	int64_t id = call_id_parse(ar->route_arg, NULL);
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

/* load_call reads the call of the route (visible to the caller) and its questions. */
static int load_call(struct app_request *ar, struct call *c, struct call_question **q, size_t *nq)
{
	int64_t id = call_id_parse(ar->route_arg, NULL);
	int rc;

	if (!id || (rc = store_call_get(ar->store, id, ar->req->arena, c)) == ERR_NOT_FOUND ||
	    (!rc && c->state == CALL_DRAFT && ar->user.role < ROLE_MODERATOR)) {
		api_error(ar, 404, "not_found", T(ar, "There is no such call for inputs."), NULL);
		return -1;
	}
	if (rc || store_call_questions(ar->store, id, ar->req->arena, q, nq)) {
		api_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return -1;
	}
	return 0;
}

void api_call_synthesis(struct app_request *ar)
{
	struct call_synthesis syn;
	struct call_question *q;
	struct call c;
	size_t nq;

	if (load_call(ar, &c, &q, &nq))
		return;
	if (ar->user.role < ROLE_MODERATOR && call_phase(&c, app_now(ar)) < PHASE_CLOSED) {
		api_error(ar, 403, "forbidden",
			  T(ar, "The synthesis is published when the call has closed."), NULL);
		return;
	}
	if (call_synthesis_build(ar->store, ar->app->model, c.id, q, nq, ar->req->arena, &syn)) {
		api_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	api_json(ar, 200, call_synthesis_json(&syn));
}

/* The caller's response, kept by mine_cb. */
struct mine {
	json_t *j;
};

static int mine_cb(void *ud, const struct call_response *r)
{
	struct mine *m = ud;
	json_t *answers = json_object();
	char at[32] = "";

	for (size_t i = 0; answers && i < r->nanswers; i++) {
		json_t *vals = json_array();
		char key[24];

		for (size_t k = 0; vals && k < r->answers[i].nvalues; k++)
			json_array_append_new(vals, json_string(r->answers[i].values[k]));
		snprintf(key, sizeof key, "%lld", (long long)r->answers[i].question_id);
		json_object_set_new(answers, key, vals);
	}
	if (r->updated_at)
		utc_format(r->updated_at, at);
	m->j = json_pack("{s:I, s:s, s:b, s:s?, s:s?, s:s?, s:s, s:o}", "id", (json_int_t)r->id,
			 "state", r->state == RESP_SUBMITTED ? "submitted" : "draft", "anonymous",
			 r->anonymous, "organisation", r->organisation, "stakeholder_type",
			 r->stakeholder_type, "country", r->country, "updated_at", at, "answers",
			 answers);
	return 0;
}

/* send_mine answers with the caller's response to call_id (404 when there is none). */
static void send_mine(struct app_request *ar, int64_t call_id, int status)
{
	struct store_response_filter f = {ar->user.id, 0, 0, 0, 0};
	struct mine m = {NULL};

	if (store_call_response_each(ar->store, call_id, &f, mine_cb, &m)) {
		json_decref(m.j);
		api_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	if (!m.j) {
		api_error(ar, 404, "not_found", T(ar, "You have not answered this call."), NULL);
		return;
	}
	api_json(ar, status, m.j);
}

void api_call_response(struct app_request *ar)
{
	struct call_question *q;
	struct call c;
	size_t nq;

	if (load_call(ar, &c, &q, &nq) == 0)
		send_mine(ar, c.id, 200);
}

void api_call_response_put(struct app_request *ar)
{
	struct answer_fields form = {0};
	struct call_response r;
	struct call_question *q;
	struct errinfo e;
	struct call c;
	size_t nq;
	int rc;

	if (load_call(ar, &c, &q, &nq))
		return;
	if (strcmp(ar->req->content_type, "application/json") != 0) {
		api_error(ar, 415, "unsupported_media_type",
			  T(ar, "Send the response as JSON, with Content-Type: application/json."),
			  NULL);
		return;
	}
	memset(&r, 0, sizeof r);
	r.call_id = c.id;
	r.user_id = ar->user.id;
	errinfo_clear(&e);
	if (call_form_from_json(ar->req->body, ar->req->body_len, ar->req->arena, &form, &e) ||
	    call_form_parse(&form, q, nq, ar->req->arena, &r, &e) ||
	    call_form_check_codes(ar->store, q, nq, &r, ar->req->arena, &e)) {
		api_error(ar, e.code == ERR_NOMEM ? 500 : 400, "invalid", e.msg,
			  e.field[0] ? e.field : NULL);
		return;
	}
	rc = store_call_response_save(ar->store, &r, app_now(ar), ar->user.email, NULL);
	if (rc == ERR_CONFLICT) {
		api_error(ar, 409, "closed",
			  T(ar, "This call does not take answers now: the deadline has passed or "
				"it is not open yet."),
			  NULL);
		return;
	}
	if (rc) {
		api_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	send_mine(ar, c.id, 200);
}
