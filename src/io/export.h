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

struct buf;

/* export_write_header writes what comes before the records: CSV's header row. */
void export_write_header(enum export_format fmt, FILE *out);
/*
 * export_write_record writes one record: for JSON Lines the line json (the record with its
 * id and times, as store_initiative_each gives it), for CSV the row of ini. row is scratch
 * space the caller keeps from record to record. 0 or ERR_IO.
 */
int export_write_record(enum export_format fmt, const struct initiative *ini, const char *json,
			struct buf *row, FILE *out);

/*
 * export_run writes every initiative matching f to out, one record at a time (memory does
 * not grow with their number). *count (may be NULL) gets how many were written.
 */
int export_run(struct store *s, enum export_format fmt, const struct store_filter *f, FILE *out,
	       long *count, struct errinfo *e);

#endif
