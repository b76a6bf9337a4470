/*
 * page_call_answer.c - answering a call: GET /calls/ID/answer shows the form with the
 * signed-in user's draft (or answers) and POST saves it, as a draft or submitted, on behalf
 * of their organisation.
 *
 * The store checks the deadline in the same write that saves (store_call_response_save): a
 * form sent one second after the closing second is refused with 409 and a message that
 * says when the call closed, and nothing is written. A form with a mistake comes back with
 * what was typed and the mistake named beside its field.
 */
#include "pages/page_calls.h"

#include "app/clock.h"
#include "core/utc.h"
#include "domain/call.h"
#include "domain/initiative.h"
#include "io/call_form.h"
#include "pages/fragments.h"

#include <stdio.h>
#include <string.h>

/* The form being shown: the call, its questions and the values to fill in. */
struct answer_view {
	struct call c;
	struct call_question *q;
	size_t nq;
	const struct call_response *r;   /* NULL: nothing saved yet */
	const struct http_params *typed; /* a refused form's values, else NULL */
	struct errinfo err;
	const char *org, *type, *country; /* prefilled from the account's organisation */
};

/* has_value: whether the form being shown holds value for question qid. */
static int has_value(const struct answer_view *v, int64_t qid, const char *value)
{
	char name[32];

	snprintf(name, sizeof name, "q%lld", (long long)qid);
	if (v->typed) {
		for (size_t i = 0; i < v->typed->n; i++)
			if (strcmp(v->typed->v[i].name, name) == 0 &&
			    strcmp(v->typed->v[i].value, value) == 0)
				return 1;
		return 0;
	}
	for (size_t i = 0; v->r && i < v->r->nanswers; i++)
		if (v->r->answers[i].question_id == qid)
			for (size_t j = 0; j < v->r->answers[i].nvalues; j++)
				if (strcmp(v->r->answers[i].values[j], value) == 0)
					return 1;
	return 0;
}

static const char *text_value(const struct answer_view *v, int64_t qid)
{
	char name[32];

	snprintf(name, sizeof name, "q%lld", (long long)qid);
	if (v->typed)
		return http_param_get(v->typed, name);
	for (size_t i = 0; v->r && i < v->r->nanswers; i++)
		if (v->r->answers[i].question_id == qid && v->r->answers[i].nvalues)
			return v->r->answers[i].values[0];
	return NULL;
}

struct pick_ctx {
	struct app_request *ar;
	const struct answer_view *v;
	const struct call_question *q;
	int n;
};

static void choice(struct pick_ctx *p, const char *value, const char *label, int multiple)
{
	struct buf *b = &p->ar->resp->body;

	html_rawf(b, "<li><input type=\"%s\" id=\"q%lld-%d\" name=\"q%lld\" value=\"",
		  multiple ? "checkbox" : "radio", (long long)p->q->id, p->n, (long long)p->q->id);
	html_attr(b, value);
	html_rawf(b, "\"%s><label for=\"q%lld-%d\">",
		  has_value(p->v, p->q->id, value) ? " checked" : "", (long long)p->q->id, p->n);
	html_txt(b, label);
	html_raw(b, "</label></li>");
	p->n++;
}

static int fw_choice(void *ud, const struct fw_item *it)
{
	struct pick_ctx *p = ud;
	const char *label = arena_sprintf(p->ar->req->arena, "%s %s", it->code,
					  it->short_title[0] ? it->short_title[0] : it->title[0]);

	if (!it->is_group)
		choice(p, it->code, label ? label : it->code, 1);
	return 0;
}

static int country_option(void *ud, const struct country *c)
{
	struct pick_ctx *p = ud;
	struct buf *b = &p->ar->resp->body;
	int sel =
	    p->q ? has_value(p->v, p->q->id, c->iso2)
		 : (p->v->typed ? http_param_get(p->v->typed, "country") &&
				      strcmp(http_param_get(p->v->typed, "country"), c->iso2) == 0
				: p->v->country && strcmp(p->v->country, c->iso2) == 0);

	html_raw(b, "<option value=\"");
	html_attr(b, c->iso2);
	html_raw(b, sel ? "\" selected>" : "\">");
	html_txt(b, c->name[0] ? c->name[0] : c->iso2);
	html_raw(b, "</option>");
	return 0;
}

