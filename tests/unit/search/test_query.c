/*
 * test_query.c - unit tests for src/search/query.c and cursor.c: request parameters and
 * their errors, the user's text as an FTS5 query (never an FTS5 syntax error, checked
 * against a real database with hostile and random input), title sort keys, and cursors
 * that round-trip and refuse to be tampered with.
 */
#include "testutil.h"

#include "search/search.h"

#include <stdlib.h>
#include <string.h>

static void test_fts_query_shapes(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"health", "\"health\""},
	    {"  mobile   health ", "\"mobile\" \"health\""},
	    {"\"mobile money\" farmers", "\"mobile money\" \"farmers\""},
	    {"tele*", "\"tele\"*"},
	    {"\"mobile mon\"*", "\"mobile mon\"*"},
	    {"e-health AND NOT x OR y", "\"e-health\" \"AND\" \"NOT\" \"x\" \"OR\" \"y\""},
	    {"NEAR(a b, 2)", "\"NEAR(a\" \"b,\" \"2)\""},
	    {"title:water", "\"title:water\""},
	    {"a\"b", "\"a\" \"b\""},
	    {"\"unterminated phrase", "\"unterminated phrase\""},
	    {"-minus +plus ^caret", "\"-minus\" \"+plus\" \"^caret\""},
	    {"café", "\"café\""},
	    {"() - : * \"\" ** \"*\"", NULL},
	    {"", NULL},
	    {"   ", NULL},
	};
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = search_fts_query(cases[i].in, &a);

		if (!cases[i].out)
			assert_null(got);
		else if (!got || strcmp(got, cases[i].out) != 0)
			fail_msg("%s: got %s, want %s", cases[i].in, got ? got : "NULL",
				 cases[i].out);
	}
	assert_null(search_fts_query(NULL, &a));
	arena_cleanup(&a);
}

static int count_cb(void *ud, int64_t id, double rank)
{
	(void)id;
	(void)rank;
	(*(long *)ud)++;
	return 0;
}

/* No text, however hostile, makes FTS5 fail. */
static void test_fts_query_never_fails(void **state)
{
	static const char *const hostile[] = {
	    "AND",      "OR",       "NOT",         "NEAR",       "\"",           "\"\"",
	    "*",        "**",       "(",           ")",          "()",           "-",
	    ":",        "^",        "a AND",       "AND b",      "NOT NOT",      "NEAR(",
	    "NEAR(a b", "title:",   ":title",      "{title}: x", "\"a\" OR \"b", "a* OR b*",
	    "*a",       "a**",      "\x01\x02",    "'",          "';--",         "\\",
	    "\"\\\"\"", "e-health", "c7.e-health", "x-",         "-x",           "«»",
	    "—",        "🙂",     "a+b",         "a|b",        "rank:1",
	};
	struct store *s = tu_store_new("fts.db");
	struct arena a;
	char buf[64];

	(void)state;
	arena_init(&a, 0);
	for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
		const char *fts = search_fts_query(hostile[i], &a);
		long n = 0;

		if (fts && store_search_fts(s, fts, 0, NULL, count_cb, &n) != 0)
			fail_msg("%s -> %s: %s", hostile[i], fts, store_errmsg(s));
		if (fts && store_search_fts(s, fts, 1, NULL, count_cb, &n) != 0)
			fail_msg("%s -> %s (ranked): %s", hostile[i], fts, store_errmsg(s));
	}
	/* random strings over FTS5's special characters */
	srand(42);
	for (int i = 0; i < 2000; i++) {
		static const char alphabet[] = "ab \"*()-:^+{},.AND OR NOT NEAR\t";
		size_t n = (size_t)(rand() % (sizeof buf - 1));
		const char *fts;
		long hits = 0;

		for (size_t k = 0; k < n; k++)
			buf[k] = alphabet[rand() % (sizeof alphabet - 1)];
		buf[n] = '\0';
		fts = search_fts_query(buf, &a);
		if (fts && store_search_fts(s, fts, 0, NULL, count_cb, &hits) != 0)
			fail_msg("[%s] -> %s: %s", buf, fts, store_errmsg(s));
		arena_reset(&a);
	}
	store_close(s);
	arena_cleanup(&a);
}

