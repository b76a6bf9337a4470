/*
 * page_frameworks.h - what the framework pages share (page_frameworks.c for the SDGs,
 * Action Lines and GDC objectives; page_frameworks_places.c for countries and regions).
 * Nothing else includes it.
 */
#ifndef STOCKTAKE_PAGES_PAGE_FRAMEWORKS_H
#define STOCKTAKE_PAGES_PAGE_FRAMEWORKS_H

#include "frameworks/catalog.h"
#include "pages/pages.h"

#define FW_PAGE_INITIATIVES 20 /* initiatives listed on a framework page */

/* fw_page_count writes "N initiatives" (N as a number, the words translated). */
void fw_page_count(struct app_request *ar, int64_t n);
/*
 * fw_page_initiatives writes the section listing the first published initiatives with
 * code in scheme, and a link to all of them on the search page (/initiatives?PARAM=code).
 * 0 or the store's error.
 */
int fw_page_initiatives(struct app_request *ar, const char *scheme, const char *code,
			const char *param);
/* fw_page_load gives the titles of scheme in the request's language (search_request_catalog:
 * kept with the search index, else read into the arena); 0 or the error. */
int fw_page_load(struct app_request *ar, const char *scheme, struct fw_catalog *c);
/* fw_page_tally and fw_page_tally_countries fill c->count (in the request's arena) from the
 * search index when there is one, else from SQL; 0 or the error. */
int fw_page_tally(struct app_request *ar, struct fw_catalog *c);
int fw_page_tally_countries(struct app_request *ar, struct country_catalog *c);
/* fw_page_fail answers 500 after a store failure, logging its message. */
void fw_page_fail(struct app_request *ar);
/* fw_page_not_found answers 404 for a code that names nothing. */
void fw_page_not_found(struct app_request *ar);
/* fw_page_back writes the link back to the framework index. */
void fw_page_back(struct app_request *ar);
/*
 * fw_page_end ends the page of code: its initiatives (as fw_page_initiatives), the link back
 * to the index, and page_end; on a store failure it answers 500 instead.
 */
void fw_page_end(struct app_request *ar, const char *scheme, const char *code, const char *param);

#endif
