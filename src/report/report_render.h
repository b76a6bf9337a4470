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

#endif
