/*
 * test_call.c - unit tests for src/domain/call.h: validating calls, questions and answers
 * (word limits, options, required answers), the phases of a call around its opening and
 * closing seconds, and timeline events.
 */
#include "testutil.h"

#include "core/utc.h"
#include "domain/call.h"

#include <string.h>

static struct call sample(void)
{
	struct call c = {.title = "Inputs",
			 .description = "",
			 .audience = "",
			 .tz = "Europe/Zurich",
			 .opens_at = 1000,
			 .closes_at = 2000,
			 .state = CALL_OPEN};
	return c;
}

static void test_validate_call(void **state)
{
	struct call c = sample();
	struct errinfo e;

	(void)state;
	assert_int_equal(call_validate(&c, &e), 0);
	c.closes_at = c.opens_at;
	assert_int_equal(call_validate(&c, &e), ERR_INVALID);
	assert_string_equal(e.field, "closes");
	c = sample();
	c.tz = "Europe/Geneva"; /* not an IANA zone: Geneva uses Europe/Zurich */
	assert_int_equal(call_validate(&c, &e), ERR_INVALID);
	assert_string_equal(e.field, "tz");
	c = sample();
	c.title = "   ";
	assert_int_equal(call_validate(&c, &e), ERR_INVALID);
	assert_string_equal(e.field, "title");
}

static void test_phases(void **state)
{
	struct call c = sample();

	(void)state;
	assert_int_equal(call_phase(&c, 999), PHASE_UPCOMING);
	assert_int_equal(call_phase(&c, 1000), PHASE_OPEN);
	assert_true(call_accepts(&c, 1999));
	assert_true(call_accepts(&c, 2000)); /* the closing second itself */
	assert_false(call_accepts(&c, 2001));
	assert_int_equal(call_phase(&c, 2001), PHASE_CLOSED);
	c.state = CALL_DRAFT;
	assert_false(call_accepts(&c, 1500));
	c.state = CALL_CLOSED;
	assert_false(call_accepts(&c, 1500));
}

static void test_questions(void **state)
{
	const char *const two[] = {"Yes", "No"}, *const dup[] = {"Yes", "Yes"};
	struct call_question q = {
	    .kind = QK_SINGLE, .prompt = "Agree?", .options = two, .noptions = 2};
	struct errinfo e;

	(void)state;
	assert_int_equal(call_question_validate(&q, &e), 0);
	q.options = dup;
	assert_int_equal(call_question_validate(&q, &e), ERR_INVALID);
	q.noptions = 1;
	assert_int_equal(call_question_validate(&q, &e), ERR_INVALID);
	q = (struct call_question){.kind = QK_TEXT, .prompt = "Say", .options = two, .noptions = 2};
	assert_int_equal(call_question_validate(&q, &e), ERR_INVALID);
	q.noptions = 0;
	q.word_limit = -1;
	assert_int_equal(call_question_validate(&q, &e), ERR_INVALID);
	assert_int_equal(call_qkind_parse("sdg"), QK_SDG);
	assert_string_equal(call_qkind_scheme(QK_ACTION_LINE), "action_line");
	assert_null(call_qkind_scheme(QK_TEXT));
}

static void test_answers(void **state)
{
	const char *const opts[] = {"Yes", "No"};
	struct call_question text = {
	    .id = 7, .kind = QK_TEXT, .prompt = "Say", .word_limit = 3, .required = 1};
	struct call_question single = {
	    .id = 8, .kind = QK_SINGLE, .prompt = "Agree?", .options = opts, .noptions = 2};
	const char *v3[] = {"one  two\tthree"}, *v4[] = {"one two three four"}, *yes[] = {"Yes"},
		   *both[] = {"Yes", "No"}, *maybe[] = {"Maybe"}, *blank[] = {"  "};
	struct call_answer a = {7, v3, 1};
	struct errinfo e;

	(void)state;
	assert_int_equal(call_word_count(" a  b\nc "), 3);
	assert_int_equal(call_word_count(""), 0);
	assert_int_equal(call_answer_check(&text, &a, &e), 0);
	a.values = v4;
	assert_int_equal(call_answer_check(&text, &a, &e), ERR_INVALID);
	assert_string_equal(e.field, "q7");
	assert_non_null(strstr(e.msg, "4 words, the limit is 3"));
	a.values = blank;
	assert_int_equal(call_answer_check(&text, &a, &e), ERR_INVALID);
	a = (struct call_answer){8, yes, 1};
	assert_int_equal(call_answer_check(&single, &a, &e), 0);
	a.values = both;
	a.nvalues = 2;
	assert_int_equal(call_answer_check(&single, &a, &e), ERR_INVALID);
	a.values = maybe;
	a.nvalues = 1;
	assert_int_equal(call_answer_check(&single, &a, &e), ERR_INVALID);
	single.kind = QK_MULTIPLE;
	a.values = both;
	a.nvalues = 2;
	assert_int_equal(call_answer_check(&single, &a, &e), 0);
}

