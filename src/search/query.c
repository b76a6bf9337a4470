/*
 * query.c - a search query from a request's parameters, and the user's text as an FTS5
 * query that cannot fail to parse.
 */
#include "search/search.h"

#include "core/buf.h"
#include "core/i18n.h"
#include "core/text.h"

#include <string.h>

static const char *const dim_names[SD__COUNT] = {
#define SEARCH_DIM_NAME(e, name) name,
    SEARCH_DIMS(SEARCH_DIM_NAME)
#undef SEARCH_DIM_NAME
};

static const char *const sort_names[] = {"", "relevance", "date", "title", "newest"};

const char *search_dim_name(enum search_dim d)
{
	return (unsigned)d < SD__COUNT ? dim_names[d] : "";
}

int search_dim_parse(const char *name)
{
	for (int d = 0; d < SD__COUNT; d++)
		if (name && strcmp(name, dim_names[d]) == 0)
			return d;
	return -1;
}

const char *search_sort_name(enum search_sort s)
{
	return (unsigned)s <= SEARCH_SORT_NEWEST ? sort_names[s] : "";
}

void search_query_init(struct search_query *q)
{
	memset(q, 0, sizeof *q);
	q->sort = SEARCH_SORT_DEFAULT;
	q->limit = SEARCH_LIMIT_DEFAULT;
}

/* parse_int reads a whole decimal number of at most maxdigits digits; -1 when it is not. */
static long parse_int(const char *v, int maxdigits)
{
	long n = 0;
	int i;

	for (i = 0; v[i]; i++) {
		if (v[i] < '0' || v[i] > '9' || i >= maxdigits)
			return -1;
		n = n * 10 + (v[i] - '0');
	}
	return i ? n : -1;
}

/* parse_year reads a four-digit year from 1900 to 2199; -1 otherwise. */
static long parse_year(const char *v)
{
	long y = strlen(v) == 4 ? parse_int(v, 4) : -1;

	return y >= 1900 && y <= 2199 ? y : -1;
}

/* append puts v at the end of the n strings at *list (in a); 0 or ERR_NOMEM. */
static int append(const char ***list, size_t *n, struct arena *a, const char *v)
{
	const char **nv = arena_alloc(a, (*n + 1) * sizeof *nv);

	if (!nv)
		return ERR_NOMEM;
	if (*n)
		memcpy(nv, *list, *n * sizeof *nv);
	nv[(*n)++] = v;
	*list = nv;
	return 0;
}

/* add_value adds v to facet d's values; errors name field, the parameter as sent. */
static int add_value(struct search_query *q, struct arena *a, enum search_dim d, const char *field,
		     const char *v, struct errinfo *e)
{
	if (strlen(v) > 64 || !text_utf8_valid(v, strlen(v)))
		return errinfo_set(e, ERR_INVALID, field, "%s",
				   N_("This filter value is not known."));
	if (d == SD_START_YEAR && parse_year(v) < 0)
		return errinfo_set(e, ERR_INVALID, field, "%s",
				   N_("A year is written with four digits, such as 2019."));
	for (size_t i = 0; i < q->nvalues[d]; i++)
		if (strcmp(q->values[d][i], v) == 0)
			return 0; /* sdg=3&sdg=3 is sdg=3 */
	if (q->nvalues[d] >= SEARCH_MAX_VALUES)
		return errinfo_set(e, ERR_INVALID, field, "%s",
				   N_("Too many values for one filter."));
	if (append(&q->values[d], &q->nvalues[d], a, v))
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	return 0;
}

int search_query_param(struct search_query *q, struct arena *a, const char *name, const char *value,
		       struct errinfo *e)
{
	int d;
	long n;

	if (!name || !value || !*value)
		return 0;
	if (strcmp(name, "q") == 0) {
		if (strlen(value) > SEARCH_MAX_Q)
			return errinfo_set(e, ERR_INVALID, "q", "%s",
					   N_("The search text is too long: use at most 500 "
					      "characters."));
		if (!text_utf8_valid(value, strlen(value)))
			return errinfo_set(e, ERR_INVALID, "q", "%s",
					   N_("The search text is not valid text."));
		q->q = text_is_blank(value) ? NULL : value;
	} else if ((d = search_dim_parse(name)) >= 0) {
		/* region takes either kind of region, as reports do: an M49 code is digits,
		 * an ITU-D region a name (region=africa is itu_region=africa) */
		if (d == SD_REGION && (value[0] < '0' || value[0] > '9')) {
			int rc = add_value(q, a, SD_ITU_REGION, name, value, e);

			/* at most SEARCH_MAX_VALUES: add_value refuses more */
			if (!rc && append(&q->itu_as_region, &q->nitu_as_region, a, value))
				rc = errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
			return rc;
		}
		return add_value(q, a, (enum search_dim)d, name, value, e);
	} else if (strcmp(name, "from_year") == 0 || strcmp(name, "to_year") == 0) {
		if ((n = parse_year(value)) < 0)
			return errinfo_set(e, ERR_INVALID, name, "%s",
					   N_("A year is written with four digits, such as 2019."));
		*(name[0] == 'f' ? &q->from_year : &q->to_year) = (int)n;
	} else if (strcmp(name, "sort") == 0) {
		for (d = SEARCH_SORT_RELEVANCE; d <= SEARCH_SORT_NEWEST; d++)
			if (strcmp(value, sort_names[d]) == 0)
				break;
		if (d > SEARCH_SORT_NEWEST)
			return errinfo_set(e, ERR_INVALID, "sort", "%s",
					   N_("Sort by relevance, date, title or newest."));
		q->sort = (enum search_sort)d;
	} else if (strcmp(name, "limit") == 0) {
		n = parse_int(value, 3);
		if (n < 1 || n > SEARCH_LIMIT_MAX)
			return errinfo_set(e, ERR_INVALID, "limit", "%s",
					   N_("Show from 1 to 100 results per page."));
		q->limit = (int)n;
	} else if (strcmp(name, "cursor") == 0) {
		if (strlen(value) > 200)
			return errinfo_set(e, ERR_INVALID, "cursor", "%s",
					   N_("This page link is not valid: start again from the "
					      "first page."));
		q->cursor = value;
	}
	return 0;
}

