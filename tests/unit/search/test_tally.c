/*
 * test_tally.c - unit tests for src/search/tally.c: the framework pages' counts and lists
 * from the index's bitsets give the SQL's answers (store_fw_tally, store_fw_initiatives) on
 * the sample data, for every scheme and code, headings (C7) and unknown codes included,
 * and follow a change of state.
 */
#include "testutil.h"

#include "search/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXCODES 512
#define LIST 16

struct counts {
	char code[MAXCODES][32];
	int64_t n[MAXCODES];
	int len;
};

static int count_add(void *ud, const char *code, int64_t n)
{
	struct counts *c = ud;

	assert_true(c->len < MAXCODES);
	snprintf(c->code[c->len], sizeof c->code[c->len], "%s", code);
	c->n[c->len++] = n;
	return 0;
}

static int64_t count_of(const struct counts *c, const char *code)
{
	for (int i = 0; i < c->len; i++)
		if (strcmp(c->code[i], code) == 0)
			return c->n[i];
	return 0;
}

/* check_list compares the index's list of code with the SQL's. */
static void check_list(struct search_index *ix, struct store *s, const char *scheme,
		       const char *code)
{
	struct tu_ids want = {{0}, 0};
	int64_t ids[LIST], total = -1, want_total = -1;
	struct errinfo e;
	size_t n = 99;

	assert_int_equal(
	    store_fw_initiatives(s, scheme, code, LIST, tu_collect_ids, &want, &want_total), 0);
	if (search_fw_list(ix, s, scheme, code, LIST, ids, &n, &total, &e))
		fail_msg("search_fw_list %s %s: %s", scheme, code, e.msg);
	if (total != want_total || (int)n != want.n)
		fail_msg("%s %s: %lld in all, %zu listed; SQL %lld, %d", scheme, code,
			 (long long)total, n, (long long)want_total, want.n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ids[i], want.v[i]);
}

/* check_scheme compares the tallies of scheme, and the lists of every code counted; it
 * returns how many codes are counted. */
static int check_scheme(struct search_index *ix, struct store *s, const char *scheme)
{
	struct counts *want = calloc(1, sizeof *want), *got = calloc(1, sizeof *got);
	struct errinfo e;
	int n;

	assert_non_null(want);
	assert_non_null(got);
	assert_int_equal(store_fw_tally(s, scheme, count_add, want), 0);
	if (search_fw_tally(ix, s, scheme, count_add, got, &e))
		fail_msg("search_fw_tally %s: %s", scheme, e.msg);
	if (got->len != want->len)
		fail_msg("%s: %d codes counted, SQL %d", scheme, got->len, want->len);
	for (int i = 0; i < want->len; i++) {
		if (count_of(got, want->code[i]) != want->n[i])
			fail_msg("%s %s: %lld, SQL %lld", scheme, want->code[i],
				 (long long)count_of(got, want->code[i]), (long long)want->n[i]);
		check_list(ix, s, scheme, want->code[i]);
	}
	check_list(ix, s, scheme, "no-such-code");
	n = want->len;
	free(want);
	free(got);
	return n;
}

static void check_all(struct search_index *ix, struct store *s)
{
	static const char *const schemes[] = {"sdg",     "sdg_target", "action_line", "gdc",
					      "country", "m49_region", "itu_region"};

	int codes = 0;

	for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
		codes += check_scheme(ix, s, schemes[i]);
	assert_true(codes > 100); /* the sample has goals, targets, lines, countries, regions */
	/* headings: no count of their own, a list of what is under them */
	check_list(ix, s, "action_line", "C7");
	check_list(ix, s, "action_line", "C1");
}

static void test_same_as_sql(void **state)
{
	struct store *s = tu_store_new("tally.db");
	struct search_index *ix = search_index_new();
	struct initiative ini;
	struct arena a;
	int64_t id = 5;

	(void)state;
	arena_init(&a, 0);
	tu_import_sample(s);
	check_all(ix, s);
	/* an initiative no longer published leaves the counts and lists of both */
	assert_int_equal(store_initiative_get(s, id, &a, &ini), 0);
	ini.state = "archived";
	assert_int_equal(store_initiative_save(s, &ini, "test", NULL, &id), 0);
	check_all(ix, s);
	search_index_free(ix);
	store_close(s);
	arena_cleanup(&a);
}

/* An unknown scheme is refused; no limit gives the total alone. */
static void test_edges(void **state)
{
	struct store *s = tu_store_new("tally_edges.db");
	struct search_index *ix = search_index_new();
	struct counts *got = calloc(1, sizeof *got);
	struct errinfo e;
	int64_t ids[1], total = -1;
	size_t n = 9;

	(void)state;
	assert_non_null(got);
	assert_int_equal(search_fw_tally(ix, s, "nonsense", count_add, got, &e), ERR_INVALID);
	assert_int_equal(search_fw_list(ix, s, "nonsense", "1", 1, ids, &n, &total, &e),
			 ERR_INVALID);
	assert_int_equal(search_fw_tally(ix, s, "sdg", count_add, got, &e), 0);
	assert_int_equal(got->len, 0);
	assert_int_equal(search_fw_list(ix, s, "sdg", "3", 0, ids, &n, &total, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);
	free(got);
	search_index_free(ix);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_as_sql),
	    cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
