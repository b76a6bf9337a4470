/*
 * api_frameworks.c - the reference frameworks as JSON, titles in the request's language
 * (?lang=fr; English where a translation is missing):
 *
 *   GET /api/v1/frameworks            SDGs with their targets, Action Lines with the SDGs the
 *                                     WSIS-SDG matrix links them to, GDC objectives, ITU-D
 *                                     and M49 regions
 *   GET /api/v1/frameworks/countries  every country with its regions and LDC/LLDC/SIDS flags
 */
#include "api/api.h"

#include "core/log.h"
#include "frameworks/catalog.h"

#include <stdlib.h>
#include <string.h>

static void fail(struct app_request *ar)
{
	log_kv(LOG_ERROR, "framework API failed", "detail", store_errmsg(ar->store), LOG_END);
	app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
}

/* item returns {"code", "title"[, "short_title"]} for it. */
static json_t *item(const struct fw_item *it)
{
	json_t *o = json_pack("{s:s, s:s}", "code", it->code, "title", it->title[0]);

	if (o && it->short_title[0])
		json_object_set_new(o, "short_title", json_string(it->short_title[0]));
	return o;
}

static int add_code(void *ud, const char *code)
{
	return json_array_append_new(ud, json_string(code)) ? ERR_NOMEM : 0;
}

static int add_number(void *ud, const char *code)
{
	return json_array_append_new(ud, json_integer(strtol(code, NULL, 10))) ? ERR_NOMEM : 0;
}

static json_t *sdgs(const struct fw_catalog *goals, const struct fw_catalog *targets)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < goals->n; i++) {
		json_t *g = item(&goals->v[i]), *t = json_array();

		for (size_t k = 0; t && k < targets->n; k++)
			if (targets->v[k].parent &&
			    strcmp(targets->v[k].parent, goals->v[i].code) == 0)
				json_array_append_new(t, item(&targets->v[k]));
		json_object_set_new(g, "number", json_integer(strtol(goals->v[i].code, NULL, 10)));
		json_object_set_new(g, "targets", t);
		json_array_append_new(list, g);
	}
	return list;
}

static int action_lines(struct store *s, const struct fw_catalog *al, json_t **out)
{
	json_t *list = json_array();
	int rc = 0;

	for (size_t i = 0; !rc && list && i < al->n; i++) {
		const struct fw_item *it = &al->v[i];
		json_t *o = item(it), *goals = json_array();

		json_object_set_new(o, "parent",
				    it->parent ? json_string(it->parent) : json_null());
		json_object_set_new(o, "group", json_boolean(it->is_group));
		rc = store_fw_links(s, "action_line", it->code, "sdg", add_number, goals);
		json_object_set_new(o, "sdgs", goals);
		if (!rc) {
			json_t *targets = json_array();
			rc = store_fw_links(s, "action_line", it->code, "sdg_target", add_code,
					    targets);
			json_object_set_new(o, "sdg_targets", targets);
		}
		json_array_append_new(list, o);
	}
	if (rc || !list) {
		json_decref(list);
		return rc ? rc : ERR_NOMEM;
	}
	*out = list;
	return 0;
}

static json_t *regions(const struct fw_catalog *c, int m49)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < c->n; i++) {
		json_t *o = item(&c->v[i]);

		if (m49) {
			json_object_set_new(o, "level",
					    json_string(c->v[i].attr ? c->v[i].attr : ""));
			json_object_set_new(o, "parent",
					    c->v[i].parent ? json_string(c->v[i].parent)
							   : json_null());
		}
		json_array_append_new(list, o);
	}
	return list;
}

void api_frameworks(struct app_request *ar)
{
	struct fw_catalog goals, targets, al, gdc, m49, itu;
	struct arena *a = ar->req->arena;
	struct store *s = ar->store;
	json_t *lines = NULL, *objectives;

	if (fw_catalog_load(s, "sdg", ar->lang, a, &goals) ||
	    fw_catalog_load(s, "sdg_target", ar->lang, a, &targets) ||
	    fw_catalog_load(s, "action_line", ar->lang, a, &al) ||
	    fw_catalog_load(s, "gdc", ar->lang, a, &gdc) ||
	    fw_catalog_load(s, "m49_region", ar->lang, a, &m49) ||
	    fw_catalog_load(s, "itu_region", ar->lang, a, &itu) || action_lines(s, &al, &lines)) {
		fail(ar);
		return;
	}
	objectives = json_array();
	for (size_t i = 0; i < gdc.n; i++) {
		json_t *o = item(&gdc.v[i]);

		json_object_set_new(o, "number", json_integer(strtol(gdc.v[i].code, NULL, 10)));
		json_array_append_new(objectives, o);
	}
	api_json(ar, 200,
		 json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "lang", lang_code(ar->lang), "sdgs",
			   sdgs(&goals, &targets), "action_lines", lines, "gdc", objectives,
			   "itu_regions", regions(&itu, 0), "m49_regions", regions(&m49, 1)));
}

void api_framework_countries(struct app_request *ar)
{
	struct country_catalog c;
	json_t *list;

	if (country_catalog_load(ar->store, ar->lang, ar->req->arena, &c)) {
		fail(ar);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < c.n; i++) {
		const struct country *k = &c.v[i];

		json_array_append_new(
		    list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b}",
				    "iso2", k->iso2, "iso3", k->iso3, "numeric", k->numeric, "name",
				    k->name[0] ? k->name[0] : k->iso2, "m49_region", k->m49_region,
				    "m49_subregion", k->m49_subregion, "m49_intermediate",
				    k->m49_intermediate, "itu_region", k->itu_region, "ldc", k->ldc,
				    "lldc", k->lldc, "sids", k->sids));
	}
	api_json(ar, 200, list);
}
