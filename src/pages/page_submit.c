/*
 * page_submit.c - submitting and editing an initiative (GET/POST /submit and
 * /initiatives/ID/edit, one form for both) and the submitter's own list (GET /my).
 *
 * The rules on who may change what, and what a change does to the state, are the
 * submission service's (io/submission.h); this page reads the form, shows every wrong field
 * with its message and everything the user typed, and sends the record to the service.
 * The "Suggest tags" button (action=suggest) shows the form again, as typed, with the
 * mapping model's suggestions; the ones left ticked are saved as model tags
 * (initiative_form_suggest.c, docs/moderation.md).
 */
#include "pages/pages.h"

#include "app/initiative_access.h"
#include "core/log.h"
#include "io/submission.h"
#include "pages/fragments.h"
#include "pages/initiative_form.h"

#include <stdlib.h>
#include <string.h>

#define MY_PAGE_SIZE 50

static void internal_error(struct app_request *ar, const char *what)
{
	log_kv(LOG_ERROR, what, "detail", store_errmsg(ar->store), LOG_END);
	app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
}

/* load_refs loads the form's lists; on failure it answers 500 and returns non-zero. */
static int load_refs(struct app_request *ar, struct form_refs *refs)
{
	int rc = form_refs_load(ar, refs, 1);

	if (rc)
		internal_error(ar, "loading the form's lists failed");
	return rc;
}

/* state_of_action maps the button pressed to the state asked for; NULL when unknown. */
static const char *state_of_action(const char *action)
{
	if (!action || strcmp(action, "submit") == 0)
		return "submitted";
	if (strcmp(action, "draft") == 0)
		return "draft";
	if (strcmp(action, "publish") == 0)
		return "published";
	return NULL;
}

/*
 * render writes the whole page: the form for ini (id 0: a new one), its errors, and for an
 * existing initiative what state it is in (acc may be NULL); sug (may be NULL) holds the
 * tag suggestions asked for.
 */
static void render(struct app_request *ar, const struct form_refs *refs,
		   const struct initiative *ini, int64_t id, const struct store_ini_access *acc,
		   const struct form_errors *errs, const struct form_suggestions *sug)
{
	struct buf *b = &ar->resp->body;
	const char *title = id ? T(ar, "Edit an initiative") : T(ar, "Submit an initiative");

	if (errs && errs->n)
		title = arena_sprintf(ar->req->arena, "%s: %s", T(ar, "Error"), title);
	page_begin(ar, title ? title : T(ar, "Submit an initiative"), id ? NAV_NONE : NAV_SUBMIT);
	html_raw(b, "<h1>");
	html_txt(b, id ? T(ar, "Edit an initiative") : T(ar, "Submit an initiative"));
	html_raw(b, "</h1>");
	form_error_summary(ar, errs);
	if (sug && sug->fresh &&
	    (sug->state == FORM_SUGGEST_SHOWN || sug->state == FORM_SUGGEST_NO_TEXT)) {
		/* the answer is far down the page: say where */
		html_raw(b, "<p class=\"notice\" role=\"status\"><a href=\"#f-suggested\">");
		html_txt(b, sug->state == FORM_SUGGEST_SHOWN
				? T(ar, "See the suggested tags, under Frameworks.")
				: T(ar, "Write a title, a summary or a description first: the "
					"suggestions are made from them."));
		html_raw(b, "</a></p>");
	}
	if (acc && strcmp(acc->state, "rejected") == 0 && acc->moderation_note) {
		html_raw(b, "<div class=\"notice bad\"><p><strong>");
		html_txt(b, T(ar, "A moderator sent this initiative back with this reason:"));
		html_raw(b, "</strong></p><p class=\"note\">");
		html_txt(b, acc->moderation_note);
		html_raw(b, "</p></div>");
	} else if (acc && strcmp(acc->state, "published") == 0 && ar->user.role < ROLE_MODERATOR) {
		html_raw(b, "<p class=\"notice\">");
		html_txt(b, T(ar, "This initiative is published. When you save a change, it goes "
				  "back to review and is not shown publicly until a moderator "
				  "approves it."));
		html_raw(b, "</p>");
	} else if (!id) {
		html_raw(b, "<p class=\"lead\">");
		html_txt(b,
			 T(ar, "Tell us about an initiative that uses ICTs for development. A "
			       "moderator reviews it before it is published; you can save a draft "
			       "and finish it later."));
		html_raw(b, "</p>");
	}
	if (id)
		html_rawf(b,
			  "<form method=\"post\" action=\"/initiatives/%lld/edit\" "
			  "class=\"initiative\">",
			  (long long)id);
	else
		html_raw(b, "<form method=\"post\" action=\"/submit\" class=\"initiative\">");
	page_csrf_field(ar);
	html_raw(b, "<h2>");
	html_txt(b, T(ar, "About the initiative"));
	html_raw(b, "</h2>");
	form_render_fields(ar, refs, ini, errs);
	html_raw(b, "<h2>");
	html_txt(b, T(ar, "Frameworks"));
	html_raw(b, "</h2><p class=\"hint\">");
	html_txt(b, T(ar, "Which goals, Action Lines and objectives the initiative serves. "
			  "Moderators may add or remove some."));
	html_raw(b, "</p>");
	form_render_suggestions(ar, refs, ini, sug, errs);
	form_render_tags(ar, refs, ini, errs);
	html_raw(b, "<p class=\"actions\"><button type=\"submit\" name=\"action\" "
		    "value=\"submit\">");
	html_txt(b, T(ar, "Submit for review"));
	html_raw(b, "</button> <button type=\"submit\" name=\"action\" value=\"draft\" "
		    "class=\"secondary\">");
	html_txt(b, T(ar, "Save as draft"));
	html_raw(b, "</button>");
	if (ar->user.role >= ROLE_MODERATOR) {
		html_raw(b, " <button type=\"submit\" name=\"action\" value=\"publish\" "
			    "class=\"secondary\">");
		html_txt(b, T(ar, "Save and publish"));
		html_raw(b, "</button>");
	}
	html_raw(b, "</p></form>");
	page_end(ar);
}

