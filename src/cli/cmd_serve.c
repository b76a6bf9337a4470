/*
 * cmd_serve.c - `stocktake serve`: the web platform and the JSON API.
 *
 * Settings come from a configuration file (--config, INI), then the environment, then the
 * command line, each overriding the one before.
 *
 * The mapping model (`model` setting, STOCKTAKE_MODEL, --model; else where `stocktake map`
 * looks: map_model_find) is opened once here and shared by every request. A model that
 * cannot be loaded is not fatal: the server starts with a warning, and only tag suggestions
 * and /api/v1/map are unavailable.
 */
#include "cli/cli.h"

#include "app/app.h"
#include "cli/cli_i18n.h"
#include "core/i18n.h"
#include "core/log.h"
#include "http/server.h"
#include "mapping/mapping.h"
#include "report/report_render.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <ini.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define CSP                                                                               \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "       \
	"form-action 'self'; frame-ancestors 'none'"

struct serve_settings {
	char listen[128];
	unsigned threads;
	int secure_cookies;
	int access_log;
	int search_cache;
	size_t max_body;
	unsigned pwhash_slots, register_per_hour;
	char db[4096];
	char locale_dir[4096];
	char model[4096];                       /* "" : map_model_find's default */
	char base_url[REPORT_BASE_URL_MAX + 1]; /* "" : none */
};

/* parse_listen splits "ADDR:PORT" or "[v6]:PORT" (or just "PORT"). */
static int parse_listen(const char *s, char *addr, size_t addrlen, unsigned *port)
{
	const char *colon = strrchr(s, ':');
	char *end;
	unsigned long p;

	if (!colon) {
		snprintf(addr, addrlen, "127.0.0.1");
		colon = s - 1;
	} else if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close + 1 != colon)
			return -1;
		snprintf(addr, addrlen, "%.*s", (int)(close - s - 1), s + 1);
	} else {
		snprintf(addr, addrlen, "%.*s", (int)(colon - s), s);
	}
	errno = 0;
	p = strtoul(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || p > 65535)
		return -1;
	*port = (unsigned)p;
	return 0;
}

static int parse_uint(const char *v, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || end == v || n > max)
		return -1;
	*out = n;
	return 0;
}

static int parse_bool(const char *v)
{
	return v && (strcasecmp(v, "1") == 0 || strcasecmp(v, "true") == 0 ||
		     strcasecmp(v, "yes") == 0 || strcasecmp(v, "on") == 0);
}

/* apply sets one setting by name; returns 0, or -1 for a bad value or unknown name. */
static int apply(struct serve_settings *st, const char *name, const char *value)
{
	unsigned long n;

	if (strcmp(name, "listen") == 0) {
		snprintf(st->listen, sizeof st->listen, "%s", value);
	} else if (strcmp(name, "threads") == 0) {
		if (parse_uint(value, APP_MAX_THREADS, &n) || n == 0)
			return -1;
		st->threads = (unsigned)n;
	} else if (strcmp(name, "secure_cookies") == 0) {
		st->secure_cookies = parse_bool(value);
	} else if (strcmp(name, "access_log") == 0) {
		st->access_log = parse_bool(value);
	} else if (strcmp(name, "search_cache") == 0) {
		st->search_cache = parse_bool(value);
	} else if (strcmp(name, "max_body") == 0) {
		if (parse_uint(value, 64ul << 20, &n) || n < 1024)
			return -1;
		st->max_body = n;
	} else if (strcmp(name, "pwhash_slots") == 0) {
		if (parse_uint(value, 256, &n) || n == 0)
			return -1;
		st->pwhash_slots = (unsigned)n;
	} else if (strcmp(name, "register_per_hour") == 0) {
		if (parse_uint(value, 1000000, &n) || n == 0)
			return -1;
		st->register_per_hour = (unsigned)n;
	} else if (strcmp(name, "db") == 0) {
		snprintf(st->db, sizeof st->db, "%s", value);
	} else if (strcmp(name, "locale_dir") == 0) {
		snprintf(st->locale_dir, sizeof st->locale_dir, "%s", value);
	} else if (strcmp(name, "model") == 0) {
		snprintf(st->model, sizeof st->model, "%s", value);
	} else if (strcmp(name, "base_url") == 0) {
		if (report_base_url(value, st->base_url))
			return -1;
	} else {
		return -1;
	}
	return 0;
}

