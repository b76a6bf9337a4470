/*
 * page_initiative_history.c - the versions of an initiative on its page: when each was
 * made, by whom, and what changed from the version before, field by field (the stored
 * JSON documents compared with record_diff).
 *
 * Who made a change is an account's email or a tool ("import", "cli"). Emails are shown
 * only to moderators; everyone else reads "a registered user", so the page does not
 * publish addresses.
 */
#include "pages/page_initiative.h"

#include "core/i18n.h"
#include "domain/record_diff.h"
#include "pages/fragments.h"

#include <jansson.h>
#include <string.h>

#define HISTORY_MAX 20  /* versions shown */
#define VALUE_SHOWN 160 /* bytes of an old or new text value shown */

/* The record's fields by their labels, in the order of the record format. */
static const char *const field_labels[][2] = {
    {"source", N_("Source")},
    {"source_id", N_("Identifier at the source")},
    {"title", N_("Title")},
    {"summary", N_("Summary")},
    {"description", N_("Description")},
    {"organisation", N_("Organisation")},
    {"name", N_("Name")},
    {"country", N_("Country")},
    {"website", N_("Website")},
    {"stakeholder_type", N_("Stakeholder type")},
    {"countries", N_("Countries")},
    {"regions", N_("Regions")},
    {"sectors", N_("Sectors")},
    {"partners", N_("Partners")},
    {"scope", N_("Scope")},
    {"start_date", N_("Start")},
    {"end_date", N_("End")},
    {"status", N_("Status")},
    {"url", N_("Website")},
    {"language", N_("Language of the text")},
    {"state", N_("State")},
    {"tags", N_("Framework tags")},
};

static const char *field_label(const struct app_request *ar, const char *field)
{
	for (size_t i = 0; i < sizeof field_labels / sizeof *field_labels; i++)
		if (strcmp(field_labels[i][0], field) == 0)
			return T(ar, field_labels[i][1]);
	return field;
}

struct diff_out {
	struct ini_view *v;
	const char *parent; /* "organisation" while comparing its fields */
};

/* value writes a scalar JSON value as short text. */
static void value(struct diff_out *d, json_t *j)
{
	struct buf *b = d->v->b;

	if (!j || json_is_null(j)) {
		html_raw(b, "<em>");
		html_txt(b, T(d->v->ar, "none"));
		html_raw(b, "</em>");
	} else if (json_is_string(j)) {
		const char *s = json_string_value(j);
		const char *shown = page_value_label(d->v->ar, s);

		html_raw(b, "“");
		html_txt_n(b, shown, VALUE_SHOWN);
		html_raw(b, strlen(shown) > VALUE_SHOWN ? "…”" : "”");
	} else if (json_is_number(j)) {
		html_rawf(b, "%g", json_number_value(j));
	} else {
		html_txt(b, T(d->v->ar, "(changed)"));
	}
}

/* item writes one element of a list field: a code, a partner or a tag. */
static void item(struct diff_out *d, json_t *j)
{
	struct buf *b = d->v->b;

	if (json_is_string(j)) {
		html_txt(b, json_string_value(j));
	} else if (json_is_object(j) && json_object_get(j, "scheme")) {
		const char *origin = json_string_value(json_object_get(j, "origin"));

		html_txt(b, json_string_value(json_object_get(j, "scheme")));
		html_raw(b, " ");
		html_txt(b, json_string_value(json_object_get(j, "code")));
		if (origin) {
			html_raw(b, " (");
			html_txt(b, origin);
			html_raw(b, ")");
		}
	} else if (json_is_object(j)) {
		const char *role = json_string_value(json_object_get(j, "role"));

		html_txt(b, json_string_value(json_object_get(j, "name")));
		if (role) {
			html_raw(b, " (");
			html_txt(b, role);
			html_raw(b, ")");
		}
	}
}

