/*
 * test_geo.c - unit tests for src/report/geo.h: TopoJSON decoding (quantised, delta-encoded
 * arcs, reversed arcs, polygons and multipolygons, numeric ids, and what is refused), the
 * Equal Earth projection against values worked out from the published formulas, and the
 * world map layout (a path per country, markers for the small ones, colours, links).
 */
#include "testutil.h"

#include "core/buf.h"
#include "report/geo.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/*
 * Two arcs with transform scale (0.5, 2), translate (10, 20): arc 0 runs (0,0) (2,0) (2,1)
 * in quantised units, that is (10,20) (11,20) (11,22); arc 1 runs back (11,22) (10,22)
 * (10,20).
 */
static const char topo[] =
    "{\"type\":\"Topology\",\"transform\":{\"scale\":[0.5,2],\"translate\":[10,20]},"
    "\"arcs\":[[[0,0],[2,0],[0,1]],[[2,1],[-2,0],[0,-1]]],"
    "\"objects\":{\"c\":{\"type\":\"GeometryCollection\",\"geometries\":["
    "{\"type\":\"Polygon\",\"arcs\":[[0,1]],\"id\":\"404\",\"properties\":{\"name\":\"K\"}},"
    "{\"type\":\"MultiPolygon\",\"arcs\":[[[0,1]],[[-2,-1]]],\"id\":4},"
    "{\"type\":null},{\"type\":\"Point\",\"coordinates\":[1,2]}]}}}";

static void expect_points(const struct geo_feature *f, size_t from, const double *want, size_t n)
{
	for (size_t i = 0; i < 2 * n; i++)
		if (fabs(f->xy[2 * from + i] - want[i]) > 1e-9)
			fail_msg("point %zu: %g, want %g", from + i / 2, f->xy[2 * from + i],
				 want[i]);
}

static void test_decode(void **state)
{
	static const double fwd[] = {10, 20, 11, 20, 11, 22, 10, 22, 10, 20};
	static const double back[] = {10, 20, 10, 22, 11, 22, 11, 20, 10, 20};
	struct geo_topology t;
	struct errinfo e;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(geo_topojson_decode(topo, strlen(topo), "c", &a, &t, &e), 0);
	assert_int_equal(t.n, 2); /* the null and Point geometries are skipped */
	assert_string_equal(t.v[0].id, "404");
	assert_string_equal(t.v[0].name, "K");
	assert_int_equal(t.v[0].n_rings, 1);
	assert_int_equal(t.v[0].n_points, 5); /* the shared end point is kept once */
	expect_points(&t.v[0], 0, fwd, 5);
	assert_string_equal(t.v[1].id, "004"); /* a numeric id, padded like ISO 3166 numeric */
	assert_string_equal(t.v[1].name, "");
	assert_int_equal(t.v[1].n_rings, 2);
	assert_int_equal(t.v[1].ring_starts[0], 0);
	assert_int_equal(t.v[1].ring_starts[1], 5);
	assert_int_equal(t.v[1].n_points, 10);
	expect_points(&t.v[1], 0, fwd, 5);
	expect_points(&t.v[1], 5, back, 5); /* ~1 then ~0: both arcs walked backwards */
	arena_cleanup(&a);
}

static void test_decode_unquantised(void **state)
{
	static const char s[] = "{\"type\":\"Topology\",\"arcs\":[[[1.5,2.5],[3,4],[1.5,2.5]]],"
				"\"objects\":{\"x\":{\"type\":\"Polygon\",\"arcs\":[[0]]}}}";
	static const double want[] = {1.5, 2.5, 3, 4, 1.5, 2.5};
	struct geo_topology t;
	struct errinfo e;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	/* a single geometry instead of a collection, and absolute coordinates */
	assert_int_equal(geo_topojson_decode(s, strlen(s), "x", &a, &t, &e), 0);
	assert_int_equal(t.n, 1);
	expect_points(&t.v[0], 0, want, 3);
	arena_cleanup(&a);
}

static void expect_refused(const char *s, size_t len, int code, const char *msg_part)
{
	struct geo_topology t = {(void *)1, 77};
	struct errinfo e;
	struct arena a;

	arena_init(&a, 0);
	errinfo_clear(&e);
	if (geo_topojson_decode(s, len, "c", &a, &t, &e) != code)
		fail_msg("%s: expected %d, got message \"%s\"", s, code, e.msg);
	if (!strstr(e.msg, msg_part))
		fail_msg("%s: message \"%s\" does not say \"%s\"", s, e.msg, msg_part);
	assert_int_equal(t.n, 77); /* not written */
	arena_cleanup(&a);
}

