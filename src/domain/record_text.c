/*
 * record_text.c - reading and writing a record's JSON text directly (see record_text.h).
 *
 * Building a jansson tree for every record was a third of an import's time and two thirds
 * of a CSV export's: a malloc for every key, string and list item, a hash table for every
 * object, then a second walk to copy everything into the arena. Here one pass over the text
 * copies each value straight into the arena (reading), or appends each field straight to a
 * buffer (writing). The reader knows only the record format and gives up on anything
 * unusual; the jansson path behind it stays the definition of the format.
 */
#include "domain/record_text.h"

#include "core/buf.h"
#include "core/text.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The longest string record_from_json accepts, in bytes (its RECORD_MAX_STRING_BYTES). */
#define MAX_STRING_BYTES ((size_t)INI_MAX_DESCRIPTION * 4)
/* Integers with more digits than this might not fit jansson's json_int_t: declined. */
#define MAX_INT_DIGITS 18

#define DECLINE RECORD_TEXT_DECLINED

struct reader {
	const char *p, *end;
	struct arena *a;
};

static void skip_ws(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

/* eat skips white space and then the byte c; 0 when it was there. */
static int eat(struct reader *r, char c)
{
	skip_ws(r);
	if (r->p < r->end && *r->p == c) {
		r->p++;
		return 0;
	}
	return DECLINE;
}

/* peek skips white space and returns the next byte, or 0 at the end. */
static char peek(struct reader *r)
{
	skip_ws(r);
	return r->p < r->end ? *r->p : 0;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return DECLINE;
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *d, unsigned cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | (cp >> 6));
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | (cp >> 12));
		d[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | (cp >> 18));
	d[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	d[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * decode_escaped writes the string whose raw text (between the quotes) is s..e, escapes
 * and all, to d (at least e - s bytes: no escape decodes longer than it is written) and
 * sets *len. Declines what jansson rejects: unknown escapes, \u0000, lone surrogates.
 */
static int decode_escaped(const char *s, const char *e, char *d, size_t *len)
{
	size_t n = 0;
	unsigned cp, lo;

	while (s < e) {
		if (*s != '\\') {
			d[n++] = *s++;
			continue;
		}
		s++;
		switch (*s++) {
		case '"':
			d[n++] = '"';
			break;
		case '\\':
			d[n++] = '\\';
			break;
		case '/':
			d[n++] = '/';
			break;
		case 'b':
			d[n++] = '\b';
			break;
		case 'f':
			d[n++] = '\f';
			break;
		case 'n':
			d[n++] = '\n';
			break;
		case 'r':
			d[n++] = '\r';
			break;
		case 't':
			d[n++] = '\t';
			break;
		case 'u':
			if (e - s < 4 || hex4(s, &cp))
				return DECLINE;
			s += 4;
			if (cp == 0 || (cp >= 0xdc00 && cp <= 0xdfff))
				return DECLINE;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (e - s < 6 || s[0] != '\\' || s[1] != 'u' || hex4(s + 2, &lo) ||
				    lo < 0xdc00 || lo > 0xdfff)
					return DECLINE;
				s += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			n += put_utf8(d + n, cp);
			break;
		default:
			return DECLINE;
		}
	}
	*len = n;
	return 0;
}

/*
 * plain_run returns how many of the n bytes at s, eight at a time, are neither '"', '\\'
 * nor control characters (bytes below 0x20): the bytes a string copies as they are.
 */
static size_t plain_run(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	size_t i = 0;
	uint64_t w, q, b;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		q = w ^ (ones * '"');
		b = w ^ (ones * '\\');
		/* zero bytes of q or b, and bytes of w below 0x20, have their high bit set here */
		if ((((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w)) & high)
			break;
	}
	return i;
}

/*
 * string_span reads past the string at r->p and sets s..q to its raw text (between the
 * quotes) and *escaped to whether it has escapes. Declines an unterminated string or one
 * with a control character.
 */
static int string_span(struct reader *r, const char **s, const char **q, int *escaped)
{
	const char *p;

	if (eat(r, '"'))
		return DECLINE;
	*escaped = 0;
	*s = p = r->p;
	for (;;) {
		p += plain_run(p, (size_t)(r->end - p));
		while (p < r->end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
			p++;
		if (p >= r->end || (unsigned char)*p < 0x20)
			return DECLINE;
		if (*p == '"')
			break;
		*escaped = 1;
		if (r->end - p < 2)
			return DECLINE;
		p += 2; /* the escape's first byte; \u's digits are plain bytes for this scan */
	}
	r->p = p + 1;
	*q = p;
	return 0;
}

/*
 * read_string reads the string at r->p. Without copy (keys), *out points into the text and
 * a key with escapes is declined (its meaning would need decoding to compare). With copy,
 * *out is a NUL-terminated copy in the arena, escapes decoded.
 */
static int read_string(struct reader *r, int copy, const char **out, size_t *len)
{
	const char *s, *q;
	int escaped;
	char *d;

	if (string_span(r, &s, &q, &escaped))
		return DECLINE;
	if (!copy) {
		if (escaped)
			return DECLINE;
		*out = s;
		*len = (size_t)(q - s);
		return 0;
	}
	if ((size_t)(q - s) > MAX_STRING_BYTES * 6)
		return DECLINE;
	if (!escaped) {
		if (!(d = arena_strndup(r->a, s, (size_t)(q - s))))
			return DECLINE;
		*len = (size_t)(q - s);
	} else {
		if (!(d = arena_alloc(r->a, (size_t)(q - s) + 1)) || decode_escaped(s, q, d, len))
			return DECLINE;
		d[*len] = '\0';
	}
	if (*len > MAX_STRING_BYTES)
		return DECLINE;
	*out = d;
	return 0;
}

int record_text_summary(const char *doc, size_t n, char *out, size_t *len)
{
	static const char key[] = "\"summary\"";
	const char *end = doc + n, *p = doc, *k, *s, *q;
	struct reader r = {NULL, end, NULL};
	int escaped;

	*len = 0;
	out[0] = '\0';
	/* A quote inside a string is written \", so "summary" followed by a colon can only
	 * be a key; of a record's objects only the top level has that key. */
	for (;; p = k + 1) {
		if (!(k = memmem(p, (size_t)(end - p), key, sizeof key - 1)))
			return 0;
		r.p = k + sizeof key - 1;
		if (!eat(&r, ':'))
			break;
	}
	if (peek(&r) != '"')
		return 0; /* null: no summary */
	if (string_span(&r, &s, &q, &escaped))
		return DECLINE;
	if (!escaped) {
		memcpy(out, s, (size_t)(q - s));
		*len = (size_t)(q - s);
	} else if (decode_escaped(s, q, out, len)) {
		*len = 0;
		out[0] = '\0';
		return DECLINE;
	}
	out[*len] = '\0';
	return 0;
}

/* read_null skips a null and returns 0; anything else is left alone (DECLINE). */
static int read_null(struct reader *r)
{
	if (peek(r) == 'n' && r->end - r->p >= 4 && memcmp(r->p, "null", 4) == 0) {
		r->p += 4;
		return 0;
	}
	return DECLINE;
}

/*
 * read_field_string reads a string field as record_from_json's get_string does: null and
 * "" are absent (NULL).
 */
static int read_field_string(struct reader *r, const char **out)
{
	size_t len;

	if (peek(r) == 'n') {
		*out = NULL;
		return read_null(r);
	}
	if (read_string(r, 1, out, &len))
		return DECLINE;
	if (len == 0)
		*out = NULL;
	return 0;
}

/*
 * read_number reads a JSON number; *is_int when it has neither fraction nor exponent.
 * *v gets its value. Declines what jansson might reject or read differently (integers of
 * more than MAX_INT_DIGITS digits, reals out of range).
 */
static int read_number(struct reader *r, double *v, int *is_int)
{
	const char *s, *q;
	char tmp[64];
	size_t digits = 0;

	skip_ws(r);
	s = q = r->p;
	if (q < r->end && *q == '-')
		q++;
	if (q < r->end && *q == '0') {
		q++;
		digits = 1;
	} else {
		while (q < r->end && *q >= '0' && *q <= '9') {
			q++;
			digits++;
		}
	}
	if (digits == 0)
		return DECLINE;
	*is_int = 1;
	if (q < r->end && *q == '.') {
		*is_int = 0;
		q++;
		if (q >= r->end || *q < '0' || *q > '9')
			return DECLINE;
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < r->end && (*q == 'e' || *q == 'E')) {
		*is_int = 0;
		q++;
		if (q < r->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= r->end || *q < '0' || *q > '9')
			return DECLINE;
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	}
	if ((*is_int && digits > MAX_INT_DIGITS) || (size_t)(q - s) >= sizeof tmp)
		return DECLINE;
	memcpy(tmp, s, (size_t)(q - s));
	tmp[q - s] = '\0';
	errno = 0;
	/* jansson reads an integer as one, so "-0" is 0, not -0.0 */
	*v = *is_int ? (double)strtoll(tmp, NULL, 10) : strtod(tmp, NULL);
	if (errno == ERANGE || !isfinite(*v))
		return DECLINE;
	r->p = q;
	return 0;
}

/* key_is tells whether the key k (n bytes, unescaped) is the C string name. */
static int key_is(const char *k, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(k, name, n) == 0;
}

/*
 * for_each_member reads an object, calling fn for each member with the reader at its
 * value; fn returns 0 or DECLINE. null is read as no members when null_ok.
 */
static int read_object(struct reader *r, int null_ok,
		       int (*fn)(struct reader *r, const char *k, size_t n, void *ud), void *ud)
{
	const char *k;
	size_t n;

	if (null_ok && peek(r) == 'n')
		return read_null(r);
	if (eat(r, '{'))
		return DECLINE;
	if (peek(r) == '}') {
		r->p++;
		return 0;
	}
	for (;;) {
		if (read_string(r, 0, &k, &n) || eat(r, ':') || fn(r, k, n, ud))
			return DECLINE;
		if (peek(r) == ',') {
			r->p++;
			continue;
		}
		return eat(r, '}');
	}
}

/* read_array reads an array (null: none), calling fn with the reader at each item. */
static int read_array(struct reader *r, int (*fn)(struct reader *r, void *ud), void *ud)
{
	if (peek(r) == 'n')
		return read_null(r);
	if (eat(r, '['))
		return DECLINE;
	if (peek(r) == ']') {
		r->p++;
		return 0;
	}
	for (;;) {
		if (fn(r, ud))
			return DECLINE;
		if (peek(r) == ',') {
			r->p++;
			continue;
		}
		return eat(r, ']');
	}
}

struct list_ctx {
	struct initiative *ini;
	int (*add)(struct initiative *, struct arena *, const char *);
};

static int list_item(struct reader *r, void *ud)
{
	struct list_ctx *c = ud;
	const char *s;
	size_t len;

	/* A list item must be a non-empty string (record_from_json's get_string_list). */
	if (read_string(r, 1, &s, &len) || len == 0 || c->add(c->ini, r->a, s))
		return DECLINE;
	return 0;
}

struct org_ctx {
	struct organisation *org;
	unsigned seen;
};

static int org_member(struct reader *r, const char *k, size_t n, void *ud)
{
	struct org_ctx *c = ud;
	static const char *const names[] = {"name", "stakeholder_type", "country", "website"};
	const char **dst[4] = {&c->org->name, &c->org->stakeholder_type, &c->org->country,
			       &c->org->website};

	for (unsigned i = 0; i < 4; i++)
		if (key_is(k, n, names[i])) {
			if (c->seen & (1u << i))
				return DECLINE;
			c->seen |= 1u << i;
			return read_field_string(r, dst[i]);
		}
	return DECLINE;
}

struct partner_ctx {
	const char *name, *role;
	unsigned seen;
};

static int partner_member(struct reader *r, const char *k, size_t n, void *ud)
{
	struct partner_ctx *c = ud;
	unsigned bit = key_is(k, n, "name") ? 1u : key_is(k, n, "role") ? 2u : 0u;

	if (!bit || (c->seen & bit))
		return DECLINE;
	c->seen |= bit;
	return read_field_string(r, bit == 1u ? &c->name : &c->role);
}

static int partner_item(struct reader *r, void *ud)
{
	struct initiative *ini = ud;
	struct partner_ctx c = {NULL, NULL, 0};

	if (peek(r) != '{' || read_object(r, 0, partner_member, &c) || !c.name ||
	    ini_add_partner(ini, r->a, c.name, c.role))
		return DECLINE;
	return 0;
}

struct tag_ctx {
	const char *scheme, *code, *origin;
	double score;
	int has_score;
	unsigned seen;
};

static int tag_member(struct reader *r, const char *k, size_t n, void *ud)
{
	struct tag_ctx *c = ud;
	unsigned bit = key_is(k, n, "scheme")   ? 1u
		       : key_is(k, n, "code")   ? 2u
		       : key_is(k, n, "origin") ? 4u
		       : key_is(k, n, "score")  ? 8u
						: 0u;
	int is_int;

	if (!bit || (c->seen & bit))
		return DECLINE;
	c->seen |= bit;
	if (bit == 1u)
		return read_field_string(r, &c->scheme);
	if (bit == 2u)
		return peek(r) == '"' || peek(r) == 'n' ? read_field_string(r, &c->code) : DECLINE;
	if (bit == 4u)
		return read_field_string(r, &c->origin);
	if (peek(r) == 'n') {
		c->has_score = 0;
		return read_null(r);
	}
	if (read_number(r, &c->score, &is_int))
		return DECLINE;
	c->has_score = 1;
	return 0;
}

static int tag_item(struct reader *r, void *ud)
{
	struct initiative *ini = ud;
	struct tag_ctx c = {NULL, NULL, NULL, 0, 0, 0};

	if (peek(r) != '{' || read_object(r, 0, tag_member, &c) || !c.scheme || !c.code ||
	    ini_add_tag(ini, r->a, c.scheme, c.code, c.origin, c.has_score ? c.score : 0,
			c.has_score))
		return DECLINE;
	return 0;
}

/* The top-level keys, in record_from_json's order; the first NSTRINGS are plain strings. */
static const char *const top_keys[] = {
    "source",  "source_id",  "title",      "summary", "description",  "stakeholder_type",
    "scope",   "start_date", "end_date",   "status",  "url",          "language",
    "state",   "created_at", "updated_at", "id",      "organisation", "countries",
    "regions", "sectors",    "partners",   "tags",
};
#define NSTRINGS 15

struct top_ctx {
	struct initiative *ini;
	uint32_t seen;
};

static const char **top_string(struct initiative *ini, unsigned i)
{
	const char **f[NSTRINGS] = {
	    &ini->source,      &ini->source_id,        &ini->title,      &ini->summary,
	    &ini->description, &ini->stakeholder_type, &ini->scope,      &ini->start_date,
	    &ini->end_date,    &ini->status,           &ini->url,        &ini->language,
	    &ini->state,       &ini->created_at,       &ini->updated_at,
	};

	return f[i];
}

static int top_member(struct reader *r, const char *k, size_t n, void *ud)
{
	struct top_ctx *c = ud;
	struct initiative *ini = c->ini;
	unsigned i;
	double v;
	int is_int;

	for (i = 0; i < sizeof top_keys / sizeof *top_keys; i++)
		if (key_is(k, n, top_keys[i]))
			break;
	if (i == sizeof top_keys / sizeof *top_keys || (c->seen & (1u << i)))
		return DECLINE;
	c->seen |= 1u << i;
	if (i < NSTRINGS)
		return read_field_string(r, top_string(ini, i));
	switch (i) {
	case NSTRINGS: /* id: an integer or null, dropped */
		if (peek(r) == 'n')
			return read_null(r);
		return read_number(r, &v, &is_int) || !is_int ? DECLINE : 0;
	case NSTRINGS + 1: {
		struct org_ctx oc = {&ini->org, 0};

		return read_object(r, 1, org_member, &oc);
	}
	case NSTRINGS + 2: {
		struct list_ctx lc = {ini, ini_add_country};

		return read_array(r, list_item, &lc);
	}
	case NSTRINGS + 3: {
		struct list_ctx lc = {ini, ini_add_region};

		return read_array(r, list_item, &lc);
	}
	case NSTRINGS + 4: {
		struct list_ctx lc = {ini, ini_add_sector};

		return read_array(r, list_item, &lc);
	}
	case NSTRINGS + 5:
		return read_array(r, partner_item, ini);
	default:
		return read_array(r, tag_item, ini);
	}
}

int record_text_parse(const char *s, size_t n, struct arena *a, struct initiative *ini)
{
	struct reader r = {s, s + n, a};
	struct top_ctx c = {ini, 0};

	/* jansson checks every string's UTF-8, and anything else non-ASCII is a syntax error. */
	if (!text_utf8_valid(s, n))
		return DECLINE;
	if (peek(&r) != '{' || read_object(&r, 0, top_member, &c))
		return DECLINE;
	skip_ws(&r);
	return r.p == r.end ? 0 : DECLINE;
}

/*
 * Writing. jansson's compact dump (record_dump's flags) escapes '"', '\\' and the control
 * characters, the usual five by name and the rest as \u00XX in upper-case hex, and writes
 * everything else, non-ASCII included, as it is.
 */
static int put_string(struct buf *b, const char *s)
{
	const char *run;
	char esc[8];
	int rc = buf_putc(b, '"');

	while (!rc && *s) {
		run = s;
		while (*s && *s != '"' && *s != '\\' && (unsigned char)*s >= 0x20)
			s++;
		if (s > run && (rc = buf_append(b, run, (size_t)(s - run))))
			break;
		if (!*s)
			break;
		switch (*s) {
		case '"':
			rc = buf_append(b, "\\\"", 2);
			break;
		case '\\':
			rc = buf_append(b, "\\\\", 2);
			break;
		case '\b':
			rc = buf_append(b, "\\b", 2);
			break;
		case '\f':
			rc = buf_append(b, "\\f", 2);
			break;
		case '\n':
			rc = buf_append(b, "\\n", 2);
			break;
		case '\r':
			rc = buf_append(b, "\\r", 2);
			break;
		case '\t':
			rc = buf_append(b, "\\t", 2);
			break;
		default:
			snprintf(esc, sizeof esc, "\\u%04X", (unsigned)(unsigned char)*s);
			rc = buf_append(b, esc, 6);
		}
		s++;
	}
	return rc ? rc : buf_putc(b, '"');
}

/* put_key writes ,"key": (no comma for the first member of an object). */
static int put_key(struct buf *b, int *first, const char *key)
{
	int rc = *first ? 0 : buf_putc(b, ',');

	*first = 0;
	if (!rc)
		rc = buf_putc(b, '"');
	if (!rc)
		rc = buf_puts(b, key);
	return rc ? rc : buf_append(b, "\":", 2);
}

/* put_str writes "key":"value" when v is set (record_to_json's set_str). */
static int put_str(struct buf *b, int *first, const char *key, const char *v)
{
	int rc;

	if (!v)
		return 0;
	rc = put_key(b, first, key);
	return rc ? rc : put_string(b, v);
}

static int put_list(struct buf *b, int *first, const char *key, const char *const *v, size_t n)
{
	int rc;

	if (!n)
		return 0;
	rc = put_key(b, first, key);
	if (!rc)
		rc = buf_putc(b, '[');
	for (size_t i = 0; !rc && i < n; i++)
		if (!(rc = i ? buf_putc(b, ',') : 0))
			rc = put_string(b, v[i]);
	return rc ? rc : buf_putc(b, ']');
}

/*
 * put_real writes a tag's score as jansson does with JSON_REAL_PRECISION(6): "%.6g", with
 * ".0" added when that reads as an integer, and the exponent without '+' or leading zeros.
 */
static int put_real(struct buf *b, double v)
{
	char t[48], *e, *d;
	int n;

	if (!isfinite(v))
		return ERR_INVALID;
	n = snprintf(t, sizeof t - 2, "%.6g", v);
	if (n < 0 || (size_t)n >= sizeof t - 2)
		return ERR_INVALID;
	if (!strchr(t, '.') && !strchr(t, 'e'))
		memcpy(t + n, ".0", 3);
	if ((e = strchr(t, 'e'))) {
		d = ++e;
		if (*d == '+')
			memmove(d, d + 1, strlen(d + 1) + 1);
		else if (*d == '-')
			d++;
		while (d[0] == '0' && d[1])
			memmove(d, d + 1, strlen(d + 1) + 1);
	}
	return buf_puts(b, t);
}

int record_text_dump(const struct initiative *ini, int meta, struct buf *out)
{
	int first = 1, f2, rc = buf_putc(out, '{');
	char num[24];

	if (!rc && meta && ini->id) {
		snprintf(num, sizeof num, "%lld", (long long)ini->id);
		if (!(rc = put_key(out, &first, "id")))
			rc = buf_puts(out, num);
	}
	rc = rc ? rc : put_str(out, &first, "source", ini->source);
	rc = rc ? rc : put_str(out, &first, "source_id", ini->source_id);
	rc = rc ? rc : put_str(out, &first, "title", ini->title);
	rc = rc ? rc : put_str(out, &first, "summary", ini->summary);
	rc = rc ? rc : put_str(out, &first, "description", ini->description);
	if (!rc && ini->org.name) {
		f2 = 1;
		rc = put_key(out, &first, "organisation");
		rc = rc ? rc : buf_putc(out, '{');
		rc = rc ? rc : put_str(out, &f2, "name", ini->org.name);
		rc = rc ? rc : put_str(out, &f2, "stakeholder_type", ini->org.stakeholder_type);
		rc = rc ? rc : put_str(out, &f2, "country", ini->org.country);
		rc = rc ? rc : put_str(out, &f2, "website", ini->org.website);
		rc = rc ? rc : buf_putc(out, '}');
	}
	rc = rc ? rc : put_str(out, &first, "stakeholder_type", ini->stakeholder_type);
	rc = rc ? rc : put_list(out, &first, "countries", ini->countries, ini->ncountries);
	rc = rc ? rc : put_list(out, &first, "regions", ini->regions, ini->nregions);
	rc = rc ? rc : put_list(out, &first, "sectors", ini->sectors, ini->nsectors);
	if (!rc && ini->npartners) {
		rc = put_key(out, &first, "partners");
		rc = rc ? rc : buf_putc(out, '[');
		for (size_t i = 0; !rc && i < ini->npartners; i++) {
			f2 = 1;
			rc = i ? buf_putc(out, ',') : 0;
			rc = rc ? rc : buf_putc(out, '{');
			rc = rc ? rc : put_str(out, &f2, "name", ini->partners[i].name);
			rc = rc ? rc : put_str(out, &f2, "role", ini->partners[i].role);
			rc = rc ? rc : buf_putc(out, '}');
		}
		rc = rc ? rc : buf_putc(out, ']');
	}
	rc = rc ? rc : put_str(out, &first, "scope", ini->scope);
	rc = rc ? rc : put_str(out, &first, "start_date", ini->start_date);
	rc = rc ? rc : put_str(out, &first, "end_date", ini->end_date);
	rc = rc ? rc : put_str(out, &first, "status", ini->status);
	rc = rc ? rc : put_str(out, &first, "url", ini->url);
	rc = rc ? rc : put_str(out, &first, "language", ini->language);
	rc = rc ? rc : put_str(out, &first, "state", ini->state);
	if (!rc && ini->ntags) {
		rc = put_key(out, &first, "tags");
		rc = rc ? rc : buf_putc(out, '[');
		for (size_t i = 0; !rc && i < ini->ntags; i++) {
			const struct tag *t = &ini->tags[i];

			f2 = 1;
			rc = i ? buf_putc(out, ',') : 0;
			rc = rc ? rc : buf_putc(out, '{');
			rc = rc ? rc : put_str(out, &f2, "scheme", t->scheme);
			rc = rc ? rc : put_str(out, &f2, "code", t->code);
			rc = rc ? rc : put_str(out, &f2, "origin", t->origin);
			if (!rc && t->has_score) {
				rc = put_key(out, &f2, "score");
				rc = rc ? rc : put_real(out, t->score);
			}
			rc = rc ? rc : buf_putc(out, '}');
		}
		rc = rc ? rc : buf_putc(out, ']');
	}
	if (!rc && meta) {
		rc = put_str(out, &first, "created_at", ini->created_at);
		rc = rc ? rc : put_str(out, &first, "updated_at", ini->updated_at);
	}
	return rc ? rc : buf_putc(out, '}');
}
