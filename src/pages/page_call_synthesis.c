/*
 * page_call_synthesis.c - a call's synthesis (GET /calls/ID/synthesis) and its downloads:
 * the figures as CSV and XLSX (/calls/ID/synthesis.csv, .xlsx) and the responses
 * themselves as CSV (/calls/ID/responses.csv, streamed: memory does not grow with the number
 * of responses). The figures are io/call_synthesis.h's; the free-text answers are mapped with
 * the server's mapping model when it is loaded.
 *
 * Moderators see a synthesis at any time; everyone once the call has closed.
 *
 * The PDF (/calls/ID/synthesis.pdf) is the synthesis as a report document
 * (report_build_call), printed by the report layer's PDF renderer.
 */
#include "pages/page_calls.h"

#include "app/clock.h"
#include "core/log.h"
#include "domain/call.h"
#include "io/call_synthesis.h"
#include "pages/fragments.h"
#include "pages/pages.h"
#include "report/report.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define XLSX_MAX (16u << 20)

/* load_synthesis loads the call (visible to the viewer) and computes its synthesis. */
static int load_synthesis(struct app_request *ar, const char *suffix, struct call *c,
			  struct call_synthesis *syn)
{
	struct call_question *q;
	size_t nq;
	(void)suffix; /* the route's argument is the call's number alone */
	if (page_call_load(ar, NULL, c))
		return -1;
	if (ar->user.role < ROLE_MODERATOR && call_phase(c, app_now(ar)) < PHASE_CLOSED) {
		app_error(ar, 403, "forbidden",
			  T(ar, "The synthesis is published when the call has closed."), NULL);
		return -1;
	}
	if (store_call_questions(ar->store, c->id, ar->req->arena, &q, &nq) ||
	    call_synthesis_build(ar->store, ar->app->model, c->id, q, nq, ar->req->arena, syn)) {
		page_call_internal(ar, "building a synthesis failed", store_errmsg(ar->store));
		return -1;
	}
	return 0;
}

static void counts_table(struct app_request *ar, const char *heading, const char *key_col,
			 const struct synth_count *v, size_t n, const char *prefix)
{
	struct buf *b = &ar->resp->body;
	const char *const cols[] = {key_col, T(ar, "Responses")};

	html_raw(b, "<h3>");
	html_txt(b, heading);
	html_raw(b, "</h3>");
	if (!n) {
		html_raw(b, "<p>");
		html_txt(b, T(ar, "None."));
		html_raw(b, "</p>");
		return;
	}
	page_table_begin(ar, "counts", heading, cols, 2, 1);
	for (size_t i = 0; i < n; i++) {
		html_raw(b, "<tr><td>");
		if (prefix && *v[i].key)
			html_txt(b, arena_sprintf(ar->req->arena, "%s %s", prefix, v[i].key));
		else
			html_txt(b,
				 *v[i].key ? page_value_label(ar, v[i].key) : T(ar, "(unknown)"));
		html_rawf(b, "</td><td class=\"num\">%lld</td></tr>", (long long)v[i].n);
	}
	html_raw(b, "</tbody></table>");
}

