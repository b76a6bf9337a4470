/*
 * geo.h - the world map: country shapes from TopoJSON, the Equal Earth projection, and the
 * choropleth layout of a CHART_MAP.
 *
 * geo_topojson_decode (geo_topo.c) turns a TopoJSON topology into features: each a list of
 * closed rings of (longitude, latitude) points, with the arcs' quantised, delta-encoded
 * coordinates decoded and reversed arcs (negative indices) turned round. It trusts nothing
 * in the input: sizes are limited and every arc index is checked.
 *
 * geo_map_layout (geo.c) draws a chart of kind CHART_MAP: the countries of Natural Earth
 * (data/geo, read once per process) projected with Equal Earth, each filled by its value on
 * a sequential colour scale, grey where the chart has no value, with a legend. Every
 * country is a SHAPE_PATH with the link and tip of its value; a country too small to see or
 * click (most small island states) also gets a square marker that carries the same link.
 * When the countries with a value lie in less than half the world's width (one region),
 * the map shows their box instead of the world.
 */
#ifndef STOCKTAKE_REPORT_GEO_H
#define STOCKTAKE_REPORT_GEO_H

#include "core/arena.h"
#include "core/err.h"
#include "report/chart.h"

#include <stddef.h>
#include <stdint.h>

/* Limits on a topology: anything larger is refused with ERR_TOO_LARGE. */
#define GEO_MAX_INPUT (16u << 20) /* bytes of JSON */
#define GEO_MAX_ARCS 200000u      /* arcs in the topology */
#define GEO_MAX_POINTS 4000000u   /* points in all arcs, and in all decoded rings */
#define GEO_MAX_GEOMETRIES 20000u /* geometries in the object */
#define GEO_MAX_RINGS 200000u     /* rings in all geometries */

struct geo_feature {
	const char *id;   /* the geometry's "id" as text (ISO 3166-1 numeric); "" when none */
	const char *name; /* properties.name; "" when none */
	double *xy;       /* n_points (longitude, latitude) pairs, degrees */
	size_t n_points;
	uint32_t *ring_starts; /* index (in points) of the first point of each ring */
	size_t n_rings;
};

struct geo_topology {
	struct geo_feature *v; /* the Polygon and MultiPolygon geometries; others are skipped */
	size_t n;
};

/*
 * geo_topojson_decode reads the TopoJSON text[0..len) and decodes the geometries of its
 * object named object (a GeometryCollection or a single geometry) into out, everything in
 * a. 0, ERR_INVALID (malformed, with e saying what and where), ERR_TOO_LARGE or ERR_NOMEM;
 * out is written only on success.
 */
int geo_topojson_decode(const char *text, size_t len, const char *object, struct arena *a,
			struct geo_topology *out, struct errinfo *e);

/*
 * geo_equal_earth projects (lon, lat) in degrees with the Equal Earth projection (Šavrič,
 * Patterson and Jenny 2018) on the unit sphere: x in [-2.7066, 2.7066], y in [-1.3174,
 * 1.3174], y up.
 */
void geo_equal_earth(double lon, double lat, double *x, double *y);

/*
 * geo_map_layout draws the CHART_MAP chart c into out (everything in a): categories are
 * countries by their ISO alpha-2 code in c->category_codes, series[0] their values (NAN:
 * no value). 0, ERR_INVALID (not a map, no codes), ERR_IO when the map data cannot be
 * loaded (logged), or ERR_NOMEM.
 */
int geo_map_layout(const struct chart *c, struct arena *a, struct scene *out);

/*
 * geo_data_dir returns the folder with the map data: $STOCKTAKE_DATA/geo, else data/geo
 * when it exists (running from the source tree), else the installed one.
 */
const char *geo_data_dir(char *buf, size_t buflen);

#endif
