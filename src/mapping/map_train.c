/*
 * map_train.c - training the SDG model and compiling the targets and lexicons into a
 * model file (see map_train.h and docs/mapping.md).
 *
 * 1. Every text (labelled texts, keyword groups, official goal/target/indicator texts) is
 *    read by the same pipeline as at mapping time (map_text_keys) into (key, count) pairs.
 * 2. The vocabulary is the keys found in at least min_df texts, plus every key of a target
 *    text or a lexicon phrase; IDF is smoothed (ln((1+N)/(1+df)) + 1).
 * 3. Thresholds: the labelled texts come from several sources; each source in turn is left
 *    out, 17 one-vs-rest logistic regressions (liblinear, L2, class-balanced) are trained
 *    on the rest and score it. Each SDG's threshold maximises the mean, over sources, of
 *    the balanced accuracy on those unseen sources. With a single source, 5-fold CV.
 * 4. The final regressions are trained on everything and quantised to 16 bits.
 * 5. Targets become TF-IDF vectors per language; lexicon phrases become feature keys.
 */
#include "mapping/map_train.h"

#include "io/csv_reader.h"
#include "mapping/map_model.h"
#include "mapping/map_text.h"

#include <linear.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_C 16.0
#define DEFAULT_MIN_DF 2
#define DEFAULT_PRUNE 0.5
#define DEFAULT_CLEAN 0.3
#define KEYWORDS_PER_DOC 8
#define MAX_PHRASE_WORDS 6
#define MAX_GROUPS 16
#define G_OFFICIAL 0
#define G_KEYWORDS 1

struct kc {
	uint64_t key;
	uint32_t count;
};

struct tdoc {
	int sdg; /* 1..17 */
	int group;
	size_t off, n;  /* its keys in corpus.kc */
	uint32_t also;  /* bit s - 1: a row of the same source gives the same text SDG s */
	uint64_t thash; /* of the source and the text, to find those rows */
};

/* A target's texts, per language, as key counts. */
struct ttext {
	char code[8];
	int goal;
	size_t off[MAP_NLANG], n[MAP_NLANG];
};

struct lexent {
	uint64_t key;
	int scheme, label;
	float w;
};

/* A growable open-addressing map from 64-bit keys (never 0) to 32-bit values. */
struct u64map {
	uint64_t *k;
	uint32_t *v;
	size_t n, cap;
};

struct corpus {
	struct tdoc *docs;
	size_t ndocs, capdocs;
	struct kc *kc;
	size_t nkc, capkc;
	struct ttext *targets;
	size_t ntargets, captargets;
	struct lexent *lex;
	size_t nlex, caplex;
	char groups[MAX_GROUPS][32];
	int ngroups;
	char al_codes[MAP_NAL][24];
	int nal;
	char gdc_codes[MAP_NGDC][24];
	int ngdc;
	uint32_t links[MAP_NAL];
	struct map_textproc tp;
	const struct map_train_opts *opts;
	/* while reading one CSV file */
	const char *file;
	int col[8];
	struct u64map target_index; /* target code hash -> index + 1 */
	int kw_sdg, kw_n;           /* keyword chunk being built */
	char *kw_buf;
	size_t kw_len, kw_cap;
	int kw_group;
};

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 256;
	void *q;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	if (!(q = realloc(*p, c * size)))
		return ERR_NOMEM;
	*p = q;
	*cap = c;
	return 0;
}

static int map_put(struct u64map *m, uint64_t k, uint32_t v);

static uint32_t *map_get(const struct u64map *m, uint64_t k)
{
	size_t j;

	if (!m->cap)
		return NULL;
	for (j = (size_t)(k * 0x9e3779b97f4a7c15ULL >> 20) & (m->cap - 1); m->k[j];
	     j = (j + 1) & (m->cap - 1))
		if (m->k[j] == k)
			return &m->v[j];
	return NULL;
}

static int map_rehash(struct u64map *m)
{
	struct u64map n = {0};

	n.cap = m->cap ? m->cap * 2 : 4096;
	n.k = calloc(n.cap, sizeof *n.k);
	n.v = calloc(n.cap, sizeof *n.v);
	if (!n.k || !n.v) {
		free(n.k);
		free(n.v);
		return ERR_NOMEM;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->k[i])
			map_put(&n, m->k[i], m->v[i]);
	free(m->k);
	free(m->v);
	*m = n;
	return 0;
}

static int map_put(struct u64map *m, uint64_t k, uint32_t v)
{
	size_t j;

	if ((m->n + 1) * 2 > m->cap && map_rehash(m))
		return ERR_NOMEM;
	for (j = (size_t)(k * 0x9e3779b97f4a7c15ULL >> 20) & (m->cap - 1); m->k[j];
	     j = (j + 1) & (m->cap - 1))
		if (m->k[j] == k) {
			m->v[j] = v;
			return 0;
		}
	m->k[j] = k;
	m->v[j] = v;
	m->n++;
	return 0;
}

static void map_free(struct u64map *m)
{
	free(m->k);
	free(m->v);
	memset(m, 0, sizeof *m);
}

/* text_keys reads text in language lang (-1: detect) and appends its keys to c->kc. */
static int text_keys(struct corpus *c, const char *text, int lang, size_t *off, size_t *n)
{
	enum map_lang used;
	const struct map_keys *k = &c->tp.keys;
	int rc;

	if ((rc = map_text_keys(&c->tp, text, strlen(text), lang, &used)))
		return rc;
	if (grow((void **)&c->kc, &c->capkc, c->nkc + k->n, sizeof *c->kc))
		return ERR_NOMEM;
	*off = c->nkc;
	for (size_t i = 0; i < k->n; i++) {
		const struct map_key *x = &k->v[k->order[i]];
		c->kc[c->nkc].key = x->key;
		c->kc[c->nkc].count = x->count;
		c->nkc++;
	}
	*n = k->n;
	return 0;
}

static uint64_t text_hash(const char *text, int group)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)group;

	for (; *text; text++)
		h = (h ^ (unsigned char)*text) * 1099511628211ull;
	return h ? h : 1;
}

