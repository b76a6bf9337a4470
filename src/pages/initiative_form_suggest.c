/*
 * initiative_form_suggest.c - the "Suggested tags" part of the initiative form: asking the
 * mapping model for tags, showing them with their score and evidence as checkboxes, and
 * accepting the ticked ones on save (see initiative_form.h).
 *
 * No score travels through the form: a ticked suggestion posts only "SCHEME:CODE", and on
 * save the text is mapped again (the model is deterministic), so only what the model
 * really suggests for the text being saved is stored with origin "model", with its own
 * score (docs/moderation.md).
 */
#include "pages/initiative_form.h"

#include "core/i18n.h"
#include "core/text.h"
#include "mapping/map_suggest.h"

#include <math.h>
#include <string.h>

static const char *const schemes[] = {"sdg", "sdg_target", "action_line", "gdc"};

int form_suggest(struct app_request *ar, const struct initiative *ini, int fresh,
		 const struct tag *chosen, size_t nchosen, struct form_suggestions *s)
{
	memset(s, 0, sizeof *s);
	map_result_init(&s->r);
	buf_init(&s->text, MAP_MAX_TEXT);
	s->fresh = fresh;
	s->chosen = chosen;
	s->nchosen = nchosen;
	if (!ar->app->model) {
		s->state = FORM_SUGGEST_UNAVAILABLE;
		return 0;
	}
	if (!ini->title && !ini->summary && !ini->description) {
		s->state = FORM_SUGGEST_NO_TEXT;
		return 0;
	}
	s->state = FORM_SUGGEST_SHOWN;
	return map_suggest(ar->app->model, ini, &s->text, &s->r);
}

void form_suggestions_cleanup(struct form_suggestions *s)
{
	map_result_cleanup(&s->r);
	buf_cleanup(&s->text);
}

/* ---- reading and accepting ---- */

static void suggestion_error(struct form_errors *errs, const char *msg)
{
	if (errs->n >= FORM_MAX_ERRORS)
		return;
	errs->v[errs->n].field = "suggested";
	errs->v[errs->n].message = msg;
	errs->n++;
}

void form_read_suggestions(struct app_request *ar, struct tag **chosen, size_t *n,
			   struct form_errors *errs)
{
	const struct http_params *f = &ar->req->form;
	struct tag *v = NULL;
	size_t k = 0, cap = 0;

	*chosen = NULL;
	*n = 0;
	for (size_t i = 0; i < f->n; i++) {
		const char *val = f->v[i].value, *colon;
		size_t s;

		if (strcmp(f->v[i].name, "suggested") != 0)
			continue;
		colon = strchr(val, ':');
		for (s = 0; colon && s < 4; s++)
			if (strlen(schemes[s]) == (size_t)(colon - val) &&
			    strncmp(val, schemes[s], (size_t)(colon - val)) == 0)
				break;
		if (!colon || s == 4 || !colon[1]) {
			suggestion_error(errs, T(ar, "Choose the suggested tags from the list."));
			return;
		}
		if (k == MAP_MAX_SUGGESTIONS) {
			suggestion_error(errs, T(ar, "Too many are chosen here."));
			return;
		}
		if (!v) {
			cap = MAP_MAX_SUGGESTIONS;
			if (!(v = arena_alloc(ar->req->arena, cap * sizeof *v))) {
				suggestion_error(errs, T(ar, "Something went wrong on our side."));
				return;
			}
		}
		memset(&v[k], 0, sizeof v[k]);
		v[k].scheme = schemes[s];
		v[k].code = colon + 1;
		k++;
	}
	*chosen = v;
	*n = k;
}

/* tag_name names a tag in a message: "SDG 3", "Target 3.8", "Action Line C2", ... */
static const char *tag_name(struct app_request *ar, const char *scheme, const char *code)
{
	const char *what = strcmp(scheme, "sdg") == 0           ? T(ar, "SDG")
			   : strcmp(scheme, "sdg_target") == 0  ? T(ar, "Target")
			   : strcmp(scheme, "action_line") == 0 ? T(ar, "Action Line")
								: T(ar, "GDC objective");

	return arena_sprintf(ar->req->arena, "%s %s", what, code);
}

