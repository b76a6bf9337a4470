/*
 * tally.c - what the framework pages count, from the index's bitsets: how many published
 * initiatives each code of a framework (or country, or region) has, and the newest of
 * those with one code.
 *
 * In SQL (store_fw_tally, store_fw_initiatives) these are joins and groupings over every
 * tag or country row of every published initiative: at 100,000 initiatives the index of
 * the frameworks took 6 billion instructions, an Action Line's page 4 billion. Here a
 * count is one popcount of a value's bitset ANDed with the published one, a list one pass
 * over its set bits: the SQL stays for a process without the index.
 */
#include "search/search_internal.h"

#include <stdlib.h>
#include <string.h>

/* is_group tells whether value v of dim is the group of another (C7 of C7.e-health). */
static int is_group(const struct sv_dim *x, int v)
{
	for (size_t i = 0; i < x->n; i++)
		if (x->v[i].parent == v && (int)i != v)
			return 1;
	return 0;
}

/*
 * begin refreshes ix and takes its read lock, with the facet of scheme in *dim and the
 * published bitset in *pub (NULL when nothing is published). On failure the lock is not
 * held.
 */
static int begin(struct search_index *ix, struct store *s, const char *scheme, int *dim,
		 const struct search_data **d, const struct bitset **pub, struct errinfo *e)
{
	int rc, published;

	if ((*dim = search__scheme_dim(scheme)) < 0)
		return errinfo_set(e, ERR_INVALID, NULL, "unknown scheme \"%s\"", scheme);
	if ((rc = search_index_refresh(ix, s, e)))
		return rc;
	pthread_rwlock_rdlock(&ix->lock);
	if (!(*d = ix->d)) {
		pthread_rwlock_unlock(&ix->lock);
		return errinfo_set(e, ERR_INTERNAL, NULL, "the search index is not loaded");
	}
	published = search__value_find(*d, SD_STATE, "published");
	*pub = published < 0 ? NULL : &(*d)->dims[SD_STATE].v[published].bits;
	return 0;
}

int search_fw_tally(struct search_index *ix, struct store *s, const char *scheme, store_tally_cb cb,
		    void *ud, struct errinfo *e)
{
	const struct search_data *d;
	const struct bitset *pub;
	int dim, rc;

	if ((rc = begin(ix, s, scheme, &dim, &d, &pub, e)))
		return rc;
	for (size_t v = 0; pub && v < d->dims[dim].n; v++) {
		const struct sv_dim *x = &d->dims[dim];
		int64_t n;

		/* A heading has no tags of its own (it cannot be chosen): its bits are its
		 * items', which the SQL does not count for it. */
		if (dim == SD_ACTION_LINE && is_group(x, (int)v))
			continue;
		n = (int64_t)bitset_count_and(&x->v[v].bits, pub);
		if (n > 0 && (rc = cb(ud, x->v[v].code, n)))
			break;
	}
	pthread_rwlock_unlock(&ix->lock);
	return rc;
}

/* Highest first. */
static int cmp_id_desc(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return a > b ? -1 : a < b;
}

int search_fw_list(struct search_index *ix, struct store *s, const char *scheme, const char *code,
		   size_t max, int64_t *ids, size_t *n, int64_t *total, struct errinfo *e)
{
	const struct search_data *d;
	const struct sv_dim *x;
	const struct bitset *pub;
	size_t len = code ? strlen(code) : 0, nh = 0, nv = 0, *vals;
	int64_t count = 0;
	int dim, rc, tags;

	if ((rc = begin(ix, s, scheme, &dim, &d, &pub, e)))
		return rc;
	x = &d->dims[dim];
	if (!(vals = malloc((x->n ? x->n : 1) * sizeof *vals))) {
		pthread_rwlock_unlock(&ix->lock);
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	}
	/* As the SQL: the code's tags and those under it (C7.e-health for C7); a country or a
	 * region has its own bits. */
	tags = dim != SD_COUNTRY && dim != SD_REGION && dim != SD_ITU_REGION;
	for (size_t v = 0; code && v < x->n; v++) {
		const char *c = x->v[v].code;

		if (strcmp(c, code) == 0 || (tags && strncmp(c, code, len) == 0 && c[len] == '.'))
			vals[nv++] = v;
	}
	/* From the last slot down: slots are mostly in id order, so the heap fills with the
	 * highest ids first and turns the rest away at its root. */
	for (size_t i = d->nwords; pub && nv && i-- > 0;) {
		uint64_t m = 0;

		for (size_t k = 0; k < nv; k++)
			m |= x->v[vals[k]].bits.w[i];
		m &= pub->w[i];
		count += __builtin_popcountll(m);
		while (m && max) {
			int b = 63 - __builtin_clzll(m);

			search__offer_id(ids, &nh, max, d->id[i * 64 + (size_t)b]);
			m &= ~((uint64_t)1 << b);
		}
	}
	free(vals);
	pthread_rwlock_unlock(&ix->lock);
	qsort(ids, nh, sizeof *ids, cmp_id_desc);
	*n = nh;
	*total = count;
	return 0;
}
