/*
 * api_write.c - creating and replacing initiatives through the API:
 *
 *   POST /api/v1/initiatives       body: a record in the record format; 201 + Location
 *   PUT  /api/v1/initiatives/ID    body: the whole record; 200
 *
 * Both need a bearer token (the token's account is the submitter) and take JSON only. The
 * rules are the submission service's (io/submission.h), the same as the web form's: a
 * submitter's record is "submitted" unless it says "draft", only moderators publish, and
 * a submitter replaces only their own initiatives. Errors are
 * {"error":{"code","message","field"}}: 400 invalid, 401 without a token, 403 not yours or
 * not allowed, 404 unknown id, 409 a (source, source_id) already taken, 413 too large,
 * 415 not application/json.
 */
#include "api/api.h"

#include "app/initiative_access.h"
#include "core/log.h"
#include "domain/record_json.h"
#include "io/submission.h"

#include <string.h>

/* service_error answers the failure e of the submission service. */
static void service_error(struct app_request *ar, int rc, const struct errinfo *e)
{
	const char *field = e->field[0] ? e->field : NULL;

	switch (rc) {
	case ERR_INVALID:
	case ERR_TOO_LARGE:
		api_error(ar, 400, "invalid", e->msg, field);
		break;
	case ERR_FORBIDDEN:
		api_error(ar, 403, "forbidden", e->msg, field);
		break;
	case ERR_NOT_FOUND:
		api_error(ar, 404, "not_found", T(ar, "There is no initiative with this number."),
			  NULL);
		break;
	case ERR_CONFLICT:
		api_error(ar, 409, "conflict", e->msg, field);
		break;
	default:
		log_kv(LOG_ERROR, "saving through the API failed", "detail", e->msg, LOG_END);
		api_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
	}
}

/*
 * read_record parses the request's body into ini (strings in the request's arena); on
 * failure it has answered and returns non-zero.
 */
static int read_record(struct app_request *ar, struct initiative *ini)
{
	struct errinfo e;
	json_error_t jerr;
	json_t *j;
	int rc;

	if (strcmp(ar->req->content_type, "application/json") != 0) {
		api_error(ar, 415, "unsupported_media_type",
			  T(ar, "Send the record as JSON, with Content-Type: application/json."),
			  NULL);
		return ERR_INVALID;
	}
	j = json_loadb(ar->req->body, ar->req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		api_error(ar, 400, "invalid",
			  arena_sprintf(ar->req->arena, "%s (%s, line %d)",
					T(ar, "The body is not valid JSON"), jerr.text, jerr.line),
			  NULL);
		return ERR_INVALID;
	}
	ini_init(ini);
	errinfo_clear(&e);
	rc = record_from_json(j, ar->req->arena, ini, &e);
	json_decref(j);
	if (rc) {
		service_error(ar, rc == ERR_NOMEM ? rc : ERR_INVALID, &e);
		return rc;
	}
	ini->created_at = ini->updated_at = NULL; /* the store's to set */
	return 0;
}

/* answer sends the stored record id with status, in the shape GET gives it. */
static void answer(struct app_request *ar, int status, int64_t id)
{
	struct initiative ini;
	json_t *j;

	if (store_initiative_get(ar->store, id, ar->req->arena, &ini) ||
	    !(j = api_initiative_json(ar, &ini, ini.state))) {
		log_kv(LOG_ERROR, "reading a saved initiative failed", "detail",
		       store_errmsg(ar->store), LOG_END);
		api_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	api_json(ar, status, j);
}

void api_initiative_create(struct app_request *ar)
{
	struct submission_actor who = initiative_actor(ar);
	struct initiative ini;
	struct errinfo e;
	const char *loc;
	int64_t id = 0;
	int rc;

	if (read_record(ar, &ini))
		return;
	errinfo_clear(&e);
	if ((rc = submission_save(ar->store, &ini, &who, ar->req->arena, &id, NULL, &e))) {
		service_error(ar, rc, &e);
		return;
	}
	loc = arena_sprintf(ar->req->arena, "/api/v1/initiatives/%lld", (long long)id);
	if (loc)
		http_header_add(ar->resp, "Location", loc);
	answer(ar, 201, id);
}

void api_initiative_update(struct app_request *ar)
{
	struct submission_actor who = initiative_actor(ar);
	int64_t id = initiative_parse_id(ar->route_arg), got = 0;
	struct initiative ini;
	struct errinfo e;
	int rc;

	errinfo_clear(&e);
	/* Whose it is comes first: someone else's initiative is 403 whatever the body. */
	rc = id ? submission_may_edit(ar->store, id, &who, ar->req->arena, &e) : ERR_NOT_FOUND;
	if (rc) {
		service_error(ar, rc, &e);
		return;
	}
	if (read_record(ar, &ini))
		return;
	ini.id = id;
	if ((rc = submission_save(ar->store, &ini, &who, ar->req->arena, &got, NULL, &e))) {
		service_error(ar, rc, &e);
		return;
	}
	answer(ar, 200, got);
}
