/*
 * index.c - the search index: loading it from the store, keeping it up to date by change
 * number, and the orders it pages by.
 *
 * Loading (at start-up, see search_index_preload) reads everything: the frameworks' codes (so a filter on a code nobody
 * uses yet is valid and counts 0), then one query per kind of data (rows, tags, countries).
 * Every later search first reads the store's change number (one indexed lookup); when it
 * moved, only the initiatives changed since are read again and applied under the write
 * lock, or, when many changed, a new index is loaded beside the old one and swapped in.
 * Queries hold the read lock only while they combine bitsets and pick a page.
 */
#include "search/search_internal.h"

#include "core/utc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Reload everything instead of applying changes one by one past this many. */
#define FULL_RELOAD_MIN 2000

/* --- values and slots ------------------------------------------------------------------ */

long search__slot_of(const struct search_data *d, int64_t id)
{
	return search__idmap_get(&d->ids, id);
}

int search__value_find(const struct search_data *d, enum search_dim dim, const char *code)
{
	return code ? search__strmap_get(&d->dims[dim].map, code) : -1;
}

/*
 * search__scheme_dim returns the facet that holds the codes of a framework scheme (a tag
 * scheme, "country", "m49_region" or "itu_region"), or -1 for one the index does not keep.
 */
int search__scheme_dim(const char *scheme)
{
	static const struct {
		const char *scheme;
		enum search_dim dim;
	} m[] = {{"sdg", SD_SDG},
		 {"sdg_target", SD_SDG_TARGET},
		 {"action_line", SD_ACTION_LINE},
		 {"gdc", SD_GDC},
		 {"country", SD_COUNTRY},
		 {"m49_region", SD_REGION},
		 {"itu_region", SD_ITU_REGION}};

	for (size_t i = 0; scheme && i < sizeof m / sizeof *m; i++)
		if (strcmp(scheme, m[i].scheme) == 0)
			return (int)m[i].dim;
	return -1;
}

/* value_add adds code to dim (or finds it) and returns its index, or -1 without memory. */
static int value_add(struct search_data *d, enum search_dim dim, const char *code)
{
	struct sv_dim *x = &d->dims[dim];
	struct sv_value *v;
	int i = search__strmap_get(&x->map, code);

	if (i >= 0)
		return i;
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 16;
		struct sv_value *nv = realloc(x->v, cap * sizeof *nv);

		if (!nv)
			return -1;
		x->v = nv;
		x->cap = cap;
	}
	v = &x->v[x->n];
	memset(v, 0, sizeof *v);
	v->parent = -1;
	if (!(v->code = strdup(code)))
		return -1;
	if (bitset_init(&v->bits, d->nwords) || search__strmap_put(&x->map, v->code, (int)x->n)) {
		free(v->code);
		bitset_cleanup(&v->bits);
		return -1;
	}
	return (int)x->n++;
}

int search__data_value_add(struct search_data *d, enum search_dim dim, const char *code,
			   const char *group)
{
	int v = value_add(d, dim, code), g = -1;

	if (v < 0)
		return ERR_NOMEM;
	if (group && *group && (g = value_add(d, dim, group)) < 0)
		return ERR_NOMEM;
	d->dims[dim].v[v].parent = g;
	return 0;
}

int search__data_country_add(struct search_data *d, const struct country *c)
{
	const char *regions[3] = {c->m49_region, c->m49_subregion, c->m49_intermediate};
	struct sv_value *v;
	int i = value_add(d, SD_COUNTRY, c->iso2), r;

	if (i < 0)
		return ERR_NOMEM;
	v = &d->dims[SD_COUNTRY].v[i];
	v->nimplies = 0;
	for (int k = 0; k < 3; k++) {
		if (!regions[k] || !*regions[k])
			continue;
		if ((r = value_add(d, SD_REGION, regions[k])) < 0)
			return ERR_NOMEM;
		v = &d->dims[SD_COUNTRY].v[i];
		v->implies[v->nimplies].dim = SD_REGION;
		v->implies[v->nimplies++].v = r;
	}
	if (c->itu_region && *c->itu_region) {
		if ((r = value_add(d, SD_ITU_REGION, c->itu_region)) < 0)
			return ERR_NOMEM;
		v = &d->dims[SD_COUNTRY].v[i];
		v->implies[v->nimplies].dim = SD_ITU_REGION;
		v->implies[v->nimplies++].v = r;
	}
	return 0;
}

