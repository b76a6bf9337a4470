/*
 * run.c - answering a query from the index: bitsets combined, facets counted, one page
 * picked after the cursor.
 *
 * For each facet with chosen values, S(f) is the union of their bitsets; B is what every
 * result must have whatever the facets (a live slot, the text matches, the year range).
 * The results are B AND every S(f). A facet's counts are taken against B AND the S of every
 * other facet, so each count is the total its link leads to. State is a facet like the
 * others, except that without a choice it is "published".
 */
#include "search/search_internal.h"

#include "core/i18n.h"

#include <stdlib.h>
#include <string.h>

struct hit {
	int64_t id;
	uint32_t slot;
};

/* The query's working sets, freed by eval_cleanup. */
struct eval {
	struct bitset base, result, tmp;
	struct bitset sel[SD__COUNT];
	int has_sel[SD__COUNT];
	int *chosen[SD__COUNT]; /* value indexes asked for, -1 for a year nobody has */
	size_t nchosen[SD__COUNT];
};

static void eval_cleanup(struct eval *v)
{
	bitset_cleanup(&v->base);
	bitset_cleanup(&v->result);
	bitset_cleanup(&v->tmp);
	for (int d = 0; d < SD__COUNT; d++)
		bitset_cleanup(&v->sel[d]);
}

/* field_of names the parameter that gave value v of facet dim: region=africa is region's. */
static const char *field_of(const struct search_query *q, enum search_dim dim, const char *v)
{
	if (dim == SD_ITU_REGION)
		for (size_t i = 0; i < q->nitu_as_region; i++)
			if (strcmp(q->itu_as_region[i], v) == 0)
				return search_dim_name(SD_REGION);
	return search_dim_name(dim);
}

/* resolve finds the values q asks for; an unknown one is an error naming its parameter. */
static int resolve(const struct search_data *d, const struct search_query *q, struct eval *v,
		   struct arena *a, struct errinfo *e)
{
	for (int dim = 0; dim < SD__COUNT; dim++) {
		size_t n = q->nvalues[dim];

		if (!n)
			continue;
		if (!(v->chosen[dim] = arena_alloc(a, n * sizeof(int))))
			return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
		for (size_t i = 0; i < n; i++) {
			int k = search__value_find(d, (enum search_dim)dim, q->values[dim][i]);

			/* A year is valid whether or not anything started in it. */
			if (k < 0 && dim != SD_START_YEAR)
				return errinfo_set(
				    e, ERR_INVALID,
				    field_of(q, (enum search_dim)dim, q->values[dim][i]), "%s",
				    N_("This filter value is not known."));
			v->chosen[dim][i] = k;
		}
		v->nchosen[dim] = n;
	}
	return 0;
}

/* build_sets computes base, the facet sets and the result. */
static int build_sets(const struct search_data *d, const struct search_query *q,
		      const struct hit *hits, size_t nhits, int has_text, struct eval *v)
{
	size_t nw = d->nwords;
	int published = search__value_find(d, SD_STATE, "published");

	if (bitset_init(&v->base, nw) || bitset_init(&v->result, nw) || bitset_init(&v->tmp, nw))
		return ERR_NOMEM;
	if (has_text) {
		for (size_t i = 0; i < nhits; i++)
			bitset_set(&v->base, hits[i].slot);
		bitset_and(&v->base, &d->live);
	} else {
		bitset_copy(&v->base, &d->live);
	}
	if (q->from_year || q->to_year) {
		const struct sv_dim *years = &d->dims[SD_START_YEAR];

		bitset_zero(&v->tmp);
		for (size_t i = 0; i < years->n; i++) {
			long y = strtol(years->v[i].code, NULL, 10);

			if ((!q->from_year || y >= q->from_year) &&
			    (!q->to_year || y <= q->to_year))
				bitset_or(&v->tmp, &years->v[i].bits);
		}
		bitset_and(&v->base, &v->tmp);
	}
	for (int dim = 0; dim < SD__COUNT; dim++) {
		int implicit = dim == SD_STATE && !v->nchosen[dim];

		if (!v->nchosen[dim] && !implicit)
			continue;
		if (bitset_init(&v->sel[dim], nw))
			return ERR_NOMEM;
		v->has_sel[dim] = 1;
		if (implicit) {
			if (published >= 0)
				bitset_copy(&v->sel[dim], &d->dims[dim].v[published].bits);
			continue;
		}
		for (size_t i = 0; i < v->nchosen[dim]; i++)
			if (v->chosen[dim][i] >= 0)
				bitset_or(&v->sel[dim], &d->dims[dim].v[v->chosen[dim][i]].bits);
	}
	bitset_copy(&v->result, &v->base);
	for (int dim = 0; dim < SD__COUNT; dim++)
		if (v->has_sel[dim])
			bitset_and(&v->result, &v->sel[dim]);
	return 0;
}

