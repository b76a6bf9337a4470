/*
 * geo.c - the world map of the reports: the countries loaded once per process, and the
 * choropleth layout of a CHART_MAP (see geo.h).
 *
 * The map data (data/geo, see its SOURCES.md) is Natural Earth's 1:110m countries as
 * TopoJSON, and a point for each small country that scale leaves out. Both are read,
 * projected with Equal Earth and keyed by ISO alpha-2 (through the numeric codes of
 * data/frameworks/countries.csv, the file the store's country table is loaded from) the
 * first time a map is drawn; the result is immutable and shared by every thread after
 * that. Antarctica is left out: no initiative is located there, and it would take a fifth
 * of the map's height.
 */
#include "report/geo.h"

#include "core/log.h"
#include "frameworks/frameworks.h"
#include "io/csv_reader.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef STOCKTAKE_DATADIR
#define STOCKTAKE_DATADIR "/usr/local/share/stocktake"
#endif

#define GEO_FILE "countries-110m.json"
#define GEO_POINTS_FILE "small-countries.csv"
#define GEO_MAX_COUNTRIES 400
#define GEO_ANTARCTICA "010"

/* Layout, in points. */
#define MAP_WIDTH 720.0
#define MAP_MARGIN 8.0
#define MAP_TITLE_H 28.0
#define MAP_LEGEND_H 44.0
#define MAP_SMALL 5.0  /* a country whose box is smaller than this on both sides gets a marker */
#define MAP_MARKER 7.0 /* the marker's side */

/* The sequential scale (ColorBrewer Blues): no value, zero, then four classes. */
#define MAP_INK 0x1a1a1affu /* text */
#define MAP_THIN 1.0 /* points closer than this (in points) to the last one kept are dropped */
#define COLOUR_NONE 0xd4d4d4ffu
#define COLOUR_ZERO 0xf1f6fcffu
static const uint32_t scale[] = {0xbdd7e7ffu, 0x6baed6ffu, 0x3182bdffu, 0x08519cffu};
#define N_CLASSES (sizeof scale / sizeof scale[0])

struct country_shape {
	char iso2[3];     /* "" when the shape has no ISO code (Kosovo, N. Cyprus) */
	const char *name; /* English, from the map data */
	double *xy;       /* projected, unit sphere, y up; a single point for a marker only */
	size_t n_points;
	uint32_t *ring_starts;
	size_t n_rings; /* 0: a point only (a country too small for the 1:110m shapes) */
	double x0, y0, x1, y1;
};

struct world {
	struct arena a;
	struct country_shape *v;
	size_t n;
	double x0, y0, x1, y1; /* the projected bounding box of the shapes */
	int rc;
	char err[512];
};

static struct world world;
static pthread_once_t world_once = PTHREAD_ONCE_INIT;

const char *geo_data_dir(char *buf, size_t buflen)
{
	const char *env = getenv("STOCKTAKE_DATA");

	if (env && *env) {
		snprintf(buf, buflen, "%s/geo", env);
		return buf;
	}
	if (access("data/geo/" GEO_FILE, R_OK) == 0)
		return "data/geo";
	return STOCKTAKE_DATADIR "/geo";
}

/* The numeric to alpha-2 table, read from countries.csv. */
struct codes {
	char numeric[GEO_MAX_COUNTRIES][4];
	char iso2[GEO_MAX_COUNTRIES][3];
	size_t n;
	int col_iso2, col_numeric;
};

static int codes_row(void *ud, char **f, size_t n, long row, struct errinfo *e)
{
	struct codes *c = ud;

	if (row == 1) {
		c->col_iso2 = csv_column(f, n, "iso2");
		c->col_numeric = csv_column(f, n, "numeric");
		if (c->col_iso2 < 0 || c->col_numeric < 0)
			return errinfo_set(e, ERR_INVALID, NULL,
					   "countries.csv has no iso2 or numeric column");
		return 0;
	}
	if ((size_t)c->col_iso2 >= n || (size_t)c->col_numeric >= n ||
	    strlen(f[c->col_iso2]) != 2 || strlen(f[c->col_numeric]) != 3)
		return 0;
	if (c->n >= GEO_MAX_COUNTRIES)
		return errinfo_set(e, ERR_TOO_LARGE, NULL, "countries.csv: more than %d countries",
				   GEO_MAX_COUNTRIES);
	memcpy(c->iso2[c->n], f[c->col_iso2], 3);
	memcpy(c->numeric[c->n], f[c->col_numeric], 4);
	c->n++;
	return 0;
}

