/*
 * page_calls.c - calls for inputs as people see them: the list (GET /calls), one call
 * (GET /calls/ID) with its deadline in UTC, in the call's zone and in the viewer's, the time
 * left and the deadline's history, its calendar (GET /calls/ID.ics), following it
 * (POST /calls/ID/follow), and the notifications on the account page.
 *
 * Deadlines are rendered by the server in UTC and in a named zone (the call's, or one the
 * viewer picks with ?tz=, which works without JavaScript); calls.js adds the browser's own
 * zone and keeps the time left ticking, from the server's count so a wrong computer clock
 * does not mislead.
 */
#include "pages/page_calls.h"

#include "app/call_paging.h"
#include "app/clock.h"
#include "core/log.h"
#include "core/tz.h"
#include "core/utc.h"
#include "domain/call.h"
#include "io/call_json.h"
#include "io/timeline.h"
#include "pages/assets.h"
#include "pages/fragments.h"

#include <jansson.h>

#include <stdio.h>

/* How many notifications the account page shows at a time unless ?limit= says otherwise. */
#define NOTIFICATIONS_PAGE 20
#include <stdlib.h>
#include <string.h>

void page_call_internal(struct app_request *ar, const char *what, const char *detail)
{
	log_kv(LOG_ERROR, what, "detail", detail, LOG_END);
	app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
}

void page_call_notice(struct app_request *ar, const char *msg, int good)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, good ? "<p class=\"notice good\" role=\"status\">"
			 : "<p class=\"notice bad\" role=\"alert\">");
	html_txt(b, msg);
	html_raw(b, "</p>");
}

int page_call_load(struct app_request *ar, const char *arg, struct call *c)
{
	int64_t id = call_id_parse(arg ? arg : ar->route_arg, NULL);
	int rc;

	if (!id || (rc = store_call_get(ar->store, id, ar->req->arena, c)) == ERR_NOT_FOUND) {
		app_error(ar, 404, "not_found", T(ar, "There is no such call for inputs."), NULL);
		return ERR_NOT_FOUND;
	}
	if (rc) {
		page_call_internal(ar, "reading a call failed", store_errmsg(ar->store));
		return rc;
	}
	if (c->state == CALL_DRAFT && ar->user.role < ROLE_MODERATOR) {
		app_error(ar, 404, "not_found", T(ar, "There is no such call for inputs."), NULL);
		return ERR_NOT_FOUND;
	}
	return 0;
}

const char *page_call_phase_label(struct app_request *ar, int phase)
{
	switch (phase) {
	case PHASE_DRAFT:
		return T(ar, "Draft");
	case PHASE_UPCOMING:
		return T(ar, "Not open yet");
	case PHASE_OPEN:
		return T(ar, "Open");
	case PHASE_CLOSED:
		return T(ar, "Closed");
	default:
		return T(ar, "Synthesised");
	}
}

void page_call_script(struct app_request *ar)
{
	html_rawf(&ar->resp->body, "<link rel=\"stylesheet\" href=\"/static/calls.css?v=%s\">",
		  asset_version("calls.css"));
	html_rawf(&ar->resp->body, "<script src=\"/static/calls.js?v=%s\" defer></script>",
		  asset_version("calls.js"));
}

void page_call_begin(struct app_request *ar, const char *title, enum page_nav nav, int64_t crumb_id,
		     const char *crumb, const char *heading)
{
	struct buf *b = &ar->resp->body;

	page_begin(ar, title, nav);
	page_call_script(ar);
	if (crumb) {
		if (crumb_id)
			html_rawf(b, "<p class=\"crumbs\"><a href=\"/calls/%lld\">",
				  (long long)crumb_id);
		else
			html_raw(b, "<p class=\"crumbs\"><a href=\"/calls\">");
		html_txt(b, crumb);
		html_raw(b, "</a></p>");
	}
	html_raw(b, "<h1>");
	html_txt(b, heading);
	html_raw(b, "</h1>");
}

/* pager_link writes one link of the pager: path, then cursor and limit when not NULL. */
static void pager_link(struct buf *b, const char *rel, const char *path, const char *cursor,
		       const char *limit, const char *label)
{
	html_raw(b, rel);
	html_attr(b, path);
	if (cursor) {
		html_raw(b, "?cursor=");
		html_url_arg(b, cursor);
	}
	if (limit) {
		html_raw(b, cursor ? "&amp;limit=" : "?limit=");
		html_url_arg(b, limit);
	}
	html_raw(b, "\">");
	html_txt(b, label);
	html_raw(b, "</a>");
}

