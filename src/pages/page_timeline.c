/*
 * page_timeline.c - the timeline of the WSIS+20 review (GET /timeline) and its calendar
 * (GET /timeline.ics): the events `stocktake init` loads from data/timeline and the
 * deadline of every published call, oldest first.
 */
#include "pages/page_calls.h"

#include "app/clock.h"
#include "io/timeline.h"

#include <string.h>

static const char *kind_label(struct app_request *ar, const char *kind)
{
	if (strcmp(kind, "meeting") == 0)
		return T(ar, "Meeting");
	if (strcmp(kind, "reading") == 0)
		return T(ar, "Reading");
	if (strcmp(kind, "deadline") == 0)
		return T(ar, "Deadline");
	return T(ar, "Forum");
}

/* when writes the event's dates: a day, a range, or a month. */
static void when(struct app_request *ar, const struct timeline_event *ev)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<time datetime=\"");
	html_attr(b, ev->start);
	html_raw(b, "\">");
	html_txt(b, ev->start);
	html_raw(b, "</time>");
	if (strcmp(ev->start, ev->end) != 0) {
		html_raw(b, " – <time datetime=\"");
		html_attr(b, ev->end);
		html_raw(b, "\">");
		html_txt(b, ev->end);
		html_raw(b, "</time>");
	}
	if (strlen(ev->start) == 7) {
		html_raw(b, " <small>");
		html_txt(b, T(ar, "(month only)"));
		html_raw(b, "</small>");
	}
}

void page_timeline(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	struct timeline_event *ev;
	size_t n;

	if (timeline_collect(ar->store, 1, ar->req->arena, &ev, &n)) {
		page_call_internal(ar, "reading the timeline failed", store_errmsg(ar->store));
		return;
	}
	page_call_begin(ar, T(ar, "Timeline of the review"), NAV_TIMELINE, 0, NULL,
			T(ar, "Timeline of the WSIS+20 review"));
	html_raw(b, "<p><a href=\"/timeline.ics\">");
	html_txt(b, T(ar, "Subscribe to the timeline in your calendar (.ics)"));
	html_raw(b, "</a> · <a href=\"/calls\">");
	html_txt(b, T(ar, "Calls for inputs"));
	html_raw(b, "</a></p><ol class=\"timeline\">");
	for (size_t i = 0; i < n; i++) {
		html_raw(b, "<li class=\"event kind-");
		html_attr(b, ev[i].kind);
		html_raw(b, "\" id=\"");
		html_attr(b, ev[i].uid);
		html_raw(b, "\"><p class=\"when\">");
		if (ev[i].at)
			page_call_time(ar, ev[i].at, "UTC");
		else
			when(ar, &ev[i]);
		html_raw(b, "</p><h2>");
		if (ev[i].call_id)
			html_rawf(b, "<a href=\"/calls/%lld\">", (long long)ev[i].call_id);
		html_txt(b, ev[i].title);
		html_raw(b,
			 ev[i].call_id ? "</a></h2><p class=\"meta\">" : "</h2><p class=\"meta\">");
		html_txt(b, kind_label(ar, ev[i].kind));
		if (ev[i].location && *ev[i].location) {
			html_raw(b, " · ");
			html_txt(b, ev[i].location);
		}
		html_raw(b, "</p>");
		if (ev[i].description && *ev[i].description) {
			html_raw(b, "<p>");
			html_txt(b, ev[i].description);
			html_raw(b, "</p>");
		}
		if (ev[i].url && *ev[i].url) {
			html_raw(b, "<p><a href=\"");
			html_attr(b, ev[i].url);
			html_raw(b, "\">");
			html_txt(b, T(ar, "More"));
			html_raw(b, "</a></p>");
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol>");
	page_end(ar);
}

void page_timeline_ics(struct app_request *ar)
{
	struct timeline_event *ev;
	size_t n;

	if (timeline_collect(ar->store, 1, ar->req->arena, &ev, &n)) {
		page_call_internal(ar, "reading the timeline failed", store_errmsg(ar->store));
		return;
	}
	if (timeline_ics(&ar->resp->body, "WSIS+20 review", ev, n, app_now(ar))) {
		page_call_internal(ar, "writing the calendar failed", "no memory");
		return;
	}
	ar->resp->content_type = "text/calendar; charset=utf-8";
	http_header_add(ar->resp, "Content-Disposition",
			"attachment; filename=\"wsis20-timeline.ics\"");
}
