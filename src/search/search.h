/*
 * search.h - finding initiatives: full text, facets that combine, counts, cursor pages.
 *
 * A query (struct search_query) is built from a request's parameters, one pair at a time,
 * by search_query_param, the same way for the page /initiatives, the API and downloads.
 * search_run answers it from a search index (struct search_index): an in-memory copy of
 * what initiatives are filtered, counted and sorted by, one bitset per facet value, kept
 * up to date with the store by change number (see docs/internals/search.md). Full-text
 * matching is SQLite FTS5 with bm25 ranking; its matches become one more bitset.
 *
 * Within one facet, several values are alternatives (sdg=3&sdg=4: either); different
 * facets must all hold (sdg=3&country=KE: both). The count of a facet value is the number
 * of results the query would have with that value chosen instead of the facet's other
 * values: the number a link to it leads to.
 */
#ifndef STOCKTAKE_SEARCH_SEARCH_H
#define STOCKTAKE_SEARCH_SEARCH_H

#include "core/arena.h"
#include "core/err.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* The facets: X(enum, parameter name). Their order is the order pages show them in. */
#define SEARCH_DIMS(X)                             \
	X(SD_ACTION_LINE, "action_line")           \
	X(SD_SDG, "sdg")                           \
	X(SD_SDG_TARGET, "sdg_target")             \
	X(SD_GDC, "gdc")                           \
	X(SD_REGION, "region")                     \
	X(SD_ITU_REGION, "itu_region")             \
	X(SD_COUNTRY, "country")                   \
	X(SD_STAKEHOLDER_TYPE, "stakeholder_type") \
	X(SD_STATUS, "status")                     \
	X(SD_START_YEAR, "start_year")             \
	X(SD_STATE, "state")

enum search_dim {
#define SEARCH_DIM_ENUM(e, name) e,
	SEARCH_DIMS(SEARCH_DIM_ENUM)
#undef SEARCH_DIM_ENUM
	    SD__COUNT
};

/* search_dim_name returns the parameter name of d; search_dim_parse maps it back (-1). */
const char *search_dim_name(enum search_dim d);
int search_dim_parse(const char *name);

enum search_sort {
	SEARCH_SORT_DEFAULT, /* relevance with a text query, else newest */
	SEARCH_SORT_RELEVANCE,
	SEARCH_SORT_DATE,  /* start date, latest first, undated last; then id */
	SEARCH_SORT_TITLE, /* title, case-insensitive; then id */
	SEARCH_SORT_NEWEST /* creation time, newest first; then id, highest first */
};

/* search_sort_name: "relevance", "date", "title", "newest" ("" for the default). */
const char *search_sort_name(enum search_sort s);

#define SEARCH_MAX_Q 500      /* bytes of text in q */
#define SEARCH_MAX_TERMS 32   /* terms of q that count */
#define SEARCH_MAX_VALUES 100 /* values of one facet in one query */
#define SEARCH_LIMIT_DEFAULT 20
#define SEARCH_LIMIT_MAX 100
#define SEARCH_TITLE_KEY 48 /* bytes of a title that sort it */

struct search_query {
	const char *q; /* the text as typed; NULL when none */
	const char **values[SD__COUNT];
	size_t nvalues[SD__COUNT];
	int from_year, to_year; /* 0 when not given */
	enum search_sort sort;
	int limit;
	const char *cursor; /* NULL for the first page */
	/*
	 * The ITU-D region names given as region= (region=africa is itu_region=africa): an
	 * unknown one is an error naming "region", the parameter the user sent.
	 */
	const char **itu_as_region;
	size_t nitu_as_region;
	/*
	 * Set by the caller: may see initiatives in every state (moderators). Without it only
	 * published initiatives exist for the query, and asking for another state is refused.
	 */
	int all_states;
};

/* search_query_init empties q (limit SEARCH_LIMIT_DEFAULT, published initiatives only). */
void search_query_init(struct search_query *q);
/*
 * search_query_param takes one parameter of a request into q: q, a facet name (repeatable),
 * from_year, to_year, sort, limit or cursor; any other name is ignored, and so is an empty
 * value (an empty form field). Values are checked for form (a year has four digits, limit is
 * 1 to 100, sort is one of the names); whether a facet value exists is search_run's check.
 * region takes an M49 code or, as an ITU-D region's name (africa), counts as itu_region
 * (errors about it still name region).
 * Returns 0, or ERR_INVALID with e naming the field and e->msg a sentence for the user in
 * English, fit to be translated as a whole (it never contains the value).
 */
int search_query_param(struct search_query *q, struct arena *a, const char *name, const char *value,
		       struct errinfo *e);
/* search_query_hidden_states tells whether q asks for states other than published. */
int search_query_hidden_states(const struct search_query *q);
/* search_query_has_filters tells whether q filters by anything (text, facets or years). */
int search_query_has_filters(const struct search_query *q);

/*
 * search_fts_query turns text as a person typed it into an FTS5 query that cannot fail to
 * parse: each word becomes a quoted term (quotes doubled), "quoted phrases" stay phrases, a
 * word or phrase ending in * matches as a prefix, and every term must match. Operators
 * (AND, OR, NOT, NEAR), parentheses, colons and column filters are only words. Returns the
 * query in a, or NULL when the text holds no word at all.
 */
const char *search_fts_query(const char *text, struct arena *a);

/*
 * search_title_key writes the sort key of title: ASCII folded to lower case, leading
 * punctuation and spaces skipped, cut to SEARCH_TITLE_KEY - 1 bytes on a character
 * boundary, zero-padded. Titles compare as memcmp of their keys.
 */
