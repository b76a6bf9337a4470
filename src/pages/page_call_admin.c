/*
 * page_call_admin.c - running calls for inputs (moderators): creating one
 * (GET/POST /calls/new), changing it (GET/POST /calls/ID/edit: details, extending the
 * deadline with a reason, opening and closing, adding questions), the responses
 * (GET /calls/ID/responses, and .csv), hiding a response with a reason or marking it
 * reviewed (POST /calls/ID/moderate), and the queue across all calls (GET /calls/queue).
 *
 * The responses page is public once a call has closed (anonymous answers without a name
 * or organisation, hidden ones left out); moderators see every submitted response at any
 * time, with the hidden ones and their reasons.
 */
#include "pages/page_calls.h"

#include "app/call_paging.h"
#include "app/clock.h"
#include "core/log.h"
#include "core/tz.h"
#include "core/utc.h"
#include "domain/call.h"
#include "pages/fragments.h"

#include <stdio.h>

/* How many items a page of the calls queue and of a call's responses shows by default. */
#define QUEUE_PAGE 50
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The fields of the call form (new and edit), as typed. */
struct call_fields {
	const char *title, *description, *audience, *tz, *opens, *closes;
};

static void input(struct app_request *ar, const char *name, const char *label, const char *value,
		  const char *hint, const struct errinfo *err, int textarea)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<div class=\"field\"><label for=\"");
	html_attr(b, name);
	html_raw(b, "\">");
	html_txt(b, label);
	html_raw(b, "</label>");
	if (hint) {
		html_raw(b, "<p class=\"hint\">");
		html_txt(b, hint);
		html_raw(b, "</p>");
	}
	if (err && err->code && strcmp(err->field, name) == 0) {
		html_raw(b, "<p class=\"field-error\">");
		html_txt(b, err->msg);
		html_raw(b, "</p>");
	}
	html_raw(b, textarea ? "<textarea rows=\"6\" id=\"" : "<input id=\"");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	if (textarea) {
		html_raw(b, "\">");
		html_txt(b, value ? value : "");
		html_raw(b, "</textarea></div>");
	} else {
		html_raw(b, "\" value=\"");
		html_attr(b, value ? value : "");
		html_raw(b, "\"></div>");
	}
}

static void call_form(struct app_request *ar, const struct call_fields *f,
		      const struct errinfo *err, int with_closes)
{
	input(ar, "title", T(ar, "Title"), f->title, NULL, err, 0);
	input(ar, "description", T(ar, "Description"), f->description, NULL, err, 1);
	input(ar, "audience", T(ar, "Who should answer"), f->audience, NULL, err, 1);
	input(ar, "tz", T(ar, "Time zone"), f->tz,
	      T(ar, "An IANA time zone name, such as Europe/Zurich, America/New_York or UTC."), err,
	      0);
	input(ar, "opens", T(ar, "Opens"), f->opens,
	      T(ar, "Date and time in that zone, such as 2025-03-01T09:00."), err, 0);
	if (with_closes)
		input(ar, "closes", T(ar, "Closes"), f->closes,
		      T(ar, "Date and time in that zone, such as 2025-03-14T23:59:59: the last "
			    "second that takes answers."),
		      err, 0);
}

static void fields_from_form(struct app_request *ar, struct call_fields *f)
{
	f->title = http_form(ar->req, "title");
	f->description = http_form(ar->req, "description");
	f->audience = http_form(ar->req, "audience");
	f->tz = http_form(ar->req, "tz");
	f->opens = http_form(ar->req, "opens");
	f->closes = http_form(ar->req, "closes");
}

/* local_input formats t in zone for an input: "2025-03-14T23:59:59". */
static const char *local_input(struct app_request *ar, const char *zone, int64_t t)
{
	char local[TZ_LOCAL_LEN];
	struct errinfo e;

	if (tz_format(zone, t, local, NULL, &e))
		return "";
	return arena_strndup(ar->req->arena, local, 19);
}

