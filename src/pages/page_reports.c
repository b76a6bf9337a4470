/*
 * page_reports.c - the reports on the web:
 *
 *   /reports                      the index: every region, the matrix, the GDC map, a country
 *   /reports/country?country=KE   the index's form: redirects to /reports/country/KE
 *   /reports/regional/REGION      an ITU-D region (africa ...) or a UN M49 region (019 ...)
 *   /reports/country/ISO2
 *   /reports/matrix               the WSIS Action Line x SDG matrix
 *   /reports/gdc                  the Global Digital Compact implementation map
 *   /api/v1/reports/...           the same paths under /api/v1: the figures as JSON
 *
 * Filters are in the URL (from, to, stakeholder_type, origin; state for moderators), and
 * ?format=csv|xlsx|pdf|json downloads exactly what the page shows. The page carries the
 * figures as JSON-LD (a schema.org Dataset).
 */
#include "pages/pages.h"

#include <jansson.h>
#include "pages/page_cache.h"
#include "pages/report_html.h"

#include "core/i18n.h"
#include "core/log.h"
#include "core/utc.h"
#include "frameworks/catalog.h"
#include "report/fig_cache.h"
#include "search/search.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void report_opts_of(const struct app_request *ar, struct report_opts *o)
{
	o->lang = ar->lang;
	o->catalog = ar->app->catalog[ar->lang];
	o->made_at = NULL;
}

/*
 * read_filter fills f from the query string; *format gets format= (NULL: the page). On bad
 * input it answers (400 naming the field, 403 for states the caller may not see) and
 * returns non-zero.
 */
static int read_filter(struct app_request *ar, struct fig_filter *f, const char **format)
{
	const struct http_params *q = &ar->req->query;
	struct errinfo e;

	memset(f, 0, sizeof *f);
	*format = NULL;
	errinfo_clear(&e);
	for (size_t i = 0; i < q->n; i++) {
		if (strcmp(q->v[i].name, "format") == 0) {
			*format = q->v[i].value;
			continue;
		}
		if (report_filter_param(f, ar->req->arena, q->v[i].name, q->v[i].value, &e)) {
			app_error(ar, err_http_status(e.code), "invalid", T(ar, e.msg), e.field);
			return -1;
		}
	}
	if (f->from_year && f->to_year && f->from_year > f->to_year) {
		app_error(ar, 400, "invalid", T(ar, "The first year is after the last year."),
			  "from");
		return -1;
	}
	if (f->states && f->states != 1 << FIG_STATE_PUBLISHED && ar->user.role < ROLE_MODERATOR) {
		app_error(ar, 403, "forbidden",
			  T(ar, "Only moderators may count initiatives that are not published."),
			  "state");
		return -1;
	}
	if (*format && strcmp(*format, "csv") && strcmp(*format, "json") &&
	    strcmp(*format, "xlsx") && strcmp(*format, "pdf")) {
		app_error(ar, 400, "invalid", T(ar, "A report's format is csv, xlsx, pdf or json."),
			  "format");
		return -1;
	}
	return 0;
}

/* place_of reads the place of kind from the path: 0, or an answer (404) and -1. */
static int place_of(struct app_request *ar, const char *kind, struct fig_filter *f)
{
	const char *arg = ar->route_arg;
	enum fig_place k;
	char *iso2;

	if (strcmp(kind, "regional") == 0) {
		if (!arg || figures_place_kind(arg, &k) ||
		    (k != FIG_ITU_REGION && k != FIG_M49_REGION))
			goto unknown;
		f->place_kind = k;
		f->place = arg;
	} else if (strcmp(kind, "country") == 0) {
		if (!arg || figures_place_kind(arg, &k) || k != FIG_COUNTRY ||
		    !(iso2 = arena_strdup(ar->req->arena, arg)))
			goto unknown;
		iso2[0] = (char)(iso2[0] & ~0x20);
		iso2[1] = (char)(iso2[1] & ~0x20);
		f->place_kind = FIG_COUNTRY;
		f->place = iso2;
	}
	return 0;
unknown:
	app_error(ar, 404, "not_found", T(ar, "There is no such region or country."), NULL);
	return -1;
}