static const char *codes_iso2(const struct codes *c, const char *numeric)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->numeric[i], numeric) == 0)
			return c->iso2[i];
	return "";
}

static int read_csv(const char *path, csv_row_fn cb, void *ud, struct errinfo *e)
{
	FILE *in = fopen(path, "r");
	int rc;

	if (!in)
		return errinfo_set(e, ERR_IO, NULL, "%s: cannot open", path);
	rc = csv_read_stream(in, path, 4096, cb, ud, e);
	fclose(in);
	return rc;
}

static void box_add(struct country_shape *s, double x, double y, int first)
{
	if (first || x < s->x0)
		s->x0 = x;
	if (first || x > s->x1)
		s->x1 = x;
	if (first || y < s->y0)
		s->y0 = y;
	if (first || y > s->y1)
		s->y1 = y;
}

/* The small countries' points, added after the shapes. */
struct points {
	struct world *w;
	const struct codes *codes;
	size_t max;
};

static int points_row(void *ud, char **f, size_t n, long row, struct errinfo *e)
{
	struct points *p = ud;
	struct country_shape *s;
	const char *iso2;
	char *end1, *end2;
	double lon, lat;

	if (row == 1)
		return 0;
	if (n < 4)
		return errinfo_set(e, ERR_INVALID, NULL,
				   GEO_POINTS_FILE ": row %ld: 4 columns expected", row);
	lon = strtod(f[1], &end1);
	lat = strtod(f[2], &end2);
	if (*end1 || *end2 || fabs(lon) > 180 || fabs(lat) > 90)
		return errinfo_set(e, ERR_INVALID, NULL, GEO_POINTS_FILE ": row %ld: bad position",
				   row);
	iso2 = codes_iso2(p->codes, f[0]);
	if (!*iso2)
		return 0;
	if (p->w->n >= p->max)
		return errinfo_set(e, ERR_TOO_LARGE, NULL, GEO_POINTS_FILE ": too many rows");
	s = &p->w->v[p->w->n];
	snprintf(s->iso2, sizeof s->iso2, "%s", iso2);
	s->name = arena_strdup(&p->w->a, f[3]);
	s->xy = arena_alloc(&p->w->a, 2 * sizeof *s->xy);
	if (!s->name || !s->xy)
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	geo_equal_earth(lon, lat, &s->xy[0], &s->xy[1]);
	s->n_points = 1;
	box_add(s, s->xy[0], s->xy[1], 1);
	p->w->n++;
	return 0;
}

/*
 * clip_half clips the closed ring in[0..n) (lon, lat pairs, shifted by shift degrees of
 * longitude) to the side of the meridian edge where lon <= edge (below) or lon >= edge
 * (Sutherland-Hodgman against one line), into out (room for 2n points). Returns the points.
 */
static size_t clip_half(const double *in, size_t n, double shift, double edge, int below,
			double *out)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		size_t j = (i + n - 1) % n;
		double cx = in[2 * i] + shift, cy = in[2 * i + 1];
		double px = in[2 * j] + shift, py = in[2 * j + 1];
		int cin = below ? cx <= edge : cx >= edge, pin = below ? px <= edge : px >= edge;

		if (cin != pin) {
			out[2 * k] = edge;
			out[2 * k + 1] = py + (edge - px) / (cx - px) * (cy - py);
			k++;
		}
		if (cin) {
			out[2 * k] = cx;
			out[2 * k + 1] = cy;
			k++;
		}
	}
	return k;
}