void page_call_pager(struct app_request *ar, const char *path, const char *prev, const char *next)
{
	struct buf *b = &ar->resp->body;
	const char *cursor = http_query(ar->req, "cursor"), *limit = http_query(ar->req, "limit");

	if (limit && !*limit)
		limit = NULL;
	if (!(cursor && *cursor) && !prev && !next)
		return;
	html_raw(b, "<nav class=\"pager\" aria-label=\"");
	html_attr(b, T(ar, "Pages"));
	html_raw(b, "\">");
	if (cursor && *cursor)
		pager_link(b, "<a href=\"", path, NULL, limit, T(ar, "First page"));
	if (prev)
		pager_link(b, "<a rel=\"prev\" href=\"", path, *prev ? prev : NULL, limit,
			   T(ar, "Previous page"));
	if (next)
		pager_link(b, "<a rel=\"next\" href=\"", path, next, limit, T(ar, "Next page"));
	html_raw(b, "</nav>");
}

/* viewer_zone is the zone the viewer asked for with ?tz=, when it is a real one. */
static const char *viewer_zone(struct app_request *ar)
{
	const char *z = http_query(ar->req, "tz");
	struct tz_info info;
	struct errinfo e;

	if (!z || !*z || tz_lookup(z, 0, &info, &e) != 0)
		return NULL;
	return z;
}

void page_call_time(struct app_request *ar, int64_t t, const char *zone)
{
	struct buf *b = &ar->resp->body;
	char iso[UTC_ISO_LEN], local[TZ_LOCAL_LEN], abbr[TZ_ABBR_MAX];
	const char *vz = viewer_zone(ar);
	struct errinfo e;

	utc_format(t, iso);
	html_raw(b, "<time class=\"moment\" datetime=\"");
	html_attr(b, iso);
	html_raw(b, "\">");
	html_txt(b, arena_sprintf(ar->req->arena, "%.10s %.8s UTC", iso, iso + 11));
	html_raw(b, "</time>");
	for (int i = 0; i < 2; i++) {
		const char *z = i ? vz : zone;

		if (!z || (i && strcmp(vz, zone) == 0) || tz_format(z, t, local, abbr, &e))
			continue;
		html_raw(b, " <span class=\"zone-time\">(");
		html_txt(b, arena_sprintf(ar->req->arena, "%.10s %.8s %s, %s", local, local + 11,
					  abbr, z));
		html_raw(b, ")</span>");
	}
	html_raw(b, " <span class=\"viewer-time\" hidden></span>");
}

/* time_left writes how long until closes_at, in words. */
static void time_left(struct app_request *ar, int64_t left)
{
	struct buf *b = &ar->resp->body;
	long long d = left / 86400;
	int h = (int)(left % 86400 / 3600), m = (int)(left % 3600 / 60), s = (int)(left % 60);

	html_rawf(b, "<p class=\"time-left\" data-seconds-left=\"%lld\"><strong>", (long long)left);
	html_txt(b, T(ar, "Time left:"));
	html_raw(b, "</strong> <span class=\"left\">");
	html_txt(
	    b, arena_sprintf(ar->req->arena, TN(ar, "%lld day", "%lld days", (unsigned long)d), d));
	html_rawf(b, ", %02d:%02d:%02d</span></p>", h, m, s);
}

/* zone_form lets the viewer see the times in a zone of their choice, without JavaScript. */
static void zone_form(struct app_request *ar, int64_t id)
{
	struct buf *b = &ar->resp->body;
	const char *vz = viewer_zone(ar);

	html_rawf(b, "<form class=\"zone\" method=\"get\" action=\"/calls/%lld\">", (long long)id);
	html_raw(b, "<label for=\"tz\">");
	html_txt(b, T(ar, "Show the times in the time zone"));
	html_raw(b, "</label> <input id=\"tz\" name=\"tz\" size=\"24\" maxlength=\"64\" "
		    "placeholder=\"Africa/Nairobi\" value=\"");
	html_attr(b, vz ? vz : "");
	html_raw(b, "\"> <button type=\"submit\">");
	html_txt(b, T(ar, "Show"));
	html_raw(b, "</button></form>");
}

