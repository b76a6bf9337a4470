/*
 * search_request.c - a search from a request: parsing with the caller's rights, running,
 * answering errors, reading the results' records and the titles of facet values.
 */
#include "app/search_request.h"

#include "app/search_cache.h"

#include "core/i18n.h"
#include "core/log.h"
#include "pages/pages.h"
#include "search/snippet.h"

#include <stdlib.h>
#include <string.h>

/*
 * invalid answers 400 for the parameter field, whose refused value is value (NULL when not
 * known): the API's error body names the field; a page names it, shows the value and links
 * back to the search without it (page_search_invalid).
 */
static void invalid(struct app_request *ar, const char *field, const char *value,
		    const char *message)
{
	if (ar->api || !field || !*field) {
		app_error(ar, 400, "invalid", message, field && *field ? field : NULL);
		return;
	}
	ar->resp->stream.produce = NULL;
	page_search_invalid(ar, field, value, message);
}

/* sent_value returns the one value sent for the parameter name; NULL for none or several. */
static const char *sent_value(const struct app_request *ar, const char *name)
{
	const struct http_params *p = &ar->req->query;
	const char *v = NULL;

	for (size_t i = 0; i < p->n; i++) {
		if (!*p->v[i].value || strcmp(p->v[i].name, name) != 0 ||
		    (v && strcmp(v, p->v[i].value) == 0))
			continue;
		if (v)
			return NULL;
		v = p->v[i].value;
	}
	return v;
}

int search_request_parse(struct app_request *ar, struct search_query *q)
{
	const struct http_params *p = &ar->req->query;
	struct errinfo e;

	search_query_init(q);
	q->all_states = ar->user.role >= ROLE_MODERATOR;
	errinfo_clear(&e);
	for (size_t i = 0; i < p->n; i++) {
		if (search_query_param(q, ar->req->arena, p->v[i].name, p->v[i].value, &e) == 0)
			continue;
		if (e.code == ERR_INVALID)
			invalid(ar, e.field, p->v[i].value, T(ar, e.msg));
		else
			app_error(ar, 500, "internal", T(ar, e.msg), e.field);
		return -1;
	}
	if (!q->all_states && search_query_hidden_states(q)) {
		app_error(ar, 403, "forbidden",
			  T(ar, "Only moderators can see initiatives that are not published."),
			  "state");
		return -1;
	}
	return 0;
}

int search_request_run(struct app_request *ar, const struct search_query *q, unsigned flags,
		       struct search_result *out)
{
	struct errinfo e;
	int rc;

	errinfo_clear(&e);
	if (!ar->app->search) {
		app_error(ar, 503, "unavailable", T(ar, "Search is not available right now."),
			  NULL);
		return -1;
	}
	rc = search_run(ar->app->search, ar->store, q, flags, ar->req->arena, out, &e);
	if (!rc)
		return 0;
	switch (rc) {
	case ERR_INVALID:
		invalid(ar, e.field, e.field[0] ? sent_value(ar, e.field) : NULL, T(ar, e.msg));
		break;
	case ERR_FORBIDDEN:
		app_error(ar, 403, "forbidden", T(ar, e.msg), e.field[0] ? e.field : NULL);
		break;
	case ERR_DB_BUSY:
		app_error(ar, 503, "unavailable", T(ar, "The database is busy: try again."), NULL);
		break;
	default:
		log_kv(LOG_ERROR, "search failed", "detail", e.msg, LOG_END);
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		break;
	}
	return -1;
}

/*
 * item_snippet sets *out to a row's passage made from the text just read (search/snippet.c):
 * the description's when it holds a match, else the summary's, else none, as
 * store_search_snippet gives it. 1 when the builder declines and FTS5 must make it.
 */
static int item_snippet(const struct snippet_query *sq, const char *summary,
			const char *description, struct arena *a, const char **out)
{
	enum snippet_rc rc = SNIPPET_NONE;

	*out = NULL;
	if (description)
		rc = snippet_make(sq, description, strlen(description), SNIPPET_TOKENS, a, out);
	if (rc == SNIPPET_NONE && summary)
		rc = snippet_make(sq, summary, strlen(summary), SNIPPET_TOKENS, a, out);
	if (rc == SNIPPET_NOMEM)
		return -1;
	return rc == SNIPPET_DECLINED;
}

