/*
 * page_home_counts.c - the part of the home page that comes from the search index: how
 * many published initiatives there are, how many each Action Line, SDG and ITU-D region
 * has (each a link to that search, drawn like the search page's facets), and the latest
 * published initiatives. One search answers all of them (kept by the answer cache until
 * the next write, app/search_cache.h), so the home page counts nothing in SQL but the
 * organisations.
 */
#include "pages/pages.h"

#include "app/search_request.h"
#include "pages/fragments.h"

int page_home_search(struct app_request *ar, struct page_home_answer *h)
{
	struct search_query q;

	if (!ar->app->search)
		return -1;
	search_query_init(&q); /* published initiatives, newest first */
	q.limit = 5;
	if (search_request_answer(ar, &q, SEARCH_PAGE | SEARCH_FACETS, 0, &h->res, &h->items,
				  &h->n))
		return 1; /* it answered the error */
	return 0;
}

void page_home_counts(struct app_request *ar, struct page_home_answer *h)
{
	struct buf *b = &ar->resp->body;
	struct search_labels labels;

	if (search_labels_load(ar, &labels))
		return;
	html_raw(b, "<h2>");
	html_txt(b, T(ar, "Browse the initiatives"));
	html_raw(b, "</h2><div class=\"facets home-counts\">");
	/* the search page's own facets: their links are that page's, from no search at all */
	page_facet(ar, &labels, SD_ACTION_LINE, &h->res.facets[SD_ACTION_LINE]);
	page_facet(ar, &labels, SD_SDG, &h->res.facets[SD_SDG]);
	page_facet(ar, &labels, SD_ITU_REGION, &h->res.facets[SD_ITU_REGION]);
	html_raw(b, "</div>");
	if (!h->n)
		return;
	html_raw(b, "<h2>");
	html_txt(b, T(ar, "Recently published"));
	html_raw(b, "</h2><ul class=\"results\">");
	for (size_t i = 0; i < h->n; i++) {
		const struct initiative *ini = &h->items[i].ini;

		page_initiative_item(b, ini->id, ini->title, ini->org.name, NULL);
	}
	html_raw(b, "</ul><p><a href=\"/initiatives?sort=newest\">");
	html_txt(b, T(ar, "All initiatives, newest first"));
	html_raw(b, "</a></p>");
}
