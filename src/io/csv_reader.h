/*
 * csv_reader.h - streaming RFC 4180 CSV reading on top of libcsv.
 *
 * Rows are handed to a callback as arrays of NUL-terminated fields that live in an arena
 * reset after each row, so memory stays flat however long the file. Fields are checked
 * for valid UTF-8 and a size limit; the header row is passed like any other (row 1).
 */
#ifndef STOCKTAKE_IO_CSV_READER_H
#define STOCKTAKE_IO_CSV_READER_H

#include "core/err.h"

#include <stddef.h>
#include <stdio.h>

/*
 * The row callback: fields[0..n) for row number row (1-based, header included). Return 0
 * to go on; a non-zero code stops reading and is returned (fill e first).
 */
typedef int (*csv_row_fn)(void *ud, char **fields, size_t n, long row, struct errinfo *e);

/*
 * csv_read_stream reads in to the end. max_field is the largest field in bytes. Errors
 * (malformed quoting, invalid UTF-8, an over-long field, a read error) name the file and
 * the row: "NAME: row 7: ...".
 */
int csv_read_stream(FILE *in, const char *name, size_t max_field, csv_row_fn cb, void *ud,
		    struct errinfo *e);

/* csv_column finds name in the header fields; -1 when absent. */
int csv_column(char **header, size_t n, const char *name);

#endif
