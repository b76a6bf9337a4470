/*
 * page_moderation.c - the moderators' pages: the queue of initiatives waiting for review
 * (GET /moderation), one initiative with what changed and the decisions
 * (GET /moderation/ID), and the decisions themselves (POST /moderation/ID: approve, reject
 * with a reason, adjust tags). The decisions are the submission service's
 * (io/submission.h), which audits each one.
 *
 * What changed is shown against the last published version of the initiative: that is what
 * the public sees now, whatever drafts and adjustments came in between. An initiative that
 * was never published is a new submission.
 */
#include "pages/pages.h"

#include "app/initiative_access.h"
#include "core/log.h"
#include "domain/record_diff.h"
#include "io/submission.h"
#include "pages/fragments.h"
#include "pages/initiative_form.h"

#include <stdio.h>
#include <string.h>

#define QUEUE_PAGE_SIZE 50

static void internal_error(struct app_request *ar, const char *what, const char *detail)
{
	log_kv(LOG_ERROR, what, "detail", detail, LOG_END);
	app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
}

/* ---- the queue ---- */

static void queue_notice(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	const char *done = http_query(ar->req, "done");
	int64_t id = initiative_parse_id(http_query(ar->req, "id"));
	const char *msg = NULL;

	if (!done || !id)
		return;
	if (strcmp(done, "approved") == 0)
		msg = T(ar, "The initiative is approved and published.");
	else if (strcmp(done, "rejected") == 0)
		msg = T(ar, "The initiative is sent back to its submitter with your reason.");
	if (!msg)
		return;
	html_raw(b, "<p class=\"notice good\" role=\"status\">");
	html_txt(b, msg);
	html_rawf(b, " <a href=\"/initiatives/%lld\">", (long long)id);
	html_txt(b, T(ar, "See the initiative"));
	html_raw(b, "</a></p>");
}

void page_moderation(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	const char *after_at = http_query(ar->req, "after");
	const char *const cols[] = {T(ar, "Title"), T(ar, "Submitted by"), T(ar, "Organisation"),
				    T(ar, "Date (UTC)")};
	struct store_cursor cur = {NULL, initiative_parse_id(http_query(ar->req, "after_id"))};
	struct store_submission *v;
	int64_t total = 0;
	size_t n;

	if (after_at && strlen(after_at) <= 32 && cur.id)
		cur.at = after_at;
	if (store_moderation_queue(ar->store, &cur, QUEUE_PAGE_SIZE + 1, ar->req->arena, &v, &n,
				   &total)) {
		internal_error(ar, "reading the moderation queue failed", store_errmsg(ar->store));
		return;
	}
	page_begin(ar, T(ar, "Moderation"), NAV_MODERATION);
	html_raw(b, "<h1>");
	html_txt(b, T(ar, "Moderation"));
	html_raw(b, "</h1>");
	queue_notice(ar);
	page_queue_begin(ar, "queue-count",
			 TN(ar, "%lld initiative is waiting for review.",
			    "%lld initiatives are waiting for review.", (unsigned long)total),
			 total, n, cols, 4);
	for (size_t i = 0; i < n && i < QUEUE_PAGE_SIZE; i++) {
		const struct store_submission *x = &v[i];

		html_rawf(b, "<tr><td><a href=\"/moderation/%lld\">", (long long)x->id);
		html_txt(b, x->title);
		html_raw(b, "</a></td><td>");
		html_txt(b, x->submitter_email ? x->submitter_email : T(ar, "(imported)"));
		html_raw(b, "</td><td>");
		html_txt(b, x->organisation);
		html_raw(b, "</td><td>");
		html_txt(b, x->updated_at);
		html_raw(b, "</td></tr>");
	}
	if (n)
		html_raw(b, "</tbody></table>");
	if (n > QUEUE_PAGE_SIZE) {
		const struct store_submission *last = &v[QUEUE_PAGE_SIZE - 1];

		html_raw(b, "<nav class=\"pager\" aria-label=\"");
		html_attr(b, T(ar, "More initiatives"));
		html_raw(b, "\"><a href=\"/moderation?after=");
		html_url_arg(b, last->updated_at);
		html_rawf(b, "&amp;after_id=%lld\">", (long long)last->id);
		html_txt(b, T(ar, "Next page"));
		html_raw(b, "</a></nav>");
	}
	page_end(ar);
}

