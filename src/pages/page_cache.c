/*
 * page_cache.c - HTTP validators of the responses that follow the data (see page_cache.h).
 */
#include "pages/page_cache.h"

#include "core/log.h"
#include "core/utc.h"
#include "http/conditional.h"
#include "pages/pages.h"
#include "report/fig_cache.h"

#include <stdio.h>
#include <strings.h>

/* fnv hashes s into h (FNV-1a, 64 bits); a NUL byte ends each string. */
static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (h ^ 0) * 0x100000001b3ULL;
}

static int sets_cookie(const struct http_response *resp)
{
	for (size_t i = 0; i < resp->nheaders; i++)
		if (strcasecmp(resp->headers[i].name, "Set-Cookie") == 0)
			return 1;
	return 0;
}

int page_cache_check(struct app_request *ar, const char *what, int flags, int64_t *seq)
{
	int64_t now = utc_now(), since = 0, lm;
	uint64_t h = 0xcbf29ce484222325ULL;
	char date[HTTP_DATE_LEN];
	const char *etag;
	int shared;

	if (fig_cache_seq(ar->app->figures, ar->store, now, seq, &since)) {
		log_kv(LOG_ERROR, "change number", "detail", store_errmsg(ar->store), LOG_END);
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return -1;
	}
	h = fnv(h, STOCKTAKE_VERSION);
	h = fnv(h, what);
	if ((flags & PAGE_CACHE_USER) && ar->user.id) {
		char id[48];

		snprintf(id, sizeof id, "%lld/%d", (long long)ar->user.id, (int)ar->user.role);
		h = fnv(h, id);
		h = fnv(h, ar->user.email);
		h = fnv(h, ar->user.name);
		h = fnv(h, ar->csrf);
	}
	lm = since;
	if (flags & PAGE_CACHE_YEAR) {
		char day[UTC_ISO_LEN];
		int64_t jan1;

		utc_format(now, day);
		jan1 = utc_days_from_civil((day[0] - '0') * 1000 + (day[1] - '0') * 100 +
					       (day[2] - '0') * 10 + (day[3] - '0'),
					   1, 1) *
		       86400;
		if (lm < jan1)
			lm = jan1;
	}
	/* in the second of the change a date cannot tell the old data from the new */
	if (lm >= now)
		lm = 0;
	etag = arena_sprintf(ar->req->arena, "%s\"%lld-%016llx\"",
			     (flags & PAGE_CACHE_WEAK) ? "W/" : "", (long long)*seq,
			     (unsigned long long)h);
	shared = (flags & PAGE_CACHE_PUBLIC) && !ar->user.id && !sets_cookie(ar->resp);
	if (!etag) {
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return -1;
	}
	http_header_add(ar->resp, "ETag", etag);
	http_header_add(ar->resp, "Cache-Control",
			shared ? PAGE_CACHE_PUBLIC_CONTROL : "private, no-cache");
	if (flags & PAGE_CACHE_LANG)
		http_header_add(ar->resp, "Vary", "Accept-Language, Cookie");
	if (lm) {
		http_date_format(lm, date);
		http_header_add(ar->resp, "Last-Modified", arena_strdup(ar->req->arena, date));
	}
	if (http_not_modified(ar->req, etag, lm)) {
		ar->resp->status = 304;
		return 1;
	}
	return 0;
}
