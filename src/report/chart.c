/*
 * chart.c - chart_layout: a chart's data turned into a scene of shapes at absolute
 * positions, the same for every renderer (scene_svg for the web, scene_cairo for PDF and
 * PNG).
 *
 *   CHART_BAR          horizontal bars, one per category, the label on the left and the
 *                      value at the bar's end (long labels and many categories stay legible)
 *   CHART_STACKED_BAR  vertical columns of stacked series, a legend below
 *   CHART_LINE         one polyline per series over the categories (years), a point per
 *                      value that links to its initiatives
 *   CHART_HEATMAP      a grid of cells shaded by value, each with its number; rows are
 *                      series, columns categories; marked cells outlined, with a star
 *   CHART_MAP          the world choropleth: laid out by the geometry module (src/report/
 *                      geo.c), not here
 *
 * Text width is estimated (0.55 em per character): renderers draw text as text, so a label
 * that runs a little long still reads; labels are cut with an ellipsis past their room.
 */
#include "report/chart.h"
#include "report/geo.h"

#include "core/err.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define FONT 9.0
#define TITLE_FONT 11.0
#define INK 0x1f2933ffu
#define GRID 0xd9dee3ffu
#define BAR 0x1f6f8bffu

static const uint32_t sdg_colours[17] = {
    0xe5243bffu, 0xdda63affu, 0x4c9f38ffu, 0xc5192dffu, 0xff3a21ffu, 0x26bde2ffu,
    0xfcc30bffu, 0xa21942ffu, 0xfd6925ffu, 0xdd1367ffu, 0xfd9d24ffu, 0xbf8b2effu,
    0x3f7e44ffu, 0x0a97d9ffu, 0x56c02bffu, 0x00689dffu, 0x19486affu};

/* A palette for series, told apart by people with the common colour-vision deficiencies. */
static const uint32_t palette[8] = {0x0072b2ffu, 0xe69f00ffu, 0x009e73ffu, 0xcc79a7ffu,
				    0x56b4e9ffu, 0xd55e00ffu, 0xf0e442ffu, 0x000000ffu};

uint32_t chart_sdg_colour(int goal)
{
	return goal >= 1 && goal <= 17 ? sdg_colours[goal - 1] : 0x888888ffu;
}

struct shape *scene_add(struct scene *s, struct arena *a, enum shape_kind k)
{
	struct shape *sh;

	if (arena_grow(a, (void **)&s->v, s->n, &s->cap, sizeof *s->v, 64, 1u << 20))
		return NULL;
	sh = &s->v[s->n++];
	memset(sh, 0, sizeof *sh);
	sh->kind = k;
	return sh;
}

/* utf8_len counts code points. */
static size_t utf8_len(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static double text_width(const char *s, double size)
{
	return (double)utf8_len(s) * size * 0.55;
}

/* fit cuts s to at most width points, ending with an ellipsis; s itself when it fits. */
static const char *fit(struct arena *a, const char *s, double width, double size)
{
	size_t max = (size_t)(width / (size * 0.55)), n = 0;
	const char *p;

	if (!s || utf8_len(s) <= max || max < 2)
		return s;
	for (p = s; *p; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80 && n++ == max - 1)
			break;
	}
	return arena_sprintf(a, "%.*s\xe2\x80\xa6", (int)(p - s), s);
}

struct lay {
	struct arena *a;
	struct scene *s;
	int err;
};

static struct shape *add(struct lay *l, enum shape_kind k)
{
	struct shape *sh = scene_add(l->s, l->a, k);

	if (!sh)
		l->err = ERR_NOMEM;
	return sh;
}

static struct shape *text(struct lay *l, double x, double y, const char *t, double size,
			  enum text_anchor anchor)
{
	struct shape *sh = add(l, SHAPE_TEXT);

	if (sh) {
		sh->x = x;
		sh->y = y;
		sh->text = t ? t : "";
		sh->font_size = size;
		sh->anchor = anchor;
		sh->fill = INK;
	}
	return sh;
}

static struct shape *rect(struct lay *l, double x, double y, double w, double h, uint32_t fill)
{
	struct shape *sh = add(l, SHAPE_RECT);

