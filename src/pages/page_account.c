/*
 * page_account.c - registering, logging in and out, and the account page (details,
 * password change, API tokens).
 *
 * Every form here changes something and carries the CSRF token (app.c checks it before
 * any handler runs; for visitors it is the double-submit cookie). Logging in always
 * starts a new session with a new CSRF token. Failed log-ins are counted per email
 * address and per client address: past the limits the answer is 429, and a wrong
 * password and an unknown address get the same words and take as long (an unknown address
 * is checked against a dummy hash).
 */
#include "pages/pages.h"
#include "pages/page_calls.h"

#include "app/auth.h"
#include "core/log.h"
#include "core/text.h"
#include "core/utc.h"
#include "domain/account.h"
#include "pages/fragments.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define LOGIN_WINDOW (15 * 60) /* seconds over which failed log-ins are counted */
#define LOGIN_MAX_PER_EMAIL 5  /* failures per email address in the window */
#define LOGIN_MAX_PER_ADDR 20  /* failures per client address in the window */
#define TOKEN_NAME_MAX 100     /* characters */

/* One labelled input with its hint and error, tied together by aria-describedby. */
struct field {
	const char *id, *name, *label, *type, *autocomplete;
	const char *value; /* NULL for passwords: never sent back */
	const char *hint, *error;
	int required;
	unsigned maxlength, minlength;
	const char *shared_error; /* the id of an error shown elsewhere that concerns it too */
};

static void field(struct app_request *ar, const struct field *f)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<div class=\"field\"><label for=\"");
	html_attr(b, f->id);
	html_raw(b, "\">");
	html_txt(b, f->label);
	html_raw(b, "</label>");
	if (f->hint) {
		html_raw(b, "<p class=\"hint\" id=\"");
		html_attr(b, f->id);
		html_raw(b, "-hint\">");
		html_txt(b, f->hint);
		html_raw(b, "</p>");
	}
	if (f->error) {
		html_raw(b, "<p class=\"error-message\" id=\"");
		html_attr(b, f->id);
		html_raw(b, "-error\">");
		html_txt(b, f->error);
		html_raw(b, "</p>");
	}
	html_raw(b, "<input type=\"");
	html_attr(b, f->type);
	html_raw(b, "\" id=\"");
	html_attr(b, f->id);
	html_raw(b, "\" name=\"");
	html_attr(b, f->name);
	html_raw(b, "\" autocomplete=\"");
	html_attr(b, f->autocomplete);
	html_raw(b, "\"");
	if (f->value) {
		html_raw(b, " value=\"");
		html_attr(b, f->value);
		html_raw(b, "\"");
	}
	if (f->maxlength)
		html_rawf(b, " maxlength=\"%u\"", f->maxlength);
	if (f->minlength)
		html_rawf(b, " minlength=\"%u\"", f->minlength);
	if (f->required)
		html_raw(b, " required");
	if (f->error || f->shared_error)
		html_raw(b, " aria-invalid=\"true\"");
	if (f->hint || f->error || f->shared_error) {
		html_raw(b, " aria-describedby=\"");
		if (f->shared_error)
			html_attr(b, f->shared_error);
		if (f->hint) {
			html_raw(b, f->shared_error ? " " : "");
			html_attr(b, f->id);
			html_raw(b, "-hint");
		}
		if (f->error) {
			html_raw(b, f->hint || f->shared_error ? " " : "");
			html_attr(b, f->id);
			html_raw(b, "-error");
		}
		html_raw(b, "\"");
	}
	html_raw(b, "></div>");
}

/* form_begin opens a POST form to action with its CSRF field. */
static void form_begin(struct app_request *ar, const char *action)
{
	html_raw(&ar->resp->body, "<form method=\"post\" action=\"");
	html_attr(&ar->resp->body, action);
	html_raw(&ar->resp->body, "\">");
	page_csrf_field(ar);
}

static void form_end(struct app_request *ar, const char *button)
{
	html_raw(&ar->resp->body, "<p><button type=\"submit\">");
	html_txt(&ar->resp->body, button);
	html_raw(&ar->resp->body, "</button></p></form>");
}