static int add_doc(struct corpus *c, const char *text, int lang, int sdg, int group)
{
	struct tdoc *d;
	size_t off, n;
	int rc;

	if ((rc = text_keys(c, text, lang, &off, &n)))
		return rc;
	if (n == 0)
		return 0;
	if (grow((void **)&c->docs, &c->capdocs, c->ndocs + 1, sizeof *c->docs))
		return ERR_NOMEM;
	d = &c->docs[c->ndocs++];
	d->sdg = sdg;
	d->group = group;
	d->off = off;
	d->n = n;
	d->also = 1u << (sdg - 1);
	d->thash = text_hash(text, group);
	return 0;
}

/*
 * multi_labels: a text that a source labels with several SDGs comes as several rows; each
 * row's document is a positive example for its SDG and must not be a negative for the
 * others (docs[d].also gets every SDG of the text).
 */
static int multi_labels(struct corpus *c)
{
	struct u64map m = {0};

	for (size_t d = 0; d < c->ndocs; d++) {
		uint32_t *p = map_get(&m, c->docs[d].thash);
		if (p)
			*p |= c->docs[d].also;
		else if (map_put(&m, c->docs[d].thash, c->docs[d].also)) {
			map_free(&m);
			return ERR_NOMEM;
		}
	}
	for (size_t d = 0; d < c->ndocs; d++)
		c->docs[d].also = *map_get(&m, c->docs[d].thash);
	map_free(&m);
	return 0;
}

static int group_of(struct corpus *c, const char *name)
{
	for (int i = 0; i < c->ngroups; i++)
		if (strcmp(c->groups[i], name) == 0)
			return i;
	if (c->ngroups == MAX_GROUPS)
		return -1;
	snprintf(c->groups[c->ngroups], sizeof c->groups[0], "%s", name);
	return c->ngroups++;
}

static int parse_sdg(const char *s)
{
	char *end;
	long v;

	if (strncmp(s, "SDG-", 4) == 0)
		s += 4;
	v = strtol(s, &end, 10);
	return *s && !*end && v >= 1 && v <= MAP_NSDG ? (int)v : 0;
}

/* need_columns finds the named columns of a header into c->col; an error names the first missing. */
static int need_columns(struct corpus *c, char **f, size_t n, const char *const *names,
			struct errinfo *e)
{
	for (int i = 0; names[i]; i++)
		if ((c->col[i] = csv_column(f, n, names[i])) < 0)
			return errinfo_set(e, ERR_INVALID, NULL, "%s: no column \"%s\"", c->file,
					   names[i]);
	return 0;
}

#define FIELD(i) (c->col[i] < (int)n ? f[c->col[i]] : "")

static int on_labelled(void *ud, char **f, size_t n, long row, struct errinfo *e)
{
	static const char *const cols[] = {"source", "lang", "sdg", "text", NULL};
	struct corpus *c = ud;
	int sdg, g;

	if (row == 1)
		return need_columns(c, f, n, cols, e);
	for (int i = 0; i < c->opts->nholdout; i++)
		if (strcmp(FIELD(0), c->opts->holdout[i]) == 0)
			return 0;
	if (!(sdg = parse_sdg(FIELD(2))))
		return errinfo_set(e, ERR_INVALID, NULL, "%s: row %ld: bad SDG \"%.20s\"", c->file,
				   row, FIELD(2));
	if ((g = group_of(c, FIELD(0))) < 0)
		return errinfo_set(e, ERR_TOO_LARGE, NULL, "%s: too many sources", c->file);
	return add_doc(c, FIELD(3), map_lang_parse(FIELD(1)), sdg, g) ? ERR_NOMEM : 0;
}

static int kw_flush(struct corpus *c)
{
	int rc = 0;

	if (c->kw_n && c->kw_sdg)
		rc = add_doc(c, c->kw_buf, MAP_LANG_EN, c->kw_sdg, c->kw_group);
	c->kw_n = 0;
	c->kw_len = 0;
	return rc;
}

/* Keywords are grouped, KEYWORDS_PER_DOC at a time per system and SDG, into short texts. */
static int on_keyword(void *ud, char **f, size_t n, long row, struct errinfo *e)
{
	static const char *const cols[] = {"system", "sdg", "keyword", NULL};
	struct corpus *c = ud;
	size_t len;
	int sdg;

	if (row == 1)
		return need_columns(c, f, n, cols, e);
	if (!(sdg = parse_sdg(FIELD(1))))
		return errinfo_set(e, ERR_INVALID, NULL, "%s: row %ld: bad SDG \"%.20s\"", c->file,
				   row, FIELD(1));
	if (sdg != c->kw_sdg || c->kw_n == KEYWORDS_PER_DOC) {
		if (kw_flush(c))
			return ERR_NOMEM;
		c->kw_sdg = sdg;
	}
	len = strlen(FIELD(2));
	if (grow((void **)&c->kw_buf, &c->kw_cap, c->kw_len + len + 3, 1))
		return ERR_NOMEM;
	memcpy(c->kw_buf + c->kw_len, FIELD(2), len);
	c->kw_len += len;
	memcpy(c->kw_buf + c->kw_len, ". ", 3);
	c->kw_len += 2;
	c->kw_n++;
	return 0;
}

static const char *const lang_suffix[MAP_NLANG] = {"en", "fr", "es", "ru", "ar", "zh"};

/* official_row adds a framework row's title_* (and short_*) texts as training documents. */
static int official_row(struct corpus *c, char **header, size_t nh, char **f, size_t n, int sdg)
{
	char name[32];

	for (int l = 0; l < MAP_NLANG; l++) {
		static const char *const prefixes[] = {"title_", "short_"};
		for (int p = 0; p < 2; p++) {
			int col;
			snprintf(name, sizeof name, "%s%s", prefixes[p], lang_suffix[l]);
			col = csv_column(header, nh, name);
			if (col >= 0 && col < (int)n && *f[col] &&
			    add_doc(c, f[col], l, sdg, G_OFFICIAL))
				return ERR_NOMEM;
		}
	}
	return 0;
}

struct fw_reader {
	struct corpus *c;
	char **header;
	size_t nh;
	int kind; /* 0 goals, 1 targets, 2 indicators, 3 action lines, 4 gdc, 5 links */
};

