/*
 * test_chart.c - unit tests for chart_layout and scene_svg (src/report/chart*.c): every
 * kind lays out with a shape per value, links and tips where values are non-zero, the
 * SVG is one element with role="img" (role="group" around links), <title> and <desc>
 * named by aria-labelledby, links as
 * <a>, hostile text escaped; the map kind is refused here (geo.c lays it out); and
 * report_csv_buf / report_filter_param (src/report/report_*.c).
 */
#include "testutil.h"

#include "report/report.h"

#include <math.h>
#include <string.h>

static const char *cats[] = {"C1 <b>", "C2 & \"more\"", "C3"};
static const char *codes[] = {"C1", "C2", "C3"};
static const double v1[] = {3, 0, 12};
static const double v2[] = {1, 5, 2};
static const char *links1[] = {"/initiatives?action_line=C1&x=<y>", "/initiatives?a=2",
			       "/initiatives?action_line=C3"};

static struct chart make(enum chart_kind k, struct chart_series *s, size_t ns)
{
	struct chart c;

	memset(&c, 0, sizeof c);
	memset(s, 0, ns * sizeof *s);
	s[0].label = "Series <one>";
	s[0].values = v1;
	s[0].links = links1;
	if (ns > 1) {
		s[1].label = "Two";
		s[1].values = v2;
	}
	c.kind = k;
	c.title = "Title <script>alert(1)</script>";
	c.desc = "Desc & \"quoted\"";
	c.n_categories = 3;
	c.categories = cats;
	c.category_codes = codes;
	c.n_series = ns;
	c.series = s;
	return c;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_kinds(void **state)
{
	static const enum chart_kind kinds[] = {CHART_BAR, CHART_STACKED_BAR, CHART_LINE,
						CHART_HEATMAP};
	struct chart_series s[2];
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		struct chart c = make(kinds[k], s, kinds[k] == CHART_BAR ? 1 : 2);
		struct scene sc;
		struct buf b;
		size_t linked = 0;

		assert_int_equal(chart_layout(&c, &a, &sc), 0);
		assert_true(sc.width > 0 && sc.height > 0);
		for (size_t i = 0; i < sc.n; i++)
			if (sc.v[i].link) {
				linked++;
				assert_non_null(sc.v[i].tip);
			}
		/* series one links its non-zero values (2 of 3); the zero has no link */
		if (linked != 2)
			fail_msg("kind %d: %zu links", (int)kinds[k], linked);
		buf_init(&b, 0);
		assert_int_equal(scene_svg(&sc, "ch-1", &b), 0);
		/* links inside: a group, so assistive technologies reach them */
		assert_non_null(strstr(b.data, "role=\"group\""));
		assert_non_null(strstr(b.data, "aria-labelledby=\"ch-1-title ch-1-desc\""));
		assert_non_null(strstr(b.data, "<title id=\"ch-1-title\">Title &lt;script&gt;"));
		assert_non_null(strstr(b.data, "<desc id=\"ch-1-desc\">Desc &amp; &quot;quoted"));
		assert_null(strstr(b.data, "<script"));
		assert_null(strstr(b.data, "style="));
		assert_int_equal(count(b.data, "<a href="), 2);
		assert_non_null(strstr(b.data, "action_line=C1&amp;x=&lt;y&gt;"));
		assert_int_equal(count(b.data, "<svg"), 1);
		assert_int_equal(count(b.data, "</svg>"), 1);
		buf_cleanup(&b);
	}
	arena_cleanup(&a);
}

static void test_text_and_colours(void **state)
{
	struct chart_series s[1];
	struct chart c = make(CHART_BAR, s, 1);
	const uint32_t colours[] = {chart_sdg_colour(3), chart_sdg_colour(17), 0x112233ffu};
	struct scene sc;
	struct arena a;
	struct buf b;

	(void)state;
	arena_init(&a, 0);
	c.colours = colours;
	assert_int_equal(chart_layout(&c, &a, &sc), 0);
	buf_init(&b, 0);
	assert_int_equal(scene_svg(&sc, "x\"><script>", &b), 0);
	/* labels are text, escaped; ids keep only safe characters */
	assert_non_null(strstr(b.data, ">C1 &lt;b&gt;</text>"));
	assert_non_null(strstr(b.data, "id=\"xscript-title\""));
	assert_non_null(strstr(b.data, "fill=\"#4c9f38\""));
	assert_non_null(strstr(b.data, "fill=\"#112233\""));
	assert_int_equal(chart_sdg_colour(1), 0xe5243bffu);
	/* without links, an image */
	for (size_t i = 0; i < sc.n; i++)
		sc.v[i].link = NULL;
	buf_reset(&b);
	assert_int_equal(scene_svg(&sc, "plain", &b), 0);
	assert_non_null(strstr(b.data, "role=\"img\""));
	buf_cleanup(&b);
	arena_cleanup(&a);
}

