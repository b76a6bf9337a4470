/*
 * test_record_diff.c - unit tests for src/domain/record_diff.h: changed, added and removed
 * fields in order, equal documents, NULL and non-object documents, nested objects passed
 * whole, list items added and removed as sets, and a callback stopping the walk.
 */
#include "testutil.h"

#include "domain/record_diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A log of callback calls, one line each: "field:before>after" or "+item" / "-item". */
struct log {
	char text[1024];
	int stop_after; /* return 7 from this call (1-based); 0: never */
	int calls;
};

static void put(struct log *l, const char *s)
{
	size_t n = strlen(l->text);

	snprintf(l->text + n, sizeof l->text - n, "%s;", s);
}

static char *show(json_t *v)
{
	return v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
}

static int on_field(void *ud, const char *field, json_t *before, json_t *after)
{
	struct log *l = ud;
	char *b = show(before), *a = show(after), line[256];

	snprintf(line, sizeof line, "%s:%s>%s", field, b ? b : "-", a ? a : "-");
	free(b);
	free(a);
	put(l, line);
	return ++l->calls == l->stop_after ? 7 : 0;
}

static int on_item(void *ud, json_t *item, int added)
{
	struct log *l = ud;
	char *s = show(item), line[256];

	snprintf(line, sizeof line, "%c%s", added ? '+' : '-', s ? s : "?");
	free(s);
	put(l, line);
	return ++l->calls == l->stop_after ? 7 : 0;
}

static json_t *load(const char *s)
{
	json_t *j = json_loads(s, 0, NULL);

	assert_non_null(j);
	return j;
}

static void diff(const char *before, const char *after, const char *want)
{
	json_t *b = before ? load(before) : NULL, *a = after ? load(after) : NULL;
	struct log l = {{0}, 0, 0};

	assert_int_equal(record_diff(b, a, on_field, &l), 0);
	assert_string_equal(l.text, want);
	json_decref(b);
	json_decref(a);
}

static void items(const char *before, const char *after, const char *want)
{
	json_t *b = before ? load(before) : NULL, *a = after ? load(after) : NULL;
	struct log l = {{0}, 0, 0};

	assert_int_equal(record_diff_items(b, a, on_item, &l), 0);
	assert_string_equal(l.text, want);
	json_decref(b);
	json_decref(a);
}

static void test_equal_documents(void **state)
{
	(void)state;
	diff("{\"title\":\"A\",\"countries\":[\"KE\"]}", "{\"title\":\"A\",\"countries\":[\"KE\"]}",
	     "");
	diff("{}", "{}", "");
}

static void test_changed_added_removed_in_order(void **state)
{
	(void)state;
	diff("{\"title\":\"A\",\"summary\":\"S\",\"status\":\"ongoing\"}",
	     "{\"title\":\"B\",\"status\":\"ongoing\",\"url\":\"https://x\"}",
	     "title:\"A\">\"B\";summary:\"S\">-;url:->\"https://x\";");
}

static void test_null_and_non_objects_are_empty(void **state)
{
	json_t *arr = load("[1]"), *obj = load("{\"title\":\"A\"}");
	struct log l = {{0}, 0, 0};

	(void)state;
	diff(NULL, "{\"title\":\"A\"}", "title:->\"A\";");
	diff("{\"title\":\"A\"}", NULL, "title:\"A\">-;");
	diff(NULL, NULL, "");
	assert_int_equal(record_diff(arr, obj, on_field, &l), 0);
	assert_string_equal(l.text, "title:->\"A\";");
	json_decref(arr);
	json_decref(obj);
}

static void test_nested_objects_are_passed_whole(void **state)
{
	(void)state;
	diff("{\"organisation\":{\"name\":\"X\",\"country\":\"KE\"}}",
	     "{\"organisation\":{\"name\":\"X\",\"country\":\"TZ\"}}",
	     "organisation:{\"name\":\"X\",\"country\":\"KE\"}>{\"name\":\"X\",\"country\":\"TZ\"}"
	     ";");
}

static void test_numbers_compare_by_value(void **state)
{
	(void)state;
	diff("{\"score\":0.5}", "{\"score\":0.5}", "");
	diff("{\"score\":0.5}", "{\"score\":0.75}", "score:0.5>0.75;");
}

static void test_items_added_then_removed(void **state)
{
	(void)state;
	items("[\"KE\",\"TZ\",\"UG\"]", "[\"UG\",\"KE\",\"RW\"]", "+\"RW\";-\"TZ\";");
	items("[]", "[\"KE\"]", "+\"KE\";");
	items(NULL, "[\"KE\"]", "+\"KE\";");
	items("[\"KE\"]", NULL, "-\"KE\";");
	items("[\"KE\"]", "[\"KE\"]", "");
}

static void test_items_that_are_objects(void **state)
{
	(void)state;
	/* a tag whose origin changed is one removed and one added item */
	items("[{\"scheme\":\"sdg\",\"code\":\"3\",\"origin\":\"model\"}]",
	      "[{\"scheme\":\"sdg\",\"code\":\"3\",\"origin\":\"moderator\"}]",
	      "+{\"scheme\":\"sdg\",\"code\":\"3\",\"origin\":\"moderator\"};"
	      "-{\"scheme\":\"sdg\",\"code\":\"3\",\"origin\":\"model\"};");
}

static void test_callback_stops_the_walk(void **state)
{
	json_t *b = load("{\"a\":1,\"b\":1,\"c\":1}"), *a = load("{\"a\":2,\"b\":2,\"c\":2}");
	json_t *x = load("[1,2,3]"), *y = load("[4,5,6]");
	struct log l = {{0}, 2, 0};

	(void)state;
	assert_int_equal(record_diff(b, a, on_field, &l), 7);
	assert_string_equal(l.text, "a:1>2;b:1>2;");
	memset(&l, 0, sizeof l);
	l.stop_after = 1;
	assert_int_equal(record_diff_items(x, y, on_item, &l), 7);
	assert_string_equal(l.text, "+4;");
	json_decref(a);
	json_decref(b);
	json_decref(x);
	json_decref(y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_equal_documents),
	    cmocka_unit_test(test_changed_added_removed_in_order),
	    cmocka_unit_test(test_null_and_non_objects_are_empty),
	    cmocka_unit_test(test_nested_objects_are_passed_whole),
	    cmocka_unit_test(test_numbers_compare_by_value),
	    cmocka_unit_test(test_items_added_then_removed),
	    cmocka_unit_test(test_items_that_are_objects),
	    cmocka_unit_test(test_callback_stops_the_walk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