int search_query_hidden_states(const struct search_query *q)
{
	for (size_t i = 0; i < q->nvalues[SD_STATE]; i++)
		if (strcmp(q->values[SD_STATE][i], "published") != 0)
			return 1;
	return 0;
}

int search_query_has_filters(const struct search_query *q)
{
	if (q->q || q->from_year || q->to_year)
		return 1;
	for (int d = 0; d < SD__COUNT; d++)
		if (q->nvalues[d])
			return 1;
	return 0;
}

/* token_char: a byte the FTS5 unicode61 tokenizer may keep in a token. */
static int token_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c >= 0x80;
}

static int space_char(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* emit_term appends "term" (quotes doubled), and * for a prefix, when term has a word. */
static int emit_term(struct buf *b, const char *p, size_t n, int prefix)
{
	int word = 0;

	for (size_t i = 0; i < n; i++)
		word |= token_char((unsigned char)p[i]);
	if (!word)
		return 0;
	if (b->len)
		buf_putc(b, ' ');
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"')
			buf_putc(b, '"');
		buf_putc(b, p[i]);
	}
	buf_putc(b, '"');
	if (prefix)
		buf_putc(b, '*');
	return 1;
}

const char *search_fts_query(const char *text, struct arena *a)
{
	const char *p = text, *start, *out = NULL;
	struct buf b;
	int terms = 0;

	if (!text)
		return NULL;
	buf_init(&b, 4 * SEARCH_MAX_Q + 256);
	while (*p && terms < SEARCH_MAX_TERMS) {
		size_t n;
		int prefix = 0;

		while (space_char(*p))
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			start = ++p;
			while (*p && *p != '"')
				p++;
			n = (size_t)(p - start);
			if (*p == '"')
				p++;
			while (*p == '*') {
				prefix = 1;
				p++;
			}
		} else {
			start = p;
			while (*p && !space_char(*p) && *p != '"')
				p++;
			n = (size_t)(p - start);
			while (n > 0 && start[n - 1] == '*') {
				prefix = 1;
				n--;
			}
		}
		terms += emit_term(&b, start, n, prefix);
	}
	if (terms)
		out = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return out;
}

struct enum_label {
	enum search_dim dim;
	const char *code, *label;
};

static const struct enum_label enum_labels[] = {
    {SD_STAKEHOLDER_TYPE, "government", N_("Government")},
    {SD_STAKEHOLDER_TYPE, "private-sector", N_("Private sector")},
    {SD_STAKEHOLDER_TYPE, "civil-society", N_("Civil society")},
    {SD_STAKEHOLDER_TYPE, "academia", N_("Academia")},
    {SD_STAKEHOLDER_TYPE, "international-organisation", N_("International organisation")},
    {SD_STAKEHOLDER_TYPE, "technical-community", N_("Technical community")},
    {SD_STAKEHOLDER_TYPE, "un-entity", N_("UN entity")},
    {SD_STAKEHOLDER_TYPE, "other", N_("Other")},
    {SD_STATUS, "planned", N_("Planned")},
    {SD_STATUS, "ongoing", N_("Ongoing")},
    {SD_STATUS, "completed", N_("Completed")},
    {SD_STATE, "draft", N_("Draft")},
    {SD_STATE, "submitted", N_("Submitted")},
    {SD_STATE, "published", N_("Published")},
    {SD_STATE, "rejected", N_("Rejected")},
    {SD_STATE, "archived", N_("Archived")},
};

const char *search_enum_label(enum search_dim d, const char *code)
{
	for (size_t i = 0; i < sizeof enum_labels / sizeof *enum_labels; i++)
		if (enum_labels[i].dim == d && code && strcmp(enum_labels[i].code, code) == 0)
			return enum_labels[i].label;
	return NULL;
}
