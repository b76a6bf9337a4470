/*
 * search_request.h - what the search page, its downloads, the home page and the API's
 * /api/v1/initiatives and /api/v1/facets share: a search read from the query string with
 * the caller's rights, run against the application's index, errors answered in the route's
 * form (HTML or JSON), the results' records, and facet values' titles in the request's
 * language.
 */
#ifndef STOCKTAKE_APP_SEARCH_REQUEST_H
#define STOCKTAKE_APP_SEARCH_REQUEST_H

#include "app/app.h"
#include "frameworks/catalog.h"
#include "search/search.h"

/*
 * search_request_parse fills q from the request's query string; moderators may ask for any
 * state. On bad input it answers 400 naming the field (403 for states the caller may not
 * see) and returns non-zero: the handler then just returns.
 */
int search_request_parse(struct app_request *ar, struct search_query *q);
/* search_request_run runs q (see search_run); on failure it answers and returns non-zero. */
int search_request_run(struct app_request *ar, const struct search_query *q, unsigned flags,
		       struct search_result *out);

/* One result with its record. */
struct search_item {
	struct initiative ini;
	const char *snippet; /* the text around the terms, marked with \x01 .. \x02; or NULL */
};

/*
 * search_request_items reads the records of res's ids (in the request's arena), with
 * snippets when the query had text: only the fields a list shows (see
 * store_initiative_list_item). Records gone since the search are left out. On failure
 * it answers 500 and returns non-zero.
 */
int search_request_items(struct app_request *ar, const struct search_result *res,
			 struct search_item **items, size_t *n);

/*
 * search_request_answer runs q with flags and reads the page's rows, with snippets when
 * snippets is set and the query has text: search_request_run then search_request_items,
 * or a copy of the same answer read earlier at the store's current change number (see
 * app/search_cache.h). On failure it answers and returns non-zero.
 */
int search_request_answer(struct app_request *ar, const struct search_query *q, unsigned flags,
			  int snippets, struct search_result *res, struct search_item **items,
			  size_t *n);

/*
 * search_request_related calls cb for up to limit published initiatives related to ini
 * (sharing the most tags, ties by text; see store_initiative_related): candidates from the
 * search index, else (no index) from SQL alone. Returns 0 or the error (logged by the caller).
 */
int search_request_related(struct app_request *ar, const struct initiative *ini, int limit,
			   store_brief_cb cb, void *ud);

/*
 * search_request_tally is store_fw_tally for the request ar (a fw_tally_fn): from the
 * search index when there is one, else from SQL. Returns 0 or the error (logged).
 */
int search_request_tally(void *ar, const char *scheme, store_tally_cb cb, void *ud);
/*
 * search_request_fw_initiatives is store_fw_initiatives with the list and total found in the
 * search index when there is one (only the rows shown are read from the store).
 */
int search_request_fw_initiatives(struct app_request *ar, const char *scheme, const char *code,
				  int limit, store_brief_cb cb, void *ud, int64_t *total);

/* Titles of facet values in the request's language. */
struct search_labels {
	struct fw_catalog fw[SD__COUNT]; /* the facets that are frameworks */
	int has_fw[SD__COUNT];
	struct country_catalog countries;
};

/*
 * search_labels_load fills l with the titles in the request's language. They are read from
 * the store once per language and kept in ar->app until the search index is next loaded
 * whole (when the frameworks' codes are read again); l borrows them until the request ends
 * (search_labels_release). A request keeps the set it first borrowed: later calls (the
 * framework pages make several) give the same titles, never a newer set that would let
 * the first go. On failure it answers 500 and returns non-zero.
 */
int search_labels_load(struct app_request *ar, struct search_labels *l);
/*
 * search_request_catalog and search_request_countries set *c to the titles of scheme (or of
 * the countries) in the request's language: those search_labels_load keeps when there is a
 * search index (borrowed likewise; c->count is the caller's), else read into the request's
 * arena. 0 or the error, logged but not answered.
 */
int search_request_catalog(struct app_request *ar, const char *scheme, struct fw_catalog *c);
int search_request_countries(struct app_request *ar, struct country_catalog *c);
/* search_labels_release lets go of the titles ar holds, if any (app_handle calls it). */
void search_labels_release(struct app_request *ar);
/* search_labels_cleanup frees the titles a keeps (app_cleanup calls it). */
void search_labels_cleanup(struct app *a);
/*
 * search_label returns the title of code in facet d: the short form (an SDG's "Quality
 * education") when shortform and there is one; the code itself when nothing better is known.
 */
const char *search_label(struct app_request *ar, const struct search_labels *l, enum search_dim d,
			 const char *code, int shortform);
/* search_dim_title returns the heading of facet d ("Countries"), translated. */
const char *search_dim_title(struct app_request *ar, enum search_dim d);

#endif