static void field_error(struct app_request *ar, const struct answer_view *v, const char *field)
{
	struct buf *b = &ar->resp->body;

	if (!v->err.code || strcmp(v->err.field, field) != 0)
		return;
	html_raw(b, "<p class=\"field-error\" id=\"");
	html_attr(b, field);
	html_raw(b, "-error\">");
	html_txt(b, v->err.msg);
	html_raw(b, "</p>");
}

static void question_field(struct app_request *ar, const struct answer_view *v,
			   const struct call_question *q)
{
	struct buf *b = &ar->resp->body;
	struct pick_ctx p = {ar, v, q, 0};
	char field[32];
	const char *scheme = call_qkind_scheme(q->kind);

	snprintf(field, sizeof field, "q%lld", (long long)q->id);
	if (q->kind == QK_TEXT) {
		const char *t = text_value(v, q->id);

		html_rawf(b, "<div class=\"field\"><label for=\"%s\">", field);
		html_txt(b, q->prompt);
		if (q->required)
			html_raw(b, " <span class=\"req\">*</span>");
		html_raw(b, "</label>");
		if (q->word_limit) {
			html_rawf(b, "<p class=\"hint\" id=\"%s-hint\">", field);
			html_txt(b, arena_sprintf(ar->req->arena,
						  TN(ar, "At most %d word.", "At most %d words.",
						     (unsigned long)q->word_limit),
						  q->word_limit));
			html_rawf(b, " <span id=\"%s-count\" aria-live=\"polite\"></span></p>",
				  field);
		}
		field_error(ar, v, field);
		html_rawf(b,
			  "<textarea id=\"%s\" name=\"%s\" rows=\"8\" data-word-limit=\"%d\"%s%s>",
			  field, field, q->word_limit,
			  q->word_limit ? arena_sprintf(ar->req->arena,
							" aria-describedby=\"%s-hint\"", field)
					: "",
			  q->required ? " aria-required=\"true\"" : "");
		html_txt(b, t ? t : "");
		html_raw(b, "</textarea></div>");
		return;
	}
	if (q->kind == QK_COUNTRY) {
		html_rawf(b, "<div class=\"field\"><label for=\"%s\">", field);
		html_txt(b, q->prompt);
		html_raw(b, "</label>");
		field_error(ar, v, field);
		html_rawf(b, "<select id=\"%s\" name=\"%s\" multiple size=\"8\">", field, field);
		store_country_list(ar->store, ar->lang, country_option, &p);
		html_raw(b, "</select></div>");
		return;
	}
	html_raw(b, "<fieldset class=\"field\"><legend>");
	html_txt(b, q->prompt);
	if (q->required)
		html_raw(b, " <span class=\"req\">*</span>");
	html_raw(b, "</legend>");
	field_error(ar, v, field);
	html_raw(b, "<ul class=\"choices\">");
	if (scheme)
		store_fw_list(ar->store, scheme, ar->lang, fw_choice, &p);
	else
		for (size_t i = 0; i < q->noptions; i++)
			choice(&p, q->options[i], q->options[i], q->kind == QK_MULTIPLE);
	html_raw(b, "</ul></fieldset>");
}

static void stakeholder_select(struct app_request *ar, const struct answer_view *v)
{
	struct buf *b = &ar->resp->body;
	const char *cur = v->typed ? http_param_get(v->typed, "stakeholder_type") : v->type;

	html_raw(b, "<div class=\"field\"><label for=\"stakeholder_type\">");
	html_txt(b, T(ar, "Stakeholder type"));
	html_raw(b, "</label>");
	field_error(ar, v, "stakeholder_type");
	html_raw(b,
		 "<select id=\"stakeholder_type\" name=\"stakeholder_type\"><option value=\"\">");
	html_txt(b, T(ar, "(not given)"));
	html_raw(b, "</option>");
	for (size_t i = 0; ini_stakeholder_types[i]; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, ini_stakeholder_types[i]);
		html_raw(b, cur && strcmp(cur, ini_stakeholder_types[i]) == 0 ? "\" selected>"
									      : "\">");
		html_txt(b, page_value_label(ar, ini_stakeholder_types[i]));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></div>");
}

