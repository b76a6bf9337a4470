/*
 * cmd_call.c - `stocktake call` (create, list, show, extend, open, close, synthesise,
 * question add) and `stocktake timeline`: running calls for inputs and exporting the review
 * timeline from the command line. Every change is audited with the actor "cli".
 *
 * Times are read as wall-clock times in the call's zone ("2025-03-14T23:59") unless they
 * carry "Z" or an offset; they are stored in UTC and printed in both.
 */
#include "cli/cli.h"

#include "cli/cli_i18n.h"
#include "core/i18n.h"
#include "core/tz.h"
#include "core/utc.h"
#include "io/call_json.h"
#include "io/timeline.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTOR "cli"
#define MAX_OPTIONS 50

struct call_opts {
	const char *title, *description, *audience, *opens, *closes, *tz, *reason, *kind, *prompt,
	    *format, *output;
	const char *options[MAX_OPTIONS];
	size_t noptions;
	int word_limit, required, json;
	long long limit; /* call list --limit: at most this many (0: every call) */
};

/*
 * parse_opts reads the options of a call subcommand or of timeline (cmd, named in usage
 * errors); argv[0] is the subcommand.
 */
static int parse_opts(const char *cmd, int argc, char **argv, const char *shortopts,
		      struct call_opts *o)
{
	static const struct option opts[] = {{"title", required_argument, NULL, 't'},
					     {"description", required_argument, NULL, 'd'},
					     {"audience", required_argument, NULL, 'a'},
					     {"opens", required_argument, NULL, 'O'},
					     {"closes", required_argument, NULL, 'C'},
					     {"tz", required_argument, NULL, 'z'},
					     {"reason", required_argument, NULL, 'r'},
					     {"kind", required_argument, NULL, 'k'},
					     {"prompt", required_argument, NULL, 'p'},
					     {"option", required_argument, NULL, 'P'},
					     {"word-limit", required_argument, NULL, 'w'},
					     {"required", no_argument, NULL, 'R'},
					     {"json", no_argument, NULL, 'j'},
					     {"format", required_argument, NULL, 'f'},
					     {"output", required_argument, NULL, 'x'},
					     {"limit", required_argument, NULL, 'L'},
					     {0}};
	char *end;
	int ch;

	memset(o, 0, sizeof *o);
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		switch (ch) {
		case 't':
			o->title = optarg;
			break;
		case 'd':
			o->description = optarg;
			break;
		case 'a':
			o->audience = optarg;
			break;
		case 'O':
			o->opens = optarg;
			break;
		case 'C':
			o->closes = optarg;
			break;
		case 'z':
			o->tz = optarg;
			break;
		case 'r':
			o->reason = optarg;
			break;
		case 'k':
			o->kind = optarg;
			break;
		case 'p':
			o->prompt = optarg;
			break;
		case 'f':
			o->format = optarg;
			break;
		case 'x':
		case 'o':
			o->output = optarg;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'R':
			o->required = 1;
			break;
		case 'P':
			if (o->noptions >= MAX_OPTIONS)
				return cli_usage_error(cmd, _("at most %d options"), MAX_OPTIONS);
			o->options[o->noptions++] = optarg;
			break;
		case 'w':
			o->word_limit = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || o->word_limit < 0)
				return cli_usage_error(cmd, _("--word-limit: a number, not \"%s\""),
						       optarg);
			break;
		case 'L':
			o->limit = strtoll(optarg, &end, 10);
			if (*end || end == optarg || o->limit < 1)
				return cli_usage_error(
				    "call", _("--limit: a number of calls from 1, not \"%s\""),
				    optarg);
			break;
		default:
			return cli_bad_option(cmd, argv, shortopts);
		}
	}
	return 0;
}

/* parse_id reads the call number argv[optind]. */
static int parse_id(int argc, char **argv, int64_t *id)
{
	char *end;
	long long v;

	if (optind >= argc)
		return cli_usage_error("call", _("give the call's number"));
	v = strtoll(argv[optind], &end, 10);
	if (*end || end == argv[optind] || v <= 0)
		return cli_usage_error("call", _("\"%s\" is not a call number"), argv[optind]);
	if (optind + 1 < argc)
		return cli_usage_error("call", _("unexpected argument \"%s\""), argv[optind + 1]);
	*id = v;
	return 0;
}

/* print_time prints label, t in UTC and in zone. */
static void print_time(const char *label, const char *zone, int64_t t)
{
	char iso[UTC_ISO_LEN], local[TZ_LOCAL_LEN], abbr[TZ_ABBR_MAX];
	struct errinfo e;

	utc_format(t, iso);
	if (tz_format(zone, t, local, abbr, &e) == 0)
		printf("%-10s %s (%s %s, %s)\n", label, iso, local, abbr, zone);
	else
		printf("%-10s %s\n", label, iso);
}

