/*
 * text.c - UTF-8 validation and trimming.
 */
#include "core/text.h"

#include <stdint.h>
#include <string.h>

/*
 * ascii_run returns how many bytes from s (at most n) are ASCII other than NUL, eight at a
 * time: most text is plain ASCII, and a byte-at-a-time loop was a tenth of an export.
 */
static size_t ascii_run(const unsigned char *s, size_t n)
{
	const uint64_t high = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		/* a byte with its high bit set, or a zero byte, ends the run */
		if ((w & high) || ((w - ones) & ~w & high))
			break;
	}
	return i;
}

int text_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;

	while (s < end) {
		unsigned c;
		size_t len;
		unsigned cp, min;

		s += ascii_run(s, (size_t)(end - s));
		if (s >= end)
			break;
		c = *s;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			s++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			len = 2;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return 0;
		}
		if ((size_t)(end - s) < len)
			return 0;
		for (size_t i = 1; i < len; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += len;
	}
	return 1;
}

size_t text_utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char *text_trim(char *s)
{
	size_t n;

	while (is_space(*s))
		s++;
	n = strlen(s);
	while (n && is_space(s[n - 1]))
		s[--n] = '\0';
	return s;
}

int text_is_blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (!is_space(*s))
			return 0;
	return 1;
}

void text_trim_in_place(char *s)
{
	char *t = text_trim(s);

	if (t != s)
		memmove(s, t, strlen(t) + 1);
}

void text_collapse_space(char *s)
{
	char *w = s;
	int space = 0;

	for (const char *p = s; *p; p++) {
		if (is_space(*p)) {
			space = 1;
			continue;
		}
		if (space && w != s)
			*w++ = ' ';
		space = 0;
		*w++ = *p;
	}
	*w = '\0';
}