static int is_chosen(const struct eval *v, int dim, size_t value)
{
	for (size_t i = 0; i < v->nchosen[dim]; i++)
		if (v->chosen[dim][i] == (int)value)
			return 1;
	return 0;
}

static int cmp_year_desc(const void *x, const void *y)
{
	return -strcmp(((const struct search_count *)x)->code,
		       ((const struct search_count *)y)->code);
}

enum search_count_method search__count_method = SEARCH_COUNT_AUTO;

/* tally_stale adds slot's values in [lo, hi) to cnt from the bitsets (its list is stale). */
static void tally_stale(const struct search_data *d, size_t slot, uint32_t lo, uint32_t hi,
			uint32_t *cnt)
{
	for (int dim = 0; dim < SD__COUNT; dim++) {
		uint32_t b = d->values.base[dim];

		if (b >= hi || d->values.base[dim + 1] <= lo)
			continue;
		for (size_t k = 0; k < d->dims[dim].n; k++)
			if (b + k >= lo && b + k < hi && bitset_test(&d->dims[dim].v[k].bits, slot))
				cnt[b + k - lo]++;
	}
}

/*
 * tally adds to cnt[g - lo] one for every value g in [lo, hi) of every slot in set: the
 * counts of those values against set, from the slots' lists (d->values.ok), or the bitsets
 * for a slot whose list is stale.
 */
static void tally(const struct search_data *d, const struct bitset *set, uint32_t lo, uint32_t hi,
		  uint32_t *cnt)
{
	const struct slot_values *sv = &d->values;
	int every = lo == 0 && hi == sv->base[SD__COUNT];

	for (size_t w = 0; w < set->nwords; w++)
		for (uint64_t x = set->w[w]; x; x &= x - 1) {
			size_t slot = w * 64 + (size_t)__builtin_ctzll(x);
			const uint16_t *g, *end;

			if (slot >= d->nslots)
				break;
			if (slot >= sv->nslots || bitset_test(&sv->stale, slot)) {
				tally_stale(d, slot, lo, hi, cnt);
				continue;
			}
			g = sv->v + sv->start[slot];
			end = sv->v + sv->start[slot + 1];
			if (every) {
				for (; g < end; g++)
					cnt[*g]++;
				continue;
			}
			for (; g < end && *g < hi; g++)
				if (*g >= lo)
					cnt[*g - lo]++;
		}
}

/*
 * use_slots tells whether counting nvalues values against a set of ones slots (with nnz
 * non-zero words) reads less through the slots' lists than through the values' bitsets:
 * about 4 instructions a list entry and 6 a slot, plus 3 a value for the share of slots
 * that are stale, against 10 a word of each value's bitset.
 */
static int use_slots(const struct search_data *d, size_t nvalues, uint64_t ones, size_t nnz,
		     size_t nwords)
{
	const struct slot_values *sv = &d->values;
	size_t nlive = d->nperm ? d->nperm : 1, nstale = sv->nstale + (d->nslots - sv->nslots);
	double per_slot = (double)sv->n / (double)nlive;
	double stale = (double)nstale / (double)(d->nslots ? d->nslots : 1);
	size_t words = nnz * 4 < nwords ? nnz : nwords;

	if (!sv->ok || search__count_method == SEARCH_COUNT_BITSETS)
		return 0;
	if (search__count_method == SEARCH_COUNT_SLOTS)
		return 1;
	return (double)ones * (6.0 + 4.0 * per_slot + 3.0 * stale * sv->base[SD__COUNT]) <
	       (double)nvalues * (double)words * 10.0;
}

/* count_facets fills out->facets: every value with a count, or asked for. */
static int count_facets(const struct search_data *d, const struct search_query *q, struct eval *v,
			struct arena *a, struct search_result *out)
{
	size_t nw = d->nwords ? d->nwords : 1;
	uint32_t *idx_result = arena_alloc(a, nw * sizeof *idx_result);
	uint32_t *idx_tmp = arena_alloc(a, nw * sizeof *idx_tmp);
	uint32_t *all = NULL; /* counts of every value against the result, from the lists */
	size_t nnz_result = 0, nagainst_result = 0;
	int result_slots = 0;

