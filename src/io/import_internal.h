/*
 * import_internal.h - helpers shared by the readers, not part of the import interface.
 */
#ifndef STOCKTAKE_IO_IMPORT_INTERNAL_H
#define STOCKTAKE_IO_IMPORT_INTERNAL_H

#include "io/import.h"

#include <jansson.h>

/*
 * import_for_each_json_line calls fn for every non-blank line of in parsed as a JSON
 * object, and resets the sink's arena after each. Lines are limited to IMPORT_MAX_LINE
 * bytes and must be valid UTF-8. Shared by the JSON Lines and DPG readers, which differ
 * only in how an object becomes a record. fast (may be NULL) is offered each line's text
 * first: it returns RECORD_TEXT_DECLINED (record_text.h) to have the line parsed by jansson
 * and given to fn, or else fn's kind of answer.
 */
int import_for_each_json_line(FILE *in, const char *name, struct import_sink *sink,
			      int (*fn)(json_t *obj, struct import_sink *sink, long line,
					const char *where, struct errinfo *e),
			      int (*fast)(const char *text, size_t len, struct import_sink *sink,
					  const char *where, struct errinfo *e),
			      struct errinfo *e);

/* The CSV columns of the record format, in the order export writes them. */
extern const char *const record_csv_columns[];

#endif
