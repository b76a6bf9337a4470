/*
 * ical.c - the iCalendar writer (see ical.h). A content line is first built whole, then
 * folded: at most 75 octets per physical line, a continuation line starting with one space
 * (which counts), and a fold never falls inside a UTF-8 sequence.
 */
#include "io/ical.h"

#include "core/utc.h"

#include <stdio.h>
#include <string.h>

#define CRLF "\r\n"

int ical_text_escape(struct buf *out, const char *s)
{
	int rc = 0;

	for (; s && *s && !rc; s++) {
		switch (*s) {
		case '\\':
			rc = buf_puts(out, "\\\\");
			break;
		case ';':
			rc = buf_puts(out, "\\;");
			break;
		case ',':
			rc = buf_puts(out, "\\,");
			break;
		case '\n':
			rc = buf_puts(out, "\\n");
			break;
		case '\r': /* CRLF and CR become one \n */
			rc = buf_puts(out, "\\n");
			if (s[1] == '\n')
				s++;
			break;
		default:
			/* other control characters are not allowed in TEXT */
			if ((unsigned char)*s >= 0x20 || *s == '\t')
				rc = buf_putc(out, *s);
			break;
		}
	}
	return rc;
}

int ical_line(struct buf *b, const char *name, const char *value)
{
	size_t nlen = strlen(name), vlen = strlen(value), total = nlen + 1 + vlen, pos = 0;
	size_t room = ICAL_LINE_MAX;
	int rc = 0;

	/* the logical line is name ":" value; fold it */
	while (pos < total && !rc) {
		size_t take = total - pos < room ? total - pos : room, end = pos + take;

		/* do not cut a UTF-8 sequence: back off to the byte that starts one */
		while (end < total && end > pos) {
			unsigned char c = (unsigned char)(end < nlen    ? name[end]
							  : end == nlen ? ':'
									: value[end - nlen - 1]);

			if ((c & 0xC0) != 0x80)
				break;
			end--;
		}
		if (end == pos) /* not UTF-8 here: no boundary to keep, cut where the room ends */
			end = pos + take;
		if (pos > 0)
			rc = buf_putc(b, ' ');
		for (size_t i = pos; i < end && !rc; i++)
			rc = buf_putc(b, i < nlen    ? name[i]
					 : i == nlen ? ':'
						     : value[i - nlen - 1]);
		if (!rc)
			rc = buf_puts(b, CRLF);
		pos = end;
		room = ICAL_LINE_MAX - 1; /* the leading space counts */
	}
	return rc;
}

/* text_line writes name with the TEXT value v escaped; nothing for an empty v. */
static int text_line(struct buf *b, const char *name, const char *v)
{
	struct buf t;
	int rc;

	if (!v || !*v)
		return 0;
	buf_init(&t, 1 << 20);
	rc = ical_text_escape(&t, v);
	if (!rc)
		rc = ical_line(b, name, buf_cstr(&t));
	buf_cleanup(&t);
	return rc;
}

int ical_begin(struct buf *b, const char *name)
{
	int rc = buf_puts(b, "BEGIN:VCALENDAR" CRLF "VERSION:2.0" CRLF);

	if (!rc)
		rc = ical_line(b, "PRODID", "-//stocktake//WSIS+20 stocktaking platform//EN");
	if (!rc)
		rc = buf_puts(b, "CALSCALE:GREGORIAN" CRLF "METHOD:PUBLISH" CRLF);
	if (!rc)
		rc = text_line(b, "X-WR-CALNAME", name);
	return rc;
}

int ical_end(struct buf *b)
{
	return buf_puts(b, "END:VCALENDAR" CRLF);
}

/* stamp formats a UTC moment as 20250314T235959Z. */
static void stamp(int64_t t, char out[17])
{
	char iso[UTC_ISO_LEN];

	utc_format(t, iso);
	snprintf(out, 17, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", iso, iso + 5, iso + 8, iso + 11, iso + 14,
		 iso + 17);
}

/*
 * day_bounds turns an inclusive range of "YYYY-MM-DD" or "YYYY-MM" into the DATE values of
 * DTSTART and the exclusive DTEND.
 */
static int day_bounds(const char *start, const char *end, char s[9], char e[9])
{
	unsigned y, m, d = 1, ey, em, ed = 1;
	char iso[UTC_ISO_LEN];
	int64_t days;

	if (sscanf(start, "%4u-%2u-%2u", &y, &m, &d) < 2 ||
	    sscanf(end, "%4u-%2u-%2u", &ey, &em, &ed) < 2)
		return -1;
	snprintf(s, 9, "%04u%02u%02u", y, m, d);
	if (strlen(end) == 7) /* a month: to the first day of the next */
		days = utc_days_from_civil(em == 12 ? ey + 1 : ey, em == 12 ? 1 : em + 1, 1);
	else
		days = utc_days_from_civil(ey, em, ed) + 1;
	utc_format(days * 86400, iso);
	snprintf(e, 9, "%.4s%.2s%.2s", iso, iso + 5, iso + 8);
	return 0;
}

int ical_event(struct buf *b, const struct timeline_event *ev, const char *domain, int64_t dtstamp)
{
	char st[17], ds[9], de[9], uid[300], seq[24], cat[32];
	int rc;

	stamp(dtstamp, st);
	snprintf(uid, sizeof uid, "%s@%s", ev->uid, domain);
	if ((rc = buf_puts(b, "BEGIN:VEVENT" CRLF)) || (rc = ical_line(b, "UID", uid)) ||
	    (rc = ical_line(b, "DTSTAMP", st)))
		return rc;
	if (ev->at) {
		stamp(ev->at, st);
		rc = ical_line(b, "DTSTART", st);
	} else if (day_bounds(ev->start, ev->end, ds, de) == 0) {
		if (!(rc = ical_line(b, "DTSTART;VALUE=DATE", ds)))
			rc = ical_line(b, "DTEND;VALUE=DATE", de);
	} else {
		return ERR_INVALID;
	}
	snprintf(seq, sizeof seq, "%d", ev->sequence);
	snprintf(cat, sizeof cat, "%s", ev->kind ? ev->kind : "");
	for (char *p = cat; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	if (rc || (rc = ical_line(b, "SEQUENCE", seq)) ||
	    (rc = text_line(b, "SUMMARY", ev->title)) ||
	    (rc = text_line(b, "LOCATION", ev->location)) ||
	    (rc = text_line(b, "DESCRIPTION", ev->description)) ||
	    (rc = text_line(b, "CATEGORIES", cat)))
		return rc;
	if (ev->url && *ev->url && (rc = ical_line(b, "URL", ev->url)))
		return rc;
	return buf_puts(b, "TRANSP:TRANSPARENT" CRLF "END:VEVENT" CRLF);
}
