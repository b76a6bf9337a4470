/*
 * timeline.h - the review timeline: loading its seed events (data/timeline/events.csv), and
 * gathering the events with the deadlines of the published calls, for the timeline page,
 * `stocktake timeline` and the iCalendar exports.
 */
#ifndef STOCKTAKE_IO_TIMELINE_H
#define STOCKTAKE_IO_TIMELINE_H

#include "core/arena.h"
#include "core/buf.h"
#include "domain/call.h"
#include "store/store.h"

#include <jansson.h>

#define TIMELINE_FILE "events.csv"
#define TIMELINE_UID_DOMAIN "stocktake.wsis20"

/*
 * timeline_load reads path (CSV with the columns uid, kind, start, end, title, location,
 * url, description) and stores each event by its uid, in one transaction: a bad row
 * changes nothing and e names the row and the field. *loaded and *changed count rows.
 */
int timeline_load(struct store *s, const char *path, int *loaded, int *changed, struct errinfo *e);
/*
 * timeline_dir_for finds the timeline directory beside a frameworks directory
 * (".../data/frameworks" -> ".../data/timeline") into buf.
 */
const char *timeline_dir_for(const char *frameworks_dir, char *buf, size_t len);
/*
 * timeline_collect reads the timeline's events and, unless calls is 0, one deadline event
 * per call that is not a draft, ordered by start (strings in a).
 */
int timeline_collect(struct store *s, int calls, struct arena *a, struct timeline_event **out,
		     size_t *n);
/* timeline_call_event describes call c's deadline as an event (strings in a). */
int timeline_call_event(const struct call *c, struct arena *a, struct timeline_event *ev);
/* timeline_ics writes the calendar of n events named name into b. */
int timeline_ics(struct buf *b, const char *name, const struct timeline_event *ev, size_t n,
		 int64_t now);
/* timeline_json renders the events as a JSON array (a new reference, NULL: no memory). */
json_t *timeline_json(const struct timeline_event *ev, size_t n);

#endif
