/*
 * import_csv.c - reads the record format as CSV: a header naming the columns, then one
 * record per row, lists separated by ';' (docs/data-format.md).
 */
#include "io/csv_reader.h"
#include "io/import.h"
#include "io/import_internal.h"

#include "core/text.h"

#include <stdlib.h>
#include <string.h>

const char *const record_csv_columns[] = {"id",
					  "source",
					  "source_id",
					  "title",
					  "summary",
					  "description",
					  "organisation",
					  "organisation_type",
					  "organisation_country",
					  "organisation_website",
					  "stakeholder_type",
					  "countries",
					  "regions",
					  "sectors",
					  "partners",
					  "scope",
					  "start_date",
					  "end_date",
					  "status",
					  "url",
					  "language",
					  "state",
					  "sdgs",
					  "sdg_targets",
					  "action_lines",
					  "gdc",
					  "created_at",
					  "updated_at",
					  NULL};

enum csv_col {
	C_ID,
	C_SOURCE,
	C_SOURCE_ID,
	C_TITLE,
	C_SUMMARY,
	C_DESCRIPTION,
	C_ORG,
	C_ORG_TYPE,
	C_ORG_COUNTRY,
	C_ORG_WEBSITE,
	C_STAKEHOLDER_TYPE,
	C_COUNTRIES,
	C_REGIONS,
	C_SECTORS,
	C_PARTNERS,
	C_SCOPE,
	C_START,
	C_END,
	C_STATUS,
	C_URL,
	C_LANGUAGE,
	C_STATE,
	C_SDGS,
	C_SDG_TARGETS,
	C_ACTION_LINES,
	C_GDC,
	C_CREATED,
	C_UPDATED,
	C__COUNT
};

struct csv_ctx {
	const char *name;
	struct import_sink *sink;
	int map[C__COUNT]; /* column index in the file of each field, or -1 */
	size_t ncols;
	int header_read; /* the header row was read: what fails now is a record */
	int emitted;     /* the last row reached emit: its failure is emit's own */
};

static int read_header(struct csv_ctx *c, char **fields, size_t n, struct errinfo *e)
{
	for (int i = 0; i < C__COUNT; i++)
		c->map[i] = -1;
	for (size_t i = 0; i < n; i++) {
		const char *h = fields[i];
		int k;

		if (i == 0 && (unsigned char)h[0] == 0xef && (unsigned char)h[1] == 0xbb &&
		    (unsigned char)h[2] == 0xbf)
			h += 3; /* a byte order mark from a spreadsheet */
		for (k = 0; record_csv_columns[k]; k++)
			if (strcmp(h, record_csv_columns[k]) == 0)
				break;
		if (!record_csv_columns[k])
			return errinfo_set(e, ERR_INVALID, h, "row 1: unknown column \"%.64s\"", h);
		if (c->map[k] >= 0)
			return errinfo_set(e, ERR_INVALID, h, "row 1: column \"%s\" appears twice",
					   h);
		c->map[k] = (int)i;
	}
	if (c->map[C_TITLE] < 0)
		return errinfo_set(e, ERR_INVALID, "title", "row 1: there is no \"title\" column");
	c->ncols = n;
	return 0;
}

/* cell returns the trimmed value of field k, or NULL when absent or empty. */
static char *cell(const struct csv_ctx *c, char **fields, enum csv_col k)
{
	char *v;

	if (c->map[k] < 0)
		return NULL;
	v = text_trim(fields[c->map[k]]);
	return *v ? v : NULL;
}

/*
 * split_list calls add for each ';'-separated, trimmed, non-empty item of v. Items point
 * into v, which lives in the row arena; copies are made into the record arena.
 */
static int split_list(struct csv_ctx *c, char *v, const char *field, struct initiative *ini,
		      int (*add)(struct csv_ctx *, struct initiative *, const char *item),
		      struct errinfo *e)
{
	char *save = NULL, *item;
	int rc;

