/*
 * fuzz_import_iati.c - libFuzzer driver for the IATI activity XML reader (import_read_iati).
 *
 * The input is a whole file, read through fmemopen as a real file would be. The sink counts
 * the records and checks what the reader promises of each one whatever the input: source
 * "iati" with an identifier and a title; countries two capital letters, each once; tags SDG
 * goals or targets from the submitter, each once; partners named and each (name, role)
 * once; dates real and in order; status, scope, stakeholder type and language canonical.
 * Valid records are also written out (record_dump) so the sanitizers see every string used.
 */
#include "core/arena.h"
#include "core/err.h"
#include "core/utc.h"
#include "domain/initiative.h"
#include "domain/record_json.h"
#include "io/import.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *where, const char *what)
{
	if (!ok) {
		fprintf(stderr, "%s: broken promise: %s\n", where, what);
		abort();
	}
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_record(const struct initiative *ini, const char *where)
{
	check(same(ini->source, "iati"), where, "source is iati");
	check(ini->source_id && *ini->source_id, where, "an identifier");
	check(ini->title && *ini->title, where, "a title");
	for (size_t i = 0; i < ini->ncountries; i++) {
		const char *c = ini->countries[i];

		check(strlen(c) == 2 && isupper((unsigned char)c[0]) &&
			  isupper((unsigned char)c[1]),
		      where, "countries are ISO alpha-2");
		for (size_t j = 0; j < i; j++)
			check(strcmp(c, ini->countries[j]) != 0, where, "countries once");
	}
	for (size_t i = 0; i < ini->ntags; i++) {
		const struct tag *t = &ini->tags[i];

		check(same(t->scheme, "sdg") || same(t->scheme, "sdg_target"), where, "SDG tags");
		check(same(t->origin, "submitter") && !t->has_score, where, "submitter tags");
		check(t->code && *t->code, where, "tag codes");
		for (size_t j = 0; j < i; j++)
			check(!same(t->scheme, ini->tags[j].scheme) ||
				  !same(t->code, ini->tags[j].code),
			      where, "tags once");
	}
	for (size_t i = 0; i < ini->npartners; i++) {
		const struct partner *p = &ini->partners[i];

		check(p->name && *p->name, where, "partners are named");
		for (size_t j = 0; j < i; j++)
			check(!same(p->name, ini->partners[j].name) ||
				  !same(p->role, ini->partners[j].role),
			      where, "partners once");
	}
	for (size_t i = 0; i < ini->nregions; i++)
		check(strchr(ini->regions[i], ':') != NULL, where, "regions are VOCABULARY:CODE");
	for (size_t i = 0; i < ini->nsectors; i++)
		check(strchr(ini->sectors[i], ':') != NULL, where, "sectors are VOCABULARY:CODE");
	check(!ini->start_date || utc_valid_partial_date(ini->start_date), where, "start date");
	check(!ini->end_date || utc_valid_partial_date(ini->end_date), where, "end date");
	check(!ini->start_date || !ini->end_date || strcmp(ini->start_date, ini->end_date) <= 0,
	      where, "dates in order");
	check(!ini->status || ini_enum_valid(ini_statuses, ini->status), where, "status");
	check(!ini->scope || ini_enum_valid(ini_scopes, ini->scope), where, "scope");
	check(!ini->stakeholder_type ||
		  ini_enum_valid(ini_stakeholder_types, ini->stakeholder_type),
	      where, "stakeholder type");
	check(!ini->org.stakeholder_type || ini->org.name, where,
	      "an organisation type has a name");
	check(!ini->language ||
		  (strlen(ini->language) == 2 && islower((unsigned char)ini->language[0]) &&
		   islower((unsigned char)ini->language[1])),
	      where, "language");
}

static int fuzz_emit(void *ud, struct initiative *ini, const char *where, struct errinfo *e)
{
	long *count = ud;
	struct errinfo ve;
	char *dump;

	(void)e;
	check(where && *where, "?", "every record comes with its place in the file");
	check_record(ini, where);
	(*count)++;
	errinfo_clear(&ve);
	if (ini_validate(ini, &ve) == 0) {
		dump = record_dump(ini, 0);
		check(dump != NULL, where, "a valid record can be written");
		free(dump);
	}
	return 0;
}

static void fuzz_warn(void *ud, const char *where, const char *msg)
{
	(void)ud;
	check(where && msg && *msg, "?", "warnings say where and what");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	long count = 0;
	struct import_sink sink = {.emit = fuzz_emit, .warn = fuzz_warn, .ud = &count, .arena = &a};
	struct errinfo e;
	FILE *in;

	if (size == 0)
		return 0; /* fmemopen refuses an empty buffer on some libcs */
	in = fmemopen((void *)data, size, "r");
	if (!in)
		return 0;
	arena_init(&a, 0);
	errinfo_clear(&e);
	if (import_read_iati(in, "fuzz", &sink, &e)) {
		check(e.msg[0] != '\0', "fuzz", "a reader that fails says why");
		check(strncmp(e.msg, "fuzz: ", 6) == 0, "fuzz",
		      "messages start with the file name");
	} else {
		check(count > 0, "fuzz", "success means at least one record");
	}
	fclose(in);
	arena_cleanup(&a);
	return 0;
}
