/*
 * page_frameworks.c - the framework pages: the index of every framework with how many
 * published initiatives each item has (/frameworks), and one page per SDG
 * (/frameworks/sdg/N: its targets and the Action Lines the WSIS-SDG matrix links to it),
 * per WSIS Action Line (/frameworks/action-line/CODE) and per Global Digital Compact
 * objective (/frameworks/gdc/N), each with the first initiatives tagged with it.
 *
 * Titles are in the request's language (English where a translation is missing). Unknown
 * codes are 404. Countries and regions are in page_frameworks_places.c.
 */
#include "pages/page_frameworks.h"

#include "app/search_request.h"
#include "core/log.h"
#include "pages/fragments.h"

#include <stdlib.h>
#include <string.h>

void fw_page_fail(struct app_request *ar)
{
	log_kv(LOG_ERROR, "framework page failed", "detail", store_errmsg(ar->store), LOG_END);
	app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
}

void fw_page_not_found(struct app_request *ar)
{
	app_error(ar, 404, "not_found", T(ar, "There is no such framework item."), NULL);
}

int fw_page_load(struct app_request *ar, const char *scheme, struct fw_catalog *c)
{
	return search_request_catalog(ar, scheme, c);
}

int fw_page_tally(struct app_request *ar, struct fw_catalog *c)
{
	return fw_catalog_count_from(search_request_tally, ar, c, ar->req->arena);
}

int fw_page_tally_countries(struct app_request *ar, struct country_catalog *c)
{
	return country_catalog_count_from(search_request_tally, ar, c, ar->req->arena);
}

void fw_page_count(struct app_request *ar, int64_t n)
{
	struct buf *b = &ar->resp->body;

	html_rawf(b, "%lld ", (long long)n);
	html_txt(b, TN(ar, "initiative", "initiatives", (unsigned long)n));
}

void fw_page_back(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<p><a href=\"/frameworks\">");
	html_txt(b, T(ar, "All frameworks"));
	html_raw(b, "</a></p>");
}

static int brief_item(void *ud, const struct store_ini_brief *r)
{
	page_initiative_item(ud, r->id, r->title, r->organisation, r->summary);
	return 0;
}

int fw_page_initiatives(struct app_request *ar, const char *scheme, const char *code,
			const char *param)
{
	struct buf *b = &ar->resp->body, items;
	int64_t total = 0;
	int rc;

	buf_init(&items, 0);
	rc = search_request_fw_initiatives(ar, scheme, code, FW_PAGE_INITIATIVES, brief_item,
					   &items, &total);
	if (rc)
		goto out;
	html_raw(b, "<h2 id=\"initiatives\">");
	html_txt(b, T(ar, "Initiatives"));
	html_raw(b, "</h2><p class=\"count-line\">");
	fw_page_count(ar, total);
	html_raw(b, "</p>");
	if (total) {
		html_raw(b, "<ul class=\"results\">");
		buf_append(b, items.data, items.len);
		html_raw(b, "</ul><p><a class=\"button\" href=\"/initiatives?");
		html_url_arg(b, param);
		html_raw(b, "=");
		html_url_arg(b, code);
		html_raw(b, "\">");
		html_txt(b, total > FW_PAGE_INITIATIVES ? T(ar, "See them all and filter them")
							: T(ar, "Search and filter them"));
		html_raw(b, "</a></p>");
	}
out:
	buf_cleanup(&items);
	return rc;
}

void fw_page_end(struct app_request *ar, const char *scheme, const char *code, const char *param)
{
	if (fw_page_initiatives(ar, scheme, code, param)) {
		fw_page_fail(ar);
		return;
	}
	fw_page_back(ar);
	page_end(ar);
}

/* sdg_tile writes one goal as a coloured tile linking to its page. */
static void sdg_tile(struct app_request *ar, const struct fw_item *it, const int64_t *count)
{
	struct buf *b = &ar->resp->body;
	long n = strtol(it->code, NULL, 10);

	html_rawf(b, "<li class=\"sdg sdg-%ld\"><a href=\"/frameworks/sdg/", n);
	html_url_arg(b, it->code);
	html_raw(b, "\"><span class=\"num\">");
	html_txt(b, it->code);
	html_raw(b, "</span> ");
	html_txt(b, it->short_title[0] ? it->short_title[0] : it->title[0]);
	html_raw(b, "</a>");
	if (count) {
		html_raw(b, "<span class=\"count\">");
		fw_page_count(ar, *count);
		html_raw(b, "</span>");
	}
	html_raw(b, "</li>");
}

