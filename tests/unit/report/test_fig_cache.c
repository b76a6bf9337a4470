/*
 * test_fig_cache.c - unit tests for src/report/fig_cache.c: one computation per (change
 * number, year, language, filter), shared by later lookups; a write gives a new change
 * number and new figures, and the older ones go (a reader still holding them keeps them
 * until it releases them); the time a change number was first seen; the bound (least
 * recently used first); threads sharing one cache, each on its own connection.
 */
#include "testutil.h"

#include "report/fig_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void save(struct store *s, struct arena *a, const char *sid, const char *country)
{
	struct initiative ini;

	ini_init(&ini);
	ini.source = "unit";
	ini.source_id = arena_strdup(a, sid);
	ini.title = arena_sprintf(a, "Initiative %s", sid);
	ini.state = "published";
	ini.start_date = "2019";
	assert_int_equal(ini_add_country(&ini, a, arena_strdup(a, country)), 0);
	assert_int_equal(ini_add_tag(&ini, a, "sdg", "3", "submitter", 0.5, 1), 0);
	if (store_initiative_save(s, &ini, "tester", NULL, NULL))
		fail_msg("save %s: %s", sid, store_errmsg(s));
}

static void test_shared_then_new_after_write(void **state)
{
	struct tu_db *f = *state;
	struct fig_cache *c = fig_cache_new();
	struct fig_filter flt = {.place_kind = FIG_COUNTRY, .place = "KE"};
	const struct figures *a, *b, *old;
	struct fig_cache_ref *ra, *rb, *rold;
	int64_t seq, seq2, since;
	uint64_t hits, computed;
	struct errinfo e;
	char place[] = "KE";

	assert_non_null(c);
	errinfo_clear(&e);
	save(f->s, &f->a, "A", "KE");
	assert_int_equal(fig_cache_seq(c, f->s, 1000, &seq, &since), 0);
	assert_int_equal(since, 1000);
	/* the filter's strings are the request's: the cache keeps its own copies */
	flt.place = place;
	assert_int_equal(fig_cache_get(c, f->s, seq, 1000, &flt, LANG_EN, &f->a, &a, &ra, &e), 0);
	place[0] = 'X';
	flt.place = "KE";
	assert_int_equal(a->total, 1);
	assert_string_equal(a->filter.place, "KE");
	assert_int_equal(fig_cache_get(c, f->s, seq, 1000, &flt, LANG_EN, &f->a, &b, &rb, &e), 0);
	assert_ptr_equal(a, b);
	fig_cache_stats(c, &hits, &computed);
	assert_int_equal(hits, 1);
	assert_int_equal(computed, 1);
	fig_cache_release(c, rb);
	fig_cache_release(c, ra);
	/* another language, another computation */
	assert_int_equal(fig_cache_get(c, f->s, seq, 1000, &flt, LANG_FR, &f->a, &b, &rb, &e), 0);
	assert_ptr_not_equal(a, b);
	fig_cache_release(c, rb);
	/* the same change number seen later keeps its first time */
	assert_int_equal(fig_cache_seq(c, f->s, 2000, &seq2, &since), 0);
	assert_int_equal(seq2, seq);
	assert_int_equal(since, 1000);
	/* a reader holds the figures while a write comes */
	assert_int_equal(fig_cache_get(c, f->s, seq, 2000, &flt, LANG_EN, &f->a, &old, &rold, &e),
			 0);
	save(f->s, &f->a, "B", "KE");
	assert_int_equal(fig_cache_seq(c, f->s, 3000, &seq2, &since), 0);
	assert_true(seq2 > seq);
	assert_int_equal(since, 3000);
	assert_int_equal(fig_cache_get(c, f->s, seq2, 3000, &flt, LANG_EN, &f->a, &b, &rb, &e), 0);
	assert_int_equal(b->total, 2);
	assert_int_equal(old->total, 1); /* still there for its reader */
	fig_cache_release(c, rold);      /* and freed now (the sanitizer build would tell) */
	fig_cache_release(c, rb);
	fig_cache_stats(c, &hits, &computed);
	assert_int_equal(computed, 3);
	fig_cache_free(c);
}

