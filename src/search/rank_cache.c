/*
 * rank_cache.c - the matches of recent text queries, and their ranks when a page in
 * relevance order needed them, so that the next page of a text search, or the same text
 * with other facets, neither matches nor ranks again.
 *
 * An entry is valid for one change number only: after any change the text is matched again.
 * Entries are bounded in number (RANK_CACHE_ENTRIES) and in bytes (RANK_CACHE_BYTES); the
 * least recently used go first. Lookups copy the entry under the cache's mutex (a copy of
 * 20,000 matches is some 30 microseconds); entries are replaced whole.
 */
#include "search/search_internal.h"

#include <stdlib.h>
#include <string.h>

static size_t entry_bytes(const struct rank_entry *en)
{
	return en->n * (sizeof *en->ids + (en->ranks ? sizeof *en->ranks : 0));
}

static void entry_free(struct search_index *ix, struct rank_entry *en)
{
	ix->cache_bytes -= entry_bytes(en);
	free(en->fts);
	free(en->ids);
	free(en->ranks);
	memset(en, 0, sizeof *en);
}

int search__rank_get(struct search_index *ix, const char *fts, int64_t seq, int want_ranks,
		     int64_t **ids, double **ranks, size_t *n)
{
	int found = 0;

	pthread_mutex_lock(&ix->cache_lock);
	for (int i = 0; i < RANK_CACHE_ENTRIES; i++) {
		struct rank_entry *en = &ix->cache[i];
		size_t k = en->n ? en->n : 1;
		int64_t *ci;
		double *cr = NULL;

		if (!en->fts || en->seq != seq || strcmp(en->fts, fts) != 0)
			continue;
		if (want_ranks && !en->ranks)
			break;
		if (!(ci = malloc(k * sizeof *ci)) ||
		    (want_ranks && !(cr = malloc(k * sizeof *cr)))) {
			free(ci);
			break; /* only a cache */
		}
		memcpy(ci, en->ids, en->n * sizeof *ci);
		if (cr)
			memcpy(cr, en->ranks, en->n * sizeof *cr);
		*ids = ci;
		*ranks = cr;
		*n = en->n;
		en->used = ++ix->cache_tick;
		found = 1;
		break;
	}
	pthread_mutex_unlock(&ix->cache_lock);
	return found;
}

/* lru returns the least recently used entry, or NULL when every one is free. */
static struct rank_entry *lru(struct search_index *ix)
{
	struct rank_entry *slot = NULL;

	for (int i = 0; i < RANK_CACHE_ENTRIES; i++) {
		struct rank_entry *c = &ix->cache[i];

		if (c->fts && (!slot || c->used < slot->used))
			slot = c;
	}
	return slot;
}

/* free_slot returns a free entry, emptying the least recently used when none is. */
static struct rank_entry *free_slot(struct search_index *ix)
{
	for (int i = 0; i < RANK_CACHE_ENTRIES; i++)
		if (!ix->cache[i].fts)
			return &ix->cache[i];
	return lru(ix);
}

void search__rank_put(struct search_index *ix, const char *fts, int64_t seq, const int64_t *ids,
		      const double *ranks, size_t n)
{
	struct rank_entry en = {0}, *slot = NULL;
	size_t bytes;

	en.n = n;
	if (!n || (bytes = entry_bytes(&en) * (ranks ? 2 : 1)) > RANK_CACHE_BYTES / 4)
		return; /* nothing to save, or too big to keep among others */
	en.fts = strdup(fts);
	en.ids = malloc(n * sizeof *en.ids);
	en.ranks = ranks ? malloc(n * sizeof *en.ranks) : NULL;
	if (!en.fts || !en.ids || (ranks && !en.ranks)) {
		free(en.fts);
		free(en.ids);
		free(en.ranks);
		return; /* only a cache */
	}
	memcpy(en.ids, ids, n * sizeof *ids);
	if (ranks)
		memcpy(en.ranks, ranks, n * sizeof *ranks);
	en.seq = seq;
	pthread_mutex_lock(&ix->cache_lock);
	for (int i = 0; i < RANK_CACHE_ENTRIES; i++)
		if (ix->cache[i].fts && strcmp(ix->cache[i].fts, fts) == 0)
			entry_free(ix, &ix->cache[i]); /* the same text, older or unranked */
	while (ix->cache_bytes + bytes > RANK_CACHE_BYTES && (slot = lru(ix)))
		entry_free(ix, slot);
	slot = free_slot(ix);
	entry_free(ix, slot);
	en.used = ++ix->cache_tick;
	*slot = en;
	ix->cache_bytes += bytes;
	pthread_mutex_unlock(&ix->cache_lock);
}

void search__rank_cleanup(struct search_index *ix)
{
	for (int i = 0; i < RANK_CACHE_ENTRIES; i++)
		entry_free(ix, &ix->cache[i]);
}