/* notice writes a message box: kind "good" (role=status) or "bad" (role=alert). */
static void notice(struct app_request *ar, const char *kind, const char *message)
{
	struct buf *b = &ar->resp->body;

	html_rawf(b, "<div class=\"notice %s\" role=\"%s\"><p>", kind,
		  strcmp(kind, "bad") == 0 ? "alert" : "status");
	html_txt(b, message);
	html_raw(b, "</p></div>");
}

/* form_text returns a form field trimmed (a copy in the arena), "" when absent. */
static const char *form_text(struct app_request *ar, const char *name)
{
	const char *v = http_form(ar->req, name);
	char *c = arena_strdup(ar->req->arena, v ? v : "");

	return c ? text_trim(c) : "";
}

/* form_secret returns a password field as typed, "" when absent. */
static const char *form_secret(struct app_request *ar, const char *name)
{
	const char *v = http_form(ar->req, name);

	return v ? v : "";
}

/* safe_next returns next when it is a path on this site, else NULL (no open redirects). */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || strchr(next, '\\'))
		return NULL;
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return NULL;
	return next;
}

static void next_field(struct app_request *ar, const char *next)
{
	if (!next)
		return;
	html_raw(&ar->resp->body, "<input type=\"hidden\" name=\"next\" value=\"");
	html_attr(&ar->resp->body, next);
	html_raw(&ar->resp->body, "\">");
}

static void internal_error(struct app_request *ar, const char *what)
{
	log_kv(LOG_ERROR, what, "detail", store_errmsg(ar->store), (char *)NULL);
	app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
}

/* no_store keeps pages with secrets or personal data out of caches. */
static void no_store(struct app_request *ar)
{
	http_header_add(ar->resp, "Cache-Control", "no-store");
}

/* ---- Log in, log out ---- */

struct login_view {
	const char *email, *next;
	const char *error; /* about both fields: which one is wrong is not told */
	const char *email_error, *password_error; /* a missing value */
};

static void login_render(struct app_request *ar, int status, const struct login_view *v)
{
	struct buf *b = &ar->resp->body;
	struct field email = {.id = "login-email",
			      .name = "email",
			      .label = T(ar, "Email address"),
			      .type = "email",
			      .autocomplete = "email",
			      .value = v->email,
			      .error = v->email_error,
			      .required = 1,
			      .maxlength = ACCOUNT_EMAIL_MAX};
	struct field password = {.id = "login-password",
				 .name = "password",
				 .label = T(ar, "Password"),
				 .type = "password",
				 .autocomplete = "current-password",
				 .error = v->password_error,
				 .required = 1};

	ar->resp->status = status;
	no_store(ar);
	page_begin(ar, T(ar, "Log in"), NAV_ACCOUNT);
	html_raw(b, "<h1>");
	html_txt(b, T(ar, "Log in"));
	html_raw(b, "</h1>");
	form_begin(ar, "/login");
	next_field(ar, v->next);
	if (v->error) {
		html_raw(b, "<p class=\"error-message\" id=\"login-error\" role=\"alert\">");
		html_txt(b, v->error);
		html_raw(b, "</p>");
		email.shared_error = password.shared_error = "login-error";
	}
	field(ar, &email);
	field(ar, &password);
	form_end(ar, T(ar, "Log in"));
	html_raw(b, "<p>");
	html_txt(b, T(ar, "No account yet?"));
	html_raw(b, " <a href=\"/register");
	if (v->next) {
		html_raw(b, "?next=");
		html_url_arg(b, v->next);
	}
	html_raw(b, "\">");
	html_txt(b, T(ar, "Register"));
	html_raw(b, "</a></p>");
	page_end(ar);
}

void page_login(struct app_request *ar)
{
	struct login_view v = {0};

	v.next = safe_next(http_query(ar->req, "next"));
	if (ar->user.id) {
		http_redirect(ar->resp, v.next ? v.next : "/account");
		return;
	}
	login_render(ar, 200, &v);
}

