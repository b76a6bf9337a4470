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
 * cookie gets one set on the response. API routes never look at cookies: a request
 * without an Authorization header is anonymous, and one with a malformed, unknown or
 * revoked token is ERR_UNAUTHORIZED (the caller answers 401 "invalid_token"; the
 * WWW-Authenticate header is already on the response). Other errors: a broken store.
 */
int auth_identify(struct app_request *ar);
/* auth_csrf_ok tells whether the form's "csrf" field matches the request's token. */
int auth_csrf_ok(const struct app_request *ar);
/* auth_random_token writes n random bytes as base64url (no padding) into the arena. */
char *auth_random_token(struct arena *a, size_t n);
/* auth_hash returns the hex SHA-256 of s in the arena. */
char *auth_hash(struct arena *a, const char *s);

/*
 * auth_login starts a session for u (strings in the request's arena): it ends the
 * request's current session if any, so a log-in always gets a new session key and a new
 * CSRF token, sets the session cookie, and makes u the request's user. 0 or an err code.
 */
int auth_login(struct app_request *ar, const struct store_user *u);
/*
 * auth_logout ends the request's session (if any), clears the session cookie and gives
 * the visitor a fresh CSRF cookie. 0 or an err code.
 */
int auth_logout(struct app_request *ar);
/*
 * auth_token_create makes an API token for user_id named name and stores its hash; the
 * token itself ("stk_" and 43 base64url characters, in a) is in *token, to be shown once.
 */
int auth_token_create(struct store *s, struct arena *a, int64_t user_id, const char *name,
		      const char *actor, const char **token);

/*
 * Password hashing takes 64 MiB and a tenth of a second of one core, so a burst of
 * log-ins must not run them all at once: a handler that hashes or checks a password
 * first takes one of the app's slots with auth_pwhash_begin, waiting at most wait_ms;
 * 0 when it has one, ERR_BUSY when none came free (the caller answers 503 with
 * Retry-After), and gives it back with auth_pwhash_end.
 */
int auth_pwhash_begin(struct app *app, unsigned wait_ms);
void auth_pwhash_end(struct app *app);
#define AUTH_PWHASH_WAIT_MS 10000

#endif
