/*
 * catalog.c - framework schemes and countries loaded into a request's arena.
 */
#include "frameworks/catalog.h"

#include <stdint.h>
#include <string.h>

struct fw_loader {
	struct arena *a;
	struct fw_item *v;
	size_t n, cap;
};

/* dup copies s into a; NULL stays NULL, and a failed copy is reported through *bad. */
static const char *dup(struct arena *a, const char *s, int *bad)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = arena_strdup(a, s)))
		*bad = 1;
	return d;
}

static int fw_add(void *ud, const struct fw_item *it)
{
	struct fw_loader *l = ud;
	struct fw_item *d;
	int bad = 0;

	if (arena_grow(l->a, (void **)&l->v, l->n, &l->cap, sizeof *l->v, 32, SIZE_MAX))
		return ERR_NOMEM;
	d = &l->v[l->n];
	memset(d, 0, sizeof *d);
	d->scheme = it->scheme;
	d->code = dup(l->a, it->code, &bad);
	d->parent = dup(l->a, it->parent, &bad);
	d->attr = dup(l->a, it->attr, &bad);
	d->sort = it->sort;
	d->is_group = it->is_group;
	d->title[0] = dup(l->a, it->title[0], &bad);
	d->short_title[0] = dup(l->a, it->short_title[0], &bad);
	if (bad)
		return ERR_NOMEM;
	l->n++;
	return 0;
}

int fw_catalog_load(struct store *s, const char *scheme, enum lang lang, struct arena *a,
		    struct fw_catalog *out)
{
	struct fw_loader l = {a, NULL, 0, 0};
	int rc = store_fw_list(s, scheme, lang, fw_add, &l);

	if (rc)
		return rc;
	out->scheme = scheme;
	out->v = l.v;
	out->n = l.n;
	out->count = NULL;
	for (size_t i = 0; i < l.n; i++)
		l.v[i].scheme = scheme; /* the store's string lives only during the listing */
	return 0;
}

long fw_catalog_index(const struct fw_catalog *c, const char *code)
{
	for (size_t i = 0; code && i < c->n; i++)
		if (strcmp(c->v[i].code, code) == 0)
			return (long)i;
	return -1;
}

const struct fw_item *fw_catalog_find(const struct fw_catalog *c, const char *code)
{
	long i = fw_catalog_index(c, code);

	return i < 0 ? NULL : &c->v[i];
}

static int fw_tally_add(void *ud, const char *code, int64_t n)
{
	struct fw_catalog *c = ud;
	long i = fw_catalog_index(c, code);

	if (i >= 0)
		c->count[i] = n;
	return 0;
}

/* store_tally is store_fw_tally as a fw_tally_fn. */
static int store_tally(void *src, const char *scheme, store_tally_cb cb, void *ud)
{
	return store_fw_tally(src, scheme, cb, ud);
}

int fw_catalog_count_from(fw_tally_fn tally, void *src, struct fw_catalog *c, struct arena *a)
{
	if (!(c->count = arena_alloc(a, (c->n ? c->n : 1) * sizeof *c->count)))
		return ERR_NOMEM;
	return tally(src, c->scheme, fw_tally_add, c);
}

int fw_catalog_count(struct store *s, struct fw_catalog *c, struct arena *a)
{
	return fw_catalog_count_from(store_tally, s, c, a);
}

struct country_loader {
	struct arena *a;
	struct country *v;
	size_t n, cap;
};

static int country_add(void *ud, const struct country *c)
{
	struct country_loader *l = ud;
	struct country *d;
	int bad = 0;

	if (arena_grow(l->a, (void **)&l->v, l->n, &l->cap, sizeof *l->v, 32, SIZE_MAX))
		return ERR_NOMEM;
	d = &l->v[l->n];
	memset(d, 0, sizeof *d);
	d->iso2 = dup(l->a, c->iso2, &bad);
	d->iso3 = dup(l->a, c->iso3, &bad);
	d->numeric = dup(l->a, c->numeric, &bad);
	d->m49_region = dup(l->a, c->m49_region, &bad);
	d->m49_subregion = dup(l->a, c->m49_subregion, &bad);
	d->m49_intermediate = dup(l->a, c->m49_intermediate, &bad);
	d->itu_region = dup(l->a, c->itu_region, &bad);
	d->ldc = c->ldc;
	d->lldc = c->lldc;
	d->sids = c->sids;
	d->name[0] = dup(l->a, c->name[0], &bad);
	if (bad)
		return ERR_NOMEM;
	l->n++;
	return 0;
}

int country_catalog_load(struct store *s, enum lang lang, struct arena *a,
			 struct country_catalog *out)
{
	struct country_loader l = {a, NULL, 0, 0};
	int rc = store_country_list(s, lang, country_add, &l);

	if (rc)
		return rc;
	out->v = l.v;
	out->n = l.n;
	out->count = NULL;
	return 0;
}

const struct country *country_catalog_find(const struct country_catalog *c, const char *iso2)
{
	size_t lo = 0, hi = c->n;

	/* The store lists countries by code. */
	while (iso2 && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(c->v[mid].iso2, iso2);

		if (cmp == 0)
			return &c->v[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int country_tally_add(void *ud, const char *iso2, int64_t n)
{
	struct country_catalog *c = ud;
	const struct country *k = country_catalog_find(c, iso2);

	if (k)
		c->count[k - c->v] = n;
	return 0;
}

int country_catalog_count_from(fw_tally_fn tally, void *src, struct country_catalog *c,
			       struct arena *a)
{
	if (!(c->count = arena_alloc(a, (c->n ? c->n : 1) * sizeof *c->count)))
		return ERR_NOMEM;
	return tally(src, "country", country_tally_add, c);
}

int country_catalog_count(struct store *s, struct country_catalog *c, struct arena *a)
{
	return country_catalog_count_from(store_tally, s, c, a);
}