/*
 * suggest answers the "Suggest tags" button: the form again with everything as typed,
 * nothing checked or stored, and the model's suggestions for its text, all ticked. Without
 * a model it says so, with status 503.
 */
static void suggest(struct app_request *ar, const struct form_refs *refs,
		    const struct initiative *ini, int64_t id, const struct store_ini_access *acc)
{
	struct form_suggestions sug;

	if (form_suggest(ar, ini, 1, NULL, 0, &sug)) {
		log_kv(LOG_ERROR, "suggesting tags failed", LOG_END);
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
	} else {
		if (sug.state == FORM_SUGGEST_UNAVAILABLE)
			ar->resp->status = 503;
		render(ar, refs, ini, id, acc, NULL, &sug);
	}
	form_suggestions_cleanup(&sug);
}

/*
 * save checks ini, adds the suggestions the submitter kept as model tags, and hands it to
 * the service; on success it redirects to "My initiatives", otherwise it shows the form
 * again with the messages (and the suggestions, when they were shown).
 */
static void save(struct app_request *ar, const struct form_refs *refs, struct initiative *ini,
		 int64_t id, const struct store_ini_access *acc, struct form_errors *errs)
{
	struct submission_actor who = initiative_actor(ar);
	const char *action = http_form(ar->req, "action");
	const char *state = state_of_action(action);
	struct form_suggestions sug;
	struct tag *chosen;
	size_t nchosen, ntags;
	struct errinfo e;
	int64_t got = 0;
	int rc;

	if (action && strcmp(action, "suggest") == 0) {
		suggest(ar, refs, ini, id, acc);
		return;
	}
	if (!state) {
		app_error(ar, 400, "invalid", T(ar, "Unknown button."), "action");
		return;
	}
	ini->state = state;
	ini->id = id;
	if (!errs->n)
		form_check(ar, ini, errs);
	form_read_suggestions(ar, &chosen, &nchosen, errs);
	ntags = ini->ntags; /* the tags as ticked in the lists, to show again on error */
	if (!errs->n && nchosen) {
		if (form_accept_suggestions(ar, ini, chosen, nchosen, errs)) {
			app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."),
				  NULL);
			return;
		}
		who.model_checked = 1;
	}
	if (!errs->n) {
		errinfo_clear(&e);
		rc = submission_save(ar->store, ini, &who, ar->req->arena, &got, NULL, &e);
		if (rc == ERR_FORBIDDEN) {
			app_error(ar, 403, "forbidden", e.msg, e.field[0] ? e.field : NULL);
			return;
		}
		if (rc == ERR_NOT_FOUND) {
			initiative_not_found(ar);
			return;
		}
		if (rc == ERR_INVALID || rc == ERR_TOO_LARGE || rc == ERR_CONFLICT) {
			form_error_add(ar, errs, &e, ini);
		} else if (rc) {
			log_kv(LOG_ERROR, "saving a submission failed", "detail", e.msg, LOG_END);
			app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."),
				  NULL);
			return;
		}
	}
	if (errs->n) {
		ini->ntags = ntags;
		ar->resp->status = 400;
		if (nchosen || http_form(ar->req, "suggestions")) {
			if (form_suggest(ar, ini, 0, chosen, nchosen, &sug) == 0)
				render(ar, refs, ini, id, acc, errs, &sug);
			else
				app_error(ar, 500, "internal",
					  T(ar, "Something went wrong on our side."), NULL);
			form_suggestions_cleanup(&sug);
		} else {
			render(ar, refs, ini, id, acc, errs, NULL);
		}
		return;
	}
	http_redirect(ar->resp,
		      arena_sprintf(ar->req->arena, "/my?done=%s&id=%lld", state, (long long)got));
}

