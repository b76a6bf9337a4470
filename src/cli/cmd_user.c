/*
 * cmd_user.c - `stocktake user` (add, passwd, list, role, disable, enable) and `stocktake token` (create,
 * list, revoke): accounts and API tokens from the command line.
 *
 * Passwords are read from the terminal without echo (asked twice), or as one line from
 * standard input with --password-stdin; they are checked by the same rules as on the web
 * (domain/account.h), hashed with argon2id, and wiped from memory after use. Every change
 * is audited with the actor "cli".
 */
#include "cli/cli.h"

#include "app/app.h"
#include "app/auth.h"
#include "cli/cli_i18n.h"
#include "core/i18n.h"
#include "core/text.h"
#include "domain/account.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define ACTOR "cli"
/* A password line: the longest password, a CR, an LF and the NUL. */
#define PW_BUF (ACCOUNT_PASSWORD_MAX + 3)

struct user_opts {
	const char *role, *name;
	int password_stdin, json;
};

/* chomp removes a trailing LF or CRLF; returns whether there was an LF. */
static int chomp(char *s)
{
	size_t n = strlen(s);
	int lf = n && s[n - 1] == '\n';

	if (lf)
		s[--n] = '\0';
	if (n && s[n - 1] == '\r')
		s[--n] = '\0';
	return lf;
}

/* read_stdin_password reads one line from standard input into pw; 0 or -1 (reported). */
static int read_stdin_password(char pw[PW_BUF])
{
	if (!fgets(pw, PW_BUF, stdin)) {
		cli_error(_("no password on standard input"));
		return -1;
	}
	if (!chomp(pw) && !feof(stdin)) {
		cli_error(_("the password is too long: use at most %d bytes"),
			  ACCOUNT_PASSWORD_MAX);
		return -1;
	}
	return 0;
}

/* tty_read shows prompt on the terminal fd and reads a line into pw without echo. */
static int tty_read(int fd, const char *prompt, char pw[PW_BUF])
{
	struct termios old, quiet;
	size_t n = 0;
	int rc = 0;
	char c;

	if (tcgetattr(fd, &old) != 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0)
		return -1;
	if (write(fd, prompt, strlen(prompt)) < 0)
		rc = -1;
	for (;;) {
		ssize_t r = rc ? 0 : read(fd, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n')
			break;
		if (n + 1 < PW_BUF)
			pw[n++] = c;
		else
			n = PW_BUF; /* too long: remember, keep reading the line */
	}
	tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0)
		rc = -1;
	if (n >= PW_BUF) {
		pw[0] = '\0';
		cli_error(_("the password is too long: use at most %d bytes"),
			  ACCOUNT_PASSWORD_MAX);
		return -2;
	}
	pw[n] = '\0';
	chomp(pw);
	return rc;
}

/* ask_password asks for the password of email twice on the terminal; 0 or -1 (reported). */
static int ask_password(const char *email, char pw[PW_BUF])
{
	char again[PW_BUF], prompt[400];
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC), rc;

	if (fd < 0) {
		cli_error(
		    _("there is no terminal to ask for the password on: use --password-stdin"));
		return -1;
	}
	snprintf(prompt, sizeof prompt, _("New password for %s: "), email);
	rc = tty_read(fd, prompt, pw);
	if (rc == 0)
		rc = tty_read(fd, _("Repeat the password: "), again);
	close(fd);
	if (rc == 0 && strcmp(pw, again) != 0) {
		cli_error(_("the two passwords differ: nothing was changed"));
		rc = -2;
	} else if (rc == -1) {
		cli_error(_("cannot read the password from the terminal: use --password-stdin"));
	}
	sodium_memzero(again, sizeof again);
	return rc ? -1 : 0;
}

/*
 * new_password_hash reads a password (stdin or terminal), checks it and hashes it into
 * hash; 0 or -1 (reported). The password itself does not outlive the call.
 */
