/*
 * report_formats_pending.c - placeholders for the PDF and XLSX renderers, which are built
 * on another branch (report_pdf.c with cairo + pango, report_xlsx.c with libxlsxwriter).
 * Delete this file when those are merged.
 */
#include "report/report.h"

int report_xlsx(const struct report *r, const char *path, struct errinfo *e)
{
	(void)r;
	(void)path;
	return errinfo_set(e, ERR_INTERNAL, "format", "XLSX reports are not built yet");
}

int report_pdf(const struct report *r, const char *path, struct errinfo *e)
{
	(void)r;
	(void)path;
	return errinfo_set(e, ERR_INTERNAL, "format", "PDF reports are not built yet");
}