void page_submit(struct app_request *ar)
{
	struct initiative ini;
	struct form_refs refs;
	struct store_user u;

	ini_init(&ini);
	/* Start with the submitter's own organisation, if the account names one. */
	if (store_user_by_id(ar->store, ar->user.id, ar->req->arena, &u) == 0)
		ini.org.name = u.organisation;
	if (load_refs(ar, &refs))
		return;
	render(ar, &refs, &ini, 0, NULL, NULL, NULL);
}

void page_submit_post(struct app_request *ar)
{
	struct form_errors errs = {.n = 0};
	struct initiative ini;
	struct form_refs refs;

	ini_init(&ini);
	form_read(ar, &ini, "submitter", &errs);
	if (load_refs(ar, &refs))
		return;
	save(ar, &refs, &ini, 0, NULL, &errs);
}

/*
 * edit_load reads initiative route_arg for editing when the caller may change it; else it
 * answers (404, 403 or 500) and returns non-zero.
 */
static int edit_load(struct app_request *ar, int64_t *id, struct initiative *ini,
		     struct store_ini_access *acc)
{
	struct submission_actor who = initiative_actor(ar);
	struct errinfo e;
	int rc;

	*id = initiative_parse_id(ar->route_arg);
	errinfo_clear(&e);
	rc = *id ? submission_may_edit(ar->store, *id, &who, ar->req->arena, &e) : ERR_NOT_FOUND;
	if (rc == ERR_NOT_FOUND) {
		initiative_not_found(ar);
		return rc;
	}
	if (rc == ERR_FORBIDDEN) {
		app_error(ar, 403, "forbidden",
			  T(ar, "You can only change initiatives you submitted yourself, and not "
				"once they are archived."),
			  NULL);
		return rc;
	}
	if (rc || (rc = store_initiative_get(ar->store, *id, ar->req->arena, ini)) ||
	    (rc = store_initiative_access(ar->store, *id, ar->req->arena, acc))) {
		internal_error(ar, "reading an initiative to edit failed");
		return rc ? rc : ERR_INTERNAL;
	}
	return 0;
}

void page_edit(struct app_request *ar)
{
	struct store_ini_access acc;
	struct initiative ini;
	struct form_refs refs;
	int64_t id;

	if (edit_load(ar, &id, &ini, &acc) || load_refs(ar, &refs))
		return;
	render(ar, &refs, &ini, id, &acc, NULL, NULL);
}

