/*
 * initiative_access.h - who may see an initiative, decided once for the page and the API,
 * and what else the pages and the API say the same way about one initiative: its id in a
 * URL, the answer when there is none, and the caller as the submission service's actor.
 *
 * A published initiative is public. Any other state (draft, submitted, rejected, archived)
 * is visible only to the account that submitted it and to moderators; to everyone else it
 * does not exist (404), so its existence is not revealed.
 */
#ifndef STOCKTAKE_APP_INITIATIVE_ACCESS_H
#define STOCKTAKE_APP_INITIATIVE_ACCESS_H

#include "app/app.h"
#include "io/submission.h"

/* initiative_visible tells whether the caller of ar may see an initiative with acc. */
int initiative_visible(const struct app_request *ar, const struct store_ini_access *acc);

/*
 * initiative_load reads the initiative whose id is ar->route_arg (a positive decimal
 * number) into *ini and *acc, strings in the request's arena. When the id is malformed,
 * there is no such initiative or the caller may not see it, it answers 404 (HTML or JSON
 * by route), on a store failure 500, and returns non-zero; the handler then just returns.
 */
int initiative_load(struct app_request *ar, struct initiative *ini, struct store_ini_access *acc);

/*
 * initiative_parse_id reads an initiative's id as it comes in a path or a query: a positive
 * decimal number without sign, leading zeros or trailing text; 0 when s is not one (or NULL).
 */
int64_t initiative_parse_id(const char *s);
/* initiative_not_found answers 404 for an initiative that does not exist (HTML or JSON). */
void initiative_not_found(struct app_request *ar);
/* initiative_actor is the caller of ar as the submission service knows it. */
struct submission_actor initiative_actor(const struct app_request *ar);

#endif
