/*
 * initiative_form.c - rendering the form of an initiative, its error summary and the labels
 * of its fields and values (see initiative_form.h; reading and checking are in
 * initiative_form_check.c). Nothing here writes to the store.
 */
#include "pages/initiative_form.h"

#include "core/i18n.h"
#include "pages/fragments.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The languages offered for the "language" field (any ISO 639-1 code may be typed). */
static const char *const languages[][2] = {
    {"en", "English"},
    {"fr", "Français"},
    {"es", "Español"},
    {"ru", "Русский"},
    {"ar", "العربية"},
    {"zh", "中文"},
    {"pt", "Português"},
    {"de", "Deutsch"},
    {"it", "Italiano"},
    {"nl", "Nederlands"},
    {"sw", "Kiswahili"},
    {"hi", "हिन्दी"},
    {"bn", "বাংলা"},
    {"ur", "اردو"},
    {"fa", "فارسی"},
    {"tr", "Türkçe"},
    {"id", "Bahasa Indonesia"},
    {"ms", "Bahasa Melayu"},
    {"vi", "Tiếng Việt"},
    {"th", "ไทย"},
    {"ja", "日本語"},
    {"ko", "한국어"},
    {"uk", "Українська"},
    {"pl", "Polski"},
    {"am", "አማርኛ"},
    {"ha", "Hausa"},
    {"yo", "Yorùbá"},
};

/* ---- reference lists ---- */

struct org_collect {
	struct arena *a;
	const char **v;
	size_t n, cap;
};

static int org_add(void *ud, const char *name)
{
	struct org_collect *c = ud;
	void *v = (void *)c->v;

	if (arena_grow(c->a, &v, c->n, &c->cap, sizeof *c->v, 256, SIZE_MAX))
		return ERR_NOMEM;
	c->v = v;
	if (!(c->v[c->n] = arena_strdup(c->a, name)))
		return ERR_NOMEM;
	c->n++;
	return 0;
}

static int by_country_name(const void *x, const void *y)
{
	const struct country *a = *(const struct country *const *)x,
			     *b = *(const struct country *const *)y;

	return strcmp(a->name[0] ? a->name[0] : a->iso2, b->name[0] ? b->name[0] : b->iso2);
}

int form_refs_load(struct app_request *ar, struct form_refs *r, int with_orgs)
{
	struct arena *a = ar->req->arena;
	struct org_collect oc = {a, NULL, 0, 0};
	int rc;

	memset(r, 0, sizeof *r);
	if ((rc = fw_catalog_load(ar->store, "sdg", ar->lang, a, &r->sdg)) ||
	    (rc = fw_catalog_load(ar->store, "sdg_target", ar->lang, a, &r->target)) ||
	    (rc = fw_catalog_load(ar->store, "action_line", ar->lang, a, &r->action_line)) ||
	    (rc = fw_catalog_load(ar->store, "gdc", ar->lang, a, &r->gdc)) ||
	    (rc = fw_catalog_load(ar->store, "m49_region", ar->lang, a, &r->region)) ||
	    (rc = country_catalog_load(ar->store, ar->lang, a, &r->countries)))
		return rc;
	r->by_name = arena_alloc(a, (r->countries.n + 1) * sizeof *r->by_name);
	if (!r->by_name)
		return ERR_NOMEM;
	for (size_t i = 0; i < r->countries.n; i++)
		r->by_name[i] = &r->countries.v[i];
	qsort(r->by_name, r->countries.n, sizeof *r->by_name, by_country_name);
	if (with_orgs) {
		if ((rc = store_org_names(ar->store, 5000, org_add, &oc)))
			return rc;
		r->orgs = oc.v;
		r->norgs = oc.n;
	}
	return 0;
}

static const char *error_for(const struct form_errors *errs, const char *field)
{
	for (size_t i = 0; errs && i < errs->n; i++)
		if (errs->v[i].field && strcmp(errs->v[i].field, field) == 0)
			return errs->v[i].message;
	return NULL;
}

/* ---- rendering ---- */

