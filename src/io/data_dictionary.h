/*
 * data_dictionary.h - what each column of the open-data dumps means: one table, rendered
 * on the /data page (translated), printed by `stocktake export --data-dictionary` and
 * copied into docs/open-data.md (a test checks the copy is the same).
 */
#ifndef STOCKTAKE_IO_DATA_DICTIONARY_H
#define STOCKTAKE_IO_DATA_DICTIONARY_H

#include "core/buf.h"

#include <stddef.h>

struct dd_field {
	const char *name;    /* the CSV column (record_csv_columns, same order) */
	const char *type;    /* in English, marked for translation */
	const char *meaning; /* in English, marked for translation */
	const char *example; /* a value as the CSV holds it */
};

extern const struct dd_field dd_fields[];
extern const size_t dd_count;

/* dd_markdown writes the table in Markdown (English), one row per field. 0 or an ERR_. */
int dd_markdown(struct buf *out);

#endif
