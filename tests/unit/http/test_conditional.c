/*
 * test_conditional.c - unit tests for src/http/conditional.c: If-None-Match lists (weak and
 * strong tags, "*", malformed values), IMF-fixdate both ways, and the 304 decision
 * (If-None-Match decides alone when present).
 */
#include "testutil.h"

#include "http/conditional.h"

#include <string.h>

static void test_etag_match(void **state)
{
	(void)state;
	assert_true(http_etag_match("\"a1\"", "\"a1\""));
	assert_true(http_etag_match("W/\"a1\"", "\"a1\""));
	assert_true(http_etag_match("\"a1\"", "W/\"a1\""));
	assert_true(http_etag_match("\"x\", W/\"a1\" ,\"y\"", "W/\"a1\""));
	assert_true(http_etag_match(" * ", "W/\"a1\""));
	assert_false(http_etag_match("\"a2\"", "\"a1\""));
	assert_false(http_etag_match("\"a1", "\"a1\""));
	assert_false(http_etag_match("a1", "\"a1\""));
	assert_false(http_etag_match("\"a 1\"", "\"a 1\""));
	assert_false(http_etag_match("*, \"a1\"", "\"a1\""));
	assert_false(http_etag_match("\"a1\" junk", "\"a1\""));
	assert_false(http_etag_match("", "\"a1\""));
	assert_false(http_etag_match("\"a1\"", ""));
	assert_false(http_etag_match(NULL, "\"a1\""));
	/* a tag found only after a malformed one is not looked at */
	assert_false(http_etag_match("x, \"a1\"", "\"a1\""));
}

static void test_etag_match_long(void **state)
{
	char big[HTTP_INM_MAX + 16];

	(void)state;
	memset(big, ' ', sizeof big);
	memcpy(big + sizeof big - 6, "\"a1\"", 5);
	assert_false(http_etag_match(big, "\"a1\""));
}

static void test_dates(void **state)
{
	char out[HTTP_DATE_LEN];
	int64_t t = 0;

	(void)state;
	http_date_format(784111777, out);
	assert_string_equal(out, "Sun, 06 Nov 1994 08:49:37 GMT");
	http_date_format(0, out);
	assert_string_equal(out, "Thu, 01 Jan 1970 00:00:00 GMT");
	http_date_format(1709251199, out); /* a leap day */
	assert_string_equal(out, "Thu, 29 Feb 2024 23:59:59 GMT");
	assert_int_equal(http_date_parse("Sun, 06 Nov 1994 08:49:37 GMT", &t), 0);
	assert_int_equal(t, 784111777);
	for (int64_t x = 0; x < 4102444800; x += 86400 * 37 + 3601) {
		http_date_format(x, out);
		assert_int_equal(http_date_parse(out, &t), 0);
		assert_int_equal(t, x);
	}
	t = 5;
	assert_int_equal(http_date_parse("Sunday, 06-Nov-94 08:49:37 GMT", &t), ERR_INVALID);
	assert_int_equal(http_date_parse("Sun Nov  6 08:49:37 1994", &t), ERR_INVALID);
	assert_int_equal(http_date_parse("Sun, 06 Nov 1994 08:49:37 UTC", &t), ERR_INVALID);
	assert_int_equal(http_date_parse("Sun, 32 Nov 1994 08:49:37 GMT", &t), ERR_INVALID);
	assert_int_equal(http_date_parse("Sun, 06 Xyz 1994 08:49:37 GMT", &t), ERR_INVALID);
	assert_int_equal(http_date_parse("Xyz, 06 Nov 1994 08:49:37 GMT", &t), ERR_INVALID);
	assert_int_equal(http_date_parse("Sun, 06 Nov 1994 24:49:37 GMT", &t), ERR_INVALID);
	assert_int_equal(http_date_parse("", &t), ERR_INVALID);
	assert_int_equal(t, 5);
}

/* A request whose headers are the pairs in hdr. */
static const char *hdr_inm, *hdr_ims;

static const char *header(const struct http_request *req, const char *name)
{
	(void)req;
	if (strcasecmp(name, "If-None-Match") == 0)
		return hdr_inm;
	if (strcasecmp(name, "If-Modified-Since") == 0)
		return hdr_ims;
	return NULL;
}

static void test_not_modified(void **state)
{
	struct http_request req;

	(void)state;
	memset(&req, 0, sizeof req);
	req.header = header;
	hdr_inm = hdr_ims = NULL;
	assert_false(http_not_modified(&req, "W/\"t\"", 784111777));
	hdr_ims = "Sun, 06 Nov 1994 08:49:37 GMT";
	assert_true(http_not_modified(&req, "W/\"t\"", 784111777));
	assert_true(http_not_modified(&req, "W/\"t\"", 784111776));
	assert_false(http_not_modified(&req, "W/\"t\"", 784111778));
	assert_false(http_not_modified(&req, "W/\"t\"", 0)); /* no known time */
	/* If-None-Match decides alone */
	hdr_inm = "W/\"old\"";
	assert_false(http_not_modified(&req, "W/\"t\"", 784111777));
	hdr_inm = "W/\"t\"";
	hdr_ims = "Thu, 01 Jan 1970 00:00:00 GMT";
	assert_true(http_not_modified(&req, "W/\"t\"", 784111777));
	hdr_inm = NULL;
	hdr_ims = "yesterday";
	assert_false(http_not_modified(&req, "W/\"t\"", 784111777));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_etag_match),
	    cmocka_unit_test(test_etag_match_long),
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_not_modified),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