const char *form_field_label(struct app_request *ar, const char *field)
{
	static const char *const names[][2] = {
	    {"title", N_("Title")},
	    {"summary", N_("Summary")},
	    {"description", N_("Description")},
	    {"organisation", N_("Organisation")},
	    {"organisation_type", N_("Type of the organisation")},
	    {"organisation_country", N_("Country of the organisation")},
	    {"organisation_website", N_("Website of the organisation")},
	    {"stakeholder_type", N_("Stakeholder type")},
	    {"countries", N_("Countries")},
	    {"scope", N_("Scope")},
	    {"start_date", N_("Start date")},
	    {"end_date", N_("End date")},
	    {"status", N_("Status")},
	    {"url", N_("Web address")},
	    {"language", N_("Language")},
	    {"tags", N_("Frameworks")},
	    {"suggested", N_("Suggested tags")},
	    {"state", N_("State")},
	    {"reason", N_("Reason")},
	    {"source", N_("Source")},
	    {"source_id", N_("Identifier at the source")},
	    {"regions", N_("Regions")},
	    {"sectors", N_("Sectors")},
	    {"partners", N_("Partners")},
	    {"organisation.name", N_("Organisation")},
	    {"organisation.stakeholder_type", N_("Type of the organisation")},
	    {"organisation.country", N_("Country of the organisation")},
	    {"organisation.website", N_("Website of the organisation")},
	};

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(field, names[i][0]) == 0)
			return T(ar, names[i][1]);
	return field;
}

void form_error_summary(struct app_request *ar, const struct form_errors *errs)
{
	struct buf *b = &ar->resp->body;

	if (!errs || !errs->n)
		return;
	html_raw(b, "<div class=\"notice bad\" role=\"alert\" id=\"form-errors\"><h2>");
	html_txt(b, TN(ar, "There is a problem with what you entered",
		       "There are problems with what you entered", (unsigned long)errs->n));
	html_raw(b, "</h2><ul>");
	for (size_t i = 0; i < errs->n; i++) {
		const struct form_error *x = &errs->v[i];

		html_raw(b, "<li>");
		if (x->field) {
			html_raw(b, "<a href=\"#f-");
			html_attr(b, strcmp(x->field, "source_id") == 0 ? "title" : x->field);
			html_raw(b, "\">");
			html_txt(b, form_field_label(ar, x->field));
			html_raw(b, ": ");
			html_txt(b, x->message);
			html_raw(b, "</a>");
		} else {
			html_txt(b, x->message);
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul></div>");
}

const char *form_error_for(const struct form_errors *errs, const char *field)
{
	return error_for(errs, field);
}

/* describe writes the aria attributes of field's control: its hint and its error. */
static void describe(struct buf *b, const char *field, int has_hint, const char *err)
{
	if (err)
		html_raw(b, " aria-invalid=\"true\"");
	if (!err && !has_hint)
		return;
	html_raw(b, " aria-describedby=\"");
	if (has_hint) {
		html_raw(b, "h-");
		html_attr(b, field);
	}
	if (err) {
		html_raw(b, has_hint ? " e-" : "e-");
		html_attr(b, field);
	}
	html_raw(b, "\"");
}

/* error_message writes the message of field's error, with the id its control points to. */
static void error_message(struct app_request *ar, const char *field, const char *err)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<p class=\"error-message\" id=\"e-");
	html_attr(b, field);
	html_raw(b, "\"><span class=\"visually-hidden\">");
	html_txt(b, T(ar, "Error:"));
	html_raw(b, "</span> ");
	html_txt(b, err);
	html_raw(b, "</p>");
}

void form_error_message(struct app_request *ar, const char *field, const char *err)
{
	error_message(ar, field, err);
}

/* hint_error writes field's hint and error message (each when not NULL). */
static void hint_error(struct app_request *ar, const char *field, const char *hint, const char *err)
{
	struct buf *b = &ar->resp->body;

	if (hint) {
		html_raw(b, "<p class=\"hint\" id=\"h-");
		html_attr(b, field);
		html_raw(b, "\">");
		html_txt(b, hint);
		html_raw(b, "</p>");
	}
	if (err)
		error_message(ar, field, err);
}

/* label_hint_error writes the label, hint and error message that go before a control. */
static void label_hint_error(struct app_request *ar, const char *field, const char *label,
			     const char *hint, const char *err, int required)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<label for=\"f-");
	html_attr(b, field);
	html_raw(b, "\">");
	html_txt(b, label);
	if (required) {
		html_raw(b, " <span class=\"muted\">(");
		html_txt(b, T(ar, "required"));
		html_raw(b, ")</span>");
	}
	html_raw(b, "</label>");
	hint_error(ar, field, hint, err);
}

