/*
 * page_cache.h - HTTP validators for what follows the data: the open-data dumps, the
 * reports' pages and downloads, /data.
 *
 * Such a response depends on the store's change number (it grows with every change to an
 * initiative, its tags or its countries, whichever process makes it: the number the search
 * index follows) and on what the request asks for (the format, the filters, the language),
 * so its ETag is made of the two, and of the program's version. Last-Modified is when this
 * process first saw the change number (never before the change itself). A request that
 * names the current tag (If-None-Match) or a date not before it (If-Modified-Since) gets
 * 304 Not Modified without the work of making the response.
 */
#ifndef STOCKTAKE_PAGES_PAGE_CACHE_H
#define STOCKTAKE_PAGES_PAGE_CACHE_H

#include "app/app.h"

#include <stdint.h>

enum page_cache_flags {
	/* a shared cache may keep it: no cookie is set, no signed-in user, nothing private */
	PAGE_CACHE_PUBLIC = 1 << 0,
	/* the same data and request may give other bytes (the time a report was made): W/ */
	PAGE_CACHE_WEAK = 1 << 1,
	/* an HTML page: it shows who is signed in and carries their CSRF token */
	PAGE_CACHE_USER = 1 << 2,
	/* depends on the language chosen by Accept-Language or the lang cookie (Vary) */
	PAGE_CACHE_LANG = 1 << 3,
	/* depends on the current year too (a report's trend ends there) */
	PAGE_CACHE_YEAR = 1 << 4,
};

/*
 * page_cache_check sets ETag, Last-Modified (when meaningful), Cache-Control and Vary for
 * a response that is what (format, filters, language ...) at the current change number
 * (set in *seq), and answers 304 when the request already has it. Returns 0: go on and
 * make the response; 1: answered 304; -1: answered with an error (the store failed).
 * PAGE_CACHE_PUBLIC is dropped when the response sets a cookie or someone is signed in:
 * it is then "private, no-cache" (kept by the browser, asked again each time).
 */
int page_cache_check(struct app_request *ar, const char *what, int flags, int64_t *seq);

/* The Cache-Control of public data: five minutes, then ask again. */
#define PAGE_CACHE_PUBLIC_CONTROL "public, max-age=300"

#endif
