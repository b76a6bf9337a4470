/*
 * frameworks.h - loading the reference frameworks into the store.
 *
 * The frameworks (SDGs, targets, indicators, WSIS Action Lines and their SDG links, GDC
 * objectives, M49 and ITU-D regions, countries) ship as CSV files in data/frameworks/;
 * data/frameworks/SOURCES.md says where each comes from. fw_load reads them all and
 * stores them in one transaction: either every file loads or nothing changes.
 */
#ifndef STOCKTAKE_FRAMEWORKS_FRAMEWORKS_H
#define STOCKTAKE_FRAMEWORKS_FRAMEWORKS_H

#include "store/store.h"

struct fw_counts {
	long sdgs, targets, indicators, action_lines, gdc, regions, itu_regions, countries, links;
	int changed; /* 1 when a stored row changed (the change number moved), 0 when none */
};

/*
 * fw_load loads every framework file in dir into s (replacing what is stored under the
 * same codes). Returns 0 and fills *counts, or an error naming the file and row. When a
 * stored title, link or country changed, it moves the store's change number, so running
 * servers drop what they cached on it (store_fw_settle) and leaves an audit record; an
 * identical reload does neither.
 */
int fw_load(struct store *s, const char *dir, struct fw_counts *counts, struct errinfo *e);

/*
 * fw_find_dir picks the directory to load from: explicit (if not NULL), else
 * $STOCKTAKE_DATA/frameworks, else ./data/frameworks, else the installed copy.
 * Returns a borrowed or static string.
 */
const char *fw_find_dir(const char *explicit_dir, char *buf, size_t buflen);

#endif
