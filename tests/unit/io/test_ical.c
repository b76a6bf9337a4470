/*
 * test_ical.c - unit tests for src/io/ical.h: CRLF line ends, folding at 75 octets that never
 * splits a UTF-8 sequence and unfolds back to the line, TEXT escaping, whole-day events
 * (days and months) with an exclusive end, moments in UTC, UID and DTSTAMP on every event.
 */
#include "testutil.h"

#include "core/utc.h"
#include "io/ical.h"

#include <string.h>

/* unfold undoes RFC 5545 folding: CRLF followed by one space disappears. */
static void unfold(const char *in, struct buf *out)
{
	for (const char *p = in; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			p += 2;
			continue;
		}
		buf_putc(out, *p);
	}
}

static void check_lines(const char *s)
{
	const char *p = s;

	while (*p) {
		const char *end = strstr(p, "\r\n");
		const unsigned char *next;

		assert_non_null(end);
		assert_true(end - p <= ICAL_LINE_MAX);
		assert_null(memchr(p, '\n', (size_t)(end - p)));
		next = (const unsigned char *)end + 2;
		/* a continuation line never starts inside a UTF-8 sequence */
		if (*next == ' ')
			assert_true((next[1] & 0xC0) != 0x80);
		p = end + 2;
	}
}

static void test_fold(void **state)
{
	struct buf b, u;
	char value[1000];

	(void)state;
	buf_init(&b, 0);
	buf_init(&u, 0);
	/* two-byte and four-byte sequences at every alignment */
	for (int shift = 0; shift < 5; shift++) {
		size_t n = 0;

		for (int i = 0; i < shift; i++)
			value[n++] = 'x';
		for (int i = 0; i < 60; i++) {
			memcpy(value + n, i % 2 ? "é" : "😀", i % 2 ? 2 : 4);
			n += i % 2 ? 2 : 4;
		}
		value[n] = '\0';
		buf_reset(&b);
		buf_reset(&u);
		assert_int_equal(ical_line(&b, "SUMMARY", value), 0);
		check_lines(buf_cstr(&b));
		unfold(buf_cstr(&b), &u);
		assert_int_equal(strncmp(buf_cstr(&u), "SUMMARY:", 8), 0);
		assert_int_equal(strncmp(buf_cstr(&u) + 8, value, n), 0);
		assert_string_equal(buf_cstr(&u) + 8 + n, "\r\n");
	}
	buf_reset(&b);
	assert_int_equal(ical_line(&b, "UID", "short"), 0);
	assert_string_equal(buf_cstr(&b), "UID:short\r\n");
	buf_cleanup(&b);
	buf_cleanup(&u);
}

static void test_escape(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(ical_text_escape(&b, "a,b;c\\d\ne\r\nf\rg\x01h"), 0);
	assert_string_equal(buf_cstr(&b), "a\\,b\\;c\\\\d\\ne\\nf\\ngh");
	buf_cleanup(&b);
}

static void test_events(void **state)
{
	struct timeline_event day = {.uid = "hle",
				     .kind = "forum",
				     .title = "High-Level Event",
				     .start = "2025-07-07",
				     .end = "2025-07-11",
				     .location = "Palexpo, Geneva",
				     .url = "",
				     .description = ""};
	struct timeline_event month = {.uid = "astana",
				       .kind = "meeting",
				       .title = "Astana",
				       .start = "2024-12",
				       .end = "2024-12",
				       .location = "",
				       .url = "",
				       .description = "Days; not recorded"};
	struct timeline_event moment = {.uid = "call-1-deadline",
					.kind = "deadline",
					.title = "Deadline",
					.start = "2025-03-14",
					.end = "2025-03-14",
					.location = "",
					.url = "",
					.description = "",
					.sequence = 2};
	struct buf b;
	int64_t at = 0;

	(void)state;
	assert_int_equal(utc_parse("2025-03-14T22:59:59Z", &at), 0);
	moment.at = at;
	buf_init(&b, 0);
	assert_int_equal(ical_begin(&b, "Review"), 0);
	assert_int_equal(ical_event(&b, &day, "example.org", at), 0);
	assert_int_equal(ical_event(&b, &month, "example.org", at), 0);
	assert_int_equal(ical_event(&b, &moment, "example.org", at), 0);
	assert_int_equal(ical_end(&b), 0);
	check_lines(buf_cstr(&b));
	assert_int_equal(strncmp(buf_cstr(&b), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 37), 0);
	assert_non_null(strstr(buf_cstr(&b), "UID:hle@example.org\r\nDTSTAMP:20250314T225959Z\r\n"
					     "DTSTART;VALUE=DATE:20250707\r\n"
					     "DTEND;VALUE=DATE:20250712\r\n"));
	assert_non_null(strstr(buf_cstr(&b), "LOCATION:Palexpo\\, Geneva\r\n"));
	/* a month spans to the first day of the next, across the year's end */
	assert_non_null(strstr(buf_cstr(&b), "DTSTART;VALUE=DATE:20241201\r\n"
					     "DTEND;VALUE=DATE:20250101\r\n"));
	assert_non_null(strstr(buf_cstr(&b), "DESCRIPTION:Days\\; not recorded\r\n"));
	assert_non_null(strstr(buf_cstr(&b), "DTSTART:20250314T225959Z\r\nSEQUENCE:2\r\n"));
	assert_non_null(strstr(buf_cstr(&b), "CATEGORIES:DEADLINE\r\n"));
	assert_string_equal(buf_cstr(&b) + b.len - 15, "END:VCALENDAR\r\n");
	buf_cleanup(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fold),
	    cmocka_unit_test(test_escape),
	    cmocka_unit_test(test_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