void page_report_download(struct app_request *ar, const struct report *r, int pdf, const char *name)
{
	char path[] = "/tmp/stocktake-report-XXXXXX";
	struct errinfo e;
	FILE *f;
	int fd = mkstemp(path), rc;
	char buf[65536];
	size_t n;

	errinfo_clear(&e);
	if (fd < 0) {
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	close(fd);
	rc = pdf ? report_pdf(r, path, &e) : report_xlsx(r, path, &e);
	if (rc || !(f = fopen(path, "rb"))) {
		unlink(path);
		log_kv(LOG_ERROR, "report download failed", "detail", e.msg, LOG_END);
		app_error(ar, 503, "unavailable",
			  T(ar, "This download is not available on this server."), "format");
		return;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (buf_append(&ar->resp->body, buf, n)) {
			fclose(f);
			unlink(path);
			app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."),
				  NULL);
			return;
		}
	fclose(f);
	unlink(path);
	ar->resp->content_type = pdf ? "application/pdf"
				     : "application/vnd.openxmlformats-officedocument."
				       "spreadsheetml.sheet";
	http_header_add(ar->resp, "Content-Disposition",
			arena_sprintf(ar->req->arena, "attachment; filename=\"%s.%s\"", name,
				      pdf ? "pdf" : "xlsx"));
}

/* The file name of a download: "report-regional-africa". */
static const char *file_name(struct app_request *ar, const char *kind, const struct fig_filter *f)
{
	return f->place_kind == FIG_WORLD
		   ? arena_sprintf(ar->req->arena, "report-%s", kind)
		   : arena_sprintf(ar->req->arena, "report-%s-%s", kind, f->place);
}

/* jsonld writes the report's figures as a schema.org Dataset. */
static void jsonld(struct app_request *ar, const struct report *r, const char *self)
{
	json_t *vars = json_array(), *o, *dist = json_array();
	static const char *const fmts[][2] = {{"csv", "text/csv"},
					      {"json", "application/json"},
					      {"xlsx",
					       "application/vnd.openxmlformats-officedocument."
					       "spreadsheetml.sheet"},
					      {"pdf", "application/pdf"}};
	char *s;

	for (size_t i = 0; vars && i < r->n_blocks; i++) {
		const struct report_block *bl = &r->blocks[i];

		for (size_t k = 0; bl->kind == BLOCK_FIGURES && k < bl->n_figures; k++)
			json_array_append_new(vars,
					      json_pack("{s:s, s:s, s:I}", "@type", "PropertyValue",
							"name", bl->figures[k].label, "value",
							(json_int_t)bl->figures[k].value));
	}
	for (size_t i = 0; dist && i < sizeof fmts / sizeof *fmts; i++)
		json_array_append_new(
		    dist, json_pack("{s:s, s:s, s:s}", "@type", "DataDownload", "encodingFormat",
				    fmts[i][1], "contentUrl",
				    arena_sprintf(ar->req->arena, "%s%sformat=%s", self,
						  strchr(self, '?') ? "&" : "?", fmts[i][0])));
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:{s:s, s:s}}", "@context",
		      "https://schema.org", "@type", "Dataset", "name", r->title, "description",
		      r->subtitle ? r->subtitle : r->title, "dateCreated", r->made_at, "inLanguage",
		      r->lang, "url", self, "variableMeasured", vars ? vars : json_array(),
		      "distribution", dist ? dist : json_array(), "spatialCoverage", "@type",
		      "Place", "name",
		      r->figures && r->figures->place_name ? r->figures->place_name : "");
	if (!o)
		return;
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!s)
		return;
	html_raw(&ar->resp->body, "<script type=\"application/ld+json\">");
	html_json_script(&ar->resp->body, s);
	html_raw(&ar->resp->body, "</script>");
	free(s);
}

static void option(struct buf *b, const char *value, const char *label, int selected)
{
	html_raw(b, "<option value=\"");
	html_attr(b, value);
	html_raw(b, selected ? "\" selected>" : "\">");
	html_txt(b, label);
	html_raw(b, "</option>");
}

