/*
 * test_err.c - unit tests for src/core/err.h: every code has a message, a name and an HTTP
 * status; unknown codes; errinfo_set, errinfo_prefix and errinfo_clear, with and without
 * an errinfo.
 */
#include "testutil.h"

#include "core/err.h"

#include <string.h>

static void test_every_code_described(void **state)
{
	(void)state;
	assert_true(ERR__COUNT > 1);
	for (int c = 0; c < ERR__COUNT; c++) {
		const char *msg = err_message(c), *name = err_name(c);
		int status = err_http_status(c);

		assert_non_null(msg);
		assert_true(msg[0] != '\0');
		assert_string_not_equal(msg, "unknown error");
		assert_non_null(name);
		assert_int_equal(strncmp(name, "ERR_", 4), 0);
		assert_true(strlen(name) > 4);
		assert_string_not_equal(name, "ERR_UNKNOWN");
		assert_in_range(status, 200, 599);
		/* Only success maps to a 2xx status. */
		if (c != ERR_OK)
			assert_in_range(status, 400, 599);
	}
}

static void test_names_and_messages_unique(void **state)
{
	(void)state;
	for (int i = 0; i < ERR__COUNT; i++)
		for (int j = 0; j < i; j++) {
			assert_string_not_equal(err_name(i), err_name(j));
			assert_string_not_equal(err_message(i), err_message(j));
		}
}

static void test_known_codes(void **state)
{
	(void)state;
	assert_int_equal(ERR_OK, 0);
	assert_string_equal(err_name(ERR_OK), "ERR_OK");
	assert_int_equal(err_http_status(ERR_OK), 200);
	assert_string_equal(err_name(ERR_INVALID), "ERR_INVALID");
	assert_string_equal(err_message(ERR_INVALID), "invalid input");
	assert_int_equal(err_http_status(ERR_INVALID), 400);
	assert_string_equal(err_name(ERR_TOO_LARGE), "ERR_TOO_LARGE");
	assert_int_equal(err_http_status(ERR_TOO_LARGE), 413);
	assert_int_equal(err_http_status(ERR_NOT_FOUND), 404);
	assert_int_equal(err_http_status(ERR_CONFLICT), 409);
	assert_int_equal(err_http_status(ERR_UNAUTHORIZED), 401);
	assert_int_equal(err_http_status(ERR_FORBIDDEN), 403);
	assert_int_equal(err_http_status(ERR_NOMEM), 500);
	assert_int_equal(err_http_status(ERR_DB_BUSY), 503);
	assert_int_equal(err_http_status(ERR_DB_READONLY), 503);
	assert_string_equal(err_name(ERR_INTERNAL), "ERR_INTERNAL");
	assert_string_equal(err_message(ERR_NOMEM), "out of memory");
}

static void test_unknown_codes(void **state)
{
	const int bad[] = {-1, -1000, ERR__COUNT, ERR__COUNT + 1, 1 << 30};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_string_equal(err_message(bad[i]), "unknown error");
		assert_string_equal(err_name(bad[i]), "ERR_UNKNOWN");
		assert_int_equal(err_http_status(bad[i]), 500);
	}
}

static void test_errinfo_set(void **state)
{
	struct errinfo e;

	(void)state;
	errinfo_clear(&e);
	assert_int_equal(e.code, ERR_OK);
	assert_string_equal(e.field, "");
	assert_string_equal(e.msg, "");

	assert_int_equal(errinfo_set(&e, ERR_INVALID, "title", "%s is %d long", "title", 501),
			 ERR_INVALID);
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.field, "title");
	assert_string_equal(e.msg, "title is 501 long");

	/* A later error replaces the earlier one entirely. */
	assert_int_equal(errinfo_set(&e, ERR_IO, NULL, "cannot read"), ERR_IO);
	assert_int_equal(e.code, ERR_IO);
	assert_string_equal(e.field, "");
	assert_string_equal(e.msg, "cannot read");

	errinfo_clear(&e);
	assert_int_equal(e.code, ERR_OK);
	assert_string_equal(e.field, "");
	assert_string_equal(e.msg, "");
}

static void test_errinfo_set_truncates(void **state)
{
	struct errinfo e;
	char longfield[200], longmsg[2000];

	(void)state;
	memset(longfield, 'f', sizeof longfield - 1);
	longfield[sizeof longfield - 1] = '\0';
	memset(longmsg, 'm', sizeof longmsg - 1);
	longmsg[sizeof longmsg - 1] = '\0';
	assert_int_equal(errinfo_set(&e, ERR_INVALID, longfield, "%s", longmsg), ERR_INVALID);
	assert_int_equal(strlen(e.field), sizeof e.field - 1);
	assert_int_equal(strlen(e.msg), sizeof e.msg - 1);
	assert_int_equal(e.msg[0], 'm');
}

static void test_errinfo_null(void **state)
{
	(void)state;
	/* NULL errinfo: the code is still returned, and nothing crashes. */
	assert_int_equal(errinfo_set(NULL, ERR_TOO_LARGE, "x", "too %s", "big"), ERR_TOO_LARGE);
	assert_int_equal(errinfo_set(NULL, ERR_OK, NULL, "fine"), ERR_OK);
	errinfo_clear(NULL);
	errinfo_prefix(NULL, "line %d: ", 3);
}

static void test_errinfo_prefix(void **state)
{
	struct errinfo e;

	(void)state;
	errinfo_set(&e, ERR_INVALID, "countries", "countries lists \"KE\" twice");
	errinfo_prefix(&e, "line %d: ", 3);
	assert_string_equal(e.msg, "line 3: countries lists \"KE\" twice");
	/* Code and field are untouched. */
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.field, "countries");
	errinfo_prefix(&e, "%s: ", "data.jsonl");
	assert_string_equal(e.msg, "data.jsonl: line 3: countries lists \"KE\" twice");

	errinfo_clear(&e);
	errinfo_prefix(&e, "ctx: ");
	assert_string_equal(e.msg, "ctx: ");
}

static void test_errinfo_prefix_truncates(void **state)
{
	struct errinfo e;
	char longmsg[600];

	(void)state;
	memset(longmsg, 'm', sizeof longmsg - 1);
	longmsg[sizeof longmsg - 1] = '\0';
	errinfo_set(&e, ERR_INVALID, NULL, "%s", longmsg);
	errinfo_prefix(&e, "line %d: ", 12345);
	assert_int_equal(strlen(e.msg), sizeof e.msg - 1);
	assert_int_equal(strncmp(e.msg, "line 12345: mmm", 15), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_code_described),
	    cmocka_unit_test(test_names_and_messages_unique),
	    cmocka_unit_test(test_known_codes),
	    cmocka_unit_test(test_unknown_codes),
	    cmocka_unit_test(test_errinfo_set),
	    cmocka_unit_test(test_errinfo_set_truncates),
	    cmocka_unit_test(test_errinfo_null),
	    cmocka_unit_test(test_errinfo_prefix),
	    cmocka_unit_test(test_errinfo_prefix_truncates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
