/*
 * test_utc.c - unit tests for src/core/utc.h: formatting (epoch, leap days, far dates),
 * parsing (Z, offsets, fractions, bare dates, and what is rejected), a format/parse round
 * trip over a range of times, and partial dates of initiatives.
 */
#include "testutil.h"

#include "core/err.h"
#include "core/utc.h"

#include <string.h>

static const char *fmt(int64_t t)
{
	static char out[UTC_ISO_LEN];

	memset(out, '#', sizeof out);
	utc_format(t, out);
	return out;
}

static int64_t parse_ok(const char *s)
{
	int64_t t = -12345;

	if (utc_parse(s, &t) != 0)
		fail_msg("utc_parse rejected \"%s\"", s);
	return t;
}

static void test_format_epoch(void **state)
{
	(void)state;
	assert_string_equal(fmt(0), "1970-01-01T00:00:00Z");
	assert_int_equal(strlen(fmt(0)), UTC_ISO_LEN - 1);
	assert_string_equal(fmt(1), "1970-01-01T00:00:01Z");
	assert_string_equal(fmt(86399), "1970-01-01T23:59:59Z");
	assert_string_equal(fmt(86400), "1970-01-02T00:00:00Z");
	/* Before the epoch: the time of day stays positive. */
	assert_string_equal(fmt(-1), "1969-12-31T23:59:59Z");
	assert_string_equal(fmt(-86400), "1969-12-31T00:00:00Z");
	assert_string_equal(fmt(-86401), "1969-12-30T23:59:59Z");
}

static void test_format_leap_days(void **state)
{
	(void)state;
	assert_string_equal(fmt(1582934400), "2020-02-29T00:00:00Z");
	assert_string_equal(fmt(1582934400 - 1), "2020-02-28T23:59:59Z");
	assert_string_equal(fmt(1582934400 + 86400), "2020-03-01T00:00:00Z");
	/* 2000 is a leap year (divisible by 400) ... */
	assert_string_equal(fmt(951825600), "2000-02-29T12:00:00Z");
	/* ... 2100 and 1900 are not (divisible by 100). */
	assert_string_equal(fmt(4107542400 - 86400), "2100-02-28T00:00:00Z");
	assert_string_equal(fmt(4107542400), "2100-03-01T00:00:00Z");
	assert_string_equal(fmt(-2203891200 - 86400), "1900-02-28T00:00:00Z");
	assert_string_equal(fmt(-2203891200), "1900-03-01T00:00:00Z");
	assert_string_equal(fmt(1709210096), "2024-02-29T12:34:56Z");
}

static void test_format_far_dates(void **state)
{
	(void)state;
	assert_string_equal(fmt(2147483648), "2038-01-19T03:14:08Z");
	assert_string_equal(fmt(-2208988800), "1900-01-01T00:00:00Z");
	assert_string_equal(fmt(253402300799), "9999-12-31T23:59:59Z");
	assert_string_equal(fmt(-62135596800), "0001-01-01T00:00:00Z");
	/* Out of four-digit range: a fixed placeholder, never a longer string. */
	assert_string_equal(fmt(253402300800), "0000-00-00T00:00:00Z");
	assert_string_equal(fmt(INT64_MAX), "0000-00-00T00:00:00Z");
	assert_string_equal(fmt(INT64_MIN), "0000-00-00T00:00:00Z");
	assert_string_equal(fmt(-62135596800 - 366 * 86400 - 1), "0000-00-00T00:00:00Z");
}

