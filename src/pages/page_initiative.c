/*
 * page_initiative.c - the page of one initiative: every field of the record, its framework
 * tags grouped by framework and marked by where they came from, its history, related
 * initiatives, and the record as JSON-LD (schema.org) for machines.
 *
 * Unpublished initiatives are shown only to their submitter and to moderators (see
 * app/initiative_access.h), with a notice of their state.
 */
#include "pages/pages.h"

#include "app/initiative_access.h"
#include "app/search_request.h"
#include "core/i18n.h"
#include "core/log.h"
#include "frameworks/catalog.h"
#include "pages/fragments.h"
#include "pages/page_initiative.h"

#include <stdlib.h>
#include <string.h>

#define RELATED_MAX 5

/* The six UN languages by their own names; other codes are shown as they are. */
static const char *language_name(const char *code)
{
	static const char *const names[][2] = {{"en", "English"}, {"fr", "Français"},
					       {"es", "Español"}, {"ru", "Русский"},
					       {"ar", "العربية"}, {"zh", "中文"}};

	for (size_t i = 0; code && i < sizeof names / sizeof *names; i++)
		if (strcmp(names[i][0], code) == 0)
			return names[i][1];
	return code;
}

void ini_view_time(struct buf *b, const char *iso)
{
	size_t n = iso ? strlen(iso) : 0;

	html_raw(b, "<time datetime=\"");
	html_attr(b, iso);
	html_raw(b, "\">");
	if (n == 20 && iso[10] == 'T' && iso[19] == 'Z') {
		/* 2024-05-01T09:30:00Z as 2024-05-01 09:30 UTC */
		html_txt_n(b, iso, 10);
		html_raw(b, " ");
		html_txt_n(b, iso + 11, 5);
		html_raw(b, " UTC");
	} else {
		html_txt(b, iso);
	}
	html_raw(b, "</time>");
}

int ini_view_safe_url(const char *url)
{
	return url && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0);
}

/*
 * url_attr writes url for an href: the characters a URL may not contain (spaces, quotes,
 * <, >, backslash, ^, `, {, |, }) percent-encoded, as a browser would send them anyway, and
 * the rest escaped for the attribute.
 */
static void url_attr(struct buf *b, const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf t;

	buf_init(&t, 0);
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= ' ' || *p == 0x7f || strchr("\"<>\\^`{|}", *p)) {
			buf_putc(&t, '%');
			buf_putc(&t, hex[*p >> 4]);
			buf_putc(&t, hex[*p & 15]);
		} else {
			buf_putc(&t, (char)*p);
		}
	}
	html_attr(b, buf_cstr(&t));
	buf_cleanup(&t);
}

void ini_view_link_out(struct buf *b, const char *url, const char *text)
{
	if (!ini_view_safe_url(url)) {
		html_txt(b, text ? text : url);
		return;
	}
	html_raw(b, "<a href=\"");
	url_attr(b, url);
	html_raw(b, "\" rel=\"nofollow noopener\">");
	html_txt(b, text ? text : url);
	html_raw(b, "</a>");
}

/*
 * paragraphs writes text as paragraphs: a blank line starts a new one, a single line
 * break is kept as <br>. Everything is escaped.
 */
static void paragraphs(struct buf *b, const char *text)
{
	const char *p = text;

	while (p && *p) {
		const char *end;
		int first = 1;

		while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		html_raw(b, "<p>");
		for (;;) {
			const char *nl = strchr(p, '\n');
			const char *q;
			size_t len;

			end = nl ? nl : p + strlen(p);
			len = (size_t)(end - p);
			if (len && p[len - 1] == '\r')
				len--;
			if (!first)
				html_raw(b, "<br>");
			first = 0;
			html_txt_n(b, p, len);
			if (!nl) {
				p = end;
				break;
			}
			p = nl + 1;
			/* a line of only white space ends the paragraph */
			for (q = p; *q == ' ' || *q == '\t' || *q == '\r'; q++)
				;
			if (*q == '\n' || !*q) {
				p = q;
				break;
			}
		}
		html_raw(b, "</p>");
	}
}

/* fact starts a row of the facts list with its label. */
static void fact(struct buf *b, const char *label)
{
	html_raw(b, "<dt>");
	html_txt(b, label);
	html_raw(b, "</dt><dd>");
}

