/*
 * test_csv_reader.c - unit tests for src/io/csv_reader.c: RFC 4180 quoting (commas, quotes,
 * newlines), CRLF, blank lines, the byte order mark left to the caller, malformed input,
 * invalid UTF-8 and over-long fields named by row and column, the column limit, and a
 * callback's error stopping the reading.
 */
#include "testutil.h"

#include "io/csv_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXROWS 16
#define MAXCOLS 8

struct rows {
	int calls;
	long rownum[MAXROWS];
	size_t nfields[MAXROWS];
	char field[MAXROWS][MAXCOLS][64];
	long fail_at; /* return ERR_CONFLICT from this row, 0: never */
};

static int collect(void *ud, char **fields, size_t n, long row, struct errinfo *e)
{
	struct rows *r = ud;
	int i = r->calls++;

	if (i < MAXROWS) {
		r->rownum[i] = row;
		r->nfields[i] = n;
		for (size_t k = 0; k < n && k < MAXCOLS; k++) {
			assert_true(strlen(fields[k]) < sizeof r->field[0][0]);
			snprintf(r->field[i][k], sizeof r->field[0][0], "%s", fields[k]);
		}
	}
	if (r->fail_at && row == r->fail_at)
		return errinfo_set(e, ERR_CONFLICT, "x", "the callback refused row %ld", row);
	return 0;
}

/* read_str runs csv_read_stream over the n bytes at data. */
static int read_mem(const char *data, size_t n, size_t max_field, struct rows *r, struct errinfo *e)
{
	FILE *f;
	int rc;

	memset(r->rownum, 0, sizeof r->rownum);
	r->calls = 0;
	errinfo_clear(e);
	f = n ? fmemopen((void *)data, n, "rb") : fopen("/dev/null", "rb");
	assert_non_null(f);
	rc = csv_read_stream(f, "in.csv", max_field, collect, r, e);
	fclose(f);
	return rc;
}

static int read_str(const char *data, struct rows *r, struct errinfo *e)
{
	return read_mem(data, strlen(data), 1000, r, e);
}

static struct rows *rows_new(void)
{
	struct rows *r = calloc(1, sizeof *r);

	assert_non_null(r);
	return r;
}

static void assert_msg_has(const struct errinfo *e, const char *needle)
{
	if (!strstr(e->msg, needle))
		fail_msg("expected \"%s\" in the message: %s", needle, e->msg);
}

static void test_quoted_fields_rfc4180(void **state)
{
	struct rows *r = rows_new();
	struct errinfo e;

	(void)state;
	assert_int_equal(read_str("a,\"b,c\",\"say \"\"hi\"\"\",\"line1\nline2\",\"\"\n"
				  "x,y,z,w,v\n",
				  r, &e),
			 0);
	assert_int_equal(r->calls, 2);
	assert_int_equal(r->rownum[0], 1);
	assert_int_equal(r->rownum[1], 2);
	assert_int_equal(r->nfields[0], 5);
	assert_string_equal(r->field[0][0], "a");
	assert_string_equal(r->field[0][1], "b,c");
	assert_string_equal(r->field[0][2], "say \"hi\"");
	assert_string_equal(r->field[0][3], "line1\nline2");
	assert_string_equal(r->field[0][4], "");
	assert_int_equal(r->nfields[1], 5);
	assert_string_equal(r->field[1][4], "v");
	free(r);
}

static void test_crlf_line_endings(void **state)
{
	struct rows *r = rows_new();
	struct errinfo e;

	(void)state;
	assert_int_equal(read_str("h1,h2\r\nv1,\"multi\r\nline\"\r\nlast,row\r\n", r, &e), 0);
	assert_int_equal(r->calls, 3);
	assert_string_equal(r->field[0][1], "h2");
	assert_string_equal(r->field[1][0], "v1");
	assert_string_equal(r->field[1][1], "multi\r\nline"); /* quoted: kept as is */
	assert_string_equal(r->field[2][1], "row");
	free(r);
}

static void test_no_final_newline(void **state)
{
	struct rows *r = rows_new();
	struct errinfo e;

	(void)state;
	assert_int_equal(read_str("a,b\nc,\"d\"", r, &e), 0);
	assert_int_equal(r->calls, 2);
	assert_string_equal(r->field[1][0], "c");
	assert_string_equal(r->field[1][1], "d");
	free(r);
}

