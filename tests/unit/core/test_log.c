/*
 * test_log.c - unit tests for src/core/log.h: log_kv writes one key=value line to stderr,
 * quoting and escaping values that are not bare words; the level threshold; and
 * log_level_parse. stderr is redirected to a temporary file around each call.
 */
#include "testutil.h"

#include "core/log.h"
#include "core/utc.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int saved_fd = -1;
static char cap_path[512];

/* capture_begin points stderr (fd 2) at a fresh temporary file. */
static void capture_begin(void)
{
	int fd;

	snprintf(cap_path, sizeof cap_path, "%s", tu_path("stderr.txt"));
	fflush(stderr);
	saved_fd = dup(STDERR_FILENO);
	assert_true(saved_fd >= 0);
	fd = open(cap_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	close(fd);
}

/* capture_end restores stderr and returns what was written (malloc'd). */
static char *capture_end(void)
{
	FILE *f;
	char *text;
	long n;

	fflush(stderr);
	assert_int_equal(dup2(saved_fd, STDERR_FILENO), STDERR_FILENO);
	close(saved_fd);
	saved_fd = -1;
	f = fopen(cap_path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	text = malloc((size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	text[n] = '\0';
	fclose(f);
	return text;
}

static size_t count_char(const char *s, char c)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

/*
 * check_line verifies that out is one line "ts=<now> <rest>\n" and returns a pointer to
 * rest (inside out), without the newline.
 */
static const char *check_line(char *out)
{
	char ts[UTC_ISO_LEN];
	int64_t t, now = utc_now();
	size_t n = strlen(out);

	assert_true(n > 3 + UTC_ISO_LEN);
	assert_int_equal(count_char(out, '\n'), 1);
	assert_int_equal(out[n - 1], '\n');
	out[n - 1] = '\0';
	assert_int_equal(strncmp(out, "ts=", 3), 0);
	memcpy(ts, out + 3, UTC_ISO_LEN - 1);
	ts[UTC_ISO_LEN - 1] = '\0';
	assert_int_equal(utc_parse(ts, &t), 0);
	assert_in_range(t, now - 60, now);
	assert_int_equal(out[3 + UTC_ISO_LEN - 1], ' ');
	return out + 3 + UTC_ISO_LEN;
}

static int setup(void **state)
{
	(void)state;
	log_set_level(LOG_INFO);
	return 0;
}

static void test_plain_pairs(void **state)
{
	char *out;

	(void)state;
	capture_begin();
	log_kv(LOG_INFO, "imported", "file", "x.jsonl", "records", "12", NULL);
	out = capture_end();
	assert_string_equal(check_line(out), "level=info msg=imported file=x.jsonl records=12");
	free(out);
}

static void test_no_pairs_and_levels(void **state)
{
	char *out;

	(void)state;
	capture_begin();
	log_kv(LOG_WARN, "disk", NULL);
	out = capture_end();
	assert_string_equal(check_line(out), "level=warn msg=disk");
	free(out);

	capture_begin();
	log_kv(LOG_ERROR, "failed", "code", "ERR_IO", NULL);
	out = capture_end();
	assert_string_equal(check_line(out), "level=error msg=failed code=ERR_IO");
	free(out);
}

static void test_escaping(void **state)
{
	char *out;

	(void)state;
	capture_begin();
	log_kv(LOG_INFO, "import failed", "space", "a b", "quote", "say \"hi\"", "nl", "l1\nl2",
	       "bs", "a\\b", "eq", "k=v", "tab", "a\tb", "cr", "x\ry", "del", "\x7f", "empty", "",
	       "null", (const char *)NULL, "utf8", "caf\xc3\xa9", NULL);
	out = capture_end();
	assert_string_equal(check_line(out), "level=info msg=\"import failed\""
					     " space=\"a b\""
					     " quote=\"say \\\"hi\\\"\""
					     " nl=\"l1\\nl2\""
					     " bs=\"a\\\\b\""
					     " eq=\"k=v\""
					     " tab=\"a\\x09b\""
					     " cr=\"x\\x0dy\""
					     " del=\"\\x7f\""
					     " empty=\"\""
					     " null=\"\""
					     " utf8=caf\xc3\xa9");
	free(out);
}

static void test_injection_stays_one_line(void **state)
{
	char *out;

	(void)state;
	capture_begin();
	log_kv(LOG_INFO, "login\nts=2000-01-01T00:00:00Z level=error msg=forged", "user",
	       "bob\r\nlevel=error", NULL);
	out = capture_end();
	/* check_line asserts exactly one newline, at the end. */
	assert_non_null(strstr(check_line(out), "msg=\"login\\nts="));
	free(out);
}

static void test_two_calls_two_lines(void **state)
{
	char *out;

	(void)state;
	capture_begin();
	log_kv(LOG_INFO, "one", NULL);
	log_kv(LOG_INFO, "two", NULL);
	out = capture_end();
	assert_int_equal(count_char(out, '\n'), 2);
	assert_non_null(strstr(out, "msg=one\nts="));
	assert_int_equal(out[strlen(out) - 1], '\n');
	free(out);
}

/* A value longer than the line buffer must not cost the line its end. */
static void test_long_value_keeps_newline(void **state)
{
	size_t n = 20000;
	char *v = malloc(n + 1), *out;
	size_t lines;
	int ends_line, next_on_own_line;

	(void)state;
	assert_non_null(v);
	for (size_t i = 0; i < n; i++)
		v[i] = i % 2 ? ' ' : 'a'; /* spaces: quoted, escaped byte by byte */
	v[n] = '\0';
	capture_begin();
	log_kv(LOG_INFO, "big", "v", v, NULL);
	log_kv(LOG_INFO, "next", NULL);
	out = capture_end();
	lines = count_char(out, '\n');
	ends_line = out[0] != '\0' && out[strlen(out) - 1] == '\n';
	/* The following event starts on its own line. */
	next_on_own_line = strstr(out, "\nts=") != NULL;
	free(out);
	free(v);
	assert_int_equal(lines, 2);
	assert_true(ends_line);
	assert_true(next_on_own_line);
}

static void test_threshold(void **state)
{
	char *out;

	(void)state;
	log_set_level(LOG_WARN);
	capture_begin();
	log_kv(LOG_DEBUG, "d", NULL);
	log_kv(LOG_INFO, "i", NULL);
	log_kv(LOG_WARN, "w", NULL);
	log_kv(LOG_ERROR, "e", NULL);
	out = capture_end();
	assert_int_equal(count_char(out, '\n'), 2);
	assert_null(strstr(out, "msg=d"));
	assert_null(strstr(out, "msg=i"));
	assert_non_null(strstr(out, "level=warn msg=w\n"));
	assert_non_null(strstr(out, "level=error msg=e\n"));
	free(out);

	log_set_level(LOG_DEBUG);
	capture_begin();
	log_kv(LOG_DEBUG, "d", NULL);
	out = capture_end();
	assert_string_equal(check_line(out), "level=debug msg=d");
	free(out);

	/* Default threshold (info) suppresses debug. */
	log_set_level(LOG_INFO);
	capture_begin();
	log_kv(LOG_DEBUG, "d", NULL);
	out = capture_end();
	assert_string_equal(out, "");
	free(out);

	/* off silences everything, and LOG_OFF is never a level to write at. */
	log_set_level(LOG_OFF);
	capture_begin();
	log_kv(LOG_ERROR, "e", NULL);
	log_kv(LOG_OFF, "o", NULL);
	out = capture_end();
	assert_string_equal(out, "");
	free(out);

	log_set_level(LOG_DEBUG);
	capture_begin();
	log_kv(LOG_OFF, "o", NULL);
	out = capture_end();
	assert_string_equal(out, "");
	free(out);
	log_set_level(LOG_INFO);
}

static void test_level_parse(void **state)
{
	(void)state;
	assert_int_equal(log_level_parse("debug"), LOG_DEBUG);
	assert_int_equal(log_level_parse("info"), LOG_INFO);
	assert_int_equal(log_level_parse("warn"), LOG_WARN);
	assert_int_equal(log_level_parse("error"), LOG_ERROR);
	assert_int_equal(log_level_parse("off"), LOG_OFF);
	assert_int_equal(log_level_parse("warning"), -1);
	assert_int_equal(log_level_parse("inf"), -1);
	assert_int_equal(log_level_parse("info "), -1);
	assert_int_equal(log_level_parse("verbose"), -1);
	assert_int_equal(log_level_parse(""), -1);
	assert_int_equal(log_level_parse(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_plain_pairs, setup),
	    cmocka_unit_test_setup(test_no_pairs_and_levels, setup),
	    cmocka_unit_test_setup(test_escaping, setup),
	    cmocka_unit_test_setup(test_injection_stays_one_line, setup),
	    cmocka_unit_test_setup(test_two_calls_two_lines, setup),
	    cmocka_unit_test_setup(test_long_value_keeps_newline, setup),
	    cmocka_unit_test_setup(test_threshold, setup),
	    cmocka_unit_test(test_level_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
