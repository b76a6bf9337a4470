/*
 * cmd_map.c - `stocktake map`, `stocktake model train|eval|info` and `stocktake remap`.
 */
#include "cli/cli.h"

#include "core/buf.h"
#include "cli/cli_i18n.h"
#include "core/i18n.h"
#include "frameworks/frameworks.h"
#include "mapping/map_service.h"
#include "mapping/map_train.h"
#include "mapping/mapping.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_JSONL_LINE ((size_t)16 << 20)

static const char *const sdg_short[MAP_NSDG] = {
    N_("No poverty"),
    N_("Zero hunger"),
    N_("Good health and well-being"),
    N_("Quality education"),
    N_("Gender equality"),
    N_("Clean water and sanitation"),
    N_("Affordable and clean energy"),
    N_("Decent work and economic growth"),
    N_("Industry, innovation and infrastructure"),
    N_("Reduced inequalities"),
    N_("Sustainable cities and communities"),
    N_("Responsible consumption and production"),
    N_("Climate action"),
    N_("Life below water"),
    N_("Life on land"),
    N_("Peace, justice and strong institutions"),
    N_("Partnerships for the goals"),
};

/* open_model finds and opens the model, printing an error on failure. */
static struct map_model *open_model(const char *explicit_path)
{
	struct map_model *m = NULL;
	struct errinfo e;
	char buf[4096];
	const char *path = map_model_find(explicit_path, buf, sizeof buf);

	errinfo_clear(&e);
	if (map_model_open(path, &m, &e)) {
		cli_error("%s", e.msg);
		return NULL;
	}
	return m;
}

/* The readable answer of `stocktake map TEXT`. */
static void print_labels(const char *title, const struct map_label *l, int n, const char *text,
			 size_t len, int explain)
{
	printf("%s:", title);
	if (n == 0)
		printf(" %s", _("none"));
	putchar('\n');
	for (int i = 0; i < n; i++) {
		printf("  %-16s %.2f", l[i].code, l[i].score);
		if (explain && l[i].nevidence) {
			printf("  (");
			for (int k = 0; k < l[i].nevidence; k++) {
				const struct map_evidence *ev = &l[i].evidence[k];
				if (ev->end <= len)
					printf("%s\"%.*s\"", k ? ", " : "",
					       (int)(ev->end - ev->start), text + ev->start);
			}
			printf(")");
		}
		putchar('\n');
	}
}

static int map_readable(const struct map_model *m, const char *text, const char *lang, int explain)
{
	struct map_result r;
	size_t len = strlen(text);
	int rc;

	map_result_init(&r);
	if ((rc = map_textn(m, text, len, lang, &r))) {
		cli_error(_("cannot map the text: %s"), err_message(rc));
		map_result_cleanup(&r);
		return CLI_FAIL;
	}
	printf(_("language: %s\n"), r.lang);
	printf("%s:", _("SDGs"));
	if (r.nsdgs == 0)
		printf(" %s", _("none"));
	putchar('\n');
	for (int i = 0; i < r.nsdgs; i++) {
		int s = (int)strtol(r.sdgs[i].code, NULL, 10);
		printf("  %-3d %.2f  %s", s, r.sdgs[i].score, _(sdg_short[s - 1]));
		if (explain && r.sdgs[i].nevidence) {
			printf("  (");
			for (int k = 0; k < r.sdgs[i].nevidence; k++) {
				const struct map_evidence *ev = &r.sdgs[i].evidence[k];
				printf("%s\"%.*s\"", k ? ", " : "", (int)(ev->end - ev->start),
				       text + ev->start);
			}
			printf(")");
		}
		putchar('\n');
	}
	print_labels(_("SDG targets"), r.targets, r.ntargets, text, len, explain);
	print_labels(_("WSIS Action Lines"), r.action_lines, r.nal, text, len, explain);
	print_labels(_("GDC objectives"), r.gdc, r.ngdc, text, len, explain);
	map_result_cleanup(&r);
	return CLI_OK;
}

static void put_json_line(json_t *o)
{
	char *s = json_dumps(o, MAP_JSON_FLAGS);

	if (s) {
		fputs(s, stdout);
		free(s);
	}
	putchar('\n');
	fflush(stdout);
}

