/*
 * initiative_form_check.c - reading the posted form of an initiative into a record, and
 * checking it so that every wrong field gets its own message in plain words (see
 * initiative_form.h).
 */
#include "pages/initiative_form.h"

#include "core/text.h"
#include "core/utc.h"
#include "io/import.h"

#include <stddef.h>
#include <string.h>

/* ---- reading ---- */

/* form_text returns the trimmed value of field name, NULL when absent or empty. */
static const char *form_text(struct app_request *ar, const char *name, int multiline)
{
	const char *v = http_form(ar->req, name);
	char *c, *w;

	if (!v || !(c = arena_strdup(ar->req->arena, v)))
		return NULL;
	if (multiline) { /* browsers send CR LF; keep LF */
		w = c;
		for (const char *p = c; *p; p++)
			if (!(*p == '\r' && p[1] == '\n'))
				*w++ = *p;
		*w = '\0';
	}
	text_trim_in_place(c);
	return *c ? c : NULL;
}

static void list_error(struct app_request *ar, struct form_errors *errs, const char *field)
{
	struct errinfo e;

	errinfo_set(&e, ERR_TOO_LARGE, field, "%s has too many items", field);
	form_error_add(ar, errs, &e, NULL);
}

static const char *const tag_fields[] = {"sdg", "sdg_target", "action_line", "gdc"};

void form_read_tags(struct app_request *ar, struct initiative *ini, const char *origin,
		    struct form_errors *errs)
{
	const struct http_params *f = &ar->req->form;

	ini->tags = NULL;
	ini->ntags = ini->captags = 0;
	for (size_t k = 0; k < 4; k++)
		for (size_t i = 0; i < f->n; i++) {
			if (strcmp(f->v[i].name, tag_fields[k]) != 0 || !*f->v[i].value)
				continue;
			if (ini_add_tag(ini, ar->req->arena, tag_fields[k], f->v[i].value, origin,
					0, 0)) {
				list_error(ar, errs, "tags");
				return;
			}
		}
}

void form_read(struct app_request *ar, struct initiative *ini, const char *origin,
	       struct form_errors *errs)
{
	const struct http_params *f = &ar->req->form;

	ini->title = form_text(ar, "title", 0);
	ini->summary = form_text(ar, "summary", 1);
	ini->description = form_text(ar, "description", 1);
	ini->org.name = form_text(ar, "organisation", 0);
	ini->org.stakeholder_type = form_text(ar, "organisation_type", 0);
	ini->org.country = form_text(ar, "organisation_country", 0);
	ini->org.website = form_text(ar, "organisation_website", 0);
	ini->stakeholder_type = form_text(ar, "stakeholder_type", 0);
	ini->scope = form_text(ar, "scope", 0);
	ini->start_date = form_text(ar, "start_date", 0);
	ini->end_date = form_text(ar, "end_date", 0);
	ini->status = form_text(ar, "status", 0);
	ini->url = form_text(ar, "url", 0);
	ini->language = form_text(ar, "language", 0);
	ini->countries = NULL;
	ini->ncountries = ini->capcountries = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->v[i].name, "countries") != 0 || !*f->v[i].value)
			continue;
		if (ini_add_country(ini, ar->req->arena, f->v[i].value)) {
			list_error(ar, errs, "countries");
			break;
		}
	}
	form_read_tags(ar, ini, origin, errs);
}

/* ---- checking ---- */

/* set_aside clears (or, when required, fills in) field in t; 0 when it is not one we know. */
static int set_aside(struct initiative *t, const char *field)
{
	static const struct {
		const char *name;
		size_t off;
	} opt[] = {
#define F(n, m) {n, offsetof(struct initiative, m)}
	    F("summary", summary),
	    F("description", description),
	    F("stakeholder_type", stakeholder_type),
	    F("scope", scope),
	    F("start_date", start_date),
	    F("end_date", end_date),
	    F("status", status),
	    F("url", url),
	    F("language", language),
	    F("organisation_type", org.stakeholder_type),
	    F("organisation_country", org.country),
	    F("organisation_website", org.website),
#undef F
	};

	for (size_t i = 0; i < sizeof opt / sizeof *opt; i++)
		if (strcmp(field, opt[i].name) == 0) {
			*(const char **)((char *)t + opt[i].off) = NULL;
			return 1;
		}
	if (strcmp(field, "title") == 0)
		t->title = "-";
	else if (strcmp(field, "organisation") == 0)
		t->org.name = "-";
	else if (strcmp(field, "state") == 0)
		t->state = "submitted";
	else if (strcmp(field, "countries") == 0)
		t->ncountries = 0;
	else if (strcmp(field, "tags") == 0)
		t->ntags = 0;
	else if (strcmp(field, "regions") == 0)
		t->nregions = 0;
	else if (strcmp(field, "sectors") == 0)
		t->nsectors = 0;
	else if (strcmp(field, "partners") == 0)
		t->npartners = 0;
	else if (strcmp(field, "source") == 0 || strcmp(field, "source_id") == 0)
		t->source = t->source_id = NULL;
	else
		return 0;
	return 1;
}

