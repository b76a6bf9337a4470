/*
 * test_index.c - unit tests for the search index (src/search/index.c, run.c): filters that
 * combine (OR within a facet, AND across), groups and regions, facet counts that equal the
 * totals their links lead to, cursor pages that never skip or repeat in any order, changes
 * applied in place giving the same index as a fresh load, and the index following a real
 * store through its change numbers.
 */
#include "testutil.h"

#include "search/search_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 40

static const struct country countries[] = {
    {.iso2 = "KE",
     .m49_region = "002",
     .m49_subregion = "202",
     .m49_intermediate = "014",
     .itu_region = "africa"},
    {.iso2 = "FR",
     .m49_region = "150",
     .m49_subregion = "155",
     .m49_intermediate = "",
     .itu_region = "europe"},
    {.iso2 = "BR",
     .m49_region = "019",
     .m49_subregion = "419",
     .m49_intermediate = "005",
     .itu_region = "americas"},
};

/* row i of the test data; variant 1 changes row 5, drops row 7 and adds row 41. */
static int add_row(struct search_data *d, int i, int variant)
{
	char title[32], date[16], created[32], sdg[4];
	struct store_search_row r = {0};
	static const char *const als[] = {"C7.e-health", "C7.e-learning", "C1"};

	r.id = i;
	r.state = i % 10 == 0 ? "submitted" : "published";
	snprintf(date, sizeof date, "%d", 2019 + i % 3);
	r.start_date = i % 4 == 0 ? NULL : date;
	snprintf(created, sizeof created, "2024-01-0%dT00:00:00Z", 1 + i % 3);
	r.created_at = created;
	snprintf(title, sizeof title, "%sTitle %c", i % 5 == 0 ? "\"" : "", 'a' + i % 4);
	r.title = title;
	r.status = i % 2 ? "ongoing" : "completed";
	if (variant && i == 5) {
		r.state = "published";
		r.start_date = "2030-06";
		r.title = "Zzz changed";
		r.status = "planned";
	}
	if (search__sink_row(d, &r))
		return -1;
	snprintf(sdg, sizeof sdg, "%d", i % 5 + 1);
	if (search__sink_tag(d, i, "sdg", sdg) || (i % 2 && search__sink_tag(d, i, "sdg", "1")) ||
	    search__sink_tag(d, i, "action_line", als[i % 3]))
		return -1;
	if ((i % 2 && search__sink_country(d, i, "KE")) ||
	    (i % 3 == 0 && search__sink_country(d, i, "FR")) ||
	    (i % 7 == 0 && search__sink_country(d, i, "BR")))
		return -1;
	if (variant && i == 5 && search__sink_tag(d, i, "gdc", "2"))
		return -1;
	return 0;
}

static struct search_data *build(int variant)
{
	struct search_data *d = search__data_new();
	char code[4];

	assert_non_null(d);
	assert_int_equal(search__data_value_add(d, SD_ACTION_LINE, "C1", NULL), 0);
	assert_int_equal(search__data_value_add(d, SD_ACTION_LINE, "C7", NULL), 0);
	assert_int_equal(search__data_value_add(d, SD_ACTION_LINE, "C7.e-health", "C7"), 0);
	assert_int_equal(search__data_value_add(d, SD_ACTION_LINE, "C7.e-learning", "C7"), 0);
	for (int g = 1; g <= 5; g++) {
		snprintf(code, sizeof code, "%d", g);
		assert_int_equal(search__data_value_add(d, SD_SDG, code, NULL), 0);
		assert_int_equal(search__data_value_add(d, SD_GDC, code, NULL), 0);
	}
	for (size_t c = 0; c < sizeof countries / sizeof *countries; c++)
		assert_int_equal(search__data_country_add(d, &countries[c]), 0);
	for (int i = 1; i <= N; i++)
		if (!(variant && i == 7))
			assert_int_equal(add_row(d, i, variant), 0);
	if (variant)
		assert_int_equal(add_row(d, 41, variant), 0);
	assert_int_equal(search__data_finish(d, 1), 0);
	return d;
}