static void error_line(json_t *id, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void error_line(json_t *id, const char *fmt, ...)
{
	json_t *o = json_object();
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_object_set(o, "id", id ? id : json_null());
	json_object_set_new(o, "error", json_string(msg));
	put_json_line(o);
	json_decref(o);
}

/* unknown_lang writes into msg, as POST /api/v1/map says it, why hint is refused. */
static const char *unknown_lang(const char *hint, char *msg, size_t size)
{
	snprintf(msg, size,
		 _("Unknown language \"%s\": \"lang\" must be en, fr, es, ru, ar or zh, or "
		   "left out to detect the language."),
		 hint);
	return msg;
}

/*
 * map_jsonl answers each line of standard input, in order: {"id", "text"[, "lang"]} in,
 * the mapping (or {"id", "error"}) out. A bad line gets its error line and the run goes on.
 */
static int map_jsonl(const struct map_model *m, const char *lang, int explain, FILE *in)
{
	struct map_result r;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0, errors = 0;

	map_result_init(&r);
	while ((n = getline(&line, &cap, in)) != -1) {
		json_error_t jerr;
		json_t *doc, *id = NULL, *text, *hint, *res, *out;
		const char *l = lang;
		char msg[256];
		int rc;

		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		if ((size_t)n > MAX_JSONL_LINE) {
			error_line(NULL, _("line %ld: longer than %zu bytes"), lineno,
				   MAX_JSONL_LINE);
			errors++;
			continue;
		}
		doc = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
		if (!doc || !json_is_object(doc)) {
			error_line(NULL, _("line %ld: not a JSON object: %s"), lineno,
				   doc ? _("another JSON value") : jerr.text);
			json_decref(doc);
			errors++;
			continue;
		}
		id = json_object_get(doc, "id");
		text = json_object_get(doc, "text");
		hint = json_object_get(doc, "lang");
		if (!text || !json_is_string(text)) {
			error_line(id, _("line %ld: \"text\" must be a string"), lineno);
			json_decref(doc);
			errors++;
			continue;
		}
		/* as POST /api/v1/map answers them */
		if (hint &&
		    (!json_is_string(hint) || json_string_length(hint) > MAP_LANG_HINT_MAX)) {
			error_line(id, _("line %ld: %s"), lineno,
				   _("\"lang\" must be a language code such as \"en\", \"fr\" or "
				     "\"es\"."));
			json_decref(doc);
			errors++;
			continue;
		}
		if (hint && (strlen(json_string_value(hint)) != json_string_length(hint) ||
			     !map_lang_hint_ok(json_string_value(hint)))) {
			error_line(id, _("line %ld: %s"), lineno,
				   unknown_lang(json_string_value(hint), msg, sizeof msg));
			json_decref(doc);
			errors++;
			continue;
		}
		if (hint)
			l = json_string_value(hint);
		rc = map_textn(m, json_string_value(text), json_string_length(text), l, &r);
		if (rc) {
			error_line(id, _("line %ld: %s"), lineno, err_message(rc));
			json_decref(doc);
			errors++;
			continue;
		}
		res =
		    map_result_json(&r, json_string_value(text), json_string_length(text), explain);
		out = json_object();
		if (!res || !out) {
			error_line(id, _("line %ld: %s"), lineno, err_message(ERR_NOMEM));
		} else {
			json_object_set(out, "id", id ? id : json_null());
			json_object_update(out, res);
			put_json_line(out);
		}
		json_decref(res);
		json_decref(out);
		json_decref(doc);
	}
	free(line);
	map_result_cleanup(&r);
	if (ferror(in)) {
		cli_error(_("reading standard input: %s"), strerror(errno));
		return CLI_FAIL;
	}
	if (errors)
		fprintf(stderr,
			Q_("stocktake: %ld line answered with an error\n",
			   "stocktake: %ld lines answered with an error\n", errors),
			errors);
	return CLI_OK;
}

/* read_all_stdin reads standard input into a new string (NULL on error or past the limit). */
static char *read_all_stdin(void)
{
	size_t len = 0, cap = 0;
	char *s = NULL;
	int c;

	while ((c = getchar()) != EOF) {
		if (len + 1 >= cap) {
			char *t;
			cap = cap ? cap * 2 : 4096;
			if (cap > MAP_MAX_TEXT + 2 || !(t = realloc(s, cap))) {
				free(s);
				return NULL;
			}
			s = t;
		}
		s[len++] = (char)c;
	}
	if (!s && !(s = malloc(1)))
		return NULL;
	s[len] = '\0';
	return s;
}

int cmd_map(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"jsonl", no_argument, NULL, 'j'},
					     {"explain", no_argument, NULL, 'x'},
					     {"model", required_argument, NULL, 'm'},
					     {"lang", required_argument, NULL, 'l'},
					     {0}};
	const char *model_path = NULL, *lang = NULL;
	struct map_model *m;
	int ch, jsonl = 0, explain = 0, rc;

	(void)cli;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'j')
			jsonl = 1;
		else if (ch == 'x')
			explain = 1;
		else if (ch == 'm')
			model_path = optarg;
		else if (ch == 'l')
			lang = optarg;
		else
			return cli_bad_option("map", argv, "");
	}
	if (!map_lang_hint_ok(lang))
		return cli_usage_error(
		    "map", _("unknown language \"%s\": use en, fr, es, ru, ar or zh"), lang);
	if (jsonl && optind < argc)
		return cli_usage_error("map", _("--jsonl reads standard input: no TEXT argument"));
	if (!(m = open_model(model_path)))
		return CLI_FAIL;
	if (jsonl) {
		rc = map_jsonl(m, lang, explain, stdin);
	} else if (optind < argc) {
		struct buf b;
		buf_init(&b, MAP_MAX_TEXT);
		rc = 0;
		for (int i = optind; i < argc && !rc; i++)
			rc = (i > optind && buf_putc(&b, ' ')) || buf_puts(&b, argv[i]);
		rc = rc ? (cli_error(_("the text is too long")), CLI_FAIL)
			: map_readable(m, buf_cstr(&b), lang, explain);
		buf_cleanup(&b);
	} else {
		char *text = read_all_stdin();
		if (!text) {
			cli_error(_("cannot read the text from standard input (at most %u bytes)"),
				  MAP_MAX_TEXT);
			rc = CLI_FAIL;
		} else {
			rc = map_readable(m, text, lang, explain);
			free(text);
		}
	}
	map_model_close(m);
	return rc;
}