static int call_create(struct store *s, const struct call_opts *o)
{
	struct call c;
	struct errinfo e;
	int64_t id;

	errinfo_clear(&e);
	if (!o->title || !o->opens || !o->closes || !o->tz)
		return cli_usage_error("call", _("call create needs --title, --opens, --closes and "
						 "--tz"));
	memset(&c, 0, sizeof c);
	c.title = o->title;
	c.description = o->description;
	c.audience = o->audience;
	c.tz = o->tz;
	c.state = CALL_DRAFT;
	if (!tz_valid_name(o->tz) || tz_parse_time(o->opens, o->tz, "opens", &c.opens_at, &e) ||
	    tz_parse_time(o->closes, o->tz, "closes", &c.closes_at, &e) || call_validate(&c, &e)) {
		if (!e.code)
			errinfo_set(&e, ERR_INVALID, "tz",
				    _("\"%s\" is not a time zone name (such as Europe/Zurich)"),
				    o->tz);
		cli_error("%s", e.msg);
		return CLI_FAIL;
	}
	if (store_call_create(s, &c, utc_now(), ACTOR, &id)) {
		cli_error("%s", store_errmsg(s));
		return CLI_FAIL;
	}
	printf(_("created call %lld (draft; `stocktake call open %lld` opens it)\n"), (long long)id,
	       (long long)id);
	print_time(_("opens"), c.tz, c.opens_at);
	print_time(_("closes"), c.tz, c.closes_at);
	return CLI_OK;
}

static int call_extend(struct store *s, int64_t id, const struct call_opts *o)
{
	struct arena a;
	struct call c;
	struct errinfo e;
	int64_t closes, told = 0;
	int rc = CLI_FAIL;

	if (!o->closes || !o->reason || !*o->reason)
		return cli_usage_error("call", _("call extend needs --closes and --reason"));
	if (strlen(o->reason) > CALL_REASON_MAX) {
		cli_error(_("--reason: at most %d bytes"), CALL_REASON_MAX);
		return CLI_FAIL;
	}
	arena_init(&a, 1 << 20);
	errinfo_clear(&e);
	if (store_call_get(s, id, &a, &c)) {
		cli_error("%s", store_errmsg(s));
		goto out;
	}
	if (tz_parse_time(o->closes, c.tz, "closes", &closes, &e)) {
		cli_error("%s", e.msg);
		goto out;
	}
	if (store_call_extend(s, id, closes, o->reason, utc_now(), ACTOR, &told)) {
		cli_error("%s", store_errmsg(s));
		goto out;
	}
	printf(Q_("call %lld: deadline extended; %lld notification queued\n",
		  "call %lld: deadline extended; %lld notifications queued\n", told),
	       (long long)id, (long long)told);
	print_time(_("closes"), c.tz, closes);
	rc = CLI_OK;
out:
	arena_cleanup(&a);
	return rc;
}

static int call_edit(struct store *s, int64_t id, const struct call_opts *o)
{
	struct arena a;
	struct call c;
	struct errinfo e;
	int rc = CLI_FAIL;

	if (o->closes)
		return cli_usage_error("call", _("the deadline moves only with `call extend`"));
	arena_init(&a, 1 << 20);
	errinfo_clear(&e);
	if (store_call_get(s, id, &a, &c)) {
		cli_error("%s", store_errmsg(s));
		goto out;
	}
	if (o->title)
		c.title = o->title;
	if (o->description)
		c.description = o->description;
	if (o->audience)
		c.audience = o->audience;
	if (o->tz)
		c.tz = o->tz;
	if ((o->tz && !tz_valid_name(o->tz) &&
	     errinfo_set(&e, ERR_INVALID, "tz", _("\"%s\" is not a time zone name"), o->tz)) ||
	    (o->opens && tz_parse_time(o->opens, c.tz, "opens", &c.opens_at, &e)) ||
	    call_validate(&c, &e)) {
		cli_error("%s", e.msg);
		goto out;
	}
	if (store_call_update(s, &c, ACTOR)) {
		cli_error("%s", store_errmsg(s));
		goto out;
	}
	printf(_("call %lld changed\n"), (long long)id);
	rc = CLI_OK;
out:
	arena_cleanup(&a);
	return rc;
}

