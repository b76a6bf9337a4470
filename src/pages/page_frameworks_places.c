/*
 * page_frameworks_places.c - the pages of places: every country by region with how many
 * published initiatives take place there (/frameworks/countries), one country with its
 * names, regions and LDC/LLDC/SIDS status (/frameworks/country/ISO2), and one region, UN
 * M49 (/frameworks/region/002) or ITU-D (/frameworks/region/africa), with its countries.
 */
#include "pages/page_frameworks.h"

#include "app/search_request.h"
#include "pages/fragments.h"

#include <string.h>

/* The places a country belongs to, and the flags, as the pages show them. */
struct places {
	struct fw_catalog m49, itu;
	struct country_catalog countries;
};

static int load_places(struct app_request *ar, struct places *p, int counts)
{
	int rc;

	if ((rc = fw_page_load(ar, "m49_region", &p->m49)) ||
	    (rc = fw_page_load(ar, "itu_region", &p->itu)) ||
	    (rc = search_request_countries(ar, &p->countries)))
		return rc;
	if (counts && ((rc = fw_page_tally(ar, &p->m49)) || (rc = fw_page_tally(ar, &p->itu)) ||
		       (rc = fw_page_tally_countries(ar, &p->countries))))
		return rc;
	return 0;
}

static void region_link(struct app_request *ar, const struct fw_catalog *c, const char *code)
{
	struct buf *b = &ar->resp->body;
	const struct fw_item *it = fw_catalog_find(c, code);

	if (!code || !*code)
		return;
	html_raw(b, "<a href=\"/frameworks/region/");
	html_url_arg(b, code);
	html_raw(b, "\">");
	html_txt(b, it ? it->title[0] : code);
	html_raw(b, "</a>");
}

/* flags writes the LDC / LLDC / SIDS abbreviations of c, each explained by <abbr>. */
static void flags(struct app_request *ar, const struct country *c)
{
	struct buf *b = &ar->resp->body;
	int any = 0;

	if (c->ldc) {
		html_raw(b, "<abbr title=\"");
		html_attr(b, T(ar, "Least developed country"));
		html_raw(b, "\">LDC</abbr>");
		any = 1;
	}
	if (c->lldc) {
		html_raw(b, any ? " <abbr title=\"" : "<abbr title=\"");
		html_attr(b, T(ar, "Landlocked developing country"));
		html_raw(b, "\">LLDC</abbr>");
		any = 1;
	}
	if (c->sids) {
		html_raw(b, any ? " <abbr title=\"" : "<abbr title=\"");
		html_attr(b, T(ar, "Small island developing State"));
		html_raw(b, "\">SIDS</abbr>");
	}
}

static void countries_head(struct app_request *ar, const char *caption)
{
	const char *const cols[] = {T(ar, "Country or territory"), T(ar, "Sub-region"),
				    T(ar, "ITU-D region"), T(ar, "Status"), T(ar, "Initiatives")};

	page_table_begin(ar, "fw", caption, cols, 5, 1);
}

static void country_row(struct app_request *ar, const struct places *p, size_t i)
{
	const struct country *c = &p->countries.v[i];
	struct buf *b = &ar->resp->body;

	html_raw(b, "<tr><th scope=\"row\"><a href=\"/frameworks/country/");
	html_url_arg(b, c->iso2);
	html_raw(b, "\">");
	html_txt(b, c->name[0] ? c->name[0] : c->iso2);
	html_raw(b, "</a></th><td>");
	region_link(ar, &p->m49, *c->m49_intermediate ? c->m49_intermediate : c->m49_subregion);
	html_raw(b, "</td><td>");
	region_link(ar, &p->itu, c->itu_region);
	html_raw(b, "</td><td>");
	flags(ar, c);
	html_rawf(b, "</td><td class=\"num\">%lld</td></tr>", (long long)p->countries.count[i]);
}

/* in_region tells whether country c belongs to the M49 or ITU-D region code. */
static int in_region(const struct country *c, const char *code, int itu)
{
	if (itu)
		return strcmp(c->itu_region, code) == 0;
	return strcmp(c->m49_region, code) == 0 || strcmp(c->m49_subregion, code) == 0 ||
	       strcmp(c->m49_intermediate, code) == 0;
}

