/*
 * test_rank.c - unit tests for the ranking of text searches (store_sqlite_search.c's
 * stocktake_bm25 with the index's token counts) and the cache of matches and ranks
 * (rank_cache.c), against FTS5's own answer on the sample data: the same matches, the same
 * bm25 scores, and pages in relevance order that hold every match once, best first; and
 * snippets made for a page at once (store_search_snippets) against those made one by one.
 */
#include "testutil.h"

#include "domain/initiative.h"
#include "search/search_internal.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Texts as a user types them: words, phrases, prefixes, common and rare. */
static const char *const texts[] = {
    "health",   "water",         "education", "mobile money", "\"open source\"",
    "financ*",  "digital",       "data",      "farmers",      "rural development",
    "e-health", "climate",       "platform",  "women",        "school",
    "covid",    "zzzzunknownzz", "the",       "and",          "information system",
};

struct ranked {
	int64_t *ids;
	double *ranks;
	size_t n, cap;
};

static int collect(void *ud, int64_t id, double rank)
{
	struct ranked *r = ud;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->ids = realloc(r->ids, r->cap * sizeof *r->ids);
		r->ranks = realloc(r->ranks, r->cap * sizeof *r->ranks);
		assert_non_null(r->ids);
		assert_non_null(r->ranks);
	}
	r->ids[r->n] = id;
	r->ranks[r->n++] = rank;
	return 0;
}

static void ranked_free(struct ranked *r)
{
	free(r->ids);
	free(r->ranks);
	memset(r, 0, sizeof *r);
}

/* fts5_answer fills r with FTS5's own bm25 of every match of fts, in id order. */
static void fts5_answer(sqlite3 *h, const char *fts, int published_only, struct ranked *r)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(
			     h,
			     "SELECT f.rowid, bm25(initiative_fts, 10.0, 4.0, 1.0, 2.0)"
			     " FROM initiative_fts f JOIN initiative i ON i.id = f.rowid"
			     " WHERE initiative_fts MATCH ?1 AND (?2 = 0 OR i.state = 'published')"
			     " ORDER BY f.rowid",
			     -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, published_only);
	while (sqlite3_step(st) == SQLITE_ROW)
		collect(r, sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1));
	sqlite3_finalize(st);
}

static int close_to(double x, double y)
{
	return fabs(x - y) <= 1e-9 * (1.0 + fabs(x) + fabs(y));
}

struct fixture {
	struct store *s;
	struct search_index *ix;
	sqlite3 *h;
	struct arena a;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct errinfo e;
	static int made;
	char name[32];

	assert_non_null(f);
	snprintf(name, sizeof name, "rank%d.db", made++); /* each test its own */
	f->s = tu_store_new(name);
	assert_true(tu_import_sample(f->s) > 1000);
	f->ix = search_index_new();
	assert_int_equal(search_index_refresh(f->ix, f->s, &e), 0);
	assert_int_equal(sqlite3_open_v2(tu_path(name), &f->h, SQLITE_OPEN_READWRITE, NULL),
			 SQLITE_OK);
	arena_init(&f->a, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	sqlite3_close(f->h);
	search_index_free(f->ix);
	store_close(f->s);
	arena_cleanup(&f->a);
	free(f);
	return 0;
}

static int64_t lengths_get(void *ud, int64_t id)
{
	return search__length_of(ud, id);
}

/* check_same: ours has exactly FTS5's matches, each with FTS5's score. */
static void check_same(const char *text, const struct ranked *want, const struct ranked *got)
{
	if (got->n != want->n)
		fail_msg("%s: %zu matches, FTS5 has %zu", text, got->n, want->n);
	for (size_t i = 0; i < want->n; i++) {
		if (got->ids[i] != want->ids[i])
			fail_msg("%s: match %zu is %lld, FTS5 has %lld", text, i,
				 (long long)got->ids[i], (long long)want->ids[i]);
		if (!close_to(got->ranks[i], want->ranks[i]))
			fail_msg("%s: %lld scores %.12g, FTS5's bm25 %.12g", text,
				 (long long)want->ids[i], got->ranks[i], want->ranks[i]);
	}
}

/* The ranked search scores every match as FTS5's bm25() does, lengths known or not. */
static void test_same_as_bm25(void **state)
{
	struct fixture *f = *state;
	struct store_fts_lengths len = {lengths_get, NULL};
	size_t nonempty = 0;

	len.ud = f->ix->d;
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *fts = search_fts_query(texts[i], &f->a);
		struct ranked want = {0}, got = {0}, slow = {0};

		assert_non_null(fts);
		fts5_answer(f->h, fts, 0, &want);
		assert_int_equal(store_search_fts(f->s, fts, 1, &len, collect, &got), 0);
		check_same(texts[i], &want, &got);
		assert_int_equal(store_search_fts(f->s, fts, 1, NULL, collect, &slow), 0);
		check_same(texts[i], &want, &slow);
		nonempty += want.n > 0;
		ranked_free(&want);
		ranked_free(&got);
		ranked_free(&slow);
	}
	assert_true(nonempty >= 15); /* the sample has these words */
}