static int new_password_hash(const char *email, int from_stdin, char hash[ACCOUNT_HASH_MAX])
{
	char pw[PW_BUF];
	const char *why;
	int rc = -1;

	if ((from_stdin ? read_stdin_password(pw) : ask_password(email, pw)) != 0)
		goto out;
	if ((why = account_check_password(pw))) {
		cli_error("%s", _(why));
		goto out;
	}
	if (account_password_hash(pw, hash) != 0) {
		cli_error(_("not enough memory to hash the password"));
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(pw, sizeof pw);
	return rc;
}

/* find_user reads the account of email into u, or reports that there is none. */
static int find_user(struct store *s, const char *email, struct arena *a, struct store_user *u)
{
	int rc = store_user_by_email(s, email, a, u);

	if (rc == ERR_NOT_FOUND)
		cli_error(_("there is no account with the email address %s"), email);
	else if (rc)
		cli_error("%s", store_errmsg(s));
	return rc;
}

/* parse_opts reads the options of a subcommand (argv[0] is its name); -1 after a usage error. */
static int parse_opts(const char *cmd, int argc, char **argv, struct user_opts *o)
{
	static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
					     {"name", required_argument, NULL, 'n'},
					     {"password-stdin", no_argument, NULL, 'p'},
					     {"json", no_argument, NULL, 'j'},
					     {0}};
	int ch;

	memset(o, 0, sizeof *o);
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'r')
			o->role = optarg;
		else if (ch == 'n')
			o->name = optarg;
		else if (ch == 'p')
			o->password_stdin = 1;
		else if (ch == 'j')
			o->json = 1;
		else {
			cli_bad_option(cmd, argv, "");
			return -1;
		}
	}
	return 0;
}

/* want_args checks that exactly n arguments follow the options. */
static int want_args(const char *cmd, int argc, int n)
{
	if (argc - optind < n) {
		cli_usage_error(cmd, _("missing argument"));
		return -1;
	}
	if (argc - optind > n) {
		cli_usage_error(cmd, _("too many arguments"));
		return -1;
	}
	return 0;
}

/* An action on one account: it says why when it fails (CLI_FAIL), else CLI_OK. */
typedef int (*user_act)(struct store *s, struct arena *a, const struct store_user *u, void *ud);

/*
 * on_user opens the database (flags for cli_open), finds the account of email and runs act
 * on it, then closes both: act's result, or CLI_FAIL (said) when the database cannot be
 * opened or there is no such account.
 */
static int on_user(struct cli *cli, int flags, const char *email, user_act act, void *ud)
{
	struct store *s;
	struct store_user u;
	struct arena a;
	int rc = CLI_FAIL;

	arena_init(&a, 0);
	if ((s = cli_open(cli, flags)) && !find_user(s, email, &a, &u))
		rc = act(s, &a, &u, ud);
	store_close(s);
	arena_cleanup(&a);
	return rc;
}

/* store_failed says the store's last message; CLI_FAIL. */
static int store_failed(struct store *s)
{
	cli_error("%s", store_errmsg(s));
	return CLI_FAIL;
}

static int user_add(struct cli *cli, int argc, char **argv)
{
	char hash[ACCOUNT_HASH_MAX];
	struct store *s = NULL;
	struct user_opts o;
	const char *email, *why;
	int rc;

	if (parse_opts("user", argc, argv, &o) || want_args("user", argc, 1))
		return CLI_USAGE;
	email = argv[optind];
	if (!o.role)
		return cli_usage_error("user",
				       _("--role is required: submitter, moderator or admin"));
	if (role_parse(o.role) < 0)
		return cli_usage_error(
		    "user", _("unknown role \"%s\": use submitter, moderator or admin"), o.role);
	if ((why = account_check_email(email))) {
		cli_error("%s", _(why));
		return CLI_FAIL;
	}
	if ((why = account_check_name(o.name, ACCOUNT_NAME_MAX, 0))) {
		cli_error("%s", _(why));
		return CLI_FAIL;
	}
	if (!(s = cli_open(cli, 0)))
		return CLI_FAIL;
	if (new_password_hash(email, o.password_stdin, hash) != 0) {
		store_close(s);
		return CLI_FAIL;
	}
	rc = store_user_create(s, email, o.name, hash, o.role, NULL, ACTOR, NULL);
	if (rc == ERR_CONFLICT)
		cli_error(_("an account with the email address %s already exists"), email);
	else if (rc)
		cli_error("%s", store_errmsg(s));
	else
		printf(_("created the account %s (%s)\n"), email, o.role);
	store_close(s);
	return rc ? CLI_FAIL : CLI_OK;
}

