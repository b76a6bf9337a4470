/*
 * map_service.h - the mapping engine applied to stored records: tagging an initiative
 * with what the model finds (on import) and re-mapping the whole database (remap).
 *
 * Only schemes a record has no tags of get model tags (origin "model", with score), so
 * what a submitter or a moderator chose is never overridden.
 */
#ifndef STOCKTAKE_MAPPING_MAP_SERVICE_H
#define STOCKTAKE_MAPPING_MAP_SERVICE_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/initiative.h"
#include "mapping/mapping.h"
#include "store/store.h"

/*
 * map_tag_initiative maps ini's title, summary and description and adds model tags (in
 * arena a) for each scheme (sdg, sdg_target, action_line, gdc) ini has no tag of. With
 * replace set, ini's model tags are dropped first, so only submitter and moderator tags
 * hold a scheme. r is the caller's reusable result. *added (may be NULL) gets the number
 * of tags added. Returns 0, ERR_NOMEM or ERR_TOO_LARGE.
 */
int map_tag_initiative(const struct map_model *m, struct map_result *r, struct initiative *ini,
		       struct arena *a, int replace, int *added);

/*
 * map_record_text appends to b the text of ini that the model reads: title, summary and
 * description, one paragraph each (what map_tag_initiative maps, and the tag suggestions of
 * the submission form). Returns 0 or buf's error.
 */
int map_record_text(const struct initiative *ini, struct buf *b);

/* map_tag_score is a label's score as a tag stores it: rounded to 4 decimals, 0..1. */
double map_tag_score(const struct map_label *l);

struct map_remap_counts {
	long records, changed, unchanged;
};

/*
 * map_remap re-maps every initiative with model m in one transaction: model tags are
 * replaced by the current model's; records whose tags change are saved (a revision and
 * an audit record each), and one audit record by actor names the run. On failure
 * nothing is changed and e says why.
 */
int map_remap(struct store *s, const struct map_model *m, const char *actor,
	      struct map_remap_counts *counts, struct errinfo *e);

#endif
