/*
 * fig_cache.c - the reports' change number and figures, kept between requests (see
 * fig_cache.h).
 */
#include "report/fig_cache.h"

#include "core/utc.h"
#include "report/report.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct fig_cache_ref {
	struct fig_cache_ref *next;
	char *key;
	int64_t seq;
	uint64_t used; /* the cache's clock when last looked up */
	int refs;      /* requests reading the figures now */
	int gone;      /* out of the cache: freed when the last reader is done */
	struct arena arena;
	struct figures figures;
};

struct fig_cache {
	pthread_mutex_t lock;
	int64_t seq, since; /* the newest change number seen, and when it was first seen */
	int has_seq;
	struct fig_cache_ref *entries;
	size_t n;
	uint64_t clock, hits, computed;
};

struct fig_cache *fig_cache_new(void)
{
	struct fig_cache *c = calloc(1, sizeof *c);

	if (c && pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c);
		return NULL;
	}
	return c;
}

static void entry_free(struct fig_cache_ref *r)
{
	arena_cleanup(&r->arena);
	free(r->key);
	free(r);
}

/* drop takes entry *link out of the list; freed now unless a request still reads it. */
static void drop(struct fig_cache *c, struct fig_cache_ref **link)
{
	struct fig_cache_ref *r = *link;

	*link = r->next;
	c->n--;
	if (r->refs)
		r->gone = 1;
	else
		entry_free(r);
}

void fig_cache_free(struct fig_cache *c)
{
	if (!c)
		return;
	while (c->entries)
		drop(c, &c->entries);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

int fig_cache_seq(struct fig_cache *c, struct store *s, int64_t now, int64_t *seq, int64_t *since)
{
	int64_t n = 0;
	int rc;

	if ((rc = store_search_seq(s, &n)))
		return rc;
	*seq = n;
	*since = now;
	if (!c)
		return 0;
	pthread_mutex_lock(&c->lock);
	if (!c->has_seq || n > c->seq) {
		/* a newer change: the older figures will not be asked for again */
		for (struct fig_cache_ref **p = &c->entries; *p;)
			if ((*p)->seq < n)
				drop(c, p);
			else
				p = &(*p)->next;
		c->seq = n;
		c->since = now;
		c->has_seq = 1;
	}
	if (n == c->seq)
		*since = c->since;
	pthread_mutex_unlock(&c->lock);
	return 0;
}

/* key writes what the figures depend on besides the data into a new string. */
static char *key_of(int64_t seq, int64_t now, const struct fig_filter *f, enum lang lang)
{
	struct arena a;
	const char *q;
	char *k, *out, day[UTC_ISO_LEN];

	utc_format(now, day); /* the year is its first four characters */
	arena_init(&a, 0);
	/* the query has the years, types, origins and states; the place is not in it */
	q = report_filter_query(f, &a);
	k = q ? arena_sprintf(&a, "%lld|%.4s|%d|%d|%s|%s", (long long)seq, day, (int)lang,
			      (int)f->place_kind, f->place ? f->place : "", q)
	      : NULL;
	out = k ? strdup(k) : NULL;
	arena_cleanup(&a);
	return out;
}

/* own_filter copies the strings of f (the request's) into a, where the entry keeps them. */
static int own_filter(struct fig_filter *f, struct arena *a)
{
	const char **types = NULL;

	if (f->place && !(f->place = arena_strdup(a, f->place)))
		return ERR_NOMEM;
	if (f->n_stakeholder_types) {
		if (!(types = arena_alloc(a, f->n_stakeholder_types * sizeof *types)))
			return ERR_NOMEM;
		for (size_t i = 0; i < f->n_stakeholder_types; i++)
			if (!(types[i] = arena_strdup(a, f->stakeholder_types[i])))
				return ERR_NOMEM;
	}
	f->stakeholder_types = types;
	return 0;
}

int fig_cache_get(struct fig_cache *c, struct store *s, int64_t seq, int64_t now,
		  const struct fig_filter *f, enum lang lang, struct arena *a,
		  const struct figures **out, struct fig_cache_ref **ref, struct errinfo *e)
{
	struct fig_cache_ref *r, *found = NULL;
	char *key;
	int rc;

	*ref = NULL;
	if (!c) {
		struct figures *fig = arena_alloc(a, sizeof *fig);

		if (!fig)
			return ERR_NOMEM;
		if ((rc = figures_compute(s, f, lang, a, fig, e)))
			return rc;
		*out = fig;
		return 0;
	}
	if (!(key = key_of(seq, now, f, lang)))
		return ERR_NOMEM;
	pthread_mutex_lock(&c->lock);
	for (r = c->entries; r; r = r->next)
		if (strcmp(r->key, key) == 0) {
			r->refs++;
			r->used = ++c->clock;
			c->hits++;
			found = r;
			break;
		}
	pthread_mutex_unlock(&c->lock);
	if (found) {
		free(key);
		*out = &found->figures;
		*ref = found;
		return 0;
	}
	/* computed outside the lock, on this request's connection */
	if (!(r = calloc(1, sizeof *r))) {
		free(key);
		return ERR_NOMEM;
	}
	r->key = key;
	r->seq = seq;
	r->refs = 1;
	arena_init(&r->arena, 0);
	if ((rc = figures_compute(s, f, lang, &r->arena, &r->figures, e)) ||
	    (rc = own_filter(&r->figures.filter, &r->arena))) {
		entry_free(r);
		return rc;
	}
	pthread_mutex_lock(&c->lock);
	c->computed++;
	r->used = ++c->clock;
	if (seq >= c->seq) {
		/* room for it: the least recently used entry nobody reads goes */
		while (c->n >= FIG_CACHE_MAX) {
			struct fig_cache_ref **lru = NULL;

			for (struct fig_cache_ref **p = &c->entries; *p; p = &(*p)->next)
				if (!lru || (*p)->used < (*lru)->used)
					lru = p;
			drop(c, lru);
		}
		r->next = c->entries;
		c->entries = r;
		c->n++;
	} else {
		r->gone = 1; /* an older change number than the cache's: not kept */
	}
	pthread_mutex_unlock(&c->lock);
	*out = &r->figures;
	*ref = r;
	return 0;
}

void fig_cache_release(struct fig_cache *c, struct fig_cache_ref *ref)
{
	int gone;

	if (!c || !ref)
		return;
	pthread_mutex_lock(&c->lock);
	gone = --ref->refs == 0 && ref->gone;
	pthread_mutex_unlock(&c->lock);
	if (gone)
		entry_free(ref);
}

void fig_cache_stats(struct fig_cache *c, uint64_t *hits, uint64_t *computed)
{
	pthread_mutex_lock(&c->lock);
	*hits = c->hits;
	*computed = c->computed;
	pthread_mutex_unlock(&c->lock);
}
