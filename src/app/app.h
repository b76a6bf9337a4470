/*
 * app.h - the web application: configuration, the pool of database connections, the
 * per-request context handed to every page and API handler, and the route table.
 *
 * There is no global state: a struct app is made by `stocktake serve` and reaches every
 * handler through struct app_request. Shared policy (who may call a route, CSRF, language,
 * error pages) is applied in app.c before a handler runs, so a handler only parses its
 * input, calls services and renders.
 */
#ifndef STOCKTAKE_APP_APP_H
#define STOCKTAKE_APP_APP_H

#include "domain/lang.h"
#include "http/http.h"
#include "store/store.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>

#define APP_MAX_THREADS 64
/* Password hashes (argon2id, 64 MiB each) computed at once, by default: at most 256 MiB. */
#define APP_PWHASH_SLOTS 4
/* Accounts one client address may register in an hour, by default. */
#define APP_REGISTER_PER_HOUR 10

struct app_config {
	const char *db_path;
	const char *address; /* listen address, default 127.0.0.1 */
	unsigned port;       /* default 8080 */
	unsigned threads;    /* default 4 */
	int secure_cookies;  /* behind TLS: mark cookies Secure */
	unsigned session_days;
	size_t max_body;
	int access_log;
	unsigned pwhash_slots;      /* password hashes at once (0: APP_PWHASH_SLOTS) */
	unsigned register_per_hour; /* registrations per client address (0: the default) */
	/* the site's address ("https://stocktake.example.org", no trailing '/'), for links in
	 * files (report XLSX and PDF) and JSON-LD; NULL: unknown, such links stay relative or
	 * are left out */
	const char *base_url;
	int no_search_cache; /* keep no search answers (app/search_cache.h): for measuring */
};

struct mo_catalog;
struct search_index;
struct map_model;
struct search_labels_set;
struct fig_cache;
struct search_cache;

struct app {
	struct app_config cfg;
	struct mo_catalog *catalog[LANG__COUNT]; /* NULL for English and missing catalogues */
	pthread_mutex_t pool_lock;
	struct store *pool[APP_MAX_THREADS + 8];
	int npool;
	struct search_index *search; /* facets and full text (src/search/); NULL: no memory */
	/* the mapping model (src/mapping/), opened by `stocktake serve`, read-only and shared by
	 * every thread; NULL when it could not be loaded: tag suggestions and /api/v1/map are
	 * then unavailable (503) and everything else works */
	struct map_model *model;
	/* facet values' titles per language, shared by requests (app/search_request.c) */
	pthread_mutex_t labels_lock;
	struct search_labels_set *labels[LANG__COUNT];
	/* free password-hashing slots (see auth_pwhash_begin) */
	sem_t pwhash_slots;
	/* calls for inputs: `serve --clock-file FILE`, for tests only (app/clock.h); NULL: the
	 * system clock decides deadlines */
	const char *clock_file;
	/* the reports' change number and computed figures (report/fig_cache.h); NULL: none
	 * kept, each view computes its figures */
	struct fig_cache *figures;
	/* recent search answers by query and change number (app/search_cache.h); NULL: none */
	struct search_cache *answers;
};

enum role { ROLE_ANONYMOUS, ROLE_SUBMITTER, ROLE_MODERATOR, ROLE_ADMIN };

/* The signed-in user (id 0 when anonymous). */
struct app_user {
	int64_t id;
	const char *email, *name;
	enum role role;
};

/* What every handler gets besides the request and the response. */
struct app_request {
	struct app *app;
	struct store *store; /* a connection for this request only */
	struct http_request *req;
	struct http_response *resp;
	struct app_user user;
	const char *session_hash; /* the session's key (hash of the cookie), NULL when none */
	const char *csrf;         /* the CSRF token of this session or visitor */
	enum lang lang;
	const char *route_arg;            /* the {arg} part of the matched route, or NULL */
	int api;                          /* an /api/ route: errors are JSON */
	struct search_labels_set *labels; /* held until the request ends (search_labels_load) */
};

/* app_init fills a with cfg (defaults applied); app_cleanup closes every connection. */
void app_init(struct app *a, const struct app_config *cfg);
void app_cleanup(struct app *a);
/* app_handle is the http_server handler: route, apply policy, run, render errors. */
void app_handle(void *ud, struct http_request *req, struct http_response *resp);

/*
 * T translates msgid into the request's language (the msgid itself when there is no
 * translation); TN picks the plural form for n. xgettext extracts both (see po/Makefile).
 */
const char *T(const struct app_request *ar, const char *msgid);
const char *TN(const struct app_request *ar, const char *singular, const char *plural,
	       unsigned long n);
/* app_load_catalogues loads DIR/<lang>/LC_MESSAGES/stocktake.mo for each language. */
void app_load_catalogues(struct app *a, const char *dir);

/* role_name / role_parse: "submitter", "moderator", "admin". */
const char *role_name(enum role r);
int role_parse(const char *s);

/*
 * app_error renders an error: an HTML page for pages, {"error":{...}} for the API.
 * field may be NULL. message is shown to the user as text (escaped).
 */
void app_error(struct app_request *ar, int status, const char *code, const char *message,
	       const char *field);

/* The route table (routes.c). */
typedef void (*app_handler)(struct app_request *ar);

enum route_flags {
	ROUTE_API = 1 << 0,        /* JSON errors; token authentication allowed */
	ROUTE_NO_CSRF = 1 << 1,    /* a POST that needs no CSRF token (login, register, API) */
	ROUTE_PREFIX_ARG = 1 << 2, /* pattern ends with '/': the rest of the path is route_arg */
};

struct route {
	enum http_method method; /* HTTP_GET also answers HEAD */
	/* a segment "*" (as in /initiatives/ID/edit) matches any one segment: route_arg */
	const char *pattern;
	app_handler handler;
	enum role min_role;
	unsigned flags;
};

extern const struct route app_routes[];
extern const size_t app_route_count;

#endif
