/*
 * cli.c - global options and dispatch. Every command is a row of the table below; shared
 * policy (help, the database path) is handled here before any command runs.
 */
#include "cli/cli.h"

#include "cli/cli_i18n.h"
#include "core/i18n.h"
#include "core/log.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_DB "var/stocktake.db"

static const struct cli_command commands[] = {
    {"init", cmd_init, N_("create or update the database and load the reference frameworks"),
     N_("Usage: stocktake [--db PATH] init [--data DIR]\n"
	"\n"
	"Create the database if it does not exist, bring its schema up to date and load\n"
	"the reference frameworks (SDGs, targets, indicators, WSIS Action Lines, GDC\n"
	"objectives, regions, countries) from DIR (default: $STOCKTAKE_DATA/frameworks,\n"
	"./data/frameworks, or the installed copy). Running it again is safe.\n")},
    {"migrate", cmd_migrate, N_("bring the database schema up to date"),
     N_("Usage: stocktake [--db PATH] migrate\n"
	"\n"
	"Apply the schema migrations the database has not had yet, each in its own\n"
	"transaction. A migration that fails leaves the database as it was.\n")},
    {"frameworks", cmd_frameworks, N_("list a reference framework"),
     N_("Usage: stocktake [--db PATH] frameworks WHICH [--lang CODE] [--json]\n"
	"\n"
	"WHICH is one of: sdgs, targets, indicators, action-lines, gdc, countries,\n"
	"regions, itu-regions.\n"
	"\n"
	"  --lang CODE  titles in en, fr, es, ru, ar or zh (default en; English where a\n"
	"               translation is missing)\n"
	"  --json       a JSON array of objects, each with at least code and title\n"
	"               (countries: iso2, iso3, m49_region, itu_region, ...)\n")},
    {"import", cmd_import, N_("import initiatives from files"),
     N_("Usage: stocktake [--db PATH] import [--format FORMAT] [--state STATE] [--no-map]\n"
	"                 [--model FILE] FILE...\n"
	"\n"
	"Import records from each FILE, each file in one transaction: a file with a bad\n"
	"record changes nothing and the error names the record and the field. Records\n"
	"with the same source and source_id as a stored one update it. Records with no\n"
	"tags of a scheme (SDGs, targets, Action Lines, GDC objectives) get the mapping\n"
	"model's tags for it (origin \"model\", with a score).\n"
	"\n"
	"  --format FORMAT  auto (default), jsonl, csv, iati or dpg\n"
	"  --state STATE    state of records that give none: draft, submitted (default),\n"
	"                   published, rejected or archived\n"
	"  --no-map         do not add model tags\n"
	"  --model FILE     the mapping model (default: see `stocktake map --help`)\n"
	"\n"
	"Prints how many records were imported, updated, unchanged and rejected; exits\n"
	"with status 1 when a file was rejected.\n")},
    {"export", cmd_export, N_("export initiatives as JSON Lines, CSV or XLSX"),
     N_("Usage: stocktake [--db PATH] export [--format jsonl|csv|xlsx] [--state STATE] [-o FILE]\n"
	"       stocktake export --data-dictionary\n"
	"\n"
	"Write every initiative (or those in STATE) in the record format to FILE or to\n"
	"standard output (XLSX: to FILE only). The output streams: memory does not grow\n"
	"with its size. --data-dictionary prints what each column means, in Markdown.\n")},
    {"map", cmd_map, N_("map texts to SDGs, targets, Action Lines and GDC objectives"),
     N_("Usage: stocktake map [--model FILE] [--lang CODE] [--explain] TEXT...\n"
	"       stocktake map [--model FILE] [--lang CODE] [--explain] --jsonl\n"
	"\n"
	"Without --jsonl, map TEXT (or standard input) and print a readable answer.\n"
	"With --jsonl, read JSON Lines {\"id\": ..., \"text\": ...} (optionally \"lang\") on\n"
	"standard input and write one JSON line per input line, in the same order:\n"
	"{\"id\", \"sdgs\", \"targets\", \"action_lines\", \"gdc\", \"language\", \"scores\"}.\n"
	"A line that cannot be read is answered with {\"id\", \"error\"} and the run goes on.\n"
	"Blank lines are skipped.\n"
	"\n"
	"  --explain    add the evidence: for each label, the words and phrases that\n"
	"               weighed most, with their byte offsets in the text\n"
	"  --lang CODE  the language of the texts: en, fr, es, ru, ar or zh (fr-CA is\n"
	"               fr); default: detect. Another code is refused (exit status 2),\n"
	"               as is a line's \"lang\" with --jsonl (answered with its error)\n"
	"  --model FILE the model (default: $STOCKTAKE_MODEL, $STOCKTAKE_DATA/model/...,\n"
	"               ./data/model/stocktake-map.bin, or the installed copy)\n")},
    {"model", cmd_model, N_("train, evaluate or describe the mapping model"),
     N_("Usage: stocktake model train [--data DIR] [--frameworks DIR] [-o FILE]\n"
	"                             [--holdout SOURCE]... [--cost C] [--min-df N]\n"
	"                             [--prune W] [--clean P]\n"
	"       stocktake model eval [--model FILE] [--json] FILE.csv\n"
	"       stocktake model info [FILE]\n"
	"\n"
	"train builds the model from DIR (default data/training) and the frameworks\n"
	"(default data/frameworks) and writes it to FILE (default\n"
	"data/model/stocktake-map.bin). --holdout leaves a source of labelled.csv out, to\n"
	"test on it afterwards. --cost (default 16), --min-df (2), --prune (0.5) and\n"
	"--clean (0.3; -1: off) are explained in docs/mapping.md. Training is\n"
	"deterministic.\n"
	"\n"
	"eval maps the texts of a CSV file and prints, per SDG and on average, n,\n"
	"accuracy, precision, recall, F1 and balanced accuracy. The file is either\n"
	"binary judgements with the columns id,text,sdg,label (label True or False) or\n"
	"single labels text,sdg (each text is then judged for all 17 SDGs).\n")},
    {"remap", cmd_remap, N_("re-map every initiative with the current model"),
     N_("Usage: stocktake [--db PATH] remap [--model FILE]\n"
	"\n"
	"Replace the model tags (origin \"model\") of every initiative with what the\n"
	"current model finds, in one transaction; submitter and moderator tags are kept,\n"
	"and a scheme that has any of those gets no model tags. Changed records keep\n"
	"their previous version as a revision and leave an audit record.\n")},
    {"stats", cmd_stats, N_("count initiatives by state and tags by scheme"),
     N_("Usage: stocktake [--db PATH] stats [--json]\n")},
    {"serve", cmd_serve, N_("serve the web platform and the JSON API"),
     N_("Usage: stocktake [--db PATH] serve [--listen ADDR:PORT] [--threads N] [--config FILE]\n"
	"                 [--model FILE] [--base-url URL]\n"
	"\n"
	"Serve the platform over HTTP (default 127.0.0.1:8080, 4 threads) until SIGINT or\n"
	"SIGTERM; requests in flight are allowed to finish. Settings are read from FILE\n"
	"(INI: listen, threads, db, secure_cookies, access_log, max_body, locale_dir,\n"
	"model, pwhash_slots, register_per_hour, base_url, search_cache), then from the\n"
	"environment (STOCKTAKE_LISTEN, STOCKTAKE_THREADS, STOCKTAKE_SECURE_COOKIES,\n"
	"STOCKTAKE_ACCESS_LOG, STOCKTAKE_LOCALEDIR, STOCKTAKE_MODEL, STOCKTAKE_PWHASH_SLOTS,\n"
	"STOCKTAKE_REGISTER_PER_HOUR, STOCKTAKE_BASE_URL, STOCKTAKE_SEARCH_CACHE), then from\n"
	"the options\n"
	"(--base-url URL: the site's address, for whole links in report files and JSON-LD).\n"
	"\n"
	"Prints \"listening on URL\" once it answers.\n")},
    {"user", cmd_user,
     N_("add accounts, change their passwords and roles, list, disable and enable them"),
     N_("Usage: stocktake [--db PATH] user add EMAIL --role ROLE [--name NAME] [--password-stdin]\n"
	"       stocktake [--db PATH] user passwd EMAIL [--password-stdin]\n"
	"       stocktake [--db PATH] user list [--json]\n"
	"       stocktake [--db PATH] user role EMAIL ROLE\n"
	"       stocktake [--db PATH] user disable|enable EMAIL\n"
	"\n"
	"ROLE is submitter, moderator or admin. The password is asked twice on the\n"
	"terminal without echo, or read as one line from standard input with\n"
	"--password-stdin. It needs at least 10 characters (at most 1,000 bytes); only\n"
	"its argon2id hash is stored. `passwd` also ends every session of the account;\n"
	"`disable` ends them too, and refuses its log-ins and API tokens until `enable`.\n"
	"\n"
	"  --name NAME       the name shown on the site (add)\n"
	"  --password-stdin  read the password from standard input\n"
	"  --json            a JSON array of accounts (list)\n")},
    {"token", cmd_token, N_("create, list and revoke API tokens"),
     N_("Usage: stocktake [--db PATH] token create EMAIL [--name NAME]\n"
	"       stocktake [--db PATH] token list EMAIL [--json]\n"
	"       stocktake [--db PATH] token revoke EMAIL NUMBER\n"
	"\n"
	"`create` prints a new API token for the account on standard output, once: only\n"
	"its hash is stored, so keep it. API clients send it as\n"
	"\"Authorization: Bearer TOKEN\". `list` shows each token's number, creation time,\n"
	"last use and name; `revoke` stops the token with that number at once.\n")},
    /* calls for inputs and the review timeline (cmd_call.c) */
    {"call", cmd_call, N_("run calls for inputs: create, extend deadlines, show, list"),
     N_("Usage: stocktake [--db PATH] call create --title T --opens TIME --closes TIME --tz ZONE\n"
	"                                 [--description TEXT] [--audience TEXT]\n"
	"       stocktake [--db PATH] call edit ID [--title T] [--opens TIME] [--tz ZONE]\n"
	"                                 [--description TEXT] [--audience TEXT]\n"
	"       stocktake [--db PATH] call extend ID --closes TIME --reason TEXT\n"
	"       stocktake [--db PATH] call show ID [--json]\n"
	"       stocktake [--db PATH] call list [--json] [--limit N]\n"
	"       stocktake [--db PATH] call open|close|synthesise ID\n"
	"       stocktake [--db PATH] call question add ID --kind KIND --prompt TEXT\n"
	"                                 [--word-limit N] [--option TEXT]... [--required]\n"
	"\n"
	"TIME is a wall-clock time in the call's zone, 2025-03-14T23:59[:59], or an exact\n"
	"moment with Z or an offset (2025-03-14T22:59:59Z). ZONE is an IANA time zone\n"
	"(Europe/Zurich, America/New_York, UTC). A call is created as a draft; `open`\n"
	"publishes it. Responses are accepted from the opening time up to and including\n"
	"the closing second. `extend` moves the deadline later, keeping the old one and the\n"
	"reason in the call's history, and queues a notification for the call's followers\n"
	"and everyone with a draft. `show --json` includes the deadline history. `list`\n"
	"prints every call, latest deadline first (read a page at a time, so memory stays\n"
	"flat), or the first N with --limit N.\n"
	"KIND is text, single, multiple, action_line, sdg, gdc or country.\n")},
    {"timeline", cmd_timeline, N_("export the review timeline as iCalendar or JSON"),
     N_("Usage: stocktake [--db PATH] timeline [--format ics|json] [-o FILE]\n"
	"\n"
	"Write the timeline of the WSIS+20 review (the events `init` loads from\n"
	"data/timeline and the deadline of every published call) as iCalendar (RFC 5545)\n"
	"or as a JSON array (the default).\n")},
    /* reports (cmd_report.c) */
    {"report", cmd_report, N_("write a regional, country, matrix or GDC report"),
     N_("Usage: stocktake [--db PATH] report regional --region REGION --format FORMAT\n"
	"                 [-o FILE] [FILTERS]\n"
	"       stocktake [--db PATH] report country --country ISO2 --format FORMAT ...\n"
	"       stocktake [--db PATH] report matrix --format FORMAT [--region REGION] ...\n"
	"       stocktake [--db PATH] report gdc --format FORMAT [--region REGION] ...\n"
	"\n"
	"Write a report with the same numbers as the pages under /reports. REGION is an\n"
	"ITU-D region (africa, americas, arab-states, asia-pacific, cis, europe) or a UN\n"
	"M49 region code (002, 019, 150 ...). FORMAT is pdf, html (a standalone page),\n"
	"xlsx, csv or json. The file is written whole or not at all; without -o, html,\n"
	"csv and json go to standard output.\n"
	"\n"
	"  --from YEAR, --to YEAR     initiatives that started in these years\n"
	"  --stakeholder-type TYPE    only these stakeholder types (repeatable)\n"
	"  --origin ORIGIN            count only tags by submitter, moderator or model\n"
	"                             (repeatable; default all)\n"
	"  --state STATE              initiatives in these states (repeatable; default\n"
	"                             published)\n"
	"  --lang CODE                texts in en, fr or es (default: the language the\n"
	"                             command line speaks, see LANGUAGE and LANG)\n"
	"  --base-url URL             the site's address: links in PDF, XLSX and HTML files\n"
	"                             are made whole with it (default STOCKTAKE_BASE_URL;\n"
	"                             none: links to the site are left out of files, their\n"
	"                             text kept, so a file works opened from disk)\n")},
};