static void deadline_history(struct app_request *ar, const struct call *c)
{
	struct buf *b = &ar->resp->body;
	struct call_deadline *d;
	size_t n;

	if (store_call_deadlines(ar->store, c->id, ar->req->arena, &d, &n) || n < 2)
		return;
	html_raw(b, "<h2 id=\"history\">");
	html_txt(b, T(ar, "Deadline history"));
	html_raw(b, "</h2><ol class=\"deadlines\">");
	for (size_t i = 0; i < n; i++) {
		char at[UTC_ISO_LEN];

		utc_format(d[i].at, at);
		html_raw(b, i + 1 == n ? "<li class=\"current\">" : "<li><del>");
		page_call_time(ar, d[i].closes_at, c->tz);
		html_raw(b, i + 1 == n ? "" : "</del>");
		html_raw(b, "<br><small>");
		html_txt(b, i ? T(ar, "Extended on") : T(ar, "Set on"));
		html_raw(b, " ");
		html_txt(b, arena_sprintf(ar->req->arena, "%.10s %.8s UTC", at, at + 11));
		if (d[i].reason) {
			html_raw(b, ". ");
			html_txt(b, T(ar, "Reason:"));
			html_raw(b, " ");
			html_txt(b, d[i].reason);
		}
		html_raw(b, "</small></li>");
	}
	html_raw(b, "</ol>");
}

static void text_paragraphs(struct app_request *ar, const char *text)
{
	struct buf *b = &ar->resp->body;
	const char *p = text;

	while (p && *p) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *para = arena_strndup(ar->req->arena, p, n);

		if (para && *para) {
			html_raw(b, "<p class=\"pre\">");
			html_txt(b, para);
			html_raw(b, "</p>");
		}
		p = end ? end + 2 : p + n;
	}
}

static void call_ics(struct app_request *ar, int64_t id)
{
	struct timeline_event ev;
	struct call c;
	char arg[24];

	snprintf(arg, sizeof arg, "%lld", (long long)id);
	if (page_call_load(ar, arg, &c))
		return;
	if (timeline_call_event(&c, ar->req->arena, &ev) ||
	    timeline_ics(&ar->resp->body, c.title, &ev, 1, app_now(ar))) {
		page_call_internal(ar, "writing a calendar failed", "no memory");
		return;
	}
	ar->resp->content_type = "text/calendar; charset=utf-8";
	http_header_add(
	    ar->resp, "Content-Disposition",
	    arena_sprintf(ar->req->arena, "attachment; filename=\"call-%lld.ics\"", (long long)id));
}

void page_call(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	int64_t ics = call_id_parse(ar->route_arg, ".ics"), now = app_now(ar);
	struct call_question *q;
	struct call c;
	size_t nq;
	int phase, following = 0;

	if (ics) {
		call_ics(ar, ics);
		return;
	}
	if (page_call_load(ar, NULL, &c))
		return;
	if (store_call_questions(ar->store, c.id, ar->req->arena, &q, &nq)) {
		page_call_internal(ar, "reading questions failed", store_errmsg(ar->store));
		return;
	}
	if (ar->user.id)
		store_call_following(ar->store, c.id, ar->user.id, &following);
	phase = call_phase(&c, now);
	page_call_begin(ar, c.title, NAV_CALLS, 0, T(ar, "Calls for inputs"), c.title);
	html_rawf(b, "<p class=\"phase phase-%s\">", call_phase_name((enum call_phase)phase));
	html_txt(b, page_call_phase_label(ar, phase));
	html_raw(b, "</p>");
	if (http_query(ar->req, "followed"))
		page_call_notice(ar,
				 T(ar, "You follow this call: you will be told when its "
				       "deadline changes."),
				 1);
	html_raw(
	    b, "<section class=\"deadline\" aria-labelledby=\"deadline-h\"><h2 id=\"deadline-h\">");
	html_txt(b, T(ar, "Deadline"));
	html_raw(b, "</h2><dl><dt>");
	html_txt(b, T(ar, "Opens"));
	html_raw(b, "</dt><dd>");
	page_call_time(ar, c.opens_at, c.tz);
	html_raw(b, "</dd><dt>");
	html_txt(b, T(ar, "Closes"));
	html_raw(b, "</dt><dd id=\"closes\">");
	page_call_time(ar, c.closes_at, c.tz);
	html_raw(b, "</dd></dl>");
	if (phase == PHASE_OPEN)
		time_left(ar, c.closes_at - now);
	html_raw(b, "<p class=\"hint\">");
	html_txt(b, T(ar, "Responses are accepted up to and including the closing second, by the "
			  "server's clock."));
	html_raw(b, "</p>");
	zone_form(ar, c.id);
	html_rawf(b, "<p><a href=\"/calls/%lld.ics\">", (long long)c.id);
	html_txt(b, T(ar, "Add the deadline to your calendar (.ics)"));
	html_raw(b, "</a></p></section>");
	deadline_history(ar, &c);
	if (c.description && *c.description) {
		html_raw(b, "<h2>");
		html_txt(b, T(ar, "About this call"));
		html_raw(b, "</h2>");
		text_paragraphs(ar, c.description);
	}
	if (c.audience && *c.audience) {
		html_raw(b, "<h2>");
		html_txt(b, T(ar, "Who should answer"));
		html_raw(b, "</h2>");
		text_paragraphs(ar, c.audience);
	}
	if (nq) {
		html_raw(b, "<h2>");
		html_txt(b, T(ar, "Questions"));
		html_raw(b, "</h2><ol class=\"questions\">");
		for (size_t i = 0; i < nq; i++) {
			html_raw(b, "<li>");
			html_txt(b, q[i].prompt);
			html_raw(b, "</li>");
		}
		html_raw(b, "</ol>");
	}
	html_raw(b, "<div class=\"actions\">");
	if (phase == PHASE_OPEN) {
		html_rawf(b, "<a class=\"button\" href=\"/calls/%lld/answer\">", (long long)c.id);
		html_txt(b, ar->user.id ? T(ar, "Answer this call") : T(ar, "Log in to answer"));
		html_raw(b, "</a>");
	}
	if (ar->user.id) {
		html_rawf(b, "<form method=\"post\" action=\"/calls/%lld/follow\">",
			  (long long)c.id);
		page_csrf_field(ar);
		html_rawf(
		    b, "<input type=\"hidden\" name=\"on\" value=\"%d\"><button type=\"submit\">",
		    !following);
		html_txt(b, following ? T(ar, "Stop following") : T(ar, "Follow this call"));
		html_raw(b, "</button></form>");
	}
	if (phase >= PHASE_CLOSED || ar->user.role >= ROLE_MODERATOR) {
		html_rawf(b, "<a href=\"/calls/%lld/responses\">", (long long)c.id);
		html_txt(b, T(ar, "Responses"));
		html_rawf(b, "</a> <a href=\"/calls/%lld/synthesis\">", (long long)c.id);
		html_txt(b, T(ar, "Synthesis"));
		html_raw(b, "</a>");
	}
	if (ar->user.role >= ROLE_MODERATOR) {
		html_rawf(b, " <a href=\"/calls/%lld/edit\">", (long long)c.id);
		html_txt(b, T(ar, "Manage this call"));
		html_raw(b, "</a>");
	}
	html_raw(b, "</div>");
	page_end(ar);
}

