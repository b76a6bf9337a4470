/*
 * test_search_cache.c - unit tests for src/app/search_cache.c: every part of a query that
 * changes its answer changes its key; an answer comes back only at the change number it was
 * read at, as a copy the caller may change; a newer change number drops the older answers,
 * and an answer read before a change others have seen is not kept.
 */
#include "testutil.h"

#include "app/search_cache.h"

#include <stdio.h>
#include <string.h>

static const char *key_of(const char *params, unsigned flags, int snippets, int all_states,
			  struct arena *a)
{
	char *s = arena_strdup(a, params), *save = NULL;
	struct search_query q;
	struct errinfo e;

	search_query_init(&q);
	q.all_states = all_states;
	for (char *t = strtok_r(s, "&", &save); t; t = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(t, '=');

		assert_non_null(eq);
		*eq = '\0';
		if (search_query_param(&q, a, t, eq + 1, &e))
			fail_msg("%s: %s", t, e.msg);
	}
	return search_cache_key(&q, flags, snippets, a);
}

static void test_keys(void **state)
{
	static const char *const params[] = {
	    "",
	    "q=health",
	    "q=Health",
	    "q=health&sort=date",
	    "q=health&limit=21",
	    "q=health&sdg=3",
	    "q=health&sdg=3&sdg=4",
	    "q=health&sdg=4&sdg=3",
	    "q=health&sdg_target=3",
	    "q=health&from_year=2019",
	    "q=health&to_year=2019",
	    "q=health&cursor=abc",
	    "q=health&cursor=abd",
	    "q=health%3Bsdg",
	    "country=KE",
	    "country=KE&state=draft",
	};
	size_t n = sizeof params / sizeof *params, nk = 0;
	const char *k[sizeof params / sizeof *params * 8];
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	for (size_t i = 0; i < n; i++)
		for (int v = 0; v < 8; v++) {
			unsigned flags = v & 1 ? SEARCH_PAGE | SEARCH_FACETS : SEARCH_PAGE;

			k[nk] = key_of(params[i], flags, (v >> 1) & 1, (v >> 2) & 1, &a);
			assert_non_null(k[nk]);
			nk++;
		}
	/* every query, flag, snippet and rights combination has a key of its own ... */
	for (size_t i = 0; i < nk; i++)
		for (size_t j = i + 1; j < nk; j++)
			if (strcmp(k[i], k[j]) == 0)
				fail_msg("the same key for two queries: %s", k[i]);
	/* ... and the same query asked again has the same one */
	assert_string_equal(key_of("q=health&sdg=3", SEARCH_PAGE, 1, 0, &a), k[5 * 8 + 2]);
	arena_cleanup(&a);
}

/* answer fills an answer of total with one facet value and one row titled title. */
static void answer(struct search_result *r, struct search_item *it, int64_t *id,
		   struct search_count *c, int64_t total, const char *title)
{
	memset(r, 0, sizeof *r);
	memset(it, 0, sizeof *it);
	ini_init(&it->ini);
	it->ini.id = *id;
	it->ini.title = title;
	it->snippet = "a \x01snippet\x02";
	c->code = "3";
	c->count = total;
	c->selected = 0;
	c->parent = -1;
	r->total = total;
	r->ids = id;
	r->nids = 1;
	r->next_cursor = "next";
	r->fts = "\"health\"";
	r->sort = SEARCH_SORT_RELEVANCE;
	r->facets[SD_SDG].v = c;
	r->facets[SD_SDG].n = 1;
	r->facets[SD_SDG].shown = 1;
}

