/*
 * page_data.c - the open data: /data (what there is to download, and the data dictionary)
 * and the full dumps of the published initiatives, /data/initiatives.csv, .jsonl and .xlsx.
 *
 * A dump is streamed by the response's producer thread on a database connection of its
 * own, one record at a time through the exporters (io/export.h), so memory does not grow
 * with the number of records. The spreadsheet cannot be written to a socket as it goes (a
 * zip file's directory comes last), and writing it takes minutes at a million records, far
 * past the connection's idle timeout: it is written once per change number, in
 * libxlsxwriter's constant-memory mode, by a thread of its own, into a cache directory
 * ($TMPDIR/stocktake-dumps-HASH, HASH naming the database). A request waits for it up to
 * XLSX_WAIT seconds, then gets 503 with Retry-After; once written, every request for that
 * change number streams the file. Older files are removed when a newer one is ready.
 *
 * Every dump, and the /data page, is tagged with the store's change number (ETag,
 * Last-Modified; pages/page_cache.h): a CDN or a client that has it already gets 304 Not
 * Modified, and may keep a dump for five minutes without asking.
 */
#include "pages/pages.h"

#include "core/log.h"
#include "io/data_dictionary.h"
#include "io/export.h"
#include "pages/fragments.h"
#include "pages/page_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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
	int file; /* DUMP_XLSX: the written spreadsheet, open */
};

static void dump_free(void *ud)
{
	struct dump *d = ud;

	if (d->file >= 0)
		close(d->file);
	free(d->db_path);
	free(d);
}

/* copy_file writes the open file fd to out; 0 or ERR_IO. */
static int copy_file(int fd, FILE *out)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (fwrite(buf, 1, (size_t)n, out) != (size_t)n)
			return ERR_IO; /* the client went away */
	return n < 0 ? ERR_IO : 0;
}

#define XLSX_WAIT 20 /* seconds a request waits for the spreadsheet to be written */

/* The one spreadsheet being written (by any request of this process), and its end. */
static pthread_mutex_t xlsx_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t xlsx_cond = PTHREAD_COND_INITIALIZER;
static int xlsx_busy;

struct xlsx_job {
	char *db_path, *dir;
	int64_t seq;
};

/* xlsx_dir writes the cache directory of db_path into buf. */
static void xlsx_dir(const char *db_path, char *buf, size_t n)
{
	const char *tmp = getenv("TMPDIR");
	uint64_t h = 0xcbf29ce484222325ULL;

	for (const char *p = db_path; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	snprintf(buf, n, "%s/stocktake-dumps-%016llx", tmp && *tmp ? tmp : "/tmp",
		 (unsigned long long)h);
}

/* xlsx_prune removes the spreadsheets of dir other than keep. */
static void xlsx_prune(const char *dir, const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char path[4200];

		if (strncmp(de->d_name, "initiatives-", 12) != 0 || strcmp(de->d_name, keep) == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
}

static void *xlsx_build(void *arg)
{
	struct xlsx_job *j = arg;
	struct store_filter f = {.state = "published"};
	struct store *s = NULL;
	struct errinfo e;
	char name[64], path[4200];
	long count = 0;
	int rc;

	errinfo_clear(&e);
	snprintf(name, sizeof name, "initiatives-%lld.xlsx", (long long)j->seq);
	snprintf(path, sizeof path, "%s/%s", j->dir, name);
	if ((rc = store_open(j->db_path, STORE_READONLY, &s, &e)) == 0)
		rc = export_xlsx(s, &f, path, j->dir, &count, &e);
	store_close(s);
	if (rc)
		log_kv(LOG_ERROR, "open-data spreadsheet failed", "detail", e.msg, LOG_END);
	else
		xlsx_prune(j->dir, name);
	pthread_mutex_lock(&xlsx_lock);
	xlsx_busy = 0;
	pthread_cond_broadcast(&xlsx_cond);
	pthread_mutex_unlock(&xlsx_lock);
	free(j->db_path);
	free(j->dir);
	free(j);
	return NULL;
}

/*
 * xlsx_open returns the spreadsheet of change number seq opened for reading, writing it
 * first (on a thread of its own) when it is not there, and waiting at most XLSX_WAIT
 * seconds; -1 when it is not ready by then.
 */
static int xlsx_open(const char *db_path, int64_t seq)
{
	char dir[4096], path[4200];
	struct timespec until;
	int fd = -1, started = 0;

	xlsx_dir(db_path, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/initiatives-%lld.xlsx", dir, (long long)seq);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += XLSX_WAIT;
	pthread_mutex_lock(&xlsx_lock);
	for (;;) {
		struct xlsx_job *j;
		pthread_t t;

		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0)
			break;
		if (!xlsx_busy) {
			/* one build per request: a failed one is logged, not retried in a loop */
			if (started++ || (mkdir(dir, 0700) != 0 && errno != EEXIST) ||
			    !(j = calloc(1, sizeof *j)))
				break;
			j->seq = seq;
			j->db_path = strdup(db_path);
			j->dir = strdup(dir);
			if (!j->db_path || !j->dir ||
			    pthread_create(&t, NULL, xlsx_build, j) != 0) {
				free(j->db_path);
				free(j->dir);
				free(j);
				break;
			}
			pthread_detach(t);
			xlsx_busy = 1;
		}
		if (pthread_cond_timedwait(&xlsx_cond, &xlsx_lock, &until) == ETIMEDOUT) {
			fd = open(path, O_RDONLY | O_CLOEXEC);
			break;
		}
	}
	pthread_mutex_unlock(&xlsx_lock);
	return fd;
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
	if (d->kind == DUMP_XLSX)
		rc = copy_file(d->file, out) ? errinfo_set(&e, ERR_IO, NULL, "the client went away")
					     : 0;
	else if ((rc = store_open(d->db_path, STORE_READONLY, &s, &e)) == 0)
		rc = export_run(s, dumps[d->kind].fmt, &f, out, &count, &e);
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
	struct dump *d;
	int64_t seq = 0;

	/* the same bytes for everyone: a strong tag, and a CDN may keep it */
	if (page_cache_check(ar, dumps[kind].ext, PAGE_CACHE_PUBLIC, &seq))
		return;
	d = calloc(1, sizeof *d);
	if (!d || !(d->db_path = strdup(ar->app->cfg.db_path))) {
		free(d);
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	d->kind = kind;
	d->file = -1;
	if (kind == DUMP_XLSX && (d->file = xlsx_open(d->db_path, seq)) < 0) {
		dump_free(d);
		http_header_add(ar->resp, "Retry-After", "60");
		app_error(ar, 503, "unavailable",
			  T(ar, "The spreadsheet is being prepared: try again in a minute."), NULL);
		return;
	}
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
	int64_t published = 0, orgs = 0, seq;

	/* the count follows the data; the page is in the reader's language */
	if (page_cache_check(
		ar, arena_sprintf(ar->req->arena, "data-page|%s", lang_code(ar->lang)),
		PAGE_CACHE_PUBLIC | PAGE_CACHE_WEAK | PAGE_CACHE_USER | PAGE_CACHE_LANG, &seq))
		return;
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