void page_framework_countries(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	struct places p;
	int rest = 0;

	if (load_places(ar, &p, 1)) {
		fw_page_fail(ar);
		return;
	}
	page_begin(ar, T(ar, "Countries and territories"), NAV_FRAMEWORKS);
	html_raw(b, "<h1>");
	html_txt(b, T(ar, "Countries and territories"));
	html_raw(b, "</h1><p class=\"lead\">");
	html_txt(b, T(ar, "By UN M49 region, with how many published initiatives take place in "
			  "each."));
	html_raw(b, "</p>");
	for (size_t r = 0; r < p.m49.n; r++) {
		const struct fw_item *reg = &p.m49.v[r];

		if (!reg->parent || strcmp(reg->parent, "001") != 0)
			continue;
		html_raw(b, "<h2 id=\"region-");
		html_attr(b, reg->code);
		html_raw(b, "\">");
		region_link(ar, &p.m49, reg->code);
		html_raw(b, "</h2>");
		countries_head(ar, reg->title[0]);
		for (size_t i = 0; i < p.countries.n; i++)
			if (strcmp(p.countries.v[i].m49_region, reg->code) == 0)
				country_row(ar, &p, i);
		html_raw(b, "</tbody></table>");
	}
	for (size_t i = 0; i < p.countries.n; i++)
		rest += !fw_catalog_find(&p.m49, p.countries.v[i].m49_region);
	if (rest) {
		html_raw(b, "<h2 id=\"region-none\">");
		html_txt(b, T(ar, "Without an M49 region"));
		html_raw(b, "</h2>");
		countries_head(ar, T(ar, "Without an M49 region"));
		for (size_t i = 0; i < p.countries.n; i++)
			if (!fw_catalog_find(&p.m49, p.countries.v[i].m49_region))
				country_row(ar, &p, i);
		html_raw(b, "</tbody></table>");
	}
	fw_page_back(ar);
	page_end(ar);
}

/* is_iso2 tells whether s is two upper-case ASCII letters. */
static int is_iso2(const char *s)
{
	return s && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && !s[2];
}

void page_framework_country(struct app_request *ar)
{
	static const char *const lang_names[LANG__COUNT] = {"English", "Français", "Español",
							    "Русский", "العربية",  "中文"};
	struct buf *b = &ar->resp->body;
	const struct country *c;
	struct places p;

	if (!is_iso2(ar->route_arg)) {
		fw_page_not_found(ar);
		return;
	}
	if (load_places(ar, &p, 0)) {
		fw_page_fail(ar);
		return;
	}
	if (!(c = country_catalog_find(&p.countries, ar->route_arg))) {
		fw_page_not_found(ar);
		return;
	}
	page_begin(ar, c->name[0], NAV_FRAMEWORKS);
	html_raw(b, "<h1>");
	html_txt(b, c->name[0]);
	html_raw(b, "</h1><dl class=\"facts\"><dt>");
	html_txt(b, T(ar, "Codes"));
	html_raw(b, "</dt><dd>");
	html_txt(b, c->iso2);
	html_raw(b, " · ");
	html_txt(b, c->iso3);
	html_raw(b, " · M49 ");
	html_txt(b, c->numeric);
	html_raw(b, "</dd>");
	if (*c->m49_region) {
		html_raw(b, "<dt>");
		html_txt(b, T(ar, "UN M49 region"));
		html_raw(b, "</dt><dd>");
		region_link(ar, &p.m49, c->m49_region);
		if (*c->m49_subregion) {
			html_raw(b, " › ");
			region_link(ar, &p.m49, c->m49_subregion);
		}
		if (*c->m49_intermediate) {
			html_raw(b, " › ");
			region_link(ar, &p.m49, c->m49_intermediate);
		}
		html_raw(b, "</dd>");
	}
	if (*c->itu_region) {
		html_raw(b, "<dt>");
		html_txt(b, T(ar, "ITU-D region"));
		html_raw(b, "</dt><dd>");
		region_link(ar, &p.itu, c->itu_region);
		html_raw(b, "</dd>");
	}
	html_raw(b, "<dt>");
	html_txt(b, T(ar, "Least developed country (LDC)"));
	html_raw(b, "</dt><dd>");
	html_txt(b, c->ldc ? T(ar, "Yes") : T(ar, "No"));
	html_raw(b, "</dd><dt>");
	html_txt(b, T(ar, "Landlocked developing country (LLDC)"));
	html_raw(b, "</dt><dd>");
	html_txt(b, c->lldc ? T(ar, "Yes") : T(ar, "No"));
	html_raw(b, "</dd><dt>");
	html_txt(b, T(ar, "Small island developing State (SIDS)"));
	html_raw(b, "</dt><dd>");
	html_txt(b, c->sids ? T(ar, "Yes") : T(ar, "No"));
	html_raw(b, "</dd></dl><h2 id=\"names\">");
	html_txt(b, T(ar, "Names in the UN languages"));
	html_raw(b, "</h2><ul class=\"plain\">");
	for (int l = 0; l < LANG__COUNT; l++) {
		struct country_catalog names;
		const struct country *n;

		if (country_catalog_load(ar->store, (enum lang)l, ar->req->arena, &names)) {
			fw_page_fail(ar);
			return;
		}
		n = country_catalog_find(&names, c->iso2);
		html_rawf(b, "<li lang=\"%s\" dir=\"auto\">", lang_code((enum lang)l));
		html_txt(b, n ? n->name[0] : "");
		html_raw(b, " <span class=\"muted\">(");
		html_txt(b, lang_names[l]);
		html_raw(b, ")</span></li>");
	}
	html_raw(b, "</ul>");
	if (fw_page_initiatives(ar, "country", c->iso2, "country")) {
		fw_page_fail(ar);
		return;
	}
	html_raw(b, "<p><a href=\"/frameworks/countries\">");
	html_txt(b, T(ar, "All countries and territories"));
	html_raw(b, "</a></p>");
	page_end(ar);
}