static int model_train(int argc, char **argv)
{
	static const struct option opts[] = {{"data", required_argument, NULL, 'd'},
					     {"frameworks", required_argument, NULL, 'f'},
					     {"output", required_argument, NULL, 'o'},
					     {"holdout", required_argument, NULL, 'h'},
					     {"cost", required_argument, NULL, 'c'},
					     {"min-df", required_argument, NULL, 'n'},
					     {"prune", required_argument, NULL, 'p'},
					     {"clean", required_argument, NULL, 'k'},
					     {0}};
	struct map_train_opts o = {0};
	struct map_train_report rep;
	const char *out = "data/" MAP_MODEL_FILE;
	char fwbuf[4096];
	struct errinfo e;
	int ch;
	char *end;

	o.data_dir = "data/training";
	o.frameworks_dir = NULL;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			o.data_dir = optarg;
			break;
		case 'f':
			o.frameworks_dir = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			if (o.nholdout == MAP_TRAIN_MAX_HOLDOUT)
				return cli_usage_error("model", _("too many --holdout sources"));
			o.holdout[o.nholdout++] = optarg;
			break;
		case 'c':
			o.c = strtod(optarg, &end);
			if (*end || !(o.c > 0))
				return cli_usage_error("model",
						       _("--cost must be a positive number"));
			break;
		case 'n':
			o.min_df = (int)strtol(optarg, &end, 10);
			if (*end || o.min_df < 1)
				return cli_usage_error("model", _("--min-df must be at least 1"));
			break;
		case 'k':
			o.clean = strtod(optarg, &end);
			if (*end)
				return cli_usage_error("model", _("--clean must be a number"));
			break;
		case 'p':
			o.prune = strtod(optarg, &end);
			if (*end || !(o.prune > 0))
				return cli_usage_error("model",
						       _("--prune must be a positive number"));
			break;
		default:
			return cli_bad_option("model", argv, "o:");
		}
	}
	if (optind < argc)
		return cli_usage_error("model", _("unexpected argument \"%s\""), argv[optind]);
	o.frameworks_dir = fw_find_dir(o.frameworks_dir, fwbuf, sizeof fwbuf);
	errinfo_clear(&e);
	if (map_train(&o, out, &rep, &e)) {
		cli_error(_("training failed: %s"), e.msg);
		return CLI_FAIL;
	}
	printf(_("trained on %ld texts:"), rep.docs);
	for (int g = 0; g < rep.ngroups; g++)
		printf(" %s %ld%s", rep.groups[g], rep.docs_by_group[g],
		       g + 1 < rep.ngroups ? "," : "\n");
	printf(_("%ld features, %ld targets, %ld lexicon entries; model %s (%zu bytes)\n"),
	       rep.features, rep.targets, rep.lexicon_entries, out, rep.model_bytes);
	printf(_("%ld (text, SDG) negatives left out as likely positives\n"), rep.cleaned);
	if (rep.validation_groups)
		printf(_("thresholds chosen on %d sources, each left out in turn:\n"),
		       rep.validation_groups);
	else
		printf(_("thresholds chosen by 5-fold cross-validation:\n"));
	printf(_("SDG  threshold  accuracy  balanced  precision  recall     F1  (out of fold)\n"));
	for (int s = 0; s < MAP_NSDG; s++) {
		struct map_metrics mt;
		map_metrics_of(&rep.cv[s], &mt);
		printf("%3d  %9.2f  %8.3f  %8.3f  %9.3f  %6.3f  %5.3f\n", s + 1, rep.threshold[s],
		       mt.accuracy, mt.balanced_accuracy, mt.precision, mt.recall, mt.f1);
	}
	return CLI_OK;
}

