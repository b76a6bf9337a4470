/*
 * test_tz.c - unit tests for src/core/tz.h: offsets of several zones through their
 * daylight-saving changes (north and south), times after the zone file's last transition
 * (its POSIX footer), POSIX rules on their own, wall-clock times that do not exist or happen
 * twice, explicit offsets, bad names and damaged files.
 */
#include "testutil.h"

#include "core/tz.h"
#include "core/utc.h"

#include <stdlib.h>
#include <string.h>

static int64_t t(const char *iso)
{
	int64_t v = 0;

	assert_int_equal(utc_parse(iso, &v), 0);
	return v;
}

static int32_t offset(const char *zone, const char *iso)
{
	struct tz_info info;
	struct errinfo e;

	if (tz_lookup(zone, t(iso), &info, &e))
		fail_msg("%s at %s: %s", zone, iso, e.msg);
	return info.offset;
}

static void test_names(void **state)
{
	(void)state;
	assert_true(tz_valid_name("Europe/Zurich"));
	assert_true(tz_valid_name("America/Argentina/Buenos_Aires"));
	assert_true(tz_valid_name("Etc/GMT+5"));
	assert_false(tz_valid_name(""));
	assert_false(tz_valid_name(NULL));
	assert_false(tz_valid_name("/etc/passwd"));
	assert_false(tz_valid_name("Europe/../../etc/passwd"));
	assert_false(tz_valid_name("Europe/Zurich\n"));
	assert_false(tz_valid_name("-rf"));
}

static void test_new_york_dst(void **state)
{
	(void)state;
	/* 9 March 2025, 02:00 EST becomes 03:00 EDT at 07:00 UTC */
	assert_int_equal(offset("America/New_York", "2025-03-09T06:59:59Z"), -5 * 3600);
	assert_int_equal(offset("America/New_York", "2025-03-09T07:00:00Z"), -4 * 3600);
	/* 2 November 2025, back at 06:00 UTC */
	assert_int_equal(offset("America/New_York", "2025-11-02T05:59:59Z"), -4 * 3600);
	assert_int_equal(offset("America/New_York", "2025-11-02T06:00:00Z"), -5 * 3600);
}

static void test_south_and_halves(void **state)
{
	(void)state;
	assert_int_equal(offset("Pacific/Auckland", "2025-01-15T00:00:00Z"), 13 * 3600);
	assert_int_equal(offset("Pacific/Auckland", "2025-07-15T00:00:00Z"), 12 * 3600);
	assert_int_equal(offset("Asia/Kolkata", "2025-03-14T00:00:00Z"), 5 * 3600 + 1800);
	assert_int_equal(offset("Asia/Kathmandu", "2025-03-14T00:00:00Z"), 5 * 3600 + 2700);
	assert_int_equal(offset("UTC", "2025-03-14T00:00:00Z"), 0);
	assert_int_equal(offset("Europe/Zurich", "2025-03-14T00:00:00Z"), 3600);
	assert_int_equal(offset("Europe/Zurich", "2025-07-07T00:00:00Z"), 7200);
}

static void test_far_future_footer(void **state)
{
	(void)state;
	/* past the last transition listed in the file: the footer's rule decides */
	assert_int_equal(offset("America/New_York", "2100-07-01T12:00:00Z"), -4 * 3600);
	assert_int_equal(offset("America/New_York", "2100-01-01T12:00:00Z"), -5 * 3600);
	assert_int_equal(offset("Europe/Zurich", "2150-07-01T12:00:00Z"), 7200);
	assert_int_equal(offset("Pacific/Auckland", "2150-01-01T12:00:00Z"), 13 * 3600);
}

static void test_posix_rules(void **state)
{
	struct tz_info info;

	(void)state;
	assert_int_equal(
	    tz_posix_rule("CET-1CEST,M3.5.0,M10.5.0/3", t("2030-03-31T00:59:59Z"), &info), 0);
	assert_int_equal(info.offset, 3600);
	assert_string_equal(info.abbr, "CET");
	assert_int_equal(
	    tz_posix_rule("CET-1CEST,M3.5.0,M10.5.0/3", t("2030-03-31T01:00:00Z"), &info), 0);
	assert_int_equal(info.offset, 7200);
	assert_true(info.isdst);
	assert_int_equal(tz_posix_rule("<+03>-3", t("2030-01-01T00:00:00Z"), &info), 0);
	assert_int_equal(info.offset, 3 * 3600);
	assert_string_equal(info.abbr, "+03");
	assert_int_equal(tz_posix_rule("EST5EDT,J60/2,J300", t("2030-06-01T00:00:00Z"), &info), 0);
	assert_int_equal(info.offset, -4 * 3600);
	assert_int_equal(tz_posix_rule("", 0, &info), ERR_INVALID);
	assert_int_equal(tz_posix_rule("EST", 0, &info), ERR_INVALID);
	assert_int_equal(tz_posix_rule("EST5EDT,M13.1.0,M11.1.0", 0, &info), ERR_INVALID);
	assert_int_equal(tz_posix_rule("EST5EDT,M3.2.0", 0, &info), ERR_INVALID);
}

static int64_t parse(const char *s, const char *zone)
{
	struct errinfo e;
	int64_t v = 0;

	if (tz_parse_time(s, zone, "closes", &v, &e))
		fail_msg("%s in %s: %s", s, zone, e.msg);
	return v;
}