static char **copy_header(char **f, size_t n)
{
	char **h = calloc(n + 1, sizeof *h);

	for (size_t i = 0; h && i < n; i++)
		if (!(h[i] = strdup(f[i]))) {
			for (size_t j = 0; j < i; j++)
				free(h[j]);
			free(h);
			return NULL;
		}
	return h;
}

/* target_add_text adds the texts of a target (or of one of its indicators) per language. */
static int target_add_text(struct corpus *c, struct ttext *t, char **header, size_t nh, char **f,
			   size_t n)
{
	char name[32];

	for (int l = 0; l < MAP_NLANG; l++) {
		int col;
		size_t off, cnt;

		snprintf(name, sizeof name, "title_%s", lang_suffix[l]);
		col = csv_column(header, nh, name);
		if (col < 0 || col >= (int)n || !*f[col])
			continue;
		if (text_keys(c, f[col], l, &off, &cnt))
			return ERR_NOMEM;
		/* keys of one target and language must be contiguous: move them to the end */
		if (t->n[l] && t->off[l] + t->n[l] != off) {
			size_t old = t->off[l], m = t->n[l];
			if (grow((void **)&c->kc, &c->capkc, c->nkc + m, sizeof *c->kc))
				return ERR_NOMEM;
			memmove(c->kc + c->nkc, c->kc + old, m * sizeof *c->kc);
			t->off[l] = c->nkc;
			c->nkc += m;
			/* the new keys follow them */
			if (grow((void **)&c->kc, &c->capkc, c->nkc + cnt, sizeof *c->kc))
				return ERR_NOMEM;
			memmove(c->kc + c->nkc, c->kc + off, cnt * sizeof *c->kc);
			c->nkc += cnt;
			t->n[l] += cnt;
		} else if (t->n[l]) {
			t->n[l] += cnt;
		} else {
			t->off[l] = off;
			t->n[l] = cnt;
		}
	}
	return 0;
}

static int on_framework(void *ud, char **f, size_t n, long row, struct errinfo *e)
{
	struct fw_reader *r = ud;
	struct corpus *c = r->c;
	int code_col, sdg;

	if (row == 1) {
		if (!(r->header = copy_header(f, n)))
			return ERR_NOMEM;
		r->nh = n;
		return 0;
	}
	code_col = csv_column(r->header, r->nh, r->kind == 5 ? "action_line" : "code");
	if (code_col < 0 || code_col >= (int)n)
		return errinfo_set(e, ERR_INVALID, NULL, "%s: no code column", c->file);
	switch (r->kind) {
	case 0: /* goals */
		if (!(sdg = parse_sdg(f[code_col])))
			return errinfo_set(e, ERR_INVALID, NULL, "%s: row %ld: bad goal", c->file,
					   row);
		return official_row(c, r->header, r->nh, f, n, sdg);
	case 1: { /* targets: training texts and the target vectors */
		int gc = csv_column(r->header, r->nh, "goal");
		struct ttext *t;
		if (gc < 0 || gc >= (int)n || !(sdg = parse_sdg(f[gc])) || strlen(f[code_col]) >= 8)
			return errinfo_set(e, ERR_INVALID, NULL, "%s: row %ld: bad target", c->file,
					   row);
		if (grow((void **)&c->targets, &c->captargets, c->ntargets + 1, sizeof *c->targets))
			return ERR_NOMEM;
		t = &c->targets[c->ntargets++];
		memset(t, 0, sizeof *t);
		snprintf(t->code, sizeof t->code, "%s", f[code_col]);
		t->goal = sdg;
		if (map_put(&c->target_index, map_hash(t->code, strlen(t->code), MAP_HASH_SEED),
			    (uint32_t)c->ntargets))
			return ERR_NOMEM;
		if (official_row(c, r->header, r->nh, f, n, sdg))
			return ERR_NOMEM;
		return target_add_text(c, t, r->header, r->nh, f, n);
	}
	case 2: { /* indicators: training texts, and their target's vector */
		int gc = csv_column(r->header, r->nh, "goal");
		int tc = csv_column(r->header, r->nh, "target");
		uint32_t *ti;
		if (gc < 0 || gc >= (int)n || tc < 0 || tc >= (int)n || !(sdg = parse_sdg(f[gc])))
			return errinfo_set(e, ERR_INVALID, NULL, "%s: row %ld: bad indicator",
					   c->file, row);
		if (official_row(c, r->header, r->nh, f, n, sdg))
			return ERR_NOMEM;
		ti = map_get(&c->target_index, map_hash(f[tc], strlen(f[tc]), MAP_HASH_SEED));
		if (!ti)
			return errinfo_set(e, ERR_INVALID, NULL,
					   "%s: row %ld: unknown target %.16s", c->file, row,
					   f[tc]);
		return target_add_text(c, &c->targets[*ti - 1], r->header, r->nh, f, n);
	}
	case 3: { /* action lines: the 18 taggable codes, in order */
		int pc = csv_column(r->header, r->nh, "parent");
		if (strcmp(f[code_col], "C7") == 0 && (pc < 0 || pc >= (int)n || !*f[pc]))
			return 0; /* the C7 heading */
		if (c->nal == MAP_NAL)
			return errinfo_set(e, ERR_INVALID, NULL, "%s: more than %d Action Lines",
					   c->file, MAP_NAL);
		snprintf(c->al_codes[c->nal++], 24, "%s", f[code_col]);
		return 0;
	}
	case 4:
		if (c->ngdc == MAP_NGDC)
			return errinfo_set(e, ERR_INVALID, NULL, "%s: more than %d objectives",
					   c->file, MAP_NGDC);
		snprintf(c->gdc_codes[c->ngdc++], 24, "%s", f[code_col]);
		return 0;
	default: { /* WSIS-SDG links */
		int sc = csv_column(r->header, r->nh, "sdg");
		for (int i = 0; i < c->nal; i++)
			if (strcmp(c->al_codes[i], f[code_col]) == 0 && sc >= 0 && sc < (int)n &&
			    (sdg = parse_sdg(f[sc])))
				c->links[i] |= 1u << (sdg - 1);
		return 0;
	}
	}
}