static int model_eval(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"model", required_argument, NULL, 'm'}, {"json", no_argument, NULL, 'j'}, {0}};
	const char *model_path = NULL;
	struct map_model *m;
	struct map_eval ev;
	struct map_metrics mt, avg = {0};
	struct errinfo e;
	int ch, json = 0, nsdg = 0;
	json_t *o = NULL, *per = NULL;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'm')
			model_path = optarg;
		else if (ch == 'j')
			json = 1;
		else
			return cli_bad_option("model", argv, "");
	}
	if (optind + 1 != argc)
		return cli_usage_error("model", _("name one CSV file to evaluate"));
	if (!(m = open_model(model_path)))
		return CLI_FAIL;
	errinfo_clear(&e);
	if (map_eval_file(m, argv[optind], &ev, &e)) {
		cli_error("%s", e.msg);
		map_model_close(m);
		return CLI_FAIL;
	}
	map_model_close(m);
	if (json) {
		o = json_object();
		per = json_object();
	} else {
		printf(_("%s: %ld rows, %ld texts (%s)\n"), argv[optind], ev.rows, ev.texts,
		       ev.single_label ? _("single labels: each text judged for all 17 SDGs")
				       : _("binary judgements"));
		printf(_("SDG      n  accuracy  precision  recall     F1  balanced\n"));
	}
	for (int s = 0; s < MAP_NSDG; s++) {
		map_metrics_of(&ev.sdg[s], &mt);
		if (mt.n == 0)
			continue;
		nsdg++;
		avg.n += mt.n;
		avg.accuracy += mt.accuracy;
		avg.precision += mt.precision;
		avg.recall += mt.recall;
		avg.f1 += mt.f1;
		avg.balanced_accuracy += mt.balanced_accuracy;
		if (json) {
			char key[4];
			json_t *x =
			    json_pack("{sI sf sf sf sf sf}", "n", (json_int_t)mt.n, "accuracy",
				      mt.accuracy, "precision", mt.precision, "recall", mt.recall,
				      "f1", mt.f1, "balanced_accuracy", mt.balanced_accuracy);
			snprintf(key, sizeof key, "%d", s + 1);
			json_object_set_new(per, key, x);
		} else {
			printf("%3d  %5ld  %8.3f  %9.3f  %6.3f  %5.3f  %8.3f\n", s + 1, mt.n,
			       mt.accuracy, mt.precision, mt.recall, mt.f1, mt.balanced_accuracy);
		}
	}
	if (nsdg) {
		avg.accuracy /= nsdg;
		avg.precision /= nsdg;
		avg.recall /= nsdg;
		avg.f1 /= nsdg;
		avg.balanced_accuracy /= nsdg;
	}
	if (json) {
		json_object_set_new(o, "file", json_string(argv[optind]));
		json_object_set_new(o, "rows", json_integer(ev.rows));
		json_object_set_new(o, "form", json_string(ev.single_label ? "single" : "binary"));
		json_object_set_new(o, "sdg", per);
		json_object_set_new(o, "average",
				    json_pack("{sI sf sf sf sf sf}", "n", (json_int_t)avg.n,
					      "accuracy", avg.accuracy, "precision", avg.precision,
					      "recall", avg.recall, "f1", avg.f1,
					      "balanced_accuracy", avg.balanced_accuracy));
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(4));
		putchar('\n');
		json_decref(o);
	} else {
		printf(_("avg  %5ld  %8.3f  %9.3f  %6.3f  %5.3f  %8.3f  (mean over %d SDGs)\n"),
		       avg.n, avg.accuracy, avg.precision, avg.recall, avg.f1,
		       avg.balanced_accuracy, nsdg);
	}
	return CLI_OK;
}

