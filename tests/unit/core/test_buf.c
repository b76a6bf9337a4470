/*
 * test_buf.c - unit tests for src/core/buf.h: growth, the size limit (ERR_TOO_LARGE with the
 * buffer unchanged), printf, detach, reset and NUL termination.
 */
#include "testutil.h"

#include "core/buf.h"
#include "core/err.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void test_init_is_empty(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, (size_t)64 << 20);
	assert_string_equal(buf_cstr(&b), "");
	buf_cleanup(&b);

	buf_init(&b, 100);
	assert_int_equal(b.max, 100);
	buf_cleanup(&b);
}

static void test_append_and_nul(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_append(&b, "abc", 3), 0);
	assert_int_equal(b.len, 3);
	assert_int_equal(b.data[3], '\0');
	assert_string_equal(buf_cstr(&b), "abc");
	assert_int_equal(buf_puts(&b, "def"), 0);
	assert_int_equal(buf_putc(&b, 'g'), 0);
	assert_int_equal(b.len, 7);
	assert_string_equal(buf_cstr(&b), "abcdefg");
	assert_true(b.cap >= b.len + 1);
	/* An empty append still leaves a valid C string. */
	assert_int_equal(buf_append(&b, NULL, 0), 0);
	assert_int_equal(b.len, 7);
	assert_string_equal(b.data, "abcdefg");
	buf_cleanup(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

static void test_empty_append_allocates_string(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, ""), 0);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_cleanup(&b);
}

static void test_binary_content(void **state)
{
	struct buf b;
	const char bin[] = {'a', '\0', 'b', '\xff'};

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_append(&b, bin, sizeof bin), 0);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, bin, 4);
	assert_int_equal(b.data[4], '\0');
	buf_cleanup(&b);
}

static void test_growth(void **state)
{
	struct buf b;
	size_t prev_cap = 0;
	int grew = 0;

	(void)state;
	buf_init(&b, 0);
	for (int i = 0; i < 100000; i++) {
		assert_int_equal(buf_putc(&b, (char)('a' + i % 26)), 0);
		assert_true(b.cap >= b.len + 1);
		if (b.cap != prev_cap) {
			grew++;
			prev_cap = b.cap;
		}
	}
	assert_int_equal(b.len, 100000);
	assert_int_equal(strlen(b.data), 100000);
	for (int i = 0; i < 100000; i++)
		assert_int_equal(b.data[i], 'a' + i % 26);
	/* Geometric growth: 100,000 one-byte appends need few reallocations. */
	assert_in_range(grew, 2, 20);
	buf_cleanup(&b);
}

static void test_large_append(void **state)
{
	struct buf b;
	size_t n = 1000000;
	char *big = malloc(n);

	(void)state;
	assert_non_null(big);
	memset(big, 'x', n);
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "<"), 0);
	assert_int_equal(buf_append(&b, big, n), 0);
	assert_int_equal(b.len, n + 1);
	assert_int_equal(b.data[0], '<');
	assert_int_equal(b.data[n], 'x');
	assert_int_equal(b.data[n + 1], '\0');
	buf_cleanup(&b);
	free(big);
}

static void test_limit_exact_fits(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_puts(&b, "0123456789"), 0);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");
	/* The NUL does not count against the limit, and the storage never exceeds it. */
	assert_true(b.cap <= 11);
	buf_cleanup(&b);
}

static void test_limit_leaves_buffer_unchanged(void **state)
{
	struct buf b;
	char *data;
	size_t cap;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_puts(&b, "abcdefgh"), 0);
	data = b.data;
	cap = b.cap;

	assert_int_equal(buf_puts(&b, "xyz"), ERR_TOO_LARGE);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.data, "abcdefgh");
	assert_ptr_equal(b.data, data);
	assert_int_equal(b.cap, cap);

	assert_int_equal(buf_printf(&b, "%d", 123), ERR_TOO_LARGE);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.data, "abcdefgh");

	assert_int_equal(buf_append(&b, "123", 3), ERR_TOO_LARGE);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.data, "abcdefgh");

	/* What still fits is still accepted. */
	assert_int_equal(buf_puts(&b, "ij"), 0);
	assert_string_equal(b.data, "abcdefghij");
	assert_int_equal(buf_putc(&b, 'k'), ERR_TOO_LARGE);
	assert_string_equal(b.data, "abcdefghij");
	buf_cleanup(&b);
}

static void test_limit_on_first_append(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4);
	assert_int_equal(buf_puts(&b, "hello"), ERR_TOO_LARGE);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	/* A huge length must not wrap around the limit check. */
	assert_int_equal(buf_append(&b, "x", SIZE_MAX), ERR_TOO_LARGE);
	assert_int_equal(b.len, 0);
	buf_cleanup(&b);
}

