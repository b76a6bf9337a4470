/*
 * arena.c - region allocator: chunks in a list, bump allocation inside a chunk.
 */
#include "core/arena.h"

#include "core/err.h"

#include <stdarg.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK ((size_t)16 << 10)
#define ARENA_DEFAULT_MAX ((size_t)256 << 20)

struct arena_chunk {
	struct arena_chunk *next;
	size_t size; /* usable bytes in mem */
	size_t off;  /* bytes used in mem */
	alignas(max_align_t) unsigned char mem[];
};

void arena_init(struct arena *a, size_t max)
{
	a->head = NULL;
	a->used = 0;
	a->max = max ? max : ARENA_DEFAULT_MAX;
}

void arena_cleanup(struct arena *a)
{
	struct arena_chunk *c = a->head, *next;

	while (c) {
		next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used = 0;
}

void arena_reset(struct arena *a)
{
	struct arena_chunk *c;

	if (!a->head)
		return;
	/* Keep the oldest chunk (the last in the list): the usual working size. */
	while (a->head->next) {
		c = a->head;
		a->head = c->next;
		free(c);
	}
	a->head->off = 0;
	a->used = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	struct arena_chunk *c = a->head;
	size_t off, size;
	void *p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / 2 || n > a->max - a->used)
		return NULL;
	if (c) {
		off = (c->off + align - 1) & ~(align - 1);
		if (off <= c->size && c->size - off >= n) {
			p = c->mem + off;
			c->off = off + n;
			a->used += n;
			memset(p, 0, n);
			return p;
		}
	}
	size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
	c = malloc(sizeof *c + size);
	if (!c)
		return NULL;
	c->size = size;
	c->off = n;
	c->next = a->head;
	a->head = c;
	a->used += n;
	memset(c->mem, 0, n);
	return c->mem;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	p = arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_sprintf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

int arena_grow(struct arena *a, void **v, size_t n, size_t *cap, size_t el, size_t first,
	       size_t max)
{
	size_t ncap;
	void *p;

	if (n >= max)
		return ERR_TOO_LARGE;
	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : first;
	if (ncap > max)
		ncap = max;
	p = arena_alloc(a, ncap * el);
	if (!p)
		return ERR_NOMEM;
	if (n)
		memcpy(p, *v, n * el);
	*v = p;
	*cap = ncap;
	return 0;
}