#define REFUSE(s, code, part) expect_refused(s, strlen(s), code, part)

static void test_decode_refuses(void **state)
{
	(void)state;
	REFUSE("not json", ERR_INVALID, "not JSON");
	REFUSE("{\"type\":\"FeatureCollection\"}", ERR_INVALID, "not a TopoJSON");
	REFUSE("{\"type\":\"Topology\",\"arcs\":[],\"objects\":{}}", ERR_INVALID,
	       "no object \"c\"");
	REFUSE("{\"type\":\"Topology\",\"objects\":{\"c\":{}}}", ERR_INVALID, "arcs");
	REFUSE("{\"type\":\"Topology\",\"arcs\":[[[0,0]]],\"objects\":{\"c\":"
	       "{\"type\":\"Polygon\",\"arcs\":[[1]]}}}",
	       ERR_INVALID, "arc index 1 is out of range");
	REFUSE("{\"type\":\"Topology\",\"arcs\":[[[0,0]]],\"objects\":{\"c\":"
	       "{\"type\":\"Polygon\",\"arcs\":[[-2]]}}}",
	       ERR_INVALID, "arc index -2 is out of range");
	REFUSE("{\"type\":\"Topology\",\"arcs\":[[[0,\"a\"]]],\"objects\":{\"c\":{}}}", ERR_INVALID,
	       "arc 0, position 0");
	REFUSE("{\"type\":\"Topology\",\"arcs\":[[]],\"objects\":{\"c\":{}}}", ERR_INVALID,
	       "arc 0");
	REFUSE("{\"type\":\"Topology\",\"transform\":{\"scale\":[1]},\"arcs\":[],\"objects\":"
	       "{\"c\":{}}}",
	       ERR_INVALID, "transform");
	REFUSE("{\"type\":\"Topology\",\"arcs\":[[[0,0]]],\"objects\":{\"c\":"
	       "{\"type\":\"MultiPolygon\",\"arcs\":[[[0.5]]]}}}",
	       ERR_INVALID, "not an integer");
	REFUSE("{\"type\":\"Topology\",\"transform\":{\"scale\":[1e308,1],\"translate\":[0,0]},"
	       "\"arcs\":[[[10,0]]],\"objects\":{\"c\":{}}}",
	       ERR_INVALID, "finite");
	expect_refused("{}", GEO_MAX_INPUT + 1u, ERR_TOO_LARGE, "larger than");
}

static void test_decode_amplification(void **state)
{
	/* one arc of 1,000 points named 5,000 times: 5 million points, over the limit */
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_puts(&b, "{\"type\":\"Topology\",\"arcs\":[[[0,0]");
	for (int i = 0; i < 999; i++)
		buf_puts(&b, ",[1,1]");
	buf_puts(&b, "]],\"objects\":{\"c\":{\"type\":\"Polygon\",\"arcs\":[[0");
	for (int i = 0; i < 4999; i++)
		buf_puts(&b, ",0");
	buf_puts(&b, "]]}}}");
	expect_refused(b.data, b.len, ERR_TOO_LARGE, "more than");
	buf_cleanup(&b);
}

static void expect_ee(double lon, double lat, double x, double y)
{
	double px, py;

	geo_equal_earth(lon, lat, &px, &py);
	if (fabs(px - x) > 1e-9 || fabs(py - y) > 1e-9)
		fail_msg("(%g, %g) -> (%.10f, %.10f), want (%.10f, %.10f)", lon, lat, px, py, x, y);
}