/*
 * cut_antimeridian copies f's rings into s, cutting those that cross the 180th meridian
 * (Russia's Chukotka, Fiji: the data keeps them whole, as a spherical renderer wants) into
 * a piece on each side, so a flat map does not draw a line across the world.
 */
static int cut_antimeridian(struct arena *a, const struct geo_feature *f, struct country_shape *s)
{
	double *xy = arena_alloc(a, (f->n_points ? f->n_points : 1) * 4 * 2 * sizeof *xy);
	uint32_t *starts = arena_alloc(a, (f->n_rings ? f->n_rings : 1) * 2 * sizeof *starts);
	size_t np = 0, nr = 0;

	if (!xy || !starts)
		return ERR_NOMEM;
	for (size_t r = 0; r < f->n_rings; r++) {
		size_t from = f->ring_starts[r];
		size_t n = (r + 1 < f->n_rings ? f->ring_starts[r + 1] : f->n_points) - from;
		const double *in = f->xy + 2 * from;
		double *u = xy + 2 * np, hi = -1e9, lo = 1e9;
		int crosses = 0;

		for (size_t i = 1; i < n; i++)
			crosses |= fabs(in[2 * i] - in[2 * i - 2]) > 180;
		if (n < 3)
			continue;
		starts[nr++] = (uint32_t)np;
		if (!crosses) {
			memcpy(u, in, n * 2 * sizeof *u);
			np += n;
			continue;
		}
		/* unwrap: every step shorter than half the world, then one piece each side */
		for (size_t i = 0; i < n; i++) {
			double lon = in[2 * i];

			if (i) {
				while (lon - u[2 * i - 2] > 180)
					lon -= 360;
				while (lon - u[2 * i - 2] < -180)
					lon += 360;
			}
			u[2 * i] = lon;
			u[2 * i + 1] = in[2 * i + 1];
			hi = fmax(hi, lon), lo = fmin(lo, lon);
		}
		if (fabs(u[2 * n - 2] - u[0]) > 1 || (hi > 180 && lo < -180)) {
			np += n; /* round a pole: left unwrapped (Antarctica is not drawn) */
			continue;
		}
		{
			double *piece = arena_alloc(a, n * 2 * sizeof *piece);
			int east = hi > 180; /* the ring runs past +180 (else past -180) */
			size_t k;

			if (!piece)
				return ERR_NOMEM;
			memcpy(piece, u, n * 2 * sizeof *u);
			k = clip_half(piece, n, 0, east ? 180 : -180, east, u);
			if (k < 3)
				nr--;
			else
				np += k;
			starts[nr++] = (uint32_t)np;
			k = clip_half(piece, n, east ? -360 : 360, east ? -180 : 180, !east,
				      xy + 2 * np);
			if (k < 3)
				nr--;
			else
				np += k;
		}
	}
	s->xy = xy;
	s->n_points = np;
	s->ring_starts = starts;
	s->n_rings = nr;
	return 0;
}