static void test_errors_not_cached(void **state)
{
	struct tu_db *f = *state;
	struct fig_cache *c = fig_cache_new();
	struct fig_filter flt = {.place_kind = FIG_ITU_REGION, .place = "atlantis"};
	const struct figures *a = NULL;
	struct fig_cache_ref *ra = NULL;
	uint64_t hits, computed;
	struct errinfo e;
	int64_t seq, since;

	errinfo_clear(&e);
	assert_int_equal(fig_cache_seq(c, f->s, 1000, &seq, &since), 0);
	assert_int_equal(fig_cache_get(c, f->s, seq, 1000, &flt, LANG_EN, &f->a, &a, &ra, &e),
			 ERR_NOT_FOUND);
	assert_null(ra);
	fig_cache_stats(c, &hits, &computed);
	assert_int_equal(computed, 0);
	fig_cache_free(c);
	/* no cache: computed in the caller's arena */
	flt.place_kind = FIG_WORLD;
	flt.place = NULL;
	assert_int_equal(fig_cache_get(NULL, f->s, seq, 1000, &flt, LANG_EN, &f->a, &a, &ra, &e),
			 0);
	assert_null(ra);
	assert_non_null(a);
	fig_cache_release(NULL, ra);
}

static void test_bounded(void **state)
{
	struct tu_db *f = *state;
	struct fig_cache *c = fig_cache_new();
	struct fig_filter flt = {0};
	const struct figures *a;
	struct fig_cache_ref *ra;
	uint64_t hits, computed;
	struct errinfo e;
	int64_t seq, since;

	errinfo_clear(&e);
	assert_int_equal(fig_cache_seq(c, f->s, 1000, &seq, &since), 0);
	for (int y = 0; y < FIG_CACHE_MAX + 4; y++) {
		flt.from_year = 1990 + y;
		assert_int_equal(
		    fig_cache_get(c, f->s, seq, 1000, &flt, LANG_EN, &f->a, &a, &ra, &e), 0);
		fig_cache_release(c, ra);
	}
	/* the most recent are there; the first went */
	flt.from_year = 1990 + FIG_CACHE_MAX + 3;
	assert_int_equal(fig_cache_get(c, f->s, seq, 1000, &flt, LANG_EN, &f->a, &a, &ra, &e), 0);
	fig_cache_release(c, ra);
	fig_cache_stats(c, &hits, &computed);
	assert_int_equal(hits, 1);
	assert_int_equal(computed, FIG_CACHE_MAX + 4);
	flt.from_year = 1990;
	assert_int_equal(fig_cache_get(c, f->s, seq, 1000, &flt, LANG_EN, &f->a, &a, &ra, &e), 0);
	fig_cache_release(c, ra);
	fig_cache_stats(c, &hits, &computed);
	assert_int_equal(computed, FIG_CACHE_MAX + 5);
	fig_cache_free(c);
}

struct worker {
	struct fig_cache *c;
	int64_t seq;
	int64_t totals[4];
	int failed;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct store *s = NULL;
	struct errinfo e;
	struct arena a;

	arena_init(&a, 0);
	errinfo_clear(&e);
	if (store_open(tu_path("figcache-threads.db"), STORE_READONLY, &s, &e)) {
		w->failed = 1;
		return NULL;
	}
	for (int i = 0; i < 200; i++) {
		static const char *const places[] = {"KE", "NG", "FR", "BR"};
		struct fig_filter flt = {.place_kind = FIG_COUNTRY, .place = places[i % 4]};
		const struct figures *fig;
		struct fig_cache_ref *ref;

		if (fig_cache_get(w->c, s, w->seq, 1000, &flt, LANG_EN, &a, &fig, &ref, &e)) {
			w->failed = 1;
			break;
		}
		w->totals[i % 4] = fig->total;
		fig_cache_release(w->c, ref);
	}
	store_close(s);
	arena_cleanup(&a);
	return NULL;
}

static void test_threads(void **state)
{
	struct store *s = tu_store_new("figcache-threads.db");
	struct fig_cache *c = fig_cache_new();
	struct worker w[4];
	pthread_t t[4];
	int64_t since;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	save(s, &a, "1", "KE");
	save(s, &a, "2", "KE");
	save(s, &a, "3", "NG");
	memset(w, 0, sizeof w);
	assert_int_equal(fig_cache_seq(c, s, 1000, &w[0].seq, &since), 0);
	for (int i = 0; i < 4; i++) {
		w[i].c = c;
		w[i].seq = w[0].seq;
		assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_false(w[i].failed);
		assert_int_equal(w[i].totals[0], 2);
		assert_int_equal(w[i].totals[1], 1);
		assert_int_equal(w[i].totals[2], 0);
	}
	fig_cache_free(c);
	store_close(s);
	arena_cleanup(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_shared_then_new_after_write, tu_db_setup,
					    tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_errors_not_cached, tu_db_setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_bounded, tu_db_setup, tu_db_teardown),
	    cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
