/*
 * page_data.c - the open data: /data (what there is to download, and the data dictionary)
 * and the full dumps of the published initiatives, /data/initiatives.csv, .jsonl and .xlsx.
 *
 * A dump is streamed by the response's producer thread on a database connection of its
 * own, one record at a time through the exporters (io/export.h), so memory does not grow
 * with the number of records. The spreadsheet cannot be written to a socket as it goes (a
 * zip file's directory comes last): libxlsxwriter writes it, in constant-memory mode, to a
 * temporary file that is then copied to the socket and removed.
 *
 * Every dump is tagged with the store's change number (ETag): a CDN or a client that has
 * it already gets 304 Not Modified, and may keep it for five minutes without asking.
 */
#include "pages/pages.h"

#include "core/log.h"
#include "io/data_dictionary.h"
#include "io/export.h"
#include "pages/fragments.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DUMP_CACHE "public, max-age=300"

enum dump_kind { DUMP_CSV, DUMP_JSONL, DUMP_XLSX };

static const struct {
	const char *ext, *content_type;
	enum export_format fmt;
} dumps[] = {
    [DUMP_CSV] = {"csv", "text/csv; charset=utf-8", EXPORT_CSV},
    [DUMP_JSONL] = {"jsonl", "application/x-ndjson; charset=utf-8", EXPORT_JSONL},
    [DUMP_XLSX] = {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		   EXPORT_XLSX},
};

struct dump {
	char *db_path;
	enum dump_kind kind;
};

static void dump_free(void *ud)
{
	struct dump *d = ud;

	free(d->db_path);
	free(d);
}

/* copy_file writes the file at path to out; 0 or ERR_IO. */
static int copy_file(const char *path, FILE *out)
{
	FILE *in = fopen(path, "rb");
	char buf[65536];
	size_t n;
	int rc = 0;

	if (!in)
		return ERR_IO;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			rc = ERR_IO; /* the client went away */
			break;
		}
	if (ferror(in))
		rc = ERR_IO;
	fclose(in);
	return rc;
}

/* xlsx_dump writes the spreadsheet to a temporary file, then to out. */
static int xlsx_dump(struct store *s, const struct store_filter *f, FILE *out, long *count,
		     struct errinfo *e)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd, rc;

	snprintf(path, sizeof path, "%s/stocktake-dump-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return errinfo_set(e, ERR_IO, NULL, "temporary file: %s", strerror(errno));
	close(fd);
	rc = export_xlsx(s, f, path, dir && *dir ? dir : NULL, count, e);
	if (!rc && copy_file(path, out))
		rc = errinfo_set(e, ERR_IO, NULL, "the client went away");
	unlink(path);
	return rc;
}

static void produce(void *ud, int fd)
{
	struct dump *d = ud;
	struct store_filter f = {.state = "published"};
	struct store *s = NULL;
	struct errinfo e;
	long count = 0;
	FILE *out;
	int wfd = dup(fd), rc;

	if (wfd < 0 || !(out = fdopen(wfd, "w"))) {
		if (wfd >= 0)
			close(wfd);
		return;
	}
	errinfo_clear(&e);
	if ((rc = store_open(d->db_path, STORE_READONLY, &s, &e)) == 0)
		rc = d->kind == DUMP_XLSX ? xlsx_dump(s, &f, out, &count, &e)
					  : export_run(s, dumps[d->kind].fmt, &f, out, &count, &e);
	if (rc) {
		char n[24];

		snprintf(n, sizeof n, "%ld", count);
		log_kv(LOG_WARN, "open-data dump stopped", "format", dumps[d->kind].ext, "records",
		       n, "detail", e.msg, LOG_END);
	}
	fclose(out);
	store_close(s);
}

