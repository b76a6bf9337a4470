/*
 * test_map.c - unit tests for src/search/map.c: the id -> slot map, with its window of
 * dense ids, against a plain reference, for ids put in order, out of order, with gaps,
 * negative, far apart, and replaced.
 */
#include "testutil.h"

#include "search/search_internal.h"

#include <stdlib.h>
#include <string.h>

#define NREF 20000

/* check compares every id in [lo, hi) with the reference (slot + 1, 0 for none). */
static void check(const struct idmap *m, const uint32_t *ref, int64_t base, int64_t lo, int64_t hi)
{
	for (int64_t id = lo; id < hi; id++) {
		long want = id >= base && id < base + NREF ? (long)ref[id - base] - 1 : -1;
		long got = search__idmap_get(m, id);

		if (got != want)
			fail_msg("id %lld: slot %ld, want %ld", (long long)id, got, want);
	}
}

static void run(int64_t base, int order)
{
	struct idmap m;
	uint32_t *ref = calloc(NREF, sizeof *ref);
	uint32_t slot = 0;

	assert_non_null(ref);
	memset(&m, 0, sizeof m);
	srand(7);
	for (int k = 0; k < 3 * NREF; k++) {
		int64_t off;

		switch (order) {
		case 0: /* ascending, every id */
			off = k < NREF ? k : rand() % NREF;
			break;
		case 1: /* descending with gaps */
			off = NREF - 1 - (k * 3) % NREF;
			break;
		default: /* anywhere */
			off = rand() % NREF;
			break;
		}
		if (k >= NREF && order == 0 && rand() % 2)
			continue;
		assert_int_equal(search__idmap_put(&m, base + off, slot), 0);
		ref[off] = ++slot;
	}
	check(&m, ref, base, base - 50, base + NREF + 50);
	assert_int_equal(search__idmap_get(&m, INT64_MAX), -1);
	assert_int_equal(search__idmap_get(&m, INT64_MIN), -1);
	search__idmap_cleanup(&m);
	assert_int_equal(search__idmap_get(&m, base), -1);
	free(ref);
}

static void test_orders(void **state)
{
	(void)state;
	for (int order = 0; order < 3; order++) {
		run(1, order);
		run(-30000, order);
		run(INT64_MAX / 2, order);
	}
}

/* Ids far apart stay in the hash; the window does not grow past half empty. */
static void test_sparse(void **state)
{
	struct idmap m;

	(void)state;
	memset(&m, 0, sizeof m);
	for (uint32_t i = 0; i < 5000; i++)
		assert_int_equal(search__idmap_put(&m, (int64_t)i * 1000003, i), 0);
	for (uint32_t i = 0; i < 5000; i++) {
		assert_int_equal(search__idmap_get(&m, (int64_t)i * 1000003), (long)i);
		assert_int_equal(search__idmap_get(&m, (int64_t)i * 1000003 + 1), -1);
	}
	assert_true(m.ndense <= 2 * (m.n + 1) + 2048);
	/* then dense ids after them */
	for (uint32_t i = 0; i < 5000; i++)
		assert_int_equal(search__idmap_put(&m, 6000000000LL + i, 10000 + i), 0);
	for (uint32_t i = 0; i < 5000; i++)
		assert_int_equal(search__idmap_get(&m, 6000000000LL + i), (long)(10000 + i));
	assert_int_equal(search__idmap_get(&m, 1000003), 1);
	search__idmap_cleanup(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_orders),
	    cmocka_unit_test(test_sparse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