/* text_field writes a one-line input; extra is trusted markup (attributes). */
static void text_field(struct app_request *ar, const struct form_errors *errs, const char *field,
		       const char *label, const char *hint, const char *value, const char *extra,
		       int required)
{
	struct buf *b = &ar->resp->body;
	const char *err = error_for(errs, field);

	label_hint_error(ar, field, label, hint, err, required);
	html_raw(b, "<input type=\"text\" id=\"f-");
	html_attr(b, field);
	html_raw(b, "\" name=\"");
	html_attr(b, field);
	html_raw(b, "\" value=\"");
	html_attr(b, value ? value : "");
	html_raw(b, "\"");
	html_raw(b, extra ? extra : "");
	describe(b, field, hint != NULL, err);
	html_raw(b, ">");
}

static void textarea_field(struct app_request *ar, const struct form_errors *errs,
			   const char *field, const char *label, const char *hint,
			   const char *value, int rows)
{
	struct buf *b = &ar->resp->body;
	const char *err = error_for(errs, field);

	label_hint_error(ar, field, label, hint, err, 0);
	html_raw(b, "<textarea id=\"f-");
	html_attr(b, field);
	html_raw(b, "\" name=\"");
	html_attr(b, field);
	html_rawf(b, "\" rows=\"%d\"", rows);
	describe(b, field, hint != NULL, err);
	/* A newline right after the tag would be dropped by the parser: write one first. */
	html_raw(b, ">\n");
	html_txt(b, value);
	html_raw(b, "</textarea>");
}

/* select_field writes a select of the values of list (labels from form_enum_label). */
static void select_field(struct app_request *ar, const struct form_errors *errs, const char *field,
			 const char *label, const char *hint, const char *const *list,
			 const char *value)
{
	struct buf *b = &ar->resp->body;
	const char *err = error_for(errs, field);

	label_hint_error(ar, field, label, hint, err, 0);
	html_raw(b, "<select id=\"f-");
	html_attr(b, field);
	html_raw(b, "\" name=\"");
	html_attr(b, field);
	html_raw(b, "\"");
	describe(b, field, hint != NULL, err);
	html_raw(b, "><option value=\"\">");
	html_txt(b, T(ar, "(not given)"));
	html_raw(b, "</option>");
	for (; *list; list++) {
		html_raw(b, "<option value=\"");
		html_attr(b, *list);
		html_raw(b, value && strcmp(value, *list) == 0 ? "\" selected>" : "\">");
		html_txt(b, form_enum_label(ar, *list));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select>");
}

static int has_country(const struct initiative *ini, const char *iso2)
{
	for (size_t i = 0; i < ini->ncountries; i++)
		if (strcmp(ini->countries[i], iso2) == 0)
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

/* checkbox writes one labelled checkbox; id is "prefix-value". */
static void checkbox(struct buf *b, const char *name, const char *prefix, const char *value,
		     int checked, const char *code_label, const char *title)
{
	html_raw(b, "<div class=\"check\"><input type=\"checkbox\" id=\"");
	html_attr(b, prefix);
	html_raw(b, "-");
	html_attr(b, value);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\" value=\"");
	html_attr(b, value);
	html_raw(b, checked ? "\" checked> <label for=\"" : "\"> <label for=\"");
	html_attr(b, prefix);
	html_raw(b, "-");
	html_attr(b, value);
	html_raw(b, "\">");
	if (code_label) {
		html_txt(b, code_label);
		html_raw(b, " ");
	}
	html_txt(b, title);
	html_raw(b, "</label></div>");
}

/*
 * fieldset_open writes a fieldset with legend, hint and error for field. A group cannot be
 * aria-invalid: its description names the error instead. err_ref names an error message
 * written elsewhere that concerns this group too (the tags' one), or is NULL.
 */
static void fieldset_open(struct app_request *ar, const char *field, const char *legend,
			  const char *hint, const char *err, const char *err_ref)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<fieldset id=\"f-");
	html_attr(b, field);
	html_raw(b, "\"");
	if (hint || err || err_ref) {
		html_raw(b, " aria-describedby=\"");
		if (hint) {
			html_raw(b, "h-");
			html_attr(b, field);
		}
		if (err) {
			html_raw(b, hint ? " e-" : "e-");
			html_attr(b, field);
		}
		if (err_ref) {
			html_raw(b, hint || err ? " " : "");
			html_attr(b, err_ref);
		}
		html_raw(b, "\"");
	}
	html_raw(b, "><legend>");
	html_txt(b, legend);
	html_raw(b, "</legend>");
	hint_error(ar, field, hint, err);
}

