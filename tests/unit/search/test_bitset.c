/*
 * test_bitset.c - unit tests for src/search/bitset.h: set algebra, counts, iteration and
 * growth, checked against a plain array of flags.
 */
#include "testutil.h"

#include "search/bitset.h"

#include <stdlib.h>
#include <string.h>

#define NBITS 1000

static void fill(struct bitset *b, unsigned char *flags, unsigned seed)
{
	srand(seed);
	for (size_t i = 0; i < NBITS; i++) {
		flags[i] = (unsigned char)(rand() % 3 == 0);
		if (flags[i])
			bitset_set(b, i);
	}
}

static void test_set_clear_test(void **state)
{
	struct bitset b;

	(void)state;
	assert_int_equal(bitset_init(&b, bitset_words(130)), 0);
	assert_int_equal(b.nwords, 3);
	assert_false(bitset_any(&b));
	bitset_set(&b, 0);
	bitset_set(&b, 63);
	bitset_set(&b, 64);
	bitset_set(&b, 129);
	assert_true(bitset_test(&b, 0) && bitset_test(&b, 63) && bitset_test(&b, 64));
	assert_true(bitset_test(&b, 129));
	assert_false(bitset_test(&b, 1) || bitset_test(&b, 65) || bitset_test(&b, 128));
	assert_int_equal(bitset_count(&b), 4);
	bitset_clear(&b, 63);
	assert_false(bitset_test(&b, 63));
	assert_int_equal(bitset_count(&b), 3);
	bitset_zero(&b);
	assert_false(bitset_any(&b));
	bitset_cleanup(&b);
	assert_null(b.w);
}

static void test_algebra_matches_flags(void **state)
{
	unsigned char fa[NBITS], fb[NBITS];
	struct bitset a, b, c;
	uint64_t n_and = 0, n_a = 0;

	(void)state;
	assert_int_equal(bitset_init(&a, bitset_words(NBITS)), 0);
	assert_int_equal(bitset_init(&b, bitset_words(NBITS)), 0);
	assert_int_equal(bitset_init(&c, bitset_words(NBITS)), 0);
	fill(&a, fa, 1);
	fill(&b, fb, 2);
	for (size_t i = 0; i < NBITS; i++) {
		n_and += fa[i] && fb[i];
		n_a += fa[i];
	}
	assert_int_equal(bitset_count(&a), n_a);
	assert_int_equal(bitset_count_and(&a, &b), n_and);

	bitset_copy(&c, &a);
	bitset_and(&c, &b);
	for (size_t i = 0; i < NBITS; i++)
		assert_int_equal(bitset_test(&c, i), fa[i] && fb[i]);
	bitset_copy(&c, &a);
	bitset_or(&c, &b);
	for (size_t i = 0; i < NBITS; i++)
		assert_int_equal(bitset_test(&c, i), fa[i] || fb[i]);
	bitset_copy(&c, &a);
	bitset_andnot(&c, &b);
	for (size_t i = 0; i < NBITS; i++)
		assert_int_equal(bitset_test(&c, i), fa[i] && !fb[i]);
	bitset_cleanup(&a);
	bitset_cleanup(&b);
	bitset_cleanup(&c);
}

static void test_next_iterates_in_order(void **state)
{
	unsigned char f[NBITS];
	struct bitset b;
	size_t seen = 0, last = 0;
	int first = 1;

	(void)state;
	assert_int_equal(bitset_init(&b, bitset_words(NBITS)), 0);
	assert_int_equal(bitset_next(&b, 0), SIZE_MAX);
	fill(&b, f, 3);
	for (size_t i = bitset_next(&b, 0); i != SIZE_MAX; i = bitset_next(&b, i + 1)) {
		assert_true(f[i]);
		assert_true(first || i > last);
		first = 0;
		last = i;
		seen++;
	}
	assert_int_equal(seen, bitset_count(&b));
	/* past the end */
	assert_int_equal(bitset_next(&b, b.nwords * 64), SIZE_MAX);
	assert_int_equal(bitset_next(&b, b.nwords * 64 + 100), SIZE_MAX);
	bitset_cleanup(&b);
}

static void test_grow_keeps_bits_and_clears_new(void **state)
{
	struct bitset b;

	(void)state;
	assert_int_equal(bitset_init(&b, 1), 0);
	bitset_set(&b, 5);
	bitset_set(&b, 63);
	assert_int_equal(bitset_grow(&b, 4), 0);
	assert_int_equal(b.nwords, 4);
	assert_true(bitset_test(&b, 5) && bitset_test(&b, 63));
	for (size_t i = 64; i < 256; i++)
		assert_false(bitset_test(&b, i));
	assert_int_equal(bitset_count(&b), 2);
	/* growing to fewer words changes nothing */
	assert_int_equal(bitset_grow(&b, 2), 0);
	assert_int_equal(b.nwords, 4);
	bitset_cleanup(&b);
}

/* Counting over the non-zero words of a sparse set gives what counting every word gives. */
static void test_count_at_nonzero_words(void **state)
{
	struct bitset a, b;
	uint32_t idx[40];
	size_t n;

	(void)state;
	assert_int_equal(bitset_init(&a, 40), 0);
	assert_int_equal(bitset_init(&b, 40), 0);
	srand(3);
	for (int round = 0; round < 200; round++) {
		bitset_zero(&a);
		bitset_zero(&b);
		for (int k = rand() % 30; k > 0; k--)
			bitset_set(&a, (size_t)(rand() % (40 * 64)));
		for (int k = rand() % 2000; k > 0; k--)
			bitset_set(&b, (size_t)(rand() % (40 * 64)));
		n = bitset_nonzero(&a, idx);
		assert_true(n <= 30);
		for (size_t i = 0; i < n; i++) {
			assert_true(a.w[idx[i]] != 0);
			assert_true(i == 0 || idx[i - 1] < idx[i]);
		}
		assert_int_equal(bitset_count_and_at(&a, &b, idx, n), bitset_count_and(&a, &b));
		assert_int_equal(bitset_count_and_at(&a, &a, idx, n), bitset_count(&a));
	}
	bitset_cleanup(&a);
	bitset_cleanup(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_set_clear_test),
	    cmocka_unit_test(test_algebra_matches_flags),
	    cmocka_unit_test(test_next_iterates_in_order),
	    cmocka_unit_test(test_grow_keeps_bits_and_clears_new),
	    cmocka_unit_test(test_count_at_nonzero_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
