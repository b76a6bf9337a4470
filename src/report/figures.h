/*
 * figures.h - the numbers behind every report: counts of initiatives by framework, place,
 * stakeholder type and year, and the gaps. One service for pages, API, CLI and exports.
 *
 * A filter (struct fig_filter) says which initiatives count: a place (ITU-D region, M49
 * region or country), a year range on the start date, stakeholder types, the tag origins
 * that count (declared by submitters or moderators, suggested by the model) and the
 * states (published only, unless the caller may see more). Every count is a number of
 * distinct initiatives, the same number the search API gives for the same filters.
 */
#ifndef STOCKTAKE_REPORT_FIGURES_H
#define STOCKTAKE_REPORT_FIGURES_H

#include "core/arena.h"
#include "core/err.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

enum fig_place { FIG_WORLD, FIG_ITU_REGION, FIG_M49_REGION, FIG_COUNTRY };

struct fig_filter {
	enum fig_place place_kind;
	const char *place;                    /* "africa", "019", "KE"; NULL for the world */
	int from_year, to_year;               /* 0 when open */
	const char *const *stakeholder_types; /* NULL: all */
	size_t n_stakeholder_types;
	int origins; /* bit set of (1 << TAG_ORIGIN_...); 0: all */
	int states;  /* bit set of (1 << INI_STATE_...); 0: published only */
};

/* See figures.c for the struct fig_* results each function fills. */

#endif