void search_title_key(const char *title, char out[SEARCH_TITLE_KEY]);

/* Where a page starts: the sort key and id of the last item of the page before. */
struct search_cursor {
	enum search_sort sort; /* never SEARCH_SORT_DEFAULT */
	int64_t key;           /* date or creation key */
	double rank;           /* relevance */
	char title[SEARCH_TITLE_KEY];
	int64_t id;
};

/* search_cursor_encode returns c as an opaque base64url string in a (NULL: no memory). */
const char *search_cursor_encode(const struct search_cursor *c, struct arena *a);
/* search_cursor_decode reads s into *c; ERR_INVALID when s is not a cursor we made. */
int search_cursor_decode(const char *s, struct search_cursor *c);

/* The index. */
struct search_index;

/* search_index_new makes an empty index, loaded from a store on first use; NULL: no memory. */
struct search_index *search_index_new(void);
/*
 * search_index_preload starts loading ix from the database at db_path on a thread of its
 * own (its own read-only connection), so the index is ready before the first search asks;
 * a search that comes earlier waits for it. Failures are left for that search to meet.
 */
int search_index_preload(struct search_index *ix, const char *db_path);
/* search_index_free frees ix (after the preload has finished); NULL is a no-op. */
void search_index_free(struct search_index *ix);
/*
 * search_index_refresh brings ix up to date with s: the first call loads everything (the
 * frameworks' codes, then one query per kind of data); later calls read only the
 * initiatives changed since, or reload everything when most have changed. Safe to call from
 * any number of threads; search_run calls it.
 */
int search_index_refresh(struct search_index *ix, struct store *s, struct errinfo *e);
/* search_index_seq returns the change number the index reflects (0 before loading). */
int64_t search_index_seq(struct search_index *ix);

/*
 * search_index_generation returns how many times ix was loaded whole (0 before the first
 * load). The frameworks' codes are read only then, so what is derived from the frameworks
 * (the titles of facet values) stays valid while the generation does not change.
 */
int64_t search_index_generation(struct search_index *ix);

/* One value of a facet in a result, with its count. */
struct search_count {
	const char *code;
	int64_t count;
	int selected; /* the query asks for it */
	int parent;   /* position of its group in the same facet (C7 for C7.e-health), or -1 */
};

struct search_facet {
	struct search_count *v; /* the values with a count or selected, in the facet's order */
	size_t n;
	int shown; /* computed (state only for queries with all_states) */
};

enum search_flags {
	SEARCH_PAGE = 1 << 0,   /* ids of one page, from q->cursor, q->limit long */
	SEARCH_ALL = 1 << 1,    /* ids of every result, in order */
	SEARCH_FACETS = 1 << 2, /* counts of every facet value */
};

struct search_result {
	int64_t total; /* how many initiatives match */
	int64_t *ids;  /* this page's (or all) ids, in order */
	size_t nids;
	const char *next_cursor; /* where the next page starts; NULL on the last page */
	const char *fts;         /* the FTS5 query used (for snippets); NULL without text */
	enum search_sort sort;   /* the order applied */
	struct search_facet facets[SD__COUNT];
};

/*
 * search_run answers q from ix (refreshed from s first) into *out, everything allocated in
 * a. Errors: ERR_INVALID with e naming the field (an unknown facet value, a malformed or
 * foreign cursor), ERR_FORBIDDEN on "state" when q asks for unpublished initiatives without
 * all_states, store errors with e->msg from the store.
 */
int search_run(struct search_index *ix, struct store *s, const struct search_query *q,
	       unsigned flags, struct arena *a, struct search_result *out, struct errinfo *e);

/* An initiative that shares tags with another, and how many. */
struct search_related {
	int64_t id;
	int shared;
};

/*
 * search_related sets *out (in a) and *n to the published initiatives other than id that
 * have the most of tags[0..ntags) (an initiative's tags), at most max of them, by how many
 * they share (most first), then by id (highest first): the candidates for id's related
 * initiatives. A group tag (the Action Line C7) is shared with any initiative under it.
 */
int search_related(struct search_index *ix, struct store *s, int64_t id, const struct tag *tags,
		   size_t ntags, size_t max, struct arena *a, struct search_related **out,
		   size_t *n, struct errinfo *e);

/*
 * The framework pages' counts from the index (tally.c), as store_fw_tally and
 * store_fw_initiatives give them; scheme is one of theirs ("sdg", "sdg_target",
 * "action_line", "gdc", "country", "m49_region", "itu_region"), else ERR_INVALID.
 *
 * search_fw_tally calls cb(ud, code, n) for each code of scheme that n > 0 published
 * initiatives have (an Action Line heading, which no initiative can have, is left out), in
 * no particular order. cb runs under the index's read lock: it must not call into ix.
 */
int search_fw_tally(struct search_index *ix, struct store *s, const char *scheme, store_tally_cb cb,
		    void *ud, struct errinfo *e);
/*
 * search_fw_list sets *total to the published initiatives with code in scheme (for an
 * Action Line heading such as C7, with any code under it), and ids[0..*n) to the highest
 * ids of them, highest first, at most max (ids has room for max).
 */
int search_fw_list(struct search_index *ix, struct store *s, const char *scheme, const char *code,
		   size_t max, int64_t *ids, size_t *n, int64_t *total, struct errinfo *e);

/*
 * search_enum_label returns the English label (a msgid to translate) of a value of the
 * facets stakeholder_type, status and state, or NULL for any other facet or value.
 */
const char *search_enum_label(enum search_dim d, const char *code);

#endif