/* query parses "a=1&b=2" into q. */
static void query(struct search_query *q, struct arena *a, const char *params, int all_states)
{
	char *s = arena_strdup(a, params), *save = NULL;
	struct errinfo e;

	search_query_init(q);
	q->all_states = all_states;
	for (char *t = strtok_r(s, "&", &save); t; t = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(t, '=');

		assert_non_null(eq);
		*eq = '\0';
		if (search_query_param(q, a, t, eq + 1, &e))
			fail_msg("%s: %s", t, e.msg);
	}
}

static int64_t total_of(struct search_index *ix, const struct search_query *q, struct arena *a)
{
	struct search_result r;
	struct errinfo e;

	if (search__evaluate(ix, q, NULL, NULL, 0, 0, a, &r, &e))
		fail_msg("evaluate: %s (%s)", e.msg, e.field);
	return r.total;
}

static int64_t total(struct search_index *ix, const char *params, struct arena *a)
{
	struct search_query q;

	query(&q, a, params, 1);
	return total_of(ix, &q, a);
}

static void test_filters_combine(void **state)
{
	struct search_index *ix = search__index_adopt(build(0));
	struct arena a;
	int64_t published = 0, sdg1 = 0, sdg2 = 0, sdg12 = 0, sdg1_ke = 0, c7 = 0, africa = 0;

	(void)state;
	arena_init(&a, 0);
	for (int i = 1; i <= N; i++) {
		int pub = i % 10 != 0, s1 = i % 5 == 0 || i % 2, s2 = i % 5 == 1;

		if (!pub)
			continue;
		published++;
		sdg1 += s1;
		sdg2 += s2;
		sdg12 += s1 || s2;
		sdg1_ke += s1 && i % 2;
		c7 += i % 3 != 2;
		africa += i % 2;
	}
	assert_int_equal(total(ix, "", &a), published);
	assert_int_equal(total(ix, "sdg=1", &a), sdg1);
	assert_int_equal(total(ix, "sdg=2", &a), sdg2);
	assert_int_equal(total(ix, "sdg=1&sdg=2", &a), sdg12);        /* OR within */
	assert_int_equal(total(ix, "sdg=1&country=KE", &a), sdg1_ke); /* AND across */
	assert_int_equal(total(ix, "action_line=C7", &a), c7);        /* a group has its lines */
	assert_int_equal(total(ix, "region=002", &a), africa);        /* regions via countries */
	assert_int_equal(total(ix, "region=202", &a), africa);
	assert_int_equal(total(ix, "itu_region=africa", &a), africa);
	assert_int_equal(total(ix, "state=submitted", &a), N / 10);
	assert_int_equal(total(ix, "state=submitted&state=published", &a), N);
	/* years: 2019 + i % 3 unless i % 4 == 0 */
	assert_int_equal(total(ix, "start_year=1999", &a), 0);
	assert_int_equal(total(ix, "from_year=2020&to_year=2021", &a) +
			     total(ix, "start_year=2019", &a),
			 total(ix, "from_year=2019", &a));
	arena_cleanup(&a);
	search_index_free(ix);
}

