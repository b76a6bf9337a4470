/*
 * test_arena.c - unit tests for src/core/arena.h: alignment of every allocation to
 * max_align_t, zeroed memory, allocations larger than a chunk, the total limit, reuse of
 * memory after a reset, the string helpers, and growing an array.
 */
#include "testutil.h"

#include "core/arena.h"
#include "core/err.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#define CHUNK ((size_t)16 << 10) /* ARENA_CHUNK in arena.c */

static int is_aligned(const void *p)
{
	return (uintptr_t)p % alignof(max_align_t) == 0;
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static void test_default_limit(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(a.max, (size_t)256 << 20);
	assert_int_equal(a.used, 0);
	assert_null(a.head);
	arena_cleanup(&a);
}

static void test_alignment(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	/* Odd sizes, so a bump allocator that forgot to round up would misalign. */
	for (size_t n = 0; n < 3000; n++) {
		unsigned char *p = arena_alloc(&a, n % 37 + (n % 5 == 0 ? 1 : 0));

		assert_non_null(p);
		assert_true(is_aligned(p));
	}
	/* Also right after a large allocation. */
	assert_true(is_aligned(arena_alloc(&a, CHUNK * 3 + 1)));
	assert_true(is_aligned(arena_alloc(&a, 3)));
	assert_true(is_aligned(arena_alloc(&a, 5)));
	arena_cleanup(&a);
}

static void test_allocations_do_not_overlap(void **state)
{
	struct arena a;
	unsigned char *p[200];
	size_t sz[200];

	(void)state;
	arena_init(&a, 0);
	for (int i = 0; i < 200; i++) {
		sz[i] = (size_t)(i * 7 % 300) + 1;
		p[i] = arena_alloc(&a, sz[i]);
		assert_non_null(p[i]);
		memset(p[i], i + 1, sz[i]);
	}
	for (int i = 0; i < 200; i++)
		for (size_t j = 0; j < sz[i]; j++)
			assert_int_equal(p[i][j], (unsigned char)(i + 1));
	arena_cleanup(&a);
}

static void test_zeroed(void **state)
{
	struct arena a;
	unsigned char *p;

	(void)state;
	arena_init(&a, 0);
	p = arena_alloc(&a, 1000);
	assert_non_null(p);
	assert_true(all_zero(p, 1000));
	memset(p, 0xAB, 1000);
	/* Memory handed out again after a reset is zeroed again. */
	arena_reset(&a);
	p = arena_alloc(&a, 1000);
	assert_non_null(p);
	assert_true(all_zero(p, 1000));
	arena_cleanup(&a);
}

static void test_zero_size(void **state)
{
	struct arena a;
	void *p, *q;

	(void)state;
	arena_init(&a, 0);
	p = arena_alloc(&a, 0);
	q = arena_alloc(&a, 0);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	arena_cleanup(&a);
}

static void test_large_allocation(void **state)
{
	struct arena a;
	unsigned char *small, *big, *after;
	size_t n = CHUNK * 5 + 123;

	(void)state;
	arena_init(&a, 0);
	small = arena_alloc(&a, 10);
	memset(small, 1, 10);
	big = arena_alloc(&a, n);
	assert_non_null(big);
	assert_true(is_aligned(big));
	assert_true(all_zero(big, n));
	memset(big, 2, n); /* ASan checks the whole block is ours */
	after = arena_alloc(&a, 100);
	assert_non_null(after);
	memset(after, 3, 100);
	assert_true(small[9] == 1 && big[0] == 2 && big[n - 1] == 2 && after[99] == 3);
	assert_int_equal(a.used, 10 + n + 100);
	arena_cleanup(&a);
}

static void test_exactly_one_chunk(void **state)
{
	struct arena a;
	unsigned char *p;

	(void)state;
	arena_init(&a, 0);
	p = arena_alloc(&a, CHUNK);
	assert_non_null(p);
	memset(p, 7, CHUNK);
	p = arena_alloc(&a, CHUNK + 1);
	assert_non_null(p);
	memset(p, 7, CHUNK + 1);
	arena_cleanup(&a);
}

static void test_limit(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 1000);
	assert_non_null(arena_alloc(&a, 600));
	assert_null(arena_alloc(&a, 401));
	assert_int_equal(a.used, 600);
	assert_non_null(arena_alloc(&a, 400));
	assert_int_equal(a.used, 1000);
	assert_null(arena_alloc(&a, 1));
	assert_null(arena_alloc(&a, 0));
	assert_null(arena_strdup(&a, "x"));
	assert_null(arena_sprintf(&a, "%d", 1));
	/* A reset gives the whole budget back. */
	arena_reset(&a);
	assert_int_equal(a.used, 0);
	assert_non_null(arena_alloc(&a, 1000));
	arena_cleanup(&a);
}

static void test_limit_large(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, CHUNK * 2);
	assert_null(arena_alloc(&a, CHUNK * 2 + 1));
	assert_int_equal(a.used, 0);
	assert_non_null(arena_alloc(&a, CHUNK * 2));
	arena_cleanup(&a);
}

static void test_huge_request(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, SIZE_MAX);
	assert_null(arena_alloc(&a, SIZE_MAX));
	assert_null(arena_alloc(&a, SIZE_MAX / 2 + 1));
	assert_null(arena_strndup(&a, "abc", SIZE_MAX));
	assert_non_null(arena_alloc(&a, 8));
	arena_cleanup(&a);
}