static int list_item(void *ud, json_t *j, int added)
{
	struct diff_out *d = ud;
	struct buf *b = d->v->b;

	html_raw(b, added ? "<li class=\"added\">" : "<li class=\"removed\">");
	html_txt(b, added ? T(d->v->ar, "added:") : T(d->v->ar, "removed:"));
	html_raw(b, " ");
	item(d, j);
	html_raw(b, "</li>");
	return 0;
}

static int change(void *ud, const char *field, json_t *before, json_t *after)
{
	struct diff_out *d = ud;
	struct app_request *ar = d->v->ar;
	struct buf *b = d->v->b;

	if (json_is_object(before) || json_is_object(after)) {
		/* the organisation: one line per changed field of it */
		struct diff_out sub = {d->v, field};
		return record_diff(before, after, change, &sub);
	}
	html_raw(b, "<li><span class=\"field\">");
	if (d->parent) {
		html_txt(b, field_label(ar, d->parent));
		html_raw(b, " – ");
	}
	html_txt(b, field_label(ar, field));
	html_raw(b, "</span>: ");
	if (json_is_array(before) || json_is_array(after)) {
		html_raw(b, "<ul>");
		record_diff_items(before, after, list_item, d);
		html_raw(b, "</ul>");
	} else if (strcmp(field, "description") == 0) {
		html_txt(b, T(ar, "changed"));
	} else {
		value(d, before);
		html_raw(b, " → ");
		value(d, after);
	}
	html_raw(b, "</li>");
	return 0;
}

/* who writes the author of a version as the viewer may see it. */
static void who(struct ini_view *v, const char *actor)
{
	struct app_request *ar = v->ar;

	if (strcmp(actor, "import") == 0 || strncmp(actor, "import:", 7) == 0)
		html_txt(v->b, T(ar, "a data import"));
	else if (strcmp(actor, "cli") == 0 || strcmp(actor, "system") == 0)
		html_txt(v->b, T(ar, "the platform's administrators"));
	else if (ar->user.role >= ROLE_MODERATOR || !strchr(actor, '@'))
		html_txt(v->b, actor);
	else if (ar->user.email && strcmp(ar->user.email, actor) == 0)
		html_txt(v->b, T(ar, "you"));
	else
		html_txt(v->b, T(ar, "a registered user"));
}

int ini_view_history(struct ini_view *v)
{
	struct app_request *ar = v->ar;
	struct store_revision *revs;
	struct buf *b = v->b;
	size_t n;
	int rc;

	/* one more than shown, to compare the oldest shown with the version before it */
	if ((rc = store_revision_list(ar->store, v->ini.id, HISTORY_MAX + 1, ar->req->arena, &revs,
				      &n)))
		return rc;
	html_raw(b, "<h2 id=\"history\">");
	html_txt(b, T(ar, "History"));
	html_raw(b, "</h2><ol class=\"history\" reversed>");
	for (size_t i = n; i-- > 0;) {
		const struct store_revision *r = &revs[i];
		json_t *before, *after;
		struct diff_out d = {v, NULL};

		if (i == 0 && r->rev != 1)
			break; /* only there to compare the next one with */
		html_rawf(b, "<li value=\"%lld\"><p>", (long long)r->rev);
		ini_view_time(b, r->created_at);
		html_raw(b, " · ");
		who(v, r->actor);
		html_raw(b, "</p>");
		if (r->rev == 1) {
			html_raw(b, "<p>");
			html_txt(b, T(ar, "First version."));
			html_raw(b, "</p></li>");
			continue;
		}
		before = json_loads(revs[i - 1].doc, 0, NULL);
		after = json_loads(r->doc, 0, NULL);
		html_raw(b, "<ul class=\"changes\">");
		if (before && after)
			record_diff(before, after, change, &d);
		html_raw(b, "</ul></li>");
		json_decref(before);
		json_decref(after);
	}
	html_raw(b, "</ol>");
	if (n > HISTORY_MAX || (n && revs[0].rev != 1)) {
		html_raw(b, "<p class=\"muted\">");
		html_txt(b, T(ar, "Older versions are not shown."));
		html_raw(b, "</p>");
	}
	return 0;
}
