/*
 * map_suggest.h - tag suggestions for a record being written (the "Suggest tags" button of
 * the submission form): what the model finds in its text, and accepting the submitter's
 * choice among them.
 *
 * Nothing the model said travels through the form. Accepting maps the text being saved
 * again (the same text always gets the same answer), so only a code the model really
 * suggests for that text is stored with origin "model", and its score is the model's own:
 * a forged or stale suggestion cannot slip in.
 */
#ifndef STOCKTAKE_MAPPING_MAP_SUGGEST_H
#define STOCKTAKE_MAPPING_MAP_SUGGEST_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/initiative.h"
#include "mapping/mapping.h"

#include <stddef.h>

/* The most suggestions one record can have: every label of every scheme. */
#define MAP_MAX_SUGGESTIONS (MAP_NSDG + MAP_MAX_TARGETS + MAP_NAL + MAP_NGDC)

/*
 * map_suggest maps ini's title, summary and description (map_record_text; language hint
 * ini->language) with m into r. text, initialised by the caller, receives the text that r's
 * evidence spans refer to. Returns 0, ERR_NOMEM or ERR_TOO_LARGE.
 */
int map_suggest(const struct map_model *m, const struct initiative *ini, struct buf *text,
		struct map_result *r);

/*
 * map_result_labels gives r's labels of scheme ("sdg", "sdg_target", "action_line", "gdc")
 * and sets *n to their count; NULL (and *n 0) for any other scheme.
 */
const struct map_label *map_result_labels(const struct map_result *r, const char *scheme, int *n);
/* map_result_find returns r's label of scheme with code, or NULL when r has none. */
const struct map_label *map_result_find(const struct map_result *r, const char *scheme,
					const char *code);

/*
 * map_accept_suggestions maps ini (as map_suggest does) into r and, for each of the n
 * choices (their scheme and code are read) that ini has no tag of yet, adds a tag with
 * origin "model" and the model's score (map_tag_score), strings in a. A choice the model
 * does not suggest for this text (forged, or no longer supported after the text was
 * edited) fails with ERR_INVALID, field "suggested", and *bad (may be NULL) set to its
 * index. On any failure (also ERR_NOMEM, ERR_TOO_LARGE) ini's tags are as they were.
 */
int map_accept_suggestions(const struct map_model *m, struct map_result *r, struct initiative *ini,
			   struct arena *a, const struct tag *choices, size_t n, size_t *bad,
			   struct errinfo *e);

#endif