static void test_params(void **state)
{
	struct search_query q;
	struct errinfo e;
	struct arena a;
	char longq[SEARCH_MAX_Q + 2];
	static const char *const bad_limits[] = {"0",   "101", "abc",  "-1",
						 "1.5", " 5",  "1000", "+5"};

	(void)state;
	arena_init(&a, 0);
	search_query_init(&q);
	assert_int_equal(q.limit, SEARCH_LIMIT_DEFAULT);
	assert_int_equal(q.sort, SEARCH_SORT_DEFAULT);
	assert_int_equal(search_query_param(&q, &a, "limit", "1", &e), 0);
	assert_int_equal(q.limit, 1);
	assert_int_equal(search_query_param(&q, &a, "limit", "100", &e), 0);
	assert_int_equal(q.limit, 100);
	for (size_t i = 0; i < sizeof bad_limits / sizeof *bad_limits; i++) {
		errinfo_clear(&e);
		assert_int_equal(search_query_param(&q, &a, "limit", bad_limits[i], &e),
				 ERR_INVALID);
		assert_string_equal(e.field, "limit");
	}
	assert_int_equal(search_query_param(&q, &a, "sort", "title", &e), 0);
	assert_int_equal(q.sort, SEARCH_SORT_TITLE);
	assert_int_equal(search_query_param(&q, &a, "sort", "random", &e), ERR_INVALID);
	assert_string_equal(e.field, "sort");
	assert_int_equal(search_query_param(&q, &a, "from_year", "2019", &e), 0);
	assert_int_equal(q.from_year, 2019);
	assert_int_equal(search_query_param(&q, &a, "to_year", "19", &e), ERR_INVALID);
	assert_string_equal(e.field, "to_year");
	assert_int_equal(search_query_param(&q, &a, "start_year", "20x9", &e), ERR_INVALID);
	assert_string_equal(e.field, "start_year");
	/* repeated values: kept once, in order */
	assert_int_equal(search_query_param(&q, &a, "sdg", "3", &e), 0);
	assert_int_equal(search_query_param(&q, &a, "sdg", "4", &e), 0);
	assert_int_equal(search_query_param(&q, &a, "sdg", "3", &e), 0);
	assert_int_equal(q.nvalues[SD_SDG], 2);
	assert_string_equal(q.values[SD_SDG][1], "4");
	/* region: an M49 code stays one; an ITU-D region's name is itu_region */
	assert_int_equal(search_query_param(&q, &a, "region", "002", &e), 0);
	assert_int_equal(search_query_param(&q, &a, "region", "africa", &e), 0);
	assert_int_equal(q.nvalues[SD_REGION], 1);
	assert_string_equal(q.values[SD_REGION][0], "002");
	assert_int_equal(q.nvalues[SD_ITU_REGION], 1);
	assert_string_equal(q.values[SD_ITU_REGION][0], "africa");
	/* ... which the query remembers, so that an error about it names region */
	assert_int_equal(q.nitu_as_region, 1);
	assert_string_equal(q.itu_as_region[0], "africa");
	assert_int_equal(search_query_param(&q, &a, "itu_region", "europe", &e), 0);
	assert_int_equal(q.nitu_as_region, 1);
	memset(longq, 'x', 65);
	longq[65] = '\0';
	assert_int_equal(search_query_param(&q, &a, "region", longq, &e), ERR_INVALID);
	assert_string_equal(e.field, "region");
	assert_int_equal(search_query_param(&q, &a, "itu_region", longq, &e), ERR_INVALID);
	assert_string_equal(e.field, "itu_region");
	/* empty values and unknown names are ignored */
	assert_int_equal(search_query_param(&q, &a, "country", "", &e), 0);
	assert_int_equal(q.nvalues[SD_COUNTRY], 0);
	assert_int_equal(search_query_param(&q, &a, "lang", "fr", &e), 0);
	assert_int_equal(search_query_param(&q, &a, "q", "  ", &e), 0);
	assert_null(q.q);
	memset(longq, 'x', sizeof longq - 1);
	longq[sizeof longq - 1] = '\0';
	assert_int_equal(search_query_param(&q, &a, "q", longq, &e), ERR_INVALID);
	assert_string_equal(e.field, "q");
	assert_int_equal(search_query_param(&q, &a, "q", "\xff\xfe", &e), ERR_INVALID);
	assert_false(search_query_hidden_states(&q));
	assert_int_equal(search_query_param(&q, &a, "state", "published", &e), 0);
	assert_false(search_query_hidden_states(&q));
	assert_int_equal(search_query_param(&q, &a, "state", "draft", &e), 0);
	assert_true(search_query_hidden_states(&q));
	assert_int_equal(search_dim_parse("sdg_target"), SD_SDG_TARGET);
	assert_int_equal(search_dim_parse("nope"), -1);
	assert_string_equal(search_dim_name(SD_ITU_REGION), "itu_region");
	arena_cleanup(&a);
}