static void region_link(struct buf *b, const struct fw_catalog *c, const char *code)
{
	const struct fw_item *it = fw_catalog_find(c, code);

	if (!it) {
		html_txt(b, code);
		return;
	}
	html_raw(b, "<a href=\"/frameworks/region/");
	html_url_arg(b, code);
	html_raw(b, "\">");
	html_txt(b, it->title[0]);
	html_raw(b, "</a>");
}

static void render_countries(struct ini_view *v)
{
	struct buf *b = v->b;
	struct app_request *ar = v->ar;
	const char *const cols[] = {T(ar, "Country"), T(ar, "UN M49 region"),
				    T(ar, "ITU-D region")};

	page_table_begin(ar, "countries", NULL, cols, 3, 0);
	for (size_t i = 0; i < v->ini.ncountries; i++) {
		const char *iso2 = v->ini.countries[i];
		const struct country *c = country_catalog_find(&v->countries, iso2);

		html_raw(b, "<tr><td><a href=\"/frameworks/country/");
		html_url_arg(b, iso2);
		html_raw(b, "\">");
		html_txt(b, c ? c->name[0] : iso2);
		html_raw(b, "</a> <span class=\"muted\">");
		html_txt(b, iso2);
		html_raw(b, "</span></td><td>");
		if (c && c->m49_region && *c->m49_region) {
			const char *sub =
			    *c->m49_intermediate ? c->m49_intermediate : c->m49_subregion;
			if (sub && *sub) {
				region_link(b, &v->m49, sub);
				html_raw(b, ", ");
			}
			region_link(b, &v->m49, c->m49_region);
		}
		html_raw(b, "</td><td>");
		if (c && c->itu_region && *c->itu_region)
			region_link(b, &v->itu, c->itu_region);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table>");
}

static void render_list(struct buf *b, const char *const *items, size_t n)
{
	html_raw(b, "<ul class=\"plain\">");
	for (size_t i = 0; i < n; i++) {
		html_raw(b, "<li>");
		html_txt(b, items[i]);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

/* render_regions shows M49:CODE regions by name (linked); other vocabularies as given. */
static void render_regions(struct ini_view *v)
{
	struct buf *b = v->b;

	html_raw(b, "<ul class=\"plain\">");
	for (size_t i = 0; i < v->ini.nregions; i++) {
		const char *r = v->ini.regions[i];

		html_raw(b, "<li>");
		if (strncmp(r, "M49:", 4) == 0 && fw_catalog_find(&v->m49, r + 4)) {
			region_link(b, &v->m49, r + 4);
			html_raw(b, " <span class=\"muted\">");
			html_txt(b, r);
			html_raw(b, "</span>");
		} else {
			html_txt(b, r);
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

static void render_facts(struct ini_view *v)
{
	struct app_request *ar = v->ar;
	const struct initiative *ini = &v->ini;
	struct buf *b = v->b;

	html_raw(b, "<h2 id=\"facts\">");
	html_txt(b, T(ar, "About this initiative"));
	html_raw(b, "</h2><dl class=\"facts\">");
	if (ini->org.name) {
		const struct country *c = country_catalog_find(&v->countries, ini->org.country);

		fact(b, T(ar, "Organisation"));
		if (ini->org.website)
			ini_view_link_out(b, ini->org.website, ini->org.name);
		else
			html_txt(b, ini->org.name);
		if (ini->org.stakeholder_type || ini->org.country) {
			html_raw(b, " <span class=\"muted\">(");
			html_txt(b, page_value_label(ar, ini->org.stakeholder_type));
			if (ini->org.stakeholder_type && ini->org.country)
				html_raw(b, ", ");
			if (ini->org.country) {
				html_raw(b, "<a href=\"/frameworks/country/");
				html_url_arg(b, ini->org.country);
				html_raw(b, "\">");
				html_txt(b, c ? c->name[0] : ini->org.country);
				html_raw(b, "</a>");
			}
			html_raw(b, ")</span>");
		}
		html_raw(b, "</dd>");
	}
	if (ini->stakeholder_type) {
		fact(b, T(ar, "Stakeholder type"));
		html_txt(b, page_value_label(ar, ini->stakeholder_type));
		html_raw(b, "</dd>");
	}
	if (ini->scope) {
		fact(b, T(ar, "Scope"));
		html_txt(b, page_value_label(ar, ini->scope));
		html_raw(b, "</dd>");
	}
	if (ini->status) {
		fact(b, T(ar, "Status"));
		html_txt(b, page_value_label(ar, ini->status));
		html_raw(b, "</dd>");
	}
	if (ini->start_date) {
		fact(b, T(ar, "Start"));
		html_raw(b, "<time>");
		html_txt(b, ini->start_date);
		html_raw(b, "</time></dd>");
	}
	if (ini->end_date) {
		fact(b, T(ar, "End"));
		html_raw(b, "<time>");
		html_txt(b, ini->end_date);
		html_raw(b, "</time></dd>");
	}
	if (ini->url) {
		fact(b, T(ar, "Website"));
		ini_view_link_out(b, ini->url, NULL);
		html_raw(b, "</dd>");
	}
	if (ini->language) {
		fact(b, T(ar, "Language of the text"));
		html_txt(b, language_name(ini->language));
		html_raw(b, "</dd>");
	}
	if (ini->npartners) {
		fact(b, T(ar, "Partners"));
		html_raw(b, "<ul class=\"plain\">");
		for (size_t i = 0; i < ini->npartners; i++) {
			html_raw(b, "<li>");
			html_txt(b, ini->partners[i].name);
			if (ini->partners[i].role) {
				html_raw(b, " <span class=\"muted\">(");
				html_txt(b, ini->partners[i].role);
				html_raw(b, ")</span>");
			}
			html_raw(b, "</li>");
		}
		html_raw(b, "</ul></dd>");
	}
	if (ini->nregions) {
		fact(b, T(ar, "Regions"));
		render_regions(v);
		html_raw(b, "</dd>");
	}
	if (ini->nsectors) {
		fact(b, T(ar, "Sectors"));
		render_list(b, ini->sectors, ini->nsectors);
		html_raw(b, "</dd>");
	}
	if (ini->source) {
		fact(b, T(ar, "Source"));
		html_txt(b, ini->source);
		html_raw(b, " <span class=\"muted\">");
		html_txt(b, ini->source_id);
		html_raw(b, "</span></dd>");
	}
	fact(b, T(ar, "Last changed"));
	ini_view_time(b, ini->updated_at);
	html_raw(b, "</dd></dl>");
	if (ini->ncountries) {
		html_raw(b, "<h2 id=\"countries\">");
		html_txt(b, TN(ar, "Country where it takes place", "Countries where it takes place",
			       (unsigned long)ini->ncountries));
		html_raw(b, "</h2>");
		render_countries(v);
	}
}

/* render_state tells the submitter or a moderator that this page is not public (yet). */
static void render_state(struct ini_view *v)
{
	struct app_request *ar = v->ar;
	struct buf *b = v->b;
	const char *state = v->acc.state;
	int bad = strcmp(state, "rejected") == 0;

	if (strcmp(state, "published") == 0)
		return;
	html_raw(b, bad ? "<div class=\"notice bad\" role=\"status\"><p>"
			: "<div class=\"notice\" role=\"status\"><p>");
	html_txt(b, T(ar, "This initiative is not public."));
	html_raw(b, " ");
	html_txt(b, T(ar, "State:"));
	html_raw(b, " <strong>");
	html_txt(b, page_value_label(ar, state));
	html_raw(b, "</strong>. ");
	if (strcmp(state, "submitted") == 0)
		html_txt(b, T(ar, "A moderator will review it before it is published."));
	else if (strcmp(state, "draft") == 0)
		html_txt(b, T(ar, "It has not been submitted for review yet."));
	else if (bad)
		html_txt(b, T(ar, "A moderator did not publish it."));
	else
		html_txt(b, T(ar, "It has been withdrawn from the public list."));
	html_raw(b, "</p>");
	if (v->acc.moderation_note) {
		html_raw(b, "<p><strong>");
		html_txt(b, T(ar, "The moderator's reason:"));
		html_raw(b, "</strong></p><blockquote>");
		paragraphs(b, v->acc.moderation_note);
		html_raw(b, "</blockquote>");
	}
	html_raw(b, "</div>");
}

static int add_related(void *ud, const struct store_ini_brief *r)
{
	page_initiative_item(ud, r->id, r->title, r->organisation, NULL);
	return 0;
}

static int render_related(struct ini_view *v)
{
	struct app_request *ar = v->ar;
	struct buf *b = v->b, items;
	int rc;

	/* Rendered aside first: no heading for an empty list. */
	buf_init(&items, 0);
	rc = search_request_related(ar, &v->ini, RELATED_MAX, add_related, &items);
	if (!rc && items.len) {
		html_raw(b, "<h2 id=\"related\">");
		html_txt(b, T(ar, "Related initiatives"));
		html_raw(b, "</h2><ul class=\"related\">");
		buf_append(b, items.data, items.len);
		html_raw(b, "</ul>");
	}
	buf_cleanup(&items);
	return rc;
}

/* The schemes of tags, in the order the page shows them. */
static const struct {
	const char *scheme, *heading, *href;
} tag_groups[] = {
    {"sdg", N_("Sustainable Development Goals"), "/frameworks/sdg/"},
    {"sdg_target", N_("SDG targets"), "/frameworks/sdg/"},
    {"action_line", N_("WSIS Action Lines"), "/frameworks/action-line/"},
    {"gdc", N_("Global Digital Compact objectives"), "/frameworks/gdc/"},
};

/* origin_mark writes the mark that says where a tag came from (explained by the legend). */
static void origin_mark(struct app_request *ar, struct buf *b, const struct tag *t)
{
	const char *o = t->origin ? t->origin : "submitter";

	html_raw(b, " <span class=\"origin\">");
	if (strcmp(o, "moderator") == 0) {
		html_raw(b, "<span aria-hidden=\"true\">✔</span><span class=\"visually-hidden\">");
		html_txt(b, T(ar, "(confirmed by a moderator)"));
		html_raw(b, "</span>");
	} else if (strcmp(o, "model") == 0) {
		html_raw(b, "<span aria-hidden=\"true\">⚙</span><span class=\"visually-hidden\">");
		html_txt(b, T(ar, "(suggested by the mapping model)"));
		html_raw(b, "</span>");
		if (t->has_score)
			html_rawf(b, " %d%%", (int)(t->score * 100.0 + 0.5));
	} else {
		html_raw(b, "<span aria-hidden=\"true\">✎</span><span class=\"visually-hidden\">");
		html_txt(b, T(ar, "(given by the submitter)"));
		html_raw(b, "</span>");
	}
	html_raw(b, "</span>");
}

static void render_legend(struct app_request *ar, struct buf *b)
{
	html_raw(b, "<h3>");
	html_txt(b, T(ar, "What the marks mean"));
	html_raw(b, "</h3><dl class=\"legend\"><dt>✎</dt><dd>");
	html_txt(b, T(ar, "given by the submitter"));
	html_raw(b, "</dd><dt>✔</dt><dd>");
	html_txt(b, T(ar, "confirmed by a moderator"));
	html_raw(b, "</dd><dt>⚙</dt><dd>");
	html_txt(b, T(ar, "suggested by the mapping model, with how confident it is"));
	html_raw(b, "</dd></dl>");
}

/* sdg_of returns the goal number of an SDG or a target code ("3" for "3.8"). */
static int sdg_of(const char *code)
{
	long n = strtol(code, NULL, 10);

	return n >= 1 && n <= 17 ? (int)n : 0;
}

static void render_tag(struct ini_view *v, size_t g, const struct tag *t)
{
	const struct fw_catalog *cats[] = {&v->sdg, &v->target, &v->al, &v->gdc};
	const struct fw_item *it = fw_catalog_find(cats[g], t->code);
	struct buf *b = v->b;
	int goal = g == 0 ? sdg_of(t->code) : 0;

	if (goal)
		html_rawf(b, "<li class=\"tag sdg sdg-%d\">", goal);
	else
		html_raw(b, g == 2 ? "<li class=\"tag\">" : "<li>");
	html_raw(b, "<a href=\"");
	html_raw(b, tag_groups[g].href);
	if (g == 1) {
		/* a target is shown on the page of its goal */
		html_rawf(b, "%d#target-", sdg_of(t->code));
		html_url_arg(b, t->code);
	} else {
		html_url_arg(b, t->code);
	}
	html_raw(b, "\">");
	if (g == 0) {
		html_txt(b, t->code);
		html_raw(b, ". ");
		html_txt(b, it && it->short_title[0] ? it->short_title[0] : it ? it->title[0] : "");
	} else {
		html_txt(b, g == 3 ? T(v->ar, "Objective") : NULL);
		html_raw(b, g == 3 ? " " : "");
		html_txt(b, t->code);
		if (it) {
			html_raw(b, ": ");
			html_txt(b,
				 g == 2 && it->short_title[0] ? it->short_title[0] : it->title[0]);
		}
	}
	html_raw(b, "</a>");
	origin_mark(v->ar, b, t);
	html_raw(b, "</li>");
}

/* render_tags shows the tags by framework, each framework in its own order. */
static void render_tags(struct ini_view *v)
{
	const struct fw_catalog *cats[] = {&v->sdg, &v->target, &v->al, &v->gdc};
	struct app_request *ar = v->ar;
	struct buf *b = v->b;

	if (!v->ini.ntags)
		return;
	html_raw(b, "<h2 id=\"frameworks\">");
	html_txt(b, T(ar, "Frameworks"));
	html_raw(b, "</h2>");
	for (size_t g = 0; g < sizeof tag_groups / sizeof *tag_groups; g++) {
		if (!ini_has_tag_scheme(&v->ini, tag_groups[g].scheme))
			continue;
		html_raw(b, "<h3>");
		html_txt(b, T(ar, tag_groups[g].heading));
		html_raw(b, g == 0 || g == 2 ? "</h3><ul class=\"tags\">"
					     : "</h3><ul class=\"plain\">");
		/* in the framework's order, whatever the record's */
		for (size_t i = 0; i < cats[g]->n; i++)
			for (size_t k = 0; k < v->ini.ntags; k++) {
				const struct tag *t = &v->ini.tags[k];

				if (strcmp(t->scheme, tag_groups[g].scheme) == 0 &&
				    strcmp(t->code, cats[g]->v[i].code) == 0) {
					render_tag(v, g, t);
				}
			}
		html_raw(b, "</ul>");
	}
	render_legend(ar, b);
}

/* text_lang marks the record's own text with its language, which may differ from the page's. */
static void text_lang(struct ini_view *v)
{
	if (!v->ini.language)
		return;
	html_raw(v->b, " lang=\"");
	html_attr(v->b, v->ini.language);
	html_raw(v->b, "\" dir=\"auto\"");
}

/*
 * load_catalogues borrows the titles of the frameworks and countries the page names, in its
 * language, from those the search page keeps (read once per language, not per view: they
 * were a tenth of an initiative page). On failure it has answered 500.
 */
static int load_catalogues(struct ini_view *v)
{
	struct search_labels l;

	if (search_labels_load(v->ar, &l))
		return -1;
	v->sdg = l.fw[SD_SDG];
	v->target = l.fw[SD_SDG_TARGET];
	v->al = l.fw[SD_ACTION_LINE];
	v->gdc = l.fw[SD_GDC];
	v->m49 = l.fw[SD_REGION];
	v->itu = l.fw[SD_ITU_REGION];
	v->countries = l.countries;
	return 0;
}

void page_initiative(struct app_request *ar)
{
	struct ini_view v;
	struct buf *b = &ar->resp->body;
	int rc;

	memset(&v, 0, sizeof v);
	v.ar = ar;
	v.b = b;
	if (initiative_load(ar, &v.ini, &v.acc))
		return;
	if (load_catalogues(&v))
		return;
	page_begin(ar, v.ini.title, NAV_INITIATIVES);
	html_raw(b, "<article class=\"initiative\">");
	render_state(&v);
	html_raw(b, "<h1");
	text_lang(&v);
	html_raw(b, ">");
	html_txt(b, v.ini.title);
	html_raw(b, "</h1>");
	if (v.ini.summary) {
		html_raw(b, "<p class=\"lead\"");
		text_lang(&v);
		html_raw(b, ">");
		html_txt(b, v.ini.summary);
		html_raw(b, "</p>");
	}
	if ((rc = ini_view_jsonld(&v)))
		goto fail;
	render_facts(&v);
	if (v.ini.description) {
		html_raw(b, "<h2 id=\"description\">");
		html_txt(b, T(ar, "Description"));
		html_raw(b, "</h2><div class=\"description\"");
		text_lang(&v);
		html_raw(b, ">");
		paragraphs(b, v.ini.description);
		html_raw(b, "</div>");
	}
	render_tags(&v);
	if ((rc = ini_view_history(&v)))
		goto fail;
	if ((rc = render_related(&v)))
		goto fail;
	html_raw(b, "</article>");
	page_end(ar);
	return;
fail:
	log_kv(LOG_ERROR, "initiative page failed", "detail", store_errmsg(ar->store),
	       (char *)NULL);
	app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
}