/* to_call checks the fields and fills c; 0 or the error in e. */
static int to_call(const struct call_fields *f, struct call *c, struct errinfo *e)
{
	int rc;

	c->title = f->title;
	c->description = f->description;
	c->audience = f->audience;
	c->tz = f->tz;
	if (!f->tz || !tz_valid_name(f->tz))
		return errinfo_set(e, ERR_INVALID, "tz",
				   "tz: give an IANA time zone name such as Europe/Zurich");
	if ((rc = tz_parse_time(f->opens, f->tz, "opens", &c->opens_at, e)))
		return rc == ERR_NOT_FOUND ? ERR_INVALID : rc;
	if (f->closes && (rc = tz_parse_time(f->closes, f->tz, "closes", &c->closes_at, e)))
		return rc == ERR_NOT_FOUND ? ERR_INVALID : rc;
	return call_validate(c, e);
}

static void new_page(struct app_request *ar, const struct call_fields *f, const struct errinfo *err)
{
	struct buf *b = &ar->resp->body;

	page_call_begin(ar, T(ar, "New call for inputs"), NAV_CALLS, 0, NULL,
			T(ar, "New call for inputs"));
	if (err && err->code)
		page_call_notice(ar, err->msg, 0);
	html_raw(b, "<form method=\"post\" action=\"/calls/new\">");
	page_csrf_field(ar);
	call_form(ar, f, err, 1);
	html_raw(b, "<div class=\"actions\"><button type=\"submit\" class=\"primary\">");
	html_txt(b, T(ar, "Create the call (as a draft)"));
	html_raw(b, "</button></div></form>");
	page_end(ar);
}

void page_call_new(struct app_request *ar)
{
	struct call_fields f = {NULL, NULL, NULL, "UTC", NULL, NULL};

	new_page(ar, &f, NULL);
}

void page_call_new_post(struct app_request *ar)
{
	struct call_fields f;
	struct errinfo e;
	struct call c;
	int64_t id;

	memset(&c, 0, sizeof c);
	errinfo_clear(&e);
	fields_from_form(ar, &f);
	c.state = CALL_DRAFT;
	if (!f.closes)
		errinfo_set(&e, ERR_INVALID, "closes", "closes: give the closing time");
	if (e.code || to_call(&f, &c, &e)) {
		if (!e.code)
			e.code = ERR_INVALID;
		ar->resp->status = 400;
		new_page(ar, &f, &e);
		return;
	}
	if (store_call_create(ar->store, &c, app_now(ar), ar->user.email, &id)) {
		page_call_internal(ar, "creating a call failed", store_errmsg(ar->store));
		return;
	}
	http_redirect(ar->resp, arena_sprintf(ar->req->arena, "/calls/%lld/edit?done=created",
					      (long long)id));
}

static void button_form(struct app_request *ar, int64_t id, const char *op, const char *state,
			const char *label)
{
	struct buf *b = &ar->resp->body;

	html_rawf(b, "<form method=\"post\" action=\"/calls/%lld/edit\" class=\"inline\">",
		  (long long)id);
	page_csrf_field(ar);
	html_raw(b, "<input type=\"hidden\" name=\"op\" value=\"");
	html_attr(b, op);
	html_raw(b, "\"><input type=\"hidden\" name=\"state\" value=\"");
	html_attr(b, state);
	html_raw(b, "\"><button type=\"submit\">");
	html_txt(b, label);
	html_raw(b, "</button></form> ");
}