static void dump(struct app_request *ar, enum dump_kind kind)
{
	const char *inm = ar->req->header(ar->req, "If-None-Match");
	struct dump *d;
	int64_t seq = 0;
	char *etag;

	if (store_search_seq(ar->store, &seq)) {
		log_kv(LOG_ERROR, "open data", "detail", store_errmsg(ar->store), LOG_END);
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	etag = arena_sprintf(ar->req->arena, "\"data-%lld-%s\"", (long long)seq, dumps[kind].ext);
	http_header_add(ar->resp, "ETag", etag);
	http_header_add(ar->resp, "Cache-Control", DUMP_CACHE);
	if (inm && etag && strcmp(inm, etag) == 0) {
		ar->resp->status = 304;
		return;
	}
	d = calloc(1, sizeof *d);
	if (!d || !(d->db_path = strdup(ar->app->cfg.db_path))) {
		free(d);
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	d->kind = kind;
	ar->resp->status = 200;
	ar->resp->content_type = dumps[kind].content_type;
	http_header_add(ar->resp, "Content-Disposition",
			arena_sprintf(ar->req->arena, "attachment; filename=\"initiatives.%s\"",
				      dumps[kind].ext));
	ar->resp->stream.produce = produce;
	ar->resp->stream.done = dump_free;
	ar->resp->stream.ud = d;
}

void page_data_csv(struct app_request *ar)
{
	dump(ar, DUMP_CSV);
}

void page_data_jsonl(struct app_request *ar)
{
	dump(ar, DUMP_JSONL);
}

void page_data_xlsx(struct app_request *ar)
{
	dump(ar, DUMP_XLSX);
}

static void download_item(struct app_request *ar, const char *href, const char *label,
			  const char *what)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<li><a href=\"");
	html_attr(b, href);
	html_raw(b, "\" download>");
	html_txt(b, label);
	html_raw(b, "</a> \u2014 ");
	html_txt(b, what);
	html_raw(b, "</li>");
}

void page_data(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	const char *const cols[] = {T(ar, "Field"), T(ar, "Type"), T(ar, "Meaning"),
				    T(ar, "Example")};
	int64_t published = 0, orgs = 0;

	if (store_summary(ar->store, &published, &orgs)) {
		log_kv(LOG_ERROR, "open data", "detail", store_errmsg(ar->store), LOG_END);
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	page_begin(ar, T(ar, "Open data"), NAV_NONE);
	html_raw(b, "<h1>");
	html_txt(b, T(ar, "Open data"));
	html_raw(b, "</h1><p>");
	html_rawf(b, "%lld ", (long long)published);
	html_txt(b, TN(ar,
		       "published initiative, in full, in three formats. The files follow "
		       "every change to the records.",
		       "published initiatives, in full, in three formats. The files follow "
		       "every change to the records.",
		       (unsigned long)published));
	html_raw(b, "</p><ul class=\"downloads\">");
	download_item(ar, "/data/initiatives.csv", T(ar, "CSV"),
		      T(ar, "one row per initiative, the columns below; lists separated by "
			    "semicolons."));
	download_item(ar, "/data/initiatives.jsonl", T(ar, "JSON Lines"),
		      T(ar, "one JSON object per line in the record format: the same fields, "
			    "the organisation as an object and each tag with its origin."));
	download_item(ar, "/data/initiatives.xlsx", T(ar, "Spreadsheet (XLSX)"),
		      T(ar, "the CSV's columns in one sheet."));
	html_raw(b, "</ul><h2 id=\"dictionary\">");
	html_txt(b, T(ar, "Data dictionary"));
	html_raw(b, "</h2><p>");
	html_txt(b, T(ar, "Every column of the CSV and the spreadsheet, in order."));
	html_raw(b, "</p>");
	page_table_begin(ar, "dictionary", T(ar, "Data dictionary"), cols, 4, 0);
	for (size_t i = 0; i < dd_count; i++) {
		html_raw(b, "<tr><th scope=\"row\"><code>");
		html_txt(b, dd_fields[i].name);
		html_raw(b, "</code></th><td>");
		html_txt(b, T(ar, dd_fields[i].type));
		html_raw(b, "</td><td>");
		html_txt(b, T(ar, dd_fields[i].meaning));
		html_raw(b, "</td><td><code>");
		html_txt(b, dd_fields[i].example);
		html_raw(b, "</code></td></tr>");
	}
	html_raw(b, "</tbody></table>");
	page_end(ar);
}