/* item_row writes a table row: code (linked to href + code), title, and count. */
static void item_row(struct app_request *ar, const char *cls, const char *href,
		     const struct fw_item *it, int64_t count)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, cls ? "<tr class=\"" : "<tr");
	if (cls) {
		html_attr(b, cls);
		html_raw(b, "\"");
	}
	html_raw(b, "><th scope=\"row\"><a href=\"");
	html_raw(b, href);
	html_url_arg(b, it->code);
	html_raw(b, "\">");
	html_txt(b, it->code);
	html_raw(b, "</a></th><td>");
	html_txt(b, it->short_title[0] && strcmp(it->scheme, "action_line") == 0
			? it->short_title[0]
			: it->title[0]);
	html_raw(b, "</td><td class=\"num\">");
	if (!it->is_group)
		html_rawf(b, "%lld", (long long)count);
	html_raw(b, "</td></tr>");
}

static void table_head(struct app_request *ar, const char *caption, const char *code_label)
{
	const char *const cols[] = {code_label, T(ar, "Title"), T(ar, "Initiatives")};

	page_table_begin(ar, "fw", caption, cols, 3, 1);
}

/* m49_rows writes the regions under parent (at depth 1 to 3), each before its children. */
static void m49_rows(struct app_request *ar, const struct fw_catalog *m49, const char *parent,
		     int depth)
{
	static const char *const cls[] = {NULL, NULL, "sub", "subsub"};

	if (depth > 3)
		return;
	for (size_t i = 0; i < m49->n; i++) {
		const struct fw_item *it = &m49->v[i];

		if (!it->parent || strcmp(it->parent, parent) != 0)
			continue;
		item_row(ar, cls[depth], "/frameworks/region/", it, m49->count[i]);
		m49_rows(ar, m49, it->code, depth + 1);
	}
}

void page_frameworks(struct app_request *ar)
{
	struct fw_catalog sdg, al, gdc, m49, itu;
	struct buf *b = &ar->resp->body;

	if (fw_page_load(ar, "sdg", &sdg) || fw_page_load(ar, "action_line", &al) ||
	    fw_page_load(ar, "gdc", &gdc) || fw_page_load(ar, "m49_region", &m49) ||
	    fw_page_load(ar, "itu_region", &itu) || fw_page_tally(ar, &sdg) ||
	    fw_page_tally(ar, &al) || fw_page_tally(ar, &gdc) || fw_page_tally(ar, &m49) ||
	    fw_page_tally(ar, &itu)) {
		fw_page_fail(ar);
		return;
	}
	page_begin(ar, T(ar, "Frameworks"), NAV_FRAMEWORKS);
	html_raw(b, "<h1>");
	html_txt(b, T(ar, "Frameworks"));
	html_raw(b, "</h1><p class=\"lead\">");
	html_txt(b, T(ar, "Every initiative is mapped to the frameworks the world measures it "
			  "against. The numbers count published initiatives."));
	html_raw(b, "</p><h2 id=\"sdgs\">");
	html_txt(b, T(ar, "Sustainable Development Goals"));
	html_raw(b, "</h2><ul class=\"sdg-tiles\">");
	for (size_t i = 0; i < sdg.n; i++)
		sdg_tile(ar, &sdg.v[i], &sdg.count[i]);
	html_raw(b, "</ul><h2 id=\"action-lines\">");
	html_txt(b, T(ar, "WSIS Action Lines"));
	html_raw(b, "</h2>");
	table_head(ar, T(ar, "WSIS Action Lines"), T(ar, "Action Line"));
	for (size_t i = 0; i < al.n; i++)
		item_row(ar, al.v[i].parent ? "sub" : NULL, "/frameworks/action-line/", &al.v[i],
			 al.count[i]);
	html_raw(b, "</tbody></table><h2 id=\"gdc\">");
	html_txt(b, T(ar, "Global Digital Compact objectives"));
	html_raw(b, "</h2>");
	table_head(ar, T(ar, "Global Digital Compact objectives"), T(ar, "Objective"));
	for (size_t i = 0; i < gdc.n; i++)
		item_row(ar, NULL, "/frameworks/gdc/", &gdc.v[i], gdc.count[i]);
	html_raw(b, "</tbody></table><h2 id=\"regions\">");
	html_txt(b, T(ar, "Regions and countries"));
	html_raw(b, "</h2><p><a href=\"/frameworks/countries\">");
	html_txt(b, T(ar, "All countries and territories"));
	html_raw(b, "</a></p><h3>");
	html_txt(b, T(ar, "ITU-D regions"));
	html_raw(b, "</h3>");
	table_head(ar, T(ar, "ITU-D regions"), T(ar, "Code"));
	for (size_t i = 0; i < itu.n; i++)
		item_row(ar, NULL, "/frameworks/region/", &itu.v[i], itu.count[i]);
	html_raw(b, "</tbody></table><h3>");
	html_txt(b, T(ar, "UN M49 regions"));
	html_raw(b, "</h3>");
	table_head(ar, T(ar, "UN M49 regions"), T(ar, "M49 code"));
	m49_rows(ar, &m49, "001", 1);
	html_raw(b, "</tbody></table>");
	page_end(ar);
}

