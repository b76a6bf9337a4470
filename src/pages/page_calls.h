/*
 * page_calls.h - the pages of calls for inputs and the review timeline: the list and one
 * call (page_calls.c), answering (page_call_answer.c), running calls and moderating their
 * responses (page_call_admin.c), the synthesis and its downloads (page_call_synthesis.c),
 * the timeline (page_timeline.c), and what they share.
 */
#ifndef STOCKTAKE_PAGES_PAGE_CALLS_H
#define STOCKTAKE_PAGES_PAGE_CALLS_H

#include "pages/pages.h"

#include <stdint.h>

/* The handlers. */
void page_calls(struct app_request *ar);
void page_call(struct app_request *ar); /* /calls/ID and /calls/ID.ics */
void page_call_follow(struct app_request *ar);
void page_call_answer(struct app_request *ar);
void page_call_answer_post(struct app_request *ar);
void page_call_new(struct app_request *ar);
void page_call_new_post(struct app_request *ar);
void page_call_edit(struct app_request *ar);
void page_call_edit_post(struct app_request *ar);
void page_call_responses(struct app_request *ar);
void page_call_responses_csv(struct app_request *ar);
void page_call_moderate_post(struct app_request *ar);
void page_call_queue(struct app_request *ar);
void page_call_synthesis(struct app_request *ar);
void page_call_synthesis_csv(struct app_request *ar);
void page_call_synthesis_xlsx(struct app_request *ar);
void page_call_synthesis_pdf(struct app_request *ar);
void page_timeline(struct app_request *ar);
void page_timeline_ics(struct app_request *ar);
/*
 * page_account_notifications writes the signed-in user's notifications for the account page,
 * a page of them (?cursor=, ?limit=: 20 by default) with its pager. 0, or -1 when it
 * answered with an error page instead (a bad cursor or size): the caller writes no more.
 */
int page_account_notifications(struct app_request *ar);

/* ---- shared by the call pages (page_calls.c) ---- */

struct call;

/*
 * page_call_load reads the call whose number is the route's argument (or arg when not
 * NULL) into *c (strings in the request's arena); 0, or an error page already sent (404
 * for an unknown call, or a draft shown to someone who is not a moderator).
 */
int page_call_load(struct app_request *ar, const char *arg, struct call *c);
/*
 * page_call_time writes t as a <time> element: UTC, and the wall-clock time in zone (the
 * call's, or the one the viewer chose with ?tz=); the script calls.js adds the viewer's
 * own zone.
 */
void page_call_time(struct app_request *ar, int64_t t, const char *zone);
/* page_call_script adds calls.js (deadlines in the viewer's zone, time left). */
void page_call_script(struct app_request *ar);
/*
 * page_call_begin starts a page of the calls: page_begin with title and nav, calls.js, a
 * crumb back to the call crumb_id (0: to the list of calls) when crumb is not NULL, and the
 * heading <h1>; the caller writes on after it.
 */
void page_call_begin(struct app_request *ar, const char *title, enum page_nav nav, int64_t crumb_id,
		     const char *crumb, const char *heading);
/* page_call_phase_label names a call's phase for people. */
const char *page_call_phase_label(struct app_request *ar, int phase);
/* page_call_internal logs detail and answers 500. */
void page_call_internal(struct app_request *ar, const char *what, const char *detail);
/* page_call_notice writes a status message (class good or bad). */
void page_call_notice(struct app_request *ar, const char *msg, int good);
/*
 * page_call_pager writes the links of a paged list at path in a <nav>: to the first page
 * when this is not it, to the previous one when prev is not NULL (its cursor, "" for the
 * first page: app_call_prev_cursor) and to the next one when next (its cursor) is not
 * NULL; ?limit= is kept.
 */
void page_call_pager(struct app_request *ar, const char *path, const char *prev, const char *next);

#endif