int form_accept_suggestions(struct app_request *ar, struct initiative *ini,
			    const struct tag *chosen, size_t n, struct form_errors *errs)
{
	struct map_result r;
	struct errinfo e;
	size_t bad = 0;
	int rc;

	if (!n)
		return 0;
	if (!ar->app->model) {
		suggestion_error(errs,
				 T(ar, "Tag suggestions are not available at the moment, so the "
				       "suggested tags cannot be saved. Choose the tags from the "
				       "lists instead."));
		return 0;
	}
	map_result_init(&r);
	errinfo_clear(&e);
	rc = map_accept_suggestions(ar->app->model, &r, ini, ar->req->arena, chosen, n, &bad, &e);
	map_result_cleanup(&r);
	if (rc == ERR_INVALID) {
		const char *name = tag_name(ar, chosen[bad].scheme, chosen[bad].code);

		suggestion_error(
		    errs,
		    arena_sprintf(ar->req->arena,
				  T(ar, "%s is not among the tags suggested for this text. Press "
					"\"Suggest tags\" to see the current suggestions."),
				  name ? name : chosen[bad].code));
		return 0;
	}
	if (rc == ERR_TOO_LARGE) {
		form_error_add(ar, errs, &e, ini);
		return 0;
	}
	return rc;
}

/* ---- rendering ---- */

static int is_chosen(const struct form_suggestions *s, const char *scheme, const char *code)
{
	for (size_t i = 0; i < s->nchosen; i++)
		if (strcmp(s->chosen[i].scheme, scheme) == 0 &&
		    strcmp(s->chosen[i].code, code) == 0)
			return 1;
	return 0;
}

static int has_tag(const struct initiative *ini, const char *scheme, const char *code)
{
	for (size_t i = 0; i < ini->ntags; i++)
		if (strcmp(ini->tags[i].scheme, scheme) == 0 &&
		    strcmp(ini->tags[i].code, code) == 0)
			return 1;
	return 0;
}

/* evidence writes the words that led to l, each once, as quotations; 0 when there are none. */
static int evidence(struct buf *b, const struct form_suggestions *s, const struct map_label *l,
		    int dry_run)
{
	const char *text = buf_cstr(&s->text);
	int shown = 0;

	for (int k = 0; k < l->nevidence; k++) {
		const struct map_evidence *ev = &l->evidence[k];
		size_t len = ev->end - ev->start;
		int seen = 0;

		if (ev->end > s->text.len || ev->start >= ev->end ||
		    !text_utf8_valid(text + ev->start, len))
			continue;
		for (int j = 0; j < k && !seen; j++) {
			const struct map_evidence *o = &l->evidence[j];
			seen = o->end - o->start == len && o->end <= s->text.len &&
			       memcmp(text + o->start, text + ev->start, len) == 0;
		}
		if (seen)
			continue;
		if (!dry_run) {
			html_raw(b, shown ? ", <q>" : "<q>");
			html_txt_n(b, text + ev->start, len);
			html_raw(b, "</q>");
		}
		shown++;
	}
	return shown;
}

/* suggestion writes the checkbox of label l of scheme, with its score and evidence. */
static void suggestion(struct app_request *ar, const struct form_refs *r,
		       const struct form_suggestions *s, const char *scheme,
		       const struct map_label *l)
{
	struct buf *b = &ar->resp->body;
	const char *id = arena_sprintf(ar->req->arena, "s-%s-%s", scheme, l->code);
	int why = evidence(b, s, l, 1) > 0;

	html_raw(b, "<div class=\"check\"><input type=\"checkbox\" id=\"");
	html_attr(b, id);
	html_raw(b, "\" name=\"suggested\" value=\"");
	html_attr(b, scheme);
	html_raw(b, ":");
	html_attr(b, l->code);
	html_raw(b, "\"");
	if (s->fresh || is_chosen(s, scheme, l->code))
		html_raw(b, " checked");
	if (why) {
		html_raw(b, " aria-describedby=\"");
		html_attr(b, id);
		html_raw(b, "-why\"");
	}
	html_raw(b, "> <label for=\"");
	html_attr(b, id);
	html_raw(b, "\">");
	form_tag_label(ar, r, scheme, l->code);
	html_raw(b, " <span class=\"muted\">(");
	html_txt(b, arena_sprintf(ar->req->arena, T(ar, "score %d%%"),
				  (int)lround((double)l->score * 100.0)));
	html_raw(b, ")</span></label></div>");
	if (why) {
		html_raw(b, "<p class=\"hint\" id=\"");
		html_attr(b, id);
		html_raw(b, "-why\">");
		html_txt(b, T(ar, "Found in the text:"));
		html_raw(b, " ");
		evidence(b, s, l, 0);
		html_raw(b, "</p>");
	}
}

