/*
 * initiative_access.c - loading one initiative for the caller of a request, with the
 * visibility rule applied (see initiative_access.h).
 */
#include "app/initiative_access.h"

#include "core/log.h"

#include <stdlib.h>
#include <string.h>

int initiative_visible(const struct app_request *ar, const struct store_ini_access *acc)
{
	if (acc->state && strcmp(acc->state, "published") == 0)
		return 1;
	if (ar->user.role >= ROLE_MODERATOR)
		return 1;
	return ar->user.id != 0 && acc->submitted_by == ar->user.id;
}

int64_t initiative_parse_id(const char *s)
{
	int64_t v = 0;

	if (!s || !*s || *s == '0' || strlen(s) > 18)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

void initiative_not_found(struct app_request *ar)
{
	app_error(ar, 404, "not_found", T(ar, "There is no initiative with this number."), NULL);
}

struct submission_actor initiative_actor(const struct app_request *ar)
{
	struct submission_actor who = {.user_id = ar->user.id,
				       .email = ar->user.email,
				       .moderator = ar->user.role >= ROLE_MODERATOR};
	return who;
}

int initiative_load(struct app_request *ar, struct initiative *ini, struct store_ini_access *acc)
{
	struct arena *a = ar->req->arena;
	int64_t id = initiative_parse_id(ar->route_arg);
	int rc;

	if (!id) {
		initiative_not_found(ar);
		return ERR_NOT_FOUND;
	}
	rc = store_initiative_access(ar->store, id, a, acc);
	if (!rc && !initiative_visible(ar, acc))
		rc = ERR_NOT_FOUND;
	if (!rc)
		rc = store_initiative_get(ar->store, id, a, ini);
	if (rc == ERR_NOT_FOUND) {
		initiative_not_found(ar);
	} else if (rc) {
		log_kv(LOG_ERROR, "reading an initiative failed", "detail", store_errmsg(ar->store),
		       LOG_END);
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
	}
	return rc;
}
