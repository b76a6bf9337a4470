/*
 * report_render.c - helpers the PDF and XLSX renderers share (see report_render.h).
 */
#include "report/report_render.h"

#include "core/err.h"
#include "core/mo.h"

#include <stdio.h>
#include <string.h>
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

const char *report_whole_url(const char *base_url, const char *link, char *buf, size_t buflen)
{
	int n;

	if (!link || !*link)
		return NULL;
	if (strncmp(link, "http://", 7) == 0 || strncmp(link, "https://", 8) == 0)
		n = snprintf(buf, buflen, "%s", link);
	else if (link[0] == '/' && link[1] != '/' && base_url && *base_url)
		n = snprintf(buf, buflen, "%s%s", base_url, link);
	else
		return NULL;
	return n > 0 && (size_t)n < buflen ? buf : NULL;
}

int report_base_url(const char *in, char *out)
{
	size_t n = in ? strnlen(in, REPORT_BASE_URL_MAX + 1) : 0;
	const char *p;

	if (n == 0 || n > REPORT_BASE_URL_MAX)
		return ERR_INVALID;
	if (strncmp(in, "https://", 8) == 0)
		p = in + 8;
	else if (strncmp(in, "http://", 7) == 0)
		p = in + 7;
	else
		return ERR_INVALID;
	if (*p == '[') { /* an IPv6 address */
		for (p++; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
			  (*p >= 'A' && *p <= 'F') || *p == ':' || *p == '.';
		     p++)
			;
		if (*p++ != ']')
			return ERR_INVALID;
	} else {
		const char *host = p;

		for (; (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		       (*p >= '0' && *p <= '9') || *p == '.' || *p == '-';
		     p++)
			;
		if (p == host)
			return ERR_INVALID;
	}
	if (*p == ':') {
		const char *port = ++p;

		while (*p >= '0' && *p <= '9')
			p++;
		if (p == port || p - port > 5)
			return ERR_INVALID;
	}
	if (*p && *p != '/')
		return ERR_INVALID;
	/* the path: what a URL's path may hold unescaped, and escapes */
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("/-._~%!$&()*+,;=:@", *p)))
			return ERR_INVALID;
	memcpy(out, in, n + 1);
	while (n > 0 && out[n - 1] == '/')
		out[--n] = '\0';
	return 0;
}