/* set_value gives slot the value v of dim, and the group or regions it implies. */
static void set_value(struct search_data *d, enum search_dim dim, int v, uint32_t slot)
{
	for (int depth = 0; v >= 0 && depth < 4; depth++) {
		const struct sv_value *x = &d->dims[dim].v[v];

		bitset_set(&d->dims[dim].v[v].bits, slot);
		for (int k = 0; k < x->nimplies; k++)
			bitset_set(&d->dims[x->implies[k].dim].v[x->implies[k].v].bits, slot);
		v = x->parent;
	}
}

/* clear_slot takes every value away from slot. */
static void clear_slot(struct search_data *d, uint32_t slot)
{
	for (int dim = 0; dim < SD__COUNT; dim++)
		for (size_t v = 0; v < d->dims[dim].n; v++)
			bitset_clear(&d->dims[dim].v[v].bits, slot);
	bitset_clear(&d->live, slot);
}

/* grow makes room for one more slot, enlarging every bitset when needed. */
static int grow(struct search_data *d)
{
	size_t cap, nwords;
	int64_t *id;
	struct slot_keys *keys;
	uint32_t *ntokens;

	if (d->nslots < d->capslots)
		return 0;
	cap = d->capslots ? d->capslots * 2 : 1024;
	nwords = bitset_words(cap);
	if (!(id = realloc(d->id, cap * sizeof *id)))
		return ERR_NOMEM;
	d->id = id;
	if (!(keys = realloc(d->keys, cap * sizeof *keys)))
		return ERR_NOMEM;
	d->keys = keys;
	if (!(ntokens = realloc(d->ntokens, cap * sizeof *ntokens)))
		return ERR_NOMEM;
	d->ntokens = ntokens;
	if (bitset_grow(&d->live, nwords) || bitset_grow(&d->changed, nwords))
		return ERR_NOMEM;
	for (int dim = 0; dim < SD__COUNT; dim++)
		for (size_t v = 0; v < d->dims[dim].n; v++)
			if (bitset_grow(&d->dims[dim].v[v].bits, nwords))
				return ERR_NOMEM;
	for (int p = 0; p < PERM__COUNT; p++) {
		uint32_t *perm = realloc(d->perm[p], cap * sizeof *perm);

		if (!perm)
			return ERR_NOMEM;
		d->perm[p] = perm;
	}
	d->capslots = cap;
	d->nwords = nwords;
	return 0;
}

/* date_key: -(YYYYMMDD) of a partial date ("2019" is 20190000), INT64_MAX when none. */
static int64_t date_key(const char *s)
{
	int64_t v = 0;
	int digits = 0;

	if (!s)
		return INT64_MAX;
	for (; *s && digits < 8; s++) {
		if (*s >= '0' && *s <= '9') {
			v = v * 10 + (*s - '0');
			digits++;
		} else if (*s != '-') {
			break;
		}
	}
	if (digits < 4)
		return INT64_MAX;
	while (digits++ < 8)
		v *= 10;
	return -v;
}

static int set_enum(struct search_data *d, enum search_dim dim, const char *code, uint32_t slot)
{
	int v;

	if (!code || !*code)
		return 0;
	if ((v = value_add(d, dim, code)) < 0)
		return ERR_NOMEM;
	set_value(d, dim, v, slot);
	return 0;
}