	if (sh) {
		sh->x = x;
		sh->y = y;
		sh->w = w;
		sh->h = h;
		sh->fill = fill;
	}
	return sh;
}

static struct shape *line(struct lay *l, double x1, double y1, double x2, double y2,
			  uint32_t stroke)
{
	struct shape *sh = add(l, SHAPE_LINE);

	if (sh) {
		sh->x = x1;
		sh->y = y1;
		sh->w = x2 - x1;
		sh->h = y2 - y1;
		sh->stroke = stroke;
		sh->stroke_width = 0.75;
	}
	return sh;
}

/* nice_max rounds v up to a whole number of ticks, about five, of 1, 2, 2.5 or 5 x 10^k. */
static double nice_max(double v, double *step)
{
	double raw, p, m;

	if (v <= 0)
		v = 1;
	raw = v / 5;
	p = pow(10, floor(log10(raw > 0 ? raw : 1)));
	m = raw / p;
	m = m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10;
	*step = m * p;
	if (*step < 1)
		*step = 1;
	return ceil(v / *step) * *step;
}

static const char *fmt_num(struct lay *l, double v)
{
	const char *s = arena_sprintf(l->a, "%.0f", v);

	if (!s)
		l->err = ERR_NOMEM;
	return s ? s : "";
}

static const char *tip(struct lay *l, const char *what, const char *series, double v)
{
	const char *s = series ? arena_sprintf(l->a, "%s, %s: %.0f", what, series, v)
			       : arena_sprintf(l->a, "%s: %.0f", what, v);

	if (!s)
		l->err = ERR_NOMEM;
	return s;
}

static double title(struct lay *l, const struct chart *c)
{
	struct shape *t = text(l, 0, TITLE_FONT + 2, c->title, TITLE_FONT, ANCHOR_START);

	if (t)
		t->bold = 1;
	return TITLE_FONT + 12;
}

static const char *link_of(const struct chart_series *s, size_t i)
{
	return s->links ? s->links[i] : NULL;
}

static void bar(struct lay *l, const struct chart *c)
{
	const struct chart_series *s = &c->series[0];
	double label_w = 0, max = 0, step, top, row = FONT * 2, width = l->s->width, plot_w;

	for (size_t i = 0; i < c->n_categories; i++) {
		double w = text_width(c->categories[i], FONT);

		label_w = w > label_w ? w : label_w;
		max = s->values[i] > max ? s->values[i] : max;
	}
	label_w = label_w > width * 0.4 ? width * 0.4 : label_w;
	top = title(l, c);
	max = nice_max(max, &step);
	plot_w = width - label_w - 12 - 40;
	l->s->height = top + row * (double)c->n_categories + 24;
	for (double t = 0; t <= max + 1e-9; t += step) {
		double x = label_w + 8 + plot_w * t / max;

		line(l, x, top, x, top + row * (double)c->n_categories, GRID);
		text(l, x, top + row * (double)c->n_categories + FONT + 4, fmt_num(l, t), FONT - 1,
		     ANCHOR_MIDDLE);
	}
	for (size_t i = 0; i < c->n_categories; i++) {
		double y = top + row * (double)i, w = plot_w * s->values[i] / max;
		uint32_t colour = c->colours ? c->colours[i] : BAR;
		struct shape *r;

		text(l, label_w + 2, y + row * 0.68, fit(l->a, c->categories[i], label_w, FONT),
		     FONT, ANCHOR_END);
		/* a zero still gets a sliver, so its link can be seen and clicked */
		if ((r = rect(l, label_w + 8, y + row * 0.15, w > 1 ? w : 1, row * 0.7, colour))) {
			r->link = s->values[i] > 0 ? link_of(s, i) : NULL;
			r->tip = tip(l, c->categories[i], NULL, s->values[i]);
		}
		text(l, label_w + 8 + (w > 1 ? w : 1) + 3, y + row * 0.68, fmt_num(l, s->values[i]),
		     FONT, ANCHOR_START);
	}
}

