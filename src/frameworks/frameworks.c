/*
 * frameworks.c - loads the CSV files of data/frameworks into the store.
 *
 * Each file is small (at most a few hundred rows), so it is read whole into a table and
 * then stored; a table-driven description of the item files keeps one code path for
 * goals, targets, indicators, Action Lines, GDC objectives and regions.
 */
#include "frameworks/frameworks.h"

#include "core/arena.h"
#include "io/csv_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef STOCKTAKE_DATADIR
#define STOCKTAKE_DATADIR "/usr/local/share/stocktake"
#endif

#define FW_MAX_ROWS 5000
#define FW_MAX_FIELD 8192

struct table {
	struct arena *a;
	char **header;
	size_t ncols;
	char ***rows;
	size_t nrows;
	const char *name;
};

static int table_row(void *ud, char **fields, size_t n, long row, struct errinfo *e)
{
	struct table *t = ud;
	char **copy;

	if (row == 1) {
		t->ncols = n;
		t->header = arena_alloc(t->a, n * sizeof *t->header);
		if (!t->header)
			return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
		for (size_t i = 0; i < n; i++)
			if (!(t->header[i] = arena_strdup(t->a, fields[i])))
				return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
		t->rows = arena_alloc(t->a, FW_MAX_ROWS * sizeof *t->rows);
		return t->rows ? 0 : errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	}
	if (n != t->ncols)
		return errinfo_set(e, ERR_INVALID, NULL,
				   "%s: row %ld has %zu columns; the header has %zu", t->name, row,
				   n, t->ncols);
	if (t->nrows >= FW_MAX_ROWS)
		return errinfo_set(e, ERR_TOO_LARGE, NULL, "%s: more than %d rows", t->name,
				   FW_MAX_ROWS);
	copy = arena_alloc(t->a, n * sizeof *copy);
	if (!copy)
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	for (size_t i = 0; i < n; i++)
		if (!(copy[i] = arena_strdup(t->a, fields[i])))
			return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	t->rows[t->nrows++] = copy;
	return 0;
}

/* table_read reads dir/file into t (strings in a). */
static int table_read(struct table *t, struct arena *a, const char *dir, const char *file,
		      struct errinfo *e)
{
	char path[4096];
	FILE *f;
	int rc;

	memset(t, 0, sizeof *t);
	t->a = a;
	t->name = file;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	f = fopen(path, "rb");
	if (!f)
		return errinfo_set(e, ERR_IO, NULL, "cannot open %s: %m", path);
	rc = csv_read_stream(f, file, FW_MAX_FIELD, table_row, t, e);
	fclose(f);
	if (!rc && !t->header)
		rc = errinfo_set(e, ERR_INVALID, NULL, "%s is empty", file);
	return rc;
}

/* col returns the index of a required column, or -1 with e set. */
static int col(const struct table *t, const char *name, struct errinfo *e)
{
	int i = csv_column(t->header, t->ncols, name);

	if (i < 0)
		errinfo_set(e, ERR_INVALID, NULL, "%s has no column \"%s\"", t->name, name);
	return i;
}

/* opt_col returns the index of an optional column, or -1. */
static int opt_col(const struct table *t, const char *name)
{
	return csv_column(t->header, t->ncols, name);
}

struct item_file {
	const char *file, *scheme;
	const char *parent_col, *attr_col;
	const char *title_prefix, *short_prefix; /* per-language columns: PREFIX_en, ... */
	const char *short_en_col;                /* a single English short-name column */
	size_t counts_off;
	long expect; /* exact number of rows, or 0 for any */
};

static const struct item_file item_files[] = {
    {"sdg_goals.csv", "sdg", NULL, NULL, "title", "short", NULL, offsetof(struct fw_counts, sdgs),
     17},
    {"sdg_targets.csv", "sdg_target", "goal", NULL, "title", NULL, NULL,
     offsetof(struct fw_counts, targets), 169},
    {"sdg_indicators.csv", "sdg_indicator", "target", "unsd_code", "title", NULL, NULL,
     offsetof(struct fw_counts, indicators), 0},
    {"action_lines.csv", "action_line", "parent", NULL, "title", NULL, "short_name",
     offsetof(struct fw_counts, action_lines), 0},
    {"gdc_objectives.csv", "gdc", NULL, NULL, "title", NULL, NULL, offsetof(struct fw_counts, gdc),
     5},
    {"m49_regions.csv", "m49_region", "parent", "level", "name", NULL, NULL,
     offsetof(struct fw_counts, regions), 0},
    {"itu_regions.csv", "itu_region", NULL, NULL, "name", NULL, NULL,
     offsetof(struct fw_counts, itu_regions), 6},
};

/* is_parent tells whether code is the parent of another row (a heading like C7). */
static int is_parent(const struct table *t, int parent_col, const char *code)
{
	if (parent_col < 0)
		return 0;
	for (size_t r = 0; r < t->nrows; r++)
		if (strcmp(t->rows[r][parent_col], code) == 0)
			return 1;
	return 0;
}