int search__sink_row(void *ud, const struct store_search_row *r)
{
	struct search_data *d = ud;
	long found = search__idmap_get(&d->ids, r->id);
	struct slot_keys *k;
	char year[5];
	uint32_t slot;
	int64_t t = 0;
	int rc;

	if (found >= 0) {
		slot = (uint32_t)found;
		clear_slot(d, slot);
	} else {
		if (r->gone)
			return 0;
		if ((rc = grow(d)))
			return rc;
		slot = (uint32_t)d->nslots++;
		d->id[slot] = r->id;
		if ((rc = search__idmap_put(&d->ids, r->id, slot)))
			return rc;
	}
	bitset_set(&d->changed, slot);
	d->ntokens[slot] = NTOKENS_UNKNOWN; /* until search__sink_length says */
	if (r->gone)
		return 0;
	bitset_set(&d->live, slot);
	k = &d->keys[slot];
	k->date = date_key(r->start_date);
	k->created = r->created_at && utc_parse(r->created_at, &t) == 0 ? -t : 0;
	search_title_key(r->title, k->title);
	if ((rc = set_enum(d, SD_STATE, r->state, slot)) ||
	    (rc = set_enum(d, SD_STAKEHOLDER_TYPE, r->stakeholder_type, slot)) ||
	    (rc = set_enum(d, SD_STATUS, r->status, slot)))
		return rc;
	if (k->date != INT64_MAX) {
		memcpy(year, r->start_date, 4);
		year[4] = '\0';
		if ((rc = set_enum(d, SD_START_YEAR, year, slot)))
			return rc;
	}
	return 0;
}

int search__sink_tag(void *ud, int64_t id, const char *scheme, const char *code)
{
	struct search_data *d = ud;
	long slot = search__idmap_get(&d->ids, id);
	int dim;

	if (slot < 0 || !scheme || !code)
		return 0;
	if (strcmp(scheme, "sdg") == 0)
		dim = SD_SDG;
	else if (strcmp(scheme, "sdg_target") == 0)
		dim = SD_SDG_TARGET;
	else if (strcmp(scheme, "action_line") == 0)
		dim = SD_ACTION_LINE;
	else if (strcmp(scheme, "gdc") == 0)
		dim = SD_GDC;
	else
		return 0;
	return set_enum(d, (enum search_dim)dim, code, (uint32_t)slot);
}

int search__sink_country(void *ud, int64_t id, const char *iso2)
{
	struct search_data *d = ud;
	long slot = search__idmap_get(&d->ids, id);

	return slot < 0 || !iso2 ? 0 : set_enum(d, SD_COUNTRY, iso2, (uint32_t)slot);
}

int search__sink_length(void *ud, int64_t id, int64_t ntokens)
{
	struct search_data *d = ud;
	long slot = search__idmap_get(&d->ids, id);

	if (slot >= 0 && ntokens >= 0 && ntokens < NTOKENS_UNKNOWN)
		d->ntokens[slot] = (uint32_t)ntokens;
	return 0;
}

int64_t search__length_of(const struct search_data *d, int64_t id)
{
	long slot = search__idmap_get(&d->ids, id);

	return slot < 0 || d->ntokens[slot] == NTOKENS_UNKNOWN ? -1 : (int64_t)d->ntokens[slot];
}

/* --- orders ---------------------------------------------------------------------------- */

int search__perm_of(enum search_sort sort)
{
	switch (sort) {
	case SEARCH_SORT_DATE:
		return PERM_DATE;
	case SEARCH_SORT_TITLE:
		return PERM_TITLE;
	case SEARCH_SORT_NEWEST:
		return PERM_NEWEST;
	default:
		return -1;
	}
}

static const enum search_sort perm_sort[PERM__COUNT] = {SEARCH_SORT_DATE, SEARCH_SORT_TITLE,
							SEARCH_SORT_NEWEST};

int search__pos_cmp(enum search_sort sort, const struct search_pos *a, const struct search_pos *b)
{
	int c = 0;

	switch (sort) {
	case SEARCH_SORT_RELEVANCE:
		c = a->rank < b->rank ? -1 : a->rank > b->rank;
		break;
	case SEARCH_SORT_TITLE:
		c = memcmp(a->title, b->title, SEARCH_TITLE_KEY);
		break;
	default:
		c = a->key < b->key ? -1 : a->key > b->key;
		break;
	}
	if (c)
		return c;
	if (sort == SEARCH_SORT_NEWEST)
		return a->id > b->id ? -1 : a->id < b->id;
	return a->id < b->id ? -1 : a->id > b->id;
}

void search__slot_pos(const struct search_data *d, uint32_t slot, enum search_sort sort,
		      struct search_pos *p)
{
	p->key = sort == SEARCH_SORT_DATE ? d->keys[slot].date : d->keys[slot].created;
	p->rank = 0;
	p->title = d->keys[slot].title;
	p->id = d->id[slot];
}