static void test_parse_time(void **state)
{
	struct errinfo e;
	int64_t v;

	(void)state;
	assert_int_equal(parse("2025-03-14T23:59:59", "Europe/Zurich"), t("2025-03-14T22:59:59Z"));
	assert_int_equal(parse("2025-03-14 23:59", "Europe/Zurich"), t("2025-03-14T22:59:00Z"));
	assert_int_equal(parse("2025-07-07T09:00", "Europe/Zurich"), t("2025-07-07T07:00:00Z"));
	assert_int_equal(parse("2025-03-14T23:59:59Z", "Europe/Zurich"), t("2025-03-14T23:59:59Z"));
	assert_int_equal(parse("2025-03-14T23:59:59+05:30", "UTC"), t("2025-03-14T18:29:59Z"));
	assert_int_equal(parse("2025-03-14T12:00", "Asia/Kolkata"), t("2025-03-14T06:30:00Z"));
	/* clocks go forward: 02:30 does not exist in New York on 9 March 2025 */
	assert_int_equal(tz_parse_time("2025-03-09T02:30", "America/New_York", "closes", &v, &e),
			 ERR_INVALID);
	assert_non_null(strstr(e.msg, "does not exist"));
	assert_string_equal(e.field, "closes");
	assert_int_equal(parse("2025-03-09T03:00", "America/New_York"), t("2025-03-09T07:00:00Z"));
	assert_int_equal(parse("2025-03-09T01:59:59", "America/New_York"),
			 t("2025-03-09T06:59:59Z"));
	/* clocks go back: 01:30 happens twice on 2 November 2025; the first (EDT) is taken */
	assert_int_equal(parse("2025-11-02T01:30", "America/New_York"), t("2025-11-02T05:30:00Z"));
	/* the southern hemisphere: Auckland goes back on 6 April 2025 at 03:00 NZDT */
	assert_int_equal(parse("2025-04-06T02:30", "Pacific/Auckland"), t("2025-04-05T13:30:00Z"));
}

static void test_parse_time_errors(void **state)
{
	static const char *const bad[] = {"",
					  "2025-03-14",
					  "2025-3-14T10:00",
					  "2025-02-29T10:00",
					  "2025-03-14T24:00",
					  "2025-03-14T23:60",
					  "2025-03-14T23:59:60",
					  "2025-03-14T23:59:59+15:00",
					  "2025-03-14T23:59:59 UTC",
					  "1969-12-31T23:59",
					  "tomorrow",
					  "2025-03-14T23:59:59.5Z"};
	struct errinfo e;
	int64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		errinfo_clear(&e);
		if (tz_parse_time(bad[i], "UTC", "opens", &v, &e) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_string_equal(e.field, "opens");
	}
	assert_int_equal(tz_parse_time("2025-03-14T10:00", "Mars/Olympus", "opens", &v, &e),
			 ERR_NOT_FOUND);
	assert_non_null(strstr(e.msg, "unknown time zone \"Mars/Olympus\""));
	assert_int_equal(tz_parse_time("2025-03-14T10:00", "../etc/passwd", "opens", &v, &e),
			 ERR_INVALID);
}

static void test_format(void **state)
{
	char local[TZ_LOCAL_LEN], abbr[TZ_ABBR_MAX];
	struct errinfo e;

	(void)state;
	assert_int_equal(tz_format("America/New_York", t("2025-03-09T07:30:00Z"), local, abbr, &e),
			 0);
	assert_string_equal(local, "2025-03-09T03:30:00-04:00");
	assert_string_equal(abbr, "EDT");
	assert_int_equal(tz_format("Asia/Kolkata", t("2025-03-14T18:29:59Z"), local, abbr, &e), 0);
	assert_string_equal(local, "2025-03-14T23:59:59+05:30");
}

static void test_damaged_files(void **state)
{
	unsigned char data[200];
	struct tz_info info;
	struct errinfo e;
	size_t len;
	char *real = tu_read_file("/usr/share/zoneinfo/Europe/Zurich", &len);

	(void)state;
	assert_int_equal(tz_parse_tzif((const unsigned char *)"TZif", 4, 0, &info, &e),
			 ERR_INVALID);
	memset(data, 0, sizeof data);
	memcpy(data, "TZif2", 5);
	data[39] = 0; /* no types */
	assert_int_equal(tz_parse_tzif(data, sizeof data, 0, &info, &e), ERR_INVALID);
	/* every truncation of a real file fails cleanly or answers */
	for (size_t n = 0; n < len; n += 7)
		(void)tz_parse_tzif((const unsigned char *)real, n, t("2025-01-01T00:00:00Z"),
				    &info, &e);
	assert_int_equal(
	    tz_parse_tzif((const unsigned char *)real, len, t("2025-01-01T00:00:00Z"), &info, &e),
	    0);
	assert_int_equal(info.offset, 3600);
	free(real);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_new_york_dst),
	    cmocka_unit_test(test_south_and_halves),
	    cmocka_unit_test(test_far_future_footer),
	    cmocka_unit_test(test_posix_rules),
	    cmocka_unit_test(test_parse_time),
	    cmocka_unit_test(test_parse_time_errors),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_damaged_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
