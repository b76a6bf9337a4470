/*
 * test_chart_cairo.c - unit tests for src/report/chart_cairo.c: a scene with every shape
 * kind drawn to a PNG of the expected size, read back with the colours where the shapes
 * are (a path's hole stays empty), and scales that are refused.
 */
#include "testutil.h"

#include "report/chart_cairo.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const double tri[] = {10, 60, 50, 60, 30, 20};
/* a square with a square hole: two rings */
static const double holed[] = {100, 10, 180, 10, 180, 90, 100, 90,
			       120, 30, 160, 30, 160, 70, 120, 70};
static const uint32_t holed_rings[] = {0, 4};
static const uint32_t tri_ring[] = {0};

static void scene_fixture(struct scene *s, struct shape *v)
{
	memset(v, 0, 8 * sizeof *v);
	v[0] = (struct shape){.kind = SHAPE_RECT,
			      .x = 0,
			      .y = 100,
			      .w = 60,
			      .h = 40,
			      .fill = 0xff0000ffu,
			      .stroke = 0x000000ffu,
			      .stroke_width = 1};
	v[1] = (struct shape){.kind = SHAPE_LINE,
			      .x = 0,
			      .y = 150,
			      .w = 200,
			      .h = 0,
			      .stroke = 0x0000ffffu,
			      .stroke_width = 4};
	v[2] = (struct shape){.kind = SHAPE_POLYLINE,
			      .xy = tri,
			      .n_points = 3,
			      .stroke = 0x00ff00ffu,
			      .stroke_width = 2};
	v[3] = (struct shape){.kind = SHAPE_PATH,
			      .xy = holed,
			      .n_points = 8,
			      .ring_starts = holed_rings,
			      .n_rings = 2,
			      .fill = 0x00aa00ffu};
	v[4] = (struct shape){.kind = SHAPE_PATH,
			      .xy = tri,
			      .n_points = 3,
			      .ring_starts = tri_ring,
			      .n_rings = 1,
			      .fill = 0x00000000u,
			      .stroke = 0x999999ffu};
	v[5] = (struct shape){.kind = SHAPE_TEXT,
			      .x = 100,
			      .y = 130,
			      .text = "Кения — كينيا — 肯尼亚",
			      .font_size = 12,
			      .anchor = ANCHOR_MIDDLE};
	v[6] = (struct shape){.kind = SHAPE_TEXT,
			      .x = 190,
			      .y = 190,
			      .text = "Rotated",
			      .font_size = 9,
			      .anchor = ANCHOR_END,
			      .rotate = 90,
			      .bold = 1};
	*s = (struct scene){.width = 200, .height = 200, .title = "t", .v = v, .n = 7, .cap = 8};
}

static uint32_t pixel(cairo_surface_t *img, int x, int y)
{
	const unsigned char *d = cairo_image_surface_get_data(img);
	uint32_t p;

	memcpy(&p, d + y * cairo_image_surface_get_stride(img) + 4 * x, 4);
	return p & 0xffffffu; /* ARGB32, opaque here: RGB */
}

static void test_png(void **state)
{
	const char *path = tu_path("scene.png");
	struct shape v[8];
	struct scene s;
	struct errinfo e;
	cairo_surface_t *img;
	unsigned char head[24];
	FILE *f;

	(void)state;
	scene_fixture(&s, v);
	assert_int_equal(scene_png(&s, path, 2, &e), 0);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, sizeof head, f), sizeof head);
	fclose(f);
	assert_memory_equal(head, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(head + 12, "IHDR", 4);
	/* width and height, big-endian: 200 points at scale 2 */
	assert_int_equal((head[16] << 24) | (head[17] << 16) | (head[18] << 8) | head[19], 400);
	assert_int_equal((head[20] << 24) | (head[21] << 16) | (head[22] << 8) | head[23], 400);
	img = cairo_image_surface_create_from_png(path);
	assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
	cairo_surface_flush(img);
	assert_int_equal(pixel(img, 60, 240), 0xff0000u);  /* inside the rectangle */
	assert_int_equal(pixel(img, 220, 40), 0x00aa00u);  /* the path's outer ring */
	assert_int_equal(pixel(img, 280, 100), 0xffffffu); /* its hole: even-odd */
	assert_int_equal(pixel(img, 200, 300), 0x0000ffu); /* the line */
	assert_int_equal(pixel(img, 390, 5), 0xffffffu);   /* nothing drawn there */
	{
		/* the text left ink: some dark pixels around its anchor */
		int dark = 0;

		for (int y = 236; y < 264; y++)
			for (int x = 60; x < 340; x++)
				dark += pixel(img, x, y) < 0x404040u;
		assert_true(dark > 50);
	}
	cairo_surface_destroy(img);
}

static void test_png_refuses(void **state)
{
	const char *path = tu_path("bad.png");
	struct shape v[8];
	struct scene s;
	struct errinfo e;

	(void)state;
	scene_fixture(&s, v);
	assert_int_equal(scene_png(&s, path, 0, &e), ERR_INVALID);
	assert_int_equal(scene_png(&s, path, 1000, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "larger than"));
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(scene_png(&s, "/nonexistent/dir/x.png", 1, &e), ERR_IO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_png),
	    cmocka_unit_test(test_png_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