static int on_lexicon(void *ud, char **f, size_t n, long row, struct errinfo *e)
{
	static const char *const cols[] = {"scheme", "code", "lang", "weight", "phrase", NULL};
	struct corpus *c = ud;
	const struct map_tokens *t = &c->tp.toks;
	struct lexent *x;
	enum map_lang used;
	int scheme, label = -1, nf = 0, idx[MAX_PHRASE_WORDS];
	char *end;
	double w;

	if (row == 1)
		return need_columns(c, f, n, cols, e);
	scheme = strcmp(FIELD(0), "action_line") == 0 ? MAP_LEX_AL
		 : strcmp(FIELD(0), "gdc") == 0       ? MAP_LEX_GDC
						      : -1;
	for (int i = 0; scheme >= 0 && i < (scheme == MAP_LEX_AL ? c->nal : c->ngdc); i++)
		if (strcmp(scheme == MAP_LEX_AL ? c->al_codes[i] : c->gdc_codes[i], FIELD(1)) == 0)
			label = i;
	if (label < 0)
		return errinfo_set(e, ERR_INVALID, NULL, "%s: row %ld: unknown %s code \"%.24s\"",
				   c->file, row, FIELD(0), FIELD(1));
	w = strtod(FIELD(3), &end);
	if (*end || !(w > 0 && w <= 10))
		return errinfo_set(e, ERR_INVALID, NULL, "%s: row %ld: bad weight", c->file, row);
	if (map_text_keys(&c->tp, FIELD(4), strlen(FIELD(4)), map_lang_parse(FIELD(2)), &used))
		return ERR_NOMEM;
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].feature) {
			if (nf == MAX_PHRASE_WORDS)
				return errinfo_set(e, ERR_INVALID, NULL,
						   "%s: row %ld: \"%.60s\" has more than %d words "
						   "after stop words",
						   c->file, row, FIELD(4), MAX_PHRASE_WORDS);
			idx[nf++] = (int)i;
		}
	if (nf == 0)
		return errinfo_set(e, ERR_INVALID, NULL, "%s: row %ld: \"%.60s\" has no word",
				   c->file, row, FIELD(4));
	/*
	 * One word: its unigram. Two: their bigram. More: each consecutive bigram with a share
	 * of the weight, so that the whole phrase weighs the weight.
	 */
	for (int i = 0; i < (nf == 1 ? 1 : nf - 1); i++) {
		const struct map_token *a0 = &t->v[idx[i]];

		if (grow((void **)&c->lex, &c->caplex, c->nlex + 1, sizeof *c->lex))
			return ERR_NOMEM;
		x = &c->lex[c->nlex++];
		x->scheme = scheme;
		x->label = label;
		x->w = (float)(nf > 2 ? w / (nf - 1) : w);
		x->key = map_hash(t->chars + a0->stem, a0->slen, MAP_HASH_SEED);
		if (nf > 1) {
			const struct map_token *a1 = &t->v[idx[i + 1]];
			x->key = map_hash("\x1f", 1, x->key);
			x->key = map_hash(t->chars + a1->stem, a1->slen, x->key);
		}
	}
	return 0;
}

static int read_csv(struct corpus *c, const char *dir, const char *file, csv_row_fn fn, void *ud,
		    int optional, struct errinfo *e)
{
	char path[4096];
	FILE *in;
	int rc;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (!(in = fopen(path, "rb"))) {
		if (optional)
			return 0;
		return errinfo_set(e, ERR_IO, NULL, "cannot open %s", path);
	}
	c->file = path;
	rc = csv_read_stream(in, path, (size_t)1 << 20, fn, ud, e);
	fclose(in);
	return rc;
}

static int read_framework(struct corpus *c, const char *file, int kind, struct errinfo *e)
{
	struct fw_reader r = {c, NULL, 0, kind};
	int rc = read_csv(c, c->opts->frameworks_dir, file, on_framework, &r, 0, e);

	if (r.header) {
		for (size_t i = 0; i < r.nh; i++)
			free(r.header[i]);
		free(r.header);
	}
	return rc;
}

static int read_all(struct corpus *c, struct errinfo *e)
{
	int rc;

	group_of(c, "official");
	group_of(c, "keywords");
	c->kw_group = G_KEYWORDS;
	if ((rc = read_framework(c, "action_lines.csv", 3, e)) ||
	    (rc = read_framework(c, "gdc_objectives.csv", 4, e)) ||
	    (rc = read_framework(c, "wsis_sdg_links.csv", 5, e)) ||
	    (rc = read_framework(c, "sdg_goals.csv", 0, e)) ||
	    (rc = read_framework(c, "sdg_targets.csv", 1, e)) ||
	    (rc = read_framework(c, "sdg_indicators.csv", 2, e)))
		return rc;
	if (c->nal != MAP_NAL || c->ngdc != MAP_NGDC)
		return errinfo_set(e, ERR_INVALID, NULL,
				   "%s: expected %d Action Lines and %d GDC objectives, found %d "
				   "and %d",
				   c->opts->frameworks_dir, MAP_NAL, MAP_NGDC, c->nal, c->ngdc);
	if ((rc = read_csv(c, c->opts->data_dir, "keywords.csv", on_keyword, c, 1, e)) ||
	    (rc = kw_flush(c)) ||
	    (rc = read_csv(c, c->opts->data_dir, "labelled.csv", on_labelled, c, 0, e)) ||
	    (rc = read_csv(c, c->opts->data_dir, "lexicon.csv", on_lexicon, c, 0, e)))
		return rc;
	return 0;
}

/* The learning part. */

