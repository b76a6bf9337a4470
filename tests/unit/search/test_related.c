/*
 * test_related.c - unit tests for src/search/related.c: the candidates for related
 * initiatives counted from the index's bitsets, and store_initiative_related_among, give
 * the answer of the SQL alone (store_initiative_related) on the sample data, and follow
 * changes to tags and states.
 */
#include "testutil.h"

#include "domain/initiative.h"
#include "search/search.h"

#include <stdlib.h>
#include <string.h>

/* related_fast is what the initiative page does with a search index. */
static void related_fast(struct search_index *ix, struct store *s, const struct initiative *ini,
			 int limit, struct tu_ids *out, struct arena *a)
{
	struct search_related *c;
	struct errinfo e;
	int64_t ids[STORE_RELATED_MAX];
	int shared[STORE_RELATED_MAX];
	size_t n = 0;

	if (search_related(ix, s, ini->id, ini->tags, ini->ntags, STORE_RELATED_MAX, a, &c, &n, &e))
		fail_msg("search_related: %s", e.msg);
	assert_true(n <= STORE_RELATED_MAX);
	for (size_t i = 0; i < n; i++) {
		ids[i] = c[i].id;
		shared[i] = c[i].shared;
		assert_true(c[i].id != ini->id);
		assert_true(i == 0 || c[i - 1].shared > c[i].shared ||
			    (c[i - 1].shared == c[i].shared && c[i - 1].id > c[i].id));
	}
	out->n = 0;
	assert_int_equal(store_initiative_related_among(s, ini->title, ids, shared, n, limit,
							tu_collect_ids, out),
			 0);
}

static void check_same(struct search_index *ix, struct store *s, int64_t id, struct arena *a)
{
	struct initiative ini;
	struct tu_ids want = {{0}, 0}, got = {{0}, 0};

	assert_int_equal(store_initiative_get(s, id, a, &ini), 0);
	assert_int_equal(store_initiative_related(s, id, ini.title, 5, tu_collect_ids, &want), 0);
	related_fast(ix, s, &ini, 5, &got, a);
	if (got.n != want.n)
		fail_msg("initiative %lld: %d related, SQL %d", (long long)id, got.n, want.n);
	for (int i = 0; i < want.n; i++)
		if (got.v[i] != want.v[i])
			fail_msg("initiative %lld: related %d is %lld, SQL %lld", (long long)id, i,
				 (long long)got.v[i], (long long)want.v[i]);
}

/* The same related initiatives as the SQL alone, for initiatives across the sample. */
static void test_same_as_sql(void **state)
{
	struct store *s = tu_store_new("related.db");
	struct search_index *ix = search_index_new();
	struct arena a;
	int64_t last = 0;

	(void)state;
	arena_init(&a, 0);
	tu_import_sample(s);
	last = tu_count(tu_path("related.db"), "SELECT max(id) FROM initiative");
	assert_true(last > 1000);
	for (int64_t id = 1; id <= last; id += 7) {
		check_same(ix, s, id, &a);
		arena_reset(&a);
	}
	/* an initiative no longer published drops out of the others' related */
	{
		struct initiative ini;
		struct tu_ids got = {{0}, 0};
		int64_t other;

		assert_int_equal(store_initiative_get(s, 8, &a, &ini), 0);
		related_fast(ix, s, &ini, 1, &got, &a);
		if (got.n == 1) {
			struct initiative o2;

			other = got.v[0];
			assert_int_equal(store_initiative_get(s, other, &a, &o2), 0);
			o2.state = "archived";
			assert_int_equal(store_initiative_save(s, &o2, "test", NULL, &other), 0);
			related_fast(ix, s, &ini, 5, &got, &a);
			for (int i = 0; i < got.n; i++)
				assert_true(got.v[i] != other);
			check_same(ix, s, 8, &a);
		}
	}
	search_index_free(ix);
	store_close(s);
	arena_cleanup(&a);
}

/* Tags: none gives none; one the index does not know counts for nothing. */
static void test_edges(void **state)
{
	struct store *s = tu_store_new("edges.db");
	struct search_index *ix = search_index_new();
	struct search_related *c = NULL;
	struct errinfo e;
	struct arena a;
	struct tag t[2] = {{"sdg", "99", NULL, 0, 0}, {"nonsense", "x", NULL, 0, 0}};
	size_t n = 9;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(search_related(ix, s, 1, NULL, 0, 10, &a, &c, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(search_related(ix, s, 1, t, 2, 10, &a, &c, &n, &e), 0);
	assert_int_equal(n, 0);
	search_index_free(ix);
	store_close(s);
	arena_cleanup(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_as_sql),
	    cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
