/*
 * fig_cache.h - what the reports keep between requests of one server process: the store's
 * change number with the time this process first saw it (what HTTP validators are made
 * of), and the figures computed for that change number.
 *
 * The figures of a report depend only on the data (the change number says when it
 * changed), the filter, the language of the titles and the current year (the trend and the
 * recent years end there). So a page, its CSV, XLSX, PDF and JSON, and every later view,
 * share one computation while nothing changes: fig_cache_get looks the figures up by
 * (change number, year, language, filter) and computes them only when they are not there.
 * The cache is bounded (FIG_CACHE_MAX entries, the least recently used goes first), and
 * entries of an older change number go as soon as a newer one is seen. It is shared by the
 * server's threads: one mutex guards it, and the figures are computed outside it.
 */
#ifndef STOCKTAKE_REPORT_FIG_CACHE_H
#define STOCKTAKE_REPORT_FIG_CACHE_H

#include "report/figures.h"

#include <stdint.h>

/* At most this many sets of figures are kept. */
#define FIG_CACHE_MAX 16

struct fig_cache;
struct fig_cache_ref;

/* fig_cache_new returns an empty cache, NULL when out of memory; fig_cache_free(NULL) is a no-op. */
struct fig_cache *fig_cache_new(void);
void fig_cache_free(struct fig_cache *c);

/*
 * fig_cache_seq reads s's change number into *seq and sets *since to the time (seconds,
 * UTC) this process first saw it, now when it is new. A time is never earlier than the
 * change it stands for, so a client's If-Modified-Since from before the change never
 * matches it. 0 or the store's error.
 */
int fig_cache_seq(struct fig_cache *c, struct store *s, int64_t now, int64_t *seq, int64_t *since);

/*
 * fig_cache_get gives in *out the figures of filter f in lang at change number seq (from
 * fig_cache_seq) for the year of now, computing them on s when they are not cached (then
 * as figures_compute). The figures are read-only and stay valid until
 * fig_cache_release(c, *ref), which every successful call needs. c NULL: the figures are
 * computed in arena a and *ref is NULL. Errors as figures_compute's; nothing is cached
 * then.
 */
int fig_cache_get(struct fig_cache *c, struct store *s, int64_t seq, int64_t now,
		  const struct fig_filter *f, enum lang lang, struct arena *a,
		  const struct figures **out, struct fig_cache_ref **ref, struct errinfo *e);
void fig_cache_release(struct fig_cache *c, struct fig_cache_ref *ref);

/* fig_cache_stats counts lookups answered from the cache and computations (for tests). */
void fig_cache_stats(struct fig_cache *c, uint64_t *hits, uint64_t *computed);

#endif