static void test_timeline_events(void **state)
{
	struct timeline_event ev = {.uid = "hle",
				    .kind = "forum",
				    .title = "HLE",
				    .start = "2025-07-07",
				    .end = "2025-07-11",
				    .location = "",
				    .url = "",
				    .description = ""};
	struct errinfo e;

	(void)state;
	assert_int_equal(timeline_event_validate(&ev, &e), 0);
	ev.start = "2025-09";
	ev.end = "2025-09";
	assert_int_equal(timeline_event_validate(&ev, &e), 0);
	ev.end = "2025-08";
	assert_int_equal(timeline_event_validate(&ev, &e), ERR_INVALID);
	ev.end = "2025-09";
	ev.kind = "party";
	assert_int_equal(timeline_event_validate(&ev, &e), ERR_INVALID);
	ev.kind = "forum";
	ev.uid = "Bad UID";
	assert_int_equal(timeline_event_validate(&ev, &e), ERR_INVALID);
	ev.uid = "ok";
	ev.url = "javascript:alert(1)";
	assert_int_equal(timeline_event_validate(&ev, &e), ERR_INVALID);
	ev.url = "";
	ev.start = "2025-02-30";
	assert_int_equal(timeline_event_validate(&ev, &e), ERR_INVALID);
}

/* Page cursors and sizes: only what the server writes, within limits; ids of calls. */
static void test_paging_words(void **state)
{
	char out[CALL_CURSOR_LEN];
	int64_t key = 7, id = 7;
	size_t n = 7;

	(void)state;
	call_cursor_format(1741498200, 12, out);
	assert_string_equal(out, "1741498200.12");
	assert_int_equal(call_cursor_parse(out, &key, &id), 0);
	assert_int_equal(key, 1741498200);
	assert_int_equal(id, 12);
	assert_int_equal(call_cursor_parse("0.3", &key, &id), 0);
	assert_int_equal(key, 0);
	key = id = 7;
	for (const char *const *b =
		 (const char *const[]){"", "12", ".12", "12.", "1.0", "-1.2", "1.2x", "1 .2",
				       "1.2.3", "1234567890123456789.1", NULL};
	     *b; b++)
		assert_int_equal(call_cursor_parse(*b, &key, &id), ERR_INVALID);
	assert_int_equal(call_cursor_parse(NULL, &key, &id), ERR_INVALID);
	assert_int_equal(key, 7); /* unchanged on error */
	assert_int_equal(id, 7);
	assert_int_equal(call_limit_parse("1", &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(call_limit_parse("100", &n), 0);
	assert_int_equal(n, 100);
	assert_int_equal(call_limit_parse("0", &n), ERR_INVALID);
	assert_int_equal(call_limit_parse("101", &n), ERR_INVALID);
	assert_int_equal(call_limit_parse("5a", &n), ERR_INVALID);
	assert_int_equal(n, 100);
	assert_int_equal(call_id_parse("12", NULL), 12);
	assert_int_equal(call_id_parse("12.ics", ".ics"), 12);
	assert_int_equal(call_id_parse("012", NULL), 0);
	assert_int_equal(call_id_parse("12.ics", NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_validate_call),   cmocka_unit_test(test_phases),
	    cmocka_unit_test(test_questions),       cmocka_unit_test(test_answers),
	    cmocka_unit_test(test_timeline_events), cmocka_unit_test(test_paging_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