struct vocab {
	struct u64map index; /* key -> feature + 1 */
	uint64_t *keys;      /* by feature */
	float *idf;
	uint32_t nfeat;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int build_vocab(struct corpus *c, int min_df, struct vocab *v)
{
	struct u64map df = {0};
	uint64_t *keep = NULL;
	size_t nkeep = 0, cap = 0;
	int rc = ERR_NOMEM;

	memset(v, 0, sizeof *v);
	for (size_t d = 0; d < c->ndocs; d++)
		for (size_t i = 0; i < c->docs[d].n; i++) {
			uint64_t k = c->kc[c->docs[d].off + i].key;
			uint32_t *p = map_get(&df, k);
			if (p)
				(*p)++;
			else if (map_put(&df, k, 1))
				goto out;
		}
	for (size_t i = 0; i < df.cap; i++)
		if (df.k[i] && (int)df.v[i] >= min_df) {
			if (grow((void **)&keep, &cap, nkeep + 1, sizeof *keep))
				goto out;
			keep[nkeep++] = df.k[i];
		}
	/* lexicon keys are always in (target texts use the features that made the cut) */
	for (size_t i = 0; i < c->nlex; i++) {
		if (grow((void **)&keep, &cap, nkeep + 1, sizeof *keep))
			goto out;
		keep[nkeep++] = c->lex[i].key;
	}
	qsort(keep, nkeep, sizeof *keep, cmp_u64);
	v->keys = malloc((nkeep ? nkeep : 1) * sizeof *v->keys);
	v->idf = malloc((nkeep ? nkeep : 1) * sizeof *v->idf);
	if (!v->keys || !v->idf)
		goto out;
	for (size_t i = 0; i < nkeep; i++) {
		uint32_t *p;
		if (v->nfeat && v->keys[v->nfeat - 1] == keep[i])
			continue;
		p = map_get(&df, keep[i]);
		v->keys[v->nfeat] = keep[i];
		v->idf[v->nfeat] =
		    (float)(log((1.0 + (double)c->ndocs) / (1.0 + (p ? *p : 0))) + 1.0);
		if (map_put(&v->index, keep[i], v->nfeat + 1))
			goto out;
		v->nfeat++;
	}
	rc = 0;
out:
	free(keep);
	map_free(&df);
	return rc;
}

static void vocab_free(struct vocab *v)
{
	map_free(&v->index);
	free(v->keys);
	free(v->idf);
}

static int cmp_node(const void *a, const void *b)
{
	const struct feature_node *x = a, *y = b;

	return x->index - y->index;
}

/* vectorise fills out (room for n+2 nodes) with the TF-IDF vector of keys, bias, end. */
static int vectorise(const struct vocab *v, const struct kc *keys, size_t n,
		     struct feature_node *out)
{
	double norm = 0;
	int m = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t *p = map_get(&v->index, keys[i].key);
		if (!p)
			continue;
		out[m].index = (int)*p;
		out[m].value = (1.0 + log((double)keys[i].count)) * v->idf[*p - 1];
		norm += out[m].value * out[m].value;
		m++;
	}
	qsort(out, (size_t)m, sizeof *out, cmp_node);
	norm = norm > 0 ? 1.0 / sqrt(norm) : 0;
	for (int i = 0; i < m; i++)
		out[i].value *= norm;
	out[m].index = (int)v->nfeat + 1; /* the bias */
	out[m].value = 1.0;
	out[m + 1].index = -1;
	return m;
}

static void quiet(const char *s)
{
	(void)s;
}

/*
 * left_out: document d is not a negative example for sdg when its text is also labelled
 * with sdg, or when it was cleaned (skip[d]); it is always a positive for its own SDG.
 */
static int left_out(const struct corpus *c, const unsigned char *skip, size_t d, int sdg)
{
	if (c->docs[d].sdg == sdg)
		return 0;
	return ((c->docs[d].also >> (sdg - 1)) & 1) || (skip && skip[d]);
}

/*
 * train_one fits one SDG's regression on the documents with use[d] set, leaving out the
 * negatives with skip[d] set (skip may be NULL); w gets nfeat + 1
 * weights (the last is the intercept), oriented so that positive means the SDG.
 */
static int train_one(struct feature_node **x, const struct corpus *c, const unsigned char *use,
		     const unsigned char *skip, int sdg, uint32_t nfeat, double cost, double *w)
{
	struct problem prob;
	struct parameter param;
	struct model *mdl;
	int labels[2] = {1, -1};
	double weights[2] = {1, 1};
	long pos = 0, neg = 0;
	size_t k = 0;

	prob.l = 0;
	for (size_t d = 0; d < c->ndocs; d++)
		prob.l += use[d] && !left_out(c, skip, d, sdg);
	prob.n = (int)nfeat + 1;
	prob.bias = 1;
	prob.y = malloc((size_t)prob.l * sizeof *prob.y);
	prob.x = malloc((size_t)prob.l * sizeof *prob.x);
	if (!prob.y || !prob.x) {
		free(prob.y);
		free(prob.x);
		return ERR_NOMEM;
	}
	for (size_t d = 0; d < c->ndocs; d++) {
		if (!use[d] || left_out(c, skip, d, sdg))
			continue;
		prob.x[k] = x[d];
		prob.y[k] = c->docs[d].sdg == sdg ? 1 : -1;
		if (prob.y[k] > 0)
			pos++;
		else
			neg++;
		k++;
	}
	memset(&param, 0, sizeof param);
	param.solver_type = L2R_LR;
	param.C = cost;
	param.eps = 0.01;
	param.nr_weight = 2;
	param.weight_label = labels;
	weights[0] = pos ? (double)neg / (double)pos : 1; /* balance the classes */
	param.weight = weights;
	memset(w, 0, (nfeat + 1) * sizeof *w);
	if (pos == 0 || neg == 0) {
		w[nfeat] = pos ? 5 : -5;
	} else {
		mdl = train(&prob, &param);
		if (!mdl) {
			free(prob.y);
			free(prob.x);
			return ERR_NOMEM;
		}
		for (uint32_t i = 0; i <= nfeat; i++)
			w[i] = mdl->label[0] == 1 ? mdl->w[i] : -mdl->w[i];
		free_and_destroy_model(&mdl);
	}
	free(prob.y);
	free(prob.x);
	return 0;
}

static double predict_prob(const struct feature_node *x, const double *w, uint32_t nfeat)
{
	double z = 0;

	for (; x->index > 0; x++)
		z += (x->index == (int)nfeat + 1 ? w[nfeat] : w[x->index - 1]) * x->value;
	return 1.0 / (1.0 + exp(-z));
}