void page_call_synthesis(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	struct call_synthesis syn;
	struct call c;

	if (load_synthesis(ar, NULL, &c, &syn))
		return;
	page_call_begin(ar, arena_sprintf(ar->req->arena, "%s: %s", T(ar, "Synthesis"), c.title),
			NAV_CALLS, c.id, c.title, T(ar, "Synthesis"));
	html_raw(b, "<p id=\"synthesis-total\">");
	html_txt(b, arena_sprintf(ar->req->arena,
				  TN(ar, "%lld submitted response.", "%lld submitted responses.",
				     (unsigned long)syn.responses),
				  (long long)syn.responses));
	html_rawf(b, "</p><p><a href=\"/calls/%lld/synthesis.csv\" download>", (long long)c.id);
	html_txt(b, T(ar, "Download (CSV)"));
	html_rawf(b, "</a> · <a href=\"/calls/%lld/synthesis.xlsx\" download>", (long long)c.id);
	html_txt(b, T(ar, "Download (XLSX)"));
	html_rawf(b, "</a> · <a href=\"/calls/%lld/synthesis.pdf\" download>", (long long)c.id);
	html_txt(b, T(ar, "Download (PDF)"));
	html_rawf(b, "</a> · <a href=\"/calls/%lld/responses.csv\" download>", (long long)c.id);
	html_txt(b, T(ar, "Download the responses (CSV)"));
	html_raw(b, "</a></p><h2>");
	html_txt(b, T(ar, "Who answered"));
	html_raw(b, "</h2>");
	counts_table(ar, T(ar, "By stakeholder type"), T(ar, "Stakeholder type"), syn.by_type,
		     syn.ntype, NULL);
	counts_table(ar, T(ar, "By ITU-D region"), T(ar, "Region"), syn.by_region, syn.nregion,
		     NULL);
	counts_table(ar, T(ar, "By country"), T(ar, "Country"), syn.by_country, syn.ncountry, NULL);
	if (syn.nquestions) {
		html_raw(b, "<h2>");
		html_txt(b, T(ar, "Choices"));
		html_raw(b, "</h2>");
		for (size_t i = 0; i < syn.nquestions; i++)
			counts_table(ar, syn.questions[i].q->prompt, T(ar, "Answer"),
				     syn.questions[i].v, syn.questions[i].n, NULL);
	}
	html_raw(b, "<h2>");
	html_txt(b, T(ar, "What the free-text answers are about"));
	html_raw(b, "</h2><p>");
	html_txt(b, arena_sprintf(ar->req->arena,
				  TN(ar, "%lld free-text answer.", "%lld free-text answers.",
				     (unsigned long)syn.texts),
				  (long long)syn.texts));
	html_raw(b, "</p>");
	if (!syn.mapped) {
		html_raw(b, "<p>");
		html_txt(b, T(ar, "The mapping model is not loaded on this server: the answers are "
				  "not placed on the frameworks."));
		html_raw(b, "</p>");
	} else {
		counts_table(ar, T(ar, "SDGs"), T(ar, "Goal"), syn.sdgs, syn.nsdg, "SDG");
		counts_table(ar, T(ar, "WSIS Action Lines"), T(ar, "Action Line"), syn.action_lines,
			     syn.nal, "");
		counts_table(ar, T(ar, "GDC objectives"), T(ar, "Objective"), syn.gdc, syn.ngdc,
			     T(ar, "Objective"));
	}
	counts_table(ar, T(ar, "Most common themes"), T(ar, "Word"), syn.themes, syn.nthemes, NULL);
	page_end(ar);
}

static void attachment(struct app_request *ar, const char *type, int64_t id, const char *name)
{
	ar->resp->content_type = type;
	http_header_add(ar->resp, "Content-Disposition",
			arena_sprintf(ar->req->arena, "attachment; filename=\"call-%lld-%s\"",
				      (long long)id, name));
}

void page_call_synthesis_csv(struct app_request *ar)
{
	struct call_synthesis syn;
	struct call c;

	if (load_synthesis(ar, "/synthesis.csv", &c, &syn))
		return;
	if (call_synthesis_csv(&syn, &ar->resp->body)) {
		page_call_internal(ar, "writing a synthesis failed", "too large");
		return;
	}
	attachment(ar, "text/csv; charset=utf-8", c.id, "synthesis.csv");
}

void page_call_synthesis_xlsx(struct app_request *ar)
{
	struct call_synthesis syn;
	struct call c;
	char path[] = "/tmp/stocktake-synthesis-XXXXXX";
	char chunk[65536];
	int fd;
	ssize_t n;

	if (load_synthesis(ar, "/synthesis.xlsx", &c, &syn))
		return;
	if ((fd = mkstemp(path)) < 0) {
		page_call_internal(ar, "writing a workbook failed", "mkstemp");
		return;
	}
	close(fd);
	if (call_synthesis_xlsx(&syn, c.title, path) ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		unlink(path);
		page_call_internal(ar, "writing a workbook failed", path);
		return;
	}
	unlink(path);
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		if (ar->resp->body.len + (size_t)n > XLSX_MAX ||
		    buf_append(&ar->resp->body, chunk, (size_t)n)) {
			n = -1;
			break;
		}
	close(fd);
	if (n < 0) {
		buf_reset(&ar->resp->body);
		page_call_internal(ar, "reading a workbook failed", "too large");
		return;
	}
	attachment(ar, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", c.id,
		   "synthesis.xlsx");
}