/* ---- what changed ---- */

struct diff_ctx {
	struct app_request *ar;
	const struct form_refs *refs;
	const char *field;
	int rows;
};

static const char *shown(struct diff_ctx *d, const char *field, const char *v);

/* item_text writes one list item of field: a tag, a partner, or a plain value. */
static void item_text(struct diff_ctx *d, json_t *item)
{
	struct buf *b = &d->ar->resp->body;

	if (json_is_string(item)) {
		html_txt(b, shown(d, d->field, json_string_value(item)));
	} else if (json_is_object(item) && strcmp(d->field, "tags") == 0) {
		const char *scheme = json_string_value(json_object_get(item, "scheme"));
		const char *code = json_string_value(json_object_get(item, "code"));
		const char *origin = json_string_value(json_object_get(item, "origin"));

		form_tag_label(d->ar, d->refs, scheme ? scheme : "?", code ? code : "?");
		if (origin) {
			html_raw(b, " (");
			html_txt(b, origin);
			html_raw(b, ")");
		}
	} else if (json_is_object(item)) {
		const char *name = json_string_value(json_object_get(item, "name"));
		const char *role = json_string_value(json_object_get(item, "role"));

		html_txt(b, name);
		if (role) {
			html_raw(b, " (");
			html_txt(b, role);
			html_raw(b, ")");
		}
	}
}

/* diff_row_open writes the start of a row: the field's name. */
static void diff_row_open(struct diff_ctx *d, const char *field)
{
	struct buf *b = &d->ar->resp->body;

	html_raw(b, "<tr><th scope=\"row\">");
	html_txt(b, form_field_label(d->ar, field));
	html_raw(b, "</th>");
	d->rows++;
}

/* shown names what a value of field means to people: a label, a country's name, or itself. */
static const char *shown(struct diff_ctx *d, const char *field, const char *v)
{
	const struct country *c;

	if (strcmp(field, "state") == 0 || strcmp(field, "stakeholder_type") == 0 ||
	    strcmp(field, "scope") == 0 || strcmp(field, "status") == 0 ||
	    strcmp(field, "organisation.stakeholder_type") == 0)
		return form_enum_label(d->ar, v);
	if ((strcmp(field, "countries") == 0 || strcmp(field, "organisation.country") == 0) &&
	    (c = country_catalog_find(&d->refs->countries, v)) && c->name[0])
		return c->name[0];
	return v;
}

/* value_cell writes the cell of one side (del: before, else now) of field's change. */
static void value_cell(struct diff_ctx *d, const char *field, json_t *v, int del)
{
	struct buf *b = &d->ar->resp->body;

	html_raw(b, "<td>");
	if (json_is_string(v)) {
		html_raw(b, del ? "<del>" : "<ins>");
		html_txt(b, shown(d, field, json_string_value(v)));
		html_raw(b, del ? "</del>" : "</ins>");
	}
	html_raw(b, "</td>");
}

/* list_cb collects the items of one side of a list change into a cell. */
struct list_side {
	struct diff_ctx *d;
	int added, n;
};

static int list_item(void *ud, json_t *item, int added)
{
	struct list_side *s = ud;
	struct buf *b = &s->d->ar->resp->body;

	if (added != s->added)
		return 0;
	html_raw(b, added ? "<li><ins>" : "<li><del>");
	item_text(s->d, item);
	html_raw(b, added ? "</ins></li>" : "</del></li>");
	s->n++;
	return 0;
}