void page_calls(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	int64_t now = app_now(ar);
	struct app_call_page p;
	struct call *v;
	int rc;

	if ((rc = app_call_page(ar, &p)) > 0)
		return;
	if (rc) {
		page_call_internal(ar, "listing calls failed", store_errmsg(ar->store));
		return;
	}
	v = p.v;
	page_call_begin(ar, T(ar, "Calls for inputs"), NAV_CALLS, 0, NULL,
			T(ar, "Calls for inputs"));
	html_raw(b, "<p>");
	html_txt(b, T(ar, "The review asks stakeholders for their views. Each call says until when "
			  "it takes answers; drafts can be changed until then."));
	html_raw(b, " <a href=\"/timeline\">");
	html_txt(b, T(ar, "The review timeline"));
	html_raw(b, "</a></p>");
	if (ar->user.role >= ROLE_MODERATOR) {
		html_raw(b, "<p><a class=\"button\" href=\"/calls/new\">");
		html_txt(b, T(ar, "New call"));
		html_raw(b, "</a> <a href=\"/calls/queue\">");
		html_txt(b, T(ar, "Responses waiting for review"));
		html_raw(b, "</a></p>");
	}
	if (!p.n) {
		html_raw(b, "<p>");
		html_txt(b, T(ar, "There are no calls for inputs yet."));
		html_raw(b, "</p>");
	} else {
		const char *const cols[] = {T(ar, "Call"), T(ar, "Status"), T(ar, "Closes")};

		page_table_begin(ar, NULL, T(ar, "Calls for inputs, latest deadline first"), cols,
				 3, 0);
		for (size_t i = 0; i < p.n; i++) {
			html_rawf(b, "<tr><td><a href=\"/calls/%lld\">", (long long)v[i].id);
			html_txt(b, v[i].title);
			html_raw(b, "</a></td><td>");
			html_txt(b, page_call_phase_label(ar, call_phase(&v[i], now)));
			html_raw(b, "</td><td>");
			page_call_time(ar, v[i].closes_at, v[i].tz);
			html_raw(b, "</td></tr>");
		}
		html_raw(b, "</tbody></table>");
	}
	page_call_pager(ar, "/calls", p.prev, p.next);
	page_end(ar);
}