/* ---- the responses, streamed ---- */

struct responses_download {
	char *db_path;
	int64_t call_id;
	int moderator;
};

static void responses_free(void *ud)
{
	struct responses_download *d = ud;

	free(d->db_path);
	free(d);
}

struct csv_sink {
	int fd;
	struct buf row;
	const struct call_question *q;
	size_t nq;
};

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int csv_row(void *ud, const struct call_response *r)
{
	struct csv_sink *k = ud;

	buf_reset(&k->row);
	call_response_csv_row(&k->row, r, k->q, k->nq);
	return write_all(k->fd, k->row.data, k->row.len) ? ERR_IO : 0;
}

static void responses_produce(void *ud, int fd)
{
	struct responses_download *d = ud;
	struct store_response_filter f = {0, 1, !d->moderator, 0, 0};
	struct call_question *q = NULL;
	struct store *s = NULL;
	struct csv_sink k;
	struct errinfo e;
	struct arena a;

	arena_init(&a, 16u << 20);
	buf_init(&k.row, 4u << 20);
	errinfo_clear(&e);
	k.fd = fd;
	if (store_open(d->db_path, STORE_READONLY, &s, &e) ||
	    store_call_questions(s, d->call_id, &a, &q, &k.nq)) {
		log_kv(LOG_ERROR, "responses download failed", "detail",
		       s ? store_errmsg(s) : e.msg, LOG_END);
		goto out;
	}
	k.q = q;
	call_response_csv_header(&k.row, q, k.nq);
	if (write_all(fd, k.row.data, k.row.len) == 0 &&
	    store_call_response_each(s, d->call_id, &f, csv_row, &k) && store_errmsg(s)[0])
		log_kv(LOG_WARN, "responses download stopped", "detail", store_errmsg(s), LOG_END);
out:
	store_close(s);
	buf_cleanup(&k.row);
	arena_cleanup(&a);
}

void page_call_responses_csv(struct app_request *ar)
{
	struct responses_download *d;
	struct call c;

	if (page_call_load(ar, NULL, &c))
		return;
	if (ar->user.role < ROLE_MODERATOR && call_phase(&c, app_now(ar)) < PHASE_CLOSED) {
		app_error(ar, 403, "forbidden",
			  T(ar, "The responses are published when the call has closed."), NULL);
		return;
	}
	if (!(d = calloc(1, sizeof *d)) || !(d->db_path = strdup(ar->app->cfg.db_path))) {
		free(d);
		page_call_internal(ar, "download failed", "no memory");
		return;
	}
	d->call_id = c.id;
	d->moderator = ar->user.role >= ROLE_MODERATOR;
	attachment(ar, "text/csv; charset=utf-8", c.id, "responses.csv");
	ar->resp->stream.produce = responses_produce;
	ar->resp->stream.done = responses_free;
	ar->resp->stream.ud = d;
}

/* value_label names a stakeholder type, region or country for the PDF (page_value_label). */
static const char *value_label(void *ud, const char *key)
{
	return page_value_label(ud, key);
}

void page_call_synthesis_pdf(struct app_request *ar)
{
	struct report_opts ro = {.lang = ar->lang, .catalog = ar->app->catalog[ar->lang]};
	struct report_call_opts o = {.ro = &ro, .label = value_label, .ud = ar};
	struct call_synthesis syn;
	struct errinfo e;
	struct report r;
	struct call c;

	if (load_synthesis(ar, "/synthesis.pdf", &c, &syn))
		return;
	errinfo_clear(&e);
	if (report_build_call(&c, &syn, &o, ar->req->arena, &r, &e)) {
		page_call_internal(ar, "building a synthesis report failed", e.msg);
		return;
	}
	page_report_download(ar, &r, 1,
			     arena_sprintf(ar->req->arena, "call-%lld-synthesis", (long long)c.id));
}