static int call_show(struct store *s, int64_t id, int json)
{
	struct arena a;
	struct call c;
	struct call_deadline *d;
	struct call_question *q;
	size_t nd, nq;
	int64_t now = utc_now();
	int rc = CLI_FAIL;

	arena_init(&a, 16 << 20);
	if (store_call_get(s, id, &a, &c) || store_call_deadlines(s, id, &a, &d, &nd) ||
	    store_call_questions(s, id, &a, &q, &nq)) {
		cli_error("%s", store_errmsg(s));
		goto out;
	}
	if (json) {
		json_t *o = call_json(&c, now, d, nd, q, nq);

		if (!o) {
			cli_error(_("out of memory"));
			goto out;
		}
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
	} else {
		printf("%lld\t%s\n", (long long)c.id, c.title);
		printf("%-10s %s (%s)\n", _("state"), call_state_name(c.state),
		       call_phase_name(call_phase(&c, now)));
		print_time(_("opens"), c.tz, c.opens_at);
		print_time(_("closes"), c.tz, c.closes_at);
		for (size_t i = 0; i < nd; i++) {
			char label[32];

			snprintf(label, sizeof label, i ? _("extended") : _("original"));
			print_time(label, c.tz, d[i].closes_at);
			if (d[i].reason)
				printf("%-10s %s\n", "", d[i].reason);
		}
		for (size_t i = 0; i < nq; i++)
			printf("Q%d [%s] %s\n", q[i].position, call_qkind_name(q[i].kind),
			       q[i].prompt);
	}
	rc = CLI_OK;
out:
	arena_cleanup(&a);
	return rc;
}

/* How many calls `call list` reads at a time: memory stays flat whatever their number. */
#define LIST_PAGE 256

/* print_indented writes s with two spaces before each line (an element of a JSON array). */
static void print_indented(const char *s)
{
	fputs("  ", stdout);
	for (; *s; s++) {
		putchar(*s);
		if (*s == '\n')
			fputs("  ", stdout);
	}
}

/*
 * call_list prints every call (or the first limit), latest deadline first, read page by page
 * by keyset; --json gives one JSON array, written as it goes, as json_dumpf would.
 */
static int call_list(struct store *s, int json, long long limit)
{
	struct store_call_after after = {0, 0};
	struct arena a;
	struct call *v;
	size_t n;
	int64_t now = utc_now();
	long long shown = 0;
	int rc = CLI_OK;

	arena_init(&a, 16 << 20);
	do {
		size_t want = LIST_PAGE;

		if (limit && limit - shown < (long long)want)
			want = (size_t)(limit - shown);
		arena_reset(&a);
		if (store_call_list(s, 1, &after, want, &a, &v, &n)) {
			cli_error("%s", store_errmsg(s));
			rc = CLI_FAIL;
			break;
		}
		for (size_t i = 0; i < n; i++, shown++) {
			char iso[UTC_ISO_LEN], *text;
			json_t *j;

			if (json) {
				j = call_json(&v[i], now, NULL, 0, NULL, 0);
				text =
				    j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
				json_decref(j);
				if (!text) {
					cli_error("%s", err_message(ERR_NOMEM));
					rc = CLI_FAIL;
					break;
				}
				fputs(shown ? ",\n" : "[\n", stdout);
				print_indented(text);
				free(text);
				continue;
			}
			utc_format(v[i].closes_at, iso);
			printf("%lld\t%s\t%s\t%s\t%s\n", (long long)v[i].id,
			       call_phase_name(call_phase(&v[i], now)), iso, v[i].tz, v[i].title);
		}
		if (n) {
			after.key = v[n - 1].closes_at;
			after.id = v[n - 1].id;
		}
	} while (rc == CLI_OK && n == LIST_PAGE && (!limit || shown < limit));
	if (json && rc == CLI_OK)
		fputs(shown ? "\n]\n" : "[]\n", stdout);
	arena_cleanup(&a);
	return rc;
}

static int question_add(struct store *s, int64_t id, const struct call_opts *o)
{
	struct call_question q;
	struct errinfo e;
	int kind = call_qkind_parse(o->kind);
	int64_t qid;

	if (!o->kind || !o->prompt)
		return cli_usage_error("call", _("call question add needs --kind and --prompt"));
	errinfo_clear(&e);
	memset(&q, 0, sizeof q);
	q.kind = kind < 0 ? QK__COUNT : (enum call_qkind)kind;
	q.prompt = o->prompt;
	q.word_limit = o->word_limit;
	q.required = o->required;
	q.options = o->options;
	q.noptions = o->noptions;
	if (call_question_validate(&q, &e)) {
		cli_error("%s", e.msg);
		return CLI_FAIL;
	}
	if (store_call_question_add(s, id, &q, ACTOR, &qid)) {
		cli_error("%s", store_errmsg(s));
		return CLI_FAIL;
	}
	printf(_("call %lld: added question %lld\n"), (long long)id, (long long)qid);
	return CLI_OK;
}

