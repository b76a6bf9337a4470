/*
 * map_train.h - building a model file from the training data, and measuring a model
 * against labelled text. `stocktake model train` and `stocktake model eval` call these.
 *
 * Training reads, from data_dir: labelled.csv (source,lang,sdg,text: texts labelled with
 * one SDG), keywords.csv (system,sdg,keyword: the keyword systems) and lexicon.csv
 * (scheme,code,lang,weight,phrase: the project's Action Line and GDC lexicons); and from
 * frameworks_dir the official SDG goal, target and indicator texts in six languages, the
 * Action Line and GDC codes and the WSIS-SDG links. docs/mapping.md describes the method.
 * Training is deterministic: the same files give the same bytes.
 */
#ifndef STOCKTAKE_MAPPING_MAP_TRAIN_H
#define STOCKTAKE_MAPPING_MAP_TRAIN_H

#include "core/err.h"
#include "mapping/mapping.h"

#define MAP_TRAIN_MAX_HOLDOUT 8

struct map_train_opts {
	const char *data_dir;                       /* the training files */
	const char *frameworks_dir;                 /* the framework CSVs */
	const char *holdout[MAP_TRAIN_MAX_HOLDOUT]; /* sources of labelled.csv to leave out */
	int nholdout;
	double c;     /* logistic regression cost (0: the default) */
	int min_df;   /* least number of documents a feature must occur in (0: the default) */
	double prune; /* drop features weighing less than this for every SDG (0: default) */
	double clean; /* drop likely-positive negatives above this probability (0: default,
			 < 0: never) */
};

/* Confusion counts for one SDG. */
struct map_confusion {
	long tp, fp, tn, fn;
};

/* What training reports: sizes, and the validation that chose the thresholds. */
struct map_train_report {
	long docs, features, targets, lexicon_entries;
	long docs_by_group[16];
	char groups[16][32]; /* names: official, keywords, then labelled.csv's sources */
	int ngroups;
	int validation_groups; /* held-out sources used (0: k-fold over the labelled texts) */
	float threshold[MAP_NSDG];
	struct map_confusion cv[MAP_NSDG]; /* out-of-fold, at the chosen thresholds */
	size_t model_bytes;
	long cleaned; /* (text, SDG) negatives left out as likely positives */
};

/* map_train trains on the data named by o and writes the model to out_path. */
int map_train(const struct map_train_opts *o, const char *out_path, struct map_train_report *rep,
	      struct errinfo *e);

/* Evaluation: per-SDG confusion counts, and the figures derived from them. */
struct map_eval {
	struct map_confusion sdg[MAP_NSDG];
	long rows, texts;
	int single_label; /* the file was of the `text,sdg` form */
};

struct map_metrics {
	long n;
	double accuracy, precision, recall, f1, balanced_accuracy;
};

/*
 * map_eval_file maps every text of the CSV file at path and counts agreements. Two forms:
 * `id,text,sdg,label` (binary judgements, label True/False: each row is one judgement),
 * or `text,sdg` (single labels: each distinct text is judged for all 17 SDGs, true for
 * the SDGs its rows name).
 */
int map_eval_file(const struct map_model *m, const char *path, struct map_eval *ev,
		  struct errinfo *e);
/* map_metrics_of derives the figures from confusion counts (0 where undefined). */
void map_metrics_of(const struct map_confusion *c, struct map_metrics *out);

#endif