static void test_refused(void **state)
{
	struct chart_series s[1];
	struct chart c = make(CHART_MAP, s, 1);
	struct scene sc;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	c.category_codes = NULL; /* a map needs the countries' ISO codes */
	assert_int_equal(chart_layout(&c, &a, &sc), ERR_INVALID);
	c = make(CHART_BAR, s, 1);
	c.n_series = 0;
	assert_int_equal(chart_layout(&c, &a, &sc), ERR_INVALID);
	arena_cleanup(&a);
}

static void test_csv(void **state)
{
	static const char *headers[] = {"Code", "Name", "Initiatives"};
	static const char *cells[] = {"C1", "Gov, \"quoted\"", "1,204", "C2", "=cmd()", "7"};
	static const double numbers[] = {NAN, NAN, 1204, NAN, NAN, 7};
	struct report_table t = {"t1", "A table", 3, 2, headers, cells, numbers, NULL};
	struct report_figure fig = {"Initiatives", 1204, "1,204"};
	struct report r;
	struct arena a;
	struct buf b;
	struct report_block *bl;

	(void)state;
	arena_init(&a, 0);
	memset(&r, 0, sizeof r);
	r.title = "Report";
	r.filters = "All years";
	r.made_at = "2025-01-01T00:00:00Z";
	bl = report_add(&r, &a, BLOCK_FIGURES);
	bl->figures = &fig;
	bl->n_figures = 1;
	bl = report_add(&r, &a, BLOCK_TABLE);
	bl->table = &t;
	buf_init(&b, 0);
	assert_int_equal(report_csv_buf(&r, &b), 0);
	assert_string_equal(b.data, "Report\r\nAll years\r\n2025-01-01T00:00:00Z\r\n\r\n"
				    "Initiatives,1204\r\n\r\n"
				    "A table\r\nCode,Name,Initiatives\r\n"
				    "C1,\"Gov, \"\"quoted\"\"\",1204\r\n"
				    "C2,\"'=cmd()\",7\r\n\r\n");
	buf_cleanup(&b);
	arena_cleanup(&a);
}

static void test_filter_param(void **state)
{
	struct fig_filter f;
	struct errinfo e;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	memset(&f, 0, sizeof f);
	assert_int_equal(report_filter_param(&f, &a, "from", "2004", &e), 0);
	assert_int_equal(report_filter_param(&f, &a, "to", "2020", &e), 0);
	assert_int_equal(report_filter_param(&f, &a, "stakeholder_type", "academia", &e), 0);
	assert_int_equal(report_filter_param(&f, &a, "stakeholder_type", "academia", &e), 0);
	assert_int_equal(report_filter_param(&f, &a, "origin", "model", &e), 0);
	assert_int_equal(report_filter_param(&f, &a, "state", "submitted", &e), 0);
	assert_int_equal(report_filter_param(&f, &a, "colour", "red", &e), 0);
	assert_int_equal(report_filter_param(&f, &a, "from", "", &e), 0);
	assert_int_equal(f.from_year, 2004);
	assert_int_equal(f.n_stakeholder_types, 1);
	assert_string_equal(report_filter_query(&f, &a),
			    "from=2004&to=2020&stakeholder_type=academia&origin=model&"
			    "state=submitted");
	assert_int_equal(report_filter_param(&f, &a, "from", "04", &e), ERR_INVALID);
	assert_string_equal(e.field, "from");
	assert_int_equal(report_filter_param(&f, &a, "to", "1899", &e), ERR_INVALID);
	assert_int_equal(report_filter_param(&f, &a, "origin", "oracle", &e), ERR_INVALID);
	assert_int_equal(report_filter_param(&f, &a, "state", "gone", &e), ERR_INVALID);
	assert_int_equal(report_filter_param(&f, &a, "stakeholder_type", "x", &e), ERR_INVALID);
	{
		char big[200];

		memset(big, 'a', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		assert_int_equal(report_filter_param(&f, &a, "origin", big, &e), ERR_TOO_LARGE);
	}
	arena_cleanup(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kinds),        cmocka_unit_test(test_text_and_colours),
	    cmocka_unit_test(test_refused),      cmocka_unit_test(test_csv),
	    cmocka_unit_test(test_filter_param),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
