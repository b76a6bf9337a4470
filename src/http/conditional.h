/*
 * conditional.h - conditional GET (RFC 9110, section 13): entity tags, HTTP dates, and
 * whether a request's If-None-Match / If-Modified-Since let the server answer 304.
 *
 * Only the parsing and the decision live here; what a tag is made of (a change number, the
 * filters, the language) is the caller's business.
 */
#ifndef STOCKTAKE_HTTP_CONDITIONAL_H
#define STOCKTAKE_HTTP_CONDITIONAL_H

#include "http/http.h"

#include <stdint.h>

#define HTTP_DATE_LEN 30 /* "Sun, 06 Nov 1994 08:49:37 GMT" and the NUL */
/* The longest If-None-Match value looked at; a longer one matches nothing. */
#define HTTP_INM_MAX 8192

/*
 * http_etag_match tells whether the If-None-Match value inm names etag (a quoted tag,
 * weak or strong), by the weak comparison If-None-Match calls for: "W/" is ignored on
 * both sides. inm is "*" or a comma-separated list of tags; anything malformed in it
 * matches nothing (the request is then answered in full).
 */
int http_etag_match(const char *inm, const char *etag);

/* http_date_format writes t (seconds since the epoch, UTC) as an IMF-fixdate. */
void http_date_format(int64_t t, char out[HTTP_DATE_LEN]);
/*
 * http_date_parse reads an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); 0 and *t, or
 * ERR_INVALID (the obsolete RFC 850 and asctime forms included: a cache then revalidates
 * with If-None-Match, which every response here carries).
 */
int http_date_parse(const char *s, int64_t *t);

/*
 * http_not_modified tells whether req may be answered 304 for a representation tagged
 * etag and last changed at last_modified (0: unknown). If-None-Match, when present,
 * decides alone; otherwise If-Modified-Since does, when last_modified is known.
 */
int http_not_modified(const struct http_request *req, const char *etag, int64_t last_modified);

#endif