static void test_printf(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_printf(&b, "%s=%d", "n", 42), 0);
	assert_string_equal(b.data, "n=42");
	assert_int_equal(b.len, 4);
	assert_int_equal(buf_printf(&b, ";%05.1f;%c;%%", 3.14159, 'z'), 0);
	assert_string_equal(b.data, "n=42;003.1;z;%");
	assert_int_equal(b.len, strlen("n=42;003.1;z;%"));
	assert_int_equal(buf_printf(&b, "%s", ""), 0);
	assert_int_equal(b.len, strlen("n=42;003.1;z;%"));
	buf_cleanup(&b);
}

static void test_printf_long(void **state)
{
	struct buf b;
	char *s = malloc(5001);

	(void)state;
	assert_non_null(s);
	memset(s, 'q', 5000);
	s[5000] = '\0';
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "["), 0);
	assert_int_equal(buf_printf(&b, "%s]", s), 0);
	assert_int_equal(b.len, 5002);
	assert_int_equal(b.data[0], '[');
	assert_int_equal(b.data[5000], 'q');
	assert_int_equal(b.data[5001], ']');
	assert_int_equal(b.data[5002], '\0');
	buf_cleanup(&b);
	free(s);
}

static void test_printf_limit_exact(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 5);
	assert_int_equal(buf_printf(&b, "%d", 12345), 0);
	assert_string_equal(b.data, "12345");
	assert_int_equal(buf_printf(&b, "%s", ""), 0);
	assert_int_equal(buf_printf(&b, "%d", 6), ERR_TOO_LARGE);
	assert_string_equal(b.data, "12345");
	buf_cleanup(&b);
}

static void test_reset_keeps_storage(void **state)
{
	struct buf b;
	char *data;
	size_t cap;

	(void)state;
	buf_init(&b, 0);
	buf_reset(&b); /* on a buffer that never allocated */
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_puts(&b, "some text"), 0);
	data = b.data;
	cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.data, data);
	assert_int_equal(b.cap, cap);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_puts(&b, "new"), 0);
	assert_string_equal(b.data, "new");
	assert_ptr_equal(b.data, data);
	buf_cleanup(&b);
}

static void test_reset_restores_room_under_limit(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 3);
	assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_int_equal(buf_putc(&b, 'd'), ERR_TOO_LARGE);
	buf_reset(&b);
	assert_int_equal(buf_puts(&b, "xyz"), 0);
	assert_string_equal(b.data, "xyz");
	buf_cleanup(&b);
}

static void test_detach(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "hello"), 0);
	s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "hello");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_string_equal(buf_cstr(&b), "");
	/* The buffer is reusable after detaching, with fresh storage. */
	assert_int_equal(buf_puts(&b, "again"), 0);
	assert_ptr_not_equal(b.data, s);
	assert_string_equal(b.data, "again");
	assert_string_equal(s, "hello");
	free(s);
	buf_cleanup(&b);
}

static void test_detach_empty(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init(&b, 0);
	s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	buf_cleanup(&b);
}

static void test_cleanup_then_reuse(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "one"), 0);
	buf_cleanup(&b);
	buf_cleanup(&b); /* twice is harmless */
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "two"), 0);
	assert_string_equal(b.data, "two");
	buf_cleanup(&b);
}

/*
 * A limit of SIZE_MAX ("no practical limit") must still give storage with room for the
 * bytes and the NUL. buf_reserve clamps the capacity to b->max + 1, which wraps to 0.
 */
static void test_limit_size_max(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, SIZE_MAX);
	assert_int_equal(buf_puts(&b, "x"), 0);
	assert_true(b.cap >= 2);
	assert_string_equal(b.data, "x");
	buf_cleanup(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_is_empty),
	    cmocka_unit_test(test_append_and_nul),
	    cmocka_unit_test(test_empty_append_allocates_string),
	    cmocka_unit_test(test_binary_content),
	    cmocka_unit_test(test_growth),
	    cmocka_unit_test(test_large_append),
	    cmocka_unit_test(test_limit_exact_fits),
	    cmocka_unit_test(test_limit_leaves_buffer_unchanged),
	    cmocka_unit_test(test_limit_on_first_append),
	    cmocka_unit_test(test_printf),
	    cmocka_unit_test(test_printf_long),
	    cmocka_unit_test(test_printf_limit_exact),
	    cmocka_unit_test(test_reset_keeps_storage),
	    cmocka_unit_test(test_reset_restores_room_under_limit),
	    cmocka_unit_test(test_detach),
	    cmocka_unit_test(test_detach_empty),
	    cmocka_unit_test(test_cleanup_then_reuse),
	    cmocka_unit_test(test_limit_size_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