struct sort_ctx {
	const struct search_data *d;
	enum search_sort sort;
};

static int slot_cmp(const void *x, const void *y, void *ud)
{
	const struct sort_ctx *c = ud;
	struct search_pos a, b;

	search__slot_pos(c->d, *(const uint32_t *)x, c->sort, &a);
	search__slot_pos(c->d, *(const uint32_t *)y, c->sort, &b);
	return search__pos_cmp(c->sort, &a, &b);
}

/*
 * update_orders brings the permutations up to date after a load: all sorted again (full),
 * or the changed slots taken out, sorted among themselves and merged back in: O(n).
 */
static void slot_values_update(struct search_data *d, int full);

static int update_orders(struct search_data *d, int full)
{
	uint32_t *moved = NULL, *merged = NULL;
	size_t nmoved = 0, nlive = (size_t)bitset_count(&d->live);
	int rc = 0;

	if (!d->capslots)
		return 0;
	if (full) {
		size_t n = 0;

		for (size_t i = bitset_next(&d->live, 0); i != SIZE_MAX;
		     i = bitset_next(&d->live, i + 1))
			d->perm[0][n++] = (uint32_t)i;
		for (int p = 0; p < PERM__COUNT; p++) {
			struct sort_ctx c = {d, perm_sort[p]};

			if (p)
				memcpy(d->perm[p], d->perm[0], n * sizeof *d->perm[0]);
			qsort_r(d->perm[p], n, sizeof *d->perm[p], slot_cmp, &c);
		}
		d->nperm = n;
		goto out;
	}
	moved = malloc(d->capslots * sizeof *moved);
	merged = malloc(d->capslots * sizeof *merged);
	if (!moved || !merged) {
		rc = ERR_NOMEM;
		goto out;
	}
	for (int p = 0; p < PERM__COUNT; p++) {
		struct sort_ctx c = {d, perm_sort[p]};
		uint32_t *perm = d->perm[p];
		size_t kept = 0, i = 0, j = 0, n = 0;

		for (size_t k = 0; k < d->nperm; k++)
			if (!bitset_test(&d->changed, perm[k]))
				perm[kept++] = perm[k];
		nmoved = 0;
		for (size_t s = bitset_next(&d->changed, 0); s != SIZE_MAX;
		     s = bitset_next(&d->changed, s + 1))
			if (bitset_test(&d->live, s))
				moved[nmoved++] = (uint32_t)s;
		qsort_r(moved, nmoved, sizeof *moved, slot_cmp, &c);
		while (i < kept || j < nmoved) {
			if (j == nmoved || (i < kept && slot_cmp(&perm[i], &moved[j], &c) < 0))
				merged[n++] = perm[i++];
			else
				merged[n++] = moved[j++];
		}
		memcpy(perm, merged, n * sizeof *perm);
	}
	d->nperm = nlive;
out:
	free(moved);
	free(merged);
	slot_values_update(d, full);
	bitset_zero(&d->changed);
	return rc;
}

static void slot_values_free(struct slot_values *sv)
{
	free(sv->start);
	free(sv->v);
	bitset_cleanup(&sv->stale);
	memset(sv, 0, sizeof *sv);
}

/*
 * slot_values_update brings d->values up to date with the bitsets after a load: built again
 * after a full one; after changes in place, the changed slots are marked stale, unless that
 * makes too many (or a facet gained a value, which renumbers the values after it).
 */
static void slot_values_update(struct search_data *d, int full)
{
	struct slot_values *sv = &d->values;
	size_t limit = d->nslots / 64 > 64 ? d->nslots / 64 : 64;

	if (full || !sv->ok)
		goto rebuild;
	for (int dim = 0; dim < SD__COUNT; dim++)
		if (sv->base[dim + 1] - sv->base[dim] != d->dims[dim].n)
			goto rebuild;
	for (size_t w = 0; w < d->changed.nwords; w++)
		for (uint64_t x = d->changed.w[w]; x; x &= x - 1) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(x);

			if (i < sv->nslots && !bitset_test(&sv->stale, i)) {
				bitset_set(&sv->stale, i);
				sv->nstale++;
			}
		}
	if (sv->nstale + (d->nslots - sv->nslots) <= limit)
		return;
rebuild:
	search__slot_values_build(d);
}

