/*
 * export.h - writing initiatives out in the record format, streamed.
 */
#ifndef STOCKTAKE_IO_EXPORT_H
#define STOCKTAKE_IO_EXPORT_H

#include "store/store.h"

#include <stdio.h>

enum export_format { EXPORT_JSONL, EXPORT_CSV };

/* export_format_parse maps "jsonl" and "csv"; -1 otherwise. */
int export_format_parse(const char *s);

/*
 * export_run writes every initiative matching f to out, one record at a time (memory does
 * not grow with their number). *count (may be NULL) gets how many were written.
 */
int export_run(struct store *s, enum export_format fmt, const struct store_filter *f, FILE *out,
	       long *count, struct errinfo *e);

#endif
