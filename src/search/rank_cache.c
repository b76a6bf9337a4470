/*
 * rank_cache.c - the ranks of recent text queries, so that the next page of a text search,
 * or the same text with another facet, does not score every match again.
 *
 * An entry is valid for one change number only: after any change the text is ranked again.
 * Lookups copy what they need under the cache's mutex; entries are replaced whole.
 */
#include "search/search_internal.h"

#include <stdlib.h>
#include <string.h>

static void entry_free(struct rank_entry *en)
{
	free(en->fts);
	free(en->ids);
	free(en->ranks);
	memset(en, 0, sizeof *en);
}

int search__rank_get(struct search_index *ix, const char *fts, int64_t seq, const int64_t *ids,
		     size_t n, double *ranks)
{
	int found = 0;

	pthread_mutex_lock(&ix->cache_lock);
	for (int i = 0; i < RANK_CACHE_ENTRIES; i++) {
		struct rank_entry *en = &ix->cache[i];
		size_t k = 0, j = 0;

		if (!en->fts || en->seq != seq || strcmp(en->fts, fts) != 0)
			continue;
		/* both ascending: one walk */
		for (; k < n; k++) {
			while (j < en->n && en->ids[j] < ids[k])
				j++;
			if (j == en->n || en->ids[j] != ids[k])
				break;
			ranks[k] = en->ranks[j];
		}
		found = k == n;
		if (found)
			en->used = ++ix->cache_tick;
		break;
	}
	pthread_mutex_unlock(&ix->cache_lock);
	return found;
}

void search__rank_put(struct search_index *ix, const char *fts, int64_t seq, const int64_t *ids,
		      const double *ranks, size_t n)
{
	struct rank_entry en = {0}, *slot = NULL;

	if (n > RANK_CACHE_MAX_MATCHES)
		return;
	en.fts = strdup(fts);
	en.ids = malloc((n ? n : 1) * sizeof *en.ids);
	en.ranks = malloc((n ? n : 1) * sizeof *en.ranks);
	if (!en.fts || !en.ids || !en.ranks) {
		entry_free(&en);
		return; /* only a cache */
	}
	if (n) {
		memcpy(en.ids, ids, n * sizeof *ids);
		memcpy(en.ranks, ranks, n * sizeof *ranks);
	}
	en.n = n;
	en.seq = seq;
	pthread_mutex_lock(&ix->cache_lock);
	for (int i = 0; i < RANK_CACHE_ENTRIES; i++) {
		struct rank_entry *c = &ix->cache[i];

		if (c->fts && strcmp(c->fts, fts) == 0) {
			slot = c; /* the same text at an older change number */
			break;
		}
		if (!slot || !c->fts || (slot->fts && c->used < slot->used))
			slot = c;
	}
	entry_free(slot);
	en.used = ++ix->cache_tick;
	*slot = en;
	pthread_mutex_unlock(&ix->cache_lock);
}

void search__rank_cleanup(struct search_index *ix)
{
	for (int i = 0; i < RANK_CACHE_ENTRIES; i++)
		entry_free(&ix->cache[i]);
}