static void test_reset_reuses_memory(void **state)
{
	struct arena a;
	void *first, *second;

	(void)state;
	arena_init(&a, 0);
	first = arena_alloc(&a, 64);
	second = arena_alloc(&a, 100);
	assert_non_null(first);
	assert_non_null(second);
	/* Fill more chunks, including a large one. */
	for (int i = 0; i < 10; i++)
		assert_non_null(arena_alloc(&a, CHUNK / 2));
	assert_non_null(arena_alloc(&a, CHUNK * 4));
	arena_reset(&a);
	assert_int_equal(a.used, 0);
	/* The first chunk is kept, and allocation starts again at its beginning. */
	assert_non_null(a.head);
	assert_ptr_equal(arena_alloc(&a, 64), first);
	assert_ptr_equal(arena_alloc(&a, 100), second);
	arena_cleanup(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
}

static void test_reset_empty_and_cleanup_twice(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	arena_reset(&a);
	assert_null(a.head);
	assert_non_null(arena_alloc(&a, 1));
	arena_cleanup(&a);
	arena_cleanup(&a);
	assert_null(a.head);
	/* Usable again after cleanup. */
	assert_non_null(arena_strdup(&a, "ok"));
	arena_cleanup(&a);
}

static void test_strdup(void **state)
{
	struct arena a;
	char src[] = "hello";
	char *s;

	(void)state;
	arena_init(&a, 0);
	s = arena_strdup(&a, src);
	assert_non_null(s);
	assert_string_equal(s, "hello");
	assert_ptr_not_equal(s, src);
	src[0] = 'j'; /* a copy, not a reference */
	assert_string_equal(s, "hello");
	assert_null(arena_strdup(&a, NULL));
	s = arena_strdup(&a, "");
	assert_non_null(s);
	assert_string_equal(s, "");
	arena_cleanup(&a);
}

static void test_strndup(void **state)
{
	struct arena a;
	char *s;

	(void)state;
	arena_init(&a, 0);
	s = arena_strndup(&a, "hello world", 5);
	assert_string_equal(s, "hello");
	s = arena_strndup(&a, "abc", 0);
	assert_string_equal(s, "");
	/* Exactly n bytes are copied, embedded NULs included, and a NUL added. */
	s = arena_strndup(&a, "a\0b", 3);
	assert_non_null(s);
	assert_memory_equal(s, "a\0b\0", 4);
	/* Not NUL-terminated input is fine: only n bytes are read. */
	{
		const char raw[4] = {'w', 'x', 'y', 'z'};

		s = arena_strndup(&a, raw, 4);
		assert_string_equal(s, "wxyz");
	}
	arena_cleanup(&a);
}

static void test_sprintf(void **state)
{
	struct arena a;
	char *s, *big;
	size_t n = CHUNK * 2;

	(void)state;
	arena_init(&a, 0);
	s = arena_sprintf(&a, "%s-%d-%03u", "id", -7, 5u);
	assert_string_equal(s, "id--7-005");
	s = arena_sprintf(&a, "%s", "");
	assert_non_null(s);
	assert_string_equal(s, "");
	big = arena_alloc(&a, n + 1);
	memset(big, 'z', n);
	s = arena_sprintf(&a, "<%s>", big);
	assert_non_null(s);
	assert_int_equal(strlen(s), n + 2);
	assert_int_equal(s[0], '<');
	assert_int_equal(s[n + 1], '>');
	arena_cleanup(&a);
}

static void test_used_counts_bytes(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	arena_alloc(&a, 10);
	arena_strdup(&a, "abcd");
	arena_sprintf(&a, "%d", 123);
	assert_int_equal(a.used, 10 + 5 + 4);
	arena_cleanup(&a);
}

static void test_grow(void **state)
{
	size_t n = 0, cap = 0;
	void *vv = NULL;
	int *v = NULL;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	/* room comes first, then doubles; the elements move along */
	for (int i = 0; i < 20; i++) {
		assert_int_equal(arena_grow(&a, &vv, n, &cap, sizeof *v, 4, 100), 0);
		v = vv;
		assert_true(n < cap);
		v[n++] = i;
	}
	assert_int_equal(cap, 32);
	for (int i = 0; i < 20; i++)
		assert_int_equal(v[i], i);
	/* never more than max places, and nothing past them */
	n = 0;
	cap = 0;
	vv = NULL;
	for (int i = 0; i < 5; i++)
		assert_int_equal(arena_grow(&a, &vv, n++, &cap, sizeof *v, 4, 5), 0);
	assert_int_equal(cap, 5);
	assert_int_equal(arena_grow(&a, &vv, n, &cap, sizeof *v, 4, 5), ERR_TOO_LARGE);
	assert_int_equal(cap, 5);
	arena_cleanup(&a);
	/* out of memory: nothing changes */
	arena_init(&a, 64);
	n = 0;
	cap = 0;
	vv = NULL;
	assert_int_equal(arena_grow(&a, &vv, n, &cap, 1024, 4, SIZE_MAX), ERR_NOMEM);
	assert_null(vv);
	assert_int_equal(cap, 0);
	arena_cleanup(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_limit),
	    cmocka_unit_test(test_alignment),
	    cmocka_unit_test(test_allocations_do_not_overlap),
	    cmocka_unit_test(test_zeroed),
	    cmocka_unit_test(test_zero_size),
	    cmocka_unit_test(test_large_allocation),
	    cmocka_unit_test(test_exactly_one_chunk),
	    cmocka_unit_test(test_limit),
	    cmocka_unit_test(test_limit_large),
	    cmocka_unit_test(test_huge_request),
	    cmocka_unit_test(test_reset_reuses_memory),
	    cmocka_unit_test(test_reset_empty_and_cleanup_twice),
	    cmocka_unit_test(test_strdup),
	    cmocka_unit_test(test_strndup),
	    cmocka_unit_test(test_sprintf),
	    cmocka_unit_test(test_used_counts_bytes),
	    cmocka_unit_test(test_grow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
