/*
 * call_paging.h - the page of a list of calls, of a call's responses or of the calls queue
 * that a request asks for, read the same way for the pages and the API (see
 * docs/calls.md, "Pages of lists").
 */
#ifndef STOCKTAKE_APP_CALL_PAGING_H
#define STOCKTAKE_APP_CALL_PAGING_H

#include "app/app.h"

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

#endif