static void test_change_numbers(void **state)
{
	struct search_cache *c = search_cache_new();
	struct search_result r, got;
	struct search_item it, *items;
	struct search_count cnt;
	int64_t id = 42;
	size_t n = 0;
	struct arena a;

	(void)state;
	assert_non_null(c);
	arena_init(&a, 0);
	answer(&r, &it, &id, &cnt, 7, "First");
	search_cache_put(c, "k1", 10, &r, &it, 1);
	assert_int_equal(search_cache_get(c, "k2", 10, &a, &got, &items, &n), 0);
	assert_int_equal(search_cache_get(c, "k1", 11, &a, &got, &items, &n), 0);
	assert_int_equal(search_cache_get(c, "k1", 9, &a, &got, &items, &n), 0);
	assert_int_equal(search_cache_get(c, "k1", 10, &a, &got, &items, &n), 1);
	assert_int_equal(got.total, 7);
	assert_int_equal(got.nids, 1);
	assert_int_equal(got.ids[0], 42);
	assert_string_equal(got.next_cursor, "next");
	assert_string_equal(got.fts, "\"health\"");
	assert_int_equal(got.sort, SEARCH_SORT_RELEVANCE);
	assert_int_equal(got.facets[SD_SDG].n, 1);
	assert_int_equal(got.facets[SD_SDG].shown, 1);
	assert_string_equal(got.facets[SD_SDG].v[0].code, "3");
	assert_int_equal(got.facets[SD_SDG].v[0].count, 7);
	assert_int_equal(got.facets[SD_COUNTRY].n, 0);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].ini.title, "First");
	assert_int_equal(items[0].ini.id, 42);
	assert_string_equal(items[0].snippet, "a \x01snippet\x02");
	/* a copy: changing it (the page sorts facet values) leaves the cache's alone */
	got.facets[SD_SDG].v[0].count = 99;
	got.ids[0] = 1;
	assert_int_equal(search_cache_get(c, "k1", 10, &a, &got, &items, &n), 1);
	assert_int_equal(got.facets[SD_SDG].v[0].count, 7);
	assert_int_equal(got.ids[0], 42);
	/* a newer change number: the older answers go */
	answer(&r, &it, &id, &cnt, 8, "Second");
	search_cache_put(c, "k2", 11, &r, &it, 1);
	assert_int_equal(search_cache_get(c, "k1", 10, &a, &got, &items, &n), 0);
	assert_int_equal(search_cache_get(c, "k2", 11, &a, &got, &items, &n), 1);
	assert_string_equal(items[0].ini.title, "Second");
	/* an answer read before that change is not kept */
	search_cache_put(c, "k1", 10, &r, &it, 1);
	assert_int_equal(search_cache_get(c, "k1", 10, &a, &got, &items, &n), 0);
	/* the same query again replaces its answer */
	answer(&r, &it, &id, &cnt, 9, "Third");
	search_cache_put(c, "k2", 11, &r, &it, 1);
	assert_int_equal(search_cache_get(c, "k2", 11, &a, &got, &items, &n), 1);
	assert_string_equal(items[0].ini.title, "Third");
	assert_int_equal(got.total, 9);
	/* no cache, or no key: nothing kept, nothing found */
	search_cache_put(NULL, "k3", 11, &r, &it, 1);
	search_cache_put(c, NULL, 11, &r, &it, 1);
	assert_int_equal(search_cache_get(NULL, "k3", 11, &a, &got, &items, &n), 0);
	assert_int_equal(search_cache_get(c, NULL, 11, &a, &got, &items, &n), 0);
	arena_cleanup(&a);
	search_cache_free(c);
}

/* More queries than entries: the least recently used go, the cache stays bounded. */
static void test_bounded(void **state)
{
	struct search_cache *c = search_cache_new();
	struct search_result r, got;
	struct search_item it, *items;
	struct search_count cnt;
	int64_t id = 1;
	size_t n;
	struct arena a;
	char key[32];

	(void)state;
	arena_init(&a, 0);
	answer(&r, &it, &id, &cnt, 1, "Row");
	for (int i = 0; i < SEARCH_CACHE_ENTRIES + 10; i++) {
		snprintf(key, sizeof key, "q%d", i);
		search_cache_put(c, key, 5, &r, &it, 1);
		if (i == 0 || i % 2) /* q0 stays in use */
			assert_int_equal(search_cache_get(c, "q0", 5, &a, &got, &items, &n), 1);
	}
	assert_int_equal(search_cache_get(c, "q0", 5, &a, &got, &items, &n), 1);
	assert_int_equal(search_cache_get(c, "q2", 5, &a, &got, &items, &n), 0);
	snprintf(key, sizeof key, "q%d", SEARCH_CACHE_ENTRIES + 9);
	assert_int_equal(search_cache_get(c, key, 5, &a, &got, &items, &n), 1);
	arena_cleanup(&a);
	search_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_keys),
	    cmocka_unit_test(test_change_numbers),
	    cmocka_unit_test(test_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