	if (!idx_result || !idx_tmp)
		return ERR_NOMEM;
	/* The facets without a choice are all counted against the result: one walk of it. */
	for (int dim = 0; dim < SD__COUNT; dim++)
		if (!v->has_sel[dim] && !(dim == SD_STATE && !q->all_states))
			nagainst_result += d->dims[dim].n;
	nnz_result = bitset_nonzero(&v->result, idx_result);
	if (nagainst_result &&
	    use_slots(d, nagainst_result, (uint64_t)out->total, nnz_result, v->result.nwords)) {
		uint32_t nall = d->values.base[SD__COUNT];

		if (!(all = arena_alloc(a, (nall ? nall : 1) * sizeof *all))) /* zeroed */
			return ERR_NOMEM;
		tally(d, &v->result, 0, nall, all);
		result_slots = 1;
	}
	for (int dim = 0; dim < SD__COUNT; dim++) {
		const struct sv_dim *x = &d->dims[dim];
		const struct bitset *against = &v->result;
		struct search_facet *f = &out->facets[dim];
		const uint32_t *counts = NULL;
		uint32_t *idx = idx_result;
		size_t nnz = nnz_result;
		int *pos;

		if (dim == SD_STATE && !q->all_states)
			continue; /* nothing about unpublished initiatives for the public */
		f->shown = 1;
		if (!x->n)
			continue;
		if (v->has_sel[dim]) {
			/* Against the base and every other facet's choice. */
			bitset_copy(&v->tmp, &v->base);
			for (int o = 0; o < SD__COUNT; o++)
				if (o != dim && v->has_sel[o])
					bitset_and(&v->tmp, &v->sel[o]);
			against = &v->tmp;
			/*
			 * Counting reads every value's bitset: when few words of what is counted
			 * against are set (a narrow search), read only those words of each.
			 */
			idx = idx_tmp;
			nnz = bitset_nonzero(against, idx);
			if (use_slots(d, x->n, bitset_count(against), nnz, against->nwords)) {
				uint32_t *c = arena_alloc(a, x->n * sizeof *c); /* zeroed */

				if (!c)
					return ERR_NOMEM;
				tally(d, against, d->values.base[dim], d->values.base[dim + 1], c);
				counts = c;
			}
		} else if (result_slots) {
			counts = all + d->values.base[dim];
		}
		f->v = arena_alloc(a, x->n * sizeof *f->v);
		pos = arena_alloc(a, x->n * sizeof *pos);
		if (!f->v || !pos)
			return ERR_NOMEM;
		for (size_t i = 0; i < x->n; i++) {
			int64_t c =
			    counts ? (int64_t)counts[i]
			    : nnz * 4 < against->nwords
				? (int64_t)bitset_count_and_at(against, &x->v[i].bits, idx, nnz)
				: (int64_t)bitset_count_and(against, &x->v[i].bits);
			int sel = is_chosen(v, dim, i);

			pos[i] = -1;
			if (!c && !sel)
				continue;
			pos[i] = (int)f->n;
			f->v[f->n].code = x->v[i].code;
			f->v[f->n].count = c;
			f->v[f->n].selected = sel;
			f->v[f->n].parent = x->v[i].parent;
			f->n++;
		}
		for (size_t i = 0; i < f->n; i++)
			if (f->v[i].parent >= 0)
				f->v[i].parent = pos[f->v[i].parent];
		if (dim == SD_START_YEAR)
			qsort(f->v, f->n, sizeof *f->v, cmp_year_desc);
		/* The strings belong to the index: copy them out of the lock's reach. */
		for (size_t i = 0; i < f->n; i++)
			if (!(f->v[i].code = arena_strdup(a, f->v[i].code)))
				return ERR_NOMEM;
	}
	/* A year asked for that nobody has still shows, with 0. */
	for (size_t i = 0; i < q->nvalues[SD_START_YEAR]; i++) {
		struct search_facet *f = &out->facets[SD_START_YEAR];
		struct search_count *nv;

		if (v->chosen[SD_START_YEAR][i] >= 0)
			continue;
		if (!(nv = arena_alloc(a, (f->n + 1) * sizeof *nv)))
			return ERR_NOMEM;
		if (f->n)
			memcpy(nv, f->v, f->n * sizeof *nv);
		nv[f->n].code = q->values[SD_START_YEAR][i];
		nv[f->n].count = 0;
		nv[f->n].selected = 1;
		nv[f->n].parent = -1;
		f->v = nv;
		f->n++;
		qsort(f->v, f->n, sizeof *f->v, cmp_year_desc);
	}
	return 0;
}

