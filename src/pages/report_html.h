/*
 * report_html.h - a report (report/report.h) as HTML: the body of the report pages and of
 * the standalone HTML file `stocktake report --format html` writes. Every chart is an SVG
 * (scene_svg) with its data table beside it; every count links to its initiatives.
 */
#ifndef STOCKTAKE_PAGES_REPORT_HTML_H
#define STOCKTAKE_PAGES_REPORT_HTML_H

#include "report/report.h"

/*
 * report_html writes r as an <article>: the title, subtitle, filters and date, then
 * `extra` (trusted markup: the page's download links; may be NULL), then every block.
 * Texts not in r are translated with o. 0 or an ERR_ code (b's limit, a chart).
 */
int report_html(struct buf *b, const struct report *r, const struct report_opts *o, struct arena *a,
		const char *extra);

/*
 * report_html_page writes a whole standalone page (the site's stylesheet inline, no script)
 * around report_html, for files, whose links must work when opened from disk: a link into
 * the site is made whole with r->base_url or, when r has none, left out (its text stays).
 */
int report_html_page(struct buf *b, const struct report *r, const struct report_opts *o,
		     struct arena *a);

#endif
