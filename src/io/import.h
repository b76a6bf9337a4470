/*
 * import.h - reading records from files into the store.
 *
 * Each format has a reader that turns a stream into struct initiative records and hands
 * them, one at a time, to a sink. The import service (import.c) is the sink: it checks
 * each record (ini_validate, then countries and framework codes against the store), saves
 * it, and wraps the whole file in one transaction, so a bad file changes nothing. Readers
 * know nothing of the store; they only parse, and say where they are when they fail.
 */
#ifndef STOCKTAKE_IO_IMPORT_H
#define STOCKTAKE_IO_IMPORT_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/initiative.h"
#include "mapping/mapping.h"
#include "store/store.h"

#include <stdio.h>

/* Limits shared by the readers. */
#define IMPORT_MAX_LINE ((size_t)1 << 20) /* one JSON line: 1 MiB */
#define IMPORT_MAX_FIELD ((size_t)400000) /* one CSV field or XML text, in bytes */
#define IMPORT_MAX_RECORDS 10000000L      /* records in one file */

/*
 * struct import_sink receives records. emit gets a record whose strings live in arena
 * (which the reader resets after each emit returns) and where, a short description of
 * the record's place in the file ("line 12", "row 4", "iati-activity 3 (GB-1-1234)").
 * A non-zero return stops the reader, which returns that code; the sink has filled e.
 */
struct import_sink {
	int (*emit)(void *ud, struct initiative *ini, const char *where, struct errinfo *e);
	/*
	 * Optional, for formats that name countries instead of coding them (DPG): resolve a
	 * country name to its ISO alpha-2 code in iso2; return 0 with *found set, or an error.
	 */
	int (*country)(void *ud, const char *name, char iso2[3], int *found);
	/* Optional: a problem that does not stop the import (a value that was skipped). */
	void (*warn)(void *ud, const char *where, const char *msg);
	void *ud;
	struct arena *arena;
	/*
	 * Optional, JSON Lines only: takes each non-blank line (valid UTF-8, its byte order
	 * mark removed) instead of the reader parsing it and calling emit; the sink parses it
	 * later with import_jsonl_parse. The text is valid until the call returns.
	 */
	int (*line)(void *ud, const char *text, size_t len, const char *where, struct errinfo *e);
	/*
	 * Set by the reader: 1 when it stopped on a record it could not read (a line that is
	 * not valid UTF-8 or not JSON, a CSV row of the wrong width, a field of the wrong
	 * kind, an IATI activity with a fault), which was never handed to emit or line; 0 when
	 * it stopped elsewhere (the file's header, the end of the file, emit's own error). The
	 * import counts such a record as rejected with the rest of its file.
	 */
	int unread;
};

/*
 * The readers. name is the file's name for messages. Each returns 0 after the last
 * record, or an error code with e saying where and what (the location first:
 * "line 3: field countries: ..."). A reader never emits a record it could not fully read.
 */
int import_read_jsonl(FILE *in, const char *name, struct import_sink *sink, struct errinfo *e);
int import_read_csv(FILE *in, const char *name, struct import_sink *sink, struct errinfo *e);
int import_read_iati(FILE *in, const char *name, struct import_sink *sink, struct errinfo *e);
int import_read_dpg(FILE *in, const char *name, struct import_sink *sink, struct errinfo *e);
/*
 * import_jsonl_parse reads one JSON Lines record, text (len bytes, valid UTF-8) from
 * line where of file name, into *out with its strings in a; errors read as the JSON Lines
 * reader's. It uses no shared state, so it may run on any thread.
 */
int import_jsonl_parse(const char *name, const char *text, size_t len, const char *where,
		       struct arena *a, struct initiative *out, struct errinfo *e);

/* The formats, and auto-detection from the first bytes of a file. */
enum import_format { IMPORT_AUTO, IMPORT_JSONL, IMPORT_CSV, IMPORT_IATI, IMPORT_DPG };
/* import_format_parse maps "auto", "jsonl", "csv", "iati", "dpg"; -1 otherwise. */
int import_format_parse(const char *s);
const char *import_format_name(enum import_format f);
/* import_detect guesses the format of the n bytes at head (the start of a file). */
enum import_format import_detect(const char *head, size_t n);

struct import_opts {
	enum import_format format;
	const char *state; /* state for records that give none (default "submitted") */
	const char *actor; /* who the audit log names (default "import") */
	/*
	 * The mapping model, or NULL: each record gets model tags (origin "model", with
	 * score) for every scheme it has no tags of (see mapping/map_service.h).
	 */
	const struct map_model *model;
};

struct import_counts {
	long inserted, updated, unchanged, rejected;
};

/*
 * import_file imports one file in one transaction. On success the counts are added to
 * *counts; on failure nothing was written, counts->rejected grows by the records read from
 * the file, and e says which record and field failed and why (prefixed with the file name).
 */
int import_file(struct store *s, const char *path, const struct import_opts *opts,
		struct import_counts *counts, struct errinfo *e);

/*
 * import_check_record runs every check a record must pass before it is stored: the
 * record's own rules and its countries and framework codes against the store.
 */
int import_check_record(struct store *s, const struct initiative *ini, struct errinfo *e);

#endif
