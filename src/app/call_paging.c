/*
 * call_paging.c - the page a request asks of a list of calls (see call_paging.h).
 */
#include "app/call_paging.h"

#include "core/i18n.h"
#include "domain/call.h"

#include <string.h>

int app_call_paging(struct app_request *ar, size_t def, struct store_call_after *after,
		    size_t *limit)
{
	const char *cursor = http_query(ar->req, "cursor"), *lim = http_query(ar->req, "limit");

	memset(after, 0, sizeof *after);
	*limit = def;
	if (cursor && *cursor && call_cursor_parse(cursor, &after->key, &after->id)) {
		app_error(ar, 400, "invalid",
			  T(ar, "This page link is not valid: start again from the first page."),
			  "cursor");
		return -1;
	}
	if (lim && *lim && call_limit_parse(lim, limit)) {
		app_error(ar, 400, "invalid", T(ar, "Show from 1 to 100 results per page."),
			  "limit");
		return -1;
	}
	return 0;
}

int app_call_page(struct app_request *ar, struct app_call_page *p)
{
	int drafts = ar->user.role >= ROLE_MODERATOR, has_prev = 0;
	struct store_call_after after, prev;
	size_t limit;

	memset(p, 0, sizeof *p);
	if (app_call_paging(ar, APP_CALLS_PAGE, &after, &limit))
		return 1;
	/* one more than the page: whether there is a next page */
	if (store_call_list(ar->store, drafts, &after, limit + 1, ar->req->arena, &p->v, &p->n) ||
	    store_call_list_prev(ar->store, drafts, &after, limit, &prev, &has_prev))
		return -1;
	if (p->n > limit) {
		p->n = limit;
		call_cursor_format(p->v[limit - 1].closes_at, p->v[limit - 1].id, p->next_buf);
		p->next = p->next_buf;
	}
	p->prev = app_call_prev_cursor(ar, has_prev, &prev);
	return 0;
}

const char *app_call_prev_cursor(struct app_request *ar, int has,
				 const struct store_call_after *prev)
{
	char c[CALL_CURSOR_LEN];

	if (!has)
		return NULL;
	if (!prev->id)
		return "";
	call_cursor_format(prev->key, prev->id, c);
	return arena_strdup(ar->req->arena, c);
}
