/*
 * record_json.h - the record format (docs/data-format.md) as JSON, both ways.
 *
 * This is the one place that knows the JSON spelling of a record: the JSON Lines importer
 * and exporter, the revision snapshots in the store and (later) the API all go through it.
 */
#ifndef STOCKTAKE_DOMAIN_RECORD_JSON_H
#define STOCKTAKE_DOMAIN_RECORD_JSON_H

#include "domain/initiative.h"

#include <jansson.h>

/*
 * record_from_json fills ini from the JSON object obj, copying strings into arena a.
 * Unknown fields, wrong types and over-long strings are errors naming the field; values
 * are not otherwise validated here (see ini_validate). `id` is checked to be an integer and
 * dropped (ids belong to the database that wrote them); `created_at` and `updated_at` are
 * kept in ini for display but never stored by the importer. On failure ini may be partly
 * filled and must be discarded.
 */
int record_from_json(json_t *obj, struct arena *a, struct initiative *ini, struct errinfo *e);

/*
 * record_to_json returns a new JSON object for ini (caller json_decref's it), or NULL on
 * memory failure. With meta, id and timestamps are included when set. The strings of ini
 * must be valid UTF-8 (as ini_validate ensures); they are not checked again.
 */
json_t *record_to_json(const struct initiative *ini, int meta);

/*
 * record_dump writes ini as one compact JSON line (no newline) into a malloc'd string
 * with keys in a fixed order; NULL on memory failure.
 */
char *record_dump(const struct initiative *ini, int meta);

#endif