static int world_read(struct world *w, struct errinfo *e)
{
	static struct codes codes; /* only used under world_once */
	char dirbuf[1024], fwbuf[1024], path[1100];
	const char *dir = geo_data_dir(dirbuf, sizeof dirbuf);
	struct geo_topology topo;
	struct points pts;
	size_t len;
	char *text;
	int rc;

	snprintf(path, sizeof path, "%s/countries.csv", fw_find_dir(NULL, fwbuf, sizeof fwbuf));
	if ((rc = read_csv(path, codes_row, &codes, e)))
		return rc;
	snprintf(path, sizeof path, "%s/%s", dir, GEO_FILE);
	{
		FILE *in = fopen(path, "rb");
		long size;

		if (!in)
			return errinfo_set(e, ERR_IO, NULL, "%s: cannot open", path);
		if (fseek(in, 0, SEEK_END) || (size = ftell(in)) < 0 ||
		    (unsigned long)size > GEO_MAX_INPUT || fseek(in, 0, SEEK_SET)) {
			fclose(in);
			return errinfo_set(e, ERR_IO, NULL, "%s: cannot read, or too large", path);
		}
		len = (size_t)size;
		text = malloc(len + 1);
		if (!text || fread(text, 1, len, in) != len) {
			free(text);
			fclose(in);
			return errinfo_set(e, ERR_IO, NULL, "%s: cannot read", path);
		}
		fclose(in);
	}
	rc = geo_topojson_decode(text, len, "countries", &w->a, &topo, e);
	free(text);
	if (rc) {
		errinfo_prefix(e, "%s: ", path);
		return rc;
	}
	w->v = arena_alloc(&w->a, (topo.n + GEO_MAX_COUNTRIES) * sizeof *w->v);
	if (!w->v)
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	for (size_t i = 0; i < topo.n; i++) {
		const struct geo_feature *f = &topo.v[i];
		struct country_shape *s = &w->v[w->n];

		if (strcmp(f->id, GEO_ANTARCTICA) == 0 || f->n_points < 3)
			continue;
		snprintf(s->iso2, sizeof s->iso2, "%s", codes_iso2(&codes, f->id));
		s->name = f->name;
		if ((rc = cut_antimeridian(&w->a, f, s)))
			return errinfo_set(e, rc, NULL, "%s: %s", path, err_message(rc));
		for (size_t k = 0; k < s->n_points; k++) {
			geo_equal_earth(s->xy[2 * k], s->xy[2 * k + 1], &s->xy[2 * k],
					&s->xy[2 * k + 1]);
			box_add(s, s->xy[2 * k], s->xy[2 * k + 1], k == 0);
		}
		if (w->n == 0) {
			w->x0 = s->x0, w->x1 = s->x1, w->y0 = s->y0, w->y1 = s->y1;
		} else {
			w->x0 = fmin(w->x0, s->x0), w->x1 = fmax(w->x1, s->x1);
			w->y0 = fmin(w->y0, s->y0), w->y1 = fmax(w->y1, s->y1);
		}
		w->n++;
	}
	if (w->n == 0)
		return errinfo_set(e, ERR_INVALID, NULL, "%s: no countries", path);
	pts = (struct points){w, &codes, topo.n + GEO_MAX_COUNTRIES};
	snprintf(path, sizeof path, "%s/%s", dir, GEO_POINTS_FILE);
	return read_csv(path, points_row, &pts, e);
}

static void world_load(void)
{
	struct errinfo e;

	errinfo_clear(&e);
	arena_init(&world.a, 64u << 20);
	world.rc = world_read(&world, &e);
	if (world.rc) {
		snprintf(world.err, sizeof world.err, "%s", e.msg);
		log_kv(LOG_ERROR, "world map unavailable", "detail", e.msg, LOG_END);
	}
}

/* The classes: breaks[k] is the top of class k (values above zero). */
struct classes {
	double breaks[N_CLASSES];
	size_t n;
	int integral;
};

static void classes_make(const struct chart *c, struct classes *cl)
{
	double max = 0;

	cl->n = 0;
	cl->integral = 1;
	for (size_t i = 0; i < c->n_categories; i++) {
		double v = c->series[0].values[i];

		if (isnan(v))
			continue;
		if (v > max)
			max = v;
		if (v != floor(v))
			cl->integral = 0;
	}
	if (max <= 0)
		return;
	for (size_t k = 1; k <= N_CLASSES; k++) {
		double b = max * (double)k / N_CLASSES;

		if (cl->integral)
			b = ceil(b);
		if (cl->n == 0 || b > cl->breaks[cl->n - 1])
			cl->breaks[cl->n++] = b;
	}
	cl->breaks[cl->n - 1] = max;
}

static uint32_t colour_of(const struct classes *cl, double v)
{
	if (isnan(v))
		return COLOUR_NONE;
	if (v <= 0 || cl->n == 0)
		return COLOUR_ZERO;
	for (size_t k = 0; k < cl->n; k++)
		if (v <= cl->breaks[k])
			return scale[k + N_CLASSES - cl->n];
	return scale[N_CLASSES - 1];
}

static char *number(struct arena *a, double v)
{
	return v == floor(v) && fabs(v) < 1e15 ? arena_sprintf(a, "%.0f", v)
					       : arena_sprintf(a, "%.3g", v);
}