struct ini_ctx {
	struct serve_settings *st;
	const char *path;
	int failed;
};

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
	struct ini_ctx *c = user;

	(void)section; /* [server] and [database] are both accepted; names are unique */
	if (apply(c->st, name, value) != 0) {
		cli_error(_("%s: bad setting %s = %s"), c->path, name, value);
		c->failed = 1;
		return 0;
	}
	return 1;
}

static void apply_env(struct serve_settings *st)
{
	static const struct {
		const char *env, *name;
	} vars[] = {{"STOCKTAKE_LISTEN", "listen"},
		    {"STOCKTAKE_THREADS", "threads"},
		    {"STOCKTAKE_SECURE_COOKIES", "secure_cookies"},
		    {"STOCKTAKE_ACCESS_LOG", "access_log"},
		    {"STOCKTAKE_LOCALEDIR", "locale_dir"},
		    {"STOCKTAKE_MODEL", "model"},
		    {"STOCKTAKE_PWHASH_SLOTS", "pwhash_slots"},
		    {"STOCKTAKE_REGISTER_PER_HOUR", "register_per_hour"},
		    {"STOCKTAKE_BASE_URL", "base_url"},
		    {"STOCKTAKE_SEARCH_CACHE", "search_cache"}};

	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i].env);
		if (v && *v && apply(st, vars[i].name, v) != 0)
			cli_error(_("ignoring %s=%s: not a valid value"), vars[i].env, v);
	}
}

/*
 * open_model opens the mapping model at path ("" : where `stocktake map` looks), or logs a
 * warning and returns NULL: the server runs without tag suggestions.
 */
static struct map_model *open_model(const char *path)
{
	struct map_model *m = NULL;
	struct errinfo e;
	char buf[4096];
	const char *p = map_model_find(path[0] ? path : NULL, buf, sizeof buf);

