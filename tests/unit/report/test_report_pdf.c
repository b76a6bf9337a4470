/*
 * test_report_pdf.c - unit tests for src/report/report_pdf.c, checked with poppler's tools:
 * pdfinfo (pages, title, creator), pdftotext (the region, the totals, the contents with
 * page numbers, a table's header row repeated on the pages it runs over, names in Arabic,
 * Chinese and Cyrillic), pdffonts (every font embedded); the empty report is one page that
 * says so; a path that cannot be written leaves nothing.
 */
#include "testutil.h"

#include "report_fixture.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* run returns the output of the shell command cmd (tests may run tools). */
static char *run(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	char *out = calloc(1, 1 << 20);
	size_t n;

	assert_non_null(f);
	n = fread(out, 1, (1 << 20) - 1, f);
	out[n] = '\0';
	assert_int_equal(pclose(f), 0);
	return out;
}

/* field returns the value of "Name:   value" in pdfinfo's output, up to the line's end. */
static const char *field(const char *info, const char *name)
{
	static char v[256];
	const char *p = strstr(info, name);
	size_t n;

	if (!p)
		fail_msg("pdfinfo says nothing of %s", name);
	p += strlen(name);
	while (*p == ':' || *p == ' ')
		p++;
	n = strcspn(p, "\n");
	snprintf(v, sizeof v, "%.*s", (int)n, p);
	return v;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_pdf(void **state)
{
	const char *path = tu_path("report.pdf");
	char cmd[1024], *info, *text, *fonts;
	struct report r;
	struct errinfo e;
	struct arena a;
	int pages = 0;

	(void)state;
	arena_init(&a, 0);
	report_fixture(&r, &a, 0);
	errinfo_clear(&e);
	if (report_pdf(&r, path, &e))
		fail_msg("report_pdf: %s", e.msg);
	assert_int_equal(access(tu_path("report.pdf.tmp"), F_OK), -1);

	snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
	info = run(cmd);
	assert_string_equal(field(info, "Title"), "Africa: WSIS stocktaking report");
	assert_string_equal(field(info, "Creator"), "stocktake " STOCKTAKE_VERSION);
	assert_string_equal(field(info, "Page size"), "595.276 x 841.89 pts (A4)");
	assert_non_null(strstr(field(info, "CreationDate"), "2025"));
	pages = atoi(field(info, "Pages"));
	assert_true(pages >= 5); /* title, contents, and a 70-row table over pages */

	snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' -", path);
	text = run(cmd);
	assert_non_null(strstr(text, "Africa: WSIS stocktaking report"));
	assert_non_null(strstr(text, "2004\u20132025, all stakeholders"));
	assert_non_null(strstr(text, "1,204"));
	assert_non_null(strstr(text, "Contents"));
	assert_non_null(strstr(text, "Сеть цифровых школ"));
	assert_non_null(strstr(text, "数字乡村医疗平台"));
	assert_non_null(strstr(text, "Safaricom"));
	/* every row of the long table is there, and its header is repeated on each page */
	assert_non_null(strstr(text, "Action Line row 70"));
	assert_non_null(strstr(text, "1069"));
	assert_true(count(text, "Action Line ") - count(text, "Action Line row") >= 2);
	{
		/* the contents give each section its page: the methodology is on the last page */
		char want[64];

		snprintf(want, sizeof want, "Page %d of %d", pages, pages);
		assert_non_null(strstr(text, want));
		snprintf(want, sizeof want, "%d", pages);
		assert_non_null(strstr(strstr(text, "Methodology and data sources"), want));
	}
	{
		/* the contents line of "Key figures" ends with page 3 (after title and contents) */
		const char *k = strstr(text, "Key figures");
		const char *nl = strchr(k, '\n');

		assert_true(nl - k > 3 && nl[-1] == '3' && nl[-2] == ' ');
	}

	snprintf(cmd, sizeof cmd, "pdffonts '%s'", path);
	fonts = run(cmd);
	assert_non_null(strstr(fonts, "NotoSans"));
	assert_non_null(strstr(fonts, "Arabic"));
	assert_non_null(strstr(fonts, "CJK"));
	{
		/* columns: name type encoding emb sub uni object ID; every "emb" is yes */
		char *line = strstr(strstr(fonts, "-----"), "\n");
		int n = 0;

		while (line && *++line) {
			char *end = strchr(line, '\n');

			if (end)
				*end = '\0';
			if (*line) {
				n++;
				if (!strstr(line, " yes yes "))
					fail_msg("a font not embedded: %s", line);
			}
			line = end;
		}
		assert_true(n >= 3);
	}
	free(info);
	free(text);
	free(fonts);
	arena_cleanup(&a);
}

static void test_pdf_empty(void **state)
{
	const char *path = tu_path("empty.pdf");
	char cmd[1024], *info, *text;
	struct report r;
	struct errinfo e;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	report_fixture(&r, &a, 1);
	assert_int_equal(report_pdf(&r, path, &e), 0);
	snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
	info = run(cmd);
	assert_string_equal(field(info, "Pages"), "1");
	snprintf(cmd, sizeof cmd, "pdftotext '%s' -", path);
	text = run(cmd);
	assert_non_null(strstr(text, "Africa: WSIS stocktaking report"));
	assert_non_null(strstr(text, "No initiative in Africa matches these filters."));
	assert_null(strstr(text, "Contents"));
	free(info);
	free(text);
	arena_cleanup(&a);
}

static void test_pdf_unwritable(void **state)
{
	struct report r;
	struct errinfo e;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	report_fixture(&r, &a, 1);
	errinfo_clear(&e);
	assert_int_equal(report_pdf(&r, "/nonexistent/dir/r.pdf", &e), ERR_IO);
	assert_non_null(strstr(e.msg, "/nonexistent/dir/r.pdf"));
	assert_int_equal(access("/nonexistent/dir/r.pdf.tmp", F_OK), -1);
	arena_cleanup(&a);
}

static void test_pdf_not_over_a_link(void **state)
{
	const char *link = tu_path("link.pdf");
	struct report r;
	struct errinfo e;
	struct arena a;
	struct stat st;

	(void)state;
	arena_init(&a, 0);
	report_fixture(&r, &a, 1);
	assert_int_equal(symlink("/dev/null", link), 0);
	errinfo_clear(&e);
	/* renaming the finished file to a link (or a device) would replace it: refused */
	assert_int_equal(report_pdf(&r, link, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "not a regular file"));
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(report_xlsx(&r, link, &e), ERR_INVALID);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	arena_cleanup(&a);
}

/* count_of counts the occurrences of needle in the n bytes at hay. */
static int count_of(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	int c = 0;

	for (const char *p = hay; p && (size_t)(p - hay) + k <= n;) {
		p = memmem(p, n - (size_t)(p - hay), needle, k);
		if (p) {
			c++;
			p += k;
		}
	}
	return c;
}

/*
 * The links of the page are links in the PDF (link annotations with /URI): the table's
 * cells, the map's countries and the report's own address, made whole with the site's
 * address; without one, the site-relative links are left out, never written relative.
 */
static void test_pdf_links(void **state)
{
	const char *path = tu_path("links.pdf");
	struct report r;
	struct errinfo e;
	struct arena a;
	size_t n;
	char *pdf;

	(void)state;
	arena_init(&a, 0);
	report_fixture(&r, &a, 0);
	errinfo_clear(&e);
	if (report_pdf(&r, path, &e))
		fail_msg("report_pdf: %s", e.msg);
	pdf = tu_read_file(path, &n);
	assert_true(count_of(pdf, n, "/Annots") > 0);
	assert_true(count_of(pdf, n, "/URI (https://example.org/initiatives?action_line=C1)") == 1);
	assert_int_equal(count_of(pdf, n, "/URI (/"), 0);
	assert_int_equal(count_of(pdf, n, "country=KE"), 0);
	free(pdf);

	r.base_url = "https://stocktake.example.org";
	if (report_pdf(&r, path, &e))
		fail_msg("report_pdf: %s", e.msg);
	pdf = tu_read_file(path, &n);
	assert_int_equal(
	    count_of(pdf, n, "/URI (https://stocktake.example.org/initiatives?country=KE)"), 1);
	assert_int_equal(
	    count_of(pdf, n,
		     "/URI (https://stocktake.example.org/reports/regional?from=2004&to=2025)"),
	    1);
	assert_true(count_of(pdf, n, "/URI (https://example.org/initiatives?action_line=C") >=
		    FIX_ROWS);
	assert_int_equal(count_of(pdf, n, "/URI (/"), 0);
	free(pdf);
	arena_cleanup(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pdf),
	    cmocka_unit_test(test_pdf_links),
	    cmocka_unit_test(test_pdf_empty),
	    cmocka_unit_test(test_pdf_unwritable),
	    cmocka_unit_test(test_pdf_not_over_a_link),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
