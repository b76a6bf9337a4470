/*
 * report_render.c - helpers the PDF and XLSX renderers share (see report_render.h).
 */
#include "report/report_render.h"

#include "core/mo.h"

#include <stdio.h>
#include <sys/stat.h>

const char *report_tr(const struct report *r, const char *msgid)
{
	const char *t = mo_get(r->catalog, msgid);

	return t && *t ? t : msgid;
}

int report_tmp_path(const char *path, char *buf, size_t buflen, struct errinfo *e)
{
	struct stat st;

	/* the file is renamed into place: that would replace a device or a link to one */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return errinfo_set(e, ERR_INVALID, NULL, "%s: not a regular file", path);
	if ((size_t)snprintf(buf, buflen, "%s.tmp", path) >= buflen)
		return errinfo_set(e, ERR_INVALID, NULL, "%s: path too long", path);
	return 0;
}
