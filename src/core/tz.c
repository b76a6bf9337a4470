/*
 * tz.c - IANA time zones read from the compiled tz database (TZif files, RFC 8536) and their
 * POSIX TZ footers, with the calendar arithmetic of utc.c. See tz.h for why TZ and
 * localtime_r are not used: they are process-wide state, and the server has threads.
 */
#include "core/tz.h"

#include "core/utc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TZ_MAX_TYPES 256
#define RULE_MAX 128 /* longest footer read */

const char *tz_dir(void)
{
	const char *d = getenv("TZDIR");

	return d && *d ? d : "/usr/share/zoneinfo";
}

int tz_valid_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > TZ_NAME_MAX || name[0] == '/' || name[0] == '-' || strstr(name, ".."))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (!isalnum(c) && c != '/' && c != '_' && c != '-' && c != '+')
			return 0;
	}
	return 1;
}

/* ---- POSIX TZ strings (the footer of a version 2+ file) ---- */

/* rule_name skips a zone abbreviation: three or more letters, or <...>; copies it to abbr. */
static const char *rule_name(const char *p, char abbr[TZ_ABBR_MAX])
{
	size_t n = 0;

	if (*p == '<') {
		const char *end = strchr(p + 1, '>');

		if (!end || end - p - 1 < 1 || end - p - 1 >= TZ_ABBR_MAX)
			return NULL;
		n = (size_t)(end - p - 1);
		memcpy(abbr, p + 1, n);
		abbr[n] = '\0';
		return end + 1;
	}
	while (isalpha((unsigned char)p[n]))
		n++;
	if (n < 3 || n >= TZ_ABBR_MAX)
		return NULL;
	memcpy(abbr, p, n);
	abbr[n] = '\0';
	return p + n;
}

/* rule_time reads [+-]hh[:mm[:ss]] (hours up to maxh) into *secs; NULL when malformed. */
static const char *rule_time(const char *p, int maxh, int32_t *secs)
{
	int sign = 1;
	long part[3] = {0, 0, 0};

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	for (int i = 0; i < 3; i++) {
		int digits = 0;

		if (i > 0) {
			if (*p != ':')
				break;
			p++;
		}
		while (isdigit((unsigned char)*p) && digits < 3)
			part[i] = part[i] * 10 + (*p++ - '0'), digits++;
		if (!digits || (i > 0 && part[i] > 59))
			return NULL;
	}
	if (part[0] > maxh)
		return NULL;
	*secs = (int32_t)(sign * (part[0] * 3600 + part[1] * 60 + part[2]));
	return p;
}

struct rule_date {
	char kind; /* 'M', 'J' or 'n' */
	int m, w, d, n;
	int32_t time;
};