static void render(struct app_request *ar, struct answer_view *v, int status)
{
	struct buf *b = &ar->resp->body;
	const char *saved = http_query(ar->req, "saved");
	int64_t now = app_now(ar);
	int open = call_accepts(&v->c, now);
	struct pick_ctx p = {ar, v, NULL, 0};
	const char *org = v->typed ? http_param_get(v->typed, "organisation") : v->org;
	int anon =
	    v->typed ? http_param_get(v->typed, "anonymous") != NULL : v->r && v->r->anonymous;

	ar->resp->status = status;
	page_call_begin(ar, arena_sprintf(ar->req->arena, "%s: %s", T(ar, "Answer"), v->c.title),
			NAV_CALLS, v->c.id, v->c.title, T(ar, "Your answer"));
	if (saved && strcmp(saved, "submitted") == 0)
		page_call_notice(ar,
				 T(ar, "Your answer is submitted. You can still change it until "
				       "the deadline."),
				 1);
	else if (saved)
		page_call_notice(ar,
				 T(ar, "Your draft is saved. You can change it until the "
				       "deadline."),
				 1);
	if (v->err.code)
		page_call_notice(ar, v->err.msg, 0);
	html_raw(b, "<p id=\"answer-deadline\">");
	html_txt(b, T(ar, "Deadline:"));
	html_raw(b, " ");
	page_call_time(ar, v->c.closes_at, v->c.tz);
	html_raw(b, "</p>");
	if (v->r)
		page_call_notice(ar,
				 v->r->state == RESP_SUBMITTED
				     ? T(ar, "Status: submitted.")
				     : T(ar, "Status: draft (not submitted yet)."),
				 1);
	if (!open) {
		page_call_notice(ar,
				 T(ar, "This call does not take answers now: the deadline has "
				       "passed or it is not open yet."),
				 0);
		page_end(ar);
		return;
	}
	html_rawf(b, "<form method=\"post\" action=\"/calls/%lld/answer\" class=\"answer\">",
		  (long long)v->c.id);
	page_csrf_field(ar);
	html_raw(b, "<fieldset><legend>");
	html_txt(b, T(ar, "On behalf of"));
	html_raw(b, "</legend><div class=\"field\"><label for=\"organisation\">");
	html_txt(b, T(ar, "Organisation"));
	html_raw(b, "</label>");
	field_error(ar, v, "organisation");
	html_raw(b, "<input id=\"organisation\" name=\"organisation\" maxlength=\"500\" value=\"");
	html_attr(b, org ? org : "");
	html_raw(b, "\"></div>");
	stakeholder_select(ar, v);
	html_raw(b, "<div class=\"field\"><label for=\"country\">");
	html_txt(b, T(ar, "Country"));
	html_raw(b, "</label>");
	field_error(ar, v, "country");
	html_raw(b, "<select id=\"country\" name=\"country\"><option value=\"\">");
	html_txt(b, T(ar, "(not given)"));
	html_raw(b, "</option>");
	store_country_list(ar->store, ar->lang, country_option, &p);
	html_raw(b, "</select></div></fieldset>");
	for (size_t i = 0; i < v->nq; i++)
		question_field(ar, v, &v->q[i]);
	html_rawf(b,
		  "<div class=\"field\"><input type=\"checkbox\" id=\"anonymous\" "
		  "name=\"anonymous\" value=\"1\"%s> <label for=\"anonymous\">",
		  anon ? " checked" : "");
	html_txt(b, T(ar, "Publish my answer anonymously (without my name or organisation)"));
	html_raw(b, "</label></div><div class=\"actions\">"
		    "<button type=\"submit\" name=\"action\" value=\"draft\">");
	html_txt(b, T(ar, "Save draft"));
	html_raw(b, "</button> <button type=\"submit\" name=\"action\" value=\"submit\" "
		    "class=\"primary\">");
	html_txt(b, T(ar, "Submit"));
	html_raw(b, "</button></div></form>");
	page_end(ar);
}

static int keep_mine(void *ud, const struct call_response *r)
{
	struct app_request *ar = ((void **)ud)[0];
	struct call_response **out = ((void **)ud)[1];
	struct call_response *copy = arena_alloc(ar->req->arena, sizeof *copy);
	struct call_answer *ans = arena_alloc(ar->req->arena, (r->nanswers + 1) * sizeof *ans);

	if (!copy || !ans)
		return ERR_NOMEM;
	*copy = *r;
	for (size_t i = 0; i < r->nanswers; i++) {
		const char **vals =
		    arena_alloc(ar->req->arena, (r->answers[i].nvalues + 1) * sizeof *vals);

		if (!vals)
			return ERR_NOMEM;
		for (size_t j = 0; j < r->answers[i].nvalues; j++)
			if (!(vals[j] = arena_strdup(ar->req->arena, r->answers[i].values[j])))
				return ERR_NOMEM;
		ans[i] = r->answers[i];
		ans[i].values = vals;
	}
	copy->answers = ans;
	copy->organisation = r->organisation ? arena_strdup(ar->req->arena, r->organisation) : NULL;
	copy->stakeholder_type =
	    r->stakeholder_type ? arena_strdup(ar->req->arena, r->stakeholder_type) : NULL;
	copy->country = r->country ? arena_strdup(ar->req->arena, r->country) : NULL;
	copy->hidden_reason = NULL;
	copy->user_email = NULL;
	*out = copy;
	return 0;
}