static void edit_page(struct app_request *ar, const struct call *c, const struct call_fields *typed,
		      const struct errinfo *err, const char *section)
{
	struct buf *b = &ar->resp->body;
	struct call_fields f = {
	    c->title, c->description, c->audience, c->tz, local_input(ar, c->tz, c->opens_at),
	    NULL};
	const struct errinfo *details_err = section && strcmp(section, "update") == 0 ? err : NULL;
	const struct errinfo *extend_err = section && strcmp(section, "extend") == 0 ? err : NULL;
	const struct errinfo *q_err = section && strcmp(section, "question") == 0 ? err : NULL;
	const char *done = http_query(ar->req, "done");
	struct call_question *q;
	size_t nq = 0;

	if (typed && details_err)
		f = *typed;
	page_call_begin(ar, arena_sprintf(ar->req->arena, "%s: %s", T(ar, "Manage"), c->title),
			NAV_CALLS, c->id, c->title, T(ar, "Manage the call"));
	if (done && !(err && err->code))
		page_call_notice(ar, T(ar, "Saved."), 1);
	if (err && err->code)
		page_call_notice(ar, err->msg, 0);
	html_raw(b, "<h2>");
	html_txt(b, T(ar, "Status"));
	html_raw(b, "</h2><p>");
	html_txt(b, page_call_phase_label(ar, call_phase(c, app_now(ar))));
	html_raw(b, "</p><div class=\"actions\">");
	if (c->state != CALL_OPEN)
		button_form(ar, c->id, "state", "open", T(ar, "Open the call"));
	if (c->state == CALL_OPEN)
		button_form(ar, c->id, "state", "closed", T(ar, "Close the call now"));
	if (c->state == CALL_CLOSED)
		button_form(ar, c->id, "state", "synthesised", T(ar, "Mark as synthesised"));
	html_raw(b, "</div><h2>");
	html_txt(b, T(ar, "Extend the deadline"));
	html_raw(b, "</h2><p>");
	html_txt(b, T(ar, "Current deadline:"));
	html_raw(b, " ");
	page_call_time(ar, c->closes_at, c->tz);
	html_rawf(b, "</p><form method=\"post\" action=\"/calls/%lld/edit\">", (long long)c->id);
	page_csrf_field(ar);
	html_raw(b, "<input type=\"hidden\" name=\"op\" value=\"extend\">");
	input(ar, "closes", arena_sprintf(ar->req->arena, "%s (%s)", T(ar, "New deadline"), c->tz),
	      typed && extend_err ? typed->closes : NULL,
	      T(ar, "Later than the current one, such as 2025-03-14T23:59:59."), extend_err, 0);
	input(ar, "reason", T(ar, "Reason (shown on the call's page)"),
	      extend_err ? http_form(ar->req, "reason") : NULL, NULL, extend_err, 0);
	html_raw(b, "<div class=\"actions\"><button type=\"submit\">");
	html_txt(b, T(ar, "Extend"));
	html_raw(b, "</button></div></form><h2>");
	html_txt(b, T(ar, "Details"));
	html_rawf(b, "</h2><form method=\"post\" action=\"/calls/%lld/edit\">", (long long)c->id);
	page_csrf_field(ar);
	html_raw(b, "<input type=\"hidden\" name=\"op\" value=\"update\">");
	call_form(ar, &f, details_err, 0);
	html_raw(b, "<div class=\"actions\"><button type=\"submit\">");
	html_txt(b, T(ar, "Save the details"));
	html_raw(b, "</button></div></form><h2>");
	html_txt(b, T(ar, "Questions"));
	html_raw(b, "</h2>");
	if (store_call_questions(ar->store, c->id, ar->req->arena, &q, &nq) == 0 && nq) {
		html_raw(b, "<ol>");
		for (size_t i = 0; i < nq; i++) {
			html_raw(b, "<li>");
			html_txt(b, q[i].prompt);
			html_raw(b, " <small>(");
			html_txt(b, call_qkind_name(q[i].kind));
			html_raw(b, ")</small></li>");
		}
		html_raw(b, "</ol>");
	}
	html_rawf(b, "<form method=\"post\" action=\"/calls/%lld/edit\">", (long long)c->id);
	page_csrf_field(ar);
	html_raw(b, "<input type=\"hidden\" name=\"op\" value=\"question\">");
	input(ar, "prompt", T(ar, "Question"), q_err ? http_form(ar->req, "prompt") : NULL, NULL,
	      q_err, 0);
	html_raw(b, "<div class=\"field\"><label for=\"kind\">");
	html_txt(b, T(ar, "Kind of answer"));
	html_raw(b, "</label><select id=\"kind\" name=\"kind\">");
	{
		const char *const labels[QK__COUNT] = {
		    T(ar, "Free text"),         T(ar, "One choice"), T(ar, "Several choices"),
		    T(ar, "WSIS Action Lines"), T(ar, "SDGs"),       T(ar, "GDC objectives"),
		    T(ar, "Countries")};

		for (int k = 0; k < QK__COUNT; k++) {
			html_rawf(b, "<option value=\"%s\">", call_qkind_name((enum call_qkind)k));
			html_txt(b, labels[k]);
			html_raw(b, "</option>");
		}
	}
	html_raw(b, "</select></div>");
	input(ar, "options", T(ar, "Options (one per line, for a choice)"),
	      q_err ? http_form(ar->req, "options") : NULL, NULL, q_err, 1);
	input(ar, "word_limit", T(ar, "Word limit (free text; 0 for none)"),
	      q_err ? http_form(ar->req, "word_limit") : "0", NULL, q_err, 0);
	html_raw(b,
		 "<div class=\"field\"><input type=\"checkbox\" id=\"required\" name=\"required\" "
		 "value=\"1\"> <label for=\"required\">");
	html_txt(b, T(ar, "An answer is required"));
	html_raw(b, "</label></div><div class=\"actions\"><button type=\"submit\">");
	html_txt(b, T(ar, "Add the question"));
	html_raw(b, "</button></div></form>");
	page_end(ar);
}

