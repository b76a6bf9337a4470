/*
 * page_home_counts.c - the part of the home page that comes from the search index: how
 * many published initiatives each Action Line, SDG and ITU-D region has (each a link to
 * that search), and the latest published initiatives.
 */
#include "pages/pages.h"

#include "app/search_request.h"
#include "core/log.h"

#include <string.h>

/* count_list writes one facet's values as links to /initiatives?NAME=CODE with counts. */
static void count_list(struct app_request *ar, const struct search_labels *l, enum search_dim d,
		       const struct search_facet *f, const char *heading)
{
	struct buf *b = &ar->resp->body;
	const char *name = search_dim_name(d);

	html_rawf(b,
		  "<section class=\"home-counts\" aria-labelledby=\"home-%s\"><h3 id=\"home-%s\">",
		  name, name);
	html_txt(b, heading);
	html_raw(b, "</h3><ul class=\"facets\">");
	for (size_t i = 0; i < f->n; i++) {
		const struct search_count *c = &f->v[i];

		html_raw(b, "<li><a href=\"/initiatives?");
		html_url_arg(b, name);
		html_raw(b, "=");
		html_url_arg(b, c->code);
		html_raw(b, "\"><span>");
		if (d == SD_SDG) {
			html_raw(b, "<span class=\"tag sdg sdg-");
			html_attr(b, c->code);
			html_raw(b, "\">");
			html_txt(b, c->code);
			html_raw(b, "</span> ");
		} else if (d == SD_ACTION_LINE) {
			html_txt(b, c->code);
			html_raw(b, " ");
		}
		html_txt(b, search_label(ar, l, d, c->code, 1));
		html_rawf(b, "</span> <span class=\"count\">%lld</span></a></li>",
			  (long long)c->count);
	}
	html_raw(b, "</ul></section>");
}

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
	html_raw(b, "</h2><div class=\"cards\">");
	count_list(ar, &labels, SD_ACTION_LINE, &res.facets[SD_ACTION_LINE],
		   T(ar, "By WSIS Action Line"));
	count_list(ar, &labels, SD_SDG, &res.facets[SD_SDG],
		   T(ar, "By Sustainable Development Goal"));
	count_list(ar, &labels, SD_ITU_REGION, &res.facets[SD_ITU_REGION],
		   T(ar, "By ITU-D region"));
	html_raw(b, "</div>");
	if (!n)
		return;
	html_raw(b, "<h2>");
	html_txt(b, T(ar, "Recently published"));
	html_raw(b, "</h2><ul class=\"results\">");
	for (size_t i = 0; i < n; i++) {
		const struct initiative *ini = &items[i].ini;

		html_rawf(b, "<li><a href=\"/initiatives/%lld\">", (long long)ini->id);
		html_txt(b, ini->title);
		html_raw(b, "</a>");
		if (ini->org.name) {
			html_raw(b, " <span class=\"muted\">");
			html_txt(b, ini->org.name);
			html_raw(b, "</span>");
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul><p><a href=\"/initiatives?sort=newest\">");
	html_txt(b, T(ar, "All initiatives, newest first"));
	html_raw(b, "</a></p>");
}