/* first_after finds the first index of perm whose position is after the cursor. */
static size_t first_after(const struct search_data *d, const uint32_t *perm, size_t n,
			  enum search_sort sort, const struct search_pos *after)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct search_pos p;

		search__slot_pos(d, perm[mid], sort, &p);
		if (search__pos_cmp(sort, &p, after) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* cursor_next sets out->next_cursor to the position last in sort. */
static int cursor_next(enum search_sort sort, const struct search_pos *last, struct arena *a,
		       struct search_result *out)
{
	struct search_cursor next;

	memset(&next, 0, sizeof next);
	next.sort = sort;
	next.key = last->key;
	next.rank = last->rank;
	next.id = last->id;
	if (sort == SEARCH_SORT_TITLE)
		memcpy(next.title, last->title, SEARCH_TITLE_KEY);
	return (out->next_cursor = search_cursor_encode(&next, a)) ? 0 : ERR_NOMEM;
}

/*
 * pick_page fills out->ids (and next_cursor) with the page after the cursor, or every
 * result, in a sort that has a permutation. For relevance it gives every result in id order
 * instead, for search__rank_page to order once their ranks are known.
 */
static int pick_page(const struct search_data *d, const struct eval *v, const struct hit *hits,
		     size_t nhits, const struct search_cursor *cur, enum search_sort sort,
		     size_t limit, int all, struct arena *a, struct search_result *out)
{
	size_t want = all ? (size_t)out->total : limit + 1, n = 0;
	struct search_pos after, last;
	int64_t *ids;
	int perm = search__perm_of(sort);

	if (perm < 0)
		want = (size_t)out->total;
	if (!(ids = arena_alloc(a, (want ? want : 1) * sizeof *ids)))
		return ERR_NOMEM;
	out->ids = ids;
	if (perm < 0) {
		/* hits come in id order */
		for (size_t i = 0; i < nhits && n < want; i++)
			if (bitset_test(&v->result, hits[i].slot))
				ids[n++] = hits[i].id;
		out->nids = n;
		return 0;
	}
	if (cur) {
		after.key = cur->key;
		after.rank = cur->rank;
		after.title = cur->title;
		after.id = cur->id;
	}
	memset(&last, 0, sizeof last);
	{
		const uint32_t *p = d->perm[perm];
		size_t i = cur ? first_after(d, p, d->nperm, sort, &after) : 0;

		for (; i < d->nperm && n < want; i++) {
			if (!bitset_test(&v->result, p[i]))
				continue;
			if (n == limit - 1 && !all)
				search__slot_pos(d, p[i], sort, &last);
			ids[n++] = d->id[p[i]];
		}
	}
	out->nids = n;
	if (!all && n > limit) {
		out->nids = limit;
		return cursor_next(sort, &last, a, out); /* copies the title key */
	}
	return 0;
}

/* A bounded max-heap of the best positions seen: the page's candidates in rank order. */
struct heap {
	struct search_pos *v;
	size_t n, cap;
};

static int pos_cmp_rel(const void *x, const void *y)
{
	return search__pos_cmp(SEARCH_SORT_RELEVANCE, x, y);
}

static void heap_offer(struct heap *h, const struct search_pos *p)
{
	size_t i, c;

	if (h->n < h->cap) {
		/* sift up */
		for (i = h->n++; i > 0 && pos_cmp_rel(&h->v[(i - 1) / 2], p) < 0; i = (i - 1) / 2)
			h->v[i] = h->v[(i - 1) / 2];
		h->v[i] = *p;
		return;
	}
	if (!h->cap || pos_cmp_rel(p, &h->v[0]) >= 0)
		return;
	/* replace the worst, sift down */
	for (i = 0; (c = 2 * i + 1) < h->n; i = c) {
		if (c + 1 < h->n && pos_cmp_rel(&h->v[c + 1], &h->v[c]) > 0)
			c++;
		if (pos_cmp_rel(&h->v[c], p) <= 0)
			break;
		h->v[i] = h->v[c];
	}
	h->v[i] = *p;
}

int search__rank_page(const int64_t *ids, const double *ranks, size_t n,
		      const struct search_query *q, unsigned flags, struct arena *a,
		      struct search_result *out, struct errinfo *e)
{
	struct search_cursor cur;
	struct search_pos after;
	int all = (flags & SEARCH_ALL) != 0;
	size_t limit = (size_t)q->limit;
	struct heap h = {0};
	int64_t *page;

	if (q->cursor &&
	    (search_cursor_decode(q->cursor, &cur) || cur.sort != SEARCH_SORT_RELEVANCE))
		return errinfo_set(e, ERR_INVALID, "cursor", "%s",
				   N_("This page link is not valid: start again from the first "
				      "page."));
	if (q->cursor) {
		after.key = 0;
		after.rank = cur.rank;
		after.title = NULL;
		after.id = cur.id;
	}
	h.cap = all ? n : limit + 1;
	if (h.cap > n)
		h.cap = n;
	if (!(h.v = malloc((h.cap ? h.cap : 1) * sizeof *h.v)) ||
	    !(page = arena_alloc(a, (h.cap ? h.cap : 1) * sizeof *page))) {
		free(h.v);
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		struct search_pos p = {0, ranks[i], NULL, ids[i]};

		if (q->cursor && search__pos_cmp(SEARCH_SORT_RELEVANCE, &p, &after) <= 0)
			continue;
		heap_offer(&h, &p);
	}
	qsort(h.v, h.n, sizeof *h.v, pos_cmp_rel);
	for (size_t i = 0; i < h.n; i++)
		page[i] = h.v[i].id;
	out->ids = page;
	out->nids = h.n;
	out->next_cursor = NULL;
	if (!all && h.n > limit) {
		out->nids = limit;
		if (cursor_next(SEARCH_SORT_RELEVANCE, &h.v[limit - 1], a, out)) {
			free(h.v);
			return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
		}
	}
	free(h.v);
	return 0;
}

int search__evaluate(struct search_index *ix, const struct search_query *q, const char *fts,
		     const int64_t *hit_ids, size_t nhits, unsigned flags, struct arena *a,
		     struct search_result *out, struct errinfo *e)
{
	struct search_cursor cur;
	struct hit *hits = NULL;
	const struct search_data *d;
	enum search_sort sort = q->sort;
	size_t nh = 0;
	struct eval v;
	int rc = 0;

	memset(out, 0, sizeof *out);
	memset(&v, 0, sizeof v);
	if (!q->all_states && search_query_hidden_states(q))
		return errinfo_set(
		    e, ERR_FORBIDDEN, "state", "%s",
		    N_("Only moderators can see initiatives that are not published."));
	if (sort == SEARCH_SORT_DEFAULT || (sort == SEARCH_SORT_RELEVANCE && !fts))
		sort = fts ? SEARCH_SORT_RELEVANCE : SEARCH_SORT_NEWEST;
	if (q->cursor && (search_cursor_decode(q->cursor, &cur) || cur.sort != sort))
		return errinfo_set(e, ERR_INVALID, "cursor", "%s",
				   N_("This page link is not valid: start again from the first "
				      "page."));
	if (fts && nhits && !(hits = malloc(nhits * sizeof *hits)))
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	out->sort = sort;
	out->fts = fts;
	pthread_rwlock_rdlock(&ix->lock);
	d = ix->d;
	if (!d) {
		rc = errinfo_set(e, ERR_INTERNAL, NULL, "the search index is not loaded");
		goto out;
	}
	for (size_t i = 0; fts && i < nhits; i++) {
		long slot = search__slot_of(d, hit_ids[i]);

		if (slot < 0)
			continue;
		hits[nh].id = hit_ids[i];
		hits[nh].slot = (uint32_t)slot;
		nh++;
	}
	if ((rc = resolve(d, q, &v, a, e)))
		goto out;
	if ((rc = build_sets(d, q, hits, nh, fts != NULL, &v)))
		goto nomem;
	out->total = (int64_t)bitset_count(&v.result);
	if ((flags & SEARCH_FACETS) && (rc = count_facets(d, q, &v, a, out)))
		goto nomem;
	if ((flags & (SEARCH_PAGE | SEARCH_ALL)) &&
	    (rc = pick_page(d, &v, hits, nh, q->cursor ? &cur : NULL, sort, (size_t)q->limit,
			    (flags & SEARCH_ALL) != 0, a, out)))
		goto nomem;
	goto out;
nomem:
	rc = errinfo_set(e, rc, NULL, "out of memory");
out:
	pthread_rwlock_unlock(&ix->lock);
	eval_cleanup(&v);
	free(hits);
	return rc;
}

struct fts_collect {
	int64_t *ids;
	double *ranks;
	size_t n, cap;
};

static int on_fts(void *ud, int64_t id, double rank)
{
	struct fts_collect *c = ud;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		int64_t *ids = realloc(c->ids, cap * sizeof *ids);
		double *ranks;

		if (!ids)
			return ERR_NOMEM;
		c->ids = ids;
		if (!(ranks = realloc(c->ranks, cap * sizeof *ranks)))
			return ERR_NOMEM;
		c->ranks = ranks;
		c->cap = cap;
	}
	c->ids[c->n] = id;
	c->ranks[c->n++] = rank;
	return 0;
}

