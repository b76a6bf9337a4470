/*
 * ical.h - writing iCalendar (RFC 5545): the review timeline and each call's deadline as
 * calendar events that calendar programs subscribe to.
 *
 * Output is exactly what the RFC asks: CRLF line ends, content lines folded at 75 octets
 * (never inside a UTF-8 sequence), TEXT values with backslash, semicolon, comma and newlines
 * escaped, a DTSTAMP and a UID on every event, whole-day events as VALUE=DATE with an
 * exclusive DTEND, moments in UTC ("Z").
 */
#ifndef STOCKTAKE_IO_ICAL_H
#define STOCKTAKE_IO_ICAL_H

#include "core/buf.h"
#include "domain/call.h"

#include <stdint.h>

#define ICAL_LINE_MAX 75 /* octets of a content line, CRLF excluded */

/* ical_begin writes BEGIN:VCALENDAR and the calendar's properties; name is its title. */
int ical_begin(struct buf *b, const char *name);
/*
 * ical_event writes one VEVENT for ev: whole days (start..end inclusive, "YYYY-MM-DD" or a
 * month "YYYY-MM") or, when ev->at is set, that moment. UID is ev->uid + "@" + domain;
 * DTSTAMP is dtstamp (UTC). Returns 0 or buf's error.
 */
int ical_event(struct buf *b, const struct timeline_event *ev, const char *domain, int64_t dtstamp);
/* ical_end writes END:VCALENDAR. */
int ical_end(struct buf *b);
/* ical_line writes one content line "name:value" (value as is), folded; for tests too. */
int ical_line(struct buf *b, const char *name, const char *value);
/* ical_text_escape appends s escaped as an iCalendar TEXT value to out. */
int ical_text_escape(struct buf *out, const char *s);

#endif