/* category finds iso2 among c's category codes; -1 when absent. */
static long category(const struct chart *c, const char *iso2)
{
	for (size_t i = 0; i < c->n_categories; i++)
		if (c->category_codes[i] && strcmp(c->category_codes[i], iso2) == 0)
			return (long)i;
	return -1;
}

static int legend(const struct chart *c, const struct classes *cl, double x, double y,
		  struct arena *a, struct scene *out)
{
	const double sw = 28, sh = 12, gap = 64;
	struct shape *s;
	char *label;

	if (c->y_label) {
		if (!(s = scene_add(out, a, SHAPE_TEXT)))
			return ERR_NOMEM;
		s->x = x, s->y = y + 10, s->text = c->y_label, s->font_size = 9, s->bold = 1;
		s->fill = MAP_INK;
		y += 14;
	}
	for (size_t k = 0; k <= cl->n + 1; k++) {
		uint32_t fill;

		if (k == 0) {
			fill = COLOUR_ZERO;
			label = "0";
		} else if (k <= cl->n) {
			double lo = k == 1 ? 0 : cl->breaks[k - 2], hi = cl->breaks[k - 1];

			fill = scale[k - 1 + N_CLASSES - cl->n];
			if (cl->integral)
				label = lo + 1 == hi
					    ? number(a, hi)
					    : arena_sprintf(a, "%s\u2013%s", number(a, lo + 1),
							    number(a, hi));
			else
				label = arena_sprintf(a, "\u2264 %s", number(a, hi));
		} else {
			if (!c->no_data)
				break;
			fill = COLOUR_NONE;
			label = (char *)c->no_data;
		}
		if (!label || !(s = scene_add(out, a, SHAPE_RECT)))
			return ERR_NOMEM;
		s->x = x, s->y = y, s->w = sw, s->h = sh, s->fill = fill;
		s->stroke = 0x737373ffu, s->stroke_width = 0.5;
		if (!(s = scene_add(out, a, SHAPE_TEXT)))
			return ERR_NOMEM;
		s->x = x + sw + 4, s->y = y + sh - 2, s->text = label, s->font_size = 9;
		s->fill = MAP_INK;
		x += sw + gap;
	}
	return 0;
}

/*
 * clip_axis clips the closed ring in[0..n) (x, y pairs) to the side of the line
 * coordinate[axis] = edge where it is <= edge (below) or >= edge (Sutherland-Hodgman), into
 * out (room for 2n points). Returns the points.
 */
static size_t clip_axis(const double *in, size_t n, int axis, double edge, int below, double *out)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		const double *c = in + 2 * i, *p = in + 2 * ((i + n - 1) % n);
		int cin = below ? c[axis] <= edge : c[axis] >= edge;
		int pin = below ? p[axis] <= edge : p[axis] >= edge;

		if (cin != pin) {
			double t = (edge - p[axis]) / (c[axis] - p[axis]);

			out[2 * k + axis] = edge;
			out[2 * k + 1 - axis] = p[1 - axis] + t * (c[1 - axis] - p[1 - axis]);
			k++;
		}
		if (cin) {
			out[2 * k] = c[0];
			out[2 * k + 1] = c[1];
			k++;
		}
	}
	return k;
}

/* The part of the world the map shows, and where it goes in the scene. */
struct view {
	double scl, ox, oy; /* scene x = ox + x * scl, scene y = oy - y * scl */
	double box[4];      /* the map's rectangle in the scene: x0, y0, x1, y1 */
	int clip;           /* zoomed in: shapes are cut at the rectangle */
};

/*
 * project places country w's rings in the scene as path s, dropping the points that would
 * fall within MAP_THIN of the last one kept (at a page's width most of the 1:110m detail is
 * below a pixel; a ring that would keep fewer than 4 keeps them all, so every island stays
 * drawn), and cutting them at the map's rectangle when v->clip.
 */
