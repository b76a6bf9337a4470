/*
 * call_paging.h - the page of a list of calls, of a call's responses or of the calls queue
 * that a request asks for, read the same way for the pages and the API (see
 * docs/calls.md, "Pages of lists").
 */
#ifndef STOCKTAKE_APP_CALL_PAGING_H
#define STOCKTAKE_APP_CALL_PAGING_H

#include "app/app.h"
#include "domain/call.h"

/*
 * app_call_paging reads ?cursor= (where the page before ended, domain/call.h) into *after
 * (zero for the first page) and ?limit= into *limit (def when absent); 0, or non-zero with
 * a 400 already answered in the route's form, naming the parameter.
 */
int app_call_paging(struct app_request *ar, size_t def, struct store_call_after *after,
		    size_t *limit);
/*
 * app_call_prev_cursor gives the ?cursor= of the page before, from store_call_*_prev's
 * answer: NULL when there is none (has 0), "" when it is the first page, else the cursor
 * (in the request's arena).
 */
const char *app_call_prev_cursor(struct app_request *ar, int has,
				 const struct store_call_after *prev);

/* The calls shown on one page of /calls or /api/v1/calls, and the links around it. */
#define APP_CALLS_PAGE 20
struct app_call_page {
	struct call *v; /* n of them are shown */
	size_t n;
	const char *prev; /* app_call_prev_cursor's answer */
	const char *next; /* the next page's cursor, or NULL on the last page */
	char next_buf[CALL_CURSOR_LEN];
};
/*
 * app_call_page reads the page of calls the request asks for (app_call_paging, drafts
 * only for moderators) into *p: 0; 1 when a 400 is already answered; -1 when the store
 * failed (the caller answers, in its own form).
 */
int app_call_page(struct app_request *ar, struct app_call_page *p);

#endif