void page_call_follow(struct app_request *ar)
{
	const char *on = http_form(ar->req, "on");
	struct call c;
	int want = on && strcmp(on, "1") == 0;

	if (page_call_load(ar, NULL, &c))
		return;
	if (store_call_follow(ar->store, c.id, ar->user.id, want, app_now(ar), ar->user.email)) {
		page_call_internal(ar, "following a call failed", store_errmsg(ar->store));
		return;
	}
	http_redirect(ar->resp, arena_sprintf(ar->req->arena, "/calls/%lld%s", (long long)c.id,
					      want ? "?followed=1" : ""));
}

/*
 * notice_words puts notification x into words in the viewer's language (*subject, *body in
 * the request's arena): a "deadline" notification from its arguments (store.h); one whose
 * kind is unknown or that has no arguments (written before they were kept) as stored.
 */
static void notice_words(struct app_request *ar, const struct store_notification *x,
			 const char **subject, const char **body)
{
	json_t *j = NULL;
	const char *title, *tz, *reason;
	char was[UTC_ISO_LEN], to[UTC_ISO_LEN];

	*subject = x->subject;
	*body = x->body;
	if (!x->kind || strcmp(x->kind, "deadline") != 0 || !x->body ||
	    !(j = json_loads(x->body, 0, NULL)))
		return;
	title = json_string_value(json_object_get(j, "title"));
	tz = json_string_value(json_object_get(j, "tz"));
	reason = json_string_value(json_object_get(j, "reason"));
	if (title && tz && reason && json_is_integer(json_object_get(j, "was")) &&
	    json_is_integer(json_object_get(j, "to"))) {
		utc_format(json_integer_value(json_object_get(j, "was")), was);
		utc_format(json_integer_value(json_object_get(j, "to")), to);
		*subject = arena_sprintf(ar->req->arena, T(ar, "New deadline for \"%s\""), title);
		*body =
		    arena_sprintf(ar->req->arena,
				  T(ar, "The deadline of the call for inputs \"%s\" moved from "
					"%s to %s (UTC; the call's time zone is %s). Reason: %s"),
				  title, was, to, tz, reason);
	}
	json_decref(j);
}

int page_account_notifications(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	struct store_notification *v;
	struct store_call_after after, prev;
	char next[CALL_CURSOR_LEN];
	size_t n, limit;
	int has_prev = 0;

	if (app_call_paging(ar, NOTIFICATIONS_PAGE, &after, &limit))
		return -1;
	/* one more than the page: whether there is a next page */
	if (store_notifications(ar->store, ar->user.id, &after, limit + 1, ar->req->arena, &v,
				&n) ||
	    store_notifications_prev(ar->store, ar->user.id, &after, limit, &prev, &has_prev)) {
		log_kv(LOG_ERROR, "reading notifications failed", "detail", store_errmsg(ar->store),
		       LOG_END);
		return 0; /* the rest of the account page is still of use */
	}
	if (!n && !has_prev)
		return 0;
	html_raw(b, "<section aria-labelledby=\"notifications-h\"><h2 id=\"notifications-h\">");
	html_txt(b, T(ar, "Notifications"));
	html_raw(b, "</h2>");
	if (!n) {
		html_raw(b, "<p>");
		html_txt(b, T(ar, "No more notifications."));
		html_raw(b, "</p>");
	} else
		html_raw(b, "<ul class=\"notifications\">");
	for (size_t i = 0; i < n && i < limit; i++) {
		const char *subject, *body;
		char at[UTC_ISO_LEN];

		notice_words(ar, &v[i], &subject, &body);
		utc_format(v[i].created_at, at);
		html_raw(b, "<li><strong>");
		html_txt(b, subject);
		html_raw(b, "</strong> <small>");
		html_txt(b, arena_sprintf(ar->req->arena, "%.10s %.8s UTC", at, at + 11));
		html_raw(b, "</small><br>");
		html_txt(b, body);
		if (v[i].call_id)
			html_rawf(b, " <a href=\"/calls/%lld\">", (long long)v[i].call_id);
		if (v[i].call_id) {
			html_txt(b, T(ar, "See the call"));
			html_raw(b, "</a>");
		}
		html_raw(b, "</li>");
	}
	if (n)
		html_raw(b, "</ul>");
	if (n > limit)
		call_cursor_format(0, v[limit - 1].id, next);
	page_call_pager(ar, "/account", app_call_prev_cursor(ar, has_prev, &prev),
			n > limit ? next : NULL);
	html_raw(b, "</section>");
	return 0;
}