void page_edit_post(struct app_request *ar)
{
	struct form_errors errs = {.n = 0};
	struct store_ini_access acc;
	struct initiative ini;
	struct form_refs refs;
	int64_t id;

	if (edit_load(ar, &id, &ini, &acc))
		return;
	/* Tags a moderator adds to someone else's initiative are the moderator's. */
	form_read(ar, &ini,
		  ar->user.role >= ROLE_MODERATOR && acc.submitted_by != ar->user.id ? "moderator"
										     : "submitter",
		  &errs);
	if (load_refs(ar, &refs))
		return;
	save(ar, &refs, &ini, id, &acc, &errs);
}

/* ---- My initiatives ---- */

static void my_notice(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	const char *done = http_query(ar->req, "done"), *msg = NULL;

	if (!done)
		return;
	if (strcmp(done, "submitted") == 0)
		msg = T(ar, "Thank you. Your initiative is waiting for a moderator's review.");
	else if (strcmp(done, "draft") == 0)
		msg = T(ar, "Your draft is saved. Submit it for review when it is ready.");
	else if (strcmp(done, "published") == 0)
		msg = T(ar, "The initiative is saved and published.");
	if (!msg)
		return;
	html_raw(b, "<p class=\"notice good\" role=\"status\">");
	html_txt(b, msg);
	html_raw(b, "</p>");
}

void page_my(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	const char *before_s = http_query(ar->req, "before");
	int64_t before = before_s ? initiative_parse_id(before_s) : 0;
	const char *const cols[] = {T(ar, "Title"), T(ar, "State"), T(ar, "Last change (UTC)"),
				    T(ar, "Actions")};
	struct store_submission *v;
	size_t n;

	if (store_user_initiatives(ar->store, ar->user.id, before, MY_PAGE_SIZE + 1, ar->req->arena,
				   &v, &n)) {
		internal_error(ar, "listing a submitter's initiatives failed");
		return;
	}
	page_begin(ar, T(ar, "My initiatives"), NAV_ACCOUNT);
	html_raw(b, "<h1>");
	html_txt(b, T(ar, "My initiatives"));
	html_raw(b, "</h1>");
	my_notice(ar);
	if (!n) {
		html_raw(b, "<p>");
		html_txt(b, before ? T(ar, "There are no older initiatives.")
				   : T(ar, "You have not submitted any initiative yet."));
		html_raw(b, "</p><p><a class=\"button\" href=\"/submit\">");
		html_txt(b, T(ar, "Submit an initiative"));
		html_raw(b, "</a></p>");
		page_end(ar);
		return;
	}
	page_table_begin(ar, NULL, T(ar, "Your initiatives, newest first"), cols, 4, 0);
	for (size_t i = 0; i < n && i < MY_PAGE_SIZE; i++) {
		const struct store_submission *x = &v[i];

		html_rawf(b, "<tr id=\"initiative-%lld\"><td><a href=\"/initiatives/%lld\">",
			  (long long)x->id, (long long)x->id);
		html_txt(b, x->title);
		html_raw(b, "</a></td><td><span class=\"state state-");
		html_attr(b, x->state);
		html_raw(b, "\">");
		html_txt(b, form_enum_label(ar, x->state));
		html_raw(b, "</span>");
		if (strcmp(x->state, "rejected") == 0 && x->moderation_note) {
			html_raw(b, "<p class=\"note\"><strong>");
			html_txt(b, T(ar, "Reason:"));
			html_raw(b, "</strong> ");
			html_txt(b, x->moderation_note);
			html_raw(b, "</p>");
		}
		html_raw(b, "</td><td>");
		html_txt(b, x->updated_at);
		html_raw(b, "</td><td>");
		if (strcmp(x->state, "archived") != 0) {
			html_rawf(b, "<a href=\"/initiatives/%lld/edit\">", (long long)x->id);
			html_txt(b, T(ar, "Edit"));
			html_raw(b, "<span class=\"visually-hidden\"> ");
			html_txt(b, x->title);
			html_raw(b, "</span></a>");
		}
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table>");
	if (n > MY_PAGE_SIZE) {
		html_raw(b, "<nav class=\"pager\" aria-label=\"");
		html_attr(b, T(ar, "More initiatives"));
		html_rawf(b, "\"><a href=\"/my?before=%lld\">", (long long)v[MY_PAGE_SIZE - 1].id);
		html_txt(b, T(ar, "Older initiatives"));
		html_raw(b, "</a></nav>");
	}
	page_end(ar);
}