static int project(const struct country_shape *w, const struct view *v, struct arena *a,
		   struct shape *s)
{
	size_t cap = (w->n_points ? w->n_points : 1) * (v->clip ? 16 : 1);
	double *xy = arena_alloc(a, cap * 2 * sizeof *xy);
	double *tmp = v->clip ? arena_alloc(a, cap * 2 * sizeof *tmp) : NULL;
	uint32_t *starts = arena_alloc(a, (w->n_rings ? w->n_rings : 1) * sizeof *starts);
	size_t n = 0, nr = 0;

	if (!xy || !starts || (v->clip && !tmp))
		return ERR_NOMEM;
	for (size_t r = 0; r < w->n_rings; r++) {
		size_t from = w->ring_starts[r];
		size_t to = r + 1 < w->n_rings ? w->ring_starts[r + 1] : w->n_points;
		size_t first = n;

		for (int all = 0; all < 2; all++) {
			n = first;
			for (size_t p = from; p < to; p++) {
				double x = v->ox + w->xy[2 * p] * v->scl;
				double y = v->oy - w->xy[2 * p + 1] * v->scl;

				if (!all && n > first && p + 1 < to &&
				    fabs(x - xy[2 * n - 2]) < MAP_THIN &&
				    fabs(y - xy[2 * n - 1]) < MAP_THIN)
					continue;
				xy[2 * n] = x;
				xy[2 * n + 1] = y;
				n++;
			}
			if (n - first >= 4)
				break;
		}
		if (v->clip) {
			/* four cuts, back and forth between xy (at first) and tmp */
			size_t m = n - first;

			m = clip_axis(xy + 2 * first, m, 0, v->box[0], 0, tmp);
			m = clip_axis(tmp, m, 0, v->box[2], 1, xy + 2 * first);
			m = clip_axis(xy + 2 * first, m, 1, v->box[1], 0, tmp);
			m = clip_axis(tmp, m, 1, v->box[3], 1, xy + 2 * first);
			n = first + m;
			if (m < 3) {
				n = first;
				continue;
			}
		}
		starts[nr++] = (uint32_t)first;
	}
	s->xy = xy;
	s->n_points = n;
	s->ring_starts = starts;
	s->n_rings = nr;
	return 0;
}

/*
 * view_make chooses what the map shows: the world, or, when the countries with a value
 * cover less than half of its width (a regional report), their box with a margin, so a
 * region fills the map.
 */
static void view_make(const struct chart *c, double W, struct view *v)
{
	double x0 = world.x0, x1 = world.x1, y0 = world.y0, y1 = world.y1;
	double bx0 = 0, bx1 = 0, by0 = 0, by1 = 0, mw = W - 2 * MAP_MARGIN, mh;
	int any = 0;

	for (size_t i = 0; i < world.n; i++) {
		const struct country_shape *w = &world.v[i];
		long k = *w->iso2 ? category(c, w->iso2) : -1;

		if (k < 0 || isnan(c->series[0].values[k]))
			continue;
		bx0 = any ? fmin(bx0, w->x0) : w->x0, bx1 = any ? fmax(bx1, w->x1) : w->x1;
		by0 = any ? fmin(by0, w->y0) : w->y0, by1 = any ? fmax(by1, w->y1) : w->y1;
		any = 1;
	}
	v->clip = any && bx1 - bx0 < (world.x1 - world.x0) / 2;
	if (v->clip) {
		double pad = 0.08 * fmax(bx1 - bx0, by1 - by0) + 0.02;

		x0 = fmax(world.x0, bx0 - pad), x1 = fmin(world.x1, bx1 + pad);
		y0 = fmax(world.y0, by0 - pad), y1 = fmin(world.y1, by1 + pad);
	}
	v->scl = mw / (x1 - x0);
	mh = (y1 - y0) * v->scl;
	if (v->clip && mh > mw * 0.75) {
		/* a tall region (the Americas): as high as three quarters of the width */
		v->scl = mw * 0.75 / (y1 - y0);
		mh = mw * 0.75;
	}
	v->ox = MAP_MARGIN + (mw - (x1 - x0) * v->scl) / 2 - x0 * v->scl;
	v->oy = MAP_TITLE_H + y1 * v->scl; /* y up on the sphere, down in the scene */
	v->box[0] = MAP_MARGIN, v->box[1] = MAP_TITLE_H;
	v->box[2] = MAP_MARGIN + mw, v->box[3] = MAP_TITLE_H + mh;
}