static int passwd_act(struct store *s, struct arena *a, const struct store_user *u, void *ud)
{
	const struct user_opts *o = ud;
	char hash[ACCOUNT_HASH_MAX];

	(void)a;
	if (new_password_hash(u->email, o->password_stdin, hash))
		return CLI_FAIL;
	/* A new password ends every session: whoever knew the old one is logged out. */
	if (store_begin(s) || store_user_set_password(s, u->id, hash, ACTOR) ||
	    store_session_delete_user(s, u->id, NULL, ACTOR) || store_commit(s)) {
		cli_error("%s", store_errmsg(s));
		store_rollback(s);
		return CLI_FAIL;
	}
	printf(_("changed the password of %s and ended its sessions\n"), u->email);
	return CLI_OK;
}

static int user_passwd(struct cli *cli, int argc, char **argv)
{
	struct user_opts o;

	if (parse_opts("user", argc, argv, &o) || want_args("user", argc, 1))
		return CLI_USAGE;
	return on_user(cli, 0, argv[optind], passwd_act, &o);
}
struct list_ctx {
	json_t *array;
};

static int list_one(void *ud, const struct store_user *u)
{
	struct list_ctx *c = ud;

	if (c->array) {
		json_t *o = json_pack(
		    "{s:I, s:s, s:s, s:s, s:s?, s:b, s:s}", "id", (json_int_t)u->id, "email",
		    u->email, "name", u->name ? u->name : "", "role", u->role, "organisation",
		    u->organisation, "disabled", u->disabled, "created_at", u->created_at);
		return o ? json_array_append_new(c->array, o) : ERR_NOMEM;
	}
	printf("%-36s %-10s %s%s\n", u->email, u->role, u->name ? u->name : "",
	       u->disabled ? _(" (disabled)") : "");
	return 0;
}

static int user_list(struct cli *cli, int argc, char **argv)
{
	struct list_ctx c = {NULL};
	struct user_opts o;
	struct store *s;
	int rc;

	if (parse_opts("user", argc, argv, &o) || want_args("user", argc, 0))
		return CLI_USAGE;
	if (!(s = cli_open(cli, STORE_READONLY)))
		return CLI_FAIL;
	if (o.json && !(c.array = json_array())) {
		store_close(s);
		return CLI_FAIL;
	}
	rc = store_user_list(s, list_one, &c);
	if (rc)
		cli_error("%s", rc == ERR_NOMEM ? _("out of memory") : store_errmsg(s));
	else if (c.array) {
		json_dumpf(c.array, stdout, JSON_INDENT(2));
		putchar('\n');
	}
	json_decref(c.array);
	store_close(s);
	return rc ? CLI_FAIL : CLI_OK;
}

static int role_act(struct store *s, struct arena *a, const struct store_user *u, void *ud)
{
	const char *role = ud;

	(void)a;
	if (store_user_set_role(s, u->id, role, ACTOR))
		return store_failed(s);
	printf(_("%s is now %s\n"), u->email, role);
	return CLI_OK;
}

static int user_role(struct cli *cli, int argc, char **argv)
{
	struct user_opts o;
	const char *role;

	if (parse_opts("user", argc, argv, &o) || want_args("user", argc, 2))
		return CLI_USAGE;
	role = argv[optind + 1];
	if (role_parse(role) < 0)
		return cli_usage_error(
		    "user", _("unknown role \"%s\": use submitter, moderator or admin"), role);
	return on_user(cli, 0, argv[optind], role_act, (void *)role);
}
/* user_disable is `user disable EMAIL` (disabled = 1) and `user enable EMAIL` (0). */
static int disable_act(struct store *s, struct arena *a, const struct store_user *u, void *ud)
{
	int disabled = *(const int *)ud;

	(void)a;
	if (store_user_set_disabled(s, u->id, disabled, ACTOR))
		return store_failed(s);
	printf(disabled ? _("%s is disabled: its sessions have ended and it can no longer log "
			    "in or use its API tokens\n")
			: _("%s is enabled again\n"),
	       u->email);
	return CLI_OK;
}

static int user_disable(struct cli *cli, int argc, char **argv, int disabled)
{
	struct user_opts o;

	if (parse_opts("user", argc, argv, &o) || want_args("user", argc, 1))
		return CLI_USAGE;
	return on_user(cli, 0, argv[optind], disable_act, &disabled);
}
int cmd_user(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub)
		return cli_usage_error("user",
				       _("which one: add, passwd, list, role, disable or enable?"));
	if (strcmp(sub, "add") == 0)
		return user_add(cli, argc - 1, argv + 1);
	if (strcmp(sub, "passwd") == 0)
		return user_passwd(cli, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return user_list(cli, argc - 1, argv + 1);
	if (strcmp(sub, "role") == 0)
		return user_role(cli, argc - 1, argv + 1);
	if (strcmp(sub, "disable") == 0)
		return user_disable(cli, argc - 1, argv + 1, 1);
	if (strcmp(sub, "enable") == 0)
		return user_disable(cli, argc - 1, argv + 1, 0);
	return cli_usage_error("user", _("unknown subcommand \"%s\""), sub);
}

