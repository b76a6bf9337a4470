/*
 * auth.h - who is asking: sessions from cookies, API tokens, and CSRF tokens.
 *
 * Sessions: the cookie "stocktake_session" holds a random secret; the database keeps only
 * its SHA-256 hash, with the user and the session's CSRF token. Visitors without a session
 * get a "stocktake_csrf" cookie instead (double submit), so the log-in and register forms
 * are protected too. API clients send "Authorization: Bearer TOKEN" (a per-account token).
 */
#ifndef STOCKTAKE_APP_AUTH_H
#define STOCKTAKE_APP_AUTH_H

#include "app/app.h"

/*
 * auth_identify fills ar->user, ar->session_hash and ar->csrf from the request's cookies
 * or bearer token (API routes only). A visitor stays anonymous; a visitor without a CSRF
 * cookie gets one set on the response. Returns 0, or an error for a broken store.
 */
int auth_identify(struct app_request *ar);
/* auth_csrf_ok tells whether the form's "csrf" field matches the request's token. */
int auth_csrf_ok(const struct app_request *ar);
/* auth_random_token writes n random bytes as base64url (no padding) into the arena. */
char *auth_random_token(struct arena *a, size_t n);
/* auth_hash returns the hex SHA-256 of s in the arena. */
char *auth_hash(struct arena *a, const char *s);

#endif