static int fts_fail(struct store *s, int rc, struct errinfo *e)
{
	if (rc == ERR_INVALID)
		return errinfo_set(e, rc, "q", "%s",
				   N_("This search text cannot be searched for."));
	return errinfo_set(e, rc, NULL, "%s", rc == ERR_NOMEM ? "out of memory" : store_errmsg(s));
}

/* The ranking's token counts, from the index's data (read under its read lock). */
static int64_t length_of(void *ud, int64_t id)
{
	return search__length_of(ud, id);
}

/*
 * match collects into *c the matches of fts (ascending ids), with their ranks when ranked:
 * from the cache, else from FTS5 (and then into the cache). Ranking reads the token count
 * of each match from the index, so it holds the index's read lock meanwhile (a refresh
 * waits the few milliseconds); matches the index does not know yet are measured by FTS5.
 */
static int match(struct search_index *ix, struct store *s, const char *fts, int ranked,
		 struct fts_collect *c, struct errinfo *e)
{
	int64_t seq = search_index_seq(ix);
	struct store_fts_lengths len = {length_of, NULL};
	int rc;

	if (search__rank_get(ix, fts, seq, ranked, &c->ids, &c->ranks, &c->n)) {
		c->cap = c->n;
		return 0;
	}
	if (ranked) {
		pthread_rwlock_rdlock(&ix->lock);
		len.ud = ix->d;
		rc = store_search_fts(s, fts, 1, ix->d ? &len : NULL, on_fts, c);
		pthread_rwlock_unlock(&ix->lock);
	} else {
		rc = store_search_fts(s, fts, 0, NULL, on_fts, c);
	}
	if (rc)
		return fts_fail(s, rc, e);
	search__rank_put(ix, fts, seq, c->ids, ranked ? c->ranks : NULL, c->n);
	return 0;
}