static const char *rule_date(const char *p, struct rule_date *r)
{
	char *end;
	long v;

	r->time = 7200;
	if (*p == 'M') {
		r->kind = 'M';
		r->m = (int)strtol(p + 1, &end, 10);
		if (end == p + 1 || *end != '.' || r->m < 1 || r->m > 12)
			return NULL;
		p = end + 1;
		r->w = (int)strtol(p, &end, 10);
		if (end == p || *end != '.' || r->w < 1 || r->w > 5)
			return NULL;
		p = end + 1;
		r->d = (int)strtol(p, &end, 10);
		if (end == p || r->d < 0 || r->d > 6)
			return NULL;
		p = end;
	} else {
		r->kind = *p == 'J' ? 'J' : 'n';
		if (*p == 'J')
			p++;
		if (!isdigit((unsigned char)*p))
			return NULL;
		v = strtol(p, &end, 10);
		if (v < (r->kind == 'J' ? 1 : 0) || v > 365)
			return NULL;
		r->n = (int)v;
		p = end;
	}
	if (*p == '/' && !(p = rule_time(p + 1, 167, &r->time)))
		return NULL;
	return p;
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* rule_day is the day (days since the epoch) on which r falls in year y. */
static int64_t rule_day(const struct rule_date *r, int64_t y)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t jan1 = utc_days_from_civil(y, 1, 1), first, day;
	int len, wday;

	if (r->kind == 'J')
		return jan1 + r->n - 1 + (is_leap(y) && r->n >= 60);
	if (r->kind == 'n')
		return jan1 + r->n;
	first = utc_days_from_civil(y, (unsigned)r->m, 1);
	len = mdays[r->m - 1] + (r->m == 2 && is_leap(y));
	wday = (int)(((first + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
	day = first + (r->d - wday + 7) % 7 + (int64_t)(r->w - 1) * 7;
	while (day >= first + len)
		day -= 7;
	return day;
}

int tz_posix_rule(const char *rule, int64_t t, struct tz_info *out)
{
	char std[TZ_ABBR_MAX], dst[TZ_ABBR_MAX];
	int32_t std_off, dst_off;
	struct rule_date start, end;
	const char *p = rule;
	int64_t s, e;
	long y;
	unsigned mm, dd;
	char iso[UTC_ISO_LEN];
	int in_dst;

	if (!p || !(p = rule_name(p, std)) || !(p = rule_time(p, 24, &std_off)))
		return ERR_INVALID;
	std_off = -std_off; /* POSIX counts west of Greenwich as positive */
	if (*p == '\0') {
		out->offset = std_off;
		out->isdst = 0;
		snprintf(out->abbr, sizeof out->abbr, "%s", std);
		return 0;
	}
	if (!(p = rule_name(p, dst)))
		return ERR_INVALID;
	dst_off = std_off + 3600;
	if (*p != ',' && *p != '\0') {
		if (!(p = rule_time(p, 24, &dst_off)))
			return ERR_INVALID;
		dst_off = -dst_off;
	}
	if (*p != ',' || !(p = rule_date(p + 1, &start)) || *p != ',' ||
	    !(p = rule_date(p + 1, &end)) || *p != '\0')
		return ERR_INVALID;
	/* the year of t in standard time */
	utc_format(t + std_off, iso);
	if (sscanf(iso, "%4ld-%2u-%2u", &y, &mm, &dd) != 3)
		return ERR_INVALID;
	s = rule_day(&start, y) * 86400 + start.time - std_off;
	e = rule_day(&end, y) * 86400 + end.time - dst_off;
	if (s < e)
		in_dst = t >= s && t < e;
	else /* the southern hemisphere: daylight time spans the new year */
		in_dst = !(t >= e && t < s);
	out->isdst = in_dst;
	out->offset = in_dst ? dst_off : std_off;
	snprintf(out->abbr, sizeof out->abbr, "%s", in_dst ? dst : std);
	return 0;
}

/* ---- TZif files ---- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct tzif_counts {
	uint32_t isut, isstd, leap, time, type, chars;
};

static size_t block_size(const struct tzif_counts *c, size_t tsize)
{
	return (size_t)c->time * tsize + c->time + (size_t)c->type * 6 + c->chars +
	       (size_t)c->leap * (tsize + 4) + c->isstd + c->isut;
}

static int bad(struct errinfo *e, const char *why)
{
	return errinfo_set(e, ERR_INVALID, "tz", "the time zone file is damaged: %s", why);
}

int tz_parse_tzif(const unsigned char *data, size_t len, int64_t t, struct tz_info *out,
		  struct errinfo *e)
{
	struct tzif_counts c;
	const unsigned char *p = data, *times, *idx, *types, *chars;
	size_t tsize = 4, lo, hi;
	int version;
	uint32_t type = 0;

	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return bad(e, "no TZif header");
	version = p[4] ? p[4] - '0' : 1;
	for (int pass = 0; pass < 2; pass++) {
		if ((size_t)(p - data) + 44 > len)
			return bad(e, "truncated header");
		c.isut = be32(p + 20);
		c.isstd = be32(p + 24);
		c.leap = be32(p + 28);
		c.time = be32(p + 32);
		c.type = be32(p + 36);
		c.chars = be32(p + 40);
		if (c.type == 0 || c.type > TZ_MAX_TYPES || c.time > 100000 || c.chars > 10000 ||
		    c.leap > 10000 || c.isut > c.type || c.isstd > c.type)
			return bad(e, "impossible counts");
		if (block_size(&c, tsize) > len - (size_t)(p - data) - 44)
			return bad(e, "truncated data");
		if (version < 2 || pass == 1)
			break;
		p += 44 + block_size(&c, 4);
		tsize = 8;
	}
	times = p + 44;
	idx = times + (size_t)c.time * tsize;
	types = idx + c.time;
	chars = types + (size_t)c.type * 6;
	if (c.time > 0 && t >= (tsize == 8 ? be64(times + (size_t)(c.time - 1) * 8)
					   : (int32_t)be32(times + (size_t)(c.time - 1) * 4))) {
		/* after the last transition: the footer's rule, if any */
		const unsigned char *f =
		    chars + c.chars + (size_t)c.leap * (tsize + 4) + c.isstd + c.isut;
		size_t left = len - (size_t)(f - data), n = 0;
		char rule[RULE_MAX];

		if (version >= 2 && left > 2 && f[0] == '\n') {
			while (n + 1 < left && f[n + 1] != '\n' && n < sizeof rule - 1)
				n++;
			memcpy(rule, f + 1, n);
			rule[n] = '\0';
			if (n > 0 && n + 1 < left && f[n + 1] == '\n')
				return tz_posix_rule(rule, t, out) ? bad(e, "bad footer rule") : 0;
		}
		type = idx[c.time - 1];
	} else if (c.time > 0 && t >= (tsize == 8 ? be64(times) : (int32_t)be32(times))) {
		lo = 0;
		hi = c.time - 1; /* times[lo] <= t < times[hi + 1] */
		while (lo < hi) {
			size_t mid = (lo + hi + 1) / 2;
			int64_t at =
			    tsize == 8 ? be64(times + mid * 8) : (int32_t)be32(times + mid * 4);

			if (at <= t)
				lo = mid;
			else
				hi = mid - 1;
		}
		type = idx[lo];
	}
	if (type >= c.type)
		return bad(e, "transition to an unknown type");
	{
		const unsigned char *ty = types + (size_t)type * 6;
		uint8_t ai = ty[5];
		size_t n = 0;

		if (ai >= c.chars)
			return bad(e, "abbreviation out of range");
		out->offset = (int32_t)be32(ty);
		if (out->offset < -25 * 3600 || out->offset > 26 * 3600)
			return bad(e, "offset out of range");
		out->isdst = ty[4] != 0;
		while (ai + n < c.chars && chars[ai + n] && n < TZ_ABBR_MAX - 1)
			n++;
		memcpy(out->abbr, chars + ai, n);
		out->abbr[n] = '\0';
	}
	return 0;
}

/* struct zone_file: a zone file read whole. */
struct zone_file {
	unsigned char *data;
	size_t len;
};

static int zone_read(const char *zone, struct zone_file *z, struct errinfo *e)
{
	char path[512];
	FILE *f;
	size_t n;

	z->data = NULL;
	z->len = 0;
	if (!tz_valid_name(zone))
		return errinfo_set(e, ERR_INVALID, "tz",
				   "\"%.80s\" is not a time zone name (such as Europe/Zurich)",
				   zone ? zone : "");
	snprintf(path, sizeof path, "%s/%s", tz_dir(), zone);
	if (!(f = fopen(path, "rb")))
		return errinfo_set(e, ERR_NOT_FOUND, "tz",
				   "unknown time zone \"%s\" (use an IANA name such as "
				   "Europe/Zurich or America/New_York)",
				   zone);
	if (!(z->data = malloc(TZ_FILE_MAX))) {
		fclose(f);
		return errinfo_set(e, ERR_NOMEM, "tz", "out of memory reading a time zone");
	}
	n = fread(z->data, 1, TZ_FILE_MAX, f);
	fclose(f);
	z->len = n;
	if (n == 0 || n == TZ_FILE_MAX) {
		free(z->data);
		z->data = NULL;
		return errinfo_set(e, ERR_NOT_FOUND, "tz", "unknown time zone \"%s\"", zone);
	}
	return 0;
}

int tz_lookup(const char *zone, int64_t t, struct tz_info *out, struct errinfo *e)
{
	struct zone_file z;
	int rc = zone_read(zone, &z, e);

	if (rc)
		return rc;
	rc = tz_parse_tzif(z.data, z.len, t, out, e);
	if (rc == ERR_INVALID && memcmp(z.data, "TZif", 4) != 0)
		rc = errinfo_set(e, ERR_NOT_FOUND, "tz", "unknown time zone \"%s\"", zone);
	free(z.data);
	return rc;
}

/* read_num reads exactly n digits at *p into *v. */
static int read_num(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (!isdigit((unsigned char)**p))
			return -1;
		*v = *v * 10 + (**p - '0');
	}
	return 0;
}