int search_request_items(struct app_request *ar, const struct search_result *res,
			 struct search_item **items, size_t *n)
{
	size_t m = res->nids ? res->nids : 1, k = 0, nfb = 0;
	struct arena *a = ar->req->arena;
	struct search_item *v = arena_alloc(a, m * sizeof *v);
	int64_t *fb_id = arena_alloc(a, m * sizeof *fb_id);
	size_t *fb_at = arena_alloc(a, m * sizeof *fb_at);
	const char **snip = arena_alloc(a, m * sizeof *snip);
	/* NULL for a query the builder cannot handle: FTS5 makes every passage */
	const struct snippet_query *sq = res->fts ? snippet_query(res->fts, a) : NULL;
	int rc = 0;

	if (!v || !fb_id || !fb_at || !snip)
		goto fail;
	for (size_t i = 0; i < res->nids; i++) {
		const char *description = NULL;

		rc = store_initiative_list_text(ar->store, res->ids[i], a, &v[k].ini, &description);
		if (rc == ERR_NOT_FOUND)
			continue; /* deleted since the search */
		if (rc)
			goto fail;
		v[k].snippet = NULL;
		if (res->fts &&
		    (rc = sq ? item_snippet(sq, v[k].ini.summary, description, a, &v[k].snippet)
			     : 1) < 0)
			goto fail;
		if (res->fts && rc) {
			fb_id[nfb] = res->ids[i];
			fb_at[nfb++] = k;
		}
		k++;
	}
	/* The rest from FTS5, a page at a time: one query for a prefix search. */
	for (size_t i = 0; i < nfb; i += STORE_SNIPPETS_MAX) {
		size_t c = nfb - i < STORE_SNIPPETS_MAX ? nfb - i : STORE_SNIPPETS_MAX;

		if ((rc = store_search_snippets(ar->store, res->fts, fb_id + i, c, a, snip + i)))
			goto fail;
		for (size_t j = 0; j < c; j++)
			v[fb_at[i + j]].snippet = snip[i + j];
	}
	*items = v;
	*n = k;
	return 0;
fail:
	log_kv(LOG_ERROR, "reading search results failed", "detail", store_errmsg(ar->store),
	       LOG_END);
	app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
	return -1;
}

int search_request_answer(struct app_request *ar, const struct search_query *q, unsigned flags,
			  int snippets, struct search_result *res, struct search_item **items,
			  size_t *n)
{
	struct search_cache *c = ar->app->search ? ar->app->answers : NULL;
	const char *key = c ? search_cache_key(q, flags, snippets, ar->req->arena) : NULL;
	struct search_result rows;
	struct errinfo e;
	int64_t seq = 0, now = -1;

	/* The change number the answer is for: the index's, once brought up to the store's. */
	errinfo_clear(&e);
	if (key && search_index_refresh(ar->app->search, ar->store, &e) == 0) {
		seq = search_index_seq(ar->app->search);
		if (search_cache_get(c, key, seq, ar->req->arena, res, items, n))
			return 0;
	} else {
		key = NULL; /* search_request_run meets and answers the error */
	}
	if (search_request_run(ar, q, flags, res))
		return -1;
	rows = *res;
	if (!snippets)
		rows.fts = NULL;
	if (search_request_items(ar, &rows, items, n))
		return -1;
	/* Kept only when nothing was written while it was read: it is the answer at seq. */
	if (key && store_search_seq(ar->store, &now) == 0 && now == seq &&
	    search_index_seq(ar->app->search) == seq)
		search_cache_put(c, key, seq, res, *items, *n);
	return 0;
}

int search_request_related(struct app_request *ar, const struct initiative *ini, int limit,
			   store_brief_cb cb, void *ud)
{
	struct search_related *c;
	struct errinfo e;
	int64_t *ids;
	int *shared;
	size_t n;
	int rc;

	if (!ar->app->search)
		return store_initiative_related(ar->store, ini->id, ini->title, limit, cb, ud);
	if ((rc = search_related(ar->app->search, ar->store, ini->id, ini->tags, ini->ntags,
				 STORE_RELATED_MAX, ar->req->arena, &c, &n, &e))) {
		log_kv(LOG_ERROR, "finding related initiatives failed", "detail", e.msg, LOG_END);
		return rc;
	}
	ids = arena_alloc(ar->req->arena, (n ? n : 1) * sizeof *ids);
	shared = arena_alloc(ar->req->arena, (n ? n : 1) * sizeof *shared);
	if (!ids || !shared)
		return ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		ids[i] = c[i].id;
		shared[i] = c[i].shared;
	}
	return store_initiative_related_among(ar->store, ini->title, ids, shared, n, limit, cb, ud);
}