/* walk collects every id of a search for text in relevance order, page by page. */
static size_t walk(struct fixture *f, const char *text, const char *facet, const char *value,
		   int64_t *out, size_t max)
{
	const char *cursor = NULL;
	size_t n = 0;

	for (int pages = 0; pages < 1000; pages++) {
		struct search_query q;
		struct search_result r;
		struct errinfo e;

		search_query_init(&q);
		q.q = text;
		q.limit = 7;
		q.cursor = cursor;
		if (facet)
			assert_int_equal(search_query_param(&q, &f->a, facet, value, &e), 0);
		if (search_run(f->ix, f->s, &q, SEARCH_PAGE, &f->a, &r, &e))
			fail_msg("%s: %s", text, e.msg);
		assert_int_equal(r.sort, SEARCH_SORT_RELEVANCE);
		for (size_t i = 0; i < r.nids; i++) {
			assert_true(n < max);
			out[n++] = r.ids[i];
		}
		if (!r.next_cursor)
			return n;
		cursor = r.next_cursor;
	}
	fail_msg("%s: too many pages", text);
	return n;
}

static double rank_of(const struct ranked *r, int64_t id)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->ids[i] == id)
			return r->ranks[i];
	fail_msg("%lld is not a match", (long long)id);
	return 0;
}

/*
 * Pages in relevance order hold every published match exactly once, in FTS5's bm25 order
 * (ties by id), the first time (ranked by FTS5) and the second (from the
 * cache).
 */
static void test_pages_follow_bm25(void **state)
{
	struct fixture *f = *state;
	size_t cap = 4096;
	int64_t *ids = malloc(cap * sizeof *ids);

	assert_non_null(ids);
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
			const char *fts = search_fts_query(texts[i], &f->a);
			struct ranked want = {0};
			size_t n = walk(f, texts[i], NULL, NULL, ids, cap);

			fts5_answer(f->h, fts, 1, &want);
			if (n != want.n)
				fail_msg("%s: %zu results, FTS5 %zu", texts[i], n, want.n);
			for (size_t k = 0; k + 1 < n; k++) {
				double x = rank_of(&want, ids[k]), y = rank_of(&want, ids[k + 1]);

				if (x > y + 1e-9 || (x == y && ids[k] > ids[k + 1]))
					fail_msg("%s: %lld (%g) before %lld (%g)", texts[i],
						 (long long)ids[k], x, (long long)ids[k + 1], y);
			}
			for (size_t k = 0; k < n; k++)
				for (size_t j = k + 1; j < n; j++)
					assert_true(ids[k] != ids[j]);
			ranked_free(&want);
		}
	}
	/* with a facet: a subset of the matches, still in order */
	{
		size_t n = walk(f, "health", "sdg", "3", ids, cap), all;
		int64_t *every = malloc(cap * sizeof *every);

		assert_non_null(every);
		all = walk(f, "health", NULL, NULL, every, cap);
		assert_true(n > 0 && n < all);
		/* the faceted order is the unfaceted one with the others left out */
		for (size_t k = 0, j = 0; k < n; k++, j++) {
			while (j < all && every[j] != ids[k])
				j++;
			assert_true(j < all);
		}
		free(every);
	}
	free(ids);
}

/* After an edit the index knows the new length: scores agree with FTS5 again. */
static void test_lengths_follow_edits(void **state)
{
	struct fixture *f = *state;
	struct store_fts_lengths len = {lengths_get, NULL};
	const char *fts = search_fts_query("health", &f->a);
	struct ranked want = {0}, got = {0};
	struct initiative ini;
	struct errinfo e;
	int64_t id = 0;

	ini_init(&ini);
	ini.source = "test";
	ini.source_id = "rank-edit";
	ini.title = "Health";
	ini.state = "published";
	ini.summary = "Short.";
	assert_int_equal(store_initiative_save(f->s, &ini, "test", NULL, &id), 0);
	assert_int_equal(search_index_refresh(f->ix, f->s, &e), 0);
	ini.summary = "A much longer summary of many more words than before, about health "
		      "clinics, nurses, villages, radios, phones and the roads between them.";
	assert_int_equal(store_initiative_save(f->s, &ini, "test", NULL, &id), 0);
	assert_int_equal(search_index_refresh(f->ix, f->s, &e), 0);
	len.ud = f->ix->d;
	assert_true(search__length_of(f->ix->d, id) > 20);
	fts5_answer(f->h, fts, 0, &want);
	assert_int_equal(store_search_fts(f->s, fts, 1, &len, collect, &got), 0);
	check_same("health after an edit", &want, &got);
	ranked_free(&want);
	ranked_free(&got);
	assert_int_equal(search__length_of(f->ix->d, 999999999), -1);
}

