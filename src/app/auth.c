/*
 * auth.c - identifying the caller (session cookie on pages, bearer token on the API),
 * starting and ending sessions, making API tokens, and checking CSRF tokens.
 *
 * Every secret (session key, API token, CSRF token) is 32 random bytes in base64url; the
 * database keeps only the SHA-256 of session keys and API tokens, so a copy of it lets no
 * one in. A session's CSRF token is kept with it; a visitor without a session has a
 * double-submit CSRF cookie instead.
 */
#include "app/auth.h"

#include "core/log.h"
#include "core/utc.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define CSRF_COOKIE "stocktake_csrf"
#define SESSION_COOKIE "stocktake_session"
#define TOKEN_PREFIX "stk_" /* makes a leaked token easy to recognise and search for */

char *auth_random_token(struct arena *a, size_t n)
{
	unsigned char raw[64];
	size_t len =
	    sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out;

	if (n > sizeof raw)
		return NULL;
	out = arena_alloc(a, len);
	if (!out)
		return NULL;
	randombytes_buf(raw, n);
	sodium_bin2base64(out, len, raw, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	return out;
}

char *auth_hash(struct arena *a, const char *s)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char *out = arena_alloc(a, sizeof h * 2 + 1);

	if (!out)
		return NULL;
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, sizeof h * 2 + 1, h, sizeof h);
	return out;
}

/* valid_token tells whether s looks like one of our tokens (base64url, sane length). */
static int valid_token(const char *s)
{
	size_t n = 0;

	if (!s)
		return 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
		      (s[n] >= '0' && s[n] <= '9') || s[n] == '-' || s[n] == '_'))
			return 0;
	return n >= 32 && n <= 128;
}

static void set_csrf_cookie(struct app_request *ar, const char *token)
{
	char *cookie =
	    arena_sprintf(ar->req->arena, CSRF_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s",
			  token, ar->app->cfg.secure_cookies ? "; Secure" : "");

	if (cookie)
		http_header_add(ar->resp, "Set-Cookie", cookie);
}

/* set_session_cookie sets the session cookie to token, or clears it when token is NULL. */
static void set_session_cookie(struct app_request *ar, const char *token)
{
	char *cookie = arena_sprintf(
	    ar->req->arena, SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%lld%s",
	    token ? token : "", token ? (long long)ar->app->cfg.session_days * 86400 : 0LL,
	    ar->app->cfg.secure_cookies ? "; Secure" : "");

	if (cookie)
		http_header_add(ar->resp, "Set-Cookie", cookie);
}

/* set_user makes u the request's user; -1 (and nothing set) for a role we do not know. */
static int set_user(struct app_request *ar, const struct store_user *u)
{
	int role = role_parse(u->role);

	if (role < 0)
		return -1;
	ar->user.id = u->id;
	ar->user.email = u->email;
	ar->user.name = u->name;
	ar->user.role = (enum role)role;
	return 0;
}

/* new_visitor_csrf gives an anonymous visitor a fresh double-submit CSRF token. */
static int new_visitor_csrf(struct app_request *ar)
{
	ar->csrf = auth_random_token(ar->req->arena, 32);
	if (!ar->csrf)
		return ERR_NOMEM;
	set_csrf_cookie(ar, ar->csrf);
	return 0;
}

