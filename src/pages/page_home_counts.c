/*
 * page_home_counts.c - the part of the home page that comes from the search index: how
 * many published initiatives each Action Line, SDG and ITU-D region has (each a link to
 * that search, drawn like the search page's facets), and the latest published initiatives.
 */
#include "pages/pages.h"

#include "app/search_request.h"
#include "core/log.h"
#include "pages/fragments.h"

void page_home_counts(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	struct search_labels labels;
	struct search_result res;
	struct search_query q;
	struct search_item *items;
	struct errinfo e;
	size_t n;

	if (!ar->app->search)
		return;
	search_query_init(&q); /* published initiatives, newest first */
	q.limit = 5;
	errinfo_clear(&e);
	if (search_run(ar->app->search, ar->store, &q, SEARCH_PAGE | SEARCH_FACETS, ar->req->arena,
		       &res, &e) != 0) {
		log_kv(LOG_ERROR, "home page counts failed", "detail", e.msg, LOG_END);
		return;
	}
	if (search_labels_load(ar, &labels) || search_request_items(ar, &res, &items, &n))
		return;
	html_raw(b, "<h2>");
	html_txt(b, T(ar, "Browse the initiatives"));
	html_raw(b, "</h2><div class=\"facets home-counts\">");
	/* the search page's own facets: their links are that page's, from no search at all */
	page_facet(ar, &labels, SD_ACTION_LINE, &res.facets[SD_ACTION_LINE]);
	page_facet(ar, &labels, SD_SDG, &res.facets[SD_SDG]);
	page_facet(ar, &labels, SD_ITU_REGION, &res.facets[SD_ITU_REGION]);
	html_raw(b, "</div>");
	if (!n)
		return;
	html_raw(b, "<h2>");
	html_txt(b, T(ar, "Recently published"));
	html_raw(b, "</h2><ul class=\"results\">");
	for (size_t i = 0; i < n; i++) {
		const struct initiative *ini = &items[i].ini;

		page_initiative_item(b, ini->id, ini->title, ini->org.name, NULL);
	}
	html_raw(b, "</ul><p><a href=\"/initiatives?sort=newest\">");
	html_txt(b, T(ar, "All initiatives, newest first"));
	html_raw(b, "</a></p>");
}
