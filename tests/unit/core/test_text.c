/*
 * test_text.c - unit tests for src/core/text.h: UTF-8 validation (multi-byte forms, overlong
 * forms, surrogates, code points above U+10FFFF, truncated sequences, NUL), code point
 * counting, trimming and blank checks.
 */
#include "testutil.h"

#include "core/text.h"

#include <string.h>

/* valid checks the whole C string s. */
static int valid(const char *s)
{
	return text_utf8_valid(s, strlen(s));
}

static void test_utf8_valid_ascii(void **state)
{
	(void)state;
	assert_true(valid(""));
	assert_true(valid("hello, world"));
	assert_true(valid("\x01\x1f\x7f"));
	assert_true(valid("tab\tnew\nline"));
}

static void test_utf8_valid_multibyte(void **state)
{
	static const char *const good[] = {
	    "\xc2\x80",         /* U+0080, smallest two-byte */
	    "\xc3\xa9",         /* é */
	    "\xdf\xbf",         /* U+07FF, largest two-byte */
	    "\xe0\xa0\x80",     /* U+0800, smallest three-byte */
	    "\xe2\x82\xac",     /* € */
	    "\xed\x9f\xbf",     /* U+D7FF, just below the surrogates */
	    "\xee\x80\x80",     /* U+E000, just above the surrogates */
	    "\xef\xbf\xbf",     /* U+FFFF */
	    "\xf0\x90\x80\x80", /* U+10000, smallest four-byte */
	    "\xf0\x9d\x84\x9e", /* U+1D11E musical symbol G clef */
	    "\xf4\x8f\xbf\xbf", /* U+10FFFF, the last code point */
	    "Gr\xc3\xbc\xc3\x9f"
	    "e aus \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x98\x80!",
	};

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (!valid(good[i]))
			fail_msg("good[%zu] rejected", i);
}

static void test_utf8_overlong(void **state)
{
	static const char *const bad[] = {
	    "\xc0\x80",         /* NUL in two bytes (modified UTF-8) */
	    "\xc0\xaf",         /* '/' in two bytes */
	    "\xc1\xbf",         /* U+007F in two bytes */
	    "\xe0\x80\x80",     /* NUL in three bytes */
	    "\xe0\x9f\xbf",     /* U+07FF in three bytes */
	    "\xf0\x80\x80\x80", /* NUL in four bytes */
	    "\xf0\x8f\xbf\xbf", /* U+FFFF in four bytes */
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (valid(bad[i]))
			fail_msg("overlong form bad[%zu] accepted", i);
}

static void test_utf8_surrogates(void **state)
{
	(void)state;
	assert_false(valid("\xed\xa0\x80"));             /* U+D800 */
	assert_false(valid("\xed\xaf\xbf"));             /* U+DBFF */
	assert_false(valid("\xed\xb0\x80"));             /* U+DC00 */
	assert_false(valid("\xed\xbf\xbf"));             /* U+DFFF */
	assert_false(valid("\xed\xa0\xbd\xed\xb8\x80")); /* a CESU-8 pair */
}

static void test_utf8_above_max(void **state)
{
	(void)state;
	assert_false(valid("\xf4\x90\x80\x80"));         /* U+110000 */
	assert_false(valid("\xf5\x80\x80\x80"));         /* lead byte F5 */
	assert_false(valid("\xf7\xbf\xbf\xbf"));         /* U+1FFFFF */
	assert_false(valid("\xf8\x88\x80\x80\x80"));     /* five-byte form */
	assert_false(valid("\xfc\x84\x80\x80\x80\x80")); /* six-byte form */
	assert_false(valid("\xfe"));
	assert_false(valid("\xff"));
}

static void test_utf8_truncated_and_stray(void **state)
{
	(void)state;
	assert_false(valid("\xc3"));
	assert_false(valid("abc\xc3"));
	assert_false(valid("\xe2\x82"));
	assert_false(valid("\xf0\x9d\x84"));
	assert_false(valid("\xc3"
			   "A")); /* lead byte then ASCII */
	assert_false(valid("\xe2\x82"
			   "A")); /* two of three, then ASCII */
	assert_false(valid("\xe2"
			   "A\x82"));
	assert_false(valid("\x80")); /* stray continuation */
	assert_false(valid("a\xbf"
			   "b"));
	assert_false(valid("\xc3\xa9\xa9")); /* one continuation too many */
	/* The length given is respected: a sequence cut by n is truncated. */
	assert_false(text_utf8_valid("\xc3\xa9", 1));
	assert_false(text_utf8_valid("\xf0\x9d\x84\x9e", 3));
	assert_true(text_utf8_valid("\xc3\xa9", 2));
	/* Bytes past n are not looked at. */
	assert_true(text_utf8_valid("ab\xff", 2));
}

static void test_utf8_nul(void **state)
{
	(void)state;
	assert_false(text_utf8_valid("a\0b", 3));
	assert_false(text_utf8_valid("\0", 1));
	assert_false(text_utf8_valid("\xc3\xa9\0", 3));
	assert_true(text_utf8_valid("a\0b", 1));
}

/*
 * ASCII is checked eight bytes at a time: a bad byte, a NUL or a multi-byte character at
 * any offset of a long string, and at its very end, must be seen as one byte at a time.
 */
static void test_utf8_every_offset(void **state)
{
	static const char *const bad[] = {"\x80", "\xff", "\xc3", "\xed\xa0\x80"};
	char s[64];

	(void)state;
	for (size_t len = 1; len <= 40; len++) {
		for (size_t pos = 0; pos < len; pos++) {
			memset(s, 'a', len);
			assert_int_equal(text_utf8_valid(s, len), 1);
			s[pos] = '\0';
			assert_int_equal(text_utf8_valid(s, len), 0);
			for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
				size_t n = strlen(bad[b]);

				if (pos + n > len)
					continue;
				memset(s, 'a', len);
				memcpy(s + pos, bad[b], n);
				assert_int_equal(text_utf8_valid(s, len), 0);
			}
			if (pos + 2 <= len) {
				memset(s, 'a', len);
				memcpy(s + pos, "\xc3\xa9", 2); /* é */
				assert_int_equal(text_utf8_valid(s, len), 1);
			}
		}
	}
}