/* invalid_token marks the response for a bad bearer token (RFC 6750) and says so. */
static int invalid_token(struct app_request *ar)
{
	http_header_add(ar->resp, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
	return ERR_UNAUTHORIZED;
}

/* identify_bearer: API requests are anonymous or carry one of our tokens, nothing else. */
static int identify_bearer(struct app_request *ar)
{
	const char *h = ar->req->header(ar->req, "Authorization");
	struct store_user u;
	char *token, *hash;
	size_t n;
	int rc;

	if (!h)
		return 0;
	if (strncasecmp(h, "Bearer ", 7) != 0)
		return invalid_token(ar);
	h += 7;
	while (*h == ' ')
		h++;
	n = strlen(h);
	while (n && h[n - 1] == ' ')
		n--;
	if (!(token = arena_strndup(ar->req->arena, h, n)))
		return ERR_NOMEM;
	if (!valid_token(token))
		return invalid_token(ar);
	if (!(hash = auth_hash(ar->req->arena, token)))
		return ERR_NOMEM;
	rc = store_token_user(ar->store, hash, utc_now(), ar->req->arena, &u);
	if (rc == ERR_NOT_FOUND)
		return invalid_token(ar);
	if (rc) {
		log_kv(LOG_ERROR, "reading an API token", "detail", store_errmsg(ar->store),
		       (char *)NULL);
		return rc;
	}
	if (set_user(ar, &u) != 0)
		return invalid_token(ar);
	return 0;
}

/* identify_session: the session cookie, if it names a live session, else none. */
static int identify_session(struct app_request *ar)
{
	const char *cookie = http_cookie(ar->req, SESSION_COOKIE), *csrf = NULL;
	struct store_user u;
	char *hash;
	int rc;

	if (!cookie)
		return 0;
	if (valid_token(cookie)) {
		if (!(hash = auth_hash(ar->req->arena, cookie)))
			return ERR_NOMEM;
		rc = store_session_find(ar->store, hash, utc_now(), ar->req->arena, &u, &csrf);
		if (rc == 0 && set_user(ar, &u) == 0) {
			ar->session_hash = hash;
			ar->csrf = csrf;
			return 0;
		}
		if (rc && rc != ERR_NOT_FOUND) {
			log_kv(LOG_ERROR, "reading a session", "detail", store_errmsg(ar->store),
			       (char *)NULL);
			return rc;
		}
	}
	set_session_cookie(ar, NULL); /* expired, ended or forged: forget it */
	return 0;
}

int auth_identify(struct app_request *ar)
{
	const char *csrf;
	int rc;

	ar->user.id = 0;
	ar->user.role = ROLE_ANONYMOUS;
	ar->user.email = ar->user.name = NULL;
	ar->session_hash = NULL;
	ar->csrf = NULL;
	if (ar->api)
		return identify_bearer(ar);
	if ((rc = identify_session(ar)) || ar->user.id)
		return rc;
	csrf = http_cookie(ar->req, CSRF_COOKIE);
	if (valid_token(csrf)) {
		ar->csrf = csrf;
		return 0;
	}
	return new_visitor_csrf(ar);
}

int auth_login(struct app_request *ar, const struct store_user *u)
{
	const char *token, *hash, *csrf;
	int rc;

	if (ar->session_hash &&
	    (rc = store_session_delete(ar->store, ar->session_hash, ar->user.email)))
		return rc;
	ar->session_hash = NULL;
	token = auth_random_token(ar->req->arena, 32);
	csrf = auth_random_token(ar->req->arena, 32);
	hash = token ? auth_hash(ar->req->arena, token) : NULL;
	if (!csrf || !hash)
		return ERR_NOMEM;
	rc = store_session_create(ar->store, hash, u->id, csrf,
				  utc_now() + (int64_t)ar->app->cfg.session_days * 86400, u->email);
	if (rc)
		return rc;
	if (set_user(ar, u) != 0)
		return ERR_INTERNAL;
	set_session_cookie(ar, token);
	ar->session_hash = hash;
	ar->csrf = csrf;
	return 0;
}

int auth_logout(struct app_request *ar)
{
	int rc;

	if (ar->session_hash &&
	    (rc = store_session_delete(ar->store, ar->session_hash, ar->user.email)))
		return rc;
	set_session_cookie(ar, NULL);
	ar->session_hash = NULL;
	ar->user.id = 0;
	ar->user.role = ROLE_ANONYMOUS;
	ar->user.email = ar->user.name = NULL;
	return new_visitor_csrf(ar);
}

int auth_token_create(struct store *s, struct arena *a, int64_t user_id, const char *name,
		      const char *actor, const char **token)
{
	const char *secret = auth_random_token(a, 32);
	char *t = secret ? arena_sprintf(a, "%s%s", TOKEN_PREFIX, secret) : NULL;
	char *hash = t ? auth_hash(a, t) : NULL;
	int rc;

	if (!hash)
		return ERR_NOMEM;
	if ((rc = store_token_create(s, user_id, hash, name, actor, NULL)))
		return rc;
	*token = t;
	return 0;
}

int auth_csrf_ok(const struct app_request *ar)
{
	const char *given = http_form(ar->req, "csrf");
	size_t n;

	if (!given || !ar->csrf)
		return 0;
	n = strlen(ar->csrf);
	if (strlen(given) != n)
		return 0;
	return sodium_memcmp(given, ar->csrf, n) == 0;
}

int auth_pwhash_begin(struct app *app, unsigned wait_ms)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += wait_ms / 1000;
	until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (sem_timedwait(&app->pwhash_slots, &until) != 0)
		if (errno != EINTR)
			return ERR_BUSY;
	return 0;
}

void auth_pwhash_end(struct app *app)
{
	sem_post(&app->pwhash_slots);
}