static int load_items(struct store *s, const char *dir, const struct item_file *f, struct arena *a,
		      struct fw_counts *counts, struct errinfo *e)
{
	struct table t;
	int code_col, parent_col = -1, attr_col = -1, title_cols[LANG__COUNT],
		      short_cols[LANG__COUNT];
	long n = 0;
	char name[64];
	int rc;

	if ((rc = table_read(&t, a, dir, f->file, e)))
		return rc;
	if ((code_col = col(&t, "code", e)) < 0)
		return ERR_INVALID;
	if (f->parent_col && (parent_col = col(&t, f->parent_col, e)) < 0)
		return ERR_INVALID;
	if (f->attr_col && (attr_col = col(&t, f->attr_col, e)) < 0)
		return ERR_INVALID;
	for (int l = 0; l < LANG__COUNT; l++) {
		snprintf(name, sizeof name, "%s_%s", f->title_prefix, lang_code((enum lang)l));
		title_cols[l] = opt_col(&t, name);
		short_cols[l] = -1;
		if (f->short_prefix) {
			snprintf(name, sizeof name, "%s_%s", f->short_prefix,
				 lang_code((enum lang)l));
			short_cols[l] = opt_col(&t, name);
		}
	}
	if (title_cols[LANG_EN] < 0)
		return errinfo_set(e, ERR_INVALID, NULL, "%s has no column \"%s_en\"", f->file,
				   f->title_prefix);
	if (f->short_en_col && (short_cols[LANG_EN] = col(&t, f->short_en_col, e)) < 0)
		return ERR_INVALID;
	for (size_t r = 0; r < t.nrows; r++) {
		char **row = t.rows[r];
		struct fw_item it = {0};

		it.scheme = f->scheme;
		it.code = row[code_col];
		if (!*it.code || !*row[title_cols[LANG_EN]])
			return errinfo_set(e, ERR_INVALID, NULL,
					   "%s: row %zu has no code or no title", f->file, r + 2);
		it.parent = parent_col >= 0 ? row[parent_col] : NULL;
		it.attr = attr_col >= 0 ? row[attr_col] : NULL;
		it.sort = (int)r + 1;
		it.is_group =
		    is_parent(&t, parent_col, it.code) && strcmp(f->scheme, "action_line") == 0;
		for (int l = 0; l < LANG__COUNT; l++) {
			it.title[l] = title_cols[l] >= 0 ? row[title_cols[l]] : NULL;
			it.short_title[l] = short_cols[l] >= 0 ? row[short_cols[l]] : NULL;
		}
		if ((rc = store_fw_put(s, &it)))
			return errinfo_set(e, rc, NULL, "%s: row %zu: %s", f->file, r + 2,
					   store_errmsg(s));
		if (!it.is_group)
			n++;
	}
	if (f->expect && n != f->expect)
		return errinfo_set(e, ERR_INVALID, NULL, "%s has %ld entries; expected %ld",
				   f->file, n, f->expect);
	*(long *)((char *)counts + f->counts_off) = n;
	return 0;
}

static int load_links(struct store *s, const char *dir, const char *file, const char *to_scheme,
		      const char *to_col_name, struct arena *a, long *count, struct errinfo *e)
{
	struct table t;
	int from_col, to_col, rc;

	if ((rc = table_read(&t, a, dir, file, e)))
		return rc;
	if ((from_col = col(&t, "action_line", e)) < 0 || (to_col = col(&t, to_col_name, e)) < 0)
		return ERR_INVALID;
	for (size_t r = 0; r < t.nrows; r++) {
		if ((rc = store_fw_link_put(s, "action_line", t.rows[r][from_col], to_scheme,
					    t.rows[r][to_col])))
			return errinfo_set(e, rc, NULL, "%s: row %zu: link %s -> %s %s: %s", file,
					   r + 2, t.rows[r][from_col], to_scheme, t.rows[r][to_col],
					   rc == ERR_CONFLICT ? "unknown code" : store_errmsg(s));
		(*count)++;
	}
	return 0;
}

static int flag(const char *v)
{
	return strcmp(v, "1") == 0;
}

static int load_countries(struct store *s, const char *dir, struct arena *a,
			  struct fw_counts *counts, struct errinfo *e)
{
	static const char *const cols[] = {
	    "iso2",       "iso3", "numeric", "m49_region", "m49_subregion", "m49_intermediate",
	    "itu_region", "ldc",  "lldc",    "sids"};
	int idx[10], name_cols[LANG__COUNT];
	char name[32];
	struct table t;
	int rc;