int tz_parse_time(const char *s, const char *zone, const char *field, int64_t *utc,
		  struct errinfo *e)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *p = s;
	int y, mo, d, h, mi, sec = 0, oh, om, sign, rc;
	int64_t local, best = 0;
	int found = 0;
	struct zone_file z;
	struct tz_info before, after, check;

	if (!s || strlen(s) > 64)
		return errinfo_set(e, ERR_INVALID, field,
				   "%s: give a date and time such as "
				   "2025-03-14T23:59",
				   field);
	if (read_num(&p, 4, &y) || *p++ != '-' || read_num(&p, 2, &mo) || *p++ != '-' ||
	    read_num(&p, 2, &d) || (*p != 'T' && *p != 't' && *p != ' ') || !*++p ||
	    read_num(&p, 2, &h) || *p++ != ':' || read_num(&p, 2, &mi))
		return errinfo_set(e, ERR_INVALID, field,
				   "%s: \"%.64s\" is not a date and time such as 2025-03-14T23:59",
				   field, s);
	if (*p == ':') {
		p++;
		if (read_num(&p, 2, &sec))
			return errinfo_set(e, ERR_INVALID, field, "%s: bad seconds in \"%.64s\"",
					   field, s);
	}
	if (y < 1970 || y > 2199 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && is_leap(y)) || h > 23 || mi > 59 || sec > 59)
		return errinfo_set(e, ERR_INVALID, field,
				   "%s: \"%.64s\" is not a real date and time", field, s);
	local =
	    utc_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec;
	if (*p == 'Z' || *p == 'z') {
		if (p[1])
			goto trailing;
		*utc = local;
		return 0;
	}
	if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (read_num(&p, 2, &oh) || *p++ != ':' || read_num(&p, 2, &om) || *p || oh > 14 ||
		    om > 59)
			return errinfo_set(e, ERR_INVALID, field,
					   "%s: bad UTC offset in \"%.64s\" (use +hh:mm)", field,
					   s);
		*utc = local - sign * (oh * 3600 + om * 60);
		return 0;
	}
	if (*p)
		goto trailing;
	/* a wall-clock time in zone: try the offsets in force a day either side */
	if ((rc = zone_read(zone, &z, e)))
		return rc;
	rc = tz_parse_tzif(z.data, z.len, local - 86400, &before, e);
	if (!rc)
		rc = tz_parse_tzif(z.data, z.len, local + 86400, &after, e);
	for (int i = 0; !rc && i < 2; i++) {
		int32_t off = i ? after.offset : before.offset;

		rc = tz_parse_tzif(z.data, z.len, local - off, &check, e);
		if (!rc && check.offset == off && (!found || local - off < best)) {
			best = local - off;
			found = 1;
		}
	}
	free(z.data);
	if (rc)
		return rc;
	if (!found)
		return errinfo_set(e, ERR_INVALID, field,
				   "%s: %.64s does not exist in %s: the clocks skip it for "
				   "daylight-saving time",
				   field, s, zone);
	*utc = best;
	return 0;
trailing:
	return errinfo_set(e, ERR_INVALID, field, "%s: unexpected text after the time in \"%.64s\"",
			   field, s);
}

int tz_format(const char *zone, int64_t t, char out[TZ_LOCAL_LEN], char abbr[TZ_ABBR_MAX],
	      struct errinfo *e)
{
	struct tz_info info;
	char iso[UTC_ISO_LEN];
	int rc = tz_lookup(zone, t, &info, e), off;

	if (rc)
		return rc;
	utc_format(t + info.offset, iso);
	off = info.offset < 0 ? -info.offset : info.offset;
	snprintf(out, TZ_LOCAL_LEN, "%.19s%c%02d:%02d", iso, info.offset < 0 ? '-' : '+',
		 off / 3600, off % 3600 / 60);
	if (abbr)
		snprintf(abbr, TZ_ABBR_MAX, "%s", info.abbr);
	return 0;
}