/* suggestions writes the suggestions of s that ini does not have yet, a group per scheme. */
static void suggestions(struct app_request *ar, const struct form_refs *r,
			const struct initiative *ini, const struct form_suggestions *s,
			const char *err)
{
	static const char *const legends[] = {N_("Sustainable Development Goals"),
					      N_("SDG targets"), N_("WSIS Action Lines"),
					      N_("Global Digital Compact objectives")};
	struct buf *b = &ar->resp->body;
	int total = 0, fresh = 0;

	for (int k = 0; k < 4; k++) {
		int n;
		const struct map_label *l = map_result_labels(&s->r, schemes[k], &n);

		total += n;
		for (int i = 0; i < n; i++)
			fresh += !has_tag(ini, schemes[k], l[i].code);
	}
	html_raw(b, "<p role=\"status\">");
	if (!total)
		html_txt(b, T(ar, "No tags could be suggested for this text. A fuller description "
				  "helps; you can also choose from the lists below."));
	else if (!fresh)
		html_txt(b, T(ar, "Every tag suggested for this text is already chosen below."));
	else
		html_txt(b,
			 arena_sprintf(ar->req->arena,
				       TN(ar,
					  "%d tag is suggested for this text. Untick it if it "
					  "does not fit; a ticked suggestion is saved as suggested "
					  "by the platform, with its score.",
					  "%d tags are suggested for this text. Untick the ones "
					  "that do not fit; ticked suggestions are saved as "
					  "suggested by the platform, with their score.",
					  (unsigned long)fresh),
				       fresh));
	html_raw(b, "</p><input type=\"hidden\" name=\"suggestions\" value=\"shown\">");
	for (int k = 0; k < 4 && fresh; k++) {
		int n, any = 0;
		const struct map_label *l = map_result_labels(&s->r, schemes[k], &n);

		for (int i = 0; i < n; i++) {
			if (has_tag(ini, schemes[k], l[i].code))
				continue;
			if (!any++) {
				html_raw(b, "<fieldset class=\"sub\"");
				if (err)
					html_raw(b, " aria-describedby=\"e-suggested\"");
				html_raw(b, "><legend>");
				html_txt(b, T(ar, legends[k]));
				html_raw(b, "</legend>");
			}
			suggestion(ar, r, s, schemes[k], &l[i]);
		}
		if (any)
			html_raw(b, "</fieldset>");
	}
}

void form_render_suggestions(struct app_request *ar, const struct form_refs *r,
			     const struct initiative *ini, const struct form_suggestions *s,
			     const struct form_errors *errs)
{
	struct buf *b = &ar->resp->body;
	const char *err = form_error_for(errs, "suggested");
	enum form_suggest_state state = s ? s->state : FORM_SUGGEST_OFF;

	if (!ar->app->model)
		state = FORM_SUGGEST_UNAVAILABLE;
	html_raw(b, "<div id=\"f-suggested\" class=\"suggestions\"><h3>");
	html_txt(b, T(ar, "Suggested tags"));
	html_raw(b, "</h3><p class=\"hint\">");
	html_txt(b,
		 T(ar, "The platform can read the title, summary and description and suggest "
		       "goals, targets, Action Lines and objectives. You choose which to keep."));
	html_raw(b, "</p>");
	if (err)
		form_error_message(ar, "suggested", err);
	if (state == FORM_SUGGEST_UNAVAILABLE) {
		html_raw(b, "<p class=\"notice\" role=\"status\">");
		html_txt(b, T(ar, "Tag suggestions are not available at the moment. Choose the "
				  "tags from the lists below."));
		html_raw(b, "</p></div>");
		return;
	}
	if (state == FORM_SUGGEST_NO_TEXT) {
		html_raw(b, "<p class=\"notice\" role=\"status\">");
		html_txt(b, T(ar, "Write a title, a summary or a description first: the "
				  "suggestions are made from them."));
		html_raw(b, "</p>");
	} else if (state == FORM_SUGGEST_SHOWN) {
		suggestions(ar, r, ini, s, err);
	}
	html_raw(b, "<p><button type=\"submit\" name=\"action\" value=\"suggest\" "
		    "class=\"secondary\" formnovalidate>");
	html_txt(b, T(ar, "Suggest tags"));
	html_raw(b, "</button></p></div>");
}