void page_framework_region(struct app_request *ar)
{
	const char *code = ar->route_arg;
	struct buf *b = &ar->resp->body;
	const struct fw_item *reg, *parent;
	const struct fw_catalog *cat;
	struct places p;
	int itu, any = 0;

	if (load_places(ar, &p, 1)) {
		fw_page_fail(ar);
		return;
	}
	/* M49 codes are digits; ITU-D regions are words ("arab-states"). */
	itu = code[0] < '0' || code[0] > '9';
	cat = itu ? &p.itu : &p.m49;
	if (!(reg = fw_catalog_find(cat, code))) {
		fw_page_not_found(ar);
		return;
	}
	page_begin(ar, reg->title[0], NAV_FRAMEWORKS);
	html_raw(b, "<h1>");
	html_txt(b, reg->title[0]);
	html_raw(b, "</h1><p class=\"lead\">");
	html_txt(b, itu ? T(ar, "A region of the ITU Telecommunication Development Sector (ITU-D).")
			: T(ar, "A region of the UN M49 standard."));
	if (!itu) {
		html_raw(b, " ");
		html_txt(b, T(ar, "M49 code"));
		html_raw(b, " ");
		html_txt(b, reg->code);
	}
	html_raw(b, "</p>");
	if (!itu && reg->parent && (parent = fw_catalog_find(&p.m49, reg->parent)) &&
	    strcmp(parent->code, "001") != 0) {
		html_raw(b, "<p>");
		html_txt(b, T(ar, "Part of"));
		html_raw(b, " ");
		region_link(ar, &p.m49, parent->code);
		html_raw(b, "</p>");
	}
	for (size_t i = 0; !itu && i < p.m49.n; i++) {
		const struct fw_item *sub = &p.m49.v[i];

		if (!sub->parent || strcmp(sub->parent, reg->code) != 0)
			continue;
		if (!any) {
			html_raw(b, "<h2 id=\"parts\">");
			html_txt(b, T(ar, "Sub-regions"));
			html_raw(b, "</h2><ul class=\"plain\">");
			any = 1;
		}
		html_raw(b, "<li>");
		region_link(ar, &p.m49, sub->code);
		html_raw(b, " <span class=\"count\">");
		fw_page_count(ar, p.m49.count[i]);
		html_raw(b, "</span></li>");
	}
	if (any)
		html_raw(b, "</ul>");
	if (!itu && strcmp(reg->code, "001") == 0) {
		/* the world: its regions say it all */
		fw_page_back(ar);
		page_end(ar);
		return;
	}
	html_raw(b, "<h2 id=\"countries\">");
	html_txt(b, T(ar, "Countries and territories"));
	html_raw(b, "</h2>");
	countries_head(ar, T(ar, "Countries and territories"));
	for (size_t i = 0; i < p.countries.n; i++)
		if (in_region(&p.countries.v[i], reg->code, itu))
			country_row(ar, &p, i);
	html_raw(b, "</tbody></table>");
	fw_page_end(ar, itu ? "itu_region" : "m49_region", reg->code,
		    itu ? "itu_region" : "region");
}
