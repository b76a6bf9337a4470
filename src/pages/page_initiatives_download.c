/*
 * page_initiatives_download.c - /initiatives.csv and /initiatives.jsonl: the result set of
 * the search page (same parameters, every page of it, in the same order) in the record
 * format, streamed.
 *
 * The handler runs the search and keeps only the ids (8 bytes each); the records are then
 * read and written one at a time by the response's producer thread, on a connection of its
 * own, through the exporter's record writer (io/export.h), so memory does not grow with the
 * records. A record is written only if it is still in a state the search allowed (a record
 * unpublished meanwhile is left out).
 */
#include "pages/pages.h"

#include "app/search_request.h"
#include "core/buf.h"
#include "core/log.h"
#include "domain/record_json.h"
#include "io/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct download {
	char *db_path;
	enum export_format fmt;
	int64_t *ids;
	size_t n;
	unsigned states; /* bit i: ini_states[i] may be written */
};

static void download_free(void *ud)
{
	struct download *d = ud;

	free(d->db_path);
	free(d->ids);
	free(d);
}

static int state_allowed(const struct download *d, const char *state)
{
	for (unsigned i = 0; state && ini_states[i]; i++)
		if (strcmp(ini_states[i], state) == 0)
			return (d->states >> i) & 1;
	return 0;
}

static void produce(void *ud, int fd)
{
	struct download *d = ud;
	struct store *s = NULL;
	struct arena a;
	struct buf row;
	struct errinfo e;
	FILE *out;
	int wfd = dup(fd);

	if (wfd < 0 || !(out = fdopen(wfd, "w"))) {
		if (wfd >= 0)
			close(wfd);
		return;
	}
	arena_init(&a, 0);
	buf_init(&row, 0);
	errinfo_clear(&e);
	export_write_header(d->fmt, out);
	if (store_open(d->db_path, STORE_READONLY, &s, &e) != 0) {
		log_kv(LOG_ERROR, "download: database unavailable", "detail", e.msg, LOG_END);
		goto out;
	}
	for (size_t i = 0; i < d->n; i++) {
		struct initiative ini;
		char *json = NULL;
		int rc;

		arena_reset(&a);
		rc = store_initiative_get(s, d->ids[i], &a, &ini);
		if (rc == ERR_NOT_FOUND)
			continue;
		if (rc) {
			log_kv(LOG_ERROR, "download failed", "detail", store_errmsg(s), LOG_END);
			break;
		}
		if (!state_allowed(d, ini.state))
			continue;
		if (d->fmt == EXPORT_JSONL && !(json = record_dump(&ini, 1)))
			break;
		rc = export_write_record(d->fmt, &ini, json, &row, out);
		free(json);
		if (rc)
			break; /* the client went away */
	}
out:
	fclose(out);
	store_close(s);
	buf_cleanup(&row);
	arena_cleanup(&a);
}

static void download(struct app_request *ar, enum export_format fmt)
{
	struct search_result res;
	struct search_query q;
	struct download *d;

	if (search_request_parse(ar, &q) || search_request_run(ar, &q, SEARCH_ALL, &res))
		return;
	d = calloc(1, sizeof *d);
	if (!d || !(d->db_path = strdup(ar->app->cfg.db_path)) ||
	    !(d->ids = malloc((res.nids ? res.nids : 1) * sizeof *d->ids))) {
		if (d)
			download_free(d);
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	d->fmt = fmt;
	d->n = res.nids;
	if (res.nids)
		memcpy(d->ids, res.ids, res.nids * sizeof *d->ids);
	for (unsigned i = 0; ini_states[i]; i++) {
		int want = q.nvalues[SD_STATE] == 0 && strcmp(ini_states[i], "published") == 0;

		for (size_t k = 0; k < q.nvalues[SD_STATE]; k++)
			want |= strcmp(q.values[SD_STATE][k], ini_states[i]) == 0;
		if (want)
			d->states |= 1u << i;
	}
	ar->resp->status = 200;
	if (fmt == EXPORT_CSV) {
		ar->resp->content_type = "text/csv; charset=utf-8";
		http_header_add(ar->resp, "Content-Disposition",
				"attachment; filename=\"initiatives.csv\"");
	} else {
		ar->resp->content_type = "application/x-ndjson; charset=utf-8";
		http_header_add(ar->resp, "Content-Disposition",
				"attachment; filename=\"initiatives.jsonl\"");
	}
	ar->resp->stream.produce = produce;
	ar->resp->stream.done = download_free;
	ar->resp->stream.ud = d;
}

void page_initiatives_csv(struct app_request *ar)
{
	download(ar, EXPORT_CSV);
}

void page_initiatives_jsonl(struct app_request *ar)
{
	download(ar, EXPORT_JSONL);
}
