/*
 * fuzz_reader.h - what the importers' fuzz drivers share: a sink that checks every record it
 * is given. Every record the reader emits is validated (ini_validate) and written back out
 * (record_dump), so the sanitizers see the record's strings and lists being used, not only
 * built. A record that passes validation must survive a round trip: dumped, parsed again
 * with record_from_json and dumped again, it gives the same line, as docs/data-format.md
 * promises for export then import. Included by exactly one driver per program.
 */
#ifndef STOCKTAKE_FUZZ_READER_H
#define STOCKTAKE_FUZZ_READER_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/initiative.h"
#include "domain/record_json.h"
#include "io/import.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* roundtrip aborts when a valid record's dump does not read back to the same dump. */
static void roundtrip(const char *dump)
{
	struct initiative again;
	struct errinfo e;
	struct arena a;
	json_t *obj;
	char *dump2;

	obj = json_loads(dump, JSON_REJECT_DUPLICATES, NULL);
	if (!obj) {
		fprintf(stderr, "record_dump wrote malformed JSON: %s\n", dump);
		abort();
	}
	arena_init(&a, 0);
	ini_init(&again);
	errinfo_clear(&e);
	if (record_from_json(obj, &a, &again, &e)) {
		fprintf(stderr, "record_dump wrote a record record_from_json rejects (%s): %s\n",
			e.msg, dump);
		abort();
	}
	dump2 = record_dump(&again, 1);
	if (dump2 && strcmp(dump, dump2) != 0) {
		fprintf(stderr, "round trip changed the record:\n  %s\n  %s\n", dump, dump2);
		abort();
	}
	free(dump2);
	json_decref(obj);
	arena_cleanup(&a);
}

static int fuzz_emit(void *ud, struct initiative *ini, const char *where, struct errinfo *e)
{
	struct errinfo ve;
	int valid;
	char *dump;

	(void)ud;
	(void)e;
	if (!where || !*where)
		abort(); /* the contract: every record comes with its place in the file */
	errinfo_clear(&ve);
	valid = ini_validate(ini, &ve) == 0;
	dump = record_dump(ini, 1);
	if (valid && !dump) {
		fprintf(stderr, "%s: record_dump failed on a valid record\n", where);
		abort();
	}
	if (valid && dump)
		roundtrip(dump);
	free(dump);
	return 0;
}

/* fuzz_country knows one country, by code or by name, like a store with only Kenya. */
static int fuzz_country(void *ud, const char *name, char iso2[3], int *found)
{
	(void)ud;
	*found = strcmp(name, "KE") == 0 || strcmp(name, "Kenya") == 0;
	if (*found)
		memcpy(iso2, "KE", 3);
	return 0;
}

static void fuzz_warn(void *ud, const char *where, const char *msg)
{
	(void)ud;
	if (!where || !msg)
		abort();
}

/* fuzz_reader runs read over the input as a whole file, with the checking sink above. */
static int fuzz_reader(int (*read)(FILE *, const char *, struct import_sink *, struct errinfo *),
		       const uint8_t *data, size_t size)
{
	struct arena a;
	struct import_sink sink = {fuzz_emit, fuzz_country, fuzz_warn, NULL, &a, NULL, 0};
	struct errinfo e;
	FILE *in;

	if (size == 0)
		return 0; /* fmemopen refuses an empty buffer on some libcs */
	in = fmemopen((void *)data, size, "r");
	if (!in)
		return 0;
	arena_init(&a, 0);
	errinfo_clear(&e);
	if (read(in, "fuzz", &sink, &e) && e.msg[0] == '\0')
		abort(); /* a reader that fails says why */
	fclose(in);
	arena_cleanup(&a);
	return 0;
}

#endif