int search_request_tally(void *ud_ar, const char *scheme, store_tally_cb cb, void *ud)
{
	struct app_request *ar = ud_ar;
	struct errinfo e;
	int rc;

	if (!ar->app->search)
		return store_fw_tally(ar->store, scheme, cb, ud);
	errinfo_clear(&e); /* a callback's error is not the index's */
	if ((rc = search_fw_tally(ar->app->search, ar->store, scheme, cb, ud, &e)) && e.code)
		log_kv(LOG_ERROR, "counting initiatives per code failed", "detail", e.msg, LOG_END);
	return rc;
}

int search_request_fw_initiatives(struct app_request *ar, const char *scheme, const char *code,
				  int limit, store_brief_cb cb, void *ud, int64_t *total)
{
	size_t max = limit > 0 ? (size_t)limit : 0, n = 0;
	int64_t *ids, count = 0;
	struct errinfo e;
	int rc;

	if (!ar->app->search)
		return store_fw_initiatives(ar->store, scheme, code, limit, cb, ud, total);
	if (!(ids = arena_alloc(ar->req->arena, (max ? max : 1) * sizeof *ids)))
		return ERR_NOMEM;
	if ((rc = search_fw_list(ar->app->search, ar->store, scheme, code, max, ids, &n, &count,
				 &e))) {
		log_kv(LOG_ERROR, "listing initiatives per code failed", "detail", e.msg, LOG_END);
		return rc;
	}
	if ((rc = store_initiative_briefs(ar->store, ids, n, cb, ud)))
		return rc;
	if (total)
		*total = count;
	return 0;
}

/* The facets whose values are framework codes, and their schemes. */
static const struct {
	enum search_dim dim;
	const char *scheme;
} fw_schemes[] = {{SD_ACTION_LINE, "action_line"}, {SD_SDG, "sdg"},
		  {SD_SDG_TARGET, "sdg_target"},   {SD_GDC, "gdc"},
		  {SD_REGION, "m49_region"},       {SD_ITU_REGION, "itu_region"}};

/*
 * The titles of one language as read at one generation of the search index. The set is
 * immutable once made; refs counts the app's slot (while it is the current set) and every
 * request that borrows it, and the last to let go frees it.
 */
struct search_labels_set {
	struct search_labels l;
	struct arena arena;
	int64_t generation;
	int refs; /* under app->labels_lock */
};

static void labels_set_free(struct search_labels_set *set)
{
	if (!set)
		return;
	arena_cleanup(&set->arena);
	free(set);
}

/* labels_read reads the titles in lang from s into *l (strings in a). */
static int labels_read(struct store *s, enum lang lang, struct arena *a, struct search_labels *l)
{
	int rc = 0;

	memset(l, 0, sizeof *l);
	for (size_t i = 0; !rc && i < sizeof fw_schemes / sizeof *fw_schemes; i++) {
		rc = fw_catalog_load(s, fw_schemes[i].scheme, lang, a, &l->fw[fw_schemes[i].dim]);
		l->has_fw[fw_schemes[i].dim] = !rc;
	}
	if (!rc)
		rc = country_catalog_load(s, lang, a, &l->countries);
	return rc;
}

/* labels_unref drops one reference to set (under app->labels_lock); 1: free it now. */
static int labels_unref(struct search_labels_set *set)
{
	return set && --set->refs == 0;
}

/* labels_get is search_labels_load without the answer on failure: 0 or the error. */
static int labels_get(struct app_request *ar, struct search_labels *l)
{
	struct app *a = ar->app;
	struct search_labels_set *set, *stale = NULL, *spare = NULL;
	int64_t gen;
	int rc;

	if (!a->search) { /* no index to follow: read them for this request alone */
		if (!(rc = labels_read(ar->store, ar->lang, ar->req->arena, l)))
			return 0;
		goto fail;
	}
	if (ar->labels) { /* one set a request: what it borrowed earlier stays valid */
		*l = ar->labels->l;
		return 0;
	}
	gen = search_index_generation(a->search);
	pthread_mutex_lock(&a->labels_lock);
	set = a->labels[ar->lang];
	if (set && set->generation == gen)
		set->refs++;
	else
		set = NULL;
	pthread_mutex_unlock(&a->labels_lock);
	if (!set) {
		/* Read outside the lock: another request may do the same; the first to finish
		 * is kept and the other's set is dropped. */
		if (!(set = calloc(1, sizeof *set))) {
			rc = ERR_NOMEM;
			goto fail;
		}
		arena_init(&set->arena, 0);
		set->generation = gen;
		if ((rc = labels_read(ar->store, ar->lang, &set->arena, &set->l))) {
			labels_set_free(set);
			goto fail;
		}
		pthread_mutex_lock(&a->labels_lock);
		if (a->labels[ar->lang] && a->labels[ar->lang]->generation >= gen) {
			spare = set;
			set = a->labels[ar->lang];
		} else {
			if (labels_unref(a->labels[ar->lang]))
				stale = a->labels[ar->lang];
			a->labels[ar->lang] = set;
			set->refs = 1; /* the slot's */
		}
		set->refs++;
		pthread_mutex_unlock(&a->labels_lock);
		labels_set_free(stale);
		labels_set_free(spare);
	}
	ar->labels = set;
	*l = set->l;
	return 0;
fail:
	log_kv(LOG_ERROR, "reading facet titles failed", "detail",
	       rc == ERR_NOMEM ? "out of memory" : store_errmsg(ar->store), LOG_END);
	return rc;
}