static void test_blank_lines_skipped(void **state)
{
	struct rows *r = rows_new();
	struct errinfo e;

	(void)state;
	assert_int_equal(read_str("\na,b\n\n\r\nc,d\n\n\ne,f\n\n", r, &e), 0);
	assert_int_equal(r->calls, 3);
	assert_string_equal(r->field[0][0], "a");
	assert_string_equal(r->field[1][0], "c");
	assert_string_equal(r->field[2][1], "f");
	assert_int_equal(r->rownum[0], 1); /* the header is row 1 however many lines precede it */
	assert_true(r->rownum[1] > r->rownum[0]);
	assert_true(r->rownum[2] > r->rownum[1]);
	/* Trailing blank lines are not rows either. */
	assert_int_equal(read_str("a\n\n", r, &e), 0);
	assert_int_equal(r->calls, 1);
	free(r);
}

static void test_empty_input_no_rows(void **state)
{
	struct rows *r = rows_new();
	struct errinfo e;

	(void)state;
	assert_int_equal(read_mem("", 0, 100, r, &e), 0);
	assert_int_equal(r->calls, 0);
	assert_int_equal(read_str("\n\n\n", r, &e), 0);
	assert_int_equal(r->calls, 0);
	free(r);
}

static void test_bom_left_for_caller(void **state)
{
	struct rows *r = rows_new();
	struct errinfo e;

	(void)state;
	assert_int_equal(read_str("\xEF\xBB\xBFtitle,source\nT,S\n", r, &e), 0);
	assert_int_equal(r->calls, 2);
	assert_string_equal(r->field[0][0], "\xEF\xBB\xBFtitle");
	assert_string_equal(r->field[0][1], "source");
	assert_string_equal(r->field[1][0], "T");
	free(r);
}

static void test_unterminated_quote(void **state)
{
	struct rows *r = rows_new();
	struct errinfo e;
	int rc;

	(void)state;
	rc = read_str("a,b\nc,\"never closed\nstill, inside\n", r, &e);
	assert_int_equal(rc, ERR_INVALID);
	assert_int_equal(e.code, ERR_INVALID);
	assert_msg_has(&e, "in.csv");
	assert_msg_has(&e, "row 2");
	assert_int_equal(r->calls, 1); /* the incomplete row never reached the callback */
	free(r);
}

static void test_stray_quote_refused(void **state)
{
	struct rows *r = rows_new();
	struct errinfo e;

	(void)state;
	/* Strict RFC 4180: a quoted field must end at a separator. */
	assert_int_equal(read_str("a,b\n\"c\"x,d\n", r, &e), ERR_INVALID);
	assert_msg_has(&e, "in.csv");
	assert_msg_has(&e, "row 2");
	free(r);
}

static void test_invalid_utf8_named(void **state)
{
	struct rows *r = rows_new();
	struct errinfo e;

	(void)state;
	assert_int_equal(read_str("a,b,c\nok,\"bad \xC3\x28 byte\",x\nnot,reached,z\n", r, &e),
			 ERR_INVALID);
	assert_msg_has(&e, "in.csv");
	assert_msg_has(&e, "row 2");
	assert_msg_has(&e, "column 2");
	assert_int_equal(r->calls, 1);
	/* An overlong encoding of '/' and a lone continuation byte are refused too. */
	assert_int_equal(read_str("\xC0\xAF\n", r, &e), ERR_INVALID);
	assert_msg_has(&e, "row 1, column 1");
	assert_int_equal(read_str("a,\x80\n", r, &e), ERR_INVALID);
	assert_msg_has(&e, "column 2");
	/* Valid multi-byte text passes. */
	assert_int_equal(read_str("Côte d’Ivoire,中国,Россия\n", r, &e), 0);
	assert_string_equal(r->field[0][1], "中国");
	free(r);
}

static void test_nul_byte_refused(void **state)
{
	static const char data[] = "a,b\nc,d\0e\n";
	struct rows *r = rows_new();
	struct errinfo e;

	(void)state;
	assert_int_equal(read_mem(data, sizeof data - 1, 100, r, &e), ERR_INVALID);
	assert_msg_has(&e, "row 2, column 2");
	free(r);
}