void page_call_edit(struct app_request *ar)
{
	struct call c;

	if (page_call_load(ar, NULL, &c) == 0)
		edit_page(ar, &c, NULL, NULL, NULL);
}

/* split_lines splits text into its non-blank lines (in the arena), at most max. */
static size_t split_lines(struct app_request *ar, const char *text, const char **out, size_t max)
{
	size_t n = 0;

	while (text && *text) {
		size_t len = strcspn(text, "\r\n");
		char *line = arena_strndup(ar->req->arena, text, len);

		if (line) {
			char *t = line;
			while (*t == ' ')
				t++;
			if (*t && n < max + 1)
				out[n++] = t;
		}
		text += len;
		text += strspn(text, "\r\n");
	}
	return n;
}

void page_call_edit_post(struct app_request *ar)
{
	const char *op = http_form(ar->req, "op");
	struct call_fields f;
	struct errinfo e;
	struct call c;
	int rc = 0;

	if (page_call_load(ar, NULL, &c))
		return;
	errinfo_clear(&e);
	fields_from_form(ar, &f);
	if (op && strcmp(op, "state") == 0) {
		int st = call_state_parse(http_form(ar->req, "state"));

		if (st < 0 || st == CALL_DRAFT) {
			errinfo_set(&e, ERR_INVALID, "state", "%s", T(ar, "Unknown state."));
		} else if ((rc = store_call_set_state(ar->store, c.id, (enum call_state)st,
						      ar->user.email))) {
			page_call_internal(ar, "changing a call failed", store_errmsg(ar->store));
			return;
		}
	} else if (op && strcmp(op, "extend") == 0) {
		const char *reason = http_form(ar->req, "reason");
		int64_t closes;

		if (!reason || !*reason || strlen(reason) > CALL_REASON_MAX)
			errinfo_set(&e, ERR_INVALID, "reason", "%s",
				    T(ar, "Give the reason for the extension (at most 1,000 "
					  "characters)."));
		else if (!tz_parse_time(f.closes, c.tz, "closes", &closes, &e) &&
			 (rc = store_call_extend(ar->store, c.id, closes, reason, app_now(ar),
						 ar->user.email, NULL))) {
			if (rc != ERR_INVALID) {
				page_call_internal(ar, "extending a call failed",
						   store_errmsg(ar->store));
				return;
			}
			errinfo_set(&e, ERR_INVALID, "closes", "%s", store_errmsg(ar->store));
		}
	} else if (op && strcmp(op, "update") == 0) {
		struct call u = c;

		f.closes = NULL;
		u.closes_at = c.closes_at;
		if (!to_call(&f, &u, &e) &&
		    (rc = store_call_update(ar->store, &u, ar->user.email))) {
			page_call_internal(ar, "changing a call failed", store_errmsg(ar->store));
			return;
		}
		if (e.code && !e.field[0])
			snprintf(e.field, sizeof e.field, "title");
	} else if (op && strcmp(op, "question") == 0) {
		struct call_question q;
		const char *opts[CALL_OPTIONS_MAX + 1];
		const char *wl = http_form(ar->req, "word_limit");
		int kind = call_qkind_parse(http_form(ar->req, "kind"));
		char *end = NULL;
		long w = wl && *wl ? strtol(wl, &end, 10) : 0;

		memset(&q, 0, sizeof q);
		q.kind = kind < 0 ? QK__COUNT : (enum call_qkind)kind;
		q.prompt = http_form(ar->req, "prompt");
		q.required = http_form(ar->req, "required") != NULL;
		if (q.kind == QK_SINGLE || q.kind == QK_MULTIPLE) {
			q.noptions =
			    split_lines(ar, http_form(ar->req, "options"), opts, CALL_OPTIONS_MAX);
			q.options = opts;
		}
		if ((end && *end) || w < 0 || w > CALL_WORDS_MAX)
			errinfo_set(&e, ERR_INVALID, "word_limit", "word_limit: 0 to %d",
				    CALL_WORDS_MAX);
		q.word_limit = (int)w;
		if (!e.code && !call_question_validate(&q, &e) &&
		    (rc = store_call_question_add(ar->store, c.id, &q, ar->user.email, NULL))) {
			page_call_internal(ar, "adding a question failed", store_errmsg(ar->store));
			return;
		}
	} else {
		errinfo_set(&e, ERR_INVALID, "op", "%s", T(ar, "Unknown change."));
	}
	if (e.code) {
		ar->resp->status = 400;
		edit_page(ar, &c, &f, &e, op);
		return;
	}
	http_redirect(ar->resp, arena_sprintf(ar->req->arena, "/calls/%lld/edit?done=%s",
					      (long long)c.id, op));
}

