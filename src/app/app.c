/*
 * app.c - one place where every request is routed and shared policy is applied: the
 * database connection, the caller's identity, the language, the role a route needs, the
 * CSRF token of every form that changes something, and error pages.
 */
#include "app/app.h"

#include "api/api.h"
#include "app/auth.h"
#include "app/search_cache.h"
#include "app/search_request.h"
#include "core/log.h"
#include "core/mo.h"
#include "html/html.h"
#include "pages/pages.h"
#include "report/fig_cache.h"
#include "search/search.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const role_names[] = {"anonymous", "submitter", "moderator", "admin"};

const char *role_name(enum role r)
{
	return (unsigned)r <= ROLE_ADMIN ? role_names[r] : "anonymous";
}

int role_parse(const char *s)
{
	for (int i = ROLE_SUBMITTER; i <= ROLE_ADMIN; i++)
		if (s && strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

void app_init(struct app *a, const struct app_config *cfg)
{
	memset(a, 0, sizeof *a);
	a->cfg = *cfg;
	if (!a->cfg.address)
		a->cfg.address = "127.0.0.1";
	if (!a->cfg.port)
		a->cfg.port = 8080;
	if (!a->cfg.threads)
		a->cfg.threads = 4;
	if (a->cfg.threads > APP_MAX_THREADS)
		a->cfg.threads = APP_MAX_THREADS;
	if (!a->cfg.session_days)
		a->cfg.session_days = 14;
	if (!a->cfg.pwhash_slots)
		a->cfg.pwhash_slots = APP_PWHASH_SLOTS;
	if (!a->cfg.register_per_hour)
		a->cfg.register_per_hour = APP_REGISTER_PER_HOUR;
	sem_init(&a->pwhash_slots, 0, a->cfg.pwhash_slots);
	pthread_mutex_init(&a->pool_lock, NULL);
	pthread_mutex_init(&a->labels_lock, NULL);
	a->search = search_index_new(); /* loaded now, in the background */
	if (a->search && a->cfg.db_path)
		search_index_preload(a->search, a->cfg.db_path);
	a->figures = fig_cache_new();
	a->answers = a->cfg.no_search_cache ? NULL : search_cache_new();
	if (a->cfg.no_search_cache)
		log_kv(LOG_WARN, "search answers are not cached (search_cache = off)", LOG_END);
}

void app_cleanup(struct app *a)
{
	for (int i = 0; i < a->npool; i++)
		store_close(a->pool[i]);
	for (int l = 0; l < LANG__COUNT; l++)
		mo_free(a->catalog[l]);
	search_index_free(a->search);
	fig_cache_free(a->figures);
	search_labels_cleanup(a);
	search_cache_free(a->answers);
	pthread_mutex_destroy(&a->labels_lock);
	pthread_mutex_destroy(&a->pool_lock);
	sem_destroy(&a->pwhash_slots);
}

/* pool_get hands out an idle connection, opening one when none is idle. */
static struct store *pool_get(struct app *a, struct errinfo *e)
{
	struct store *s = NULL;

	pthread_mutex_lock(&a->pool_lock);
	if (a->npool > 0)
		s = a->pool[--a->npool];
	pthread_mutex_unlock(&a->pool_lock);
	if (s)
		return s;
	if (store_open(a->cfg.db_path, 0, &s, e) != 0)
		return NULL;
	return s;
}

static void pool_put(struct app *a, struct store *s)
{
	pthread_mutex_lock(&a->pool_lock);
	if (a->npool < (int)(sizeof a->pool / sizeof *a->pool)) {
		a->pool[a->npool++] = s;
		s = NULL;
	}
	pthread_mutex_unlock(&a->pool_lock);
	store_close(s);
}

/*
 * match_segment: a pattern with one "*" segment (for /initiatives/ID/edit) matches a path
 * with one non-empty segment (no '/') in its place; *seg and *seglen give that segment.
 */
static int match_segment(const char *pattern, const char *path, const char **seg, size_t *seglen)
{
	const char *star = strchr(pattern, '*');
	size_t pre = (size_t)(star - pattern), n, post = strlen(star + 1);

	if (strncmp(path, pattern, pre) != 0)
		return 0;
	n = strcspn(path + pre, "/");
	if (n == 0 || strcmp(path + pre + n, star + 1) != 0 || post == 0)
		return 0;
	*seg = path + pre;
	*seglen = n;
	return 1;
}

/* match_route finds the route for method and path; *method_mismatch when only the method differs. */
static const struct route *match_route(enum http_method m, const char *path, struct arena *a,
				       const char **arg, int *method_mismatch)
{
	*method_mismatch = 0;
	*arg = NULL;
	if (m == HTTP_HEAD)
		m = HTTP_GET;
	for (size_t i = 0; i < app_route_count; i++) {
		const struct route *r = &app_routes[i];
		size_t n = strlen(r->pattern), seglen = 0;
		const char *seg = NULL;
		int hit;

		if (strchr(r->pattern, '*'))
			hit = match_segment(r->pattern, path, &seg, &seglen);
		else if (r->flags & ROUTE_PREFIX_ARG)
			hit = strncmp(path, r->pattern, n) == 0 && path[n] != '\0' &&
			      strchr(path + n, '/') == NULL;
		else
			hit = strcmp(path, r->pattern) == 0;
		if (!hit)
			continue;
		if (r->method != m) {
			*method_mismatch = 1;
			continue;
		}
		if (seg)
			*arg = arena_strndup(a, seg, seglen);
		else if (r->flags & ROUTE_PREFIX_ARG)
			*arg = path + n;
		return r;
	}
	return NULL;
}

/*
 * choose_lang: ?lang= (remembered in a cookie by the language chooser), then the lang
 * cookie, then Accept-Language (first supported language in the list), then English.
 */
static enum lang choose_lang(struct app_request *ar)
{
	const char *q = http_query(ar->req, "lang"), *c = http_cookie(ar->req, "lang");
	const char *al = ar->req->header(ar->req, "Accept-Language");
	int l;

	if (q && (l = lang_parse(q)) >= 0)
		return (enum lang)l;
	if (c && (l = lang_parse(c)) >= 0)
		return (enum lang)l;
	while (al && *al) {
		while (*al == ' ' || *al == ',')
			al++;
		if ((l = lang_parse(al)) >= 0 && (l == LANG_EN || ar->app->catalog[l]))
			return (enum lang)l;
		al = strchr(al, ',');
	}
	return LANG_EN;
}

void app_error(struct app_request *ar, int status, const char *code, const char *message,
	       const char *field)
{
	ar->resp->status = status;
	buf_reset(&ar->resp->body);
	ar->resp->stream.produce = NULL;
	if (ar->api)
		api_error(ar, status, code, message, field);
	else
		page_error(ar, status, message);
}

void app_handle(void *ud, struct http_request *req, struct http_response *resp)
{
	struct app *a = ud;
	struct app_request ar;
	const struct route *r;
	struct errinfo e;
	int mismatch, rc;

	memset(&ar, 0, sizeof ar);
	ar.app = a;
	ar.req = req;
	ar.resp = resp;
	/* Valid while this function runs, which is as long as the request is handled. */
	req->ctx = &ar; // cppcheck-suppress autoVariables
	ar.api = strncmp(req->path, "/api/", 5) == 0;
	ar.lang = LANG_EN;
	r = match_route(req->method, req->path, req->arena, &ar.route_arg, &mismatch);
	if (r && (r->flags & ROUTE_API))
		ar.api = 1;
	errinfo_clear(&e);
	ar.store = pool_get(a, &e);
	if (!ar.store) {
		log_kv(LOG_ERROR, "database unavailable", "detail", e.msg, LOG_END);
		app_error(&ar, 503, "unavailable", "The database is not available.", NULL);
		return;
	}
	ar.lang = choose_lang(&ar);
	rc = auth_identify(&ar);
	if (rc == ERR_UNAUTHORIZED) { /* a bearer token that is not (or no longer) one of ours */
		app_error(
		    &ar, 401, "invalid_token",
		    T(&ar, "The API token is not valid: it is malformed, unknown or revoked."),
		    NULL);
		goto out;
	}
	if (rc != 0) {
		app_error(&ar, 500, "internal", T(&ar, "Something went wrong on our side."), NULL);
		goto out;
	}
	if (!r) {
		if (mismatch)
			app_error(&ar, 405, "method_not_allowed",
				  T(&ar, "This address does not accept that method."), NULL);
		else
			app_error(&ar, 404, "not_found",
				  T(&ar, "There is no page at this address."), NULL);
		goto out;
	}
	/* A form posted without this visitor's token is refused whoever sends it, before
	 * the role check: signed in or not, the answer is 403. */
	if (req->method == HTTP_POST && !(r->flags & (ROUTE_NO_CSRF | ROUTE_API)) &&
	    !auth_csrf_ok(&ar)) {
		app_error(&ar, 403, "csrf",
			  T(&ar, "This form has expired or did not come from this site. "
				 "Go back, reload the page and try again."),
			  NULL);
		goto out;
	}
	if (ar.user.role < r->min_role) {
		if (ar.user.role == ROLE_ANONYMOUS && !ar.api && req->method == HTTP_GET) {
			struct buf next;

			/* Back to the same page, query included, once logged in. */
			buf_init(&next, 8192);
			buf_puts(&next, "/login?next=");
			for (const char *p = req->path; *p; p++) {
				char one[2] = {*p, '\0'};

				if (*p == '/') /* readable: /login?next=/account */
					buf_putc(&next, '/');
				else
					html_url_arg(&next, one);
			}
			if (*req->query_string || req->query.n) {
				html_url_arg(&next, "?");
				for (size_t i = 0; i < req->query.n; i++) {
					if (i)
						html_url_arg(&next, "&");
					html_url_arg(&next, req->query.v[i].name);
					html_url_arg(&next, "=");
					html_url_arg(&next, req->query.v[i].value);
				}
			}
			http_redirect(resp, arena_strdup(req->arena, buf_cstr(&next)));
			buf_cleanup(&next);
		} else if (ar.user.role == ROLE_ANONYMOUS) {
			if (ar.api)
				http_header_add(resp, "WWW-Authenticate", "Bearer");
			app_error(&ar, 401, "unauthenticated", T(&ar, "Please log in first."),
				  NULL);
		} else {
			app_error(&ar, 403, "forbidden",
				  T(&ar, "Your account is not allowed to do this."), NULL);
		}
		goto out;
	}
	r->handler(&ar);
out:
	search_labels_release(&ar);
	pool_put(a, ar.store);
}