static void test_field_too_large(void **state)
{
	struct rows *r = rows_new();
	struct errinfo e;

	(void)state;
	/* max_field bytes exactly fit. */
	assert_int_equal(read_mem("12345678,x\n", 11, 8, r, &e), 0);
	assert_string_equal(r->field[0][0], "12345678");
	assert_int_equal(read_mem("ok,123456789\n", 13, 8, r, &e), ERR_TOO_LARGE);
	assert_int_equal(e.code, ERR_TOO_LARGE);
	assert_msg_has(&e, "in.csv");
	assert_msg_has(&e, "row 1, column 2");
	/* Quoted, in a later row. */
	assert_int_equal(read_mem("a,b\nc,\"12,456789\"\n", 18, 8, r, &e), ERR_TOO_LARGE);
	assert_msg_has(&e, "row 2");
	assert_int_equal(r->calls, 1);
	free(r);
}

static void test_huge_field_bounded(void **state)
{
	size_t n = (size_t)3 << 20;
	char *data = malloc(n + 16);
	struct rows *r = rows_new();
	struct errinfo e;

	(void)state;
	assert_non_null(data);
	/* One unterminated quoted field of 3 MiB: refused long before the end. */
	data[0] = '"';
	memset(data + 1, 'x', n - 1);
	assert_int_equal(read_mem(data, n, 1000, r, &e), ERR_TOO_LARGE);
	assert_msg_has(&e, "row 1");
	assert_int_equal(r->calls, 0);
	free(data);
	free(r);
}

static void test_callback_error_stops(void **state)
{
	size_t cap = 200000 * 8, len = 0;
	char *data = malloc(cap);
	struct rows *r = rows_new();
	struct errinfo e;

	(void)state;
	assert_non_null(data);
	/* Far more rows than one read chunk holds. */
	for (int i = 0; i < 200000; i++)
		len += (size_t)snprintf(data + len, cap - len, "%d,v\n", i % 1000);
	r->fail_at = 3;
	assert_int_equal(read_mem(data, len, 100, r, &e), ERR_CONFLICT);
	assert_int_equal(e.code, ERR_CONFLICT);
	assert_string_equal(e.msg, "the callback refused row 3");
	assert_int_equal(r->calls, 3);
	/* On the last row too (the one completed at the end of input). */
	r->fail_at = 2;
	assert_int_equal(read_str("a\nb", r, &e), ERR_CONFLICT);
	assert_int_equal(r->calls, 2);
	free(data);
	free(r);
}

/* columns builds a row of n single-letter fields. */
static char *columns(int n)
{
	char *s = malloc((size_t)n * 2 + 2);
	size_t k = 0;

	assert_non_null(s);
	for (int i = 0; i < n; i++) {
		s[k++] = (char)('a' + i % 26);
		s[k++] = i + 1 < n ? ',' : '\n';
	}
	s[k] = '\0';
	return s;
}

static void test_column_limit_512(void **state)
{
	struct rows *r = rows_new();
	struct errinfo e;
	char *ok = columns(512), *over = columns(513);

	(void)state;
	assert_int_equal(read_str(ok, r, &e), 0);
	assert_int_equal(r->calls, 1);
	assert_int_equal(r->nfields[0], 512);
	assert_int_equal(read_str(over, r, &e), ERR_TOO_LARGE);
	assert_msg_has(&e, "in.csv");
	assert_msg_has(&e, "row 1");
	assert_msg_has(&e, "512 columns");
	assert_int_equal(r->calls, 0);
	free(ok);
	free(over);
	free(r);
}

static void test_csv_column_lookup(void **state)
{
	char *header[] = {"title", "source", "countries"};

	(void)state;
	assert_int_equal(csv_column(header, 3, "title"), 0);
	assert_int_equal(csv_column(header, 3, "countries"), 2);
	assert_int_equal(csv_column(header, 3, "Title"), -1);
	assert_int_equal(csv_column(header, 3, "summary"), -1);
	assert_int_equal(csv_column(header, 0, "title"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quoted_fields_rfc4180),
	    cmocka_unit_test(test_crlf_line_endings),
	    cmocka_unit_test(test_no_final_newline),
	    cmocka_unit_test(test_blank_lines_skipped),
	    cmocka_unit_test(test_empty_input_no_rows),
	    cmocka_unit_test(test_bom_left_for_caller),
	    cmocka_unit_test(test_unterminated_quote),
	    cmocka_unit_test(test_stray_quote_refused),
	    cmocka_unit_test(test_invalid_utf8_named),
	    cmocka_unit_test(test_nul_byte_refused),
	    cmocka_unit_test(test_field_too_large),
	    cmocka_unit_test(test_huge_field_bounded),
	    cmocka_unit_test(test_callback_error_stops),
	    cmocka_unit_test(test_column_limit_512),
	    cmocka_unit_test(test_csv_column_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