static void test_days_from_civil(void **state)
{
	(void)state;
	assert_int_equal(utc_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(utc_days_from_civil(1970, 1, 2), 1);
	assert_int_equal(utc_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(utc_days_from_civil(2020, 2, 29), 1582934400 / 86400);
	assert_int_equal(utc_days_from_civil(2100, 3, 1), 4107542400 / 86400);
	assert_int_equal(utc_days_from_civil(1900, 1, 1), -2208988800 / 86400);
}

static void test_parse_z(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(parse_ok("2024-02-29T12:34:56Z"), 1709210096);
	assert_int_equal(parse_ok("2024-02-29t12:34:56z"), 1709210096);
	assert_int_equal(parse_ok("2024-02-29 12:34:56Z"), 1709210096);
	assert_int_equal(parse_ok("1969-12-31T23:59:59Z"), -1);
	/* Seconds are optional. */
	assert_int_equal(parse_ok("2024-02-29T12:34Z"), 1709210096 - 56);
	assert_int_equal(parse_ok("9999-12-31T23:59:59Z"), 253402300799);
}

static void test_parse_offsets(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2024-01-01T02:00:00+02:00"), 1704067200);
	assert_int_equal(parse_ok("2023-12-31T18:30:00-05:30"), 1704067200);
	assert_int_equal(parse_ok("2024-01-01T00:00:00+00:00"), 1704067200);
	assert_int_equal(parse_ok("2024-01-01T00:00:00-00:00"), 1704067200);
	/* Without the colon too (ISO 8601 basic offset). */
	assert_int_equal(parse_ok("2024-01-01T02:00:00+0200"), 1704067200);
	/* An offset can move the date across a day, month and year boundary. */
	assert_int_equal(parse_ok("2024-01-01T01:00:00+05:00"), 1704067200 - 4 * 3600);
	assert_string_equal(fmt(parse_ok("2024-01-01T01:00:00+05:00")), "2023-12-31T20:00:00Z");
	assert_string_equal(fmt(parse_ok("2024-02-28T22:00:00-03:00")), "2024-02-29T01:00:00Z");
	assert_int_equal(parse_ok("2024-01-01T00:00+01:00"), 1704067200 - 3600);
}

static void test_parse_fractions(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2024-01-01T00:00:00.123Z"), 1704067200);
	assert_int_equal(parse_ok("2024-01-01T00:00:00.999999999Z"), 1704067200);
	assert_int_equal(parse_ok("2024-01-01T00:00:00,5Z"), 1704067200);
	assert_int_equal(parse_ok("2024-01-01T02:00:00.5+02:00"), 1704067200);
}

static void test_parse_date_only(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2024-01-01"), 1704067200);
	assert_int_equal(parse_ok("1970-01-01"), 0);
	assert_int_equal(parse_ok("2020-02-29"), 1582934400);
	assert_int_equal(parse_ok("2100-03-01"), 4107542400);
}

static void test_parse_rejects(void **state)
{
	static const char *const bad[] = {
	    "2024-01-01T00:00:00",       /* no zone */
	    "2024-01-01T00:00",          /* no zone */
	    "2019-02-29",                /* not a leap year */
	    "2019-02-29T00:00:00Z",      /* not a leap year */
	    "2100-02-29",                /* not a leap year */
	    "2024-04-31",                /* April has 30 days */
	    "2024-13-01",                /* month */
	    "2024-00-10",                /* month */
	    "2024-01-00",                /* day */
	    "2024-01-32",                /* day */
	    "2024-01-01T25:00:00Z",      /* hour */
	    "2024-01-01T24:00:00Z",      /* hour */
	    "2024-01-01T12:60:00Z",      /* minute */
	    "2024-01-01T12:00:61Z",      /* second */
	    "2024-01-01T00:00:00Zjunk",  /* trailing junk */
	    "2024-01-01T00:00:00Z ",     /* trailing space */
	    "2024-01-01x",               /* trailing junk after a date */
	    "2024-01-01 ",               /* a separator with no time */
	    "2024-01-01T",               /* a separator with no time */
	    "2024-01-01T00:00:00+02",    /* offset without minutes */
	    "2024-01-01T00:00:00+24:00", /* offset hours */
	    "2024-01-01T00:00:00+02:60", /* offset minutes */
	    "2024-01-01T00:00:00+02:00x",
	    "2024-01-01T00:00:00.Z", /* a dot without digits */
	    "2024-01-01T0:00:00Z",
	    "2024-1-01",
	    "2024-01-1",
	    "24-01-01",
	    "2024",
	    "2024-01",
	    "2024/01/01",
	    " 2024-01-01",
	    "+2024-01-01",
	    "",
	};
	int64_t t;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		t = 777;
		if (utc_parse(bad[i], &t) != ERR_INVALID)
			fail_msg("utc_parse accepted \"%s\"", bad[i]);
		/* Out-parameters are written only on success. */
		assert_int_equal(t, 777);
	}
	assert_int_equal(utc_parse(NULL, &t), ERR_INVALID);
}

static void test_round_trip(void **state)
{
	char out[UTC_ISO_LEN];
	int64_t back;
	int n = 0;

	(void)state;
	/* From 1900 to 2200 in odd steps, so every month, day and time of day comes up. */
	for (int64_t t = -2208988800; t < 7258118400; t += 9999991) {
		utc_format(t, out);
		assert_int_equal(utc_parse(out, &back), 0);
		assert_int_equal(back, t);
		n++;
	}
	assert_true(n > 900);
	/* Every day of a leap year and of a common year, at the last second of the day. */
	for (int64_t d = utc_days_from_civil(2023, 1, 1); d < utc_days_from_civil(2025, 1, 1);
	     d++) {
		int64_t t = d * 86400 + 86399;

		utc_format(t, out);
		assert_int_equal(utc_parse(out, &back), 0);
		assert_int_equal(back, t);
	}
}

static void test_now(void **state)
{
	int64_t t = utc_now();

	(void)state;
	/* After 2024-01-01 and before 2100. */
	assert_true(t > 1704067200);
	assert_true(t < 4102444800);
}

static void test_partial_dates(void **state)
{
	static const char *const good[] = {
	    "2019",       "2019-03", "2019-03-15", "2020-02-29", "2000-02-29", "1900",
	    "1900-01-01", "2199",    "2199-12-31", "2019-12",    "2019-01-31", "2019-04-30",
	};
	static const char *const bad[] = {
	    "2019-02-29", "1900-02-29", "2100-02-29", "2019-04-31", "2019-13",
	    "2019-00",    "2019-01-00", "2019-01-32", "1899",       "1899-12-31",
	    "2200",       "2019-3",     "2019-03-1",  "19",         "201",
	    "20190",      "2019-",      "2019-03-",   "2019/03",    "2019-03-15T00:00:00Z",
	    " 2019",      "2019 ",      "abcd",       "",           "2019-03-15x",
	};

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (!utc_valid_partial_date(good[i]))
			fail_msg("rejected \"%s\"", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (utc_valid_partial_date(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_false(utc_valid_partial_date(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_epoch),
	    cmocka_unit_test(test_format_leap_days),
	    cmocka_unit_test(test_format_far_dates),
	    cmocka_unit_test(test_days_from_civil),
	    cmocka_unit_test(test_parse_z),
	    cmocka_unit_test(test_parse_offsets),
	    cmocka_unit_test(test_parse_fractions),
	    cmocka_unit_test(test_parse_date_only),
	    cmocka_unit_test(test_parse_rejects),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_now),
	    cmocka_unit_test(test_partial_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
