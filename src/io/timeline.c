/*
 * timeline.c - the review timeline (see timeline.h).
 */
#include "io/timeline.h"

#include "core/tz.h"
#include "core/utc.h"
#include "io/csv_reader.h"
#include "io/ical.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIMELINE_MAX_FIELD 20000

struct load_ctx {
	struct store *s;
	int col[8];
	int loaded, changed;
};

static const char *const columns[8] = {"uid",   "kind",     "start", "end",
				       "title", "location", "url",   "description"};

static int load_row(void *ud, char **f, size_t n, long row, struct errinfo *e)
{
	struct load_ctx *c = ud;
	struct timeline_event ev;
	const char *v[8];
	int rc, changed = 0;

	if (row == 1) {
		for (int i = 0; i < 8; i++)
			if ((c->col[i] = csv_column(f, n, columns[i])) < 0)
				return errinfo_set(e, ERR_INVALID, columns[i],
						   "row 1: the column %s is missing", columns[i]);
		return 0;
	}
	for (int i = 0; i < 8; i++)
		v[i] = (size_t)c->col[i] < n ? f[c->col[i]] : "";
	memset(&ev, 0, sizeof ev);
	ev.uid = v[0];
	ev.kind = v[1];
	ev.start = v[2];
	ev.end = v[3];
	ev.title = v[4];
	ev.location = v[5];
	ev.url = v[6];
	ev.description = v[7];
	if ((rc = timeline_event_validate(&ev, e))) {
		errinfo_prefix(e, "row %ld: ", row);
		return rc;
	}
	if ((rc = store_timeline_put(c->s, &ev, "init", &changed)))
		return errinfo_set(e, rc, NULL, "row %ld: %s", row, store_errmsg(c->s));
	c->loaded++;
	c->changed += changed;
	return 0;
}

int timeline_load(struct store *s, const char *path, int *loaded, int *changed, struct errinfo *e)
{
	struct load_ctx c = {.s = s};
	FILE *f = fopen(path, "rb");
	int rc;

	if (!f)
		return errinfo_set(e, ERR_IO, NULL, "cannot open %s", path);
	if ((rc = store_begin(s))) {
		fclose(f);
		return errinfo_set(e, rc, NULL, "%s", store_errmsg(s));
	}
	rc = csv_read_stream(f, path, TIMELINE_MAX_FIELD, load_row, &c, e);
	fclose(f);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	/* what servers cached (the timeline's pages) was made from the old events */
	if (c.changed && (rc = store_change_bump(s))) {
		errinfo_set(e, rc, NULL, "%s", store_errmsg(s));
		store_rollback(s);
		return rc;
	}
	if ((rc = store_commit(s)))
		return errinfo_set(e, rc, NULL, "%s", store_errmsg(s));
	*loaded = c.loaded;
	*changed = c.changed;
	return 0;
}

const char *timeline_dir_for(const char *frameworks_dir, char *buf, size_t len)
{
	const char *slash = strrchr(frameworks_dir, '/');

	if (!slash)
		snprintf(buf, len, "../timeline");
	else
		snprintf(buf, len, "%.*s/timeline", (int)(slash - frameworks_dir), frameworks_dir);
	return buf;
}

int timeline_call_event(const struct call *c, struct arena *a, struct timeline_event *ev)
{
	char local[TZ_LOCAL_LEN], abbr[TZ_ABBR_MAX], utc[UTC_ISO_LEN];
	struct errinfo e;

	memset(ev, 0, sizeof *ev);
	utc_format(c->closes_at, utc);
	if (tz_format(c->tz, c->closes_at, local, abbr, &e))
		snprintf(local, sizeof local, "%s", utc);
	ev->uid = arena_sprintf(a, "call-%lld-deadline", (long long)c->id);
	ev->kind = "deadline";
	ev->title = arena_sprintf(a, "Deadline: %s", c->title);
	ev->start = ev->end = arena_strndup(a, local, 10);
	ev->location = "";
	ev->url = "";
	ev->description =
	    arena_sprintf(a, "Responses are accepted until %s (%s, %s), that is %s.%s", local,
			  c->tz, abbr, utc, c->extensions ? " The deadline was extended." : "");
	ev->call_id = c->id;
	ev->at = c->closes_at;
	ev->sequence = c->extensions;
	return ev->uid && ev->title && ev->start && ev->description ? 0 : ERR_NOMEM;
}

static int by_start(const void *pa, const void *pb)
{
	const struct timeline_event *x = pa, *y = pb;
	int c = strcmp(x->start, y->start);

	return c ? c : strcmp(x->uid, y->uid);
}

int timeline_collect(struct store *s, int calls, struct arena *a, struct timeline_event **out,
		     size_t *n)
{
	struct timeline_event *ev = NULL, *all;
	struct call *cv = NULL;
	size_t ne = 0, nc = 0, k;
	int rc;

	if ((rc = store_timeline_list(s, a, &ev, &ne)))
		return rc;
	if (calls && (rc = store_call_list(s, 0, NULL, 1000, a, &cv, &nc)))
		return rc;
	if (!(all = arena_alloc(a, (ne + nc + 1) * sizeof *all)))
		return ERR_NOMEM;
	if (ne)
		memcpy(all, ev, ne * sizeof *all);
	k = ne;
	for (size_t i = 0; i < nc; i++)
		if ((rc = timeline_call_event(&cv[i], a, &all[k++])))
			return rc;
	qsort(all, k, sizeof *all, by_start);
	*out = all;
	*n = k;
	return 0;
}

int timeline_ics(struct buf *b, const char *name, const struct timeline_event *ev, size_t n,
		 int64_t now)
{
	int rc = ical_begin(b, name);

	for (size_t i = 0; !rc && i < n; i++)
		rc = ical_event(b, &ev[i], TIMELINE_UID_DOMAIN, now);
	return rc ? rc : ical_end(b);
}

json_t *timeline_json(const struct timeline_event *ev, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < n; i++) {
		json_t *o =
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "uid", ev[i].uid, "kind",
			      ev[i].kind, "title", ev[i].title, "start", ev[i].start, "end",
			      ev[i].end, "location", ev[i].location ? ev[i].location : "", "url",
			      ev[i].url ? ev[i].url : "", "description",
			      ev[i].description ? ev[i].description : "");
		char iso[UTC_ISO_LEN];

		if (!o) {
			json_decref(arr);
			return NULL;
		}
		if (ev[i].call_id)
			json_object_set_new(o, "call_id", json_integer(ev[i].call_id));
		if (ev[i].at) {
			utc_format(ev[i].at, iso);
			json_object_set_new(o, "at", json_string(iso));
			json_object_set_new(o, "sequence", json_integer(ev[i].sequence));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}
