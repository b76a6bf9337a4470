/*
 * api_initiative.c - GET /api/v1/initiatives/ID: one initiative in the record format
 * (docs/data-format.md) with its id, state and times, the framework codes as plain arrays
 * for convenience ("sdgs": [3, 9], "sdg_targets", "action_lines", "gdc": [1]) and a link to
 * its page. The same visibility rule as the page applies (app/initiative_access.h).
 */
#include "api/api.h"

#include "app/initiative_access.h"
#include "domain/record_json.h"

json_t *api_initiative_json(struct app_request *ar, const struct initiative *ini, const char *state)
{
	json_t *o = record_to_json(ini, 1);
	char *self = arena_sprintf(ar->req->arena, "/initiatives/%lld", (long long)ini->id);

	if (!o || !self) {
		json_decref(o);
		return NULL;
	}
	/* the state actually stored, whatever the document says */
	json_object_set_new(o, "state", json_string(state));
	json_object_set_new(o, "sdgs", api_tag_codes(ini, "sdg", 1));
	json_object_set_new(o, "sdg_targets", api_tag_codes(ini, "sdg_target", 0));
	json_object_set_new(o, "action_lines", api_tag_codes(ini, "action_line", 0));
	json_object_set_new(o, "gdc", api_tag_codes(ini, "gdc", 1));
	json_object_set_new(o, "links", json_pack("{s:s}", "html", self));
	return o;
}

void api_initiative(struct app_request *ar)
{
	struct store_ini_access acc;
	struct initiative ini;
	json_t *o;

	if (initiative_load(ar, &ini, &acc))
		return;
	if (!(o = api_initiative_json(ar, &ini, acc.state))) {
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	api_json(ar, 200, o);
}
