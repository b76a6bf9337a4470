/*
 * cursor.c - where a page of results starts, as an opaque string, and the sort key of a
 * title.
 *
 * A cursor is the sort key and id of the last item of the previous page, so the next page
 * is "everything after it" whatever was added or removed meanwhile: nothing is skipped or
 * repeated, even among items with the same sort key (the id breaks ties). It is base64url
 * (no padding) of: version (1), sort, key (8 bytes), rank (8, an IEEE double), id (8), the
 * title key's length and bytes, and an FNV-1a checksum (4), integers big-endian. The
 * checksum catches a cut or mistyped cursor; a cursor grants nothing (it only says where to
 * start among results the caller may see anyway), so it needs no secret.
 */
#include "search/search.h"

#include <math.h>
#include <string.h>

#define CURSOR_VERSION 1
#define CURSOR_FIXED 27 /* version, sort, key, rank, id, title length */
#define CURSOR_MAX (CURSOR_FIXED + SEARCH_TITLE_KEY + 4)

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void search_title_key(const char *title, char out[SEARCH_TITLE_KEY])
{
	const unsigned char *p = (const unsigned char *)(title ? title : "");
	size_t n = 0, len;

	memset(out, 0, SEARCH_TITLE_KEY);
	while (*p && *p < 0x80 &&
	       !((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		p++;
	len = strlen((const char *)p);
	if (len > SEARCH_TITLE_KEY - 1) {
		len = SEARCH_TITLE_KEY - 1;
		while (len > 0 && (p[len] & 0xc0) == 0x80)
			len--; /* do not cut a character in two */
	}
	for (; n < len; n++)
		out[n] = (char)(p[n] >= 'A' && p[n] <= 'Z' ? p[n] - 'A' + 'a' : p[n]);
}

static uint32_t fnv1a(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

static void put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

const char *search_cursor_encode(const struct search_cursor *c, struct arena *a)
{
	unsigned char raw[CURSOR_MAX];
	size_t tlen = c->sort == SEARCH_SORT_TITLE ? strnlen(c->title, SEARCH_TITLE_KEY - 1) : 0;
	size_t n = CURSOR_FIXED + tlen, o = 0;
	uint64_t bits;
	uint32_t h;
	char *out;

	raw[0] = CURSOR_VERSION;
	raw[1] = (unsigned char)c->sort;
	put_u64(raw + 2, (uint64_t)c->key);
	memcpy(&bits, &c->rank, sizeof bits);
	put_u64(raw + 10, c->sort == SEARCH_SORT_RELEVANCE ? bits : 0);
	put_u64(raw + 18, (uint64_t)c->id);
	raw[26] = (unsigned char)tlen;
	memcpy(raw + CURSOR_FIXED, c->title, tlen);
	h = fnv1a(raw, n);
	for (int i = 3; i >= 0; i--, h >>= 8)
		raw[n + (size_t)i] = (unsigned char)(h & 0xff);
	n += 4;
	out = arena_alloc(a, (n * 4 + 2) / 3 + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)raw[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)raw[i + 1] << 8;
		if (i + 2 < n)
			v |= raw[i + 2];
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		if (i + 1 < n)
			out[o++] = b64[v >> 6 & 63];
		if (i + 2 < n)
			out[o++] = b64[v & 63];
	}
	out[o] = '\0';
	return out;
}

static int b64_value(char ch)
{
	const char *p = ch ? strchr(b64, ch) : NULL;

	return p ? (int)(p - b64) : -1;
}

int search_cursor_decode(const char *s, struct search_cursor *c)
{
	unsigned char raw[CURSOR_MAX + 3];
	size_t len = strlen(s), n = 0, tlen;
	struct search_cursor r;
	uint32_t acc = 0, h;
	int bits = 0;
	uint64_t rb;

	if (len == 0 || len > (CURSOR_MAX * 4 + 2) / 3 || len % 4 == 1)
		return ERR_INVALID;
	for (size_t i = 0; i < len; i++) {
		int v = b64_value(s[i]);

		if (v < 0)
			return ERR_INVALID;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			raw[n++] = (unsigned char)(acc >> bits & 0xff);
		}
	}
	if (acc & ((1u << bits) - 1))
		return ERR_INVALID; /* non-canonical trailing bits */
	if (n < CURSOR_FIXED + 4 || raw[0] != CURSOR_VERSION || raw[1] < SEARCH_SORT_RELEVANCE ||
	    raw[1] > SEARCH_SORT_NEWEST)
		return ERR_INVALID;
	tlen = raw[26];
	if (tlen > SEARCH_TITLE_KEY - 1 || n != CURSOR_FIXED + tlen + 4 ||
	    (tlen && raw[1] != SEARCH_SORT_TITLE) || memchr(raw + CURSOR_FIXED, 0, tlen))
		return ERR_INVALID;
	h = fnv1a(raw, n - 4);
	if (raw[n - 4] != (h >> 24 & 0xff) || raw[n - 3] != (h >> 16 & 0xff) ||
	    raw[n - 2] != (h >> 8 & 0xff) || raw[n - 1] != (h & 0xff))
		return ERR_INVALID;
	memset(&r, 0, sizeof r);
	r.sort = (enum search_sort)raw[1];
	r.key = (int64_t)get_u64(raw + 2);
	rb = get_u64(raw + 10);
	memcpy(&r.rank, &rb, sizeof r.rank);
	if (!isfinite(r.rank))
		return ERR_INVALID;
	r.id = (int64_t)get_u64(raw + 18);
	memcpy(r.title, raw + CURSOR_FIXED, tlen);
	*c = r;
	return 0;
}