static void render_countries(struct app_request *ar, const struct form_refs *r,
			     const struct initiative *ini, const struct form_errors *errs)
{
	struct buf *b = &ar->resp->body;

	fieldset_open(ar, "countries", T(ar, "Countries"),
		      T(ar, "Where the initiative takes place. Open a region to choose."),
		      error_for(errs, "countries"), NULL);
	/* One group per M49 region, then the countries in none of them. */
	for (size_t g = 0; g <= r->region.n; g++) {
		const struct fw_item *reg = g < r->region.n ? &r->region.v[g] : NULL;
		size_t chosen = 0, total = 0;

		if (reg && (!reg->attr || strcmp(reg->attr, "region") != 0))
			continue;
		for (size_t i = 0; i < r->countries.n; i++) {
			const struct country *c = r->by_name[i];
			int in = reg ? strcmp(c->m49_region, reg->code) == 0
				     : fw_catalog_index(&r->region, c->m49_region) < 0;

			if (in) {
				total++;
				chosen += has_country(ini, c->iso2);
			}
		}
		if (!total)
			continue;
		html_raw(b, chosen ? "<details open><summary>" : "<details><summary>");
		html_txt(b, reg ? reg->title[0] : T(ar, "Other"));
		if (chosen)
			html_rawf(b, " (%zu)", chosen);
		html_raw(b, "</summary>");
		for (size_t i = 0; i < r->countries.n; i++) {
			const struct country *c = r->by_name[i];
			int in = reg ? strcmp(c->m49_region, reg->code) == 0
				     : fw_catalog_index(&r->region, c->m49_region) < 0;

			if (in)
				checkbox(b, "countries", "c", c->iso2, has_country(ini, c->iso2),
					 NULL, c->name[0] ? c->name[0] : c->iso2);
		}
		html_raw(b, "</details>");
	}
	html_raw(b, "</fieldset>");
}

static void render_org(struct app_request *ar, const struct form_refs *r,
		       const struct initiative *ini, const struct form_errors *errs)
{
	struct buf *b = &ar->resp->body;
	const char *err = error_for(errs, "organisation_country");

	html_raw(b, "<fieldset class=\"group\"><legend>");
	html_txt(b, T(ar, "Organisation"));
	html_raw(b, "</legend>");
	text_field(ar, errs, "organisation", T(ar, "Name"),
		   T(ar, "Choose an organisation that is already listed, or type the name of a "
			 "new one and give its details below. A listed organisation keeps the "
			 "details it has."),
		   ini->org.name, " list=\"orgs\" autocomplete=\"organization\"", 0);
	html_raw(b, "<datalist id=\"orgs\">");
	for (size_t i = 0; i < r->norgs; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, r->orgs[i]);
		html_raw(b, "\"></option>");
	}
	html_raw(b, "</datalist>");
	select_field(ar, errs, "organisation_type", T(ar, "Type of the organisation"), NULL,
		     ini_stakeholder_types, ini->org.stakeholder_type);
	label_hint_error(ar, "organisation_country", T(ar, "Country of the organisation"), NULL,
			 err, 0);
	html_raw(b, "<select id=\"f-organisation_country\" name=\"organisation_country\"");
	describe(b, "organisation_country", 0, err);
	html_raw(b, "><option value=\"\">");
	html_txt(b, T(ar, "(not given)"));
	html_raw(b, "</option>");
	for (size_t i = 0; i < r->countries.n; i++) {
		const struct country *c = r->by_name[i];

		html_raw(b, "<option value=\"");
		html_attr(b, c->iso2);
		html_raw(b, ini->org.country && strcmp(ini->org.country, c->iso2) == 0
				? "\" selected>"
				: "\">");
		html_txt(b, c->name[0] ? c->name[0] : c->iso2);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select>");
	text_field(ar, errs, "organisation_website", T(ar, "Website of the organisation"),
		   T(ar, "Starts with https:// or http://"), ini->org.website,
		   " inputmode=\"url\" maxlength=\"2000\"", 0);
	html_raw(b, "</fieldset>");
}