/* filter_form writes the GET form that changes the filters of the page at path. */
static void filter_form(struct app_request *ar, const char *path, const struct fig_filter *f)
{
	static const char *const origins[][2] = {{"submitter", N_("Declared by submitters")},
						 {"moderator", N_("Set by moderators")},
						 {"model", N_("Suggested by the mapping model")}};
	struct buf *b = &ar->resp->body;

	html_raw(b, "<form class=\"report-filters\" method=\"get\" action=\"");
	html_attr(b, path);
	html_raw(b, "\"><fieldset><legend>");
	html_txt(b, T(ar, "Filters"));
	html_raw(b, "</legend><label for=\"rf-from\">");
	html_txt(b, T(ar, "From year"));
	html_raw(b, "</label><input id=\"rf-from\" name=\"from\" inputmode=\"numeric\" "
		    "pattern=\"[0-9]{4}\" size=\"4\" value=\"");
	if (f->from_year)
		html_rawf(b, "%d", f->from_year);
	html_raw(b, "\"><label for=\"rf-to\">");
	html_txt(b, T(ar, "To year"));
	html_raw(b, "</label><input id=\"rf-to\" name=\"to\" inputmode=\"numeric\" "
		    "pattern=\"[0-9]{4}\" size=\"4\" value=\"");
	if (f->to_year)
		html_rawf(b, "%d", f->to_year);
	html_raw(b, "\"><label for=\"rf-type\">");
	html_txt(b, T(ar, "Stakeholder type"));
	html_raw(b, "</label><select id=\"rf-type\" name=\"stakeholder_type\">");
	option(b, "", T(ar, "All"), !f->n_stakeholder_types);
	for (int i = 0; ini_stakeholder_types[i]; i++) {
		const char *l = search_enum_label(SD_STAKEHOLDER_TYPE, ini_stakeholder_types[i]);

		option(b, ini_stakeholder_types[i], T(ar, l),
		       f->n_stakeholder_types &&
			   strcmp(f->stakeholder_types[0], ini_stakeholder_types[i]) == 0);
	}
	html_raw(b, "</select><label for=\"rf-origin\">");
	html_txt(b, T(ar, "Tags"));
	html_raw(b, "</label><select id=\"rf-origin\" name=\"origin\">");
	option(b, "", T(ar, "All"), !f->origins);
	for (int i = 0; i < 3; i++)
		option(b, origins[i][0], T(ar, origins[i][1]), f->origins == 1 << i);
	html_raw(b, "</select>");
	if (ar->user.role >= ROLE_MODERATOR) {
		html_raw(b, "<label for=\"rf-state\">");
		html_txt(b, T(ar, "State"));
		html_raw(b, "</label><select id=\"rf-state\" name=\"state\">");
		option(b, "", T(ar, "Published"), !f->states);
		for (int i = 0; ini_states[i]; i++)
			option(b, ini_states[i], ini_states[i], f->states == 1 << i);
		html_raw(b, "</select>");
	}
	html_raw(b, "<button type=\"submit\">");
	html_txt(b, T(ar, "Apply"));
	html_raw(b, "</button></fieldset></form>");
}

/* downloads returns the download links' markup for the page at path with query. */
static const char *downloads(struct app_request *ar, const char *path, const char *query)
{
	static const char *const fmts[][2] = {
	    {"pdf", "PDF"}, {"xlsx", "XLSX"}, {"csv", "CSV"}, {"json", "JSON"}};
	struct buf b;
	const char *out;

	buf_init(&b, 1 << 16);
	html_raw(&b, "<nav class=\"downloads\" aria-label=\"");
	html_attr(&b, T(ar, "Downloads"));
	html_raw(&b, "\"><ul>");
	for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++) {
		struct buf u;

		buf_init(&u, 8192);
		buf_puts(&u, path);
		buf_puts(&u, "?");
		if (*query) {
			buf_puts(&u, query);
			buf_puts(&u, "&");
		}
		buf_printf(&u, "format=%s", fmts[i][0]);
		html_raw(&b, "<li><a download href=\"");
		html_attr(&b, buf_cstr(&u));
		html_raw(&b, "\">");
		html_txt(&b, T(ar, "Download"));
		html_raw(&b, " ");
		html_txt(&b, fmts[i][1]);
		html_raw(&b, "</a></li>");
		buf_cleanup(&u);
	}
	html_raw(&b, "</ul></nav>");
	out = arena_strdup(ar->req->arena, buf_cstr(&b));
	buf_cleanup(&b);
	return out;
}