static void legend(struct lay *l, const struct chart *c, double y)
{
	double x = 0;

	for (size_t k = 0; k < c->n_series; k++) {
		double w = text_width(c->series[k].label, FONT) + 22;

		if (x + w > l->s->width) {
			x = 0;
			y += FONT * 1.8;
		}
		rect(l, x, y - FONT + 1, FONT, FONT, palette[k % 8]);
		text(l, x + FONT + 4, y, c->series[k].label, FONT, ANCHOR_START);
		x += w;
	}
	l->s->height = y + FONT;
}

static void stacked(struct lay *l, const struct chart *c)
{
	double top = title(l, c), max = 0, step, left = 36, plot_h = 200, col, bottom;
	double width = l->s->width;

	for (size_t i = 0; i < c->n_categories; i++) {
		double sum = 0;

		for (size_t k = 0; k < c->n_series; k++)
			sum += c->series[k].values[i];
		max = sum > max ? sum : max;
	}
	max = nice_max(max, &step);
	col = (width - left) / (double)(c->n_categories ? c->n_categories : 1);
	bottom = top + plot_h;
	for (double t = 0; t <= max + 1e-9; t += step) {
		double y = bottom - plot_h * t / max;

		line(l, left, y, width, y, GRID);
		text(l, left - 4, y + 3, fmt_num(l, t), FONT - 1, ANCHOR_END);
	}
	for (size_t i = 0; i < c->n_categories; i++) {
		double x = left + col * (double)i + col * 0.15, y = bottom;

		for (size_t k = 0; k < c->n_series; k++) {
			double v = c->series[k].values[i], h = plot_h * v / max;
			struct shape *r;

			if (v <= 0)
				continue;
			y -= h;
			if ((r = rect(l, x, y, col * 0.7, h, palette[k % 8]))) {
				r->link = link_of(&c->series[k], i);
				r->tip = tip(l, c->categories[i], c->series[k].label, v);
				r->stroke = 0xffffffffu;
				r->stroke_width = 0.5;
			}
		}
		text(l, x + col * 0.35, bottom + FONT + 4, fit(l->a, c->categories[i], col, FONT),
		     FONT, ANCHOR_MIDDLE);
	}
	legend(l, c, bottom + FONT * 3.5);
}

static void line_chart(struct lay *l, const struct chart *c)
{
	double top = title(l, c), max = 0, step, left = 36, plot_h = 180, width = l->s->width;
	double bottom = top + plot_h, dx;
	size_t n = c->n_categories, every;

	for (size_t k = 0; k < c->n_series; k++)
		for (size_t i = 0; i < n; i++)
			max = c->series[k].values[i] > max ? c->series[k].values[i] : max;
	max = nice_max(max, &step);
	dx = n > 1 ? (width - left - 12) / (double)(n - 1) : 0;
	every = (size_t)ceil(30.0 / (dx > 0 ? dx : 30));
	for (double t = 0; t <= max + 1e-9; t += step) {
		double y = bottom - plot_h * t / max;

		line(l, left, y, width, y, GRID);
		text(l, left - 4, y + 3, fmt_num(l, t), FONT - 1, ANCHOR_END);
	}
	for (size_t i = 0; i < n; i += every ? every : 1)
		text(l, left + dx * (double)i, bottom + FONT + 4, c->categories[i], FONT - 1,
		     ANCHOR_MIDDLE);
	for (size_t k = 0; k < c->n_series; k++) {
		const struct chart_series *s = &c->series[k];
		struct shape *pl = add(l, SHAPE_POLYLINE);
		double *xy = arena_alloc(l->a, (n + 1) * 2 * sizeof *xy);

		if (!pl || !xy) {
			l->err = ERR_NOMEM;
			return;
		}
		for (size_t i = 0; i < n; i++) {
			xy[2 * i] = left + dx * (double)i;
			xy[2 * i + 1] = bottom - plot_h * s->values[i] / max;
		}
		pl->xy = xy;
		pl->n_points = n;
		pl->stroke = palette[k % 8];
		pl->stroke_width = 2;
		for (size_t i = 0; i < n; i++) {
			struct shape *p =
			    rect(l, xy[2 * i] - 3, xy[2 * i + 1] - 3, 6, 6, palette[k % 8]);

			if (p) {
				p->link = s->values[i] > 0 ? link_of(s, i) : NULL;
				p->tip = tip(l, c->categories[i], c->n_series > 1 ? s->label : NULL,
					     s->values[i]);
			}
		}
	}
	if (c->n_series > 1)
		legend(l, c, bottom + FONT * 3.5);
	else
		l->s->height = bottom + FONT * 2.5;
}