static void test_equal_earth(void **state)
{
	(void)state;
	/* worked out from Šavrič, Patterson and Jenny (2018), equations (1) to (3) */
	expect_ee(0, 0, 0, 0);
	expect_ee(180, 0, 2.7066299837, 0);
	expect_ee(0, 90, 0, 1.3173627592);
	expect_ee(-180, -90, -1.6035886483, -1.3173627592); /* the poles are lines */
	expect_ee(10, 50, 0.1240350278, 0.9415402347);
	expect_ee(-75, -33, -1.0398183449, -0.6487187861);
	expect_ee(139.7, 35.7, 1.9094661078, 0.6980347559);
	/* symmetric about both axes, and inside the bounds everywhere */
	for (double lon = -180; lon <= 180; lon += 7.5)
		for (double lat = -90; lat <= 90; lat += 7.5) {
			double x, y, mx, my;

			geo_equal_earth(lon, lat, &x, &y);
			geo_equal_earth(-lon, -lat, &mx, &my);
			assert_true(fabs(x + mx) < 1e-12 && fabs(y + my) < 1e-12);
			assert_true(fabs(x) <= 2.7066299838 && fabs(y) <= 1.3173627593);
		}
}

static size_t count_kind(const struct scene *s, enum shape_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += s->v[i].kind == k;
	return n;
}

static const struct shape *find_tip(const struct scene *s, enum shape_kind k, const char *tip)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].kind == k && s->v[i].tip && strcmp(s->v[i].tip, tip) == 0)
			return &s->v[i];
	return NULL;
}

static void test_map_layout(void **state)
{
	static const char *const codes[] = {"KE", "SG", "BR", "FR", "MV", "US"};
	static const char *const names[] = {"Kenya",  "Singapore", "Brazil",
					    "France", "Maldives",  "United States"};
	static const double values[] = {40, 3, 0, NAN, 12, 1};
	static const char *const links[] = {"/initiatives?country=KE",
					    "/initiatives?country=SG",
					    NULL,
					    NULL,
					    "/initiatives?country=MV",
					    NULL};
	const struct chart_series ser = {.label = "Initiatives", .values = values, .links = links};
	const struct chart c = {.kind = CHART_MAP,
				.title = "Initiatives by country",
				.desc = "A world map",
				.y_label = "Initiatives",
				.n_categories = 6,
				.categories = names,
				.category_codes = codes,
				.n_series = 1,
				.series = &ser,
				.no_data = "No data"};
	const struct shape *ke, *sg, *br, *fr;
	struct scene s;
	struct arena a;
	size_t n_features = 0;

	(void)state;
	arena_init(&a, 0);
	{
		/* every country of the map file but Antarctica becomes a path */
		struct geo_topology t;
		struct errinfo e;
		size_t len;
		char *text = tu_read_file("data/geo/countries-110m.json", &len);

		assert_int_equal(geo_topojson_decode(text, len, "countries", &a, &t, &e), 0);
		for (size_t i = 0; i < t.n; i++)
			n_features += strcmp(t.v[i].id, "010") != 0;
		free(text);
	}
	assert_int_equal(geo_map_layout(&c, &a, &s), 0);
	assert_int_equal(count_kind(&s, SHAPE_PATH), n_features);
	assert_true(n_features >= 170);
	assert_string_equal(s.title, "Initiatives by country");
	assert_true(s.width == 720 && s.height > 300 && s.height < 500);
	for (size_t i = 0; i < s.n; i++)
		for (size_t p = 0; p < s.v[i].n_points; p++)
			assert_true(s.v[i].xy[2 * p] >= 0 && s.v[i].xy[2 * p] <= s.width &&
				    s.v[i].xy[2 * p + 1] >= 0 && s.v[i].xy[2 * p + 1] <= s.height);
	/* rings that cross the 180th meridian (Russia, Fiji) are cut: no edge spans the world */
	for (size_t i = 0; i < s.n; i++)
		for (size_t r = 0; r < s.v[i].n_rings; r++) {
			size_t to =
			    r + 1 < s.v[i].n_rings ? s.v[i].ring_starts[r + 1] : s.v[i].n_points;

			for (size_t p = s.v[i].ring_starts[r] + 1; p < to; p++)
				if (fabs(s.v[i].xy[2 * p] - s.v[i].xy[2 * p - 2]) > s.width / 3)
					fail_msg("%s: an edge across the map", s.v[i].tip);
		}
	ke = find_tip(&s, SHAPE_PATH, "Kenya: 40");
	assert_non_null(ke);
	assert_string_equal(ke->link, "/initiatives?country=KE");
	assert_int_equal(ke->fill, 0x08519cffu); /* the maximum: the darkest class */
	br = find_tip(&s, SHAPE_PATH, "Brazil: 0");
	assert_non_null(br);
	assert_null(br->link);
	fr = find_tip(&s, SHAPE_PATH, "France"); /* NAN: no value, grey, no number */
	assert_non_null(fr);
	assert_true(fr->fill != br->fill && fr->fill != ke->fill);
	/* Singapore and the Maldives are too small for 1:110m: a marker carries the link */
	sg = find_tip(&s, SHAPE_RECT, "Singapore: 3");
	assert_non_null(sg);
	assert_string_equal(sg->link, "/initiatives?country=SG");
	assert_true(sg->w >= 6 && sg->h >= 6);
	assert_non_null(find_tip(&s, SHAPE_RECT, "Maldives: 12"));
	/* a country with no value in the chart is grey and keeps its own name */
	assert_non_null(find_tip(&s, SHAPE_PATH, "Canada"));
	/* the legend says what grey means */
	{
		int found = 0;

		for (size_t i = 0; i < s.n; i++)
			found |= s.v[i].kind == SHAPE_TEXT && strcmp(s.v[i].text, "No data") == 0;
		assert_true(found);
	}
	arena_cleanup(&a);
}

