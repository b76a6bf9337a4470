/*
 * api.c - JSON responses and errors.
 */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

void api_json(struct app_request *ar, int status, json_t *v)
{
	char *s;

	ar->resp->status = status;
	ar->resp->content_type = "application/json";
	buf_reset(&ar->resp->body);
	s = v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(v);
	if (!s) {
		ar->resp->status = 500;
		buf_puts(&ar->resp->body,
			 "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}");
		return;
	}
	buf_puts(&ar->resp->body, s);
	buf_putc(&ar->resp->body, '\n');
	free(s);
}

void api_error(struct app_request *ar, int status, const char *code, const char *message,
	       const char *field)
{
	json_t *err = json_pack("{s:s, s:s}", "code", code, "message", message);

	if (err && field)
		json_object_set_new(err, "field", json_string(field));
	api_json(ar, status, json_pack("{s:o}", "error", err));
}

json_t *api_tag_codes(const struct initiative *ini, const char *scheme, int numeric)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < ini->ntags; i++) {
		const struct tag *t = &ini->tags[i];

		if (strcmp(t->scheme, scheme) != 0)
			continue;
		json_array_append_new(a, numeric ? json_integer(strtol(t->code, NULL, 10))
						 : json_string(t->code));
	}
	return a;
}
