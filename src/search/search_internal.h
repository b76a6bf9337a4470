/*
 * search_internal.h - the search index's data, shared by index.c (loading and keeping it
 * up to date) and run.c (answering queries). Nothing outside src/search includes it, except
 * the unit tests.
 *
 * Every initiative has a slot: a dense position, the bit it owns in every bitset. Every
 * value of every facet (SDG 3, country KE, state published, start year 2019) has a bitset
 * of the slots that have it. A group value (C7) also holds its members' bits, and a
 * country's bit is also set in its M49 region, sub-region and ITU-D region, so a region is
 * filtered and counted like any other value. Three permutations of the live slots keep the
 * date, title and newest orders ready for paging.
 */
#ifndef STOCKTAKE_SEARCH_SEARCH_INTERNAL_H
#define STOCKTAKE_SEARCH_SEARCH_INTERNAL_H

#include "search/bitset.h"
#include "search/search.h"

#include <pthread.h>

/* A string -> int map (open addressing); keys are borrowed from the values they name. */
struct strmap {
	struct strmap_entry {
		const char *key;
		int32_t v;
	} * e;
	size_t cap, n;
};

/*
 * An id -> slot map (open addressing); slot + 1 is stored, 0 marks a free entry. Ids are
 * SQLite rowids, mostly dense and loaded in ascending order, so the map also keeps a window
 * of ids from lo as a plain array (dense[id - lo] = slot + 1, 0 when absent): a text search
 * maps every match to its slot, and 20,000 hash probes were as many cache misses.
 */
struct idmap {
	struct idmap_entry {
		int64_t id;
		uint32_t slot1;
	} * e;
	size_t cap, n;
	uint32_t *dense; /* complete for every id in [lo, lo + ndense) */
	int64_t lo, max; /* max: the largest id put */
	size_t ndense;
};

/* search__strmap_get returns the value of key, or -1; put adds or replaces (ERR_NOMEM). */
int search__strmap_get(const struct strmap *m, const char *key);
int search__strmap_put(struct strmap *m, const char *key, int v);
/* search__idmap_get returns the slot of id, or -1; put adds or replaces (ERR_NOMEM). */
long search__idmap_get(const struct idmap *m, int64_t id);
int search__idmap_put(struct idmap *m, int64_t id, uint32_t slot);
/* search__idmap_cleanup frees the map's storage. */
void search__idmap_cleanup(struct idmap *m);

#define SV_MAX_IMPLIES 4

struct sv_value {
	char *code;
	struct bitset bits;
	int parent; /* the group (in the same facet) that also gets this value's bits, or -1 */
	int nimplies;
	struct {
		int dim, v;
	} implies[SV_MAX_IMPLIES]; /* a country's regions */
};

struct sv_dim {
	struct sv_value *v;
	size_t n, cap;
	struct strmap map;
};

struct slot_keys {
	int64_t date;    /* -(YYYYMMDD) of the start date, INT64_MAX when none: ascending sorts */
	int64_t created; /* -(seconds since 1970) of the creation time */
	char title[SEARCH_TITLE_KEY];
};

enum { PERM_DATE, PERM_TITLE, PERM_NEWEST, PERM__COUNT };

/*
 * Every slot's values: the value bitsets turned around, so that facets are counted over a
 * narrow result by walking its slots (a few thousand slots x ~13 values) instead of ANDing
 * every value's bitset with it (~500 values x every word). A value is numbered
 * base[dim] + its index in dim; a slot's numbers are v[start[slot]..start[slot + 1]),
 * ascending. Built from the bitsets when the index is loaded whole; changes applied in
 * place only mark their slots stale (and slots added since, from nslots on, are stale too):
 * counting reads a stale slot's values from the bitsets. The lists are built again when
 * more than 1/64 of the slots are stale or a facet gained a value. ok is 0 when they could
 * not be built (no memory, too many values): counting then uses the bitsets alone.
 */
#define SLOT_VALUES_MAX 65535

struct slot_values {
	uint32_t *start; /* nslots + 1 offsets */
	uint16_t *v;
	size_t n;                     /* entries of v */
	size_t nslots;                /* the slots there were when built */
	struct bitset stale;          /* slots whose list is out of date (below nslots) */
	size_t nstale;                /* bits set in stale */
	uint32_t base[SD__COUNT + 1]; /* base[SD__COUNT]: how many values in all */
	int ok;
};

#define NTOKENS_UNKNOWN UINT32_MAX

struct search_data {
	size_t nslots, capslots, nwords;
	int64_t *id;            /* slot -> initiative id */
	struct slot_keys *keys; /* slot -> sort keys */
	uint32_t *ntokens;      /* slot -> length of its text in tokens, or NTOKENS_UNKNOWN */
	struct idmap ids;       /* initiative id -> slot */
	struct bitset live;     /* slots that hold an initiative */
	struct bitset changed;  /* slots changed by the load in progress */
	struct sv_dim dims[SD__COUNT];
	uint32_t *perm[PERM__COUNT]; /* live slots in each order */
	size_t nperm;
	struct slot_values values; /* slot -> its values */
	int64_t seq;               /* the change number loaded */
	int64_t ref_seq; /* the reference data's (store_search_ref_seq) at the full load */
};

/*
 * The matches of a recent text query at one change number, with their ranks (bm25) when a
 * page in relevance order needed them: a text is usually asked again (the next page,
 * another facet). Bounded in entries and bytes; least recently used entries go first.
 */
#define RANK_CACHE_ENTRIES 64
#define RANK_CACHE_BYTES ((size_t)32 << 20)

