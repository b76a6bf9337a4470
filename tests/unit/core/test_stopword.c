/*
 * test_stopword.c - unit tests for src/core/stopword.h: each list sorted in byte order
 * without repeats (bsearch relies on it), words of each language found, by length as well as
 * bytes, other words and languages not.
 */
#include "testutil.h"

#include "core/stopword.h"

#include <string.h>

static void test_lists_sorted(void **state)
{
	(void)state;
	for (int l = 0; l < STOPWORD_LANGS; l++) {
		size_t n;
		const char *const *w = stopword_list(l, &n);

		assert_non_null(w);
		assert_true(n > 50);
		for (size_t i = 1; i < n; i++)
			if (strcmp(w[i - 1], w[i]) >= 0)
				fail_msg("list %d: \"%s\" before \"%s\"", l, w[i - 1], w[i]);
		for (size_t i = 0; i < n; i++)
			assert_true(stopword_is(l, w[i], strlen(w[i])));
	}
}

static void test_lookup(void **state)
{
	size_t n = 99;

	(void)state;
	assert_true(stopword_is(0, "the", 3));
	assert_false(stopword_is(1, "the", 3));
	assert_true(stopword_is(1, "été", strlen("été")));
	assert_true(stopword_is(2, "también", strlen("también")));
	assert_true(stopword_any("for", 3));
	assert_true(stopword_any("para", 4));
	assert_true(stopword_any("there", 3)); /* the first three bytes: "the" */
	assert_false(stopword_any("there", 4));
	assert_false(stopword_any("health", 6));
	assert_false(stopword_any("", 0));
	assert_false(stopword_is(3, "the", 3));
	assert_false(stopword_is(-1, "the", 3));
	assert_null(stopword_list(STOPWORD_LANGS, &n));
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lists_sorted),
	    cmocka_unit_test(test_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
