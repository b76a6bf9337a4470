/*
 * page_initiative.h - what the files of the initiative page share (page_initiative.c,
 * page_initiative_history.c, page_initiative_jsonld.c). Nothing else includes it.
 */
#ifndef STOCKTAKE_PAGES_PAGE_INITIATIVE_H
#define STOCKTAKE_PAGES_PAGE_INITIATIVE_H

#include "frameworks/catalog.h"
#include "pages/pages.h"

/* One initiative being rendered, with the frameworks it names in the page's language. */
struct ini_view {
	struct app_request *ar;
	struct buf *b; /* the response body */
	struct initiative ini;
	struct store_ini_access acc;
	struct fw_catalog sdg, target, al, gdc, m49, itu;
	struct country_catalog countries;
};

/* ini_view_safe_url tells whether url may become a link (http or https only). */
int ini_view_safe_url(const char *url);
/* ini_view_link_out writes a link to another site (rel nofollow noopener); text may be NULL
 * (the URL is shown). A URL that is not http(s) is written as text, never as a link. */
void ini_view_link_out(struct buf *b, const char *url, const char *text);

/* ini_view_time writes a UTC ISO 8601 time as <time>, readably ("2024-05-01 09:30 UTC"). */
void ini_view_time(struct buf *b, const char *iso);

/* ini_view_jsonld writes the record as schema.org JSON-LD; 0 or ERR_NOMEM. */
int ini_view_jsonld(struct ini_view *v);
/* ini_view_history writes the versions of the record and what changed in each; 0 or an
 * err code (the store's message on the connection). */
int ini_view_history(struct ini_view *v);

#endif
