/*
 * mo.c - a reader for the GNU .mo format: a header, a table of original strings sorted by
 * byte value, and a parallel table of translations. Lookups are binary searches.
 */
#include "core/mo.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MO_MAGIC 0x950412deu
#define MO_MAX_SIZE (16u << 20)

struct mo_catalog {
	unsigned char *data;
	size_t size;
	uint32_t n;
	uint32_t orig, trans; /* offsets of the two tables */
	int swap;             /* the file's byte order is not ours */
};

static uint32_t rd32(const struct mo_catalog *c, size_t off)
{
	uint32_t v;

	memcpy(&v, c->data + off, 4);
	if (c->swap)
		v = (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
	return v;
}

/* entry fetches string i of the table at tab; NULL when it does not fit the file. */
static const char *entry(const struct mo_catalog *c, uint32_t tab, uint32_t i, uint32_t *len)
{
	size_t at = (size_t)tab + (size_t)i * 8;
	uint32_t l, off;

	if (at + 8 > c->size)
		return NULL;
	l = rd32(c, at);
	off = rd32(c, at + 4);
	if ((size_t)off + l + 1 > c->size || c->data[off + l] != '\0')
		return NULL;
	*len = l;
	return (const char *)c->data + off;
}

struct mo_catalog *mo_load(const char *path)
{
	struct mo_catalog *c;
	FILE *f = fopen(path, "rb");
	long size;

	if (!f)
		return NULL;
	c = calloc(1, sizeof *c);
	if (!c || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 28 || size > MO_MAX_SIZE ||
	    fseek(f, 0, SEEK_SET) != 0)
		goto fail;
	c->size = (size_t)size;
	c->data = malloc(c->size);
	if (!c->data || fread(c->data, 1, c->size, f) != c->size)
		goto fail;
	c->swap = 0;
	if (rd32(c, 0) != MO_MAGIC) {
		c->swap = 1;
		if (rd32(c, 0) != MO_MAGIC)
			goto fail;
	}
	c->n = rd32(c, 8);
	c->orig = rd32(c, 12);
	c->trans = rd32(c, 16);
	if ((size_t)c->orig + (size_t)c->n * 8 > c->size ||
	    (size_t)c->trans + (size_t)c->n * 8 > c->size)
		goto fail;
	fclose(f);
	return c;
fail:
	fclose(f);
	mo_free(c);
	return NULL;
}

void mo_free(struct mo_catalog *c)
{
	if (!c)
		return;
	free(c->data);
	free(c);
}

/* find returns the index of msgid (compared up to its NUL, as plural keys hold two). */
static long find(const struct mo_catalog *c, const char *msgid)
{
	long lo = 0, hi = (long)c->n - 1;

	while (lo <= hi) {
		long mid = lo + (hi - lo) / 2;
		uint32_t len;
		const char *s = entry(c, c->orig, (uint32_t)mid, &len);
		int cmp;

		if (!s)
			return -1;
		cmp = strcmp(msgid, s);
		if (cmp == 0)
			return mid;
		if (cmp < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

const char *mo_get_plural(const struct mo_catalog *c, const char *msgid, unsigned index)
{
	const char *t;
	uint32_t len;
	long i;

	if (!c || !msgid || !*msgid || (i = find(c, msgid)) < 0)
		return NULL;
	t = entry(c, c->trans, (uint32_t)i, &len);
	if (!t)
		return NULL;
	/* Plural translations are NUL-separated within len. */
	for (const char *end = t + len; index > 0; index--) {
		t += strlen(t) + 1;
		if (t > end)
			return NULL;
	}
	return *t ? t : NULL;
}

const char *mo_get(const struct mo_catalog *c, const char *msgid)
{
	return mo_get_plural(c, msgid, 0);
}

const char *mo_tr(const struct mo_catalog *c, const char *msgid)
{
	const char *t = mo_get(c, msgid);

	return t ? t : msgid;
}

const char *mo_trn(const struct mo_catalog *c, const char *singular, const char *plural,
		   unsigned index, unsigned long n)
{
	const char *t = mo_get_plural(c, singular, index);

	if (t)
		return t;
	return n == 1 ? singular : plural;
}