/*
 * search__slot_values_build: two passes over every value's bitset, one to size each slot's
 * list, one to fill it; values are visited in number order, so every list is ascending.
 */
void search__slot_values_build(struct search_data *d)
{
	struct slot_values *sv = &d->values;
	size_t total = 0, nvalues = 0;
	uint32_t *fill;

	slot_values_free(sv);
	for (int dim = 0; dim < SD__COUNT; dim++) {
		sv->base[dim] = (uint32_t)nvalues;
		nvalues += d->dims[dim].n;
	}
	sv->base[SD__COUNT] = (uint32_t)nvalues;
	if (nvalues > SLOT_VALUES_MAX || !d->nslots)
		return;
	if (!(sv->start = calloc(d->nslots + 1, sizeof *sv->start)) ||
	    bitset_init(&sv->stale, bitset_words(d->nslots))) {
		slot_values_free(sv);
		return;
	}
	for (int dim = 0; dim < SD__COUNT; dim++)
		for (size_t k = 0; k < d->dims[dim].n; k++) {
			const struct bitset *b = &d->dims[dim].v[k].bits;

			for (size_t w = 0; w < b->nwords; w++)
				for (uint64_t x = b->w[w]; x; x &= x - 1) {
					size_t i = w * 64 + (size_t)__builtin_ctzll(x);

					if (i < d->nslots)
						sv->start[i + 1]++;
				}
		}
	for (size_t i = 0; i < d->nslots; i++) {
		total += sv->start[i + 1];
		if (total > UINT32_MAX) {
			slot_values_free(sv);
			return;
		}
		sv->start[i + 1] = (uint32_t)total;
	}
	fill = malloc((d->nslots ? d->nslots : 1) * sizeof *fill);
	sv->v = malloc((total ? total : 1) * sizeof *sv->v);
	if (!fill || !sv->v) {
		free(fill);
		slot_values_free(sv);
		return;
	}
	memcpy(fill, sv->start, d->nslots * sizeof *fill);
	for (int dim = 0; dim < SD__COUNT; dim++)
		for (size_t k = 0; k < d->dims[dim].n; k++) {
			const struct bitset *b = &d->dims[dim].v[k].bits;
			uint16_t g = (uint16_t)(sv->base[dim] + k);

			for (size_t w = 0; w < b->nwords; w++)
				for (uint64_t x = b->w[w]; x; x &= x - 1) {
					size_t i = w * 64 + (size_t)__builtin_ctzll(x);

					if (i < d->nslots)
						sv->v[fill[i]++] = g;
				}
		}
	free(fill);
	sv->n = total;
	sv->nslots = d->nslots;
	sv->ok = 1;
}

/* --- building ------------------------------------------------------------------------- */

struct search_data *search__data_new(void)
{
	struct search_data *d = calloc(1, sizeof *d);
	static const struct {
		enum search_dim dim;
		const char *const *list;
	} enums[] = {{SD_STAKEHOLDER_TYPE, ini_stakeholder_types},
		     {SD_STATUS, ini_statuses},
		     {SD_STATE, ini_states}};

	if (!d)
		return NULL;
	if (bitset_init(&d->live, 0) || bitset_init(&d->changed, 0))
		goto fail;
	for (size_t i = 0; i < sizeof enums / sizeof *enums; i++)
		for (size_t k = 0; enums[i].list[k]; k++)
			if (value_add(d, enums[i].dim, enums[i].list[k]) < 0)
				goto fail;
	return d;
fail:
	search__data_free(d);
	return NULL;
}

void search__data_free(struct search_data *d)
{
	if (!d)
		return;
	for (int dim = 0; dim < SD__COUNT; dim++) {
		for (size_t v = 0; v < d->dims[dim].n; v++) {
			free(d->dims[dim].v[v].code);
			bitset_cleanup(&d->dims[dim].v[v].bits);
		}
		free(d->dims[dim].v);
		free(d->dims[dim].map.e);
	}
	for (int p = 0; p < PERM__COUNT; p++)
		free(d->perm[p]);
	free(d->id);
	free(d->keys);
	free(d->ntokens);
	search__idmap_cleanup(&d->ids);
	slot_values_free(&d->values);
	bitset_cleanup(&d->live);
	bitset_cleanup(&d->changed);
	free(d);
}