static double path_width(const struct scene *s, const char *tip)
{
	const struct shape *sh = find_tip(s, SHAPE_PATH, tip);
	double lo = 1e9, hi = -1e9;

	assert_non_null(sh);
	for (size_t p = 0; p < sh->n_points; p++)
		lo = fmin(lo, sh->xy[2 * p]), hi = fmax(hi, sh->xy[2 * p]);
	return hi - lo;
}

static void test_map_layout_zoom(void **state)
{
	/* countries of one region only: the map shows the region, not the world */
	static const char *const codes[] = {"KE", "NG", "ZA", "SC"};
	static const char *const names[] = {"Kenya", "Nigeria", "South Africa", "Seychelles"};
	static const double values[] = {64, 40, 15, 2};
	static const double world_values[] = {64, 40, 15, 2, 1};
	static const char *const world_codes[] = {"KE", "NG", "ZA", "SC", "CA"};
	static const char *const world_names[] = {"Kenya", "Nigeria", "South Africa", "Seychelles",
						  "Canada"};
	const struct chart_series ser = {.label = "Initiatives", .values = values};
	const struct chart_series wser = {.label = "Initiatives", .values = world_values};
	const struct chart region = {.kind = CHART_MAP,
				     .title = "Africa",
				     .n_categories = 4,
				     .categories = names,
				     .category_codes = codes,
				     .n_series = 1,
				     .series = &ser};
	const struct chart all = {.kind = CHART_MAP,
				  .title = "World",
				  .n_categories = 5,
				  .categories = world_names,
				  .category_codes = world_codes,
				  .n_series = 1,
				  .series = &wser};
	struct scene s, w;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(geo_map_layout(&region, &a, &s), 0);
	assert_int_equal(geo_map_layout(&all, &a, &w), 0);
	/* Kenya is drawn half as large again or more; Canada is not drawn at all */
	assert_true(path_width(&s, "Kenya: 64") > 1.5 * path_width(&w, "Kenya: 64"));
	assert_null(find_tip(&s, SHAPE_PATH, "Canada"));
	assert_non_null(find_tip(&w, SHAPE_PATH, "Canada: 1"));
	/* what is drawn is cut at the map: nothing outside the scene or over the title */
	for (size_t i = 0; i < s.n; i++)
		for (size_t p = 0; p < s.v[i].n_points; p++)
			assert_true(s.v[i].xy[2 * p] >= 0 && s.v[i].xy[2 * p] <= s.width &&
				    s.v[i].xy[2 * p + 1] >= 20 && s.v[i].xy[2 * p + 1] <= s.height);
	/* the Seychelles are still a marker inside the map */
	assert_non_null(find_tip(&s, SHAPE_RECT, "Seychelles: 2"));
	arena_cleanup(&a);
}

static void test_map_layout_refuses(void **state)
{
	const struct chart bar = {.kind = CHART_BAR};
	struct scene s = {0};
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(geo_map_layout(&bar, &a, &s), ERR_INVALID);
	arena_cleanup(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decode),          cmocka_unit_test(test_decode_unquantised),
	    cmocka_unit_test(test_decode_refuses),  cmocka_unit_test(test_decode_amplification),
	    cmocka_unit_test(test_equal_earth),     cmocka_unit_test(test_map_layout),
	    cmocka_unit_test(test_map_layout_zoom), cmocka_unit_test(test_map_layout_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
