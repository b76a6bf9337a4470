/*
 * api_tokens.c - GET /api/v1/me: whose token is this? Lets a client check its token and
 * learn the account's id, email address, name and role. Only a bearer token identifies
 * an API caller (see auth.c); without one the route answers 401.
 */
#include "api/api.h"

void api_me(struct app_request *ar)
{
	api_json(ar, 200,
		 json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)ar->user.id, "email",
			   ar->user.email, "name", ar->user.name ? ar->user.name : "", "role",
			   role_name(ar->user.role)));
}
