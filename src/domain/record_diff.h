/*
 * record_diff.h - what changed between two versions of a record.
 *
 * The store keeps every version of an initiative as its JSON document (the record format).
 * record_diff compares two of them field by field, so a history can say "title changed,
 * countries: KE added" without knowing anything about how the versions were made.
 */
#ifndef STOCKTAKE_DOMAIN_RECORD_DIFF_H
#define STOCKTAKE_DOMAIN_RECORD_DIFF_H

#include <jansson.h>

/*
 * record_diff calls cb(ud, field, before, after) for each top-level field whose value
 * differs between the objects before and after: first in the order of before's fields,
 * then the fields only after has. A field missing on one side is passed as NULL there.
 * A NULL object counts as empty. A non-zero return from cb stops and is returned.
 */
typedef int (*record_diff_cb)(void *ud, const char *field, json_t *before, json_t *after);
int record_diff(json_t *before, json_t *after, record_diff_cb cb, void *ud);

/*
 * record_diff_items compares two arrays as sets (items equal by json_equal): cb(ud, item,
 * added) for each item of after not in before (added = 1), then for each item of before
 * not in after (added = 0). NULL or a non-array counts as empty.
 */
typedef int (*record_item_cb)(void *ud, json_t *item, int added);
int record_diff_items(json_t *before, json_t *after, record_item_cb cb, void *ud);

#endif