	errinfo_clear(&e);
	if (map_model_open(p, &m, &e) != 0) {
		log_kv(LOG_WARN,
		       "the mapping model is not loaded: tag suggestions and /api/v1/map "
		       "are unavailable",
		       "model", p, "detail", e.msg, LOG_END);
		return NULL;
	}
	log_kv(LOG_INFO, "mapping model loaded", "model", p, LOG_END);
	return m;
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"listen", required_argument, NULL, 'l'},
					     {"threads", required_argument, NULL, 't'},
					     {"config", required_argument, NULL, 'c'},
					     {"model", required_argument, NULL, 'm'},
					     {"clock-file", required_argument, NULL, 'K'},
					     {"base-url", required_argument, NULL, 'B'},
					     {0}};
	struct serve_settings st = {
	    .threads = 4, .access_log = 1, .search_cache = 1, .max_body = 1u << 20};
	const char *config = NULL, *flag_listen = NULL, *flag_threads = NULL, *flag_model = NULL;
	const char *flag_clock = NULL; /* tests only: app/clock.h */
	const char *flag_base_url = NULL;
	struct http_server_config hc = {0};
	struct app_config ac = {0};
	struct http_server *srv = NULL;
	struct store *s;
	struct app app;
	struct errinfo e;
	char addr[128];
	unsigned port;
	sigset_t sigs;
	int ch, sig, version = 0;

	snprintf(st.listen, sizeof st.listen, "127.0.0.1:8080");
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'l')
			flag_listen = optarg;
		else if (ch == 't')
			flag_threads = optarg;
		else if (ch == 'c')
			config = optarg;
		else if (ch == 'm')
			flag_model = optarg;
		else if (ch == 'K')
			flag_clock = optarg;
		else if (ch == 'B')
			flag_base_url = optarg;
		else
			return cli_bad_option("serve", argv, "");
	}
	if (optind < argc)
		return cli_usage_error("serve", _("unexpected argument \"%s\""), argv[optind]);
	if (config) {
		struct ini_ctx c = {&st, config, 0};
		int rc = ini_parse(config, on_ini, &c);
		if (rc < 0) {
			cli_error(_("cannot read %s"), config);
			return CLI_FAIL;
		}
		if (rc > 0 && !c.failed)
			cli_error(_("%s: line %d is not a setting"), config, rc);
		if (rc != 0 || c.failed)
			return CLI_FAIL;
	}
	apply_env(&st);
	if ((flag_listen && apply(&st, "listen", flag_listen)) ||
	    (flag_threads && apply(&st, "threads", flag_threads)))
		return cli_usage_error("serve", _("bad --listen or --threads value"));
	if (flag_model)
		apply(&st, "model", flag_model);
	if (flag_base_url && apply(&st, "base_url", flag_base_url))
		return cli_usage_error("serve",
				       _("--base-url takes the site's address, such as "
					 "https://stocktake.example.org, not \"%s\""),
				       flag_base_url);
	if (parse_listen(st.listen, addr, sizeof addr, &port) != 0)
		return cli_usage_error("serve", _("--listen takes ADDRESS:PORT, not \"%s\""),
				       st.listen);
	if (!st.db[0] || cli->db_explicit)
		snprintf(st.db, sizeof st.db, "%s", cli->db_path);

	/* Check the database once before serving, so a bad path fails at start-up. */
	errinfo_clear(&e);
	if (store_open(st.db, 0, &s, &e) != 0) {
		cli_error("%s", e.msg);
		return CLI_FAIL;
	}
	store_schema_version(s, &version);
	store_close(s);
	if (version < store_schema_latest()) {
		cli_error(_("%s needs `stocktake migrate` (schema %d, this program needs %d)"),
			  st.db, version, store_schema_latest());
		return CLI_FAIL;
	}

	ac.db_path = st.db;
	ac.threads = st.threads;
	ac.secure_cookies = st.secure_cookies;
	ac.max_body = st.max_body;
	ac.access_log = st.access_log;
	ac.no_search_cache = !st.search_cache;
	ac.pwhash_slots = st.pwhash_slots;
	ac.register_per_hour = st.register_per_hour;
	ac.base_url = st.base_url[0] ? st.base_url : NULL;
	app_init(&app, &ac);
	app_load_catalogues(&app, st.locale_dir[0] ? st.locale_dir : i18n_locale_dir());
	if (flag_clock) {
		app.clock_file = flag_clock;
		log_kv(LOG_WARN, "testing: deadlines follow the clock file, not the system clock",
		       "file", flag_clock, LOG_END);
	}

	/* The signals are waited for in this thread only; workers inherit the mask. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	hc.address = addr;
	hc.port = port;
	hc.threads = st.threads;
	hc.max_body = st.max_body;
	hc.access_log = st.access_log;
	hc.content_security_policy = CSP;
	hc.handler = app_handle;
	hc.ud = &app;
	if (st.access_log)
		log_set_level(LOG_INFO);
	app.model = open_model(st.model); /* before any request can need it */
	errinfo_clear(&e);
	if (http_server_start(&hc, &srv, &e) != 0) {
		cli_error("%s", e.msg);
		app_cleanup(&app);
		map_model_close(app.model);
		return CLI_FAIL;
	}
	/* Not translated: scripts, tests and service managers wait for this line and read the URL. */
	printf("listening on http://%s%s%s:%u/ (database %s, %u threads)\n",
	       strchr(addr, ':') ? "[" : "", addr, strchr(addr, ':') ? "]" : "",
	       http_server_port(srv), st.db, st.threads);
	fflush(stdout);
	do {
		if (sigwait(&sigs, &sig) != 0)
			sig = SIGTERM;
	} while (sig != SIGINT && sig != SIGTERM);
	log_kv(LOG_INFO, "stopping", "signal", sig == SIGINT ? "SIGINT" : "SIGTERM", LOG_END);
	http_server_stop(srv, 10);
	app_cleanup(&app);
	map_model_close(app.model);
	printf(_("stopped\n"));
	return CLI_OK;
}