/* struct linked collects the codes of a link listing into an arena array. */
struct linked {
	struct arena *a;
	const char **v;
	size_t n;
};

static int linked_add(void *ud, const char *code)
{
	struct linked *l = ud;
	const char **nv = arena_alloc(l->a, (l->n + 1) * sizeof *nv);

	if (!nv || !(nv[l->n] = arena_strdup(l->a, code)))
		return ERR_NOMEM;
	if (l->n)
		memcpy(nv, l->v, l->n * sizeof *nv);
	l->v = nv;
	l->n++;
	return 0;
}

/*
 * linked_list writes the codes of l as a list of links, each with its title in c: to the
 * Action Line's page, or (targets) to the target on its goal's page.
 */
static void linked_list(struct app_request *ar, const struct linked *l, const struct fw_catalog *c,
			int targets)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<ul class=\"plain\">");
	for (size_t i = 0; i < l->n; i++) {
		const struct fw_item *it = fw_catalog_find(c, l->v[i]);

		if (targets) {
			html_raw(b, "<li><a href=\"/frameworks/sdg/");
			html_rawf(b, "%ld#target-", strtol(l->v[i], NULL, 10));
		} else {
			html_raw(b, "<li><a href=\"/frameworks/action-line/");
		}
		html_url_arg(b, l->v[i]);
		html_raw(b, "\">");
		html_txt(b, l->v[i]);
		html_raw(b, "</a> ");
		if (it)
			html_txt(b, it->title[0]);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

/* find_item loads scheme and finds code in it: 0, ERR_NOT_FOUND, or a store error. */
static int find_item(struct app_request *ar, const char *scheme, const char *code,
		     struct fw_catalog *c, const struct fw_item **it)
{
	int rc = fw_page_load(ar, scheme, c);

	if (rc)
		return rc;
	*it = fw_catalog_find(c, code);
	return *it ? 0 : ERR_NOT_FOUND;
}

/* answer_failure answers the error of find_item or a store call. */
static void answer_failure(struct app_request *ar, int rc)
{
	if (rc == ERR_NOT_FOUND)
		fw_page_not_found(ar);
	else
		fw_page_fail(ar);
}

void page_framework_sdg(struct app_request *ar)
{
	struct fw_catalog sdg, targets, al;
	const struct fw_item *goal;
	struct linked lines = {ar->req->arena, NULL, 0};
	struct buf *b = &ar->resp->body;
	char *title;
	int rc;

	if ((rc = find_item(ar, "sdg", ar->route_arg, &sdg, &goal)) ||
	    (rc = fw_page_load(ar, "sdg_target", &targets)) || (rc = fw_page_tally(ar, &targets)) ||
	    (rc = fw_page_load(ar, "action_line", &al)) ||
	    (rc = store_fw_links_to(ar->store, "sdg", goal->code, "action_line", linked_add,
				    &lines))) {
		answer_failure(ar, rc);
		return;
	}
	title = arena_sprintf(ar->req->arena, "%s %s: %s", T(ar, "Goal"), goal->code,
			      goal->short_title[0] ? goal->short_title[0] : goal->title[0]);
	page_begin(ar, title ? title : goal->title[0], NAV_FRAMEWORKS);
	html_rawf(b, "<div class=\"banner sdg sdg-%ld\"><h1>", strtol(goal->code, NULL, 10));
	html_txt(b, title);
	html_raw(b, "</h1><p>");
	html_txt(b, goal->title[0]);
	html_raw(b, "</p></div><h2 id=\"targets\">");
	html_txt(b, T(ar, "Targets"));
	html_raw(b, "</h2><ol class=\"targets\">");
	for (size_t i = 0; i < targets.n; i++) {
		const struct fw_item *t = &targets.v[i];

		if (!t->parent || strcmp(t->parent, goal->code) != 0)
			continue;
		html_raw(b, "<li id=\"target-");
		html_attr(b, t->code);
		html_raw(b, "\"><strong>");
		html_txt(b, t->code);
		html_raw(b, "</strong> ");
		html_txt(b, t->title[0]);
		if (targets.count[i]) {
			html_raw(b, " <a class=\"count\" href=\"/initiatives?sdg_target=");
			html_url_arg(b, t->code);
			html_raw(b, "\">");
			fw_page_count(ar, targets.count[i]);
			html_raw(b, "</a>");
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol><h2 id=\"action-lines\">");
	html_txt(b, T(ar, "WSIS Action Lines linked to this goal"));
	html_raw(b, "</h2>");
	if (!lines.n) {
		html_raw(b, "<p>");
		html_txt(b, T(ar, "The WSIS-SDG matrix links no Action Line to this goal."));
		html_raw(b, "</p>");
	} else {
		linked_list(ar, &lines, &al, 0);
	}
	fw_page_end(ar, "sdg", goal->code, "sdg");
}

void page_framework_action_line(struct app_request *ar)
{
	struct fw_catalog al, sdg, targets;
	const struct fw_item *line;
	struct linked goals = {ar->req->arena, NULL, 0}, tl = {ar->req->arena, NULL, 0};
	struct buf *b = &ar->resp->body;
	char *title;
	int rc;

	if ((rc = find_item(ar, "action_line", ar->route_arg, &al, &line)) ||
	    (rc = fw_page_tally(ar, &al)) || (rc = fw_page_load(ar, "sdg", &sdg)) ||
	    (rc = fw_page_load(ar, "sdg_target", &targets)) ||
	    (rc =
		 store_fw_links(ar->store, "action_line", line->code, "sdg", linked_add, &goals)) ||
	    (rc = store_fw_links(ar->store, "action_line", line->code, "sdg_target", linked_add,
				 &tl))) {
		answer_failure(ar, rc);
		return;
	}
	title = arena_sprintf(ar->req->arena, "%s: %s", line->code,
			      line->short_title[0] ? line->short_title[0] : line->title[0]);
	page_begin(ar, title ? title : line->code, NAV_FRAMEWORKS);
	html_raw(b, "<h1>");
	html_txt(b, title);
	html_raw(b, "</h1><p class=\"lead\">");
	html_txt(b, line->title[0]);
	html_raw(b, "</p>");
	if (line->parent) {
		html_raw(b, "<p>");
		html_txt(b, T(ar, "Part of"));
		html_raw(b, " <a href=\"/frameworks/action-line/");
		html_url_arg(b, line->parent);
		html_raw(b, "\">");
		html_txt(b, line->parent);
		html_raw(b, "</a></p>");
	}
	if (line->is_group) {
		html_raw(b, "<h2 id=\"sub-lines\">");
		html_txt(b, T(ar, "Sub-lines"));
		html_raw(b, "</h2>");
		table_head(ar, T(ar, "Sub-lines"), T(ar, "Action Line"));
		for (size_t i = 0; i < al.n; i++)
			if (al.v[i].parent && strcmp(al.v[i].parent, line->code) == 0)
				item_row(ar, NULL, "/frameworks/action-line/", &al.v[i],
					 al.count[i]);
		html_raw(b, "</tbody></table>");
	}
	html_raw(b, "<h2 id=\"sdgs\">");
	html_txt(b, T(ar, "Sustainable Development Goals linked to this Action Line"));
	html_raw(b, "</h2>");
	if (goals.n) {
		html_raw(b, "<ul class=\"sdg-tiles\">");
		for (size_t i = 0; i < goals.n; i++) {
			const struct fw_item *g = fw_catalog_find(&sdg, goals.v[i]);
			if (g)
				sdg_tile(ar, g, NULL);
		}
		html_raw(b, "</ul>");
	} else {
		html_raw(b, "<p>");
		html_txt(b, T(ar, "The WSIS-SDG matrix links no goal to this Action Line."));
		html_raw(b, "</p>");
	}
	if (tl.n) {
		html_raw(b, "<h3>");
		html_txt(b, T(ar, "SDG targets"));
		html_raw(b, "</h3>");
		linked_list(ar, &tl, &targets, 1);
	}
	/* a heading like C7 is not a tag itself: its initiatives are its sub-lines' */
	fw_page_end(ar, "action_line", line->code, "action_line");
}

void page_framework_gdc(struct app_request *ar)
{
	struct fw_catalog gdc;
	const struct fw_item *obj;
	struct buf *b = &ar->resp->body;
	char *title;
	int rc;

	if ((rc = find_item(ar, "gdc", ar->route_arg, &gdc, &obj))) {
		answer_failure(ar, rc);
		return;
	}
	title = arena_sprintf(ar->req->arena, "%s %s", T(ar, "Global Digital Compact, objective"),
			      obj->code);
	page_begin(ar, title ? title : obj->code, NAV_FRAMEWORKS);
	html_raw(b, "<h1>");
	html_txt(b, title);
	html_raw(b, "</h1><p class=\"lead\">");
	html_txt(b, obj->title[0]);
	html_raw(b, "</p>");
	fw_page_end(ar, "gdc", obj->code, "gdc");
}