	if ((rc = table_read(&t, a, dir, "countries.csv", e)))
		return rc;
	for (size_t i = 0; i < 10; i++)
		if ((idx[i] = col(&t, cols[i], e)) < 0)
			return ERR_INVALID;
	for (int l = 0; l < LANG__COUNT; l++) {
		snprintf(name, sizeof name, "name_%s", lang_code((enum lang)l));
		if ((name_cols[l] = col(&t, name, e)) < 0)
			return ERR_INVALID;
	}
	for (size_t r = 0; r < t.nrows; r++) {
		char **row = t.rows[r];
		struct country c = {0};

		c.iso2 = row[idx[0]];
		c.iso3 = row[idx[1]];
		c.numeric = row[idx[2]];
		c.m49_region = row[idx[3]];
		c.m49_subregion = row[idx[4]];
		c.m49_intermediate = row[idx[5]];
		c.itu_region = row[idx[6]];
		c.ldc = flag(row[idx[7]]);
		c.lldc = flag(row[idx[8]]);
		c.sids = flag(row[idx[9]]);
		if (strlen(c.iso2) != 2 || strlen(c.iso3) != 3 || !*row[name_cols[LANG_EN]])
			return errinfo_set(e, ERR_INVALID, NULL,
					   "countries.csv: row %zu has a bad ISO code or no name",
					   r + 2);
		for (int l = 0; l < LANG__COUNT; l++)
			c.name[l] = row[name_cols[l]];
		if ((rc = store_country_put(s, &c)))
			return errinfo_set(e, rc, NULL, "countries.csv: row %zu: %s", r + 2,
					   store_errmsg(s));
		counts->countries++;
	}
	return 0;
}

static int load_aliases(struct store *s, const char *dir, struct arena *a, struct errinfo *e)
{
	struct table t;
	int alias_col, iso2_col, rc;

	if ((rc = table_read(&t, a, dir, "country_aliases.csv", e)))
		return rc;
	if ((alias_col = col(&t, "alias", e)) < 0 || (iso2_col = col(&t, "iso2", e)) < 0)
		return ERR_INVALID;
	for (size_t r = 0; r < t.nrows; r++)
		if ((rc = store_country_alias_put(s, t.rows[r][alias_col], t.rows[r][iso2_col])))
			return errinfo_set(e, rc, NULL, "country_aliases.csv: row %zu: %s", r + 2,
					   rc == ERR_CONFLICT ? "unknown country code"
							      : store_errmsg(s));
	return 0;
}

int fw_load(struct store *s, const char *dir, struct fw_counts *counts, struct errinfo *e)
{
	struct fw_counts c;
	struct arena a;
	int rc;

	memset(&c, 0, sizeof c);
	arena_init(&a, 0);
	if ((rc = store_begin(s))) {
		errinfo_set(e, rc, NULL, "%s", store_errmsg(s));
		goto out;
	}
	if ((rc = store_fw_mark(s))) {
		errinfo_set(e, rc, NULL, "%s", store_errmsg(s));
		goto fail;
	}
	for (size_t i = 0; i < sizeof item_files / sizeof *item_files; i++) {
		if ((rc = load_items(s, dir, &item_files[i], &a, &c, e)))
			goto fail;
		arena_reset(&a);
	}
	if ((rc = store_fw_links_clear(s))) {
		errinfo_set(e, rc, NULL, "%s", store_errmsg(s));
		goto fail;
	}
	if ((rc = load_countries(s, dir, &a, &c, e)) || (rc = load_aliases(s, dir, &a, e)) ||
	    (rc = load_links(s, dir, "wsis_sdg_links.csv", "sdg", "sdg", &a, &c.links, e)) ||
	    (rc = load_links(s, dir, "wsis_sdg_target_links.csv", "sdg_target", "target", &a,
			     &c.links, e)))
		goto fail;
	if (c.action_lines != 18) {
		rc = errinfo_set(e, ERR_INVALID, NULL,
				 "action_lines.csv has %ld Action Lines; expected 18",
				 c.action_lines);
		goto fail;
	}
	/* a reload that changed no row wrote nothing, so it leaves no audit record either */
	if ((rc = store_fw_settle(s, &c.changed)) ||
	    (c.changed && (rc = store_audit(s, "init", "load", "frameworks", NULL, dir))) ||
	    (rc = store_commit(s))) {
		errinfo_set(e, rc, NULL, "%s", store_errmsg(s));
		goto fail;
	}
	if (counts)
		*counts = c;
	goto out;
fail:
	store_rollback(s);
out:
	arena_cleanup(&a);
	return rc;
}

const char *fw_find_dir(const char *explicit_dir, char *buf, size_t buflen)
{
	const char *env = getenv("STOCKTAKE_DATA");

	if (explicit_dir)
		return explicit_dir;
	if (env && *env) {
		snprintf(buf, buflen, "%s/frameworks", env);
		return buf;
	}
	if (access("data/frameworks/sdg_goals.csv", R_OK) == 0)
		return "data/frameworks";
	return STOCKTAKE_DATADIR "/frameworks";
}
