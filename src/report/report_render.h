/*
 * report_render.h - what the PDF and XLSX renderers of a report share.
 */
#ifndef STOCKTAKE_REPORT_REPORT_RENDER_H
#define STOCKTAKE_REPORT_REPORT_RENDER_H

#include "report/report.h"

/*
 * report_tr translates msgid, one of the few words a renderer adds itself (marked with
 * N_() where it is written), into the report's language through r->catalog; msgid itself
 * when there is no catalogue or no translation.
 */
const char *report_tr(const struct report *r, const char *msgid);

/*
 * report_tmp_path writes "PATH.tmp" into buf, where a renderer writes before renaming it to
 * path; ERR_INVALID (e filled) when it is too long, or when path exists and is not a regular
 * file (renaming over /dev/null or a link would replace it).
 */
int report_tmp_path(const char *path, char *buf, size_t buflen, struct errinfo *e);

/*
 * report_whole_url writes link into buf as a URL a file can carry (an XLSX hyperlink, a PDF
 * link) and returns buf, or NULL: no link, a site-relative one ("/initiatives?...") when
 * base_url is NULL or empty, or one longer than buflen. Absolute http(s) links are kept.
 */
const char *report_whole_url(const char *base_url, const char *link, char *buf, size_t buflen);

/*
 * report_base_url checks a site's address for report_whole_url: "http://" or "https://", a
 * host (letters, digits, '.', '-', or [an IPv6 address]), an optional :port and path, at
 * most REPORT_BASE_URL_MAX bytes, no query, fragment, space or quote. Writes it without its
 * trailing '/' into out (REPORT_BASE_URL_MAX + 1 bytes); 0 or ERR_INVALID.
 */
#define REPORT_BASE_URL_MAX 512
int report_base_url(const char *in, char *out);

#endif
