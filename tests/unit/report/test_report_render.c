/*
 * test_report_render.c - unit tests for src/report/report_render.c: the site's address
 * (report_base_url: accepted forms, the trailing '/' dropped, everything else refused) and
 * links made whole for files (report_whole_url).
 */
#include "testutil.h"

#include "report/report_render.h"

#include <stdio.h>
#include <string.h>

static void test_base_url(void **state)
{
	char out[REPORT_BASE_URL_MAX + 1], big[REPORT_BASE_URL_MAX + 16];

	(void)state;
	assert_int_equal(report_base_url("https://stocktake.example.org", out), 0);
	assert_string_equal(out, "https://stocktake.example.org");
	assert_int_equal(report_base_url("http://127.0.0.1:8080/", out), 0);
	assert_string_equal(out, "http://127.0.0.1:8080");
	assert_int_equal(report_base_url("https://[::1]:8443/wsis/stocktake//", out), 0);
	assert_string_equal(out, "https://[::1]:8443/wsis/stocktake");
	snprintf(out, sizeof out, "unchanged");
	assert_int_equal(report_base_url("", out), ERR_INVALID);
	assert_int_equal(report_base_url("stocktake.example.org", out), ERR_INVALID);
	assert_int_equal(report_base_url("javascript:alert(1)", out), ERR_INVALID);
	assert_int_equal(report_base_url("ftp://example.org", out), ERR_INVALID);
	assert_int_equal(report_base_url("https://", out), ERR_INVALID);
	assert_int_equal(report_base_url("https://example.org/?q=1", out), ERR_INVALID);
	assert_int_equal(report_base_url("https://example.org/#top", out), ERR_INVALID);
	assert_int_equal(report_base_url("https://example.org/a b", out), ERR_INVALID);
	assert_int_equal(report_base_url("https://example.org/it's", out), ERR_INVALID);
	assert_int_equal(report_base_url("https://example.org\"><script>", out), ERR_INVALID);
	assert_int_equal(report_base_url("https://example.org:", out), ERR_INVALID);
	assert_int_equal(report_base_url("https://example.org:123456", out), ERR_INVALID);
	assert_int_equal(report_base_url("https://user@example.org", out), ERR_INVALID);
	memset(big, 'a', sizeof big);
	memcpy(big, "https://", 8);
	big[sizeof big - 1] = '\0';
	assert_int_equal(report_base_url(big, out), ERR_INVALID);
	assert_string_equal(out, "unchanged");
}

static void test_whole_url(void **state)
{
	char buf[64];
	const char *base = "https://s.example.org";

	(void)state;
	assert_string_equal(report_whole_url(base, "/initiatives?sdg=3", buf, sizeof buf),
			    "https://s.example.org/initiatives?sdg=3");
	assert_string_equal(report_whole_url(NULL, "https://x.org/a", buf, sizeof buf),
			    "https://x.org/a");
	assert_null(report_whole_url(NULL, "/initiatives", buf, sizeof buf));
	assert_null(report_whole_url("", "/initiatives", buf, sizeof buf));
	assert_null(report_whole_url(base, "//evil.example/x", buf, sizeof buf));
	assert_null(report_whole_url(base, "javascript:alert(1)", buf, sizeof buf));
	assert_null(report_whole_url(base, "", buf, sizeof buf));
	assert_null(report_whole_url(base, NULL, buf, sizeof buf));
	assert_null(report_whole_url(base, "/a-path-much-longer-than-the-buffer-it-goes-into-here",
				     buf, sizeof buf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_base_url),
	    cmocka_unit_test(test_whole_url),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