static int field_changed(void *ud, const char *field, json_t *before, json_t *after)
{
	struct diff_ctx *d = ud;
	struct buf *b = &d->ar->resp->body;

	d->field = field;
	if (json_is_array(before) || json_is_array(after)) {
		struct list_side removed = {d, 0, 0}, added = {d, 1, 0};

		diff_row_open(d, field);
		html_raw(b, "<td><ul class=\"plain\">");
		record_diff_items(before, after, list_item, &removed);
		html_raw(b, "</ul></td><td><ul class=\"plain\">");
		record_diff_items(before, after, list_item, &added);
		html_raw(b, "</ul></td></tr>");
		return 0;
	}
	if (json_is_object(before) || json_is_object(after)) {
		/* The organisation, field by field. */
		static const char *const keys[] = {"name", "stakeholder_type", "country",
						   "website"};

		for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
			json_t *x = json_object_get(before, keys[i]),
			       *y = json_object_get(after, keys[i]);
			char sub[64];

			if ((!x && !y) || (x && y && json_equal(x, y)))
				continue;
			snprintf(sub, sizeof sub, "%s.%s", field, keys[i]);
			diff_row_open(d, sub);
			value_cell(d, sub, x, 1);
			value_cell(d, sub, y, 0);
			html_raw(b, "</tr>");
		}
		return 0;
	}
	diff_row_open(d, field);
	value_cell(d, field, before, 1);
	value_cell(d, field, after, 0);
	html_raw(b, "</tr>");
	return 0;
}

/* render_changes compares the current record with its last published version. */
static void render_changes(struct app_request *ar, const struct form_refs *refs, int64_t id)
{
	struct buf *b = &ar->resp->body;
	struct diff_ctx d = {ar, refs, NULL, 0};
	const char *const cols[] = {T(ar, "Field"), T(ar, "Before"), T(ar, "Now")};
	struct store_revision rev;
	json_t *before = NULL, *after = NULL;
	const char *doc;
	int found = 0;

	html_raw(b, "<section aria-labelledby=\"changes\"><h2 id=\"changes\">");
	html_txt(b, T(ar, "What changed"));
	html_raw(b, "</h2>");
	if (store_revision_last(ar->store, id, "published", ar->req->arena, &rev, &found) ||
	    store_initiative_doc(ar->store, id, ar->req->arena, &doc)) {
		html_raw(b, "<p class=\"notice bad\">");
		html_txt(b, T(ar, "The earlier versions cannot be read."));
		html_raw(b, "</p></section>");
		log_kv(LOG_ERROR, "reading revisions failed", "detail", store_errmsg(ar->store),
		       LOG_END);
		return;
	}
	if (!found) {
		html_raw(b, "<p class=\"diff-new\"><strong>");
		html_txt(b, T(ar, "New submission"));
		html_raw(b, "</strong>: ");
		html_txt(b, T(ar, "it has never been published, so all of it is new."));
		html_raw(b, "</p></section>");
		return;
	}
	html_raw(b, "<p>");
	html_txt(b, arena_sprintf(ar->req->arena,
				  T(ar, "Compared with the version published on %s (UTC)."),
				  rev.created_at));
	html_raw(b, "</p>");
	page_table_begin(ar, "diff", NULL, cols, 3, 0);
	before = json_loads(rev.doc, 0, NULL);
	after = json_loads(doc, 0, NULL);
	record_diff(before, after, field_changed, &d);
	json_decref(before);
	json_decref(after);
	html_raw(b, "</tbody></table>");
	if (!d.rows) {
		html_raw(b, "<p>");
		html_txt(b, T(ar, "Nothing has changed."));
		html_raw(b, "</p>");
	}
	html_raw(b, "</section>");
}

/* ---- the record ---- */

/* dt opens a term of the record's list, or returns 0 (and writes nothing) when !shown. */
static int dt(struct app_request *ar, const char *label, int shown)
{
	if (!shown)
		return 0;
	html_raw(&ar->resp->body, "<dt>");
	html_txt(&ar->resp->body, label);
	html_raw(&ar->resp->body, "</dt><dd>");
	return 1;
}

/* fact writes a term with a text value, when there is one. */
static void fact(struct app_request *ar, const char *label, const char *value)
{
	if (!dt(ar, label, value != NULL))
		return;
	html_txt(&ar->resp->body, value);
	html_raw(&ar->resp->body, "</dd>");
}

static const char *country_name(const struct form_refs *refs, const char *iso2)
{
	const struct country *c = iso2 ? country_catalog_find(&refs->countries, iso2) : NULL;

	return c && c->name[0] ? c->name[0] : iso2;
}

