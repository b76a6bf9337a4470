/*
 * auth.c - identifying the caller and checking CSRF tokens.
 */
#include "app/auth.h"

#include <sodium.h>
#include <string.h>

#define CSRF_COOKIE "stocktake_csrf"

char *auth_random_token(struct arena *a, size_t n)
{
	unsigned char raw[64];
	size_t len = sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
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
	char *cookie = arena_sprintf(ar->req->arena,
				     CSRF_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s", token,
				     ar->app->cfg.secure_cookies ? "; Secure" : "");

	if (cookie)
		http_header_add(ar->resp, "Set-Cookie", cookie);
}

int auth_identify(struct app_request *ar)
{
	const char *csrf = http_cookie(ar->req, CSRF_COOKIE);

	ar->user.id = 0;
	ar->user.role = ROLE_ANONYMOUS;
	ar->user.email = ar->user.name = NULL;
	ar->session_hash = NULL;
	if (valid_token(csrf)) {
		ar->csrf = csrf;
	} else {
		ar->csrf = auth_random_token(ar->req->arena, 32);
		if (!ar->csrf)
			return ERR_NOMEM;
		set_csrf_cookie(ar, ar->csrf);
	}
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