/* failure_keys makes the rate-limit keys of an email address and of the client. */
static int failure_keys(struct app_request *ar, const char *email, char **by_email, char **by_addr)
{
	char *e = arena_sprintf(ar->req->arena, "email:%s", email);

	for (char *p = e; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	*by_email = e;
	*by_addr = arena_sprintf(ar->req->arena, "addr:%s",
				 ar->req->remote_addr ? ar->req->remote_addr : "");
	return e && *by_addr ? 0 : ERR_NOMEM;
}

/*
 * too_many_failures tells (1) whether either key is over its limit in the window, 0 if
 * not, or a negative value when the store fails.
 */
static int too_many_failures(struct app_request *ar, const char *by_email, const char *by_addr)
{
	int64_t since = utc_now() - LOGIN_WINDOW, n_email = 0, n_addr = 0;

	if (store_attempt_count(ar->store, by_email, since, &n_email) ||
	    (by_addr && store_attempt_count(ar->store, by_addr, since, &n_addr)))
		return -1;
	return n_email >= LOGIN_MAX_PER_EMAIL || n_addr >= LOGIN_MAX_PER_ADDR;
}

/* record_failure counts a failed password check against both keys. */
static int record_failure(struct app_request *ar, const char *actor, const char *by_email,
			  const char *by_addr)
{
	int64_t now = utc_now();

	if (store_begin(ar->store))
		return -1;
	if (store_attempt_add(ar->store, by_email, now, "login_failed", actor) ||
	    (by_addr && store_attempt_add(ar->store, by_addr, now, "login_failed", actor)) ||
	    store_commit(ar->store)) {
		store_rollback(ar->store);
		return -1;
	}
	return 0;
}

static void rate_limited(struct app_request *ar)
{
	http_header_add(ar->resp, "Retry-After", "900");
}

/* pwhash_busy answers when no password-hashing slot came free (auth_pwhash_begin). */
static void pwhash_busy(struct app_request *ar)
{
	http_header_add(ar->resp, "Retry-After", "5");
	app_error(ar, 503, "unavailable",
		  T(ar, "The server is busy. Wait a moment, then try again."), NULL);
}

void page_login_post(struct app_request *ar)
{
	const char *password = form_secret(ar, "password"), *hash;
	struct login_view v = {0};
	char *by_email, *by_addr;
	struct store_user u;
	int rc, ok, found;

	v.email = form_text(ar, "email");
	v.next = safe_next(http_form(ar->req, "next"));
	if (!*v.email)
		v.email_error = T(ar, "Enter your email address.");
	if (!*password)
		v.password_error = T(ar, "Enter your password.");
	if (v.email_error || v.password_error) {
		login_render(ar, 400, &v);
		return;
	}
	if (failure_keys(ar, v.email, &by_email, &by_addr)) {
		internal_error(ar, "out of memory");
		return;
	}
	if ((rc = too_many_failures(ar, by_email, by_addr))) {
		if (rc < 0) {
			internal_error(ar, "counting failed log-ins");
			return;
		}
		v.error = T(ar, "Too many failed attempts to log in. Wait 15 minutes, then try "
				"again.");
		rate_limited(ar);
		login_render(ar, 429, &v);
		return;
	}
	rc = store_user_by_email(ar->store, v.email, ar->req->arena, &u);
	if (rc && rc != ERR_NOT_FOUND) {
		internal_error(ar, "reading an account");
		return;
	}
	found = rc == 0 && !u.disabled;
	/* Unknown address: the same work as for a wrong password, so timing tells nothing. */
	hash = found ? u.password_hash : account_dummy_hash();
	if (auth_pwhash_begin(ar->app, AUTH_PWHASH_WAIT_MS)) {
		pwhash_busy(ar);
		return;
	}
	ok = strlen(password) <= ACCOUNT_PASSWORD_MAX && account_password_verify(hash, password);
	if (found && ok && account_password_needs_rehash(u.password_hash)) {
		char fresh[ACCOUNT_HASH_MAX];

		/* A failure here is not the user's problem: the old hash still works. */
		if (account_password_hash(password, fresh) == 0 &&
		    store_user_set_password(ar->store, u.id, fresh, u.email) != 0)
			log_kv(LOG_WARN, "rehashing a password", "detail", store_errmsg(ar->store),
			       (char *)NULL);
	}
	auth_pwhash_end(ar->app);
	if (!found || !ok) {
		if (record_failure(ar, v.email, by_email, by_addr)) {
			internal_error(ar, "recording a failed log-in");
			return;
		}
		v.error = T(ar, "The email address or the password is not right.");
		login_render(ar, 400, &v);
		return;
	}
	if (auth_login(ar, &u)) {
		internal_error(ar, "starting a session");
		return;
	}
	http_redirect(ar->resp, v.next ? v.next : "/");
}

void page_logout(struct app_request *ar)
{
	if (auth_logout(ar)) {
		internal_error(ar, "ending a session");
		return;
	}
	http_redirect(ar->resp, "/");
}

/* ---- Register ---- */

struct register_view {
	const char *name, *email, *organisation, *next;
	const char *name_error, *email_error, *organisation_error, *password_error,
	    *password2_error;
	const char *error; /* about the whole form */
};

static void register_render(struct app_request *ar, int status, const struct register_view *v)
{
	struct buf *b = &ar->resp->body;
	const struct field fields[] = {
	    {.id = "reg-name",
	     .name = "name",
	     .label = T(ar, "Your name"),
	     .type = "text",
	     .autocomplete = "name",
	     .value = v->name,
	     .error = v->name_error,
	     .required = 1},
	    {.id = "reg-email",
	     .name = "email",
	     .label = T(ar, "Email address"),
	     .type = "email",
	     .autocomplete = "email",
	     .value = v->email,
	     .hint = T(ar, "You log in with it. It is not shown to others."),
	     .error = v->email_error,
	     .required = 1,
	     .maxlength = ACCOUNT_EMAIL_MAX},
	    {.id = "reg-organisation",
	     .name = "organisation",
	     .label = T(ar, "Organisation (optional)"),
	     .type = "text",
	     .autocomplete = "organization",
	     .value = v->organisation,
	     .hint = T(ar, "The organisation whose initiatives you will submit."),
	     .error = v->organisation_error},
	    {.id = "reg-password",
	     .name = "password",
	     .label = T(ar, "Password"),
	     .type = "password",
	     .autocomplete = "new-password",
	     .hint = T(ar, "At least 10 characters. A few unrelated words make a good password."),
	     .error = v->password_error,
	     .required = 1,
	     .minlength = ACCOUNT_PASSWORD_MIN},
	    {.id = "reg-password2",
	     .name = "password2",
	     .label = T(ar, "Repeat the password"),
	     .type = "password",
	     .autocomplete = "new-password",
	     .error = v->password2_error,
	     .required = 1,
	     .minlength = ACCOUNT_PASSWORD_MIN},
	};

	ar->resp->status = status;
	no_store(ar);
	page_begin(ar, T(ar, "Register"), NAV_ACCOUNT);
	html_raw(b, "<h1>");
	html_txt(b, T(ar, "Register"));
	html_raw(b, "</h1><p>");
	html_txt(b, T(ar, "With an account you can submit your organisation's initiatives and "
			  "keep them up to date."));
	html_raw(b, "</p>");
	form_begin(ar, "/register");
	next_field(ar, v->next);
	if (v->error) {
		html_raw(b, "<p class=\"error-message\" id=\"register-error\" role=\"alert\">");
		html_txt(b, v->error);
		html_raw(b, "</p>");
	}
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		field(ar, &fields[i]);
	form_end(ar, T(ar, "Create the account"));
	html_raw(b, "<p>");
	html_txt(b, T(ar, "Already registered?"));
	html_raw(b, " <a href=\"/login\">");
	html_txt(b, T(ar, "Log in"));
	html_raw(b, "</a></p>");
	page_end(ar);
}

#define REGISTER_WINDOW 3600 /* seconds over which registrations are counted */

/*
 * register_limited tells (1) whether the client's address has registered
 * cfg.register_per_hour accounts in the last hour, 0 if not (and then counts this
 * attempt), or a negative value when the store fails.
 */
static int register_limited(struct app_request *ar, const char *email)
{
	const char *key = arena_sprintf(ar->req->arena, "register:%s",
					ar->req->remote_addr ? ar->req->remote_addr : "");
	int64_t now = utc_now(), n = 0;

	if (!key || store_attempt_count(ar->store, key, now - REGISTER_WINDOW, &n))
		return -1;
	if (n >= (int64_t)ar->app->cfg.register_per_hour)
		return 1;
	return store_attempt_add(ar->store, key, now, "register_attempt", email) ? -1 : 0;
}

void page_register(struct app_request *ar)
{
	struct register_view v = {0};

	if (ar->user.id) {
		http_redirect(ar->resp, "/account");
		return;
	}
	v.next = safe_next(http_query(ar->req, "next"));
	register_render(ar, 200, &v);
}

/* check_new_password checks a new password and its repetition; 1 when both are fine. */
static int check_new_password(struct app_request *ar, const char *pw, const char *again,
			      const char **pw_error, const char **again_error)
{
	const char *why = account_check_password(pw);

	if (why)
		*pw_error = T(ar, why);
	else if (strcmp(pw, again) != 0)
		*again_error = T(ar, "The two passwords differ: type the same password twice.");
	return !*pw_error && !*again_error;
}

void page_register_post(struct app_request *ar)
{
	const char *pw = form_secret(ar, "password"), *pw2 = form_secret(ar, "password2"), *why;
	char hash[ACCOUNT_HASH_MAX];
	struct register_view v = {0};
	struct store_user u;
	int64_t id;
	int rc, ok;

	v.name = form_text(ar, "name");
	v.email = form_text(ar, "email");
	v.organisation = form_text(ar, "organisation");
	v.next = safe_next(http_form(ar->req, "next"));
	if ((why = account_check_name(v.name, ACCOUNT_NAME_MAX, 1)))
		v.name_error = T(ar, why);
	if ((why = account_check_email(v.email)))
		v.email_error = T(ar, why);
	if ((why = account_check_name(v.organisation, ACCOUNT_ORG_MAX, 0)))
		v.organisation_error = T(ar, why);
	ok = check_new_password(ar, pw, pw2, &v.password_error, &v.password2_error);
	if (!ok || v.name_error || v.email_error || v.organisation_error) {
		register_render(ar, 400, &v);
		return;
	}
	if ((rc = register_limited(ar, v.email))) {
		if (rc < 0) {
			internal_error(ar, "counting registrations");
			return;
		}
		v.error = T(ar, "Too many accounts were registered from your network in the last "
				"hour. Wait an hour, then try again.");
		http_header_add(ar->resp, "Retry-After", "3600");
		register_render(ar, 429, &v);
		return;
	}
	if (auth_pwhash_begin(ar->app, AUTH_PWHASH_WAIT_MS)) {
		pwhash_busy(ar);
		return;
	}
	rc = account_password_hash(pw, hash);
	auth_pwhash_end(ar->app);
	if (rc != 0) {
		pwhash_busy(ar);
		return;
	}
	rc = store_user_create(ar->store, v.email, v.name, hash, "submitter", v.organisation,
			       v.email, &id);
	if (rc == ERR_CONFLICT) {
		v.email_error = T(ar, "An account with this email address already exists. Log in "
				      "instead, or use another address.");
		register_render(ar, 400, &v);
		return;
	}
	if (rc || store_user_by_id(ar->store, id, ar->req->arena, &u) || auth_login(ar, &u)) {
		internal_error(ar, "creating an account");
		return;
	}
	http_redirect(ar->resp, v.next ? v.next : "/account?done=registered");
}

/* ---- The account page ---- */

struct account_view {
	const char *done; /* what was just done, from ?done= */
	const char *current_error, *new_error, *new2_error;
	const char *token_name_error;
	const char *new_token; /* a token just made: shown this once */
};

static const char *role_label(struct app_request *ar, enum role r)
{
	switch (r) {
	case ROLE_ADMIN:
		return T(ar, "Administrator");
	case ROLE_MODERATOR:
		return T(ar, "Moderator");
	case ROLE_SUBMITTER:
		return T(ar, "Submitter");
	default:
		return T(ar, "Visitor");
	}
}

static int token_row(void *ud, const struct store_token *t)
{
	struct app_request *ar = ud;
	struct buf *b = &ar->resp->body;
	const char *name = *t->name ? t->name : T(ar, "(no name)");

	html_raw(b, "<tr><td>");
	html_txt(b, name);
	html_raw(b, "</td><td><time>");
	html_txt(b, t->created_at);
	html_raw(b, "</time></td><td>");
	if (t->last_used_at) {
		html_raw(b, "<time>");
		html_txt(b, t->last_used_at);
		html_raw(b, "</time>");
	} else {
		html_txt(b, T(ar, "never"));
	}
	html_raw(b, "</td><td>");
	if (t->revoked) {
		html_txt(b, T(ar, "revoked"));
	} else {
		form_begin(ar, "/account/tokens/revoke");
		html_rawf(b, "<input type=\"hidden\" name=\"id\" value=\"%" PRId64 "\">", t->id);
		html_raw(b, "<button type=\"submit\" class=\"secondary\" data-confirm=\"");
		html_attr(b, T(ar, "Revoke this token? Programs that use it will stop working."));
		html_raw(b, "\">");
		html_txt(b, T(ar, "Revoke"));
		html_raw(b, "<span class=\"visually-hidden\"> ");
		html_txt(b, name);
		html_raw(b, "</span></button></form>");
	}
	html_raw(b, "</td></tr>");
	return 0;
}

static int count_token(void *ud, const struct store_token *t)
{
	(void)t;
	++*(int64_t *)ud;
	return 0;
}

/* tokens_table lists the user's tokens, each active one with a form to revoke it. */
static void tokens_table(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	const char *const cols[] = {T(ar, "Name"), T(ar, "Created (UTC)"), T(ar, "Last used (UTC)"),
				    T(ar, "Status")};

	page_table_begin(ar, NULL, T(ar, "Your API tokens"), cols, 4, 0);
	if (store_token_list(ar->store, ar->user.id, token_row, ar))
		log_kv(LOG_ERROR, "listing API tokens", "detail", store_errmsg(ar->store),
		       (char *)NULL);
	html_raw(b, "</tbody></table>");
}

static void account_render(struct app_request *ar, int status, const struct account_view *v)
{
	struct buf *b = &ar->resp->body;
	const struct field pw_fields[] = {
	    {.id = "pw-current",
	     .name = "current_password",
	     .label = T(ar, "Current password"),
	     .type = "password",
	     .autocomplete = "current-password",
	     .error = v->current_error,
	     .required = 1},
	    {.id = "pw-new",
	     .name = "new_password",
	     .label = T(ar, "New password"),
	     .type = "password",
	     .autocomplete = "new-password",
	     .hint = T(ar, "At least 10 characters. Your other sessions will be logged out."),
	     .error = v->new_error,
	     .required = 1,
	     .minlength = ACCOUNT_PASSWORD_MIN},
	    {.id = "pw-new2",
	     .name = "new_password2",
	     .label = T(ar, "Repeat the new password"),
	     .type = "password",
	     .autocomplete = "new-password",
	     .error = v->new2_error,
	     .required = 1,
	     .minlength = ACCOUNT_PASSWORD_MIN},
	};
	const struct field token_field = {
	    .id = "token-name",
	    .name = "name",
	    .label = T(ar, "Name of the new token"),
	    .type = "text",
	    .autocomplete = "off",
	    .hint = T(ar, "What will use it, for example \"nightly export\"."),
	    .maxlength = TOKEN_NAME_MAX,
	    .error = v->token_name_error};
	struct store_user u;
	int64_t ntokens = 0;

	if (store_user_by_id(ar->store, ar->user.id, ar->req->arena, &u)) {
		internal_error(ar, "reading an account");
		return;
	}
	ar->resp->status = status;
	no_store(ar);
	page_begin(ar, T(ar, "Your account"), NAV_ACCOUNT);
	html_raw(b, "<h1>");
	html_txt(b, T(ar, "Your account"));
	html_raw(b, "</h1>");
	if (v->done)
		notice(ar, "good", v->done);
	if (v->new_token) {
		html_raw(b, "<div class=\"notice good\" role=\"status\"><p>");
		html_txt(b, T(ar, "Your new API token:"));
		html_raw(b, "</p><p><code class=\"token\">");
		html_txt(b, v->new_token);
		html_raw(b, "</code></p><p>");
		html_txt(b, T(ar, "Copy it now: it is shown only this once. Programs send it in "
				  "the header \"Authorization: Bearer\" followed by the token."));
		html_raw(b, "</p></div>");
	}
	html_raw(b, "<h2>");
	html_txt(b, T(ar, "Your details"));
	html_raw(b, "</h2><dl><dt>");
	html_txt(b, T(ar, "Name"));
	html_raw(b, "</dt><dd>");
	html_txt(b, u.name);
	html_raw(b, "</dd><dt>");
	html_txt(b, T(ar, "Email address"));
	html_raw(b, "</dt><dd>");
	html_txt(b, u.email);
	html_raw(b, "</dd><dt>");
	html_txt(b, T(ar, "Role"));
	html_raw(b, "</dt><dd>");
	html_txt(b, role_label(ar, ar->user.role));
	html_raw(b, "</dd>");
	if (u.organisation) {
		html_raw(b, "<dt>");
		html_txt(b, T(ar, "Organisation"));
		html_raw(b, "</dt><dd>");
		html_txt(b, u.organisation);
		html_raw(b, "</dd>");
	}
	html_raw(b, "</dl>");
	/* calls for inputs: deadline changes (page_calls.c); a bad ?cursor= is answered there */
	if (page_account_notifications(ar))
		return;
	html_raw(b, "<h2>");
	html_txt(b, T(ar, "Change your password"));
	html_raw(b, "</h2>");
	form_begin(ar, "/account/password");
	for (size_t i = 0; i < sizeof pw_fields / sizeof *pw_fields; i++)
		field(ar, &pw_fields[i]);
	form_end(ar, T(ar, "Change the password"));
	html_raw(b, "<h2>");
	html_txt(b, T(ar, "API tokens"));
	html_raw(b, "</h2><p>");
	html_txt(b, T(ar, "Programs use a token to reach the JSON API as you. Treat it like a "
			  "password; revoke it when it is no longer needed."));
	html_raw(b, "</p>");
	if (store_token_list(ar->store, ar->user.id, count_token, &ntokens)) {
		internal_error(ar, "listing API tokens");
		return;
	}
	if (ntokens == 0) {
		html_raw(b, "<p>");
		html_txt(b, T(ar, "You have no API tokens."));
		html_raw(b, "</p>");
	} else {
		tokens_table(ar);
	}
	html_raw(b, "<h3>");
	html_txt(b, T(ar, "Create a token"));
	html_raw(b, "</h3>");
	form_begin(ar, "/account/tokens");
	field(ar, &token_field);
	form_end(ar, T(ar, "Create a token"));
	page_end(ar);
}

void page_account(struct app_request *ar)
{
	struct account_view v = {0};
	const char *done = http_query(ar->req, "done");

	/* Only messages of our own: nothing from the address is shown. */
	if (done && strcmp(done, "password") == 0)
		v.done = T(ar, "Your password has been changed, and your other sessions have "
			       "been logged out.");
	else if (done && strcmp(done, "revoked") == 0)
		v.done = T(ar, "The token has been revoked.");
	else if (done && strcmp(done, "registered") == 0)
		v.done = T(ar, "Welcome! Your account has been created and you are logged in.");
	account_render(ar, 200, &v);
}

void page_account_password(struct app_request *ar)
{
	const char *current = form_secret(ar, "current_password"),
		   *pw = form_secret(ar, "new_password"), *pw2 = form_secret(ar, "new_password2");
	char hash[ACCOUNT_HASH_MAX], *by_email, *by_addr;
	struct account_view v = {0};
	struct store_user u;
	int rc, good, hashed = 0;

	if (store_user_by_id(ar->store, ar->user.id, ar->req->arena, &u) ||
	    failure_keys(ar, u.email, &by_email, &by_addr)) {
		internal_error(ar, "reading an account");
		return;
	}
	/* Guessing the current password here is rate-limited like logging in. */
	if ((rc = too_many_failures(ar, by_email, NULL))) {
		if (rc < 0) {
			internal_error(ar, "counting failed log-ins");
			return;
		}
		v.current_error =
		    T(ar, "Too many wrong passwords. Wait 15 minutes, then try again.");
		rate_limited(ar);
		account_render(ar, 429, &v);
		return;
	}
	check_new_password(ar, pw, pw2, &v.new_error, &v.new2_error);
	if (!*current) {
		v.current_error = T(ar, "Enter your current password.");
	} else {
		/* One password-hashing slot for checking the old password and hashing the new. */
		if (auth_pwhash_begin(ar->app, AUTH_PWHASH_WAIT_MS)) {
			pwhash_busy(ar);
			return;
		}
		good = strlen(current) <= ACCOUNT_PASSWORD_MAX &&
		       account_password_verify(u.password_hash, current);
		hashed =
		    good && !v.new_error && !v.new2_error && account_password_hash(pw, hash) == 0;
		auth_pwhash_end(ar->app);
		if (!good) {
			if (record_failure(ar, u.email, by_email, by_addr)) {
				internal_error(ar, "recording a failed log-in");
				return;
			}
			v.current_error = T(ar, "The current password is not right.");
		}
	}
	if (v.current_error || v.new_error || v.new2_error) {
		account_render(ar, 400, &v);
		return;
	}
	if (!hashed) {
		pwhash_busy(ar);
		return;
	}
	/* The new password and the end of every other session, together or not at all. */
	if (store_begin(ar->store) || store_user_set_password(ar->store, u.id, hash, u.email) ||
	    store_session_delete_user(ar->store, u.id, ar->session_hash, u.email) ||
	    store_commit(ar->store)) {
		store_rollback(ar->store);
		internal_error(ar, "changing a password");
		return;
	}
	http_redirect(ar->resp, "/account?done=password");
}

void page_account_tokens(struct app_request *ar)
{
	const char *name = form_text(ar, "name"), *why, *token;
	struct account_view v = {0};

	if (text_utf8_len(name) > TOKEN_NAME_MAX)
		v.token_name_error = T(ar, "The name is too long: at most 100 characters.");
	else if ((why = account_check_name(name, TOKEN_NAME_MAX, 0)))
		v.token_name_error = T(ar, why);
	if (v.token_name_error) {
		account_render(ar, 400, &v);
		return;
	}
	if (auth_token_create(ar->store, ar->req->arena, ar->user.id, name, ar->user.email,
			      &token)) {
		internal_error(ar, "creating an API token");
		return;
	}
	/* Shown in this response only: no redirect could carry it without storing it. */
	v.new_token = token;
	account_render(ar, 200, &v);
}

void page_account_token_revoke(struct app_request *ar)
{
	const char *id = http_form(ar->req, "id");
	long long n;
	char *end;
	int rc;

	errno = 0;
	n = id ? strtoll(id, &end, 10) : 0;
	if (!id || errno || *end || end == id || n <= 0) {
		app_error(ar, 400, "invalid", T(ar, "Which token? The form is missing its number."),
			  "id");
		return;
	}
	rc = store_token_revoke(ar->store, ar->user.id, n, ar->user.email);
	if (rc == ERR_NOT_FOUND) {
		app_error(ar, 404, "not_found", T(ar, "You have no API token with this number."),
			  "id");
		return;
	}
	if (rc) {
		internal_error(ar, "revoking an API token");
		return;
	}
	http_redirect(ar->resp, "/account?done=revoked");
}