static int has_error(const struct form_errors *errs, const char *field)
{
	for (size_t i = 0; i < errs->n; i++)
		if (errs->v[i].field && field && strcmp(errs->v[i].field, field) == 0)
			return 1;
	return 0;
}

void form_check(struct app_request *ar, const struct initiative *ini, struct form_errors *errs)
{
	struct initiative t = *ini;
	struct errinfo e;

	for (int i = 0; i < FORM_MAX_ERRORS; i++) {
		errinfo_clear(&e);
		if (import_check_record(ar->store, &t, &e) == 0)
			return;
		if (e.field[0] && has_error(errs, e.field))
			return; /* setting it aside did not help: stop rather than loop */
		form_error_add(ar, errs, &e, ini);
		if (!e.field[0] || !set_aside(&t, e.field))
			return;
	}
}

/* too_long writes the message for a text over its limit. */
static const char *too_long(struct app_request *ar, const char *value, size_t limit)
{
	size_t n = value && text_utf8_valid(value, strlen(value)) ? text_utf8_len(value) : 0;

	return arena_sprintf(ar->req->arena,
			     T(ar, "This is too long: %zu characters, and at most %zu are "
				   "allowed."),
			     n, limit);
}

/* friendly returns a message for e in plain words, or NULL to use the checker's own. */
static const char *friendly(struct app_request *ar, const struct errinfo *e,
			    const struct initiative *ini)
{
	const char *f = e->field;

	if (e->code == ERR_TOO_LARGE && ini) {
		if (strcmp(f, "title") == 0)
			return too_long(ar, ini->title, INI_MAX_TITLE);
		if (strcmp(f, "summary") == 0)
			return too_long(ar, ini->summary, INI_MAX_SUMMARY);
		if (strcmp(f, "description") == 0)
			return too_long(ar, ini->description, INI_MAX_DESCRIPTION);
		if (strcmp(f, "url") == 0)
			return too_long(ar, ini->url, INI_MAX_URL);
		if (strcmp(f, "organisation_website") == 0)
			return too_long(ar, ini->org.website, INI_MAX_URL);
		if (strcmp(f, "organisation") == 0)
			return too_long(ar, ini->org.name, INI_MAX_NAME);
	}
	if (e->code == ERR_TOO_LARGE)
		return T(ar, "Too many are chosen here.");
	if (e->code != ERR_INVALID)
		return NULL;
	if (strcmp(f, "title") == 0)
		return T(ar, "Give the initiative a title.");
	if (strcmp(f, "url") == 0 || strcmp(f, "organisation_website") == 0)
		return T(ar, "Give a web address that starts with http:// or https://, without "
			     "spaces.");
	if (strcmp(f, "start_date") == 0 || strcmp(f, "end_date") == 0) {
		const char *v = !ini ? NULL : f[0] == 's' ? ini->start_date : ini->end_date;

		if (f[0] == 'e' && v && utc_valid_partial_date(v))
			return T(ar, "The end date cannot be before the start date.");
		return T(ar, "Give a real date as a year (2019), a month (2019-03) or a day "
			     "(2019-03-15).");
	}
	if (strcmp(f, "countries") == 0)
		return T(ar, "Choose the countries from the list.");
	if (strcmp(f, "organisation_country") == 0)
		return T(ar, "Choose the country from the list.");
	if (strcmp(f, "stakeholder_type") == 0 || strcmp(f, "organisation_type") == 0 ||
	    strcmp(f, "scope") == 0 || strcmp(f, "status") == 0 || strcmp(f, "state") == 0)
		return T(ar, "Choose one of the options in the list.");
	if (strcmp(f, "language") == 0)
		return T(ar, "Give a two-letter language code such as en, fr or es.");
	if (strcmp(f, "organisation") == 0)
		return T(ar, "Give the name of the organisation, or leave all its fields empty.");
	if (strcmp(f, "tags") == 0)
		return T(ar, "Choose the codes from the lists.");
	if (strcmp(f, "summary") == 0 || strcmp(f, "description") == 0)
		return T(ar, "This text has characters that cannot be stored.");
	return NULL;
}

void form_error_add(struct app_request *ar, struct form_errors *errs, const struct errinfo *e,
		    const struct initiative *ini)
{
	const char *msg = e->field[0] ? friendly(ar, e, ini) : NULL;

	if (errs->n >= FORM_MAX_ERRORS)
		return;
	errs->v[errs->n].field = e->field[0] ? arena_strdup(ar->req->arena, e->field) : NULL;
	errs->v[errs->n].message = msg ? msg : arena_strdup(ar->req->arena, e->msg);
	errs->n++;
}