static void render_record(struct app_request *ar, const struct form_refs *refs,
			  const struct initiative *ini)
{
	struct buf *b = &ar->resp->body;
	const char *const org_parts[] = {
	    ini->org.name,
	    ini->org.stakeholder_type ? form_enum_label(ar, ini->org.stakeholder_type) : NULL,
	    country_name(refs, ini->org.country), ini->org.website};

	html_raw(b, "<section aria-labelledby=\"record\"><h2 id=\"record\">");
	html_txt(b, T(ar, "The initiative"));
	html_raw(b, "</h2><dl class=\"facts record\">");
	fact(ar, T(ar, "Summary"), ini->summary);
	if (dt(ar, T(ar, "Description"), ini->description != NULL)) {
		html_raw(b, "<div class=\"text\">");
		html_txt(b, ini->description);
		html_raw(b, "</div></dd>");
	}
	if (dt(ar, T(ar, "Organisation"), ini->org.name != NULL)) {
		for (size_t i = 0, n = 0; i < sizeof org_parts / sizeof *org_parts; i++)
			if (org_parts[i]) {
				html_raw(b, n++ ? " · " : "");
				html_txt(b, org_parts[i]);
			}
		html_raw(b, "</dd>");
	}
	fact(ar, T(ar, "Stakeholder type"),
	     ini->stakeholder_type ? form_enum_label(ar, ini->stakeholder_type) : NULL);
	if (dt(ar, T(ar, "Countries"), ini->ncountries > 0)) {
		for (size_t i = 0; i < ini->ncountries; i++) {
			html_raw(b, i ? ", " : "");
			html_txt(b, country_name(refs, ini->countries[i]));
		}
		html_raw(b, "</dd>");
	}
	fact(ar, T(ar, "Scope"), ini->scope ? form_enum_label(ar, ini->scope) : NULL);
	fact(ar, T(ar, "Start date"), ini->start_date);
	fact(ar, T(ar, "End date"), ini->end_date);
	fact(ar, T(ar, "Status"), ini->status ? form_enum_label(ar, ini->status) : NULL);
	/* As text, not a link: a moderator looks at an address before anyone follows it. */
	fact(ar, T(ar, "Web address"), ini->url);
	fact(ar, T(ar, "Language"), ini->language);
	if (dt(ar, T(ar, "Frameworks"), ini->ntags > 0)) {
		html_raw(b, "<ul class=\"tags\">");
		for (size_t i = 0; i < ini->ntags; i++) {
			const struct tag *t = &ini->tags[i];

			html_raw(b, "<li class=\"tag origin-");
			html_attr(b, t->origin);
			html_raw(b, "\">");
			form_tag_label(ar, refs, t->scheme, t->code);
			html_raw(b, " <span class=\"origin\">(");
			html_txt(
			    b, strcmp(t->origin, "moderator") == 0 ? T(ar, "added by a moderator")
			       : strcmp(t->origin, "model") == 0   ? T(ar, "suggested by the model")
								 : T(ar, "given by the submitter"));
			html_raw(b, ")</span></li>");
		}
		html_raw(b, "</ul></dd>");
	}
	html_raw(b, "</dl></section>");
}

/* ---- the decisions ---- */