int search_labels_load(struct app_request *ar, struct search_labels *l)
{
	if (!labels_get(ar, l))
		return 0;
	app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
	return -1;
}

int search_request_catalog(struct app_request *ar, const char *scheme, struct fw_catalog *c)
{
	struct search_labels l;
	int rc;

	for (size_t i = 0; ar->app->search && i < sizeof fw_schemes / sizeof *fw_schemes; i++) {
		if (strcmp(fw_schemes[i].scheme, scheme) != 0)
			continue;
		if ((rc = labels_get(ar, &l)))
			return rc;
		*c = l.fw[fw_schemes[i].dim];
		c->count = NULL; /* the copy's own, for the caller to fill */
		return 0;
	}
	return fw_catalog_load(ar->store, scheme, ar->lang, ar->req->arena, c);
}

int search_request_countries(struct app_request *ar, struct country_catalog *c)
{
	struct search_labels l;
	int rc;

	if (!ar->app->search)
		return country_catalog_load(ar->store, ar->lang, ar->req->arena, c);
	if ((rc = labels_get(ar, &l)))
		return rc;
	*c = l.countries;
	c->count = NULL;
	return 0;
}

void search_labels_release(struct app_request *ar)
{
	struct search_labels_set *set = ar->labels;
	int last;

	if (!set)
		return;
	ar->labels = NULL;
	pthread_mutex_lock(&ar->app->labels_lock);
	last = labels_unref(set);
	pthread_mutex_unlock(&ar->app->labels_lock);
	if (last)
		labels_set_free(set);
}

void search_labels_cleanup(struct app *a)
{
	for (int i = 0; i < LANG__COUNT; i++) {
		if (labels_unref(a->labels[i]))
			labels_set_free(a->labels[i]);
		a->labels[i] = NULL;
	}
}

const char *search_label(struct app_request *ar, const struct search_labels *l, enum search_dim d,
			 const char *code, int shortform)
{
	const char *label;

	if (d == SD_COUNTRY) {
		const struct country *c = country_catalog_find(&l->countries, code);

		return c && c->name[0] ? c->name[0] : code;
	}
	if ((unsigned)d < SD__COUNT && l->has_fw[d]) {
		const struct fw_item *it = fw_catalog_find(&l->fw[d], code);

		if (!it)
			return code;
		if (shortform && it->short_title[0] && *it->short_title[0])
			return it->short_title[0];
		return it->title[0] ? it->title[0] : code;
	}
	label = search_enum_label(d, code);
	return label ? T(ar, label) : code;
}

const char *search_dim_title(struct app_request *ar, enum search_dim d)
{
	switch (d) {
	case SD_ACTION_LINE:
		return T(ar, "WSIS Action Lines");
	case SD_SDG:
		return T(ar, "Sustainable Development Goals");
	case SD_SDG_TARGET:
		return T(ar, "SDG targets");
	case SD_GDC:
		return T(ar, "Global Digital Compact objectives");
	case SD_REGION:
		return T(ar, "Regions");
	case SD_ITU_REGION:
		return T(ar, "ITU-D regions");
	case SD_COUNTRY:
		return T(ar, "Countries");
	case SD_STAKEHOLDER_TYPE:
		return T(ar, "Stakeholder types");
	case SD_STATUS:
		return T(ar, "Status");
	case SD_START_YEAR:
		return T(ar, "Start year");
	case SD_STATE:
		return T(ar, "State");
	default:
		return "";
	}
}