int geo_map_layout(const struct chart *c, struct arena *a, struct scene *out)
{
	double W, map_h;
	struct scene sc = {0};
	struct view view;
	struct classes cl;
	struct shape *s;
	int rc;

	if (c->kind != CHART_MAP || c->n_series != 1 || !c->series ||
	    (c->n_categories && (!c->category_codes || !c->series[0].values)))
		return ERR_INVALID;
	pthread_once(&world_once, world_load);
	if (world.rc)
		return ERR_IO;
	W = c->width > 0 ? c->width : MAP_WIDTH;
	view_make(c, W, &view);
	map_h = view.box[3] - view.box[1];
	sc.width = W;
	sc.height = c->height > 0 ? c->height : MAP_TITLE_H + map_h + MAP_LEGEND_H + 16;
	sc.title = c->title;
	sc.desc = c->desc;
	classes_make(c, &cl);
	if (c->title) {
		if (!(s = scene_add(&sc, a, SHAPE_TEXT)))
			return ERR_NOMEM;
		s->x = MAP_MARGIN, s->y = 18, s->text = c->title, s->font_size = 13, s->bold = 1;
		s->fill = MAP_INK;
	}
	/* two passes: the shapes, then the markers of the small ones on top */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < world.n; i++) {
			const struct country_shape *w = &world.v[i];
			long k = *w->iso2 ? category(c, w->iso2) : -1;
			double v = k >= 0 ? c->series[0].values[k] : NAN;
			const char *link =
			    k >= 0 && c->series[0].links ? c->series[0].links[k] : NULL;
			const char *tip;
			double cx = view.ox + (w->x0 + w->x1) / 2 * view.scl;
			double cy = view.oy - (w->y0 + w->y1) / 2 * view.scl;
			int small = (w->x1 - w->x0) * view.scl < MAP_SMALL &&
				    (w->y1 - w->y0) * view.scl < MAP_SMALL;

			if (pass == 0 && w->n_rings == 0)
				continue;
			/* zoomed in: what lies outside the map is not drawn */
			if (view.clip && (view.ox + w->x1 * view.scl < view.box[0] ||
					  view.ox + w->x0 * view.scl > view.box[2] ||
					  view.oy - w->y0 * view.scl < view.box[1] ||
					  view.oy - w->y1 * view.scl > view.box[3]))
				continue;
			if (pass == 1 && (cx - MAP_MARKER / 2 < view.box[0] ||
					  cx + MAP_MARKER / 2 > view.box[2] ||
					  cy - MAP_MARKER / 2 < view.box[1] ||
					  cy + MAP_MARKER / 2 > view.box[3]))
				continue;
			if (pass == 1 && !(small && k >= 0 && !isnan(v)))
				continue;
			if (k < 0)
				tip = w->name;
			else if (isnan(v))
				tip = c->categories[k];
			else
				tip = arena_sprintf(a, "%s: %s", c->categories[k], number(a, v));
			if (!tip || !(s = scene_add(&sc, a, pass ? SHAPE_RECT : SHAPE_PATH)))
				return ERR_NOMEM;
			s->fill = colour_of(&cl, v);
			s->link = link;
			s->tip = tip;
			if (pass == 1) {
				s->x = cx - MAP_MARKER / 2;
				s->y = cy - MAP_MARKER / 2;
				s->w = s->h = MAP_MARKER;
				s->stroke = 0x252525ffu, s->stroke_width = 0.75;
				continue;
			}
			if ((rc = project(w, &view, a, s)))
				return rc;
			s->stroke = 0xffffffffu, s->stroke_width = 0.4;
		}
	}
	if ((rc = legend(c, &cl, MAP_MARGIN, MAP_TITLE_H + map_h + 8, a, &sc)))
		return rc;
	*out = sc;
	return 0;
}
