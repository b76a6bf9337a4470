/*
 * chart.h - one drawing model for every chart, with two renderers.
 *
 * A chart (struct chart) is data: categories, series of values, labels and the link each
 * bar or cell leads to. chart_layout turns it into a scene (struct scene): rectangles,
 * lines, paths and text at absolute positions in points, with colours already chosen. The
 * renderers only draw a scene: scene_svg for the web (text stays text, <title>/<desc> give
 * the accessible name and description, shapes with a link become <a> elements) and
 * scene_cairo (chart_cairo.c) for PDF and PNG. So the web page, the PDF and the PNG show
 * the same picture from the same numbers.
 *
 * The data table beside a chart is not part of the scene: report.h keeps every chart's
 * numbers as a table too, and the renderers of a report show both.
 *
 * Everything a chart and its scene point to lives in the arena it was built in.
 */
#ifndef STOCKTAKE_REPORT_CHART_H
#define STOCKTAKE_REPORT_CHART_H

#include "core/arena.h"
#include "core/buf.h"

#include <stddef.h>
#include <stdint.h>

enum chart_kind {
	CHART_BAR,         /* one series, one bar per category (horizontal when labels are long) */
	CHART_STACKED_BAR, /* several series stacked in each category's bar */
	CHART_LINE,        /* one or more series over ordered categories (years) */
	CHART_HEATMAP,     /* rows = series, columns = categories, colour = value */
	CHART_MAP          /* world choropleth: categories are ISO alpha-2 codes, one series */
};

struct chart_series {
	const char *label; /* legend text (a row label in a heatmap) */
	const char *code; /* the framework code or key behind it, e.g. "C7.e-health"; may be NULL */
	const double *values;     /* n_categories values */
	const char *const *links; /* n_categories URLs (NULL entries or NULL array: no link) */
	const int *marked; /* n_categories flags or NULL: a heatmap outlines and stars them */
};

struct chart {
	enum chart_kind kind;
	const char *title; /* the accessible name; also drawn above the chart */
	const char *desc;  /* one sentence saying what it shows, for <desc> and screen readers */
	const char *x_label, *y_label; /* axis titles; may be NULL */
	size_t n_categories;
	const char *const *categories; /* display labels, n_categories */
	const char *const
	    *category_codes; /* codes (ISO2 for CHART_MAP, "3" for SDG 3...); may be NULL */
	size_t n_series;
	const struct chart_series *series;
	double width, height;    /* in points (1/72 inch); 0 picks the kind's default */
	const uint32_t *colours; /* per category, 0xRRGGBBAA (bar charts), or NULL: the palette */
	const char *no_data;     /* CHART_MAP: the legend's label for no value; NULL: not shown */
};

/* chart_sdg_colour returns the official colour of SDG goal (1..17), 0xRRGGBBFF; grey else. */
uint32_t chart_sdg_colour(int goal);

/* What a scene is made of. Coordinates are points, origin top-left, y down. */
enum shape_kind { SHAPE_RECT, SHAPE_LINE, SHAPE_POLYLINE, SHAPE_PATH, SHAPE_TEXT };

enum text_anchor { ANCHOR_START, ANCHOR_MIDDLE, ANCHOR_END };

struct shape {
	enum shape_kind kind;
	double x, y, w,
	    h; /* RECT: box; LINE: from (x,y) to (x+w, y+h); TEXT: anchor point (baseline) */
	const double *xy; /* POLYLINE and PATH: n_points (x, y) pairs */
	size_t n_points;
	const uint32_t *ring_starts; /* PATH: index of the first point of each closed ring */
	size_t n_rings;
	uint32_t fill;   /* 0xRRGGBBAA; alpha 0 means none */
	uint32_t stroke; /* 0xRRGGBBAA; alpha 0 means none */
	double stroke_width;
	const char *text;        /* TEXT: UTF-8 */
	double font_size;        /* TEXT: points */
	int bold;                /* TEXT */
	enum text_anchor anchor; /* TEXT */
	double rotate;           /* TEXT: degrees, counter-clockwise about (x, y) */
	const char *link;        /* a URL the shape leads to, or NULL */
	const char *tip; /* what the shape stands for, e.g. "SDG 3, Africa: 42 initiatives" */
};

struct scene {
	double width, height; /* points */
	const char *title, *desc;
	struct shape *v;
	size_t n, cap;
};

/* chart_layout draws chart c into out, everything in arena a. 0 or an ERR_ code. */
int chart_layout(const struct chart *c, struct arena *a, struct scene *out);

/* scene_add appends a zeroed shape of kind k and returns it, or NULL when out of memory. */
struct shape *scene_add(struct scene *s, struct arena *a, enum shape_kind k);

/*
 * scene_svg writes s as one standalone, well-formed <svg> element (role="img", or
 * role="group" when it holds links; aria-labelledby its <title> and <desc>), all text
 * escaped. id makes the element ids
 * unique in a page. 0 or an ERR_ code (out's limit).
 */
int scene_svg(const struct scene *s, const char *id, struct buf *out);

#endif