const struct cli_command *cli_find(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("stocktake: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("stocktake: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, _("\nTry 'stocktake %s --help'.\n"), cmd);
	else
		fputs(_("\nTry 'stocktake --help'.\n"), stderr);
	return CLI_USAGE;
}

int cli_bad_option(const char *cmd, char **argv, const char *shortopts)
{
	const char *a = optind > 0 ? argv[optind - 1] : "";
	char name[64];

	if (strncmp(a, "--", 2) == 0) {
		snprintf(name, sizeof name, "%.*s", (int)strcspn(a, "="), a);
		if (!optopt)
			return cli_usage_error(cmd, _("unknown option \"%s\""), name);
		if (strchr(a, '='))
			return cli_usage_error(cmd, _("option \"%s\" takes no value"), name);
		return cli_usage_error(cmd, _("option \"%s\" needs a value"), name);
	}
	snprintf(name, sizeof name, "-%c", optopt ? optopt : '?');
	if (optopt && optopt != ':' && strchr(shortopts, optopt))
		return cli_usage_error(cmd, _("option \"%s\" needs a value"), name);
	return cli_usage_error(cmd, _("unknown option \"%s\""), name);
}

int cli_help(const struct cli_command *cmd)
{
	fputs(_(cmd->usage), stdout);
	return CLI_OK;
}