static int token_create_act(struct store *s, struct arena *a, const struct store_user *u, void *ud)
{
	const struct user_opts *o = ud;
	const char *token;

	if (auth_token_create(s, a, u->id, o->name ? o->name : "", ACTOR, &token))
		return store_failed(s);
	/* The token alone on standard output, so that scripts can take it. */
	printf("%s\n", token);
	fprintf(stderr, _("stocktake: API token created for %s; it is shown only this once\n"),
		u->email);
	return CLI_OK;
}

static int token_create(struct cli *cli, int argc, char **argv)
{
	struct user_opts o;
	const char *why;

	if (parse_opts("token", argc, argv, &o) || want_args("token", argc, 1))
		return CLI_USAGE;
	if ((why = account_check_name(o.name, ACCOUNT_NAME_MAX, 0))) {
		cli_error("%s", _(why));
		return CLI_FAIL;
	}
	return on_user(cli, 0, argv[optind], token_create_act, &o);
}
static int token_one(void *ud, const struct store_token *t)
{
	json_t *array = ud;

	if (array) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:s?, s:b}", "id", (json_int_t)t->id, "name",
				      t->name, "created_at", t->created_at, "last_used_at",
				      t->last_used_at, "revoked", t->revoked);
		return o ? json_array_append_new(array, o) : ERR_NOMEM;
	}
	printf("%-6" PRId64 " %-20s %-20s %s\n", t->id, t->created_at,
	       t->revoked        ? _("revoked")
	       : t->last_used_at ? t->last_used_at
				 : _("never used"),
	       t->name);
	return 0;
}

static int token_list_act(struct store *s, struct arena *a, const struct store_user *u, void *ud)
{
	const struct user_opts *o = ud;
	json_t *array = NULL;
	int rc = CLI_FAIL;

	(void)a;
	if (o->json && !(array = json_array()))
		return CLI_FAIL;
	if (store_token_list(s, u->id, token_one, array)) {
		rc = store_failed(s);
	} else {
		if (array) {
			json_dumpf(array, stdout, JSON_INDENT(2));
			putchar('\n');
		}
		rc = CLI_OK;
	}
	json_decref(array);
	return rc;
}

static int token_list(struct cli *cli, int argc, char **argv)
{
	struct user_opts o;

	if (parse_opts("token", argc, argv, &o) || want_args("token", argc, 1))
		return CLI_USAGE;
	return on_user(cli, STORE_READONLY, argv[optind], token_list_act, &o);
}
static int token_revoke_act(struct store *s, struct arena *a, const struct store_user *u, void *ud)
{
	long long id = *(const long long *)ud;
	int rc;

	(void)a;
	if ((rc = store_token_revoke(s, u->id, id, ACTOR))) {
		if (rc != ERR_NOT_FOUND)
			return store_failed(s);
		cli_error(_("%s has no API token number %lld"), u->email, id);
		return CLI_FAIL;
	}
	printf(_("revoked API token %lld of %s\n"), id, u->email);
	return CLI_OK;
}

static int token_revoke(struct cli *cli, int argc, char **argv)
{
	struct user_opts o;
	char *end;
	long long id;

	if (parse_opts("token", argc, argv, &o) || want_args("token", argc, 2))
		return CLI_USAGE;
	errno = 0;
	id = strtoll(argv[optind + 1], &end, 10);
	if (errno || *end || end == argv[optind + 1] || id <= 0)
		return cli_usage_error("token",
				       _("\"%s\" is not a token number (see `token list`)"),
				       argv[optind + 1]);
	return on_user(cli, 0, argv[optind], token_revoke_act, &id);
}
int cmd_token(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub)
		return cli_usage_error("token", _("which one: create, list or revoke?"));
	if (strcmp(sub, "create") == 0)
		return token_create(cli, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return token_list(cli, argc - 1, argv + 1);
	if (strcmp(sub, "revoke") == 0)
		return token_revoke(cli, argc - 1, argv + 1);
	return cli_usage_error("token", _("unknown subcommand \"%s\""), sub);
}
