/*
 * chart_cairo.h - drawing a scene (chart.h) with cairo, for the PDF report and PNG images.
 *
 * Kept apart from chart.h so that only the files that draw with cairo include cairo.
 * Text is laid out with pango (through fontconfig, so the Noto fonts cover Latin, Cyrillic,
 * Arabic and Chinese), in the family REPORT_FONT.
 */
#ifndef STOCKTAKE_REPORT_CHART_CAIRO_H
#define STOCKTAKE_REPORT_CHART_CAIRO_H

#include "core/err.h"
#include "report/chart.h"

#include <cairo.h>

/* The families in order: pango takes each character from the first that has it. */
#define REPORT_FONT "Noto Sans, Noto Sans Arabic, Noto Sans CJK SC, Noto Sans CJK JP"

/* The largest PNG side in pixels scene_png will make. */
#define SCENE_PNG_MAX 8192

/*
 * scene_cairo draws every shape of s on cr, in s's coordinates (points, origin top-left):
 * the caller translates and scales cr to place it. cr's state is restored afterwards.
 * 0, or ERR_IO when cr is in an error state (out of memory, a failed surface).
 */
int scene_cairo(const struct scene *s, cairo_t *cr);
/*
 * scene_cairo_linked is scene_cairo with the shapes' links as link tags (PDF link
 * annotations; nothing on an image surface), each made whole with base_url
 * (report_whole_url: a site-relative link without a base is left out).
 */
int scene_cairo_linked(const struct scene *s, cairo_t *cr, const char *base_url);

/*
 * scene_link_begin opens a link tag to link (made whole with base_url) on cr and returns 1,
 * or returns 0 when there is no link to make; a 1 needs scene_link_end(cr) once the
 * linked content is drawn.
 */
int scene_link_begin(cairo_t *cr, const char *base_url, const char *link);
void scene_link_end(cairo_t *cr);

/*
 * scene_png writes s as a PNG of s->width * scale by s->height * scale pixels on white, to
 * path. 0, ERR_INVALID (a scale that makes it empty or larger than SCENE_PNG_MAX) or ERR_IO,
 * with e filled; nothing is left at path on failure.
 */
int scene_png(const struct scene *s, const char *path, double scale, struct errinfo *e);

#endif