/*
 * choose_thresholds: out-of-source probabilities prob[d * 17 + s] for documents with
 * scored[d]; per SDG, the threshold with the best mean balanced accuracy over the groups.
 */
static void choose_thresholds(const struct corpus *c, const float *prob,
			      const unsigned char *scored, struct map_train_report *rep)
{
	for (int s = 0; s < MAP_NSDG; s++) {
		double best = -1;
		float best_t = 0.5f;

		for (int ti = 5; ti <= 95; ti++) {
			float t = (float)ti / 100.0f;
			double sum = 0;
			int ng = 0;

			for (int g = 0; g < c->ngroups; g++) {
				long tp = 0, fp = 0, tn = 0, fn = 0;
				for (size_t d = 0; d < c->ndocs; d++) {
					int truth, pred;
					if (!scored[d] || c->docs[d].group != g)
						continue;
					truth = (c->docs[d].also >> s) & 1;
					pred = prob[d * MAP_NSDG + (size_t)s] >= t;
					tp += truth && pred;
					fp += !truth && pred;
					tn += !truth && !pred;
					fn += truth && !pred;
				}
				if (tp + fn < 3 || tn + fp < 3)
					continue; /* too few to say anything */
				sum += 0.5 * ((double)tp / (double)(tp + fn) +
					      (double)tn / (double)(tn + fp));
				ng++;
			}
			if (ng == 0)
				continue;
			sum /= ng;
			/* ties go to the threshold nearer 0.5 */
			if (sum > best + 1e-9 ||
			    (fabs(sum - best) <= 1e-9 && fabsf(t - 0.5f) < fabsf(best_t - 0.5f))) {
				best = sum;
				best_t = t;
			}
		}
		rep->threshold[s] = best_t;
		memset(&rep->cv[s], 0, sizeof rep->cv[s]);
		for (size_t d = 0; d < c->ndocs; d++) {
			int truth, pred;
			if (!scored[d])
				continue;
			truth = (c->docs[d].also >> s) & 1;
			pred = prob[d * MAP_NSDG + (size_t)s] >= best_t;
			rep->cv[s].tp += truth && pred;
			rep->cv[s].fp += !truth && pred;
			rep->cv[s].tn += !truth && !pred;
			rep->cv[s].fn += truth && !pred;
		}
	}
}

/*
 * validate scores every labelled document with models that did not see its source (or
 * its fold), then picks the thresholds.
 */
static int validate(const struct corpus *c, struct feature_node **x, uint32_t nfeat, double cost,
		    double clean, unsigned char *skip, struct map_train_report *rep)
{
	int eval_groups[MAX_GROUPS], neval = 0, folds, rc = ERR_NOMEM;
	unsigned char *use = malloc(c->ndocs), *scored = calloc(c->ndocs, 1);
	float *prob = calloc(c->ndocs * MAP_NSDG, sizeof *prob);
	double *w = malloc((nfeat + 1) * sizeof *w);
	int *fold = malloc(c->ndocs * sizeof *fold);

	if (!use || !scored || !prob || !w || !fold)
		goto out;
	for (int g = 2; g < c->ngroups; g++)
		eval_groups[neval++] = g;
	/* A fold per source; with one source, 5 folds over its documents. */
	folds = neval >= 2 ? neval : 5;
	for (size_t d = 0; d < c->ndocs; d++) {
		fold[d] = -1;
		if (c->docs[d].group < 2)
			continue;
		if (neval >= 2) {
			for (int i = 0; i < neval; i++)
				if (eval_groups[i] == c->docs[d].group)
					fold[d] = i;
		} else {
			/* a fixed pseudo-random fold per document */
			fold[d] = (int)((d * 2654435761u) % 5u);
		}
	}
	rep->validation_groups = neval >= 2 ? neval : 0;
	for (int f = 0; f < folds; f++) {
		int any = 0;
		for (size_t d = 0; d < c->ndocs; d++) {
			use[d] = fold[d] != f;
			any |= fold[d] == f;
		}
		if (!any)
			continue;
		for (int s = 0; s < MAP_NSDG; s++) {
			if ((rc = train_one(x, c, use, NULL, s + 1, nfeat, cost, w)))
				goto out;
			for (size_t d = 0; d < c->ndocs; d++)
				if (fold[d] == f) {
					prob[d * MAP_NSDG + (size_t)s] =
					    (float)predict_prob(x[d], w, nfeat);
					scored[d] = 1;
				}
		}
	}
	choose_thresholds(c, prob, scored, rep);
	/*
	 * Texts are labelled with one SDG, but many address more: a text of another SDG that
	 * the out-of-source models give a probability of at least `clean` for SDG s is most
	 * likely about s too, and is not taught to the final model as a negative for s.
	 */
	for (int s = 0; clean > 0 && s < MAP_NSDG; s++)
		for (size_t d = 0; d < c->ndocs; d++)
			if (scored[d] && !((c->docs[d].also >> s) & 1) &&
			    prob[d * MAP_NSDG + (size_t)s] >= clean) {
				skip[(size_t)s * c->ndocs + d] = 1;
				rep->cleaned++;
			}
	rc = 0;
out:
	free(use);
	free(scored);
	free(prob);
	free(w);
	free(fold);
	return rc;
}

/*
 * prune drops the features that weigh almost nothing for every SDG and serve no target
 * and no lexicon entry, then renumbers the rest (W is rewritten in place). This is what
 * keeps the model file small; scores move by far less than the thresholds' resolution.
 */
