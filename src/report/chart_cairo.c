/*
 * chart_cairo.c - the cairo renderer of scenes (see chart_cairo.h).
 *
 * It only draws: every position, colour and text was chosen by the layout. Paths are
 * filled with the even-odd rule, so a country's holes (lakes, enclaves) stay holes. Text is
 * one pango layout per shape, placed so that (x, y) is the anchor on the first line's
 * baseline, as in SVG.
 */
#include "report/chart_cairo.h"

#include "report/report_render.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <unistd.h>

static void set_colour(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgba(cr, ((c >> 24) & 0xff) / 255.0, ((c >> 16) & 0xff) / 255.0,
			      ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

/* paint fills and strokes the current path as the shape says. */
static void paint(cairo_t *cr, const struct shape *sh)
{
	if (sh->fill & 0xff) {
		set_colour(cr, sh->fill);
		if (sh->stroke & 0xff)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
	}
	if (sh->stroke & 0xff) {
		set_colour(cr, sh->stroke);
		cairo_set_line_width(cr, sh->stroke_width > 0 ? sh->stroke_width : 1);
		cairo_stroke(cr);
	}
	cairo_new_path(cr);
}

static void draw_text(cairo_t *cr, const struct shape *sh)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_new();
	int w, h;
	double dx;

	pango_font_description_set_family(fd, REPORT_FONT);
	pango_font_description_set_weight(fd, sh->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(fd, (sh->font_size > 0 ? sh->font_size : 10) *
							 PANGO_SCALE);
	pango_layout_set_font_description(layout, fd);
	pango_layout_set_text(layout, sh->text ? sh->text : "", -1);
	pango_layout_get_size(layout, &w, &h);
	dx = sh->anchor == ANCHOR_MIDDLE ? -w / 2.0 : sh->anchor == ANCHOR_END ? -(double)w : 0;
	cairo_save(cr);
	cairo_translate(cr, sh->x, sh->y);
	if (sh->rotate != 0)
		cairo_rotate(cr, -sh->rotate * M_PI / 180.0);
	cairo_move_to(cr, dx / PANGO_SCALE,
		      -(double)pango_layout_get_baseline(layout) / PANGO_SCALE);
	set_colour(cr, sh->fill & 0xff ? sh->fill : 0x000000ffu);
	pango_cairo_show_layout(cr, layout);
	cairo_restore(cr);
	pango_font_description_free(fd);
	g_object_unref(layout);
}

int scene_link_begin(cairo_t *cr, const char *base_url, const char *link)
{
	char url[4096], attr[8300];
	const char *u = report_whole_url(base_url, link, url, sizeof url);
	size_t n = 0;

	if (!u)
		return 0;
	/* cairo's attribute syntax: a string in single quotes, \\ and \' escaped */
	n = (size_t)snprintf(attr, sizeof attr, "uri='");
	for (const char *c = u; *c; c++) {
		if (*c == '\'' || *c == '\\')
			attr[n++] = '\\';
		attr[n++] = *c;
	}
	attr[n++] = '\'';
	attr[n] = '\0';
	cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
	return 1;
}

void scene_link_end(cairo_t *cr)
{
	cairo_tag_end(cr, CAIRO_TAG_LINK);
}

int scene_cairo(const struct scene *s, cairo_t *cr)
{
	return scene_cairo_linked(s, cr, NULL);
}

int scene_cairo_linked(const struct scene *s, cairo_t *cr, const char *base_url)
{
	cairo_save(cr);
	/* nothing outside the scene's box, as an SVG viewport would show it */
	cairo_rectangle(cr, 0, 0, s->width, s->height);
	cairo_clip(cr);
	cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	for (size_t i = 0; i < s->n; i++) {
		const struct shape *sh = &s->v[i];
		int linked = scene_link_begin(cr, base_url, sh->link);

		switch (sh->kind) {
		case SHAPE_RECT:
			cairo_rectangle(cr, sh->x, sh->y, sh->w, sh->h);
			paint(cr, sh);
			break;
		case SHAPE_LINE:
			cairo_move_to(cr, sh->x, sh->y);
			cairo_line_to(cr, sh->x + sh->w, sh->y + sh->h);
			paint(cr, &(struct shape){.stroke = sh->stroke,
						  .stroke_width = sh->stroke_width});
			break;
		case SHAPE_POLYLINE:
			for (size_t p = 0; p < sh->n_points; p++)
				(p ? cairo_line_to : cairo_move_to)(cr, sh->xy[2 * p],
								    sh->xy[2 * p + 1]);
			paint(cr, &(struct shape){.stroke = sh->stroke,
						  .stroke_width = sh->stroke_width});
			break;
		case SHAPE_PATH:
			for (size_t r = 0; r < sh->n_rings; r++) {
				size_t from = sh->ring_starts[r];
				size_t to =
				    r + 1 < sh->n_rings ? sh->ring_starts[r + 1] : sh->n_points;

				for (size_t p = from; p < to && p < sh->n_points; p++)
					(p == from ? cairo_move_to : cairo_line_to)(
					    cr, sh->xy[2 * p], sh->xy[2 * p + 1]);
				cairo_close_path(cr);
			}
			paint(cr, sh);
			break;
		case SHAPE_TEXT:
			draw_text(cr, sh);
			break;
		}
		if (linked)
			scene_link_end(cr);
	}
	cairo_restore(cr);
	return cairo_status(cr) == CAIRO_STATUS_SUCCESS ? 0 : ERR_IO;
}

int scene_png(const struct scene *s, const char *path, double scale, struct errinfo *e)
{
	double pw = ceil(s->width * scale), ph = ceil(s->height * scale);
	cairo_surface_t *surf;
	char tmp[4096];
	cairo_t *cr;
	int rc = 0;

	if (!(scale > 0) || !(pw >= 1) || !(ph >= 1) || pw > SCENE_PNG_MAX || ph > SCENE_PNG_MAX)
		return errinfo_set(
		    e, ERR_INVALID, "scale",
		    "a %g x %g picture at scale %g is empty or larger than %d pixels", s->width,
		    s->height, scale, SCENE_PNG_MAX);
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
		return errinfo_set(e, ERR_INVALID, NULL, "%s: path too long", path);
	surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)pw, (int)ph);
	cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	if (scene_cairo(s, cr) || cairo_surface_write_to_png(surf, tmp) != CAIRO_STATUS_SUCCESS ||
	    rename(tmp, path) != 0) {
		unlink(tmp);
		rc = errinfo_set(e, ERR_IO, NULL, "%s: cannot write the PNG", path);
	}
	cairo_destroy(cr);
	cairo_surface_destroy(surf);
	return rc;
}
