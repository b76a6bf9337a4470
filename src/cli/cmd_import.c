/*
 * cmd_import.c - `stocktake import` and `stocktake export`.
 */
#include "cli/cli.h"

#include "cli/cli_i18n.h"
#include "core/i18n.h"
#include "io/data_dictionary.h"
#include "io/export.h"
#include "io/import.h"
#include "mapping/mapping.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int parse_state(const char *cmd, const char *v, const char **out)
{
	char allowed[128];

	if (!ini_enum_valid(ini_states, v)) {
		ini_enum_list(ini_states, allowed, sizeof allowed);
		return cli_usage_error(cmd, _("unknown state \"%s\": use one of %s"), v, allowed);
	}
	*out = v;
	return 0;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
					     {"state", required_argument, NULL, 's'},
					     {"no-map", no_argument, NULL, 'n'},
					     {"model", required_argument, NULL, 'm'},
					     {0}};
	struct import_opts io = {IMPORT_AUTO, "submitted", "import", NULL};
	struct map_model *model = NULL;
	const char *model_path = NULL;
	int no_map = 0;
	struct import_counts counts = {0};
	struct errinfo e;
	struct store *s;
	int ch, fmt, failed = 0;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'f') {
			if ((fmt = import_format_parse(optarg)) < 0)
				return cli_usage_error(
				    "import",
				    _("unknown format \"%s\": use auto, jsonl, csv, iati or dpg"),
				    optarg);
			io.format = (enum import_format)fmt;
		} else if (ch == 's') {
			if (parse_state("import", optarg, &io.state))
				return CLI_USAGE;
		} else if (ch == 'n') {
			no_map = 1;
		} else if (ch == 'm') {
			model_path = optarg;
		} else {
			return cli_bad_option("import", argv, "");
		}
	}
	if (optind >= argc)
		return cli_usage_error("import", _("name at least one file to import"));
	if (!no_map) {
		char buf[4096];
		const char *path = map_model_find(model_path, buf, sizeof buf);

		errinfo_clear(&e);
		if (map_model_open(path, &model, &e)) {
			cli_error(_("%s (use --no-map to import without model tags)"), e.msg);
			return CLI_FAIL;
		}
		io.model = model;
	}
	if (!(s = cli_open(cli, 0))) {
		map_model_close(model);
		return CLI_FAIL;
	}
	for (int i = optind; i < argc; i++) {
		errinfo_clear(&e);
		if (import_file(s, argv[i], &io, &counts, &e)) {
			cli_error(_("rejected %s"), e.msg);
			failed++;
		}
	}
	printf(_("imported %ld, updated %ld, unchanged %ld, rejected %ld\n"), counts.inserted,
	       counts.updated, counts.unchanged, counts.rejected);
	if (failed)
		printf(Q_("%d of %d file rejected; nothing from it was stored\n",
			  "%d of %d files rejected; nothing from them was stored\n", argc - optind),
		       failed, argc - optind);
	store_close(s);
	map_model_close(model);
	return failed ? CLI_FAIL : CLI_OK;
}

/* print_data_dictionary writes the open-data columns as Markdown (docs/open-data.md). */
static int print_data_dictionary(void)
{
	struct buf b;
	int rc;

	buf_init(&b, 0);
	rc = dd_markdown(&b);
	if (!rc)
		fputs(buf_cstr(&b), stdout);
	buf_cleanup(&b);
	return rc ? CLI_FAIL : CLI_OK;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
					     {"state", required_argument, NULL, 's'},
					     {"output", required_argument, NULL, 'o'},
					     {"data-dictionary", no_argument, NULL, 'd'},
					     {0}};
	struct store_filter f = {0};
	const char *out_path = NULL;
	char tmp_path[4096];
	struct errinfo e;
	struct store *s;
	FILE *out = stdout;
	long count = 0;
	int ch, fmt = EXPORT_JSONL, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (ch == 'f') {
			if ((fmt = export_format_parse(optarg)) < 0)
				return cli_usage_error(
				    "export", _("unknown format \"%s\": use jsonl, csv or xlsx"),
				    optarg);
		} else if (ch == 's') {
			if (parse_state("export", optarg, &f.state))
				return CLI_USAGE;
		} else if (ch == 'o') {
			out_path = optarg;
		} else if (ch == 'd') {
			return print_data_dictionary();
		} else {
			return cli_bad_option("export", argv, "o:");
		}
	}
	if (optind < argc)
		return cli_usage_error("export", _("unexpected argument \"%s\""), argv[optind]);
	if (fmt == EXPORT_XLSX && (!out_path || strcmp(out_path, "-") == 0))
		return cli_usage_error("export", _("--format xlsx needs -o FILE"));
	if (!(s = cli_open(cli, STORE_READONLY)))
		return CLI_FAIL;
	if (fmt == EXPORT_XLSX) {
		errinfo_clear(&e);
		rc = export_xlsx(s, &f, out_path, NULL, &count, &e);
		if (rc)
			cli_error(_("export failed: %s"), e.msg);
		else
			fprintf(stderr,
				Q_("exported %ld initiative to %s\n",
				   "exported %ld initiatives to %s\n", count),
				count, out_path);
		store_close(s);
		return rc ? CLI_FAIL : CLI_OK;
	}
	/*
	 * Write to a temporary file and rename, so a failed export leaves no half file; into a
	 * device or a pipe (-o /dev/stdout, a FIFO) straight, since a rename would replace it.
	 */
	if (out_path && strcmp(out_path, "-") != 0 && cli_special_file(out_path)) {
		if (!(out = fopen(out_path, "wb"))) {
			cli_error(_("cannot write %s: %s"), out_path, strerror(errno));
			store_close(s);
			return CLI_FAIL;
		}
		tmp_path[0] = '\0';
	} else if (out_path && strcmp(out_path, "-") != 0) {
		snprintf(tmp_path, sizeof tmp_path, "%s.tmp.%ld", out_path, (long)getpid());
		if (!(out = fopen(tmp_path, "wb"))) {
			cli_error(_("cannot write %s: %s"), out_path, strerror(errno));
			store_close(s);
			return CLI_FAIL;
		}
	}
	errinfo_clear(&e);
	rc = export_run(s, (enum export_format)fmt, &f, out, &count, &e);
	if (out != stdout) {
		if (fclose(out) != 0 && !rc)
			rc = errinfo_set(&e, ERR_IO, NULL, "%s", strerror(errno));
		if (!rc && tmp_path[0] && rename(tmp_path, out_path) != 0)
			rc = errinfo_set(&e, ERR_IO, NULL, "%s", strerror(errno));
		if (rc && tmp_path[0])
			unlink(tmp_path);
	}
	if (rc)
		cli_error(_("export failed: %s"), e.msg);
	else if (out != stdout)
		fprintf(stderr,
			Q_("exported %ld initiative to %s\n", "exported %ld initiatives to %s\n",
			   count),
			count, out_path);
	store_close(s);
	return rc ? CLI_FAIL : CLI_OK;
}