static void test_title_key(void **state)
{
	char k[SEARCH_TITLE_KEY], l[SEARCH_TITLE_KEY];
	char longt[200];

	(void)state;
	search_title_key("  \"Hello World\"", k);
	assert_string_equal(k, "hello world\"");
	search_title_key("hello world", l);
	assert_true(memcmp(l, k, SEARCH_TITLE_KEY) < 0); /* shorter first */
	search_title_key(NULL, k);
	assert_string_equal(k, "");
	/* 46 ASCII bytes then a two-byte character: not cut in two */
	memset(longt, 'a', 46);
	memcpy(longt + 46, "\xc3\xa9tude", 7); /* with its NUL */
	search_title_key(longt, k);
	assert_int_equal(strlen(k), 46);
	for (size_t i = strlen(k); i < SEARCH_TITLE_KEY; i++)
		assert_int_equal(k[i], 0);
}

static void test_cursor_round_trip_and_tamper(void **state)
{
	static const enum search_sort sorts[] = {SEARCH_SORT_RELEVANCE, SEARCH_SORT_DATE,
						 SEARCH_SORT_TITLE, SEARCH_SORT_NEWEST};
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	for (size_t i = 0; i < sizeof sorts / sizeof *sorts; i++) {
		struct search_cursor c = {0}, d;
		const char *s;
		char *t;

		c.sort = sorts[i];
		c.key = -20190315;
		c.rank = c.sort == SEARCH_SORT_RELEVANCE ? -4.625 : 0;
		c.id = 1234567;
		if (c.sort == SEARCH_SORT_TITLE)
			search_title_key("Rural telemedicine network", c.title);
		s = search_cursor_encode(&c, &a);
		assert_non_null(s);
		assert_true(
		    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
		    strlen(s));
		assert_int_equal(search_cursor_decode(s, &d), 0);
		assert_int_equal(d.sort, c.sort);
		assert_int_equal(d.key, c.key);
		assert_true(d.rank == c.rank);
		assert_int_equal(d.id, c.id);
		assert_memory_equal(d.title, c.title, SEARCH_TITLE_KEY);
		/* any one character changed, cut off or added: refused */
		t = arena_strdup(&a, s);
		for (size_t k = 0; t[k]; k++) {
			char old = t[k];

			t[k] = old == 'A' ? 'B' : 'A';
			assert_int_not_equal(search_cursor_decode(t, &d), 0);
			t[k] = old;
		}
		t[strlen(t) - 1] = '\0';
		assert_int_not_equal(search_cursor_decode(t, &d), 0);
		assert_int_not_equal(search_cursor_decode(arena_sprintf(&a, "%sA", s), &d), 0);
	}
	arena_cleanup(&a);
}

static void test_cursor_garbage(void **state)
{
	static const char *const bad[] = {
	    "", "A", "AAAA", "!!!!", "AQ==", "abc def", "AQIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
	struct search_cursor d;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(search_cursor_decode(bad[i], &d), ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fts_query_shapes),
	    cmocka_unit_test(test_fts_query_never_fails),
	    cmocka_unit_test(test_params),
	    cmocka_unit_test(test_title_key),
	    cmocka_unit_test(test_cursor_round_trip_and_tamper),
	    cmocka_unit_test(test_cursor_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
