/*
 * mapping.h - placing a text on the frameworks: SDGs, SDG targets, WSIS Action Lines and
 * Global Digital Compact objectives, each with a score and the evidence behind it.
 *
 * A trained model (a file written by `stocktake model train`, see docs/mapping.md) is
 * opened once with map_model_open, which maps it into memory read-only and checks it; it
 * is then shared by every thread. Each caller keeps its own struct map_result, which
 * holds the answer and the scratch space (stemmers, token arrays) that map_text reuses,
 * so mapping many texts allocates almost nothing after the first.
 *
 *	struct map_model *m;
 *	struct map_result r;
 *	map_model_open(path, &m, &e);
 *	map_result_init(&r);
 *	map_text(m, text, "en", &r);   ... r.sdgs, r.targets, r.action_lines, r.gdc ...
 *	json = map_result_json(&r, text, 1);
 *	map_result_cleanup(&r);
 *	map_model_close(m);
 */
#ifndef STOCKTAKE_MAPPING_MAPPING_H
#define STOCKTAKE_MAPPING_MAPPING_H

#include "core/err.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define MAP_NSDG 17
#define MAP_NAL 18 /* WSIS Action Lines: C1-C6, the 8 C7 sub-lines, C8-C11 */
#define MAP_NGDC 5
#define MAP_MAX_TARGETS 12      /* targets reported for one text */
#define MAP_MAX_EVIDENCE 5      /* evidence items per label */
#define MAP_MAX_TEXT (8u << 20) /* longest text map_text accepts, in bytes */
#define MAP_LANG_HINT_MAX 16    /* longest "lang" map --jsonl and POST /api/v1/map take */

/* The file name of the model under a data directory, and the flags to dump results with. */
#define MAP_MODEL_FILE "model/stocktake-map.bin"
#define MAP_JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(6))

struct map_model;
struct map_scratch;

/* One piece of evidence: the bytes [start, end) of the text and how much they weighed. */
struct map_evidence {
	uint32_t start, end;
	float weight;
};

/* One label found: its code ("3", "3.8", "C7.e-health", "1"), score and evidence. */
struct map_label {
	char code[24];
	float score; /* 0..1; 0.5 is the decision threshold for SDGs, Action Lines and GDC */
	int nevidence;
	struct map_evidence evidence[MAP_MAX_EVIDENCE];
};

struct map_result {
	char lang[4];                   /* the language the text was read as: "en", "fr", ... */
	float sdg_score[MAP_NSDG];      /* every SDG's score, index 0 = SDG 1 */
	int nsdgs, ntargets, nal, ngdc; /* labels found, in framework order */
	struct map_label sdgs[MAP_NSDG];
	struct map_label targets[MAP_MAX_TARGETS];
	struct map_label action_lines[MAP_NAL];
	struct map_label gdc[MAP_NGDC];
	unsigned flags;              /* MAP_NO_EVIDENCE; set by the caller, kept by map_text */
	uint32_t target_goals;       /* with MAP_OWN_GOALS: bit g-1 for SDG g; set by the caller */
	struct map_scratch *scratch; /* reused between calls; owned by the result */
};

/* Flags of struct map_result: skip collecting evidence (import, remap, eval need none). */
#define MAP_NO_EVIDENCE 1u
/*
 * Skip whole label sets a caller will not use (map_tag_initiative, for a record tagged in
 * those schemes): no targets; no Action Lines nor GDC objectives; no SDGs (only with
 * MAP_NO_TARGETS, and Action Lines are then unweighted by links: not to be used). The labels
 * computed are those a full mapping gives.
 */
#define MAP_NO_TARGETS 2u
#define MAP_NO_LEXICONS 4u
#define MAP_NO_SDGS 8u
/*
 * Search targets within the SDGs of target_goals instead of the SDGs found (a record's own
 * SDG tags: see docs/mapping.md); the SDGs found are still reported.
 */
#define MAP_OWN_GOALS 16u

/*
 * map_model_find picks the model file: explicit (if not NULL), else $STOCKTAKE_MODEL,
 * else $STOCKTAKE_DATA/model/..., else ./data/model/..., else the installed copy. The
 * returned path is explicit, static or written into buf; it may not exist.
 */
const char *map_model_find(const char *explicit_path, char *buf, size_t buflen);

/*
 * map_model_open maps the model file at path and checks it: magic number, format
 * version, byte order, size, checksum and every offset. A missing, truncated, corrupt or
 * mismatched file fails with ERR_IO / ERR_INVALID and a message saying which, and *out is
 * untouched.
 */
int map_model_open(const char *path, struct map_model **out, struct errinfo *e);
/* map_model_close unmaps m; NULL is a no-op. */
void map_model_close(struct map_model *m);

/* What map_model_describe reports about an open model. */
struct map_model_info {
	uint32_t version;
	uint64_t size, checksum;
	uint32_t features, targets, lexicon_entries, train_docs;
	float thresholds[MAP_NSDG]; /* per-SDG probability thresholds chosen by validation */
};
void map_model_describe(const struct map_model *m, struct map_model_info *info);

/* map_result_init prepares r for map_text; map_result_cleanup frees its scratch. */
void map_result_init(struct map_result *r);
void map_result_cleanup(struct map_result *r);

/*
 * map_text maps the NUL-terminated UTF-8 text (invalid bytes are skipped) into r,
 * replacing what r held. lang_hint ("en", "fr", "es", ...; NULL or "" to detect) picks
 * the stop words and stemmer when it names a supported language. The same text and hint
 * always give the same result. Fails with ERR_TOO_LARGE past MAP_MAX_TEXT bytes or
 * ERR_NOMEM; r is then empty.
 */
int map_text(const struct map_model *m, const char *text, const char *lang_hint,
	     struct map_result *r);
/* map_textn is map_text for the len bytes at text (which need not be NUL-terminated). */
int map_textn(const struct map_model *m, const char *text, size_t len, const char *lang_hint,
	      struct map_result *r);
/*
 * map_lang_hint_ok is 1 when lang_hint is a hint map_text takes: NULL or "" (detect), or
 * en, fr, es, ru, ar or zh, with or without a region ("fr-CA"); 0 otherwise, for callers
 * that refuse a hint map_text would silently ignore (map --lang, POST /api/v1/map).
 */
int map_lang_hint_ok(const char *lang_hint);

/*
 * map_result_json renders r as the object that `stocktake map --jsonl` and the web API
 * answer with (without "id", which the caller adds): sdgs, targets, action_lines, gdc,
 * language, scores and, when explain is set, evidence, whose spans refer to text, the
 * text r was made from. Returns a new reference, or NULL when out of memory. Dump it with
 * MAP_JSON_FLAGS.
 */
json_t *map_result_json(const struct map_result *r, const char *text, size_t len, int explain);

#endif
