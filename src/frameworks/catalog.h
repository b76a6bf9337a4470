/*
 * catalog.h - a framework scheme or the country list held in memory for one request, with
 * titles in one language and, when asked, how many published initiatives each code has.
 *
 * Pages and the API that show many framework items (a record's tags, the framework index)
 * load the scheme once into the request's arena and look codes up here, instead of asking
 * the store item by item.
 */
#ifndef STOCKTAKE_FRAMEWORKS_CATALOG_H
#define STOCKTAKE_FRAMEWORKS_CATALOG_H

#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

struct fw_catalog {
	const char *scheme;
	struct fw_item *v; /* in the scheme's order; title[0] and short_title[0] in the language */
	int64_t *count;    /* published initiatives per item, after fw_catalog_count */
	size_t n;
};

struct country_catalog {
	struct country *v; /* by ISO code; name[0] in the language */
	int64_t *count;    /* published initiatives per country, after country_catalog_count */
	size_t n;
};

/* fw_catalog_load reads every item of scheme, titles in lang, into arena a. */
int fw_catalog_load(struct store *s, const char *scheme, enum lang lang, struct arena *a,
		    struct fw_catalog *out);
/* fw_catalog_find returns the item with code, or NULL. */
const struct fw_item *fw_catalog_find(const struct fw_catalog *c, const char *code);
/* fw_catalog_index returns the position of code in c, or -1. */
long fw_catalog_index(const struct fw_catalog *c, const char *code);
/* fw_catalog_count fills c->count with the published initiatives of each item. */
int fw_catalog_count(struct store *s, struct fw_catalog *c, struct arena *a);
/*
 * A source of counts per code with store_fw_tally's contract, src its handle: the store,
 * or the search index of a request (search_request_tally). fw_catalog_count_from and
 * country_catalog_count_from count with it.
 */
typedef int (*fw_tally_fn)(void *src, const char *scheme, store_tally_cb cb, void *ud);
int fw_catalog_count_from(fw_tally_fn tally, void *src, struct fw_catalog *c, struct arena *a);
int country_catalog_count_from(fw_tally_fn tally, void *src, struct country_catalog *c,
			       struct arena *a);

/* country_catalog_load reads every country, names in lang, into arena a. */
int country_catalog_load(struct store *s, enum lang lang, struct arena *a,
			 struct country_catalog *out);
/* country_catalog_find returns the country with ISO alpha-2 code iso2, or NULL. */
const struct country *country_catalog_find(const struct country_catalog *c, const char *iso2);
/* country_catalog_count fills c->count with the published initiatives of each country. */
int country_catalog_count(struct store *s, struct country_catalog *c, struct arena *a);

#endif