static void render_decisions(struct app_request *ar, const struct form_refs *refs, int64_t id,
			     const struct initiative *ini, const char *state,
			     const struct form_errors *errs, const char *reason)
{
	struct buf *b = &ar->resp->body;
	const char *reason_err = NULL;

	for (size_t i = 0; errs && i < errs->n; i++)
		if (errs->v[i].field && strcmp(errs->v[i].field, "reason") == 0)
			reason_err = errs->v[i].message;
	html_raw(b, "<section aria-labelledby=\"decide\"><h2 id=\"decide\">");
	html_txt(b, T(ar, "Decision"));
	html_raw(b, "</h2>");
	if (strcmp(state, "submitted") != 0) {
		html_raw(b, "<p>");
		html_txt(b, arena_sprintf(ar->req->arena,
					  T(ar, "This initiative is not waiting for review: its "
						"state is \"%s\"."),
					  form_enum_label(ar, state)));
		html_raw(b, "</p>");
	} else {
		html_rawf(b,
			  "<form method=\"post\" action=\"/moderation/%lld\" class=\"decision\">",
			  (long long)id);
		page_csrf_field(ar);
		html_raw(b, "<button type=\"submit\" name=\"decision\" value=\"approve\">");
		html_txt(b, T(ar, "Approve and publish"));
		html_raw(b, "</button></form>");
		html_rawf(b,
			  "<form method=\"post\" action=\"/moderation/%lld\" class=\"decision\">",
			  (long long)id);
		page_csrf_field(ar);
		html_raw(b, "<label for=\"f-reason\">");
		html_txt(b, T(ar, "Reason for sending it back"));
		html_raw(b, "</label><p class=\"hint\" id=\"h-reason\">");
		html_txt(b, T(ar, "Required. The submitter sees it, so say what to change."));
		html_raw(b, "</p>");
		if (reason_err) {
			html_raw(b, "<p class=\"error-message\" id=\"e-reason\"><span "
				    "class=\"visually-hidden\">");
			html_txt(b, T(ar, "Error:"));
			html_raw(b, "</span> ");
			html_txt(b, reason_err);
			html_raw(b, "</p>");
		}
		html_raw(b,
			 "<textarea id=\"f-reason\" name=\"reason\" rows=\"4\" maxlength=\"2000\"");
		html_raw(b, reason_err
				? " aria-invalid=\"true\" aria-describedby=\"h-reason e-reason\""
				: " aria-describedby=\"h-reason\"");
		html_raw(b, ">\n");
		html_txt(b, reason);
		html_raw(b,
			 "</textarea><p><button type=\"submit\" name=\"decision\" value=\"reject\" "
			 "class=\"secondary\">");
		html_txt(b, T(ar, "Send back to the submitter"));
		html_raw(b, "</button></p></form>");
	}
	html_raw(b, "<h3>");
	html_txt(b, T(ar, "Adjust the frameworks"));
	html_raw(b, "</h3><p class=\"hint\">");
	html_txt(b, T(ar, "Tick or untick codes. Codes you add are marked as added by a "
			  "moderator; the others keep who gave them."));
	html_raw(b, "</p>");
	html_rawf(b, "<form method=\"post\" action=\"/moderation/%lld\" class=\"initiative\">",
		  (long long)id);
	page_csrf_field(ar);
	form_render_tags(ar, refs, ini, errs);
	html_raw(b, "<p><button type=\"submit\" name=\"decision\" value=\"tags\">");
	html_txt(b, T(ar, "Save the frameworks"));
	html_raw(b, "</button></p></form></section>");
}

/* render_item writes the page of initiative id; errs and reason refill a failed decision. */
static void render_item(struct app_request *ar, int64_t id, const struct form_errors *errs,
			const char *reason)
{
	struct buf *b = &ar->resp->body;
	struct store_ini_access acc;
	struct initiative ini;
	struct form_refs refs;
	struct store_user u;
	const char *done = http_query(ar->req, "done");
	int rc;

	if ((rc = store_initiative_access(ar->store, id, ar->req->arena, &acc)) ||
	    (rc = store_initiative_get(ar->store, id, ar->req->arena, &ini))) {
		if (rc == ERR_NOT_FOUND)
			initiative_not_found(ar);
		else
			internal_error(ar, "reading an initiative failed", store_errmsg(ar->store));
		return;
	}
	if (form_refs_load(ar, &refs, 0)) {
		internal_error(ar, "loading the framework lists failed", store_errmsg(ar->store));
		return;
	}
	page_begin(ar, ini.title, NAV_MODERATION);
	html_raw(b, "<p class=\"muted\"><a href=\"/moderation\">");
	html_txt(b, T(ar, "Moderation"));
	html_raw(b, "</a></p><h1>");
	html_txt(b, ini.title);
	html_raw(b, "</h1>");
	form_error_summary(ar, errs);
	if (done && strcmp(done, "tags") == 0) {
		html_raw(b, "<p class=\"notice good\" role=\"status\">");
		html_txt(b, T(ar, "The frameworks are saved."));
		html_raw(b, "</p>");
	}
	html_raw(b, "<p>");
	html_txt(b, T(ar, "State:"));
	html_raw(b, " <strong class=\"state\">");
	html_txt(b, form_enum_label(ar, acc.state));
	html_raw(b, "</strong> · ");
	html_txt(b, T(ar, "Submitted by"));
	html_raw(b, " ");
	if (acc.submitted_by &&
	    store_user_by_id(ar->store, acc.submitted_by, ar->req->arena, &u) == 0)
		html_txt(b, u.email);
	else
		html_txt(b, T(ar, "(imported)"));
	html_raw(b, " · ");
	html_txt(b, T(ar, "Last change (UTC):"));
	html_raw(b, " ");
	html_txt(b, ini.updated_at);
	html_rawf(b, " · <a href=\"/initiatives/%lld/edit\">", (long long)id);
	html_txt(b, T(ar, "Edit"));
	html_rawf(b, "</a> · <a href=\"/initiatives/%lld\">", (long long)id);
	html_txt(b, T(ar, "Page of the initiative"));
	html_raw(b, "</a></p>");
	if (strcmp(acc.state, "rejected") == 0 && acc.moderation_note) {
		html_raw(b, "<p class=\"notice bad\"><strong>");
		html_txt(b, T(ar, "Reason given:"));
		html_raw(b, "</strong> ");
		html_txt(b, acc.moderation_note);
		html_raw(b, "</p>");
	}
	render_changes(ar, &refs, id);
	render_record(ar, &refs, &ini);
	render_decisions(ar, &refs, id, &ini, acc.state, errs, reason);
	page_end(ar);
}

