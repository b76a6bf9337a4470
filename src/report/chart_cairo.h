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
 * scene_png writes s as a PNG of s->width * scale by s->height * scale pixels on white, to
 * path. 0, ERR_INVALID (a scale that makes it empty or larger than SCENE_PNG_MAX) or ERR_IO,
 * with e filled; nothing is left at path on failure.
 */
int scene_png(const struct scene *s, const char *path, double scale, struct errinfo *e);

#endif
