/*
 * report_filter.c - a report's filter from URL or command-line parameters, and back.
 *
 *   from=YYYY  to=YYYY                 the start year's range
 *   stakeholder_type=TYPE (repeatable) ini_stakeholder_types
 *   origin=ORIGIN (repeatable)         submitter, moderator, model
 *   state=STATE (repeatable)           ini_states (callers decide who may ask)
 *
 * Every value is checked here for form and membership; the place comes from the path.
 */
#include "report/report_internal.h"

#include "core/i18n.h"

#include <string.h>

#define MAX_VALUE 64

static int year(const char *v, int *out)
{
	int y = 0;

	if (strlen(v) != 4 || strspn(v, "0123456789") != 4)
		return -1;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (v[i] - '0');
	if (y < 1900 || y > 2199)
		return -1;
	*out = y;
	return 0;
}

static int index_of(const char *const *list, const char *v)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], v) == 0)
			return i;
	return -1;
}

int report_filter_param(struct fig_filter *f, struct arena *a, const char *name, const char *value,
			struct errinfo *e)
{
	int i;

	if (!name || !value || !*value)
		return 0;
	if (strcmp(name, "from") && strcmp(name, "to") && strcmp(name, "stakeholder_type") &&
	    strcmp(name, "origin") && strcmp(name, "state"))
		return 0;
	if (strlen(value) > MAX_VALUE)
		return errinfo_set(e, ERR_TOO_LARGE, name, N_("This value is too long."));
	if (strcmp(name, "from") == 0 || strcmp(name, "to") == 0) {
		if (year(value, name[0] == 'f' ? &f->from_year : &f->to_year))
			return errinfo_set(e, ERR_INVALID, name,
					   N_("A year is written with four digits, from 1900 to "
					      "2199, such as 2019."));
		return 0;
	}
	if (strcmp(name, "stakeholder_type") == 0) {
		const char **v;

		if ((i = index_of(ini_stakeholder_types, value)) < 0)
			return errinfo_set(e, ERR_INVALID, name, N_("Unknown stakeholder type."));
		for (size_t k = 0; k < f->n_stakeholder_types; k++)
			if (strcmp(f->stakeholder_types[k], value) == 0)
				return 0;
		if (f->n_stakeholder_types >= FIG_MAX_TYPES)
			return errinfo_set(e, ERR_TOO_LARGE, name,
					   N_("Too many stakeholder types."));
		if (!(v = arena_alloc(a, (f->n_stakeholder_types + 1) * sizeof *v)))
			return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
		if (f->n_stakeholder_types)
			memcpy(v, f->stakeholder_types, f->n_stakeholder_types * sizeof *v);
		v[f->n_stakeholder_types++] = ini_stakeholder_types[i];
		f->stakeholder_types = v;
		return 0;
	}
	if (strcmp(name, "origin") == 0) {
		if ((i = index_of(ini_tag_origins, value)) < 0)
			return errinfo_set(e, ERR_INVALID, name,
					   N_("A tag origin is submitter, moderator or model."));
		f->origins |= 1 << i;
		return 0;
	}
	if (strcmp(name, "state") == 0) {
		if ((i = index_of(ini_states, value)) < 0)
			return errinfo_set(e, ERR_INVALID, name,
					   N_("A state is draft, submitted, published, rejected or "
					      "archived."));
		f->states |= 1 << i;
		return 0;
	}
	return 0;
}

const char *report_filter_query(const struct fig_filter *f, struct arena *a)
{
	struct buf q;
	const char *out;

	buf_init(&q, 4096);
	buf_puts(&q, "");
	if (f->from_year)
		buf_printf(&q, "from=%d", f->from_year);
	if (f->to_year)
		buf_printf(&q, "%sto=%d", q.len ? "&" : "", f->to_year);
	for (size_t i = 0; i < f->n_stakeholder_types; i++) {
		buf_puts(&q, q.len ? "&stakeholder_type=" : "stakeholder_type=");
		report__url_arg(&q, f->stakeholder_types[i]);
	}
	for (int i = 0; ini_tag_origins[i]; i++)
		if (f->origins & (1 << i))
			buf_printf(&q, "%sorigin=%s", q.len ? "&" : "", ini_tag_origins[i]);
	for (int i = 0; ini_states[i]; i++)
		if (f->states & (1 << i))
			buf_printf(&q, "%sstate=%s", q.len ? "&" : "", ini_states[i]);
	out = arena_strdup(a, buf_cstr(&q));
	buf_cleanup(&q);
	return out;
}