/* render answers with report r of kind in format (NULL: the page). */
static void render(struct app_request *ar, const char *kind, const struct report *r,
		   const struct report_opts *o, const struct fig_filter *f, const char *format)
{
	const char *self, *path = ar->req->path;

	if (ar->api || (format && strcmp(format, "json") == 0)) {
		ar->resp->content_type = "application/json";
		if (report_json(r, &ar->resp->body))
			app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."),
				  NULL);
		return;
	}
	if (format && strcmp(format, "csv") == 0) {
		ar->resp->content_type = "text/csv; charset=utf-8";
		http_header_add(ar->resp, "Content-Disposition",
				arena_sprintf(ar->req->arena, "attachment; filename=\"%s.csv\"",
					      file_name(ar, kind, f)));
		if (report_csv_buf(r, &ar->resp->body))
			app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."),
				  NULL);
		return;
	}
	if (format) {
		page_report_download(ar, r, strcmp(format, "pdf") == 0, file_name(ar, kind, f));
		return;
	}
	/* JSON-LD's addresses are whole when the site's address is known */
	self = arena_sprintf(ar->req->arena, "%s%s%s%s",
			     ar->app->cfg.base_url ? ar->app->cfg.base_url : "", path,
			     *r->query ? "?" : "", r->query);
	page_begin(ar, r->title, NAV_REPORTS);
	html_raw(&ar->resp->body, "<p class=\"crumbs\"><a href=\"/reports\">");
	html_txt(&ar->resp->body, T(ar, "Reports"));
	html_raw(&ar->resp->body, "</a></p>");
	filter_form(ar, path, f);
	if (report_html(&ar->resp->body, r, o, ar->req->arena, downloads(ar, path, r->query))) {
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	jsonld(ar, r, self);
	page_end(ar);
}

/* show builds report kind for the request and answers in the format asked for. */
static void show(struct app_request *ar, const char *kind)
{
	struct report_opts o;
	struct fig_filter f;
	struct errinfo e;
	struct report r;
	const char *format, *path = ar->req->path, *what;
	struct fig_cache_ref *ref = NULL;
	int64_t seq;
	size_t nheaders;
	int rc, flags = PAGE_CACHE_WEAK | PAGE_CACHE_LANG | PAGE_CACHE_YEAR;

	report_opts_of(ar, &o);
	errinfo_clear(&e);
	if (read_filter(ar, &f, &format) || place_of(ar, kind, &f))
		return;
	/*
	 * The report follows the data, the filters, the language and the year; the page also
	 * shows who is signed in. Counts of unpublished initiatives are for moderators only.
	 */
	what = arena_sprintf(ar->req->arena, "report|%s|%s|%s|%s", path,
			     ar->api  ? "api"
			     : format ? format
				      : "html",
			     lang_code(ar->lang), report_filter_query(&f, ar->req->arena));
	if (!f.states || f.states == 1 << FIG_STATE_PUBLISHED)
		flags |= PAGE_CACHE_PUBLIC;
	if (!format && !ar->api)
		flags |= PAGE_CACHE_USER;
	nheaders = ar->resp->nheaders;
	if (page_cache_check(ar, what ? what : "", flags, &seq))
		return;
	/* one computation of the figures per change number, whichever format asks */
	rc = fig_cache_get(ar->app->figures, ar->store, seq, utc_now(), &f, ar->lang,
			   ar->req->arena, &o.figures, &ref, &e);
	if (rc == 0)
		rc = report_build(ar->store, kind, &f, &o, ar->req->arena, &r, &e);
	if (rc == 0)
		r.base_url = ar->app->cfg.base_url; /* links in the PDF and XLSX made whole */
	if (rc) {
		ar->resp->nheaders = nheaders; /* an error is not the report: no validators */
		if (rc == ERR_NOT_FOUND)
			app_error(ar, 404, "not_found",
				  T(ar, "There is no such region or country."), e.field);
		else if (rc == ERR_INVALID)
			app_error(ar, 400, "invalid", e.msg, e.field);
		else {
			log_kv(LOG_ERROR, "report failed", "detail", e.msg, LOG_END);
			app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."),
				  NULL);
		}
		fig_cache_release(ar->app->figures, ref);
		return;
	}
	render(ar, kind, &r, &o, &f, format);
	fig_cache_release(ar->app->figures, ref);
}