void form_render_fields(struct app_request *ar, const struct form_refs *r,
			const struct initiative *ini, const struct form_errors *errs)
{
	struct buf *b = &ar->resp->body;
	const char *date_hint = T(ar, "A year (2019), a month (2019-03) or a day (2019-03-15).");

	text_field(ar, errs, "title", T(ar, "Title"), NULL, ini->title,
		   " maxlength=\"500\" required", 1);
	textarea_field(ar, errs, "summary", T(ar, "Summary"),
		       T(ar, "One or two sentences: what it does, and for whom."), ini->summary, 3);
	textarea_field(ar, errs, "description", T(ar, "Description"),
		       T(ar, "The full story: aims, activities, results. Markdown is allowed."),
		       ini->description, 10);
	render_org(ar, r, ini, errs);
	select_field(ar, errs, "stakeholder_type", T(ar, "Stakeholder type"),
		     T(ar, "Who leads the initiative. When not given, the type of the "
			   "organisation is used."),
		     ini_stakeholder_types, ini->stakeholder_type);
	render_countries(ar, r, ini, errs);
	select_field(ar, errs, "scope", T(ar, "Scope"), NULL, ini_scopes, ini->scope);
	text_field(ar, errs, "start_date", T(ar, "Start date"), date_hint, ini->start_date,
		   " inputmode=\"numeric\" maxlength=\"10\" size=\"10\"", 0);
	text_field(ar, errs, "end_date", T(ar, "End date"), date_hint, ini->end_date,
		   " inputmode=\"numeric\" maxlength=\"10\" size=\"10\"", 0);
	select_field(ar, errs, "status", T(ar, "Status"), NULL, ini_statuses, ini->status);
	text_field(ar, errs, "url", T(ar, "Web address"),
		   T(ar, "Where to read more. Starts with https:// or http://"), ini->url,
		   " inputmode=\"url\" maxlength=\"2000\"", 0);
	text_field(ar, errs, "language", T(ar, "Language"),
		   T(ar, "The language this description is written in: a two-letter code such as "
			 "en, fr or es."),
		   ini->language, " list=\"languages\" maxlength=\"2\" size=\"4\"", 0);
	html_raw(b, "<datalist id=\"languages\">");
	for (size_t i = 0; i < sizeof languages / sizeof *languages; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, languages[i][0]);
		html_raw(b, "\">");
		html_txt(b, languages[i][1]);
		html_raw(b, "</option>");
	}
	html_raw(b, "</datalist>");
}