static void test_utf8_len(void **state)
{
	(void)state;
	assert_int_equal(text_utf8_len(""), 0);
	assert_int_equal(text_utf8_len("abc"), 3);
	assert_int_equal(text_utf8_len("h\xc3\xa9llo"), 5);
	assert_int_equal(text_utf8_len("\xe2\x82\xac"), 1);
	assert_int_equal(text_utf8_len("\xf0\x9d\x84\x9e"), 1);
	assert_int_equal(text_utf8_len("\xe2\x82\xac\xf0\x9d\x84\x9e"
				       "a\xc3\xa9"),
			 4);
	assert_int_equal(text_utf8_len("\xe6\x9d\xb1\xe4\xba\xac"), 2);
}

static void test_trim(void **state)
{
	char a[] = "  abc  ";
	char b[] = "\t\n\r\f\v x y \v\n";
	char c[] = "";
	char d[] = " \t\n ";
	char e[] = "none";
	char f[] = "\xc2\xa0nbsp\xc2\xa0"; /* U+00A0 is not ASCII white space */
	char *r;

	(void)state;
	r = text_trim(a);
	assert_string_equal(r, "abc");
	assert_ptr_equal(r, a + 2); /* in place */
	assert_string_equal(text_trim(b), "x y");
	assert_string_equal(text_trim(c), "");
	r = text_trim(d);
	assert_string_equal(r, "");
	assert_string_equal(text_trim(e), "none");
	assert_ptr_equal(text_trim(e), e);
	assert_string_equal(text_trim(f), "\xc2\xa0nbsp\xc2\xa0");
}

static void test_is_blank(void **state)
{
	(void)state;
	assert_true(text_is_blank(NULL));
	assert_true(text_is_blank(""));
	assert_true(text_is_blank(" "));
	assert_true(text_is_blank(" \t\r\n\f\v"));
	assert_false(text_is_blank("a"));
	assert_false(text_is_blank("  a  "));
	assert_false(text_is_blank("\xc2\xa0"));
	assert_false(text_is_blank("\x01"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_valid_ascii),
	    cmocka_unit_test(test_utf8_valid_multibyte),
	    cmocka_unit_test(test_utf8_overlong),
	    cmocka_unit_test(test_utf8_surrogates),
	    cmocka_unit_test(test_utf8_above_max),
	    cmocka_unit_test(test_utf8_truncated_and_stray),
	    cmocka_unit_test(test_utf8_nul),
	    cmocka_unit_test(test_utf8_every_offset),
	    cmocka_unit_test(test_utf8_len),
	    cmocka_unit_test(test_trim),
	    cmocka_unit_test(test_is_blank),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