/* Snippets for a page at once are the snippets made one at a time, prefix query or not. */
static void test_snippets(void **state)
{
	static const char *const q[] = {"financ*",         "health", "mob* money",
					"\"open source\"", "tele*",  "zzzzunknownzz*"};
	struct fixture *f = *state;
	const char *many[STORE_SNIPPETS_MAX], *one;
	int64_t ids[STORE_SNIPPETS_MAX];
	struct ranked every = {0};
	size_t marked = 0;

	fts5_answer(f->h, "\"the\" OR \"and\"", 0, &every); /* most initiatives */
	assert_true(every.n > 3 * STORE_SNIPPETS_MAX);
	for (size_t k = 0; k < sizeof q / sizeof *q; k++) {
		const char *fts = search_fts_query(q[k], &f->a);
		struct ranked m = {0};
		size_t n = 0;

		/* a page out of id order, of ids that match and ids that do not */
		fts5_answer(f->h, fts, 0, &m);
		ids[n++] = 999999;
		for (size_t i = m.n; i-- > 0 && n < STORE_SNIPPETS_MAX / 2;)
			ids[n++] = m.ids[i];
		for (size_t i = every.n; i-- > 0 && n < STORE_SNIPPETS_MAX;)
			if (i % 3 == k % 3)
				ids[n++] = every.ids[i];
		ranked_free(&m);
		assert_int_equal(store_search_snippets(f->s, fts, ids, n, &f->a, many), 0);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(store_search_snippet(f->s, fts, ids[i], &f->a, &one), 0);
			if (!one != !many[i] || (one && strcmp(one, many[i]) != 0))
				fail_msg("%s, %lld: one at a time %s, for the page %s", q[k],
					 (long long)ids[i], one ? one : "NULL",
					 many[i] ? many[i] : "NULL");
			marked += one != NULL;
		}
		assert_null(many[0]);
	}
	ranked_free(&every);
	assert_true(marked > 100);
	assert_int_equal(store_search_snippets(f->s, "\"x\"", ids, 0, &f->a, many), 0);
	assert_int_equal(
	    store_search_snippets(f->s, "\"x\"*", ids, STORE_SNIPPETS_MAX + 1, &f->a, many),
	    ERR_INVALID);
}

/* The cache: by text, change number and whether ranked; bounded; least recently used go. */
static void test_cache(void **state)
{
	struct search_index *ix = search_index_new();
	int64_t ids[3] = {1, 5, 9}, *got = NULL;
	double ranks[3] = {-3, -2, -1}, *gr = NULL;
	size_t n = 0;
	char text[32];

	(void)state;
	assert_false(search__rank_get(ix, "\"a\"", 1, 0, &got, &gr, &n));
	search__rank_put(ix, "\"a\"", 1, ids, NULL, 3);
	assert_false(search__rank_get(ix, "\"a\"", 1, 1, &got, &gr, &n)); /* not ranked */
	assert_true(search__rank_get(ix, "\"a\"", 1, 0, &got, &gr, &n));
	assert_int_equal(n, 3);
	assert_int_equal(got[2], 9);
	assert_null(gr);
	free(got);
	search__rank_put(ix, "\"a\"", 1, ids, ranks, 3);
	assert_true(search__rank_get(ix, "\"a\"", 1, 1, &got, &gr, &n));
	assert_true(gr[1] == -2);
	free(got);
	free(gr);
	assert_false(search__rank_get(ix, "\"a\"", 2, 0, &got, &gr, &n)); /* another change */
	assert_false(search__rank_get(ix, "\"b\"", 1, 0, &got, &gr, &n));
	/* more texts than entries: the oldest go, "a" stays while it is used */
	for (int i = 0; i < 2 * RANK_CACHE_ENTRIES; i++) {
		snprintf(text, sizeof text, "\"t%d\"", i);
		search__rank_put(ix, text, 1, ids, ranks, 3);
		assert_true(search__rank_get(ix, "\"a\"", 1, 1, &got, &gr, &n));
		free(got);
		free(gr);
	}
	assert_false(search__rank_get(ix, "\"t0\"", 1, 0, &got, &gr, &n));
	assert_true(search__rank_get(ix, "\"t127\"", 1, 0, &got, &gr, &n));
	free(got);
	/* bounded in bytes: an entry bigger than a quarter of the budget is not kept */
	{
		size_t big = RANK_CACHE_BYTES / 16 / 4 + 1;
		int64_t *bi = calloc(big, sizeof *bi);
		double *br = calloc(big, sizeof *br);

		assert_non_null(bi);
		assert_non_null(br);
		search__rank_put(ix, "\"big\"", 1, bi, br, big);
		assert_false(search__rank_get(ix, "\"big\"", 1, 0, &got, &gr, &n));
		for (int i = 0; i < 8; i++) {
			snprintf(text, sizeof text, "\"big%d\"", i);
			search__rank_put(ix, text, 1, bi, br, big - 2);
		}
		assert_true(ix->cache_bytes <= RANK_CACHE_BYTES);
		assert_true(search__rank_get(ix, "\"big7\"", 1, 0, &got, &gr, &n));
		assert_int_equal(n, big - 2);
		free(got);
		assert_false(search__rank_get(ix, "\"big0\"", 1, 0, &got, &gr, &n));
		free(bi);
		free(br);
	}
	search_index_free(ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_same_as_bm25, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pages_follow_bm25, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lengths_follow_edits, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_snippets, setup, teardown),
	    cmocka_unit_test(test_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
