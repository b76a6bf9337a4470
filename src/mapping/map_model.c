/*
 * map_model.c - opening (mmap and checks) and writing model files (see map_model.h).
 *
 * Opening trusts nothing in the file: after the header checks it verifies the checksum,
 * then that every section lies inside the file with the size its count implies, and that
 * every index stored in a section points inside the section it indexes. After that the
 * scoring code can use the arrays without bounds checks.
 */
#include "mapping/map_model.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef STOCKTAKE_DATADIR
#define STOCKTAKE_DATADIR "/usr/local/share/stocktake"
#endif

uint64_t map_model_checksum(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i = 0;

	/* FNV-1a over 8-byte words (then the tail), which is fast enough to run at load */
	for (; i + 8 <= n; i += 8) {
		uint64_t v;

		memcpy(&v, s + i, 8);
		h ^= v;
		h *= 0x100000001b3ULL;
	}
	for (; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

const char *map_model_find(const char *explicit_path, char *buf, size_t buflen)
{
	const char *env;

	if (explicit_path)
		return explicit_path;
	if ((env = getenv("STOCKTAKE_MODEL")) && *env)
		return env;
	if ((env = getenv("STOCKTAKE_DATA")) && *env) {
		snprintf(buf, buflen, "%s/%s", env, MAP_MODEL_FILE);
		return buf;
	}
	if (access("data/" MAP_MODEL_FILE, R_OK) == 0)
		return "data/" MAP_MODEL_FILE;
	snprintf(buf, buflen, "%s/%s", STOCKTAKE_DATADIR, MAP_MODEL_FILE);
	return buf;
}

/* section finds section id and checks that it holds count records of size bytes each. */
static const void *section(const struct map_model *m, const struct map_section *tab, uint32_t nsec,
			   uint32_t id, uint64_t count, size_t size, struct errinfo *e,
			   const char *path)
{
	for (uint32_t i = 0; i < nsec; i++) {
		if (tab[i].id != id)
			continue;
		if (tab[i].offset % 8 || tab[i].offset > m->size ||
		    tab[i].size > m->size - tab[i].offset || tab[i].size != count * size) {
			errinfo_set(e, ERR_INVALID, NULL,
				    "%s: corrupt model file: section %u has a bad size or offset",
				    path, id);
			return NULL;
		}
		return (const char *)m->base + tab[i].offset;
	}
	errinfo_set(e, ERR_INVALID, NULL, "%s: corrupt model file: section %u is missing", path,
		    id);
	return NULL;
}

static int check(struct map_model *m, const char *path, struct errinfo *e)
{
	const struct map_file_header *h = m->base;
	const struct map_section *tab;
	const struct map_meta *mt;
	uint32_t n;

	if (m->size < sizeof *h || memcmp(h->magic, MAP_MAGIC, 8) != 0)
		return errinfo_set(e, ERR_INVALID, NULL,
				   "%s: not a stocktake mapping model (bad magic number)", path);
	if (h->byte_order != MAP_BYTE_ORDER)
		return errinfo_set(e, ERR_INVALID, NULL,
				   "%s: the model was written on a machine of another byte order: "
				   "retrain it with `stocktake model train`",
				   path);
	if (h->version != MAP_FORMAT_VERSION)
		return errinfo_set(e, ERR_INVALID, NULL,
				   "%s: model format version %u, this program reads version %u: "
				   "retrain it with `stocktake model train`",
				   path, h->version, MAP_FORMAT_VERSION);
	if (h->size != m->size)
		return errinfo_set(e, ERR_INVALID, NULL,
				   "%s: the model file is %s (%llu bytes, the header says %llu)",
				   path, m->size < h->size ? "truncated" : "too long",
				   (unsigned long long)m->size, (unsigned long long)h->size);
	m->checksum = map_model_checksum((const char *)m->base + sizeof *h, m->size - sizeof *h);
	if (m->checksum != h->checksum)
		return errinfo_set(e, ERR_INVALID, NULL,
				   "%s: corrupt model file: the checksum does not match", path);
	n = h->nsections;
	if (n == 0 || n > 64 || sizeof *h + (size_t)n * sizeof *tab > m->size)
		return errinfo_set(e, ERR_INVALID, NULL, "%s: corrupt model file: section table",
				   path);
	tab = (const struct map_section *)(h + 1);
	if (!(mt = m->meta = section(m, tab, n, MAP_SEC_META, 1, sizeof *mt, e, path)))
		return ERR_INVALID;
	if (mt->hsize == 0 || (mt->hsize & (mt->hsize - 1)) || mt->nfeat >= mt->hsize ||
	    mt->nal != MAP_NAL || mt->ngdc != MAP_NGDC)
		return errinfo_set(e, ERR_INVALID, NULL,
				   "%s: the model does not match this program (%u Action Lines, %u "
				   "GDC objectives): retrain it",
				   path, mt->nal, mt->ngdc);
	if (!(m->keys = section(m, tab, n, MAP_SEC_KEYS, mt->hsize, 8, e, path)) ||
	    !(m->kidx = section(m, tab, n, MAP_SEC_KIDX, mt->hsize, 4, e, path)) ||
	    !(m->idf = section(m, tab, n, MAP_SEC_IDF, mt->nfeat, 4, e, path)) ||
	    !(m->w = section(m, tab, n, MAP_SEC_WEIGHTS, (uint64_t)mt->nfeat * MAP_NSDG, 2, e,
			     path)) ||
	    !(m->targets =
		  section(m, tab, n, MAP_SEC_TARGETS, mt->ntargets, sizeof *m->targets, e, path)) ||
	    !(m->tvec = section(m, tab, n, MAP_SEC_TVEC, mt->ntvec, sizeof *m->tvec, e, path)) ||
	    !(m->lex = section(m, tab, n, MAP_SEC_LEX, mt->nlex, sizeof *m->lex, e, path)) ||
	    !(m->labels = section(m, tab, n, MAP_SEC_LABELS, MAP_NAL + MAP_NGDC, sizeof *m->labels,
				  e, path)) ||
	    !(m->links = section(m, tab, n, MAP_SEC_LINKS, MAP_NAL, 4, e, path)))
		return ERR_INVALID;
	/* Every stored index must point inside what it indexes. */
	for (uint32_t i = 0; i < mt->hsize; i++)
		if (m->keys[i] && m->kidx[i] >= mt->nfeat)
			goto bad;
	for (uint32_t i = 0; i < mt->ntargets; i++) {
		const struct map_target_rec *t = &m->targets[i];
		if (t->goal < 1 || t->goal > MAP_NSDG || memchr(t->code, 0, sizeof t->code) == NULL)
			goto bad;
		for (int l = 0; l < MAP_NLANG; l++)
			if (t->off[l] > mt->ntvec || t->n[l] > mt->ntvec - t->off[l])
				goto bad;
	}
	for (uint32_t i = 0; i < mt->ntvec; i++)
		if (m->tvec[i].feat >= mt->nfeat)
			goto bad;
	for (uint32_t i = 0; i < mt->nlex; i++) {
		const struct map_lex_rec *l = &m->lex[i];
		if (l->feat >= mt->nfeat || l->scheme > MAP_LEX_GDC ||
		    l->label >= (l->scheme == MAP_LEX_AL ? MAP_NAL : MAP_NGDC) ||
		    (i && l->feat < m->lex[i - 1].feat))
			goto bad;
	}
	for (uint32_t i = 0; i < MAP_NAL + MAP_NGDC; i++)
		if (!memchr(m->labels[i].code, 0, sizeof m->labels[i].code))
			goto bad;
	return 0;
bad:
	return errinfo_set(e, ERR_INVALID, NULL, "%s: corrupt model file: an index is out of range",
			   path);
}

int map_model_open(const char *path, struct map_model **out, struct errinfo *e)
{
	struct map_model *m;
	struct stat st;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errinfo_set(e, ERR_IO, NULL, "cannot open the model %s: %s", path,
				   strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return errinfo_set(e, ERR_IO, NULL, "%s: not a regular file", path);
	}
	if (st.st_size < (off_t)sizeof(struct map_file_header)) {
		close(fd);
		return errinfo_set(e, ERR_INVALID, NULL,
				   "%s: not a stocktake mapping model (only %lld bytes)", path,
				   (long long)st.st_size);
	}
	if (!(m = calloc(1, sizeof *m))) {
		close(fd);
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	}
	m->size = (size_t)st.st_size;
	m->base = mmap(NULL, m->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m->base == MAP_FAILED) {
		rc = errinfo_set(e, ERR_IO, NULL, "%s: cannot map: %s", path, strerror(errno));
		free(m);
		return rc;
	}
	if ((rc = check(m, path, e))) {
		munmap(m->base, m->size);
		free(m);
		return rc;
	}
	*out = m;
	return 0;
}

void map_model_close(struct map_model *m)
{
	if (!m)
		return;
	munmap(m->base, m->size);
	free(m);
}

void map_model_describe(const struct map_model *m, struct map_model_info *info)
{
	memset(info, 0, sizeof *info);
	info->version = MAP_FORMAT_VERSION;
	info->size = m->size;
	info->checksum = m->checksum;
	info->features = m->meta->nfeat;
	info->targets = m->meta->ntargets;
	info->lexicon_entries = m->meta->nlex;
	info->train_docs = m->meta->ndocs;
	memcpy(info->thresholds, m->meta->threshold, sizeof info->thresholds);
}

/* The writer: sections laid out in id order after the header and the table. */
struct part {
	uint32_t id, count;
	const void *p;
	size_t size;
};

int map_model_write(const char *path, const struct map_model_build *b, struct errinfo *e)
{
	const struct map_meta *mt = &b->meta;
	struct part parts[] = {
	    {MAP_SEC_META, 1, mt, sizeof *mt},
	    {MAP_SEC_KEYS, mt->hsize, b->keys, (size_t)mt->hsize * 8},
	    {MAP_SEC_KIDX, mt->hsize, b->kidx, (size_t)mt->hsize * 4},
	    {MAP_SEC_IDF, mt->nfeat, b->idf, (size_t)mt->nfeat * 4},
	    {MAP_SEC_WEIGHTS, mt->nfeat * MAP_NSDG, b->w, (size_t)mt->nfeat * MAP_NSDG * 2},
	    {MAP_SEC_TARGETS, mt->ntargets, b->targets, mt->ntargets * sizeof *b->targets},
	    {MAP_SEC_TVEC, mt->ntvec, b->tvec, mt->ntvec * sizeof *b->tvec},
	    {MAP_SEC_LEX, mt->nlex, b->lex, mt->nlex * sizeof *b->lex},
	    {MAP_SEC_LABELS, MAP_NAL + MAP_NGDC, b->labels,
	     (MAP_NAL + MAP_NGDC) * sizeof *b->labels},
	    {MAP_SEC_LINKS, MAP_NAL, b->links, MAP_NAL * 4},
	};
	const size_t nparts = sizeof parts / sizeof *parts;
	struct map_file_header h;
	struct map_section tab[sizeof parts / sizeof *parts];
	size_t off = sizeof h + sizeof tab, total;
	char *img, tmp[4096];
	FILE *f;
	int rc = 0;

	memset(&h, 0, sizeof h);
	memset(tab, 0, sizeof tab);
	for (size_t i = 0; i < nparts; i++) {
		off = (off + 7) & ~(size_t)7;
		tab[i].id = parts[i].id;
		tab[i].count = parts[i].count;
		tab[i].offset = off;
		tab[i].size = parts[i].size;
		off += parts[i].size;
	}
	total = (off + 7) & ~(size_t)7;
	if (!(img = calloc(1, total)))
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	memcpy(h.magic, MAP_MAGIC, 8);
	h.version = MAP_FORMAT_VERSION;
	h.byte_order = MAP_BYTE_ORDER;
	h.size = total;
	h.nsections = (uint32_t)nparts;
	memcpy(img + sizeof h, tab, sizeof tab);
	for (size_t i = 0; i < nparts; i++)
		if (parts[i].size)
			memcpy(img + tab[i].offset, parts[i].p, parts[i].size);
	h.checksum = map_model_checksum(img + sizeof h, total - sizeof h);
	memcpy(img, &h, sizeof h);

	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
	if (!(f = fopen(tmp, "wb"))) {
		rc = errinfo_set(e, ERR_IO, NULL, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (fwrite(img, 1, total, f) != total) {
		rc = errinfo_set(e, ERR_IO, NULL, "cannot write %s: %s", tmp, strerror(errno));
		fclose(f);
		unlink(tmp);
		goto out;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		rc = errinfo_set(e, ERR_IO, NULL, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
	}
out:
	free(img);
	return rc;
}
