/*
 * search_cache.c - recent search answers by query and change number (see search_cache.h).
 *
 * Each entry owns an arena holding its copy of the answer; replacing or dropping an entry
 * frees the arena whole. Entries read at an older change number than one being put are
 * dropped then: they can never be asked for again.
 */
#include "app/search_cache.h"

#include "core/buf.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct answer {
	char *key; /* NULL: a free entry */
	int64_t seq;
	struct arena arena;
	struct search_result res;
	struct search_item *items;
	size_t n, bytes;
	uint64_t used;
};

struct search_cache {
	pthread_mutex_t lock;
	struct answer e[SEARCH_CACHE_ENTRIES];
	size_t bytes;
	uint64_t tick;
};

struct search_cache *search_cache_new(void)
{
	struct search_cache *c = calloc(1, sizeof *c);

	if (c)
		pthread_mutex_init(&c->lock, NULL);
	return c;
}

static void answer_free(struct search_cache *c, struct answer *en)
{
	if (!en->key)
		return;
	c->bytes -= en->bytes;
	free(en->key);
	arena_cleanup(&en->arena);
	memset(en, 0, sizeof *en);
}

void search_cache_free(struct search_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < SEARCH_CACHE_ENTRIES; i++)
		answer_free(c, &c->e[i]);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* put_part adds "<length>:<bytes>;" of s (or "-;" for NULL) to b. */
static void put_part(struct buf *b, const char *s)
{
	if (!s) {
		buf_puts(b, "-;");
		return;
	}
	buf_printf(b, "%zu:", strlen(s));
	buf_puts(b, s);
	buf_putc(b, ';');
}

const char *search_cache_key(const struct search_query *q, unsigned flags, int snippets,
			     struct arena *a)
{
	struct buf b;
	const char *key = NULL;

	buf_init(&b, SEARCH_CACHE_KEY_MAX);
	buf_printf(&b, "f%u;s%d;a%d;y%d-%d;o%d;l%d;", flags, snippets != 0, q->all_states != 0,
		   q->from_year, q->to_year, (int)q->sort, q->limit);
	put_part(&b, q->q);
	put_part(&b, q->cursor);
	for (int d = 0; d < SD__COUNT; d++) {
		if (!q->nvalues[d])
			continue;
		buf_printf(&b, "d%d,%zu;", d, q->nvalues[d]);
		for (size_t i = 0; i < q->nvalues[d]; i++)
			put_part(&b, q->values[d][i]);
	}
	/* Every append either fits or leaves b as it was: a short key must not be used. */
	if (buf_putc(&b, '.') == 0 && b.data)
		key = arena_strdup(a, b.data);
	buf_cleanup(&b);
	return key;
}

/* copy_answer copies an answer into a: 0, or ERR_NOMEM (the copy then unusable). */
static int copy_answer(struct arena *a, const struct search_result *src,
		       const struct search_item *sitems, size_t n, struct search_result *dst,
		       struct search_item **ditems)
{
	struct search_item *items;
	int failed = 0;

	*dst = *src;
	dst->ids = arena_alloc(a, (src->nids ? src->nids : 1) * sizeof *dst->ids);
	items = arena_alloc(a, (n ? n : 1) * sizeof *items);
	if (!dst->ids || !items)
		return ERR_NOMEM;
	if (src->nids)
		memcpy(dst->ids, src->ids, src->nids * sizeof *dst->ids);
	if (src->next_cursor && !(dst->next_cursor = arena_strdup(a, src->next_cursor)))
		failed = 1;
	if (src->fts && !(dst->fts = arena_strdup(a, src->fts)))
		failed = 1;
	for (int d = 0; d < SD__COUNT; d++) {
		const struct search_facet *sf = &src->facets[d];
		struct search_facet *df = &dst->facets[d];

		if (!sf->n)
			continue;
		if (!(df->v = arena_alloc(a, sf->n * sizeof *df->v)))
			return ERR_NOMEM;
		memcpy(df->v, sf->v, sf->n * sizeof *df->v);
		for (size_t i = 0; i < sf->n; i++)
			if (!(df->v[i].code = arena_strdup(a, sf->v[i].code)))
				failed = 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (ini_copy(&items[i].ini, &sitems[i].ini, a))
			failed = 1;
		items[i].snippet = NULL;
		if (sitems[i].snippet && !(items[i].snippet = arena_strdup(a, sitems[i].snippet)))
			failed = 1;
	}
	*ditems = items;
	return failed ? ERR_NOMEM : 0;
}

int search_cache_get(struct search_cache *c, const char *key, int64_t seq, struct arena *a,
		     struct search_result *res, struct search_item **items, size_t *n)
{
	int found = 0;

	if (!c || !key)
		return 0;
	pthread_mutex_lock(&c->lock);
	for (int i = 0; i < SEARCH_CACHE_ENTRIES; i++) {
		struct answer *en = &c->e[i];

		if (!en->key || en->seq != seq || strcmp(en->key, key) != 0)
			continue;
		if (copy_answer(a, &en->res, en->items, en->n, res, items) == 0) {
			*n = en->n;
			en->used = ++c->tick;
			found = 1;
		}
		break;
	}
	pthread_mutex_unlock(&c->lock);
	return found;
}

/* lru returns the least recently used entry, or NULL when every one is free. */
static struct answer *lru(struct search_cache *c)
{
	struct answer *pick = NULL;

	for (int i = 0; i < SEARCH_CACHE_ENTRIES; i++)
		if (c->e[i].key && (!pick || c->e[i].used < pick->used))
			pick = &c->e[i];
	return pick;
}

void search_cache_put(struct search_cache *c, const char *key, int64_t seq,
		      const struct search_result *res, const struct search_item *items, size_t n)
{
	struct answer en, *slot = NULL;

	if (!c || !key)
		return;
	memset(&en, 0, sizeof en);
	arena_init(&en.arena, SEARCH_CACHE_BYTES / 8);
	en.key = strdup(key);
	if (!en.key || copy_answer(&en.arena, res, items, n, &en.res, &en.items)) {
		free(en.key);
		arena_cleanup(&en.arena);
		return; /* only a cache: too big, or no memory */
	}
	en.seq = seq;
	en.n = n;
	en.bytes = en.arena.used + strlen(key) + 1;
	pthread_mutex_lock(&c->lock);
	for (int i = 0; i < SEARCH_CACHE_ENTRIES; i++)
		if (c->e[i].key && c->e[i].seq > seq) {
			/* read before a change others have already seen: nobody will ask */
			pthread_mutex_unlock(&c->lock);
			free(en.key);
			arena_cleanup(&en.arena);
			return;
		}
	for (int i = 0; i < SEARCH_CACHE_ENTRIES; i++)
		if (c->e[i].key && (c->e[i].seq < seq || strcmp(c->e[i].key, key) == 0))
			answer_free(c, &c->e[i]); /* out of date, or the same query again */
	while (c->bytes + en.bytes > SEARCH_CACHE_BYTES && (slot = lru(c)))
		answer_free(c, slot);
	for (int i = 0; i < SEARCH_CACHE_ENTRIES && !slot; i++)
		if (!c->e[i].key)
			slot = &c->e[i];
	if (!slot)
		slot = lru(c);
	answer_free(c, slot);
	en.used = ++c->tick;
	*slot = en;
	c->bytes += en.bytes;
	pthread_mutex_unlock(&c->lock);
}
