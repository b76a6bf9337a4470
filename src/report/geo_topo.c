/*
 * geo_topo.c - TopoJSON decoding and the Equal Earth projection (see geo.h).
 *
 * A topology keeps each shared border once, as an arc; a polygon's ring is a list of arc
 * indices, ~i (that is -i-1) meaning arc i walked backwards. With a "transform", arcs are
 * quantised: each position is an integer delta from the previous one, and the absolute
 * position times scale plus translate gives longitude and latitude. Consecutive arcs of a
 * ring share their end point, which is kept once.
 *
 * Decoding is two passes over the geometries: count the points of every ring (so a
 * topology that names one huge arc a million times is refused before anything is
 * allocated for it), then copy them.
 */
#include "report/geo.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

struct arc {
	const double *xy; /* n (lon, lat) pairs */
	size_t n;
};

struct topo {
	struct arc *arcs;
	size_t n_arcs;
	size_t points; /* counted in all rings so far */
	size_t rings;
	struct errinfo *e;
};

/* decode_arcs reads the topology's "arcs" into t->arcs, applying the transform if any. */
static int decode_arcs(json_t *root, struct arena *a, struct topo *t)
{
	json_t *arcs = json_object_get(root, "arcs"), *tr = json_object_get(root, "transform");
	double sx = 1, sy = 1, dx = 0, dy = 0;
	size_t total = 0, i;
	int quantised = 0;
	json_t *arc;
	double *xy;

	if (!json_is_array(arcs))
		return errinfo_set(t->e, ERR_INVALID, "arcs", "the topology has no \"arcs\" array");
	if (json_array_size(arcs) > GEO_MAX_ARCS)
		return errinfo_set(t->e, ERR_TOO_LARGE, "arcs", "more than %u arcs", GEO_MAX_ARCS);
	if (tr) {
		json_t *s = json_object_get(tr, "scale"), *d = json_object_get(tr, "translate");

		if (!json_is_array(s) || !json_is_array(d) || json_array_size(s) != 2 ||
		    json_array_size(d) != 2 || !json_is_number(json_array_get(s, 0)) ||
		    !json_is_number(json_array_get(s, 1)) ||
		    !json_is_number(json_array_get(d, 0)) || !json_is_number(json_array_get(d, 1)))
			return errinfo_set(t->e, ERR_INVALID, "transform",
					   "transform needs scale and translate, two numbers each");
		sx = json_number_value(json_array_get(s, 0));
		sy = json_number_value(json_array_get(s, 1));
		dx = json_number_value(json_array_get(d, 0));
		dy = json_number_value(json_array_get(d, 1));
		quantised = 1;
	}
	json_array_foreach (arcs, i, arc) {
		if (!json_is_array(arc) || json_array_size(arc) == 0)
			return errinfo_set(t->e, ERR_INVALID, "arcs",
					   "arc %zu is not a non-empty array of positions", i);
		total += json_array_size(arc);
		if (total > GEO_MAX_POINTS)
			return errinfo_set(t->e, ERR_TOO_LARGE, "arcs", "more than %u points",
					   GEO_MAX_POINTS);
	}
	t->n_arcs = json_array_size(arcs);
	t->arcs = arena_alloc(a, (t->n_arcs ? t->n_arcs : 1) * sizeof *t->arcs);
	xy = arena_alloc(a, (total ? total : 1) * 2 * sizeof *xy);
	if (!t->arcs || !xy)
		return errinfo_set(t->e, ERR_NOMEM, NULL, "out of memory");
	json_array_foreach (arcs, i, arc) {
		double x = 0, y = 0;
		size_t j;
		json_t *p;

		t->arcs[i].xy = xy;
		t->arcs[i].n = json_array_size(arc);
		json_array_foreach (arc, j, p) {
			json_t *px = json_array_get(p, 0), *py = json_array_get(p, 1);

			if (!json_is_array(p) || !json_is_number(px) || !json_is_number(py))
				return errinfo_set(t->e, ERR_INVALID, "arcs",
						   "arc %zu, position %zu: not two numbers", i, j);
			if (quantised) {
				x += json_number_value(px);
				y += json_number_value(py);
				*xy++ = x * sx + dx;
				*xy++ = y * sy + dy;
			} else {
				*xy++ = json_number_value(px);
				*xy++ = json_number_value(py);
			}
			if (!isfinite(xy[-2]) || !isfinite(xy[-1]))
				return errinfo_set(t->e, ERR_INVALID, "arcs",
						   "arc %zu, position %zu: not a finite coordinate",
						   i, j);
		}
	}
	return 0;
}

