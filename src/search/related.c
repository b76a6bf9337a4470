/*
 * related.c - the candidates for an initiative's related initiatives, counted from the
 * index's bitsets: for each published initiative, how many of the given tags it has.
 *
 * In SQL this is a join of every tag the initiative has with every initiative that has the
 * same tag, grouped by initiative: a tag shared by 20,000 initiatives (SDG 3) made it 50 ms
 * at 100,000 initiatives. Here the counts of 64 slots at a time are added up in bit-planes
 * (a few word operations per tag and word), once for a histogram of the counts and once
 * to take the slots above the cut: no counter per slot to clear and read again.
 */
#include "search/search_internal.h"

#include <stdlib.h>
#include <string.h>

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

/* The counters of 64 slots, one bit-plane per bit of the count: a word's counts side by side,
 * so that counting a tag is a few word operations for 64 slots at once. */
#define PLANES 8 /* counts up to 255 */

struct counter {
	const uint64_t *w[255]; /* the bitsets of the tags counted */
	size_t nw;
	const uint64_t *pub;
	long self;
	int k; /* planes in use: enough for nw */
};

/* pop counts the set bits of x (GCC's software popcount is a call per word here). */
static inline unsigned pop(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555u;
	x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
	return (unsigned)((x * 0x0101010101010101u) >> 56);
}

/* count_word sets p to the counts of the slots of word i: of the tags, how many each has,
 * published slots only, the initiative itself left out. Returns whether any is non-zero. */
static int count_word(const struct counter *c, size_t i, uint64_t *p)
{
	uint64_t any = 0;

	for (int b = 0; b < c->k; b++)
		p[b] = 0;
	for (size_t t = 0; t < c->nw; t++) {
		uint64_t carry = c->w[t][i] & c->pub[i];

		any |= carry;
		for (int b = 0; carry && b < c->k; b++) {
			uint64_t next = p[b] & carry;

			p[b] ^= carry;
			carry = next;
		}
	}
	if (c->self >= 0 && (size_t)c->self / 64 == i)
		for (int b = 0; b < c->k; b++)
			p[b] &= ~((uint64_t)1 << (c->self % 64));
	return any != 0;
}

/* level returns the slots of a word (counts in p) whose count is n. */
static uint64_t level(const uint64_t *p, int k, unsigned n)
{
	uint64_t m = ~(uint64_t)0;

	for (int b = 0; b < k; b++)
		m &= (n >> b) & 1 ? p[b] : ~p[b];
	return m;
}

/*
 * best fills v (room for max) with the best max of the slots, shared count first, and
 * returns how many; planes has room for c->k words per word of slots. The count that makes the cut comes from a histogram: every slot above
 * it is in; of those at it, the highest ids (a heap), as many as there is room for.
 */
static size_t best(const struct search_data *d, const struct counter *c, size_t max,
		   struct search_related *v, int64_t *heap, uint64_t *planes)
{
	size_t hist[256] = {0}, above = 0, m = 0, nh = 0;
	unsigned cut, top = (unsigned)c->nw;
	int k = c->k;

	for (size_t i = 0; i < d->nwords; i++) {
		uint64_t *p = planes + i * (size_t)k;

		if (count_word(c, i, p))
			for (unsigned n = 1; n <= top; n++)
				hist[n] += pop(level(p, k, n));
	}
	for (cut = 255; cut > 1 && above + hist[cut] < max; cut--)
		above += hist[cut];
	for (size_t i = 0; cut <= top && i < d->nwords; i++) {
		const uint64_t *p = planes + i * (size_t)k;
		uint64_t x = 0;

		for (int b = 0; b < k; b++)
			x |= p[b];
		if (!x)
			continue;
		for (unsigned n = cut + 1; n <= top; n++)
			for (x = level(p, k, n); x; x &= x - 1) {
				v[m].id = d->id[i * 64 + (size_t)__builtin_ctzll(x)];
				v[m++].shared = (int)n;
			}
		for (x = level(p, k, cut); x; x &= x - 1)
			search__offer_id(heap, &nh, max - above,
					 d->id[i * 64 + (size_t)__builtin_ctzll(x)]);
	}
	for (size_t i = 0; i < nh; i++) {
		v[m].id = heap[i];
		v[m++].shared = (int)cut;
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
	struct counter *c = malloc(sizeof *c);
	uint64_t *planes = NULL;
	size_t m = 0;
	int rc, published;

	if (!v || !heap || !c) {
		free(heap);
		free(c);
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	}
	if ((rc = search_index_refresh(ix, s, e))) {
		free(heap);
		free(c);
		return rc;
	}
	pthread_rwlock_rdlock(&ix->lock);
	d = ix->d;
	if (!d) {
		rc = errinfo_set(e, ERR_INTERNAL, NULL, "the search index is not loaded");
		goto out;
	}
	c->nw = 0;
	published = search__value_find(d, SD_STATE, "published");
	for (size_t t = 0; published >= 0 && t < ntags && t < 255; t++) {
		int dim = search__scheme_dim(tags[t].scheme), k;

		if (dim < 0 || (k = search__value_find(d, (enum search_dim)dim, tags[t].code)) < 0)
			continue;
		c->w[c->nw++] = d->dims[dim].v[k].bits.w;
	}
	if (c->nw) {
		c->pub = d->dims[SD_STATE].v[published].bits.w;
		c->self = search__slot_of(d, id);
		for (c->k = 1; c->k < PLANES && ((size_t)1 << c->k) <= c->nw; c->k++)
			;
		if (!(planes = malloc(d->nwords * (size_t)c->k * sizeof *planes))) {
			rc = errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
			goto out;
		}
		m = best(d, c, max, v, heap, planes);
	}
out:
	pthread_rwlock_unlock(&ix->lock);
	free(planes);
	free(c);
	free(heap);
	if (rc)
		return rc;
	qsort(v, m, sizeof *v, cmp_related);
	*out = v;
	*n = m;
	return 0;
}