/* load loads the call, its questions, the user's response and their organisation into v. */
static int load(struct app_request *ar, struct answer_view *v)
{
	struct store_response_filter f = {ar->user.id, 0, 0, 0, 0};
	struct call_response *mine = NULL;
	void *ud[2] = {ar, &mine};
	struct store_user u;

	memset(v, 0, sizeof *v);
	if (page_call_load(ar, NULL, &v->c))
		return -1;
	if (store_call_questions(ar->store, v->c.id, ar->req->arena, &v->q, &v->nq) ||
	    store_call_response_each(ar->store, v->c.id, &f, keep_mine, ud)) {
		page_call_internal(ar, "reading an answer failed", store_errmsg(ar->store));
		return -1;
	}
	v->r = mine;
	if (mine) {
		v->org = mine->organisation;
		v->type = mine->stakeholder_type;
		v->country = mine->country;
	} else if (store_user_by_id(ar->store, ar->user.id, ar->req->arena, &u) == 0 &&
		   u.organisation) {
		struct organisation o;
		int found = 0;

		v->org = u.organisation;
		if (store_org_get(ar->store, u.organisation, ar->req->arena, &o, &found) == 0 &&
		    found) {
			v->type = o.stakeholder_type;
			v->country = o.country;
		}
	}
	return 0;
}

void page_call_answer(struct app_request *ar)
{
	struct answer_view v;

	if (load(ar, &v) == 0)
		render(ar, &v, 200);
}

/* form_fields copies the request's form fields (borrowed strings) into f. */
static int form_fields(struct app_request *ar, struct answer_fields *f, struct errinfo *e)
{
	const struct http_params *p = &ar->req->form;

	for (size_t i = 0; i < p->n; i++)
		if (answer_fields_add(f, ar->req->arena, p->v[i].name, p->v[i].value))
			return errinfo_set(e, ERR_TOO_LARGE, NULL, "too many fields");
	return 0;
}

void page_call_answer_post(struct app_request *ar)
{
	struct answer_fields fields = {0};
	struct answer_view v;
	struct call_response r;
	int64_t now;
	int rc;

	if (load(ar, &v))
		return;
	memset(&r, 0, sizeof r);
	r.call_id = v.c.id;
	r.user_id = ar->user.id;
	errinfo_clear(&v.err);
	if (form_fields(ar, &fields, &v.err) ||
	    call_form_parse(&fields, v.q, v.nq, ar->req->arena, &r, &v.err) ||
	    call_form_check_codes(ar->store, v.q, v.nq, &r, ar->req->arena, &v.err)) {
		v.typed = &ar->req->form;
		render(ar, &v, 400);
		return;
	}
	now = app_now(ar); /* the server's clock decides, to the second */
	rc = store_call_response_save(ar->store, &r, now, ar->user.email, NULL);
	if (rc == ERR_CONFLICT) {
		char closed[UTC_ISO_LEN];

		utc_format(v.c.closes_at, closed);
		v.typed = &ar->req->form;
		errinfo_set(&v.err, ERR_CONFLICT, NULL, "%s",
			    arena_sprintf(
				ar->req->arena,
				T(ar, "Your answer was not saved: this call closed at %s "
				      "UTC and no longer takes answers."),
				arena_sprintf(ar->req->arena, "%.10s %.8s", closed, closed + 11)));
		render(ar, &v, 409);
		return;
	}
	if (rc) {
		page_call_internal(ar, "saving an answer failed", store_errmsg(ar->store));
		return;
	}
	http_redirect(ar->resp, arena_sprintf(ar->req->arena, "/calls/%lld/answer?saved=%s",
					      (long long)v.c.id,
					      r.state == RESP_SUBMITTED ? "submitted" : "draft"));
}