struct rank_entry {
	char *fts;
	int64_t seq;
	int64_t *ids;  /* ascending */
	double *ranks; /* ranks[i] is ids[i]'s; NULL when not ranked */
	size_t n;
	uint64_t used;
};

struct search_index {
	pthread_mutex_t refresh_lock; /* one thread brings the index up to date at a time */
	pthread_rwlock_t lock;        /* queries read d; applying changes writes it */
	struct search_data *d;        /* NULL until the first load */
	_Atomic int64_t seq;          /* d->seq, readable without a lock */
	_Atomic int loaded;           /* d is set */
	_Atomic int need_full;        /* the last incremental load failed: reload everything */
	_Atomic int64_t generation;   /* how many times d was loaded whole (swap_in) */
	pthread_mutex_t cache_lock;
	struct rank_entry cache[RANK_CACHE_ENTRIES];
	size_t cache_bytes;
	uint64_t cache_tick;
	pthread_t preload; /* the start-up load (search_index_preload), joined by free */
	int preloading;
	char *preload_path;
};

/*
 * search__rank_get sets *ids (ascending) and *n to the cached matches of fts at change number
 * seq and, when want_ranks, *ranks to their ranks (an entry without ranks does not count
 * then; else *ranks is NULL): copies for the caller to free. 1 when found, else 0.
 */
int search__rank_get(struct search_index *ix, const char *fts, int64_t seq, int want_ranks,
		     int64_t **ids, double **ranks, size_t *n);
/* search__rank_put caches the matches ids[0..n) (ascending) of fts at seq, ranks or NULL. */
void search__rank_put(struct search_index *ix, const char *fts, int64_t seq, const int64_t *ids,
		      const double *ranks, size_t n);
/* search__rank_cleanup frees the cache. */
void search__rank_cleanup(struct search_index *ix);

/* A position in an order: what cursors hold and slots are compared by. */
struct search_pos {
	int64_t key;
	double rank;
	const char *title; /* SEARCH_TITLE_KEY bytes */
	int64_t id;
};

/* search__pos_cmp compares two positions in the order sort (never SEARCH_SORT_DEFAULT). */
int search__pos_cmp(enum search_sort sort, const struct search_pos *a, const struct search_pos *b);
/* search__slot_pos fills p with slot's position in sort (rank 0). */
void search__slot_pos(const struct search_data *d, uint32_t slot, enum search_sort sort,
		      struct search_pos *p);
/* search__perm_of returns the PERM_ index of a sort that has one, or -1 (relevance). */
int search__perm_of(enum search_sort sort);

/*
 * search__slot_values_build rebuilds d->values from the value bitsets (values.ok 0 when it
 * cannot: counting then falls back to the bitsets). search__data_finish calls it after a
 * full load, or when changes in place left too many slots stale.
 */
void search__slot_values_build(struct search_data *d);

/*
 * How count_facets counts: SEARCH_COUNT_AUTO picks per facet whichever reads less; tests set
 * search__count_method to check that both ways give the same counts.
 */
enum search_count_method { SEARCH_COUNT_AUTO, SEARCH_COUNT_BITSETS, SEARCH_COUNT_SLOTS };
extern enum search_count_method search__count_method;

/* search__slot_of returns the slot of initiative id, or -1. */
long search__slot_of(const struct search_data *d, int64_t id);
/* search__value_find returns the index of code in facet dim of d, or -1. */
int search__value_find(const struct search_data *d, enum search_dim dim, const char *code);
/* search__scheme_dim returns the facet of a framework scheme's codes, or -1. */
int search__scheme_dim(const char *scheme);
/* search__offer_id keeps in h, a min-heap of at most cap ids (*n of them), the largest ids
 * offered (related.c). */
void search__offer_id(int64_t *h, size_t *n, size_t cap, int64_t id);

/*
 * For tests: search__data_new makes empty data with the fixed values (enumerations) only,
 * search__data_value_add adds a value (parent: the group's code or NULL), the sink callbacks
 * load rows as store_search_load would send them, and search__data_finish sorts the orders.
 */
struct search_data *search__data_new(void);
void search__data_free(struct search_data *d);
int search__data_value_add(struct search_data *d, enum search_dim dim, const char *code,
			   const char *group);
int search__data_country_add(struct search_data *d, const struct country *c);
int search__sink_row(void *ud, const struct store_search_row *r);
int search__sink_tag(void *ud, int64_t id, const char *scheme, const char *code);
int search__sink_country(void *ud, int64_t id, const char *iso2);
int search__sink_length(void *ud, int64_t id, int64_t ntokens);
/* search__length_of returns the length in tokens of initiative id's text, or -1: unknown. */
int64_t search__length_of(const struct search_data *d, int64_t id);
int search__data_finish(struct search_data *d, int full);
/* search__index_adopt makes an index answer from d (which it then owns): tests only. */
struct search_index *search__index_adopt(struct search_data *d);
/*
 * search__evaluate is search_run's work under the index's lock, given the ids the text
 * matched (ascending; ignored when fts is NULL). For relevance it gives every result's id in
 * ascending order instead of a page: search__rank_page then orders them by their ranks
 * (ids[i] has rank ranks[i]) and picks the page after q->cursor.
 */
int search__evaluate(struct search_index *ix, const struct search_query *q, const char *fts,
		     const int64_t *hit_ids, size_t nhits, unsigned flags, struct arena *a,
		     struct search_result *out, struct errinfo *e);
int search__rank_page(const int64_t *ids, const double *ranks, size_t n,
		      const struct search_query *q, unsigned flags, struct arena *a,
		      struct search_result *out, struct errinfo *e);

#endif