static void test_errors(void **state)
{
	struct search_index *ix = search__index_adopt(build(0));
	struct search_result r;
	struct search_query q;
	struct errinfo e;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	query(&q, &a, "sdg=99", 1);
	assert_int_equal(search__evaluate(ix, &q, NULL, NULL, 0, SEARCH_PAGE, &a, &r, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "sdg");
	query(&q, &a, "country=ZZ", 1);
	assert_int_equal(search__evaluate(ix, &q, NULL, NULL, 0, SEARCH_PAGE, &a, &r, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "country");
	/* unpublished initiatives need the right to see them */
	query(&q, &a, "state=submitted", 0);
	assert_int_equal(search__evaluate(ix, &q, NULL, NULL, 0, SEARCH_PAGE, &a, &r, &e),
			 ERR_FORBIDDEN);
	assert_string_equal(e.field, "state");
	query(&q, &a, "cursor=AAAA", 1);
	assert_int_equal(search__evaluate(ix, &q, NULL, NULL, 0, SEARCH_PAGE, &a, &r, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "cursor");
	/* a cursor of another order is refused too */
	query(&q, &a, "sort=title&limit=2", 1);
	assert_int_equal(search__evaluate(ix, &q, NULL, NULL, 0, SEARCH_PAGE, &a, &r, &e), 0);
	assert_non_null(r.next_cursor);
	query(&q, &a, "sort=date", 1);
	q.cursor = r.next_cursor;
	assert_int_equal(search__evaluate(ix, &q, NULL, NULL, 0, SEARCH_PAGE, &a, &r, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "cursor");
	arena_cleanup(&a);
	search_index_free(ix);
}

/* Every facet value's count is the total of the query with that value instead. */
static void check_counts(struct search_index *ix, const char *params, int all_states,
			 struct arena *a)
{
	struct search_result r;
	struct search_query q;
	struct errinfo e;

	query(&q, a, params, all_states);
	if (search__evaluate(ix, &q, NULL, NULL, 0, SEARCH_FACETS, a, &r, &e))
		fail_msg("%s: %s", params, e.msg);
	assert_int_equal(r.facets[SD_STATE].shown, all_states);
	for (int d = 0; d < SD__COUNT; d++) {
		for (size_t i = 0; i < r.facets[d].n; i++) {
			struct search_query q2 = q;
			const char *code = r.facets[d].v[i].code;

			q2.values[d] = &code;
			q2.nvalues[d] = 1;
			if (total_of(ix, &q2, a) != r.facets[d].v[i].count)
				fail_msg("%s: %s=%s counts %lld, leads to %lld", params,
					 search_dim_name((enum search_dim)d), code,
					 (long long)r.facets[d].v[i].count,
					 (long long)total_of(ix, &q2, a));
		}
	}
}

static void test_counts_lead_to_totals(void **state)
{
	struct search_index *ix = search__index_adopt(build(0));
	struct search_result r;
	struct search_query q;
	struct errinfo e;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	check_counts(ix, "", 0, &a);
	check_counts(ix, "", 1, &a);
	check_counts(ix, "sdg=1", 0, &a);
	check_counts(ix, "sdg=1&country=KE", 0, &a);
	check_counts(ix, "sdg=2&sdg=3&region=150", 0, &a);
	check_counts(ix, "action_line=C7&start_year=2019&status=ongoing", 1, &a);
	check_counts(ix, "state=submitted&country=FR", 1, &a);
	check_counts(ix, "from_year=2020", 0, &a);
	/* C7's sub-lines point to it; C7 counts every initiative of its lines */
	query(&q, &a, "", 0);
	assert_int_equal(search__evaluate(ix, &q, NULL, NULL, 0, SEARCH_FACETS, &a, &r, &e), 0);
	for (size_t i = 0; i < r.facets[SD_ACTION_LINE].n; i++) {
		const struct search_count *c = &r.facets[SD_ACTION_LINE].v[i];

		if (strncmp(c->code, "C7.", 3) == 0) {
			assert_true(c->parent >= 0);
			assert_string_equal(r.facets[SD_ACTION_LINE].v[c->parent].code, "C7");
		} else {
			assert_int_equal(c->parent, -1);
		}
	}
	arena_cleanup(&a);
	search_index_free(ix);
}

/* facets_of runs params (with the text matches hits when nhits) counted by method m. */
static void facets_of(struct search_index *ix, const char *params, const int64_t *hits,
		      size_t nhits, enum search_count_method m, struct search_result *r,
		      struct arena *a)
{
	struct search_query q;
	struct errinfo e;
	int rc;

	query(&q, a, params, 1);
	search__count_method = m;
	rc = search__evaluate(ix, &q, hits ? "\"x\"" : NULL, hits, nhits, SEARCH_FACETS, a, r, &e);
	search__count_method = SEARCH_COUNT_AUTO;
	if (rc)
		fail_msg("%s: %s", params, e.msg);
}

/* assert_same_facets: x and y count the same values the same, in the same order. */
static void assert_same_facets(const struct search_result *x, const struct search_result *y,
			       const char *params)
{
	assert_int_equal(x->total, y->total);
	for (int d = 0; d < SD__COUNT; d++) {
		assert_int_equal(x->facets[d].shown, y->facets[d].shown);
		if (x->facets[d].n != y->facets[d].n)
			fail_msg("%s: %s has %zu values one way, %zu the other", params,
				 search_dim_name((enum search_dim)d), x->facets[d].n,
				 y->facets[d].n);
		for (size_t i = 0; i < x->facets[d].n; i++) {
			const struct search_count *a = &x->facets[d].v[i], *b = &y->facets[d].v[i];

			assert_string_equal(a->code, b->code);
			if (a->count != b->count)
				fail_msg("%s: %s=%s counts %lld one way, %lld the other", params,
					 search_dim_name((enum search_dim)d), a->code,
					 (long long)a->count, (long long)b->count);
			assert_int_equal(a->selected, b->selected);
			assert_int_equal(a->parent, b->parent);
		}
	}
}

/*
 * Facets counted through the slots' value lists equal those counted through the value
 * bitsets, with and without text, and after changes applied in place: one that adds a value
 * (the lists are built again), others that do not (their slots are marked stale).
 */
static void test_count_methods(void **state)
{
	static const char *const queries[] = {"",
					      "sdg=1",
					      "sdg=1&country=KE",
					      "sdg=2&sdg=3&region=150",
					      "action_line=C7&start_year=2019&status=ongoing",
					      "state=submitted&country=FR",
					      "from_year=2020",
					      "itu_region=africa&action_line=C7.e-health",
					      "start_year=1999"};
	static const int64_t hits[] = {1, 2, 3, 5, 8, 13, 21, 22, 30, 34, 40, 41, 999};
	struct search_data *d = build(0), *d2 = build(0);
	struct store_search_row gone = {.id = 7, .gone = 1}, gone8 = {.id = 8, .gone = 1};
	struct search_index *ix = search__index_adopt(build(0)), *changed, *stale;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	assert_true(d->values.ok);
	assert_int_equal(add_row(d, 5, 1), 0);
	assert_int_equal(search__sink_row(d, &gone), 0);
	assert_int_equal(add_row(d, 41, 1), 0);
	assert_int_equal(search__data_finish(d, 0), 0);
	assert_true(d->values.ok);
	changed = search__index_adopt(d);
	/* changes that add no value: the lists are kept, their slots marked stale */
	assert_int_equal(search__sink_row(d2, &gone8), 0);
	assert_int_equal(add_row(d2, 9, 0), 0);
	assert_int_equal(add_row(d2, 42, 0), 0);
	assert_int_equal(search__data_finish(d2, 0), 0);
	assert_true(d2->values.ok);
	assert_int_equal(d2->values.nstale, 2);
	assert_true(d2->values.nslots < d2->nslots);
	stale = search__index_adopt(d2);
	for (size_t k = 0; k < sizeof queries / sizeof *queries; k++) {
		for (int text = 0; text < 2; text++) {
			const int64_t *h = text ? hits : NULL;
			size_t nh = text ? sizeof hits / sizeof *hits : 0;
			struct search_result x, y, z;

			facets_of(ix, queries[k], h, nh, SEARCH_COUNT_BITSETS, &x, &a);
			facets_of(ix, queries[k], h, nh, SEARCH_COUNT_SLOTS, &y, &a);
			facets_of(ix, queries[k], h, nh, SEARCH_COUNT_AUTO, &z, &a);
			assert_same_facets(&x, &y, queries[k]);
			assert_same_facets(&x, &z, queries[k]);
			facets_of(changed, queries[k], h, nh, SEARCH_COUNT_BITSETS, &x, &a);
			facets_of(changed, queries[k], h, nh, SEARCH_COUNT_SLOTS, &y, &a);
			assert_same_facets(&x, &y, queries[k]);
			facets_of(stale, queries[k], h, nh, SEARCH_COUNT_BITSETS, &x, &a);
			facets_of(stale, queries[k], h, nh, SEARCH_COUNT_SLOTS, &y, &a);
			assert_same_facets(&x, &y, queries[k]);
		}
	}
	search__count_method = SEARCH_COUNT_SLOTS;
	check_counts(ix, "sdg=1&country=KE", 0, &a);
	check_counts(changed, "", 1, &a);
	check_counts(stale, "", 1, &a);
	check_counts(stale, "sdg=3&country=KE", 0, &a);
	search__count_method = SEARCH_COUNT_AUTO;
	arena_cleanup(&a);
	search_index_free(ix);
	search_index_free(changed);
	search_index_free(stale);
}

/* walk pages of limit through q's results; the ids go to out (at most cap). */
static size_t walk(struct search_index *ix, const char *params, int limit, int64_t *out, size_t cap,
		   struct arena *a)
{
	struct search_result r;
	struct search_query q;
	struct errinfo e;
	size_t n = 0;
	char lim[16];

	query(&q, a, params, 1);
	snprintf(lim, sizeof lim, "%d", limit);
	assert_int_equal(search_query_param(&q, a, "limit", lim, &e), 0);
	for (;;) {
		if (search__evaluate(ix, &q, NULL, NULL, 0, SEARCH_PAGE, a, &r, &e))
			fail_msg("%s: %s", params, e.msg);
		assert_true(r.nids <= (size_t)limit);
		for (size_t i = 0; i < r.nids; i++) {
			assert_true(n < cap);
			out[n++] = r.ids[i];
		}
		if (!r.next_cursor)
			break;
		assert_int_equal(r.nids, limit);
		q.cursor = r.next_cursor;
	}
	return n;
}

static void all_ids(struct search_index *ix, const char *params, struct search_result *r,
		    struct arena *a)
{
	struct search_query q;
	struct errinfo e;

	query(&q, a, params, 1);
	if (search__evaluate(ix, &q, NULL, NULL, 0, SEARCH_ALL, a, r, &e))
		fail_msg("%s: %s", params, e.msg);
	assert_int_equal(r->nids, r->total);
	assert_null(r->next_cursor);
}

static void test_pages_never_skip_or_repeat(void **state)
{
	static const char *const queries[] = {
	    "sort=date", "sort=title",      "sort=newest",
	    "",          "sort=date&sdg=1", "sort=title&state=submitted&state=published"};
	struct search_index *ix = search__index_adopt(build(0));
	int64_t got[2 * N];
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	for (size_t k = 0; k < sizeof queries / sizeof *queries; k++) {
		struct search_result all;

		all_ids(ix, queries[k], &all, &a);
		for (int limit = 1; limit <= 7; limit += 3) {
			size_t n = walk(ix, queries[k], limit, got, 2 * N, &a);

			assert_int_equal(n, all.nids);
			for (size_t i = 0; i < n; i++)
				if (got[i] != all.ids[i])
					fail_msg("%s limit %d: position %zu is %lld, want %lld",
						 queries[k], limit, i, (long long)got[i],
						 (long long)all.ids[i]);
		}
	}
	arena_cleanup(&a);
	search_index_free(ix);
}

static void test_orders(void **state)
{
	struct search_index *ix = search__index_adopt(build(0));
	struct search_result r;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	/* date: latest start first, undated last, ties by id */
	all_ids(ix, "sort=date&state=published&state=submitted", &r, &a);
	for (size_t i = 1; i < r.nids; i++) {
		int64_t p = r.ids[i - 1], c = r.ids[i];
		int py = p % 4 == 0 ? 0 : 2019 + (int)(p % 3),
		    cy = c % 4 == 0 ? 0 : 2019 + (int)(c % 3);

		assert_true(py > cy || (py == cy && p < c));
	}
	/* newest: creation day descending, ties by id descending */
	all_ids(ix, "sort=newest&state=published&state=submitted", &r, &a);
	for (size_t i = 1; i < r.nids; i++) {
		int64_t p = r.ids[i - 1], c = r.ids[i];

		assert_true(p % 3 > c % 3 || (p % 3 == c % 3 && p > c));
	}
	/* title: case-insensitive, leading quotes ignored, ties by id */
	all_ids(ix, "sort=title&state=published&state=submitted", &r, &a);
	for (size_t i = 1; i < r.nids; i++) {
		int64_t p = r.ids[i - 1], c = r.ids[i];

		assert_true(p % 4 < c % 4 || (p % 4 == c % 4 && p < c));
	}
	arena_cleanup(&a);
	search_index_free(ix);
}

static void test_relevance_pages(void **state)
{
	struct search_index *ix = search__index_adopt(build(0));
	int64_t hits[N], got[N], want[N];
	double ranks[N + 1];
	struct search_result r;
	struct search_query q;
	struct errinfo e;
	struct arena a;
	size_t nhits = 0, n = 0, nwant = 0;

	(void)state;
	arena_init(&a, 0);
	for (int i = 1; i <= N; i++)
		if (i % 3)
			hits[nhits++] = i; /* what the text matched, ascending */
	for (int i = 0; i <= N; i++)
		ranks[i] = -(double)(i % 4); /* many ties */
	/* the expected order: rank ascending (-3 first), then id; published and sdg=1 only */
	for (int rk = -3; rk <= 0; rk++)
		for (size_t i = 0; i < nhits; i++) {
			int64_t id = hits[i];

			if (-(id % 4) == rk && id % 10 && (id % 5 == 0 || id % 2))
				want[nwant++] = id;
		}
	query(&q, &a, "sdg=1&limit=4", 0);
	q.q = "x";
	for (;;) {
		double rr[N];

		if (search__evaluate(ix, &q, "\"x\"", hits, nhits, SEARCH_PAGE, &a, &r, &e))
			fail_msg("%s", e.msg);
		assert_int_equal(r.sort, SEARCH_SORT_RELEVANCE);
		assert_int_equal(r.nids, nwant); /* every result, by id, to be ranked */
		for (size_t i = 0; i < r.nids; i++)
			rr[i] = ranks[r.ids[i]];
		if (search__rank_page(r.ids, rr, r.nids, &q, SEARCH_PAGE, &a, &r, &e))
			fail_msg("%s", e.msg);
		for (size_t i = 0; i < r.nids; i++)
			got[n++] = r.ids[i];
		if (!r.next_cursor)
			break;
		q.cursor = r.next_cursor;
	}
	assert_int_equal(n, nwant);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(got[i], want[i]);
	arena_cleanup(&a);
	search_index_free(ix);
}

/* Changes applied in place give the same answers as loading everything again. */
static void test_changes_in_place(void **state)
{
	static const char *const queries[] = {"sort=date", "sort=title", "sort=newest", "gdc=2",
					      "sort=date&state=archived&state=published"};
	struct search_data *d = build(0);
	struct store_search_row gone = {.id = 7, .gone = 1};
	struct search_index *fresh = search__index_adopt(build(1)), *ix;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(add_row(d, 5, 1), 0);
	assert_int_equal(search__sink_row(d, &gone), 0);
	assert_int_equal(add_row(d, 41, 1), 0);
	assert_int_equal(search__data_finish(d, 0), 0);
	ix = search__index_adopt(d);
	for (size_t k = 0; k < sizeof queries / sizeof *queries; k++) {
		struct search_result x, y;

		all_ids(ix, queries[k], &x, &a);
		all_ids(fresh, queries[k], &y, &a);
		assert_int_equal(x.nids, y.nids);
		for (size_t i = 0; i < x.nids; i++)
			assert_int_equal(x.ids[i], y.ids[i]);
	}
	assert_int_equal(total(ix, "gdc=2", &a), 1);
	assert_int_equal(total(ix, "start_year=2030", &a), 1);
	check_counts(ix, "", 1, &a);
	arena_cleanup(&a);
	search_index_free(ix);
	search_index_free(fresh);
}

static int64_t save(struct store *s, const char *source_id, const char *title, const char *state,
		    const char *sdg, struct arena *a)
{
	struct initiative ini;
	int64_t id = 0;

	ini_init(&ini);
	ini.source = "test";
	ini.source_id = source_id;
	ini.title = title;
	ini.state = state;
	ini.summary = "Clinics consult specialists over mobile broadband.";
	if (sdg)
		assert_int_equal(ini_add_tag(&ini, a, "sdg", sdg, "submitter", 0, 0), 0);
	assert_int_equal(ini_add_country(&ini, a, "KE"), 0);
	if (store_initiative_save(s, &ini, "test", NULL, &id))
		fail_msg("save: %s", store_errmsg(s));
	return id;
}

static int64_t store_total(struct search_index *ix, struct store *s, const char *params,
			   struct arena *a)
{
	struct search_result r;
	struct search_query q;
	struct errinfo e;

	query(&q, a, params, 0);
	if (search_run(ix, s, &q, SEARCH_PAGE | SEARCH_FACETS, a, &r, &e))
		fail_msg("search_run %s: %s", params, e.msg);
	return r.total;
}

/* The index follows the store, including changes made by another connection. */
static void test_follows_store(void **state)
{
	struct store *s = tu_store_new("follow.db"), *other = NULL;
	struct search_index *ix = search_index_new();
	struct errinfo e;
	struct arena a;
	int64_t seq, id;

	(void)state;
	arena_init(&a, 0);
	save(s, "1", "Rural telemedicine", "published", "3", &a);
	id = save(s, "2", "Mobile money for farmers", "published", "1", &a);
	save(s, "3", "School connectivity", "submitted", "4", &a);
	assert_int_equal(store_total(ix, s, "", &a), 2);
	assert_int_equal(store_total(ix, s, "q=telemedicine", &a), 1);
	assert_int_equal(store_total(ix, s, "q=specialists&sdg=1", &a), 1);
	assert_int_equal(store_total(ix, s, "region=002", &a), 2);
	seq = search_index_seq(ix);
	assert_true(seq > 0);

	/* another connection publishes the third and changes the second */
	assert_int_equal(store_open(tu_path("follow.db"), 0, &other, &e), 0);
	save(other, "3", "School connectivity", "published", "4", &a);
	assert_int_equal(save(other, "2", "Mobile money for farmers", "archived", "1", &a), id);
	assert_int_equal(store_total(ix, s, "", &a), 2);
	assert_true(search_index_seq(ix) > seq);
	assert_int_equal(store_total(ix, s, "sdg=4", &a), 1);
	assert_int_equal(store_total(ix, s, "sdg=1", &a), 0);
	assert_int_equal(store_total(ix, s, "q=farmers", &a), 0);
	/* nothing changed: the same change number */
	seq = search_index_seq(ix);
	assert_int_equal(store_total(ix, s, "", &a), 2);
	assert_int_equal(search_index_seq(ix), seq);
	store_close(other);
	store_close(s);
	search_index_free(ix);
	arena_cleanup(&a);
}

/* The start-up load runs on its own thread and connection; a search meanwhile waits. */
static void test_preload(void **state)
{
	struct store *s = tu_store_new("preload.db");
	struct search_index *ix = search_index_new();
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	save(s, "1", "Rural telemedicine", "published", "3", &a);
	save(s, "2", "School connectivity", "submitted", "4", &a);
	assert_int_equal(search_index_preload(ix, tu_path("preload.db")), 0);
	assert_int_equal(store_total(ix, s, "", &a), 1);
	assert_int_equal(store_total(ix, s, "sdg=3", &a), 1);
	search_index_free(ix); /* joins the loading thread */
	store_close(s);
	arena_cleanup(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_filters_combine),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_counts_lead_to_totals),
	    cmocka_unit_test(test_count_methods),
	    cmocka_unit_test(test_pages_never_skip_or_repeat),
	    cmocka_unit_test(test_orders),
	    cmocka_unit_test(test_relevance_pages),
	    cmocka_unit_test(test_changes_in_place),
	    cmocka_unit_test(test_follows_store),
	    cmocka_unit_test(test_preload),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