static void main_help(void)
{
	printf(
	    _("Usage: stocktake [--db PATH] COMMAND [OPTIONS]\n"
	      "\n"
	      "stocktake is the WSIS+20 stocktaking platform: it collects initiatives, maps them\n"
	      "to WSIS Action Lines, SDGs and GDC objectives, and reports on them.\n"
	      "\n"
	      "Global options:\n"
	      "  --db PATH    the database (default: $STOCKTAKE_DB, else %s)\n"
	      "  --log LEVEL  debug, info, warn, error or off (default: warn)\n"
	      "  --version    print the version and exit\n"
	      "  --help       print this help and exit\n"
	      "\n"
	      "Commands:\n"),
	    DEFAULT_DB);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		printf("  %-12s %s\n", commands[i].name, _(commands[i].summary));
	printf(_(
	    "\nRun 'stocktake COMMAND --help' for a command's options. See also stocktake(1).\n"));
}

struct store *cli_open(struct cli *cli, int flags)
{
	struct store *s = NULL;
	struct errinfo e;

	errinfo_clear(&e);
	if (store_open(cli->db_path, flags, &s, &e)) {
		cli_error("%s", e.msg);
		return NULL;
	}
	if (!(flags & STORE_CREATE)) {
		int version = 0;
		if (store_schema_version(s, &version) == 0 && version == 0) {
			cli_error(_("%s is not initialised: run `stocktake init` first"),
				  cli->db_path);
			store_close(s);
			return NULL;
		}
	}
	return s;
}