/*
 * ring_walk counts (out NULL) or copies the points of one ring, an array of arc indices,
 * into out; *n gets how many.
 */
static int ring_walk(const struct topo *t, json_t *ring, const char *where, double *out, size_t *n)
{
	size_t i, k = 0;
	json_t *v;

	if (!json_is_array(ring) || json_array_size(ring) == 0)
		return errinfo_set(t->e, ERR_INVALID, "arcs", "%s: a ring is not a list of arcs",
				   where);
	json_array_foreach (ring, i, v) {
		json_int_t idx;
		const struct arc *arc;
		int back;

		if (!json_is_integer(v))
			return errinfo_set(t->e, ERR_INVALID, "arcs",
					   "%s: arc index %zu is not an integer", where, i);
		idx = json_integer_value(v);
		back = idx < 0;
		if (back)
			idx = ~idx;
		if ((uint64_t)idx >= t->n_arcs)
			return errinfo_set(t->e, ERR_INVALID, "arcs",
					   "%s: arc index %lld is out of range (%zu arcs)", where,
					   (long long)json_integer_value(v), t->n_arcs);
		arc = &t->arcs[idx];
		/* the first point of every arc after the first is the last one of the previous */
		for (size_t j = i ? 1 : 0; j < arc->n; j++, k++) {
			size_t from = back ? arc->n - 1 - j : j;

			if (out) {
				out[2 * k] = arc->xy[2 * from];
				out[2 * k + 1] = arc->xy[2 * from + 1];
			}
		}
	}
	*n = k;
	return 0;
}

/* polygon_walk counts or copies every ring of one polygon (an array of rings). */
static int polygon_walk(struct topo *t, json_t *poly, const char *where, struct geo_feature *f)
{
	size_t i;
	json_t *ring;

	if (!json_is_array(poly))
		return errinfo_set(t->e, ERR_INVALID, "arcs",
				   "%s: a polygon is not a list of rings", where);
	json_array_foreach (poly, i, ring) {
		size_t n;
		int rc;

		if (!f->xy) {
			if ((rc = ring_walk(t, ring, where, NULL, &n)))
				return rc;
			if (n > GEO_MAX_POINTS - t->points)
				return errinfo_set(t->e, ERR_TOO_LARGE, "arcs",
						   "%s: the rings have more than %u points", where,
						   GEO_MAX_POINTS);
			if (++t->rings > GEO_MAX_RINGS)
				return errinfo_set(t->e, ERR_TOO_LARGE, "arcs",
						   "more than %u rings", GEO_MAX_RINGS);
			t->points += n;
			f->n_points += n;
			f->n_rings++;
			continue;
		}
		f->ring_starts[f->n_rings++] = (uint32_t)f->n_points;
		if ((rc = ring_walk(t, ring, where, f->xy + 2 * f->n_points, &n)))
			return rc;
		f->n_points += n;
	}
	return 0;
}

/* geometry_walk counts (f->xy NULL) or copies the rings of a Polygon or MultiPolygon. */
static int geometry_walk(struct topo *t, json_t *g, const char *where, struct geo_feature *f)
{
	const char *type = json_string_value(json_object_get(g, "type"));
	json_t *arcs = json_object_get(g, "arcs"), *poly;
	size_t i;
	int rc;

	if (strcmp(type, "Polygon") == 0)
		return polygon_walk(t, arcs, where, f);
	if (!json_is_array(arcs))
		return errinfo_set(t->e, ERR_INVALID, "arcs",
				   "%s: a MultiPolygon's arcs are not a list of polygons", where);
	json_array_foreach (arcs, i, poly)
		if ((rc = polygon_walk(t, poly, where, f)))
			return rc;
	return 0;
}

static int is_area(json_t *g)
{
	const char *type = json_string_value(json_object_get(g, "type"));

	return type && (strcmp(type, "Polygon") == 0 || strcmp(type, "MultiPolygon") == 0);
}