void form_render_tags(struct app_request *ar, const struct form_refs *r,
		      const struct initiative *ini, const struct form_errors *errs)
{
	struct buf *b = &ar->resp->body;
	const char *err = error_for(errs, "tags"), *ref = err ? "e-tags" : NULL;

	html_raw(b, "<div id=\"f-tags\" class=\"tag-fields\">");
	if (err)
		error_message(ar, "tags", err);
	fieldset_open(ar, "sdg", T(ar, "Sustainable Development Goals"),
		      T(ar, "The goals the initiative contributes to."), NULL, ref);
	for (size_t i = 0; i < r->sdg.n; i++) {
		const struct fw_item *g = &r->sdg.v[i];

		checkbox(b, "sdg", "sdg", g->code, has_tag(ini, "sdg", g->code),
			 arena_sprintf(ar->req->arena, "%s %s", T(ar, "SDG"), g->code),
			 g->short_title[0] ? g->short_title[0] : g->title[0]);
	}
	html_raw(b, "</fieldset>");
	fieldset_open(ar, "sdg_target", T(ar, "SDG targets"),
		      T(ar, "Optional: the targets within the goals. Open a goal to choose."), NULL,
		      ref);
	for (size_t i = 0; i < r->sdg.n; i++) {
		const struct fw_item *g = &r->sdg.v[i];
		size_t chosen = 0;

		for (size_t j = 0; j < r->target.n; j++)
			if (r->target.v[j].parent && strcmp(r->target.v[j].parent, g->code) == 0)
				chosen += has_tag(ini, "sdg_target", r->target.v[j].code);
		html_raw(b, chosen ? "<details open><summary>" : "<details><summary>");
		html_txt(b, T(ar, "SDG"));
		html_raw(b, " ");
		html_txt(b, g->code);
		html_raw(b, ": ");
		html_txt(b, g->short_title[0] ? g->short_title[0] : g->title[0]);
		if (chosen)
			html_rawf(b, " (%zu)", chosen);
		html_raw(b, "</summary>");
		for (size_t j = 0; j < r->target.n; j++) {
			const struct fw_item *t = &r->target.v[j];

			if (t->parent && strcmp(t->parent, g->code) == 0)
				checkbox(b, "sdg_target", "t", t->code,
					 has_tag(ini, "sdg_target", t->code), t->code, t->title[0]);
		}
		html_raw(b, "</details>");
	}
	html_raw(b, "</fieldset>");
	fieldset_open(ar, "action_line", T(ar, "WSIS Action Lines"), NULL, NULL, ref);
	for (size_t i = 0; i < r->action_line.n; i++) {
		const struct fw_item *l = &r->action_line.v[i];
		const char *title = l->short_title[0] ? l->short_title[0] : l->title[0];

		if (l->parent && *l->parent)
			continue; /* under its group below */
		if (!l->is_group) {
			checkbox(b, "action_line", "al", l->code,
				 has_tag(ini, "action_line", l->code), l->code, title);
			continue;
		}
		html_raw(b, "<fieldset class=\"sub\"><legend>");
		html_txt(b, l->code);
		html_raw(b, " ");
		html_txt(b, title);
		html_raw(b, "</legend>");
		for (size_t j = 0; j < r->action_line.n; j++) {
			const struct fw_item *s = &r->action_line.v[j];

			if (s->parent && strcmp(s->parent, l->code) == 0)
				checkbox(b, "action_line", "al", s->code,
					 has_tag(ini, "action_line", s->code), s->code,
					 s->short_title[0] ? s->short_title[0] : s->title[0]);
		}
		html_raw(b, "</fieldset>");
	}
	html_raw(b, "</fieldset>");
	fieldset_open(ar, "gdc", T(ar, "Global Digital Compact objectives"), NULL, NULL, ref);
	for (size_t i = 0; i < r->gdc.n; i++) {
		const struct fw_item *o = &r->gdc.v[i];

		checkbox(b, "gdc", "gdc", o->code, has_tag(ini, "gdc", o->code), o->code,
			 o->title[0]);
	}
	html_raw(b, "</fieldset></div>");
}

const char *form_enum_label(struct app_request *ar, const char *v)
{
	/* what the submitter and the moderators call a rejection */
	if (v && strcmp(v, "rejected") == 0)
		return T(ar, "Sent back");
	return page_value_label(ar, v);
}

void form_tag_label(struct app_request *ar, const struct form_refs *r, const char *scheme,
		    const char *code)
{
	struct buf *b = &ar->resp->body;
	const struct fw_catalog *c = strcmp(scheme, "sdg") == 0           ? &r->sdg
				     : strcmp(scheme, "sdg_target") == 0  ? &r->target
				     : strcmp(scheme, "action_line") == 0 ? &r->action_line
				     : strcmp(scheme, "gdc") == 0         ? &r->gdc
									  : NULL;
	const struct fw_item *it = c ? fw_catalog_find(c, code) : NULL;

	if (strcmp(scheme, "sdg") == 0)
		html_txt(b, T(ar, "SDG"));
	else if (strcmp(scheme, "sdg_target") == 0)
		html_txt(b, T(ar, "Target"));
	else if (strcmp(scheme, "gdc") == 0)
		html_txt(b, T(ar, "GDC objective"));
	else if (strcmp(scheme, "action_line") == 0)
		html_txt(b, T(ar, "Action Line"));
	else
		html_txt(b, scheme);
	html_raw(b, " ");
	html_txt(b, code);
	if (it) {
		html_raw(b, ": ");
		html_txt(b, it->short_title[0] ? it->short_title[0] : it->title[0]);
	}
}
