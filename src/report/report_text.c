/*
 * report_text.c - the small helpers of the report layer: translation into the report's
 * language (the web server's catalogues, not the process locale, so every request and
 * every CLI run can have its own), numbers for people, URL encoding, and report_add.
 */
#include "report/report_internal.h"

#include "core/mo.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const char *RT(const struct report_opts *o, const char *msgid)
{
	return mo_tr(o ? o->catalog : NULL, msgid);
}

const char *RTN(const struct report_opts *o, const char *singular, const char *plural,
		unsigned long n)
{
	return o ? mo_trn(o->catalog, singular, plural, lang_plural_index(o->lang, n), n)
		 : mo_trn(NULL, singular, plural, 0, n);
}

const char *report__int(struct arena *a, int64_t n)
{
	char digits[32], out[48];
	size_t len, j = 0;
	int neg = n < 0;

	snprintf(digits, sizeof digits, "%" PRIu64, neg ? (uint64_t)0 - (uint64_t)n : (uint64_t)n);
	len = strlen(digits);
	if (neg)
		out[j++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[j++] = ',';
		out[j++] = digits[i];
	}
	out[j] = '\0';
	return arena_strdup(a, out);
}

int report__url_arg(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = 0;

	for (; s && *s && !rc; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			rc = buf_putc(b, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};

			rc = buf_append(b, e, 3);
		}
	}
	return rc;
}

struct report_block *report_add(struct report *r, struct arena *a, enum block_kind k)
{
	struct report_block *b;

	if (arena_grow(a, (void **)&r->blocks, r->n_blocks, &r->cap, sizeof *r->blocks, 32, 4096))
		return NULL;
	b = &r->blocks[r->n_blocks++];
	memset(b, 0, sizeof *b);
	b->kind = k;
	return b;
}