int search__data_finish(struct search_data *d, int full)
{
	return update_orders(d, full);
}

/* The frameworks whose codes are facet values, in their own order. */
static const struct {
	enum search_dim dim;
	const char *scheme;
} fw_dims[] = {{SD_ACTION_LINE, "action_line"}, {SD_SDG, "sdg"},
	       {SD_SDG_TARGET, "sdg_target"},   {SD_GDC, "gdc"},
	       {SD_REGION, "m49_region"},       {SD_ITU_REGION, "itu_region"}};

struct fw_load_ctx {
	struct search_data *d;
	enum search_dim dim;
};

static int on_fw_item(void *ud, const struct fw_item *it)
{
	struct fw_load_ctx *c = ud;

	if (c->dim == SD_REGION && it->attr && strcmp(it->attr, "world") == 0)
		return 0; /* "the world" is not a region to filter by */
	return value_add(c->d, c->dim, it->code) < 0 ? ERR_NOMEM : 0;
}

/* on_fw_group makes each item of a group (C7.e-health of C7) give its bits to the group. */
static int on_fw_group(void *ud, const struct fw_item *it)
{
	struct fw_load_ctx *c = ud;
	int v = search__value_find(c->d, c->dim, it->code);
	int g = search__value_find(c->d, c->dim, it->parent);

	if (v >= 0 && g >= 0 && g != v)
		c->d->dims[c->dim].v[v].parent = g;
	return 0;
}

static int on_country(void *ud, const struct country *co)
{
	return search__data_country_add(ud, co);
}

/* load_frameworks adds every framework code and country, with the group and regions. */
static int load_frameworks(struct search_data *d, struct store *s)
{
	struct fw_load_ctx c = {d, SD_ACTION_LINE};
	int rc;

	for (size_t i = 0; i < sizeof fw_dims / sizeof *fw_dims; i++) {
		c.dim = fw_dims[i].dim;
		if ((rc = store_fw_list(s, fw_dims[i].scheme, LANG_EN, on_fw_item, &c)))
			return rc;
	}
	/* Action Lines under a heading (C7) count for it; targets are not their goal's. */
	c.dim = SD_ACTION_LINE;
	if ((rc = store_fw_list(s, "action_line", LANG_EN, on_fw_group, &c)))
		return rc;
	return store_country_list(s, LANG_EN, on_country, d);
}

