/*
 * search_cache.h - recent answers of the search page and the API's list and facets, kept
 * for the store's change number they were read at.
 *
 * An answer is what a search shows before it is rendered: the results (total, the page's
 * ids, the cursor, the facet counts) and the page's rows with their snippets. It depends on
 * the query, on whether the caller sees every state, and on the data; nothing in it depends
 * on the language or the user beyond that (titles of facet values are looked up when the
 * page is written). The data's part is the change number: every write to an initiative
 * gives it a new one (see store_search_seq), so an answer is only ever given back at the
 * number it was read at, and one is only kept when the number did not move while it was
 * read. After any write every answer is read afresh.
 *
 * Bounded in entries and bytes; the least recently used go first. Answers are copied in
 * and out under the cache's mutex, so a caller owns what it gets.
 */
#ifndef STOCKTAKE_APP_SEARCH_CACHE_H
#define STOCKTAKE_APP_SEARCH_CACHE_H

#include "app/search_request.h"

#define SEARCH_CACHE_ENTRIES 128
#define SEARCH_CACHE_BYTES ((size_t)32 << 20)
#define SEARCH_CACHE_KEY_MAX 8192 /* bytes of a query's key; longer queries are not kept */

struct search_cache;

/* search_cache_new makes an empty cache; NULL: no memory (then nothing is kept). */
struct search_cache *search_cache_new(void);
/* search_cache_free frees c and every answer in it; NULL is a no-op. */
void search_cache_free(struct search_cache *c);

/*
 * search_cache_key returns in a the key of q asked with flags (SEARCH_PAGE, SEARCH_FACETS)
 * and snippets (whether the rows carry them): every part of q that changes the answer,
 * each length-prefixed. NULL when out of memory or longer than SEARCH_CACHE_KEY_MAX.
 */
const char *search_cache_key(const struct search_query *q, unsigned flags, int snippets,
			     struct arena *a);

/*
 * search_cache_get copies the answer to key read at change number seq into *res, *items
 * and *n (in a) and returns 1; 0 when there is none (or no memory to copy it).
 */
int search_cache_get(struct search_cache *c, const char *key, int64_t seq, struct arena *a,
		     struct search_result *res, struct search_item **items, size_t *n);

/* search_cache_put keeps a copy of the answer to key read at seq (when c has room for it). */
void search_cache_put(struct search_cache *c, const char *key, int64_t seq,
		      const struct search_result *res, const struct search_item *items, size_t n);

#endif