/* ---- responses ---- */

struct resp_ctx {
	struct app_request *ar;
	const struct call_question *q;
	size_t nq;
	int moderator;
	int64_t call_id;
	size_t n, limit; /* shown, and the most to show (the one past it says there is more) */
	int64_t last;    /* the last one shown */
	int more;        /* there is a next page */
	const char *cursor, *limit_arg; /* the page's ?cursor= and ?limit= (checked), or NULL */
};

static const char *prompt_of(const struct resp_ctx *x, int64_t qid)
{
	for (size_t i = 0; i < x->nq; i++)
		if (x->q[i].id == qid)
			return x->q[i].prompt;
	return "";
}

static int response_item(void *ud, const struct call_response *r)
{
	struct resp_ctx *x = ud;
	struct app_request *ar = x->ar;
	struct buf *b = &ar->resp->body;

	if (r->hidden_reason && !x->moderator)
		return 0;
	if (x->n == x->limit) {
		x->more = 1; /* the first of the next page */
		return 0;
	}
	x->n++;
	x->last = r->id;
	html_rawf(b, "<article class=\"response\" id=\"r%lld\"><h2>", (long long)r->id);
	if (r->anonymous && !x->moderator)
		html_txt(b, T(ar, "Anonymous respondent"));
	else
		html_txt(b, r->organisation ? r->organisation : T(ar, "(no organisation)"));
	html_raw(b, "</h2><p class=\"meta\">");
	html_txt(b, page_value_label(ar, r->stakeholder_type));
	if (r->country) {
		html_raw(b, " · ");
		html_txt(b, r->country);
	}
	if (x->moderator) {
		html_raw(b, " · ");
		html_txt(b, r->user_email);
		if (r->anonymous) {
			html_raw(b, " · ");
			html_txt(b, T(ar, "asked to be anonymous"));
		}
	}
	html_raw(b, "</p>");
	if (r->hidden_reason) {
		html_raw(b, "<p class=\"notice bad\">");
		html_txt(b, T(ar, "Hidden:"));
		html_raw(b, " ");
		html_txt(b, r->hidden_reason);
		html_raw(b, "</p>");
	}
	html_raw(b, "<dl>");
	for (size_t i = 0; i < r->nanswers; i++) {
		html_raw(b, "<dt>");
		html_txt(b, prompt_of(x, r->answers[i].question_id));
		html_raw(b, "</dt><dd class=\"pre\">");
		for (size_t j = 0; j < r->answers[i].nvalues; j++) {
			if (j)
				html_raw(b, ", ");
			html_txt(b, r->answers[i].values[j]);
		}
		html_raw(b, "</dd>");
	}
	html_raw(b, "</dl>");
	if (x->moderator && !r->hidden_reason) {
		html_rawf(b, "<form method=\"post\" action=\"/calls/%lld/moderate\">",
			  (long long)x->call_id);
		page_csrf_field(ar);
		/* back to this page afterwards, not to the first */
		if (x->cursor && *x->cursor) {
			html_raw(b, "<input type=\"hidden\" name=\"cursor\" value=\"");
			html_attr(b, x->cursor);
			html_raw(b, "\">");
		}
		if (x->limit_arg && *x->limit_arg) {
			html_raw(b, "<input type=\"hidden\" name=\"limit\" value=\"");
			html_attr(b, x->limit_arg);
			html_raw(b, "\">");
		}
		html_rawf(b,
			  "<input type=\"hidden\" name=\"response\" value=\"%lld\">"
			  "<label for=\"reason-%lld\">",
			  (long long)r->id, (long long)r->id);
		html_txt(b, T(ar, "Reason for hiding"));
		html_rawf(b,
			  "</label> <input id=\"reason-%lld\" name=\"reason\" maxlength=\"1000\"> "
			  "<button type=\"submit\" name=\"op\" value=\"hide\">",
			  (long long)r->id);
		html_txt(b, T(ar, "Hide"));
		html_raw(b, "</button>");
		if (!r->reviewed) {
			html_raw(b, " <button type=\"submit\" name=\"op\" value=\"review\">");
			html_txt(b, T(ar, "Mark as reviewed"));
			html_raw(b, "</button>");
		}
		html_raw(b, "</form>");
	}
	html_raw(b, "</article>");
	return 0;
}

