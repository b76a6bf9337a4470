/*
 * test_report_xlsx.c - unit tests for src/report/report_xlsx.c: the file opened as a zip
 * and its XML read by tests/tools/xlsx_dump.py: the Summary sheet (title, filters, key
 * figures as numbers, links to the sheets), one sheet per table named after its id, numbers
 * as numbers, shares as fractions, hyperlinks, the header frozen; sheet names made valid
 * and unique; the empty report; an unwritable path.
 */
#include "testutil.h"

#include "report_fixture.h"

#include <stdlib.h>
#include <unistd.h>

static char *run(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	char *out = calloc(1, 4 << 20);
	size_t n;

	assert_non_null(f);
	n = fread(out, 1, (4 << 20) - 1, f);
	out[n] = '\0';
	assert_int_equal(pclose(f), 0);
	return out;
}

static char *dump(const char *path)
{
	char cmd[1024];

	snprintf(cmd, sizeof cmd, "python3 tests/tools/xlsx_dump.py '%s'", path);
	return run(cmd);
}

#define HAS(out, line)                                                      \
	do {                                                                \
		if (!strstr(out, line "\n"))                                \
			fail_msg("no line \"%s\" in:\n%.2000s", line, out); \
	} while (0)

static void test_xlsx(void **state)
{
	const char *path = tu_path("report.xlsx");
	struct report r;
	struct errinfo e;
	struct arena a;
	char *out;

	(void)state;
	arena_init(&a, 0);
	report_fixture(&r, &a, 0);
	r.base_url = "https://stocktake.example.org";
	errinfo_clear(&e);
	if (report_xlsx(&r, path, &e))
		fail_msg("report_xlsx: %s", e.msg);
	assert_int_equal(access(tu_path("report.xlsx.tmp"), F_OK), -1);
	out = dump(path);
	/* the sheets, in order: the summary, then one per table */
	assert_non_null(strstr(out, "sheet\tSummary\nsheet\tby-country\nsheet\tby-action-line\n"
				    "sheet\tmost-cited\n"));
	HAS(out, "Summary!A1\ts\tAfrica: WSIS stocktaking report");
	HAS(out, "Summary!B4\ts\t2004\u20132025, all stakeholders");
	HAS(out, "Summary!B5\ts\t2025-06-01T12:00:00Z");
	HAS(out, "Summary!A8\ts\tInitiatives");
	HAS(out, "Summary!B8\tn\t1204");
	HAS(out, "Summary!A10\ts\tCountries with none");
	HAS(out, "Summary!B10\tn\t3");
	HAS(out, "Summary!A14\tlink\t'by-country'!A1");
	/* a table: header bold and frozen, labels as text, numbers as numbers */
	HAS(out, "by-country\tfrozen\t1");
	HAS(out, "by-country\trows\t5");
	HAS(out, "by-country!A1\ts\tCountry");
	HAS(out, "by-country!A2\ts\tKenya");
	HAS(out, "by-country!B2\ts\tKE");
	HAS(out, "by-country!C2\tn\t640");
	HAS(out, "by-country!C5\tn\t12");
	HAS(out, "by-action-line\trows\t71");
	HAS(out, "by-action-line!C71\tn\t1069");
	HAS(out, "by-action-line!D3\tn\t0.005"); /* "0.5%" as the fraction */
	HAS(out, "by-action-line!A2\ts\tAction Line row 1");
	HAS(out, "by-action-line!A2\tlink\thttps://example.org/initiatives?action_line=C1");
	HAS(out, "most-cited!A4\ts\t数字乡村医疗平台");
	HAS(out, "most-cited!A3\ts\tالحكومة الإلكترونية للجميع");
	free(out);
	arena_cleanup(&a);
}

static void test_xlsx_sheet_names(void **state)
{
	static const char *const h[] = {"x"};
	static const char *const c[] = {"1"};
	static const char *const ids[] = {
	    "by-sdg", "BY-SDG",  "a[b]:c*d?e/f\\g", "a-very-long-table-id-that-goes-on-and-on",
	    "",       "'quoted'"};
	struct report_table t[6];
	struct report r;
	struct errinfo e;
	struct arena a;
	char *out;

	(void)state;
	arena_init(&a, 0);
	report_fixture(&r, &a, 0);
	r.n_blocks = 0;
	for (size_t i = 0; i < 6; i++) {
		struct report_block *b = report_add(&r, &a, BLOCK_TABLE);

		t[i] = (struct report_table){ids[i], "T", 1, 1, h, c, NULL, NULL};
		b->table = &t[i];
	}
	assert_int_equal(report_xlsx(&r, tu_path("names.xlsx"), &e), 0);
	out = dump(tu_path("names.xlsx"));
	assert_non_null(strstr(out, "sheet\tSummary\nsheet\tby-sdg\nsheet\tBY-SDG-2\n"
				    "sheet\ta-b--c-d-e-f-g\n"
				    "sheet\ta-very-long-table-id-that-goes-\nsheet\tTable 5\n"
				    "sheet\tquoted\n"));
	free(out);
	arena_cleanup(&a);
}

static void test_xlsx_empty(void **state)
{
	struct report r;
	struct errinfo e;
	struct arena a;
	char *out;

	(void)state;
	arena_init(&a, 0);
	report_fixture(&r, &a, 1);
	assert_int_equal(report_xlsx(&r, tu_path("empty.xlsx"), &e), 0);
	out = dump(tu_path("empty.xlsx"));
	assert_non_null(strstr(out, "sheet\tSummary\nSummary"));
	assert_null(strstr(out, "sheet\tby-"));
	HAS(out, "Summary!A7\ts\tNo initiative in Africa matches these filters.");
	free(out);
	arena_cleanup(&a);
}

static void test_xlsx_unwritable(void **state)
{
	struct report r;
	struct errinfo e;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	report_fixture(&r, &a, 1);
	errinfo_clear(&e);
	assert_int_equal(report_xlsx(&r, "/nonexistent/dir/r.xlsx", &e), ERR_IO);
	assert_non_null(strstr(e.msg, "/nonexistent/dir/r.xlsx"));
	arena_cleanup(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_xlsx),
	    cmocka_unit_test(test_xlsx_sheet_names),
	    cmocka_unit_test(test_xlsx_empty),
	    cmocka_unit_test(test_xlsx_unwritable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
