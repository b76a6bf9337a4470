/*
 * related.c - the candidates for an initiative's related initiatives, counted from the
 * index's bitsets: for each published initiative, how many of the given tags it has.
 *
 * In SQL this is a join of every tag the initiative has with every initiative that has the
 * same tag, grouped by initiative: a tag shared by 20,000 initiatives (SDG 3) made it 50 ms
 * at 100,000 initiatives. Here it is one pass over the set bits of each tag's bitset into a
 * counter per slot, then one pass over the counters: well under a millisecond.
 */
#include "search/search_internal.h"

#include <stdlib.h>
#include <string.h>

/* tag_dim returns the facet of a tag scheme, or -1 for a scheme the index does not keep. */
static int tag_dim(const char *scheme)
{
	static const struct {
		const char *scheme;
		enum search_dim dim;
	} m[] = {{"sdg", SD_SDG},
		 {"sdg_target", SD_SDG_TARGET},
		 {"action_line", SD_ACTION_LINE},
		 {"gdc", SD_GDC}};

	for (size_t i = 0; scheme && i < sizeof m / sizeof *m; i++)
		if (strcmp(scheme, m[i].scheme) == 0)
			return (int)m[i].dim;
	return -1;
}

static int cmp_related(const void *x, const void *y)
{
	const struct search_related *a = x, *b = y;

	if (a->shared != b->shared)
		return a->shared > b->shared ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

void search__offer_id(int64_t *h, size_t *n, size_t cap, int64_t id)
{
	size_t i, c;

	if (*n < cap) {
		for (i = (*n)++; i > 0 && h[(i - 1) / 2] > id; i = (i - 1) / 2)
			h[i] = h[(i - 1) / 2];
		h[i] = id;
		return;
	}
	if (!cap || id <= h[0])
		return;
	for (i = 0; (c = 2 * i + 1) < *n; i = c) {
		if (c + 1 < *n && h[c + 1] < h[c])
			c++;
		if (h[c] >= id)
			break;
		h[i] = h[c];
	}
	h[i] = id;
}

/*
 * best fills v (room for max) with the best max of the counted slots, shared count first,
 * and returns how many. The count that makes the cut comes from a histogram: every slot
 * above it is in; of those at it, the highest ids (a heap), as many as there is room for.
 */
static size_t best(const struct search_data *d, const uint8_t *cnt, size_t max,
		   struct search_related *v, int64_t *heap)
{
	size_t hist[256] = {0}, above = 0, m = 0, nh = 0;
	int cut;

	for (size_t i = 0; i < d->nslots; i++)
		hist[cnt[i]]++;
	for (cut = 255; cut > 1 && above + hist[cut] < max; cut--)
		above += hist[cut];
	for (size_t i = 0; i < d->nslots; i++) {
		if (cnt[i] > cut) {
			v[m].id = d->id[i];
			v[m++].shared = cnt[i];
		} else if (cnt[i] == cut) {
			search__offer_id(heap, &nh, max - above, d->id[i]);
		}
	}
	for (size_t i = 0; i < nh; i++) {
		v[m].id = heap[i];
		v[m++].shared = cut;
	}
	return m;
}

int search_related(struct search_index *ix, struct store *s, int64_t id, const struct tag *tags,
		   size_t ntags, size_t max, struct arena *a, struct search_related **out,
		   size_t *n, struct errinfo *e)
{
	const struct search_data *d;
	struct search_related *v = arena_alloc(a, (max ? max : 1) * sizeof *v);
	int64_t *heap = malloc((max ? max : 1) * sizeof *heap);
	uint8_t *cnt = NULL;
	size_t m = 0;
	long self;
	int rc, published;

	if (!v || !heap) {
		free(heap);
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	}
	if ((rc = search_index_refresh(ix, s, e))) {
		free(heap);
		return rc;
	}
	pthread_rwlock_rdlock(&ix->lock);
	d = ix->d;
	if (!d) {
		rc = errinfo_set(e, ERR_INTERNAL, NULL, "the search index is not loaded");
		goto out;
	}
	if (!(cnt = calloc(d->nslots ? d->nslots : 1, 1))) {
		rc = errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
		goto out;
	}
	published = search__value_find(d, SD_STATE, "published");
	for (size_t t = 0; published >= 0 && t < ntags && t < 255; t++) {
		const uint64_t *w, *pub = d->dims[SD_STATE].v[published].bits.w;
		int dim = tag_dim(tags[t].scheme), k;

		if (dim < 0 || (k = search__value_find(d, (enum search_dim)dim, tags[t].code)) < 0)
			continue;
		w = d->dims[dim].v[k].bits.w;
		for (size_t i = 0; i < d->nwords; i++)
			for (uint64_t x = w[i] & pub[i]; x; x &= x - 1)
				cnt[i * 64 + (size_t)__builtin_ctzll(x)]++;
	}
	if ((self = search__slot_of(d, id)) >= 0)
		cnt[self] = 0;
	m = best(d, cnt, max, v, heap);
out:
	pthread_rwlock_unlock(&ix->lock);
	free(cnt);
	free(heap);
	if (rc)
		return rc;
	qsort(v, m, sizeof *v, cmp_related);
	*out = v;
	*n = m;
	return 0;
}
