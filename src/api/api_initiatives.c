/*
 * api_initiatives.c - the search as JSON, the twin of the page /initiatives:
 *
 *   GET /api/v1/initiatives?q=&sdg=&action_line=&...&sort=&limit=&cursor=
 *       {"items": [...], "next_cursor": "..." | null, "total": N}
 *   GET /api/v1/facets?<the same filters>
 *       {"total": N, "facets": {"sdg": [{"code", "title", "count"}], ...}}
 *
 * Parameters and their checks are the page's (app/search_request.h); docs/api.md lists
 * them. Anonymous callers see published initiatives only, and no state facet.
 */
#include "api/api.h"

#include "app/search_request.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *item_json(const struct initiative *ini)
{
	json_t *countries = json_array(), *org = json_null();

	for (size_t i = 0; countries && i < ini->ncountries; i++)
		json_array_append_new(countries, json_string(ini->countries[i]));
	if (ini->org.name)
		org = json_pack("{s:s, s:o, s:o, s:o}", "name", ini->org.name, "stakeholder_type",
				str_or_null(ini->org.stakeholder_type), "country",
				str_or_null(ini->org.country), "website",
				str_or_null(ini->org.website));
	return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
			 (json_int_t)ini->id, "title", ini->title, "summary",
			 str_or_null(ini->summary), "sdgs", api_tag_codes(ini, "sdg", 1),
			 "sdg_targets", api_tag_codes(ini, "sdg_target", 0), "action_lines",
			 api_tag_codes(ini, "action_line", 0), "gdc", api_tag_codes(ini, "gdc", 1),
			 "countries", countries, "organisation", org, "stakeholder_type",
			 str_or_null(ini->stakeholder_type), "status", str_or_null(ini->status),
			 "start_date", str_or_null(ini->start_date), "url", str_or_null(ini->url));
}

void api_initiatives(struct app_request *ar)
{
	struct search_result res;
	struct search_query q;
	struct search_item *items;
	size_t n;
	json_t *arr, *o;

	/* The items carry no snippet: the rows are read without making one each. */
	if (search_request_parse(ar, &q) ||
	    search_request_answer(ar, &q, SEARCH_PAGE, 0, &res, &items, &n))
		return;
	arr = json_array();
	for (size_t i = 0; arr && i < n; i++) {
		json_t *it = item_json(&items[i].ini);

		if (!it || json_array_append_new(arr, it)) {
			json_decref(arr);
			arr = NULL;
		}
	}
	o = arr ? json_pack("{s:o, s:o, s:I}", "items", arr, "next_cursor",
			    str_or_null(res.next_cursor), "total", (json_int_t)res.total)
		: NULL;
	if (!o) {
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	api_json(ar, 200, o);
}

void api_facets(struct app_request *ar)
{
	struct search_labels labels;
	struct search_result res;
	struct search_query q;
	struct search_item *items;
	size_t n;
	json_t *facets, *o;

	if (search_request_parse(ar, &q) ||
	    search_request_answer(ar, &q, SEARCH_FACETS, 0, &res, &items, &n) ||
	    search_labels_load(ar, &labels))
		return;
	facets = json_object();
	for (int d = 0; facets && d < SD__COUNT; d++) {
		const struct search_facet *f = &res.facets[d];
		json_t *list;

		if (!f->shown)
			continue;
		list = json_array();
		for (size_t i = 0; list && i < f->n; i++) {
			const char *code = f->v[i].code;

			json_array_append_new(
			    list, json_pack("{s:s, s:s, s:I}", "code", code, "title",
					    search_label(ar, &labels, (enum search_dim)d, code, 0),
					    "count", (json_int_t)f->v[i].count));
		}
		if (!list ||
		    json_object_set_new(facets, search_dim_name((enum search_dim)d), list)) {
			json_decref(facets);
			facets = NULL;
		}
	}
	o = facets ? json_pack("{s:I, s:o}", "total", (json_int_t)res.total, "facets", facets)
		   : NULL;
	if (!o) {
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	api_json(ar, 200, o);
}