/* may_see_responses: moderators always; everyone once the call has closed. */
static int may_see_responses(struct app_request *ar, const struct call *c)
{
	if (ar->user.role >= ROLE_MODERATOR || call_phase(c, app_now(ar)) >= PHASE_CLOSED)
		return 1;
	app_error(ar, 403, "forbidden",
		  T(ar, "The responses are published when the call has closed."), NULL);
	return 0;
}

void page_call_responses(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	int moderator = ar->user.role >= ROLE_MODERATOR;
	struct store_response_filter f = {0, 1, !moderator, 0, 0};
	struct store_call_after after, prev;
	char next[CALL_CURSOR_LEN];
	struct resp_ctx x;
	struct call c;
	struct call_question *q;
	size_t nq, limit;
	int has_prev = 0;

	if (page_call_load(ar, NULL, &c) || !may_see_responses(ar, &c) ||
	    app_call_paging(ar, QUEUE_PAGE, &after, &limit))
		return;
	f.after = after.id;
	f.limit = limit + 1;
	if (store_call_questions(ar->store, c.id, ar->req->arena, &q, &nq) ||
	    store_call_response_prev(ar->store, c.id, &f, &after, limit, &prev, &has_prev)) {
		page_call_internal(ar, "reading questions failed", store_errmsg(ar->store));
		return;
	}
	x = (struct resp_ctx){ar,
			      q,
			      nq,
			      moderator,
			      c.id,
			      0,
			      limit,
			      0,
			      0,
			      http_query(ar->req, "cursor"),
			      http_query(ar->req, "limit")};
	page_call_begin(ar, arena_sprintf(ar->req->arena, "%s: %s", T(ar, "Responses"), c.title),
			NAV_CALLS, c.id, c.title, T(ar, "Responses"));
	if (http_query(ar->req, "done"))
		page_call_notice(ar, T(ar, "Saved."), 1);
	html_rawf(b, "<p><a href=\"/calls/%lld/responses.csv\" download>", (long long)c.id);
	html_txt(b, T(ar, "Download the responses (CSV)"));
	html_raw(b, "</a></p>");
	if (store_call_response_each(ar->store, c.id, &f, response_item, &x)) {
		page_call_internal(ar, "reading responses failed", store_errmsg(ar->store));
		return;
	}
	if (!x.n) {
		html_raw(b, "<p>");
		html_txt(b, T(ar, "No responses yet."));
		html_raw(b, "</p>");
	}
	if (x.more)
		call_cursor_format(0, x.last, next);
	page_call_pager(ar, arena_sprintf(ar->req->arena, "/calls/%lld/responses", (long long)c.id),
			app_call_prev_cursor(ar, has_prev, &prev), x.more ? next : NULL);
	page_end(ar);
}