void page_moderation_item(struct app_request *ar)
{
	int64_t id = initiative_parse_id(ar->route_arg);

	if (!id) {
		initiative_not_found(ar);
		return;
	}
	render_item(ar, id, NULL, NULL);
}

void page_moderation_post(struct app_request *ar)
{
	struct form_errors errs = {.n = 0};
	const char *decision = http_form(ar->req, "decision");
	const char *reason = http_form(ar->req, "reason");
	int64_t id = initiative_parse_id(ar->route_arg);
	struct initiative want;
	struct errinfo e;
	const char *to;
	int rc;

	if (!id) {
		initiative_not_found(ar);
		return;
	}
	errinfo_clear(&e);
	if (decision && strcmp(decision, "approve") == 0) {
		rc = submission_approve(ar->store, id, ar->user.email, ar->req->arena, &e);
		to = arena_sprintf(ar->req->arena, "/moderation?done=approved&id=%lld",
				   (long long)id);
	} else if (decision && strcmp(decision, "reject") == 0) {
		rc = submission_reject(ar->store, id, reason, ar->user.email, ar->req->arena, &e);
		to = arena_sprintf(ar->req->arena, "/moderation?done=rejected&id=%lld",
				   (long long)id);
	} else if (decision && strcmp(decision, "tags") == 0) {
		ini_init(&want);
		form_read_tags(ar, &want, "moderator", &errs);
		rc = errs.n ? ERR_TOO_LARGE
			    : submission_retag(ar->store, id, want.tags, want.ntags, ar->user.email,
					       ar->req->arena, NULL, NULL, &e);
		to = arena_sprintf(ar->req->arena, "/moderation/%lld?done=tags", (long long)id);
	} else {
		app_error(ar, 400, "invalid", T(ar, "Unknown decision."), "decision");
		return;
	}
	if (rc == ERR_NOT_FOUND) {
		initiative_not_found(ar);
		return;
	}
	if (rc == ERR_INVALID || rc == ERR_TOO_LARGE || rc == ERR_CONFLICT) {
		if (!errs.n) {
			if (strcmp(e.field, "reason") == 0)
				errs.v[errs.n++] = (struct form_error){
				    "reason", T(ar, "Give a reason, at most 2,000 characters.")};
			else
				form_error_add(ar, &errs, &e, NULL);
		}
		ar->resp->status = rc == ERR_CONFLICT ? 409 : 400;
		render_item(ar, id, &errs, reason);
		return;
	}
	if (rc) {
		internal_error(ar, "a moderation decision failed", e.msg);
		return;
	}
	http_redirect(ar->resp, to ? to : "/moderation");
}