	if (!v)
		return 0;
	for (item = strtok_r(v, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
		item = text_trim(item);
		if (!*item)
			continue;
		if ((rc = add(c, ini, item)))
			return errinfo_set(e, rc, field, "%s has too many items", field);
	}
	return 0;
}

#define LIST_ADDER(fn, call)                                                       \
	static int fn(struct csv_ctx *c, struct initiative *ini, const char *item) \
	{                                                                          \
		const char *copy = arena_strdup(c->sink->arena, item);             \
		if (!copy)                                                         \
			return ERR_NOMEM;                                          \
		return call;                                                       \
	}

LIST_ADDER(add_country, ini_add_country(ini, c->sink->arena, copy))
LIST_ADDER(add_region, ini_add_region(ini, c->sink->arena, copy))
LIST_ADDER(add_sector, ini_add_sector(ini, c->sink->arena, copy))
LIST_ADDER(add_sdg, ini_add_tag(ini, c->sink->arena, "sdg", copy, "submitter", 0, 0))
LIST_ADDER(add_target, ini_add_tag(ini, c->sink->arena, "sdg_target", copy, "submitter", 0, 0))
LIST_ADDER(add_action_line,
	   ini_add_tag(ini, c->sink->arena, "action_line", copy, "submitter", 0, 0))
LIST_ADDER(add_gdc, ini_add_tag(ini, c->sink->arena, "gdc", copy, "submitter", 0, 0))

/*
 * add_partner reads "role:name", "name", or ":name" (no role, for a name that itself
 * contains ':').
 */
static int add_partner(struct csv_ctx *c, struct initiative *ini, const char *item)
{
	const char *colon = strchr(item, ':');
	char *role = NULL, *name;

	if (colon && colon[1]) {
		if (colon != item) {
			role = arena_strndup(c->sink->arena, item, (size_t)(colon - item));
			if (!role)
				return ERR_NOMEM;
			role = text_trim(role);
		}
		name = arena_strdup(c->sink->arena, colon + 1);
	} else {
		name = arena_strdup(c->sink->arena, item);
	}
	if (!name)
		return ERR_NOMEM;
	return ini_add_partner(ini, c->sink->arena, text_trim(name), role);
}

/* str copies field k into the record arena (NULL when empty). */
static const char *str(struct csv_ctx *c, char **fields, enum csv_col k)
{
	char *v = cell(c, fields, k);

	return v ? arena_strdup(c->sink->arena, v) : NULL;
}

static int csv_row(void *ud, char **fields, size_t n, long row, struct errinfo *e)
{
	struct csv_ctx *c = ud;
	struct initiative ini;
	char where[32];
	int rc;

	if (row == 1) {
		rc = read_header(c, fields, n, e);
		c->header_read = rc == 0;
		return rc;
	}
	c->emitted = 0;
	snprintf(where, sizeof where, "row %ld", row);
	if (n != c->ncols)
		return errinfo_set(e, ERR_INVALID, NULL, "%s: has %zu columns; the header has %zu",
				   where, n, c->ncols);
	ini_init(&ini);
	ini.source = str(c, fields, C_SOURCE);
	ini.source_id = str(c, fields, C_SOURCE_ID);
	ini.title = str(c, fields, C_TITLE);
	ini.summary = str(c, fields, C_SUMMARY);
	ini.description = str(c, fields, C_DESCRIPTION);
	ini.org.name = str(c, fields, C_ORG);
	ini.org.stakeholder_type = str(c, fields, C_ORG_TYPE);
	ini.org.country = str(c, fields, C_ORG_COUNTRY);
	ini.org.website = str(c, fields, C_ORG_WEBSITE);
	ini.stakeholder_type = str(c, fields, C_STAKEHOLDER_TYPE);
	ini.scope = str(c, fields, C_SCOPE);
	ini.start_date = str(c, fields, C_START);
	ini.end_date = str(c, fields, C_END);
	ini.status = str(c, fields, C_STATUS);
	ini.url = str(c, fields, C_URL);
	ini.language = str(c, fields, C_LANGUAGE);
	ini.state = str(c, fields, C_STATE);
	if ((rc = split_list(c, cell(c, fields, C_COUNTRIES), "countries", &ini, add_country, e)) ||
	    (rc = split_list(c, cell(c, fields, C_REGIONS), "regions", &ini, add_region, e)) ||
	    (rc = split_list(c, cell(c, fields, C_SECTORS), "sectors", &ini, add_sector, e)) ||
	    (rc = split_list(c, cell(c, fields, C_PARTNERS), "partners", &ini, add_partner, e)) ||
	    (rc = split_list(c, cell(c, fields, C_SDGS), "sdgs", &ini, add_sdg, e)) ||
	    (rc = split_list(c, cell(c, fields, C_SDG_TARGETS), "sdg_targets", &ini, add_target,
			     e)) ||
	    (rc = split_list(c, cell(c, fields, C_ACTION_LINES), "action_lines", &ini,
			     add_action_line, e)) ||
	    (rc = split_list(c, cell(c, fields, C_GDC), "gdc", &ini, add_gdc, e))) {
		errinfo_prefix(e, "%s: field %s: ", where, e->field);
		return rc;
	}
	c->emitted = 1;
	rc = c->sink->emit(c->sink->ud, &ini, where, e);
	arena_reset(c->sink->arena);
	return rc;
}

int import_read_csv(FILE *in, const char *name, struct import_sink *sink, struct errinfo *e)
{
	struct csv_ctx c = {.name = name, .sink = sink};
	int rc = csv_read_stream(in, name, IMPORT_MAX_FIELD, csv_row, &c, e);

	/* a row that failed after the header, other than in emit, was a record not read */
	if (rc && c.header_read && !c.emitted)
		sink->unread = 1;
	if (rc && strncmp(e->msg, name, strlen(name)) != 0)
		errinfo_prefix(e, "%s: ", name);
	return rc;
}