/* feature_fill decodes geometry g (number i, for messages) into f. */
static int feature_fill(struct topo *t, json_t *g, size_t i, struct arena *a, struct geo_feature *f)
{
	json_t *id = json_object_get(g, "id");
	const char *name =
	    json_string_value(json_object_get(json_object_get(g, "properties"), "name"));
	char where[64];
	int rc;

	if (json_is_string(id))
		f->id = arena_strdup(a, json_string_value(id));
	else if (json_is_integer(id))
		f->id = arena_sprintf(a, "%03lld", (long long)json_integer_value(id));
	else
		f->id = "";
	f->name = arena_strdup(a, name ? name : "");
	if (!f->id || !f->name)
		return errinfo_set(t->e, ERR_NOMEM, NULL, "out of memory");
	snprintf(where, sizeof where, "geometry %zu", i);
	if ((rc = geometry_walk(t, g, where, f)))
		return rc;
	f->xy = arena_alloc(a, (f->n_points ? f->n_points : 1) * 2 * sizeof *f->xy);
	f->ring_starts = arena_alloc(a, (f->n_rings ? f->n_rings : 1) * sizeof *f->ring_starts);
	if (!f->xy || !f->ring_starts)
		return errinfo_set(t->e, ERR_NOMEM, NULL, "out of memory");
	f->n_points = f->n_rings = 0;
	return geometry_walk(t, g, where, f);
}

int geo_topojson_decode(const char *text, size_t len, const char *object, struct arena *a,
			struct geo_topology *out, struct errinfo *e)
{
	struct topo t = {.e = e};
	struct geo_topology res = {0};
	json_t *root, *obj, *geoms, *g;
	json_error_t jerr;
	size_t i, n = 0;
	int rc = 0;

	if (len > GEO_MAX_INPUT)
		return errinfo_set(e, ERR_TOO_LARGE, NULL, "the topology is larger than %u bytes",
				   GEO_MAX_INPUT);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return errinfo_set(e, ERR_INVALID, NULL, "not JSON: line %d: %s", jerr.line,
				   jerr.text);
	if (!json_is_object(root) || !json_is_string(json_object_get(root, "type")) ||
	    strcmp(json_string_value(json_object_get(root, "type")), "Topology") != 0) {
		rc = errinfo_set(e, ERR_INVALID, "type", "not a TopoJSON Topology");
		goto out;
	}
	obj = json_object_get(json_object_get(root, "objects"), object);
	if (!json_is_object(obj)) {
		rc = errinfo_set(e, ERR_INVALID, "objects", "the topology has no object \"%s\"",
				 object);
		goto out;
	}
	if ((rc = decode_arcs(root, a, &t)))
		goto out;
	geoms = json_object_get(obj, "geometries");
	if (!json_is_array(geoms)) {
		/* a single geometry rather than a collection */
		geoms = json_array();
		if (!geoms || json_array_append(geoms, obj)) {
			json_decref(geoms);
			rc = errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
			goto out;
		}
		json_object_set_new(root, "stocktake:single", geoms);
	}
	if (json_array_size(geoms) > GEO_MAX_GEOMETRIES) {
		rc = errinfo_set(e, ERR_TOO_LARGE, "geometries", "more than %u geometries",
				 GEO_MAX_GEOMETRIES);
		goto out;
	}
	json_array_foreach (geoms, i, g)
		n += is_area(g);
	res.v = arena_alloc(a, (n ? n : 1) * sizeof *res.v);
	if (!res.v) {
		rc = errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
		goto out;
	}
	json_array_foreach (geoms, i, g) {
		if (!is_area(g))
			continue;
		if ((rc = feature_fill(&t, g, i, a, &res.v[res.n])))
			goto out;
		res.n++;
	}
	*out = res;
out:
	json_decref(root);
	return rc;
}

void geo_equal_earth(double lon, double lat, double *x, double *y)
{
	/* Šavrič, Patterson, Jenny (2018), "The Equal Earth map projection", IJGIS 33(3) */
	static const double A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796;
	const double M = sqrt(3.0) / 2.0;
	double l = lon * M_PI / 180.0, p = lat * M_PI / 180.0;
	double th = asin(M * sin(p)), t2 = th * th, t6 = t2 * t2 * t2;

	*x = l * cos(th) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
	*y = th * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
}