/*
 * take_db takes --db PATH (or --db=PATH) out of a command's arguments argv[from..], up to a
 * "--": the database is a global option, and `stocktake serve --db PATH` reads as naturally
 * as `stocktake --db PATH serve`. Returns the new argc, or -1 when --db has no value.
 */
static int take_db(struct cli *cli, int argc, char **argv, int from)
{
	int k = from;

	while (k < argc && strcmp(argv[k], "--") != 0) {
		int n = 0;

		if (strcmp(argv[k], "--db") == 0) {
			if (k + 1 >= argc)
				return -1;
			cli->db_path = argv[k + 1];
			n = 2;
		} else if (strncmp(argv[k], "--db=", 5) == 0) {
			cli->db_path = argv[k] + 5;
			n = 1;
		}
		if (!n) {
			k++;
			continue;
		}
		cli->db_explicit = 1;
		memmove(&argv[k], &argv[k + n], (size_t)(argc - k - n + 1) * sizeof *argv);
		argc -= n;
	}
	return argc;
}

int cli_main(int argc, char **argv)
{
	struct cli cli = {0};
	const struct cli_command *cmd;
	const char *env = getenv("STOCKTAKE_DB");
	int i, level;

	log_set_level(LOG_WARN);
	cli.prog = argv[0];
	cli.db_path = env && *env ? env : DEFAULT_DB;
	cli.db_explicit = env && *env;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--version") == 0) {
			printf("stocktake %s\n", STOCKTAKE_VERSION);
			return CLI_OK;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			main_help();
			return CLI_OK;
		} else if ((strcmp(a, "--db") == 0 || strcmp(a, "--log") == 0) && i + 1 >= argc) {
			return cli_usage_error(NULL, _("option \"%s\" needs a value"), a);
		} else if (strcmp(a, "--db") == 0) {
			cli.db_path = argv[++i];
			cli.db_explicit = 1;
		} else if (strncmp(a, "--db=", 5) == 0) {
			cli.db_path = a + 5;
			cli.db_explicit = 1;
		} else if (strcmp(a, "--log") == 0) {
			if ((level = log_level_parse(argv[++i])) < 0)
				return cli_usage_error(NULL, _("unknown log level \"%s\""),
						       argv[i]);
			log_set_level((enum log_level)level);
		} else {
			return cli_usage_error(NULL, _("unknown option \"%s\""), a);
		}
	}
	if (i >= argc) {
		main_help();
		return CLI_USAGE;
	}
	if ((argc = take_db(&cli, argc, argv, i + 1)) < 0)
		return cli_usage_error(NULL, _("option \"%s\" needs a value"), "--db");
	if (!*cli.db_path)
		return cli_usage_error(NULL, _("the database path is empty"));
	cmd = cli_find(argv[i]);
	if (!cmd)
		return cli_usage_error(NULL, _("unknown command \"%s\""), argv[i]);
	for (int k = i + 1; k < argc; k++) {
		if (strcmp(argv[k], "--") == 0)
			break;
		if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0)
			return cli_help(cmd);
	}
	opterr = 0; /* the commands say what is wrong with an option: cli_bad_option */
	return cmd->run(&cli, argc - i, argv + i);
}

int cli_special_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}
