/*
 * fuzz_record_text.c - libFuzzer driver for src/domain/record_text.c, differential: the input
 * is read by record_text_parse and by json_loadb + record_from_json. Whenever the fast path
 * accepts a text the jansson path must too, with the same record, and record_text_dump must
 * write what json_dumps writes for it (meta on and off); and for a valid record,
 * record_text_summary must find the summary jansson finds. Anything else aborts.
 */
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/initiative.h"
#include "domain/record_json.h"
#include "domain/record_text.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *tree_dump(const struct initiative *ini, int meta)
{
	json_t *o = record_to_json(ini, meta);
	char *s;

	if (!o)
		return NULL;
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(o);
	return s;
}

/* same_dumps aborts unless record_text_dump and the jansson tree write the same bytes. */
static void same_dumps(const struct initiative *ini, int meta)
{
	char *want = tree_dump(ini, meta);
	struct buf got;
	int rc;

	buf_init(&got, 0);
	rc = record_text_dump(ini, meta, &got);
	if ((want == NULL) != (rc != 0) || (want && strcmp(want, got.data ? got.data : "") != 0)) {
		fprintf(stderr, "record_text_dump differs:\njansson: %s\nfast:    %s\n",
			want ? want : "(fails)", rc ? "(fails)" : got.data);
		abort();
	}
	free(want);
	buf_cleanup(&got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct initiative fast, slow;
	struct errinfo e;
	struct arena a;
	json_t *obj;
	int accepted, slow_rc = -1;

	arena_init(&a, 0);
	ini_init(&fast);
	ini_init(&slow);
	errinfo_clear(&e);
	accepted = record_text_parse(s, size, &a, &fast) == 0;
	if ((obj = json_loadb(s, size, JSON_REJECT_DUPLICATES, NULL))) {
		slow_rc = record_from_json(obj, &a, &slow, &e);
		json_decref(obj);
	}
	if (accepted) {
		char *x, *y;

		if (slow_rc != 0) {
			fprintf(stderr, "record_text_parse accepted what jansson rejects: %s\n",
				e.msg);
			abort();
		}
		x = tree_dump(&fast, 1);
		y = tree_dump(&slow, 1);
		if ((x == NULL) != (y == NULL) || (x && strcmp(x, y) != 0)) {
			fprintf(stderr, "different records:\nfast: %s\nslow: %s\n", x, y);
			abort();
		}
		free(x);
		free(y);
	}
	if (slow_rc == 0) {
		char *sum = malloc(size + 1);
		size_t len;

		same_dumps(&slow, 0);
		same_dumps(&slow, 1);
		if (!sum)
			abort();
		if (record_text_summary(s, size, sum, &len) != 0 ||
		    strcmp(sum, slow.summary ? slow.summary : "") != 0 || len != strlen(sum)) {
			fprintf(stderr, "record_text_summary differs: %s\n", sum);
			abort();
		}
		free(sum);
	}
	arena_cleanup(&a);
	return 0;
}
