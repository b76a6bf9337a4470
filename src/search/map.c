/*
 * map.c - the two hash maps of the search index: a facet value's code to its position, and
 * an initiative's id to its slot. Open addressing with linear probing, at most half full,
 * never shrinking (the index only grows until it is loaded again). The id map also keeps
 * a window of dense ids as a plain array (see struct idmap).
 */
#include "search/search_internal.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static uint64_t hash_id(int64_t id)
{
	uint64_t x = (uint64_t)id + 0x9e3779b97f4a7c15ull;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

int search__strmap_get(const struct strmap *m, const char *key)
{
	if (!m->cap)
		return -1;
	for (size_t i = hash_str(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->e[i].key)
			return -1;
		if (strcmp(m->e[i].key, key) == 0)
			return m->e[i].v;
	}
}

int search__strmap_put(struct strmap *m, const char *key, int v)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct strmap_entry *e = calloc(cap, sizeof *e);

		if (!e)
			return ERR_NOMEM;
		for (size_t j = 0; j < m->cap; j++) {
			size_t i;

			if (!m->e[j].key)
				continue;
			for (i = hash_str(m->e[j].key) & (cap - 1); e[i].key;
			     i = (i + 1) & (cap - 1))
				;
			e[i] = m->e[j];
		}
		free(m->e);
		m->e = e;
		m->cap = cap;
	}
	for (size_t i = hash_str(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->e[i].key) {
			m->e[i].key = key;
			m->e[i].v = v;
			m->n++;
			return 0;
		}
		if (strcmp(m->e[i].key, key) == 0) {
			m->e[i].v = v;
			return 0;
		}
	}
}

/* in_window: id is in the dense window of m (whose entries are then complete). */
static int in_window(const struct idmap *m, int64_t id)
{
	return m->dense && id >= m->lo && (uint64_t)id - (uint64_t)m->lo < m->ndense;
}

long search__idmap_get(const struct idmap *m, int64_t id)
{
	if (in_window(m, id))
		return (long)m->dense[(uint64_t)id - (uint64_t)m->lo] - 1;
	if (!m->cap)
		return -1;
	for (size_t i = hash_id(id) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->e[i].slot1)
			return -1;
		if (m->e[i].id == id)
			return (long)m->e[i].slot1 - 1;
	}
}

/*
 * grow_window makes the window reach id when the ids in it stay at least half used, else
 * leaves id to the hash alone. New room is filled from the hash only when ids were put
 * past the old window's end (else there is nothing there yet).
 */
static void grow_window(struct idmap *m, int64_t id)
{
	size_t want, old = m->ndense;
	uint32_t *d;

	if (!m->dense) {
		m->lo = id;
		old = 0;
	}
	if (id < m->lo || (uint64_t)id - (uint64_t)m->lo >= 2 * (m->n + 1) + 1024)
		return;
	want = old ? old * 2 : 1024;
	while (want <= (uint64_t)id - (uint64_t)m->lo)
		want *= 2;
	if (!(d = realloc(m->dense, want * sizeof *d)))
		return; /* only a shortcut */
	memset(d + old, 0, (want - old) * sizeof *d);
	m->dense = d;
	m->ndense = want;
	if (m->max >= m->lo && (uint64_t)m->max - (uint64_t)m->lo >= old)
		for (size_t j = 0; j < m->cap; j++) {
			int64_t e = m->e[j].id;

			if (m->e[j].slot1 && in_window(m, e) &&
			    (uint64_t)e - (uint64_t)m->lo >= old)
				d[(uint64_t)e - (uint64_t)m->lo] = m->e[j].slot1;
		}
}

int search__idmap_put(struct idmap *m, int64_t id, uint32_t slot)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		struct idmap_entry *e = calloc(cap, sizeof *e);

		if (!e)
			return ERR_NOMEM;
		for (size_t j = 0; j < m->cap; j++) {
			if (!m->e[j].slot1)
				continue;
			for (i = hash_id(m->e[j].id) & (cap - 1); e[i].slot1;
			     i = (i + 1) & (cap - 1))
				;
			e[i] = m->e[j];
		}
		free(m->e);
		m->e = e;
		m->cap = cap;
	}
	for (i = hash_id(id) & (m->cap - 1); m->e[i].slot1; i = (i + 1) & (m->cap - 1))
		if (m->e[i].id == id)
			break;
	if (!m->e[i].slot1)
		m->n++;
	m->e[i].id = id;
	m->e[i].slot1 = slot + 1;
	if (m->n == 1 || id > m->max)
		m->max = id;
	if (!in_window(m, id))
		grow_window(m, id);
	if (in_window(m, id))
		m->dense[(uint64_t)id - (uint64_t)m->lo] = slot + 1;
	return 0;
}

void search__idmap_cleanup(struct idmap *m)
{
	free(m->e);
	free(m->dense);
	memset(m, 0, sizeof *m);
}