/*
 * ranks_of sets r[i] to the rank of ids[i] (ascending, every one a match in c): one walk,
 * both being in id order.
 */
static void ranks_of(const struct fts_collect *c, const int64_t *ids, size_t n, double *r)
{
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		while (j < c->n && c->ids[j] < ids[i])
			j++;
		r[i] = j < c->n && c->ids[j] == ids[i] ? c->ranks[j] : 0.0;
	}
}

/*
 * search_run: the matches of the text, ranked when the order is relevance (from the cache
 * when the same text was asked since the last change), then the bitsets and counts under
 * the index's read lock, and for relevance the page among the results by their ranks.
 */
int search_run(struct search_index *ix, struct store *s, const struct search_query *q,
	       unsigned flags, struct arena *a, struct search_result *out, struct errinfo *e)
{
	struct fts_collect c = {0};
	const char *fts = search_fts_query(q->q, a);
	int relevance = fts &&
			(q->sort == SEARCH_SORT_DEFAULT || q->sort == SEARCH_SORT_RELEVANCE) &&
			(flags & (SEARCH_PAGE | SEARCH_ALL));
	double *r = NULL;
	int rc;

	if ((rc = search_index_refresh(ix, s, e)))
		return rc;
	if (fts && (rc = match(ix, s, fts, relevance, &c, e)))
		goto out;
	if ((rc = search__evaluate(ix, q, fts, c.ids, c.n, flags, a, out, e)))
		goto out;
	if (out->sort == SEARCH_SORT_RELEVANCE && (flags & (SEARCH_PAGE | SEARCH_ALL))) {
		if (!(r = malloc((out->nids ? out->nids : 1) * sizeof *r))) {
			rc = errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
			goto out;
		}
		ranks_of(&c, out->ids, out->nids, r);
		rc = search__rank_page(out->ids, r, out->nids, q, flags, a, out, e);
	}
out:
	free(c.ids);
	free(c.ranks);
	free(r);
	return rc;
}
