/*
 * map_eval.c - measuring a model against labelled texts (see map_train.h).
 *
 * Binary judgements (`id,text,sdg,label`) are counted row by row. Single labels
 * (`text,sdg`) are first gathered per distinct text (a text may appear on several rows,
 * one per SDG), then each text is judged for all 17 SDGs.
 */
#include "mapping/map_train.h"

#include "io/csv_reader.h"
#include "mapping/map_text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct stext {
	char *text;
	uint32_t sdgs; /* bit s-1 */
	uint64_t hash;
};

struct eval_job {
	const struct map_model *m;
	struct map_eval *ev;
	struct map_result r;
	const char *path;
	int col_text, col_sdg, col_label;
	struct stext *texts;
	size_t ntexts, cap;
	uint64_t last_hash;
};

static int parse_label(const char *s)
{
	if (!strcasecmp(s, "true") || !strcmp(s, "1") || !strcasecmp(s, "yes"))
		return 1;
	if (!strcasecmp(s, "false") || !strcmp(s, "0") || !strcasecmp(s, "no"))
		return 0;
	return -1;
}

static void count(struct map_confusion *c, int truth, int pred)
{
	c->tp += truth && pred;
	c->fp += !truth && pred;
	c->tn += !truth && !pred;
	c->fn += truth && !pred;
}

static int on_row(void *ud, char **f, size_t n, long row, struct errinfo *e)
{
	struct eval_job *j = ud;
	const char *text, *sdgs;
	char *end;
	long sdg;
	int rc;

	if (row == 1) {
		j->col_text = csv_column(f, n, "text");
		j->col_sdg = csv_column(f, n, "sdg");
		j->col_label = csv_column(f, n, "label");
		if (j->col_text < 0 || j->col_sdg < 0)
			return errinfo_set(e, ERR_INVALID, NULL,
					   "%s: the header must name the columns text and sdg (and "
					   "label, for binary judgements)",
					   j->path);
		j->ev->single_label = j->col_label < 0;
		return 0;
	}
	if ((size_t)j->col_text >= n || (size_t)j->col_sdg >= n ||
	    (j->col_label >= 0 && (size_t)j->col_label >= n))
		return errinfo_set(e, ERR_INVALID, NULL, "%s: row %ld: missing fields", j->path,
				   row);
	text = f[j->col_text];
	sdgs = f[j->col_sdg];
	sdg = strtol(sdgs, &end, 10);
	if (!*sdgs || *end || sdg < 1 || sdg > MAP_NSDG)
		return errinfo_set(e, ERR_INVALID, "sdg", "%s: row %ld: bad SDG \"%.20s\"", j->path,
				   row, sdgs);
	j->ev->rows++;
	if (j->col_label >= 0) {
		int label = parse_label(f[j->col_label]);
		if (label < 0)
			return errinfo_set(
			    e, ERR_INVALID, "label",
			    "%s: row %ld: label must be True or False, not \"%.20s\"", j->path, row,
			    f[j->col_label]);
		if ((rc = map_text(j->m, text, NULL, &j->r)))
			return errinfo_set(e, rc, NULL, "%s: row %ld: %s", j->path, row,
					   err_message(rc));
		count(&j->ev->sdg[sdg - 1], label, j->r.sdg_score[sdg - 1] >= 0.5f);
		j->ev->texts++;
		return 0;
	}
	{
		uint64_t h = map_hash(text, strlen(text), MAP_HASH_SEED);
		struct stext *t = NULL;

		/* rows of the same text are usually together; else search */
		for (size_t i = j->ntexts; i > 0; i--)
			if (j->texts[i - 1].hash == h && strcmp(j->texts[i - 1].text, text) == 0) {
				t = &j->texts[i - 1];
				break;
			}
		if (!t) {
			if (j->ntexts == j->cap) {
				size_t c = j->cap ? j->cap * 2 : 256;
				struct stext *v = realloc(j->texts, c * sizeof *v);
				if (!v)
					return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
				j->texts = v;
				j->cap = c;
			}
			t = &j->texts[j->ntexts];
			if (!(t->text = strdup(text)))
				return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
			t->hash = h;
			t->sdgs = 0;
			j->ntexts++;
		}
		t->sdgs |= 1u << (sdg - 1);
	}
	return 0;
}

int map_eval_file(const struct map_model *m, const char *path, struct map_eval *ev,
		  struct errinfo *e)
{
	struct eval_job j;
	FILE *in;
	int rc;

	memset(ev, 0, sizeof *ev);
	memset(&j, 0, sizeof j);
	j.m = m;
	j.ev = ev;
	j.path = path;
	map_result_init(&j.r);
	j.r.flags = MAP_NO_EVIDENCE;
	if (!(in = fopen(path, "rb")))
		return errinfo_set(e, ERR_IO, NULL, "cannot open %s", path);
	rc = csv_read_stream(in, path, (size_t)1 << 22, on_row, &j, e);
	fclose(in);
	if (!rc && ev->rows == 0)
		rc = errinfo_set(e, ERR_INVALID, NULL, "%s: no rows to evaluate", path);
	for (size_t i = 0; !rc && i < j.ntexts; i++) {
		if ((rc = map_text(m, j.texts[i].text, NULL, &j.r))) {
			errinfo_set(e, rc, NULL, "%s: %s", path, err_message(rc));
			break;
		}
		for (int s = 0; s < MAP_NSDG; s++)
			count(&ev->sdg[s], (int)(j.texts[i].sdgs >> s & 1u),
			      j.r.sdg_score[s] >= 0.5f);
		ev->texts++;
	}
	for (size_t i = 0; i < j.ntexts; i++)
		free(j.texts[i].text);
	free(j.texts);
	map_result_cleanup(&j.r);
	return rc;
}

void map_metrics_of(const struct map_confusion *c, struct map_metrics *out)
{
	long n = c->tp + c->fp + c->tn + c->fn;
	double p = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0;
	double r = c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0;
	double tnr = c->tn + c->fp ? (double)c->tn / (double)(c->tn + c->fp) : 0;

	out->n = n;
	out->accuracy = n ? (double)(c->tp + c->tn) / (double)n : 0;
	out->precision = p;
	out->recall = r;
	out->f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
	/* with one class only, balanced accuracy is the rate on that class */
	if (c->tp + c->fn && c->tn + c->fp)
		out->balanced_accuracy = (r + tnr) / 2;
	else
		out->balanced_accuracy = c->tp + c->fn ? r : tnr;
}