void page_call_moderate_post(struct app_request *ar)
{
	const char *op = http_form(ar->req, "op"), *reason = http_form(ar->req, "reason");
	const char *cursor = http_form(ar->req, "cursor"), *lim = http_form(ar->req, "limit");
	int64_t rid = call_id_parse(http_form(ar->req, "response"), NULL), key, id;
	struct call c;
	size_t n;
	int rc;

	if (page_call_load(ar, NULL, &c))
		return;
	if (ar->user.role < ROLE_MODERATOR) {
		app_error(ar, 403, "forbidden", T(ar, "Your account is not allowed to do this."),
			  NULL);
		return;
	}
	if (!rid || !op || (strcmp(op, "hide") && strcmp(op, "review"))) {
		app_error(ar, 400, "invalid", T(ar, "Unknown change."), NULL);
		return;
	}
	/* the page the moderator was on, to return to */
	if (cursor && *cursor && call_cursor_parse(cursor, &key, &id)) {
		app_error(ar, 400, "invalid",
			  T(ar, "This page link is not valid: start again from the first page."),
			  "cursor");
		return;
	}
	if (lim && *lim && call_limit_parse(lim, &n)) {
		app_error(ar, 400, "invalid", T(ar, "Show from 1 to 100 results per page."),
			  "limit");
		return;
	}
	if (strcmp(op, "hide") == 0 && (!reason || !*reason || strlen(reason) > CALL_REASON_MAX)) {
		app_error(ar, 400, "invalid",
			  T(ar, "Give the reason for hiding the response (at most 1,000 "
				"characters)."),
			  "reason");
		return;
	}
	rc = strcmp(op, "hide") == 0
		 ? store_call_response_hide(ar->store, c.id, rid, reason, ar->user.email)
		 : store_call_response_review(ar->store, c.id, rid, ar->user.email);
	if (rc == ERR_NOT_FOUND) {
		app_error(ar, 404, "not_found", T(ar, "There is no such response."), NULL);
		return;
	}
	if (rc) {
		page_call_internal(ar, "moderating a response failed", store_errmsg(ar->store));
		return;
	}
	/* cursor and limit are checked: digits and a dot, nothing to escape */
	cursor = cursor && *cursor ? cursor : NULL;
	lim = lim && *lim ? lim : NULL;
	http_redirect(ar->resp,
		      arena_sprintf(ar->req->arena,
				    "/calls/%lld/responses?%s%s%s%s%s%sdone=1#r%lld",
				    (long long)c.id, cursor ? "cursor=" : "", cursor ? cursor : "",
				    cursor ? "&" : "", lim ? "limit=" : "", lim ? lim : "",
				    lim ? "&" : "", (long long)rid));
}

void page_call_queue(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	const char *const cols[] = {T(ar, "Call"), T(ar, "Organisation"), T(ar, "Submitted by"),
				    T(ar, "Date (UTC)")};
	struct store_call_queue_item *v;
	struct store_call_after after, prev;
	char next[CALL_CURSOR_LEN];
	int64_t total;
	size_t n, limit;
	int has_prev = 0;

	if (app_call_paging(ar, QUEUE_PAGE, &after, &limit))
		return;
	if (store_call_queue(ar->store, &after, limit + 1, ar->req->arena, &v, &n, &total) ||
	    store_call_queue_prev(ar->store, &after, limit, &prev, &has_prev)) {
		page_call_internal(ar, "reading the queue failed", store_errmsg(ar->store));
		return;
	}
	page_call_begin(ar, T(ar, "Responses waiting for review"), NAV_MODERATION, 0, NULL,
			T(ar, "Responses waiting for review"));
	page_queue_begin(ar, "call-queue-count",
			 TN(ar, "%lld response is waiting for review.",
			    "%lld responses are waiting for review.", (unsigned long)total),
			 total, n, cols, 4);
	if (n) {
		for (size_t i = 0; i < n && i < limit; i++) {
			char at[UTC_ISO_LEN], start[CALL_CURSOR_LEN];

			utc_format(v[i].updated_at, at);
			/*
			 * The call's responses come by number, a page after a cursor: the one
			 * just before this response opens the page that starts with it, however
			 * many come before (number 1 is on the first page).
			 */
			html_rawf(b, "<tr><td><a href=\"/calls/%lld/responses",
				  (long long)v[i].call_id);
			if (v[i].response_id > 1) {
				call_cursor_format(0, v[i].response_id - 1, start);
				html_rawf(b, "?cursor=%s", start); /* digits and a dot */
			}
			html_rawf(b, "#r%lld\">", (long long)v[i].response_id);
			html_txt(b, v[i].call_title);
			html_raw(b, "</a></td><td>");
			html_txt(b, v[i].organisation);
			html_raw(b, "</td><td>");
			html_txt(b, v[i].email);
			html_raw(b, "</td><td>");
			html_txt(b, at);
			html_raw(b, "</td></tr>");
		}
		html_raw(b, "</tbody></table>");
	}
	if (n > limit)
		call_cursor_format(v[limit - 1].updated_at, v[limit - 1].response_id, next);
	page_call_pager(ar, "/calls/queue", app_call_prev_cursor(ar, has_prev, &prev),
			n > limit ? next : NULL);
	page_end(ar);
}
