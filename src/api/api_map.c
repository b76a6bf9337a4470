/*
 * api_map.c - POST /api/v1/map: a text placed on the frameworks by the mapping model.
 *
 *   body:   {"text": "...", "lang": "fr", "explain": true, "id": ...}  (only text required)
 *   answer: what `stocktake map --jsonl [--explain]` writes for the line {"id", "text"},
 *           byte for byte (map_result_json dumped with MAP_JSON_FLAGS): "id" when one was
 *           given, sdgs, targets, action_lines, gdc, language, scores, and with explain,
 *           evidence.
 *
 * Anyone may call it: it reads no record and stores nothing. Errors: 400 (not JSON, not an
 * object, text missing or not a string, lang or explain of the wrong type, lang not a
 * language map_text knows: en, fr, es, ru, ar or zh, or "" to detect), 413 a text over
 * API_MAP_MAX_TEXT bytes, 415 not application/json, 503 no model loaded; the field is named.
 */
#include "api/api.h"

#include "core/log.h"
#include "mapping/mapping.h"

#include <stdlib.h>
#include <string.h>

#define API_MAP_MAX_TEXT 100000 /* bytes of "text" */

/* send_result answers 200 with o (its reference is taken), dumped as the CLI dumps it. */
static void send_result(struct app_request *ar, json_t *o)
{
	char *s = json_dumps(o, MAP_JSON_FLAGS);

	json_decref(o);
	if (!s) {
		api_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	ar->resp->status = 200;
	ar->resp->content_type = "application/json";
	buf_reset(&ar->resp->body);
	if (buf_puts(&ar->resp->body, s) || buf_putc(&ar->resp->body, '\n'))
		api_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
	free(s);
}

/*
 * read_body parses the request into *doc and checks its fields; on failure it has answered
 * and returns non-zero.
 */
static int read_body(struct app_request *ar, json_t **doc)
{
	json_t *j, *text, *lang, *explain;
	json_error_t jerr;

	if (strcmp(ar->req->content_type, "application/json") != 0) {
		api_error(ar, 415, "unsupported_media_type",
			  T(ar, "Send the text as JSON, with Content-Type: application/json."),
			  NULL);
		return -1;
	}
	j = json_loadb(ar->req->body, ar->req->body_len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
		       &jerr);
	if (!j) {
		api_error(ar, 400, "invalid",
			  arena_sprintf(ar->req->arena, "%s (%s, line %d)",
					T(ar, "The body is not valid JSON"), jerr.text, jerr.line),
			  NULL);
		return -1;
	}
	text = json_object_get(j, "text");
	lang = json_object_get(j, "lang");
	explain = json_object_get(j, "explain");
	if (!json_is_object(j)) {
		api_error(ar, 400, "invalid",
			  T(ar, "The body must be a JSON object such as {\"text\": \"...\"}."),
			  NULL);
	} else if (!text || !json_is_string(text)) {
		api_error(ar, 400, "invalid",
			  T(ar, "Give the text to map as a string in \"text\"."), "text");
	} else if (json_string_length(text) > API_MAP_MAX_TEXT) {
		api_error(ar, 413, "too_large",
			  arena_sprintf(ar->req->arena,
					T(ar, "The text is too long: %zu bytes, and at most %d "
					      "are allowed."),
					json_string_length(text), API_MAP_MAX_TEXT),
			  "text");
	} else if (lang &&
		   (!json_is_string(lang) || json_string_length(lang) > MAP_LANG_HINT_MAX)) {
		api_error(
		    ar, 400, "invalid",
		    T(ar, "\"lang\" must be a language code such as \"en\", \"fr\" or \"es\"."),
		    "lang");
	} else if (lang && (strlen(json_string_value(lang)) != json_string_length(lang) ||
			    !map_lang_hint_ok(json_string_value(lang)))) {
		api_error(
		    ar, 400, "invalid",
		    arena_sprintf(ar->req->arena,
				  T(ar, "Unknown language \"%s\": \"lang\" must be en, fr, es, "
					"ru, ar or zh, or left out to detect the language."),
				  json_string_value(lang)),
		    "lang");
	} else if (explain && !json_is_boolean(explain)) {
		api_error(ar, 400, "invalid", T(ar, "\"explain\" must be true or false."),
			  "explain");
	} else {
		*doc = j;
		return 0;
	}
	json_decref(j);
	return -1;
}

void api_map(struct app_request *ar)
{
	json_t *doc = NULL, *text, *lang, *id, *res = NULL, *out = NULL;
	struct map_result r;
	int rc;

	if (read_body(ar, &doc))
		return;
	if (!ar->app->model) {
		api_error(ar, 503, "unavailable",
			  T(ar, "Mapping is not available: this server has no mapping model "
				"loaded."),
			  NULL);
		json_decref(doc);
		return;
	}
	text = json_object_get(doc, "text");
	lang = json_object_get(doc, "lang");
	id = json_object_get(doc, "id");
	map_result_init(&r);
	rc = map_textn(ar->app->model, json_string_value(text), json_string_length(text),
		       lang ? json_string_value(lang) : NULL, &r);
	if (!rc)
		res = map_result_json(&r, json_string_value(text), json_string_length(text),
				      json_is_true(json_object_get(doc, "explain")));
	/* "id" first, as the CLI writes it */
	if (res && (out = json_object()) && (!id || json_object_set(out, "id", id) == 0) &&
	    json_object_update(out, res) == 0) {
		send_result(ar, out);
		out = NULL;
	} else {
		log_kv(LOG_ERROR, "mapping a text failed", "detail",
		       err_message(rc ? rc : ERR_NOMEM), LOG_END);
		api_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
	}
	json_decref(out);
	json_decref(res);
	json_decref(doc);
	map_result_cleanup(&r);
}