/* load_full reads a whole new index from s into *out. */
static int load_full(struct store *s, struct search_data **out)
{
	struct search_data *d = search__data_new();
	struct store_search_sink sink;
	int rc;

	if (!d)
		return ERR_NOMEM;
	sink.ud = d;
	sink.row = search__sink_row;
	sink.tag = search__sink_tag;
	sink.country = search__sink_country;
	sink.length = search__sink_length;
	/* read first: a reload of the frameworks meanwhile means one more full load, not none */
	if ((rc = store_search_ref_seq(s, &d->ref_seq)) || (rc = load_frameworks(d, s)) ||
	    (rc = store_search_load(s, 1, 0, &sink, &d->seq)) || (rc = update_orders(d, 1))) {
		search__data_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

/* --- the index ------------------------------------------------------------------------ */

struct search_index *search_index_new(void)
{
	struct search_index *ix = calloc(1, sizeof *ix);
	pthread_rwlockattr_t attr;

	if (!ix)
		return NULL;
	pthread_mutex_init(&ix->refresh_lock, NULL);
	pthread_mutex_init(&ix->cache_lock, NULL);
	/* Writers first: a steady stream of queries must not keep changes out. */
	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&ix->lock, &attr);
	pthread_rwlockattr_destroy(&attr);
	return ix;
}

struct search_index *search__index_adopt(struct search_data *d)
{
	struct search_index *ix = search_index_new();

	if (ix) {
		ix->d = d;
		atomic_store(&ix->seq, d->seq);
		atomic_store(&ix->loaded, 1);
		atomic_store(&ix->generation, 1);
	}
	return ix;
}

static void *preload_main(void *arg)
{
	struct search_index *ix = arg;
	struct store *s = NULL;
	struct errinfo e;

	errinfo_clear(&e);
	if (store_open(ix->preload_path, STORE_READONLY, &s, &e) == 0) {
		search_index_refresh(ix, s, &e); /* on failure the first search tries again */
		store_close(s);
	}
	return NULL;
}

int search_index_preload(struct search_index *ix, const char *db_path)
{
	if (ix->preloading || !(ix->preload_path = strdup(db_path)))
		return ERR_NOMEM;
	if (pthread_create(&ix->preload, NULL, preload_main, ix) != 0) {
		free(ix->preload_path);
		ix->preload_path = NULL;
		return ERR_INTERNAL;
	}
	ix->preloading = 1;
	return 0;
}

void search_index_free(struct search_index *ix)
{
	if (!ix)
		return;
	if (ix->preloading)
		pthread_join(ix->preload, NULL);
	free(ix->preload_path);
	search__data_free(ix->d);
	search__rank_cleanup(ix);
	pthread_mutex_destroy(&ix->cache_lock);
	pthread_mutex_destroy(&ix->refresh_lock);
	pthread_rwlock_destroy(&ix->lock);
	free(ix);
}

int64_t search_index_seq(struct search_index *ix)
{
	return atomic_load(&ix->seq);
}

int64_t search_index_generation(struct search_index *ix)
{
	return atomic_load(&ix->generation);
}

static int fail(struct store *s, int rc, struct errinfo *e)
{
	return errinfo_set(e, rc, NULL, "the search index could not be loaded: %s",
			   rc == ERR_NOMEM ? "out of memory" : store_errmsg(s));
}

/* swap_in makes nd the index's data and frees the old. */
static void swap_in(struct search_index *ix, struct search_data *nd)
{
	struct search_data *old;

	pthread_rwlock_wrlock(&ix->lock);
	old = ix->d;
	ix->d = nd;
	atomic_store(&ix->seq, nd->seq);
	atomic_store(&ix->need_full, 0);
	atomic_store(&ix->loaded, 1);
	atomic_fetch_add(&ix->generation, 1);
	pthread_rwlock_unlock(&ix->lock);
	search__data_free(old);
}

int search_index_refresh(struct search_index *ix, struct store *s, struct errinfo *e)
{
	struct search_data *nd = NULL;
	struct store_search_sink sink;
	int64_t seq, changes = 0, nlive, ref_seq = 0;
	int rc;

	if ((rc = store_search_seq(s, &seq)))
		return fail(s, rc, e);
	if (atomic_load(&ix->loaded) && seq <= atomic_load(&ix->seq) &&
	    !atomic_load(&ix->need_full))
		return 0; /* the common case: nothing changed */
	pthread_mutex_lock(&ix->refresh_lock);
	if (ix->d && seq <= atomic_load(&ix->seq) && !ix->need_full)
		goto out; /* another thread brought it up to date meanwhile */
	if (ix->d && !ix->need_full &&
	    ((rc = store_search_changes(s, ix->seq, &changes)) ||
	     (rc = store_search_ref_seq(s, &ref_seq))))
		goto out;
	nlive = ix->d ? (int64_t)ix->d->nperm : 0;
	/* reloaded frameworks: their codes are read by a full load only */
	if (!ix->d || ix->need_full || ref_seq > ix->d->ref_seq ||
	    (changes > FULL_RELOAD_MIN && changes > nlive / 4)) {
		if (!(rc = load_full(s, &nd)))
			swap_in(ix, nd);
		goto out;
	}
	/* A few changes: apply them in place; queries wait the few milliseconds this takes. */
	sink.ud = ix->d;
	sink.row = search__sink_row;
	sink.tag = search__sink_tag;
	sink.country = search__sink_country;
	sink.length = search__sink_length;
	pthread_rwlock_wrlock(&ix->lock);
	rc = store_search_load(s, 0, ix->seq, &sink, &seq);
	if (!rc)
		rc = update_orders(ix->d, 0);
	if (rc) {
		update_orders(ix->d, 1);
		atomic_store(&ix->need_full, 1);
	} else {
		ix->d->seq = seq;
		atomic_store(&ix->seq, seq);
	}
	pthread_rwlock_unlock(&ix->lock);
out:
	pthread_mutex_unlock(&ix->refresh_lock);
	return rc ? fail(s, rc, e) : 0;
}