void page_report_regional(struct app_request *ar)
{
	show(ar, "regional");
}

void page_report_country(struct app_request *ar)
{
	show(ar, "country");
}

void page_report_matrix(struct app_request *ar)
{
	show(ar, "matrix");
}

void page_report_gdc(struct app_request *ar)
{
	show(ar, "gdc");
}

void page_report_country_pick(struct app_request *ar)
{
	const char *c = http_query(ar->req, "country");
	enum fig_place k;

	if (!c || figures_place_kind(c, &k) || k != FIG_COUNTRY) {
		app_error(ar, 400, "invalid", T(ar, "Choose a country."), "country");
		return;
	}
	http_redirect(ar->resp, arena_sprintf(ar->req->arena, "/reports/country/%s", c));
}

/* The index. */
static void report_link(struct buf *b, const char *href, const char *label)
{
	html_raw(b, "<li><a href=\"");
	html_attr(b, href);
	html_raw(b, "\">");
	html_txt(b, label);
	html_raw(b, "</a></li>");
}

void page_reports(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	struct fw_catalog itu, m49;
	struct country_catalog countries;
	struct arena *a = ar->req->arena;

	if (fw_catalog_load(ar->store, "itu_region", ar->lang, a, &itu) ||
	    fw_catalog_load(ar->store, "m49_region", ar->lang, a, &m49) ||
	    country_catalog_load(ar->store, ar->lang, a, &countries)) {
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	page_begin(ar, T(ar, "Reports"), NAV_REPORTS);
	html_raw(b, "<h1>");
	html_txt(b, T(ar, "Reports"));
	html_raw(b, "</h1><p>");
	html_txt(b, T(ar, "The stocktaking in numbers: by region, by country, the WSIS-SDG Matrix "
			  "and the Global Digital Compact. Every report is a web page with its "
			  "data tables, and a PDF, a spreadsheet, CSV and JSON with the same "
			  "numbers."));
	html_raw(b, "</p><h2>");
	html_txt(b, T(ar, "Global reports"));
	html_raw(b, "</h2><ul class=\"report-list\">");
	report_link(b, "/reports/matrix", T(ar, "The WSIS-SDG Matrix in practice"));
	report_link(b, "/reports/gdc", T(ar, "Global Digital Compact implementation map"));
	html_raw(b, "</ul><h2>");
	html_txt(b, T(ar, "ITU-D regions"));
	html_raw(b, "</h2><ul class=\"report-list\">");
	for (size_t i = 0; i < itu.n; i++)
		report_link(b, arena_sprintf(a, "/reports/regional/%s", itu.v[i].code),
			    itu.v[i].title[0]);
	html_raw(b, "</ul><h2>");
	html_txt(b, T(ar, "UN M49 regions"));
	html_raw(b, "</h2><ul class=\"report-list\">");
	for (size_t i = 0; i < m49.n; i++)
		if (m49.v[i].attr && (strcmp(m49.v[i].attr, "region") == 0 ||
				      strcmp(m49.v[i].attr, "subregion") == 0))
			report_link(b, arena_sprintf(a, "/reports/regional/%s", m49.v[i].code),
				    m49.v[i].title[0]);
	html_raw(b, "</ul><h2>");
	html_txt(b, T(ar, "Countries and territories"));
	html_raw(b, "</h2><form method=\"get\" action=\"/reports/country\">"
		    "<label for=\"rc-country\">");
	html_txt(b, T(ar, "Country or territory"));
	html_raw(b, "</label> <select id=\"rc-country\" name=\"country\">");
	for (size_t i = 0; i < countries.n; i++)
		option(b, countries.v[i].iso2, countries.v[i].name[0], 0);
	html_raw(b, "</select> <button type=\"submit\">");
	html_txt(b, T(ar, "Show the report"));
	html_raw(b, "</button></form>");
	page_end(ar);
}