static int prune(const struct corpus *c, struct vocab *v, double *W, double tau)
{
	unsigned char *keep = calloc(v->nfeat + 1, 1);
	uint32_t *newi = malloc((v->nfeat + 1) * sizeof *newi);
	uint32_t n = 0, old = v->nfeat;

	if (!keep || !newi) {
		free(keep);
		free(newi);
		return ERR_NOMEM;
	}
	for (size_t i = 0; i < c->nlex; i++) {
		uint32_t *p = map_get(&v->index, c->lex[i].key);
		if (p)
			keep[*p - 1] = 1;
	}
	for (size_t t = 0; t < c->ntargets; t++)
		for (int l = 0; l < MAP_NLANG; l++)
			for (size_t i = 0; i < c->targets[t].n[l]; i++) {
				uint32_t *p =
				    map_get(&v->index, c->kc[c->targets[t].off[l] + i].key);
				if (p)
					keep[*p - 1] = 1;
			}
	for (uint32_t f = 0; f < old; f++)
		for (int s = 0; s < MAP_NSDG && !keep[f]; s++)
			keep[f] = fabs(W[(size_t)s * (old + 1) + f]) >= tau;
	for (uint32_t f = 0; f < old; f++) {
		newi[f] = n;
		if (keep[f]) {
			v->keys[n] = v->keys[f];
			v->idf[n] = v->idf[f];
			n++;
		}
	}
	/* W: the same layout with n + 1 columns per SDG, intercept last */
	for (int s = 0; s < MAP_NSDG; s++) {
		const double *src = W + (size_t)s * (old + 1);
		double *dst = W + (size_t)s * (n + 1);
		double bias = src[old];
		for (uint32_t f = 0; f < old; f++)
			if (keep[f])
				dst[newi[f]] = src[f];
		dst[n] = bias;
	}
	map_free(&v->index);
	v->nfeat = n;
	for (uint32_t f = 0; f < n; f++)
		if (map_put(&v->index, v->keys[f], f + 1)) {
			free(keep);
			free(newi);
			return ERR_NOMEM;
		}
	free(keep);
	free(newi);
	return 0;
}

static int cmp_tvec(const void *a, const void *b)
{
	const struct map_tvec_rec *x = a, *y = b;

	return x->feat < y->feat ? -1 : x->feat > y->feat;
}

static int cmp_lex(const void *a, const void *b)
{
	const struct map_lex_rec *x = a, *y = b;

	if (x->feat != y->feat)
		return x->feat < y->feat ? -1 : 1;
	if (x->scheme != y->scheme)
		return x->scheme - y->scheme;
	return x->label - y->label;
}

/* assemble turns the vocabulary, the weights, targets and lexicons into the file's sections. */
static int assemble(const struct corpus *c, const struct vocab *v, const double *W,
		    const struct map_train_report *rep, const char *out_path, struct errinfo *e)
{
	struct map_model_build b;
	uint32_t hsize = 1;
	uint64_t *keys = NULL;
	uint32_t *kidx = NULL;
	int16_t *q = NULL;
	struct map_target_rec *targets = NULL;
	struct map_tvec_rec *tvec = NULL;
	struct map_lex_rec *lex = NULL;
	struct map_label_rec labels[MAP_NAL + MAP_NGDC];
	size_t ntvec = 0, captvec = 0, nlex = 0;
	struct feature_node *tmp = NULL;
	struct kc *merged = NULL;
	size_t tmpcap = 0, mcap = 0;
	int rc;

	memset(&b, 0, sizeof b);
	memset(labels, 0, sizeof labels);
	while (hsize < v->nfeat + v->nfeat / 3 + 2) /* load at most 3/4 */
		hsize <<= 1;
	keys = calloc(hsize, sizeof *keys);
	kidx = calloc(hsize, sizeof *kidx);
	q = calloc((size_t)v->nfeat * MAP_NSDG + 1, sizeof *q);
	targets = calloc(c->ntargets + 1, sizeof *targets);
	lex = calloc(c->nlex + 1, sizeof *lex);
	if (!keys || !kidx || !q || !targets || !lex)
		goto nomem;
	for (uint32_t f = 0; f < v->nfeat; f++) {
		uint32_t j = (uint32_t)v->keys[f] & (hsize - 1);
		while (keys[j])
			j = (j + 1) & (hsize - 1);
		keys[j] = v->keys[f];
		kidx[j] = f;
	}
	/* weights: W[s * (nfeat + 1) + f]; 16-bit steps of max|w| / 32767 per SDG */
	for (int s = 0; s < MAP_NSDG; s++) {
		const double *ws = W + (size_t)s * (v->nfeat + 1);
		double mx = 0;
		for (uint32_t f = 0; f < v->nfeat; f++)
			mx = fabs(ws[f]) > mx ? fabs(ws[f]) : mx;
		b.meta.wscale[s] = (float)(mx > 0 ? mx / 32767.0 : 1.0);
		b.meta.bias[s] = (float)ws[v->nfeat];
		b.meta.threshold[s] = rep->threshold[s];
		for (uint32_t f = 0; f < v->nfeat; f++)
			q[(size_t)f * MAP_NSDG + (size_t)s] =
			    (int16_t)lrint(ws[f] / b.meta.wscale[s]);
	}
	for (size_t t = 0; t < c->ntargets; t++) {
		const struct ttext *tt = &c->targets[t];
		snprintf(targets[t].code, sizeof targets[t].code, "%s", tt->code);
		targets[t].goal = (uint32_t)tt->goal;
		for (int l = 0; l < MAP_NLANG; l++) {
			size_t nm = 0;
			int m;
			if (grow((void **)&tmp, &tmpcap, tt->n[l] + 2, sizeof *tmp) ||
			    grow((void **)&merged, &mcap, tt->n[l] + 1, sizeof *merged) ||
			    grow((void **)&tvec, &captvec, ntvec + tt->n[l] + 1, sizeof *tvec))
				goto nomem;
			/* the target's and its indicators' texts: one count per key */
			memcpy(merged, c->kc + tt->off[l], tt->n[l] * sizeof *merged);
			qsort(merged, tt->n[l], sizeof *merged, cmp_u64);
			for (size_t i = 0; i < tt->n[l]; i++) {
				if (nm && merged[nm - 1].key == merged[i].key)
					merged[nm - 1].count += merged[i].count;
				else
					merged[nm++] = merged[i];
			}
			m = vectorise(v, merged, nm, tmp);
			targets[t].off[l] = (uint32_t)ntvec;
			targets[t].n[l] = (uint32_t)m;
			for (int i = 0; i < m; i++) {
				tvec[ntvec].feat = (uint32_t)tmp[i].index - 1;
				tvec[ntvec].w = (float)tmp[i].value;
				ntvec++;
			}
			qsort(tvec + targets[t].off[l], (size_t)m, sizeof *tvec, cmp_tvec);
		}
	}
	for (size_t i = 0; i < c->nlex; i++) {
		uint32_t *p = map_get(&v->index, c->lex[i].key);
		if (!p)
			continue;
		lex[nlex].feat = *p - 1;
		lex[nlex].scheme = (uint16_t)c->lex[i].scheme;
		lex[nlex].label = (uint16_t)c->lex[i].label;
		lex[nlex].w = c->lex[i].w;
		nlex++;
	}
	qsort(lex, nlex, sizeof *lex, cmp_lex);
	{ /* one record per (feature, label): the heaviest */
		size_t k = 0;
		for (size_t i = 0; i < nlex; i++) {
			if (k && lex[k - 1].feat == lex[i].feat &&
			    lex[k - 1].scheme == lex[i].scheme &&
			    lex[k - 1].label == lex[i].label) {
				if (lex[i].w > lex[k - 1].w)
					lex[k - 1].w = lex[i].w;
				continue;
			}
			lex[k++] = lex[i];
		}
		nlex = k;
	}
	for (int i = 0; i < MAP_NAL; i++)
		snprintf(labels[i].code, sizeof labels[i].code, "%s", c->al_codes[i]);
	for (int i = 0; i < MAP_NGDC; i++)
		snprintf(labels[MAP_NAL + i].code, sizeof labels[0].code, "%s", c->gdc_codes[i]);
	b.meta.nfeat = v->nfeat;
	b.meta.hsize = hsize;
	b.meta.ntargets = (uint32_t)c->ntargets;
	b.meta.ntvec = (uint32_t)ntvec;
	b.meta.nlex = (uint32_t)nlex;
	b.meta.ndocs = (uint32_t)c->ndocs;
	b.meta.nal = MAP_NAL;
	b.meta.ngdc = MAP_NGDC;
	b.meta.lex_threshold = 0.5f;
	b.meta.link_weight = 0.3f;
	b.meta.target_min = 0.08f;
	b.meta.target_rel = 0.75f;
	b.keys = keys;
	b.kidx = kidx;
	b.idf = v->idf;
	b.w = q;
	b.targets = targets;
	b.tvec = tvec;
	b.lex = lex;
	b.labels = labels;
	b.links = c->links;
	rc = map_model_write(out_path, &b, e);
	goto done;
nomem:
	rc = errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
done:
	free(keys);
	free(kidx);
	free(q);
	free(targets);
	free(tvec);
	free(lex);
	free(tmp);
	free(merged);
	return rc;
}