int cmd_call(struct cli *cli, int argc, char **argv)
{
	struct call_opts o;
	struct store *s;
	const char *sub = argc > 1 ? argv[1] : NULL;
	int64_t id = 0;
	int rc, st, ro;

	if (!sub)
		return cli_usage_error("call",
				       _("give a subcommand: create, edit, list, show, extend, "
					 "open, close, synthesise or question"));
	if (strcmp(sub, "question") == 0) {
		if (argc < 3 || strcmp(argv[2], "add") != 0)
			return cli_usage_error("call",
					       _("the question subcommand is: question add"));
		argc--;
		argv++;
	}
	if ((rc = parse_opts("call", argc - 1, argv + 1, "", &o)))
		return rc;
	if (strcmp(sub, "create") == 0 || strcmp(sub, "list") == 0) {
		if (optind < argc - 1)
			return cli_usage_error("call", _("unexpected argument \"%s\""),
					       argv[optind + 1]);
	} else if ((rc = parse_id(argc - 1, argv + 1, &id))) {
		return rc;
	}
	st = call_state_parse(strcmp(sub, "open") == 0         ? "open"
			      : strcmp(sub, "close") == 0      ? "closed"
			      : strcmp(sub, "synthesise") == 0 ? "synthesised"
							       : NULL);
	if (st < 0 && strcmp(sub, "create") && strcmp(sub, "list") && strcmp(sub, "show") &&
	    strcmp(sub, "extend") && strcmp(sub, "question") && strcmp(sub, "edit"))
		return cli_usage_error("call", _("unknown subcommand \"%s\""), sub);
	/* list and show only read: they work on a database this user may not write */
	ro = strcmp(sub, "list") == 0 || strcmp(sub, "show") == 0;
	if (!(s = cli_open(cli, ro ? STORE_READONLY : 0)))
		return CLI_FAIL;
	if (strcmp(sub, "create") == 0)
		rc = call_create(s, &o);
	else if (strcmp(sub, "list") == 0)
		rc = call_list(s, o.json, o.limit);
	else if (strcmp(sub, "show") == 0)
		rc = call_show(s, id, o.json);
	else if (strcmp(sub, "extend") == 0)
		rc = call_extend(s, id, &o);
	else if (strcmp(sub, "edit") == 0)
		rc = call_edit(s, id, &o);
	else if (strcmp(sub, "question") == 0)
		rc = question_add(s, id, &o);
	else if (store_call_set_state(s, id, (enum call_state)st, ACTOR)) {
		cli_error("%s", store_errmsg(s));
		rc = CLI_FAIL;
	} else {
		printf(_("call %lld is now %s\n"), (long long)id,
		       call_state_name((enum call_state)st));
		rc = CLI_OK;
	}
	store_close(s);
	return rc;
}

int cmd_timeline(struct cli *cli, int argc, char **argv)
{
	struct call_opts o;
	struct arena a;
	struct timeline_event *ev;
	struct store *s;
	struct buf b;
	size_t n;
	int rc = CLI_FAIL, ics;
	FILE *out = stdout;

	if ((rc = parse_opts("timeline", argc, argv, "o:", &o)))
		return rc;
	if (optind < argc)
		return cli_usage_error("timeline", _("unexpected argument \"%s\""), argv[optind]);
	if (o.format && strcmp(o.format, "ics") && strcmp(o.format, "json"))
		return cli_usage_error("timeline", _("--format: ics or json, not \"%s\""),
				       o.format);
	ics = o.format && strcmp(o.format, "ics") == 0;
	if (!(s = cli_open(cli, STORE_READONLY)))
		return CLI_FAIL;
	arena_init(&a, 64 << 20);
	buf_init(&b, 64 << 20);
	rc = CLI_FAIL;
	if (timeline_collect(s, 1, &a, &ev, &n)) {
		cli_error("%s", store_errmsg(s));
		goto done;
	}
	if (o.output && !(out = fopen(o.output, "wb"))) {
		cli_error(_("cannot write %s"), o.output);
		goto done;
	}
	if (ics) {
		if (timeline_ics(&b, "WSIS+20 review", ev, n, utc_now())) {
			cli_error(_("out of memory"));
			goto done;
		}
		fwrite(buf_cstr(&b), 1, b.len, out);
	} else {
		json_t *j = timeline_json(ev, n);

		if (!j) {
			cli_error(_("out of memory"));
			goto done;
		}
		json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', out);
		json_decref(j);
	}
	rc = CLI_OK;
done:
	if (out != stdout && out && fclose(out) != 0) {
		cli_error(_("cannot write %s"), o.output);
		rc = CLI_FAIL;
	}
	buf_cleanup(&b);
	arena_cleanup(&a);
	store_close(s);
	return rc;
}
