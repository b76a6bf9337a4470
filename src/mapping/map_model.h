/*
 * map_model.h - the model file: its layout on disk, which is also its layout in memory
 * (the file is mapped read-only and used in place), and the writer the trainer calls.
 *
 * A model file is a 64-byte header, a table of sections, and the sections, each aligned
 * to 8 bytes. The header holds a magic number, the format version, a byte-order mark, the
 * file size and a 64-bit FNV-1a checksum of everything after the header. Integers and
 * floats are in the byte order of the machine that wrote the file; a file from a machine
 * of the other order is refused by the byte-order mark. Internal to src/mapping.
 */
#ifndef STOCKTAKE_MAPPING_MAP_MODEL_H
#define STOCKTAKE_MAPPING_MAP_MODEL_H

#include "core/err.h"
#include "mapping/mapping.h"

#include <stddef.h>
#include <stdint.h>

#define MAP_MAGIC "STKTMAP\x1a"
#define MAP_FORMAT_VERSION 1u
#define MAP_BYTE_ORDER 0x01020304u

struct map_file_header {
	char magic[8];
	uint32_t version;
	uint32_t byte_order;
	uint64_t size;     /* of the whole file */
	uint64_t checksum; /* FNV-1a 64 of the bytes after the header */
	uint32_t nsections;
	uint32_t reserved[7];
};

struct map_section {
	uint32_t id, count; /* count: records in the section */
	uint64_t offset, size;
};

enum map_section_id {
	MAP_SEC_META = 1, /* struct map_meta, 1 */
	MAP_SEC_KEYS,     /* uint64_t[hsize]: open-addressing table of feature keys, 0 = empty */
	MAP_SEC_KIDX,     /* uint32_t[hsize]: the feature index of each key */
	MAP_SEC_IDF,      /* float[nfeat] */
	MAP_SEC_WEIGHTS,  /* int16_t[nfeat][MAP_NSDG], times wscale[sdg] */
	MAP_SEC_TARGETS,  /* struct map_target_rec[ntargets] */
	MAP_SEC_TVEC,     /* struct map_tvec_rec[ntvec]: the targets' sparse vectors */
	MAP_SEC_LEX,      /* struct map_lex_rec[nlex], sorted by feature */
	MAP_SEC_LABELS,   /* struct map_label_rec[MAP_NAL + MAP_NGDC]: Action Lines, then GDC */
	MAP_SEC_LINKS,    /* uint32_t[MAP_NAL]: bit s-1 set when the Action Line links SDG s */
	MAP_SEC__COUNT
};

struct map_meta {
	uint32_t nfeat, hsize, ntargets, ntvec, nlex, ndocs;
	uint32_t nal, ngdc;
	float bias[MAP_NSDG];      /* logistic regression intercepts */
	float threshold[MAP_NSDG]; /* probability at which each SDG is reported */
	float wscale[MAP_NSDG];    /* weight quantisation step per SDG */
	float lex_threshold;       /* Action Line / GDC score at which a label is reported */
	float link_weight;         /* share of an Action Line's score from its linked SDGs */
	float target_min;          /* least cosine similarity for a target */
	float target_rel;          /* a further target needs this share of the best one */
	uint32_t reserved[8];
};

#define MAP_NLANG 6 /* the UN languages, in enum map_lang order */

struct map_target_rec {
	char code[8]; /* "3.8", "17.19", "1.a" */
	uint32_t goal;
	/* its vector in each language: tvec[off[l] .. off[l]+n[l]), sorted by feature */
	uint32_t off[MAP_NLANG], n[MAP_NLANG];
	uint32_t pad;
};

struct map_tvec_rec {
	uint32_t feat;
	float w;
};

enum { MAP_LEX_AL = 0, MAP_LEX_GDC = 1 };

struct map_lex_rec {
	uint32_t feat;
	uint16_t scheme; /* MAP_LEX_AL or MAP_LEX_GDC */
	uint16_t label;  /* index among the scheme's labels */
	float w;
};

struct map_label_rec {
	char code[24];
};

/* The model as mapped: pointers into the file. */
struct map_model {
	void *base;
	size_t size;
	uint64_t checksum;
	const struct map_meta *meta;
	const uint64_t *keys;
	const uint32_t *kidx;
	const float *idf;
	const int16_t *w;
	const struct map_target_rec *targets;
	const struct map_tvec_rec *tvec;
	const struct map_lex_rec *lex;
	const struct map_label_rec *labels;
	const uint32_t *links;
};

/* map_model_feature returns the feature index of key, or -1 when the model lacks it. */
static inline int64_t map_model_feature(const struct map_model *m, uint64_t key)
{
	uint32_t mask = m->meta->hsize - 1, j = (uint32_t)key & mask;

	while (m->keys[j]) {
		if (m->keys[j] == key)
			return m->kidx[j];
		j = (j + 1) & mask;
	}
	return -1;
}

/* What the trainer hands the writer: the sections' contents, in memory. */
struct map_model_build {
	struct map_meta meta; /* counts filled by the trainer */
	const uint64_t *keys; /* hsize */
	const uint32_t *kidx; /* hsize */
	const float *idf;     /* nfeat */
	const int16_t *w;     /* nfeat * MAP_NSDG */
	const struct map_target_rec *targets;
	const struct map_tvec_rec *tvec;
	const struct map_lex_rec *lex;
	const struct map_label_rec *labels; /* MAP_NAL + MAP_NGDC */
	const uint32_t *links;              /* MAP_NAL */
};

/*
 * map_model_write writes a model file to path: to a temporary file first, renamed over
 * path at the end, so a failed write leaves any previous model in place.
 */
int map_model_write(const char *path, const struct map_model_build *b, struct errinfo *e);

/* map_model_checksum is the checksum the header carries, over n bytes. */
uint64_t map_model_checksum(const void *p, size_t n);

#endif
