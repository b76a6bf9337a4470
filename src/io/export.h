/*
 * export.h - writing initiatives out in the record format, streamed.
 */
#ifndef STOCKTAKE_IO_EXPORT_H
#define STOCKTAKE_IO_EXPORT_H

#include "store/store.h"

#include <stdio.h>

enum export_format { EXPORT_JSONL, EXPORT_CSV, EXPORT_XLSX };

/*
 * export_format_parse maps "jsonl", "csv" and "xlsx"; -1 otherwise. XLSX is written by
 * export_xlsx only (a file, not a stream).
 */
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
 * export_fields calls fn(ud, column, value) for each column of the CSV form of ini, in the
 * order of the CSV header (record_csv_columns): lists joined by ';', the organisation over
 * four columns, tags by scheme. value may be NULL (empty) and is valid during the call only;
 * tmp is scratch space the caller keeps.
 */
typedef void (*export_field_fn)(void *ud, size_t column, const char *value);
void export_fields(const struct initiative *ini, struct buf *tmp, export_field_fn fn, void *ud);
/* export_columns returns the CSV header's column names, NULL-terminated. */
const char *const *export_columns(void);

/*
 * export_xlsx writes every initiative matching f to a spreadsheet at path (written next to
 * it and renamed into place): one sheet "initiatives" (continued on "initiatives-2"... past
 * Excel's 1,048,575 rows) with the CSV columns, the header bold and frozen, ids as numbers.
 * libxlsxwriter's constant-memory mode keeps memory flat whatever the number of records
 * (rows go to a temporary file under tmpdir, NULL: the system's). *count (may be NULL) gets
 * how many were written.
 */
int export_xlsx(struct store *s, const struct store_filter *f, const char *path, const char *tmpdir,
		long *count, struct errinfo *e);

/*
 * export_run writes every initiative matching f to out, one record at a time (memory does
 * not grow with their number). *count (may be NULL) gets how many were written.
 */
int export_run(struct store *s, enum export_format fmt, const struct store_filter *f, FILE *out,
	       long *count, struct errinfo *e);

#endif
