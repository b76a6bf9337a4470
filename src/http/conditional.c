/*
 * conditional.c - entity tags and HTTP dates for conditional GET (see conditional.h).
 */
#include "http/conditional.h"

#include "core/err.h"
#include "core/utc.h"

#include <stdio.h>
#include <string.h>

static const char *const wdays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* opaque returns the tag's quoted part (weak prefix dropped) and its length in *n. */
static const char *opaque(const char *tag, size_t *n)
{
	if (tag[0] == 'W' && tag[1] == '/')
		tag += 2;
	*n = strlen(tag);
	return tag;
}

int http_etag_match(const char *inm, const char *etag)
{
	size_t en, len;
	const char *e, *p = inm;

	if (!inm || !etag || !*etag || (len = strnlen(inm, HTTP_INM_MAX + 1)) > HTTP_INM_MAX)
		return 0;
	e = opaque(etag, &en);
	while (*p == ' ' || *p == '\t')
		p++;
	if (p[0] == '*') {
		for (p++; *p == ' ' || *p == '\t'; p++)
			;
		return *p == '\0';
	}
	for (;;) {
		const char *start;
		int match;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			return 0;
		start = p;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (*p != '"')
			return 0;
		/* etagc: any visible character but '"' (RFC 9110, 8.8.3) */
		for (p++; *p && *p != '"'; p++)
			if ((unsigned char)*p < 0x21 || *p == 0x7f)
				return 0;
		if (*p != '"')
			return 0;
		p++;
		if (start[0] == 'W')
			start += 2;
		match = (size_t)(p - start) == en && memcmp(start, e, en) == 0;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p && *p != ',')
			return 0;
		if (match)
			return 1;
	}
}

void http_date_format(int64_t t, char out[HTTP_DATE_LEN])
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400), secs = t - days * 86400;
	/* civil_from_days (Howard Hinnant's algorithm) */
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);
	int wd = (int)(((days % 7) + 7) % 7);

	snprintf(out, HTTP_DATE_LEN, "%s, %02d %s %04d %02d:%02d:%02d GMT", wdays[wd], (int)d,
		 months[m - 1], (int)(y % 10000), (int)(secs / 3600), (int)(secs / 60 % 60),
		 (int)(secs % 60));
}

/* num reads exactly n digits at s into *v; 0 or -1. */
static int num(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int http_date_parse(const char *s, int64_t *t)
{
	int d, y, hh, mm, ss, m = -1, wd = -1;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	/* "Sun, 06 Nov 1994 08:49:37 GMT": 29 characters, fixed positions */
	if (!s || strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
	    s[16] != ' ' || s[19] != ':' || s[22] != ':' || s[25] != ' ' ||
	    strcmp(s + 26, "GMT") != 0)
		return ERR_INVALID;
	for (int i = 0; i < 12; i++)
		if (strncmp(s + 8, months[i], 3) == 0)
			m = i;
	/* the day of the week must be a name; whether it is the right one does not matter */
	for (int i = 0; i < 7; i++)
		if (strncmp(s, wdays[i], 3) == 0)
			wd = i;
	if (m < 0 || wd < 0 || num(s + 5, 2, &d) || num(s + 12, 4, &y) || num(s + 17, 2, &hh) ||
	    num(s + 20, 2, &mm) || num(s + 23, 2, &ss) || d < 1 || d > mdays[m] || hh > 23 ||
	    mm > 59 || ss > 60)
		return ERR_INVALID;
	*t = utc_days_from_civil(y, (unsigned)m + 1, (unsigned)d) * 86400 + hh * 3600 + mm * 60 +
	     (ss == 60 ? 59 : ss);
	return 0;
}

int http_not_modified(const struct http_request *req, const char *etag, int64_t last_modified)
{
	const char *inm = req->header(req, "If-None-Match"), *ims;
	int64_t since;

	if (inm)
		return http_etag_match(inm, etag);
	ims = req->header(req, "If-Modified-Since");
	return last_modified > 0 && ims && http_date_parse(ims, &since) == 0 &&
	       last_modified <= since;
}