/* shade mixes white into the heatmap's colour by v / max. */
static uint32_t shade(double v, double max)
{
	double t = max > 0 ? v / max : 0;
	unsigned r = (unsigned)(255 - t * (255 - 0x08)), g = (unsigned)(255 - t * (255 - 0x4a)),
		 b = (unsigned)(255 - t * (255 - 0x84));

	if (v > 0 && t < 0.08) /* anything at all is visibly not empty */
		r = 0xe3, g = 0xee, b = 0xf6;
	return (uint32_t)r << 24 | (uint32_t)g << 16 | (uint32_t)b << 8 | 0xffu;
}

static void heatmap(struct lay *l, const struct chart *c)
{
	double top = title(l, c), label_w = 0, max = 0, width = l->s->width, cw, ch = FONT * 2.2;

	for (size_t k = 0; k < c->n_series; k++) {
		double w = text_width(c->series[k].label, FONT);

		label_w = w > label_w ? w : label_w;
		for (size_t i = 0; i < c->n_categories; i++)
			max = c->series[k].values[i] > max ? c->series[k].values[i] : max;
	}
	label_w = label_w > width * 0.3 ? width * 0.3 : label_w;
	cw = (width - label_w - 6) / (double)(c->n_categories ? c->n_categories : 1);
	top += FONT * 1.5;
	for (size_t i = 0; i < c->n_categories; i++)
		text(l, label_w + 6 + cw * ((double)i + 0.5), top - 4,
		     fit(l->a, c->categories[i], cw, FONT - 1.5), FONT - 1.5, ANCHOR_MIDDLE);
	for (size_t k = 0; k < c->n_series; k++) {
		const struct chart_series *s = &c->series[k];
		double y = top + ch * (double)k;

		text(l, label_w + 2, y + ch * 0.65, fit(l->a, s->label, label_w, FONT), FONT,
		     ANCHOR_END);
		for (size_t i = 0; i < c->n_categories; i++) {
			double v = s->values[i], x = label_w + 6 + cw * (double)i;
			struct shape *r = rect(l, x, y, cw, ch, shade(v, max)), *t;

			int mark = s->marked && s->marked[i];

			if (r) {
				r->stroke = mark ? INK : 0xffffffffu;
				r->stroke_width = mark ? 1.5 : 1;
				r->link = v > 0 ? link_of(s, i) : NULL;
				r->tip = tip(l, s->label, c->categories[i], v);
			}
			if (v > 0 && (t = text(l, x + cw / 2, y + ch * 0.65, fmt_num(l, v),
					       FONT - 1, ANCHOR_MIDDLE)))
				t->fill = max > 0 && v / max > 0.5 ? 0xffffffffu : INK;
		}
	}
	l->s->height = top + ch * (double)c->n_series + 8;
}

int chart_layout(const struct chart *c, struct arena *a, struct scene *out)
{
	struct lay l = {a, out, 0};

	memset(out, 0, sizeof *out);
	out->width = c->width > 0 ? c->width : 640;
	out->height = c->height > 0 ? c->height : 320;
	out->title = c->title ? c->title : "";
	out->desc = c->desc ? c->desc : "";
	if (c->kind != CHART_MAP && c->kind != CHART_HEATMAP && c->kind != CHART_STACKED_BAR &&
	    c->n_series < 1)
		return ERR_INVALID;
	for (size_t k = 0; k < c->n_series; k++)
		if (!c->series[k].values)
			return ERR_INVALID;
	switch (c->kind) {
	case CHART_BAR:
		bar(&l, c);
		break;
	case CHART_STACKED_BAR:
		stacked(&l, c);
		break;
	case CHART_LINE:
		line_chart(&l, c);
		break;
	case CHART_HEATMAP:
		heatmap(&l, c);
		break;
	case CHART_MAP:
		return geo_map_layout(c, a, out); /* src/report/geo.c */
	}
	return l.err;
}