static int model_info(int argc, char **argv)
{
	struct map_model *m;
	struct map_model_info info;

	if (argc > 2)
		return cli_usage_error("model", _("unexpected argument \"%s\""), argv[2]);
	if (!(m = open_model(argc == 2 ? argv[1] : NULL)))
		return CLI_FAIL;
	map_model_describe(m, &info);
	printf(_("format version %u, %llu bytes, checksum %016llx\n"), info.version,
	       (unsigned long long)info.size, (unsigned long long)info.checksum);
	printf(_("%u features, %u targets, %u lexicon entries, trained on %u texts\n"),
	       info.features, info.targets, info.lexicon_entries, info.train_docs);
	printf(_("SDG thresholds:"));
	for (int s = 0; s < MAP_NSDG; s++)
		printf(" %d:%.2f", s + 1, info.thresholds[s]);
	putchar('\n');
	map_model_close(m);
	return CLI_OK;
}

int cmd_model(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	if (argc < 2)
		return cli_usage_error("model", _("name a subcommand: train, eval or info"));
	if (strcmp(argv[1], "train") == 0)
		return model_train(argc - 1, argv + 1);
	if (strcmp(argv[1], "eval") == 0)
		return model_eval(argc - 1, argv + 1);
	if (strcmp(argv[1], "info") == 0)
		return model_info(argc - 1, argv + 1);
	return cli_usage_error("model", _("unknown subcommand \"%s\""), argv[1]);
}

int cmd_remap(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"model", required_argument, NULL, 'm'}, {0}};
	const char *model_path = NULL;
	struct map_remap_counts counts;
	struct map_model *m;
	struct errinfo e;
	struct store *s;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'm')
			model_path = optarg;
		else
			return cli_bad_option("remap", argv, "");
	}
	if (optind < argc)
		return cli_usage_error("remap", _("unexpected argument \"%s\""), argv[optind]);
	if (!(m = open_model(model_path)))
		return CLI_FAIL;
	if (!(s = cli_open(cli, 0))) {
		map_model_close(m);
		return CLI_FAIL;
	}
	errinfo_clear(&e);
	rc = map_remap(s, m, "remap", &counts, &e);
	if (rc)
		cli_error(_("remap failed, nothing was changed: %s"), e.msg);
	else
		printf(Q_("remapped %ld initiative: %ld changed, %ld unchanged\n",
			  "remapped %ld initiatives: %ld changed, %ld unchanged\n", counts.records),
		       counts.records, counts.changed, counts.unchanged);
	store_close(s);
	map_model_close(m);
	return rc ? CLI_FAIL : CLI_OK;
}
