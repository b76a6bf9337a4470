/*
 * test_store_calls.c - unit tests for the calls part of src/store/store.h: a call and its
 * deadline history, extensions (only later, with notifications for followers and drafts),
 * responses saved only while the call accepts them (checked in the write, to the second),
 * answers replaced whole, counts for the synthesis, hiding, the queue, the timeline by uid,
 * and an audit record for each write.
 */
#include "testutil.h"

#include "domain/call.h"
#include "store/store.h"

#include <string.h>

static struct store *s;
static int64_t call_id, alice, bob, q_text, q_choice;

static int setup(void **state)
{
	const char *const opts[] = {"Yes", "No"};
	struct call c = {.title = "Inputs",
			 .description = "d",
			 .audience = "a",
			 .tz = "UTC",
			 .opens_at = 1000,
			 .closes_at = 2000,
			 .state = CALL_OPEN};
	struct call_question qt = {.kind = QK_TEXT, .prompt = "Say", .word_limit = 100};
	struct call_question qc = {
	    .kind = QK_SINGLE, .prompt = "Agree?", .options = opts, .noptions = 2};

	(void)state;
	s = tu_store_new("calls.db");
	assert_int_equal(store_user_create(s, "alice@example.org", "Alice", "x", "submitter",
					   "Alice Org", "test", &alice),
			 0);
	assert_int_equal(
	    store_user_create(s, "bob@example.org", "Bob", "x", "submitter", NULL, "test", &bob),
	    0);
	assert_int_equal(store_call_create(s, &c, 500, "test", &call_id), 0);
	assert_int_equal(store_call_question_add(s, call_id, &qt, "test", &q_text), 0);
	assert_int_equal(store_call_question_add(s, call_id, &qc, "test", &q_choice), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(s);
	return 0;
}

static int save(int64_t user, const char *text, const char *choice, int submit, int64_t now)
{
	const char *tv[] = {text}, *cv[] = {choice};
	struct call_answer ans[2] = {{q_text, tv, 1}, {q_choice, cv, 1}};
	struct call_response r = {.call_id = call_id,
				  .user_id = user,
				  .answers = ans,
				  .nanswers = choice ? 2 : 1,
				  .state = submit ? RESP_SUBMITTED : RESP_DRAFT,
				  .stakeholder_type = "academia",
				  .country = "KE"};

	return store_call_response_save(s, &r, now, "test", NULL);
}

static int count_cb(void *ud, const struct call_response *r)
{
	(*(int *)ud)++;
	assert_true(r->nanswers >= 1);
	return 0;
}

static void test_deadline_to_the_second(void **state)
{
	int n = 0;
	struct store_response_filter f = {0, 0, 0, 0, 0};

	(void)state;
	assert_int_equal(save(alice, "early", "Yes", 1, 999), ERR_CONFLICT);
	assert_int_equal(save(alice, "first", "Yes", 0, 1000), 0);
	assert_int_equal(save(alice, "at the second", "No", 1, 2000), 0);
	assert_int_equal(save(alice, "late", "Yes", 1, 2001), ERR_CONFLICT);
	assert_int_equal(store_call_response_each(s, call_id, &f, count_cb, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(tu_count(tu_path("calls.db"),
				  "SELECT count(*) FROM call_answer WHERE value = 'at the second'"),
			 1);
	assert_int_equal(tu_count(tu_path("calls.db"), "SELECT count(*) FROM call_answer"), 2);
	assert_int_equal(
	    tu_count(tu_path("calls.db"),
		     "SELECT count(*) FROM call_response WHERE organisation = 'Alice Org'"),
	    1);
}

static void test_extend(void **state)
{
	struct arena a;
	struct call_deadline *d;
	struct call c;
	size_t n;
	int64_t told = -1;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(save(bob, "bob's draft", NULL, 0, 1500), 0);
	assert_int_equal(store_call_extend(s, call_id, 1999, "earlier", 1600, "mod", &told),
			 ERR_INVALID);
	assert_non_null(strstr(store_errmsg(s), "later than the current one"));
	assert_int_equal(store_call_extend(s, call_id, 3000, "requests", 1600, "mod", &told), 0);
	assert_int_equal(told, 1); /* bob has a draft; alice submitted */
	assert_int_equal(store_call_get(s, call_id, &a, &c), 0);
	assert_int_equal(c.closes_at, 3000);
	assert_int_equal(c.extensions, 1);
	assert_int_equal(store_call_deadlines(s, call_id, &a, &d, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].closes_at, 2000);
	assert_null(d[0].reason);
	assert_string_equal(d[1].reason, "requests");
	assert_int_equal(save(alice, "after extension", "Yes", 1, 2001), 0);
	assert_int_equal(tu_count(tu_path("calls.db"),
				  "SELECT count(*) FROM audit WHERE entity = 'call' AND action = "
				  "'extend'"),
			 1);
	arena_cleanup(&a);
}

static int tally_cb(void *ud, const char *code, int64_t n)
{
	assert_string_equal(code, "academia");
	*(int64_t *)ud = n;
	return 0;
}

static void test_synthesis_counts_and_hiding(void **state)
{
	struct store_call_queue_item *v;
	struct arena a;
	int64_t n = 0, total = 0, rid;
	size_t k;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(store_call_tally(s, call_id, "stakeholder_type", tally_cb, &n), 0);
	assert_int_equal(n, 1); /* only alice's is submitted */
	assert_int_equal(store_call_queue(s, NULL, 10, &a, &v, &k, &total), 0);
	assert_int_equal(total, 1);
	rid = v[0].response_id;
	assert_int_equal(store_call_response_hide(s, call_id + 1, rid, "x", "mod"), ERR_NOT_FOUND);
	assert_int_equal(store_call_response_hide(s, call_id, rid, "spam", "mod"), 0);
	n = 0;
	assert_int_equal(store_call_tally(s, call_id, "stakeholder_type", tally_cb, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_call_queue(s, NULL, 10, &a, &v, &k, &total), 0);
	assert_int_equal(k, 0);
	arena_cleanup(&a);
}

static void test_timeline_by_uid(void **state)
{
	struct timeline_event ev = {.uid = "hle",
				    .kind = "forum",
				    .title = "HLE",
				    .start = "2025-07-07",
				    .end = "2025-07-11"};
	struct timeline_event *v;
	struct arena a;
	size_t n;
	int changed;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(store_timeline_put(s, &ev, "test", &changed), 0);
	assert_true(changed);
	assert_int_equal(store_timeline_put(s, &ev, "test", &changed), 0);
	assert_false(changed);
	ev.title = "WSIS+20 High-Level Event";
	assert_int_equal(store_timeline_put(s, &ev, "test", &changed), 0);
	assert_true(changed);
	assert_int_equal(store_timeline_list(s, &a, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].title, "WSIS+20 High-Level Event");
	arena_cleanup(&a);
}

static int page_cb(void *ud, const struct call_response *r)
{
	int64_t *last = ud;

	assert_true(r->id > last[0]); /* in id order, never twice */
	last[0] = r->id;
	last[1]++;
	return 0;
}

/* Pages of calls (with deadlines in a tie) and of responses: each item once, in order. */
static void test_pages(void **state)
{
	struct call c = {.title = "Paged", .tz = "UTC", .opens_at = 1000, .state = CALL_OPEN};
	struct store_call_after after = {0, 0}, prev = {0, 0};
	struct store_response_filter f = {0, 0, 0, 0, 1};
	int64_t seen[16], last[2] = {0, 0};
	size_t nseen = 0, n;
	struct call *v;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	for (int i = 0; i < 5; i++) {
		c.closes_at = i < 3 ? 9000 : 9000 - i; /* three share a deadline */
		assert_int_equal(store_call_create(s, &c, 500, "test", NULL), 0);
	}
	do {
		assert_int_equal(store_call_list(s, 1, &after, 2, &a, &v, &n), 0);
		assert_true(n <= 2);
		for (size_t i = 0; i < n; i++) {
			/* latest deadline first, then the higher id: strictly after the last */
			assert_true(nseen < 16);
			if (nseen)
				assert_true(v[i].closes_at < prev.key ||
					    (v[i].closes_at == prev.key && v[i].id < prev.id));
			for (size_t k = 0; k < nseen; k++)
				assert_true(seen[k] != v[i].id);
			seen[nseen++] = v[i].id;
			prev = (struct store_call_after){v[i].closes_at, v[i].id};
		}
		if (n) {
			after.key = v[n - 1].closes_at;
			after.id = v[n - 1].id;
		}
	} while (n == 2);
	assert_int_equal(nseen, 6); /* the five and the setup's call */
	/* responses one at a time, from after the last one given */
	for (int i = 0; i < 3; i++) {
		int64_t before = last[1];

		f.after = last[0];
		assert_int_equal(store_call_response_each(s, call_id, &f, page_cb, last), 0);
		assert_true(last[1] - before <= 1);
	}
	assert_int_equal(last[1], 2); /* alice's and bob's, once each */
	arena_cleanup(&a);
}

/*
 * "Previous page" by keyset: from every page, store_call_list_prev names the cursor the page
 * before was read with (zero for the first), and nothing before the first page.
 */
static void test_prev_pages(void **state)
{
	struct call c = {.title = "Back", .tz = "UTC", .opens_at = 1000, .state = CALL_OPEN};
	struct store_call_after cursors[16], prev;
	size_t npages = 0, n;
	struct call *v;
	struct arena a;
	int has = -1;

	(void)state;
	arena_init(&a, 0);
	for (int i = 0; i < 7; i++) {
		c.closes_at = 7000 - (i / 3); /* deadlines tie in threes */
		assert_int_equal(store_call_create(s, &c, 500, "test", NULL), 0);
	}
	memset(cursors, 0, sizeof cursors);
	for (;;) { /* forward, keeping each page's cursor */
		assert_true(npages < 16);
		assert_int_equal(store_call_list(s, 1, &cursors[npages], 3, &a, &v, &n), 0);
		npages++;
		if (n < 3)
			break;
		cursors[npages].key = v[n - 1].closes_at;
		cursors[npages].id = v[n - 1].id;
	}
	assert_true(npages >= 4);
	assert_int_equal(store_call_list_prev(s, 1, &cursors[0], 3, &prev, &has), 0);
	assert_int_equal(has, 0); /* the first page has none before it */
	for (size_t p = 1; p < npages; p++) {
		assert_int_equal(store_call_list_prev(s, 1, &cursors[p], 3, &prev, &has), 0);
		assert_int_equal(has, 1);
		assert_true(prev.key == cursors[p - 1].key);
		assert_true(prev.id == cursors[p - 1].id);
	}
	arena_cleanup(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_deadline_to_the_second),
	    cmocka_unit_test(test_extend),
	    cmocka_unit_test(test_synthesis_counts_and_hiding),
	    cmocka_unit_test(test_timeline_by_uid),
	    cmocka_unit_test(test_pages),
	    cmocka_unit_test(test_prev_pages),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