static void corpus_free(struct corpus *c)
{
	free(c->docs);
	free(c->kc);
	free(c->targets);
	free(c->lex);
	free(c->kw_buf);
	map_free(&c->target_index);
	map_textproc_cleanup(&c->tp);
}

int map_train(const struct map_train_opts *o, const char *out_path, struct map_train_report *rep,
	      struct errinfo *e)
{
	struct corpus c;
	struct vocab v;
	struct feature_node **x = NULL, *nodes = NULL;
	unsigned char *all = NULL, *skip = NULL;
	double *W = NULL, cost = o->c > 0 ? o->c : DEFAULT_C;
	struct stat st;
	size_t total = 0;
	int rc;

	memset(&c, 0, sizeof c);
	memset(&v, 0, sizeof v);
	memset(rep, 0, sizeof *rep);
	c.opts = o;
	map_textproc_init(&c.tp);
	set_print_string_function(quiet);
	if ((rc = read_all(&c, e)))
		goto out;
	if ((rc = multi_labels(&c)))
		goto nomem;
	if (c.ndocs == 0) {
		rc = errinfo_set(e, ERR_INVALID, NULL, "%s: no training texts", o->data_dir);
		goto out;
	}
	if ((rc = build_vocab(&c, o->min_df > 0 ? o->min_df : DEFAULT_MIN_DF, &v)))
		goto nomem;
	/* every document's vector, in one block */
	for (size_t d = 0; d < c.ndocs; d++)
		total += c.docs[d].n + 2;
	x = malloc(c.ndocs * sizeof *x);
	nodes = malloc(total * sizeof *nodes);
	all = malloc(c.ndocs);
	skip = calloc((size_t)MAP_NSDG * c.ndocs, 1);
	W = calloc((size_t)MAP_NSDG * (v.nfeat + 1), sizeof *W);
	if (!x || !nodes || !all || !skip || !W)
		goto nomem;
	total = 0;
	for (size_t d = 0; d < c.ndocs; d++) {
		x[d] = nodes + total;
		total += (size_t)vectorise(&v, c.kc + c.docs[d].off, c.docs[d].n, x[d]) + 2;
		all[d] = 1;
	}
	if ((rc = validate(&c, x, v.nfeat, cost,
			   o->clean > 0   ? o->clean
			   : o->clean < 0 ? 0
					  : DEFAULT_CLEAN,
			   skip, rep)))
		goto nomem;
	for (int s = 0; s < MAP_NSDG; s++)
		if ((rc = train_one(x, &c, all, skip + (size_t)s * c.ndocs, s + 1, v.nfeat, cost,
				    W + (size_t)s * (v.nfeat + 1))))
			goto nomem;
	if ((rc = prune(&c, &v, W, o->prune > 0 ? o->prune : DEFAULT_PRUNE)))
		goto nomem;
	if ((rc = assemble(&c, &v, W, rep, out_path, e)))
		goto out;
	if (stat(out_path, &st) == 0)
		rep->model_bytes = (size_t)st.st_size;
	rep->docs = (long)c.ndocs;
	rep->features = v.nfeat;
	rep->targets = (long)c.ntargets;
	rep->lexicon_entries = (long)c.nlex;
	rep->ngroups = c.ngroups;
	for (int g = 0; g < c.ngroups; g++) {
		snprintf(rep->groups[g], sizeof rep->groups[g], "%s", c.groups[g]);
		for (size_t d = 0; d < c.ndocs; d++)
			rep->docs_by_group[g] += c.docs[d].group == g;
	}
	goto out;
nomem:
	rc = errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
out:
	free(x);
	free(nodes);
	free(all);
	free(skip);
	free(W);
	vocab_free(&v);
	corpus_free(&c);
	return rc;
}
